/* SPDX-License-Identifier: Apache-2.0 */
/* The record life cycle the platform runs by itself: publicity periods ending (DOMAIN §4.1: records
 * leave public view the day after their window ends; queries already respect the window, this marks
 * them expired and tells upper platforms), and the change feed that carries every such change. */
#ifndef XY_APP_LIFECYCLE_H
#define XY_APP_LIFECYCLE_H

#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"

#define XY_EXPIRE_CHUNK 2000 /* records expired in one transaction: the writer is never held long */

/* Marks up to XY_EXPIRE_CHUNK records whose window ended before today as expired, each with a
 * change-feed entry, in one transaction, audited when any. OUT: *n; n < XY_EXPIRE_CHUNK means none is
 * left. Callers loop (the server releases the writer between rounds). */
int xy_lifecycle_expire(struct xy_app *app, const struct xy_principal *by, long *n, struct xy_error *err);

/* All of it, round after round, until none is left: lock (may be NULL) is held for each round only,
 * so that other writers wait for one round at most; stop (may be NULL) ends it between rounds. OUT:
 * *total. */
int xy_lifecycle_expire_all(struct xy_app *app, const struct xy_principal *by, pthread_mutex_t *lock,
                            const atomic_int *stop, long *total, struct xy_error *err);

/* The change feed after seq `after`, oldest first, at most limit. OUT: *items, *last. */
int xy_changes(struct xy_app *app, int64_t after, int limit, json_t **items, int64_t *last, struct xy_error *err);

#endif
