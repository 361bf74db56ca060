/* SPDX-License-Identifier: Apache-2.0 */
/* Credit-office and auditor routes: keys, departments, the catalogue, any record in full (audited),
 * and the audit log. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit.h"
#include "common/xy_alloc.h"
#include "common/xy_utf8.h"
#include "app/consent.h"
#include "app/subject.h"
#include "core/ids.h"
#include "core/uscc.h"
#include "server/server_int.h"

/* The length of s's first max bytes at most, never ending inside a UTF-8 character: for "%.*s". */
static int utf8_cut(const char *s, size_t max)
{
    return (int)xy_utf8_floor(s, strnlen(s, max));
}

static int key_json(void *ctx, const struct xy_key_row *k)
{
    json_array_append_new(ctx, json_pack("{s:I, s:s, s:s?, s:s?, s:s, s:s?}", "id", (json_int_t)k->id, "role",
                                         k->role, "dept", k->dept_uscc, "name", k->name, "created_at", k->created_at,
                                         "revoked_at", k->revoked_at));
    return 0;
}

void xy_h_keys_list(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    json_t *items = json_array();
    struct xy_error err = {0};
    int rc = app->store->ops->key_list(app->store, key_json, items, &err);
    if (rc) {
        json_decref(items);
        xy_resp_error(rs, rc, &err);
        return;
    }
    xy_resp_json(rs, 200, json_pack("{s:o}", "items", items));
}

void xy_h_key_create(struct xy_http_req *rq, struct xy_resp *rs)
{
    json_t *body = xy_req_json_object(rq, rs, "role dept subject name", "role");
    if (!body)
        return;
    enum xy_role role;
    const char *rname = json_string_value(json_object_get(body, "role"));
    if (xy_role_parse(rname, &role)) {
        xy_resp_problem(rs, 400, "Bad Request", "role 须为 department、approval、subject、office、auditor 或 querier "
                        "(role must be department, approval, subject, office, auditor or querier)");
        json_decref(body);
        return;
    }
    char key[XY_KEY_TEXT_SIZE];
    int64_t id = 0;
    struct xy_error err = {0};
    struct xy_app *app = xy_srv_writer_lock(rq);
    const char *subject = json_string_value(json_object_get(body, "subject"));
    int rc = role == XY_ROLE_SUBJECT && subject && !json_object_get(body, "dept")
                 ? xy_auth_subject_key_create(app, &rq->who, subject, json_string_value(json_object_get(body, "name")),
                                              key, &id, &err)
             : subject ? xy_error_set(&err, XY_EINVAL, "只有主体密钥才指定主体 (only a subject key names a subject)")
                       : xy_auth_key_create(app, &rq->who, role, json_string_value(json_object_get(body, "dept")),
                                            json_string_value(json_object_get(body, "name")), key, &id, &err);
    xy_srv_writer_unlock(rq);
    if (rc) {
        json_decref(body);
        xy_resp_error(rs, rc, &err);
        return;
    }
    /* The key is in this answer and nowhere else. */
    xy_resp_json(rs, 201, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "role", xy_role_name(role), "key", key));
    json_decref(body);
}

void xy_h_key_revoke(struct xy_http_req *rq, struct xy_resp *rs)
{
    long long id;
    if (xy_req_id(rq, rs, "key", &id))
        return;
    struct xy_error err = {0};
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_auth_key_revoke(app, &rq->who, id, &err);
    xy_srv_writer_unlock(rq);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    rs->status = 204;
    rs->ctype = NULL;
    xy_buf_reset(&rs->body);
}

void xy_h_dept_add(struct xy_http_req *rq, struct xy_resp *rs)
{
    json_t *body = xy_req_json_object(rq, rs, "uscc name", "uscc name");
    if (!body)
        return;
    const char *code = json_string_value(json_object_get(body, "uscc"));
    const char *name = json_string_value(json_object_get(body, "name"));
    struct xy_id_result res;
    if (xy_uscc_check(code, strlen(code), &res) != XY_ID_OK || res.placeholder) {
        xy_resp_problem(rs, 400, "Bad Request", "uscc“%.*s”不是有效的统一社会信用代码 "
                        "(uscc \"%.*s\" is not a valid unified social credit code)",
                        utf8_cut(code, 32), code, utf8_cut(code, 32), code);
        json_decref(body);
        return;
    }
    if (!*name || xy_utf8_count(name, strlen(name)) > 200) {
        xy_resp_problem(rs, 400, "Bad Request", "name 须为 1 至 200 个字 (name must be 1 to 200 characters)");
        json_decref(body);
        return;
    }
    struct xy_error err = {0};
    int64_t id = 0;
    char object[80];
    snprintf(object, sizeof object, "dept/%s", res.normalized);
    struct xy_app *app = xy_srv_writer_lock(rq);
    struct xy_store *st = app->store;
    int rc = st->ops->begin(st, &err);
    int existed = 0;
    if (!rc) {
        rc = st->ops->dept_add(st, res.normalized, name, &id, &err);
        existed = rc == XY_EEXIST;
        if (existed)
            rc = XY_OK;
        rc = xy_audit_commit(app, &rq->who, existed ? "dept.rename" : "dept.add", object, NULL, rc, &err);
    }
    xy_srv_writer_unlock(rq);
    if (rc) {
        json_decref(body);
        xy_resp_error(rs, rc, &err);
        return;
    }
    xy_resp_json(rs, existed ? 200 : 201, json_pack("{s:s, s:s}", "uscc", res.normalized, "name", name));
    json_decref(body);
}

void xy_h_catalog_put(struct xy_http_req *rq, struct xy_resp *rs)
{
    const char *ct = xy_req_header(rq, "Content-Type");
    if (!xy_media_is(ct, "application/json")) {
        xy_resp_problem(rs, 415, "Unsupported Media Type", "信息目录须为 application/json (the catalogue is application/json)");
        return;
    }
    struct xy_catalog *cat = NULL;
    struct xy_error err = {0};
    if (rq->body.len && memchr(rq->body.data, '\0', rq->body.len)) {
        xy_resp_problem(rs, 400, "Bad Request", "信息目录含有 NUL 字节 (the catalogue holds a NUL byte)");
        return;
    }
    int rc = xy_catalog_parse(rq->body.data ? rq->body.data : "", rq->body.len, &cat, &err);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    char *text = xy_strndup(rq->body.data, rq->body.len);
    if (!text) {
        xy_catalog_free(cat);
        xy_resp_problem(rs, 503, "Service Unavailable", "out of memory");
        return;
    }
    struct xy_app *app = xy_srv_writer_lock(rq);
    struct xy_store *st = app->store;
    char object[96];
    snprintf(object, sizeof object, "catalog/%.64s", cat->version);
    if (!(rc = st->ops->begin(st, &err))) {
        rc = st->ops->catalog_put(st, cat->version, text, &err);
        rc = xy_audit_commit(app, &rq->who, "catalog.load", object, NULL, rc, &err);
    }
    if (!rc) { /* the writer takes the new catalogue at once; readers on their next request */
        xy_catalog_free(app->catalog);
        app->catalog = cat;
        cat = NULL;
        atomic_fetch_add(&rq->srv->catalog_gen, 1);
    }
    xy_srv_writer_unlock(rq);
    xy_free(text);
    if (rc) {
        xy_catalog_free(cat);
        xy_resp_error(rs, rc, &err);
        return;
    }
    xy_resp_json(rs, 200, json_pack("{s:s}", "catalog_version", app->catalog->version));
}

struct full {
    struct xy_app *app;
    json_t *rec;
    int found;
    int64_t subject_id;
};

static int on_full(void *ctx, const struct xy_record_row *r)
{
    struct full *f = ctx;
    f->found = 1;
    f->subject_id = r->subject_id;
    f->rec = xy_record_json(f->app, r, XY_VIEW_REVEAL, xy_app_today());
    return 1;
}

void xy_h_admin_record(struct xy_http_req *rq, struct xy_resp *rs)
{
    long long id;
    if (xy_req_id(rq, rs, "record", &id))
        return;
    struct xy_error err = {0};
    struct xy_app *app = xy_srv_writer_lock(rq);
    struct full f = {.app = app};
    char object[32];
    snprintf(object, sizeof object, "record/%lld", id);
    int rc = app->store->ops->begin(app->store, &err);
    if (!rc) {
        rc = app->store->ops->record_get(app->store, id, on_full, &f, &err);
        if (!rc && !f.rec)
            rc = xy_error_set(&err, XY_ECRYPTO, "record %lld cannot be opened (wrong key file?)", id);
        /* A full read (ID numbers opened) is shown to the subject in its access history. */
        if (!rc)
            rc = xy_access_log(app, &rq->who, f.subject_id, "信用管理部门依职权查阅 credit office review", object, &err);
        rc = xy_audit_commit(app, &rq->who, "record.read_private", object, NULL, rc, &err);
    }
    xy_srv_writer_unlock(rq);
    if (rc) {
        json_decref(f.rec);
        xy_resp_error(rs, rc, &err);
        return;
    }
    xy_resp_json(rs, 200, f.rec);
}

static int audit_json(void *ctx, const struct xy_audit_row *a)
{
    char prev[65], hash[65];
    for (int i = 0; i < 32; i++) {
        snprintf(prev + 2 * i, 3, "%02x", a->prev[i]);
        snprintf(hash + 2 * i, 3, "%02x", a->hash[i]);
    }
    json_array_append_new(ctx, json_pack("{s:I, s:s, s:I, s:s, s:s, s:s, s:s?, s:s, s:s}", "seq", (json_int_t)a->seq,
                                         "at", a->at, "key", (json_int_t)a->key_id, "role", a->role, "action",
                                         a->action, "object", a->object, "detail", a->detail, "prev", prev, "hash",
                                         hash));
    return 0;
}

void xy_h_audit_list(struct xy_http_req *rq, struct xy_resp *rs)
{
    int limit;
    int64_t cursor;
    if (xy_req_page(rq, rs, 100, 1000, &limit, &cursor))
        return;
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    json_t *items = json_array();
    struct xy_error err = {0};
    int rc = app->store->ops->audit_scan(app->store, cursor, limit, audit_json, items, &err);
    if (rc) {
        json_decref(items);
        xy_resp_error(rs, rc, &err);
        return;
    }
    size_t n = json_array_size(items);
    json_t *next = xy_next_cursor((int)n == limit, n ? json_integer_value(json_object_get(json_array_get(items, n - 1), "seq")) : 0);
    xy_resp_json(rs, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", next));
}

void xy_h_audit_verify(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    int64_t entries = 0, bad = 0;
    struct xy_error err = {0};
    int rc = xy_audit_verify(app, &entries, &bad, &err);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    json_t *doc = json_pack("{s:b, s:I}", "whole", bad == 0, "entries", (json_int_t)entries);
    if (bad)
        json_object_set_new(doc, "first_broken", json_integer(bad));
    xy_resp_json(rs, 200, doc);
}

static int dept_json(void *ctx, const struct xy_subject_row *d)
{
    json_array_append_new(ctx, json_pack("{s:s, s:s}", "uscc", d->uscc, "name", d->name));
    return 0;
}

void xy_h_depts_list(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    json_t *items = json_array();
    struct xy_error err = {0};
    int rc = app->store->ops->dept_list(app->store, dept_json, items, &err);
    if (rc) {
        json_decref(items);
        xy_resp_error(rs, rc, &err);
        return;
    }
    xy_resp_json(rs, 200, json_pack("{s:o}", "items", items));
}
