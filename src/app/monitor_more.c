/* SPDX-License-Identifier: Apache-2.0 */
/* The monthly report beyond the twelve categories of item 18 (monitor_int.h): the configurable
 * category the office defines (13), lateness of each department's classes by the frequency its
 * collection catalogue gives them (14), and the share of black-listed and 差-graded subjects with a
 * credit report (15, demonstration-city hard indicator 6). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit.h"
#include "app/conversion.h"
#include "app/monitor_int.h"
#include "common/xy_alloc.h"
#include "core/publicity.h"

/* The grade the evaluation model calls 差 (catalog/eval-model.json) and the list class whose entries
 * count as black-listed [default]. */
#define POOR_GRADE "D"
#define BLACK_CLASS "black_list"
#define COVERAGE_MONTHS 12

/* ---- the configurable category --------------------------------------------------------------- */

static int extra_cb(void *ctx, const char *body, const char *set_at)
{
    (void)set_at;
    *(char **)ctx = body ? xy_strdup(body) : NULL;
    return 0;
}

int xy_extra_load(struct xy_app *app, struct xy_mon *m, struct xy_error *err)
{
    char *body = NULL;
    memset(&m->extra, 0, sizeof m->extra);
    int rc = app->store->ops->extra_get(app->store, extra_cb, &body, err);
    if (rc == XY_ENOTFOUND) {
        xy_error_clear(err);
        return XY_OK;
    }
    if (!rc && (!body || xy_mon_extra_parse(body, strlen(body), &m->extra, err)))
        rc = xy_error_set(err, XY_ECORRUPT, "the configurable category's stored definition does not read");
    xy_free(body);
    return rc;
}

int xy_extra_define(struct xy_app *app, const struct xy_principal *by, const char *text, size_t len,
                    struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct xy_mon_extra x;
    char now[32];
    int rc;
    if (by->role != XY_ROLE_OFFICE && by->role != XY_ROLE_OPERATOR)
        return xy_error_set(err, XY_EDENIED, "只有信用办可以定义类别 (only the credit office defines the category)");
    if ((rc = xy_mon_extra_parse(text, len, &x, err)))
        return rc;
    json_t *doc = json_pack("{s:s, s:s, s:s, s:s}", "name_zh", x.name_zh, "name_en", x.name_en, "unit", x.unit,
                            "entered_by", x.entered_by);
    char *body = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
    if (!body) {
        json_decref(doc);
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    }
    xy_clock_stamp(&app->clock, now);
    if (!(rc = st->ops->begin(st, err))) {
        rc = st->ops->extra_put(st, body, now, by->key_id, err);
        rc = xy_audit_commitj(app, by, "monitor.extra", "monitor/extra", json_incref(doc), rc, err);
    }
    free(body);
    json_decref(doc);
    return rc;
}

int xy_extra_get(struct xy_app *app, json_t **out, struct xy_error *err)
{
    char *body = NULL;
    int rc = app->store->ops->extra_get(app->store, extra_cb, &body, err);
    if (!rc && !(*out = body ? json_loads(body, 0, NULL) : NULL))
        rc = xy_error_set(err, XY_ECORRUPT, "the configurable category's stored definition does not read");
    xy_free(body);
    return rc;
}

int xy_extra_may_enter(struct xy_app *app, const struct xy_principal *by, struct xy_error *err)
{
    struct xy_mon m;
    int rc = xy_extra_load(app, &m, err);
    if (rc)
        return rc;
    if (!m.extra.defined)
        return xy_error_set(err, XY_EINVAL, "/category: 类别 13 尚未由信用办定义 (category 13 is not defined yet)");
    if (!strcmp(m.extra.entered_by, "office") && by->role == XY_ROLE_DEPARTMENT)
        return xy_error_set(err, XY_EDENIED, "类别 13（%s）由信用办填报 (category 13, %s, is entered by the office)",
                            m.extra.name_zh, m.extra.name_en);
    return XY_OK;
}

/* ---- lateness by frequency ------------------------------------------------------------------------ */

struct arrivals {
    json_t *by; /* "dept class" -> array of Beijing days (text), in order */
};

static int arrival_cb(void *ctx, const char *dept, const char *cls, const char *hour, int64_t n)
{
    struct arrivals *a = ctx;
    char key[96], stamp[32], day[11];
    struct xy_date d;
    (void)n;
    snprintf(key, sizeof key, "%s %s", dept ? dept : "", cls ? cls : "");
    snprintf(stamp, sizeof stamp, "%.13s", hour ? hour : "");
    if (xy_stamp_beijing_day(stamp, &d))
        return 0;
    xy_date_format(d, day);
    json_t *list = json_object_get(a->by, key);
    if (!list) {
        list = json_array();
        json_object_set_new(a->by, key, list);
    }
    return json_array_append_new(list, json_string(day)) ? 1 : 0;
}

static int lateness(struct xy_app *app, struct xy_mon *m, const json_t *units, struct xy_error *err)
{
    struct arrivals a = {json_object()};
    char from[32], to[32], ignored[32];
    int rc = XY_OK;
    if (!a.by)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    /* a yearly period can begin a year before the month */
    xy_month_bounds(xy_month_add(m->month, -13), from, ignored);
    xy_month_bounds(m->month, ignored, to);
    if ((rc = app->store->ops->arrivals(app->store, from, to, arrival_cb, &a, err)))
        goto out;
    /* periods still running are not late: up to yesterday in the present month */
    struct xy_date today = xy_clock_today(&app->clock);
    struct xy_date asof = xy_date_cmp(today, m->last) <= 0 ? xy_date_from_days(xy_date_to_days(today) - 1) : m->last;
    size_t i, k;
    json_t *u, *it;
    json_array_foreach(units, i, u)
    {
        const char *dept = json_string_value(json_object_get(u, "uscc"));
        json_array_foreach(json_object_get(json_object_get(u, "plan"), "classes"), k, it)
        {
            const char *cls = json_string_value(json_object_get(it, "class"));
            char key[96];
            snprintf(key, sizeof key, "%s %s", dept, cls);
            json_t *days = json_object_get(a.by, key);
            size_t n = json_array_size(days);
            struct xy_date *d = n ? xy_calloc(n, sizeof *d) : NULL;
            if (n && !d) {
                rc = xy_error_set(err, XY_ENOMEM, "out of memory");
                goto out;
            }
            for (size_t j = 0; j < n; j++)
                xy_date_parse(json_string_value(json_array_get(days, j)), 10, &d[j]);
            rc = xy_mon_add_lateness(m, dept, cls, json_string_value(json_object_get(it, "frequency")), asof, d, n,
                                     err);
            xy_free(d);
            if (rc)
                goto out;
        }
    }
out:
    json_decref(a.by);
    return rc;
}

/* ---- credit report coverage ----------------------------------------------------------------------- */

struct cov {
    struct xy_mon *m;
    struct xy_error *err;
    int rc;
};

static int cov_cb(void *ctx, const char *region, int black, int poor, int reported)
{
    struct cov *c = ctx;
    const char *r = region ? region : "";
    if ((c->rc = xy_mon_addk(c->m, XY_MON_COVERAGE, "", r, "black", black, c->err)) ||
        (c->rc = xy_mon_addk(c->m, XY_MON_COVERAGE, "", r, "poor", poor, c->err)) ||
        (c->rc = xy_mon_addk(c->m, XY_MON_COVERAGE, "", r, "subjects", 1, c->err)) ||
        (c->rc = xy_mon_addk(c->m, XY_MON_COVERAGE, "", r, "reported", reported, c->err)))
        return 1;
    return 0;
}

static int coverage(struct xy_app *app, struct xy_mon *m, struct xy_error *err)
{
    struct xy_list_filter lf;
    char from12[32], to[32], ignored[32], last[11];
    const char *black[] = {BLACK_CLASS, NULL};
    xy_app_list_filter(app, &lf);
    xy_month_bounds(xy_month_add(m->month, -(COVERAGE_MONTHS - 1)), from12, ignored);
    xy_month_bounds(m->month, ignored, to);
    xy_date_format(m->last, last);
    struct xy_cov_scan q = {to, last, from12, POOR_GRADE, black, lf.statuses, m->params.exit_kinds};
    struct cov c = {m, err, 0};
    int rc = app->store->ops->report_coverage(app->store, &q, cov_cb, &c, err);
    return rc ? rc : c.rc;
}

int xy_mon_more(struct xy_app *app, struct xy_mon *m, const json_t *units, json_t *params, struct xy_error *err)
{
    char from[32], to[32];
    int rc;
    xy_month_bounds(m->month, from, to);
    if ((rc = xy_conv_add_month(app, m, from, to, err)) || (rc = lateness(app, m, units, err)) ||
        (rc = coverage(app, m, err)))
        return rc;
    json_object_set_new(params, "lateness", json_pack("{s:s, s:s}", "double_publicity", "7_workdays at most",
                                                      "arrival", "a batch with at least one row"));
    json_object_set_new(params, "report_coverage", json_pack("{s:s, s:s, s:i, s:f}", "black_class", BLACK_CLASS,
                                                             "poor_grade", POOR_GRADE, "months", COVERAGE_MONTHS,
                                                             "target", 0.8));
    json_object_set_new(params, "conversion", json_pack("{s:f, s:f}", "target_conversion", XY_CONV_TARGET_CONVERSION,
                                                        "target_bad_rate", XY_CONV_TARGET_BAD_RATE));
    return XY_OK;
}
