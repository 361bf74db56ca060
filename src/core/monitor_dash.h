/* SPDX-License-Identifier: Apache-2.0 */
/* The dashboards' rules (issue 15, DOMAIN §7): what one fact of a day adds to the daily aggregates
 * (metric names below), and how summed aggregates become the figures a dashboard shows (trends,
 * rankings) with rates computed from sums exactly as the monthly report computes them
 * (core/monitor.h). Pure: the app reads and writes the aggregates. */
#ifndef XY_MONITOR_DASH_H
#define XY_MONITOR_DASH_H

#include <jansson.h>
#include <stdint.h>

#include "core/monitor.h"

/* The sums a dashboard keeps per bucket (a month, a department, a district, the city). */
enum xy_dash_slot {
    XY_DS_LIST_NEW, XY_DS_STOCK, XY_DS_EXITS, XY_DS_CHECKS, XY_DS_CASES, XY_DS_FEEDBACK, XY_DS_REPAIR_FILED,
    XY_DS_REPAIR_DONE, XY_DS_REPAIR_REFUSED, XY_DS_REPAIR_DAYS, XY_DS_REPAIR_DAYS_N, XY_DS_SUBMITTED,
    XY_DS_TIMELY, XY_DS_DECLARED, XY_DS_EXEMPT, XY_DS_ROWS, XY_DS_ACCEPTED, XY_DS_REJECTED, XY_DS_OTHER,
    XY_DS_REPORTS, XY_DS_DEPTS, XY_DS_N
};
struct xy_dash_sums {
    int64_t v[XY_DS_N];
};

/* One count for the daily aggregates: (day, dept, cls, metric, n). Returns nonzero to stop. */
typedef int (*xy_dash_emit)(void *ctx, const char *day, const char *dept, const char *cls, const char *metric,
                            int64_t n);

/* Turns one fact of store.h's mon_day_facts into daily counts: "records" (and "timely" for double
 * publicity on time, the rule of the monthly report), "rows"/"accepted"/"rejected", "exit:KIND",
 * "checks", "cases", "reward", "punish", "feedback", "repair_filed", "repair_approved",
 * "repair_refused", "repair_days", "repair_days_n", "reports"; a repair counts on the days within
 * first..last only. XY_EINVAL for a fact it cannot read. */
int xy_dash_fact(const struct xy_mon_params *p, const struct xy_calendar *cal, struct xy_date first,
                 struct xy_date last, const struct xy_mon_fact *f, xy_dash_emit emit, void *ctx, struct xy_error *err);

/* The first decision day still on time for a record stored on day (XY_MON_TIMELY_WORKDAYS working
 * days): a record decided before it is late. */
struct xy_date xy_dash_cutoff(const struct xy_calendar *cal, struct xy_date day);

/* What the daily counts were judged by, as text (out[64]): the rules' version and a hash of the
 * classes that decide a record's category and of the calendar's exceptions. A refresh stores it;
 * a month's close takes its record counts from the aggregates only when it is unchanged. */
void xy_dash_rules(const struct xy_mon_params *p, const struct xy_calendar *cal, char out[64]);

/* Adds a month's count (metric of class cls) to sums. */
void xy_dash_add(const struct xy_mon_params *p, struct xy_dash_sums *s, const char *cls, const char *metric,
                 int64_t n);

/* The figures of one bucket as a JSON object {key: value}: counts, and rates (fractions to four
 * places, null when the denominator is not positive) and the mean repair days. */
json_t *xy_dash_values(const struct xy_dash_sums *s);

/* The figures' descriptions: [{"key","category","name_zh","name_en","unit","kind"}]. */
json_t *xy_dash_columns(void);

/* The value of figure key of s as a double for ordering (rates: -1 when undefined). -2 for an
 * unknown key. */
double xy_dash_value_of(const struct xy_dash_sums *s, const char *key);

#endif
