/* SPDX-License-Identifier: Apache-2.0 */
/* SQLite back end: joint reward and punishment (matters, memoranda, measures, checks, feedback) and
 * the subject access history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xy_alloc.h"
#include "store/sqlite/store_sqlite_int.h"

enum {
    J_MATTER_PUT = 32,
    J_MATTER_EXISTS,
    J_POLICY_GEN,
    J_MEMO_CURRENT,
    J_MEMO_RETIRE,
    J_MEMO_INSERT,
    J_MEASURE_INSERT,
    J_MEASURES,
    J_ENTRIES_SUBJECT,
    J_ENTRIES_REP,
    J_CHECK_ADD,
    J_CHECK_GET,
    J_FEEDBACK,
    J_ACCESS,
    J_STAT_CHECKS,
    J_STAT_FEEDBACK,
    J_STAT_BY_DEPT,
    J_STAT_BY_MEMO,
    J_STAT_DEPTS,
    J_STAT_OVERDUE,
    J_CASE_APPLIED,
    J_CASE_ADD,
    J_CASES,
    J_MATTERS,
    J_MATTER_DEPT,
    J__END
};

_Static_assert(J__END <= 64, "jrp statements use aux[32..63]");

/* The list classes and the statuses in force come from the caller (the catalogue and the core):
 * XY_LIST_CLASSES_MAX and two slots, the unused bound to NULL, so one statement serves any catalogue. */
#define LIST_FILTER " AND r.class IN (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) AND r.status IN (?10, ?11)"
_Static_assert(XY_LIST_CLASSES_MAX == 8, "LIST_FILTER binds 8 classes");

static const char *const sql[J__END] = {
    [J_MATTER_PUT] = "INSERT INTO matter(code, name, dept_uscc) VALUES (?, ?, ?) "
                     "ON CONFLICT (code) DO UPDATE SET name = excluded.name, dept_uscc = excluded.dept_uscc",
    [J_MATTER_EXISTS] = "SELECT 1 FROM matter WHERE code = ?",
    [J_MATTER_DEPT] = "SELECT dept_uscc FROM matter WHERE code = ?",
    [J_POLICY_GEN] = "SELECT n FROM policy_gen WHERE id = 1",
    [J_MATTERS] = "SELECT code, name, dept_uscc FROM matter ORDER BY code",
    [J_MEMO_CURRENT] = "SELECT id, version, body FROM memo WHERE doc_no = ? AND is_current = 1",
    [J_MEMO_RETIRE] = "UPDATE memo SET is_current = 0 WHERE doc_no = ? AND is_current = 1",
    [J_MEMO_INSERT] = "INSERT INTO memo(doc_no, version, is_current, title, signed_on, signers, target_class, "
                      "target_domain, body, loaded_at) VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?)",
    [J_MEASURE_INSERT] = "INSERT INTO measure(memo_id, code, kind, action, text, legal_basis, depts, matters, "
                         "valid_from, valid_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [J_MEASURES] = "SELECT x.id, x.memo_id, m.doc_no, m.title, m.target_class, m.target_domain, x.code, x.kind, "
                   "x.action, x.text, x.legal_basis, x.depts, x.matters, x.valid_from, x.valid_to "
                   "FROM measure x JOIN memo m ON m.id = x.memo_id "
                   "WHERE m.is_current = 1 AND m.target_class = ? ORDER BY x.id",
    [J_ENTRIES_SUBJECT] = "SELECT " REC_COLS " FROM record r JOIN dept d ON d.id = r.dept_id "
                          "WHERE r.subject_id = ?1 AND r.is_current = 1" LIST_FILTER " ORDER BY r.id",
    [J_ENTRIES_REP] = "SELECT " REC_COLS " FROM record r JOIN dept d ON d.id = r.dept_id "
                      "WHERE r.rep_hash = ?1 AND r.is_current = 1" LIST_FILTER " ORDER BY r.id",
    [J_CHECK_ADD] = "INSERT INTO checks(at, key_id, dept_uscc, matter, subject_id, hits, answer, feedback_due) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    [J_CHECK_GET] = "SELECT id, at, key_id, dept_uscc, matter, subject_id, hits, answer, feedback_due "
                    "FROM checks WHERE id = ?",
    [J_FEEDBACK] = "INSERT INTO check_feedback(check_id, measure_id, applied, reason, outcome, at) "
                   "VALUES (?, ?, ?, ?, ?, ?)",
    [J_ACCESS] = "INSERT INTO subject_access(subject_id, at, key_id, role, dept_uscc, purpose, object, grant_id) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, nullif(?, 0))",
    [J_STAT_CHECKS] = "SELECT count(*) AS total, coalesce(sum(hits > 0), 0) AS with_hits FROM checks WHERE at >= ? AND at < ?",
    [J_STAT_FEEDBACK] = "SELECT count(DISTINCT f.check_id) AS checks_answered, coalesce(sum(f.applied), 0) AS measures_applied "
                        "FROM check_feedback f "
                        "JOIN checks c ON c.id = f.check_id WHERE c.at >= ? AND c.at < ?",
    [J_STAT_BY_DEPT] = "SELECT c.dept_uscc, count(*) FROM check_feedback f JOIN checks c ON c.id = f.check_id "
                       "WHERE f.applied = 1 AND c.at >= ? AND c.at < ? GROUP BY c.dept_uscc ORDER BY 2 DESC",
    [J_STAT_BY_MEMO] = "SELECT m.doc_no, count(*) FROM check_feedback f JOIN checks c ON c.id = f.check_id "
                       "JOIN measure x ON x.id = f.measure_id JOIN memo m ON m.id = x.memo_id "
                       "WHERE f.applied = 1 AND c.at >= ? AND c.at < ? GROUP BY m.doc_no ORDER BY 2 DESC",
    [J_STAT_DEPTS] = "SELECT count(*) AS taking_part FROM (SELECT c.dept_uscc FROM checks c WHERE c.at >= ? AND c.at < ? "
                     "UNION SELECT c.dept_uscc FROM check_feedback f JOIN checks c ON c.id = f.check_id "
                     "WHERE f.at >= ? AND f.at < ?)",
    [J_CASE_APPLIED] = "SELECT 1 FROM check_feedback WHERE check_id = ? AND measure_id = ? AND applied = 1",
    [J_CASE_ADD] = "INSERT INTO jrp_case(check_id, measure_id, title, summary, published_at, published_by) "
                   "VALUES (?, ?, ?, ?, ?, ?)",
    [J_CASES] = "SELECT k.id, k.title, k.summary, k.published_at, x.kind, x.action, x.text, x.legal_basis, m.doc_no, "
                "m.title, c.dept_uscc, c.matter, s.kind, s.name, s.uscc, f.at, f.outcome "
                "FROM jrp_case k JOIN checks c ON c.id = k.check_id JOIN measure x ON x.id = k.measure_id "
                "JOIN memo m ON m.id = x.memo_id "
                "JOIN check_feedback f ON f.check_id = k.check_id AND f.measure_id = k.measure_id "
                "LEFT JOIN subject s ON s.id = c.subject_id WHERE k.id > ? ORDER BY k.id LIMIT ?",
    [J_STAT_OVERDUE] = "SELECT count(*) AS checks FROM checks c WHERE c.hits > 0 AND c.feedback_due < ? AND c.at >= ? "
                       "AND c.at < ? AND NOT EXISTS (SELECT 1 FROM check_feedback f WHERE f.check_id = c.id)",
};

static sqlite3_stmt *prep(struct sqlite_store *s, int id, struct xy_error *err)
{
    return xy_sqlite_stmt(s, &s->aux[id], sql[id], err);
}

#define FAIL_RC(err) ((err) && (err)->rc ? (err)->rc : XY_EDB)
#define S(st) ((struct sqlite_store *)(st))

int xy_sqlite_matter_put(struct xy_store *st, const char *code, const char *name, const char *dept_uscc,
                         struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), J_MATTER_PUT, err);
    if (!q)
        return FAIL_RC(err);
    xy_sqlite_bind_text(q, 1, code);
    xy_sqlite_bind_text(q, 2, name);
    xy_sqlite_bind_text(q, 3, dept_uscc);
    return xy_sqlite_run(S(st), q, err, "store matter");
}

int xy_sqlite_matters_list(struct xy_store *st, xy_subject_cb cb, void *ctx, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), J_MATTERS, err);
    if (!q)
        return FAIL_RC(err);
    int r;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        struct xy_subject_row m = {.uscc = (const char *)sqlite3_column_text(q, 0),
                                   .name = (const char *)sqlite3_column_text(q, 1),
                                   .regno = (const char *)sqlite3_column_text(q, 2)};
        if (cb(ctx, &m))
            break;
    }
    sqlite3_reset(q);
    return r == SQLITE_ROW || r == SQLITE_DONE ? XY_OK : xy_sqlite_err(S(st), err, "list matters");
}

int xy_sqlite_matter_exists(struct xy_store *st, const char *code)
{
    sqlite3_stmt *q = prep(S(st), J_MATTER_EXISTS, NULL);
    if (!q)
        return 0;
    xy_sqlite_bind_text(q, 1, code);
    int found = sqlite3_step(q) == SQLITE_ROW;
    sqlite3_reset(q);
    return found;
}

int xy_sqlite_matter_dept(struct xy_store *st, const char *code, char dept[19], struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), J_MATTER_DEPT, err);
    dept[0] = '\0';
    if (!q)
        return FAIL_RC(err);
    xy_sqlite_bind_text(q, 1, code);
    int r = sqlite3_step(q);
    if (r == SQLITE_ROW && sqlite3_column_text(q, 0))
        snprintf(dept, 19, "%s", (const char *)sqlite3_column_text(q, 0));
    sqlite3_reset(q);
    if (r == SQLITE_DONE)
        return xy_error_set(err, XY_ENOTFOUND, "没有事项 %1$.64s (no matter %1$.64s)", code);
    return r == SQLITE_ROW ? XY_OK : xy_sqlite_err(S(st), err, "read matter");
}

int xy_sqlite_policy_gen(struct xy_store *st, int64_t *gen, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), J_POLICY_GEN, err);
    if (!q)
        return FAIL_RC(err);
    int r = sqlite3_step(q), rc = XY_OK;
    if (r == SQLITE_ROW)
        *gen = sqlite3_column_int64(q, 0);
    else
        rc = r == SQLITE_DONE ? xy_error_set(err, XY_EDB, "the policy counter is missing")
                              : xy_sqlite_err(S(st), err, "read the policy counter");
    sqlite3_reset(q);
    return rc;
}

int xy_sqlite_memo_current(struct xy_store *st, const char *doc_no, int64_t *id, int *version, char **body,
                           struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), J_MEMO_CURRENT, err);
    *body = NULL;
    if (!q)
        return FAIL_RC(err);
    xy_sqlite_bind_text(q, 1, doc_no);
    int r = sqlite3_step(q);
    if (r == SQLITE_ROW) {
        *id = sqlite3_column_int64(q, 0);
        *version = sqlite3_column_int(q, 1);
        *body = xy_strdup((const char *)sqlite3_column_text(q, 2));
    }
    sqlite3_reset(q);
    if (r == SQLITE_DONE)
        return XY_ENOTFOUND;
    if (r != SQLITE_ROW)
        return xy_sqlite_err(S(st), err, "read memorandum");
    return *body ? XY_OK : xy_error_set(err, XY_ENOMEM, "out of memory");
}

int xy_sqlite_memo_put(struct xy_store *st, const struct xy_memo_row *m, int64_t *id, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), J_MEMO_RETIRE, err);
    int rc;
    if (!q)
        return FAIL_RC(err);
    xy_sqlite_bind_text(q, 1, m->doc_no);
    if ((rc = xy_sqlite_run(S(st), q, err, "retire memorandum")))
        return rc;
    if (!(q = prep(S(st), J_MEMO_INSERT, err)))
        return FAIL_RC(err);
    xy_sqlite_bind_text(q, 1, m->doc_no);
    sqlite3_bind_int(q, 2, m->version);
    xy_sqlite_bind_text(q, 3, m->title);
    xy_sqlite_bind_text(q, 4, m->signed_on);
    xy_sqlite_bind_text(q, 5, m->signers);
    xy_sqlite_bind_text(q, 6, m->target_class);
    xy_sqlite_bind_text(q, 7, m->target_domain);
    xy_sqlite_bind_text(q, 8, m->body);
    xy_sqlite_bind_text(q, 9, m->loaded_at);
    if ((rc = xy_sqlite_run(S(st), q, err, "store memorandum")))
        return rc;
    *id = sqlite3_last_insert_rowid(S(st)->db);
    return XY_OK;
}

int xy_sqlite_measure_put(struct xy_store *st, const struct xy_measure_row *m, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), J_MEASURE_INSERT, err);
    if (!q)
        return FAIL_RC(err);
    sqlite3_bind_int64(q, 1, m->memo_id);
    xy_sqlite_bind_text(q, 2, m->code);
    xy_sqlite_bind_text(q, 3, m->kind);
    xy_sqlite_bind_text(q, 4, m->action);
    xy_sqlite_bind_text(q, 5, m->text);
    xy_sqlite_bind_text(q, 6, m->legal_basis);
    xy_sqlite_bind_text(q, 7, m->depts);
    xy_sqlite_bind_text(q, 8, m->matters);
    xy_sqlite_bind_text(q, 9, m->valid_from);
    xy_sqlite_bind_text(q, 10, m->valid_to);
    return xy_sqlite_run(S(st), q, err, "store measure");
}

static const char *col(sqlite3_stmt *q, int i)
{
    return (const char *)sqlite3_column_text(q, i);
}

int xy_sqlite_measures_current(struct xy_store *st, const char *target_class, xy_measure_cb cb, void *ctx,
                               struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), J_MEASURES, err);
    if (!q)
        return FAIL_RC(err);
    xy_sqlite_bind_text(q, 1, target_class);
    int r;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        struct xy_measure_row m = {
            .id = sqlite3_column_int64(q, 0),
            .memo_id = sqlite3_column_int64(q, 1),
            .memo_doc_no = col(q, 2),
            .memo_title = col(q, 3),
            .target_class = col(q, 4),
            .target_domain = col(q, 5),
            .code = col(q, 6),
            .kind = col(q, 7),
            .action = col(q, 8),
            .text = col(q, 9),
            .legal_basis = col(q, 10),
            .depts = col(q, 11),
            .matters = col(q, 12),
            .valid_from = col(q, 13),
            .valid_to = col(q, 14),
        };
        if (cb(ctx, &m))
            break;
    }
    sqlite3_reset(q);
    return r == SQLITE_ROW || r == SQLITE_DONE ? XY_OK : xy_sqlite_err(S(st), err, "read measures");
}

int xy_sqlite_list_entries(struct xy_store *st, int64_t subject_id, const uint8_t *rep_hash,
                           const struct xy_list_filter *f, xy_record_cb cb, void *ctx, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), subject_id > 0 ? J_ENTRIES_SUBJECT : J_ENTRIES_REP, err);
    if (!q)
        return FAIL_RC(err);
    if (subject_id > 0)
        sqlite3_bind_int64(q, 1, subject_id);
    else
        sqlite3_bind_blob(q, 1, rep_hash, 32, SQLITE_STATIC);
    int end = 0;
    for (int i = 0; i < XY_LIST_CLASSES_MAX; i++) {
        end = end || !f->classes[i];
        xy_sqlite_bind_text(q, 2 + i, end ? NULL : f->classes[i]);
    }
    end = 0;
    for (int i = 0; i < 2; i++) {
        end = end || !f->statuses[i];
        xy_sqlite_bind_text(q, 10 + i, end ? NULL : f->statuses[i]);
    }
    return xy_sqlite_each_record(S(st), q, cb, ctx, err);
}

int xy_sqlite_check_add(struct xy_store *st, const struct xy_check_row *c, int64_t *id, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), J_CHECK_ADD, err);
    int rc;
    if (!q)
        return FAIL_RC(err);
    xy_sqlite_bind_text(q, 1, c->at);
    sqlite3_bind_int64(q, 2, c->key_id);
    xy_sqlite_bind_text(q, 3, c->dept_uscc);
    xy_sqlite_bind_text(q, 4, c->matter);
    if (c->subject_id > 0)
        sqlite3_bind_int64(q, 5, c->subject_id);
    sqlite3_bind_int(q, 6, c->hits);
    xy_sqlite_bind_text(q, 7, c->answer);
    xy_sqlite_bind_text(q, 8, c->feedback_due);
    if ((rc = xy_sqlite_run(S(st), q, err, "store check")))
        return rc;
    *id = sqlite3_last_insert_rowid(S(st)->db);
    return XY_OK;
}

int xy_sqlite_check_get(struct xy_store *st, int64_t id, struct xy_check_row *out, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), J_CHECK_GET, err);
    if (!q)
        return FAIL_RC(err);
    sqlite3_bind_int64(q, 1, id);
    int r = sqlite3_step(q);
    if (r == SQLITE_DONE) {
        sqlite3_reset(q);
        return xy_error_set(err, XY_ENOTFOUND, "没有编号为 %lld 的核查 (no check %lld)", (long long)id, (long long)id);
    }
    if (r != SQLITE_ROW) {
        sqlite3_reset(q);
        return xy_sqlite_err(S(st), err, "read check");
    }
    /* Copied out and the statement reset at once: a statement left on its row keeps its read snapshot
     * after the transaction ends, and once another program commits, the writer's next BEGIN
     * IMMEDIATE fails at once (SQLITE_BUSY_SNAPSHOT). */
    static const int text[] = {1, 3, 4, 7, 8};
    const char **to[] = {&out->at, &out->dept_uscc, &out->matter, &out->answer, &out->feedback_due};
    size_t len[5], total = 0;
    for (size_t i = 0; i < 5; i++)
        total += (len[i] = col(q, text[i]) ? strlen(col(q, text[i])) + 1 : 0);
    memset(out, 0, sizeof *out);
    if (!(out->mem = xy_malloc(total ? total : 1))) {
        sqlite3_reset(q);
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    }
    char *m = out->mem;
    for (size_t i = 0; i < 5; i++) {
        if (len[i]) {
            memcpy(m, col(q, text[i]), len[i]);
            *to[i] = m;
            m += len[i];
        }
    }
    out->id = sqlite3_column_int64(q, 0);
    out->key_id = sqlite3_column_int64(q, 2);
    out->subject_id = sqlite3_column_int64(q, 5);
    out->hits = sqlite3_column_int(q, 6);
    sqlite3_reset(q);
    return XY_OK;
}

int xy_sqlite_feedback_put(struct xy_store *st, int64_t check_id, int64_t measure_id, int applied, const char *reason,
                           const char *outcome, const char *at, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), J_FEEDBACK, err);
    if (!q)
        return FAIL_RC(err);
    sqlite3_bind_int64(q, 1, check_id);
    sqlite3_bind_int64(q, 2, measure_id);
    sqlite3_bind_int(q, 3, applied);
    xy_sqlite_bind_text(q, 4, reason);
    xy_sqlite_bind_text(q, 5, outcome);
    xy_sqlite_bind_text(q, 6, at);
    int r = sqlite3_step(q);
    sqlite3_reset(q);
    if (r == SQLITE_CONSTRAINT)
        return xy_error_set(err, XY_EEXIST, "核查 %lld 的措施 %lld 已反馈过 (feedback on measure %lld of check %lld was given already)",
                            (long long)check_id, (long long)measure_id, (long long)measure_id, (long long)check_id);
    return r == SQLITE_DONE ? XY_OK : xy_sqlite_err(S(st), err, "store feedback");
}

int xy_sqlite_access_add(struct xy_store *st, int64_t subject_id, const char *at, int64_t key_id, const char *role,
                         const char *dept_uscc, const char *purpose, const char *object, int64_t grant_id,
                         struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), J_ACCESS, err);
    if (!q)
        return FAIL_RC(err);
    sqlite3_bind_int64(q, 1, subject_id);
    xy_sqlite_bind_text(q, 2, at);
    sqlite3_bind_int64(q, 3, key_id);
    xy_sqlite_bind_text(q, 4, role);
    xy_sqlite_bind_text(q, 5, dept_uscc);
    xy_sqlite_bind_text(q, 6, purpose);
    xy_sqlite_bind_text(q, 7, object);
    sqlite3_bind_int64(q, 8, grant_id);
    return xy_sqlite_run(S(st), q, err, "record access");
}

static int stat_rows(struct sqlite_store *s, int id, const char *const *args, int nargs, const char *metric,
                     int keyed, xy_stat_cb cb, void *ctx, struct xy_error *err)
{
    sqlite3_stmt *q = prep(s, id, err);
    if (!q)
        return FAIL_RC(err);
    for (int i = 0; i < nargs; i++)
        xy_sqlite_bind_text(q, i + 1, args[i]);
    int r;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        if (keyed) {
            cb(ctx, metric, col(q, 0), sqlite3_column_int64(q, 1));
        } else {
            for (int c = 0; c < sqlite3_column_count(q); c++)
                cb(ctx, metric, sqlite3_column_name(q, c), sqlite3_column_int64(q, c));
        }
    }
    sqlite3_reset(q);
    return r == SQLITE_DONE ? XY_OK : xy_sqlite_err(s, err, "read figures");
}

int xy_sqlite_jrp_stats(struct xy_store *st, const char *from, const char *to, const char *now, xy_stat_cb cb,
                        void *ctx, struct xy_error *err)
{
    const char *range[] = {from, to}, *range2[] = {from, to, from, to}, *overdue[] = {now, from, to};
    int rc;
    if ((rc = stat_rows(S(st), J_STAT_CHECKS, range, 2, "checks", 0, cb, ctx, err)) ||
        (rc = stat_rows(S(st), J_STAT_FEEDBACK, range, 2, "feedback", 0, cb, ctx, err)) ||
        (rc = stat_rows(S(st), J_STAT_BY_DEPT, range, 2, "applied_by_dept", 1, cb, ctx, err)) ||
        (rc = stat_rows(S(st), J_STAT_BY_MEMO, range, 2, "applied_by_memo", 1, cb, ctx, err)) ||
        (rc = stat_rows(S(st), J_STAT_DEPTS, range2, 4, "departments", 0, cb, ctx, err)) ||
        (rc = stat_rows(S(st), J_STAT_OVERDUE, overdue, 3, "overdue_feedback", 0, cb, ctx, err)))
        return rc;
    return XY_OK;
}

int xy_sqlite_case_add(struct xy_store *st, int64_t check_id, int64_t measure_id, const char *title,
                       const char *summary, const char *at, int64_t by, int64_t *id, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), J_CASE_APPLIED, err);
    if (!q)
        return FAIL_RC(err);
    sqlite3_bind_int64(q, 1, check_id);
    sqlite3_bind_int64(q, 2, measure_id);
    int applied = sqlite3_step(q) == SQLITE_ROW;
    sqlite3_reset(q);
    if (!applied)
        return xy_error_set(err, XY_EINVAL,
                            "据反馈，核查 %lld 未执行措施 %lld，没有可公开的案例 (measure %lld was not applied on check "
                            "%lld, per its feedback: no case to publish)",
                            (long long)check_id, (long long)measure_id, (long long)measure_id, (long long)check_id);
    if (!(q = prep(S(st), J_CASE_ADD, err)))
        return FAIL_RC(err);
    sqlite3_bind_int64(q, 1, check_id);
    sqlite3_bind_int64(q, 2, measure_id);
    xy_sqlite_bind_text(q, 3, title);
    xy_sqlite_bind_text(q, 4, summary);
    xy_sqlite_bind_text(q, 5, at);
    sqlite3_bind_int64(q, 6, by);
    int r = sqlite3_step(q);
    sqlite3_reset(q);
    if (r == SQLITE_CONSTRAINT)
        return xy_error_set(err, XY_EEXIST, "此案例已经公开 (this case is published already)");
    if (r != SQLITE_DONE)
        return xy_sqlite_err(S(st), err, "publish case");
    *id = sqlite3_last_insert_rowid(S(st)->db);
    return XY_OK;
}

int xy_sqlite_cases_page(struct xy_store *st, int64_t after, int limit, xy_case_cb cb, void *ctx,
                         struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), J_CASES, err);
    if (!q)
        return FAIL_RC(err);
    sqlite3_bind_int64(q, 1, after);
    sqlite3_bind_int(q, 2, limit > 0 ? limit : -1);
    int r;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        struct xy_case_row c = {
            .id = sqlite3_column_int64(q, 0), .title = col(q, 1), .summary = col(q, 2), .published_at = col(q, 3),
            .kind = col(q, 4), .action = col(q, 5), .measure_text = col(q, 6), .legal_basis = col(q, 7),
            .memo_doc_no = col(q, 8), .memo_title = col(q, 9), .dept_uscc = col(q, 10), .matter = col(q, 11),
            .subject_kind = col(q, 12), .subject_name = col(q, 13), .subject_uscc = col(q, 14),
            .applied_at = col(q, 15), .outcome = col(q, 16),
        };
        if (cb(ctx, &c))
            break;
    }
    sqlite3_reset(q);
    return r == SQLITE_ROW || r == SQLITE_DONE ? XY_OK : xy_sqlite_err(S(st), err, "read cases");
}
