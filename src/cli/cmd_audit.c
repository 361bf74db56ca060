/* SPDX-License-Identifier: Apache-2.0 */
/* xinyong audit list|verify: read the hash-chained audit log and check that no entry was changed,
 * removed or reordered. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/admin.h"
#include "app/audit.h"
#include "cli/cli.h"
#include "cli/i18n.h"
#include "cli/util.h"

static const char *const list_usage = N_("usage: xinyong audit list [--after SEQ] [--limit N] [--json]");
static const char *const verify_usage = N_("usage: xinyong audit verify");

static void help(void)
{
    printf(_("usage: xinyong audit list [--after SEQ] [--limit N] [--json]\n"
           "       xinyong audit verify\n\n"
           "The audit log: every write (batch, key) and every read of non-public data, each entry\n"
           "chained to the one before by a keyed hash. Run `xinyong audit COMMAND --help` for one "
           "command.\n"));
}

/* A non-negative decimal number up to max. */
static int parse_num(const char *s, long long max, long long *out)
{
    char *end = NULL;
    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v > max)
        return -1;
    *out = v;
    return 0;
}

static const char *text_or(const json_t *o, const char *key, const char *none)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : none;
}

/* One entry: a line of the table, or with --json the entry as the API gives it. */
static void print_entry(const json_t *e, int json, long n)
{
    if (json) {
        fputs(n ? ",\n" : "\n", stdout);
        xy_cli_dump_json(e, JSON_COMPACT | JSON_PRESERVE_ORDER);
        return;
    }
    printf("%-6" JSON_INTEGER_FORMAT " %-20s %-4" JSON_INTEGER_FORMAT " %-10s %-14s %-20s %s\n",
           json_integer_value(json_object_get(e, "seq")), xy_cli_text(text_or(e, "at", "-")),
           json_integer_value(json_object_get(e, "key")), xy_cli_text(text_or(e, "role", "-")),
           xy_cli_text(text_or(e, "action", "-")), xy_cli_text(text_or(e, "object", "-")),
           xy_cli_text(text_or(e, "detail", "")));
}

static int cmd_list(int argc, char **argv)
{
    static const struct option opts[] = {{"after", required_argument, NULL, 'a'},
                                         {"limit", required_argument, NULL, 'l'},
                                         {"json", no_argument, NULL, 'j'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    long long after = 0, limit = 0;
    int json = 0, c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "a:l:jh", opts, NULL)) != -1) {
        if (c == 'a' && parse_num(optarg, INT64_MAX, &after) == 0) {
            continue;
        } else if (c == 'l' && parse_num(optarg, 1000000000, &limit) == 0 && limit > 0) {
            continue;
        } else if (c == 'j') {
            json = 1;
        } else if (c == 'h') {
            printf(_("%s\n\n"
                   "Prints the audit entries with seq greater than SEQ (default 0: from the "
                   "start), at most\n"
                   "N of them (default: all), oldest first: seq, time (UTC), key id (0 = the local "
                   "operator),\n"
                   "role, action, object, detail. --json prints an array with the chain hashes in "
                   "hex.\n"),
                   _(list_usage));
            return XY_EXIT_OK;
        } else {
            xy_cli_error("audit", "%s", _(list_usage));
            return XY_EXIT_USAGE;
        }
    }
    if (optind != argc) {
        xy_cli_error("audit", "%s", _(list_usage));
        return XY_EXIT_USAGE;
    }
    struct xy_app *app = xy_cli_open("audit");
    if (!app)
        return XY_EXIT_USAGE;
    struct xy_error err = {0};
    long count = 0;
    int rc = XY_OK;
    if (json)
        fputs("[", stdout);
    else
        printf("%-6s %-20s %-4s %-10s %-14s %-20s %s\n", "SEQ", "AT", "KEY", "ROLE", "ACTION",
               "OBJECT", "DETAIL");
    /* Page by page, so that a long log never sits in memory whole. */
    while (!rc && (limit == 0 || count < limit)) {
        int want = limit == 0 || limit - count > 1000 ? 1000 : (int)(limit - count);
        json_t *items = NULL;
        if ((rc = xy_audit_page(app, after, want, &items, &err)))
            break;
        size_t n = json_array_size(items);
        for (size_t k = 0; k < n; k++)
            print_entry(json_array_get(items, k), json, count++);
        if (n)
            after = json_integer_value(json_object_get(json_array_get(items, n - 1), "seq"));
        json_decref(items);
        if ((int)n < want)
            break;
    }
    if (json)
        fputs(count ? "\n]\n" : "]\n", stdout);
    xy_app_close(app);
    if (rc) {
        xy_cli_error("audit", "%s", err.msg);
        return XY_EXIT_INVALID;
    }
    return XY_EXIT_OK;
}

static int cmd_verify(int argc, char **argv)
{
    if (argc == 2 && xy_cli_is_help(argv[1])) {
        printf(
            _("%s\n\n"
            "Recomputes every entry's keyed hash and checks each link to the entry before and "
            "that\n"
            "the numbers run without gaps. Prints \"audit chain: N entries, whole\" (exit 0), or\n"
            "\"audit chain: broken at entry SEQ\" (exit 1), SEQ being the first entry that was "
            "changed,\n"
            "or the first one after a removed entry. Needs the key file.\n"),
            _(verify_usage));
        return XY_EXIT_OK;
    }
    if (argc != 1) {
        xy_cli_error("audit", "%s", _(verify_usage));
        return XY_EXIT_USAGE;
    }
    struct xy_app *app = xy_cli_open("audit");
    if (!app)
        return XY_EXIT_USAGE;
    struct xy_error err = {0};
    int64_t entries = 0, bad = 0;
    int rc = xy_audit_verify(app, &entries, &bad, &err);
    xy_app_close(app);
    if (rc) {
        xy_cli_error("audit", "%s", err.msg);
        return XY_EXIT_INVALID;
    }
    if (bad) {
        printf(_("audit chain: broken at entry %lld\n"), (long long)bad);
        return XY_EXIT_INVALID;
    }
    printf(_("audit chain: %lld entries, whole\n"), (long long)entries);
    return XY_EXIT_OK;
}

int xy_cmd_audit(int argc, char **argv)
{
    if (argc >= 2 && xy_cli_is_help(argv[1])) {
        help();
        return XY_EXIT_OK;
    }
    if (argc < 2) {
        xy_cli_error("audit", "usage: xinyong audit list|verify ... (try --help)");
        return XY_EXIT_USAGE;
    }
    if (strcmp(argv[1], "list") == 0)
        return cmd_list(argc - 1, argv + 1);
    if (strcmp(argv[1], "verify") == 0)
        return cmd_verify(argc - 1, argv + 1);
    xy_cli_error("audit", "unknown command %s (list, verify)", argv[1]);
    return XY_EXIT_USAGE;
}
