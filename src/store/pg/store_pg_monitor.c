/* SPDX-License-Identifier: Apache-2.0 */
/* PostgreSQL back end: monitoring departments and districts (reporting units, collection catalogues,
 * declarations, entered figures, closed months), as store_sqlite_monitor.c. The month's facts
 * (mon_facts) and the dashboards' aggregates are not ported yet (docs/internals/POSTGRES.md). */
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
_Static_assert(S__END <= XY_PG_STMTS, "store_pg_monitor.c statements use ids 416..431");

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
