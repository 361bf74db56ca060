/* SPDX-License-Identifier: Apache-2.0 */
/* Outbound exchange: a destination's changes after its cursor, read from the change log and sent in
 * order, in batches whose idempotency key is this platform's name and the batch's first and last
 * positions; the cursor moves only when the destination acknowledges. A batch.committed change
 * becomes its batch's records, in parts when they are many, so that the cursor can stand inside
 * it (acked_part). Records travel whole: their fields with the sealed ones opened, as the receiver
 * checks and seals them with its own keys. */
#include "app/exchange.h"
#include "app/app_int.h"
#include "app/exchange_int.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "common/xy_alloc.h"
#include "common/xy_httpc.h"

struct dest {
    struct xy_app *app;
    int64_t id;
    char name[65], source[65];
    char *url, key[256];
    json_t *classes; /* empty: every class */
    int enabled, found, oom, bad_key, legacy;
    int64_t pos[2];
    uint8_t sign[XY_EXCHANGE_SK_SEALED]; /* the secret signing key, sealed */
};

static void dest_release(struct dest *d)
{
    sodium_memzero(d->key, sizeof d->key);
    xy_free(d->url);
    json_decref(d->classes);
    memset(d, 0, sizeof *d);
}

static int on_dest(void *ctx, const struct xy_dest_row *r)
{
    struct dest *d = ctx;
    json_error_t jerr;
    d->id = r->id;
    snprintf(d->name, sizeof d->name, "%s", r->name);
    snprintf(d->source, sizeof d->source, "%s", r->source);
    d->url = xy_strdup(r->url);
    d->bad_key = xy_exchange_dest_key(d->app, r, d->key, sizeof d->key) != 0;
    if (r->sign_sealed_len == XY_EXCHANGE_SK_SEALED)
        memcpy(d->sign, r->sign_sealed, sizeof d->sign);
    else
        d->legacy = 1; /* written before migration 30: its key in clear, no key pair; sealed now */
    d->classes = json_loads(r->classes, 0, &jerr);
    d->enabled = r->enabled;
    d->pos[0] = r->acked_seq;
    d->pos[1] = r->acked_part;
    d->found = 1;
    d->oom = !d->url || !json_is_array(d->classes);
    return 1;
}

/* A destination written before migration 30: its bearer key sealed and a signing key pair made. */
static int dest_seal_legacy(struct xy_app *app, struct dest *d, struct xy_error *err)
{
    struct xy_store *st = app->store;
    size_t n = strlen(d->key);
    uint8_t *sealed = xy_malloc(n + XY_SEAL_OVERHEAD);
    char pub[XY_EXCHANGE_PUB_LEN];
    int rc;
    if (!sealed)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    xy_keys_seal(&app->keys, d->key, n, sealed);
    if (xy_exchange_keypair(app, d->sign, pub)) {
        xy_free(sealed);
        return xy_error_set(err, XY_ECRYPTO, "cannot make a key pair");
    }
    struct xy_dest_row row = {.id = d->id, .key_sealed = sealed, .key_sealed_len = n + XY_SEAL_OVERHEAD,
                              .sign_sealed = d->sign, .sign_sealed_len = sizeof d->sign, .sign_pub = pub};
    if (!(rc = st->ops->begin(st, err)) && (rc = st->ops->dest_seal(st, &row, err)) == XY_OK)
        rc = st->ops->commit(st, err);
    if (rc)
        st->ops->rollback(st);
    xy_free(sealed);
    if (!rc)
        d->legacy = 0;
    return rc;
}

static int dest_load(struct xy_app *app, const char *name, struct dest *d, struct xy_error *err)
{
    memset(d, 0, sizeof *d);
    d->app = app;
    int rc = app->store->ops->dest_list(app->store, name, on_dest, d, err);
    if (!rc && d->oom)
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    if (!rc && d->bad_key)
        rc = xy_error_set(err, XY_ECRYPTO, "目的地 %s 的密钥无法打开 (the keys of destination %s do not open)", d->name,
                          d->name);
    if (!rc && d->legacy)
        rc = dest_seal_legacy(app, d, err);
    if (rc)
        dest_release(d);
    return rc;
}

static int wanted(const struct dest *d, const char *cls)
{
    if (json_array_size(d->classes) == 0)
        return 1;
    size_t i;
    json_t *v;
    json_array_foreach(d->classes, i, v)
        if (cls && json_string_value(v) && strcmp(json_string_value(v), cls) == 0)
            return 1;
    return 0;
}

/* A batch being built. */
struct build {
    struct xy_app *app;
    const struct dest *d;
    json_t *items;
    size_t bytes;
    int64_t first[2], last[2]; /* first[0] == 0: nothing considered yet */
    int full, oom, bad_seal;
    /* the change being expanded */
    int64_t seq;
    const char *kind, *at;
    int64_t objection;
    int64_t last_rid;
    long got;
    int failed;       /* built ahead of its turn, and that failed: built again in turn */
    int64_t after[2]; /* built ahead: the position it was built after */
    char *body;       /* built ahead: the body, written while the batch before it was in flight */
};

static void consider(struct build *b, int64_t seq, int64_t part)
{
    if (!b->first[0]) {
        b->first[0] = seq;
        b->first[1] = part;
    }
    b->last[0] = seq;
    b->last[1] = part;
}

/* The fields of a record with its sealed part opened: what the receiver checks as a row. */
static json_t *full_fields(struct build *b, const struct xy_record_row *r)
{
    json_error_t jerr;
    json_t *all = json_loads(r->fields, 0, &jerr);
    if (!all || !r->sealed || r->sealed_len <= XY_SEAL_OVERHEAD)
        return all;
    size_t n = r->sealed_len - XY_SEAL_OVERHEAD;
    char *plain = xy_malloc(n + 1);
    json_t *sealed = NULL;
    if (plain && xy_keys_open(&b->app->keys, r->sealed, r->sealed_len, plain) == 0) {
        plain[n] = '\0';
        sealed = json_loads(plain, 0, &jerr);
        sodium_memzero(plain, n);
    } else if (plain) {
        b->bad_seal = 1;
    }
    xy_free(plain);
    if (sealed)
        json_object_update(all, sealed);
    json_decref(sealed);
    return all;
}

/* One item for record r as change `kind` at position (seq, part). */
static int add_item(struct build *b, const struct xy_record_row *r, int64_t part, int content)
{
    json_t *fields = content ? full_fields(b, r) : NULL;
    if (content && !fields) {
        b->oom = 1;
        return 1;
    }
    json_t *it = json_pack("{s:{s:I, s:I}, s:s, s:s, s:I, s:s, s:{s:s, s:s?}, s:s, s:i, s:s?}", "pos", "seq",
                           (json_int_t)b->seq, "part", (json_int_t)part, "kind", b->kind, "at", b->at, "record",
                           (json_int_t)r->id, "class", r->cls, "dept", "uscc", r->dept_uscc, "name", r->dept_name,
                           "doc_no", r->doc_no, "version", r->version, "status", xy_exchange_change_status(b->kind, r->status));
    if (it && fields)
        json_object_set_new(it, "fields", fields);
    else
        json_decref(fields);
    if (it && b->objection)
        json_object_set_new(it, "objection", json_integer(b->objection));
    if (!it || json_array_append_new(b->items, it)) {
        b->oom = 1;
        return 1;
    }
    b->bytes += (r->fields ? strlen(r->fields) : 0) + r->sealed_len + 256;
    if (json_array_size(b->items) >= XY_EXCHANGE_SEND_ITEMS || b->bytes >= XY_EXCHANGE_SEND_BYTES)
        b->full = 1;
    return 0;
}

static int on_batch_record(void *ctx, const struct xy_record_row *r)
{
    struct build *b = ctx;
    b->got++;
    b->last_rid = r->id;
    if (wanted(b->d, r->cls) && add_item(b, r, r->id, 1))
        return 1;
    consider(b, b->seq, r->id);
    return b->full;
}

static int on_record(void *ctx, const struct xy_record_row *r)
{
    struct build *b = ctx;
    int content = strcmp(b->kind, "record.corrected") == 0;
    if (wanted(b->d, r->cls))
        add_item(b, r, 0, content);
    return 1;
}

/* The changes read from the log, copied: the records they name are read after the page. */
struct page {
    struct change {
        int64_t seq, record_id;
        char kind[32], at[32];
        char *detail;
    } c[100];
    int n, oom;
};

static int on_change(void *ctx, const struct xy_change_row *c)
{
    struct page *p = ctx;
    struct change *o = &p->c[p->n++];
    o->seq = c->seq;
    o->record_id = c->record_id;
    snprintf(o->kind, sizeof o->kind, "%s", c->kind);
    snprintf(o->at, sizeof o->at, "%s", c->at);
    o->detail = c->detail ? xy_strdup(c->detail) : NULL;
    if (c->detail && !o->detail)
        p->oom = 1;
    return 0;
}

static void page_release(struct page *p)
{
    for (int i = 0; i < p->n; i++)
        xy_free(p->c[i].detail);
    p->n = 0;
}

static int64_t detail_int(const json_t *d, const char *key, int64_t def)
{
    const json_t *v = json_object_get(d, key);
    return json_is_integer(v) ? json_integer_value(v) : def;
}

/* One change into the batch: its items, or nothing when the destination does not take it. Returns
 * 0 when the change was taken whole, 1 when the batch filled inside it (a batch.committed change). */
static int take(struct build *b, const struct change *c, int64_t from_part, struct xy_error *err)
{
    struct xy_store *st = b->app->store;
    json_error_t jerr;
    json_t *detail = c->detail ? json_loads(c->detail, 0, &jerr) : NULL;
    int rc = XY_OK;
    b->seq = c->seq;
    b->kind = c->kind;
    b->at = c->at;
    b->objection = detail_int(detail, "objection", 0);
    if (strcmp(c->kind, "batch.committed") == 0) {
        b->kind = "record.stored";
        int64_t batch = detail_int(detail, "batch", 0);
        int64_t lo = from_part ? from_part : detail_int(detail, "first_record", 1) - 1;
        int64_t hi = detail_int(detail, "last_record", INT64_MAX);
        b->got = 0;
        b->last_rid = lo;
        /* Read in rounds the size of the room left; a round that comes back short ends the change. */
        for (;;) {
            long room = XY_EXCHANGE_SEND_ITEMS - (long)json_array_size(b->items);
            b->got = 0;
            rc = st->ops->batch_records(st, batch, b->last_rid, hi, (int)room, on_batch_record, b, err);
            if (rc || b->oom)
                break;
            if (b->full && b->got > 0) {
                json_decref(detail);
                return 1; /* stopped inside the change: the position stays at its last record */
            }
            if (b->got < room)
                break;
        }
    } else if (c->record_id && (strncmp(c->kind, "record.", 7) == 0 || strcmp(c->kind, "list.lifted") == 0)) {
        rc = st->ops->record_get(st, c->record_id, on_record, b, err);
        if (rc == XY_ENOTFOUND)
            rc = XY_OK;
    }
    json_decref(detail);
    if (!rc && b->oom)
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    if (!rc)
        consider(b, c->seq, 0);
    return rc ? -rc : 0;
}

/* Builds the next batch after pos. OUT: b->items, b->first, b->last (first[0] == 0: nothing). */
static int build_batch(struct build *b, const int64_t pos[2], struct xy_error *err)
{
    struct page p = {0};
    int64_t after = pos[1] ? pos[0] - 1 : pos[0]; /* a change sent in part is read again */
    int rc = XY_OK;
    while (!b->full) {
        p.n = 0;
        if ((rc = b->app->store->ops->changes_page(b->app->store, after, 100, on_change, &p, err)))
            break;
        if (p.oom) {
            rc = xy_error_set(err, XY_ENOMEM, "out of memory");
            break;
        }
        if (p.n == 0)
            break;
        for (int i = 0; i < p.n && !b->full && !rc; i++) {
            int r = take(b, &p.c[i], p.c[i].seq == pos[0] ? pos[1] : 0, err);
            if (r < 0)
                rc = -r;
            after = p.c[i].seq;
        }
        page_release(&p);
        if (rc)
            break;
    }
    page_release(&p);
    if (!rc && b->bad_seal)
        rc = xy_error_set(err, XY_ECRYPTO, "记录的加密内容无法解密 (a record's sealed values do not open)");
    return rc;
}

static int note_failure(struct xy_app *app, const struct dest *d, const char *text, struct xy_error *err)
{
    char now[32];
    struct xy_error ignore = {0};
    xy_clock_stamp(&app->clock, now);
    struct xy_store *st = app->store;
    if (st->ops->begin(st, &ignore) == XY_OK) {
        if (st->ops->dest_fail(st, d->id, text, now, &ignore) || st->ops->commit(st, &ignore))
            st->ops->rollback(st);
    }
    return xy_error_set(err, XY_EIO, "%s: %s", d->name, text);
}

static int ack(struct xy_app *app, const struct dest *d, const int64_t pos[2], struct xy_error *err)
{
    char now[32];
    struct xy_store *st = app->store;
    int rc;
    xy_clock_stamp(&app->clock, now);
    if ((rc = st->ops->begin(st, err)))
        return rc;
    if ((rc = st->ops->dest_ack(st, d->id, pos[0], pos[1], now, err)) || (rc = st->ops->commit(st, err)))
        st->ops->rollback(st);
    return rc;
}

static int pos_of(const json_t *p, int64_t out[2])
{
    const json_t *s = json_object_get(p, "seq"), *q = json_object_get(p, "part");
    if (!json_is_integer(s) || !json_is_integer(q) || json_integer_value(s) < 0 || json_integer_value(q) < 0)
        return -1;
    out[0] = json_integer_value(s);
    out[1] = json_integer_value(q);
    return 0;
}

/* One batch's HTTP exchange, on a thread of its own so that the next batch is built meanwhile: it
 * touches no store, only libcurl (thread-safe, a handle per call). */
struct post {
    const char *url, *key, *body;
    const char *headers[4];
    size_t len;
    long status;
    struct xy_buf resp;
    struct xy_error herr;
    int rc;
};

static void *post_run(void *arg)
{
    struct post *p = arg;
    p->rc = xy_httpc_post_json_h(p->url, p->key, p->headers, p->body, p->len, 5, 120, &p->status, &p->resp, &p->herr);
    return NULL;
}

/* Sends one batch and reads the answer; while the receiver works on it, builds *next (when not
 * NULL: the batch after this one, if it is acknowledged; next->failed when it could not be built).
 * OUT: *moved, the cursor after (acknowledged, or the receiver's position when it says the batch
 * does not continue from it). */
/* The body of batch b following position after (NULL: out of memory). */
static char *batch_body(const struct dest *d, const struct build *b, const int64_t after[2])
{
    json_t *doc = json_pack("{s:s, s:{s:I, s:I}, s:{s:I, s:I}, s:{s:I, s:I}, s:O}", "source", d->source, "after",
                            "seq", (json_int_t)after[0], "part", (json_int_t)after[1], "first", "seq",
                            (json_int_t)b->first[0], "part", (json_int_t)b->first[1], "last", "seq",
                            (json_int_t)b->last[0], "part", (json_int_t)b->last[1], "changes", b->items);
    char *body = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
    json_decref(doc);
    return body;
}

static int send_batch(struct xy_app *app, const struct dest *d, struct build *b, struct build *next,
                      int64_t moved[2], struct xy_error *err)
{
    /* A batch built ahead brings its body, written after the position it was built after: the
     * cursor, or it would not be sent (xy_exchange_push). */
    char *body = b->body ? b->body : batch_body(d, b, d->pos);
    b->body = NULL;
    if (!body)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    struct xy_buf resp;
    struct xy_error herr = {0};
    long status = 0;
    char text[400], canon[512], nonce[XY_EXCHANGE_NONCE_LEN + 1], sig[XY_EXCHANGE_SIG_LEN];
    char h_ts[48], h_nonce[64], h_sig[128];
    size_t len = strlen(body);
    /* Every attempt signed afresh (a new nonce): the receiver refuses a nonce it has seen. The
     * timestamp is wall time, as the receiver checks it (exchange_in.c). */
    struct xy_clock real;
    xy_clock_real(&real);
    int64_t ts = xy_clock_unix(&real);
    xy_exchange_nonce(nonce);
    if (xy_exchange_canon(d->source, ts, nonce, b->first, b->last, body, len, canon, sizeof canon) ||
        xy_exchange_sign(app, d->sign, sizeof d->sign, canon, sig)) {
        xy_free(body);
        return note_failure(app, d, "the destination's signing key does not open", err);
    }
    snprintf(h_ts, sizeof h_ts, "X-Xinyong-Timestamp: %lld", (long long)ts);
    snprintf(h_nonce, sizeof h_nonce, "X-Xinyong-Nonce: %s", nonce);
    snprintf(h_sig, sizeof h_sig, "X-Xinyong-Signature: %s", sig);
    struct post p = {.url = d->url, .key = d->key, .body = body, .len = len, .headers = {h_ts, h_nonce, h_sig, NULL}};
    xy_buf_init(&p.resp, 1u << 20);
    pthread_t t;
    int threaded = pthread_create(&t, NULL, post_run, &p) == 0;
    if (!threaded)
        post_run(&p);
    if (next) {
        struct xy_error ignore = {0};
        next->failed = build_batch(next, b->last, &ignore) != 0;
        /* Its body too, so that it goes as soon as this one is acknowledged. */
        if (!next->failed && next->first[0])
            next->failed = !(next->body = batch_body(d, next, next->after));
    }
    if (threaded)
        pthread_join(t, NULL);
    int rc = p.rc;
    resp = p.resp;
    herr = p.herr;
    status = p.status;
    xy_free(body);
    if (rc) {
        xy_buf_release(&resp);
        return note_failure(app, d, herr.msg, err);
    }
    json_error_t jerr;
    json_t *ans = resp.len ? json_loadb(resp.data, resp.len, 0, &jerr) : NULL;
    int64_t got[2];
    if (status == 200 && !pos_of(json_object_get(ans, "acked"), got) && got[0] == b->last[0] &&
        got[1] == b->last[1]) {
        moved[0] = got[0];
        moved[1] = got[1];
    } else if (status == 409 && !pos_of(json_object_get(ans, "expected"), got)) {
        /* The receiver holds another position: what it applied is what counts (a crash here after
         * it acknowledged and before the cursor moved, or its database restored from a backup). */
        moved[0] = got[0];
        moved[1] = got[1];
    } else {
        const char *detail = json_string_value(json_object_get(ans, "detail"));
        snprintf(text, sizeof text, "HTTP %ld: %.300s", status, detail ? detail : "(no acknowledgement)");
        rc = note_failure(app, d, text, err);
    }
    json_decref(ans);
    xy_buf_release(&resp);
    return rc;
}

int xy_exchange_push(struct xy_app *app, const char *name, long max_batches, struct xy_push_result *res,
                     struct xy_error *err)
{
    struct dest d;
    int rc, resyncs = 0;
    memset(res, 0, sizeof *res);
    if ((rc = dest_load(app, name, &d, err)))
        return rc;
    struct build ahead = {0}; /* the next batch, built while the last one was in flight */
    for (;;) {
        struct build b = {.app = app, .d = &d, .items = NULL};
        if (ahead.items && !ahead.failed && ahead.first[0] &&
            d.pos[0] == ahead.after[0] && d.pos[1] == ahead.after[1]) {
            b = ahead;
        } else {
            json_decref(ahead.items);
            xy_free(ahead.body);
            if (!(b.items = json_array())) {
                rc = xy_error_set(err, XY_ENOMEM, "out of memory");
                break;
            }
            rc = build_batch(&b, d.pos, err);
        }
        memset(&ahead, 0, sizeof ahead);
        if (!rc && !b.first[0]) {
            json_decref(b.items);
            res->idle = 1;
            break;
        }
        int64_t moved[2] = {0, 0};
        int more = !(max_batches && res->batches + 1 >= max_batches);
        if (more) {
            ahead = (struct build){.app = app, .d = &d, .items = json_array(), .after = {b.last[0], b.last[1]}};
            ahead.failed = !ahead.items;
        }
        if (!rc)
            rc = send_batch(app, &d, &b, more ? &ahead : NULL, moved, err);
        size_t n = json_array_size(b.items);
        json_decref(b.items);
        xy_free(b.body);
        if (rc)
            break;
        int resync = moved[0] != b.last[0] || moved[1] != b.last[1];
        if (resync && ++resyncs > 3) {
            rc = note_failure(app, &d, "the receiver's position keeps moving", err);
            break;
        }
        if ((rc = ack(app, &d, moved, err)))
            break;
        d.pos[0] = moved[0];
        d.pos[1] = moved[1];
        if (!resync) {
            res->batches++;
            res->changes += (long)n;
        }
        if (max_batches && res->batches >= max_batches)
            break;
    }
    json_decref(ahead.items);
    xy_free(ahead.body);
    res->seq = d.pos[0];
    res->part = d.pos[1];
    dest_release(&d);
    return rc;
}
