/* SPDX-License-Identifier: Apache-2.0 */
/* Backups and restores of the database (backup.h). The copy itself is the back end's (struct
 * xy_store_caps); what is checked before a copy may replace the database, and how files are put in
 * place so that a crash at any moment leaves a whole database, is decided here. */
#include "app/backup.h"
#include "app/app_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/audit.h"
#include "app/report_int.h"
#include "common/xy_alloc.h"

#define PATH_MAX_XY 4200

/* Syncs the directory holding path, so that a rename or link into it survives power loss. */
static int sync_dir(const char *path)
{
    char dir[PATH_MAX_XY];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == dir)
        dir[1] = '\0';
    else
        *slash = '\0';
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static int64_t file_size(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (int64_t)sb.st_size : -1;
}

int xy_app_backup(struct xy_app *app, const struct xy_principal *by, const char *path, struct xy_backup_info *info,
                  struct xy_error *err)
{
    const struct xy_store_caps *c = app->store->ops->caps;
    char part[PATH_MAX_XY];
    int rc;
    memset(info, 0, sizeof *info);
    xy_keys_path(app->db_path, info->key_path, sizeof info->key_path);
    xy_report_key_path(app->db_path, info->report_key, sizeof info->report_key);
    if (!c || !c->backup)
        return xy_error_set(err, XY_ENOTSUP, "此数据库后端（%1$s）不支持备份，请使用其自带工具 (this database's back end (%1$s) takes no backups: use its own tools)",
                            app->store->ops->name);
    if (access(path, F_OK) == 0)
        return xy_error_set(err, XY_EEXIST, "%1$s 已存在，备份不会覆盖已有文件 (%1$s exists already: a backup never overwrites a file)", path);
    if (snprintf(part, sizeof part, "%s.part-%ld", path, (long)getpid()) >= (int)sizeof part)
        return xy_error_set(err, XY_EINVAL, "备份路径过长 (backup path too long)");
    unlink(part); /* left by a process of the same id that died */
    if ((rc = c->backup(app->store, part, err)))
        return rc;
    /* link, not rename: a file made at path meanwhile is never replaced. */
    if (link(part, path) != 0) {
        rc = errno == EEXIST ? xy_error_set(err, XY_EEXIST, "%1$s 已存在，备份不会覆盖已有文件 (%1$s exists already: a backup never overwrites a file)", path)
                             : xy_error_set(err, XY_EIO, "无法创建 %1$s (cannot create %1$s): %2$s", path, strerror(errno));
        unlink(part);
        return rc;
    }
    unlink(part);
    if (sync_dir(path) != 0)
        return xy_error_set(err, XY_EIO, "无法同步 %1$s 所在目录 (cannot sync the directory of %1$s): %2$s", path, strerror(errno));
    info->bytes = file_size(path);
    /* A backup is a read of everything, non-public data included: the audit log says who took it. */
    json_t *detail = json_pack("{s:s, s:I}", "file", base_name(path), "bytes", (json_int_t)info->bytes);
    if ((rc = app->store->ops->begin(app->store, err)))
        goto out;
    rc = xy_audit_commitj(app, by, "db.backup", "database", detail, XY_OK, err);
    detail = NULL;
out:
    json_decref(detail);
    return rc;
}

/* ---- restore ---- */

int xy_app_hold(const char *db_path, int *fd, struct xy_error *err)
{
    *fd = -1;
    /* A database server's address is no file to lock, and restore replaces only files. */
    if (xy_store_is_server(db_path))
        return XY_OK;
    *fd = open(db_path, O_RDONLY | O_CLOEXEC);
    if (*fd < 0)
        return xy_error_set(err, XY_EIO, "无法打开数据库 %1$s (cannot open database %1$s): %2$s", db_path, strerror(errno));
    if (flock(*fd, LOCK_SH | LOCK_NB) != 0) {
        int e = errno;
        close(*fd);
        *fd = -1;
        return e == EWOULDBLOCK ? xy_error_set(err, XY_EBUSY, "数据库 %1$s 正在恢复，请在 `xinyong restore` 完成后再试 (database %1$s is being restored: try again "
                                                               "when `xinyong restore` has finished)", db_path)
                                : xy_error_set(err, XY_EIO, "无法锁定数据库 %1$s (cannot lock database %1$s): %2$s", db_path, strerror(e));
    }
    return XY_OK;
}

void xy_app_release(int fd)
{
    if (fd >= 0)
        close(fd); /* the lock goes with the descriptor */
}

/* Copies from to a new file to, synced. */
static int copy_file(const char *from, const char *to, struct xy_error *err)
{
    int in = -1, out = -1, rc = XY_OK;
    char buf[1 << 16];
    if ((in = open(from, O_RDONLY | O_CLOEXEC)) < 0) {
        rc = xy_error_set(err, XY_EIO, "无法打开 %1$s (cannot open %1$s): %2$s", from, strerror(errno));
        goto out;
    }
    if ((out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0) {
        rc = xy_error_set(err, XY_EIO, "无法创建 %1$s (cannot create %1$s): %2$s", to, strerror(errno));
        goto out;
    }
    for (;;) {
        ssize_t n = read(in, buf, sizeof buf);
        if (n == 0)
            break;
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            rc = xy_error_set(err, XY_EIO, "无法读取 %1$s (cannot read %1$s): %2$s", from, strerror(errno));
            goto out;
        }
        for (ssize_t done = 0; done < n;) {
            ssize_t w = write(out, buf + done, (size_t)(n - done));
            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0) {
                rc = xy_error_set(err, XY_EIO, "无法写入 %1$s (cannot write %1$s): %2$s", to, strerror(errno));
                goto out;
            }
            done += w;
        }
    }
    if (fsync(out) != 0)
        rc = xy_error_set(err, XY_EIO, "无法同步 %1$s (cannot sync %1$s): %2$s", to, strerror(errno));
out:
    if (in >= 0)
        close(in);
    if (out >= 0 && close(out) != 0 && !rc)
        rc = xy_error_set(err, XY_EIO, "无法写入 %1$s (cannot write %1$s): %2$s", to, strerror(errno));
    return rc;
}

static void remove_db_files(const char *path)
{
    char p[PATH_MAX_XY + 8];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-journal", path);
    unlink(p);
}

/* Checks the copy at tmp as the database it would become, with the live key file, and records the
 * restore in its own audit log; leaves it one file. */
static int check_copy(const char *tmp, const char *from_path, const char *keypath, const struct xy_clock *clock,
                      struct xy_restore_info *info, struct xy_error *err)
{
    struct xy_app *app = NULL;
    struct xy_error e = {0};
    int64_t entries = 0, bad = 0;
    int rc, from = 0, to = 0;
    /* A backup taken before this program's upgrade is upgraded like the database it was. */
    if ((rc = xy_app_upgrade(tmp, clock, &from, &to, &e))) {
        rc = xy_error_set(err, rc == XY_ENOMEM ? rc : XY_ECORRUPT, "%1$s 不是本程序可用的数据库 (%1$s is not a database this program can use): %2$s",
                          from_path, e.msg);
        goto out;
    }
    info->schema_from = from;
    info->schema_to = to;
    if ((rc = xy_app_open_keyed(tmp, keypath, clock, &app, &e))) {
        if (rc == XY_ECRYPTO)
            rc = xy_error_set(err, rc, "%s", e.msg);
        else
            rc = xy_error_set(err, rc == XY_ENOMEM ? rc : XY_ECORRUPT, "%1$s 不是本程序可用的数据库 (%1$s is not a database this program can use): "
                              "%2$s", from_path, e.msg);
        goto out;
    }
    const struct xy_store_caps *c = app->store->ops->caps;
    if (!c || !c->integrity || !c->standalone) {
        rc = xy_error_set(err, XY_ENOTSUP, "此数据库后端（%1$s）不支持恢复备份，请使用其自带工具 (this database's back end (%1$s) restores no backups: use its own tools)",
                          app->store->ops->name);
        goto out;
    }
    if ((rc = c->integrity(app->store, &e))) {
        rc = xy_error_set(err, rc == XY_ENOMEM ? rc : XY_ECORRUPT, "%1$s 已损坏 (%1$s is damaged): %2$s", from_path, e.msg);
        goto out;
    }
    if ((rc = xy_audit_verify(app, &entries, &bad, &e))) {
        rc = xy_error_set(err, XY_ECORRUPT, "%1$s：无法读取其审计日志 (%1$s: its audit log cannot be read): %2$s", from_path, e.msg);
        goto out;
    }
    if (bad) {
        rc = xy_error_set(err, XY_ECORRUPT, "%1$s：审计链在第 %2$lld 条（共 %3$lld 条）处断开：文件被改动过，或备份时所用的密钥文件不是 %4$s "
                          "(%1$s: its audit chain breaks at entry %2$lld of %3$lld: the file was altered, or it was taken with "
                          "another key file than %4$s)", from_path, (long long)bad,
                          (long long)entries, keypath);
        goto out;
    }
    info->audit_entries = entries;
    struct xy_principal op;
    xy_principal_operator(&op);
    json_t *detail = json_pack("{s:s, s:I, s:i, s:i}", "from", base_name(from_path), "audit_entries",
                               (json_int_t)entries, "schema_from", from, "schema_to", to);
    if ((rc = app->store->ops->begin(app->store, err))) {
        json_decref(detail);
        goto out;
    }
    if ((rc = xy_audit_commitj(app, &op, "db.restore", "database", detail, XY_OK, err)))
        goto out;
    info->audit_entries++;
    rc = c->standalone(app->store, err);
out:
    xy_app_close(app);
    return rc;
}

/* Keeps the database being replaced, with its log, as "<db>.replaced-<stamp>[-n]" (a hard link, so
 * the database stays where it is until the new one is renamed over it). */
static int keep_replaced(const char *db_path, const struct xy_clock *clock, char *out, size_t size,
                         struct xy_error *err)
{
    char stamp[32], compact[32];
    size_t j = 0;
    xy_clock_stamp(clock, stamp);
    for (size_t i = 0; stamp[i] && j + 1 < sizeof compact; i++)
        if (stamp[i] != '-' && stamp[i] != ':')
            compact[j++] = stamp[i];
    compact[j] = '\0';
    for (int n = 1; n < 100; n++) {
        int w = n == 1 ? snprintf(out, size, "%s.replaced-%s", db_path, compact)
                       : snprintf(out, size, "%s.replaced-%s-%d", db_path, compact, n);
        if (w < 0 || (size_t)w >= size)
            return xy_error_set(err, XY_EINVAL, "数据库路径过长 (database path too long)");
        if (link(db_path, out) == 0)
            break;
        if (errno != EEXIST)
            return xy_error_set(err, XY_EIO, "无法将被替换的数据库保留为 %1$s (cannot keep the database being replaced as %1$s): %2$s", out,
                                strerror(errno));
        if (n == 99)
            return xy_error_set(err, XY_EEXIST, "名为 %1$s.replaced-%2$s* 的被替换数据库过多 (too many replaced databases named %1$s.replaced-%2$s*)", db_path, compact);
    }
    /* The log holds the newest commits of the old database: it goes with its copy. */
    char wal[PATH_MAX_XY + 8], kept[PATH_MAX_XY + 8];
    snprintf(wal, sizeof wal, "%s-wal", db_path);
    snprintf(kept, sizeof kept, "%s-wal", out);
    if (rename(wal, kept) != 0 && errno != ENOENT)
        return xy_error_set(err, XY_EIO, "无法移开 %1$s (cannot move %1$s aside): %2$s", wal, strerror(errno));
    snprintf(wal, sizeof wal, "%s-shm", db_path);
    unlink(wal); /* an index of the log, rebuilt on open */
    return XY_OK;
}

int xy_app_restore(const char *db_path, const char *from, const struct xy_clock *clock, struct xy_restore_info *info,
                   struct xy_error *err)
{
    char tmp[PATH_MAX_XY];
    struct xy_clock real;
    int lock = -1, rc;
    memset(info, 0, sizeof *info);
    if (!clock) {
        xy_clock_real(&real);
        clock = &real;
    }
    xy_keys_path(db_path, info->key_path, sizeof info->key_path);
    if (access(from, R_OK) != 0)
        return xy_error_set(err, XY_EIO, "无法读取备份 %1$s (cannot read backup %1$s): %2$s", from, strerror(errno));
    if (access(info->key_path, F_OK) != 0)
        return xy_error_set(err, XY_ECRYPTO, "找不到密钥文件 %1$s：请放回备份时所用的密钥文件（备份中不含它），否则无法核验审计链，也无法读取加密的身份证号 "
                            "(key file %1$s not found: put back the key file the backup was taken with (a backup does not "
                            "hold it); without it the audit chain cannot be checked nor the sealed ID numbers read)", info->key_path);
    if (snprintf(tmp, sizeof tmp, "%s.restoring", db_path) >= (int)sizeof tmp)
        return xy_error_set(err, XY_EINVAL, "数据库路径过长 (database path too long)");
    /* No server may hold the database while it is replaced (xy_app_hold takes the same lock shared). */
    lock = open(db_path, O_RDONLY | O_CLOEXEC);
    if (lock < 0 && errno != ENOENT)
        return xy_error_set(err, XY_EIO, "无法打开数据库 %1$s (cannot open database %1$s): %2$s", db_path, strerror(errno));
    if (lock >= 0 && flock(lock, LOCK_EX | LOCK_NB) != 0) {
        rc = errno == EWOULDBLOCK ? xy_error_set(err, XY_EBUSY, "服务（xinyong serve）正在使用数据库 %1$s，请先停止服务再恢复；未做任何改动 "
                                                 "(a server (xinyong serve) has database %1$s open: stop it before restoring; "
                                                 "nothing was changed)", db_path)
                                  : xy_error_set(err, XY_EIO, "无法锁定数据库 %1$s (cannot lock database %1$s): %2$s", db_path, strerror(errno));
        close(lock);
        return rc;
    }
    remove_db_files(tmp); /* a restore that died before */
    if ((rc = copy_file(from, tmp, err)) || (rc = check_copy(tmp, from, info->key_path, clock, info, err))) {
        remove_db_files(tmp);
        goto out;
    }
    if (lock >= 0 && (rc = keep_replaced(db_path, clock, info->replaced, sizeof info->replaced, err))) {
        remove_db_files(tmp);
        goto out;
    }
    if (rename(tmp, db_path) != 0) {
        rc = xy_error_set(err, XY_EIO, "无法将 %1$s 改名为 %2$s (cannot rename %1$s to %2$s): %3$s", tmp, db_path, strerror(errno));
        remove_db_files(tmp);
        goto out;
    }
    if (sync_dir(db_path) != 0)
        rc = xy_error_set(err, XY_EIO, "无法同步 %1$s 所在目录 (cannot sync the directory of %1$s): %2$s", db_path, strerror(errno));
out:
    xy_app_release(lock);
    return rc;
}

/* ---- daily backups ---- */

/* 1 when name is "xinyong-YYYY-MM-DD.db" with a real date. */
static int is_daily(const char *name)
{
    struct xy_date d;
    return strlen(name) == 8 + 10 + 3 && strncmp(name, "xinyong-", 8) == 0 && strcmp(name + 18, ".db") == 0 &&
           xy_date_parse(name + 8, 10, &d) == 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Removes the oldest daily copies in dir beyond keep. */
static int prune(const char *dir, int keep, int *removed, struct xy_error *err)
{
    DIR *d = opendir(dir);
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = XY_OK;
    if (!d)
        return xy_error_set(err, XY_EIO, "无法读取备份目录 %1$s (cannot read backup directory %1$s): %2$s", dir, strerror(errno));
    for (struct dirent *e; (e = readdir(d));) {
        if (!is_daily(e->d_name))
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 16;
            char **more = xy_realloc(names, cap * sizeof *names);
            if (!more) {
                rc = xy_error_set(err, XY_ENOMEM, "out of memory");
                goto out;
            }
            names = more;
        }
        if (!(names[n] = xy_strndup(e->d_name, strlen(e->d_name)))) {
            rc = xy_error_set(err, XY_ENOMEM, "out of memory");
            goto out;
        }
        n++;
    }
    if (n)
        qsort(names, n, sizeof *names, by_name); /* by day: the names sort as their dates */
    for (size_t i = 0; keep > 0 && n > (size_t)keep && i < n - (size_t)keep; i++) {
        char p[PATH_MAX_XY];
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        if (unlink(p) == 0)
            (*removed)++;
    }
out:
    for (size_t i = 0; i < n; i++)
        xy_free(names[i]);
    xy_free(names);
    closedir(d);
    return rc;
}

int xy_app_backup_daily(struct xy_app *app, const char *dir, int keep, char *made, size_t size, int *removed,
                        struct xy_error *err)
{
    char day[11], path[PATH_MAX_XY];
    struct xy_backup_info info;
    struct xy_principal sched;
    int rc;
    made[0] = '\0';
    *removed = 0;
    xy_date_format(xy_clock_today(&app->clock), day);
    if (snprintf(path, sizeof path, "%s/xinyong-%s.db", dir, day) >= (int)sizeof path)
        return xy_error_set(err, XY_EINVAL, "备份目录路径过长 (backup directory path too long)");
    if (access(path, F_OK) != 0) {
        xy_principal_operator(&sched);
        snprintf(sched.name, sizeof sched.name, "%s", "scheduler");
        if ((rc = xy_app_backup(app, &sched, path, &info, err)))
            return rc;
        snprintf(made, size, "%s", path);
    }
    return prune(dir, keep, removed, err);
}
