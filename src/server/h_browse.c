/* SPDX-License-Identifier: Apache-2.0 */
/* Browsing double publicity (双公示): GET /api/v1/records (a public class across all subjects, newest
 * first) and GET /api/v1/depts (the departments, for the portal's filter and department pages). */
#include <stdio.h>
#include <string.h>

#include "app/admin.h"
#include "app/browse.h"
#include "server/server_int.h"

void xy_h_records_browse(struct xy_http_req *rq, struct xy_resp *rs)
{
    const char *l = xy_req_arg(rq, "limit");
    struct xy_browse_query q = {.cls = xy_req_arg(rq, "class"), .dept = xy_req_arg(rq, "dept"),
                                .region = xy_req_arg(rq, "region"), .from = xy_req_arg(rq, "from"),
                                .to = xy_req_arg(rq, "to"), .cursor = xy_req_arg(rq, "cursor"), .limit = 50};
    if (l) { /* anything but 1 to 3 digits is out of range: the use case says what limit must be */
        size_t n = strlen(l);
        q.limit = n >= 1 && n <= 3 && strspn(l, "0123456789") == n ? (int)((n > 2 ? (l[n - 3] - '0') * 100 : 0) +
                                                                            (n > 1 ? (l[n - 2] - '0') * 10 : 0) +
                                                                            (l[n - 1] - '0'))
                                                                : -1;
    }
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    json_t *items = NULL;
    char next[XY_BROWSE_CURSOR];
    struct xy_error err = {0};
    int rc = xy_records_browse(app, &q, &items, next, &err);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    if (next[0])
        snprintf(rs->next_cursor, sizeof rs->next_cursor, "%s", next);
    xy_resp_json(rs, 200, json_pack("{s:s, s:o, s:s?}", "class", q.cls, "items", items, "next_cursor",
                                    next[0] ? next : NULL));
}

void xy_h_depts_public(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    json_t *items = NULL;
    struct xy_error err = {0};
    if (!app)
        return;
    int rc = xy_dept_list(app, &items, &err);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, json_pack("{s:o}", "items", items));
}
