#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Subscriptions (docs/internals/SUBSCRIPTIONS.md): a bank holding a subject's grant and a department
# regulating it follow it; a webhook written in Python from the documented recipe checks every
# delivery's HMAC-SHA256 signature, refuses a replayed and a tampered one, and sees the
# notifications in order with no duplicate although its first answers fail (the sender retries).
# Each notification carries only what its subscriber may see: the bank the public penalty and the
# granted arrears, not the department's internal view; nothing reaches the bank after the subject
# revokes the grant, while the department still hears of the change. The subject sees who follows
# it in its access history. Bad codes are reported with their line and refuse the whole list;
# 100,000 codes are followed in one request, and one more is refused.
. "$(dirname "$0")/lib.sh.inc"
. "$(dirname "$0")/server.sh.inc"
D=$XY_TEST_DATA
DEPT=11230500001755309F
CO=91110000600037341L
BANK=91420100MA4K2X7C6G
RECV=$(dirname "$0")/webhook_receiver.py

run_xy 0 init
run_xy 0 dept add "$DEPT" 武汉市市场监督管理局
run_xy 0 dept add 11420100MB1514396X 武汉市财政局
run_xy 0 import --class penalty --dept "$DEPT" "$D/rights-penalty.csv"
run_xy 0 querier add "$BANK" 某商业银行武汉分行 --kind bank
key() { # key ARGS...: its text in KEY, its id in KEY_ID
    run_xy 0 key create "$@"
    KEY=$(printf '%s\n' "$OUT" | tail -n 1)
    KEY_ID=$(printf '%s\n' "$OUT" | sed -n 's/^created [a-z]* key \([0-9][0-9]*\).*/\1/p')
}
key --role querier --querier "$BANK" --name 某商业银行贷后系统
KQ=$KEY
key --role department --dept "$DEPT" --name 市场监管局监管系统
KD=$KEY
key --role department --dept 11420100MB1514396X --name 财政局系统
KF=$KEY
ID_F=$KEY_ID
key --role subject --subject "$CO" --name 信达科技
KS=$KEY

# 100,000 companies with a penalty each from the department: the subjects it regulates.
python3 - "$WORK/many.csv" "$WORK/codes.txt" "$D/rights-penalty.csv" <<'PY'
import sys
A = "0123456789ABCDEFGHJKLMNPQRTUWXY"
W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
def org(body):  # GB 11714 check character
    s = sum(int(c, 36) * w for c, w in zip(body, [3, 7, 9, 10, 5, 8, 4, 2]))
    c = 11 - s % 11
    return body + ("X" if c == 10 else "0" if c == 11 else str(c))
def uscc(i):  # GB 32100 check character
    b = "91420100" + org("7%07d" % i)
    c = 31 - sum(A.index(ch) * w for ch, w in zip(b, W)) % 31
    return b + A[0 if c == 31 else c]
head = open(sys.argv[3], encoding="utf-8").readline()
with open(sys.argv[1], "w", encoding="utf-8") as f, open(sys.argv[2], "w") as g:
    f.write(head)
    for i in range(100000):
        u = uscc(i)
        g.write(u + "\n")
        f.write("批量测试公司%d,02,%s,张三,,,,,批罚〔2026〕%d号,虚假宣传,发布虚假广告,《广告法》第五十五条,罚款,罚款1万元,1,2026-06-01,2026-06-30,,"
                "武汉市市场监督管理局,11230500001755309F,武汉市市场监督管理局,11230500001755309F,2,1\n" % (i, u, i))
PY
run_xy 0 import --class penalty --dept "$DEPT" "$WORK/many.csv"

mkdir -p "$WORK/hook"
echo '{}' >"$WORK/hook/secrets.json"
python3 "$RECV" serve "$WORK/hook" --fail-first 2 --quiet 2>"$WORK/hook.err" &
PIDS="$PIDS $!"
for _ in $(seq 1 200); do [ -s "$WORK/hook/port" ] && break; sleep 0.05; done
HOOK=http://127.0.0.1:$(cat "$WORK/hook/port")

start_server subs
api() { # api METHOD PATH KEY [BODY [TYPE]]: CODE and BODY of the answer
    if [ $# -ge 4 ]; then
        CODE=$(curl -s -o "$WORK/body" -w '%{http_code}' -X "$1" -H "Authorization: Bearer $3" \
            -H "Content-Type: ${5:-application/json}" --data-binary "$4" "$URL$2")
    else
        CODE=$(curl -s -o "$WORK/body" -w '%{http_code}' -X "$1" -H "Authorization: Bearer $3" "$URL$2")
    fi
    BODY=$(cat "$WORK/body")
}

# ---- 100,000 codes in one request; one more is too many; a bad line is named ----
api POST /api/v1/subscriptions "$KD" "{\"url\":\"$HOOK/many\"}"
SM=$(json_get "$BODY" id)
post_codes() { # post_codes FILE: the department's list for subscription SM; CODE
    CODE=$(curl -s -o "$WORK/body" -w '%{http_code}' -X POST -H "Authorization: Bearer $KD" \
        -H 'Content-Type: text/plain' --data-binary "@$1" "$URL/api/v1/subscriptions/$SM/subjects") ||
        fail "no answer to a list of codes (curl $?): $(server_log subs)"
}
sed '50000s/.$/0/' "$WORK/codes.txt" >"$WORK/codes-bad.txt"
if cmp -s "$WORK/codes.txt" "$WORK/codes-bad.txt"; then sed -i '50000s/.$/1/' "$WORK/codes-bad.txt"; fi
post_codes "$WORK/codes-bad.txt"
expect_eq "one bad code among 100,000" 400 "$CODE"
expect_contains "named by its line" '"line":50000' "$(cat "$WORK/body")"
expect_contains "only it" '"bad_lines":1' "$(cat "$WORK/body")"
post_codes "$WORK/codes.txt"
expect_eq "100,000 codes in one request" 200 "$CODE"
expect_contains "all followed" '"added":100000' "$(cat "$WORK/body")"
expect_eq "stored" 100000 "$(sql "SELECT count(*) FROM subscription_subject WHERE subscription_id = $SM")"
{ cat "$WORK/codes.txt"; echo "$CO"; } >"$WORK/codes-over.txt"
post_codes "$WORK/codes-over.txt"
expect_eq "100,001 codes are too many" 413 "$CODE"

# ---- the bank: only under a grant ----
api POST /api/v1/subscriptions "$KQ" "{\"url\":\"$HOOK/bank\"}"
expect_eq "a querier subscribes" 201 "$CODE"
SQ=$(json_get "$BODY" id)
SECRET_Q=$(json_get "$BODY" secret)
expect_contains "the secret is shown at creation" whsec_ "$SECRET_Q"
api GET /api/v1/subscriptions "$KQ"
case "$BODY" in *whsec_*|*"${SECRET_Q#whsec_}"*) fail "the secret is listed again: $BODY" ;; esac
api POST "/api/v1/subscriptions/$SQ/subjects" "$KQ" "$CO" text/plain
expect_eq "no grant yet: refused" 400 "$CODE"
expect_contains "the line and why" '"line":1' "$BODY"
expect_contains "the line and why" "no grant in force" "$BODY"
api POST /api/v1/grants "$KS" "{\"querier\":\"$BANK\",\"classes\":[\"arrears\"],\"purpose\":\"贷后管理\",\"until\":\"2027-05-31\"}"
expect_eq "the subject grants" 201 "$CODE"
GRANT=$(json_get "$BODY" id)
BADCODE=${CO%?}X
api POST "/api/v1/subscriptions/$SQ/subjects" "$KQ" "$(printf '%s\n\n%s\n91420100MA4N56789E\n' "$CO" "$BADCODE")" text/plain
expect_eq "bad lines refuse the list" 400 "$CODE"
expect_contains "line 3: check character" '"line":3' "$BODY"
expect_contains "line 3: check character" "check character" "$BODY"
expect_contains "line 4: no such subject" '"line":4' "$BODY"
expect_eq "nothing followed" 0 "$(sql "SELECT count(*) FROM subscription_subject WHERE subscription_id = $SQ")"
api POST "/api/v1/subscriptions/$SQ/subjects" "$KQ" "$CO" text/plain
expect_eq "one code followed" 200 "$CODE"
expect_contains "added" '"added":1' "$BODY"
printf '{"%s":"%s"}' "$SQ" "$SECRET_Q" >"$WORK/hook/secrets.json"

# ---- the department: the subjects it regulates ----
api POST /api/v1/subscriptions "$KD" "{\"url\":\"$HOOK/dept\"}"
expect_eq "a department subscribes" 201 "$CODE"
SD=$(json_get "$BODY" id)
SECRET_D=$(json_get "$BODY" secret)
api POST /api/v1/subscriptions "$KF" "{\"url\":\"$HOOK/finance\"}"
SF=$(json_get "$BODY" id)
api POST "/api/v1/subscriptions/$SF/subjects" "$KF" "$CO" text/plain
expect_eq "a subject a department has no record of is refused" 400 "$CODE"
expect_contains "why" "regulates" "$BODY"
api POST "/api/v1/subscriptions/$SD/subjects" "$KD" "$CO" text/plain
expect_eq "a subject it regulates" 200 "$CODE"
printf '{"%s":"%s","%s":"%s"}' "$SQ" "$SECRET_Q" "$SD" "$SECRET_D" >"$WORK/hook/secrets.json"

# ---- the subject sees who follows it ----
api GET /api/v1/me/access "$KS"
expect_contains "the bank follows, under its grant" "\"object\":\"subscription/$SQ\"" "$BODY"
expect_contains "named" 某商业银行贷后系统 "$BODY"
expect_contains "the department follows" "\"object\":\"subscription/$SD\"" "$BODY"

# ---- changes: a penalty (public), arrears (granted to the bank), another company's penalty ----
run_xy 0 import --class arrears --dept "$DEPT" "$D/rights-arrears.csv"
sed -n 1p "$D/rights-penalty.csv" >"$WORK/p2.csv"
sed -n 2p "$D/rights-penalty.csv" | sed 's/权罚〔2025〕1号/权罚〔2026〕99号/' >>"$WORK/p2.csv"
run_xy 0 import --class penalty --dept "$DEPT" "$WORK/p2.csv"
run_xy 0 import --class penalty --dept "$DEPT" "$WORK/many.csv" # a resend: unchanged, no change entry
# backlog_of ID JSON: the backlog of subscription ID in a listing (a key may hold several: the
# department's SM follows 100,000 other companies, so its sender passes these changes at once and
# its 0 says nothing of SD's).
backlog_of() {
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
wait_idle "$SQ" "$KQ"
wait_idle "$SD" "$KD"
NQ=$(wc -l <"$WORK/hook/notes-$SQ.jsonl")
expect_eq "the bank hears of the arrears and the penalty" 2 "$NQ"
grep -q '"class": "arrears".*' "$WORK/hook/notes-$SQ.jsonl" || fail "no arrears: $(cat "$WORK/hook/notes-$SQ.jsonl")"
grep '"class": "arrears"' "$WORK/hook/notes-$SQ.jsonl" | grep -q "\"basis\": \"grant\", .*\"grant\": $GRANT" ||
    fail "the arrears is not under the grant: $(cat "$WORK/hook/notes-$SQ.jsonl")"
grep '"class": "penalty"' "$WORK/hook/notes-$SQ.jsonl" | grep -q '"basis": "public"' ||
    fail "the penalty is not public: $(cat "$WORK/hook/notes-$SQ.jsonl")"
grep -q '权罚〔2026〕99号' "$WORK/hook/notes-$SQ.jsonl" || fail "the evidence names the record"
grep -q '"version": 1' "$WORK/hook/notes-$SQ.jsonl" || fail "the evidence names the version"
grep -q '"CF_FR_ZJHM"\|"legal_rep_id"' "$WORK/hook/notes-$SQ.jsonl" && fail "a hidden field reached the bank"
grep -q '批量测试公司' "$WORK/hook/notes-$SQ.jsonl" && fail "another company's record reached the bank"
expect_eq "the department: its own records, internal view" 2 "$(grep -c '"basis": "own_records"' "$WORK/hook/notes-$SD.jsonl")"
STATS=$(cat "$WORK/hook/stats.json")
expect_contains "the first answers failed and were retried" '"failed_on_purpose": 2' "$STATS"
expect_contains "no signature refused" '"refused_signature": 0' "$STATS"
expect_contains "in order" '"out_of_order": 0' "$STATS"
expect_contains "no duplicate" '"duplicates": 0' "$STATS"
expect_contains "the reads under the grant are in the history" "变动通知" "$(sql "SELECT $(sql_agg purpose ,) FROM subject_access WHERE grant_id = $GRANT")"

# ---- replayed and tampered deliveries are refused by the recipe ----
LAST=$(ls "$WORK/hook/raw" | sort -n | tail -n 1)
expect_eq "a replay is refused" 409 "$(python3 "$RECV" replay "$WORK/hook/raw/$LAST" "$HOOK")"
expect_eq "a tampered body is refused" 401 "$(python3 "$RECV" tamper "$WORK/hook/raw/$LAST" "$HOOK")"

# ---- the grant ends: nothing more reaches the bank; the department still hears ----
api DELETE "/api/v1/grants/$GRANT" "$KS"
expect_eq "revoked" 200 "$CODE"
sed -n 1p "$D/rights-penalty.csv" >"$WORK/p3.csv"
sed -n 2p "$D/rights-penalty.csv" | sed 's/权罚〔2025〕1号/权罚〔2026〕100号/' >>"$WORK/p3.csv"
run_xy 0 import --class penalty --dept "$DEPT" "$WORK/p3.csv"
run_xy 0 import --class arrears --dept "$DEPT" "$D/rights-arrears.csv" # unchanged
wait_idle "$SD" "$KD"
wait_idle "$SQ" "$KQ"
grep -q '权罚〔2026〕100号' "$WORK/hook/notes-$SD.jsonl" || fail "the department did not hear of the new penalty"
expect_eq "nothing more reached the bank" "$NQ" "$(wc -l <"$WORK/hook/notes-$SQ.jsonl")"
api POST "/api/v1/subscriptions/$SQ/subjects" "$KQ" "$CO" text/plain
expect_eq "without a grant the bank cannot follow again" 400 "$CODE"
api POST /api/v1/grants "$KS" "{\"querier\":\"$BANK\",\"classes\":[\"arrears\"],\"purpose\":\"续贷\",\"until\":\"2027-06-30\"}"
GRANT2=$(json_get "$BODY" id)
api POST "/api/v1/subscriptions/$SQ/subjects" "$KQ" "$CO" text/plain
expect_contains "under a new grant it follows again" '"added":1' "$BODY"
expect_eq "the follow rests on the new grant" "$GRANT2" "$(sql "SELECT consent_id FROM subscription_subject WHERE subscription_id = $SQ")"
api POST "/api/v1/subscriptions/$SQ/subjects" "$KQ" "$CO" text/plain
expect_contains "once" '"already":1' "$BODY"
sed -n 1p "$D/rights-penalty.csv" >"$WORK/p4.csv"
sed -n 2p "$D/rights-penalty.csv" | sed 's/权罚〔2025〕1号/权罚〔2026〕101号/' >>"$WORK/p4.csv"
run_xy 0 import --class penalty --dept "$DEPT" "$WORK/p4.csv"
wait_idle "$SQ" "$KQ"
grep -q '权罚〔2026〕101号' "$WORK/hook/notes-$SQ.jsonl" || fail "the renewed follow hears nothing"
grep -q '权罚〔2026〕100号' "$WORK/hook/notes-$SQ.jsonl" && fail "a change made without a grant reached the bank"

# ---- ending: by the subscriber, or with its key ----
run_xy 0 key revoke "$ID_F"
for _ in $(seq 1 100); do
    [ "$(sql "SELECT ended_reason FROM subscription WHERE id = $SF")" = key_revoked ] && break
    sleep 0.1
done
expect_eq "a revoked key's subscription ends" key_revoked "$(sql "SELECT ended_reason FROM subscription WHERE id = $SF")"
api DELETE "/api/v1/subscriptions/$SQ" "$KD"
expect_eq "not another's" 404 "$CODE"
api DELETE "/api/v1/subscriptions/$SQ" "$KQ"
expect_eq "the bank ends its own" 200 "$CODE"
stop_server "$SPID" subs

# ---- the backlog at each step, no sender running (explicit steps: `subscription run`) ----
# A subscription's backlog is the changes its sender has not yet looked at: right before any
# sender looks, after one subscription's sender passed them and before the other's delivered.
sed -n 1p "$D/rights-penalty.csv" >"$WORK/p5.csv"
sed -n 2p "$D/rights-penalty.csv" | sed 's/权罚〔2025〕1号/权罚〔2026〕102号/' >>"$WORK/p5.csv"
run_xy 0 import --class penalty --dept "$DEPT" "$WORK/p5.csv"
run_xy 0 subscription list --json
expect_eq "before any sender looked: SD" 1 "$(backlog_of "$SD" "{\"items\":$OUT}")"
expect_eq "before any sender looked: SM" 1 "$(backlog_of "$SM" "{\"items\":$OUT}")"
run_xy 0 subscription run "$SM"
run_xy 0 subscription list --json
expect_eq "SM passed a change that holds nothing for it" 0 "$(backlog_of "$SM" "{\"items\":$OUT}")"
expect_eq "SD still has it" 1 "$(backlog_of "$SD" "{\"items\":$OUT}")"
grep -q '权罚〔2026〕102号' "$WORK/hook/notes-$SD.jsonl" && fail "delivered before its sender ran"
run_xy 0 subscription run "$SD"
run_xy 0 subscription list --json
expect_eq "SD delivered" 0 "$(backlog_of "$SD" "{\"items\":$OUT}")"
grep -q '权罚〔2026〕102号' "$WORK/hook/notes-$SD.jsonl" || fail "the department did not hear of 102号"

# ---- the command line: the same use cases ----
run_xy 0 subscription list
expect_contains "the listing shows the ended subscription" "$SQ  key" "$OUT"
printf '%s\n%s\n' "$CO" "$BADCODE" >"$WORK/cli-codes.txt"
run_xy 1 subscription follow "$SD" "$WORK/cli-codes.txt"
expect_contains "a bad line named on the command line" "line 2: $BADCODE" "$ERR"
run_xy 0 subscription add --key 1 http://127.0.0.1:9/none
expect_contains "the secret printed once" whsec_ "$OUT"
echo "subscriptions: ok"
