#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The end of publicity windows (xinyong maintain; the server runs the same each day): more records due
# than one round takes (2,000), so several rounds, each its own transaction and audit entry; every due
# record marked expired once, with one change-feed entry, and no record not yet due touched. The due
# records are counted here by a plain scan, independently of the index the platform uses.
. "$(dirname "$0")/lib.sh.inc"
DEPT=11420100MB152034XT

run_xy 0 init
run_xy 0 dept add "$DEPT" 武汉市市场监督管理局
"$XY" demo --out gen --only penalty --rows 6000 --today 2026-11-28 >/dev/null || fail "demo data"
run_xy 0 import --quiet --class penalty --dept "$DEPT" gen/penalty.csv
published=$(sql "SELECT count(*) FROM record WHERE is_current = 1 AND status = 'published'")
# Far enough ahead that most windows have ended, not so far that all have.
DAY=2029-06-01
due=$(sql "SELECT count(*) FROM record WHERE is_current = 1 AND status = 'published' AND public_until < '$DAY'")
[ "$due" -gt 4000 ] && [ "$due" -lt "$published" ] || fail "test setup: $due of $published records due by $DAY"
XY_TODAY=$DAY run_xy 0 maintain
expect_contains "all due records expired" "$due records" "$OUT"
expect_eq "none left due" 0 \
    "$(sql "SELECT count(*) FROM record WHERE is_current = 1 AND status = 'published' AND public_until < '$DAY'")"
expect_eq "the others untouched" "$((published - due))" \
    "$(sql "SELECT count(*) FROM record WHERE is_current = 1 AND status = 'published'")"
expect_eq "one change entry each" "$due" "$(sql "SELECT count(DISTINCT record_id) FROM change WHERE kind = 'record.expired'")"
expect_eq "and no more" "$due" "$(sql "SELECT count(*) FROM change WHERE kind = 'record.expired'")"
rounds=$(( (due + 1999) / 2000 ))
expect_eq "one audit entry a round" "$rounds" "$(sql "SELECT count(*) FROM audit WHERE action = 'records.expire'")"
expect_eq "the rounds add up" "$due" \
    "$(sql "SELECT sum(CAST($(sql_json detail expired) AS INTEGER)) FROM audit WHERE action = 'records.expire'")"
# Again the same day: nothing is due any more.
XY_TODAY=$DAY run_xy 0 maintain
expect_contains "nothing left" "0 records" "$OUT"
run_xy 0 audit verify
echo "expiry: all checks passed"
