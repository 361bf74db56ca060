/* SPDX-License-Identifier: Apache-2.0 */
/* xinyong assess: the assessment (考核) of departments and districts for a quarter or a year
 * (app/assessment.h), printed as JSON or written as XLSX and PDF. */
#include <stdio.h>
#include <string.h>

#include "app/assessment.h"
#include "common/xy_buf.h"
#include "cli/cli.h"
#include "cli/i18n.h"
#include "cli/util.h"

static const char *const usage_text = N_("usage: xinyong assess PERIOD [--xlsx FILE] [--pdf FILE]   (PERIOD: YYYYQn or YYYY)\n");

static int write_file(const char *path, const struct xy_buf *b)
{
    FILE *f = fopen(path, "wb");
    int ok = f && fwrite(b->data, 1, b->len, f) == b->len;
    if (f && fclose(f))
        ok = 0;
    if (!ok)
        xy_cli_error("assess", "cannot write %s", xy_cli_text(path));
    else
        printf(_("%s written (%zu bytes)\n"), xy_cli_text(path), b->len);
    return ok ? XY_EXIT_OK : XY_EXIT_USAGE;
}

int xy_cmd_assess(int argc, char **argv)
{
    if (argc >= 2 && xy_cli_is_help(argv[1])) {
        fputs(_(usage_text), stdout);
        fputs(_("\nScores every reporting unit and district for the period under the assessment model\n"
                     "(catalog/supervision.json): each indicator's value, points and weight, ranked. Without\n"
                     "an option the scores are printed as JSON.\n"), stdout);
        return XY_EXIT_OK;
    }
    const char *xlsx = NULL, *pdf = NULL;
    int ok = argc >= 2 && argc % 2 == 0;
    for (int i = 2; ok && i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--xlsx"))
            xlsx = argv[i + 1];
        else if (!strcmp(argv[i], "--pdf"))
            pdf = argv[i + 1];
        else
            ok = 0;
    }
    if (!ok) {
        xy_cli_error("assess", "%s", _(usage_text));
        return XY_EXIT_USAGE;
    }
    struct xy_app *app = xy_cli_open("assess");
    if (!app)
        return XY_EXIT_USAGE;
    struct xy_principal op;
    struct xy_error err = {0};
    json_t *doc = NULL;
    int rc = XY_EXIT_OK;
    xy_principal_operator(&op);
    if (xy_assess_json(app, &op, argv[1], &doc, &err)) {
        xy_cli_error("assess", "%s", err.msg);
        rc = err.rc == XY_EINVAL ? XY_EXIT_INVALID : XY_EXIT_USAGE;
        goto out;
    }
    if (!xlsx && !pdf)
        xy_cli_print_json(doc, 2);
    for (int k = 0; k < 2 && rc == XY_EXIT_OK; k++) {
        const char *path = k ? pdf : xlsx;
        struct xy_buf b;
        if (!path)
            continue;
        xy_buf_init(&b, (size_t)64 << 20);
        if (k ? xy_assess_pdf(app, doc, &b, &err) : xy_assess_xlsx(doc, &b, &err)) {
            xy_cli_error("assess", "%s", err.msg);
            rc = XY_EXIT_USAGE;
        } else {
            rc = write_file(path, &b);
        }
        xy_buf_release(&b);
    }
out:
    json_decref(doc);
    xy_app_close(app);
    return rc;
}
