/* SPDX-License-Identifier: Apache-2.0 */
/* Shared CLI helpers. */
#include "cli/util.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/i18n.h"
#include "common/xy_alloc.h"
#include "common/xy_buf.h"
#include "common/xy_utf8.h"
#include "core/text.h"

int xy_cli_read_file(const char *path, size_t max, char **data, size_t *len, struct xy_error *err)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0;
    *data = NULL;
    if (!f)
        return xy_error_set(err, XY_EIO, _("cannot open %s: %s"), path, strerror(errno));
    for (;;) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 65536;
            if (ncap > max + 1)
                ncap = max + 1;
            if (ncap <= n) {
                fclose(f);
                xy_free(buf);
                return xy_error_set(err, XY_ETOOBIG, _("%s is larger than %zu bytes"), path, max);
            }
            char *nb = xy_realloc(buf, ncap + 1);
            if (!nb) {
                fclose(f);
                xy_free(buf);
                return xy_error_set(err, XY_ENOMEM, _("out of memory reading %s"), path);
            }
            buf = nb;
            cap = ncap;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        xy_free(buf);
        return xy_error_set(err, XY_EIO, _("cannot read %s"), path);
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return XY_OK;
}

struct xy_app *xy_cli_open(const char *cmd)
{
    struct xy_app *app = NULL;
    struct xy_error err = {0};
    if (xy_app_open(xy_cli_db_path(), xy_cli_clock(), &app, &err)) {
        xy_cli_error(cmd, "%s", err.msg);
        return NULL;
    }
    return app;
}

/* The width of the well-formed UTF-8 character at s[i], or 0. */
static size_t utf8_width(const unsigned char *s, size_t i)
{
    size_t w = s[i] >= 0xC2 && s[i] <= 0xDF ? 2 : s[i] >= 0xE0 && s[i] <= 0xEF ? 3 : s[i] >= 0xF0 && s[i] <= 0xF4 ? 4 : 0;
    for (size_t k = 1; k < w; k++)
        if (!s[i + k])
            return 0;
    return w && xy_utf8_valid((const char *)s + i, w) ? w : 0;
}

/* Appends s to b escaped; json: only the code points JSON leaves raw (jansson escapes the C0 ones,
 * quotes and backslashes itself, and its output is valid UTF-8), as \uXXXX. */
static int escape(struct xy_buf *b, const char *str, int json)
{
    const unsigned char *s = (const unsigned char *)str;
    int rc = 0;
    for (size_t i = 0; s[i] && !rc;) {
        unsigned char c = s[i];
        if (c < 0x80) {
            if (json && c != 0x7F)
                rc = xy_buf_addc(b, (char)c);
            else if (c == '\\')
                rc = xy_buf_addz(b, "\\\\");
            else if (c == '\t')
                rc = xy_buf_addz(b, "\\t");
            else if (c == '\n')
                rc = xy_buf_addz(b, "\\n");
            else if (c == '\r')
                rc = xy_buf_addz(b, "\\r");
            else if (c < 0x20 || c == 0x7F)
                rc = json ? xy_buf_printf(b, "\\u%04X", c) : xy_buf_printf(b, "\\x%02X", c);
            else
                rc = xy_buf_addc(b, (char)c);
            i++;
            continue;
        }
        size_t w = utf8_width(s, i);
        if (!w) { /* not UTF-8: the byte itself, escaped */
            rc = xy_buf_printf(b, "\\x%02X", c);
            i++;
            continue;
        }
        const char *p = (const char *)s + i;
        uint32_t cp = xy_utf8_next(&p, p + w);
        if (xy_text_class(cp) != XY_TEXT_OK)
            rc = xy_buf_printf(b, "\\u%04X", (unsigned)cp);
        else
            rc = xy_buf_add(b, s + i, w);
        i += w;
    }
    return rc;
}

const char *xy_cli_text(const char *s)
{
    static struct xy_buf ring[8];
    static unsigned next;
    struct xy_buf *b = &ring[next++ % 8];
    if (!b->max)
        xy_buf_init(b, 64u << 20);
    xy_buf_reset(b);
    if (escape(b, s ? s : "", 0))
        return "?";
    return xy_buf_str(b);
}

int xy_cli_pad(const char *s, int width)
{
    int cells = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p & 0xC0) == 0x80)
            continue; /* a continuation byte */
        /* From U+3000 on (lead byte E3 and up): CJK, full-width forms, two cells each. */
        cells += *p >= 0xE3 ? 2 : 1;
    }
    return cells < width ? width - cells : 0;
}

void xy_cli_dump_json(const json_t *v, size_t flags)
{
    char *s = json_dumps(v, flags);
    struct xy_buf b;
    xy_buf_init(&b, SIZE_MAX / 2);
    if (s && escape(&b, s, 1) == XY_OK)
        fputs(xy_buf_str(&b), stdout);
    xy_buf_release(&b);
    xy_free(s);
}

void xy_cli_print_json(const json_t *v, int indent)
{
    xy_cli_dump_json(v, (indent ? JSON_INDENT(indent) : JSON_COMPACT) | JSON_PRESERVE_ORDER);
    fputc('\n', stdout);
}
