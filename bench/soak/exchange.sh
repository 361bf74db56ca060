#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Exchange soak: a city and a province (two `xinyong serve` on loopback, the city pushing its change
# log to the province, docs/internals/EXCHANGE.md) through rounds of kills for MINUTES (default 3)
# or SOAK_ROUNDS rounds. Each round imports a new demo data set (seed = round) into the city while
# its server pushes, kills the province with SIGKILL once it has taken some of the round's records
# and starts it again on the same port, kills the city with SIGKILL mid-push and starts it again,
# then waits until the city's backlog is empty and both hold as many record versions. Prints per
# round the records imported, the kill points and the time to converge after the city's restart;
# at the end the totals and, per class, the count and a SHA-256 of the current records on both
# sides (key, status, dates, fields), which must be equal, with no duplicate. Exits 1 otherwise.
# Outside the test gate: `make soak-exchange` (part of `make soak`).
#
# usage: XY_BIN=build/xinyong bench/soak/exchange.sh [MINUTES]
#   SOAK_ROUNDS    rounds to run (default: as many as fit in MINUTES)
#   SOAK_SUBJECTS  demo subjects a round (default 1000)
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
MINUTES=${1:-3}
XY_BIN=${XY_BIN:-$ROOT/build/xinyong}
ROUNDS=${SOAK_ROUNDS:-0}
SUBJECTS=${SOAK_SUBJECTS:-1000}
case $MINUTES$ROUNDS in *[!0-9]*) echo "usage: $0 [MINUTES] (SOAK_ROUNDS a number)" >&2; exit 2 ;; esac
case $XY_BIN in /*) ;; *) XY_BIN=$ROOT/$XY_BIN ;; esac
[ -x "$XY_BIN" ] || { echo "soak-exchange: $XY_BIN not found: build first (make build)" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "soak-exchange: sqlite3 is not installed" >&2; exit 2; }

T=$(mktemp -d /tmp/xy-soak-exchange.XXXXXX)
PPID_=""
CPID=""
IMPORTER=""
cleanup() {
    for p in $IMPORTER $CPID $PPID_; do kill -KILL "$p" 2>/dev/null || true; done
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
export XY_TODAY=2026-11-28 # the demo's day, for the data's windows; signatures use wall time
CITY=$T/city.db
PROV=$T/prov.db
say() { printf 'soak-exchange: %s\n' "$*" >&2; }
die() { say "FAIL: $*"; exit 1; }
now_ms() { date +%s%3N; }

# serve DB PORT NAME: starts a server; prints its pid; the port it took is in $T/NAME.port.
serve() {
    : >"$T/$3.out"
    "$XY_BIN" serve --port "$2" --access-log /dev/null --web "$T/no-web" >"$T/$3.out" 2>>"$T/$3.err" &
    local pid=$! port=""
    [ "$2" = 0 ] || port=$2 # a port given: it prints none
    for _ in $(seq 1 400); do
        [ -z "$port" ] || break
        port=$(sed -n 's/^port \([0-9][0-9]*\)$/\1/p' "$T/$3.out")
        kill -0 "$pid" 2>/dev/null || die "$3 did not start: $(tail -n 5 "$T/$3.err")"
        sleep 0.05
    done
    [ -n "$port" ] || die "$3 printed no port"
    for _ in $(seq 1 400); do
        [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz" || true)" != 200 ] || break
        kill -0 "$pid" 2>/dev/null || die "$3 did not start again: $(tail -n 5 "$T/$3.err")"
        sleep 0.05
    done
    echo "$port" >"$T/$3.port"
    echo "$pid"
}
kill9() { kill -KILL "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
city_count() { sqlite3 "$CITY" "SELECT count(*) FROM record"; }
prov_count() { sqlite3 "$PROV" "SELECT count(*) FROM record"; }
backlog() { sqlite3 "$CITY" "SELECT count(*) FROM change c, exchange_dest d WHERE c.seq > d.acked_seq - (d.acked_part > 0)"; }
# wait_for COND_FUNCTION SECONDS: polls every 20 ms; returns 1 when it never held.
wait_for() {
    for _ in $(seq 1 $(($2 * 50))); do
        if "$1"; then return 0; fi
        sleep 0.02
    done
    return 1
}

say "setting up a city and a province (demo: $SUBJECTS subjects a round)"
XINYONG_DB=$CITY "$XY_BIN" init >/dev/null
XINYONG_DB=$PROV "$XY_BIN" init >/dev/null
PKEY=$(XINYONG_DB=$PROV "$XY_BIN" key create --role platform --name wuhan | tail -n 1)
PPID_=$(XINYONG_DB=$PROV serve "$PROV" 0 prov)
PPORT=$(cat "$T/prov.port")
PUB=$(XINYONG_DB=$CITY "$XY_BIN" exchange dest add hubei "http://127.0.0.1:$PPORT/api/v1/exchange/inbound" --as wuhan \
    --key "$PKEY" | tail -n 1)
XINYONG_DB=$PROV "$XY_BIN" exchange source-key wuhan "$PUB" >/dev/null
CPID=$(XINYONG_DB=$CITY serve "$CITY" 0 city)

start=$(date +%s)
round=0
conv_total=0
conv_max=0
imported_total=0
tab=$(printf '\t')
while :; do
    round=$((round + 1))
    if [ "$ROUNDS" -gt 0 ]; then
        [ "$round" -le "$ROUNDS" ] || break
    elif [ "$round" -gt 1 ] && [ $(($(date +%s) - start)) -ge $((MINUTES * 60)) ]; then
        break
    fi
    rm -rf "$T/demo"
    "$XY_BIN" demo --subjects "$SUBJECTS" --seed "$round" --out "$T/demo" >/dev/null
    while IFS="$tab" read -r uscc name; do
        XINYONG_DB=$CITY "$XY_BIN" dept add "$uscc" "$name" >/dev/null 2>&1 || true
    done <"$T/demo/departments.tsv"
    c0=$(city_count)
    p0=$(prov_count)
    (
        while IFS="$tab" read -r class dept path; do
            rc=0
            XINYONG_DB=$CITY "$XY_BIN" import --quiet --class "$class" --dept "$dept" "$T/demo/$path" >/dev/null || rc=$?
            [ "$rc" -le 1 ] || exit "$rc"
        done <"$T/demo/manifest.tsv"
    ) &
    IMPORTER=$!
    # The province is killed once it has taken some of this round's records, and started again.
    took_some() { [ "$(prov_count)" -gt "$p0" ]; }
    wait_for took_some 120 || die "round $round: the province took nothing in 120 s"
    kill9 "$PPID_"
    pk=$(prov_count)
    wait "$IMPORTER" || die "round $round: the import failed"
    IMPORTER=""
    c1=$(city_count)
    PPID_=$(XINYONG_DB=$PROV serve "$PROV" "$PPORT" prov)
    # The city is killed mid-push: while the province has more than at its kill and fewer than the city.
    moved() { [ "$(prov_count)" -gt "$pk" ]; }
    wait_for moved 120 || die "round $round: nothing pushed after the province's restart"
    kill9 "$CPID"
    ck=$(prov_count)
    t0=$(now_ms)
    CPID=$(XINYONG_DB=$CITY serve "$CITY" 0 city)
    synced() { [ "$(backlog)" = 0 ] && [ "$(city_count)" = "$(prov_count)" ]; }
    wait_for synced 300 || die "round $round: not converged in 300 s: backlog $(backlog), city $(city_count), province $(prov_count)"
    conv=$(($(now_ms) - t0))
    conv_total=$((conv_total + conv))
    [ "$conv" -le "$conv_max" ] || conv_max=$conv
    imported_total=$((imported_total + c1 - c0))
    printf 'round %d: %d record versions imported (city %d); province killed at %d, city killed at %d of %d; converged %d ms after the city restarted\n' \
        "$round" $((c1 - c0)) "$c1" "$pk" "$ck" "$c1" "$conv"
done
rounds=$((round - 1))

# Both sides: count and hash per class, versions, no duplicate.
per_class() {
    sqlite3 "$1" "SELECT r.class, d.uscc, r.doc_no, r.status, r.decision_date, r.public_until, r.fields
                  FROM record r JOIN dept d ON d.id = r.dept_id WHERE r.is_current = 1 AND r.class = '$2'
                  ORDER BY d.uscc, r.doc_no" | sha256sum | cut -c1-64
}
ok=1
for c in $(sqlite3 "$CITY" "SELECT DISTINCT class FROM record ORDER BY 1"); do
    cc=$(sqlite3 "$CITY" "SELECT count(*) FROM record WHERE is_current = 1 AND class = '$c'")
    pc=$(sqlite3 "$PROV" "SELECT count(*) FROM record WHERE is_current = 1 AND class = '$c'")
    ch=$(per_class "$CITY" "$c")
    ph=$(per_class "$PROV" "$c")
    printf '  %-14s city %7d %.16s  province %7d %.16s  %s\n' "$c" "$cc" "$ch" "$pc" "$ph" \
        "$([ "$cc" = "$pc" ] && [ "$ch" = "$ph" ] && echo equal || echo DIFFERENT)"
    [ "$cc" = "$pc" ] && [ "$ch" = "$ph" ] || ok=0
done
dups=$(sqlite3 "$PROV" "SELECT count(*) FROM (SELECT 1 FROM record WHERE is_current = 1 GROUP BY class, dept_id, doc_no HAVING count(*) > 1)")
secs=$(($(date +%s) - start))
printf 'soak-exchange: %d rounds in %d s, %d record versions imported and delivered (city %d, province %d), %d duplicates; time to converge after the city restarted: mean %d ms, max %d ms; %d kills\n' \
    "$rounds" "$secs" "$imported_total" "$(city_count)" "$(prov_count)" "$dups" $((rounds ? conv_total / rounds : 0)) "$conv_max" $((2 * rounds))
[ "$(city_count)" = "$(prov_count)" ] && [ "$dups" = 0 ] || ok=0
[ "$ok" = 1 ] || die "the two platforms differ"
say "ok"
