#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Joint reward and punishment over HTTP: policy loading (and refusal of a measure without legal basis),
# the check an approval system makes (single and batch; the subject's own entries, its legal
# representative's, a person's organisations; expired entries never trigger; matter and department
# applicability), feedback, the access-history entry, and the office's figures.
. "$(dirname "$0")/lib.sh.inc"
. "$(dirname "$0")/server.sh.inc"
D=$XY_TEST_DATA
SRC=${XY_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
DEPT=11230500001755309F
CALLER=11420100MB1514396X # the finance bureau's approval system

run_xy 0 init
run_xy 0 dept add "$DEPT" 武汉市市场监督管理局
run_xy 0 dept add "$CALLER" 武汉市财政局
run_xy 0 import --class black_list --dept "$DEPT" "$D/jrp-black.csv"
run_xy 0 import --class red_list --dept "$DEPT" "$D/jrp-red.csv"
OFFICE=$("$XY" key create --role office --name 信用办 | tail -n 1)
APPROVAL=$("$XY" key create --role approval --dept "$CALLER" --name 政府采购系统 | tail -n 1)
OPEN=$("$XY" key create --role approval --name 通用审批系统 | tail -n 1)
DKEY=$("$XY" key create --role department --dept "$DEPT" | tail -n 1)
start_server main --access-log "$WORK/access.log"

# post PATH KEY BODY [content type]: sets CODE, BODY.
post() {
    CODE=$(curl -s -o "$WORK/.body" -w '%{http_code}' -X "${5:-POST}" -H "Authorization: Bearer $2" \
        -H "Content-Type: ${4:-application/json}" --data-binary "$3" "$URL$1" || true)
    BODY=$(cat "$WORK/.body")
}

# A measure without legal basis is refused and nothing is stored.
sed 's/"legal_basis": "《中华人民共和国政府采购法》第二十二条；《最高人民法院关于公布失信被执行人名单信息的若干规定》"/"legal_basis": ""/' \
    "$SRC/catalog/jrp-demo.json" >nobasis.json
grep -q '"legal_basis": ""' nobasis.json || fail "test setup: no measure lost its basis"
post /api/v1/admin/jrp "$OFFICE" "@nobasis.json" application/json PUT
expect_eq "no basis" 400 "$CODE"
expect_contains "no basis named" "141-03 has no legal basis" "$BODY"
expect_eq "nothing stored" 0 "$(sql 'SELECT count(*) FROM memo')"
post /api/v1/admin/jrp "$DKEY" "@$SRC/catalog/jrp-demo.json" application/json PUT
expect_eq "department may not load policy" 403 "$CODE"
post /api/v1/admin/jrp "$OFFICE" "@$SRC/catalog/jrp-demo.json" application/json PUT
expect_eq "load" 200 "$CODE"
expect_contains "loaded" '"added":4' "$BODY"
# A changed memorandum becomes a new version; the old one is kept but no longer current.
sed 's/限制参与政府采购活动/限制参与政府采购活动（含框架协议采购）/' "$SRC/catalog/jrp-demo.json" >changed.json
post /api/v1/admin/jrp "$OFFICE" "@changed.json" application/json PUT
expect_contains "versioned" '"updated":2,"unchanged":2' "$BODY"
expect_eq "versions kept" "1:0 2:1" "$(sql "SELECT $(sql_agg "version || ':' || is_current" ' ') FROM (SELECT * FROM memo WHERE doc_no = '发改财金〔2016〕141号' ORDER BY version) v")"

# The black-listed company, for government procurement: blocked, with evidence and legal basis.
post /api/v1/checks "$APPROVAL" '{"subject":"91420684MA4927PJ7B","matter":"420100-CG-001"}'
expect_eq "check" 201 "$CODE"
expect_contains "entry" '"relation":"self","record":' "$BODY"
expect_contains "entry doc" '"doc_no":"武市监惩〔2025〕1号"' "$BODY"
expect_contains "measure" '"code":"1962-07"' "$BODY"
expect_contains "measure text" '"text":"限制参与政府采购活动（含框架协议采购）"' "$BODY"
expect_contains "legal basis" '"legal_basis":"《中华人民共和国政府采购法》第二十二条"' "$BODY"
case "$BODY" in *'"code":"1962-01"'*) fail "a measure for another matter applied: $BODY" ;; esac
CHECK=$(json_get "$BODY" check)
[ -n "$CHECK" ] || fail "no check id in $BODY"
# The check counts as an access in the subject's history, and is kept with its answer.
expect_eq "access history" 1 "$(sql "SELECT count(*) FROM subject_access a JOIN subject s ON s.id = a.subject_id WHERE s.uscc = '91420684MA4927PJ7B' AND a.object = 'check/$CHECK' AND a.dept_uscc = '$CALLER'")"
expect_eq "check kept" 1 "$(sql "SELECT hits FROM checks WHERE id = $CHECK")"
# Feedback is due in working days over the office's calendar: checked on Saturday 2026-11-28, five
# working days are Monday 30 November to Friday 4 December (five calendar days would be 3 December).
expect_contains "feedback due in working days" '"feedback_due":"2026-12-04"' "$BODY"
expect_eq "feedback due kept" 2026-12-04 "$(sql "SELECT feedback_due FROM checks WHERE id = $CHECK")"
# A holiday the office adds while the server runs counts at once (the calendar moves the policy count).
printf 'date,kind,name_zh,name_en\n2026-12-02,holiday,测试假日,Test holiday\n' >holiday.csv
run_xy 0 calendar import holiday.csv
post /api/v1/checks "$APPROVAL" '{"subject":"91420684MA4927PJ7B","matter":"420100-CG-001"}'
expect_contains "feedback due skips the new holiday" '"feedback_due":"2026-12-07"' "$BODY"
# Another matter: only what applies to it.
post /api/v1/checks "$APPROVAL" '{"subject":"91420684MA4927PJ7B","matter":"420100-SP-014"}'
expect_contains "licence matter" '"code":"1962-01"' "$BODY"
# An expired entry never triggers a measure.
post /api/v1/checks "$APPROVAL" '{"subject":"91310115MA1K3BTP2B","matter":"420100-CG-001"}'
expect_contains "expired: no entry" '"entries":[]' "$BODY"
expect_contains "expired: no measure" '"measures":[]' "$BODY"
# A red-listed taxpayer gets the incentive for invoices, not a punishment.
post /api/v1/checks "$APPROVAL" '{"subject":"9144030071526726XG","matter":"420100-SW-003"}'
expect_contains "reward" '"kind":"reward","action":"fast_track"' "$BODY"
# The legal representative: the company checked with its representative's ID finds the person's entry
# (a judgment defaulter: blocked from procurement under memorandum 141).
post /api/v1/checks "$APPROVAL" '{"subject":"91420684MA4927PJ7B","legal_rep_id":"110102199101010078","matter":"420100-CG-001"}'
expect_contains "rep entry" '"relation":"legal_rep"' "$BODY"
expect_contains "rep measure" '"code":"141-03"' "$BODY"
# A person: the organisations whose entries name the person as legal representative.
post /api/v1/checks "$APPROVAL" '{"subject":"360426199101010071","matter":"420100-CG-001"}'
expect_contains "represented org" '"relation":"represented_org"' "$BODY"
case "$BODY" in *360426199101010071*) fail "the answer repeats the full ID number: $BODY" ;; esac
# Department applicability: a key tied to one department cannot check for another.
post /api/v1/checks "$APPROVAL" '{"subject":"91420684MA4927PJ7B","matter":"420100-CG-001","dept":"'"$DEPT"'"}'
expect_eq "other dept" 403 "$CODE"
post /api/v1/checks "$OPEN" '{"subject":"91420684MA4927PJ7B","matter":"420100-CG-001"}'
expect_eq "open key needs dept" 400 "$CODE"
post /api/v1/checks "$DKEY" '{"subject":"91420684MA4927PJ7B","matter":"420100-CG-001","dept":"'"$DEPT"'"}'
expect_eq "department key may not check" 403 "$CODE"
# A matter the catalogue gives to a department is checked by that department alone
# (docs/jrp-policy.md): a key not tied to one names the market regulator for the finance bureau's
# procurement matter and is refused with a problem document naming who handles it; nothing is kept.
n=$(sql 'SELECT count(*) FROM checks')
post /api/v1/checks "$OPEN" '{"subject":"91420684MA4927PJ7B","matter":"420100-CG-001","dept":"'"$DEPT"'"}'
expect_eq "matter of another department" 403 "$CODE"
expect_contains "problem names the handler" '"status":403' "$BODY"
expect_contains "problem says why" "matter 420100-CG-001 is handled by department $CALLER; department $DEPT may not check it" "$BODY"
printf '{"matter":"420100-CG-001","dept":"%s","subjects":[{"subject":"91420684MA4927PJ7B"}]}' "$DEPT" >other.json
post /api/v1/checks/batch "$OPEN" @other.json
expect_eq "batch for a matter of another department" 403 "$CODE"
run_xy 1 jrp check --dept "$DEPT" --matter 420100-CG-001 91420684MA4927PJ7B
expect_contains "command line refused too" "is handled by department $CALLER" "$ERR"
expect_eq "refused checks not kept" "$n" "$(sql 'SELECT count(*) FROM checks')"
post /api/v1/checks "$OPEN" '{"subject":"91420684MA4927PJ7B","matter":"420100-CG-001","dept":"'"$CALLER"'"}'
expect_eq "the handling department checks its matter" 201 "$CODE"
# A matter that names no department may be checked by any registered one.
post /api/v1/checks "$OPEN" '{"subject":"91420684MA4927PJ7B","matter":"420100-ZB-001","dept":"'"$DEPT"'"}'
expect_eq "a matter without department" 201 "$CODE"
# Bad input: unknown matter, bad code, unknown field, wrong type; nothing is stored.
n=$(sql 'SELECT count(*) FROM checks')
post /api/v1/checks "$APPROVAL" '{"subject":"91420684MA4927PJ7B","matter":"NO-SUCH"}'
expect_eq "unknown matter" 400 "$CODE"
# A check's problems come in Chinese, then English in brackets, for the approval systems' clerks.
expect_contains "unknown matter, in Chinese and English" '未知事项 NO-SUCH，请查阅事项目录 (unknown matter NO-SUCH; see the matter catalogue)' "$BODY"
post /api/v1/checks "$APPROVAL" '{"subject":"91420684MA4927PJ7C","matter":"420100-CG-001"}'
expect_eq "bad code" 400 "$CODE"
post /api/v1/checks "$APPROVAL" '{"subject":"91420684MA4927PJ7B","matter":"420100-CG-001","x":1}'
expect_eq "unknown field" 400 "$CODE"
post /api/v1/checks "$APPROVAL" '{"subject":7,"matter":"420100-CG-001"}'
expect_eq "wrong type" 400 "$CODE"
expect_eq "nothing stored" "$n" "$(sql 'SELECT count(*) FROM checks')"

# Batch: 1,000 subjects in one call; one answer each.
{
    printf '{"matter":"420100-CG-001","subjects":['
    for i in $(seq 1 999); do printf '{"subject":"91310115MA1K3BTP2B"},'; done
    printf '{"subject":"91420684MA4927PJ7B"}]}'
} >batch.json
post /api/v1/checks/batch "$APPROVAL" "@batch.json"
expect_eq "batch" 201 "$CODE"
expect_eq "batch answers" 1000 "$(printf '%s' "$BODY" | grep -o '"feedback_due"' | wc -l | tr -d ' ')"
expect_eq "batch hits" 1 "$(printf '%s' "$BODY" | grep -o '"code":"1962-07"' | wc -l | tr -d ' ')"
# The server reads a large batch in two halves at once: the answers keep the order asked, and a bad
# code is named by its place in the whole batch.
expect_eq "answers in the order asked" '"uscc":"91420684MA4927PJ7B"' \
    "$(printf '%s' "$BODY" | grep -o '"uscc":"[0-9A-Z]*"' | tail -n 1)"
expect_eq "each answer its own check" 1000 "$(printf '%s' "$BODY" | grep -o '"check":[0-9]*' | sort -u | wc -l | tr -d ' ')"
{
    printf '{"matter":"420100-CG-001","subjects":['
    for i in $(seq 1 699); do printf '{"subject":"91310115MA1K3BTP2B"},'; done
    printf '{"subject":"91420684MA4927PJ7C"},'
    for i in $(seq 1 299); do printf '{"subject":"91310115MA1K3BTP2B"},'; done
    printf '{"subject":"91420684MA4927PJ7B"}]}'
} >badat700.json
n=$(sql 'SELECT count(*) FROM checks')
post /api/v1/checks/batch "$APPROVAL" "@badat700.json"
expect_eq "a bad code in the second half" 400 "$CODE"
expect_contains "named by its place" '第 700 个对象：核查对象代码既不是有效的统一社会信用代码，也不是有效的身份证号码 (subject 700: the subject code is neither' "$BODY"
expect_eq "nothing of that batch stored" "$n" "$(sql 'SELECT count(*) FROM checks')"
{
    printf '{"matter":"420100-CG-001","subjects":['
    for i in $(seq 1 1000); do printf '{"subject":"91310115MA1K3BTP2B"},'; done
    printf '{"subject":"91420684MA4927PJ7B"}]}'
} >toomany.json
post /api/v1/checks/batch "$APPROVAL" "@toomany.json"
expect_eq "batch over 1000" 400 "$CODE"

# Feedback: each measure of the answer, applied or not (with a reason); twice is refused.
MEASURE=$(sql "SELECT x.id FROM measure x JOIN memo m ON m.id = x.memo_id WHERE m.is_current = 1 AND x.code = '1962-07'")
post "/api/v1/checks/$CHECK/feedback" "$APPROVAL" '{"items":[{"measure":'"$MEASURE"',"applied":false}]}'
expect_eq "not applied needs a reason" 400 "$CODE"
expect_contains "and says so in both languages" '第 1 条：未执行的措施须说明理由 (item 1: a measure not applied needs the reason why)' "$BODY"
post "/api/v1/checks/$CHECK/feedback" "$APPROVAL" '{"items":[{"measure":999999,"applied":true}]}'
expect_eq "measure not in answer" 400 "$CODE"
post "/api/v1/checks/$CHECK/feedback" "$OPEN" '{"items":[{"measure":'"$MEASURE"',"applied":true}]}'
expect_eq "another system's check" 404 "$CODE"
post "/api/v1/checks/$CHECK/feedback" "$APPROVAL" '{"items":[{"measure":'"$MEASURE"',"applied":true,"outcome":"不予受理投标"}]}'
expect_eq "feedback" 204 "$CODE"
post "/api/v1/checks/$CHECK/feedback" "$APPROVAL" '{"items":[{"measure":'"$MEASURE"',"applied":true}]}'
expect_eq "feedback twice" 409 "$CODE"

# Cases: only an applied measure can be published; the public then reads it.
post /api/v1/admin/cases "$OFFICE" '{"check":'"$CHECK"',"measure":999999,"title":"t","summary":"s"}'
expect_eq "case of a measure not applied" 400 "$CODE"
post /api/v1/admin/cases "$APPROVAL" '{"check":'"$CHECK"',"measure":'"$MEASURE"',"title":"t","summary":"s"}'
expect_eq "approval may not publish" 403 "$CODE"
post /api/v1/admin/cases "$OFFICE" '{"check":'"$CHECK"',"measure":'"$MEASURE"',"title":"严重违法失信企业被限制参与政府采购","summary":"市财政局在政府采购供应商资格审查中依据联合惩戒备忘录限制其参与。"}'
expect_eq "case" 201 "$CODE"
post /api/v1/admin/cases "$OFFICE" '{"check":'"$CHECK"',"measure":'"$MEASURE"',"title":"t","summary":"s"}'
expect_eq "case twice" 409 "$CODE"
BODY=$(curl -s "$URL/api/v1/cases")
expect_contains "public case" '"title":"严重违法失信企业被限制参与政府采购"' "$BODY"
expect_contains "case names the company" '"subject_name":"华为技术有限公司"' "$BODY"
expect_contains "case outcome" '"outcome":"不予受理投标"' "$BODY"

# The office's figures for the month.
MONTH=$(printf '%s' "$XY_TODAY" | cut -c1-7)
CODE=$(curl -s -o "$WORK/.body" -w '%{http_code}' -H "Authorization: Bearer $OFFICE" "$URL/api/v1/admin/jrp/stats?month=$MONTH")
BODY=$(cat "$WORK/.body")
expect_eq "stats" 200 "$CODE"
expect_contains "applied by dept" '"applied_by_dept":{"'"$CALLER"'":1}' "$BODY"
expect_contains "applied by memo" '"发改财金〔2016〕1962号":1' "$BODY"
# the finance bureau, and the market regulator's check of a matter that names no department
expect_contains "departments" '"departments":{"taking_part":2}' "$BODY"
expect_contains "checks counted" '"checks":{"total":' "$BODY"
# The published policy: matters and the measures in force, each with its legal basis.
BODY=$(curl -s "$URL/api/v1/matters")
expect_contains "matter catalogue" '"code":"420100-CG-001","name":"政府采购供应商资格审查"' "$BODY"
BODY=$(curl -s "$URL/api/v1/measures")
expect_eq "every measure in force, each with its basis" \
    "$(sql "SELECT count(*) FROM measure x JOIN memo m ON m.id = x.memo_id WHERE m.is_current = 1")" \
    "$(printf '%s' "$BODY" | grep -o '"legal_basis":"[^"]' | wc -l)"
expect_contains "a memorandum's measure" '"memo":{"doc_no":"发改财金〔2016〕1962号"' "$BODY"
# The measures a server keeps between checks follow a policy change at once, whether another program
# made it (the CLI) or the server itself; asked four times, so that each worker thread answers.
sed 's/限制参与政府采购活动/限制参与政府采购活动（第三版）/' "$SRC/catalog/jrp-demo.json" >third.json
run_xy 0 jrp load third.json
for i in 1 2 3 4; do
    post /api/v1/checks "$APPROVAL" '{"subject":"91420684MA4927PJ7B","matter":"420100-CG-001"}'
    expect_contains "policy changed by the CLI ($i)" '"text":"限制参与政府采购活动（第三版）"' "$BODY"
done
post /api/v1/admin/jrp "$OFFICE" "@changed.json" application/json PUT
expect_eq "policy back" 200 "$CODE"
for i in 1 2 3 4; do
    post /api/v1/checks "$APPROVAL" '{"subject":"91420684MA4927PJ7B","matter":"420100-CG-001"}'
    expect_contains "policy changed over HTTP ($i)" '"text":"限制参与政府采购活动（含框架协议采购）"' "$BODY"
done
run_xy 0 audit verify
stop_server "$SPID" main
echo "jrp: all checks passed"
