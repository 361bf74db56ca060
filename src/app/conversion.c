/* SPDX-License-Identifier: Apache-2.0 */
/* The code conversion register (conversion.h): a registration authority's list read with libcsv,
 * checked row by row (core/conversion.h) and stored in one transaction; the register judged as of an
 * instant for category 8, for the figures as of now and for a department's list of what it still has
 * to convert. */
#include "app/conversion.h"

#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit.h"
#include "app/monitor.h"
#include "app/monitor_int.h"
#include "common/xy_alloc.h"
#include "common/xy_csv.h"
#include "common/xy_utf8.h"
#include "core/conversion.h"
#include "core/uscc.h"

#define NCOLS 6
#define FIELD_MAX 1024 /* bytes of one cell */
#define MAX_FIELDS 32

enum { COL_AUTHORITY, COL_ORGCODE, COL_REGNO, COL_NAME, COL_REGISTERED, COL_USCC };
static const char *const col_en[NCOLS] = {"authority", "old_code", "reg_no", "name", "registered_on", "uscc"};
static const char *const col_zh[NCOLS] = {"登记管理部门", "组织机构代码", "注册号", "名称", "登记日期", "统一社会信用代码"};

/* The department a request is about: a department key's own; the office, auditor and operator the
 * one named (or all when none is named and all is allowed). OUT: *id (0: all), code. */
static int dept_of(struct xy_app *app, const struct xy_principal *by, const char *named, int all_ok, int64_t *id,
                   char code[19], struct xy_error *err)
{
    *id = 0;
    code[0] = '\0';
    if (by->role == XY_ROLE_DEPARTMENT) {
        if (named && *named && strcmp(named, by->dept_uscc))
            return xy_error_set(err, XY_EDENIED, "部门只能查看本部门的登记名单 (a department sees its own list only)");
        *id = by->dept_id;
        snprintf(code, 19, "%s", by->dept_uscc);
        return XY_OK;
    }
    if (by->role != XY_ROLE_OFFICE && by->role != XY_ROLE_OPERATOR && !(all_ok && by->role == XY_ROLE_AUDITOR))
        return xy_error_set(err, XY_EDENIED, "无权使用代码转换登记簿 (not allowed to use the conversion register)");
    if ((!named || !*named) && all_ok)
        return XY_OK;
    struct xy_id_result res;
    if (!named || xy_uscc_check(named, strlen(named), &res) != XY_ID_OK || res.placeholder)
        return xy_error_set(err, XY_EINVAL, "须以统一社会信用代码指定登记管理部门 (name the registration authority's "
                            "department by its unified social credit code)");
    snprintf(code, 19, "%.18s", res.normalized);
    return app->store->ops->dept_get(app->store, code, id, NULL, 0, err);
}

/* ---- import ---------------------------------------------------------------------------------------- */

struct reader {
    struct xy_app *app;
    int64_t dept_id;
    const char *now;
    struct xy_error *err;
    int rc;
    long row; /* data rows seen */
    int header_done;
    int map[MAX_FIELDS]; /* column -> COL_*, -1 ignored */
    char *cells[MAX_FIELDS];
    size_t nf;
    int too_long;
    json_t *idents; /* set of idents seen in this list */
    json_t *rejects;
    long accepted, rejected, added, updated, unchanged;
};

static void cell(void *s, size_t len, void *ctx)
{
    struct reader *r = ctx;
    if (r->nf >= MAX_FIELDS) {
        r->nf++;
        return;
    }
    char *v = xy_malloc(len > FIELD_MAX ? 1 : len + 1);
    if (!v) {
        r->rc = xy_error_set(r->err, XY_ENOMEM, "out of memory");
        return;
    }
    if (len > FIELD_MAX) {
        r->too_long = 1;
        len = 0;
    }
    memcpy(v, s, len);
    v[len] = '\0';
    /* trim spaces Excel leaves */
    size_t a = 0, b = len;
    while (a < b && (v[a] == ' ' || v[a] == '\t'))
        a++;
    while (b > a && (v[b - 1] == ' ' || v[b - 1] == '\t' || v[b - 1] == '\r'))
        b--;
    memmove(v, v + a, b - a);
    v[b - a] = '\0';
    r->cells[r->nf++] = v;
}

static void reject(struct reader *r, const char *field, const char *reason)
{
    r->rejected++;
    if (json_array_size(r->rejects) < XY_CONV_MAX_REJECTS)
        json_array_append_new(r->rejects, json_pack("{s:I, s:s, s:s}", "row", (json_int_t)r->row, "field", field,
                                                    "reason", reason));
}

static void header(struct reader *r)
{
    int seen[NCOLS] = {0};
    for (size_t c = 0; c < r->nf && c < MAX_FIELDS; c++) {
        const char *h = r->cells[c];
        if (c == 0 && !strncmp(h, "\xEF\xBB\xBF", 3))
            h += 3;
        r->map[c] = -1;
        if (!*h)
            continue;
        int k = -1;
        for (int i = 0; i < NCOLS; i++)
            if (!strcmp(h, col_en[i]) || !strcmp(h, col_zh[i]))
                k = i;
        if (k < 0 || seen[k]) {
            r->rc = xy_error_set(r->err, XY_EINVAL, "表头第 %zu 列“%.*s”%s (header column %zu: %s; columns are "
                                 "authority, old_code, reg_no, name, registered_on, uscc)", c + 1, xy_utf8_cut(h, 60), h,
                                 k < 0 ? "不是登记名单的列" : "重复", c + 1, k < 0 ? "unknown" : "given twice");
            return;
        }
        seen[k] = 1;
        r->map[c] = k;
    }
    for (int i = 0; i <= COL_NAME; i++)
        if (!seen[i]) {
            r->rc = xy_error_set(r->err, XY_EINVAL, "表头缺少“%s”列 (the header has no %s column)", col_zh[i], col_en[i]);
            return;
        }
    r->header_done = 1;
}

static void store_row(struct reader *r)
{
    const char *v[NCOLS] = {0};
    for (size_t c = 0; c < r->nf && c < MAX_FIELDS; c++) {
        if (r->map[c] >= 0)
            v[r->map[c]] = r->cells[c];
        else if (*r->cells[c]) {
            reject(r, "-", "无表头的列有内容 (a column without a header has a value)");
            return;
        }
    }
    if (r->nf > MAX_FIELDS) {
        reject(r, "-", "列数过多 (too many columns)");
        return;
    }
    if (r->too_long) {
        reject(r, "-", "单元格超过 1024 字节 (a cell over 1,024 bytes)");
        return;
    }
    struct xy_conv_input in = {v[COL_AUTHORITY], v[COL_ORGCODE], v[COL_REGNO], v[COL_NAME], v[COL_REGISTERED],
                               v[COL_USCC]};
    struct xy_conv_row row;
    struct xy_error e = {0};
    const char *field = "-";
    if (xy_conv_row_check(&in, &row, &field, &e)) {
        reject(r, field, e.msg);
        return;
    }
    /* the registration number identifies an entity in its list; without one, the code with the name */
    char ident[XY_CONV_NAME_MAX * 4 + 32];
    if (row.regno[0])
        snprintf(ident, sizeof ident, "R:%s", row.regno);
    else
        snprintf(ident, sizeof ident, "O:%s:%s", row.orgcode, row.name);
    if (json_object_get(r->idents, ident)) {
        reject(r, row.regno[0] ? "reg_no" : "old_code", "同一实体在本名单中重复出现 (the same entity appears twice in "
                                                        "this list)");
        return;
    }
    json_object_set_new(r->idents, ident, json_true());
    struct xy_conv_put p = {r->dept_id, ident, row.authority, row.orgcode, row.regno, row.name, row.registered,
                            row.uscc};
    int outcome = 0;
    if ((r->rc = r->app->store->ops->conv_put(r->app->store, &p, r->now, &outcome, r->err)))
        return;
    r->accepted++;
    if (outcome == 1)
        r->added++;
    else if (outcome == 2)
        r->updated++;
    else
        r->unchanged++;
}

static void end_row(int c, void *ctx)
{
    (void)c;
    struct reader *r = ctx;
    int any = 0;
    for (size_t i = 0; i < r->nf && i < MAX_FIELDS; i++)
        any |= r->cells[i][0] != '\0';
    if (!r->rc && any) {
        if (!r->header_done)
            header(r);
        else if (++r->row > XY_CONV_MAX_ROWS)
            r->rc = xy_error_set(r->err, XY_ETOOBIG, "名单超过 %ld 行 (the list has more than %ld rows)",
                                 XY_CONV_MAX_ROWS, XY_CONV_MAX_ROWS);
        else
            store_row(r);
    }
    for (size_t i = 0; i < r->nf && i < MAX_FIELDS; i++)
        xy_free(r->cells[i]);
    r->nf = 0;
    r->too_long = 0;
}

int xy_conv_import(struct xy_app *app, const struct xy_principal *by, const char *dept_uscc, const char *text,
                   size_t len, json_t **out, struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct reader r = {.app = app, .err = err};
    char code[19], now[32], object[40];
    struct csv_parser p;
    int rc;
    *out = NULL;
    if (by->role == XY_ROLE_DEPARTMENT)
        return xy_error_set(err, XY_EDENIED, "登记名单由信用办导入 (the office imports the lists)");
    if ((rc = dept_of(app, by, dept_uscc, 0, &r.dept_id, code, err)))
        return rc;
    if (len > XY_CONV_MAX_BYTES)
        return xy_error_set(err, XY_ETOOBIG, "名单超过 64 MiB (the list is over 64 MiB)");
    if (!xy_utf8_valid(text, len) || memchr(text, '\0', len))
        return xy_error_set(err, XY_EINVAL, "名单须为 UTF-8 编码的 CSV (the list must be UTF-8 CSV; save it as CSV UTF-8)");
    if (csv_init(&p, CSV_APPEND_NULL) != 0)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    xy_clock_stamp(&app->clock, now);
    r.now = now;
    r.idents = json_object();
    r.rejects = json_array();
    if (!r.idents || !r.rejects) {
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        goto out;
    }
    if ((rc = st->ops->begin(st, err)))
        goto out;
    /* one transaction: a list that cannot be read at all leaves nothing behind */
    if (csv_parse(&p, text, len, cell, end_row, &r) != len && !r.rc)
        r.rc = xy_error_set(err, XY_EINVAL, "CSV 无法解析：%s (the CSV does not parse: %s)", csv_strerror(csv_error(&p)),
                            csv_strerror(csv_error(&p)));
    if (!r.rc)
        csv_fini(&p, cell, end_row, &r);
    for (size_t i = 0; i < r.nf && i < MAX_FIELDS; i++)
        xy_free(r.cells[i]);
    if (!r.rc && !r.header_done)
        r.rc = xy_error_set(err, XY_EINVAL, "名单是空的，没有表头 (the list is empty: no header)");
    snprintf(object, sizeof object, "conversion/%s", code);
    rc = xy_audit_commitj(app, by, "conversion.import", object,
                          json_pack("{s:I, s:I, s:I, s:I, s:I}", "rows", (json_int_t)r.row, "accepted",
                                    (json_int_t)r.accepted, "rejected", (json_int_t)r.rejected, "added",
                                    (json_int_t)r.added, "updated", (json_int_t)r.updated),
                          r.rc, err);
    if (!rc)
        *out = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:O}", "dept", code, "rows", (json_int_t)r.row,
                         "accepted", (json_int_t)r.accepted, "rejected", (json_int_t)r.rejected, "added",
                         (json_int_t)r.added, "updated", (json_int_t)r.updated, "unchanged",
                         (json_int_t)r.unchanged, "rejects", r.rejects);
out:
    csv_free(&p);
    json_decref(r.idents);
    json_decref(r.rejects);
    return rc;
}

/* ---- the register judged ------------------------------------------------------------------------- */

struct reg {
    struct xy_conv_entity *e;
    size_t n, cap;
    json_t *keep; /* the strings the entities point into */
    int rc;
    struct xy_error *err;
};

static const char *keep(struct reg *g, const char *s)
{
    if (!s)
        return NULL;
    json_t *v = json_string(s);
    if (!v || json_array_append_new(g->keep, v))
        return NULL;
    return json_string_value(v);
}

static int reg_cb(void *ctx, const struct xy_conv_entity *x)
{
    struct reg *g = ctx;
    if (g->n == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 256;
        struct xy_conv_entity *ne = xy_realloc(g->e, cap * sizeof *ne);
        if (!ne)
            return (g->rc = xy_error_set(g->err, XY_ENOMEM, "out of memory"));
        g->e = ne;
        g->cap = cap;
    }
    struct xy_conv_entity *y = &g->e[g->n++];
    *y = *x;
    y->dept = keep(g, x->dept);
    y->authority = keep(g, x->authority);
    y->orgcode = keep(g, x->orgcode);
    y->regno = keep(g, x->regno);
    y->uscc = keep(g, x->uscc);
    y->name = keep(g, x->name);
    y->registered = keep(g, x->registered);
    y->first_at = keep(g, x->first_at);
    y->uscc_at = keep(g, x->uscc_at);
    y->matched = keep(g, x->matched);
    y->matched_at = keep(g, x->matched_at);
    return 0;
}

/* Reads the whole register (duplicates are judged across every list) and judges it as of `to`. */
static int judge(struct xy_app *app, struct reg *g, struct xy_conv_status **st, const char *from, const char *to,
                 struct xy_error *err)
{
    int rc;
    *st = NULL;
    g->keep = json_array();
    g->err = err;
    if (!g->keep)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    if ((rc = app->store->ops->conv_scan(app->store, 0, reg_cb, g, err)) || (rc = g->rc))
        return rc;
    if (g->n && !(*st = xy_calloc(g->n, sizeof **st)))
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    return xy_conv_judge(g->e, g->n, from, to, *st, err);
}

static void reg_release(struct reg *g, struct xy_conv_status *st)
{
    xy_free(g->e);
    json_decref(g->keep);
    xy_free(st);
}

/* Adds the judged register to category 8 of m, only dept (when not "") and authority (when not NULL). */
static int add_cat8(struct xy_mon *m, const struct reg *g, const struct xy_conv_status *st, const char *dept,
                    const char *authority, struct xy_error *err)
{
    int rc = XY_OK;
    for (size_t i = 0; !rc && i < g->n; i++) {
        const struct xy_conv_entity *e = &g->e[i];
        if (!st[i].exists || (dept && *dept && strcmp(e->dept, dept)) || (authority && strcmp(e->authority, authority)))
            continue;
        if ((rc = xy_mon_addk(m, 8, e->dept, e->authority, "old_codes", 1, err)) ||
            (rc = xy_mon_addk(m, 8, e->dept, e->authority, "converted", st[i].converted, err)) ||
            (rc = xy_mon_addk(m, 8, e->dept, e->authority, "new_codes", st[i].converted_in, err)) ||
            (rc = xy_mon_addk(m, 8, e->dept, e->authority, "codes", 1, err)) ||
            (rc = xy_mon_addk(m, 8, e->dept, e->authority, "bad_codes", st[i].bad != 0, err)))
            break;
    }
    return rc;
}

int xy_conv_add_month(struct xy_app *app, struct xy_mon *m, const char *from, const char *to, struct xy_error *err)
{
    struct reg g = {0};
    struct xy_conv_status *st = NULL;
    int rc = judge(app, &g, &st, from, to, err);
    if (!rc)
        rc = add_cat8(m, &g, st, NULL, NULL, err);
    reg_release(&g, st);
    return rc;
}

static int authority_arg(const char *authority, struct xy_error *err)
{
    if (authority && *authority && (!xy_conv_authority(authority) || strcmp(xy_conv_authority(authority), authority)))
        return xy_error_set(err, XY_EINVAL, "authority 须为 9、5、1、8 或 other (authority must be 9, 5, 1, 8 or other)");
    return XY_OK;
}

int xy_conv_summary(struct xy_app *app, const struct xy_principal *by, const char *dept_uscc, const char *authority,
                    json_t **out, struct xy_error *err)
{
    struct reg g = {0};
    struct xy_conv_status *st = NULL;
    struct xy_mon m;
    struct xy_mon_params p;
    struct xy_mon_unit *units = NULL;
    json_t *cats = NULL, *ul = NULL;
    char code[19], from[32], to[32], now[32];
    int64_t id;
    int rc;
    if ((rc = dept_of(app, by, dept_uscc, 1, &id, code, err)) || (rc = authority_arg(authority, err)))
        return rc;
    struct xy_month mo = xy_month_of(xy_clock_today(&app->clock));
    xy_month_bounds(mo, from, to);
    xy_clock_stamp(&app->clock, now);
    xy_mon_params_default(&p, app->catalog);
    xy_mon_init(&m, mo, &p, NULL);
    /* as of now: everything stored so far (nothing is stored after now), new codes since the month began */
    size_t nu = 0;
    if (!(rc = xy_units_list(app, &ul, err)) && (nu = json_array_size(ul)) && !(units = xy_calloc(nu, sizeof *units)))
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < nu; i++) {
        json_t *u = json_array_get(ul, i);
        units[i] = (struct xy_mon_unit){json_string_value(json_object_get(u, "uscc")),
                                        json_string_value(json_object_get(u, "name")),
                                        json_string_value(json_object_get(u, "region")),
                                        json_string_value(json_object_get(u, "level"))};
    }
    if (!rc && !(rc = judge(app, &g, &st, from, to, err)) &&
        !(rc = add_cat8(&m, &g, st, code, authority && *authority ? authority : NULL, err)) &&
        !(rc = xy_mon_json(&m, units, nu, &cats, err))) {
        json_t *c8 = json_incref(json_array_get(cats, 7));
        json_object_set_new(c8, "as_of", json_string(now));
        if (by->role == XY_ROLE_DEPARTMENT) { /* its own rows; sums of others are not its to see */
            json_object_del(c8, "districts");
        }
        *out = c8;
    }
    json_decref(cats);
    json_decref(ul);
    xy_free(units);
    xy_mon_release(&m);
    reg_release(&g, st);
    return rc;
}

int xy_conv_unconverted_csv(struct xy_app *app, const struct xy_principal *by, const char *dept_uscc,
                            const char *authority, struct xy_buf *out, struct xy_error *err)
{
    static const char *const head[] = {"登记管理部门代码 (department)", "登记管理部门 (authority)",
                                       "组织机构代码 (old_code)", "注册号 (reg_no)", "名称 (name)",
                                       "登记日期 (registered_on)", "统一社会信用代码 (uscc)", "状态 (state)",
                                       "原因 (reasons)"};
    struct reg g = {0};
    struct xy_conv_status *st = NULL;
    char code[19], from[32], to[32];
    int64_t id;
    int rc;
    if ((rc = dept_of(app, by, dept_uscc, 1, &id, code, err)) || (rc = authority_arg(authority, err)))
        return rc;
    xy_month_bounds(xy_month_of(xy_clock_today(&app->clock)), from, to);
    if ((rc = judge(app, &g, &st, from, to, err)))
        goto out;
    for (int i = 0; !rc && i < 9; i++)
        rc = (i && xy_buf_addc(out, ',')) || xy_csv_cellz(out, head[i]);
    rc = rc || xy_buf_add(out, "\r\n", 2);
    for (size_t i = 0; !rc && i < g.n; i++) {
        const struct xy_conv_entity *e = &g.e[i];
        if (!st[i].exists || (st[i].converted && !st[i].bad) || (code[0] && strcmp(e->dept, code)) ||
            (authority && *authority && strcmp(e->authority, authority)))
            continue;
        char reasons[1024];
        xy_conv_reasons(st[i].bad, reasons, sizeof reasons);
        const char *cells[] = {e->dept,       xy_conv_authority_zh(e->authority),
                               e->orgcode,    e->regno,
                               e->name,       e->registered,
                               e->uscc,       st[i].converted ? "已转换，代码有误 (converted, code faulty)"
                                                              : "未转换 (not converted)",
                               reasons};
        for (int c = 0; !rc && c < 9; c++)
            rc = (c && xy_buf_addc(out, ',')) || xy_csv_cellz(out, cells[c]);
        rc = rc || xy_buf_add(out, "\r\n", 2);
    }
    if (rc)
        rc = xy_error_set(err, XY_ETOOBIG, "CSV 超出内存上限 (the CSV does not fit in memory)");
out:
    reg_release(&g, st);
    return rc;
}
