/* SPDX-License-Identifier: Apache-2.0 */
/* xinyong migrate --from FILE.db --to postgresql://...: a SQLite database copied whole into
 * PostgreSQL (app/migrate.h), with its progress on stderr (a bar redrawn in place on a terminal,
 * plain lines otherwise) and each table's comparison on stdout. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app/migrate.h"
#include "cli/cli.h"
#include "cli/i18n.h"
#include "cli/util.h"
#include "common/xy_clock.h"

static const char *const migrate_usage = N_("usage: xinyong migrate --from FILE.db --to postgresql://...");

struct view {
    int tty;
    struct xy_clock clock;
    int64_t t0;
    int64_t last_line; /* rows done at the last plain progress line */
    int drawn;         /* a bar is on the terminal's last line */
};

static void rate(const struct view *v, int64_t done, char *out, size_t size)
{
    int64_t s = xy_clock_unix(&v->clock) - v->t0;
    if (s > 0)
        snprintf(out, size, _(", %lld rows/s"), (long long)(done / s));
    else
        out[0] = '\0';
}

static void on_start(void *ctx, int tables, int64_t rows, int resumed)
{
    struct view *v = ctx;
    v->t0 = xy_clock_unix(&v->clock);
    if (resumed)
        fprintf(stderr, _("resuming: %d of %d tables were copied by an earlier run; %lld rows to copy\n"), resumed, tables,
                (long long)rows);
    else
        fprintf(stderr, _("copying %d tables, %lld rows\n"), tables, (long long)rows);
}

static void on_progress(void *ctx, const char *table, int64_t table_done, int64_t table_rows, int64_t done, int64_t rows)
{
    struct view *v = ctx;
    char r[64];
    rate(v, done, r, sizeof r);
    int pct = rows > 0 ? (int)(done * 100 / rows) : 100;
    if (v->tty) {
        char bar[31];
        int fill = pct * 30 / 100;
        for (int i = 0; i < 30; i++)
            bar[i] = i < fill ? '#' : '.';
        bar[30] = '\0';
        fprintf(stderr, "\r\033[K[%s] %3d%%  %s %lld/%lld%s", bar, pct, table, (long long)table_done,
                (long long)table_rows, r);
        v->drawn = 1;
    } else if (done - v->last_line >= 100000) {
        fprintf(stderr, _("%3d%%: %lld of %lld rows (table %s%s)\n"), pct, (long long)done, (long long)rows, table, r);
        v->last_line = done;
    }
}

static void on_table(void *ctx, const char *table, int64_t rows, int skipped)
{
    struct view *v = ctx;
    if (v->drawn) {
        fputs("\r\033[K", stderr);
        v->drawn = 0;
    }
    if (skipped)
        fprintf(stderr, _("table %s: copied by an earlier run\n"), table);
    else
        fprintf(stderr, _("table %s: %lld rows copied\n"), table, (long long)rows);
}

static void on_compared(void *ctx, const struct xy_migrate_table *t)
{
    (void)ctx;
    const char *word = t->same ? _("same") : _("DIFFERS");
    printf("%s%*s %-28s %10lld %10lld  %.16s %.16s\n", word, xy_cli_pad(word, 8), "", t->name, (long long)t->from_rows,
           (long long)t->to_rows, t->from_hash, t->to_hash);
}

int xy_cmd_migrate(int argc, char **argv)
{
    static const struct option opts[] = {
        {"from", required_argument, NULL, 'f'}, {"to", required_argument, NULL, 't'}, {"help", no_argument, NULL, 'h'}, {0}};
    const char *from = NULL, *to = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'f')
            from = optarg;
        else if (c == 't')
            to = optarg;
        else if (c == 'h') {
            printf(_("usage: xinyong migrate --from FILE.db --to postgresql://...\n\n"
                     "Copies the SQLite database FILE.db whole into the PostgreSQL database (every table: subjects,\n"
                     "records with their versions, batches, the audit chain, claims, grants, checks, keys...).\n"
                     "The target is empty (it is given the schema) or initialised by `xinyong init` at the same\n"
                     "schema version and holding no data. Each table is copied in one transaction and recorded\n"
                     "in the target: an interrupted run started again goes on from the first table not copied.\n"
                     "At the end every table is compared (row count and a hash of its rows in key order, shown\n"
                     "on stdout); the exit status is 1 when any differs. Progress goes to stderr. FILE.db is\n"
                     "not changed; stop the server using it first. The key file is not copied: run the server\n"
                     "on PostgreSQL with XINYONG_KEY_FILE naming FILE.db's key file (FILE.db.key).\n"));
            return XY_EXIT_OK;
        } else {
            xy_cli_error("migrate", "%s", _(migrate_usage));
            return XY_EXIT_USAGE;
        }
    }
    if (!from || !to || optind != argc) {
        xy_cli_error("migrate", "%s", _(migrate_usage));
        return XY_EXIT_USAGE;
    }
    struct view v = {.tty = isatty(STDERR_FILENO)};
    xy_clock_real(&v.clock);
    v.t0 = xy_clock_unix(&v.clock);
    struct xy_migrate_events ev = {
        .ctx = &v, .start = on_start, .progress = on_progress, .table = on_table, .compared = on_compared};
    struct xy_migrate_info info;
    struct xy_error err = {0};
    int rc = xy_app_migrate(from, to, &ev, &info, &err);
    fflush(stdout);
    if (v.drawn)
        fputs("\n", stderr);
    if (rc) {
        xy_cli_error("migrate", "%s", err.msg);
        return info.differ ? XY_EXIT_INVALID : XY_EXIT_USAGE;
    }
    int64_t s = xy_clock_unix(&v.clock) - v.t0;
    printf(_("migrated %s to PostgreSQL: %d tables, %lld rows copied in %lld s (%d copied earlier); every table the same\n"),
           from, info.tables, (long long)info.rows, (long long)s, info.resumed);
    return XY_EXIT_OK;
}
