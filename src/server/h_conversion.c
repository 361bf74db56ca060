/* SPDX-License-Identifier: Apache-2.0 */
/* Code conversion register routes (app/conversion.h): the office imports a registration authority's
 * list; a department downloads what it still has to convert (the office and the auditor any); the
 * office defines the monthly report's configurable category. Who sees what is the app's decision. */
#include <string.h>

#include "app/conversion.h"
#include "common/xy_alloc.h"
#include "server/server_int.h"

void xy_h_conversion_get(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    struct xy_error err = {0};
    if (!app)
        return;
    const char *format = xy_req_arg(rq, "format"), *dept = xy_req_arg(rq, "dept"),
               *authority = xy_req_arg(rq, "authority");
    if (format && *format && strcmp(format, "csv") && strcmp(format, "json")) {
        xy_resp_problem(rs, 400, "Bad Request", "format 须为 csv 或 json (format must be csv or json)");
        return;
    }
    if (format && !strcmp(format, "csv")) {
        xy_buf_reset(&rs->body);
        int rc = xy_conv_unconverted_csv(app, &rq->who, dept, authority, &rs->body, &err);
        if (rc) {
            xy_buf_reset(&rs->body);
            xy_resp_error(rs, rc, &err);
            return;
        }
        rs->status = 200;
        rs->ctype = "text/csv; charset=utf-8";
        return;
    }
    json_t *doc = NULL;
    int rc = xy_conv_summary(app, &rq->who, dept, authority, &doc, &err);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, doc);
}

void xy_h_conversion_import(struct xy_http_req *rq, struct xy_resp *rs)
{
    const char *ct = xy_req_header(rq, "Content-Type");
    if (!xy_media_is(ct, "text/csv")) {
        xy_resp_problem(rs, 415, "Unsupported Media Type", "登记名单须为 text/csv (the list must be text/csv)");
        return;
    }
    struct xy_error err = {0};
    json_t *doc = NULL;
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_conv_import(app, &rq->who, xy_req_arg(rq, "dept"), rq->body.data, rq->body.len, &doc, &err);
    xy_srv_writer_unlock(rq);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    xy_cache_note_write();
    xy_resp_json(rs, 200, doc);
}

void xy_h_extra_get(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    struct xy_error err = {0};
    json_t *doc = NULL;
    if (!app)
        return;
    int rc = xy_extra_get(app, &doc, &err);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, doc);
}

void xy_h_extra_put(struct xy_http_req *rq, struct xy_resp *rs)
{
    if (!xy_media_is(xy_req_header(rq, "Content-Type"), "application/json")) {
        xy_resp_problem(rs, 415, "Unsupported Media Type", "请求体须为 application/json (the body must be application/json)");
        return;
    }
    struct xy_error err = {0};
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_extra_define(app, &rq->who, rq->body.data, rq->body.len, &err);
    json_t *doc = NULL;
    if (!rc)
        rc = xy_extra_get(app, &doc, &err);
    xy_srv_writer_unlock(rq);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    xy_cache_note_write();
    xy_resp_json(rs, 200, doc);
}
