/* SPDX-License-Identifier: Apache-2.0 */
/* SQLite back end: API keys and the audit log. */
#include <string.h>

#include "store/sqlite/store_sqlite_int.h"

enum {
    A_KEY_ADD,
    A_KEY_GET,
    A_KEY_LIST,
    A_KEY_REVOKE,
    A_AUDIT_LAST,
    A_AUDIT_INSERT,
    A_AUDIT_SCAN,
    A__COUNT
};

_Static_assert(A__COUNT <= 32, "auth statements use aux[0..31]");

#define KEY_COLS                                                                                        \
    "k.id, k.role, k.dept_id, d.uscc, k.subject_id, k.name, k.hash, k.created_at, k.revoked_at, "          \
    "coalesce(k.querier_id, 0)"

static const char *const sql[A__COUNT] = {
    [A_KEY_ADD] = "INSERT INTO api_key(role, dept_id, subject_id, name, hash, created_at, querier_id) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)",
    [A_KEY_GET] = "SELECT " KEY_COLS " FROM api_key k LEFT JOIN dept d ON d.id = k.dept_id WHERE k.id = ?",
    [A_KEY_LIST] = "SELECT " KEY_COLS " FROM api_key k LEFT JOIN dept d ON d.id = k.dept_id "
                   "WHERE NOT EXISTS (SELECT 1 FROM account a WHERE a.key_id = k.id) ORDER BY k.id",
    [A_KEY_REVOKE] = "UPDATE api_key SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
    [A_AUDIT_LAST] = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
    [A_AUDIT_INSERT] = "INSERT INTO audit(seq, at, key_id, role, action, object, detail, prev, hash) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [A_AUDIT_SCAN] = "SELECT a.seq, a.at, a.key_id, a.role, a.action, a.object, a.detail, a.prev, a.hash, k.name "
                     "FROM audit a LEFT JOIN api_key k ON k.id = a.key_id AND a.key_id > 0 "
                     "WHERE a.seq > ? ORDER BY a.seq LIMIT ?",
};

static sqlite3_stmt *prep(struct sqlite_store *s, int id, struct xy_error *err)
{
    return xy_sqlite_stmt(s, &s->aux[id], sql[id], err);
}

#define FAIL_RC(err) ((err) && (err)->rc ? (err)->rc : XY_EDB)

int xy_sqlite_key_add(struct xy_store *st, const struct xy_key_row *k, int64_t *id, struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q = prep(s, A_KEY_ADD, err);
    if (!q)
        return FAIL_RC(err);
    xy_sqlite_bind_text(q, 1, k->role);
    if (k->dept_id)
        sqlite3_bind_int64(q, 2, k->dept_id);
    if (k->subject_id)
        sqlite3_bind_int64(q, 3, k->subject_id);
    xy_sqlite_bind_text(q, 4, k->name);
    sqlite3_bind_blob(q, 5, k->hash, 32, SQLITE_STATIC);
    xy_sqlite_bind_text(q, 6, k->created_at);
    if (k->querier_id)
        sqlite3_bind_int64(q, 7, k->querier_id);
    int rc = xy_sqlite_run(s, q, err, "add key");
    if (!rc)
        *id = sqlite3_last_insert_rowid(s->db);
    return rc;
}

static int each_key(struct sqlite_store *s, sqlite3_stmt *q, xy_key_cb cb, void *ctx, int *count,
                    struct xy_error *err)
{
    int r;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        struct xy_key_row k = {
            .id = sqlite3_column_int64(q, 0),
            .role = (const char *)sqlite3_column_text(q, 1),
            .dept_id = sqlite3_column_int64(q, 2),
            .dept_uscc = (const char *)sqlite3_column_text(q, 3),
            .subject_id = sqlite3_column_int64(q, 4),
            .name = (const char *)sqlite3_column_text(q, 5),
            .hash = sqlite3_column_bytes(q, 6) == 32 ? sqlite3_column_blob(q, 6) : NULL,
            .created_at = (const char *)sqlite3_column_text(q, 7),
            .revoked_at = (const char *)sqlite3_column_text(q, 8),
            .querier_id = sqlite3_column_int64(q, 9),
        };
        (*count)++;
        if (cb(ctx, &k))
            break;
    }
    sqlite3_reset(q);
    return r == SQLITE_ROW || r == SQLITE_DONE ? XY_OK : xy_sqlite_err(s, err, "read keys");
}

int xy_sqlite_key_get(struct xy_store *st, int64_t id, xy_key_cb cb, void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q = prep(s, A_KEY_GET, err);
    int count = 0;
    if (!q)
        return FAIL_RC(err);
    sqlite3_bind_int64(q, 1, id);
    int rc = each_key(s, q, cb, ctx, &count, err);
    if (!rc && !count)
        rc = XY_ENOTFOUND;
    return rc;
}

int xy_sqlite_key_list(struct xy_store *st, xy_key_cb cb, void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q = prep(s, A_KEY_LIST, err);
    int count = 0;
    if (!q)
        return FAIL_RC(err);
    return each_key(s, q, cb, ctx, &count, err);
}

int xy_sqlite_key_revoke(struct xy_store *st, int64_t id, const char *at, struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q = prep(s, A_KEY_REVOKE, err);
    if (!q)
        return FAIL_RC(err);
    xy_sqlite_bind_text(q, 1, at);
    sqlite3_bind_int64(q, 2, id);
    int rc = xy_sqlite_run(s, q, err, "revoke key");
    if (!rc && sqlite3_changes(s->db) == 0)
        rc = xy_error_set(err, XY_ENOTFOUND, "没有编号为 %lld 的密钥，或该密钥已吊销 (no key %lld, or it is revoked already)",
                          (long long)id, (long long)id);
    return rc;
}

int xy_sqlite_audit_last(struct xy_store *st, int64_t *seq, uint8_t hash[32], struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q = prep(s, A_AUDIT_LAST, err);
    if (!q)
        return FAIL_RC(err);
    *seq = 0;
    memset(hash, 0, 32);
    int r = sqlite3_step(q);
    if (r == SQLITE_ROW) {
        *seq = sqlite3_column_int64(q, 0);
        if (sqlite3_column_bytes(q, 1) == 32)
            memcpy(hash, sqlite3_column_blob(q, 1), 32);
    }
    sqlite3_reset(q);
    return r == SQLITE_ROW || r == SQLITE_DONE ? XY_OK : xy_sqlite_err(s, err, "read audit");
}

int xy_sqlite_audit_insert(struct xy_store *st, const struct xy_audit_row *a, struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q = prep(s, A_AUDIT_INSERT, err);
    if (!q)
        return FAIL_RC(err);
    sqlite3_bind_int64(q, 1, a->seq);
    xy_sqlite_bind_text(q, 2, a->at);
    sqlite3_bind_int64(q, 3, a->key_id);
    xy_sqlite_bind_text(q, 4, a->role);
    xy_sqlite_bind_text(q, 5, a->action);
    xy_sqlite_bind_text(q, 6, a->object);
    xy_sqlite_bind_text(q, 7, a->detail);
    sqlite3_bind_blob(q, 8, a->prev, 32, SQLITE_STATIC);
    sqlite3_bind_blob(q, 9, a->hash, 32, SQLITE_STATIC);
    return xy_sqlite_run(s, q, err, "append audit");
}

int xy_sqlite_audit_scan(struct xy_store *st, int64_t after, int limit, xy_audit_cb cb, void *ctx,
                         struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q = prep(s, A_AUDIT_SCAN, err);
    if (!q)
        return FAIL_RC(err);
    sqlite3_bind_int64(q, 1, after);
    sqlite3_bind_int64(q, 2, limit > 0 ? limit : -1);
    int r;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        static const uint8_t zero[32];
        struct xy_audit_row a = {
            .seq = sqlite3_column_int64(q, 0),
            .at = (const char *)sqlite3_column_text(q, 1),
            .key_id = sqlite3_column_int64(q, 2),
            .role = (const char *)sqlite3_column_text(q, 3),
            .action = (const char *)sqlite3_column_text(q, 4),
            .object = (const char *)sqlite3_column_text(q, 5),
            .detail = (const char *)sqlite3_column_text(q, 6),
            .prev = sqlite3_column_bytes(q, 7) == 32 ? sqlite3_column_blob(q, 7) : zero,
            .hash = sqlite3_column_bytes(q, 8) == 32 ? sqlite3_column_blob(q, 8) : zero,
            .key_name = (const char *)sqlite3_column_text(q, 9),
        };
        if (cb(ctx, &a))
            break;
    }
    sqlite3_reset(q);
    return r == SQLITE_ROW || r == SQLITE_DONE ? XY_OK : xy_sqlite_err(s, err, "read audit");
}
