/* SPDX-License-Identifier: Apache-2.0 */
/* Response builders, the one table from error codes to HTTP statuses, and request-input checks. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/xy_alloc.h"
#include "common/xy_utf8.h"
#include "server/server_int.h"

static int dump_cb(const char *buffer, size_t size, void *data)
{
    return xy_buf_add(data, buffer, size) == XY_OK ? 0 : -1;
}

void xy_resp_json(struct xy_resp *rs, int status, json_t *doc)
{
    xy_buf_reset(&rs->body);
    if (!doc || json_dump_callback(doc, dump_cb, &rs->body, JSON_COMPACT | JSON_REAL_PRECISION(15)) != 0) {
        json_decref(doc);
        xy_resp_problem(rs, 500, "Internal Server Error", "the response could not be built");
        return;
    }
    json_decref(doc);
    rs->status = status;
    rs->ctype = "application/json; charset=utf-8";
}

void xy_resp_problem(struct xy_resp *rs, int status, const char *title, const char *fmt, ...)
{
    char detail[1024]; /* a bilingual detail: Chinese (3 bytes a character), then English */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    xy_buf_reset(&rs->body);
    /* json_pack would refuse invalid UTF-8; the detail may quote input, so build it leniently. */
    json_t *doc = json_object();
    if (doc) {
        json_object_set_new(doc, "type", json_string("about:blank"));
        json_object_set_new(doc, "title", json_string(title));
        json_object_set_new(doc, "status", json_integer(status));
        json_t *d = json_string(detail);
        json_object_set_new(doc, "detail", d ? d : json_string("(the detail is not valid UTF-8)"));
    }
    if (!doc || json_dump_callback(doc, dump_cb, &rs->body, JSON_COMPACT) != 0)
        xy_buf_addz(&rs->body, "{\"title\":\"Internal Server Error\",\"status\":500}");
    json_decref(doc);
    rs->status = status;
    rs->ctype = "application/problem+json";
}

int xy_http_status(int rc)
{
    switch (rc) {
    case XY_OK: return 200;
    case XY_EINVAL: return 400;
    case XY_ENOTFOUND: return 404;
    case XY_EEXIST:
    case XY_ESTATE: return 409;
    case XY_EDENIED: return 403;
    case XY_ETOOBIG: return 413;
    case XY_EBUSY:
    case XY_EUNAVAIL:
    case XY_ENOMEM: return 503;
    default: return 500;
    }
}

void xy_resp_error(struct xy_resp *rs, int rc, const struct xy_error *err)
{
    static const char *const titles[] = {[400] = "Bad Request", [403] = "Forbidden", [404] = "Not Found", [409] = "Conflict",
                                         [413] = "Content Too Large", [500] = "Internal Server Error",
                                         [503] = "Service Unavailable"};
    int status = xy_http_status(rc);
    const char *detail = err && err->msg[0] ? err->msg : xy_strerror(rc);
    /* A database switching over takes seconds (docs/deploy/postgres-ha.md); a lock, one. */
    if (status == 503)
        snprintf(rs->retry_after, sizeof rs->retry_after, "%d", rc == XY_EUNAVAIL ? 5 : 1);
    xy_resp_problem(rs, status, titles[status] ? titles[status] : "Error", "%s", detail);
}

int xy_media_is(const char *ct, const char *type)
{
    size_t n = strlen(type);
    if (!ct || strncasecmp(ct, type, n) != 0)
        return 0;
    ct += n;
    while (*ct == ' ' || *ct == '\t')
        ct++;
    return *ct == '\0' || *ct == ';';
}

static int parse_num(const char *s, int64_t max, int64_t *out)
{
    if (!s || !*s || strlen(s) > 18)
        return -1;
    int64_t v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        v = v * 10 + (*p - '0');
    }
    if (v > max)
        return -1;
    *out = v;
    return 0;
}

int xy_req_page(struct xy_http_req *rq, struct xy_resp *rs, int def, int max, int *limit, int64_t *cursor)
{
    const char *l = xy_req_arg(rq, "limit"), *c = xy_req_arg(rq, "cursor");
    int64_t v = def;
    if (l && (parse_num(l, max, &v) || v < 1)) {
        xy_resp_problem(rs, 400, "Bad Request", "limit 须为 1 至 %d 的整数 (limit must be a whole number from 1 to %d)", max,
                        max);
        return -1;
    }
    *limit = (int)v;
    *cursor = 0;
    if (c && parse_num(c, INT64_MAX / 2, cursor)) {
        xy_resp_problem(rs, 400, "Bad Request", "cursor 须为上一页给出的 next_cursor 值 "
                        "(cursor must be a value a previous page gave as next_cursor)");
        return -1;
    }
    return 0;
}

/* Deepest nesting of arrays and objects in a JSON text, strings skipped. */
static int json_depth(const char *p, size_t n)
{
    int depth = 0, max = 0, in_str = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = p[i];
        if (in_str) {
            if (ch == '\\')
                i++;
            else if (ch == '"')
                in_str = 0;
        } else if (ch == '"') {
            in_str = 1;
        } else if (ch == '{' || ch == '[') {
            if (++depth > max)
                max = depth;
        } else if (ch == '}' || ch == ']') {
            depth--;
        }
    }
    return max;
}

static int in_list(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = list; *p;) {
        const char *sp = strchr(p, ' ');
        size_t l = sp ? (size_t)(sp - p) : strlen(p);
        if (l == n && memcmp(p, name, n) == 0)
            return 1;
        p = sp ? sp + 1 : p + l;
    }
    return 0;
}

json_t *xy_req_json(struct xy_http_req *rq, struct xy_resp *rs, const char *known)
{
    const char *ct = xy_req_header(rq, "Content-Type");
    if (!xy_media_is(ct, "application/json")) {
        xy_resp_problem(rs, 415, "Unsupported Media Type", "请求体须为 application/json (the body must be application/json)");
        return NULL;
    }
    if (json_depth(rq->body.data ? rq->body.data : "", rq->body.len) > 8) {
        xy_resp_problem(rs, 400, "Bad Request", "JSON 请求体嵌套超过 8 层 (the JSON body is nested deeper than 8 levels)");
        return NULL;
    }
    /* jansson's reader stops at a NUL byte: what follows one would be silently ignored. */
    if (rq->body.len && memchr(rq->body.data, '\0', rq->body.len)) {
        xy_resp_problem(rs, 400, "Bad Request", "JSON 请求体含有 NUL 字节 (the JSON body holds a NUL byte)");
        return NULL;
    }
    json_error_t jerr;
    json_t *o = json_loadb(rq->body.data ? rq->body.data : "", rq->body.len, JSON_REJECT_DUPLICATES, &jerr);
    if (!o) {
        xy_resp_problem(rs, 400, "Bad Request", "请求体不是有效的 JSON（第 %d 行第 %d 列） (the body is not valid JSON: %s, line %d, column %d)",
                        jerr.line, jerr.column, jerr.text, jerr.line, jerr.column);
        return NULL;
    }
    if (!json_is_object(o)) {
        json_decref(o);
        xy_resp_problem(rs, 400, "Bad Request", "请求体须为 JSON 对象 (the body must be a JSON object)");
        return NULL;
    }
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        if (!in_list(known, key)) {
            xy_resp_problem(rs, 400, "Bad Request", "未知字段“%.*s”（可用字段：%s） (unknown field \"%.*s\"; known: %s)",
                            xy_utf8_cut(key, 64), key, known, xy_utf8_cut(key, 64), key, known);
            json_decref(o);
            return NULL;
        }
    }
    return o;
}

json_t *xy_req_json_object(struct xy_http_req *rq, struct xy_resp *rs, const char *known, const char *required)
{
    json_t *o = xy_req_json(rq, rs, known);
    const char *key;
    json_t *v;
    if (!o)
        return NULL;
    json_object_foreach(o, key, v) {
        if (!json_is_string(v)) {
            xy_resp_problem(rs, 400, "Bad Request", "字段 %s 须为文本 (field \"%s\" must be a string)", key, key);
            json_decref(o);
            return NULL;
        }
    }
    for (const char *p = required; *p;) {
        const char *sp = strchr(p, ' ');
        size_t l = sp ? (size_t)(sp - p) : strlen(p);
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)l, p);
        if (!json_object_get(o, name)) {
            xy_resp_problem(rs, 400, "Bad Request", "字段 %s 为必填项 (field \"%s\" is required)", name, name);
            json_decref(o);
            return NULL;
        }
        p = sp ? sp + 1 : p + l;
    }
    return o;
}

/* The Chinese name of what an id names, for the Chinese half of a detail. */
static const char *zh_what(const char *what)
{
    static const char *const names[][2] = {{"batch", "批次"}, {"check", "核查"}, {"claim", "异议或修复申请"},
                                           {"grant", "授权"},  {"key", "密钥"},   {"record", "记录"},
                                           {"article", "文章"}, {"course", "课程"}};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(names[i][0], what) == 0)
            return names[i][1];
    return what;
}

int xy_req_id(struct xy_http_req *rq, struct xy_resp *rs, const char *what, long long *out)
{
    int64_t v;
    if (parse_num(rq->params[0], INT64_MAX / 2, &v) || v <= 0) {
        xy_resp_problem(rs, 400, "Bad Request", "%s编号须为不超过 18 位的正整数 (a %s id is a positive whole number of at most 18 digits)",
                        zh_what(what), what);
        return -1;
    }
    *out = v;
    return 0;
}

json_t *xy_next_cursor(int more, int64_t value)
{
    char c[24];
    if (!more)
        return json_null();
    snprintf(c, sizeof c, "%lld", (long long)value);
    return json_string(c);
}
