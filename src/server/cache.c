/* SPDX-License-Identifier: Apache-2.0 */
/* The public answer cache: each worker thread keeps the answers of its recent public lookups and
 * searches, keyed by what the answer depends on (route and arguments), and drops them all when the
 * database changes (SQLite's data_version moves whenever any connection, this server's writer or
 * another program, commits), when the day turns (publicity windows end at midnight) or when the
 * reader is reopened (the catalogue changed). A hit costs a hash and a key comparison instead of the
 * queries and the JSON building: the answer is kept as a finished response and queued as it is.
 * Four-way set-associative: a key may sit in any of the four slots of its set, and a new answer
 * replaces the set's least recently used one (a direct-mapped table lost ~7% of 10,000 keys to pairs
 * of keys evicting each other for ever).
 *
 * Asking SQLite for data_version opens a read transaction (file locks on the WAL index): it cost a
 * fifth of a cached lookup. So it is asked at most once a millisecond per thread; in between, a
 * counter that this server bumps after each of its own writes says whether to ask at once. A commit
 * by another program is therefore seen within a millisecond, which no client can tell from having
 * asked a millisecond earlier; this server's own writes are seen by the next request. */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "common/xy_alloc.h"
#include "server/server_int.h"

#define CACHE_SLOTS 65536 /* well above the answers that fit in the bytes below */
#define CACHE_WAYS 4
#define CACHE_MAX_BYTES (64u << 20) /* per thread */
#define CACHE_MAX_BODY (256u << 10)

struct slot {
    uint64_t hash;
    char *key;
    size_t klen;
    struct MHD_Response *resp; /* the whole answer, headers included: queued as it is */
    size_t blen;
    uint64_t used; /* the cache's clock when last read or written */
};

#define CACHE_RECHECK_NS 1000000 /* data_version asked at most this often (1 ms) */

struct cache {
    const struct xy_app *app; /* the reader the answers came from */
    int64_t version;
    uint64_t writes;  /* this server's write count when data_version was last asked */
    int64_t asked_ns; /* when it was last asked (CLOCK_MONOTONIC) */
    struct xy_date day;
    size_t bytes;
    size_t used; /* slots holding an answer: an empty cache is cleared for free */
    uint64_t clock;
    struct slot slots[CACHE_SLOTS];
    struct cache *next;
};

static _Thread_local struct cache *tl_cache;
static int cache_off; /* `serve --no-cache`: set before the workers start, read only after */
static atomic_uint_fast64_t server_writes;
static struct cache *all_caches;
static pthread_mutex_t caches_lock = PTHREAD_MUTEX_INITIALIZER;

static void clear(struct cache *c)
{
    if (!c->used)
        return;
    for (size_t i = 0; i < CACHE_SLOTS; i++) {
        xy_free(c->slots[i].key);
        if (c->slots[i].resp)
            xy_srv_response_drop(c->slots[i].resp);
    }
    memset(c->slots, 0, sizeof c->slots);
    c->bytes = 0;
    c->used = 0;
}

static uint64_t fnv1a(const char *p, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 1099511628211ull;
    }
    return h;
}

void xy_cache_note_write(void)
{
    atomic_fetch_add(&server_writes, 1);
}

static int64_t mono_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

void xy_cache_disable(void)
{
    cache_off = 1;
}

int xy_cache_ready(struct xy_app *app)
{
    if (cache_off)
        return 0;
    struct cache *c = tl_cache;
    uint64_t writes = atomic_load(&server_writes);
    int64_t now = mono_ns();
    if (c && c->app == app && c->writes == writes && now - c->asked_ns < CACHE_RECHECK_NS)
        return 1;
    int64_t v = 0;
    if (xy_app_data_version(app, &v) != XY_OK)
        return 0; /* no change detection: nothing is cached */
    if (!c) {
        if (!(c = xy_calloc(1, sizeof *c)))
            return 0;
        pthread_mutex_lock(&caches_lock);
        c->next = all_caches;
        all_caches = c;
        pthread_mutex_unlock(&caches_lock);
        tl_cache = c;
    }
    struct xy_date today = xy_clock_today(xy_app_clock(app));
    if (c->app != app || c->version != v || xy_date_cmp(c->day, today) != 0) {
        clear(c);
        c->app = app;
        c->version = v;
        c->day = today;
    }
    c->writes = writes;
    c->asked_ns = now;
    return 1;
}

static struct slot *set_of(struct cache *c, uint64_t h)
{
    return &c->slots[(h % (CACHE_SLOTS / CACHE_WAYS)) * CACHE_WAYS];
}

static struct slot *find(struct cache *c, uint64_t h, const char *key, size_t klen)
{
    struct slot *set = set_of(c, h);
    for (int i = 0; i < CACHE_WAYS; i++)
        if (set[i].key && set[i].hash == h && set[i].klen == klen && memcmp(set[i].key, key, klen) == 0)
            return &set[i];
    return NULL;
}

int xy_cache_get(const char *key, size_t klen, struct xy_resp *rs)
{
    struct cache *c = tl_cache;
    struct slot *s = c ? find(c, fnv1a(key, klen), key, klen) : NULL;
    xy_metrics_cache(s != NULL);
    if (!s)
        return 0;
    s->used = ++c->clock;
    rs->status = 200;
    rs->prebuilt = s->resp;
    return 1;
}

void xy_cache_put(const char *key, size_t klen, const struct xy_http_req *rq, struct xy_resp *rs)
{
    struct cache *c = tl_cache;
    if (!c || rs->status != 200 || rs->fd >= 0 || rs->body.len > CACHE_MAX_BODY)
        return;
    uint64_t h = fnv1a(key, klen);
    struct slot *s = find(c, h, key, klen);
    if (!s) { /* an empty slot of the set, else its least recently used */
        struct slot *set = set_of(c, h);
        s = &set[0];
        for (int i = 0; i < CACHE_WAYS && s->key; i++)
            if (!set[i].key || set[i].used < s->used)
                s = &set[i];
    }
    size_t old = s->key ? s->klen + s->blen : 0, blen = rs->body.len;
    if (c->bytes - old + klen + blen > CACHE_MAX_BYTES)
        return;
    char *k = xy_malloc(klen ? klen : 1);
    if (!k)
        return;
    struct MHD_Response *resp = xy_srv_response(rq, rs); /* takes the body: answered from here on */
    if (!resp) {
        xy_free(k);
        xy_resp_problem(rs, 503, "Service Unavailable", "out of memory");
        return;
    }
    memcpy(k, key, klen);
    if (!s->key)
        c->used++;
    xy_free(s->key);
    if (s->resp)
        xy_srv_response_drop(s->resp);
    c->bytes = c->bytes - old + klen + blen;
    *s = (struct slot){.hash = h, .key = k, .klen = klen, .resp = resp, .blen = blen, .used = ++c->clock};
    rs->prebuilt = resp;
}

void xy_cache_free_all(void)
{
    pthread_mutex_lock(&caches_lock);
    for (struct cache *c = all_caches, *next; c; c = next) {
        next = c->next;
        clear(c);
        xy_free(c);
    }
    all_caches = NULL;
    pthread_mutex_unlock(&caches_lock);
}
