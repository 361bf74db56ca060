/* SPDX-License-Identifier: Apache-2.0 */
/* Subjects' applications for accounts (anyone files one; the office lists, reads, approves and
 * refuses them) and the activation of an approved one with its code. Each calls app/application.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/application.h"
#include "common/xy_clock.h"
#include "server/server_int.h"

/* One uploaded file of the body ({"name", "media_type", "data"}), decoded as claims' evidence is. */
static int one_file(struct xy_resp *rs, const json_t *body, const char *key, struct xy_claim_file_in *out, int *have)
{
    const json_t *f = json_object_get(body, key);
    *have = 0;
    if (!f)
        return 0;
    json_t *arr = json_array();
    if (!arr || json_array_append(arr, (json_t *)f)) {
        json_decref(arr);
        xy_resp_problem(rs, 503, "Service Unavailable", "out of memory");
        return -1;
    }
    int n = xy_req_files(rs, arr, out);
    json_decref(arr);
    if (n < 0) {
        /* The problem names files[0]: say which field it was. */
        if (rs->status == 413)
            xy_resp_problem(rs, 413, "Content Too Large", "%s：文件超过 %u 字节 (%s: the file is larger than %u bytes)",
                            key, XY_CLAIM_FILE_MAX, key, XY_CLAIM_FILE_MAX);
        else
            xy_resp_problem(rs, 400, "Bad Request", "%s 须为 {\"name\", \"media_type\", \"data\"}，data 为 base64 编码 "
                            "(%s must be {\"name\", \"media_type\", \"data\"}, data in base64)", key, key);
        return -1;
    }
    *have = n;
    return 0;
}

static const char *str(const json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

void xy_h_application_submit(struct xy_http_req *rq, struct xy_resp *rs)
{
    json_t *body = xy_req_json(rq, rs, "kind code name legal_rep contact phone email licence letter");
    struct xy_claim_file_in files[2];
    int have[2] = {0, 0};
    if (!body)
        return;
    static const char *const texts[] = {"kind", "code", "name", "legal_rep", "contact", "phone", "email"};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        const json_t *v = json_object_get(body, texts[i]);
        if (v && !json_is_string(v)) {
            xy_resp_problem(rs, 400, "Bad Request", "%s 须为字符串 (%s must be a string)", texts[i], texts[i]);
            goto out;
        }
    }
    if (one_file(rs, body, "licence", &files[0], &have[0]) || one_file(rs, body, "letter", &files[1], &have[1]))
        goto out;
    struct xy_application_in in = {.kind = str(body, "kind"),
                                   .code = str(body, "code"),
                                   .name = str(body, "name"),
                                   .legal_rep = str(body, "legal_rep"),
                                   .contact = str(body, "contact"),
                                   .phone = str(body, "phone"),
                                   .email = str(body, "email"),
                                   .licence = have[0] ? &files[0] : NULL,
                                   .letter = have[1] ? &files[1] : NULL};
    struct xy_error err = {0};
    int64_t id = 0;
    int retry = 0;
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_application_submit(app, &in, rq->client, &id, &retry, &err);
    xy_srv_writer_unlock(rq);
    if (rc == XY_EBUSY && retry > 0) {
        snprintf(rs->retry_after, sizeof rs->retry_after, "%d", retry);
        xy_resp_problem(rs, 429, "Too Many Requests", "%s", err.msg);
    } else if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 201, json_pack("{s:I, s:s}", "id", (json_int_t)id, "state", "pending"));
out:
    for (int i = 0; i < 2; i++)
        if (have[i])
            xy_req_files_free(&files[i], 1);
    json_decref(body);
}

void xy_h_activation(struct xy_http_req *rq, struct xy_resp *rs)
{
    json_t *body = xy_req_json_object(rq, rs, "code name password", "code name password");
    if (!body)
        return;
    struct xy_activation_req in = {.code = str(body, "code"), .name = str(body, "name"),
                                   .password = str(body, "password"), .client = rq->client};
    struct xy_error err = {0};
    int retry = 0;
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_application_activate(app, &in, &retry, &err);
    xy_srv_writer_unlock(rq);
    if (rc == XY_EBUSY) {
        snprintf(rs->retry_after, sizeof rs->retry_after, "%d", retry);
        xy_resp_problem(rs, 429, "Too Many Requests", "%s", err.msg);
    } else if (rc == XY_EDENIED) {
        xy_resp_problem(rs, 401, "Unauthorized", "%s", err.msg);
    } else if (rc) {
        xy_resp_error(rs, rc, &err);
    } else {
        xy_resp_json(rs, 201, json_pack("{s:s}", "name", in.name));
    }
    json_decref(body);
}

/* ---- the office ---- */

void xy_h_applications_list(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_error err = {0};
    json_t *items = NULL;
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    int rc = xy_application_list(app, xy_req_arg(rq, "state"), &items, &err);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    xy_resp_json(rs, 200, json_pack("{s:o}", "items", items));
}

void xy_h_application_get(struct xy_http_req *rq, struct xy_resp *rs)
{
    long long id;
    struct xy_error err = {0};
    json_t *o = NULL;
    if (xy_req_id(rq, rs, "application", &id))
        return;
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    int rc = xy_application_get(app, id, &o, &err);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    xy_resp_json(rs, 200, o);
}

void xy_h_application_file(struct xy_http_req *rq, struct xy_resp *rs)
{
    long long id;
    if (xy_req_id(rq, rs, "application", &id))
        return;
    char *end = NULL;
    long seq = rq->nparams > 1 && rq->params[1] ? strtol(rq->params[1], &end, 10) : 0;
    if (!end || *end || seq < 1 || seq > 2) {
        xy_resp_problem(rs, 400, "Bad Request", "文件序号须为 1 或 2 (a file number is 1 or 2)");
        return;
    }
    char type[64], name[256];
    struct xy_error err = {0};
    xy_buf_reset(&rs->body);
    struct xy_app *app = xy_srv_writer_lock(rq); /* the read is audited */
    int rc = xy_application_file_read(app, &rq->who, id, (int)seq, &rs->body, type, name, &err);
    xy_srv_writer_unlock(rq);
    if (rc) {
        xy_buf_reset(&rs->body);
        xy_resp_error(rs, rc, &err);
        return;
    }
    /* Only the three accepted types were ever stored; always a download, with nosniff. */
    rs->status = 200;
    rs->ctype = strcmp(type, "application/pdf") == 0 ? "application/pdf"
                : strcmp(type, "image/png") == 0     ? "image/png"
                                                     : "image/jpeg";
    snprintf(rs->disposition, sizeof rs->disposition, "attachment; filename=\"application-%lld-%ld.%s\"", id, seq,
             rs->ctype[12] == 'p' && rs->ctype[0] == 'a' ? "pdf" : strcmp(rs->ctype, "image/png") == 0 ? "png" : "jpg");
}

void xy_h_application_approve(struct xy_http_req *rq, struct xy_resp *rs)
{
    long long id;
    char code[XY_ACTIVATION_CODE_SIZE], email[256], until[32];
    int64_t expires = 0;
    struct xy_error err = {0};
    if (xy_req_id(rq, rs, "application", &id))
        return;
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_application_approve(app, &rq->who, id, code, &expires, email, &err);
    xy_srv_writer_unlock(rq);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    /* Mailed outside the writer's lock; a failure is said to the office, which hands the code over. */
    int mailed = 0;
    const char *mail_error = NULL;
    struct xy_error merr = {0};
    if (rq->srv->opts.sendmail && email[0]) {
        mailed = xy_application_mail(rq->srv->opts.sendmail, email, id, code, expires, &merr) == XY_OK;
        if (!mailed) {
            mail_error = merr.msg;
            fprintf(stderr, "xinyong serve: application %lld: %s\n", id, merr.msg);
        }
    }
    xy_clock_format(expires, until);
    xy_resp_json(rs, 200, json_pack("{s:I, s:s, s:s, s:s, s:b, s:s?}", "id", (json_int_t)id, "state", "approved",
                                    "code", code, "expires", until, "mailed", mailed, "mail_error", mail_error));
    memset(code, 0, sizeof code);
}

void xy_h_application_refuse(struct xy_http_req *rq, struct xy_resp *rs)
{
    long long id;
    struct xy_error err = {0};
    if (xy_req_id(rq, rs, "application", &id))
        return;
    json_t *body = xy_req_json_object(rq, rs, "reason", "reason");
    if (!body)
        return;
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_application_refuse(app, &rq->who, id, str(body, "reason"), &err);
    xy_srv_writer_unlock(rq);
    json_decref(body);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    xy_resp_json(rs, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "state", "refused"));
}
