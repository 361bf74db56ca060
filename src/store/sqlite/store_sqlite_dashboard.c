/* SPDX-License-Identifier: Apache-2.0 */
/* The SQLite back end: the dashboards' aggregates (store.h, mon_day_facts .. mon_drill; migration
 * 22). The facts are those of store_sqlite_monitor.c grouped by Beijing day instead of by month; a
 * refresh runs once a day or on demand, so statements are prepared per call. No class, status or
 * change kind is written into the SQL: the caller passes them. */
#include <stdio.h>
#include <string.h>

#include "store/sqlite/store_sqlite_int.h"

#define DAY(x) "date(" x ", '+8 hours')" /* the Beijing day of a stored UTC stamp */

/* One fact query: ?1 from, ?2 to, ?3 the last day; ?10.. list classes (%1$s), ?20.. statuses in
 * force (%2$s), ?30.. change kinds ending an entry (%3$s). Columns: dept, class, key, t1, t2, n. */
static int facts(struct sqlite_store *s, const struct xy_mon_scan *x, enum xy_mon_fact_kind kind, const char *fmt,
                 xy_mon_fact_cb cb, void *ctx, struct xy_error *err)
{
    char lists[160], force[160], exits[160], sql[2048];
    int nl, nf, ne;
    xy_sqlite_set_sql(lists, sizeof lists, 10, x->list_classes, &nl);
    xy_sqlite_set_sql(force, sizeof force, 20, x->in_force, &nf);
    xy_sqlite_set_sql(exits, sizeof exits, 30, x->exit_kinds, &ne);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    snprintf(sql, sizeof sql, fmt, lists, force, exits);
#pragma GCC diagnostic pop
    sqlite3_stmt *q = xy_sqlite_prepare_once(s, sql, err);
    if (!q)
        return xy_sqlite_failed(err);
    xy_sqlite_bind_text(q, 1, x->from);
    xy_sqlite_bind_text(q, 2, x->to);
    xy_sqlite_bind_text(q, 3, x->last_day);
    xy_sqlite_set_bind(q, 10, x->list_classes, nl);
    xy_sqlite_set_bind(q, 20, x->in_force, nf);
    xy_sqlite_set_bind(q, 30, x->exit_kinds, ne);
    int r, rc = XY_OK;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        struct xy_mon_fact f = {kind,
                                xy_sqlite_text(q, 0),
                                xy_sqlite_text(q, 1),
                                xy_sqlite_text(q, 2),
                                xy_sqlite_text(q, 3),
                                xy_sqlite_text(q, 4),
                                sqlite3_column_int64(q, 5)};
        if ((rc = cb(ctx, &f)))
            break;
    }
    if (!rc && r != SQLITE_DONE)
        rc = xy_sqlite_err(s, err, "read the facts by day");
    sqlite3_finalize(q);
    return rc;
}

#define BATCH_SUM(key, expr)                                                                       \
    "SELECT d.uscc, b.class, '" key "', NULL, " DAY("b.finished_at") ", sum(" expr ") FROM batch b " \
    "JOIN dept d ON d.id = b.dept_id WHERE b.finished_at >= ?1 AND b.finished_at < ?2 GROUP BY 1, 2, 5"

/* The tables the daily queries read (T_CLAIM: always read); any_sql probes each through its index. */
enum { T_RECORD, T_BATCH, T_CHANGE, T_CHECKS, T_FEEDBACK, T_REPORT, T_N, T_CLAIM = T_N };
static const char any_sql[] =
    "SELECT EXISTS (SELECT 1 FROM record WHERE version = 1 AND created_at >= ?1 AND created_at < ?2), "
    "EXISTS (SELECT 1 FROM batch WHERE finished_at >= ?1 AND finished_at < ?2), "
    "EXISTS (SELECT 1 FROM change WHERE at >= ?1 AND at < ?2), "
    "EXISTS (SELECT 1 FROM checks WHERE at >= ?1 AND at < ?2), "
    "EXISTS (SELECT 1 FROM check_feedback WHERE at >= ?1 AND at < ?2), "
    "EXISTS (SELECT 1 FROM report WHERE issued_at >= ?1 AND issued_at < ?2)";

static const struct {
    enum xy_mon_fact_kind kind;
    int table;
    const char *sql;
} daily[] = {
    /* grouped by decision date too: the caller decides which were on time */
    {XY_MF_RECORD, T_RECORD, "SELECT d.uscc, r.class, NULL, r.decision_date, r.day, r.n FROM ("
                   "SELECT dept_id, class, decision_date, " DAY("created_at") " AS day, count(*) AS n FROM record "
                   "WHERE version = 1 AND created_at >= ?1 AND created_at < ?2 "
                   "GROUP BY dept_id, class, decision_date, day) r JOIN dept d ON d.id = r.dept_id"},
    {XY_MF_BATCH, T_BATCH, BATCH_SUM("rows", "b.rows_total")},
    {XY_MF_BATCH, T_BATCH, BATCH_SUM("accepted", "b.accepted")},
    {XY_MF_BATCH, T_BATCH, BATCH_SUM("rejected", "b.rows_total - b.accepted")},
    {XY_MF_LIST_EXIT, T_CHANGE, "SELECT d.uscc, r.class, c.kind, NULL, " DAY("c.at") ", count(*) FROM change c "
                      "JOIN record r ON r.id = c.record_id JOIN dept d ON d.id = r.dept_id "
                      "WHERE c.at >= ?1 AND c.at < ?2 AND c.kind IN (%3$s) AND r.class IN (%1$s) GROUP BY 1, 2, 3, 5"},
    {XY_MF_CHECK, T_CHECKS, "SELECT dept_uscc, NULL, NULL, NULL, " DAY("at") ", count(*) FROM checks WHERE at >= ?1 AND "
                  "at < ?2 GROUP BY 1, 5"},
    {XY_MF_CASE, T_FEEDBACK, "SELECT c.dept_uscc, NULL, 'all', NULL, " DAY("f.at") ", count(DISTINCT c.id) FROM check_feedback f "
                 "JOIN checks c ON c.id = f.check_id WHERE f.applied = 1 AND f.at >= ?1 AND f.at < ?2 GROUP BY 1, 5"},
    {XY_MF_CASE, T_FEEDBACK, "SELECT c.dept_uscc, NULL, x.kind, NULL, " DAY("f.at") ", count(DISTINCT c.id) FROM check_feedback f "
                 "JOIN checks c ON c.id = f.check_id JOIN measure x ON x.id = f.measure_id "
                 "WHERE f.applied = 1 AND f.at >= ?1 AND f.at < ?2 GROUP BY 1, 3, 5"},
    {XY_MF_FEEDBACK, T_FEEDBACK, "SELECT c.dept_uscc, NULL, NULL, NULL, " DAY("f.at") ", count(*) FROM check_feedback f "
                     "JOIN checks c ON c.id = f.check_id WHERE f.at >= ?1 AND f.at < ?2 GROUP BY 1, 5"},
    {XY_MF_REPAIR, T_CLAIM, "SELECT d.uscc, r.class, k.state, k.filed_at, (SELECT max(s.at) FROM claim_step s "
                   "WHERE s.claim_id = k.id AND s.state = k.state), 1 FROM claim k "
                   "JOIN record r ON r.id = k.record_id JOIN dept d ON d.id = k.dept_id "
                   "WHERE k.kind = 'repair' AND ((k.filed_at >= ?1 AND k.filed_at < ?2) "
                   "OR (k.updated_at >= ?1 AND k.updated_at < ?2))"},
    {XY_MF_REPORT, T_REPORT, "SELECT NULL, NULL, edition, NULL, " DAY("issued_at") ", count(*) FROM report "
                   "WHERE issued_at >= ?1 AND issued_at < ?2 GROUP BY 3, 5"},
};

/* As store_sqlite_monitor.c's: in force at ?2, stored by then, window reaching ?3, not ended by then. */
#define STOCK                                                                                                      \
    "SELECT d.uscc, r.class, NULL, NULL, NULL, count(*) FROM record r JOIN dept d ON d.id = r.dept_id "            \
    "WHERE r.is_current = 1 AND r.class IN (%1$s) AND EXISTS (SELECT 1 FROM record v WHERE v.class = r.class "      \
    "AND v.dept_id = r.dept_id AND v.doc_no = r.doc_no AND v.version = 1 AND v.created_at < ?2) "                   \
    "AND (r.public_until IS NULL OR r.public_until >= ?3) "                                                        \
    "AND NOT EXISTS (SELECT 1 FROM change c WHERE c.record_id = r.id AND c.kind IN (%3$s) AND c.at < ?2) "           \
    "AND (r.status IN (%2$s) OR EXISTS (SELECT 1 FROM change c WHERE c.record_id = r.id AND c.kind IN (%3$s) "      \
    "AND c.at >= ?2)) GROUP BY d.uscc, r.class"

int xy_sqlite_mon_day_facts(struct xy_store *st, const struct xy_mon_scan *q, int stock, xy_mon_fact_cb cb, void *ctx,
                            struct xy_error *err)
{
    if (stock)
        return facts(xy_sqlite_of(st), q, XY_MF_LIST_STOCK, STOCK, cb, ctx, err);
    /* a query whose table holds nothing in the range is not run: a full refresh goes month by month
     * from 2000, and the list exits' join would walk every list entry for each empty month */
    struct sqlite_store *s = xy_sqlite_of(st);
    int any[T_N + 1] = {0};
    any[T_CLAIM] = 1;
    sqlite3_stmt *a = xy_sqlite_prepare_once(s, any_sql, err);
    if (!a)
        return xy_sqlite_failed(err);
    xy_sqlite_bind_text(a, 1, q->from);
    xy_sqlite_bind_text(a, 2, q->to);
    int rc = XY_OK;
    if (sqlite3_step(a) == SQLITE_ROW)
        for (int t = 0; t < T_N; t++)
            any[t] = sqlite3_column_int(a, t);
    else
        rc = xy_sqlite_err(s, err, "probe the range");
    sqlite3_finalize(a);
    for (size_t i = 0; !rc && i < sizeof daily / sizeof daily[0]; i++)
        if (any[daily[i].table])
            rc = facts(s, q, daily[i].kind, daily[i].sql, cb, ctx, err);
    return rc;
}

/* Prepares sql, binds up to four texts, runs it. */
static int exec4(struct xy_store *st, const char *sql, const char *a, const char *b, const char *c, const char *d,
                 const char *what, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s, sql, err);
    if (!q)
        return xy_sqlite_failed(err);
    const char *v[4] = {a, b, c, d};
    for (int i = 0; i < 4 && i < sqlite3_bind_parameter_count(q); i++)
        xy_sqlite_bind_text(q, i + 1, v[i]);
    int rc = sqlite3_step(q) == SQLITE_DONE ? XY_OK : xy_sqlite_err(s, err, what);
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_mon_agg_clear(struct xy_store *st, const char *from_day, const char *to_day, const char *from_month,
                            const char *to_month, struct xy_error *err)
{
    int rc = exec4(st, "DELETE FROM mon_day WHERE day >= ?1 AND day <= ?2", from_day, to_day, NULL, NULL,
                   "clear daily counts", err);
    if (!rc)
        rc = exec4(st, "DELETE FROM mon_cutoff WHERE day >= ?1 AND day <= ?2", from_day, to_day, NULL, NULL,
                   "clear cutoffs", err);
    if (!rc)
        rc = exec4(st, "DELETE FROM mon_month WHERE month >= ?1 AND month <= ?2", from_month, to_month, NULL, NULL,
                   "clear monthly counts", err);
    return rc;
}

int xy_sqlite_mon_agg_add(struct xy_store *st, const struct xy_mon_agg_row *rows, size_t n, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    /* a refresh adds many rows: each statement prepared once a call */
    sqlite3_stmt *q[2] = {
        xy_sqlite_prepare_once(s,
                               "INSERT INTO mon_day (day, dept, cls, metric, n) VALUES (?1, ?2, ?3, ?4, ?5) "
                               "ON CONFLICT (day, dept, cls, metric) DO UPDATE SET n = n + excluded.n",
                               err),
        xy_sqlite_prepare_once(s,
                               "INSERT INTO mon_month (month, dept, region, cls, metric, n) SELECT ?1, ?2, "
                               "coalesce((SELECT region FROM dept WHERE uscc = ?2), ''), ?3, ?4, ?5 WHERE 1 "
                               "ON CONFLICT (month, dept, cls, metric) DO UPDATE SET n = n + excluded.n",
                               err)};
    int rc = q[0] && q[1] ? XY_OK : xy_sqlite_failed(err);
    for (size_t i = 0; !rc && i < n; i++) {
        const struct xy_mon_agg_row *r = &rows[i];
        sqlite3_stmt *x = q[r->period && strlen(r->period) == 7];
        sqlite3_reset(x);
        xy_sqlite_bind_text(x, 1, r->period);
        xy_sqlite_bind_text(x, 2, r->dept ? r->dept : "");
        xy_sqlite_bind_text(x, 3, r->cls ? r->cls : "");
        xy_sqlite_bind_text(x, 4, r->metric);
        sqlite3_bind_int64(x, 5, r->n);
        if (sqlite3_step(x) != SQLITE_DONE)
            rc = xy_sqlite_err(s, err, "add a count");
    }
    sqlite3_finalize(q[0]);
    sqlite3_finalize(q[1]);
    return rc;
}

int xy_sqlite_mon_cutoff_put(struct xy_store *st, const char *day, const char *cutoff, struct xy_error *err)
{
    return exec4(st, "INSERT OR REPLACE INTO mon_cutoff (day, cutoff) VALUES (?1, ?2)", day, cutoff, NULL, NULL,
                 "store a cutoff", err);
}

int xy_sqlite_mon_agg_rollup(struct xy_store *st, const char *from_month, const char *to_month, const char *day,
                             const char *at, struct xy_error *err)
{
    /* the upper bound is the month's last possible day, as text */
    char to_day[16];
    snprintf(to_day, sizeof to_day, "%.7s-32", to_month);
    int rc = exec4(st,
                   "INSERT INTO mon_month (month, dept, region, cls, metric, n) SELECT substr(m.day, 1, 7), m.dept, "
                   "coalesce(d.region, ''), m.cls, m.metric, sum(m.n) FROM mon_day m LEFT JOIN dept d ON d.uscc = m.dept "
                   "WHERE m.day >= ?1 AND m.day <= ?2 GROUP BY substr(m.day, 1, 7), m.dept, m.cls, m.metric "
                   "ON CONFLICT (month, dept, cls, metric) DO UPDATE SET n = n + excluded.n",
                   from_month, to_day, NULL, NULL, "sum the days", err);
    /* declarations are few and may come for any month: all taken afresh */
    if (!rc)
        rc = exec4(st, "DELETE FROM mon_month WHERE metric IN ('declared', 'exempt')", NULL, NULL, NULL, NULL,
                   "clear declared figures", err);
    if (!rc)
        rc = exec4(st,
                   "INSERT OR REPLACE INTO mon_month (month, dept, region, cls, metric, n) "
                   "SELECT x.month, d.uscc, coalesce(d.region, ''), json_extract(j.value, '$.class'), k.metric, "
                   "coalesce(json_extract(j.value, k.path), 0) FROM declaration x JOIN dept d ON d.id = x.dept_id "
                   "JOIN json_each(x.body, '$.classes') j "
                   "JOIN (SELECT 'declared' AS metric, '$.decided' AS path UNION ALL SELECT 'exempt', '$.exempt') k",
                   NULL, NULL, NULL, NULL, "take the declared figures", err);
    /* the city's sums, whole: declarations may have changed any month */
    if (!rc)
        rc = exec4(st, "DELETE FROM mon_city", NULL, NULL, NULL, NULL, "clear the city's sums", err);
    if (!rc)
        rc = exec4(st,
                   "INSERT INTO mon_city (month, cls, metric, n) SELECT month, cls, metric, sum(n) FROM mon_month "
                   "GROUP BY month, cls, metric",
                   NULL, NULL, NULL, NULL, "sum the city", err);
    if (!rc)
        rc = exec4(st,
                   "INSERT INTO mon_city (month, cls, metric, n) SELECT month, '', 'depts', count(DISTINCT dept) "
                   "FROM mon_month WHERE metric IN ('checks', 'feedback') AND n > 0 AND dept <> '' GROUP BY month",
                   NULL, NULL, NULL, NULL, "count the departments taking part", err);
    if (!rc)
        rc = exec4(st, "INSERT OR REPLACE INTO mon_refresh (id, day, at) VALUES (1, ?1, ?2)", day, at, NULL, NULL,
                   "record the refresh", err);
    return rc;
}

int xy_sqlite_mon_refresh_get(struct xy_store *st, char *day, char *at, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s, "SELECT day, at FROM mon_refresh WHERE id = 1", err);
    if (!q)
        return xy_sqlite_failed(err);
    int r = sqlite3_step(q), rc = XY_OK;
    if (r == SQLITE_ROW) {
        snprintf(day, 11, "%s", xy_sqlite_text(q, 0));
        snprintf(at, 32, "%s", xy_sqlite_text(q, 1));
    } else if (r == SQLITE_DONE) {
        rc = xy_error_set(err, XY_ENOTFOUND, "统计汇总尚未生成 (the aggregates were never refreshed)");
    } else {
        rc = xy_sqlite_err(s, err, "read the refresh");
    }
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_mon_mark_get(struct xy_store *st, int64_t *record_id, char *rules, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s, "SELECT record_id, rules FROM mon_refresh WHERE id = 1", err);
    if (!q)
        return xy_sqlite_failed(err);
    int r = sqlite3_step(q), rc = XY_OK;
    if (r == SQLITE_ROW) {
        *record_id = sqlite3_column_int64(q, 0);
        snprintf(rules, 64, "%s", xy_sqlite_text(q, 1) ? xy_sqlite_text(q, 1) : "");
    } else if (r == SQLITE_DONE) {
        rc = xy_error_set(err, XY_ENOTFOUND, "统计汇总尚未生成 (the aggregates were never refreshed)");
    } else {
        rc = xy_sqlite_err(s, err, "read the refresh's mark");
    }
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_mon_mark_set(struct xy_store *st, const char *rules, struct xy_error *err)
{
    return exec4(st,
                 "UPDATE mon_refresh SET record_id = (SELECT coalesce(max(id), 0) FROM record), rules = ?1 WHERE id = 1",
                 rules, NULL, NULL, NULL, "record the refresh's mark", err);
}

int xy_sqlite_mon_records_after(struct xy_store *st, int64_t record_id, const char *from, const char *to, char *stamp,
                                struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    /* by rowid from the mark: as long as what was stored since the last refresh, not the month */
    sqlite3_stmt *q = xy_sqlite_prepare_once(s,
                                             "SELECT min(created_at) FROM record NOT INDEXED WHERE id > ?1 AND "
                                             "version = 1 AND created_at >= ?2 AND created_at < ?3",
                                             err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, record_id);
    xy_sqlite_bind_text(q, 2, from);
    xy_sqlite_bind_text(q, 3, to);
    int rc = XY_OK;
    if (sqlite3_step(q) == SQLITE_ROW)
        snprintf(stamp, 32, "%s", xy_sqlite_text(q, 0) ? xy_sqlite_text(q, 0) : "");
    else
        rc = xy_sqlite_err(s, err, "read the records stored since the refresh");
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_mon_day_records(struct xy_store *st, const char *from_day, const char *to_day, xy_mon_fact_cb cb,
                              void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s,
                                             "SELECT dept, cls, metric, sum(n) FROM mon_day WHERE day >= ?1 AND "
                                             "day <= ?2 AND metric IN ('records', 'timely') GROUP BY 1, 2, 3",
                                             err);
    if (!q)
        return xy_sqlite_failed(err);
    xy_sqlite_bind_text(q, 1, from_day);
    xy_sqlite_bind_text(q, 2, to_day);
    int r, rc = XY_OK;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        struct xy_mon_fact f = {XY_MF_RECORDS,        xy_sqlite_text(q, 0), xy_sqlite_text(q, 1),
                                xy_sqlite_text(q, 2), NULL,                 NULL,
                                sqlite3_column_int64(q, 3)};
        if ((rc = cb(ctx, &f)))
            break;
    }
    if (!rc && r != SQLITE_DONE)
        rc = xy_sqlite_err(s, err, "read the month's counts");
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_mon_agg_read(struct xy_store *st, const char *from_month, const char *to_month, const char *dept,
                           xy_mon_agg_cb cb, void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    int city = dept && !strcmp(dept, "*");
    sqlite3_stmt *q = xy_sqlite_prepare_once(
        s,
        city ? "SELECT month, '', '', cls, metric, n FROM mon_city WHERE month >= ?1 AND month <= ?2 AND ?3 = '*'"
             : "SELECT month, dept, region, cls, metric, n FROM mon_month "
               "WHERE month >= ?1 AND month <= ?2 AND (?3 IS NULL OR dept = ?3)",
        err);
    if (!q)
        return xy_sqlite_failed(err);
    xy_sqlite_bind_text(q, 1, from_month);
    xy_sqlite_bind_text(q, 2, to_month);
    xy_sqlite_bind_text(q, 3, dept);
    int r, rc = XY_OK;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        struct xy_mon_agg_row a = {xy_sqlite_text(q, 0), xy_sqlite_text(q, 1), xy_sqlite_text(q, 2),
                                   xy_sqlite_text(q, 3), xy_sqlite_text(q, 4), sqlite3_column_int64(q, 5)};
        if ((rc = cb(ctx, &a)))
            break;
    }
    if (!rc && r != SQLITE_DONE)
        rc = xy_sqlite_err(s, err, "read the aggregates");
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_mon_drill(struct xy_store *st, const struct xy_mon_drill *x, xy_mon_drill_cb cb, void *ctx,
                        struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    /* late: decided before the first timely day of the day it was stored (record_dept_first) */
    static const char late[] =
        "SELECT r.id, 0, r.class, r.created_at, r.doc_no, r.decision_date, s.opaque, NULL, NULL, NULL, NULL, NULL "
        "FROM record r JOIN mon_cutoff c ON c.day = " DAY("r.created_at") " JOIN subject s ON s.id = r.subject_id "
        "WHERE r.version = 1 AND r.dept_id = ?1 AND r.class = ?2 AND r.created_at >= ?3 AND r.created_at < ?4 "
        "AND (r.decision_date IS NULL OR r.decision_date < c.cutoff) "
        "AND (?5 IS NULL OR r.created_at > ?5 OR (r.created_at = ?5 AND r.id > ?6)) "
        "ORDER BY r.created_at, r.id LIMIT ?8";
    static const char rejected[] =
        "SELECT j.batch_id, j.seq, b.class, b.finished_at, NULL, NULL, NULL, j.row_no, j.field, j.value, j.code, "
        "j.reason FROM batch b JOIN batch_reject j ON j.batch_id = b.id "
        "WHERE b.dept_id = ?1 AND b.class = ?2 AND b.finished_at >= ?3 AND b.finished_at < ?4 "
        "AND (j.batch_id > ?6 OR (j.batch_id = ?6 AND j.seq > ?7)) AND ?5 IS NULL "
        "ORDER BY j.batch_id, j.seq LIMIT ?8";
    sqlite3_stmt *q = xy_sqlite_prepare_once(s, x->rejected ? rejected : late, err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, x->dept_id);
    xy_sqlite_bind_text(q, 2, x->cls);
    xy_sqlite_bind_text(q, 3, x->from);
    xy_sqlite_bind_text(q, 4, x->to);
    xy_sqlite_bind_text(q, 5, x->rejected ? NULL : x->after_at);
    sqlite3_bind_int64(q, 6, x->after_a);
    sqlite3_bind_int64(q, 7, x->after_b);
    sqlite3_bind_int(q, 8, x->limit);
    int r, rc = XY_OK;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        struct xy_mon_drill_row d = {sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1), xy_sqlite_text(q, 2),
                                     xy_sqlite_text(q, 3),        xy_sqlite_text(q, 4),        xy_sqlite_text(q, 5),
                                     xy_sqlite_text(q, 6),        sqlite3_column_int64(q, 7), xy_sqlite_text(q, 8),
                                     xy_sqlite_text(q, 9),        xy_sqlite_text(q, 10),       xy_sqlite_text(q, 11)};
        if ((rc = cb(ctx, &d)))
            break;
    }
    if (!rc && r != SQLITE_DONE)
        rc = xy_sqlite_err(s, err, "read the rows behind a rate");
    sqlite3_finalize(q);
    return rc;
}
