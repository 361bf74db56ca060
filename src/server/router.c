/* SPDX-License-Identifier: Apache-2.0 */
/* Matching request paths against the route table, and checking query parameters against what a
 * route declares. Pure functions over strings (no libmicrohttpd), so that they can be fuzzed. */
#include <stdio.h>
#include <string.h>

#include "common/xy_alloc.h"
#include "common/xy_utf8.h"
#include "server/server_int.h"

int xy_route_match(const char *pattern, const char *path, char **params, int max, int *nparams)
{
    /* Matched first, copied after: most routes tried do not match, and need no copy to say so. */
    const char *seg[XY_MAX_PARAMS];
    size_t len[XY_MAX_PARAMS];
    int np = 0;
    const char *p = pattern, *u = path;
    *nparams = 0;
    if (max > XY_MAX_PARAMS)
        max = XY_MAX_PARAMS;
    while (*p && *u) {
        if (*p == '{') {
            const char *pe = strchr(p, '}');
            const char *ue = strchr(u, '/');
            size_t ul = ue ? (size_t)(ue - u) : strlen(u);
            if (!pe || ul == 0 || ul > 128 || np == max)
                return 0;
            seg[np] = u;
            len[np++] = ul;
            p = pe + 1;
            u += ul;
            continue;
        }
        if (*p != *u)
            return 0;
        p++;
        u++;
    }
    if (*p || *u)
        return 0;
    for (int i = 0; i < np; i++)
        if (!(params[i] = xy_strndup(seg[i], len[i]))) {
            while (i-- > 0) {
                xy_free(params[i]);
                params[i] = NULL;
            }
            return 0;
        }
    *nparams = np;
    return 1;
}

const struct xy_route *xy_route_find(const char *method, const char *path, char **params, int *nparams,
                                     int *status)
{
    int path_matched = 0;
    *status = 0;
    for (size_t i = 0; i < xy_nroutes; i++) {
        const struct xy_route *r = &xy_routes[i];
        if (!xy_route_match(r->pattern, path, params, XY_MAX_PARAMS, nparams))
            continue;
        if (strcmp(r->method, method) == 0)
            return r;
        path_matched = 1;
        for (int j = 0; j < *nparams; j++) {
            xy_free(params[j]);
            params[j] = NULL;
        }
        *nparams = 0;
    }
    *status = path_matched ? 405 : 404;
    return NULL;
}

int xy_query_arg(struct xy_query_check *qc, const struct xy_route *route, const char *key, const char *value,
                 char *problem, size_t size)
{
    const char *allowed = route && route->params ? route->params : "";
    size_t kl = strlen(key);
    int known = 0;
    for (const char *p = allowed; *p;) {
        const char *sp = strchr(p, ' ');
        size_t l = sp ? (size_t)(sp - p) : strlen(p);
        known |= l == kl && memcmp(p, key, l) == 0;
        p = sp ? sp + 1 : p + l;
    }
    if (!known) {
        /* The name is the client's text: in the Chinese part only, cut whole at 64 bytes. */
        int kn = (int)(kl > 64 ? xy_utf8_floor(key, 64) : kl);
        snprintf(problem, size, "未知的查询参数“%.*s”（此接口接受：%s） (unknown query parameter; this route takes: %s)",
                 kn, key, *allowed ? allowed : "无", *allowed ? allowed : "none");
        return -1;
    }
    /* Only declared names reach here, and a route declares a handful: remembering them is bounded. */
    for (int i = 0; i < qc->nseen; i++)
        if (strcmp(qc->seen[i], key) == 0) {
            snprintf(problem, size, "查询参数“%s”重复出现 (query parameter \"%s\" is given more than once)", key, key);
            return -1;
        }
    if (qc->nseen < (int)(sizeof qc->seen / sizeof *qc->seen))
        qc->seen[qc->nseen++] = key;
    if (value && strlen(value) > 512) {
        snprintf(problem, size, "查询参数“%s”超过 512 字节 (query parameter \"%s\" is longer than 512 bytes)", key, key);
        return -1;
    }
    return 0;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

size_t xy_url_unescape(char *s)
{
    char *w = s;
    for (const char *r = s; *r;) {
        int hi, lo;
        if (r[0] == '%' && (hi = hexval(r[1])) >= 0 && (lo = hexval(r[2])) >= 0 && (hi | lo) != 0) {
            *w++ = (char)(hi * 16 + lo);
            r += 3;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
    return (size_t)(w - s);
}
