/* SPDX-License-Identifier: Apache-2.0 */
/* SQLite back end: records, written as new versions (the previous one retired) and read by subject,
 * by id, by version, by class, by department and through the public list boards' filters. */
#include <string.h>

#include "common/xy_buf.h"
#include "store/sqlite/store_sqlite_int.h"

enum {
    S_REC_CURRENT = 64,
    S_REC_RETIRE,
    S_REC_INSERT,
    S_REC_INSERT_FIRST,
    S_REC_ANY,
    S_REC_BY_SUBJECT,
    S_REC_VERSIONS,
    S_REC_GET,
    S_REC_CLASS_PUBLIC,
    S_REC_CLASS_ALL,
    S_REC_DEPT,
    S_REC_DEPT_CLASS,
    S__END
};

_Static_assert(S__END <= XY_SQLITE_MAIN_STMTS, "record statements use stmt[64..95]");

static const char *const stmt_sql[S__END] = {
    [S_REC_CURRENT] = "SELECT id, version, content_hash FROM record WHERE class = ? AND dept_id = ? AND doc_no = ? "
                      "ORDER BY version DESC LIMIT 1",
    [S_REC_RETIRE] = "UPDATE record SET is_current = 0 WHERE class = ? AND dept_id = ? AND doc_no = ? AND is_current = 1",
    [S_REC_INSERT] = "INSERT INTO record(class, dept_id, doc_no, version, is_current, subject_id, batch_id, row_no, "
                     "status, decision_date, valid_to, min_until, public_until, severity, sector, amount_fen, flags, "
                     "content_hash, fields, sealed, created_at, rep_hash, upper, objection_id) "
                     "VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                     /* an open objection's mark stays on the record when a new version comes */
                     "(SELECT objection_id FROM record WHERE class = ?1 AND dept_id = ?2 AND doc_no = ?3 "
                     "AND version = ?4 - 1))",
    /* A first version has no predecessor whose objection mark it could keep: one probe less a row. */
    [S_REC_INSERT_FIRST] = "INSERT INTO record(class, dept_id, doc_no, version, is_current, subject_id, batch_id, "
                           "row_no, status, decision_date, valid_to, min_until, public_until, severity, sector, "
                           "amount_fen, flags, content_hash, fields, sealed, created_at, rep_hash, upper) "
                           "VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [S_REC_ANY] = "SELECT 1 FROM record WHERE class = ? AND dept_id = ? LIMIT 1",
    [S_REC_BY_SUBJECT] = "SELECT " REC_COLS " FROM record r JOIN dept d ON d.id = r.dept_id "
                         "WHERE r.subject_id = ? AND r.is_current = 1 ORDER BY r.class, r.decision_date DESC, r.id",
    [S_REC_VERSIONS] = "SELECT " REC_COLS " FROM record r JOIN dept d ON d.id = r.dept_id "
                       "WHERE r.class = ? AND r.dept_id = ? AND r.doc_no = ? ORDER BY r.version",
    [S_REC_GET] = "SELECT " REC_COLS " FROM record r JOIN dept d ON d.id = r.dept_id WHERE r.id = ?",
    [S_REC_CLASS_PUBLIC] = "SELECT " REC_COLS " FROM record r JOIN dept d ON d.id = r.dept_id "
                           "WHERE r.class = ? AND r.is_current = 1 AND r.status = ? "
                           "AND (r.public_until IS NULL OR r.public_until >= ?) AND r.id > ? ORDER BY r.id LIMIT ?",
    [S_REC_CLASS_ALL] = "SELECT " REC_COLS " FROM record r JOIN dept d ON d.id = r.dept_id "
                        "WHERE r.class = ? AND r.is_current = 1 AND r.id > ? ORDER BY r.id LIMIT ?",
    [S_REC_DEPT] = "SELECT " REC_COLS " FROM record r JOIN dept d ON d.id = r.dept_id "
                   "WHERE r.dept_id = ? AND r.is_current = 1 AND r.id > ? ORDER BY r.id LIMIT ?",
    [S_REC_DEPT_CLASS] = "SELECT " REC_COLS " FROM record r JOIN dept d ON d.id = r.dept_id "
                         "WHERE r.dept_id = ? AND r.class = ? AND r.is_current = 1 AND r.id > ? ORDER BY r.id LIMIT ?",
};

static sqlite3_stmt *stmt(struct sqlite_store *s, int id, struct xy_error *err)
{
    return xy_sqlite_stmt(s, &s->stmt[id], stmt_sql[id], err);
}

int xy_sqlite_record_current(struct xy_store *st, const char *cls, int64_t dept_id, const char *doc_no,
                             int64_t *id, int *version, uint8_t hash[16], struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q = stmt(s, doc_no ? S_REC_CURRENT : S_REC_ANY, err);
    if (!q)
        return err ? err->rc : XY_EDB;
    xy_sqlite_bind_text(q, 1, cls);
    sqlite3_bind_int64(q, 2, dept_id);
    if (doc_no)
        xy_sqlite_bind_text(q, 3, doc_no);
    int r = sqlite3_step(q);
    if (r == SQLITE_DONE)
        return XY_ENOTFOUND;
    if (r != SQLITE_ROW)
        return xy_sqlite_err(s, err, "find record");
    if (!doc_no) {
        sqlite3_reset(q);
        return XY_OK;
    }
    *id = sqlite3_column_int64(q, 0);
    *version = sqlite3_column_int(q, 1);
    memset(hash, 0, 16);
    if (sqlite3_column_bytes(q, 2) == 16)
        memcpy(hash, sqlite3_column_blob(q, 2), 16);
    sqlite3_reset(q);
    return XY_OK;
}

int xy_sqlite_record_put(struct xy_store *st, const struct xy_record_row *r, int64_t *id, struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q;
    int rc;
    if (r->version > 1) {
        if (!(q = stmt(s, S_REC_RETIRE, err)))
            return err ? err->rc : XY_EDB;
        xy_sqlite_bind_text(q, 1, r->cls);
        sqlite3_bind_int64(q, 2, r->dept_id);
        xy_sqlite_bind_text(q, 3, r->doc_no);
        if ((rc = xy_sqlite_run(s, q, err, "retire record version")))
            return rc;
    }
    if (!(q = stmt(s, r->version > 1 ? S_REC_INSERT : S_REC_INSERT_FIRST, err)))
        return err ? err->rc : XY_EDB;
    xy_sqlite_bind_text(q, 1, r->cls);
    sqlite3_bind_int64(q, 2, r->dept_id);
    xy_sqlite_bind_text(q, 3, r->doc_no);
    sqlite3_bind_int(q, 4, r->version);
    sqlite3_bind_int64(q, 5, r->subject_id);
    sqlite3_bind_int64(q, 6, r->batch_id);
    sqlite3_bind_int64(q, 7, r->row_no);
    xy_sqlite_bind_text(q, 8, r->status);
    xy_sqlite_bind_text(q, 9, r->decision_date);
    xy_sqlite_bind_text(q, 10, r->valid_to);
    xy_sqlite_bind_text(q, 11, r->min_until);
    xy_sqlite_bind_text(q, 12, r->public_until);
    xy_sqlite_bind_text(q, 13, r->severity);
    xy_sqlite_bind_text(q, 14, r->sector);
    sqlite3_bind_int64(q, 15, r->amount_fen);
    sqlite3_bind_int64(q, 16, r->flags);
    sqlite3_bind_blob(q, 17, r->hash, 16, SQLITE_STATIC);
    xy_sqlite_bind_text(q, 18, r->fields);
    if (r->sealed)
        sqlite3_bind_blob(q, 19, r->sealed, (int)r->sealed_len, SQLITE_STATIC);
    xy_sqlite_bind_text(q, 20, r->created_at);
    if (r->rep_hash)
        sqlite3_bind_blob(q, 21, r->rep_hash, 32, SQLITE_STATIC);
    xy_sqlite_bind_text(q, 22, r->upper);
    if ((rc = xy_sqlite_run(s, q, err, "store record")))
        return rc;
    int64_t rid = sqlite3_last_insert_rowid(s->db); /* before the mark, an insert of its own */
    if (id)
        *id = rid;
    if ((rc = xy_sqlite_answer_mark(s, r->subject_id, err)))
        return rc;
    return xy_sqlite_cites_put(st, rid, r->subject_id, r->cites, r->cites_len, r->cites_dept, err);
}

int xy_sqlite_each_record(struct sqlite_store *s, sqlite3_stmt *q, xy_record_cb cb, void *ctx, struct xy_error *err)
{
    int r;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        struct xy_record_row o;
        memset(&o, 0, sizeof o);
        o.id = sqlite3_column_int64(q, 0);
        o.cls = xy_sqlite_text(q, 1);
        o.dept_id = sqlite3_column_int64(q, 2);
        o.dept_uscc = xy_sqlite_text(q, 3);
        o.dept_name = xy_sqlite_text(q, 4);
        o.doc_no = xy_sqlite_text(q, 5);
        o.version = sqlite3_column_int(q, 6);
        o.subject_id = sqlite3_column_int64(q, 7);
        o.batch_id = sqlite3_column_int64(q, 8);
        o.row_no = (long)sqlite3_column_int64(q, 9);
        o.status = xy_sqlite_text(q, 10);
        o.decision_date = xy_sqlite_text(q, 11);
        o.valid_to = xy_sqlite_text(q, 12);
        o.min_until = xy_sqlite_text(q, 13);
        o.public_until = xy_sqlite_text(q, 14);
        o.severity = xy_sqlite_text(q, 15);
        o.sector = xy_sqlite_text(q, 16);
        o.amount_fen = sqlite3_column_int64(q, 17);
        o.flags = (unsigned)sqlite3_column_int64(q, 18);
        o.hash = sqlite3_column_blob(q, 19);
        o.fields = xy_sqlite_text(q, 20);
        o.sealed = sqlite3_column_blob(q, 21);
        o.sealed_len = (size_t)sqlite3_column_bytes(q, 21);
        o.created_at = xy_sqlite_text(q, 22);
        o.is_current = sqlite3_column_int(q, 23);
        o.objection_id = sqlite3_column_int64(q, 24);
        o.upper = xy_sqlite_text(q, 25);
        if (sqlite3_column_count(q) > 26) /* records_browse adds the subject's public id */
            o.subject_opaque = xy_sqlite_text(q, 26);
        if (cb(ctx, &o))
            break;
    }
    sqlite3_reset(q);
    return r == SQLITE_ROW || r == SQLITE_DONE ? XY_OK : xy_sqlite_err(s, err, "read records");
}

int xy_sqlite_subject_records(struct xy_store *st, int64_t subject_id, xy_record_cb cb, void *ctx,
                              struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q = stmt(s, S_REC_BY_SUBJECT, err);
    if (!q)
        return err ? err->rc : XY_EDB;
    sqlite3_bind_int64(q, 1, subject_id);
    return xy_sqlite_each_record(s, q, cb, ctx, err);
}

int xy_sqlite_record_versions(struct xy_store *st, const char *cls, int64_t dept_id, const char *doc_no,
                              xy_record_cb cb, void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q = stmt(s, S_REC_VERSIONS, err);
    if (!q)
        return err ? err->rc : XY_EDB;
    xy_sqlite_bind_text(q, 1, cls);
    sqlite3_bind_int64(q, 2, dept_id);
    xy_sqlite_bind_text(q, 3, doc_no);
    return xy_sqlite_each_record(s, q, cb, ctx, err);
}

int xy_sqlite_record_get(struct xy_store *st, int64_t id, xy_record_cb cb, void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q = stmt(s, S_REC_GET, err);
    struct counted {
        xy_record_cb cb;
        void *ctx;
        int n;
    };
    if (!q)
        return err && err->rc ? err->rc : XY_EDB;
    sqlite3_bind_int64(q, 1, id);
    int r = sqlite3_step(q);
    sqlite3_reset(q);
    if (r == SQLITE_DONE)
        return xy_error_set(err, XY_ENOTFOUND, "没有编号为 %lld 的记录 (no record %lld)", (long long)id, (long long)id);
    if (r != SQLITE_ROW)
        return xy_sqlite_err(s, err, "read record");
    sqlite3_bind_int64(q, 1, id);
    return xy_sqlite_each_record(s, q, cb, ctx, err);
}

int xy_sqlite_records_by_class(struct xy_store *st, const char *cls, const struct xy_public_filter *pub,
                               int64_t after_id, int limit, xy_record_cb cb, void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q = stmt(s, pub ? S_REC_CLASS_PUBLIC : S_REC_CLASS_ALL, err);
    int i = 1;
    if (!q)
        return err && err->rc ? err->rc : XY_EDB;
    xy_sqlite_bind_text(q, i++, cls);
    if (pub) {
        xy_sqlite_bind_text(q, i++, pub->status);
        xy_sqlite_bind_text(q, i++, pub->day);
    }
    sqlite3_bind_int64(q, i++, after_id);
    sqlite3_bind_int(q, i, limit > 0 ? limit : -1);
    return xy_sqlite_each_record(s, q, cb, ctx, err);
}

int xy_sqlite_records_filtered(struct xy_store *st, const char *cls, const struct xy_public_filter *pub,
                               const char *dept_uscc,
                               const char *region, const char *from, const char *to, int64_t after_id, int limit,
                               xy_record_cb cb, void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    /* The statement is put together from fixed pieces, one per filter given; every value is bound. It
     * is prepared per call: list boards are paged by people, not by machines at high rates. */
    struct xy_buf sql;
    const char *binds[8];
    int nb = 0;
    xy_buf_init(&sql, 4096);
    xy_buf_addz(&sql, "SELECT " REC_COLS " FROM record r JOIN dept d ON d.id = r.dept_id ");
    if (region)
        xy_buf_addz(&sql, "JOIN subject s ON s.id = r.subject_id ");
    xy_buf_addz(&sql, "WHERE r.class = ? AND r.is_current = 1 AND r.status = ? "
                      "AND (r.public_until IS NULL OR r.public_until >= ?) AND r.id > ?");
    binds[nb++] = cls;
    binds[nb++] = pub->status;
    binds[nb++] = pub->day;
    if (dept_uscc) {
        xy_buf_addz(&sql, " AND d.uscc = ?");
        binds[nb++] = dept_uscc;
    }
    if (region) {
        xy_buf_addz(&sql, " AND substr(s.uscc, 3, 6) = ?");
        binds[nb++] = region;
    }
    if (from) {
        xy_buf_addz(&sql, " AND r.decision_date >= ?");
        binds[nb++] = from;
    }
    if (to) {
        xy_buf_addz(&sql, " AND r.decision_date <= ?");
        binds[nb++] = to;
    }
    int rc = xy_buf_addz(&sql, " ORDER BY r.id LIMIT ?");
    sqlite3_stmt *q = NULL;
    if (rc) {
        xy_buf_release(&sql);
        return xy_error_set(err, rc, "out of memory");
    }
    if (sqlite3_prepare_v2(s->db, sql.data, (int)sql.len, &q, NULL) != SQLITE_OK) {
        xy_buf_release(&sql);
        return xy_sqlite_err(s, err, "prepare");
    }
    xy_buf_release(&sql);
    int i = 1;
    xy_sqlite_bind_text(q, i++, binds[0]);
    xy_sqlite_bind_text(q, i++, binds[1]);
    xy_sqlite_bind_text(q, i++, binds[2]);
    sqlite3_bind_int64(q, i++, after_id);
    for (int b = 3; b < nb; b++)
        xy_sqlite_bind_text(q, i++, binds[b]);
    sqlite3_bind_int(q, i, limit > 0 ? limit : -1);
    rc = xy_sqlite_each_record(s, q, cb, ctx, err);
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_records_by_dept(struct xy_store *st, int64_t dept_id, const char *cls, int64_t after_id, int limit,
                              xy_record_cb cb, void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q = stmt(s, cls ? S_REC_DEPT_CLASS : S_REC_DEPT, err);
    int i = 1;
    if (!q)
        return err && err->rc ? err->rc : XY_EDB;
    sqlite3_bind_int64(q, i++, dept_id);
    if (cls)
        xy_sqlite_bind_text(q, i++, cls);
    sqlite3_bind_int64(q, i++, after_id);
    sqlite3_bind_int(q, i, limit > 0 ? limit : -1);
    return xy_sqlite_each_record(s, q, cb, ctx, err);
}
