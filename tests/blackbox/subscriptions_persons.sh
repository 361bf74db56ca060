#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Subscriptions that follow a person (docs/internals/SUBSCRIPTIONS.md, "Following persons"): a bank
# holding the person's grant and the department that penalised the person follow the person by
# resident ID number. The number is looked up by its keyed hash and kept nowhere in clear: not in
# the database files, not in an answer (the follow answers the person's public id and the masked
# number), not in a notification, not in a refused line (masked). Without a grant, and for a
# number the platform does not hold, the bank gets one and the same refusal (no oracle of whom the
# platform holds). Delivery is the companies' webhook; the person sees both followers in its access
# history; after the person revokes the grant nothing more reaches the bank while the department
# still hears.
. "$(dirname "$0")/lib.sh.inc"
. "$(dirname "$0")/server.sh.inc"
D=$XY_TEST_DATA
DEPT=11230500001755309F
BANK=91420100MA4K2X7C6G
RIC=360426199101010071
RECV=$(dirname "$0")/webhook_receiver.py
# Another valid number the platform does not hold.
RIC2=$(python3 -c 'b = "42010219900307123"
w = [2 ** (17 - i) % 11 for i in range(17)]
print(b + "10X98765432"[sum(int(c) * x for c, x in zip(b, w)) % 11])')
MASKED=${RIC:0:4}**********${RIC: -4}

head -n 1 "$D/penalty-good.csv" >"$WORK/p1.csv"
penalty_row() { # penalty_row DOC-NO: a penalty of the person, public today
    echo "李明,自然人,,,,01,$RIC,$1,违规经营,当事人违规销售,《食品安全法》第一百二十二条,罚款,罚款1000元,0.1,2026-11-01,2026-11-30,武汉市市场监督管理局,$DEPT,武汉市市场监督管理局,$DEPT,,"
}
penalty_row '武市监罚〔2026〕201号' >>"$WORK/p1.csv"
run_xy 0 init
run_xy 0 dept add "$DEPT" 武汉市市场监督管理局
run_xy 0 import --class penalty --dept "$DEPT" "$WORK/p1.csv"
run_xy 0 querier add "$BANK" 某商业银行武汉分行 --kind bank
key() {
    run_xy 0 key create "$@"
    KEY=$(printf '%s\n' "$OUT" | tail -n 1)
}
key --role querier --querier "$BANK" --name 某商业银行贷后系统
KQ=$KEY
key --role department --dept "$DEPT" --name 市场监管局监管系统
KD=$KEY
key --role subject --subject "$RIC" --name 李明
KP=$KEY

mkdir -p "$WORK/hook"
echo '{}' >"$WORK/hook/secrets.json"
python3 "$RECV" serve "$WORK/hook" --quiet 2>"$WORK/hook.err" &
PIDS="$PIDS $!"
for _ in $(seq 1 200); do [ -s "$WORK/hook/port" ] && break; sleep 0.05; done
HOOK=http://127.0.0.1:$(cat "$WORK/hook/port")
start_server persons
api() { # api METHOD PATH KEY [BODY [TYPE]]: CODE and BODY of the answer
    if [ $# -ge 4 ]; then
        CODE=$(curl -s -o "$WORK/body" -w '%{http_code}' -X "$1" -H "Authorization: Bearer $3" \
            -H "Content-Type: ${5:-application/json}" --data-binary "$4" "$URL$2")
    else
        CODE=$(curl -s -o "$WORK/body" -w '%{http_code}' -X "$1" -H "Authorization: Bearer $3" "$URL$2")
    fi
    BODY=$(cat "$WORK/body")
    case "$BODY" in *"$RIC"*) fail "an answer holds the ID number in clear: $BODY" ;; esac
}
backlog_of() { # backlog_of ID JSON
    printf '%s' "$2" | python3 -c 'import json, sys
print(next(s["backlog"] for s in json.load(sys.stdin)["items"] if s["id"] == int(sys.argv[1])))' "$1"
}
wait_idle() { # wait_idle ID KEY: until that subscription has nothing left
    for _ in $(seq 1 400); do
        api GET /api/v1/subscriptions "$2"
        [ "$(backlog_of "$1" "$BODY")" = 0 ] && return 0
        sleep 0.1
    done
    fail "subscription $1 never caught up: $BODY"
}

# ---- the bank: only under the person's grant; no oracle ----
api POST /api/v1/subscriptions "$KQ" "{\"url\":\"$HOOK/bank\"}"
SQ=$(json_get "$BODY" id)
SECRET_Q=$(json_get "$BODY" secret)
api POST "/api/v1/subscriptions/$SQ/subjects" "$KQ" "$(printf '%s\n%s\n' "$RIC" "$RIC2")" text/plain
expect_eq "no grant yet: refused" 400 "$CODE"
expect_contains "the number masked in the refusal" "\"code\":\"$MASKED\"" "$BODY"
reasons=$(printf '%s' "$BODY" | python3 -c 'import json, sys; print(len({b["reason"] for b in json.load(sys.stdin)["bad"]}))')
expect_eq "a person without a grant and one the platform lacks: one answer" 1 "$reasons"
api POST "/api/v1/subscriptions/$SQ/subjects" "$KQ" "${RIC:0:17}0" text/plain
expect_eq "a check digit off" 400 "$CODE"
expect_contains "named" "check character" "$BODY"
expect_contains "masked" "${RIC:0:4}**********" "$BODY"
api POST /api/v1/grants "$KP" "{\"querier\":\"$BANK\",\"classes\":[\"arrears\"],\"purpose\":\"贷后管理\",\"until\":\"2027-05-31\"}"
expect_eq "the person grants: $BODY" 201 "$CODE"
GRANT=$(json_get "$BODY" id)
api POST "/api/v1/subscriptions/$SQ/subjects" "$KQ" "$RIC" text/plain
expect_eq "followed under the grant" 200 "$CODE"
expect_contains "added" '"added":1' "$BODY"
expect_contains "the masked number" "\"id_masked\":\"$MASKED\"" "$BODY"
PID_=$(printf '%s' "$BODY" | python3 -c 'import json, sys; print(json.load(sys.stdin)["persons"][0]["subject"])')
expect_eq "the person's public id" "$(sql "SELECT opaque FROM subject WHERE id_masked = '$MASKED'")" "$PID_"
expect_eq "the follow rests on the grant" "$GRANT" "$(sql "SELECT consent_id FROM subscription_subject WHERE subscription_id = $SQ")"

# ---- the department: the person it penalised; not another ----
api POST /api/v1/subscriptions "$KD" "{\"url\":\"$HOOK/dept\"}"
SD=$(json_get "$BODY" id)
SECRET_D=$(json_get "$BODY" secret)
api POST "/api/v1/subscriptions/$SD/subjects" "$KD" "$RIC2" text/plain
expect_eq "a person it has no record of" 400 "$CODE"
expect_contains "why" "regulates" "$BODY"
api POST "/api/v1/subscriptions/$SD/subjects" "$KD" "$RIC" text/plain
expect_eq "a person it regulates" 200 "$CODE"
printf '{"%s":"%s","%s":"%s"}' "$SQ" "$SECRET_Q" "$SD" "$SECRET_D" >"$WORK/hook/secrets.json"

# ---- the person sees who follows it ----
api GET /api/v1/me/access "$KP"
expect_contains "the bank follows, under its grant" "\"object\":\"subscription/$SQ\"" "$BODY"
expect_contains "named" 某商业银行贷后系统 "$BODY"
expect_contains "the department follows" "\"object\":\"subscription/$SD\"" "$BODY"

# ---- a change: both hear, the person named by public id and masked number only ----
head -n 1 "$D/penalty-good.csv" >"$WORK/p2.csv"
penalty_row '武市监罚〔2026〕202号' >>"$WORK/p2.csv"
run_xy 0 import --class penalty --dept "$DEPT" "$WORK/p2.csv"
printf 'QJ_XDR_MC,QJ_XDR_LB,QJ_XDR_ZJLX,QJ_XDR_ZJHM,QJ_BH,QJ_XM,QJ_JE,QJ_QSRQ,QJ_RDRQ,QJ_RDBM,QJ_RDBMDM\n李明,01,01,%s,权欠〔2026〕201号,城乡居民基本养老保险费,0.5,2026-03-01,2026-11-01,武汉市市场监督管理局,%s\n' \
    "$RIC" "$DEPT" >"$WORK/a2.csv"
run_xy 0 import --class arrears --dept "$DEPT" "$WORK/a2.csv"
wait_idle "$SQ" "$KQ"
wait_idle "$SD" "$KD"
grep -q '武市监罚〔2026〕202号' "$WORK/hook/notes-$SQ.jsonl" || fail "the bank did not hear"
grep -q '武市监罚〔2026〕202号' "$WORK/hook/notes-$SD.jsonl" || fail "the department did not hear"
grep "\"id\": \"$PID_\"" "$WORK/hook/notes-$SQ.jsonl" | grep -qF "\"id_masked\": \"$MASKED\"" ||
    fail "the notification does not name the person: $(cat "$WORK/hook/notes-$SQ.jsonl")"
grep '"class": "arrears"' "$WORK/hook/notes-$SQ.jsonl" | grep -q "\"basis\": \"grant\", .*\"grant\": $GRANT" ||
    fail "the arrears is not under the grant: $(cat "$WORK/hook/notes-$SQ.jsonl")"
grep '"class": "penalty"' "$WORK/hook/notes-$SQ.jsonl" | grep -q '"basis": "public"' || fail "the penalty is public"
grep -q '"basis": "own_records"' "$WORK/hook/notes-$SD.jsonl" || fail "the department's own record"
expect_contains "the delivery read is in the person's history" "变动通知" \
    "$(sql "SELECT group_concat(purpose) FROM subject_access WHERE grant_id = $GRANT")"

# ---- /metrics: each subscription in force by id (no URL, no subscriber) ----
M=$(curl -s "$URL/metrics")
expect_contains "backlog by id" "xinyong_subscription_backlog{subscription=\"$SQ\"} 0" "$M"
expect_contains "delivered" "xinyong_subscription_delivered{subscription=\"$SQ\"} 2" "$M"
expect_contains "subjects" "xinyong_subscription_subjects{subscription=\"$SD\"} 1" "$M"
case "$M" in *"$HOOK"*) fail "/metrics shows a webhook's URL" ;; esac

# ---- the grant ends: nothing more reaches the bank; the department still hears ----
api DELETE "/api/v1/grants/$GRANT" "$KP"
expect_eq "revoked" 200 "$CODE"
head -n 1 "$D/penalty-good.csv" >"$WORK/p3.csv"
penalty_row '武市监罚〔2026〕203号' >>"$WORK/p3.csv"
run_xy 0 import --class penalty --dept "$DEPT" "$WORK/p3.csv"
wait_idle "$SD" "$KD"
wait_idle "$SQ" "$KQ"
grep -q '武市监罚〔2026〕203号' "$WORK/hook/notes-$SD.jsonl" || fail "the department did not hear of 203号"
grep -q '武市监罚〔2026〕203号' "$WORK/hook/notes-$SQ.jsonl" && fail "a change after the revocation reached the bank"
api POST "/api/v1/subscriptions/$SQ/subjects" "$KQ" "$RIC" text/plain
expect_eq "without a grant the bank cannot follow again" 400 "$CODE"

# ---- the command line: masked too ----
printf '%s\n' "$RIC" >"$WORK/cli.txt"
run_xy 0 subscription follow "$SD" "$WORK/cli.txt"
case "$OUT$ERR" in *"$RIC"*) fail "the command line printed the number: $OUT $ERR" ;; esac
printf '%s\n' "${RIC:0:17}0" >"$WORK/cli-bad.txt"
run_xy 1 subscription follow "$SD" "$WORK/cli-bad.txt"
expect_contains "a bad number masked" "line 1: ${RIC:0:4}**********" "$ERR"
stop_server "$SPID" persons

# ---- the number in clear nowhere: the database's files, the notifications, the server's log ----
for f in "$XINYONG_DB" "$XINYONG_DB-wal" "$WORK/hook"/*.jsonl "$WORK/hook"/raw/* "$WORK/persons.err" "$WORK/persons.out"; do
    [ -f "$f" ] || continue
    ! grep -aq "$RIC" "$f" || fail "$f holds the ID number in clear"
done
echo "subscriptions_persons: ok"
