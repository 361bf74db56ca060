/* SPDX-License-Identifier: Apache-2.0 */
/* The SQLite back end: subscriptions (store.h, sub_*): webhooks with their cursors in the change
 * log, the subjects each follows, and the records of a change that fall to one. The statements run
 * once per code of a list (up to 100,000 a request) are kept in aux[160..167]; the others, called
 * a few times a delivery, are prepared and finalized each time. */
#include <string.h>

#include "store/sqlite/store_sqlite_int.h"

_Static_assert(168 <= XY_SQLITE_AUX_STMTS, "subscription statements use aux[160..167]");

enum { S_FOLLOW = 160, S_REGULATED, S_GRANT };

static int run(struct sqlite_store *s, sqlite3_stmt *q, int *changed, struct xy_error *err, const char *what)
{
    int step = sqlite3_step(q), rc = XY_OK;
    if (step == SQLITE_CONSTRAINT)
        rc = xy_error_set(err, XY_EEXIST, "%s: exists already", what);
    else if (step != SQLITE_DONE)
        rc = xy_sqlite_err(s, err, what);
    if (changed)
        *changed = sqlite3_changes(s->db);
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_sub_add(struct xy_store *st, const struct xy_sub_row *r, int64_t *id, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s, "INSERT INTO subscription (key_id, role, url, secret, created_at, "
                                                "acked_seq) VALUES (?1, ?2, ?3, ?4, ?5, "
                                                "(SELECT coalesce(max(seq), 0) FROM change))", err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, r->key_id);
    xy_sqlite_bind_text(q, 2, r->role);
    xy_sqlite_bind_text(q, 3, r->url);
    sqlite3_bind_blob(q, 4, r->secret, (int)r->secret_len, SQLITE_STATIC);
    xy_sqlite_bind_text(q, 5, r->created_at);
    int rc = run(s, q, NULL, err, "add a subscription");
    if (!rc && id)
        *id = sqlite3_last_insert_rowid(s->db);
    return rc;
}

int xy_sqlite_sub_list(struct xy_store *st, int64_t id, int64_t key_id, int active, xy_sub_cb cb, void *ctx,
                       struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(
        s,
        "SELECT u.id, u.key_id, u.role, u.url, u.secret, u.created_at, u.ended_at, u.ended_reason, u.acked_seq, "
        "u.acked_part, u.acked_at, u.delivered, u.failures, u.last_error, u.last_error_at, "
        "(SELECT count(*) FROM subscription_subject f WHERE f.subscription_id = u.id), "
        "(SELECT count(*) FROM change c WHERE c.seq > u.acked_seq - (u.acked_part > 0)) "
        "FROM subscription u WHERE (?1 = 0 OR u.id = ?1) AND (?2 = 0 OR u.key_id = ?2) "
        "AND (?3 = 0 OR u.ended_at IS NULL) ORDER BY u.id",
        err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, id);
    sqlite3_bind_int64(q, 2, key_id);
    sqlite3_bind_int(q, 3, active);
    int step, n = 0, rc = XY_OK;
    while ((step = sqlite3_step(q)) == SQLITE_ROW) {
        struct xy_sub_row r = {
            .id = sqlite3_column_int64(q, 0),
            .key_id = sqlite3_column_int64(q, 1),
            .role = xy_sqlite_text(q, 2),
            .url = xy_sqlite_text(q, 3),
            .secret = sqlite3_column_blob(q, 4),
            .secret_len = (size_t)sqlite3_column_bytes(q, 4),
            .created_at = xy_sqlite_text(q, 5),
            .ended_at = xy_sqlite_text(q, 6),
            .ended_reason = xy_sqlite_text(q, 7),
            .acked_seq = sqlite3_column_int64(q, 8),
            .acked_part = sqlite3_column_int64(q, 9),
            .acked_at = xy_sqlite_text(q, 10),
            .delivered = sqlite3_column_int64(q, 11),
            .failures = sqlite3_column_int64(q, 12),
            .last_error = xy_sqlite_text(q, 13),
            .last_error_at = xy_sqlite_text(q, 14),
            .subjects = sqlite3_column_int64(q, 15),
            .backlog = sqlite3_column_int64(q, 16),
        };
        n++;
        if (cb(ctx, &r))
            break;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = xy_sqlite_err(s, err, "list subscriptions");
    else if (id && n == 0)
        rc = xy_error_set(err, XY_ENOTFOUND, "no such subscription");
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_sub_follow_add(struct xy_store *st, int64_t sub_id, int64_t subject_id, int64_t consent_id,
                             const char *at, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_stmt(s, &s->aux[S_FOLLOW], "INSERT INTO subscription_subject (subscription_id, "
                                     "subject_id, consent_id, created_at) VALUES (?1, ?2, ?3, ?4) "
                                     "ON CONFLICT (subscription_id, subject_id) DO UPDATE SET "
                                     "consent_id = excluded.consent_id, created_at = excluded.created_at "
                                     "WHERE consent_id IS NOT excluded.consent_id", err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, sub_id);
    sqlite3_bind_int64(q, 2, subject_id);
    if (consent_id)
        sqlite3_bind_int64(q, 3, consent_id);
    else
        sqlite3_bind_null(q, 3);
    xy_sqlite_bind_text(q, 4, at);
    int step = sqlite3_step(q), rc = XY_OK;
    if (step != SQLITE_DONE)
        rc = xy_sqlite_err(s, err, "follow a subject");
    else if (sqlite3_changes(s->db) == 0) /* followed already, under the same grant */
        rc = xy_error_set(err, XY_EEXIST, "followed already");
    sqlite3_reset(q);
    return rc;
}

int xy_sqlite_sub_regulated(struct xy_store *st, int64_t dept_id, int64_t subject_id, int *yes, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    /* By record_subject (subject_id, class) WHERE is_current = 1: a subject has few records, a
     * department many (the unary + keeps the planner off record_dept). */
    sqlite3_stmt *q = xy_sqlite_stmt(s, &s->aux[S_REGULATED], "SELECT EXISTS (SELECT 1 FROM record WHERE "
                                     "subject_id = ?1 AND is_current = 1 AND +dept_id = ?2)", err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, subject_id);
    sqlite3_bind_int64(q, 2, dept_id);
    int step = sqlite3_step(q), rc = XY_OK;
    if (step == SQLITE_ROW)
        *yes = sqlite3_column_int(q, 0);
    else
        rc = xy_sqlite_err(s, err, "read a subject's records");
    sqlite3_reset(q);
    return rc;
}

int xy_sqlite_sub_grant(struct xy_store *st, int64_t subject_id, int64_t querier_key, int64_t querier_id,
                        const char *today, int64_t *consent_id, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_stmt(
        s, &s->aux[S_GRANT],
        "SELECT c.id FROM consent c LEFT JOIN querier e ON e.id = c.querier_id "
        "WHERE c.subject_id = ?1 AND c.revoked_at IS NULL AND c.until >= ?4 "
        "AND ((c.querier_id IS NOT NULL AND c.querier_id = ?3 AND e.disabled_at IS NULL) "
        "  OR (c.querier_id IS NULL AND c.querier_key = ?2)) "
        "ORDER BY c.until DESC, c.id DESC LIMIT 1",
        err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, subject_id);
    sqlite3_bind_int64(q, 2, querier_key);
    sqlite3_bind_int64(q, 3, querier_id);
    xy_sqlite_bind_text(q, 4, today);
    int step = sqlite3_step(q), rc = XY_OK;
    *consent_id = 0;
    if (step == SQLITE_ROW)
        *consent_id = sqlite3_column_int64(q, 0);
    else if (step != SQLITE_DONE)
        rc = xy_sqlite_err(s, err, "find a grant");
    sqlite3_reset(q);
    return rc;
}

struct hits {
    sqlite3_stmt *q;
    xy_sub_hit_cb cb;
    void *ctx;
};

/* The record comes from xy_sqlite_each_record; the follow's columns after REC_COLS and the
 * subject's public id (26) are read from the same row. */
static int on_hit(void *ctx, const struct xy_record_row *r)
{
    struct hits *h = ctx;
    struct xy_sub_hit hit = {
        .r = r,
        .subject_opaque = r->subject_opaque,
        .consent_id = sqlite3_column_int64(h->q, 27),
        .classes = xy_sqlite_text(h->q, 28),
        .until = xy_sqlite_text(h->q, 29),
        .revoked_at = xy_sqlite_text(h->q, 30),
        .querier_disabled_at = xy_sqlite_text(h->q, 31),
        .querier_key = sqlite3_column_int64(h->q, 32),
        .querier_id = sqlite3_column_int64(h->q, 33),
        .grant_subject = sqlite3_column_int64(h->q, 34),
        .subject_uscc = xy_sqlite_text(h->q, 35),
        .subject_masked = xy_sqlite_text(h->q, 36),
    };
    return h->cb(h->ctx, &hit);
}

int xy_sqlite_sub_hits(struct xy_store *st, int64_t sub_id, int64_t batch_id, int64_t after, int64_t upto, int limit,
                       xy_sub_hit_cb cb, void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    /* By the record's primary key range (as batch_records), each record probing the follow's key. */
    sqlite3_stmt *q = xy_sqlite_prepare_once(
        s,
        "SELECT " REC_COLS ", sj.opaque, f.consent_id, c.classes, c.until, c.revoked_at, e.disabled_at, "
        "c.querier_key, c.querier_id, c.subject_id, sj.uscc, sj.id_masked "
        "FROM record r JOIN dept d ON d.id = r.dept_id "
        "JOIN subscription_subject f ON f.subscription_id = ?1 AND f.subject_id = r.subject_id "
        "JOIN subject sj ON sj.id = r.subject_id "
        "LEFT JOIN consent c ON c.id = f.consent_id LEFT JOIN querier e ON e.id = c.querier_id "
        "WHERE r.id > ?3 AND r.id <= ?4 AND (?2 = 0 OR r.batch_id = ?2) ORDER BY r.id LIMIT ?5",
        err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, sub_id);
    sqlite3_bind_int64(q, 2, batch_id);
    sqlite3_bind_int64(q, 3, after);
    sqlite3_bind_int64(q, 4, upto);
    sqlite3_bind_int(q, 5, limit);
    struct hits h = {.q = q, .cb = cb, .ctx = ctx};
    int rc = xy_sqlite_each_record(s, q, on_hit, &h, err);
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_sub_ack(struct xy_store *st, int64_t id, int64_t seq, int64_t part, int64_t delivered, const char *at,
                      struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s, "UPDATE subscription SET acked_seq = ?2, acked_part = ?3, "
                                                "acked_at = ?4, delivered = delivered + ?5, failures = 0, "
                                                "last_error = NULL WHERE id = ?1", err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, id);
    sqlite3_bind_int64(q, 2, seq);
    sqlite3_bind_int64(q, 3, part);
    xy_sqlite_bind_text(q, 4, at);
    sqlite3_bind_int64(q, 5, delivered);
    return run(s, q, NULL, err, "move a subscription's cursor");
}

int xy_sqlite_sub_fail(struct xy_store *st, int64_t id, const char *error, const char *at, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s, "UPDATE subscription SET failures = failures + 1, last_error = ?2, "
                                                "last_error_at = ?3 WHERE id = ?1", err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, id);
    xy_sqlite_bind_text(q, 2, error);
    xy_sqlite_bind_text(q, 3, at);
    return run(s, q, NULL, err, "count a subscription's failure");
}

int xy_sqlite_sub_end(struct xy_store *st, int64_t id, const char *at, const char *reason, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s, "UPDATE subscription SET ended_at = ?2, ended_reason = ?3 "
                                                "WHERE id = ?1 AND ended_at IS NULL", err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, id);
    xy_sqlite_bind_text(q, 2, at);
    xy_sqlite_bind_text(q, 3, reason);
    int changed = 0, rc = run(s, q, &changed, err, "end a subscription");
    if (!rc && !changed)
        rc = xy_error_set(err, XY_ENOTFOUND, "no such subscription in force");
    return rc;
}
