#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Monitoring on the bench city (bench/http builds it: scripts/make-demo, about a million subjects and
# three million records): (1) the dashboards' aggregates rebuilt from nothing (`monitor refresh --full`)
# and refreshed again the next day (incremental); (2) closing the month that holds the bulk of the
# records (`monitor close`; target under 10 s), beside a reference in the same run: plain SQLite
# counting that month's first versions per department, class and decision date (the heaviest of the
# month's fact queries) with the sqlite3 shell; (3) the dashboards' calls over HTTP (trends, rankings,
# a drill-down page; p50 and p99 of 200 calls each, time to the first byte; target under 50 ms), beside the server's
# /healthz through the same curl loop and the same aggregates read by the sqlite3 shell; (4) the same
# calls with a synthetic year of 300 more departments in the monthly aggregates (what a large city's
# table holds), removed afterwards. The database is changed (migrations, aggregates, a closed month):
# run it on a copy.
# usage: [CALLS_ONLY=1] XY_BIN=build/xinyong bench/monitoring/run.sh [DB] [MONTH]
#        (default bench/data/http/city-1000000/xinyong.db, 2026-12; XY_TODAY defaults to 2027-01-05)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib.sh
. "$HERE/../lib.sh"
bench_setup
DB=${1:-$BENCH_ROOT/bench/data/http/city-1000000/xinyong.db}
MONTH=${2:-2026-12}
[ -f "$DB" ] || { echo "bench: $DB not found: run bench/http/run.sh first (it builds the city)" >&2; exit 2; }
export XY_TODAY=${XY_TODAY:-2027-01-05}
export XINYONG_DB=$DB
T=$(mktemp -d /tmp/xy-bench-monitoring.XXXXXX)
SPID=""
trap '[ -z "$SPID" ] || kill "$SPID" 2>/dev/null || true; rm -rf "$T"' EXIT
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
now() { date +%s.%N; }

t0=$(now); "$XY_BIN" init >/dev/null; t1=$(now)
echo "init (migrations up to this binary's, incl. the aggregates' tables and index): $(secs "$t0" "$t1") s"
# The day's expiries and regrading first, so that the server's first tick finds nothing to do.
t0=$(now); "$XY_BIN" maintain >/dev/null; t1=$(now)
echo "maintain (expiries and grades up to $XY_TODAY, before measuring): $(secs "$t0" "$t1") s"
subjects=$(sqlite3 -readonly "$DB" "SELECT count(*) FROM subject")
records=$(sqlite3 -readonly "$DB" "SELECT count(*) FROM record")
echo "database: $DB, $subjects subjects, $records records; month $MONTH; load $(cut -d' ' -f1-3 /proc/loadavg)"

# CALLS_ONLY=1: the calls only (3, 4), on a database refreshed before
if [ -z "${CALLS_ONLY:-}" ]; then
# ---- (1) the aggregates ----
/usr/bin/time -f '%e %M' -o "$T/time" "$XY_BIN" monitor refresh --full >"$T/out"
read -r s kb <"$T/time"
echo "monitor refresh --full: $s s, peak RSS $((kb / 1024)) MB ($(cat "$T/out"))"
XY_TODAY=$(date -d "$XY_TODAY + 1 day" +%F) /usr/bin/time -f '%e %M' -o "$T/time" "$XY_BIN" monitor refresh >"$T/out"
read -r s kb <"$T/time"
echo "monitor refresh (the next day, incremental: the present month again): $s s ($(cat "$T/out"))"
echo "aggregates: $(sqlite3 -readonly "$DB" "SELECT count(*) FROM mon_day") daily rows, $(sqlite3 -readonly "$DB" "SELECT count(*) FROM mon_month") monthly rows"

# ---- (2) closing the month ----
from=$(sqlite3 -readonly "$DB" "SELECT strftime('%Y-%m-%dT16:00:00Z', '$MONTH-01', '-1 day')")
to=$(sqlite3 -readonly "$DB" "SELECT strftime('%Y-%m-%dT16:00:00Z', '$MONTH-01', '+1 month', '-1 day')")
t0=$(now)
sqlite3 -readonly "$DB" "SELECT count(*) FROM (SELECT dept_id, class, decision_date, substr(created_at, 1, 13), count(*) FROM record WHERE version = 1 AND created_at >= '$from' AND created_at < '$to' GROUP BY 1, 2, 3, 4)" >/dev/null
t1=$(now)
ref=$(secs "$t0" "$t1")
echo "reference (plain SQLite: the month's first versions counted per department, class, decision date and hour): $ref s"
if sqlite3 -readonly "$DB" "SELECT state FROM monitor_month WHERE month = '$MONTH'" | grep -q closed; then
    "$XY_BIN" monitor reopen "$MONTH" "bench: closed again" >/dev/null
fi
/usr/bin/time -f '%e %M' -o "$T/time" "$XY_BIN" monitor close "$MONTH" >"$T/out"
read -r close kb <"$T/time"
echo "monitor close $MONTH: $close s, peak RSS $((kb / 1024)) MB; $(awk -v a="$close" -v b="$ref" 'BEGIN { printf "%.2f", a / b }')x the reference; target under 10 s: $(awk -v s="$close" 'BEGIN { print (s < 10 ? "met" : "MISSED") }')"
echo "  the close counted the month's records from: $(sqlite3 -readonly "$DB" "SELECT json_extract(detail, '$.records') FROM audit WHERE action = 'monitor.close' ORDER BY seq DESC LIMIT 1")"
"$XY_BIN" monitor reopen "$MONTH" "bench: left open" >/dev/null
# the same month computed from the records (what an open month shows), for comparison
t0=$(now); "$XY_BIN" monitor month "$MONTH" --json >/dev/null; t1=$(now)
echo "monitor month $MONTH (open: computed from the records): $(secs "$t0" "$t1") s"

fi

# ---- (3) the dashboards' calls ----
key=$("$XY_BIN" key create --role office --name "bench monitoring" | tail -n 1)
"$XY_BIN" serve --port 0 --threads 2 --search-rate 0 --access-log /dev/null >"$T/serve.out" 2>"$T/serve.err" &
SPID=$!
for _ in $(seq 1 200); do
    port=$(sed -n 's/^port \([0-9][0-9]*\)$/\1/p' "$T/serve.out")
    [ -z "$port" ] || break
    sleep 0.1
done
URL=http://127.0.0.1:$port
until curl -sf "$URL/healthz" >/dev/null; do sleep 0.1; done
dept=$(sqlite3 -readonly "$DB" "SELECT dept FROM mon_month WHERE month = '$MONTH' AND cls = 'penalty' AND metric = 'records' ORDER BY n DESC LIMIT 1")
# p50 and p99 of 200 calls (ms): from the request sent to the first byte of the answer (curl's
# time_starttransfer - time_pretransfer), so that curl's own start on a loaded machine is not counted
lat() {
    local path=$1 auth=$2 hdr=()
    [ -z "$auth" ] || hdr=(-H "Authorization: Bearer $key")
    for _ in $(seq 1 200); do
        curl -s -o /dev/null -w '%{time_pretransfer} %{time_starttransfer}\n' "${hdr[@]}" "$URL$path"
    done | awk '{ printf "%.6f\n", $2 - $1 }' | sort -n | awk '{ a[NR] = $1 * 1000 } END { printf "p50 %.1f ms, p99 %.1f ms", a[int(NR * 0.5)], a[int(NR * 0.99)] }'
}
calls() {
    echo "  reference GET /healthz (the same curl loop):   $(lat /healthz "")"
    echo "  GET trends?month=$MONTH:                          $(lat "/api/v1/monitoring/dashboard/trends?month=$MONTH" 1)"
    echo "  GET rankings?month=$MONTH&by=timeliness:          $(lat "/api/v1/monitoring/dashboard/rankings?month=$MONTH&by=timeliness" 1)"
    echo "  GET drill?kind=late&class=penalty&limit=50:      $(lat "/api/v1/monitoring/dashboard/drill?month=$MONTH&dept=$dept&kind=late&class=penalty&limit=50" 1)"
    local m0
    m0=$(sqlite3 -readonly "$DB" "SELECT strftime('%Y-%m', '$MONTH-01', '-11 months')")
    t0=$(now)
    for _ in $(seq 1 20); do
        sqlite3 -readonly "$DB" "SELECT month, dept, cls, metric, sum(n) FROM mon_month WHERE month >= '$m0' AND month <= '$MONTH' GROUP BY 1, 2, 3, 4" >/dev/null
    done
    t1=$(now)
    echo "  reference: the twelve months' aggregates read by the sqlite3 shell (process start included): $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) * 1000 / 20 }') ms a call"
}
echo "dashboard calls over HTTP, 200 each ($(sqlite3 -readonly "$DB" "SELECT count(*) FROM mon_month") monthly rows; late penalties of $dept):"
calls
# ---- (4) a large city's year: 300 more departments x 12 months x 4 classes x 12 metrics ----
sqlite3 "$DB" "WITH RECURSIVE d(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM d WHERE i < 300),
    m(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM m WHERE k < 11),
    c(cls) AS (VALUES ('penalty'), ('license'), ('black_list'), ('commitment')),
    x(metric) AS (VALUES ('records'), ('timely'), ('rows'), ('accepted'), ('rejected'), ('declared'), ('exempt'),
                         ('checks'), ('feedback'), ('repair_filed'), ('exit:record.expired'), ('stock'))
    INSERT INTO mon_month (month, dept, region, cls, metric, n)
    SELECT strftime('%Y-%m', '$MONTH-01', '-' || k || ' months'), printf('BENCH%013d', i), '4201' || printf('%02d', 2 + i % 16),
           cls, metric, abs(random() % 1000) FROM d, m, c, x"
echo "with a synthetic year of 300 more departments ($(sqlite3 -readonly "$DB" "SELECT count(*) FROM mon_month") monthly rows):"
calls
sqlite3 "$DB" "DELETE FROM mon_month WHERE dept LIKE 'BENCH%'"
kill "$SPID"
wait "$SPID" 2>/dev/null || true
SPID=""
