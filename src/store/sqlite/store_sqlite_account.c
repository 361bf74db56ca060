/* SPDX-License-Identifier: Apache-2.0 */
/* SQLite back end: staff accounts, their sessions and the count of failed sign-ins. A few statements
 * a request, each prepared for its one use. */
#include <string.h>

#include "store/sqlite/store_sqlite_int.h"

#define ACCOUNT_COLS                                                                                    \
    "a.id, a.name, a.key_id, a.pw_hash, a.totp_sealed, a.totp_active, a.totp_step, a.created_at, "        \
    "a.disabled_at, k.role, d.uscc, k.revoked_at "                                                      \
    "FROM account a JOIN api_key k ON k.id = a.key_id LEFT JOIN dept d ON d.id = k.dept_id "

static int step_done(struct sqlite_store *s, sqlite3_stmt *q, struct xy_error *err, const char *what)
{
    int r = sqlite3_step(q);
    int rc = XY_OK;
    if (r == SQLITE_CONSTRAINT)
        rc = xy_error_set(err, XY_EEXIST, "%1$s 已存在 (%1$s: exists already)", what);
    else if (r != SQLITE_DONE)
        rc = xy_sqlite_err(s, err, what);
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_account_add(struct xy_store *st, const struct xy_account_row *a, int64_t *id, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(
        s, "INSERT INTO account(name, key_id, pw_hash, created_at) VALUES (?, ?, ?, ?)", err);
    if (!q)
        return xy_sqlite_failed(err);
    xy_sqlite_bind_text(q, 1, a->name);
    sqlite3_bind_int64(q, 2, a->key_id);
    xy_sqlite_bind_text(q, 3, a->pw_hash);
    xy_sqlite_bind_text(q, 4, a->created_at);
    int rc = step_done(s, q, err, "account");
    if (!rc)
        *id = sqlite3_last_insert_rowid(s->db);
    return rc;
}

static int each_account(struct sqlite_store *s, sqlite3_stmt *q, xy_account_cb cb, void *ctx, int *count,
                        struct xy_error *err)
{
    int r;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        struct xy_account_row a = {
            .id = sqlite3_column_int64(q, 0),
            .name = xy_sqlite_text(q, 1),
            .key_id = sqlite3_column_int64(q, 2),
            .pw_hash = xy_sqlite_text(q, 3),
            .totp_sealed = sqlite3_column_blob(q, 4),
            .totp_len = (size_t)sqlite3_column_bytes(q, 4),
            .totp_active = sqlite3_column_int(q, 5),
            .totp_step = sqlite3_column_int64(q, 6),
            .created_at = xy_sqlite_text(q, 7),
            .disabled_at = xy_sqlite_text(q, 8),
            .role = xy_sqlite_text(q, 9),
            .dept_uscc = xy_sqlite_text(q, 10),
            .key_revoked_at = xy_sqlite_text(q, 11),
        };
        if (!a.totp_sealed)
            a.totp_len = 0;
        (*count)++;
        if (cb(ctx, &a))
            break;
    }
    int rc = r == SQLITE_ROW || r == SQLITE_DONE ? XY_OK : xy_sqlite_err(s, err, "read accounts");
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_account_get(struct xy_store *st, int64_t id, const char *name, xy_account_cb cb, void *ctx,
                          struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(
        s, name ? "SELECT " ACCOUNT_COLS "WHERE a.name = ?" : "SELECT " ACCOUNT_COLS "WHERE a.id = ?", err);
    int count = 0;
    if (!q)
        return xy_sqlite_failed(err);
    if (name)
        xy_sqlite_bind_text(q, 1, name);
    else
        sqlite3_bind_int64(q, 1, id);
    int rc = each_account(s, q, cb, ctx, &count, err);
    if (!rc && !count)
        rc = XY_ENOTFOUND;
    return rc;
}

int xy_sqlite_account_list(struct xy_store *st, xy_account_cb cb, void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s, "SELECT " ACCOUNT_COLS "ORDER BY a.name", err);
    int count = 0;
    if (!q)
        return xy_sqlite_failed(err);
    return each_account(s, q, cb, ctx, &count, err);
}

int xy_sqlite_account_put(struct xy_store *st, const struct xy_account_row *a, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s,
                                             "UPDATE account SET pw_hash = ?, totp_sealed = ?, totp_active = ?, "
                                             "totp_step = ?, disabled_at = ? WHERE id = ?",
                                             err);
    if (!q)
        return xy_sqlite_failed(err);
    xy_sqlite_bind_text(q, 1, a->pw_hash);
    if (a->totp_sealed && a->totp_len)
        sqlite3_bind_blob(q, 2, a->totp_sealed, (int)a->totp_len, SQLITE_STATIC);
    sqlite3_bind_int(q, 3, a->totp_active);
    sqlite3_bind_int64(q, 4, a->totp_step);
    xy_sqlite_bind_text(q, 5, a->disabled_at);
    sqlite3_bind_int64(q, 6, a->id);
    int rc = step_done(s, q, err, "account");
    if (!rc && sqlite3_changes(s->db) == 0)
        rc = xy_error_set(err, XY_ENOTFOUND, "没有编号为 %lld 的账户 (no account %lld)", (long long)a->id,
                          (long long)a->id);
    return rc;
}

int xy_sqlite_session_add(struct xy_store *st, const uint8_t hash[32], const struct xy_session_row *r,
                          struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(
        s, "INSERT INTO session(token_hash, account_id, created, seen) VALUES (?, ?, ?, ?)", err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_blob(q, 1, hash, 32, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, r->account_id);
    sqlite3_bind_int64(q, 3, r->created);
    sqlite3_bind_int64(q, 4, r->seen);
    return step_done(s, q, err, "session");
}

int xy_sqlite_session_get(struct xy_store *st, const uint8_t hash[32], struct xy_session_row *out,
                          struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q =
        xy_sqlite_prepare_once(s, "SELECT account_id, created, seen FROM session WHERE token_hash = ?", err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_blob(q, 1, hash, 32, SQLITE_STATIC);
    int r = sqlite3_step(q), rc = XY_OK;
    if (r == SQLITE_ROW) {
        out->account_id = sqlite3_column_int64(q, 0);
        out->created = sqlite3_column_int64(q, 1);
        out->seen = sqlite3_column_int64(q, 2);
    } else if (r == SQLITE_DONE) {
        rc = XY_ENOTFOUND;
    } else {
        rc = xy_sqlite_err(s, err, "read session");
    }
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_session_touch(struct xy_store *st, const uint8_t hash[32], int64_t seen, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s, "UPDATE session SET seen = ? WHERE token_hash = ?", err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, seen);
    sqlite3_bind_blob(q, 2, hash, 32, SQLITE_STATIC);
    return step_done(s, q, err, "session");
}

int xy_sqlite_session_drop(struct xy_store *st, const uint8_t *hash, int64_t account_id, int64_t created_before,
                           struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s,
                                             "DELETE FROM session WHERE token_hash = ?1 OR (?2 > 0 AND account_id = ?2) "
                                             "OR (?3 > 0 AND created < ?3)",
                                             err);
    if (!q)
        return xy_sqlite_failed(err);
    if (hash)
        sqlite3_bind_blob(q, 1, hash, 32, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, account_id);
    sqlite3_bind_int64(q, 3, created_before);
    return step_done(s, q, err, "session");
}

int xy_sqlite_throttle_get(struct xy_store *st, const char *key, int64_t *failures, int64_t *last,
                           struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s, "SELECT failures, last FROM signin_throttle WHERE key = ?", err);
    *failures = 0;
    *last = 0;
    if (!q)
        return xy_sqlite_failed(err);
    xy_sqlite_bind_text(q, 1, key);
    int r = sqlite3_step(q), rc = XY_OK;
    if (r == SQLITE_ROW) {
        *failures = sqlite3_column_int64(q, 0);
        *last = sqlite3_column_int64(q, 1);
    } else if (r != SQLITE_DONE) {
        rc = xy_sqlite_err(s, err, "read sign-in failures");
    }
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_throttle_put(struct xy_store *st, const char *key, int64_t failures, int64_t last,
                           struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(
        s,
        failures > 0 ? "INSERT INTO signin_throttle(key, failures, last) VALUES (?1, ?2, ?3) "
                       "ON CONFLICT(key) DO UPDATE SET failures = ?2, last = ?3"
                     : "DELETE FROM signin_throttle WHERE key = ?1",
        err);
    if (!q)
        return xy_sqlite_failed(err);
    xy_sqlite_bind_text(q, 1, key);
    if (failures > 0) {
        sqlite3_bind_int64(q, 2, failures);
        sqlite3_bind_int64(q, 3, last);
    }
    return step_done(s, q, err, "sign-in failures");
}
