/* SPDX-License-Identifier: Apache-2.0 */
/* Public routes: health, catalogue, search, subjects, records, list boards, commitments. Everything
 * here answers the public view: public classes, published records inside their window, no hidden
 * fields, ID numbers masked. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/subject.h"
#include "common/xy_utf8.h"
#include "core/idcheck.h"
#include "core/ric.h"
#include "core/uscc.h"
#include "core/validate.h"
#include "server/server_int.h"

void xy_h_health(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    struct xy_error err = {0};
    if (!app)
        return;
    if (app->store->ops->ping(app->store, &err)) {
        xy_resp_problem(rs, 503, "Service Unavailable", "database: %s", err.msg);
        return;
    }
    xy_resp_json(rs, 200, json_pack("{s:s, s:s, s:s}", "status", "ok", "database", "ok", "version", XY_VERSION));
}

void xy_h_metrics(struct xy_http_req *rq, struct xy_resp *rs)
{
    (void)rq;
    xy_buf_reset(&rs->body);
    xy_metrics_render(&rs->body);
    rs->status = 200;
    rs->ctype = "text/plain; version=0.0.4; charset=utf-8";
}

static json_t *field_json(const struct xy_class *k, const struct xy_field *f)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:i, s:s, s:b}", "code", f->code, "name_zh", f->name_zh, "key", f->key,
                          "type", xy_ftype_name(f->type), "max_len", f->max_len, "required",
                          f->req == XY_REQ_MANDATORY ? "M" : f->req == XY_REQ_OPTIONAL ? "O" : "C", "public",
                          !f->hidden);
    if (o && f->cond.field >= 0)
        json_object_set_new(o, "condition_field", json_string(k->fields[f->cond.field].code));
    if (o && f->list) {
        json_t *codes = json_array();
        for (size_t i = 0; i < f->list->ncodes; i++)
            json_array_append_new(codes, json_pack("{s:s, s:s}", "code", f->list->codes[i].code, "text",
                                                   f->list->codes[i].text));
        json_object_set_new(o, "codes", codes);
    }
    return o;
}

void xy_h_catalog(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    const struct xy_catalog *cat = app->catalog;
    json_t *classes = json_array();
    for (size_t i = 0; i < cat->nclasses; i++) {
        const struct xy_class *k = &cat->classes[i];
        if (k->scope != XY_SCOPE_PUBLIC)
            continue; /* the published catalogue lists what the public may see */
        json_t *fields = json_array();
        for (size_t j = 0; j < k->nfields; j++)
            json_array_append_new(fields, field_json(k, &k->fields[j]));
        json_array_append_new(classes, json_pack("{s:s, s:s, s:s, s:s, s:o}", "class", k->name, "name_zh", k->name_zh,
                                                 "name_en", k->name_en, "scope", xy_scope_name(k->scope), "fields",
                                                 fields));
    }
    xy_resp_json(rs, 200, json_pack("{s:s, s:o}", "catalog_version", cat->version, "classes", classes));
}

/* The length of s's first max bytes at most, never ending inside a UTF-8 character: for "%.*s". */
static int utf8_cut(const char *s, size_t max)
{
    return (int)xy_utf8_floor(s, strnlen(s, max));
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
    struct xy_date d = xy_app_today();
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
    if (cls && !xy_catalog_class(app->catalog, cls)) {
        xy_resp_problem(rs, 400, "Bad Request", "未知的信息类别“%.*s” (unknown class \"%.*s\")", utf8_cut(cls, 64), cls,
                        utf8_cut(cls, 64), cls);
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

struct one {
    struct xy_app *app;
    enum xy_view view;
    struct xy_date today;
    json_t *rec;
    int64_t dept_id;
};

static int on_one(void *ctx, const struct xy_record_row *r)
{
    struct one *o = ctx;
    o->dept_id = r->dept_id;
    o->rec = xy_record_json(o->app, r, o->view, o->today);
    return 1;
}

void xy_h_record(struct xy_http_req *rq, struct xy_resp *rs)
{
    long long id;
    if (xy_req_id(rq, rs, "record", &id))
        return;
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    struct one o = {.app = app, .view = XY_VIEW_PUBLIC, .today = xy_app_today()};
    struct xy_error err = {0};
    int rc = app->store->ops->record_get(app->store, id, on_one, &o, &err);
    if (rc && rc != XY_ENOTFOUND) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    if (!o.rec) { /* absent, or not public (any more): the same answer, on purpose */
        xy_resp_problem(rs, 404, "Not Found", "没有编号为 %lld 的公开记录 (no public record %lld)", id, id);
        return;
    }
    xy_resp_json(rs, 200, o.rec);
}

struct page {
    struct xy_app *app;
    enum xy_view view;
    struct xy_date today;
    json_t *items;
    int64_t last_id;
    int n;
};

static int on_page(void *ctx, const struct xy_record_row *r)
{
    struct page *p = ctx;
    json_t *rec = xy_record_json(p->app, r, p->view, p->today);
    p->last_id = r->id;
    p->n++;
    if (rec)
        json_array_append_new(p->items, rec);
    return 0;
}

static void class_page(struct xy_http_req *rq, struct xy_resp *rs, const char *cls)
{
    int limit;
    int64_t cursor;
    if (xy_req_page(rq, rs, 50, XY_MAX_PAGE, &limit, &cursor))
        return;
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    const char *dept = xy_req_arg(rq, "dept"), *region = xy_req_arg(rq, "region");
    const char *from = xy_req_arg(rq, "from"), *to = xy_req_arg(rq, "to");
    struct xy_date d;
    if (dept && strlen(dept) != 18) {
        xy_resp_problem(rs, 400, "Bad Request", "dept 须为部门的 18 位统一社会信用代码 (dept is a department's 18-character code)");
        return;
    }
    if (region && (strlen(region) != 6 || strspn(region, "0123456789") != 6)) {
        xy_resp_problem(rs, 400, "Bad Request", "region 须为 6 位行政区划代码，如 420111 "
                        "(region is a 6-digit division code, e.g. 420111)");
        return;
    }
    if ((from && (strlen(from) != 10 || xy_date_parse(from, 10, &d))) || (to && (strlen(to) != 10 || xy_date_parse(to, 10, &d)))) {
        xy_resp_problem(rs, 400, "Bad Request", "from 和 to 须为 YYYY-MM-DD 格式的日期 (from and to are dates YYYY-MM-DD)");
        return;
    }
    struct page p = {.app = app, .view = XY_VIEW_PUBLIC, .today = xy_app_today(), .items = json_array()};
    char today[11];
    xy_date_format(p.today, today);
    struct xy_error err = {0};
    int rc = dept || region || from || to
                 ? app->store->ops->records_filtered(app->store, cls, today, dept, region, from, to, cursor, limit,
                                                     on_page, &p, &err)
                 : app->store->ops->records_by_class(app->store, cls, today, cursor, limit, on_page, &p, &err);
    if (rc) {
        json_decref(p.items);
        xy_resp_error(rs, rc, &err);
        return;
    }
    json_t *next = xy_next_cursor(p.n == limit, p.last_id);
    xy_resp_json(rs, 200, json_pack("{s:s, s:o, s:o}", "class", cls, "items", p.items, "next_cursor", next));
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
                    utf8_cut(rq->params[0], 32), rq->params[0], utf8_cut(rq->params[0], 32), rq->params[0]);
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
    int64_t dept_id;
    if (rq->who.dept_uscc[0])
        app->store->ops->dept_get(app->store, rq->who.dept_uscc, &dept_id, dept_name, sizeof dept_name, NULL);
    /* A subject key's own subject, by its public id (its page: /api/v1/subjects/{id}). */
    if (rq->who.subject_id && app->store->ops->subject_ref(app->store, rq->who.subject_id, opaque, NULL) != 0)
        opaque[0] = '\0';
    xy_date_format(xy_app_today(), today); /* the platform's day: limits and windows count from it */
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
    struct xy_date d = xy_app_today();
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
static time_t stats_at;

struct counts {
    json_t *records, *subjects;
};

static int on_count(void *ctx, const char *metric, const char *key, int64_t value)
{
    struct counts *c = ctx;
    json_t *into = strcmp(metric, "records") == 0 ? c->records : c->subjects;
    /* Natural persons are not counted in public: they are reached only through their records. */
    if (into == c->subjects && key && strcmp(key, "person") == 0)
        return 0;
    json_object_set_new(into, key ? key : "", json_integer(value));
    return 0;
}

void xy_h_stats(struct xy_http_req *rq, struct xy_resp *rs)
{
    time_t now = time(NULL);
    pthread_mutex_lock(&stats_lock);
    if (!stats_text || now - stats_at >= 60) {
        struct xy_app *app = xy_srv_reader(rq, rs);
        if (!app) {
            pthread_mutex_unlock(&stats_lock);
            return;
        }
        char day[11];
        xy_date_format(xy_app_today(), day);
        struct counts c = {json_object(), json_object()};
        struct xy_error err = {0};
        int rc = app->store->ops->public_counts(app->store, day, on_count, &c, &err);
        json_t *doc = rc ? NULL : json_pack("{s:s, s:o, s:o}", "as_of", day, "records", c.records, "subjects", c.subjects);
        if (rc) {
            json_decref(c.records);
            json_decref(c.subjects);
            pthread_mutex_unlock(&stats_lock);
            xy_resp_error(rs, rc, &err);
            return;
        }
        char *text = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
        json_decref(doc);
        if (text) {
            free(stats_text);
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
