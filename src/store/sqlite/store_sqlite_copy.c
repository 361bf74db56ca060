/* SPDX-License-Identifier: Apache-2.0 */
/* Whole-database copy (store.h, copy_*): the schema's tables listed, read and written by the names
 * SQLite's own catalogue gives, for `xinyong migrate` (app/migrate.c). Names are checked
 * (xy_store_copy_name_ok) and double-quoted before they are written into the SQL; values are bound. */
#include <string.h>

#include "common/xy_alloc.h"
#include "common/xy_buf.h"
#include "store/sqlite/store_sqlite_int.h"

static int bad_name(const char *name, struct xy_error *err)
{
    return xy_error_set(err, XY_EINVAL, "表名或列名无效 (invalid table or column name): %.64s", name);
}

static int failed(const struct xy_error *err)
{
    return err && err->rc ? err->rc : XY_EDB;
}

/* Prepares sql (one-off) or fills err. */
static sqlite3_stmt *prep(struct sqlite_store *s, const char *sql, struct xy_error *err)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK) {
        xy_sqlite_err(s, err, "copy prepare");
        return NULL;
    }
    return q;
}

/* The tables of the copy: SQLite's internal ones and the progress table are not the schema's. */
#define USER_TABLES                                                                                \
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' " \
    "AND name <> '" XY_STORE_COPY_TABLE "'"

int xy_sqlite_copy_tables(struct xy_store *st, xy_copy_table_cb cb, void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = prep(s,
                           "SELECT t.name, f.\"table\" FROM (" USER_TABLES ") t "
                           "LEFT JOIN pragma_foreign_key_list(t.name) f ON f.\"table\" <> t.name "
                           "GROUP BY t.name, f.\"table\" ORDER BY t.name, f.\"table\" NULLS FIRST",
                           err);
    if (!q)
        return failed(err);
    char last[64] = "";
    int rc = XY_OK, step;
    while ((step = sqlite3_step(q)) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(q, 0);
        const char *parent = (const char *)sqlite3_column_text(q, 1);
        if (strcmp(t, last) != 0) {
            snprintf(last, sizeof last, "%s", t);
            if (cb(ctx, t, NULL))
                break;
        }
        if (parent && cb(ctx, t, parent))
            break;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = xy_sqlite_err(s, err, "copy tables");
    sqlite3_finalize(q);
    return rc;
}

/* Whether table is one of the schema's (so that no other name reaches the SQL). */
static int known_table(struct sqlite_store *s, const char *table, struct xy_error *err)
{
    if (!xy_store_copy_name_ok(table))
        return bad_name(table, err);
    sqlite3_stmt *q = prep(s, "SELECT 1 FROM (" USER_TABLES ") WHERE name = ?", err);
    if (!q)
        return XY_EDB;
    sqlite3_bind_text(q, 1, table, -1, SQLITE_STATIC);
    int step = sqlite3_step(q), rc = XY_OK;
    if (step == SQLITE_DONE)
        rc = xy_error_set(err, XY_ENOTFOUND, "没有此表 (no such table): %s", table);
    else if (step != SQLITE_ROW)
        rc = xy_sqlite_err(s, err, "copy table");
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_copy_columns(struct xy_store *st, const char *table, xy_copy_column_cb cb, void *ctx,
                           struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    int rc = known_table(s, table, err);
    if (rc)
        return rc;
    sqlite3_stmt *q = prep(s, "SELECT name, pk FROM pragma_table_info(?) ORDER BY cid", err);
    if (!q)
        return XY_EDB;
    sqlite3_bind_text(q, 1, table, -1, SQLITE_STATIC);
    int step;
    while ((step = sqlite3_step(q)) == SQLITE_ROW)
        if (cb(ctx, (const char *)sqlite3_column_text(q, 0), sqlite3_column_int(q, 1)))
            break;
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = xy_sqlite_err(s, err, "copy columns");
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_copy_count(struct xy_store *st, const char *table, int64_t *n, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    int rc = known_table(s, table, err);
    if (rc)
        return rc;
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"", table);
    sqlite3_stmt *q = prep(s, sql, err);
    if (!q)
        return XY_EDB;
    if (sqlite3_step(q) == SQLITE_ROW)
        *n = sqlite3_column_int64(q, 0);
    else
        rc = xy_sqlite_err(s, err, "copy count");
    sqlite3_finalize(q);
    return rc;
}

/* `"a", "b", "c"` of names, each checked. */
static int name_list(struct xy_buf *b, const char *const *names, int n, struct xy_error *err)
{
    for (int i = 0; i < n; i++) {
        if (!xy_store_copy_name_ok(names[i]))
            return bad_name(names[i], err);
        if (xy_buf_printf(b, "%s\"%s\"", i ? ", " : "", names[i]))
            return xy_error_set(err, XY_ENOMEM, "out of memory");
    }
    return XY_OK;
}

int xy_sqlite_copy_scan(struct xy_store *st, const char *table, const char *const *cols, int ncols,
                        const char *const *order, int norder, xy_copy_row_cb cb, void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    struct xy_buf b;
    struct xy_value *cells = NULL;
    sqlite3_stmt *q = NULL;
    xy_buf_init(&b, 1 << 16);
    int rc = known_table(s, table, err);
    if (rc || (rc = xy_buf_addz(&b, "SELECT ")) || (rc = name_list(&b, cols, ncols, err)) ||
        (rc = xy_buf_printf(&b, " FROM \"%s\"", table)))
        goto out;
    if (norder > 0 && ((rc = xy_buf_addz(&b, " ORDER BY ")) || (rc = name_list(&b, order, norder, err))))
        goto out;
    if (!(cells = xy_calloc((size_t)ncols, sizeof *cells))) {
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        goto out;
    }
    if (!(q = prep(s, xy_buf_str(&b), err))) {
        rc = failed(err);
        goto out;
    }
    int step;
    while ((step = sqlite3_step(q)) == SQLITE_ROW) {
        for (int i = 0; i < ncols; i++) {
            struct xy_value *c = &cells[i];
            memset(c, 0, sizeof *c);
            switch (sqlite3_column_type(q, i)) {
            case SQLITE_INTEGER:
                c->type = XY_VALUE_INT;
                c->i = sqlite3_column_int64(q, i);
                break;
            case SQLITE_FLOAT:
                c->type = XY_VALUE_REAL;
                c->r = sqlite3_column_double(q, i);
                break;
            case SQLITE_TEXT:
                c->type = XY_VALUE_TEXT;
                c->p = sqlite3_column_text(q, i);
                c->len = (size_t)sqlite3_column_bytes(q, i);
                break;
            case SQLITE_BLOB:
                c->type = XY_VALUE_BLOB;
                c->p = sqlite3_column_blob(q, i);
                c->len = (size_t)sqlite3_column_bytes(q, i);
                if (!c->p)
                    c->p = ""; /* an empty blob */
                break;
            default:
                c->type = XY_VALUE_NULL;
            }
        }
        if (cb(ctx, cells, ncols))
            break;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = xy_sqlite_err(s, err, "copy scan");
out:
    if (rc == XY_ENOMEM || rc == XY_ETOOBIG)
        rc = xy_error_set(err, rc, "out of memory");
    sqlite3_finalize(q);
    xy_free(cells);
    xy_buf_release(&b);
    return rc;
}

/* Runs one statement (no rows) or fills err. */
static int run_sql(struct sqlite_store *s, const char *sql, struct xy_error *err, const char *what)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        int rc = xy_sqlite_err(s, err, what);
        sqlite3_free(msg);
        return rc;
    }
    return XY_OK;
}

int xy_sqlite_copy_load_begin(struct xy_store *st, const char *table, const char *const *cols, int ncols,
                              struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    struct xy_buf b, trig;
    sqlite3_stmt *q = NULL;
    xy_buf_init(&b, 1 << 16);
    xy_buf_init(&trig, 1 << 20);
    if (s->load)
        return xy_error_set(err, XY_ESTATE, "a load is under way on this connection");
    int rc = known_table(s, table, err);
    if (rc)
        goto out;
    /* SQLite cannot switch a trigger off: they are dropped for the load and created again after. */
    if (!(q = prep(s, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", err))) {
        rc = failed(err);
        goto out;
    }
    sqlite3_bind_text(q, 1, table, -1, SQLITE_STATIC);
    while (sqlite3_step(q) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(q, 0);
        if (!xy_store_copy_name_ok(name)) {
            rc = bad_name(name, err);
            goto out;
        }
        if (xy_buf_printf(&trig, "%s;", (const char *)sqlite3_column_text(q, 1)) ||
            xy_buf_printf(&b, "DROP TRIGGER \"%s\";", name)) {
            rc = xy_error_set(err, XY_ENOMEM, "out of memory");
            goto out;
        }
    }
    if ((rc = xy_buf_printf(&b, "DELETE FROM \"%s\";", table)) || (rc = run_sql(s, xy_buf_str(&b), err, "copy clear")))
        goto out;
    xy_buf_reset(&b);
    if ((rc = xy_buf_printf(&b, "INSERT INTO \"%s\" (", table)) || (rc = name_list(&b, cols, ncols, err)) ||
        (rc = xy_buf_addz(&b, ") VALUES (")))
        goto out;
    for (int i = 0; i < ncols; i++)
        if ((rc = xy_buf_addz(&b, i ? ", ?" : "?")))
            goto out;
    if ((rc = xy_buf_addc(&b, ')')))
        goto out;
    if (!(s->load = prep(s, xy_buf_str(&b), err))) {
        rc = failed(err);
        goto out;
    }
    s->load_triggers = xy_buf_take(&trig);
    s->load_rc = XY_OK;
out:
    if (rc == XY_ENOMEM || rc == XY_ETOOBIG)
        rc = xy_error_set(err, rc, "out of memory");
    sqlite3_finalize(q);
    xy_buf_release(&b);
    xy_buf_release(&trig);
    return rc;
}

int xy_sqlite_copy_load_row(struct xy_store *st, const struct xy_value *cells, int ncols, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    if (!s->load)
        return xy_error_set(err, XY_ESTATE, "no load under way on this connection");
    if (s->load_rc)
        return s->load_rc;
    sqlite3_reset(s->load);
    for (int i = 0; i < ncols; i++) {
        const struct xy_value *c = &cells[i];
        switch (c->type) {
        case XY_VALUE_INT:
            sqlite3_bind_int64(s->load, i + 1, c->i);
            break;
        case XY_VALUE_REAL:
            sqlite3_bind_double(s->load, i + 1, c->r);
            break;
        case XY_VALUE_TEXT:
            sqlite3_bind_text64(s->load, i + 1, c->p, c->len, SQLITE_STATIC, SQLITE_UTF8);
            break;
        case XY_VALUE_BLOB:
            sqlite3_bind_blob64(s->load, i + 1, c->len ? c->p : "", c->len, SQLITE_STATIC);
            break;
        default:
            sqlite3_bind_null(s->load, i + 1);
        }
    }
    if (sqlite3_step(s->load) != SQLITE_DONE)
        s->load_rc = xy_sqlite_err(s, err, "copy load");
    return s->load_rc;
}

int xy_sqlite_copy_load_end(struct xy_store *st, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    if (!s->load)
        return xy_error_set(err, XY_ESTATE, "no load under way on this connection");
    sqlite3_finalize(s->load);
    s->load = NULL;
    int rc = s->load_rc;
    if (!rc && s->load_triggers[0])
        rc = run_sql(s, s->load_triggers, err, "copy triggers");
    xy_free(s->load_triggers);
    s->load_triggers = NULL;
    return rc;
}

int xy_sqlite_copy_mark(struct xy_store *st, const char *table, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    int rc = run_sql(s, "CREATE TABLE IF NOT EXISTS " XY_STORE_COPY_TABLE " (name TEXT PRIMARY KEY)", err, "copy mark");
    if (rc || !table)
        return rc;
    sqlite3_stmt *q = prep(s, "INSERT OR IGNORE INTO " XY_STORE_COPY_TABLE " VALUES (?)", err);
    if (!q)
        return failed(err);
    sqlite3_bind_text(q, 1, table, -1, SQLITE_STATIC);
    if (sqlite3_step(q) != SQLITE_DONE)
        rc = xy_sqlite_err(s, err, "copy mark");
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_copy_progress(struct xy_store *st, int *started, xy_copy_name_cb cb, void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    *started = 0;
    sqlite3_stmt *q = prep(s, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '" XY_STORE_COPY_TABLE "'", err);
    if (!q)
        return failed(err);
    int step = sqlite3_step(q), rc = XY_OK;
    sqlite3_finalize(q);
    if (step == SQLITE_DONE)
        return XY_OK;
    if (step != SQLITE_ROW)
        return xy_sqlite_err(s, err, "copy progress");
    *started = 1;
    if (!(q = prep(s, "SELECT name FROM " XY_STORE_COPY_TABLE " ORDER BY name", err)))
        return failed(err);
    while ((step = sqlite3_step(q)) == SQLITE_ROW)
        if (cb(ctx, (const char *)sqlite3_column_text(q, 0)))
            break;
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = xy_sqlite_err(s, err, "copy progress");
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_copy_finish(struct xy_store *st, struct xy_error *err)
{
    /* Rowid keys go on from the largest id by themselves: only the progress goes. */
    return run_sql(xy_sqlite_of(st), "DROP TABLE IF EXISTS " XY_STORE_COPY_TABLE, err, "copy finish");
}
