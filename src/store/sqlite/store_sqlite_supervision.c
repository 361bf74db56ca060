/* SPDX-License-Identifier: Apache-2.0 */
/* The SQLite back end: supervision notices (store.h, sup_activity .. sup_file). The office works on
 * notices a few times a day and the daily scan runs once: each call prepares its statements and
 * finalizes them. No state name is written into the SQL: the caller passes them. */
#include <stdio.h>
#include <string.h>

#include "store/sqlite/store_sqlite_int.h"

#define STATES_MAX 6

static int finish(struct sqlite_store *s, sqlite3_stmt *q, int r, const char *what, struct xy_error *err)
{
    int rc = (r == SQLITE_ROW || r == SQLITE_DONE) ? XY_OK : xy_sqlite_err(s, err, what);
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_sup_activity(struct xy_store *st, xy_sup_activity_cb cb, void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s,
                                             "SELECT d.id, d.uscc, d.name, d.created_at, "
                                             "(SELECT max(b.finished_at) FROM batch b WHERE b.dept_id = d.id) "
                                             "FROM dept d ORDER BY d.uscc",
                                             err);
    if (!q)
        return xy_sqlite_failed(err);
    int r;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        struct xy_sup_activity a = {sqlite3_column_int64(q, 0), xy_sqlite_text(q, 1), xy_sqlite_text(q, 2),
                                    xy_sqlite_text(q, 3), xy_sqlite_text(q, 4)};
        if (cb(ctx, &a))
            break;
    }
    return finish(s, q, r, "read department activity", err);
}

int xy_sqlite_sup_overdue(struct xy_store *st, const struct xy_sup_overdue_q *oq, xy_sup_overdue_cb cb, void *ctx,
                          struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(
        s,
        "SELECT c.kind, c.id, c.dept_id, d.uscc, c.due, c.filed_at FROM claim c JOIN dept d ON d.id = c.dept_id "
        "WHERE c.due IS NOT NULL AND c.due < ?1 AND ((c.kind = 'objection' AND c.state = ?2) OR "
        "(c.kind = 'repair' AND c.state = ?3)) "
        "UNION ALL "
        "SELECT 'feedback', k.id, d.id, d.uscc, k.feedback_due, k.at FROM checks k JOIN dept d ON d.uscc = k.dept_uscc "
        "WHERE k.feedback_due < ?1 AND NOT EXISTS (SELECT 1 FROM check_feedback f WHERE f.check_id = k.id)",
        err);
    if (!q)
        return xy_sqlite_failed(err);
    xy_sqlite_bind_text(q, 1, oq->today);
    xy_sqlite_bind_text(q, 2, oq->obj_state);
    xy_sqlite_bind_text(q, 3, oq->rep_state);
    int r;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        struct xy_sup_overdue o = {xy_sqlite_text(q, 0), sqlite3_column_int64(q, 1), sqlite3_column_int64(q, 2),
                                   xy_sqlite_text(q, 3), xy_sqlite_text(q, 4), xy_sqlite_text(q, 5)};
        if (cb(ctx, &o))
            break;
    }
    return finish(s, q, r, "read overdue work", err);
}

int xy_sqlite_sup_raise(struct xy_store *st, const struct xy_sup_row *n, int64_t *id, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s,
                                             "INSERT INTO sup_notice (rule, dept_id, period, subject, facts, state, "
                                             "level, raised_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?7) "
                                             "ON CONFLICT (rule, dept_id, period, subject) DO NOTHING",
                                             err);
    if (!q)
        return xy_sqlite_failed(err);
    xy_sqlite_bind_text(q, 1, n->rule);
    sqlite3_bind_int64(q, 2, n->dept_id);
    xy_sqlite_bind_text(q, 3, n->period);
    xy_sqlite_bind_text(q, 4, n->subject);
    xy_sqlite_bind_text(q, 5, n->facts);
    xy_sqlite_bind_text(q, 6, n->state);
    xy_sqlite_bind_text(q, 7, n->raised_at);
    int r = sqlite3_step(q);
    *id = r == SQLITE_DONE && sqlite3_changes(s->db) ? sqlite3_last_insert_rowid(s->db) : 0;
    return finish(s, q, r, "raise notice", err);
}

#define NOTICE_COLS                                                                                                 \
    "SELECT n.id, n.rule, n.dept_id, d.uscc, d.name, n.period, n.subject, n.facts, n.state, n.level, n.number, "   \
    "n.raised_at, n.reviewed_at, n.reviewed_by, n.reason, n.sent_at, n.due, n.escalated_at, n.updated_at "         \
    "FROM sup_notice n JOIN dept d ON d.id = n.dept_id "

static int notices(struct sqlite_store *s, sqlite3_stmt *q, xy_sup_cb cb, void *ctx, int *seen, struct xy_error *err)
{
    int r;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        struct xy_sup_row n = {.id = sqlite3_column_int64(q, 0),
                               .rule = xy_sqlite_text(q, 1),
                               .dept_id = sqlite3_column_int64(q, 2),
                               .dept_uscc = xy_sqlite_text(q, 3),
                               .dept_name = xy_sqlite_text(q, 4),
                               .period = xy_sqlite_text(q, 5),
                               .subject = xy_sqlite_text(q, 6),
                               .facts = xy_sqlite_text(q, 7),
                               .state = xy_sqlite_text(q, 8),
                               .level = sqlite3_column_int(q, 9),
                               .number = xy_sqlite_text(q, 10),
                               .raised_at = xy_sqlite_text(q, 11),
                               .reviewed_at = xy_sqlite_text(q, 12),
                               .reviewed_by = sqlite3_column_int64(q, 13),
                               .reason = xy_sqlite_text(q, 14),
                               .sent_at = xy_sqlite_text(q, 15),
                               .due = xy_sqlite_text(q, 16),
                               .escalated_at = xy_sqlite_text(q, 17),
                               .updated_at = xy_sqlite_text(q, 18)};
        (*seen)++;
        if (cb(ctx, &n))
            break;
    }
    return finish(s, q, r, "read notices", err);
}

int xy_sqlite_sup_get(struct xy_store *st, int64_t id, xy_sup_cb cb, void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s, NOTICE_COLS "WHERE n.id = ?1", err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, id);
    int seen = 0, rc = notices(s, q, cb, ctx, &seen, err);
    if (!rc && !seen)
        rc = xy_error_set(err, XY_ENOTFOUND, "没有此督办通知 (no such notice: %lld)", (long long)id);
    return rc;
}

int xy_sqlite_sup_list(struct xy_store *st, const struct xy_sup_filter *f, xy_sup_cb cb, void *ctx,
                       struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s,
                                             NOTICE_COLS
                                             "WHERE (?1 = 0 OR n.dept_id = ?1) AND n.id > ?2 "
                                             "AND (?3 IS NULL OR (n.due IS NOT NULL AND n.due < ?3)) "
                                             "AND (?4 IS NULL OR n.sent_at >= ?4) AND (?5 IS NULL OR n.sent_at < ?5) "
                                             "AND (?6 IS NULL OR n.state IN (?6, ?7, ?8, ?9, ?10, ?11)) "
                                             "ORDER BY n.id LIMIT ?12",
                                             err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, f->dept_id);
    sqlite3_bind_int64(q, 2, f->after);
    xy_sqlite_bind_text(q, 3, f->due_before);
    xy_sqlite_bind_text(q, 4, f->sent_from);
    xy_sqlite_bind_text(q, 5, f->sent_to);
    for (int i = 0; f->states && i < STATES_MAX && f->states[i]; i++)
        xy_sqlite_bind_text(q, 6 + i, f->states[i]);
    sqlite3_bind_int64(q, 12, f->limit > 0 ? f->limit : -1);
    int seen = 0;
    return notices(s, q, cb, ctx, &seen, err);
}

int xy_sqlite_sup_update(struct xy_store *st, const struct xy_sup_row *n, const char *from, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s,
                                             "UPDATE sup_notice SET state = ?2, level = ?3, number = ?4, "
                                             "reviewed_at = ?5, reviewed_by = ?6, reason = ?7, sent_at = ?8, due = ?9, "
                                             "escalated_at = ?10, updated_at = ?11 WHERE id = ?1 AND state = ?12",
                                             err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, n->id);
    xy_sqlite_bind_text(q, 2, n->state);
    sqlite3_bind_int(q, 3, n->level);
    xy_sqlite_bind_text(q, 4, n->number);
    xy_sqlite_bind_text(q, 5, n->reviewed_at);
    if (n->reviewed_by)
        sqlite3_bind_int64(q, 6, n->reviewed_by);
    xy_sqlite_bind_text(q, 7, n->reason);
    xy_sqlite_bind_text(q, 8, n->sent_at);
    xy_sqlite_bind_text(q, 9, n->due);
    xy_sqlite_bind_text(q, 10, n->escalated_at);
    xy_sqlite_bind_text(q, 11, n->updated_at);
    xy_sqlite_bind_text(q, 12, from);
    int r = sqlite3_step(q), changed = r == SQLITE_DONE ? sqlite3_changes(s->db) : 0;
    int rc = finish(s, q, r, "update notice", err);
    if (rc || changed)
        return rc;
    /* nothing changed: no such notice, or it moved on meanwhile */
    q = xy_sqlite_prepare_once(s, "SELECT state FROM sup_notice WHERE id = ?1", err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, n->id);
    r = sqlite3_step(q);
    if (r == SQLITE_ROW)
        rc = xy_error_set(err, XY_ESTATE, "督办通知 %lld 的状态已是 %s (notice %lld is %s now)", (long long)n->id,
                          xy_sqlite_text(q, 0), (long long)n->id, xy_sqlite_text(q, 0));
    else if (r == SQLITE_DONE)
        rc = xy_error_set(err, XY_ENOTFOUND, "没有此督办通知 (no such notice: %lld)", (long long)n->id);
    else
        rc = xy_sqlite_err(s, err, "read notice state");
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_sup_count_numbered(struct xy_store *st, const char *prefix, int64_t *n, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(
        s, "SELECT count(*) FROM sup_notice WHERE number IS NOT NULL AND substr(number, 1, length(?1)) = ?1", err);
    if (!q)
        return xy_sqlite_failed(err);
    xy_sqlite_bind_text(q, 1, prefix);
    int r = sqlite3_step(q);
    *n = r == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    return finish(s, q, r, "count notice numbers", err);
}

int xy_sqlite_sup_answer_add(struct xy_store *st, const struct xy_sup_answer_row *a,
                             const struct xy_sup_file_row *files, size_t nfiles, int *seq, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s,
                                             "INSERT INTO sup_answer (notice_id, seq, at, key_id, role, text) "
                                             "SELECT ?1, coalesce(max(seq), 0) + 1, ?2, ?3, ?4, ?5 FROM sup_answer "
                                             "WHERE notice_id = ?1 RETURNING seq",
                                             err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, a->notice_id);
    xy_sqlite_bind_text(q, 2, a->at);
    sqlite3_bind_int64(q, 3, a->key_id);
    xy_sqlite_bind_text(q, 4, a->role);
    xy_sqlite_bind_text(q, 5, a->text);
    int r = sqlite3_step(q);
    *seq = r == SQLITE_ROW ? sqlite3_column_int(q, 0) : 0;
    if (r == SQLITE_ROW)
        r = sqlite3_step(q);
    int rc = finish(s, q, r, "store answer", err);
    for (size_t i = 0; !rc && i < nfiles; i++) {
        const struct xy_sup_file_row *f = &files[i];
        if (!(q = xy_sqlite_prepare_once(s,
                                         "INSERT INTO sup_file (notice_id, answer_seq, seq, name, media_type, size, "
                                         "sha256, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                         err)))
            return xy_sqlite_failed(err);
        sqlite3_bind_int64(q, 1, a->notice_id);
        sqlite3_bind_int(q, 2, *seq);
        sqlite3_bind_int(q, 3, (int)i + 1);
        xy_sqlite_bind_text(q, 4, f->name);
        xy_sqlite_bind_text(q, 5, f->media_type);
        sqlite3_bind_int64(q, 6, f->size);
        sqlite3_bind_blob(q, 7, f->sha256, 32, SQLITE_STATIC);
        sqlite3_bind_blob64(q, 8, f->data, (sqlite3_uint64)f->size, SQLITE_STATIC);
        rc = finish(s, q, sqlite3_step(q), "store answer file", err);
    }
    return rc;
}

int xy_sqlite_sup_verdict(struct xy_store *st, int64_t notice_id, int seq, const char *verdict, const char *note,
                          const char *at, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s,
                                             "UPDATE sup_answer SET verdict = ?3, verdict_note = ?4, verdict_at = ?5 "
                                             "WHERE notice_id = ?1 AND seq = ?2 AND verdict IS NULL",
                                             err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, notice_id);
    sqlite3_bind_int(q, 2, seq);
    xy_sqlite_bind_text(q, 3, verdict);
    xy_sqlite_bind_text(q, 4, note);
    xy_sqlite_bind_text(q, 5, at);
    int r = sqlite3_step(q), changed = r == SQLITE_DONE ? sqlite3_changes(s->db) : 0;
    int rc = finish(s, q, r, "judge answer", err);
    if (!rc && !changed)
        rc = xy_error_set(err, XY_ESTATE, "此答复已有结论或不存在 (the answer has a verdict already, or none exists)");
    return rc;
}

int xy_sqlite_sup_answers(struct xy_store *st, int64_t notice_id, xy_sup_answer_cb acb, xy_sup_file_cb fcb, void *ctx,
                          struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s,
                                             "SELECT seq, at, key_id, role, text, verdict, verdict_note, verdict_at "
                                             "FROM sup_answer WHERE notice_id = ?1 ORDER BY seq",
                                             err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, notice_id);
    int r, stop = 0;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        struct xy_sup_answer_row a = {notice_id,           sqlite3_column_int(q, 0), xy_sqlite_text(q, 1),
                                      sqlite3_column_int64(q, 2), xy_sqlite_text(q, 3), xy_sqlite_text(q, 4),
                                      xy_sqlite_text(q, 5), xy_sqlite_text(q, 6), xy_sqlite_text(q, 7)};
        if ((stop = acb(ctx, &a)))
            break;
    }
    int rc = finish(s, q, r, "read answers", err);
    if (rc || stop || !fcb)
        return rc;
    if (!(q = xy_sqlite_prepare_once(s,
                                     "SELECT answer_seq, seq, name, media_type, size, sha256 FROM sup_file "
                                     "WHERE notice_id = ?1 ORDER BY answer_seq, seq",
                                     err)))
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, notice_id);
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        struct xy_sup_file_row f = {notice_id,
                                    sqlite3_column_int(q, 0),
                                    sqlite3_column_int(q, 1),
                                    xy_sqlite_text(q, 2),
                                    xy_sqlite_text(q, 3),
                                    sqlite3_column_int64(q, 4),
                                    sqlite3_column_blob(q, 5),
                                    NULL};
        if (fcb(ctx, &f))
            break;
    }
    return finish(s, q, r, "read answer files", err);
}

int xy_sqlite_sup_file(struct xy_store *st, int64_t notice_id, int answer_seq, int seq, xy_sup_file_cb cb, void *ctx,
                       struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s,
                                             "SELECT name, media_type, size, sha256, data FROM sup_file "
                                             "WHERE notice_id = ?1 AND answer_seq = ?2 AND seq = ?3",
                                             err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, notice_id);
    sqlite3_bind_int(q, 2, answer_seq);
    sqlite3_bind_int(q, 3, seq);
    int r = sqlite3_step(q), found = r == SQLITE_ROW;
    if (found) {
        struct xy_sup_file_row f = {notice_id,
                                    answer_seq,
                                    seq,
                                    xy_sqlite_text(q, 0),
                                    xy_sqlite_text(q, 1),
                                    sqlite3_column_int64(q, 2),
                                    sqlite3_column_blob(q, 3),
                                    sqlite3_column_blob(q, 4)};
        cb(ctx, &f);
    }
    int rc = finish(s, q, r, "read answer file", err);
    if (!rc && !found)
        rc = xy_error_set(err, XY_ENOTFOUND, "没有此附件 (no such file)");
    return rc;
}
