/* SPDX-License-Identifier: Apache-2.0 */
/* The SQLite back end: exchange with upper platforms (store.h, dest_* source_* inbound_*): the
 * destinations with their cursors in the change log, the lower platforms received from with the
 * position each has reached, and the acknowledgements given. Called a few times a batch, not per
 * row: each call prepares its statement and finalizes it, keeping no statement slots. */
#include <stdio.h>
#include <string.h>

#include "common/xy_alloc.h"
#include "store/sqlite/store_sqlite_int.h"

/* Steps a statement that returns no rows and finalizes it. OUT: *changed, the rows it changed. */
static int run(struct sqlite_store *s, sqlite3_stmt *q, int *changed, struct xy_error *err, const char *what)
{
    int step = sqlite3_step(q), rc = XY_OK;
    if (step == SQLITE_CONSTRAINT)
        rc = xy_error_set(err, XY_EEXIST, "%1$s 已存在 (%1$s: exists already)", what);
    else if (step != SQLITE_DONE)
        rc = xy_sqlite_err(s, err, what);
    if (changed)
        *changed = sqlite3_changes(s->db);
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_dest_add(struct xy_store *st, const struct xy_dest_row *d, int64_t *id, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s, "INSERT INTO exchange_dest (name, url, key, classes, enabled, created_at, source, "
                                 "key_sealed, sign_sealed, sign_pub) VALUES (?1, ?2, '', ?4, ?5, ?6, ?7, ?8, ?9, ?10)", err);
    if (!q)
        return xy_sqlite_failed(err);
    xy_sqlite_bind_text(q, 1, d->name);
    xy_sqlite_bind_text(q, 2, d->url);
    sqlite3_bind_blob(q, 8, d->key_sealed, (int)d->key_sealed_len, SQLITE_STATIC);
    sqlite3_bind_blob(q, 9, d->sign_sealed, (int)d->sign_sealed_len, SQLITE_STATIC);
    xy_sqlite_bind_text(q, 10, d->sign_pub);
    xy_sqlite_bind_text(q, 4, d->classes);
    sqlite3_bind_int(q, 5, d->enabled);
    xy_sqlite_bind_text(q, 6, d->created_at);
    xy_sqlite_bind_text(q, 7, d->source);
    int rc = run(s, q, NULL, err, "add a destination");
    if (!rc && id)
        *id = sqlite3_last_insert_rowid(s->db);
    return rc;
}

int xy_sqlite_dest_list(struct xy_store *st, const char *name, xy_dest_cb cb, void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    /* The backlog counts the changes after the cursor, and the one the cursor is inside of when a
     * batch.committed change is delivered in parts. */
    sqlite3_stmt *q = xy_sqlite_prepare_once(
        s,
        "SELECT d.id, d.name, d.url, d.key, d.classes, d.enabled, d.created_at, d.acked_seq, d.acked_part, "
        "d.acked_at, d.failures, d.last_error, d.last_error_at, "
        "(SELECT count(*) FROM change c WHERE c.seq > d.acked_seq - (d.acked_part > 0)), "
        "(SELECT c.at FROM change c WHERE c.seq > d.acked_seq - (d.acked_part > 0) ORDER BY c.seq LIMIT 1), "
        "d.source, d.key_sealed, d.sign_sealed, d.sign_pub "
        "FROM exchange_dest d WHERE ?1 IS NULL OR d.name = ?1 ORDER BY d.id",
        err);
    if (!q)
        return xy_sqlite_failed(err);
    xy_sqlite_bind_text(q, 1, name);
    int step, n = 0, rc = XY_OK;
    while ((step = sqlite3_step(q)) == SQLITE_ROW) {
        struct xy_dest_row d = {
            .id = sqlite3_column_int64(q, 0),
            .name = xy_sqlite_text(q, 1),
            .url = xy_sqlite_text(q, 2),
            .key = xy_sqlite_text(q, 3),
            .classes = xy_sqlite_text(q, 4),
            .enabled = sqlite3_column_int(q, 5),
            .created_at = xy_sqlite_text(q, 6),
            .acked_seq = sqlite3_column_int64(q, 7),
            .acked_part = sqlite3_column_int64(q, 8),
            .acked_at = xy_sqlite_text(q, 9),
            .failures = sqlite3_column_int64(q, 10),
            .last_error = xy_sqlite_text(q, 11),
            .last_error_at = xy_sqlite_text(q, 12),
            .backlog = sqlite3_column_int64(q, 13),
            .oldest_at = xy_sqlite_text(q, 14),
            .source = xy_sqlite_text(q, 15),
            .key_sealed = sqlite3_column_blob(q, 16),
            .key_sealed_len = (size_t)sqlite3_column_bytes(q, 16),
            .sign_sealed = sqlite3_column_blob(q, 17),
            .sign_sealed_len = (size_t)sqlite3_column_bytes(q, 17),
            .sign_pub = xy_sqlite_text(q, 18),
        };
        n++;
        if (cb(ctx, &d))
            break;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = xy_sqlite_err(s, err, "list destinations");
    else if (name && n == 0)
        rc = xy_error_set(err, XY_ENOTFOUND, "没有名为 %.64s 的交换目的地 (no destination named %.64s)", name, name);
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_dest_enable(struct xy_store *st, const char *name, int enabled, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s, "UPDATE exchange_dest SET enabled = ?2 WHERE name = ?1", err);
    if (!q)
        return xy_sqlite_failed(err);
    xy_sqlite_bind_text(q, 1, name);
    sqlite3_bind_int(q, 2, enabled ? 1 : 0);
    int changed = 0, rc = run(s, q, &changed, err, "enable a destination");
    if (!rc && !changed)
        rc = xy_error_set(err, XY_ENOTFOUND, "没有名为 %.64s 的交换目的地 (no destination named %.64s)", name, name);
    return rc;
}

int xy_sqlite_dest_ack(struct xy_store *st, int64_t id, int64_t seq, int64_t part, const char *at,
                       struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s, "UPDATE exchange_dest SET acked_seq = ?2, acked_part = ?3, acked_at = ?4, "
                                 "failures = 0, last_error = NULL WHERE id = ?1", err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, id);
    sqlite3_bind_int64(q, 2, seq);
    sqlite3_bind_int64(q, 3, part);
    xy_sqlite_bind_text(q, 4, at);
    return run(s, q, NULL, err, "move a destination's cursor");
}

int xy_sqlite_dest_fail(struct xy_store *st, int64_t id, const char *error, const char *at, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s, "UPDATE exchange_dest SET failures = failures + 1, last_error = ?2, "
                                 "last_error_at = ?3 WHERE id = ?1", err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, id);
    xy_sqlite_bind_text(q, 2, error);
    xy_sqlite_bind_text(q, 3, at);
    return run(s, q, NULL, err, "note a destination's failure");
}

int xy_sqlite_dest_seal(struct xy_store *st, const struct xy_dest_row *d, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s, "UPDATE exchange_dest SET key = '', key_sealed = ?2, sign_sealed = ?3, "
                                 "sign_pub = ?4 WHERE id = ?1", err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, d->id);
    sqlite3_bind_blob(q, 2, d->key_sealed, (int)d->key_sealed_len, SQLITE_STATIC);
    sqlite3_bind_blob(q, 3, d->sign_sealed, (int)d->sign_sealed_len, SQLITE_STATIC);
    xy_sqlite_bind_text(q, 4, d->sign_pub);
    return run(s, q, NULL, err, "seal a destination's keys");
}

int xy_sqlite_source_key_set(struct xy_store *st, const char *name, const char *pub, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s, "INSERT INTO exchange_source (name, verify_key) VALUES (?1, ?2) "
                                 "ON CONFLICT(name) DO UPDATE SET verify_key = excluded.verify_key", err);
    if (!q)
        return xy_sqlite_failed(err);
    xy_sqlite_bind_text(q, 1, name);
    xy_sqlite_bind_text(q, 2, pub);
    return run(s, q, NULL, err, "register a source's key");
}

int xy_sqlite_source_verify_key(struct xy_store *st, const char *name, char out[65], struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s, "SELECT verify_key FROM exchange_source WHERE name = ?1 AND verify_key IS NOT NULL", err);
    if (!q)
        return xy_sqlite_failed(err);
    xy_sqlite_bind_text(q, 1, name);
    int step = sqlite3_step(q), rc = XY_OK;
    if (step == SQLITE_ROW)
        snprintf(out, 65, "%s", xy_sqlite_text(q, 0));
    else if (step == SQLITE_DONE)
        rc = xy_error_set(err, XY_ENOTFOUND, "no key registered for source %.64s", name);
    else
        rc = xy_sqlite_err(s, err, "read a source's key");
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_nonce_add(struct xy_store *st, int64_t source_id, const char *nonce, int64_t at, int64_t forget,
                        struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s, "DELETE FROM exchange_nonce WHERE at < ?1", err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, forget);
    int rc = run(s, q, NULL, err, "forget old nonces");
    if (rc)
        return rc;
    if (!(q = xy_sqlite_prepare_once(s, "INSERT INTO exchange_nonce (source_id, nonce, at) VALUES (?1, ?2, ?3)", err)))
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, source_id);
    xy_sqlite_bind_text(q, 2, nonce);
    sqlite3_bind_int64(q, 3, at);
    return run(s, q, NULL, err, "note a nonce");
}

int xy_sqlite_source_get(struct xy_store *st, const char *name, int64_t *id, int64_t *seq, int64_t *part,
                         struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s, "INSERT INTO exchange_source (name) VALUES (?1) ON CONFLICT(name) DO NOTHING", err);
    if (!q)
        return xy_sqlite_failed(err);
    xy_sqlite_bind_text(q, 1, name);
    int rc = run(s, q, NULL, err, "register a source");
    if (rc)
        return rc;
    if (!(q = xy_sqlite_prepare_once(s, "SELECT id, last_seq, last_part FROM exchange_source WHERE name = ?1", err)))
        return xy_sqlite_failed(err);
    xy_sqlite_bind_text(q, 1, name);
    if (sqlite3_step(q) == SQLITE_ROW) {
        *id = sqlite3_column_int64(q, 0);
        *seq = sqlite3_column_int64(q, 1);
        *part = sqlite3_column_int64(q, 2);
    } else {
        rc = xy_sqlite_err(s, err, "read a source");
    }
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_source_advance(struct xy_store *st, int64_t id, int64_t seq, int64_t part, const char *at,
                             struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s, "UPDATE exchange_source SET last_seq = ?2, last_part = ?3, batches = batches + 1, "
                                 "updated_at = ?4 WHERE id = ?1", err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, id);
    sqlite3_bind_int64(q, 2, seq);
    sqlite3_bind_int64(q, 3, part);
    xy_sqlite_bind_text(q, 4, at);
    return run(s, q, NULL, err, "advance a source");
}

static void bind_range(sqlite3_stmt *q, int64_t source_id, const int64_t first[2], const int64_t last[2])
{
    sqlite3_bind_int64(q, 1, source_id);
    sqlite3_bind_int64(q, 2, first[0]);
    sqlite3_bind_int64(q, 3, first[1]);
    sqlite3_bind_int64(q, 4, last[0]);
    sqlite3_bind_int64(q, 5, last[1]);
}

int xy_sqlite_inbound_find(struct xy_store *st, int64_t source_id, const int64_t first[2], const int64_t last[2],
                           char **ack, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s, "SELECT ack FROM exchange_inbound WHERE source_id = ?1 AND first_seq = ?2 AND "
                                 "first_part = ?3 AND last_seq = ?4 AND last_part = ?5", err);
    if (!q)
        return xy_sqlite_failed(err);
    bind_range(q, source_id, first, last);
    int step = sqlite3_step(q), rc = XY_OK;
    *ack = NULL;
    if (step == SQLITE_ROW) {
        if (!(*ack = xy_strdup(xy_sqlite_text(q, 0))))
            rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    } else if (step == SQLITE_DONE) {
        rc = xy_error_set(err, XY_ENOTFOUND, "没有此批次 (no such batch)");
    } else {
        rc = xy_sqlite_err(s, err, "find a batch");
    }
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_inbound_add(struct xy_store *st, int64_t source_id, const int64_t first[2], const int64_t last[2],
                          const char *at, const char *ack, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s, "INSERT INTO exchange_inbound (source_id, first_seq, first_part, last_seq, last_part, "
                                 "at, ack) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", err);
    if (!q)
        return xy_sqlite_failed(err);
    bind_range(q, source_id, first, last);
    xy_sqlite_bind_text(q, 6, at);
    xy_sqlite_bind_text(q, 7, ack);
    return run(s, q, NULL, err, "log a batch received");
}

int xy_sqlite_record_source_add(struct xy_store *st, int64_t record_id, int64_t source_id, int64_t src_record,
                                struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s, "INSERT INTO record_source (record_id, source_id, src_record) VALUES (?1, ?2, ?3)",
                              err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, record_id);
    sqlite3_bind_int64(q, 2, source_id);
    sqlite3_bind_int64(q, 3, src_record);
    return run(s, q, NULL, err, "name a record's source");
}

int xy_sqlite_batch_records(struct xy_store *st, int64_t batch_id, int64_t after, int64_t upto, int limit,
                            xy_record_cb cb, void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    /* By the primary key's range: a batch's records are written in its one transaction, so that the
     * range of ids the change entry names holds them (corrections later add versions elsewhere). */
    sqlite3_stmt *q = xy_sqlite_prepare_once(s, "SELECT " REC_COLS " FROM record r JOIN dept d ON d.id = r.dept_id "
                                 "WHERE r.id > ?2 AND r.id <= ?3 AND r.batch_id = ?1 ORDER BY r.id LIMIT ?4", err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, batch_id);
    sqlite3_bind_int64(q, 2, after);
    sqlite3_bind_int64(q, 3, upto);
    sqlite3_bind_int(q, 4, limit);
    int rc = xy_sqlite_each_record(s, q, cb, ctx, err);
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_records_scan(struct xy_store *st, const struct xy_record_scan *f, int64_t after, int limit,
                           xy_record_cb cb, void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    /* Offline reads (a reconciliation, a file): one statement for every combination of filters. */
    sqlite3_stmt *q = xy_sqlite_prepare_once(
        s,
        "SELECT " REC_COLS " FROM record r JOIN dept d ON d.id = r.dept_id "
        "WHERE r.class = ?1 AND r.is_current = 1 AND r.id > ?2 "
        "AND (?3 IS NULL OR r.decision_date >= ?3) AND (?4 IS NULL OR r.decision_date <= ?4) "
        "AND (?5 IS NULL OR d.uscc = ?5) AND (?6 IS NULL OR r.status = ?6) "
        "AND (?7 IS NULL OR r.upper = ?7) "
        "AND (?8 IS NULL OR EXISTS (SELECT 1 FROM record_source rs JOIN exchange_source es ON es.id = rs.source_id "
        "WHERE rs.record_id = r.id AND es.name = ?8)) "
        "ORDER BY r.id LIMIT ?9",
        err);
    if (!q)
        return xy_sqlite_failed(err);
    xy_sqlite_bind_text(q, 1, f->cls);
    sqlite3_bind_int64(q, 2, after);
    xy_sqlite_bind_text(q, 3, f->from);
    xy_sqlite_bind_text(q, 4, f->to);
    xy_sqlite_bind_text(q, 5, f->dept_uscc);
    xy_sqlite_bind_text(q, 6, f->status);
    xy_sqlite_bind_text(q, 7, f->upper);
    xy_sqlite_bind_text(q, 8, f->source);
    sqlite3_bind_int(q, 9, limit);
    int rc = xy_sqlite_each_record(s, q, cb, ctx, err);
    sqlite3_finalize(q);
    return rc;
}
