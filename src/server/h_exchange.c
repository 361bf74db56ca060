/* SPDX-License-Identifier: Apache-2.0 */
/* Exchange routes: a lower platform's batches in (/api/v1/exchange/inbound) and the office's
 * destinations (/api/v1/admin/exchange/destinations). */
#include "server/server_int.h"

#include <stdio.h>
#include <string.h>

#include "app/exchange.h"
#include "common/xy_xlsx.h"
#include "common/xy_alloc.h"

void xy_h_exchange_inbound(struct xy_http_req *rq, struct xy_resp *rs)
{
    if (!xy_media_is(xy_req_header(rq, "Content-Type"), "application/json")) {
        xy_resp_problem(rs, 415, "Unsupported Media Type", "交换批次须为 application/json (a batch is application/json)");
        return;
    }
    /* A token bucket per lower platform (by its key's name), before the writer is taken. */
    char bucket[160];
    int retry = 0;
    snprintf(bucket, sizeof bucket, "exchange:%s", rq->who.name);
    if (!xy_ratelimit_take(bucket, rq->srv->opts.exchange_rate, rq->srv->opts.exchange_burst, &retry)) {
        snprintf(rs->retry_after, sizeof rs->retry_after, "%d", retry);
        xy_resp_problem(rs, 429, "Too Many Requests", "交换批次过于频繁：每个下级平台每秒最多 %.0f 批 "
                        "(a lower platform may send at most %.0f batches a second)",
                        rq->srv->opts.exchange_rate, rq->srv->opts.exchange_rate);
        return;
    }
    char *ack = NULL;
    int64_t expected[2] = {0, 0};
    struct xy_error err = {0};
    struct xy_exchange_sig sig = {.timestamp = xy_req_header(rq, "X-Xinyong-Timestamp"),
                                  .nonce = xy_req_header(rq, "X-Xinyong-Nonce"),
                                  .signature = xy_req_header(rq, "X-Xinyong-Signature")};
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_exchange_inbound(app, &rq->who, &sig, rq->body.data ? rq->body.data : "", rq->body.len, &ack, expected,
                                 &err);
    xy_srv_writer_unlock(rq);
    if (rc == XY_ESTATE) {
        /* The position this platform holds, so that the sender can resume from it. */
        xy_resp_error(rs, rc, &err);
        json_error_t jerr;
        json_t *doc = json_loadb(rs->body.data, rs->body.len, 0, &jerr);
        if (doc && !json_object_set_new(doc, "expected",
                                        json_pack("{s:I, s:I}", "seq", (json_int_t)expected[0], "part",
                                                  (json_int_t)expected[1]))) {
            xy_resp_json(rs, 409, doc);
            rs->ctype = "application/problem+json";
        } else {
            json_decref(doc);
        }
        return;
    }
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    xy_buf_reset(&rs->body);
    if (xy_buf_addz(&rs->body, ack)) {
        xy_free(ack);
        xy_resp_problem(rs, 503, "Service Unavailable", "out of memory");
        return;
    }
    xy_free(ack);
    rs->status = 200;
    rs->ctype = "application/json";
}

void xy_h_exchange_dests(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    json_t *arr = NULL;
    struct xy_error err = {0};
    int rc = xy_exchange_dest_list(app, &arr, &err);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, json_pack("{s:o}", "items", arr));
}

void xy_h_exchange_dest_add(struct xy_http_req *rq, struct xy_resp *rs)
{
    json_t *body = xy_req_json(rq, rs, "name url source key classes");
    if (!body)
        return;
    const char *name = json_string_value(json_object_get(body, "name"));
    const json_t *cls = json_object_get(body, "classes");
    char *cls_text = cls ? json_dumps(cls, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
    char pub[XY_EXCHANGE_PUB_LEN] = "";
    struct xy_error err = {0};
    int rc;
    if (cls && !json_is_array(cls)) {
        rc = xy_error_set(&err, XY_EINVAL, "classes 须为信息类别名的数组 (classes must be an array of class names)");
    } else {
        struct xy_app *app = xy_srv_writer_lock(rq);
        rc = xy_exchange_dest_add(app, &rq->who, name, json_string_value(json_object_get(body, "url")),
                                  json_string_value(json_object_get(body, "source")),
                                  json_string_value(json_object_get(body, "key")), cls_text, pub, &err);
        xy_srv_writer_unlock(rq);
    }
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 201, json_pack("{s:s, s:s}", "name", name, "public_key", pub));
    xy_free(cls_text);
    json_decref(body);
}

static void set_enabled(struct xy_http_req *rq, struct xy_resp *rs, int enabled)
{
    struct xy_error err = {0};
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_exchange_dest_enable(app, &rq->who, rq->params[0], enabled, &err);
    xy_srv_writer_unlock(rq);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, json_pack("{s:s, s:b}", "name", rq->params[0], "enabled", enabled));
}

void xy_h_exchange_dest_enable(struct xy_http_req *rq, struct xy_resp *rs)
{
    set_enabled(rq, rs, 1);
}

void xy_h_exchange_dest_disable(struct xy_http_req *rq, struct xy_resp *rs)
{
    set_enabled(rq, rs, 0);
}

/* PUT /api/v1/admin/exchange/sources/{name}/key: the public key that verifies a lower platform's
 * batches, as its `exchange dest add` printed it (the CLI's `exchange source-key`). */
void xy_h_exchange_source_key(struct xy_http_req *rq, struct xy_resp *rs)
{
    json_t *body = xy_req_json(rq, rs, "public_key");
    if (!body)
        return;
    struct xy_error err = {0};
    const char *pub = json_string_value(json_object_get(body, "public_key"));
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_exchange_source_key(app, &rq->who, rq->params[0], pub, &err);
    xy_srv_writer_unlock(rq);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, json_pack("{s:s, s:s}", "source", rq->params[0], "public_key", pub));
    json_decref(body);
}

void xy_h_exchange_summary(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    json_t *doc = NULL;
    struct xy_error err = {0};
    int rc = xy_exchange_summary(app, &rq->who, xy_req_arg(rq, "from"), xy_req_arg(rq, "to"), &doc, &err);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, doc);
}

static int one_of(const char *v, const char *a, const char *b)
{
    return !v || strcmp(v, a) == 0 || strcmp(v, b) == 0;
}

void xy_h_exchange_export(struct xy_http_req *rq, struct xy_resp *rs)
{
    const char *format = xy_req_arg(rq, "format"), *headers = xy_req_arg(rq, "headers"), *ext = xy_req_arg(rq, "ext");
    struct xy_export_opts o = {.cls = xy_req_arg(rq, "class"), .from = xy_req_arg(rq, "from"), .to = xy_req_arg(rq, "to"),
                               .dept_uscc = xy_req_arg(rq, "dept")};
    if (!one_of(format, "csv", "xlsx") || !one_of(headers, "code", "zh") || !one_of(ext, "0", "1")) {
        xy_resp_problem(rs, 400, "Bad Request", "format 为 csv 或 xlsx，headers 为 code 或 zh，ext 为 0 或 1 (format is csv or "
                        "xlsx, headers code or zh, ext 0 or 1)");
        return;
    }
    o.xlsx = format && strcmp(format, "xlsx") == 0;
    o.zh_headers = headers && strcmp(headers, "zh") == 0;
    o.ext = ext && strcmp(ext, "1") == 0;
    long n = 0;
    struct xy_error err = {0};
    xy_buf_reset(&rs->body);
    struct xy_app *app = xy_srv_writer_lock(rq); /* audited, with the subjects' access history */
    int rc = xy_exchange_export(app, &rq->who, &o, &rs->body, &n, &err);
    xy_srv_writer_unlock(rq);
    if (rc) {
        xy_buf_reset(&rs->body);
        xy_resp_error(rs, rc, &err);
        return;
    }
    rs->status = 200;
    rs->ctype = o.xlsx ? XY_XLSX_MEDIA_TYPE : "text/csv; charset=utf-8";
    snprintf(rs->disposition, sizeof rs->disposition, "attachment; filename=\"%s-%s-%s.%s\"",
             strcmp(o.cls, "license") == 0 ? "XK" : "CF", o.from ? o.from : "all", o.to ? o.to : "all",
             o.xlsx ? "xlsx" : "csv");
}

void xy_h_exchange_lists_import(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_lists_result res;
    struct xy_error err = {0};
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_exchange_lists_import(app, &rq->who, xy_req_arg(rq, "source"), xy_req_arg(rq, "class"),
                                      rq->body.data ? rq->body.data : "", rq->body.len, &res, &err);
    xy_srv_writer_unlock(rq);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    xy_cache_note_write();
    xy_resp_json(rs, 200, json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I}", "source", xy_req_arg(rq, "source"), "class",
                                    xy_req_arg(rq, "class"), "rows", (json_int_t)res.rows, "added",
                                    (json_int_t)res.added, "updated", (json_int_t)res.updated, "unchanged",
                                    (json_int_t)res.unchanged, "ended", (json_int_t)res.ended));
}
