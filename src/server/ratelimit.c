/* SPDX-License-Identifier: Apache-2.0 */
/* A token bucket per client address for public search. A fixed table: a client whose slot another
 * takes starts again with a full bucket, which errs on the side of serving. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "server/server_int.h"

#define SLOTS 4096

static struct {
    char client[48];
    double tokens;
    double last;
} slots[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static unsigned hash(const char *s)
{
    unsigned h = 2166136261u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

int xy_ratelimit_take(const char *client, double rate, double burst, int *retry_after)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    double now = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
    if (rate <= 0)
        return 1;
    unsigned i = hash(client) % SLOTS;
    int ok;
    pthread_mutex_lock(&lock);
    if (strcmp(slots[i].client, client) != 0) {
        snprintf(slots[i].client, sizeof slots[i].client, "%s", client);
        slots[i].tokens = burst;
        slots[i].last = now;
    }
    slots[i].tokens = fmin(burst, slots[i].tokens + (now - slots[i].last) * rate);
    slots[i].last = now;
    ok = slots[i].tokens >= 1.0;
    if (ok)
        slots[i].tokens -= 1.0;
    else
        *retry_after = (int)ceil((1.0 - slots[i].tokens) / rate);
    pthread_mutex_unlock(&lock);
    return ok;
}
