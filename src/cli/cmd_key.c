/* SPDX-License-Identifier: Apache-2.0 */
/* xinyong key create|list|revoke: API keys, issued and revoked by the local operator. The key text
 * is printed once, alone on the last line, and never stored. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "app/auth.h"
#include "app/admin.h"
#include "cli/cli.h"
#include "cli/i18n.h"
#include "cli/util.h"

static const char *const create_usage = N_(
    "usage: xinyong key create --role ROLE [--dept USCC] [--subject CODE] [--querier USCC] [--name TEXT]");
static const char *const list_usage = N_("usage: xinyong key list [--json]");
static const char *const revoke_usage = N_("usage: xinyong key revoke ID");

static void help(void)
{
    printf(_("usage: xinyong key create --role ROLE [--dept USCC] [--subject CODE] [--name TEXT]\n"
           "       xinyong key list [--json]\n"
           "       xinyong key revoke ID\n\n"
           "API keys for the HTTP API. Run `xinyong key COMMAND --help` for one command.\n"));
}

static int cmd_create(int argc, char **argv)
{
    static const struct option opts[] = {{"role", required_argument, NULL, 'r'},
                                         {"dept", required_argument, NULL, 'd'},
                                         {"name", required_argument, NULL, 'n'},
                                         {"subject", required_argument, NULL, 's'},
                                         {"querier", required_argument, NULL, 'q'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *role_name = NULL, *dept = NULL, *name = NULL, *subject = NULL, *querier = NULL;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "r:d:n:s:q:h", opts, NULL)) != -1) {
        if (c == 'q') {
            querier = optarg;
        } else if (c == 's') {
            subject = optarg;
        } else if (c == 'r') {
            role_name = optarg;
        } else if (c == 'd') {
            dept = optarg;
        } else if (c == 'n') {
            name = optarg;
        } else if (c == 'h') {
            printf(_("%s\n\n"
                   "Creates an API key and prints it once, alone on the last line (`| tail -n 1`); "
                   "only a\n"
                   "hash of its secret is stored, so a lost key cannot be shown again: revoke it "
                   "and create\n"
                   "another. ROLE is one of:\n"
                   "  department  a data-providing department; needs --dept, its registered code\n"
                   "  approval    an approval system asking what applies to a subject\n"
                   "  office      the credit office: administration, any record\n"
                   "  auditor     reads and verifies the audit log\n"
                   "  subject     a company or person, for its own file, objections, repairs, grants\n"
                   "              and access history; needs --subject (USCC, ID number or subject\n"
                   "              id), given after the holder's identity has been checked\n"
                   "  querier     a bank or credit-service agency: non-public data only under a\n"
                   "              subject's grant; needs --querier, its code in the directory of\n"
                   "              queriers (xinyong querier add)\n"
                   "--name is a label for\n"
                   "the holder, at most 127 bytes. The creation is written to the audit log.\n"),
                   _(create_usage));
            return XY_EXIT_OK;
        } else {
            xy_cli_error("key", "%s", _(create_usage));
            return XY_EXIT_USAGE;
        }
    }
    if (optind != argc || !role_name) {
        xy_cli_error("key", "%s", _(create_usage));
        return XY_EXIT_USAGE;
    }
    enum xy_role role;
    if (xy_role_parse(role_name, &role) != 0) {
        xy_cli_error("key", "unknown role %s (department, approval, subject, office, auditor, querier)", role_name);
        return XY_EXIT_INVALID;
    }
    struct xy_app *app = xy_cli_open("key");
    if (!app)
        return XY_EXIT_USAGE;
    struct xy_principal op;
    struct xy_error err = {0};
    char key[XY_KEY_TEXT_SIZE];
    int64_t id = 0;
    xy_principal_operator(&op);
    int rc = role == XY_ROLE_SUBJECT && subject && !dept && !querier
                 ? xy_auth_subject_key_create(app, &op, subject, name, key, &id, &err)
             : subject ? xy_error_set(&err, XY_EINVAL, _("only a subject key names a subject"))
             : querier && (role != XY_ROLE_QUERIER || dept)
                 ? xy_error_set(&err, XY_EINVAL, _("only a querier key names a querier, and no department"))
                 : xy_auth_key_create(app, &op, role, querier ? querier : dept, name, key, &id, &err);
    xy_app_close(app);
    if (rc) {
        xy_cli_error("key", "%s", err.msg);
        return XY_EXIT_INVALID;
    }
    /* One whole sentence per case, so each translates as one. */
    if (dept)
        printf(_("created %s key %lld for department %s"), xy_role_name(role), (long long)id, dept);
    else if (querier)
        printf(_("created %s key %lld for querier %s"), xy_role_name(role), (long long)id, querier);
    else
        printf(_("created %s key %lld"), xy_role_name(role), (long long)id);
    if (name && *name)
        printf(" (%s)", name);
    putchar('\n');
    printf(_("the key is shown only now; give it to its holder:\n%s\n"), key);
    fflush(stdout);
    sodium_memzero(key, sizeof key);
    return XY_EXIT_OK;
}

static const char *text_or(const json_t *o, const char *key, const char *none)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : none;
}

static int cmd_list(int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'j'}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    int json = 0, c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
        if (c == 'j') {
            json = 1;
        } else if (c == 'h') {
            printf(_("%s\n\n"
                   "Lists every API key, revoked ones included: id, role, department, created, "
                   "revoked,\n"
                   "name. Secrets are never stored, and their hashes are never shown.\n"),
                   _(list_usage));
            return XY_EXIT_OK;
        } else {
            xy_cli_error("key", "%s", _(list_usage));
            return XY_EXIT_USAGE;
        }
    }
    if (optind != argc) {
        xy_cli_error("key", "%s", _(list_usage));
        return XY_EXIT_USAGE;
    }
    struct xy_app *app = xy_cli_open("key");
    if (!app)
        return XY_EXIT_USAGE;
    json_t *items = NULL;
    struct xy_error err = {0};
    int rc = xy_keys_list(app, &items, &err);
    xy_app_close(app);
    if (rc) {
        xy_cli_error("key", "%s", err.msg);
        return XY_EXIT_INVALID;
    }
    /* The listing the API gives: never a secret nor its hash. */
    if (json) {
        xy_cli_print_json(items, 0);
    } else {
        printf("%-6s %-10s %-18s %-20s %-20s %s\n", "ID", "ROLE", "DEPT", "CREATED", "REVOKED", "NAME");
        for (size_t k = 0; k < json_array_size(items); k++) {
            const json_t *o = json_array_get(items, k);
            printf("%-6" JSON_INTEGER_FORMAT " %-10s %-18s %-20s %-20s %s\n", json_integer_value(json_object_get(o, "id")),
                   xy_cli_text(text_or(o, "role", "")), xy_cli_text(text_or(o, "dept", "-")),
                   xy_cli_text(text_or(o, "created_at", "-")), xy_cli_text(text_or(o, "revoked_at", "-")),
                   xy_cli_text(text_or(o, "name", "")));
        }
    }
    json_decref(items);
    return XY_EXIT_OK;
}

/* A key id: decimal digits only, 1 .. INT64_MAX. */
static int parse_id(const char *s, int64_t *out)
{
    char *end = NULL;
    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v <= 0)
        return -1;
    *out = v;
    return 0;
}

static int cmd_revoke(int argc, char **argv)
{
    if (argc == 2 && xy_cli_is_help(argv[1])) {
        printf(
            _("%s\n\n"
            "Revokes an API key (see `xinyong key list` for ids): it stops working at once. The\n"
            "revocation is written to the audit log; a revoked key cannot be restored.\n"),
            _(revoke_usage));
        return XY_EXIT_OK;
    }
    int64_t id;
    if (argc != 2 || parse_id(argv[1], &id) != 0) {
        xy_cli_error("key", "%s", _(revoke_usage));
        return XY_EXIT_USAGE;
    }
    struct xy_app *app = xy_cli_open("key");
    if (!app)
        return XY_EXIT_USAGE;
    struct xy_principal op;
    struct xy_error err = {0};
    xy_principal_operator(&op);
    int rc = xy_auth_key_revoke(app, &op, id, &err);
    xy_app_close(app);
    if (rc) {
        xy_cli_error("key", "%s", err.msg);
        return XY_EXIT_INVALID;
    }
    printf(_("key %lld revoked\n"), (long long)id);
    return XY_EXIT_OK;
}

int xy_cmd_key(int argc, char **argv)
{
    if (argc >= 2 && xy_cli_is_help(argv[1])) {
        help();
        return XY_EXIT_OK;
    }
    if (argc < 2) {
        xy_cli_error("key", "usage: xinyong key create|list|revoke ... (try --help)");
        return XY_EXIT_USAGE;
    }
    if (strcmp(argv[1], "create") == 0)
        return cmd_create(argc - 1, argv + 1);
    if (strcmp(argv[1], "list") == 0)
        return cmd_list(argc - 1, argv + 1);
    if (strcmp(argv[1], "revoke") == 0)
        return cmd_revoke(argc - 1, argv + 1);
    xy_cli_error("key", "unknown command %s (create, list, revoke)", argv[1]);
    return XY_EXIT_USAGE;
}
