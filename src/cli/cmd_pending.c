/* SPDX-License-Identifier: Apache-2.0 */
/* xinyong monitor pending [YYYY-MM] [--json]: the countdown to the 22nd (app/pending.h), the units
 * that have not reported the month yet and what each still owes, then those that are in. */
#include <stdio.h>
#include <string.h>

#include "app/pending.h"
#include "cli/cli.h"
#include "cli/i18n.h"
#include "cli/util.h"

#define PENDING_USAGE "usage: xinyong monitor pending [YYYY-MM] [--json]\n"

/* "4, 11" from an array of category numbers. */
static void cats_text(const json_t *a, char *out, size_t n)
{
    size_t i, used = 0;
    json_t *v;
    out[0] = '\0';
    json_array_foreach(a, i, v)
    {
        int w = snprintf(out + used, n - used, "%s%lld", i ? ", " : "", (long long)json_integer_value(v));
        if (w < 0 || (size_t)w >= n - used)
            break;
        used += (size_t)w;
    }
}

static void print_unit(const json_t *u)
{
    char cats[96];
    const char *region = json_string_value(json_object_get(u, "region_name"));
    printf("  %s  %s%s%s%s\n", json_string_value(json_object_get(u, "dept")),
           xy_cli_text(json_string_value(json_object_get(u, "name"))), region ? " (" : "", region ? xy_cli_text(region) : "",
           region ? ")" : "");
    if (!strcmp(json_string_value(json_object_get(u, "declaration")), "missing"))
        printf("      %s\n", _("declaration missing"));
    cats_text(json_object_get(u, "entries_missing"), cats, sizeof cats);
    if (*cats)
        printf("      %s %s\n", _("categories not entered:"), cats);
}

int xy_cmd_monitor_pending(int argc, char **argv)
{
    const char *month = NULL;
    int json = 0;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            json = 1;
        else if (!month && argv[i][0] != '-')
            month = argv[i];
        else {
            xy_cli_error("monitor", PENDING_USAGE);
            return XY_EXIT_USAGE;
        }
    }
    struct xy_app *app = xy_cli_open("monitor");
    if (!app)
        return XY_EXIT_USAGE;
    struct xy_principal op;
    struct xy_error err = {0};
    json_t *doc = NULL;
    int rc = XY_EXIT_OK;
    xy_principal_operator(&op);
    if (xy_month_pending(app, &op, month, &doc, &err)) {
        xy_cli_error("monitor", "%s", err.msg);
        rc = err.rc == XY_EINVAL ? XY_EXIT_INVALID : XY_EXIT_USAGE;
        goto out;
    }
    if (json) {
        xy_cli_print_json(doc, 0);
        goto out;
    }
    const json_t *counts = json_object_get(doc, "counts");
    int days = (int)json_integer_value(json_object_get(doc, "days_left"));
    printf(_("month %s (%s), due %s: "), json_string_value(json_object_get(doc, "month")),
           json_string_value(json_object_get(doc, "state")), json_string_value(json_object_get(doc, "due")));
    if (days >= 0)
        printf(_("%d days left (%d working days)\n"), days, (int)json_integer_value(json_object_get(doc, "workdays_left")));
    else
        printf(_("%d days overdue\n"), -days);
    printf(_("%lld units: %lld not reported, %lld in, %lld owe nothing\n"),
           (long long)json_integer_value(json_object_get(counts, "units")),
           (long long)json_integer_value(json_object_get(counts, "pending")),
           (long long)json_integer_value(json_object_get(counts, "in")),
           (long long)json_integer_value(json_object_get(counts, "nothing_owed")));
    size_t i;
    json_t *u;
    int head = 0;
    json_array_foreach(json_object_get(doc, "units"), i, u)
    {
        if (strcmp(json_string_value(json_object_get(u, "status")), "pending"))
            continue;
        if (!head++)
            printf("%s\n", _("not reported:"));
        print_unit(u);
    }
    head = 0;
    json_array_foreach(json_object_get(doc, "units"), i, u)
    {
        if (strcmp(json_string_value(json_object_get(u, "status")), "in"))
            continue;
        if (!head++)
            printf("%s\n", _("in:"));
        print_unit(u);
    }
out:
    json_decref(doc);
    xy_app_close(app);
    return rc;
}
