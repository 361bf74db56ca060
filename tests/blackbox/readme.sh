#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The README's "Using it" block runs as written on a fresh database, so that it cannot drift. The
# block's sh fences are taken from README.md and run in order under `set -e`; only what a test must
# change is rewritten: `make` is left out (the test build made the binary, which build/xinyong names
# here), the database goes to a scratch directory, and `serve` runs in the background on a free port,
# is asked /healthz and stopped with SIGTERM at the end.
. "$(dirname "$0")/lib.sh.inc"
. "$(dirname "$0")/server.sh.inc"
: "${XY_SRC:?XY_SRC must name the source tree}"

# The tree the block expects under its working directory: the binary, the catalogue, the examples
# (copied, so that nothing the commands write lands in the source tree).
mkdir -p "$WORK/build"
ln -s "$XY" "$WORK/build/xinyong"
cp -r "$XY_SRC/catalog" "$XY_SRC/examples" "$WORK/"

# The "Using it" section's sh fences, in order.
awk '
    /^## / { in_sec = ($0 == "## Using it") ; next }
    in_sec && /^```sh$/ { in_blk = 1; next }
    in_blk && /^```$/ { in_blk = 0; next }
    in_blk { print }
' "$XY_SRC/README.md" >"$WORK/block.sh"
[ -s "$WORK/block.sh" ] || fail "README.md has no sh block under \"## Using it\""
n_cmds=$(grep -c '^build/xinyong ' "$WORK/block.sh" || true)
[ "$n_cmds" -ge 10 ] || fail "README's block has only $n_cmds xinyong commands: was it found whole?"
grep -q '^build/xinyong serve' "$WORK/block.sh" || fail "README's block no longer starts the server"

# Rewrite, line by line, into the script that runs.
{
    echo "set -e"
    while IFS= read -r line; do
        case "$line" in
        make | make\ *) echo ": skipped: $line" ;;
        export\ XINYONG_DB=*) echo "export XINYONG_DB=\"$WORK/xinyong.db\"" ;;
        build/xinyong\ serve*)
            # the same command with its --port replaced by a free one, in the background
            args=$(printf '%s\n' "$line" | sed -e 's/[[:space:]]*#.*$//' -e 's/^build\/xinyong serve//' \
                -e 's/--port[= ][0-9]*//')
            echo "readme_serve $args"
            ;;
        *) printf '%s\n' "$line" ;;
        esac
    done <"$WORK/block.sh"
} >"$WORK/run.sh"

readme_serve() {
    start_server readme "$@"
    curl -fsS "$URL/api/v1/subjects/91420684MA4927PJ7B" >"$WORK/subject.json" \
        || fail "the served database does not answer for the README's subject"
    expect_contains "served subject" 武汉华鑫科技有限公司 "$(cat "$WORK/subject.json")"
    stop_server "$SPID" readme
    SERVED=1
}

# Run in this shell (so that the server's pid is known to stop it); the commands' output goes to
# files, and a failing command stops the run under set -e with its line named on the test's stderr.
SERVED=0
exec 3>&2
trap 'echo "FAIL: README command failed: $BASH_COMMAND" >&3; tail -n 20 "$WORK/block.err" >&3' ERR
# shellcheck disable=SC1091
. "$WORK/run.sh" >"$WORK/block.out" 2>"$WORK/block.err"
trap - ERR
[ "$SERVED" = 1 ] || fail "the README block's serve command did not run"

# What the block did, seen from outside: the department's batch accepted whole, the key made, the
# report verified, the 2027 holidays stored.
expect_contains "import" "3 accepted" "$(cat "$WORK/block.out")"
expect_contains "report verify" "真实有效" "$(cat "$WORK/block.out")"
expect_eq "2027 holidays stored" 13 "$(sql "SELECT count(*) FROM calendar_day WHERE day LIKE '2027-%'")"
expect_eq "keys created" 2 "$(sql "SELECT count(*) FROM api_key")"
[ -s "$WORK/report.pdf" ] || fail "report.pdf was not written"
echo "ok: README's Using it block, $n_cmds commands"
