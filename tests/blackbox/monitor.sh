#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The monthly report of departments and districts end to end: a department registered with its
# district and level (a bad district refused and nothing registered); its collection catalogue; a
# declaration over HTTP with a department key (a bad one refused whole, each fault named); the month
# as the office sees it (figures against counts taken from the database independently) and as the
# department sees it (its own rows only); closing (not before the month is over), a batch arriving
# after the close leaving the closed month as it was, the audited reopening recomputing it; the CSV
# and the XLSX workbook, whose sheet is read back with unzip and checked cell by cell.
. "$(dirname "$0")/lib.sh.inc"
. "$(dirname "$0")/server.sh.inc"
D=$XY_TEST_DATA
DEPT=11230500001755309F
OTHER=91110000600037341L
command -v unzip >/dev/null || fail "unzip is missing: run scripts/install-deps"
export XY_TODAY=2026-11-20

run_xy 0 init
run_xy 1 dept add "$DEPT" 武汉市市场监督管理局 --region 420118 --level city_dept
expect_contains "a district not of the city is refused" "420118" "$ERR"
expect_eq "nothing registered" 0 "$(sql "SELECT count(*) FROM dept")"
run_xy 1 dept add "$DEPT" 武汉市市场监督管理局 --region 420102 --level city_dept
run_xy 0 dept add "$DEPT" 武汉市市场监督管理局 --region 420100 --level city_dept
run_xy 0 dept add "$OTHER" 江岸区人民政府 --region 420102 --level district_gov
expect_eq "unit stored" "420100|city_dept" "$(sql "SELECT region || '|' || level FROM dept WHERE uscc = '$DEPT'")"
printf '{"classes":[{"class":"penalty","frequency":"weekly","exemption":"行政处罚法第四十八条"},{"class":"license","frequency":"weekly"}]}' >plan.json
run_xy 0 dept plan "$DEPT" plan.json
printf '{"classes":[{"class":"penalty","frequency":"daily"}]}' >plan2.json
run_xy 0 dept plan "$OTHER" plan2.json
run_xy 0 import --class penalty --dept "$DEPT" "$D/api-penalty.csv"
run_xy 0 import --class license --dept "$DEPT" "$D/api-license.csv"

# ---- a declaration over HTTP ----
key() { run_xy 0 key create "$@"; printf '%s\n' "$OUT" | tail -n 1; }
KO=$(key --role office --name 信用办)
KA=$(key --role auditor --name 审计)
KD=$(key --role department --dept "$DEPT" --name 市场监管局)
start_server monitor
api() { # METHOD PATH KEY [BODY]: sets CODE and BODY
    if [ $# -ge 4 ]; then
        BODY=$(curl -s -w '\n%{http_code}' -X "$1" -H "Authorization: Bearer $3" -H 'Content-Type: application/json' \
            --data-binary "$4" "$URL$2")
    else
        BODY=$(curl -s -w '\n%{http_code}' -X "$1" -H "Authorization: Bearer $3" "$URL$2")
    fi
    CODE=$(printf '%s' "$BODY" | tail -n 1)
    BODY=$(printf '%s' "$BODY" | sed '$d')
}
api PUT /api/v1/dept/declarations/2026-11 "$KD" \
    '{"classes":[{"class":"nosuch","decided":1},{"class":"penalty","decided":3,"exempt":4},{"class":"license","decided":-2}]}'
expect_eq "a bad declaration" 400 "$CODE"
for f in /classes/0/class /classes/1/exempt /classes/2/decided; do expect_contains "fault $f named" "$f" "$BODY"; done
expect_eq "nothing stored" 0 "$(sql "SELECT count(*) FROM declaration")"
api PUT /api/v1/dept/declarations/2026-11 "$KD" '{"classes":[{"class":"penalty","decided":12,"exempt":2},{"class":"license","decided":10}]}'
expect_eq "a declaration" 200 "$CODE"
api GET /api/v1/dept/declarations/2026-11 "$KD"
expect_contains "read back" '"decided":12' "$BODY"
api GET /api/v1/monitoring/months/2026-11 "$KD"
expect_eq "the department reads the month" 200 "$CODE"
case "$BODY" in *"$OTHER"*) fail "a department sees another's rows" ;; esac
case "$BODY" in *'"districts"'*) fail "a department sees district sums" ;; esac
api GET /api/v1/monitoring/months/2026-11 "$KA"
expect_eq "the auditor reads the month" 200 "$CODE"
expect_contains "who has not declared" "\"not_declared\":[{\"dept\":\"$OTHER\"" "$BODY"
expect_contains "days left to the 22nd of December" '"days_left":32' "$BODY"
api POST /api/v1/monitoring/months/2026-11/close "$KO"
expect_eq "not before the month is over" 409 "$CODE"
api POST /api/v1/monitoring/months/2026-11/close "$KA"
expect_eq "the auditor does not close" 403 "$CODE"
stop_server "$SPID" monitor

# ---- the figures against the database ----
month_from=2026-10-31T16:00:00Z
month_to=2026-11-30T16:00:00Z
n_pen=$(sql "SELECT count(*) FROM record r JOIN dept d ON d.id = r.dept_id WHERE d.uscc = '$DEPT' AND r.class = 'penalty' AND r.version = 1 AND r.created_at >= '$month_from' AND r.created_at < '$month_to'")
rows_pen=$(sql "SELECT sum(rows_total) || '|' || sum(accepted) FROM batch WHERE class = 'penalty'")
[ "$n_pen" -ge 1 ] || fail "the fixture should give penalties in the month"
run_xy 0 monitor month 2026-11 --csv
line() { printf '%s\n' "$OUT" | tr -d '\r' | grep "^\"6\",[^,]*,\"部门\",\"$DEPT\",[^,]*,[^,]*,\"penalty\",\"$1\"" | sed 's/.*,"\([^"]*\)"$/\1/'; }
expect_eq "submitted" "$n_pen" "$(line submitted)"
expect_eq "declared" 12 "$(line declared)"
expect_eq "exempt" 2 "$(line exempt)"
expect_eq "rows sent|accepted" "$rows_pen" "$(line rows_sent)|$(line rows_accepted)"
expect_eq "publicity rate" "$(awk -v s="$n_pen" 'BEGIN { printf "%.4f", s / 10 }')" "$(line publicity_rate)"
expect_eq "the other's expected row" 0 "$(printf '%s\n' "$OUT" | tr -d '\r' | grep "^\"6\",[^,]*,\"部门\",\"$OTHER\",[^,]*,[^,]*,\"penalty\",\"submitted\"" | sed 's/.*,"\([^"]*\)"$/\1/')"

# ---- closing, a late batch, reopening ----
XY_TODAY=2026-12-03 run_xy 0 monitor close 2026-11
XY_TODAY=2026-12-03 run_xy 1 monitor close 2026-11
expect_contains "closed twice" "closed already" "$ERR"
XY_TODAY=2026-12-03 run_xy 0 monitor month 2026-11 --json
frozen=$OUT
expect_contains "closed" '"state":"closed"' "$frozen"
expect_contains "the rules' version" '"rules":"monitor-2026.2"' "$frozen"
# a batch stored on 30 November after the close: the closed month does not move
XY_TODAY=2026-11-30 run_xy 0 import --class penalty --dept "$DEPT" "$D/rights-penalty.csv"
XY_TODAY=2026-12-03 run_xy 0 monitor month 2026-11 --json
expect_eq "the closed month unchanged" "$(printf '%s' "$frozen" | sed 's/"days_left":[-0-9]*//')" \
    "$(printf '%s' "$OUT" | sed 's/"days_left":[-0-9]*//')"
printf '{"classes":[{"class":"penalty","decided":20}]}' >late.json
XY_TODAY=2026-12-03 run_xy 1 monitor declare "$DEPT" 2026-11 late.json
expect_contains "a closed month takes no declaration" "closed" "$ERR"
XY_TODAY=2026-12-03 run_xy 1 monitor reopen 2026-11 ""
XY_TODAY=2026-12-03 run_xy 0 monitor reopen 2026-11 迟到批次补录
expect_eq "reopening audited" 1 "$(sql "SELECT count(*) FROM audit WHERE action = 'monitor.reopen' AND detail LIKE '%迟到批次补录%'")"
n_pen2=$(sql "SELECT count(*) FROM record r WHERE r.class = 'penalty' AND r.version = 1 AND r.created_at >= '$month_from' AND r.created_at < '$month_to'")
[ "$n_pen2" -gt "$n_pen" ] || fail "the late batch should add penalties"
XY_TODAY=2026-12-03 run_xy 0 monitor month 2026-11 --csv
expect_eq "recomputed after reopening" "$n_pen2" "$(line submitted)"
XY_TODAY=2026-12-03 run_xy 0 monitor close 2026-11

# ---- the workbook ----
XY_TODAY=2026-12-03 run_xy 0 monitor month 2026-11 --xlsx m.xlsx
unzip -l m.xlsx >/dev/null || fail "m.xlsx is not a zip"
[ "$(unzip -l m.xlsx | grep -c 'xl/worksheets/sheet[0-9]*.xml')" = 16 ] || fail "expected a cover and 15 sheets"
names=$(unzip -p m.xlsx xl/workbook.xml)
expect_contains "sheet 6 named in Chinese" "6 双公示数量及公示率" "$names"
strings=$(unzip -p m.xlsx xl/sharedStrings.xml)
for h in "报送数量（条）" "公示率（%）" "及时率（%）" "合格率（%）" "全市合计"; do expect_contains "header $h" "$h" "$strings"; done
sheet=$(unzip -p m.xlsx xl/worksheets/sheet7.xml) # the cover is sheet1: category 6 is sheet7
expect_contains "header rows frozen" 'ySplit="3"' "$sheet"
# the department's rows come first, in key order: licences in row 4, penalties in row 5 (submitted in
# column G, declared in E, the publicity rate in K)
cell() { printf '%s' "$sheet" | grep -o "<c r=\"$1\"[^>]*><v>[^<]*</v>" | sed 's/.*<v>\([^<]*\)<\/v>/\1/'; }
styles=$(unzip -p m.xlsx xl/styles.xml)
expect_contains "a percentage format" '0.00%' "$styles"
row=$(printf '%s' "$sheet" | grep -o '<row r="[0-9]*"' | sed -n 4p | grep -o '[0-9]*')
expect_eq "the first data row" 4 "$row"
n_lic=$(sql "SELECT count(*) FROM record r WHERE r.class = 'license' AND r.version = 1 AND r.created_at >= '$month_from' AND r.created_at < '$month_to'")
expect_eq "licences in the workbook" "$n_lic" "$(cell G4)"
expect_eq "submitted in the workbook" "$n_pen2" "$(cell G5)"
expect_eq "declared in the workbook" 12 "$(cell E5)"
rate=$(cell K5)
expect_eq "the rate in the workbook" "$(awk -v s="$n_pen2" 'BEGIN { printf "%.4f", s / 10 }')" "$(awk -v r="$rate" 'BEGIN { printf "%.4f", r }')"
echo "monitor: ok"
