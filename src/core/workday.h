/* SPDX-License-Identifier: Apache-2.0 */
/* The working-day calendar (工作日历): Monday to Friday are working days, except the public holidays
 * the State Council announces each year, and some weekend days are working days instead (调休上班).
 * The credit office keeps these exceptions as data; deadlines of objections and repairs count in
 * working days over them. Pure: no I/O. */
#ifndef XY_WORKDAY_H
#define XY_WORKDAY_H

#include <stddef.h>

#include "common/xy_date.h"
#include "common/xy_error.h"

enum xy_day_kind {
    XY_DAY_HOLIDAY = 1, /* no work, whatever the weekday */
    XY_DAY_WORKDAY = 2, /* work, whatever the weekday (an adjusted weekend day) */
};

struct xy_day_exception {
    struct xy_date day;
    enum xy_day_kind kind;
    char name_zh[64];
    char name_en[64];
};

/* The exceptions, sorted by day, no day twice. */
struct xy_calendar {
    struct xy_day_exception *days;
    size_t n, cap;
};

void xy_calendar_init(struct xy_calendar *c);
void xy_calendar_free(struct xy_calendar *c);

/* Adds or replaces the exception for a day. XY_ENOMEM. */
int xy_calendar_set(struct xy_calendar *c, struct xy_date day, enum xy_day_kind kind, const char *name_zh,
                    const char *name_en, struct xy_error *err);

/* Parses a calendar file (UTF-8 CSV: "date,kind,name_zh,name_en" with that header, kind holiday or
 * workday) into c, all or nothing: a bad line gives XY_EINVAL naming the line and why (an adjusted
 * working day on a weekday, a date twice, an unknown kind). */
int xy_calendar_parse(struct xy_calendar *c, const char *text, size_t len, struct xy_error *err);

/* Is day a working day? */
int xy_calendar_is_workday(const struct xy_calendar *c, struct xy_date day);

/* The day on which a time limit of n working days that starts on `from` ends: the n-th working day
 * after from (from itself does not count, as limits are counted in Chinese administrative practice).
 * n = 0 gives from. */
struct xy_date xy_calendar_add_workdays(const struct xy_calendar *c, struct xy_date from, int n);

/* Working days in (from, to]: 0 when to <= from. */
int xy_calendar_workdays_between(const struct xy_calendar *c, struct xy_date from, struct xy_date to);

/* Whether (from, to] holds at most limit working days: the same answer as comparing
 * xy_calendar_workdays_between with limit, but counted back from to and stopped past the limit, so
 * that a decision years old costs as little as one of last week. */
int xy_calendar_workdays_at_most(const struct xy_calendar *c, struct xy_date from, struct xy_date to, int limit);

/* The first and last day with an exception, for reports; 0 when empty. */
int xy_calendar_span(const struct xy_calendar *c, struct xy_date *first, struct xy_date *last);

#endif
