/* SPDX-License-Identifier: Apache-2.0 */
/* Refused characters and name keys (text.h). NFKC comes from GNU libunistring (uninorm.h). */
#include "core/text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <uninorm.h>

#include "common/xy_buf.h"
#include "common/xy_error.h"
#include "common/xy_utf8.h"

enum xy_text_class xy_text_class(uint32_t c)
{
    if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || c == 0x2028 || c == 0x2029)
        return XY_TEXT_CONTROL;
    if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F ||
        c == 0x061C)
        return XY_TEXT_BIDI;
    if ((c >= 0x200B && c <= 0x200D) || (c >= 0x2060 && c <= 0x2064) || c == 0xFEFF)
        return XY_TEXT_INVISIBLE;
    return XY_TEXT_OK;
}

const char *xy_text_class_code(enum xy_text_class c)
{
    switch (c) {
    case XY_TEXT_CONTROL: return "control_char";
    case XY_TEXT_BIDI: return "bidi_char";
    case XY_TEXT_INVISIBLE: return "invisible_char";
    case XY_TEXT_OK: break;
    }
    return "";
}

enum xy_text_class xy_text_check(const char *p, size_t n, int long_text, uint32_t *cp, size_t *pos)
{
    const char *s = p, *end = p + n;
    size_t i = 0;
    while (s < end) {
        uint32_t c = xy_utf8_next(&s, end);
        i++;
        if (long_text && (c == '\t' || c == '\n' || c == '\r'))
            continue;
        enum xy_text_class k = xy_text_class(c);
        if (k != XY_TEXT_OK) {
            *cp = c;
            *pos = i;
            return k;
        }
    }
    return XY_TEXT_OK;
}

int xy_text_escape(const char *p, size_t n, struct xy_buf *out)
{
    const char *s = p, *end = p + n, *run = p;
    int rc = XY_OK;
    while (s < end && !rc) {
        const char *at = s;
        uint32_t c = xy_utf8_next(&s, end);
        if (c == '\t' || c == '\n' || c == '\r' || xy_text_class(c) == XY_TEXT_OK)
            continue;
        rc = xy_buf_add(out, run, (size_t)(at - run));
        if (!rc)
            rc = xy_buf_printf(out, "\\u%04X", (unsigned)c);
        run = s;
    }
    if (!rc)
        rc = xy_buf_add(out, run, (size_t)(end - run));
    return rc;
}

int xy_name_key(const char *name, size_t n, uint32_t *cps, size_t max, size_t *ncps)
{
    uint8_t buf[2048];
    size_t len = sizeof buf;
    *ncps = 0;
    /* NFKC of a 200-character name fits the buffer; libunistring allocates (malloc) when not. */
    uint8_t *norm = xy_utf8_valid(name, n) ? u8_normalize(UNINORM_NFKC, (const uint8_t *)name, n, buf, &len) : NULL;
    if (!norm && xy_utf8_valid(name, n) && errno == ENOMEM)
        return -1;
    const char *p = norm ? (const char *)norm : name, *end = norm ? p + len : name + n;
    while (p < end && *ncps < max) {
        uint32_t c = xy_utf8_next(&p, end);
        if (!norm && c >= 0xFF01 && c <= 0xFF5E)
            c -= 0xFEE0; /* invalid UTF-8: the full-width ASCII fold only */
        if (c >= 'A' && c <= 'Z')
            c += 32;
        if (c == ' ' || c == 0x3000 || c == 0xA0 || xy_text_class(c) != XY_TEXT_OK)
            continue;
        cps[(*ncps)++] = c;
    }
    if (norm && norm != buf)
        free(norm);
    return 0;
}

int xy_name_same(const char *a, const char *b)
{
    uint32_t ka[XY_NAME_KEY_MAX], kb[XY_NAME_KEY_MAX];
    size_t na, nb;
    if (strcmp(a, b) == 0)
        return 1;
    if (xy_name_key(a, strlen(a), ka, XY_NAME_KEY_MAX, &na) || xy_name_key(b, strlen(b), kb, XY_NAME_KEY_MAX, &nb))
        return -1;
    return na == nb && memcmp(ka, kb, na * sizeof *ka) == 0;
}
