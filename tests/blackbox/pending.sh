#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The countdown to the 22nd (GET /api/v1/monitoring/pending, `xinyong monitor pending`): a constructed
# month of four reporting units, each owing something else (a declaration, categories 4 and 11 entered
# by hand, a declaration and the configurable 13th once it is defined, nothing); who is listed as not
# reported before and after each reports; the days and working days left to the 22nd and the overdue
# flag after it; a department key answered with its own unit only; other keys refused; bad months.
. "$(dirname "$0")/lib.sh.inc"
. "$(dirname "$0")/server.sh.inc"
CITY=11230500001755309F  # 市直部门, owes its declaration
DIST=91110000600037341L  # 江岸区人民政府, owes categories 4 and 11
DDEPT=91310115MA1K3BTP2B # 江岸区直部门, owes its declaration, and 13 once defined
NONE=9144030071526726XG  # 江汉区直部门 with no catalogue: owes nothing
LOOSE=91420100MA4K2X7C6G # registered, but not a reporting unit (no level, no catalogue)
export XY_TODAY=2026-12-10
M=2026-11

run_xy 0 init
run_xy 0 dept add "$CITY" 武汉市市场监督管理局 --region 420100 --level city_dept
run_xy 0 dept add "$DIST" 江岸区人民政府 --region 420102 --level district_gov
run_xy 0 dept add "$DDEPT" 江岸区城管局 --region 420102 --level district_dept
run_xy 0 dept add "$NONE" 江汉区文旅局 --region 420103 --level district_dept
run_xy 0 dept add "$LOOSE" 某部门
printf '{"classes":[{"class":"penalty","frequency":"weekly"}]}' >p1.json
printf '{"classes":[],"entries":[11,4]}' >p2.json
printf '{"classes":[{"class":"license","frequency":"monthly"}],"entries":[13]}' >p3.json
run_xy 0 dept plan "$CITY" p1.json
run_xy 0 dept plan "$DIST" p2.json
run_xy 0 dept plan "$DDEPT" p3.json
printf '{"classes":[],"entries":[4,6,4]}' >bad.json
run_xy 1 dept plan "$NONE" bad.json
expect_contains "a computed category cannot be owed by hand" "/entries/1" "$ERR"
expect_contains "a category twice" "/entries/2" "$ERR"
expect_eq "the bad catalogue not stored" "" "$(sql "SELECT coalesce(plan, '') FROM dept WHERE uscc = '$NONE'")"

key() { run_xy 0 key create "$@"; printf '%s\n' "$OUT" | tail -n 1; }
KO=$(key --role office --name 信用办)
KA=$(key --role auditor --name 审计)
KC=$(key --role department --dept "$CITY" --name 市场监管局)
KD=$(key --role department --dept "$DIST" --name 江岸区)
KP=$(key --role approval --name 审批)
start_server pending
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
status() { printf '%s' "$BODY" | jq -r --arg d "$1" '.units[] | select(.dept == $d) | .status'; }
missing() { printf '%s' "$BODY" | jq -c --arg d "$1" '.units[] | select(.dept == $d) | [.declaration, .entries_missing]'; }
pending_list() { printf '%s' "$BODY" | jq -r '[.units[] | select(.status == "pending") | .dept] | join(" ")'; }

# ---- before anyone reports ----
api GET /api/v1/monitoring/pending "$KO"
expect_eq "the office reads it" 200 "$CODE"
expect_eq "the month being reported by default" "$M" "$(printf '%s' "$BODY" | jq -r .month)"
expect_eq "due on the 22nd of the next month" 2026-12-22 "$(printf '%s' "$BODY" | jq -r .due)"
expect_eq "calendar days left" 12 "$(printf '%s' "$BODY" | jq -r .days_left)"
# 11 December (Friday), 14-18, 21 and 22 December
expect_eq "working days left" 8 "$(printf '%s' "$BODY" | jq -r .workdays_left)"
expect_eq "not overdue" false "$(printf '%s' "$BODY" | jq -r .overdue)"
expect_eq "four units, the loose department not one" "4|3|0|1" \
    "$(printf '%s' "$BODY" | jq -r '.counts | "\(.units)|\(.pending)|\(.in)|\(.nothing_owed)"')"
case "$BODY" in *"$LOOSE"*) fail "a department that is no reporting unit is listed" ;; esac
expect_eq "pending first, by district then code" "$CITY $DIST $DDEPT" "$(pending_list)"
expect_eq "the city department owes its declaration" '["missing",[]]' "$(missing "$CITY")"
expect_eq "the district owes 4 and 11" '["not_owed",[4,11]]' "$(missing "$DIST")"
expect_eq "13 not owed while undefined" '["missing",[]]' "$(missing "$DDEPT")"
expect_eq "the unit with no catalogue" nothing_owed "$(status "$NONE")"
expect_eq "Jiang'an: two units, both pending" "2|2|0" \
    "$(printf '%s' "$BODY" | jq -r '.districts[] | select(.region == "420102") | "\(.units)|\(.pending)|\(.in)"')"
api GET /api/v1/monitoring/pending "$KA"
expect_eq "the auditor reads it" 200 "$CODE"
expect_eq "the auditor sees every unit" 4 "$(printf '%s' "$BODY" | jq -r .counts.units)"
api GET /api/v1/monitoring/pending "$KP"
expect_eq "an approval key is refused" 403 "$CODE"
api GET /api/v1/monitoring/pending ""
expect_eq "no key is refused" 401 "$CODE"
api GET "/api/v1/monitoring/pending?month=2026-13" "$KO"
expect_eq "a bad month" 400 "$CODE"
expect_contains "the fault named" "YYYY-MM" "$BODY"
api GET "/api/v1/monitoring/pending?month=2027-01" "$KO"
expect_eq "a month not begun" 400 "$CODE"
api GET "/api/v1/monitoring/pending?month=2026-11&x=1" "$KO"
expect_eq "an unknown parameter" 400 "$CODE"

# ---- a department sees its own unit only ----
api GET /api/v1/monitoring/pending "$KD"
expect_eq "the district reads its own" 200 "$CODE"
expect_eq "one unit, its own" "1|$DIST" "$(printf '%s' "$BODY" | jq -r '"\(.counts.units)|\(.units[0].dept)"')"
expect_eq "no districts for a department" null "$(printf '%s' "$BODY" | jq -r .districts)"
case "$BODY" in *"$CITY"* | *"$DDEPT"*) fail "a department sees another's unit" ;; esac

# ---- they report ----
api PUT /api/v1/dept/declarations/$M "$KC" '{"classes":[{"class":"penalty","decided":5}]}'
expect_eq "the city department declares" 200 "$CODE"
printf '{"category":4,"item":"信用+网格","text":"网格员上门核实失信主体整改情况。"}' >e4.json
run_xy 0 monitor enter "$DIST" "$M" e4.json
api GET "/api/v1/monitoring/pending?month=$M" "$KO"
expect_eq "the city department is in" in "$(status "$CITY")"
expect_eq "the district still owes 11" '["not_owed",[11]]' "$(missing "$DIST")"
expect_eq "still pending" "$DIST $DDEPT" "$(pending_list)"
printf '{"category":11,"item":"辖区银行","values":{"npl":120,"loans":10000}}' >e11.json
run_xy 0 monitor enter "$DIST" "$M" e11.json
printf '{"name_zh":"信用承诺书","name_en":"credit commitments","unit":"份","entered_by":"departments"}' >extra.json
run_xy 0 monitor extra define extra.json
printf '{"classes":[{"class":"license","decided":3}]}' >d3.json
run_xy 0 monitor declare "$DDEPT" "$M" d3.json
api GET "/api/v1/monitoring/pending?month=$M" "$KO"
expect_eq "the district is in" in "$(status "$DIST")"
expect_eq "13 owed once defined" '["in",[13]]' "$(missing "$DDEPT")"
expect_eq "only the district department left" "$DDEPT" "$(pending_list)"
api GET /api/v1/monitoring/pending "$KD"
expect_eq "the district sees itself in" "in|[4,11]" "$(printf '%s' "$BODY" | jq -c -r '"\(.units[0].status)|\(.units[0].entries_in)"')"
stop_server "$SPID" pending

# ---- the CLI, and after the 22nd ----
XY_TODAY=2026-12-23 run_xy 0 monitor pending
expect_contains "overdue by a day" "1 days overdue" "$OUT"
expect_contains "who is late" "$DDEPT" "$OUT"
expect_contains "what it owes" "categories not entered: 13" "$OUT"
XY_TODAY=2026-12-23 run_xy 0 monitor pending "$M" --json
expect_eq "overdue" "true|-1" "$(printf '%s' "$OUT" | jq -r '"\(.overdue)|\(.days_left)"')"
printf '{"category":13,"item":"承诺书","values":{"value":42}}' >e13.json
run_xy 0 monitor enter "$DDEPT" "$M" e13.json
run_xy 0 monitor pending "$M" --json
expect_eq "everyone in" "0|3|1" "$(printf '%s' "$OUT" | jq -r '.counts | "\(.pending)|\(.in)|\(.nothing_owed)"')"
run_xy 0 monitor pending 2026-12
expect_contains "the present month, due in January" "due 2027-01-22" "$OUT"
run_xy 2 monitor pending 2026-11 2026-10
echo "pending: ok"
