/* SPDX-License-Identifier: Apache-2.0 */
/* Handlers of credit evaluation (app/eval.h): a subject's grade, the grades by grade and district,
 * the distribution, and the office's models. Who may see a grade is the app's decision. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/eval.h"
#include "common/xy_alloc.h"
#include "common/xy_xlsx.h"
#include "server/server_int.h"

/* The model's faults, one per line, as a problem's detail list. */
static void faults_problem(struct xy_resp *rs, int rc, const struct xy_error *err, char *faults)
{
    if (rc == XY_EINVAL && faults) {
        json_t *list = json_array();
        char *save = NULL;
        for (char *line = strtok_r(faults, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
            json_array_append_new(list, json_string(line));
        xy_resp_json(rs, 400, json_pack("{s:s, s:s, s:i, s:s, s:o}", "type", "about:blank", "title", "Bad Request",
                                        "status", 400, "detail", "评价模型未载入 (the model was not loaded)", "faults",
                                        list));
        rs->ctype = "application/problem+json; charset=utf-8";
    } else {
        xy_resp_error(rs, rc, err);
    }
}

void xy_h_subject_eval(struct xy_http_req *rq, struct xy_resp *rs)
{
    json_t *doc = NULL;
    struct xy_error err = {0};
    /* A replay: as of a past time (as grades are stamped) and/or under a named model. */
    const char *as_of = xy_req_arg(rq, "as_of"), *model = xy_req_arg(rq, "model");
    int rc;
    /* A read by anyone but the subject is written to its access history: on the writer. */
    if (rq->who.role == XY_ROLE_PUBLIC) {
        struct xy_app *app = xy_srv_reader(rq, rs);
        if (!app)
            return;
        rc = xy_eval_subject_as_of(app, &rq->who, rq->params[0], as_of, model, &doc, &err);
    } else {
        struct xy_app *app = xy_srv_writer_lock(rq);
        rc = xy_eval_subject_as_of(app, &rq->who, rq->params[0], as_of, model, &doc, &err);
        xy_srv_writer_unlock(rq);
        if (!rc)
            xy_cache_note_write();
    }
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    xy_resp_json(rs, 200, doc);
}

void xy_h_eval_list(struct xy_http_req *rq, struct xy_resp *rs)
{
    int limit;
    int64_t cursor, last = 0;
    if (xy_req_page(rq, rs, 50, XY_MAX_PAGE, &limit, &cursor))
        return;
    json_t *items = NULL;
    struct xy_error err = {0};
    struct xy_app *app = xy_srv_writer_lock(rq); /* each listed subject's access history records the read */
    int rc = xy_eval_list(app, &rq->who, xy_req_arg(rq, "grade"), xy_req_arg(rq, "region"), cursor, limit, &items,
                          &last, &err);
    xy_srv_writer_unlock(rq);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    xy_cache_note_write();
    const char *accept = xy_req_header(rq, "Accept");
    int xlsx = accept && strstr(accept, "spreadsheetml.sheet") != NULL;
    if (xlsx || (accept && strstr(accept, "text/csv"))) { /* a page as a spreadsheet; the cursor in a header */
        xy_buf_reset(&rs->body);
        rc = xlsx ? xy_eval_list_xlsx(items, &rs->body, &err) : xy_eval_list_csv(items, &rs->body);
        json_decref(items);
        if (rc) {
            xy_buf_reset(&rs->body);
            xy_resp_error(rs, rc, &err);
            return;
        }
        if (last)
            snprintf(rs->next_cursor, sizeof rs->next_cursor, "%lld", (long long)last);
        rs->status = 200;
        rs->ctype = xlsx ? XY_XLSX_MEDIA_TYPE : "text/csv; charset=utf-8";
        snprintf(rs->disposition, sizeof rs->disposition, "attachment; filename=\"grades-%s%s.%s\"",
                 xy_req_arg(rq, "grade") ? xy_req_arg(rq, "grade") : "all", cursor ? "-next" : "", xlsx ? "xlsx" : "csv");
        return;
    }
    xy_resp_json(rs, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", xy_next_cursor(last != 0, last)));
}

void xy_h_eval_distribution(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    json_t *doc = NULL;
    struct xy_error err = {0};
    if (!app)
        return;
    int rc = xy_eval_distribution(app, &rq->who, &doc, &err);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, doc);
}

void xy_h_eval_models(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    json_t *doc = NULL;
    struct xy_error err = {0};
    if (!app)
        return;
    int rc = xy_eval_models_json(app, &doc, &err);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, json_pack("{s:o}", "models", doc));
}

void xy_h_eval_model_load(struct xy_http_req *rq, struct xy_resp *rs)
{
    const char *from = xy_req_arg(rq, "from");
    char *faults = NULL;
    struct xy_error err = {0};
    if (!xy_media_is(xy_req_header(rq, "Content-Type"), "application/json")) {
        xy_resp_problem(rs, 415, "Unsupported Media Type", "评价模型须为 application/json (the model is application/json)");
        return;
    }
    if (!from) {
        xy_resp_problem(rs, 400, "Bad Request", "from 为必填项：模型生效日期 YYYY-MM-DD (from is required: the day the "
                        "model applies from)");
        return;
    }
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_eval_model_load(app, &rq->who, rq->body.data, rq->body.len, from, &faults, &err);
    xy_srv_writer_unlock(rq);
    if (rc) {
        faults_problem(rs, rc, &err, faults);
        xy_free(faults);
        return;
    }
    xy_cache_note_write();
    xy_resp_json(rs, 201, json_pack("{s:s}", "applies_from", from));
}

void xy_h_eval_preview(struct xy_http_req *rq, struct xy_resp *rs)
{
    const char *n = xy_req_arg(rq, "samples");
    char *end = NULL;
    long samples = n ? strtol(n, &end, 10) : 3;
    char *faults = NULL;
    json_t *doc = NULL;
    struct xy_error err = {0};
    if ((n && (end == n || *end)) || samples < 0 || samples > 20) {
        xy_resp_problem(rs, 400, "Bad Request", "samples 须为 0 到 20 (samples is 0 to 20)");
        return;
    }
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    int rc = xy_eval_preview(app, &rq->who, rq->body.data, rq->body.len, (int)samples, &faults, &doc, &err);
    if (rc) {
        faults_problem(rs, rc, &err, faults);
        xy_free(faults);
        return;
    }
    xy_resp_json(rs, 200, doc);
}
