/* SPDX-License-Identifier: Apache-2.0 */
/* Articles and repair training over HTTP (app/articles.h, app/training.h): the public list, search
 * and page, attachments served for download; the office's writes; a subject's test and
 * certificates; the public certificate check; the office's coverage figure. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/articles.h"
#include "app/training.h"
#include "common/xy_alloc.h"
#include "server/server_int.h"

void xy_h_articles(struct xy_http_req *rq, struct xy_resp *rs)
{
    /* The cursor is "DATE.ID" (app/articles.c reads it), so only the limit is read here. */
    const char *l = xy_req_arg(rq, "limit");
    char *end = NULL;
    long lv = l ? strtol(l, &end, 10) : 20;
    if (l && (!end || *end || lv < 1 || lv > XY_MAX_PAGE)) {
        xy_resp_problem(rs, 400, "Bad Request", "limit 须为 1 至 %d (limit is 1 to %d)", XY_MAX_PAGE, XY_MAX_PAGE);
        return;
    }
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    json_t *items = NULL;
    char next[32];
    struct xy_error err = {0};
    int rc = xy_articles_list(app, &rq->who, xy_req_arg(rq, "kind"), xy_req_arg(rq, "q"), xy_req_arg(rq, "state"),
                              xy_req_arg(rq, "cursor"), (int)lv, &items, next, &err);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor",
                                        next[0] ? json_string(next) : json_null()));
}

void xy_h_article(struct xy_http_req *rq, struct xy_resp *rs)
{
    long long id;
    if (xy_req_id(rq, rs, "article", &id))
        return;
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    json_t *doc = NULL;
    struct xy_error err = {0};
    int rc = xy_article_show(app, &rq->who, id, &doc, &err);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, doc);
}

/* Content-Disposition for a stored name: an ASCII stand-in, and the name itself percent-encoded
 * (RFC 6266, RFC 8187) when it fits. */
static void disposition(struct xy_resp *rs, long long id, int seq, const char *name)
{
    const char *dot = strrchr(name, '.');
    char enc[600];
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p && o + 4 < sizeof enc; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("-._~", *p))
            enc[o++] = (char)*p;
        else
            o += (size_t)snprintf(enc + o, sizeof enc - o, "%%%02X", *p);
    }
    enc[o] = 0;
    int whole = strlen(name) * 3 < sizeof enc - 4;
    snprintf(rs->disposition, sizeof rs->disposition, "attachment; filename=\"article-%lld-%d%.8s\"%s%s", id, seq,
             dot && strspn(dot + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") == strlen(dot + 1) ? dot : "",
             whole ? "; filename*=UTF-8''" : "", whole ? enc : "");
}

void xy_h_article_file(struct xy_http_req *rq, struct xy_resp *rs)
{
    long long id;
    if (xy_req_id(rq, rs, "article", &id))
        return;
    char *end = NULL;
    long seq = rq->nparams > 1 && rq->params[1] ? strtol(rq->params[1], &end, 10) : 0;
    if (!end || *end || seq < 1 || seq > XY_ARTICLE_FILES_MAX) {
        xy_resp_problem(rs, 400, "Bad Request", "附件序号须为 1 至 %d (an attachment number is 1 to %d)",
                        XY_ARTICLE_FILES_MAX, XY_ARTICLE_FILES_MAX);
        return;
    }
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    char type[80], name[256];
    struct xy_error err = {0};
    xy_buf_reset(&rs->body);
    int rc = xy_article_file_read(app, &rq->who, id, (int)seq, &rs->body, type, name, &err);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    /* Only the three accepted types were stored; always a download, and nosniff like every answer. */
    static const char *const types[] = {
        "application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"};
    rs->ctype = "application/octet-stream";
    for (size_t i = 0; i < sizeof types / sizeof *types; i++)
        if (strcmp(types[i], type) == 0)
            rs->ctype = types[i];
    rs->status = 200;
    disposition(rs, id, (int)seq, name);
}

/* ---- the office's writes ------------------------------------------------------------------------ */

static void save(struct xy_http_req *rq, struct xy_resp *rs, long long id)
{
    json_t *body = xy_req_json(rq, rs, "kind title summary body publish_date quiz");
    if (!body)
        return;
    int64_t got = 0;
    json_t *doc = NULL;
    struct xy_error err = {0};
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_article_save(app, &rq->who, id, body, &got, &err);
    if (!rc)
        rc = xy_article_show(app, &rq->who, got, &doc, &err);
    xy_srv_writer_unlock(rq);
    json_decref(body);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, id ? 200 : 201, doc);
}

void xy_h_article_add(struct xy_http_req *rq, struct xy_resp *rs)
{
    save(rq, rs, 0);
}

void xy_h_article_put(struct xy_http_req *rq, struct xy_resp *rs)
{
    long long id;
    if (!xy_req_id(rq, rs, "article", &id))
        save(rq, rs, id);
}

static void set_state(struct xy_http_req *rq, struct xy_resp *rs, const char *action)
{
    long long id;
    if (xy_req_id(rq, rs, "article", &id))
        return;
    json_t *doc = NULL;
    struct xy_error err = {0};
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_article_set_state(app, &rq->who, id, action, xy_req_arg(rq, "date"), &err);
    if (!rc)
        rc = xy_article_show(app, &rq->who, id, &doc, &err);
    xy_srv_writer_unlock(rq);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, doc);
}

void xy_h_article_publish(struct xy_http_req *rq, struct xy_resp *rs)
{
    set_state(rq, rs, "publish");
}

void xy_h_article_withdraw(struct xy_http_req *rq, struct xy_resp *rs)
{
    set_state(rq, rs, "withdraw");
}

void xy_h_article_attach(struct xy_http_req *rq, struct xy_resp *rs)
{
    long long id;
    if (xy_req_id(rq, rs, "article", &id))
        return;
    json_t *body = xy_req_json(rq, rs, "name media_type data");
    if (!body)
        return;
    const char *name = json_string_value(json_object_get(body, "name"));
    const char *type = json_string_value(json_object_get(body, "media_type"));
    const char *b64 = json_string_value(json_object_get(body, "data"));
    size_t blen = b64 ? json_string_length(json_object_get(body, "data")) : 0;
    unsigned char *bin = NULL;
    size_t got = 0;
    if (!name || !type || !b64) {
        xy_resp_problem(rs, 400, "Bad Request", "须有 name、media_type 和 data（base64 编码） (name, media_type and "
                        "data in base64 are required)");
        goto out;
    }
    if (blen / 4 * 3 > XY_ARTICLE_FILE_MAX + 3) {
        xy_resp_problem(rs, 413, "Content Too Large", "附件超过 %u 字节 (the attachment is larger than %u bytes)",
                        XY_ARTICLE_FILE_MAX, XY_ARTICLE_FILE_MAX);
        goto out;
    }
    if (!(bin = xy_malloc(blen / 4 * 3 + 4))) {
        xy_resp_problem(rs, 503, "Service Unavailable", "out of memory");
        goto out;
    }
    if (sodium_base642bin(bin, blen / 4 * 3 + 4, b64, blen, NULL, &got, NULL, sodium_base64_VARIANT_ORIGINAL) != 0) {
        xy_resp_problem(rs, 400, "Bad Request", "data 不是 base64 编码 (data is not base64)");
        goto out;
    }
    struct xy_article_file_in f = {.name = name, .media_type = type, .data = bin, .len = got};
    struct xy_error err = {0};
    int seq = 0;
    json_t *doc = NULL;
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_article_attach(app, &rq->who, id, &f, &seq, &err);
    if (!rc)
        rc = xy_article_show(app, &rq->who, id, &doc, &err);
    xy_srv_writer_unlock(rq);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 201, doc);
out:
    xy_free(bin);
    json_decref(body);
}

/* ---- repair training --------------------------------------------------------------------------- */

void xy_h_training_take(struct xy_http_req *rq, struct xy_resp *rs)
{
    long long id;
    if (xy_req_id(rq, rs, "course", &id))
        return;
    json_t *body = xy_req_json(rq, rs, "answers");
    if (!body)
        return;
    json_t *doc = NULL;
    struct xy_error err = {0};
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_training_take(app, &rq->who, id, json_object_get(body, "answers"), &doc, &err);
    xy_srv_writer_unlock(rq);
    json_decref(body);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 201, doc);
}

void xy_h_training_cert(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    json_t *doc = NULL;
    struct xy_error err = {0};
    int rc = xy_training_certificate(app, rq->params[0], &doc, &err);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, doc);
}

void xy_h_my_training(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    json_t *items = NULL;
    struct xy_error err = {0};
    int rc = xy_training_of_subject(app, &rq->who, 0, &items, &err);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, json_pack("{s:o}", "certificates", items));
}

void xy_h_training_coverage(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    json_t *doc = NULL;
    struct xy_error err = {0};
    int rc = xy_training_coverage(app, &rq->who, &doc, &err);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, doc);
}
