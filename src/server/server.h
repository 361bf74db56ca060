/* SPDX-License-Identifier: Apache-2.0 */
/* The HTTP API server (libmicrohttpd): `xinyong serve`. */
#ifndef XY_SERVER_H
#define XY_SERVER_H

#include <stddef.h>

#include "common/xy_clock.h"
#include "common/xy_error.h"

struct xy_server_opts {
    const char *db_path;
    /* A streaming replica of db_path for reads ("postgresql://..."), NULL: none. Public reads go
     * there; a writer's reads go to the primary until the replica has replayed its writes. */
    const char *db_read;
    const char *bind;      /* address to listen on, default 127.0.0.1 */
    int port;              /* default 8080; 0 picks a free port (printed on stdout) */
    int threads;           /* worker threads, default 2 */
    size_t max_batch_body; /* bytes, default 64 MiB */
    size_t max_body;       /* other bodies, default 1 MiB */
    /* Bytes that bodies in flight may hold in all, and from one client address; 0: four and two
     * times max_batch_body (256 and 128 MiB by default). Each must hold the largest body allowed. */
    size_t body_budget;
    size_t client_body_budget;
    double search_rate;    /* public search requests per second per client IP, default 20 */
    double search_burst;   /* bucket size, default 40 */
    double exchange_rate;  /* batches per second a lower platform may send, default 100 */
    double exchange_burst; /* bucket size, default 200 */
    unsigned per_ip_conn;  /* connections per client IP, default 64 */
    const char *web_dir;   /* static files, default "web" when it exists */
    const char *access_log; /* file for the access log, "-" = stdout (default), "off" = none */
    /* Bytes of access log lines a worker thread keeps before writing them to a file (written at the
     * latest a second later), default 64 KiB; 0: each line written at once. */
    size_t access_log_buffer;
    int no_cache;           /* public answers computed for every request, never kept (measuring) */
    int request_timeout;    /* seconds to receive a whole request, default 60 */
    const struct xy_clock *clock; /* the platform's time (borrowed for the server's life); NULL: real */
    const char *backup_dir; /* a copy of the database a day into it (app/backup.h); NULL: none */
    int backup_keep;        /* the newest daily copies kept, default 7 */
    /* Proxies in front ("ADDR[,ADDR]", NULL: none): from them the client's address is taken from
     * X-Forwarded-For and the scheme from X-Forwarded-Proto (server/proxy.c). */
    const char *trusted_proxy;
    int secure_cookies;    /* session cookies always carry Secure (else: when a trusted proxy says https) */
    const char *sendmail;  /* mails activation codes to applicants when set (app/application.h) */
    int session_idle;      /* seconds, default 1800 */
    int session_absolute;  /* seconds, default 43200 */
};

void xy_server_opts_init(struct xy_server_opts *o);

/* Serves until SIGTERM or SIGINT, then stops accepting, finishes the requests in flight and closes
 * the database. Returns XY_OK after a clean shutdown. */
int xy_server_run(const struct xy_server_opts *o, struct xy_error *err);

#endif
