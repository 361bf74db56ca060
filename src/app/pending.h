/* SPDX-License-Identifier: Apache-2.0 */
/* The countdown to the 22nd (issue 15): for the month being reported, the days left to its due day
 * and every reporting unit with what it still owes (its declaration, the categories it enters by
 * hand) and what is in. The office and the auditor see every unit, a department its own. */
#ifndef XY_APP_PENDING_H
#define XY_APP_PENDING_H

#include <jansson.h>

#include "app/app.h"
#include "app/auth.h"

/* Month M ("YYYY-MM", not after the present month; NULL or "": the month before the present one,
 * the month being reported) as of today: OUT *out {"month","due","today","days_left",
 * "workdays_left","overdue","state","counts":{"units","pending","in","nothing_owed"},
 * "units":[{"dept","name","region","region_name","level","status","declaration","declared_at",
 * "entries_owed","entries_in","entries_missing"}],"districts":[{"region","region_name","units",
 * "pending","in"}]}, units pending first. status "pending", "in" or "nothing_owed" (its catalogue
 * asks nothing of it); declaration "missing", "in" or "not_owed". A department key gets its own
 * unit only (no districts). Other roles: XY_EDENIED; a bad month XY_EINVAL. Caller owns *out. */
int xy_month_pending(struct xy_app *app, const struct xy_principal *by, const char *month, json_t **out,
                     struct xy_error *err);

#endif
