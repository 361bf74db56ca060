/* SPDX-License-Identifier: Apache-2.0 */
/* The working-day calendar as the platform keeps it: seeded from the official schedule built into
 * the program (catalog/calendar-cn.csv), extended each year by the credit office from the State
 * Council's notice (`xinyong calendar import FILE`), read back for deadline arithmetic. */
#ifndef XY_APP_CALENDAR_H
#define XY_APP_CALENDAR_H

#include <jansson.h>
#include <stddef.h>

#include "app/app.h"
#include "app/auth.h"
#include "core/workday.h"

/* Loads the stored calendar into cal (initialised by the caller; free with xy_calendar_free). */
int xy_calendar_load(struct xy_app *app, struct xy_calendar *cal, struct xy_error *err);

/* Imports a calendar file (see xy_calendar_parse): every day in it is added or replaced, in one
 * transaction with an audit entry; a bad line changes nothing. OUT: *days. */
int xy_calendar_import(struct xy_app *app, const struct xy_principal *by, const char *text, size_t len,
                       long *days, struct xy_error *err);


/* The calendar of one year as JSON {"year":Y,"days":[{"date","kind","name_zh","name_en"}],
 * "workdays":N} (N: working days in the year). */
int xy_calendar_year(struct xy_app *app, int year, json_t **out, struct xy_error *err);

#endif
