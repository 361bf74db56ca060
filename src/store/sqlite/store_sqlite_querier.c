/* SPDX-License-Identifier: Apache-2.0 */
/* The SQLite back end: the directory of queriers (store.h, querier_*). Registered a few at a time
 * by the office and listed to subjects choosing whom to grant: each call prepares its statement
 * and finalizes it, so this file keeps no slots in the connection's statement arrays. */
#include <stdio.h>
#include <string.h>

#include "store/sqlite/store_sqlite_int.h"

#define QUERIER_COLS "SELECT id, uscc, name, kind, licence, created_at, disabled_at FROM querier "

int xy_sqlite_querier_add(struct xy_store *st, const struct xy_querier_row *r, int64_t *id, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s, "INSERT INTO querier(uscc, name, kind, licence, created_at) VALUES (?, ?, ?, ?, ?)",
                              err);
    if (!q)
        return xy_sqlite_failed(err);
    xy_sqlite_bind_text(q, 1, r->uscc);
    xy_sqlite_bind_text(q, 2, r->name);
    xy_sqlite_bind_text(q, 3, r->kind);
    xy_sqlite_bind_text(q, 4, r->licence);
    xy_sqlite_bind_text(q, 5, r->created_at);
    int rc = XY_OK;
    if (sqlite3_step(q) != SQLITE_DONE) {
        if (sqlite3_extended_errcode(s->db) == SQLITE_CONSTRAINT_UNIQUE)
            rc = xy_error_set(err, XY_EEXIST, "查询机构 %s 已登记 (querier %s is registered already)", r->uscc, r->uscc);
        else
            rc = xy_sqlite_err(s, err, "register a querier");
    } else {
        *id = sqlite3_last_insert_rowid(s->db);
    }
    sqlite3_finalize(q);
    return rc;
}

static int each(struct sqlite_store *s, sqlite3_stmt *q, xy_querier_cb cb, void *ctx, int *n, struct xy_error *err)
{
    int r;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        struct xy_querier_row e = {
            .id = sqlite3_column_int64(q, 0), .uscc = xy_sqlite_text(q, 1), .name = xy_sqlite_text(q, 2),
            .kind = xy_sqlite_text(q, 3), .licence = xy_sqlite_text(q, 4), .created_at = xy_sqlite_text(q, 5),
            .disabled_at = xy_sqlite_text(q, 6),
        };
        (*n)++;
        if (cb(ctx, &e))
            break;
    }
    int rc = r == SQLITE_ROW || r == SQLITE_DONE ? XY_OK : xy_sqlite_err(s, err, "read the directory of queriers");
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_querier_get(struct xy_store *st, int64_t id, const char *uscc, xy_querier_cb cb, void *ctx,
                          struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s, QUERIER_COLS "WHERE id = ?1 OR uscc = ?2", err);
    int n = 0;
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, id > 0 ? id : -1);
    xy_sqlite_bind_text(q, 2, id > 0 ? NULL : uscc);
    int rc = each(s, q, cb, ctx, &n, err);
    return rc ? rc : n ? XY_OK : xy_error_set(err, XY_ENOTFOUND, "没有此查询机构 (no such querier)");
}

int xy_sqlite_queriers_list(struct xy_store *st, const char *name, int all, int limit, xy_querier_cb cb, void *ctx,
                            struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    /* instr, not LIKE: a name's % and _ are characters like any other. */
    sqlite3_stmt *q = xy_sqlite_prepare_once(s, QUERIER_COLS "WHERE (?1 IS NULL OR instr(name, ?1) > 0) "
                                 "AND (?2 OR disabled_at IS NULL) ORDER BY uscc LIMIT ?3", err);
    int n = 0;
    if (!q)
        return xy_sqlite_failed(err);
    xy_sqlite_bind_text(q, 1, name);
    sqlite3_bind_int(q, 2, all != 0);
    sqlite3_bind_int(q, 3, limit);
    return each(s, q, cb, ctx, &n, err);
}

int xy_sqlite_querier_disable(struct xy_store *st, int64_t id, const char *at, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s, "UPDATE querier SET disabled_at = ?2 WHERE id = ?1 AND disabled_at IS NULL", err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, id);
    xy_sqlite_bind_text(q, 2, at);
    int r = sqlite3_step(q), rc = XY_OK;
    if (r != SQLITE_DONE)
        rc = xy_sqlite_err(s, err, "disable a querier");
    else if (sqlite3_changes(s->db) == 0)
        rc = xy_error_set(err, XY_ENOTFOUND, "没有此有效的查询机构 (no such enabled querier)");
    sqlite3_finalize(q);
    return rc;
}
