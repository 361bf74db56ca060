/* SPDX-License-Identifier: Apache-2.0 */
/* Prometheus counters: requests by route and status, a latency histogram, batches and rows. Lock
 * free: fixed arrays of atomics indexed by route and by status. */
#include <stdatomic.h>
#include <string.h>

#include "server/server_int.h"

#define MAX_ROUTES 64
static const int statuses[] = {200, 201, 204, 400, 401, 403, 404, 405, 408, 409, 413, 415, 429, 499, 500, 503};
#define NSTATUS (sizeof statuses / sizeof *statuses)
static const double buckets[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10};
#define NBUCKETS (sizeof buckets / sizeof *buckets)

static atomic_ulong requests[MAX_ROUTES + 1][NSTATUS + 1]; /* last row: no route; last column: other */
static atomic_ulong hist[NBUCKETS + 1];
static atomic_ulong hist_count;
static atomic_ullong hist_sum_us;
static atomic_ulong batches, rows_accepted, rows_rejected;

void xy_metrics_request(const struct xy_route *route, int status, double seconds)
{
    size_t r = route ? (size_t)(route - xy_routes) : MAX_ROUTES;
    if (r > MAX_ROUTES)
        r = MAX_ROUTES;
    size_t s = NSTATUS;
    for (size_t i = 0; i < NSTATUS; i++)
        if (statuses[i] == status)
            s = i;
    atomic_fetch_add(&requests[r][s], 1);
    size_t b = 0;
    while (b < NBUCKETS && seconds > buckets[b])
        b++;
    atomic_fetch_add(&hist[b], 1);
    atomic_fetch_add(&hist_count, 1);
    atomic_fetch_add(&hist_sum_us, (unsigned long long)(seconds * 1e6));
}

void xy_metrics_batch(long accepted, long rejected)
{
    atomic_fetch_add(&batches, 1);
    atomic_fetch_add(&rows_accepted, (unsigned long)accepted);
    atomic_fetch_add(&rows_rejected, (unsigned long)rejected);
}

void xy_metrics_render(struct xy_buf *out)
{
    xy_buf_addz(out, "# HELP xinyong_http_requests_total HTTP requests answered, by route and status.\n"
                     "# TYPE xinyong_http_requests_total counter\n");
    for (size_t r = 0; r <= MAX_ROUTES; r++) {
        if (r < MAX_ROUTES && r >= xy_nroutes)
            continue;
        for (size_t s = 0; s <= NSTATUS; s++) {
            unsigned long n = atomic_load(&requests[r][s]);
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
        cum += atomic_load(&hist[b]);
        xy_buf_printf(out, "xinyong_http_request_duration_seconds_bucket{le=\"%g\"} %lu\n", buckets[b], cum);
    }
    cum += atomic_load(&hist[NBUCKETS]);
    xy_buf_printf(out, "xinyong_http_request_duration_seconds_bucket{le=\"+Inf\"} %lu\n", cum);
    xy_buf_printf(out, "xinyong_http_request_duration_seconds_sum %.6f\n",
                  (double)atomic_load(&hist_sum_us) / 1e6);
    xy_buf_printf(out, "xinyong_http_request_duration_seconds_count %lu\n", atomic_load(&hist_count));
    xy_buf_printf(out,
                  "# HELP xinyong_batches_total Batches submitted over HTTP.\n# TYPE xinyong_batches_total counter\n"
                  "xinyong_batches_total %lu\n"
                  "# HELP xinyong_rows_total Batch rows, by outcome.\n# TYPE xinyong_rows_total counter\n"
                  "xinyong_rows_total{outcome=\"accepted\"} %lu\nxinyong_rows_total{outcome=\"rejected\"} %lu\n",
                  atomic_load(&batches), atomic_load(&rows_accepted), atomic_load(&rows_rejected));
}
