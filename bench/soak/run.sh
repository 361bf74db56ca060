#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Soak: `xinyong serve` on loopback under wrk for MINUTES (default 3) with a mix of lookups, searches,
# board pages and batch submissions (bench/soak/soak.lua), while two more clients misbehave: one
# connects and sends nothing, one sends a request one byte a second. Reports: requests and their
# statuses (zero 5xx and zero failed requests wanted), latency, the server's resident memory and open
# file descriptors (from /proc/PID) at the start, after a warm-up minute, every 30 s and at the end,
# and when each misbehaving client was cut off. Exits 1 on any 5xx, failed request, descriptor leak,
# or a slow client never cut off. Outside the test gate: `make soak` (SOAK_MINUTES=3).
#
# usage: XY_BIN=build/xinyong bench/soak/run.sh [MINUTES]
#   SOAK_SUBJECTS  demo subjects to load first (default 2000)   SOAK_CONNS  wrk connections (default 16)
#   SOAK_THREADS   server threads (default 2)                    SOAK_BATCH_ROWS  rows a batch (default 20)
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
MINUTES=${1:-3}
XY_BIN=${XY_BIN:-$ROOT/build/xinyong}
SUBJECTS=${SOAK_SUBJECTS:-2000}
CONNS=${SOAK_CONNS:-16}
THREADS=${SOAK_THREADS:-2}
ROWS=${SOAK_BATCH_ROWS:-20}
DEPT=11230500001755309F
case $MINUTES in '' | *[!0-9]*) echo "usage: $0 [MINUTES]" >&2; exit 2 ;; esac
[ -x "$XY_BIN" ] || { echo "soak: $XY_BIN not found: build first (make build)" >&2; exit 2; }
command -v wrk >/dev/null || { echo "soak: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "soak: sqlite3 is not installed" >&2; exit 2; }

T=$(mktemp -d /tmp/xy-soak.XXXXXX)
SPID=""
BG=""
cleanup() {
    for p in $BG; do kill "$p" 2>/dev/null || true; done
    [ -z "$SPID" ] || kill -KILL "$SPID" 2>/dev/null || true
    rm -rf "$T"
}
trap cleanup EXIT
export XINYONG_DB=$T/demo/xinyong.db
say() { printf 'soak: %s\n' "$*" >&2; }

# ---- data: the demo data set, a department key, lists for the Lua script ----
say "loading $SUBJECTS demo subjects"
"$ROOT/scripts/make-demo" "$XY_BIN" "$T/demo" "$SUBJECTS" >"$T/make-demo.log" 2>&1 ||
    { cat "$T/make-demo.log" >&2; exit 1; }
"$XY_BIN" dept add "$DEPT" 武汉市市场监督管理局 >/dev/null
KEY=$("$XY_BIN" key create --role department --dept "$DEPT" --name soak | tail -n 1)
sqlite3 "$XINYONG_DB" "SELECT uscc FROM subject WHERE uscc IS NOT NULL AND kind = 'org' ORDER BY random() LIMIT 2000" >"$T/usccs"
# Name parts of two to four characters, cut from stored names.
sqlite3 "$XINYONG_DB" "SELECT substr(name, 1 + abs(random()) % (length(name) - 3), 2 + abs(random()) % 3)
    FROM subject WHERE kind = 'org' AND length(name) >= 6 ORDER BY random() LIMIT 2000" >"$T/names"
awk -v n="$ROWS" 'BEGIN {
    split("91110000600037341L 91420684MA4927PJ7B 9144030071526726XG 91310115MA1K3BTP2B 91340600MA2PBM9HXD 91620105L015101280 913101127033980359 91230500MA1B3N1N2M", codes, " ");
    print "CF_XDR_MC,CF_XDR_LB,CF_XDR_SHXYM,CF_FRDB,CF_WSH,CF_WFXW,CF_SY,CF_YJ,CF_CFLB,CF_NR,CF_NR_FK,CF_JDRQ,CF_YXQ,CF_CFJG,CF_CFJGDM,CF_SJLY,CF_SJLYDM";
    for (i = 1; i <= n; i++) {
        c = codes[(i % 8) + 1];
        printf "浸泡测试%s有限公司,02,%s,张三,浸罚〔@DOC@〕%d号,违规经营,当事人违规经营的事实,《条例》第十条,罚款,罚款%d元,%d.%02d,2024-03-05,2024-04-05,武汉市市场监督管理局,11230500001755309F,武汉市市场监督管理局,11230500001755309F\n", c, c, i, i, i / 100, i % 100;
    }
}' >"$T/batch.csv"
records_before=$(sqlite3 "$XINYONG_DB" "SELECT count(*) FROM record")

# ---- the server ----
"$XY_BIN" serve --port 0 --threads "$THREADS" --search-rate 0 --access-log "$T/access.log" >"$T/serve.out" 2>"$T/serve.err" &
SPID=$!
PORT=""
for _ in $(seq 1 200); do
    PORT=$(sed -n 's/^port \([0-9][0-9]*\)$/\1/p' "$T/serve.out" 2>/dev/null || true)
    [ -z "$PORT" ] || break
    kill -0 "$SPID" 2>/dev/null || { cat "$T/serve.err" >&2; exit 1; }
    sleep 0.05
done
[ -n "$PORT" ] || { say "the server printed no port"; exit 1; }
URL=http://127.0.0.1:$PORT
for _ in $(seq 1 100); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/healthz" || true)" = 200 ] && break
    sleep 0.05
done

rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$SPID/status"; }
fds() { find "/proc/$SPID/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l | tr -d ' '; }
START_RSS=$(rss)
START_FDS=$(fds)
T0=$(date +%s)

# ---- resident memory and descriptors every 30 s ----
(
    while :; do
        sleep 30
        kill -0 "$SPID" 2>/dev/null || exit 0
        echo "$(($(date +%s) - T0)) $(rss) $(fds)" >>"$T/samples"
    done
) &
BG="$BG $!"

# ---- two misbehaving clients: when does the server cut them off? ----
LIMIT=$((MINUTES * 60))
(   # connects and sends nothing
    exec 3<>"/dev/tcp/127.0.0.1/$PORT"
    t=$(date +%s)
    rc=0
    read -r -t "$LIMIT" -u 3 _ || rc=$?
    if [ "$rc" -gt 128 ]; then echo "idle not-cut $LIMIT"; else echo "idle cut $(($(date +%s) - t))"; fi >"$T/idle"
) &
BG="$BG $!"
(   # one byte a second: a request line, then a header that never ends
    exec 3<>"/dev/tcp/127.0.0.1/$PORT"
    t=$(date +%s)
    printf 'GET /healthz HTTP/1.1\r\nHost: soak\r\nX-Slow: ' >&3
    result="slow not-cut $LIMIT"
    while [ $(($(date +%s) - t)) -lt "$LIMIT" ]; do
        printf 'x' >&3 2>/dev/null || { result="slow cut $(($(date +%s) - t))"; break; }
        rc=0
        read -r -t 1 -u 3 _ || rc=$? # doubles as the one-second pause; EOF when the server closes
        if [ "$rc" -le 128 ]; then result="slow cut $(($(date +%s) - t))"; break; fi
    done
    echo "$result" >"$T/slow"
) &
BG="$BG $!"

# ---- the load ----
say "wrk: $MINUTES min, $CONNS connections, server with $THREADS threads on $URL"
SOAK_USCCS=$T/usccs SOAK_NAMES=$T/names SOAK_BODY=$T/batch.csv SOAK_KEY=$KEY \
    wrk -t 2 -c "$CONNS" -d "${MINUTES}m" --timeout 10s --latency -s "$HERE/soak.lua" "$URL" >"$T/wrk.out" 2>&1 ||
    { cat "$T/wrk.out" >&2; exit 1; }
sleep 2 # the last connections close
END_RSS=$(rss)
END_FDS=$(fds)
END_WAL=$(stat -c %s "$XINYONG_DB-wal" 2>/dev/null || echo 0)
ELAPSED=$(($(date +%s) - T0))
for f in idle slow; do # both clients end by LIMIT at the latest
    for _ in $(seq 1 30); do [ -s "$T/$f" ] && break; sleep 1; done
done

# ---- the server stops cleanly; the database is whole ----
kill -TERM "$SPID"
set +e
wait "$SPID"
src=$?
set -e
SPID=""
integrity=$(sqlite3 "$XINYONG_DB" "PRAGMA integrity_check")
records_after=$(sqlite3 "$XINYONG_DB" "SELECT count(*) FROM record")

# ---- report ----
res=$(grep '^soak-result' "$T/wrk.out" || true)
[ -n "$res" ] || { cat "$T/wrk.out" >&2; exit 1; }
val() { printf '%s\n' "$res" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
failed=$(($(val connect_errors) + $(val read_errors) + $(val write_errors) + $(val timeouts)))
warm=$(awk '$1 >= 55 { print $2; exit }' "$T/samples" 2>/dev/null || true)
max_rss=$(awk 'BEGIN { m = 0 } $2 > m { m = $2 } END { print m }' "$T/samples" 2>/dev/null || echo 0)
[ "$END_RSS" -le "$max_rss" ] || max_rss=$END_RSS
echo
echo "soak: $MINUTES min ($ELAPSED s) of wrk -t2 -c$CONNS on a server with $THREADS threads, $SUBJECTS demo subjects"
echo "  requests: $(val requests) ($(val rps)/s): $(val 2xx) 2xx, $(val 4xx) 4xx, $(val 5xx) 5xx, $failed failed" \
    "(connect $(val connect_errors), read $(val read_errors), write $(val write_errors), timeout $(val timeouts))"
echo "  sent: $(val sent_lookups) lookups, $(val sent_searches) searches, $(val sent_pages) board pages," \
    "$(val sent_batches) batches of $ROWS rows; records $records_before -> $records_after"
echo "  latency: p50 $(val p50_ms) ms, p99 $(val p99_ms) ms, max $(val max_ms) ms"
echo "  RSS: start $START_RSS kB, after 1 min ${warm:-?} kB, max $max_rss kB, end $END_RSS kB"
echo "  open fds: start $START_FDS, end $END_FDS; WAL file at the end: $((END_WAL / 1024)) KiB (samples: elapsed s, RSS kB, fds)"
sed 's/^/    /' "$T/samples" 2>/dev/null || true
echo "  idle connection: $(cat "$T/idle" 2>/dev/null || echo '?'); one byte a second: $(cat "$T/slow" 2>/dev/null || echo '?') (seconds)"
echo "  server exit after SIGTERM: $src; integrity_check: $integrity"
grep -m 3 'ERROR: AddressSanitizer\|ERROR: LeakSanitizer\|runtime error:' "$T/serve.err" || true

bad=""
[ "$(val 5xx)" = 0 ] || bad="$bad 5xx"
[ "$failed" = 0 ] || bad="$bad failed-requests"
[ "$(val 4xx)" = 0 ] || bad="$bad 4xx"
[ "$src" = 0 ] || bad="$bad server-exit"
[ "$integrity" = ok ] || bad="$bad integrity"
[ "$END_FDS" -le $((START_FDS + 4)) ] || bad="$bad fd-growth"
grep -q '^slow cut' "$T/slow" 2>/dev/null || bad="$bad slow-client-not-cut-off"
grep -q '^idle cut' "$T/idle" 2>/dev/null || bad="$bad idle-client-not-cut-off"
if [ -n "$bad" ]; then
    echo "soak: FAILED:$bad"
    exit 1
fi
echo "soak: passed"
