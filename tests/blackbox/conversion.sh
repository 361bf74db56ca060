#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The code conversion register end to end: the office imports a registration authority's list over
# HTTP (rows that cannot be stored rejected one by one with row and field, the others stored; the
# same list sent again changes nothing); each department downloads its own unconverted entities as
# CSV (another's never, the office all); category 8 and the configurable category 13 of a month,
# which stay as they were frozen when a later list arrives and the category is redefined after the
# close; the command line's import, show and unconverted.
. "$(dirname "$0")/lib.sh.inc"
. "$(dirname "$0")/server.sh.inc"
D=$XY_TEST_DATA
SAMR=11230500001755309F
CIVIL=91110000600037341L
export XY_TODAY=2026-11-20

run_xy 0 init
run_xy 0 dept add "$SAMR" 武汉市市场监督管理局 --region 420100 --level city_dept
run_xy 0 dept add "$CIVIL" 武汉市民政局 --region 420100 --level city_dept
# penalties due weekly (category 14); subjects the platform holds: 91110000600037341L and
# 91420684MA4927PJ7B among them, from a batch on Friday 20 November
printf '{"classes":[{"class":"penalty","frequency":"weekly"}]}' >plan.json
run_xy 0 dept plan "$SAMR" plan.json
run_xy 0 import --class penalty --dept "$SAMR" "$D/api-penalty.csv"

key() { run_xy 0 key create "$@"; printf '%s\n' "$OUT" | tail -n 1; }
KO=$(key --role office --name 信用办)
KS=$(key --role department --dept "$SAMR" --name 市场监管局)
KC=$(key --role department --dept "$CIVIL" --name 民政局)
start_server conversion
api() { # METHOD PATH KEY [TYPE BODYFILE]: sets CODE and BODY
    if [ $# -ge 5 ]; then
        BODY=$(curl -s -w '\n%{http_code}' -X "$1" -H "Authorization: Bearer $3" -H "Content-Type: $4" \
            --data-binary "@$5" "$URL$2")
    else
        BODY=$(curl -s -w '\n%{http_code}' -X "$1" -H "Authorization: Bearer $3" "$URL$2")
    fi
    CODE=$(printf '%s' "$BODY" | tail -n 1)
    BODY=$(printf '%s' "$BODY" | sed '$d')
}

# rows 1-5 stored (a wrong check character and a failing registration number are stored and counted),
# rows 6-10 rejected: authority, shape of the code, no name, no such date, the same entity twice
cat >samr.csv <<'CSV'
authority,old_code,reg_no,name,registered_on,uscc
9,60003734-1,110108000000016,甲公司,2001-02-03,91110000600037341L
9,MA4927PJ7,,乙公司,2015-01-01,
工商,MA4927PJ7,,乙分公司,2015-01-02,
9,40135908-2,,丙公司,,
9,,110108000000017,丁个体户,,
X,71526726X,,坏行一,,
9,7152672,,坏行二,,
9,71526726X,,,,
9,71526726X,,戊公司,2020-02-30,
9,,110108000000016,甲公司重复,,
CSV
api POST "/api/v1/monitoring/conversion/register?dept=$SAMR" "$KS" text/csv samr.csv
expect_eq "a department does not import" 403 "$CODE"
api POST "/api/v1/monitoring/conversion/register?dept=$SAMR" "$KO" application/json samr.csv
expect_eq "not CSV" 415 "$CODE"
printf 'authority,old_code,nosuch\n9,600037341,x\n' >badhead.csv
api POST "/api/v1/monitoring/conversion/register?dept=$SAMR" "$KO" text/csv badhead.csv
expect_eq "an unknown column refuses the list" 400 "$CODE"
expect_contains "the column named" "nosuch" "$BODY"
expect_eq "nothing stored" 0 "$(sql "SELECT count(*) FROM conv_entity")"
api POST "/api/v1/monitoring/conversion/register?dept=$SAMR" "$KO" text/csv samr.csv
expect_eq "the list imported" 200 "$CODE"
expect_eq "accepted" 5 "$(json_get "$BODY" accepted)"
expect_eq "rejected" 5 "$(json_get "$BODY" rejected)"
for r in '"row":6,"field":"authority"' '"row":7,"field":"old_code"' '"row":8,"field":"name"' \
    '"row":9,"field":"registered_on"' '"row":10,"field":"reg_no"'; do
    expect_contains "reject $r" "$r" "$BODY"
done
expect_eq "stored" 5 "$(sql "SELECT count(*) FROM conv_entity")"
api POST "/api/v1/monitoring/conversion/register?dept=$SAMR" "$KO" text/csv samr.csv
expect_eq "sent again: unchanged" "5|0|0" "$(json_get "$BODY" unchanged)|$(json_get "$BODY" added)|$(json_get "$BODY" updated)"
expect_eq "still 5" 5 "$(sql "SELECT count(*) FROM conv_entity")"
printf 'authority,old_code,reg_no,name\n民政,50000001-5,,某协会\n5,500000023,,某基金会\n' >civil.csv
api POST "/api/v1/monitoring/conversion/register?dept=$CIVIL" "$KO" text/csv civil.csv
expect_eq "the civil affairs list" 2 "$(json_get "$BODY" accepted)"

# ---- downloads: a department its own ----
api GET "/api/v1/monitoring/conversion?format=csv" "$KS"
expect_eq "the department's CSV" 200 "$CODE"
csv=$BODY
# not converted: 丙 (wrong check character), 丁 (no code); converted but duplicate: 乙, 乙分; 甲 is sound
for n in 丙公司 丁个体户 乙公司 乙分公司; do expect_contains "$n listed" "$n" "$csv"; done
case "$csv" in *甲公司*) fail "a sound converted entity listed" ;; esac
case "$csv" in *某协会*) fail "another department's entity listed" ;; esac
expect_contains "the reason" "check character wrong" "$csv"
api GET "/api/v1/monitoring/conversion?format=csv&dept=$SAMR" "$KC"
expect_eq "another department's list refused" 403 "$CODE"
api GET "/api/v1/monitoring/conversion?format=csv" "$KC"
expect_contains "its own" 某基金会 "$BODY"
case "$BODY" in *丙公司*) fail "civil affairs sees market regulation's entities" ;; esac
api GET "/api/v1/monitoring/conversion?format=csv&authority=5" "$KO"
expect_contains "the office, one authority" 某协会 "$BODY"
case "$BODY" in *丙公司*) fail "the authority filter" ;; esac
api GET "/api/v1/monitoring/conversion?authority=7" "$KO"
expect_eq "an unknown authority" 400 "$CODE"
# the figures as of now: market regulation 5 entities, 3 converted (甲 given, 乙 and 乙分 found among the
# subjects), 4 duplicate or wrong; civil affairs 2, none
api GET /api/v1/monitoring/conversion "$KO"
city=$(printf '%s' "$BODY" | grep -o '"city":{[^}]*}')
expect_contains "old codes" '"old_codes":7' "$city"
expect_contains "converted" '"converted":3' "$city"
expect_contains "bad codes" '"bad_codes":4' "$city"
expect_contains "conversion rate 3/7" '"conversion_rate":0.4286' "$city"
expect_contains "bad code rate 4/7" '"bad_code_rate":0.5714' "$city"

# ---- the configurable category ----
printf '{"name_zh":"信用承诺书","name_en":"credit commitments","unit":"份","entered_by":"departments"}' >extra.json
api PUT /api/v1/admin/monitoring/extra "$KS" application/json extra.json
expect_eq "a department does not define it" 403 "$CODE"
api PUT /api/v1/admin/monitoring/extra "$KO" application/json extra.json
expect_eq "defined" 200 "$CODE"
printf '{"category":13,"item":"承诺书","values":{"value":42}}' >e13.json
api PUT /api/v1/monitoring/entries/2026-11 "$KS" application/json e13.json
expect_eq "entered" 201 "$CODE"
stop_server "$SPID" conversion

# ---- the month closed, then a later list and a new definition ----
XY_TODAY=2026-12-03 run_xy 0 monitor close 2026-11
XY_TODAY=2026-12-03 run_xy 0 monitor month 2026-11 --json
frozen=$OUT
cat8() { printf '%s' "$1" | grep -o '"no":8,.*"no":9,' ; }
cat13() { printf '%s' "$1" | grep -o '"no":13,.*"no":14,' ; }
expect_contains "category 8 frozen with its figures" '"city":{"old_codes":7,"converted":3,' "$(cat8 "$frozen")"
expect_contains "category 13 named" '"name_zh":"信用承诺书"' "$(cat13 "$frozen")"
expect_contains "category 13's value" '"value":42' "$(cat13 "$frozen")"
# November's weeks end on Fridays 6, 13, 20 and 27: only the week of the 20th had a batch
expect_contains "category 14: penalties weekly" '"key":"penalty","values":{"expected":4,"arrived":1,"late":3' \
    "$(printf '%s' "$frozen" | grep -o '"no":14,.*"no":15,')"
printf 'authority,old_code,reg_no,name,registered_on,uscc\n1,40135908-1,,某事业单位,,121200004013590816\n' >later.csv
XY_TODAY=2026-12-03 run_xy 0 monitor conversion import later.csv --authority "$SAMR"
expect_contains "the CLI's counts" "1 accepted (1 added" "$OUT"
printf '{"name_zh":"改名类别","name_en":"renamed","unit":"项","entered_by":"office"}' >extra2.json
XY_TODAY=2026-12-03 run_xy 0 monitor extra define extra2.json
XY_TODAY=2026-12-03 run_xy 0 monitor month 2026-11 --json
expect_eq "category 8 of the closed month unchanged" "$(cat8 "$frozen")" "$(cat8 "$OUT")"
expect_eq "category 13 of the closed month unchanged" "$(cat13 "$frozen")" "$(cat13 "$OUT")"
XY_TODAY=2026-12-03 run_xy 0 monitor month 2026-12 --json
expect_contains "December counts the later list" '"old_codes":8' "$(cat8 "$OUT")"
expect_contains "December's new code" '"new_codes":1' "$(cat8 "$OUT")"
expect_contains "December shows the new name" '"name_zh":"改名类别"' "$(cat13 "$OUT")"
XY_TODAY=2026-12-03 run_xy 0 monitor month 2026-11 --csv
expect_contains "category 8 in the CSV" '"8","统一社会信用代码转换率","部门","'"$SAMR"'"' "$OUT"
expect_contains "category 13 in the CSV" '"13","信用承诺书"' "$OUT"
expect_contains "the conversion target in the CSV" '"8","统一社会信用代码转换率","目标","","不低于","420100","","conversion_rate","目标值","%","1.0000"' "$OUT"
expect_contains "the bad code target in the CSV" '"低于","420100","","bad_code_rate","目标值","%","0.0001"' "$OUT"
XY_TODAY=2026-12-03 run_xy 0 monitor month 2026-11 --xlsx m.xlsx
names=$(unzip -p m.xlsx xl/workbook.xml)
expect_contains "sheet 8" "8 统一社会信用代码转换率" "$names"
expect_contains "sheet 13" "13 信用承诺书" "$names"
expect_contains "the targets' row in the workbook" "目标值 (target)" "$(unzip -p m.xlsx xl/sharedStrings.xml)"

# ---- the command line ----
XY_TODAY=2026-12-03 run_xy 0 monitor conversion unconverted --dept "$CIVIL"
expect_contains "the CLI's download" 某基金会 "$OUT"
case "$OUT" in *丙公司*) fail "the CLI's department filter" ;; esac
XY_TODAY=2026-12-03 run_xy 1 monitor conversion import badhead.csv --authority "$SAMR"
expect_contains "the CLI names the column" nosuch "$ERR"
expect_eq "audited: four lists read, the two refused ones not" 4 "$(sql "SELECT count(*) FROM audit WHERE action = 'conversion.import'")"
echo "conversion: ok"
