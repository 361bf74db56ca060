/* SPDX-License-Identifier: Apache-2.0 */
/* Department routes: submit a batch, read its result and rejects, read the department's own records
 * (non-public fields included, each such read audited). A department key sees only its own data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit.h"
#include "app/import.h"
#include "app/subject.h"
#include "common/xy_utf8.h"
#include "server/server_int.h"

/* The length of s's first max bytes at most, never ending inside a UTF-8 character: for "%.*s". */
static int utf8_cut(const char *s, size_t max)
{
    return (int)xy_utf8_floor(s, strnlen(s, max));
}

void xy_h_batch_submit(struct xy_http_req *rq, struct xy_resp *rs)
{
    const char *cls = xy_req_arg(rq, "class");
    const char *fmt = xy_req_arg(rq, "format");
    const char *ct = xy_req_header(rq, "Content-Type");
    enum xy_batch_format format = XY_BATCH_AUTO;
    if (!cls) {
        xy_resp_problem(rs, 400, "Bad Request", "class 为必填项，如 ?class=penalty (class is required, e.g. ?class=penalty)");
        return;
    }
    if (fmt) {
        if (strcmp(fmt, "csv") == 0)
            format = XY_BATCH_CSV;
        else if (strcmp(fmt, "jsonl") == 0)
            format = XY_BATCH_JSONL;
        else {
            xy_resp_problem(rs, 400, "Bad Request", "format 须为 csv 或 jsonl (format must be csv or jsonl)");
            return;
        }
    } else if (xy_media_is(ct, "text/csv")) {
        format = XY_BATCH_CSV;
    } else if (xy_media_is(ct, "application/x-ndjson") || xy_media_is(ct, "application/jsonl")) {
        format = XY_BATCH_JSONL;
    } else if (!xy_media_is(ct, "application/octet-stream")) {
        xy_resp_problem(rs, 415, "Unsupported Media Type",
                        "请以 text/csv 或 application/x-ndjson（JSON Lines）发送，或给出 ?format= "
                        "(send text/csv or application/x-ndjson, that is JSON Lines, or give ?format=)");
        return;
    }
    if (rq->body.len == 0) {
        xy_resp_problem(rs, 400, "Bad Request", "批次为空 (the batch is empty)");
        return;
    }
    struct xy_import_opts o = {.by = &rq->who, .cls = cls, .dept_uscc = rq->who.dept_uscc, .format = format,
                               .source = "http"};
    struct xy_import_result res;
    struct xy_error err = {0};
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_import_buffer(app, &o, rq->body.data, rq->body.len, &res, &err);
    xy_srv_writer_unlock(rq);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    xy_metrics_batch(res.accepted, res.rejected);
    json_t *rejects = json_array();
    for (size_t i = 0; i < res.nrejects; i++) {
        const struct xy_reject *j = &res.rejects[i];
        json_array_append_new(rejects, json_pack("{s:I, s:s, s:s, s:s, s:s}", "row", (json_int_t)j->row, "field",
                                                 j->field, "value", j->value, "code", j->code, "reason", j->reason));
    }
    json_t *doc = json_pack("{s:I, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:s, s:s, s:o}", "batch",
                            (json_int_t)res.batch_id, "class", cls, "rows", (json_int_t)res.rows, "accepted",
                            (json_int_t)res.accepted, "rejected", (json_int_t)res.rejected, "added",
                            (json_int_t)res.added, "updated", (json_int_t)res.updated, "unchanged",
                            (json_int_t)res.unchanged, "name_flagged", (json_int_t)res.flagged, "encoding",
                            res.encoding, "format", res.format, "rejects",
                            rejects);
    xy_import_result_release(&res);
    xy_resp_json(rs, 201, doc);
}

/* The batch, if the caller may see it: its own department's, or any for the credit office. */
static int batch_for(struct xy_http_req *rq, struct xy_resp *rs, struct xy_app *app, struct xy_batch_row *b)
{
    long long id;
    struct xy_error err = {0};
    if (xy_req_id(rq, rs, "batch", &id))
        return -1;
    int rc = app->store->ops->batch_get(app->store, id, b, &err);
    /* Another department's batch is answered as absent: its existence is not theirs to know. */
    if (rc == XY_OK && rq->who.role == XY_ROLE_DEPARTMENT && b->dept_id != rq->who.dept_id)
        rc = XY_ENOTFOUND;
    if (rc) {
        if (rc == XY_ENOTFOUND)
            xy_resp_problem(rs, 404, "Not Found", "没有编号为 %lld 的本部门批次 (no batch %lld of yours)", id, id);
        else
            xy_resp_error(rs, rc, &err);
        return -1;
    }
    return 0;
}

void xy_h_batch_get(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    struct xy_batch_row b;
    if (!app || batch_for(rq, rs, app, &b))
        return;
    xy_resp_json(rs, 200, json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "batch", (json_int_t)b.id, "rows",
                                    (json_int_t)b.rows, "accepted", (json_int_t)b.accepted, "rejected",
                                    (json_int_t)b.rejected, "added", (json_int_t)b.added, "updated",
                                    (json_int_t)b.updated, "unchanged", (json_int_t)b.unchanged));
}

struct rejects {
    json_t *items;
    struct xy_buf *csv;
};

static void csv_cell(struct xy_buf *b, const char *s)
{
    xy_buf_addc(b, '"');
    for (; s && *s; s++) {
        if (*s == '"')
            xy_buf_addc(b, '"');
        xy_buf_addc(b, *s);
    }
    xy_buf_addc(b, '"');
}

static int on_reject(void *ctx, const struct xy_reject_row *j)
{
    struct rejects *r = ctx;
    if (r->csv) {
        xy_buf_printf(r->csv, "%ld,", j->row);
        csv_cell(r->csv, j->field);
        xy_buf_addc(r->csv, ',');
        csv_cell(r->csv, j->value);
        xy_buf_addc(r->csv, ',');
        csv_cell(r->csv, j->code);
        xy_buf_addc(r->csv, ',');
        csv_cell(r->csv, j->reason);
        xy_buf_addz(r->csv, "\r\n");
    } else {
        json_array_append_new(r->items, json_pack("{s:I, s:s?, s:s?, s:s?, s:s}", "row", (json_int_t)j->row, "field",
                                                  j->field, "value", j->value, "code", j->code, "reason", j->reason));
    }
    return 0;
}

void xy_h_batch_rejects(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    struct xy_batch_row b;
    if (!app || batch_for(rq, rs, app, &b))
        return;
    const char *accept = xy_req_header(rq, "Accept");
    int csv = accept && strstr(accept, "text/csv") != NULL;
    struct rejects r = {.items = csv ? NULL : json_array(), .csv = csv ? &rs->body : NULL};
    struct xy_error err = {0};
    if (csv) {
        xy_buf_reset(&rs->body);
        xy_buf_addz(&rs->body, "\xEF\xBB\xBF" "row,field,value,code,reason\r\n");
    }
    int rc = app->store->ops->batch_rejects(app->store, b.id, on_reject, &r, &err);
    if (rc) {
        json_decref(r.items);
        xy_resp_error(rs, rc, &err);
        return;
    }
    if (csv) {
        rs->status = 200;
        rs->ctype = "text/csv; charset=utf-8";
        return;
    }
    xy_resp_json(rs, 200, json_pack("{s:I, s:o}", "batch", (json_int_t)b.id, "items", r.items));
}

struct dpage {
    struct xy_app *app;
    json_t *items;
    int64_t last_id;
    int n;
    int bad;
};

static int on_dept_record(void *ctx, const struct xy_record_row *r)
{
    struct dpage *p = ctx;
    json_t *rec = xy_record_json(p->app, r, XY_VIEW_REVEAL, xy_app_today());
    p->last_id = r->id;
    p->n++;
    if (!rec) {
        p->bad = 1;
        return 1;
    }
    json_array_append_new(p->items, rec);
    return 0;
}

void xy_h_dept_records(struct xy_http_req *rq, struct xy_resp *rs)
{
    int limit;
    int64_t cursor;
    const char *cls = xy_req_arg(rq, "class");
    if (xy_req_page(rq, rs, 50, XY_MAX_PAGE, &limit, &cursor))
        return;
    /* Non-public fields are read, so the read is audited: through the writer, in one transaction. */
    struct xy_app *app = xy_srv_writer_lock(rq);
    struct dpage p = {.app = app, .items = json_array()};
    struct xy_error err = {0};
    int rc;
    if (cls && !xy_catalog_class(app->catalog, cls)) {
        xy_srv_writer_unlock(rq);
        json_decref(p.items);
        xy_resp_problem(rs, 400, "Bad Request", "未知的信息类别“%.*s” (unknown class \"%.*s\")", utf8_cut(cls, 64), cls,
                        utf8_cut(cls, 64), cls);
        return;
    }
    if ((rc = app->store->ops->begin(app->store, &err)) == XY_OK) {
        rc = app->store->ops->records_by_dept(app->store, rq->who.dept_id, cls, cursor, limit, on_dept_record, &p,
                                              &err);
        if (!rc && p.bad)
            rc = xy_error_set(&err, XY_ECRYPTO, "a record's sealed fields do not open");
        char object[64], detail[96];
        snprintf(object, sizeof object, "dept/%s/records", rq->who.dept_uscc);
        snprintf(detail, sizeof detail, "{\"records\":%d,\"after\":%lld}", p.n, (long long)cursor);
        rc = xy_audit_commit(app, &rq->who, "record.read_private", object, detail, rc, &err);
    }
    xy_srv_writer_unlock(rq);
    if (rc) {
        json_decref(p.items);
        xy_resp_error(rs, rc, &err);
        return;
    }
    json_t *next = xy_next_cursor(p.n == limit, p.last_id);
    xy_resp_json(rs, 200, json_pack("{s:s, s:o, s:o}", "dept", rq->who.dept_uscc, "items", p.items, "next_cursor",
                                    next));
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

void xy_h_batches_list(struct xy_http_req *rq, struct xy_resp *rs)
{
    int limit;
    int64_t cursor;
    if (xy_req_page(rq, rs, 20, XY_MAX_PAGE, &limit, &cursor))
        return;
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    struct blist l = {json_array(), 0};
    struct xy_error err = {0};
    /* A department sees its own batches, newest first; the credit office sees all. */
    int64_t dept = rq->who.role == XY_ROLE_DEPARTMENT ? rq->who.dept_id : 0;
    int rc = app->store->ops->batch_list(app->store, dept, cursor, limit, batch_json, &l, &err);
    if (rc) {
        json_decref(l.items);
        xy_resp_error(rs, rc, &err);
        return;
    }
    json_t *next = xy_next_cursor((int)json_array_size(l.items) == limit, l.last);
    xy_resp_json(rs, 200, json_pack("{s:o, s:o}", "items", l.items, "next_cursor", next));
}
