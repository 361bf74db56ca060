/* SPDX-License-Identifier: Apache-2.0 */
/* SQLite back end: stored public answers (app/answer.h, migration 31). Statement slots aux[168..177]. */
#include "store/sqlite/store_sqlite_int.h"

enum { A_GET_USCC = 168, A_GET_OPAQUE, A_UNSTALE, A_PUT, A_DROP, A_STALE, A_MARK_OLD, A_MARK, A_MARK_BATCH, A__END };
_Static_assert(A__END <= XY_SQLITE_AUX_STMTS, "answer statements use aux[168..177]");

/* The subject's id comes from the code's index alone; the answer by its key; the stale mark by its
 * key (absent when the answer is current). */
#define GET_TAIL                                                                                   \
    " AND a.made_by = ?2 AND (a.valid_through IS NULL OR a.valid_through >= ?3) "                  \
    "AND NOT EXISTS (SELECT 1 FROM answer_stale t WHERE t.subject_id = s.id)"

static const char *const sql[A__END] = {
    [A_GET_USCC] = "SELECT a.body FROM subject s JOIN subject_answer a ON a.subject_id = s.id WHERE s.uscc = ?1" GET_TAIL,
    [A_GET_OPAQUE] = "SELECT a.body FROM subject s JOIN subject_answer a ON a.subject_id = s.id "
                     "WHERE s.opaque = ?1" GET_TAIL,
    [A_UNSTALE] = "DELETE FROM answer_stale WHERE subject_id = ?",
    [A_PUT] = "INSERT OR REPLACE INTO subject_answer(subject_id, made_by, valid_through, body) VALUES (?, ?, ?, ?)",
    [A_DROP] = "DELETE FROM subject_answer WHERE subject_id = ?",
    [A_STALE] = "SELECT subject_id FROM answer_stale ORDER BY subject_id LIMIT ?",
    [A_MARK_OLD] = "INSERT OR IGNORE INTO answer_stale SELECT subject_id FROM subject_answer "
                   "WHERE made_by <> ?1 OR valid_through < ?2",
    [A_MARK] = "INSERT INTO answer_stale SELECT ?1 WHERE NOT EXISTS (SELECT 1 FROM answer_stale WHERE subject_id = ?1)",
    /* The batch's records by their ids, their subjects sorted once: one set-based insert. */
    [A_MARK_BATCH] = "INSERT INTO answer_stale SELECT DISTINCT r.subject_id FROM record r "
                     "WHERE r.id BETWEEN ?2 AND ?3 AND r.batch_id = ?1 "
                     "AND NOT EXISTS (SELECT 1 FROM answer_stale t WHERE t.subject_id = r.subject_id) "
                     "ORDER BY r.subject_id",
};

#define S(st) ((struct sqlite_store *)(st))

static sqlite3_stmt *prep(struct sqlite_store *s, int id, struct xy_error *err)
{
    return xy_sqlite_stmt(s, &s->aux[id], sql[id], err);
}

int xy_sqlite_answer_get(struct xy_store *st, const char *uscc, const char *opaque, const char *made_by,
                         const char *day, xy_answer_cb cb, void *ctx, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), uscc ? A_GET_USCC : A_GET_OPAQUE, err);
    if (!q)
        return xy_sqlite_failed(err);
    xy_sqlite_bind_text(q, 1, uscc ? uscc : opaque);
    xy_sqlite_bind_text(q, 2, made_by);
    xy_sqlite_bind_text(q, 3, day);
    int r = sqlite3_step(q);
    if (r == SQLITE_ROW)
        cb(ctx, (const char *)sqlite3_column_blob(q, 0), (size_t)sqlite3_column_bytes(q, 0));
    sqlite3_reset(q);
    if (r == SQLITE_DONE)
        return xy_error_set(err, XY_ENOTFOUND, "没有存储的应答 (no stored answer)");
    return r == SQLITE_ROW ? XY_OK : xy_sqlite_err(S(st), err, "read a stored answer");
}

static int by_id(struct xy_store *st, int id, int64_t subject_id, struct xy_error *err, const char *what)
{
    sqlite3_stmt *q = prep(S(st), id, err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, subject_id);
    return xy_sqlite_run(S(st), q, err, what);
}

int xy_sqlite_answer_unstale(struct xy_store *st, int64_t subject_id, struct xy_error *err)
{
    return by_id(st, A_UNSTALE, subject_id, err, "clear an answer's stale mark");
}

int xy_sqlite_answer_drop(struct xy_store *st, int64_t subject_id, struct xy_error *err)
{
    return by_id(st, A_DROP, subject_id, err, "drop a stored answer");
}

int xy_sqlite_answer_put(struct xy_store *st, int64_t subject_id, const char *made_by, const char *valid_through,
                         const char *body, size_t len, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), A_PUT, err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, subject_id);
    xy_sqlite_bind_text(q, 2, made_by);
    xy_sqlite_bind_text(q, 3, valid_through);
    if (body)
        sqlite3_bind_blob64(q, 4, body, len, SQLITE_STATIC);
    else
        sqlite3_bind_null(q, 4);
    return xy_sqlite_run(S(st), q, err, "store an answer");
}

int xy_sqlite_answer_stale(struct xy_store *st, int limit, int64_t *ids, size_t *n, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), A_STALE, err);
    int r;
    *n = 0;
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int(q, 1, limit);
    while ((r = sqlite3_step(q)) == SQLITE_ROW && *n < (size_t)limit)
        ids[(*n)++] = sqlite3_column_int64(q, 0);
    sqlite3_reset(q);
    return r == SQLITE_ROW || r == SQLITE_DONE ? XY_OK : xy_sqlite_err(S(st), err, "read stale answers");
}

int xy_sqlite_answer_mark_old(struct xy_store *st, const char *made_by, const char *day, int64_t *n,
                              struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), A_MARK_OLD, err);
    int rc;
    *n = 0;
    if (!q)
        return xy_sqlite_failed(err);
    xy_sqlite_bind_text(q, 1, made_by);
    xy_sqlite_bind_text(q, 2, day);
    if ((rc = xy_sqlite_run(S(st), q, err, "mark old answers")))
        return rc;
    *n = sqlite3_changes(S(st)->db);
    return XY_OK;
}

int xy_sqlite_answer_mark(struct sqlite_store *s, int64_t subject_id, struct xy_error *err)
{
    return s->answer_defer ? XY_OK : by_id(&s->base, A_MARK, subject_id, err, "mark an answer stale");
}

int xy_sqlite_answer_defer(struct xy_store *st, struct xy_error *err)
{
    if (sqlite3_get_autocommit(S(st)->db))
        return xy_error_set(err, XY_EINVAL, "answer_defer outside a transaction");
    S(st)->answer_defer = 1; /* ended by answer_mark_batch, or by the rollback */
    return XY_OK;
}

int xy_sqlite_answer_mark_batch(struct xy_store *st, int64_t batch_id, int64_t first, int64_t last,
                                struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), A_MARK_BATCH, err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, batch_id);
    sqlite3_bind_int64(q, 2, first);
    sqlite3_bind_int64(q, 3, last);
    int rc = xy_sqlite_run(S(st), q, err, "mark a batch's answers stale");
    if (!rc)
        S(st)->answer_defer = 0;
    return rc;
}
