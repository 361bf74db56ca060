/* SPDX-License-Identifier: Apache-2.0 */
/* Subscription routes (/api/v1/subscriptions): a querier or a department creates a webhook (its
 * secret answered once), names the subjects it follows as a list of codes, lists and ends them. */
#include "server/server_int.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/subscription.h"

void xy_h_subscriptions_list(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    json_t *items = NULL;
    struct xy_error err = {0};
    int rc = xy_sub_list(app, &rq->who, &items, &err);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, json_pack("{s:o}", "items", items));
}

void xy_h_subscription_create(struct xy_http_req *rq, struct xy_resp *rs)
{
    json_t *body = xy_req_json(rq, rs, "url key");
    if (!body)
        return;
    const json_t *k = json_object_get(body, "key");
    if (k && !json_is_integer(k)) {
        json_decref(body);
        xy_resp_problem(rs, 400, "Bad Request", "key 须为密钥编号 (key must be a key's id)");
        return;
    }
    int64_t id = 0;
    char secret[XY_SUB_SECRET_TEXT];
    struct xy_error err = {0};
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_sub_create(app, &rq->who, k ? json_integer_value(k) : 0,
                           json_string_value(json_object_get(body, "url")), &id, secret, &err);
    xy_srv_writer_unlock(rq);
    json_decref(body);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    /* The only time the secret is shown: it is kept sealed and never listed. */
    xy_resp_json(rs, 201, json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)id, "secret", secret, "signature",
                                    "HMAC-SHA256, docs/internals/SUBSCRIPTIONS.md", "note",
                                    "密钥只显示这一次 (the secret is shown this once)"));
    sodium_memzero(secret, sizeof secret);
}

void xy_h_subscription_subjects(struct xy_http_req *rq, struct xy_resp *rs)
{
    long long id;
    if (xy_req_id(rq, rs, "subscription", &id))
        return;
    struct xy_sub_follow_result res;
    struct xy_error err = {0};
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_sub_follow(app, &rq->who, id, rq->body.data ? rq->body.data : "", rq->body.len, &res, &err);
    xy_srv_writer_unlock(rq);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        json_error_t jerr;
        json_t *doc = res.bad_lines ? json_loadb(rs->body.data, rs->body.len, 0, &jerr) : NULL;
        if (doc) { /* each refused line with its number and why */
            int status = rs->status;
            json_object_set_new(doc, "bad_lines", json_integer(res.bad_lines));
            json_object_set(doc, "bad", res.bad);
            xy_resp_json(rs, status, doc);
            rs->ctype = "application/problem+json";
        }
        json_decref(res.bad);
        json_decref(res.persons);
        return;
    }
    json_decref(res.bad);
    /* persons: the public id each ID number of the list is followed as (notifications name it). */
    xy_resp_json(rs, 200, json_pack("{s:I, s:I, s:I, s:I, s:o}", "id", (json_int_t)id, "lines", (json_int_t)res.lines,
                                    "added", (json_int_t)res.added, "already", (json_int_t)res.already, "persons",
                                    res.persons ? res.persons : json_array()));
}

void xy_h_subscription_end(struct xy_http_req *rq, struct xy_resp *rs)
{
    long long id;
    if (xy_req_id(rq, rs, "subscription", &id))
        return;
    struct xy_error err = {0};
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_sub_end(app, &rq->who, id, &err);
    xy_srv_writer_unlock(rq);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "ended", 1));
}
