/* SPDX-License-Identifier: Apache-2.0 */
/* xinyong dept add USCC NAME: register a data-providing department. */
#include <stdio.h>
#include <string.h>

#include "app/admin.h"
#include "cli/cli.h"
#include "cli/util.h"

int xy_cmd_dept(int argc, char **argv)
{
    if (argc >= 2 && xy_cli_is_help(argv[1])) {
        printf("usage: xinyong dept add USCC NAME\n\n"
               "Registers a data-providing department (数据提供单位) by its unified social credit code;\n"
               "adding a registered code again updates its name.\n");
        return XY_EXIT_OK;
    }
    if (argc != 4 || strcmp(argv[1], "add") != 0) {
        xy_cli_error("dept", "usage: xinyong dept add USCC NAME");
        return XY_EXIT_USAGE;
    }
    struct xy_app *app = xy_cli_open("dept");
    if (!app)
        return XY_EXIT_USAGE;
    struct xy_principal op;
    struct xy_error err = {0};
    char code[19];
    int existed = 0;
    xy_principal_operator(&op);
    int rc = xy_dept_register(app, &op, argv[2], argv[3], code, &existed, &err);
    xy_app_close(app);
    if (rc) {
        xy_cli_error("dept", "%s", err.msg);
        return XY_EXIT_INVALID;
    }
    if (existed) {
        printf("department %s already registered; name set to %s\n", xy_cli_text(code), xy_cli_text(argv[3]));
        return XY_EXIT_OK;
    }
    printf("department %s registered: %s\n", xy_cli_text(code), xy_cli_text(argv[3]));
    return XY_EXIT_OK;
}
