#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A subject's grant (授权) names a querier key, and the answer never tells the subject anything about
# other keys: a grant naming an office, department, approval, auditor or subject key, a revoked key
# (querier or not) or an id no key has gets the same status and the very same body, naming no role
# and no key name, and writes nothing. A grant to a live querier key succeeds and names the querier
# by the name it was registered under. Departments and approval systems read under their legal
# role, not under grants: they may neither list grants nor read under one, even one given to their
# key before grants were limited to queriers, which its subject still sees and may revoke.
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
key --role querier --name 已注销银行
ID_REVOKED_QUERIER=$KEY_ID
run_xy 0 key revoke "$ID_REVOKED_QUERIER"
key --role department --dept "$DEPT" --name 已注销部门密钥
ID_REVOKED_DEPT=$KEY_ID
run_xy 0 key revoke "$ID_REVOKED_DEPT"
key --role querier --name 某商业银行
ID_QUERIER=$KEY_ID
KQ=$KEY
ID_UNKNOWN=$((ID_QUERIER + 1000))

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
grant() { # grant QUERIER_ID: the subject grants arrears to that id
    api POST /api/v1/grants "$KS" "{\"querier\":$1,\"classes\":[\"arrears\"],\"purpose\":\"流动资金贷款审批\",\"until\":\"2027-05-31\"}"
}

# ---- one refusal for every id that is not a live querier key ----
grant "$ID_UNKNOWN"
expect_eq "an id no key has" 400 "$CODE"
REFUSAL=$BODY
expect_contains "a problem document" '"status":400' "$REFUSAL"
for what in office:$ID_OFFICE department:$ID_DEPT approval:$ID_APPROVAL auditor:$ID_AUDITOR \
    "the subject's own key:$ID_SELF" "another subject:$ID_OTHER_SUBJECT" "a revoked querier:$ID_REVOKED_QUERIER" \
    "a revoked department key:$ID_REVOKED_DEPT"; do
    grant "${what##*:}"
    expect_eq "grant to ${what%:*}: status" 400 "$CODE"
    expect_eq "grant to ${what%:*}: the same body as for an id no key has" "$REFUSAL" "$BODY"
done
# The refusal names no role and no key, in either language, and not the id tried.
for word in office department approval auditor subject 信用办 部门 审批 审计 信用主体 revoked 注销 \
    "not a live key" 市场监管局 行政审批局 "$ID_UNKNOWN"; do
    case "$REFUSAL" in *"$word"*) fail "the refusal says [$word]: $REFUSAL" ;; esac
done
expect_eq "no refused grant written" 0 "$(sql 'SELECT count(*) FROM consent')"
expect_eq "no refused grant audited" 0 "$(sql "SELECT count(*) FROM audit WHERE action = 'grant.create'")"

# ---- a grant to a live querier key: named by its registered name, and nothing else about it ----
grant "$ID_QUERIER"
expect_eq "grant to a querier" 201 "$CODE"
expect_contains "the querier by its registered name" "\"querier\":{\"key\":$ID_QUERIER,\"name\":\"某商业银行\",\"role\":\"querier\"}" "$BODY"
G=$(json_get "$BODY" id)
api GET "/api/v1/subjects/$CO/authorised?grant=$G" "$KQ"
expect_eq "the querier reads under it" 200 "$CODE"
expect_contains "the granted class" '权欠〔2026〕1号' "$BODY"

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
expect_eq "no read logged but the querier's" "$ID_QUERIER" "$(sql 'SELECT group_concat(key_id) FROM subject_access')"

stop_server "$SPID" grants
echo "grants: ok"
