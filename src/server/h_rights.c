/* SPDX-License-Identifier: Apache-2.0 */
/* Rights of the subject over HTTP: objections and repair applications (claims) and their moves,
 * evidence files, grants and authorised queries, the subject's own file and access history, the
 * change feed, the working-day calendar and the expiry run. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/calendar.h"
#include "app/claim.h"
#include "app/consent.h"
#include "app/lifecycle.h"
#include "app/subject.h"
#include "common/xy_alloc.h"
#include "common/xy_utf8.h"
#include "server/server_int.h"

/* ---- claims ----------------------------------------------------------------------------------- */

/* A file's name as the Chinese part of a problem quotes it, "（营业执照.pdf）", cut on a character
 * boundary; nothing when it is not UTF-8 (the detail would not be JSON). Names are the subject's own
 * words, often Chinese: the English part says "file N" only, to keep it free of Chinese and brackets. */
static void quoted_name(const char *name, char *out, size_t size)
{
    size_t n = strlen(name);
    out[0] = '\0';
    if (!n || !xy_utf8_valid(name, n))
        return;
    if (n > 120)
        n = xy_utf8_floor(name, 120);
    snprintf(out, size, "（%.*s）", (int)n, name);
}

/* Decodes "files": [{"name","media_type","data" (base64)}] into in[] (data owned, free with
 * xy_req_files_free). Returns the count, or -(k + 1) with a 400 problem set when file k is refused
 * (the k decoded before it to free). Shared with the supervision answers (h_supervision.c). */
int xy_req_files(struct xy_resp *rs, const json_t *arr, struct xy_claim_file_in *in)
{
    size_t i;
    const json_t *f;
    if (!arr)
        return 0;
    if (!json_is_array(arr) || json_array_size(arr) > XY_CLAIM_FILES_MAX) {
        xy_resp_problem(rs, 400, "Bad Request", "files 须为数组，最多 %d 个文件 (files must be an array of at most %d "
                        "files)", XY_CLAIM_FILES_MAX, XY_CLAIM_FILES_MAX);
        return -1;
    }
    json_array_foreach(arr, i, f) {
        const char *name = json_string_value(json_object_get(f, "name"));
        const char *type = json_string_value(json_object_get(f, "media_type"));
        const char *b64 = json_string_value(json_object_get(f, "data"));
        if (!json_is_object(f) || !name || !type || !b64 || json_object_size(f) != 3) {
            xy_resp_problem(rs, 400, "Bad Request", "files[%zu] 须为 {\"name\", \"media_type\", \"data\"}，data 为 "
                            "base64 编码 (files[%zu] must be {\"name\", \"media_type\", \"data\"}, data in base64)", i,
                            i);
            return -(int)i - 1;
        }
        size_t blen = json_string_length(json_object_get(f, "data"));
        char quoted[160];
        quoted_name(name, quoted, sizeof quoted);
        if (blen / 4 * 3 > XY_CLAIM_FILE_MAX + 3) {
            xy_resp_problem(rs, 413, "Content Too Large", "files[%zu]%s 超过 %u 字节 (files[%zu] is larger than %u "
                            "bytes)", i, quoted, XY_CLAIM_FILE_MAX, i, XY_CLAIM_FILE_MAX);
            return -(int)i - 1;
        }
        size_t cap = blen / 4 * 3 + 3, got = 0;
        unsigned char *bin = xy_malloc(cap ? cap : 1);
        if (!bin) {
            xy_resp_problem(rs, 503, "Service Unavailable", "out of memory");
            return -(int)i - 1;
        }
        if (sodium_base642bin(bin, cap, b64, blen, NULL, &got, NULL, sodium_base64_VARIANT_ORIGINAL) != 0) {
            xy_free(bin);
            xy_resp_problem(rs, 400, "Bad Request", "files[%zu]%s：data 不是 base64 编码 (files[%zu]: data is not "
                            "base64)", i, quoted, i);
            return -(int)i - 1;
        }
        in[i] = (struct xy_claim_file_in){.name = name, .media_type = type, .data = bin, .len = got};
    }
    return (int)json_array_size(arr);
}

void xy_req_files_free(struct xy_claim_file_in *in, int n)
{
    for (int i = 0; i < n; i++)
        xy_free((void *)in[i].data);
}

static int record_id(struct xy_resp *rs, const json_t *body, int64_t *out)
{
    const json_t *r = json_object_get(body, "record");
    if (!json_is_integer(r) || json_integer_value(r) <= 0) {
        xy_resp_problem(rs, 400, "Bad Request", "须填写字段 \"record\"，即所涉记录的编号 (field \"record\" is "
                        "required: the id of the record concerned)");
        return -1;
    }
    *out = (int64_t)json_integer_value(r);
    return 0;
}

static void file_claim(struct xy_http_req *rq, struct xy_resp *rs, int repair)
{
    json_t *body = xy_req_json(rq, rs, repair ? "record commitment signer files" : "record grounds files");
    struct xy_claim_file_in files[XY_CLAIM_FILES_MAX];
    int64_t rid, id = 0;
    if (!body)
        return;
    int n = record_id(rs, body, &rid) ? -1 : xy_req_files(rs, json_object_get(body, "files"), files);
    if (n < 0) {
        xy_req_files_free(files, -n - 1);
        json_decref(body);
        return;
    }
    const char *text = json_string_value(json_object_get(body, repair ? "commitment" : "grounds"));
    const char *signer = json_string_value(json_object_get(body, "signer"));
    struct xy_error err = {0};
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = repair ? xy_repair_file(app, &rq->who, rid, text, signer, files, (size_t)n, &id, &err)
                    : xy_objection_file(app, &rq->who, rid, text, files, (size_t)n, &id, &err);
    json_t *doc = NULL;
    if (!rc)
        rc = xy_claim_show(app, &rq->who, id, &doc, &err);
    xy_srv_writer_unlock(rq);
    xy_req_files_free(files, n);
    json_decref(body);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 201, doc);
}

void xy_h_objection_file(struct xy_http_req *rq, struct xy_resp *rs)
{
    file_claim(rq, rs, 0);
}

void xy_h_repair_file(struct xy_http_req *rq, struct xy_resp *rs)
{
    file_claim(rq, rs, 1);
}

/* A page asked for one item more than `limit`: that one tells whether there is a next page, whose
 * cursor is the id of the page's last item. Steals items. */
static void answer_page(struct xy_resp *rs, json_t *items, int limit, int64_t last)
{
    int more = (int)json_array_size(items) > limit;
    if (more) {
        json_array_remove(items, (size_t)limit);
        last = json_integer_value(json_object_get(json_array_get(items, (size_t)limit - 1), "id"));
    }
    xy_resp_json(rs, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", xy_next_cursor(more, last)));
}

void xy_h_claims_list(struct xy_http_req *rq, struct xy_resp *rs)
{
    int limit;
    int64_t cursor;
    if (xy_req_page(rq, rs, 50, XY_MAX_PAGE, &limit, &cursor))
        return;
    const char *overdue = xy_req_arg(rq, "overdue");
    if (overdue && strcmp(overdue, "true") != 0 && strcmp(overdue, "false") != 0) {
        xy_resp_problem(rs, 400, "Bad Request", "overdue 须为 true 或 false (overdue must be true or false)");
        return;
    }
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    json_t *items = NULL;
    int64_t last = 0;
    struct xy_error err = {0};
    int rc = xy_claims_list(app, &rq->who, xy_req_arg(rq, "kind"), xy_req_arg(rq, "state"),
                            overdue && strcmp(overdue, "true") == 0, cursor, limit + 1, &items, &last, &err);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    answer_page(rs, items, limit, last);
}

void xy_h_claim_get(struct xy_http_req *rq, struct xy_resp *rs)
{
    long long id;
    if (xy_req_id(rq, rs, "claim", &id))
        return;
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    json_t *doc = NULL;
    struct xy_error err = {0};
    int rc = xy_claim_show(app, &rq->who, id, &doc, &err);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, doc);
}

void xy_h_claim_act(struct xy_http_req *rq, struct xy_resp *rs)
{
    long long id;
    if (xy_req_id(rq, rs, "claim", &id))
        return;
    json_t *body = xy_req_json(rq, rs, "action reason decision fields");
    if (!body)
        return;
    const char *action = json_string_value(json_object_get(body, "action"));
    if (!action) {
        xy_resp_problem(rs, 400, "Bad Request", "须填写字段 \"action\"，即办理操作 (field \"action\" is required)");
        json_decref(body);
        return;
    }
    struct xy_error err = {0};
    json_t *doc = NULL;
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_claim_act(app, &rq->who, id, action, body, &err);
    if (!rc)
        rc = xy_claim_show(app, &rq->who, id, &doc, &err);
    xy_srv_writer_unlock(rq);
    json_decref(body);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, doc);
}

void xy_h_claim_file(struct xy_http_req *rq, struct xy_resp *rs)
{
    long long id;
    if (xy_req_id(rq, rs, "claim", &id))
        return;
    char *end = NULL;
    long seq = rq->nparams > 1 && rq->params[1] ? strtol(rq->params[1], &end, 10) : 0;
    if (!end || *end || seq < 1 || seq > XY_CLAIM_FILES_MAX) {
        xy_resp_problem(rs, 400, "Bad Request", "文件序号须为 1 至 %d (a file number is 1 to %d)", XY_CLAIM_FILES_MAX,
                        XY_CLAIM_FILES_MAX);
        return;
    }
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    char type[64], name[256];
    struct xy_error err = {0};
    xy_buf_reset(&rs->body);
    int rc = xy_claim_file_read(app, &rq->who, id, (int)seq, &rs->body, type, name, &err);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    /* Only the three accepted types were ever stored; served with nosniff like every answer. */
    rs->status = 200;
    rs->ctype = strcmp(type, "application/pdf") == 0 ? "application/pdf"
                : strcmp(type, "image/png") == 0     ? "image/png"
                                                     : "image/jpeg";
}

/* ---- grants and authorised queries ------------------------------------------------------------- */

void xy_h_grant_create(struct xy_http_req *rq, struct xy_resp *rs)
{
    json_t *body = xy_req_json(rq, rs, "querier classes purpose until");
    if (!body)
        return;
    int64_t id = 0;
    json_t *items = NULL;
    struct xy_error err = {0};
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_consent_grant(app, &rq->who, body, &id, &err);
    if (!rc)
        rc = xy_consent_list(app, &rq->who, &items, &err);
    xy_srv_writer_unlock(rq);
    json_decref(body);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    json_t *one = NULL;
    size_t i;
    json_t *g;
    json_array_foreach(items, i, g)
        if (json_integer_value(json_object_get(g, "id")) == id)
            one = json_incref(g);
    json_decref(items);
    xy_resp_json(rs, 201, one);
}

void xy_h_grants_list(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    json_t *items = NULL;
    struct xy_error err = {0};
    int rc = xy_consent_list(app, &rq->who, &items, &err);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, json_pack("{s:o}", "items", items));
}

void xy_h_grant_revoke(struct xy_http_req *rq, struct xy_resp *rs)
{
    long long id;
    if (xy_req_id(rq, rs, "grant", &id))
        return;
    struct xy_error err = {0};
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_consent_revoke(app, &rq->who, id, &err);
    xy_srv_writer_unlock(rq);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "revoked", 1));
}

void xy_h_authorised(struct xy_http_req *rq, struct xy_resp *rs)
{
    const char *g = xy_req_arg(rq, "grant");
    char *end = NULL;
    long long grant = g ? strtoll(g, &end, 10) : 0;
    if (g && (!end || *end || grant <= 0)) {
        xy_resp_problem(rs, 400, "Bad Request", "grant 须为授权编号 (grant must be the id of a grant)");
        return;
    }
    json_t *doc = NULL;
    struct xy_error err = {0};
    /* The read is logged in the subject's history in the same transaction: the writer. */
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_consent_query(app, &rq->who, rq->params[0], grant, &doc, &err);
    xy_srv_writer_unlock(rq);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, doc);
}

/* ---- the subject's own file and history -------------------------------------------------------- */

void xy_h_my_records(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    char opaque[24];
    json_t *doc = NULL;
    struct xy_error err = {0};
    int rc = xy_subject_ref(app, rq->who.subject_id, opaque, &err);
    /* Its own file, every current record with its status and marks; sealed values stay masked. */
    if (!rc)
        rc = xy_subject_show(app, opaque, XY_VIEW_INTERNAL, NULL, &doc, &err);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, doc);
}

void xy_h_my_access(struct xy_http_req *rq, struct xy_resp *rs)
{
    int limit;
    int64_t cursor;
    if (xy_req_page(rq, rs, 50, XY_MAX_PAGE, &limit, &cursor))
        return;
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    json_t *items = NULL;
    int64_t last = 0;
    struct xy_error err = {0};
    int rc = xy_access_history(app, &rq->who, cursor, limit + 1, &items, &last, &err);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    answer_page(rs, items, limit, last);
}

/* ---- the change feed, the calendar, maintenance ------------------------------------------------ */

void xy_h_changes(struct xy_http_req *rq, struct xy_resp *rs)
{
    int limit;
    int64_t cursor;
    if (xy_req_page(rq, rs, 100, 1000, &limit, &cursor))
        return;
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    json_t *items = NULL;
    int64_t last = 0;
    struct xy_error err = {0};
    int rc = xy_changes(app, cursor, limit, &items, &last, &err);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    /* The feed is read on and on: the cursor is always given, to ask again later from there. */
    char c[24];
    snprintf(c, sizeof c, "%lld", (long long)last);
    xy_resp_json(rs, 200, json_pack("{s:o, s:s}", "items", items, "next_cursor", c));
}

void xy_h_calendar(struct xy_http_req *rq, struct xy_resp *rs)
{
    const char *y = xy_req_arg(rq, "year");
    char *end = NULL;
    long year = y ? strtol(y, &end, 10) : xy_clock_today(rq->srv->clock).y;
    if (y && (!end || *end || year < 1900 || year > 2098)) {
        xy_resp_problem(rs, 400, "Bad Request", "year 须为 1900 至 2098 之间的年份 (year must be a year from 1900 to "
                        "2098)");
        return;
    }
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    json_t *doc = NULL;
    struct xy_error err = {0};
    int rc = xy_calendar_year(app, (int)year, &doc, &err);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, doc);
}

void xy_h_calendar_put(struct xy_http_req *rq, struct xy_resp *rs)
{
    if (!xy_media_is(xy_req_header(rq, "Content-Type"), "text/csv")) {
        xy_resp_problem(rs, 415, "Unsupported Media Type", "工作日日历须以 text/csv 格式发送，列为 date,kind,name_zh,name_en "
                        "(the calendar is sent as text/csv: date,kind,name_zh,name_en)");
        return;
    }
    long days = 0;
    struct xy_error err = {0};
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_calendar_import(app, &rq->who, rq->body.data ? rq->body.data : "", rq->body.len, &days, &err);
    xy_srv_writer_unlock(rq);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, json_pack("{s:i}", "days", (int)days));
}

void xy_h_maintain(struct xy_http_req *rq, struct xy_resp *rs)
{
    long n = 0;
    struct xy_error err = {0};
    int rc = xy_lifecycle_expire_all(rq->srv->writer, &rq->who, &rq->srv->writer_lock, NULL, &n, &err);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, json_pack("{s:i}", "expired", (int)n));
}
