#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Ingest on both back ends in the same run: ROWS penalty rows of one department, one CSV file, loaded by
# `xinyong import` into a SQLite database and into a PostgreSQL database, and by raw psql COPY (all
# columns text) into an unindexed table (the ceiling) and into one with a primary key on the document
# number. The cluster is a throwaway one started here with the server's defaults (fsync on,
# synchronous_commit on, full_page_writes on), on a Unix socket. With PG_LOG=1 the server logs every
# statement's duration (log_min_duration_statement=0) during the PostgreSQL import, and the script
# prints the statements by total time: count, total ms, mean ms (the log costs time itself; use it
# for the profile, not for the rate).
# usage: XY_BIN=build/xinyong bench/ingest/pg.sh [ROWS]   (default 5000)
set -euo pipefail
ROWS=${1:-5000}
case $ROWS in '' | *[!0-9]*) echo "usage: $0 [ROWS]" >&2; exit 2 ;; esac
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/../lib.sh"
[ -x "$XY_BIN" ] || { echo "bench: $XY_BIN not found: build first (make build)" >&2; exit 2; }

DATA=$BENCH_ROOT/bench/data/ingest
mkdir -p "$DATA"
WORK=$(mktemp -d "$DATA/pg.XXXXXX")
PGDIR=$(mktemp -d /tmp/xy-bench-pgi.XXXXXX)
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pg_as() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
    pg_as "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PGDIR" "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
machine_line
echo "sqlite $(sqlite3 --version | cut -d' ' -f1); $("$PGBIN/postgres" --version); $("$XY_BIN" --version)"

export XY_TODAY=${XY_TODAY:-2026-11-28}
GEN=$DATA/gen-$ROWS
rm -rf "$GEN"
"$XY_BIN" demo --out "$GEN" --only penalty --rows "$ROWS" --today "$XY_TODAY" >/dev/null
CSV=$GEN/penalty.csv
[ -f "$CSV" ] || CSV=$(awk -F'\t' -v d="$GEN" '$1 == "penalty" { print d "/" $3; exit }' "$GEN/manifest.tsv")
DEPT=$(head -1 "$GEN/departments.tsv" | cut -f1)
DEPT_NAME=$(head -1 "$GEN/departments.tsv" | cut -f2)
echo "data: $(($(wc -l <"$CSV") - 1)) penalty rows, $(stat -c %s "$CSV") bytes; load $(cut -d' ' -f1-3 /proc/loadavg)"

# The cluster: server defaults for durability; the socket in its folder.
if [ "$(id -u)" = 0 ]; then chown postgres: "$PGDIR"; chmod 755 "$PGDIR"; fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
pg_as "$PGBIN/initdb" -D "$PGDIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1
pg_as "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 60 \
    -o "-c listen_addresses= -c unix_socket_directories=$PGDIR -p $port" start >/dev/null
PSQL=(psql -X -q -h "$PGDIR" -p "$port" -U postgres -v ON_ERROR_STOP=1)
echo "cluster: fsync=$("${PSQL[@]}" -d postgres -Atc 'SHOW fsync'), synchronous_commit=$("${PSQL[@]}" -d postgres -Atc 'SHOW synchronous_commit')"
"${PSQL[@]}" -d postgres -c "CREATE DATABASE xy" -c "CREATE DATABASE ref"
URL="postgresql:///xy?host=$(printf %s "$PGDIR" | sed 's|/|%2F|g')&port=$port&user=postgres"

# One import: seconds on stdout, the batch line kept in $WORK/$2.out.
import() { # DB NAME [log]
    local t0 rc=0
    "$XY_BIN" --db "$1" init >/dev/null
    "$XY_BIN" --db "$1" dept add "$DEPT" "$DEPT_NAME" >/dev/null
    if [ "${3:-}" = log ]; then
        "${PSQL[@]}" -d postgres -c "ALTER SYSTEM SET log_min_duration_statement = 0" -c "SELECT pg_reload_conf()" >/dev/null
        sleep 0.5
    fi
    t0=$(now_s)
    "$XY_BIN" --db "$1" import --quiet --class penalty --dept "$DEPT" "$CSV" >"$WORK/$2.out" 2>&1 || rc=$?
    [ "$rc" -le 1 ] || { cat "$WORK/$2.out" >&2; exit 1; }
    calc "$(now_s) - $t0"
}
accepted() { sed -n 's/.* \([0-9]*\) accepted.*/\1/p' "$WORK/$1.out" | head -1; }

SQ_S=$(import "$WORK/xinyong.db" sqlite)
export XINYONG_KEY_FILE=$WORK/pg.key
PG_S=$(import "$URL" pg "$([ "${PG_LOG:-0}" = 1 ] && echo log)")
if [ "${PG_LOG:-0}" = 1 ]; then
    "${PSQL[@]}" -d postgres -c "ALTER SYSTEM RESET log_min_duration_statement" -c "SELECT pg_reload_conf()" >/dev/null
    echo "statements of the PostgreSQL run by total time (count, total ms, mean ms):"
    # "duration: X ms  execute NAME: SQL" (extended protocol) or "statement: SQL".
    sed -n 's/.*duration: \([0-9.]*\) ms  \(execute [^:]*\|statement\|parse [^:]*\|bind [^:]*\): \(.*\)/\1\t\2: \3/p' \
        "$PGDIR/server.log" | sed 's/^\([0-9.]*\)\t\(bind\|parse\) [^:]*:/\1\t\2:/' |
        awk -F'\t' '{ n[$2]++; t[$2] += $1 } END { for (k in n) printf "%8d %10.1f %8.3f  %s\n", n[k], t[k], t[k] / n[k], substr(k, 1, 150) }' |
        sort -k2 -rn | awk 'NR <= 25'
    sed -n 's/.*duration: \([0-9.]*\) ms  \(execute\|statement\).*/\1/p' "$PGDIR/server.log" |
        awk '{ n++; t += $1 } END { printf "all: %d statements executed, %.0f ms of server time (parse and bind apart)\n", n, t }'
fi
echo "PostgreSQL database after the import: $("${PSQL[@]}" -d xy -Atc "SELECT pg_size_pretty(pg_database_size('xy'))")"

# The references, same file, same cluster.
COLS=$(head -1 "$CSV" | sed 's/^\xEF\xBB\xBF//; s/\r$//' | awk -F, '{ for (i = 1; i <= NF; i++) printf "%s\"%s\" text", (i > 1 ? ", " : ""), $i }')
"${PSQL[@]}" -d ref -c "CREATE TABLE plain ($COLS)" -c "CREATE TABLE keyed ($COLS, PRIMARY KEY (\"CF_WSH\"))"
copy() { # TABLE
    local t0
    t0=$(now_s)
    "${PSQL[@]}" -d ref -c "COPY $1 FROM STDIN WITH (FORMAT csv, HEADER true)" <"$CSV"
    calc "$(now_s) - $t0"
}
C1_S=$(copy plain)
C2_S=$(copy keyed)

SQ_N=$(accepted sqlite)
PG_N=$(accepted pg)
C_N=$("${PSQL[@]}" -d ref -Atc "SELECT count(*) FROM keyed")
rate() { calc "$1 / $2" | cut -d. -f1; }
echo
printf '%-44s %8s %9s %9s\n' "load of the file" rows seconds rows/s
printf '%-44s %8s %9.2f %9s\n' "xinyong import, SQLite back end" "$SQ_N" "$SQ_S" "$(rate "$SQ_N" "$SQ_S")"
printf '%-44s %8s %9.2f %9s\n' "xinyong import, PostgreSQL back end" "$PG_N" "$PG_S" "$(rate "$PG_N" "$PG_S")"
printf '%-44s %8s %9.2f %9s\n' "raw COPY, unindexed table (ceiling)" "$C_N" "$C1_S" "$(rate "$C_N" "$C1_S")"
printf '%-44s %8s %9.2f %9s\n' "raw COPY, table with a primary key" "$C_N" "$C2_S" "$(rate "$C_N" "$C2_S")"
echo "PostgreSQL import / raw COPY unindexed = $(calc "($PG_N / $PG_S) / ($C_N / $C1_S)" | cut -c1-6) (target >= 0.5)"
echo "PostgreSQL import / SQLite import = $(calc "($PG_N / $PG_S) / ($SQ_N / $SQ_S)" | cut -c1-6)"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
