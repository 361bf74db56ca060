/* SPDX-License-Identifier: Apache-2.0 */
/* Subscriptions (docs/internals/SUBSCRIPTIONS.md): a querier holding subjects' grants, or a
 * department for the subjects it regulates, follows named subjects; the platform delivers each
 * change of theirs that the subscriber may see to its webhook, signed with HMAC-SHA256, in order,
 * from the change log and through the exchange's sender (retries with backoff and jitter). A
 * querier's follow of a subject ends when the grant it rests on ends. */
#ifndef XY_APP_SUBSCRIPTION_H
#define XY_APP_SUBSCRIPTION_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"
#include "app/exchange.h"
#include "common/xy_buf.h"

#define XY_SUB_MAX_SUBJECTS 100000   /* codes one request may name */
#define XY_SUB_MAX_BODY (4u << 20)   /* bytes of such a list */
#define XY_SUB_MAX_BAD 1000          /* bad lines reported (all are counted) */
#define XY_SUB_SECRET_TEXT 71        /* "whsec_" + 64 hex + NUL */

/* Creates a subscription delivering to url (http:// or https://, printable, at most 1024 bytes).
 * The subscriber is `by` (a querier or department key), or, when the office or the local operator
 * acts, the key for_key names (a querier or department key; 0 otherwise). OUT: *id, secret (the
 * HMAC key as "whsec_" and 64 hex digits: shown this once, kept sealed). Audited. XY_EINVAL,
 * XY_EDENIED. */
int xy_sub_create(struct xy_app *app, const struct xy_principal *by, int64_t for_key, const char *url, int64_t *id,
                  char secret[XY_SUB_SECRET_TEXT], struct xy_error *err);

/* What a list of codes did: lines read, subjects added, followed already; bad, when not NULL, the
 * lines refused [{line, code, reason}] (the first XY_SUB_MAX_BAD; caller owns; an ID number is
 * shown masked); persons, when not NULL, each person the list named by ID number [{line, subject,
 * id_masked}] (subject: the public id notifications name it by; caller owns). */
struct xy_sub_follow_result {
    long lines, added, already, bad_lines;
    json_t *bad, *persons;
};

/* Follows the subjects a text names (len bytes, one code a line: a company's USCC or a person's
 * resident ID number; blank lines skipped, at most XY_SUB_MAX_SUBJECTS codes and XY_SUB_MAX_BODY
 * bytes) under subscription id, which `by` owns (or the office, the local operator). An ID number is
 * looked up by its keyed hash, as every read by ID number is, and kept nowhere: the follow names
 * the subject. Each code must pass its check character, name a subject the platform holds, and be
 * one the subscriber may follow (for a person, "no such person" and "may not follow" are one answer,
 * so that a list tells nobody whom the platform holds): for a querier, a subject that gave its
 * organisation (or key) a live grant (the latest ending is kept with the follow); for a department,
 * a subject it regulates (has a current record of). One bad line refuses the whole list
 * (XY_EINVAL, res->bad naming each line); otherwise every new subject is followed in one
 * transaction with an entry in its access history and an audit entry. XY_ETOOBIG, XY_ENOTFOUND (no
 * such subscription in force, or not the caller's). */
int xy_sub_follow(struct xy_app *app, const struct xy_principal *by, int64_t id, const char *text, size_t len,
                  struct xy_sub_follow_result *res, struct xy_error *err);

/* The caller's subscriptions (the office's and the operator's: all), with their state and never
 * their secret. OUT: *items (caller owns). */
int xy_sub_list(struct xy_app *app, const struct xy_principal *by, json_t **items, struct xy_error *err);

/* Each subscription in force's backlog, failures, notifications delivered and subjects followed,
 * labelled by id alone, in Prometheus text format (for /metrics). */
int xy_sub_metrics(struct xy_app *app, struct xy_buf *out, struct xy_error *err);

/* Ends a subscription the caller owns (or any, for the office and the operator). Audited.
 * XY_ENOTFOUND. */
int xy_sub_end(struct xy_app *app, const struct xy_principal *by, int64_t id, struct xy_error *err);

/* Delivers subscription id's notifications after its cursor, delivery after delivery, until none
 * is left or max_deliveries were acknowledged (0: no limit). res->idle when nothing is left or the
 * subscription has ended (its key revoked ends it). A failure is counted on the subscription and
 * returned: XY_EIO. XY_ENOTFOUND for no such subscription. */
int xy_sub_push(struct xy_app *app, int64_t id, long max_deliveries, struct xy_push_result *res,
                struct xy_error *err);

/* The ids of the subscriptions in force, at most max. OUT: ids, *n. */
int xy_sub_active(struct xy_app *app, int64_t *ids, int max, int *n, struct xy_error *err);

/* The signature of a delivery: hex of HMAC-SHA256 under key (32 bytes) over
 * "v1\n" timestamp "\n" delivery "\n" body. OUT: hex (65 bytes). */
void xy_sub_sign(const unsigned char key[32], long long timestamp, const char *delivery, const char *body, size_t len,
                 char hex[65]);

#endif
