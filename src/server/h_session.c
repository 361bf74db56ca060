/* SPDX-License-Identifier: Apache-2.0 */
/* Sessions of staff accounts (sign-in, who am I, sign-out, own password, TOTP enrolment) and the
 * office's management of accounts. Each calls the use cases of app/account.h. */
#include <stdio.h>
#include <string.h>

#include "server/server_int.h"

/* The session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's page sends
 * it), Secure when the request came over TLS through a trusted proxy or the operator says so. */
static void set_cookie(struct xy_http_req *rq, struct xy_resp *rs, const char *token, long max_age)
{
    int secure = rq->via_tls || rq->srv->opts.secure_cookies;
    snprintf(rs->set_cookie, sizeof rs->set_cookie, "%s=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Strict%s",
             XY_SESSION_COOKIE, token, max_age, secure ? "; Secure" : "");
}

static json_t *session_json(struct xy_http_req *rq, const struct xy_principal *who, const char *csrf)
{
    return json_pack("{s:s, s:s, s:s?, s:s, s:I, s:I}", "name", who->name, "role", xy_role_name(who->role), "dept",
                     who->dept_uscc[0] ? who->dept_uscc : NULL, "csrf", csrf, "idle",
                     (json_int_t)rq->srv->sessions.idle, "absolute", (json_int_t)rq->srv->sessions.absolute);
}

void xy_h_session_create(struct xy_http_req *rq, struct xy_resp *rs)
{
    json_t *body = xy_req_json_object(rq, rs, "name password totp", "name password");
    if (!body)
        return;
    struct xy_signin_req in = {.name = json_string_value(json_object_get(body, "name")),
                               .password = json_string_value(json_object_get(body, "password")),
                               .totp = json_string_value(json_object_get(body, "totp")),
                               .client = rq->client};
    struct xy_signin chk;
    struct xy_principal who;
    struct xy_error err = {0};
    char token[XY_SESSION_TOKEN_SIZE], csrf[XY_CSRF_SIZE];
    int retry = 0, rc;
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        goto out;
    /* The slow password hash runs on this thread's reader, not under the writer's lock. */
    rc = xy_signin_check(app, &in, &chk, &retry, &err);
    if (rc == XY_EBUSY) {
        snprintf(rs->retry_after, sizeof rs->retry_after, "%d", retry);
        xy_resp_problem(rs, 429, "Too Many Requests", "%s", err.msg);
        goto out;
    }
    if (rc) {
        xy_resp_error(rs, rc, &err);
        goto out;
    }
    app = xy_srv_writer_lock(rq);
    rc = xy_signin_finish(app, &in, &chk, &rq->srv->sessions, token, csrf, &who, &err);
    xy_srv_writer_unlock(rq);
    if (rc == XY_EDENIED) {
        xy_resp_problem(rs, 401, "Unauthorized", "%s", err.msg);
        goto out;
    }
    if (rc) {
        xy_resp_error(rs, rc, &err);
        goto out;
    }
    rq->who = who; /* the access log names the person who signed in */
    set_cookie(rq, rs, token, (long)rq->srv->sessions.absolute);
    xy_resp_json(rs, 201, session_json(rq, &who, csrf));
out:
    memset(token, 0, sizeof token);
    json_decref(body);
}

static int need_session(struct xy_http_req *rq, struct xy_resp *rs)
{
    if (rq->session[0])
        return 0;
    xy_resp_problem(rs, 404, "Not Found", "此请求不是以登录会话发出的 (this request was not made with a session)");
    return -1;
}

void xy_h_session_get(struct xy_http_req *rq, struct xy_resp *rs)
{
    char csrf[XY_CSRF_SIZE];
    struct xy_app *app;
    if (need_session(rq, rs) || !(app = xy_srv_reader(rq, rs)))
        return;
    /* The console's script cannot read the HttpOnly cookie: it asks here for the CSRF token. */
    xy_session_csrf(app, rq->session, csrf);
    xy_resp_json(rs, 200, session_json(rq, &rq->who, csrf));
}

void xy_h_session_delete(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_error err = {0};
    if (need_session(rq, rs))
        return;
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_session_end(app, &rq->who, rq->session, &err);
    xy_srv_writer_unlock(rq);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    set_cookie(rq, rs, "", 0);
    rs->status = 204;
    rs->ctype = NULL;
}

void xy_h_session_password(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_error err = {0};
    if (need_session(rq, rs))
        return;
    json_t *body = xy_req_json_object(rq, rs, "old new", "old new");
    if (!body)
        return;
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_account_change_password(app, &rq->who, json_string_value(json_object_get(body, "old")),
                                        json_string_value(json_object_get(body, "new")), &err);
    xy_srv_writer_unlock(rq);
    json_decref(body);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    /* Every session of the account has ended, this one with them. */
    set_cookie(rq, rs, "", 0);
    rs->status = 204;
    rs->ctype = NULL;
}

void xy_h_session_totp(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_error err = {0};
    char uri[XY_TOTP_URI_SIZE];
    if (need_session(rq, rs))
        return;
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_account_totp_begin(app, &rq->who, uri, &err);
    xy_srv_writer_unlock(rq);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    xy_resp_json(rs, 201, json_pack("{s:s}", "uri", uri));
    memset(uri, 0, sizeof uri);
}

void xy_h_session_totp_confirm(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_error err = {0};
    if (need_session(rq, rs))
        return;
    json_t *body = xy_req_json_object(rq, rs, "code", "code");
    if (!body)
        return;
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_account_totp_confirm(app, &rq->who, json_string_value(json_object_get(body, "code")), &err);
    xy_srv_writer_unlock(rq);
    json_decref(body);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    xy_resp_json(rs, 200, json_pack("{s:b}", "totp", 1));
}

/* ---- the office ---- */

void xy_h_accounts_list(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_error err = {0};
    json_t *items = NULL;
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    int rc = xy_account_list(app, &items, &err);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    xy_resp_json(rs, 200, json_pack("{s:o}", "items", items));
}

void xy_h_account_add(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_error err = {0};
    enum xy_role role;
    int64_t id = 0;
    json_t *body = xy_req_json_object(rq, rs, "name role dept password", "name role password");
    if (!body)
        return;
    if (xy_role_parse(json_string_value(json_object_get(body, "role")), &role)) {
        xy_resp_problem(rs, 400, "Bad Request", "role 须为 department、office 或 auditor (role must be department, "
                        "office or auditor)");
        json_decref(body);
        return;
    }
    const char *name = json_string_value(json_object_get(body, "name"));
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_account_add(app, &rq->who, name, role, json_string_value(json_object_get(body, "dept")),
                            json_string_value(json_object_get(body, "password")), &id, &err);
    xy_srv_writer_unlock(rq);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 201, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "name", name, "role",
                                        xy_role_name(role)));
    json_decref(body);
}

void xy_h_account_disable(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_error err = {0};
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_account_disable(app, &rq->who, rq->params[0], &err);
    xy_srv_writer_unlock(rq);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    rs->status = 204;
    rs->ctype = NULL;
}

void xy_h_account_password(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_error err = {0};
    json_t *body = xy_req_json_object(rq, rs, "password", "password");
    if (!body)
        return;
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_account_reset_password(app, &rq->who, rq->params[0], json_string_value(json_object_get(body, "password")),
                                       &err);
    xy_srv_writer_unlock(rq);
    json_decref(body);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    rs->status = 204;
    rs->ctype = NULL;
}

void xy_h_account_totp_reset(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_error err = {0};
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_account_reset_totp(app, &rq->who, rq->params[0], &err);
    xy_srv_writer_unlock(rq);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    rs->status = 204;
    rs->ctype = NULL;
}
