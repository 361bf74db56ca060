/* SPDX-License-Identifier: Apache-2.0 */
/* Dashboard routes (app/dashboard.h): trends, rankings and the rows behind a rate, read from the
 * aggregates; and the month's workbook over HTTP (app/monitor.h), the CLI's same XLSX. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/dashboard.h"
#include "app/monitor.h"
#include "common/xy_xlsx.h"
#include "server/server_int.h"

static void answer(struct xy_resp *rs, int rc, const struct xy_error *err, json_t *doc)
{
    if (rc)
        xy_resp_error(rs, rc, err);
    else
        xy_resp_json(rs, 200, doc);
}

void xy_h_dash_trends(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    json_t *doc = NULL;
    struct xy_error err = {0};
    if (!app)
        return;
    int rc = xy_dash_trends(app, &rq->who, xy_req_arg(rq, "month"), xy_req_arg(rq, "dept"), &doc, &err);
    answer(rs, rc, &err, doc);
}

void xy_h_dash_rankings(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    json_t *doc = NULL;
    struct xy_error err = {0};
    if (!app)
        return;
    int rc = xy_dash_rankings(app, &rq->who, xy_req_arg(rq, "month"), xy_req_arg(rq, "by"), &doc, &err);
    answer(rs, rc, &err, doc);
}

void xy_h_dash_drill(struct xy_http_req *rq, struct xy_resp *rs)
{
    const char *l = xy_req_arg(rq, "limit");
    char *end = NULL;
    long limit = l ? strtol(l, &end, 10) : 50;
    if (l && (!*l || *end || limit < 1 || limit > 200)) {
        xy_resp_problem(rs, 400, "Bad Request", "limit 须为 1 至 200 (limit must be 1 to 200)");
        return;
    }
    struct xy_app *app = xy_srv_reader(rq, rs);
    json_t *doc = NULL;
    struct xy_error err = {0};
    if (!app)
        return;
    int rc = xy_dash_drill(app, &rq->who, xy_req_arg(rq, "month"), xy_req_arg(rq, "dept"), xy_req_arg(rq, "kind"),
                           xy_req_arg(rq, "class"), xy_req_arg(rq, "cursor"), (int)limit, &doc, &err);
    answer(rs, rc, &err, doc);
}

int xy_month_wants_xlsx(struct xy_http_req *rq)
{
    const char *format = xy_req_arg(rq, "format"), *accept = xy_req_header(rq, "Accept");
    return (format && !strcmp(format, "xlsx")) || (accept && strstr(accept, "spreadsheetml.sheet"));
}

void xy_month_xlsx_reply(struct xy_http_req *rq, struct xy_resp *rs, json_t *doc)
{
    struct xy_error err = {0};
    char month[8];
    snprintf(month, sizeof month, "%.7s", rq->params[0]);
    xy_buf_reset(&rs->body);
    int rc = xy_month_xlsx_bytes(doc, &rs->body, &err);
    json_decref(doc);
    if (rc) {
        xy_buf_reset(&rs->body);
        xy_resp_error(rs, rc, &err);
        return;
    }
    rs->status = 200;
    rs->ctype = XY_XLSX_MEDIA_TYPE;
    /* 信用监测月报-YYYY-MM.xlsx, with an ASCII name for old clients */
    snprintf(rs->disposition, sizeof rs->disposition,
             "attachment; filename=\"monitoring-%s.xlsx\"; "
             "filename*=UTF-8''%%E4%%BF%%A1%%E7%%94%%A8%%E7%%9B%%91%%E6%%B5%%8B%%E6%%9C%%88%%E6%%8A%%A5-%s.xlsx",
             month, month);
}
