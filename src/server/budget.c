/* SPDX-License-Identifier: Apache-2.0 */
/* The memory that request bodies in flight may hold: bytes reserved across the whole server and per
 * client address, taken before a body is read and given back when its request ends. */
#include <stdio.h>
#include <string.h>

#include "common/xy_alloc.h"
#include "common/xy_error.h"
#include "server/server_int.h"

/* One client address holding a reservation. Open addressing with linear probing; a slot empties
 * when its client's bytes fall to 0, so the table holds only the clients with a body in flight. */
struct xy_budget_slot {
    char client[48]; /* "" when free; INET6_ADDRSTRLEN is 46 */
    size_t bytes;
};

static size_t hash(const char *s)
{
    size_t h = 2166136261u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

int xy_budget_init(struct xy_budget *b, size_t max_total, size_t max_client, size_t nslots)
{
    size_t n = 8;
    while (n < nslots)
        n *= 2;
    memset(b, 0, sizeof *b);
    b->slots = xy_calloc(n, sizeof *b->slots);
    if (!b->slots)
        return XY_ENOMEM;
    b->mask = n - 1;
    b->max_total = max_total;
    b->max_client = max_client;
    pthread_mutex_init(&b->lock, NULL);
    return XY_OK;
}

void xy_budget_release(struct xy_budget *b)
{
    if (!b->slots)
        return;
    xy_free(b->slots);
    b->slots = NULL;
    pthread_mutex_destroy(&b->lock);
}

/* The client's slot, or the free slot where it would go; NULL when the table is full. key is the
 * address as the table keeps it (key_of). */
static struct xy_budget_slot *find(struct xy_budget *b, const char *key)
{
    for (size_t i = hash(key) & b->mask, n = 0; n <= b->mask; i = (i + 1) & b->mask, n++) {
        struct xy_budget_slot *s = &b->slots[i];
        if (!s->client[0] || strcmp(s->client, key) == 0)
            return s;
    }
    return NULL;
}

/* The address as a key, cut to what a slot holds; an unknown address ("") is a client too. */
static void key_of(const char *client, char key[48])
{
    snprintf(key, 48, "%s", *client ? client : "?");
}

/* Empties slot i and moves back the slots after it that probing would no longer reach (deletion
 * without tombstones: the table never fills with dead slots however many clients come and go). */
static void vacate(struct xy_budget *b, size_t i)
{
    b->slots[i].client[0] = '\0';
    b->slots[i].bytes = 0;
    for (size_t j = (i + 1) & b->mask; b->slots[j].client[0]; j = (j + 1) & b->mask) {
        size_t home = hash(b->slots[j].client) & b->mask;
        /* Slot j stays when its home lies cyclically in (i, j]. */
        int stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
        if (!stays) {
            b->slots[i] = b->slots[j];
            b->slots[j].client[0] = '\0';
            b->slots[j].bytes = 0;
            i = j;
        }
    }
}

int xy_budget_take(struct xy_budget *b, const char *client, size_t n, int *per_client)
{
    char key[48];
    int rc = XY_OK;
    *per_client = 0;
    if (n == 0)
        return XY_OK;
    key_of(client, key);
    pthread_mutex_lock(&b->lock);
    struct xy_budget_slot *s = find(b, key);
    if (!s || n > b->max_total - b->total) {
        rc = XY_EBUSY;
    } else if (n > b->max_client - s->bytes) {
        rc = XY_EBUSY;
        *per_client = 1;
    } else {
        if (!s->client[0])
            memcpy(s->client, key, sizeof key);
        s->bytes += n;
        b->total += n;
    }
    pthread_mutex_unlock(&b->lock);
    return rc;
}

void xy_budget_give(struct xy_budget *b, const char *client, size_t n)
{
    char key[48];
    if (n == 0)
        return;
    key_of(client, key);
    pthread_mutex_lock(&b->lock);
    struct xy_budget_slot *s = find(b, key);
    if (s && s->client[0]) {
        s->bytes -= n < s->bytes ? n : s->bytes;
        b->total -= n < b->total ? n : b->total;
        if (s->bytes == 0)
            vacate(b, (size_t)(s - b->slots));
    }
    pthread_mutex_unlock(&b->lock);
}

size_t xy_budget_held(struct xy_budget *b, const char *client)
{
    char key[48];
    size_t n;
    if (client)
        key_of(client, key);
    pthread_mutex_lock(&b->lock);
    if (client) {
        const struct xy_budget_slot *s = find(b, key);
        n = s && s->client[0] ? s->bytes : 0;
    } else {
        n = b->total;
    }
    pthread_mutex_unlock(&b->lock);
    return n;
}
