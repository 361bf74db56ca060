#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Rights of the subject over HTTP, end to end against `xinyong serve`: an objection marks its record
# on every public view at once and each step keeps its limit in working days; a correction and a
# deletion reach public views and the change feed; a repair before the minimum period is refused with
# the first allowed day; an approved repair hides the record and lifts the list entry it caused; a
# record's publicity ends without a restart when the day turns; a querier without a grant gets 403,
# with one the data, and appears in the subject's access history; a revoked grant stops at once; the
# working-day calendar is imported all or nothing.
. "$(dirname "$0")/lib.sh.inc"
. "$(dirname "$0")/server.sh.inc"
D=$XY_TEST_DATA
DEPT=11230500001755309F
CO=91110000600037341L   # the subject that objects and repairs
CO2=91420684MA4927PJ7B  # another company

# The server's clock is a file the test moves forward.
echo 2026-11-28 >"$WORK/today"
export XY_TODAY="@$WORK/today"

run_xy 0 init
run_xy 0 dept add "$DEPT" 武汉市市场监督管理局
run_xy 0 import --class penalty --dept "$DEPT" "$D/rights-penalty.csv"
run_xy 0 import --class black_list --dept "$DEPT" "$D/rights-black.csv"
run_xy 0 import --class arrears --dept "$DEPT" "$D/rights-arrears.csv"
key() { # key ARGS...: creates a key, prints its text
    run_xy 0 key create "$@"
    printf '%s\n' "$OUT" | tail -n 1
}
KO=$(key --role office --name 信用办)
KD=$(key --role department --dept "$DEPT" --name 市场监管局)
KS=$(key --role subject --subject "$CO" --name 信达科技)
KS2=$(key --role subject --subject "$CO2")
run_xy 0 querier add 91420100MA4K2X7C6G 某商业银行 --kind bank
run_xy 0 querier add 91420100MA4L00003L 另一银行 --kind bank
KQ=$(key --role querier --querier 91420100MA4K2X7C6G --name 某商业银行)
QID='"91420100MA4K2X7C6G"'
KQ2=$(key --role querier --querier 91420100MA4L00003L --name 另一银行)
run_xy 1 key create --role subject
expect_contains "a subject key needs its subject" "named subject" "$ERR"
run_xy 1 key create --role subject --subject 91110000600037341X
expect_contains "a subject key for a code that is wrong" "not a valid" "$ERR"

rid() { sql "SELECT id FROM record WHERE doc_no = '$1' AND is_current = 1"; }
R1=$(rid '权罚〔2025〕1号')
R2=$(rid '权罚〔2026〕2号')
R3=$(rid '权罚〔2026〕3号')
R4=$(rid '权罚〔2026〕4号')
R5=$(rid '权罚〔2026〕5号')
R6=$(rid '权罚〔2026〕6号')
R7=$(rid '权罚〔2026〕7号')
B1=$(rid '权黑〔2025〕1号')
for r in R1 R2 R3 R4 R5 R6 R7 B1; do [ -n "${!r}" ] || fail "fixture record $r missing"; done

start_server rights --access-log "$WORK/access.log"

# api METHOD PATH KEY [BODY]: CODE and BODY of the answer.
api() {
    local auth=()
    [ -z "$3" ] || auth=(-H "Authorization: Bearer $3")
    if [ $# -ge 4 ]; then
        CODE=$(curl -s -o "$WORK/body" -w '%{http_code}' -X "$1" "${auth[@]}" -H 'Content-Type: application/json' \
            --data-binary "$4" "$URL$2")
    else
        CODE=$(curl -s -o "$WORK/body" -w '%{http_code}' -X "$1" "${auth[@]}" "$URL$2")
    fi
    BODY=$(cat "$WORK/body")
}
expect_code() { # expect_code WHAT CODE
    [ "$CODE" = "$2" ] || fail "$1: HTTP $CODE, expected $2: $BODY"
}
act() { # act CLAIM KEY BODY
    api POST "/api/v1/claims/$1/actions" "$2" "$3"
}
marked() { # is the record marked on its public page and in its subject's public view?
    api GET "/api/v1/records/$1" ""
    case "$BODY" in *'"under_objection":true'*) echo yes ;; *) echo no ;; esac
}
feed_has() { # feed_has KIND RECORD
    api GET "/api/v1/changes?limit=1000" "$KO"
    expect_code "change feed" 200
    printf '%s' "$BODY" | grep -q "\"kind\":\"$1\",\"record\":$2[,}]"
}

PDF=$(base64 -w0 "$D/rights-evidence.pdf")
FILES="[{\"name\":\"营业执照及缴款凭证.pdf\",\"media_type\":\"application/pdf\",\"data\":\"$PDF\"}]"

# ---- an objection, step by step (2026-11-28 is a Saturday: limits count from Monday) ----
api POST /api/v1/objections "$KS" "{\"record\":$R6,\"grounds\":\"已于期限内公示年度报告，处罚认定有误\",\"files\":$FILES}"
expect_code "objection filed" 201
O1=$(json_get "$BODY" id)
expect_contains "filed state" '"state":"submitted"' "$BODY"
expect_contains "acceptance due the next working day" '"due":"2026-11-30"' "$BODY"
expect_contains "evidence hashed" "\"sha256\":\"$(sha256sum "$D/rights-evidence.pdf" | cut -c1-64)\"" "$BODY"
expect_eq "not marked before acceptance" no "$(marked "$R6")"
api GET "/api/v1/subjects/$CO/records?class=penalty" ""
case "$BODY" in *'"under_objection":true'*) fail "marked in the subject's view before acceptance" ;; esac
api POST /api/v1/objections "$KS" "{\"record\":$R6,\"grounds\":\"again\"}"
expect_code "a second open objection on the record" 409
# Refusals a subject reads are bilingual: the Chinese sentence, then the English one in brackets.
expect_contains "the refusal in Chinese, then English" \
    "\"detail\":\"记录 $R6 已有办理中的异议（编号 $O1） (objection $O1 on record $R6 is still open)\"" "$BODY"
api POST /api/v1/objections "$KS2" "{\"record\":$R6,\"grounds\":\"not mine\"}"
expect_code "another subject's record" 404
api POST /api/v1/objections "$KS" "{\"record\":$R2,\"grounds\":\"x\",\"files\":[{\"name\":\"a.pdf\",\"media_type\":\"application/pdf\",\"data\":\"aGVsbG8=\"}]}"
expect_code "a PDF that is not one" 400
expect_contains "says why" "first bytes" "$BODY"
expect_contains "the file named in the Chinese part only" \
    '"detail":"第 1 个文件（a.pdf）不是 application/pdf 文件：文件开头的字节不符 (file 1 is not a application/pdf file: its first bytes do not match)"' \
    "$BODY"
api POST /api/v1/objections "$KS" "{\"record\":$R2,\"grounds\":\"x\",\"files\":[{\"name\":\"a.exe\",\"media_type\":\"application/x-msdownload\",\"data\":\"aGVsbG8=\"}]}"
expect_code "an executable as evidence" 400
api POST /api/v1/objections "$KD" "{\"record\":$R2,\"grounds\":\"x\"}"
expect_code "a department files no objection" 403
api GET "/api/v1/claims/$O1/files/1" "$KS2"
expect_code "evidence to another subject" 404
curl -s -H "Authorization: Bearer $KS" -o "$WORK/evidence.out" "$URL/api/v1/claims/$O1/files/1"
cmp -s "$WORK/evidence.out" "$D/rights-evidence.pdf" || fail "the evidence file came back changed"

act "$O1" "$KD" '{"action":"accept"}'
expect_code "the department does not accept" 403
act "$O1" "$KO" '{"action":"decide","decision":"uphold","reason":"x"}'
expect_code "the office does not decide" 403
act "$O1" "$KO" '{"action":"forward"}'
expect_code "forwarding before acceptance" 409
act "$O1" "$KO" '{"action":"accept"}'
expect_code "accepted" 200
expect_eq "marked in the same moment" yes "$(marked "$R6")"
api GET "/api/v1/subjects/$CO/records?class=penalty" ""
expect_contains "marked in the subject's public view" '"under_objection":true' "$BODY"
feed_has record.objection "$R6" || fail "the mark is not in the change feed"
act "$O1" "$KO" '{"action":"forward"}'
expect_code "forwarded" 200
expect_contains "the department has 5 working days" '"due":"2026-12-04"' "$BODY"
act "$O1" "$KD" '{"action":"extend"}'
expect_code "an extension needs a reason" 400
act "$O1" "$KD" '{"action":"extend","reason":"需调取执法记录"}'
expect_code "extended" 200
expect_contains "5 more working days" '"due":"2026-12-11"' "$BODY"
act "$O1" "$KD" '{"action":"extend","reason":"again"}'
expect_code "a second extension" 409
expect_contains "a second extension, bilingual" \
    '"detail":"核实时限已延长过一次，不能再次延长 (the decision'"'"'s time limit was extended once already)"' "$BODY"
act "$O1" "$KD" '{"action":"decide","decision":"uphold","reason":"经核查，当事人未按期公示，原处罚认定无误"}'
expect_code "upheld" 200
expect_eq "still marked until closed" yes "$(marked "$R6")"
act "$O1" "$KO" '{"action":"close"}'
expect_code "closed" 200
expect_eq "mark lifted" no "$(marked "$R6")"
feed_has record.objection_closed "$R6" || fail "closing is not in the change feed"
api GET "/api/v1/claims/$O1" "$KS"
expect_code "the subject reads its objection" 200
expect_eq "six steps" 6 "$(printf '%s' "$BODY" | grep -o '"seq":[0-9]*,"at"' | wc -l)"
expect_contains "the decision and reason" '"decision":"uphold"' "$BODY"

# Rejected at acceptance: no mark.
api POST /api/v1/objections "$KS" "{\"record\":$R6,\"grounds\":\"重复异议\"}"
expect_code "objection filed again after closing" 201
O2=$(json_get "$BODY" id)
act "$O2" "$KO" '{"action":"reject"}'
expect_code "a rejection needs a reason" 400
act "$O2" "$KO" '{"action":"reject","reason":"同一事项已办结"}'
expect_code "rejected" 200
expect_eq "a rejected objection marks nothing" no "$(marked "$R6")"
act "$O2" "$KO" '{"action":"accept"}'
expect_code "nothing after a rejection" 409

# ---- a correction: a new version in public views and the feed ----
api POST /api/v1/objections "$KS" "{\"record\":$R4,\"grounds\":\"罚款金额应为2万元\"}"
O3=$(json_get "$BODY" id)
act "$O3" "$KO" '{"action":"accept"}'
act "$O3" "$KO" '{"action":"forward"}'
act "$O3" "$KD" '{"action":"decide","decision":"correct","reason":"金额录入错误","fields":{"party_uscc":"91420684MA4927PJ7B"}}'
expect_code "a correction may not move the record to another subject" 400
act "$O3" "$KD" '{"action":"decide","decision":"correct","reason":"金额录入错误","fields":{"no_such_field":"1"}}'
expect_code "a correction of an unknown field" 400
act "$O3" "$KD" '{"action":"decide","decision":"correct","reason":"金额录入错误","fields":{"decision_date":"2026-02-30"}}'
expect_code "a correction that does not validate" 400
act "$O3" "$KD" '{"action":"decide","decision":"correct","reason":"金额录入错误","fields":{"fine_wan":"2","content":"罚款2万元"}}'
expect_code "correction decided" 200
act "$O3" "$KO" '{"action":"close"}'
expect_code "correction closed" 200
R4B=$(json_get "$BODY" result_record)
[ -n "$R4B" ] && [ "$R4B" != "$R4" ] || fail "no new version: $BODY"
api GET "/api/v1/records/$R4" ""
expect_code "the old version is no longer public" 404
api GET "/api/v1/records/$R4B" ""
expect_code "the corrected version is public" 200
expect_contains "with the corrected fine" '"fine_wan":"2"' "$BODY"
expect_eq "version 2" 2 "$(sql "SELECT version FROM record WHERE id = $R4B")"
feed_has record.corrected "$R4B" || fail "the correction is not in the change feed"

# ---- a deletion: withdrawn everywhere ----
api POST /api/v1/objections "$KS" "{\"record\":$R5,\"grounds\":\"该处罚已被行政复议撤销\"}"
O4=$(json_get "$BODY" id)
act "$O4" "$KO" '{"action":"accept"}'
act "$O4" "$KO" '{"action":"forward"}'
act "$O4" "$KD" '{"action":"decide","decision":"delete","reason":"复议决定撤销原处罚"}'
act "$O4" "$KO" '{"action":"close"}'
expect_code "deletion closed" 200
api GET "/api/v1/records/$R5" ""
expect_code "a withdrawn record is not public" 404
api GET "/api/v1/subjects/$CO/records?class=penalty" ""
case "$BODY" in *'权罚〔2026〕5号'*) fail "the withdrawn record is still in the subject's view" ;; esac
expect_eq "kept, withdrawn" withdrawn "$(sql "SELECT status FROM record WHERE id = $R5")"
feed_has record.withdrawn "$R5" || fail "the withdrawal is not in the change feed"

# ---- credit repair ----
api POST /api/v1/repairs "$KS" "{\"record\":$R2,\"commitment\":\"本单位承诺已纠正失信行为\",\"signer\":\"孙五\"}"
expect_code "repair before the minimum period" 409
expect_contains "says from when" "2027-01-09" "$BODY"
api POST /api/v1/repairs "$KS" "{\"record\":$R1,\"commitment\":\"本单位承诺已纠正失信行为\"}"
expect_code "a repair needs its signer" 400
expect_contains "the missing signer, bilingual" '"detail":"请填写承诺人 (the signer is required)"' "$BODY"
api GET "/api/v1/lists/black" ""
expect_contains "the list entry is public before the repair" '权黑〔2025〕1号' "$BODY"
api GET "/api/v1/subjects?q=%E4%BF%A1%E8%BE%BE%E7%A7%91%E6%8A%80" ""
expect_contains "search shows the subject on the black list" '"lists":["black_list"]' "$BODY"
api POST /api/v1/repairs "$KS" "{\"record\":$R1,\"commitment\":\"本单位已缴清罚款、删除虚假广告，承诺今后依法经营\",\"signer\":\"孙五\",\"files\":$FILES}"
expect_code "repair applied for" 201
P1=$(json_get "$BODY" id)
expect_contains "the department's limit" '"due":"2026-12-04"' "$BODY"
act "$P1" "$KD" '{"action":"refuse"}'
expect_code "a refusal needs a reason" 400
act "$P1" "$KD" '{"action":"approve","reason":"已履行处罚决定并完成整改"}'
expect_code "repair approved" 200
expect_contains "the lifted entry is named" "\"lifted\":[$B1]" "$BODY"
api GET "/api/v1/records/$R1" ""
expect_code "a repaired record leaves public view at once" 404
api GET "/api/v1/lists/black" ""
case "$BODY" in *'权黑〔2025〕1号'*) fail "the list entry the penalty caused is still on the black list" ;; esac
expect_eq "kept in the history" repaired "$(sql "SELECT status FROM record WHERE id = $R1")"
expect_eq "list entry lifted" repaired "$(sql "SELECT status FROM record WHERE id = $B1")"
api GET "/api/v1/subjects?q=%E4%BF%A1%E8%BE%BE%E7%A7%91%E6%8A%80" ""
expect_contains "search no longer shows it on a list" '"lists":[]' "$BODY"
feed_has record.repaired "$R1" || fail "the repair is not in the change feed"
feed_has list.lifted "$B1" || fail "the lifted entry is not in the change feed"
act "$P1" "$KD" '{"action":"refuse","reason":"x"}'
expect_code "a decided repair stays decided" 409

# ---- a repair lifts exactly the entries that cite the penalty's number ----
# QF-2025-1 is a prefix of QF-2025-12: the entry citing the latter stays; so does one that only
# mentions the number in a remark. Numbers cited in the cited_penalty field (MD_CFWSH) and in the
# reason's text are both found.
sed -n '1p' "$D/rights-penalty.csv" >qf.csv
sed -n '2p' "$D/rights-penalty.csv" | sed 's/权罚〔2025〕1号/QF-2025-1/' >>qf.csv
sed -n '2p' "$D/rights-penalty.csv" | sed 's/权罚〔2025〕1号/QF-2025-12/' >>qf.csv
run_xy 0 import --class penalty --dept "$DEPT" qf.csv
{
    echo "MD_XDR_MC,MD_XDR_LB,MD_XDR_SHXYM,MD_FRDB,MD_WSH,MD_LRSY,MD_RDYJ,MD_CFWSH,MD_RDBM,MD_RDBMDM,MD_RDRQ,MD_LRRQ,MD_YXQZ,BZ"
    echo "北京信达科技有限公司,02,91110000600037341L,孙五,权黑〔2025〕21号,虚假宣传情节严重,《市场监督管理严重违法失信名单管理办法》,QF-2025-1,武汉市市场监督管理局,11230500001755309F,2025-06-10,2025-06-10,2028-06-10,"
    echo "北京信达科技有限公司,02,91110000600037341L,孙五,权黑〔2025〕22号,虚假宣传情节严重,《市场监督管理严重违法失信名单管理办法》,QF-2025-12,武汉市市场监督管理局,11230500001755309F,2025-06-10,2025-06-10,2028-06-10,"
    echo "北京信达科技有限公司,02,91110000600037341L,孙五,权黑〔2025〕23号,拒不履行,《市场监督管理严重违法失信名单管理办法》,,武汉市市场监督管理局,11230500001755309F,2025-06-10,2025-06-10,2028-06-10,与QF-2025-1无关"
    echo "北京信达科技有限公司,02,91110000600037341L,孙五,权黑〔2025〕24号,因权罚〔2025〕31号行政处罚列入,《市场监督管理严重违法失信名单管理办法》,,武汉市市场监督管理局,11230500001755309F,2025-06-10,2025-06-10,2028-06-10,"
} >cites.csv
run_xy 0 import --class black_list --dept "$DEPT" cites.csv
expect_eq "what each entry cites" "QF-2025-1 QF-2025-12 因权罚〔2025〕31号 权罚〔2025〕31号 罚〔2025〕31号" \
    "$(sql "SELECT $(sql_agg doc_no ' ') FROM (SELECT c.doc_no FROM record_cite c JOIN record r ON r.id = c.record_id WHERE r.doc_no IN ('权黑〔2025〕21号', '权黑〔2025〕22号', '权黑〔2025〕23号', '权黑〔2025〕24号') ORDER BY r.doc_no, length(c.doc_no) DESC) c")"
RQ=$(rid 'QF-2025-1')
BQ1=$(rid '权黑〔2025〕21号')
api POST /api/v1/repairs "$KS" "{\"record\":$RQ,\"commitment\":\"本单位已缴清罚款，承诺今后依法经营\",\"signer\":\"孙五\",\"files\":$FILES}"
expect_code "repair of QF-2025-1 applied for" 201
PQ=$(json_get "$BODY" id)
act "$PQ" "$KD" '{"action":"approve","reason":"已履行处罚决定"}'
expect_code "repair of QF-2025-1 approved" 200
expect_contains "only the entry citing QF-2025-1 is lifted" "\"lifted\":[$BQ1]" "$BODY"
expect_eq "the entries after the repair" "权黑〔2025〕21号 repaired 权黑〔2025〕22号 published 权黑〔2025〕23号 published 权黑〔2025〕24号 published" \
    "$(sql "SELECT $(sql_agg "doc_no || ' ' || status" ' ') FROM (SELECT doc_no, status FROM record WHERE doc_no LIKE '权黑〔2025〕2_号' AND is_current = 1 ORDER BY doc_no) r")"

# ---- the public answer cache never outlives a change: a batch from another program (the CLI) ----
api GET "/api/v1/subjects/$CO2" ""
case "$BODY" in *'权罚〔2026〕8号'*) fail "fixture: 8号 exists already" ;; esac
sed -n '1p' "$D/rights-penalty.csv" >late.csv
sed -n '8p' "$D/rights-penalty.csv" | sed 's/权罚〔2026〕7号/权罚〔2026〕8号/' >>late.csv
run_xy 0 import --class penalty --dept "$DEPT" late.csv
api GET "/api/v1/subjects/$CO2" ""
expect_contains "a record imported by another program is seen at once" '权罚〔2026〕8号' "$BODY"

# ---- lists of claims: each sees its own ----
api POST /api/v1/objections "$KO" "{\"record\":$R7,\"grounds\":\"当事人来电委托提出异议\"}"
expect_code "the office files on a subject's behalf" 201
O5=$(json_get "$BODY" id)
api GET /api/v1/claims "$KS"
expect_code "the subject's claims" 200
case "$BODY" in *"\"id\":$O5,"*) fail "a subject sees another's objection" ;; esac
expect_contains "its own" "\"id\":$O1," "$BODY"
api GET /api/v1/claims "$KS2"
expect_contains "the other subject sees the one filed for it" "\"id\":$O5," "$BODY"
api GET "/api/v1/claims?kind=repair" "$KD"
expect_contains "the department's repair queue" "\"id\":$P1," "$BODY"
api GET "/api/v1/claims?kind=bogus" "$KD"
expect_code "an unknown kind" 400

# ---- expiry without a restart: 权罚〔2026〕3号 is public until 2026-11-28 ----
api GET "/api/v1/records/$R3" ""
expect_code "public on its last day" 200
echo 2026-11-29 >"$WORK/today"
api GET "/api/v1/records/$R3" ""
expect_code "hidden the next day, by the query itself" 404
for _ in $(seq 1 60); do
    [ "$(sql "SELECT status FROM record WHERE id = $R3")" = expired ] && break
    sleep 0.1
done
expect_eq "marked expired by the server's own schedule" expired "$(sql "SELECT status FROM record WHERE id = $R3")"
feed_has record.expired "$R3" || fail "the expiry is not in the change feed"
kill -0 "$SPID" || fail "the server is not the one that started"

# Overdue: the objection filed for CO2 was due on Monday 2026-11-30.
echo 2026-12-01 >"$WORK/today"
api GET "/api/v1/claims?overdue=true" "$KO"
expect_contains "overdue for the office" "\"id\":$O5," "$BODY"
expect_contains "flagged" '"overdue":true' "$BODY"
case "$BODY" in *"\"id\":$O1,"*) fail "a closed objection is listed as overdue" ;; esac

# A new version of a record under objection (the department resends it) keeps the mark until closing.
act "$O5" "$KO" '{"action":"accept"}'
expect_code "accepted late" 200
sed -n '1p' "$D/rights-penalty.csv" >resend.csv
sed -n '8p' "$D/rights-penalty.csv" | sed 's/罚款1万元,1,/罚款1万元（已更正金额）,1,/' >>resend.csv
grep -q '已更正金额' resend.csv || fail "fixture: the resend changes nothing"
run_xy 0 import --class penalty --dept "$DEPT" resend.csv
R7B=$(rid '权罚〔2026〕7号')
[ "$R7B" != "$R7" ] || fail "the resend made no new version"
expect_eq "the new version is marked" yes "$(marked "$R7B")"
act "$O5" "$KO" '{"action":"forward"}'
act "$O5" "$KD" '{"action":"decide","decision":"uphold","reason":"处罚无误"}'
act "$O5" "$KO" '{"action":"close"}'
expect_code "closed after the resend" 200
expect_eq "the mark leaves the new version at closing" no "$(marked "$R7B")"
expect_eq "no version keeps it" 0 "$(sql "SELECT count(*) FROM record WHERE objection_id IS NOT NULL")"

# ---- consent and authorised queries ----
api GET "/api/v1/subjects/$CO/authorised" "$KQ"
expect_code "no grant named" 403
api GET "/api/v1/subjects/$CO/authorised?grant=999" "$KQ"
expect_code "no such grant" 403
api GET "/api/v1/subjects/420102199007084567/authorised?grant=1" "$KQ"
expect_code "never an ID number in a URL" 400
api POST /api/v1/grants "$KS" "{\"querier\":$QID,\"classes\":[\"penalty\"],\"purpose\":\"x\",\"until\":\"2027-05-31\"}"
expect_code "a public class needs no grant" 400
api POST /api/v1/grants "$KO" "{\"querier\":$QID,\"classes\":[\"arrears\"],\"purpose\":\"x\",\"until\":\"2027-05-31\"}"
expect_code "only the subject grants" 403
api POST /api/v1/grants "$KS" "{\"querier\":$QID,\"classes\":[\"arrears\"],\"purpose\":\"流动资金贷款审批\",\"until\":\"2027-05-31\"}"
expect_code "grant created" 201
G1=$(json_get "$BODY" id)
expect_contains "live" '"live":true' "$BODY"
api GET "/api/v1/subjects/$CO/authorised?grant=$G1" "$KQ"
expect_code "the querier reads under the grant" 200
expect_contains "the granted class" '权欠〔2026〕1号' "$BODY"
case "$BODY" in *'权罚'*) fail "the authorised read holds classes not granted" ;; esac
api GET "/api/v1/subjects/$CO/authorised?grant=$G1" "$KQ2"
expect_code "another querier cannot use the grant" 403
api GET "/api/v1/subjects/$CO2/authorised?grant=$G1" "$KQ"
expect_code "the grant is for one subject" 403
api GET "/api/v1/subjects/$CO" ""
case "$BODY" in *'权欠'*) fail "the public view shows a consent-only class" ;; esac
api GET /api/v1/me/access "$KS"
expect_code "the access history" 200
expect_contains "who" '"name":"某商业银行"' "$BODY"
expect_contains "why" '"purpose":"流动资金贷款审批"' "$BODY"
expect_contains "under which grant" "\"grant\":$G1" "$BODY"
api GET /api/v1/me/access "$KS2"
case "$BODY" in *'某商业银行'*) fail "another subject's history shows the read" ;; esac
api GET /api/v1/grants "$KQ"
expect_contains "the querier sees the grants given to it" "\"id\":$G1," "$BODY"
api DELETE "/api/v1/grants/$G1" "$KS2"
expect_code "another subject cannot revoke it" 404
api DELETE "/api/v1/grants/$G1" "$KS"
expect_code "revoked" 200
api GET "/api/v1/subjects/$CO/authorised?grant=$G1" "$KQ"
expect_code "a revoked grant stops at once" 403
api DELETE "/api/v1/grants/$G1" "$KS"
expect_code "revoked twice" 404

# An office full read of a record is in the history too, under its legal role.
api GET "/api/v1/admin/records/$R2" "$KO"
expect_code "office reads a record in full" 200
api GET /api/v1/me/access "$KS"
expect_contains "the office's read" '"basis":"legal_role"' "$BODY"

# ---- the calendar ----
api GET "/api/v1/calendar?year=2026" ""
expect_code "calendar" 200
expect_contains "National Day" '"date":"2026-10-01","kind":"holiday"' "$BODY"
expect_contains "working days in 2026" '"workdays":248' "$BODY"
run_xy 1 calendar import "$D/rights-calendar-bad.csv"
expect_contains "a weekday cannot be an adjusted working day" "line 3" "$ERR"
expect_eq "nothing imported from a bad file" 0 "$(sql "SELECT count(*) FROM calendar_day WHERE day LIKE '2031-%'")"
run_xy 0 calendar import "$D/rights-calendar-test.csv"
expect_contains "imported" "4 days" "$OUT"
run_xy 0 calendar show 2031
expect_contains "the adjusted working Saturday" "2031-01-04  workday" "$OUT"
CODE=$(curl -s -o "$WORK/body" -w '%{http_code}' -X PUT -H "Authorization: Bearer $KO" -H 'Content-Type: text/csv' \
    --data-binary @"$D/rights-calendar-bad.csv" "$URL/api/v1/admin/calendar")
expect_eq "a bad calendar over HTTP" 400 "$CODE"

expect_contains "a bad calendar over HTTP says where and why, in both languages" \
    '"detail":"日历第 3 行：2031-01-06 是周一至周五，只有周六或周日可以调为工作日 (calendar line 3: 2031-01-06 is a weekday; only a Saturday or Sunday can be an adjusted working day)"' \
    "$(cat "$WORK/body")"

# ---- the CLI's upkeep and the audit chain ----
run_xy 0 maintain
expect_contains "nothing left to expire" "0 records" "$OUT"
stop_server "$SPID" rights
if grep -q 'ERROR: AddressSanitizer\|runtime error:' "$WORK/rights.err"; then
    fail "the server reported a sanitizer error: $(server_log rights)"
fi
run_xy 0 audit verify
# Every successful move, and none of the refused ones: O1 5, O2 1, O3 4, O4 4, O5 4; two repair decisions.
expect_eq "each move audited" "objection.act 18 repair.act 2 grant.create 1 grant.revoke 1 record.read_consent 1" \
    "$(sql "SELECT $(sql_agg "action || ' ' || n" ' ') FROM (SELECT action, count(*) AS n FROM audit WHERE action IN
        ('objection.act', 'repair.act', 'grant.create', 'grant.revoke', 'record.read_consent') GROUP BY action
        ORDER BY CASE action WHEN 'objection.act' THEN 1 WHEN 'repair.act' THEN 2 WHEN 'grant.create' THEN 3
        WHEN 'grant.revoke' THEN 4 ELSE 5 END) a")"
echo "rights: all checks passed"
