/* SPDX-License-Identifier: Apache-2.0 */
/* Expiry of publicity windows and the change feed. */
#include "app/lifecycle.h"
#include "app/app_int.h"

#include <stdio.h>

#include "app/audit.h"

int xy_lifecycle_expire(struct xy_app *app, const struct xy_principal *by, long *n, struct xy_error *err)
{
    struct xy_store *st = app->store;
    char today[11], now[32];
    int rc;
    *n = 0;
    xy_date_format(xy_clock_today(&app->clock), today);
    xy_clock_stamp(&app->clock, now);
    if ((rc = st->ops->begin(st, err)))
        return rc;
    rc = st->ops->expire_due(st, today, now, XY_EXPIRE_CHUNK, n, err);
    if (!rc && *n == 0) { /* nothing expired: nothing to log */
        st->ops->rollback(st);
        return 0;
    }
    rc = xy_audit_commitj(app, by, "records.expire", "records",
                          json_pack("{s:I, s:s}", "expired", (json_int_t)*n, "day", today), rc, err);
    if (rc)
        *n = 0;
    return rc;
}

int xy_lifecycle_expire_all(struct xy_app *app, const struct xy_principal *by, pthread_mutex_t *lock,
                            const atomic_int *stop, long *total, struct xy_error *err)
{
    long n = 0;
    int rc;
    *total = 0;
    do {
        if (lock)
            pthread_mutex_lock(lock);
        rc = xy_lifecycle_expire(app, by, &n, err);
        if (lock)
            pthread_mutex_unlock(lock);
        *total += rc ? 0 : n;
    } while (!rc && n == XY_EXPIRE_CHUNK && !(stop && atomic_load(stop)));
    return rc;
}

struct feed {
    json_t *items;
    int64_t last;
    int oom;
};

static int on_change(void *ctx, const struct xy_change_row *c)
{
    struct feed *f = ctx;
    json_error_t jerr;
    json_t *detail = c->detail ? json_loads(c->detail, 0, &jerr) : NULL;
    json_t *subject = c->subject_opaque ? json_pack("{s:s, s:s?}", "id", c->subject_opaque, "uscc", c->subject_uscc)
                                        : NULL;
    json_t *j = json_pack("{s:I, s:s, s:s, s:o?, s:o?, s:s?, s:o?}", "seq", (json_int_t)c->seq, "at", c->at, "kind",
                          c->kind, "record", c->record_id ? json_integer(c->record_id) : NULL, "subject", subject,
                          "class", c->cls, "detail", detail);
    if (!j) {
        f->oom = 1;
        return 1;
    }
    json_array_append_new(f->items, j);
    f->last = c->seq;
    return 0;
}

int xy_changes(struct xy_app *app, int64_t after, int limit, json_t **items, int64_t *last, struct xy_error *err)
{
    struct feed f = {.items = json_array()};
    *items = NULL;
    *last = after;
    if (!f.items)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    int rc = app->store->ops->changes_page(app->store, after, limit, on_change, &f, err);
    if (!rc && f.oom)
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    if (rc) {
        json_decref(f.items);
        return rc;
    }
    *items = f.items;
    if (f.last)
        *last = f.last;
    return 0;
}
