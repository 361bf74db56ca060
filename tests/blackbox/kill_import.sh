#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Crash safety of collection: `xinyong import` is killed with SIGKILL at random moments; afterwards the
# database passes its integrity check, every batch is wholly there or wholly absent, and every batch
# the command reported committed is there.
. "$(dirname "$0")/lib.sh.inc"
DEPT=11230500001755309F
ROUNDS=${XY_KILL_ROUNDS:-12}
ROWS=${XY_KILL_ROWS:-6000}

run_xy 0 init
run_xy 0 dept add "$DEPT" 武汉市市场监督管理局

# make_batch TAG: ROWS valid penalty rows whose document numbers carry TAG.
make_batch() {
    awk -v tag="$1" -v n="$ROWS" 'BEGIN {
        split("91110000600037341L 91420684MA4927PJ7B 9144030071526726XG 91310115MA1K3BTP2B 91340600MA2PBM9HXD 91620105L015101280 913101127033980359 91230500MA1B3N1N2M", codes, " ");
        print "CF_XDR_MC,CF_XDR_LB,CF_XDR_SHXYM,CF_FRDB,CF_WSH,CF_WFXW,CF_SY,CF_YJ,CF_CFLB,CF_NR,CF_NR_FK,CF_JDRQ,CF_YXQ,CF_CFJG,CF_CFJGDM,CF_SJLY,CF_SJLYDM";
        for (i = 1; i <= n; i++) {
            c = codes[(i % 8) + 1];
            printf "测试企业%s有限公司,02,%s,张三,武市监罚〔%s〕%d号,违规经营,当事人违规经营的事实,《条例》第十条,罚款,罚款%d元,%d.%02d,2024-03-05,2024-04-05,武汉市市场监督管理局,11230500001755309F,武汉市市场监督管理局,11230500001755309F\n", c, c, tag, i, i, i / 100, i % 100;
        }
    }' >"$WORK/batch-$1.csv"
}

# Calibrate: how long one whole import takes here, so kills land before, during and after commit.
make_batch cal
t0=$(date +%s%N)
run_xy 0 import --quiet --class penalty --dept "$DEPT" "$WORK/batch-cal.csv"
full_ms=$(( ($(date +%s%N) - t0) / 1000000 ))

reported=""
for round in $(seq 1 "$ROUNDS"); do
    make_batch "k$round"
    "$XY" import --quiet --class penalty --dept "$DEPT" "$WORK/batch-k$round.csv" >"$WORK/out-$round" 2>&1 &
    pid=$!
    # A random moment between the start and 1.3 times the calibrated duration.
    ms=$(( RANDOM % (full_ms * 13 / 10 + 1) ))
    sleep "$(( ms / 1000 )).$(printf '%03d' $(( ms % 1000 )))"
    kill -9 "$pid" 2>/dev/null || true
    set +e
    { wait "$pid"; } 2>/dev/null
    status=$?
    set -e
    if [ "$status" = 0 ]; then
        reported="$reported k$round"
    fi
done

expect_eq "integrity" ok "$(sql_integrity)"
# Every batch row is complete: its counts match the records it stored.
expect_eq "partial batches" 0 "$(sql 'SELECT count(*) FROM batch b WHERE b.finished_at IS NULL OR b.added + b.updated != (SELECT count(*) FROM record r WHERE r.batch_id = b.id)')"
expect_eq "orphan records" 0 "$(sql 'SELECT count(*) FROM record r WHERE NOT EXISTS (SELECT 1 FROM batch b WHERE b.id = r.batch_id)')"
# Each tag's rows are all there or none.
for round in $(seq 1 "$ROUNDS"); do
    n=$(sql "SELECT count(*) FROM record WHERE doc_no LIKE '武市监罚〔k$round〕%'")
    [ "$n" = 0 ] || [ "$n" = "$ROWS" ] || fail "round $round: $n of $ROWS rows present"
done
for tag in $reported; do
    n=$(sql "SELECT count(*) FROM record WHERE doc_no LIKE '武市监罚〔$tag〕%'")
    expect_eq "reported batch $tag present" "$ROWS" "$n"
done
# The database is still usable: one more batch goes in whole.
make_batch final
run_xy 0 import --json --class penalty --dept "$DEPT" "$WORK/batch-final.csv"
expect_eq "final batch" "$ROWS" "$(json_get "$OUT" added)"
killed=$(( ROUNDS - $(printf '%s' "$reported" | wc -w) ))
echo "kill_import: $ROUNDS rounds of $ROWS rows (a whole import takes ${full_ms} ms), $killed killed before finishing, all batches whole"
