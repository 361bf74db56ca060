#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Lists from above, in: a national list (the courts' 失信被执行人 list, source national:court) is
# imported into black_list; the portal shows its entries with their source; an approval system's
# check applies the memorandum's measures to them as to the city's own entries; no objection or
# repair can be filed on them in the city; a resend changes nothing (as a CSV and as an XLSX
# workbook); a department's batch under the identifying department's code cannot change an entry; the
# next file replaces the
# first whole (an entry gone from the portal and ended in the change feed, one added); a file with
# one bad row changes nothing; the office route does the same and other keys are refused.
. "$(dirname "$0")/lib.sh.inc"
. "$(dirname "$0")/server.sh.inc"
SRC=${XY_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
DEPT=11230500001755309F
CALLER=11420100MB1514396X
COURT=121200004013590816
HEAD=MD_XDR_MC,MD_XDR_LB,MD_XDR_SHXYM,MD_FRDB,MD_WSH,MD_LRSY,MD_RDYJ,MD_LY,MD_RDBM,MD_RDBMDM,MD_RDRQ,MD_LRRQ,MD_YXQZ
REASON=有履行能力而拒不履行生效法律文书确定义务,《最高人民法院关于公布失信被执行人名单信息的若干规定》第一条,失信被执行人
entry() { # entry NAME USCC NUMBER DAY
    echo "$1,02,$2,法定代表人,（2026）最高法执失$3号,$REASON,最高人民法院,$COURT,$4,$4,2029-$(echo "$4" | cut -c6-)"
}

run_xy 0 init
run_xy 0 dept add "$DEPT" 武汉市市场监督管理局
run_xy 0 dept add "$CALLER" 武汉市财政局
run_xy 0 import --class black_list --dept "$DEPT" "$XY_TEST_DATA/jrp-black.csv"
run_xy 0 jrp load "$SRC/catalog/jrp-demo.json"
OFFICE=$("$XY" key create --role office --name 信用办 | tail -n 1)
APPROVAL=$("$XY" key create --role approval --dept "$CALLER" --name 政府采购系统 | tail -n 1)
DKEY=$("$XY" key create --role department --dept "$DEPT" | tail -n 1)

{ echo "$HEAD"
  entry 上海汉江物流有限公司 91310115MA1K3BTP2B 1 2026-03-01
  entry 深圳某电子有限公司 9144030071526726XG 2 2026-04-01
  entry 宜城某建材有限公司 91420684MA4927PJ7B 3 2026-05-01; } >court1.csv
{ echo "$HEAD"
  entry 上海汉江物流有限公司 91310115MA1K3BTP2B 1 2026-03-01
  entry 宜城某建材有限公司 91420684MA4927PJ7B 3 2026-05-01
  entry 北京某贸易有限公司 91110000600037341L 4 2026-06-01; } >court2.csv

run_xy 0 exchange lists import --source national:court --class black_list court1.csv
expect_contains "first file" "3 entries, 3 added, 0 updated, 0 unchanged, 0 ended" "$OUT"
expect_eq "marked with the source" 3 "$(sql "SELECT count(*) FROM record WHERE upper = 'national:court' AND is_current = 1")"
expect_eq "the identifying department registered" 最高人民法院 "$(sql "SELECT name FROM dept WHERE uscc = '$COURT'")"
expect_eq "the city's own entry is untouched" 1 "$(sql "SELECT count(*) FROM record WHERE upper IS NULL AND doc_no = '武市监惩〔2025〕1号'")"
changes=$(sql "SELECT count(*) FROM change")
run_xy 0 exchange lists import --source national:court --class black_list court1.csv
expect_contains "resend: nothing new" "3 entries, 0 added, 0 updated, 3 unchanged, 0 ended" "$OUT"
expect_eq "resend: no change entry" "$changes" "$(sql "SELECT count(*) FROM change")"
# The same list as a workbook (as a national platform's download may be): read alike, nothing new.
python3 - court1.csv court1.xlsx <<'PY'
import csv, sys, zipfile
from xml.sax.saxutils import escape
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
sheet = "".join('<row r="%d">%s</row>' % (i + 1, "".join('<c t="inlineStr"><is><t>%s</t></is></c>' % escape(v)
                                                           for v in r)) for i, r in enumerate(rows))
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("xl/workbook.xml", '<workbook %s xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
               '<sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>' % NS)
    z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
               'Target="worksheets/sheet1.xml"/></Relationships>')
    z.writestr("xl/worksheets/sheet1.xml", "<worksheet %s><sheetData>%s</sheetData></worksheet>" % (NS, sheet))
PY
run_xy 0 exchange lists import --source national:court --class black_list court1.xlsx
expect_contains "the workbook: nothing new" "3 entries, 0 added, 0 updated, 3 unchanged, 0 ended" "$OUT"
expect_eq "the workbook: no change entry" "$changes" "$(sql "SELECT count(*) FROM change")"
# A department key under the identifying department's code cannot change an entry from above.
sed 's/有履行能力而拒不履行/有能力而拒不履行/' court1.csv >city-over.csv
before=$(sql "SELECT count(*) FROM record; SELECT count(*) FROM change; SELECT count(*) FROM batch")
run_xy 2 import --class black_list --dept "$COURT" city-over.csv
expect_contains "a city batch over an entry from above is refused" "national:court" "$ERR"
expect_contains "why" "cannot change it" "$ERR"
expect_eq "and changes nothing" "$before" "$(sql "SELECT count(*) FROM record; SELECT count(*) FROM change; SELECT count(*) FROM batch")"
run_xy 1 exchange lists import --source national:court --class penalty court1.csv
expect_contains "not a list class" "not a list class" "$ERR"
run_xy 1 exchange lists import --source national:ndrc --class black_list court1.csv
expect_contains "another source's entries" "belongs to national:court" "$ERR"
{ echo "$HEAD"; entry 坏行公司 91420684MA4927PJ7C 9 2026-05-01; } >bad.csv
before=$(sql "SELECT count(*) FROM record; SELECT count(*) FROM change; SELECT count(*) FROM batch")
run_xy 1 exchange lists import --source national:court --class black_list bad.csv
expect_contains "a bad row named" "row 1, MD_XDR_SHXYM" "$ERR"
echo "$HEAD" >empty.csv
run_xy 1 exchange lists import --source national:court --class black_list empty.csv
expect_contains "an empty list refused" "empty list is refused" "$ERR"
expect_eq "refused files changed nothing" "$before" "$(sql "SELECT count(*) FROM record; SELECT count(*) FROM change; SELECT count(*) FROM batch")"

start_server main
# post PATH KEY BODY [content type]: sets CODE, BODY.
post() {
    CODE=$(curl -s -o "$WORK/.body" -w '%{http_code}' -X POST -H "Authorization: Bearer $2" \
        -H "Content-Type: ${4:-application/json}" --data-binary "$3" "$URL$1" || true)
    BODY=$(cat "$WORK/.body")
}

# The portal shows the entries with their source.
board=$(curl -s "$URL/api/v1/lists/black?limit=100")
expect_contains "portal: the national entry" "（2026）最高法执失2号" "$board"
expect_contains "portal: its source" '"source":"national:court"' "$board"
rid2=$(sql "SELECT id FROM record WHERE doc_no = '（2026）最高法执失2号'")
expect_contains "record page: its source" '"source":"national:court"' "$(curl -s "$URL/api/v1/records/$rid2")"

# An approval system's check applies the memorandum on 失信被执行人 to the national entry.
post /api/v1/checks "$APPROVAL" '{"subject":"9144030071526726XG","matter":"420100-CG-001"}'
expect_eq "check" 201 "$CODE"
expect_contains "check: the national entry" '"doc_no":"（2026）最高法执失2号"' "$BODY"
expect_contains "check: the measure" '"code":"141-03"' "$BODY"
# The subject with both a city entry and a national one: both found.
post /api/v1/checks "$APPROVAL" '{"subject":"91420684MA4927PJ7B","matter":"420100-CG-001"}'
expect_contains "check: the city's entry" '"doc_no":"武市监惩〔2025〕1号"' "$BODY"
expect_contains "check: and the national one" '"doc_no":"（2026）最高法执失3号"' "$BODY"

# Not correctable, withdrawable or repairable in the city: the claim is refused and nothing kept.
claims=$(sql "SELECT count(*) FROM claim")
post /api/v1/objections "$OFFICE" "{\"record\":$rid2,\"grounds\":\"名单有误\"}"
expect_eq "objection refused" 403 "$CODE"
expect_contains "objection: goes to the publishing platform" "publishing platform" "$BODY"
post /api/v1/repairs "$OFFICE" "{\"record\":$rid2,\"commitment\":\"已履行\",\"signer\":\"王五\"}"
expect_eq "repair refused" 403 "$CODE"
expect_eq "no claim kept" "$claims" "$(sql "SELECT count(*) FROM claim")"
city=$(sql "SELECT id FROM record WHERE doc_no = '武市监惩〔2025〕1号'")
post /api/v1/objections "$OFFICE" "{\"record\":$city,\"grounds\":\"名单有误\"}"
expect_eq "the city's own entry still takes an objection" 201 "$CODE"

# The next file replaces the first whole: entry 2 ends, entry 4 comes; the route is the office's.
post "/api/v1/admin/exchange/lists?source=national:court&class=black_list" "$DKEY" "@court2.csv" text/csv
expect_eq "route: a department's key" 403 "$CODE"
post "/api/v1/admin/exchange/lists?source=national:court&class=black_list" "$OFFICE" "@court2.csv" text/csv
expect_eq "route: second file" 200 "$CODE"
expect_contains "second file: one added, one ended" '"rows":3,"added":1,"updated":0,"unchanged":2,"ended":1' "$BODY"
board=$(curl -s "$URL/api/v1/lists/black?limit=100")
case "$board" in *"（2026）最高法执失2号"*) fail "the ended entry is still on the portal" ;; esac
expect_contains "portal: the new entry" "（2026）最高法执失4号" "$board"
expect_contains "portal: the kept entry" "（2026）最高法执失1号" "$board"
expect_eq "ended in the change feed" 1 "$(sql "SELECT count(*) FROM change WHERE kind = 'record.withdrawn' AND record_id = $rid2
                                              AND $(sql_json detail source) = 'national:court'")"
expect_eq "the new entry in the change feed" 1 "$(sql "SELECT count(*) FROM change WHERE kind = 'batch.committed'
                                                        AND $(sql_json detail upper) = 'national:court'
                                                        AND CAST($(sql_json detail added) AS INTEGER) = 1")"
post /api/v1/checks "$APPROVAL" '{"subject":"9144030071526726XG","matter":"420100-CG-001"}'
case "$BODY" in *"最高法执失2号"*) fail "an ended entry still applies: $BODY" ;; esac
post "/api/v1/admin/exchange/lists?source=national:court&class=black_list" "$OFFICE" "@court2.csv" text/csv
expect_contains "route: resend changes nothing" '"added":0,"updated":0,"unchanged":3,"ended":0' "$BODY"
# An entry that comes back is in force again.
run_xy 0 exchange lists import --source national:court --class black_list court1.csv
expect_contains "first file again" "3 entries, 0 added, 1 updated, 2 unchanged, 1 ended" "$OUT"
expect_eq "back in force" published "$(sql "SELECT status FROM record WHERE doc_no = '（2026）最高法执失2号' AND is_current = 1")"
expect_eq "audited" 6 "$(sql "SELECT count(*) FROM audit WHERE action = 'exchange.lists_import'")"
run_xy 0 audit verify
stop_server "$SPID" main
echo "exchange_lists: ok"
