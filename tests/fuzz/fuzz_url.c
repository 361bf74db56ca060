/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target: URL path and query parsing as the server does it on a request's first call:
 * percent-decoding (xy_url_unescape), routing (xy_route_find over the real route table) and the
 * query checks (xy_query_arg). Byte 0 chooses the method (its value modulo 6: GET, POST, PUT,
 * DELETE, HEAD, PATCH); the rest, up to a NUL, is the request target ("/api/v1/subjects/%E5?q=a").
 * libmicrohttpd's part is imitated: the path is cut at '?', the query split at '&' and at the
 * first '=', '+' read as a space, then both decoded by the server's own decoder.
 * Checked: decoding never yields a NUL and never grows the text; a matched route has this method
 * and its {..} segments put back into the pattern give the path exactly; an unmatched one says 404
 * or 405 and holds no segments; query problems are terminated messages. */
#include <string.h>

#include "common/xy_alloc.h"
#include "fuzz_check.h"
#include "server/server_int.h"

/* The decoder is xy_url_unescape() in src/server/router.c, the one libmicrohttpd calls. */

static void check_match(const struct xy_route *route, const char *method, char **params, int nparams,
                        const char *path)
{
    const char *p = route->pattern, *u = path;
    int i = 0;
    FUZZ_CHECK(strcmp(route->method, method) == 0);
    FUZZ_CHECK(nparams >= 0 && nparams <= XY_MAX_PARAMS);
    while (*p) {
        if (*p == '{') {
            FUZZ_CHECK(i < nparams);
            const char *seg = params[i++];
            size_t l = strlen(seg);
            FUZZ_CHECK(l >= 1 && l <= 128 && !strchr(seg, '/'));
            FUZZ_CHECK(strncmp(u, seg, l) == 0);
            u += l;
            p = strchr(p, '}') + 1;
            continue;
        }
        FUZZ_CHECK(*u == *p);
        p++;
        u++;
    }
    FUZZ_CHECK(*u == '\0' && i == nparams);
}

static void check_query(const struct xy_route *route, char *query)
{
    struct xy_query_check qc = {0};
    char problem[256];
    int rc = 0;
    memset(problem, 0x55, sizeof problem);
    for (char *seg = query; seg && rc == 0;) {
        char *amp = strchr(seg, '&');
        if (amp)
            *amp = '\0';
        for (char *c = seg; *c; c++)
            if (*c == '+')
                *c = ' ';
        char *eq = strchr(seg, '=');
        if (eq)
            *eq = '\0';
        size_t kl = xy_url_unescape(seg);
        FUZZ_CHECK(kl == strlen(seg));
        if (eq) {
            size_t vl = xy_url_unescape(eq + 1);
            FUZZ_CHECK(vl == strlen(eq + 1));
        }
        rc = xy_query_arg(&qc, route, seg, eq ? eq + 1 : NULL, problem, sizeof problem);
        FUZZ_CHECK(rc == 0 || rc == -1);
        seg = amp ? amp + 1 : NULL;
    }
    FUZZ_CHECK(qc.nseen >= 0 && qc.nseen <= 16);
    if (rc) {
        FUZZ_CHECK(memchr(problem, '\0', sizeof problem) != NULL);
        fuzz_touch(problem, strlen(problem));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const methods[] = {"GET", "POST", "PUT", "DELETE", "HEAD", "PATCH"};
    char *params[XY_MAX_PARAMS] = {0};
    int nparams = 0, status = -1;
    if (size < 1)
        return 0;
    const char *method = methods[data[0] % 6];
    const char *target = (const char *)data + 1;
    size_t n = strnlen(target, size - 1);
    char *url = malloc(n + 1);
    if (!url)
        return 0;
    memcpy(url, target, n);
    url[n] = '\0';
    char *query = strchr(url, '?');
    if (query)
        *query++ = '\0';

    size_t before = strlen(url);
    size_t after = xy_url_unescape(url);
    FUZZ_CHECK(after == strlen(url) && after <= before);

    if (after <= XY_MAX_URL) {
        const struct xy_route *route = xy_route_find(method, url, params, &nparams, &status);
        if (route) {
            FUZZ_CHECK(status == 0);
            check_match(route, method, params, nparams, url);
            if (query)
                check_query(route, query);
        } else {
            FUZZ_CHECK(status == 404 || status == 405);
            FUZZ_CHECK(nparams == 0);
            for (int i = 0; i < XY_MAX_PARAMS; i++)
                FUZZ_CHECK(params[i] == NULL);
        }
    }
    for (int i = 0; i < nparams; i++)
        xy_free(params[i]);
    free(url);
    return 0;
}
