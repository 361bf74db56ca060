/* SPDX-License-Identifier: Apache-2.0 */
/* Joint reward and punishment routes: the check approval systems call (single and batch), their
 * feedback, and the credit office's policy loading and figures. */
#include <stdio.h>
#include <string.h>

#include "app/jrp.h"
#include "server/server_int.h"

/* The calling department: the body's "dept", else the key's own when it names one. Whether this key
 * may check for it, and for the matter, is the app's rule (xy_jrp_check_prepare). */
static const char *calling_dept(struct xy_http_req *rq, struct xy_resp *rs, json_t *body)
{
    const char *d = json_string_value(json_object_get(body, "dept"));
    if (d)
        return d;
    if (rq->who.dept_uscc[0])
        return rq->who.dept_uscc;
    xy_resp_problem(rs, 400, "Bad Request",
                    "缺少字段 dept：调用部门的统一社会信用代码 (field \"dept\" is required: the calling department's USCC)");
    return NULL;
}

static int text_field(struct xy_resp *rs, json_t *o, const char *name, int required, const char **out)
{
    json_t *v = json_object_get(o, name);
    *out = NULL;
    if (!v && !required)
        return 0;
    if (!json_is_string(v)) {
        xy_resp_problem(rs, 400, "Bad Request", "字段 %s %s (field \"%s\" %s)", name, v ? "须为文本" : "为必填项", name,
                        v ? "must be a string" : "is required");
        return -1;
    }
    *out = json_string_value(v);
    return 0;
}

/* A batch check reads for its first half on a second connection, in a thread of its own, while the
 * request's thread reads for the second half: on two cores a batch of 1,000 subjects takes about half
 * the time. When the helper is busy with another batch, or cannot start, the request does it all. */
#define SPLIT_MIN 64 /* subjects below which one thread is quicker than two */

struct half {
    struct xy_app *app;
    const struct xy_principal *who;
    const char *dept, *matter;
    const struct xy_jrp_subject *subjects;
    size_t n;
    struct xy_jrp_pending *p;
    struct xy_error err;
    int rc;
};

static void *prepare_half(void *arg)
{
    struct half *h = arg;
    h->rc = xy_jrp_check_prepare_part(h->app, h->who, h->dept, h->matter, h->subjects, h->n, 0, 1, &h->p, &h->err);
    return NULL;
}

/* The helper reader, opened on first use and reopened when the catalogue changes; NULL (and unlocked)
 * when another batch holds it or it cannot be opened. */
static struct xy_app *helper_take(struct xy_server *srv)
{
    if (pthread_mutex_trylock(&srv->helper_lock) != 0)
        return NULL;
    unsigned gen = atomic_load(&srv->catalog_gen);
    if (srv->helper && srv->helper_gen != gen) {
        xy_app_close(srv->helper);
        srv->helper = NULL;
    }
    if (!srv->helper && xy_app_open(srv->opts.db_path, srv->clock, &srv->helper, NULL) == XY_OK)
        srv->helper_gen = gen;
    if (!srv->helper) {
        pthread_mutex_unlock(&srv->helper_lock);
        return NULL;
    }
    return srv->helper;
}

static int prepare(struct xy_http_req *rq, struct xy_app *reader, const char *dept, const char *matter,
                   const struct xy_jrp_subject *subjects, size_t n, struct xy_jrp_pending **p,
                   struct xy_jrp_pending **p2, struct xy_error *err)
{
    struct xy_app *helper = n >= SPLIT_MIN ? helper_take(rq->srv) : NULL;
    pthread_t t;
    *p2 = NULL;
    if (!helper)
        return xy_jrp_check_prepare(reader, &rq->who, dept, matter, subjects, n, p, err);
    struct half h = {.app = helper, .who = &rq->who, .dept = dept, .matter = matter, .subjects = subjects,
                     .n = n / 2};
    if (pthread_create(&t, NULL, prepare_half, &h) != 0) {
        pthread_mutex_unlock(&rq->srv->helper_lock);
        return xy_jrp_check_prepare(reader, &rq->who, dept, matter, subjects, n, p, err);
    }
    int rc = xy_jrp_check_prepare_part(reader, &rq->who, dept, matter, subjects + h.n, n - h.n, h.n, 1, p2, err);
    pthread_join(t, NULL);
    pthread_mutex_unlock(&rq->srv->helper_lock);
    *p = h.p;
    if (h.rc) { /* the first half's problem is the one to report: its subjects come first */
        *err = h.err;
        rc = h.rc;
    }
    if (rc) {
        xy_jrp_pending_free(*p);
        xy_jrp_pending_free(*p2);
        *p = *p2 = NULL;
    }
    return rc;
}

static void run_check(struct xy_http_req *rq, struct xy_resp *rs, json_t *body, const struct xy_jrp_subject *subjects,
                      size_t n, int batch)
{
    const char *matter, *dept;
    if (text_field(rs, body, "matter", 1, &matter) || !(dept = calling_dept(rq, rs, body)))
        return;
    struct xy_error err = {0};
    struct xy_app *reader = xy_srv_reader(rq, rs);
    if (!reader)
        return;
    struct xy_jrp_pending *p = NULL, *p2 = NULL;
    int rc = prepare(rq, reader, dept, matter, subjects, n, &p, &p2, &err);
    if (!rc)
        rc = xy_group_commit(rq, p, p2, &err);
    if (rc) {
        xy_jrp_pending_free(p);
        xy_jrp_pending_free(p2);
        xy_resp_error(rs, rc, &err);
        return;
    }
    json_t *answers = json_incref(p->answers);
    if (p2)
        json_array_extend(answers, p2->answers);
    xy_jrp_pending_free(p);
    xy_jrp_pending_free(p2);
    if (batch) {
        xy_resp_json(rs, 201, json_pack("{s:o}", "items", answers));
    } else {
        json_t *one = json_incref(json_array_get(answers, 0));
        json_decref(answers);
        xy_resp_json(rs, 201, one);
    }
}

void xy_h_check(struct xy_http_req *rq, struct xy_resp *rs)
{
    json_t *body = xy_req_json(rq, rs, "subject legal_rep_id matter dept");
    struct xy_jrp_subject s;
    if (!body)
        return;
    if (!text_field(rs, body, "subject", 1, &s.code) && !text_field(rs, body, "legal_rep_id", 0, &s.legal_rep_id))
        run_check(rq, rs, body, &s, 1, 0);
    json_decref(body);
}

void xy_h_check_batch(struct xy_http_req *rq, struct xy_resp *rs)
{
    json_t *body = xy_req_json(rq, rs, "subjects matter dept");
    if (!body)
        return;
    json_t *arr = json_object_get(body, "subjects");
    size_t n = json_array_size(arr);
    if (!json_is_array(arr) || n == 0 || n > XY_JRP_BATCH_MAX) {
        xy_resp_problem(rs, 400, "Bad Request",
                        "字段 subjects 须为含 1 至 %d 个对象的数组 (field \"subjects\" must be an array of 1 to %d subjects)",
                        XY_JRP_BATCH_MAX, XY_JRP_BATCH_MAX);
        json_decref(body);
        return;
    }
    struct xy_jrp_subject subjects[XY_JRP_BATCH_MAX];
    size_t i;
    json_t *it;
    json_array_foreach(arr, i, it) {
        subjects[i].code = json_string_value(json_object_get(it, "subject"));
        subjects[i].legal_rep_id = json_string_value(json_object_get(it, "legal_rep_id"));
        size_t known = 1 + (json_object_get(it, "legal_rep_id") != NULL);
        if (!json_is_object(it) || !subjects[i].code || json_object_size(it) != known ||
            (json_object_get(it, "legal_rep_id") && !subjects[i].legal_rep_id)) {
            xy_resp_problem(rs, 400, "Bad Request",
                            "subjects[%zu] 须为 {\"subject\": 代码}，可另含 \"legal_rep_id\" (subjects[%zu] must be "
                            "{\"subject\": CODE} with an optional \"legal_rep_id\")",
                            i, i);
            json_decref(body);
            return;
        }
    }
    run_check(rq, rs, body, subjects, n, 1);
    json_decref(body);
}

void xy_h_check_feedback(struct xy_http_req *rq, struct xy_resp *rs)
{
    long long id;
    if (xy_req_id(rq, rs, "check", &id))
        return;
    json_t *body = xy_req_json(rq, rs, "items");
    if (!body)
        return;
    struct xy_error err = {0};
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_jrp_feedback(app, &rq->who, id, json_object_get(body, "items"), &err);
    xy_srv_writer_unlock(rq);
    json_decref(body);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    rs->status = 204;
    rs->ctype = NULL;
    xy_buf_reset(&rs->body);
}

void xy_h_jrp_put(struct xy_http_req *rq, struct xy_resp *rs)
{
    const char *ct = xy_req_header(rq, "Content-Type");
    if (!xy_media_is(ct, "application/json")) {
        xy_resp_problem(rs, 415, "Unsupported Media Type",
                        "政策文件须以 application/json 发送 (the policy file is application/json)");
        return;
    }
    json_t *summary = NULL;
    struct xy_error err = {0};
    if (rq->body.len && memchr(rq->body.data, '\0', rq->body.len)) {
        xy_resp_problem(rs, 400, "Bad Request", "政策文件含有 NUL 字节 (the policy file holds a NUL byte)");
        return;
    }
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_jrp_load(app, &rq->who, rq->body.data ? rq->body.data : "", rq->body.len, &summary, &err);
    xy_srv_writer_unlock(rq);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    xy_resp_json(rs, 200, summary);
}

void xy_h_jrp_stats(struct xy_http_req *rq, struct xy_resp *rs)
{
    const char *month = xy_req_arg(rq, "month");
    char cur[11];
    if (!month) {
        xy_date_format(xy_clock_today(rq->srv->clock), cur);
        cur[7] = '\0'; /* YYYY-MM */
        month = cur;
    }
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    json_t *out = NULL;
    struct xy_error err = {0};
    int rc = xy_jrp_stats(app, month, &out, &err);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    xy_resp_json(rs, 200, out);
}

void xy_h_case_publish(struct xy_http_req *rq, struct xy_resp *rs)
{
    json_t *body = xy_req_json(rq, rs, "check measure title summary");
    if (!body)
        return;
    json_t *c = json_object_get(body, "check"), *m = json_object_get(body, "measure");
    const char *title = json_string_value(json_object_get(body, "title"));
    const char *summary = json_string_value(json_object_get(body, "summary"));
    if (!json_is_integer(c) || !json_is_integer(m) || !title || !summary) {
        xy_resp_problem(rs, 400, "Bad Request",
                        "案例须有 check 和 measure（数字）、title 和 summary（文字） "
                        "(a case needs check and measure: numbers, and title and summary: text)");
        json_decref(body);
        return;
    }
    int64_t id = 0;
    struct xy_error err = {0};
    struct xy_app *app = xy_srv_writer_lock(rq);
    int rc = xy_jrp_case_publish(app, &rq->who, json_integer_value(c), json_integer_value(m), title, summary, &id, &err);
    xy_srv_writer_unlock(rq);
    json_decref(body);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    xy_resp_json(rs, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

void xy_h_cases(struct xy_http_req *rq, struct xy_resp *rs)
{
    int limit;
    int64_t cursor, last = 0;
    if (xy_req_page(rq, rs, 20, XY_MAX_PAGE, &limit, &cursor))
        return;
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    json_t *items = NULL;
    struct xy_error err = {0};
    int rc = xy_jrp_cases(app, cursor, limit, &items, &last, &err);
    if (rc) {
        xy_resp_error(rs, rc, &err);
        return;
    }
    json_t *next = xy_next_cursor((int)json_array_size(items) == limit, last);
    xy_resp_json(rs, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", next));
}

void xy_h_matters(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    json_t *items = NULL;
    struct xy_error err = {0};
    int rc = xy_jrp_matters(app, &items, &err);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, json_pack("{s:o}", "items", items));
}

void xy_h_measures(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app)
        return;
    json_t *items = NULL;
    struct xy_error err = {0};
    int rc = xy_jrp_measures(app, &items, &err);
    if (rc)
        xy_resp_error(rs, rc, &err);
    else
        xy_resp_json(rs, 200, json_pack("{s:o}", "items", items));
}
