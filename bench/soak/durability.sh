#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The cost of the store's durability settings (docs/internals/STORAGE.md), measured in one run:
#   1. one import of ROWS rows (default 100,000) with `xinyong import`, synchronous=FULL (the build
#      given) against synchronous=NORMAL (the same source with that one pragma changed, built here),
#      alternating, RUNS times each (default 3), medians and their ratio; the WAL's largest size
#      during the import, polled;
#   2. batches of 20 rows posted one after another to `xinyong serve` by wrk (one connection, one
#      commit each) for SECONDS (default 10), FULL against NORMAL, alternating, twice each; and the
#      latency of one fsync of this disk;
#   3. the WAL file of the long-lived server after one large batch (ROWS rows over HTTP): its size
#      after the commit, and again after more small batches (is it truncated after checkpoints?).
# usage: XY_BIN=build/xinyong bench/soak/durability.sh [ROWS] [RUNS]
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
ROWS=${1:-100000}
RUNS=${2:-3}
SECONDS_SMALL=${SECONDS_SMALL:-10}
XY_BIN=${XY_BIN:-$ROOT/build/xinyong}
[ -x "$XY_BIN" ] || { echo "durability: $XY_BIN not found: build first" >&2; exit 2; }
T=$(mktemp -d /tmp/xy-durability.XXXXXX)
SPID=""
cleanup() {
    [ -z "$SPID" ] || kill -KILL "$SPID" 2>/dev/null || true
    rm -rf "$T"
}
trap cleanup EXIT
say() { printf 'durability: %s\n' "$*" >&2; }
now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.3f\", $1 }"; }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# ---- the NORMAL build: this tree's source with the one pragma changed ----
say "building the synchronous=NORMAL variant"
mkdir -p "$T/src"
(cd "$ROOT" && tar cf - --exclude='./build*' --exclude=./demo --exclude=./bench/data --exclude=./.git .) |
    (cd "$T/src" && tar xf -)
grep -q 'PRAGMA synchronous = FULL;' "$T/src/src/store/sqlite/store_sqlite.c" ||
    { echo "durability: store_sqlite.c no longer sets synchronous = FULL as expected" >&2; exit 1; }
sed -i 's/PRAGMA synchronous = FULL;/PRAGMA synchronous = NORMAL;/' "$T/src/src/store/sqlite/store_sqlite.c"
cmake -S "$T/src" -B "$T/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$T/build" -j "$(nproc)" --target xinyong >/dev/null
declare -A BIN=([FULL]=$XY_BIN [NORMAL]=$T/build/xinyong)

# ---- data ----
export XY_TODAY=2026-11-28
"$XY_BIN" demo --out "$T/gen" --only penalty --rows "$ROWS" >/dev/null
CSV=$T/gen/penalty.csv
DEPT=$(head -1 "$T/gen/departments.tsv" | cut -f1)
DEPT_NAME=$(head -1 "$T/gen/departments.tsv" | cut -f2)
say "$ROWS rows, $(stat -c %s "$CSV") bytes; disk: $(df -h "$T" | awk 'NR == 2 { print $1 " (" $2 ")" }')"

fresh_db() { # MODE: a new database for that build
    rm -f "$T/x.db" "$T/x.db-wal" "$T/x.db-shm" "$T/x.db.key"
    XINYONG_DB=$T/x.db "${BIN[$1]}" init >/dev/null
    XINYONG_DB=$T/x.db "${BIN[$1]}" dept add "$DEPT" "$DEPT_NAME" >/dev/null
}

# ---- 1. one large import ----
: >"$T/FULL.import"
: >"$T/NORMAL.import"
: >"$T/wal.max"
for run in $(seq 1 "$RUNS"); do
    for mode in FULL NORMAL; do
        fresh_db "$mode"
        sync
        (   # the WAL's largest size while the import runs
            m=0
            while :; do
                s=$(stat -c %s "$T/x.db-wal" 2>/dev/null || echo 0)
                [ "$s" -le "$m" ] || m=$s
                echo "$m" >"$T/wal.now"
                sleep 0.05
            done
        ) &
        poll=$!
        t0=$(now)
        XINYONG_DB=$T/x.db "${BIN[$mode]}" import --quiet --class penalty --dept "$DEPT" "$CSV" >/dev/null || true
        t=$(calc "$(now) - $t0")
        kill "$poll" 2>/dev/null || true
        wait "$poll" 2>/dev/null || true
        echo "$t" >>"$T/$mode.import"
        cat "$T/wal.now" >>"$T/wal.max"
        n=$(sqlite3 "$T/x.db" "SELECT count(*) FROM record")
        say "import run $run $mode: $t s ($n records)"
    done
done
full_i=$(median <"$T/FULL.import")
normal_i=$(median <"$T/NORMAL.import")
wal_max=$(sort -n "$T/wal.max" | tail -1)
db_size=$(stat -c %s "$T/x.db")

# ---- 2 and 3. the server: small batches one after another, then the WAL after a large batch ----
start_server() { # MODE
    "${BIN[$1]}" serve --port 0 --threads 2 --access-log /dev/null >"$T/serve.out" 2>"$T/serve.err" &
    SPID=$!
    PORT=""
    for _ in $(seq 1 200); do
        PORT=$(sed -n 's/^port \([0-9][0-9]*\)$/\1/p' "$T/serve.out" 2>/dev/null || true)
        [ -z "$PORT" ] || break
        sleep 0.05
    done
    [ -n "$PORT" ] || { cat "$T/serve.err" >&2; exit 1; }
}
stop_server() {
    kill -TERM "$SPID"
    wait "$SPID" || true
    SPID=""
}
small_body() { # TAG: 20 rows
    head -n 1 "$CSV"
    # rows without quoted fields, so that the 14th comma-separated field is the document number
    sed -n '2,60p' "$CSV" | grep -v '"' | head -n 20 | awk -F, -v OFS=, -v tag="$1" '{ $14 = tag "-" NR "号"; print }'
}
: >"$T/FULL.small"
: >"$T/NORMAL.small"
small_body "@DOC@" >"$T/small.csv"
cat >"$T/batch.lua" <<'LUA'
local body, headers, n = nil, nil, 0
bad = 0
function init(args)
    local f = assert(io.open(os.getenv("D_BODY"), "rb"))
    body = f:read("*a")
    f:close()
    headers = {["Authorization"] = "Bearer " .. os.getenv("D_KEY"), ["Content-Type"] = "text/csv"}
end
function request()
    n = n + 1
    return wrk.format("POST", "/api/v1/batches?class=penalty", headers, (body:gsub("@DOC@", os.getenv("D_RUN") .. "-" .. n)))
end
function response(status) if status ~= 201 then bad = bad + 1 end end
function done(summary)
    io.write(string.format("batches=%d seconds=%.3f\n", summary.requests, summary.duration / 1e6))
end
LUA
for run in 1 2; do
    for mode in FULL NORMAL; do
        fresh_db "$mode"
        KEY=$(XINYONG_DB=$T/x.db "${BIN[$mode]}" key create --role department --dept "$DEPT" | tail -n 1)
        XINYONG_DB=$T/x.db start_server "$mode"
        D_BODY=$T/small.csv D_KEY=$KEY D_RUN=S$run$mode wrk -t 1 -c 1 -d "${SECONDS_SMALL}s" -s "$T/batch.lua" \
            "http://127.0.0.1:$PORT" >"$T/wrk.out" 2>&1
        grep -q 'Non-2xx' "$T/wrk.out" && { cat "$T/wrk.out" >&2; exit 1; }
        r=$(sed -n 's/^batches=\([0-9]*\) seconds=\([0-9.]*\)$/\1 \2/p' "$T/wrk.out")
        [ -n "$r" ] || { cat "$T/wrk.out" >&2; exit 1; }
        ms=$(calc "${r#* } * 1000 / ${r% *}")
        echo "$ms" >>"$T/$mode.small"
        say "small batches run $run $mode: ${r% *} commits in ${r#* } s, $ms ms a batch"
        if [ "$run" = 2 ] && [ "$mode" = FULL ]; then
            # 3. one large batch over HTTP, then the WAL file's size
            head -n $((ROWS < 80000 ? ROWS + 1 : 80001)) "$CSV" >"$T/large.csv"
            large_code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $KEY" \
                -H "Content-Type: text/csv" --data-binary @"$T/large.csv" \
                "http://127.0.0.1:$PORT/api/v1/batches?class=penalty")
            wal_after_large=$(stat -c %s "$T/x.db-wal" 2>/dev/null || echo 0)
            for i in $(seq 1 20); do
                small_body "M$i" >"$T/m.csv"
                curl -s -o /dev/null -X POST -H "Authorization: Bearer $KEY" -H "Content-Type: text/csv" \
                    --data-binary @"$T/m.csv" "http://127.0.0.1:$PORT/api/v1/batches?class=penalty"
            done
            wal_after_more=$(stat -c %s "$T/x.db-wal" 2>/dev/null || echo 0)
            large_rows=$(($(wc -l <"$T/large.csv") - 1))
        fi
        stop_server
    done
done
# One write and fsync of 8 KiB, as a commit's sync of the WAL costs on this disk.
fsync_ms=$(python3 -c "
import os, time
fd = os.open('$T/fsync.tmp', os.O_WRONLY | os.O_CREAT, 0o600)
t = time.time()
for i in range(200):
    os.write(fd, b'x' * 8192)
    os.fsync(fd)
print('%.3f' % ((time.time() - t) / 200 * 1000))" 2>/dev/null || echo '?')
full_s=$(median <"$T/FULL.small")
normal_s=$(median <"$T/NORMAL.small")

echo
echo "durability: $(nproc) CPUs, $(df -h "$T" | awk 'NR == 2 { print $1 }'), SQLite $(sqlite3 --version | cut -d' ' -f1), $(date -u +%Y-%m-%dT%H:%MZ)"
echo "  import of $ROWS rows ($RUNS runs each, alternating; median): FULL $full_i s, NORMAL $normal_i s," \
    "FULL/NORMAL = $(calc "$full_i / $normal_i")"
echo "    runs FULL: $(tr '\n' ' ' <"$T/FULL.import")  NORMAL: $(tr '\n' ' ' <"$T/NORMAL.import")"
echo "    largest WAL during an import: $(calc "$wal_max / 1048576") MiB; database after: $(calc "$db_size / 1048576") MiB"
echo "  batches of 20 rows over HTTP, one connection, ${SECONDS_SMALL} s (2 runs each; median): FULL $full_s ms a" \
    "batch, NORMAL $normal_s ms a batch, FULL/NORMAL = $(calc "$full_s / $normal_s"); one 8 KiB write+fsync here: $fsync_ms ms"
echo "  server WAL after one batch of $large_rows rows (HTTP $large_code): $(calc "$wal_after_large / 1048576") MiB;" \
    "after 20 more small batches: $(calc "$wal_after_more / 1048576") MiB"
