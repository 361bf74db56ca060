#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Closing a month takes the month's record counts from the dashboards' daily aggregates, and gives
# exactly the figures computed record by record (what the open month shows): a constructed October
# 2026 with double publicity across the Mid-Autumn and National Day holidays (25-27 September and
# 1-7 October off, Saturday 10 October worked), hand-counted: decided 24 September and stored 12
# October is the seventh working day (on time), 23 September the eighth (late); decided 9 October
# and stored 20 October is the eighth (late, the worked Saturday counts); a correction (a second
# version, not a new record); a declaration with exempt decisions; list entries; a refresh in the
# middle of the month and records after it. The audit says the close read the aggregates. A batch
# stamped in October after the close (the clock set back) leaves the closed month as it was;
# reopened and closed again, the refresh sums October again and the close still equals the
# records, with the late batch counted.
. "$(dirname "$0")/lib.sh.inc"
D=$XY_TEST_DATA
DEPT=11230500001755309F
export XY_TODAY=2026-10-12

# pen FILE PREFIX DATE...: the fixture's penalties, renumbered PREFIX〔2026〕N号, decided on DATE...
pen() {
    local f=$1 p=$2
    shift 2
    awk -F, -v OFS=, -v p="$p" -v dates="$*" 'BEGIN { n = split(dates, d, " ") }
        NR == 1 { print; next }
        NR - 1 <= n { $9 = p "〔2026〕" (NR - 1) "号"; $16 = d[NR - 1]; $17 = "2027-12-31"; print }' \
        "$D/api-penalty.csv" >"$f"
}
cats() { sqlite3 :memory: "SELECT json_extract(readfile('$1'), '\$.categories')"; }
# fig FILE COLUMN: the department's penalty row of category 6
fig() {
    sqlite3 :memory: "SELECT json_extract(r.value, '\$.values.$2') FROM json_each(json_extract(readfile('$1'),
        '\$.categories[5].rows')) r WHERE json_extract(r.value, '\$.dept') = '$DEPT' AND
        json_extract(r.value, '\$.key') = 'penalty'"
}
how() { sql "SELECT $(sql_json detail records) FROM audit WHERE action = 'monitor.close' ORDER BY seq DESC LIMIT 1"; }

run_xy 0 init
run_xy 0 dept add "$DEPT" 武汉市市场监督管理局 --region 420100 --level city_dept
printf '{"classes":[{"class":"penalty","frequency":"weekly"},{"class":"license","frequency":"weekly"}]}' >plan.json
run_xy 0 dept plan "$DEPT" plan.json
pen a.csv 结罚 2026-09-24 2026-09-23 2026-09-29 2026-10-09
run_xy 0 import --class penalty --dept "$DEPT" a.csv
run_xy 0 import --class license --dept "$DEPT" "$D/api-license.csv"
run_xy 0 import --class black_list --dept "$DEPT" "$D/api-black.csv"
XY_TODAY=2026-10-15 run_xy 0 monitor refresh

# after the refresh: a correction of 结罚〔2026〕1号 and two new penalties, one late
export XY_TODAY=2026-10-20
awk -F, -v OFS=, 'NR == 1 || NR == 2 { if (NR == 2) $14 = "罚款4万元"; print }' a.csv >fix.csv
run_xy 0 import --class penalty --dept "$DEPT" fix.csv
expect_eq "a second version" 2 "$(sql "SELECT max(version) FROM record WHERE doc_no = '结罚〔2026〕1号'")"
pen b.csv 结罚二 2026-10-19 2026-10-09
run_xy 0 import --class penalty --dept "$DEPT" b.csv
printf '{"classes":[{"class":"penalty","decided":12,"exempt":2},{"class":"license","decided":10}]}' >decl.json
run_xy 0 monitor declare "$DEPT" 2026-10 decl.json

# ---- the close ----
export XY_TODAY=2026-11-03
run_xy 0 monitor month 2026-10 --json
printf '%s' "$OUT" >open.json
expect_eq "submitted, hand-counted" 6 "$(fig open.json submitted)"
expect_eq "on time, hand-counted" 4 "$(fig open.json timely)"
expect_eq "exempt" 2 "$(fig open.json exempt)"
expect_eq "publicity rate 6 / (12 - 2)" 0.6 "$(fig open.json publicity_rate)"
run_xy 0 monitor close 2026-10
expect_eq "the close read the aggregates" aggregates "$(how)"
run_xy 0 monitor month 2026-10 --json
printf '%s' "$OUT" >closed.json
expect_contains "closed" '"state":"closed"' "$OUT"
expect_eq "the frozen figures are the records' figures" "$(cats open.json)" "$(cats closed.json)"

# ---- a late batch stamped in October, after the close ----
pen c.csv 结罚三 2026-10-28 2026-10-20
XY_TODAY=2026-10-30 run_xy 0 import --class penalty --dept "$DEPT" c.csv
run_xy 0 monitor month 2026-10 --json
printf '%s' "$OUT" >still.json
expect_eq "the closed month does not move" "$(cats closed.json)" "$(cats still.json)"
run_xy 0 monitor reopen 2026-10 迟到批次补录
run_xy 0 monitor month 2026-10 --json
printf '%s' "$OUT" >open2.json
expect_eq "submitted with the late batch" 8 "$(fig open2.json submitted)"
expect_eq "on time with the late batch" 5 "$(fig open2.json timely)"
run_xy 0 monitor close 2026-10
expect_eq "the second close read the aggregates too" aggregates "$(how)"
run_xy 0 monitor month 2026-10 --json
printf '%s' "$OUT" >closed2.json
expect_eq "closed again: the records' figures, the late batch in" "$(cats open2.json)" "$(cats closed2.json)"
expect_eq "the dashboards' month summed again" 8 \
    "$(sql "SELECT n FROM mon_month WHERE month = '2026-10' AND dept = '$DEPT' AND cls = 'penalty' AND metric = 'records'")"
echo "monitor_close: ok"
