/* SPDX-License-Identifier: Apache-2.0 */
/* Government integrity (政务诚信) for the credit office: GET /api/v1/gov-integrity/summary. */
#include "app/gov_integrity.h"
#include "server/server_int.h"

void xy_h_gov_integrity_summary(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    json_t *out = NULL;
    struct xy_error err = {0};
    int rc = xy_gov_integrity_summary(app, xy_req_arg(rq, "from"), xy_req_arg(rq, "to"), &out, &err);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    xy_resp_json(rs, 200, out);
}
