#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Ingest through the server and beside it (issue 21), every phase with its reference in the same run:
#   (a) http       a body of about BODY_MB (default 100) MB of penalty rows through POST /api/v1/batches,
#                  against the same rows through `xinyong import` (and the plain SQLite insert) just before;
#   (b) resend     the same body again, every row already held, through the CLI and through HTTP:
#                  its rate against the first import's (target >= 2x);
#   (c) serving    ROWS rows (default 1,000,000) from the CSV file to a server answering a lookup and a
#                  search: init, department, import, serve, first answers; seconds in all (target < 60);
#   (d) readers    uniform lookups of the subjects of (c) by wrk (1 thread, LOOKUP_CONNS connections, closed
#                  loop) for LOOKUP_S seconds, first with the server idle (after as long a warm-up), then
#                  while a second file of ROWS new rows is imported through POST /api/v1/batches, sent 2 s
#                  after wrk has opened its connections (and, XY_INGEST_CLI_D=1, through
#                  `xinyong import` beside the server): p99 (target < 5 ms).
# Under load from other work the wall-clock rates say little, so (a) and (b) also give the CPU seconds of
# the import (the CLI process's, or the server's over the request). XY_INGEST_PHASES=ab runs only those.
# Prints the figures; writes nothing to RESULTS.md. Needs wrk (installed when missing, as bench/http does).
# usage: XY_BIN=build/xinyong bench/ingest/serve.sh [ROWS] [BODY_MB]
set -euo pipefail
ROWS=${1:-1000000}
BODY_MB=${2:-100}
case $ROWS in '' | *[!0-9]* | 0) echo "usage: $0 [ROWS] [BODY_MB]" >&2; exit 2 ;; esac
case $BODY_MB in '' | *[!0-9]* | 0) echo "usage: $0 [ROWS] [BODY_MB]" >&2; exit 2 ;; esac
LOOKUP_S=${LOOKUP_S:-30}
LOOKUP_CONNS=${LOOKUP_CONNS:-4}
PHASES=${XY_INGEST_PHASES:-abcd} # ab: only (a) and (b)
THREADS=${XY_INGEST_THREADS:-2}  # the server's worker threads
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib.sh
. "$HERE/../lib.sh"
bench_setup bench_plain_sqlite
if ! command -v wrk >/dev/null; then
    echo "bench: installing wrk" >&2
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get install -y -qq --no-install-recommends wrk >/dev/null ||
        { as_root apt-get update -qq && as_root apt-get install -y -qq --no-install-recommends wrk >/dev/null; }
fi

DATA=$BENCH_ROOT/bench/data/ingest
mkdir -p "$DATA"
WORK=$(mktemp -d "$DATA/serve.XXXXXX")
SPID=""
IPID=""
stop_pid() { # PID: TERM, wait up to 30 s, then KILL
    local pid=$1 _
    kill -TERM "$pid" 2>/dev/null || return 0
    for _ in $(seq 1 300); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
    [ -n "$IPID" ] && stop_pid "$IPID"
    [ -n "$SPID" ] && stop_pid "$SPID"
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cp "$XY_BIN" "$WORK/xinyong" # a rebuild during the run changes nothing measured
XY=$WORK/xinyong
machine_line
echo "load $(cut -d' ' -f1-3 /proc/loadavg); sqlite $(sqlite3 --version | cut -d' ' -f1); $("$XY" --version); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"

# The data: file A (seed 42) and, for (d), file B (seed 43: other document numbers), ROWS rows each;
# the HTTP body H is A's header and its first rows up to BODY_MB MB.
export XY_TODAY=${XY_TODAY:-2026-11-28}
gen() { # SEED -> directory
    local g=$DATA/gen-$ROWS-s$1
    if [ ! -f "$g/.done" ]; then
        rm -rf "$g"
        "$XY" demo --out "$g" --only penalty --rows "$ROWS" --seed "$1" --today "$XY_TODAY" >/dev/null
        touch "$g/.done"
    fi
    echo "$g"
}
GA=$(gen 42)
GB=$GA
case $PHASES in *d*) GB=$(gen 43) ;; esac
A=$GA/penalty.csv
B=$GB/penalty.csv
DEPT=$(head -1 "$GA/departments.tsv" | cut -f1)
DEPT_NAME=$(head -1 "$GA/departments.tsv" | cut -f2)
H=$WORK/body.csv
awk -v max=$((BODY_MB * 1000000)) '{ n += length($0) + 1; if (NR > 1 && n > max) exit; print }' "$A" >"$H"
H_ROWS=$(($(wc -l <"$H") - 1))
H_BYTES=$(stat -c %s "$H")
echo "data: A $A, B $B ($ROWS rows each, $(stat -c %s "$A") bytes A); body H: $H_ROWS rows, $H_BYTES bytes"

rate() { calc "$1 / $2" | cut -d. -f1; }
ratio() { calc "$1 / $2" | cut -c1-5; }
newdb() { # DIR: an empty database with the department
    mkdir -p "$1"
    "$XY" --db "$1/x.db" init >/dev/null
    "$XY" --db "$1/x.db" dept add "$DEPT" "$DEPT_NAME" >/dev/null
}
cli_import() { # DB FILE -> "seconds accepted unchanged cpu-seconds"
    local t0 s line
    sync
    t0=$(now_s)
    /usr/bin/time -f '%U %S' -o "$WORK/cli.time" "$XY" --db "$1" import --quiet --class penalty --dept "$DEPT" "$2" \
        >"$WORK/cli.out" 2>&1 || [ $? -le 1 ]
    s=$(calc "$(now_s) - $t0")
    line=$(grep -m1 '^batch' "$WORK/cli.out" || { cat "$WORK/cli.out" >&2; exit 1; })
    echo "$s $(echo "$line" | sed -n 's/.* \([0-9]*\) accepted.*/\1/p') $(echo "$line" | sed -n 's/.* \([0-9]*\) unchanged.*/\1/p')" \
        "$(awk '{ printf "%.2f", $1 + $2 }' "$WORK/cli.time")"
}
HZ=$(getconf CLK_TCK)
cpu_of() { awk -v hz="$HZ" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"; } # user+system s of a process
free_port() {
    local _ p
    for _ in $(seq 1 50); do
        p=$((20000 + RANDOM % 40000))
        if [ -z "$(ss -Htln "sport = :$p" 2>/dev/null)" ]; then
            echo "$p"
            return 0
        fi
    done
    return 1
}
serve() { # DB: starts the server, sets SPID and X; waits until it answers
    local _
    PORT=$(free_port)
    X=http://127.0.0.1:$PORT
    "$XY" --db "$1" serve --port "$PORT" --threads "$THREADS" --max-batch-mib 1024 --body-budget-mib 2048 \
        --client-body-budget-mib 2048 --access-log "$WORK/access.log" >"$WORK/serve.out" 2>&1 &
    SPID=$!
    for _ in $(seq 1 600); do
        curl -fsS -o /dev/null --max-time 1 "$X/healthz" 2>/dev/null && return 0
        kill -0 "$SPID" 2>/dev/null || break
        sleep 0.05
    done
    echo "bench: the server does not answer:" >&2
    cat "$WORK/serve.out" >&2
    exit 1
}
deptkey() { "$XY" --db "$1" key create --role department --dept "$DEPT" --name bench-ingest | tail -n 1; }
post() { # FILE KEY -> "seconds accepted unchanged server-cpu-seconds"
    local t0 s c0
    c0=$(cpu_of "$SPID")
    t0=$(now_s)
    curl -sS -o "$WORK/post.json" -w '%{http_code}' -H "Authorization: Bearer $2" -H 'Content-Type: text/csv' \
        --data-binary "@$1" "$X/api/v1/batches?class=penalty" >"$WORK/post.code"
    s=$(calc "$(now_s) - $t0")
    if [ "$(cat "$WORK/post.code")" != 201 ]; then
        echo "bench: POST answered $(cat "$WORK/post.code"): $(head -c 400 "$WORK/post.json")" >&2
        exit 1
    fi
    echo "$s $(grep -o '"accepted": *[0-9]*' "$WORK/post.json" | grep -o '[0-9]*$') $(grep -o '"unchanged": *[0-9]*' "$WORK/post.json" | grep -o '[0-9]*$')" \
        "$(calc "$(cpu_of "$SPID") - $c0")"
}

# (a), (b) through the CLI: the body's rows into a new database, then again.
newdb "$WORK/cli"
read -r CLI_S CLI_ACC _ CLI_CPU < <(cli_import "$WORK/cli/x.db" "$H")
read -r CLIR_S CLIR_ACC CLIR_UNCH CLIR_CPU < <(cli_import "$WORK/cli/x.db" "$H")
rm -rf "$WORK/cli"
sync
t0=$(now_s)
"$BENCH_BIN/bench_plain_sqlite" "$WORK/plain.db" "$H" >"$WORK/plain.out"
PLAIN_S=$(calc "$(now_s) - $t0")
PLAIN_ROWS=$(awk '{ print $2 }' "$WORK/plain.out")
rm -f "$WORK/plain.db"*

# (a), (b) through HTTP: the same into another new database, then again.
newdb "$WORK/http"
KEY=$(deptkey "$WORK/http/x.db")
serve "$WORK/http/x.db"
read -r HTTP_S HTTP_ACC _ HTTP_CPU < <(post "$H" "$KEY")
read -r HTTPR_S HTTPR_ACC HTTPR_UNCH HTTPR_CPU < <(post "$H" "$KEY")
SERVER_RSS_KB=$(awk '/VmHWM/ { print $2 }' "/proc/$SPID/status")
stop_pid "$SPID"
SPID=""
rm -rf "$WORK/http"

echo
printf '%-40s %8s %9s %9s %8s %8s %10s\n' "$H_ROWS rows, $((H_BYTES / 1000000)) MB" rows unchanged seconds rows/s "CPU s" "rows/CPU s"
line() { printf '%-40s %8s %9s %9.2f %8s %8s %10s\n' "$1" "$2" "$3" "$4" "$(rate "$2" "$4")" "$5" "$([ "$5" = - ] && echo - || rate "$2" "$5")"; }
line "plain SQLite insert (reference)" "$PLAIN_ROWS" - "$PLAIN_S" -
line "CLI: xinyong import" "$CLI_ACC" 0 "$CLI_S" "$CLI_CPU"
line "CLI: the same file again (resend)" "$CLIR_ACC" "$CLIR_UNCH" "$CLIR_S" "$CLIR_CPU"
line "HTTP: POST /api/v1/batches (server CPU)" "$HTTP_ACC" 0 "$HTTP_S" "$HTTP_CPU"
line "HTTP: the same body again (resend)" "$HTTPR_ACC" "$HTTPR_UNCH" "$HTTPR_S" "$HTTPR_CPU"
R_A=$(ratio "$CLI_S" "$HTTP_S")
R_BC=$(ratio "$CLI_S" "$CLIR_S")
R_BH=$(ratio "$HTTP_S" "$HTTPR_S")
met() { awk -v r="$1" -v t="$2" -v op="$3" 'BEGIN { ok = op == "ge" ? r >= t : r < t; print (ok ? "met" : "MISSED") }'; }
echo "(a) HTTP rate / CLI rate          = $R_A wall, $(ratio "$CLI_CPU" "$HTTP_CPU") CPU   (target >= 1.0 within the noise, 0.95: $(met "$R_A" 0.95 ge))"
echo "(b) CLI resend / CLI first import = $R_BC wall, $(ratio "$CLI_CPU" "$CLIR_CPU") CPU   (target >= 2: $(met "$R_BC" 2 ge))"
echo "(b) HTTP resend / HTTP first      = $R_BH wall, $(ratio "$HTTP_CPU" "$HTTPR_CPU") CPU   (target >= 2: $(met "$R_BH" 2 ge))"
echo "    server peak RSS $((SERVER_RSS_KB / 1024)) MB; CLI / plain SQLite = $(ratio "$(rate "$CLI_ACC" "$CLI_S")" "$(rate "$PLAIN_ROWS" "$PLAIN_S")")"
[ "$CLIR_UNCH" = "$H_ROWS" ] && [ "$HTTPR_UNCH" = "$H_ROWS" ] || echo "WARNING: a resend did not find every row held" >&2

case $PHASES in *c*) ;; *) exit 0 ;; esac

# (c) CSV to serving.
echo
D=$WORK/city
sync
T0=$(now_s)
newdb "$D"
T_INIT=$(now_s)
read -r C_IMP_S C_ACC _ < <(cli_import "$D/x.db" "$A")
T_IMP=$(now_s)
serve "$D/x.db"
T_UP=$(now_s)
USCC=$(sqlite3 -readonly "$D/x.db" "SELECT uscc FROM subject WHERE uscc IS NOT NULL ORDER BY id DESC LIMIT 1")
QNAME=$(sqlite3 -readonly "$D/x.db" "SELECT substr(name, 3, 4) FROM subject WHERE id = (SELECT max(id) FROM subject)")
T_Q=$(now_s)
curl -fsS -o /dev/null "$X/api/v1/subjects/$USCC"
curl -fsS -o /dev/null -G --data-urlencode "q=$QNAME" "$X/api/v1/subjects"
T_END=$(now_s)
TOTAL=$(calc "$T_END - $T0 - ($T_Q - $T_UP)") # the two sqlite3 look-ups that pick the queries are not counted
echo "(c) $C_ACC rows CSV to serving: $(fmt %.2f "$TOTAL") s in all (target < 60: $(met "$TOTAL" 60 lt)):" \
    "init+dept $(fmt %.2f "$(calc "$T_INIT - $T0")") s, import $(fmt %.2f "$C_IMP_S") s" \
    "($(rate "$C_ACC" "$C_IMP_S") rows/s), serve until /healthz $(fmt %.2f "$(calc "$T_UP - $T_IMP")") s," \
    "first lookup and search $(fmt %.3f "$(calc "$T_END - $T_Q")") s"

# (d) lookups while a second file of ROWS rows is imported.
sqlite3 -readonly "$D/x.db" "SELECT uscc FROM subject WHERE uscc IS NOT NULL" >"$WORK/uscc.txt"
KEY=$(deptkey "$D/x.db")
lookups() { # NAME: wrk over the USCC list, LOOKUP_S seconds
    env XY_WRK_MODE=list XY_WRK_PREFIX=/api/v1/subjects/ "XY_WRK_LIST=$WORK/uscc.txt" \
        wrk -t1 -c"$LOOKUP_CONNS" -d"${LOOKUP_S}s" --timeout 60s --latency -s "$BENCH_ROOT/bench/http/xy.lua" "$X" \
        >"$WORK/wrk-$1.txt" 2>&1 || true
    grep -m1 '^xy-result ' "$WORK/wrk-$1.txt" || { cat "$WORK/wrk-$1.txt" >&2; exit 1; }
}
show() { # NAME RESULT
    echo "$2" | awk -v n="$1" '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        printf "%-40s %9d req %9.0f req/s  p50 %7.3f  p90 %7.3f  p99 %8.3f  max %9.3f ms  errors %d\n", n,
        v["requests"], v["rps"], v["p50_us"] / 1000, v["p90_us"] / 1000, v["p99_us"] / 1000, v["max_us"] / 1000,
        v["status_errors"] + v["connect"] + v["read"] + v["write"] + v["timeout"] }'
}
p99ms() { echo "$1" | sed -n 's/.* p99_us=\([0-9]*\).*/\1/p' | awk '{ printf "%.3f", $1 / 1000 }'; }
echo "(d) wrk -t1 -c$LOOKUP_CONNS -d${LOOKUP_S}s, GET /api/v1/subjects/{uscc}, uniform over $(wc -l <"$WORK/uscc.txt") subjects; server --threads $THREADS"
lookups warm >/dev/null # the answer cache and the page cache filled as far as they go, unreported
IDLE=$(lookups idle)
show "server idle (reference)" "$IDLE"
# wrk first, so that its connections are open on both server threads when the POST arrives (as a
# proxy's kept-alive connections are); the POST 2 s later.
lookups during-http >"$WORK/d-wrk.txt" &
WPID=$!
sleep 2
post "$B" "$KEY" >"$WORK/d-post.txt" &
IPID=$!
wait "$WPID"
DURING=$(cat "$WORK/d-wrk.txt")
IMPORT_DONE=$(kill -0 "$IPID" 2>/dev/null && echo "still importing when the lookups ended" || echo "IMPORT ENDED BEFORE THE LOOKUPS DID")
show "during POST of $ROWS rows" "$DURING"
wait "$IPID" || { echo "bench: the POST during (d) failed" >&2; exit 1; }
IPID=""
read -r D_S D_ACC _ <"$WORK/d-post.txt"
echo "    the POST: $D_ACC rows accepted in $(fmt %.2f "$D_S") s ($(rate "$D_ACC" "$D_S") rows/s); $IMPORT_DONE"
P=$(p99ms "$DURING")
echo "(d) p99 during the HTTP import $P ms (idle $(p99ms "$IDLE") ms; target < 5: $(met "$P" 5 lt))"
if [ -n "${XY_INGEST_CLI_D:-}" ]; then
    GC=$DATA/gen-$ROWS-s44
    [ -f "$GC/.done" ] || { rm -rf "$GC"; "$XY" demo --out "$GC" --only penalty --rows "$ROWS" --seed 44 --today "$XY_TODAY" >/dev/null; touch "$GC/.done"; }
    lookups during-cli >"$WORK/d-wrk.txt" &
    WPID=$!
    sleep 2
    cli_import "$D/x.db" "$GC/penalty.csv" >"$WORK/d-cli.txt" &
    IPID=$!
    wait "$WPID"
    DURING=$(cat "$WORK/d-wrk.txt")
    show "during xinyong import of $ROWS rows" "$DURING"
    wait "$IPID" || true
    IPID=""
    echo "(d) p99 during the CLI import $(p99ms "$DURING") ms"
fi
