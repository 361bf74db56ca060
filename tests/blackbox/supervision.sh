#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Supervision notices (督办) end to end over HTTP: three reporting units; one keeps sending, two fall
# silent from their registration on Friday 20 November 2026. On Thursday 3 December (9 working days)
# no silence is raised; on Monday 7 December (11 working days, the rule's threshold is 10) the daily job
# of `serve` raises one candidate each for the two silent ones, and a scan again raises nothing. A
# department sees no candidate; the office sends one (a number, a deadline in working days); it is in
# that department's inbox and nowhere else (another department gets 404 for it, its list, its
# letter); a file that is not what it claims is refused and nothing stored; the department answers
# with a PDF; the office accepts; the letter is a PDF whose text carries the number. The other notice,
# sent with 2 working days, goes past its deadline and escalates (level 2, a second deadline). Every
# step is in the audit log. A department that declared 100 October decisions and submitted none gets a
# publicity-rate candidate once October is judged. The quarter's assessment is read as JSON, XLSX and PDF.
. "$(dirname "$0")/lib.sh.inc"
. "$(dirname "$0")/server.sh.inc"
D=$XY_TEST_DATA
A=11230500001755309F     # keeps sending
B=91110000600037341L     # silent
C=11420100MB1234562H     # silent
command -v pdftotext >/dev/null || fail "pdftotext is missing: run scripts/install-deps (poppler-utils)"
command -v unzip >/dev/null || fail "unzip is missing: run scripts/install-deps"
echo 2026-11-20 >"$WORK/today"
export XY_TODAY=@$WORK/today
cp "$D/api-penalty.csv" "$WORK/penalty.csv"

run_xy 0 init
run_xy 0 dept add "$A" 武汉市市场监督管理局 --region 420100 --level city_dept
run_xy 0 dept add "$B" 江岸区人民政府 --region 420102 --level district_gov
run_xy 0 dept add "$C" 武汉市税务局 --region 420100 --level city_dept
printf '{"classes":[{"class":"penalty","frequency":"weekly"}]}' >"$WORK/plan.json"
for d in "$A" "$B" "$C"; do run_xy 0 dept plan "$d" "$WORK/plan.json"; done
run_xy 0 import --class penalty --dept "$A" "$WORK/penalty.csv"
# A declares 100 penalty decisions in October and submitted none of them: a publicity rate of 0
printf '{"classes":[{"class":"penalty","decided":100,"exempt":0}]}' >"$WORK/decl.json"
run_xy 0 monitor declare "$A" 2026-10 "$WORK/decl.json"
key() { run_xy 0 key create "$@"; printf '%s\n' "$OUT" | tail -n 1; }
KO=$(key --role office --name 信用办)
KU=$(key --role auditor --name 审计)
KA=$(key --role department --dept "$A" --name 市场监管局)
KB=$(key --role department --dept "$B" --name 江岸区)
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
jq_() { printf '%s' "$BODY" | python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# ---- not before the tenth working day ----
echo 2026-12-04 >"$WORK/today"
run_xy 0 import --class penalty --dept "$A" "$WORK/penalty.csv" # A sends again on Friday 4 December
echo 2026-12-03 >"$WORK/today"
start_server sup
api POST /api/v1/supervision/scan "$KO"
expect_eq "a scan by the office" 200 "$CODE"
# (raised by this scan or by the server's own daily run at its start, whichever came first)
expect_eq "no silence on the ninth working day" 0 "$(sql "SELECT count(*) FROM sup_notice WHERE rule = 'silence'")"
expect_eq "October's publicity rate, judged after its due day (22 November)" "$A|2026-10|penalty" \
    "$(sql "SELECT d.uscc || '|' || n.period || '|' || n.subject FROM sup_notice n JOIN dept d ON d.id = n.dept_id WHERE n.rule = 'publicity_rate'")"
NP=$(sql "SELECT id FROM sup_notice WHERE rule = 'publicity_rate'")
api GET "/api/v1/supervision/notices/$NP" "$KO"
expect_eq "its figures" "100|0|0.0" "$(jq_ '"%s|%s|%s" % (d["facts"]["declared"], d["facts"]["submitted"], d["facts"]["rate"])')"
expect_eq "no timeliness candidate: nothing was submitted to judge" 0 "$(sql "SELECT count(*) FROM sup_notice WHERE rule = 'timeliness'")"
api POST /api/v1/supervision/scan "$KA"
expect_eq "a department does not scan" 403 "$CODE"

# ---- the daily job raises on the eleventh (threshold 10) ----
echo 2026-12-07 >"$WORK/today"
n=0
for i in $(seq 1 100); do
    n=$(sql "SELECT count(*) FROM sup_notice WHERE rule = 'silence'")
    [ "$n" = 0 ] || break
    sleep 0.1
done
expect_eq "the daily job raised the two silent units" 2 "$n"
api POST /api/v1/supervision/scan "$KO"
expect_eq "raised once only" '{"raised":0,"escalated":0}' "$BODY"
NB=$(sql "SELECT n.id FROM sup_notice n JOIN dept d ON d.id = n.dept_id WHERE d.uscc = '$B' AND n.rule = 'silence'")
NC=$(sql "SELECT n.id FROM sup_notice n JOIN dept d ON d.id = n.dept_id WHERE d.uscc = '$C' AND n.rule = 'silence'")
expect_eq "A, which sent on Friday, is not silent" 0 "$(sql "SELECT count(*) FROM sup_notice n JOIN dept d ON d.id = n.dept_id WHERE d.uscc = '$A' AND n.rule = 'silence'")"
api GET "/api/v1/supervision/notices/$NB" "$KO"
expect_eq "the office reads a candidate" 200 "$CODE"
expect_eq "rule" silence "$(jq_ 'd["rule"]')"
expect_eq "working days silent, counted in the calendar" 11 "$(jq_ 'd["facts"]["workdays_silent"]')"
expect_eq "state" candidate "$(jq_ 'd["state"]')"

# ---- a department sees no candidate ----
api GET /api/v1/supervision/notices "$KB"
expect_eq "inbox before sending" 200 "$CODE"
expect_eq "empty" 0 "$(jq_ 'len(d["items"])')"
api GET "/api/v1/supervision/notices/$NB" "$KB"
expect_eq "a candidate is not the department's yet" 404 "$CODE"

# ---- sending ----
api POST "/api/v1/supervision/notices/$NB/actions" "$KB" '{"action":"send"}'
expect_eq "a department does not send" 403 "$CODE"
api POST "/api/v1/supervision/notices/$NB/actions" "$KO" '{"action":"send","workdays":3}'
expect_eq "sent" 200 "$CODE"
expect_eq "number" "武信督〔2026〕1号" "$(jq_ 'd["number"]')"
expect_eq "due in 3 working days" 2026-12-10 "$(jq_ 'd["due"]')"
api POST "/api/v1/supervision/notices/$NB/actions" "$KO" '{"action":"send"}'
expect_eq "not sent twice" 409 "$CODE"
api POST "/api/v1/supervision/notices/$NC/actions" "$KO" '{"action":"send","workdays":2}'
expect_eq "the second one sent" 200 "$CODE"
expect_eq "its number" "武信督〔2026〕2号" "$(jq_ 'd["number"]')"

# ---- the inbox, and another department ----
api GET /api/v1/supervision/notices "$KB"
expect_eq "B's inbox: its notice only" "[$NB]" "$(jq_ '[x["id"] for x in d["items"]]' | tr -d ' ')"
api GET /api/v1/supervision/notices "$KA"
expect_eq "A's inbox is empty" 0 "$(jq_ 'len(d["items"])')"
api GET "/api/v1/supervision/notices/$NB" "$KA"
expect_eq "A cannot read B's notice" 404 "$CODE"
api GET "/api/v1/supervision/notices/$NB/letter" "$KA"
expect_eq "nor its letter" 404 "$CODE"
api POST "/api/v1/supervision/notices/$NB/answers" "$KA" '{"text":"不是我的"}'
expect_eq "nor answer it" 404 "$CODE"

# ---- answering with a file ----
PNG64=$(printf '\x89PNG\r\n\x1a\nxxxx' | base64 -w0)
api POST "/api/v1/supervision/notices/$NB/answers" "$KB" \
    "{\"text\":\"已整改\",\"files\":[{\"name\":\"a.pdf\",\"media_type\":\"application/pdf\",\"data\":\"$PNG64\"}]}"
expect_eq "a PNG sent as a PDF" 400 "$CODE"
expect_contains "says why" "application/pdf" "$BODY"
expect_eq "nothing stored" 0 "$(sql "SELECT count(*) FROM sup_answer")"
expect_eq "still sent" sent "$(sql "SELECT state FROM sup_notice WHERE id = $NB")"
printf '%%PDF-1.4\n%% 整改报告\n' >"$WORK/fix.pdf"
PDF64=$(base64 -w0 <"$WORK/fix.pdf")
api POST "/api/v1/supervision/notices/$NB/answers" "$KB" \
    "{\"text\":\"已恢复每周报送，并补报11月数据。\",\"files\":[{\"name\":\"整改报告.pdf\",\"media_type\":\"application/pdf\",\"data\":\"$PDF64\"}]}"
expect_eq "answered" 201 "$CODE"
expect_eq "state" answered "$(jq_ 'd["state"]')"
expect_eq "the file listed" "整改报告.pdf" "$(jq_ 'd["answers"][0]["files"][0]["name"]')"
curl -s -H "Authorization: Bearer $KO" -o "$WORK/got.pdf" "$URL/api/v1/supervision/notices/$NB/answers/1/files/1"
cmp -s "$WORK/fix.pdf" "$WORK/got.pdf" || fail "the office reads the file back as it was sent"

# ---- judging ----
api POST "/api/v1/supervision/notices/$NB/actions" "$KO" '{"action":"return"}'
expect_eq "returning needs a note" 400 "$CODE"
api POST "/api/v1/supervision/notices/$NB/actions" "$KO" '{"action":"accept"}'
expect_eq "accepted" 200 "$CODE"
expect_eq "state" accepted "$(jq_ 'd["state"]')"
expect_eq "verdict" accepted "$(jq_ 'd["answers"][0]["verdict"]')"
api GET "/api/v1/supervision/notices/$NB" "$KU"
expect_eq "the auditor reads it" 200 "$CODE"

# ---- the letter ----
curl -s -H "Authorization: Bearer $KB" -o "$WORK/letter.pdf" -w '%{http_code} %{content_type}' \
    "$URL/api/v1/supervision/notices/$NB/letter" >"$WORK/letter.status"
expect_eq "the letter" "200 application/pdf" "$(cat "$WORK/letter.status")"
expect_eq "a PDF" "%PDF-" "$(head -c 5 "$WORK/letter.pdf")"
TEXT=$(pdftotext "$WORK/letter.pdf" - 2>/dev/null)
expect_contains "the number in its text" "武信督〔2026〕1号" "$TEXT"
expect_contains "the department" "江岸区人民政府" "$TEXT"
expect_contains "the deadline" "2026-12-10" "$TEXT"
expect_eq "one page" 1 "$(pdfinfo "$WORK/letter.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')"

# ---- escalation: C's deadline (9 December) passes ----
# (the server stopped first: its daily job would otherwise race the scan run here)
stop_server "$SPID" sup
echo 2026-12-10 >"$WORK/today"
run_xy 0 supervise scan
expect_eq "one escalated" "0 candidates raised, 1 notices escalated" "$OUT"
start_server sup2
api GET "/api/v1/supervision/notices?state=escalated" "$KO"
expect_eq "the office sees it escalated" "[$NC]" "$(jq_ '[x["id"] for x in d["items"]]' | tr -d ' ')"
expect_eq "level 2" 2 "$(jq_ 'd["items"][0]["level"]')"
expect_eq "a second deadline: 5 working days" 2026-12-17 "$(jq_ 'd["items"][0]["due"]')"
api POST /api/v1/supervision/scan "$KO"
expect_eq "escalated once" '{"raised":0,"escalated":0}' "$BODY"
expect_eq "the accepted one stays" accepted "$(sql "SELECT state FROM sup_notice WHERE id = $NB")"

# ---- the assessment ----
api GET /api/v1/assessment/2026Q4 "$KU"
expect_eq "the auditor reads the assessment" 200 "$CODE"
expect_eq "three units scored" 3 "$(jq_ 'len(d["departments"])')"
expect_eq "C lost 5 points for its escalated notice" 5.0 "$(jq_ '[b["points"] for x in d["departments"] if x["uscc"] == "'$C'" for b in x["breakdown"] if b["key"] == "notices_escalated"][0]')"
api GET /api/v1/assessment/2026Q4 "$KB"
expect_eq "not for departments" 403 "$CODE"
api GET /api/v1/assessment/2027Q1 "$KO"
expect_eq "a period not begun" 400 "$CODE"
curl -s -H "Authorization: Bearer $KO" -o "$WORK/a.xlsx" "$URL/api/v1/assessment/2026Q4?format=xlsx"
unzip -p "$WORK/a.xlsx" xl/workbook.xml | grep -q '部门得分' || fail "the workbook has the departments' sheet"
curl -s -H "Authorization: Bearer $KO" -o "$WORK/a.pdf" "$URL/api/v1/assessment/2026Q4?format=pdf"
expect_contains "the assessment PDF" "2026年第4季度信用工作考核结果" "$(pdftotext "$WORK/a.pdf" - 2>/dev/null)"
stop_server "$SPID" sup2

# ---- the audit log ----
for a in supervision.scan supervision.send supervision.answer supervision.accept supervision.letter; do
    [ "$(sql "SELECT count(*) FROM audit WHERE action = '$a'")" -ge 1 ] || fail "no $a in the audit log"
done
run_xy 0 audit verify
echo "supervision: ok"
