/* SPDX-License-Identifier: Apache-2.0 */
/* Assessment use cases (assessment.h): each unit's measures summed over the period's months from the
 * monthly report (app/monitor.h, the same figures the office sends on) and the notices sent to it,
 * scored by core/assessment.h. */
#include "app/assessment.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_int.h"
#include "app/monitor.h"
#include "app/supervision.h"
#include "common/xy_xlsx.h"
#include "core/assessment.h"
#include "core/monitor.h"
#include "core/region.h"
#include "report/report_pdf.h"

#define CITY "420100"

static int load_model(struct xy_assess_model *m, struct xy_error *err)
{
    size_t len;
    const char *text = xy_supervision_default(&len);
    json_t *root = json_loadb(text, len, 0, NULL);
    int rc = root ? xy_assess_model_parse(json_object_get(root, "assessment"), m, err)
                  : xy_error_set(err, XY_ECORRUPT, "the built-in assessment model does not read");
    json_decref(root);
    return rc;
}

/* One unit's sums: measures[XY_AM__COUNT], kept as JSON-free C. */
struct unit {
    char code[19], region[7];
    const char *name, *level; /* borrowed from the units document */
    struct xy_assess_value v[XY_AM__COUNT];
};

static struct unit *find(struct unit *u, size_t n, const char *code)
{
    for (size_t i = 0; code && i < n; i++)
        if (!strcmp(u[i].code, code))
            return &u[i];
    return NULL;
}

static void add_rows(struct unit *u, size_t n, const json_t *rows)
{
    size_t i;
    const json_t *row;
    json_array_foreach(rows, i, row)
    {
        struct unit *x = find(u, n, json_string_value(json_object_get(row, "dept")));
        const json_t *v = json_object_get(row, "values");
#define V(k) ((int64_t)json_integer_value(json_object_get(v, k)))
        if (!x)
            continue;
        x->v[XY_AM_PUBLICITY].num += V("submitted");
        x->v[XY_AM_PUBLICITY].den += V("declared") - V("exempt");
        x->v[XY_AM_TIMELINESS].num += V("timely");
        x->v[XY_AM_TIMELINESS].den += V("submitted");
        x->v[XY_AM_QUALITY].num += V("rows_accepted");
        x->v[XY_AM_QUALITY].den += V("rows_sent");
#undef V
    }
}

struct notices {
    struct unit *u;
    size_t n;
};

static int notice_cb(void *ctx, const json_t *item)
{
    struct notices *c = ctx;
    struct unit *x = find(c->u, c->n, json_string_value(json_object_get(json_object_get(item, "dept"), "uscc")));
    if (x) {
        x->v[XY_AM_NOTICES].num++;
        if (json_is_true(json_object_get(item, "escalated")))
            x->v[XY_AM_ESCALATED].num++;
    }
    return 0;
}

static int score_cmp(const void *a, const void *b)
{
    double x = json_real_value(json_object_get(*(json_t *const *)a, "score"));
    double y = json_real_value(json_object_get(*(json_t *const *)b, "score"));
    int nx = json_is_null(json_object_get(*(json_t *const *)a, "score")),
        ny = json_is_null(json_object_get(*(json_t *const *)b, "score"));
    if (nx != ny)
        return nx - ny;
    return x > y ? -1 : x < y ? 1 : 0;
}

/* Sorts the array by score and numbers the ranks (ties share one). */
static void rank(json_t *arr)
{
    size_t n = json_array_size(arr);
    json_t **v = n ? calloc(n, sizeof *v) : NULL;
    if (!v)
        return;
    for (size_t i = 0; i < n; i++)
        v[i] = json_incref(json_array_get(arr, i));
    qsort(v, n, sizeof *v, score_cmp);
    json_array_clear(arr);
    for (size_t i = 0; i < n; i++) {
        json_t *s = json_object_get(v[i], "score");
        int r = (int)i + 1;
        if (i > 0 && !json_is_null(s) && json_equal(s, json_object_get(v[i - 1], "score")))
            r = (int)json_integer_value(json_object_get(v[i - 1], "rank"));
        json_object_set_new(v[i], "rank", json_is_null(s) ? json_null() : json_integer(r));
        json_array_append_new(arr, v[i]);
    }
    free(v);
}

static json_t *scored(const struct xy_assess_model *m, const struct xy_assess_value *v, json_t *o,
                      struct xy_error *err)
{
    json_t *b = NULL;
    double score;
    if (!o || xy_assess_score(m, v, &b, &score, err)) {
        json_decref(o);
        return NULL;
    }
    json_object_set_new(o, "score", score < 0 ? json_null() : json_real(score));
    json_object_set_new(o, "breakdown", b);
    return o;
}

int xy_assess_json(struct xy_app *app, const struct xy_principal *by, const char *period, json_t **out,
                   struct xy_error *err)
{
    struct xy_assess_model model;
    struct xy_principal op;
    int y, mo, nm, rc;
    json_t *units = NULL, *depts = json_array(), *dists = json_array(), *months = json_array(), *inds = json_array();
    struct unit *u = NULL;
    size_t n = 0;
    if (by->role != XY_ROLE_OFFICE && by->role != XY_ROLE_OPERATOR && by->role != XY_ROLE_AUDITOR) {
        rc = xy_error_set(err, XY_EDENIED, "无权查看考核结果 (not allowed to read the assessment)");
        goto out;
    }
    if (xy_assess_period_parse(period, &y, &mo, &nm)) {
        rc = xy_error_set(err, XY_EINVAL, "考核周期须为 YYYYQn 或 YYYY (the period must be YYYYQn or YYYY)");
        goto out;
    }
    if ((rc = load_model(&model, err)))
        goto out;
    if ((nm == 3 && !model.quarter) || (nm == 12 && !model.year)) {
        rc = xy_error_set(err, XY_EINVAL, "考核模型不按此周期考核 (the model does not score this kind of period)");
        goto out;
    }
    struct xy_month first = {y, mo}, now = xy_month_of(xy_clock_today(&app->clock));
    if (xy_month_cmp(first, now) > 0) {
        rc = xy_error_set(err, XY_EINVAL, "%s 尚未开始 (period %s has not begun)", period, period);
        goto out;
    }
    if ((rc = xy_units_list(app, &units, err)))
        goto out;
    if (!depts || !dists || !months || !inds || !(u = calloc(json_array_size(units) + 1, sizeof *u))) {
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        goto out;
    }
    size_t i;
    json_t *it;
    json_array_foreach(units, i, it)
    {
        const char *region = json_string_value(json_object_get(it, "region"));
        if (!region) /* not a reporting unit yet */
            continue;
        snprintf(u[n].code, sizeof u[n].code, "%s", json_string_value(json_object_get(it, "uscc")));
        snprintf(u[n].region, sizeof u[n].region, "%s", region);
        u[n].name = json_string_value(json_object_get(it, "name"));
        u[n].level = json_string_value(json_object_get(it, "level"));
        n++;
    }
    /* the monthly figures, month by month, up to the present one */
    xy_principal_operator(&op);
    for (int k = 0; k < nm; k++) {
        struct xy_month m = xy_month_add(first, k);
        char ms[8];
        json_t *doc = NULL;
        if (xy_month_cmp(m, now) > 0)
            break;
        xy_month_format(m, ms);
        if ((rc = xy_month_json(app, &op, ms, &doc, err)))
            goto out;
        add_rows(u, n, json_object_get(json_array_get(json_object_get(doc, "categories"), 5), "rows"));
        json_decref(doc);
        json_array_append_new(months, json_string(ms));
    }
    /* notices sent in the period, by their sending day */
    {
        char from[32], to[32], f2[32], t2[32];
        json_t *items = NULL;
        struct notices c = {u, n};
        xy_month_bounds(first, from, t2);
        xy_month_bounds(xy_month_add(first, nm - 1), f2, to);
        if ((rc = xy_sup_list(app, &op, NULL, 0, 0, &items, NULL, err)))
            goto out;
        json_array_foreach(items, i, it)
        {
            const char *sent = json_string_value(json_object_get(it, "sent_at"));
            if (sent && strcmp(sent, from) >= 0 && strcmp(sent, to) < 0)
                notice_cb(&c, it);
        }
        json_decref(items);
    }
    for (size_t k = 0; k < n; k++) {
        const struct xy_district *d = xy_region_district(u[k].region);
        json_t *o = scored(&model, u[k].v,
                           json_pack("{s:s, s:s?, s:s, s:s?, s:s?}", "uscc", u[k].code, "name", u[k].name, "region",
                                     u[k].region, "region_name", d ? d->name : NULL, "level", u[k].level),
                           err);
        if (!o || json_array_append_new(depts, o)) {
            rc = err->rc ? err->rc : xy_error_set(err, XY_ENOMEM, "out of memory");
            goto out;
        }
    }
    /* districts: the sums of their units (the city's own departments are not a district) */
    size_t nd;
    const struct xy_district *all = xy_region_districts(&nd);
    for (size_t k = 0; k < nd; k++) {
        struct xy_assess_value v[XY_AM__COUNT] = {{0, 0}};
        int any = 0;
        if (!strcmp(all[k].code, CITY))
            continue;
        for (size_t j = 0; j < n; j++) {
            if (strcmp(u[j].region, all[k].code))
                continue;
            any = 1;
            for (int a = 0; a < XY_AM__COUNT; a++) {
                v[a].num += u[j].v[a].num;
                v[a].den += u[j].v[a].den;
            }
        }
        if (!any)
            continue;
        json_t *o = scored(&model, v,
                           json_pack("{s:s, s:s}", "region", all[k].code, "region_name", all[k].name), err);
        if (!o || json_array_append_new(dists, o)) {
            rc = err->rc ? err->rc : xy_error_set(err, XY_ENOMEM, "out of memory");
            goto out;
        }
    }
    rank(depts);
    rank(dists);
    for (int k = 0; k < model.n; k++)
        json_array_append_new(inds, json_pack("{s:s, s:s, s:s, s:s, s:f}", "key", model.ind[k].key, "name_zh",
                                              model.ind[k].name_zh, "name_en", model.ind[k].name_en, "measure",
                                              xy_assess_measure_name(model.ind[k].measure), "weight",
                                              model.ind[k].weight));
    *out = json_pack("{s:s, s:s, s:O, s:{s:s, s:O}, s:O, s:O}", "period", period, "kind",
                     nm == 3 ? "quarter" : "year", "months", months, "model", "version", model.version, "indicators",
                     inds, "departments", depts, "districts", dists);
    if (!*out)
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
out:
    free(u);
    json_decref(units);
    json_decref(depts);
    json_decref(dists);
    json_decref(months);
    json_decref(inds);
    return rc;
}

/* ---- exports --------------------------------------------------------------------------------------- */

static const char *unit_name(const json_t *o)
{
    const char *s = json_string_value(json_object_get(o, "name"));
    return s ? s : json_string_value(json_object_get(o, "region_name"));
}

static int sheet(struct xy_xlsx *x, const char *name, const json_t *inds, const json_t *rows, int depts)
{
    const char *head[4 + XY_ASSESS_MAX_IND];
    double widths[4 + XY_ASSESS_MAX_IND];
    char titles[XY_ASSESS_MAX_IND][96];
    size_t ni = json_array_size(inds), i, k;
    const json_t *r, *b;
    head[0] = "排名 (rank)";
    head[1] = depts ? "统一社会信用代码 (code)" : "区划代码 (region)";
    head[2] = depts ? "单位 (unit)" : "区 (district)";
    head[3] = "得分 (score)";
    widths[0] = 10;
    widths[1] = 22;
    widths[2] = 30;
    widths[3] = 12;
    for (k = 0; k < ni && k < XY_ASSESS_MAX_IND; k++) {
        const json_t *in = json_array_get(inds, k);
        snprintf(titles[k], sizeof titles[k], "%s（%g 分）", json_string_value(json_object_get(in, "name_zh")),
                 json_real_value(json_object_get(in, "weight")));
        head[4 + k] = titles[k];
        widths[4 + k] = 16;
    }
    int rc = xy_xlsx_sheet(x, name, head, widths, 4 + k);
    json_array_foreach(rows, i, r)
    {
        const json_t *rank = json_object_get(r, "rank"), *score = json_object_get(r, "score");
        if (!rc && json_is_integer(rank))
            rc = xy_xlsx_number(x, 0, (double)json_integer_value(rank), "0");
        if (!rc)
            rc = xy_xlsx_text(x, 1, json_string_value(json_object_get(r, depts ? "uscc" : "region")));
        if (!rc)
            rc = xy_xlsx_text(x, 2, unit_name(r));
        if (!rc && json_is_number(score))
            rc = xy_xlsx_number(x, 3, json_number_value(score), "0.00");
        json_array_foreach(json_object_get(r, "breakdown"), k, b)
        {
            if (!rc && k < XY_ASSESS_MAX_IND && json_is_true(json_object_get(b, "applies")))
                rc = xy_xlsx_number(x, 4 + k, json_number_value(json_object_get(b, "points")), "0.00");
        }
        if (!rc)
            rc = xy_xlsx_row_end(x);
    }
    return rc;
}

static int details(struct xy_xlsx *x, const json_t *doc)
{
    static const char *const head[] = {"单位类型 (kind)", "单位 (unit)", "指标 (indicator)", "口径 (measure)",
                                       "指标值 (value)",   "得分 (points)", "权重 (weight)", "适用 (applies)"};
    static const double widths[] = {12, 30, 22, 18, 14, 12, 12, 10};
    int rc = xy_xlsx_sheet(x, "指标明细", head, widths, 8);
    const char *lists[] = {"departments", "districts"};
    for (int l = 0; l < 2; l++) {
        size_t i, k;
        const json_t *r, *b;
        json_array_foreach(json_object_get(doc, lists[l]), i, r)
        {
            json_array_foreach(json_object_get(r, "breakdown"), k, b)
            {
                const json_t *v = json_object_get(b, "value");
                int ratio = json_is_real(v);
                if (!rc)
                    rc = xy_xlsx_text(x, 0, l ? "区" : "部门");
                if (!rc)
                    rc = xy_xlsx_text(x, 1, unit_name(r));
                if (!rc)
                    rc = xy_xlsx_text(x, 2, json_string_value(json_object_get(b, "name_zh")));
                if (!rc)
                    rc = xy_xlsx_text(x, 3, json_string_value(json_object_get(b, "measure")));
                if (!rc && json_is_number(v))
                    rc = xy_xlsx_number(x, 4, json_number_value(v), ratio ? "0.00%" : "0");
                if (!rc)
                    rc = xy_xlsx_number(x, 5, json_number_value(json_object_get(b, "points")), "0.00");
                if (!rc)
                    rc = xy_xlsx_number(x, 6, json_number_value(json_object_get(b, "weight")), "0");
                if (!rc)
                    rc = xy_xlsx_text(x, 7, json_is_true(json_object_get(b, "applies")) ? "是" : "否");
                if (!rc)
                    rc = xy_xlsx_row_end(x);
            }
        }
    }
    return rc;
}

int xy_assess_xlsx(const json_t *doc, struct xy_buf *out, struct xy_error *err)
{
    struct xy_xlsx *x = NULL;
    int rc = xy_xlsx_open(&x, err);
    if (rc)
        return rc;
    const json_t *inds = json_object_get(json_object_get(doc, "model"), "indicators");
    if ((rc = sheet(x, "部门得分", inds, json_object_get(doc, "departments"), 1)) ||
        (rc = sheet(x, "区得分", inds, json_object_get(doc, "districts"), 0)) || (rc = details(x, doc))) {
        xy_xlsx_free(x);
        return xy_error_set(err, rc, "考核工作簿生成失败 (the assessment workbook could not be written)");
    }
    return xy_xlsx_finish(x, out, err);
}

static json_t *pdf_table(const json_t *rows, const json_t *inds, int depts)
{
    json_t *cols = json_pack("[{s:s, s:f}, {s:s, s:f}, {s:s, s:f}]", "title", "排名", "width", 0.6, "title",
                             depts ? "部门" : "区", "width", 2.6, "title", "得分", "width", 0.9);
    json_t *out = json_array();
    size_t i, k;
    const json_t *r, *in, *b;
    json_array_foreach(inds, k, in)
    {
        json_array_append_new(cols, json_pack("{s:s, s:f}", "title", json_string_value(json_object_get(in, "name_zh")),
                                              "width", 1.0));
    }
    json_array_foreach(rows, i, r)
    {
        json_t *row = json_array();
        char cell[64];
        const json_t *rank = json_object_get(r, "rank"), *score = json_object_get(r, "score");
        snprintf(cell, sizeof cell, "%s", "—");
        if (json_is_integer(rank))
            snprintf(cell, sizeof cell, "%lld", (long long)json_integer_value(rank));
        json_array_append_new(row, json_string(cell));
        json_array_append_new(row, json_string(unit_name(r) ? unit_name(r) : ""));
        snprintf(cell, sizeof cell, "%s", "—");
        if (json_is_number(score))
            snprintf(cell, sizeof cell, "%.2f", json_number_value(score));
        json_array_append_new(row, json_string(cell));
        json_array_foreach(json_object_get(r, "breakdown"), k, b)
        {
            snprintf(cell, sizeof cell, "%s", "不适用");
            if (json_is_true(json_object_get(b, "applies")))
                snprintf(cell, sizeof cell, "%.2f", json_number_value(json_object_get(b, "points")));
            json_array_append_new(row, json_string(cell));
        }
        json_array_append_new(out, row);
    }
    return json_pack("{s:o, s:o}", "columns", cols, "rows", out);
}

int xy_assess_pdf(struct xy_app *app, const json_t *doc, struct xy_buf *out, struct xy_error *err)
{
    const char *period = json_string_value(json_object_get(doc, "period"));
    const json_t *inds = json_object_get(json_object_get(doc, "model"), "indicators"), *in;
    char title[128], number[64], intro[512], stamp[32];
    size_t k;
    int y = 0, m = 0, nm = 0;
    xy_assess_period_parse(period, &y, &m, &nm);
    if (nm == 3)
        snprintf(title, sizeof title, "%d年第%d季度信用工作考核结果", y, (m - 1) / 3 + 1);
    else
        snprintf(title, sizeof title, "%d年度信用工作考核结果", y);
    snprintf(number, sizeof number, "考核-%s", period ? period : "");
    snprintf(intro, sizeof intro,
             "依据考核模型 %s，按各单位本期监测月报数据和督办情况计分，满分 100 分；不适用的指标不计入，得分按适用指标的权重"
             "折算。",
             json_string_value(json_object_get(json_object_get(doc, "model"), "version")));
    json_t *weights = json_array();
    json_array_foreach(inds, k, in)
    {
        char w[32];
        snprintf(w, sizeof w, "%g 分", json_real_value(json_object_get(in, "weight")));
        json_array_append_new(weights, json_pack("[s, s]", json_string_value(json_object_get(in, "name_zh")), w));
    }
    json_t *d = json_pack("{s:s, s:s, s:s, s:[{s:s}, {s:s}, {s:o}, {s:s}, {s:o}, {s:s}, {s:o}]}", "number", number,
                          "title", title, "issuer", "武汉市社会信用体系建设领导小组办公室", "blocks", "title", title,
                          "p", intro, "kv", weights, "h", "部门得分排名", "table",
                          pdf_table(json_object_get(doc, "departments"), inds, 1), "h", "区得分排名", "table",
                          pdf_table(json_object_get(doc, "districts"), inds, 0));
    if (!d)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    xy_clock_stamp(&app->clock, stamp);
    struct xy_report_pdf_opts opts = {NULL, stamp};
    int rc = xy_doc_pdf(d, &opts, out, NULL, err);
    json_decref(d);
    return rc;
}
