#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The layering check itself (scripts/check-layers, run by every build): it passes on the project as it
# is, and fails, naming the file, when a handler includes a store header (directly or through another
# header), when a CLI command includes the app's private header, when a front end renders a report or
# the report's layout reads the store, and when code reads the wall clock.
set -euo pipefail
SRC=${XY_SRC:?}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$SRC/scripts/check-layers" || fail "the project itself breaks its layers"

violate() { # NAME FILE CONTENT EXPECTED-MESSAGE
    local tree=$WORK/$1
    mkdir -p "$tree"
    cp -r "$SRC/src" "$tree/"
    printf '%s\n' "$3" >"$tree/$2"
    if "$SRC/scripts/check-layers" "$tree" 2>"$WORK/$1.err"; then
        fail "$1: check-layers passed a tree where $2 breaks the layers"
    fi
    grep -qF "$4" "$WORK/$1.err" || fail "$1: the message does not say [$4]: $(cat "$WORK/$1.err")"
}
violate direct src/server/h_bad.c '#include "store/store.h"' "src/server/h_bad.c includes src/store/store.h"
# Through a header of another layer: the front end reaches the store all the same.
violate indirect src/cli/cmd_bad.c '#include "app/recordrow.h"' "src/cli/cmd_bad.c includes src/app/recordrow.h, private to src/app"
violate private src/server/h_priv.c '#include "app/app_int.h"' "src/server/h_priv.c includes src/app/app_int.h, private to src/app"
violate core src/core/bad.c '#include "app/app.h"' "src/core/bad.c includes src/app/app.h: core may use only: common core"
# The report's layout is the app's: a handler that renders a report itself, or a layout that reads
# the store, breaks the layers.
violate report_front src/server/h_pdf.c '#include "report/report_pdf.h"' "src/server/h_pdf.c includes src/report/report_pdf.h: server may use only: common core app server"
violate report_store src/report/bad.c '#include "store/store.h"' "src/report/bad.c includes src/store/store.h: report may use only: common report"
violate clock src/app/bad.c 'long f(void) { return (long)time(NULL); }' "the wall clock read outside src/common/xy_clock.c"
echo "layers: all checks passed"
