/* SPDX-License-Identifier: Apache-2.0 */
/* xinyong jrp load FILE | jrp check --dept USCC --matter CODE [--legal-rep ID] CODE... | jrp stats MONTH:
 * joint reward and punishment (联合奖惩) from the shell. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "app/jrp.h"
#include "cli/cli.h"
#include "cli/i18n.h"
#include "cli/util.h"
#include "common/xy_alloc.h"

static int usage(FILE *out)
{
    fputs(_("usage: xinyong jrp load FILE\n"
          "       xinyong jrp check --dept USCC --matter CODE [--legal-rep ID] CODE...\n"
          "       xinyong jrp stats YYYY-MM\n\n"
          "load: reads memoranda broken into measures, and the matter catalogue, from a JSON policy file\n"
          "(catalog/jrp-demo.json shows the form); every measure must cite its legal basis.\n"
          "check: what applies to each subject (USCC or ID number) for the matter handled by the department:\n"
          "its active list entries, its legal representative's, and the measures with their legal basis.\n"
          "stats: the month's checks, hits, feedback and departments taking part.\n"),
          out);
    return out == stdout ? XY_EXIT_OK : XY_EXIT_USAGE;
}

int xy_cmd_jrp(int argc, char **argv)
{
    if (argc < 2 || xy_cli_is_help(argv[1]))
        return usage(argc < 2 ? stderr : stdout);
    const char *verb = argv[1];
    struct xy_error err = {0};
    struct xy_principal op;
    xy_principal_operator(&op);
    int rc;
    if (strcmp(verb, "load") == 0) {
        if (argc != 3)
            return usage(stderr);
        char *text = NULL;
        size_t len = 0;
        if (xy_cli_read_file(argv[2], 16u << 20, &text, &len, &err)) {
            xy_cli_error("jrp", "%s", err.msg);
            return XY_EXIT_USAGE;
        }
        struct xy_app *app = xy_cli_open("jrp");
        json_t *summary = NULL;
        rc = app ? xy_jrp_load(app, &op, text, len, &summary, &err) : XY_EIO;
        xy_free(text);
        xy_app_close(app);
        if (!app)
            return XY_EXIT_USAGE;
        if (rc) {
            xy_cli_error("jrp", "%s: %s; nothing was loaded", argv[2], err.msg);
            return rc == XY_EINVAL ? XY_EXIT_INVALID : XY_EXIT_USAGE;
        }
        xy_cli_print_json(summary, 0);
        json_decref(summary);
        return XY_EXIT_OK;
    }
    if (strcmp(verb, "stats") == 0) {
        if (argc != 3)
            return usage(stderr);
        struct xy_app *app = xy_cli_open("jrp");
        json_t *out = NULL;
        if (!app)
            return XY_EXIT_USAGE;
        rc = xy_jrp_stats(app, argv[2], &out, &err);
        xy_app_close(app);
        if (rc) {
            xy_cli_error("jrp", "%s", err.msg);
            return XY_EXIT_USAGE;
        }
        xy_cli_print_json(out, 2);
        json_decref(out);
        return XY_EXIT_OK;
    }
    if (strcmp(verb, "check") != 0)
        return usage(stderr);
    static const struct option opts[] = {{"dept", required_argument, NULL, 'd'},
                                         {"matter", required_argument, NULL, 'm'},
                                         {"legal-rep", required_argument, NULL, 'l'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *dept = NULL, *matter = NULL, *rep = NULL;
    int c;
    optind = 2;
    while ((c = getopt_long(argc, argv, "d:m:l:h", opts, NULL)) != -1) {
        if (c == 'h')
            return usage(stdout);
        if (c == 'd')
            dept = optarg;
        else if (c == 'm')
            matter = optarg;
        else if (c == 'l')
            rep = optarg;
        else
            return XY_EXIT_USAGE;
    }
    size_t n = (size_t)(argc - optind);
    if (!dept || !matter || n == 0 || n > XY_JRP_BATCH_MAX)
        return usage(stderr);
    struct xy_jrp_subject *subjects = xy_calloc(n, sizeof *subjects);
    if (!subjects)
        return XY_EXIT_USAGE;
    for (size_t i = 0; i < n; i++) {
        subjects[i].code = argv[optind + (int)i];
        subjects[i].legal_rep_id = rep;
    }
    struct xy_app *app = xy_cli_open("jrp");
    json_t *answers = NULL;
    rc = app ? xy_jrp_check(app, &op, dept, matter, subjects, n, &answers, &err) : XY_EIO;
    xy_free(subjects);
    xy_app_close(app);
    if (!app)
        return XY_EXIT_USAGE;
    if (rc) {
        xy_cli_error("jrp", "%s", err.msg);
        return rc == XY_EINVAL ? XY_EXIT_USAGE : XY_EXIT_INVALID;
    }
    xy_cli_print_json(answers, 2);
    json_decref(answers);
    return XY_EXIT_OK;
}
