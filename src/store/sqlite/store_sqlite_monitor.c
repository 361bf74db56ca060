/* SPDX-License-Identifier: Apache-2.0 */
/* The SQLite back end: monitoring departments and districts (store.h, unit_set .. mon_facts). The
 * office works on a month a few times a month, not in hot loops: each call prepares its statements
 * and finalizes them, so this file keeps no slots in the connection's statement arrays. No class,
 * status or change kind is written into the SQL: the caller passes them (struct xy_mon_scan). */
#include <stdio.h>
#include <string.h>

#include "store/sqlite/store_sqlite_int.h"


/* Runs a statement that returns no rows and finalizes it; XY_ENOTFOUND when it changed nothing and
 * must_change is set. */
static int run_once(struct sqlite_store *s, sqlite3_stmt *q, int must_change, const char *what, struct xy_error *err)
{
    int r = sqlite3_step(q), rc = XY_OK;
    if (r != SQLITE_DONE)
        rc = xy_sqlite_err(s, err, what);
    else if (must_change && sqlite3_changes(s->db) == 0)
        rc = xy_error_set(err, XY_ENOTFOUND, "没有此部门 (no such department)");
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_unit_set(struct xy_store *st, int64_t dept_id, const char *region, const char *level,
                       struct xy_error *err)
{
    sqlite3_stmt *q = xy_sqlite_prepare_once(xy_sqlite_of(st), "UPDATE dept SET region = ?2, level = ?3 WHERE id = ?1", err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, dept_id);
    xy_sqlite_bind_text(q, 2, region);
    xy_sqlite_bind_text(q, 3, level);
    return run_once(xy_sqlite_of(st), q, 1, "set reporting unit", err);
}

int xy_sqlite_plan_set(struct xy_store *st, int64_t dept_id, const char *body, const char *at, struct xy_error *err)
{
    sqlite3_stmt *q = xy_sqlite_prepare_once(xy_sqlite_of(st),
                              "INSERT INTO dept_plan (dept_id, body, set_at) SELECT id, ?2, ?3 FROM dept WHERE id = ?1 "
                              "ON CONFLICT (dept_id) DO UPDATE SET body = excluded.body, set_at = excluded.set_at",
                              err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, dept_id);
    xy_sqlite_bind_text(q, 2, body);
    xy_sqlite_bind_text(q, 3, at);
    return run_once(xy_sqlite_of(st), q, 1, "set collection catalogue", err);
}

int xy_sqlite_units(struct xy_store *st, xy_unit_cb cb, void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s,
                              "SELECT d.id, d.uscc, d.name, d.region, d.level, p.body FROM dept d "
                              "LEFT JOIN dept_plan p ON p.dept_id = d.id ORDER BY d.uscc",
                              err);
    if (!q)
        return xy_sqlite_failed(err);
    int r, rc = XY_OK;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        struct xy_unit_row u = {sqlite3_column_int64(q, 0), xy_sqlite_text(q, 1), xy_sqlite_text(q, 2),
                                xy_sqlite_text(q, 3), xy_sqlite_text(q, 4), xy_sqlite_text(q, 5)};
        if (cb(ctx, &u))
            break;
    }
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        rc = xy_sqlite_err(s, err, "list reporting units");
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_declaration_put(struct xy_store *st, int64_t dept_id, const char *month, const char *body,
                              const char *at, int64_t key_id, struct xy_error *err)
{
    sqlite3_stmt *q = xy_sqlite_prepare_once(xy_sqlite_of(st),
                              "INSERT INTO declaration (dept_id, month, body, declared_at, key_id) "
                              "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (dept_id, month) DO UPDATE SET "
                              "body = excluded.body, declared_at = excluded.declared_at, key_id = excluded.key_id",
                              err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, dept_id);
    xy_sqlite_bind_text(q, 2, month);
    xy_sqlite_bind_text(q, 3, body);
    xy_sqlite_bind_text(q, 4, at);
    sqlite3_bind_int64(q, 5, key_id);
    return run_once(xy_sqlite_of(st), q, 0, "store declaration", err);
}

int xy_sqlite_declarations(struct xy_store *st, const char *month, int64_t dept_id, xy_decl_cb cb, void *ctx,
                           struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s,
                              "SELECT d.uscc, x.body, x.declared_at FROM declaration x JOIN dept d ON d.id = x.dept_id "
                              "WHERE x.month = ?1 AND (?2 = 0 OR x.dept_id = ?2) ORDER BY d.uscc",
                              err);
    if (!q)
        return xy_sqlite_failed(err);
    xy_sqlite_bind_text(q, 1, month);
    sqlite3_bind_int64(q, 2, dept_id);
    int r, rc = XY_OK;
    while ((r = sqlite3_step(q)) == SQLITE_ROW)
        if (cb(ctx, xy_sqlite_text(q, 0), xy_sqlite_text(q, 1), xy_sqlite_text(q, 2)))
            break;
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        rc = xy_sqlite_err(s, err, "read declarations");
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_entry_put(struct xy_store *st, const struct xy_entry_row *e, struct xy_error *err)
{
    sqlite3_stmt *q = xy_sqlite_prepare_once(xy_sqlite_of(st),
                              "INSERT OR REPLACE INTO monitor_entry (month, category, dept_id, item, body, entered_at, "
                              "key_id, role) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                              err);
    if (!q)
        return xy_sqlite_failed(err);
    xy_sqlite_bind_text(q, 1, e->month);
    sqlite3_bind_int(q, 2, e->category);
    sqlite3_bind_int64(q, 3, e->dept_id);
    xy_sqlite_bind_text(q, 4, e->item);
    xy_sqlite_bind_text(q, 5, e->body);
    xy_sqlite_bind_text(q, 6, e->entered_at);
    sqlite3_bind_int64(q, 7, e->key_id);
    xy_sqlite_bind_text(q, 8, e->role);
    return run_once(xy_sqlite_of(st), q, 0, "store entry", err);
}

int xy_sqlite_entries(struct xy_store *st, const char *month, xy_entry_cb cb, void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s,
                              "SELECT e.month, e.category, e.dept_id, d.uscc, e.item, e.body, e.entered_at, e.key_id, "
                              "e.role FROM monitor_entry e JOIN dept d ON d.id = e.dept_id WHERE e.month = ?1 "
                              "ORDER BY e.category, d.uscc, e.item",
                              err);
    if (!q)
        return xy_sqlite_failed(err);
    xy_sqlite_bind_text(q, 1, month);
    int r, rc = XY_OK;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        struct xy_entry_row e = {xy_sqlite_text(q, 0), sqlite3_column_int(q, 1), sqlite3_column_int64(q, 2),
                                 xy_sqlite_text(q, 3), xy_sqlite_text(q, 4), xy_sqlite_text(q, 5),
                                 xy_sqlite_text(q, 6), sqlite3_column_int64(q, 7), xy_sqlite_text(q, 8)};
        if (cb(ctx, &e))
            break;
    }
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        rc = xy_sqlite_err(s, err, "read entries");
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_month_get(struct xy_store *st, const char *month, xy_month_cb cb, void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s,
                              "SELECT month, state, rules, params, figures, closed_at, closed_by, reopened "
                              "FROM monitor_month WHERE month = ?1",
                              err);
    if (!q)
        return xy_sqlite_failed(err);
    xy_sqlite_bind_text(q, 1, month);
    int r = sqlite3_step(q), rc = XY_OK;
    if (r == SQLITE_ROW) {
        struct xy_month_row m = {xy_sqlite_text(q, 0), xy_sqlite_text(q, 1), xy_sqlite_text(q, 2),
                                 xy_sqlite_text(q, 3), xy_sqlite_text(q, 4), xy_sqlite_text(q, 5),
                                 sqlite3_column_int64(q, 6), sqlite3_column_int(q, 7)};
        cb(ctx, &m);
    } else if (r == SQLITE_DONE) {
        rc = xy_error_set(err, XY_ENOTFOUND, "%.7s 月从未结账 (month %.7s was never closed)", month, month);
    } else {
        rc = xy_sqlite_err(s, err, "read month");
    }
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_month_put(struct xy_store *st, const struct xy_month_row *m, struct xy_error *err)
{
    sqlite3_stmt *q = xy_sqlite_prepare_once(xy_sqlite_of(st),
                              "INSERT OR REPLACE INTO monitor_month (month, state, rules, params, figures, closed_at, "
                              "closed_by, reopened) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                              err);
    if (!q)
        return xy_sqlite_failed(err);
    xy_sqlite_bind_text(q, 1, m->month);
    xy_sqlite_bind_text(q, 2, m->state);
    xy_sqlite_bind_text(q, 3, m->rules);
    xy_sqlite_bind_text(q, 4, m->params);
    xy_sqlite_bind_text(q, 5, m->figures);
    xy_sqlite_bind_text(q, 6, m->closed_at);
    sqlite3_bind_int64(q, 7, m->closed_by);
    sqlite3_bind_int(q, 8, m->reopened);
    return run_once(xy_sqlite_of(st), q, 0, "store month", err);
}

/* ---- the facts of a month ----------------------------------------------------------------------- */

/* Runs one fact query. Parameters: ?1 from, ?2 to, ?3 the last day; ?10.. the list classes (%1$s in
 * the text), ?20.. the statuses in force (%2$s), ?30.. the change kinds that end an entry (%3$s).
 * Columns: dept, class, key, t1, t2, n (NULL where a fact has none). */
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
        rc = xy_sqlite_err(s, err, "read the month's facts");
    sqlite3_finalize(q);
    return rc;
}

/* An entry's first version was stored before the month ended. */
#define FIRST_BEFORE_END                                                                                \
    "EXISTS (SELECT 1 FROM record v WHERE v.class = r.class AND v.dept_id = r.dept_id AND v.doc_no = r.doc_no " \
    "AND v.version = 1 AND v.created_at < ?2)"

static const struct {
    enum xy_mon_fact_kind kind;
    const char *sql;
} queries[] = {
    /* records first submitted in the month, by decision date and the hour they were stored: from
     * record_first alone (migration 28), grouped by department id before its code is looked up */
    {XY_MF_RECORD, "SELECT d.uscc, r.class, NULL, r.decision_date, r.hour, r.n FROM ("
                   "SELECT dept_id, class, decision_date, substr(created_at, 1, 13) AS hour, count(*) AS n "
                   "FROM record WHERE version = 1 AND created_at >= ?1 AND created_at < ?2 "
                   "GROUP BY dept_id, class, decision_date, hour) r JOIN dept d ON d.id = r.dept_id"},
    {XY_MF_BATCH, "SELECT d.uscc, b.class, 'rows', NULL, NULL, sum(b.rows_total) FROM batch b "
                  "JOIN dept d ON d.id = b.dept_id WHERE b.finished_at >= ?1 AND b.finished_at < ?2 "
                  "GROUP BY d.uscc, b.class"},
    {XY_MF_BATCH, "SELECT d.uscc, b.class, 'accepted', NULL, NULL, sum(b.accepted) FROM batch b "
                  "JOIN dept d ON d.id = b.dept_id WHERE b.finished_at >= ?1 AND b.finished_at < ?2 "
                  "GROUP BY d.uscc, b.class"},
    /* in force at the month's end: stored by then, window reaching its last day, not ended by then
     * (ended later counts whatever its status now) */
    {XY_MF_LIST_STOCK,
     "SELECT d.uscc, r.class, NULL, NULL, NULL, count(*) FROM record r JOIN dept d ON d.id = r.dept_id "
     "WHERE r.is_current = 1 AND r.class IN (%1$s) AND " FIRST_BEFORE_END " "
     "AND (r.public_until IS NULL OR r.public_until >= ?3) "
     "AND NOT EXISTS (SELECT 1 FROM change c WHERE c.record_id = r.id AND c.kind IN (%3$s) AND c.at < ?2) "
     "AND (r.status IN (%2$s) OR EXISTS (SELECT 1 FROM change c WHERE c.record_id = r.id AND c.kind IN (%3$s) "
     "AND c.at >= ?2)) GROUP BY d.uscc, r.class"},
    {XY_MF_LIST_EXIT, "SELECT d.uscc, r.class, c.kind, NULL, NULL, count(*) FROM change c "
                      "JOIN record r ON r.id = c.record_id JOIN dept d ON d.id = r.dept_id "
                      "WHERE c.at >= ?1 AND c.at < ?2 AND c.kind IN (%3$s) AND r.class IN (%1$s) "
                      "GROUP BY d.uscc, r.class, c.kind"},
    {XY_MF_CHECK, "SELECT dept_uscc, NULL, NULL, NULL, NULL, count(*) FROM checks WHERE at >= ?1 AND at < ?2 "
                  "GROUP BY dept_uscc"},
    /* a case: a check whose feedback, given in the month, applied a measure */
    {XY_MF_CASE, "SELECT c.dept_uscc, NULL, 'all', NULL, NULL, count(DISTINCT c.id) FROM check_feedback f "
                 "JOIN checks c ON c.id = f.check_id WHERE f.applied = 1 AND f.at >= ?1 AND f.at < ?2 "
                 "GROUP BY c.dept_uscc"},
    {XY_MF_CASE, "SELECT c.dept_uscc, NULL, x.kind, NULL, NULL, count(DISTINCT c.id) FROM check_feedback f "
                 "JOIN checks c ON c.id = f.check_id JOIN measure x ON x.id = f.measure_id "
                 "WHERE f.applied = 1 AND f.at >= ?1 AND f.at < ?2 GROUP BY c.dept_uscc, x.kind"},
    {XY_MF_FEEDBACK, "SELECT c.dept_uscc, NULL, NULL, NULL, NULL, count(*) FROM check_feedback f "
                     "JOIN checks c ON c.id = f.check_id WHERE f.at >= ?1 AND f.at < ?2 GROUP BY c.dept_uscc"},
    {XY_MF_EVER, "SELECT dept_uscc, NULL, NULL, NULL, NULL, 1 FROM checks WHERE at < ?2 GROUP BY dept_uscc"},
    /* each repair filed or decided in the month: filed, and when it reached its present state */
    {XY_MF_REPAIR, "SELECT d.uscc, r.class, k.state, k.filed_at, (SELECT max(s.at) FROM claim_step s "
                   "WHERE s.claim_id = k.id AND s.state = k.state), 1 FROM claim k "
                   "JOIN record r ON r.id = k.record_id JOIN dept d ON d.id = k.dept_id "
                   "WHERE k.kind = 'repair' AND ((k.filed_at >= ?1 AND k.filed_at < ?2) "
                   "OR (k.updated_at >= ?1 AND k.updated_at < ?2))"},
    {XY_MF_REPORT, "SELECT NULL, NULL, edition, NULL, NULL, count(*) FROM report WHERE issued_at >= ?1 "
                   "AND issued_at < ?2 GROUP BY edition"},
};

int xy_sqlite_mon_facts(struct xy_store *st, const struct xy_mon_scan *q, xy_mon_fact_cb cb, void *ctx,
                        struct xy_error *err)
{
    int rc = XY_OK;
    for (size_t i = 0; !rc && i < sizeof queries / sizeof queries[0]; i++)
        if (!(q->no_records && queries[i].kind == XY_MF_RECORD))
            rc = facts(xy_sqlite_of(st), q, queries[i].kind, queries[i].sql, cb, ctx, err);
    return rc;
}
