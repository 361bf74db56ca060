#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Ingest benchmark: ROWS penalty rows of one department, from one CSV file, loaded three ways in the
# same run: our import (`xinyong import`), plain SQLite (bench_plain_sqlite: one prepared INSERT,
# all TEXT, WAL + synchronous=FULL, no checks) and PostgreSQL COPY into a table with a primary key
# on the document number. Prints rows/s of each and the ratios; writes nothing to RESULTS.md.
# usage: XY_BIN=build/xinyong bench/ingest/run.sh [ROWS]   (default 1000000)
set -euo pipefail
ROWS=${1:-1000000}
case $ROWS in '' | *[!0-9]*) echo "usage: $0 [ROWS]" >&2; exit 2 ;; esac
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/../lib.sh"
bench_setup bench_plain_sqlite

PG_PORT=${PG_PORT:-54329}
DATA=$BENCH_ROOT/bench/data/ingest
mkdir -p "$DATA"
WORK=$(mktemp -d "$DATA/run.XXXXXX")
PGDIR=""
cleanup() {
    if [ -n "$PGDIR" ] && [ -f "$PGDIR/data/postmaster.pid" ]; then
        pg_as "$PGBIN/pg_ctl" -D "$PGDIR/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    if [ -n "$PGDIR" ]; then rm -rf "$PGDIR"; fi
    rm -rf "$WORK"
    if [ -n "${GEN:-}" ]; then rm -rf "$GEN"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pg_as() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
machine_line
echo "sqlite $(sqlite3 --version | cut -d' ' -f1); $("$PGBIN/postgres" --version); $("$XY_BIN" --version)"

# 1. The data: exactly ROWS penalty rows of the first department, in one file.
export XY_TODAY=${XY_TODAY:-2026-11-28}
GEN=$DATA/gen-$ROWS
t0=$(now_s)
rm -rf "$GEN"
"$XY_BIN" demo --out "$GEN" --only penalty --rows "$ROWS" --today "$XY_TODAY" >/dev/null
CSV=$GEN/penalty.csv
[ -f "$CSV" ] || CSV=$(awk -F'\t' -v d="$GEN" '$1 == "penalty" { print d "/" $3; exit }' "$GEN/manifest.tsv")
DEPT=$(head -1 "$GEN/departments.tsv" | cut -f1)
DEPT_NAME=$(head -1 "$GEN/departments.tsv" | cut -f2)
NLINES=$(($(wc -l <"$CSV") - 1))
CSV_BYTES=$(stat -c %s "$CSV")
echo "data: $CSV: $NLINES lines, $CSV_BYTES bytes ($(calc "$CSV_BYTES / $NLINES" | cut -d. -f1) bytes/row), generated in $(calc "$(now_s) - $t0" | cut -c1-5) s"

# 2a. Ours.
DB=$WORK/xinyong.db
"$XY_BIN" --db "$DB" init >/dev/null
"$XY_BIN" --db "$DB" dept add "$DEPT" "$DEPT_NAME" >/dev/null
sync
t0=$(now_s)
rc=0
/usr/bin/time -v -o "$WORK/time.txt" "$XY_BIN" --db "$DB" import --quiet --class penalty --dept "$DEPT" "$CSV" \
    >"$WORK/import.out" 2>&1 || rc=$?
OURS_S=$(calc "$(now_s) - $t0")
if [ "$rc" -gt 1 ]; then
    echo "ours: import failed (exit $rc):" >&2
    cat "$WORK/import.out" >&2
    exit 1
fi
OURS_LINE=$(grep -m1 '^batch' "$WORK/import.out" || true)
OURS_ROWS=$(echo "$OURS_LINE" | sed -n 's/.* \([0-9]*\) accepted.*/\1/p')
OURS_ROWS=${OURS_ROWS:-0}
OURS_RSS_KB=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$WORK/time.txt")
DB_BYTES=$(du -cb "$DB"* | tail -1 | cut -f1)
echo "ours: $OURS_LINE"
rm -f "$DB" "$DB"-wal "$DB"-shm
sync

# 2b. Plain SQLite.
PDB=$WORK/plain.db
t0=$(now_s)
"$BENCH_BIN/bench_plain_sqlite" "$PDB" "$CSV" >"$WORK/plain.out"
PLAIN_S=$(calc "$(now_s) - $t0")
PLAIN_ROWS=$(awk '{ print $2 }' "$WORK/plain.out")
PLAIN_BYTES=$(du -cb "$PDB"* | tail -1 | cut -f1)
rm -f "$PDB" "$PDB"-wal "$PDB"-shm
sync

# 2c. PostgreSQL COPY into a throwaway cluster on a Unix socket (default settings, fsync on).
PGDIR=$(mktemp -d /tmp/xy-bench-pg.XXXXXX)
if [ "$(id -u)" = 0 ]; then chown postgres: "$PGDIR"; fi
pg_as "$PGBIN/initdb" -D "$PGDIR/data" -U postgres --auth=trust -E UTF8 --locale=C >"$WORK/initdb.log" 2>&1
pg_as "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w \
    -o "-p $PG_PORT -k $PGDIR -c listen_addresses=''" start >/dev/null
PSQL=(pg_as psql -X -q -h "$PGDIR" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1)
COLS=$(head -1 "$CSV" | sed 's/^\xEF\xBB\xBF//; s/\r$//' | awk -F, '{ for (i = 1; i <= NF; i++) printf "%s\"%s\" text", (i > 1 ? ", " : ""), $i }')
"${PSQL[@]}" -c "CREATE TABLE penalty ($COLS, PRIMARY KEY (\"CF_WSH\"))"
t0=$(now_s)
"${PSQL[@]}" -c "COPY penalty FROM STDIN WITH (FORMAT csv, HEADER true)" <"$CSV"
PG_S=$(calc "$(now_s) - $t0")
t0=$(now_s)
"${PSQL[@]}" -c "CHECKPOINT"
PG_CKPT_S=$(calc "$(now_s) - $t0")
PG_ROWS=$("${PSQL[@]}" -At -c "SELECT count(*) FROM penalty")
PG_BYTES=$("${PSQL[@]}" -At -c "SELECT pg_total_relation_size('penalty')")
pg_as "$PGBIN/pg_ctl" -D "$PGDIR/data" -m fast -w stop >/dev/null
rm -rf "$PGDIR"
PGDIR=""

# 3. Figures.
rate() { calc "$1 / $2" | cut -d. -f1; }
OURS_R=$(rate "$OURS_ROWS" "$OURS_S")
PLAIN_R=$(rate "$PLAIN_ROWS" "$PLAIN_S")
PG_R=$(rate "$PG_ROWS" "$PG_S")
PGC_R=$(rate "$PG_ROWS" "$(calc "$PG_S + $PG_CKPT_S")")
echo
printf '%-34s %10s %9s %10s %12s\n' "load of $NLINES penalty rows" rows seconds rows/s "size MB"
printf '%-34s %10s %9.2f %10s %12.1f\n' "ours: xinyong import" "$OURS_ROWS" "$OURS_S" "$OURS_R" "$(calc "$DB_BYTES / 1048576")"
printf '%-34s %10s %9.2f %10s %12.1f\n' "plain SQLite (1 INSERT, WAL, FULL)" "$PLAIN_ROWS" "$PLAIN_S" "$PLAIN_R" "$(calc "$PLAIN_BYTES / 1048576")"
printf '%-34s %10s %9.2f %10s %12.1f\n' "PostgreSQL COPY (text, PK)" "$PG_ROWS" "$PG_S" "$PG_R" "$(calc "$PG_BYTES / 1048576")"
printf '%-34s %10s %9.2f %10s\n' "PostgreSQL COPY + CHECKPOINT" "$PG_ROWS" "$(calc "$PG_S + $PG_CKPT_S")" "$PGC_R"
echo
R1=$(calc "$OURS_R / $PLAIN_R" | cut -c1-5)
R2=$(calc "$OURS_R / $PG_R" | cut -c1-5)
ok1=$(awk -v r="$R1" 'BEGIN { print (r >= 0.5 ? "met" : "MISSED") }')
ok2=$(awk -v r="$R2" 'BEGIN { print (r >= 1.0 ? "met" : "MISSED") }')
echo "ours / plain SQLite = $R1   (target >= 0.5: $ok1)"
echo "ours / PG COPY      = $R2   (target >= 1.0: $ok2)"
echo "ours: database $(calc "$DB_BYTES / 1048576" | cut -d. -f1) MB ($(calc "$DB_BYTES / $OURS_ROWS" | cut -d. -f1) bytes/row), peak RSS $((OURS_RSS_KB / 1024)) MB"
if [ "$OURS_ROWS" != "$ROWS" ] || [ "$PLAIN_ROWS" != "$ROWS" ] || [ "$PG_ROWS" != "$ROWS" ]; then
    echo "WARNING: rows loaded differ from the $ROWS asked for (see the import line above)" >&2
fi
