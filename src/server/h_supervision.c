/* SPDX-License-Identifier: Apache-2.0 */
/* Supervision and assessment routes (app/supervision.h, app/assessment.h): the scan, notices and
 * their steps, a department's answers with files, the letter as a PDF, and the assessment as JSON,
 * XLSX or PDF. Who sees which notice is the app's decision. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/assessment.h"
#include "app/supervision.h"
#include "common/xy_xlsx.h"
#include "server/server_int.h"

void xy_h_sup_scan(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_error err = {0};
    int raised = 0, escalated = 0;
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_sup_scan(app, &rq->who, &raised, &escalated, &err);
    xy_srv_writer_unlock(rq);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    xy_resp_json(rs, 200, json_pack("{s:i, s:i}", "raised", raised, "escalated", escalated));
}

void xy_h_sup_list(struct xy_http_req *rq, struct xy_resp *rs)
{
    int limit;
    int64_t cursor, last = 0;
    if (xy_req_page(rq, rs, 50, XY_MAX_PAGE, &limit, &cursor))
        return;
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    json_t *items = NULL;
    struct xy_error err = {0};
    int rc = xy_sup_list(app, &rq->who, xy_req_arg(rq, "state"), cursor, limit + 1, &items, &last, &err);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    int more = (int)json_array_size(items) > limit;
    if (more) {
        json_array_remove(items, (size_t)limit);
        last = json_integer_value(json_object_get(json_array_get(items, (size_t)limit - 1), "id"));
    }
    xy_resp_json(rs, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", xy_next_cursor(more, last)));
}

void xy_h_sup_get(struct xy_http_req *rq, struct xy_resp *rs)
{
    long long id;
    if (xy_req_id(rq, rs, "notice", &id))
        return;
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    json_t *doc = NULL;
    struct xy_error err = {0};
    int rc = xy_sup_show(app, &rq->who, id, &doc, &err);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, doc);
}

/* {"action":"send","workdays":N} | {"action":"dismiss","reason":"..."} | {"action":"accept","note":"..."}
 * | {"action":"return","note":"..."} */
void xy_h_sup_act(struct xy_http_req *rq, struct xy_resp *rs)
{
    long long id;
    if (xy_req_id(rq, rs, "notice", &id))
        return;
    json_t *body = xy_req_json(rq, rs, "action workdays reason note");
    if (!body)
        return;
    const char *action = json_string_value(json_object_get(body, "action"));
    const json_t *wd = json_object_get(body, "workdays");
    const json_t *reason = json_object_get(body, "reason"), *note = json_object_get(body, "note");
    if (!action || (wd && !json_is_integer(wd)) || (reason && !json_is_string(reason)) ||
        (note && !json_is_string(note))) {
        json_decref(body);
        xy_resp_problem(rs, 400, "Bad Request", "须有 action（send、dismiss、accept、return）；workdays 为整数，reason、note "
                        "为文本 (action is required: send, dismiss, accept or return; workdays a whole number, reason "
                        "and note text)");
        return;
    }
    struct xy_error err = {0};
    int rc;
    struct xy_app *app = xy_srv_writer_lock(rq);
    if (!strcmp(action, "send"))
        rc = xy_sup_send(app, &rq->who, id, wd ? (int)json_integer_value(wd) : 0, &err);
    else if (!strcmp(action, "dismiss"))
        rc = xy_sup_dismiss(app, &rq->who, id, json_string_value(reason), &err);
    else if (!strcmp(action, "accept") || !strcmp(action, "return"))
        rc = xy_sup_judge(app, &rq->who, id, !strcmp(action, "accept"), json_string_value(note), &err);
    else
        rc = xy_error_set(&err, XY_EINVAL, "未知操作 %s (unknown action; one of send, dismiss, accept, return)", action);
    json_t *doc = NULL;
    if (!rc)
        rc = xy_sup_show(app, &rq->who, id, &doc, &err);
    xy_srv_writer_unlock(rq);
    json_decref(body);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, doc);
}

/* {"text":"...","files":[{"name","media_type","data"}]} */
void xy_h_sup_answer(struct xy_http_req *rq, struct xy_resp *rs)
{
    long long id;
    if (xy_req_id(rq, rs, "notice", &id))
        return;
    json_t *body = xy_req_json(rq, rs, "text files");
    if (!body)
        return;
    struct xy_claim_file_in files[XY_CLAIM_FILES_MAX];
    int n = xy_req_files(rs, json_object_get(body, "files"), files);
    if (n < 0) {
        xy_req_files_free(files, -n - 1);
        json_decref(body);
        return;
    }
    struct xy_error err = {0};
    json_t *doc = NULL;
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_sup_answer(app, &rq->who, id, json_string_value(json_object_get(body, "text")), files, (size_t)n,
                           &err);
    if (!rc)
        rc = xy_sup_show(app, &rq->who, id, &doc, &err);
    xy_srv_writer_unlock(rq);
    xy_req_files_free(files, n);
    json_decref(body);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 201, doc);
}

void xy_h_sup_letter(struct xy_http_req *rq, struct xy_resp *rs)
{
    long long id;
    if (xy_req_id(rq, rs, "notice", &id))
        return;
    struct xy_error err = {0};
    xy_buf_reset(&rs->body);
    /* the writer: a department reading its letter is put on the record */
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_sup_letter(app, &rq->who, id, &rs->body, &err);
    xy_srv_writer_unlock(rq);
    if (rc) {
        xy_buf_reset(&rs->body);
        xy_resp_error(rs, rc, &err);
        return;
    }
    rs->status = 200;
    rs->ctype = "application/pdf";
    snprintf(rs->disposition, sizeof rs->disposition, "inline; filename=\"supervision-notice-%lld.pdf\"", id);
}

void xy_h_sup_file(struct xy_http_req *rq, struct xy_resp *rs)
{
    long long id;
    if (xy_req_id(rq, rs, "notice", &id))
        return;
    long seq[2] = {0, 0};
    for (int i = 0; i < 2; i++) {
        char *end = NULL;
        const char *p = rq->nparams > i + 1 ? rq->params[i + 1] : NULL;
        seq[i] = p ? strtol(p, &end, 10) : 0;
        if (!p || !end || *end || seq[i] < 1 || seq[i] > 1000) {
            xy_resp_problem(rs, 400, "Bad Request", "答复序号和文件序号须为正整数 (answer and file numbers are positive "
                            "whole numbers)");
            return;
        }
    }
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    char type[64], name[256];
    struct xy_error err = {0};
    xy_buf_reset(&rs->body);
    int rc = xy_sup_file_read(app, &rq->who, id, (int)seq[0], (int)seq[1], &rs->body, type, name, &err);
    if (rc) {
        xy_buf_reset(&rs->body);
        xy_resp_error(rs, rc, &err);
        return;
    }
    /* only the three accepted types were ever stored */
    rs->status = 200;
    rs->ctype = !strcmp(type, "application/pdf") ? "application/pdf"
                : !strcmp(type, "image/png")     ? "image/png"
                                                 : "image/jpeg";
}

void xy_h_assessment(struct xy_http_req *rq, struct xy_resp *rs)
{
    const char *format = xy_req_arg(rq, "format");
    if (format && strcmp(format, "json") && strcmp(format, "xlsx") && strcmp(format, "pdf")) {
        xy_resp_problem(rs, 400, "Bad Request", "format 须为 json、xlsx 或 pdf (format must be json, xlsx or pdf)");
        return;
    }
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    json_t *doc = NULL;
    struct xy_error err = {0};
    int rc = xy_assess_json(app, &rq->who, rq->params[0], &doc, &err);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    if (!format || !strcmp(format, "json")) {
        xy_resp_json(rs, 200, doc);
        return;
    }
    int xlsx = !strcmp(format, "xlsx");
    xy_buf_reset(&rs->body);
    rc = xlsx ? xy_assess_xlsx(doc, &rs->body, &err) : xy_assess_pdf(app, doc, &rs->body, &err);
    json_decref(doc);
    if (rc) {
        xy_buf_reset(&rs->body);
        xy_resp_error(rs, rc, &err);
        return;
    }
    rs->status = 200;
    rs->ctype = xlsx ? XY_XLSX_MEDIA_TYPE : "application/pdf";
    snprintf(rs->disposition, sizeof rs->disposition, "attachment; filename=\"assessment-%.6s.%s\"", rq->params[0],
             xlsx ? "xlsx" : "pdf");
}
