#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Lookups and searches over HTTP on both back ends in the same run (issue 17). The 100,000-subject city
# of bench/migrate (bench/data/migrate/city-SUBJECTS, built there by scripts/make-demo) is brought to
# this binary's schema, migrated into a throwaway PostgreSQL cluster (tests/store/pg-cluster.sh: Unix
# socket, fsync off: reads only here), and `xinyong serve` runs once on each back end, with the answer
# cache and with --no-cache. wrk (2 threads, 64 connections, bench/http/xy.lua) drives, each run after
# a warm-up:
#   lookup          GET /api/v1/subjects/{uscc}, uniform over every subject with a USCC
#   search-2/-4     GET /api/v1/subjects?q=, 2- and 4-character pieces of real names (bench/http/run.sh's lists)
# Then the sizes for docs/scale.md: every table and index of both databases (pg_total_relation_size,
# pg_relation_size; SQLite's dbstat).
# usage: XY_BIN=build/xinyong bench/http/pg.sh [SUBJECTS] [DURATION]   (defaults 100000 and 10)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib.sh
. "$HERE/../lib.sh"
if [ -z "${XY_TEST_PG:-}" ]; then
    initdb=$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | tail -n 1)
    [ -n "$initdb" ] || { echo "bench: no PostgreSQL server programs (postgresql-15)" >&2; exit 2; }
    exec "$BENCH_ROOT/tests/store/pg-cluster.sh" "$(dirname "$initdb")" bash "$0" "$@"
fi
SUBJECTS=${1:-100000}
DURATION=${2:-10}
WARM=3
SRC=$BENCH_ROOT/bench/data/migrate/city-$SUBJECTS
[ -f "$SRC/xinyong.db" ] || { echo "bench: no $SRC (make bench-migrate builds it)" >&2; exit 2; }
T=$(mktemp -d /tmp/xy-bench-pghttp.XXXXXX)
SPID=""
stop_pid() { kill -TERM "$1" 2>/dev/null || return 0; for _ in $(seq 1 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done; kill -KILL "$1" 2>/dev/null || true; }
cleanup() { [ -n "$SPID" ] && stop_pid "$SPID"; wait 2>/dev/null || true; rm -rf "$T"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
cp "$XY_BIN" "$T/xinyong"
XY=$T/xinyong
export XY_TODAY=${XY_TODAY:-2026-11-28}
machine_line
echo "sqlite $(sqlite3 --version | cut -d' ' -f1); $(psql "$XY_TEST_PG" -XAtc 'SELECT version()' | cut -d' ' -f1-2); $("$XY" --version)"

# The SQLite side: a copy of the city, at this binary's schema, expiry caught up.
mkdir -p "$T/city"
cp "$SRC"/xinyong.db "$SRC"/xinyong.db.key "$T/city/"
[ -f "$SRC/xinyong.db.sm2.pem" ] && cp "$SRC/xinyong.db.sm2.pem" "$T/city/"
DB=$T/city/xinyong.db
"$XY" --db "$DB" init >/dev/null
"$XY" --db "$DB" maintain >/dev/null
# The PostgreSQL side: the same database migrated.
PG=$(printf '%s' "$XY_TEST_PG" | sed 's|:///postgres?|:///city?|')
psql "$XY_TEST_PG" -Xqc "CREATE DATABASE city"
t0=$(now_s)
"$XY" migrate --from "$DB" --to "$PG" >"$T/migrate.out" 2>"$T/migrate.err" || { tail "$T/migrate.err" "$T/migrate.out" >&2; exit 1; }
echo "migrated in $(fmt %.1f "$(calc "$(now_s) - $t0")") s: $(sqlite3 -readonly "$DB" 'SELECT count(*) FROM subject') subjects, $(sqlite3 -readonly "$DB" 'SELECT count(*) FROM record') records; load $(cut -d' ' -f1-3 /proc/loadavg)"
psql "$PG" -Xqc "VACUUM ANALYZE"
export XINYONG_KEY_FILE=$DB.key

# The lists (as bench/http/run.sh makes them).
step=$((SUBJECTS / 11000))
[ "$step" -ge 2 ] || step=2
sqlite3 -readonly "$DB" "SELECT uscc FROM subject WHERE uscc IS NOT NULL" >"$T/uscc-all.txt"
for len in 2 4; do
    sqlite3 -readonly "$DB" "SELECT substr(name, 1 + ((id / $step) * 7919) % (length(name) - $((len - 1))), $len)
        FROM subject WHERE uscc IS NOT NULL AND length(name) >= $len AND id % $step = $((1 % step)) LIMIT 10000" >"$T/q$len.txt"
done

start_xy() { # DB SERVE-OPTIONS...
    local db=$1
    shift
    "$XY" --db "$db" serve --port 0 --bind 127.0.0.1 --threads 2 --search-rate 0 --access-log /dev/null "$@" \
        >"$T/serve.out" 2>"$T/serve.err" &
    SPID=$!
    XPORT=""
    for _ in $(seq 1 300); do
        XPORT=$(sed -n 's/^port \([0-9]*\)$/\1/p' "$T/serve.out")
        [ -n "$XPORT" ] && break
        kill -0 "$SPID" 2>/dev/null || break
        sleep 0.1
    done
    [ -n "$XPORT" ] || { echo "bench: serve did not start:" >&2; cat "$T/serve.err" >&2; exit 1; }
    X=http://127.0.0.1:$XPORT
    curl -fsS -o /dev/null "$X/api/v1/subjects/$(head -1 "$T/uscc-all.txt")"
}
run() { # NAME LIST PREFIX
    local line
    env XY_WRK_MODE=list "XY_WRK_PREFIX=$3" "XY_WRK_LIST=$2" wrk -t2 -c64 -d${WARM}s --timeout 5s -s "$HERE/xy.lua" "$X" >/dev/null 2>&1 || true
    line=$(env XY_WRK_MODE=list "XY_WRK_PREFIX=$3" "XY_WRK_LIST=$2" wrk -t2 -c64 -d"${DURATION}s" --timeout 5s --latency \
        -s "$HERE/xy.lua" "$X" 2>&1 | grep -m1 '^xy-result ') || { echo "bench: wrk $1 failed" >&2; exit 1; }
    get() { echo "$line" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
    printf '%-28s %9.0f %8.2f %8.2f %8.2f %6s %5s\n' "$1" "$(get rps)" "$(calc "$(get p50_us) / 1000")" \
        "$(calc "$(get p90_us) / 1000")" "$(calc "$(get p99_us) / 1000")" \
        "$(($(get status_errors) + $(get connect) + $(get read) + $(get write) + $(get timeout)))" "$(cut -d' ' -f1 /proc/loadavg)"
}
echo
echo "wrk -t2 -c64 -d${DURATION}s --latency after a ${WARM} s warm-up; serve --threads 2; lookups uniform over $(wc -l <"$T/uscc-all.txt") USCCs"
printf '%-28s %9s %8s %8s %8s %6s %5s\n' run "req/s" "p50 ms" "p90 ms" "p99 ms" errors load
for backend in sqlite pg; do
    db=$DB
    [ "$backend" = pg ] && db=$PG
    start_xy "$db"
    run "$backend lookup (cache)" "$T/uscc-all.txt" /api/v1/subjects/
    run "$backend search-2 (cache)" "$T/q2.txt" "/api/v1/subjects?q="
    run "$backend search-4 (cache)" "$T/q4.txt" "/api/v1/subjects?q="
    stop_pid "$SPID"
    wait "$SPID" 2>/dev/null || true
    start_xy "$db" --no-cache
    run "$backend lookup (no-cache)" "$T/uscc-all.txt" /api/v1/subjects/
    run "$backend search-2 (no-cache)" "$T/q2.txt" "/api/v1/subjects?q="
    run "$backend search-4 (no-cache)" "$T/q4.txt" "/api/v1/subjects?q="
    stop_pid "$SPID"
    wait "$SPID" 2>/dev/null || true
    SPID=""
done

# 4. Sizes.
echo
echo "PostgreSQL: database $(psql "$PG" -XAtc "SELECT pg_database_size(current_database())") bytes; tables (rows, heap+toast bytes, index bytes) and each index:"
psql "$PG" -XAt -F' ' -c "SELECT c.relname, c.reltuples::bigint, pg_table_size(c.oid), pg_indexes_size(c.oid)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY pg_total_relation_size(c.oid) DESC LIMIT 12"
psql "$PG" -XAt -F' ' -c "SELECT t.relname, i.relname, pg_relation_size(i.oid) FROM pg_index x
    JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = 'public' AND t.relname IN ('record', 'subject', 'name_gram', 'gram_count', 'record_cite', 'audit')
    ORDER BY 1, 3 DESC" | sed 's/^/  index /'
echo "SQLite: file $(stat -c %s "$DB") bytes; tables and indexes (bytes from dbstat):"
sqlite3 -readonly "$DB" "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 30" | tr '|' ' '
