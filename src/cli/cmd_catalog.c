/* SPDX-License-Identifier: Apache-2.0 */
/* xinyong catalog list | show CLASS [--json]: the information catalogue as loaded in the database. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/i18n.h"
#include "cli/util.h"

/* The field's obligation: M, O or "C: if|unless FIELD OP VALUES". human: the words translated (the
 * table), else as they are (--json). */
static const char *req_text(const struct xy_class *cls, const struct xy_field *f, char *buf, size_t size, int human)
{
    static const char *const ops[] = {N_("in"), N_("contains"), N_("is placeholder"), N_("is given")};
    switch (f->req) {
    case XY_REQ_MANDATORY: return "M";
    case XY_REQ_OPTIONAL: return "O";
    case XY_REQ_IF:
    case XY_REQ_UNLESS: {
        const char *when = f->req == XY_REQ_IF ? N_("if") : N_("unless"), *op = ops[f->cond.op];
        size_t n = (size_t)snprintf(buf, size, "C: %s %s %s", human ? _(when) : when, cls->fields[f->cond.field].code,
                                    human ? _(op) : op);
        for (size_t i = 0; i < f->cond.nvalues && n < size; i++)
            n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? "," : " ", f->cond.values[i]);
        return buf;
    }
    }
    return "?";
}

static json_t *class_json(const struct xy_class *c)
{
    json_t *fields = json_array();
    char buf[256];
    for (size_t i = 0; i < c->nfields; i++) {
        const struct xy_field *f = &c->fields[i];
        json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:i, s:s, s:s?, s:b}", "code", f->code, "name_zh", f->name_zh,
                              "key", f->key, "type", xy_ftype_name(f->type), "max_len", f->max_len, "required",
                              req_text(c, f, buf, sizeof buf, 0), "code_list", f->list ? f->list->name : NULL,
                              "sealed", f->sealed);
        json_array_append_new(fields, o);
    }
    return json_pack("{s:s, s:s, s:s, s:s?, s:s, s:s?, s:o}", "class", c->name, "name_zh", c->name_zh, "name_en",
                     c->name_en, "resource_id", c->resource_id, "scope", xy_scope_name(c->scope),
                     "publicity_policy", c->policy ? c->policy->name : NULL, "fields", fields);
}

static void print_policy(const struct xy_policy *p)
{
    printf(_("\npublicity policy %s (periods from the decision date; severity 1 轻微 2 一般 3 严重):\n"), p->name);
    for (size_t i = 0; i < p->nversions; i++) {
        const struct xy_policy_version *v = &p->versions[i];
        char d[11];
        xy_date_format(v->effective, d);
        printf(_("  from %s (%s):\n"), d, v->basis ? v->basis : "");
        for (size_t j = 0; j < v->nrules; j++)
            printf(_("    severity %-2s sector %-2s  min %2d months  max %2d months\n"), v->rules[j].severity,
                   v->rules[j].sector, v->rules[j].min_months, v->rules[j].max_months);
    }
}

int xy_cmd_catalog(int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'j'}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    int json = 0, c;
    while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
        if (c == 'j') {
            json = 1;
        } else if (c == 'h') {
            printf(_("usage: xinyong catalog list [--json]\n"
                   "       xinyong catalog show CLASS [--json]\n\n"
                   "Prints the information catalogue (信息目录) loaded in the database: its record classes,\n"
                   "and for one class every field with code, Chinese name, English key, type, maximum length,\n"
                   "code list and whether it is mandatory (M), optional (O) or conditional (C).\n"));
            return XY_EXIT_OK;
        } else {
            return XY_EXIT_USAGE;
        }
    }
    const char *verb = optind < argc ? argv[optind] : NULL;
    if (!verb || (strcmp(verb, "list") && strcmp(verb, "show")) || (strcmp(verb, "show") == 0) != (optind + 2 == argc) ||
        (strcmp(verb, "list") == 0 && optind + 1 != argc)) {
        xy_cli_error("catalog", "usage: xinyong catalog list | show CLASS");
        return XY_EXIT_USAGE;
    }
    struct xy_app *app = xy_cli_open("catalog");
    if (!app)
        return XY_EXIT_USAGE;
    const struct xy_catalog *cat = xy_app_catalog(app);
    int rc = XY_EXIT_OK;
    if (strcmp(verb, "list") == 0) {
        if (json) {
            json_t *arr = json_array();
            for (size_t i = 0; i < cat->nclasses; i++)
                json_array_append_new(arr, class_json(&cat->classes[i]));
            json_t *o = json_pack("{s:s, s:o}", "catalog_version", cat->version, "classes", arr);
            xy_cli_print_json(o, 2);
            json_decref(o);
        } else {
            printf(_("catalogue version %s\n"), cat->version);
            for (size_t i = 0; i < cat->nclasses; i++) {
                const struct xy_class *k = &cat->classes[i];
                printf(_("%-12s %-10s %3zu fields  %-6s  %s (%s)\n"), k->name, xy_scope_name(k->scope), k->nfields,
                       k->policy ? _("policy") : "-", k->name_zh, k->name_en);
            }
        }
    } else {
        const struct xy_class *k = xy_catalog_class(cat, argv[optind + 1]);
        if (!k) {
            xy_cli_error("catalog", "unknown class %s (see `xinyong catalog list`)", argv[optind + 1]);
            rc = XY_EXIT_INVALID;
        } else if (json) {
            json_t *o = class_json(k);
            xy_cli_print_json(o, 2);
            json_decref(o);
        } else {
            char buf[256];
            if (k->resource_id)
                printf(_("%s %s (%s), scope %s, resource %s\n"), k->name, k->name_zh, k->name_en,
                       xy_scope_name(k->scope), k->resource_id);
            else
                printf(_("%s %s (%s), scope %s\n"), k->name, k->name_zh, k->name_en, xy_scope_name(k->scope));
            /* One message, so that a translation keeps the columns lined up. */
            fputs(_("code           key                  type         len  required                     name\n"), stdout);
            for (size_t i = 0; i < k->nfields; i++) {
                const struct xy_field *f = &k->fields[i];
                const char *req = req_text(k, f, buf, sizeof buf, 1);
                printf("%-14s %-20s %-10s %5d  %s%*s %s%s%s%s\n", f->code, f->key, xy_ftype_name(f->type), f->max_len,
                       req, xy_cli_pad(req, 28), "", f->name_zh, f->list ? " [" : "",
                       f->list ? f->list->name : "", f->list ? "]" : "");
            }
            for (size_t i = 0; i < k->nfields; i++) {
                const struct xy_field *f = &k->fields[i];
                int printed = 0;
                for (size_t e = 0; e < i; e++)
                    printed |= k->fields[e].list == f->list;
                if (!f->list || printed)
                    continue;
                printf(_("\ncode list %s:"), f->list->name);
                for (size_t j = 0; j < f->list->ncodes; j++)
                    printf(" %s=%s", f->list->codes[j].code, f->list->codes[j].text);
                putchar('\n');
            }
            if (k->policy)
                print_policy(k->policy);
        }
    }
    xy_app_close(app);
    return rc;
}
