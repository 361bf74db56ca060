/* SPDX-License-Identifier: Apache-2.0 */
/* The SQLite back end of the store: WAL journal, prepared statements kept for the life of the
 * connection, every value bound as a parameter. One connection is one writer or one reader. This
 * file opens and migrates the database, runs transactions, and keeps the catalogue, departments and
 * batches; the other areas have files of their own (store_sqlite_int.h). Past 900 lines because
 * the operations' table at the end names all of them (about 220 lines): kept in one place. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xy_alloc.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/store_sqlite_int.h"
#include "store/store.h"
#ifdef XY_FAULTS
#include "store/sqlite/vfs_fault.h"
#endif

enum stmt_id {
    S_CATALOG_PUT,
    S_CATALOG_GET,
    S_DEPT_ADD,
    S_DEPT_RENAME,
    S_DEPT_GET,
    S_BATCH_ADD,
    S_BATCH_FINISH,
    S_BATCH_GET,
    S_REJECT_ADD,
    S_SCHEMA,
    S_BATCH_REJECTS,
    S_PING,
    S_DATA_VERSION,
    S_BEGIN,
    S_BEGIN_READ,
    S_COMMIT,
    S_SYNC_FULL,
    S_SYNC_NORMAL,
    S_DEPT_LIST,
    S_COUNT_RECORDS,
    S_COUNT_SUBJECTS,
    S_BATCH_LIST,
    S_BATCH_LIST_DEPT,
    S__COUNT
};

static const char *const stmt_sql[S__COUNT] = {
    [S_CATALOG_PUT] = "INSERT INTO catalog(version, loaded_at, body) VALUES (?, ?, ?)",
    [S_CATALOG_GET] = "SELECT body FROM catalog ORDER BY id DESC LIMIT 1",
    [S_DEPT_ADD] = "INSERT INTO dept(uscc, name, created_at) VALUES (?, ?, ?)",
    [S_DEPT_RENAME] = "UPDATE dept SET name = ? WHERE uscc = ?",
    [S_DEPT_GET] = "SELECT id, name FROM dept WHERE uscc = ?",
    [S_BATCH_ADD] = "INSERT INTO batch(dept_id, class, source, format, encoding, started_at) VALUES (?, ?, ?, ?, ?, ?)",
    [S_BATCH_FINISH] = "UPDATE batch SET rows_total = ?, accepted = ?, rejected = ?, added = ?, updated = ?, "
                       "unchanged = ?, finished_at = ?, encoding = ? WHERE id = ?",
    [S_BATCH_GET] = "SELECT id, dept_id, class, source, format, encoding, rows_total, accepted, rejected, added, "
                    "updated, unchanged, started_at, finished_at FROM batch WHERE id = ?",
    [S_REJECT_ADD] = "INSERT INTO batch_reject(batch_id, seq, row_no, field, value, code, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
    [S_SCHEMA] = "PRAGMA user_version",
    [S_BATCH_REJECTS] = "SELECT seq, row_no, field, value, code, reason FROM batch_reject WHERE batch_id = ? ORDER BY seq",
    [S_PING] = "SELECT 1",
    [S_DATA_VERSION] = "PRAGMA data_version",
    /* Prepared once: a check's group commit runs these four each time, and sqlite3_exec would parse
     * them each time. */
    [S_BEGIN] = "BEGIN IMMEDIATE",
    [S_BEGIN_READ] = "BEGIN",
    [S_COMMIT] = "COMMIT",
    [S_SYNC_FULL] = "PRAGMA synchronous = FULL",
    [S_SYNC_NORMAL] = "PRAGMA synchronous = NORMAL",
    [S_COUNT_RECORDS] = "SELECT class, count(*) FROM record WHERE is_current = 1 AND status = ? "
                         "AND (public_until IS NULL OR public_until >= ?) GROUP BY class",
    [S_COUNT_SUBJECTS] = "SELECT kind, count(*) FROM subject GROUP BY kind",
    [S_DEPT_LIST] = "SELECT uscc, name FROM dept ORDER BY uscc",
    [S_BATCH_LIST] = "SELECT b.id, b.dept_id, b.class, b.source, b.format, b.encoding, b.rows_total, b.accepted, "
                     "b.rejected, b.added, b.updated, b.unchanged, b.started_at, b.finished_at, d.uscc "
                     "FROM batch b JOIN dept d ON d.id = b.dept_id WHERE (? = 0 OR b.id < ?) ORDER BY b.id DESC LIMIT ?",
    [S_BATCH_LIST_DEPT] = "SELECT b.id, b.dept_id, b.class, b.source, b.format, b.encoding, b.rows_total, b.accepted, "
                          "b.rejected, b.added, b.updated, b.unchanged, b.started_at, b.finished_at, d.uscc "
                          "FROM batch b JOIN dept d ON d.id = b.dept_id WHERE b.dept_id = ? AND (? = 0 OR b.id < ?) "
                          "ORDER BY b.id DESC LIMIT ?",
};

int xy_sqlite_err(struct sqlite_store *s, struct xy_error *err, const char *what)
{
    int code = sqlite3_errcode(s->db);
    int rc = code == SQLITE_BUSY || code == SQLITE_LOCKED ? XY_EBUSY
             : code == SQLITE_NOMEM                        ? XY_ENOMEM
             : code == SQLITE_CORRUPT || code == SQLITE_NOTADB ? XY_ECORRUPT
             : code == SQLITE_FULL || code == SQLITE_IOERR     ? XY_EIO
                                                               : XY_EDB;
    return xy_error_set(err, rc, "数据库错误 (database): %s: %s", what, sqlite3_errmsg(s->db));
}

sqlite3_stmt *xy_sqlite_stmt(struct sqlite_store *s, sqlite3_stmt **slot, const char *sql, struct xy_error *err)
{
    if (!*slot) {
        if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, slot, NULL) != SQLITE_OK) {
            xy_sqlite_err(s, err, "prepare");
            return NULL;
        }
    } else {
        sqlite3_reset(*slot);
        sqlite3_clear_bindings(*slot);
    }
    return *slot;
}

static sqlite3_stmt *stmt(struct sqlite_store *s, enum stmt_id id, struct xy_error *err)
{
    return xy_sqlite_stmt(s, &s->stmt[id], stmt_sql[id], err);
}

void xy_sqlite_bind_text(sqlite3_stmt *q, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(q, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(q, i);
}

sqlite3_stmt *xy_sqlite_prepare_once(struct sqlite_store *s, const char *sql, struct xy_error *err)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK) {
        xy_sqlite_err(s, err, "prepare");
        sqlite3_finalize(q);
        return NULL;
    }
    return q;
}

int xy_sqlite_run(struct sqlite_store *s, sqlite3_stmt *q, struct xy_error *err, const char *what)
{
    int r = sqlite3_step(q);
    sqlite3_reset(q);
    if (r != SQLITE_DONE)
        return xy_sqlite_err(s, err, what);
    return XY_OK;
}

static void s_close(struct xy_store *st)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    for (int i = 0; i < XY_SQLITE_MAIN_STMTS; i++)
        sqlite3_finalize(s->stmt[i]);
    for (int i = 0; i < XY_SQLITE_AUX_STMTS; i++)
        sqlite3_finalize(s->aux[i]);
    xy_free(s->pending);
    sqlite3_finalize(s->load);
    xy_free(s->load_triggers);
    sqlite3_close(s->db);
    xy_free(s);
}

static int exec(struct sqlite_store *s, const char *sql, struct xy_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        int rc = xy_sqlite_err(s, err, msg ? msg : "exec");
        sqlite3_free(msg);
        return rc;
    }
    return XY_OK;
}

static int s_migrate(struct xy_store *st, int *from, int *to, struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q = NULL;
    int rc, version = 0;
    if ((rc = exec(s, "BEGIN IMMEDIATE", err)))
        return rc;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &q, NULL) != SQLITE_OK ||
        sqlite3_step(q) != SQLITE_ROW) {
        rc = xy_sqlite_err(s, err, "read schema version");
        goto out;
    }
    version = sqlite3_column_int(q, 0);
    sqlite3_reset(q); /* an open read would lock out a migration's DROP TABLE */
    if (from)
        *from = version;
    if (version > (int)XY_SQLITE_NMIGRATIONS) {
        rc = xy_error_set(err, XY_EDB, "数据库结构版本 %1$d 比本程序（%2$zu）新 (database schema version %1$d is newer than this program (%2$zu))", version,
                          XY_SQLITE_NMIGRATIONS);
        goto out;
    }
    for (size_t m = (size_t)version; m < XY_SQLITE_NMIGRATIONS; m++) {
        if ((rc = exec(s, xy_sqlite_migrations[m], err)))
            goto out;
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %zu", m + 1);
        if ((rc = exec(s, pragma, err)))
            goto out;
    }
    if (to)
        *to = (int)XY_SQLITE_NMIGRATIONS;
    rc = exec(s, "COMMIT", err);
out:
    sqlite3_finalize(q);
    if (rc)
        exec(s, "ROLLBACK", NULL);
    return rc;
}

/* Sets the connection's synchronous mode when it differs: the pragma is re-prepared by SQLite each
 * time it runs, a sixth of a check's commit, so a stream of checks runs it once, not twice a check. */
static int set_sync(struct sqlite_store *s, int full, struct xy_error *err)
{
    if (s->sync_full == full)
        return XY_OK;
    sqlite3_stmt *q = stmt(s, full ? S_SYNC_FULL : S_SYNC_NORMAL, err);
    int rc = q ? xy_sqlite_run(s, q, err, "PRAGMA synchronous") : err && err->rc ? err->rc : XY_EDB;
    if (!rc)
        s->sync_full = full;
    return rc;
}

static int s_begin(struct xy_store *st, struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    /* A transaction left open by a ROLLBACK that itself failed (out of memory) is closed here, so that
     * one failure never leaves the writer refusing every later transaction. */
    s->answer_defer = 0;
    if (!sqlite3_get_autocommit(s->db))
        exec(s, "ROLLBACK", NULL);
    s->npending = 0;
    int full = !s->next_light, rc;
    s->next_light = 0;
    if ((rc = set_sync(s, full, err)))
        return rc;
    sqlite3_stmt *q = stmt(s, S_BEGIN, err);
    return q ? xy_sqlite_run(s, q, err, "BEGIN") : err && err->rc ? err->rc : XY_EDB;
}

static int s_rollback(struct xy_store *st);

static int s_read_begin(struct xy_store *st, int *began, struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    *began = 0;
    if (!sqlite3_get_autocommit(s->db))
        return XY_OK; /* inside a transaction already: its snapshot serves */
    sqlite3_stmt *q = stmt(s, S_BEGIN_READ, err);
    int rc = q ? xy_sqlite_run(s, q, err, "BEGIN") : err && err->rc ? err->rc : XY_EDB;
    *began = rc == XY_OK;
    return rc;
}

/* A statement still on a row when its transaction ends keeps that snapshot open: checkpoints cannot
 * get past it, and on the writer the next BEGIN IMMEDIATE fails once another program commits. Test
 * builds (no NDEBUG) stop at once, naming the statement. */
static void assert_none_left(struct sqlite_store *s)
{
#ifndef NDEBUG
    for (sqlite3_stmt *q = sqlite3_next_stmt(s->db, NULL); q; q = sqlite3_next_stmt(s->db, q))
        if (sqlite3_stmt_busy(q)) {
            fprintf(stderr, "xinyong: statement left open after its transaction: %s\n", sqlite3_sql(q));
            abort();
        }
#else
    (void)s;
#endif
}

static void s_read_end(struct xy_store *st, int began)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    if (!began || sqlite3_get_autocommit(s->db))
        return;
    sqlite3_stmt *q = stmt(s, S_COMMIT, NULL);
    if (!q || xy_sqlite_run(s, q, NULL, "COMMIT") != XY_OK)
        s_rollback(st); /* a read-only transaction: nothing is lost either way */
    assert_none_left(s);
}

static int s_checkpoint(struct xy_store *st, int *wal_pages, int *copied, struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    int log = 0, done = 0;
    /* PASSIVE: copies what no reader still needs, never waits for a lock and never blocks the writer. */
    if (sqlite3_wal_checkpoint_v2(s->db, "main", SQLITE_CHECKPOINT_PASSIVE, &log, &done) != SQLITE_OK)
        return xy_sqlite_err(s, err, "checkpoint");
    if (wal_pages)
        *wal_pages = log;
    if (copied)
        *copied = done;
    return XY_OK;
}

static void s_autocheckpoint(struct xy_store *st, int pages)
{
    sqlite3_wal_autocheckpoint(((struct sqlite_store *)st)->db, pages);
}

static int s_commit(struct xy_store *st, struct xy_error *err)
{
    int rc = xy_sqlite_grams_flush((struct sqlite_store *)st, err);
    if (rc)
        return rc;
    struct sqlite_store *s = (struct sqlite_store *)st;
    /* Inserts whose answers were left to answer_mark_batch: never committed unmarked. */
    if (s->answer_defer)
        return xy_error_set(err, XY_EINVAL, "answer marks deferred and not made (answer_mark_batch)");
    sqlite3_stmt *q = stmt(s, S_COMMIT, err);
    rc = q ? xy_sqlite_run(s, q, err, "COMMIT") : err && err->rc ? err->rc : XY_EDB;
    if (!rc)
        assert_none_left(s);
    return rc;
}

static int s_durable(struct xy_store *st, int full, struct xy_error *err)
{
    (void)err;
    ((struct sqlite_store *)st)->next_light = !full; /* applied by the next s_begin */
    return XY_OK;
}

static int s_rollback(struct xy_store *st)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    s->npending = 0;
    s->answer_defer = 0;
    /* ROLLBACK itself may fail for want of memory; a writer left inside a transaction would refuse
     * every later one, so try again a few times before giving up. */
    for (int i = 0; i < 8 && !sqlite3_get_autocommit(s->db); i++)
        exec(s, "ROLLBACK", NULL);
    return sqlite3_get_autocommit(s->db) ? XY_OK : XY_EDB;
}

static int s_catalog_put(struct xy_store *st, const char *version, const char *body, const char *now,
                         struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q = stmt(s, S_CATALOG_PUT, err);
    if (!q)
        return err ? err->rc : XY_EDB;
    xy_sqlite_bind_text(q, 1, version);
    xy_sqlite_bind_text(q, 2, now);
    xy_sqlite_bind_text(q, 3, body);
    return xy_sqlite_run(s, q, err, "store catalogue");
}

static int s_catalog_get(struct xy_store *st, char **body, struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q = stmt(s, S_CATALOG_GET, err);
    *body = NULL;
    if (!q)
        return err ? err->rc : XY_EDB;
    int r = sqlite3_step(q);
    if (r == SQLITE_DONE)
        return xy_error_set(err, XY_ENOTFOUND, "尚未载入信息目录：请运行 xinyong init (no catalogue loaded: run `xinyong init`)");
    if (r != SQLITE_ROW)
        return xy_sqlite_err(s, err, "read catalogue");
    const char *text = xy_sqlite_text(q, 0);
    *body = text ? xy_strdup(text) : NULL;
    sqlite3_reset(q);
    return *body ? XY_OK : xy_error_set(err, XY_ENOMEM, "out of memory reading the catalogue");
}

static int s_dept_get(struct xy_store *st, const char *uscc, int64_t *id, char *name, size_t size,
                      struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q = stmt(s, S_DEPT_GET, err);
    if (!q)
        return err ? err->rc : XY_EDB;
    xy_sqlite_bind_text(q, 1, uscc);
    int r = sqlite3_step(q);
    if (r == SQLITE_DONE)
        return xy_error_set(err, XY_ENOTFOUND, "部门 %s 未注册（xinyong dept add） (department %s is not registered: xinyong dept add)",
                            uscc, uscc);
    if (r != SQLITE_ROW)
        return xy_sqlite_err(s, err, "read department");
    *id = sqlite3_column_int64(q, 0);
    if (name && size)
        snprintf(name, size, "%s", xy_sqlite_text(q, 1));
    sqlite3_reset(q);
    return XY_OK;
}

static int s_dept_add(struct xy_store *st, const char *uscc, const char *name, const char *now, int64_t *id,
                      struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    int64_t existing = 0;
    if (s_dept_get(st, uscc, &existing, NULL, 0, NULL) == XY_OK) {
        sqlite3_stmt *q = stmt(s, S_DEPT_RENAME, err);
        if (!q)
            return err ? err->rc : XY_EDB;
        xy_sqlite_bind_text(q, 1, name);
        xy_sqlite_bind_text(q, 2, uscc);
        int rc = xy_sqlite_run(s, q, err, "rename department");
        *id = existing;
        return rc ? rc : XY_EEXIST;
    }
    sqlite3_stmt *q = stmt(s, S_DEPT_ADD, err);
    if (!q)
        return err ? err->rc : XY_EDB;
    xy_sqlite_bind_text(q, 1, uscc);
    xy_sqlite_bind_text(q, 2, name);
    xy_sqlite_bind_text(q, 3, now);
    int rc = xy_sqlite_run(s, q, err, "add department");
    if (!rc)
        *id = sqlite3_last_insert_rowid(s->db);
    return rc;
}

static int s_batch_add(struct xy_store *st, const struct xy_batch_row *b, int64_t *id, struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q = stmt(s, S_BATCH_ADD, err);
    if (!q)
        return err ? err->rc : XY_EDB;
    sqlite3_bind_int64(q, 1, b->dept_id);
    xy_sqlite_bind_text(q, 2, b->cls);
    xy_sqlite_bind_text(q, 3, b->source);
    xy_sqlite_bind_text(q, 4, b->format);
    xy_sqlite_bind_text(q, 5, b->encoding);
    xy_sqlite_bind_text(q, 6, b->started_at);
    int rc = xy_sqlite_run(s, q, err, "add batch");
    if (!rc)
        *id = sqlite3_last_insert_rowid(s->db);
    return rc;
}

static int s_batch_finish(struct xy_store *st, const struct xy_batch_row *b, struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q = stmt(s, S_BATCH_FINISH, err);
    if (!q)
        return err ? err->rc : XY_EDB;
    sqlite3_bind_int64(q, 1, b->rows);
    sqlite3_bind_int64(q, 2, b->accepted);
    sqlite3_bind_int64(q, 3, b->rejected);
    sqlite3_bind_int64(q, 4, b->added);
    sqlite3_bind_int64(q, 5, b->updated);
    sqlite3_bind_int64(q, 6, b->unchanged);
    xy_sqlite_bind_text(q, 7, b->finished_at);
    xy_sqlite_bind_text(q, 8, b->encoding);
    sqlite3_bind_int64(q, 9, b->id);
    return xy_sqlite_run(s, q, err, "finish batch");
}

static int s_batch_get(struct xy_store *st, int64_t id, xy_batch_cb cb, void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q = stmt(s, S_BATCH_GET, err);
    if (!q)
        return err ? err->rc : XY_EDB;
    sqlite3_bind_int64(q, 1, id);
    int r = sqlite3_step(q);
    if (r == SQLITE_DONE) {
        sqlite3_reset(q);
        return xy_error_set(err, XY_ENOTFOUND, "没有编号为 %lld 的批次 (no batch %lld)", (long long)id, (long long)id);
    }
    if (r != SQLITE_ROW)
        return xy_sqlite_err(s, err, "read batch");
    struct xy_batch_row b = {
        .id = sqlite3_column_int64(q, 0),
        .dept_id = sqlite3_column_int64(q, 1),
        .cls = xy_sqlite_text(q, 2),
        .source = xy_sqlite_text(q, 3),
        .format = xy_sqlite_text(q, 4),
        .encoding = xy_sqlite_text(q, 5),
        .rows = (long)sqlite3_column_int64(q, 6),
        .accepted = (long)sqlite3_column_int64(q, 7),
        .rejected = (long)sqlite3_column_int64(q, 8),
        .added = (long)sqlite3_column_int64(q, 9),
        .updated = (long)sqlite3_column_int64(q, 10),
        .unchanged = (long)sqlite3_column_int64(q, 11),
        .started_at = xy_sqlite_text(q, 12),
        .finished_at = xy_sqlite_text(q, 13),
    };
    cb(ctx, &b, NULL);
    sqlite3_reset(q);
    return XY_OK;
}

static int s_reject_add(struct xy_store *st, int64_t batch, long seq, long row, const char *field,
                        const char *value, const char *code, const char *reason, struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q = stmt(s, S_REJECT_ADD, err);
    if (!q)
        return err ? err->rc : XY_EDB;
    sqlite3_bind_int64(q, 1, batch);
    sqlite3_bind_int64(q, 2, seq);
    sqlite3_bind_int64(q, 3, row);
    xy_sqlite_bind_text(q, 4, field);
    xy_sqlite_bind_text(q, 5, value);
    xy_sqlite_bind_text(q, 6, code);
    xy_sqlite_bind_text(q, 7, reason);
    return xy_sqlite_run(s, q, err, "store reject");
}

static int s_batch_rejects(struct xy_store *st, int64_t batch_id, xy_reject_cb cb, void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q = stmt(s, S_BATCH_REJECTS, err);
    if (!q)
        return err && err->rc ? err->rc : XY_EDB;
    sqlite3_bind_int64(q, 1, batch_id);
    int r;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        struct xy_reject_row j = {
            .seq = (long)sqlite3_column_int64(q, 0),
            .row = (long)sqlite3_column_int64(q, 1),
            .field = xy_sqlite_text(q, 2),
            .value = xy_sqlite_text(q, 3),
            .code = xy_sqlite_text(q, 4),
            .reason = xy_sqlite_text(q, 5),
        };
        if (cb(ctx, &j))
            break;
    }
    sqlite3_reset(q);
    return r == SQLITE_ROW || r == SQLITE_DONE ? XY_OK : xy_sqlite_err(s, err, "read rejects");
}

static int s_schema(struct xy_store *st, int *have, int *want, struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q = stmt(s, S_SCHEMA, err);
    if (!q)
        return err && err->rc ? err->rc : XY_EDB;
    int r = sqlite3_step(q);
    *have = r == SQLITE_ROW ? sqlite3_column_int(q, 0) : 0;
    *want = (int)XY_SQLITE_NMIGRATIONS;
    sqlite3_reset(q);
    return r == SQLITE_ROW ? XY_OK : xy_sqlite_err(s, err, "schema version");
}

static int s_public_counts(struct xy_store *st, const struct xy_public_filter *pub, xy_stat_cb cb, void *ctx,
                           struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    for (int which = 0; which < 2; which++) {
        sqlite3_stmt *q = stmt(s, which ? S_COUNT_SUBJECTS : S_COUNT_RECORDS, err);
        if (!q)
            return err && err->rc ? err->rc : XY_EDB;
        if (!which) {
            xy_sqlite_bind_text(q, 1, pub->status);
            xy_sqlite_bind_text(q, 2, pub->day);
        }
        int r;
        while ((r = sqlite3_step(q)) == SQLITE_ROW)
            cb(ctx, which ? "subjects" : "records", xy_sqlite_text(q, 0), sqlite3_column_int64(q, 1));
        sqlite3_reset(q);
        if (r != SQLITE_DONE)
            return xy_sqlite_err(s, err, "count");
    }
    return XY_OK;
}

static int s_dept_list(struct xy_store *st, xy_subject_cb cb, void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q = stmt(s, S_DEPT_LIST, err);
    if (!q)
        return err && err->rc ? err->rc : XY_EDB;
    int r;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        struct xy_subject_row row = {.uscc = xy_sqlite_text(q, 0), .name = xy_sqlite_text(q, 1)};
        if (cb(ctx, &row))
            break;
    }
    sqlite3_reset(q);
    return r == SQLITE_ROW || r == SQLITE_DONE ? XY_OK : xy_sqlite_err(s, err, "read departments");
}

static int s_batch_list(struct xy_store *st, int64_t dept_id, int64_t before, int limit, xy_batch_cb cb, void *ctx,
                        struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q = stmt(s, dept_id > 0 ? S_BATCH_LIST_DEPT : S_BATCH_LIST, err);
    int i = 1;
    if (!q)
        return err && err->rc ? err->rc : XY_EDB;
    if (dept_id > 0)
        sqlite3_bind_int64(q, i++, dept_id);
    sqlite3_bind_int64(q, i++, before);
    sqlite3_bind_int64(q, i++, before);
    sqlite3_bind_int(q, i, limit > 0 ? limit : -1);
    int r;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        struct xy_batch_row b = {
            .id = sqlite3_column_int64(q, 0), .dept_id = sqlite3_column_int64(q, 1), .cls = xy_sqlite_text(q, 2),
            .source = xy_sqlite_text(q, 3), .format = xy_sqlite_text(q, 4), .encoding = xy_sqlite_text(q, 5),
            .rows = (long)sqlite3_column_int64(q, 6), .accepted = (long)sqlite3_column_int64(q, 7),
            .rejected = (long)sqlite3_column_int64(q, 8), .added = (long)sqlite3_column_int64(q, 9),
            .updated = (long)sqlite3_column_int64(q, 10), .unchanged = (long)sqlite3_column_int64(q, 11),
            .started_at = xy_sqlite_text(q, 12), .finished_at = xy_sqlite_text(q, 13),
        };
        if (cb(ctx, &b, xy_sqlite_text(q, 14)))
            break;
    }
    sqlite3_reset(q);
    return r == SQLITE_ROW || r == SQLITE_DONE ? XY_OK : xy_sqlite_err(s, err, "read batches");
}

static int s_ping(struct xy_store *st, struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q = stmt(s, S_PING, err);
    if (!q)
        return err && err->rc ? err->rc : XY_EDB;
    int r = sqlite3_step(q);
    sqlite3_reset(q);
    return r == SQLITE_ROW ? XY_OK : xy_sqlite_err(s, err, "ping");
}

static int s_data_version(struct xy_store *st, int64_t *v, struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q = stmt(s, S_DATA_VERSION, err);
    if (!q)
        return err && err->rc ? err->rc : XY_EDB;
    int r = sqlite3_step(q);
    if (r == SQLITE_ROW)
        *v = sqlite3_column_int64(q, 0);
    sqlite3_reset(q);
    return r == SQLITE_ROW ? XY_OK : xy_sqlite_err(s, err, "data version");
}

_Static_assert(S__COUNT <= 32, "store_sqlite.c's statements use stmt[0..31]");

static const struct xy_store_caps sqlite_caps = {
    .checkpoint = s_checkpoint,
    .autocheckpoint = s_autocheckpoint,
    .durable = s_durable,
    .data_version = s_data_version,
    .backup = xy_sqlite_backup,
    .integrity = xy_sqlite_integrity,
    .standalone = xy_sqlite_standalone,
};

static const struct xy_store_ops sqlite_ops = {
    .name = "sqlite",
    .close = s_close,
    .migrate = s_migrate,
    .begin = s_begin,
    .commit = s_commit,
    .rollback = s_rollback,
    .read_begin = s_read_begin,
    .read_end = s_read_end,
    .caps = &sqlite_caps,
    .catalog_put = s_catalog_put,
    .catalog_get = s_catalog_get,
    .dept_add = s_dept_add,
    .dept_get = s_dept_get,
    .batch_add = s_batch_add,
    .batch_finish = s_batch_finish,
    .reject_add = s_reject_add,
    .subject_resolve = xy_sqlite_subject_resolve,
    .record_current = xy_sqlite_record_current,
    .record_put = xy_sqlite_record_put,
    .search = xy_sqlite_search,
    .subject_get = xy_sqlite_subject_get,
    .subject_names = xy_sqlite_subject_names,
    .subject_records = xy_sqlite_subject_records,
    .record_versions = xy_sqlite_record_versions,
    .batch_get = s_batch_get,
    .batch_rejects = s_batch_rejects,
    .record_get = xy_sqlite_record_get,
    .records_by_class = xy_sqlite_records_by_class,
    .records_by_dept = xy_sqlite_records_by_dept,
    .records_filtered = xy_sqlite_records_filtered,
    .records_browse = xy_sqlite_records_browse,
    .article_put = xy_sqlite_article_put,
    .article_get = xy_sqlite_article_get,
    .articles_page = xy_sqlite_articles_page,
    .article_file_add = xy_sqlite_article_file_add,
    .article_files = xy_sqlite_article_files,
    .training_add = xy_sqlite_training_add,
    .training_certs = xy_sqlite_training_certs,
    .training_coverage = xy_sqlite_training_coverage,
    .ping = s_ping,
    .dept_list = s_dept_list,
    .public_counts = s_public_counts,
    .batch_list = s_batch_list,
    .schema = s_schema,
    .matter_put = xy_sqlite_matter_put,
    .matter_exists = xy_sqlite_matter_exists,
    .matter_dept = xy_sqlite_matter_dept,
    .matters_list = xy_sqlite_matters_list,
    .memo_current = xy_sqlite_memo_current,
    .memo_put = xy_sqlite_memo_put,
    .measure_put = xy_sqlite_measure_put,
    .measures_current = xy_sqlite_measures_current,
    .policy_gen = xy_sqlite_policy_gen,
    .list_entries = xy_sqlite_list_entries,
    .check_add = xy_sqlite_check_add,
    .check_get = xy_sqlite_check_get,
    .feedback_put = xy_sqlite_feedback_put,
    .access_add = xy_sqlite_access_add,
    .jrp_stats = xy_sqlite_jrp_stats,
    .case_add = xy_sqlite_case_add,
    .cases_page = xy_sqlite_cases_page,
    .key_add = xy_sqlite_key_add,
    .key_get = xy_sqlite_key_get,
    .key_list = xy_sqlite_key_list,
    .key_revoke = xy_sqlite_key_revoke,
    .audit_last = xy_sqlite_audit_last,
    .audit_insert = xy_sqlite_audit_insert,
    .audit_scan = xy_sqlite_audit_scan,
    .calendar_put = xy_sqlite_calendar_put,
    .calendar_scan = xy_sqlite_calendar_scan,
    .claim_add = xy_sqlite_claim_add,
    .claim_get = xy_sqlite_claim_get,
    .claim_update = xy_sqlite_claim_update,
    .claims_page = xy_sqlite_claims_page,
    .claim_open_on = xy_sqlite_claim_open_on,
    .claim_step_add = xy_sqlite_claim_step_add,
    .claim_steps = xy_sqlite_claim_steps,
    .file_add = xy_sqlite_file_add,
    .files_list = xy_sqlite_files_list,
    .file_get = xy_sqlite_file_get,
    .record_set_status = xy_sqlite_record_set_status,
    .record_mark = xy_sqlite_record_mark,
    .entries_citing = xy_sqlite_entries_citing,
    .cites_put = xy_sqlite_cites_put,
    .expire_due = xy_sqlite_expire_due,
    .change_add = xy_sqlite_change_add,
    .changes_page = xy_sqlite_changes_page,
    .consent_add = xy_sqlite_consent_add,
    .consent_get = xy_sqlite_consent_get,
    .consents_list = xy_sqlite_consents_list,
    .consent_revoke = xy_sqlite_consent_revoke,
    .querier_add = xy_sqlite_querier_add,
    .querier_get = xy_sqlite_querier_get,
    .queriers_list = xy_sqlite_queriers_list,
    .querier_disable = xy_sqlite_querier_disable,
    .access_list = xy_sqlite_access_list,
    .eval_model_put = xy_sqlite_eval_model_put,
    .eval_models = xy_sqlite_eval_models,
    .eval_scan = xy_sqlite_eval_scan,
    .subject_max = xy_sqlite_subject_max,
    .eval_put = xy_sqlite_eval_put,
    .eval_get = xy_sqlite_eval_get,
    .eval_list = xy_sqlite_eval_list,
    .eval_counts = xy_sqlite_eval_counts,
    .eval_stale = xy_sqlite_eval_stale,
    .eval_mark_faded = xy_sqlite_eval_mark_faded,
    .answer_get = xy_sqlite_answer_get,
    .answer_unstale = xy_sqlite_answer_unstale,
    .answer_put = xy_sqlite_answer_put,
    .answer_drop = xy_sqlite_answer_drop,
    .answer_stale = xy_sqlite_answer_stale,
    .answer_defer = xy_sqlite_answer_defer,
    .answer_mark_batch = xy_sqlite_answer_mark_batch,
    .answer_mark_old = xy_sqlite_answer_mark_old,
    .subject_ref = xy_sqlite_subject_ref,
    .objection_unmark = xy_sqlite_objection_unmark,
    .report_next_seq = xy_sqlite_report_next_seq,
    .report_add = xy_sqlite_report_add,
    .report_get = xy_sqlite_report_get,
    .report_stats = xy_sqlite_report_stats,
    .unit_set = xy_sqlite_unit_set,
    .plan_set = xy_sqlite_plan_set,
    .units = xy_sqlite_units,
    .declaration_put = xy_sqlite_declaration_put,
    .declarations = xy_sqlite_declarations,
    .entry_put = xy_sqlite_entry_put,
    .entries = xy_sqlite_entries,
    .month_get = xy_sqlite_month_get,
    .month_put = xy_sqlite_month_put,
    .mon_facts = xy_sqlite_mon_facts,
    .mon_day_facts = xy_sqlite_mon_day_facts,
    .mon_agg_clear = xy_sqlite_mon_agg_clear,
    .mon_agg_add = xy_sqlite_mon_agg_add,
    .mon_cutoff_put = xy_sqlite_mon_cutoff_put,
    .mon_agg_rollup = xy_sqlite_mon_agg_rollup,
    .mon_refresh_get = xy_sqlite_mon_refresh_get,
    .mon_mark_get = xy_sqlite_mon_mark_get,
    .mon_mark_set = xy_sqlite_mon_mark_set,
    .mon_records_after = xy_sqlite_mon_records_after,
    .mon_day_records = xy_sqlite_mon_day_records,
    .mon_agg_read = xy_sqlite_mon_agg_read,
    .mon_drill = xy_sqlite_mon_drill,
    .sub_add = xy_sqlite_sub_add,
    .sub_list = xy_sqlite_sub_list,
    .sub_follow_add = xy_sqlite_sub_follow_add,
    .sub_regulated = xy_sqlite_sub_regulated,
    .sub_grant = xy_sqlite_sub_grant,
    .sub_hits = xy_sqlite_sub_hits,
    .sub_ack = xy_sqlite_sub_ack,
    .sub_fail = xy_sqlite_sub_fail,
    .sub_end = xy_sqlite_sub_end,
    .copy_tables = xy_sqlite_copy_tables,
    .copy_columns = xy_sqlite_copy_columns,
    .copy_count = xy_sqlite_copy_count,
    .copy_scan = xy_sqlite_copy_scan,
    .copy_load_begin = xy_sqlite_copy_load_begin,
    .copy_load_row = xy_sqlite_copy_load_row,
    .copy_load_end = xy_sqlite_copy_load_end,
    .copy_mark = xy_sqlite_copy_mark,
    .copy_progress = xy_sqlite_copy_progress,
    .copy_finish = xy_sqlite_copy_finish,
    .dest_add = xy_sqlite_dest_add,
    .dest_list = xy_sqlite_dest_list,
    .dest_enable = xy_sqlite_dest_enable,
    .dest_ack = xy_sqlite_dest_ack,
    .dest_fail = xy_sqlite_dest_fail,
    .dest_seal = xy_sqlite_dest_seal,
    .source_key_set = xy_sqlite_source_key_set,
    .source_verify_key = xy_sqlite_source_verify_key,
    .nonce_add = xy_sqlite_nonce_add,
    .source_get = xy_sqlite_source_get,
    .source_advance = xy_sqlite_source_advance,
    .inbound_find = xy_sqlite_inbound_find,
    .inbound_add = xy_sqlite_inbound_add,
    .record_source_add = xy_sqlite_record_source_add,
    .batch_records = xy_sqlite_batch_records,
    .sup_activity = xy_sqlite_sup_activity,
    .sup_overdue = xy_sqlite_sup_overdue,
    .sup_raise = xy_sqlite_sup_raise,
    .sup_get = xy_sqlite_sup_get,
    .sup_list = xy_sqlite_sup_list,
    .sup_update = xy_sqlite_sup_update,
    .sup_count_numbered = xy_sqlite_sup_count_numbered,
    .sup_answer_add = xy_sqlite_sup_answer_add,
    .sup_verdict = xy_sqlite_sup_verdict,
    .sup_answers = xy_sqlite_sup_answers,
    .sup_file = xy_sqlite_sup_file,
    .application_add = xy_sqlite_application_add,
    .application_get = xy_sqlite_application_get,
    .application_list = xy_sqlite_application_list,
    .application_put = xy_sqlite_application_put,
    .application_file_add = xy_sqlite_application_file_add,
    .application_files = xy_sqlite_application_files,
    .account_add = xy_sqlite_account_add,
    .account_get = xy_sqlite_account_get,
    .account_list = xy_sqlite_account_list,
    .account_put = xy_sqlite_account_put,
    .session_add = xy_sqlite_session_add,
    .session_get = xy_sqlite_session_get,
    .session_touch = xy_sqlite_session_touch,
    .session_drop = xy_sqlite_session_drop,
    .throttle_get = xy_sqlite_throttle_get,
    .throttle_put = xy_sqlite_throttle_put,
    .conv_put = xy_sqlite_conv_put,
    .conv_scan = xy_sqlite_conv_scan,
    .extra_put = xy_sqlite_extra_put,
    .extra_get = xy_sqlite_extra_get,
    .arrivals = xy_sqlite_arrivals,
    .report_coverage = xy_sqlite_report_coverage,
    .records_scan = xy_sqlite_records_scan,
};

static pthread_once_t config_once = PTHREAD_ONCE_INIT;

static void configure(void)
{
    /* Memory statistics take a process-wide mutex on every allocation: with several server threads
     * that lock is contended on every statement, and nothing here reads the figures. */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int xy_store_sqlite_open(const char *path, struct xy_store **out, struct xy_error *err)
{
    pthread_once(&config_once, configure);
    struct sqlite_store *s = xy_calloc(1, sizeof *s);
    int rc;
    *out = NULL;
    if (!s)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    s->base.ops = &sqlite_ops;
    const char *vfs = NULL;
#ifdef XY_FAULTS
    vfs = xy_vfs_fault_name(); /* a test build can fail the Nth write or sync (vfs_fault.h) */
#endif
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, vfs) !=
        SQLITE_OK) {
        rc = xy_error_set(err, XY_EIO, "无法打开数据库 %1$s (cannot open database %1$s): %2$s", path,
                          s->db ? sqlite3_errmsg(s->db) : "out of memory");
        goto fail;
    }
    sqlite3_busy_timeout(s->db, 10000);
    /* 8 KiB pages hold several records (about 1.5 KB each) a page; it takes effect only when the
     * database is created, before the switch to WAL. Measured: 20-30% less import time than 4 KiB. */
    if ((rc = exec(s, "PRAGMA page_size = 8192;", err)))
        goto fail;
    /* WAL with synchronous=NORMAL would lose the last commits on power loss; FULL syncs the WAL at
     * every commit, so a batch reported committed survives a crash (see docs/internals/STORAGE.md). */
    if ((rc = exec(s,
                   "PRAGMA journal_mode = WAL;"
                   "PRAGMA synchronous = FULL;"
                   "PRAGMA foreign_keys = ON;"
                   "PRAGMA cache_size = -262144;"
                   "PRAGMA temp_store = MEMORY;"
                   "PRAGMA journal_size_limit = 268435456;",
                   err)))
        goto fail;
    s->sync_full = 1;
    *out = &s->base;
    return XY_OK;
fail:
    sqlite3_close(s->db);
    xy_free(s);
    return rc;
}

void xy_sqlite_set_sql(char *out, size_t size, int first, const char *const *set, int *n)
{
    size_t len = 0;
    *n = 0;
    out[0] = '\0';
    for (int i = 0; set && set[i] && i < XY_SQLITE_SET_MAX && len < size; i++, (*n)++)
        len += (size_t)snprintf(out + len, size - len, "%s?%d", i ? ", " : "", first + i);
    if (!*n)
        snprintf(out, size, "NULL");
}

void xy_sqlite_set_bind(sqlite3_stmt *q, int first, const char *const *set, int n)
{
    for (int i = 0; i < n; i++)
        xy_sqlite_bind_text(q, first + i, set[i]);
}
