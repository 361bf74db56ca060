/* SPDX-License-Identifier: Apache-2.0 */
/* xinyong querier add|list|disable: the directory of queriers (查询机构名录) that subjects grant
 * access to. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "app/querier.h"
#include "cli/cli.h"
#include "cli/i18n.h"
#include "cli/util.h"

static const char *const usage = N_("usage: xinyong querier add USCC NAME --kind bank|credit_agency|other [--licence TEXT]\n"
                            "       xinyong querier list [--all] [--json] [NAME-PART]\n"
                            "       xinyong querier disable USCC");

static int cmd_add(struct xy_app *app, const struct xy_principal *op, int argc, char **argv)
{
    static const struct option opts[] = {{"kind", required_argument, NULL, 'k'},
                                         {"licence", required_argument, NULL, 'l'},
                                         {NULL, 0, NULL, 0}};
    const char *kind = NULL, *licence = NULL;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "k:l:", opts, NULL)) != -1) {
        if (c == 'k')
            kind = optarg;
        else if (c == 'l')
            licence = optarg;
        else
            return xy_cli_error("querier", "%s", _(usage)), XY_EXIT_USAGE;
    }
    if (argc - optind != 2 || !kind)
        return xy_cli_error("querier", "%s", _(usage)), XY_EXIT_USAGE;
    struct xy_error err = {0};
    int64_t id = 0;
    if (xy_querier_add(app, op, argv[optind], argv[optind + 1], kind, licence, &id, &err)) {
        xy_cli_error("querier", "%s", err.msg);
        return XY_EXIT_INVALID;
    }
    printf(_("querier %s registered: %s\n"), xy_cli_text(argv[optind]), xy_cli_text(argv[optind + 1]));
    return XY_EXIT_OK;
}

static int cmd_list(struct xy_app *app, const struct xy_principal *op, int argc, char **argv)
{
    int all = 0, as_json = 0;
    const char *name = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--all") == 0)
            all = 1;
        else if (strcmp(argv[i], "--json") == 0)
            as_json = 1;
        else if (!name && argv[i][0] != '-')
            name = argv[i];
        else
            return xy_cli_error("querier", "%s", _(usage)), XY_EXIT_USAGE;
    }
    json_t *items = NULL;
    struct xy_error err = {0};
    if (xy_querier_list(app, op, name, all, 1000, &items, &err)) {
        xy_cli_error("querier", "%s", err.msg);
        return XY_EXIT_INVALID;
    }
    if (as_json) {
        xy_cli_print_json(items, 2);
    } else {
        size_t i;
        json_t *v;
        json_array_foreach(items, i, v) {
            const char *dis = json_string_value(json_object_get(v, "disabled_at"));
            printf("%s  %s  %s%s%s\n", json_string_value(json_object_get(v, "uscc")),
                   xy_cli_text(json_string_value(json_object_get(v, "name"))),
                   json_string_value(json_object_get(v, "kind_zh")), dis ? "  停用 disabled " : "", dis ? dis : "");
        }
    }
    json_decref(items);
    return XY_EXIT_OK;
}

int xy_cmd_querier(int argc, char **argv)
{
    if (argc >= 2 && xy_cli_is_help(argv[1])) {
        printf(_("%s\n\n"
               "The directory of queriers (查询机构名录): banks and credit service agencies the credit\n"
               "office registers. A querier's keys are made with key create --role querier --querier\n"
               "USCC; a subject grants access to an organisation of the directory, picked by name.\n"
               "A disabled querier's keys read nothing more under its grants.\n"),
               _(usage));
        return XY_EXIT_OK;
    }
    if (argc < 2)
        return xy_cli_error("querier", "%s", _(usage)), XY_EXIT_USAGE;
    struct xy_app *app = xy_cli_open("querier");
    if (!app)
        return XY_EXIT_USAGE;
    struct xy_principal op;
    xy_principal_operator(&op);
    int rc;
    if (strcmp(argv[1], "add") == 0) {
        rc = cmd_add(app, &op, argc - 1, argv + 1);
    } else if (strcmp(argv[1], "list") == 0) {
        rc = cmd_list(app, &op, argc - 1, argv + 1);
    } else if (strcmp(argv[1], "disable") == 0 && argc == 3) {
        struct xy_error err = {0};
        rc = xy_querier_disable(app, &op, argv[2], &err) ? (xy_cli_error("querier", "%s", err.msg), XY_EXIT_INVALID)
                                                         : (printf(_("querier %s disabled\n"), xy_cli_text(argv[2])),
                                                            XY_EXIT_OK);
    } else {
        xy_cli_error("querier", "%s", _(usage));
        rc = XY_EXIT_USAGE;
    }
    xy_app_close(app);
    return rc;
}
