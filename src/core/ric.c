/* SPDX-License-Identifier: Apache-2.0 */
/* GB 11643-1999 resident ID number check, legacy upgrade, decoding and masking. The address code
 * is checked at province level only: county codes are historic data (DOMAIN §2.4 item 2). */
#include "core/ric.h"

#include <string.h>

#include "common/xy_date.h"

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!is_digit(s[i]))
            return false;
    }
    return true;
}

static int digits_value(const char *s, size_t n)
{
    int v = 0;

    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

char xy_ric_check_char(const char *digits17)
{
    int sum = 0, weight = 1;

    /* Walk from the 17th digit back: its weight is 2^1, the 1st digit's 2^17 (all mod 11). */
    for (int i = 16; i >= 0; i--) {
        if (!is_digit(digits17[i]))
            return 0;
        weight = weight * 2 % 11;
        sum += (digits17[i] - '0') * weight;
    }
    int c = (12 - sum % 11) % 11;
    return c == 10 ? 'X' : (char)('0' + c);
}

int xy_ric_upgrade(const char *digits15, char out[19])
{
    out[0] = '\0';
    if (!all_digits(digits15, 15))
        return -1;
    memcpy(out, digits15, 6);
    out[6] = '1';
    out[7] = '9';
    memcpy(out + 8, digits15 + 6, 9);
    out[17] = xy_ric_check_char(out);
    out[18] = '\0';
    return 0;
}

/* Birth date of an 18-digit (pos 7-14) or 15-digit (19 + pos 7-12) number of digits. */
static void birth_date(const char *s, size_t n, struct xy_id_date *d)
{
    if (n == 18) {
        d->year = digits_value(s + 6, 4);
        d->month = digits_value(s + 10, 2);
        d->day = digits_value(s + 12, 2);
    } else {
        d->year = 1900 + digits_value(s + 6, 2);
        d->month = digits_value(s + 8, 2);
        d->day = digits_value(s + 10, 2);
    }
}

/* A real date from 1900-01-01 up to and including today. */
static bool birth_date_ok(const struct xy_id_date *b, const struct xy_id_date *today)
{
    struct xy_date d = {b->year, b->month, b->day};
    struct xy_date t = {today->year, today->month, today->day};

    return xy_date_valid(d.y, d.m, d.d) && xy_date_cmp(d, t) <= 0;
}

enum xy_id_rule xy_ric_check(const char *value, size_t len, const struct xy_id_date *today,
                             struct xy_id_result *res)
{
    struct xy_id_result local;
    const struct xy_province *prov;
    struct xy_id_date birth;
    size_t n, chars;
    char *s;

    if (res == NULL)
        res = &local;
    xy_id_result_init(res, XY_ID_KIND_RIC);
    s = res->normalized;
    if (xy_id_normalize(value, len, s, sizeof res->normalized, &n) != XY_ID_OK)
        return res->rule = XY_ID_RULE_LENGTH;
    res->normalized_len = n;

    chars = xy_id_char_count(s, n);
    if (chars != 18 && chars != 15)
        return res->rule = XY_ID_RULE_LENGTH;

    if (n == 18 && s[17] == 'x')
        s[17] = 'X';
    if (n != chars || !all_digits(s, n == 18 ? 17 : n) ||
        (n == 18 && !is_digit(s[17]) && s[17] != 'X'))
        return res->rule = XY_ID_RULE_CHARSET;

    prov = xy_region_province(s);
    if (prov == NULL || prov->national)
        return res->rule = XY_ID_RULE_REGION;

    birth_date(s, n, &birth);
    if (!birth_date_ok(&birth, today))
        return res->rule = XY_ID_RULE_BIRTHDATE;

    if (n == 15) {
        xy_ric_upgrade(s, res->upgraded);
        return res->rule = XY_ID_OK;
    }
    if (xy_ric_check_char(s) != s[17])
        return res->rule = XY_ID_RULE_CHECKSUM;
    return res->rule = XY_ID_OK;
}

int xy_ric_decode(const char *ric, size_t len, struct xy_ric_parts *parts)
{
    memset(parts, 0, sizeof *parts);
    if ((len != 18 && len != 15) || !all_digits(ric, len == 18 ? 17 : len))
        return -1;
    memcpy(parts->region, ric, 6);
    parts->province = xy_region_province(ric);
    birth_date(ric, len, &parts->birth);
    /* The sex digit is the last of the sequence: pos 17 of 18, pos 15 of 15. */
    parts->sex = (ric[len == 18 ? 16 : 14] - '0') % 2 == 1 ? XY_RIC_MALE : XY_RIC_FEMALE;
    return 0;
}

/* Width in bytes of the character starting at value[i]: the byte and its continuation bytes. */
static size_t char_width(const char *value, size_t i, size_t len)
{
    size_t w = 1;

    while (i + w < len && ((unsigned char)value[i + w] & 0xC0) == 0x80)
        w++;
    return w;
}

int xy_ric_mask(const char *value, size_t len, char *out, size_t outsize)
{
    size_t chars = 0, n = 0, ci = 0;

    if (outsize == 0)
        return -1;
    out[0] = '\0';
    for (size_t i = 0; i < len; i += char_width(value, i, len))
        chars++;
    for (size_t i = 0; i < len; ci++) {
        size_t w = char_width(value, i, len);
        bool keep = chars > 8 && (ci < 4 || ci >= chars - 4);
        size_t need = keep ? w : 1;
        if (n + need + 1 > outsize) {
            out[0] = '\0';
            return -1;
        }
        if (keep)
            memcpy(out + n, value + i, w);
        else
            out[n] = '*';
        n += need;
        i += w;
    }
    out[n] = '\0';
    return 0;
}
