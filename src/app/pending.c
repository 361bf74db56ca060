/* SPDX-License-Identifier: Apache-2.0 */
/* The countdown to the 22nd (pending.h): reads only the units, the month's declarations and entries
 * and the month's state, not the month's figures, so the console can ask it on every visit. What a
 * unit owes is core/monitor_owed.c's rule. */
#include "app/pending.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_int.h"
#include "app/calendar.h"
#include "app/conversion.h"
#include "common/xy_alloc.h"
#include "core/monitor.h"
#include "core/region.h"

struct pend {
    json_t *units;    /* object: code -> unit */
    json_t *order;    /* codes in the store's order */
    json_t *declared; /* object: code -> declared_at */
    json_t *entered;  /* object: code -> object: category -> 1 */
    const char *state;
    char state_buf[16];
    const char *only; /* a department key's own code, else NULL */
};

static int unit_cb(void *ctx, const struct xy_unit_row *u)
{
    struct pend *p = ctx;
    /* a reporting unit: registered with a level, or given a catalogue */
    if (!u->level && !u->plan)
        return 0;
    if (p->only && strcmp(p->only, u->uscc))
        return 0;
    const struct xy_district *d = u->region ? xy_region_district(u->region) : NULL;
    json_t *plan = u->plan ? json_loads(u->plan, 0, NULL) : NULL;
    json_t *o = json_pack("{s:s, s:s, s:s?, s:s?, s:s?, s:o?}", "dept", u->uscc, "name", u->name, "region", u->region,
                          "region_name", d ? d->name : NULL, "level", u->level, "plan", plan);
    if (!o || json_object_set_new(p->units, u->uscc, o) || json_array_append_new(p->order, json_string(u->uscc)))
        return 1;
    return 0;
}

static int decl_cb(void *ctx, const char *dept, const char *body, const char *at)
{
    (void)body;
    struct pend *p = ctx;
    return json_object_set_new(p->declared, dept, json_string(at)) ? 1 : 0;
}

static int entry_cb(void *ctx, const struct xy_entry_row *e)
{
    struct pend *p = ctx;
    json_t *mine = json_object_get(p->entered, e->dept_uscc);
    if (!mine) {
        mine = json_object();
        if (!mine || json_object_set_new(p->entered, e->dept_uscc, mine))
            return 1;
    }
    char no[8];
    snprintf(no, sizeof no, "%d", e->category);
    return json_object_set_new(mine, no, json_true()) ? 1 : 0;
}

static int month_cb(void *ctx, const struct xy_month_row *m)
{
    struct pend *p = ctx;
    snprintf(p->state_buf, sizeof p->state_buf, "%s", m->state);
    p->state = p->state_buf;
    return 0;
}

/* One unit's row: what it owes, what is in. */
static json_t *unit_row(struct pend *p, json_t *u, const struct xy_mon_params *params, int extra_defined)
{
    const char *code = json_string_value(json_object_get(u, "dept"));
    struct xy_mon_owed owed;
    xy_mon_owed(json_object_get(u, "plan"), params, extra_defined, &owed);
    json_t *at = json_object_get(p->declared, code), *mine = json_object_get(p->entered, code);
    json_t *eowed = json_array(), *ein = json_array(), *emiss = json_array();
    int missing = owed.declares && !at;
    for (int no = 1; no <= XY_MON_NCATS; no++) {
        char k[8];
        snprintf(k, sizeof k, "%d", no);
        int in = json_object_get(mine, k) != NULL;
        if (owed.entries[no])
            json_array_append_new(eowed, json_integer(no));
        if (in)
            json_array_append_new(ein, json_integer(no));
        if (owed.entries[no] && !in) {
            json_array_append_new(emiss, json_integer(no));
            missing = 1;
        }
    }
    const char *status = missing ? "pending" : xy_mon_owed_nothing(&owed) ? "nothing_owed" : "in";
    return json_pack("{s:O, s:O, s:O?, s:O?, s:O?, s:s, s:s, s:O?, s:o, s:o, s:o}", "dept", json_object_get(u, "dept"),
                     "name", json_object_get(u, "name"), "region", json_object_get(u, "region"), "region_name",
                     json_object_get(u, "region_name"), "level", json_object_get(u, "level"), "status", status,
                     "declaration", !owed.declares ? "not_owed" : at ? "in" : "missing", "declared_at", at, "entries_owed",
                     eowed, "entries_in", ein, "entries_missing", emiss);
}

/* Per district: units, pending and in, the city's own departments under 420100. */
static json_t *districts(const json_t *rows)
{
    json_t *by = json_object(), *out = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        const char *region = json_string_value(json_object_get(r, "region"));
        const char *status = json_string_value(json_object_get(r, "status"));
        if (!region)
            region = "";
        json_t *d = json_object_get(by, region);
        if (!d) {
            d = json_pack("{s:s, s:O?, s:i, s:i, s:i}", "region", region, "region_name",
                          json_object_get(r, "region_name"), "units", 0, "pending", 0, "in", 0);
            json_object_set_new(by, region, d);
            json_array_append(out, d);
        }
        json_t *units = json_object_get(d, "units");
        json_integer_set(units, json_integer_value(units) + 1);
        json_t *c = json_object_get(d, !strcmp(status, "pending") ? "pending" : "in");
        json_integer_set(c, json_integer_value(c) + 1);
    }
    json_decref(by);
    return out;
}

static int by_status(const void *a, const void *b)
{
    const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    int px = strcmp(json_string_value(json_object_get(x, "status")), "pending") != 0;
    int py = strcmp(json_string_value(json_object_get(y, "status")), "pending") != 0;
    if (px != py)
        return px - py;
    const char *rx = json_string_value(json_object_get(x, "region")), *ry = json_string_value(json_object_get(y, "region"));
    int c = strcmp(rx ? rx : "", ry ? ry : "");
    return c ? c : strcmp(json_string_value(json_object_get(x, "dept")), json_string_value(json_object_get(y, "dept")));
}

int xy_month_pending(struct xy_app *app, const struct xy_principal *by, const char *month, json_t **out,
                     struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct pend p = {json_object(), json_array(), json_object(), json_object(), "open", "", NULL};
    struct xy_calendar cal;
    struct xy_mon_params params;
    struct xy_month mo, now;
    json_t *rows = json_array(), *extra = NULL, **sorted = NULL;
    char m[8], due_s[11], today_s[11];
    int rc;
    *out = NULL;
    xy_calendar_init(&cal);
    if (by->role == XY_ROLE_DEPARTMENT)
        p.only = by->dept_uscc;
    else if (by->role != XY_ROLE_OFFICE && by->role != XY_ROLE_AUDITOR && by->role != XY_ROLE_OPERATOR) {
        rc = xy_error_set(err, XY_EDENIED, "无权查看报送进度 (not allowed to read who has reported)");
        goto out;
    }
    struct xy_date today = xy_clock_today(&app->clock);
    now = xy_month_of(today);
    if (!month || !*month)
        mo = xy_month_add(now, -1);
    else if (xy_month_parse(month, &mo)) {
        rc = xy_error_set(err, XY_EINVAL, "月份须为 YYYY-MM (the month must be YYYY-MM, 2000-01 to 2098-12)");
        goto out;
    } else if (xy_month_cmp(mo, now) > 0) {
        rc = xy_error_set(err, XY_EINVAL, "%s 尚未开始 (month %s has not begun)", month, month);
        goto out;
    }
    if (!p.units || !p.order || !p.declared || !p.entered || !rows) {
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        goto out;
    }
    xy_month_format(mo, m);
    xy_mon_params_default(&params, app->catalog);
    rc = xy_extra_get(app, &extra, err);
    if (rc == XY_ENOTFOUND) {
        xy_error_clear(err);
        rc = XY_OK;
    }
    if (rc || (rc = xy_calendar_load(app, &cal, err)) || (rc = st->ops->units(st, unit_cb, &p, err)) ||
        (rc = st->ops->declarations(st, m, 0, decl_cb, &p, err)) || (rc = st->ops->entries(st, m, entry_cb, &p, err)))
        goto out;
    rc = st->ops->month_get(st, m, month_cb, &p, err);
    if (rc == XY_ENOTFOUND) {
        xy_error_clear(err);
        rc = XY_OK;
    }
    if (rc)
        goto out;
    size_t n = json_array_size(p.order), counts[3] = {0};
    if (n && !(sorted = xy_calloc(n, sizeof *sorted))) {
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        json_t *u = json_object_get(p.units, json_string_value(json_array_get(p.order, i)));
        if (!(sorted[i] = unit_row(&p, u, &params, extra != NULL))) {
            for (size_t k = 0; k < i; k++)
                json_decref(sorted[k]);
            rc = xy_error_set(err, XY_ENOMEM, "out of memory");
            goto out;
        }
        const char *s = json_string_value(json_object_get(sorted[i], "status"));
        counts[!strcmp(s, "pending") ? 0 : !strcmp(s, "in") ? 1 : 2]++;
    }
    if (n)
        qsort(sorted, n, sizeof *sorted, by_status);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(rows, sorted[i]);
    struct xy_date due = xy_month_due(mo);
    xy_date_format(due, due_s);
    xy_date_format(today, today_s);
    int days_left = (int)(xy_date_to_days(due) - xy_date_to_days(today));
    int closed = !strcmp(p.state, "closed");
    json_t *doc = json_pack(
        "{s:s, s:s, s:s, s:i, s:i, s:b, s:s, s:{s:I, s:I, s:I, s:I}, s:O}", "month", m, "due", due_s, "today", today_s,
        "days_left", days_left, "workdays_left", xy_calendar_workdays_between(&cal, today, due), "overdue",
        days_left < 0 && !closed, "state", closed ? "closed" : "open", "counts", "units", (json_int_t)n, "pending",
        (json_int_t)counts[0], "in", (json_int_t)counts[1], "nothing_owed", (json_int_t)counts[2], "units", rows);
    if (doc && !p.only)
        json_object_set_new(doc, "districts", districts(rows));
    if (!doc) {
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        goto out;
    }
    *out = doc;
out:
    xy_free(sorted);
    xy_calendar_free(&cal);
    json_decref(extra);
    json_decref(rows);
    json_decref(p.units);
    json_decref(p.order);
    json_decref(p.declared);
    json_decref(p.entered);
    return rc;
}
