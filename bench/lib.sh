# shellcheck shell=bash
# SPDX-License-Identifier: Apache-2.0
# Shared helpers of the bench/*/run.sh scripts (sourced, not run).

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
XY_BIN=${XY_BIN:-$BENCH_ROOT/build/xinyong}
case $XY_BIN in /*) ;; *) XY_BIN=$BENCH_ROOT/$XY_BIN ;; esac
# The bench programs are built beside the binary (bench/CMakeLists.txt is part of the build).
BENCH_BIN=$(dirname "$XY_BIN")/bench

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

bench_setup() {
    "$BENCH_ROOT/scripts/install-deps" --bench
    if [ ! -x /usr/bin/time ]; then
        echo "bench: installing GNU time for peak-RSS figures" >&2
        DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends time >/dev/null
    fi
    if [ ! -x "$XY_BIN" ]; then
        echo "bench: $XY_BIN not found: build first (make build)" >&2
        exit 2
    fi
    local t
    for t in "$@"; do
        if [ ! -x "$BENCH_BIN/$t" ] || [ "$BENCH_BIN/$t" -ot "$XY_BIN" ]; then
            # A build directory configured before bench/CMakeLists.txt existed knows no bench target yet.
            if ! cmake --build "$(dirname "$XY_BIN")" --target "$t" >/tmp/xy-bench-build.$$.log 2>&1 &&
                ! { cmake -S "$BENCH_ROOT" -B "$(dirname "$XY_BIN")" &&
                    cmake --build "$(dirname "$XY_BIN")" --target "$t"; } >/tmp/xy-bench-build.$$.log 2>&1; then
                cat /tmp/xy-bench-build.$$.log >&2
                rm -f /tmp/xy-bench-build.$$.log
                exit 2
            fi
            rm -f /tmp/xy-bench-build.$$.log
        fi
    done
}

# Seconds since the epoch with nanoseconds.
now_s() { date +%s.%N; }

# awk arithmetic: calc "expr"
calc() { awk "BEGIN { printf \"%s\", $1 }" 2>/dev/null || echo "?"; }
fmt() { awk -v v="$2" "BEGIN { printf \"$1\", v }"; }

machine_line() {
    local mem
    mem=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
    echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), $mem RAM; $(date -u '+%Y-%m-%d %H:%M UTC')"
}
