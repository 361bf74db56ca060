/* SPDX-License-Identifier: Apache-2.0 */
/* The hash-chained audit log: appending an entry inside the caller's transaction, and checking the
 * whole chain.
 *
 * Entry hash = keyed BLAKE2b-256 (key: app->keys.blind) over
 *     "xinyong audit v1\0"                       (domain tag: the blind key has other uses)
 *     then for each of seq, at, key_id, role, action, object, detail, prev, in that order:
 *         8-byte little-endian length, then the bytes
 * where seq and key_id are 8-byte little-endian two's complement, prev is the previous entry's
 * 32-byte hash (zeros for entry 1), and a NULL detail has length 2^64-1 and no bytes (so NULL and
 * "" differ). Every field is length-prefixed, so no two different entries encode alike. Without the
 * key file nobody can forge a consistent chain from the database alone. */
#include "app/audit.h"
#include "app/app_int.h"

#include <sodium.h>
#include <stdint.h>
#include <string.h>

#include "common/xy_alloc.h"

#define HASH_BYTES 32
#define SCAN_PAGE 1000

static const char domain_tag[] = "xinyong audit v1"; /* hashed with its NUL */

static void put_u64(crypto_generichash_state *h, uint64_t v)
{
    uint8_t b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (uint8_t)(v >> (8 * i));
    crypto_generichash_update(h, b, sizeof b);
}

static void put_bytes(crypto_generichash_state *h, const void *p, size_t n)
{
    put_u64(h, (uint64_t)n);
    crypto_generichash_update(h, p, n);
}

static void put_int(crypto_generichash_state *h, int64_t v)
{
    put_u64(h, 8);
    put_u64(h, (uint64_t)v);
}

static void put_text(crypto_generichash_state *h, const char *s)
{
    if (!s) {
        put_u64(h, UINT64_MAX);
        return;
    }
    put_bytes(h, s, strlen(s));
}

static void entry_hash(const struct xy_keys *k, const struct xy_audit_row *a,
                       uint8_t out[HASH_BYTES])
{
    crypto_generichash_state h;
    crypto_generichash_init(&h, k->blind, sizeof k->blind, HASH_BYTES);
    crypto_generichash_update(&h, (const unsigned char *)domain_tag, sizeof domain_tag);
    put_int(&h, a->seq);
    put_text(&h, a->at);
    put_int(&h, a->key_id);
    put_text(&h, a->role);
    put_text(&h, a->action);
    put_text(&h, a->object);
    put_text(&h, a->detail);
    put_bytes(&h, a->prev, HASH_BYTES);
    crypto_generichash_final(&h, out, HASH_BYTES);
}

/* The caller holds the write transaction (st->ops->begin): reading the last entry and inserting
 * the next one are then one atomic step, and the entry commits or rolls back with the change it
 * records. Calling this outside a transaction is a programming error the store cannot report;
 * two such writers would race for the same seq, and the second insert would fail on the primary
 * key rather than fork the chain. */
int xy_audit_append(struct xy_app *app, const struct xy_principal *who, const char *action,
                    const char *object, const char *detail, struct xy_error *err)
{
    struct xy_store *st = app->store;
    uint8_t prev[HASH_BYTES], hash[HASH_BYTES];
    char at[32];
    int64_t last = 0;
    int rc;

    if (!who || !action || !*action || !object || !*object)
        return xy_error_set(err, XY_EINVAL, "an audit entry needs who, an action and an object");
    if ((rc = st->ops->audit_last(st, &last, prev, err)))
        return rc;
    xy_clock_stamp(&app->clock, at);
    struct xy_audit_row a = {
        .seq = last + 1,
        .at = at,
        .key_id = who->key_id,
        .role = xy_role_name(who->role),
        .action = action,
        .object = object,
        .detail = detail,
        .prev = prev,
        .hash = hash,
    };
    entry_hash(&app->keys, &a, hash);
    return st->ops->audit_insert(st, &a, err);
}

struct verify_state {
    const struct xy_keys *keys;
    int64_t expect; /* the seq the next entry must have */
    uint8_t prev[HASH_BYTES];
    int64_t checked; /* entries read, the bad one included */
    int64_t first_bad;
    int64_t last_seq; /* the last seq read, for the next page */
    int in_page;
};

static int verify_cb(void *ctx, const struct xy_audit_row *a)
{
    struct verify_state *v = ctx;
    uint8_t h[HASH_BYTES];
    v->checked++;
    v->in_page++;
    v->last_seq = a->seq;
    /* A removed entry shows as a gap: the entry after it is the first that does not fit. An entry
     * numbered below 1 cannot be named (0 means "whole"): the chain is then broken at its start. */
    if (a->seq != v->expect || memcmp(a->prev, v->prev, HASH_BYTES) != 0) {
        v->first_bad = a->seq >= 1 ? a->seq : 1;
        return 1;
    }
    entry_hash(v->keys, a, h);
    if (sodium_memcmp(h, a->hash, HASH_BYTES) != 0) {
        v->first_bad = a->seq;
        return 1;
    }
    memcpy(v->prev, a->hash, HASH_BYTES);
    v->expect = a->seq + 1;
    return 0;
}

int xy_audit_verify(struct xy_app *app, int64_t *entries, int64_t *first_bad, struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct verify_state v;
    int rc;

    memset(&v, 0, sizeof v);
    v.keys = &app->keys;
    v.expect = 1;
    /* From the very bottom, not from 0: an entry moved to seq 0 or below must be seen, not skipped.
     */
    v.last_seq = INT64_MIN;
    *entries = 0;
    *first_bad = 0;
    do {
        v.in_page = 0;
        if ((rc = st->ops->audit_scan(st, v.last_seq, SCAN_PAGE, verify_cb, &v, err)))
            return rc;
    } while (!v.first_bad && v.in_page == SCAN_PAGE);
    *entries = v.checked;
    *first_bad = v.first_bad;
    return XY_OK;
}

int xy_audit_commit(struct xy_app *app, const struct xy_principal *who, const char *action, const char *object,
                    const char *detail, int rc, struct xy_error *err)
{
    struct xy_store *st = app->store;
    if (rc == XY_OK)
        rc = xy_audit_append(app, who, action, object, detail, err);
    if (rc == XY_OK)
        rc = st->ops->commit(st, err);
    if (rc != XY_OK)
        st->ops->rollback(st);
    return rc;
}

/* Keys come out in insertion order: jansson keeps it since 2.8 (JSON_PRESERVE_ORDER is a no-op). */
char *xy_audit_detail_text(json_t *detail, struct xy_error *err)
{
    char *text = detail ? json_dumps(detail, JSON_COMPACT) : NULL;
    json_decref(detail);
    if (!text)
        xy_error_set(err, XY_ENOMEM, "out of memory (audit detail)");
    return text;
}

int xy_audit_appendj(struct xy_app *app, const struct xy_principal *who, const char *action, const char *object,
                     json_t *detail, struct xy_error *err)
{
    char *text = xy_audit_detail_text(detail, err);
    if (!text)
        return XY_ENOMEM;
    int rc = xy_audit_append(app, who, action, object, text, err);
    xy_free(text);
    return rc;
}

int xy_audit_commitj(struct xy_app *app, const struct xy_principal *who, const char *action, const char *object,
                     json_t *detail, int rc, struct xy_error *err)
{
    char *text = NULL;
    if (rc == XY_OK) {
        text = xy_audit_detail_text(detail, err);
        rc = text ? XY_OK : XY_ENOMEM;
    } else {
        json_decref(detail); /* nothing is written: only rolled back */
    }
    rc = xy_audit_commit(app, who, action, object, text, rc, err);
    xy_free(text);
    return rc;
}
