/* SPDX-License-Identifier: Apache-2.0 */
/* The SQLite back end of the store: WAL journal, prepared statements kept for the life of the
 * connection, every value bound as a parameter. One connection is one writer or one reader. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/xy_alloc.h"
#include "common/xy_buf.h"
#include "common/xy_utf8.h"
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
    S_SUBJ_BY_USCC,
    S_SUBJ_BY_REGNO,
    S_SUBJ_BY_HASH,
    S_SUBJ_BY_OPAQUE,
    S_SUBJ_BY_ID,
    S_SUBJ_INSERT,
    S_SUBJ_RENAME,
    S_NAME_SEEN,
    S_GRAM_ADD,
    S_GRAM_DEL,
    S_GRAM_COUNT,
    S_GRAM_COUNT_ADD,
    S_GRAM_PROBE,
    S_SCHEMA,
    S_GRAM_SCAN,
    S_SUBJ_BY_USCC_PREFIX,
    S_SUBJ_BY_ORGCODE,
    S_SUBJ_NAMES,
    S_REC_CURRENT,
    S_REC_RETIRE,
    S_REC_INSERT,
    S_REC_BY_SUBJECT,
    S_REC_VERSIONS,
    S_REC_GET,
    S_REC_CLASS_PUBLIC,
    S_REC_CLASS_ALL,
    S_REC_DEPT,
    S_REC_DEPT_CLASS,
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

#define SUBJ_COLS "id, kind, name, uscc, regno, opaque, id_masked, id_sealed, created_at, updated_at"

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
    [S_SUBJ_BY_USCC] = "SELECT id, name, name_as_of FROM subject WHERE uscc = ?",
    [S_SUBJ_BY_REGNO] = "SELECT id, name, name_as_of FROM subject WHERE regno = ?",
    [S_SUBJ_BY_HASH] = "SELECT id, name, name_as_of FROM subject WHERE id_hash = ?",
    [S_SUBJ_BY_OPAQUE] = "SELECT " SUBJ_COLS " FROM subject WHERE opaque = ?",
    [S_SUBJ_BY_ID] = "SELECT " SUBJ_COLS " FROM subject WHERE id = ?",
    [S_SUBJ_INSERT] = "INSERT INTO subject(kind, uscc, regno, id_hash, id_sealed, id_masked, opaque, name, "
                      "name_as_of, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [S_SUBJ_RENAME] = "UPDATE subject SET name = ?, name_as_of = ?, updated_at = ? WHERE id = ?",
    [S_NAME_SEEN] = "INSERT INTO subject_name(subject_id, name, first_seen, last_seen) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (subject_id, name) DO UPDATE SET "
                    "first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)",
    [S_GRAM_ADD] = "INSERT OR IGNORE INTO name_gram(gram, pos, len, subject_id) VALUES (?, ?, ?, ?)",
    [S_GRAM_DEL] = "DELETE FROM name_gram WHERE gram = ? AND pos = ? AND len = ? AND subject_id = ?",
    [S_GRAM_COUNT] = "SELECT n FROM gram_count WHERE gram = ?",
    [S_GRAM_COUNT_ADD] = "INSERT INTO gram_count(gram, n) VALUES (?, ?) ON CONFLICT (gram) DO UPDATE SET n = n + excluded.n",
    [S_GRAM_PROBE] = "SELECT 1 FROM name_gram WHERE gram = ? AND pos = ? AND len = ? AND subject_id = ?",
    [S_SCHEMA] = "PRAGMA user_version",
    [S_GRAM_SCAN] = "SELECT subject_id, pos, len FROM name_gram WHERE gram = ? ORDER BY pos, len, subject_id",
    [S_SUBJ_BY_USCC_PREFIX] = "SELECT " SUBJ_COLS " FROM subject WHERE uscc >= ? AND uscc < ? ORDER BY uscc LIMIT ?",
    [S_SUBJ_BY_ORGCODE] = "SELECT " SUBJ_COLS " FROM subject WHERE substr(uscc, 9, 9) = ? LIMIT ?",
    [S_SUBJ_NAMES] = "SELECT name, first_seen, last_seen FROM subject_name WHERE subject_id = ? ORDER BY first_seen, name",
    [S_REC_CURRENT] = "SELECT id, version, content_hash FROM record WHERE class = ? AND dept_id = ? AND doc_no = ? "
                      "ORDER BY version DESC LIMIT 1",
    [S_REC_RETIRE] = "UPDATE record SET is_current = 0 WHERE class = ? AND dept_id = ? AND doc_no = ? AND is_current = 1",
    [S_REC_INSERT] = "INSERT INTO record(class, dept_id, doc_no, version, is_current, subject_id, batch_id, row_no, "
                     "status, decision_date, valid_to, min_until, public_until, severity, sector, amount_fen, flags, "
                     "content_hash, fields, sealed, created_at, rep_hash, objection_id) "
                     "VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                     /* an open objection's mark stays on the record when a new version comes */
                     "(SELECT objection_id FROM record WHERE class = ?1 AND dept_id = ?2 AND doc_no = ?3 "
                     "AND version = ?4 - 1))",
    [S_REC_BY_SUBJECT] = "SELECT " REC_COLS " FROM record r JOIN dept d ON d.id = r.dept_id "
                         "WHERE r.subject_id = ? AND r.is_current = 1 ORDER BY r.class, r.decision_date DESC, r.id",
    [S_REC_GET] = "SELECT " REC_COLS " FROM record r JOIN dept d ON d.id = r.dept_id WHERE r.id = ?",
    [S_REC_CLASS_PUBLIC] = "SELECT " REC_COLS " FROM record r JOIN dept d ON d.id = r.dept_id "
                           "WHERE r.class = ? AND r.is_current = 1 AND r.status = ? "
                           "AND (r.public_until IS NULL OR r.public_until >= ?) AND r.id > ? ORDER BY r.id LIMIT ?",
    [S_REC_CLASS_ALL] = "SELECT " REC_COLS " FROM record r JOIN dept d ON d.id = r.dept_id "
                        "WHERE r.class = ? AND r.is_current = 1 AND r.id > ? ORDER BY r.id LIMIT ?",
    [S_REC_DEPT] = "SELECT " REC_COLS " FROM record r JOIN dept d ON d.id = r.dept_id "
                   "WHERE r.dept_id = ? AND r.is_current = 1 AND r.id > ? ORDER BY r.id LIMIT ?",
    [S_REC_DEPT_CLASS] = "SELECT " REC_COLS " FROM record r JOIN dept d ON d.id = r.dept_id "
                         "WHERE r.dept_id = ? AND r.class = ? AND r.is_current = 1 AND r.id > ? ORDER BY r.id LIMIT ?",
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
    [S_REC_VERSIONS] = "SELECT " REC_COLS " FROM record r JOIN dept d ON d.id = r.dept_id "
                       "WHERE r.class = ? AND r.dept_id = ? AND r.doc_no = ? ORDER BY r.version",
};

int xy_sqlite_err(struct sqlite_store *s, struct xy_error *err, const char *what)
{
    int code = sqlite3_errcode(s->db);
    int rc = code == SQLITE_BUSY || code == SQLITE_LOCKED ? XY_EBUSY
             : code == SQLITE_NOMEM                        ? XY_ENOMEM
             : code == SQLITE_CORRUPT || code == SQLITE_NOTADB ? XY_ECORRUPT
             : code == SQLITE_FULL || code == SQLITE_IOERR     ? XY_EIO
                                                               : XY_EDB;
    return xy_error_set(err, rc, "database: %s: %s", what, sqlite3_errmsg(s->db));
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

int xy_sqlite_run(struct sqlite_store *s, sqlite3_stmt *q, struct xy_error *err, const char *what)
{
    int r = sqlite3_step(q);
    sqlite3_reset(q);
    if (r != SQLITE_DONE)
        return xy_sqlite_err(s, err, what);
    return XY_OK;
}

static const char *col_text(sqlite3_stmt *q, int i)
{
    return (const char *)sqlite3_column_text(q, i);
}

static void s_close(struct xy_store *st)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    for (int i = 0; i < S__COUNT; i++)
        sqlite3_finalize(s->stmt[i]);
    for (int i = 0; i < XY_SQLITE_AUX_STMTS; i++)
        sqlite3_finalize(s->aux[i]);
    xy_free(s->pending);
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
        rc = xy_error_set(err, XY_EDB, "database schema version %d is newer than this program (%zu)", version,
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

static int grams_flush(struct sqlite_store *s, struct xy_error *err);

static int s_commit(struct xy_store *st, struct xy_error *err)
{
    int rc = grams_flush((struct sqlite_store *)st, err);
    if (rc)
        return rc;
    struct sqlite_store *s = (struct sqlite_store *)st;
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
    const char *text = col_text(q, 0);
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
        snprintf(name, size, "%s", col_text(q, 1));
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
        .cls = col_text(q, 2),
        .source = col_text(q, 3),
        .format = col_text(q, 4),
        .encoding = col_text(q, 5),
        .rows = (long)sqlite3_column_int64(q, 6),
        .accepted = (long)sqlite3_column_int64(q, 7),
        .rejected = (long)sqlite3_column_int64(q, 8),
        .added = (long)sqlite3_column_int64(q, 9),
        .updated = (long)sqlite3_column_int64(q, 10),
        .unchanged = (long)sqlite3_column_int64(q, 11),
        .started_at = col_text(q, 12),
        .finished_at = col_text(q, 13),
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

/* Folds a name for the gram index: ASCII lower-cased, full-width ASCII folded, spaces dropped.
 * OUT: cps (code points), *n. */
static void fold_name(const char *name, uint32_t *cps, size_t max, size_t *n)
{
    const char *p = name, *end = name + strlen(name);
    *n = 0;
    while (p < end && *n < max) {
        uint32_t c = xy_utf8_next(&p, end);
        if (c >= 0xFF01 && c <= 0xFF5E)
            c -= 0xFEE0;
        if (c >= 'A' && c <= 'Z')
            c += 32;
        if (c == ' ' || c == 0x3000 || c == '\t')
            continue;
        cps[(*n)++] = c;
    }
}

#define MAX_NAME_CPS 256

static int cmp_gram(const struct xy_gram_tuple *x, const struct xy_gram_tuple *y)
{
    int c = memcmp(x->gram, y->gram, x->glen < y->glen ? x->glen : y->glen);
    return c ? c : (x->glen > y->glen) - (x->glen < y->glen);
}

static int gram_count_add(struct sqlite_store *s, const char *g, size_t gl, long delta, struct xy_error *err)
{
    sqlite3_stmt *q = stmt(s, S_GRAM_COUNT_ADD, err);
    if (!q)
        return err && err->rc ? err->rc : XY_EDB;
    sqlite3_bind_text(q, 1, g, (int)gl, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 2, delta);
    return xy_sqlite_run(s, q, err, "name index counts");
}

static int cmp_tuple(const void *a, const void *b)
{
    const struct xy_gram_tuple *x = a, *y = b;
    /* The order of the name_gram primary key: text by bytes (BINARY), then pos, len, subject. */
    int c = memcmp(x->gram, y->gram, x->glen < y->glen ? x->glen : y->glen);
    if (c)
        return c;
    if (x->glen != y->glen)
        return x->glen < y->glen ? -1 : 1;
    if (x->pos != y->pos)
        return x->pos < y->pos ? -1 : 1;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return (x->subject > y->subject) - (x->subject < y->subject);
}

/* Writes the queued name-index entries in key order. A batch creates subjects in no particular name
 * order; inserting their bigrams sorted turns random b-tree inserts into a near-sequential walk
 * (it was 40% of an import of new subjects). Runs inside the transaction, before COMMIT. */
static int grams_flush(struct sqlite_store *s, struct xy_error *err)
{
    int rc = XY_OK;
    long run_len = 0;
    if (!s->npending)
        return XY_OK;
    qsort(s->pending, s->npending, sizeof *s->pending, cmp_tuple);
    for (size_t i = 0; i < s->npending && !rc; i++) {
        const struct xy_gram_tuple *t = &s->pending[i];
        sqlite3_stmt *q = stmt(s, S_GRAM_ADD, err);
        if (!q) {
            rc = err && err->rc ? err->rc : XY_EDB;
            break;
        }
        sqlite3_bind_text(q, 1, t->gram, t->glen, SQLITE_STATIC);
        sqlite3_bind_int64(q, 2, t->pos);
        sqlite3_bind_int64(q, 3, t->len);
        sqlite3_bind_int64(q, 4, t->subject);
        rc = xy_sqlite_run(s, q, err, "name index");
        /* One count update per distinct bigram of the batch (the entries are sorted by bigram). */
        int last = i + 1 == s->npending || cmp_gram(t, &s->pending[i + 1]) != 0;
        run_len++;
        if (!rc && last) {
            rc = gram_count_add(s, t->gram, t->glen, run_len, err);
            run_len = 0;
        }
    }
    s->npending = 0;
    return rc;
}

#define GRAMS_QUEUE_MAX (4u << 20) /* entries (~100 MB) before an early flush */

/* Adds (S_GRAM_ADD, queued) or deletes (S_GRAM_DEL, at once) the name-index entries of a name. */
static int grams(struct sqlite_store *s, int64_t subject, const char *name, enum stmt_id op, struct xy_error *err)
{
    uint32_t cps[MAX_NAME_CPS];
    size_t n;
    fold_name(name, cps, MAX_NAME_CPS, &n);
    for (size_t i = 0; i + 1 < n; i++) {
        char g[9];
        size_t gl = xy_utf8_put(cps[i], g);
        gl += xy_utf8_put(cps[i + 1], g + gl);
        if (op == S_GRAM_ADD) {
            if (s->npending == s->cap_pending) {
                if (s->cap_pending >= GRAMS_QUEUE_MAX) {
                    int rc = grams_flush(s, err);
                    if (rc)
                        return rc;
                } else {
                    size_t cap = s->cap_pending ? s->cap_pending * 2 : 4096;
                    struct xy_gram_tuple *p = xy_realloc(s->pending, cap * sizeof *p);
                    if (!p)
                        return xy_error_set(err, XY_ENOMEM, "out of memory");
                    s->pending = p;
                    s->cap_pending = cap;
                }
            }
            struct xy_gram_tuple *t = &s->pending[s->npending++];
            memcpy(t->gram, g, gl);
            t->glen = (uint8_t)gl;
            t->pos = (uint16_t)i;
            t->len = (uint16_t)n;
            t->subject = subject;
            continue;
        }
        sqlite3_stmt *q = stmt(s, op, err);
        if (!q)
            return err ? err->rc : XY_EDB;
        sqlite3_bind_text(q, 1, g, (int)gl, SQLITE_TRANSIENT);
        sqlite3_bind_int64(q, 2, (sqlite3_int64)i);
        sqlite3_bind_int64(q, 3, (sqlite3_int64)n);
        sqlite3_bind_int64(q, 4, subject);
        int rc = xy_sqlite_run(s, q, err, "name index");
        if (!rc && sqlite3_changes(s->db) > 0)
            rc = gram_count_add(s, g, gl, -1, err);
        if (rc)
            return rc;
    }
    return XY_OK;
}

static int name_seen(struct sqlite_store *s, int64_t id, const char *name, const char *as_of, struct xy_error *err)
{
    sqlite3_stmt *q = stmt(s, S_NAME_SEEN, err);
    if (!q)
        return err ? err->rc : XY_EDB;
    sqlite3_bind_int64(q, 1, id);
    xy_sqlite_bind_text(q, 2, name);
    xy_sqlite_bind_text(q, 3, as_of);
    xy_sqlite_bind_text(q, 4, as_of);
    return xy_sqlite_run(s, q, err, "name history");
}

static int s_subject_resolve(struct xy_store *st, const struct xy_subject_key *key, const char *name,
                             const char *as_of, const char *now, int64_t *id, int *name_differs,
                             struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q;
    int rc;
    *name_differs = 0;
    if (key->uscc) {
        q = stmt(s, S_SUBJ_BY_USCC, err);
        if (q)
            xy_sqlite_bind_text(q, 1, key->uscc);
    } else if (key->regno) {
        q = stmt(s, S_SUBJ_BY_REGNO, err);
        if (q)
            xy_sqlite_bind_text(q, 1, key->regno);
    } else {
        q = stmt(s, S_SUBJ_BY_HASH, err);
        if (q)
            sqlite3_bind_blob(q, 1, key->id_hash, 32, SQLITE_STATIC);
    }
    if (!q)
        return err ? err->rc : XY_EDB;
    int r = sqlite3_step(q);
    if (r == SQLITE_ROW) {
        *id = sqlite3_column_int64(q, 0);
        const char *known = col_text(q, 1);
        const char *known_as_of = col_text(q, 2);
        if (strcmp(known, name) == 0) {
            sqlite3_reset(q);
            return XY_OK;
        }
        *name_differs = 1;
        /* A newer record under another name is taken as a rename; an older one as a past name. */
        int newer = !known_as_of || !as_of || strcmp(as_of, known_as_of) >= 0;
        char *old = xy_strdup(known);
        char *old_as_of = known_as_of ? xy_strdup(known_as_of) : NULL;
        sqlite3_reset(q);
        if (!old || (known_as_of && !old_as_of)) {
            xy_free(old);
            xy_free(old_as_of);
            return xy_error_set(err, XY_ENOMEM, "out of memory");
        }
        if (newer) {
            rc = grams_flush(s, err); /* the old name's entries may still be queued */
            if (!rc)
                rc = name_seen(s, *id, old, old_as_of, err);
            if (!rc)
                rc = grams(s, *id, old, S_GRAM_DEL, err);
            if (!rc)
                rc = grams(s, *id, name, S_GRAM_ADD, err);
            if (!rc && (q = stmt(s, S_SUBJ_RENAME, err))) {
                xy_sqlite_bind_text(q, 1, name);
                xy_sqlite_bind_text(q, 2, as_of);
                xy_sqlite_bind_text(q, 3, now);
                sqlite3_bind_int64(q, 4, *id);
                rc = xy_sqlite_run(s, q, err, "rename subject");
            } else if (!rc) {
                rc = err ? err->rc : XY_EDB;
            }
        } else {
            rc = name_seen(s, *id, name, as_of, err);
        }
        xy_free(old);
        xy_free(old_as_of);
        return rc;
    }
    if (r != SQLITE_DONE)
        return xy_sqlite_err(s, err, "find subject");
    sqlite3_reset(q);
    uint8_t rnd[8];
    char opaque[20];
    sqlite3_randomness(sizeof rnd, rnd);
    snprintf(opaque, sizeof opaque, "p%02x%02x%02x%02x%02x%02x%02x%02x", rnd[0], rnd[1], rnd[2], rnd[3], rnd[4],
             rnd[5], rnd[6], rnd[7]);
    if (!(q = stmt(s, S_SUBJ_INSERT, err)))
        return err ? err->rc : XY_EDB;
    xy_sqlite_bind_text(q, 1, key->kind);
    xy_sqlite_bind_text(q, 2, key->uscc);
    xy_sqlite_bind_text(q, 3, key->regno);
    if (key->id_hash)
        sqlite3_bind_blob(q, 4, key->id_hash, 32, SQLITE_STATIC);
    if (key->id_sealed)
        sqlite3_bind_blob(q, 5, key->id_sealed, (int)key->id_sealed_len, SQLITE_STATIC);
    xy_sqlite_bind_text(q, 6, key->id_masked);
    xy_sqlite_bind_text(q, 7, opaque);
    xy_sqlite_bind_text(q, 8, name);
    xy_sqlite_bind_text(q, 9, as_of);
    xy_sqlite_bind_text(q, 10, now);
    xy_sqlite_bind_text(q, 11, now);
    if ((rc = xy_sqlite_run(s, q, err, "add subject")))
        return rc;
    *id = sqlite3_last_insert_rowid(s->db);
    return grams(s, *id, name, S_GRAM_ADD, err);
}

static int s_record_current(struct xy_store *st, const char *cls, int64_t dept_id, const char *doc_no,
                            int64_t *id, int *version, uint8_t hash[16], struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q = stmt(s, S_REC_CURRENT, err);
    if (!q)
        return err ? err->rc : XY_EDB;
    xy_sqlite_bind_text(q, 1, cls);
    sqlite3_bind_int64(q, 2, dept_id);
    xy_sqlite_bind_text(q, 3, doc_no);
    int r = sqlite3_step(q);
    if (r == SQLITE_DONE)
        return XY_ENOTFOUND;
    if (r != SQLITE_ROW)
        return xy_sqlite_err(s, err, "find record");
    *id = sqlite3_column_int64(q, 0);
    *version = sqlite3_column_int(q, 1);
    memset(hash, 0, 16);
    if (sqlite3_column_bytes(q, 2) == 16)
        memcpy(hash, sqlite3_column_blob(q, 2), 16);
    sqlite3_reset(q);
    return XY_OK;
}

static int s_record_put(struct xy_store *st, const struct xy_record_row *r, int64_t *id, struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q;
    int rc;
    if (r->version > 1) {
        if (!(q = stmt(s, S_REC_RETIRE, err)))
            return err ? err->rc : XY_EDB;
        xy_sqlite_bind_text(q, 1, r->cls);
        sqlite3_bind_int64(q, 2, r->dept_id);
        xy_sqlite_bind_text(q, 3, r->doc_no);
        if ((rc = xy_sqlite_run(s, q, err, "retire record version")))
            return rc;
    }
    if (!(q = stmt(s, S_REC_INSERT, err)))
        return err ? err->rc : XY_EDB;
    xy_sqlite_bind_text(q, 1, r->cls);
    sqlite3_bind_int64(q, 2, r->dept_id);
    xy_sqlite_bind_text(q, 3, r->doc_no);
    sqlite3_bind_int(q, 4, r->version);
    sqlite3_bind_int64(q, 5, r->subject_id);
    sqlite3_bind_int64(q, 6, r->batch_id);
    sqlite3_bind_int64(q, 7, r->row_no);
    xy_sqlite_bind_text(q, 8, r->status);
    xy_sqlite_bind_text(q, 9, r->decision_date);
    xy_sqlite_bind_text(q, 10, r->valid_to);
    xy_sqlite_bind_text(q, 11, r->min_until);
    xy_sqlite_bind_text(q, 12, r->public_until);
    xy_sqlite_bind_text(q, 13, r->severity);
    xy_sqlite_bind_text(q, 14, r->sector);
    sqlite3_bind_int64(q, 15, r->amount_fen);
    sqlite3_bind_int64(q, 16, r->flags);
    sqlite3_bind_blob(q, 17, r->hash, 16, SQLITE_STATIC);
    xy_sqlite_bind_text(q, 18, r->fields);
    if (r->sealed)
        sqlite3_bind_blob(q, 19, r->sealed, (int)r->sealed_len, SQLITE_STATIC);
    xy_sqlite_bind_text(q, 20, r->created_at);
    if (r->rep_hash)
        sqlite3_bind_blob(q, 21, r->rep_hash, 32, SQLITE_STATIC);
    if ((rc = xy_sqlite_run(s, q, err, "store record")))
        return rc;
    int64_t rid = sqlite3_last_insert_rowid(s->db);
    if (id)
        *id = rid;
    return xy_sqlite_cites_put(st, rid, r->subject_id, r->cites, r->cites_len, r->cites_dept, err);
}

static void read_subject(sqlite3_stmt *q, struct xy_subject_row *o)
{
    memset(o, 0, sizeof *o);
    o->id = sqlite3_column_int64(q, 0);
    o->kind = col_text(q, 1);
    o->name = col_text(q, 2);
    o->uscc = col_text(q, 3);
    o->regno = col_text(q, 4);
    o->opaque = col_text(q, 5);
    o->id_masked = col_text(q, 6);
    o->id_sealed = sqlite3_column_blob(q, 7);
    o->id_sealed_len = (size_t)sqlite3_column_bytes(q, 7);
    o->created_at = col_text(q, 8);
    o->updated_at = col_text(q, 9);
}

/* Paging and filtering over the subjects a search finds, in rank order. */
struct hits {
    xy_subject_cb cb;
    void *ctx;
    int skip;   /* hits still to pass over (the offset) */
    int count;  /* hits handed to cb */
    int limit;
    int no_persons;
    int stop;
};

/* Offers one subject; returns 1 when the search should stop. */
static int offer(struct hits *h, const struct xy_subject_row *row)
{
    if (h->no_persons && strcmp(row->kind, "person") == 0)
        return 0;
    if (h->skip > 0) {
        h->skip--;
        return 0;
    }
    h->count++;
    if (h->cb(h->ctx, row))
        h->stop = 1;
    return h->stop || h->count >= h->limit;
}

/* Steps q and offers each subject row. */
static int each_subject(struct sqlite_store *s, sqlite3_stmt *q, struct hits *h, struct xy_error *err)
{
    int r;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        struct xy_subject_row row;
        read_subject(q, &row);
        if (offer(h, &row))
            break;
    }
    sqlite3_reset(q);
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        return xy_sqlite_err(s, err, "read subjects");
    return XY_OK;
}

/* ASCII letters and digits only: a code or part of one. */
static int looks_like_code(const char *q, size_t n)
{
    if (n < 2)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = q[i];
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')))
            return 0;
    }
    return 1;
}

#define XY_SEARCH_SEEN 1100 /* distinct subjects remembered: the deepest page (offset 1000 + 50) and more */
#define SEARCH_MAX_SCAN 100000 /* postings verified per query at most: bounds a pathological query */

static int s_search(struct xy_store *st, const char *text, int offset, int limit, int no_persons, xy_subject_cb cb,
                    void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    struct hits h = {.cb = cb, .ctx = ctx, .skip = offset, .limit = limit, .no_persons = no_persons};
    int rc;
    sqlite3_stmt *q;
    uint32_t cps[MAX_NAME_CPS];
    size_t n, tn = strlen(text);
    if (limit <= 0)
        return XY_OK;
    /* Codes: a full or leading part of a USCC, or an embedded organisation code. */
    if (looks_like_code(text, tn)) {
        if (tn == 9 && (q = stmt(s, S_SUBJ_BY_ORGCODE, err))) {
            xy_sqlite_bind_text(q, 1, text);
            sqlite3_bind_int(q, 2, offset + limit);
            if ((rc = each_subject(s, q, &h, err)))
                return rc;
        }
        if (h.count < limit && !h.stop && (q = stmt(s, S_SUBJ_BY_USCC_PREFIX, err))) {
            char hi[64];
            snprintf(hi, sizeof hi, "%s\x7f", text);
            xy_sqlite_bind_text(q, 1, text);
            xy_sqlite_bind_text(q, 2, hi);
            sqlite3_bind_int(q, 3, offset + limit);
            if ((rc = each_subject(s, q, &h, err)))
                return rc;
        }
        if (h.count || h.skip < offset)
            return XY_OK;
    }
    fold_name(text, cps, MAX_NAME_CPS, &n);
    if (n < 2)
        return xy_error_set(err, XY_EINVAL, "检索须输入至少两个字符 (search needs at least two characters)");
    /* Walk the rarest bigram of the query in rank order; at each place, check the query's other
     * bigrams at their offsets with primary-key probes (index only). Consecutive bigrams overlap by
     * a character, so all of them in place is the whole query in place: no name is read to verify. */
    size_t nb = n - 1, best = 0;
    char gs[MAX_NAME_CPS][9];
    size_t gls[MAX_NAME_CPS];
    int64_t best_count = -1;
    for (size_t i = 0; i < nb; i++) {
        gls[i] = xy_utf8_put(cps[i], gs[i]);
        gls[i] += xy_utf8_put(cps[i + 1], gs[i] + gls[i]);
        if (nb == 1)
            break; /* one bigram: nothing to choose */
        if (!(q = stmt(s, S_GRAM_COUNT, err)))
            return err ? err->rc : XY_EDB;
        sqlite3_bind_text(q, 1, gs[i], (int)gls[i], SQLITE_STATIC);
        int sr = sqlite3_step(q);
        int64_t c = sr == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
        sqlite3_reset(q);
        if (sr != SQLITE_ROW && sr != SQLITE_DONE)
            return xy_sqlite_err(s, err, "search");
        if (c == 0)
            return XY_OK; /* a bigram no name has: nothing matches */
        if (best_count < 0 || c < best_count) {
            best_count = c;
            best = i;
        }
    }
    if (!(q = stmt(s, S_GRAM_SCAN, err)))
        return err ? err->rc : XY_EDB;
    sqlite3_bind_text(q, 1, gs[best], (int)gls[best], SQLITE_STATIC);
    int64_t seen[XY_SEARCH_SEEN];
    int nseen = 0, r;
    long scanned = 0;
    while (!h.stop && (r = sqlite3_step(q)) == SQLITE_ROW && scanned++ < SEARCH_MAX_SCAN) {
        int64_t sid = sqlite3_column_int64(q, 0);
        long start = (long)sqlite3_column_int64(q, 1) - (long)best;
        int64_t len = sqlite3_column_int64(q, 2);
        if (start < 0 || start + (long)n > len)
            continue;
        int ok = 1;
        for (size_t j = 0; j < nb && ok; j++) {
            if (j == best)
                continue;
            sqlite3_stmt *p = stmt(s, S_GRAM_PROBE, err);
            if (!p) {
                sqlite3_reset(q);
                return err ? err->rc : XY_EDB;
            }
            sqlite3_bind_text(p, 1, gs[j], (int)gls[j], SQLITE_STATIC);
            sqlite3_bind_int64(p, 2, start + (long)j);
            sqlite3_bind_int64(p, 3, len);
            sqlite3_bind_int64(p, 4, sid);
            int pr = sqlite3_step(p);
            ok = pr == SQLITE_ROW;
            sqlite3_reset(p);
            if (pr != SQLITE_ROW && pr != SQLITE_DONE) {
                sqlite3_reset(q);
                return xy_sqlite_err(s, err, "search");
            }
        }
        if (!ok)
            continue;
        int dup = 0;
        for (int i = 0; i < nseen; i++)
            dup |= seen[i] == sid;
        if (dup)
            continue;
        if (nseen < (int)(sizeof seen / sizeof *seen))
            seen[nseen++] = sid;
        /* Fetch the whole row with a second statement: the scan keeps its place. */
        sqlite3_stmt *one = stmt(s, S_SUBJ_BY_ID, err);
        if (!one) {
            sqlite3_reset(q);
            return err ? err->rc : XY_EDB;
        }
        sqlite3_bind_int64(one, 1, sid);
        int done = 0, or = sqlite3_step(one);
        if (or == SQLITE_ROW) {
            struct xy_subject_row row;
            read_subject(one, &row);
            row.rank = (double)start;
            done = offer(&h, &row);
        }
        sqlite3_reset(one);
        if (or != SQLITE_ROW && or != SQLITE_DONE) {
            sqlite3_reset(q);
            return xy_sqlite_err(s, err, "search");
        }
        if (done)
            break;
    }
    if (!h.stop && r != SQLITE_ROW && r != SQLITE_DONE) {
        sqlite3_reset(q);
        return xy_sqlite_err(s, err, "search");
    }
    sqlite3_reset(q);
    return XY_OK;
}

static int s_subject_get(struct xy_store *st, const char *uscc, const uint8_t *id_hash, const char *opaque,
                         xy_subject_cb cb, void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q;
    int64_t id = 0;
    if (opaque) {
        if (!(q = stmt(s, S_SUBJ_BY_OPAQUE, err)))
            return err ? err->rc : XY_EDB;
        xy_sqlite_bind_text(q, 1, opaque);
    } else {
        q = stmt(s, uscc ? S_SUBJ_BY_USCC : S_SUBJ_BY_HASH, err);
        if (!q)
            return err ? err->rc : XY_EDB;
        if (uscc)
            xy_sqlite_bind_text(q, 1, uscc);
        else
            sqlite3_bind_blob(q, 1, id_hash, 32, SQLITE_STATIC);
        int r = sqlite3_step(q);
        if (r == SQLITE_ROW)
            id = sqlite3_column_int64(q, 0);
        sqlite3_reset(q);
        if (r != SQLITE_ROW && r != SQLITE_DONE)
            return xy_sqlite_err(s, err, "find subject");
        if (!id)
            return xy_error_set(err, XY_ENOTFOUND, "没有此信用主体 (no such subject)");
        if (!(q = stmt(s, S_SUBJ_BY_ID, err)))
            return err ? err->rc : XY_EDB;
        sqlite3_bind_int64(q, 1, id);
    }
    struct hits h = {.cb = cb, .ctx = ctx, .limit = 1};
    int rc = each_subject(s, q, &h, err);
    if (!rc && h.count == 0)
        rc = xy_error_set(err, XY_ENOTFOUND, "没有此信用主体 (no such subject)");
    return rc;
}

static int s_subject_names(struct xy_store *st, int64_t subject_id, xy_subject_cb cb, void *ctx,
                           struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q = stmt(s, S_SUBJ_NAMES, err);
    if (!q)
        return err ? err->rc : XY_EDB;
    sqlite3_bind_int64(q, 1, subject_id);
    int r;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        struct xy_subject_row row;
        memset(&row, 0, sizeof row);
        row.id = subject_id;
        row.name = col_text(q, 0);
        row.created_at = col_text(q, 1);
        row.updated_at = col_text(q, 2);
        if (cb(ctx, &row))
            break;
    }
    sqlite3_reset(q);
    return r == SQLITE_ROW || r == SQLITE_DONE ? XY_OK : xy_sqlite_err(s, err, "read names");
}

int xy_sqlite_each_record(struct sqlite_store *s, sqlite3_stmt *q, xy_record_cb cb, void *ctx, struct xy_error *err)
{
    int r;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        struct xy_record_row o;
        memset(&o, 0, sizeof o);
        o.id = sqlite3_column_int64(q, 0);
        o.cls = col_text(q, 1);
        o.dept_id = sqlite3_column_int64(q, 2);
        o.dept_uscc = col_text(q, 3);
        o.dept_name = col_text(q, 4);
        o.doc_no = col_text(q, 5);
        o.version = sqlite3_column_int(q, 6);
        o.subject_id = sqlite3_column_int64(q, 7);
        o.batch_id = sqlite3_column_int64(q, 8);
        o.row_no = (long)sqlite3_column_int64(q, 9);
        o.status = col_text(q, 10);
        o.decision_date = col_text(q, 11);
        o.valid_to = col_text(q, 12);
        o.min_until = col_text(q, 13);
        o.public_until = col_text(q, 14);
        o.severity = col_text(q, 15);
        o.sector = col_text(q, 16);
        o.amount_fen = sqlite3_column_int64(q, 17);
        o.flags = (unsigned)sqlite3_column_int64(q, 18);
        o.hash = sqlite3_column_blob(q, 19);
        o.fields = col_text(q, 20);
        o.sealed = sqlite3_column_blob(q, 21);
        o.sealed_len = (size_t)sqlite3_column_bytes(q, 21);
        o.created_at = col_text(q, 22);
        o.is_current = sqlite3_column_int(q, 23);
        o.objection_id = sqlite3_column_int64(q, 24);
        if (cb(ctx, &o))
            break;
    }
    sqlite3_reset(q);
    return r == SQLITE_ROW || r == SQLITE_DONE ? XY_OK : xy_sqlite_err(s, err, "read records");
}

static int s_subject_records(struct xy_store *st, int64_t subject_id, xy_record_cb cb, void *ctx,
                             struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q = stmt(s, S_REC_BY_SUBJECT, err);
    if (!q)
        return err ? err->rc : XY_EDB;
    sqlite3_bind_int64(q, 1, subject_id);
    return xy_sqlite_each_record(s, q, cb, ctx, err);
}

static int s_record_versions(struct xy_store *st, const char *cls, int64_t dept_id, const char *doc_no,
                             xy_record_cb cb, void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q = stmt(s, S_REC_VERSIONS, err);
    if (!q)
        return err ? err->rc : XY_EDB;
    xy_sqlite_bind_text(q, 1, cls);
    sqlite3_bind_int64(q, 2, dept_id);
    xy_sqlite_bind_text(q, 3, doc_no);
    return xy_sqlite_each_record(s, q, cb, ctx, err);
}

static int s_record_get(struct xy_store *st, int64_t id, xy_record_cb cb, void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q = stmt(s, S_REC_GET, err);
    struct counted {
        xy_record_cb cb;
        void *ctx;
        int n;
    };
    if (!q)
        return err && err->rc ? err->rc : XY_EDB;
    sqlite3_bind_int64(q, 1, id);
    int r = sqlite3_step(q);
    sqlite3_reset(q);
    if (r == SQLITE_DONE)
        return xy_error_set(err, XY_ENOTFOUND, "没有编号为 %lld 的记录 (no record %lld)", (long long)id, (long long)id);
    if (r != SQLITE_ROW)
        return xy_sqlite_err(s, err, "read record");
    sqlite3_bind_int64(q, 1, id);
    return xy_sqlite_each_record(s, q, cb, ctx, err);
}

static int s_records_by_class(struct xy_store *st, const char *cls, const struct xy_public_filter *pub,
                              int64_t after_id, int limit, xy_record_cb cb, void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q = stmt(s, pub ? S_REC_CLASS_PUBLIC : S_REC_CLASS_ALL, err);
    int i = 1;
    if (!q)
        return err && err->rc ? err->rc : XY_EDB;
    xy_sqlite_bind_text(q, i++, cls);
    if (pub) {
        xy_sqlite_bind_text(q, i++, pub->status);
        xy_sqlite_bind_text(q, i++, pub->day);
    }
    sqlite3_bind_int64(q, i++, after_id);
    sqlite3_bind_int(q, i, limit > 0 ? limit : -1);
    return xy_sqlite_each_record(s, q, cb, ctx, err);
}

static int s_records_filtered(struct xy_store *st, const char *cls, const struct xy_public_filter *pub,
                              const char *dept_uscc,
                              const char *region, const char *from, const char *to, int64_t after_id, int limit,
                              xy_record_cb cb, void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    /* The statement is put together from fixed pieces, one per filter given; every value is bound. It
     * is prepared per call: list boards are paged by people, not by machines at high rates. */
    struct xy_buf sql;
    const char *binds[8];
    int nb = 0;
    xy_buf_init(&sql, 4096);
    xy_buf_addz(&sql, "SELECT " REC_COLS " FROM record r JOIN dept d ON d.id = r.dept_id ");
    if (region)
        xy_buf_addz(&sql, "JOIN subject s ON s.id = r.subject_id ");
    xy_buf_addz(&sql, "WHERE r.class = ? AND r.is_current = 1 AND r.status = ? "
                      "AND (r.public_until IS NULL OR r.public_until >= ?) AND r.id > ?");
    binds[nb++] = cls;
    binds[nb++] = pub->status;
    binds[nb++] = pub->day;
    if (dept_uscc) {
        xy_buf_addz(&sql, " AND d.uscc = ?");
        binds[nb++] = dept_uscc;
    }
    if (region) {
        xy_buf_addz(&sql, " AND substr(s.uscc, 3, 6) = ?");
        binds[nb++] = region;
    }
    if (from) {
        xy_buf_addz(&sql, " AND r.decision_date >= ?");
        binds[nb++] = from;
    }
    if (to) {
        xy_buf_addz(&sql, " AND r.decision_date <= ?");
        binds[nb++] = to;
    }
    int rc = xy_buf_addz(&sql, " ORDER BY r.id LIMIT ?");
    sqlite3_stmt *q = NULL;
    if (rc) {
        xy_buf_release(&sql);
        return xy_error_set(err, rc, "out of memory");
    }
    if (sqlite3_prepare_v2(s->db, sql.data, (int)sql.len, &q, NULL) != SQLITE_OK) {
        xy_buf_release(&sql);
        return xy_sqlite_err(s, err, "prepare");
    }
    xy_buf_release(&sql);
    int i = 1;
    xy_sqlite_bind_text(q, i++, binds[0]);
    xy_sqlite_bind_text(q, i++, binds[1]);
    xy_sqlite_bind_text(q, i++, binds[2]);
    sqlite3_bind_int64(q, i++, after_id);
    for (int b = 3; b < nb; b++)
        xy_sqlite_bind_text(q, i++, binds[b]);
    sqlite3_bind_int(q, i, limit > 0 ? limit : -1);
    rc = xy_sqlite_each_record(s, q, cb, ctx, err);
    sqlite3_finalize(q);
    return rc;
}

static int s_records_by_dept(struct xy_store *st, int64_t dept_id, const char *cls, int64_t after_id, int limit,
                             xy_record_cb cb, void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q = stmt(s, cls ? S_REC_DEPT_CLASS : S_REC_DEPT, err);
    int i = 1;
    if (!q)
        return err && err->rc ? err->rc : XY_EDB;
    sqlite3_bind_int64(q, i++, dept_id);
    if (cls)
        xy_sqlite_bind_text(q, i++, cls);
    sqlite3_bind_int64(q, i++, after_id);
    sqlite3_bind_int(q, i, limit > 0 ? limit : -1);
    return xy_sqlite_each_record(s, q, cb, ctx, err);
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
            .field = col_text(q, 2),
            .value = col_text(q, 3),
            .code = col_text(q, 4),
            .reason = col_text(q, 5),
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
            cb(ctx, which ? "subjects" : "records", col_text(q, 0), sqlite3_column_int64(q, 1));
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
        struct xy_subject_row row = {.uscc = col_text(q, 0), .name = col_text(q, 1)};
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
            .id = sqlite3_column_int64(q, 0), .dept_id = sqlite3_column_int64(q, 1), .cls = col_text(q, 2),
            .source = col_text(q, 3), .format = col_text(q, 4), .encoding = col_text(q, 5),
            .rows = (long)sqlite3_column_int64(q, 6), .accepted = (long)sqlite3_column_int64(q, 7),
            .rejected = (long)sqlite3_column_int64(q, 8), .added = (long)sqlite3_column_int64(q, 9),
            .updated = (long)sqlite3_column_int64(q, 10), .unchanged = (long)sqlite3_column_int64(q, 11),
            .started_at = col_text(q, 12), .finished_at = col_text(q, 13),
        };
        if (cb(ctx, &b, col_text(q, 14)))
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

_Static_assert(S__COUNT <= XY_SQLITE_MAIN_STMTS, "statement slots");

static const struct xy_store_caps sqlite_caps = {
    .checkpoint = s_checkpoint,
    .autocheckpoint = s_autocheckpoint,
    .durable = s_durable,
    .data_version = s_data_version,
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
    .subject_resolve = s_subject_resolve,
    .record_current = s_record_current,
    .record_put = s_record_put,
    .search = s_search,
    .subject_get = s_subject_get,
    .subject_names = s_subject_names,
    .subject_records = s_subject_records,
    .record_versions = s_record_versions,
    .batch_get = s_batch_get,
    .batch_rejects = s_batch_rejects,
    .record_get = s_record_get,
    .records_by_class = s_records_by_class,
    .records_by_dept = s_records_by_dept,
    .records_filtered = s_records_filtered,
    .ping = s_ping,
    .dept_list = s_dept_list,
    .public_counts = s_public_counts,
    .batch_list = s_batch_list,
    .schema = s_schema,
    .matter_put = xy_sqlite_matter_put,
    .matter_exists = xy_sqlite_matter_exists,
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
    .access_list = xy_sqlite_access_list,
    .subject_ref = xy_sqlite_subject_ref,
    .objection_unmark = xy_sqlite_objection_unmark,
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
        rc = xy_error_set(err, XY_EIO, "cannot open database %s: %s", path,
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
