/* SPDX-License-Identifier: Apache-2.0 */
/* Lateness by frequency (monitor.h, category 14): a department's collection catalogue gives each
 * class a frequency; the platform expects something of the class in every period of it, and a period
 * that ended with nothing arrived is late. Periods end on working days of the office's calendar, so a
 * holiday neither makes a day due nor counts against a 7-working-day period. */
#include "core/monitor.h"

#include <string.h>

enum xy_late_period xy_late_period_of(const char *frequency, int double_publicity)
{
    static const char *const names[] = {"daily", "weekly", "monthly", "quarterly", "yearly"};
    static const enum xy_late_period p[] = {XY_LATE_DAILY, XY_LATE_WEEKLY, XY_LATE_MONTHLY, XY_LATE_QUARTERLY,
                                            XY_LATE_YEARLY};
    enum xy_late_period r = XY_LATE_MONTHLY;
    for (int i = 0; frequency && i < 5; i++)
        if (!strcmp(frequency, names[i]))
            r = p[i];
    /* double publicity is due within 7 working days of the decision, whatever the catalogue says */
    if (double_publicity && r >= XY_LATE_MONTHLY)
        r = XY_LATE_WORKDAYS7;
    return r;
}

const char *xy_late_period_name(enum xy_late_period p)
{
    static const char *const names[] = {NULL, "daily", "weekly", "7_workdays", "monthly", "quarterly", "yearly"};
    return p >= XY_LATE_DAILY && p <= XY_LATE_YEARLY ? names[p] : NULL;
}

static struct xy_date add(struct xy_date d, int n)
{
    return xy_date_from_days(xy_date_to_days(d) + n);
}

/* No working day after d up to and including `until`. */
static int none_after(const struct xy_calendar *cal, struct xy_date d, struct xy_date until)
{
    for (struct xy_date x = add(d, 1); xy_date_cmp(x, until) <= 0; x = add(x, 1))
        if (xy_calendar_is_workday(cal, x))
            return 0;
    return 1;
}

int xy_late_is_end(const struct xy_calendar *cal, enum xy_late_period p, struct xy_date day)
{
    if (!xy_calendar_is_workday(cal, day))
        return 0;
    struct xy_date month_end = xy_month_last(xy_month_of(day));
    switch (p) {
    case XY_LATE_DAILY:
        return 1;
    case XY_LATE_WEEKLY: {
        int wd = (int)((xy_date_to_days(day) % 7 + 7 + 3) % 7); /* 0 Monday .. 6 Sunday; 1970-01-01 a Thursday */
        return none_after(cal, day, add(day, 6 - wd));
    }
    case XY_LATE_WORKDAYS7: {
        struct xy_date dec31 = {day.y - 1, 12, 31}, year_end = {day.y, 12, 31};
        return xy_calendar_workdays_between(cal, dec31, day) % 7 == 0 || none_after(cal, day, year_end);
    }
    case XY_LATE_MONTHLY:
        return none_after(cal, day, month_end);
    case XY_LATE_QUARTERLY:
        return day.m % 3 == 0 && none_after(cal, day, month_end);
    case XY_LATE_YEARLY:
        return day.m == 12 && none_after(cal, day, month_end);
    }
    return 0;
}

void xy_late_count(const struct xy_calendar *cal, enum xy_late_period p, struct xy_date first, struct xy_date last,
                   struct xy_date asof, const struct xy_date *arrivals, size_t n, struct xy_late_count *out)
{
    memset(out, 0, sizeof *out);
    if (xy_date_cmp(asof, last) < 0)
        last = asof;
    for (struct xy_date end = first; xy_date_cmp(end, last) <= 0; end = add(end, 1)) {
        if (!xy_late_is_end(cal, p, end))
            continue;
        /* the period runs from the day after the previous end (at most a year and a bit back) */
        struct xy_date start = add(end, -1);
        for (int k = 0; k < 400 && !xy_late_is_end(cal, p, start); k++)
            start = add(start, -1);
        start = add(start, 1);
        int got = 0;
        for (size_t i = 0; !got && i < n; i++)
            got = xy_date_cmp(arrivals[i], start) >= 0 && xy_date_cmp(arrivals[i], end) <= 0;
        out->expected++;
        out->arrived += got;
        out->late += !got;
    }
}

int xy_mon_add_lateness(struct xy_mon *m, const char *dept, const char *cls, const char *frequency,
                        struct xy_date asof, const struct xy_date *arrivals, size_t n, struct xy_error *err)
{
    int dp = 0;
    for (int i = 0; m->params.dp_classes[i]; i++)
        dp |= !strcmp(m->params.dp_classes[i], cls);
    struct xy_late_count c;
    xy_late_count(m->cal, xy_late_period_of(frequency, dp), m->first, m->last, asof, arrivals, n, &c);
    int rc;
    if ((rc = xy_mon_addk(m, XY_MON_LATENESS, dept, cls, "expected", c.expected, err)) ||
        (rc = xy_mon_addk(m, XY_MON_LATENESS, dept, cls, "arrived", c.arrived, err)) ||
        (rc = xy_mon_addk(m, XY_MON_LATENESS, dept, cls, "late", c.late, err)))
        return rc;
    return XY_OK;
}
