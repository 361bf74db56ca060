/* SPDX-License-Identifier: Apache-2.0 */
/* xinyong show CODE: a subject with its records grouped by class. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/subject.h"
#include "cli/cli.h"
#include "cli/i18n.h"
#include "cli/util.h"

/* A record's status as a person reads it; the stored word itself when it is not one of these. */
static const char *status_text(const char *status)
{
    static const char *const names[][2] = {{"published", N_("published")},   {"unpublished", N_("unpublished")},
                                           {"expired", N_("expired")},       {"withdrawn", N_("withdrawn")},
                                           {"repaired", N_("repaired")}};
    for (size_t i = 0; status && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(status, names[i][0]) == 0)
            return _(names[i][1]);
    return xy_cli_text(status);
}

static void print_text(const struct xy_app *app, json_t *doc)
{
    json_t *s = json_object_get(doc, "subject");
    const char *uscc = json_string_value(json_object_get(s, "uscc"));
    const char *idno = json_string_value(json_object_get(s, "id_no"));
    /* Stored text goes through xy_cli_text(): a name may not move the cursor or forge a line. */
    printf("%s\n", xy_cli_text(json_string_value(json_object_get(s, "name"))));
    printf(_("  kind      %s\n"), xy_cli_text(json_string_value(json_object_get(s, "kind"))));
    printf(_("  id        %s\n"), xy_cli_text(json_string_value(json_object_get(s, "id"))));
    if (uscc)
        printf(_("  uscc      %s\n"), xy_cli_text(uscc));
    if (idno)
        printf(_("  id no.    %s\n"), xy_cli_text(idno));
    json_t *parts = json_object_get(s, "code_parts");
    if (parts)
        printf(_("  code      authority %s %s, category %s %s, region %s, organisation code %s\n"),
               json_string_value(json_object_get(parts, "authority")),
               json_string_value(json_object_get(parts, "authority_name")),
               json_string_value(json_object_get(parts, "category")),
               json_string_value(json_object_get(parts, "category_name")),
               json_string_value(json_object_get(parts, "region")),
               json_string_value(json_object_get(parts, "orgcode")));
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(s, "former_names"), i, v)
        printf(_("  former    %s\n"), xy_cli_text(json_string_value(json_object_get(v, "name"))));
    const char *cls;
    json_t *list;
    json_object_foreach(json_object_get(doc, "records"), cls, list) {
        const struct xy_class *k = xy_catalog_class(xy_app_catalog(app), cls);
        printf("\n%s %s: %zu\n", k ? k->name_zh : "", cls, json_array_size(list));
        size_t j;
        json_t *rec;
        json_array_foreach(list, j, rec) {
            json_t *meta = json_object_get(rec, "_record");
            const char *until = json_string_value(json_object_get(meta, "public_until"));
            const char *date = json_string_value(json_object_get(rec, "decision_date"));
            printf("  %s  %s  %s (v%lld, %s%s%s)\n", date ? xy_cli_text(date) : "-",
                   xy_cli_text(json_string_value(json_object_get(rec, "doc_no"))),
                   xy_cli_text(json_string_value(json_object_get(meta, "dept_name"))),
                   (long long)json_integer_value(json_object_get(meta, "version")),
                   status_text(json_string_value(json_object_get(meta, "status"))), until ? _(", public until ") : "",
                   until ? xy_cli_text(until) : "");
            if (json_array_size(json_object_get(meta, "flags"))) {
                char *f = json_dumps(json_object_get(meta, "flags"), JSON_COMPACT);
                printf(_("      flags %s\n"), xy_cli_text(f));
                free(f);
            }
        }
    }
}

int xy_cmd_show(int argc, char **argv)
{
    static const struct option opts[] = {{"json", no_argument, NULL, 'j'},
                                         {"reveal", no_argument, NULL, 'r'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    int json = 0, reveal = 0, c;
    while ((c = getopt_long(argc, argv, "jrh", opts, NULL)) != -1) {
        if (c == 'j') {
            json = 1;
        } else if (c == 'r') {
            reveal = 1;
        } else if (c == 'h') {
            printf(_("usage: xinyong show [--json] [--reveal] CODE\n\n"
                   "Shows a subject and its current records grouped by class. CODE is a unified social credit\n"
                   "code, a person's ID number, or the subject's id (p + 16 hex digits). ID numbers are shown\n"
                   "masked (first 4 and last 4 characters) unless an operator gives --reveal.\n"));
            return XY_EXIT_OK;
        } else {
            return XY_EXIT_USAGE;
        }
    }
    if (optind + 1 != argc) {
        xy_cli_error("show", "usage: xinyong show CODE");
        return XY_EXIT_USAGE;
    }
    struct xy_app *app = xy_cli_open("show");
    if (!app)
        return XY_EXIT_USAGE;
    json_t *doc = NULL;
    struct xy_error err = {0};
    int rc = xy_subject_show(app, argv[optind], reveal ? XY_VIEW_REVEAL : XY_VIEW_INTERNAL, NULL, &doc, &err);
    if (rc) {
        xy_cli_error("show", "%s", err.msg);
        xy_app_close(app);
        return rc == XY_EINVAL ? XY_EXIT_USAGE : XY_EXIT_INVALID;
    }
    if (json)
        xy_cli_print_json(doc, 0);
    else
        print_text(app, doc);
    json_decref(doc);
    xy_app_close(app);
    return XY_EXIT_OK;
}
