/* SPDX-License-Identifier: Apache-2.0 */
/* xinyong monitor refresh [--full]: brings the dashboards' daily aggregates up to today (the server
 * does the same on the first tick of each day); --full rebuilds every day. */
#include <stdio.h>
#include <string.h>

#include "app/dashboard.h"
#include "cli/cli.h"
#include "cli/i18n.h"
#include "cli/util.h"

int xy_cmd_monitor_refresh(int argc, char **argv)
{
    int full = argc == 3 && !strcmp(argv[2], "--full");
    if (argc > 3 || (argc == 3 && !full)) {
        xy_cli_error("monitor", "usage: xinyong monitor refresh [--full]\n");
        return XY_EXIT_USAGE;
    }
    struct xy_app *app = xy_cli_open("monitor");
    if (!app)
        return XY_EXIT_USAGE;
    struct xy_error err = {0};
    int days = 0, rc = XY_EXIT_OK;
    if (xy_dash_refresh(app, full, &days, &err)) {
        xy_cli_error("monitor", "%s", err.msg);
        rc = XY_EXIT_INVALID;
    } else {
        printf(full ? _("monitor: aggregates rebuilt, %d days\n") : _("monitor: aggregates refreshed, %d days\n"), days);
    }
    xy_app_close(app);
    return rc;
}
