/* SPDX-License-Identifier: Apache-2.0 */
/* xinyong subscription add|follow|list|end|run: webhooks of queriers and departments that follow
 * named subjects (app/subscription.h, docs/internals/SUBSCRIPTIONS.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/subscription.h"
#include "cli/cli.h"
#include "cli/i18n.h"
#include "cli/util.h"
#include "common/xy_alloc.h"

static const char usage[] = "usage: xinyong subscription add --key KEY-ID URL\n"
                            "       xinyong subscription follow ID FILE   (one USCC or resident ID number a line)\n"
                            "       xinyong subscription list [--json]\n"
                            "       xinyong subscription end ID\n"
                            "       xinyong subscription run ID";

static long long id_arg(const char *s)
{
    char *end = NULL;
    long long v = s ? strtoll(s, &end, 10) : 0;
    return end && *end == '\0' && v > 0 ? v : 0;
}

static int cmd_add(struct xy_app *app, const struct xy_principal *op, int argc, char **argv)
{
    if (argc != 4 || strcmp(argv[1], "--key") != 0 || !id_arg(argv[2]))
        return xy_cli_error("subscription", "%s", usage), XY_EXIT_USAGE;
    struct xy_error err = {0};
    int64_t id = 0;
    char secret[XY_SUB_SECRET_TEXT];
    if (xy_sub_create(app, op, id_arg(argv[2]), argv[3], &id, secret, &err)) {
        xy_cli_error("subscription", "%s", err.msg);
        return XY_EXIT_INVALID;
    }
    printf(_("subscription %lld created; its secret, shown this once:\n"), (long long)id);
    printf("%s\n", secret);
    return XY_EXIT_OK;
}

static int cmd_follow(struct xy_app *app, const struct xy_principal *op, int argc, char **argv)
{
    if (argc != 3 || !id_arg(argv[1]))
        return xy_cli_error("subscription", "%s", usage), XY_EXIT_USAGE;
    char *data = NULL;
    size_t len = 0;
    struct xy_error err = {0};
    if (xy_cli_read_file(argv[2], XY_SUB_MAX_BODY, &data, &len, &err)) {
        xy_cli_error("subscription", "%s", err.msg);
        return XY_EXIT_INVALID;
    }
    struct xy_sub_follow_result res;
    int rc = xy_sub_follow(app, op, id_arg(argv[1]), data ? data : "", len, &res, &err);
    xy_free(data);
    if (rc) {
        xy_cli_error("subscription", "%s", err.msg);
        size_t i;
        json_t *b;
        json_array_foreach(res.bad, i, b)
            fprintf(stderr, _("line %lld: %s: %s\n"), (long long)json_integer_value(json_object_get(b, "line")),
                    xy_cli_text(json_string_value(json_object_get(b, "code"))),
                    json_string_value(json_object_get(b, "reason")));
        json_decref(res.bad);
        json_decref(res.persons);
        return XY_EXIT_INVALID;
    }
    json_decref(res.bad);
    size_t i;
    json_t *p;
    json_array_foreach(res.persons, i, p)
        printf(_("line %lld: %s followed as %s\n"), (long long)json_integer_value(json_object_get(p, "line")),
               json_string_value(json_object_get(p, "id_masked")), json_string_value(json_object_get(p, "subject")));
    json_decref(res.persons);
    printf(_("subscription %lld: %ld subjects added, %ld followed already\n"), id_arg(argv[1]), res.added,
           res.already);
    return XY_EXIT_OK;
}

static int cmd_list(struct xy_app *app, const struct xy_principal *op, int argc, char **argv)
{
    int as_json = argc == 2 && strcmp(argv[1], "--json") == 0;
    if (argc > 2 || (argc == 2 && !as_json))
        return xy_cli_error("subscription", "%s", usage), XY_EXIT_USAGE;
    json_t *items = NULL;
    struct xy_error err = {0};
    if (xy_sub_list(app, op, &items, &err)) {
        xy_cli_error("subscription", "%s", err.msg);
        return XY_EXIT_INVALID;
    }
    if (as_json) {
        xy_cli_print_json(items, 2);
    } else {
        size_t i;
        json_t *v;
        json_array_foreach(items, i, v) {
            const char *ended = json_string_value(json_object_get(v, "ended_at"));
            printf("%lld  key %lld  %s  %lld subjects  %lld delivered  backlog %lld%s%s\n",
                   (long long)json_integer_value(json_object_get(v, "id")),
                   (long long)json_integer_value(json_object_get(v, "key")),
                   xy_cli_text(json_string_value(json_object_get(v, "url"))),
                   (long long)json_integer_value(json_object_get(v, "subjects")),
                   (long long)json_integer_value(json_object_get(v, "delivered")),
                   (long long)json_integer_value(json_object_get(v, "backlog")), ended ? "  ended " : "",
                   ended ? ended : "");
        }
    }
    json_decref(items);
    return XY_EXIT_OK;
}

int xy_cmd_subscription(int argc, char **argv)
{
    if (argc >= 2 && xy_cli_is_help(argv[1])) {
        printf(_("%s\n\n"
                 "Subscriptions: a querier, for subjects that granted it access, or a department, for\n"
                 "subjects it has records of, follows named subjects; the platform posts each change it\n"
                 "may see to the webhook URL, signed with HMAC-SHA256 (docs/internals/SUBSCRIPTIONS.md).\n"
                 "add creates one for a querier's or department's key and prints its secret once; follow\n"
                 "names subjects (up to 100,000 codes, one a line: a company's USCC or a person's ID\n"
                 "number, which is looked up by its keyed hash and printed masked; a bad line refuses\n"
                 "the list); run delivers once until nothing is left (serve delivers as changes arrive).\n"),
               usage);
        return XY_EXIT_OK;
    }
    if (argc < 2)
        return xy_cli_error("subscription", "%s", usage), XY_EXIT_USAGE;
    struct xy_app *app = xy_cli_open("subscription");
    if (!app)
        return XY_EXIT_USAGE;
    struct xy_principal op;
    xy_principal_operator(&op);
    struct xy_error err = {0};
    int rc;
    if (strcmp(argv[1], "add") == 0) {
        rc = cmd_add(app, &op, argc - 1, argv + 1);
    } else if (strcmp(argv[1], "follow") == 0) {
        rc = cmd_follow(app, &op, argc - 1, argv + 1);
    } else if (strcmp(argv[1], "list") == 0) {
        rc = cmd_list(app, &op, argc - 1, argv + 1);
    } else if (strcmp(argv[1], "end") == 0 && argc == 3 && id_arg(argv[2])) {
        rc = xy_sub_end(app, &op, id_arg(argv[2]), &err) ? (xy_cli_error("subscription", "%s", err.msg),
                                                              XY_EXIT_INVALID)
                                                           : (printf(_("subscription %lld ended\n"), id_arg(argv[2])),
                                                              XY_EXIT_OK);
    } else if (strcmp(argv[1], "run") == 0 && argc == 3 && id_arg(argv[2])) {
        struct xy_push_result res;
        rc = xy_sub_push(app, id_arg(argv[2]), 0, &res, &err);
        if (rc) {
            xy_cli_error("subscription", "%s", err.msg);
            rc = XY_EXIT_INVALID;
        } else {
            printf(_("subscription %lld: %ld deliveries, %ld notifications\n"), id_arg(argv[2]), res.batches,
                   res.changes);
        }
    } else {
        xy_cli_error("subscription", "%s", usage);
        rc = XY_EXIT_USAGE;
    }
    xy_app_close(app);
    return rc;
}
