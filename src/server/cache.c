/* SPDX-License-Identifier: Apache-2.0 */
/* The public answer cache: each worker thread keeps the answers of its recent public lookups and
 * searches, keyed by what the answer depends on (route and arguments), and drops them all when the
 * database changes (SQLite's data_version moves whenever any connection, this server's writer or
 * another program, commits), when the day turns (publicity windows end at midnight) or when the
 * reader is reopened (the catalogue changed). A hit costs a pragma and a copy instead of the queries
 * and the JSON building. Direct-mapped: a key has one slot; a newer answer replaces an older one. */
#include <pthread.h>
#include <string.h>

#include "common/xy_alloc.h"
#include "server/server_int.h"

#define CACHE_SLOTS 65536 /* direct-mapped: well above the answers that fit in the bytes below */
#define CACHE_MAX_BYTES (64u << 20) /* per thread */
#define CACHE_MAX_BODY (256u << 10)

struct slot {
    uint64_t hash;
    char *key;
    size_t klen;
    char *body;
    size_t blen;
};

struct cache {
    const struct xy_app *app; /* the reader the answers came from */
    int64_t version;
    struct xy_date day;
    size_t bytes;
    size_t used; /* slots holding an answer: an empty cache is cleared for free */
    struct slot slots[CACHE_SLOTS];
    struct cache *next;
};

static _Thread_local struct cache *tl_cache;
static struct cache *all_caches;
static pthread_mutex_t caches_lock = PTHREAD_MUTEX_INITIALIZER;

static void clear(struct cache *c)
{
    if (!c->used)
        return;
    for (size_t i = 0; i < CACHE_SLOTS; i++) {
        xy_free(c->slots[i].key);
        xy_free(c->slots[i].body);
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

int xy_cache_ready(struct xy_app *app)
{
    struct cache *c = tl_cache;
    int64_t v = 0;
    if (app->store->ops->data_version(app->store, &v, NULL) != 0)
        return 0;
    if (!c) {
        if (!(c = xy_calloc(1, sizeof *c)))
            return 0;
        pthread_mutex_lock(&caches_lock);
        c->next = all_caches;
        all_caches = c;
        pthread_mutex_unlock(&caches_lock);
        tl_cache = c;
    }
    struct xy_date today = xy_app_today();
    if (c->app != app || c->version != v || xy_date_cmp(c->day, today) != 0) {
        clear(c);
        c->app = app;
        c->version = v;
        c->day = today;
    }
    return 1;
}

int xy_cache_get(const char *key, size_t klen, struct xy_resp *rs)
{
    struct cache *c = tl_cache;
    if (!c)
        return 0;
    uint64_t h = fnv1a(key, klen);
    struct slot *s = &c->slots[h % CACHE_SLOTS];
    if (!s->key || s->hash != h || s->klen != klen || memcmp(s->key, key, klen) != 0)
        return 0;
    xy_buf_reset(&rs->body);
    if (xy_buf_add(&rs->body, s->body, s->blen) != XY_OK)
        return 0;
    rs->status = 200;
    rs->ctype = "application/json; charset=utf-8";
    return 1;
}

void xy_cache_put(const char *key, size_t klen, const struct xy_resp *rs)
{
    struct cache *c = tl_cache;
    if (!c || rs->status != 200 || rs->body.len > CACHE_MAX_BODY)
        return;
    uint64_t h = fnv1a(key, klen);
    struct slot *s = &c->slots[h % CACHE_SLOTS];
    size_t old = s->key ? s->klen + s->blen : 0;
    if (c->bytes - old + klen + rs->body.len > CACHE_MAX_BYTES)
        return;
    char *k = xy_malloc(klen ? klen : 1), *b = xy_malloc(rs->body.len ? rs->body.len : 1);
    if (!k || !b) {
        xy_free(k);
        xy_free(b);
        return;
    }
    memcpy(k, key, klen);
    memcpy(b, rs->body.data, rs->body.len);
    if (!s->key)
        c->used++;
    xy_free(s->key);
    xy_free(s->body);
    c->bytes = c->bytes - old + klen + rs->body.len;
    *s = (struct slot){.hash = h, .key = k, .klen = klen, .body = b, .blen = rs->body.len};
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
