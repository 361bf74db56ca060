/* SPDX-License-Identifier: Apache-2.0 */
/* Static files of the portal from the web root. The path is resolved with realpath() and must stay
 * inside the root: "..", encoded dots (decoded by libmicrohttpd before we see them) and symbolic
 * links out of the root all end as 404. */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server/server_int.h"

static const char *mime(const char *path)
{
    static const char *const types[][2] = {
        {".html", "text/html; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"}, {".json", "application/json"},
        {".webmanifest", "application/manifest+json"},
        {".svg", "image/svg+xml"}, {".png", "image/png"}, {".ico", "image/x-icon"},
        {".woff2", "font/woff2"}, {".txt", "text/plain; charset=utf-8"}};
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof *types; i++)
        if (strcmp(dot, types[i][0]) == 0)
            return types[i][1];
    return "application/octet-stream";
}

void xy_static_serve(struct xy_server *srv, const char *url, struct xy_resp *rs)
{
    char want[PATH_MAX], real[PATH_MAX];
    struct stat sb;
    size_t rootlen = strlen(srv->web_root);
    if (!rootlen || strlen(url) > 512 || strstr(url, "..") || url[0] != '/') {
        xy_resp_problem(rs, 404, "Not Found", "没有此页面 (no such page)");
        return;
    }
    snprintf(want, sizeof want, "%s%s%s", srv->web_root, url, url[strlen(url) - 1] == '/' ? "index.html" : "");
    if (!realpath(want, real) || strncmp(real, srv->web_root, rootlen) != 0 || real[rootlen] != '/' ||
        stat(real, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        xy_resp_problem(rs, 404, "Not Found", "没有此页面 (no such page)");
        return;
    }
    int fd = open(real, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        xy_resp_problem(rs, 404, "Not Found", "没有此页面 (no such page)");
        return;
    }
    rs->fd = fd;
    rs->fd_size = (uint64_t)sb.st_size;
    rs->status = 200;
    rs->ctype = mime(real);
}
