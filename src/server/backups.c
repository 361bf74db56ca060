/* SPDX-License-Identifier: Apache-2.0 */
/* Scheduled backups (`serve --backup-dir DIR --backup-keep N`): a thread that takes the day's copy
 * on a connection of its own, as soon as the server starts and then on the first minute of each day
 * (Beijing time, from the platform's clock), and keeps the newest N. A copy is read in one snapshot,
 * so it blocks neither the writer nor the readers. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app/backup.h"
#include "server/server_int.h"

#define TICK_MS 250
#define RETRY_S 60 /* after a failed backup (a full disk, a missing directory) */

static void *backups(void *arg)
{
    struct xy_backups *b = arg;
    const struct xy_server_opts *o = &b->srv->opts;
    struct xy_date done = {0, 0, 0};
    long wait_ticks = 0;
    while (!atomic_load(&b->stop)) {
        if (wait_ticks > 0) {
            wait_ticks--;
            usleep(TICK_MS * 1000);
            continue;
        }
        struct xy_date today = xy_clock_today(b->srv->clock);
        if (xy_date_cmp(today, done) == 0) {
            usleep(TICK_MS * 1000);
            continue;
        }
        struct xy_app *app = NULL;
        struct xy_error err = {0};
        char made[4200];
        int removed = 0;
        int rc = xy_app_open(o->db_path, b->srv->clock, &app, &err);
        if (!rc)
            rc = xy_app_backup_daily(app, o->backup_dir, o->backup_keep, made, sizeof made, &removed, &err);
        xy_app_close(app);
        if (rc) {
            fprintf(stderr, "xinyong serve: backup into %s failed, retried in %d s: %s\n", o->backup_dir, RETRY_S,
                    err.msg);
            wait_ticks = RETRY_S * 1000 / TICK_MS;
            continue;
        }
        if (made[0])
            fprintf(stderr, "xinyong serve: backup %s taken (the key file is not in it); %d old backups removed\n",
                    made, removed);
        done = today;
    }
    return NULL;
}

void xy_backups_start(struct xy_backups *b, struct xy_server *srv)
{
    memset(b, 0, sizeof *b);
    b->srv = srv;
    if (srv->opts.backup_dir && srv->opts.backup_dir[0])
        b->running = pthread_create(&b->thread, NULL, backups, b) == 0;
}

void xy_backups_stop(struct xy_backups *b)
{
    atomic_store(&b->stop, 1);
    if (b->running)
        pthread_join(b->thread, NULL);
    b->running = 0;
}
