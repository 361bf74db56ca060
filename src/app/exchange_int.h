/* SPDX-License-Identifier: Apache-2.0 */
/* Inside src/app only: what the exchange's files share (reconciliation, national files, lists from
 * above). */
#ifndef XY_EXCHANGE_INT_H
#define XY_EXCHANGE_INT_H

#include <jansson.h>

#include "app/app_int.h"

/* The record's sealed part opened: OUT *plain (caller frees with xy_free() after wiping it with
 * sodium_memzero), *n its length; NULL and 0 when the record has none. XY_ECRYPTO when it does not
 * open under this platform's key, XY_ENOMEM. */
int xy_exchange_open_sealed(struct xy_app *app, const struct xy_record_row *r, char **plain, size_t *n,
                            struct xy_error *err);

/* The record's fields with the sealed ones opened (ID numbers in clear), as JSON: the office's full
 * view of what was sent. Caller owns it. NULL with err set when the sealed part does not open or out
 * of memory. */
json_t *xy_exchange_full_fields(struct xy_app *app, const struct xy_record_row *r, struct xy_error *err);

/* A name of a destination, source or list source: 1 to 64 letters, digits, '-', '_', '.' or ':'. */
int xy_exchange_name_ok(const char *s);

/* The status a record has as of change `kind` (a withdrawal, a repair, an expiry), whatever it has
 * now: what the pushed batch and a subscription's notification say. */
const char *xy_exchange_change_status(const char *kind, const char *status);

#endif
