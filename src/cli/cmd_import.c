/* SPDX-License-Identifier: Apache-2.0 */
/* xinyong import --class CLASS --dept USCC FILE: collect a department's batch. */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/import.h"
#include "cli/cli.h"
#include "cli/i18n.h"
#include "cli/util.h"

struct progress {
    uint64_t size;
    struct timespec start, last;
    int shown;
};

static double since(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void on_progress(void *ctx, uint64_t bytes, long rows)
{
    struct progress *p = ctx;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (p->shown && since(&p->last, &now) < 0.5)
        return;
    p->last = now;
    p->shown = 1;
    double t = since(&p->start, &now);
    double rate = t > 0 ? (double)rows / t : 0;
    double frac = p->size ? (double)bytes / (double)p->size : 0;
    double left = frac > 0.001 ? t / frac - t : 0;
    fputc('\r', stderr);
    fprintf(stderr, _("%ld rows  %.0f rows/s  %5.1f%%  %3.0fs left   "), rows, rate, 100.0 * frac, left);
    fflush(stderr);
}

static void print_json(const struct xy_import_result *res)
{
    json_t *rejects = json_array();
    for (size_t i = 0; i < res->nrejects; i++) {
        const struct xy_reject *j = &res->rejects[i];
        json_array_append_new(rejects, json_pack("{s:I, s:s, s:s, s:s, s:s}", "row", (json_int_t)j->row, "field",
                                                 j->field, "value", j->value, "code", j->code, "reason", j->reason));
    }
    json_t *o = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:s, s:s, s:o}", "batch", (json_int_t)res->batch_id,
                          "rows", (json_int_t)res->rows, "accepted", (json_int_t)res->accepted, "rejected",
                          (json_int_t)res->rejected, "added", (json_int_t)res->added, "updated",
                          (json_int_t)res->updated, "unchanged", (json_int_t)res->unchanged, "name_flagged",
                          (json_int_t)res->flagged, "encoding", res->encoding, "format", res->format, "rejects",
                          rejects);
    xy_cli_print_json(o, 0);
    json_decref(o);
}

int xy_cmd_import(int argc, char **argv)
{
    static const struct option opts[] = {{"class", required_argument, NULL, 'c'},
                                         {"dept", required_argument, NULL, 'd'},
                                         {"format", required_argument, NULL, 'f'},
                                         {"json", no_argument, NULL, 'j'},
                                         {"quiet", no_argument, NULL, 'q'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *cls = NULL, *dept = NULL, *fmt = NULL;
    int json = 0, quiet = 0, c;
    while ((c = getopt_long(argc, argv, "c:d:f:jqh", opts, NULL)) != -1) {
        switch (c) {
        case 'c': cls = optarg; break;
        case 'd': dept = optarg; break;
        case 'f': fmt = optarg; break;
        case 'j': json = 1; break;
        case 'q': quiet = 1; break;
        case 'h':
            fputs(_("usage: xinyong import --class CLASS --dept USCC [--format csv|jsonl|xlsx] [--json] [--quiet] FILE\n\n"
                   "Imports a batch of records of one catalogue class from a registered department. CSV headers\n"
                   "may be field codes (CF_WSH), Chinese names (行政处罚决定书文号) or English keys (doc_no);\n"
                   "UTF-8 (with or without BOM) and GB18030/GBK are detected. An XLSX workbook (recognised by\n"
                   "its bytes) is read from its first sheet, the first row the header. Every row is checked against the\n"
                   "catalogue; rejected rows are listed in FILE.rejects.csv with row, field and reason. The\n"
                   "accepted rows commit together; importing the same file again adds nothing.\n\n"
                   "exit status: 0 all rows accepted, 1 some rows rejected (the others are committed),\n"
                   "2 the file could not be read at all (nothing committed)\n"), stdout);
            return XY_EXIT_OK;
        default: return XY_EXIT_USAGE;
        }
    }
    if (!cls || !dept || optind + 1 != argc) {
        xy_cli_error("import", "usage: xinyong import --class CLASS --dept USCC FILE (see --help)");
        return XY_EXIT_USAGE;
    }
    const char *path = argv[optind];
    enum xy_batch_format format = xy_batch_format_from_name(path);
    if (fmt) {
        if (strcmp(fmt, "csv") == 0) {
            format = XY_BATCH_CSV;
        } else if (strcmp(fmt, "jsonl") == 0 || strcmp(fmt, "json") == 0) {
            format = XY_BATCH_JSONL;
        } else if (strcmp(fmt, "xlsx") == 0) {
            format = XY_BATCH_XLSX;
        } else {
            xy_cli_error("import", "unknown format %s (csv, jsonl or xlsx)", fmt);
            return XY_EXIT_USAGE;
        }
    }
    FILE *in = fopen(path, "rb");
    if (!in) {
        xy_cli_error("import", "cannot open %s: %s", path, strerror(errno));
        return XY_EXIT_USAGE;
    }
    struct xy_app *app = xy_cli_open("import");
    if (!app) {
        fclose(in);
        return XY_EXIT_USAGE;
    }
    struct progress prog = {0};
    struct stat sb;
    if (fstat(fileno(in), &sb) == 0)
        prog.size = (uint64_t)sb.st_size;
    clock_gettime(CLOCK_MONOTONIC, &prog.start);
    const char *base = strrchr(path, '/');
    struct xy_import_opts o = {
        .cls = cls,
        .dept_uscc = dept,
        .format = format,
        .source = base ? base + 1 : path,
        .progress = !quiet && !json && isatty(STDERR_FILENO) ? on_progress : NULL,
        .progress_ctx = &prog,
    };
    struct xy_import_result res;
    struct xy_error err = {0};
    int rc = xy_import_stream(app, &o, in, &res, &err);
    fclose(in);
    if (prog.shown)
        fputc('\n', stderr);
    if (rc) {
        xy_cli_error("import", "%s: %s; nothing was imported", path, err.msg);
        xy_app_close(app);
        return XY_EXIT_USAGE;
    }
    /* The rejects file sits beside the batch, for the clerk to fix and resend. */
    char rpath[4200];
    snprintf(rpath, sizeof rpath, "%s.rejects.csv", path);
    if (res.nrejects) {
        FILE *rf = fopen(rpath, "wb");
        if (!rf || xy_import_write_rejects(app, cls, &res, rf) != XY_OK)
            xy_cli_error("import", "cannot write %s: %s", rpath, strerror(errno));
        if (rf)
            fclose(rf);
    } else if (unlink(rpath) != 0 && errno != ENOENT) {
        xy_cli_error("import", "cannot remove the old %s: %s", rpath, strerror(errno));
    }
    if (json) {
        print_json(&res);
    } else {
        printf(_("batch %lld: %ld rows, %ld accepted (%ld new, %ld updated, %ld unchanged), %ld rejected [%s, %s]\n"),
               (long long)res.batch_id, res.rows, res.accepted, res.added, res.updated, res.unchanged,
               res.rejected, res.format, res.encoding);
        if (res.flagged)
            printf(_("%ld accepted rows name a subject differently from its known name (flagged)\n"), res.flagged);
        if (res.nrejects) {
            printf(_("rejected rows are listed in %s\n"), rpath);
            if (!quiet) {
                size_t show = res.nrejects < 10 ? res.nrejects : 10;
                for (size_t i = 0; i < show; i++)
                    printf(_("  row %ld %s: %s\n"), res.rejects[i].row,
                           res.rejects[i].field[0] ? xy_cli_text(res.rejects[i].field) : "-",
                           xy_cli_text(res.rejects[i].reason));
                if (show < res.nrejects)
                    printf(_("  ... and %zu more\n"), res.nrejects - show);
            }
        }
    }
    int exit_code = res.rejected ? XY_EXIT_INVALID : XY_EXIT_OK;
    xy_import_result_release(&res);
    xy_app_close(app);
    return exit_code;
}
