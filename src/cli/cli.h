/* SPDX-License-Identifier: Apache-2.0 */
/* The CLI's subcommand table and the helpers every subcommand shares. Each subcommand lives in its
 * own cmd_<name>.c and is listed in main.c's table. */
#ifndef XY_CLI_H
#define XY_CLI_H

#include <stdio.h>

#include "common/xy_clock.h"

/* Exit codes every subcommand uses. */
enum {
    XY_EXIT_OK = 0,      /* done; for checks: everything valid */
    XY_EXIT_INVALID = 1, /* done, but some input was invalid or rejected */
    XY_EXIT_USAGE = 2,   /* bad usage, or input that could not be read at all */
};

/* A subcommand gets argv with argv[0] set to its own name ("id", "import", ...). Global options
 * (--db) have been removed by main. Returns an exit code. */
typedef int (*xy_cmd_fn)(int argc, char **argv);

int xy_cmd_id(int argc, char **argv);
int xy_cmd_init(int argc, char **argv);
int xy_cmd_catalog(int argc, char **argv);
int xy_cmd_dept(int argc, char **argv);
int xy_cmd_querier(int argc, char **argv);
int xy_cmd_article(int argc, char **argv);
int xy_cmd_import(int argc, char **argv);
int xy_cmd_search(int argc, char **argv);
int xy_cmd_show(int argc, char **argv);
int xy_cmd_demo(int argc, char **argv);
int xy_cmd_key(int argc, char **argv);
int xy_cmd_audit(int argc, char **argv);
int xy_cmd_serve(int argc, char **argv);
int xy_cmd_jrp(int argc, char **argv);
int xy_cmd_calendar(int argc, char **argv);
int xy_cmd_eval(int argc, char **argv);
int xy_cmd_maintain(int argc, char **argv);
int xy_cmd_report(int argc, char **argv);
int xy_cmd_monitor(int argc, char **argv);
int xy_cmd_supervise(int argc, char **argv);
int xy_cmd_assess(int argc, char **argv);
int xy_cmd_monitor_conversion(int argc, char **argv); /* monitor conversion, monitor extra */
int xy_cmd_monitor_refresh(int argc, char **argv); /* cmd_dashboard.c */
int xy_cmd_monitor_pending(int argc, char **argv); /* cmd_pending.c */
int xy_cmd_backup(int argc, char **argv);
int xy_cmd_restore(int argc, char **argv);
int xy_cmd_migrate(int argc, char **argv);
int xy_cmd_exchange(int argc, char **argv);
int xy_cmd_subscription(int argc, char **argv);
int xy_cmd_account(int argc, char **argv);
int xy_cmd_application(int argc, char **argv);

/* Prints "xinyong <cmd>: <message>" on stderr as one line. fmt is a message to translate: it goes
 * through gettext (see cli/i18n.h), so pass it without _(). */
void xy_cli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The database path: --db given to main, else $XINYONG_DB, else ./xinyong.db. */
const char *xy_cli_db_path(void);

/* The platform's clock for this run: the real time, or the day XY_TODAY names (YYYY-MM-DD, or @FILE
 * for a day read from FILE at each use), for tests and replays. Set up by main before any command. */
const struct xy_clock *xy_cli_clock(void);

/* Returns 1 when argv[i] is "--help" or "-h". */
int xy_cli_is_help(const char *arg);

#endif
