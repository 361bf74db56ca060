#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# valgrind memcheck over the unit tests of a build without sanitizers (ctest valgrind/unit, run by
# `make test` in build-vg): every test program must run clean: no invalid read or write, no use of
# uninitialised memory, no definite or indirect leak. Usage: tests/valgrind.sh PROGRAM...
# VG_JOBS programs run at once (default: the number of CPUs); VG_TRACK_ORIGINS=1 says where an
# uninitialised value came from (slower: for re-running a failure).
set -eu
command -v valgrind >/dev/null || { echo "valgrind.sh: valgrind is not installed (scripts/install-deps)" >&2; exit 1; }
[ $# -gt 0 ] || { echo "usage: valgrind.sh PROGRAM..." >&2; exit 2; }
LOGS=$(mktemp -d "${TMPDIR:-/tmp}/xy-vg.XXXXXX")
trap 'rm -rf "$LOGS"' EXIT
jobs=${VG_JOBS:-$(nproc 2>/dev/null || echo 2)}
ORIGINS=--track-origins=no
[ "${VG_TRACK_ORIGINS:-0}" = 0 ] || ORIGINS=--track-origins=yes

one() {
    local prog=$1 name
    name=$(basename "$prog")
    if valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
        --suppressions="$SUPP" \
        --show-leak-kinds=definite,indirect "$ORIGINS" --num-callers=30 \
        --log-file="$LOGS/$name.vg" "$prog" >"$LOGS/$name.out" 2>&1; then
        echo "ok   $name"
    else
        echo "FAIL $name (exit $?)"
    fi
}
export -f one
# What the font and PDF libraries of the credit report keep for the process's life (tests/valgrind.supp).
SUPP="$(cd "$(dirname "$0")" && pwd)/valgrind.supp"
export LOGS ORIGINS SUPP
printf '%s\n' "$@" | xargs -P "$jobs" -I{} bash -c 'one "$1"' _ {} >"$LOGS/summary"
sort "$LOGS/summary"
if grep -q '^FAIL' "$LOGS/summary"; then
    for f in "$LOGS"/*.vg; do
        n=$(basename "$f" .vg)
        grep -q "^FAIL $n " "$LOGS/summary" || continue
        echo "---- $n: valgrind ----"
        head -n 120 "$f"
        echo "---- $n: output ----"
        tail -n 40 "$LOGS/$n.out"
    done
    exit 1
fi
