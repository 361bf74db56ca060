/* SPDX-License-Identifier: Apache-2.0 */
/* PostgreSQL back end: monitoring departments and districts (reporting units, collection catalogues,
 * declarations, entered figures, closed months) and the month's facts (mon_facts), as
 * store_sqlite_monitor.c. The fact queries are also run by day by store_pg_dashboard.c, through
 * xy_pg_mon_query. No class, status or change kind is written into the SQL: the caller passes them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg/store_pg_int.h"

enum {
    S_UNIT_SET = 416,
    S_PLAN_SET,
    S_UNITS,
    S_DECL_PUT,
    S_DECLS,
    S_ENTRY_PUT,
    S_ENTRIES,
    S_MONTH_GET,
    S_MONTH_PUT,
    S__END
};
_Static_assert(S__END <= 425, "store_pg_monitor.c statements use ids 416..424 (425..431: store_pg_dashboard.c)");

static const char *const stmt_sql[S__END] = {
    [S_UNIT_SET] = "UPDATE dept SET region = $2, level = $3 WHERE id = $1",
    [S_PLAN_SET] = "INSERT INTO dept_plan(dept_id, body, set_at) SELECT id, $2, $3 FROM dept WHERE id = $1 "
                   "ON CONFLICT (dept_id) DO UPDATE SET body = excluded.body, set_at = excluded.set_at",
    [S_UNITS] = "SELECT d.id, d.uscc, d.name, d.region, d.level, p.body FROM dept d "
                "LEFT JOIN dept_plan p ON p.dept_id = d.id ORDER BY d.uscc",
    [S_DECL_PUT] = "INSERT INTO declaration(dept_id, month, body, declared_at, key_id) VALUES ($1, $2, $3, $4, $5) "
                   "ON CONFLICT (dept_id, month) DO UPDATE SET body = excluded.body, "
                   "declared_at = excluded.declared_at, key_id = excluded.key_id",
    [S_DECLS] = "SELECT d.uscc, x.body, x.declared_at FROM declaration x JOIN dept d ON d.id = x.dept_id "
                "WHERE x.month = $1 AND ($2::bigint = 0 OR x.dept_id = $2) ORDER BY d.uscc",
    [S_ENTRY_PUT] = "INSERT INTO monitor_entry(month, category, dept_id, item, body, entered_at, key_id, role) "
                    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (month, category, dept_id, item) DO UPDATE "
                    "SET body = excluded.body, entered_at = excluded.entered_at, key_id = excluded.key_id, "
                    "role = excluded.role",
    [S_ENTRIES] = "SELECT e.month, e.category, e.dept_id, d.uscc, e.item, e.body, e.entered_at, e.key_id, e.role "
                  "FROM monitor_entry e JOIN dept d ON d.id = e.dept_id WHERE e.month = $1 "
                  "ORDER BY e.category, d.uscc, e.item",
    [S_MONTH_GET] = "SELECT month, state, rules, params, figures, closed_at, closed_by, reopened FROM monitor_month "
                    "WHERE month = $1",
    [S_MONTH_PUT] = "INSERT INTO monitor_month(month, state, rules, params, figures, closed_at, closed_by, reopened) "
                    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (month) DO UPDATE SET state = excluded.state, "
                    "rules = excluded.rules, params = excluded.params, figures = excluded.figures, "
                    "closed_at = excluded.closed_at, closed_by = excluded.closed_by, reopened = excluded.reopened",
};

static PGresult *run(struct xy_store *st, int id, const struct pg_args *a, struct xy_error *err, const char *what)
{
    return xy_pg_run(xy_pg_of(st), id, stmt_sql[id], a, err, what);
}

/* A write of a department's row: XY_ENOTFOUND when it touched none. */
static int dept_write(struct xy_store *st, int id, const struct pg_args *a, struct xy_error *err, const char *what)
{
    PGresult *res = run(st, id, a, err, what);
    if (!res)
        return xy_pg_failed(err);
    int changed = strcmp(PQcmdTuples(res), "0") != 0;
    PQclear(res);
    return changed ? XY_OK : xy_error_set(err, XY_ENOTFOUND, "没有此部门 (no such department)");
}

int xy_pg_unit_set(struct xy_store *st, int64_t dept_id, const char *region, const char *level, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, dept_id);
    xy_pg_text(&a, region);
    xy_pg_text(&a, level);
    return dept_write(st, S_UNIT_SET, &a, err, "set reporting unit");
}

int xy_pg_plan_set(struct xy_store *st, int64_t dept_id, const char *body, const char *at, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, dept_id);
    xy_pg_text(&a, body);
    xy_pg_text(&a, at);
    return dept_write(st, S_PLAN_SET, &a, err, "set collection catalogue");
}

int xy_pg_units(struct xy_store *st, xy_unit_cb cb, void *ctx, struct xy_error *err)
{
    PGresult *res = run(st, S_UNITS, NULL, err, "list reporting units");
    if (!res)
        return xy_pg_failed(err);
    for (int i = 0; i < PQntuples(res); i++) {
        struct xy_unit_row u = {xy_pg_i64(res, i, 0), xy_pg_str(res, i, 1), xy_pg_str(res, i, 2),
                                xy_pg_str(res, i, 3), xy_pg_str(res, i, 4), xy_pg_str(res, i, 5)};
        if (cb(ctx, &u))
            break;
    }
    PQclear(res);
    return XY_OK;
}

int xy_pg_declaration_put(struct xy_store *st, int64_t dept_id, const char *month, const char *body, const char *at,
                          int64_t key_id, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, dept_id);
    xy_pg_text(&a, month);
    xy_pg_text(&a, body);
    xy_pg_text(&a, at);
    xy_pg_int(&a, key_id);
    return xy_pg_exec(xy_pg_of(st), S_DECL_PUT, stmt_sql[S_DECL_PUT], &a, err, "store declaration");
}

int xy_pg_declarations(struct xy_store *st, const char *month, int64_t dept_id, xy_decl_cb cb, void *ctx,
                       struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, month);
    xy_pg_int(&a, dept_id);
    PGresult *res = run(st, S_DECLS, &a, err, "read declarations");
    if (!res)
        return xy_pg_failed(err);
    for (int i = 0; i < PQntuples(res); i++)
        if (cb(ctx, xy_pg_str(res, i, 0), xy_pg_str(res, i, 1), xy_pg_str(res, i, 2)))
            break;
    PQclear(res);
    return XY_OK;
}

int xy_pg_entry_put(struct xy_store *st, const struct xy_entry_row *e, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, e->month);
    xy_pg_int(&a, e->category);
    xy_pg_int(&a, e->dept_id);
    xy_pg_text(&a, e->item);
    xy_pg_text(&a, e->body);
    xy_pg_text(&a, e->entered_at);
    xy_pg_int(&a, e->key_id);
    xy_pg_text(&a, e->role);
    return xy_pg_exec(xy_pg_of(st), S_ENTRY_PUT, stmt_sql[S_ENTRY_PUT], &a, err, "store entry");
}

int xy_pg_entries(struct xy_store *st, const char *month, xy_entry_cb cb, void *ctx, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, month);
    PGresult *res = run(st, S_ENTRIES, &a, err, "read entries");
    if (!res)
        return xy_pg_failed(err);
    for (int i = 0; i < PQntuples(res); i++) {
        struct xy_entry_row e = {xy_pg_str(res, i, 0), (int)xy_pg_i64(res, i, 1), xy_pg_i64(res, i, 2),
                                 xy_pg_str(res, i, 3), xy_pg_str(res, i, 4),      xy_pg_str(res, i, 5),
                                 xy_pg_str(res, i, 6), xy_pg_i64(res, i, 7),      xy_pg_str(res, i, 8)};
        if (cb(ctx, &e))
            break;
    }
    PQclear(res);
    return XY_OK;
}

int xy_pg_month_get(struct xy_store *st, const char *month, xy_month_cb cb, void *ctx, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, month);
    PGresult *res = run(st, S_MONTH_GET, &a, err, "read month");
    if (!res)
        return xy_pg_failed(err);
    int found = PQntuples(res) == 1;
    if (found) {
        struct xy_month_row m = {xy_pg_str(res, 0, 0), xy_pg_str(res, 0, 1), xy_pg_str(res, 0, 2),
                                 xy_pg_str(res, 0, 3), xy_pg_str(res, 0, 4), xy_pg_str(res, 0, 5),
                                 xy_pg_i64(res, 0, 6), (int)xy_pg_i64(res, 0, 7)};
        cb(ctx, &m);
    }
    PQclear(res);
    return found ? XY_OK
                 : xy_error_set(err, XY_ENOTFOUND, "%.7s 月从未结账 (month %.7s was never closed)", month, month);
}

int xy_pg_month_put(struct xy_store *st, const struct xy_month_row *m, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, m->month);
    xy_pg_text(&a, m->state);
    xy_pg_text(&a, m->rules);
    xy_pg_text(&a, m->params);
    xy_pg_text(&a, m->figures);
    xy_pg_text(&a, m->closed_at);
    xy_pg_int(&a, m->closed_by);
    xy_pg_int(&a, m->reopened);
    return xy_pg_exec(xy_pg_of(st), S_MONTH_PUT, stmt_sql[S_MONTH_PUT], &a, err, "store month");
}

/* ---- the facts of a month ----------------------------------------------------------------------- */

#define SET_MAX 8

/* Appends "$n" (or a set's SET_MAX of them) to sql at *len; 0 when it did not fit. */
static int put_params(char *sql, size_t size, size_t *len, int first, int count)
{
    for (int i = 0; i < count; i++) {
        int w = snprintf(sql + *len, size - *len, "%s$%d", i ? ", " : "", first + i);
        if (w < 0 || (size_t)w >= size - *len)
            return 0;
        *len += (size_t)w;
    }
    return 1;
}

int xy_pg_mon_query(struct xy_store *st, const struct xy_mon_scan *q, enum xy_mon_fact_kind kind, const char *tmpl,
                    xy_mon_fact_cb cb, void *ctx, struct xy_error *err, const char *what)
{
    static const char tokens[] = "FTLCSX";
    const char *one[3] = {q->from, q->to, q->last_day};
    const char *const *set[3] = {q->list_classes, q->in_force, q->exit_kinds};
    int num[6] = {0};
    char sql[4096];
    size_t len = 0;
    struct pg_args a = {0};
    for (const char *p = tmpl; *p; p++) {
        const char *t = p[0] == '@' && p[1] ? strchr(tokens, p[1]) : NULL;
        if (!t) {
            if (len + 1 >= sizeof sql)
                return xy_error_set(err, XY_EDB, "database: %s: statement too long", what);
            sql[len++] = *p;
            continue;
        }
        int k = (int)(t - tokens), count = k < 3 ? 1 : SET_MAX;
        if (!num[k]) {
            num[k] = a.n + 1;
            if (k < 3) {
                xy_pg_text(&a, one[k]);
            } else {
                int end = !set[k - 3];
                for (int i = 0; i < SET_MAX; i++) {
                    end = end || !set[k - 3][i];
                    xy_pg_text(&a, end ? NULL : set[k - 3][i]);
                }
            }
        }
        if (!put_params(sql, sizeof sql, &len, num[k], count))
            return xy_error_set(err, XY_EDB, "database: %s: statement too long", what);
        p++;
    }
    sql[len] = '\0';
    PGresult *res = xy_pg_run(xy_pg_of(st), -1, sql, &a, err, what);
    if (!res)
        return xy_pg_failed(err);
    int rc = XY_OK;
    for (int i = 0; i < PQntuples(res) && !rc; i++) {
        struct xy_mon_fact f = {kind,
                                xy_pg_str(res, i, 0),
                                xy_pg_str(res, i, 1),
                                xy_pg_str(res, i, 2),
                                xy_pg_str(res, i, 3),
                                xy_pg_str(res, i, 4),
                                xy_pg_i64(res, i, 5)};
        rc = cb(ctx, &f);
    }
    PQclear(res);
    return rc;
}

/* in force at the month's end: stored by then, window reaching its last day, not ended by then
 * (ended later counts whatever its status now) */
const char xy_pg_mon_stock_sql[] =
    "SELECT d.uscc, r.class, NULL, NULL, NULL, count(*) FROM record r JOIN dept d ON d.id = r.dept_id "
    "WHERE r.is_current = 1 AND r.class IN (@C) AND EXISTS (SELECT 1 FROM record v WHERE v.class = r.class "
    "AND v.dept_id = r.dept_id AND v.doc_no = r.doc_no AND v.version = 1 AND v.created_at < @T) "
    "AND (r.public_until IS NULL OR r.public_until >= @L) "
    "AND NOT EXISTS (SELECT 1 FROM change c WHERE c.record_id = r.id AND c.kind IN (@X) AND c.at < @T) "
    "AND (r.status IN (@S) OR EXISTS (SELECT 1 FROM change c WHERE c.record_id = r.id AND c.kind IN (@X) "
    "AND c.at >= @T)) GROUP BY d.uscc, r.class";

/* each repair filed or decided in the span: filed, and when it reached its present state */
const char xy_pg_mon_repair_sql[] =
    "SELECT d.uscc, r.class, k.state, k.filed_at, (SELECT max(s.at) FROM claim_step s "
    "WHERE s.claim_id = k.id AND s.state = k.state), 1 FROM claim k "
    "JOIN record r ON r.id = k.record_id JOIN dept d ON d.id = k.dept_id "
    "WHERE k.kind = 'repair' AND ((k.filed_at >= @F AND k.filed_at < @T) "
    "OR (k.updated_at >= @F AND k.updated_at < @T))";

static const struct {
    enum xy_mon_fact_kind kind;
    const char *sql;
} queries[] = {
    /* records first submitted in the month, by decision date and the hour they were stored: from
     * record_first alone (migration 28), grouped by department id before its code is looked up */
    {XY_MF_RECORD, "SELECT d.uscc, r.class, NULL, r.decision_date, r.hour, r.n FROM ("
                   "SELECT dept_id, class, decision_date, substr(created_at, 1, 13) AS hour, count(*) AS n "
                   "FROM record WHERE version = 1 AND created_at >= @F AND created_at < @T "
                   "GROUP BY 1, 2, 3, 4) r JOIN dept d ON d.id = r.dept_id"},
    {XY_MF_BATCH, "SELECT d.uscc, b.class, 'rows', NULL, NULL, sum(b.rows_total) FROM batch b "
                  "JOIN dept d ON d.id = b.dept_id WHERE b.finished_at >= @F AND b.finished_at < @T "
                  "GROUP BY d.uscc, b.class"},
    {XY_MF_BATCH, "SELECT d.uscc, b.class, 'accepted', NULL, NULL, sum(b.accepted) FROM batch b "
                  "JOIN dept d ON d.id = b.dept_id WHERE b.finished_at >= @F AND b.finished_at < @T "
                  "GROUP BY d.uscc, b.class"},
    {XY_MF_LIST_STOCK, xy_pg_mon_stock_sql},
    {XY_MF_LIST_EXIT, "SELECT d.uscc, r.class, c.kind, NULL, NULL, count(*) FROM change c "
                      "JOIN record r ON r.id = c.record_id JOIN dept d ON d.id = r.dept_id "
                      "WHERE c.at >= @F AND c.at < @T AND c.kind IN (@X) AND r.class IN (@C) "
                      "GROUP BY d.uscc, r.class, c.kind"},
    {XY_MF_CHECK, "SELECT dept_uscc, NULL, NULL, NULL, NULL, count(*) FROM checks WHERE at >= @F AND at < @T "
                  "GROUP BY dept_uscc"},
    /* a case: a check whose feedback, given in the month, applied a measure */
    {XY_MF_CASE, "SELECT c.dept_uscc, NULL, 'all', NULL, NULL, count(DISTINCT c.id) FROM check_feedback f "
                 "JOIN checks c ON c.id = f.check_id WHERE f.applied = 1 AND f.at >= @F AND f.at < @T "
                 "GROUP BY c.dept_uscc"},
    {XY_MF_CASE, "SELECT c.dept_uscc, NULL, x.kind, NULL, NULL, count(DISTINCT c.id) FROM check_feedback f "
                 "JOIN checks c ON c.id = f.check_id JOIN measure x ON x.id = f.measure_id "
                 "WHERE f.applied = 1 AND f.at >= @F AND f.at < @T GROUP BY c.dept_uscc, x.kind"},
    {XY_MF_FEEDBACK, "SELECT c.dept_uscc, NULL, NULL, NULL, NULL, count(*) FROM check_feedback f "
                     "JOIN checks c ON c.id = f.check_id WHERE f.at >= @F AND f.at < @T GROUP BY c.dept_uscc"},
    {XY_MF_EVER, "SELECT dept_uscc, NULL, NULL, NULL, NULL, 1 FROM checks WHERE at < @T GROUP BY dept_uscc"},
    {XY_MF_REPAIR, xy_pg_mon_repair_sql},
    {XY_MF_REPORT, "SELECT NULL, NULL, edition, NULL, NULL, count(*) FROM report WHERE issued_at >= @F "
                   "AND issued_at < @T GROUP BY edition"},
};

int xy_pg_mon_facts(struct xy_store *st, const struct xy_mon_scan *q, xy_mon_fact_cb cb, void *ctx,
                    struct xy_error *err)
{
    int rc = XY_OK;
    for (size_t i = 0; !rc && i < sizeof queries / sizeof queries[0]; i++)
        if (!(q->no_records && queries[i].kind == XY_MF_RECORD))
            rc = xy_pg_mon_query(st, q, queries[i].kind, queries[i].sql, cb, ctx, err, "read the month's facts");
    return rc;
}
