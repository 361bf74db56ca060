/* SPDX-License-Identifier: Apache-2.0 */
/* The application context every use case runs in: an open store, the catalogue it holds, and the
 * keys. The CLI opens one per command; the server one per worker. */
#ifndef XY_APP_H
#define XY_APP_H

#include "app/keys.h"
#include "common/xy_date.h"
#include "core/catalog.h"
#include "store/store.h"

struct xy_jrp_cache;

struct xy_app {
    struct xy_store *store;
    struct xy_catalog *catalog;
    struct xy_keys keys;
    struct xy_jrp_cache *jrp_cache; /* measures read for checks on this connection (app/jrp.c) */
    char db_path[4096];
};

/* Opens the database at db_path, which must have been initialised, and loads its catalogue and the
 * key file. OUT: *out; caller frees with xy_app_close(). */
int xy_app_open(const char *db_path, struct xy_app **out, struct xy_error *err);
void xy_app_close(struct xy_app *app); /* accepts NULL */

/* Creates or upgrades the database, creates the key file when missing, and loads the catalogue
 * (catalog_json, or the built-in one when NULL) when it differs from the stored one.
 * OUT: *schema_from, *schema_to, *catalog_version (borrowed static text or NULL). */
int xy_app_init(const char *db_path, const char *catalog_json, size_t catalog_len, int *schema_from,
                int *schema_to, int *catalog_loaded, struct xy_error *err);

/* The built-in catalogue (catalog/catalog.json at build time). */
const char *xy_app_default_catalog(size_t *len);

/* Today in the platform's time zone (China Standard Time, UTC+8), or XY_TODAY=YYYY-MM-DD. */
struct xy_date xy_app_today(void);

/* Now as an ISO 8601 UTC timestamp. OUT: out (32 bytes). */
void xy_app_now(char out[32]);

#endif
