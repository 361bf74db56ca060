/* SPDX-License-Identifier: Apache-2.0 */
/* XLSX workbooks through libxlsxwriter (xy_xlsx.h). */
#include "common/xy_xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "common/xy_alloc.h"

#define MAX_FORMATS 8

struct xy_xlsx {
    char path[512];
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *head;
    struct {
        char spec[32];
        lxw_format *f;
    } formats[MAX_FORMATS];
    size_t nformats;
    lxw_row_t row;
    int failed;
};

int xy_xlsx_open(struct xy_xlsx **out, struct xy_error *err)
{
    *out = NULL;
    struct xy_xlsx *x = xy_calloc(1, sizeof *x);
    if (!x)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    const char *dir = getenv("TMPDIR");
    snprintf(x->path, sizeof x->path, "%s/xinyong-XXXXXX.xlsx", dir && *dir ? dir : "/tmp");
    int fd = mkstemps(x->path, 5);
    if (fd < 0) {
        xy_free(x);
        return xy_error_set(err, XY_EIO, "无法创建临时文件 (cannot make a temporary file in %s)", dir && *dir ? dir : "/tmp");
    }
    close(fd);
    lxw_workbook_options o = {.constant_memory = LXW_FALSE, .tmpdir = dir && *dir ? (char *)dir : NULL};
    if (!(x->wb = workbook_new_opt(x->path, &o))) {
        xy_xlsx_free(x);
        return xy_error_set(err, XY_ENOMEM, "无法新建工作簿 (the workbook could not be started)");
    }
    x->head = workbook_add_format(x->wb);
    format_set_bold(x->head);
    format_set_bg_color(x->head, 0xDDE4EE);
    format_set_border(x->head, LXW_BORDER_THIN);
    *out = x;
    return XY_OK;
}

int xy_xlsx_sheet(struct xy_xlsx *x, const char *name, const char *const *head, const double *widths, size_t ncols)
{
    if (x->failed || !(x->ws = workbook_add_worksheet(x->wb, name)))
        return x->failed = XY_EINVAL;
    for (size_t c = 0; c < ncols; c++) {
        if (worksheet_write_string(x->ws, 0, (lxw_col_t)c, head[c], x->head) != LXW_NO_ERROR)
            return x->failed = XY_EINVAL;
        if (widths)
            worksheet_set_column(x->ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
    }
    worksheet_freeze_panes(x->ws, 1, 0);
    x->row = 1;
    return XY_OK;
}

static lxw_format *format_of(struct xy_xlsx *x, const char *spec)
{
    if (!spec)
        return NULL;
    for (size_t i = 0; i < x->nformats; i++)
        if (strcmp(x->formats[i].spec, spec) == 0)
            return x->formats[i].f;
    if (x->nformats == MAX_FORMATS || strlen(spec) >= sizeof x->formats[0].spec)
        return NULL;
    lxw_format *f = workbook_add_format(x->wb);
    format_set_num_format(f, spec);
    snprintf(x->formats[x->nformats].spec, sizeof x->formats[0].spec, "%s", spec);
    x->formats[x->nformats++].f = f;
    return f;
}

int xy_xlsx_text(struct xy_xlsx *x, size_t col, const char *text)
{
    if (x->failed || !x->ws)
        return x->failed = x->failed ? x->failed : XY_EINVAL;
    if (!text || !*text)
        return XY_OK;
    if (worksheet_write_string(x->ws, x->row, (lxw_col_t)col, text, NULL) != LXW_NO_ERROR)
        return x->failed = XY_EINVAL;
    return XY_OK;
}

int xy_xlsx_number(struct xy_xlsx *x, size_t col, double v, const char *num_format)
{
    if (x->failed || !x->ws)
        return x->failed = x->failed ? x->failed : XY_EINVAL;
    if (worksheet_write_number(x->ws, x->row, (lxw_col_t)col, v, format_of(x, num_format)) != LXW_NO_ERROR)
        return x->failed = XY_EINVAL;
    return XY_OK;
}

int xy_xlsx_row_end(struct xy_xlsx *x)
{
    if (x->failed)
        return x->failed;
    if (x->row >= LXW_ROW_MAX - 1)
        return x->failed = XY_ETOOBIG;
    x->row++;
    return XY_OK;
}

int xy_xlsx_finish(struct xy_xlsx *x, struct xy_buf *out, struct xy_error *err)
{
    int rc = x->failed;
    lxw_error e = workbook_close(x->wb);
    x->wb = NULL;
    if (rc) {
        xy_xlsx_free(x);
        return xy_error_set(err, rc, "无法向工作簿写入单元格 (a cell could not be written to the workbook)");
    }
    if (e != LXW_NO_ERROR) {
        xy_xlsx_free(x);
        return xy_error_set(err, XY_EIO, "无法写出工作簿 (the workbook could not be written): %s", lxw_strerror(e));
    }
    FILE *f = fopen(x->path, "rb");
    char chunk[65536];
    size_t n;
    rc = f ? XY_OK : XY_EIO;
    while (!rc && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        rc = xy_buf_add(out, chunk, n) ? XY_ENOMEM : XY_OK;
    if (f && !rc && ferror(f))
        rc = XY_EIO;
    if (f)
        fclose(f);
    xy_xlsx_free(x);
    return rc ? xy_error_set(err, rc, "无法读回工作簿 (the workbook could not be read back)") : XY_OK;
}

void xy_xlsx_free(struct xy_xlsx *x)
{
    if (!x)
        return;
    if (x->wb)
        workbook_close(x->wb); /* libxlsxwriter frees a workbook only by closing it */
    unlink(x->path);
    xy_free(x);
}
