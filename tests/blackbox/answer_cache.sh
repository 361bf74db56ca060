#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The public answer cache: a repeated lookup is answered from it (counted in /metrics), a commit by
# another program is seen at once, and `serve --no-cache` answers the same bytes without it.
. "$(dirname "$0")/lib.sh.inc"
. "$(dirname "$0")/server.sh.inc"
DEPT=11230500001755309F
USCC=91420684MA4927PJ7B
run_xy 0 init
run_xy 0 dept add "$DEPT" 武汉市市场监督管理局
lic() { # DOCNO: one licence row of the subject
    echo "XK_XDR_MC,XK_XDR_LB,XK_XDR_SHXYM,XK_FRDB,XK_XKWS,XK_WSH,XK_XKLB,XK_NR,XK_JDRQ,XK_YXQZ,XK_YXQZI,XK_XKJG,XK_XKJGDM,XK_ZT,XK_LYDW,XK_LYDWDM"
    echo "华为技术有限公司,02,$USCC,张三,许可决定书,$1,01,经营,2024-01-02,2024-01-02,2029-01-01,局,$DEPT,1,局,$DEPT"
}
lic '武许〔2024〕1号' >one.csv
run_xy 0 import --class license --dept "$DEPT" one.csv

metric() { curl -fsS "$URL/metrics" | sed -n "s/^xinyong_answer_cache_total{outcome=\"$1\"} //p"; }

# One worker thread: each keeps a cache of its own, and the test asks for a hit.
start_server cached --threads 1
A1=$(curl -fsS "$URL/api/v1/subjects/$USCC")
A2=$(curl -fsS "$URL/api/v1/subjects/$USCC")
expect_eq "the same answer twice" "$A1" "$A2"
expect_contains "the licence is in the answer" '武许〔2024〕1号' "$A1"
[ "$(metric hit)" -ge 1 ] || fail "the second lookup was not a cache hit: $(curl -fsS "$URL/metrics" | grep answer_cache)"
[ "$(metric miss)" -ge 1 ] || fail "the first lookup was not counted as a miss"
# Another program commits: the next answer holds the new record, not the cached one.
lic '武许〔2024〕2号' >two.csv
run_xy 0 import --class license --dept "$DEPT" two.csv
sleep 0.01 # the cache asks the database for changes at most once a millisecond
A3=$(curl -fsS "$URL/api/v1/subjects/$USCC")
expect_contains "a commit by another program is seen" '武许〔2024〕2号' "$A3"
stop_server "$SPID" cached

start_server uncached --no-cache
B1=$(curl -fsS "$URL/api/v1/subjects/$USCC")
B2=$(curl -fsS "$URL/api/v1/subjects/$USCC")
expect_eq "--no-cache: the same answer as with the cache" "$A3" "$B1"
expect_eq "--no-cache: the same answer twice" "$B1" "$B2"
expect_eq "--no-cache: no hit" 0 "$(metric hit)"
expect_eq "--no-cache: nothing looked up in the cache" 0 "$(metric miss)"
stop_server "$SPID" uncached
echo "ok: answer cache"
