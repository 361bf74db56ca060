#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The office's routes no other black-box test requests (so that the PostgreSQL run, pg-suite.txt,
# reaches every route): a department's reporting unit and collection plan, the units list; the
# eval models over HTTP (list, preview, load); a destination disabled and enabled; a month reopened;
# maintenance; an account's password reset, its two-step sign-in reset, and the account disabled.
# Each change is read back, over HTTP or in the database.
. "$(dirname "$0")/lib.sh.inc"
. "$(dirname "$0")/server.sh.inc"
DEPT=11230500001755309F
J="Content-Type: application/json"

run_xy 0 init
run_xy 0 dept add "$DEPT" 武汉市市场监督管理局 --region 420100 --level city_dept
run_xy 0 key create --role office --name 信用办
KO=$(printf '%s\n' "$OUT" | tail -n 1)
run_xy 0 key create --role department --dept "$DEPT" --name 市场监管局接口
KD=$(printf '%s\n' "$OUT" | tail -n 1)
run_xy 0 exchange dest add hubei "http://127.0.0.1:9/api/v1/exchange/inbound" --as wuhan --key "xyp_notarealkey0123456789"
run_xy 0 import --class penalty --dept "$DEPT" "$XY_TEST_DATA/rights-penalty.csv"
start_server main

# api METHOD PATH [BODY]: with the office key (AS, when set: that key); CODE and BODY set.
api() {
    local data=()
    [ $# -lt 3 ] || data=(-H "$J" --data-binary "$3")
    CODE=$(curl -s -o "$WORK/body" -w '%{http_code}' -X "$1" -H "Authorization: Bearer ${AS:-$KO}" "${data[@]}" "$URL$2")
    BODY=$(cat "$WORK/body")
}

# ---- reporting unit and plan ----
api PUT "/api/v1/admin/depts/$DEPT/unit" '{"region":"420102","level":"district_gov"}'
expect_eq "unit set ($BODY)" 200 "$CODE"
api GET /api/v1/admin/units
expect_eq "units listed" 200 "$CODE"
expect_contains "the new unit" '"region":"420102"' "$BODY"
expect_eq "unit stored" "420102 district_gov" "$(sql "SELECT region || ' ' || level FROM dept WHERE uscc = '$DEPT'")"
api PUT "/api/v1/admin/depts/$DEPT/plan" '{"classes":[{"class":"penalty","frequency":"weekly"}]}'
expect_eq "plan set ($BODY)" 200 "$CODE"
expect_contains "plan stored" 'weekly' "$(sql "SELECT p.body FROM dept_plan p JOIN dept d ON d.id = p.dept_id WHERE d.uscc = '$DEPT'")"

# ---- eval models ----
api GET /api/v1/admin/eval/models
expect_eq "models listed" 200 "$CODE"
expect_contains "the built-in model" '"model_version":"2026.1"' "$BODY"
sed -e 's/"model_version": "2026.1"/"model_version": "2027.1"/' "$XY_SRC/catalog/eval-model.json" >"$WORK/next.json"
CODE=$(curl -s -o "$WORK/body" -w '%{http_code}' -X POST -H "Authorization: Bearer $KO" -H "$J" \
    --data-binary @"$WORK/next.json" "$URL/api/v1/admin/eval/preview?samples=0")
expect_eq "preview ($(cat "$WORK/body"))" 200 "$CODE"
expect_eq "a preview stores nothing" 1 "$(sql "SELECT count(*) FROM eval_model")"
CODE=$(curl -s -o "$WORK/body" -w '%{http_code}' -X POST -H "Authorization: Bearer $KO" -H "$J" \
    --data-binary @"$WORK/next.json" "$URL/api/v1/admin/eval/models?from=2027-01-01")
expect_eq "model loaded ($(cat "$WORK/body"))" 201 "$CODE"
expect_eq "two models" 2 "$(sql "SELECT count(*) FROM eval_model")"

# ---- a destination off and on ----
api POST /api/v1/admin/exchange/destinations/hubei/disable
expect_eq "disabled ($BODY)" 200 "$CODE"
expect_eq "stored off" 0 "$(sql "SELECT enabled FROM exchange_dest WHERE name = 'hubei'")"
api POST /api/v1/admin/exchange/destinations/hubei/enable
expect_eq "enabled ($BODY)" 200 "$CODE"
expect_eq "stored on" 1 "$(sql "SELECT enabled FROM exchange_dest WHERE name = 'hubei'")"

# ---- a month closed, then reopened ----
api POST /api/v1/monitoring/months/2026-10/close
expect_eq "closed ($BODY)" 200 "$CODE"
api POST /api/v1/monitoring/months/2026-10/reopen '{"reason":"补录漏报数据"}'
expect_eq "reopened ($BODY)" 200 "$CODE"
expect_contains "open again" '"state":"open"' "$BODY"

# ---- maintenance ----
api POST /api/v1/admin/maintain
expect_eq "maintain ($BODY)" 200 "$CODE"

# ---- an account: password reset, two-step reset, disabled ----
api POST /api/v1/admin/accounts '{"name":"erin","role":"office","password":"correct-horse-battery-1"}'
expect_eq "account added ($BODY)" 201 "$CODE"
signin() { # NAME PASSWORD: the status of a sign-in
    curl -s -o /dev/null -w '%{http_code}' -H "$J" -d "{\"name\":\"$1\",\"password\":\"$2\"}" "$URL/api/v1/session"
}
expect_eq "signs in" 201 "$(signin erin correct-horse-battery-1)"
api PUT /api/v1/admin/accounts/erin/password '{"password":"staple-lamp-orbit-2"}'
expect_eq "password reset ($BODY)" 204 "$CODE"
expect_eq "old password refused" 401 "$(signin erin correct-horse-battery-1)"
expect_eq "new password" 201 "$(signin erin staple-lamp-orbit-2)"
api DELETE /api/v1/admin/accounts/erin/totp
expect_eq "two-step reset ($BODY)" 204 "$CODE"
api POST /api/v1/admin/accounts/erin/disable
expect_eq "disabled ($BODY)" 204 "$CODE"
expect_eq "a disabled account cannot sign in" 401 "$(signin erin staple-lamp-orbit-2)"
expect_eq "stored disabled" 1 "$(sql "SELECT count(*) FROM account WHERE name = 'erin' AND disabled_at IS NOT NULL")"

# ---- a department's subscription (subscriptions.sh tells the whole story; it imports 100,000 rows
# twice, too long on PostgreSQL until the COPY path) ----
AS=$KD api POST /api/v1/subscriptions '{"url":"http://127.0.0.1:9/hook"}'
expect_eq "subscribed ($BODY)" 201 "$CODE"
SUB=$(json_get "$BODY" id)
CODE=$(curl -s -o "$WORK/body" -w '%{http_code}' -X POST -H "Authorization: Bearer $KD" -H 'Content-Type: text/plain' \
    --data-binary '91110000600037341L' "$URL/api/v1/subscriptions/$SUB/subjects")
expect_eq "a code followed ($(cat "$WORK/body"))" 200 "$CODE"
expect_eq "stored" 1 "$(sql "SELECT count(*) FROM subscription_subject WHERE subscription_id = $SUB")"
AS=$KD api GET /api/v1/subscriptions
expect_eq "subscriptions listed" 200 "$CODE"
expect_contains "ours" "\"id\":$SUB" "$BODY"
AS=$KD api DELETE "/api/v1/subscriptions/$SUB"
expect_eq "ended ($BODY)" 200 "$CODE"
expect_eq "stored ended" 1 "$(sql "SELECT count(*) FROM subscription WHERE id = $SUB AND ended_at IS NOT NULL")"

stop_server "$SPID" main
run_xy 0 audit verify
echo "admin_routes: all checks passed"
