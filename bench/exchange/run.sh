#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Exchange benchmark: a city and a province on loopback (docs/internals/EXCHANGE.md), ROWS penalty
# rows of as many subjects (uniform: one row each). In the same run:
#  1. the city's own import rate: `xinyong import` of the ROWS rows (one batch), the city's server
#     running (its destination disabled), as the province's runs during the push;
#  2. the push rate: `xinyong exchange run` delivering those ROWS changes to the province (signed
#     batches of 500 over HTTP, each checked and sealed there like an imported row), against (1):
#     the target is >= 1.0x, push keeps up with import;
#  3. end-to-end lag under steady load: the city's server pushing while STEADY_FILES files of
#     STEADY_ROWS rows each are imported one every STEADY_MS ms; for each file, the time from its
#     import's end to the province holding its last change (the province's position for the city,
#     polled every 10 ms): p50, p99, max. Target: p99 < 1 s.
# Prints the figures; writes nothing to RESULTS.md.
# usage: XY_BIN=build/xinyong bench/exchange/run.sh [ROWS]   (default 100000)
#   STEADY_FILES (default 150)  STEADY_ROWS (default 100)  STEADY_MS (default 200)
set -euo pipefail
ROWS=${1:-100000}
STEADY_FILES=${STEADY_FILES:-150}
STEADY_ROWS=${STEADY_ROWS:-100}
STEADY_MS=${STEADY_MS:-200}
case $ROWS$STEADY_FILES$STEADY_ROWS$STEADY_MS in '' | *[!0-9]*) echo "usage: $0 [ROWS]" >&2; exit 2 ;; esac
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/../lib.sh"
[ -x "$XY_BIN" ] || { echo "bench: $XY_BIN not found: build first (make build)" >&2; exit 2; }

WORK=$(mktemp -d /tmp/xy-bench-exchange.XXXXXX)
SERVED=""
POLLER=""
cleanup() {
    for p in $POLLER $SERVED; do kill "$p" 2>/dev/null || true; done
    for p in $SERVED; do wait "$p" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
export XY_TODAY=${XY_TODAY:-2026-11-28}
CITY=$WORK/city.db
PROV=$WORK/prov.db
now_ms() { date +%s%3N; }

serve() { # DB NAME: starts a server on a free port; sets SERVED_PID and SERVED_PORT
    : >"$WORK/$2.out" # there before the background job opens it, for the first read below
    XINYONG_DB=$1 "$XY_BIN" serve --port 0 --access-log /dev/null --web "$WORK/no-web" >"$WORK/$2.out" 2>"$WORK/$2.err" &
    SERVED_PID=$!
    SERVED="$SERVED $SERVED_PID" # killed at exit whatever happens next
    SERVED_PORT=""
    for _ in $(seq 1 400); do
        SERVED_PORT=$(sed -n 's/^port \([0-9][0-9]*\)$/\1/p' "$WORK/$2.out")
        [ -z "$SERVED_PORT" ] || break
        sleep 0.05
    done
    [ -n "$SERVED_PORT" ] || { echo "bench: $2 did not start: $(cat "$WORK/$2.err")" >&2; exit 1; }
    for _ in $(seq 1 400); do
        [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$SERVED_PORT/healthz" || true)" != 200 ] || return 0
        sleep 0.05
    done
}

machine_line
echo "$("$XY_BIN" --version); $ROWS rows; steady load: $STEADY_FILES files of $STEADY_ROWS rows, one every $STEADY_MS ms"

# The data: ROWS penalty rows, one subject each, and the steady load's files (another seed).
"$XY_BIN" demo --only penalty --rows "$ROWS" --seed 1 --out "$WORK/d1" >/dev/null
"$XY_BIN" demo --only penalty --rows $((STEADY_FILES * STEADY_ROWS)) --seed 2 --out "$WORK/d2" >/dev/null
mkdir -p "$WORK/steady"
head -n 1 "$WORK/d2/penalty.csv" >"$WORK/header.csv"
tail -n +2 "$WORK/d2/penalty.csv" | split -l "$STEADY_ROWS" -d -a 4 - "$WORK/steady/part."
for f in "$WORK"/steady/part.*; do cat "$WORK/header.csv" "$f" >"$f.csv" && rm "$f"; done

DEPT=$(head -1 "$WORK/d1/departments.tsv" | cut -f1)
XINYONG_DB=$CITY "$XY_BIN" init >/dev/null
XINYONG_DB=$CITY "$XY_BIN" dept add "$DEPT" "$(head -1 "$WORK/d1/departments.tsv" | cut -f2)" >/dev/null
XINYONG_DB=$PROV "$XY_BIN" init >/dev/null
PKEY=$(XINYONG_DB=$PROV "$XY_BIN" key create --role platform --name wuhan | tail -n 1)
serve "$PROV" prov
PUB=$(XINYONG_DB=$CITY "$XY_BIN" exchange dest add hubei "http://127.0.0.1:$SERVED_PORT/api/v1/exchange/inbound" \
    --as wuhan --key "$PKEY" | tail -n 1)
XINYONG_DB=$PROV "$XY_BIN" exchange source-key wuhan "$PUB" >/dev/null
stale() { sqlite3 "$1" "SELECT count(*) FROM eval_stale"; }

# 1. The city's import, its server running as in production (the destination disabled: its sender
# idle), so that the city regrades the subjects it takes as the province does during the push.
XINYONG_DB=$CITY "$XY_BIN" exchange dest disable hubei >/dev/null
serve "$CITY" city
t0=$(now_s)
XINYONG_DB=$CITY "$XY_BIN" import --quiet --class penalty --dept "$DEPT" "$WORK/d1/penalty.csv" >/dev/null
t1=$(now_s)
ts=$(now_s)
for _ in $(seq 1 12000); do
    [ "$(stale "$CITY")" != 0 ] || break
    sleep 0.05
done
settle_city=$(calc "$(now_s) - $ts")
imported=$(sqlite3 "$CITY" "SELECT count(*) FROM record")
subjects=$(sqlite3 "$CITY" "SELECT count(DISTINCT subject_id) FROM record")
import_s=$(calc "$t1 - $t0")
import_rate=$(calc "$imported / $import_s")

# 2. The push of the same changes.
t0=$(now_s)
XINYONG_DB=$CITY "$XY_BIN" exchange run hubei >"$WORK/run.out"
t1=$(now_s)
delivered=$(sqlite3 "$PROV" "SELECT count(*) FROM record")
[ "$delivered" = "$imported" ] || { echo "bench: the province holds $delivered records of $imported" >&2; exit 1; }
push_s=$(calc "$t1 - $t0")
push_rate=$(calc "$delivered / $push_s")
printf 'import:  %d records of %d subjects in %.2f s: %.0f records/s (then %.0f s for the city to regrade them)\n' \
    "$imported" "$subjects" "$import_s" "$import_rate" "$settle_city"
printf 'push:    %d records delivered in %.2f s: %.0f records/s (%s)\n' "$delivered" "$push_s" "$push_rate" "$(tail -n 1 "$WORK/run.out")"
printf 'ratio:   push / import = %.2fx (target >= 1.0x)\n' "$(calc "$push_rate / $import_rate")"

# 3. Lag under steady load: the city's server pushes as files arrive.
XINYONG_DB=$CITY "$XY_BIN" exchange dest enable hubei >/dev/null
# Steady means the servers are otherwise idle: the city server's first tick runs the day's jobs
# (expiry, supervision scan, the dashboards' aggregates: long write transactions over the 100,000
# records, during which the sender's cursor cannot move), and both servers regrade the subjects
# whose records changed (256 every 0.25 s, the writer held for each round). The load starts once
# both have no stale grade left and nothing is waiting to be pushed.
backlog() { sqlite3 "$CITY" "SELECT count(*) FROM change c, exchange_dest d WHERE c.seq > d.acked_seq - (d.acked_part > 0)"; }
t0=$(now_s)
for _ in $(seq 1 12000); do
    [ "$(backlog)" != 0 ] || [ "$(stale "$CITY")" != 0 ] || [ "$(stale "$PROV")" != 0 ] || break
    sleep 0.05
done
printf 'steady:  %.0f s for the servers to settle (the day'"'"'s jobs, regrading %d + %d subjects); %d records expired\n' \
    "$(calc "$(now_s) - $t0")" "$subjects" "$subjects" "$(sqlite3 "$CITY" "SELECT count(*) FROM record WHERE status = 'expired'")"
(
    while :; do
        echo "$(now_ms) $(sqlite3 "$PROV" "SELECT last_seq || ' ' || last_part FROM exchange_source WHERE name = 'wuhan'")"
        sqlite3 "$CITY" "SELECT failures || ' ' || last_error FROM exchange_dest WHERE failures > 0" >>"$WORK/failures.log" 2>/dev/null || true
        sleep 0.01
    done
) >"$WORK/polls.log" &
POLLER=$!
t0=$(now_s)
for f in "$WORK"/steady/part.*.csv; do
    next=$(($(now_ms) + STEADY_MS))
    XINYONG_DB=$CITY "$XY_BIN" import --quiet --class penalty --dept "$DEPT" "$f" >/dev/null
    echo "$(now_ms) $(sqlite3 "$CITY" "SELECT max(seq) FROM change")" >>"$WORK/commits.log"
    wait_ms=$((next - $(now_ms)))
    [ "$wait_ms" -le 0 ] || sleep "$(calc "$wait_ms / 1000")"
done
t1=$(now_s)
last=$(tail -n 1 "$WORK/commits.log" | cut -d' ' -f2)
for _ in $(seq 1 3000); do
    [ "$(sqlite3 "$PROV" "SELECT last_seq FROM exchange_source WHERE name = 'wuhan'")" -ge "$last" ] && break
    sleep 0.01
done
sleep 0.05
kill "$POLLER" 2>/dev/null || true
wait "$POLLER" 2>/dev/null || true
POLLER=""
steady_rows=$((STEADY_FILES * STEADY_ROWS))
# For each file: the first poll at or after its import's end at which the province's position is at
# or past the file's change (seq, part 0 = whole).
lags=$(awk 'NR == FNR { ct[NR] = $1; cs[NR] = $2; n = NR; next }
            { pt = $1; ps = $2; pp = $3
              while (i < n && (ps > cs[i + 1] || (ps == cs[i + 1] && pp == 0))) {
                  i++; lag = pt - ct[i]; if (lag < 0) lag = 0; print lag } }' \
    "$WORK/commits.log" "$WORK/polls.log" | sort -n)
count=$(printf '%s\n' "$lags" | grep -c . || true)
[ "$count" = "$STEADY_FILES" ] || { echo "bench: lag measured for $count files of $STEADY_FILES" >&2; exit 1; }
if [ -s "$WORK/failures.log" ]; then
    echo "steady:  the sender failed meanwhile: $(sort -u "$WORK/failures.log" | head -n 5 | tr '\n' ';')"
fi
pct() { printf '%s\n' "$lags" | awk -v p="$1" '{ a[NR] = $1 } END { k = int(NR * p / 100 + 0.999); if (k < 1) k = 1; print a[k] }'; }
printf 'steady:  %d records in %d files over %.1f s (%.0f records/s offered); end-to-end lag p50 %d ms, p99 %d ms, max %d ms (target p99 < 1000 ms)\n' \
    "$steady_rows" "$STEADY_FILES" "$(calc "$t1 - $t0")" "$(calc "$steady_rows / ($t1 - $t0)")" "$(pct 50)" "$(pct 99)" "$(pct 100)"
