/* SPDX-License-Identifier: Apache-2.0 */
/* The dashboards (dashboard.h): refreshing the daily aggregates from the store's facts by day
 * (core/monitor_dash.h turns each into counts), and the three reads, which touch mon_month only
 * (and the drill-down its own page of rows). */
#include "app/dashboard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_int.h"
#include "app/calendar.h"
#include "common/xy_alloc.h"
#include "core/monitor.h"
#include "core/monitor_dash.h"
#include "core/region.h"
#include "core/uscc.h"

#define STOCK_MONTHS 13 /* list stock is taken at the end of the months a trend shows */
#define PENDING 512     /* counts written a statement at a time */

/* ---- refreshing -------------------------------------------------------------------------------- */

struct refresh {
    struct xy_store *st;
    const struct xy_mon_params *p;
    const struct xy_calendar *cal;
    struct xy_date first, last, seen; /* seen: the earliest day with a count */
    int counted, any;                 /* a count in this part; in an earlier part */
    const char *month;                /* stock rows: the month they belong to */
    struct xy_error *err;
    int rc;
    /* counts waiting to be written, with their texts (the facts' strings last one callback) */
    struct xy_mon_agg_row pend[PENDING];
    char text[PENDING][4][64];
    size_t npend;
};

static int flush(struct refresh *r)
{
    if (!r->rc && r->npend)
        r->rc = r->st->ops->mon_agg_add(r->st, r->pend, r->npend, r->err);
    r->npend = 0;
    return r->rc;
}

static int add(struct refresh *r, const char *period, const char *dept, const char *cls, const char *metric, int64_t n)
{
    if (r->npend == PENDING && flush(r))
        return r->rc;
    size_t i = r->npend++;
    const char *in[4] = {period, dept ? dept : "", cls ? cls : "", metric};
    for (int k = 0; k < 4; k++)
        snprintf(r->text[i][k], sizeof r->text[i][k], "%s", in[k]);
    r->pend[i] = (struct xy_mon_agg_row){r->text[i][0], r->text[i][1], NULL, r->text[i][2], r->text[i][3], n};
    return 0;
}

static int emit(void *ctx, const char *day, const char *dept, const char *cls, const char *metric, int64_t n)
{
    struct refresh *r = ctx;
    struct xy_date d;
    if (!xy_date_parse(day, strlen(day), &d) && xy_date_cmp(d, r->seen) < 0)
        r->seen = d;
    r->counted = 1;
    return add(r, day, dept, cls, metric, n);
}

static int day_fact(void *ctx, const struct xy_mon_fact *f)
{
    struct refresh *r = ctx;
    if (r->rc)
        return r->rc;
    int rc = xy_dash_fact(r->p, r->cal, r->first, r->last, f, emit, r, r->err);
    return r->rc ? r->rc : (r->rc = rc);
}

static int stock_fact(void *ctx, const struct xy_mon_fact *f)
{
    return add(ctx, ((struct refresh *)ctx)->month, f->dept, f->cls, "stock", f->n);
}

/* Inside a transaction: counts of first..last (days of one month), their cutoffs, the month's list
 * stock when it is one of the last STOCK_MONTHS up to now_mo, the month's sums. final: the last
 * part of the refresh. OUT: *days counts the days given a cutoff. */
static int rebuild(struct xy_app *app, struct refresh *r, struct xy_date first, struct xy_date last,
                   struct xy_month now_mo, int final, int *days)
{
    struct xy_store *st = app->store;
    struct xy_list_filter lf;
    struct xy_month mo = xy_month_of(first);
    char d0[11], d1[11], ms[8], from[32], to[32], prev[11], now[32];
    int rc;
    /* first is the first day of a month (the month is summed again whole) */
    xy_app_list_filter(app, &lf);
    xy_date_format(first, d0);
    xy_date_format(last, d1);
    xy_month_format(mo, ms);
    /* the days' UTC bounds: 00:00 Beijing time on first up to 00:00 Beijing time after last */
    xy_date_format(xy_date_from_days(xy_date_to_days(first) - 1), prev);
    snprintf(from, sizeof from, "%sT16:00:00Z", prev);
    snprintf(to, sizeof to, "%sT16:00:00Z", d1);
    r->first = first;
    r->last = last;
    r->seen = last;
    r->counted = 0;
    if ((rc = st->ops->mon_agg_clear(st, d0, d1, ms, ms, r->err)))
        return rc;
    struct xy_mon_scan scan = {from, to, d1, r->p->list_classes, lf.statuses, r->p->exit_kinds, 0};
    if ((rc = st->ops->mon_day_facts(st, &scan, 0, day_fact, r, r->err)) || (rc = r->rc) || (rc = flush(r)))
        return rc;
    /* a cutoff for each day from the earliest count on (days before it have none to drill); when
     * nothing was ever counted, today's */
    int32_t b = xy_date_to_days(last), a = b + 1;
    if (r->any)
        a = xy_date_to_days(first);
    else if (r->counted)
        a = xy_date_to_days(xy_date_cmp(r->seen, first) > 0 ? r->seen : first);
    else if (final)
        a = b;
    for (int32_t d = a; d <= b; d++) {
        char ds[11], cs[11];
        xy_date_format(xy_date_from_days(d), ds);
        xy_date_format(xy_dash_cutoff(r->cal, xy_date_from_days(d)), cs);
        if ((rc = st->ops->mon_cutoff_put(st, ds, cs, r->err)))
            return rc;
    }
    if (days && a <= b)
        *days += (int)(b - a + 1);
    /* list stock at the end of a recent month since the first count (the present month: as of
     * now); a month before any count holds no stock */
    if (xy_month_cmp(mo, xy_month_add(now_mo, -(STOCK_MONTHS - 1))) >= 0 &&
        (r->any || r->counted || !xy_month_cmp(mo, now_mo))) {
        char mf[32], mt[32], lastday[11];
        xy_month_bounds(mo, mf, mt);
        xy_date_format(xy_month_last(mo), lastday);
        struct xy_mon_scan sc = {mf, mt, lastday, r->p->list_classes, lf.statuses, r->p->exit_kinds, 0};
        r->month = ms;
        if ((rc = st->ops->mon_day_facts(st, &sc, 1, stock_fact, r, r->err)) || (rc = r->rc) || (rc = flush(r)))
            return rc;
    }
    r->any |= r->counted;
    xy_clock_stamp(&app->clock, now);
    return st->ops->mon_agg_rollup(st, ms, ms, d1, now, r->err);
}

int xy_dash_refresh(struct xy_app *app, int full, int *days, struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct xy_mon_params p;
    struct xy_calendar cal;
    struct xy_date today = xy_clock_today(&app->clock), first = {2000, 1, 1};
    char day[11], at[32], rules[64], stored[64] = "", since[32];
    int64_t mark = 0;
    int rc, in_txn = 0;
    xy_mon_params_default(&p, app->catalog);
    xy_calendar_init(&cal);
    struct refresh *r = xy_calloc(1, sizeof *r);
    if (!r) {
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        goto out;
    }
    *r = (struct refresh){.st = st, .p = &p, .cal = &cal, .first = first, .last = today, .seen = today, .err = err};
    if ((rc = xy_calendar_load(app, &cal, err)))
        goto out;
    xy_dash_rules(&p, &cal, rules);
    if ((rc = st->ops->begin(st, err)))
        goto out;
    in_txn = 1;
    rc = st->ops->mon_refresh_get(st, day, at, err);
    if (!rc)
        rc = st->ops->mon_mark_get(st, &mark, stored, err);
    if (rc == XY_ENOTFOUND) {
        xy_error_clear(err);
        rc = XY_OK;
        full = 1;
    }
    /* counted by other rules or another calendar (or before the mark was kept): every day again */
    if (!rc && strcmp(stored, rules))
        full = 1;
    /* from the first day of the month the last refresh reached: that month is summed again whole */
    if (!rc && !full) {
        struct xy_date d;
        if (!xy_date_parse(day, strlen(day), &d))
            first = xy_month_first(xy_month_of(d));
        if (xy_date_cmp(first, today) > 0) /* the clock went back: redo the present month */
            first = xy_month_first(xy_month_of(today));
        /* a record stored since the last refresh with a stamp before it (the clock went back)
         * counts on its own day: its month is summed again too */
        struct xy_date sd;
        if (!(rc = st->ops->mon_records_after(st, mark, "", "~", since, err)) && *since &&
            !xy_stamp_beijing_day(since, &sd) && xy_date_cmp(sd, first) < 0)
            first = xy_month_first(xy_month_of(sd));
    }
    /* month by month; a month that counted something is committed with the mark, so that writers
     * wait for one month's work at most and a refresh cut short resumes from where it stopped
     * (months with nothing go with the next that has something) */
    struct xy_month now_mo = xy_month_of(today);
    if (days)
        *days = 0;
    for (struct xy_date f = first; !rc;) {
        struct xy_month mo = xy_month_of(f);
        int final = xy_month_cmp(mo, now_mo) >= 0;
        if (!in_txn && (rc = st->ops->begin(st, err)))
            break;
        in_txn = 1;
        if ((rc = rebuild(app, r, f, final ? today : xy_month_last(mo), now_mo, final, days)))
            break;
        if (r->counted || final) {
            if ((rc = st->ops->mon_mark_set(st, rules, err)) || (rc = st->ops->commit(st, err)))
                break;
            in_txn = 0;
        }
        if (final)
            break;
        f = xy_month_first(xy_month_add(mo, 1));
    }
    if (rc && in_txn)
        st->ops->rollback(st);
out:
    xy_free(r);
    xy_calendar_free(&cal);
    return rc;
}

/* ---- reading ----------------------------------------------------------------------------------- */

static int may_read(const struct xy_principal *by, struct xy_error *err)
{
    return by->role == XY_ROLE_OFFICE || by->role == XY_ROLE_AUDITOR || by->role == XY_ROLE_OPERATOR ||
                   by->role == XY_ROLE_DEPARTMENT
               ? XY_OK
               : xy_error_set(err, XY_EDENIED, "无权查看监测看板 (not allowed to read the dashboards)");
}

/* month, or the present month when none is named. */
static int month_arg(struct xy_app *app, const char *month, struct xy_month *mo, struct xy_error *err)
{
    if (!month || !*month) {
        *mo = xy_month_of(xy_clock_today(&app->clock));
        return XY_OK;
    }
    if (xy_month_parse(month, mo))
        return xy_error_set(err, XY_EINVAL, "月份须为 YYYY-MM (the month must be YYYY-MM, 2000-01 to 2098-12)");
    if (xy_month_cmp(*mo, xy_month_of(xy_clock_today(&app->clock))) > 0)
        return xy_error_set(err, XY_EINVAL, "%s 尚未开始 (month %s has not begun)", month, month);
    return XY_OK;
}

/* The department a read is about: a department key's own; the office's choice (NULL: all). */
static int which(const struct xy_principal *by, const char *named, char out[19], const char **dept,
                 struct xy_error *err)
{
    if (by->role == XY_ROLE_DEPARTMENT) {
        if (named && *named && strcmp(named, by->dept_uscc))
            return xy_error_set(err, XY_EDENIED, "部门只能查看本部门 (a department sees its own figures only)");
        snprintf(out, 19, "%s", by->dept_uscc);
        *dept = out;
        return XY_OK;
    }
    *dept = NULL;
    if (!named || !*named)
        return XY_OK;
    struct xy_id_result res;
    if (xy_uscc_check(named, strlen(named), &res) != XY_ID_OK || res.placeholder)
        return xy_error_set(err, XY_EINVAL, "dept 须为部门的统一社会信用代码 (dept must be a department's unified social "
                            "credit code)");
    snprintf(out, 19, "%.18s", res.normalized);
    *dept = out;
    return XY_OK;
}

static json_t *refreshed(struct xy_app *app)
{
    char day[11], at[32];
    struct xy_error e = {0};
    if (app->store->ops->mon_refresh_get(app->store, day, at, &e))
        return json_null();
    return json_pack("{s:s, s:s}", "day", day, "at", at);
}

/* Buckets of sums by (month, department), rows arriving in the store's key order. */
struct bucket {
    char month[8], dept[19], region[7];
    struct xy_dash_sums s;
};
struct buckets {
    const struct xy_mon_params *p;
    struct bucket *b;
    size_t n, cap;
    int oom;
};

static int agg_cb(void *ctx, const struct xy_mon_agg_row *a)
{
    struct buckets *bs = ctx;
    struct bucket *b = bs->n ? &bs->b[bs->n - 1] : NULL;
    if (!b || strcmp(b->month, a->period) || strncmp(b->dept, a->dept, sizeof b->dept - 1)) {
        b = NULL;
        for (size_t i = 0; i < bs->n; i++)
            if (!strcmp(bs->b[i].month, a->period) && !strncmp(bs->b[i].dept, a->dept, sizeof b->dept - 1)) {
                b = &bs->b[i];
                break;
            }
    }
    if (!b) {
        if (bs->n == bs->cap) {
            size_t cap = bs->cap ? bs->cap * 2 : 64;
            struct bucket *nb = xy_realloc(bs->b, cap * sizeof *nb);
            if (!nb) {
                bs->oom = 1;
                return XY_ENOMEM;
            }
            bs->b = nb;
            bs->cap = cap;
        }
        b = &bs->b[bs->n++];
        memset(b, 0, sizeof *b);
        snprintf(b->month, sizeof b->month, "%s", a->period);
        snprintf(b->dept, sizeof b->dept, "%s", a->dept);
        snprintf(b->region, sizeof b->region, "%s", a->region ? a->region : "");
    }
    xy_dash_add(bs->p, &b->s, a->cls, a->metric, a->n);
    return 0;
}

static void sum_into(struct xy_dash_sums *to, const struct xy_dash_sums *from)
{
    for (int k = 0; k < XY_DS_N; k++)
        if (k != XY_DS_DEPTS)
            to->v[k] += from->v[k];
    /* a department takes part in joint reward and punishment with a check or feedback (category 3);
     * the city's sums count them already */
    to->v[XY_DS_DEPTS] += from->v[XY_DS_DEPTS] ? from->v[XY_DS_DEPTS]
                                                : from->v[XY_DS_CHECKS] + from->v[XY_DS_FEEDBACK] > 0;
}

int xy_dash_trends(struct xy_app *app, const struct xy_principal *by, const char *month, const char *dept,
                   json_t **out, struct xy_error *err)
{
    struct xy_month mo;
    struct xy_mon_params p;
    char code[19], m0[8], m1[8];
    const char *d;
    int rc;
    if ((rc = may_read(by, err)) || (rc = month_arg(app, month, &mo, err)) || (rc = which(by, dept, code, &d, err)))
        return rc;
    xy_mon_params_default(&p, app->catalog);
    xy_month_format(xy_month_add(mo, -11), m0);
    xy_month_format(mo, m1);
    struct buckets bs = {&p, NULL, 0, 0, 0};
    /* the city: its sums, a few hundred rows whatever the number of departments */
    if ((rc = app->store->ops->mon_agg_read(app->store, m0, m1, d ? d : "*", agg_cb, &bs, err))) {
        xy_free(bs.b);
        return rc;
    }
    struct xy_dash_sums sums[12];
    memset(sums, 0, sizeof sums);
    json_t *months = json_array(), *series = json_object(), *cols = xy_dash_columns();
    for (size_t i = 0; i < bs.n; i++) {
        struct xy_month bm;
        if (xy_month_parse(bs.b[i].month, &bm))
            continue;
        int k = (bm.y - mo.y) * 12 + (bm.m - mo.m) + 11;
        if (k >= 0 && k < 12)
            sum_into(&sums[k], &bs.b[i].s);
    }
    xy_free(bs.b);
    for (int k = 0; k < 12; k++) {
        char ms[8];
        xy_month_format(xy_month_add(mo, k - 11), ms);
        json_array_append_new(months, json_string(ms));
        json_t *v = xy_dash_values(&sums[k]), *val;
        const char *key;
        json_object_foreach(v, key, val)
        {
            json_t *arr = json_object_get(series, key);
            if (!arr)
                json_object_set_new(series, key, arr = json_array());
            json_array_append(arr, val);
        }
        json_decref(v);
    }
    *out = json_pack("{s:s, s:s, s:s?, s:o, s:o, s:o, s:o}", "from", m0, "to", m1, "dept", d, "refreshed",
                     refreshed(app), "columns", cols, "months", months, "series", series);
    return *out ? XY_OK : xy_error_set(err, XY_ENOMEM, "out of memory");
}

struct ranked {
    const char *key; /* department code or region */
    struct xy_dash_sums s;
    double order;
};

static int ranked_cmp(const void *x, const void *y)
{
    const struct ranked *a = x, *b = y;
    if (a->order != b->order)
        return a->order > b->order ? -1 : 1;
    return strcmp(a->key, b->key);
}

static int names_cb(void *ctx, const struct xy_unit_row *u)
{
    json_object_set_new(ctx, u->uscc, json_pack("{s:s, s:s?, s:s?}", "name", u->name, "region", u->region, "level",
                                                u->level));
    return 0;
}

int xy_dash_rankings(struct xy_app *app, const struct xy_principal *by, const char *month, const char *key,
                     json_t **out, struct xy_error *err)
{
    struct xy_month mo;
    struct xy_mon_params p;
    struct xy_dash_sums probe = {{0}}, city = {{0}};
    char code[19], ms[8];
    const char *d;
    int rc;
    if (!key || !*key)
        key = "publicity_rate";
    if ((rc = may_read(by, err)) || (rc = month_arg(app, month, &mo, err)) || (rc = which(by, NULL, code, &d, err)))
        return rc;
    if (xy_dash_value_of(&probe, key) == -2)
        return xy_error_set(err, XY_EINVAL, "没有此指标：%.40s (no such figure: %.40s)", key, key);
    xy_mon_params_default(&p, app->catalog);
    xy_month_format(mo, ms);
    struct buckets bs = {&p, NULL, 0, 0, 0};
    json_t *names = json_object();
    if ((rc = app->store->ops->mon_agg_read(app->store, ms, ms, d, agg_cb, &bs, err)) ||
        (rc = app->store->ops->units(app->store, names_cb, names, err))) {
        xy_free(bs.b);
        json_decref(names);
        return rc;
    }
    struct ranked *depts = bs.n ? xy_calloc(bs.n, sizeof *depts) : NULL, *dists = bs.n ? xy_calloc(bs.n, sizeof *dists) : NULL;
    size_t nd = 0, nr = 0;
    if (bs.n && (!depts || !dists)) {
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < bs.n; i++) {
        struct bucket *b = &bs.b[i];
        if (!b->dept[0])
            continue; /* the platform's own counts (reports) are the city's only */
        depts[nd].key = b->dept;
        sum_into(&depts[nd].s, &b->s);
        nd++;
        size_t k;
        for (k = 0; k < nr && strcmp(dists[k].key, b->region); k++)
            ;
        if (k == nr)
            dists[nr++].key = b->region;
        sum_into(&dists[k].s, &b->s);
    }
    for (size_t i = 0; i < bs.n; i++)
        sum_into(&city, &bs.b[i].s);
    for (size_t i = 0; i < nd; i++)
        depts[i].order = xy_dash_value_of(&depts[i].s, key);
    for (size_t i = 0; i < nr; i++)
        dists[i].order = xy_dash_value_of(&dists[i].s, key);
    if (nd)
        qsort(depts, nd, sizeof *depts, ranked_cmp);
    if (nr)
        qsort(dists, nr, sizeof *dists, ranked_cmp);
    json_t *jd = json_array(), *jr = json_array();
    for (size_t i = 0; i < nd; i++) {
        json_t *u = json_object_get(names, depts[i].key);
        const char *region = json_string_value(json_object_get(u, "region"));
        const struct xy_district *dist = region ? xy_region_district(region) : NULL;
        json_array_append_new(jd, json_pack("{s:i, s:s, s:O?, s:s?, s:s?, s:O?, s:o}", "rank", (int)i + 1, "dept",
                                            depts[i].key, "name", json_object_get(u, "name"), "region", region,
                                            "region_name", dist ? dist->name : NULL, "level",
                                            json_object_get(u, "level"), "values", xy_dash_values(&depts[i].s)));
    }
    for (size_t i = 0; !d && i < nr; i++) {
        const struct xy_district *dist = xy_region_district(dists[i].key);
        json_array_append_new(jr, json_pack("{s:i, s:s, s:s, s:o}", "rank", (int)i + 1, "region", dists[i].key,
                                            "region_name", dist ? dist->name : "未登记单位", "values",
                                            xy_dash_values(&dists[i].s)));
    }
    *out = json_pack("{s:s, s:s, s:o, s:o, s:o, s:o}", "month", ms, "by", key, "refreshed", refreshed(app), "columns",
                     xy_dash_columns(), "departments", jd, "districts", jr);
    if (*out && !d)
        json_object_set_new(*out, "city", xy_dash_values(&city));
    if (!*out)
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
out:
    xy_free(depts);
    xy_free(dists);
    xy_free(bs.b);
    json_decref(names);
    return rc;
}

/* ---- drill-down -------------------------------------------------------------------------------- */

struct drill {
    json_t *items;
    struct xy_date today;
    int rejected, n;
    char next[64];
};

static int drill_cb(void *ctx, const struct xy_mon_drill_row *r)
{
    struct drill *c = ctx;
    json_t *o;
    if (c->rejected) {
        o = json_pack("{s:I, s:I, s:s, s:s?, s:I, s:s?, s:s?, s:s?, s:s?}", "batch", (json_int_t)r->a, "seq",
                      (json_int_t)r->b, "class", r->cls, "finished_at", r->at, "row", (json_int_t)r->row_no, "field",
                      r->field, "value", r->value, "code", r->code, "reason", r->reason);
        /* what a clerk typed may hold an ID number */
        if (o && (xy_app_mask_member(o, "value", c->today) || xy_app_mask_member(o, "reason", c->today))) {
            json_decref(o);
            return XY_ENOMEM;
        }
        snprintf(c->next, sizeof c->next, "%lld-%lld", (long long)r->a, (long long)r->b);
    } else {
        o = json_pack("{s:I, s:s, s:s?, s:s?, s:s?, s:s?}", "record", (json_int_t)r->a, "class", r->cls, "doc_no",
                      r->doc_no, "decision_date", r->decision_date, "stored_at", r->at, "subject", r->subject);
        if (o && xy_app_mask_member(o, "doc_no", c->today)) {
            json_decref(o);
            return XY_ENOMEM;
        }
        snprintf(c->next, sizeof c->next, "%s~%lld", r->at ? r->at : "", (long long)r->a);
    }
    if (!o || json_array_append_new(c->items, o))
        return XY_ENOMEM;
    c->n++;
    return 0;
}

int xy_dash_drill(struct xy_app *app, const struct xy_principal *by, const char *month, const char *dept,
                  const char *kind, const char *cls, const char *cursor, int limit, json_t **out,
                  struct xy_error *err)
{
    struct xy_month mo;
    struct xy_mon_params p;
    char code[19], from[32], to[32], at[40] = "";
    const char *d;
    int64_t dept_id = 0, a = 0, b = 0;
    int rc, rejected;
    if ((rc = may_read(by, err)) || (rc = month_arg(app, month, &mo, err)) || (rc = which(by, dept, code, &d, err)))
        return rc;
    if (!d)
        return xy_error_set(err, XY_EINVAL, "须指定部门 dept (name the department: dept)");
    if (!kind || (strcmp(kind, "late") && strcmp(kind, "rejected")))
        return xy_error_set(err, XY_EINVAL, "kind 须为 late 或 rejected (kind must be late or rejected)");
    rejected = !strcmp(kind, "rejected");
    xy_mon_params_default(&p, app->catalog);
    int dp = 0;
    for (int i = 0; cls && p.dp_classes[i]; i++)
        dp |= !strcmp(p.dp_classes[i], cls);
    if (!dp)
        return xy_error_set(err, XY_EINVAL, "class 须为双公示类别 license 或 penalty (class must be a double publicity "
                            "class: license or penalty)");
    if (limit < 1 || limit > 200)
        return xy_error_set(err, XY_EINVAL, "limit 须为 1 至 200 (limit must be 1 to 200)");
    if (cursor && *cursor) {
        /* late: STAMP~ID; rejected: BATCH-SEQ */
        char *end = NULL;
        const char *t = strrchr(cursor, rejected ? '-' : '~');
        size_t alen = t ? (size_t)(t - cursor) : 0;
        int ok = t && alen > 0 && alen < sizeof at;
        if (ok && rejected) {
            a = strtoll(cursor, &end, 10);
            ok = end == t;
            b = strtoll(t + 1, &end, 10);
            ok = ok && *end == '\0' && a >= 0 && b >= 0;
        } else if (ok) {
            memcpy(at, cursor, alen);
            at[alen] = '\0';
            a = strtoll(t + 1, &end, 10);
            ok = *end == '\0' && a >= 0;
        }
        if (!ok)
            return xy_error_set(err, XY_EINVAL, "cursor 无法识别 (cursor: not one this API gave)");
    }
    if ((rc = app->store->ops->dept_get(app->store, d, &dept_id, NULL, 0, err)))
        return rc;
    char ms[8];
    xy_month_format(mo, ms);
    xy_month_bounds(mo, from, to);
    struct drill c = {json_array(), xy_clock_today(&app->clock), rejected, 0, ""};
    struct xy_mon_drill q = {rejected, dept_id, cls, from, to, at[0] ? at : NULL, a, b, limit};
    if (!c.items)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    if ((rc = app->store->ops->mon_drill(app->store, &q, drill_cb, &c, err))) {
        json_decref(c.items);
        return rc;
    }
    *out = json_pack("{s:s, s:s, s:s, s:s, s:o, s:s?}", "month", ms, "dept", d, "kind", kind, "class", cls,
                     "items", c.items, "next", c.n == limit ? c.next : NULL);
    return *out ? XY_OK : xy_error_set(err, XY_ENOMEM, "out of memory");
}
