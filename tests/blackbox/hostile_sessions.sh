#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Hostile use of staff sessions, beyond what accounts.sh walks through: CSRF tokens that are not the
# session's own (another session of the same person, a signed-out session, one character changed,
# upper case, in the query or the body instead of the header, empty); a cookie replayed after
# sign-out, after the idle limit and after the absolute limit (the test clock moved: XY_TODAY=@FILE),
# with its own CSRF token; the session token offered as a key; malformed cookies; guessing slowed
# for one-time codes as for passwords, and per address whatever X-Forwarded-For says when no proxy
# is trusted; failures a day old forgotten. Every refusal creates nothing; no answer is a 5xx.
. "$(dirname "$0")/lib.sh.inc"
. "$(dirname "$0")/server.sh.inc"
command -v oathtool >/dev/null || fail "oathtool is missing (scripts/install-deps installs it)"
PW_ALICE='alice-Pass-7431'
PW_BOB='bob-Secret-9902'
PW_WRONG='wrong-Guess-0001'
J='Content-Type: application/json'

run_xy 0 init
printf '%s\n' "$PW_ALICE" | "$XY" account add alice --role office >/dev/null || fail "account add alice"
printf '%s\n' "$PW_BOB" | "$XY" account add bob --role office >/dev/null || fail "account add bob"

# The server's clock is a file the test moves a day at a time.
printf '%s\n' "$XY_TODAY" >"$WORK/clock"
export XY_TODAY="@$WORK/clock"
next_day() {
    local d
    d=$(cat "$WORK/clock")
    date -u -d "$d + 1 day" +%F >"$WORK/clock"
}

# signin JAR NAME PASSWORD [CODE] [FORWARDED-FOR]: the status in $CODE_, body in $BODY.
signin() {
    local body xff=()
    if [ -n "${4:-}" ]; then
        body=$(printf '{"name":"%s","password":"%s","totp":"%s"}' "$2" "$3" "$4")
    else
        body=$(printf '{"name":"%s","password":"%s"}' "$2" "$3")
    fi
    [ -z "${5:-}" ] || xff=(-H "X-Forwarded-For: $5")
    CODE_=$(curl -s -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' -c "$1" -H "$J" "${xff[@]}" \
        -d "$body" "$URL/api/v1/session")
    BODY=$(cat "$WORK/body")
}
token_of() { awk '$6 == "xy_session" {print $7}' "$1"; }
accounts() { sql 'SELECT count(*) FROM account'; }

# create JAR [CURL ARGS...]: POST a new account with the cookie of JAR; the status in $CODE_.
N=0
create() {
    local jar=$1
    shift
    N=$((N + 1))
    CODE_=$(curl -s -o "$WORK/body" -w '%{http_code}' -b "$jar" -H "$J" "$@" \
        -d "{\"name\":\"new$N\",\"role\":\"auditor\",\"password\":\"new-Pass-99$N\"}" "${CREATE_URL:-$URL/api/v1/admin/accounts}")
}

# refused WHAT STATUS JAR [CURL ARGS...]: the POST is answered STATUS and creates nothing.
refused() {
    local what=$1 want=$2 before
    shift 2
    before=$(accounts)
    create "$@"
    expect_eq "$what" "$want" "$CODE_"
    expect_eq "$what: nothing created" "$before" "$(accounts)"
}

# server_now: the server's time (Unix seconds) from its access log line of a request made now.
server_now() {
    local n
    n=$(wc -l <"$WORK/access.log")
    curl -s -o /dev/null "$URL/api/v1/stats"
    for _ in $(seq 1 500); do # a buffered log is written within a second
        [ "$(wc -l <"$WORK/access.log")" -gt "$n" ] && break
        sleep 0.01
    done
    date -u -d "$(tail -n 1 "$WORK/access.log" | sed 's/^{"time":"\([^"]*\)".*/\1/')" +%s
}

: >"$WORK/access.log"
start_server a --session-idle 3600 --session-max 259200 --access-log "$WORK/access.log"
SA=$SPID

# ---- CSRF tokens that are not the session's own ----
signin "$WORK/a1.jar" alice "$PW_ALICE"
expect_eq "alice, first session" 201 "$CODE_"
CSRF1=$(json_get "$BODY" csrf)
signin "$WORK/a2.jar" alice "$PW_ALICE"
expect_eq "alice, second session" 201 "$CODE_"
CSRF2=$(json_get "$BODY" csrf)
signin "$WORK/b.jar" bob "$PW_BOB"
CSRF_B=$(json_get "$BODY" csrf)
[ "$CSRF1" != "$CSRF2" ] || fail "two sessions of one person share a CSRF token"
refused "the same person's other session's token" 403 "$WORK/a1.jar" -H "X-CSRF-Token: $CSRF2"
refused "another person's token" 403 "$WORK/a1.jar" -H "X-CSRF-Token: $CSRF_B"
last=${CSRF1: -1}
[ "$last" = 0 ] && other=1 || other=0
refused "one character changed" 403 "$WORK/a1.jar" -H "X-CSRF-Token: ${CSRF1%?}$other"
refused "upper case" 403 "$WORK/a1.jar" -H "X-CSRF-Token: $(printf '%s' "$CSRF1" | tr a-f A-F)"
refused "the token and more" 403 "$WORK/a1.jar" -H "X-CSRF-Token: ${CSRF1}0"
refused "empty" 403 "$WORK/a1.jar" -H "X-CSRF-Token:"
# In the query (a parameter the route does not take: refused before anything else).
CREATE_URL="$URL/api/v1/admin/accounts?csrf=$CSRF1" refused "in the query, not the header" 400 "$WORK/a1.jar"
TOKEN1=$(token_of "$WORK/a1.jar")
refused "in a cookie, not the header" 403 /dev/null -H "Cookie: xy_session=$TOKEN1; X-CSRF-Token=$CSRF1"
# In the body: the header is what counts.
before=$(accounts)
CODE_=$(curl -s -o /dev/null -w '%{http_code}' -b "$WORK/a1.jar" -H "$J" \
    -d "{\"name\":\"inbody\",\"role\":\"auditor\",\"password\":\"new-Pass-9911\",\"csrf\":\"$CSRF1\"}" "$URL/api/v1/admin/accounts")
expect_eq "in the body, not the header" 403 "$CODE_"
expect_eq "in the body: nothing created" "$before" "$(accounts)"
# Its own token goes through (the refusals above were for the token alone).
create "$WORK/a1.jar" -H "X-CSRF-Token: $CSRF1"
expect_eq "its own token" 201 "$CODE_"

# ---- a cookie replayed after sign-out, with its own CSRF token ----
cp "$WORK/a1.jar" "$WORK/a1-old.jar"
CODE_=$(curl -s -o /dev/null -w '%{http_code}' -b "$WORK/a1.jar" -H "X-CSRF-Token: $CSRF1" -X DELETE "$URL/api/v1/session")
expect_eq "sign out" 204 "$CODE_"
refused "replayed after sign-out, with its CSRF token" 401 "$WORK/a1-old.jar" -H "X-CSRF-Token: $CSRF1"
CODE_=$(curl -s -o /dev/null -w '%{http_code}' -b "$WORK/a1-old.jar" "$URL/api/v1/admin/accounts")
expect_eq "replayed after sign-out, a read" 401 "$CODE_"
CODE_=$(curl -s -o /dev/null -w '%{http_code}' -b "$WORK/a1-old.jar" -H "X-CSRF-Token: $CSRF1" -X DELETE "$URL/api/v1/session")
expect_eq "signed out twice" 401 "$CODE_"
# The other session of the same person lives on, and the dead session's token does not open it.
CODE_=$(curl -s -o /dev/null -w '%{http_code}' -b "$WORK/a2.jar" "$URL/api/v1/session")
expect_eq "the other session lives" 200 "$CODE_"
refused "a signed-out session's token on a live one" 403 "$WORK/a2.jar" -H "X-CSRF-Token: $CSRF1"
# The session token is not a key, and malformed cookies open nothing.
TOKEN2=$(token_of "$WORK/a2.jar")
CODE_=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN2" "$URL/api/v1/admin/accounts")
expect_eq "the session token as a key" 401 "$CODE_"
for bad in "$(printf '%s' "$TOKEN2" | tr a-f A-F)" "${TOKEN2}0" "${TOKEN2%?}" "${TOKEN2%??}zz" \
    "$(head -c 3000 /dev/zero | tr '\0' a)" "" "%00$TOKEN2"; do
    CODE_=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: xy_session=$bad" "$URL/api/v1/admin/accounts")
    case "$CODE_" in 401 | 400 | 431) ;; *) fail "malformed cookie [${bad:0:70}]: $CODE_" ;; esac
done

# ---- guessing one-time codes is slowed as guessing passwords is ----
CSRF_B=$(json_get "$(curl -s -b "$WORK/b.jar" "$URL/api/v1/session")" csrf)
CODE_=$(curl -s -o "$WORK/body" -w '%{http_code}' -b "$WORK/b.jar" -H "X-CSRF-Token: $CSRF_B" -X POST "$URL/api/v1/session/totp")
expect_eq "bob enrols" 201 "$CODE_"
SECRET=$(sed 's/.*secret=\([A-Z2-7]*\).*/\1/' "$WORK/body")
NOW=$(server_now)
STEP_CODE=$(oathtool --totp -b "$SECRET" --now "@$NOW")
CODE_=$(curl -s -o /dev/null -w '%{http_code}' -b "$WORK/b.jar" -H "X-CSRF-Token: $CSRF_B" -H "$J" \
    -d "{\"code\":\"$STEP_CODE\"}" "$URL/api/v1/session/totp/confirm")
expect_eq "bob confirms with the server's step" 200 "$CODE_"
wrong_code() { # a code that is none of the steps the server accepts now
    local c=0 t
    while :; do
        c=$(((c + 1) % 1000000))
        t=$(printf '%06d' "$c")
        for d in -60 -30 0 30 60; do [ "$t" != "$(oathtool --totp -b "$SECRET" --now "@$((NOW + d))")" ] || continue 2; done
        printf '%s' "$t"
        return
    done
}
BAD=$(wrong_code)
for i in 1 2 3 4; do
    signin "$WORK/x.jar" bob "$PW_BOB" "$BAD"
    expect_eq "right password, wrong code $i" 401 "$CODE_"
done
signin "$WORK/x.jar" bob "$PW_BOB" "$BAD"
expect_eq "code guessing slowed" 429 "$CODE_"
RETRY=$(sed -n 's/^[Rr]etry-[Aa]fter: *\([0-9]*\).*/\1/p' "$WORK/headers")
[ -n "$RETRY" ] && [ "$RETRY" -gt 0 ] || fail "Retry-After: [$RETRY]"
NEXT=$(oathtool --totp -b "$SECRET" --now "@$(($(server_now) + 30))")
signin "$WORK/x.jar" bob "$PW_BOB" "$NEXT"
expect_eq "while slowed, even the right password and code wait" 429 "$CODE_"

# ---- per address, whatever X-Forwarded-For claims when no proxy is trusted ----
# 127.0.0.1 has failed 4 times (bob's; a waiting attempt is not counted); 7 more under other names,
# each claiming another client, make 11: past the 10 an address has free.
for i in 1 2 3 4 5 6 7; do
    signin "$WORK/x.jar" "guess$i" "$PW_WRONG" "" "203.0.113.$i"
    expect_eq "guess $i" 401 "$CODE_"
done
signin "$WORK/x.jar" alice "$PW_ALICE" "" 203.0.113.77
expect_eq "a forged X-Forwarded-For does not escape the address's count" 429 "$CODE_"
grep -q '203\.0\.113\.' "$WORK/access.log" && fail "X-Forwarded-For believed without a trusted proxy"
# A day later the failures are forgotten; the idle limit has ended the sessions meanwhile.
cp "$WORK/a2.jar" "$WORK/a2-old.jar"
next_day
signin "$WORK/a3.jar" alice "$PW_ALICE"
expect_eq "failures a day old are forgotten" 201 "$CODE_"
CSRF3=$(json_get "$BODY" csrf)

# ---- the idle limit ----
refused "replayed after the idle limit, with its CSRF token" 401 "$WORK/a2-old.jar" -H "X-CSRF-Token: $CSRF2"
CODE_=$(curl -s -o /dev/null -w '%{http_code}' -b "$WORK/a2-old.jar" "$URL/api/v1/session")
expect_eq "idle session, a read" 401 "$CODE_"
refused "an idle-ended session's token on a live one" 403 "$WORK/a3.jar" -H "X-CSRF-Token: $CSRF2"
stop_server "$SA" a

# ---- the absolute limit: a session in use every day still ends (idle 2 days, absolute 25 h) ----
start_server b --session-idle 172800 --session-max 90000 --access-log "$WORK/access.log"
SB=$SPID
signin "$WORK/c.jar" alice "$PW_ALICE"
expect_eq "alice on b" 201 "$CODE_"
CSRF_C=$(json_get "$BODY" csrf)
next_day
create "$WORK/c.jar" -H "X-CSRF-Token: $CSRF_C"
expect_eq "a day later, within both limits" 201 "$CODE_"
next_day
refused "past the absolute limit though used a day ago" 401 "$WORK/c.jar" -H "X-CSRF-Token: $CSRF_C"
CODE_=$(curl -s -o /dev/null -w '%{http_code}' -b "$WORK/c.jar" "$URL/api/v1/session")
expect_eq "past the absolute limit, a read" 401 "$CODE_"
stop_server "$SB" b

for s in a b; do
    ! grep -q 'ERROR: AddressSanitizer\|runtime error:' "$WORK/$s.err" || fail "sanitizer: $(server_log $s)"
done
grep -q '"status":5' "$WORK/access.log" && fail "a 5xx: $(grep '"status":5' "$WORK/access.log" | head -n 3)"
run_xy 0 audit verify
echo "hostile_sessions: ok"
