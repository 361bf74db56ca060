/* SPDX-License-Identifier: Apache-2.0 */
/* GB 11714-1997 organisation code check. Its value table (A = 10 ... Z = 35, the full Latin
 * alphabet) differs from the USCC's 31-character one: M is 22 here and 21 there (DOMAIN §1.4). */
#include "core/orgcode.h"

#include <string.h>

static int org_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return -1;
}

char xy_orgcode_check_char(const char *body8)
{
    static const int weights[8] = {3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;

    for (int i = 0; i < 8; i++) {
        int v = org_value(body8[i]);
        if (v < 0)
            return 0;
        sum += v * weights[i];
    }
    int c = 11 - sum % 11;
    if (c == 10)
        return 'X';
    if (c == 11)
        return '0';
    return (char)('0' + c);
}

enum xy_id_rule xy_orgcode_check(const char *value, size_t len, struct xy_id_result *res)
{
    struct xy_id_result local;
    size_t n, chars;
    char *s;

    if (res == NULL)
        res = &local;
    xy_id_result_init(res, XY_ID_KIND_ORGCODE);
    s = res->normalized;
    if (xy_id_normalize(value, len, s, sizeof res->normalized, &n) != XY_ID_OK)
        return res->rule = XY_ID_RULE_LENGTH;
    res->normalized_len = n;

    chars = xy_id_char_count(s, n);
    /* 10 characters are the print form XXXXXXXX-X; without any hyphen they are one too many. */
    if (chars != 9 && (chars != 10 || memchr(s, '-', n) == NULL))
        return res->rule = XY_ID_RULE_LENGTH;

    /* A non-ASCII character makes bytes outnumber characters; it can only fail the charset. */
    if (n != chars || (n == 10 && s[8] != '-'))
        return res->rule = XY_ID_RULE_CHARSET;
    char check = s[n - 1];
    if (check == 'x')
        check = 'X';
    for (int i = 0; i < 8; i++) {
        if (org_value(s[i]) < 0)
            return res->rule = XY_ID_RULE_CHARSET;
    }
    if (!(check >= '0' && check <= '9') && check != 'X')
        return res->rule = XY_ID_RULE_CHARSET;
    s[8] = check;
    s[9] = '\0';
    res->normalized_len = 9;

    if (xy_orgcode_check_char(s) != check)
        return res->rule = XY_ID_RULE_CHECKSUM;
    return res->rule = XY_ID_OK;
}
