/* SPDX-License-Identifier: Apache-2.0 */
/* The audit log: every write (batch, key, catalogue change) and every read of non-public data, each
 * entry chained to the one before by a keyed BLAKE2b hash, so that changing, removing or reordering
 * any entry breaks the chain at that entry. */
#ifndef XY_AUDIT_H
#define XY_AUDIT_H

#include <jansson.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"

/* Appends an entry. Must run inside the write transaction of the change it records, so that the
 * change and its entry commit together (or neither does). detail: short JSON text or NULL; it never
 * holds a personal ID number. */
int xy_audit_append(struct xy_app *app, const struct xy_principal *who, const char *action, const char *object,
                    const char *detail, struct xy_error *err);

/* Ends a write transaction the caller began: when rc is XY_OK, appends the entry and commits;
 * otherwise, or when either step fails, rolls back. Returns the final code. */
int xy_audit_commit(struct xy_app *app, const struct xy_principal *who, const char *action, const char *object,
                    const char *detail, int rc, struct xy_error *err);

/* The same two with the detail given as JSON, built with json_pack and never formatted as text:
 * stored as its compact dump (no spaces, keys in the order they were packed), so json_pack("{s:I,
 * s:s}", "expired", 3, "day", "2024-05-01") is stored as {"expired":3,"day":"2024-05-01"}. Takes
 * ownership of detail. NULL is taken for a json_pack that failed: XY_ENOMEM, as is a dump that runs
 * out of memory; the entry is never written with a cut or missing detail. (An entry without detail:
 * xy_audit_append or xy_audit_commit with NULL.) On any error commitj rolls back, as commit does. */
int xy_audit_appendj(struct xy_app *app, const struct xy_principal *who, const char *action, const char *object,
                     json_t *detail, struct xy_error *err);
int xy_audit_commitj(struct xy_app *app, const struct xy_principal *who, const char *action, const char *object,
                     json_t *detail, int rc, struct xy_error *err);

/* The text such a detail is stored as, also for the details of the change feed (xy_change_row):
 * takes ownership of detail. Caller owns the result; free with xy_free(). NULL with err set
 * (XY_ENOMEM) when detail is NULL or out of memory. */
char *xy_audit_detail_text(json_t *detail, struct xy_error *err);

/* Verifies the whole chain. OUT: *entries checked, *first_bad (the seq of the first entry whose
 * link or hash does not match, 0 when the chain is whole). Returns XY_OK whether or not it is whole;
 * store errors otherwise. */
int xy_audit_verify(struct xy_app *app, int64_t *entries, int64_t *first_bad, struct xy_error *err);

#endif
