/* SPDX-License-Identifier: Apache-2.0 */
/* PostgreSQL back end: subscriptions (store.h, sub_*): webhooks with their cursors in the change
 * log, the subjects each follows, and the records of a change that fall to one, as
 * store_sqlite_subscription.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg/store_pg_int.h"

enum {
    S_ADD = 464,
    S_LIST,
    S_FOLLOW,
    S_REGULATED,
    S_GRANT,
    S_HITS,
    S_ACK,
    S_FAIL,
    S_END,
    S__END
};
_Static_assert(S__END <= 480, "store_pg_subscription.c statements use ids 464..479");

static const char *const stmt_sql[S__END] = {
    /* The cursor starts at the change log's end: a subscription follows from its creation. */
    [S_ADD] = "INSERT INTO subscription (key_id, role, url, secret, created_at, acked_seq) "
              "VALUES ($1, $2, $3, $4, $5, (SELECT coalesce(max(seq), 0) FROM change)) RETURNING id",
    [S_LIST] = "SELECT u.id, u.key_id, u.role, u.url, u.secret, u.created_at, u.ended_at, u.ended_reason, "
               "u.acked_seq, u.acked_part, u.acked_at, u.delivered, u.failures, u.last_error, u.last_error_at, "
               "(SELECT count(*) FROM subscription_subject f WHERE f.subscription_id = u.id), "
               "(SELECT count(*) FROM change c WHERE c.seq > u.acked_seq - "
               "CASE WHEN u.acked_part > 0 THEN 1 ELSE 0 END) "
               "FROM subscription u WHERE ($1::bigint = 0 OR u.id = $1) AND ($2::bigint = 0 OR u.key_id = $2) "
               "AND ($3::bigint = 0 OR u.ended_at IS NULL) ORDER BY u.id",
    /* A follow under another grant takes the new one; under the same grant nothing changes (no row
     * touched: XY_EEXIST, the caller's transaction going on). */
    [S_FOLLOW] = "INSERT INTO subscription_subject (subscription_id, subject_id, consent_id, created_at) "
                 "VALUES ($1, $2, $3, $4) ON CONFLICT (subscription_id, subject_id) DO UPDATE SET "
                 "consent_id = excluded.consent_id, created_at = excluded.created_at "
                 "WHERE subscription_subject.consent_id IS DISTINCT FROM excluded.consent_id",
    /* By record_subject (subject_id, class) WHERE is_current = 1: a subject has few records. */
    [S_REGULATED] = "SELECT CASE WHEN EXISTS (SELECT 1 FROM record WHERE subject_id = $1 AND is_current = 1 "
                    "AND dept_id = $2) THEN 1 ELSE 0 END",
    [S_GRANT] = "SELECT c.id FROM consent c LEFT JOIN querier e ON e.id = c.querier_id "
                "WHERE c.subject_id = $1 AND c.revoked_at IS NULL AND c.until >= $4 "
                "AND ((c.querier_id IS NOT NULL AND c.querier_id = $3 AND e.disabled_at IS NULL) "
                "  OR (c.querier_id IS NULL AND c.querier_key = $2)) "
                "ORDER BY c.until DESC, c.id DESC LIMIT 1",
    /* By the record's primary key range (as batch_records), each record probing the follow's key. */
    [S_HITS] = "SELECT " XY_PG_REC_COLS ", sj.opaque, f.consent_id, c.classes, c.until, c.revoked_at, "
               "e.disabled_at, c.querier_key, c.querier_id, c.subject_id, sj.uscc, sj.id_masked "
               "FROM record r JOIN dept d ON d.id = r.dept_id "
               "JOIN subscription_subject f ON f.subscription_id = $1 AND f.subject_id = r.subject_id "
               "JOIN subject sj ON sj.id = r.subject_id "
               "LEFT JOIN consent c ON c.id = f.consent_id LEFT JOIN querier e ON e.id = c.querier_id "
               "WHERE r.id > $3 AND r.id <= $4 AND ($2::bigint = 0 OR r.batch_id = $2) ORDER BY r.id LIMIT $5",
    [S_ACK] = "UPDATE subscription SET acked_seq = $2, acked_part = $3, acked_at = $4, "
              "delivered = delivered + $5, failures = 0, last_error = NULL WHERE id = $1",
    [S_FAIL] = "UPDATE subscription SET failures = failures + 1, last_error = $2, last_error_at = $3 WHERE id = $1",
    [S_END] = "UPDATE subscription SET ended_at = $2, ended_reason = $3 WHERE id = $1 AND ended_at IS NULL",
};

static PGresult *run(struct xy_store *st, int id, const struct pg_args *a, struct xy_error *err, const char *what)
{
    return xy_pg_run(xy_pg_of(st), id, stmt_sql[id], a, err, what);
}

/* The rows a write touched, or -1 with err set. */
static long touched(struct xy_store *st, int id, const struct pg_args *a, struct xy_error *err, const char *what)
{
    PGresult *res = run(st, id, a, err, what);
    if (!res)
        return -1;
    long n = strtol(PQcmdTuples(res), NULL, 10);
    PQclear(res);
    return n;
}

int xy_pg_sub_add(struct xy_store *st, const struct xy_sub_row *r, int64_t *id, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, r->key_id);
    xy_pg_text(&a, r->role);
    xy_pg_text(&a, r->url);
    xy_pg_blob(&a, r->secret ? r->secret : (const uint8_t *)"", r->secret_len);
    xy_pg_text(&a, r->created_at);
    PGresult *res = run(st, S_ADD, &a, err, "add a subscription");
    if (!res)
        return xy_pg_failed(err);
    if (id)
        *id = xy_pg_i64(res, 0, 0);
    PQclear(res);
    return XY_OK;
}

int xy_pg_sub_list(struct xy_store *st, int64_t id, int64_t key_id, int active, xy_sub_cb cb, void *ctx,
                   struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, id);
    xy_pg_int(&a, key_id);
    xy_pg_int(&a, active ? 1 : 0);
    PGresult *res = run(st, S_LIST, &a, err, "list subscriptions");
    if (!res)
        return xy_pg_failed(err);
    int n = PQntuples(res);
    for (int i = 0; i < n; i++) {
        size_t slen;
        uint8_t *secret = xy_pg_bytes(res, i, 4, &slen);
        struct xy_sub_row r = {
            .id = xy_pg_i64(res, i, 0),
            .key_id = xy_pg_i64(res, i, 1),
            .role = xy_pg_str(res, i, 2),
            .url = xy_pg_str(res, i, 3),
            .secret = slen ? secret : NULL,
            .secret_len = slen,
            .created_at = xy_pg_str(res, i, 5),
            .ended_at = xy_pg_str(res, i, 6),
            .ended_reason = xy_pg_str(res, i, 7),
            .acked_seq = xy_pg_i64(res, i, 8),
            .acked_part = xy_pg_i64(res, i, 9),
            .acked_at = xy_pg_str(res, i, 10),
            .delivered = xy_pg_i64(res, i, 11),
            .failures = xy_pg_i64(res, i, 12),
            .last_error = xy_pg_str(res, i, 13),
            .last_error_at = xy_pg_str(res, i, 14),
            .subjects = xy_pg_i64(res, i, 15),
            .backlog = xy_pg_i64(res, i, 16),
        };
        int stop = cb(ctx, &r);
        PQfreemem(secret);
        if (stop)
            break;
    }
    PQclear(res);
    return id && !n ? xy_error_set(err, XY_ENOTFOUND, "no such subscription") : XY_OK;
}

int xy_pg_sub_follow_add(struct xy_store *st, int64_t sub_id, int64_t subject_id, int64_t consent_id,
                         const char *at, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, sub_id);
    xy_pg_int(&a, subject_id);
    if (consent_id)
        xy_pg_int(&a, consent_id);
    else
        xy_pg_text(&a, NULL);
    xy_pg_text(&a, at);
    long n = touched(st, S_FOLLOW, &a, err, "follow a subject");
    if (n < 0)
        return xy_pg_failed(err);
    return n ? XY_OK : xy_error_set(err, XY_EEXIST, "followed already");
}

int xy_pg_sub_regulated(struct xy_store *st, int64_t dept_id, int64_t subject_id, int *yes, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, subject_id);
    xy_pg_int(&a, dept_id);
    PGresult *res = run(st, S_REGULATED, &a, err, "read a subject's records");
    if (!res)
        return xy_pg_failed(err);
    *yes = (int)xy_pg_i64(res, 0, 0);
    PQclear(res);
    return XY_OK;
}

int xy_pg_sub_grant(struct xy_store *st, int64_t subject_id, int64_t querier_key, int64_t querier_id,
                    const char *today, int64_t *consent_id, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, subject_id);
    xy_pg_int(&a, querier_key);
    xy_pg_int(&a, querier_id);
    xy_pg_text(&a, today);
    *consent_id = 0;
    PGresult *res = run(st, S_GRANT, &a, err, "find a grant");
    if (!res)
        return xy_pg_failed(err);
    if (PQntuples(res))
        *consent_id = xy_pg_i64(res, 0, 0);
    PQclear(res);
    return XY_OK;
}

struct hits {
    const PGresult *res;
    int row; /* the row xy_pg_each_record hands over next */
    xy_sub_hit_cb cb;
    void *ctx;
};

/* The record comes from xy_pg_each_record (which reads the subject's public id, column 26); the
 * follow's columns after it are read from the same row. */
static int on_hit(void *ctx, const struct xy_record_row *r)
{
    struct hits *h = ctx;
    int i = h->row++;
    struct xy_sub_hit hit = {
        .r = r,
        .subject_opaque = r->subject_opaque,
        .consent_id = xy_pg_i64(h->res, i, 27),
        .classes = xy_pg_str(h->res, i, 28),
        .until = xy_pg_str(h->res, i, 29),
        .revoked_at = xy_pg_str(h->res, i, 30),
        .querier_disabled_at = xy_pg_str(h->res, i, 31),
        .querier_key = xy_pg_i64(h->res, i, 32),
        .querier_id = xy_pg_i64(h->res, i, 33),
        .grant_subject = xy_pg_i64(h->res, i, 34),
        .subject_uscc = xy_pg_str(h->res, i, 35),
        .subject_masked = xy_pg_str(h->res, i, 36),
    };
    return h->cb(h->ctx, &hit);
}

int xy_pg_sub_hits(struct xy_store *st, int64_t sub_id, int64_t batch_id, int64_t after, int64_t upto, int limit,
                   xy_sub_hit_cb cb, void *ctx, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, sub_id);
    xy_pg_int(&a, batch_id);
    xy_pg_int(&a, after);
    xy_pg_int(&a, upto);
    xy_pg_int(&a, limit);
    PGresult *res = run(st, S_HITS, &a, err, "read a subscription's records");
    if (!res)
        return xy_pg_failed(err);
    struct hits h = {.res = res, .cb = cb, .ctx = ctx};
    int rc = xy_pg_each_record(res, on_hit, &h, err);
    PQclear(res);
    return rc;
}

int xy_pg_sub_ack(struct xy_store *st, int64_t id, int64_t seq, int64_t part, int64_t delivered, const char *at,
                  struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, id);
    xy_pg_int(&a, seq);
    xy_pg_int(&a, part);
    xy_pg_text(&a, at);
    xy_pg_int(&a, delivered);
    return xy_pg_exec(xy_pg_of(st), S_ACK, stmt_sql[S_ACK], &a, err, "move a subscription's cursor");
}

int xy_pg_sub_fail(struct xy_store *st, int64_t id, const char *error, const char *at, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, id);
    xy_pg_text(&a, error);
    xy_pg_text(&a, at);
    return xy_pg_exec(xy_pg_of(st), S_FAIL, stmt_sql[S_FAIL], &a, err, "count a subscription's failure");
}

int xy_pg_sub_end(struct xy_store *st, int64_t id, const char *at, const char *reason, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, id);
    xy_pg_text(&a, at);
    xy_pg_text(&a, reason);
    long n = touched(st, S_END, &a, err, "end a subscription");
    if (n < 0)
        return xy_pg_failed(err);
    return n ? XY_OK : xy_error_set(err, XY_ENOTFOUND, "no such subscription in force");
}
