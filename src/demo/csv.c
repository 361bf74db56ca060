/* SPDX-License-Identifier: Apache-2.0 */
/* The demo generator's CSV writer: a row under construction formatted with RFC 4180 quoting, and
 * the output files it goes to (one per department and class, buffered). Rows are built in a fixed
 * arena and written without any allocation per row: a million subjects is a few million rows. */
#include "demo/demo_int.h"

#include <errno.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "common/xy_alloc.h"

static bool needs_quote(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (c == ',' || c == '"' || c == '\r' || c == '\n')
            return true;
    }
    return false;
}

size_t xy_demo_row_format(const struct row *r, char *line)
{
    size_t n = 0;
    for (int i = 0; i < r->ncols; i++) {
        const char *p = r->txt + r->off[i];
        size_t len = r->len[i];
        if (i)
            line[n++] = ',';
        if (len && needs_quote(p, len)) {
            line[n++] = '"';
            for (size_t k = 0; k < len; k++) {
                if (p[k] == '"')
                    line[n++] = '"';
                line[n++] = p[k];
            }
            line[n++] = '"';
        } else if (len) {
            memcpy(line + n, p, len);
            n += len;
        }
    }
    line[n++] = '\r';
    line[n++] = '\n';
    return n;
}

int xy_demo_io_fail(struct gen *g, const char *what)
{
    if (g->rc == XY_OK)
        g->rc = xy_error_set(g->err, XY_EIO, "cannot write %s: %s", what, strerror(errno));
    return g->rc;
}

int xy_demo_make_dir(struct gen *g, const char *path)
{
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        return xy_demo_io_fail(g, path);
    return XY_OK;
}

int xy_demo_set_path(struct gen *g, const char *rel)
{
    int n = snprintf(g->path, sizeof g->path, "%s/%s", g->o->out_dir, rel);
    if (n < 0 || (size_t)n >= sizeof g->path) {
        if (g->rc == XY_OK)
            g->rc =
                xy_error_set(g->err, XY_EINVAL, "output path too long: %s/%s", g->o->out_dir, rel);
        return g->rc;
    }
    return XY_OK;
}

#define FILE_BUF (256 * 1024)

int xy_demo_open_csv(struct gen *g, struct out_file *of, const char *path, int cls)
{
    of->f = fopen(path, "wb");
    if (!of->f)
        return xy_demo_io_fail(g, path);
    of->buf = xy_malloc(FILE_BUF);
    if (of->buf)
        setvbuf(of->f, of->buf, _IOFBF, FILE_BUF);
    const struct class_shape *sh = &xy_demo_shapes[cls];
    for (int i = 0; i < sh->ncols; i++) {
        if (i)
            fputc(',', of->f);
        fputs(sh->hdr[i], of->f);
    }
    fputs("\r\n", of->f);
    return XY_OK;
}

int xy_demo_close_csv(struct gen *g, struct out_file *of, const char *what)
{
    int rc = XY_OK;
    if (of->f) {
        int bad = ferror(of->f);
        if (fclose(of->f) != 0)
            bad = 1;
        if (bad)
            rc = xy_demo_io_fail(g, what);
        of->f = NULL;
    }
    xy_free(of->buf);
    of->buf = NULL;
    return rc;
}

struct out_file *xy_demo_dept_file(struct gen *g, int dept, int cls)
{
    struct out_file *of = &g->files[dept][cls];
    if (of->f || g->rc != XY_OK)
        return of->f ? of : NULL;
    char rel[64];
    snprintf(rel, sizeof rel, "%s", g->dept_code[dept]);
    if (xy_demo_set_path(g, rel) || xy_demo_make_dir(g, g->path))
        return NULL;
    snprintf(rel, sizeof rel, "%s/%s.csv", g->dept_code[dept], xy_demo_class_names[cls]);
    if (xy_demo_set_path(g, rel) || xy_demo_open_csv(g, of, g->path, cls))
        return NULL;
    return of;
}

void xy_demo_write_row(struct gen *g, struct out_file *of, int cls)
{
    if (!of)
        return;
    size_t n = xy_demo_row_format(&g->row, g->line);
    if (fwrite(g->line, 1, n, of->f) != n)
        xy_demo_io_fail(g, xy_demo_class_names[cls]);
    of->rows++;
    g->rows[cls]++;
}

int xy_demo_write_whole(struct gen *g, const char *rel, const char *data, size_t n)
{
    if (xy_demo_set_path(g, rel))
        return g->rc;
    FILE *f = fopen(g->path, "wb");
    if (!f)
        return xy_demo_io_fail(g, g->path);
    size_t w = fwrite(data, 1, n, f);
    int bad = w != n || ferror(f);
    if (fclose(f) != 0 || bad)
        return xy_demo_io_fail(g, g->path);
    return XY_OK;
}
