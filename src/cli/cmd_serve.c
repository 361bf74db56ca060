/* SPDX-License-Identifier: Apache-2.0 */
/* xinyong serve: the HTTP API. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/exchange.h"
#include "cli/cli.h"
#include "cli/i18n.h"
#include "server/server.h"

static int number(const char *s, long min, long max, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

int xy_cmd_serve(int argc, char **argv)
{
    static const struct option opts[] = {{"port", required_argument, NULL, 'p'},
                                         {"bind", required_argument, NULL, 'b'},
                                         {"threads", required_argument, NULL, 't'},
                                         {"web", required_argument, NULL, 'w'},
                                         {"access-log", required_argument, NULL, 'l'},
                                         {"access-log-buffer-kib", required_argument, NULL, 'L'},
                                         {"no-cache", no_argument, NULL, 'N'},
                                         {"max-batch-mib", required_argument, NULL, 'm'},
                                         {"search-rate", required_argument, NULL, 'r'},
                                         {"exchange-rate", required_argument, NULL, 'E'},
                                         {"request-timeout", required_argument, NULL, 'T'},
                                         {"body-budget-mib", required_argument, NULL, 'B'},
                                         {"client-body-budget-mib", required_argument, NULL, 'C'},
                                         {"backup-dir", required_argument, NULL, 'D'},
                                         {"backup-keep", required_argument, NULL, 'K'},
                                         {"trusted-proxy", required_argument, NULL, 'P'},
                                         {"secure-cookies", no_argument, NULL, 'S'},
                                         {"session-idle", required_argument, NULL, 'I'},
                                         {"session-max", required_argument, NULL, 'A'},
                                         {"sendmail", required_argument, NULL, 'M'},
                                         {"db-read", required_argument, NULL, 'R'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    struct xy_server_opts o;
    long v;
    int c;
    xy_server_opts_init(&o);
    while ((c = getopt_long(argc, argv, "p:b:t:w:l:L:Nm:r:E:T:B:C:D:K:P:SI:A:M:R:h", opts, NULL)) != -1) {
        switch (c) {
        case 'p':
            if (number(optarg, 0, 65535, &v)) {
                xy_cli_error("serve", "--port takes 0 to 65535");
                return XY_EXIT_USAGE;
            }
            o.port = (int)v;
            break;
        case 'b': o.bind = optarg; break;
        case 't':
            if (number(optarg, 1, 64, &v)) {
                xy_cli_error("serve", "--threads takes 1 to 64");
                return XY_EXIT_USAGE;
            }
            o.threads = (int)v;
            break;
        case 'w': o.web_dir = optarg; break;
        case 'l': o.access_log = optarg; break;
        case 'L':
            if (number(optarg, 0, 16384, &v)) {
                xy_cli_error("serve", "--access-log-buffer-kib takes 0 (each line written at once) to 16384");
                return XY_EXIT_USAGE;
            }
            o.access_log_buffer = (size_t)v << 10;
            break;
        case 'N': o.no_cache = 1; break;
        case 'm':
            if (number(optarg, 1, 1024, &v)) {
                xy_cli_error("serve", "--max-batch-mib takes 1 to 1024");
                return XY_EXIT_USAGE;
            }
            o.max_batch_body = (size_t)v << 20;
            break;
        case 'r':
            if (number(optarg, 0, 100000, &v)) {
                xy_cli_error("serve", "--search-rate takes 0 (unlimited) to 100000 requests a second");
                return XY_EXIT_USAGE;
            }
            o.search_rate = (double)v;
            o.search_burst = (double)(v * 2);
            break;
        case 'E':
            if (number(optarg, 0, 100000, &v)) {
                xy_cli_error("serve", "--exchange-rate takes 0 (unlimited) to 100000 batches a second");
                return XY_EXIT_USAGE;
            }
            o.exchange_rate = (double)v;
            o.exchange_burst = (double)(v * 2);
            break;
        case 'T':
            if (number(optarg, 1, 3600, &v)) {
                xy_cli_error("serve", "--request-timeout takes 1 to 3600 seconds");
                return XY_EXIT_USAGE;
            }
            o.request_timeout = (int)v;
            break;
        case 'B':
        case 'C':
            if (number(optarg, 1, 65536, &v)) {
                xy_cli_error("serve", "--%s takes 1 to 65536", c == 'B' ? "body-budget-mib" : "client-body-budget-mib");
                return XY_EXIT_USAGE;
            }
            *(c == 'B' ? &o.body_budget : &o.client_body_budget) = (size_t)v << 20;
            break;
        case 'D': o.backup_dir = optarg; break;
        case 'K':
            if (number(optarg, 1, 3650, &v)) {
                xy_cli_error("serve", "--backup-keep takes 1 to 3650 copies");
                return XY_EXIT_USAGE;
            }
            o.backup_keep = (int)v;
            break;
        case 'P': o.trusted_proxy = optarg; break;
        case 'R':
            if (!xy_app_is_server(optarg)) {
                xy_cli_error("serve", "--db-read takes the address of a PostgreSQL streaming replica "
                                      "(postgresql://...)");
                return XY_EXIT_USAGE;
            }
            o.db_read = optarg;
            break;
        case 'S': o.secure_cookies = 1; break;
        case 'M':
            if (optarg[0] != '/' || access(optarg, X_OK) != 0) {
                xy_cli_error("serve", "--sendmail takes the absolute path of a program this user can run");
                return XY_EXIT_USAGE;
            }
            o.sendmail = optarg;
            break;
        case 'I':
        case 'A':
            if (number(optarg, 60, 7 * 86400, &v)) {
                xy_cli_error("serve", "--%s takes 60 to 604800 seconds", c == 'I' ? "session-idle" : "session-max");
                return XY_EXIT_USAGE;
            }
            *(c == 'I' ? &o.session_idle : &o.session_absolute) = (int)v;
            break;
        case 'h':
            printf(_("usage: xinyong serve [--port 8080] [--bind 127.0.0.1] [--threads N] [--web DIR]\n"
                   "                     [--access-log FILE|-|off] [--access-log-buffer-kib 64]\n"
                   "                     [--max-batch-mib 64] [--search-rate 20]\n"
                   "                     [--exchange-rate 100]\n"
                   "                     [--request-timeout 60] [--body-budget-mib N] [--client-body-budget-mib N]\n"
                   "                     [--backup-dir DIR [--backup-keep 7]]\n"
                   "                     [--trusted-proxy ADDR[,ADDR]] [--secure-cookies]\n"
                   "                     [--session-idle 1800] [--session-max 43200] [--no-cache]\n"
                   "                     [--sendmail PATH] [--db-read postgresql://...]\n\n"
                   "Serves the HTTP API (/api/v1, /healthz, /metrics) and the portal's static files from DIR\n"
                   "(default ./web). One JSON line per request goes to the access log (default stdout; off: none).\n"
                   "SIGTERM or SIGINT stops it gracefully: no new connections, requests in flight finish.\n"
                   "SIGHUP opens the --access-log file again by its name (after logrotate renamed it).\n"
                   "Lines for a file are kept --access-log-buffer-kib a worker thread and written within a\n"
                   "second (0: each at once): a SIGKILL loses at most the last second of lines; SIGTERM,\n"
                   "SIGINT and SIGHUP write them all first.\n"
                   "A client has --request-timeout seconds to send a whole request (30 s idle at most).\n"
                   "Request bodies being received may hold --body-budget-mib in all (default four times\n"
                   "--max-batch-mib) and --client-body-budget-mib from one address (default twice it);\n"
                   "past that a body is refused with 503 and Retry-After before it is read.\n"
                   "A lower platform may send --exchange-rate batches a second to /api/v1/exchange/inbound\n"
                   "(twice that in a burst); past that it is answered 429 with Retry-After.\n"
                   "With --backup-dir, a copy of the database is taken into DIR at start and on each new day\n"
                   "(DIR/xinyong-YYYY-MM-DD.db, as `xinyong backup` takes it) and the newest --backup-keep\n"
                   "are kept; the key file is never in them.\n"
                   "With --trusted-proxy, a request whose TCP peer is a listed address takes its client address\n"
                   "from X-Forwarded-For (the right-most entry that is not a listed proxy) and its scheme from\n"
                   "X-Forwarded-Proto, for the rate limits, sign-in throttling and the access log.\n"
                   "Staff sessions end after --session-idle seconds without a request and --session-max seconds\n"
                   "after sign-in; their cookie is Secure over https through the proxy, or always with\n"
                   "--secure-cookies.\n"
                   "Public answers are kept per worker thread until the data change; --no-cache computes\n"
                   "each one again (to measure the lookups without it).\n"
                   "With --sendmail (e.g. /usr/sbin/sendmail), the activation code of an approved subject's\n"
                   "application is also mailed to the address the applicant gave; it is never logged.\n"
                   "With --db-read (the database being postgresql://...), public reads go to that streaming\n"
                   "replica and writes to the primary (--db); a principal that wrote reads on the primary until\n"
                   "the replica has replayed its writes. While no primary answers, reads go on from the replica\n"
                   "and writes are answered 503 with Retry-After; the server reconnects by itself\n"
                   "(docs/deploy/postgres-ha.md).\n"));
            return XY_EXIT_OK;
        default: return XY_EXIT_USAGE;
        }
    }
    if (optind != argc) {
        xy_cli_error("serve", "unexpected argument %s", argv[optind]);
        return XY_EXIT_USAGE;
    }
    if (o.backup_dir && access(o.backup_dir, W_OK) != 0) {
        xy_cli_error("serve", "--backup-dir %s is not a directory this user can write to", o.backup_dir);
        return XY_EXIT_USAGE;
    }
    o.db_path = xy_cli_db_path();
    if (o.db_read && !xy_app_is_server(o.db_path)) {
        xy_cli_error("serve", "--db-read needs the database (--db) on a PostgreSQL primary (postgresql://...), "
                              "not a SQLite file");
        return XY_EXIT_USAGE;
    }
    o.clock = xy_cli_clock();
    struct xy_error err = {0};
    /* The exchange sender pushes to the upper platforms while the server runs (app/exchange.h). */
    struct xy_exchange_sender *sender = xy_exchange_sender_start(o.db_path, o.clock);
    if (!sender)
        xy_cli_error("serve", "the exchange sender cannot start: changes are not pushed");
    int rc = xy_server_run(&o, &err);
    xy_exchange_sender_stop(sender);
    if (rc) {
        xy_cli_error("serve", "%s", err.msg);
        return XY_EXIT_INVALID;
    }
    return XY_EXIT_OK;
}
