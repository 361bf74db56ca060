#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Credit reports end to end (the CLI and `xinyong serve`): the public edition's PDF text holds every
# section heading and each public record of the subject and nothing that is not public; the
# authorised edition adds the classes its requester may read, with purpose and requester printed;
# a person's report is refused to the public; a querier needs the subject's live grant; the three
# forgeries are caught (a changed byte, a number never issued, a report shown under another's number
# as a moved QR code does); every page's QR code decodes to the verification page of its number;
# after a repair the repaired penalty and the list entry it caused are gone from a new report; each
# issue is in the audit log and, when authorised, in the subject's access history; the month is
# counted.
. "$(dirname "$0")/lib.sh.inc"
. "$(dirname "$0")/server.sh.inc"
D=$XY_TEST_DATA
DEPT=11230500001755309F
CO=91110000600037341L   # an organisation with penalties, a black-list entry and arrears
for tool in pdftotext pdftoppm zbarimg sha256sum; do
    command -v "$tool" >/dev/null || fail "$tool is missing: run scripts/install-deps"
done

run_xy 0 init
# The report key sits beside the database key (the key file's when one is named: on PostgreSQL).
SM2=${XINYONG_KEY_FILE:-$XINYONG_DB}.sm2.pem
[ "$(stat -c %a "$SM2")" = 600 ] || fail "the report key is not mode 0600"
run_xy 0 dept add "$DEPT" 武汉市市场监督管理局
run_xy 0 import --class penalty --dept "$DEPT" "$D/rights-penalty.csv"
run_xy 0 import --class black_list --dept "$DEPT" "$D/rights-black.csv"
run_xy 0 import --class arrears --dept "$DEPT" "$D/rights-arrears.csv"
run_xy 0 import --class license --dept "$DEPT" "$D/api-license.csv"
run_xy 0 import --class penalty --dept "$DEPT" "$D/api-penalty.csv"

# text FILE: the PDF's text with all white space removed (a cell may wrap anywhere).
text() { pdftotext -enc UTF-8 "$1" - | tr -d ' \n\t\f'; }
number_of() { printf '%s\n' "$1" | sed -n 's/^report \(4201[0-9]*\) issued.*/\1/p'; }

# ---- the public edition from the CLI ----
run_xy 0 report "$CO" -o pub.pdf
N1=$(number_of "$OUT")
expect_eq "number format" 1 "$(printf '%s' "$N1" | grep -c '^420120261128[0-9]\{6\}$')"
T=$(text pub.pdf)
for h in 公共信用信息报告 报告说明 概述 基础信息 公共信用信息概要 一、基础信息 二、行政管理信息 三、严重失信主体名单信息 \
    四、守信激励信息 五、信用承诺及履约情况 六、信用评价结果 七、其他信息 暂无 报告结束 "报告编号：$N1" 北京信达科技有限公司 "$CO"; do
    expect_contains "the public edition shows $h" "$h" "$T"
done
pages=$(pdftotext pub.pdf - | grep -c '^第[0-9]*页共[0-9]*页$' || true)
expect_eq "every page says 第 X 页 共 Y 页" "$(pdfinfo pub.pdf 2>/dev/null | sed -n 's/^Pages: *//p')" "$pages"

# Each public record (as the platform's public view has them) is in it; no other record is.
run_xy 0 search "$CO"
start_server report --access-log "$WORK/access.log"
public=$(curl -s "$URL/api/v1/subjects/$CO" | grep -o '"doc_no":"[^"]*"' | sed 's/"doc_no":"//; s/"$//')
[ -n "$public" ] || fail "no public records of $CO to look for"
for d in $public; do expect_contains "public record $d in the public edition" "$d" "$T"; done
sid=$(sql "SELECT id FROM subject WHERE uscc = '$CO'")
nonpublic=0
for d in $(sql "SELECT doc_no FROM record WHERE subject_id = $sid"); do
    case " $(echo $public) " in *" $d "*) continue ;; esac
    nonpublic=$((nonpublic + 1))
    case "$T" in *"$d"*) fail "the public edition shows $d, which is not public" ;; esac
done
[ "$nonpublic" -ge 1 ] || fail "the fixture should have a record the public does not see"
case "$T" in *420103197005203013*) fail "the legal representative's ID number is in the public edition" ;; esac

# The authorised edition for a walk-in applicant: arrears too, purpose and requester printed.
run_xy 2 report "$CO" --edition authorised -o auth.pdf
expect_contains "an authorised edition needs its purpose or applicant" "applicant" "$ERR"
run_xy 0 report "$CO" --edition authorised --purpose 办理银行贷款 --applicant 孙五 -o auth.pdf
N2=$(number_of "$OUT")
TA=$(text auth.pdf)
expect_contains "authorised: the arrears" "权欠〔2026〕1号" "$TA"
expect_contains "authorised: the purpose" "查询用途办理银行贷款" "$TA"
expect_contains "authorised: the requester" "孙五（窗口申请人）" "$TA"
case "$TA" in *420103197005203013*) fail "a full ID number is in the authorised edition" ;; esac
case "$T" in *权欠*) fail "the arrears are in the public edition" ;; esac

# ---- a person ----
run_xy 1 report 420102199007084567 -o person.pdf
expect_contains "a person's report is refused to the public" "not given to the public" "$ERR"
PERSON=$(sql "SELECT opaque FROM subject WHERE kind = 'person' AND name = '周敏'")
code=$(curl -s -o "$WORK/p.out" -w '%{http_code}' "$URL/api/v1/subjects/$PERSON/report")
expect_eq "a person's report to the public over HTTP" 403 "$code"
run_xy 0 report 420102199007084567 --edition authorised --purpose 本人查询 --applicant 周敏 -o person.pdf
TP=$(text person.pdf)
expect_contains "the person's report: kind" 个人 "$TP"
expect_contains "the person's ID masked" "4201**********4567" "$TP"
case "$TP" in *420102199007084567*) fail "the person's full ID number is in its report" ;; esac
[ "$(sql "SELECT count(*) FROM subject_access WHERE subject_id = (SELECT id FROM subject WHERE opaque = '$PERSON') AND object LIKE 'report/%'")" = 1 ] ||
    fail "the person's report is not in its access history"

# ---- over HTTP ----
curl -s -o http.pdf -D "$WORK/h" "$URL/api/v1/subjects/$CO/report"
grep -qi '^content-type: application/pdf' "$WORK/h" || fail "the report is not served as a PDF: $(cat "$WORK/h")"
head -c 5 http.pdf | grep -q '%PDF-' || fail "not a PDF"
N3=$(pdfinfo http.pdf | sed -n 's/^Subject: *//p')
expect_contains "saved under its number" "filename=\"credit-report-$N3.pdf\"" "$(grep -i '^content-disposition:' "$WORK/h")"
J=$(curl -s -H 'Accept: application/json' "$URL/api/v1/subjects/$CO/report")
expect_contains "the JSON edition" '"signature":{"alg":"SM2-SM3"' "$J"
printf '%s' "$J" >http.json
run_xy 0 report verify http.json
expect_contains "the JSON edition verifies" "genuine" "$OUT"
api() { # api METHOD PATH KEY [BODY]
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
api GET "/api/v1/reports/$N3" ""
expect_eq "the register knows the number" 200 "$CODE"
expect_contains "masked name" '"name":"北京****有限公司"' "$BODY"
expect_contains "masked code" '"code":"9111**********341L"' "$BODY"
sha() { sha256sum "$1" | cut -c1-64; }
api POST "/api/v1/reports/$N3/verify" "" "{\"sha256\":\"$(sha http.pdf)\"}"
expect_contains "the genuine file matches" '"match":true' "$BODY"
curl -s -o key.pem "$URL/api/v1/reports/public-key"
grep -q 'BEGIN PUBLIC KEY' key.pem || fail "no public key: $(cat key.pem)"

# Offline, with the published key and no database.
XINYONG_DB=/nonexistent run_xy 0 report verify http.pdf --public-key key.pem
expect_contains "offline: the signature" "ok   signature" "$OUT"
expect_contains "offline: every page's QR link" "ok   qr_links" "$OUT"

# ---- forgery 1: a changed byte ----
cp http.pdf changed.pdf
size=$(stat -c %s changed.pdf)
off=$((size / 2))
orig=$(dd if=changed.pdf bs=1 skip=$off count=1 2>/dev/null | od -An -tu1 | tr -d ' ')
printf "$(printf '\\%03o' $(((orig + 1) % 256)))" | dd of=changed.pdf bs=1 seek=$off conv=notrunc 2>/dev/null
cmp -s http.pdf changed.pdf && fail "the byte was not changed"
api POST "/api/v1/reports/$N3/verify" "" "{\"sha256\":\"$(sha changed.pdf)\"}"
expect_contains "a changed byte: no match" '"match":false' "$BODY"
run_xy 1 report verify changed.pdf --online
expect_contains "a changed byte: the CLI online" "FAIL file_hash" "$OUT"

# ---- forgery 2: a number never issued ----
api GET /api/v1/reports/420120261128999999 ""
expect_eq "a number never issued" 404 "$CODE"
expect_contains "says so" "此编号从未出具" "$BODY"
api POST /api/v1/reports/420120261128999999/verify "" "{\"sha256\":\"$(sha http.pdf)\"}"
expect_eq "a number never issued, verified" 404 "$CODE"
run_xy 1 report verify http.pdf --number 420120261128999999 --online
expect_contains "a number never issued: the CLI" "FAIL registered" "$OUT"

# ---- forgery 3: a QR code moved onto another report ----
# pub.pdf (N1) shown under the QR code and number of http.pdf (N3).
api POST "/api/v1/reports/$N3/verify" "" "{\"sha256\":\"$(sha pub.pdf)\"}"
expect_contains "another report's file under N3: no match" '"match":false' "$BODY"
run_xy 1 report verify pub.pdf --number "$N3" --online
expect_contains "another report under N3: the CLI names it" "FAIL expected_number" "$OUT"
expect_contains "it is N1" "$N1" "$OUT"
# A key that is not the platform's does not verify.
openssl genpkey -algorithm SM2 -out other.pem 2>/dev/null && openssl pkey -in other.pem -pubout -out other.pub 2>/dev/null
XINYONG_DB=/nonexistent run_xy 1 report verify http.pdf --public-key other.pub
expect_contains "another key" "FAIL signature" "$OUT"

# ---- every page's QR code leads to the verification page of its number ----
pdftoppm -png -r 150 -f 2 -l 2 http.pdf qr
qr=$(zbarimg -q --raw qr-*2.png 2>/dev/null | head -n 1)
expect_eq "the QR code of page 2" "http://127.0.0.1:8080/verify.html?number=$N3" "$qr"

# ---- the authorised edition over HTTP ----
key() { run_xy 0 key create "$@"; printf '%s\n' "$OUT" | tail -n 1; }
KO=$(key --role office --name 信用办窗口)
KD=$(key --role department --dept "$DEPT" --name 市场监管局)
KS=$(key --role subject --subject "$CO" --name 信达科技)
KS2=$(key --role subject --subject 91420684MA4927PJ7B)
run_xy 0 querier add 91420100MA4K2X7C6G 某商业银行 --kind bank
KQ=$(key --role querier --querier 91420100MA4K2X7C6G --name 某商业银行)
QID='"91420100MA4K2X7C6G"'
api POST /api/v1/reports "$KS" "{\"subject\":\"$CO\",\"purpose\":\"投标\"}"
expect_eq "the subject's own authorised report" 200 "$CODE"
cp "$WORK/body" mine.pdf
expect_contains "with its arrears" "权欠〔2026〕1号" "$(text mine.pdf)"
api POST /api/v1/reports "$KS2" "{\"subject\":\"$CO\",\"purpose\":\"投标\"}"
expect_eq "another subject's authorised report" 403 "$CODE"
api POST /api/v1/reports "$KS" "{\"subject\":\"$CO\"}"
expect_eq "an authorised report without a purpose" 400 "$CODE"
api POST /api/v1/reports "$KQ" "{\"subject\":\"$CO\",\"purpose\":\"贷款审查\"}"
expect_eq "a querier without a grant" 403 "$CODE"
api POST /api/v1/grants "$KS" "{\"querier\":$QID,\"classes\":[\"arrears\"],\"purpose\":\"贷款审查\",\"until\":\"2026-12-31\"}"
expect_eq "grant" 201 "$CODE"
G=$(json_get "$BODY" id)
api POST /api/v1/reports "$KQ" "{\"subject\":\"$CO\",\"grant\":$G}"
expect_eq "a querier with its grant" 200 "$CODE"
cp "$WORK/body" bank.pdf
TB=$(text bank.pdf)
expect_contains "the grant's class" "权欠〔2026〕1号" "$TB"
expect_contains "the grant's purpose printed" "查询用途贷款审查" "$TB"
expect_contains "the querier printed" "某商业银行（经授权的查询机构）" "$TB"
api POST /api/v1/reports "$KO" "{\"subject\":\"$CO\",\"purpose\":\"窗口查询\"}"
expect_eq "the office needs the applicant" 400 "$CODE"
api POST /api/v1/reports "$KO" "{\"subject\":\"$CO\",\"purpose\":\"窗口查询\",\"applicant\":\"孙五\",\"format\":\"json\"}"
expect_eq "the office at its counter" 200 "$CODE"
expect_contains "as JSON" '"edition":"authorised"' "$BODY"
api GET /api/v1/me/access "$KS"
expect_contains "the bank's report in the subject's access history" '"purpose":"信用报告：贷款审查"' "$BODY"
expect_contains "the office's report too" '"purpose":"信用报告：窗口查询"' "$BODY"
[ "$(sql "SELECT count(*) FROM subject_access WHERE subject_id = $sid AND object LIKE 'report/%'")" = 4 ] ||
    fail "expected 4 authorised reports of $CO in its access history"
[ "$(sql "SELECT count(*) FROM audit WHERE action = 'report.issue'")" = "$(sql 'SELECT count(*) FROM report')" ] ||
    fail "not every report is in the audit log"
run_xy 0 audit verify

# ---- after a repair, the penalty and the entry it caused are gone ----
R1=$(sql "SELECT id FROM record WHERE doc_no = '权罚〔2025〕1号' AND is_current = 1")
expect_contains "before the repair" "权罚〔2025〕1号" "$T"
expect_contains "the black-list entry before" "权黑〔2025〕1号" "$T"
api POST /api/v1/repairs "$KS" "{\"record\":$R1,\"commitment\":\"本单位已缴清罚款并整改\",\"signer\":\"孙五\"}"
expect_eq "repair applied for" 201 "$CODE"
P1=$(json_get "$BODY" id)
api POST "/api/v1/claims/$P1/actions" "$KD" '{"action":"approve","reason":"已履行处罚决定"}'
expect_eq "repair approved" 200 "$CODE"
curl -s -o after.pdf "$URL/api/v1/subjects/$CO/report"
TR=$(text after.pdf)
case "$TR" in *权罚〔2025〕1号*) fail "the repaired penalty is still in the report" ;; esac
case "$TR" in *权黑〔2025〕1号*) fail "the lifted black-list entry is still in the report" ;; esac
expect_contains "the other penalties stay" "权罚〔2026〕2号" "$TR"

# ---- the month's figures ----
api GET "/api/v1/reports/stats?month=2026-11" "$KO"
expect_eq "stats" 200 "$CODE"
total=$(sql "SELECT count(*) FROM report")
expect_contains "the total" "\"total\":$total" "$BODY"
expect_contains "by edition" "\"authorised\":$(sql "SELECT count(*) FROM report WHERE edition = 'authorised'")" "$BODY"
expect_contains "the indicator" 信用产品数量 "$BODY"
api GET "/api/v1/reports/stats?month=2026-11" "$KS"
expect_eq "stats are the office's" 403 "$CODE"
api GET "/api/v1/reports/stats?month=2026-10" "$KO"
expect_contains "another month" '"total":0' "$BODY"
stop_server "$SPID" report
echo "report: all checks passed ($total reports)"
