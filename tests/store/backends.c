/* SPDX-License-Identifier: Apache-2.0 */
/* The back ends the contract suite runs against: one entry each. A back end is done when its entry
 * passes every case. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "contract.h"

/* SQLite: a new database file in a directory of its own under $TMPDIR (or /tmp). */
static int sqlite_open(char *where, size_t size, struct xy_store **st, struct xy_error *err)
{
    const char *tmp = getenv("TMPDIR");
    char dir[400];
    int from = -1, to = -1;
    snprintf(dir, sizeof dir, "%s/xy-contract.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
        return xy_error_set(err, XY_EIO, "cannot create a directory under %s", tmp && *tmp ? tmp : "/tmp");
    snprintf(where, size, "%s/store.db", dir);
    int rc = xy_store_sqlite_open(where, st, err);
    if (!rc && (rc = (*st)->ops->migrate(*st, &from, &to, err)) == XY_OK && (from != 0 || to <= 0))
        rc = xy_error_set(err, XY_EDB, "a new database migrated from %d to %d", from, to);
    if (rc) {
        xy_store_close(*st);
        *st = NULL;
    }
    return rc;
}

static int sqlite_connect(const char *where, struct xy_store **st, struct xy_error *err)
{
    return xy_store_sqlite_open(where, st, err);
}

static void sqlite_drop(const char *where)
{
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
    char path[600];
    for (size_t i = 0; i < sizeof suffix / sizeof *suffix; i++) {
        snprintf(path, sizeof path, "%s%s", where, suffix[i]);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s", where);
    char *slash = strrchr(path, '/');
    if (slash) {
        *slash = '\0';
        rmdir(path);
    }
}

const struct ct_backend ct_backends[] = {
    {"sqlite", sqlite_open, sqlite_connect, sqlite_drop},
    /* PostgreSQL goes here, inside #ifdef of its build option: open creates a fresh database (or
     * schema) from a connection string in an environment variable and migrates it, connect opens
     * another connection to it, drop removes it. Only a build without the back end leaves it out; a
     * build with it and no server to reach fails, it does not skip. */
};

const size_t ct_nbackends = sizeof ct_backends / sizeof *ct_backends;
