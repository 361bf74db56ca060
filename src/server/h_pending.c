/* SPDX-License-Identifier: Apache-2.0 */
/* The countdown to the 22nd (app/pending.h): who has not reported the month yet. */
#include "app/pending.h"
#include "server/server_int.h"

void xy_h_month_pending(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    json_t *doc = NULL;
    struct xy_error err = {0};
    if (!app)
        return;
    int rc = xy_month_pending(app, &rq->who, xy_req_arg(rq, "month"), &doc, &err);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, doc);
}
