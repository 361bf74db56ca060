#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The manual page the build writes (xinyong.1 beside the binary, by scripts/make-man from the
# program's help): groff formats it without a warning, it has a section for every command the
# program lists and each section carries that command's usage line, and a help text that starts a
# line with a dot or holds a backslash comes through as text, not as a roff request.
. "$(dirname "$0")/lib.sh.inc"
: "${XY_SRC:?XY_SRC must name the source tree}"
command -v groff >/dev/null || fail "groff is not installed: run scripts/install-deps"

PAGE=$(dirname "$XY")/xinyong.1
[ -f "$PAGE" ] || fail "the build wrote no $PAGE (target manpage)"

# Formatted with every warning on: nothing on stderr.
groff -k -man -Tutf8 -ww -z "$PAGE" 2>"$WORK/groff.err" || fail "groff failed: $(cat "$WORK/groff.err")"
[ ! -s "$WORK/groff.err" ] || fail "groff warns: $(head -n 5 "$WORK/groff.err")"
groff -k -man -Tutf8 -P-cbou "$PAGE" >"$WORK/page.txt" 2>/dev/null
grep -q '公共信用信息平台' "$WORK/page.txt" || fail "the page's Chinese did not come through"

# A section per command of `xinyong --help`, with the command's own usage line in it.
commands=$("$XY" --help | awk '/^commands:/ {on = 1; next} on && /^$/ {exit} on {print $1}')
n=0
for c in $commands; do
    grep -q "^\.SS $c\$" "$PAGE" || fail "no section for the command $c"
    usage=$("$XY" "$c" --help 2>&1 | head -n 1)
    grep -qF -- "$usage" "$WORK/page.txt" || fail "the section of $c lacks its usage line: $usage"
    n=$((n + 1))
done
[ "$n" -ge 20 ] || fail "only $n commands found in xinyong --help"

# Escaping: `id --help` prints "\t, \n" and "\\ for \" (backslashes); they must read the same formatted.
grep -qF '\t, \n, \r, \xHH' "$WORK/page.txt" || fail "backslashes of the id help were eaten by roff"

# The generator on a help whose line starts with a dot: literal text, not a request.
mkdir -p "$WORK/fake"
cat >"$WORK/fake/xinyong" <<'FAKE'
#!/bin/sh
case "$*" in
--version) echo "xinyong 0.0" ;;
--help) printf 'usage: xinyong\n\ncommands:\n  dot  a command\n\noptions:\n  --help  help\n' ;;
*) printf 'usage: xinyong dot\n.SH INJECTED\n.\\" a comment\n' ;;
esac
FAKE
chmod +x "$WORK/fake/xinyong"
"$XY_SRC/scripts/make-man" "$WORK/fake/xinyong" "$WORK/fake.1"
groff -k -man -Tutf8 -P-cbou "$WORK/fake.1" >"$WORK/fake.txt" 2>/dev/null
grep -q '^ *\.SH INJECTED' "$WORK/fake.txt" || fail "a help line starting with a dot became a roff request"
grep -q '^INJECTED' "$WORK/fake.txt" && fail "a help line made a section of its own"
echo "ok: the manual page has all $n commands, formats cleanly and escapes help text"
