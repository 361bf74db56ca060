/* SPDX-License-Identifier: Apache-2.0 */
/* PostgreSQL back end: API keys (only the hash of a secret is stored) and the hash-chained audit
 * log. The chain's order is its seq, assigned by the app from audit_last inside the write
 * transaction: with concurrent writers, audit_last locks the head row (audit_head, SELECT ... FOR
 * UPDATE) until the transaction ends, as SQLite's single writer lock did. */
#include <stdio.h>
#include <string.h>

#include "store/pg/store_pg_int.h"

enum {
    S_KEY_ADD = 128,
    S_KEY_GET,
    S_KEY_LIST,
    S_KEY_REVOKE,
    S_AUDIT_LOCK,
    S_AUDIT_LAST,
    S_AUDIT_INSERT,
    S_AUDIT_SCAN,
    S__END
};
_Static_assert(S__END <= 160, "store_pg_auth.c statements use ids 128..159");

#define KEY_COLS                                                                                   \
    "k.id, k.role, k.dept_id, d.uscc, k.subject_id, k.name, k.hash, k.created_at, k.revoked_at, "  \
    "COALESCE(k.querier_id, 0)"

static const char *const stmt_sql[S__END] = {
    [S_KEY_ADD] = "INSERT INTO api_key(role, dept_id, subject_id, name, hash, created_at, querier_id) "
                  "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    [S_KEY_GET] = "SELECT " KEY_COLS " FROM api_key k LEFT JOIN dept d ON d.id = k.dept_id WHERE k.id = $1",
    [S_KEY_LIST] = "SELECT " KEY_COLS " FROM api_key k LEFT JOIN dept d ON d.id = k.dept_id "
                   "WHERE NOT EXISTS (SELECT 1 FROM account a WHERE a.key_id = k.id) ORDER BY k.id",
    [S_KEY_REVOKE] = "UPDATE api_key SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
    [S_AUDIT_LOCK] = "SELECT id FROM audit_head WHERE id = 1 FOR UPDATE",
    [S_AUDIT_LAST] = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
    /* A seq taken already is XY_EEXIST without failing the caller's transaction. */
    [S_AUDIT_INSERT] = "INSERT INTO audit(seq, at, key_id, role, action, object, detail, prev, hash) "
                       "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (seq) DO NOTHING",
    [S_AUDIT_SCAN] = "SELECT a.seq, a.at, a.key_id, a.role, a.action, a.object, a.detail, a.prev, a.hash, k.name "
                     "FROM audit a LEFT JOIN api_key k ON k.id = a.key_id AND a.key_id > 0 "
                     "WHERE a.seq > $1 ORDER BY a.seq LIMIT $2",
};

static PGresult *run(struct pg_store *s, int id, const struct pg_args *a, struct xy_error *err, const char *what)
{
    return xy_pg_run(s, id, stmt_sql[id], a, err, what);
}

/* An id column: SQL NULL for 0. */
static void id_arg(struct pg_args *a, int64_t id)
{
    if (id)
        xy_pg_int(a, id);
    else
        xy_pg_text(a, NULL);
}

int xy_pg_key_add(struct xy_store *st, const struct xy_key_row *k, int64_t *id, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, k->role);
    id_arg(&a, k->dept_id);
    id_arg(&a, k->subject_id);
    xy_pg_text(&a, k->name);
    xy_pg_blob(&a, k->hash, 32);
    xy_pg_text(&a, k->created_at);
    id_arg(&a, k->querier_id);
    PGresult *res = run(xy_pg_of(st), S_KEY_ADD, &a, err, "add key");
    if (!res)
        return xy_pg_failed(err);
    *id = xy_pg_i64(res, 0, 0);
    PQclear(res);
    return XY_OK;
}

static int each_key(PGresult *res, xy_key_cb cb, void *ctx)
{
    int n = PQntuples(res);
    for (int i = 0; i < n; i++) {
        size_t len;
        uint8_t *hash = xy_pg_bytes(res, i, 6, &len);
        struct xy_key_row k = {
            .id = xy_pg_i64(res, i, 0),
            .role = xy_pg_str(res, i, 1),
            .dept_id = xy_pg_i64(res, i, 2),
            .dept_uscc = xy_pg_str(res, i, 3),
            .subject_id = xy_pg_i64(res, i, 4),
            .name = xy_pg_str(res, i, 5),
            .hash = len == 32 ? hash : NULL,
            .created_at = xy_pg_str(res, i, 7),
            .revoked_at = xy_pg_str(res, i, 8),
            .querier_id = xy_pg_i64(res, i, 9),
        };
        int stop = cb(ctx, &k);
        PQfreemem(hash);
        if (stop)
            break;
    }
    PQclear(res);
    return n;
}

int xy_pg_key_get(struct xy_store *st, int64_t id, xy_key_cb cb, void *ctx, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, id);
    PGresult *res = run(xy_pg_of(st), S_KEY_GET, &a, err, "read keys");
    if (!res)
        return xy_pg_failed(err);
    return each_key(res, cb, ctx) ? XY_OK : XY_ENOTFOUND;
}

int xy_pg_key_list(struct xy_store *st, xy_key_cb cb, void *ctx, struct xy_error *err)
{
    PGresult *res = run(xy_pg_of(st), S_KEY_LIST, NULL, err, "read keys");
    if (!res)
        return xy_pg_failed(err);
    each_key(res, cb, ctx);
    return XY_OK;
}

int xy_pg_key_revoke(struct xy_store *st, int64_t id, const char *at, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, at);
    xy_pg_int(&a, id);
    PGresult *res = run(xy_pg_of(st), S_KEY_REVOKE, &a, err, "revoke key");
    if (!res)
        return xy_pg_failed(err);
    int changed = strcmp(PQcmdTuples(res), "0") != 0;
    PQclear(res);
    return changed ? XY_OK
                   : xy_error_set(err, XY_ENOTFOUND,
                                  "没有编号为 %lld 的密钥，或该密钥已吊销 (no key %lld, or it is revoked already)",
                                  (long long)id, (long long)id);
}

int xy_pg_audit_last(struct xy_store *st, int64_t *seq, uint8_t hash[32], struct xy_error *err)
{
    struct pg_store *s = xy_pg_of(st);
    *seq = 0;
    memset(hash, 0, 32);
    /* Inside a write transaction: hold the head until it ends (a second writer waits here, then
     * reads the head the first one left). Outside one there is nothing to hold. */
    if (xy_pg_in_tx(s)) {
        PGresult *lock = run(s, S_AUDIT_LOCK, NULL, err, "lock the audit head");
        if (!lock)
            return xy_pg_failed(err);
        PQclear(lock);
    }
    PGresult *res = run(s, S_AUDIT_LAST, NULL, err, "read audit");
    if (!res)
        return xy_pg_failed(err);
    if (PQntuples(res)) {
        size_t n;
        uint8_t *h = xy_pg_bytes(res, 0, 1, &n);
        *seq = xy_pg_i64(res, 0, 0);
        if (h && n == 32)
            memcpy(hash, h, 32);
        PQfreemem(h);
    }
    PQclear(res);
    return XY_OK;
}

int xy_pg_audit_insert(struct xy_store *st, const struct xy_audit_row *e, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, e->seq);
    xy_pg_text(&a, e->at);
    xy_pg_int(&a, e->key_id);
    xy_pg_text(&a, e->role);
    xy_pg_text(&a, e->action);
    xy_pg_text(&a, e->object);
    xy_pg_text(&a, e->detail);
    xy_pg_blob(&a, e->prev, 32);
    xy_pg_blob(&a, e->hash, 32);
    PGresult *res = run(xy_pg_of(st), S_AUDIT_INSERT, &a, err, "append audit");
    if (!res)
        return xy_pg_failed(err);
    int added = strcmp(PQcmdTuples(res), "1") == 0;
    PQclear(res);
    return added ? XY_OK
                 : xy_error_set(err, XY_EEXIST, "database: append audit: entry %lld exists already",
                                (long long)e->seq);
}

int xy_pg_audit_scan(struct xy_store *st, int64_t after, int limit, xy_audit_cb cb, void *ctx, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, after);
    if (limit > 0)
        xy_pg_int(&a, limit);
    else
        xy_pg_text(&a, NULL);
    PGresult *res = run(xy_pg_of(st), S_AUDIT_SCAN, &a, err, "read audit");
    if (!res)
        return xy_pg_failed(err);
    static const uint8_t zero[32];
    for (int i = 0; i < PQntuples(res); i++) {
        size_t pn, hn;
        uint8_t *prev = xy_pg_bytes(res, i, 7, &pn), *hash = xy_pg_bytes(res, i, 8, &hn);
        struct xy_audit_row e = {
            .seq = xy_pg_i64(res, i, 0),
            .at = xy_pg_str(res, i, 1),
            .key_id = xy_pg_i64(res, i, 2),
            .role = xy_pg_str(res, i, 3),
            .action = xy_pg_str(res, i, 4),
            .object = xy_pg_str(res, i, 5),
            .detail = xy_pg_str(res, i, 6),
            .prev = pn == 32 ? prev : zero,
            .hash = hn == 32 ? hash : zero,
            .key_name = xy_pg_str(res, i, 9),
        };
        int stop = cb(ctx, &e);
        PQfreemem(prev);
        PQfreemem(hash);
        if (stop)
            break;
    }
    PQclear(res);
    return XY_OK;
}
