#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The HTTP API end to end: the real server on a free loopback port with a temporary database,
# driven with curl. Every route; every role allowed and refused; batch submit (CSV, JSON Lines) and
# resubmit against what `xinyong import --json` says; batches and rejects as JSON and CSV;
# departments see only their own data; non-public reads are audited; admin and auditor routes;
# every limit and kind of bad input answered with a problem document and nothing written; the
# search rate limit; metrics; the access log; graceful shutdown with a request in flight.
. "$(dirname "$0")/lib.sh.inc"
D=$XY_TEST_DATA
SRC=${XY_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
DEPT=11230500001755309F  # 武汉市市场监督管理局: the main department
DEPT2=11420100MB152034XT # a second department, registered at the CLI
DEPT3=11420100010741638C # a third, registered over HTTP
# 18-digit personal ID numbers, as a pattern (never in a public answer or the access log).
ID_RE='(^|[^0-9A-Za-z])[1-9][0-9]{5}(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]([^0-9A-Za-z]|$)'

. "$(dirname "$0")/server.sh.inc"

# ---- helpers ----

# req METHOD PATH [curl args...]: one request to $URL. Sets CODE, BODY, HDRS, CTYPE.
req() {
    local m=$1 p=$2
    shift 2
    rm -f "$WORK/.body" "$WORK/.hdrs"
    CODE=$(curl -s -g -X "$m" -o "$WORK/.body" -D "$WORK/.hdrs" -w '%{http_code}' "$@" "$URL$p" || true)
    BODY=$(cat "$WORK/.body" 2>/dev/null || true)
    HDRS=$(tr -d '\r' <"$WORK/.hdrs" 2>/dev/null || true)
    CTYPE=$(printf '%s\n' "$HDRS" | sed -n 's/^[Cc]ontent-[Tt]ype: *//p' | tail -n 1)
    if [ "$CODE" = 000 ] || [ -z "$CODE" ]; then
        if ! kill -0 "$SPID" 2>/dev/null; then
            fail "$m $p: the server ($SNAME) died: $(server_log "$SNAME")"
        fi
        fail "$m $p: no answer from the server"
    fi
}

# header NAME: a response header of the last request.
header() {
    printf '%s\n' "$HDRS" | sed -n "s/^$1: *//Ip" | tail -n 1
}

# expect_status WHAT CODE: the last request answered CODE.
expect_status() {
    [ "$CODE" = "$2" ] || fail "$1: status $CODE, expected $2; body: $BODY"
}

# expect_json WHAT CODE: CODE with a JSON body.
expect_json() {
    expect_status "$1" "$2"
    expect_eq "$1: content type" "application/json; charset=utf-8" "$CTYPE"
}

# expect_problem WHAT STATUS [DETAIL...]: an RFC 9457 problem document with that status whose
# detail contains each DETAIL.
expect_problem() {
    local what=$1 st=$2 d
    shift 2
    expect_status "$what" "$st"
    expect_eq "$what: problem content type" "application/problem+json" "$CTYPE"
    expect_contains "$what: problem type" '"type":"' "$BODY"
    expect_contains "$what: problem title" '"title":"' "$BODY"
    expect_contains "$what: problem status" "\"status\":$st" "$BODY"
    expect_contains "$what: problem detail" '"detail":"' "$BODY"
    for d in "$@"; do
        expect_contains "$what: problem detail" "$d" "$(json_detail)"
    done
}

# json_detail: the detail of the last problem (JSON escapes of quotes left as they are).
json_detail() {
    printf '%s' "$BODY" | sed -n 's/.*"detail":"\(.*\)"}$/\1/p' | sed 's/\\"/"/g'
}

# counts: rows in every table a request could write.
counts() {
    sql "SELECT 'batch=' || (SELECT count(*) FROM batch) || ' record=' || (SELECT count(*) FROM record) ||
         ' reject=' || (SELECT count(*) FROM batch_reject) || ' audit=' || (SELECT count(*) FROM audit) ||
         ' key=' || (SELECT count(*) FROM api_key) || ' revoked=' || (SELECT count(*) FROM api_key WHERE revoked_at IS NOT NULL) ||
         ' dept=' || (SELECT count(*) FROM dept) || ' catalog=' || (SELECT count(*) FROM catalog) ||
         ' subject=' || (SELECT count(*) FROM subject)"
}

audit_count() {
    sql "SELECT count(*) FROM audit${1:+ WHERE $1}"
}

# no_id_numbers WHAT TEXT: no full 18-digit ID number in TEXT.
no_id_numbers() {
    if printf '%s' "$2" | grep -E -q "$ID_RE"; then
        fail "$1: a full ID number: $(printf '%s' "$2" | grep -E -o "$ID_RE" | head -n 3 | tr '\n' ' ')"
    fi
}

# new_key ROLE [ARGS...]: a key from the CLI (the last line of its output).
new_key() {
    run_xy 0 key create --role "$@"
    printf '%s\n' "$OUT" | tail -n 1
}

key_id() {
    printf '%s' "$1" | cut -d_ -f2
}

# The answer of a batch submit without what differs from `xinyong import --json` by nature
# (the batch id, the class echoed, the CLI's name_flagged count).
batch_norm() {
    printf '%s' "$1" | sed -E 's/^\{"batch":[0-9]+,/{/; s/"class":"[a-z_]+",//; s/"name_flagged":[0-9]+,//'
}

# ref_import FILE ARGS...: the same file through `xinyong import --json` on a reference database.
ref_import() {
    local f=$1
    shift
    set +e
    XINYONG_DB="$WORK/ref.db" "$XY" import --json --class penalty --dept "$DEPT" "$@" "$f" >"$WORK/.ref" 2>"$WORK/.referr"
    set -e
    REF=$(cat "$WORK/.ref")
    [ -n "$REF" ] || fail "reference import of $f printed nothing: $(cat "$WORK/.referr")"
}

# ---- setup: a database, departments and keys from the CLI ----
run_xy 0 init
run_xy 0 dept add "$DEPT" 武汉市市场监督管理局
run_xy 0 dept add "$DEPT2" 武汉市交通运输局
K_OFFICE=$(new_key office --name 信用办)
K_AUDIT=$(new_key auditor --name 审计)
K_DEPT=$(new_key department --dept "$DEPT" --name 市场监管局接口)
K_DEPT2=$(new_key department --dept "$DEPT2")
K_APPROVAL=$(new_key approval --name 审批系统)
K_DOOMED=$(new_key auditor --name 待吊销)
H_OFFICE="Authorization: Bearer $K_OFFICE"
H_AUDIT="Authorization: Bearer $K_AUDIT"
H_DEPT="Authorization: Bearer $K_DEPT"
H_DEPT2="Authorization: Bearer $K_DEPT2"
H_APPROVAL="Authorization: Bearer $K_APPROVAL"
CSV="Content-Type: text/csv"
JSON="Content-Type: application/json"
XINYONG_DB="$WORK/ref.db" "$XY" init >/dev/null
XINYONG_DB="$WORK/ref.db" "$XY" dept add "$DEPT" 武汉市市场监督管理局 >/dev/null
cp "$D/penalty-good.csv" "$D/penalty-bad.csv" "$D/api-penalty.jsonl" .

# The main server: 1 MiB batches, so that 2 MiB is over the limit.
start_server main --max-batch-mib 1 --access-log "$WORK/access.log" --threads 2 --web "$WORK/no-web"
MAIN=$SPID
MAIN_URL=$URL

# ---- operations ----
req GET /healthz
expect_json "healthz" 200
expect_contains "healthz" '"status":"ok","database":"ok"' "$BODY"
expect_eq "healthz: no-store only under /api" "" "$(header Cache-Control)"
req GET /metrics
expect_status "metrics" 200
expect_contains "metrics content type" "text/plain" "$CTYPE"
expect_contains "metrics" "xinyong_http_requests_total" "$BODY"

# ---- public routes on an empty database ----
req GET /api/v1/catalog
expect_json "catalog" 200
expect_contains "catalog version" '"catalog_version":"2026.4"' "$BODY"
# the public classes: six of the standards and the seven further classes of the work plan (arrears is consent-only)
expect_eq "catalog classes" 13 "$(printf '%s' "$BODY" | grep -o '"class":"[a-z_]*"' | wc -l | tr -d ' ')"
expect_contains "catalog field" '"code":"CF_WSH","name_zh":"行政处罚决定书文号","key":"doc_no"' "$BODY"
expect_contains "catalog hidden field marked" '"key":"legal_rep_id_no","type":"id_no","max_len":64,"required":"O","public":false' "$BODY"
expect_eq "api: no-store" "no-store" "$(header Cache-Control)"
CATALOG_BEFORE=$BODY
req GET "/api/v1/subjects?q=武汉"
expect_json "search on nothing" 200
expect_contains "search on nothing" '"items":[],"next_cursor":null}' "$BODY"
for l in red black watch; do
    req GET "/api/v1/lists/$l"
    expect_json "list $l" 200
done
req GET /api/v1/commitments
expect_json "commitments" 200
expect_eq "commitments empty" '{"class":"commitment","items":[],"next_cursor":null}' "$BODY"

# ---- every protected route: refused without a key, with a bad key, and with the wrong role ----
# method, URL, route pattern, roles allowed
ROUTES='GET /api/v1/batches/1 /api/v1/batches/{id} department,office
GET /api/v1/batches/1/rejects /api/v1/batches/{id}/rejects department,office
POST /api/v1/batches?class=penalty /api/v1/batches department
GET /api/v1/dept/records /api/v1/dept/records department
GET /api/v1/admin/keys /api/v1/admin/keys office
POST /api/v1/admin/keys /api/v1/admin/keys office
DELETE /api/v1/admin/keys/999 /api/v1/admin/keys/{id} office
POST /api/v1/admin/depts /api/v1/admin/depts office
PUT /api/v1/admin/catalog /api/v1/admin/catalog office
GET /api/v1/admin/records/1 /api/v1/admin/records/{id} office
GET /api/v1/audit /api/v1/audit auditor
GET /api/v1/audit/verify /api/v1/audit/verify auditor'
before=$(counts)
while read -r method url pattern allowed; do
    req "$method" "$url"
    expect_problem "$method $url without a key" 401 "needs an API key"
    req "$method" "$url" -H "Authorization: Bearer xy_1_$(printf '%064d' 0)"
    expect_problem "$method $url with a wrong key" 401 "not valid"
    req "$method" "$url" -H "Authorization: Bearer xy_1_abc"
    expect_problem "$method $url with a malformed key" 401 "not valid"
    req "$method" "$url" -H "Authorization: Bearer"
    expect_problem "$method $url with an empty bearer" 401
    req "$method" "$url" -H "Authorization: Basic $(printf 'a:b' | base64)"
    expect_problem "$method $url with basic auth" 401 "Bearer KEY"
    for role in department approval office auditor; do
        case ",$allowed," in *",$role,"*) continue ;; esac
        case $role in
        department) h=$H_DEPT ;;
        approval) h=$H_APPROVAL ;;
        office) h=$H_OFFICE ;;
        auditor) h=$H_AUDIT ;;
        esac
        req "$method" "$url" -H "$h"
        expect_problem "$method $url as $role" 403 "role $role may not use $method $pattern"
    done
done <<EOF
$ROUTES
EOF
expect_eq "refusals write nothing" "$before" "$(counts)"
# Public routes take any valid key, and refuse a bad one.
for h in "$H_DEPT" "$H_APPROVAL" "$H_OFFICE" "$H_AUDIT"; do
    req GET /api/v1/catalog -H "$h"
    expect_json "catalog with a key" 200
done
req GET /api/v1/catalog -H "Authorization: Bearer xy_1_$(printf '%064d' 0)"
expect_problem "catalog with a wrong key" 401 "not valid"

# ---- batches ----
# Good rows as text/csv: the answer says what `xinyong import --json` says for the same file.
req POST "/api/v1/batches?class=penalty" -H "$H_DEPT" -H "$CSV" --data-binary @penalty-good.csv
expect_json "submit good csv" 201
ref_import penalty-good.csv
expect_eq "good csv as the CLI" "$(batch_norm "$REF")" "$(batch_norm "$BODY")"
expect_contains "good csv counts" '"rows":5,"accepted":5,"rejected":0,"added":5,"updated":0,"unchanged":0,"name_flagged":0,"encoding":"UTF-8","format":"csv","rejects":[]' "$BODY"
expect_contains "good csv class" '"class":"penalty"' "$BODY"
B_GOOD=$(json_get "$BODY" batch)
expect_eq "records after good csv" 5 "$(sql 'SELECT count(*) FROM record')"
expect_eq "batch audited" 1 "$(audit_count "action = 'batch.submit' AND key_id = $(key_id "$K_DEPT") AND role = 'department'")"
# Resubmitted: nothing added.
req POST "/api/v1/batches?class=penalty" -H "$H_DEPT" -H "$CSV" --data-binary @penalty-good.csv
expect_json "resubmit" 201
ref_import penalty-good.csv
expect_eq "resubmit as the CLI" "$(batch_norm "$REF")" "$(batch_norm "$BODY")"
expect_contains "resubmit unchanged" '"accepted":5,"rejected":0,"added":0,"updated":0,"unchanged":5' "$BODY"
expect_eq "records after resubmit" 5 "$(sql 'SELECT count(*) FROM record')"
# Bad rows, the format given by ?format= over application/octet-stream.
req POST "/api/v1/batches?class=penalty&format=csv" -H "$H_DEPT" -H "Content-Type: application/octet-stream" \
    --data-binary @penalty-bad.csv
expect_json "submit bad csv" 201
ref_import penalty-bad.csv
expect_eq "bad csv as the CLI" "$(batch_norm "$REF")" "$(batch_norm "$BODY")"
expect_contains "bad csv counts" '"rows":18,"accepted":1,"rejected":17,"added":1' "$BODY"
expect_contains "bad csv reject" '{"row":7,"field":"CF_XDR_ZJHM","value":"3604**********0072","code":"bad_id_no"' "$BODY"
no_id_numbers "bad csv answer" "$BODY"
B_BAD=$(json_get "$BODY" batch)
expect_eq "records after bad csv" 6 "$(sql 'SELECT count(*) FROM record')"
# JSON Lines as application/x-ndjson.
req POST "/api/v1/batches?class=penalty" -H "$H_DEPT" -H "Content-Type: application/x-ndjson" \
    --data-binary @api-penalty.jsonl
expect_json "submit jsonl" 201
ref_import api-penalty.jsonl
expect_eq "jsonl as the CLI" "$(batch_norm "$REF")" "$(batch_norm "$BODY")"
expect_contains "jsonl counts" '"rows":4,"accepted":2,"rejected":2,"added":2,"updated":0,"unchanged":0,"name_flagged":1,"encoding":"UTF-8","format":"jsonl"' "$BODY"
no_id_numbers "jsonl answer" "$BODY"
# The same JSON Lines by ?format=jsonl (no content type) and as application/jsonl: unchanged.
req POST "/api/v1/batches?format=jsonl&class=penalty" -H "$H_DEPT" -H "Content-Type:" --data-binary @api-penalty.jsonl
expect_json "jsonl by format" 201
expect_contains "jsonl by format" '"accepted":2,"rejected":2,"added":0,"updated":0,"unchanged":2,"name_flagged":0,"encoding":"UTF-8","format":"jsonl"' "$BODY"
req POST "/api/v1/batches?class=penalty" -H "$H_DEPT" -H "Content-Type: application/jsonl" --data-binary @api-penalty.jsonl
expect_json "jsonl as application/jsonl" 201
expect_contains "application/jsonl" '"added":0,"updated":0,"unchanged":2' "$BODY"
# A CSV under ?format=csv whatever the content type says.
req POST "/api/v1/batches?class=penalty&format=csv" -H "$H_DEPT" -H "Content-Type: application/x-ndjson" \
    --data-binary @penalty-good.csv
expect_json "format overrides content type" 201
expect_contains "format overrides content type" '"unchanged":5,"name_flagged":0,"encoding":"UTF-8","format":"csv"' "$BODY"
expect_eq "records after all submits" 8 "$(sql 'SELECT count(*) FROM record')"

# The batch and its rejects, as JSON and as CSV.
req GET "/api/v1/batches/$B_BAD" -H "$H_DEPT"
expect_json "batch" 200
expect_eq "batch" "{\"batch\":$B_BAD,\"rows\":18,\"accepted\":1,\"rejected\":17,\"added\":1,\"updated\":0,\"unchanged\":0}" "$BODY"
req GET "/api/v1/batches/$B_GOOD" -H "$H_OFFICE"
expect_json "batch for the office" 200
expect_contains "batch for the office" '"rows":5,"accepted":5' "$BODY"
req GET "/api/v1/batches/$B_BAD/rejects" -H "$H_DEPT"
expect_json "rejects" 200
expect_contains "rejects" "{\"batch\":$B_BAD,\"items\":[{\"row\":1,\"field\":\"CF_XDR_SHXYM\",\"value\":\"91420684MA4927PJ7C\",\"code\":\"bad_uscc\"" "$BODY"
expect_eq "rejects count" 18 "$(printf '%s' "$BODY" | grep -o '"row":' | wc -l | tr -d ' ')"
expect_contains "rejects masked" '"row":7,"field":"CF_XDR_ZJHM","value":"3604**********0072"' "$BODY"
expect_contains "reject of the row as a whole" '{"row":18,"field":"","value":"","code":"extra_field"' "$BODY"
no_id_numbers "rejects" "$BODY"
req GET "/api/v1/batches/$B_BAD/rejects" -H "$H_DEPT" -H "Accept: text/csv"
expect_status "rejects csv" 200
expect_eq "rejects csv type" "text/csv; charset=utf-8" "$CTYPE"
expect_eq "rejects csv BOM" "efbbbf" "$(head -c 3 "$WORK/.body" | od -An -tx1 | tr -d ' \n')"
expect_eq "rejects csv header" "行号(row),字段代码(field),字段名称(name),值(value),原因代码(code),原因(reason)" "$(head -n 1 "$WORK/.body" | tail -c +4 | tr -d '\r')"
expect_eq "rejects csv lines" 19 "$(wc -l <"$WORK/.body" | tr -d ' ')"
expect_contains "rejects csv row" '7,"CF_XDR_ZJHM","证件号码","3604**********0072","bad_id_no",' "$BODY"
# One writer: the API's CSV is byte for byte the file the CLI left beside the same batch.
cmp -s "$WORK/.body" penalty-bad.csv.rejects.csv || fail "the API's rejects CSV differs from the CLI's rejects file"
no_id_numbers "rejects csv" "$BODY"
req GET "/api/v1/batches/$B_GOOD/rejects" -H "$H_DEPT" -H "Accept: text/csv"
expect_eq "no rejects csv" "行号(row),字段代码(field),字段名称(name),值(value),原因代码(code),原因(reason)" "$(tail -c +4 "$WORK/.body" | tr -d '\r\n')"

# Another department: its batch is not found for this one, and the other way round.
req POST "/api/v1/batches?class=license" -H "$H_DEPT2" -H "$CSV" --data-binary @"$D/api-license.csv"
expect_json "second department submits" 201
expect_contains "second department" '"accepted":2,"rejected":0,"added":2' "$BODY"
B_DEPT2=$(json_get "$BODY" batch)
for path in "/api/v1/batches/$B_DEPT2" "/api/v1/batches/$B_DEPT2/rejects"; do
    req GET "$path" -H "$H_DEPT"
    expect_problem "$path from another department" 404 "no batch $B_DEPT2 of yours"
done
req GET "/api/v1/batches/$B_BAD" -H "$H_DEPT2"
expect_problem "batch of the first department from the second" 404
req GET "/api/v1/batches/$B_DEPT2" -H "$H_OFFICE"
expect_json "office sees every batch" 200
req GET /api/v1/batches/abc -H "$H_DEPT"
expect_problem "batch id abc" 400 "positive whole number"
req GET /api/v1/batches/0 -H "$H_DEPT"
expect_problem "batch id 0" 400
req GET /api/v1/batches/99999 -H "$H_DEPT"
expect_problem "no such batch" 404

# Batches that cannot be taken: 400 or 415, and nothing is written.
before=$(counts)
req POST "/api/v1/batches?class=penalty" -H "$H_DEPT" -H "$CSV" --data-binary $'CF_XDR_MC,NOT_A_FIELD\nx,y\n'
expect_problem "unknown column" 400 "NOT_A_FIELD"
req POST "/api/v1/batches?class=penalty" -H "$H_DEPT" -H "$CSV" --data-binary $'CF_XDR_MC,CF_XDR_LB\nx,02\n'
expect_problem "missing mandatory column" 400 "no column for mandatory field"
req POST "/api/v1/batches?class=nosuch" -H "$H_DEPT" -H "$CSV" --data-binary @penalty-good.csv
expect_problem "unknown class" 400 "unknown class nosuch"
req POST /api/v1/batches -H "$H_DEPT" -H "$CSV" --data-binary @penalty-good.csv
expect_problem "no class" 400 "class is required"
expect_eq "no class: bilingual detail" "class 为必填项，如 ?class=penalty (class is required, e.g. ?class=penalty)" \
    "$(json_detail)"
req POST "/api/v1/batches?class=penalty&format=xml" -H "$H_DEPT" -H "$CSV" --data-binary @penalty-good.csv
expect_problem "unknown format" 400 "format must be csv, jsonl or xlsx"
req POST "/api/v1/batches?class=penalty" -H "$H_DEPT" -H "$CSV"
expect_problem "empty batch" 400 "empty"
printf '\xff\xfe\x00\x01' >binary.csv
req POST "/api/v1/batches?class=penalty" -H "$H_DEPT" -H "$CSV" --data-binary @binary.csv
expect_problem "undecodable batch" 400 "UTF-8"
req POST "/api/v1/batches?class=penalty" -H "$H_DEPT" -H "$JSON" --data-binary @penalty-good.csv
expect_problem "batch as application/json" 415 "text/csv" "application/x-ndjson"
req POST "/api/v1/batches?class=penalty" -H "$H_DEPT" --data-binary @penalty-good.csv
expect_problem "batch as a form" 415
expect_eq "failed batches write nothing" "$before" "$(counts)"

# ---- a department's own records: non-public fields in full, each read audited ----
reads=$(audit_count "action = 'record.read_private'")
req GET /api/v1/dept/records -H "$H_DEPT"
expect_json "dept records" 200
expect_contains "dept records: whose" "{\"dept\":\"$DEPT\",\"items\":[" "$BODY"
expect_eq "dept records: only its own" "\"dept_uscc\":\"$DEPT\"" \
    "$(printf '%s' "$BODY" | grep -o '"dept_uscc":"[^"]*"' | sort -u | tr -d '\n')"
expect_eq "dept records: every current record" 8 "$(printf '%s' "$BODY" | grep -o '"_record":{"id"' | wc -l | tr -d ' ')"
expect_contains "dept records: ID number in full" '"party_id_no":"360426199101010071"' "$BODY"
expect_contains "dept records: legal representative's ID in full" '"legal_rep_id_no":"420103197005203013"' "$BODY"
expect_contains "dept records: unpublished ones too" '"status":"unpublished"' "$BODY"
case "$BODY" in *API许*) fail "dept records show another department's records" ;; esac
expect_eq "dept records: read audited" $((reads + 1)) "$(audit_count "action = 'record.read_private'")"
expect_eq "dept records: audit entry" "$(key_id "$K_DEPT")|department|dept/$DEPT/records" \
    "$(sql "SELECT key_id || '|' || role || '|' || object FROM audit ORDER BY seq DESC LIMIT 1")"
req GET "/api/v1/dept/records?limit=3" -H "$H_DEPT"
expect_json "dept records page 1" 200
expect_eq "page 1 size" 3 "$(printf '%s' "$BODY" | grep -o '"_record":{"id"' | wc -l | tr -d ' ')"
cur=$(json_get "$BODY" next_cursor)
[ -n "$cur" ] && [ "$cur" != null ] || fail "dept records page 1 has no next_cursor: $BODY"
ids1=$(printf '%s' "$BODY" | grep -o '"_record":{"id":[0-9]*' | cut -d: -f3 | tr '\n' ' ')
req GET "/api/v1/dept/records?limit=3&cursor=$cur" -H "$H_DEPT"
expect_json "dept records page 2" 200
ids2=$(printf '%s' "$BODY" | grep -o '"_record":{"id":[0-9]*' | cut -d: -f3 | tr '\n' ' ')
[ -n "$ids2" ] || fail "dept records page 2 is empty"
for i in $ids2; do
    case " $ids1 " in *" $i "*) fail "record $i on both pages" ;; esac
    [ "$i" -gt "$cur" ] || fail "record $i on the page after cursor $cur"
done
req GET "/api/v1/dept/records?class=license" -H "$H_DEPT2"
expect_json "second department's records" 200
expect_eq "second department: its licences" 2 "$(printf '%s' "$BODY" | grep -o '"_record":{"id"' | wc -l | tr -d ' ')"
expect_contains "second department: person's ID in full" '"party_id_no":"420102199007084567"' "$BODY"
case "$BODY" in *武市监罚*) fail "the second department sees the first one's penalties" ;; esac
req GET "/api/v1/dept/records?class=penalty" -H "$H_DEPT2"
expect_eq "second department: no penalties" "{\"dept\":\"$DEPT2\",\"items\":[],\"next_cursor\":null}" "$BODY"
reads=$(audit_count "action = 'record.read_private'")
req GET "/api/v1/dept/records?class=nosuch" -H "$H_DEPT"
expect_problem "dept records of an unknown class" 400 'unknown class "nosuch"'
req GET "/api/v1/dept/records?limit=101" -H "$H_DEPT"
expect_problem "dept records limit 101" 400 "1 to 100"
expect_eq "refused reads are not audited" "$reads" "$(audit_count "action = 'record.read_private'")"

# ---- public routes with data ----
req GET "/api/v1/subjects?q=91420684MA4927PJ7B"
expect_json "search by code" 200
expect_contains "search by code" '"kind":"org","name":"武汉好运商贸有限公司","uscc":"91420684MA4927PJ7B"' "$BODY"
req GET "/api/v1/subjects?q=有限公司&limit=1"
expect_json "search page 1" 200
expect_eq "search page 1 size" 1 "$(printf '%s' "$BODY" | grep -o '"kind":' | wc -l | tr -d ' ')"
expect_contains "search next cursor" '"next_cursor":"1"' "$BODY"
first=$(json_get "$BODY" uscc)
req GET "/api/v1/subjects?q=有限公司&limit=1&cursor=1"
expect_json "search page 2" 200
second=$(json_get "$BODY" uscc)
[ -n "$second" ] && [ "$first" != "$second" ] || fail "search page 2 repeats page 1: [$first] [$second]"
req GET "/api/v1/subjects?q=李明"
expect_contains "persons are not searched" '"items":[],"next_cursor":null}' "$BODY"
req GET /api/v1/subjects/91420684MA4927PJ7B
expect_json "subject" 200
expect_contains "subject" '"subject":{"id":"p' "$BODY"
expect_contains "subject records" '"penalty":[{' "$BODY"
req GET "/api/v1/subjects/91420684MA4927PJ7B/records?class=penalty"
expect_json "subject records" 200
expect_contains "subject records" '"class":"penalty","items":[' "$BODY"
req GET "/api/v1/subjects/91420684MA4927PJ7B/records?class=nosuch"
expect_problem "subject records of an unknown class" 400 "nosuch"
req GET /api/v1/subjects/91420684MA4927PJ7B/records
expect_problem "subject records without class" 400 "class is required"
req GET /api/v1/subjects/91110000600037341L
expect_problem "unknown subject" 404
req GET /api/v1/subjects/360426199101010071
[ "$CODE" = 400 ] || [ "$CODE" = 404 ] || fail "a subject by ID number: $CODE $BODY"
rid=$(sql "SELECT id FROM record WHERE doc_no = '武市监罚〔2024〕102号'")
req GET "/api/v1/records/$rid"
expect_json "public record" 200
expect_contains "public record masked" '"party_id_no":"3604**********0071"' "$BODY"
no_id_numbers "public record" "$BODY"
unpub=$(sql "SELECT id FROM record WHERE doc_no = '武市监罚〔2024〕105号'")
req GET "/api/v1/records/$unpub"
expect_problem "simple-procedure record" 404
req GET /api/v1/records/abc
expect_problem "record id abc" 400 "positive whole number"
req GET /api/v1/records/99999
expect_problem "no such record" 404
req GET /api/v1/lists/purple
expect_problem "no such list" 404 "red, black and watch"

# ---- the credit office ----
req GET /api/v1/admin/keys -H "$H_OFFICE"
expect_json "key list" 200
expect_contains "key list" "{\"id\":$(key_id "$K_DEPT"),\"role\":\"department\",\"dept\":\"$DEPT\",\"name\":\"市场监管局接口\"" "$BODY"
for k in "$K_OFFICE" "$K_AUDIT" "$K_DEPT" "$K_DEPT2" "$K_APPROVAL" "$K_DOOMED"; do
    case "$BODY" in *"${k##*_}"*) fail "key list shows a secret" ;; esac
done
# Any record in full, audited; a record that is not there writes nothing.
reads=$(audit_count "action = 'record.read_private'")
req GET "/api/v1/admin/records/$rid" -H "$H_OFFICE"
expect_json "admin record" 200
expect_contains "admin record in full" '"party_id_no":"360426199101010071"' "$BODY"
expect_contains "admin record metadata" '"status":"published"' "$BODY"
expect_eq "admin record audited" "$(key_id "$K_OFFICE")|office|record.read_private|record/$rid" \
    "$(sql "SELECT key_id || '|' || role || '|' || action || '|' || object FROM audit ORDER BY seq DESC LIMIT 1")"
req GET "/api/v1/admin/records/$unpub" -H "$H_OFFICE"
expect_json "admin record unpublished" 200
expect_contains "admin record unpublished" '"status":"unpublished"' "$BODY"
before=$(counts)
req GET /api/v1/admin/records/99999 -H "$H_OFFICE"
expect_problem "admin record absent" 404
req GET /api/v1/admin/records/x1 -H "$H_OFFICE"
expect_problem "admin record id" 400
expect_eq "absent record not audited" "$before" "$(counts)"
expect_eq "admin reads audited" $((reads + 2)) "$(audit_count "action = 'record.read_private'")"
# Revoke a key: 204, then it no longer opens anything; twice is 404.
doomed=$(key_id "$K_DOOMED")
req GET /api/v1/audit/verify -H "Authorization: Bearer $K_DOOMED"
expect_json "key before revocation" 200
req DELETE "/api/v1/admin/keys/$doomed" -H "$H_OFFICE"
expect_status "revoke" 204
expect_eq "revoke body" "" "$BODY"
expect_eq "revoke audited" "key.revoke|key/$doomed" "$(sql "SELECT action || '|' || object FROM audit ORDER BY seq DESC LIMIT 1")"
req GET /api/v1/audit/verify -H "Authorization: Bearer $K_DOOMED"
expect_problem "revoked key" 401 "not valid"
# Refusals people read are bilingual: the Chinese sentence, then the English one in brackets at the end.
expect_eq "revoked key: bilingual detail" \
    "API 密钥无效（未知、已吊销或格式有误） (the API key is not valid: unknown, revoked or malformed)" "$(json_detail)"
req GET /api/v1/catalog -H "Authorization: Bearer $K_DOOMED"
expect_problem "revoked key on a public route" 401
before=$(counts)
req DELETE "/api/v1/admin/keys/$doomed" -H "$H_OFFICE"
expect_problem "revoke twice" 404
req DELETE /api/v1/admin/keys/99999 -H "$H_OFFICE"
expect_problem "revoke unknown" 404
req DELETE /api/v1/admin/keys/abc -H "$H_OFFICE"
expect_problem "revoke abc" 400
expect_eq "failed revocations write nothing" "$before" "$(counts)"
# The catalogue: the repository's is taken; a broken one is 400 and changes nothing.
CAT=$SRC/catalog/catalog.json
[ -f "$CAT" ] || fail "no catalogue at $CAT (set XY_SRC)"
req PUT /api/v1/admin/catalog -H "$H_OFFICE" -H "$JSON" --data-binary @"$CAT"
expect_json "catalogue put" 200
expect_eq "catalogue put" '{"catalog_version":"2026.4"}' "$BODY"
expect_eq "catalogue put audited" "catalog.load|catalog/2026.4" "$(sql "SELECT action || '|' || object FROM audit ORDER BY seq DESC LIMIT 1")"
before=$(counts)
printf '{"catalog_version":"broken","code_lists":{},"classes":[{"class":"x","name_zh":"x","name_en":"x","scope":"secret","fields":[]}]}' >broken.json
req PUT /api/v1/admin/catalog -H "$H_OFFICE" -H "$JSON" --data-binary @broken.json
expect_problem "broken catalogue" 400 "unknown scope secret"
sed 's/"classes": \[/"classes": [ {"class": "penalty"},/' "$CAT" >broken2.json
req PUT /api/v1/admin/catalog -H "$H_OFFICE" -H "$JSON" --data-binary @broken2.json
expect_problem "catalogue with a bad class" 400 "catalogue"
head -c 5000 "$CAT" >truncated.json
req PUT /api/v1/admin/catalog -H "$H_OFFICE" -H "$JSON" --data-binary @truncated.json
expect_problem "truncated catalogue" 400
req PUT /api/v1/admin/catalog -H "$H_OFFICE" -H "Content-Type: text/plain" --data-binary @"$CAT"
expect_problem "catalogue as text/plain" 415 "application/json"
expect_eq "broken catalogues write nothing" "$before" "$(counts)"
req GET /api/v1/catalog
expect_eq "catalogue as before" "$CATALOG_BEFORE" "$BODY"

# ---- the auditor ----
n=$(audit_count)
req GET /api/v1/audit -H "$H_AUDIT"
expect_json "audit list" 200
expect_eq "audit list: every entry" "$n" "$(printf '%s' "$BODY" | grep -o '"seq":' | wc -l | tr -d ' ')"
expect_contains "audit entry" '{"seq":1,"at":"' "$BODY"
expect_contains "audit entry shape" '"action":"key.create","object":"key/1","detail":' "$BODY"
[[ $BODY =~ \"prev\":\"0{64}\",\"hash\":\"[0-9a-f]{64}\" ]] || fail "audit entry 1 has no chain hashes: $BODY"
expect_contains "audit list: last page" '"next_cursor":null' "$BODY"
req GET "/api/v1/audit?limit=2" -H "$H_AUDIT"
expect_eq "audit page 1" "1 2" "$(printf '%s' "$BODY" | grep -o '"seq":[0-9]*' | cut -d: -f2 | tr '\n' ' ' | sed 's/ $//')"
expect_contains "audit page 1 cursor" '"next_cursor":"2"' "$BODY"
req GET "/api/v1/audit?limit=2&cursor=2" -H "$H_AUDIT"
expect_eq "audit page 2" "3 4" "$(printf '%s' "$BODY" | grep -o '"seq":[0-9]*' | cut -d: -f2 | tr '\n' ' ' | sed 's/ $//')"
req GET "/api/v1/audit?limit=1001" -H "$H_AUDIT"
expect_problem "audit limit 1001" 400 "1 to 1000"
req GET /api/v1/audit/verify -H "$H_AUDIT"
expect_json "audit verify" 200
expect_eq "audit verify" "{\"whole\":true,\"entries\":$(audit_count)}" "$BODY"
ACTION2=$(sql "SELECT action FROM audit WHERE seq = 2")
sql "UPDATE audit SET action = 'tampered' WHERE seq = 2"
req GET /api/v1/audit/verify -H "$H_AUDIT"
expect_contains "audit verify tampered" '"whole":false,' "$BODY"
expect_contains "audit verify names the entry" '"first_broken":2}' "$BODY"
sql "UPDATE audit SET action = '$ACTION2' WHERE seq = 2"
req GET /api/v1/audit/verify -H "$H_AUDIT"
expect_contains "audit verify restored" '"whole":true' "$BODY"

# ---- limits and bad input: a problem document naming what was wrong, and nothing written ----
before=$(counts)
# Bodies over their limit: 413 naming it (declared length, and chunked with no length).
head -c $((2 << 20)) /dev/zero | tr '\0' 'a' >big.bin
req POST "/api/v1/batches?class=penalty" -H "$H_DEPT" -H "$CSV" --data-binary @big.bin
expect_problem "2 MiB batch" 413 "limit of 1048576 bytes"
req POST "/api/v1/batches?class=penalty" -H "$H_DEPT" -H "$CSV" -H "Transfer-Encoding: chunked" --data-binary @big.bin
expect_problem "2 MiB chunked batch" 413 "limit of 1048576 bytes"
{
    printf '{"role":"auditor","name":"'
    head -c $((1 << 20)) /dev/zero | tr '\0' 'a'
    printf '"}'
} >big.json
req POST /api/v1/admin/keys -H "$H_OFFICE" -H "$JSON" --data-binary @big.json
expect_problem "JSON body over 1 MiB" 413 "limit of 1048576 bytes"
req PUT /api/v1/admin/catalog -H "$H_OFFICE" -H "$JSON" --data-binary @big.bin
expect_problem "catalogue over the batch limit" 413 "limit of 1048576 bytes"
# (server.c means 400 "takes no request body"; a declared length over the route's limit of 0
# answers 413 first. Either refuses it.)
req GET /api/v1/catalog -H "$CSV" --data-binary @penalty-good.csv
case $CODE in
400) expect_problem "a body where none is taken" 400 "takes no request body" ;;
*) expect_problem "a body where none is taken" 413 "limit of 0 bytes" ;;
esac
# Query parameters: unknown, repeated, too long, bad page sizes and cursors.
req GET "/api/v1/subjects?q=武汉&sort=name"
expect_problem "unknown parameter" 400
expect_eq "unknown parameter: bilingual detail, the name in the Chinese part only" \
    '未知的查询参数“sort”（此接口接受：q cursor limit） (unknown query parameter; this route takes: q cursor limit)' \
    "$(json_detail)"
req GET "/api/v1/catalog?verbose=1"
expect_problem "parameter on a route without any" 400 '“verbose”' "takes: none"
req GET "/api/v1/audit?seq=1" -H "$H_AUDIT"
expect_problem "unknown parameter on a protected route" 400 '“seq”'
req GET "/api/v1/subjects?q=武汉&q=汉江"
expect_problem "repeated parameter" 400 '查询参数“q”重复出现 (query parameter "q" is given more than once)'
req GET "/api/v1/lists/red?limit=5&limit=6"
expect_problem "repeated limit" 400 '"limit" is given more than once'
req GET "/api/v1/subjects?q=$(head -c 600 /dev/zero | tr '\0' a)"
expect_problem "parameter over 512 bytes" 400 '"q" is longer than 512 bytes'
for l in 0 -1 101 abc 1.5 ''; do
    req GET "/api/v1/lists/red?limit=$l"
    expect_problem "lists limit=$l" 400 "limit must be a whole number from 1 to 100"
    req GET "/api/v1/commitments?limit=$l"
    expect_problem "commitments limit=$l" 400 "1 to 100"
done
for l in 0 51 x; do
    req GET "/api/v1/subjects?q=武汉&limit=$l"
    expect_problem "search limit=$l" 400 "from 1 to 50"
done
req GET "/api/v1/subjects?q=武汉&limit=50"
expect_json "search limit 50" 200
req GET "/api/v1/lists/red?limit=100"
expect_json "lists limit 100" 200
for c in abc -1 1e3 99999999999999999999; do
    req GET "/api/v1/lists/black?cursor=$c"
    expect_problem "cursor=$c" 400 "cursor"
    req GET "/api/v1/subjects?q=武汉&cursor=$c"
    expect_problem "search cursor=$c" 400 "cursor"
done
req GET "/api/v1/subjects?q="
expect_problem "empty search" 400 "q is required"
req GET /api/v1/subjects
expect_problem "search without q" 400 "q is required"
# JSON bodies: malformed, wrong shape, unknown field, wrong type, too deep, missing field.
req POST /api/v1/admin/keys -H "$H_OFFICE" -H "$JSON" --data-binary '{"role":"auditor"'
expect_problem "malformed JSON" 400 "not valid JSON"
req POST /api/v1/admin/keys -H "$H_OFFICE" -H "$JSON" --data-binary '["auditor"]'
expect_problem "JSON array" 400 "must be a JSON object"
req POST /api/v1/admin/keys -H "$H_OFFICE" -H "$JSON" --data-binary '{"role":"auditor","admin":"yes"}'
expect_problem "unknown field" 400 'unknown field "admin"'
req POST /api/v1/admin/keys -H "$H_OFFICE" -H "$JSON" --data-binary '{"role":5}'
expect_problem "wrong type" 400 'field "role" must be a string'
req POST /api/v1/admin/keys -H "$H_OFFICE" -H "$JSON" --data-binary '{"role":"auditor","name":null}'
expect_problem "null field" 400 'field "name" must be a string'
req POST /api/v1/admin/keys -H "$H_OFFICE" -H "$JSON" --data-binary '{"role":"auditor","name":{"a":{"b":{"c":{"d":{"e":{"f":{"g":{"h":"x"}}}}}}}}}'
expect_problem "JSON deeper than 8" 400 "deeper than 8"
req POST /api/v1/admin/keys -H "$H_OFFICE" -H "$JSON" --data-binary '{"name":"x"}'
expect_problem "missing field" 400 'field "role" is required'
req POST /api/v1/admin/keys -H "$H_OFFICE" -H "$JSON" --data-binary '{"role":"auditor","role":"office"}'
expect_problem "duplicate field" 400 "duplicate"
req POST /api/v1/admin/keys -H "$H_OFFICE" -H "$JSON" --data-binary '{"role":"root"}'
expect_problem "unknown role" 400 "role must be"
req POST /api/v1/admin/keys -H "$H_OFFICE" -H "$JSON" --data-binary '{"role":"department"}'
expect_problem "department key without dept" 400 "department"
req POST /api/v1/admin/keys -H "$H_OFFICE" -H "$JSON" --data-binary '{"role":"department","dept":"91420684MA4927PJ7B"}'
expect_problem "department key for an unknown department" 404 "not registered"
req POST /api/v1/admin/keys -H "$H_OFFICE" -H "$JSON" --data-binary "{\"role\":\"office\",\"dept\":\"$DEPT\"}"
expect_problem "office key with a department" 400 "only department and approval-system keys"
req POST /api/v1/admin/keys -H "$H_OFFICE" -H "$JSON" --data-binary '{"role":"subject"}'
expect_problem "subject key" 400 "named subject"
req POST /api/v1/admin/keys -H "$H_OFFICE" -H "Content-Type: text/plain" --data-binary '{"role":"auditor"}'
expect_problem "key body as text/plain" 415 "application/json"
req POST /api/v1/admin/keys -H "$H_OFFICE" --data-binary '{"role":"auditor"}'
expect_problem "key body as a form" 415
req POST /api/v1/admin/depts -H "$H_OFFICE" -H "$JSON" --data-binary "{\"uscc\":\"$DEPT3\"}"
expect_problem "dept without name" 400 'field "name" is required'
req POST /api/v1/admin/depts -H "$H_OFFICE" -H "$JSON" --data-binary '{"uscc":"11230500001755309G","name":"错码"}'
expect_problem "dept with a bad code" 400 "not a valid unified social credit code"
req POST /api/v1/admin/depts -H "$H_OFFICE" -H "$JSON" --data-binary "{\"uscc\":\"$DEPT3\",\"name\":\"\"}"
expect_problem "dept with an empty name" 400 "name"
req POST /api/v1/admin/depts -H "$H_OFFICE" -H "$JSON" --data-binary "{\"uscc\":\"$DEPT3\",\"name\":\"x\",\"boss\":\"y\"}"
expect_problem "dept with an unknown field" 400 'unknown field "boss"'
req POST /api/v1/admin/depts -H "$H_OFFICE" --data-binary "{\"uscc\":\"$DEPT3\",\"name\":\"x\"}"
expect_problem "dept as a form" 415
# URLs: too long, no route, wrong method.
req GET "/api/v1/subjects/$(head -c 2100 /dev/zero | tr '\0' 'a')"
expect_problem "URL over 2048 bytes" 400 "2048"
req GET "/api/v1/records/$(head -c 2100 /dev/zero | tr '\0' '1')"
expect_problem "record URL over 2048 bytes" 400 "2048"
req GET /api/v1/nothing
expect_problem "no route" 404 "no such route"
expect_eq "no route: bilingual detail" "没有此接口 (no such route: GET /api/v1/nothing)" "$(json_detail)"
req GET /api/v2/subjects
expect_problem "no route (v2)" 404
req GET /api/v1/subjects/91420684MA4927PJ7B/extra
expect_problem "no route (deeper)" 404
req GET /nothing.html
expect_problem "no page" 404
req DELETE /api/v1/catalog
expect_problem "wrong method" 405 "DELETE is not allowed"
req POST /healthz
expect_problem "POST healthz" 405
req PUT /api/v1/admin/keys -H "$H_OFFICE"
expect_problem "PUT keys" 405
req PATCH /api/v1/records/1
expect_problem "PATCH record" 405
expect_eq "bad requests write nothing" "$before" "$(counts)"
# The server is still well after all that.
req GET /healthz
expect_json "healthz after bad input" 200

# ---- the search rate limit, on a second server over the same database ----
start_server limited --search-rate 2 --access-log "$WORK/limited.log"
LIMITED=$SPID
# Ten searches at once (a burst of 4 at 2 a second): some are served, the rest refused.
for i in $(seq 1 10); do
    curl -s -g -o "$WORK/rl$i.body" -D "$WORK/rl$i.hdrs" -w '%{http_code}' "$URL/api/v1/subjects?q=%E6%AD%A6%E6%B1%89" \
        >"$WORK/rl$i.code" &
done
wait_jobs=$(jobs -p | grep -v -x -e "$MAIN" -e "$LIMITED" || true)
for j in $wait_jobs; do wait "$j" || true; done
ok=0
limited=0
for i in $(seq 1 10); do
    CODE=$(cat "$WORK/rl$i.code")
    BODY=$(cat "$WORK/rl$i.body")
    HDRS=$(tr -d '\r' <"$WORK/rl$i.hdrs")
    CTYPE=$(printf '%s\n' "$HDRS" | sed -n 's/^[Cc]ontent-[Tt]ype: *//p' | tail -n 1)
    case $CODE in
    200) ok=$((ok + 1)) ;;
    429)
        limited=$((limited + 1))
        expect_problem "rate limited" 429 "2 requests a second"
        ra=$(header Retry-After)
        [[ $ra =~ ^[1-9][0-9]*$ ]] || fail "429 without a Retry-After in seconds: [$ra]"
        ;;
    *) fail "search $i on the limited server: $CODE $BODY" ;;
    esac
done
[ "$ok" -ge 1 ] || fail "rate limit: no search was served"
[ "$limited" -ge 1 ] || fail "rate limit: 10 searches at once at 2/s and none was refused"
# Only search is limited.
for i in $(seq 1 6); do
    req GET /api/v1/subjects/91420684MA4927PJ7B
    expect_json "subject on the limited server" 200
done
stop_server "$LIMITED" limited
URL=$MAIN_URL
SPID=$MAIN
SNAME=main

# ---- metrics ----
req GET /metrics
expect_status "metrics" 200
for want in 'xinyong_http_requests_total{method="GET",route="/api/v1/catalog",status="200"}' \
    'xinyong_http_requests_total{method="POST",route="/api/v1/batches",status="201"}' \
    'xinyong_http_requests_total{method="POST",route="/api/v1/batches",status="413"}' \
    'xinyong_http_requests_total{method="GET",route="/api/v1/dept/records",status="401"}' \
    'xinyong_http_requests_total{method="GET",route="/api/v1/admin/keys",status="403"}' \
    'xinyong_http_requests_total{method="",route="(none)",status="404"}' \
    '# TYPE xinyong_http_request_duration_seconds histogram' \
    'xinyong_http_request_duration_seconds_bucket{le="0.005"}' \
    'xinyong_http_request_duration_seconds_bucket{le="+Inf"}' \
    'xinyong_http_request_duration_seconds_sum' 'xinyong_batches_total' 'xinyong_rows_total{outcome="accepted"}' \
    'xinyong_rows_total{outcome="rejected"}'; do
    expect_contains "metrics" "$want" "$BODY"
done
inf=$(printf '%s\n' "$BODY" | sed -n 's/^xinyong_http_request_duration_seconds_bucket{le="+Inf"} //p')
count=$(printf '%s\n' "$BODY" | sed -n 's/^xinyong_http_request_duration_seconds_count //p')
expect_eq "histogram +Inf bucket is the count" "$count" "$inf"
[ "$count" -ge 100 ] || fail "histogram counted only $count requests"
expect_eq "batches counted" 8 "$(printf '%s\n' "$BODY" | sed -n 's/^xinyong_batches_total //p')"

# ---- the access log: one JSON line per request, route patterns only ----
log=$WORK/access.log
for i in $(seq 1 100); do # the line of the /metrics request above is written once it is answered
    tail -n 1 "$log" | grep -q '"route":"/metrics"' && break
    sleep 0.05
done
n0=$(wc -l <"$log" | tr -d ' ')
req GET "/api/v1/subjects?q=360426199101010071"
req GET /api/v1/records/99999
req GET /api/v1/audit/verify -H "$H_AUDIT"
for i in $(seq 1 100); do
    [ "$(wc -l <"$log" | tr -d ' ')" -lt $((n0 + 3)) ] || break
    sleep 0.05
done
expect_eq "access log: one line per request" $((n0 + 3)) "$(wc -l <"$log" | tr -d ' ')"
last3=$(tail -n 3 "$log")
expect_contains "access log search (an ID number is refused)" '"method":"GET","route":"/api/v1/subjects","status":400,"duration_us":' "$last3"
expect_contains "access log record" '"route":"/api/v1/records/{id}","status":404' "$last3"
expect_contains "access log key" "\"route\":\"/api/v1/audit/verify\",\"status\":200,\"duration_us\":" "$last3"
expect_contains "access log key id" "\"key\":$(key_id "$K_AUDIT"),\"role\":\"auditor\"" "$(printf '%s\n' "$last3" | grep audit/verify)"
bad=$(grep -v -E '^\{"time":"[0-9T:Z-]+","method":"[A-Z]+","route":"[^"]+","status":[0-9]{3},"duration_us":[0-9]+,"key":[0-9]+,"role":"[a-z]+","client":"[0-9.]+"\}$' "$log" | head -n 3 || true)
[ -z "$bad" ] || fail "access log lines not in the expected shape: $bad"
no_id_numbers "access log" "$(cat "$log")"
if grep -q -e '?' -e 'q=' -e '武汉' -e 'xy_[0-9]*_[0-9a-f]\{64\}' "$log"; then
    fail "the access log holds a query string or a key: $(grep -e '?' -e 'q=' -e '武汉' "$log" | head -n 2)"
fi
expect_eq "stdout holds only the port" "port ${MAIN_URL##*:}" "$(cat "$WORK/main.out")"

# ---- the office creates keys and departments over HTTP ----
before_keys=$(sql 'SELECT count(*) FROM api_key')
before_audit=$(audit_count)
req POST /api/v1/admin/keys -H "$H_OFFICE" -H "$JSON" --data-binary '{"role":"auditor","name":"审计二"}'
expect_json "create key" 201
[[ $BODY =~ ^\{\"id\":([0-9]+),\"role\":\"auditor\",\"key\":\"(xy_[0-9]+_[0-9a-f]{64})\"\}$ ]] ||
    fail "create key answer: $BODY"
NEW_KEY=${BASH_REMATCH[2]}
expect_eq "key id in its text" "${BASH_REMATCH[1]}" "$(key_id "$NEW_KEY")"
expect_eq "key stored" $((before_keys + 1)) "$(sql 'SELECT count(*) FROM api_key')"
expect_eq "key creation audited" "$(key_id "$K_OFFICE")|office|key.create|key/${BASH_REMATCH[1]}" \
    "$(sql "SELECT key_id || '|' || role || '|' || action || '|' || object FROM audit ORDER BY seq DESC LIMIT 1")"
if grep -a -q -F "${NEW_KEY##*_}" "$XINYONG_DB" "$XINYONG_DB-wal" 2>/dev/null; then fail "a key's secret in the database"; fi
req GET /api/v1/audit/verify -H "Authorization: Bearer $NEW_KEY"
expect_json "the new key works" 200
req POST /api/v1/admin/depts -H "$H_OFFICE" -H "$JSON" --data-binary "{\"uscc\":\"$DEPT3\",\"name\":\"武汉市税务局\"}"
expect_json "add dept" 201
expect_eq "add dept" "{\"uscc\":\"$DEPT3\",\"name\":\"武汉市税务局\"}" "$BODY"
expect_eq "dept stored" "武汉市税务局" "$(sql "SELECT name FROM dept WHERE uscc = '$DEPT3'")"
req POST /api/v1/admin/depts -H "$H_OFFICE" -H "$JSON" --data-binary "{\"uscc\":\"$DEPT3\",\"name\":\"国家税务总局武汉市税务局\"}"
expect_json "rename dept" 200
expect_eq "dept renamed" "国家税务总局武汉市税务局" "$(sql "SELECT name FROM dept WHERE uscc = '$DEPT3'")"
expect_eq "dept changes audited" "dept.add|dept/$DEPT3 dept.rename|dept/$DEPT3" \
    "$(sql "SELECT $(sql_agg "action || '|' || object" ' ') FROM (SELECT * FROM audit WHERE action LIKE 'dept.%' AND object = 'dept/$DEPT3' ORDER BY seq) a")"
req POST /api/v1/admin/keys -H "$H_OFFICE" -H "$JSON" --data-binary "{\"role\":\"department\",\"dept\":\"$DEPT3\"}"
expect_json "create department key" 201
K_DEPT3=$(printf '%s' "$BODY" | sed -n 's/.*"key":"\([^"]*\)".*/\1/p')
req POST "/api/v1/batches?class=penalty" -H "Authorization: Bearer $K_DEPT3" -H "$CSV" --data-binary @penalty-good.csv
expect_json "the new department submits" 201
expect_contains "the new department's records are its own" '"added":5' "$BODY"
expect_eq "audit after HTTP administration" $((before_audit + 5)) "$(audit_count)"
req GET /api/v1/audit/verify -H "$H_AUDIT"
expect_contains "chain whole at the end" '"whole":true' "$BODY"

# ---- graceful shutdown: SIGTERM while a batch is uploading; it finishes, then exit 0 ----
# The server waits up to 6 s for requests in flight: fewer rows where imports are slower (the
# PostgreSQL run, one round trip a row under ASan: tests/blackbox/pg-suite.txt).
SLOW_ROWS=${XY_API_SLOW_ROWS:-1200}
{
    head -n 1 penalty-good.csv
    for i in $(seq 1 "$SLOW_ROWS"); do
        echo "武汉华鑫科技有限公司,02,91420684MA4927PJ7B,,张伟,,,慢罚〔2024〕${i}号,无照经营,当事人未取得营业执照从事经营活动,《无证无照经营查处办法》第十三条,罚款;警告,罚款2000元并警告,0.2,2024-03-05,2024-03-20,武汉市市场监督管理局,11230500001755309F,武汉市市场监督管理局,11230500001755309F,2,1"
    done
} >slow.csv
size=$(wc -c <slow.csv | tr -d ' ')
[ "$size" -lt $((1 << 20)) ] || fail "slow.csv is over the 1 MiB limit of this server"
curl -s -o slow.out -w '%{http_code}' --limit-rate $((size * 2 / 3)) --trace-ascii slow.trace -X POST -H "$H_DEPT" \
    -H "$CSV" --data-binary @slow.csv "$URL/api/v1/batches?class=penalty" >slow.code &
CURL=$!
for i in $(seq 1 200); do # until the body is being sent (the upload takes about 1.5 seconds)
    grep -q '^=> Send data' slow.trace 2>/dev/null && break
    sleep 0.05
done
grep -q '^=> Send data' slow.trace || fail "the slow upload never started"
sleep 0.3
kill -TERM "$MAIN"
sleep 0.3
code=$(curl -s -m 2 -o /dev/null -w '%{http_code}' "$URL/healthz" || true)
[ "$code" = 000 ] || fail "a new connection was answered ($code) after SIGTERM"
wait "$CURL" || true
expect_eq "request in flight finished" 201 "$(cat slow.code)"
expect_contains "request in flight committed" "\"rows\":$SLOW_ROWS,\"accepted\":$SLOW_ROWS" "$(cat slow.out)"
stop_server "$MAIN" main
expect_eq "in-flight batch stored" "$SLOW_ROWS" "$(sql "SELECT count(*) FROM record WHERE doc_no LIKE '慢罚%'")"
echo "api: all checks passed"
