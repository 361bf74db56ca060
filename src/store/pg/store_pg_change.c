/* SPDX-License-Identifier: Apache-2.0 */
/* PostgreSQL back end: a record's status and objection mark, the publicity expiry, and the change
 * feed (the outbox for upper platforms), as the SQLite back end's store_sqlite_rights.c does. */
#include <stdio.h>
#include <string.h>

#include "store/pg/store_pg_int.h"

enum {
    S_STATUS = 160,
    S_MARK,
    S_UNMARK,
    S_CITING,
    S_EXPIRE_DUE,
    S_EXPIRE_LOG,
    S_EXPIRE_SET,
    S_CHANGE_ADD,
    S_CHANGES,
    S__END
};
_Static_assert(S__END <= XY_PG_STMTS, "store_pg_change.c statements use ids 160..191");

static const char *const stmt_sql[S__END] = {
    [S_STATUS] = "UPDATE record SET status = $1 WHERE id = $2 AND is_current = 1",
    [S_MARK] = "UPDATE record SET objection_id = NULLIF($1::bigint, 0) WHERE id = $2",
    [S_UNMARK] = "UPDATE record SET objection_id = NULL WHERE objection_id = $1",
    /* Exact numbers, by the index on (subject, number), as SQLite's migration 11. */
    [S_CITING] = "SELECT " XY_PG_REC_COLS " FROM record_cite c JOIN record r ON r.id = c.record_id "
                 "JOIN dept d ON d.id = r.dept_id "
                 "WHERE c.subject_id = $1 AND c.doc_no = $2 AND (c.dept_uscc IS NULL OR c.dept_uscc = $3) "
                 "AND r.is_current = 1 AND r.status = 'published' ORDER BY r.id",
    /* The due records locked (FOR UPDATE) so that a concurrent writer changing one waits for the
     * expiry to commit; index record_due serves the order. */
    [S_EXPIRE_DUE] = "SELECT id FROM record WHERE is_current = 1 AND status = 'published' "
                     "AND public_until IS NOT NULL AND public_until < $1 ORDER BY public_until, id LIMIT $2 "
                     "FOR UPDATE",
    /* The detail as SQLite's json_object writes it, byte for byte. */
    [S_EXPIRE_LOG] = "INSERT INTO change(at, kind, record_id, subject_id, class, detail) "
                     "SELECT $1, 'record.expired', id, subject_id, class, "
                     "'{\"public_until\":' || COALESCE(to_json(public_until)::text, 'null') || '}' "
                     "FROM record WHERE id = $2",
    [S_EXPIRE_SET] = "UPDATE record SET status = 'expired' WHERE id = $1",
    [S_CHANGE_ADD] = "INSERT INTO change(at, kind, record_id, subject_id, class, detail) "
                     "VALUES ($1, $2, NULLIF($3::bigint, 0), NULLIF($4::bigint, 0), $5, $6)",
    [S_CHANGES] = "SELECT c.seq, c.at, c.kind, COALESCE(c.record_id, 0), COALESCE(c.subject_id, 0), c.class, "
                  "c.detail, s.uscc, s.opaque FROM change c LEFT JOIN subject s ON s.id = c.subject_id "
                  "WHERE c.seq > $1 ORDER BY c.seq LIMIT $2",
};

static PGresult *run(struct pg_store *s, int id, const struct pg_args *a, struct xy_error *err, const char *what)
{
    return xy_pg_run(s, id, stmt_sql[id], a, err, what);
}

static int exec(struct pg_store *s, int id, const struct pg_args *a, struct xy_error *err, const char *what)
{
    return xy_pg_exec(s, id, stmt_sql[id], a, err, what);
}

int xy_pg_record_set_status(struct xy_store *st, int64_t record_id, const char *status, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, status);
    xy_pg_int(&a, record_id);
    PGresult *res = run(xy_pg_of(st), S_STATUS, &a, err, "set a record's status");
    if (!res)
        return xy_pg_failed(err);
    int changed = strcmp(PQcmdTuples(res), "0") != 0;
    PQclear(res);
    return changed ? XY_OK
                   : xy_error_set(err, XY_ESTATE, "记录 %lld 不是现行版本 (record %lld is not a current version)",
                                  (long long)record_id, (long long)record_id);
}

int xy_pg_record_mark(struct xy_store *st, int64_t record_id, int64_t objection_id, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, objection_id);
    xy_pg_int(&a, record_id);
    return exec(xy_pg_of(st), S_MARK, &a, err, "mark a record");
}

int xy_pg_objection_unmark(struct xy_store *st, int64_t objection_id, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, objection_id);
    return exec(xy_pg_of(st), S_UNMARK, &a, err, "lift an objection's mark");
}

int xy_pg_entries_citing(struct xy_store *st, int64_t subject_id, const char *doc_no, const char *dept_uscc,
                         xy_record_cb cb, void *ctx, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, subject_id);
    xy_pg_text(&a, doc_no);
    xy_pg_text(&a, dept_uscc);
    PGresult *res = run(xy_pg_of(st), S_CITING, &a, err, "read entries citing a decision");
    if (!res)
        return xy_pg_failed(err);
    int rc = xy_pg_each_record(res, cb, ctx, err);
    PQclear(res);
    return rc;
}

/* One round trip a record (the change entry, then the status), as SQLite does; a set-based
 * statement over an array of ids is the later optimisation (docs/internals/POSTGRES.md). */
int xy_pg_expire_due(struct xy_store *st, const char *today, const char *now, int limit, long *n,
                     struct xy_error *err)
{
    struct pg_store *s = xy_pg_of(st);
    struct pg_args a = {0};
    *n = 0;
    if (limit <= 0)
        return XY_OK;
    xy_pg_text(&a, today);
    xy_pg_int(&a, limit);
    PGresult *due = run(s, S_EXPIRE_DUE, &a, err, "find expired records");
    if (!due)
        return xy_pg_failed(err);
    int rc = XY_OK;
    for (int i = 0; i < PQntuples(due) && !rc; i++) {
        struct pg_args l = {0}, u = {0};
        xy_pg_text(&l, now);
        xy_pg_int(&l, xy_pg_i64(due, i, 0));
        xy_pg_int(&u, xy_pg_i64(due, i, 0));
        if (!(rc = exec(s, S_EXPIRE_LOG, &l, err, "log an expiry")))
            rc = exec(s, S_EXPIRE_SET, &u, err, "expire a record");
        if (!rc)
            (*n)++;
    }
    PQclear(due);
    if (rc)
        *n = 0;
    return rc;
}

int xy_pg_change_add(struct xy_store *st, const struct xy_change_row *c, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, c->at);
    xy_pg_text(&a, c->kind);
    xy_pg_int(&a, c->record_id);
    xy_pg_int(&a, c->subject_id);
    xy_pg_text(&a, c->cls);
    xy_pg_text(&a, c->detail);
    return exec(xy_pg_of(st), S_CHANGE_ADD, &a, err, "store a change");
}

int xy_pg_changes_page(struct xy_store *st, int64_t after, int limit, xy_change_cb cb, void *ctx,
                       struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, after);
    xy_pg_int(&a, limit);
    PGresult *res = run(xy_pg_of(st), S_CHANGES, &a, err, "read the change feed");
    if (!res)
        return xy_pg_failed(err);
    for (int i = 0; i < PQntuples(res); i++) {
        struct xy_change_row c = {
            .seq = xy_pg_i64(res, i, 0),
            .at = xy_pg_str(res, i, 1),
            .kind = xy_pg_str(res, i, 2),
            .record_id = xy_pg_i64(res, i, 3),
            .subject_id = xy_pg_i64(res, i, 4),
            .cls = xy_pg_str(res, i, 5),
            .detail = xy_pg_str(res, i, 6),
            .subject_uscc = xy_pg_str(res, i, 7),
            .subject_opaque = xy_pg_str(res, i, 8),
        };
        if (cb(ctx, &c))
            break;
    }
    PQclear(res);
    return XY_OK;
}
