/* SPDX-License-Identifier: Apache-2.0 */
/* `xinyong demo`: writes the deterministic Wuhan demo data set (demo/demo.h) and prints a summary.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/demo.h"
#include "cli/cli.h"
#include "cli/i18n.h"

static const char *const USAGE = N_(
    "usage: xinyong demo --out DIR [--subjects N] [--seed S] [--today YYYY-MM-DD]\n"
    "       xinyong demo --out DIR --only penalty --rows M [--seed S] [--today YYYY-MM-DD]\n"
    "\n"
    "Writes a realistic, deterministic demo data set for Wuhan (武汉市) into DIR: "
    "departments.tsv,\n"
    "one standard-format CSV file per department and class (DIR/<dept USCC>/<class>.csv),\n"
    "manifest.tsv (CLASS, DEPT_USCC, PATH per file, in import order) and DIR/broken/ (a file of\n"
    "rows with deliberate mistakes explained in README.txt, and a GB18030-encoded file).\n"
    "The same N, seed and today give byte-identical files.\n"
    "\n"
    "  --out DIR            output directory (created if missing)\n"
    "  --subjects N         subjects to generate (default 1000)\n"
    "  --seed S             random seed, an unsigned integer (default 42)\n"
    "  --today YYYY-MM-DD   no decision date lies after it (default 2026-11-28)\n"
    "  --only penalty       benchmark mode: only DIR/penalty.csv for the first department\n"
    "  --rows M             with --only penalty: exactly M rows\n"
    "\n"
    "Load it with scripts/make-demo BIN DIR SUBJECTS.\n");

static int parse_long(const char *s, long min, long max, long *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

static int parse_u64(const char *s, uint64_t *out)
{
    char *end = NULL;
    errno = 0;
    if (s[0] == '-')
        return -1;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end)
        return -1;
    *out = (uint64_t)v;
    return 0;
}

int xy_cmd_demo(int argc, char **argv)
{
    const char *cmd = "demo";
    struct xy_demo_opts opts;
    struct xy_demo_summary sum;
    struct xy_error err;
    const char *only = NULL;
    long rows = 0;

    xy_demo_opts_init(&opts);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (xy_cli_is_help(a)) {
            fputs(_(USAGE), stdout);
            return XY_EXIT_OK;
        }
        if (i + 1 >= argc) {
            xy_cli_error(cmd, "%s needs a value, or is unknown (see --help)", a);
            return XY_EXIT_USAGE;
        }
        const char *v = argv[++i];
        if (strcmp(a, "--out") == 0) {
            opts.out_dir = v;
        } else if (strcmp(a, "--subjects") == 0) {
            if (parse_long(v, 1, XY_DEMO_MAX_SUBJECTS, &opts.subjects)) {
                xy_cli_error(cmd, "--subjects must be an integer from 1 to %ld",
                             XY_DEMO_MAX_SUBJECTS);
                return XY_EXIT_USAGE;
            }
        } else if (strcmp(a, "--seed") == 0) {
            if (parse_u64(v, &opts.seed)) {
                xy_cli_error(cmd, "--seed must be an unsigned integer");
                return XY_EXIT_USAGE;
            }
        } else if (strcmp(a, "--today") == 0) {
            if (xy_date_parse(v, strlen(v), &opts.today) != 0) {
                xy_cli_error(cmd, "--today must be a date YYYY-MM-DD, not '%s'", v);
                return XY_EXIT_USAGE;
            }
        } else if (strcmp(a, "--only") == 0) {
            only = v;
        } else if (strcmp(a, "--rows") == 0) {
            if (parse_long(v, 1, XY_DEMO_MAX_SUBJECTS, &rows)) {
                xy_cli_error(cmd, "--rows must be an integer from 1 to %ld", XY_DEMO_MAX_SUBJECTS);
                return XY_EXIT_USAGE;
            }
        } else {
            xy_cli_error(cmd, "unknown option %s (see --help)", a);
            return XY_EXIT_USAGE;
        }
    }
    if (!opts.out_dir) {
        xy_cli_error(cmd, "--out DIR is required (see --help)");
        return XY_EXIT_USAGE;
    }
    if (only && strcmp(only, "penalty") != 0) {
        xy_cli_error(cmd, "--only supports only 'penalty'");
        return XY_EXIT_USAGE;
    }
    if ((only != NULL) != (rows > 0)) {
        xy_cli_error(cmd, "--only penalty and --rows M go together");
        return XY_EXIT_USAGE;
    }
    opts.only_penalty_rows = rows;

    int rc = xy_demo_generate(&opts, &sum, &err);
    if (rc != 0) {
        xy_cli_error(cmd, "%s", err.msg[0] ? err.msg : "generation failed");
        return XY_EXIT_USAGE;
    }

    printf(_("demo data set written to %s (seed %llu, today %04d-%02d-%02d)\n"), opts.out_dir,
           (unsigned long long)opts.seed, opts.today.y, opts.today.m, opts.today.d);
    printf(_("subjects: %ld (organisations %ld, individual businesses %ld, natural persons %ld)\n"),
           sum.subjects, sum.organisations, sum.individual_businesses, sum.persons);
    printf(_("departments: %ld (departments.tsv)\n"), sum.departments);
    for (int c = 0; c < XY_DEMO_NCLASSES; c++) {
        if (sum.rows[c] || !only)
            printf(_("  %-11s %9ld rows\n"), xy_demo_class_name(c), sum.rows[c]);
    }
    printf(_("files: %ld CSV files listed in manifest.tsv\n"), sum.files);
    if (!only) {
        printf(_("broken/: penalty-broken.csv (%ld rows, %ld with a mistake, see README.txt), "
               "penalty-gbk.csv (%ld rows, GB18030)\n"),
               sum.broken_rows, sum.broken_bad, sum.gbk_rows);
        printf(_("demo subject: %s %s (%ld licences, %ld penalties, %ld list entry)\n"), sum.demo_code,
               sum.demo_name, sum.demo_licences, sum.demo_penalties, sum.demo_lists);
    }
    return XY_EXIT_OK;
}
