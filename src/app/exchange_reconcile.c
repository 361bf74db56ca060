/* SPDX-License-Identifier: Apache-2.0 */
/* Reconciling with a platform above: both sides count their records per class and decision day and
 * sum a digest of each, and the days whose count or sum differ are named. The sum is of 256-bit
 * numbers modulo 2^256, so that it does not depend on the order records are read in (each side
 * reads them in its own id order, and ids differ between platforms) and, unlike an exclusive or, a
 * record counted twice does not cancel out. */
#include "app/exchange.h"
#include "app/exchange_int.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "common/xy_alloc.h"
#include "common/xy_date.h"
#include "common/xy_httpc.h"

#define SCAN_PAGE 500

struct day {
    char day[12]; /* YYYY-MM-DD, or "-" for records without a decision date */
    long n;
    uint8_t sum[32];
};

struct acc {
    struct xy_app *app;
    struct xy_error *err;
    const char *cls;
    json_t *index; /* day -> position in days */
    struct day *days;
    size_t ndays, cap;
    int64_t last;
    long got;
    int rc;
};

/* a += b modulo 2^256, both little-endian. */
static void add256(uint8_t a[32], const uint8_t b[32])
{
    unsigned carry = 0;
    for (int i = 0; i < 32; i++) {
        unsigned s = (unsigned)a[i] + b[i] + carry;
        a[i] = (uint8_t)s;
        carry = s >> 8;
    }
}

static void hash_part(crypto_hash_sha256_state *h, const char *s, size_t n)
{
    crypto_hash_sha256_update(h, (const unsigned char *)s, n);
    crypto_hash_sha256_update(h, (const unsigned char *)"", 1); /* a separator no text holds */
}

/* SHA-256(class, department code, document number, status, SHA-256(fields, sealed fields opened)):
 * the record's key and a digest of its version as both platforms store it. The fields are the
 * stored JSON text, which both sides write alike from the same row; the sealed part (ID numbers)
 * is opened, since each platform seals with its own key. */
static int record_digest(struct xy_app *app, const struct xy_record_row *r, uint8_t out[32], struct xy_error *err)
{
    char *plain = NULL;
    size_t n = 0;
    int rc = xy_exchange_open_sealed(app, r, &plain, &n, err);
    if (rc)
        return rc;
    uint8_t content[32];
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    hash_part(&h, r->fields ? r->fields : "", r->fields ? strlen(r->fields) : 0);
    hash_part(&h, plain ? plain : "", n);
    crypto_hash_sha256_final(&h, content);
    if (plain) {
        sodium_memzero(plain, n);
        xy_free(plain);
    }
    crypto_hash_sha256_init(&h);
    hash_part(&h, r->cls, strlen(r->cls));
    hash_part(&h, r->dept_uscc ? r->dept_uscc : "", r->dept_uscc ? strlen(r->dept_uscc) : 0);
    hash_part(&h, r->doc_no, strlen(r->doc_no));
    hash_part(&h, r->status ? r->status : "", r->status ? strlen(r->status) : 0);
    crypto_hash_sha256_update(&h, content, sizeof content);
    crypto_hash_sha256_final(&h, out);
    return XY_OK;
}

static int on_record(void *ctx, const struct xy_record_row *r)
{
    struct acc *a = ctx;
    const char *day = r->decision_date && *r->decision_date ? r->decision_date : "-";
    uint8_t d[32];
    a->got++;
    a->last = r->id;
    if ((a->rc = record_digest(a->app, r, d, a->err)))
        return 1;
    json_t *at = json_object_get(a->index, day);
    struct day *slot;
    if (at) {
        slot = &a->days[json_integer_value(at)];
    } else {
        if (a->ndays == a->cap) {
            size_t cap = a->cap ? a->cap * 2 : 64;
            struct day *n = xy_realloc(a->days, cap * sizeof *n);
            if (!n)
                goto oom;
            a->days = n;
            a->cap = cap;
        }
        if (json_object_set_new(a->index, day, json_integer((json_int_t)a->ndays)))
            goto oom;
        slot = &a->days[a->ndays++];
        memset(slot, 0, sizeof *slot);
        snprintf(slot->day, sizeof slot->day, "%s", day);
    }
    slot->n++;
    add256(slot->sum, d);
    return 0;
oom:
    a->rc = xy_error_set(a->err, XY_ENOMEM, "out of memory");
    return 1;
}

static int day_cmp(const void *x, const void *y)
{
    return strcmp(((const struct day *)x)->day, ((const struct day *)y)->day);
}

/* Appends {class, day, count, hash} for each day of class cls to items, days in order. */
static int summarize_class(struct xy_app *app, const struct xy_record_scan *q, json_t *items, struct xy_error *err)
{
    struct acc a = {.app = app, .err = err, .cls = q->cls, .index = json_object()};
    int rc = a.index ? XY_OK : xy_error_set(err, XY_ENOMEM, "out of memory");
    while (!rc) {
        a.got = 0;
        rc = app->store->ops->records_scan(app->store, q, a.last, SCAN_PAGE, on_record, &a, err);
        if (!rc)
            rc = a.rc;
        if (rc || a.got < SCAN_PAGE)
            break;
    }
    if (!rc && a.ndays)
        qsort(a.days, a.ndays, sizeof *a.days, day_cmp);
    for (size_t i = 0; i < a.ndays && !rc; i++) {
        char hex[65];
        sodium_bin2hex(hex, sizeof hex, a.days[i].sum, sizeof a.days[i].sum);
        json_t *it = json_pack("{s:s, s:s, s:I, s:s}", "class", q->cls, "day", a.days[i].day, "count",
                               (json_int_t)a.days[i].n, "hash", hex);
        if (!it || json_array_append_new(items, it))
            rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    }
    json_decref(a.index);
    xy_free(a.days);
    return rc;
}

static int dates_ok(const char *from, const char *to, struct xy_error *err)
{
    struct xy_date d;
    if ((from && (strlen(from) != 10 || xy_date_parse(from, 10, &d))) ||
        (to && (strlen(to) != 10 || xy_date_parse(to, 10, &d))))
        return xy_error_set(err, XY_EINVAL, "from 和 to 须为 YYYY-MM-DD 日期 (from and to must be YYYY-MM-DD dates)");
    if (from && to && strcmp(from, to) > 0)
        return xy_error_set(err, XY_EINVAL, "from 不能晚于 to (from must not be after to)");
    return XY_OK;
}

/* The summary of classes (NULL: every class of the catalogue) as {from, to, items}. */
static int summary(struct xy_app *app, const char *source, const json_t *classes, const char *from, const char *to,
                   json_t **out, struct xy_error *err)
{
    json_t *items = json_array();
    int rc = items ? XY_OK : xy_error_set(err, XY_ENOMEM, "out of memory");
    size_t n = json_array_size(classes) ? json_array_size(classes) : app->catalog->nclasses;
    for (size_t i = 0; i < n && !rc; i++) {
        struct xy_record_scan q = {.from = from, .to = to, .source = source};
        q.cls = json_array_size(classes) ? json_string_value(json_array_get(classes, i)) : app->catalog->classes[i].name;
        rc = summarize_class(app, &q, items, err);
    }
    if (rc) {
        json_decref(items);
        return rc;
    }
    *out = json_pack("{s:s?, s:s?, s:o}", "from", from, "to", to, "items", items);
    return *out ? XY_OK : xy_error_set(err, XY_ENOMEM, "out of memory");
}

int xy_exchange_summary(struct xy_app *app, const struct xy_principal *by, const char *from, const char *to,
                        json_t **out, struct xy_error *err)
{
    *out = NULL;
    if (by->role != XY_ROLE_PLATFORM)
        return xy_error_set(err, XY_EDENIED, "只有下级平台的密钥可以对账 (only a lower platform's key reconciles)");
    int rc = dates_ok(from, to, err);
    if (!rc)
        rc = summary(app, by->name, NULL, from, to, out, err);
    if (!rc && json_object_set_new(*out, "source", json_string(by->name))) {
        json_decref(*out);
        *out = NULL;
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    }
    return rc;
}

/* ---- the sending side ------------------------------------------------------------------------- */

struct dest {
    struct xy_app *app;
    char url[1100], key[256];
    json_t *classes;
    int found, bad_key;
};

static int on_dest(void *ctx, const struct xy_dest_row *r)
{
    struct dest *d = ctx;
    json_error_t jerr;
    snprintf(d->url, sizeof d->url, "%s", r->url);
    d->bad_key = xy_exchange_dest_key(d->app, r, d->key, sizeof d->key) != 0;
    d->classes = json_loads(r->classes, 0, &jerr);
    d->found = 1;
    return 1;
}

/* The summary the destination gives of what it holds from this platform. */
static int remote_summary(const struct dest *d, const char *from, const char *to, json_t **out, struct xy_error *err)
{
    char url[1200];
    const char *base = d->url;
    size_t n = strlen(base);
    while (n && base[n - 1] == '/')
        n--;
    int len = snprintf(url, sizeof url, "%.*s/summary", (int)n, base);
    char sep = '?';
    if (from) {
        len += snprintf(url + len, sizeof url - (size_t)len, "%cfrom=%s", sep, from);
        sep = '&';
    }
    if (to)
        snprintf(url + len, sizeof url - (size_t)len, "%cto=%s", sep, to);
    struct xy_buf resp;
    struct xy_error herr = {0};
    long status = 0;
    xy_buf_init(&resp, 64u << 20);
    int rc = xy_httpc_get(url, d->key, 5, 600, &status, &resp, &herr);
    if (rc) {
        xy_buf_release(&resp);
        return xy_error_set(err, XY_EIO, "目的地无应答 (no answer from the destination): %s", herr.msg);
    }
    json_error_t jerr;
    *out = json_loadb(resp.data ? resp.data : "", resp.len, 0, &jerr);
    if (status != 200 || !json_is_array(json_object_get(*out, "items"))) {
        const char *detail = json_string_value(json_object_get(*out, "detail"));
        rc = xy_error_set(err, XY_EIO, "目的地未给出汇总 (the destination gave no summary): HTTP %ld %.300s", status,
                          detail ? detail : "");
        json_decref(*out);
        *out = NULL;
    }
    xy_buf_release(&resp);
    return rc;
}

/* Indexes a summary's items by "class|day" into idx; adds each day's hash into the class's sum. */
static int index_items(const json_t *items, const json_t *only, json_t *idx, json_t *classes)
{
    size_t i;
    const json_t *it;
    json_array_foreach(items, i, it) {
        const char *cls = json_string_value(json_object_get(it, "class"));
        const char *day = json_string_value(json_object_get(it, "day"));
        if (!cls || !day)
            return -1;
        if (json_array_size(only)) {
            int wanted = 0;
            size_t k;
            const json_t *c;
            json_array_foreach(only, k, c)
                wanted |= json_string_value(c) && strcmp(json_string_value(c), cls) == 0;
            if (!wanted)
                continue;
        }
        char key[128];
        snprintf(key, sizeof key, "%s|%s", cls, day);
        if (json_object_set(idx, key, (json_t *)it))
            return -1;
        if (!json_object_get(classes, cls) && json_object_set_new(classes, cls, json_true()))
            return -1;
    }
    return 0;
}

static json_t *side(const json_t *it)
{
    if (!it)
        return json_null();
    return json_pack("{s:O, s:O}", "count", json_object_get(it, "count"), "hash", json_object_get(it, "hash"));
}

struct total {
    json_int_t n;
    uint8_t sum[32];
};

static void total_add(struct total *t, const json_t *it)
{
    uint8_t b[32];
    const char *hex = json_string_value(json_object_get(it, "hash"));
    t->n += json_integer_value(json_object_get(it, "count"));
    if (hex && strlen(hex) == 64 && sodium_hex2bin(b, sizeof b, hex, 64, NULL, NULL, NULL) == 0)
        add256(t->sum, b);
}

static json_t *total_json(const struct total *t)
{
    char hex[65];
    sodium_bin2hex(hex, sizeof hex, t->sum, sizeof t->sum);
    return json_pack("{s:I, s:s}", "count", t->n, "hash", hex);
}

/* Compares the two summaries. OUT: the report's "classes" and "differ" arrays. */
static int compare(const json_t *mine, const json_t *theirs, const json_t *only, json_t *classes_out,
                   json_t *differ, long *ndiffer)
{
    json_t *a = json_object(), *b = json_object(), *classes = json_object(), *keys = json_array();
    int rc = -1;
    if (!a || !b || !classes || !keys || index_items(json_object_get(mine, "items"), only, a, classes) ||
        index_items(json_object_get(theirs, "items"), only, b, classes))
        goto out;
    const char *k;
    json_t *v;
    json_object_foreach(a, k, v)
        json_array_append_new(keys, json_string(k));
    json_object_foreach(b, k, v)
        if (!json_object_get(a, k))
            json_array_append_new(keys, json_string(k));
    /* Class by class, days in order: keys are "class|YYYY-MM-DD". */
    size_t nk = json_array_size(keys);
    const char **sorted = xy_calloc(nk ? nk : 1, sizeof *sorted);
    if (!sorted)
        goto out;
    for (size_t i = 0; i < nk; i++)
        sorted[i] = json_string_value(json_array_get(keys, i));
    for (size_t i = 1; i < nk; i++) /* insertion sort: a few thousand days at most per class */
        for (size_t j = i; j > 0 && strcmp(sorted[j - 1], sorted[j]) > 0; j--) {
            const char *t = sorted[j];
            sorted[j] = sorted[j - 1];
            sorted[j - 1] = t;
        }
    json_object_foreach(classes, k, v) {
        struct total ta = {0}, tb = {0};
        long days = 0;
        size_t kl = strlen(k);
        for (size_t i = 0; i < nk; i++) {
            if (strncmp(sorted[i], k, kl) != 0 || sorted[i][kl] != '|')
                continue;
            const json_t *x = json_object_get(a, sorted[i]), *y = json_object_get(b, sorted[i]);
            if (x)
                total_add(&ta, x);
            if (y)
                total_add(&tb, y);
            if (x && y && json_equal(json_object_get(x, "count"), json_object_get(y, "count")) &&
                json_equal(json_object_get(x, "hash"), json_object_get(y, "hash")))
                continue;
            days++;
            json_array_append_new(differ, json_pack("{s:s, s:s, s:o, s:o}", "class", k, "day", sorted[i] + kl + 1,
                                                    "local", side(x), "remote", side(y)));
        }
        *ndiffer += days;
        json_array_append_new(classes_out, json_pack("{s:s, s:o, s:o, s:I, s:b}", "class", k, "local", total_json(&ta),
                                                     "remote", total_json(&tb), "days_differing", (json_int_t)days,
                                                     "agree", days == 0));
    }
    xy_free(sorted);
    rc = 0;
out:
    json_decref(a);
    json_decref(b);
    json_decref(classes);
    json_decref(keys);
    return rc;
}

int xy_exchange_reconcile(struct xy_app *app, const char *dest, const char *from, const char *to, json_t **out,
                          struct xy_error *err)
{
    struct dest d = {.app = app};
    json_t *mine = NULL, *theirs = NULL, *classes = NULL, *differ = NULL;
    long ndiffer = 0;
    int rc;
    *out = NULL;
    if ((rc = dates_ok(from, to, err)))
        return rc;
    if (!xy_exchange_name_ok(dest))
        return xy_error_set(err, XY_ENOTFOUND, "没有这个交换目的地 (no such destination)");
    if ((rc = app->store->ops->dest_list(app->store, dest, on_dest, &d, err)))
        return rc;
    if (!json_is_array(d.classes)) {
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        goto out;
    }
    if (d.bad_key) {
        rc = xy_error_set(err, XY_ECRYPTO, "目的地 %s 的密钥无法打开 (the key of destination %s does not open)", dest, dest);
        goto out;
    }
    if ((rc = summary(app, NULL, d.classes, from, to, &mine, err)) || (rc = remote_summary(&d, from, to, &theirs, err)))
        goto out;
    classes = json_array();
    differ = json_array();
    if (!classes || !differ || compare(mine, theirs, d.classes, classes, differ, &ndiffer)) {
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        goto out;
    }
    *out = json_pack("{s:s, s:s?, s:s?, s:b, s:I, s:O, s:O}", "dest", dest, "from", from, "to", to, "agree",
                     ndiffer == 0, "days_differing", (json_int_t)ndiffer, "classes", classes, "differ", differ);
    if (!*out)
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
out:
    json_decref(d.classes);
    json_decref(mine);
    json_decref(theirs);
    json_decref(classes);
    json_decref(differ);
    sodium_memzero(d.key, sizeof d.key);
    return rc;
}
