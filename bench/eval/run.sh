#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Grading every subject of the bench city (bench/http builds it: scripts/make-demo, about a million
# subjects and three million records), against a reference measured in the same run: plain SQLite
# reading the same join (each subject with its current records of the model's classes, in force)
# and writing one row per subject with the sum of a number over them, in one INSERT ... SELECT. The
# grading reads the same rows, scores them under the model with every reason kept, and stores each
# subject's grade and reasons as JSON; the ratio is what to read on this shared machine.
# Target (issue 14): every subject in under 60 s. Peak RSS from GNU time.
# usage: XY_BIN=build/xinyong bench/eval/run.sh [DB]   (default bench/data/http/city-1000000/xinyong.db)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib.sh
. "$HERE/../lib.sh"
bench_setup
DB=${1:-$BENCH_ROOT/bench/data/http/city-1000000/xinyong.db}
[ -f "$DB" ] || { echo "bench: $DB not found: run bench/http/run.sh first (it builds the city)" >&2; exit 2; }
export XY_TODAY=${XY_TODAY:-2026-11-28}
T=$(mktemp -d /tmp/xy-bench-eval.XXXXXX)
trap 'rm -rf "$T"' EXIT
"$XY_BIN" --db "$DB" init >/dev/null # brings the schema up to this binary's (migration 12: the grades' tables)
subjects=$(sqlite3 -readonly "$DB" "SELECT count(*) FROM subject")
records=$(sqlite3 -readonly "$DB" "SELECT count(*) FROM record WHERE is_current = 1")
echo "database: $DB, $subjects subjects, $records current records; load $(cut -d' ' -f1-3 /proc/loadavg)"

# The reference: the same join, a sum per subject, into a plain table, one statement.
sqlite3 "$DB" "DROP TABLE IF EXISTS bench_eval_ref" >/dev/null
t0=$(date +%s.%N)
sqlite3 "$DB" "PRAGMA cache_size = -65536;
  CREATE TABLE bench_eval_ref (subject_id INTEGER PRIMARY KEY, n INTEGER, s INTEGER);
  INSERT INTO bench_eval_ref SELECT s.id, count(r.id), coalesce(sum(r.amount_fen), 0) FROM subject s
    LEFT JOIN record r ON r.subject_id = s.id AND r.is_current = 1
    AND r.class IN ('penalty', 'black_list', 'watch_list', 'red_list', 'commitment', 'license')
    AND r.status IN ('published', 'unpublished') GROUP BY s.id;" >/dev/null
t1=$(date +%s.%N)
sqlite3 "$DB" "DROP TABLE bench_eval_ref" >/dev/null
ref=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
echo "reference (plain SQLite, the same join summed into a table): $ref s"

/usr/bin/time -f '%e %M' -o "$T/time" "$XY_BIN" --db "$DB" eval run >"$T/out"
read -r secs kb <"$T/time"
graded=$(sed -n 's/^eval: \([0-9]*\) subjects graded$/\1/p' "$T/out")
echo "xinyong eval run: $graded subjects graded in $secs s ($(awk -v n="$graded" -v s="$secs" 'BEGIN { printf "%.0f", n / s }') a second), peak RSS $((kb / 1024)) MB"
echo "ratio: $(awk -v a="$secs" -v b="$ref" 'BEGIN { printf "%.2f", a / b }')x the reference's time; target under 60 s: \
$(awk -v s="$secs" 'BEGIN { print (s < 60 ? "met" : "MISSED") }')"
sqlite3 -readonly "$DB" "SELECT grade, count(*) FROM eval_result GROUP BY grade" | tr '\n' ' '
echo
