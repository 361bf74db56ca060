/* SPDX-License-Identifier: Apache-2.0 */
/* Monitoring routes (app/monitor.h): a department's declarations and entered figures, the office's
 * reporting units and collection catalogues, and the month's report as JSON or CSV, closed and
 * reopened by the office. Who sees which rows is the app's decision. */
#include <stdio.h>
#include <string.h>

#include "app/monitor.h"
#include "common/xy_alloc.h"
#include "server/server_int.h"

/* A refusal whole: every fault named, one per line, in "faults". */
static void refuse(struct xy_resp *rs, int rc, const struct xy_error *err, char *faults, const char *what)
{
    if (rc == XY_EINVAL && faults) {
        json_t *list = json_array();
        char *save = NULL;
        for (char *line = strtok_r(faults, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
            json_array_append_new(list, json_string(line));
        xy_resp_json(rs, 400, json_pack("{s:s, s:s, s:i, s:s, s:s, s:o}", "type", "about:blank", "title", "Bad Request",
                                        "status", 400, "detail", err->msg, "what", what, "faults", list));
        rs->ctype = "application/problem+json; charset=utf-8";
    } else {
        xy_resp_error(rs, rc, err);
    }
    xy_free(faults);
}

static int json_body(struct xy_http_req *rq, struct xy_resp *rs)
{
    if (!xy_media_is(xy_req_header(rq, "Content-Type"), "application/json")) {
        xy_resp_problem(rs, 415, "Unsupported Media Type", "请求体须为 application/json (the body must be application/json)");
        return -1;
    }
    return 0;
}

void xy_h_declaration_put(struct xy_http_req *rq, struct xy_resp *rs)
{
    if (json_body(rq, rs))
        return;
    struct xy_error err = {0};
    char *faults = NULL;
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_declaration_put(app, &rq->who, NULL, rq->params[0], rq->body.data, rq->body.len, &faults, &err);
    json_t *doc = NULL;
    if (!rc)
        rc = xy_declaration_get(app, &rq->who, NULL, rq->params[0], &doc, &err);
    xy_srv_writer_unlock(rq);
    if (rc) {
        refuse(rs, rc, &err, faults, "declaration");
        return;
    }
    xy_cache_note_write();
    xy_resp_json(rs, 200, doc);
}

void xy_h_declaration_get(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    json_t *doc = NULL;
    struct xy_error err = {0};
    if (!app)
        return;
    int rc = xy_declaration_get(app, &rq->who, xy_req_arg(rq, "dept"), rq->params[0], &doc, &err);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, doc);
}

void xy_h_entry_put(struct xy_http_req *rq, struct xy_resp *rs)
{
    if (json_body(rq, rs))
        return;
    struct xy_error err = {0};
    char *faults = NULL;
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_entry_put(app, &rq->who, xy_req_arg(rq, "dept"), rq->params[0], rq->body.data, rq->body.len, &faults,
                          &err);
    xy_srv_writer_unlock(rq);
    if (rc) {
        refuse(rs, rc, &err, faults, "entry");
        return;
    }
    xy_cache_note_write();
    xy_resp_json(rs, 201, json_pack("{s:s, s:s}", "month", rq->params[0], "status", "stored"));
}

void xy_h_month_get(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    json_t *doc = NULL;
    struct xy_error err = {0};
    if (!app)
        return;
    int rc = xy_month_json(app, &rq->who, rq->params[0], &doc, &err);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    if (xy_month_wants_xlsx(rq)) {
        xy_month_xlsx_reply(rq, rs, doc);
        return;
    }
    const char *accept = xy_req_header(rq, "Accept");
    if (accept && strstr(accept, "text/csv")) {
        xy_buf_reset(&rs->body);
        rc = xy_month_csv(doc, &rs->body, &err);
        json_decref(doc);
        if (rc) {
            xy_resp_problem(rs, 503, "Service Unavailable", "out of memory");
            return;
        }
        rs->status = 200;
        rs->ctype = "text/csv; charset=utf-8";
        return;
    }
    xy_resp_json(rs, 200, doc);
}

static void month_act(struct xy_http_req *rq, struct xy_resp *rs, int reopen)
{
    json_t *body = NULL;
    if (reopen && !(body = xy_req_json_object(rq, rs, "reason", "reason")))
        return;
    struct xy_error err = {0};
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = reopen ? xy_month_reopen(app, &rq->who, rq->params[0], json_string_value(json_object_get(body, "reason")),
                                      &err)
                    : xy_month_close(app, &rq->who, rq->params[0], &err);
    xy_srv_writer_unlock(rq);
    json_decref(body);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    xy_cache_note_write();
    xy_resp_json(rs, 200, json_pack("{s:s, s:s}", "month", rq->params[0], "state", reopen ? "open" : "closed"));
}

void xy_h_month_close(struct xy_http_req *rq, struct xy_resp *rs)
{
    month_act(rq, rs, 0);
}

void xy_h_month_reopen(struct xy_http_req *rq, struct xy_resp *rs)
{
    month_act(rq, rs, 1);
}

void xy_h_units_list(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    json_t *items = NULL;
    struct xy_error err = {0};
    if (!app)
        return;
    int rc = xy_units_list(app, &items, &err);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, json_pack("{s:o}", "items", items));
}

void xy_h_unit_put(struct xy_http_req *rq, struct xy_resp *rs)
{
    json_t *body = xy_req_json_object(rq, rs, "region level", "region level");
    if (!body)
        return;
    struct xy_error err = {0};
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_unit_set(app, &rq->who, rq->params[0], json_string_value(json_object_get(body, "region")),
                         json_string_value(json_object_get(body, "level")), &err);
    xy_srv_writer_unlock(rq);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, json_pack("{s:s, s:O, s:O}", "uscc", rq->params[0], "region",
                                        json_object_get(body, "region"), "level", json_object_get(body, "level")));
    json_decref(body);
}

void xy_h_plan_put(struct xy_http_req *rq, struct xy_resp *rs)
{
    if (json_body(rq, rs))
        return;
    struct xy_error err = {0};
    char *faults = NULL;
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_plan_set(app, &rq->who, rq->params[0], rq->body.data, rq->body.len, &faults, &err);
    xy_srv_writer_unlock(rq);
    if (rc) {
        refuse(rs, rc, &err, faults, "collection catalogue");
        return;
    }
    xy_resp_json(rs, 200, json_pack("{s:s, s:s}", "uscc", rq->params[0], "status", "stored"));
}
