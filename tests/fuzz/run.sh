#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Runs libFuzzer targets for a bounded time each and merges what they found into the corpus.
# Usage: tests/fuzz/run.sh BIN_DIR TARGET...   (make fuzz; BIN_DIR holds fuzz_TARGET binaries)
# Environment: FUZZ_SECONDS (per target, default 60), FUZZ_JOBS (targets at once, default 1),
# FUZZ_NICE (niceness, default 10).
# New inputs go to a scratch directory first; only those that add coverage are merged into
# tests/fuzz/corpus/TARGET/ (libFuzzer -merge=1), so the corpus stays small. A crash is copied
# into the corpus as crash-<sha1> (the replay in `make test` then fails until it is fixed) and
# makes this script exit 1. One summary line per target: seconds run, executions, exec/s, coverage.
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:?usage: run.sh BIN_DIR TARGET...}
shift
secs=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-1}
nice=${FUZZ_NICE:-10}
work="$bin/fuzz-work"
mkdir -p "$work"

run_one() {
    t=$1
    corpus="$here/corpus/$t"
    scratch="$work/$t.new"
    arts="$work/$t.crashes"
    log="$work/$t.log"
    rm -rf "$scratch" "$arts"
    mkdir -p "$scratch" "$arts" "$corpus"
    opts="-max_total_time=$secs -timeout=10 -rss_limit_mb=2048 -print_final_stats=1"
    case $t in
    batch_*) lenopt="-max_len=16384" ;;
    ids) lenopt="-max_len=128" opts="$opts -use_value_profile=1" ;;
    *) lenopt="-max_len=4096" ;;
    esac
    opts="$opts $lenopt"
    t0=$(date +%s)
    # shellcheck disable=SC2086
    # Known crashes (kept in the corpus until fixed) would stop the run at once: leave them out.
    in="$work/$t.in"
    rm -rf "$in"
    mkdir -p "$in"
    find "$corpus" -maxdepth 1 -type f ! -name 'crash-*' ! -name 'leak-*' ! -name 'timeout-*' ! -name 'oom-*' \
        -exec cp {} "$in/" \;
    nice -n "$nice" "$bin/fuzz_$t" $opts -artifact_prefix="$arts/" "$scratch" "$in" >"$log" 2>&1
    rc=$?
    took=$(($(date +%s) - t0))
    crashes=0
    for a in "$arts"/crash-* "$arts"/leak-* "$arts"/timeout-* "$arts"/oom-*; do
        [ -f "$a" ] || continue
        crashes=$((crashes + 1))
        cp "$a" "$corpus/$(basename "$a")"
    done
    # Minimise: the hand-written seeds stay; of everything else (older finds and this run's),
    # keep a small set (greedy set cover) that reaches every edge the seeds do not (counters off).
    min="$work/$t.min"
    rm -rf "$min"
    mkdir -p "$min"
    find "$corpus" -maxdepth 1 -type f \( -name 'seed-*' -o -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
        -o -name 'oom-*' \) -exec cp {} "$min/" \;
    if nice -n "$nice" "$bin/fuzz_$t" -set_cover_merge=1 -use_counters=0 -use_value_profile=0 "$min" "$in" "$scratch" \
        >"$log.merge" 2>&1; then
        find "$corpus" -maxdepth 1 -type f -delete
        cp "$min"/* "$corpus/"
    else
        echo "run.sh: $t: merge failed, corpus left as it was (see $log.merge)" >&2
    fi
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    cov=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
    files=$(find "$corpus" -type f | wc -l)
    printf '%-12s %5ss  %10s execs  %6s exec/s  %-20s  crashes %d  corpus %d files  (exit %d, log %s)\n' \
        "$t" "$took" "${execs:-?}" "${speed:-?}" "${cov:-?}" "$crashes" "$files" "$rc" "$log"
    [ "$crashes" -eq 0 ] && [ "$rc" -eq 0 ]
}

status=0
running=0
pids=""
for t in "$@"; do
    if [ ! -x "$bin/fuzz_$t" ]; then
        echo "run.sh: no $bin/fuzz_$t (build with make fuzz)" >&2
        exit 2
    fi
    run_one "$t" &
    pids="$pids $!"
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        for p in $pids; do wait "$p" || status=1; done
        pids=""
        running=0
    fi
done
for p in $pids; do wait "$p" || status=1; done
exit $status
