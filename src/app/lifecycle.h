/* SPDX-License-Identifier: Apache-2.0 */
/* The record life cycle the platform runs by itself: publicity periods ending (DOMAIN §4.1: records
 * leave public view the day after their window ends; queries already respect the window, this marks
 * them expired and tells upper platforms), and the change feed that carries every such change. */
#ifndef XY_APP_LIFECYCLE_H
#define XY_APP_LIFECYCLE_H

#include <jansson.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"

/* Marks the records whose window ended before today as expired, each with a change-feed entry, in
 * one transaction, audited when any. OUT: *n. */
int xy_lifecycle_expire(struct xy_app *app, const struct xy_principal *by, long *n, struct xy_error *err);

/* The change feed after seq `after`, oldest first, at most limit. OUT: *items, *last. */
int xy_changes(struct xy_app *app, int64_t after, int limit, json_t **items, int64_t *last, struct xy_error *err);

#endif
