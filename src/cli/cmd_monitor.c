/* SPDX-License-Identifier: Apache-2.0 */
/* xinyong monitor: the monthly report of departments and districts (12 categories, DOMAIN §7):
 * declarations and entered figures, the month as JSON, CSV or XLSX, closing and reopening it. */
#include <stdio.h>
#include <string.h>

#include "app/monitor.h"
#include "common/xy_alloc.h"
#include "common/xy_buf.h"
#include "cli/cli.h"
#include "cli/i18n.h"
#include "cli/util.h"

static const char *const usage_text = N_("usage: xinyong monitor month YYYY-MM [--json | --csv | --xlsx FILE]\n"
                                         "       xinyong monitor declare DEPT YYYY-MM FILE\n"
                                         "       xinyong monitor enter DEPT YYYY-MM FILE\n"
                                         "       xinyong monitor close YYYY-MM\n"
                                         "       xinyong monitor reopen YYYY-MM REASON\n"
                                         "       xinyong monitor conversion import FILE --authority DEPT | show | unconverted\n"
                                         "       xinyong monitor extra define FILE | show\n"
                                         "       xinyong monitor refresh [--full]\n"
                                         "       xinyong monitor pending [YYYY-MM] [--json]\n");

static int month_closed(const json_t *doc)
{
    const char *state = json_string_value(json_object_get(doc, "state"));
    return state && strcmp(state, "closed") == 0;
}

static int fail(struct xy_error *err, char *faults)
{
    xy_cli_error("monitor", "%s", err->msg);
    for (char *save = NULL, *l = faults ? strtok_r(faults, "\n", &save) : NULL; l; l = strtok_r(NULL, "\n", &save))
        fprintf(stderr, "  %s\n", xy_cli_text(l));
    xy_free(faults);
    return err->rc == XY_EINVAL || err->rc == XY_ESTATE || err->rc == XY_ENOTFOUND ? XY_EXIT_INVALID : XY_EXIT_USAGE;
}

static int month(struct xy_app *app, const struct xy_principal *op, int argc, char **argv)
{
    struct xy_error err = {0};
    json_t *doc = NULL;
    const char *xlsx = NULL;
    int csv = 0;
    if (argc == 4 && !strcmp(argv[3], "--csv"))
        csv = 1;
    else if (argc == 5 && !strcmp(argv[3], "--xlsx"))
        xlsx = argv[4];
    else if (argc != 3 && !(argc == 4 && !strcmp(argv[3], "--json"))) {
        xy_cli_error("monitor", "%s", _(usage_text));
        return XY_EXIT_USAGE;
    }
    if (xy_month_json(app, op, argv[2], &doc, &err))
        return fail(&err, NULL);
    int rc = XY_EXIT_OK;
    if (xlsx) {
        if (xy_month_xlsx(doc, xlsx, &err))
            rc = fail(&err, NULL);
        else
            printf(_("%s written: %s, %s\n"), xy_cli_text(xlsx), json_string_value(json_object_get(doc, "month")),
                   month_closed(doc) ? _("closed") : _("open"));
    } else if (csv) {
        struct xy_buf b;
        xy_buf_init(&b, (size_t)256 << 20);
        if (xy_month_csv(doc, &b, &err))
            rc = fail(&err, NULL);
        else
            fwrite(xy_buf_str(&b), 1, b.len, stdout);
        xy_buf_release(&b);
    } else {
        xy_cli_print_json(doc, 0);
    }
    json_decref(doc);
    return rc;
}

/* declare and enter: DEPT MONTH FILE */
static int send(struct xy_app *app, const struct xy_principal *op, char **argv, int entry)
{
    struct xy_error err = {0};
    char *text = NULL, *faults = NULL;
    size_t len = 0;
    if (xy_cli_read_file(argv[4], 1 << 20, &text, &len, &err))
        return fail(&err, NULL);
    int rc = entry ? xy_entry_put(app, op, argv[2], argv[3], text, len, &faults, &err)
                   : xy_declaration_put(app, op, argv[2], argv[3], text, len, &faults, &err);
    xy_free(text);
    if (rc)
        return fail(&err, faults);
    printf(_("%s of %s for %s stored\n"), entry ? "entry" : "declaration", xy_cli_text(argv[2]), xy_cli_text(argv[3]));
    return XY_EXIT_OK;
}

int xy_cmd_monitor(int argc, char **argv)
{
    if (argc >= 2 && xy_cli_is_help(argv[1])) {
        fputs(_(usage_text), stdout);
        fputs(_("\nThe monthly report of departments and districts (12 categories, due on the 22nd of the\n"
                     "next month). month prints the month as JSON (default), CSV, or writes an XLSX workbook;\n"
                     "a closed month shows its frozen figures. declare stores a department's declaration\n"
                     "({\"classes\":[{\"class\":\"license\",\"decided\":120,\"exempt\":3}]}); enter a figure of\n"
                     "category 4, 9, 10, 11, 12 or 13 ({\"category\":11,\"item\":\"...\",\"values\":{...}}).\n"
                     "close freezes a month; reopen, with a reason, computes it afresh until it is closed again.\n"
                     "refresh brings the dashboards' daily aggregates up to today (--full: every day rebuilt).\n"
                     "pending counts the days to the 22nd and lists the units that have not reported the month\n"
                     "(by default the month before this one) and what each still owes.\n"), stdout);
        return XY_EXIT_OK;
    }
    const char *sub = argc >= 2 ? argv[1] : "";
    if (!strcmp(sub, "conversion") || !strcmp(sub, "extra"))
        return xy_cmd_monitor_conversion(argc, argv);
    if (!strcmp(sub, "refresh"))
        return xy_cmd_monitor_refresh(argc, argv);
    if (!strcmp(sub, "pending"))
        return xy_cmd_monitor_pending(argc, argv);
    int ok = (!strcmp(sub, "month") && argc >= 3 && argc <= 5) ||
             ((!strcmp(sub, "declare") || !strcmp(sub, "enter")) && argc == 5) ||
             (!strcmp(sub, "close") && argc == 3) || (!strcmp(sub, "reopen") && argc == 4);
    if (!ok) {
        xy_cli_error("monitor", "%s", _(usage_text));
        return XY_EXIT_USAGE;
    }
    struct xy_app *app = xy_cli_open("monitor");
    if (!app)
        return XY_EXIT_USAGE;
    struct xy_principal op;
    struct xy_error err = {0};
    xy_principal_operator(&op);
    int rc = XY_EXIT_OK;
    if (!strcmp(sub, "month")) {
        rc = month(app, &op, argc, argv);
    } else if (!strcmp(sub, "declare") || !strcmp(sub, "enter")) {
        rc = send(app, &op, argv, !strcmp(sub, "enter"));
    } else if (!strcmp(sub, "close")) {
        if (xy_month_close(app, &op, argv[2], &err))
            rc = fail(&err, NULL);
        else
            printf(_("month %s closed: figures frozen\n"), xy_cli_text(argv[2]));
    } else {
        if (xy_month_reopen(app, &op, argv[2], argv[3], &err))
            rc = fail(&err, NULL);
        else
            printf(_("month %s reopened\n"), xy_cli_text(argv[2]));
    }
    xy_app_close(app);
    return rc;
}
