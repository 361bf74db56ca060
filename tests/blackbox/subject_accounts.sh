#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Subject accounts end to end: a company applies over HTTP (a code with a wrong check character, a
# missing paper, a file that is not what it says, an oversize one and an oversize body refused with a
# clear problem, nothing stored); the office lists, reads and approves in the CLI and over HTTP
# (audited, the code never logged), refuses with a reason; the activation code works once, a refused
# application cannot activate, an expired code is refused; the company signs in with a session as
# staff do and reads its own file; guessing codes is throttled per application and per address; a
# person's application keeps its ID number sealed, and the full number appears in no response, no
# log, no audit entry and no readable column; --sendmail mails the code to the address given; one
# address filing many applications waits.
. "$(dirname "$0")/lib.sh.inc"
. "$(dirname "$0")/server.sh.inc"
DEPT=11230500001755309F
ORG=91420684MA4927PJ7B
ORG_BAD=91420684MA4927PJ7C   # the same code, its check character wrong
ORG2=91230500MA1B3N1N2M
RIC=360426199101010071
RIC_BAD=360426199101010072
PW='company-Pass-2718'
J='Content-Type: application/json'

run_xy 0 init
run_xy 0 dept add "$DEPT" 武汉市市场监督管理局
run_xy 0 id check "$ORG2"
OFFICE_KEY=$("$XY" key create --role office --name 信用办 | tail -n 1)

# Papers: a small PDF and PNG, a text file named as a PDF, a PDF over 2 MiB.
printf '%%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%%%EOF\n' >"$WORK/licence.pdf"
printf '\211PNG\r\n\032\n\0\0\0\rIHDR' >"$WORK/letter.png"
printf 'just text, not a PDF\n' >"$WORK/fake.pdf"
{ printf '%%PDF-1.4\n'; head -c $((2 * 1024 * 1024)) /dev/zero; } >"$WORK/big.pdf"
b64() { base64 -w0 "$1"; }
file_json() { printf '{"name":"%s","media_type":"%s","data":"%s"}' "$1" "$2" "$(b64 "$WORK/$3")"; }
LICENCE=$(file_json 营业执照.pdf application/pdf licence.pdf)
LETTER=$(file_json 授权书.png image/png letter.png)

# org_body CODE [LICENCE] [LETTER] [EMAIL]: an application of a company, to $WORK/req.json.
org_body() {
    printf '{"kind":"org","code":"%s","name":"武汉合众科技有限公司","legal_rep":"张三","contact":"李四",' "$1" >"$WORK/req.json"
    printf '"phone":"027-8888 1234","email":"%s","licence":%s,"letter":%s}' "${4:-ops@example.com}" \
        "${2:-$LICENCE}" "${3:-$LETTER}" >>"$WORK/req.json"
}
# post PATH FILE [XFF]: status in $CODE_, body in $BODY, every answer kept in answers.txt.
post() {
    CODE_=$(curl -s -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' -H "$J" -H "X-Forwarded-For: ${3:-192.0.2.1}" \
        --data-binary "@$2" "$URL$1")
    BODY=$(cat "$WORK/body")
    cat "$WORK/headers" "$WORK/body" >>"$WORK/answers.txt"
}
get_office() {
    CODE_=$(curl -s -o "$WORK/body" -w '%{http_code}' -H "Authorization: Bearer $OFFICE_KEY" "$URL$1")
    BODY=$(cat "$WORK/body")
    cat "$WORK/body" >>"$WORK/answers.txt"
}
post_office() {
    CODE_=$(curl -s -o "$WORK/body" -w '%{http_code}' -H "Authorization: Bearer $OFFICE_KEY" -H "$J" \
        ${2:+--data-binary "$2"} -X POST "$URL$1")
    BODY=$(cat "$WORK/body")
    cat "$WORK/body" >>"$WORK/answers.txt"
}
activate() { # CODE NAME [XFF]
    printf '{"code":"%s","name":"%s","password":"%s"}' "$1" "$2" "$PW" >"$WORK/act.json"
    post /api/v1/activation "$WORK/act.json" "${3:-192.0.2.50}"
}

# A fake sendmail that keeps what it is given (its arguments and the message).
cat >"$WORK/sendmail" <<EOF
#!/bin/sh
printf '%s\n' "\$*" >"$WORK/mail.args"
cat >"$WORK/mail.txt"
EOF
chmod +x "$WORK/sendmail"

start_server s1 --trusted-proxy 127.0.0.1 --access-log "$WORK/access.log" --sendmail "$WORK/sendmail"

# ---- refusals at filing: nothing stored ----
org_body "$ORG_BAD"
post /api/v1/applications "$WORK/req.json"
expect_eq "wrong check character" 400 "$CODE_"
expect_contains "says the check character" "校验码错误 (check character does not match)" "$BODY"
expect_contains "names the field" "code: not a valid unified social credit code" "$BODY"
org_body "$ORG" "$(file_json fake.pdf application/pdf fake.pdf)"
post /api/v1/applications "$WORK/req.json"
expect_eq "a text file called PDF" 400 "$CODE_"
expect_contains "type by content" "its first bytes do not match" "$BODY"
org_body "$ORG" "$(file_json x.exe application/x-msdownload fake.pdf)"
post /api/v1/applications "$WORK/req.json"
expect_eq "not a PDF or an image" 400 "$CODE_"
expect_contains "accepted types" "only application/pdf, image/png and image/jpeg" "$BODY"
org_body "$ORG" "$(file_json big.pdf application/pdf big.pdf)"
post /api/v1/applications "$WORK/req.json"
expect_eq "oversize file" 413 "$CODE_"
expect_contains "oversize names the field" "licence" "$BODY"
{ printf '{"kind":"org","code":"%s","pad":"' "$ORG"; head -c $((7 * 1024 * 1024)) /dev/zero | tr '\0' a; printf '"}'; } >"$WORK/huge.json"
post /api/v1/applications "$WORK/huge.json"
expect_eq "oversize body" 413 "$CODE_"
printf '{"kind":"org","code":"%s","name":"x","legal_rep":"y","contact":"z","phone":"12345","letter":%s}' "$ORG" "$LETTER" >"$WORK/req.json"
post /api/v1/applications "$WORK/req.json"
expect_eq "no licence" 400 "$CODE_"
expect_contains "licence required" "business licence is required" "$BODY"
org_body "$ORG" "$LICENCE" "$LETTER" 'x@y.com -oQ/tmp/evil'
post /api/v1/applications "$WORK/req.json"
expect_eq "an address that would be an option" 400 "$CODE_"
expect_eq "nothing stored" 0 "$(sql 'SELECT count(*) FROM subject_application')"

# ---- a company applies; the office approves; the code works once ----
org_body "$ORG"
post /api/v1/applications "$WORK/req.json"
expect_eq "apply" 201 "$CODE_"
A1=$(json_get "$BODY" id)
expect_contains "pending" '"state":"pending"' "$BODY"
expect_eq "two files" 2 "$(sql "SELECT count(*) FROM subject_application_file WHERE application_id = $A1")"
expect_eq "the licence as sent" "$(sha256sum <"$WORK/licence.pdf" | cut -d' ' -f1)" \
    "$(sql "SELECT $(sql_hex sha256) FROM subject_application_file WHERE application_id = $A1 AND seq = 1")"
CODE_=$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/v1/admin/applications")
expect_eq "the list is the office's" 401 "$CODE_"
get_office "/api/v1/admin/applications?state=pending"
expect_eq "office list" 200 "$CODE_"
expect_contains "listed" "\"id\":$A1" "$BODY"
get_office "/api/v1/admin/applications/$A1"
expect_contains "detail files" '"role":"licence"' "$BODY"
CODE_=$(curl -s -o "$WORK/got.pdf" -D "$WORK/fh" -w '%{http_code}' -H "Authorization: Bearer $OFFICE_KEY" \
    "$URL/api/v1/admin/applications/$A1/files/1")
expect_eq "file" 200 "$CODE_"
cmp -s "$WORK/got.pdf" "$WORK/licence.pdf" || fail "the licence read back differs"
grep -qi '^content-disposition: attachment' "$WORK/fh" || fail "the file is not a download: $(cat "$WORK/fh")"
expect_eq "file read audited" 1 "$(sql "SELECT count(*) FROM audit WHERE action = 'application.file_read'")"

activate "$A1-AAAA-BBBB-CCCC-DDDD" hezhong
expect_eq "pending cannot activate" 401 "$CODE_"
post_office "/api/v1/admin/applications/$A1/approve"
expect_eq "approve" 200 "$CODE_"
ACODE=$(json_get "$BODY" code)
expect_contains "code shape" "$A1-" "$ACODE"
expect_eq "code length" $((${#A1} + 20)) "${#ACODE}"
expect_contains "mailed" '"mailed":true' "$BODY"
expect_contains "mailed to the applicant" "-- ops@example.com" "$(cat "$WORK/mail.args")"
expect_contains "the mail holds the code" "$ACODE" "$(cat "$WORK/mail.txt")"
post_office "/api/v1/admin/applications/$A1/approve"
expect_eq "approve twice" 409 "$CODE_"

printf '{"code":"%s","name":"hezhong","password":"short"}' "$ACODE" >"$WORK/act.json"
post /api/v1/activation "$WORK/act.json"
expect_eq "short password: code not spent" 400 "$CODE_"
activate "$(printf '%s' "$ACODE" | tr 'A-Z' 'a-z')" hezhong
expect_eq "activate (any case)" 201 "$CODE_"
activate "$ACODE" hezhong2
expect_eq "the code works once" 401 "$CODE_"
expect_contains "one message" "not valid, has been used or has expired" "$BODY"
expect_eq "state" activated "$(sql "SELECT state FROM subject_application WHERE id = $A1")"
expect_eq "the code's hash is gone" "" "$(sql "SELECT $(sql_hex code_hash) FROM subject_application WHERE id = $A1")"
expect_eq "stored hash is argon2id" 1 "$(sql "SELECT count(*) FROM account WHERE name = 'hezhong' AND pw_hash LIKE '\$argon2id\$%'")"
expect_eq "its key is the subject's" subject "$(sql "SELECT k.role FROM account a JOIN api_key k ON k.id = a.key_id WHERE a.name = 'hezhong'")"

# ---- the company signs in as staff do and sees its own file ----
printf '{"name":"hezhong","password":"%s"}' "$PW" >"$WORK/si.json"
CODE_=$(curl -s -o "$WORK/body" -w '%{http_code}' -c "$WORK/c.jar" -H "$J" --data-binary "@$WORK/si.json" "$URL/api/v1/session")
expect_eq "sign in" 201 "$CODE_"
expect_contains "role subject" '"role":"subject"' "$(cat "$WORK/body")"
CSRF=$(json_get "$(cat "$WORK/body")" csrf)
CODE_=$(curl -s -o "$WORK/body" -w '%{http_code}' -b "$WORK/c.jar" "$URL/api/v1/me/records")
expect_eq "own records" 200 "$CODE_"
expect_contains "its code" "$ORG" "$(cat "$WORK/body")"
expect_contains "its name" "武汉合众科技有限公司" "$(cat "$WORK/body")"
CODE_=$(curl -s -o /dev/null -w '%{http_code}' -b "$WORK/c.jar" "$URL/api/v1/me/access")
expect_eq "own access history" 200 "$CODE_"
CODE_=$(curl -s -o /dev/null -w '%{http_code}' -b "$WORK/c.jar" "$URL/api/v1/admin/applications")
expect_eq "not the office's list" 403 "$CODE_"
CODE_=$(curl -s -o /dev/null -w '%{http_code}' -b "$WORK/c.jar" -X DELETE "$URL/api/v1/session")
expect_eq "sign-out without CSRF" 403 "$CODE_"
CODE_=$(curl -s -o /dev/null -w '%{http_code}' -b "$WORK/c.jar" -H "X-CSRF-Token: $CSRF" -X DELETE "$URL/api/v1/session")
expect_eq "sign out" 204 "$CODE_"

# ---- a refused application cannot activate ----
org_body "$ORG2" "$LICENCE" "$LETTER" ""
post /api/v1/applications "$WORK/req.json"
expect_eq "apply 2" 201 "$CODE_"
A2=$(json_get "$BODY" id)
run_xy 0 application list --state pending
expect_contains "CLI list" "$ORG2" "$OUT"
run_xy 2 application refuse "$A2"
run_xy 0 application refuse "$A2" --reason "营业执照扫描件不清晰"
expect_contains "CLI refuse" "application $A2 refused" "$OUT"
run_xy 1 application approve "$A2"
expect_contains "refused stays refused" "refused already" "$ERR"
expect_eq "reason kept" 营业执照扫描件不清晰 "$(sql "SELECT reason FROM subject_application WHERE id = $A2")"
activate "$A2-AAAA-BBBB-CCCC-DDDD" refused1
expect_eq "refused cannot activate" 401 "$CODE_"
post_office "/api/v1/admin/applications/$A2/refuse" '{"reason":"again"}'
expect_eq "refuse twice" 409 "$CODE_"

# ---- the CLI approves and prints the code; it expires ----
org_body "$ORG2" "$LICENCE" "$LETTER" ""
post /api/v1/applications "$WORK/req.json"
A3=$(json_get "$BODY" id)
run_xy 0 application approve "$A3"
CLI_CODE=$(printf '%s\n' "$OUT" | grep -o "$A3-[0-9A-Z-]*" | head -n 1)
expect_eq "CLI code length" $((${#A3} + 20)) "${#CLI_CODE}"
sql "UPDATE subject_application SET code_expires = 1000 WHERE id = $A3"
activate "$CLI_CODE" expired1
expect_eq "expired code" 401 "$CODE_"

# ---- guessing codes is throttled: per application, then per address ----
org_body "$ORG2" "$LICENCE" "$LETTER" ""
post /api/v1/applications "$WORK/req.json"
A4=$(json_get "$BODY" id)
post_office "/api/v1/admin/applications/$A4/approve"
RIGHT=$(json_get "$BODY" code)
for i in 1 2 3 4; do
    activate "$A4-AAAA-BBBB-CCCC-000$i" guess1 198.51.100.$i
    expect_eq "wrong guess $i" 401 "$CODE_"
done
activate "$RIGHT" guess1 198.51.100.9
expect_eq "throttled per application, the right code too" 429 "$CODE_"
grep -qi '^retry-after: [1-9]' "$WORK/headers" || fail "no Retry-After: $(cat "$WORK/headers")"
for i in 1 2 3 4 5 6 7 8 9 10 11; do
    activate "$((A4 + 100 + i))-AAAA-BBBB-CCCC-DDDD" guess2 203.0.113.77
    expect_eq "guess $i from one address" 401 "$CODE_"
done
activate "$((A4 + 200))-AAAA-BBBB-CCCC-DDDD" guess2 203.0.113.77
expect_eq "throttled per address" 429 "$CODE_"
expect_eq "refusals audited" 1 "$(sql "SELECT CASE WHEN count(*) > 10 THEN 1 ELSE 0 END FROM audit WHERE action = 'application.activate_refused'")"

# ---- filing from one address is throttled too: 10 a day free, then each waits ----
org_body "$ORG2" "$LICENCE" "$LETTER" ""
for i in 1 2 3 4 5 6 7 8 9 10 11; do
    post /api/v1/applications "$WORK/req.json" 198.18.0.1
    expect_eq "application $i from one address" 201 "$CODE_"
done
post /api/v1/applications "$WORK/req.json" 198.18.0.1
expect_eq "the 12th from one address waits" 429 "$CODE_"
grep -qi '^retry-after: [1-9]' "$WORK/headers" || fail "no Retry-After: $(cat "$WORK/headers")"
post /api/v1/applications "$WORK/req.json" 198.18.0.2
expect_eq "another address files" 201 "$CODE_"

# ---- a person: the ID number checked and sealed, never shown in full ----
person_body() {
    printf '{"kind":"person","code":"%s","name":"王五","contact":"王五","phone":"13800000000",' "$1" >"$WORK/req.json"
    printf '"email":"wang@example.com","licence":%s,"letter":%s}' "$LICENCE" "$LETTER" >>"$WORK/req.json"
}
person_body "$RIC_BAD"
post /api/v1/applications "$WORK/req.json"
expect_eq "person: wrong check digit" 400 "$CODE_"
expect_contains "person: says why" "校验码错误" "$BODY"
person_body "$RIC"
post /api/v1/applications "$WORK/req.json"
expect_eq "person applies" 201 "$CODE_"
A5=$(json_get "$BODY" id)
expect_eq "masked" "3604**********0071" "$(sql "SELECT id_masked FROM subject_application WHERE id = $A5")"
get_office "/api/v1/admin/applications/$A5"
expect_contains "the office sees it masked" "3604**********0071" "$BODY"
run_xy 0 application list --json
printf '%s\n' "$OUT" >>"$WORK/answers.txt"
run_xy 0 application show "$A5"
printf '%s\n' "$OUT" >>"$WORK/answers.txt"
post_office "/api/v1/admin/applications/$A5/approve"
PCODE=$(json_get "$BODY" code)
activate "$PCODE" wangwu
expect_eq "person activates" 201 "$CODE_"
printf '{"name":"wangwu","password":"%s"}' "$PW" >"$WORK/si.json"
CODE_=$(curl -s -o /dev/null -w '%{http_code}' -c "$WORK/p.jar" -H "$J" --data-binary "@$WORK/si.json" "$URL/api/v1/session")
expect_eq "person signs in" 201 "$CODE_"
curl -s -b "$WORK/p.jar" "$URL/api/v1/me/records" >>"$WORK/answers.txt"
expect_contains "person's own file, masked" "3604**********0071" "$(curl -s -b "$WORK/p.jar" "$URL/api/v1/me/records")"
expect_eq "the person's subject is found by the sealed number" 1 \
    "$(sql "SELECT count(*) FROM subject WHERE id_masked = '3604**********0071' AND id_sealed IS NOT NULL")"

stop_server "$SPID" s1

# ---- nothing secret in any log or readable column ----
sql "SELECT * FROM audit" >"$WORK/audit.txt"
sql "SELECT id, kind, uscc, id_masked, name, legal_rep, contact, phone, email, state, reason FROM subject_application" >"$WORK/apps.txt"
for f in answers.txt access.log s1.err s1.out audit.txt apps.txt; do
    ! grep -q -- "$RIC" "$WORK/$f" || fail "the full ID number appears in $f"
    ! grep -q -- "$PW" "$WORK/$f" || fail "a password appears in $f"
done
for f in access.log s1.err s1.out audit.txt; do
    for c in "$ACODE" "$PCODE" "$RIGHT" "$CLI_CODE"; do
        ! grep -qi -- "$c" "$WORK/$f" || fail "an activation code appears in $f"
    done
done
echo "subject_accounts: ok"
