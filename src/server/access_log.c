/* SPDX-License-Identifier: Apache-2.0 */
/* The access log: one JSON line per request, written to a file or to stdout.
 *
 * To a regular file the lines are buffered per worker thread, as nginx's `access_log ... buffer=`
 * does, and written when the buffer is full or at the latest a second later (the flusher thread
 * below): one write() a second or per buffer instead of one per request, which on a cached lookup
 * cost more than a tenth of the request (bench/RESULTS.md). The price, said in docs/deploy: a SIGKILL
 * or a power cut loses the lines of the last second; SIGTERM, SIGINT and SIGHUP lose none (all
 * buffers are written first). Each write() carries whole lines, appended with O_APPEND, so lines of
 * different threads never cut into each other; within a second they may come out of time order
 * between threads, as nginx's workers' do.
 *
 * To anything else (stdout, a pipe to a log collector) each line is written at once, in one write()
 * under PIPE_BUF, which a pipe keeps whole however many threads write. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/xy_alloc.h"
#include "server/server_int.h"

#define FLUSH_SECONDS 1 /* lines wait at most this long in a buffer */

struct alog_buf {
    pthread_mutex_t lock; /* its thread and the flusher; contended once a second at most */
    size_t len;
    struct alog_buf *next;
    char data[]; /* xy_alog.size bytes */
};

static _Thread_local struct alog_buf *tl_buf;

/* The log's descriptor and buffers: one server per process. */
static struct {
    int fd;
    size_t size; /* bytes a buffer, 0: unbuffered */
    pthread_mutex_t lock; /* the list of buffers; the flusher's stop flag */
    pthread_cond_t wake;
    struct alog_buf *bufs;
    pthread_t flusher;
    int flusher_on, stopping;
} alog = {.fd = -1, .lock = PTHREAD_MUTEX_INITIALIZER};

static void write_all(const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(alog.fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return; /* a full disk: the lines are dropped, the requests go on being served */
        p += w;
        n -= (size_t)w;
    }
}

/* Writes b's lines; b->lock held. */
static void drain(struct alog_buf *b)
{
    if (b->len) {
        write_all(b->data, b->len);
        b->len = 0;
    }
}

static void flush_all(void)
{
    pthread_mutex_lock(&alog.lock);
    for (struct alog_buf *b = alog.bufs; b; b = b->next) {
        pthread_mutex_lock(&b->lock);
        drain(b);
        pthread_mutex_unlock(&b->lock);
    }
    pthread_mutex_unlock(&alog.lock);
}

static void *flusher(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&alog.lock);
    while (!alog.stopping) {
        struct timespec t;
        clock_gettime(CLOCK_MONOTONIC, &t); /* a delay, on the clock the condition waits by */
        t.tv_sec += FLUSH_SECONDS;
        pthread_cond_timedwait(&alog.wake, &alog.lock, &t);
        pthread_mutex_unlock(&alog.lock);
        flush_all();
        pthread_mutex_lock(&alog.lock);
    }
    pthread_mutex_unlock(&alog.lock);
    return NULL;
}

int xy_alog_open(const char *path, size_t buffer, struct xy_error *err)
{
    alog.size = 0;
    alog.stopping = 0;
    if (path && strcmp(path, "off") == 0) {
        alog.fd = -1; /* no log at all, as nginx's `access_log off` */
        return XY_OK;
    }
    if (!path || strcmp(path, "-") == 0) {
        alog.fd = STDOUT_FILENO;
        return XY_OK;
    }
    if ((alog.fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640)) < 0)
        return xy_error_set(err, XY_EIO, "cannot open access log %s: %s", path, strerror(errno));
    struct stat st;
    if (buffer > 0 && fstat(alog.fd, &st) == 0 && S_ISREG(st.st_mode)) {
        pthread_condattr_t ca;
        pthread_condattr_init(&ca);
        pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
        pthread_cond_init(&alog.wake, &ca);
        pthread_condattr_destroy(&ca);
        alog.size = buffer;
        /* The flusher takes no signal: the server's main thread waits for them (sigwait). */
        sigset_t all, old;
        sigfillset(&all);
        pthread_sigmask(SIG_SETMASK, &all, &old);
        int made = pthread_create(&alog.flusher, NULL, flusher, NULL) == 0;
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        if (made) {
            alog.flusher_on = 1;
        } else {
            alog.size = 0; /* no flusher, no buffering: lines would wait for ever */
            pthread_cond_destroy(&alog.wake);
        }
    }
    return XY_OK;
}

/* The calling thread's buffer, made on its first line; NULL when out of memory (the line is then
 * written at once). */
static struct alog_buf *thread_buf(void)
{
    if (tl_buf)
        return tl_buf;
    struct alog_buf *b = xy_malloc(sizeof *b + alog.size);
    if (!b)
        return NULL;
    pthread_mutex_init(&b->lock, NULL);
    b->len = 0;
    pthread_mutex_lock(&alog.lock);
    b->next = alog.bufs;
    alog.bufs = b;
    pthread_mutex_unlock(&alog.lock);
    return tl_buf = b;
}

static void xy_alog_line(const char *line, size_t n)
{
    if (alog.fd < 0)
        return;
    struct alog_buf *b = alog.size && n <= alog.size ? thread_buf() : NULL;
    if (!b) {
        write_all(line, n);
        return;
    }
    pthread_mutex_lock(&b->lock);
    if (b->len + n > alog.size)
        drain(b);
    memcpy(b->data + b->len, line, n);
    b->len += n;
    pthread_mutex_unlock(&b->lock);
}

#define PUT_LIT(p, lit) (memcpy(p, lit, sizeof lit - 1), p + sizeof lit - 1)

static char *put_str(char *p, const char *s, size_t max)
{
    size_t n = strnlen(s, max);
    memcpy(p, s, n);
    return p + n;
}

static char *put_int(char *p, long long v)
{
    char tmp[24];
    int i = 0;
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    if (v < 0)
        *p++ = '-';
    do
        tmp[i++] = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    while (i)
        *p++ = tmp[--i];
    return p;
}

void xy_alog_request(const struct xy_http_req *rq, double seconds)
{
    const struct xy_server *srv = rq->srv;
    if (alog.fd < 0)
        return;
    char ts[32], line[512];
    xy_clock_stamp(srv->clock, ts);
    /* Every value is known to need no JSON escaping: a timestamp, the route pattern from the table
     * (never the URL: IDs and queries stay out of the log), a method of HTTP token characters
     * (checked when the request arrived), numbers, a role name and an address from inet_ntop. This
     * runs on every request, so it is written piece by piece, each piece bounded (about 420 bytes
     * at most in all, in a buffer of 512), rather than through printf or a JSON document. */
    const char *route = rq->route ? rq->route->name : (rq->route_status == 405 ? "(method)" : "(none)");
    char *p = line;
    p = PUT_LIT(p, "{\"time\":\"");
    p = put_str(p, ts, 31);
    p = PUT_LIT(p, "\",\"method\":\"");
    p = put_str(p, rq->method, sizeof rq->method);
    p = PUT_LIT(p, "\",\"route\":\"");
    p = put_str(p, route, 128);
    p = PUT_LIT(p, "\",\"status\":");
    p = put_int(p, rq->status);
    p = PUT_LIT(p, ",\"duration_us\":");
    p = put_int(p, (long long)(seconds * 1e6));
    p = PUT_LIT(p, ",\"key\":");
    p = put_int(p, (long long)rq->who.key_id);
    p = PUT_LIT(p, ",\"role\":\"");
    p = put_str(p, xy_role_name(rq->who.role), 32);
    if (rq->who.account_id) {
        /* An account name is a-z 0-9 . _ - (xy_account_name_check): nothing to escape. */
        p = PUT_LIT(p, "\",\"account\":\"");
        p = put_str(p, rq->who.name, XY_ACCOUNT_NAME_MAX);
    }
    p = PUT_LIT(p, "\",\"client\":\"");
    p = put_str(p, rq->client, sizeof rq->client);
    p = PUT_LIT(p, "\"}\n");
    xy_alog_line(line, (size_t)(p - line));
}

void xy_alog_reopen(const char *path)
{
    if (!path || strcmp(path, "-") == 0 || strcmp(path, "off") == 0 || alog.fd <= STDERR_FILENO)
        return;
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    if (fd < 0) {
        fprintf(stderr, "xinyong serve: SIGHUP: cannot reopen access log %s, still writing to the old file: %s\n", path,
                strerror(errno));
        return;
    }
    /* The lines of before the signal go to the old file: the buffers are written first. A line a
     * worker adds meanwhile goes to the old file or the new one, whole. dup3 puts the new file behind
     * the same descriptor in one step, so the writers need no lock for it. */
    flush_all();
    if (dup3(fd, alog.fd, O_CLOEXEC) < 0)
        fprintf(stderr, "xinyong serve: SIGHUP: cannot reopen access log %s: %s\n", path, strerror(errno));
    else
        fprintf(stderr, "xinyong serve: SIGHUP: access log %s reopened\n", path);
    close(fd);
}

void xy_alog_close(void)
{
    if (alog.flusher_on) {
        pthread_mutex_lock(&alog.lock);
        alog.stopping = 1;
        pthread_cond_signal(&alog.wake);
        pthread_mutex_unlock(&alog.lock);
        pthread_join(alog.flusher, NULL);
        pthread_cond_destroy(&alog.wake);
        alog.flusher_on = 0;
    }
    flush_all();
    pthread_mutex_lock(&alog.lock);
    for (struct alog_buf *b = alog.bufs, *next; b; b = next) {
        next = b->next;
        pthread_mutex_destroy(&b->lock);
        xy_free(b);
    }
    alog.bufs = NULL;
    pthread_mutex_unlock(&alog.lock);
    /* The worker threads are gone (the daemon is stopped before this): no thread still points to a
     * buffer. This thread may have written none, but clear its pointer all the same. */
    tl_buf = NULL;
    if (alog.fd > STDOUT_FILENO && alog.fd != STDERR_FILENO)
        close(alog.fd);
    alog.fd = -1;
}
