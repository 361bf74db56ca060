#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `xinyong migrate` of a demo city (scripts/make-demo, SUBJECTS subjects, default 100,000) into an empty
# database of a throwaway PostgreSQL cluster (tests/store/pg-cluster.sh: Unix socket, fsync off), timed
# whole: schema, copy, the comparison of every table, the sequences. Against a reference measured in
# the same run on the same cluster: the largest table (record) sent through psql's raw COPY
# (`COPY record TO STDOUT | COPY ref FROM STDIN`) into an unindexed table of the same columns, the
# ceiling of loading those rows through COPY here, and into one with record's indexes. The time of
# each of the largest tables is read from the progress lines (stamped as they come). Peak RSS from
# GNU time.
# usage: XY_BIN=build/xinyong bench/migrate/run.sh [SUBJECTS]   (the database is kept in
#        bench/data/migrate/city-SUBJECTS and reused)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib.sh
. "$HERE/../lib.sh"
if [ -z "${XY_TEST_PG:-}" ]; then
    bench_setup
    initdb=$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | tail -n 1)
    [ -n "$initdb" ] || { echo "bench: no PostgreSQL server programs (postgresql-15)" >&2; exit 2; }
    exec "$BENCH_ROOT/tests/store/pg-cluster.sh" "$(dirname "$initdb")" bash "$0" "$@"
fi
SUBJECTS=${1:-100000}
DIR=$BENCH_ROOT/bench/data/migrate/city-$SUBJECTS
"$BENCH_ROOT/scripts/make-demo" "$XY_BIN" "$DIR" "$SUBJECTS" >/dev/null
DB=$DIR/xinyong.db
T=$(mktemp -d /tmp/xy-bench-migrate.XXXXXX)
trap 'rm -rf "$T"' EXIT
machine_line
subjects=$(sqlite3 -readonly "$DB" "SELECT count(*) FROM subject")
records=$(sqlite3 -readonly "$DB" "SELECT count(*) FROM record")
echo "database: $DB, $subjects subjects, $records records, $(du -m "$DB" | cut -f1) MB; load $(cut -d' ' -f1-3 /proc/loadavg)"
target=$(printf '%s' "$XY_TEST_PG" | sed 's|:///postgres?|:///migrated?|')
psql "$XY_TEST_PG" -Xqc "CREATE DATABASE migrated"
stamp() { while IFS= read -r l; do echo "$(now_s) $l"; done; }
/usr/bin/time -f '%e %M' -o "$T/time" "$XY_BIN" migrate --from "$DB" --to "$target" >"$T/out" 2> >(stamp >"$T/err") ||
    { cat "$T/err" "$T/out" >&2; exit 1; }
t_end=$(now_s)
sleep 0.5 # the stamping of stderr finishes after the program
read -r secs kb <"$T/time"
rows=$(sed -n 's/.* \([0-9]*\) rows copied in .*/\1/p' "$T/out")
tables=$(grep -c '^same ' "$T/out")
echo "xinyong migrate: $tables tables, $rows rows in $secs s ($(awk -v n="$rows" -v s="$secs" 'BEGIN { printf "%.0f", n / s }') rows/s, copy and comparison together), peak RSS $((kb / 1024)) MB"
grep -E '^same +(record|subject|name_gram|audit) ' "$T/out" | awk '{ print "  " $2 ": " $3 " rows, hash " $5 " on both sides" }'
# Seconds between a table's line and the table line before it: the time of its copy (and its indexes).
awk '/ (copying|resuming)/ { prev = $1 } / table [a-z_]*: / { if ($3 ~ /^(name_gram|subject|record|gram_count):$/)
    printf "  copy of %s %.1f s\n", substr($3, 1, length($3) - 1), $1 - prev; prev = $1 }' "$T/err"
echo "  after the last table (the comparison of every table, the sequences): $(awk -v e="$t_end" '/ table [a-z_]*: / { t = $1 } END { printf "%.1f", e - t }' "$T/err") s"

# The references: the record table through raw COPY (psql to psql, text format) into a table of the
# same columns without indexes (the ceiling), and into one with the same indexes kept up to date row
# by row (what a plain COPY into the schema's table costs).
psql "$target" -Xqc "CREATE TABLE ref (LIKE record); CREATE TABLE ref_indexed (LIKE record INCLUDING INDEXES)"
for t in ref ref_indexed; do
    t0=$(now_s)
    psql "$target" -Xqc "COPY record TO STDOUT" | psql "$target" -Xqc "COPY $t FROM STDIN"
    t1=$(now_s)
    ref=$(calc "$t1 - $t0")
    echo "reference: raw COPY of record ($records rows) into $t: $(fmt %.1f "$ref") s ($(calc "int($records / $ref)") rows/s)"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
