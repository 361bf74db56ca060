/* SPDX-License-Identifier: Apache-2.0 */
/* PostgreSQL back end: joint reward and punishment (matters, memoranda and their measures, checks,
 * feedback, published cases and their figures), the working-day calendar a check's feedback is due
 * by, and the subject access history, as store_sqlite_jrp.c and store_sqlite_rights.c. The policy
 * count moves by triggers (migration 1), as SQLite's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xy_alloc.h"
#include "store/pg/store_pg_int.h"

enum {
    S_MATTER_PUT = 224,
    S_MATTER_EXISTS,
    S_MATTER_DEPT,
    S_MATTERS,
    S_POLICY_GEN,
    S_MEMO_CURRENT,
    S_MEMO_RETIRE,
    S_MEMO_INSERT,
    S_MEASURE_INSERT,
    S_MEASURES,
    S_CHECK_ADD,
    S_CHECK_GET,
    S_FEEDBACK,
    S_ACCESS,
    S_STAT_CHECKS,
    S_STAT_FEEDBACK,
    S_STAT_BY_DEPT,
    S_STAT_BY_MEMO,
    S_STAT_DEPTS,
    S_STAT_OVERDUE,
    S_CASE_APPLIED,
    S_CASE_ADD,
    S_CASES,
    S_CAL_PUT,
    S_CAL_SCAN,
    S__END
};
_Static_assert(S__END <= XY_PG_STMTS, "store_pg_jrp.c statements use ids 224..255");

static const char *const stmt_sql[S__END] = {
    [S_MATTER_PUT] = "INSERT INTO matter(code, name, dept_uscc) VALUES ($1, $2, $3) "
                     "ON CONFLICT (code) DO UPDATE SET name = excluded.name, dept_uscc = excluded.dept_uscc",
    [S_MATTER_EXISTS] = "SELECT 1 FROM matter WHERE code = $1",
    [S_MATTER_DEPT] = "SELECT dept_uscc FROM matter WHERE code = $1",
    [S_MATTERS] = "SELECT code, name, dept_uscc FROM matter ORDER BY code",
    [S_POLICY_GEN] = "SELECT n FROM policy_gen WHERE id = 1",
    [S_MEMO_CURRENT] = "SELECT id, version, body FROM memo WHERE doc_no = $1 AND is_current = 1",
    [S_MEMO_RETIRE] = "UPDATE memo SET is_current = 0 WHERE doc_no = $1 AND is_current = 1",
    [S_MEMO_INSERT] = "INSERT INTO memo(doc_no, version, is_current, title, signed_on, signers, target_class, "
                      "target_domain, body, loaded_at) VALUES ($1, $2, 1, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    [S_MEASURE_INSERT] = "INSERT INTO measure(memo_id, code, kind, action, text, legal_basis, depts, matters, "
                         "valid_from, valid_to) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    [S_MEASURES] = "SELECT x.id, x.memo_id, m.doc_no, m.title, m.target_class, m.target_domain, x.code, x.kind, "
                   "x.action, x.text, x.legal_basis, x.depts, x.matters, x.valid_from, x.valid_to "
                   "FROM measure x JOIN memo m ON m.id = x.memo_id "
                   "WHERE m.is_current = 1 AND m.target_class = $1 ORDER BY x.id",
    [S_CHECK_ADD] = "INSERT INTO checks(at, key_id, dept_uscc, matter, subject_id, hits, answer, feedback_due) "
                    "VALUES ($1, $2, $3, $4, NULLIF($5::bigint, 0), $6, $7, $8) RETURNING id",
    [S_CHECK_GET] = "SELECT id, at, key_id, dept_uscc, matter, subject_id, hits, answer, feedback_due "
                    "FROM checks WHERE id = $1",
    /* Feedback given already is XY_EEXIST without failing the caller's transaction. */
    [S_FEEDBACK] = "INSERT INTO check_feedback(check_id, measure_id, applied, reason, outcome, at) "
                   "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
    [S_ACCESS] = "INSERT INTO subject_access(subject_id, at, key_id, role, dept_uscc, purpose, object, grant_id) "
                 "VALUES ($1, $2, $3, $4, $5, $6, $7, NULLIF($8::bigint, 0))",
    /* The column names are the figures' keys, as SQLite's. */
    [S_STAT_CHECKS] = "SELECT count(*) AS total, COALESCE(sum(CASE WHEN hits > 0 THEN 1 ELSE 0 END), 0) AS with_hits "
                      "FROM checks WHERE at >= $1 AND at < $2",
    [S_STAT_FEEDBACK] = "SELECT count(DISTINCT f.check_id) AS checks_answered, COALESCE(sum(f.applied), 0) "
                        "AS measures_applied FROM check_feedback f JOIN checks c ON c.id = f.check_id "
                        "WHERE c.at >= $1 AND c.at < $2",
    [S_STAT_BY_DEPT] = "SELECT c.dept_uscc, count(*) FROM check_feedback f JOIN checks c ON c.id = f.check_id "
                       "WHERE f.applied = 1 AND c.at >= $1 AND c.at < $2 GROUP BY c.dept_uscc ORDER BY 2 DESC",
    [S_STAT_BY_MEMO] = "SELECT m.doc_no, count(*) FROM check_feedback f JOIN checks c ON c.id = f.check_id "
                       "JOIN measure x ON x.id = f.measure_id JOIN memo m ON m.id = x.memo_id "
                       "WHERE f.applied = 1 AND c.at >= $1 AND c.at < $2 GROUP BY m.doc_no ORDER BY 2 DESC",
    [S_STAT_DEPTS] = "SELECT count(*) AS taking_part FROM (SELECT c.dept_uscc FROM checks c WHERE c.at >= $1 "
                     "AND c.at < $2 UNION SELECT c.dept_uscc FROM check_feedback f JOIN checks c ON c.id = f.check_id "
                     "WHERE f.at >= $3 AND f.at < $4) t",
    [S_STAT_OVERDUE] = "SELECT count(*) AS checks FROM checks c WHERE c.hits > 0 AND c.feedback_due < $1 "
                       "AND c.at >= $2 AND c.at < $3 AND NOT EXISTS (SELECT 1 FROM check_feedback f "
                       "WHERE f.check_id = c.id)",
    [S_CASE_APPLIED] = "SELECT 1 FROM check_feedback WHERE check_id = $1 AND measure_id = $2 AND applied = 1",
    [S_CASE_ADD] = "INSERT INTO jrp_case(check_id, measure_id, title, summary, published_at, published_by) "
                   "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id",
    [S_CASES] = "SELECT k.id, k.title, k.summary, k.published_at, x.kind, x.action, x.text, x.legal_basis, m.doc_no, "
                "m.title, c.dept_uscc, c.matter, s.kind, s.name, s.uscc, f.at, f.outcome "
                "FROM jrp_case k JOIN checks c ON c.id = k.check_id JOIN measure x ON x.id = k.measure_id "
                "JOIN memo m ON m.id = x.memo_id "
                "JOIN check_feedback f ON f.check_id = k.check_id AND f.measure_id = k.measure_id "
                "LEFT JOIN subject s ON s.id = c.subject_id WHERE k.id > $1 ORDER BY k.id LIMIT $2",
    [S_CAL_PUT] = "INSERT INTO calendar_day(day, kind, name_zh, name_en) VALUES ($1, $2, $3, $4) "
                  "ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name_zh = excluded.name_zh, "
                  "name_en = excluded.name_en",
    [S_CAL_SCAN] = "SELECT day, kind, name_zh, name_en FROM calendar_day ORDER BY day",
};

static PGresult *run(struct pg_store *s, int id, const struct pg_args *a, struct xy_error *err, const char *what)
{
    return xy_pg_run(s, id, stmt_sql[id], a, err, what);
}

static int exec(struct xy_store *st, int id, const struct pg_args *a, struct xy_error *err, const char *what)
{
    return xy_pg_exec(xy_pg_of(st), id, stmt_sql[id], a, err, what);
}

/* The rows touched by a write, or -1 with err set. */
static long touched(struct xy_store *st, int id, const struct pg_args *a, struct xy_error *err, const char *what)
{
    PGresult *res = run(xy_pg_of(st), id, a, err, what);
    if (!res)
        return -1;
    long n = strtol(PQcmdTuples(res), NULL, 10);
    PQclear(res);
    return n;
}

int xy_pg_matter_put(struct xy_store *st, const char *code, const char *name, const char *dept_uscc,
                     struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, code);
    xy_pg_text(&a, name);
    xy_pg_text(&a, dept_uscc);
    return exec(st, S_MATTER_PUT, &a, err, "store matter");
}

int xy_pg_matter_exists(struct xy_store *st, const char *code)
{
    struct pg_args a = {0};
    xy_pg_text(&a, code);
    PGresult *res = run(xy_pg_of(st), S_MATTER_EXISTS, &a, NULL, "find matter");
    int found = res && PQntuples(res) > 0;
    PQclear(res);
    return found;
}

int xy_pg_matter_dept(struct xy_store *st, const char *code, char dept[19], struct xy_error *err)
{
    struct pg_args a = {0};
    dept[0] = '\0';
    xy_pg_text(&a, code);
    PGresult *res = run(xy_pg_of(st), S_MATTER_DEPT, &a, err, "read matter");
    if (!res)
        return xy_pg_failed(err);
    int found = PQntuples(res) > 0;
    if (found && xy_pg_str(res, 0, 0))
        snprintf(dept, 19, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    return found ? XY_OK : xy_error_set(err, XY_ENOTFOUND, "no matter %.64s", code);
}

int xy_pg_matters_list(struct xy_store *st, xy_subject_cb cb, void *ctx, struct xy_error *err)
{
    PGresult *res = run(xy_pg_of(st), S_MATTERS, NULL, err, "list matters");
    if (!res)
        return xy_pg_failed(err);
    for (int i = 0; i < PQntuples(res); i++) {
        struct xy_subject_row m = {.uscc = xy_pg_str(res, i, 0), .name = xy_pg_str(res, i, 1),
                                   .regno = xy_pg_str(res, i, 2)};
        if (cb(ctx, &m))
            break;
    }
    PQclear(res);
    return XY_OK;
}

int xy_pg_policy_gen(struct xy_store *st, int64_t *gen, struct xy_error *err)
{
    PGresult *res = run(xy_pg_of(st), S_POLICY_GEN, NULL, err, "read the policy counter");
    if (!res)
        return xy_pg_failed(err);
    int found = PQntuples(res) == 1;
    if (found)
        *gen = xy_pg_i64(res, 0, 0);
    PQclear(res);
    return found ? XY_OK : xy_error_set(err, XY_EDB, "the policy counter is missing");
}

int xy_pg_memo_current(struct xy_store *st, const char *doc_no, int64_t *id, int *version, char **body,
                       struct xy_error *err)
{
    struct pg_args a = {0};
    *body = NULL;
    xy_pg_text(&a, doc_no);
    PGresult *res = run(xy_pg_of(st), S_MEMO_CURRENT, &a, err, "read memorandum");
    if (!res)
        return xy_pg_failed(err);
    if (!PQntuples(res)) {
        PQclear(res);
        return XY_ENOTFOUND;
    }
    *id = xy_pg_i64(res, 0, 0);
    *version = (int)xy_pg_i64(res, 0, 1);
    *body = xy_strdup(PQgetvalue(res, 0, 2));
    PQclear(res);
    return *body ? XY_OK : xy_error_set(err, XY_ENOMEM, "out of memory");
}

int xy_pg_memo_put(struct xy_store *st, const struct xy_memo_row *m, int64_t *id, struct xy_error *err)
{
    struct pg_args a = {0};
    int rc;
    xy_pg_text(&a, m->doc_no);
    if ((rc = exec(st, S_MEMO_RETIRE, &a, err, "retire memorandum")))
        return rc;
    xy_pg_int(&a, m->version);
    xy_pg_text(&a, m->title);
    xy_pg_text(&a, m->signed_on);
    xy_pg_text(&a, m->signers);
    xy_pg_text(&a, m->target_class);
    xy_pg_text(&a, m->target_domain);
    xy_pg_text(&a, m->body);
    xy_pg_text(&a, m->loaded_at);
    PGresult *res = run(xy_pg_of(st), S_MEMO_INSERT, &a, err, "store memorandum");
    if (!res)
        return xy_pg_failed(err);
    *id = xy_pg_i64(res, 0, 0);
    PQclear(res);
    return XY_OK;
}

int xy_pg_measure_put(struct xy_store *st, const struct xy_measure_row *m, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, m->memo_id);
    xy_pg_text(&a, m->code);
    xy_pg_text(&a, m->kind);
    xy_pg_text(&a, m->action);
    xy_pg_text(&a, m->text);
    xy_pg_text(&a, m->legal_basis);
    xy_pg_text(&a, m->depts);
    xy_pg_text(&a, m->matters);
    xy_pg_text(&a, m->valid_from);
    xy_pg_text(&a, m->valid_to);
    return exec(st, S_MEASURE_INSERT, &a, err, "store measure");
}

int xy_pg_measures_current(struct xy_store *st, const char *target_class, xy_measure_cb cb, void *ctx,
                           struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, target_class);
    PGresult *res = run(xy_pg_of(st), S_MEASURES, &a, err, "read measures");
    if (!res)
        return xy_pg_failed(err);
    for (int i = 0; i < PQntuples(res); i++) {
        struct xy_measure_row m = {
            .id = xy_pg_i64(res, i, 0),
            .memo_id = xy_pg_i64(res, i, 1),
            .memo_doc_no = xy_pg_str(res, i, 2),
            .memo_title = xy_pg_str(res, i, 3),
            .target_class = xy_pg_str(res, i, 4),
            .target_domain = xy_pg_str(res, i, 5),
            .code = xy_pg_str(res, i, 6),
            .kind = xy_pg_str(res, i, 7),
            .action = xy_pg_str(res, i, 8),
            .text = xy_pg_str(res, i, 9),
            .legal_basis = xy_pg_str(res, i, 10),
            .depts = xy_pg_str(res, i, 11),
            .matters = xy_pg_str(res, i, 12),
            .valid_from = xy_pg_str(res, i, 13),
            .valid_to = xy_pg_str(res, i, 14),
        };
        if (cb(ctx, &m))
            break;
    }
    PQclear(res);
    return XY_OK;
}

int xy_pg_check_add(struct xy_store *st, const struct xy_check_row *c, int64_t *id, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, c->at);
    xy_pg_int(&a, c->key_id);
    xy_pg_text(&a, c->dept_uscc);
    xy_pg_text(&a, c->matter);
    xy_pg_int(&a, c->subject_id > 0 ? c->subject_id : 0);
    xy_pg_int(&a, c->hits);
    xy_pg_text(&a, c->answer);
    xy_pg_text(&a, c->feedback_due);
    PGresult *res = run(xy_pg_of(st), S_CHECK_ADD, &a, err, "store check");
    if (!res)
        return xy_pg_failed(err);
    *id = xy_pg_i64(res, 0, 0);
    PQclear(res);
    return XY_OK;
}

int xy_pg_check_get(struct xy_store *st, int64_t id, struct xy_check_row *out, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, id);
    PGresult *res = run(xy_pg_of(st), S_CHECK_GET, &a, err, "read check");
    if (!res)
        return xy_pg_failed(err);
    if (!PQntuples(res)) {
        PQclear(res);
        return xy_error_set(err, XY_ENOTFOUND, "没有编号为 %lld 的核查 (no check %lld)", (long long)id, (long long)id);
    }
    /* The strings copied into one block the caller frees (out->mem). */
    static const int text[] = {1, 3, 4, 7, 8};
    size_t len[5], total = 0;
    for (size_t i = 0; i < 5; i++)
        total += (len[i] = xy_pg_str(res, 0, text[i]) ? strlen(PQgetvalue(res, 0, text[i])) + 1 : 0);
    memset(out, 0, sizeof *out);
    const char **to[] = {&out->at, &out->dept_uscc, &out->matter, &out->answer, &out->feedback_due};
    if (!(out->mem = xy_malloc(total ? total : 1))) {
        PQclear(res);
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    }
    char *m = out->mem;
    for (size_t i = 0; i < 5; i++)
        if (len[i]) {
            memcpy(m, PQgetvalue(res, 0, text[i]), len[i]);
            *to[i] = m;
            m += len[i];
        }
    out->id = xy_pg_i64(res, 0, 0);
    out->key_id = xy_pg_i64(res, 0, 2);
    out->subject_id = xy_pg_i64(res, 0, 5);
    out->hits = (int)xy_pg_i64(res, 0, 6);
    PQclear(res);
    return XY_OK;
}

int xy_pg_feedback_put(struct xy_store *st, int64_t check_id, int64_t measure_id, int applied, const char *reason,
                       const char *outcome, const char *at, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, check_id);
    xy_pg_int(&a, measure_id);
    xy_pg_int(&a, applied);
    xy_pg_text(&a, reason);
    xy_pg_text(&a, outcome);
    xy_pg_text(&a, at);
    long n = touched(st, S_FEEDBACK, &a, err, "store feedback");
    if (n < 0)
        return xy_pg_failed(err);
    return n ? XY_OK
             : xy_error_set(err, XY_EEXIST,
                            "核查 %lld 的措施 %lld 已反馈过 (feedback on measure %lld of check %lld was given already)",
                            (long long)check_id, (long long)measure_id, (long long)measure_id, (long long)check_id);
}

int xy_pg_access_add(struct xy_store *st, int64_t subject_id, const char *at, int64_t key_id, const char *role,
                     const char *dept_uscc, const char *purpose, const char *object, int64_t grant_id,
                     struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, subject_id);
    xy_pg_text(&a, at);
    xy_pg_int(&a, key_id);
    xy_pg_text(&a, role);
    xy_pg_text(&a, dept_uscc);
    xy_pg_text(&a, purpose);
    xy_pg_text(&a, object);
    xy_pg_int(&a, grant_id);
    return exec(st, S_ACCESS, &a, err, "record access");
}

static int stat_rows(struct xy_store *st, int id, const char *const *args, int nargs, const char *metric, int keyed,
                     xy_stat_cb cb, void *ctx, struct xy_error *err)
{
    struct pg_args a = {0};
    for (int i = 0; i < nargs; i++)
        xy_pg_text(&a, args[i]);
    PGresult *res = run(xy_pg_of(st), id, &a, err, "read figures");
    if (!res)
        return xy_pg_failed(err);
    for (int i = 0; i < PQntuples(res); i++) {
        if (keyed)
            cb(ctx, metric, xy_pg_str(res, i, 0), xy_pg_i64(res, i, 1));
        else
            for (int c = 0; c < PQnfields(res); c++)
                cb(ctx, metric, PQfname(res, c), xy_pg_i64(res, i, c));
    }
    PQclear(res);
    return XY_OK;
}

int xy_pg_jrp_stats(struct xy_store *st, const char *from, const char *to, const char *now, xy_stat_cb cb, void *ctx,
                    struct xy_error *err)
{
    const char *range[] = {from, to}, *range2[] = {from, to, from, to}, *overdue[] = {now, from, to};
    int rc;
    if ((rc = stat_rows(st, S_STAT_CHECKS, range, 2, "checks", 0, cb, ctx, err)) ||
        (rc = stat_rows(st, S_STAT_FEEDBACK, range, 2, "feedback", 0, cb, ctx, err)) ||
        (rc = stat_rows(st, S_STAT_BY_DEPT, range, 2, "applied_by_dept", 1, cb, ctx, err)) ||
        (rc = stat_rows(st, S_STAT_BY_MEMO, range, 2, "applied_by_memo", 1, cb, ctx, err)) ||
        (rc = stat_rows(st, S_STAT_DEPTS, range2, 4, "departments", 0, cb, ctx, err)) ||
        (rc = stat_rows(st, S_STAT_OVERDUE, overdue, 3, "overdue_feedback", 0, cb, ctx, err)))
        return rc;
    return XY_OK;
}

int xy_pg_case_add(struct xy_store *st, int64_t check_id, int64_t measure_id, const char *title, const char *summary,
                   const char *at, int64_t by, int64_t *id, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, check_id);
    xy_pg_int(&a, measure_id);
    PGresult *res = run(xy_pg_of(st), S_CASE_APPLIED, &a, err, "publish case");
    if (!res)
        return xy_pg_failed(err);
    int applied = PQntuples(res) > 0;
    PQclear(res);
    if (!applied)
        return xy_error_set(err, XY_EINVAL,
                            "据反馈，核查 %lld 未执行措施 %lld，没有可公开的案例 (measure %lld was not applied on check "
                            "%lld, per its feedback: no case to publish)",
                            (long long)check_id, (long long)measure_id, (long long)measure_id, (long long)check_id);
    xy_pg_text(&a, title);
    xy_pg_text(&a, summary);
    xy_pg_text(&a, at);
    xy_pg_int(&a, by);
    if (!(res = run(xy_pg_of(st), S_CASE_ADD, &a, err, "publish case")))
        return xy_pg_failed(err);
    int added = PQntuples(res) == 1;
    if (added)
        *id = xy_pg_i64(res, 0, 0);
    PQclear(res);
    return added ? XY_OK : xy_error_set(err, XY_EEXIST, "此案例已经公开 (this case is published already)");
}

int xy_pg_cases_page(struct xy_store *st, int64_t after, int limit, xy_case_cb cb, void *ctx, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, after);
    xy_pg_int(&a, limit);
    PGresult *res = run(xy_pg_of(st), S_CASES, &a, err, "read cases");
    if (!res)
        return xy_pg_failed(err);
    for (int i = 0; i < PQntuples(res); i++) {
        struct xy_case_row c = {
            .id = xy_pg_i64(res, i, 0),          .title = xy_pg_str(res, i, 1),
            .summary = xy_pg_str(res, i, 2),     .published_at = xy_pg_str(res, i, 3),
            .kind = xy_pg_str(res, i, 4),        .action = xy_pg_str(res, i, 5),
            .measure_text = xy_pg_str(res, i, 6), .legal_basis = xy_pg_str(res, i, 7),
            .memo_doc_no = xy_pg_str(res, i, 8), .memo_title = xy_pg_str(res, i, 9),
            .dept_uscc = xy_pg_str(res, i, 10),  .matter = xy_pg_str(res, i, 11),
            .subject_kind = xy_pg_str(res, i, 12), .subject_name = xy_pg_str(res, i, 13),
            .subject_uscc = xy_pg_str(res, i, 14), .applied_at = xy_pg_str(res, i, 15),
            .outcome = xy_pg_str(res, i, 16),
        };
        if (cb(ctx, &c))
            break;
    }
    PQclear(res);
    return XY_OK;
}

int xy_pg_calendar_put(struct xy_store *st, const char *day, const char *kind, const char *name_zh,
                       const char *name_en, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, day);
    xy_pg_text(&a, kind);
    xy_pg_text(&a, name_zh);
    xy_pg_text(&a, name_en);
    return exec(st, S_CAL_PUT, &a, err, "store a calendar day");
}

int xy_pg_calendar_scan(struct xy_store *st, xy_day_cb cb, void *ctx, struct xy_error *err)
{
    PGresult *res = run(xy_pg_of(st), S_CAL_SCAN, NULL, err, "read the calendar");
    if (!res)
        return xy_pg_failed(err);
    for (int i = 0; i < PQntuples(res); i++)
        if (cb(ctx, xy_pg_str(res, i, 0), xy_pg_str(res, i, 1), xy_pg_str(res, i, 2), xy_pg_str(res, i, 3)))
            break;
    PQclear(res);
    return XY_OK;
}
