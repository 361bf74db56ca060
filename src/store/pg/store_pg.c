/* SPDX-License-Identifier: Apache-2.0 */
/* The PostgreSQL back end of the store (docs/internals/POSTGRES.md), on libpq: one connection per
 * struct xy_store, statements prepared on first use and kept, every value bound as a parameter.
 * This file connects, migrates, runs transactions, and keeps the catalogue, departments and
 * batches; subjects, records and keys have files of their own (store_pg_int.h). Past 900 lines
 * because the operations' table at the end names all of them (about 220 lines): kept in one place,
 * where a missing one shows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xy_alloc.h"
#include "store/pg/migrations_pg.h"
#include "store/pg/store_pg_int.h"
#include "store/store.h"

/* More parameters than XY_PG_ARGS is a mistake in this back end's code, not in its input. */
static void room(const struct pg_args *a)
{
    if (a->n >= XY_PG_ARGS) {
        fprintf(stderr, "xinyong: store/pg: more than %d parameters in one statement\n", XY_PG_ARGS);
        abort();
    }
}

void xy_pg_text(struct pg_args *a, const char *s)
{
    room(a);
    a->v[a->n] = s;
    a->len[a->n] = 0;
    a->fmt[a->n] = 0;
    a->n++;
}

void xy_pg_int(struct pg_args *a, int64_t v)
{
    room(a);
    snprintf(a->num[a->n], sizeof a->num[0], "%lld", (long long)v);
    xy_pg_text(a, a->num[a->n]);
}

void xy_pg_blob(struct pg_args *a, const void *p, size_t n)
{
    room(a);
    a->v[a->n] = p;
    a->len[a->n] = (int)n;
    a->fmt[a->n] = 1; /* binary: bytea as its bytes, no escaping */
    a->n++;
}

int64_t xy_pg_i64(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? 0 : strtoll(PQgetvalue(r, row, col), NULL, 10);
}

uint8_t *xy_pg_bytes(const PGresult *r, int row, int col, size_t *len)
{
    *len = 0;
    if (PQgetisnull(r, row, col))
        return NULL;
    return PQunescapeBytea((const unsigned char *)PQgetvalue(r, row, col), len);
}

int xy_pg_in_tx(struct pg_store *s)
{
    PGTransactionStatusType t = PQtransactionStatus(s->c);
    return t == PQTRANS_INTRANS || t == PQTRANS_INERROR;
}

/* The server is gone or cannot take this now: the connection lost (class 08, or a failure libpq
 * reports itself, without a SQLSTATE: the server went away while it read), the server shutting
 * down or starting (57P01..57P03), or a read-only server refusing a write (25006: a replica, or a
 * primary demoted in a switchover). Nothing was changed; the next try may find a primary. */
static int unavailable(const struct pg_store *s, const char *state)
{
    return PQstatus(s->c) != CONNECTION_OK || !state || strncmp(state, "08", 2) == 0 ||
           strncmp(state, "57P0", 4) == 0 || strcmp(state, "25006") == 0;
}

static int fail(struct pg_store *s, PGresult *res, struct xy_error *err, const char *what)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = res && *PQresultErrorMessage(res) ? PQresultErrorMessage(res) : PQerrorMessage(s->c);
    int rc = unavailable(s, state)                                 ? XY_EUNAVAIL
             : strcmp(state, "23505") == 0                         ? XY_EEXIST
             : strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
                       strcmp(state, "55P03") == 0                 ? XY_EBUSY
             : strcmp(state, "53100") == 0                         ? XY_EIO
                                                                   : XY_EDB;
    if (rc == XY_EUNAVAIL)
        s->reconnect = 1; /* a multi-host address then finds the primary that is now read-write */
    char line[400];
    snprintf(line, sizeof line, "%s", msg ? msg : "");
    for (char *p = line; *p; p++) /* libpq's messages run over lines (a hint after a tab) */
        if (*p == '\n' || *p == '\t')
            *p = ' ';
    if (rc == XY_EUNAVAIL)
        xy_error_set(err, rc, "数据库暂不可用，请稍后重试 (the database is unavailable for now, try again shortly): %s: %s%s%s",
                     what, line, state ? " SQLSTATE " : "", state ? state : "");
    else
        xy_error_set(err, rc, "database: %s: %s%s%s", what, line, state ? " SQLSTATE " : "", state ? state : "");
    PQclear(res);
    return rc;
}

int xy_pg_fail(struct pg_store *s, PGresult *res, struct xy_error *err, const char *what)
{
    return fail(s, res, err, what);
}

static int session_setup(struct pg_store *s, struct xy_error *err);

/* Before a statement: a connection lost or refusing writes is opened again, outside a transaction
 * only (store_pg_int.h). XY_EUNAVAIL while no server answers. */
static int revive(struct pg_store *s, struct xy_error *err)
{
    if (PQstatus(s->c) == CONNECTION_OK && !s->reconnect)
        return XY_OK;
    if (s->in_tx)
        return xy_error_set(err, XY_EUNAVAIL, "数据库连接在事务中断开，本事务未提交 (the database connection was lost "
                                              "inside a transaction: nothing of it was committed)");
    PQreset(s->c);
    if (PQstatus(s->c) != CONNECTION_OK) {
        char msg[300];
        snprintf(msg, sizeof msg, "%s", PQerrorMessage(s->c));
        msg[strcspn(msg, "\n")] = '\0';
        return xy_error_set(err, XY_EUNAVAIL, "数据库暂不可用，正在重连 (the database is unavailable, reconnecting): %s",
                            msg);
    }
    /* A new server session: nothing is prepared on it yet. */
    memset(s->prepared, 0, sizeof s->prepared);
    s->reconnect = 0;
    return session_setup(s, err);
}

PGresult *xy_pg_run(struct pg_store *s, int id, const char *sql, const struct pg_args *a, struct xy_error *err,
                    const char *what)
{
    static const struct pg_args none = {0};
    PGresult *res;
    if (!a)
        a = &none;
    if (revive(s, err))
        return NULL;
    if (id < 0) {
        res = PQexecParams(s->c, sql, a->n, NULL, a->v, a->len, a->fmt, 0);
    } else {
        char name[16];
        snprintf(name, sizeof name, "x%d", id);
        if (!s->prepared[id]) {
            /* Parameter types are left to the server, which infers them from the statement. */
            PGresult *p = PQprepare(s->c, name, sql, a->n, NULL);
            if (PQresultStatus(p) != PGRES_COMMAND_OK) {
                fail(s, p, err, what);
                return NULL;
            }
            PQclear(p);
            s->prepared[id] = 1;
        }
        res = PQexecPrepared(s->c, name, a->n, a->v, a->len, a->fmt, 0);
    }
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        fail(s, res, err, what);
        return NULL;
    }
    return res;
}

int xy_pg_exec(struct pg_store *s, int id, const char *sql, const struct pg_args *a, struct xy_error *err,
               const char *what)
{
    PGresult *res = xy_pg_run(s, id, sql, a, err, what);
    if (!res)
        return xy_pg_failed(err);
    PQclear(res);
    return XY_OK;
}

/* A statement of no parameters through the simple protocol (transaction control, migrations: a
 * migration is several statements in one string). */
static int simple(struct pg_store *s, const char *sql, struct xy_error *err, const char *what)
{
    int rc = revive(s, err);
    if (rc)
        return rc;
    PGresult *res = PQexec(s->c, sql);
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY)
        return fail(s, res, err, what);
    PQclear(res);
    return XY_OK;
}

enum {
    S_CATALOG_PUT,
    S_CATALOG_GET,
    S_DEPT_ADD,
    S_DEPT_RENAME,
    S_DEPT_GET,
    S_DEPT_LIST,
    S_BATCH_ADD,
    S_BATCH_FINISH,
    S_BATCH_GET,
    S_BATCH_LIST,
    S_REJECT_ADD,
    S_BATCH_REJECTS,
    S_COUNT_RECORDS,
    S_COUNT_SUBJECTS,
    S_PING,
    S_LOG_POSITION,
    S__END
};
_Static_assert(S__END <= 64, "store_pg.c statements use ids 0..63");

#define BATCH_COLS                                                                                 \
    "b.id, b.dept_id, b.class, b.source, b.format, b.encoding, b.rows_total, b.accepted, b.rejected, " \
    "b.added, b.updated, b.unchanged, b.started_at, b.finished_at"

static const char *const stmt_sql[S__END] = {
    [S_CATALOG_PUT] = "INSERT INTO catalog(version, loaded_at, body) VALUES ($1, $2, $3)",
    [S_CATALOG_GET] = "SELECT body FROM catalog ORDER BY id DESC LIMIT 1",
    /* The code registered already is not an error of the statement (which would abort the
     * transaction): the insert does nothing and the rename reports it. */
    [S_DEPT_ADD] = "INSERT INTO dept(uscc, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (uscc) DO NOTHING "
                   "RETURNING id",
    [S_DEPT_RENAME] = "UPDATE dept SET name = $2 WHERE uscc = $1 RETURNING id",
    [S_DEPT_GET] = "SELECT id, name FROM dept WHERE uscc = $1",
    [S_DEPT_LIST] = "SELECT uscc, name FROM dept ORDER BY uscc",
    [S_BATCH_ADD] = "INSERT INTO batch(dept_id, class, source, format, encoding, started_at) "
                    "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    [S_BATCH_FINISH] = "UPDATE batch SET rows_total = $1, accepted = $2, rejected = $3, added = $4, updated = $5, "
                       "unchanged = $6, finished_at = $7, encoding = $8 WHERE id = $9",
    [S_BATCH_GET] = "SELECT " BATCH_COLS " FROM batch b WHERE b.id = $1",
    [S_BATCH_LIST] = "SELECT " BATCH_COLS ", d.uscc FROM batch b JOIN dept d ON d.id = b.dept_id "
                     "WHERE ($1::bigint = 0 OR b.dept_id = $1) AND ($2::bigint = 0 OR b.id < $2) "
                     "ORDER BY b.id DESC LIMIT $3",
    [S_REJECT_ADD] = "INSERT INTO batch_reject(batch_id, seq, row_no, field, value, code, reason) "
                     "VALUES ($1, $2, $3, $4, $5, $6, $7)",
    [S_BATCH_REJECTS] = "SELECT seq, row_no, field, value, code, reason FROM batch_reject WHERE batch_id = $1 "
                        "ORDER BY seq",
    [S_COUNT_RECORDS] = "SELECT class, count(*) FROM record WHERE is_current = 1 AND status = $1 "
                        "AND (public_until IS NULL OR public_until >= $2) GROUP BY class",
    [S_COUNT_SUBJECTS] = "SELECT kind, count(*) FROM subject GROUP BY kind",
    [S_PING] = "SELECT 1",
    /* Bytes since 0/0 (pg_lsn minus pg_lsn is numeric); NULL on a replica that has replayed nothing.
     * The insert position, not the write position: with synchronous_commit off a commit may still
     * be in the log's buffers, before the write position, and a mark below it would let a replica
     * look caught up without it. */
    [S_LOG_POSITION] = "SELECT (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() "
                       "ELSE pg_current_wal_insert_lsn() END - '0/0'::pg_lsn)::text",
};

static PGresult *run(struct pg_store *s, int id, const struct pg_args *a, struct xy_error *err, const char *what)
{
    return xy_pg_run(s, id, stmt_sql[id], a, err, what);
}

static void p_close(struct xy_store *st)
{
    struct pg_store *s = xy_pg_of(st);
    PQfinish(s->c);
    xy_free(s->snap);
    xy_free(s->load);
    xy_free(s->load_after);
    xy_free(s);
}

/* data_version (struct xy_store_caps): a count, per connection, of the changes seen in the server's
 * snapshot, xmin:xmax:the transactions in progress (txid_current_snapshot, in PostgreSQL since 8.3
 * and in its derived engines). A transaction that writes takes an id: while it runs it is in the
 * list or beyond xmax, and once it has committed it is neither, so any commit between two calls
 * changes the text; a transaction that only begins writing changes it too (a change for nothing,
 * which only empties a cache). Deterministic, unlike LISTEN/NOTIFY: a commit another connection
 * saw return is in the next snapshot, where a notification may still be on its way (the answer
 * cache counts on this server's own writes being seen by its next request). One round trip. */
static int p_data_version(struct xy_store *st, int64_t *v, struct xy_error *err)
{
    struct pg_store *s = xy_pg_of(st);
    PGresult *res = xy_pg_run(s, -1, "SELECT CAST(txid_current_snapshot() AS text)", NULL, err, "read the snapshot");
    if (!res)
        return xy_pg_failed(err);
    const char *snap = PQntuples(res) == 1 ? xy_pg_str(res, 0, 0) : NULL;
    int rc = XY_OK;
    if (!snap) {
        rc = xy_error_set(err, XY_EDB, "database: read the snapshot: no snapshot");
    } else if (!s->snap || strcmp(s->snap, snap) != 0) {
        char *copy = xy_strdup(snap);
        if (!copy) {
            rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        } else {
            xy_free(s->snap);
            s->snap = copy;
            s->version++;
        }
    }
    PQclear(res);
    if (!rc)
        *v = s->version;
    return rc;
}

/* Only data_version: no checkpoints (the server's own), no backups through this back end
 * (pg_dump), durability as the server is configured. */
/* The schema version: a one-row table the first migration run creates. */
static int version_of(struct pg_store *s, int *version, struct xy_error *err)
{
    PGresult *res = xy_pg_run(s, -1,
                              "SELECT count(*) FROM information_schema.tables "
                              "WHERE table_schema = current_schema() AND table_name = 'xy_schema'",
                              NULL, err, "schema version");
    if (!res)
        return xy_pg_failed(err);
    int have = xy_pg_i64(res, 0, 0) > 0;
    PQclear(res);
    *version = 0;
    if (!have)
        return XY_OK;
    if (!(res = xy_pg_run(s, -1, "SELECT version FROM xy_schema", NULL, err, "schema version")))
        return xy_pg_failed(err);
    *version = PQntuples(res) ? (int)xy_pg_i64(res, 0, 0) : 0;
    PQclear(res);
    return XY_OK;
}

static int p_migrate(struct xy_store *st, int *from, int *to, struct xy_error *err)
{
    struct pg_store *s = xy_pg_of(st);
    int rc, version = 0;
    if ((rc = simple(s, "BEGIN", err, "BEGIN")))
        return rc;
    s->in_tx = 1; /* a connection lost meanwhile is not opened again halfway through a migration */
    /* Two programs starting at once: the second waits on the version row until the first commits. */
    if ((rc = simple(s,
                     "CREATE TABLE IF NOT EXISTS xy_schema (id INTEGER PRIMARY KEY CHECK (id = 1), "
                     "version INTEGER NOT NULL);"
                     "INSERT INTO xy_schema VALUES (1, 0) ON CONFLICT DO NOTHING;"
                     "SELECT version FROM xy_schema FOR UPDATE",
                     err, "schema version")) ||
        (rc = version_of(s, &version, err)))
        goto out;
    if (from)
        *from = version;
    if (version > (int)XY_PG_NMIGRATIONS) {
        rc = xy_error_set(err, XY_EDB, "database schema version %d is newer than this program (%zu)", version,
                          XY_PG_NMIGRATIONS);
        goto out;
    }
    for (size_t m = (size_t)version; m < XY_PG_NMIGRATIONS; m++) {
        char what[48];
        snprintf(what, sizeof what, "migration %zu", m + 1);
        if ((rc = simple(s, xy_pg_migrations[m], err, what)))
            goto out;
        struct pg_args a = {0};
        xy_pg_int(&a, (int64_t)m + 1);
        if ((rc = xy_pg_exec(s, -1, "UPDATE xy_schema SET version = $1", &a, err, what)))
            goto out;
    }
    if (to)
        *to = (int)XY_PG_NMIGRATIONS;
    rc = simple(s, "COMMIT", err, "COMMIT");
out:
    if (rc)
        simple(s, "ROLLBACK", NULL, "ROLLBACK");
    s->in_tx = 0;
    return rc;
}

static int p_schema(struct xy_store *st, int *have, int *want, struct xy_error *err)
{
    *want = (int)XY_PG_NMIGRATIONS;
    return version_of(xy_pg_of(st), have, err);
}

static int p_rollback(struct xy_store *st)
{
    struct pg_store *s = xy_pg_of(st);
    s->in_tx = 0;
    /* Not through simple(): a connection to be opened anew ends its transaction by closing. */
    if (xy_pg_in_tx(s))
        PQclear(PQexec(s->c, "ROLLBACK"));
    return xy_pg_in_tx(s) ? XY_EDB : XY_OK;
}

static int p_begin(struct xy_store *st, struct xy_error *err)
{
    struct pg_store *s = xy_pg_of(st);
    /* A transaction left open (a failed one the caller did not roll back) ends here, so that one
     * failure never leaves the connection refusing every later transaction. */
    if (xy_pg_in_tx(s))
        p_rollback(st);
    s->in_tx = 0; /* a transaction lost with its connection ends here too */
    /* READ COMMITTED: each statement sees what was committed before it. Where SQLite relied on its
     * single writer, the statements lock what they depend on (the audit head, ON CONFLICT). */
    int rc = simple(s, "BEGIN ISOLATION LEVEL READ COMMITTED", err, "BEGIN");
    s->in_tx = rc == XY_OK;
    return rc;
}

static int p_commit(struct xy_store *st, struct xy_error *err)
{
    struct pg_store *s = xy_pg_of(st);
    /* Not through simple(): a connection lost since BEGIN must fail here, never be opened again. */
    PGresult *res = PQexec(s->c, "COMMIT");
    s->in_tx = 0;
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        return fail(s, res, err, "COMMIT");
    /* COMMIT of a transaction that failed earlier rolls it back and says so only in its tag. */
    int ok = strcmp(PQcmdStatus(res), "COMMIT") == 0;
    PQclear(res);
    return ok ? XY_OK
              : xy_error_set(err, XY_EDB, "database: COMMIT: the transaction had failed and was rolled back");
}

static int p_read_begin(struct xy_store *st, int *began, struct xy_error *err)
{
    struct pg_store *s = xy_pg_of(st);
    *began = 0;
    if (xy_pg_in_tx(s))
        return XY_OK; /* inside a transaction already: its snapshot serves */
    s->in_tx = 0;
    int rc = simple(s, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err, "BEGIN");
    *began = s->in_tx = rc == XY_OK;
    return rc;
}

static void p_read_end(struct xy_store *st, int began)
{
    struct pg_store *s = xy_pg_of(st);
    if (!began)
        return;
    if (xy_pg_in_tx(s) && simple(s, "COMMIT", NULL, "COMMIT") != XY_OK)
        p_rollback(st);
    s->in_tx = 0;
}

static int p_ping(struct xy_store *st, struct xy_error *err)
{
    PGresult *res = run(xy_pg_of(st), S_PING, NULL, err, "ping");
    PQclear(res);
    return res ? XY_OK : xy_pg_failed(err);
}

/* On a replica, how far it has replayed; on a primary, how far it has written (store.h). */
static int p_log_position(struct xy_store *st, uint64_t *pos, struct xy_error *err)
{
    *pos = 0;
    PGresult *res = run(xy_pg_of(st), S_LOG_POSITION, NULL, err, "log position");
    if (!res)
        return xy_pg_failed(err);
    *pos = PQgetisnull(res, 0, 0) ? 0 : strtoull(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return XY_OK;
}

static const struct xy_store_caps pg_caps = {
    .data_version = p_data_version,
    .log_position = p_log_position,
};

static int p_catalog_put(struct xy_store *st, const char *version, const char *body, const char *now,
                         struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, version);
    xy_pg_text(&a, now);
    xy_pg_text(&a, body);
    return xy_pg_exec(xy_pg_of(st), S_CATALOG_PUT, stmt_sql[S_CATALOG_PUT], &a, err, "store catalogue");
}

static int p_catalog_get(struct xy_store *st, char **body, struct xy_error *err)
{
    *body = NULL;
    PGresult *res = run(xy_pg_of(st), S_CATALOG_GET, NULL, err, "read catalogue");
    if (!res)
        return xy_pg_failed(err);
    if (!PQntuples(res)) {
        PQclear(res);
        return xy_error_set(err, XY_ENOTFOUND,
                            "尚未载入信息目录：请运行 xinyong init (no catalogue loaded: run `xinyong init`)");
    }
    *body = xy_strdup(PQgetvalue(res, 0, 0));
    PQclear(res);
    return *body ? XY_OK : xy_error_set(err, XY_ENOMEM, "out of memory reading the catalogue");
}

static int p_dept_get(struct xy_store *st, const char *uscc, int64_t *id, char *name, size_t size,
                      struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, uscc);
    PGresult *res = run(xy_pg_of(st), S_DEPT_GET, &a, err, "read department");
    if (!res)
        return xy_pg_failed(err);
    if (!PQntuples(res)) {
        PQclear(res);
        return xy_error_set(err, XY_ENOTFOUND,
                            "部门 %s 未注册（xinyong dept add） (department %s is not registered: xinyong dept add)",
                            uscc, uscc);
    }
    *id = xy_pg_i64(res, 0, 0);
    if (name && size)
        snprintf(name, size, "%s", PQgetvalue(res, 0, 1));
    PQclear(res);
    return XY_OK;
}

static int p_dept_add(struct xy_store *st, const char *uscc, const char *name, const char *now, int64_t *id,
                      struct xy_error *err)
{
    struct pg_store *s = xy_pg_of(st);
    struct pg_args a = {0};
    xy_pg_text(&a, uscc);
    xy_pg_text(&a, name);
    xy_pg_text(&a, now);
    PGresult *res = run(s, S_DEPT_ADD, &a, err, "add department");
    if (!res)
        return xy_pg_failed(err);
    int added = PQntuples(res) == 1;
    if (added)
        *id = xy_pg_i64(res, 0, 0);
    PQclear(res);
    if (added)
        return XY_OK;
    a.n = 2;
    if (!(res = run(s, S_DEPT_RENAME, &a, err, "rename department")))
        return xy_pg_failed(err);
    *id = PQntuples(res) ? xy_pg_i64(res, 0, 0) : 0;
    PQclear(res);
    return XY_EEXIST;
}

static int p_dept_list(struct xy_store *st, xy_subject_cb cb, void *ctx, struct xy_error *err)
{
    PGresult *res = run(xy_pg_of(st), S_DEPT_LIST, NULL, err, "read departments");
    if (!res)
        return xy_pg_failed(err);
    for (int i = 0; i < PQntuples(res); i++) {
        struct xy_subject_row row = {.uscc = xy_pg_str(res, i, 0), .name = xy_pg_str(res, i, 1)};
        if (cb(ctx, &row))
            break;
    }
    PQclear(res);
    return XY_OK;
}

static int p_batch_add(struct xy_store *st, const struct xy_batch_row *b, int64_t *id, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, b->dept_id);
    xy_pg_text(&a, b->cls);
    xy_pg_text(&a, b->source);
    xy_pg_text(&a, b->format);
    xy_pg_text(&a, b->encoding);
    xy_pg_text(&a, b->started_at);
    PGresult *res = run(xy_pg_of(st), S_BATCH_ADD, &a, err, "add batch");
    if (!res)
        return xy_pg_failed(err);
    *id = xy_pg_i64(res, 0, 0);
    PQclear(res);
    return XY_OK;
}

static int p_batch_finish(struct xy_store *st, const struct xy_batch_row *b, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, b->rows);
    xy_pg_int(&a, b->accepted);
    xy_pg_int(&a, b->rejected);
    xy_pg_int(&a, b->added);
    xy_pg_int(&a, b->updated);
    xy_pg_int(&a, b->unchanged);
    xy_pg_text(&a, b->finished_at);
    xy_pg_text(&a, b->encoding);
    xy_pg_int(&a, b->id);
    return xy_pg_exec(xy_pg_of(st), S_BATCH_FINISH, stmt_sql[S_BATCH_FINISH], &a, err, "finish batch");
}

static struct xy_batch_row batch_row(const PGresult *res, int i)
{
    return (struct xy_batch_row){
        .id = xy_pg_i64(res, i, 0),
        .dept_id = xy_pg_i64(res, i, 1),
        .cls = xy_pg_str(res, i, 2),
        .source = xy_pg_str(res, i, 3),
        .format = xy_pg_str(res, i, 4),
        .encoding = xy_pg_str(res, i, 5),
        .rows = (long)xy_pg_i64(res, i, 6),
        .accepted = (long)xy_pg_i64(res, i, 7),
        .rejected = (long)xy_pg_i64(res, i, 8),
        .added = (long)xy_pg_i64(res, i, 9),
        .updated = (long)xy_pg_i64(res, i, 10),
        .unchanged = (long)xy_pg_i64(res, i, 11),
        .started_at = xy_pg_str(res, i, 12),
        .finished_at = xy_pg_str(res, i, 13),
    };
}

static int p_batch_get(struct xy_store *st, int64_t id, xy_batch_cb cb, void *ctx, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, id);
    PGresult *res = run(xy_pg_of(st), S_BATCH_GET, &a, err, "read batch");
    if (!res)
        return xy_pg_failed(err);
    if (!PQntuples(res)) {
        PQclear(res);
        return xy_error_set(err, XY_ENOTFOUND, "没有编号为 %lld 的批次 (no batch %lld)", (long long)id, (long long)id);
    }
    struct xy_batch_row b = batch_row(res, 0);
    cb(ctx, &b, NULL);
    PQclear(res);
    return XY_OK;
}

static int p_batch_list(struct xy_store *st, int64_t dept_id, int64_t before, int limit, xy_batch_cb cb, void *ctx,
                        struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, dept_id > 0 ? dept_id : 0);
    xy_pg_int(&a, before);
    if (limit > 0)
        xy_pg_int(&a, limit);
    else
        xy_pg_text(&a, NULL); /* LIMIT NULL: no limit */
    PGresult *res = run(xy_pg_of(st), S_BATCH_LIST, &a, err, "read batches");
    if (!res)
        return xy_pg_failed(err);
    for (int i = 0; i < PQntuples(res); i++) {
        struct xy_batch_row b = batch_row(res, i);
        if (cb(ctx, &b, xy_pg_str(res, i, 14)))
            break;
    }
    PQclear(res);
    return XY_OK;
}

static int p_reject_add(struct xy_store *st, int64_t batch, long seq, long row, const char *field, const char *value,
                        const char *code, const char *reason, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, batch);
    xy_pg_int(&a, seq);
    xy_pg_int(&a, row);
    xy_pg_text(&a, field);
    xy_pg_text(&a, value);
    xy_pg_text(&a, code);
    xy_pg_text(&a, reason);
    return xy_pg_exec(xy_pg_of(st), S_REJECT_ADD, stmt_sql[S_REJECT_ADD], &a, err, "store reject");
}

static int p_batch_rejects(struct xy_store *st, int64_t batch_id, xy_reject_cb cb, void *ctx, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, batch_id);
    PGresult *res = run(xy_pg_of(st), S_BATCH_REJECTS, &a, err, "read rejects");
    if (!res)
        return xy_pg_failed(err);
    for (int i = 0; i < PQntuples(res); i++) {
        struct xy_reject_row j = {
            .seq = (long)xy_pg_i64(res, i, 0),
            .row = (long)xy_pg_i64(res, i, 1),
            .field = xy_pg_str(res, i, 2),
            .value = xy_pg_str(res, i, 3),
            .code = xy_pg_str(res, i, 4),
            .reason = xy_pg_str(res, i, 5),
        };
        if (cb(ctx, &j))
            break;
    }
    PQclear(res);
    return XY_OK;
}

static int p_public_counts(struct xy_store *st, const struct xy_public_filter *pub, xy_stat_cb cb, void *ctx,
                           struct xy_error *err)
{
    for (int which = 0; which < 2; which++) {
        struct pg_args a = {0};
        if (!which) {
            xy_pg_text(&a, pub->status);
            xy_pg_text(&a, pub->day);
        }
        PGresult *res = run(xy_pg_of(st), which ? S_COUNT_SUBJECTS : S_COUNT_RECORDS, &a, err, "count");
        if (!res)
            return xy_pg_failed(err);
        for (int i = 0; i < PQntuples(res); i++)
            cb(ctx, which ? "subjects" : "records", xy_pg_str(res, i, 0), xy_pg_i64(res, i, 1));
        PQclear(res);
    }
    return XY_OK;
}

static const struct xy_store_ops pg_ops = {
    .name = "pg",
    .caps = &pg_caps,
    .close = p_close,
    .migrate = p_migrate,
    .begin = p_begin,
    .commit = p_commit,
    .rollback = p_rollback,
    .read_begin = p_read_begin,
    .read_end = p_read_end,
    .catalog_put = p_catalog_put,
    .catalog_get = p_catalog_get,
    .dept_add = p_dept_add,
    .dept_get = p_dept_get,
    .batch_add = p_batch_add,
    .batch_finish = p_batch_finish,
    .reject_add = p_reject_add,
    .subject_resolve = xy_pg_subject_resolve,
    .record_current = xy_pg_record_current,
    .record_put = xy_pg_record_put,
    .search = xy_pg_search,
    .subject_get = xy_pg_subject_get,
    .subject_names = xy_pg_subject_names,
    .subject_records = xy_pg_subject_records,
    .record_versions = xy_pg_record_versions,
    .batch_get = p_batch_get,
    .batch_rejects = p_batch_rejects,
    .dept_list = p_dept_list,
    .batch_list = p_batch_list,
    .record_get = xy_pg_record_get,
    .records_by_class = xy_pg_records_by_class,
    .records_filtered = xy_pg_records_filtered,
    .records_by_dept = xy_pg_records_by_dept,
    .schema = p_schema,
    .public_counts = p_public_counts,
    .ping = p_ping,
    .key_add = xy_pg_key_add,
    .key_get = xy_pg_key_get,
    .key_list = xy_pg_key_list,
    .key_revoke = xy_pg_key_revoke,
    .cites_put = xy_pg_cites_put,
    .subject_ref = xy_pg_subject_ref,
    .subject_max = xy_pg_subject_max,
    .audit_last = xy_pg_audit_last,
    .audit_insert = xy_pg_audit_insert,
    .audit_scan = xy_pg_audit_scan,
    .records_browse = xy_pg_records_browse,
    .list_entries = xy_pg_list_entries,
    .record_set_status = xy_pg_record_set_status,
    .record_mark = xy_pg_record_mark,
    .objection_unmark = xy_pg_objection_unmark,
    .entries_citing = xy_pg_entries_citing,
    .expire_due = xy_pg_expire_due,
    .change_add = xy_pg_change_add,
    .changes_page = xy_pg_changes_page,
    .account_add = xy_pg_account_add,
    .account_get = xy_pg_account_get,
    .account_list = xy_pg_account_list,
    .account_put = xy_pg_account_put,
    .session_add = xy_pg_session_add,
    .session_get = xy_pg_session_get,
    .session_touch = xy_pg_session_touch,
    .session_drop = xy_pg_session_drop,
    .throttle_get = xy_pg_throttle_get,
    .throttle_put = xy_pg_throttle_put,
    .matter_put = xy_pg_matter_put,
    .matter_exists = xy_pg_matter_exists,
    .matter_dept = xy_pg_matter_dept,
    .matters_list = xy_pg_matters_list,
    .policy_gen = xy_pg_policy_gen,
    .memo_current = xy_pg_memo_current,
    .memo_put = xy_pg_memo_put,
    .measure_put = xy_pg_measure_put,
    .measures_current = xy_pg_measures_current,
    .check_add = xy_pg_check_add,
    .check_get = xy_pg_check_get,
    .feedback_put = xy_pg_feedback_put,
    .access_add = xy_pg_access_add,
    .jrp_stats = xy_pg_jrp_stats,
    .case_add = xy_pg_case_add,
    .cases_page = xy_pg_cases_page,
    .calendar_put = xy_pg_calendar_put,
    .calendar_scan = xy_pg_calendar_scan,
    .claim_add = xy_pg_claim_add,
    .claim_get = xy_pg_claim_get,
    .claim_update = xy_pg_claim_update,
    .claims_page = xy_pg_claims_page,
    .claim_open_on = xy_pg_claim_open_on,
    .claim_step_add = xy_pg_claim_step_add,
    .claim_steps = xy_pg_claim_steps,
    .file_add = xy_pg_file_add,
    .files_list = xy_pg_files_list,
    .file_get = xy_pg_file_get,
    .consent_add = xy_pg_consent_add,
    .consent_get = xy_pg_consent_get,
    .consents_list = xy_pg_consents_list,
    .consent_revoke = xy_pg_consent_revoke,
    .access_list = xy_pg_access_list,
    .querier_add = xy_pg_querier_add,
    .querier_get = xy_pg_querier_get,
    .queriers_list = xy_pg_queriers_list,
    .querier_disable = xy_pg_querier_disable,
    .report_next_seq = xy_pg_report_next_seq,
    .report_add = xy_pg_report_add,
    .report_get = xy_pg_report_get,
    .report_stats = xy_pg_report_stats,
    .article_put = xy_pg_article_put,
    .article_get = xy_pg_article_get,
    .articles_page = xy_pg_articles_page,
    .article_file_add = xy_pg_article_file_add,
    .article_files = xy_pg_article_files,
    .training_add = xy_pg_training_add,
    .training_certs = xy_pg_training_certs,
    .training_coverage = xy_pg_training_coverage,
    .dest_add = xy_pg_dest_add,
    .dest_list = xy_pg_dest_list,
    .dest_enable = xy_pg_dest_enable,
    .dest_ack = xy_pg_dest_ack,
    .dest_fail = xy_pg_dest_fail,
    .source_get = xy_pg_source_get,
    .source_advance = xy_pg_source_advance,
    .inbound_find = xy_pg_inbound_find,
    .inbound_add = xy_pg_inbound_add,
    .record_source_add = xy_pg_record_source_add,
    .batch_records = xy_pg_batch_records,
    .records_scan = xy_pg_records_scan,
    .sup_activity = xy_pg_sup_activity,
    .sup_overdue = xy_pg_sup_overdue,
    .sup_raise = xy_pg_sup_raise,
    .sup_get = xy_pg_sup_get,
    .sup_list = xy_pg_sup_list,
    .sup_update = xy_pg_sup_update,
    .sup_count_numbered = xy_pg_sup_count_numbered,
    .sup_answer_add = xy_pg_sup_answer_add,
    .sup_verdict = xy_pg_sup_verdict,
    .sup_answers = xy_pg_sup_answers,
    .sup_file = xy_pg_sup_file,
    .conv_put = xy_pg_conv_put,
    .conv_scan = xy_pg_conv_scan,
    .extra_put = xy_pg_extra_put,
    .extra_get = xy_pg_extra_get,
    .arrivals = xy_pg_arrivals,
    .report_coverage = xy_pg_report_coverage,
    .eval_model_put = xy_pg_eval_model_put,
    .eval_models = xy_pg_eval_models,
    .eval_scan = xy_pg_eval_scan,
    .eval_put = xy_pg_eval_put,
    .eval_get = xy_pg_eval_get,
    .eval_list = xy_pg_eval_list,
    .eval_counts = xy_pg_eval_counts,
    .eval_stale = xy_pg_eval_stale,
    .eval_mark_faded = xy_pg_eval_mark_faded,
    .answer_get = xy_pg_answer_get,
    .answer_unstale = xy_pg_answer_unstale,
    .answer_put = xy_pg_answer_put,
    .answer_drop = xy_pg_answer_drop,
    .answer_stale = xy_pg_answer_stale,
    .answer_defer = xy_pg_answer_defer,
    .answer_mark_batch = xy_pg_answer_mark_batch,
    .answer_mark_old = xy_pg_answer_mark_old,
    .unit_set = xy_pg_unit_set,
    .plan_set = xy_pg_plan_set,
    .units = xy_pg_units,
    .declaration_put = xy_pg_declaration_put,
    .declarations = xy_pg_declarations,
    .entry_put = xy_pg_entry_put,
    .entries = xy_pg_entries,
    .month_get = xy_pg_month_get,
    .month_put = xy_pg_month_put,
    .dest_seal = xy_pg_dest_seal,
    .source_key_set = xy_pg_source_key_set,
    .source_verify_key = xy_pg_source_verify_key,
    .nonce_add = xy_pg_nonce_add,
    .application_add = xy_pg_application_add,
    .application_get = xy_pg_application_get,
    .application_list = xy_pg_application_list,
    .application_put = xy_pg_application_put,
    .application_file_add = xy_pg_application_file_add,
    .application_files = xy_pg_application_files,
    .sub_add = xy_pg_sub_add,
    .sub_list = xy_pg_sub_list,
    .sub_follow_add = xy_pg_sub_follow_add,
    .sub_regulated = xy_pg_sub_regulated,
    .sub_grant = xy_pg_sub_grant,
    .sub_hits = xy_pg_sub_hits,
    .sub_ack = xy_pg_sub_ack,
    .sub_fail = xy_pg_sub_fail,
    .sub_end = xy_pg_sub_end,
    .mon_facts = xy_pg_mon_facts,
    .mon_day_facts = xy_pg_mon_day_facts,
    .mon_agg_clear = xy_pg_mon_agg_clear,
    .mon_agg_add = xy_pg_mon_agg_add,
    .mon_cutoff_put = xy_pg_mon_cutoff_put,
    .mon_agg_rollup = xy_pg_mon_agg_rollup,
    .mon_refresh_get = xy_pg_mon_refresh_get,
    .mon_mark_get = xy_pg_mon_mark_get,
    .mon_mark_set = xy_pg_mon_mark_set,
    .mon_records_after = xy_pg_mon_records_after,
    .mon_day_records = xy_pg_mon_day_records,
    .mon_agg_read = xy_pg_mon_agg_read,
    .mon_drill = xy_pg_mon_drill,
    .copy_tables = xy_pg_copy_tables,
    .copy_columns = xy_pg_copy_columns,
    .copy_count = xy_pg_copy_count,
    .copy_scan = xy_pg_copy_scan,
    .copy_load_begin = xy_pg_copy_load_begin,
    .copy_load_row = xy_pg_copy_load_row,
    .copy_load_end = xy_pg_copy_load_end,
    .copy_mark = xy_pg_copy_mark,
    .copy_progress = xy_pg_copy_progress,
    .copy_finish = xy_pg_copy_finish,
};

int xy_store_pg_open(const char *conninfo, struct xy_store **out, struct xy_error *err)
{
    *out = NULL;
    struct pg_store *s = xy_calloc(1, sizeof *s);
    if (!s)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    s->base.ops = &pg_ops;
    s->c = PQconnectdb(conninfo);
    if (PQstatus(s->c) != CONNECTION_OK) {
        char msg[300];
        snprintf(msg, sizeof msg, "%s", PQerrorMessage(s->c));
        msg[strcspn(msg, "\n")] = '\0';
        PQfinish(s->c);
        xy_free(s);
        /* The address may hold a password: it is not repeated in the message. */
        return xy_error_set(err, XY_EIO, "无法连接 PostgreSQL 数据库 (cannot connect to the PostgreSQL database): %s",
                            msg);
    }
    if (session_setup(s, err) != XY_OK) {
        PQfinish(s->c);
        xy_free(s);
        return xy_error_set(err, XY_EIO, "PostgreSQL: cannot set the session up (UTF-8 client encoding)");
    }
    *out = &s->base;
    return XY_OK;
}

/* On each new connection, the first and any opened again. */
static int session_setup(struct pg_store *s, struct xy_error *err)
{
    /* Times and days are text the app writes; the client encoding must be UTF-8 for the names. */
    if (PQsetClientEncoding(s->c, "UTF8") != 0)
        return xy_error_set(err, XY_EUNAVAIL, "PostgreSQL: cannot set the UTF-8 client encoding");
    return simple(s, "SET statement_timeout = 0; SET lock_timeout = '30s'", err, "session settings");
}
