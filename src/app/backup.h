/* SPDX-License-Identifier: Apache-2.0 */
/* Backups of the database: a consistent copy taken while the server runs, a restore that checks a
 * copy before it puts it in place, and the daily copies `serve --backup-dir` keeps. The key file is
 * never in a backup: the sealed ID numbers and the audit chain need it (docs/deploy/README.md). */
#ifndef XY_BACKUP_H
#define XY_BACKUP_H

#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"

struct xy_backup_info {
    int64_t bytes;          /* the copy's size */
    char key_path[4200];    /* the key file the copy needs, which it does not hold */
    char report_key[4200];  /* the report signing key, not in the copy either */
};

/* Writes a copy of the whole database as of one moment to the new file `path` (never overwritten:
 * XY_EEXIST) while others go on reading and writing; the copy appears complete or not at all
 * (written beside it, then linked into place), and the backup is written to the audit log.
 * XY_ENOTSUP when the back end offers no backups. */
int xy_app_backup(struct xy_app *app, const struct xy_principal *by, const char *path, struct xy_backup_info *info,
                  struct xy_error *err);

struct xy_restore_info {
    int64_t audit_entries; /* entries of the restored audit chain, all verified */
    int schema_from, schema_to; /* the backup's schema version and the one it was upgraded to */
    char replaced[4200];   /* where the database it replaced was kept ("" when there was none) */
    char key_path[4200];   /* the key file the restored database is read with */
};

/* Puts the backup `from` in place as the database at db_path. The copy is checked first, on a copy
 * of it beside the database: it must be a database of this program's schema or an older one (then
 * upgraded as init would, keeping its catalogue), whole (the back end's
 * integrity check) and with an unbroken audit chain under the key file of db_path (which must be
 * there: the backup does not hold it). Any failure changes nothing. The database replaced is kept
 * as "<db>.replaced-<time>" (with its log), and the copy renamed into place, so that the database is
 * the old one or the new one at every moment. XY_EBUSY while a server holds the database
 * (xy_app_hold). */
int xy_app_restore(const char *db_path, const char *from, const struct xy_clock *clock, struct xy_restore_info *info,
                   struct xy_error *err);

/* Marks the database as in use by a server for as long as *fd stays open (an advisory lock on the
 * file), so that a restore refuses to replace it; XY_EBUSY while a restore is replacing it. Release
 * with xy_app_release after every connection to the database is closed. A database server's address
 * holds nothing (*fd -1). */
int xy_app_hold(const char *db_path, int *fd, struct xy_error *err);
void xy_app_release(int fd); /* accepts -1 */

/* The daily backup: when dir has no copy of today's (Beijing) day, takes one, named
 * "xinyong-YYYY-MM-DD.db", then removes the oldest of those copies beyond `keep` (other files in dir
 * are left alone). OUT: made (the new copy's path, "" when today's was there), *removed. */
int xy_app_backup_daily(struct xy_app *app, const char *dir, int keep, char *made, size_t size, int *removed,
                        struct xy_error *err);

#endif
