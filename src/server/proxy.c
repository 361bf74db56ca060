/* SPDX-License-Identifier: Apache-2.0 */
/* The trusted proxy (serve --trusted-proxy): when the TCP peer is a listed proxy, the client is the
 * right-most address of X-Forwarded-For that is not itself a listed proxy, and the scheme is what
 * X-Forwarded-Proto says. From any other peer both headers are ignored: anyone can write them. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "server/server_int.h"

/* The address in text as inet_ntop writes it (so "::ffff:1.2.3.4" and "1.2.3.4" stay apart, as the
 * peer's own text does), or -1 when s is not an address. */
static int canonical(const char *s, size_t n, char out[XY_ADDR_SIZE])
{
    char tmp[XY_ADDR_SIZE];
    unsigned char bin[16];
    if (n == 0 || n >= sizeof tmp)
        return -1;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    if (inet_pton(AF_INET, tmp, bin) == 1)
        return inet_ntop(AF_INET, bin, out, XY_ADDR_SIZE) ? 0 : -1;
    if (inet_pton(AF_INET6, tmp, bin) == 1)
        return inet_ntop(AF_INET6, bin, out, XY_ADDR_SIZE) ? 0 : -1;
    return -1;
}

int xy_proxy_parse(const char *list, struct xy_proxies *out, struct xy_error *err)
{
    memset(out, 0, sizeof *out);
    if (!list || !*list)
        return XY_OK;
    const char *p = list;
    while (*p) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        while (n && (*p == ' ')) {
            p++;
            n--;
        }
        while (n && p[n - 1] == ' ')
            n--;
        if (out->n == XY_MAX_PROXIES)
            return xy_error_set(err, XY_EINVAL, "--trusted-proxy 至多列出 %d 个地址 (--trusted-proxy lists at most %d "
                                "addresses)", XY_MAX_PROXIES, XY_MAX_PROXIES);
        if (canonical(p, n, out->addr[out->n]) != 0)
            return xy_error_set(err, XY_EINVAL, "--trusted-proxy：%.*s 不是 IP 地址 (--trusted-proxy: %.*s is not an "
                                "IP address)", (int)(n > 64 ? 64 : n), p, (int)(n > 64 ? 64 : n), p);
        out->n++;
        p += n;
        while (*p == ' ')
            p++;
        if (*p == ',')
            p++;
    }
    return XY_OK;
}

static int listed(const struct xy_proxies *p, const char *addr)
{
    for (int i = 0; i < p->n; i++)
        if (strcmp(p->addr[i], addr) == 0)
            return 1;
    return 0;
}

void xy_proxy_client(const struct xy_proxies *p, const char *peer, const char *xff, const char *proto, char *client,
                     size_t size, int *tls)
{
    snprintf(client, size, "%s", peer);
    *tls = 0;
    if (!p->n || !listed(p, peer))
        return;
    if (proto)
        *tls = strcmp(proto, "https") == 0;
    if (!xff)
        return;
    /* From the right: each hop appends the address it received from; the first one that is not a
     * proxy of ours is the client, whatever the client wrote to its left. */
    size_t end = strlen(xff);
    while (end > 0) {
        size_t start = end;
        while (start > 0 && xff[start - 1] != ',')
            start--;
        size_t a = start, b = end;
        while (a < b && (xff[a] == ' ' || xff[a] == '\t'))
            a++;
        while (b > a && (xff[b - 1] == ' ' || xff[b - 1] == '\t'))
            b--;
        char addr[XY_ADDR_SIZE];
        if (canonical(xff + a, b - a, addr) != 0)
            return; /* not an address: keep the proxy's own, rather than trust what is left of it */
        if (!listed(p, addr)) {
            snprintf(client, size, "%s", addr);
            return;
        }
        end = start ? start - 1 : 0;
    }
}
