#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Name-search benchmark: a database of SUBJECTS subjects built through the normal import path (the
# demo generator's penalty-only mode writes one row per subject, organisations, individual
# businesses and persons), then bench_search times xy_subject_search for 2-, 3- and 4-character
# queries beside a point lookup by USCC and a naive LIKE scan on the same file. Writes nothing to
# RESULTS.md. The database is kept in bench/data/search/ and reused while it is newer than XY_BIN
# (XY_BENCH_REBUILD=1 forces a rebuild).
# usage: XY_BIN=build/xinyong bench/search/run.sh [SUBJECTS]   (default 1000000)
#        PER_LENGTH (queries per length, default 1000), LIKE_N (LIKE references per length, default 100)
set -euo pipefail
SUBJECTS=${1:-1000000}
case $SUBJECTS in '' | *[!0-9]*) echo "usage: $0 [SUBJECTS]" >&2; exit 2 ;; esac
PER_LENGTH=${PER_LENGTH:-1000}
LIKE_N=${LIKE_N:-100}
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/../lib.sh"
bench_setup bench_search

DATA=$BENCH_ROOT/bench/data/search
mkdir -p "$DATA"
DB=$DATA/subjects-$SUBJECTS.db
GEN=$DATA/gen-$SUBJECTS
cleanup() { rm -rf "$GEN"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

machine_line
echo "sqlite $(sqlite3 --version | cut -d' ' -f1); $("$XY_BIN" --version)"
export XY_TODAY=${XY_TODAY:-2026-11-28}
if [ -n "${XY_BENCH_REBUILD:-}" ] || [ ! -f "$DB" ] || [ "$DB" -ot "$XY_BIN" ]; then
    rm -f "$DB" "$DB"-wal "$DB"-shm "$DB".key
    rm -rf "$GEN"
    "$XY_BIN" demo --out "$GEN" --only penalty --rows "$SUBJECTS" --today "$XY_TODAY" >/dev/null
    DEPT=$(head -1 "$GEN/departments.tsv" | cut -f1)
    "$XY_BIN" --db "$DB.tmp" init >/dev/null
    "$XY_BIN" --db "$DB.tmp" dept add "$DEPT" "$(head -1 "$GEN/departments.tsv" | cut -f2)" >/dev/null
    t0=$(now_s)
    rc=0
    "$XY_BIN" --db "$DB.tmp" import --quiet --class penalty --dept "$DEPT" "$GEN/penalty.csv" >"$DATA/import.out" 2>&1 || rc=$?
    if [ "$rc" -gt 1 ]; then
        cat "$DATA/import.out" >&2
        rm -f "$DB.tmp"*
        exit 1
    fi
    echo "built: $(head -1 "$DATA/import.out") in $(calc "$(now_s) - $t0" | cut -d. -f1) s"
    mv "$DB.tmp.key" "$DB.key"
    mv "$DB.tmp" "$DB"
    rm -rf "$GEN"
else
    echo "reusing $DB (newer than $XY_BIN; XY_BENCH_REBUILD=1 rebuilds)"
fi
echo "database: $(du -b "$DB" | cut -f1 | awk '{ printf "%.0f MB", $1 / 1048576 }')"
echo
"$BENCH_BIN/bench_search" "$DB" --per-length "$PER_LENGTH" --like "$LIKE_N" --seed 42
