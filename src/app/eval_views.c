/* SPDX-License-Identifier: Apache-2.0 */
/* Views of stored grades (eval.h): a department's or the office's listing by grade and district, as
 * JSON, CSV or an XLSX workbook, and the office's distribution. Who may see each grade is
 * xy_eval_may_see's answer; every listed subject's access history records the read. */
#include <stdio.h>
#include <string.h>

#include "app/app_int.h"
#include "app/eval.h"
#include "app/eval_int.h"
#include "common/xy_csv.h"
#include "common/xy_xlsx.h"
#include "core/eval.h"

/* ---- listing and counting stored grades --------------------------------------------------------- */

struct listing {
    struct xy_app *app;
    const struct xy_principal *by;
    const struct xy_eval_model *m;
    json_t *items;
    int64_t last;
    int scanned;
    int rc;
    struct xy_error *err;
};

static const char *grade_zh(const struct xy_eval_model *m, const char *g)
{
    for (size_t i = 0; m && g && i < m->ngrades; i++)
        if (strcmp(m->grades[i].grade, g) == 0)
            return m->grades[i].name_zh;
    return NULL;
}

static int on_listed(void *ctx, const struct xy_eval_result_row *r)
{
    struct listing *l = ctx;
    char object[48];
    l->last = r->subject_id;
    l->scanned++;
    if (!xy_eval_may_see(l->by, r->kind, r->subject_id, 0))
        return 0;
    snprintf(object, sizeof object, "eval/%s", r->opaque ? r->opaque : "");
    if ((l->rc = xy_eval_log_read(l->app, l->by, r->subject_id, object, l->err)))
        return 1;
    int person = r->kind && strcmp(r->kind, "person") == 0;
    json_array_append_new(l->items,
                          json_pack("{s:{s:s?, s:s?, s:s?, s:s?, s:s?}, s:s?, s:s?, s:o, s:s?, s:s?}", "subject", "id",
                                    r->opaque, "kind", r->kind, "name", r->name, "uscc", person ? NULL : r->uscc,
                                    "region", r->region, "grade", r->grade, "grade_zh", grade_zh(l->m, r->grade),
                                    "score", xy_eval_hundredths(r->score), "model_version", r->model_version, "as_of", r->as_of));
    return 0;
}

int xy_eval_list(struct xy_app *app, const struct xy_principal *by, const char *grade, const char *region,
                 int64_t after, int limit, json_t **items, int64_t *last, struct xy_error *err)
{
    struct xy_store *st = app->store;
    const struct model_ent *e = NULL;
    int rc;
    *items = NULL;
    if (by->role != XY_ROLE_OFFICE && by->role != XY_ROLE_DEPARTMENT && by->role != XY_ROLE_OPERATOR)
        return xy_error_set(err, XY_EDENIED, "只有信用管理部门和行业部门可以按等级列出主体 (only the credit office and "
                            "departments list subjects by grade)");
    if (grade && (strlen(grade) != 1 || grade[0] < 'A' || grade[0] > 'Z'))
        return xy_error_set(err, XY_EINVAL, "grade 须为一个等级字母，如 D (grade is one letter, e.g. D)");
    if (region && (strlen(region) != 6 || strspn(region, "0123456789") != 6))
        return xy_error_set(err, XY_EINVAL, "region 须为 6 位行政区划代码，如 420106 (region is a 6-digit division code)");
    rc = xy_eval_model_for(app, xy_clock_today(&app->clock), NULL, &e, err);
    if (rc && rc != XY_ENOTFOUND)
        return rc;
    struct listing l = {.app = app, .by = by, .m = e ? e->m : NULL, .items = json_array(), .last = after, .err = err};
    if ((rc = st->ops->begin(st, err))) {
        json_decref(l.items);
        return rc;
    }
    rc = st->ops->eval_list(st, grade, region, NULL, after, limit, on_listed, &l, err);
    if (!rc)
        rc = l.rc;
    rc = rc ? (st->ops->rollback(st), rc) : st->ops->commit(st, err);
    if (rc) {
        json_decref(l.items);
        return rc;
    }
    *items = l.items;
    *last = l.scanned == limit ? l.last : 0; /* 0: nothing after this page */
    return XY_OK;
}

int xy_eval_list_csv(const json_t *items, struct xy_buf *out)
{
    static const char *const head[] = {"等级(grade)", "等级名称(grade_zh)", "得分(score)", "主体名称(name)",
                                       "统一社会信用代码(uscc)", "行政区划(region)", "主体编号(subject)",
                                       "评价模型(model_version)", "评价时间(as_of)"};
    size_t i;
    json_t *v;
    int rc = xy_buf_add(out, "\xEF\xBB\xBF", 3);
    for (size_t h = 0; !rc && h < sizeof head / sizeof *head; h++)
        rc = (h && xy_buf_addc(out, ',')) || xy_csv_cellz(out, head[h]);
    if (!rc)
        rc = xy_buf_add(out, "\r\n", 2);
    json_array_foreach(items, i, v) {
        json_t *s = json_object_get(v, "subject");
        char score[32];
        snprintf(score, sizeof score, "%.2f", json_number_value(json_object_get(v, "score")));
        const char *cells[] = {json_string_value(json_object_get(v, "grade")),
                               json_string_value(json_object_get(v, "grade_zh")),
                               score,
                               json_string_value(json_object_get(s, "name")),
                               json_string_value(json_object_get(s, "uscc")),
                               json_string_value(json_object_get(s, "region")),
                               json_string_value(json_object_get(s, "id")),
                               json_string_value(json_object_get(v, "model_version")),
                               json_string_value(json_object_get(v, "as_of"))};
        for (size_t c = 0; !rc && c < sizeof cells / sizeof *cells; c++)
            rc = (c && xy_buf_addc(out, ',')) || xy_csv_cellz(out, cells[c]);
        if (!rc)
            rc = xy_buf_add(out, "\r\n", 2);
        if (rc)
            break;
    }
    return rc ? XY_ENOMEM : XY_OK;
}

int xy_eval_list_xlsx(const json_t *items, struct xy_buf *out, struct xy_error *err)
{
    static const char *const head[] = {"等级 grade", "等级名称 grade_zh", "得分 score", "主体名称 name",
                                       "统一社会信用代码 uscc", "行政区划 region", "主体编号 subject",
                                       "评价模型 model_version", "评价时间 as_of"};
    static const double widths[] = {8, 10, 10, 36, 22, 10, 18, 16, 22};
    struct xy_xlsx *x;
    size_t i;
    json_t *v;
    int rc = xy_xlsx_open(&x, err);
    if (rc)
        return rc;
    rc = xy_xlsx_sheet(x, "信用评价 grades", head, widths, sizeof head / sizeof *head);
    json_array_foreach(items, i, v) {
        json_t *s = json_object_get(v, "subject");
        const char *texts[] = {json_string_value(json_object_get(v, "grade")),
                               json_string_value(json_object_get(v, "grade_zh")),
                               NULL,
                               json_string_value(json_object_get(s, "name")),
                               json_string_value(json_object_get(s, "uscc")),
                               json_string_value(json_object_get(s, "region")),
                               json_string_value(json_object_get(s, "id")),
                               json_string_value(json_object_get(v, "model_version")),
                               json_string_value(json_object_get(v, "as_of"))};
        for (size_t c = 0; !rc && c < sizeof texts / sizeof *texts; c++)
            rc = c == 2 ? xy_xlsx_number(x, c, json_number_value(json_object_get(v, "score")), "0.00")
                        : xy_xlsx_text(x, c, texts[c]);
        if (rc || (rc = xy_xlsx_row_end(x)))
            break;
    }
    return xy_xlsx_finish(x, out, err);
}

static int on_count(void *ctx, const char *grade, const char *region, const char *category, const char *kind,
                    int64_t n)
{
    json_t *doc = ctx;
    json_t *by_grade = json_object_get(doc, "by_grade"), *by_region = json_object_get(doc, "by_region"),
           *by_cat = json_object_get(doc, "by_registration");
    const char *g = grade ? grade : "?";
    json_object_set_new(by_grade, g, json_integer(json_integer_value(json_object_get(by_grade, g)) + n));
    if (kind && strcmp(kind, "person") == 0)
        return 0; /* persons are counted by grade only */
    const char *keys[2] = {region ? region : "", category ? category : ""};
    json_t *into[2] = {by_region, by_cat};
    for (int i = 0; i < 2; i++) {
        json_t *row = json_object_get(into[i], keys[i]);
        if (!row) {
            row = json_object();
            json_object_set_new(into[i], keys[i], row);
        }
        json_object_set_new(row, g, json_integer(json_integer_value(json_object_get(row, g)) + n));
    }
    return 0;
}

int xy_eval_distribution(struct xy_app *app, const struct xy_principal *by, json_t **out, struct xy_error *err)
{
    int rc;
    *out = NULL;
    if ((rc = xy_eval_office_only(by, err)))
        return rc;
    json_t *doc = json_pack("{s:{}, s:{}, s:{}}", "by_grade", "by_region", "by_registration");
    if (!doc)
        return XY_ENOMEM;
    if ((rc = app->store->ops->eval_counts(app->store, on_count, doc, err))) {
        json_decref(doc);
        return rc;
    }
    *out = doc;
    return XY_OK;
}
