/* SPDX-License-Identifier: Apache-2.0 */
/* libmicrohttpd glue: the daemon, the per-request lifecycle, body limits, authentication, routing,
 * the access log, and graceful shutdown. Domain work happens in the handlers, through src/app; the
 * background threads in watchdog.c and checkpointer.c. */
#include "server/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <microhttpd.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/application.h"
#include "app/backup.h"
#include "common/xy_alloc.h"
#include "server/server_int.h"

void xy_server_opts_init(struct xy_server_opts *o)
{
    memset(o, 0, sizeof *o);
    o->db_path = "xinyong.db";
    o->bind = "127.0.0.1";
    o->port = 8080;
    o->threads = 2;
    o->max_batch_body = 64u << 20;
    o->max_body = 1u << 20;
    o->search_rate = 20;
    o->search_burst = 40;
    o->exchange_rate = 100;
    o->exchange_burst = 200;
    o->per_ip_conn = 64;
    o->web_dir = "web";
    o->access_log = "-";
    o->access_log_buffer = 64u << 10;
    o->request_timeout = 60;
    o->backup_keep = 7;
    o->session_idle = 1800;
    o->session_absolute = 43200;
}

/* ---- per-thread reader connections ---- */

struct reader {
    struct xy_app *app;     /* on the replica with --db-read, else on the database */
    struct xy_app *primary; /* with --db-read: reads on the primary (read-your-writes), opened when needed */
    unsigned gen, primary_gen;
    struct reader *next;
};

static _Thread_local struct reader *tl_reader;
static struct reader *all_readers; /* to close them at shutdown */
static pthread_mutex_t readers_lock = PTHREAD_MUTEX_INITIALIZER;

static struct reader *thread_reader(struct xy_resp *rs)
{
    if (!tl_reader) {
        struct reader *r = xy_calloc(1, sizeof *r);
        if (!r) {
            if (rs)
                xy_resp_problem(rs, 503, "Service Unavailable", "out of memory");
            return NULL;
        }
        pthread_mutex_lock(&readers_lock);
        r->next = all_readers;
        all_readers = r;
        pthread_mutex_unlock(&readers_lock);
        tl_reader = r;
    }
    return tl_reader;
}

/* Opens *app (replica: on --db-read) when closed or when the catalogue changed since *gen. */
static struct xy_app *reader_open(struct xy_http_req *rq, struct xy_resp *rs, struct xy_app **app, unsigned *gen,
                                  int replica)
{
    const struct xy_server_opts *o = &rq->srv->opts;
    struct xy_error err = {0};
    unsigned now = atomic_load(&rq->srv->catalog_gen);
    if (*app && *gen != now) {
        xy_app_close(*app); /* the catalogue changed: load it again */
        *app = NULL;
    }
    if (!*app) {
        if (xy_app_open(replica ? o->db_read : o->db_path, rq->srv->clock, app, &err)) {
            if (rs) {
                xy_resp_problem(rs, 503, "Service Unavailable", "database: %s", err.msg);
                snprintf(rs->retry_after, sizeof rs->retry_after, "5");
            }
            return NULL;
        }
        *gen = now;
    }
    return *app;
}

struct xy_app *xy_srv_primary_reader(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct reader *r = thread_reader(rs);
    if (!r)
        return NULL;
    if (!rq->srv->opts.db_read)
        return reader_open(rq, rs, &r->app, &r->gen, 0);
    return reader_open(rq, rs, &r->primary, &r->primary_gen, 0);
}

struct xy_app *xy_srv_reader(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct reader *r = thread_reader(rs);
    if (!r)
        return NULL;
    int replica = rq->srv->opts.db_read != NULL;
    struct xy_app *app = reader_open(rq, rs, &r->app, &r->gen, replica);
    /* A principal whose last write the replica has not replayed yet reads on the primary. */
    if (!app || !replica || xy_replica_fresh(rq->srv, app, &rq->who))
        return app;
    return xy_srv_primary_reader(rq, rs);
}

struct xy_app *xy_srv_writer_lock(struct xy_http_req *rq)
{
    pthread_mutex_lock(&rq->srv->writer_lock);
    return rq->srv->writer;
}

void xy_srv_writer_unlock(struct xy_http_req *rq)
{
    xy_cache_note_write();
    xy_replica_note_write(rq->srv, &rq->who);
    pthread_mutex_unlock(&rq->srv->writer_lock);
}

/* ---- routing ---- */

static void route(struct xy_http_req *rq, const char *url)
{
    rq->route = xy_route_find(rq->method, url, rq->params, &rq->nparams, &rq->route_status);
}

/* ---- query validation ---- */

struct argcheck {
    struct xy_http_req *rq;
    struct xy_query_check qc;
};

static enum MHD_Result check_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    struct argcheck *a = cls;
    (void)kind;
    if (xy_query_arg(&a->qc, a->rq->route, key, value, a->rq->problem_buf, sizeof a->rq->problem_buf)) {
        a->rq->problem = a->rq->problem_buf;
        return MHD_NO;
    }
    return MHD_YES;
}

const char *xy_req_header(struct xy_http_req *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name);
}

const char *xy_req_arg(struct xy_http_req *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name);
}

/* ---- authentication ---- */

static int role_allowed(struct xy_http_req *rq, struct xy_resp *rs)
{
    if (rq->route->roles & R(rq->who.role))
        return 1;
    xy_resp_problem(rs, 403, "Forbidden", "%s 角色的密钥不得使用 %s %s (a key of role %s may not use %s %s)",
                    xy_role_name(rq->who.role), rq->route->method, rq->route->pattern, xy_role_name(rq->who.role),
                    rq->route->method, rq->route->pattern);
    return 0;
}

/* A request with the session cookie and no key: the person of the session, with the same role
 * check as a key; a state-changing request must also carry the session's CSRF token. A cookie that
 * no longer opens a session leaves a public route public (the portal's pages send it too). */
static void authenticate_session(struct xy_http_req *rq, struct xy_resp *rs, const char *token, int *denied)
{
    struct xy_server *srv = rq->srv;
    struct xy_error err = {0};
    int touch = 0;
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app) {
        *denied = 1;
        return;
    }
    /* A session begun a moment ago may not be on the replica yet: the primary is asked then. */
    if (xy_session_verify(app, token, &srv->sessions, &rq->who, &touch, &err) != XY_OK &&
        (!srv->opts.db_read || !(app = xy_srv_primary_reader(rq, NULL)) ||
         xy_session_verify(app, token, &srv->sessions, &rq->who, &touch, &err) != XY_OK)) {
        memset(&rq->who, 0, sizeof rq->who);
        rq->who.role = XY_ROLE_PUBLIC;
        if (!(rq->route->roles & R(XY_ROLE_PUBLIC))) {
            xy_resp_problem(rs, 401, "Unauthorized", "会话无效或已过期，请重新登录 "
                                                    "(the session is unknown or has ended: sign in again)");
            *denied = 1;
        }
        return;
    }
    snprintf(rq->session, sizeof rq->session, "%s", token);
    if (!role_allowed(rq, rs)) {
        *denied = 1;
        return;
    }
    if (strcmp(rq->method, "GET") != 0 && strcmp(rq->method, "HEAD") != 0 &&
        !xy_session_csrf_ok(app, token, xy_req_header(rq, "X-CSRF-Token"))) {
        xy_resp_problem(rs, 403, "Forbidden", "以会话发出的修改请求须带本会话的 X-CSRF-Token 请求头 "
                                             "(a state-changing request made with a session must carry the "
                                             "session's X-CSRF-Token header)");
        *denied = 1;
        return;
    }
    /* Last-seen is written at most once a minute, and only when the writer is free: a batch import
     * holds it for minutes, and waiting here would hold up this worker thread and every connection
     * it serves. A later request of the session writes it. */
    if (touch && pthread_mutex_trylock(&srv->writer_lock) == 0) {
        if (xy_session_touch(srv->writer, token, &err) != XY_OK)
            fprintf(stderr, "xinyong serve: session last-seen not written: %s\n", err.msg);
        xy_srv_writer_unlock(rq);
    }
}

static void authenticate(struct xy_http_req *rq, struct xy_resp *rs, int *denied)
{
    const char *h = MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    memset(&rq->who, 0, sizeof rq->who);
    rq->who.role = XY_ROLE_PUBLIC;
    rq->session[0] = '\0';
    *denied = 0;
    unsigned roles = rq->route->roles;
    if (!h) {
        /* Signing in never rides on an older session. */
        const char *cookie = rq->route->fn == xy_h_session_create
                                 ? NULL
                                 : MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND, XY_SESSION_COOKIE);
        if (cookie) {
            authenticate_session(rq, rs, cookie, denied);
            return;
        }
        if (!(roles & R(XY_ROLE_PUBLIC))) {
            xy_resp_problem(rs, 401, "Unauthorized", "此接口需要 API 密钥或登录会话：Authorization: Bearer KEY "
                                                        "(this route needs an API key, Authorization: Bearer KEY, "
                                                        "or a signed-in session)");
            *denied = 1;
        }
        return;
    }
    if (strncmp(h, "Bearer ", 7) != 0) {
        xy_resp_problem(rs, 401, "Unauthorized", "Authorization 请求头须为“Bearer KEY” "
                                                "(the Authorization header must be \"Bearer KEY\")");
        *denied = 1;
        return;
    }
    struct xy_app *app = xy_srv_reader(rq, rs);
    if (!app) {
        *denied = 1;
        return;
    }
    struct xy_error err = {0};
    /* A key created a moment ago may not be on the replica yet: the primary is asked then. */
    if (xy_auth_verify(app, h + 7, &rq->who, &err) != XY_OK &&
        (!rq->srv->opts.db_read || !(app = xy_srv_primary_reader(rq, NULL)) ||
         xy_auth_verify(app, h + 7, &rq->who, &err) != XY_OK)) {
        memset(&rq->who, 0, sizeof rq->who);
        xy_resp_problem(rs, 401, "Unauthorized", "API 密钥无效（未知、已吊销或格式有误） "
                                                "(the API key is not valid: unknown, revoked or malformed)");
        *denied = 1;
        return;
    }
    if (!role_allowed(rq, rs))
        *denied = 1;
}

/* ---- the MHD callbacks ---- */

static double elapsed(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static void security_headers(struct MHD_Response *resp)
{
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; "
                            "frame-ancestors 'none'");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
}

struct MHD_Response *xy_srv_response(const struct xy_http_req *rq, struct xy_resp *rs)
{
    struct MHD_Response *resp;
    if (rs->fd >= 0) {
        resp = MHD_create_response_from_fd64(rs->fd_size, rs->fd);
        if (resp)
            rs->fd = -1; /* MHD closes it */
    } else {
        size_t n = rs->body.len;
        char *data = xy_buf_take(&rs->body);
        resp = data ? MHD_create_response_from_buffer(n, data, MHD_RESPMEM_MUST_FREE) : NULL;
        if (!resp)
            xy_free(data);
    }
    if (!resp)
        return NULL;
    security_headers(resp);
    if (rs->ctype)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, rs->ctype);
    if (rs->retry_after[0])
        MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, rs->retry_after);
    if (rs->next_cursor[0])
        MHD_add_response_header(resp, "X-Next-Cursor", rs->next_cursor);
    if (rs->disposition[0])
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_DISPOSITION, rs->disposition);
    if (rs->set_cookie[0])
        MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, rs->set_cookie);
    if (rs->status == 401)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"xinyong\"");
    if (rs->close)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
    if (rq->route && rq->route->fn != NULL && strncmp(rq->route->pattern, "/api/", 5) == 0)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    return resp;
}

void xy_srv_response_drop(struct MHD_Response *resp)
{
    MHD_destroy_response(resp);
}

static enum MHD_Result answer(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct MHD_Response *resp = rs->prebuilt ? rs->prebuilt : xy_srv_response(rq, rs);
    if (!resp)
        return MHD_NO;
    rq->status = rs->status;
    enum MHD_Result ret = MHD_queue_response(rq->conn, (unsigned)rs->status, resp);
    if (!rs->prebuilt)
        MHD_destroy_response(resp);
    rq->answered = 1;
    return ret;
}

/* libmicrohttpd's URI callback, called once a request line is read and before the query is split
 * into parameters. The request starts here. libmicrohttpd 0.9.75 stores every parameter in the
 * connection's fixed memory pool and, when the pool runs out, neither answers nor closes: the client
 * waits for ever. No route takes more than XY_MAX_QUERY_ARGS parameters or a URL over XY_MAX_URL
 * bytes, so such a query is cut off here (libmicrohttpd then parses an empty one) and answered 400;
 * this is what keeps the pool small (XY_CONN_POOL), which libmicrohttpd zeroes after every request. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    struct xy_server *srv = cls;
    struct xy_http_req *rq = xy_calloc(1, sizeof *rq);
    if (!rq)
        return NULL;
    rq->srv = srv;
    rq->conn = conn;
    clock_gettime(CLOCK_MONOTONIC, &rq->start);
    atomic_fetch_add(&srv->in_flight, 1);
    xy_conn_client(conn, rq->client, sizeof rq->client);
    char *q = strchr(uri, '?');
    size_t nargs = 0;
    for (const char *p = q; p && *p; p++)
        nargs += *p == '&' || p == q;
    if (strlen(uri) > XY_MAX_URL)
        rq->problem = "URL 长度超过 2048 字节 (the URL is longer than 2048 bytes)";
    else if (nargs > XY_MAX_QUERY_ARGS)
        rq->problem = "查询参数超过 32 个 (the query has more than 32 parameters)";
    if (rq->problem && q)
        q[1] = '\0'; /* the buffer is libmicrohttpd's own and writable: it splits the query in place next */
    return rq;
}

/* The request line and headers, on libmicrohttpd's first call: the route, the query parameters,
 * the limit of the body and whether one follows. */
static void read_head(struct xy_http_req *rq, const char *url, const char *method)
{
    struct xy_server *srv = rq->srv;
    snprintf(rq->method, sizeof rq->method, "%s", strlen(method) < sizeof rq->method ? method : "?");
    for (char *m = rq->method; *m; m++)
        if (!((*m >= 'A' && *m <= 'Z') || (*m >= 'a' && *m <= 'z')))
            *m = '?'; /* only letters reach the access log */
    route(rq, url);
    /* The client as the limits, the throttling and the access log count it. */
    char peer[sizeof rq->client];
    memcpy(peer, rq->client, sizeof peer);
    xy_proxy_client(&srv->proxies, peer, xy_req_header(rq, "X-Forwarded-For"), xy_req_header(rq, "X-Forwarded-Proto"),
                    rq->client, sizeof rq->client, &rq->via_tls);
    if (rq->route && !rq->problem) { /* on_uri has checked the URL's length and parameter count */
        struct argcheck a = {.rq = rq};
        MHD_get_connection_values(rq->conn, MHD_GET_ARGUMENT_KIND, check_arg, &a);
        rq->limit = rq->route->body == 2   ? srv->opts.max_batch_body
                    : rq->route->body == 3 ? XY_APPLICATION_BODY_MAX
                    : rq->route->body == 1 ? srv->opts.max_body
                                           : 0;
    }
    size_t max = rq->limit;
    const char *cl = xy_req_header(rq, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (cl) {
        char *end;
        unsigned long long v = strtoull(cl, &end, 10);
        rq->body_follows = *end || v > 0;
        if (*end || v > rq->limit)
            rq->body_over = 1; /* refused before any byte is read */
        else
            max = (size_t)v; /* the buffer never grows past what was declared */
    }
    if (xy_req_header(rq, MHD_HTTP_HEADER_TRANSFER_ENCODING))
        rq->body_follows = 1; /* chunked: its length is known only at its end */
    if (rq->route && !rq->route->body && rq->body_follows && !rq->problem) {
        snprintf(rq->problem_buf, sizeof rq->problem_buf, "%s %s 不接受请求体 (%s %s takes no request body)",
                 rq->route->method, rq->route->pattern, rq->route->method, rq->route->pattern);
        rq->problem = rq->problem_buf;
    }
    xy_buf_init(&rq->body, max);
}

static void too_large(const struct xy_http_req *rq, struct xy_resp *rs)
{
    xy_resp_problem(rs, 413, "Content Too Large", "请求体超过 %zu 字节的上限 "
                    "(the request body is larger than the limit of %zu bytes)", rq->limit, rq->limit);
}

/* Judges a request on its line and headers alone, in the order docs/api/openapi.yaml gives: the
 * URL and query, the route and method, the body's declared length, the key and its role. Returns 1
 * with the refusal in rs; 0 when the request goes on (to a handler, or to a static file). */
static int screen(struct xy_http_req *rq, const char *url, struct xy_resp *rs)
{
    if (rq->problem) {
        xy_resp_problem(rs, 400, "Bad Request", "%s", rq->problem);
        return 1;
    }
    if (!rq->route) {
        int file = rq->route_status == 404 && strcmp(rq->method, "GET") == 0 && strncmp(url, "/api/", 5) != 0;
        if (file && !rq->body_follows)
            return 0; /* a static file */
        if (file)
            xy_resp_problem(rs, 400, "Bad Request", "GET 不接受请求体 (GET takes no request body)");
        else if (rq->route_status == 405)
            xy_resp_problem(rs, 405, "Method Not Allowed", "此接口不支持 %s 方法 (%s is not allowed on %s)", rq->method,
                            rq->method, url);
        else
            xy_resp_problem(rs, 404, "Not Found", "没有此接口 (no such route: %s %s)", rq->method, url);
        return 1;
    }
    if (rq->body_over) {
        too_large(rq, rs);
        return 1;
    }
    int denied;
    authenticate(rq, rs, &denied);
    return denied;
}

/* Reserves the memory an admitted body may take: what it declared, or its route's limit when it is
 * chunked (the most its buffer may grow to). Buffering with a budget rather than spooling to a
 * file: every use case parses its body from memory, and with the key checked first only known
 * callers ever hold any. Returns 1 with a 503 in rs when the budget has no room now. */
static int reserve_body(struct xy_http_req *rq, struct xy_resp *rs)
{
    struct xy_budget *b = &rq->srv->bodies;
    size_t n = rq->body.max;
    int per_client;
    if (xy_budget_take(b, rq->client, n, &per_client) == XY_OK) {
        rq->reserved = n;
        return 0;
    }
    /* Bodies in flight finish within the request timeout; most much sooner. */
    snprintf(rs->retry_after, sizeof rs->retry_after, "%d", 5);
    if (per_client)
        xy_resp_problem(rs, 503, "Service Unavailable", "此地址正在上传的请求体已达 %zu 字节的上限，请稍后重试 "
                        "(bodies in flight from this address have reached the limit of %zu bytes; try again later)",
                        b->max_client, b->max_client);
    else
        xy_resp_problem(rs, 503, "Service Unavailable", "服务器正在接收的请求体已达 %zu 字节的上限，请稍后重试 "
                        "(bodies in flight on this server have reached the limit of %zu bytes; try again later)",
                        b->max_total, b->max_total);
    return 1;
}

/* A request whose headers announce a body is judged before any of it is read. Refused, it is
 * answered at once: libmicrohttpd 0.9.75 then sends no 100 Continue, reads no more of the body
 * than came with the headers and closes the connection after the answer, so a client without a
 * key, or over a limit, costs neither memory nor the time of its upload. Admitted, its body's
 * memory is reserved. */
static enum MHD_Result admit(struct xy_http_req *rq, const char *url)
{
    struct xy_resp rs = {.status = 500, .fd = -1};
    xy_buf_init(&rs.body, 64u << 10);
    if (!screen(rq, url, &rs) && !reserve_body(rq, &rs)) {
        rq->screened = 1;
        xy_buf_release(&rs.body);
        return MHD_YES;
    }
    rs.close = 1;
    xy_conn_linger(rq->conn);
    enum MHD_Result ret = answer(rq, &rs);
    xy_buf_release(&rs.body);
    return ret;
}

/* A piece of the body of an admitted request. Past its limit (a chunked body), the rest is
 * discarded and the request answered 413 at its end: libmicrohttpd 0.9.75 cannot answer sooner. */
static void take_upload(struct xy_http_req *rq, const char *data, size_t size)
{
    if (!rq->body_over && xy_buf_add(&rq->body, data, size) != XY_OK) {
        rq->body_over = 1;
        xy_buf_release(&rq->body);
    }
}

/* A batch import may take minutes: it runs on a thread of its own, so that the worker thread goes on
 * serving its other (kept-alive) connections meanwhile, and the import's wait for the writer blocks
 * no reader. */
static int own_thread(const struct xy_route *route)
{
    return route->fn == xy_h_batch_submit;
}

/* The handler of such a request, on its own thread; the connection, suspended meanwhile,
 * is resumed with the answer in rq->done, and libmicrohttpd calls on_request again to send it. */
static void *own_thread_main(void *arg)
{
    struct xy_http_req *rq = arg;
    struct xy_server *srv = rq->srv;
    rq->route->fn(rq, rq->done);
    MHD_resume_connection(rq->conn);
    atomic_fetch_sub(&srv->own_threads, 1);
    return NULL;
}

static void done_free(struct xy_http_req *rq)
{
    if (!rq->done)
        return;
    xy_buf_release(&rq->done->body);
    if (rq->done->fd >= 0)
        close(rq->done->fd);
    xy_free(rq->done);
    rq->done = NULL;
}

/* Hands rq to a thread of its own; returns 0 when it could not (the caller answers it in place). */
static int own_thread_start(struct xy_http_req *rq)
{
    pthread_attr_t attr;
    pthread_t th;
    if (!(rq->done = xy_calloc(1, sizeof *rq->done)))
        return 0;
    rq->done->status = 500;
    rq->done->fd = -1;
    xy_buf_init(&rq->done->body, 64u << 20);
    atomic_fetch_add(&rq->srv->own_threads, 1);
    MHD_suspend_connection(rq->conn);
    int ok = pthread_attr_init(&attr) == 0;
    if (ok) {
        ok = pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED) == 0 &&
             pthread_create(&th, &attr, own_thread_main, rq) == 0;
        pthread_attr_destroy(&attr);
    }
    if (!ok)
        own_thread_main(rq); /* answered here after all; sent when libmicrohttpd resumes the connection */
    return 1;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_size,
                                  void **con_cls)
{
    struct xy_server *srv = cls;
    struct xy_http_req *rq = *con_cls;
    (void)version;
    if (!rq)
        return MHD_NO; /* on_uri could not allocate it: close the connection */
    if (!rq->seen) {
        rq->seen = 1;
        read_head(rq, url, method);
        /* Without a body, answered on the next call: answering on the first closes the connection. */
        return rq->body_follows ? admit(rq, url) : MHD_YES;
    }
    if (*upload_size) {
        take_upload(rq, upload_data, *upload_size);
        *upload_size = 0; /* consumed (or discarded once over the limit) */
        return MHD_YES;
    }
    if (rq->answered)
        return MHD_YES;
    if (rq->done) { /* resumed: its own thread has answered it */
        enum MHD_Result ret = answer(rq, rq->done);
        done_free(rq);
        return ret;
    }

    xy_conn_busy(conn, 1);
    struct xy_resp rs = {.status = 500, .fd = -1};
    xy_buf_init(&rs.body, 64u << 20);
    if (rq->screened || !screen(rq, url, &rs)) {
        if (!rq->route)
            xy_static_serve(srv, url, &rs);
        else if (rq->body_over)
            too_large(rq, &rs); /* a chunked body that went past its limit */
        else if (own_thread(rq->route) && own_thread_start(rq)) {
            xy_buf_release(&rs.body);
            return MHD_YES;
        } else
            rq->route->fn(rq, &rs);
    }
    enum MHD_Result ret = answer(rq, &rs);
    xy_buf_release(&rs.body);
    if (rs.fd >= 0)
        close(rs.fd);
    return ret;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    struct xy_server *srv = cls;
    struct xy_http_req *rq = *con_cls;
    if (!rq)
        return;
    double t = elapsed(&rq->start);
    xy_conn_busy(conn, 0);
    if (!rq->answered)
        rq->status = toe == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED ? 408
                     : !rq->seen && toe == MHD_REQUEST_TERMINATED_WITH_ERROR
                         ? 400  /* refused by libmicrohttpd itself (a header too large, a bad line) */
                         : 499; /* the client went away */
    xy_metrics_request(rq->route, rq->status, t);
    xy_alog_request(rq, t);
    for (int i = 0; i < rq->nparams; i++)
        xy_free(rq->params[i]);
    xy_buf_release(&rq->body);
    done_free(rq); /* an answer made on its own thread for a client that had gone */
    xy_budget_give(&srv->bodies, rq->client, rq->reserved);
    xy_free(rq);
    *con_cls = NULL;
    atomic_fetch_sub(&srv->in_flight, 1);
}

/* libmicrohttpd's unescape callback: our decoder, which keeps %00 (see xy_url_unescape). */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls;
    (void)c;
    return xy_url_unescape(s);
}

/* libmicrohttpd's connection notification: the watchdog tracks each connection while it is open. */
static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
    (void)cls;
    xy_conn_notify(c, socket_context, toe == MHD_CONNECTION_NOTIFY_STARTED);
}

static void mhd_log(void *cls, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    /* libmicrohttpd's own messages (bind failures, refused connections) go to stderr as they are. */
    fputs("xinyong serve: ", stderr);
    vfprintf(stderr, fmt, ap);
}

/* The budget of bodies in flight (budget.c): by default room for four of the largest bodies in all
 * and two from one address. The largest body must fit in an address's share, or it could never be
 * sent; a share larger than the whole is the whole. */
static int bodies_init(struct xy_server *srv, struct xy_error *err)
{
    const struct xy_server_opts *o = &srv->opts;
    size_t largest = o->max_batch_body > o->max_body ? o->max_batch_body : o->max_body;
    size_t total = o->body_budget ? o->body_budget : 4 * largest;
    size_t client = o->client_body_budget ? o->client_body_budget : 2 * largest;
    if (client > total)
        client = total;
    if (client < largest)
        return xy_error_set(err, XY_EINVAL, "the memory for bodies in flight (%zu MiB from one address) is less "
                            "than the largest body allowed (%zu MiB)", client >> 20, largest >> 20);
    if (xy_budget_init(&srv->bodies, total, client, 2 * XY_MAX_CONNS) != XY_OK)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    return XY_OK;
}

int xy_server_run(const struct xy_server_opts *o, struct xy_error *err)
{
    struct xy_server srv;
    struct MHD_Daemon *d = NULL;
    int rc = XY_OK, hold = -1, log_open = 0;
    memset(&srv, 0, sizeof srv);
    srv.opts = *o;
    xy_clock_real(&srv.real_clock);
    srv.clock = o->clock ? o->clock : &srv.real_clock;
    pthread_mutex_init(&srv.writer_lock, NULL);
    pthread_mutex_init(&srv.check_lock, NULL);
    pthread_mutex_init(&srv.helper_lock, NULL);
    if ((rc = bodies_init(&srv, err)))
        goto out;
    if ((rc = xy_proxy_parse(o->trusted_proxy, &srv.proxies, err)))
        goto out;
    xy_session_cfg_init(&srv.sessions);
    if (o->session_idle > 0)
        srv.sessions.idle = o->session_idle;
    if (o->session_absolute > 0)
        srv.sessions.absolute = o->session_absolute;
    if ((rc = xy_app_open(o->db_path, srv.clock, &srv.writer, err)))
        goto out;
    if (o->db_read) {
        /* The replica must answer at start, so that a wrong address is said now, not on a read. */
        struct xy_app *replica = NULL;
        rc = xy_app_open(o->db_read, srv.clock, &replica, err);
        xy_app_close(replica);
        if (rc)
            goto out;
    }
    /* Held for the server's life, so that `xinyong restore` refuses to replace the database under it. */
    if ((rc = xy_app_hold(o->db_path, &hold, err)))
        goto out;
    if (o->web_dir && realpath(o->web_dir, srv.web_root) == NULL)
        srv.web_root[0] = '\0';
    if (o->no_cache)
        xy_cache_disable();
    if ((rc = xy_alog_open(o->access_log, o->access_log_buffer, err)))
        goto out;
    log_open = 1;

    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)o->port);
    if (inet_pton(AF_INET, o->bind, &sa.sin_addr) != 1) {
        rc = xy_error_set(err, XY_EINVAL, "--bind %s is not an IPv4 address", o->bind);
        goto out;
    }
    /* Signals are taken by sigwait below, never by a worker thread. */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    d = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG, 0,
                         NULL, NULL, on_request, &srv, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
                         MHD_OPTION_URI_LOG_CALLBACK, on_uri, &srv,
                         MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE,
                         (unsigned)(o->threads > 0 ? o->threads : 1), MHD_OPTION_NOTIFY_COMPLETED, on_completed, &srv,
                         MHD_OPTION_NOTIFY_CONNECTION, on_connection, NULL,
                         MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)XY_CONN_POOL,
                         MHD_OPTION_PER_IP_CONNECTION_LIMIT, o->per_ip_conn, MHD_OPTION_CONNECTION_LIMIT,
                         (unsigned)XY_MAX_CONNS, MHD_OPTION_END);
    if (!d) {
        rc = xy_error_set(err, XY_EIO, "cannot listen on %s:%d (in use, or not allowed)", o->bind, o->port);
        goto out;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    /* A server's address may hold a password: only a file's path is named. */
    fprintf(stderr, "xinyong serve: listening on http://%s:%u/ with %d threads, database %s%s\n", o->bind,
            di ? di->port : (unsigned)o->port, o->threads, xy_app_is_server(o->db_path) ? "(server)" : o->db_path,
            o->db_read ? ", reads on a replica" : "");
    if (o->port == 0 && di)
        printf("port %u\n", di->port);
    fflush(stdout);

    struct xy_watchdog wd;
    xy_watchdog_start(&wd, &srv, o->request_timeout > 0 ? o->request_timeout : 60);
    struct xy_checkpointer ck;
    xy_checkpointer_start(&ck, &srv);
    struct xy_backups bk;
    xy_backups_start(&bk, &srv);
    int sig = 0;
    while (sigwait(&sigs, &sig) == 0 && sig == SIGHUP)
        xy_alog_reopen(o->access_log);
    xy_watchdog_stop(&wd);
    fprintf(stderr, "xinyong serve: %s: no new connections; finishing requests in flight\n",
            sig == SIGTERM ? "SIGTERM" : "SIGINT");
    MHD_socket ls = MHD_quiesce_daemon(d);
    if (ls != MHD_INVALID_SOCKET)
        close(ls);
    for (int i = 0; i < 300 && atomic_load(&srv.in_flight) > 0; i++)
        usleep(20000); /* up to 6 s for requests (a batch import) to finish */
    while (atomic_load(&srv.own_threads) > 0)
        usleep(20000); /* a batch import on its own thread ends before the writer is closed under it */
    xy_checkpointer_stop(&ck);
    xy_backups_stop(&bk);
out:
    if (d)
        MHD_stop_daemon(d); /* ends the requests still open: their bodies' memory is given back */
    xy_budget_release(&srv.bodies);
    pthread_mutex_lock(&readers_lock);
    for (struct reader *r = all_readers, *next; r; r = next) {
        next = r->next;
        xy_app_close(r->app);
        xy_app_close(r->primary);
        xy_free(r);
    }
    all_readers = NULL;
    pthread_mutex_unlock(&readers_lock);
    xy_cache_free_all();
    xy_app_close(srv.writer);
    if (log_open)
        xy_alog_close(); /* after the daemon: its workers add no more lines */
    pthread_mutex_destroy(&srv.writer_lock);
    pthread_mutex_destroy(&srv.check_lock);
    xy_app_close(srv.helper);
    pthread_mutex_destroy(&srv.helper_lock);
    xy_app_release(hold); /* after every connection is closed: closing it drops the file's locks */
    if (!rc && d)
        fprintf(stderr, "xinyong serve: stopped\n");
    return rc;
}
