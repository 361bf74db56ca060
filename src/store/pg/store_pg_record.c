/* SPDX-License-Identifier: Apache-2.0 */
/* PostgreSQL back end: records, written as new versions (the previous one retired) and read by
 * subject, id, version, class, department and the public boards' filters, as store_sqlite_record.c. */
#include <stdio.h>
#include <string.h>

#include "common/xy_buf.h"
#include "store/pg/store_pg_int.h"

enum {
    S_CURRENT = 96,
    S_RETIRE,
    S_INSERT,
    S_CITE_ADD,
    S_BY_SUBJECT,
    S_VERSIONS,
    S_GET,
    S_CLASS_PUBLIC,
    S_CLASS_ALL,
    S_DEPT,
    S_ENTRIES_SUBJECT,
    S_ENTRIES_REP,
    S_ANY,
    S__END
};
_Static_assert(S__END <= 128, "store_pg_record.c statements use ids 96..127");

#define FROM_REC " FROM record r JOIN dept d ON d.id = r.dept_id "

static const char *const stmt_sql[S__END] = {
    [S_CURRENT] = "SELECT id, version, content_hash FROM record WHERE class = $1 AND dept_id = $2 AND doc_no = $3 "
                  "ORDER BY version DESC LIMIT 1",
    [S_ANY] = "SELECT 1 FROM record WHERE class = $1 AND dept_id = $2 LIMIT 1",
    [S_RETIRE] = "UPDATE record SET is_current = 0 WHERE class = $1 AND dept_id = $2 AND doc_no = $3 "
                 "AND is_current = 1",
    [S_INSERT] = "INSERT INTO record(class, dept_id, doc_no, version, is_current, subject_id, batch_id, row_no, "
                 "status, decision_date, valid_to, min_until, public_until, severity, sector, amount_fen, flags, "
                 "content_hash, fields, sealed, created_at, rep_hash, upper, objection_id) "
                 "VALUES ($1, $2, $3, $4::bigint, 1, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, "
                 "$20, $21, $22, "
                 /* an open objection's mark stays on the record when a new version comes */
                 "(SELECT objection_id FROM record WHERE class = $1 AND dept_id = $2 AND doc_no = $3 "
                 "AND version = $4::bigint - 1)) RETURNING id",
    [S_CITE_ADD] = "INSERT INTO record_cite(record_id, subject_id, doc_no, dept_uscc) VALUES ($1, $2, $3, $4) "
                   "ON CONFLICT DO NOTHING",
    [S_BY_SUBJECT] = "SELECT " XY_PG_REC_COLS FROM_REC "WHERE r.subject_id = $1 AND r.is_current = 1 "
                     "ORDER BY r.class COLLATE \"C\", r.decision_date DESC NULLS LAST, r.id",
    [S_VERSIONS] = "SELECT " XY_PG_REC_COLS FROM_REC "WHERE r.class = $1 AND r.dept_id = $2 AND r.doc_no = $3 "
                   "ORDER BY r.version",
    [S_GET] = "SELECT " XY_PG_REC_COLS FROM_REC "WHERE r.id = $1",
    [S_CLASS_PUBLIC] = "SELECT " XY_PG_REC_COLS FROM_REC "WHERE r.class = $1 AND r.is_current = 1 AND r.status = $2 "
                       "AND (r.public_until IS NULL OR r.public_until >= $3) AND r.id > $4 ORDER BY r.id LIMIT $5",
    [S_CLASS_ALL] = "SELECT " XY_PG_REC_COLS FROM_REC "WHERE r.class = $1 AND r.is_current = 1 AND r.id > $2 "
                    "ORDER BY r.id LIMIT $3",
    [S_DEPT] = "SELECT " XY_PG_REC_COLS FROM_REC "WHERE r.dept_id = $1 AND ($2::text IS NULL OR r.class = $2) "
               "AND r.is_current = 1 AND r.id > $3 ORDER BY r.id LIMIT $4",
};

/* List entries in force (disclosure reads: checks, the public list boards' subjects). */
#define LIST_FILTER " AND r.class IN ($2, $3, $4, $5, $6, $7, $8, $9) AND r.status IN ($10, $11)"
_Static_assert(XY_LIST_CLASSES_MAX == 8, "LIST_FILTER binds 8 classes");
static const char *const entries_sql[2] = {
    "SELECT " XY_PG_REC_COLS FROM_REC "WHERE r.subject_id = $1 AND r.is_current = 1" LIST_FILTER " ORDER BY r.id",
    "SELECT " XY_PG_REC_COLS FROM_REC "WHERE r.rep_hash = $1 AND r.is_current = 1" LIST_FILTER " ORDER BY r.id",
};

static PGresult *run(struct pg_store *s, int id, const struct pg_args *a, struct xy_error *err, const char *what)
{
    const char *sql = id == S_ENTRIES_SUBJECT ? entries_sql[0] : id == S_ENTRIES_REP ? entries_sql[1] : stmt_sql[id];
    return xy_pg_run(s, id, sql, a, err, what);
}

/* LIMIT n, or none for n <= 0 (LIMIT NULL). */
static void limit_arg(struct pg_args *a, int limit)
{
    if (limit > 0)
        xy_pg_int(a, limit);
    else
        xy_pg_text(a, NULL);
}

int xy_pg_each_record(PGresult *res, xy_record_cb cb, void *ctx, struct xy_error *err)
{
    (void)err;
    int ncols = PQnfields(res);
    for (int i = 0; i < PQntuples(res); i++) {
        struct xy_record_row o;
        size_t hlen, slen;
        memset(&o, 0, sizeof o);
        o.id = xy_pg_i64(res, i, 0);
        o.cls = xy_pg_str(res, i, 1);
        o.dept_id = xy_pg_i64(res, i, 2);
        o.dept_uscc = xy_pg_str(res, i, 3);
        o.dept_name = xy_pg_str(res, i, 4);
        o.doc_no = xy_pg_str(res, i, 5);
        o.version = (int)xy_pg_i64(res, i, 6);
        o.subject_id = xy_pg_i64(res, i, 7);
        o.batch_id = xy_pg_i64(res, i, 8);
        o.row_no = (long)xy_pg_i64(res, i, 9);
        o.status = xy_pg_str(res, i, 10);
        o.decision_date = xy_pg_str(res, i, 11);
        o.valid_to = xy_pg_str(res, i, 12);
        o.min_until = xy_pg_str(res, i, 13);
        o.public_until = xy_pg_str(res, i, 14);
        o.severity = xy_pg_str(res, i, 15);
        o.sector = xy_pg_str(res, i, 16);
        o.amount_fen = xy_pg_i64(res, i, 17);
        o.flags = (unsigned)xy_pg_i64(res, i, 18);
        uint8_t *hash = xy_pg_bytes(res, i, 19, &hlen);
        o.hash = hash;
        o.fields = xy_pg_str(res, i, 20);
        uint8_t *sealed = xy_pg_bytes(res, i, 21, &slen);
        o.sealed = sealed;
        o.sealed_len = slen;
        o.created_at = xy_pg_str(res, i, 22);
        o.is_current = (int)xy_pg_i64(res, i, 23);
        o.objection_id = xy_pg_i64(res, i, 24);
        o.upper = xy_pg_str(res, i, 25);
        if (ncols > 26) /* records_browse adds the subject's public id */
            o.subject_opaque = xy_pg_str(res, i, 26);
        int stop = cb(ctx, &o);
        PQfreemem(hash);
        PQfreemem(sealed);
        if (stop)
            break;
    }
    return XY_OK;
}

static int each(struct pg_store *s, int id, const struct pg_args *a, xy_record_cb cb, void *ctx,
                struct xy_error *err)
{
    PGresult *res = run(s, id, a, err, "read records");
    if (!res)
        return xy_pg_failed(err);
    int rc = xy_pg_each_record(res, cb, ctx, err);
    PQclear(res);
    return rc;
}

int xy_pg_record_current(struct xy_store *st, const char *cls, int64_t dept_id, const char *doc_no, int64_t *id,
                         int *version, uint8_t hash[16], struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, cls);
    xy_pg_int(&a, dept_id);
    if (doc_no)
        xy_pg_text(&a, doc_no);
    PGresult *res = run(xy_pg_of(st), doc_no ? S_CURRENT : S_ANY, &a, err, "find record");
    if (!res)
        return xy_pg_failed(err);
    if (!PQntuples(res)) {
        PQclear(res);
        return XY_ENOTFOUND;
    }
    if (!doc_no) { /* whether the department holds any record of the class: OUT unset */
        PQclear(res);
        return XY_OK;
    }
    *id = xy_pg_i64(res, 0, 0);
    *version = (int)xy_pg_i64(res, 0, 1);
    size_t n;
    uint8_t *h = xy_pg_bytes(res, 0, 2, &n);
    memset(hash, 0, 16);
    if (h && n == 16)
        memcpy(hash, h, 16);
    PQfreemem(h);
    PQclear(res);
    return XY_OK;
}

int xy_pg_cites_put(struct xy_store *st, int64_t record_id, int64_t subject_id, const char *cites, size_t cites_len,
                    const char *cites_dept, struct xy_error *err)
{
    for (size_t at = 0; cites && at < cites_len; at += strlen(cites + at) + 1) {
        struct pg_args a = {0};
        xy_pg_int(&a, record_id);
        xy_pg_int(&a, subject_id);
        xy_pg_text(&a, cites + at);
        xy_pg_text(&a, cites_dept);
        int rc = xy_pg_exec(xy_pg_of(st), S_CITE_ADD, stmt_sql[S_CITE_ADD], &a, err, "store a cited decision number");
        if (rc)
            return rc;
    }
    return XY_OK;
}

int xy_pg_record_put(struct xy_store *st, const struct xy_record_row *r, int64_t *id, struct xy_error *err)
{
    struct pg_store *s = xy_pg_of(st);
    struct pg_args a = {0};
    int rc;
    xy_pg_text(&a, r->cls);
    xy_pg_int(&a, r->dept_id);
    xy_pg_text(&a, r->doc_no);
    if (r->version > 1 && (rc = xy_pg_exec(s, S_RETIRE, stmt_sql[S_RETIRE], &a, err, "retire record version")))
        return rc;
    xy_pg_int(&a, r->version);
    xy_pg_int(&a, r->subject_id);
    xy_pg_int(&a, r->batch_id);
    xy_pg_int(&a, r->row_no);
    xy_pg_text(&a, r->status);
    xy_pg_text(&a, r->decision_date);
    xy_pg_text(&a, r->valid_to);
    xy_pg_text(&a, r->min_until);
    xy_pg_text(&a, r->public_until);
    xy_pg_text(&a, r->severity);
    xy_pg_text(&a, r->sector);
    xy_pg_int(&a, r->amount_fen);
    xy_pg_int(&a, r->flags);
    xy_pg_blob(&a, r->hash, 16);
    xy_pg_text(&a, r->fields);
    xy_pg_blob(&a, r->sealed, r->sealed_len);
    xy_pg_text(&a, r->created_at);
    xy_pg_blob(&a, r->rep_hash, r->rep_hash ? 32 : 0);
    xy_pg_text(&a, r->upper);
    PGresult *res = run(s, S_INSERT, &a, err, "store record");
    if (!res)
        return xy_pg_failed(err);
    int64_t rid = xy_pg_i64(res, 0, 0);
    PQclear(res);
    if (id)
        *id = rid;
    return xy_pg_cites_put(st, rid, r->subject_id, r->cites, r->cites_len, r->cites_dept, err);
}

int xy_pg_subject_records(struct xy_store *st, int64_t subject_id, xy_record_cb cb, void *ctx, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, subject_id);
    return each(xy_pg_of(st), S_BY_SUBJECT, &a, cb, ctx, err);
}

int xy_pg_record_versions(struct xy_store *st, const char *cls, int64_t dept_id, const char *doc_no, xy_record_cb cb,
                          void *ctx, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, cls);
    xy_pg_int(&a, dept_id);
    xy_pg_text(&a, doc_no);
    return each(xy_pg_of(st), S_VERSIONS, &a, cb, ctx, err);
}

int xy_pg_record_get(struct xy_store *st, int64_t id, xy_record_cb cb, void *ctx, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, id);
    PGresult *res = run(xy_pg_of(st), S_GET, &a, err, "read record");
    if (!res)
        return xy_pg_failed(err);
    if (!PQntuples(res)) {
        PQclear(res);
        return xy_error_set(err, XY_ENOTFOUND, "没有编号为 %lld 的记录 (no record %lld)", (long long)id, (long long)id);
    }
    int rc = xy_pg_each_record(res, cb, ctx, err);
    PQclear(res);
    return rc;
}

int xy_pg_records_by_class(struct xy_store *st, const char *cls, const struct xy_public_filter *pub, int64_t after_id,
                           int limit, xy_record_cb cb, void *ctx, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, cls);
    if (pub) {
        xy_pg_text(&a, pub->status);
        xy_pg_text(&a, pub->day);
    }
    xy_pg_int(&a, after_id);
    limit_arg(&a, limit);
    return each(xy_pg_of(st), pub ? S_CLASS_PUBLIC : S_CLASS_ALL, &a, cb, ctx, err);
}

int xy_pg_records_by_dept(struct xy_store *st, int64_t dept_id, const char *cls, int64_t after_id, int limit,
                          xy_record_cb cb, void *ctx, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, dept_id);
    xy_pg_text(&a, cls);
    xy_pg_int(&a, after_id);
    limit_arg(&a, limit);
    return each(xy_pg_of(st), S_DEPT, &a, cb, ctx, err);
}

/* A statement put together from fixed pieces, one per filter given, every value bound ($n counted
 * as they are added); run once (people page through the boards, not machines at high rates). */
static int run_built(struct pg_store *s, struct xy_buf *sql, const struct pg_args *a, xy_record_cb cb, void *ctx,
                     struct xy_error *err)
{
    if (!xy_buf_str(sql)) {
        xy_buf_release(sql);
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    }
    PGresult *res = xy_pg_run(s, -1, xy_buf_str(sql), a, err, "read records");
    xy_buf_release(sql);
    if (!res)
        return xy_pg_failed(err);
    int rc = xy_pg_each_record(res, cb, ctx, err);
    PQclear(res);
    return rc;
}

/* Adds " AND <column> <op> $n" with value bound as $n, when value is given. */
static void filter(struct xy_buf *sql, struct pg_args *a, const char *column, const char *op, const char *value)
{
    if (!value)
        return;
    xy_pg_text(a, value);
    xy_buf_printf(sql, " AND %s %s $%d", column, op, a->n);
}

int xy_pg_records_filtered(struct xy_store *st, const char *cls, const struct xy_public_filter *pub,
                           const char *dept_uscc, const char *region, const char *from, const char *to,
                           int64_t after_id, int limit, xy_record_cb cb, void *ctx, struct xy_error *err)
{
    struct xy_buf sql;
    struct pg_args a = {0};
    xy_buf_init(&sql, 8192);
    xy_pg_text(&a, cls);
    xy_pg_text(&a, pub->status);
    xy_pg_text(&a, pub->day);
    xy_pg_int(&a, after_id);
    xy_buf_addz(&sql, "SELECT " XY_PG_REC_COLS FROM_REC "JOIN subject s ON s.id = r.subject_id "
                      "WHERE r.class = $1 AND r.is_current = 1 AND r.status = $2 "
                      "AND (r.public_until IS NULL OR r.public_until >= $3) AND r.id > $4");
    filter(&sql, &a, "d.uscc", "=", dept_uscc);
    filter(&sql, &a, "substr(s.uscc, 3, 6)", "=", region);
    filter(&sql, &a, "r.decision_date", ">=", from);
    filter(&sql, &a, "r.decision_date", "<=", to);
    limit_arg(&a, limit);
    xy_buf_printf(&sql, " ORDER BY r.id LIMIT $%d", a.n);
    return run_built(xy_pg_of(st), &sql, &a, cb, ctx, err);
}

int xy_pg_records_browse(struct xy_store *st, const char *cls, const struct xy_public_filter *pub,
                         const struct xy_browse_filter *f, int limit, xy_record_cb cb, void *ctx,
                         struct xy_error *err)
{
    struct xy_buf sql;
    struct pg_args a = {0};
    xy_buf_init(&sql, 8192);
    xy_pg_text(&a, cls);
    xy_pg_text(&a, pub->status);
    xy_pg_text(&a, pub->day);
    xy_buf_addz(&sql, "SELECT " XY_PG_REC_COLS ", s.opaque" FROM_REC "JOIN subject s ON s.id = r.subject_id "
                      "WHERE r.class = $1 AND r.is_current = 1 AND r.decision_date IS NOT NULL AND r.status = $2 "
                      "AND (r.public_until IS NULL OR r.public_until >= $3)");
    /* By id, so that the department's own index serves the page. */
    if (f->dept_uscc) {
        xy_pg_text(&a, f->dept_uscc);
        xy_buf_printf(&sql, " AND r.dept_id = (SELECT id FROM dept WHERE uscc = $%d)", a.n);
    }
    filter(&sql, &a, "substr(s.uscc, 3, 6)", "=", f->region);
    filter(&sql, &a, "r.decision_date", ">=", f->from);
    filter(&sql, &a, "r.decision_date", "<=", f->to);
    if (f->before_date) {
        /* A row value: the index is walked backwards from the cursor. */
        xy_pg_text(&a, f->before_date);
        xy_pg_int(&a, f->before_id);
        xy_buf_printf(&sql, " AND (r.decision_date, r.id) < ($%d, $%d::bigint)", a.n - 1, a.n);
    }
    limit_arg(&a, limit);
    xy_buf_printf(&sql, " ORDER BY r.decision_date DESC, r.id DESC LIMIT $%d", a.n);
    return run_built(xy_pg_of(st), &sql, &a, cb, ctx, err);
}

int xy_pg_list_entries(struct xy_store *st, int64_t subject_id, const uint8_t *rep_hash,
                       const struct xy_list_filter *f, xy_record_cb cb, void *ctx, struct xy_error *err)
{
    struct pg_args a = {0};
    if (subject_id > 0)
        xy_pg_int(&a, subject_id);
    else
        xy_pg_blob(&a, rep_hash, 32);
    /* Unused places of the sets bind NULL, which matches nothing. */
    int end = 0;
    for (int i = 0; i < XY_LIST_CLASSES_MAX; i++) {
        end = end || !f->classes[i];
        xy_pg_text(&a, end ? NULL : f->classes[i]);
    }
    end = 0;
    for (int i = 0; i < 2; i++) {
        end = end || !f->statuses[i];
        xy_pg_text(&a, end ? NULL : f->statuses[i]);
    }
    return each(xy_pg_of(st), subject_id > 0 ? S_ENTRIES_SUBJECT : S_ENTRIES_REP, &a, cb, ctx, err);
}
