/* SPDX-License-Identifier: Apache-2.0 */
/* The server's checkpointer: a thread that copies the write-ahead log into the database on a
 * connection of its own, so that the writer (and every check waiting for it) does not. */
#include <string.h>
#include <unistd.h>

#include "server/server_int.h"

/* Under steady writes (check logs) SQLite checkpoints inside the commit that takes the log past 1,000
 * pages: it copies those pages into the database and syncs it while the writer is held, and every
 * check queued behind waits (10-25 ms here, several times a second: the checks' p99). Here a thread of
 * its own does the copying every CKPT_EVERY_MS, on a connection of its own, blocking nobody. The log
 * can only start over from its top once everything in it is copied, which a copy racing the writer
 * never sees; so once the log passes CKPT_RESTART_PAGES the thread holds the writer for one more
 * copy, of the few pages committed since the last. That copy syncs the log and the database (two
 * fdatasyncs, 5-10 ms held here), so it is made rare: 20,000 pages is about once a second under
 * 6,000 checks/s, where 2,000 held the writer six times a second (the checks' p99). The log file
 * grows to about 160 MiB (journal_size_limit is above that). The writer's own checkpoint stays, far
 * out, in case this thread falls behind. docs/internals/STORAGE.md. */
#define CKPT_EVERY_MS 50
#define CKPT_RESTART_PAGES 20000
#define CKPT_WRITER_PAGES 40000

static void *checkpoints(void *arg)
{
    struct xy_checkpointer *c = arg;
    struct xy_app *app = NULL;
    while (!atomic_load(&c->stop)) {
        usleep(CKPT_EVERY_MS * 1000);
        if (!app && xy_app_open(c->srv->opts.db_path, c->srv->clock, &app, NULL) != XY_OK)
            continue; /* retried next round; the writer's own checkpoints still bound the log */
        int wal = 0;
        if (xy_app_checkpoint(app, &wal, NULL) != XY_OK || wal < CKPT_RESTART_PAGES)
            continue;
        pthread_mutex_lock(&c->srv->writer_lock);
        xy_app_checkpoint(app, NULL, NULL);
        pthread_mutex_unlock(&c->srv->writer_lock);
    }
    xy_app_close(app);
    return NULL;
}

void xy_checkpointer_start(struct xy_checkpointer *c, struct xy_server *srv)
{
    memset(c, 0, sizeof *c);
    c->srv = srv;
    c->running = pthread_create(&c->thread, NULL, checkpoints, c) == 0;
    if (c->running)
        xy_app_autocheckpoint(srv->writer, CKPT_WRITER_PAGES);
}

void xy_checkpointer_stop(struct xy_checkpointer *c)
{
    atomic_store(&c->stop, 1);
    if (c->running)
        pthread_join(c->thread, NULL);
    c->running = 0;
}
