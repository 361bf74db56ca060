#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A subject's grant (授权) names an organisation of the directory of queriers (查询机构名录) by its code,
# picked from the public directory, never a key number: so the answer never tells the subject
# anything about keys. A grant naming a key number, a department's or a subject's code, a code not
# in the directory or a disabled querier gets a refusal that names no key, and writes nothing. A
# grant to an enabled querier succeeds and names it by its registered name; any key of that querier
# reads under it, another querier's key does not, and when the office disables the querier its keys
# stop reading. Departments and approval systems read under their legal role, not under grants:
# they may neither list grants nor read under one, even one given to their key before grants were
# limited to queriers, which its subject still sees and may revoke.
. "$(dirname "$0")/lib.sh.inc"
. "$(dirname "$0")/server.sh.inc"
D=$XY_TEST_DATA
DEPT=11230500001755309F
CO=91110000600037341L # has an arrears record: not public, read only under a grant

run_xy 0 init
run_xy 0 dept add "$DEPT" 武汉市市场监督管理局
run_xy 0 import --class penalty --dept "$DEPT" "$D/rights-penalty.csv"
run_xy 0 import --class arrears --dept "$DEPT" "$D/rights-arrears.csv"
KEY_ID=""
key() { # key ARGS...: creates a key; its text in KEY, its id in KEY_ID
    run_xy 0 key create "$@"
    KEY=$(printf '%s\n' "$OUT" | tail -n 1)
    KEY_ID=$(printf '%s\n' "$OUT" | sed -n 's/^created [a-z]* key \([0-9][0-9]*\).*/\1/p')
    [ -n "$KEY_ID" ] || fail "no key id in: $OUT"
}
key --role office --name 信用办值班
ID_OFFICE=$KEY_ID
KO=$KEY
key --role department --dept "$DEPT" --name 市场监管局报送
ID_DEPT=$KEY_ID
KD=$KEY
key --role approval --name 行政审批局系统
ID_APPROVAL=$KEY_ID
KA=$KEY
key --role auditor --name 审计员甲
ID_AUDITOR=$KEY_ID
key --role subject --subject "$CO" --name 信达科技
ID_SELF=$KEY_ID
KS=$KEY
key --role subject --subject 91420684MA4927PJ7B --name 另一家公司
ID_OTHER_SUBJECT=$KEY_ID
BANK=91420100MA4K2X7C6G
OTHER_BANK=91420100MA4L00003L
GONE=91420100MA4M12347Y
run_xy 0 querier add "$BANK" 某商业银行武汉分行 --kind bank --licence B0001H342010001
run_xy 0 querier add "$OTHER_BANK" 另一商业银行 --kind bank
run_xy 0 querier add "$GONE" 已停业征信机构 --kind credit_agency
run_xy 0 querier disable "$GONE"
run_xy 1 key create --role querier --name 无名录的银行
expect_contains "a querier key needs its directory entry" "--querier" "$ERR"
run_xy 1 key create --role querier --querier "$GONE" --name 停用机构的密钥
expect_contains "not for a disabled querier" "$GONE" "$ERR"
key --role querier --querier "$BANK" --name 某商业银行信贷系统
ID_QUERIER=$KEY_ID
KQ=$KEY
key --role querier --querier "$BANK" --name 某商业银行柜台
KQ2=$KEY
key --role querier --querier "$OTHER_BANK" --name 另一商业银行信贷系统
KQO=$KEY
run_xy 0 querier list
expect_contains "the directory lists the bank" "$BANK  某商业银行武汉分行  银行业金融机构" "$OUT"
case "$OUT" in *"$GONE"*) fail "a disabled querier is listed: $OUT" ;; esac

start_server grants

# api METHOD PATH KEY [BODY]: CODE and BODY of the answer.
api() {
    local auth=(-H "Authorization: Bearer $3")
    if [ $# -ge 4 ]; then
        CODE=$(curl -s -o "$WORK/body" -w '%{http_code}' -X "$1" "${auth[@]}" -H 'Content-Type: application/json' \
            --data-binary "$4" "$URL$2")
    else
        CODE=$(curl -s -o "$WORK/body" -w '%{http_code}' -X "$1" "${auth[@]}" "$URL$2")
    fi
    BODY=$(cat "$WORK/body")
}
grant() { # grant QUERIER: the subject grants arrears to that querier (a JSON value)
    api POST /api/v1/grants "$KS" "{\"querier\":$1,\"classes\":[\"arrears\"],\"purpose\":\"流动资金贷款审批\",\"until\":\"2027-05-31\"}"
}

# ---- the directory is public: a subject picks its bank by name ----
CODE=$(curl -s -o "$WORK/body" -w '%{http_code}' "$URL/api/v1/queriers?q=%E5%95%86%E4%B8%9A")
expect_eq "anyone lists the directory" 200 "$CODE"
expect_contains "by part of the name" "\"uscc\":\"$BANK\",\"name\":\"某商业银行武汉分行\",\"kind\":\"bank\"" "$(cat "$WORK/body")"
case "$(cat "$WORK/body")" in *"$GONE"*) fail "the public directory lists a disabled querier" ;; esac

# ---- refusals: no key numbers, nothing outside the directory ----
for what in "a key number:$ID_QUERIER" "the office key's number:$ID_OFFICE" "a department's code:\"$DEPT\"" \
    "a subject's code:\"$CO\"" "a code not in the directory:\"91420100MA4N56789E\"" "a disabled querier:\"$GONE\"" \
    "not a code:\"xy_${ID_QUERIER}_\""; do
    grant "${what#*:}"
    expect_eq "grant to ${what%%:*}: status" 400 "$CODE"
    expect_contains "grant to ${what%%:*}: a problem document" '"status":400' "$BODY"
    for word in office department approval auditor 信用办 部门 审批 审计 revoked 注销 "not a live key" 市场监管局 \
        "key $ID_QUERIER" 信贷系统; do
        case "$BODY" in *"$word"*) fail "the refusal of ${what%%:*} says [$word]: $BODY" ;; esac
    done
done
expect_eq "no refused grant written" 0 "$(sql 'SELECT count(*) FROM consent')"
expect_eq "no refused grant audited" 0 "$(sql "SELECT count(*) FROM audit WHERE action = 'grant.create'")"

# ---- a grant to the bank: named by its registered name; any of its keys reads, no other ----
grant "\"$BANK\""
expect_eq "grant to a querier of the directory" 201 "$CODE"
expect_contains "the querier by its code and registered name" "\"querier\":{\"uscc\":\"$BANK\",\"name\":\"某商业银行武汉分行\",\"disabled_at\":null}" "$BODY"
G=$(json_get "$BODY" id)
api GET "/api/v1/subjects/$CO/authorised?grant=$G" "$KQ"
expect_eq "the querier reads under it" 200 "$CODE"
expect_contains "the granted class" '权欠〔2026〕1号' "$BODY"
api GET "/api/v1/subjects/$CO/authorised?grant=$G" "$KQ2"
expect_eq "so does its other key" 200 "$CODE"
api GET "/api/v1/subjects/$CO/authorised?grant=$G" "$KQO"
expect_eq "another querier's key does not" 403 "$CODE"
api GET /api/v1/grants "$KQ2"
expect_contains "the grant is listed to the bank's keys" "\"id\":$G," "$BODY"
api GET /api/v1/grants "$KQO"
case "$BODY" in *"\"id\":$G,"*) fail "another querier lists the grant: $BODY" ;; esac

# ---- departments and approval systems read under their legal role, never under a grant ----
# A grant given to a department key before grants were limited to queriers, as such a database holds.
sql "INSERT INTO consent (subject_id, querier_key, classes, purpose, until, created_at)
     SELECT subject_id, $ID_DEPT, '[\"arrears\"]', '旧授权', '2027-05-31', '2026-11-01T09:00:00+08:00'
     FROM consent WHERE id = $G"
OLD=$(sql "SELECT max(id) FROM consent")
api GET "/api/v1/subjects/$CO/authorised?grant=$OLD" "$KD"
expect_eq "a department key reads nothing under a grant" 403 "$CODE"
case "$BODY" in *'权欠'*) fail "a department read under a grant: $BODY" ;; esac
api GET "/api/v1/subjects/$CO/authorised?grant=$G" "$KA"
expect_eq "an approval key reads nothing under a grant" 403 "$CODE"
api GET /api/v1/grants "$KD"
expect_eq "a department key lists no grants" 403 "$CODE"
api GET /api/v1/grants "$KA"
expect_eq "an approval key lists no grants" 403 "$CODE"
api GET /api/v1/grants "$KS"
expect_eq "the subject lists its grants" 200 "$CODE"
expect_contains "the old grant is listed to its subject" "\"id\":$OLD," "$BODY"
api DELETE "/api/v1/grants/$OLD" "$KS"
expect_eq "and may be revoked" 200 "$CODE"
expect_eq "no read logged but the bank's two keys'" 2 "$(sql "SELECT count(*) FROM subject_access WHERE grant_id = $G")"
expect_eq "and nothing else" 2 "$(sql 'SELECT count(*) FROM subject_access')"

# ---- the office disables the bank: its keys read nothing more, and the subject sees it ----
api POST "/api/v1/admin/queriers/$BANK/disable" "$KO"
expect_eq "the office disables a querier" 200 "$CODE"
api GET "/api/v1/subjects/$CO/authorised?grant=$G" "$KQ"
expect_eq "a disabled querier's key reads nothing" 403 "$CODE"
api GET /api/v1/grants "$KS"
expect_contains "the grant shows the querier disabled, not live" '"disabled_at":"' "$BODY"
api POST "/api/v1/admin/queriers/$BANK/disable" "$KS"
expect_eq "only the office disables" 403 "$CODE"

stop_server "$SPID" grants
echo "grants: ok"
