#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# HTTP benchmark (issue 3): `xinyong serve` with a city of SUBJECTS subjects (the full demo data set
# imported by scripts/make-demo) beside nginx serving a static 1 KB JSON file, the ceiling, in the
# same run. wrk (2 threads, 64 connections, DURATION seconds a run, bench/http/xy.lua) measures:
#   nginx-static   GET /static.json from nginx (open_file_cache, access_log off, 2 workers)
#   xy-static      the same file from `xinyong serve --web` (libmicrohttpd without the database)
#   lookup         GET /api/v1/subjects/{uscc}, a random one of 10,000 real USCCs per request
#   search-2/-4    GET /api/v1/subjects?q=, random 2- and 4-character substrings of real names
#   batch          POST /api/v1/batches?class=penalty, 10 CSV rows with new document numbers per request
#   lookup-uniform the lookup drawn uniformly from every subject with a USCC (past any cache), the
#                  access log written to a file (buffered, the default)
#   lookup-nocache the same with `serve --no-cache`: every answer computed
#   nginx-lua      nginx again, through the Lua request() path that the API runs use (wrk's own cost)
#   nginx-static-end  nginx once more at the end; the ceiling is the mean of the two nginx-static runs
# and prints requests/s, p50/p90/p99 latency, errors (non-2xx, socket errors, batch answers with rejects),
# the server's CPU time per request and the ratio to nginx. Everything on 127.0.0.1; both servers are
# stopped on exit. Writes nothing to RESULTS.md; keeps each run's wrk output in bench/data/http/runs/.
# When the lookup or the search misses its target (lookup >= 0.8x nginx with p99 < 5 ms; search p99 <
# 20 ms) it profiles the server under that load with perf (XY_HTTP_PROFILE=0 skips it, =1 forces it).
# The database is built once into bench/data/http/city-SUBJECTS/ and reused (XY_BENCH_REBUILD=1
# rebuilds); each batch run adds its rows (about 0.3 million for 20 s) to ten subjects that the lookup
# list leaves out, with document numbers that never repeat.
# usage: XY_BIN=build/xinyong bench/http/run.sh [SUBJECTS] [DURATION]   (defaults 1000000 and 20)
set -euo pipefail
SUBJECTS=${1:-1000000}
DURATION=${2:-20}
case $SUBJECTS in '' | *[!0-9]* | 0) echo "usage: $0 [SUBJECTS] [DURATION]" >&2; exit 2 ;; esac
case $DURATION in '' | *[!0-9]* | 0) echo "usage: $0 [SUBJECTS] [DURATION]" >&2; exit 2 ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib.sh
. "$HERE/../lib.sh"
WRK_THREADS=2
WRK_CONNS=64
SERVER_THREADS=${XY_HTTP_THREADS:-2}
PROFILE=${XY_HTTP_PROFILE:-auto}

# 0. Tools: the build's packages, then wrk and nginx (Debian packages), only when missing.
"$BENCH_ROOT/scripts/install-deps"
need=""
command -v wrk >/dev/null || need="$need wrk"
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need="$need nginx-light"
if [ -n "$need" ]; then
    echo "bench: installing$need" >&2
    export DEBIAN_FRONTEND=noninteractive
    if ! as_root apt-get install -y -qq --no-install-recommends $need >/dev/null; then
        as_root apt-get update -qq
        as_root apt-get install -y -qq --no-install-recommends $need >/dev/null
    fi
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$XY_BIN" ]; then
    echo "bench: $XY_BIN not found: build first (make build)" >&2
    exit 2
fi

# The servers and this run's files live in a temporary directory; wrk's outputs are kept.
T=$(mktemp -d /tmp/xy-bench-http.XXXXXX)
SPID=""
NPID=""
stop_pid() { # PID: TERM, wait up to 10 s, then KILL
    local pid=$1 i
    kill -TERM "$pid" 2>/dev/null || return 0
    for i in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
    [ -n "$SPID" ] && stop_pid "$SPID"
    [ -n "$NPID" ] && stop_pid "$NPID"
    wait 2>/dev/null || true
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# A private copy of the binary: a rebuild during the run changes neither the import, the server nor
# the profile's symbols.
cp "$XY_BIN" "$T/xinyong"
XY=$T/xinyong

# 1. The database: the demo city, imported once and reused.
export XY_TODAY=${XY_TODAY:-2026-11-28}
DATA=$BENCH_ROOT/bench/data/http
DIR=$DATA/city-$SUBJECTS
DB=$DIR/xinyong.db
RUNDIR=$DATA/runs/$(date -u +%Y%m%dT%H%M%SZ)-$SUBJECTS
mkdir -p "$DATA" "$RUNDIR"
machine_line
echo "sqlite $(sqlite3 --version | cut -d' ' -f1); $("$XY_BIN" --version); $("$NGINX" -v 2>&1 | sed 's/.*: //'); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
if [ -n "${XY_BENCH_REBUILD:-}" ]; then
    rm -rf "$DIR"
fi
if [ ! -f "$DB" ] || [ ! -f "$DIR/.imported" ]; then
    echo "building $DIR with scripts/make-demo (the full demo city: every class, every department)"
    t0=$(now_s)
    "$BENCH_ROOT/scripts/make-demo" "$XY" "$DIR" "$SUBJECTS" >"$DATA/make-demo-$SUBJECTS.log" 2>&1 || {
        tail -20 "$DATA/make-demo-$SUBJECTS.log" >&2
        exit 1
    }
    rm -f "$DIR"/bench-http-*
    echo "built in $(calc "$(now_s) - $t0" | cut -d. -f1) s (log: $DATA/make-demo-$SUBJECTS.log)"
else
    echo "reusing $DIR (XY_BENCH_REBUILD=1 rebuilds)"
fi
"$XY" --db "$DB" init >"$RUNDIR/init.log" # brings the schema up to this binary's version (a no-op when it is)
"$XY" --db "$DB" maintain >>"$RUNDIR/init.log" # expiry catch-up, so that the server does not do it while measured
# The lists wrk draws from, taken from the database once: about 10,000 subjects spread over the
# whole id range (at most every second one: the batch rows name subjects outside the list, so the
# records they add never reach the lookups); for the searches, a 2- or 4-character piece of other
# subjects' names at an offset drawn from id / step (from the id itself, the offset would repeat with
# the step: most pieces would be the "有限公司" ending).
step=$((SUBJECTS / 11000))
[ "$step" -ge 2 ] || step=2
if [ ! -s "$DIR/bench-http-uscc.txt" ]; then
    sqlite3 -readonly "$DB" "SELECT uscc FROM subject WHERE uscc IS NOT NULL AND id % $step = 0 LIMIT 10000" \
        >"$DIR/bench-http-uscc.txt"
fi
if [ ! -s "$DIR/bench-http-uscc-all.txt" ]; then
    sqlite3 -readonly "$DB" "SELECT uscc FROM subject WHERE uscc IS NOT NULL" >"$DIR/bench-http-uscc-all.txt"
fi
for len in 2 4; do
    if [ ! -s "$DIR/bench-http-q$len.txt" ]; then
        sqlite3 -readonly "$DB" "SELECT substr(name, 1 + ((id / $step) * 7919) % (length(name) - $((len - 1))), $len)
            FROM subject WHERE uscc IS NOT NULL AND length(name) >= $len AND id % $step = $((1 % step)) LIMIT 10000" \
            >"$DIR/bench-http-q$len.txt"
    fi
done
# A department key for the batch runs (shown once at creation, so kept beside the database).
DEPT=$(head -1 "$DIR/departments.tsv" | cut -f1)
if [ ! -s "$DIR/bench-http-dept.key" ]; then
    (umask 077 && "$XY" --db "$DB" key create --role department --dept "$DEPT" --name bench-http |
        tail -n 1 >"$DIR/bench-http-dept.key")
fi
KEY=$(cat "$DIR/bench-http-dept.key")
echo "database: $(du -cb "$DB"* | tail -1 | cut -f1 | awk '{ printf "%.0f MB", $1 / 1048576 }'), \
$(sqlite3 -readonly "$DB" 'SELECT count(*) FROM subject') subjects, $(sqlite3 -readonly "$DB" 'SELECT count(*) FROM record') records; \
lists: $(wc -l <"$DIR/bench-http-uscc.txt") USCCs, $(wc -l <"$DIR/bench-http-q2.txt") 2-char and $(wc -l <"$DIR/bench-http-q4.txt") 4-char queries"

# 2. The servers, on loopback ports of their own.

mkdir -p "$T/www" "$T/nginx"
# The static file: 1024 bytes of JSON.
awk 'BEGIN { s = "{\"ceiling\":\"nginx static 1 KB\",\"pad\":\""; e = "\"}\n"
             p = ""; while (length(s) + length(p) + length(e) < 1024) p = p "x"; printf "%s%s%s", s, p, e }' \
    >"$T/www/static.json"
[ "$(stat -c %s "$T/www/static.json")" = 1024 ]

free_port() { # a loopback port nobody listens on (bounded tries)
    local i p
    for i in $(seq 1 50); do
        p=$((20000 + RANDOM % 40000))
        if [ -z "$(ss -Htln "sport = :$p" 2>/dev/null)" ]; then
            echo "$p"
            return 0
        fi
    done
    return 1
}
wait_http() { # URL PID: until it answers, at most 10 s, while PID lives
    local i
    for i in $(seq 1 100); do
        curl -fsS -o /dev/null --max-time 1 "$1" 2>/dev/null && return 0
        kill -0 "$2" 2>/dev/null || break
        sleep 0.1
    done
    echo "bench: $1 does not answer" >&2
    return 1
}

NPORT=$(free_port)
user_line=""
[ "$(id -u)" = 0 ] && user_line="user $(id -un) $(id -gn);"
cat >"$T/nginx/nginx.conf" <<EOF
$user_line
worker_processes 2;
daemon off;
pid $T/nginx/nginx.pid;
error_log $T/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    default_type application/json;
    open_file_cache max=100 inactive=60s;
    open_file_cache_valid 60s;
    client_body_temp_path $T/nginx/body;
    proxy_temp_path $T/nginx/proxy;
    fastcgi_temp_path $T/nginx/fastcgi;
    uwsgi_temp_path $T/nginx/uwsgi;
    scgi_temp_path $T/nginx/scgi;
    server {
        listen 127.0.0.1:$NPORT;
        root $T/www;
    }
}
EOF
"$NGINX" -p "$T/nginx" -c "$T/nginx/nginx.conf" -e "$T/nginx/error.log" &
NPID=$!
wait_http "http://127.0.0.1:$NPORT/static.json" "$NPID"

start_xy() { # SERVE-OPTIONS...: xinyong serve on a port of its own; sets SPID, XPORT and X
    "$XY" --db "$DB" serve --port 0 --bind 127.0.0.1 --threads "$SERVER_THREADS" --search-rate 0 \
        --web "$T/www" "$@" >"$T/serve.out" 2>"$T/serve.err" &
    SPID=$!
    XPORT=""
    for i in $(seq 1 100); do
        XPORT=$(sed -n 's/^port \([0-9]*\)$/\1/p' "$T/serve.out")
        [ -n "$XPORT" ] && break
        kill -0 "$SPID" 2>/dev/null || break
        sleep 0.1
    done
    if [ -z "$XPORT" ]; then
        echo "bench: xinyong serve did not start:" >&2
        cat "$T/serve.err" >&2
        exit 1
    fi
    X=http://127.0.0.1:$XPORT
    wait_http "$X/healthz" "$SPID"
}
start_xy --access-log /dev/null
N=http://127.0.0.1:$NPORT

# The batch body: the department's first 10 plain penalty rows (no quoted fields) of organisations
# outside the lookup list, with "@DOC@<i>" as the document number that xy.lua makes unique per request.
PCSV=$DIR/$(awk -F'\t' -v d="$DEPT" '$1 == "penalty" && $2 == d { print $3; exit }' "$DIR/manifest.tsv")
awk -F, -v OFS=, 'FNR == NR { inlist[$1] = 1; next }
    FNR == 1 { sub(/^\xEF\xBB\xBF/, ""); for (i = 1; i <= NF; i++) { if ($i == "CF_WSH") c = i; if ($i == "CF_XDR_SHXYM") u = i }
               nf = NF; print; next }
    !/"/ && NF == nf && c && u && $u != "" && !($u in inlist) { $c = "@DOC@" (++n); print; if (n == 10) exit }' \
    "$DIR/bench-http-uscc.txt" "$PCSV" >"$T/batch.csv"
[ "$(wc -l <"$T/batch.csv")" = 11 ] || { echo "bench: no 10 plain penalty rows in $PCSV" >&2; exit 1; }
RUN_ID=$(date -u +%s)

# Check each route once before loading it.
U1=$(head -1 "$DIR/bench-http-uscc.txt")
curl -fsS -o /dev/null "$X/api/v1/subjects/$U1"
curl -fsS -o /dev/null -G --data-urlencode "q=$(head -1 "$DIR/bench-http-q2.txt")" "$X/api/v1/subjects"
sed "s/@DOC@/HB${RUN_ID}-check-/" "$T/batch.csv" |
    curl -fsS -o "$T/check.json" -H "Authorization: Bearer $KEY" -H 'Content-Type: text/csv' --data-binary @- \
        "$X/api/v1/batches?class=penalty"
grep -q '"rejected":0' "$T/check.json" || { echo "bench: the check batch had rejects:" >&2; cat "$T/check.json" >&2; exit 1; }
echo "lookup answer: $(curl -fsS "$X/api/v1/subjects/$U1" | wc -c) bytes; batch answer: $(head -c 160 "$T/check.json")..."

# 3. The runs.
drain() { # PORT: until the previous run's connections are gone (at most 20 s). The server refuses more than
    # 64 connections from one address, so a run starting while it still holds the last one's would see resets.
    local i
    for i in $(seq 1 200); do
        [ -z "$(ss -Htn state all "( sport = :$1 )" | grep -Ev "^(LISTEN|TIME-WAIT)")" ] && return 0
        sleep 0.1
    done
    echo "bench: connections to port $1 still open after 20 s" >&2
}
wrk_run() { # NAME SECONDS URL [VAR=VALUE...]: prints the xy-result line
    local name=$1 secs=$2 url=$3
    shift 3
    drain "$(echo "$url" | sed 's|.*:\([0-9]*\).*|\1|')"
    env "$@" wrk -t"$WRK_THREADS" -c"$WRK_CONNS" -d"${secs}s" --timeout 5s --latency -s "$HERE/xy.lua" "$url" \
        >"$RUNDIR/$name.txt" 2>&1 || true
    grep -m1 '^xy-result ' "$RUNDIR/$name.txt" || { echo "bench: wrk $name failed:" >&2; cat "$RUNDIR/$name.txt" >&2; exit 1; }
}
LOOKUP_ENV=(XY_WRK_MODE=list XY_WRK_PREFIX=/api/v1/subjects/ "XY_WRK_LIST=$DIR/bench-http-uscc.txt")
UNIFORM_ENV=(XY_WRK_MODE=list XY_WRK_PREFIX=/api/v1/subjects/ "XY_WRK_LIST=$DIR/bench-http-uscc-all.txt")
Q2_ENV=(XY_WRK_MODE=list "XY_WRK_PREFIX=/api/v1/subjects?q=" "XY_WRK_LIST=$DIR/bench-http-q2.txt")
Q4_ENV=(XY_WRK_MODE=list "XY_WRK_PREFIX=/api/v1/subjects?q=" "XY_WRK_LIST=$DIR/bench-http-q4.txt")
BATCH_ENV=(XY_WRK_MODE=batch "XY_WRK_PATH=/api/v1/batches?class=penalty" "XY_WRK_BODY=$T/batch.csv"
    "XY_WRK_KEY=$KEY" "XY_WRK_RUN=$RUN_ID")
WARM=$((DURATION < 5 ? DURATION : 5))
HZ=$(getconf CLK_TCK)
cpu_ticks() { # PID...: user + system clock ticks of these processes (all their threads)
    local p t=0
    for p in "$@"; do
        t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0)))
    done
    echo "$t"
}
declare -A RES
measure() { # NAME URL [VAR=VALUE...]: a warm-up, then the measured run; also the server's CPU time per request
    local name=$1 pids c0 line
    shift
    case $name in nginx*) pids=$(pgrep -P "$NPID" | tr '\n' ' ') ;; *) pids=$SPID ;; esac
    wrk_run "$name-warmup" "$WARM" "$@" >/dev/null
    c0=$(cpu_ticks $pids)
    line=$(wrk_run "$name" "$DURATION" "$@")
    RES[$name]="$line cpu_s=$(calc "($(cpu_ticks $pids) - $c0) / $HZ") load=$(cut -d' ' -f1 /proc/loadavg)"
    echo "  $name: ${RES[$name]}"
}
echo
echo "wrk -t$WRK_THREADS -c$WRK_CONNS -d${DURATION}s --latency (after a ${WARM} s warm-up each); server --threads $SERVER_THREADS; logs in $RUNDIR"
echo static.json >"$T/static.list"
measure nginx-static "$N/static.json" XY_WRK_MODE=static
measure nginx-lua "$N" XY_WRK_MODE=list XY_WRK_PREFIX=/ "XY_WRK_LIST=$T/static.list"
measure xy-static "$X/static.json" XY_WRK_MODE=static
measure lookup "$X" "${LOOKUP_ENV[@]}"
measure search-2 "$X" "${Q2_ENV[@]}"
measure search-4 "$X" "${Q4_ENV[@]}"
measure batch "$X" "${BATCH_ENV[@]}"
# Past the cache (issue 21): lookups drawn uniformly from every subject with a USCC, which no cache of a
# sensible size holds, with the access log written to a file as a real server's is; then the same with
# the answer cache off (--no-cache), so that it is a bonus, not the design.
stop_pid "$SPID"
wait "$SPID" 2>/dev/null || true
start_xy --access-log "$T/access.log"
measure lookup-uniform "$X" "${UNIFORM_ENV[@]}"
stop_pid "$SPID"
wait "$SPID" 2>/dev/null || true
start_xy --access-log "$T/access.log" --no-cache
measure lookup-nocache "$X" "${UNIFORM_ENV[@]}"
measure nginx-static-end "$N/static.json" XY_WRK_MODE=static
drain "$XPORT"
curl -fsS "$X/metrics" | grep -E '^xinyong_(batches_total|rows_total)|status="[^2]' >"$RUNDIR/metrics.txt" || true

# 4. Figures.
get() { # NAME KEY
    echo "${RES[$1]}" | tr ' ' '\n' | sed -n "s/^$2=//p"
}
# The ceiling: nginx's mean over its runs at the start and at the end (other load on the machine moves it).
NG=$(calc "($(get nginx-static rps) + $(get nginx-static-end rps)) / 2")
echo
printf '%-16s %9s %7s %8s %8s %8s %8s %6s %8s %5s\n' run "req/s" "x nginx" "p50 ms" "p90 ms" "p99 ms" "max ms" errors "cpu us/r" load
fails=0
for r in nginx-static nginx-lua xy-static lookup search-2 search-4 batch lookup-uniform lookup-nocache nginx-static-end; do
    errs=$(($(get $r status_errors) + $(get $r connect) + $(get $r read) + $(get $r write) + $(get $r timeout) + $(get $r bad_bodies)))
    [ "$errs" = 0 ] || fails=$((fails + 1))
    printf '%-16s %9.0f %7.3f %8.2f %8.2f %8.2f %8.1f %6s %8.1f %5s\n' "$r" "$(get $r rps)" "$(calc "$(get $r rps) / $NG")" \
        "$(calc "$(get $r p50_us) / 1000")" "$(calc "$(get $r p90_us) / 1000")" "$(calc "$(get $r p99_us) / 1000")" \
        "$(calc "$(get $r max_us) / 1000")" "$errs" "$(calc "$(get $r cpu_s) * 1e6 / $(get $r requests)")" "$(get $r load)"
done
echo "(x nginx: against the mean of the two nginx-static runs, $(fmt %.0f "$NG") req/s; nginx-lua: nginx with wrk's Lua
request() path that the other runs use; cpu us/r: the server's user+system CPU per request (nginx: its workers);
load: the 1-minute load average after the run, wrk and the server included. batch: 10 rows a request; $(tr '\n' ' ' <"$RUNDIR/metrics.txt"))"
echo
LR=$(calc "$(get lookup rps) / $NG")
LP99=$(calc "$(get lookup p99_us) / 1000")
SP99=$(calc "$(get search-2 p99_us) / 1000")
S4P99=$(calc "$(get search-4 p99_us) / 1000")
lookup_ok=$(awk -v r="$LR" -v p="$LP99" 'BEGIN { print (r >= 0.8 && p < 5 ? "met" : "MISSED") }')
search_ok=$(awk -v a="$SP99" -v b="$S4P99" 'BEGIN { print (a < 20 && b < 20 ? "met" : "MISSED") }')
echo "lookup: $(fmt %.3f "$LR")x nginx, p99 $(fmt %.2f "$LP99") ms   (target >= 0.8x and p99 < 5 ms: $lookup_ok)"
UR=$(calc "$(get lookup-uniform rps) / $NG")
UP99=$(calc "$(get lookup-uniform p99_us) / 1000")
NR=$(calc "$(get lookup-nocache rps) / $NG")
NP99=$(calc "$(get lookup-nocache p99_us) / 1000")
echo "lookup uniform over $(wc -l <"$DIR/bench-http-uscc-all.txt") subjects, log to a file: $(fmt %.3f "$UR")x nginx, p99 $(fmt %.2f "$UP99") ms \
  (target >= 0.8x and p99 < 5 ms: $(awk -v r="$UR" -v p="$UP99" 'BEGIN { print (r >= 0.8 && p < 5 ? "met" : "MISSED") }'))"
echo "the same with --no-cache: $(fmt %.3f "$NR")x nginx, p99 $(fmt %.2f "$NP99") ms \
  (target >= 0.5x: $(awk -v r="$NR" 'BEGIN { print (r >= 0.5 ? "met" : "MISSED") }'))"
echo "search: p99 $(fmt %.2f "$SP99") ms (2 chars), $(fmt %.2f "$S4P99") ms (4 chars)   (target < 20 ms: $search_ok)"
echo "errors: $([ "$fails" = 0 ] && echo "none (target: met)" || echo "in $fails runs (target: MISSED)")"

# 5. Profiles under load of what misses its target (or of the lookup and search-4 when asked): perf with
# DWARF call graphs on the server for 10 s, then the request's phases (bench/http/phases.awk) and the top
# functions.
profile() { # NAME VAR=VALUE...: profiles the server under this load
    local name=$1 wpid
    shift
    echo
    echo "profile $name: perf record -F 499 --call-graph dwarf -p <xinyong> for 10 s under the $name load"
    drain "$XPORT"
    env "$@" wrk -t"$WRK_THREADS" -c"$WRK_CONNS" -d14s -s "$HERE/xy.lua" "$X" >"$RUNDIR/profile-$name-wrk.txt" 2>&1 &
    wpid=$!
    sleep 2
    perf record -q -F 499 --call-graph dwarf,16384 -p "$SPID" -o "$T/perf-$name.data" -- sleep 10 \
        >"$RUNDIR/perf-$name-record.log" 2>&1 || true
    wait "$wpid" || true
    perf script -i "$T/perf-$name.data" -F comm,tid,ip,sym,dso >"$T/perf-$name.script" 2>/dev/null || true
    awk -f "$HERE/phases.awk" "$T/perf-$name.script" >"$RUNDIR/perf-$name-phases.txt" || true
    gzip -c "$T/perf-$name.script" >"$RUNDIR/perf-$name-script.txt.gz" || true # the samples, for other cuts
    rm -f "$T/perf-$name.script"
    perf report -i "$T/perf-$name.data" --no-children --stdio --sort dso,symbol --percent-limit 0.7 -g none \
        >"$RUNDIR/perf-$name-self.txt" 2>/dev/null || true
    perf report -i "$T/perf-$name.data" --children --stdio --sort symbol --percent-limit 2 -g none \
        >"$RUNDIR/perf-$name-children.txt" 2>/dev/null || true
    perf report -i "$T/perf-$name.data" --no-children --stdio --sort dso --percent-limit 0.5 -g none \
        >"$RUNDIR/perf-$name-dso.txt" 2>/dev/null || true
    rm -f "$T/perf-$name.data"
    echo "phases of a request (exclusive shares of the server's samples):"
    cat "$RUNDIR/perf-$name-phases.txt"
    echo "self time by library:"
    grep -E '^ +[0-9]' "$RUNDIR/perf-$name-dso.txt" | head -8 || true
    echo "self time, top functions:"
    grep -E '^ +[0-9]' "$RUNDIR/perf-$name-self.txt" | grep -v '0x0000' | head -15 || true
    echo "inclusive time (children), top named functions of the server:"
    grep -E '^ +[0-9]' "$RUNDIR/perf-$name-children.txt" | grep -v '0x0000' | head -30 || true
    echo "(full reports: $RUNDIR/perf-$name-*.txt)"
}
if [ "$PROFILE" != 0 ]; then
    if ! command -v perf >/dev/null; then
        echo "profile: perf is not installed (apt-get install linux-perf)"
    else
        if [ "$PROFILE" = 1 ] || [ "$lookup_ok" != met ]; then
            profile lookup "${LOOKUP_ENV[@]}"
        fi
        if [ "$PROFILE" = 1 ] || [ "$search_ok" != met ]; then
            profile search-4 "${Q4_ENV[@]}"
        fi
    fi
fi
