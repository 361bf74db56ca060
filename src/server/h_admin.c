/* SPDX-License-Identifier: Apache-2.0 */
/* Credit-office and auditor routes: keys, departments, the catalogue, any record in full (audited),
 * and the audit log. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/admin.h"
#include "app/audit.h"
#include "common/xy_alloc.h"
#include "common/xy_utf8.h"
#include "app/consent.h"
#include "app/monitor.h"
#include "app/subject.h"
#include "core/ids.h"
#include "core/uscc.h"
#include "server/server_int.h"

void xy_h_keys_list(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    json_t *items = NULL;
    struct xy_error err = {0};
    if (!app)
        return;
    int rc = xy_keys_list(app, &items, &err);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    xy_resp_json(rs, 200, json_pack("{s:o}", "items", items));
}

void xy_h_key_create(struct xy_http_req *rq, struct xy_resp *rs)
{
    json_t *body = xy_req_json_object(rq, rs, "role dept subject querier name", "role");
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
    const char *querier = json_string_value(json_object_get(body, "querier"));
    int rc = querier && (role != XY_ROLE_QUERIER || json_object_get(body, "dept") || subject)
                 ? xy_error_set(&err, XY_EINVAL, "只有查询机构密钥才指定查询机构 (only a querier key names a querier)")
             : role == XY_ROLE_SUBJECT && subject && !json_object_get(body, "dept")
                 ? xy_auth_subject_key_create(app, &rq->who, subject, json_string_value(json_object_get(body, "name")),
                                              key, &id, &err)
             : subject ? xy_error_set(&err, XY_EINVAL, "只有主体密钥才指定主体 (only a subject key names a subject)")
                       : xy_auth_key_create(app, &rq->who, role,
                                            querier ? querier : json_string_value(json_object_get(body, "dept")),
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
    json_t *body = xy_req_json_object(rq, rs, "uscc name region level", "uscc name");
    if (!body)
        return;
    const char *name = json_string_value(json_object_get(body, "name"));
    const char *region = json_string_value(json_object_get(body, "region"));
    const char *level = json_string_value(json_object_get(body, "level"));
    char code[19];
    int existed = 0;
    struct xy_error err = {0};
    /* a bad unit changes nothing: checked before the department is registered */
    if ((region || level) && xy_unit_check(region, level, &err)) {
        xy_resp_error(rs, XY_EINVAL, &err);
        json_decref(body);
        return;
    }
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_dept_register(app, &rq->who, json_string_value(json_object_get(body, "uscc")), name, code, &existed,
                              &err);
    if (!rc && (region || level))
        rc = xy_unit_set(app, &rq->who, code, region, level, &err);
    xy_srv_writer_unlock(rq);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, existed ? 200 : 201, json_pack("{s:s, s:s}", "uscc", code, "name", name));
    json_decref(body);
}

void xy_h_catalog_put(struct xy_http_req *rq, struct xy_resp *rs)
{
    const char *ct = xy_req_header(rq, "Content-Type");
    if (!xy_media_is(ct, "application/json")) {
        xy_resp_problem(rs, 415, "Unsupported Media Type", "信息目录须为 application/json (the catalogue is application/json)");
        return;
    }
    char version[64];
    struct xy_error err = {0};
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_catalog_load(app, &rq->who, rq->body.data, rq->body.len, version, &err);
    if (!rc) /* readers take the new catalogue on their next request */
        atomic_fetch_add(&rq->srv->catalog_gen, 1);
    xy_srv_writer_unlock(rq);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    xy_resp_json(rs, 200, json_pack("{s:s}", "catalog_version", version));
}

void xy_h_admin_record(struct xy_http_req *rq, struct xy_resp *rs)
{
    long long id;
    if (xy_req_id(rq, rs, "record", &id))
        return;
    json_t *rec = NULL;
    struct xy_error err = {0};
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_record_full(app, &rq->who, id, &rec, &err);
    xy_srv_writer_unlock(rq);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    xy_resp_json(rs, 200, rec);
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
    json_t *items = NULL;
    struct xy_error err = {0};
    int rc = xy_audit_page(app, cursor, limit, &items, &err);
    if (rc) {
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

void xy_h_depts_list(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    json_t *items = NULL;
    struct xy_error err = {0};
    if (!app)
        return;
    int rc = xy_dept_list(app, &items, &err);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    xy_resp_json(rs, 200, json_pack("{s:o}", "items", items));
}
