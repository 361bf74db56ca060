/* SPDX-License-Identifier: Apache-2.0 */
/* xinyong init: create or upgrade the database, create the key file, load the catalogue. */
#include <getopt.h>
#include <stdio.h>

#include "app/app.h"
#include "cli/cli.h"
#include "cli/i18n.h"
#include "cli/util.h"
#include "common/xy_alloc.h"

int xy_cmd_init(int argc, char **argv)
{
    static const struct option opts[] = {{"catalog", required_argument, NULL, 'c'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *catalog_path = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
        if (c == 'c') {
            catalog_path = optarg;
        } else if (c == 'h') {
            printf(_("usage: xinyong init [--catalog FILE]\n\n"
                   "Creates the database (or upgrades its schema), creates the key file that seals personal\n"
                   "ID numbers (DB.key, mode 0600, or $XINYONG_KEY_FILE), and loads the information\n"
                   "catalogue: FILE, or the one built in. Running it again is safe.\n"));
            return XY_EXIT_OK;
        } else {
            return XY_EXIT_USAGE;
        }
    }
    if (optind != argc) {
        xy_cli_error("init", "unexpected argument %s", argv[optind]);
        return XY_EXIT_USAGE;
    }
    char *text = NULL;
    size_t len = 0;
    struct xy_error err = {0};
    if (catalog_path && xy_cli_read_file(catalog_path, 16u << 20, &text, &len, &err)) {
        xy_cli_error("init", "%s", err.msg);
        return XY_EXIT_USAGE;
    }
    int from = 0, to = 0, loaded = 0;
    const char *db = xy_cli_db_path();
    int rc = xy_app_init(db, xy_cli_clock(), text, len, &from, &to, &loaded, &err);
    xy_free(text);
    if (rc) {
        xy_cli_error("init", "%s", err.msg);
        return rc == XY_EINVAL ? XY_EXIT_USAGE : XY_EXIT_INVALID;
    }
    if (from == to)
        printf(_("database %s: schema version %d, up to date\n"), db, to);
    else
        printf(_("database %s: schema version %d -> %d\n"), db, from, to);
    fputs(loaded ? _("catalogue: loaded\n") : _("catalogue: unchanged\n"), stdout);
    return XY_EXIT_OK;
}
