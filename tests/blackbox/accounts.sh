#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Staff accounts end to end: created by the CLI (password on stdin, never argv), signed in over HTTP
# with curl's cookie jar, CSRF refused and accepted, TOTP enrolment and sign-in with oathtool's codes
# (and a code used twice refused), sign-out and a replayed cookie refused, throttling after failures
# alike for known and unknown names, the audit log and the access log naming the person, no password
# in any log, own password change, the office's disable and resets, and the trusted proxy honoured
# only from a listed peer.
. "$(dirname "$0")/lib.sh.inc"
. "$(dirname "$0")/server.sh.inc"
command -v oathtool >/dev/null || fail "oathtool is missing (scripts/install-deps installs it)"
DEPT=11230500001755309F
PW_ALICE='alice-Pass-7431'
PW_BOB='bob-Secret-9902'
PW_DAVE='dave-Word-3141'
PW_DAVE2='dave-Changed-5518'
PW_CAROL='carol-Word-2280'
PW_WRONG='wrong-Guess-0001'

run_xy 0 init
run_xy 0 dept add "$DEPT" 武汉市市场监督管理局

# ---- the CLI ----
run_xy 0 account --help
expect_contains "help" "usage: xinyong account add" "$OUT"
run_xy 2 account add alice --role office --password "$PW_ALICE" </dev/null
printf '%s\n' "$PW_ALICE" >"$WORK/pw"
run_xy 0 account add alice --role office <"$WORK/pw"
expect_contains "add" "created office account alice" "$OUT"
printf '%s\n' "$PW_BOB" >"$WORK/pw"
run_xy 0 account add bob --role department --dept "$DEPT" <"$WORK/pw"
run_xy 1 account add bob --role office <"$WORK/pw"
expect_contains "name taken" "taken" "$ERR"
run_xy 1 account add eve --role department <"$WORK/pw"
expect_contains "department needs --dept" "--dept" "$ERR"
run_xy 1 account add eve --role approval <"$WORK/pw"
run_xy 1 account add Eve --role office <"$WORK/pw"
printf 'short\n' >"$WORK/short"
run_xy 1 account add eve --role office <"$WORK/short"
expect_contains "short password" "10" "$ERR"
run_xy 0 account list
expect_contains "list" "department $DEPT" "$OUT"
case "$OUT" in *argon2*) fail "a hash in the list: $OUT" ;; esac
expect_eq "stored hash is argon2id" "1" "$(sql "SELECT count(*) FROM account WHERE name = 'alice' AND pw_hash LIKE '\$argon2id\$%'")"
OFFICE_KEY=$("$XY" key create --role office --name 信用办机器 | tail -n 1)
AUDITOR_KEY=$("$XY" key create --role auditor | tail -n 1)

# ---- the server, behind a trusted proxy at 127.0.0.1 (curl plays the proxy with X-Forwarded-For) ----
unset XY_TODAY # TOTP codes are computed by oathtool from the real time
start_server s1 --trusted-proxy 127.0.0.1 --access-log "$WORK/access.log"
J='Content-Type: application/json'

# signin JAR NAME PASSWORD [CODE] [CLIENT]: POST /api/v1/session; the status in $CODE_, body in $BODY.
signin() {
    local body
    if [ -n "${4:-}" ]; then
        body=$(printf '{"name":"%s","password":"%s","totp":"%s"}' "$2" "$3" "$4")
    else
        body=$(printf '{"name":"%s","password":"%s"}' "$2" "$3")
    fi
    CODE_=$(curl -s -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' -c "$1" -H "$J" \
        -H "X-Forwarded-For: ${5:-192.0.2.10}" -d "$body" "$URL/api/v1/session")
    BODY=$(cat "$WORK/body")
}

signin "$WORK/a.jar" alice "$PW_WRONG"
expect_eq "wrong password" 401 "$CODE_"
expect_contains "one message" "wrong account name, password or code" "$BODY"
signin "$WORK/nobody.jar" nobody "$PW_WRONG"
expect_eq "unknown name" 401 "$CODE_"
expect_contains "the same message for an unknown name" "wrong account name, password or code" "$BODY"
signin "$WORK/a.jar" alice "$PW_ALICE"
expect_eq "sign in" 201 "$CODE_"
expect_contains "role" '"role":"office"' "$BODY"
CSRF_A=$(json_get "$BODY" csrf)
expect_eq "csrf length" 32 "${#CSRF_A}"
COOKIE=$(grep -i '^set-cookie:' "$WORK/headers" | tr -d '\r')
expect_contains "HttpOnly" "HttpOnly" "$COOKIE"
expect_contains "SameSite" "SameSite=Strict" "$COOKIE"
case "$COOKIE" in *Secure*) fail "Secure over plain http: $COOKIE" ;; esac
TOKEN_A=$(awk '$6 == "xy_session" {print $7}' "$WORK/a.jar")
expect_eq "token length" 64 "${#TOKEN_A}"
sql_dump >"$WORK/dump.txt"
expect_eq "only the hash of the token is stored" 0 "$(grep -c "$TOKEN_A" "$WORK/dump.txt" || true)"

# Secure when the proxy says the request came over https.
CODE_=$(curl -s -o /dev/null -D "$WORK/h2" -w '%{http_code}' -H "$J" -H 'X-Forwarded-Proto: https' \
    -d "{\"name\":\"alice\",\"password\":\"$PW_ALICE\"}" "$URL/api/v1/session")
expect_eq "sign in over https" 201 "$CODE_"
expect_contains "Secure behind TLS" "Secure" "$(grep -i '^set-cookie:' "$WORK/h2")"

# who am I, with the cookie; the CSRF token again for a reloaded console.
GOT=$(curl -s -b "$WORK/a.jar" "$URL/api/v1/session")
expect_contains "session" '"name":"alice"' "$GOT"
expect_eq "same csrf" "$CSRF_A" "$(json_get "$GOT" csrf)"
GOT=$(curl -s -b "$WORK/a.jar" "$URL/api/v1/me")
expect_contains "me names the person" '"name":"alice"' "$GOT"

# A state-changing request with the cookie: refused without the token, with another session's token,
# accepted with its own.
signin "$WORK/b.jar" bob "$PW_BOB"
expect_eq "bob signs in" 201 "$CODE_"
CSRF_B=$(json_get "$BODY" csrf)
NEW="{\"name\":\"carol\",\"role\":\"office\",\"password\":\"$PW_CAROL\"}"
CODE_=$(curl -s -o "$WORK/body" -w '%{http_code}' -b "$WORK/a.jar" -H "$J" -d "$NEW" "$URL/api/v1/admin/accounts")
expect_eq "no CSRF token" 403 "$CODE_"
expect_contains "says why" "X-CSRF-Token" "$(cat "$WORK/body")"
CODE_=$(curl -s -o /dev/null -w '%{http_code}' -b "$WORK/a.jar" -H "$J" -H "X-CSRF-Token: $CSRF_B" -d "$NEW" \
    "$URL/api/v1/admin/accounts")
expect_eq "another session's CSRF token" 403 "$CODE_"
CODE_=$(curl -s -o /dev/null -w '%{http_code}' -b "$WORK/b.jar" -H "$J" -H "X-CSRF-Token: $CSRF_B" -d "$NEW" \
    "$URL/api/v1/admin/accounts")
expect_eq "a department clerk may not manage accounts" 403 "$CODE_"
CODE_=$(curl -s -o "$WORK/body" -w '%{http_code}' -b "$WORK/a.jar" -H "$J" -H "X-CSRF-Token: $CSRF_A" -d "$NEW" \
    -H 'X-Forwarded-For: 10.1.2.3, 192.0.2.10, 127.0.0.1' "$URL/api/v1/admin/accounts")
expect_eq "with its own CSRF token" 201 "$CODE_"
# Machines keep their keys, with no CSRF token.
CODE_=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $OFFICE_KEY" -H "$J" \
    -d "{\"name\":\"dave\",\"role\":\"auditor\",\"password\":\"$PW_DAVE\"}" "$URL/api/v1/admin/accounts")
expect_eq "a key needs no CSRF token" 201 "$CODE_"
GOT=$(curl -s -H "Authorization: Bearer $OFFICE_KEY" "$URL/api/v1/admin/accounts")
expect_contains "list" '"name":"carol"' "$GOT"

# The audit log names the person who acted in a session, and the key that acted as a key.
AUDIT=$(curl -s -H "Authorization: Bearer $AUDITOR_KEY" "$URL/api/v1/audit?limit=100")
expect_contains "audit names alice" '"name":"alice","role":"office","action":"account.create","object":"account/carol"' "$AUDIT"
expect_contains "audit names the key" '"name":"信用办机器","role":"office","action":"account.create","object":"account/dave"' "$AUDIT"
expect_contains "refusals audited" '"action":"session.refused","object":"account/alice"' "$AUDIT"
expect_contains "unknown names not written" '"action":"session.refused","object":"account/(unknown)"' "$AUDIT"
# Lines reach a log file within a second (kept per worker thread until then): wait for it, 5 s at most.
for i in $(seq 1 100); do
    grep -q '"route":"/api/v1/admin/accounts","status":201,.*"account":"alice"' "$WORK/access.log" && break
    sleep 0.05
done
grep -q '"route":"/api/v1/admin/accounts","status":201,.*"account":"alice","client":"192.0.2.10"' "$WORK/access.log" ||
    fail "the access log names alice and the client the proxy gave: $(tail -n 5 "$WORK/access.log")"

# ---- TOTP: enrol, confirm with oathtool's code, then sign-in needs a code, once each ----
CODE_=$(curl -s -o "$WORK/body" -w '%{http_code}' -b "$WORK/a.jar" -X POST "$URL/api/v1/session/totp")
expect_eq "enrol without CSRF" 403 "$CODE_"
CODE_=$(curl -s -o "$WORK/body" -w '%{http_code}' -b "$WORK/a.jar" -H "X-CSRF-Token: $CSRF_A" -X POST \
    "$URL/api/v1/session/totp")
expect_eq "enrol" 201 "$CODE_"
URI=$(json_get "$(cat "$WORK/body")" uri)
expect_contains "otpauth" "otpauth://totp/xinyong:alice?secret=" "$URI"
SECRET=$(printf '%s' "$URI" | sed 's/.*secret=\([A-Z2-7]*\).*/\1/')
sql_dump >"$WORK/dump.txt"
expect_eq "secret sealed at rest" 0 "$(grep -c "$SECRET" "$WORK/dump.txt" || true)"
CODE_=$(curl -s -o /dev/null -w '%{http_code}' -b "$WORK/a.jar" -H "X-CSRF-Token: $CSRF_A" -H "$J" \
    -d '{"code":"000000"}' "$URL/api/v1/session/totp/confirm")
[ "$CODE_" = 403 ] || [ "$(oathtool --totp -b "$SECRET")" = 000000 ] || fail "a wrong code confirmed: $CODE_"
NOW_CODE=$(oathtool --totp -b "$SECRET")
CODE_=$(curl -s -o /dev/null -w '%{http_code}' -b "$WORK/a.jar" -H "X-CSRF-Token: $CSRF_A" -H "$J" \
    -d "{\"code\":\"$NOW_CODE\"}" "$URL/api/v1/session/totp/confirm")
expect_eq "confirm" 200 "$CODE_"
# Sign out; the old cookie is dead.
cp "$WORK/a.jar" "$WORK/a-old.jar"
CODE_=$(curl -s -o /dev/null -w '%{http_code}' -b "$WORK/a.jar" -c "$WORK/a.jar" -H "X-CSRF-Token: $CSRF_A" \
    -X DELETE "$URL/api/v1/session")
expect_eq "sign out" 204 "$CODE_"
CODE_=$(curl -s -o /dev/null -w '%{http_code}' -b "$WORK/a-old.jar" "$URL/api/v1/session")
expect_eq "replayed cookie after sign-out" 401 "$CODE_"
signin "$WORK/a.jar" alice "$PW_ALICE" "" 192.0.2.11
expect_eq "a code is now needed" 401 "$CODE_"
# The next step's code (the server accepts one step either side, and each step once).
NEXT=$(oathtool --totp -b "$SECRET" --now "$(date -u -d '+30 seconds' '+%Y-%m-%d %H:%M:%S UTC')")
signin "$WORK/a.jar" alice "$PW_ALICE" "$NEXT" 192.0.2.11
expect_eq "sign in with password and code" 201 "$CODE_"
CSRF_A=$(json_get "$BODY" csrf)
signin "$WORK/a2.jar" alice "$PW_ALICE" "$NEXT" 192.0.2.11
expect_eq "the same code twice" 401 "$CODE_"

# ---- throttling: the same answers for a known and an unknown name ----
for name in bob nobody2; do
    for i in 1 2 3 4; do
        signin "$WORK/x.jar" "$name" "$PW_WRONG" "" 198.51.100.7
        expect_eq "$name failure $i" 401 "$CODE_"
    done
    signin "$WORK/x.jar" "$name" "$PW_WRONG" "" 198.51.100.7
    expect_eq "$name throttled" 429 "$CODE_"
    expect_contains "Retry-After" "Retry-After" "$(cat "$WORK/headers")"
done
# The right password waits too (nothing is checked while throttled), even from another address.
signin "$WORK/x.jar" bob "$PW_BOB" "" 198.51.100.8
expect_eq "throttled even with the right password" 429 "$CODE_"
# The address: after ten failures from one address, every name waits there.
for i in 1 2 3; do signin "$WORK/x.jar" "n$i" "$PW_WRONG" "" 198.51.100.7; done
signin "$WORK/x.jar" carol "$PW_CAROL" "" 198.51.100.7
expect_eq "address throttled" 429 "$CODE_"
signin "$WORK/c.jar" carol "$PW_CAROL" "" 198.51.100.9
expect_eq "another address is not" 201 "$CODE_"

# ---- own password; the office disables and resets ----
# (bob is throttled by name now: dave, an auditor, changes his own.)
signin "$WORK/d.jar" dave $PW_DAVE "" 192.0.2.12
expect_eq "dave" 201 "$CODE_"
CSRF_D=$(json_get "$BODY" csrf)
CODE_=$(curl -s -o /dev/null -w '%{http_code}' -b "$WORK/d.jar" -H "X-CSRF-Token: $CSRF_D" -H "$J" -X PUT \
    -d "{\"old\":\"$PW_WRONG\",\"new\":\"$PW_DAVE2\"}" "$URL/api/v1/session/password")
expect_eq "wrong old password" 403 "$CODE_"
CODE_=$(curl -s -o /dev/null -w '%{http_code}' -b "$WORK/d.jar" -H "X-CSRF-Token: $CSRF_D" -H "$J" -X PUT \
    -d "{\"old\":\"$PW_DAVE\",\"new\":\"$PW_DAVE2\"}" "$URL/api/v1/session/password")
expect_eq "own password changed" 204 "$CODE_"
CODE_=$(curl -s -o /dev/null -w '%{http_code}' -b "$WORK/d.jar" "$URL/api/v1/session")
expect_eq "sessions end with a new password" 401 "$CODE_"
signin "$WORK/d.jar" dave "$PW_DAVE2" "" 192.0.2.12
expect_eq "the new password" 201 "$CODE_"

run_xy 0 account disable carol
CODE_=$(curl -s -o /dev/null -w '%{http_code}' -b "$WORK/c.jar" "$URL/api/v1/session")
expect_eq "a disabled account's session ends" 401 "$CODE_"
signin "$WORK/c.jar" carol "$PW_CAROL" "" 192.0.2.13
expect_eq "a disabled account cannot sign in" 401 "$CODE_"
run_xy 0 account reset-totp alice
signin "$WORK/a.jar" alice "$PW_ALICE" "" 192.0.2.14
expect_eq "TOTP reset: password alone" 201 "$CODE_"
printf '%s\n' "$PW_CAROL" >"$WORK/pw"
run_xy 0 account reset-password dave <"$WORK/pw"
signin "$WORK/d.jar" dave "$PW_CAROL" "" 192.0.2.12
expect_eq "reset password" 201 "$CODE_"
run_xy 0 audit verify

# ---- the trusted proxy only from a listed peer ----
: >"$WORK/access2.log"
start_server s2 --trusted-proxy 192.0.2.200 --access-log "$WORK/access2.log"
curl -s -o /dev/null -H 'X-Forwarded-For: 203.0.113.99' "$URL/api/v1/stats"
stop_server "$SPID" s2
grep -q '"client":"127.0.0.1"' "$WORK/access2.log" || fail "unlisted peer: $(cat "$WORK/access2.log")"
! grep -q '203.0.113.99' "$WORK/access2.log" || fail "X-Forwarded-For honoured from an unlisted peer"
for i in $(seq 1 100); do grep -q '"client":"198.51.100.7"' "$WORK/access.log" && break; sleep 0.05; done
grep -q '"client":"198.51.100.7"' "$WORK/access.log" || fail "listed proxy: the forwarded client is logged"
run_xy 1 serve --trusted-proxy not-an-address --port 0
expect_contains "bad proxy" "not-an-address" "$ERR"

stop_server "$(echo $PIDS | awk '{print $1}')" s1

# ---- no password, code or token in any log ----
sql "SELECT * FROM audit" >"$WORK/audit.txt"
for secret in "$PW_ALICE" "$PW_BOB" "$PW_DAVE2" "$PW_CAROL" "$PW_WRONG" $PW_DAVE "$NEXT" "$NOW_CODE" "$TOKEN_A"; do
    for f in access.log access2.log s1.err s1.out s2.err audit.txt; do
        ! grep -q -- "$secret" "$WORK/$f" || fail "a secret appears in $f"
    done
done
echo "accounts: ok"
