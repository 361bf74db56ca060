/* SPDX-License-Identifier: Apache-2.0 */
/* The stored working-day calendar. */
#include "app/calendar.h"
#include "app/app_int.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "app/audit.h"
#include "common/xy_alloc.h"

extern const unsigned char xy_default_calendar[];
extern const size_t xy_default_calendar_len;

static int on_day(void *ctx, const char *day, const char *kind, const char *name_zh, const char *name_en)
{
    struct xy_calendar *cal = ctx;
    struct xy_date d;
    if (!day || xy_date_parse(day, strlen(day), &d) != 0)
        return 0; /* the table's CHECK keeps kinds right; a bad day cannot be written by this program */
    return xy_calendar_set(cal, d, kind && strcmp(kind, "workday") == 0 ? XY_DAY_WORKDAY : XY_DAY_HOLIDAY,
                           name_zh, name_en, NULL) != 0;
}

static int load(struct xy_store *st, struct xy_calendar *cal, struct xy_error *err)
{
    int rc = st->ops->calendar_scan(st, on_day, cal, err);
    if (!rc && xy_alloc_failed())
        rc = xy_error_set(err, XY_ENOMEM, "out of memory reading the calendar");
    return rc;
}

int xy_calendar_load(struct xy_app *app, struct xy_calendar *cal, struct xy_error *err)
{
    xy_alloc_failed();
    return load(app->store, cal, err);
}

/* Stores every day of cal; the caller holds the transaction. */
static int store_days(struct xy_store *st, const struct xy_calendar *cal, struct xy_error *err)
{
    int rc = 0;
    for (size_t i = 0; i < cal->n && !rc; i++) {
        char d[11];
        xy_date_format(cal->days[i].day, d);
        rc = st->ops->calendar_put(st, d, cal->days[i].kind == XY_DAY_WORKDAY ? "workday" : "holiday",
                                   cal->days[i].name_zh[0] ? cal->days[i].name_zh : NULL,
                                   cal->days[i].name_en[0] ? cal->days[i].name_en : NULL, err);
    }
    return rc;
}

int xy_calendar_import(struct xy_app *app, const struct xy_principal *by, const char *text, size_t len,
                       long *days, struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct xy_calendar cal;
    struct xy_date first, last;
    json_t *detail = NULL; /* none when the file names no day */
    int rc;
    *days = 0;
    xy_calendar_init(&cal);
    if ((rc = xy_calendar_parse(&cal, text, len, err)))
        goto out;
    if (xy_calendar_span(&cal, &first, &last)) {
        char a[11], b[11];
        xy_date_format(first, a);
        xy_date_format(last, b);
        detail = json_pack("{s:I, s:s, s:s}", "days", (json_int_t)cal.n, "from", a, "to", b);
        if (!detail) {
            rc = xy_error_set(err, XY_ENOMEM, "out of memory");
            goto out;
        }
    }
    if ((rc = st->ops->begin(st, err)))
        goto out;
    rc = store_days(st, &cal, err);
    if (detail)
        rc = xy_audit_commitj(app, by, "calendar.import", "calendar", detail, rc, err);
    else
        rc = xy_audit_commit(app, by, "calendar.import", "calendar", NULL, rc, err);
    detail = NULL; /* taken */
    if (rc)
        goto out;
    *days = (long)cal.n;
out:
    json_decref(detail);
    xy_calendar_free(&cal);
    return rc;
}

int xy_calendar_seed(struct xy_store *st, struct xy_error *err)
{
    struct xy_calendar cal;
    int rc;
    xy_calendar_init(&cal);
    xy_alloc_failed();
    if ((rc = load(st, &cal, err)) || cal.n) {
        xy_calendar_free(&cal);
        return rc;
    }
    if ((rc = xy_calendar_parse(&cal, (const char *)xy_default_calendar, xy_default_calendar_len, err)))
        goto out;
    if ((rc = st->ops->begin(st, err)))
        goto out;
    if ((rc = store_days(st, &cal, err)) || (rc = st->ops->commit(st, err)))
        st->ops->rollback(st);
out:
    xy_calendar_free(&cal);
    return rc;
}

int xy_calendar_year(struct xy_app *app, int year, json_t **out, struct xy_error *err)
{
    struct xy_calendar cal;
    int rc;
    *out = NULL;
    if (year < 1900 || year > 2098)
        return xy_error_set(err, XY_EINVAL, "年份 %d 超出范围 (year %d is out of range)", year, year);
    xy_calendar_init(&cal);
    if ((rc = xy_calendar_load(app, &cal, err)))
        goto done;
    json_t *days = json_array();
    for (size_t i = 0; i < cal.n; i++) {
        if (cal.days[i].day.y != year)
            continue;
        char d[11];
        xy_date_format(cal.days[i].day, d);
        json_array_append_new(days, json_pack("{s:s, s:s, s:s, s:s}", "date", d, "kind",
                                              cal.days[i].kind == XY_DAY_WORKDAY ? "workday" : "holiday",
                                              "name_zh", cal.days[i].name_zh, "name_en", cal.days[i].name_en));
    }
    struct xy_date before = {year - 1, 12, 31}, end = {year, 12, 31};
    *out = json_pack("{s:i, s:o, s:i}", "year", year, "days", days, "workdays",
                     xy_calendar_workdays_between(&cal, before, end));
    if (!*out)
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
done:
    xy_calendar_free(&cal);
    return rc;
}
