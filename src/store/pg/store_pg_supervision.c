/* SPDX-License-Identifier: Apache-2.0 */
/* PostgreSQL back end: supervision notices (store.h, sup_activity .. sup_file), as
 * store_sqlite_supervision.c. No state name is written into the SQL: the caller passes them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg/store_pg_int.h"

#define STATES_MAX 6

enum {
    S_ACTIVITY = 352,
    S_OVERDUE,
    S_RAISE,
    S_GET,
    S_LIST,
    S_UPDATE,
    S_STATE,
    S_COUNT,
    S_LOCK,
    S_ANSWER_ADD,
    S_FILE_ADD,
    S_VERDICT,
    S_ANSWERS,
    S_FILES,
    S_FILE,
    S__END
};
_Static_assert(S__END <= XY_PG_STMTS, "store_pg_supervision.c statements use ids 352..383");

#define NOTICE_COLS                                                                                \
    "SELECT n.id, n.rule, n.dept_id, d.uscc, d.name, n.period, n.subject, n.facts, n.state, n.level, n.number, " \
    "n.raised_at, n.reviewed_at, COALESCE(n.reviewed_by, 0), n.reason, n.sent_at, n.due, n.escalated_at, "       \
    "n.updated_at FROM sup_notice n JOIN dept d ON d.id = n.dept_id "

static const char *const stmt_sql[S__END] = {
    [S_ACTIVITY] = "SELECT d.id, d.uscc, d.name, d.created_at, "
                   "(SELECT max(b.finished_at) FROM batch b WHERE b.dept_id = d.id) FROM dept d ORDER BY d.uscc",
    [S_OVERDUE] = "SELECT c.kind, c.id, c.dept_id, d.uscc, c.due, c.filed_at FROM claim c JOIN dept d ON d.id = c.dept_id "
                  "WHERE c.due IS NOT NULL AND c.due < $1 AND ((c.kind = 'objection' AND c.state = $2) OR "
                  "(c.kind = 'repair' AND c.state = $3)) "
                  "UNION ALL "
                  "SELECT 'feedback', k.id, d.id, d.uscc, k.feedback_due, k.at FROM checks k "
                  "JOIN dept d ON d.uscc = k.dept_uscc "
                  "WHERE k.feedback_due < $1 AND NOT EXISTS (SELECT 1 FROM check_feedback f WHERE f.check_id = k.id)",
    [S_RAISE] = "INSERT INTO sup_notice(rule, dept_id, period, subject, facts, state, level, raised_at, updated_at) "
                "VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7) ON CONFLICT (rule, dept_id, period, subject) DO NOTHING "
                "RETURNING id",
    [S_GET] = NOTICE_COLS "WHERE n.id = $1",
    [S_LIST] = NOTICE_COLS "WHERE ($1::bigint = 0 OR n.dept_id = $1) AND n.id > $2 "
               "AND ($3::text IS NULL OR (n.due IS NOT NULL AND n.due < $3)) "
               "AND ($4::text IS NULL OR n.sent_at >= $4) AND ($5::text IS NULL OR n.sent_at < $5) "
               "AND ($6::text IS NULL OR n.state IN ($6, $7, $8, $9, $10, $11)) ORDER BY n.id LIMIT $12",
    [S_UPDATE] = "UPDATE sup_notice SET state = $2, level = $3, number = $4, reviewed_at = $5, "
                 "reviewed_by = NULLIF($6::bigint, 0), reason = $7, sent_at = $8, due = $9, escalated_at = $10, "
                 "updated_at = $11 WHERE id = $1 AND state = $12",
    [S_STATE] = "SELECT state FROM sup_notice WHERE id = $1",
    [S_COUNT] = "SELECT count(*) FROM sup_notice WHERE number IS NOT NULL "
                "AND substr(number, 1, length($1::text)) = $1",
    /* An answer is numbered max + 1: the notice row is locked first, so that two writers take turns. */
    [S_LOCK] = "SELECT id FROM sup_notice WHERE id = $1 FOR UPDATE",
    [S_ANSWER_ADD] = "INSERT INTO sup_answer(notice_id, seq, at, key_id, role, text) "
                     "SELECT $1, COALESCE(max(seq), 0) + 1, $2, $3, $4, $5 FROM sup_answer WHERE notice_id = $1 "
                     "RETURNING seq",
    [S_FILE_ADD] = "INSERT INTO sup_file(notice_id, answer_seq, seq, name, media_type, size, sha256, data) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    [S_VERDICT] = "UPDATE sup_answer SET verdict = $3, verdict_note = $4, verdict_at = $5 "
                  "WHERE notice_id = $1 AND seq = $2 AND verdict IS NULL",
    [S_ANSWERS] = "SELECT seq, at, key_id, role, text, verdict, verdict_note, verdict_at FROM sup_answer "
                  "WHERE notice_id = $1 ORDER BY seq",
    [S_FILES] = "SELECT answer_seq, seq, name, media_type, size, sha256 FROM sup_file WHERE notice_id = $1 "
                "ORDER BY answer_seq, seq",
    [S_FILE] = "SELECT name, media_type, size, sha256, data FROM sup_file WHERE notice_id = $1 AND answer_seq = $2 "
               "AND seq = $3",
};

static PGresult *run(struct xy_store *st, int id, const struct pg_args *a, struct xy_error *err, const char *what)
{
    return xy_pg_run(xy_pg_of(st), id, stmt_sql[id], a, err, what);
}

static long touched(struct xy_store *st, int id, const struct pg_args *a, struct xy_error *err, const char *what)
{
    PGresult *res = run(st, id, a, err, what);
    if (!res)
        return -1;
    long n = strtol(PQcmdTuples(res), NULL, 10);
    PQclear(res);
    return n;
}

int xy_pg_sup_activity(struct xy_store *st, xy_sup_activity_cb cb, void *ctx, struct xy_error *err)
{
    PGresult *res = run(st, S_ACTIVITY, NULL, err, "read department activity");
    if (!res)
        return xy_pg_failed(err);
    for (int i = 0; i < PQntuples(res); i++) {
        struct xy_sup_activity a = {xy_pg_i64(res, i, 0), xy_pg_str(res, i, 1), xy_pg_str(res, i, 2),
                                    xy_pg_str(res, i, 3), xy_pg_str(res, i, 4)};
        if (cb(ctx, &a))
            break;
    }
    PQclear(res);
    return XY_OK;
}

int xy_pg_sup_overdue(struct xy_store *st, const struct xy_sup_overdue_q *q, xy_sup_overdue_cb cb, void *ctx,
                      struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, q->today);
    xy_pg_text(&a, q->obj_state);
    xy_pg_text(&a, q->rep_state);
    PGresult *res = run(st, S_OVERDUE, &a, err, "read overdue work");
    if (!res)
        return xy_pg_failed(err);
    for (int i = 0; i < PQntuples(res); i++) {
        struct xy_sup_overdue o = {xy_pg_str(res, i, 0), xy_pg_i64(res, i, 1), xy_pg_i64(res, i, 2),
                                   xy_pg_str(res, i, 3), xy_pg_str(res, i, 4), xy_pg_str(res, i, 5)};
        if (cb(ctx, &o))
            break;
    }
    PQclear(res);
    return XY_OK;
}

int xy_pg_sup_raise(struct xy_store *st, const struct xy_sup_row *n, int64_t *id, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, n->rule);
    xy_pg_int(&a, n->dept_id);
    xy_pg_text(&a, n->period);
    xy_pg_text(&a, n->subject);
    xy_pg_text(&a, n->facts);
    xy_pg_text(&a, n->state);
    xy_pg_text(&a, n->raised_at);
    PGresult *res = run(st, S_RAISE, &a, err, "raise notice");
    if (!res)
        return xy_pg_failed(err);
    *id = PQntuples(res) ? xy_pg_i64(res, 0, 0) : 0;
    PQclear(res);
    return XY_OK;
}

static int notices(PGresult *res, xy_sup_cb cb, void *ctx)
{
    int n = PQntuples(res);
    for (int i = 0; i < n; i++) {
        struct xy_sup_row r = {.id = xy_pg_i64(res, i, 0),
                               .rule = xy_pg_str(res, i, 1),
                               .dept_id = xy_pg_i64(res, i, 2),
                               .dept_uscc = xy_pg_str(res, i, 3),
                               .dept_name = xy_pg_str(res, i, 4),
                               .period = xy_pg_str(res, i, 5),
                               .subject = xy_pg_str(res, i, 6),
                               .facts = xy_pg_str(res, i, 7),
                               .state = xy_pg_str(res, i, 8),
                               .level = (int)xy_pg_i64(res, i, 9),
                               .number = xy_pg_str(res, i, 10),
                               .raised_at = xy_pg_str(res, i, 11),
                               .reviewed_at = xy_pg_str(res, i, 12),
                               .reviewed_by = xy_pg_i64(res, i, 13),
                               .reason = xy_pg_str(res, i, 14),
                               .sent_at = xy_pg_str(res, i, 15),
                               .due = xy_pg_str(res, i, 16),
                               .escalated_at = xy_pg_str(res, i, 17),
                               .updated_at = xy_pg_str(res, i, 18)};
        if (cb(ctx, &r))
            break;
    }
    PQclear(res);
    return n;
}

int xy_pg_sup_get(struct xy_store *st, int64_t id, xy_sup_cb cb, void *ctx, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, id);
    PGresult *res = run(st, S_GET, &a, err, "read notices");
    if (!res)
        return xy_pg_failed(err);
    if (notices(res, cb, ctx))
        return XY_OK;
    return xy_error_set(err, XY_ENOTFOUND, "没有此督办通知 (no such notice: %lld)", (long long)id);
}

int xy_pg_sup_list(struct xy_store *st, const struct xy_sup_filter *f, xy_sup_cb cb, void *ctx, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, f->dept_id > 0 ? f->dept_id : 0);
    xy_pg_int(&a, f->after);
    xy_pg_text(&a, f->due_before);
    xy_pg_text(&a, f->sent_from);
    xy_pg_text(&a, f->sent_to);
    int end = !f->states;
    for (int i = 0; i < STATES_MAX; i++) {
        end = end || !f->states[i];
        xy_pg_text(&a, end ? NULL : f->states[i]);
    }
    if (f->limit > 0)
        xy_pg_int(&a, f->limit);
    else
        xy_pg_text(&a, NULL);
    PGresult *res = run(st, S_LIST, &a, err, "read notices");
    if (!res)
        return xy_pg_failed(err);
    notices(res, cb, ctx);
    return XY_OK;
}

int xy_pg_sup_update(struct xy_store *st, const struct xy_sup_row *n, const char *from, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, n->id);
    xy_pg_text(&a, n->state);
    xy_pg_int(&a, n->level);
    xy_pg_text(&a, n->number);
    xy_pg_text(&a, n->reviewed_at);
    xy_pg_int(&a, n->reviewed_by);
    xy_pg_text(&a, n->reason);
    xy_pg_text(&a, n->sent_at);
    xy_pg_text(&a, n->due);
    xy_pg_text(&a, n->escalated_at);
    xy_pg_text(&a, n->updated_at);
    xy_pg_text(&a, from);
    long changed = touched(st, S_UPDATE, &a, err, "update notice");
    if (changed < 0)
        return xy_pg_failed(err);
    if (changed)
        return XY_OK;
    /* nothing changed: no such notice, or it moved on meanwhile */
    struct pg_args b = {0};
    xy_pg_int(&b, n->id);
    PGresult *res = run(st, S_STATE, &b, err, "read notice state");
    if (!res)
        return xy_pg_failed(err);
    int rc = PQntuples(res)
                 ? xy_error_set(err, XY_ESTATE, "督办通知 %lld 的状态已是 %s (notice %lld is %s now)", (long long)n->id,
                                PQgetvalue(res, 0, 0), (long long)n->id, PQgetvalue(res, 0, 0))
                 : xy_error_set(err, XY_ENOTFOUND, "没有此督办通知 (no such notice: %lld)", (long long)n->id);
    PQclear(res);
    return rc;
}

int xy_pg_sup_count_numbered(struct xy_store *st, const char *prefix, int64_t *n, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, prefix);
    PGresult *res = run(st, S_COUNT, &a, err, "count notice numbers");
    if (!res)
        return xy_pg_failed(err);
    *n = xy_pg_i64(res, 0, 0);
    PQclear(res);
    return XY_OK;
}

int xy_pg_sup_answer_add(struct xy_store *st, const struct xy_sup_answer_row *an, const struct xy_sup_file_row *files,
                         size_t nfiles, int *seq, struct xy_error *err)
{
    struct pg_args a = {0};
    int rc;
    *seq = 0;
    xy_pg_int(&a, an->notice_id);
    if (xy_pg_in_tx(xy_pg_of(st)) &&
        (rc = xy_pg_exec(xy_pg_of(st), S_LOCK, stmt_sql[S_LOCK], &a, err, "lock notice")))
        return rc;
    xy_pg_text(&a, an->at);
    xy_pg_int(&a, an->key_id);
    xy_pg_text(&a, an->role);
    xy_pg_text(&a, an->text);
    PGresult *res = run(st, S_ANSWER_ADD, &a, err, "store answer");
    if (!res)
        return xy_pg_failed(err);
    *seq = (int)xy_pg_i64(res, 0, 0);
    PQclear(res);
    for (size_t i = 0; i < nfiles; i++) {
        const struct xy_sup_file_row *f = &files[i];
        struct pg_args b = {0};
        xy_pg_int(&b, an->notice_id);
        xy_pg_int(&b, *seq);
        xy_pg_int(&b, (int64_t)i + 1);
        xy_pg_text(&b, f->name);
        xy_pg_text(&b, f->media_type);
        xy_pg_int(&b, f->size);
        xy_pg_blob(&b, f->sha256, 32);
        xy_pg_blob(&b, f->data ? f->data : "", (size_t)f->size);
        if ((rc = xy_pg_exec(xy_pg_of(st), S_FILE_ADD, stmt_sql[S_FILE_ADD], &b, err, "store answer file")))
            return rc;
    }
    return XY_OK;
}

int xy_pg_sup_verdict(struct xy_store *st, int64_t notice_id, int seq, const char *verdict, const char *note,
                      const char *at, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, notice_id);
    xy_pg_int(&a, seq);
    xy_pg_text(&a, verdict);
    xy_pg_text(&a, note);
    xy_pg_text(&a, at);
    long n = touched(st, S_VERDICT, &a, err, "judge answer");
    if (n < 0)
        return xy_pg_failed(err);
    return n ? XY_OK
             : xy_error_set(err, XY_ESTATE, "此答复已有结论或不存在 (the answer has a verdict already, or none exists)");
}

int xy_pg_sup_answers(struct xy_store *st, int64_t notice_id, xy_sup_answer_cb acb, xy_sup_file_cb fcb, void *ctx,
                      struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, notice_id);
    PGresult *res = run(st, S_ANSWERS, &a, err, "read answers");
    if (!res)
        return xy_pg_failed(err);
    int stop = 0;
    for (int i = 0; i < PQntuples(res) && !stop; i++) {
        struct xy_sup_answer_row r = {notice_id,           (int)xy_pg_i64(res, i, 0), xy_pg_str(res, i, 1),
                                      xy_pg_i64(res, i, 2), xy_pg_str(res, i, 3),      xy_pg_str(res, i, 4),
                                      xy_pg_str(res, i, 5), xy_pg_str(res, i, 6),      xy_pg_str(res, i, 7)};
        stop = acb(ctx, &r);
    }
    PQclear(res);
    if (stop || !fcb)
        return XY_OK;
    if (!(res = run(st, S_FILES, &a, err, "read answer files")))
        return xy_pg_failed(err);
    for (int i = 0; i < PQntuples(res); i++) {
        size_t hl;
        uint8_t *sha = xy_pg_bytes(res, i, 5, &hl);
        struct xy_sup_file_row f = {notice_id,           (int)xy_pg_i64(res, i, 0), (int)xy_pg_i64(res, i, 1),
                                    xy_pg_str(res, i, 2), xy_pg_str(res, i, 3),      xy_pg_i64(res, i, 4),
                                    sha,                  NULL};
        int halt = fcb(ctx, &f);
        PQfreemem(sha);
        if (halt)
            break;
    }
    PQclear(res);
    return XY_OK;
}

int xy_pg_sup_file(struct xy_store *st, int64_t notice_id, int answer_seq, int seq, xy_sup_file_cb cb, void *ctx,
                   struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, notice_id);
    xy_pg_int(&a, answer_seq);
    xy_pg_int(&a, seq);
    PGresult *res = run(st, S_FILE, &a, err, "read answer file");
    if (!res)
        return xy_pg_failed(err);
    int found = PQntuples(res) == 1;
    if (found) {
        size_t hl, dl;
        uint8_t *sha = xy_pg_bytes(res, 0, 3, &hl), *data = xy_pg_bytes(res, 0, 4, &dl);
        struct xy_sup_file_row f = {notice_id,           answer_seq, seq, xy_pg_str(res, 0, 0), xy_pg_str(res, 0, 1),
                                    xy_pg_i64(res, 0, 2), sha,        data};
        cb(ctx, &f);
        PQfreemem(sha);
        PQfreemem(data);
    }
    PQclear(res);
    return found ? XY_OK : xy_error_set(err, XY_ENOTFOUND, "没有此附件 (no such file)");
}
