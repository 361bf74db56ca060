/* SPDX-License-Identifier: Apache-2.0 */
/* Inside src/app only: the application context's definition and the helpers the use cases share.
 * No file outside src/app includes this header or store/store.h (scripts/check-layers). */
#ifndef XY_APP_INT_H
#define XY_APP_INT_H

#include "app/app.h"
#include "app/auth.h"
#include "app/keys.h"
#include "app/subject.h"
#include "common/xy_clock.h"
#include "core/catalog.h"
#include "store/store.h"

struct xy_jrp_cache;
struct xy_eval_cache;
struct evp_pkey_st; /* OpenSSL's EVP_PKEY */

struct xy_app {
    struct xy_store *store;
    struct xy_catalog *catalog;
    struct xy_keys keys;
    struct xy_clock clock;          /* every now and today of this context's use cases */
    struct xy_jrp_cache *jrp_cache; /* measures read for checks on this connection (app/jrp_policy.c) */
    struct xy_eval_cache *eval_cache; /* evaluation models parsed on this connection (app/eval.c) */
    struct evp_pkey_st *report_key; /* the SM2 key that signs reports, loaded on first use (app/report.c) */
    char db_path[4096];
};

/* xy_app_open with the key file named (a backup being restored is checked with the live key). */
int xy_app_open_keyed(const char *db_path, const char *key_path, const struct xy_clock *clock, struct xy_app **out,
                      struct xy_error *err);

/* Upgrades an initialised database to this program's schema, as init does but keeping its own
 * catalogue (a restore of an older backup). XY_EINVAL when it is newer than this program,
 * XY_ENOTFOUND when it was never initialised. OUT: *from, *to (equal when nothing was to do). */
int xy_app_upgrade(const char *db_path, const struct xy_clock *clock, int *from, int *to, struct xy_error *err);

/* Frees the report key of the context (app/report.c). */
void xy_report_key_free(struct xy_app *app);

/* The catalogue's list classes and the statuses in force, as the store's list_entries filters by. */
void xy_app_list_filter(const struct xy_app *app, struct xy_list_filter *f);

/* One record as JSON (its fields under English keys and "_record" with its metadata), or NULL when
 * the view may not see it (or out of memory). Caller owns the result. */
json_t *xy_record_json(struct xy_app *app, const struct xy_record_row *r, enum xy_view view, struct xy_date today);

/* Masks the ID numbers (core/idscan.h) in the string member `key` of the object o, in place: what an
 * answer shows of text stored before the import masked them. Returns 0, or -1 when out of memory. */
int xy_app_mask_member(json_t *o, const char *key, struct xy_date today);

/* The same for every member of o that is a text field (XY_FT_STRING) of class k, as the import scans
 * them (codes are not: an all-digit USCC may read as an ID number); every string member when k is
 * NULL. Returns 0, or -1 when out of memory (o is then partly masked: the caller drops it). */
int xy_app_mask_ids(json_t *o, const struct xy_class *k, struct xy_date today);

/* Is the record visible to the public on `today`? */
int xy_record_is_public(const struct xy_app *app, const struct xy_record_row *r, struct xy_date today);

/* Frees the parsed evaluation models (accepts NULL). */
void xy_eval_cache_free(struct xy_eval_cache *c);

/* 1 when the evaluation model in force today publishes organisations' grades ("public_grades"). */
int xy_eval_public_grades(struct xy_app *app);

/* Loads the built-in evaluation model into a database that has none, applying from the start. */
int xy_eval_seed(struct xy_store *st, const struct xy_catalog *cat, const char *now, struct xy_error *err);

/* The key row an account owns (app/auth.c): the same rule as a key of role (what department it
 * names; a subject's account its subject_id, ignored for other roles), with a secret nobody holds.
 * Inside the caller's write transaction. OUT: *kid. */
int xy_auth_key_insert(struct xy_app *app, enum xy_role role, const char *dept_uscc, int64_t subject_id,
                       const char *name, const char *now, int64_t *kid, struct xy_error *err);

/* The principal of key key_id (an account's key). XY_ENOTFOUND when unknown or revoked. */
int xy_auth_principal(struct xy_app *app, int64_t key_id, struct xy_principal *who, struct xy_error *err);

/* Seeds an empty calendar with the built-in schedule (called by init; no-op when days are stored). */
int xy_calendar_seed(struct xy_store *st, struct xy_error *err);

#endif
