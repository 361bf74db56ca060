/* SPDX-License-Identifier: Apache-2.0 */
/* Private to the server: the request and response records, the route table, and the helpers the
 * handler files share. */
#ifndef XY_SERVER_INT_H
#define XY_SERVER_INT_H

#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>

#include "app/app.h"
#include "app/account.h"
#include "app/auth.h"
#include "common/xy_buf.h"
#include "server/server.h"

struct MHD_Connection;

#define XY_MAX_PARAMS 4     /* {id} segments in one route */
#define XY_MAX_URL 2048     /* path and query together */
#define XY_MAX_QUERY_ARGS 32 /* no route declares half as many, and none may repeat */
/* libmicrohttpd's memory a connection: the request line, headers and parameters must fit. It is
 * zeroed after every request, so its size is a cost per request (64 KiB halved the rate of a
 * cached lookup). 16 KiB holds 8 KiB of headers and a full URL with its 32 parameters. */
#define XY_CONN_POOL (16u << 10)
#define XY_MAX_CONNS 4096   /* connections open at once, from all clients */
#define XY_MAX_PAGE 100     /* page size for paged lists (search: XY_SEARCH_MAX) */

/* Roles allowed on a route, as a bit set of (1 << enum xy_role). */
#define R(x) (1u << (x))
#define XY_ANYONE (R(XY_ROLE_PUBLIC) | R(XY_ROLE_DEPARTMENT) | R(XY_ROLE_APPROVAL) | R(XY_ROLE_SUBJECT) | \
                   R(XY_ROLE_OFFICE) | R(XY_ROLE_AUDITOR) | R(XY_ROLE_QUERIER) | \
                   R(XY_ROLE_PLATFORM))

#define XY_SESSION_COOKIE "xy_session"

struct xy_http_req;
struct xy_resp;
typedef void (*xy_handler)(struct xy_http_req *rq, struct xy_resp *rs);

struct xy_route {
    const char *method;
    const char *pattern; /* "/api/v1/subjects/{id}" */
    unsigned roles;      /* who may call it */
    const char *params;  /* allowed query parameters, space separated */
    int body;            /* 0 none, 1 JSON (max_body), 2 batch (max_batch_body), 3 an application with its
                          * papers (XY_APPLICATION_BODY_MAX) */
    xy_handler fn;
    const char *name;    /* for metrics and the access log: the pattern */
};

extern const struct xy_route xy_routes[];
extern const size_t xy_nroutes;
/* The most routes the table may hold: metrics keep a counter row per route (routes.c asserts it). */
#define XY_MAX_ROUTES 256

/* Matches path against a pattern such as "/api/v1/subjects/{id}"; on a match fills params[0..) with
 * the decoded {..} segments (caller frees them with xy_free) and returns 1. */
int xy_route_match(const char *pattern, const char *path, char **params, int max, int *nparams);

/* The route for method and path, or NULL with *status 404 (no such path) or 405 (not this method). */
const struct xy_route *xy_route_find(const char *method, const char *path, char **params, int *nparams,
                                     int *status);

/* Percent-decodes s in place, as libmicrohttpd's own decoder but that %00 stays as it is: a NUL would
 * silently cut the text short ("/%00" would read as "/"). Returns the new length. */
size_t xy_url_unescape(char *s);

/* Query parameters seen so far on one request. */
struct xy_query_check {
    const char *seen[16]; /* borrowed from the request */
    int nseen;
};

/* Checks one query parameter: declared by the route, not repeated, at most 512 bytes. Returns 0, or
 * -1 with a sentence in problem. */
int xy_query_arg(struct xy_query_check *qc, const struct xy_route *route, const char *key, const char *value,
                 char *problem, size_t size);

/* The memory request bodies in flight may hold (budget.c): bytes reserved across the whole server
 * and per client address. A body is charged before any of it is read (its declared length, or its
 * route's limit when chunked) and given back when its request ends, so that what the server buffers
 * stays bounded however many clients send at once. Thread-safe. */
struct xy_budget_slot;
struct xy_budget {
    pthread_mutex_t lock;
    size_t max_total, max_client;
    size_t total;
    struct xy_budget_slot *slots; /* by client address */
    size_t mask;                  /* slots - 1, a power of two less one */
};

/* Sets up b with room for at least nslots client addresses at once (the table never holds more
 * clients than there are connections with a body in flight). Returns XY_OK or XY_ENOMEM. */
int xy_budget_init(struct xy_budget *b, size_t max_total, size_t max_client, size_t nslots);
void xy_budget_release(struct xy_budget *b);
/* Reserves n bytes for client (an address as text, "" when unknown). Returns XY_OK, or XY_EBUSY
 * with nothing reserved when the client's share (*per_client = 1) or the server's total
 * (*per_client = 0) would go past its maximum. */
int xy_budget_take(struct xy_budget *b, const char *client, size_t n, int *per_client);
/* Gives back n bytes that xy_budget_take reserved for client. */
void xy_budget_give(struct xy_budget *b, const char *client, size_t n);
/* Bytes reserved now by client, or by everyone when client is NULL. */
size_t xy_budget_held(struct xy_budget *b, const char *client);

/* The trusted proxies (proxy.c), their addresses as inet_ntop writes them. */
#define XY_MAX_PROXIES 16
#define XY_ADDR_SIZE 64
struct xy_proxies {
    char addr[XY_MAX_PROXIES][XY_ADDR_SIZE];
    int n;
};
/* Parses "ADDR[,ADDR]" (IPv4 or IPv6). Errors: XY_EINVAL naming the bad entry. */
int xy_proxy_parse(const char *list, struct xy_proxies *out, struct xy_error *err);
/* The client's address and scheme: peer itself unless peer is a listed proxy, then the right-most
 * address of xff (X-Forwarded-For, may be NULL) that is not a listed proxy, and *tls from proto
 * (X-Forwarded-Proto, may be NULL) being "https". OUT: client (size bytes), *tls. */
void xy_proxy_client(const struct xy_proxies *p, const char *peer, const char *xff, const char *proto, char *client,
                     size_t size, int *tls);

#define XY_REPLICA_SLOTS_BITS 12 /* 4,096 slots of read-your-writes marks */

struct xy_server {
    struct xy_server_opts opts;
    struct xy_proxies proxies;
    struct xy_session_cfg sessions;
    const struct xy_clock *clock; /* opts.clock, or real_clock */
    struct xy_clock real_clock;
    struct xy_app *writer; /* the single writer connection, under writer_lock */
    pthread_mutex_t writer_lock;
    atomic_uint catalog_gen; /* bumped when the catalogue changes: readers reload */
    atomic_long in_flight;
    atomic_int own_threads; /* requests being answered on a thread of their own (a batch import) */
    char web_root[4096]; /* realpath of web_dir, "" when none */
    struct xy_budget bodies; /* the memory bodies in flight may hold */
    /* Checks waiting for their log rows to be committed (group_commit.c), under check_lock. */
    struct xy_jrp_pending *check_queue;
    pthread_mutex_t check_lock;
    /* A second reader for the other half of a batch check, under helper_lock (h_jrp.c). */
    struct xy_app *helper;
    unsigned helper_gen;
    pthread_mutex_t helper_lock;
    /* With a read replica (replica.c): per principal, the primary's log position after its last
     * write; and the replica's position last seen, which only grows. */
    _Atomic uint64_t marks[1u << XY_REPLICA_SLOTS_BITS];
    _Atomic uint64_t replica_seen;
};

struct xy_http_req {
    struct xy_server *srv;
    struct MHD_Connection *conn;
    const struct xy_route *route; /* NULL when none matched */
    int route_status;             /* 404 or 405 when no route matched */
    char *params[XY_MAX_PARAMS];  /* decoded {id} segments, owned */
    int nparams;
    char method[8];
    struct xy_buf body; /* at most the declared length, or the route's limit when chunked */
    size_t limit;       /* the route's limit for a body (0: takes none) */
    int body_follows;   /* the headers announce a body (a length above 0, or chunked) */
    int body_over;      /* the body went past its limit: answered 413, the rest not kept */
    int screened;       /* judged on its headers and admitted before its body was read */
    size_t reserved;    /* bytes of srv->bodies held for this request's body */
    struct xy_principal who;
    char client[64];   /* the client's address: the peer's, or the one a trusted proxy gave */
    int via_tls;       /* a trusted proxy said the request came over https */
    char session[XY_SESSION_TOKEN_SIZE]; /* the session token it was authenticated by, or "" */
    struct timespec start;
    int status; /* as answered */
    const char *problem; /* query validation problem found on the first call, or NULL */
    char problem_buf[512];
    int answered;
    int seen; /* the handler has had its first call */
    struct xy_resp *done; /* a request answered on a thread of its own: the answer, once made */
};

struct xy_resp {
    int status;
    const char *ctype;
    struct xy_buf body;
    char retry_after[16];
    char next_cursor[32]; /* a paged list sent as CSV: the next page's cursor, as X-Next-Cursor */
    char disposition[800]; /* Content-Disposition of a document to save (a credit report, an article's
                            * attachment with its name percent-encoded), or "" */
    char set_cookie[256];  /* Set-Cookie (the session cookie), or "" */
    int close; /* Connection: close (an answer given before the body was read) */
    int fd; /* static file to send, -1 when none */
    uint64_t fd_size;
    /* A finished libmicrohttpd response to queue as it is (headers included), or NULL. Not owned:
     * the answer cache keeps it (libmicrohttpd counts the connections still sending it). */
    struct MHD_Response *prebuilt;
};

/* The access log (access_log.c). Opens path ("-" or NULL: stdout); to a regular file lines are
 * kept in a buffer of `buffer` bytes per worker thread (0: each written at once) and written within
 * a second. Errors: XY_EIO. */
int xy_alog_open(const char *path, size_t buffer, struct xy_error *err);
/* The request's line, once it has ended. */
void xy_alog_request(const struct xy_http_req *rq, double seconds);
/* SIGHUP: the buffered lines written, then path opened again by its name (after logrotate). */
void xy_alog_reopen(const char *path);
/* Every buffered line written and the file closed; the worker threads must be gone. */
void xy_alog_close(void);

struct MHD_Response;
/* The response for rs as the client will get it: body (taken from rs), status-independent headers
 * (security, content type, caching). NULL when out of memory. */
struct MHD_Response *xy_srv_response(const struct xy_http_req *rq, struct xy_resp *rs);
/* Drops the caller's reference to a response made by xy_srv_response. */
void xy_srv_response_drop(struct MHD_Response *resp);

/* The reader connection of the calling thread (opened on first use, reloaded when the catalogue
 * changes); NULL with a 503 problem set in rs when the database cannot be opened. */
struct xy_app *xy_srv_reader(struct xy_http_req *rq, struct xy_resp *rs);

/* Read-your-writes with a read replica (replica.c). After a write by who on the writer (held by
 * the caller), remembers the primary's log position for who. */
void xy_replica_note_write(struct xy_server *srv, const struct xy_principal *who);
/* 1 when the replica shows every write who made through this server (public requests: always). */
int xy_replica_fresh(struct xy_server *srv, struct xy_app *replica, const struct xy_principal *who);
/* The calling thread's connection to the primary for reads (with a read replica; else the reader),
 * NULL when the primary cannot be reached; rs (when not NULL) then holds a 503 with Retry-After. */
struct xy_app *xy_srv_primary_reader(struct xy_http_req *rq, struct xy_resp *rs);

/* Takes and releases the single writer. */
struct xy_app *xy_srv_writer_lock(struct xy_http_req *rq);
void xy_srv_writer_unlock(struct xy_http_req *rq);

/* Responses. json: steals the reference. problem: RFC 9457 document. */
void xy_resp_json(struct xy_resp *rs, int status, json_t *doc);
void xy_resp_problem(struct xy_resp *rs, int status, const char *title, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The status for an error code, and a problem document with err's message. */
int xy_http_status(int rc);
void xy_resp_error(struct xy_resp *rs, int rc, const struct xy_error *err);

/* Is the Content-Type (may be NULL) exactly this media type, parameters such as charset aside? */
int xy_media_is(const char *content_type, const char *type);

/* A request header, or NULL. */
const char *xy_req_header(struct xy_http_req *rq, const char *name);

/* Query parameters (validated on arrival: known, not repeated, bounded). NULL when absent. */
const char *xy_req_arg(struct xy_http_req *rq, const char *name);
/* A page size in 1..max (default def) and a cursor (> 0 id or offset; default 0). Return 0, or -1
 * with a 400 problem set. */
int xy_req_page(struct xy_http_req *rq, struct xy_resp *rs, int def, int max, int *limit, int64_t *cursor);
/* Parses the JSON body as an object whose members are all known (space-separated names), of any
 * type: the handler checks the types. Returns NULL with a 400/415 problem set in rs. */
json_t *xy_req_json(struct xy_http_req *rq, struct xy_resp *rs, const char *known);

/* Parses the JSON body as an object whose members are all known (space-separated names) and all
 * strings. Returns NULL with a 400 problem set in rs. */
json_t *xy_req_json_object(struct xy_http_req *rq, struct xy_resp *rs, const char *known, const char *required);

/* The {id} path segment as a positive whole number (at most 18 digits). Returns 0, or -1 with a 400
 * problem set naming what kind of id was expected. */
int xy_req_id(struct xy_http_req *rq, struct xy_resp *rs, const char *what, long long *out);

/* next_cursor of a page: the value as an opaque string when there is more, else null. */
json_t *xy_next_cursor(int more, int64_t value);

/* Uploaded files in a JSON body ("files": [{"name","media_type","data" (base64)}], h_rights.c):
 * decoded into in[XY_CLAIM_FILES_MAX]; the count, or -(k + 1) with a problem set (k decoded). */
struct xy_claim_file_in;
int xy_req_files(struct xy_resp *rs, const json_t *arr, struct xy_claim_file_in *in);
void xy_req_files_free(struct xy_claim_file_in *in, int n);

/* Handlers. */
void xy_h_health(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_metrics(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_catalog(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_search(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_subject(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_subject_records(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_record(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_list(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_commitments(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_batch_submit(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_batch_get(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_batch_rejects(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_dept_records(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_keys_list(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_key_create(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_key_revoke(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_dept_add(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_queriers_list(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_querier_add(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_querier_disable(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_catalog_put(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_admin_record(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_audit_list(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_audit_verify(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_records_browse(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_gov_integrity_summary(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_depts_public(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_check(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_check_batch(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_check_feedback(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_jrp_put(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_jrp_stats(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_stats(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_me(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_idcheck(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_depts_list(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_batches_list(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_case_publish(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_cases(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_objection_file(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_repair_file(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_claims_list(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_claim_get(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_claim_act(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_claim_file(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_grant_create(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_grants_list(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_grant_revoke(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_authorised(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_articles(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_article(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_article_file(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_article_add(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_article_put(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_article_publish(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_article_withdraw(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_article_attach(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_training_take(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_training_cert(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_my_training(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_training_coverage(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_my_records(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_my_access(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_changes(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_calendar(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_subscriptions_list(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_subscription_create(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_subscription_subjects(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_subscription_end(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_exchange_inbound(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_exchange_dests(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_exchange_dest_add(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_exchange_dest_enable(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_exchange_dest_disable(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_exchange_source_key(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_exchange_summary(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_exchange_export(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_exchange_lists_import(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_calendar_put(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_maintain(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_subject_eval(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_eval_list(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_eval_distribution(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_eval_models(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_eval_model_load(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_eval_preview(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_matters(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_measures(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_subject_report(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_report_issue(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_report_public_key(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_report_stats(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_report_get(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_report_verify(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_declaration_put(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_declaration_get(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_entry_put(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_month_get(struct xy_http_req *rq, struct xy_resp *rs);
/* h_pending.c: the countdown to the 22nd. */
void xy_h_month_pending(struct xy_http_req *rq, struct xy_resp *rs);
/* h_dashboard.c: the dashboards, and the month as XLSX (format=xlsx or Accept; takes doc). */
void xy_h_dash_trends(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_dash_rankings(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_dash_drill(struct xy_http_req *rq, struct xy_resp *rs);
int xy_month_wants_xlsx(struct xy_http_req *rq);
void xy_month_xlsx_reply(struct xy_http_req *rq, struct xy_resp *rs, json_t *doc);
void xy_h_month_close(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_month_reopen(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_sup_scan(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_sup_list(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_sup_get(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_sup_act(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_sup_answer(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_sup_letter(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_sup_file(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_assessment(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_units_list(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_conversion_get(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_conversion_import(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_extra_get(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_extra_put(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_unit_put(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_plan_put(struct xy_http_req *rq, struct xy_resp *rs);
/* Sessions and staff accounts (h_session.c). */
void xy_h_application_submit(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_activation(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_applications_list(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_application_get(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_application_file(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_application_approve(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_application_refuse(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_session_create(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_session_get(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_session_delete(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_session_password(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_session_totp(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_session_totp_confirm(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_accounts_list(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_account_add(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_account_disable(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_account_password(struct xy_http_req *rq, struct xy_resp *rs);
void xy_h_account_totp_reset(struct xy_http_req *rq, struct xy_resp *rs);

/* `serve --no-cache`: nothing is cached from then on (before the workers start). */
void xy_cache_disable(void);
/* The public answer cache (cache.c), per worker thread. xy_cache_ready checks that the thread's
 * cached answers still hold for this reader (no commit since, same day) and returns 1 when the cache
 * may be used; get sets rs->prebuilt to the cached response (1 on a hit); put turns a 200 answer into
 * a finished response, keeps it and sets rs->prebuilt to it, so the body is not copied. */
int xy_cache_ready(struct xy_app *app);
int xy_cache_get(const char *key, size_t klen, struct xy_resp *rs);
void xy_cache_put(const char *key, size_t klen, const struct xy_http_req *rq, struct xy_resp *rs);
void xy_cache_free_all(void);
/* Called after each write through this server's writer: every thread's next lookup asks SQLite. */
void xy_cache_note_write(void);

/* Metrics (metrics.c). */
void xy_metrics_request(const struct xy_route *route, int status, double seconds);
void xy_metrics_batch(long accepted, long rejected);
/* A public answer looked up in the answer cache (hit 1) or not found there (hit 0). */
void xy_metrics_cache(int hit);
void xy_metrics_render(struct xy_buf *out);

/* Rate limit (ratelimit.c): 1 when the client may go on, else 0 with *retry_after seconds. */
int xy_ratelimit_take(const char *client, double rate, double burst, int *retry_after);

/* Static files (static.c): answers GET of a file under the web root, or 404. */
void xy_static_serve(struct xy_server *srv, const char *url, struct xy_resp *rs);

/* The server's background work, each a thread of its own: start runs it (when the thread cannot be
 * created, the server goes on without it and running stays 0); stop asks it to end and waits. */

/* The checkpointer (checkpointer.c): copies the write-ahead log into the database on a connection of
 * its own, and while it runs the writer's own checkpoints are moved far out. */
struct xy_checkpointer {
    atomic_int stop;
    struct xy_server *srv;
    pthread_t thread;
    int running;
};
void xy_checkpointer_start(struct xy_checkpointer *c, struct xy_server *srv);
void xy_checkpointer_stop(struct xy_checkpointer *c);

/* Scheduled backups (backups.c): with opts.backup_dir, the day's copy on a connection of its own,
 * the newest opts.backup_keep kept. */
struct xy_backups {
    atomic_int stop;
    struct xy_server *srv;
    pthread_t thread;
    int running;
};
void xy_backups_start(struct xy_backups *b, struct xy_server *srv);
void xy_backups_stop(struct xy_backups *b);

/* The watchdog (watchdog.c): shuts down a connection whose request is not fully received deadline
 * seconds after it started waiting for it, and on the first tick of each day marks the records whose
 * publicity window ended expired (xy_lifecycle_expire_all on the writer, in rounds). */
struct xy_watchdog {
    atomic_int stop;
    int deadline;
    struct xy_server *srv;
    struct xy_date last_day; /* the day expiry last ran for */
    int regrade_failed;      /* said once, not every tick */
    int reanswer_failed;     /* the same for the stored answers' rebuilding */
    pthread_t thread;
    int running;
};
void xy_watchdog_start(struct xy_watchdog *w, struct xy_server *srv, int deadline);
void xy_watchdog_stop(struct xy_watchdog *w);

/* The connections the watchdog watches (watchdog.c). notify: libmicrohttpd's connection
 * notification, started 1 when the connection opens and 0 when it closes. busy: the connection's
 * request is being answered (1, exempt from the deadline) or answered (0); called only by the
 * connection's own thread. client: the peer's address as text, "" when unknown. */
void xy_conn_notify(struct MHD_Connection *c, void **socket_context, int started);
void xy_conn_busy(struct MHD_Connection *c, int busy);
/* The connection's request was answered before its body was read: when libmicrohttpd closes the
 * connection, the watchdog keeps the socket open a short while and drops what still arrives, so
 * that the client reads the answer rather than a reset. Called only by the connection's thread. */
void xy_conn_linger(struct MHD_Connection *c);
void xy_conn_client(struct MHD_Connection *c, char *out, size_t size);

/* Group commit of the checks' logs (group_commit.c): queues the prepared check p (and p2, the second
 * half of a batch, or NULL) and returns once their log rows are committed, by this request's thread
 * or another's, all queued checks in one transaction on the writer. Returns the commit's result;
 * on success each answer carries its check id. The caller keeps ownership of p and p2. */
struct xy_jrp_pending;
int xy_group_commit(struct xy_http_req *rq, struct xy_jrp_pending *p, struct xy_jrp_pending *p2,
                    struct xy_error *err);

#endif
