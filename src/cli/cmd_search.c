/* SPDX-License-Identifier: Apache-2.0 */
/* xinyong search TEXT: subjects by any part of the name, or by code. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "app/subject.h"
#include "cli/cli.h"
#include "cli/i18n.h"
#include "cli/util.h"

int xy_cmd_search(int argc, char **argv)
{
    static const struct option opts[] = {{"json", no_argument, NULL, 'j'},
                                         {"limit", required_argument, NULL, 'n'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    int json = 0, limit = XY_SEARCH_MAX, c;
    while ((c = getopt_long(argc, argv, "jn:h", opts, NULL)) != -1) {
        if (c == 'j') {
            json = 1;
        } else if (c == 'n') {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || v < 1 || v > XY_SEARCH_MAX) {
                xy_cli_error("search", "--limit takes a number from 1 to %d", XY_SEARCH_MAX);
                return XY_EXIT_USAGE;
            }
            limit = (int)v;
        } else if (c == 'h') {
            printf(_("usage: xinyong search [--json] [--limit N] TEXT\n\n"
                   "Finds subjects whose name contains TEXT (two characters or more, e.g. 华为, 武汉), or whose\n"
                   "unified social credit code starts with TEXT or embeds it as organisation code. Best\n"
                   "matches first (a match at the start of the name, then shorter names); at most %d.\n"),
                   XY_SEARCH_MAX);
            return XY_EXIT_OK;
        } else {
            return XY_EXIT_USAGE;
        }
    }
    if (optind + 1 != argc) {
        xy_cli_error("search", "usage: xinyong search TEXT");
        return XY_EXIT_USAGE;
    }
    struct xy_app *app = xy_cli_open("search");
    if (!app)
        return XY_EXIT_USAGE;
    json_t *hits = NULL;
    struct xy_error err = {0};
    int rc = xy_subject_search(app, argv[optind], XY_VIEW_INTERNAL, 0, limit, &hits, &err);
    xy_app_close(app);
    if (rc) {
        xy_cli_error("search", "%s", err.msg);
        return rc == XY_EINVAL ? XY_EXIT_USAGE : XY_EXIT_INVALID;
    }
    if (json) {
        xy_cli_print_json(hits, 0);
    } else {
        size_t i;
        json_t *h;
        json_array_foreach(hits, i, h) {
            const char *code = json_string_value(json_object_get(h, "uscc"));
            if (!code)
                code = json_string_value(json_object_get(h, "id_no"));
            /* Tab-separated: a tab or line break in a stored name is escaped, never a field or a line. */
            printf("%s\t%s\t%s\t%s\n", xy_cli_text(json_string_value(json_object_get(h, "id"))),
                   code ? xy_cli_text(code) : "-", xy_cli_text(json_string_value(json_object_get(h, "kind"))),
                   xy_cli_text(json_string_value(json_object_get(h, "name"))));
        }
        if (json_array_size(hits) == 0)
            fprintf(stderr, _("no subject matches \"%s\"\n"), xy_cli_text(argv[optind]));
    }
    int found = json_array_size(hits) > 0;
    json_decref(hits);
    return found ? XY_EXIT_OK : XY_EXIT_INVALID;
}
