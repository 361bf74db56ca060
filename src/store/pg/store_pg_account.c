/* SPDX-License-Identifier: Apache-2.0 */
/* PostgreSQL back end: staff accounts, their sessions and the count of failed sign-ins, as
 * store_sqlite_account.c. A name or session hash taken already is XY_EEXIST without failing the
 * caller's transaction (ON CONFLICT DO NOTHING, then a look at what happened). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg/store_pg_int.h"

enum {
    S_ADD = 192,
    S_GET_ID,
    S_GET_NAME,
    S_LIST,
    S_PUT,
    S_SESSION_ADD,
    S_SESSION_GET,
    S_SESSION_TOUCH,
    S_SESSION_DROP,
    S_THROTTLE_GET,
    S_THROTTLE_PUT,
    S_THROTTLE_DEL,
    S__END
};
_Static_assert(S__END <= 224, "store_pg_account.c statements use ids 192..223");

#define ACCOUNT_COLS                                                                               \
    "a.id, a.name, a.key_id, a.pw_hash, a.totp_sealed, a.totp_active, a.totp_step, a.created_at, "   \
    "a.disabled_at, k.role, d.uscc, k.revoked_at "                                                 \
    "FROM account a JOIN api_key k ON k.id = a.key_id LEFT JOIN dept d ON d.id = k.dept_id "

static const char *const stmt_sql[S__END] = {
    [S_ADD] = "INSERT INTO account(name, key_id, pw_hash, created_at) VALUES ($1, $2, $3, $4) "
              "ON CONFLICT DO NOTHING RETURNING id",
    [S_GET_ID] = "SELECT " ACCOUNT_COLS "WHERE a.id = $1",
    [S_GET_NAME] = "SELECT " ACCOUNT_COLS "WHERE a.name = $1",
    [S_LIST] = "SELECT " ACCOUNT_COLS "ORDER BY a.name",
    [S_PUT] = "UPDATE account SET pw_hash = $1, totp_sealed = $2, totp_active = $3, totp_step = $4, "
              "disabled_at = $5 WHERE id = $6",
    [S_SESSION_ADD] = "INSERT INTO session(token_hash, account_id, created, seen) VALUES ($1, $2, $3, $4) "
                      "ON CONFLICT DO NOTHING",
    [S_SESSION_GET] = "SELECT account_id, created, seen FROM session WHERE token_hash = $1",
    [S_SESSION_TOUCH] = "UPDATE session SET seen = $1 WHERE token_hash = $2",
    [S_SESSION_DROP] = "DELETE FROM session WHERE token_hash = $1 OR ($2::bigint > 0 AND account_id = $2) "
                       "OR ($3::bigint > 0 AND created < $3)",
    [S_THROTTLE_GET] = "SELECT failures, last FROM signin_throttle WHERE key = $1",
    [S_THROTTLE_PUT] = "INSERT INTO signin_throttle(key, failures, last) VALUES ($1, $2, $3) "
                       "ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, last = excluded.last",
    [S_THROTTLE_DEL] = "DELETE FROM signin_throttle WHERE key = $1",
};

static PGresult *run(struct pg_store *s, int id, const struct pg_args *a, struct xy_error *err, const char *what)
{
    return xy_pg_run(s, id, stmt_sql[id], a, err, what);
}

/* The number of rows a write touched, or -1 with err set. */
static long touched(struct pg_store *s, int id, const struct pg_args *a, struct xy_error *err, const char *what)
{
    PGresult *res = run(s, id, a, err, what);
    if (!res)
        return -1;
    long n = strtol(PQcmdTuples(res), NULL, 10);
    PQclear(res);
    return n;
}

int xy_pg_account_add(struct xy_store *st, const struct xy_account_row *a, int64_t *id, struct xy_error *err)
{
    struct pg_args p = {0};
    xy_pg_text(&p, a->name);
    xy_pg_int(&p, a->key_id);
    xy_pg_text(&p, a->pw_hash);
    xy_pg_text(&p, a->created_at);
    PGresult *res = run(xy_pg_of(st), S_ADD, &p, err, "account");
    if (!res)
        return xy_pg_failed(err);
    int added = PQntuples(res) == 1;
    if (added)
        *id = xy_pg_i64(res, 0, 0);
    PQclear(res);
    return added ? XY_OK : xy_error_set(err, XY_EEXIST, "account: exists already");
}

static int each_account(PGresult *res, xy_account_cb cb, void *ctx)
{
    int n = PQntuples(res);
    for (int i = 0; i < n; i++) {
        size_t len;
        uint8_t *totp = xy_pg_bytes(res, i, 4, &len);
        struct xy_account_row a = {
            .id = xy_pg_i64(res, i, 0),
            .name = xy_pg_str(res, i, 1),
            .key_id = xy_pg_i64(res, i, 2),
            .pw_hash = xy_pg_str(res, i, 3),
            .totp_sealed = totp,
            .totp_len = totp ? len : 0,
            .totp_active = (int)xy_pg_i64(res, i, 5),
            .totp_step = xy_pg_i64(res, i, 6),
            .created_at = xy_pg_str(res, i, 7),
            .disabled_at = xy_pg_str(res, i, 8),
            .role = xy_pg_str(res, i, 9),
            .dept_uscc = xy_pg_str(res, i, 10),
            .key_revoked_at = xy_pg_str(res, i, 11),
        };
        int stop = cb(ctx, &a);
        PQfreemem(totp);
        if (stop)
            break;
    }
    PQclear(res);
    return n;
}

int xy_pg_account_get(struct xy_store *st, int64_t id, const char *name, xy_account_cb cb, void *ctx,
                      struct xy_error *err)
{
    struct pg_args a = {0};
    if (name)
        xy_pg_text(&a, name);
    else
        xy_pg_int(&a, id);
    PGresult *res = run(xy_pg_of(st), name ? S_GET_NAME : S_GET_ID, &a, err, "read accounts");
    if (!res)
        return xy_pg_failed(err);
    return each_account(res, cb, ctx) ? XY_OK : XY_ENOTFOUND;
}

int xy_pg_account_list(struct xy_store *st, xy_account_cb cb, void *ctx, struct xy_error *err)
{
    PGresult *res = run(xy_pg_of(st), S_LIST, NULL, err, "read accounts");
    if (!res)
        return xy_pg_failed(err);
    each_account(res, cb, ctx);
    return XY_OK;
}

int xy_pg_account_put(struct xy_store *st, const struct xy_account_row *a, struct xy_error *err)
{
    struct pg_args p = {0};
    xy_pg_text(&p, a->pw_hash);
    xy_pg_blob(&p, a->totp_sealed && a->totp_len ? a->totp_sealed : NULL, a->totp_len);
    xy_pg_int(&p, a->totp_active);
    xy_pg_int(&p, a->totp_step);
    xy_pg_text(&p, a->disabled_at);
    xy_pg_int(&p, a->id);
    long n = touched(xy_pg_of(st), S_PUT, &p, err, "account");
    if (n < 0)
        return xy_pg_failed(err);
    return n ? XY_OK
             : xy_error_set(err, XY_ENOTFOUND, "没有编号为 %lld 的账户 (no account %lld)", (long long)a->id,
                            (long long)a->id);
}

int xy_pg_session_add(struct xy_store *st, const uint8_t hash[32], const struct xy_session_row *r,
                      struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_blob(&a, hash, 32);
    xy_pg_int(&a, r->account_id);
    xy_pg_int(&a, r->created);
    xy_pg_int(&a, r->seen);
    long n = touched(xy_pg_of(st), S_SESSION_ADD, &a, err, "session");
    if (n < 0)
        return xy_pg_failed(err);
    return n ? XY_OK : xy_error_set(err, XY_EEXIST, "session: exists already");
}

int xy_pg_session_get(struct xy_store *st, const uint8_t hash[32], struct xy_session_row *out, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_blob(&a, hash, 32);
    PGresult *res = run(xy_pg_of(st), S_SESSION_GET, &a, err, "read session");
    if (!res)
        return xy_pg_failed(err);
    int found = PQntuples(res) == 1;
    if (found) {
        out->account_id = xy_pg_i64(res, 0, 0);
        out->created = xy_pg_i64(res, 0, 1);
        out->seen = xy_pg_i64(res, 0, 2);
    }
    PQclear(res);
    return found ? XY_OK : XY_ENOTFOUND;
}

int xy_pg_session_touch(struct xy_store *st, const uint8_t hash[32], int64_t seen, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, seen);
    xy_pg_blob(&a, hash, 32);
    return xy_pg_exec(xy_pg_of(st), S_SESSION_TOUCH, stmt_sql[S_SESSION_TOUCH], &a, err, "session");
}

int xy_pg_session_drop(struct xy_store *st, const uint8_t *hash, int64_t account_id, int64_t created_before,
                       struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_blob(&a, hash, hash ? 32 : 0);
    xy_pg_int(&a, account_id);
    xy_pg_int(&a, created_before);
    return xy_pg_exec(xy_pg_of(st), S_SESSION_DROP, stmt_sql[S_SESSION_DROP], &a, err, "session");
}

int xy_pg_throttle_get(struct xy_store *st, const char *key, int64_t *failures, int64_t *last, struct xy_error *err)
{
    struct pg_args a = {0};
    *failures = 0;
    *last = 0;
    xy_pg_text(&a, key);
    PGresult *res = run(xy_pg_of(st), S_THROTTLE_GET, &a, err, "read sign-in failures");
    if (!res)
        return xy_pg_failed(err);
    if (PQntuples(res)) {
        *failures = xy_pg_i64(res, 0, 0);
        *last = xy_pg_i64(res, 0, 1);
    }
    PQclear(res);
    return XY_OK;
}

int xy_pg_throttle_put(struct xy_store *st, const char *key, int64_t failures, int64_t last, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, key);
    if (failures > 0) {
        xy_pg_int(&a, failures);
        xy_pg_int(&a, last);
    }
    int id = failures > 0 ? S_THROTTLE_PUT : S_THROTTLE_DEL;
    return xy_pg_exec(xy_pg_of(st), id, stmt_sql[id], &a, err, "sign-in failures");
}
