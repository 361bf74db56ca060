/* SPDX-License-Identifier: Apache-2.0 */
/* Backups of the SQLite back end (struct xy_store_caps): an online copy through SQLite's backup API,
 * the structure check a restore makes, and folding the log into the file so that one file is the
 * whole database. */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "store/sqlite/store_sqlite_int.h"

/* Sets a rollback journal; the pragma answers the mode in force, which stays "wal" (without an
 * error) while another connection has the database open. */
static int journal_delete(sqlite3 *db)
{
    sqlite3_stmt *q = NULL;
    int ok = sqlite3_prepare_v2(db, "PRAGMA journal_mode = DELETE", -1, &q, NULL) == SQLITE_OK &&
             sqlite3_step(q) == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(q, 0), "delete") == 0;
    sqlite3_finalize(q);
    return ok ? 0 : -1;
}

/* The whole copy in one step: the source is read in one snapshot (a WAL reader), so writers on other
 * connections go on and the copy is of one committed moment; stepping in pieces would start again
 * whenever another connection commits, and might never finish on a busy server. */
int xy_sqlite_backup(struct xy_store *st, const char *path, struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3 *dst = NULL;
    sqlite3_backup *b = NULL;
    int rc = XY_OK;
    /* Made here, empty and readable by the owner only (it holds everything), before SQLite opens it. */
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return errno == EEXIST ? xy_error_set(err, XY_EEXIST, "%1$s 已存在，备份不会覆盖已有文件 (%1$s exists already: a backup never overwrites a file)", path)
                               : xy_error_set(err, XY_EIO, "无法创建 %1$s (cannot create %1$s): %2$s", path, strerror(errno));
    close(fd);
    if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        rc = xy_error_set(err, XY_EIO, "无法创建 %1$s (cannot create %1$s): %2$s", path, dst ? sqlite3_errmsg(dst) : "out of memory");
        goto out;
    }
    /* The copy is written with a rollback journal and synced at its commit (synchronous FULL). */
    if (sqlite3_exec(dst, "PRAGMA synchronous = FULL", NULL, NULL, NULL) != SQLITE_OK ||
        !(b = sqlite3_backup_init(dst, "main", s->db, "main"))) {
        rc = xy_error_set(err, XY_EIO, "备份到 %1$s 失败 (backup to %1$s): %2$s", path, sqlite3_errmsg(dst));
        goto out;
    }
    int r = sqlite3_backup_step(b, -1);
    sqlite3_backup_finish(b);
    if (r != SQLITE_DONE) {
        rc = xy_error_set(err, r == SQLITE_BUSY || r == SQLITE_LOCKED ? XY_EBUSY : XY_EIO, "备份到 %1$s 失败 (backup to %1$s): %2$s", path,
                          sqlite3_errstr(r));
        goto out;
    }
    /* The copied header says WAL: turn the copy into a single file, which is what a backup should be. */
    if (journal_delete(dst))
        rc = xy_error_set(err, XY_EIO, "备份到 %1$s 失败 (backup to %1$s): %2$s", path, sqlite3_errmsg(dst));
out:
    if (dst && sqlite3_close(dst) != SQLITE_OK && !rc)
        rc = xy_error_set(err, XY_EIO, "备份到 %1$s 失败：无法关闭 (backup to %1$s: cannot close it)", path);
    if (rc) {
        unlink(path);
        char j[4200];
        snprintf(j, sizeof j, "%s-journal", path);
        unlink(j);
    }
    return rc;
}

int xy_sqlite_integrity(struct xy_store *st, struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q = NULL;
    int rc = XY_OK;
    if (sqlite3_prepare_v2(s->db, "PRAGMA integrity_check(1)", -1, &q, NULL) != SQLITE_OK)
        return xy_sqlite_err(s, err, "integrity check");
    int r = sqlite3_step(q);
    if (r != SQLITE_ROW)
        rc = xy_sqlite_err(s, err, "integrity check");
    else if (strcmp((const char *)sqlite3_column_text(q, 0), "ok") != 0) {
        rc = xy_error_set(err, XY_ECORRUPT, "数据库已损坏（完整性检查：%1$s） (the database is damaged (integrity check: %1$s))",
                          (const char *)sqlite3_column_text(q, 0));
        for (char *p = err ? err->msg : NULL; p && *p; p++)
            if (*p == '\n')
                *p = ' '; /* one line */
    }
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_standalone(struct xy_store *st, struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    if (sqlite3_exec(s->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL) != SQLITE_OK || journal_delete(s->db))
        return xy_error_set(err, XY_EBUSY, "无法将日志并入数据库文件（是否有其他程序在使用？） (cannot fold the log into the database file (is "
                            "another program using it?)): %s", sqlite3_errmsg(s->db));
    return XY_OK;
}
