/* SPDX-License-Identifier: Apache-2.0 */
/* Shared CLI helpers. */
#include "cli/util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "common/xy_alloc.h"

int xy_cli_read_file(const char *path, size_t max, char **data, size_t *len, struct xy_error *err)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0;
    *data = NULL;
    if (!f)
        return xy_error_set(err, XY_EIO, "cannot open %s: %s", path, strerror(errno));
    for (;;) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 65536;
            if (ncap > max + 1)
                ncap = max + 1;
            if (ncap <= n) {
                fclose(f);
                xy_free(buf);
                return xy_error_set(err, XY_ETOOBIG, "%s is larger than %zu bytes", path, max);
            }
            char *nb = xy_realloc(buf, ncap + 1);
            if (!nb) {
                fclose(f);
                xy_free(buf);
                return xy_error_set(err, XY_ENOMEM, "out of memory reading %s", path);
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
        return xy_error_set(err, XY_EIO, "cannot read %s", path);
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

void xy_cli_print_json(const json_t *v, int indent)
{
    char *s = json_dumps(v, (indent ? JSON_INDENT(indent) : JSON_COMPACT) | JSON_PRESERVE_ORDER);
    if (s) {
        fputs(s, stdout);
        fputc('\n', stdout);
        xy_free(s);
    }
}
