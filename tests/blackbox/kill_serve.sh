#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Crash safety of the HTTP collection path: `xinyong serve` is killed with SIGKILL at random moments
# while two clients submit batches (each with its own document numbers), and started again, at least
# 50 times (XY_KILL_SERVE_ROUNDS). Afterwards the database passes its integrity check, every batch is
# wholly there or wholly absent, every batch answered 201 is there with what the answer said, no
# submission was answered 5xx, the audit chain is whole (`xinyong audit verify`), and the server
# still takes a batch and stops cleanly.
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh.inc"
. "$HERE/server.sh.inc"
DEPT=11230500001755309F
ROUNDS=${XY_KILL_SERVE_ROUNDS:-50}
ROWS=${XY_KILL_SERVE_ROWS:-300}

run_xy 0 init
run_xy 0 dept add "$DEPT" 武汉市市场监督管理局
run_xy 0 key create --role department --dept "$DEPT" --name 崩溃测试
KEY=$(printf '%s\n' "$OUT" | tail -n 1)

# start NAME ARGS...: start_server, with its output files made first (start_server reads NAME.out
# right away, and the background job may not have created it yet).
start() {
    : >"$WORK/$1.out"
    : >"$WORK/$1.err"
    start_server "$@"
}

# make_batch TAG: ROWS valid penalty rows whose document numbers carry TAG.
make_batch() {
    awk -v tag="$1" -v n="$ROWS" 'BEGIN {
        split("91110000600037341L 91420684MA4927PJ7B 9144030071526726XG 91310115MA1K3BTP2B 91340600MA2PBM9HXD 91620105L015101280 913101127033980359 91230500MA1B3N1N2M", codes, " ");
        print "CF_XDR_MC,CF_XDR_LB,CF_XDR_SHXYM,CF_FRDB,CF_WSH,CF_WFXW,CF_SY,CF_YJ,CF_CFLB,CF_NR,CF_NR_FK,CF_JDRQ,CF_YXQ,CF_CFJG,CF_CFJGDM,CF_SJLY,CF_SJLYDM";
        for (i = 1; i <= n; i++) {
            c = codes[(i % 8) + 1];
            printf "测试企业%s有限公司,02,%s,张三,崩罚〔%s〕%d号,违规经营,当事人违规经营的事实,《条例》第十条,罚款,罚款%d元,%d.%02d,2024-03-05,2024-04-05,武汉市市场监督管理局,11230500001755309F,武汉市市场监督管理局,11230500001755309F\n", c, c, tag, i, i, i / 100, i % 100;
        }
    }' >"$WORK/batch-$1.csv"
}

# submit TAG: POSTs the batch; appends "TAG STATUS BATCH_ID" to results. Returns 1 unless 201.
submit() {
    local code id
    code=$(curl -s -m 60 -o "$WORK/resp-$1" -w '%{http_code}' -X POST -H "Authorization: Bearer $KEY" \
        -H "Content-Type: text/csv" --data-binary @"$WORK/batch-$1.csv" "$URL/api/v1/batches?class=penalty" ||
        true)
    id=$(json_get "$(cat "$WORK/resp-$1" 2>/dev/null || true)" batch)
    echo "$1 ${code:-000} ${id:-0}" >>"$WORK/results"
    [ "$code" = 201 ]
}

# submitter NAME ROUND: batches one after another until the server stops answering.
submitter() {
    local i=0 tag
    while :; do
        i=$((i + 1))
        tag="r$2$1$i"
        make_batch "$tag"
        submit "$tag" || break
        rm -f "$WORK/batch-$tag.csv"
    done
}

# Calibrate: one submission of ROWS rows, so that kills land before, during and after commits.
start cal --access-log "$WORK/access.log" --threads 2
make_batch cal
t0=$(date +%s%N)
submit cal || fail "calibration batch: $(cat "$WORK/resp-cal")"
batch_ms=$((($(date +%s%N) - t0) / 1000000))
stop_server "$SPID" cal

for round in $(seq 1 "$ROUNDS"); do
    start "s$round" --access-log "$WORK/access.log" --threads 2
    submitter a "$round" &
    A=$!
    submitter b "$round" &
    B=$!
    # A random moment within about six submissions (of either client).
    ms=$((RANDOM % (batch_ms * 6 + 50)))
    sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))"
    kill -9 "$SPID"
    set +e
    wait "$SPID" 2>/dev/null
    set -e
    # shellcheck disable=SC2086 # one pid a word
    PIDS=$(printf '%s\n' $PIDS | grep -v -x "$SPID" | tr '\n' ' ' || true)
    wait "$A" "$B" || true
    if grep -q 'ERROR: AddressSanitizer\|runtime error:' "$WORK/s$round.err"; then
        fail "round $round: the server reported: $(server_log "s$round")"
    fi
done

# ---- what the clients were told ----
sent=$(wc -l <"$WORK/results" | tr -d ' ')
ok=$(awk '$2 == 201' "$WORK/results" | wc -l | tr -d ' ')
cut=$(awk '$2 == "000"' "$WORK/results" | wc -l | tr -d ' ')
other=$(awk '$2 != 201 && $2 != "000"' "$WORK/results" || true)
[ -z "$other" ] || fail "submissions answered neither 201 nor cut off: $other"
[ "$ok" -gt 0 ] || fail "no batch was ever committed (batch_ms=$batch_ms)"

# ---- the database ----
expect_eq "integrity" ok "$(sql_integrity)"
expect_eq "partial batches" 0 "$(sql 'SELECT count(*) FROM batch b WHERE b.finished_at IS NULL OR b.added + b.updated != (SELECT count(*) FROM record r WHERE r.batch_id = b.id)')"
expect_eq "orphan records" 0 "$(sql 'SELECT count(*) FROM record r WHERE NOT EXISTS (SELECT 1 FROM batch b WHERE b.id = r.batch_id)')"
expect_eq "one audit entry a batch" "$(sql 'SELECT count(*) FROM batch')" \
    "$(sql "SELECT count(*) FROM audit WHERE action = 'batch.submit'")"
# Each submission: all rows or none; reported ones all, in the batch the answer named.
sql "SELECT doc_no FROM record" | sed 's/^[^〔]*〔//; s/〕.*$//' | sort | uniq -c | awk '{ print $2, $1 }' >"$WORK/present"
present_without_answer=0
while read -r tag code id; do
    n=$(awk -v t="$tag" '$1 == t { print $2 }' "$WORK/present")
    n=${n:-0}
    [ "$n" = 0 ] || [ "$n" = "$ROWS" ] || fail "batch $tag ($code): $n of $ROWS rows present"
    if [ "$code" = 201 ]; then
        [ "$n" = "$ROWS" ] || fail "batch $tag was answered 201 (batch $id) but $n of $ROWS rows are there"
        expect_eq "batch $id of $tag" "$ROWS|$ROWS" "$(sql "SELECT accepted || '|' || added FROM batch WHERE id = $id")"
        expect_eq "batch $id holds $tag" "$ROWS" "$(sql "SELECT count(*) FROM record WHERE batch_id = $id")"
    elif [ "$n" = "$ROWS" ]; then
        present_without_answer=$((present_without_answer + 1))
    fi
done <"$WORK/results"
run_xy 0 audit verify
expect_contains "audit verify" "whole" "$OUT"

# ---- the server still works, and stops cleanly (LeakSanitizer runs at its exit) ----
start final --access-log "$WORK/access.log"
make_batch final
submit final || fail "a batch after all the kills: $(cat "$WORK/resp-final")"
stop_server "$SPID" final
expect_eq "final batch" "$ROWS" "$(sql "SELECT count(*) FROM record WHERE doc_no LIKE '崩罚〔final〕%'")"
echo "kill_serve: $ROUNDS kills; $sent submissions of $ROWS rows (one takes ${batch_ms} ms): $ok answered 201," \
    "$cut cut off ($present_without_answer of them committed before the kill); all batches whole"
