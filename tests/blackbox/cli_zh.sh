#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The command line in Chinese (po/zh_CN.po through gettext): under LANG=zh_CN.UTF-8 the help, an
# import with rejected rows and a usage error are Chinese, and so is every command's human text
# (summaries, tables, usages, the lower layers' errors from missing files to refused operations; a
# sweep fails on any line in English alone), even on a machine where that locale was
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

# ---- every command's human text in Chinese, error paths included ----
# zh EXIT ARGS...: runs xinyong under LANG=zh_CN.UTF-8 (stdout in $OUT, stderr in $ERR) and keeps both
# for the sweep below, which fails on any line printed in English alone.
: >"$WORK/zh-all.txt"
zh() {
    in_lang zh_CN.UTF-8 "$@"
    { printf '%s\n' "$OUT"; printf '%s\n' "$ERR"; } | sed "s|^|xinyong $* ::: |" >>"$WORK/zh-all.txt"
}
# no_en WHAT ENGLISH TEXT: the English of a translated message must not come back.
no_en() {
    case "$3" in *"$2"*) fail "$1: English under zh_CN: [$3]" ;; esac
}
# Summaries and tables of the command line (gettext).
XINYONG_DB="$WORK/zh.db" zh 0 init
expect_contains "init" "信息目录：已载入" "$OUT"
no_en "init" "catalogue: loaded" "$OUT"
XINYONG_DB="$WORK/zh.db" zh 0 init
expect_contains "init again" "信息目录：未变" "$OUT"
zh 0 catalog show penalty
expect_contains "catalog show heading" "代码           键名" "$OUT"
expect_contains "catalog show condition" "C: 除非 CF_XDR_LB 属于 01" "$OUT"
expect_contains "catalog show class line" "公开范围 public" "$OUT"
no_en "catalog show" "required" "$OUT"
no_en "catalog show" "C: unless" "$OUT"
zh 0 catalog list
expect_contains "catalog list" "个字段" "$OUT"
no_en "catalog list" " fields " "$OUT"
printf 'zh-Pass-48213\n' >"$WORK/pw"
zh 0 account add zh.clerk --role department --dept "$DEPT" <"$WORK/pw"
expect_contains "account add" "已为部门 $DEPT 创建 department 账户 zh.clerk" "$OUT"
zh 0 account list
expect_contains "account list heading" "账户名" "$OUT"
expect_contains "account list row" "否" "$OUT"
no_en "account list" "DISABLED" "$OUT"
zh 0 account disable zh.clerk
expect_contains "account disable" "账户 zh.clerk：已停用" "$OUT"
zh 0 account --help
expect_contains "account --help" "用法：xinyong account add NAME" "$OUT"
expect_contains "account --help text" "工作人员以账户名、密码" "$OUT"
no_en "account --help" "Staff accounts sign in" "$OUT"
for c in querier article assess supervise "monitor conversion" monitor audit key; do
    # shellcheck disable=SC2086 # "monitor conversion" is two words
    zh 0 $c --help
    expect_contains "$c --help" "用法：xinyong" "$OUT"
    no_en "$c --help" "usage:" "$OUT"
done
zh 0 assess --help
no_en "assess --help" "Scores every reporting unit" "$OUT"
zh 0 supervise --help
no_en "supervise --help" "Supervision notices" "$OUT"
zh 0 supervise scan
expect_contains "supervise scan" "产生 0 条候选通知，升级 0 条通知" "$OUT"
zh 0 monitor refresh
expect_contains "monitor refresh" "监测：汇总数据已刷新" "$OUT"
zh 0 calendar show 2026
expect_contains "calendar show" "休息日" "$OUT"
no_en "calendar show" "holiday" "$OUT"
zh 0 show 91420684MA4927PJ7B
expect_contains "show: a record's status" "已公示" "$OUT"
no_en "show" "published" "$OUT"
printf '# 标题\n\n正文\n' >a.md
zh 0 article add a.md --kind news
expect_contains "article add" "文章 1 已添加（草稿）" "$OUT"
zh 0 article publish 1
expect_contains "article publish" "文章 1 已发布" "$OUT"
# Usage errors whose text sits in a table.
zh 2 key revoke abc
expect_contains "key revoke usage" "用法：xinyong key revoke ID" "$ERR"
zh 2 audit list --after abc
expect_contains "audit list usage" "用法：xinyong audit list" "$ERR"
zh 2 monitor reopen 2026-10
expect_contains "monitor usage" "用法：xinyong monitor month" "$ERR"
zh 2 article frobnicate
expect_contains "article usage" "用法：xinyong article add" "$ERR"
# Messages of the lower layers: bilingual, the Chinese first (the English follows in parentheses).
zh 0 backup b.db
expect_contains "backup key warning" "注意：备份不含密钥文件" "$ERR"
no_en "backup key warning" "note: the backup does not hold" "$ERR"
zh 2 backup b.db
expect_contains "backup over a file" "b.db 已存在，备份不会覆盖已有文件" "$ERR"
zh 1 restore missing.db
expect_contains "restore of a missing file" "无法读取备份 missing.db" "$ERR"
printf 'not a database at all, not even close: %0100d\n' 0 >junk.db
zh 1 restore junk.db
expect_contains "restore of a non-database" "junk.db 不是本程序可用的数据库" "$ERR"
XY_TODAY=someday zh 2 search 武汉
expect_contains "a bad test clock" "时钟日期“someday”不是日期" "$ERR"
chmod 644 "$XINYONG_DB.key"
zh 2 show 91420684MA4927PJ7B
expect_contains "a key file others may read" "可被他人读取（权限 644），请执行 chmod 600" "$ERR"
chmod 600 "$XINYONG_DB.key"
zh 0 exchange dest add up http://127.0.0.1:1/ --as 420100 --key abc
zh 1 exchange run
expect_contains "exchange: nobody answers" "无法连接或请求失败 http://127.0.0.1:1/" "$ERR"
zh 2 import --class penalty --dept "$DEPT" missing.csv
expect_contains "a missing file" "无法打开 missing.csv" "$ERR"
zh 2 import --class penalty --dept 91420684MA4927PJ7B bad.csv
expect_contains "an unregistered department" "部门 91420684MA4927PJ7B 未注册" "$ERR"
zh 1 dept add 91420684MA4927PJ7C 坏代码局
expect_contains "a bad code" "不是有效的统一社会信用代码" "$ERR"
zh 1 key revoke 999
expect_contains "a refused operation" "没有编号为 999 的密钥" "$ERR"
# The sweep: no line of all that output is English alone (a Latin word of three letters or more
# and no Chinese character), but for the lines written for scripts (docs/i18n.md: key list, audit
# list) and the syntax lines of a usage (command and option names).
english_only() {
    # A line that is one token (a public key in base64, printed last for scripts to take) is data.
    grep -v -e '^xinyong key list ' -e '^xinyong audit list ' "$1" | grep -vP '::: \s+(xinyong |\[)' |
        grep -vP '::: [A-Za-z0-9+/=_-]{32,}$' |
        grep -P '::: .*[A-Za-z]{3,}' |
        LC_ALL=C.UTF-8 grep -vP '::: .*[\x{3000}-\x{9fff}\x{ff00}-\x{ffef}]' || true # code points: UTF-8 (C.UTF-8 is always there)
}
english_only "$WORK/zh-all.txt" >"$WORK/english.txt"
[ ! -s "$WORK/english.txt" ] || fail "printed in English under zh_CN: $(head -n 20 "$WORK/english.txt")"
# And the sweep catches one: the same summary in English is found.
printf 'xinyong 0 init ::: catalogue: loaded\nxinyong 0 init ::: 信息目录：已载入\n' >"$WORK/sample.txt"
expect_eq "the sweep finds English" "xinyong 0 init ::: catalogue: loaded" "$(english_only "$WORK/sample.txt")"

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
