#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Subscription fan-out (issue 16, "100,000 subscriptions: notification fan-out rate"): a department
# follows N companies it regulates through one webhook; the city then imports a changed record for
# every one of them, and `xinyong subscription run` delivers the notifications (one record.stored
# each, signed, in deliveries of 500) to a Python receiver that verifies every signature and
# applies them in order (tests/blackbox/webhook_receiver.py). The reference, in the same run, is
# the city's own import of that same file: notifications delivered per second against rows
# imported per second. Also timed: following N codes in one call.
# usage: XY_BIN=build/xinyong bench/exchange/fanout.sh [N]   (default 100000)
set -euo pipefail
N=${1:-100000}
case $N in '' | *[!0-9]*) echo "usage: $0 [N]" >&2; exit 2 ;; esac
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/../lib.sh"
[ -x "$XY_BIN" ] || { echo "bench: $XY_BIN not found: build first (make build)" >&2; exit 2; }
RECV=$BENCH_ROOT/tests/blackbox/webhook_receiver.py
WORK=$(mktemp -d "${TMPDIR:-/tmp}/xy-fanout.XXXXXX")
RPID=""
cleanup() {
    if [ -n "$RPID" ]; then kill "$RPID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
export XINYONG_DB=$WORK/xinyong.db XY_TODAY=${XY_TODAY:-2026-11-28}
DEPT=11230500001755309F
machine_line
echo "$("$XY_BIN" --version); python $(python3 -c 'import sys; print(sys.version.split()[0])')"

# The data: N companies with a penalty each (file 1), and the same penalties changed (file 2).
python3 - "$N" "$WORK" <<'PY'
import sys
n, d = int(sys.argv[1]), sys.argv[2]
A = "0123456789ABCDEFGHJKLMNPQRTUWXY"
W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
def org(body):
    s = sum(int(c, 36) * w for c, w in zip(body, [3, 7, 9, 10, 5, 8, 4, 2]))
    c = 11 - s % 11
    return body + ("X" if c == 10 else "0" if c == 11 else str(c))
def uscc(i):
    b = "91420100" + org("7%07d" % i)
    c = 31 - sum(A.index(ch) * w for ch, w in zip(b, W)) % 31
    return b + A[0 if c == 31 else c]
head = ("CF_XDR_MC,CF_XDR_LB,CF_XDR_SHXYM,CF_FRDB,CF_FR_ZJLX,CF_FR_ZJHM,CF_XDR_ZJLX,CF_XDR_ZJHM,CF_WSH,CF_WFXW,CF_SY,"
        "CF_YJ,CF_CFLB,CF_NR,CF_NR_FK,CF_JDRQ,CF_YXQ,CF_GSJZQ,CF_CFJG,CF_CFJGDM,CF_SJLY,CF_SJLYDM,CF_YZCD,CF_CXLX\n")
for name, amount in (("first.csv", 1), ("second.csv", 2)):
    with open("%s/%s" % (d, name), "w", encoding="utf-8") as f:
        f.write(head)
        for i in range(n):
            f.write("扇出测试公司%d,02,%s,张三,,,,,扇罚〔2026〕%d号,虚假宣传,发布虚假广告,《广告法》第五十五条,罚款,罚款%d万元,%d,"
                    "2026-06-01,2026-06-30,,武汉市市场监督管理局,%s,武汉市市场监督管理局,%s,2,1\n"
                    % (i, uscc(i), i, amount, amount, "11230500001755309F", "11230500001755309F"))
with open("%s/codes.txt" % d, "w") as g:
    for i in range(n):
        g.write(uscc(i) + "\n")
PY
"$XY_BIN" init >/dev/null
"$XY_BIN" dept add "$DEPT" 武汉市市场监督管理局 >/dev/null
"$XY_BIN" import --class penalty --dept "$DEPT" "$WORK/first.csv" >/dev/null
KEY_ID=$("$XY_BIN" key create --role department --dept "$DEPT" --name 监管系统 | sed -n 's/^created [a-z]* key \([0-9][0-9]*\).*/\1/p')

mkdir -p "$WORK/hook"
echo '{}' >"$WORK/hook/secrets.json"
python3 "$RECV" serve "$WORK/hook" --quiet 2>"$WORK/hook.err" &
RPID=$!
for _ in $(seq 1 200); do [ -s "$WORK/hook/port" ] && break; sleep 0.05; done
OUT=$("$XY_BIN" subscription add --key "$KEY_ID" "http://127.0.0.1:$(cat "$WORK/hook/port")/hook")
SUB=$(printf '%s\n' "$OUT" | sed -n 's/^subscription \([0-9][0-9]*\) created.*/\1/p')
printf '{"%s":"%s"}' "$SUB" "$(printf '%s\n' "$OUT" | tail -n 1)" >"$WORK/hook/secrets.json"

t0=$(now_s)
"$XY_BIN" subscription follow "$SUB" "$WORK/codes.txt" >/dev/null
t1=$(now_s)
"$XY_BIN" import --class penalty --dept "$DEPT" "$WORK/second.csv" >/dev/null
t2=$(now_s)
if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%U %S' -o "$WORK/cpu" "$XY_BIN" subscription run "$SUB" >"$WORK/run.out"
else
    "$XY_BIN" subscription run "$SUB" >"$WORK/run.out"
    echo '? ?' >"$WORK/cpu"
fi
t3=$(now_s)
APPLIED=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["applied"])' "$WORK/hook/stats.json")
STATS=$(cat "$WORK/hook/stats.json")
[ "$APPLIED" = "$N" ] || { echo "bench: the receiver applied $APPLIED of $N: $STATS" >&2; exit 1; }
follow=$(calc "$N / ($t1 - $t0)")
import=$(calc "$N / ($t2 - $t1)")
fanout=$(calc "$N / ($t3 - $t2)")
echo "subscribers: 1 department, $N subjects followed"
echo "follow $N codes in one call:      $(fmt '%.2f' "$(calc "$t1 - $t0")") s  ($(fmt '%.0f' "$follow") codes/s)"
echo "reference: import of $N changed rows: $(fmt '%.2f' "$(calc "$t2 - $t1")") s  ($(fmt '%.0f' "$import") rows/s)"
echo "fan-out: $N notifications delivered: $(fmt '%.2f' "$(calc "$t3 - $t2")") s  ($(fmt '%.0f' "$fanout") notifications/s, $(cat "$WORK/run.out"))"
echo "fan-out CPU of the platform (subscription run): $(cut -d' ' -f1 "$WORK/cpu") s user, $(cut -d' ' -f2 "$WORK/cpu") s system"
echo "fan-out / import: $(fmt '%.2f' "$(calc "$fanout / $import")")x"
echo "receiver: $STATS"
