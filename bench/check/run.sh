#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# bench/check: the joint reward and punishment check (POST /api/v1/checks) under wrk on loopback, and
# 1,000-subject batch checks, on a city-sized database, beside nginx's static ceiling measured by
# bench/http in the same way. Usage: bench/check/run.sh [DB] [SECONDS]
#   DB: a database built by bench/http/run.sh (default bench/data/http/city-1000000/xinyong.db); it is
#       copied, so the original is left as it was.
# Environment: CONNS (16) and WRK_THREADS (2) for the saturating run; PACED_CONNS (8) and
# PACED_DELAY_MS (2) for the run at a fixed rate; XY_CHECK_PROFILE=FILE to profile the server.
set -euo pipefail
cd "$(dirname "$0")/../.."
XY_BIN=${XY_BIN:-build/xinyong}
SRC_DB=${1:-bench/data/http/city-1000000/xinyong.db}
SECS=${2:-15}
command -v wrk >/dev/null || { scripts/install-deps --bench; apt-get install -y -qq wrk >/dev/null; }
[ -f "$SRC_DB" ] || { echo "bench/check: no database at $SRC_DB (run bench/http/run.sh first)" >&2; exit 2; }
WORK=$(mktemp -d)
PID=""
PERF=""
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"' EXIT
cp "$SRC_DB" "$WORK/x.db"
cp "$SRC_DB.key" "$WORK/x.db.key"
sync # the copy's gigabytes written back now, not under the measured checks' commits
export XINYONG_DB="$WORK/x.db"
"$XY_BIN" init >/dev/null
"$XY_BIN" maintain >/dev/null # the expiry catch-up of an old copy, before the clock starts
"$XY_BIN" jrp load catalog/jrp-demo.json >/dev/null
# The issue's figure is with 100,000 current list entries; the demo generator makes fewer (59,253 in the
# million-subject city). The rest: black-list entries of the market regulator for enterprises with no
# entry yet, imported as the department would (validated like any other batch).
LISTS="('red_list','black_list','watch_list')"
have=$(sqlite3 "$XINYONG_DB" "SELECT count(*) FROM record WHERE is_current = 1 AND class IN $LISTS")
if [ "$have" -lt 100000 ]; then
    mr=$(sqlite3 "$XINYONG_DB" "SELECT uscc FROM dept WHERE name = '武汉市市场监督管理局'")
    { echo "MD_XDR_MC,MD_XDR_LB,MD_XDR_SHXYM,MD_FRDB,MD_FR_ZJLX,MD_FR_ZJHM,MD_XDR_ZJLX,MD_XDR_ZJHM,MD_WSH,MD_LRSY,MD_RDYJ,MD_RDBM,MD_RDBMDM,MD_RDRQ,MD_LRRQ,MD_YXQZ"
      sqlite3 -csv "$XINYONG_DB" "SELECT s.name, '02', s.uscc, '王某', '', '', '', '', '武市监黑〔2026〕' || s.id || '号',
          '严重违法失信', '《市场监督管理严重违法失信名单管理办法》', '武汉市市场监督管理局', '$mr', '2026-01-05',
          '2026-01-05', '2029-01-05' FROM subject s WHERE s.uscc LIKE '91%' AND s.id NOT IN (SELECT subject_id FROM record
          WHERE is_current = 1 AND class IN $LISTS) ORDER BY s.id LIMIT $((100000 - have))"
    } >"$WORK/more-black.csv"
    "$XY_BIN" import --quiet --class black_list --dept "$mr" "$WORK/more-black.csv" >/dev/null
fi
dept=$(sqlite3 "$XINYONG_DB" "SELECT uscc FROM dept ORDER BY id LIMIT 1")
KEY=$("$XY_BIN" key create --role approval --dept "$dept" --name bench | tail -n 1)
entries=$(sqlite3 "$XINYONG_DB" "SELECT count(*) FROM record WHERE is_current = 1 AND class IN $LISTS")
subjects=$(sqlite3 "$XINYONG_DB" "SELECT count(*) FROM subject")
# Half the codes have list entries (hits), half are random organisations (the common case: nothing applies).
sqlite3 "$XINYONG_DB" "SELECT s.uscc FROM record r JOIN subject s ON s.id = r.subject_id WHERE r.is_current = 1 AND
    r.class IN ('red_list','black_list','watch_list') AND s.uscc IS NOT NULL ORDER BY random() LIMIT 5000" >"$WORK/codes.txt"
sqlite3 "$XINYONG_DB" "SELECT uscc FROM subject WHERE uscc IS NOT NULL ORDER BY random() LIMIT 5000" >>"$WORK/codes.txt"
"$XY_BIN" serve --port 0 --threads 2 --search-rate 0 --access-log /dev/null >"$WORK/serve.out" 2>"$WORK/serve.err" &
PID=$!
for _ in $(seq 1 100); do grep -q '^port ' "$WORK/serve.out" 2>/dev/null && break; sleep 0.1; done
PORT=$(sed -n 's/^port //p' "$WORK/serve.out")
echo "database: $subjects subjects, $entries current list entries; $(nproc) cores; $(date -u +%FT%TZ)"
t0=$(awk '{print $14+$15}' "/proc/$PID/stat")
w0=$(awk '/^write_bytes/ {print $2}' "/proc/$PID/io")
# XY_CHECK_PROFILE=FILE: perf samples the server for 10 s of the single checks, report written to FILE.
if [ -n "${XY_CHECK_PROFILE:-}" ]; then
    (sleep 2; perf record -q -F 999 -g -p "$PID" -o "$WORK/perf.data" -- sleep 10 >/dev/null 2>&1
     perf report -i "$WORK/perf.data" --no-children --stdio --sort dso,symbol --percent-limit 0.5 -g none \
         >"$XY_CHECK_PROFILE" 2>/dev/null; cp "$WORK/perf.data" "$XY_CHECK_PROFILE.data") &
    PERF=$!
fi
# As many checks as the machine takes: wrk's two threads and the server share the two cores.
echo "saturating: wrk -t${WRK_THREADS:-2} -c${CONNS:-16}, no pause"
XY_CHECK_LIST="$WORK/codes.txt" XY_CHECK_KEY=$KEY XY_CHECK_MATTER=420100-CG-001 \
    wrk -t"${WRK_THREADS:-2}" -c"${CONNS:-16}" -d"${SECS}s" --latency -s bench/check/check.lua "http://127.0.0.1:$PORT" | grep -E "check-result|^ +(50|75|90|99)%|Latency|Req/Sec"
[ -z "${PERF:-}" ] || wait "$PERF"
t1=$(awk '{print $14+$15}' "/proc/$PID/stat")
w1=$(awk '/^write_bytes/ {print $2}' "/proc/$PID/io")
echo "server CPU during the single checks: $(( (t1 - t0) * 10 )) ms"
# What the checks cost the disk (log pages and checkpoints, as the kernel counted the server's writes).
echo "server disk writes during the single checks: $(( (w1 - w0) / 1048576 )) MiB"
# The server's own view of the same requests (from its first byte to its answer): the histogram.
curl -s "http://127.0.0.1:$PORT/metrics" | awk -F'[{}" ]+' '/^xinyong_http_request_duration_seconds_bucket/ { n[$3] = $4; order[++k] = $3 }
    END { total = n["+Inf"]; printf "server-side durations (%d requests):", total
          for (i = 1; i <= k; i++) printf " <=%ss %.2f%%", order[i], 100 * n[order[i]] / total; print "" }'
# The latency at a fixed offered rate below the saturating one: PACED_CONNS connections, each pausing
# PACED_DELAY_MS between an answer and its next request (about 3,000 checks/s with the defaults).
echo "paced: wrk -t1 -c${PACED_CONNS:-8}, ${PACED_DELAY_MS:-2} ms pause a connection"
XY_CHECK_LIST="$WORK/codes.txt" XY_CHECK_KEY=$KEY XY_CHECK_MATTER=420100-CG-001 XY_CHECK_DELAY_MS=${PACED_DELAY_MS:-2} \
    wrk -t1 -c"${PACED_CONNS:-8}" -d"${SECS}s" --latency -s bench/check/check.lua "http://127.0.0.1:$PORT" | grep -E "check-result"
# The client's view again with Apache ab (one listed subject, keep-alive): wrk's percentiles have come out
# inconsistent with its own request rate on this machine (bench/RESULTS.md).
if command -v ab >/dev/null; then
    printf '{"subject":"%s","matter":"420100-CG-001"}' "$(head -n 1 "$WORK/codes.txt")" >"$WORK/one.json"
    ab -q -k -n 20000 -c "${CONNS:-16}" -p "$WORK/one.json" -T application/json -H "Authorization: Bearer $KEY" \
        "http://127.0.0.1:$PORT/api/v1/checks" 2>&1 | awk '/Requests per second/ { rps = $4 } /^  (50|99)%/ { p[$1] = $2 }
        END { printf "ab: %s checks/s, p50 %s ms, p99 %s ms\n", rps, p["50%"], p["99%"] }'
fi
# Batch checks: 1,000 subjects a call, ten calls, timed one by one.
head -n 1000 "$WORK/codes.txt" | awk 'BEGIN{printf "{\"matter\":\"420100-CG-001\",\"subjects\":["} {printf "%s{\"subject\":\"%s\"}", (NR > 1 ? "," : ""), $0} END{print "]}"}' >"$WORK/batch.json"
for i in $(seq 1 10); do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -X POST -H "Authorization: Bearer $KEY" \
        -H 'Content-Type: application/json' --data-binary "@$WORK/batch.json" "http://127.0.0.1:$PORT/api/v1/checks/batch"
done | sort -k2 -n | awk '{ if ($1 != 201) bad++; t[NR] = $2 * 1000 } END { printf "batch of 1000: %d calls, median %.1f ms, max %.1f ms, non-201 %d\n", NR, t[int((NR + 1) / 2)], t[NR], bad + 0 }'
