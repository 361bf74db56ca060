/* SPDX-License-Identifier: Apache-2.0 */
/* Prometheus counters: requests by route and status, a latency histogram, batches and rows. Lock
 * free: fixed arrays of atomics indexed by route and by status, one set per worker thread (shared
 * counters bounced their cache lines between the cores on every request), summed when scraped. */
#include <stdatomic.h>
#include <stddef.h>
#include <string.h>

#include "common/xy_alloc.h"

#include "server/server_int.h"

#define MAX_ROUTES XY_MAX_ROUTES
static const int statuses[] = {200, 201, 204, 400, 401, 403, 404, 405, 408, 409, 413, 415, 429, 499, 500, 503};
#define NSTATUS (sizeof statuses / sizeof *statuses)
static const double buckets[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10};
#define NBUCKETS (sizeof buckets / sizeof *buckets)

struct shard {
    /* All of one type, so that the scrape can sum any of them by its offset. */
    atomic_ullong requests[MAX_ROUTES + 1][NSTATUS + 1]; /* last row: no route; last column: other */
    atomic_ullong hist[NBUCKETS + 1];
    atomic_ullong hist_count;
    atomic_ullong hist_sum_us;
    atomic_ullong cache_hits, cache_misses;
    struct shard *next; /* all shards, for the scrape; never freed (the threads live as long) */
};

static _Thread_local struct shard *tl_shard;
static struct shard *_Atomic shards;
static struct shard shared; /* for a thread whose own shard could not be allocated */
static atomic_ulong batches, rows_accepted, rows_rejected;

static struct shard *my_shard(void)
{
    if (tl_shard)
        return tl_shard;
    struct shard *s = xy_calloc(1, sizeof *s);
    if (!s)
        return &shared;
    s->next = atomic_load(&shards);
    while (!atomic_compare_exchange_weak(&shards, &s->next, s))
        ;
    return tl_shard = s;
}

void xy_metrics_request(const struct xy_route *route, int status, double seconds)
{
    size_t r = route ? (size_t)(route - xy_routes) : MAX_ROUTES;
    if (r > MAX_ROUTES)
        r = MAX_ROUTES;
    size_t s = NSTATUS;
    for (size_t i = 0; i < NSTATUS; i++)
        if (statuses[i] == status)
            s = i;
    size_t b = 0;
    while (b < NBUCKETS && seconds > buckets[b])
        b++;
    struct shard *m = my_shard();
    atomic_fetch_add_explicit(&m->requests[r][s], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&m->hist[b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&m->hist_count, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&m->hist_sum_us, (unsigned long long)(seconds * 1e6), memory_order_relaxed);
}

void xy_metrics_cache(int hit)
{
    struct shard *m = my_shard();
    atomic_fetch_add_explicit(hit ? &m->cache_hits : &m->cache_misses, 1, memory_order_relaxed);
}

void xy_metrics_batch(long accepted, long rejected)
{
    atomic_fetch_add(&batches, 1);
    atomic_fetch_add(&rows_accepted, (unsigned long)accepted);
    atomic_fetch_add(&rows_rejected, (unsigned long)rejected);
}

/* The sum over the shards of the counter at the same place in each. */
static unsigned long long total(size_t offset)
{
    unsigned long long n = 0;
    for (int k = 0; k < 2; k++)
        for (struct shard *m = k ? &shared : atomic_load(&shards); m; m = k ? NULL : m->next)
            n += atomic_load((atomic_ullong *)(void *)((char *)m + offset));
    return n;
}

#define TOTAL(field) total(offsetof(struct shard, field))

void xy_metrics_render(struct xy_buf *out)
{
    xy_buf_addz(out, "# HELP xinyong_http_requests_total HTTP requests answered, by route and status.\n"
                     "# TYPE xinyong_http_requests_total counter\n");
    for (size_t r = 0; r <= MAX_ROUTES; r++) {
        if (r < MAX_ROUTES && r >= xy_nroutes)
            continue;
        for (size_t s = 0; s <= NSTATUS; s++) {
            unsigned long n = (unsigned long)TOTAL(requests[r][s]);
            if (!n)
                continue;
            const char *route = r < xy_nroutes ? xy_routes[r].name : "(none)";
            const char *method = r < xy_nroutes ? xy_routes[r].method : "";
            if (s < NSTATUS)
                xy_buf_printf(out, "xinyong_http_requests_total{method=\"%s\",route=\"%s\",status=\"%d\"} %lu\n",
                              method, route, statuses[s], n);
            else
                xy_buf_printf(out, "xinyong_http_requests_total{method=\"%s\",route=\"%s\",status=\"other\"} %lu\n",
                              method, route, n);
        }
    }
    xy_buf_addz(out, "# HELP xinyong_http_request_duration_seconds Time to answer a request.\n"
                     "# TYPE xinyong_http_request_duration_seconds histogram\n");
    unsigned long cum = 0;
    for (size_t b = 0; b < NBUCKETS; b++) {
        cum += (unsigned long)TOTAL(hist[b]);
        xy_buf_printf(out, "xinyong_http_request_duration_seconds_bucket{le=\"%g\"} %lu\n", buckets[b], cum);
    }
    cum += (unsigned long)TOTAL(hist[NBUCKETS]);
    xy_buf_printf(out, "xinyong_http_request_duration_seconds_bucket{le=\"+Inf\"} %lu\n", cum);
    xy_buf_printf(out, "xinyong_http_request_duration_seconds_sum %.6f\n",
                  (double)TOTAL(hist_sum_us) / 1e6);
    xy_buf_printf(out, "xinyong_http_request_duration_seconds_count %lu\n", (unsigned long)TOTAL(hist_count));
    xy_buf_printf(out,
                  "# HELP xinyong_answer_cache_total Public answers looked up in the answer cache, by outcome.\n"
                  "# TYPE xinyong_answer_cache_total counter\n"
                  "xinyong_answer_cache_total{outcome=\"hit\"} %lu\nxinyong_answer_cache_total{outcome=\"miss\"} %lu\n",
                  (unsigned long)TOTAL(cache_hits), (unsigned long)TOTAL(cache_misses));
    xy_buf_printf(out,
                  "# HELP xinyong_batches_total Batches submitted over HTTP.\n# TYPE xinyong_batches_total counter\n"
                  "xinyong_batches_total %lu\n"
                  "# HELP xinyong_rows_total Batch rows, by outcome.\n# TYPE xinyong_rows_total counter\n"
                  "xinyong_rows_total{outcome=\"accepted\"} %lu\nxinyong_rows_total{outcome=\"rejected\"} %lu\n",
                  atomic_load(&batches), atomic_load(&rows_accepted), atomic_load(&rows_rejected));
}
