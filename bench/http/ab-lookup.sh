#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Two builds of the server, side by side, on the public lookup (GET /api/v1/subjects/{uscc}): each round
# runs A then B, each on its own database, with wrk as in run.sh (64 connections, 2 threads, a warm-up
# first), and prints the requests a second and the server's CPU time per request. Alternating in rounds
# makes load from elsewhere on the machine fall on both alike; the medians and their ratio are what to
# read. The answers are cached, so this measures the request path around the cache; run.sh measures the
# whole set of routes against nginx.
#
# usage: bench/http/ab-lookup.sh BIN_A DB_A BIN_B DB_B USCC_LIST [ROUNDS] [SECONDS]
#   e.g. bench/http/ab-lookup.sh /tmp/xy-old /tmp/old.db build/xinyong bench/data/http/city-1000000/xinyong.db \
#        bench/data/http/city-1000000/bench-http-uscc.txt 5 10
# XY_SERVE_ARGS adds options to both servers (e.g. --no-cache, to measure the lookups that miss the cache,
# with USCC_LIST every subject of the database).
# Each database must already be at its binary's schema (run `init` and `maintain` with that binary first):
# nothing is migrated or expired while measuring.
set -euo pipefail
[ $# -ge 5 ] || { sed -n '9,11p' "$0" >&2; exit 2; }
BIN_A=$1 DB_A=$2 BIN_B=$3 DB_B=$4 LIST=$5 ROUNDS=${6:-5} SECS=${7:-10}
HERE=$(cd "$(dirname "$0")" && pwd)
export XY_TODAY=${XY_TODAY:-2026-11-28}
T=$(mktemp -d /tmp/xy-ab.XXXXXX)
SPID=""
trap '[ -n "$SPID" ] && kill -INT "$SPID" 2>/dev/null; rm -rf "$T"' EXIT
HZ=$(getconf CLK_TCK)

one() { # NAME BIN DB: prints "rps cpu_us_per_request"
    local bin=$2 db=$3 port="" i c0 c1 line req
    "$bin" --db "$db" serve --port 0 --bind 127.0.0.1 --threads 2 --search-rate 0 --access-log /dev/null \
        ${XY_SERVE_ARGS:-} >"$T/serve.out" 2>"$T/serve.err" &
    SPID=$!
    for i in $(seq 1 100); do
        port=$(sed -n 's/^port \([0-9]*\)$/\1/p' "$T/serve.out")
        [ -n "$port" ] && break
        sleep 0.1
    done
    [ -n "$port" ] || { cat "$T/serve.err" >&2; exit 1; }
    local env=(XY_WRK_MODE=list XY_WRK_PREFIX=/api/v1/subjects/ "XY_WRK_LIST=$LIST")
    env "${env[@]}" wrk -t2 -c64 -d5s -s "$HERE/xy.lua" "http://127.0.0.1:$port" >/dev/null 2>&1
    c0=$(awk '{ print $14 + $15 }' "/proc/$SPID/stat")
    line=$(env "${env[@]}" wrk -t2 -c64 -d"${SECS}s" -s "$HERE/xy.lua" "http://127.0.0.1:$port" 2>&1 | grep -m1 '^xy-result')
    c1=$(awk '{ print $14 + $15 }' "/proc/$SPID/stat")
    kill -INT "$SPID"
    wait "$SPID" 2>/dev/null || true
    SPID=""
    req=$(echo "$line" | sed 's/.*requests=\([0-9]*\).*/\1/')
    awk -v l="$line" -v c="$((c1 - c0))" -v hz="$HZ" -v r="$req" \
        'BEGIN { split(l, a, " rps="); split(a[2], b, " "); printf "%.0f %.2f\n", b[1], c / hz * 1e6 / r }'
}

echo "A: $BIN_A on $DB_A"
echo "B: $BIN_B on $DB_B"
echo "$ROUNDS rounds of ${SECS} s each (after a 5 s warm-up), wrk -t2 -c64, server --threads 2; load $(cut -d' ' -f1-3 /proc/loadavg)"
: >"$T/a"
: >"$T/b"
for r in $(seq 1 "$ROUNDS"); do
    a=$(one A "$BIN_A" "$DB_A")
    b=$(one B "$BIN_B" "$DB_B")
    echo "$a" >>"$T/a"
    echo "$b" >>"$T/b"
    printf 'round %d: A %7s req/s %6s us/req   B %7s req/s %6s us/req   (load %s)\n' "$r" $a $b \
        "$(cut -d' ' -f1 /proc/loadavg)"
done
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
ra=$(cut -d' ' -f1 "$T/a" | median) rb=$(cut -d' ' -f1 "$T/b" | median)
ca=$(cut -d' ' -f2 "$T/a" | median) cb=$(cut -d' ' -f2 "$T/b" | median)
echo "median: A $ra req/s, $ca us CPU/req; B $rb req/s, $cb us CPU/req; B/A: $(awk -v a="$ra" -v b="$rb" \
    'BEGIN { printf "%.3f", b / a }') req/s, $(awk -v a="$ca" -v b="$cb" 'BEGIN { printf "%.3f", b / a }') CPU/req"
