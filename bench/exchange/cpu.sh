#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Exchange benchmark, CPU time: what an import and a push cost per 10,000 rows, which the machine's
# load does not stretch as it stretches wall time (bench/exchange/run.sh gives the rates). ROWS
# penalty rows of as many subjects: the city imports them (`xinyong import`, GNU time), then pushes
# them to a province's server on loopback (`xinyong exchange run`, GNU time); the province server's
# CPU time over the push (/proc/PID/stat, its threads summed, those that ended included) is the
# receiver's. Prints the figures, and the load average at the start and the end.
# usage: XY_BIN=build/xinyong bench/exchange/cpu.sh [ROWS]   (default 100000)
set -euo pipefail
ROWS=${1:-100000}
case $ROWS in '' | *[!0-9]*) echo "usage: $0 [ROWS]" >&2; exit 2 ;; esac
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/../lib.sh"
[ -x "$XY_BIN" ] || { echo "bench: $XY_BIN not found: build first (make build)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: GNU time (/usr/bin/time) is needed" >&2; exit 2; }

WORK=$(mktemp -d /tmp/xy-bench-exchange-cpu.XXXXXX)
PROV_PID=""
cleanup() {
    [ -z "$PROV_PID" ] || { kill "$PROV_PID" 2>/dev/null || true; wait "$PROV_PID" 2>/dev/null || true; }
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
export XY_TODAY=${XY_TODAY:-2026-11-28}
CITY=$WORK/city.db
PROV=$WORK/prov.db
cpu_s() { awk -v k="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / k }' "/proc/$1/stat"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

machine_line
echo "$("$XY_BIN" --version); $ROWS rows; load average at start: $(load)"
"$XY_BIN" demo --only penalty --rows "$ROWS" --seed 1 --out "$WORK/d1" >/dev/null
DEPT=$(head -1 "$WORK/d1/departments.tsv" | cut -f1)
XINYONG_DB=$CITY "$XY_BIN" init >/dev/null
XINYONG_DB=$CITY "$XY_BIN" dept add "$DEPT" "$(head -1 "$WORK/d1/departments.tsv" | cut -f2)" >/dev/null
XINYONG_DB=$PROV "$XY_BIN" init >/dev/null
PKEY=$(XINYONG_DB=$PROV "$XY_BIN" key create --role platform --name wuhan | tail -n 1)
: >"$WORK/prov.out"
XINYONG_DB=$PROV "$XY_BIN" serve --port 0 --access-log /dev/null --web "$WORK/no-web" >"$WORK/prov.out" 2>"$WORK/prov.err" &
PROV_PID=$!
PORT=""
for _ in $(seq 1 400); do
    PORT=$(sed -n 's/^port \([0-9][0-9]*\)$/\1/p' "$WORK/prov.out")
    [ -z "$PORT" ] || break
    sleep 0.05
done
[ -n "$PORT" ] || { echo "bench: the province did not start: $(cat "$WORK/prov.err")" >&2; exit 1; }
PUB=$(XINYONG_DB=$CITY "$XY_BIN" exchange dest add hubei "http://127.0.0.1:$PORT/api/v1/exchange/inbound" \
    --as wuhan --key "$PKEY" | tail -n 1)
XINYONG_DB=$PROV "$XY_BIN" exchange source-key wuhan "$PUB" >/dev/null

XINYONG_DB=$CITY /usr/bin/time -f '%U %S %e' -o "$WORK/import.time" \
    "$XY_BIN" import --quiet --class penalty --dept "$DEPT" "$WORK/d1/penalty.csv" >/dev/null
c0=$(cpu_s "$PROV_PID")
XINYONG_DB=$CITY /usr/bin/time -f '%U %S %e' -o "$WORK/push.time" "$XY_BIN" exchange run hubei >"$WORK/run.out"
c1=$(cpu_s "$PROV_PID")
delivered=$(sqlite3 "$PROV" "SELECT count(*) FROM record")
[ "$delivered" = "$ROWS" ] || { echo "bench: the province holds $delivered records of $ROWS" >&2; exit 1; }
read -r iu is iw <"$WORK/import.time"
read -r su ss sw <"$WORK/push.time"
per() { calc "$1 * 10000 / $ROWS"; }
imp=$(calc "$iu + $is")
snd=$(calc "$su + $ss")
rcv=$(calc "$c1 - $c0")
printf 'import:   %.2f s CPU (%.2f user + %.2f sys), %.1f s wall: %.2f s per 10,000 rows\n' "$imp" "$iu" "$is" "$iw" "$(per "$imp")"
printf 'push:     sender %.2f s CPU, %.1f s wall (%s); receiver %.2f s CPU\n' "$snd" "$sw" "$(tail -n 1 "$WORK/run.out")" "$rcv"
printf 'per 10,000 rows: sender %.2f s, receiver %.2f s; receiver / import = %.2fx\n' "$(per "$snd")" "$(per "$rcv")" \
    "$(calc "$rcv / $imp")"
echo "load average at end: $(load)"
