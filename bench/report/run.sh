#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Credit report benchmark: three organisations with 5, 50 and 500 public penalties (made here and
# imported through the normal path), then bench_report issues each one's report ROUNDS times as PDF
# and as JSON through xy_report_issue (read, number, sign with SM2, render with cairo and pango,
# register) and prints the time per report, pages per second and peak memory. Target: under 100 ms
# for a report of about 5 pages. Writes nothing to RESULTS.md.
# usage: XY_BIN=build/xinyong bench/report/run.sh [ROUNDS]   (default 10)
set -euo pipefail
ROUNDS=${1:-10}
case $ROUNDS in '' | *[!0-9]*) echo "usage: $0 [ROUNDS]" >&2; exit 2 ;; esac
BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
XY_BIN=${XY_BIN:-$BENCH_ROOT/build/xinyong}
case $XY_BIN in /*) ;; *) XY_BIN=$BENCH_ROOT/$XY_BIN ;; esac
[ -x "$XY_BIN" ] || { echo "bench: $XY_BIN not found: build first (make build)" >&2; exit 2; }
cmake --build "$(dirname "$XY_BIN")" --target bench_report >/dev/null
BENCH=$(dirname "$XY_BIN")/bench/bench_report
WORK=$(mktemp -d "${TMPDIR:-/tmp}/xy-bench-report.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export XY_TODAY=${XY_TODAY:-2026-11-28}
export XINYONG_DB=$WORK/report.db
DEPT=11230500001755309F
"$XY_BIN" init >/dev/null
"$XY_BIN" dept add "$DEPT" 武汉市市场监督管理局 >/dev/null
# penalties N CODE NAME: N published penalties of one organisation, decided in 2026.
penalties() {
    awk -v n="$1" -v code="$2" -v name="$3" -v dept="$DEPT" 'BEGIN {
        print "CF_XDR_MC,CF_XDR_LB,CF_XDR_SHXYM,CF_FRDB,CF_WSH,CF_WFXW,CF_SY,CF_YJ,CF_CFLB,CF_NR,CF_NR_FK,CF_JDRQ,CF_YXQ,CF_CFJG,CF_CFJGDM,CF_SJLY,CF_SJLYDM,CF_YZCD,CF_CXLX"
        for (i = 1; i <= n; i++) {
            m = 1 + (i % 10); d = 1 + (i % 27)
            printf "%s,02,%s,张三,测罚〔2026〕%s-%d号,未按规定明码标价,该单位在经营场所销售商品未按规定明码标价，经责令改正后仍未改正，情节一般,《中华人民共和国价格法》第四十二条,罚款,罚款%d元,%.2f,2026-%02d-%02d,2026-%02d-%02d,武汉市市场监督管理局,%s,武汉市市场监督管理局,%s,2,1\n", name, code, substr(code, 11, 6), i, 1000 * i, i / 10.0, m, d, m, d, dept, dept
        }
    }'
}
penalties 5 91110000600037341L 北京信达科技有限公司 >"$WORK/p5.csv"
penalties 50 91420684MA4927PJ7B 武汉好运商贸有限公司 >"$WORK/p50.csv"
penalties 500 9144030071526726XG 深圳华南电子有限公司 >"$WORK/p500.csv"
for f in p5 p50 p500; do "$XY_BIN" import --quiet --class penalty --dept "$DEPT" "$WORK/$f.csv" >/dev/null; done
echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')); $("$XY_BIN" --version)"
echo "rounds: $ROUNDS per subject and format (after one warm-up each)"
"$BENCH" "$XINYONG_DB" "$ROUNDS" 91110000600037341L:5 91420684MA4927PJ7B:50 9144030071526726XG:500
