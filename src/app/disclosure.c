/* SPDX-License-Identifier: Apache-2.0 */
/* The public's reads of records (disclosure.h). */
#include "app/disclosure.h"
#include "app/app_int.h"

#include <string.h>

#include "common/xy_utf8.h"
#include "core/publicity.h"

struct one {
    struct xy_app *app;
    struct xy_date today;
    json_t *rec;
};

static int on_one(void *ctx, const struct xy_record_row *r)
{
    struct one *o = ctx;
    o->rec = xy_record_json(o->app, r, XY_VIEW_PUBLIC, o->today);
    return 1;
}

int xy_record_public(struct xy_app *app, int64_t id, json_t **out, struct xy_error *err)
{
    struct one o = {.app = app, .today = xy_clock_today(&app->clock)};
    int rc = app->store->ops->record_get(app->store, id, on_one, &o, err);
    *out = NULL;
    if (rc && rc != XY_ENOTFOUND)
        return rc;
    if (!o.rec) /* absent, or not public (any more): the same answer, on purpose */
        return xy_error_set(err, XY_ENOTFOUND, "没有编号为 %lld 的公开记录 (no public record %lld)", (long long)id,
                            (long long)id);
    *out = o.rec;
    return XY_OK;
}

struct page {
    struct xy_app *app;
    struct xy_date today;
    json_t *items;
    int64_t last_id;
    int n;
};

static int on_page(void *ctx, const struct xy_record_row *r)
{
    struct page *p = ctx;
    json_t *rec = xy_record_json(p->app, r, XY_VIEW_PUBLIC, p->today);
    p->last_id = r->id;
    p->n++;
    if (rec)
        json_array_append_new(p->items, rec);
    return 0;
}

static int is_day(const char *s)
{
    struct xy_date d;
    return strlen(s) == 10 && xy_date_parse(s, 10, &d) == 0;
}

int xy_records_public_page(struct xy_app *app, const char *cls, const struct xy_public_query *q, int64_t after,
                           int limit, json_t **out, int *n, int64_t *last, struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct page p = {.app = app, .today = xy_clock_today(&app->clock)};
    struct xy_public_filter pub;
    int rc;
    *out = NULL;
    *n = 0;
    *last = 0;
    if (!xy_publicity_class(xy_catalog_class(app->catalog, cls)))
        return xy_error_set(err, XY_EINVAL, "“%.*s”不是公开的信息类别 (\"%.*s\" is not a public class)",
                            xy_utf8_cut(cls, 64), cls, xy_utf8_cut(cls, 64), cls);
    if (q->dept && strlen(q->dept) != 18)
        return xy_error_set(err, XY_EINVAL, "dept 须为部门的 18 位统一社会信用代码 (dept is a department's 18-character code)");
    if (q->region && (strlen(q->region) != 6 || strspn(q->region, "0123456789") != 6))
        return xy_error_set(err, XY_EINVAL, "region 须为 6 位行政区划代码，如 420111 "
                            "(region is a 6-digit division code, e.g. 420111)");
    if ((q->from && !is_day(q->from)) || (q->to && !is_day(q->to)))
        return xy_error_set(err, XY_EINVAL, "from 和 to 须为 YYYY-MM-DD 格式的日期 (from and to are dates YYYY-MM-DD)");
    if (!(p.items = json_array()))
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    xy_publicity_filter(p.today, &pub);
    rc = q->dept || q->region || q->from || q->to
             ? st->ops->records_filtered(st, cls, &pub, q->dept, q->region, q->from, q->to, after, limit, on_page, &p,
                                         err)
             : st->ops->records_by_class(st, cls, &pub, after, limit, on_page, &p, err);
    if (rc) {
        json_decref(p.items);
        return rc;
    }
    *out = p.items;
    *n = p.n;
    *last = p.last_id;
    return XY_OK;
}

struct counts {
    const struct xy_catalog *cat;
    json_t *records, *subjects;
};

static int on_count(void *ctx, const char *metric, const char *key, int64_t value)
{
    struct counts *c = ctx;
    if (strcmp(metric, "records") == 0) {
        if (key && xy_publicity_class(xy_catalog_class(c->cat, key)))
            json_object_set_new(c->records, key, json_integer(value));
    } else if (key && strcmp(key, "person") != 0) {
        /* Natural persons are not counted in public: they are reached only through their records. */
        json_object_set_new(c->subjects, key, json_integer(value));
    }
    return 0;
}

int xy_public_counts(struct xy_app *app, json_t **out, struct xy_error *err)
{
    struct counts c = {app->catalog, json_object(), json_object()};
    struct xy_public_filter pub;
    int rc;
    *out = NULL;
    xy_publicity_filter(xy_clock_today(&app->clock), &pub);
    if (!c.records || !c.subjects)
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    else
        rc = app->store->ops->public_counts(app->store, &pub, on_count, &c, err);
    if (!rc && !(*out = json_pack("{s:s, s:O, s:O}", "as_of", pub.day, "records", c.records, "subjects", c.subjects)))
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    json_decref(c.records);
    json_decref(c.subjects);
    return rc;
}
