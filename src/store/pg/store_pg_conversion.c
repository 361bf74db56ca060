/* SPDX-License-Identifier: Apache-2.0 */
/* PostgreSQL back end: the code conversion register and the monitoring facts beside it (store.h,
 * conv_put .. report_coverage), as store_sqlite_conversion.c. No class, status or grade is written
 * into the SQL: sets are bound in fixed places, the unused ones NULL (which matches nothing). */
#include <stdio.h>
#include <string.h>

#include "store/pg/store_pg_int.h"

#define SET_MAX 8

enum {
    S_FIND = 384,
    S_UPDATE,
    S_INSERT,
    S_SCAN,
    S_EXTRA_PUT,
    S_EXTRA_GET,
    S_ARRIVALS,
    S_COVERAGE,
    S__END
};
_Static_assert(S__END <= XY_PG_STMTS, "store_pg_conversion.c statements use ids 384..399");


static const char *const stmt_sql[S__END] = {
    [S_FIND] = "SELECT id, authority, orgcode, regno, name, registered_on, uscc, uscc_at FROM conv_entity "
               "WHERE dept_id = $1 AND ident = $2",
    [S_UPDATE] = "UPDATE conv_entity SET authority = $2, orgcode = $3, regno = $4, name = $5, registered_on = $6, "
                 "uscc = $7, updated_at = $8, uscc_at = $9 WHERE id = $1",
    [S_INSERT] = "INSERT INTO conv_entity(dept_id, ident, authority, orgcode, regno, name, registered_on, uscc, "
                 "first_at, updated_at, uscc_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10)",
    /* the organisation code's subjects through subject_orgcode, the registration number's through
     * subject_regno_uscc */
    [S_SCAN] = "SELECT e.id, d.uscc, e.authority, e.orgcode, e.regno, e.uscc, e.name, e.registered_on, e.first_at, "
               "e.uscc_at, m.uscc, m.created_at, m.n, g.uscc, g.created_at FROM conv_entity e "
               "JOIN dept d ON d.id = e.dept_id "
               "LEFT JOIN (SELECT substr(uscc, 9, 9) AS oc, min(uscc) AS uscc, min(created_at) AS created_at, "
               "count(*) AS n FROM subject WHERE uscc IS NOT NULL AND substr(uscc, 9, 9) IN "
               "(SELECT orgcode FROM conv_entity) GROUP BY substr(uscc, 9, 9)) m ON m.oc = e.orgcode "
               "LEFT JOIN subject g ON g.regno = e.regno AND g.uscc IS NOT NULL "
               "WHERE $1::bigint = 0 OR e.dept_id = $1 ORDER BY d.uscc, e.id",
    [S_EXTRA_PUT] = "INSERT INTO monitor_extra(body, set_at, key_id) VALUES ($1, $2, $3)",
    [S_EXTRA_GET] = "SELECT body, set_at FROM monitor_extra ORDER BY id DESC LIMIT 1",
    [S_ARRIVALS] = "SELECT d.uscc, b.class, substr(b.finished_at, 1, 13), count(*) FROM batch b "
                   "JOIN dept d ON d.id = b.dept_id WHERE b.finished_at >= $1 AND b.finished_at < $2 "
                   "AND b.rows_total > 0 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
    /* in force at the month's end as category 1's stock counts it; $5..$12 the black-list classes,
     * $13..$20 the statuses in force, $21..$28 the change kinds that end an entry */
    [S_COVERAGE] =
        "WITH t(sid, black, poor) AS ("
        " SELECT r.subject_id, 1, 0 FROM record r WHERE r.is_current = 1"
        " AND r.class IN ($5, $6, $7, $8, $9, $10, $11, $12)"
        " AND EXISTS (SELECT 1 FROM record v WHERE v.class = r.class AND v.dept_id = r.dept_id AND"
        "  v.doc_no = r.doc_no AND v.version = 1 AND v.created_at < $1)"
        " AND (r.public_until IS NULL OR r.public_until >= $2)"
        " AND NOT EXISTS (SELECT 1 FROM change c WHERE c.record_id = r.id"
        "  AND c.kind IN ($21, $22, $23, $24, $25, $26, $27, $28) AND c.at < $1)"
        " AND (r.status IN ($13, $14, $15, $16, $17, $18, $19, $20) OR EXISTS (SELECT 1 FROM change c"
        "  WHERE c.record_id = r.id AND c.kind IN ($21, $22, $23, $24, $25, $26, $27, $28) AND c.at >= $1))"
        " UNION ALL SELECT subject_id, 0, 1 FROM eval_result WHERE grade = $3) "
        "SELECT COALESCE((SELECT region FROM eval_result g WHERE g.subject_id = t.sid), substr(s.uscc, 3, 6), ''),"
        " max(t.black), max(t.poor),"
        " CASE WHEN EXISTS (SELECT 1 FROM report p WHERE p.subject_id = t.sid AND p.issued_at >= $4"
        "  AND p.issued_at < $1) THEN 1 ELSE 0 END"
        " FROM t JOIN subject s ON s.id = t.sid GROUP BY t.sid, s.uscc",
};

static PGresult *run(struct xy_store *st, int id, const struct pg_args *a, struct xy_error *err, const char *what)
{
    return xy_pg_run(xy_pg_of(st), id, stmt_sql[id], a, err, what);
}

static int same(const char *a, const char *b)
{
    return (!a || !*a) ? (!b || !*b) : (b && !strcmp(a, b));
}

/* s, or NULL when empty. */
static const char *given(const char *s)
{
    return s && *s ? s : NULL;
}

int xy_pg_conv_put(struct xy_store *st, const struct xy_conv_put *p, const char *now, int *outcome,
                   struct xy_error *err)
{
    struct pg_args f = {0};
    xy_pg_int(&f, p->dept_id);
    xy_pg_text(&f, p->ident);
    PGresult *res = run(st, S_FIND, &f, err, "read the register");
    if (!res)
        return xy_pg_failed(err);
    int64_t id = 0;
    char uscc_at[32] = "";
    int changed = 1, uscc_new = p->uscc && *p->uscc;
    if (PQntuples(res)) {
        id = xy_pg_i64(res, 0, 0);
        changed = !same(p->authority, xy_pg_str(res, 0, 1)) || !same(p->orgcode, xy_pg_str(res, 0, 2)) ||
                  !same(p->regno, xy_pg_str(res, 0, 3)) || !same(p->name, xy_pg_str(res, 0, 4)) ||
                  !same(p->registered, xy_pg_str(res, 0, 5)) || !same(p->uscc, xy_pg_str(res, 0, 6));
        uscc_new = p->uscc && *p->uscc && !same(p->uscc, xy_pg_str(res, 0, 6));
        if (xy_pg_str(res, 0, 7))
            snprintf(uscc_at, sizeof uscc_at, "%s", PQgetvalue(res, 0, 7));
    }
    PQclear(res);
    *outcome = !id ? 1 : changed ? 2 : 0;
    if (!changed)
        return XY_OK;
    const char *at = uscc_new ? now : (p->uscc && *p->uscc && *uscc_at) ? uscc_at : NULL;
    struct pg_args a = {0};
    if (id) {
        xy_pg_int(&a, id);
    } else {
        xy_pg_int(&a, p->dept_id);
        xy_pg_text(&a, p->ident);
    }
    xy_pg_text(&a, p->authority);
    xy_pg_text(&a, given(p->orgcode));
    xy_pg_text(&a, given(p->regno));
    xy_pg_text(&a, p->name);
    xy_pg_text(&a, given(p->registered));
    xy_pg_text(&a, given(p->uscc));
    xy_pg_text(&a, now);
    xy_pg_text(&a, at);
    int sid = id ? S_UPDATE : S_INSERT;
    return xy_pg_exec(xy_pg_of(st), sid, stmt_sql[sid], &a, err, "store a register entity");
}

int xy_pg_conv_scan(struct xy_store *st, int64_t dept_id, xy_conv_cb cb, void *ctx, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, dept_id > 0 ? dept_id : 0);
    PGresult *res = run(st, S_SCAN, &a, err, "read the register");
    if (!res)
        return xy_pg_failed(err);
    for (int i = 0; i < PQntuples(res); i++) {
        int by_org = !PQgetisnull(res, i, 10);
        struct xy_conv_entity e = {
            .id = xy_pg_i64(res, i, 0),
            .dept = xy_pg_str(res, i, 1),
            .authority = xy_pg_str(res, i, 2),
            .orgcode = xy_pg_str(res, i, 3),
            .regno = xy_pg_str(res, i, 4),
            .uscc = xy_pg_str(res, i, 5),
            .name = xy_pg_str(res, i, 6),
            .registered = xy_pg_str(res, i, 7),
            .first_at = xy_pg_str(res, i, 8),
            .uscc_at = xy_pg_str(res, i, 9),
            .matched = by_org ? xy_pg_str(res, i, 10) : xy_pg_str(res, i, 13),
            .matched_at = by_org ? xy_pg_str(res, i, 11) : xy_pg_str(res, i, 14),
            .matches = by_org ? (int)xy_pg_i64(res, i, 12) : !PQgetisnull(res, i, 13),
        };
        if (cb(ctx, &e))
            break;
    }
    PQclear(res);
    return XY_OK;
}

int xy_pg_extra_put(struct xy_store *st, const char *body, const char *at, int64_t key_id, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, body);
    xy_pg_text(&a, at);
    xy_pg_int(&a, key_id);
    return xy_pg_exec(xy_pg_of(st), S_EXTRA_PUT, stmt_sql[S_EXTRA_PUT], &a, err, "store the category's definition");
}

int xy_pg_extra_get(struct xy_store *st, xy_extra_cb cb, void *ctx, struct xy_error *err)
{
    PGresult *res = run(st, S_EXTRA_GET, NULL, err, "read the category's definition");
    if (!res)
        return xy_pg_failed(err);
    int found = PQntuples(res) == 1;
    if (found)
        cb(ctx, xy_pg_str(res, 0, 0), xy_pg_str(res, 0, 1));
    PQclear(res);
    return found ? XY_OK
                 : xy_error_set(err, XY_ENOTFOUND, "自定义类别尚未定义 (the configurable category is not defined)");
}

/* As SQLite's: a callback's non-zero answer stops the rows and is returned. */
int xy_pg_arrivals(struct xy_store *st, const char *from, const char *to, xy_arrival_cb cb, void *ctx,
                   struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, from);
    xy_pg_text(&a, to);
    PGresult *res = run(st, S_ARRIVALS, &a, err, "read arrivals");
    if (!res)
        return xy_pg_failed(err);
    int rc = XY_OK;
    for (int i = 0; i < PQntuples(res) && !rc; i++)
        rc = cb(ctx, xy_pg_str(res, i, 0), xy_pg_str(res, i, 1), xy_pg_str(res, i, 2), xy_pg_i64(res, i, 3));
    PQclear(res);
    return rc;
}

static void set_args(struct pg_args *a, const char *const *set)
{
    int end = !set;
    for (int i = 0; i < SET_MAX; i++) {
        end = end || !set[i];
        xy_pg_text(a, end ? NULL : set[i]);
    }
}

int xy_pg_report_coverage(struct xy_store *st, const struct xy_cov_scan *x, xy_cov_cb cb, void *ctx,
                          struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, x->to);
    xy_pg_text(&a, x->last_day);
    xy_pg_text(&a, x->poor_grade);
    xy_pg_text(&a, x->from12);
    set_args(&a, x->black_classes);
    set_args(&a, x->in_force);
    set_args(&a, x->exit_kinds);
    PGresult *res = run(st, S_COVERAGE, &a, err, "read report coverage");
    if (!res)
        return xy_pg_failed(err);
    int rc = XY_OK;
    for (int i = 0; i < PQntuples(res) && !rc; i++)
        rc = cb(ctx, xy_pg_str(res, i, 0), (int)xy_pg_i64(res, i, 1), (int)xy_pg_i64(res, i, 2),
                (int)xy_pg_i64(res, i, 3));
    PQclear(res);
    return rc;
}
