#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Instructions `xinyong import` costs, counted by callgrind (which a shared machine's load does not move):
# ROWS demo penalty rows of one department (new subjects) into an empty database. Prints the whole
# process's total and the inclusive counts of the writer's functions. Run it for two builds to compare.
# usage: bench/ingest/callgrind-import.sh BIN [ROWS]   (ROWS default 5000; needs valgrind)
set -euo pipefail
BIN=$1 ROWS=${2:-5000}
export XY_TODAY=${XY_TODAY:-2026-11-28}
T=$(mktemp -d /tmp/xy-cgi.XXXXXX)
trap 'rm -rf "$T"' EXIT
"$BIN" demo --out "$T/gen" --only penalty --rows "$ROWS" --today "$XY_TODAY" >/dev/null
CSV=$T/gen/penalty.csv
[ -f "$CSV" ] || CSV=$(awk -F'\t' -v d="$T/gen" '$1 == "penalty" { print d "/" $3; exit }' "$T/gen/manifest.tsv")
DEPT=$(head -1 "$T/gen/departments.tsv" | cut -f1)
"$BIN" --db "$T/db" init >/dev/null
"$BIN" --db "$T/db" dept add "$DEPT" "$(head -1 "$T/gen/departments.tsv" | cut -f2)" >/dev/null
valgrind --tool=callgrind --callgrind-out-file="$T/cg.out" \
    "$BIN" --db "$T/db" import --quiet --class penalty --dept "$DEPT" "$CSV" >"$T/import.out" 2>"$T/import.err" ||
    { cat "$T/import.err" >&2; exit 1; }
total=$(callgrind_annotate "$T/cg.out" 2>/dev/null | sed -n 's/^ *\([0-9,]*\) .*PROGRAM TOTALS.*/\1/p' | tr -d ,)
echo "$BIN: $total instructions, $((total / ROWS)) a row ($ROWS rows)"
callgrind_annotate --inclusive=yes "$T/cg.out" 2>/dev/null |
    grep -E "PROGRAM TOTALS| store_row|xy_rowparts_subject|record_put|answer|sqlite3_step " | head -12
