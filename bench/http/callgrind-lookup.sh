#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Instructions a cached lookup costs, counted by callgrind, which a shared machine's load does not move:
# the server (one worker thread) answers each of the first N subjects of DB once to fill its answer
# cache, then callgrind counts ten more rounds of the same requests. Prints the total, per request,
# and the functions above 0.3 %. Run it for two builds to compare them.
# usage: bench/http/callgrind-lookup.sh BIN DB [N]   (N default 300; needs valgrind and curl)
# XY_SERVE_ARGS=--no-cache counts lookups that miss the cache instead (each computed every time).
set -euo pipefail
BIN=$1 DB=$2 N=${3:-300}
export XY_TODAY=${XY_TODAY:-2026-11-28}
T=$(mktemp -d /tmp/xy-cg.XXXXXX)
trap 'rm -rf "$T"' EXIT
sqlite3 -readonly "$DB" "SELECT uscc FROM subject WHERE uscc IS NOT NULL LIMIT $N" >"$T/uscc"
valgrind --tool=callgrind --callgrind-out-file="$T/cg.out" --instr-atstart=no \
    "$BIN" --db "$DB" serve --port 0 --bind 127.0.0.1 --threads 1 --search-rate 0 --access-log /dev/null \
    ${XY_SERVE_ARGS:-} >"$T/serve.out" 2>"$T/serve.err" &
pid=$!
port=""
for _ in $(seq 1 300); do
    port=$(sed -n 's/^port \([0-9]*\)$/\1/p' "$T/serve.out")
    [ -n "$port" ] && break
    sleep 0.2
done
[ -n "$port" ] || { cat "$T/serve.err" >&2; exit 1; }
mapfile -t urls < <(sed "s|^|http://127.0.0.1:$port/api/v1/subjects/|" "$T/uscc")
curl -s "${urls[@]}" >/dev/null
callgrind_control -i on "$pid" >/dev/null
for _ in $(seq 1 10); do curl -s "${urls[@]}" >/dev/null; done
callgrind_control -i off "$pid" >/dev/null
kill -INT "$pid"
wait "$pid" || true
total=$(callgrind_annotate "$T"/cg.out* 2>/dev/null | sed -n 's/^ *\([0-9,]*\) .*PROGRAM TOTALS.*/\1/p' | tr -d ,)
echo "$BIN: $total instructions for $((10 * $(wc -l <"$T/uscc"))) cached lookups: $((total / (10 * $(wc -l <"$T/uscc")))) a lookup"
callgrind_annotate --threshold=99 "$T"/cg.out* 2>/dev/null | sed -n '/file:function/,$p' | awk 'NR > 2 && $2 ~ /%/' |
    awk '{ gsub(/[()%]/, "", $2); if ($2 + 0 >= 0.3) print }' | head -40
