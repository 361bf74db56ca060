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

# The Chinese page (man/zh_CN/man1/xinyong.1, from the Chinese help): formats cleanly, has a section
# per command with the command's Chinese usage line, and its headings in Chinese.
ZH=$(dirname "$XY")/man/zh_CN/man1/xinyong.1
[ -f "$ZH" ] || fail "the build wrote no $ZH (target manpage)"
groff -k -man -Tutf8 -ww -z "$ZH" 2>"$WORK/groff-zh.err" || fail "groff failed on the Chinese page"
[ ! -s "$WORK/groff-zh.err" ] || fail "groff warns on the Chinese page: $(head -n 5 "$WORK/groff-zh.err")"
groff -k -man -Tutf8 -P-cbou "$ZH" >"$WORK/page-zh.txt" 2>/dev/null
for h in 名称 描述 选项 命令 环境变量 退出码; do
    grep -q "^$h\$" "$WORK/page-zh.txt" || fail "the Chinese page has no heading $h"
done
for c in $commands; do
    grep -q "^\.SS $c\$" "$ZH" || fail "the Chinese page has no section for the command $c"
    usage=$(LANG=zh_CN.UTF-8 LC_MESSAGES= "$XY" "$c" --help 2>&1 | head -n 1)
    grep -qF -- "$usage" "$WORK/page-zh.txt" || fail "the Chinese section of $c lacks its usage line: $usage"
done
grep -qF '用法：xinyong import --class CLASS' "$WORK/page-zh.txt" || fail "the Chinese page's import help is not Chinese"
grep -qF '\t, \n, \r, \xHH' "$WORK/page-zh.txt" || fail "backslashes of the Chinese id help were eaten by roff"
# The English page stays English whatever the builder's locale.
grep -q '用法：' "$PAGE" && fail "the English page holds Chinese help"

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
echo "ok: the manual pages (English and Chinese) have all $n commands, format cleanly and escape help text"
