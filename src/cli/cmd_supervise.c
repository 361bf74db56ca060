/* SPDX-License-Identifier: Apache-2.0 */
/* xinyong supervise: supervision notices (督办) as the local operator runs them: the rules' scan, the
 * list, sending or dismissing a candidate, answering on a department's behalf, judging the answer,
 * and the letter as a PDF (app/supervision.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/supervision.h"
#include "common/xy_alloc.h"
#include "common/xy_buf.h"
#include "cli/cli.h"
#include "cli/i18n.h"
#include "cli/util.h"

static const char *const usage_text = N_("usage: xinyong supervise scan\n"
                                         "       xinyong supervise list [STATE]\n"
                                         "       xinyong supervise show ID\n"
                                         "       xinyong supervise send ID [WORKDAYS]\n"
                                         "       xinyong supervise dismiss ID REASON\n"
                                         "       xinyong supervise answer ID TEXT [FILE...]\n"
                                         "       xinyong supervise accept ID\n"
                                         "       xinyong supervise return ID NOTE\n"
                                         "       xinyong supervise letter ID FILE.pdf\n");

static int fail(const struct xy_error *err)
{
    xy_cli_error("supervise", "%s", err->msg);
    return err->rc == XY_EINVAL || err->rc == XY_ESTATE || err->rc == XY_ENOTFOUND || err->rc == XY_ETOOBIG
               ? XY_EXIT_INVALID
               : XY_EXIT_USAGE;
}

static int id_arg(const char *s, int64_t *id)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || v <= 0) {
        xy_cli_error("supervise", "ID must be a notice number (a positive whole number), not %s", xy_cli_text(s));
        return -1;
    }
    *id = v;
    return 0;
}

/* The media type of a file from its first bytes; the app checks it again. */
static const char *media_of(const char *data, size_t len)
{
    if (len >= 5 && !memcmp(data, "%PDF-", 5))
        return "application/pdf";
    if (len >= 8 && !memcmp(data, "\x89PNG\r\n\x1a\n", 8))
        return "image/png";
    if (len >= 3 && !memcmp(data, "\xFF\xD8\xFF", 3))
        return "image/jpeg";
    return "application/octet-stream";
}

static int answer(struct xy_app *app, const struct xy_principal *op, int64_t id, int argc, char **argv)
{
    struct xy_claim_file_in files[XY_CLAIM_FILES_MAX];
    struct xy_error err = {0};
    int n = argc - 4, rc = XY_EXIT_OK;
    if (n > XY_CLAIM_FILES_MAX) {
        xy_cli_error("supervise", "at most %d files", XY_CLAIM_FILES_MAX);
        return XY_EXIT_USAGE;
    }
    for (int i = 0; i < n; i++) {
        char *data = NULL;
        size_t len = 0;
        if (xy_cli_read_file(argv[4 + i], XY_CLAIM_FILE_MAX + 1, &data, &len, &err)) {
            for (int k = 0; k < i; k++)
                xy_free((void *)files[k].data);
            return fail(&err);
        }
        const char *base = strrchr(argv[4 + i], '/');
        files[i] = (struct xy_claim_file_in){base ? base + 1 : argv[4 + i], media_of(data, len), data, len};
    }
    if (xy_sup_answer(app, op, id, argv[3], files, (size_t)n, &err))
        rc = fail(&err);
    else
        printf(_("notice %lld answered\n"), (long long)id);
    for (int i = 0; i < n; i++)
        xy_free((void *)files[i].data);
    return rc;
}

static int letter(struct xy_app *app, const struct xy_principal *op, int64_t id, const char *path)
{
    struct xy_error err = {0};
    struct xy_buf pdf;
    int rc = XY_EXIT_OK;
    xy_buf_init(&pdf, (size_t)16 << 20);
    if (xy_sup_letter(app, op, id, &pdf, &err)) {
        rc = fail(&err);
    } else {
        FILE *f = fopen(path, "wb");
        int ok = f && fwrite(pdf.data, 1, pdf.len, f) == pdf.len;
        if (f && fclose(f))
            ok = 0;
        if (!ok) {
            xy_cli_error("supervise", "cannot write %s", xy_cli_text(path));
            rc = XY_EXIT_USAGE;
        } else {
            printf(_("%s written (%zu bytes)\n"), xy_cli_text(path), pdf.len);
        }
    }
    xy_buf_release(&pdf);
    return rc;
}

int xy_cmd_supervise(int argc, char **argv)
{
    if (argc >= 2 && xy_cli_is_help(argv[1])) {
        fputs(_(usage_text), stdout);
        fputs(_("\nSupervision notices (督办). scan runs the rules once for today (serve runs it daily):\n"
                     "new candidates are raised, notices past their deadline escalate. list prints notices as\n"
                     "JSON (STATE: candidate, dismissed, sent, answered, returned, accepted, escalated); send\n"
                     "gives a candidate its number and a deadline in working days (default: the rules');\n"
                     "answer records a department's rectification with PDF, PNG or JPEG files; accept or\n"
                     "return judges the last answer; letter writes the notice's letter (督办函) as a PDF.\n"), stdout);
        return XY_EXIT_OK;
    }
    const char *sub = argc >= 2 ? argv[1] : "";
    int ok = (!strcmp(sub, "scan") && argc == 2) || (!strcmp(sub, "list") && argc <= 3) ||
             ((!strcmp(sub, "show") || !strcmp(sub, "accept")) && argc == 3) ||
             (!strcmp(sub, "send") && (argc == 3 || argc == 4)) ||
             ((!strcmp(sub, "dismiss") || !strcmp(sub, "return") || !strcmp(sub, "letter")) && argc == 4) ||
             (!strcmp(sub, "answer") && argc >= 4);
    int64_t id = 0;
    if (!ok || (argc >= 3 && strcmp(sub, "list") && id_arg(argv[2], &id))) {
        xy_cli_error("supervise", "%s", _(usage_text));
        return XY_EXIT_USAGE;
    }
    int days = 0;
    if (!strcmp(sub, "send") && argc == 4) {
        char *end;
        long v = strtol(argv[3], &end, 10);
        if (!*argv[3] || *end || v < 1 || v > 250) {
            xy_cli_error("supervise", "WORKDAYS must be 1 to 250");
            return XY_EXIT_USAGE;
        }
        days = (int)v;
    }
    struct xy_app *app = xy_cli_open("supervise");
    if (!app)
        return XY_EXIT_USAGE;
    struct xy_principal op;
    struct xy_error err = {0};
    xy_principal_operator(&op);
    int rc = XY_EXIT_OK;
    if (!strcmp(sub, "scan")) {
        int raised = 0, escalated = 0;
        if (xy_sup_scan(app, &op, &raised, &escalated, &err))
            rc = fail(&err);
        else
            printf(_("%d candidates raised, %d notices escalated\n"), raised, escalated);
    } else if (!strcmp(sub, "list") || !strcmp(sub, "show")) {
        json_t *doc = NULL;
        int r = !strcmp(sub, "list") ? xy_sup_list(app, &op, argc == 3 ? argv[2] : NULL, 0, 0, &doc, NULL, &err)
                                     : xy_sup_show(app, &op, id, &doc, &err);
        if (r)
            rc = fail(&err);
        else
            xy_cli_print_json(doc, 2);
        json_decref(doc);
    } else if (!strcmp(sub, "send")) {
        if (xy_sup_send(app, &op, id, days, &err))
            rc = fail(&err);
        else
            printf(_("notice %lld sent\n"), (long long)id);
    } else if (!strcmp(sub, "dismiss")) {
        if (xy_sup_dismiss(app, &op, id, argv[3], &err))
            rc = fail(&err);
        else
            printf(_("notice %lld dismissed\n"), (long long)id);
    } else if (!strcmp(sub, "answer")) {
        rc = answer(app, &op, id, argc, argv);
    } else if (!strcmp(sub, "accept") || !strcmp(sub, "return")) {
        int acc = !strcmp(sub, "accept");
        if (xy_sup_judge(app, &op, id, acc, acc ? NULL : argv[3], &err))
            rc = fail(&err);
        else
            printf(acc ? _("notice %lld: answer accepted\n") : _("notice %lld: answer returned\n"), (long long)id);
    } else {
        rc = letter(app, &op, id, argv[3]);
    }
    xy_app_close(app);
    return rc;
}
