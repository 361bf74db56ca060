/* SPDX-License-Identifier: Apache-2.0 */
/* PostgreSQL back end: the dashboards' aggregates (store.h, mon_day_facts .. mon_drill), as
 * store_sqlite_dashboard.c. The facts are store_pg_monitor.c's grouped by Beijing day instead of by
 * month, run through xy_pg_mon_query. A refresh runs once a day or on demand: its statements are
 * one-off; the reads behind the dashboards' pages (and a refresh's many cutoffs) are prepared. */
#include <stdio.h>
#include <string.h>

#include "store/pg/store_pg_int.h"

/* The Beijing day ("YYYY-MM-DD") of a stored UTC stamp "YYYY-MM-DDTHH:MM:SSZ" (the clock module's
 * form), as SQLite's date(x, '+8 hours'): from 16:00 UTC on, the next day. Text arithmetic on the
 * stamp rather than a cast to timestamptz: the same day whatever the session's time zone and
 * DateStyle (to_char, not a date's text form), a date alone stays its day (as in SQLite), and a date
 * is built only for the evening's stamps. */
#define DAY(x)                                                                                     \
    "(CASE WHEN substr(" x ", 12, 2) >= '16' THEN to_char(CAST(substr(" x ", 1, 10) AS date) + 1, "  \
    "'YYYY-MM-DD') ELSE substr(" x ", 1, 10) END)"

enum {
    S_AGG_READ = 425, /* store_pg_monitor.c uses 416..424 */
    S_CITY_READ,
    S_DRILL_LATE,
    S_DRILL_REJECTED,
    S_REFRESH_GET,
    S_CUTOFF_PUT,
    S__END
};
_Static_assert(S__END <= 432, "store_pg_dashboard.c statements use ids 425..431");

static const char *const stmt_sql[S__END] = {
    /* in the key's order, as SQLite reads them (the contract compares the order) */
    [S_AGG_READ] = "SELECT month, dept, region, cls, metric, n FROM mon_month WHERE month >= $1 AND month <= $2 "
                   "AND ($3::text IS NULL OR dept = $3) ORDER BY month, dept, cls, metric",
    [S_CITY_READ] = "SELECT month, '', '', cls, metric, n FROM mon_city WHERE month >= $1 AND month <= $2 "
                    "ORDER BY month, cls, metric",
    /* late: decided before the first timely day of the day it was stored (record_dept_first) */
    [S_DRILL_LATE] = "SELECT r.id, 0, r.class, r.created_at, r.doc_no, r.decision_date, s.opaque, NULL, NULL, NULL, "
                     "NULL, NULL FROM record r JOIN mon_cutoff c ON c.day = " DAY("r.created_at") " "
                     "JOIN subject s ON s.id = r.subject_id "
                     "WHERE r.version = 1 AND r.dept_id = $1 AND r.class = $2 AND r.created_at >= $3 "
                     "AND r.created_at < $4 AND (r.decision_date IS NULL OR r.decision_date < c.cutoff) "
                     "AND ($5::text IS NULL OR r.created_at > $5 OR (r.created_at = $5 AND r.id > $6)) "
                     "ORDER BY r.created_at, r.id LIMIT $7",
    [S_DRILL_REJECTED] = "SELECT j.batch_id, j.seq, b.class, b.finished_at, NULL, NULL, NULL, j.row_no, j.field, "
                         "j.value, j.code, j.reason FROM batch b JOIN batch_reject j ON j.batch_id = b.id "
                         "WHERE b.dept_id = $1 AND b.class = $2 AND b.finished_at >= $3 AND b.finished_at < $4 "
                         "AND (j.batch_id > $5 OR (j.batch_id = $5 AND j.seq > $6)) "
                         "ORDER BY j.batch_id, j.seq LIMIT $7",
    [S_REFRESH_GET] = "SELECT day, at FROM mon_refresh WHERE id = 1",
    [S_CUTOFF_PUT] = "INSERT INTO mon_cutoff(day, cutoff) VALUES ($1, $2) "
                     "ON CONFLICT (day) DO UPDATE SET cutoff = excluded.cutoff",
};

static PGresult *run(struct xy_store *st, int id, const struct pg_args *a, struct xy_error *err, const char *what)
{
    return xy_pg_run(xy_pg_of(st), id, stmt_sql[id], a, err, what);
}

/* A one-off statement of n (at most 2) texts. */
static int exec_n(struct xy_store *st, const char *sql, int n, const char *v0, const char *v1, const char *what,
                  struct xy_error *err)
{
    struct pg_args a = {0};
    const char *v[2] = {v0, v1};
    for (int i = 0; i < n && i < 2; i++)
        xy_pg_text(&a, v[i]);
    return xy_pg_exec(xy_pg_of(st), -1, sql, &a, err, what);
}

/* ---- the facts by day --------------------------------------------------------------------------- */

#define BATCH_SUM(key, expr)                                                                       \
    "SELECT d.uscc, b.class, '" key "', NULL, " DAY("b.finished_at") ", sum(" expr ") FROM batch b " \
    "JOIN dept d ON d.id = b.dept_id WHERE b.finished_at >= @F AND b.finished_at < @T GROUP BY 1, 2, 5"

/* The tables the daily queries read (T_CLAIM: always read); any_sql probes each through its index. */
enum { T_RECORD, T_BATCH, T_CHANGE, T_CHECKS, T_FEEDBACK, T_REPORT, T_N, T_CLAIM = T_N };
#define PROBE(q) "CASE WHEN EXISTS (" q ") THEN 1 ELSE 0 END"
static const char any_sql[] =
    "SELECT " PROBE("SELECT 1 FROM record WHERE version = 1 AND created_at >= $1 AND created_at < $2") ", "
    PROBE("SELECT 1 FROM batch WHERE finished_at >= $1 AND finished_at < $2") ", "
    PROBE("SELECT 1 FROM change WHERE at >= $1 AND at < $2") ", "
    PROBE("SELECT 1 FROM checks WHERE at >= $1 AND at < $2") ", "
    PROBE("SELECT 1 FROM check_feedback WHERE at >= $1 AND at < $2") ", "
    PROBE("SELECT 1 FROM report WHERE issued_at >= $1 AND issued_at < $2");

static const struct {
    enum xy_mon_fact_kind kind;
    int table;
    const char *sql;
} daily[] = {
    /* grouped by decision date too: the caller decides which were on time (record_first alone:
     * an index-only scan, migration 28) */
    {XY_MF_RECORD, T_RECORD, "SELECT d.uscc, r.class, NULL, r.decision_date, r.day, r.n FROM ("
                   "SELECT dept_id, class, decision_date, " DAY("created_at") " AS day, count(*) AS n FROM record "
                   "WHERE version = 1 AND created_at >= @F AND created_at < @T "
                   "GROUP BY 1, 2, 3, 4) r JOIN dept d ON d.id = r.dept_id"},
    {XY_MF_BATCH, T_BATCH, BATCH_SUM("rows", "b.rows_total")},
    {XY_MF_BATCH, T_BATCH, BATCH_SUM("accepted", "b.accepted")},
    {XY_MF_BATCH, T_BATCH, BATCH_SUM("rejected", "b.rows_total - b.accepted")},
    {XY_MF_LIST_EXIT, T_CHANGE, "SELECT d.uscc, r.class, c.kind, NULL, " DAY("c.at") ", count(*) FROM change c "
                      "JOIN record r ON r.id = c.record_id JOIN dept d ON d.id = r.dept_id "
                      "WHERE c.at >= @F AND c.at < @T AND c.kind IN (@X) AND r.class IN (@C) GROUP BY 1, 2, 3, 5"},
    {XY_MF_CHECK, T_CHECKS, "SELECT dept_uscc, NULL, NULL, NULL, " DAY("at") ", count(*) FROM checks WHERE at >= @F "
                  "AND at < @T GROUP BY 1, 5"},
    {XY_MF_CASE, T_FEEDBACK, "SELECT c.dept_uscc, NULL, 'all', NULL, " DAY("f.at") ", count(DISTINCT c.id) "
                 "FROM check_feedback f JOIN checks c ON c.id = f.check_id WHERE f.applied = 1 AND f.at >= @F "
                 "AND f.at < @T GROUP BY 1, 5"},
    {XY_MF_CASE, T_FEEDBACK, "SELECT c.dept_uscc, NULL, x.kind, NULL, " DAY("f.at") ", count(DISTINCT c.id) "
                 "FROM check_feedback f JOIN checks c ON c.id = f.check_id JOIN measure x ON x.id = f.measure_id "
                 "WHERE f.applied = 1 AND f.at >= @F AND f.at < @T GROUP BY 1, 3, 5"},
    {XY_MF_FEEDBACK, T_FEEDBACK, "SELECT c.dept_uscc, NULL, NULL, NULL, " DAY("f.at") ", count(*) "
                     "FROM check_feedback f JOIN checks c ON c.id = f.check_id WHERE f.at >= @F AND f.at < @T "
                     "GROUP BY 1, 5"},
    {XY_MF_REPAIR, T_CLAIM, xy_pg_mon_repair_sql},
    {XY_MF_REPORT, T_REPORT, "SELECT NULL, NULL, edition, NULL, " DAY("issued_at") ", count(*) FROM report "
                   "WHERE issued_at >= @F AND issued_at < @T GROUP BY 3, 5"},
};

int xy_pg_mon_day_facts(struct xy_store *st, const struct xy_mon_scan *q, int stock, xy_mon_fact_cb cb, void *ctx,
                        struct xy_error *err)
{
    if (stock)
        return xy_pg_mon_query(st, q, XY_MF_LIST_STOCK, xy_pg_mon_stock_sql, cb, ctx, err, "read the list stock");
    /* a query whose table holds nothing in the range is not run: a full refresh goes month by month
     * from 2000, and the list exits' join would walk every list entry for each empty month */
    struct pg_args a = {0};
    xy_pg_text(&a, q->from);
    xy_pg_text(&a, q->to);
    PGresult *res = xy_pg_run(xy_pg_of(st), -1, any_sql, &a, err, "probe the range");
    if (!res)
        return xy_pg_failed(err);
    int any[T_N + 1] = {0};
    any[T_CLAIM] = 1;
    for (int t = 0; t < T_N && PQntuples(res) == 1; t++)
        any[t] = (int)xy_pg_i64(res, 0, t);
    PQclear(res);
    int rc = XY_OK;
    for (size_t i = 0; !rc && i < sizeof daily / sizeof daily[0]; i++)
        if (any[daily[i].table])
            rc = xy_pg_mon_query(st, q, daily[i].kind, daily[i].sql, cb, ctx, err, "read the facts by day");
    return rc;
}

/* ---- the aggregates ----------------------------------------------------------------------------- */

int xy_pg_mon_agg_clear(struct xy_store *st, const char *from_day, const char *to_day, const char *from_month,
                        const char *to_month, struct xy_error *err)
{
    int rc = exec_n(st, "DELETE FROM mon_day WHERE day >= $1 AND day <= $2", 2, from_day, to_day,
                   "clear daily counts", err);
    if (!rc)
        rc = exec_n(st, "DELETE FROM mon_cutoff WHERE day >= $1 AND day <= $2", 2, from_day, to_day,
                   "clear cutoffs", err);
    if (!rc)
        rc = exec_n(st, "DELETE FROM mon_month WHERE month >= $1 AND month <= $2", 2, from_month, to_month,
                   "clear monthly counts", err);
    return rc;
}

/* Rows per statement of mon_agg_add: five parameters each, within XY_PG_ARGS. */
#define ADD_ROWS (XY_PG_ARGS / 5)

/* Adds rows[0..n) (all days or all months) in one statement. The rows are summed by key first:
 * ON CONFLICT DO UPDATE may not touch one row twice in a statement, and a call may add to one count
 * more than once. */
static int add_some(struct xy_store *st, const struct xy_mon_agg_row *const *rows, size_t n, int months,
                    struct xy_error *err)
{
    char sql[2048];
    size_t len = (size_t)snprintf(sql, sizeof sql, "%s",
                                  months ? "INSERT INTO mon_month(month, dept, region, cls, metric, n) SELECT v.p, v.d, "
                                           "coalesce(g.region, ''), v.c, v.m, sum(CAST(v.n AS bigint)) FROM (VALUES "
                                         : "INSERT INTO mon_day(day, dept, cls, metric, n) SELECT v.p, v.d, v.c, v.m, "
                                           "sum(CAST(v.n AS bigint)) FROM (VALUES ");
    struct pg_args a = {0};
    for (size_t i = 0; i < n; i++) {
        const struct xy_mon_agg_row *r = rows[i];
        len += (size_t)snprintf(sql + len, sizeof sql - len, "%s($%d, $%d, $%d, $%d, $%d)", i ? ", " : "", a.n + 1,
                                a.n + 2, a.n + 3, a.n + 4, a.n + 5);
        xy_pg_text(&a, r->period);
        xy_pg_text(&a, r->dept ? r->dept : "");
        xy_pg_text(&a, r->cls ? r->cls : "");
        xy_pg_text(&a, r->metric);
        xy_pg_int(&a, r->n);
    }
    snprintf(sql + len, sizeof sql - len, "%s",
             months ? ") v(p, d, c, m, n) LEFT JOIN dept g ON g.uscc = v.d GROUP BY v.p, v.d, g.region, v.c, v.m "
                      "ON CONFLICT (month, dept, cls, metric) DO UPDATE SET n = mon_month.n + excluded.n"
                    : ") v(p, d, c, m, n) GROUP BY v.p, v.d, v.c, v.m "
                      "ON CONFLICT (day, dept, cls, metric) DO UPDATE SET n = mon_day.n + excluded.n");
    return xy_pg_exec(xy_pg_of(st), -1, sql, &a, err, "add counts");
}

int xy_pg_mon_agg_add(struct xy_store *st, const struct xy_mon_agg_row *rows, size_t n, struct xy_error *err)
{
    /* days and months in statements of their own: a month's row takes its department's district */
    const struct xy_mon_agg_row *pick[ADD_ROWS];
    int rc = XY_OK;
    for (int months = 0; months < 2 && !rc; months++) {
        size_t k = 0;
        for (size_t i = 0; i < n && !rc; i++) {
            if ((rows[i].period && strlen(rows[i].period) == 7) != months)
                continue;
            pick[k++] = &rows[i];
            if (k == ADD_ROWS) {
                rc = add_some(st, pick, k, months, err);
                k = 0;
            }
        }
        if (!rc && k)
            rc = add_some(st, pick, k, months, err);
    }
    return rc;
}

int xy_pg_mon_cutoff_put(struct xy_store *st, const char *day, const char *cutoff, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, day);
    xy_pg_text(&a, cutoff);
    return xy_pg_exec(xy_pg_of(st), S_CUTOFF_PUT, stmt_sql[S_CUTOFF_PUT], &a, err, "store a cutoff");
}

int xy_pg_mon_agg_rollup(struct xy_store *st, const char *from_month, const char *to_month, const char *day,
                         const char *at, struct xy_error *err)
{
    /* the upper bound is the month's last possible day, as text */
    char to_day[16];
    snprintf(to_day, sizeof to_day, "%.7s-32", to_month);
    int rc = exec_n(st,
                   "INSERT INTO mon_month(month, dept, region, cls, metric, n) SELECT substr(m.day, 1, 7), m.dept, "
                   "coalesce(d.region, ''), m.cls, m.metric, sum(m.n) FROM mon_day m LEFT JOIN dept d ON d.uscc = m.dept "
                   "WHERE m.day >= $1 AND m.day <= $2 GROUP BY substr(m.day, 1, 7), m.dept, d.region, m.cls, m.metric "
                   "ON CONFLICT (month, dept, cls, metric) DO UPDATE SET n = mon_month.n + excluded.n",
                   2, from_month, to_day, "sum the days", err);
    /* declarations are few and may come for any month: all taken afresh. Their classes are unique
     * within one (core/monitor.c refuses a class given twice), so no row is written twice. The
     * array's elements through a set-returning function in the select list, which every engine of
     * the family runs (no LATERAL). */
    if (!rc)
        rc = exec_n(st, "DELETE FROM mon_month WHERE metric IN ('declared', 'exempt')", 0, NULL, NULL,
                   "clear declared figures", err);
    if (!rc)
        rc = exec_n(st,
                   "INSERT INTO mon_month(month, dept, region, cls, metric, n) "
                   "SELECT e.month, e.uscc, e.region, e.item ->> 'class', k.metric, "
                   "coalesce(CAST(e.item ->> k.path AS bigint), 0) FROM (SELECT x.month, d.uscc, "
                   "coalesce(d.region, '') AS region, json_array_elements(CAST(x.body AS json) -> 'classes') AS item "
                   "FROM declaration x JOIN dept d ON d.id = x.dept_id) e "
                   "CROSS JOIN (VALUES ('declared', 'decided'), ('exempt', 'exempt')) k(metric, path) "
                   "ON CONFLICT (month, dept, cls, metric) DO UPDATE SET region = excluded.region, n = excluded.n",
                   0, NULL, NULL, "take the declared figures", err);
    /* the city's sums, whole: declarations may have changed any month */
    if (!rc)
        rc = exec_n(st, "DELETE FROM mon_city", 0, NULL, NULL, "clear the city's sums", err);
    if (!rc)
        rc = exec_n(st,
                   "INSERT INTO mon_city(month, cls, metric, n) SELECT month, cls, metric, sum(n) FROM mon_month "
                   "GROUP BY month, cls, metric",
                   0, NULL, NULL, "sum the city", err);
    if (!rc)
        rc = exec_n(st,
                   "INSERT INTO mon_city(month, cls, metric, n) SELECT month, '', 'depts', count(DISTINCT dept) "
                   "FROM mon_month WHERE metric IN ('checks', 'feedback') AND n > 0 AND dept <> '' GROUP BY month",
                   0, NULL, NULL, "count the departments taking part", err);
    /* as SQLite's INSERT OR REPLACE, which writes the row afresh: the mark goes back to its
     * defaults until mon_mark_set records it */
    if (!rc)
        rc = exec_n(st,
                   "INSERT INTO mon_refresh(id, day, at) VALUES (1, $1, $2) ON CONFLICT (id) DO UPDATE SET "
                   "day = excluded.day, at = excluded.at, record_id = 0, rules = ''",
                   2, day, at, "record the refresh", err);
    return rc;
}

int xy_pg_mon_refresh_get(struct xy_store *st, char *day, char *at, struct xy_error *err)
{
    PGresult *res = run(st, S_REFRESH_GET, NULL, err, "read the refresh");
    if (!res)
        return xy_pg_failed(err);
    int found = PQntuples(res) == 1;
    if (found) {
        snprintf(day, 11, "%s", xy_pg_str(res, 0, 0));
        snprintf(at, 32, "%s", xy_pg_str(res, 0, 1));
    }
    PQclear(res);
    return found ? XY_OK : xy_error_set(err, XY_ENOTFOUND, "统计汇总尚未生成 (the aggregates were never refreshed)");
}

int xy_pg_mon_mark_get(struct xy_store *st, int64_t *record_id, char *rules, struct xy_error *err)
{
    PGresult *res = xy_pg_run(xy_pg_of(st), -1, "SELECT record_id, rules FROM mon_refresh WHERE id = 1", NULL, err,
                              "read the refresh's mark");
    if (!res)
        return xy_pg_failed(err);
    int found = PQntuples(res) == 1;
    if (found) {
        *record_id = xy_pg_i64(res, 0, 0);
        snprintf(rules, 64, "%s", xy_pg_str(res, 0, 1) ? xy_pg_str(res, 0, 1) : "");
    }
    PQclear(res);
    return found ? XY_OK : xy_error_set(err, XY_ENOTFOUND, "统计汇总尚未生成 (the aggregates were never refreshed)");
}

int xy_pg_mon_mark_set(struct xy_store *st, const char *rules, struct xy_error *err)
{
    return exec_n(st,
                 "UPDATE mon_refresh SET record_id = (SELECT coalesce(max(id), 0) FROM record), rules = $1 WHERE id = 1",
                 1, rules, NULL, "record the refresh's mark", err);
}

int xy_pg_mon_records_after(struct xy_store *st, int64_t record_id, const char *from, const char *to, char *stamp,
                            struct xy_error *err)
{
    /* by id from the mark (the primary key): as long as what was stored since the last refresh */
    struct pg_args a = {0};
    xy_pg_int(&a, record_id);
    xy_pg_text(&a, from);
    xy_pg_text(&a, to);
    PGresult *res = xy_pg_run(xy_pg_of(st), -1,
                              "SELECT min(created_at) FROM record WHERE id > $1 AND version = 1 AND created_at >= $2 "
                              "AND created_at < $3",
                              &a, err, "read the records stored since the refresh");
    if (!res)
        return xy_pg_failed(err);
    const char *v = PQntuples(res) == 1 ? xy_pg_str(res, 0, 0) : NULL;
    snprintf(stamp, 32, "%s", v ? v : "");
    PQclear(res);
    return XY_OK;
}

int xy_pg_mon_day_records(struct xy_store *st, const char *from_day, const char *to_day, xy_mon_fact_cb cb, void *ctx,
                          struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, from_day);
    xy_pg_text(&a, to_day);
    PGresult *res = xy_pg_run(xy_pg_of(st), -1,
                              "SELECT dept, cls, metric, sum(n) FROM mon_day WHERE day >= $1 AND day <= $2 "
                              "AND metric IN ('records', 'timely') GROUP BY 1, 2, 3",
                              &a, err, "read the month's counts");
    if (!res)
        return xy_pg_failed(err);
    int rc = XY_OK;
    for (int i = 0; i < PQntuples(res) && !rc; i++) {
        struct xy_mon_fact f = {XY_MF_RECORDS,        xy_pg_str(res, i, 0), xy_pg_str(res, i, 1),
                                xy_pg_str(res, i, 2), NULL,                 NULL,
                                xy_pg_i64(res, i, 3)};
        rc = cb(ctx, &f);
    }
    PQclear(res);
    return rc;
}

int xy_pg_mon_agg_read(struct xy_store *st, const char *from_month, const char *to_month, const char *dept,
                       xy_mon_agg_cb cb, void *ctx, struct xy_error *err)
{
    int city = dept && !strcmp(dept, "*");
    struct pg_args a = {0};
    xy_pg_text(&a, from_month);
    xy_pg_text(&a, to_month);
    if (!city)
        xy_pg_text(&a, dept);
    PGresult *res = run(st, city ? S_CITY_READ : S_AGG_READ, &a, err, "read the aggregates");
    if (!res)
        return xy_pg_failed(err);
    int rc = XY_OK;
    for (int i = 0; i < PQntuples(res) && !rc; i++) {
        struct xy_mon_agg_row r = {xy_pg_str(res, i, 0), xy_pg_str(res, i, 1), xy_pg_str(res, i, 2),
                                   xy_pg_str(res, i, 3), xy_pg_str(res, i, 4), xy_pg_i64(res, i, 5)};
        rc = cb(ctx, &r);
    }
    PQclear(res);
    return rc;
}

int xy_pg_mon_drill(struct xy_store *st, const struct xy_mon_drill *x, xy_mon_drill_cb cb, void *ctx,
                    struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, x->dept_id);
    xy_pg_text(&a, x->cls);
    xy_pg_text(&a, x->from);
    xy_pg_text(&a, x->to);
    if (x->rejected) {
        xy_pg_int(&a, x->after_a);
        xy_pg_int(&a, x->after_b);
    } else {
        xy_pg_text(&a, x->after_at);
        xy_pg_int(&a, x->after_a);
    }
    /* SQLite reads a negative LIMIT as none; PostgreSQL refuses one and reads NULL as none */
    if (x->limit < 0)
        xy_pg_text(&a, NULL);
    else
        xy_pg_int(&a, x->limit);
    PGresult *res = run(st, x->rejected ? S_DRILL_REJECTED : S_DRILL_LATE, &a, err, "read the rows behind a rate");
    if (!res)
        return xy_pg_failed(err);
    int rc = XY_OK;
    for (int i = 0; i < PQntuples(res) && !rc; i++) {
        struct xy_mon_drill_row d = {xy_pg_i64(res, i, 0), xy_pg_i64(res, i, 1), xy_pg_str(res, i, 2),
                                     xy_pg_str(res, i, 3), xy_pg_str(res, i, 4), xy_pg_str(res, i, 5),
                                     xy_pg_str(res, i, 6), xy_pg_i64(res, i, 7), xy_pg_str(res, i, 8),
                                     xy_pg_str(res, i, 9), xy_pg_str(res, i, 10), xy_pg_str(res, i, 11)};
        rc = cb(ctx, &d);
    }
    PQclear(res);
    return rc;
}
