/* SPDX-License-Identifier: Apache-2.0 */
/* The directory of queriers over HTTP (app/querier.h): anyone lists it (a subject picks whom to grant
 * from it); the office registers and disables entries. */
#include <string.h>

#include "app/querier.h"
#include "server/server_int.h"

void xy_h_queriers_list(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    json_t *items = NULL;
    struct xy_error err = {0};
    if (!app)
        return;
    const char *all = xy_req_arg(rq, "all");
    int rc = xy_querier_list(app, &rq->who, xy_req_arg(rq, "q"), all && strcmp(all, "1") == 0, 1000, &items, &err);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, json_pack("{s:o}", "items", items));
}

void xy_h_querier_add(struct xy_http_req *rq, struct xy_resp *rs)
{
    json_t *body = xy_req_json_object(rq, rs, "uscc name kind licence", "uscc name kind");
    if (!body)
        return;
    int64_t id = 0;
    struct xy_error err = {0};
    const char *uscc = json_string_value(json_object_get(body, "uscc"));
    const char *name = json_string_value(json_object_get(body, "name"));
    const char *kind = json_string_value(json_object_get(body, "kind"));
    const json_t *lic = json_object_get(body, "licence");
    if (lic && !json_is_string(lic) && !json_is_null(lic)) {
        xy_resp_problem(rs, 400, "Bad Request", "licence 须为文本 (licence is text)");
        json_decref(body);
        return;
    }
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_querier_add(app, &rq->who, uscc, name, kind, json_string_value(lic), &id, &err);
    json_t *items = NULL;
    if (!rc)
        rc = xy_querier_list(app, &rq->who, name, 1, 1000, &items, &err);
    xy_srv_writer_unlock(rq);
    if (rc) {
        xy_resp_error(rs, rc, &err);
    } else {
        json_t *entry = NULL;
        size_t i;
        json_t *v;
        json_array_foreach(items, i, v) {
            const char *u = json_string_value(json_object_get(v, "uscc"));
            if (u && uscc && strcasecmp(u, uscc) == 0)
                entry = v;
        }
        xy_resp_json(rs, 201, entry ? json_incref(entry) : json_pack("{s:s}", "uscc", uscc));
    }
    json_decref(items);
    json_decref(body);
}

void xy_h_querier_disable(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_error err = {0};
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_querier_disable(app, &rq->who, rq->params[0], &err);
    xy_srv_writer_unlock(rq);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, json_pack("{s:s, s:b}", "uscc", rq->params[0], "disabled", 1));
}
