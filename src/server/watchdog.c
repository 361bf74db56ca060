/* SPDX-License-Identifier: Apache-2.0 */
/* The server's watchdog: a thread that shuts down connections which take too long to send their
 * request, drains the connections closed on a client still sending (lingering close), and runs the
 * daily expiry of publicity windows and the dashboards' refresh on the first tick of each day. It keeps the table of open
 * connections that libmicrohttpd's notifications fill. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "app/answer.h"
#include "app/dashboard.h"
#include "app/eval.h"
#include "app/lifecycle.h"
#include "app/supervision.h"
#include "server/server_int.h"

/* libmicrohttpd's timeout counts idle time only: a client that sends one byte a second holds its
 * connection (and a slot of the per-IP limit) for ever. Each connection is tracked from its start, or
 * from the end of its last request, until its next request is fully received; past the deadline a
 * watchdog shuts the socket down and libmicrohttpd closes the connection. A request being answered
 * is exempt (a large batch may take long to import). */
#define MAX_TRACKED 8192

static struct tracked {
    struct MHD_Connection *c;
    int fd;
    /* Written by the connection's own thread without the lock (every request sets them), read by
     * the watchdog under it. */
    atomic_int busy; /* the request is being answered */
    atomic_int linger; /* answered before its body was read: drained when closed */
    atomic_llong since;
    char client[64]; /* the peer's address, formatted once a connection */
} tracked[MAX_TRACKED];
static pthread_mutex_t track_lock = PTHREAD_MUTEX_INITIALIZER;

/* Lingering close. A connection answered before its body was read (a refusal on the headers) is
 * closed by libmicrohttpd with the body still arriving; closing a socket with unread data sends
 * a reset, and a reset can reach the client before it has read the answer (curl then reports a
 * broken pipe instead of the 401). So such a socket is kept open a while by a duplicate of its
 * descriptor, its write side already shut down (the client sees the answer, then its end), and
 * what arrives is read and dropped until the client closes or LINGER_S pass, as nginx and Apache
 * do. Bounded: MAX_LINGER sockets at once (beyond them a socket closes at once, as before), and
 * LINGER_TICK bytes read a tick in all. */
#define MAX_LINGER 256
#define LINGER_S 5
#define LINGER_TICK (8u << 20)

/* Under linger_lock, which is taken inside track_lock when both are held. */
static struct lingering {
    int fd; /* -1 when free */
    long long until;
} lingering[MAX_LINGER];
static int nlingering;
static int linger_open; /* the watchdog runs, to drain them */
static pthread_mutex_t linger_lock = PTHREAD_MUTEX_INITIALIZER;

/* Idle times are durations: measured on the monotonic clock, not the platform's. */
static long long mono_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec;
}

static struct tracked *track_slot(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    intptr_t slot = ci && ci->socket_context ? (intptr_t)ci->socket_context - 1 : -1;
    return slot >= 0 && slot < MAX_TRACKED && tracked[slot].c == c ? &tracked[slot] : NULL;
}

/* Only the connection's own thread calls this, between its start and end notifications, so its slot
 * cannot change under it. */
void xy_conn_busy(struct MHD_Connection *c, int busy)
{
    struct tracked *t = track_slot(c);
    if (t) {
        atomic_store(&t->since, mono_s());
        atomic_store(&t->busy, busy);
    }
}

void xy_conn_linger(struct MHD_Connection *c)
{
    struct tracked *t = track_slot(c);
    if (t)
        atomic_store(&t->linger, 1);
}

/* Keeps fd's socket open past libmicrohttpd's close, to be drained. */
static void linger_start(int fd)
{
    pthread_mutex_lock(&linger_lock);
    for (int i = 0; linger_open && nlingering < MAX_LINGER && i < MAX_LINGER; i++)
        if (lingering[i].fd < 0) {
            lingering[i].fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
            lingering[i].until = mono_s() + LINGER_S;
            if (lingering[i].fd >= 0) {
                shutdown(lingering[i].fd, SHUT_WR); /* libmicrohttpd has done so too: the answer is whole */
                nlingering++;
            }
            break;
        }
    pthread_mutex_unlock(&linger_lock);
}

/* Reads and drops what the lingering sockets received; closes each at the client's end, on an
 * error, or when its time is up. */
static void linger_drain(int all)
{
    static char sink[64u << 10];
    size_t budget = LINGER_TICK;
    long long now = mono_s();
    pthread_mutex_lock(&linger_lock);
    for (int i = 0; i < MAX_LINGER && nlingering > 0; i++) {
        struct lingering *l = &lingering[i];
        if (l->fd < 0)
            continue;
        ssize_t n = 1;
        while (!all && n > 0 && budget >= sizeof sink) {
            n = recv(l->fd, sink, sizeof sink, MSG_DONTWAIT);
            if (n > 0)
                budget -= (size_t)n;
        }
        if (all || n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) || now >= l->until) {
            close(l->fd);
            l->fd = -1;
            nlingering--;
        }
    }
    pthread_mutex_unlock(&linger_lock);
}

/* The peer's address as text, "" when unknown. */
static void client_addr(struct MHD_Connection *c, char *out, size_t size)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    out[0] = '\0';
    if (!ci || !ci->client_addr)
        return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, (socklen_t)size);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out, (socklen_t)size);
}

void xy_conn_notify(struct MHD_Connection *c, void **socket_context, int started)
{
    pthread_mutex_lock(&track_lock);
    if (started) {
        const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        for (intptr_t i = 0; ci && i < MAX_TRACKED; i++)
            if (!tracked[i].c) {
                tracked[i].c = c;
                tracked[i].fd = ci->connect_fd;
                atomic_store(&tracked[i].busy, 0);
                atomic_store(&tracked[i].linger, 0);
                atomic_store(&tracked[i].since, mono_s());
                client_addr(c, tracked[i].client, sizeof tracked[i].client);
                *socket_context = (void *)(i + 1);
                break;
            }
    } else if (*socket_context) {
        intptr_t i = (intptr_t)*socket_context - 1;
        /* Cleared before libmicrohttpd closes the socket, so the watchdog never touches a reused fd. */
        if (i >= 0 && i < MAX_TRACKED && tracked[i].c == c) {
            if (atomic_load(&tracked[i].linger))
                linger_start(tracked[i].fd);
            tracked[i].c = NULL;
        }
        *socket_context = NULL;
    }
    pthread_mutex_unlock(&track_lock);
}

/* Called on every request: a copy of the address formatted when the connection opened. */
void xy_conn_client(struct MHD_Connection *c, char *out, size_t size)
{
    const struct tracked *t = track_slot(c);
    size_t n;
    if (!t) {
        client_addr(c, out, size);
        return;
    }
    n = strnlen(t->client, sizeof t->client - 1);
    if (n >= size)
        n = size - 1;
    memcpy(out, t->client, n);
    out[n] = '\0';
}

/* Publicity windows end at midnight (Beijing time): on the first tick of each day, the records whose
 * window ended are marked expired and reported in the change feed. Queries never wait for this: they
 * check the window themselves. */
static void expire_if_new_day(struct xy_watchdog *w)
{
    struct xy_date today = xy_clock_today(w->srv->clock);
    if (xy_date_cmp(today, w->last_day) == 0)
        return;
    struct xy_principal sched;
    struct xy_error err = {0};
    long total = 0;
    xy_principal_operator(&sched);
    snprintf(sched.name, sizeof sched.name, "%s", "scheduler");
    /* In rounds, the writer released between them: requests wait for one round at most. */
    int rc = xy_lifecycle_expire_all(w->srv->writer, &sched, &w->srv->writer_lock, &w->stop, &total, &err);
    if (total) {
        xy_cache_note_write();
        fprintf(stderr, "xinyong serve: %ld records reached the end of their publicity period\n", total);
    }
    if (rc) {
        fprintf(stderr, "xinyong serve: expiry failed, retried in a second: %s\n", err.msg);
        return;
    }
    /* A new day fades every grade with reasons a little (and a model may have come into force):
     * they are marked stale here and regraded a few hundred a tick below. */
    int64_t faded = 0;
    if ((rc = xy_eval_mark_faded(w->srv->writer, &w->srv->writer_lock, &w->stop, &faded, &err))) {
        fprintf(stderr, "xinyong serve: marking faded grades failed, retried in a second: %s\n", err.msg);
        return;
    }
    if (faded)
        fprintf(stderr, "xinyong serve: %lld grades to redo for the new day\n", (long long)faded);
    /* Stored answers past a window's end, or made by another release, are rebuilt below. */
    int64_t old = 0;
    pthread_mutex_lock(&w->srv->writer_lock);
    rc = xy_answer_mark_old(w->srv->writer, &old, &err);
    pthread_mutex_unlock(&w->srv->writer_lock);
    if (rc) {
        fprintf(stderr, "xinyong serve: marking old answers failed, retried in a second: %s\n", err.msg);
        return;
    }
    /* Supervision rules run once a day too (app/supervision.h); a failure is logged and retried. */
    int raised = 0, escalated = 0;
    pthread_mutex_lock(&w->srv->writer_lock);
    rc = xy_sup_scan(w->srv->writer, &sched, &raised, &escalated, &err);
    pthread_mutex_unlock(&w->srv->writer_lock);
    if (rc) {
        fprintf(stderr, "xinyong serve: the supervision scan failed, retried in a second: %s\n", err.msg);
        return;
    }
    if (raised || escalated)
        fprintf(stderr, "xinyong serve: supervision: %d candidates raised, %d notices escalated\n", raised, escalated);
    /* The dashboards' daily aggregates are brought up to the new day (the day before is complete). */
    pthread_mutex_lock(&w->srv->writer_lock);
    rc = xy_dash_refresh(w->srv->writer, 0, NULL, &err);
    pthread_mutex_unlock(&w->srv->writer_lock);
    if (rc) {
        fprintf(stderr, "xinyong serve: refreshing the dashboards' aggregates failed, retried in a second: %s\n",
                err.msg);
        return;
    }
    if (!atomic_load(&w->stop))
        w->last_day = today;
}

/* Grades whose subjects' records changed (marked stale by the database's triggers) are redone a few
 * hundred a tick, the writer held for one round: a single subject's grade is always computed when
 * asked, and these stored ones serve the lists and counts. */
static void regrade(struct xy_watchdog *w)
{
    struct xy_error err = {0};
    int64_t n = 0;
    pthread_mutex_lock(&w->srv->writer_lock);
    int rc = xy_eval_refresh(w->srv->writer, 256, &n, &err);
    pthread_mutex_unlock(&w->srv->writer_lock);
    if (n)
        xy_cache_note_write();
    if (rc && !w->regrade_failed)
        fprintf(stderr, "xinyong serve: regrading failed, retried: %s\n", err.msg);
    w->regrade_failed = rc != 0;
}

/* Stored public answers marked stale (by the database's triggers, app/answer.h) are rebuilt up to
 * eight rounds a tick, the writer released between rounds: until then lookups build them. */
static void reanswer(struct xy_watchdog *w)
{
    struct xy_error err = {0};
    int64_t n = 0, total = 0;
    int rc = 0;
    for (int round = 0; round < 8 && !rc && !atomic_load(&w->stop); round++) {
        pthread_mutex_lock(&w->srv->writer_lock);
        rc = xy_answer_refresh(w->srv->writer, XY_ANSWER_CHUNK, &n, &err);
        pthread_mutex_unlock(&w->srv->writer_lock);
        total += n;
        if (n < XY_ANSWER_CHUNK)
            break;
    }
    if (total)
        xy_cache_note_write();
    if (rc && !w->reanswer_failed)
        fprintf(stderr, "xinyong serve: rebuilding stored answers failed, retried: %s\n", err.msg);
    w->reanswer_failed = rc != 0;
}

static void *watch(void *arg)
{
    struct xy_watchdog *w = arg;
    unsigned tick = 0;
    while (!atomic_load(&w->stop)) {
        if (tick++ % 4 == 0)
            expire_if_new_day(w);
        regrade(w);
        reanswer(w);
        usleep(250000);
        linger_drain(0);
        long long now = mono_s();
        pthread_mutex_lock(&track_lock);
        for (int i = 0; i < MAX_TRACKED; i++)
            if (tracked[i].c && !atomic_load(&tracked[i].busy) && now - atomic_load(&tracked[i].since) > w->deadline) {
                shutdown(tracked[i].fd, SHUT_RDWR);
                atomic_store(&tracked[i].since, (long long)now); /* once is enough; libmicrohttpd closes it next */
            }
        pthread_mutex_unlock(&track_lock);
    }
    return NULL;
}

void xy_watchdog_start(struct xy_watchdog *w, struct xy_server *srv, int deadline)
{
    memset(w, 0, sizeof *w);
    w->srv = srv;
    w->deadline = deadline;
    pthread_mutex_lock(&linger_lock);
    for (int i = 0; i < MAX_LINGER; i++)
        lingering[i].fd = -1;
    nlingering = 0;
    w->running = pthread_create(&w->thread, NULL, watch, w) == 0;
    linger_open = w->running;
    pthread_mutex_unlock(&linger_lock);
}

void xy_watchdog_stop(struct xy_watchdog *w)
{
    atomic_store(&w->stop, 1);
    if (w->running)
        pthread_join(w->thread, NULL);
    w->running = 0;
    pthread_mutex_lock(&linger_lock);
    linger_open = 0; /* from now on a connection closes at once */
    pthread_mutex_unlock(&linger_lock);
    linger_drain(1);
}
