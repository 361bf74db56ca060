/* SPDX-License-Identifier: Apache-2.0 */
/* Moving a SQLite database to PostgreSQL whole (`xinyong migrate`, docs/internals/POSTGRES.md,
 * "Migrating a SQLite database"): every table of the schema copied row for row, resumable, then
 * compared table by table (row count and a hash of the rows in key order, computed here the same way
 * over both databases). */
#ifndef XY_MIGRATE_H
#define XY_MIGRATE_H

#include <stdint.h>

#include "common/xy_error.h"

/* One table's comparison after the copy. */
struct xy_migrate_table {
    const char *name;
    int64_t from_rows, to_rows;
    char from_hash[65], to_hash[65]; /* BLAKE2b-256 of the rows, hex */
    int same;
};

/* What the copy reports as it goes (each may be NULL). */
struct xy_migrate_events {
    void *ctx;
    /* Before the copy: the tables, the rows to copy (in tables not yet copied) and how many tables an
     * earlier, interrupted run copied already. */
    void (*start)(void *ctx, int tables, int64_t rows, int resumed);
    /* During a table's copy, every few thousand rows and at its end. */
    void (*progress)(void *ctx, const char *table, int64_t table_done, int64_t table_rows, int64_t done, int64_t rows);
    /* A table copied (skipped: 1 when an earlier run had copied it). */
    void (*table)(void *ctx, const char *table, int64_t rows, int skipped);
    /* The comparison of one table. */
    void (*compared)(void *ctx, const struct xy_migrate_table *t);
};

struct xy_migrate_info {
    int schema;     /* the schema version of both */
    int tables;     /* tables in the schema */
    int resumed;    /* tables an earlier run had copied */
    int differ;     /* tables whose count or hash differs after the copy */
    int64_t rows;   /* rows copied by this run */
};

/* Copies the SQLite database at `from` (a file, left unchanged) into the PostgreSQL database `to`
 * ("postgresql://..."). The source must be at this program's schema version; the target empty (it
 * is then given the schema, as `xinyong init` would), or initialised at the same version and holding
 * no data, or holding an interrupted copy from an earlier run, which goes on (tables it copied whole
 * are kept; the others emptied and copied again). Each table is copied in one transaction of the
 * target and recorded there as copied. Then every table is compared; XY_ECORRUPT when any differs
 * (info->differ). The key file is not copied: the target is read with the source's
 * (XINYONG_KEY_FILE). Bad input (a missing file, an unreachable server, another schema version, a
 * target holding other data) changes nothing. */
int xy_app_migrate(const char *from, const char *to, const struct xy_migrate_events *ev, struct xy_migrate_info *info,
                   struct xy_error *err);

#endif
