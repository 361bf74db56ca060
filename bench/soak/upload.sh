#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Upload soak: `xinyong serve` on loopback for MINUTES (default 3) under waves of large uploads it
# must refuse on their headers, the longer variant of tests/blackbox/hostile_upload.sh. Each wave
# sends SOAK_UPLOADS (default 60, under the 64 connections an address may hold) 32 MiB bodies at
# once: without a key, with a wrong key, with a key of the wrong role, chunked, with and without
# Expect: 100-continue; then a department submits a small batch. Reports the answers, the bytes
# curl wrote before each refusal, and the server's resident and peak memory (VmRSS, VmHWM) and open
# descriptors (from /proc/PID) after each wave. Exits 1 when a refused upload got anything but its
# 401/403 (a reset, a 5xx), a batch was not taken, the peak memory grew by SOAK_HWM_MIB (default 64)
# or more after the first wave, descriptors leaked, or the server did not stop cleanly. Outside the
# test gate: `make soak-upload` (SOAK_MINUTES=3).
#
# usage: XY_BIN=build/xinyong bench/soak/upload.sh [MINUTES]
#   SOAK_UPLOADS  uploads a wave (default 60)    SOAK_WAVES  stop after this many waves (default: none)
#   SOAK_THREADS  server threads (default 2)     SOAK_HWM_MIB  allowed growth of VmHWM (default 64)
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
MINUTES=${1:-3}
XY_BIN=${XY_BIN:-$ROOT/build/xinyong}
UPLOADS=${SOAK_UPLOADS:-60}
WAVES=${SOAK_WAVES:-0}
THREADS=${SOAK_THREADS:-2}
HWM_MIB=${SOAK_HWM_MIB:-64}
DEPT=11230500001755309F
case $MINUTES in '' | *[!0-9]*) echo "usage: $0 [MINUTES]" >&2; exit 2 ;; esac
[ -x "$XY_BIN" ] || { echo "soak-upload: $XY_BIN not found: build first (make build)" >&2; exit 2; }
[ "$UPLOADS" -le 64 ] || { echo "soak-upload: SOAK_UPLOADS is at most 64 (connections an address may hold)" >&2; exit 2; }

T=$(mktemp -d /tmp/xy-soak-upload.XXXXXX)
SPID=""
cleanup() {
    [ -z "$SPID" ] || kill -KILL "$SPID" 2>/dev/null || true
    rm -rf "$T"
}
trap cleanup EXIT
export XINYONG_DB=$T/xinyong.db
say() { printf 'soak-upload: %s\n' "$*" >&2; }

# ---- data: an empty platform, a department and its key, a second key of another role ----
"$XY_BIN" init >/dev/null
"$XY_BIN" dept add "$DEPT" 武汉市市场监督管理局 >/dev/null
KEY=$("$XY_BIN" key create --role department --dept "$DEPT" --name soak | tail -n 1)
AUDIT=$("$XY_BIN" key create --role auditor --name soak | tail -n 1)
head -c $((32 << 20)) /dev/zero | tr '\0' a >"$T/big.bin"
batch() { # N: a CSV batch of one row with a document number unique to N
    printf '%s\n' "CF_XDR_MC,CF_XDR_LB,CF_XDR_SHXYM,CF_FRDB,CF_WSH,CF_WFXW,CF_SY,CF_YJ,CF_CFLB,CF_NR,CF_NR_FK,CF_JDRQ,CF_YXQ,CF_CFJG,CF_CFJGDM,CF_SJLY,CF_SJLYDM"
    printf '浸泡测试有限公司,02,91420684MA4927PJ7B,张三,浸罚〔2026〕%d号,违规经营,当事人违规经营的事实,《条例》第十条,罚款,罚款100元,0.01,2024-03-05,2024-04-05,武汉市市场监督管理局,11230500001755309F,武汉市市场监督管理局,11230500001755309F\n' "$1"
}

# ---- the server ----
"$XY_BIN" serve --port 0 --threads "$THREADS" --access-log "$T/access.log" --web "$T/no-web" >"$T/serve.out" 2>"$T/serve.err" &
SPID=$!
PORT=""
for _ in $(seq 1 200); do
    PORT=$(sed -n 's/^port \([0-9][0-9]*\)$/\1/p' "$T/serve.out" 2>/dev/null || true)
    [ -z "$PORT" ] || break
    kill -0 "$SPID" 2>/dev/null || { cat "$T/serve.err" >&2; exit 1; }
    sleep 0.05
done
[ -n "$PORT" ] || { say "the server printed no port"; exit 1; }
URL=http://127.0.0.1:$PORT
BATCH="$URL/api/v1/batches?class=penalty"
for _ in $(seq 1 100); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/healthz" || true)" = 200 ] && break
    sleep 0.05
done
status() { awk -v k="$1" '$1 == k ":" { print $2 }' "/proc/$SPID/status"; }
fds() { find "/proc/$SPID/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l | tr -d ' '; }
START_RSS=$(status VmRSS)
START_FDS=$(fds)

# wave N: SOAK_UPLOADS refused uploads at once, then one batch; appends "code bytes" lines to
# $T/answers and "wave rss hwm fds" to $T/samples.
wave() {
    local n=$1 i pids="" args
    for i in $(seq 1 "$UPLOADS"); do
        case $((i % 5)) in
        0) args=(-H 'Expect:') ;;
        1) args=(-H 'Expect: 100-continue' --expect100-timeout 30) ;;
        2) args=(-H 'Expect:' -H 'Transfer-Encoding: chunked') ;;
        3) args=(-H 'Expect:' -H "Authorization: Bearer xy_1_$(printf '%064d' 0)") ;;
        4) args=(-H 'Expect:' -H "Authorization: Bearer $AUDIT") ;;
        esac
        curl -s -o /dev/null -m 60 -w '%{http_code} %{size_upload}\n' -X POST -H 'Content-Type: text/csv' "${args[@]}" \
            -T "$T/big.bin" "$BATCH" >"$T/up.$i" 2>/dev/null &
        pids="$pids $!"
    done
    for p in $pids; do wait "$p" || true; done
    for i in $(seq 1 "$UPLOADS"); do cat "$T/up.$i" >>"$T/answers"; done
    batch "$n" >"$T/batch.csv"
    curl -s -o /dev/null -m 60 -w '%{http_code}\n' -H "Authorization: Bearer $KEY" -H 'Content-Type: text/csv' \
        --data-binary @"$T/batch.csv" "$BATCH" >>"$T/batches" || echo 000 >>"$T/batches"
    echo "$n $(status VmRSS) $(status VmHWM) $(fds)" >>"$T/samples"
}

say "$UPLOADS refused 32 MiB uploads a wave for $MINUTES min against $URL ($THREADS threads)"
: >"$T/answers"
: >"$T/batches"
T0=$(date +%s)
n=0
while :; do
    n=$((n + 1))
    wave "$n"
    kill -0 "$SPID" 2>/dev/null || { say "the server died"; tail -n 30 "$T/serve.err" >&2; exit 1; }
    [ "$WAVES" = 0 ] || [ "$n" -lt "$WAVES" ] || break
    [ $(($(date +%s) - T0)) -lt $((MINUTES * 60)) ] || break
done
ELAPSED=$(($(date +%s) - T0))
sleep 6 # lingering sockets close within 5 s
END_RSS=$(status VmRSS)
END_FDS=$(fds)
FIRST_HWM=$(awk 'NR == 1 { print $3 }' "$T/samples")
END_HWM=$(status VmHWM)
kill -TERM "$SPID"
set +e
wait "$SPID"
src=$?
set -e
SPID=""

# ---- report ----
total=$(wc -l <"$T/answers" | tr -d ' ')
refused=$(awk '$1 == 401 || $1 == 403' "$T/answers" | wc -l | tr -d ' ')
max_up=$(awk 'BEGIN { m = 0 } $2 > m { m = $2 } END { print m }' "$T/answers")
taken=$(grep -c '^201$' "$T/batches" || true)
grew=$((END_HWM - FIRST_HWM))
echo
echo "soak-upload: $n waves in $ELAPSED s: $total uploads of 32 MiB refused on their headers, $n batches"
echo "  answers: $(cut -d ' ' -f 1 "$T/answers" | sort | uniq -c | awk '{ printf "%s%s: %s", s, $2, $1; s = ", " }')"
echo "  most bytes curl wrote before a refusal: $max_up; batches taken: $taken of $n"
echo "  VmRSS: start $START_RSS kB, end $END_RSS kB; VmHWM after the first wave $FIRST_HWM kB, at the end $END_HWM kB (+$grew kB)"
echo "  open fds: start $START_FDS, end $END_FDS; server exit after SIGTERM: $src"
echo "  (samples: wave, VmRSS kB, VmHWM kB, fds)"
awk 'NR <= 3 || NR % 20 == 0' "$T/samples" | sed 's/^/    /'
grep -m 3 'ERROR: AddressSanitizer\|ERROR: LeakSanitizer\|runtime error:' "$T/serve.err" || true

bad=""
[ "$refused" = "$total" ] || bad="$bad refusals-not-401-or-403"
[ "$max_up" -lt $((32 << 20)) ] || bad="$bad a-whole-body-was-read"
[ "$taken" = "$n" ] || bad="$bad batches-not-taken"
[ "$grew" -lt $((HWM_MIB * 1024)) ] || bad="$bad peak-memory-grew"
[ "$END_FDS" -le $((START_FDS + 4)) ] || bad="$bad fd-growth"
[ "$src" = 0 ] || bad="$bad server-exit"
if [ -n "$bad" ]; then
    echo "soak-upload: FAILED:$bad"
    exit 1
fi
echo "soak-upload: passed"
