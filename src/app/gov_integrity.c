/* SPDX-License-Identifier: Apache-2.0 */
/* Government integrity: the office's summary of rectification (gov_integrity.h). The arithmetic is
 * core/integrity.c's; this file reads the events and groups them by government body. */
#include "app/gov_integrity.h"
#include "app/app_int.h"

#include <string.h>

#include "common/xy_alloc.h"
#include "core/integrity.h"

#define PAGE 500

struct body {
    struct xy_integrity_tally t;
    json_t *json; /* {"uscc", "name"} */
};

struct scan {
    const char *from, *to;
    struct xy_integrity_tally all;
    json_t *bodies; /* uscc -> index into arr */
    struct body *arr;
    size_t n, cap;
    json_t *open;
    int64_t last;
    int rows, oom;
};

static const char *str(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static struct body *body_of(struct scan *s, const char *uscc, const char *name)
{
    json_t *ix = json_object_get(s->bodies, uscc);
    if (ix)
        return &s->arr[json_integer_value(ix)];
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        struct body *a = xy_realloc(s->arr, cap * sizeof *a);
        if (!a)
            return NULL;
        s->arr = a;
        s->cap = cap;
    }
    struct body *b = &s->arr[s->n];
    memset(b, 0, sizeof *b);
    b->json = json_pack("{s:s, s:s}", "uscc", uscc, "name", name ? name : "");
    if (!b->json || json_object_set_new(s->bodies, uscc, json_integer((json_int_t)s->n)))
        return NULL;
    s->n++;
    return b;
}

static int on_event(void *ctx, const struct xy_record_row *r)
{
    struct scan *s = ctx;
    s->last = r->id;
    s->rows++;
    if (r->status && strcmp(r->status, "withdrawn") == 0)
        return 0;
    /* Dates are YYYY-MM-DD: their text order is their order in time. */
    if (r->decision_date && ((s->from && strcmp(r->decision_date, s->from) < 0) ||
                             (s->to && strcmp(r->decision_date, s->to) > 0)))
        return 0;
    json_t *f = json_loads(r->fields, 0, NULL);
    if (!f)
        return 0;
    const char *uscc = str(f, "party_uscc"), *status = str(f, "rectification");
    xy_integrity_add(&s->all, status);
    struct body *b = body_of(s, uscc ? uscc : "", str(f, "party_name"));
    if (!b) {
        json_decref(f);
        return s->oom = 1;
    }
    xy_integrity_add(&b->t, status);
    if ((!status || strcmp(status, "1") != 0) && json_array_size(s->open) < XY_GOV_INTEGRITY_OPEN_MAX &&
        json_array_append_new(s->open, json_pack("{s:I, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?}", "record",
                                                 (json_int_t)r->id, "doc_no", r->doc_no, "uscc", uscc, "name",
                                                 str(f, "party_name"), "decision_date", r->decision_date,
                                                 "rectification", status, "event_type", str(f, "event_type"),
                                                 "dept_name", r->dept_name)))
        s->oom = 1;
    json_decref(f);
    return s->oom;
}

static json_t *counts(const struct xy_integrity_tally *t, json_t *into)
{
    char rate[16];
    int bp = xy_integrity_rate_bp(t);
    xy_integrity_rate_text(bp, rate);
    if (!into)
        return NULL;
    json_object_set_new(into, "events", json_integer(t->events));
    json_object_set_new(into, "rectified", json_integer(t->rectified));
    json_object_set_new(into, "in_progress", json_integer(t->in_progress));
    json_object_set_new(into, "not_rectified", json_integer(t->not_rectified));
    json_object_set_new(into, "rate_percent", bp < 0 ? json_null() : json_string(rate));
    json_object_set_new(into, "met", json_boolean(t->rectified == t->events));
    return into;
}

static int day_ok(const char *s)
{
    struct xy_date d;
    return !s || (strlen(s) == 10 && xy_date_parse(s, 10, &d) == 0);
}

int xy_gov_integrity_summary(struct xy_app *app, const char *from, const char *to, json_t **out,
                             struct xy_error *err)
{
    struct scan s = {.from = from, .to = to, .bodies = json_object(), .open = json_array()};
    json_t *o = NULL, *bodies = NULL;
    char today[11];
    int rc = XY_OK;
    *out = NULL;
    if (!day_ok(from) || !day_ok(to)) {
        rc = xy_error_set(err, XY_EINVAL, "from 和 to 须为 YYYY-MM-DD 格式的日期 (from and to are dates YYYY-MM-DD)");
        goto out;
    }
    if (!s.bodies || !s.open) {
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        goto out;
    }
    do { /* every current event, a page at a time */
        s.rows = 0;
        rc = app->store->ops->records_by_class(app->store, XY_GOV_INTEGRITY_CLASS, NULL, s.last, PAGE, on_event, &s,
                                               err);
    } while (!rc && !s.oom && s.rows == PAGE);
    if (!rc && s.oom)
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    if (rc)
        goto out;
    xy_date_format(xy_clock_today(&app->clock), today);
    o = json_pack("{s:s, s:s?, s:s?, s:i, s:s}", "as_of", today, "from", from, "to", to, "target_percent", 100,
                  "indicator", "社会信用体系建设示范城市评审硬指标3：政务失信事件整改率100% "
                               "(demonstration-city hard indicator 3: 100% of government dishonesty events rectified)");
    bodies = json_array();
    for (size_t i = 0; o && bodies && i < s.n; i++)
        json_array_append_new(bodies, counts(&s.arr[i].t, json_incref(s.arr[i].json)));
    if (!counts(&s.all, o) || !bodies || json_object_set(o, "bodies", bodies) || json_object_set(o, "open", s.open)) {
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        goto out;
    }
    *out = o;
    o = NULL;
out:
    for (size_t i = 0; i < s.n; i++)
        json_decref(s.arr[i].json);
    xy_free(s.arr);
    json_decref(bodies);
    json_decref(o);
    json_decref(s.bodies);
    json_decref(s.open);
    return rc;
}
