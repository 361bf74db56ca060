#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The monitoring dashboards end to end: the daily aggregates (`xinyong monitor refresh`) give the
# same month as the monthly report computed from the raw tables (double publicity, lists), whether
# refreshed in one go or day by day, and a rebuild gives the same rows; the trends, the rankings of
# departments and districts and the drill-down to late and rejected records over HTTP, with their
# numbers against the month's figures and the records counted in the database; a department sees
# its own figures only; the month's XLSX over HTTP (format=xlsx and Accept) is the CLI's workbook.
. "$(dirname "$0")/lib.sh.inc"
. "$(dirname "$0")/server.sh.inc"
D=$XY_TEST_DATA
DEPT=11230500001755309F
OTHER=91110000600037341L
command -v unzip >/dev/null || fail "unzip is missing: run scripts/install-deps"
export XY_TODAY=2026-11-20
j() { # j FILE SQL-EXPRESSION-OVER-$j: an SQLite JSON expression over the file's text
    sqlite3 :memory: "SELECT $(printf '%s' "$2" | sed "s|\\\$j|readfile('$1')|g")"
}

run_xy 0 init
run_xy 0 dept add "$DEPT" 武汉市市场监督管理局 --region 420100 --level city_dept
run_xy 0 dept add "$OTHER" 江岸区人民政府 --region 420102 --level district_gov
printf '{"classes":[{"class":"penalty","frequency":"weekly"},{"class":"license","frequency":"weekly"}]}' >plan.json
run_xy 0 dept plan "$DEPT" plan.json
run_xy 0 import --class penalty --dept "$DEPT" "$D/api-penalty.csv"
run_xy 0 import --class license --dept "$DEPT" "$D/api-license.csv"
cp "$D/penalty-bad.csv" bad.csv # its rejects file is written beside it
run_xy 1 import --class penalty --dept "$DEPT" bad.csv
run_xy 0 import --class black_list --dept "$DEPT" "$D/api-black.csv"
printf '{"classes":[{"class":"penalty","decided":30,"exempt":2},{"class":"license","decided":10}]}' >decl.json
run_xy 0 monitor declare "$DEPT" 2026-11 decl.json
run_xy 0 monitor refresh
expect_contains "refreshed" "aggregates refreshed" "$OUT"

# Five days later: three penalties decided on the 18th (on time) arrive; refreshed again, from the
# month the last refresh reached.
awk -F, -v OFS=, 'NR >= 2 && NR <= 4 { $9 = "看板罚〔2026〕" NR "号"; $16 = "2026-11-18"; $17 = "2027-11-18"; print }
    NR == 1 { print }' "$D/api-penalty.csv" >timely.csv
XY_TODAY=2026-11-25 run_xy 0 import --class penalty --dept "$DEPT" timely.csv
XY_TODAY=2026-11-25 run_xy 0 monitor refresh
export XY_TODAY=2026-11-25
incremental=$(sql "SELECT $(sql_agg "month || dept || cls || metric || n" ';') FROM (SELECT * FROM mon_month ORDER BY 1, 2, 4, 5) m")
run_xy 0 monitor refresh --full
expect_contains "rebuilt" "rebuilt" "$OUT"
expect_eq "a rebuild gives the rows the day-by-day refresh gave" "$incremental" \
    "$(sql "SELECT $(sql_agg "month || dept || cls || metric || n" ';') FROM (SELECT * FROM mon_month ORDER BY 1, 2, 4, 5) m")"
expect_eq "daily counts sum to the month" "$(sql "SELECT sum(n) FROM mon_day WHERE day LIKE '2026-11-%'")" \
    "$(sql "SELECT sum(n) FROM mon_month WHERE month = '2026-11' AND metric NOT IN ('stock', 'declared', 'exempt')")"

key() { run_xy 0 key create "$@"; printf '%s\n' "$OUT" | tail -n 1; }
KO=$(key --role office --name 信用办)
KA=$(key --role auditor --name 审计)
KD=$(key --role department --dept "$OTHER" --name 江岸区)
start_server dash
get() { # get PATH KEY OUTFILE [CURL ARGS]: sets CODE
    local p=$1 k=$2 o=$3
    shift 3
    CODE=$(curl -s -o "$o" -D "$o.h" -w '%{http_code}' -H "Authorization: Bearer $k" "$@" "$URL$p")
}

# ---- the month from the raw tables, and from the aggregates ----
get /api/v1/monitoring/months/2026-11 "$KO" month.json
expect_eq "the month" 200 "$CODE"
get "/api/v1/monitoring/dashboard/trends?month=2026-11" "$KA" trends.json
expect_eq "trends for the auditor" 200 "$CODE"
expect_eq "twelve months" "12|2025-12|2026-11" \
    "$(j trends.json "json_array_length(\$j, '\$.months') || '|' || json_extract(\$j, '\$.months[0]') || '|' || json_extract(\$j, '\$.months[11]')")"
city6() { j month.json "json_extract(\$j, '\$.categories[5].city.$1')"; }
trend() { j trends.json "json_extract(\$j, '\$.series.$1[11]')"; }
for k in submitted declared exempt timely rows_sent rows_accepted publicity_rate timeliness quality; do
    expect_eq "November's $k as the monthly report has it" "$(city6 "$k")" "$(trend "$k")"
done
expect_eq "list entries, new" "$(j month.json "json_extract(\$j, '\$.categories[0].city.new')")" "$(trend list_new)"
expect_eq "list stock at month end" "$(j month.json "json_extract(\$j, '\$.categories[0].city.stock')")" "$(trend list_stock)"
n_pen=$(sql "SELECT count(*) FROM record WHERE class = 'penalty' AND version = 1")
n_lic=$(sql "SELECT count(*) FROM record WHERE class = 'license' AND version = 1")
expect_eq "submitted against the database" "$((n_pen + n_lic))" "$(trend submitted)"
expect_eq "three on time" 3 "$(trend timely)"
expect_eq "October is empty" 0 "$(j trends.json "json_extract(\$j, '\$.series.submitted[10]')")"
expect_eq "a rate over nothing is null" null "$(j trends.json "coalesce(json_extract(\$j, '\$.series.publicity_rate[10]'), 'null')")"
rej=$(sql "SELECT sum(rows_total - accepted) FROM batch WHERE class IN ('penalty', 'license')")
[ "$rej" -gt 0 ] || fail "the fixture should give rejected rows"
expect_eq "rows rejected" "$rej" "$(trend rows_rejected)"

# ---- rankings ----
get "/api/v1/monitoring/dashboard/rankings?month=2026-11&by=timeliness" "$KO" rank.json
expect_eq "rankings" 200 "$CODE"
expect_eq "the department ranked, with its district" "1|$DEPT|420100|武汉市市场监督管理局" \
    "$(j rank.json "json_extract(\$j, '\$.departments[0].rank') || '|' || json_extract(\$j, '\$.departments[0].dept') || '|' || json_extract(\$j, '\$.departments[0].region') || '|' || json_extract(\$j, '\$.departments[0].name')")"
rows_sum() { j month.json "(SELECT sum(json_extract(value, '\$.values.$1')) FROM json_each(\$j, '\$.categories[5].rows') WHERE json_extract(value, '\$.dept') = '$DEPT')"; }
for k in submitted timely rows_sent rows_accepted declared; do
    expect_eq "the department's $k" "$(rows_sum "$k")" "$(j rank.json "json_extract(\$j, '\$.departments[0].values.$k')")"
done
expect_eq "the district 420100 (the city's own departments)" "420100|$(city6 timeliness)" \
    "$(j rank.json "json_extract(\$j, '\$.districts[0].region') || '|' || json_extract(\$j, '\$.districts[0].values.timeliness')")"
get "/api/v1/monitoring/dashboard/rankings?month=2026-11&by=nosuch" "$KO" bad.json
expect_eq "an unknown figure" 400 "$CODE"

# ---- drill-down: the late records and the rejected rows behind the rates ----
late_want=$(sql "SELECT count(*) FROM record r JOIN dept d ON d.id = r.dept_id WHERE d.uscc = '$DEPT' AND r.class = 'penalty' AND r.version = 1 AND r.decision_date < '2026-11-10'")
seen=0 cursor="" pages=0
while :; do
    get "/api/v1/monitoring/dashboard/drill?month=2026-11&dept=$DEPT&kind=late&class=penalty&limit=4$cursor" "$KO" late.json
    expect_eq "a page of late records" 200 "$CODE"
    seen=$((seen + $(j late.json "json_array_length(\$j, '\$.items')")))
    pages=$((pages + 1))
    next=$(j late.json "json_extract(\$j, '\$.next')")
    [ -n "$next" ] || break
    cursor="&cursor=$(printf '%s' "$next" | sed 's/~/%7E/')"
    [ "$pages" -lt 50 ] || fail "the drill-down does not end"
done
expect_eq "every late penalty, paged" "$late_want" "$seen"
expect_eq "late = submitted - on time" "$(j month.json "(SELECT json_extract(value, '\$.values.submitted') - json_extract(value, '\$.values.timely') FROM json_each(\$j, '\$.categories[5].rows') WHERE json_extract(value, '\$.dept') = '$DEPT' AND json_extract(value, '\$.key') = 'penalty')")" "$seen"
[ "$pages" -ge 2 ] || fail "the late penalties should take more than one page of 4"
get "/api/v1/monitoring/dashboard/drill?month=2026-11&dept=$DEPT&kind=rejected&class=penalty&limit=200" "$KO" rej.json
expect_eq "rejected rows" 200 "$CODE"
expect_eq "every rejected problem of the penalty batches" "$(sql "SELECT count(*) FROM batch_reject j JOIN batch b ON b.id = j.batch_id WHERE b.class = 'penalty'")" \
    "$(j rej.json "json_array_length(\$j, '\$.items')")"
if grep -Eq '[1-9][0-9]{5}(19|20)[0-9]{2}[01][0-9][0-3][0-9]{4}[0-9Xx]' rej.json late.json; then fail "an ID number shown in full: $(cat rej.json)"; fi
get "/api/v1/monitoring/dashboard/drill?month=2026-11&dept=$DEPT&kind=late&class=penalty&cursor=garbage" "$KO" bad.json
expect_eq "a cursor not given by the API" 400 "$CODE"
get "/api/v1/monitoring/dashboard/drill?month=2026-11&kind=late&class=penalty" "$KO" bad.json
expect_eq "the office names the department" 400 "$CODE"

# ---- a department sees its own ----
get "/api/v1/monitoring/dashboard/trends?month=2026-11&dept=$DEPT" "$KD" bad.json
expect_eq "another department's trends" 403 "$CODE"
get "/api/v1/monitoring/dashboard/trends?month=2026-11" "$KD" own.json
expect_eq "its own trends" "200|$OTHER|0" "$CODE|$(j own.json "json_extract(\$j, '\$.dept') || '|' || json_extract(\$j, '\$.series.submitted[11]')")"
get "/api/v1/monitoring/dashboard/rankings?month=2026-11" "$KD" own.json
expect_eq "its own row only, no districts, no city" "0|0|" \
    "$(j own.json "json_array_length(\$j, '\$.departments') || '|' || json_array_length(\$j, '\$.districts') || '|' || coalesce(json_extract(\$j, '\$.city'), '')")"
get "/api/v1/monitoring/dashboard/drill?month=2026-11&dept=$DEPT&kind=late&class=penalty" "$KD" bad.json
expect_eq "another department's late records" 403 "$CODE"
CODE=$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/v1/monitoring/dashboard/trends?month=2026-11")
expect_eq "no key" 401 "$CODE"

# ---- the workbook over HTTP is the CLI's ----
get "/api/v1/monitoring/months/2026-11?format=xlsx" "$KO" http.xlsx
expect_eq "the workbook" 200 "$CODE"
expect_contains "its media type" "spreadsheetml.sheet" "$(cat http.xlsx.h)"
expect_contains "saved under the month's name" 'attachment; filename="monitoring-2026-11.xlsx"' "$(cat http.xlsx.h)"
get /api/v1/monitoring/months/2026-11 "$KA" accept.xlsx -H "Accept: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
expect_eq "the workbook by Accept" 200 "$CODE"
stop_server "$SPID" dash
run_xy 0 monitor month 2026-11 --xlsx cli.xlsx
# A cover and a sheet per category of the month's figures, as many as the CLI's workbook has (at least 12).
n_sheets=$(unzip -l cli.xlsx | grep -c 'xl/worksheets/sheet[0-9]*.xml')
[ "$n_sheets" -ge 13 ] || fail "the CLI's workbook has $n_sheets sheets, expected a cover and at least 12"
expect_eq "the sheets over HTTP" "$n_sheets" "$(unzip -l http.xlsx | grep -c 'xl/worksheets/sheet[0-9]*.xml')"
for part in xl/workbook.xml xl/sharedStrings.xml xl/worksheets/sheet2.xml xl/worksheets/sheet7.xml; do
    expect_eq "$part as the CLI writes it" "$(unzip -p cli.xlsx "$part" | sha256sum)" "$(unzip -p http.xlsx "$part" | sha256sum)"
    expect_eq "$part by Accept" "$(unzip -p cli.xlsx "$part" | sha256sum)" "$(unzip -p accept.xlsx "$part" | sha256sum)"
done
sheet=$(unzip -p http.xlsx xl/worksheets/sheet7.xml)
expect_contains "the penalties submitted in the workbook" "<v>$n_pen</v>" "$sheet"
echo "dashboard: ok"
