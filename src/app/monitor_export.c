/* SPDX-License-Identifier: Apache-2.0 */
/* The month's report as CSV (one line per figure, every cell through xy_csv) and as an XLSX
 * workbook (libxlsxwriter): the layout the office sends on, a sheet per category. Both read the
 * document xy_month_json gives, so that every format shows the same figures. */
#include "app/monitor.h"

#include <stdio.h>
#include <string.h>

#include <xlsxwriter.h>

#include "common/xy_csv.h"

static const char *S(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

/* The value of a figure as CSV text: integers as they are, fractions to 4 places, "" for none. */
static void value_text(const json_t *v, char *out, size_t size)
{
    if (json_is_integer(v))
        snprintf(out, size, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v))
        snprintf(out, size, "%.4f", json_real_value(v));
    else
        out[0] = '\0';
}

static int csv_line(struct xy_buf *out, const char *const *cells, int n)
{
    int rc = XY_OK;
    for (int i = 0; !rc && i < n; i++) {
        if (i)
            rc = xy_buf_addc(out, ',');
        if (!rc)
            rc = xy_csv_cellz(out, cells[i]);
    }
    return rc ? rc : xy_buf_add(out, "\r\n", 2);
}

/* One line per column of a row of category c, at one level. */
static int csv_row(struct xy_buf *out, const json_t *c, const char *level, const char *unit, const char *unit_name,
                   const char *region, const char *key, const json_t *vals)
{
    size_t i;
    json_t *col;
    char no[8];
    snprintf(no, sizeof no, "%d", (int)json_integer_value(json_object_get(c, "no")));
    json_array_foreach(json_object_get(c, "columns"), i, col)
    {
        if (!strcmp(S(col, "kind"), "hidden"))
            continue;
        char v[48];
        value_text(json_object_get(vals, S(col, "key")), v, sizeof v);
        const char *cells[] = {no,   S(c, "name_zh"), level,         unit,           unit_name,      region,
                               key,  S(col, "key"),   S(col, "name_zh"), S(col, "unit"), v};
        int rc = csv_line(out, cells, 11);
        if (rc)
            return rc;
    }
    return XY_OK;
}

/* One line per target of a category: level "目标", the target as a fraction. */
static int csv_targets(struct xy_buf *out, const json_t *c)
{
    const char *k;
    json_t *t;
    char no[8];
    snprintf(no, sizeof no, "%d", (int)json_integer_value(json_object_get(c, "no")));
    json_object_foreach(json_object_get(c, "targets"), k, t)
    {
        char v[48];
        value_text(json_object_get(t, "value"), v, sizeof v);
        const char *cells[] = {no, S(c, "name_zh"), "目标", "", !strcmp(S(t, "cmp"), "below") ? "低于" : "不低于",
                               "420100", "", k, "目标值", "%", v};
        int rc = csv_line(out, cells, 11);
        if (rc)
            return rc;
    }
    return XY_OK;
}

int xy_month_csv(const json_t *doc, struct xy_buf *out, struct xy_error *err)
{
    static const char *const head[] = {"类别", "类别名称", "层级", "单位代码", "单位名称", "区划", "项目",
                                       "指标", "指标名称", "计量单位", "数值"};
    int rc = csv_line(out, head, 11);
    size_t i, k;
    json_t *c, *r;
    json_array_foreach(json_object_get(doc, "categories"), i, c)
    {
        json_array_foreach(json_object_get(c, "rows"), k, r)
        {
            if (!rc)
                rc = csv_row(out, c, "部门", S(r, "dept"), S(r, "dept_name"), S(r, "region"), S(r, "key"),
                             json_object_get(r, "values"));
        }
        json_array_foreach(json_object_get(c, "districts"), k, r)
        {
            if (!rc)
                rc = csv_row(out, c, "区", S(r, "region"), S(r, "region_name"), S(r, "region"), S(r, "key"),
                             json_object_get(r, "values"));
        }
        json_array_foreach(json_object_get(c, "total"), k, r)
        {
            if (!rc)
                rc = csv_row(out, c, "全市", "", "全市", "420100", S(r, "key"), json_object_get(r, "values"));
        }
        if (!rc && json_object_get(c, "city"))
            rc = csv_row(out, c, "全市合计", "", "全市合计", "420100", "", json_object_get(c, "city"));
        if (!rc && json_object_get(c, "targets")) /* what a rate is judged against (category 8, 14, 15) */
            rc = csv_targets(out, c);
    }
    return rc ? xy_error_set(err, rc, "CSV 超出内存上限 (the CSV does not fit in memory)") : XY_OK;
}

/* ---- XLSX ----------------------------------------------------------------------------------------- */

struct book {
    lxw_workbook *wb;
    lxw_format *title, *head, *text, *count, *pct, *mean, *bold_count, *bold_pct, *bold_mean, *bold_text;
};

static lxw_format *fmt(lxw_workbook *wb, const char *num, int bold, int head)
{
    lxw_format *f = workbook_add_format(wb);
    if (num)
        format_set_num_format(f, num);
    if (bold)
        format_set_bold(f);
    if (head) {
        format_set_bold(f);
        format_set_text_wrap(f);
        format_set_align(f, LXW_ALIGN_CENTER);
        format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
        format_set_bg_color(f, 0xDDEBF7);
    }
    format_set_border(f, LXW_BORDER_THIN);
    return f;
}

/* Writes one row of figures from column 4 on. */
static void xlsx_values(struct book *b, lxw_worksheet *ws, lxw_row_t row, const json_t *c, const json_t *vals,
                        int bold)
{
    size_t i;
    json_t *col;
    lxw_col_t x = 4;
    json_array_foreach(json_object_get(c, "columns"), i, col)
    {
        const char *kind = S(col, "kind");
        if (!strcmp(kind, "hidden"))
            continue;
        json_t *v = json_object_get(vals, S(col, "key"));
        lxw_format *f = !strcmp(kind, "rate")   ? (bold ? b->bold_pct : b->pct)
                        : !strcmp(kind, "mean") ? (bold ? b->bold_mean : b->mean)
                                                : (bold ? b->bold_count : b->count);
        if (json_is_number(v))
            worksheet_write_number(ws, row, x, json_number_value(v), f);
        else
            worksheet_write_string(ws, row, x, "—", f);
        x++;
    }
}

static void xlsx_text_row(struct book *b, lxw_worksheet *ws, lxw_row_t row, const char *a, const char *bb,
                          const char *c, const char *d, int bold)
{
    lxw_format *f = bold ? b->bold_text : b->text;
    worksheet_write_string(ws, row, 0, a, f);
    worksheet_write_string(ws, row, 1, bb, f);
    worksheet_write_string(ws, row, 2, c, f);
    worksheet_write_string(ws, row, 3, d, f);
}

static void xlsx_category(struct book *b, const json_t *doc, const json_t *c)
{
    char name[32], title[256];
    int no = (int)json_integer_value(json_object_get(c, "no"));
    snprintf(name, sizeof name, "%d", no); /* sheet names: the number and the Chinese name, within 31 characters */
    char sheet[96];
    snprintf(sheet, sizeof sheet, "%s %s", name, S(c, "name_zh"));
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, sheet);
    if (!ws)
        ws = workbook_add_worksheet(b->wb, name);
    if (!ws)
        return;
    snprintf(title, sizeof title, "%s %s（%s）", S(doc, "month"), S(c, "name_zh"), S(c, "name_en"));
    worksheet_write_string(ws, 0, 0, title, b->title);
    const json_t *rk = json_object_get(c, "row_key");
    for (int i = 0; i < 4; i++)
        worksheet_write_string(ws, 1, (lxw_col_t)i, i == 0 ? "层级" : i == 1 ? "单位" : i == 2 ? "区划"
                                                    : json_is_object(rk) ? S(rk, "name_zh") : "项目", b->head);
    worksheet_write_string(ws, 2, 0, "level", b->head);
    worksheet_write_string(ws, 2, 1, "unit", b->head);
    worksheet_write_string(ws, 2, 2, "region", b->head);
    worksheet_write_string(ws, 2, 3, json_is_object(rk) ? S(rk, "name_en") : "item", b->head);
    size_t i, k;
    json_t *col, *r;
    lxw_col_t x = 4;
    json_array_foreach(json_object_get(c, "columns"), i, col)
    {
        if (!strcmp(S(col, "kind"), "hidden"))
            continue;
        char h[160];
        snprintf(h, sizeof h, "%s（%s）", S(col, "name_zh"), S(col, "unit"));
        worksheet_write_string(ws, 1, x, h, b->head);
        worksheet_write_string(ws, 2, x, S(col, "name_en"), b->head);
        worksheet_set_column(ws, x, x, 14, NULL);
        x++;
    }
    worksheet_set_column(ws, 0, 0, 10, NULL);
    worksheet_set_column(ws, 1, 1, 34, NULL);
    worksheet_set_column(ws, 2, 3, 16, NULL);
    worksheet_set_row(ws, 1, 36, NULL);
    worksheet_freeze_panes(ws, 3, 2);
    lxw_row_t row = 3;
    if (json_object_get(c, "note")) {
        worksheet_write_string(ws, row++, 0, S(c, "note"), b->text);
        return;
    }
    json_array_foreach(json_object_get(c, "rows"), k, r)
    {
        char unit[256];
        snprintf(unit, sizeof unit, "%s%s%s", *S(r, "dept_name") ? S(r, "dept_name") : *S(r, "dept") ? S(r, "dept")
                                                                                             : "平台",
                 *S(r, "dept_name") ? " " : "", *S(r, "dept_name") ? S(r, "dept") : "");
        xlsx_text_row(b, ws, row, "部门", unit, S(r, "region"), S(r, "key"), 0);
        xlsx_values(b, ws, row++, c, json_object_get(r, "values"), 0);
    }
    json_array_foreach(json_object_get(c, "districts"), k, r)
    {
        xlsx_text_row(b, ws, row, "区", S(r, "region_name"), S(r, "region"), S(r, "key"), 0);
        xlsx_values(b, ws, row++, c, json_object_get(r, "values"), 0);
    }
    json_array_foreach(json_object_get(c, "total"), k, r)
    {
        xlsx_text_row(b, ws, row, "全市", "全市", "420100", S(r, "key"), 1);
        xlsx_values(b, ws, row++, c, json_object_get(r, "values"), 1);
    }
    if (json_object_get(c, "city")) {
        xlsx_text_row(b, ws, row, "合计", "全市合计", "420100", "", 1);
        xlsx_values(b, ws, row++, c, json_object_get(c, "city"), 1);
    }
    json_t *tg = json_object_get(c, "targets");
    if (tg) { /* the targets a rate is shown against, in the rate's column */
        xlsx_text_row(b, ws, row, "目标", "目标值 (target)", "420100", "", 0);
        lxw_col_t tx = 4;
        json_array_foreach(json_object_get(c, "columns"), i, col)
        {
            if (!strcmp(S(col, "kind"), "hidden"))
                continue;
            json_t *t = json_object_get(json_object_get(tg, S(col, "key")), "value");
            if (json_is_number(t))
                worksheet_write_number(ws, row, tx, json_number_value(t), b->pct);
            tx++;
        }
    }
}

int xy_month_xlsx(const json_t *doc, const char *path, struct xy_error *err)
{
    struct book b = {0};
    if (!(b.wb = workbook_new(path)))
        return xy_error_set(err, XY_EIO, "无法创建 %1$s (cannot create %1$s)", path);
    b.title = workbook_add_format(b.wb);
    format_set_bold(b.title);
    format_set_font_size(b.title, 14);
    b.head = fmt(b.wb, NULL, 0, 1);
    b.text = fmt(b.wb, NULL, 0, 0);
    b.bold_text = fmt(b.wb, NULL, 1, 0);
    b.count = fmt(b.wb, "#,##0", 0, 0);
    b.bold_count = fmt(b.wb, "#,##0", 1, 0);
    b.pct = fmt(b.wb, "0.00%", 0, 0);
    b.bold_pct = fmt(b.wb, "0.00%", 1, 0);
    b.mean = fmt(b.wb, "0.00", 0, 0);
    b.bold_mean = fmt(b.wb, "0.00", 1, 0);

    /* the cover: which month, in which state, by which rules */
    lxw_worksheet *ws = workbook_add_worksheet(b.wb, "说明");
    char line[160];
    snprintf(line, sizeof line, "信用武汉 %s 月报（12 类） (Credit Wuhan monthly report, 12 categories)", S(doc, "month"));
    worksheet_write_string(ws, 0, 0, line, b.title);
    const char *labels[][2] = {{"月份 (month)", "month"},         {"状态 (state)", "state"},
                               {"结账时间 (closed at)", "closed_at"}, {"报送截止 (due)", "due"},
                               {"规则版本 (rules)", "rules"}};
    for (int i = 0; i < 5; i++) {
        worksheet_write_string(ws, (lxw_row_t)(2 + i), 0, labels[i][0], b.head);
        worksheet_write_string(ws, (lxw_row_t)(2 + i), 1, S(doc, labels[i][1]), b.text);
    }
    worksheet_write_string(ws, 7, 0, "未申报部门 (not declared)", b.head);
    worksheet_write_number(ws, 7, 1, (double)json_array_size(json_object_get(doc, "not_declared")), b.count);
    worksheet_set_column(ws, 0, 0, 28, NULL);
    worksheet_set_column(ws, 1, 1, 40, NULL);

    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(doc, "categories"), i, c) xlsx_category(&b, doc, c);
    lxw_error e = workbook_close(b.wb);
    if (e != LXW_NO_ERROR)
        return xy_error_set(err, XY_EIO, "无法写入 %1$s (cannot write %1$s): %2$s", path, lxw_strerror(e));
    return XY_OK;
}
