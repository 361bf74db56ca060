/* SPDX-License-Identifier: Apache-2.0 */
/* Monitoring use cases (monitor.h): units, collection catalogues, declarations, entered figures and
 * the month's figures, gathered from the store and computed by core/monitor.h; closing freezes them. */
#include "app/monitor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_int.h"
#include "app/audit.h"
#include "app/calendar.h"
#include "app/dashboard.h"
#include "app/monitor_int.h"
#include "common/xy_alloc.h"
#include "common/xy_utf8.h"
#include "core/monitor.h"
#include "core/monitor_dash.h"
#include "core/publicity.h"
#include "core/region.h"
#include "core/uscc.h"

int xy_unit_check(const char *region, const char *level, struct xy_error *err)
{
    return xy_mon_unit_check(region, level, err);
}

/* The department a request is about: a department key's own; for the office and the operator the
 * one named. OUT: id and code. */
static int which_dept(struct xy_app *app, const struct xy_principal *by, const char *named, int64_t *id,
                      char uscc[19], struct xy_error *err)
{
    if (by->role == XY_ROLE_DEPARTMENT) {
        if (named && *named && strcmp(named, by->dept_uscc) != 0)
            return xy_error_set(err, XY_EDENIED, "部门只能为本部门申报 (a department declares for itself only)");
        *id = by->dept_id;
        snprintf(uscc, 19, "%s", by->dept_uscc);
        return XY_OK;
    }
    if (by->role != XY_ROLE_OFFICE && by->role != XY_ROLE_OPERATOR)
        return xy_error_set(err, XY_EDENIED, "无权填报 (not allowed to report)");
    struct xy_id_result res;
    if (!named || xy_uscc_check(named, strlen(named), &res) != XY_ID_OK || res.placeholder)
        return xy_error_set(err, XY_EINVAL, "须指定部门的统一社会信用代码 (name the department by its unified social "
                            "credit code)");
    snprintf(uscc, 19, "%.18s", res.normalized);
    return app->store->ops->dept_get(app->store, uscc, id, NULL, 0, err);
}

int xy_unit_set(struct xy_app *app, const struct xy_principal *by, const char *uscc, const char *region,
                const char *level, struct xy_error *err)
{
    struct xy_store *st = app->store;
    int64_t id;
    char code[19], object[40];
    int rc;
    if ((rc = xy_mon_unit_check(region, level, err)) || (rc = which_dept(app, by, uscc, &id, code, err)))
        return rc;
    snprintf(object, sizeof object, "dept/%s", code);
    if ((rc = st->ops->begin(st, err)))
        return rc;
    rc = st->ops->unit_set(st, id, region, level, err);
    return xy_audit_commitj(app, by, "dept.unit", object, json_pack("{s:s, s:s}", "region", region, "level", level),
                            rc, err);
}

int xy_plan_set(struct xy_app *app, const struct xy_principal *by, const char *uscc, const char *text, size_t len,
                char **faults, struct xy_error *err)
{
    struct xy_store *st = app->store;
    json_t *plan = NULL;
    char *body = NULL, code[19], object[40], now[32];
    int64_t id;
    int rc;
    if (faults)
        *faults = NULL;
    if ((rc = which_dept(app, by, uscc, &id, code, err)) ||
        (rc = xy_mon_plan_parse(text, len, app->catalog, &plan, faults, err)))
        return rc;
    if (!(body = json_dumps(plan, JSON_COMPACT))) {
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        goto out;
    }
    snprintf(object, sizeof object, "dept/%s", code);
    xy_clock_stamp(&app->clock, now);
    if (!(rc = st->ops->begin(st, err))) {
        rc = st->ops->plan_set(st, id, body, now, err);
        rc = xy_audit_commitj(app, by, "dept.plan", object,
                              json_pack("{s:I}", "classes", (json_int_t)json_array_size(json_object_get(plan, "classes"))),
                              rc, err);
    }
out:
    free(body);
    json_decref(plan);
    return rc;
}

static int unit_json(void *ctx, const struct xy_unit_row *u)
{
    const struct xy_district *d = xy_region_district(u->region);
    json_t *plan = u->plan ? json_loads(u->plan, 0, NULL) : NULL;
    return json_array_append_new(ctx, json_pack("{s:s, s:s, s:s?, s:s?, s:s?, s:o?}", "uscc", u->uscc, "name", u->name,
                                                "region", u->region, "region_name", d ? d->name : NULL, "level",
                                                u->level, "plan", plan))
               ? 1
               : 0;
}

int xy_units_list(struct xy_app *app, json_t **out, struct xy_error *err)
{
    json_t *items = json_array();
    int rc = items ? app->store->ops->units(app->store, unit_json, items, err)
                   : xy_error_set(err, XY_ENOMEM, "out of memory");
    if (rc) {
        json_decref(items);
        items = NULL;
    }
    *out = items;
    return rc;
}

/* ---- months ------------------------------------------------------------------------------------ */

static int month_arg(struct xy_app *app, const char *month, struct xy_month *mo, struct xy_error *err)
{
    if (xy_month_parse(month, mo))
        return xy_error_set(err, XY_EINVAL, "月份须为 YYYY-MM (the month must be YYYY-MM, 2000-01 to 2098-12)");
    if (xy_month_cmp(*mo, xy_month_of(xy_clock_today(&app->clock))) > 0)
        return xy_error_set(err, XY_EINVAL, "%s 尚未开始 (month %s has not begun)", month, month);
    return XY_OK;
}

static int get_month(void *ctx, const struct xy_month_row *m)
{
    json_t **doc = ctx;
    *doc = json_pack("{s:s, s:s?, s:s?, s:s?, s:s?, s:I, s:i}", "state", m->state, "rules", m->rules, "params",
                     m->params, "figures", m->figures, "closed_at", m->closed_at, "closed_by", (json_int_t)m->closed_by,
                     "reopened", m->reopened);
    return 0;
}

/* The stored row of a month as JSON text members, or NULL when never closed. */
static int month_row(struct xy_app *app, const char *month, json_t **row, struct xy_error *err)
{
    *row = NULL;
    int rc = app->store->ops->month_get(app->store, month, get_month, row, err);
    if (rc == XY_ENOTFOUND) {
        xy_error_clear(err);
        return XY_OK;
    }
    return rc;
}

static int is_closed(const json_t *row)
{
    return row && !strcmp(json_string_value(json_object_get(row, "state")), "closed");
}

/* Refuses a change to a closed month. */
static int month_open(struct xy_app *app, const char *month, struct xy_error *err)
{
    json_t *row;
    int rc = month_row(app, month, &row, err);
    if (!rc && is_closed(row))
        rc = xy_error_set(err, XY_ESTATE, "%s 已结账，须先由信用办重新开账 (month %s is closed; the office must reopen it "
                          "first)", month, month);
    json_decref(row);
    return rc;
}

int xy_declaration_put(struct xy_app *app, const struct xy_principal *by, const char *dept_uscc, const char *month,
                       const char *text, size_t len, char **faults, struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct xy_month mo;
    json_t *decl = NULL;
    char *body = NULL, code[19], object[48], now[32];
    int64_t id;
    int rc;
    if (faults)
        *faults = NULL;
    if ((rc = month_arg(app, month, &mo, err)) || (rc = which_dept(app, by, dept_uscc, &id, code, err)) ||
        (rc = xy_mon_declaration_parse(text, len, app->catalog, &decl, faults, err)))
        return rc;
    if (!(body = json_dumps(decl, JSON_COMPACT))) {
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        goto out;
    }
    snprintf(object, sizeof object, "declaration/%s/%.7s", code, month);
    xy_clock_stamp(&app->clock, now);
    if (!(rc = st->ops->begin(st, err))) {
        /* checked inside the transaction, so that a close cannot slip in between */
        if (!(rc = month_open(app, month, err)))
            rc = st->ops->declaration_put(st, id, month, body, now, by->key_id, err);
        rc = xy_audit_commit(app, by, "monitor.declare", object, NULL, rc, err);
    }
out:
    free(body);
    json_decref(decl);
    return rc;
}

struct decl_ctx {
    json_t *doc;
    const char *month;
};

static int one_decl(void *ctx, const char *dept, const char *body, const char *at)
{
    struct decl_ctx *c = ctx;
    json_t *b = json_loads(body, 0, NULL);
    c->doc = json_pack("{s:s, s:s, s:s, s:O?}", "dept", dept, "month", c->month, "declared_at", at, "classes",
                       json_object_get(b, "classes"));
    json_decref(b);
    return 1;
}

int xy_declaration_get(struct xy_app *app, const struct xy_principal *by, const char *dept_uscc, const char *month,
                       json_t **out, struct xy_error *err)
{
    struct xy_month mo;
    int64_t id;
    char code[19];
    int rc;
    struct decl_ctx c = {NULL, month};
    if (by->role == XY_ROLE_AUDITOR) { /* reads any, as the office does */
        struct xy_principal office = *by;
        office.role = XY_ROLE_OFFICE;
        rc = which_dept(app, &office, dept_uscc, &id, code, err);
    } else {
        rc = which_dept(app, by, dept_uscc, &id, code, err);
    }
    if (rc || (rc = month_arg(app, month, &mo, err)) ||
        (rc = app->store->ops->declarations(app->store, month, id, one_decl, &c, err)))
        return rc;
    if (!c.doc)
        return xy_error_set(err, XY_ENOTFOUND, "%s 未申报 %.7s 月 (%s has not declared %.7s)", code, month, code, month);
    *out = c.doc;
    return XY_OK;
}

int xy_entry_put(struct xy_app *app, const struct xy_principal *by, const char *dept_uscc, const char *month,
                 const char *text, size_t len, char **faults, struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct xy_month mo;
    json_t *e = NULL;
    char *body = NULL, code[19], object[64], now[32];
    int64_t id;
    int rc;
    if (faults)
        *faults = NULL;
    if ((rc = month_arg(app, month, &mo, err)) || (rc = which_dept(app, by, dept_uscc, &id, code, err)) ||
        (rc = xy_mon_entry_parse(text, len, &e, faults, err)))
        return rc;
    if (!(body = json_dumps(e, JSON_COMPACT))) {
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        goto out;
    }
    int cat = (int)json_integer_value(json_object_get(e, "category"));
    if (cat == XY_MON_EXTRA && (rc = xy_extra_may_enter(app, by, err)))
        goto out;
    snprintf(object, sizeof object, "entry/%.7s/%d/%s", month, cat, code);
    xy_clock_stamp(&app->clock, now);
    struct xy_entry_row row = {month, cat, id, NULL, json_string_value(json_object_get(e, "item")), body, now,
                               by->key_id, xy_role_name(by->role)};
    if (!(rc = st->ops->begin(st, err))) {
        if (!(rc = month_open(app, month, err)))
            rc = st->ops->entry_put(st, &row, err);
        rc = xy_audit_commitj(app, by, "monitor.entry", object, json_pack("{s:s}", "item", row.item), rc, err);
    }
out:
    free(body);
    json_decref(e);
    return rc;
}

/* ---- computing a month -------------------------------------------------------------------------- */

struct gather {
    struct xy_mon *m;
    json_t *units;   /* the store's rows, holding the strings units[] points into */
    json_t *entries; /* entered items, for the document */
    json_t *declared; /* object: dept -> declared_at */
    struct xy_error *err;
    int rc;
};

static int fact_cb(void *ctx, const struct xy_mon_fact *f)
{
    struct gather *g = ctx;
    return (g->rc = xy_mon_add_fact(g->m, f, g->err));
}

static int decl_cb(void *ctx, const char *dept, const char *body, const char *at)
{
    struct gather *g = ctx;
    json_t *b = json_loads(body, 0, NULL);
    g->rc = b ? xy_mon_add_declaration(g->m, dept, b, g->err) : xy_error_set(g->err, XY_ECORRUPT, "bad declaration");
    json_object_set_new(g->declared, dept, json_string(at));
    json_decref(b);
    return g->rc;
}

static int entry_cb(void *ctx, const struct xy_entry_row *e)
{
    struct gather *g = ctx;
    json_t *b = json_loads(e->body, 0, NULL);
    if (!b)
        return (g->rc = xy_error_set(g->err, XY_ECORRUPT, "bad entry"));
    g->rc = xy_mon_add_entry(g->m, e->dept_uscc, b, g->err);
    json_array_append_new(g->entries, json_pack("{s:i, s:s, s:O, s:O?, s:O, s:s, s:s, s:I}", "category", e->category,
                                                 "dept", e->dept_uscc, "item", json_object_get(b, "item"), "text",
                                                 json_object_get(b, "text"), "values", json_object_get(b, "values"),
                                                 "entered_at", e->entered_at, "role", e->role, "key",
                                                 (json_int_t)e->key_id));
    json_decref(b);
    return g->rc;
}

static int units_cb(void *ctx, const struct xy_unit_row *u)
{
    return unit_json(ctx, u);
}

/* Which category a class of a department's catalogue belongs to: 6, 1 or 7. */
static int class_category(const struct xy_mon_params *p, const char *cls)
{
    for (int i = 0; p->dp_classes[i]; i++)
        if (!strcmp(p->dp_classes[i], cls))
            return 6;
    for (int i = 0; p->list_classes[i]; i++)
        if (!strcmp(p->list_classes[i], cls))
            return 1;
    return 7;
}

/* Whether the month's record counts may come from the daily aggregates: a refresh ran after the
 * month ended, by the same rules and calendar, and no first version stored since it falls in the
 * month. Then the aggregates hold what the records would give (docs/internals/DASHBOARDS.md). */
static int aggregates_hold(struct xy_app *app, const struct xy_mon_params *p, const struct xy_calendar *cal,
                           const char *from, const char *to, const char *last, int *yes, struct xy_error *err)
{
    struct xy_store *st = app->store;
    char day[11], at[32], rules[64], stored[64], since[32];
    int64_t mark;
    int rc;
    *yes = 0;
    xy_dash_rules(p, cal, rules);
    if ((rc = st->ops->mon_refresh_get(st, day, at, err)) || (rc = st->ops->mon_mark_get(st, &mark, stored, err))) {
        if (rc != XY_ENOTFOUND)
            return rc;
        xy_error_clear(err);
        return XY_OK;
    }
    if (strcmp(day, last) <= 0 || strcmp(stored, rules))
        return XY_OK;
    if ((rc = st->ops->mon_records_after(st, mark, from, to, since, err)))
        return rc;
    *yes = !*since;
    return XY_OK;
}

/* aggregates_hold for month mo, outside any transaction. */
static int month_held(struct xy_app *app, struct xy_month mo, int *yes, struct xy_error *err)
{
    struct xy_mon_params p;
    struct xy_calendar cal;
    char from[32], to[32], last[11];
    xy_month_bounds(mo, from, to);
    xy_date_format(xy_month_last(mo), last);
    xy_mon_params_default(&p, app->catalog);
    xy_calendar_init(&cal);
    int rc = xy_calendar_load(app, &cal, err);
    if (!rc)
        rc = aggregates_hold(app, &p, &cal, from, to, last, yes, err);
    xy_calendar_free(&cal);
    return rc;
}

/* Computes month mo: OUT *doc {"month","rules","params","units","not_declared","entries",
 * "categories"}. With from_agg, the month's record counts come from the daily aggregates when they
 * hold them (*from_agg then 1, else 0); without, from the records. */
static int compute(struct xy_app *app, struct xy_month mo, json_t **doc, int *from_agg, struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct xy_mon_params p;
    struct xy_calendar cal;
    struct xy_mon m;
    struct xy_list_filter lf;
    struct xy_mon_unit *units = NULL;
    struct gather g = {&m, json_array(), json_array(), json_object(), err, 0};
    json_t *cats = NULL, *missing = json_array(), *params = NULL;
    char month[8], from[32], to[32], last[11];
    int rc;
    xy_month_format(mo, month);
    xy_month_bounds(mo, from, to);
    xy_date_format(xy_month_last(mo), last);
    xy_mon_params_default(&p, app->catalog);
    xy_app_list_filter(app, &lf);
    xy_calendar_init(&cal);
    xy_mon_init(&m, mo, &p, &cal);
    if (!g.units || !g.entries || !g.declared || !missing) {
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        goto out;
    }
    struct xy_mon_scan scan = {from, to, last, p.list_classes, lf.statuses, p.exit_kinds, 0};
    char first[11];
    xy_date_format(xy_month_first(mo), first);
    if ((rc = xy_calendar_load(app, &cal, err)) ||
        (from_agg && (rc = aggregates_hold(app, &p, &cal, from, to, last, &scan.no_records, err))))
        goto out;
    if (from_agg)
        *from_agg = scan.no_records;
    if ((rc = st->ops->units(st, units_cb, g.units, err)) || (rc = st->ops->mon_facts(st, &scan, fact_cb, &g, err)) ||
        (scan.no_records && (rc = st->ops->mon_day_records(st, first, last, fact_cb, &g, err))) ||
        (rc = st->ops->declarations(st, month, 0, decl_cb, &g, err)) ||
        (rc = xy_extra_load(app, &m, err)) || (rc = st->ops->entries(st, month, entry_cb, &g, err)))
        goto out;
    size_t n = json_array_size(g.units);
    if (n && !(units = xy_calloc(n, sizeof *units))) {
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        json_t *u = json_array_get(g.units, i), *plan = json_object_get(u, "plan"), *it;
        const char *code = json_string_value(json_object_get(u, "uscc"));
        size_t k;
        struct xy_mon_owed owed; /* the one rule of what a unit owes, as the countdown reads it */
        xy_mon_owed(plan, &p, 0, &owed);
        units[i] = (struct xy_mon_unit){code, json_string_value(json_object_get(u, "name")),
                                        json_string_value(json_object_get(u, "region")),
                                        json_string_value(json_object_get(u, "level"))};
        /* what its catalogue expects shows as a row, even when nothing arrived */
        json_array_foreach(json_object_get(plan, "classes"), k, it)
        {
            const char *cls = json_string_value(json_object_get(it, "class"));
            if ((rc = xy_mon_expect(&m, class_category(&p, cls), code, cls, err)))
                goto out;
        }
        /* a department whose catalogue names a double publicity class declares every month */
        if (owed.declares && !json_object_get(g.declared, code))
            json_array_append_new(missing, json_pack("{s:s, s:O}", "dept", code, "name", json_object_get(u, "name")));
    }
    if (!(params = xy_mon_params_json(&p))) {
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        goto out;
    }
    if ((rc = xy_mon_more(app, &m, g.units, params, err)) || (rc = xy_mon_json(&m, units, n, &cats, err)))
        goto out;
    *doc = json_pack("{s:s, s:s, s:O, s:O, s:O, s:O, s:O, s:o}", "month", month, "rules", XY_MON_RULES, "params",
                     params, "units", g.units, "declared", g.declared, "not_declared", missing,
                     "entries", g.entries, "categories", cats);
    if (!*doc)
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
out:
    xy_free(units);
    xy_mon_release(&m);
    xy_calendar_free(&cal);
    json_decref(g.units);
    json_decref(g.entries);
    json_decref(g.declared);
    json_decref(missing);
    json_decref(params);
    return rc;
}

/* Keeps only a department's own rows: units, entries and rows that are its, no sums. */
static void own_rows(json_t *doc, const char *dept)
{
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(doc, "categories"), i, c)
    {
        json_t *rows = json_object_get(c, "rows");
        for (size_t k = json_array_size(rows); k-- > 0;)
            if (strcmp(json_string_value(json_object_get(json_array_get(rows, k), "dept")), dept))
                json_array_remove(rows, k);
        json_object_del(c, "districts");
        json_object_del(c, "total");
        json_object_del(c, "city");
    }
    const char *lists[] = {"units", "entries", "not_declared"};
    for (int l = 0; l < 3; l++) {
        json_t *a = json_object_get(doc, lists[l]);
        for (size_t k = json_array_size(a); k-- > 0;) {
            json_t *x = json_array_get(a, k);
            const char *d = json_string_value(json_object_get(x, "uscc"));
            if (!d)
                d = json_string_value(json_object_get(x, "dept"));
            if (!d || strcmp(d, dept))
                json_array_remove(a, k);
        }
    }
    json_t *declared = json_object_get(doc, "declared"), *mine = json_object_get(declared, dept);
    json_object_set_new(doc, "declared", mine ? json_pack("{s:O}", dept, mine) : json_object());
}

int xy_month_json(struct xy_app *app, const struct xy_principal *by, const char *month, json_t **out,
                  struct xy_error *err)
{
    struct xy_month mo;
    json_t *row = NULL, *doc = NULL;
    int rc;
    if (by->role != XY_ROLE_OFFICE && by->role != XY_ROLE_AUDITOR && by->role != XY_ROLE_OPERATOR &&
        by->role != XY_ROLE_DEPARTMENT)
        return xy_error_set(err, XY_EDENIED, "无权查看月报 (not allowed to read the monthly report)");
    if ((rc = month_arg(app, month, &mo, err)) || (rc = month_row(app, month, &row, err)))
        return rc;
    if (is_closed(row)) {
        json_error_t je;
        doc = json_loads(json_string_value(json_object_get(row, "figures")), 0, &je);
        if (!doc)
            rc = xy_error_set(err, XY_ECORRUPT, "the frozen figures of %s do not read", month);
    } else {
        rc = compute(app, mo, &doc, NULL, err);
    }
    if (rc)
        goto out;
    struct xy_date today = xy_clock_today(&app->clock), due = xy_month_due(mo);
    char dues[11];
    xy_date_format(due, dues);
    json_object_set_new(doc, "state", json_string(is_closed(row) ? "closed" : "open"));
    json_object_set_new(doc, "due", json_string(dues));
    json_object_set_new(doc, "days_left", json_integer(xy_date_to_days(due) - xy_date_to_days(today)));
    json_object_set_new(doc, "closed_at", is_closed(row) ? json_incref(json_object_get(row, "closed_at")) : json_null());
    json_object_set_new(doc, "reopened", json_integer(row ? json_integer_value(json_object_get(row, "reopened")) : 0));
    if (by->role == XY_ROLE_DEPARTMENT)
        own_rows(doc, by->dept_uscc);
    *out = doc;
    doc = NULL;
out:
    json_decref(row);
    json_decref(doc);
    return rc;
}

static int office_only(const struct xy_principal *by, struct xy_error *err)
{
    return by->role == XY_ROLE_OFFICE || by->role == XY_ROLE_OPERATOR
               ? XY_OK
               : xy_error_set(err, XY_EDENIED, "只有信用办可以结账 (only the credit office closes a month)");
}

int xy_month_close(struct xy_app *app, const struct xy_principal *by, const char *month, struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct xy_month mo;
    json_t *row = NULL, *doc = NULL;
    char *figures = NULL, *params = NULL, now[32], object[24];
    int rc, from_agg = 0;
    if ((rc = office_only(by, err)) || (rc = month_arg(app, month, &mo, err)))
        return rc;
    if (xy_month_cmp(mo, xy_month_of(xy_clock_today(&app->clock))) >= 0)
        return xy_error_set(err, XY_ESTATE, "%s 尚未结束，不能结账 (month %s is not over yet)", month, month);
    /* the aggregates brought up to now first when they do not hold the month yet (the server
     * refreshes them daily: then they do), in their own transactions: the close then reads the
     * month's record counts from them instead of the month's records (what stays raw is small);
     * should that fail, the close counts the records */
    int held = 0;
    if (month_held(app, mo, &held, err) || (!held && xy_dash_refresh(app, 0, NULL, err)))
        xy_error_clear(err);
    xy_clock_stamp(&app->clock, now);
    snprintf(object, sizeof object, "month/%.7s", month);
    if ((rc = st->ops->begin(st, err)))
        return rc;
    /* computed inside the write transaction: what is frozen is what the platform held at this instant */
    if ((rc = month_row(app, month, &row, err)))
        goto done;
    if (is_closed(row)) {
        rc = xy_error_set(err, XY_ESTATE, "%s 已结账 (month %s is closed already)", month, month);
        goto done;
    }
    if ((rc = compute(app, mo, &doc, &from_agg, err)))
        goto done;
    figures = json_dumps(doc, JSON_COMPACT);
    params = json_dumps(json_object_get(doc, "params"), JSON_COMPACT);
    if (!figures || !params) {
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        goto done;
    }
    struct xy_month_row m = {month, "closed", XY_MON_RULES, params, figures, now, by->key_id,
                             row ? (int)json_integer_value(json_object_get(row, "reopened")) : 0};
    rc = st->ops->month_put(st, &m, err);
done:
    rc = xy_audit_commitj(app, by, "monitor.close", object,
                          json_pack("{s:s, s:I, s:s}", "rules", XY_MON_RULES, "not_declared",
                                    (json_int_t)json_array_size(json_object_get(doc, "not_declared")), "records",
                                    from_agg ? "aggregates" : "records"),
                          rc, err);
    free(figures);
    free(params);
    json_decref(row);
    json_decref(doc);
    return rc;
}

int xy_month_reopen(struct xy_app *app, const struct xy_principal *by, const char *month, const char *reason,
                    struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct xy_month mo;
    json_t *row = NULL;
    char object[24];
    size_t rlen = reason ? strlen(reason) : 0;
    int rc;
    if ((rc = office_only(by, err)) || (rc = month_arg(app, month, &mo, err)))
        return rc;
    if (!rlen || !xy_utf8_valid(reason, rlen) || xy_utf8_count(reason, rlen) > 500)
        return xy_error_set(err, XY_EINVAL, "重新开账须说明理由，1 至 500 字 (reopening needs a reason of 1 to 500 "
                            "characters)");
    snprintf(object, sizeof object, "month/%.7s", month);
    if ((rc = st->ops->begin(st, err)))
        return rc;
    if (!(rc = month_row(app, month, &row, err)) && !is_closed(row))
        rc = xy_error_set(err, XY_ESTATE, "%s 未结账 (month %s is not closed)", month, month);
    if (!rc) {
        /* the frozen figures stay in the row (and in the audit detail's reference) until the next close */
        struct xy_month_row m = {month,
                                 "open",
                                 json_string_value(json_object_get(row, "rules")),
                                 json_string_value(json_object_get(row, "params")),
                                 json_string_value(json_object_get(row, "figures")),
                                 NULL,
                                 by->key_id,
                                 (int)json_integer_value(json_object_get(row, "reopened")) + 1};
        rc = st->ops->month_put(st, &m, err);
    }
    rc = xy_audit_commitj(app, by, "monitor.reopen", object, json_pack("{s:s}", "reason", reason), rc, err);
    json_decref(row);
    return rc;
}
