/* SPDX-License-Identifier: Apache-2.0 */
/* Delivering a subscription's notifications: its changes after its cursor, read from the change log
 * (the exchange's outbox) in order, narrowed to the records of the subjects it follows and to what
 * the subscriber may see, sent in deliveries signed with HMAC-SHA256, the cursor moving only when
 * the webhook acknowledges. Positions are the exchange's (seq, part): a batch.committed change can
 * be delivered in parts (docs/internals/EXCHANGE.md). */
#include "app/subscription.h"
#include "app/app_int.h"
#include "app/exchange_int.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/consent.h"
#include "common/xy_alloc.h"
#include "common/xy_httpc.h"
#include "core/publicity.h"

#define SCAN_CHANGES 5000 /* changes a delivery's build reads at most: a quiet subscription's cursor
                             still moves (and is kept) as the log grows */

struct sub {
    struct xy_app *app;
    int64_t id, key_id;
    char *url;
    unsigned char key[32];
    int found, oom, bad_secret;
    int64_t pos[2];
};

static int on_sub(void *ctx, const struct xy_sub_row *r)
{
    struct sub *s = ctx;
    s->found = 1;
    s->id = r->id;
    s->key_id = r->key_id;
    s->url = xy_strdup(r->url);
    s->oom = !s->url;
    s->pos[0] = r->acked_seq;
    s->pos[1] = r->acked_part;
    s->bad_secret = r->secret_len != sizeof s->key + XY_SEAL_OVERHEAD ||
                    xy_keys_open(&s->app->keys, r->secret, r->secret_len, s->key) != 0;
    return 1;
}

/* Who sees what, and the reads to log with the acknowledgement. */
struct read {
    int64_t subject, grant;
};

struct build {
    struct xy_app *app;
    const struct sub *s;
    const struct xy_principal *who;
    struct xy_date today;
    char today_s[11];
    json_t *items;
    size_t bytes;
    int64_t first[2], last[2];
    int full, oom;
    long scanned;
    int64_t seq;
    const char *kind, *at;
    int64_t last_rid;
    long got;
    struct read *reads;
    size_t nreads, cap;
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

static int granted(const char *classes, const char *cls)
{
    json_error_t jerr;
    json_t *a = classes ? json_loads(classes, 0, &jerr) : NULL;
    size_t i;
    json_t *v;
    int yes = 0;
    json_array_foreach(a, i, v)
        if (json_string_value(v) && strcmp(json_string_value(v), cls) == 0)
            yes = 1;
    json_decref(a);
    return yes;
}

static int note_read(struct build *b, int64_t subject, int64_t grant)
{
    if (b->nreads && b->reads[b->nreads - 1].subject == subject && b->reads[b->nreads - 1].grant == grant)
        return 0;
    if (b->nreads == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        struct read *r = xy_realloc(b->reads, cap * sizeof *r);
        if (!r)
            return -1;
        b->reads = r;
        b->cap = cap;
    }
    b->reads[b->nreads++] = (struct read){subject, grant};
    return 0;
}

/* One notification for the record of hit at position (b->seq, part), or none when the subscriber
 * may not see it. The rules are the platform's: a querier reads a subject only under a live grant
 * (xy_grant_held_by, as the authorised read), the granted classes in the internal view and the
 * others as the public sees them (xy_record_json's views, the one publicity rule); a department
 * its own records in the internal view and the others' as the public. */
static void notify(struct build *b, const struct xy_sub_hit *h, int64_t part)
{
    const struct xy_record_row *r = h->r;
    const struct xy_class *k = xy_catalog_class(b->app->catalog, r->cls);
    enum xy_view view = XY_VIEW_PUBLIC;
    const char *basis = "public";
    int64_t grant = 0;
    if (!k)
        return;
    if (b->who->role == XY_ROLE_QUERIER) {
        int live = h->consent_id && !h->revoked_at && h->until && strcmp(h->until, b->today_s) >= 0 &&
                   h->grant_subject == r->subject_id &&
                   xy_grant_held_by(b->who, h->querier_key, h->querier_id, h->querier_disabled_at != NULL);
        if (!live)
            return; /* the follow ended with its grant: nothing more goes */
        if (granted(h->classes, r->cls)) {
            view = XY_VIEW_INTERNAL;
            basis = "grant";
            grant = h->consent_id;
        }
    } else if (b->who->role == XY_ROLE_DEPARTMENT && r->dept_id == b->who->dept_id) {
        view = XY_VIEW_INTERNAL;
        basis = "own_records";
    }
    if (view == XY_VIEW_PUBLIC && !xy_publicity_class(k))
        return;
    int content = strcmp(b->kind, "record.stored") == 0 || strcmp(b->kind, "record.corrected") == 0;
    json_t *what = content ? xy_record_json(b->app, r, view, b->today) : NULL;
    if (content && !what)
        return; /* not visible to this subscriber (e.g. not published) */
    if (!content && view == XY_VIEW_PUBLIC && strcmp(r->status, "unpublished") == 0)
        return; /* the public never saw it */
    /* A person is named by its public id and its masked ID number (the follow's answer gave the
     * subscriber the first for each number of its list), never by the number. */
    json_t *it = json_pack("{s:{s:I, s:I}, s:s, s:s, s:{s:s, s:s?, s:s*}, s:s, s:{s:I, s:s, s:{s:s, s:s}, s:s, s:i, "
                           "s:s}}",
                           "pos", "seq", (json_int_t)b->seq, "part", (json_int_t)part, "kind", b->kind, "at", b->at,
                           "subject", "id", h->subject_opaque, "uscc", h->subject_uscc, "id_masked",
                           h->subject_uscc ? NULL : h->subject_masked, "basis", basis, "evidence",
                           "record", (json_int_t)r->id, "class", r->cls, "dept", "uscc", r->dept_uscc, "name",
                           r->dept_name, "doc_no", r->doc_no, "version", r->version, "status",
                           xy_exchange_change_status(b->kind, r->status));
    if (it && grant)
        json_object_set_new(it, "grant", json_integer(grant));
    if (it && what)
        json_object_set_new(json_object_get(it, "evidence"), "content", what);
    else
        json_decref(what);
    if (!it || json_array_append_new(b->items, it) || (grant && note_read(b, r->subject_id, grant))) {
        b->oom = 1;
        return;
    }
    b->bytes += (r->fields ? strlen(r->fields) : 0) + 400;
    if (json_array_size(b->items) >= XY_EXCHANGE_SEND_ITEMS || b->bytes >= XY_EXCHANGE_SEND_BYTES)
        b->full = 1;
}

static int on_batch_hit(void *ctx, const struct xy_sub_hit *h)
{
    struct build *b = ctx;
    b->got++;
    b->last_rid = h->r->id;
    notify(b, h, h->r->id);
    if (b->oom)
        return 1;
    consider(b, b->seq, h->r->id);
    return b->full;
}

static int on_one_hit(void *ctx, const struct xy_sub_hit *h)
{
    notify(ctx, h, 0);
    return 1;
}

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

/* One change: its notifications. Returns 0 when taken whole, 1 when the delivery filled inside it,
 * a negative error code on failure. */
static int take(struct build *b, const struct change *c, int64_t from_part, struct xy_error *err)
{
    struct xy_store *st = b->app->store;
    json_error_t jerr;
    json_t *detail = c->detail ? json_loads(c->detail, 0, &jerr) : NULL;
    int rc = XY_OK;
    b->seq = c->seq;
    b->kind = c->kind;
    b->at = c->at;
    if (strcmp(c->kind, "batch.committed") == 0) {
        b->kind = "record.stored";
        int64_t batch = detail_int(detail, "batch", 0);
        int64_t lo = from_part ? from_part : detail_int(detail, "first_record", 1) - 1;
        int64_t hi = detail_int(detail, "last_record", INT64_MAX);
        b->last_rid = lo;
        for (;;) {
            long room = XY_EXCHANGE_SEND_ITEMS - (long)json_array_size(b->items);
            b->got = 0;
            rc = st->ops->sub_hits(st, b->s->id, batch, b->last_rid, hi, (int)room, on_batch_hit, b, err);
            if (rc || b->oom)
                break;
            if (b->full && b->got > 0) {
                json_decref(detail);
                return 1;
            }
            if (b->got < room)
                break;
        }
    } else if (c->record_id && (strncmp(c->kind, "record.", 7) == 0 || strcmp(c->kind, "list.lifted") == 0)) {
        rc = st->ops->sub_hits(st, b->s->id, 0, c->record_id - 1, c->record_id, 1, on_one_hit, b, err);
    }
    json_decref(detail);
    if (!rc && b->oom)
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    if (!rc)
        consider(b, c->seq, 0);
    return rc ? -rc : 0;
}

static int build(struct build *b, const int64_t pos[2], struct xy_error *err)
{
    struct page p = {0};
    int64_t after = pos[1] ? pos[0] - 1 : pos[0];
    int rc = XY_OK;
    while (!b->full && b->scanned < SCAN_CHANGES) {
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
            b->scanned++;
        }
        page_release(&p);
        if (rc)
            break;
    }
    page_release(&p);
    return rc;
}

void xy_sub_sign(const unsigned char key[32], long long timestamp, const char *delivery, const char *body, size_t len,
                 char hex[65])
{
    crypto_auth_hmacsha256_state h;
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    char head[160];
    int n = snprintf(head, sizeof head, "v1\n%lld\n%s\n", timestamp, delivery);
    crypto_auth_hmacsha256_init(&h, key, 32);
    crypto_auth_hmacsha256_update(&h, (const unsigned char *)head, (unsigned long long)n);
    crypto_auth_hmacsha256_update(&h, (const unsigned char *)body, len);
    crypto_auth_hmacsha256_final(&h, mac);
    sodium_bin2hex(hex, 65, mac, sizeof mac);
    sodium_memzero(&h, sizeof h);
}

static int note_failure(struct xy_app *app, const struct sub *s, const char *text, struct xy_error *err)
{
    char now[32];
    struct xy_error ignore = {0};
    struct xy_store *st = app->store;
    xy_clock_stamp(&app->clock, now);
    if (st->ops->begin(st, &ignore) == XY_OK) {
        if (st->ops->sub_fail(st, s->id, text, now, &ignore) || st->ops->commit(st, &ignore))
            st->ops->rollback(st);
    }
    return xy_error_set(err, XY_EIO, "subscription %lld: %s", (long long)s->id, text);
}

/* Moves the cursor to pos with the reads the delivery carried in the subjects' access histories. */
static int ack(struct xy_app *app, const struct sub *s, const struct xy_principal *who, const struct build *b,
               const int64_t pos[2], struct xy_error *err)
{
    struct xy_store *st = app->store;
    char now[32], object[48];
    int rc;
    xy_clock_stamp(&app->clock, now);
    snprintf(object, sizeof object, "subscription/%lld", (long long)s->id);
    if ((rc = st->ops->begin(st, err)))
        return rc;
    rc = st->ops->sub_ack(st, s->id, pos[0], pos[1], (int64_t)json_array_size(b->items), now, err);
    for (size_t i = 0; !rc && i < b->nreads; i++)
        rc = st->ops->access_add(st, b->reads[i].subject, now, who->key_id, xy_role_name(who->role),
                                 who->dept_uscc[0] ? who->dept_uscc : NULL, "变动通知 (change notification)", object,
                                 b->reads[i].grant, err);
    if (rc || (rc = st->ops->commit(st, err)))
        st->ops->rollback(st);
    return rc;
}

static int send(struct xy_app *app, const struct sub *s, const struct build *b, struct xy_error *err)
{
    char delivery[128], sig[65], h_sub[64], h_del[160], h_ts[64], h_sig[96];
    snprintf(delivery, sizeof delivery, "%lld-%lld.%lld-%lld.%lld", (long long)s->id, (long long)b->first[0],
             (long long)b->first[1], (long long)b->last[0], (long long)b->last[1]);
    json_t *doc = json_pack("{s:I, s:s, s:{s:I, s:I}, s:{s:I, s:I}, s:{s:I, s:I}, s:O}", "subscription",
                            (json_int_t)s->id, "delivery", delivery, "after", "seq", (json_int_t)s->pos[0], "part",
                            (json_int_t)s->pos[1], "first", "seq", (json_int_t)b->first[0], "part",
                            (json_int_t)b->first[1], "last", "seq", (json_int_t)b->last[0], "part",
                            (json_int_t)b->last[1], "notifications", b->items);
    char *body = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
    json_decref(doc);
    if (!body)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    long long ts = (long long)xy_clock_unix(&app->clock);
    size_t len = strlen(body);
    xy_sub_sign(s->key, ts, delivery, body, len, sig);
    snprintf(h_sub, sizeof h_sub, "X-Xinyong-Subscription: %lld", (long long)s->id);
    snprintf(h_del, sizeof h_del, "X-Xinyong-Delivery: %s", delivery);
    snprintf(h_ts, sizeof h_ts, "X-Xinyong-Timestamp: %lld", ts);
    snprintf(h_sig, sizeof h_sig, "X-Xinyong-Signature: v1=%s", sig);
    const char *hdrs[] = {h_sub, h_del, h_ts, h_sig, NULL};
    struct xy_buf resp;
    struct xy_error herr = {0};
    long status = 0;
    char text[400];
    xy_buf_init(&resp, 64u << 10);
    int rc = xy_httpc_post_json_h(s->url, NULL, hdrs, body, len, 5, 60, &status, &resp, &herr);
    xy_free(body);
    xy_buf_release(&resp);
    if (rc)
        return note_failure(app, s, herr.msg, err);
    if (status < 200 || status > 299) {
        snprintf(text, sizeof text, "HTTP %ld from the webhook", status);
        return note_failure(app, s, text, err);
    }
    return XY_OK;
}

int xy_sub_push(struct xy_app *app, int64_t id, long max_deliveries, struct xy_push_result *res,
                struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct sub s = {.app = app};
    struct xy_principal who;
    int rc;
    memset(res, 0, sizeof *res);
    if ((rc = st->ops->sub_list(st, id, 0, 1, on_sub, &s, err)))
        goto out;
    if (s.oom) {
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        goto out;
    }
    if (xy_auth_principal(app, s.key_id, &who, err)) {
        /* The subscriber's key was revoked: the subscription ends with it. */
        char now[32];
        xy_clock_stamp(&app->clock, now);
        if (!(rc = st->ops->begin(st, err))) {
            if ((rc = st->ops->sub_end(st, s.id, now, "key_revoked", err)) || (rc = st->ops->commit(st, err)))
                st->ops->rollback(st);
        }
        res->idle = 1;
        goto out;
    }
    if (s.bad_secret) {
        rc = xy_error_set(err, XY_ECRYPTO, "subscription %lld: its secret does not open", (long long)id);
        goto out;
    }
    for (;;) {
        struct build b = {.app = app, .s = &s, .who = &who, .items = json_array(),
                          .today = xy_clock_today(&app->clock)};
        xy_date_format(b.today, b.today_s);
        if (!b.items) {
            rc = xy_error_set(err, XY_ENOMEM, "out of memory");
            break;
        }
        rc = build(&b, s.pos, err);
        if (!rc && !b.first[0]) {
            json_decref(b.items);
            res->idle = 1;
            break;
        }
        size_t n = json_array_size(b.items);
        if (!rc && n)
            rc = send(app, &s, &b, err);
        if (!rc)
            rc = ack(app, &s, &who, &b, b.last, err);
        json_decref(b.items);
        xy_free(b.reads);
        if (rc)
            break;
        s.pos[0] = b.last[0];
        s.pos[1] = b.last[1];
        if (n) {
            res->batches++;
            res->changes += (long)n;
        }
        if (max_deliveries && res->batches >= max_deliveries)
            break;
    }
    res->seq = s.pos[0];
    res->part = s.pos[1];
out:
    sodium_memzero(s.key, sizeof s.key);
    xy_free(s.url);
    return rc;
}
