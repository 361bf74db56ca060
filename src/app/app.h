/* SPDX-License-Identifier: Apache-2.0 */
/* The application context every use case runs in: an open store, the catalogue it holds, the keys
 * and the clock. The CLI opens one per command; the server one per worker. The context is opaque:
 * front ends (server, CLI) reach the data only through the use cases of src/app, never the store
 * (app_int.h holds its definition for src/app alone). */
#ifndef XY_APP_H
#define XY_APP_H

#include <stdint.h>

#include "common/xy_clock.h"
#include "common/xy_date.h"
#include "core/catalog.h"
#include "common/xy_error.h"

struct xy_app;

/* Opens the database at db_path, which must have been initialised, and loads its catalogue and the
 * key file. clock (copied; NULL: the real clock) gives the context's time. OUT: *out; caller frees
 * with xy_app_close(). */
int xy_app_open(const char *db_path, const struct xy_clock *clock, struct xy_app **out, struct xy_error *err);
void xy_app_close(struct xy_app *app); /* accepts NULL */

/* Read replicas (docs/deploy/postgres-ha.md; app/replica.c). A context for reads on a streaming
 * replica is opened with xy_app_open on the replica's address (the key file is XINYONG_KEY_FILE, as
 * for the primary); writes through it fail (XY_EUNAVAIL). */
/* 1 when db_path names a database server ("postgresql://...") rather than a SQLite file. */
int xy_app_is_server(const char *db_path);
/* How far the database server of this context has come in its log (store.h, log_position): taken
 * on the primary after a commit, it is the mark a replica's own position must reach before the
 * replica shows that commit. XY_ENOTSUP when the back end has no such log (SQLite). */
int xy_app_log_position(struct xy_app *app, uint64_t *pos, struct xy_error *err);

/* Creates or upgrades the database, creates the key file when missing, and loads the catalogue
 * (catalog_json, or the built-in one when NULL) when it differs from the stored one.
 * OUT: *schema_from, *schema_to, *catalog_version (borrowed static text or NULL). */
int xy_app_init(const char *db_path, const struct xy_clock *clock, const char *catalog_json, size_t catalog_len, int *schema_from,
                int *schema_to, int *catalog_loaded, struct xy_error *err);

/* The built-in catalogue (catalog/catalog.json at build time). */
const char *xy_app_default_catalog(size_t *len);

/* The context's clock (borrowed, valid while app is open). */
const struct xy_clock *xy_app_clock(const struct xy_app *app);

/* The catalogue the context checks against (borrowed; valid until xy_catalog_load on this context
 * or xy_app_close). */
const struct xy_catalog *xy_app_catalog(const struct xy_app *app);

/* Reachability of the database: a trivial read. */
int xy_app_ping(struct xy_app *app, struct xy_error *err);

/* Upkeep the server runs where the back end offers it (store.h, struct xy_store_caps); each returns
 * XY_ENOTSUP when it does not, and the caller goes on without. */
/* Copies committed log pages into the database without blocking anyone. OUT: *log_pages (may be
 * NULL), the log's size after. */
int xy_app_checkpoint(struct xy_app *app, int *log_pages, struct xy_error *err);
/* The log size in pages at which a commit on this context checkpoints itself. */
int xy_app_autocheckpoint(struct xy_app *app, int pages);
/* A number that moves whenever any connection commits: answers cached while it stays are current. */
int xy_app_data_version(struct xy_app *app, int64_t *v);

#endif
