/* SPDX-License-Identifier: Apache-2.0 */
/* PostgreSQL back end: exchange with upper platforms (store.h, dest_* source_* inbound_*): the
 * destinations with their cursors in the change log, the lower platforms received from and the
 * position each has reached with their public keys and recent nonces, the acknowledgements given,
 * and the offline reads of records by batch and by filters, as store_sqlite_exchange.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xy_alloc.h"
#include "store/pg/store_pg_int.h"

enum {
    S_DEST_ADD = 320,
    S_DEST_LIST,
    S_DEST_ENABLE,
    S_DEST_ACK,
    S_DEST_FAIL,
    S_SOURCE_ADD,
    S_SOURCE_GET,
    S_SOURCE_ADVANCE,
    S_INBOUND_FIND,
    S_INBOUND_ADD,
    S_RECORD_SOURCE,
    S_BATCH_RECORDS,
    S_RECORDS_SCAN,
    S_DEST_SEAL,
    S_SOURCE_KEY_SET,
    S_SOURCE_KEY_GET,
    S_NONCE_FORGET,
    S_NONCE_ADD,
    S__END
};
_Static_assert(S__END <= 352, "store_pg_exchange.c statements use ids 320..351");

static const char *const stmt_sql[S__END] = {
    /* The bearer key is kept sealed only (migration 30): the clear column stays empty. */
    [S_DEST_ADD] = "INSERT INTO exchange_dest(name, url, key, classes, enabled, created_at, source, key_sealed, "
                   "sign_sealed, sign_pub) VALUES ($1, $2, '', $3, $4, $5, $6, $7, $8, $9) "
                   "ON CONFLICT (name) DO NOTHING RETURNING id",
    /* The backlog counts the changes after the cursor, and the one the cursor is inside of when a
     * batch.committed change is delivered in parts. */
    [S_DEST_LIST] = "SELECT d.id, d.name, d.url, d.key, d.classes, d.enabled, d.created_at, d.acked_seq, "
                    "d.acked_part, d.acked_at, d.failures, d.last_error, d.last_error_at, "
                    "(SELECT count(*) FROM change c WHERE c.seq > d.acked_seq - "
                    "CASE WHEN d.acked_part > 0 THEN 1 ELSE 0 END), "
                    "(SELECT c.at FROM change c WHERE c.seq > d.acked_seq - CASE WHEN d.acked_part > 0 THEN 1 ELSE 0 END "
                    "ORDER BY c.seq LIMIT 1), d.source, d.key_sealed, d.sign_sealed, d.sign_pub "
                    "FROM exchange_dest d WHERE $1::text IS NULL OR d.name = $1 ORDER BY d.id",
    [S_DEST_ENABLE] = "UPDATE exchange_dest SET enabled = $2 WHERE name = $1",
    [S_DEST_ACK] = "UPDATE exchange_dest SET acked_seq = $2, acked_part = $3, acked_at = $4, failures = 0, "
                   "last_error = NULL WHERE id = $1",
    [S_DEST_FAIL] = "UPDATE exchange_dest SET failures = failures + 1, last_error = $2, last_error_at = $3 "
                    "WHERE id = $1",
    [S_SOURCE_ADD] = "INSERT INTO exchange_source(name) VALUES ($1) ON CONFLICT (name) DO NOTHING",
    [S_SOURCE_GET] = "SELECT id, last_seq, last_part FROM exchange_source WHERE name = $1",
    [S_SOURCE_ADVANCE] = "UPDATE exchange_source SET last_seq = $2, last_part = $3, batches = batches + 1, "
                         "updated_at = $4 WHERE id = $1",
    [S_INBOUND_FIND] = "SELECT ack FROM exchange_inbound WHERE source_id = $1 AND first_seq = $2 AND first_part = $3 "
                       "AND last_seq = $4 AND last_part = $5",
    [S_INBOUND_ADD] = "INSERT INTO exchange_inbound(source_id, first_seq, first_part, last_seq, last_part, at, ack) "
                      "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
    [S_RECORD_SOURCE] = "INSERT INTO record_source(record_id, source_id, src_record) VALUES ($1, $2, $3) "
                        "ON CONFLICT DO NOTHING",
    /* By the primary key's range: a batch's records are written in its one transaction. */
    [S_BATCH_RECORDS] = "SELECT " XY_PG_REC_COLS " FROM record r JOIN dept d ON d.id = r.dept_id "
                        "WHERE r.id > $2 AND r.id <= $3 AND r.batch_id = $1 ORDER BY r.id LIMIT $4",
    [S_RECORDS_SCAN] = "SELECT " XY_PG_REC_COLS " FROM record r JOIN dept d ON d.id = r.dept_id "
                       "WHERE r.class = $1 AND r.is_current = 1 AND r.id > $2 "
                       "AND ($3::text IS NULL OR r.decision_date >= $3) AND ($4::text IS NULL OR r.decision_date <= $4) "
                       "AND ($5::text IS NULL OR d.uscc = $5) AND ($6::text IS NULL OR r.status = $6) "
                       "AND ($7::text IS NULL OR r.upper = $7) "
                       "AND ($8::text IS NULL OR EXISTS (SELECT 1 FROM record_source rs "
                       "JOIN exchange_source es ON es.id = rs.source_id WHERE rs.record_id = r.id AND es.name = $8)) "
                       "ORDER BY r.id LIMIT $9",
    [S_DEST_SEAL] = "UPDATE exchange_dest SET key = '', key_sealed = $2, sign_sealed = $3, sign_pub = $4 WHERE id = $1",
    [S_SOURCE_KEY_SET] = "INSERT INTO exchange_source(name, verify_key) VALUES ($1, $2) "
                         "ON CONFLICT (name) DO UPDATE SET verify_key = excluded.verify_key",
    [S_SOURCE_KEY_GET] = "SELECT verify_key FROM exchange_source WHERE name = $1 AND verify_key IS NOT NULL",
    [S_NONCE_FORGET] = "DELETE FROM exchange_nonce WHERE at < $1",
    /* A replayed nonce is XY_EEXIST without failing the caller's transaction. */
    [S_NONCE_ADD] = "INSERT INTO exchange_nonce(source_id, nonce, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
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

static int exec_one(struct xy_store *st, int id, const struct pg_args *a, struct xy_error *err, const char *what)
{
    long n = touched(st, id, a, err, what);
    return n < 0 ? xy_pg_failed(err) : n ? XY_OK : xy_error_set(err, XY_EEXIST, "%s: exists already", what);
}

/* A sealed key as SQLite binds it: none (NULL) when the pointer is NULL or nothing is there. */
static void sealed_arg(struct pg_args *a, const uint8_t *p, size_t n)
{
    xy_pg_blob(a, p && n ? p : NULL, n);
}

int xy_pg_dest_add(struct xy_store *st, const struct xy_dest_row *d, int64_t *id, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, d->name);
    xy_pg_text(&a, d->url);
    xy_pg_text(&a, d->classes);
    xy_pg_int(&a, d->enabled);
    xy_pg_text(&a, d->created_at);
    xy_pg_text(&a, d->source);
    sealed_arg(&a, d->key_sealed, d->key_sealed_len);
    sealed_arg(&a, d->sign_sealed, d->sign_sealed_len);
    xy_pg_text(&a, d->sign_pub);
    PGresult *res = run(st, S_DEST_ADD, &a, err, "add a destination");
    if (!res)
        return xy_pg_failed(err);
    int added = PQntuples(res) == 1;
    if (added && id)
        *id = xy_pg_i64(res, 0, 0);
    PQclear(res);
    return added ? XY_OK : xy_error_set(err, XY_EEXIST, "add a destination: exists already");
}

int xy_pg_dest_list(struct xy_store *st, const char *name, xy_dest_cb cb, void *ctx, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, name);
    PGresult *res = run(st, S_DEST_LIST, &a, err, "list destinations");
    if (!res)
        return xy_pg_failed(err);
    int n = PQntuples(res);
    for (int i = 0; i < n; i++) {
        size_t klen, slen;
        uint8_t *key_sealed = xy_pg_bytes(res, i, 16, &klen), *sign_sealed = xy_pg_bytes(res, i, 17, &slen);
        struct xy_dest_row d = {
            .id = xy_pg_i64(res, i, 0),
            .name = xy_pg_str(res, i, 1),
            .url = xy_pg_str(res, i, 2),
            .key = xy_pg_str(res, i, 3),
            .classes = xy_pg_str(res, i, 4),
            .enabled = (int)xy_pg_i64(res, i, 5),
            .created_at = xy_pg_str(res, i, 6),
            .acked_seq = xy_pg_i64(res, i, 7),
            .acked_part = xy_pg_i64(res, i, 8),
            .acked_at = xy_pg_str(res, i, 9),
            .failures = xy_pg_i64(res, i, 10),
            .last_error = xy_pg_str(res, i, 11),
            .last_error_at = xy_pg_str(res, i, 12),
            .backlog = xy_pg_i64(res, i, 13),
            .oldest_at = xy_pg_str(res, i, 14),
            .source = xy_pg_str(res, i, 15),
            /* An empty bytea reads as none, as SQLite's empty blob does. */
            .key_sealed = klen ? key_sealed : NULL,
            .key_sealed_len = klen,
            .sign_sealed = slen ? sign_sealed : NULL,
            .sign_sealed_len = slen,
            .sign_pub = xy_pg_str(res, i, 18),
        };
        int stop = cb(ctx, &d);
        PQfreemem(key_sealed);
        PQfreemem(sign_sealed);
        if (stop)
            break;
    }
    PQclear(res);
    if (name && !n)
        return xy_error_set(err, XY_ENOTFOUND, "没有名为 %.64s 的交换目的地 (no destination named %.64s)", name, name);
    return XY_OK;
}

int xy_pg_dest_enable(struct xy_store *st, const char *name, int enabled, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, name);
    xy_pg_int(&a, enabled ? 1 : 0);
    long n = touched(st, S_DEST_ENABLE, &a, err, "enable a destination");
    if (n < 0)
        return xy_pg_failed(err);
    return n ? XY_OK
             : xy_error_set(err, XY_ENOTFOUND, "没有名为 %.64s 的交换目的地 (no destination named %.64s)", name, name);
}

int xy_pg_dest_ack(struct xy_store *st, int64_t id, int64_t seq, int64_t part, const char *at, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, id);
    xy_pg_int(&a, seq);
    xy_pg_int(&a, part);
    xy_pg_text(&a, at);
    return xy_pg_exec(xy_pg_of(st), S_DEST_ACK, stmt_sql[S_DEST_ACK], &a, err, "move a destination's cursor");
}

int xy_pg_dest_fail(struct xy_store *st, int64_t id, const char *error, const char *at, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, id);
    xy_pg_text(&a, error);
    xy_pg_text(&a, at);
    return xy_pg_exec(xy_pg_of(st), S_DEST_FAIL, stmt_sql[S_DEST_FAIL], &a, err, "note a destination's failure");
}

int xy_pg_source_get(struct xy_store *st, const char *name, int64_t *id, int64_t *seq, int64_t *part,
                     struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, name);
    int rc = xy_pg_exec(xy_pg_of(st), S_SOURCE_ADD, stmt_sql[S_SOURCE_ADD], &a, err, "register a source");
    if (rc)
        return rc;
    PGresult *res = run(st, S_SOURCE_GET, &a, err, "read a source");
    if (!res)
        return xy_pg_failed(err);
    int found = PQntuples(res) == 1;
    if (found) {
        *id = xy_pg_i64(res, 0, 0);
        *seq = xy_pg_i64(res, 0, 1);
        *part = xy_pg_i64(res, 0, 2);
    }
    PQclear(res);
    return found ? XY_OK : xy_error_set(err, XY_EDB, "database: read a source: %.64s is not there", name);
}

int xy_pg_source_advance(struct xy_store *st, int64_t id, int64_t seq, int64_t part, const char *at,
                         struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, id);
    xy_pg_int(&a, seq);
    xy_pg_int(&a, part);
    xy_pg_text(&a, at);
    return xy_pg_exec(xy_pg_of(st), S_SOURCE_ADVANCE, stmt_sql[S_SOURCE_ADVANCE], &a, err, "advance a source");
}

static void range(struct pg_args *a, int64_t source_id, const int64_t first[2], const int64_t last[2])
{
    xy_pg_int(a, source_id);
    xy_pg_int(a, first[0]);
    xy_pg_int(a, first[1]);
    xy_pg_int(a, last[0]);
    xy_pg_int(a, last[1]);
}

int xy_pg_inbound_find(struct xy_store *st, int64_t source_id, const int64_t first[2], const int64_t last[2],
                       char **ack, struct xy_error *err)
{
    struct pg_args a = {0};
    *ack = NULL;
    range(&a, source_id, first, last);
    PGresult *res = run(st, S_INBOUND_FIND, &a, err, "find a batch");
    if (!res)
        return xy_pg_failed(err);
    int found = PQntuples(res) == 1;
    if (found)
        *ack = xy_strdup(PQgetvalue(res, 0, 0));
    PQclear(res);
    if (!found)
        return xy_error_set(err, XY_ENOTFOUND, "no such batch");
    return *ack ? XY_OK : xy_error_set(err, XY_ENOMEM, "out of memory");
}

int xy_pg_inbound_add(struct xy_store *st, int64_t source_id, const int64_t first[2], const int64_t last[2],
                      const char *at, const char *ack, struct xy_error *err)
{
    struct pg_args a = {0};
    range(&a, source_id, first, last);
    xy_pg_text(&a, at);
    xy_pg_text(&a, ack);
    return exec_one(st, S_INBOUND_ADD, &a, err, "log a batch received");
}

int xy_pg_record_source_add(struct xy_store *st, int64_t record_id, int64_t source_id, int64_t src_record,
                            struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, record_id);
    xy_pg_int(&a, source_id);
    xy_pg_int(&a, src_record);
    return exec_one(st, S_RECORD_SOURCE, &a, err, "name a record's source");
}

static int records(struct xy_store *st, int id, const struct pg_args *a, xy_record_cb cb, void *ctx,
                   struct xy_error *err)
{
    PGresult *res = run(st, id, a, err, "read records");
    if (!res)
        return xy_pg_failed(err);
    int rc = xy_pg_each_record(res, cb, ctx, err);
    PQclear(res);
    return rc;
}

int xy_pg_batch_records(struct xy_store *st, int64_t batch_id, int64_t after, int64_t upto, int limit, xy_record_cb cb,
                        void *ctx, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, batch_id);
    xy_pg_int(&a, after);
    xy_pg_int(&a, upto);
    xy_pg_int(&a, limit);
    return records(st, S_BATCH_RECORDS, &a, cb, ctx, err);
}

int xy_pg_records_scan(struct xy_store *st, const struct xy_record_scan *f, int64_t after, int limit, xy_record_cb cb,
                       void *ctx, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, f->cls);
    xy_pg_int(&a, after);
    xy_pg_text(&a, f->from);
    xy_pg_text(&a, f->to);
    xy_pg_text(&a, f->dept_uscc);
    xy_pg_text(&a, f->status);
    xy_pg_text(&a, f->upper);
    xy_pg_text(&a, f->source);
    xy_pg_int(&a, limit);
    return records(st, S_RECORDS_SCAN, &a, cb, ctx, err);
}

int xy_pg_dest_seal(struct xy_store *st, const struct xy_dest_row *d, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, d->id);
    sealed_arg(&a, d->key_sealed, d->key_sealed_len);
    sealed_arg(&a, d->sign_sealed, d->sign_sealed_len);
    xy_pg_text(&a, d->sign_pub);
    return xy_pg_exec(xy_pg_of(st), S_DEST_SEAL, stmt_sql[S_DEST_SEAL], &a, err, "seal a destination's keys");
}

int xy_pg_source_key_set(struct xy_store *st, const char *name, const char *pub, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, name);
    xy_pg_text(&a, pub);
    return xy_pg_exec(xy_pg_of(st), S_SOURCE_KEY_SET, stmt_sql[S_SOURCE_KEY_SET], &a, err,
                      "register a source's key");
}

int xy_pg_source_verify_key(struct xy_store *st, const char *name, char out[65], struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, name);
    PGresult *res = run(st, S_SOURCE_KEY_GET, &a, err, "read a source's key");
    if (!res)
        return xy_pg_failed(err);
    int found = PQntuples(res) == 1;
    if (found)
        snprintf(out, 65, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    return found ? XY_OK : xy_error_set(err, XY_ENOTFOUND, "no key registered for source %.64s", name);
}

int xy_pg_nonce_add(struct xy_store *st, int64_t source_id, const char *nonce, int64_t at, int64_t forget,
                    struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, forget);
    int rc = xy_pg_exec(xy_pg_of(st), S_NONCE_FORGET, stmt_sql[S_NONCE_FORGET], &a, err, "forget old nonces");
    if (rc)
        return rc;
    struct pg_args b = {0};
    xy_pg_int(&b, source_id);
    xy_pg_text(&b, nonce);
    xy_pg_int(&b, at);
    return exec_one(st, S_NONCE_ADD, &b, err, "note a nonce");
}
