/* SPDX-License-Identifier: Apache-2.0 */
/* xinyong dept add USCC NAME [--region CODE --level LEVEL]: register a data-providing department,
 * with its district and level as a reporting unit; xinyong dept plan USCC FILE: its collection
 * catalogue; xinyong dept list. */
#include <stdio.h>
#include <string.h>

#include "app/admin.h"
#include "app/monitor.h"
#include "common/xy_alloc.h"
#include "cli/cli.h"
#include "cli/i18n.h"
#include "cli/util.h"

static int usage(void)
{
    xy_cli_error("dept", "usage: xinyong dept add USCC NAME [--region CODE --level LEVEL] | dept plan USCC FILE | "
                 "dept list");
    return XY_EXIT_USAGE;
}

static int add(int argc, char **argv)
{
    const char *region = NULL, *level = NULL;
    for (int i = 4; i < argc; i += 2) {
        if (i + 1 >= argc)
            return usage();
        if (!strcmp(argv[i], "--region"))
            region = argv[i + 1];
        else if (!strcmp(argv[i], "--level"))
            level = argv[i + 1];
        else
            return usage();
    }
    struct xy_error err = {0};
    /* a bad unit changes nothing: checked before the department is registered */
    if ((region || level) && xy_unit_check(region, level, &err)) {
        xy_cli_error("dept", "%s", err.msg);
        return XY_EXIT_INVALID;
    }
    struct xy_app *app = xy_cli_open("dept");
    if (!app)
        return XY_EXIT_USAGE;
    struct xy_principal op;
    char code[19];
    int existed = 0;
    xy_principal_operator(&op);
    int rc = xy_dept_register(app, &op, argv[2], argv[3], code, &existed, &err);
    if (!rc && (region || level))
        rc = xy_unit_set(app, &op, code, region, level, &err);
    xy_app_close(app);
    if (rc) {
        xy_cli_error("dept", "%s", err.msg);
        return XY_EXIT_INVALID;
    }
    if (existed)
        printf(_("department %s already registered; name set to %s\n"), xy_cli_text(code), xy_cli_text(argv[3]));
    else
        printf(_("department %s registered: %s\n"), xy_cli_text(code), xy_cli_text(argv[3]));
    if (region)
        printf(_("reporting unit: %s, %s\n"), xy_cli_text(region), xy_cli_text(level));
    return XY_EXIT_OK;
}

static int plan(const char *uscc, const char *path)
{
    struct xy_error err = {0};
    char *text = NULL, *faults = NULL;
    size_t len = 0;
    if (xy_cli_read_file(path, 1 << 20, &text, &len, &err)) {
        xy_cli_error("dept", "%s", err.msg);
        return XY_EXIT_INVALID;
    }
    struct xy_app *app = xy_cli_open("dept");
    if (!app) {
        xy_free(text);
        return XY_EXIT_USAGE;
    }
    struct xy_principal op;
    xy_principal_operator(&op);
    int rc = xy_plan_set(app, &op, uscc, text, len, &faults, &err);
    xy_app_close(app);
    xy_free(text);
    if (rc) {
        xy_cli_error("dept", "%s", err.msg);
        for (char *save = NULL, *l = faults ? strtok_r(faults, "\n", &save) : NULL; l; l = strtok_r(NULL, "\n", &save))
            fprintf(stderr, "  %s\n", xy_cli_text(l));
        xy_free(faults);
        return XY_EXIT_INVALID;
    }
    printf(_("collection catalogue of %s set\n"), xy_cli_text(uscc));
    return XY_EXIT_OK;
}

static int list(void)
{
    struct xy_app *app = xy_cli_open("dept");
    if (!app)
        return XY_EXIT_USAGE;
    json_t *units = NULL;
    struct xy_error err = {0};
    int rc = xy_units_list(app, &units, &err);
    xy_app_close(app);
    if (rc) {
        xy_cli_error("dept", "%s", err.msg);
        return XY_EXIT_INVALID;
    }
    xy_cli_print_json(units, 2);
    json_decref(units);
    return XY_EXIT_OK;
}

int xy_cmd_dept(int argc, char **argv)
{
    if (argc >= 2 && xy_cli_is_help(argv[1])) {
        printf(_("usage: xinyong dept add USCC NAME [--region CODE --level LEVEL]\n"
               "       xinyong dept plan USCC FILE\n"
               "       xinyong dept list\n\n"
               "Registers a data-providing department (数据提供单位) by its unified social credit code;\n"
               "adding a registered code again updates its name. --region is the city's code 420100 or one\n"
               "of its districts (420102 江岸区 ...); --level is city_dept (市直部门), district_gov (区人民政府)\n"
               "or district_dept (区直部门). plan sets the department's collection catalogue (归集目录) from a\n"
               "JSON file: {\"classes\":[{\"class\":\"penalty\",\"frequency\":\"weekly\",\"exemption\":\"...\"}]}.\n"));
        return XY_EXIT_OK;
    }
    if (argc >= 4 && !strcmp(argv[1], "add") && argc % 2 == 0)
        return add(argc, argv);
    if (argc == 4 && !strcmp(argv[1], "plan"))
        return plan(argv[2], argv[3]);
    if (argc == 2 && !strcmp(argv[1], "list"))
        return list();
    return usage();
}
