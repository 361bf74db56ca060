/* SPDX-License-Identifier: Apache-2.0 */
/* A department's batches, their rejects and its own records (batches.h). Who may see what is decided
 * here, once: a department its own, the credit office all. */
#include "app/batches.h"
#include "app/app_int.h"

#include <stdio.h>
#include <string.h>

#include "app/audit.h"
#include "app/rejects.h"
#include "common/xy_alloc.h"
#include "common/xy_utf8.h"

/* The credit office (and the local operator) see every department's batches. */
static int sees_all(const struct xy_principal *by)
{
    return by->role == XY_ROLE_OFFICE || by->role == XY_ROLE_OPERATOR;
}

struct one_batch {
    struct xy_batch_row b;
    char cls[64];
};

static int on_batch(void *ctx, const struct xy_batch_row *b, const char *dept_uscc)
{
    struct one_batch *o = ctx;
    (void)dept_uscc;
    o->b = *b;
    snprintf(o->cls, sizeof o->cls, "%s", b->cls ? b->cls : "");
    o->b.cls = o->cls;
    o->b.source = o->b.format = o->b.encoding = o->b.started_at = o->b.finished_at = NULL; /* borrowed */
    return 1;
}

/* The batch, if `by` may see it. */
static int batch_for(struct xy_app *app, const struct xy_principal *by, int64_t id, struct one_batch *o,
                     struct xy_error *err)
{
    int rc = app->store->ops->batch_get(app->store, id, on_batch, o, err);
    /* Another department's batch is answered as absent: its existence is not theirs to know. */
    if (rc == XY_ENOTFOUND || (rc == XY_OK && !sees_all(by) && o->b.dept_id != by->dept_id))
        return xy_error_set(err, XY_ENOTFOUND, "没有编号为 %lld 的本部门批次 (no batch %lld of yours)", (long long)id,
                            (long long)id);
    return rc;
}

int xy_batch_view(struct xy_app *app, const struct xy_principal *by, int64_t id, json_t **out, struct xy_error *err)
{
    struct one_batch o = {0};
    int rc = batch_for(app, by, id, &o, err);
    const struct xy_batch_row b = o.b;
    *out = NULL;
    if (rc)
        return rc;
    *out = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "batch", (json_int_t)b.id, "rows", (json_int_t)b.rows,
                     "accepted", (json_int_t)b.accepted, "rejected", (json_int_t)b.rejected, "added",
                     (json_int_t)b.added, "updated", (json_int_t)b.updated, "unchanged", (json_int_t)b.unchanged);
    return *out ? XY_OK : xy_error_set(err, XY_ENOMEM, "out of memory");
}

static int reject_json(void *ctx, const struct xy_reject_row *j)
{
    json_array_append_new(ctx, json_pack("{s:I, s:s?, s:s?, s:s?, s:s}", "row", (json_int_t)j->row, "field", j->field,
                                         "value", j->value, "code", j->code, "reason", j->reason));
    return 0;
}

int xy_batch_rejects_json(struct xy_app *app, const struct xy_principal *by, int64_t id, json_t **out,
                          struct xy_error *err)
{
    struct one_batch o = {0};
    json_t *items = NULL;
    int rc = batch_for(app, by, id, &o, err);
    const struct xy_batch_row b = o.b;
    *out = NULL;
    if (!rc && !(items = json_array()))
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    if (!rc)
        rc = app->store->ops->batch_rejects(app->store, b.id, reject_json, items, err);
    if (!rc && !(*out = json_pack("{s:I, s:O}", "batch", (json_int_t)b.id, "items", items)))
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    json_decref(items);
    return rc;
}

struct csv {
    struct xy_buf *out;
    const struct xy_class *k;
    int rc;
};

static int reject_csv(void *ctx, const struct xy_reject_row *j)
{
    struct csv *c = ctx;
    c->rc = xy_rejects_csv_row(c->out, c->k, j->row, j->field, j->value, j->code, j->reason);
    return c->rc;
}

int xy_batch_rejects_csv(struct xy_app *app, const struct xy_principal *by, int64_t id, struct xy_buf *out,
                         struct xy_error *err)
{
    struct one_batch o = {0};
    int rc = batch_for(app, by, id, &o, err);
    const struct xy_batch_row b = o.b;
    if (rc)
        return rc;
    struct csv c = {.out = out, .k = xy_catalog_class(app->catalog, b.cls)};
    if ((rc = xy_rejects_csv_header(out)))
        return xy_error_set(err, rc, "被拒绝的行超出应答上限 (the rejects do not fit the answer)");
    rc = app->store->ops->batch_rejects(app->store, b.id, reject_csv, &c, err);
    if (!rc && c.rc)
        rc = xy_error_set(err, c.rc, "被拒绝的行超出应答上限 (the rejects do not fit the answer)");
    return rc;
}

struct blist {
    json_t *items;
    int64_t last;
};

static int batch_json(void *ctx, const struct xy_batch_row *b, const char *dept_uscc)
{
    struct blist *l = ctx;
    l->last = b->id;
    json_array_append_new(l->items, json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:s?, s:s?, s:s?, s:s?}",
                                              "batch", (json_int_t)b->id, "class", b->cls, "dept", dept_uscc, "rows",
                                              (json_int_t)b->rows, "accepted", (json_int_t)b->accepted, "rejected",
                                              (json_int_t)b->rejected, "added", (json_int_t)b->added, "updated",
                                              (json_int_t)b->updated, "unchanged", (json_int_t)b->unchanged,
                                              "encoding", b->encoding, "source", b->source, "created_at",
                                              b->started_at, "finished_at", b->finished_at));
    return 0;
}

int xy_batch_page(struct xy_app *app, const struct xy_principal *by, int64_t before, int limit, json_t **out,
                  int64_t *last, struct xy_error *err)
{
    struct blist l = {json_array(), 0};
    /* A department sees its own batches, newest first; the credit office sees all. */
    int64_t dept = sees_all(by) ? 0 : by->dept_id;
    int rc;
    *out = NULL;
    *last = 0;
    if (!l.items)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    if (!sees_all(by) && dept <= 0)
        rc = xy_error_set(err, XY_EDENIED, "只有部门和信用管理部门可查看批次 (only departments and the credit office see batches)");
    else
        rc = app->store->ops->batch_list(app->store, dept, before, limit, batch_json, &l, err);
    if (rc) {
        json_decref(l.items);
        return rc;
    }
    *out = l.items;
    *last = l.last;
    return XY_OK;
}

struct dpage {
    struct xy_app *app;
    struct xy_date today;
    json_t *items;
    int64_t last_id;
    int n;
    int bad;
};

static int on_dept_record(void *ctx, const struct xy_record_row *r)
{
    struct dpage *p = ctx;
    json_t *rec = xy_record_json(p->app, r, XY_VIEW_REVEAL, p->today);
    p->last_id = r->id;
    p->n++;
    if (!rec) {
        p->bad = 1;
        return 1;
    }
    json_array_append_new(p->items, rec);
    return 0;
}

int xy_dept_records(struct xy_app *app, const struct xy_principal *by, const char *cls, int64_t after, int limit,
                    json_t **out, int *n, int64_t *last, struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct dpage p = {.app = app, .today = xy_clock_today(&app->clock)};
    char object[64];
    int rc;
    *out = NULL;
    *n = 0;
    *last = 0;
    if (by->role != XY_ROLE_DEPARTMENT || by->dept_id <= 0)
        return xy_error_set(err, XY_EDENIED, "只有部门密钥有本部门记录 (only a department key has records of its own)");
    if (cls && !xy_catalog_class(app->catalog, cls))
        return xy_error_set(err, XY_EINVAL, "未知的信息类别“%.*s” (unknown class \"%.*s\")", xy_utf8_cut(cls, 64), cls,
                            xy_utf8_cut(cls, 64), cls);
    if (!(p.items = json_array()))
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    /* Non-public fields are read, so the read is audited, in one transaction with it. */
    if ((rc = st->ops->begin(st, err)) == XY_OK) {
        rc = st->ops->records_by_dept(st, by->dept_id, cls, after, limit, on_dept_record, &p, err);
        if (!rc && p.bad)
            rc = xy_error_set(err, XY_ECRYPTO, "记录的加密字段无法解密 (a record's sealed fields do not open)");
        json_t *detail = json_pack("{s:i, s:I}", "records", p.n, "after", (json_int_t)after);
        char *text = detail ? json_dumps(detail, JSON_COMPACT) : NULL;
        json_decref(detail);
        if (!rc && !text)
            rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        snprintf(object, sizeof object, "dept/%s/records", by->dept_uscc);
        rc = xy_audit_commit(app, by, "record.read_private", object, text, rc, err);
        xy_free(text);
    }
    if (rc) {
        json_decref(p.items);
        return rc;
    }
    *out = p.items;
    *n = p.n;
    *last = p.last_id;
    return XY_OK;
}
