/* SPDX-License-Identifier: Apache-2.0 */
/* Consent-based queries (授权查询) and the subject's access history. A subject grants a querier of
 * the directory (a bank, a credit service agency) reading of named non-public classes, for a stated purpose, until a day; it lists and
 * revokes its grants. A querier reads non-public data only naming a live grant; each such read, like
 * every read of a subject's non-public data, lands in the subject's access history. */
#ifndef XY_APP_CONSENT_H
#define XY_APP_CONSENT_H

#include <jansson.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"

#define XY_GRANT_MAX_DAYS 1096 /* a grant lasts at most three years */

/* Grants: args {"querier": USCC, "classes": ["arrears", ...], "purpose": "...", "until": "YYYY-MM-DD"}.
 * Only a subject grants, for itself, to an enabled organisation of the directory of queriers
 * (app/querier.h), named by its code; classes must be classes the public does not see. OUT: *id. */
int xy_consent_grant(struct xy_app *app, const struct xy_principal *by, const json_t *args, int64_t *id,
                     struct xy_error *err);

/* Whether a grant given to querier_key (a bare key, before the directory) or to querier_id (an entry
 * of the directory, disabled or not) is held by `by`: the one rule for every read under a grant. */
int xy_grant_held_by(const struct xy_principal *by, int64_t querier_key, int64_t querier_id, int querier_disabled);

/* A subject's own grants, or (a querier key) those given to the caller or its organisation, newest
 * first, with "live". */
int xy_consent_list(struct xy_app *app, const struct xy_principal *by, json_t **items, struct xy_error *err);

/* Revokes one of the subject's own grants, at once. XY_ENOTFOUND when it has no such live grant. */
int xy_consent_revoke(struct xy_app *app, const struct xy_principal *by, int64_t id, struct xy_error *err);

/* The querier's read: the records of the granted classes of the subject the code names, under grant
 * `grant_id`. XY_EDENIED when the grant is not the caller's, not for this subject, revoked or ended.
 * Logged in the subject's access history and audited. OUT: *out {"subject":..,"grant":..,"records":{..}}. */
int xy_consent_query(struct xy_app *app, const struct xy_principal *by, const char *code, int64_t grant_id,
                     json_t **out, struct xy_error *err);

/* The subject's access history, newest first, entries with id < before (0: from the newest).
 * OUT: *items, *last (the id to pass as before for the next page). */
int xy_access_history(struct xy_app *app, const struct xy_principal *by, int64_t before, int limit, json_t **items,
                      int64_t *last, struct xy_error *err);

/* Records one read of a subject's non-public data under a legal role (no grant), in the caller's write
 * transaction. */
int xy_access_log(struct xy_app *app, const struct xy_principal *by, int64_t subject_id, const char *purpose,
                  const char *object, struct xy_error *err);

#endif
