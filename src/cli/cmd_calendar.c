/* SPDX-License-Identifier: Apache-2.0 */
/* xinyong calendar import FILE | show [YEAR]: the working-day calendar the deadlines of objections
 * and repairs count in. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/calendar.h"
#include "common/xy_alloc.h"
#include "cli/cli.h"
#include "cli/i18n.h"
#include "cli/util.h"

static void help(void)
{
    printf(_("usage: xinyong calendar import FILE\n"
           "       xinyong calendar show [YEAR] [--json]\n\n"
           "The working-day calendar: Monday to Friday are working days except the public holidays of\n"
           "the State Council's yearly notice, and some weekend days are working days instead.\n"
           "import adds or replaces the days of FILE, a UTF-8 CSV with the header\n"
           "  date,kind,name_zh,name_en\n"
           "where kind is holiday (a day off) or workday (an adjusted working weekend day); a bad line\n"
           "changes nothing. `init` seeds the official schedule of the years the program knows.\n"
           "show prints a year's exceptions and its number of working days.\n"));
}

static int do_import(const char *path)
{
    char *data = NULL;
    size_t len = 0;
    struct xy_error err = {0};
    if (xy_cli_read_file(path, 4u << 20, &data, &len, &err)) {
        xy_cli_error("calendar", "%s", err.msg);
        return XY_EXIT_USAGE;
    }
    struct xy_app *app = xy_cli_open("calendar");
    if (!app) {
        xy_free(data);
        return XY_EXIT_USAGE;
    }
    struct xy_principal op;
    long days = 0;
    xy_principal_operator(&op);
    int rc = xy_calendar_import(app, &op, data, len, &days, &err);
    xy_app_close(app);
    xy_free(data);
    if (rc) {
        xy_cli_error("calendar", "%s: %s", path, err.msg);
        return rc == XY_EINVAL ? XY_EXIT_INVALID : XY_EXIT_USAGE;
    }
    printf(_("calendar: %ld days imported from %s\n"), days, path);
    return XY_EXIT_OK;
}

static int do_show(int year, int json)
{
    struct xy_app *app = xy_cli_open("calendar");
    if (!app)
        return XY_EXIT_USAGE;
    json_t *doc = NULL;
    struct xy_error err = {0};
    int rc = xy_calendar_year(app, year, &doc, &err);
    xy_app_close(app);
    if (rc) {
        xy_cli_error("calendar", "%s", err.msg);
        return XY_EXIT_USAGE;
    }
    if (json) {
        xy_cli_dump_json(doc, JSON_INDENT(1));
        putchar('\n');
    } else {
        size_t i;
        json_t *d;
        json_array_foreach(json_object_get(doc, "days"), i, d) {
            const char *kind = json_string_value(json_object_get(d, "kind"));
            kind = kind && !strcmp(kind, "holiday")   ? _("holiday")
                   : kind && !strcmp(kind, "workday") ? _("workday")
                                                      : xy_cli_text(kind);
            printf("%s  %s%*s  %s\n", xy_cli_text(json_string_value(json_object_get(d, "date"))), kind,
                   xy_cli_pad(kind, 7), "", xy_cli_text(json_string_value(json_object_get(d, "name_zh"))));
        }
        printf(_("%d: %lld working days\n"), year, (long long)json_integer_value(json_object_get(doc, "workdays")));
    }
    json_decref(doc);
    return XY_EXIT_OK;
}

int xy_cmd_calendar(int argc, char **argv)
{
    if (argc < 2 || xy_cli_is_help(argv[1])) {
        help();
        return argc < 2 ? XY_EXIT_USAGE : XY_EXIT_OK;
    }
    if (strcmp(argv[1], "import") == 0) {
        if (argc != 3) {
            xy_cli_error("calendar", "usage: xinyong calendar import FILE");
            return XY_EXIT_USAGE;
        }
        return do_import(argv[2]);
    }
    if (strcmp(argv[1], "show") == 0) {
        int json = 0, year = xy_clock_today(xy_cli_clock()).y;
        for (int i = 2; i < argc; i++) {
            char *end;
            long y;
            if (strcmp(argv[i], "--json") == 0) {
                json = 1;
            } else if ((y = strtol(argv[i], &end, 10)) >= 1900 && y <= 2098 && !*end) {
                year = (int)y;
            } else {
                xy_cli_error("calendar", "usage: xinyong calendar show [YEAR] [--json]");
                return XY_EXIT_USAGE;
            }
        }
        return do_show(year, json);
    }
    xy_cli_error("calendar", "unknown command %s (import, show)", argv[1]);
    return XY_EXIT_USAGE;
}
