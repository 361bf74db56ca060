#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Clean text (issue #20, findings 5 and 6): control characters (ESC, BEL, BS, DEL, C1), bidirectional
# overrides and isolates and zero-width characters in names and short fields are refused, each row
# with its reason; tabs and line breaks stay allowed in long text. Names match in NFKC: a name written
# with Kangxi radicals or full-width letters is found by its ordinary form, and the same subject under
# （） and () is one name. The CLI escapes whatever control character stored text still holds.
. "$(dirname "$0")/lib.sh.inc"
DEPT=11230500001755309F

run_xy 0 init
run_xy 0 dept add "$DEPT" 武汉市市场监督管理局

H=XK_XDR_MC,XK_XDR_LB,XK_XDR_SHXYM,XK_FRDB,XK_XKWS,XK_WSH,XK_XKLB,XK_NR,XK_JDRQ,XK_YXQZ,XK_YXQZI,XK_XKJG,XK_XKJGDM,XK_ZT,XK_LYDW,XK_LYDWDM
# lic NAME USCC DOCNO [LEGAL_REP] [CONTENT]: one licence row (CSV-quoted name and content).
lic() {
    printf '"%s",02,%s,"%s",许可决定书,%s,01,"%s",2024-01-02,2024-01-02,2029-01-01,局,%s,1,局,%s\n' \
        "$1" "$2" "${4:-张三}" "$3" "${5:-经营}" "$DEPT" "$DEPT"
}

# ---- finding 5: control characters ----
{
    echo "$H"
    lic $'武汉\e[2J\e[31m红字科技有限公司' 91110000600037341L 武许〔2024〕1号
    lic $'武汉华为\a科技有限公司' 91420684MA4927PJ7B 武许〔2024〕2号
    lic $'武汉华为科技有限公司\b\b\b\b\b\b伪造' 9144030071526726XG 武许〔2024〕3号
    lic $'武汉\x7f合众物流有限公司' 91310115MA1K3BTP2B 武许〔2024〕4号
    lic $'武汉\xc2\x9b31m合众有限公司' 91340600MA2PBM9HXD 武许〔2024〕5号
    lic $'武汉江城\t餐饮有限公司' 91620105L015101280 武许〔2024〕6号
    lic 武汉光谷生物医药有限公司 913101127033980359 武许〔2024〕7号 $'张三\e]0;pwned\a'
    lic 武汉江城餐饮管理有限公司 91230500MA1B3N1N2M 武许〔2024〕8号 张三 $'第一行\r\n第二行\t（长文本可换行）'
} >ctl.csv
run_xy 1 import --json --class license --dept "$DEPT" ctl.csv
expect_eq "control: accepted" 1 "$(json_get "$OUT" accepted)"
expect_eq "control: rejected" 7 "$(json_get "$OUT" rejected)"
for want in '"row":1,"field":"XK_XDR_MC","value":"武汉\\u001B[2J\\u001B[31m红字科技有限公司","code":"control_char","reason":"含有控制字符U+001B（第3个字符），请删除 (contains control character U+001B at character 3; remove it)"' \
    '"row":2,"field":"XK_XDR_MC","value":"武汉华为\\u0007科技有限公司","code":"control_char","reason":"含有控制字符U+0007' \
    '"row":3,"field":"XK_XDR_MC","value":"武汉华为科技有限公司\\u0008\\u0008\\u0008\\u0008\\u0008\\u0008伪造","code":"control_char","reason":"含有控制字符U+0008' \
    '"row":4,"field":"XK_XDR_MC","value":"武汉\\u007F合众物流有限公司","code":"control_char","reason":"含有控制字符U+007F' \
    '"row":5,"field":"XK_XDR_MC","value":"武汉\\u009B31m合众有限公司","code":"control_char","reason":"含有控制字符U+009B' \
    '"row":6,"field":"XK_XDR_MC","value":"武汉江城\t餐饮有限公司","code":"control_char","reason":"含有制表符（第5个字符）：换行符和制表符只能用于长文本字段' \
    '"row":7,"field":"XK_FRDB","value":"张三\\u001B]0;pwned\\u0007","code":"control_char"'; do
    expect_contains "control reject" "$want" "$OUT"
done
expect_eq "control: nothing stored" 1 "$(sql 'SELECT count(*) FROM subject')"
expect_eq "long text keeps its line breaks" "第一行\\r\\n第二行\\t（长文本可换行）" \
    "$(sql "SELECT $(sql_json fields content) FROM record" | sed -e ':a' -e 'N' -e '$!ba' -e 's/\r/\\r/g; s/\n/\\n/g; s/\t/\\t/g')"
# Neither in the records nor in the stored rejects, which name the characters as \uXXXX instead.
# (Single bytes would also match the binary parts of the file: the sequences are searched for.)
if grep -a -q -F -e $'\e[2J' -e $'\e[31m' -e $'\e]0;' -e $'\a\xe7\xa7\x91' "$XINYONG_DB" "$XINYONG_DB-wal" 2>/dev/null; then
    fail "a control sequence in the database"
fi
# The rejects CSV says the same, row by row.
expect_contains "control rejects CSV" '1,"XK_XDR_MC","行政相对人名称"' "$(cat ctl.csv.rejects.csv)"
expect_contains "control rejects CSV reason" '"control_char","含有控制字符U+001B' "$(cat ctl.csv.rejects.csv)"

# ---- finding 6: bidirectional and zero-width characters ----
{
    echo "$H"
    lic $'武汉\xe2\x80\xae司公限有技科' 91110000600037341L 武许〔2024〕11号
    lic $'武汉华\xe2\x80\x8b为科技有限公司' 91420684MA4927PJ7B 武许〔2024〕12号
    lic $'武汉华为\xe2\x80\x8d科技有限公司' 9144030071526726XG 武许〔2024〕13号
    lic $'武汉合众\xef\xbb\xbf物流有限公司' 91310115MA1K3BTP2B 武许〔2024〕14号
    lic $'\xe2\x81\xa6武汉合众有限公司\xe2\x81\xa9' 91340600MA2PBM9HXD 武许〔2024〕15号
    lic $'武汉光谷\xe2\x80\x8e生物有限公司' 91620105L015101280 武许〔2024〕16号
    lic 武汉江城餐饮有限公司 913101127033980359 武许〔2024〕17号 $'张\xe2\x81\xa0三'
    lic 武汉江城物流有限公司 91230500MA1B3N1N2M 武许〔2024〕18号 张三 $'经营\xe2\x80\xae范围'
} >bidi.csv
run_xy 1 import --json --class license --dept "$DEPT" bidi.csv
expect_eq "bidi: accepted" 0 "$(json_get "$OUT" accepted)"
expect_eq "bidi: rejected" 8 "$(json_get "$OUT" rejected)"
for want in '"row":1,"field":"XK_XDR_MC","value":"武汉\\u202E司公限有技科","code":"bidi_char","reason":"含有双向文本控制字符U+202E（第3个字符），它会改变文字的显示顺序，请删除' \
    '"row":2,"field":"XK_XDR_MC","value":"武汉华\\u200B为科技有限公司","code":"invisible_char","reason":"含有不可见字符U+200B（第4个字符），请删除 (contains invisible character U+200B at character 4; remove it)"' \
    '"row":3,"field":"XK_XDR_MC","value":"武汉华为\\u200D科技有限公司","code":"invisible_char","reason":"含有不可见字符U+200D' \
    '"row":4,"field":"XK_XDR_MC","value":"武汉合众\\uFEFF物流有限公司","code":"invisible_char","reason":"含有不可见字符U+FEFF' \
    '"row":5,"field":"XK_XDR_MC","value":"\\u2066武汉合众有限公司\\u2069","code":"bidi_char","reason":"含有双向文本控制字符U+2066' \
    '"row":6,"field":"XK_XDR_MC","value":"武汉光谷\\u200E生物有限公司","code":"bidi_char","reason":"含有双向文本控制字符U+200E' \
    '"row":7,"field":"XK_FRDB","value":"张\\u2060三","code":"invisible_char"' \
    '"row":8,"field":"XK_NR","value":"经营\\u202E范围","code":"bidi_char"'; do
    expect_contains "bidi reject" "$want" "$OUT"
done
expect_eq "bidi: nothing stored" 1 "$(sql 'SELECT count(*) FROM subject')"
if grep -a -q -F -e $'武汉\xe2\x80\xae' -e $'华\xe2\x80\x8b为' -e $'合众\xef\xbb\xbf' "$XINYONG_DB" "$XINYONG_DB-wal" 2>/dev/null; then
    fail "a bidi or zero-width character in the database"
fi
# On a terminal the CLI's own listing of those rejects shows the characters escaped.
run_xy 1 import --class license --dept "$DEPT" bidi.csv
expect_contains "import listing escaped" '含有双向文本控制字符U+202E' "$OUT"
case "$OUT" in *$'\xe2\x80\xae'* | *$'\xe2\x80\x8b'*) fail "raw bidi or zero-width character printed: $OUT" ;; esac

# ---- NFKC: names match in their compatibility form, the stored original kept ----
{
    echo "$H"
    lic 武汉⾦⼭科技有限公司 91110000600037341L 武许〔2024〕21号          # Kangxi radicals ⾦ ⼭
    lic ＡＢＣ贸易（武汉）有限公司 91420684MA4927PJ7B 武许〔2024〕22号   # full-width letters, （）
    lic 武汉金水（江岸）物流有限公司 9144030071526726XG 武许〔2024〕23号
} >nfkc.csv
run_xy 0 import --json --class license --dept "$DEPT" nfkc.csv
expect_eq "nfkc: accepted" 3 "$(json_get "$OUT" accepted)"
run_xy 0 search 金山
expect_contains "Kangxi radicals found by the ordinary characters" 91110000600037341L "$OUT"
expect_contains "stored name as written" 武汉⾦⼭科技有限公司 "$OUT"
run_xy 0 search 武汉⾦⼭
expect_contains "and the other way round" 91110000600037341L "$OUT"
run_xy 0 search "abc贸易(武汉)"
expect_contains "full-width letters and parentheses" 91420684MA4927PJ7B "$OUT"
run_xy 0 search ＡＢＣ贸易
expect_contains "full-width query" 91420684MA4927PJ7B "$OUT"
run_xy 1 search 金沙
# The same subject under (江岸) and （江岸）, in full-width digits or letters: one name, no flag, no rename.
{
    echo "$H"
    lic "武汉金水(江岸)物流有限公司" 9144030071526726XG 武许〔2024〕24号
    lic "ABC贸易(武汉)有限公司" 91420684MA4927PJ7B 武许〔2024〕25号
} >same.csv
run_xy 0 import --json --class license --dept "$DEPT" same.csv
expect_eq "same name: not flagged" 0 "$(json_get "$OUT" name_flagged)"
expect_eq "same name: first form kept" 武汉金水（江岸）物流有限公司 "$(sql "SELECT name FROM subject WHERE uscc='9144030071526726XG'")"
expect_eq "same name: no former name" 0 "$(sql "SELECT count(*) FROM subject_name")"
# A name that does differ is still a rename.
{ echo "$H"; lic 武汉金水（汉阳）物流有限公司 9144030071526726XG 武许〔2024〕26号; } >rename.csv
run_xy 0 import --json --class license --dept "$DEPT" rename.csv
expect_eq "other name: flagged" 1 "$(json_get "$OUT" name_flagged)"
expect_eq "name index consistent" 0 "$(sql "SELECT count(*) FROM (SELECT gram, count(*) AS c FROM name_gram GROUP BY gram) g LEFT JOIN gram_count k USING (gram) WHERE k.n IS DISTINCT FROM g.c")"

# ---- the CLI escapes control characters in stored text ----
# Text stored before the import refused such characters (written here straight into the database).
sql "UPDATE subject SET name = '武汉' || $(sql_chr 27) || '[31m红字' || $(sql_chr 8238) || '司公' || $(sql_chr 7) || $(sql_chr 155) || '有限公司' WHERE uscc = '91110000600037341L'"
sql "UPDATE dept SET name = '市场' || $(sql_chr 27) || ']0;title' || $(sql_chr 7) || '监管局'"
run_xy 0 show 91110000600037341L
expect_contains "show: name escaped" '武汉\x1B[31m红字\u202E司公\x07\u009B有限公司' "$OUT"
expect_contains "show: department escaped" '市场\x1B]0;title\x07监管局' "$OUT"
run_xy 0 search 有限公司
expect_contains "search: name escaped" $'\torg\t武汉\\x1B[31m红字\\u202E司公\\x07\\u009B有限公司' "$OUT"
run_xy 0 show --json 91110000600037341L
expect_contains "show --json: escaped JSON" '"name":"武汉\u001B[31m红字\u202E司公\u0007\u009B有限公司"' "$OUT"
run_xy 0 search --json 有限公司
expect_contains "search --json: escaped JSON" '武汉\u001B[31m红字\u202E司公\u0007\u009B有限公司' "$OUT"
# Whatever the command printed, no raw control, bidi or C1 character reached the terminal.
for cmd in "show 91110000600037341L" "search 有限公司" "show --json 91110000600037341L" "search --json 有限公司" \
    "audit list" "audit list --json"; do
    # shellcheck disable=SC2086 # the words of the command
    "$XY" $cmd >out.txt 2>&1 || true
    if LC_ALL=C grep -q -P '[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\x8b-\x8f\xaa-\xae]|\xe2\x81[\xa0-\xa9]|\xef\xbb\xbf' out.txt; then
        fail "xinyong $cmd printed a raw control character: $(od -c out.txt | head -n 5)"
    fi
done
echo "clean_text: ok"
