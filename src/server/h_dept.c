/* SPDX-License-Identifier: Apache-2.0 */
/* Department routes: submit a batch, read its result and rejects, read the department's own records
 * (non-public fields included, each such read audited). A department key sees only its own data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/batches.h"
#include "app/import.h"
#include "common/xy_utf8.h"
#include "common/xy_xlsx.h"
#include "server/server_int.h"

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
        else if (strcmp(fmt, "xlsx") == 0)
            format = XY_BATCH_XLSX;
        else {
            xy_resp_problem(rs, 400, "Bad Request", "format 须为 csv、jsonl 或 xlsx (format must be csv, jsonl or xlsx)");
            return;
        }
    } else if (xy_media_is(ct, "text/csv")) {
        format = XY_BATCH_CSV;
    } else if (xy_media_is(ct, "application/x-ndjson") || xy_media_is(ct, "application/jsonl")) {
        format = XY_BATCH_JSONL;
    } else if (xy_media_is(ct, XY_XLSX_MEDIA_TYPE)) {
        format = XY_BATCH_XLSX;
    } else if (!xy_media_is(ct, "application/octet-stream")) {
        xy_resp_problem(rs, 415, "Unsupported Media Type",
                        "请以 text/csv、application/x-ndjson（JSON Lines）或 XLSX 工作簿发送，或给出 ?format= "
                        "(send text/csv, application/x-ndjson, that is JSON Lines, or an XLSX workbook, or give ?format=)");
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

static int batch_id(struct xy_http_req *rq, struct xy_resp *rs, int64_t *id)
{
    long long v;
    if (xy_req_id(rq, rs, "batch", &v))
        return -1;
    *id = v;
    return 0;
}

void xy_h_batch_get(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    json_t *doc = NULL;
    struct xy_error err = {0};
    int64_t id;
    if (!app || batch_id(rq, rs, &id))
        return;
    int rc = xy_batch_view(app, &rq->who, id, &doc, &err);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, doc);
}

void xy_h_batch_rejects(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    struct xy_error err = {0};
    int64_t id;
    int rc;
    if (!app || batch_id(rq, rs, &id))
        return;
    const char *accept = xy_req_header(rq, "Accept");
    if (accept && strstr(accept, "text/csv")) {
        xy_buf_reset(&rs->body);
        if ((rc = xy_batch_rejects_csv(app, &rq->who, id, &rs->body, &err))) {
            xy_resp_error(rs, rc, &err);
            return;
        }
        rs->status = 200;
        rs->ctype = "text/csv; charset=utf-8";
        return;
    }
    json_t *doc = NULL;
    if ((rc = xy_batch_rejects_json(app, &rq->who, id, &doc, &err)))
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, doc);
}

void xy_h_dept_records(struct xy_http_req *rq, struct xy_resp *rs)
{
    int limit, n;
    int64_t cursor, last;
    const char *cls = xy_req_arg(rq, "class");
    if (xy_req_page(rq, rs, 50, XY_MAX_PAGE, &limit, &cursor))
        return;
    json_t *items = NULL;
    struct xy_error err = {0};
    /* Non-public fields are read, so the read is audited: through the writer. */
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_dept_records(app, &rq->who, cls, cursor, limit, &items, &n, &last, &err);
    xy_srv_writer_unlock(rq);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    xy_resp_json(rs, 200, json_pack("{s:s, s:o, s:o}", "dept", rq->who.dept_uscc, "items", items, "next_cursor",
                                    xy_next_cursor(n == limit, last)));
}

void xy_h_batches_list(struct xy_http_req *rq, struct xy_resp *rs)
{
    int limit;
    int64_t cursor, last;
    if (xy_req_page(rq, rs, 20, XY_MAX_PAGE, &limit, &cursor))
        return;
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    json_t *items = NULL;
    struct xy_error err = {0};
    int rc = xy_batch_page(app, &rq->who, cursor, limit, &items, &last, &err);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    xy_resp_json(rs, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor",
                                    xy_next_cursor((int)json_array_size(items) == limit, last)));
}
