/* SPDX-License-Identifier: Apache-2.0 */
/* A department's own data after submission: its batches, their rejected rows, and the records it
 * submitted (non-public fields included, each such read audited). A department sees only its own;
 * the credit office sees every department's. */
#ifndef XY_BATCHES_H
#define XY_BATCHES_H

#include <jansson.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"
#include "common/xy_buf.h"

/* One batch's counts: OUT *out {"batch","rows","accepted","rejected","added","updated","unchanged"}.
 * XY_ENOTFOUND when there is none, or it is another department's (its existence is not theirs to
 * know). */
int xy_batch_view(struct xy_app *app, const struct xy_principal *by, int64_t id, json_t **out, struct xy_error *err);

/* A batch's rejected rows in order: OUT *out {"batch", "items":[{"row","field","value","code","reason"}]}.
 * Errors as xy_batch_view. */
int xy_batch_rejects_json(struct xy_app *app, const struct xy_principal *by, int64_t id, json_t **out,
                          struct xy_error *err);

/* The same rows as the CSV file that `xinyong import` leaves beside a batch (rejects.h), appended to
 * out. Errors as xy_batch_view; XY_ETOOBIG when out is full. */
int xy_batch_rejects_csv(struct xy_app *app, const struct xy_principal *by, int64_t id, struct xy_buf *out,
                         struct xy_error *err);

/* Batches with id < before (0: from the newest), newest first, at most limit: a department's own, all
 * for the credit office. OUT: *out (JSON array), *last (the id to pass as before for the next page). */
int xy_batch_page(struct xy_app *app, const struct xy_principal *by, int64_t before, int limit, json_t **out,
                  int64_t *last, struct xy_error *err);

/* The current records a department submitted (of class cls, or all when NULL), by id after `after`, at
 * most limit, ID numbers opened: audited as "record.read_private" in one transaction. Only a
 * department key has own records. OUT: *out (JSON array), *n (records read), *last (the last id
 * read). XY_EINVAL for an unknown class. */
int xy_dept_records(struct xy_app *app, const struct xy_principal *by, const char *cls, int64_t after, int limit,
                    json_t **out, int *n, int64_t *last, struct xy_error *err);

#endif
