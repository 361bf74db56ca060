/* SPDX-License-Identifier: Apache-2.0 */
/* Public routes: health, catalogue, search, subjects, records, list boards, commitments. Everything
 * here answers the public view: public classes, published records inside their window, no hidden
 * fields, ID numbers masked. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/admin.h"
#include "app/exchange.h"
#include "app/disclosure.h"
#include "app/subject.h"
#include "app/subscription.h"
#include "common/xy_alloc.h"
#include "common/xy_utf8.h"
#include "core/idcheck.h"
#include "core/ric.h"
#include "core/uscc.h"
#include "core/validate.h"
#include "server/server_int.h"

#include "app/exchange.h"

void xy_h_health(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    struct xy_error err = {0};
    if (!app)
        return;
    if (xy_app_ping(app, &err)) {
        xy_resp_problem(rs, 503, "Service Unavailable", "database: %s", err.msg);
        return;
    }
    xy_resp_json(rs, 200, json_pack("{s:s, s:s, s:s}", "status", "ok", "database", "ok", "version", XY_VERSION));
}

void xy_h_metrics(struct xy_http_req *rq, struct xy_resp *rs)
{
    /* Each destination's backlog, lag and last error (app/exchange.h) are read from the database;
     * without it the rest is still answered. */
    struct xy_app *app = xy_srv_reader(rq, rs);
    xy_buf_reset(&rs->body);
    xy_metrics_render(&rs->body);
    xy_buf_printf(&rs->body,
                  "# HELP xinyong_request_body_bytes_reserved Memory reserved for request bodies being received.\n"
                  "# TYPE xinyong_request_body_bytes_reserved gauge\nxinyong_request_body_bytes_reserved %zu\n",
                  xy_budget_held(&rq->srv->bodies, NULL));
    struct xy_error err = {0};
    if (!app || xy_exchange_metrics(app, &rs->body, &err))
        xy_buf_addz(&rs->body, "# exchange figures unavailable\n");
    if (!app || xy_sub_metrics(app, &rs->body, &err))
        xy_buf_addz(&rs->body, "# subscription figures unavailable\n");
    rs->status = 200;
    rs->ctype = "text/plain; version=0.0.4; charset=utf-8";
}

void xy_h_catalog(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    json_t *doc = NULL;
    struct xy_error err = {0};
    if (!app)
        return;
    int rc = xy_catalog_public_json(app, &doc, &err);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, doc);
}

void xy_h_search(struct xy_http_req *rq, struct xy_resp *rs)
{
    int retry = 0;
    if (!xy_ratelimit_take(rq->client, rq->srv->opts.search_rate, rq->srv->opts.search_burst, &retry)) {
        snprintf(rs->retry_after, sizeof rs->retry_after, "%d", retry);
        xy_resp_problem(rs, 429, "Too Many Requests", "查询过于频繁：每个客户端每秒最多 %.0f 次 "
                        "(search is limited to %.0f requests a second per client)",
                        rq->srv->opts.search_rate, rq->srv->opts.search_rate);
        return;
    }
    const char *q = xy_req_arg(rq, "q");
    int limit;
    int64_t cursor;
    if (!q || !*q) {
        xy_resp_problem(rs, 400, "Bad Request", "q 为必填项：名称（两个字以上）或代码 "
                        "(q is required: a name, two characters or more, or a code)");
        return;
    }
    if (xy_req_page(rq, rs, 20, XY_SEARCH_MAX, &limit, &cursor))
        return;
    if (cursor > 1000) {
        xy_resp_problem(rs, 400, "Bad Request", "查询最多翻阅前 1,000 条结果 "
                        "(a search pages through its first 1,000 results at most)");
        return;
    }
    if (!xy_utf8_valid(q, strlen(q))) {
        xy_resp_problem(rs, 400, "Bad Request", "q 不是有效的 UTF-8 文本 (q is not valid UTF-8)");
        return;
    }
    struct xy_date d = xy_clock_today(rq->srv->clock);
    struct xy_id_date today = {d.y, d.m, d.d};
    if (xy_ric_check(q, strlen(q), &today, NULL) == XY_ID_OK) {
        /* Persons are not found by ID number in public, and the number is not repeated back. */
        xy_resp_problem(rs, 400, "Bad Request", "此处不能按身份证号码查询个人 (personal ID numbers cannot be searched here)");
        return;
    }
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    char key[700];
    int klen = snprintf(key, sizeof key, "q%c%s%c%lld%c%d", 0, q, 0, (long long)cursor, 0, limit);
    int cacheable = klen > 0 && (size_t)klen < sizeof key && xy_cache_ready(app);
    if (cacheable && xy_cache_get(key, (size_t)klen, rs))
        return;
    json_t *hits = NULL;
    struct xy_error err = {0};
    /* Ask for one more than a page to know whether there is a next one. */
    int rc = xy_subject_search(app, q, XY_VIEW_PUBLIC, (int)cursor, limit + 1 <= XY_SEARCH_MAX ? limit + 1 : limit,
                               &hits, &err);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    int more = (int)json_array_size(hits) > limit;
    if (more)
        json_array_remove(hits, (size_t)limit);
    json_t *next = xy_next_cursor(more, cursor + limit);
    xy_resp_json(rs, 200, json_pack("{s:s, s:o, s:o}", "q", q, "items", hits, "next_cursor", next));
    if (cacheable)
        xy_cache_put(key, (size_t)klen, rq, rs);
}

static void subject(struct xy_http_req *rq, struct xy_resp *rs, const char *cls)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    if (cls && !xy_catalog_class(xy_app_catalog(app), cls)) {
        xy_resp_problem(rs, 400, "Bad Request", "未知的信息类别“%.*s” (unknown class \"%.*s\")", xy_utf8_cut(cls, 64), cls,
                        xy_utf8_cut(cls, 64), cls);
        return;
    }
    /* The answer depends on the code, the class, the data and the day: cached on those. */
    char key[256];
    size_t il = strlen(rq->params[0]), cl = cls ? strlen(cls) : 0;
    int klen = -1;
    if (3 + il + cl <= sizeof key) { /* "s\0ID\0CLASS", built on every lookup: no printf */
        key[0] = 's';
        key[1] = '\0';
        memcpy(key + 2, rq->params[0], il);
        key[2 + il] = '\0';
        if (cl)
            memcpy(key + 3 + il, cls, cl);
        klen = (int)(3 + il + cl);
    }
    int cacheable = klen > 0 && (size_t)klen < sizeof key && xy_cache_ready(app);
    if (cacheable && xy_cache_get(key, (size_t)klen, rs))
        return;
    struct xy_error err = {0};
    xy_buf_reset(&rs->body);
    int rc = xy_subject_public_text(app, rq->params[0], cls, &rs->body, &err);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    rs->status = 200;
    rs->ctype = "application/json; charset=utf-8";
    if (cacheable)
        xy_cache_put(key, (size_t)klen, rq, rs);
}

void xy_h_subject(struct xy_http_req *rq, struct xy_resp *rs)
{
    subject(rq, rs, NULL);
}

void xy_h_subject_records(struct xy_http_req *rq, struct xy_resp *rs)
{
    const char *cls = xy_req_arg(rq, "class");
    if (!cls) {
        xy_resp_problem(rs, 400, "Bad Request", "class 为必填项（见 /api/v1/catalog） (class is required, see /api/v1/catalog)");
        return;
    }
    subject(rq, rs, cls);
}

void xy_h_record(struct xy_http_req *rq, struct xy_resp *rs)
{
    long long id;
    if (xy_req_id(rq, rs, "record", &id))
        return;
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    json_t *rec = NULL;
    struct xy_error err = {0};
    int rc = xy_record_public(app, id, &rec, &err);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, rec);
}

static void class_page(struct xy_http_req *rq, struct xy_resp *rs, const char *cls)
{
    int limit, n;
    int64_t cursor, last;
    if (xy_req_page(rq, rs, 50, XY_MAX_PAGE, &limit, &cursor))
        return;
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    struct xy_public_query q = {.dept = xy_req_arg(rq, "dept"), .region = xy_req_arg(rq, "region"),
                                .from = xy_req_arg(rq, "from"), .to = xy_req_arg(rq, "to")};
    json_t *items = NULL;
    struct xy_error err = {0};
    int rc = xy_records_public_page(app, cls, &q, cursor, limit, &items, &n, &last, &err);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    xy_resp_json(rs, 200, json_pack("{s:s, s:o, s:o}", "class", cls, "items", items, "next_cursor",
                                    xy_next_cursor(n == limit, last)));
}

void xy_h_list(struct xy_http_req *rq, struct xy_resp *rs)
{
    static const char *const lists[][2] = {{"red", "red_list"}, {"black", "black_list"}, {"watch", "watch_list"}};
    for (size_t i = 0; i < sizeof lists / sizeof *lists; i++)
        if (strcmp(rq->params[0], lists[i][0]) == 0) {
            class_page(rq, rs, lists[i][1]);
            return;
        }
    xy_resp_problem(rs, 404, "Not Found", "没有名单“%.*s”：名单有红名单 red、黑名单 black 和重点关注名单 watch "
                    "(no list \"%.*s\": the lists are red, black and watch)",
                    xy_utf8_cut(rq->params[0], 32), rq->params[0], xy_utf8_cut(rq->params[0], 32), rq->params[0]);
}

void xy_h_commitments(struct xy_http_req *rq, struct xy_resp *rs)
{
    class_page(rq, rs, "commitment");
}

void xy_h_me(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    char dept_name[608] = "", opaque[24] = "", today[11];
    if (rq->who.dept_uscc[0] && xy_dept_name(app, rq->who.dept_uscc, dept_name, sizeof dept_name, NULL) != 0)
        dept_name[0] = '\0';
    /* A subject key's own subject, by its public id (its page: /api/v1/subjects/{id}). */
    if (rq->who.subject_id && xy_subject_ref(app, rq->who.subject_id, opaque, NULL) != 0)
        opaque[0] = '\0';
    xy_date_format(xy_clock_today(xy_app_clock(app)), today); /* the platform's day: limits and windows count from it */
    xy_resp_json(rs, 200, json_pack("{s:I, s:s, s:s?, s:s?, s:s?, s:s?, s:s}", "key_id", (json_int_t)rq->who.key_id,
                                    "role", xy_role_name(rq->who.role), "dept",
                                    rq->who.dept_uscc[0] ? rq->who.dept_uscc : NULL, "dept_name",
                                    dept_name[0] ? dept_name : NULL, "name", rq->who.name[0] ? rq->who.name : NULL,
                                    "subject", opaque[0] ? opaque : NULL, "today", today));
}

void xy_h_idcheck(struct xy_http_req *rq, struct xy_resp *rs)
{
    const char *value = xy_req_arg(rq, "value"), *kind_name = xy_req_arg(rq, "kind");
    enum xy_id_kind kind = XY_ID_KIND_ANY;
    if (!value || !*value) {
        xy_resp_problem(rs, 400, "Bad Request", "value 为必填项：统一社会信用代码、身份证号码或组织机构代码 "
                        "(value is required: a USCC, resident ID number or organisation code)");
        return;
    }
    if (kind_name && xy_id_kind_parsez(kind_name, &kind)) {
        xy_resp_problem(rs, 400, "Bad Request", "kind 须为 uscc、ric 或 orgcode (kind must be uscc, ric or orgcode)");
        return;
    }
    struct xy_date d = xy_clock_today(rq->srv->clock);
    struct xy_id_date today = {d.y, d.m, d.d};
    struct xy_id_result res;
    enum xy_id_rule rule = xy_id_check(value, strlen(value), kind, &today, &res);
    json_t *o = json_pack("{s:b, s:s, s:s?}", "valid", rule == XY_ID_OK, "kind", xy_id_kind_name(res.kind), "rule",
                          rule == XY_ID_OK ? NULL : xy_id_rule_name(rule));
    if (!o) {
        xy_resp_problem(rs, 503, "Service Unavailable", "out of memory");
        return;
    }
    static const char *const notes[] = {[XY_ID_INFER_AMBIGUOUS] = "ambiguous", [XY_ID_INFER_GUESSED] = "guessed"};
    if (res.placeholder)
        json_object_set_new(o, "note", json_string("placeholder"));
    else if (res.inference == XY_ID_INFER_AMBIGUOUS || res.inference == XY_ID_INFER_GUESSED)
        json_object_set_new(o, "note", json_string(notes[res.inference]));
    if (res.kind == XY_ID_KIND_RIC) {
        /* A personal ID number is never repeated in full, even to the one who typed it. */
        char masked[80];
        const char *full = res.upgraded[0] ? res.upgraded : res.normalized;
        if (xy_ric_mask(full, strlen(full), masked, sizeof masked) == 0 && res.normalized_len)
            json_object_set_new(o, "normalized", json_string(masked));
    } else if (res.normalized_len && rule == XY_ID_OK) {
        json_object_set_new(o, "normalized", json_string(res.normalized));
        struct xy_uscc_parts parts;
        if (res.kind == XY_ID_KIND_USCC && xy_uscc_decompose(res.normalized, &parts) == 0)
            json_object_set_new(o, "parts",
                                json_pack("{s:s%, s:s, s:s%, s:s, s:s, s:s}", "authority", &parts.authority, (size_t)1,
                                          "authority_name", parts.authority_name, "category", &parts.category,
                                          (size_t)1, "category_name", parts.category_name, "region", parts.region,
                                          "orgcode", parts.orgcode));
    }
    xy_resp_json(rs, 200, o);
}

/* Counts scan the record table: cached for a minute, answered from memory in between. */
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static char *stats_text;
static int64_t stats_at;

void xy_h_stats(struct xy_http_req *rq, struct xy_resp *rs)
{
    int64_t now = xy_clock_unix(rq->srv->clock);
    pthread_mutex_lock(&stats_lock);
    if (!stats_text || now - stats_at >= 60) {
        struct xy_app *app = xy_srv_reader(rq, rs);
        if (!app) {
            pthread_mutex_unlock(&stats_lock);
            return;
        }
        json_t *doc = NULL;
        struct xy_error err = {0};
        int rc = xy_public_counts(app, &doc, &err);
        if (rc) {
            pthread_mutex_unlock(&stats_lock);
            xy_resp_error(rs, rc, &err);
            return;
        }
        char *text = json_dumps(doc, JSON_COMPACT);
        json_decref(doc);
        if (text) {
            xy_free(stats_text);
            stats_text = text;
            stats_at = now;
        }
    }
    xy_buf_reset(&rs->body);
    int ok = stats_text && xy_buf_addz(&rs->body, stats_text) == XY_OK;
    pthread_mutex_unlock(&stats_lock);
    if (!ok) {
        xy_resp_problem(rs, 503, "Service Unavailable", "the figures could not be computed");
        return;
    }
    rs->status = 200;
    rs->ctype = "application/json; charset=utf-8";
}
