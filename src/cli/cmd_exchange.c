/* SPDX-License-Identifier: Apache-2.0 */
/* xinyong exchange dest add|list|enable|disable, exchange run: the upper platforms this one pushes
 * its changes to, and a one-off push (`serve` pushes all the time). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/exchange.h"
#include "cli/cli.h"
#include "cli/i18n.h"
#include "cli/util.h"
#include "common/xy_alloc.h"

static void help(void)
{
    printf(_("usage: xinyong exchange dest add NAME URL --as SOURCE --key KEY [--classes a,b,...]\n"
           "       xinyong exchange dest list [--json]\n"
           "       xinyong exchange dest enable|disable NAME\n"
           "       xinyong exchange run [NAME]\n"
           "       xinyong exchange reconcile DEST [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]\n"
           "       xinyong exchange export --class penalty|license [--from D] [--to D] [--dept USCC]\n"
           "                               [--format csv|xlsx] [--headers code|zh] [--ext] FILE\n"
           "       xinyong exchange lists import --source NAME --class LIST_CLASS FILE\n"
           "       xinyong exchange source-key NAME PUBLIC_KEY\n\n"
           "Destinations are upper platforms (a province's xinyong, say) this platform pushes its\n"
           "change log to: URL is the receiver's /api/v1/exchange/inbound, KEY the platform key it\n"
           "made for this platform and SOURCE the name it made that key with; --classes limits what\n"
           "is sent (default: every class). `serve` pushes all the time; `run` pushes each enabled\n"
           "destination (or NAME) until nothing is left and says what was acknowledged. Exits 1 when\n"
           "a destination failed. `reconcile` compares the records this platform holds with what\n"
           "DEST holds from it, per class and decision day (count and hash), and names the days\n"
           "that differ; it exits 1 when any does. `export` writes the double publicity records\n"
           "the public sees in the national layout (XK_/CF_ columns, ID numbers in full) to FILE,\n"
           "a new file of mode 0600; the export is audited. `lists import` takes a list published\n"
           "above (NAME e.g. national:court) and replaces whole what the last file of NAME gave:\n"
           "entries it no longer holds end. Any invalid row refuses the whole file.\n"
           "Batches are signed: `dest add` prints the destination's public key (last line), which\n"
           "the receiver registers with `source-key NAME PUBLIC_KEY`, NAME being this platform's\n"
           "name there; the receiver refuses unsigned, stale, replayed or wrongly signed batches.\n"));
}

/* "a,b" as a JSON array text. Caller frees. */
static char *classes_json(const char *csv)
{
    json_t *a = json_array();
    char *copy = xy_strdup(csv), *save = NULL;
    for (char *t = copy ? strtok_r(copy, ",", &save) : NULL; t; t = strtok_r(NULL, ",", &save))
        json_array_append_new(a, json_string(t));
    char *text = copy && a ? json_dumps(a, JSON_COMPACT) : NULL;
    json_decref(a);
    xy_free(copy);
    return text;
}

static int dest_add(int argc, char **argv)
{
    static const struct option opts[] = {{"as", required_argument, NULL, 'a'},
                                         {"key", required_argument, NULL, 'k'},
                                         {"classes", required_argument, NULL, 'c'},
                                         {NULL, 0, NULL, 0}};
    const char *source = NULL, *key = NULL, *classes = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "a:k:c:", opts, NULL)) != -1) {
        switch (c) {
        case 'a': source = optarg; break;
        case 'k': key = optarg; break;
        case 'c': classes = optarg; break;
        default: return XY_EXIT_USAGE;
        }
    }
    if (argc - optind != 2 || !source || !key) {
        help();
        return XY_EXIT_USAGE;
    }
    char *cls = classes ? classes_json(classes) : NULL;
    if (classes && !cls) {
        xy_cli_error("exchange", "out of memory");
        return XY_EXIT_USAGE;
    }
    struct xy_app *app = xy_cli_open("exchange");
    if (!app) {
        xy_free(cls);
        return XY_EXIT_USAGE;
    }
    struct xy_principal op;
    struct xy_error err = {0};
    xy_principal_operator(&op);
    char pub[XY_EXCHANGE_PUB_LEN];
    int rc = xy_exchange_dest_add(app, &op, argv[optind], argv[optind + 1], source, key, cls, pub, &err);
    xy_app_close(app);
    xy_free(cls);
    if (rc) {
        xy_cli_error("exchange", "%s", err.msg);
        return rc == XY_EINVAL || rc == XY_EEXIST ? XY_EXIT_INVALID : XY_EXIT_USAGE;
    }
    printf(_("exchange: destination %s added; the receiver registers this public key for %s:\n"), argv[optind],
           source);
    printf("%s\n", pub);
    return XY_EXIT_OK;
}

static int source_key(const char *name, const char *pub)
{
    struct xy_app *app = xy_cli_open("exchange");
    if (!app)
        return XY_EXIT_USAGE;
    struct xy_principal op;
    struct xy_error err = {0};
    xy_principal_operator(&op);
    int rc = xy_exchange_source_key(app, &op, name, pub, &err);
    xy_app_close(app);
    if (rc) {
        xy_cli_error("exchange", "%s", err.msg);
        return rc == XY_EINVAL ? XY_EXIT_INVALID : XY_EXIT_USAGE;
    }
    printf(_("exchange: public key of lower platform %s registered\n"), name);
    return XY_EXIT_OK;
}

static int dest_list(int json)
{
    struct xy_app *app = xy_cli_open("exchange");
    if (!app)
        return XY_EXIT_USAGE;
    json_t *arr = NULL;
    struct xy_error err = {0};
    int rc = xy_exchange_dest_list(app, &arr, &err);
    xy_app_close(app);
    if (rc) {
        xy_cli_error("exchange", "%s", err.msg);
        return XY_EXIT_USAGE;
    }
    if (json) {
        xy_cli_dump_json(arr, JSON_INDENT(1));
        putchar('\n');
    } else {
        size_t i;
        json_t *d;
        json_array_foreach(arr, i, d) {
            json_t *acked = json_object_get(d, "acked");
            const char *last = json_string_value(json_object_get(d, "last_error"));
            printf(_("%s  %s  %s  acked %lld.%lld  backlog %lld  lag %llds  failures %lld\n"),
                   xy_cli_text(json_string_value(json_object_get(d, "name"))),
                   json_is_true(json_object_get(d, "enabled")) ? _("enabled") : _("disabled"),
                   xy_cli_text(json_string_value(json_object_get(d, "url"))),
                   (long long)json_integer_value(json_object_get(acked, "seq")),
                   (long long)json_integer_value(json_object_get(acked, "part")),
                   (long long)json_integer_value(json_object_get(d, "backlog")),
                   (long long)json_integer_value(json_object_get(d, "lag_seconds")),
                   (long long)json_integer_value(json_object_get(d, "failures")));
            if (last)
                printf(_("  last error: %s\n"), xy_cli_text(last));
        }
    }
    json_decref(arr);
    return XY_EXIT_OK;
}

static int dest_enable(const char *name, int enabled)
{
    struct xy_app *app = xy_cli_open("exchange");
    if (!app)
        return XY_EXIT_USAGE;
    struct xy_principal op;
    struct xy_error err = {0};
    xy_principal_operator(&op);
    int rc = xy_exchange_dest_enable(app, &op, name, enabled, &err);
    xy_app_close(app);
    if (rc) {
        xy_cli_error("exchange", "%s", err.msg);
        return XY_EXIT_INVALID;
    }
    printf(enabled ? _("exchange: destination %s enabled\n") : _("exchange: destination %s disabled\n"), name);
    return XY_EXIT_OK;
}

static int run(const char *only)
{
    struct xy_app *app = xy_cli_open("exchange");
    if (!app)
        return XY_EXIT_USAGE;
    json_t *arr = NULL;
    struct xy_error err = {0};
    int status = XY_EXIT_OK;
    if (xy_exchange_dest_list(app, &arr, &err)) {
        xy_cli_error("exchange", "%s", err.msg);
        xy_app_close(app);
        return XY_EXIT_USAGE;
    }
    size_t i, n = 0;
    json_t *d;
    json_array_foreach(arr, i, d) {
        const char *name = json_string_value(json_object_get(d, "name"));
        if (only ? strcmp(name, only) != 0 : !json_is_true(json_object_get(d, "enabled")))
            continue;
        n++;
        struct xy_push_result res;
        memset(&err, 0, sizeof err);
        if (xy_exchange_push(app, name, 0, &res, &err)) {
            xy_cli_error("exchange", "%s", err.msg);
            status = XY_EXIT_INVALID;
        }
        printf(_("exchange: %s: %ld batches, %ld changes acknowledged, cursor %lld.%lld%s\n"), xy_cli_text(name),
               res.batches, res.changes, (long long)res.seq, (long long)res.part, res.idle ? ", nothing left" : "");
    }
    json_decref(arr);
    xy_app_close(app);
    if (only && n == 0) {
        xy_cli_error("exchange", "no destination named %s", only);
        return XY_EXIT_INVALID;
    }
    return status;
}

static int reconcile(int argc, char **argv)
{
    static const struct option opts[] = {{"from", required_argument, NULL, 'f'},
                                         {"to", required_argument, NULL, 't'},
                                         {"json", no_argument, NULL, 'j'},
                                         {NULL, 0, NULL, 0}};
    const char *from = NULL, *to = NULL;
    int json = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:t:j", opts, NULL)) != -1) {
        switch (c) {
        case 'f': from = optarg; break;
        case 't': to = optarg; break;
        case 'j': json = 1; break;
        default: return XY_EXIT_USAGE;
        }
    }
    if (argc - optind != 1) {
        help();
        return XY_EXIT_USAGE;
    }
    struct xy_app *app = xy_cli_open("exchange");
    if (!app)
        return XY_EXIT_USAGE;
    json_t *rep = NULL;
    struct xy_error err = {0};
    int rc = xy_exchange_reconcile(app, argv[optind], from, to, &rep, &err);
    xy_app_close(app);
    if (rc) {
        xy_cli_error("exchange", "%s", err.msg);
        return rc == XY_EINVAL || rc == XY_ENOTFOUND ? XY_EXIT_INVALID : XY_EXIT_USAGE;
    }
    int agree = json_is_true(json_object_get(rep, "agree"));
    if (json) {
        xy_cli_dump_json(rep, JSON_INDENT(1));
        putchar('\n');
    } else {
        size_t i;
        json_t *v;
        printf("对账 (reconcile) %s: %s\n", xy_cli_text(argv[optind]),
               agree ? "一致 (both sides agree)" : "不一致 (the sides differ)");
        json_array_foreach(json_object_get(rep, "classes"), i, v) {
            json_t *l = json_object_get(v, "local"), *r = json_object_get(v, "remote");
            printf(_("  %-12s local %lld  remote %lld  %s\n"), xy_cli_text(json_string_value(json_object_get(v, "class"))),
                   (long long)json_integer_value(json_object_get(l, "count")),
                   (long long)json_integer_value(json_object_get(r, "count")),
                   json_is_true(json_object_get(v, "agree"))
                       ? _("ok")
                       : _("differs"));
        }
        json_array_foreach(json_object_get(rep, "differ"), i, v) {
            json_t *l = json_object_get(v, "local"), *r = json_object_get(v, "remote");
            printf(_("  differs: %s %s  local %lld %.12s  remote %lld %.12s\n"),
                   xy_cli_text(json_string_value(json_object_get(v, "class"))),
                   xy_cli_text(json_string_value(json_object_get(v, "day"))),
                   (long long)json_integer_value(json_object_get(l, "count")),
                   json_string_value(json_object_get(l, "hash")) ? json_string_value(json_object_get(l, "hash")) : "-",
                   (long long)json_integer_value(json_object_get(r, "count")),
                   json_string_value(json_object_get(r, "hash")) ? json_string_value(json_object_get(r, "hash")) : "-");
        }
    }
    json_decref(rep);
    return agree ? XY_EXIT_OK : XY_EXIT_INVALID;
}

static int export_file(int argc, char **argv)
{
    static const struct option opts[] = {{"class", required_argument, NULL, 'c'},
                                         {"from", required_argument, NULL, 'f'},
                                         {"to", required_argument, NULL, 't'},
                                         {"dept", required_argument, NULL, 'd'},
                                         {"format", required_argument, NULL, 'F'},
                                         {"headers", required_argument, NULL, 'H'},
                                         {"ext", no_argument, NULL, 'e'},
                                         {NULL, 0, NULL, 0}};
    struct xy_export_opts o = {0};
    const char *format = NULL, *headers = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:f:t:d:F:H:e", opts, NULL)) != -1) {
        switch (c) {
        case 'c': o.cls = optarg; break;
        case 'f': o.from = optarg; break;
        case 't': o.to = optarg; break;
        case 'd': o.dept_uscc = optarg; break;
        case 'F': format = optarg; break;
        case 'H': headers = optarg; break;
        case 'e': o.ext = 1; break;
        default: return XY_EXIT_USAGE;
        }
    }
    if (argc - optind != 1 || !o.cls || (format && strcmp(format, "csv") && strcmp(format, "xlsx")) ||
        (headers && strcmp(headers, "code") && strcmp(headers, "zh"))) {
        help();
        return XY_EXIT_USAGE;
    }
    o.xlsx = format && strcmp(format, "xlsx") == 0;
    o.zh_headers = headers && strcmp(headers, "zh") == 0;
    struct xy_app *app = xy_cli_open("exchange");
    if (!app)
        return XY_EXIT_USAGE;
    struct xy_principal op;
    struct xy_error err = {0};
    long n = 0;
    xy_principal_operator(&op);
    int rc = xy_exchange_export_file(app, &op, &o, argv[optind], &n, &err);
    xy_app_close(app);
    if (rc) {
        xy_cli_error("exchange", "%s", err.msg);
        return rc == XY_EINVAL || rc == XY_EEXIST ? XY_EXIT_INVALID : XY_EXIT_USAGE;
    }
    printf(_("exchange: %ld records of %s written to %s (%s)\n"), n, o.cls, xy_cli_text(argv[optind]),
           o.xlsx ? "xlsx" : "csv");
    return XY_EXIT_OK;
}

static int lists_import(int argc, char **argv)
{
    static const struct option opts[] = {{"source", required_argument, NULL, 's'},
                                         {"class", required_argument, NULL, 'c'},
                                         {NULL, 0, NULL, 0}};
    const char *source = NULL, *cls = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "s:c:", opts, NULL)) != -1) {
        switch (c) {
        case 's': source = optarg; break;
        case 'c': cls = optarg; break;
        default: return XY_EXIT_USAGE;
        }
    }
    if (argc - optind != 1 || !source || !cls) {
        help();
        return XY_EXIT_USAGE;
    }
    char *data = NULL;
    size_t len = 0;
    struct xy_error err = {0};
    if (xy_cli_read_file(argv[optind], 256u << 20, &data, &len, &err)) {
        xy_cli_error("exchange", "%s", err.msg);
        return XY_EXIT_USAGE;
    }
    struct xy_app *app = xy_cli_open("exchange");
    if (!app) {
        xy_free(data);
        return XY_EXIT_USAGE;
    }
    struct xy_principal op;
    struct xy_lists_result res;
    xy_principal_operator(&op);
    int rc = xy_exchange_lists_import(app, &op, source, cls, data, len, &res, &err);
    xy_app_close(app);
    xy_free(data);
    if (rc) {
        xy_cli_error("exchange", "%s", err.msg);
        return rc == XY_EINVAL || rc == XY_ETOOBIG ? XY_EXIT_INVALID : XY_EXIT_USAGE;
    }
    printf(_("exchange: %s %s: %ld entries, %ld added, %ld updated, %ld unchanged, %ld ended\n"), xy_cli_text(source), cls,
           res.rows, res.added, res.updated, res.unchanged, res.ended);
    return XY_EXIT_OK;
}

int xy_cmd_exchange(int argc, char **argv)
{
    if (argc < 2 || xy_cli_is_help(argv[1])) {
        help();
        return argc < 2 ? XY_EXIT_USAGE : XY_EXIT_OK;
    }
    if (strcmp(argv[1], "lists") == 0 && argc >= 3 && strcmp(argv[2], "import") == 0)
        return lists_import(argc - 2, argv + 2);
    if (strcmp(argv[1], "export") == 0)
        return export_file(argc - 1, argv + 1);
    if (strcmp(argv[1], "reconcile") == 0)
        return reconcile(argc - 1, argv + 1);
    if (strcmp(argv[1], "source-key") == 0 && argc == 4)
        return source_key(argv[2], argv[3]);
    if (strcmp(argv[1], "run") == 0 && argc <= 3)
        return run(argc == 3 ? argv[2] : NULL);
    if (strcmp(argv[1], "dest") == 0 && argc >= 3) {
        if (strcmp(argv[2], "add") == 0)
            return dest_add(argc - 2, argv + 2);
        if (strcmp(argv[2], "list") == 0)
            return dest_list(argc == 4 && strcmp(argv[3], "--json") == 0);
        if ((strcmp(argv[2], "enable") == 0 || strcmp(argv[2], "disable") == 0) && argc == 4)
            return dest_enable(argv[3], strcmp(argv[2], "enable") == 0);
    }
    help();
    return XY_EXIT_USAGE;
}
