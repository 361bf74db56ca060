/* SPDX-License-Identifier: Apache-2.0 */
/* xinyong maintain: the platform's daily upkeep from the CLI (the server does it by itself at each
 * day's start): records whose publicity period ended are marked expired and reported in the change
 * feed; grades that changed or faded are redone. Safe to run at any time and as often as wanted. */
#include <stdio.h>

#include "app/answer.h"
#include "app/eval.h"
#include "app/lifecycle.h"
#include "cli/cli.h"
#include "cli/i18n.h"
#include "cli/util.h"

int xy_cmd_maintain(int argc, char **argv)
{
    if (argc > 1 && xy_cli_is_help(argv[1])) {
        printf(_("usage: xinyong maintain\n\n"
               "Marks the records whose publicity period ended before today as expired, each with an\n"
               "entry in the change feed, in one transaction. The server runs the same at the start of\n"
               "every day; public views never wait for it, they check each record's window.\n"
               "Then regrades the subjects whose records changed since they were graded (the server\n"
               "does this as it runs; an import from the command line leaves them marked), and those\n"
               "graded before today whose reasons fade with age or whose model is no longer in force.\n"
               "Last, rebuilds the stored public answers of the subjects whose records changed (or\n"
               "whose answers another release made, or whose publicity windows ended).\n"));
        return XY_EXIT_OK;
    }
    if (argc != 1) {
        xy_cli_error("maintain", "usage: xinyong maintain");
        return XY_EXIT_USAGE;
    }
    struct xy_app *app = xy_cli_open("maintain");
    if (!app)
        return XY_EXIT_USAGE;
    struct xy_principal op;
    struct xy_error err = {0};
    long total = 0;
    xy_principal_operator(&op);
    int rc = xy_lifecycle_expire_all(app, &op, NULL, NULL, &total, &err);
    int64_t graded = 0, n = 0;
    if (!rc)
        rc = xy_eval_mark_faded(app, NULL, NULL, &n, &err);
    while (!rc && !(rc = xy_eval_refresh(app, 512, &n, &err)) && n > 0)
        graded += n;
    int64_t answers = 0;
    if (!rc)
        rc = xy_answer_mark_old(app, &n, &err);
    while (!rc && !(rc = xy_answer_refresh(app, XY_ANSWER_CHUNK, &n, &err)) && n > 0)
        answers += n;
    xy_app_close(app);
    if (rc) {
        xy_cli_error("maintain", "%s", err.msg);
        return XY_EXIT_USAGE;
    }
    printf(_("maintain: %ld records reached the end of their publicity period\n"), total);
    printf(_("maintain: %lld subjects regraded\n"), (long long)graded);
    printf(_("maintain: %lld public answers rebuilt\n"), (long long)answers);
    return XY_EXIT_OK;
}
