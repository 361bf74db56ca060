/* SPDX-License-Identifier: Apache-2.0 */
/* Credit reports over HTTP: the public edition of an organisation's report, the authorised edition
 * for its subject or a querier with a grant or the office at its counter, the register's answer on a
 * number and on a file's hash, the public key, the month's figures. Each handler calls one use case
 * of app/report.h. */
#include <stdio.h>
#include <string.h>

#include "app/report.h"
#include "common/xy_alloc.h"
#include "server/server_int.h"

/* JSON when the client asks for it (Accept: application/json), else the PDF. */
static enum xy_report_format wanted_format(struct xy_http_req *rq)
{
    const char *accept = xy_req_header(rq, "Accept");
    return accept && strstr(accept, "application/json") && !strstr(accept, "application/pdf") ? XY_REPORT_JSON
                                                                                              : XY_REPORT_PDF;
}

static void issue(struct xy_http_req *rq, struct xy_resp *rs, const struct xy_report_request *req)
{
    char number[XY_REPORT_NUMBER_SIZE];
    struct xy_error err = {0};
    xy_buf_reset(&rs->body);
    /* On the writer, which the use case holds only while it reads and writes the database (not
     * while it signs and draws). */
    int rc = xy_report_issue(rq->srv->writer, &rq->srv->writer_lock, &rq->who, req, &rs->body, number, NULL, &err);
    xy_cache_note_write();
    if (rc) {
        xy_buf_reset(&rs->body);
        xy_resp_error(rs, rc, &err);
        return;
    }
    rs->status = 200;
    rs->ctype = req->format == XY_REPORT_JSON ? "application/json; charset=utf-8" : "application/pdf";
    /* Saved under its number (信用报告-NUMBER.pdf), shown in the browser first. */
    snprintf(rs->disposition, sizeof rs->disposition,
             "inline; filename=\"credit-report-%s.%s\"; filename*=UTF-8''%%E4%%BF%%A1%%E7%%94%%A8%%E6%%8A%%A5%%E5%%91%%8A-%s.%s",
             number, req->format == XY_REPORT_JSON ? "json" : "pdf", number,
             req->format == XY_REPORT_JSON ? "json" : "pdf");
}

void xy_h_subject_report(struct xy_http_req *rq, struct xy_resp *rs)
{
    int retry = 0;
    /* Each report is numbered and registered: the public is held to the search's pace. */
    if (!xy_ratelimit_take(rq->client, rq->srv->opts.search_rate, rq->srv->opts.search_burst, &retry)) {
        snprintf(rs->retry_after, sizeof rs->retry_after, "%d", retry);
        xy_resp_problem(rs, 429, "Too Many Requests", "请求过于频繁，请稍后再试 (too many requests: try again later)");
        return;
    }
    struct xy_report_request req = {.subject = rq->params[0], .edition = XY_REPORT_PUBLIC,
                                    .format = wanted_format(rq)};
    issue(rq, rs, &req);
}

void xy_h_report_issue(struct xy_http_req *rq, struct xy_resp *rs)
{
    json_t *body = xy_req_json(rq, rs, "subject edition purpose grant applicant format");
    if (!body)
        return;
    const char *subject = json_string_value(json_object_get(body, "subject"));
    const char *edition = json_string_value(json_object_get(body, "edition"));
    const char *format = json_string_value(json_object_get(body, "format"));
    const json_t *grant = json_object_get(body, "grant");
    const json_t *purpose = json_object_get(body, "purpose"), *applicant = json_object_get(body, "applicant");
    struct xy_report_request req = {.subject = subject, .edition = XY_REPORT_AUTHORISED, .format = wanted_format(rq)};
    if (!subject) {
        xy_resp_problem(rs, 400, "Bad Request", "须填写 subject：统一社会信用代码或主体编号 (subject is required: a USCC or "
                        "subject id)");
    } else if (edition && strcmp(edition, "authorised") != 0 && strcmp(edition, "public") != 0) {
        xy_resp_problem(rs, 400, "Bad Request", "edition 须为 public 或 authorised (edition is public or authorised)");
    } else if (format && strcmp(format, "pdf") != 0 && strcmp(format, "json") != 0) {
        xy_resp_problem(rs, 400, "Bad Request", "format 须为 pdf 或 json (format is pdf or json)");
    } else if ((grant && (!json_is_integer(grant) || json_integer_value(grant) <= 0)) ||
               (purpose && !json_is_string(purpose)) || (applicant && !json_is_string(applicant))) {
        xy_resp_problem(rs, 400, "Bad Request", "grant 须为授权编号，purpose 和 applicant 须为文本 (grant is a grant id, "
                        "purpose and applicant are text)");
    } else {
        if (edition && strcmp(edition, "public") == 0)
            req.edition = XY_REPORT_PUBLIC;
        if (format)
            req.format = strcmp(format, "json") == 0 ? XY_REPORT_JSON : XY_REPORT_PDF;
        req.grant_id = grant ? (int64_t)json_integer_value(grant) : 0;
        req.purpose = json_string_value(purpose);
        req.applicant = json_string_value(applicant);
        issue(rq, rs, &req);
    }
    json_decref(body);
}

void xy_h_report_public_key(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    char *pem = NULL;
    size_t len = 0;
    struct xy_error err = {0};
    int rc = xy_report_public_key(app, &pem, &len, &err);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    xy_buf_reset(&rs->body);
    rc = xy_buf_add(&rs->body, pem, len);
    xy_free(pem);
    if (rc) {
        xy_resp_problem(rs, 503, "Service Unavailable", "out of memory");
        return;
    }
    rs->status = 200;
    rs->ctype = "application/x-pem-file";
}

void xy_h_report_stats(struct xy_http_req *rq, struct xy_resp *rs)
{
    const char *month = xy_req_arg(rq, "month");
    char this_month[8];
    if (!month) {
        char today[11];
        xy_date_format(xy_clock_today(rq->srv->clock), today);
        snprintf(this_month, sizeof this_month, "%.7s", today);
        month = this_month;
    }
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    json_t *doc = NULL;
    struct xy_error err = {0};
    int rc = xy_report_stats(app, &rq->who, month, &doc, &err);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, doc);
}

void xy_h_report_get(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    json_t *doc = NULL;
    struct xy_error err = {0};
    int rc = xy_report_lookup(app, rq->params[0], &doc, &err);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, doc);
}

void xy_h_report_verify(struct xy_http_req *rq, struct xy_resp *rs)
{
    /* The verifier's browser hashes the file (SHA-256) and sends only the hash: an authorised report
     * holds non-public data, and it never leaves the verifier's machine. */
    json_t *body = xy_req_json(rq, rs, "sha256");
    if (!body)
        return;
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app) {
        json_decref(body);
        return;
    }
    json_t *doc = NULL;
    struct xy_error err = {0};
    int rc = xy_report_check_hash(app, rq->params[0], json_string_value(json_object_get(body, "sha256")), &doc, &err);
    json_decref(body);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, doc);
}
