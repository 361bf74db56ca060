#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Large bodies from clients the server will refuse: a request with a body is judged on its headers
# (route, query, declared length, key, role) before any of the body is read. Refused, it is answered
# at once with Connection: close and the connection closed: no 100 Continue, the body not read (a
# 32 MiB upload without a key is answered after a few hundred KiB at most, an Expect: 100-continue
# one before any). Forty such uploads at once leave the server's peak memory (VmHWM) where it was.
# The memory of the bodies it does admit is bounded in all and per client address (503 with
# Retry-After past it) and given back when a request ends, whether it completes or is cut off; a
# department's upload, with Expect: 100-continue or chunked, still goes through.
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh.inc"
. "$HERE/server.sh.inc"
D=$XY_TEST_DATA
DEPT=11230500001755309F
MIB=$((1 << 20))

run_xy 0 init
run_xy 0 dept add "$DEPT" 武汉市市场监督管理局
key() {
    run_xy 0 key create "$@"
    printf '%s\n' "$OUT" | tail -n 1
}
K_DEPT=$(key --role department --dept "$DEPT")
K_OFFICE=$(key --role office --name 信用办)
K_AUDIT=$(key --role auditor)
head -c $((32 * MIB)) /dev/zero | tr '\0' a >big.bin

alive() {
    kill -0 "$SPID" 2>/dev/null || fail "$1: the server died: $(server_log "$SNAME")"
}

# head_only WHAT STATUS METHOD PATH HEADER...: sends a request's line and headers (each HEADER a
# "Name: value" line) and none of its body, then reads for up to 5 s. The answer must be STATUS at
# once: no 100 Continue before it, Connection: close, a problem document, and the server must close
# the connection (a server waiting for the body would keep it open and time out here).
head_only() {
    local what=$1 status=$2 method=$3 path=$4 fd rc=0 h
    shift 4
    exec {fd}<>"/dev/tcp/127.0.0.1/$PORT"
    {
        printf '%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n' "$method" "$path"
        for h in "$@"; do printf '%s\r\n' "$h"; done
        printf '\r\n'
    } >&"$fd"
    timeout 5 cat <&"$fd" >raw.out || rc=$?
    exec {fd}>&-
    tr -d '\r' <raw.out >raw.txt
    alive "$what"
    [ "$rc" = 0 ] || fail "$what: the server kept the connection open waiting for the body (got: $(head -c 300 raw.txt))"
    ! grep -q '^HTTP/1.1 100' raw.txt || fail "$what: answered 100 Continue: $(head -c 300 raw.txt)"
    expect_eq "$what: status line" "HTTP/1.1 $status" "$(head -n 1 raw.txt | cut -d ' ' -f 1-2)"
    grep -qi '^Connection: close$' raw.txt || fail "$what: no Connection: close: $(head -c 600 raw.txt)"
    grep -q "\"status\":$status,\"detail\":\"" raw.txt || fail "$what: no problem document: $(tail -c 300 raw.txt)"
}

# upload WHAT CURL-ARGS...: one upload with curl; sets CODE, UP (bytes curl wrote to the socket),
# TIME and HDRS (every header block it received, 1xx ones too).
upload() {
    local what=$1 w
    shift
    w=$(curl -s -o body.out -D hdrs.out -m 60 -w '%{http_code} %{size_upload} %{time_total}' "$@" || true)
    read -r CODE UP TIME <<<"$w"
    HDRS=$(tr -d '\r' <hdrs.out)
    alive "$what"
}

# ---- refused on the headers, the body never read ----
start_server main --threads 2 --access-log "$WORK/access.log" --web "$WORK/no-web"
PORT=${URL##*:}
echo "hostile_upload: [$SECONDS s] refused on the headers, before the body" >&2
BATCH='/api/v1/batches?class=penalty'
CL32="Content-Length: $((32 * MIB))"
EXP="Expect: 100-continue"
CSV="Content-Type: text/csv"
head_only "no key, 32 MiB declared" 401 POST "$BATCH" "$CSV" "$CL32" "$EXP"
grep -q '需要 API 密钥' raw.txt || fail "no key: the detail is not bilingual, Chinese first: $(tail -c 300 raw.txt)"
grep -qi '^WWW-Authenticate: Bearer' raw.txt || fail "no key: no WWW-Authenticate"
head_only "no key, without Expect" 401 POST "$BATCH" "$CSV" "$CL32"
head_only "no key, chunked" 401 POST "$BATCH" "$CSV" "Transfer-Encoding: chunked" "$EXP"
head_only "a wrong key" 401 POST "$BATCH" "$CSV" "$CL32" "$EXP" "Authorization: Bearer xy_1_$(printf '%064d' 0)"
head_only "not Bearer" 401 POST "$BATCH" "$CSV" "$CL32" "$EXP" "Authorization: Basic YTpi"
head_only "an auditor's key on a department route" 403 POST "$BATCH" "$CSV" "$CL32" "$EXP" "Authorization: Bearer $K_AUDIT"
head_only "a department's key on the office's catalogue" 403 PUT /api/v1/admin/catalog "Content-Type: application/json" \
    "$CL32" "$EXP" "Authorization: Bearer $K_DEPT"
head_only "no key on a JSON route" 401 POST /api/v1/admin/keys "Content-Type: application/json" "Content-Length: 1000" "$EXP"
# A declared length over the route's limit: 413 before 100 Continue, with or without a key.
head_only "64 MiB + 1 declared with a key" 413 POST "$BATCH" "$CSV" "Content-Length: $((64 * MIB + 1))" "$EXP" \
    "Authorization: Bearer $K_DEPT"
grep -q "limit of $((64 * MIB)) bytes" raw.txt || fail "413: the detail does not name the limit: $(tail -c 300 raw.txt)"
head_only "64 MiB + 1 declared without a key" 413 POST "$BATCH" "$CSV" "Content-Length: $((64 * MIB + 1))" "$EXP"
head_only "2 MiB of JSON declared" 413 POST /api/v1/admin/keys "Content-Type: application/json" "Content-Length: $((2 * MIB))" \
    "$EXP" "Authorization: Bearer $K_OFFICE"
# No route, the wrong method, a bad query, a body where none is taken: refused before it too.
head_only "no such route" 404 POST /api/v1/nothing "$CSV" "$CL32" "$EXP"
head_only "a method the route lacks" 405 POST /healthz "$CSV" "$CL32" "$EXP"
head_only "an unknown parameter" 400 POST "$BATCH&x=1" "$CSV" "$CL32" "$EXP" "Authorization: Bearer $K_DEPT"
head_only "a body on a route without one" 400 GET /api/v1/catalog "$CSV" "$CL32" "$EXP"
head_only "a body on a static file" 400 GET /index.html "$CSV" "$CL32" "$EXP"

# The same through curl, with the whole 32 MiB behind the headers.
upload "no key, 32 MiB, no Expect" -X POST -H 'Expect:' -H "$CSV" --data-binary @big.bin "$URL$BATCH"
expect_eq "no key, 32 MiB, no Expect: status" 401 "$CODE"
expect_contains "no key, 32 MiB, no Expect: closed" "Connection: close" "$HDRS"
# What curl could write before the answer came: the sockets' buffers, never the whole body.
[ "$UP" -lt $((16 * MIB)) ] || fail "no key, 32 MiB, no Expect: the server read $UP bytes before its 401"
NOEXP_UP=$UP
upload "no key, 32 MiB, Expect" -X POST -H "$EXP" --expect100-timeout 30 -H "$CSV" --data-binary @big.bin "$URL$BATCH"
expect_eq "no key, 32 MiB, Expect: status" 401 "$CODE"
[[ $HDRS != *"HTTP/1.1 100"* ]] || fail "no key, 32 MiB, Expect: answered 100 Continue first"
expect_eq "no key, 32 MiB, Expect: bytes sent" 0 "$UP"
# curl waits up to 30 s for 100 Continue: an answer only after that wait would be this slow.
awk -v t="$TIME" 'BEGIN { exit !(t < 10) }' || fail "no key, 32 MiB, Expect: the 401 took $TIME s"
upload "wrong role, 32 MiB" -X POST -H 'Expect:' -H "$CSV" -H "Authorization: Bearer $K_AUDIT" --data-binary @big.bin "$URL$BATCH"
expect_eq "wrong role, 32 MiB: status" 403 "$CODE"
[ "$UP" -lt $((16 * MIB)) ] || fail "wrong role, 32 MiB: the server read $UP bytes before its 403"
upload "no key, 32 MiB chunked" -X POST -H 'Expect:' -H "$CSV" -H "Transfer-Encoding: chunked" --data-binary @big.bin \
    "$URL$BATCH"
expect_eq "no key, 32 MiB chunked: status" 401 "$CODE"
[ "$UP" -lt $((16 * MIB)) ] || fail "no key, 32 MiB chunked: the server read $UP bytes before its 401"

# ---- a department's upload still goes through ----
echo "hostile_upload: [$SECONDS s] a department's upload" >&2
upload "department, Expect" -X POST -H "$EXP" -H "$CSV" -H "Authorization: Bearer $K_DEPT" \
    --data-binary @"$D/penalty-good.csv" "$URL$BATCH"
expect_eq "department, Expect: status" 201 "$CODE"
expect_contains "department, Expect: 100 Continue came first" "HTTP/1.1 100 Continue" "$HDRS"
[[ $HDRS != *"Connection: close"* ]] || fail "department, Expect: the connection was closed after a 201"
upload "department, chunked" -X POST -H "$CSV" -H "Transfer-Encoding: chunked" -H "Authorization: Bearer $K_DEPT" \
    --data-binary @"$D/penalty-good.csv" "$URL$BATCH"
expect_eq "department, chunked: status" 201 "$CODE"
expect_contains "department, chunked: the batch is counted" '"rows":5,"accepted":5,"rejected":0' "$(cat body.out)"

# ---- forty refused 32 MiB uploads at once: the server's peak memory stays where it was ----
echo "hostile_upload: [$SECONDS s] forty refused 32 MiB uploads at once" >&2
hwm() { awk '/^VmHWM:/ { print $2 }' "/proc/$SPID/status"; }
reserved() { curl -s -m 5 "$URL/metrics" | sed -n 's/^xinyong_request_body_bytes_reserved //p'; }
HWM0=$(hwm)
UPLOADS=""
for i in $(seq 1 40); do
    # -T streams the file: forty clients do not hold 32 MiB each themselves.
    curl -s -o /dev/null -m 60 -w '%{http_code} %{size_upload}\n' -X POST -H 'Expect:' -H "$CSV" -T big.bin \
        "$URL$BATCH" >"flood.$i" 2>&1 &
    UPLOADS="$UPLOADS $!"
done
PIDS="$PIDS $UPLOADS"
for p in $UPLOADS; do wait "$p" || true; done
HWM1=$(hwm)
alive "forty uploads"
for i in $(seq 1 40); do
    read -r code up <"flood.$i" || true
    expect_eq "flood upload $i: status" 401 "$code"
    [ "$up" -lt $((16 * MIB)) ] || fail "flood upload $i: the server read $up bytes before its 401"
done
grew=$((HWM1 - HWM0))
[ "$grew" -lt 32768 ] ||
    fail "forty refused 32 MiB uploads raised the server's peak memory by $grew kB (from $HWM0 kB to $HWM1 kB)"
expect_eq "no body memory reserved after the flood" 0 "$(reserved)"
stop_server "$SPID" main

# ---- the memory of admitted bodies: bounded in all and per address, given back at the end ----
echo "hostile_upload: [$SECONDS s] the budget for admitted bodies" >&2
start_server tight --threads 2 --max-batch-mib 1 --client-body-budget-mib 1 --body-budget-mib 2 --web "$WORK/no-web"
PORT=${URL##*:}
head -c $((900 << 10)) /dev/zero | tr '\0' a >900k.bin
N=$((900 << 10))
wait_reserved() { # BYTES WHAT
    local i
    for i in $(seq 1 100); do
        [ "$(reserved)" != "$1" ] || return 0
        sleep 0.1
    done
    fail "$2: $(reserved) bytes reserved, expected $1"
}
# hold FROM: a department's 900 KiB upload from address FROM, sent slowly; sets HELD (curl's pid).
hold() {
    curl -s -o /dev/null -m 120 --interface "$1" --limit-rate 10K -X POST -H 'Expect:' -H "$CSV" \
        -H "Authorization: Bearer $K_DEPT" --data-binary @900k.bin "$URL$BATCH" &
    HELD=$!
    PIDS="$PIDS $HELD"
}
hold 127.0.0.1
H1=$HELD
wait_reserved "$N" "one body in flight"
# A second body from the same address would pass its 1 MiB share: 503 before it is read.
head_only "a second body from one address" 503 POST "$BATCH" "$CSV" "Content-Length: $N" "$EXP" \
    "Authorization: Bearer $K_DEPT"
grep -q '^Retry-After: [1-9]' raw.txt || fail "503 without Retry-After: $(head -c 600 raw.txt)"
grep -q '此地址正在上传的请求体已达 1048576 字节的上限.*from this address' raw.txt ||
    fail "503: the detail does not name the address's limit: $(tail -c 300 raw.txt)"
# Another address has a share of its own, up to the server's 2 MiB in all.
hold 127.0.0.2
H2=$HELD
wait_reserved $((2 * N)) "bodies from two addresses"
upload "a third address" --interface 127.0.0.3 -X POST -H "$CSV" -H "Authorization: Bearer $K_DEPT" --data-binary @900k.bin \
    "$URL$BATCH"
expect_eq "a third address: status" 503 "$CODE"
expect_contains "a third address: the server's limit" "on this server have reached the limit of 2097152 bytes" \
    "$(cat body.out)"
expect_contains "a third address: Retry-After" "Retry-After: " "$HDRS"
# Uploads cut off midway give their memory back; so does one that completes.
kill "$H1"
wait "$H1" 2>/dev/null || true
wait_reserved "$N" "after the first upload was cut off"
kill "$H2"
wait "$H2" 2>/dev/null || true
wait_reserved 0 "after both uploads were cut off"
upload "after the budget is free" -X POST -H "$CSV" -H "Authorization: Bearer $K_DEPT" --data-binary @"$D/penalty-good.csv" \
    "$URL$BATCH"
expect_eq "after the budget is free: status" 201 "$CODE"
expect_eq "nothing reserved after a completed upload" 0 "$(reserved)"
# A server whose share per address cannot hold its largest body does not start.
rc=0
timeout 20 "$XY" serve --port 0 --max-batch-mib 4 --client-body-budget-mib 2 >/dev/null 2>serve.err || rc=$?
expect_eq "a budget below the batch limit: exit status" 1 "$rc"
expect_contains "a budget below the batch limit" "less than the largest body allowed" "$(cat serve.err)"
stop_server "$SPID" tight
for f in main tight; do
    ! grep -q 'ERROR: AddressSanitizer\|ERROR: LeakSanitizer\|runtime error:' "$WORK/$f.err" ||
        fail "server $f: a sanitizer report: $(server_log "$f")"
done
echo "hostile_upload: all checks passed (a refused 32 MiB upload wrote $NOEXP_UP bytes; forty at once raised VmHWM by $grew kB)"
