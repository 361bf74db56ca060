/* SPDX-License-Identifier: Apache-2.0 */
/* The sender `serve` runs: a supervising thread that starts one thread per enabled destination and
 * per subscription in force (app/subscription.h) as they appear, each with its own connection, pushing as changes arrive and backing off
 * exponentially, with jitter, after a failure. A destination that hangs or fails holds only its own
 * thread. Sleeps are measured on the monotonic clock and cut short when the sender stops. */
#include "app/exchange.h"
#include "app/app_int.h"
#include "app/subscription.h"

#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "common/xy_alloc.h"

#define MAX_DESTS 64
#define MAX_WORKERS 320 /* destinations and subscriptions */
#define IDLE_MS 100          /* how often an idle destination looks for new changes (a cheap read) */
#define BACKOFF_FIRST_MS 500 /* the first retry's delay; doubled after each failure */
#define BACKOFF_MAX_MS 60000

struct worker {
    struct xy_exchange_sender *s;
    pthread_t thread;
    char name[65];
    int64_t sub; /* a subscription's id, else 0 (a destination, by name) */
};

struct xy_exchange_sender {
    char db_path[4096];
    struct xy_clock clock;
    atomic_int stop;
    pthread_t supervisor;
    struct worker workers[MAX_WORKERS];
    int nworkers;
};

/* Sleeps ms milliseconds, in short steps so that a stop is seen at once. */
static void nap(struct xy_exchange_sender *s, long ms)
{
    while (ms > 0 && !atomic_load(&s->stop)) {
        long step = ms > 50 ? 50 : ms;
        struct timespec ts = {0, step * 1000000L};
        clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
        ms -= step;
    }
}

/* The delay before retry n (1, 2, ...): doubled each time up to the maximum, then spread by a
 * random factor in [0.5, 1.5) so that senders failing together do not retry together. */
static long backoff_ms(long n)
{
    long ms = BACKOFF_FIRST_MS;
    while (--n > 0 && ms < BACKOFF_MAX_MS)
        ms *= 2;
    if (ms > BACKOFF_MAX_MS)
        ms = BACKOFF_MAX_MS;
    return ms / 2 + (long)randombytes_uniform((uint32_t)ms);
}

struct enabled {
    char name[65];
    int enabled, found;
};

static int on_state(void *ctx, const struct xy_dest_row *d)
{
    struct enabled *e = ctx;
    e->enabled = d->enabled;
    e->found = 1;
    return 1;
}

static void *work(void *arg)
{
    struct worker *w = arg;
    struct xy_exchange_sender *s = w->s;
    struct xy_app *app = NULL;
    long failures = 0;
    while (!atomic_load(&s->stop)) {
        struct xy_error err = {0};
        if (!app && xy_app_open(s->db_path, &s->clock, &app, &err)) {
            app = NULL;
            nap(s, backoff_ms(++failures));
            continue;
        }
        struct xy_push_result res;
        if (w->sub) {
            /* A subscription: the same loop; its thread ends with it. */
            int rc = xy_sub_push(app, w->sub, 20, &res, &err);
            if (rc == XY_ENOTFOUND)
                break;
            if (rc) {
                fprintf(stderr, "xinyong: subscription %lld: %s\n", (long long)w->sub, err.msg);
                nap(s, backoff_ms(++failures));
            } else {
                failures = 0;
                if (res.idle)
                    nap(s, IDLE_MS);
            }
            continue;
        }
        struct enabled e = {0};
        if (app->store->ops->dest_list(app->store, w->name, on_state, &e, &err) || !e.enabled) {
            nap(s, IDLE_MS);
            continue;
        }
        int rc = xy_exchange_push(app, w->name, 20, &res, &err);
        if (rc) {
            fprintf(stderr, "xinyong: exchange %s: %s\n", w->name, err.msg);
            nap(s, backoff_ms(++failures));
        } else {
            failures = 0;
            if (res.idle)
                nap(s, IDLE_MS);
        }
    }
    xy_app_close(app);
    return NULL;
}

static int started(struct xy_exchange_sender *s, const char *name, int64_t sub)
{
    for (int i = 0; i < s->nworkers; i++)
        if (sub ? s->workers[i].sub == sub : !s->workers[i].sub && strcmp(s->workers[i].name, name) == 0)
            return 1;
    return 0;
}

static void start(struct xy_exchange_sender *s, const char *name, int64_t sub)
{
    if (s->nworkers >= MAX_WORKERS || started(s, name, sub))
        return;
    struct worker *w = &s->workers[s->nworkers];
    w->s = s;
    w->sub = sub;
    snprintf(w->name, sizeof w->name, "%s", name);
    if (pthread_create(&w->thread, NULL, work, w) == 0)
        s->nworkers++;
}

struct names {
    char name[MAX_DESTS][65];
    int n;
};

static int on_name(void *ctx, const struct xy_dest_row *d)
{
    struct names *n = ctx;
    if (d->enabled && n->n < MAX_DESTS)
        snprintf(n->name[n->n++], sizeof n->name[0], "%s", d->name);
    return 0;
}

static void *supervise(void *arg)
{
    struct xy_exchange_sender *s = arg;
    struct xy_app *app = NULL;
    while (!atomic_load(&s->stop)) {
        struct xy_error err = {0};
        struct names n = {0};
        if (!app && xy_app_open(s->db_path, &s->clock, &app, &err))
            app = NULL;
        if (app && !app->store->ops->dest_list(app->store, NULL, on_name, &n, &err))
            for (int i = 0; i < n.n; i++)
                start(s, n.name[i], 0);
        int64_t subs[MAX_WORKERS];
        int nsubs = 0;
        if (app && !xy_sub_active(app, subs, MAX_WORKERS, &nsubs, &err))
            for (int i = 0; i < nsubs; i++)
                start(s, "", subs[i]);
        nap(s, 1000);
    }
    xy_app_close(app);
    return NULL;
}

struct xy_exchange_sender *xy_exchange_sender_start(const char *db_path, const struct xy_clock *clock)
{
    struct xy_exchange_sender *s = xy_calloc(1, sizeof *s);
    if (!s)
        return NULL;
    snprintf(s->db_path, sizeof s->db_path, "%s", db_path);
    if (clock)
        s->clock = *clock;
    else
        xy_clock_real(&s->clock);
    atomic_init(&s->stop, 0);
    /* The threads never take SIGINT or SIGTERM: the server waits for them in its own thread
     * (sigwait), and a signal delivered to a sender would end the process at once. */
    sigset_t sigs, old;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &sigs, &old);
    int ok = sodium_init() >= 0 && pthread_create(&s->supervisor, NULL, supervise, s) == 0;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (!ok) {
        xy_free(s);
        return NULL;
    }
    return s;
}

void xy_exchange_sender_stop(struct xy_exchange_sender *s)
{
    if (!s)
        return;
    atomic_store(&s->stop, 1);
    pthread_join(s->supervisor, NULL);
    for (int i = 0; i < s->nworkers; i++)
        pthread_join(s->workers[i].thread, NULL);
    xy_free(s);
}
