/* SPDX-License-Identifier: Apache-2.0 */
/* xinyong dept add USCC NAME: register a data-providing department. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/util.h"
#include "common/xy_utf8.h"
#include "core/ids.h"
#include "core/uscc.h"

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
    struct xy_id_result res;
    enum xy_id_rule rule = xy_uscc_check(argv[2], strlen(argv[2]), &res);
    if (rule != XY_ID_OK || res.placeholder) {
        xy_cli_error("dept", "%s is not a valid unified social credit code (%s)", argv[2],
                     res.placeholder ? "placeholder" : xy_id_rule_name(rule));
        return XY_EXIT_INVALID;
    }
    size_t nlen = strlen(argv[3]);
    if (nlen == 0 || !xy_utf8_valid(argv[3], nlen) || xy_utf8_count(argv[3], nlen) > 200) {
        xy_cli_error("dept", "the name must be 1 to 200 characters of UTF-8 text");
        return XY_EXIT_INVALID;
    }
    struct xy_app *app = xy_cli_open("dept");
    if (!app)
        return XY_EXIT_USAGE;
    struct xy_error err = {0};
    int64_t id;
    struct xy_store *st = app->store;
    int rc = st->ops->begin(st, &err);
    if (!rc) {
        rc = st->ops->dept_add(st, res.normalized, argv[3], &id, &err);
        if (rc == XY_OK || rc == XY_EEXIST) {
            int rc2 = st->ops->commit(st, &err);
            rc = rc2 ? rc2 : rc;
        } else {
            st->ops->rollback(st);
        }
    }
    xy_app_close(app);
    if (rc == XY_EEXIST) {
        printf("department %s already registered; name set to %s\n", res.normalized, argv[3]);
        return XY_EXIT_OK;
    }
    if (rc) {
        xy_cli_error("dept", "%s", err.msg);
        return XY_EXIT_INVALID;
    }
    printf("department %s registered: %s\n", res.normalized, argv[3]);
    return XY_EXIT_OK;
}
