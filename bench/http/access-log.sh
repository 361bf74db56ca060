#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# What the access log costs a request, xinyong's against nginx's (issue 21: "no more per request than
# nginx's buffered access_log"). In ROUNDS rounds, each of these runs SECONDS under wrk (2 threads, 64
# connections, after a 3 s warm-up), one after the other so that load from elsewhere falls on all alike:
#   nginx-off        nginx serving a static 1 KB file, access_log off
#   nginx-buffered   the same with access_log to a file, buffer=64k flush=1s, in a JSON line of the same
#                    fields as xinyong's (time, method, path, status, duration, client: as many bytes)
#   xy-off           xinyong's public lookup (GET /api/v1/subjects/{uscc}, USCC_LIST drawn at random: the
#                    answers are cached, so the log is a large part of what is left), --access-log off
#   xy-buffered      the same, log to a file, buffered (the default: 64 KiB a worker thread, a second)
#   xy-direct        the same, log to a file, a write() per line (--access-log-buffer-kib 0)
# Prints each run's requests/s and server CPU time a request (all of nginx's processes), the medians,
# and the log's cost a request: nginx-buffered - nginx-off, and xy-buffered / xy-direct - xy-off.
# usage: bench/http/access-log.sh BIN DB USCC_LIST [ROUNDS] [SECONDS]
#   e.g. bench/http/access-log.sh build/xinyong bench/data/http/city-1000000/xinyong.db \
#        bench/data/http/city-1000000/bench-http-uscc.txt 5 10
# The database must be at the binary's schema (run `init` and `maintain` with it first).
set -euo pipefail
[ $# -ge 3 ] || { sed -n '15,17p' "$0" >&2; exit 2; }
BIN=$1 DB=$2 LIST=$3 ROUNDS=${4:-5} SECS=${5:-10}
HERE=$(cd "$(dirname "$0")" && pwd)
export XY_TODAY=${XY_TODAY:-2026-11-28}
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
T=$(mktemp -d /tmp/xy-alog.XXXXXX)
PIDS=""
trap 'for p in $PIDS; do kill -TERM "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$T"' EXIT
HZ=$(getconf CLK_TCK)
mkdir -p "$T/www" "$T/nginx"
head -c 1000 /dev/zero | tr '\0' x | awk '{ printf "{\"pad\":\"%s\"}\n", substr($0, 1, 1012) }' >"$T/www/static.json"

cpu_ticks() { # PID...: utime + stime of each, summed
    local p s=0
    for p in "$@"; do s=$((s + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0))); done
    echo "$s"
}
measure() { # URL WRKENV... -- PIDS...: prints "rps cpu_us_per_request"
    local url=$1 env=() pids=() line c0 c1 req
    shift
    while [ "$1" != -- ]; do env+=("$1"); shift; done
    shift
    pids=("$@")
    env "${env[@]}" wrk -t2 -c64 -d3s -s "$HERE/xy.lua" "$url" >/dev/null 2>&1
    c0=$(cpu_ticks "${pids[@]}")
    line=$(env "${env[@]}" wrk -t2 -c64 -d"${SECS}s" -s "$HERE/xy.lua" "$url" 2>&1 | grep -m1 '^xy-result')
    c1=$(cpu_ticks "${pids[@]}")
    req=$(echo "$line" | sed 's/.*requests=\([0-9]*\).*/\1/')
    awk -v l="$line" -v c="$((c1 - c0))" -v hz="$HZ" -v r="$req" -v s="$SECS" \
        'BEGIN { printf "%.0f %.2f\n", r / s, c / hz * 1e6 / r }'
}
free_port() {
    local p
    while :; do
        p=$((20000 + RANDOM % 40000))
        [ -z "$(ss -Htln "sport = :$p" 2>/dev/null)" ] && { echo "$p"; return; }
    done
}
nginx_run() { # LOGLINE: prints "rps cpu"
    local port conf=$T/nginx/nginx.conf master
    port=$(free_port)
    rm -f "$T/nginx/access.log"
    cat >"$conf" <<EOF
$([ "$(id -u)" = 0 ] && echo "user $(id -un) $(id -gn);")
worker_processes 2;
daemon off;
pid $T/nginx/nginx.pid;
error_log $T/nginx/error.log warn;
events { worker_connections 1024; }
http {
    $1
    default_type application/json;
    open_file_cache max=100 inactive=60s;
    client_body_temp_path $T/nginx/body;
    proxy_temp_path $T/nginx/proxy;
    fastcgi_temp_path $T/nginx/fastcgi;
    uwsgi_temp_path $T/nginx/uwsgi;
    scgi_temp_path $T/nginx/scgi;
    server { listen 127.0.0.1:$port; root $T/www; }
}
EOF
    "$NGINX" -p "$T/nginx" -c "$conf" -e "$T/nginx/error.log" &
    master=$!
    PIDS="$PIDS $master"
    for _ in $(seq 1 100); do curl -fsS -o /dev/null "http://127.0.0.1:$port/static.json" 2>/dev/null && break; sleep 0.1; done
    # shellcheck disable=SC2046
    measure "http://127.0.0.1:$port/static.json" XY_WRK_MODE=static -- "$master" $(pgrep -P "$master")
    kill -TERM "$master"
    wait "$master" 2>/dev/null || true
    [ -s "$T/nginx/access.log" ] && head -n 1 "$T/nginx/access.log" >"$T/nginx-line"
    return 0
}
xy_run() { # LOGFILE BUFFER_KIB: prints "rps cpu"
    local pid port=""
    rm -f "$T/xy-access.log"
    "$BIN" --db "$DB" serve --port 0 --bind 127.0.0.1 --threads 2 --search-rate 0 --access-log "$1" \
        --access-log-buffer-kib "$2" >"$T/serve.out" 2>"$T/serve.err" &
    pid=$!
    PIDS="$PIDS $pid"
    for _ in $(seq 1 100); do
        port=$(sed -n 's/^port \([0-9]*\)$/\1/p' "$T/serve.out")
        [ -n "$port" ] && break
        sleep 0.1
    done
    [ -n "$port" ] || { cat "$T/serve.err" >&2; exit 1; }
    measure "http://127.0.0.1:$port" XY_WRK_MODE=list XY_WRK_PREFIX=/api/v1/subjects/ "XY_WRK_LIST=$LIST" -- "$pid"
    kill -INT "$pid"
    wait "$pid" 2>/dev/null || true
    [ -s "$T/xy-access.log" ] && head -n 1 "$T/xy-access.log" >"$T/xy-line"
    return 0
}

RUNS="nginx-off nginx-buffered xy-off xy-buffered xy-direct"
echo "$ROUNDS rounds of ${SECS} s a run, wrk -t2 -c64; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq 1 "$ROUNDS"); do
    for run in $RUNS; do
        case $run in
            nginx-off) v=$(nginx_run "access_log off;") ;;
            nginx-buffered) v=$(nginx_run "log_format xy escape=json '{\"time\":\"\$time_iso8601\",\"method\":\"\$request_method\",\"route\":\"\$uri\",\"status\":\$status,\"duration\":\$request_time,\"key\":0,\"role\":\"public\",\"client\":\"\$remote_addr\"}';
    access_log $T/nginx/access.log xy buffer=64k flush=1s;") ;;
            xy-off) v=$(xy_run off 0) ;;
            xy-buffered) v=$(xy_run "$T/xy-access.log" 64) ;;
            xy-direct) v=$(xy_run "$T/xy-access.log" 0) ;;
        esac
        echo "$v" >>"$T/$run"
        printf 'round %d %-15s %8s req/s %7s us CPU/req (load %s)\n' "$r" "$run" $v "$(cut -d' ' -f1 /proc/loadavg)"
    done
done
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
for run in $RUNS; do
    printf '%-15s median %8s req/s %7s us CPU/req\n' "$run" "$(cut -d' ' -f1 "$T/$run" | median)" \
        "$(cut -d' ' -f2 "$T/$run" | median)"
done
m() { cut -d' ' -f2 "$T/$1" | median; }
awk -v no="$(m nginx-off)" -v nb="$(m nginx-buffered)" -v xn="$(m xy-off)" -v xb="$(m xy-buffered)" \
    -v xd="$(m xy-direct)" 'BEGIN {
    printf "the log a request (CPU): nginx buffered %+.2f us; xinyong buffered %+.2f us, a write() a line %+.2f us\n",
        nb - no, xb - xn, xd - xn }'
for f in nginx-line xy-line; do
    [ -s "$T/$f" ] && printf '%s (%d bytes): %s\n' "$f" "$(wc -c <"$T/$f")" "$(cat "$T/$f")"
done
