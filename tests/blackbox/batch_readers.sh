#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A batch being imported through POST /api/v1/batches does not hold up the server's other requests:
# with one worker thread, a health check and a public lookup are answered while the batch is still
# uncommitted (its import runs on a thread of its own), and the batch then commits whole. Before,
# the worker thread imported the batch itself, and both waited for its end.
. "$(dirname "$0")/lib.sh.inc"
. "$(dirname "$0")/server.sh.inc"
DEPT=11230500001755309F
ROWS=${XY_READERS_ROWS:-40000}

run_xy 0 init
run_xy 0 dept add "$DEPT" 武汉市市场监督管理局
KEY=$("$XY" key create --role department --dept "$DEPT" --name readers | tail -n 1)

# batch TAG N: N valid penalty rows whose document numbers carry TAG.
batch() {
    awk -v tag="$1" -v n="$2" 'BEGIN {
        split("91110000600037341L 91420684MA4927PJ7B 9144030071526726XG 91310115MA1K3BTP2B 91340600MA2PBM9HXD 91620105L015101280 913101127033980359 91230500MA1B3N1N2M", codes, " ");
        print "CF_XDR_MC,CF_XDR_LB,CF_XDR_SHXYM,CF_FRDB,CF_WSH,CF_WFXW,CF_SY,CF_YJ,CF_CFLB,CF_NR,CF_NR_FK,CF_JDRQ,CF_YXQ,CF_CFJG,CF_CFJGDM,CF_SJLY,CF_SJLYDM";
        for (i = 1; i <= n; i++) {
            c = codes[(i % 8) + 1];
            printf "测试企业%s有限公司,02,%s,张三,武市监罚〔%s〕%d号,违规经营,当事人违规经营的事实,《条例》第十条,罚款,罚款%d元,%d.%02d,2024-03-05,2024-04-05,武汉市市场监督管理局,11230500001755309F,武汉市市场监督管理局,11230500001755309F\n", c, c, tag, i, i, i / 100, i % 100;
        }
    }' >"$WORK/batch-$1.csv"
}
batch first 8
run_xy 0 import --quiet --class penalty --dept "$DEPT" "$WORK/batch-first.csv"
batch big "$ROWS"
size=$(stat -c %s "$WORK/batch-big.csv")

start_server main --threads 1 --max-batch-mib 64
curl -s -o "$WORK/big.out" -w '%{http_code}' --trace-ascii "$WORK/big.trace" -H "Authorization: Bearer $KEY" \
    -H 'Content-Type: text/csv' --data-binary "@$WORK/batch-big.csv" "$URL/api/v1/batches?class=penalty" \
    >"$WORK/big.code" &
CURL=$!
PIDS="$PIDS $CURL"
# Until the whole body has been sent: the import has then begun, or is about to.
sent=0
for _ in $(seq 1 600); do
    sent=$(awk '/^=> Send data, [0-9]+ bytes/ { n += $4 } END { print n + 0 }' "$WORK/big.trace" 2>/dev/null || echo 0)
    [ "$sent" -lt "$size" ] || break
    sleep 0.05
done
[ "$sent" -ge "$size" ] || fail "the batch's body was not sent ($sent of $size bytes)"

health=$(curl -s -o /dev/null -w '%{http_code}' "$URL/healthz")
lookup=$(curl -s -w '\n%{http_code}' "$URL/api/v1/subjects/91420684MA4927PJ7B")
# Both answered before the batch committed: none of its rows is in the database yet.
held=$(sql "SELECT count(*) FROM record WHERE doc_no LIKE '武市监罚〔big〕%'")
expect_eq "health check answered during the import" 200 "$health"
expect_eq "lookup answered during the import" 200 "$(echo "$lookup" | tail -n 1)"
expect_contains "lookup shows the subject" '91420684MA4927PJ7B' "$lookup"
expect_eq "the batch was still uncommitted when they were answered (make it larger: XY_READERS_ROWS)" 0 "$held"

wait "$CURL" || true
expect_eq "the batch answered" 201 "$(cat "$WORK/big.code")"
expect_contains "the batch whole" "\"rows\":$ROWS,\"accepted\":$ROWS" "$(cat "$WORK/big.out")"
expect_eq "the batch stored" "$ROWS" "$(sql "SELECT count(*) FROM record WHERE doc_no LIKE '武市监罚〔big〕%'")"
# The same server goes on: another batch, answered in turn.
curl -s -o "$WORK/again.out" -w '%{http_code}' -H "Authorization: Bearer $KEY" -H 'Content-Type: text/csv' \
    --data-binary "@$WORK/batch-first.csv" "$URL/api/v1/batches?class=penalty" >"$WORK/again.code"
expect_eq "a resend answered" 201 "$(cat "$WORK/again.code")"
expect_contains "a resend adds nothing" '"added":0,"updated":0,"unchanged":8' "$(cat "$WORK/again.out")"
stop_server "$SPID" main
echo "batch_readers: all checks passed"
