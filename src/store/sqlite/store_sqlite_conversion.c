/* SPDX-License-Identifier: Apache-2.0 */
/* The SQLite back end: the code conversion register and the monitoring facts beside it (store.h,
 * conv_put .. report_coverage). Called a few times a month or per imported list: each call prepares
 * its statements and finalizes them. No class, status or grade is written into the SQL. */
#include <stdio.h>
#include <string.h>

#include "store/sqlite/store_sqlite_int.h"


static int step_done(struct sqlite_store *s, sqlite3_stmt *q, const char *what, struct xy_error *err)
{
    int r = sqlite3_step(q), rc = r == SQLITE_DONE || r == SQLITE_ROW ? XY_OK : xy_sqlite_err(s, err, what);
    sqlite3_finalize(q);
    return rc;
}

static int same(const char *a, const char *b)
{
    return (!a || !*a) ? (!b || !*b) : (b && !strcmp(a, b));
}

int xy_sqlite_conv_put(struct xy_store *st, const struct xy_conv_put *p, const char *now, int *outcome,
                       struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s,
                                             "SELECT id, authority, orgcode, regno, name, registered_on, uscc, uscc_at "
                                             "FROM conv_entity WHERE dept_id = ?1 AND ident = ?2",
                                             err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, p->dept_id);
    xy_sqlite_bind_text(q, 2, p->ident);
    int r = sqlite3_step(q);
    if (r != SQLITE_ROW && r != SQLITE_DONE) {
        sqlite3_finalize(q);
        return xy_sqlite_err(s, err, "read the register");
    }
    int64_t id = 0;
    char uscc_at[32] = "";
    int changed = 1, uscc_new = p->uscc && *p->uscc;
    if (r == SQLITE_ROW) {
        id = sqlite3_column_int64(q, 0);
        changed = !same(p->authority, xy_sqlite_text(q, 1)) || !same(p->orgcode, xy_sqlite_text(q, 2)) ||
                  !same(p->regno, xy_sqlite_text(q, 3)) || !same(p->name, xy_sqlite_text(q, 4)) ||
                  !same(p->registered, xy_sqlite_text(q, 5)) || !same(p->uscc, xy_sqlite_text(q, 6));
        uscc_new = p->uscc && *p->uscc && !same(p->uscc, xy_sqlite_text(q, 6));
        if (xy_sqlite_text(q, 7))
            snprintf(uscc_at, sizeof uscc_at, "%s", xy_sqlite_text(q, 7));
    }
    sqlite3_finalize(q);
    *outcome = !id ? 1 : changed ? 2 : 0;
    if (!changed)
        return XY_OK;
    const char *at = uscc_new ? now : (p->uscc && *p->uscc && *uscc_at) ? uscc_at : NULL;
    q = xy_sqlite_prepare_once(s,
                               id ? "UPDATE conv_entity SET authority = ?3, orgcode = ?4, regno = ?5, name = ?6, "
                                    "registered_on = ?7, uscc = ?8, updated_at = ?9, uscc_at = ?10 WHERE id = ?1"
                                  : "INSERT INTO conv_entity (dept_id, ident, authority, orgcode, regno, name, "
                                    "registered_on, uscc, first_at, updated_at, uscc_at) "
                                    "VALUES (?11, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10)",
                               err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, id);
    xy_sqlite_bind_text(q, 2, p->ident);
    xy_sqlite_bind_text(q, 3, p->authority);
    xy_sqlite_bind_text(q, 4, p->orgcode && *p->orgcode ? p->orgcode : NULL);
    xy_sqlite_bind_text(q, 5, p->regno && *p->regno ? p->regno : NULL);
    xy_sqlite_bind_text(q, 6, p->name);
    xy_sqlite_bind_text(q, 7, p->registered && *p->registered ? p->registered : NULL);
    xy_sqlite_bind_text(q, 8, p->uscc && *p->uscc ? p->uscc : NULL);
    xy_sqlite_bind_text(q, 9, now);
    xy_sqlite_bind_text(q, 10, at);
    sqlite3_bind_int64(q, 11, p->dept_id);
    return step_done(s, q, "store a register entity", err);
}

int xy_sqlite_conv_scan(struct xy_store *st, int64_t dept_id, xy_conv_cb cb, void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    /* the organisation code's subjects through subject_orgcode, searched for each code of the
     * register (the `+` drops the column's affinity, without which SQLite cannot use the expression
     * index and reads every subject: a second or more on the bench city, at every close), the
     * registration number's through subject_regno_uscc */
    sqlite3_stmt *q = xy_sqlite_prepare_once(
        s,
        "SELECT e.id, d.uscc, e.authority, e.orgcode, e.regno, e.uscc, e.name, e.registered_on, e.first_at, e.uscc_at, "
        "  m.uscc, m.created_at, m.n, g.uscc, g.created_at FROM conv_entity e JOIN dept d ON d.id = e.dept_id "
        "LEFT JOIN (SELECT o.orgcode AS oc, min(s.uscc) AS uscc, min(s.created_at) AS created_at, count(*) AS n "
        "  FROM (SELECT DISTINCT orgcode FROM conv_entity WHERE orgcode IS NOT NULL) o "
        "  JOIN subject s ON substr(s.uscc, 9, 9) = +o.orgcode GROUP BY o.orgcode) m ON m.oc = e.orgcode "
        "LEFT JOIN subject g ON g.regno = e.regno AND g.uscc IS NOT NULL "
        "WHERE ?1 = 0 OR e.dept_id = ?1 ORDER BY d.uscc, e.id",
        err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, dept_id);
    int r, rc = XY_OK;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        int by_org = sqlite3_column_type(q, 10) != SQLITE_NULL;
        struct xy_conv_entity e = {
            .id = sqlite3_column_int64(q, 0),
            .dept = xy_sqlite_text(q, 1),
            .authority = xy_sqlite_text(q, 2),
            .orgcode = xy_sqlite_text(q, 3),
            .regno = xy_sqlite_text(q, 4),
            .uscc = xy_sqlite_text(q, 5),
            .name = xy_sqlite_text(q, 6),
            .registered = xy_sqlite_text(q, 7),
            .first_at = xy_sqlite_text(q, 8),
            .uscc_at = xy_sqlite_text(q, 9),
            .matched = by_org ? xy_sqlite_text(q, 10) : xy_sqlite_text(q, 13),
            .matched_at = by_org ? xy_sqlite_text(q, 11) : xy_sqlite_text(q, 14),
            .matches = by_org ? sqlite3_column_int(q, 12) : sqlite3_column_type(q, 13) != SQLITE_NULL,
        };
        if (cb(ctx, &e))
            break;
    }
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        rc = xy_sqlite_err(s, err, "read the register");
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_extra_put(struct xy_store *st, const char *body, const char *at, int64_t key_id, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q =
        xy_sqlite_prepare_once(s, "INSERT INTO monitor_extra (body, set_at, key_id) VALUES (?1, ?2, ?3)", err);
    if (!q)
        return xy_sqlite_failed(err);
    xy_sqlite_bind_text(q, 1, body);
    xy_sqlite_bind_text(q, 2, at);
    sqlite3_bind_int64(q, 3, key_id);
    return step_done(s, q, "store the category's definition", err);
}

int xy_sqlite_extra_get(struct xy_store *st, xy_extra_cb cb, void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s, "SELECT body, set_at FROM monitor_extra ORDER BY id DESC LIMIT 1", err);
    if (!q)
        return xy_sqlite_failed(err);
    int r = sqlite3_step(q), rc = XY_OK;
    if (r == SQLITE_ROW)
        cb(ctx, xy_sqlite_text(q, 0), xy_sqlite_text(q, 1));
    else if (r == SQLITE_DONE)
        rc = xy_error_set(err, XY_ENOTFOUND, "自定义类别尚未定义 (the configurable category is not defined)");
    else
        rc = xy_sqlite_err(s, err, "read the category's definition");
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_arrivals(struct xy_store *st, const char *from, const char *to, xy_arrival_cb cb, void *ctx,
                       struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s,
                                             "SELECT d.uscc, b.class, substr(b.finished_at, 1, 13), count(*) FROM batch b "
                                             "JOIN dept d ON d.id = b.dept_id WHERE b.finished_at >= ?1 AND "
                                             "b.finished_at < ?2 AND b.rows_total > 0 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
                                             err);
    if (!q)
        return xy_sqlite_failed(err);
    xy_sqlite_bind_text(q, 1, from);
    xy_sqlite_bind_text(q, 2, to);
    int r, rc = XY_OK;
    while ((r = sqlite3_step(q)) == SQLITE_ROW)
        if ((rc = cb(ctx, xy_sqlite_text(q, 0), xy_sqlite_text(q, 1), xy_sqlite_text(q, 2), sqlite3_column_int64(q, 3))))
            break;
    if (!rc && r != SQLITE_DONE)
        rc = xy_sqlite_err(s, err, "read arrivals");
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_report_coverage(struct xy_store *st, const struct xy_cov_scan *x, xy_cov_cb cb, void *ctx,
                              struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    char lists[160], force[160], exits[160], sql[2048];
    int nl, nf, ne;
    xy_sqlite_set_sql(lists, sizeof lists, 10, x->black_classes, &nl);
    xy_sqlite_set_sql(force, sizeof force, 20, x->in_force, &nf);
    xy_sqlite_set_sql(exits, sizeof exits, 30, x->exit_kinds, &ne);
    /* in force at the month's end as category 1's stock counts it (store_sqlite_monitor.c) */
    snprintf(sql, sizeof sql,
             "WITH t(sid, black, poor) AS ("
             " SELECT r.subject_id, 1, 0 FROM record r WHERE r.is_current = 1 AND r.class IN (%s)"
             " AND EXISTS (SELECT 1 FROM record v WHERE v.class = r.class AND v.dept_id = r.dept_id AND"
             "  v.doc_no = r.doc_no AND v.version = 1 AND v.created_at < ?1)"
             " AND (r.public_until IS NULL OR r.public_until >= ?2)"
             " AND NOT EXISTS (SELECT 1 FROM change c WHERE c.record_id = r.id AND c.kind IN (%s) AND c.at < ?1)"
             " AND (r.status IN (%s) OR EXISTS (SELECT 1 FROM change c WHERE c.record_id = r.id AND c.kind IN (%s)"
             "  AND c.at >= ?1))"
             " UNION ALL SELECT subject_id, 0, 1 FROM eval_result WHERE grade = ?3)"
             "SELECT coalesce((SELECT region FROM eval_result g WHERE g.subject_id = t.sid), substr(s.uscc, 3, 6), ''),"
             " max(t.black), max(t.poor),"
             " EXISTS (SELECT 1 FROM report p WHERE p.subject_id = t.sid AND p.issued_at >= ?4 AND p.issued_at < ?1)"
             " FROM t JOIN subject s ON s.id = t.sid GROUP BY t.sid",
             lists, exits, force, exits);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s, sql, err);
    if (!q)
        return xy_sqlite_failed(err);
    xy_sqlite_bind_text(q, 1, x->to);
    xy_sqlite_bind_text(q, 2, x->last_day);
    xy_sqlite_bind_text(q, 3, x->poor_grade);
    xy_sqlite_bind_text(q, 4, x->from12);
    xy_sqlite_set_bind(q, 10, x->black_classes, nl);
    xy_sqlite_set_bind(q, 20, x->in_force, nf);
    xy_sqlite_set_bind(q, 30, x->exit_kinds, ne);
    int r, rc = XY_OK;
    while ((r = sqlite3_step(q)) == SQLITE_ROW)
        if ((rc = cb(ctx, xy_sqlite_text(q, 0), sqlite3_column_int(q, 1), sqlite3_column_int(q, 2),
                     sqlite3_column_int(q, 3))))
            break;
    if (!rc && r != SQLITE_DONE)
        rc = xy_sqlite_err(s, err, "read report coverage");
    sqlite3_finalize(q);
    return rc;
}
