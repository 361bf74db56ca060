#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Hostile input against the running server: what a public server meets beyond the limits api.sh
# checks. Oversized and malformed headers, malformed HTTP, deep JSON, invalid UTF-8, NUL bytes, `..`
# and encoded `%2e%2e` paths, SQL-looking text in every parameter of every public route, huge and
# negative numbers, duplicated parameters, wrong content types, hostile XLSX workbooks (truncated, a
# bomb, no sheet, a DOCTYPE, too many files), slow clients (others are served
# meanwhile) and more connections from one address than it may hold. Each answer is a 4xx with a
# problem document (or, where libmicrohttpd answers before us or the connection limit applies, a 4xx
# of its own or a closed connection); never a 5xx, a crash or a write; and the server's log holds no
# sanitizer report when it stops.
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh.inc"
. "$HERE/server.sh.inc"
. "$HERE/exchange_sign.sh.inc"
D=$XY_TEST_DATA
DEPT=11230500001755309F

# ---- helpers ----

# req METHOD PATH [curl args...]: one request, the path sent as it is. Sets CODE, BODY, CTYPE.
req() {
    local m=$1 p=$2
    shift 2
    rm -f "$WORK/.body" "$WORK/.hdrs"
    CODE=$(curl -s -g --path-as-is -m 20 -X "$m" -o "$WORK/.body" -D "$WORK/.hdrs" -w '%{http_code}' "$@" "$URL$p" ||
        true)
    BODY=$(tr -d '\0' <"$WORK/.body" 2>/dev/null || true)
    CTYPE=$(tr -d '\r' <"$WORK/.hdrs" 2>/dev/null | sed -n 's/^[Cc]ontent-[Tt]ype: *//p' | tail -n 1)
    alive "$m $p"
}

# alive WHAT: the server is still running.
alive() {
    kill -0 "$SPID" 2>/dev/null || die "$1: the server died: $(server_log "$SNAME")"
}

# refused WHAT [STATUS...]: the last answer is a 4xx problem document (of one of the statuses, when
# given); never a 5xx.
refused() {
    local what=$1 s ok=0
    shift
    case $CODE in
    4??) ;;
    000 | "")
        fail "$what: no answer (connection dropped)"
        return 0
        ;;
    *)
        fail "$what: status $CODE, expected a 4xx; body: ${BODY:0:300}"
        return 0
        ;;
    esac
    [ $# -gt 0 ] || ok=1
    for s in "$@"; do [ "$CODE" = "$s" ] && ok=1; done
    if [ "$ok" != 1 ]; then
        fail "$what: status $CODE, expected one of $*; body: ${BODY:0:300}"
    elif [ "$CTYPE" != "application/problem+json" ] || [[ $BODY != *"\"status\":$CODE"* ]] ||
        [[ $BODY != *'"detail":"'* ]]; then
        fail "$what: $CODE without a problem document: [$CTYPE] ${BODY:0:300}"
    fi
}

# served WHAT: a 200 JSON answer (for hostile text that is a legitimate, if odd, search).
served() {
    [ "$CODE" = 200 ] || fail "$1: status $CODE, expected 200; body: ${BODY:0:300}"
    expect_contains "$1: JSON" "application/json" "$CTYPE"
}

# raw NAME BYTES...: sends printf-formatted bytes on a new connection and reads the answer (for
# 1 s). Sets RAW (the answer, possibly empty if the server closed the connection).
raw() {
    local name=$1 fd
    shift
    exec {fd}<>"/dev/tcp/127.0.0.1/$PORT"
    # In a subshell: a server that closes early makes the write raise SIGPIPE, which must not end us.
    # shellcheck disable=SC2059 # the bytes are the format on purpose
    (printf "$@" >&"$fd") 2>/dev/null || true
    RAW=$(timeout 1 cat <&"$fd" 2>/dev/null | tr -d '\0' | head -c 2000 || true)
    exec {fd}>&-
    alive "raw $name"
}

# raw_refused NAME: the raw answer is a 4xx status line, or nothing (the connection was closed).
raw_refused() {
    local line
    line=$(printf '%s\n' "$RAW" | head -n 1 | tr -d '\r')
    case $line in
    "" | "HTTP/1."[01]" 4"??" "*) ;;
    *) fail "raw $1: expected a 4xx or a closed connection, got [$line]" ;;
    esac
}

counts() {
    sql "SELECT (SELECT count(*) FROM batch) || ' ' || (SELECT count(*) FROM record) || ' ' ||
         (SELECT count(*) FROM batch_reject) || ' ' || (SELECT count(*) FROM audit) || ' ' ||
         (SELECT count(*) FROM api_key) || ' ' || (SELECT count(*) FROM dept) || ' ' ||
         (SELECT count(*) FROM catalog) || ' ' || (SELECT count(*) FROM subject) || ' ' ||
         $(sql_objects)"
}

# ---- setup: data in every public class the routes show ----
run_xy 0 init
run_xy 0 dept add "$DEPT" 武汉市市场监督管理局
for f in penalty-good.csv:penalty api-red.csv:red_list api-black.csv:black_list api-watch.csv:watch_list \
    api-commitment.csv:commitment api-license.csv:license; do
    run_xy 0 import --quiet --class "${f#*:}" --dept "$DEPT" "$D/${f%:*}"
done
run_xy 0 key create --role office --name 信用办
H_OFFICE="Authorization: Bearer $(printf '%s\n' "$OUT" | tail -n 1)"
run_xy 0 key create --role department --dept "$DEPT"
H_DEPT="Authorization: Bearer $(printf '%s\n' "$OUT" | tail -n 1)"
run_xy 0 key create --role auditor
H_AUDIT="Authorization: Bearer $(printf '%s\n' "$OUT" | tail -n 1)"
run_xy 0 key create --role platform --name xiaogan
H_PLAT="Authorization: Bearer $(printf '%s\n' "$OUT" | tail -n 1)"
XSK=$WORK/xiaogan.pem
run_xy 0 exchange source-key xiaogan "$(sign_keygen "$XSK")"
JSON="Content-Type: application/json"
: >"$WORK/main.out"
: >"$WORK/main.err"
start_server main --search-rate 0 --threads 2 --access-log "$WORK/access.log" --web "$WORK/no-web"
PORT=${URL##*:}
BEFORE=$(counts)
USCC=91420684MA4927PJ7B
# From here on a failed check is recorded and the test goes on, so that one run lists every
# problem; it fails at the end (or at once when the server dies).
PROBLEMS=$WORK/problems
: >"$PROBLEMS"
fail() {
    echo "FAIL: $*" | head -c 600 >>"$PROBLEMS"
    echo >>"$PROBLEMS"
    echo "FAIL: $*" | head -c 600 >&2
    echo >&2
}
die() {
    echo "FAIL: $*" >&2
    [ ! -s "$PROBLEMS" ] || { echo "and before that:" >&2; cat "$PROBLEMS" >&2; }
    exit 1
}
RID=$(sql "SELECT id FROM record WHERE class = 'penalty' AND status = 'published' LIMIT 1")

# ---- hostile exchange batches (a lower platform's key, docs/internals/EXCHANGE.md) ----
echo "hostile: [$SECONDS s] exchange batches" >&2
# inbound FILE [KEY] [sign_headers args after the body...]: POSTs FILE signed with KEY (default
# xiaogan's) as xiaogan; the headers used stay in $WORK/sig.hdr.
inbound() {
    local f=$1 key=${2:-$XSK} h=()
    shift 2 || shift $#
    sign_headers "$key" xiaogan "$f" "$@"
    while IFS= read -r line; do h+=(-H "$line"); done <"$WORK/sig.hdr"
    req POST /api/v1/exchange/inbound -H "$H_PLAT" -H "$JSON" "${h[@]}" --data-binary "@$f"
}
xstate() {
    sql "SELECT (SELECT $(sql_agg "last_seq || '.' || last_part || '.' || batches" ,) FROM exchange_source) || ' ' ||
         (SELECT count(*) FROM exchange_inbound) || ' ' || (SELECT count(*) FROM exchange_nonce) || ' ' ||
         (SELECT count(*) FROM record_source) || ' ' || (SELECT count(*) FROM change) || ' ' ||
         (SELECT count(*) FROM record) || ' ' || (SELECT count(*) FROM dept)"
}
batch() { # AFTER FIRST LAST CHANGES: a batch's text (positions as seq, part 0)
    printf '{"source":"xiaogan","after":{"seq":%s,"part":0},"first":{"seq":%s,"part":0},"last":{"seq":%s,"part":0},"changes":[%s]}' \
        "$1" "$2" "$3" "$4"
}
# One good batch first, so that a replay and a reorder have something to replay and reorder.
batch 0 1 2 '' >"$WORK/x1.json"
inbound "$WORK/x1.json"
[ "$CODE" = 200 ] || die "a good exchange batch: $CODE ${BODY:0:300}"
cp "$WORK/sig.hdr" "$WORK/x1.hdr"
XBEFORE=$(xstate)
hx=()
while IFS= read -r line; do hx+=(-H "$line"); done <"$WORK/x1.hdr"
req POST /api/v1/exchange/inbound -H "$H_PLAT" -H "$JSON" "${hx[@]}" --data-binary "@$WORK/x1.json"
refused "exchange: the same request replayed" 409
expect_eq "exchange: the replay changed nothing" "$XBEFORE" "$(xstate)"
batch 0 1 2 '' >"$WORK/x2.json"
inbound "$WORK/x2.json"
[ "$CODE" = 200 ] || fail "exchange: a resend signed afresh is acknowledged again: $CODE"
XBEFORE=$(xstate)
BEFORE=$(counts)
for bodyf in '{"source":"xiaogan","after":' '[]' '"x"' '{"source":"xiaogan","after":{"seq":"2","part":0}}' \
    '{"source":"xiaogan","after":{"seq":-1,"part":0},"first":{"seq":0,"part":0},"last":{"seq":0,"part":0},"changes":[]}' \
    '{"source":"xiaogan","after":{"seq":2,"part":0},"first":{"seq":9223372036854775807,"part":0},"last":{"seq":1e400,"part":0},"changes":[]}' \
    "$(batch 2 3 3 '{"pos":{"seq":3,"part":0},"kind":"record.stored","class":"penalty"}')" \
    "$(batch 2 3 3 '{"pos":{"seq":3,"part":0},"kind":"drop table record","class":"penalty"}')" \
    "$(batch 2 3 3 '7')"; do
    printf '%s' "$bodyf" >"$WORK/xb.json"
    inbound "$WORK/xb.json"
    refused "exchange: malformed batch ${bodyf:0:60}" 400
done
# Deep nesting, NUL bytes and invalid UTF-8 inside a signed batch.
{ printf '{"source":"xiaogan","after":{"seq":2,"part":0},"first":{"seq":3,"part":0},"last":{"seq":3,"part":0},"changes":'
  head -c 100000 /dev/zero | tr '\0' '['; } >"$WORK/xb.json"
inbound "$WORK/xb.json"
refused "exchange: deep nesting" 400
printf '{"source":"xiaogan","after":{"seq":2,"part":0},"first":{"seq":3,"part":0},"last":{"seq":3,"part":0},"changes":[{"pos":{"seq":3,"part":0},"kind":"record.withdrawn","class":"penalty","dept":{"uscc":"\0\377"},"doc_no":"\377"}]}' >"$WORK/xb.json"
inbound "$WORK/xb.json"
refused "exchange: NUL and invalid UTF-8" 400
# Records with bad codes: a real penalty's fields (an organisation's, nothing sealed) with one code
# spoiled each time; each is refused naming the field. The department code and the class too.
GOODF=$(sql "SELECT fields FROM record WHERE class = 'penalty' AND sealed IS NULL AND $(sql_json fields party_uscc) IS NOT NULL ORDER BY id LIMIT 1")
GOODDOC=$(sql "SELECT doc_no FROM record WHERE class = 'penalty' AND sealed IS NULL AND $(sql_json fields party_uscc) IS NOT NULL ORDER BY id LIMIT 1")
[ -n "$GOODF" ] || die "no penalty of an organisation to spoil"
rec() { # CLASS USCC FIELDS: one record.stored change at position 3
    printf '{"pos":{"seq":3,"part":0},"kind":"record.stored","class":"%s","dept":{"uscc":"%s","name":"x"},"doc_no":"%s","fields":%s}' \
        "$1" "$2" "$GOODDOC" "$3"
}
spoil() { sqlite3 :memory: "SELECT json_set('$(printf '%s' "$GOODF" | sed "s/'/''/g")', '\$.$1', '$2')"; }
while IFS='|' read -r field value; do
    batch 2 3 3 "$(rec penalty 11420100MB1514396X "$(spoil "$field" "$value")")" >"$WORK/xb.json"
    inbound "$WORK/xb.json"
    refused "exchange: a record whose $field is $value" 400
    expect_contains "exchange: the bad $field named" "$field" "$BODY"
done <<'BAD'
party_uscc|91420684MA4927PJ7X
party_category|99
authority_uscc|1123050000175530
decision_date|2024-13-45
severity|9
sector|ZZ
legal_rep_id_no|420102199001011234
BAD
for ch in "$(rec penalty 11420100mb1514396x "$GOODF")" "$(rec penalty "$(printf 'A%.0s' $(seq 1 40))" "$GOODF")" \
    "$(rec nosuchclass 11420100MB1514396X "$GOODF")" "$(rec penalty 11420100MB1514396X '{"no_such_field":"x"}')" \
    "$(rec penalty 11420100MB1514396X '{"doc_no":["d1"]}')"; do
    batch 2 3 3 "$ch" >"$WORK/xb.json"
    inbound "$WORK/xb.json"
    refused "exchange: a bad record ${ch:60:80}" 400
done
# Too many changes; a body over the batch limit (16 MiB); a body that claims to be huge.
awk 'BEGIN { printf "{\"source\":\"xiaogan\",\"after\":{\"seq\":2,\"part\":0},\"first\":{\"seq\":3,\"part\":0},\"last\":{\"seq\":9000,\"part\":0},\"changes\":[";
             for (i = 3; i < 5004; i++) printf "%s{\"pos\":{\"seq\":%d,\"part\":0},\"kind\":\"record.expired\"}", (i > 3 ? "," : ""), i;
             printf "]}" }' >"$WORK/xb.json"
inbound "$WORK/xb.json"
refused "exchange: too many changes" 413
{ printf '{"source":"xiaogan","after":{"seq":2,"part":0},"first":{"seq":3,"part":0},"last":{"seq":3,"part":0},"changes":[],"pad":"'
  head -c $((17 << 20)) /dev/zero | tr '\0' 'a'; printf '"}'; } >"$WORK/xb.json"
inbound "$WORK/xb.json"
refused "exchange: a body of 17 MiB" 413
rm -f "$WORK/xb.json"
req POST /api/v1/exchange/inbound -H "$H_PLAT" -H "$JSON" -H "Content-Length: 99999999999" --data-binary '{}'
refused "exchange: a huge Content-Length" 400 413
# Signatures: none, another key's, a stale one, one over another body, another platform's name.
batch 2 3 3 '' >"$WORK/x3.json"
req POST /api/v1/exchange/inbound -H "$H_PLAT" -H "$JSON" --data-binary "@$WORK/x3.json"
refused "exchange: unsigned" 403
sign_keygen "$WORK/other.pem" >/dev/null
inbound "$WORK/x3.json" "$WORK/other.pem"
refused "exchange: signed with another key" 403
inbound "$WORK/x3.json" "$XSK" "$(($(date +%s) - 3600))"
refused "exchange: a stale timestamp" 403
inbound "$WORK/x3.json" "$XSK" "$(($(date +%s) + 3600))"
refused "exchange: a timestamp in the future" 403
inbound "$WORK/x3.json" "$XSK" "" "not-hex"
refused "exchange: a nonce that is not one" 403
req POST /api/v1/exchange/inbound -H "$H_PLAT" -H "$JSON" "${hx[@]}" --data-binary "@$WORK/x3.json"
refused "exchange: another batch's signature" 403
req POST /api/v1/exchange/inbound -H "$H_PLAT" -H "$JSON" -H "X-Xinyong-Timestamp: 1" -H "X-Xinyong-Nonce: $(printf 'a%.0s' $(seq 1 32))" \
    -H "X-Xinyong-Signature: $(head -c 5000 /dev/zero | tr '\0' 'A')" --data-binary "@$WORK/x3.json"
refused "exchange: a huge signature" 403 400 431
sed 's/"source":"xiaogan"/"source":"wuhan"/' "$WORK/x3.json" >"$WORK/x4.json"
inbound "$WORK/x4.json"
refused "exchange: another platform's name" 403
# Reordered: a gap, going backwards, first after last.
batch 5 6 6 '' >"$WORK/x5.json"
inbound "$WORK/x5.json"
refused "exchange: a gap" 409
expect_contains "exchange: the gap answer names the position held" '"expected":{"seq":2,"part":0}' "$BODY"
batch 0 1 1 '' >"$WORK/x5.json"
inbound "$WORK/x5.json"
refused "exchange: going backwards" 409
batch 2 4 3 '' >"$WORK/x5.json"
inbound "$WORK/x5.json"
refused "exchange: first after last" 400
# Keys that are not a lower platform's.
req POST /api/v1/exchange/inbound -H "$H_OFFICE" -H "$JSON" "${hx[@]}" --data-binary "@$WORK/x3.json"
refused "exchange: the office's key" 403
req POST /api/v1/exchange/inbound -H "Authorization: Bearer xy_nosuchkey" -H "$JSON" --data-binary "@$WORK/x3.json"
refused "exchange: an unknown key" 401
expect_eq "refused exchange batches changed nothing" "$XBEFORE" "$(xstate)"

# ---- oversized and malformed headers ----
echo "hostile: [$SECONDS s] oversized and malformed headers" >&2
head -c $((100 << 10)) /dev/zero | tr '\0' a | sed 's/^/X-Big: /' >big-header.txt
req GET /healthz -H @big-header.txt
case $CODE in 431 | 400 | 413) ;; *) fail "a 100 KiB header: status $CODE, expected 431 or 400" ;; esac
for i in $(seq 1 2000); do printf 'X-H%d: %s\n' "$i" "$(printf '%040d' "$i")"; done >many-headers.txt
req GET /api/v1/catalog -H @many-headers.txt
case $CODE in 431 | 400 | 413) ;; *) fail "2,000 headers: status $CODE, expected 431 or 400" ;; esac
req GET /api/v1/catalog -H "Authorization: Bearer $(head -c 4000 /dev/zero | tr '\0' x)"
refused "a 4 KB bearer key" 401
req GET /api/v1/catalog -H "Authorization: Bearer $(head -c 40000 /dev/zero | tr '\0' x)"
case $CODE in 431 | 400 | 401) ;; *) fail "a 40 KB bearer key: status $CODE, expected 431, 400 or 401" ;; esac
req GET /api/v1/catalog -H "Authorization: Bearer xy_1_$(printf '\xff\xfe')abc"
refused "a bearer key of invalid UTF-8" 401
req GET /api/v1/audit -H "Authorization: Bearer xy_99999999999999999999_$(printf '%064d' 0)"
refused "a key id beyond 64 bits" 401
req GET /api/v1/audit -H "Authorization: Bearer xy_-1_$(printf '%064d' 0)"
refused "a negative key id" 401
req POST "/api/v1/batches?class=penalty" -H "$H_DEPT" -H "Content-Type: text/csv" -H "Content-Length: 99999999999999999999999" \
    --data-binary @"$D/penalty-good.csv"
case $CODE in 4??) ;; 000) ;; *) fail "Content-Length beyond 64 bits: $CODE" ;; esac
alive "Content-Length beyond 64 bits"
# Malformed HTTP straight on the socket: libmicrohttpd answers 400 (or closes), we never see it.
# (HTTP/1.1 without Host: libmicrohttpd serves it unless in strict mode; lenient, not harmful.)
raw "no Host" 'GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n'
case $(printf '%s\n' "$RAW" | head -n 1) in "HTTP/1.1 5"*) fail "no Host: $RAW" ;; esac
raw "TLS hello" '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03'
raw_refused "TLS hello"
raw "header without a colon" 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\nNoColonHere\r\n\r\n'
raw_refused "header without a colon"
raw "NUL in the request line" 'GET /heal\x00thz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'
raw_refused "NUL in the request line"
raw "bad chunk size" 'POST /api/v1/admin/keys HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n'
raw_refused "bad chunk size"
raw "a 3000-byte method" "$(head -c 3000 /dev/zero | tr '\0' G) / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
raw_refused "a 3000-byte method"
raw "body shorter than its length" 'POST /api/v1/admin/keys HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{"role":'
raw_refused "body shorter than its length"

# ---- deep JSON ----
echo "hostile: [$SECONDS s] deep JSON" >&2
deep() { # deep N OPEN CLOSE: N nested openings, then as many closings
    head -c "$1" /dev/zero | tr '\0' "$2"
    head -c "$1" /dev/zero | tr '\0' "$3"
}
deep 10000 '[' ']' >deep-arrays.json
deep 10000 '{' '}' | sed 's/{{/{"a":{/g' >deep-objects.json
for route in "POST /api/v1/admin/keys" "POST /api/v1/admin/depts" "PUT /api/v1/admin/catalog"; do
    for f in deep-arrays.json deep-objects.json; do
        req ${route% *} "${route#* }" -H "$H_OFFICE" -H "$JSON" --data-binary @$f
        refused "$route with $f" 400
    done
done
printf '{"role":"auditor","name":"%s"}' "$(deep 5000 '[' ']')" >deep-in-string.json
req POST /api/v1/admin/keys -H "$H_OFFICE" -H "$JSON" --data-binary @deep-in-string.json
[ "$CODE" = 201 ] || [ "$CODE" = 400 ] || fail "brackets inside a JSON string: $CODE ${BODY:0:200}"
if [ "$CODE" = 201 ]; then BEFORE=$(counts); fi # a key named "[[[...]]]" is a legitimate (odd) key
# A JSON Lines batch whose one record is 10,000 arrays deep: a reject or a 400, never a crash.
deep 10000 '[' ']' >deep.jsonl
req POST "/api/v1/batches?class=penalty" -H "$H_DEPT" -H "Content-Type: application/x-ndjson" --data-binary @deep.jsonl
case $CODE in 201 | 400) ;; *) fail "a 10,000-deep JSON Lines batch: $CODE ${BODY:0:300}" ;; esac
[ "$CODE" = 201 ] || refused "a 10,000-deep JSON Lines batch" 400
BEFORE=$(counts) # a batch of rejects is logged: that is its purpose

# ---- invalid UTF-8 and NUL bytes ----
echo "hostile: [$SECONDS s] invalid UTF-8 and NUL bytes" >&2
for q in '%FF%FE' '%C0%AF' '%ED%A0%80' '%E6%AD' 'ab%80cd' '%F4%90%80%80'; do
    req GET "/api/v1/subjects?q=$q"
    refused "search q=$q (not UTF-8)" 400
    req GET "/api/v1/subjects/$q"
    refused "subject $q (not UTF-8)" 400 404
    req GET "/api/v1/subjects/$USCC/records?class=$q"
    refused "class=$q (not UTF-8)" 400
    req GET "/api/v1/lists/$q"
    refused "list $q (not UTF-8)" 400 404
done
req POST /api/v1/admin/keys -H "$H_OFFICE" -H "$JSON" --data-binary $'{"role":"auditor","name":"\xff\xfe"}'
refused "a JSON body of invalid UTF-8" 400
req POST /api/v1/admin/depts -H "$H_OFFICE" -H "$JSON" --data-binary $'{"uscc":"11420100010741638C","name":"\xc0\xaf"}'
refused "a department name of invalid UTF-8" 400
req PUT /api/v1/admin/catalog -H "$H_OFFICE" -H "$JSON" --data-binary $'{"catalog_version":"\xed\xa0\x80"}'
refused "a catalogue of invalid UTF-8" 400
for p in "/api/v1/subjects/%00" "/api/v1/subjects/$USCC%00" "/api/v1/records/$RID%00" "/api/v1/records/%00$RID" \
    "/api/v1/lists/red%00" "/api/v1/subjects/$USCC/records%00?class=penalty" "/%00" "/index.html%00.png" \
    "/api/v1/batches/1%00" "/api%00/v1/catalog"; do
    req GET "$p" -H "$H_DEPT"
    refused "NUL in the path $p" 400 404
done
for q in "q=%00" "q=%E6%AD%A6%00%E6%B1%89" "q=$USCC%00" "q=%E6%AD%A6%E6%B1%89&limit=5%00" "q=%E6%AD%A6%E6%B1%89&cursor=%00"; do
    req GET "/api/v1/subjects?$q"
    case $q in
    *limit=* | *cursor=*) refused "search $q" 400 ;;
    *) # %00 is kept as the three characters "%00" (never a NUL): as search text it finds nothing
        if [ "$CODE" = 200 ]; then
            served "search $q"
            expect_contains "search $q" '"items":[]' "$BODY"
        else
            refused "search $q" 400
        fi ;;
    esac
done
req GET "/api/v1/subjects/$USCC/records?class=penalty%00"
refused "class with a NUL" 400
req GET "/api/v1/lists/red?limit=5%00"
refused "limit with a NUL" 400
req GET "/api/v1/subjects?q%00=x"
refused "a parameter name with a NUL" 400

# ---- .. and encoded %2e%2e ----
echo "hostile: [$SECONDS s] .. and encoded %2e%2e" >&2
for p in "/../../../../etc/passwd" "/%2e%2e/%2e%2e/%2e%2e/etc/passwd" "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd" \
    "/..%2f..%2f..%2fetc%2fpasswd" "/.%2e/.%2e/etc/passwd" "/%252e%252e/etc/passwd" "/....//....//etc/passwd" \
    "/api/v1/../../../etc/passwd" "/api/v1/subjects/..%2f..%2f..%2fetc%2fpasswd" "/api/v1/records/..%2F1" \
    "/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd" "/..\\..\\etc\\passwd" "/api/v1/lists/..%2fblack" "//etc/passwd"; do
    req GET "$p"
    refused "path $p" 400 403 404
    case $BODY in *root:*) fail "path $p: a system file was served" ;; esac
done

# ---- SQL-looking text in every parameter of every public route (and the department's) ----
echo "hostile: [$SECONDS s] SQL-looking text in every parameter of every public route (and the department's)" >&2
SQLS=("' OR 1=1 --" "'; DROP TABLE record; --" "1; DROP TABLE record" "\" OR \"\"=\"" "1' UNION SELECT name, sql FROM sqlite_master --"
    "%' --" "1 OR 1=1" "') OR ('1'='1" "*/ SELECT 1 /*" "\\'; ATTACH DATABASE '/tmp/x' AS x; --")
enc() { # percent-encodes every byte
    printf '%s' "$1" | od -An -tx1 -v | tr -s ' \n' ' ' | sed 's/ *$//; s/^ *//; s/ /%/g; s/^/%/'
}
for s in "${SQLS[@]}"; do
    e=$(enc "$s")
    req GET "/api/v1/subjects?q=$e"
    if [ "$CODE" = 200 ]; then # odd but lawful search text: it must find nothing
        served "search q=$s"
        expect_contains "search q=$s finds nothing" '"items":[]' "$BODY"
    else
        refused "search q=$s" 400
    fi
    req GET "/api/v1/subjects?q=%E6%AD%A6%E6%B1%89&limit=$e"
    refused "search limit=$s" 400
    req GET "/api/v1/subjects?q=%E6%AD%A6%E6%B1%89&cursor=$e"
    refused "search cursor=$s" 400
    req GET "/api/v1/subjects/$e"
    refused "subject $s" 400 404
    req GET "/api/v1/subjects/$e/records?class=penalty"
    refused "subject records of $s" 400 404
    req GET "/api/v1/subjects/$USCC/records?class=$e"
    refused "subject records class=$s" 400
    req GET "/api/v1/records/$e"
    refused "record $s" 400 404 # 404 when the text holds a slash: no route has that shape
    for l in red black watch; do
        req GET "/api/v1/lists/$l?limit=$e"
        refused "list $l limit=$s" 400
        req GET "/api/v1/lists/$l?cursor=$e"
        refused "list $l cursor=$s" 400
    done
    req GET "/api/v1/lists/$e"
    refused "list $s" 400 404
    req GET "/api/v1/commitments?limit=$e"
    refused "commitments limit=$s" 400
    req GET "/api/v1/commitments?cursor=$e"
    refused "commitments cursor=$s" 400
    req GET "/api/v1/dept/records?class=$e" -H "$H_DEPT"
    refused "dept records class=$s" 400
    req POST "/api/v1/batches?class=$e" -H "$H_DEPT" -H "Content-Type: text/csv" --data-binary @"$D/penalty-good.csv"
    refused "batch class=$s" 400
    req POST "/api/v1/batches?class=penalty&format=$e" -H "$H_DEPT" -H "Content-Type: text/csv" \
        --data-binary @"$D/penalty-good.csv"
    refused "batch format=$s" 400
done
# And every public GET route the route table has now (routes.c), each path segment and each declared
# parameter in turn: whatever a later route adds is covered. Lawful-but-odd text may be answered 200.
ROUTES_C=$XY_SRC/src/server/routes.c
[ -f "$ROUTES_C" ] || die "no route table at $ROUTES_C (set XY_SRC)"
sed -n 's/^ *{"GET", "\([^"]*\)", PUBLIC, "\([^"]*\)".*/\1|\2/p' "$ROUTES_C" >public-routes
[ "$(wc -l <public-routes)" -ge 8 ] || die "found only $(wc -l <public-routes) public GET routes in $ROUTES_C"
any() { # WHAT: not a 5xx; a 4xx is a problem document
    case $CODE in
    2??) ;;
    *) refused "$1" ;;
    esac
}
while IFS='|' read -r pattern params; do
    for s in "${SQLS[@]}"; do
        e=$(enc "$s")
        case $pattern in
        *"{"*)
            req GET "$(printf '%s' "$pattern" | sed "s/{[a-z]*}/$e/g")"
            any "$pattern with $s in the path"
            ;;
        esac
        path=$(printf '%s' "$pattern" | sed "s/{[a-z]*}/$USCC/g")
        for prm in $params; do
            req GET "$path?$prm=$e"
            any "$path?$prm=$s"
        done
    done
done <public-routes
expect_eq "SQL-looking text wrote nothing and dropped nothing" "$BEFORE" "$(counts)"

# ---- huge and negative numbers ----
echo "hostile: [$SECONDS s] huge and negative numbers" >&2
for n in 99999999999999999999 -99999999999999999999 9223372036854775807 9223372036854775808 -1 -0 +5 ' 5' 0x10 \
    1e2 5.0 '' 4294967296 2147483648; do
    e=$(enc "$n")
    for r in "/api/v1/lists/red" "/api/v1/lists/black" "/api/v1/commitments" "/api/v1/subjects?q=%E6%AD%A6%E6%B1%89"; do
        sep='?'
        case $r in *\?*) sep='&' ;; esac
        req GET "$r${sep}limit=$e"
        refused "$r limit=$n" 400
    done
    req GET "/api/v1/dept/records?limit=$e" -H "$H_DEPT"
    refused "dept records limit=$n" 400
    req GET "/api/v1/audit?limit=$e" -H "$H_AUDIT"
    refused "audit limit=$n" 400
done
# Cursors: beyond 64 bits, negative, and past what a search pages through (an int overflow when
# narrowed, or beyond the 1,000 results a search pages through).
for n in 99999999999999999999 9223372036854775807 4611686018427387904 -1 -0 +1 0x10 ''; do
    e=$(enc "$n")
    for r in "/api/v1/lists/red" "/api/v1/commitments" "/api/v1/subjects?q=%E6%AD%A6%E6%B1%89"; do
        sep='?'
        case $r in *\?*) sep='&' ;; esac
        req GET "$r${sep}cursor=$e"
        refused "$r cursor=$n" 400
    done
done
for n in 1001 2000 2147483647 2147483648 4294967296 4294967297 1000000000000; do
    req GET "/api/v1/subjects?q=%E6%AD%A6%E6%B1%89&cursor=$n"
    if [ "$CODE" = 200 ]; then
        served "search cursor=$n"
        expect_contains "search cursor=$n is past the end" '"items":[]' "$BODY"
    else
        refused "search cursor=$n" 400
    fi
    req GET "/api/v1/lists/red?cursor=$n"
    served "list cursor=$n (an id past every record)"
    expect_contains "list cursor=$n" '"items":[]' "$BODY"
done
for id in 99999999999999999999 9223372036854775807 -1 0 -0 +1 0x1 1e3 " 1" "1 " 00000000000000000001; do
    e=$(enc "$id")
    req GET "/api/v1/records/$e"
    refused "record id $id" 400 404
    req GET "/api/v1/batches/$e" -H "$H_DEPT"
    refused "batch id $id" 400 404
    req DELETE "/api/v1/admin/keys/$e" -H "$H_OFFICE"
    refused "key id $id" 400 404
done

# ---- duplicated and odd parameters ----
echo "hostile: [$SECONDS s] duplicated and odd parameters" >&2
for q in "q=%E6%AD%A6%E6%B1%89&cursor=1&cursor=2" "q=%E6%AD%A6%E6%B1%89&q" "q&q=%E6%AD%A6%E6%B1%89" \
    "q=%E6%AD%A6%E6%B1%89&Q=x" "q=%E6%AD%A6%E6%B1%89&=x" "q=%E6%AD%A6%E6%B1%89&q%5B%5D=x" "q[]=x" \
    "q=%E6%AD%A6%E6%B1%89&limit=5&limit=5" "q=%E6%AD%A6%E6%B1%89&&&&limit=5&limit=6"; do
    req GET "/api/v1/subjects?$q"
    refused "search ?$q" 400
done
req GET "/api/v1/subjects/$USCC/records?class=penalty&class=penalty"
refused "class twice" 400
req GET "/api/v1/commitments?cursor=0&cursor=0"
refused "cursor twice" 400
req POST "/api/v1/batches?class=penalty&class=license" -H "$H_DEPT" -H "Content-Type: text/csv" --data-binary @"$D/penalty-good.csv"
refused "batch class twice" 400
req POST "/api/v1/batches?class=penalty&format=csv&format=jsonl" -H "$H_DEPT" -H "Content-Type: text/csv" \
    --data-binary @"$D/penalty-good.csv"
refused "batch format twice" 400
params=""
for i in $(seq 1 200); do params="$params&p$i=$i"; done
req GET "/api/v1/catalog?${params#&}"
refused "200 parameters" 400
# More parameters than libmicrohttpd's connection memory holds (it would wait for ever without an
# answer): refused by their number before they are parsed, at once, naming the limit; also when each
# parameter is one byte, and when the URL is long but has few parameters.
for i in $(seq 201 400); do params="$params&p$i=$i"; done
req GET "/api/v1/catalog?${params#&}"
refused "400 parameters (3.4 KB of query)" 400
# 3.4 KB: over both limits; the URL's length is checked first (docs/api/openapi.yaml)
grep -q "longer than 2048 bytes" "$WORK/.body" || fail "400 parameters: the problem does not name the limit: $BODY"
amps=$(printf 'a&%.0s' $(seq 1 1000))
req GET "/api/v1/subjects?q=${amps}a"
refused "1,001 one-byte parameters" 400
grep -q "more than 32 parameters" "$WORK/.body" || fail "1,001 parameters: the problem does not name the limit: $BODY"
params=""
for i in $(seq 1 32); do params="$params&p$i=$i"; done
req GET "/api/v1/catalog?${params#&}"
refused "32 unknown parameters" 400
grep -q "unknown query parameter" "$WORK/.body" || fail "32 parameters: not judged one by one: $BODY"
grep -qF '未知的查询参数“p1”（此接口接受：无） (unknown query parameter; this route takes: none)' "$WORK/.body" ||
    fail "32 parameters: the first unknown one is not refused in both languages: $BODY"
long=$(printf 'x%.0s' $(seq 1 3000))
req GET "/api/v1/subjects?q=$long"
refused "a 3,000-byte query value" 400
grep -q "longer than 2048 bytes" "$WORK/.body" || fail "a 3,000-byte URL: the problem does not name the limit: $BODY"
alive "400 parameters"

# ---- wrong content types ----
echo "hostile: [$SECONDS s] wrong content types" >&2
for ct in "multipart/form-data; boundary=x" "text/plain" "application/xml" "text/csv-evil" "text/csvx" \
    "application/x-www-form-urlencoded" "application/json; charset=utf-8" "*/*" "text/csv; charset=utf-16"; do
    req POST "/api/v1/batches?class=penalty" -H "$H_DEPT" -H "Content-Type: $ct" --data-binary @"$D/penalty-good.csv"
    case $ct in
    "text/csv; charset=utf-16") # a charset we do not honour; the bytes are UTF-8 all the same
        [ "$CODE" = 201 ] || refused "batch as $ct" 400 415 ;;
    *) refused "batch as $ct" 415 ;;
    esac
done
BEFORE=$(counts)
for ct in "application/jsonx" "application/json-patch+json" "text/json" "application/x-www-form-urlencoded" "" \
    "multipart/form-data; boundary=x"; do
    req POST /api/v1/admin/keys -H "$H_OFFICE" -H "Content-Type: $ct" --data-binary '{"role":"auditor"}'
    refused "key body as [$ct]" 415 400
    req PUT /api/v1/admin/catalog -H "$H_OFFICE" -H "Content-Type: $ct" --data-binary @"$XY_SRC/catalog/catalog.json"
    refused "catalogue as [$ct]" 415 400
done
req POST /api/v1/admin/depts -H "$H_OFFICE" -H "$JSON" --data-binary '<dept uscc="11420100010741638C"/>'
refused "XML as JSON" 400
printf '{"role":"auditor"}\000{"role":"office"}' >"$WORK/nul.json" # a shell string cannot hold the NUL
req POST /api/v1/admin/keys -H "$H_OFFICE" -H "$JSON" --data-binary @"$WORK/nul.json"
refused "a NUL inside a JSON body" 400
req POST /api/v1/admin/keys -H "$H_OFFICE" -H "$JSON" --data-binary '{"role":"auditor"} {"role":"office"}'
refused "two JSON documents" 400
expect_eq "wrong content types wrote nothing" "$BEFORE" "$(counts)"
BEFORE=$(counts) # (reported above; the sections below are checked on their own)

# ---- hostile XLSX workbooks (common/xy_xlsx_read.c): each refused naming why, nothing written ----
echo "hostile: [$SECONDS s] hostile XLSX workbooks" >&2
python3 - "$WORK/xlsx" "$D/penalty-good.csv" <<'PY'
import os, sys, zipfile
d = sys.argv[1]
codes = open(sys.argv[2], encoding="utf-8").readline().strip().split(",")
os.makedirs(d, exist_ok=True)
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
WB = '<workbook %s %s><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>' % (NS, RNS)
RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        '</Relationships>')
def sheet(rows):
    return '<worksheet %s><sheetData>%s</sheetData></worksheet>' % (NS, "".join(rows))
# A whole header (so that the reading reaches the rows), then a row naming shared string 0.
HEAD = sheet(['<row r="1">' + "".join('<c t="inlineStr"><is><t>%s</t></is></c>' % c for c in codes) + '</row>',
              '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'])
def book(name, parts):
    with zipfile.ZipFile(os.path.join(d, name), "w", zipfile.ZIP_DEFLATED) as z:
        for n, body in parts:
            z.writestr(n, body)
good = [("xl/workbook.xml", WB), ("xl/_rels/workbook.xml.rels", RELS),
        ("xl/sharedStrings.xml", '<sst %s><si><t>x</t></si></sst>' % NS), ("xl/worksheets/sheet1.xml", HEAD)]
book("good.xlsx", good)
data = open(os.path.join(d, "good.xlsx"), "rb").read()
open(os.path.join(d, "truncated.xlsx"), "wb").write(data[:len(data) // 2])
book("nosheet.xlsx", good[:3])
book("noworkbook.xlsx", [("hello.txt", "PK is not enough")])
book("badindex.xlsx", good[:3] + [("xl/worksheets/sheet1.xml", HEAD.replace("<v>0</v>", "<v>7</v>"))])
lol = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY l2 "&lol;&lol;&lol;&lol;&lol;">]>'
       + HEAD.replace("<t>%s</t>" % codes[0], "<t>&l2;</t>"))
book("doctype.xlsx", good[:3] + [("xl/worksheets/sheet1.xml", lol)])
book("badxml.xlsx", good[:3] + [("xl/worksheets/sheet1.xml", HEAD[:-20])])
book("wide.xlsx", good[:3] + [("xl/worksheets/sheet1.xml", HEAD.replace('r="A2"', 'r="XFD2"'))])
# A bomb: shared strings of 300 MiB of blanks inflating from a few hundred KiB.
with zipfile.ZipFile(os.path.join(d, "bomb.xlsx"), "w", zipfile.ZIP_DEFLATED) as z:
    for n, body in good[:2] + good[3:]:
        z.writestr(n, body)
    with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
        f.write(('<sst %s><si><t>' % NS).encode())
        blank = b" " * (1 << 20)
        for _ in range(300):
            f.write(blank)
        f.write(b"</t></si></sst>")
# Too many entries.
with zipfile.ZipFile(os.path.join(d, "entries.xlsx"), "w", zipfile.ZIP_STORED) as z:
    for n, body in good:
        z.writestr(n, body)
    for i in range(10001):
        z.writestr("x/%d" % i, "")
PY
XCT="Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
for f in truncated:truncated nosheet:worksheet noworkbook:workbook.xml badindex:"shared string" doctype:DOCTYPE \
    badxml:"well-formed" wide:"4096" bomb:"limit" entries:"10000"; do
    req POST "/api/v1/batches?class=penalty" -H "$H_DEPT" -H "$XCT" --data-binary @"$WORK/xlsx/${f%%:*}.xlsx"
    refused "xlsx ${f%%:*}" 400 413
    [[ $BODY == *"${f#*:}"* ]] || fail "xlsx ${f%%:*}: the answer does not say why (${f#*:}): ${BODY:0:300}"
done
req POST "/api/v1/batches?class=penalty" -H "$H_DEPT" -H "Content-Type: text/csv" --data-binary @"$WORK/xlsx/bomb.xlsx"
refused "a workbook sent as CSV is still read as one" 413
req POST "/api/v1/batches?class=penalty&format=xlsx" -H "$H_DEPT" -H "Content-Type: text/csv" --data-binary @"$D/penalty-good.csv"
refused "a CSV said to be XLSX" 400
expect_eq "hostile XLSX workbooks wrote nothing" "$BEFORE" "$(counts)"
BEFORE=$(counts)

# ---- slow clients do not hold up others ----
echo "hostile: [$SECONDS s] slow clients do not hold up others" >&2
SLOW=""
for i in $(seq 1 8); do
    (
        exec 3<>"/dev/tcp/127.0.0.1/$PORT" || exit 0
        printf 'GET /healthz HTTP/1.1\r\n' >&3
        for j in $(seq 1 60); do printf 'X' >&3 2>/dev/null || exit 0; sleep 1 3>&-; done
    ) &
    SLOW="$SLOW $!"
done
PIDS="$PIDS $SLOW"
sleep 1.5
worst=0
for i in $(seq 1 30); do
    t=$(curl -s -o /dev/null -m 5 -w '%{http_code} %{time_total}' "$URL/api/v1/subjects/$USCC" || echo "000 5")
    [ "${t% *}" = 200 ] || fail "request $i while 8 clients send a byte a second: ${t% *}"
    ms=$(awk -v s="${t#* }" 'BEGIN { printf "%d", s * 1000 }')
    [ "$ms" -le "$worst" ] || worst=$ms
done
[ "$worst" -lt 2000 ] || fail "while 8 clients send a byte a second, a request took $worst ms"
for p in $SLOW; do kill "$p" 2>/dev/null || true; done
for p in $SLOW; do wait "$p" 2>/dev/null || true; done
# shellcheck disable=SC2086 # one pid a word
PIDS=$(printf '%s\n' $PIDS | grep -v -x -F "$(printf '%s\n' $SLOW)" | tr '\n' ' ' || true)

# ---- more connections from one address than it may hold (64) ----
echo "hostile: [$SECONDS s] more connections from one address than it may hold (64)" >&2
sleep 0.5 # the slow clients' connections go away
FDS=()
for i in $(seq 1 80); do
    exec {fd}<>"/dev/tcp/127.0.0.1/$PORT" || fail "connection $i could not even be made"
    FDS+=("$fd")
done
sleep 0.5
closed=0
for fd in "${FDS[@]}"; do
    # A connection over the limit is closed at once: reading finds the end (or a reset).
    rc=0
    read -r -t 0.05 -u "$fd" _ 2>/dev/null || rc=$?
    [ "$rc" -gt 128 ] || closed=$((closed + 1))
done
code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$URL/healthz" || true)
case $code in 000 | 503 | 429) ;; *) fail "an 81st connection from the same address was answered $code" ;; esac
for fd in "${FDS[@]}"; do exec {fd}>&-; done
[ "$closed" -ge 16 ] || fail "80 connections from one address: only $closed were closed (the limit is 64)"
[ "$closed" -le 20 ] || fail "80 connections from one address: $closed were closed (the limit is 64)"
alive "80 connections"
for i in $(seq 1 50); do
    [ "$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$URL/healthz" || true)" != 200 ] || break
    sleep 0.1
done
req GET /healthz
[ "$CODE" = 200 ] || fail "healthz after the connection flood: $CODE"

# ---- the inbound rate limit, per lower platform, on a server that allows 1 batch a second ----
echo "hostile: [$SECONDS s] the exchange's rate limit" >&2
MAIN_URL=$URL
MAIN_SPID=$SPID
MAIN_SNAME=$SNAME
start_server rl --exchange-rate 1 --access-log "$WORK/rl.log" --web "$WORK/no-web"
limited=0
for i in $(seq 1 6); do
    inbound "$WORK/x3.json" "$WORK/other.pem"
    if [ "$CODE" = 429 ]; then
        limited=1
        refused "exchange: over the rate" 429
        grep -qi '^retry-after: [1-9]' "$WORK/.hdrs" || fail "exchange: 429 without Retry-After"
        break
    fi
done
[ "$limited" = 1 ] || fail "exchange: 6 batches at once on --exchange-rate 1 were never answered 429"
stop_server "$SPID" rl
URL=$MAIN_URL
SPID=$MAIN_SPID
SNAME=$MAIN_SNAME
expect_eq "rate-limited batches changed nothing" "$XBEFORE" "$(xstate)"

# ---- nothing was written, nothing broke ----
echo "hostile: [$SECONDS s] nothing was written, nothing broke" >&2
expect_eq "hostile input wrote nothing" "$BEFORE" "$(counts)"
expect_eq "integrity" ok "$(sql 'PRAGMA integrity_check')"
req GET "/api/v1/subjects/$USCC"
served "the subject after all that"
stop_server "$SPID" main
if grep -q 'ERROR: AddressSanitizer\|ERROR: LeakSanitizer\|runtime error:' "$WORK/main.err"; then
    fail "the server's log has a sanitizer report (below)"
    grep -A 40 'ERROR: AddressSanitizer\|ERROR: LeakSanitizer\|runtime error:' "$WORK/main.err" | head -n 80 >&2
fi
if [ -s "$PROBLEMS" ]; then
    echo "hostile: $(wc -l <"$PROBLEMS" | tr -d ' ') failed checks:" >&2
    cat "$PROBLEMS" >&2
    exit 1
fi
echo "hostile: all checks passed (slowest request beside 8 slow clients: $worst ms; $closed of 80 connections refused)"
