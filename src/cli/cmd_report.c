/* SPDX-License-Identifier: Apache-2.0 */
/* xinyong report: issue a credit report (公共信用信息报告) as the local operator, check a report file,
 * print the public key, look a number up, count the month's reports. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/report.h"
#include "cli/cli.h"
#include "cli/i18n.h"
#include "cli/util.h"
#include "common/xy_alloc.h"

static void usage(FILE *f)
{
    fputs(_("usage: xinyong report CODE [--edition public|authorised] [--purpose TEXT] [--applicant NAME]\n"
          "                      [--json] -o FILE\n"
          "       xinyong report verify FILE [--public-key PEM] [--number N] [--online] [--json]\n"
          "       xinyong report public-key\n"
          "       xinyong report show NUMBER\n"
          "       xinyong report stats --month YYYY-MM\n\n"
          "Issues a credit report on the subject CODE (a USCC, a subject id, or a person's ID number) as\n"
          "the local operator of the credit office: the public edition (organisations only) or the\n"
          "authorised edition for a walk-in applicant (--applicant, whose identity the office checked,\n"
          "and --purpose, 用途). The report is numbered, signed (SM2 over SM3), registered and logged.\n"
          "--json writes the JSON edition instead of the PDF.\n\n"
          "verify checks a report file: the signature with the public key (PEM file; default this\n"
          "platform's), that the pages show the signed number and subject and that every QR code links\n"
          "to that number; --number N: the file must be report N (the number read off the QR code);\n"
          "--online: also the register (the number was issued, the file is byte for byte the one\n"
          "issued). Exit 0 when the file is genuine, 1 when not.\n"),
          f);
}

static int issue(int argc, char **argv)
{
    static const struct option opts[] = {{"edition", required_argument, NULL, 'e'},
                                         {"purpose", required_argument, NULL, 'p'},
                                         {"applicant", required_argument, NULL, 'a'},
                                         {"output", required_argument, NULL, 'o'},
                                         {"json", no_argument, NULL, 'j'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    struct xy_report_request req = {.allow_id_number = 1};
    const char *output = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "e:p:a:o:jh", opts, NULL)) != -1) {
        if (c == 'e') {
            if (strcmp(optarg, "public") == 0)
                req.edition = XY_REPORT_PUBLIC;
            else if (strcmp(optarg, "authorised") == 0 || strcmp(optarg, "authorized") == 0)
                req.edition = XY_REPORT_AUTHORISED;
            else {
                xy_cli_error("report", "--edition is public or authorised");
                return XY_EXIT_USAGE;
            }
        } else if (c == 'p') {
            req.purpose = optarg;
        } else if (c == 'a') {
            req.applicant = optarg;
        } else if (c == 'o') {
            output = optarg;
        } else if (c == 'j') {
            req.format = XY_REPORT_JSON;
        } else if (c == 'h') {
            usage(stdout);
            return XY_EXIT_OK;
        } else {
            return XY_EXIT_USAGE;
        }
    }
    if (optind + 1 != argc || !output) {
        xy_cli_error("report", "usage: xinyong report CODE [--edition E] [--purpose TEXT] -o FILE");
        return XY_EXIT_USAGE;
    }
    req.subject = argv[optind];
    struct xy_app *app = xy_cli_open("report");
    if (!app)
        return XY_EXIT_USAGE;
    struct xy_principal op;
    struct xy_error err = {0};
    struct xy_buf body;
    char number[XY_REPORT_NUMBER_SIZE];
    int pages = 0;
    xy_principal_operator(&op);
    xy_buf_init(&body, XY_REPORT_MAX_BYTES);
    int rc = xy_report_issue(app, NULL, &op, &req, &body, number, &pages, &err);
    xy_app_close(app);
    if (rc) {
        xy_buf_release(&body);
        xy_cli_error("report", "%s", err.msg);
        return rc == XY_EINVAL ? XY_EXIT_USAGE : XY_EXIT_INVALID;
    }
    FILE *f = strcmp(output, "-") == 0 ? stdout : fopen(output, "wb");
    int ok = f && fwrite(body.data, 1, body.len, f) == body.len;
    if (f && f != stdout)
        ok = fclose(f) == 0 && ok;
    xy_buf_release(&body);
    if (!ok) {
        xy_cli_error("report", "cannot write %s", output);
        return XY_EXIT_USAGE;
    }
    if (strcmp(output, "-") != 0) {
        if (req.format == XY_REPORT_JSON)
            fprintf(stdout, _("report %s issued: %s (JSON)\n"), number, output);
        else
            fprintf(stdout, _("report %s issued: %s (%d pages)\n"), number, output, pages);
    }
    return XY_EXIT_OK;
}

static int verify(int argc, char **argv)
{
    static const struct option opts[] = {{"public-key", required_argument, NULL, 'k'},
                                         {"number", required_argument, NULL, 'n'},
                                         {"online", no_argument, NULL, 'o'},
                                         {"json", no_argument, NULL, 'j'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *key = NULL, *number = NULL;
    int online = 0, json = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "k:n:ojh", opts, NULL)) != -1) {
        if (c == 'k')
            key = optarg;
        else if (c == 'n')
            number = optarg;
        else if (c == 'o')
            online = 1;
        else if (c == 'j')
            json = 1;
        else if (c == 'h') {
            usage(stdout);
            return XY_EXIT_OK;
        } else
            return XY_EXIT_USAGE;
    }
    if (optind + 1 != argc) {
        xy_cli_error("report", "usage: xinyong report verify FILE [--public-key PEM] [--number N] [--online]");
        return XY_EXIT_USAGE;
    }
    struct xy_error err = {0};
    char *data = NULL, *pem = NULL;
    size_t n = 0, pem_len = 0;
    if (xy_cli_read_file(argv[optind], XY_REPORT_MAX_BYTES, &data, &n, &err) ||
        (key && xy_cli_read_file(key, 1u << 16, &pem, &pem_len, &err))) {
        xy_cli_error("report", "%s", err.msg);
        xy_free(data);
        return XY_EXIT_USAGE;
    }
    /* Offline with a key file needs no database; without one, or online, this platform's. */
    struct xy_app *app = NULL;
    if ((online || !key) && !(app = xy_cli_open("report"))) {
        xy_free(data);
        xy_free(pem);
        return XY_EXIT_USAGE;
    }
    json_t *out = NULL;
    int rc = xy_report_verify(app, data, n, pem, pem_len, number, online, &out, &err);
    xy_app_close(app);
    xy_free(data);
    xy_free(pem);
    if (rc) {
        xy_cli_error("report", "%s", err.msg);
        return XY_EXIT_USAGE;
    }
    int valid = json_is_true(json_object_get(out, "valid"));
    if (json) {
        xy_cli_print_json(out, 2);
    } else {
        size_t i;
        json_t *ch;
        json_array_foreach(json_object_get(out, "checks"), i, ch)
            printf("%s %-16s %s\n", json_is_true(json_object_get(ch, "ok")) ? "ok  " : "FAIL",
                   json_string_value(json_object_get(ch, "check")), json_string_value(json_object_get(ch, "detail")));
        const char *num = json_string_value(json_object_get(out, "number"));
        printf(valid ? "报告 %s 真实有效 (report %s is genuine)\n"
                     : "报告 %s 未通过核验 (report %s failed verification)\n",
               num ? num : "?", num ? num : "?");
    }
    json_decref(out);
    return valid ? XY_EXIT_OK : XY_EXIT_INVALID;
}

int xy_cmd_report(int argc, char **argv)
{
    if (argc < 2 || xy_cli_is_help(argv[1])) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? XY_EXIT_USAGE : XY_EXIT_OK;
    }
    if (strcmp(argv[1], "verify") == 0)
        return verify(argc - 1, argv + 1);
    struct xy_error err = {0};
    if (strcmp(argv[1], "public-key") == 0 || strcmp(argv[1], "show") == 0 || strcmp(argv[1], "stats") == 0) {
        struct xy_app *app = xy_cli_open("report");
        json_t *doc = NULL;
        int rc;
        if (!app)
            return XY_EXIT_USAGE;
        if (strcmp(argv[1], "public-key") == 0) {
            char *pem = NULL;
            rc = xy_report_public_key(app, &pem, NULL, &err);
            if (!rc)
                fputs(pem, stdout);
            xy_free(pem);
        } else if (strcmp(argv[1], "show") == 0) {
            rc = argc == 3 ? xy_report_lookup(app, argv[2], &doc, &err)
                           : xy_error_set(&err, XY_EINVAL, _("usage: xinyong report show NUMBER"));
        } else {
            struct xy_principal op;
            xy_principal_operator(&op);
            const char *month = argc == 4 && strcmp(argv[2], "--month") == 0 ? argv[3]
                                : argc == 3 && strncmp(argv[2], "--month=", 8) == 0 ? argv[2] + 8
                                                                                    : NULL;
            rc = month ? xy_report_stats(app, &op, month, &doc, &err)
                       : xy_error_set(&err, XY_EINVAL, _("usage: xinyong report stats --month YYYY-MM"));
        }
        xy_app_close(app);
        if (rc) {
            xy_cli_error("report", "%s", err.msg);
            return rc == XY_EINVAL ? XY_EXIT_USAGE : XY_EXIT_INVALID;
        }
        if (doc)
            xy_cli_print_json(doc, 2);
        json_decref(doc);
        return XY_EXIT_OK;
    }
    return issue(argc, argv);
}
