/* SPDX-License-Identifier: Apache-2.0 */
/* Browsing double publicity (browse.h). The cursor is the last row's (decision date, id), written
 * as "YYYYMMDD-ID": a keyset, so a page is as cheap at the millionth record as at the first, and a
 * record published meanwhile never shifts the pages a reader is going through. */
#include "app/browse.h"
#include "app/app_int.h"

#include <stdio.h>
#include <string.h>

#include "common/xy_utf8.h"
#include "core/ids.h"
#include "core/publicity.h"
#include "core/uscc.h"

static int is_day(const char *s, struct xy_date *d)
{
    return strlen(s) == 10 && s[4] == '-' && s[7] == '-' && xy_date_parse(s, 10, d) == 0;
}

/* "YYYYMMDD-ID" into day (YYYY-MM-DD) and *id; -1 when it is not one. */
static int cursor_parse(const char *c, char day[11], int64_t *id)
{
    struct xy_date d;
    size_t n = strlen(c), digits = n > 9 ? n - 9 : 0;
    if (n < 10 || n > 27 || c[8] != '-' || strspn(c, "0123456789") != 8 || strspn(c + 9, "0123456789") != digits)
        return -1;
    if (xy_date_parse(c, 8, &d) || digits > 18)
        return -1;
    xy_date_format(d, day);
    *id = 0;
    for (size_t i = 9; i < n; i++)
        *id = *id * 10 + (c[i] - '0');
    return *id > 0 ? 0 : -1;
}

static int check(struct xy_app *app, const struct xy_browse_query *q, struct xy_browse_filter *f, char day[11],
                 struct xy_error *err)
{
    struct xy_date from, to;
    if (!q->cls || !*q->cls)
        return xy_error_set(err, XY_EINVAL, "class 为必填项：penalty（行政处罚）或 license（行政许可）等公开类别 "
                            "(class is required: penalty, license or another public class)");
    if (!xy_publicity_class(xy_catalog_class(app->catalog, q->cls)))
        return xy_error_set(err, XY_EINVAL, "class “%.*s”不是公开的信息类别（见 /api/v1/catalog） "
                            "(class \"%.*s\" is not a public class, see /api/v1/catalog)",
                            xy_utf8_cut(q->cls, 64), q->cls, xy_utf8_cut(q->cls, 64), q->cls);
    if (q->dept && (strlen(q->dept) != 18 || xy_uscc_check(q->dept, 18, NULL) != XY_ID_OK))
        return xy_error_set(err, XY_EINVAL, "dept 须为部门的 18 位统一社会信用代码 "
                            "(dept must be a department's 18-character unified social credit code)");
    if (q->region && (strlen(q->region) != 6 || strspn(q->region, "0123456789") != 6))
        return xy_error_set(err, XY_EINVAL, "region 须为 6 位行政区划代码，如 420111 "
                            "(region must be a 6-digit division code, e.g. 420111)");
    if (q->from && !is_day(q->from, &from))
        return xy_error_set(err, XY_EINVAL, "from 须为 YYYY-MM-DD 格式的真实日期 (from must be a real date YYYY-MM-DD)");
    if (q->to && !is_day(q->to, &to))
        return xy_error_set(err, XY_EINVAL, "to 须为 YYYY-MM-DD 格式的真实日期 (to must be a real date YYYY-MM-DD)");
    if (q->from && q->to && xy_date_cmp(from, to) > 0)
        return xy_error_set(err, XY_EINVAL, "from 不能晚于 to (from must not be after to)");
    if (q->limit < 1 || q->limit > XY_BROWSE_MAX)
        return xy_error_set(err, XY_EINVAL, "limit 须为 1 至 %d 的整数 (limit must be a whole number from 1 to %d)",
                            XY_BROWSE_MAX, XY_BROWSE_MAX);
    *f = (struct xy_browse_filter){.dept_uscc = q->dept, .region = q->region, .from = q->from, .to = q->to};
    if (q->cursor) {
        if (cursor_parse(q->cursor, day, &f->before_id))
            return xy_error_set(err, XY_EINVAL, "cursor 须为上一页给出的 next 值 "
                                "(cursor must be a value a previous page gave as next)");
        f->before_date = day;
    }
    return XY_OK;
}

struct page {
    struct xy_app *app;
    struct xy_date today;
    json_t *items;
    int limit, n, more;
    char last_day[11];
    int64_t last_id;
    int rc;
    struct xy_error *err;
};

static int on_row(void *ctx, const struct xy_record_row *r)
{
    struct page *p = ctx;
    if (p->n == p->limit) { /* the one asked beyond the page: there is a next one */
        p->more = 1;
        return 1;
    }
    /* The store applied the filter; the record's JSON applies the whole rule again (the class's
     * fields the public may not see, ID numbers masked). */
    json_t *rec = xy_record_json(p->app, r, XY_VIEW_PUBLIC, p->today);
    p->n++;
    snprintf(p->last_day, sizeof p->last_day, "%s", r->decision_date);
    p->last_id = r->id;
    if (!rec)
        return 0;
    if (r->subject_opaque)
        json_object_set_new(json_object_get(rec, "_record"), "subject", json_string(r->subject_opaque));
    if (json_array_append_new(p->items, rec)) {
        p->rc = xy_error_set(p->err, XY_ENOMEM, "out of memory");
        return 1;
    }
    return 0;
}

int xy_records_browse(struct xy_app *app, const struct xy_browse_query *q, json_t **items,
                      char next[XY_BROWSE_CURSOR], struct xy_error *err)
{
    struct xy_browse_filter f;
    struct xy_public_filter pub;
    char day[11];
    struct page p = {.app = app, .today = xy_clock_today(&app->clock), .limit = q->limit, .err = err};
    int rc;
    *items = NULL;
    next[0] = '\0';
    if ((rc = check(app, q, &f, day, err)))
        return rc;
    if (!(p.items = json_array()))
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    xy_publicity_filter(p.today, &pub);
    rc = app->store->ops->records_browse(app->store, q->cls, &pub, &f, q->limit + 1, on_row, &p, err);
    if (!rc)
        rc = p.rc;
    if (rc) {
        json_decref(p.items);
        return rc;
    }
    if (p.more)
        snprintf(next, XY_BROWSE_CURSOR, "%.4s%.2s%.2s-%lld", p.last_day, p.last_day + 5, p.last_day + 8,
                 (long long)p.last_id);
    *items = p.items;
    return XY_OK;
}
