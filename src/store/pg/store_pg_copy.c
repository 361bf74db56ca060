/* SPDX-License-Identifier: Apache-2.0 */
/* Whole-database copy (store.h, copy_*) on PostgreSQL: the schema's tables listed from the catalogue
 * of the connection's schema (current_schema()), rows read in binary format one at a time
 * (single-row mode: a table is never held whole) and loaded through COPY ... FROM STDIN in text
 * format. Names are checked (xy_store_copy_name_ok) and double-quoted before they are written into
 * the SQL; every other value is bound or escaped as COPY's text format requires. */
#include <stdio.h>
#include <string.h>

#include "common/xy_alloc.h"
#include "common/xy_buf.h"
#include "store/pg/store_pg_int.h"

/* Type oids (pg_type.h, stable across versions) of the columns the schema uses. */
enum { OID_BOOL = 16, OID_BYTEA = 17, OID_INT8 = 20, OID_INT2 = 21, OID_INT4 = 23, OID_FLOAT4 = 700,
       OID_FLOAT8 = 701 };

/* The schema's own bookkeeping, not copied: the version, the audit head's lock row, the progress. */
#define NOT_COPIED "('xy_schema', 'audit_head', '" XY_STORE_COPY_TABLE "')"

static int bad_name(const char *name, struct xy_error *err)
{
    return xy_error_set(err, XY_EINVAL, "表名或列名无效 (invalid table or column name): %.64s", name);
}

int xy_pg_copy_tables(struct xy_store *st, xy_copy_table_cb cb, void *ctx, struct xy_error *err)
{
    PGresult *res = xy_pg_run(xy_pg_of(st), -1,
                              "SELECT c.relname::text, p.relname::text FROM pg_class c "
                              "JOIN pg_namespace n ON n.oid = c.relnamespace "
                              "LEFT JOIN pg_constraint k ON k.conrelid = c.oid AND k.contype = 'f' AND k.confrelid <> c.oid "
                              "LEFT JOIN pg_class p ON p.oid = k.confrelid "
                              "WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname NOT IN " NOT_COPIED
                              " GROUP BY c.relname, p.relname ORDER BY c.relname::text COLLATE \"C\", p.relname::text COLLATE \"C\" NULLS FIRST",
                              NULL, err, "copy tables");
    if (!res)
        return xy_pg_failed(err);
    const char *last = "";
    for (int i = 0; i < PQntuples(res); i++) {
        const char *t = PQgetvalue(res, i, 0), *parent = xy_pg_str(res, i, 1);
        if (strcmp(t, last) != 0 && cb(ctx, t, NULL))
            break;
        last = t;
        if (parent && cb(ctx, t, parent))
            break;
    }
    PQclear(res);
    return XY_OK;
}

/* Whether table is one of the schema's (so that no other name reaches the SQL). */
static int known_table(struct pg_store *s, const char *table, struct xy_error *err)
{
    if (!xy_store_copy_name_ok(table))
        return bad_name(table, err);
    struct pg_args a = {0};
    xy_pg_text(&a, table);
    PGresult *res = xy_pg_run(s, -1,
                              "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                              "WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname = $1 "
                              "AND c.relname NOT IN " NOT_COPIED,
                              &a, err, "copy table");
    if (!res)
        return xy_pg_failed(err);
    int found = PQntuples(res) > 0;
    PQclear(res);
    return found ? XY_OK : xy_error_set(err, XY_ENOTFOUND, "没有此表 (no such table): %s", table);
}

int xy_pg_copy_columns(struct xy_store *st, const char *table, xy_copy_column_cb cb, void *ctx, struct xy_error *err)
{
    struct pg_store *s = xy_pg_of(st);
    int rc = known_table(s, table, err);
    if (rc)
        return rc;
    struct pg_args a = {0};
    xy_pg_text(&a, table);
    /* The primary key's position of each column: indkey is an int2vector, 0-based. */
    PGresult *res = xy_pg_run(s, -1,
                              "SELECT a.attname::text, COALESCE((SELECT k.i + 1 FROM pg_index x, "
                              "  generate_series(0, x.indnatts - 1) k(i) WHERE x.indrelid = c.oid AND x.indisprimary "
                              "  AND x.indkey[k.i] = a.attnum), 0) "
                              "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                              "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
                              "WHERE n.nspname = current_schema() AND c.relname = $1 ORDER BY a.attnum",
                              &a, err, "copy columns");
    if (!res)
        return xy_pg_failed(err);
    for (int i = 0; i < PQntuples(res); i++)
        if (cb(ctx, PQgetvalue(res, i, 0), (int)xy_pg_i64(res, i, 1)))
            break;
    PQclear(res);
    return XY_OK;
}

int xy_pg_copy_count(struct xy_store *st, const char *table, int64_t *n, struct xy_error *err)
{
    struct pg_store *s = xy_pg_of(st);
    int rc = known_table(s, table, err);
    if (rc)
        return rc;
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"", table);
    PGresult *res = xy_pg_run(s, -1, sql, NULL, err, "copy count");
    if (!res)
        return xy_pg_failed(err);
    *n = xy_pg_i64(res, 0, 0);
    PQclear(res);
    return XY_OK;
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

static uint64_t be(const char *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v = v << 8 | (uint8_t)p[i];
    return v;
}

/* One binary-format value as a cell. */
static int cell_of(const PGresult *r, int col, struct xy_value *c, struct xy_error *err)
{
    memset(c, 0, sizeof *c);
    if (PQgetisnull(r, 0, col))
        return XY_OK; /* XY_VALUE_NULL */
    const char *v = PQgetvalue(r, 0, col);
    int len = PQgetlength(r, 0, col);
    switch (PQftype(r, col)) {
    case OID_INT8:
    case OID_INT4:
    case OID_INT2:
    case OID_BOOL: {
        int n = len;
        uint64_t u = be(v, n);
        /* sign-extend the narrower integers */
        if (n < 8 && (u >> (8 * n - 1)) & 1)
            u |= ~0ULL << (8 * n);
        c->type = XY_VALUE_INT;
        c->i = (int64_t)u;
        return XY_OK;
    }
    case OID_FLOAT8:
    case OID_FLOAT4: {
        c->type = XY_VALUE_REAL;
        if (len == 8) {
            uint64_t u = be(v, 8);
            memcpy(&c->r, &u, sizeof c->r);
        } else {
            uint32_t u = (uint32_t)be(v, 4);
            float f;
            memcpy(&f, &u, sizeof f);
            c->r = f;
        }
        return XY_OK;
    }
    case OID_BYTEA:
        c->type = XY_VALUE_BLOB;
        break;
    default:
        /* text and the other character types: their binary form is the text's bytes */
        c->type = XY_VALUE_TEXT;
        break;
    }
    c->p = v;
    c->len = (size_t)len;
    (void)err;
    return XY_OK;
}

int xy_pg_copy_scan(struct xy_store *st, const char *table, const char *const *cols, int ncols,
                    const char *const *order, int norder, xy_copy_row_cb cb, void *ctx, struct xy_error *err)
{
    struct pg_store *s = xy_pg_of(st);
    struct xy_buf b;
    struct xy_value *cells = NULL;
    xy_buf_init(&b, 1 << 16);
    int rc = known_table(s, table, err);
    if (rc || (rc = xy_buf_addz(&b, "SELECT ")) || (rc = name_list(&b, cols, ncols, err)) ||
        (rc = xy_buf_printf(&b, " FROM \"%s\"", table)))
        goto out;
    /* NULL first, as SQLite orders them. */
    for (int i = 0; i < norder && !rc; i++) {
        if (!xy_store_copy_name_ok(order[i]))
            rc = bad_name(order[i], err);
        else
            rc = xy_buf_printf(&b, "%s\"%s\" NULLS FIRST", i ? ", " : " ORDER BY ", order[i]);
    }
    if (rc)
        goto out;
    if (!(cells = xy_calloc((size_t)(ncols > 0 ? ncols : 1), sizeof *cells))) {
        rc = XY_ENOMEM;
        goto out;
    }
    if (!PQsendQueryParams(s->c, xy_buf_str(&b), 0, NULL, NULL, NULL, NULL, 1) || !PQsetSingleRowMode(s->c)) {
        rc = xy_pg_fail(s, NULL, err, "copy scan");
        goto out;
    }
    /* Every result is read to the end, also after the callback stopped or a row failed, so that
     * the connection is ready for the next statement. */
    int stop = 0;
    PGresult *res;
    while ((res = PQgetResult(s->c))) {
        ExecStatusType t = PQresultStatus(res);
        if (t == PGRES_SINGLE_TUPLE && !stop && !rc) {
            for (int i = 0; i < ncols && !rc; i++)
                rc = cell_of(res, i, &cells[i], err);
            if (!rc && cb(ctx, cells, ncols))
                stop = 1;
        } else if (t != PGRES_SINGLE_TUPLE && t != PGRES_TUPLES_OK && !rc) {
            rc = xy_pg_fail(s, res, err, "copy scan");
            continue; /* xy_pg_fail cleared it */
        }
        PQclear(res);
    }
out:
    if (rc == XY_ENOMEM || rc == XY_ETOOBIG)
        rc = xy_error_set(err, rc, "out of memory");
    xy_free(cells);
    xy_buf_release(&b);
    return rc;
}

/* Appends n bytes to the pending COPY data. */
static int put(struct pg_store *s, const void *p, size_t n)
{
    if (s->load_len + n > s->load_cap) {
        size_t cap = s->load_cap ? s->load_cap : 1 << 18;
        while (cap < s->load_len + n)
            cap *= 2;
        char *m = xy_realloc(s->load, cap);
        if (!m)
            return XY_ENOMEM;
        s->load = m;
        s->load_cap = cap;
    }
    memcpy(s->load + s->load_len, p, n);
    s->load_len += n;
    return XY_OK;
}

/* Sends what is pending to the server. */
static int flush(struct pg_store *s, struct xy_error *err)
{
    if (s->load_len && PQputCopyData(s->c, s->load, (int)s->load_len) != 1)
        return xy_pg_fail(s, NULL, err, "copy load");
    s->load_len = 0;
    return XY_OK;
}

/* Whether table has triggers of its own (not the foreign keys' internal ones). */
static int has_triggers(struct pg_store *s, const char *table, int *yes, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, table);
    PGresult *res = xy_pg_run(s, -1,
                              "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                              "JOIN pg_namespace n ON n.oid = c.relnamespace "
                              "WHERE n.nspname = current_schema() AND c.relname = $1 AND NOT t.tgisinternal",
                              &a, err, "copy triggers");
    if (!res)
        return xy_pg_failed(err);
    *yes = xy_pg_i64(res, 0, 0) > 0;
    PQclear(res);
    return XY_OK;
}

/* Adds a statement to run at the load's end. */
static int after(struct pg_store *s, const char *sql)
{
    size_t n = strlen(sql) + 1;
    char *m = xy_realloc(s->load_after, s->load_after_len + n);
    if (!m)
        return XY_ENOMEM;
    memcpy(m + s->load_after_len, sql, n);
    s->load_after = m;
    s->load_after_len += n;
    return XY_OK;
}

/* Sets aside for the load the table's indexes of its own (not those behind its primary key and
 * unique constraints) and its foreign keys, each kept as the statement that puts it back (the
 * definition as the server writes it: pg_get_indexdef, pg_get_constraintdef). Kept up to date row by
 * row, the record table's seven indexes and three references cost several times the rows
 * themselves (bench/RESULTS.md, "Migrating to PostgreSQL"); built once after the load, each index is
 * one sort and each reference one check over the whole table (a join), and the load fails if any
 * row breaks one. */
static int set_aside(struct pg_store *s, const char *table, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, table);
    PGresult *res = xy_pg_run(s, -1,
                              "SELECT 'i', x.relname::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                              "JOIN pg_class x ON x.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid "
                              "JOIN pg_namespace n ON n.oid = c.relnamespace "
                              "WHERE n.nspname = current_schema() AND c.relname = $1 "
                              "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) "
                              "UNION ALL "
                              "SELECT 'f', k.conname::text, pg_get_constraintdef(k.oid) FROM pg_constraint k "
                              "JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                              "WHERE n.nspname = current_schema() AND c.relname = $1 AND k.contype = 'f' ORDER BY 1, 2",
                              &a, err, "copy indexes");
    if (!res)
        return xy_pg_failed(err);
    struct xy_buf drop, add;
    xy_buf_init(&drop, 1 << 20);
    xy_buf_init(&add, 1 << 20);
    int rc = XY_OK;
    for (int i = 0; i < PQntuples(res) && !rc; i++) {
        const char *kind = PQgetvalue(res, i, 0), *name = PQgetvalue(res, i, 1), *def = PQgetvalue(res, i, 2);
        xy_buf_reset(&drop);
        if (!xy_store_copy_name_ok(name) || strchr(def, ';'))
            rc = bad_name(name, err);
        else if (*kind == 'i')
            rc = xy_buf_printf(&drop, "DROP INDEX \"%s\"", name) || after(s, def) ? XY_ENOMEM : XY_OK;
        else
            rc = xy_buf_printf(&drop, "ALTER TABLE \"%s\" DROP CONSTRAINT \"%s\"", table, name) ||
                         xy_buf_printf(&add, "ALTER TABLE \"%s\" ADD CONSTRAINT \"%s\" %s", table, name, def) ||
                         after(s, xy_buf_str(&add))
                     ? XY_ENOMEM
                     : XY_OK;
        xy_buf_reset(&add);
        if (rc == XY_ENOMEM)
            rc = xy_error_set(err, rc, "out of memory");
        if (!rc)
            rc = xy_pg_exec(s, -1, xy_buf_str(&drop), NULL, err, "copy indexes");
    }
    PQclear(res);
    xy_buf_release(&drop);
    xy_buf_release(&add);
    return rc;
}

int xy_pg_copy_load_begin(struct xy_store *st, const char *table, const char *const *cols, int ncols,
                          struct xy_error *err)
{
    struct pg_store *s = xy_pg_of(st);
    if (s->loading)
        return xy_error_set(err, XY_ESTATE, "a load is under way on this connection");
    struct xy_buf b;
    xy_buf_init(&b, 1 << 16);
    xy_free(s->load_after);
    s->load_after = NULL;
    s->load_after_len = 0;
    int rc = known_table(s, table, err);
    if (rc || (rc = has_triggers(s, table, &s->load_triggers, err)) || (rc = set_aside(s, table, err)))
        goto out;
    /* The triggers (the policy count, the stale grades) are off for the load, in this transaction
     * only: the counts and marks they keep are copied with their own tables. USER triggers leave
     * the foreign keys' checks on (switching those off needs a superuser). Only tables that have
     * some: the ALTER locks the table against every writer until the transaction ends. */
    if (s->load_triggers && ((rc = xy_buf_printf(&b, "ALTER TABLE \"%s\" DISABLE TRIGGER USER", table)) ||
                             (rc = xy_pg_exec(s, -1, xy_buf_str(&b), NULL, err, "copy triggers"))))
        goto out;
    xy_buf_reset(&b);
    if ((rc = xy_buf_printf(&b, "DELETE FROM \"%s\"", table)) || (rc = xy_pg_exec(s, -1, xy_buf_str(&b), NULL, err, "copy clear")))
        goto out;
    xy_buf_reset(&b);
    if ((rc = xy_buf_printf(&b, "COPY \"%s\" (", table)) || (rc = name_list(&b, cols, ncols, err)) ||
        (rc = xy_buf_addz(&b, ") FROM STDIN")))
        goto out;
    PGresult *res = PQexec(s->c, xy_buf_str(&b));
    if (PQresultStatus(res) != PGRES_COPY_IN) {
        rc = xy_pg_fail(s, res, err, "copy load");
        goto out;
    }
    PQclear(res);
    snprintf(s->load_table, sizeof s->load_table, "%s", table);
    s->loading = 1;
    s->load_rc = XY_OK;
    s->load_len = 0;
out:
    if (rc == XY_ENOMEM || rc == XY_ETOOBIG)
        rc = xy_error_set(err, rc, "out of memory");
    xy_buf_release(&b);
    return rc;
}

/* A text or bytea value in COPY's text format: backslash, newline, carriage return and tab escaped;
 * bytea as \x and hex digits (its backslash escaped in turn). */
static int put_cell(struct pg_store *s, const struct xy_value *c, struct xy_error *err)
{
    char num[40];
    int n;
    switch (c->type) {
    case XY_VALUE_NULL:
        return put(s, "\\N", 2);
    case XY_VALUE_INT:
        n = snprintf(num, sizeof num, "%lld", (long long)c->i);
        return put(s, num, (size_t)n);
    case XY_VALUE_REAL:
        n = snprintf(num, sizeof num, "%.17g", c->r);
        return put(s, num, (size_t)n);
    case XY_VALUE_BLOB: {
        static const char hex[] = "0123456789abcdef";
        const uint8_t *p = c->p;
        if (put(s, "\\\\x", 3))
            return XY_ENOMEM;
        for (size_t i = 0; i < c->len; i++) {
            char h[2] = {hex[p[i] >> 4], hex[p[i] & 15]};
            if (put(s, h, 2))
                return XY_ENOMEM;
        }
        return XY_OK;
    }
    case XY_VALUE_TEXT: {
        const char *p = c->p;
        size_t from = 0;
        for (size_t i = 0; i < c->len; i++) {
            const char *esc = p[i] == '\\' ? "\\\\" : p[i] == '\n' ? "\\n" : p[i] == '\r' ? "\\r" : p[i] == '\t' ? "\\t" : NULL;
            if (p[i] == '\0')
                return xy_error_set(err, XY_EINVAL, "文本含 NUL 字节，PostgreSQL 无法保存 (text holds a NUL byte, "
                                                     "which PostgreSQL cannot store)");
            if (!esc)
                continue;
            if (put(s, p + from, i - from) || put(s, esc, 2))
                return XY_ENOMEM;
            from = i + 1;
        }
        return put(s, p + from, c->len - from);
    }
    }
    return xy_error_set(err, XY_EINVAL, "unknown cell type");
}

int xy_pg_copy_load_row(struct xy_store *st, const struct xy_value *cells, int ncols, struct xy_error *err)
{
    struct pg_store *s = xy_pg_of(st);
    if (!s->loading)
        return xy_error_set(err, XY_ESTATE, "no load under way on this connection");
    if (s->load_rc)
        return s->load_rc;
    int rc = XY_OK;
    for (int i = 0; i < ncols && !rc; i++)
        if (!(rc = i ? put(s, "\t", 1) : XY_OK))
            rc = put_cell(s, &cells[i], err);
    if (!rc)
        rc = put(s, "\n", 1);
    /* Sent in pieces of about 256 KiB: few calls, little memory. */
    if (!rc && s->load_len >= 1 << 18)
        rc = flush(s, err);
    if (rc == XY_ENOMEM)
        rc = xy_error_set(err, rc, "out of memory");
    return s->load_rc = rc;
}

int xy_pg_copy_load_end(struct xy_store *st, struct xy_error *err)
{
    struct pg_store *s = xy_pg_of(st);
    if (!s->loading)
        return xy_error_set(err, XY_ESTATE, "no load under way on this connection");
    s->loading = 0;
    int rc = s->load_rc;
    if (!rc)
        rc = flush(s, err);
    /* A failed load ends the COPY with an error, which fails the caller's transaction. */
    if (PQputCopyEnd(s->c, rc ? "load failed" : NULL) != 1 && !rc)
        rc = xy_pg_fail(s, NULL, err, "copy load");
    PGresult *res;
    while ((res = PQgetResult(s->c))) {
        if (PQresultStatus(res) != PGRES_COMMAND_OK && !rc) {
            rc = xy_pg_fail(s, res, err, "copy load");
            continue;
        }
        PQclear(res);
    }
    s->load_len = 0;
    /* What was set aside put back: the references checked, the indexes built. */
    for (size_t at = 0; !rc && at < s->load_after_len; at += strlen(s->load_after + at) + 1)
        rc = xy_pg_exec(s, -1, s->load_after + at, NULL, err, "copy indexes");
    xy_free(s->load_after);
    s->load_after = NULL;
    s->load_after_len = 0;
    if (rc || !s->load_triggers)
        return rc;
    char sql[128];
    snprintf(sql, sizeof sql, "ALTER TABLE \"%s\" ENABLE TRIGGER USER", s->load_table);
    return xy_pg_exec(s, -1, sql, NULL, err, "copy triggers");
}

/* Whether the progress table is there (asked first: CREATE TABLE IF NOT EXISTS would print a
 * notice when it is). */
static int progress_exists(struct pg_store *s, int *found, struct xy_error *err)
{
    PGresult *res = xy_pg_run(s, -1,
                              "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                              "WHERE n.nspname = current_schema() AND c.relname = '" XY_STORE_COPY_TABLE "'",
                              NULL, err, "copy progress");
    if (!res)
        return xy_pg_failed(err);
    *found = PQntuples(res) > 0;
    PQclear(res);
    return XY_OK;
}

int xy_pg_copy_mark(struct xy_store *st, const char *table, struct xy_error *err)
{
    struct pg_store *s = xy_pg_of(st);
    int found = 0, rc = progress_exists(s, &found, err);
    if (!rc && !found)
        rc = xy_pg_exec(s, -1, "CREATE TABLE " XY_STORE_COPY_TABLE " (name TEXT COLLATE \"C\" PRIMARY KEY)", NULL, err,
                        "copy mark");
    if (rc || !table)
        return rc;
    struct pg_args a = {0};
    xy_pg_text(&a, table);
    return xy_pg_exec(s, -1, "INSERT INTO " XY_STORE_COPY_TABLE " VALUES ($1) ON CONFLICT DO NOTHING", &a, err,
                      "copy mark");
}

int xy_pg_copy_progress(struct xy_store *st, int *started, xy_copy_name_cb cb, void *ctx, struct xy_error *err)
{
    struct pg_store *s = xy_pg_of(st);
    int rc = progress_exists(s, started, err);
    if (rc || !*started)
        return rc;
    PGresult *res = xy_pg_run(s, -1, "SELECT name FROM " XY_STORE_COPY_TABLE " ORDER BY name", NULL, err, "copy progress");
    if (!res)
        return xy_pg_failed(err);
    for (int i = 0; i < PQntuples(res); i++)
        if (cb(ctx, PQgetvalue(res, i, 0)))
            break;
    PQclear(res);
    return XY_OK;
}

int xy_pg_copy_finish(struct xy_store *st, struct xy_error *err)
{
    struct pg_store *s = xy_pg_of(st);
    /* The id columns fed by a sequence (BIGSERIAL): each sequence set so that its next id is past
     * the largest one copied. */
    PGresult *res = xy_pg_run(s, -1,
                              "SELECT c.relname::text, a.attname::text FROM pg_class c "
                              "JOIN pg_namespace n ON n.oid = c.relnamespace "
                              "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
                              "JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum "
                              "WHERE n.nspname = current_schema() AND c.relkind = 'r' "
                              "AND pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%'",
                              NULL, err, "copy sequences");
    if (!res)
        return xy_pg_failed(err);
    int rc = XY_OK;
    for (int i = 0; i < PQntuples(res) && !rc; i++) {
        const char *t = PQgetvalue(res, i, 0), *col = PQgetvalue(res, i, 1);
        if (!xy_store_copy_name_ok(t) || !xy_store_copy_name_ok(col)) {
            rc = bad_name(xy_store_copy_name_ok(t) ? col : t, err);
            break;
        }
        char sql[400];
        snprintf(sql, sizeof sql,
                 "SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT max(\"%s\") FROM \"%s\"), 0) + 1, false)",
                 col, t);
        char quoted[80];
        snprintf(quoted, sizeof quoted, "\"%s\"", t);
        struct pg_args a = {0};
        xy_pg_text(&a, quoted);
        xy_pg_text(&a, col);
        rc = xy_pg_exec(s, -1, sql, &a, err, "copy sequences");
    }
    PQclear(res);
    int found = 0;
    if (!rc && !(rc = progress_exists(s, &found, err)) && found)
        rc = xy_pg_exec(s, -1, "DROP TABLE " XY_STORE_COPY_TABLE, NULL, err, "copy finish");
    return rc;
}
