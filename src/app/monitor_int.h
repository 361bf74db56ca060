/* SPDX-License-Identifier: Apache-2.0 */
/* What the month's computation (app/monitor.c) takes from the other monitoring use cases: the code
 * conversion register (category 8), the configurable category's definition (13), lateness by
 * frequency (14) and credit report coverage (15). Private to src/app. */
#ifndef XY_APP_MONITOR_INT_H
#define XY_APP_MONITOR_INT_H

#include <jansson.h>

#include "app/app_int.h"
#include "core/monitor.h"

/* Adds category 8: the register judged as of the month's end `to`, new codes in [from, to). */
int xy_conv_add_month(struct xy_app *app, struct xy_mon *m, const char *from, const char *to, struct xy_error *err);
/* Reads the configurable category's definition into m->extra (none: m->extra.defined 0). */
int xy_extra_load(struct xy_app *app, struct xy_mon *m, struct xy_error *err);
/* Adds category 14 for the units (xy_units_list's rows, with their plans) and category 15; sets
 * what these rules take into params (an object). */
int xy_mon_more(struct xy_app *app, struct xy_mon *m, const json_t *units, json_t *params, struct xy_error *err);
/* May this principal enter the configurable category? XY_EDENIED / XY_EINVAL (not defined). */
int xy_extra_may_enter(struct xy_app *app, const struct xy_principal *by, struct xy_error *err);

#endif
