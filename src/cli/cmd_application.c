/* SPDX-License-Identifier: Apache-2.0 */
/* xinyong application list|show|approve|refuse: subjects' applications for accounts, reviewed by
 * the office. approve prints the one-time activation code to hand over (and mails it with
 * --sendmail); it is written nowhere else. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "app/application.h"
#include "cli/cli.h"
#include "cli/i18n.h"
#include "cli/util.h"

static const char usage[] = "usage: xinyong application list [--state pending|approved|refused|activated] [--json]\n"
                            "       xinyong application show ID\n"
                            "       xinyong application approve ID [--sendmail PATH]\n"
                            "       xinyong application refuse ID --reason TEXT";

static void help(void)
{
    printf(_("%s\n\n"
             "Companies and persons apply for an account on the portal (/apply.html) with their code,\n"
             "name, contact and scanned papers. The office reviews them here or in the console.\n"
             "approve prints a one-time activation code, valid %d days, to hand to the applicant (with\n"
             "--sendmail it is also mailed to the address given); the applicant sets its sign-in name\n"
             "and password with it on /activate.html. refuse needs a reason. Each decision is audited;\n"
             "the code is never logged.\n"),
           usage, XY_ACTIVATION_DAYS);
}

static int parse_id(const char *s, int64_t *id)
{
    char *end = NULL;
    long long v = s ? strtoll(s, &end, 10) : 0;
    if (!s || !*s || *end || v <= 0) {
        xy_cli_error("application", "%s is not an application number", s ? xy_cli_text(s) : "");
        return -1;
    }
    *id = v;
    return 0;
}

static const char *text_or(const json_t *o, const char *key, const char *none)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : none;
}

static int cmd_list(int argc, char **argv)
{
    static const struct option opts[] = {{"state", required_argument, NULL, 's'},
                                         {"json", no_argument, NULL, 'j'},
                                         {NULL, 0, NULL, 0}};
    const char *state = NULL;
    int json = 0, c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "s:j", opts, NULL)) != -1) {
        if (c == 's')
            state = optarg;
        else if (c == 'j')
            json = 1;
        else {
            xy_cli_error("application", "%s", usage);
            return XY_EXIT_USAGE;
        }
    }
    if (optind != argc) {
        xy_cli_error("application", "%s", usage);
        return XY_EXIT_USAGE;
    }
    struct xy_app *app = xy_cli_open("application");
    if (!app)
        return XY_EXIT_USAGE;
    json_t *items = NULL;
    struct xy_error err = {0};
    int rc = xy_application_list(app, state, &items, &err);
    xy_app_close(app);
    if (rc) {
        xy_cli_error("application", "%s", err.msg);
        return XY_EXIT_INVALID;
    }
    if (json) {
        xy_cli_print_json(items, 0);
    } else {
        printf("%-6s %-6s %-10s %-20s %-20s %s\n", "ID", "KIND", "STATE", "CODE", "FILED", "NAME");
        for (size_t k = 0; k < json_array_size(items); k++) {
            const json_t *o = json_array_get(items, k);
            printf("%-6lld %-6s %-10s %-20s %-20s %s\n", (long long)json_integer_value(json_object_get(o, "id")),
                   xy_cli_text(text_or(o, "kind", "")), xy_cli_text(text_or(o, "state", "")),
                   xy_cli_text(text_or(o, "code", "-")), xy_cli_text(text_or(o, "created_at", "")),
                   xy_cli_text(text_or(o, "name", "")));
        }
    }
    json_decref(items);
    return XY_EXIT_OK;
}

static int cmd_show(int argc, char **argv)
{
    int64_t id;
    if (argc != 2) {
        xy_cli_error("application", "application show ID");
        return XY_EXIT_USAGE;
    }
    if (parse_id(argv[1], &id))
        return XY_EXIT_USAGE;
    struct xy_app *app = xy_cli_open("application");
    if (!app)
        return XY_EXIT_USAGE;
    json_t *o = NULL;
    struct xy_error err = {0};
    int rc = xy_application_get(app, id, &o, &err);
    xy_app_close(app);
    if (rc) {
        xy_cli_error("application", "%s", err.msg);
        return XY_EXIT_INVALID;
    }
    xy_cli_print_json(o, 2);
    json_decref(o);
    return XY_EXIT_OK;
}

static int cmd_approve(int argc, char **argv)
{
    static const struct option opts[] = {{"sendmail", required_argument, NULL, 'M'}, {NULL, 0, NULL, 0}};
    const char *sendmail = NULL;
    int c;
    int64_t id, expires = 0;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "M:", opts, NULL)) != -1) {
        if (c != 'M') {
            xy_cli_error("application", "application approve ID [--sendmail PATH]");
            return XY_EXIT_USAGE;
        }
        sendmail = optarg;
    }
    if (optind != argc - 1) {
        xy_cli_error("application", "application approve ID [--sendmail PATH]");
        return XY_EXIT_USAGE;
    }
    if (parse_id(argv[optind], &id))
        return XY_EXIT_USAGE;
    if (sendmail && (sendmail[0] != '/' || access(sendmail, X_OK) != 0)) {
        xy_cli_error("application", "--sendmail takes the absolute path of a program this user can run");
        return XY_EXIT_USAGE;
    }
    struct xy_app *app = xy_cli_open("application");
    if (!app)
        return XY_EXIT_USAGE;
    struct xy_principal op;
    struct xy_error err = {0};
    char code[XY_ACTIVATION_CODE_SIZE], email[256], until[32];
    xy_principal_operator(&op);
    int rc = xy_application_approve(app, &op, id, code, &expires, email, &err);
    xy_app_close(app);
    if (rc) {
        xy_cli_error("application", "%s", err.msg);
        return XY_EXIT_INVALID;
    }
    xy_clock_format(expires, until);
    printf(_("application %lld approved; activation code (hand it to the applicant, it works once): %s\n"
             "valid until %s\n"),
           (long long)id, code, until);
    if (sendmail && email[0]) {
        if (xy_application_mail(sendmail, email, id, code, expires, &err) == XY_OK)
            printf(_("mailed to %s\n"), xy_cli_text(email));
        else
            xy_cli_error("application", "not mailed: %s", err.msg);
    }
    sodium_memzero(code, sizeof code);
    return XY_EXIT_OK;
}

static int cmd_refuse(int argc, char **argv)
{
    static const struct option opts[] = {{"reason", required_argument, NULL, 'r'}, {NULL, 0, NULL, 0}};
    const char *reason = NULL;
    int c;
    int64_t id;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "r:", opts, NULL)) != -1) {
        if (c != 'r') {
            xy_cli_error("application", "application refuse ID --reason TEXT");
            return XY_EXIT_USAGE;
        }
        reason = optarg;
    }
    if (optind != argc - 1 || !reason) {
        xy_cli_error("application", "application refuse ID --reason TEXT");
        return XY_EXIT_USAGE;
    }
    if (parse_id(argv[optind], &id))
        return XY_EXIT_USAGE;
    struct xy_app *app = xy_cli_open("application");
    if (!app)
        return XY_EXIT_USAGE;
    struct xy_principal op;
    struct xy_error err = {0};
    xy_principal_operator(&op);
    int rc = xy_application_refuse(app, &op, id, reason, &err);
    xy_app_close(app);
    if (rc) {
        xy_cli_error("application", "%s", err.msg);
        return XY_EXIT_INVALID;
    }
    printf(_("application %lld refused\n"), (long long)id);
    return XY_EXIT_OK;
}

int xy_cmd_application(int argc, char **argv)
{
    if (argc >= 2 && xy_cli_is_help(argv[argc - 1])) {
        help();
        return XY_EXIT_OK;
    }
    if (argc < 2) {
        xy_cli_error("application", "usage: xinyong application list|show|approve|refuse ... (try --help)");
        return XY_EXIT_USAGE;
    }
    if (strcmp(argv[1], "list") == 0)
        return cmd_list(argc - 1, argv + 1);
    if (strcmp(argv[1], "show") == 0)
        return cmd_show(argc - 1, argv + 1);
    if (strcmp(argv[1], "approve") == 0)
        return cmd_approve(argc - 1, argv + 1);
    if (strcmp(argv[1], "refuse") == 0)
        return cmd_refuse(argc - 1, argv + 1);
    xy_cli_error("application", "unknown command %s (list, show, approve, refuse)", xy_cli_text(argv[1]));
    return XY_EXIT_USAGE;
}
