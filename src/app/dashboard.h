/* SPDX-License-Identifier: Apache-2.0 */
/* The monitoring dashboards (issue 15): daily aggregates of what the platform holds, refreshed
 * incrementally (the server once a day, `xinyong monitor refresh` on demand), and the dashboards
 * read from them only: twelve-month trends, rankings of departments and districts for a month, and
 * the late or rejected records behind a rate. The office and the auditor see every department, a
 * department its own. Design: docs/internals/DASHBOARDS.md. */
#ifndef XY_APP_DASHBOARD_H
#define XY_APP_DASHBOARD_H

#include <jansson.h>

#include "app/app.h"
#include "app/auth.h"

/* Refreshes the aggregates from the day the last refresh reached (it is redone: it may have been
 * partial) to today, in one write transaction; full, or never refreshed: every day rebuilt. OUT:
 * *days, the days refreshed (may be NULL). */
int xy_dash_refresh(struct xy_app *app, int full, int *days, struct xy_error *err);

/* Twelve months to month (YYYY-MM, not after the present month; NULL or "": the present month) of the city or of one department
 * (dept, a code, NULL for the city; a department key always its own): OUT *out {"from","to",
 * "dept","refreshed","columns","months":[...],"series":{key:[value per month]}}. Caller owns it. */
int xy_dash_trends(struct xy_app *app, const struct xy_principal *by, const char *month, const char *dept,
                   json_t **out, struct xy_error *err);

/* A month's (as for trends) departments and districts ordered by figure key (default "publicity_rate", highest
 * first, undefined last): OUT *out {"month","by","refreshed","columns","departments":[...],
 * "districts":[...],"city":{...}}; a department key gets its own row only. XY_EINVAL for an
 * unknown key. */
int xy_dash_rankings(struct xy_app *app, const struct xy_principal *by, const char *month, const char *key,
                     json_t **out, struct xy_error *err);

/* The rows behind a rate: kind "late" (double publicity records stored late in month) or
 * "rejected" (rows refused in the month's batches), of one department and class, a page of limit
 * (1..200) after cursor (NULL: the first page). OUT *out {"items":[...],"next":cursor|null}; ID
 * numbers masked. */
int xy_dash_drill(struct xy_app *app, const struct xy_principal *by, const char *month, const char *dept,
                  const char *kind, const char *cls, const char *cursor, int limit, json_t **out,
                  struct xy_error *err);

#endif
