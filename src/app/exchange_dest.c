/* SPDX-License-Identifier: Apache-2.0 */
/* Exchange destinations: what the office configures (name, URL, key, classes) and the state each
 * one's sender leaves (cursor, backlog, lag, last error), as JSON and as metrics. */
#include "app/exchange.h"
#include "app/exchange_int.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/audit.h"
#include "common/xy_alloc.h"
#include "common/xy_date.h"
#include "common/xy_utf8.h"

static int name_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > 64)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
              c == '.'))
            return 0;
    }
    return 1;
}

/* A URL the sender may post to: http or https, printable ASCII, bounded. */
static int url_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 10 || n > 1024 || (strncmp(s, "http://", 7) != 0 && strncmp(s, "https://", 8) != 0))
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] >= 0x7f)
            return 0;
    return 1;
}

/* The classes as a sorted JSON array text of known class names. OUT: *text (caller frees). */
static int classes_text(struct xy_app *app, const char *classes, char **text, struct xy_error *err)
{
    json_error_t jerr;
    json_t *a = classes && *classes ? json_loads(classes, 0, &jerr) : json_array();
    if (!json_is_array(a) || json_array_size(a) > 64) {
        json_decref(a);
        return xy_error_set(err, XY_EINVAL, "classes 须为信息类别名的 JSON 数组 (classes must be a JSON array of class "
                            "names)");
    }
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v) {
        const char *c = json_string_value(v);
        if (!c || !xy_catalog_class(app->catalog, c)) {
            int cut = c ? (int)xy_utf8_floor(c, strnlen(c, 64)) : 0;
            xy_error_set(err, XY_EINVAL, "未知的信息类别 %.*s (unknown class %.*s)", cut, c ? c : "", cut, c ? c : "");
            json_decref(a); /* after the message: c points into it */
            return XY_EINVAL;
        }
    }
    *text = json_dumps(a, JSON_COMPACT);
    json_decref(a);
    return *text ? XY_OK : xy_error_set(err, XY_ENOMEM, "out of memory");
}

int xy_exchange_dest_add(struct xy_app *app, const struct xy_principal *by, const char *name, const char *url,
                         const char *source, const char *key, const char *classes, char pub[XY_EXCHANGE_PUB_LEN],
                         struct xy_error *err)
{
    struct xy_store *st = app->store;
    char now[32], object[80], *cls = NULL;
    uint8_t key_sealed[200 + XY_SEAL_OVERHEAD], sign_sealed[XY_EXCHANGE_SK_SEALED];
    int rc;
    pub[0] = '\0';
    if (!name_ok(name))
        return xy_error_set(err, XY_EINVAL, "目的地名称须为 1 至 64 个字母、数字或 - _ . (a destination's name is 1 to "
                            "64 letters, digits, '-', '_' or '.')");
    if (!name_ok(source))
        return xy_error_set(err, XY_EINVAL, "须给出本平台在目的地的名称（1 至 64 个字母、数字或 - _ .） (the name this "
                            "platform goes by at the destination is needed: 1 to 64 letters, digits, '-', '_' or '.')");
    if (!url_ok(url))
        return xy_error_set(err, XY_EINVAL, "目的地地址须为 http:// 或 https:// 开头、不含空白的 URL（至多 1024 字节） "
                            "(the destination's URL must start with http:// or https://, hold no blanks and be "
                            "at most 1024 bytes)");
    if (!key || !*key || strlen(key) > 200 || strpbrk(key, " \t\r\n"))
        return xy_error_set(err, XY_EINVAL, "须给出目的地发给本平台的密钥（至多 200 字节，不含空白） (the key the "
                            "destination gave this platform is needed: at most 200 bytes, no blanks)");
    if ((rc = classes_text(app, classes, &cls, err)))
        return rc;
    /* Sealed as ID numbers are (app/keys.h): the database alone does not give the key away. */
    xy_keys_seal(&app->keys, key, strlen(key), key_sealed);
    if (xy_exchange_keypair(app, sign_sealed, pub)) {
        xy_free(cls);
        return xy_error_set(err, XY_ECRYPTO, "cannot make a key pair");
    }
    xy_clock_stamp(&app->clock, now);
    struct xy_dest_row d = {.name = name, .url = url, .source = source, .key_sealed = key_sealed,
                            .key_sealed_len = strlen(key) + XY_SEAL_OVERHEAD, .sign_sealed = sign_sealed,
                            .sign_sealed_len = sizeof sign_sealed, .sign_pub = pub, .classes = cls, .enabled = 1,
                            .created_at = now};
    snprintf(object, sizeof object, "exchange/%s", name);
    if (!(rc = st->ops->begin(st, err))) {
        rc = st->ops->dest_add(st, &d, NULL, err);
        if (rc == XY_EEXIST)
            xy_error_set(err, XY_EEXIST, "目的地 %s 已存在 (destination %s exists already)", name, name);
        rc = xy_audit_commitj(app, by, "exchange.dest_add", object,
                              json_pack("{s:s, s:s, s:s, s:s}", "url", url, "source", source, "classes", cls,
                                        "public_key", pub),
                              rc, err);
    }
    sodium_memzero(key_sealed, sizeof key_sealed);
    xy_free(cls);
    if (rc)
        pub[0] = '\0';
    return rc;
}

int xy_exchange_dest_enable(struct xy_app *app, const struct xy_principal *by, const char *name, int enabled,
                            struct xy_error *err)
{
    struct xy_store *st = app->store;
    char object[80];
    int rc;
    if (!name_ok(name))
        return xy_error_set(err, XY_ENOTFOUND, "没有这个交换目的地 (no such destination)");
    snprintf(object, sizeof object, "exchange/%s", name);
    if ((rc = st->ops->begin(st, err)))
        return rc;
    rc = st->ops->dest_enable(st, name, enabled, err);
    return xy_audit_commitj(app, by, enabled ? "exchange.dest_enable" : "exchange.dest_disable", object,
                            json_pack("{s:b}", "enabled", enabled), rc,
                            err);
}

/* Seconds from an ISO 8601 UTC stamp ("YYYY-MM-DDTHH:MM:SSZ") to now; 0 when it does not parse. */
static int64_t age(struct xy_app *app, const char *at)
{
    struct xy_date d;
    int hh, mm, ss;
    if (!at || strlen(at) < 20 || xy_date_parse(at, 10, &d) != 0 || sscanf(at + 11, "%2d:%2d:%2d", &hh, &mm, &ss) != 3)
        return 0;
    int64_t t = (int64_t)xy_date_to_days(d) * 86400 + hh * 3600 + mm * 60 + ss;
    int64_t now = xy_clock_unix(&app->clock);
    return now > t ? now - t : 0;
}

struct listing {
    struct xy_app *app;
    json_t *arr;
    struct xy_buf *metrics;
    int oom;
};

static int on_dest(void *ctx, const struct xy_dest_row *d)
{
    struct listing *l = ctx;
    int64_t lag = d->oldest_at ? age(l->app, d->oldest_at) : 0;
    if (l->metrics) {
        struct xy_buf *b = l->metrics;
        /* Names are [A-Za-z0-9._-]: safe inside a label as they are. */
        xy_buf_printf(b, "xinyong_exchange_backlog{dest=\"%s\"} %lld\n", d->name, (long long)d->backlog);
        xy_buf_printf(b, "xinyong_exchange_lag_seconds{dest=\"%s\"} %lld\n", d->name, (long long)lag);
        xy_buf_printf(b, "xinyong_exchange_acked_seq{dest=\"%s\"} %lld\n", d->name, (long long)d->acked_seq);
        xy_buf_printf(b, "xinyong_exchange_failures{dest=\"%s\"} %lld\n", d->name, (long long)d->failures);
        if (d->last_error) {
            xy_buf_printf(b, "xinyong_exchange_last_error_info{dest=\"%s\",error=\"", d->name);
            for (const char *p = d->last_error; *p && p - d->last_error < 300; p++) {
                if (*p == '\\' || *p == '"')
                    xy_buf_addc(b, '\\');
                xy_buf_addc(b, *p == '\n' ? ' ' : *p);
            }
            xy_buf_addz(b, "\"} 1\n");
        }
        return 0;
    }
    json_error_t jerr;
    json_t *cls = json_loads(d->classes, 0, &jerr);
    json_t *j = json_pack("{s:s, s:s, s:s, s:o, s:b, s:s, s:{s:I, s:I, s:s?}, s:I, s:I, s:I, s:s?, s:s?, s:s?}", "name", d->name,
                          "url", d->url, "source", d->source, "classes", cls ? cls : json_array(), "enabled", d->enabled, "created_at",
                          d->created_at, "acked", "seq", (json_int_t)d->acked_seq, "part", (json_int_t)d->acked_part,
                          "at", d->acked_at, "backlog", (json_int_t)d->backlog, "lag_seconds", (json_int_t)lag,
                          "failures", (json_int_t)d->failures, "last_error", d->last_error, "last_error_at",
                          d->last_error_at, "public_key", d->sign_pub);
    if (!j || json_array_append_new(l->arr, j)) {
        l->oom = 1;
        return 1;
    }
    return 0;
}

int xy_exchange_dest_list(struct xy_app *app, json_t **out, struct xy_error *err)
{
    struct listing l = {.app = app, .arr = json_array()};
    *out = NULL;
    if (!l.arr)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    int rc = app->store->ops->dest_list(app->store, NULL, on_dest, &l, err);
    if (!rc && l.oom)
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    if (rc)
        json_decref(l.arr);
    else
        *out = l.arr;
    return rc;
}

int xy_exchange_metrics(struct xy_app *app, struct xy_buf *out, struct xy_error *err)
{
    struct listing l = {.app = app, .metrics = out};
    xy_buf_addz(out, "# HELP xinyong_exchange_backlog Changes not yet acknowledged by a destination.\n"
                     "# TYPE xinyong_exchange_backlog gauge\n"
                     "# HELP xinyong_exchange_lag_seconds Age of the oldest change a destination has not acknowledged.\n"
                     "# TYPE xinyong_exchange_lag_seconds gauge\n"
                     "# HELP xinyong_exchange_acked_seq The last change a destination acknowledged.\n"
                     "# TYPE xinyong_exchange_acked_seq gauge\n"
                     "# HELP xinyong_exchange_failures Pushes failed since a destination's last acknowledgement.\n"
                     "# TYPE xinyong_exchange_failures gauge\n"
                     "# HELP xinyong_exchange_last_error_info The last error of a destination that is failing.\n"
                     "# TYPE xinyong_exchange_last_error_info gauge\n");
    return app->store->ops->dest_list(app->store, NULL, on_dest, &l, err);
}
