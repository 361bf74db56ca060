#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Black-box test of `xinyong id check`: exact output lines and exit codes (0 all valid, 1 some
# invalid, 2 usage error). Needs XY=path to the xinyong binary.
set -eu
: "${XY:?set XY to the xinyong binary}"

fail() {
    echo "id_check: FAIL: $1" >&2
    exit 1
}

# run EXPECTED_RC EXPECTED_STDOUT ARGS...: runs "$XY" id ARGS, compares exit code and stdout.
run() {
    local want_rc=$1 want_out=$2 rc=0 out
    shift 2
    out=$("$XY" id "$@" 2>"$tmp/stderr") || rc=$?
    if [ "$rc" != "$want_rc" ]; then
        fail "xinyong id $* exited $rc, expected $want_rc (stderr: $(cat "$tmp/stderr"))"
    fi
    if [ "$out" != "$want_out" ]; then
        printf 'id_check: FAIL: xinyong id %s\n--- expected\n%s\n--- got\n%s\n' \
            "$*" "$want_out" "$out" >&2
        exit 1
    fi
}

# usage EXPECTED_STDERR_SUBSTRING ARGS...: expects exit 2, no stdout, one stderr line.
usage() {
    local want_err=$1 rc=0 out err
    shift
    out=$("$XY" id "$@" 2>"$tmp/stderr") || rc=$?
    err=$(cat "$tmp/stderr")
    [ "$rc" = 2 ] || fail "xinyong id $* exited $rc, expected 2"
    [ -z "$out" ] || fail "xinyong id $* wrote to stdout on a usage error: $out"
    [ "$(printf '%s\n' "$err" | wc -l)" = 1 ] ||
        fail "xinyong id $*: expected one stderr line, got: $err"
    case "$err" in
    *"$want_err"*) ;;
    *) fail "xinyong id $*: stderr '$err' lacks '$want_err'" ;;
    esac
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
T=$'\t'

# All valid: exit 0, one line per value in order.
run 0 "91110000600037341L${T}valid${T}uscc
360426199101010071${T}valid${T}ric
60003734-1${T}valid${T}orgcode
9144030071526726XG${T}valid${T}uscc" \
    check 91110000600037341L 360426199101010071 60003734-1 9144030071526726XG

# Legacy 15-digit numbers are upgraded.
run 0 "370802940221002${T}valid${T}ric${T}370802199402210029
370725881105149${T}valid${T}ric${T}37072519881105149X" \
    check 370802940221002 370725881105149

# Normalisation: value printed as given; full-width digits and letters, lower-case x, trimming.
run 0 "  44011320141005001x ${T}valid${T}ric
９１１１００００６０００３７３４１Ｌ${T}valid${T}uscc" \
    check "  44011320141005001x " "９１１１００００６０００３７３４１Ｌ"

# One invalid value makes the exit code 1; each rule reported as the first failing one.
run 1 "91110000600037341M${T}invalid${T}uscc${T}checksum${T}note=guessed
36042619910102009X${T}invalid${T}ric${T}checksum${T}note=guessed
91420684MA4927PJ7${T}invalid${T}uscc${T}length${T}note=guessed
91420684MI4927PJ7B${T}invalid${T}uscc${T}charset${T}note=guessed
94420100600037341Q${T}invalid${T}uscc${T}category${T}note=guessed
91990000600037341B${T}invalid${T}uscc${T}region${T}note=guessed
110102199102300018${T}invalid${T}ric${T}birthdate${T}note=guessed
110102209901010015${T}invalid${T}ric${T}birthdate${T}note=guessed
9111000060003734 L${T}invalid${T}uscc${T}charset${T}note=guessed
91110000600037341L${T}valid${T}uscc" \
    check 91110000600037341M 36042619910102009X 91420684MA4927PJ7 91420684MI4927PJ7B \
    94420100600037341Q 91990000600037341B 110102199102300018 110102209901010015 \
    "9111000060003734 L" 91110000600037341L

# Placeholder and an ambiguous value (valid both as USCC 1/1 and as a RIC born 1980-01-01).
run 1 "00000000000000000X${T}invalid${T}uscc${T}category${T}note=placeholder
114201198001010298${T}valid${T}ric${T}note=ambiguous:valid-as-uscc-and-ric" \
    check 00000000000000000X 114201198001010298

# A forced kind: no inference, no note (except for the placeholder); the --kind=K form; options
# may follow the values and apply to all of them.
run 1 "91110000600037341L${T}invalid${T}ric${T}charset
360426199101010071${T}valid${T}ric" \
    check 91110000600037341L 360426199101010071 --kind ric
run 1 "00000000000000000X${T}invalid${T}uscc${T}category${T}note=placeholder
114201198001010298${T}valid${T}uscc" \
    check --kind=uscc 00000000000000000X 114201198001010298
run 1 "60003734-2${T}invalid${T}orgcode${T}checksum" check --kind orgcode 60003734-2

# "--" ends the options.
run 1 "-1${T}invalid${T}uscc${T}length${T}note=guessed" check -- -1

# A control character in a value is escaped so the line keeps its fields.
run 1 "a\\tb${T}invalid${T}uscc${T}length${T}note=guessed" check $'a\tb'

# JSON: one object per line, with the decomposition of valid values.
run 0 '{"value":"60003734-1","normalized":"600037341","valid":true,"kind":"orgcode","rule":null,"upgraded":null,"note":null}
{"value":"91420684MA4927PJ7B","normalized":"91420684MA4927PJ7B","valid":true,"kind":"uscc","rule":null,"upgraded":null,"note":null,"authority":{"code":"9","name":"工商","name_en":"industry and commerce (SAMR)"},"category":{"code":"1","name":"企业","name_en":"enterprise"},"region":"420684","province":{"code":"42","name":"湖北省","name_en":"Hubei"},"orgcode":"MA4927PJ7"}
{"value":"370802940221002","normalized":"370802940221002","valid":true,"kind":"ric","rule":null,"upgraded":"370802199402210029","note":null,"region":"370802","province":{"code":"37","name":"山东省","name_en":"Shandong"},"birth_date":"1994-02-21","sex":"female"}' \
    check --json 60003734-1 91420684MA4927PJ7B 370802940221002
run 1 '{"value":"00000000000000000X","normalized":"00000000000000000X","valid":false,"kind":"uscc","rule":"category","upgraded":null,"note":"placeholder"}' \
    check --json 00000000000000000X

# Usage errors: exit 2, nothing on stdout, one line on stderr.
usage "no values" check
usage "no values" check --json
usage "unknown kind 'passport'" check --kind passport 91110000600037341L
usage "--kind needs a value" check 91110000600037341L --kind
usage "unknown option '--bogus'" check --bogus 91110000600037341L
usage "missing subcommand" 
usage "unknown subcommand 'verify'" verify 91110000600037341L

# Help: exit 0, usage on stdout.
for args in "--help" "check --help" "check -h"; do
    rc=0
    # shellcheck disable=SC2086
    out=$("$XY" id $args) || rc=$?
    [ "$rc" = 0 ] || fail "xinyong id $args exited $rc"
    case "$out" in
    "usage: xinyong id check"*) ;;
    *) fail "xinyong id $args: no usage on stdout" ;;
    esac
done

echo "id_check: ok"
