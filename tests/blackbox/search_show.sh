#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Name and code search: two-character Chinese queries, ranking, partial codes, full-width input.
. "$(dirname "$0")/lib.sh.inc"
DEPT=11230500001755309F
run_xy 0 init
run_xy 0 dept add "$DEPT" 武汉市市场监督管理局

# name,code pairs; every code is a valid USCC.
{
    echo "XK_XDR_MC,XK_XDR_LB,XK_XDR_SHXYM,XK_FRDB,XK_XKWS,XK_WSH,XK_XKLB,XK_NR,XK_JDRQ,XK_YXQZ,XK_YXQZI,XK_XKJG,XK_XKJGDM,XK_ZT,XK_LYDW,XK_LYDWDM"
    i=0
    while IFS=, read -r name code; do
        i=$((i + 1))
        echo "$name,02,$code,张三,许可决定书,武许〔2024〕$i号,01,经营,2024-01-02,2024-01-02,2029-01-01,局,$DEPT,1,局,$DEPT"
    done <<'LIST'
武汉华为科技有限公司,91110000600037341L
华为技术有限公司,91420684MA4927PJ7B
深圳市华为通信设备有限公司,9144030071526726XG
武汉合众物流有限公司,91310115MA1K3BTP2B
合众,91340600MA2PBM9HXD
湖北光谷合众生物医药股份有限公司,91620105L015101280
ABC Trading (Wuhan) Co. Ltd,913101127033980359
武汉江城餐饮管理有限公司,91230500MA1B3N1N2M
LIST
} >lic.csv
run_xy 0 import --class license --dept "$DEPT" lic.csv

names() { printf '%s\n' "$OUT" | cut -f4 | tr '\n' '|'; }

# Two characters: every name holding them, a match at the start first, then shorter names.
run_xy 0 search 华为
expect_eq "华为" "华为技术有限公司|武汉华为科技有限公司|深圳市华为通信设备有限公司|" "$(names)"
run_xy 0 search 合众
expect_eq "合众" "合众|武汉合众物流有限公司|湖北光谷合众生物医药股份有限公司|" "$(names)"
run_xy 0 search 武汉
expect_eq "武汉 count" 3 "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')"
# Longer queries and the end of a name.
run_xy 0 search 合众生物
expect_eq "合众生物" "湖北光谷合众生物医药股份有限公司|" "$(names)"
run_xy 0 search 餐饮管理有限公司
expect_eq "tail" "武汉江城餐饮管理有限公司|" "$(names)"
# Every bigram of the query must stand in order: 华为 and 通信 both in a name is not 华为通信设备's neighbour.
run_xy 0 search 华为通信
expect_eq "consecutive" "深圳市华为通信设备有限公司|" "$(names)"
run_xy 1 search 华为设备
run_xy 1 search 技术华为
# Latin names ignore case and spaces.
run_xy 0 search "abc trading"
expect_eq "latin" "ABC Trading (Wuhan) Co. Ltd|" "$(names)"
# Codes: a leading part, the embedded organisation code, full-width and lower case.
run_xy 0 search 9142068
expect_contains "code prefix" 91420684MA4927PJ7B "$OUT"
run_xy 0 search MA4927PJ7
expect_contains "orgcode" 91420684MA4927PJ7B "$OUT"
run_xy 0 search ｍａ４９２７ｐｊ７
expect_contains "full-width orgcode" 91420684MA4927PJ7B "$OUT"
run_xy 0 search --json 合众
expect_contains "json" '"name":"合众"' "$OUT"
# Nothing found: exit 1 and a word on stderr; one character is too short.
run_xy 1 search 不存在的
expect_contains "no match" "no subject matches" "$ERR"
run_xy 2 search 华
expect_contains "too short" "at least two characters" "$ERR"
# show prints the subject with its records by class.
run_xy 0 show 91420684MA4927PJ7B
expect_contains "show name" "华为技术有限公司" "$OUT"
expect_contains "show class" "行政许可 license: 1" "$OUT"
echo "search_show: all checks passed"
