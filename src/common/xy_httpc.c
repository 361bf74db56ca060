/* SPDX-License-Identifier: Apache-2.0 */
/* The HTTP client (xy_httpc.h) on libcurl's easy interface: one handle per call, no shared state
 * but curl's global initialisation, done once. */
#include "common/xy_httpc.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static CURLcode global_rc = CURLE_FAILED_INIT;

static void global_init(void)
{
    global_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

struct sink {
    struct xy_buf *b;
    int over;
};

static size_t on_data(char *p, size_t size, size_t n, void *ctx)
{
    struct sink *s = ctx;
    if (xy_buf_add(s->b, p, size * n)) {
        s->over = 1;
        return 0; /* makes curl stop with CURLE_WRITE_ERROR */
    }
    return size * n;
}

/* One request: a POST of body when body is not NULL, else a GET. */
static int request(const char *url, const char *bearer, const char *const *extra, const char *body, size_t len,
                   long connect_s, long total_s, long *status, struct xy_buf *resp, struct xy_error *err)
{
    char auth[256];
    struct curl_slist *hdrs = NULL;
    struct sink sink = {.b = resp};
    int rc = XY_OK;
    *status = 0;
    pthread_once(&once, global_init);
    if (global_rc != CURLE_OK)
        return xy_error_set(err, XY_EIO, "libcurl 无法启动 (libcurl cannot start): %s", curl_easy_strerror(global_rc));
    if (!bearer) /* a signed webhook: the signature's headers instead */
        snprintf(auth, sizeof auth, "Accept: application/json");
    else if (snprintf(auth, sizeof auth, "Authorization: Bearer %s", bearer) >= (int)sizeof auth)
        return xy_error_set(err, XY_EINVAL, "密钥过长 (the key is too long)");
    CURL *h = curl_easy_init();
    if (!h)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    struct curl_slist *a = curl_slist_append(hdrs, "Content-Type: application/json");
    struct curl_slist *b = a ? curl_slist_append(a, auth) : NULL;
    struct curl_slist *c = b ? curl_slist_append(b, "Expect:") : NULL; /* no 100-continue round trip */
    hdrs = c ? c : b ? b : a;
    for (size_t i = 0; c && extra && extra[i]; i++) {
        struct curl_slist *more = curl_slist_append(hdrs, extra[i]);
        if (!more) {
            c = NULL;
            break;
        }
        hdrs = more;
    }
    if (!c) {
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        goto out;
    }
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    if (body) {
        curl_easy_setopt(h, CURLOPT_POST, 1L);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    }
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, connect_s);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, total_s);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L); /* threads: no SIGALRM for name lookups */
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
    CURLcode cr = curl_easy_perform(h);
    if (sink.over) {
        rc = xy_error_set(err, XY_ETOOBIG, "%1$.200s 的应答超过 %2$zu 字节 (the answer from %1$.200s is over %2$zu bytes)", url, resp->max);
    } else if (cr != CURLE_OK) {
        rc = xy_error_set(err, XY_EIO, "无法连接或请求失败 %.200s (the request failed): %s", url, curl_easy_strerror(cr));
    } else {
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
    }
out:
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(h);
    return rc;
}

int xy_httpc_post_json(const char *url, const char *bearer, const char *body, size_t len, long connect_s,
                       long total_s, long *status, struct xy_buf *resp, struct xy_error *err)
{
    return request(url, bearer, NULL, body ? body : "", len, connect_s, total_s, status, resp, err);
}

int xy_httpc_post_json_h(const char *url, const char *bearer, const char *const *headers, const char *body, size_t len,
                         long connect_s, long total_s, long *status, struct xy_buf *resp, struct xy_error *err)
{
    return request(url, bearer, headers, body ? body : "", len, connect_s, total_s, status, resp, err);
}

int xy_httpc_get(const char *url, const char *bearer, long connect_s, long total_s, long *status, struct xy_buf *resp,
                 struct xy_error *err)
{
    return request(url, bearer, NULL, NULL, 0, connect_s, total_s, status, resp, err);
}
