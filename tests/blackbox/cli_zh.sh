#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The command line in Chinese (po/zh_CN.po through gettext): under LANG=zh_CN.UTF-8 the help, an
# import with rejected rows and a usage error are Chinese, even on a machine where that locale was
# never generated (the Debian default: src/cli/i18n.c falls back to C.UTF-8 and LANGUAGE); under
# LANG=C and LANG=en_US.UTF-8 they are English; --json output and exit codes are the same in both.
# Every message the sources mark is translated: a new one left untranslated fails here.
. "$(dirname "$0")/lib.sh.inc"
: "${XY_SRC:?XY_SRC must name the source tree}"
DEPT=11230500001755309F
D=$XY_TEST_DATA

# in_lang LANG EXPECTED_EXIT ARGS...: runs xinyong with only LANG naming the language.
in_lang() {
    lang=$1
    shift
    LANG=$lang LC_MESSAGES= run_xy "$@"
}

run_xy 0 init
run_xy 0 dept add "$DEPT" 武汉市市场监督管理局

# The zh_CN locale is not generated on a stock Debian: the test proves the fallback there. Where it
# is generated the ordinary path serves it, and the assertions are the same.
locale -a 2>/dev/null | grep -qi '^zh_CN' || echo "note: zh_CN.UTF-8 is not generated here: the fallback is tested"

# Help.
in_lang zh_CN.UTF-8 0 --help
expect_contains "zh --help" "用法：xinyong [--db PATH] COMMAND" "$OUT"
expect_contains "zh --help commands" "命令：" "$OUT"
expect_contains "zh --help import" "归集一批记录（CSV 或 JSON Lines）" "$OUT"
expect_contains "zh --help options" "显示本帮助" "$OUT"
for lang in C en_US.UTF-8; do
    in_lang "$lang" 0 --help
    expect_contains "$lang --help" "import a batch of records (CSV or JSON Lines)" "$OUT"
    case "$OUT" in *命令：*) fail "$lang --help is Chinese" ;; esac
done
in_lang zh_CN.UTF-8 0 import --help
expect_contains "zh import --help" "用法：xinyong import --class CLASS --dept USCC" "$OUT"
expect_contains "zh import --help" "被拒绝的行连同行号、数据项和原因列在" "$OUT"
expect_contains "zh import --help" "退出码：0 全部行通过" "$OUT"
in_lang en_US.UTF-8 0 import --help
expect_contains "en import --help" "rejected rows are listed in FILE.rejects.csv" "$OUT"
# zh_CN without the .UTF-8 suffix, and LC_ALL over LANG, name the language as well.
LANG=C LC_ALL=zh_CN LC_MESSAGES= run_xy 0 --help
expect_contains "LC_ALL=zh_CN" "命令：" "$OUT"
LANG=zh_CN.UTF-8 LC_ALL=C LC_MESSAGES= run_xy 0 --help
expect_contains "LC_ALL=C over LANG" "commands:" "$OUT"

# A usage error: the same exit code, the message in the language.
in_lang zh_CN.UTF-8 2 import --class penalty
expect_contains "zh usage error" "xinyong import: 用法：xinyong import --class CLASS --dept USCC FILE（参见 --help）" "$ERR"
in_lang C 2 import --class penalty
expect_contains "C usage error" "xinyong import: usage: xinyong import --class CLASS --dept USCC FILE (see --help)" "$ERR"
in_lang zh_CN.UTF-8 2 --frobnicate
expect_contains "zh unknown option" "xinyong：未知选项 --frobnicate（参见 --help）" "$ERR"

# An import with rejected rows: exit 1 in both, the summary in the language.
cp "$D/penalty-bad.csv" bad.csv
in_lang zh_CN.UTF-8 1 import --class penalty --dept "$DEPT" bad.csv
expect_contains "zh import summary" "行，通过 " "$OUT"
expect_contains "zh import summary" "批次 " "$OUT"
expect_contains "zh rejects file" "被拒绝的行列在 bad.csv.rejects.csv 中" "$OUT"
expect_contains "zh reject row" "  第 " "$OUT"
cp "$D/penalty-bad.csv" bad2.csv
in_lang en_US.UTF-8 1 import --class penalty --dept "$DEPT" bad2.csv
expect_contains "en import summary" "rejected rows are listed in bad2.csv.rejects.csv" "$OUT"
case "$OUT" in *批次*) fail "the English import summary is Chinese" ;; esac

# --json is byte for byte the same in both languages (the same file imported again: the same answer
# but for the batch's number, which is the next one).
in_lang zh_CN.UTF-8 1 import --json --class penalty --dept "$DEPT" bad.csv
zh_json=${OUT#\{\"batch\":*,}
in_lang C 1 import --json --class penalty --dept "$DEPT" bad.csv
expect_contains "import --json" '"rows":18,"accepted":1,"rejected":17' "$OUT"
expect_eq "import --json in both languages" "${OUT#\{\"batch\":*,}" "$zh_json"
in_lang zh_CN.UTF-8 1 id check --json 91420684MA4927PJ7C 91420684MA4927PJ7B
zh_json=$OUT
in_lang C 1 id check --json 91420684MA4927PJ7C 91420684MA4927PJ7B
expect_eq "id check --json in both languages" "$OUT" "$zh_json"
# The tab-separated lines scripts read are not translated either.
in_lang zh_CN.UTF-8 1 id check 91420684MA4927PJ7C
zh_tsv=$OUT
in_lang C 1 id check 91420684MA4927PJ7C
expect_eq "id check lines in both languages" "$OUT" "$zh_tsv"

# Every message the sources mark is in po/zh_CN.po and translated: extract afresh (as
# scripts/update-po does), merge, and count.
command -v xgettext >/dev/null || fail "xgettext is not installed: run scripts/install-deps"
(cd "$XY_SRC" && xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=xy_cli_error:2 \
    --flag=xy_cli_error:2:c-format -o "$WORK/fresh.pot" src/cli/*.c 2>/dev/null)
msgmerge --quiet -o "$WORK/merged.po" "$XY_SRC/po/zh_CN.po" "$WORK/fresh.pot"
stats=$(msgfmt --check --statistics -o /dev/null "$WORK/merged.po" 2>&1)
case "$stats" in
*fuzzy* | *untranslated*) fail "messages not translated in po/zh_CN.po (run scripts/update-po, translate): $stats" ;;
*" translated message"*) ;;
*) fail "msgfmt: $stats" ;;
esac
# And the test catches one: a marked message left out of the catalogue is counted.
printf 'static const char *x = N_("a message nobody translated");\n' >"$WORK/new.c"
xgettext --language=C --keyword=N_ -o "$WORK/new.pot" "$WORK/new.c"
msgcat --use-first -o "$WORK/more.pot" "$WORK/fresh.pot" "$WORK/new.pot"
msgmerge --quiet -o "$WORK/merged2.po" "$XY_SRC/po/zh_CN.po" "$WORK/more.pot"
case "$(msgfmt --statistics -o /dev/null "$WORK/merged2.po" 2>&1)" in
*untranslated*) ;;
*) fail "an untranslated message went unnoticed" ;;
esac
echo "ok: Chinese under LANG=zh_CN.UTF-8 ($stats), English otherwise, machine output unchanged"
