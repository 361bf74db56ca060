/* SPDX-License-Identifier: Apache-2.0 */
/* xinyong backup FILE | xinyong restore FILE: a consistent copy of the database taken while the
 * server runs, and putting one back after checking it. The key file is never in a backup: both
 * commands say where it is and why it matters. */
#include <stdio.h>
#include <string.h>

#include "app/backup.h"
#include "cli/cli.h"
#include "cli/i18n.h"
#include "cli/util.h"

static void key_warning(const char *key_path, const char *report_key)
{
    fprintf(stderr,
            _("note: the backup does not hold the key file %s. Without it the sealed ID numbers in the backup "
              "cannot be read nor its audit chain verified: keep a copy of the key file somewhere safe, apart from "
              "the backups.\n"),
            key_path);
    if (report_key)
        fprintf(stderr, _("the report signing key %s is not in it either.\n"), report_key);
}

int xy_cmd_backup(int argc, char **argv)
{
    if (argc == 2 && xy_cli_is_help(argv[1])) {
        printf(_("usage: xinyong backup FILE\n\n"
               "Writes a consistent copy of the database (as of one moment) to FILE, a new file, while the\n"
               "server and other commands go on reading and writing. The copy is one SQLite file; it is\n"
               "recorded in the audit log. It does not hold the key file (DB.key, or $XINYONG_KEY_FILE)\n"
               "nor the report signing key (*.sm2.pem): keep those apart, or the sealed ID numbers in\n"
               "the copy cannot be read. `xinyong restore FILE` puts a copy back; `serve --backup-dir`\n"
               "takes one a day.\n"));
        return XY_EXIT_OK;
    }
    if (argc != 2) {
        xy_cli_error("backup", "usage: xinyong backup FILE");
        return XY_EXIT_USAGE;
    }
    struct xy_app *app = xy_cli_open("backup");
    if (!app)
        return XY_EXIT_USAGE;
    struct xy_principal op;
    struct xy_backup_info info;
    struct xy_error err = {0};
    xy_principal_operator(&op);
    int rc = xy_app_backup(app, &op, argv[1], &info, &err);
    xy_app_close(app);
    if (rc) {
        xy_cli_error("backup", "%s", err.msg);
        return XY_EXIT_USAGE;
    }
    printf(_("backup %s: %lld bytes\n"), argv[1], (long long)info.bytes);
    key_warning(info.key_path, info.report_key);
    return XY_EXIT_OK;
}

int xy_cmd_restore(int argc, char **argv)
{
    if (argc == 2 && xy_cli_is_help(argv[1])) {
        printf(_("usage: xinyong restore FILE\n\n"
               "Puts the backup FILE in place of the database, after checking a copy of it: a database\n"
               "of this version or an older one (upgraded as init would), whole (SQLite's integrity check),\n"
               "and with an unbroken audit chain under\n"
               "the database's key file, which must be in place first (a backup does not hold it). A bad\n"
               "file is refused and nothing changes. The database replaced is kept beside it as\n"
               "DB.replaced-TIME. Stop the server first: a restore refuses while one has the database.\n"));
        return XY_EXIT_OK;
    }
    if (argc != 2) {
        xy_cli_error("restore", "usage: xinyong restore FILE");
        return XY_EXIT_USAGE;
    }
    struct xy_restore_info info;
    struct xy_error err = {0};
    const char *db = xy_cli_db_path();
    if (xy_app_restore(db, argv[1], xy_cli_clock(), &info, &err)) {
        xy_cli_error("restore", "%s", err.msg);
        return XY_EXIT_INVALID;
    }
    printf(_("restored %s from %s: audit chain of %lld entries whole\n"), db, argv[1], (long long)info.audit_entries);
    if (info.schema_from != info.schema_to)
        printf(_("the backup's schema was upgraded from version %d to %d\n"), info.schema_from, info.schema_to);
    if (info.replaced[0])
        printf(_("the database it replaced is kept as %s\n"), info.replaced);
    fprintf(stderr, _("note: the database is read with the key file %s, which no backup holds.\n"), info.key_path);
    return XY_EXIT_OK;
}
