/* SPDX-License-Identifier: Apache-2.0 */
/* Exact decimal parsing of 万元 amounts into fen; no floating point anywhere. */
#include "common/xy_money.h"

#include <stdio.h>

enum xy_money_err xy_money_parse_wan(const char *s, size_t n, int64_t *fen)
{
    const char *p = s, *end = s + n;
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    if (p < end && *p == '+')
        p++;
    else if (p < end && *p == '-')
        return XY_MONEY_NEGATIVE;
    int int_digits = 0, frac_digits = 0, any_int = 0;
    int64_t v = 0;
    /* decimal(18,6): at most 12 significant integer digits, so v * 10^6 never overflows int64. */
    while (p < end && *p >= '0' && *p <= '9') {
        any_int = 1;
        if (v == 0 && *p == '0') {
            p++;
            continue;
        }
        if (++int_digits > 12)
            return XY_MONEY_RANGE;
        v = v * 10 + (*p++ - '0');
    }
    int64_t frac = 0;
    if (p < end && *p == '.') {
        p++;
        while (p < end && *p >= '0' && *p <= '9') {
            if (frac_digits < 6) {
                frac = frac * 10 + (*p - '0');
            } else if (*p != '0') {
                return XY_MONEY_PRECISION;
            }
            frac_digits++;
            p++;
        }
        if (frac_digits == 0 && !any_int)
            return XY_MONEY_SYNTAX;
    }
    if (p != end || (!any_int && frac_digits == 0))
        return XY_MONEY_SYNTAX;
    for (int i = frac_digits; i < 6; i++)
        frac *= 10;
    *fen = v * 1000000 + frac;
    return XY_MONEY_OK;
}

void xy_money_format_wan(int64_t fen, char *out)
{
    int64_t whole = fen / 1000000, frac = fen % 1000000;
    if (frac == 0) {
        snprintf(out, 32, "%lld", (long long)whole);
        return;
    }
    char f[8];
    snprintf(f, sizeof f, "%06lld", (long long)frac);
    int len = 6;
    while (len > 0 && f[len - 1] == '0')
        f[--len] = '\0';
    snprintf(out, 32, "%lld.%s", (long long)whole, f);
}
