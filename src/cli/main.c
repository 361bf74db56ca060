/* SPDX-License-Identifier: Apache-2.0 */
/* The xinyong command: global options, then one subcommand from the table below (git's commands[]). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/i18n.h"
#include "cli/util.h"

static const char *db_path_opt;

static const struct {
    const char *name;
    xy_cmd_fn fn;
    const char *summary;
} commands[] = {
    {"init", xy_cmd_init, N_("create or upgrade a database and load the catalogue")},
    {"id", xy_cmd_id, N_("check identifiers (USCC, resident ID number, organisation code)")},
    {"catalog", xy_cmd_catalog, N_("list the information catalogue, or show one class")},
    {"dept", xy_cmd_dept, N_("register a data-providing department")},
    {"querier", xy_cmd_querier, N_("the directory of queriers (banks, credit service agencies)")},
    {"article", xy_cmd_article, N_("articles on the portal (policies, news, cases) and training courses")},
    {"import", xy_cmd_import, N_("import a batch of records (CSV or JSON Lines)")},
    {"search", xy_cmd_search, N_("find subjects by name or code")},
    {"show", xy_cmd_show, N_("show a subject with its records")},
    {"demo", xy_cmd_demo, N_("generate a realistic demo data set")},
    {"key", xy_cmd_key, N_("create, list and revoke API keys")},
    {"account", xy_cmd_account, N_("staff accounts: add, list, disable, reset password or TOTP")},
    {"application", xy_cmd_application, N_("subjects' applications for accounts: list, approve, refuse")},
    {"audit", xy_cmd_audit, N_("list the audit log and verify its hash chain")},
    {"serve", xy_cmd_serve, N_("run the HTTP API server")},
    {"jrp", xy_cmd_jrp, N_("joint reward and punishment: load memoranda, check subjects")},
    {"calendar", xy_cmd_calendar, N_("import or show the working-day calendar")},
    {"eval", xy_cmd_eval, N_("credit evaluation: models, grades and their reasons")},
    {"maintain", xy_cmd_maintain, N_("daily upkeep: expire records whose publicity period ended")},
    {"report", xy_cmd_report, N_("issue, verify and count credit reports (公共信用信息报告)")},
    {"monitor", xy_cmd_monitor, N_("the monthly report of departments and districts (12 categories)")},
    {"backup", xy_cmd_backup, N_("copy the database while it is in use (not the key file)")},
    {"restore", xy_cmd_restore, N_("put a checked backup in place of the database")},
    {"migrate", xy_cmd_migrate, N_("copy a SQLite database whole into PostgreSQL, then compare every table")},
    {"subscription", xy_cmd_subscription, N_("webhooks following named subjects: create, follow, list, end, run")},
    {"exchange", xy_cmd_exchange, N_("push changes to upper platforms: destinations, one-off runs")},
    {"supervise", xy_cmd_supervise, N_("supervision notices (督办): scan, send, answer, judge, letters")},
    {"assess", xy_cmd_assess, N_("assessment (考核) of departments and districts for a quarter or a year")},
};

void xy_cli_error(const char *cmd, const char *fmt, ...)
{
    char msg[4096];
    va_list ap;
    va_start(ap, fmt);
    /* The format is translated here (xgettext's keyword xy_cli_error:2, scripts/update-po): msgfmt
     * --check proves a translation has the same directives, -Wformat checks the English one. */
    vsnprintf(msg, sizeof msg, gettext(fmt), ap);
    va_end(ap);
    /* Messages quote what they were given (a file's header, a stored name): escaped, one line. */
    fprintf(stderr, "xinyong %s: %s\n", cmd, xy_cli_text(msg));
}

const char *xy_cli_db_path(void)
{
    if (db_path_opt)
        return db_path_opt;
    const char *env = getenv("XINYONG_DB");
    return env && *env ? env : "xinyong.db";
}

int xy_cli_is_help(const char *arg)
{
    return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

static void usage(FILE *out)
{
    /* scripts/make-man finds the command list and the options by these headings, in either language. */
    fputs(_("usage: xinyong [--db PATH] COMMAND [ARGS...]\n\n"
            "xinyong, the public credit information platform (公共信用信息平台).\n\ncommands:\n"),
          out);
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(out, "  %-8s %s\n", commands[i].name, _(commands[i].summary));
    fputs(_("\noptions:\n"
            "  --db PATH    the database (default: $XINYONG_DB, else ./xinyong.db)\n"
            "  --version    print the version\n"
            "  --help       print this help; `xinyong COMMAND --help` for a command\n"),
          out);
}

static struct xy_clock clock_run;

const struct xy_clock *xy_cli_clock(void)
{
    return &clock_run;
}

int main(int argc, char **argv)
{
    int i = 1;
    struct xy_error err = {0};
    xy_cli_i18n_init();
    /* The one place the CLI and the server it starts take their time from. */
    if (xy_clock_init(&clock_run, getenv("XY_TODAY"), &err)) {
        fprintf(stderr, "xinyong: XY_TODAY: %s\n", err.msg);
        return XY_EXIT_USAGE;
    }
    while (i < argc && argv[i][0] == '-') {
        if (strcmp(argv[i], "--version") == 0) {
            printf("xinyong %s\n", XY_VERSION);
            return XY_EXIT_OK;
        }
        if (xy_cli_is_help(argv[i])) {
            usage(stdout);
            return XY_EXIT_OK;
        }
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            db_path_opt = argv[i + 1];
            i += 2;
            continue;
        }
        if (strncmp(argv[i], "--db=", 5) == 0) {
            db_path_opt = argv[i] + 5;
            i++;
            continue;
        }
        fprintf(stderr, _("xinyong: unknown option %s (try --help)\n"), argv[i]);
        return XY_EXIT_USAGE;
    }
    if (i == argc) {
        usage(stderr);
        return XY_EXIT_USAGE;
    }
    /* `--db` may also follow the command name: take it out so subcommands never see it. */
    int out = i + 1;
    for (int j = i + 1; j < argc; j++) {
        if (strcmp(argv[j], "--db") == 0 && j + 1 < argc) {
            db_path_opt = argv[++j];
            continue;
        }
        if (strncmp(argv[j], "--db=", 5) == 0) {
            db_path_opt = argv[j] + 5;
            continue;
        }
        argv[out++] = argv[j];
    }
    argc = out;
    for (size_t c = 0; c < sizeof commands / sizeof *commands; c++)
        if (strcmp(argv[i], commands[c].name) == 0)
            return commands[c].fn(argc - i, argv + i);
    fprintf(stderr, _("xinyong: unknown command %s (try --help)\n"), argv[i]);
    return XY_EXIT_USAGE;
}
