/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of the helper folder:
 * src/common/{xy_buf,xy_date,xy_money,xy_utf8,xy_alloc,xy_error}.c. Expected values are worked by
 * hand (day numbers from 1970-01-01, fen = 万元 x 1,000,000). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "common/xy_alloc.h"
#include "common/xy_buf.h"
#include "common/xy_date.h"
#include "common/xy_error.h"
#include "common/xy_money.h"
#include "common/xy_utf8.h"

/* ---- xy_buf ------------------------------------------------------------------------------- */

static void test_buf_empty(void **state)
{
    struct xy_buf b;
    (void)state;
    xy_buf_init(&b, 100);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_string_equal(xy_buf_str(&b), "");
    xy_buf_release(&b);
}

static void test_buf_growth(void **state)
{
    struct xy_buf b;
    char expect[5000];
    (void)state;
    xy_buf_init(&b, 1u << 20);
    /* 5000 single bytes force several reallocations; the content must survive each of them. */
    for (int i = 0; i < 5000; i++) {
        char c = (char)('a' + i % 26);
        expect[i] = c;
        assert_int_equal(xy_buf_addc(&b, c), XY_OK);
        assert_int_equal(b.len, (size_t)i + 1);
        assert_true(b.cap >= b.len + 1);
        assert_int_equal(b.data[b.len], '\0');
    }
    assert_memory_equal(b.data, expect, 5000);
    assert_int_equal(strlen(xy_buf_str(&b)), 5000);

    /* A block bigger than the current capacity. */
    static char big[100000];
    memset(big, 'Z', sizeof big);
    assert_int_equal(xy_buf_add(&b, big, sizeof big), XY_OK);
    assert_int_equal(b.len, 5000 + sizeof big);
    assert_memory_equal(b.data, expect, 5000);
    assert_int_equal(b.data[5000 + sizeof big - 1], 'Z');
    assert_int_equal(b.data[b.len], '\0');

    /* reset keeps memory, empties content */
    size_t cap = b.cap;
    xy_buf_reset(&b);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.cap, cap);
    assert_string_equal(xy_buf_str(&b), "");
    assert_int_equal(xy_buf_addz(&b, "again"), XY_OK);
    assert_string_equal(xy_buf_str(&b), "again");
    xy_buf_release(&b);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    /* usable again after release */
    assert_int_equal(xy_buf_addz(&b, "x"), XY_OK);
    assert_string_equal(xy_buf_str(&b), "x");
    xy_buf_release(&b);
}

static void test_buf_max(void **state)
{
    struct xy_buf b;
    (void)state;
    xy_buf_init(&b, 10);
    /* Too big at once on an empty buffer: error, nothing allocated. */
    assert_int_equal(xy_buf_add(&b, "01234567890", 11), XY_ETOOBIG);
    assert_int_equal(b.len, 0);
    assert_string_equal(xy_buf_str(&b), "");

    assert_int_equal(xy_buf_addz(&b, "0123456"), XY_OK);
    /* 7 + 4 = 11 > 10: refused, buffer unchanged */
    assert_int_equal(xy_buf_addz(&b, "789A"), XY_ETOOBIG);
    assert_int_equal(b.len, 7);
    assert_string_equal(xy_buf_str(&b), "0123456");
    /* exactly to the maximum is fine */
    assert_int_equal(xy_buf_addz(&b, "789"), XY_OK);
    assert_int_equal(b.len, 10);
    assert_string_equal(xy_buf_str(&b), "0123456789");
    assert_true(b.cap <= 11); /* never more than max + terminator */
    /* one more byte is too many */
    assert_int_equal(xy_buf_addc(&b, 'x'), XY_ETOOBIG);
    assert_int_equal(xy_buf_printf(&b, "%d", 1), XY_ETOOBIG);
    assert_int_equal(b.len, 10);
    assert_string_equal(xy_buf_str(&b), "0123456789");
    /* an empty add at the maximum is still fine */
    assert_int_equal(xy_buf_add(&b, "", 0), XY_OK);
    assert_int_equal(b.len, 10);
    /* a huge size must not wrap around */
    assert_int_equal(xy_buf_add(&b, "x", (size_t)-1), XY_ETOOBIG);
    assert_int_equal(b.len, 10);
    xy_buf_release(&b);
}

static void test_buf_printf(void **state)
{
    struct xy_buf b;
    (void)state;
    xy_buf_init(&b, 4096);
    assert_int_equal(xy_buf_printf(&b, "%s-%d-%05.1f", "row", 42, 3.25), XY_OK);
    assert_string_equal(xy_buf_str(&b), "row-42-003.2");
    assert_int_equal(b.len, strlen("row-42-003.2"));
    /* longer than the 256-byte fast path */
    char longs[700];
    memset(longs, 'q', sizeof longs - 1);
    longs[sizeof longs - 1] = '\0';
    assert_int_equal(xy_buf_printf(&b, "[%s]", longs), XY_OK);
    assert_int_equal(b.len, strlen("row-42-003.2") + 701);
    assert_int_equal(b.data[12], '[');
    assert_int_equal(b.data[b.len - 1], ']');
    assert_int_equal(b.data[b.len], '\0');
    assert_int_equal(strlen(xy_buf_str(&b)), b.len);
    xy_buf_release(&b);

    /* a long printf over the maximum leaves the buffer unchanged */
    xy_buf_init(&b, 300);
    assert_int_equal(xy_buf_addz(&b, "head"), XY_OK);
    assert_int_equal(xy_buf_printf(&b, "%s", longs), XY_ETOOBIG);
    assert_int_equal(b.len, 4);
    assert_string_equal(xy_buf_str(&b), "head");
    /* short printf over the maximum too */
    char s297[297];
    memset(s297, 'w', sizeof s297 - 1);
    s297[sizeof s297 - 1] = '\0';
    assert_int_equal(xy_buf_addz(&b, s297), XY_OK); /* 4 + 296 = 300 */
    assert_int_equal(xy_buf_printf(&b, "%c", 'x'), XY_ETOOBIG);
    assert_int_equal(b.len, 300);
    xy_buf_release(&b);
}

static void test_buf_take(void **state)
{
    struct xy_buf b;
    (void)state;
    xy_buf_init(&b, 100);
    assert_int_equal(xy_buf_addz(&b, "hello"), XY_OK);
    char *s = xy_buf_take(&b);
    assert_non_null(s);
    assert_string_equal(s, "hello");
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.cap, 0);
    assert_string_equal(xy_buf_str(&b), "");
    xy_free(s);
    /* An empty buffer gives an allocated empty string. */
    s = xy_buf_take(&b);
    assert_non_null(s);
    assert_string_equal(s, "");
    xy_free(s);
    /* The buffer is reusable after take; the maximum still applies. */
    assert_int_equal(xy_buf_addz(&b, "again"), XY_OK);
    s = xy_buf_take(&b);
    assert_string_equal(s, "again");
    xy_free(s);
    xy_buf_release(&b);
}

/* ---- xy_date ------------------------------------------------------------------------------ */

static int parse(const char *s, struct xy_date *d)
{
    return xy_date_parse(s, strlen(s), d);
}

static void expect_date(const char *s, int y, int m, int d)
{
    struct xy_date out = {0, 0, 0};
    if (parse(s, &out) != 0)
        fail_msg("\"%s\" should parse", s);
    if (out.y != y || out.m != m || out.d != d)
        fail_msg("\"%s\" parsed as %d-%d-%d, expected %d-%d-%d", s, out.y, out.m, out.d, y, m, d);
}

static void expect_no_date(const char *s)
{
    struct xy_date out = {7, 7, 7};
    if (parse(s, &out) == 0)
        fail_msg("\"%s\" should not parse (got %d-%d-%d)", s, out.y, out.m, out.d);
    /* out is not touched on failure */
    assert_int_equal(out.y, 7);
}

static void test_date_forms(void **state)
{
    (void)state;
    expect_date("2024-03-05", 2024, 3, 5);
    expect_date("2024-3-5", 2024, 3, 5);
    expect_date("2024/03/05", 2024, 3, 5);
    expect_date("2024/3/5", 2024, 3, 5);
    expect_date("2024/12/31", 2024, 12, 31);
    expect_date("20240305", 2024, 3, 5);
    expect_date("2024年3月5日", 2024, 3, 5);
    expect_date("2024年03月05日", 2024, 3, 5);
    expect_date("2024年12月31日", 2024, 12, 31);
    expect_date("2024-03-05 00:00:00", 2024, 3, 5);
    expect_date("2024/3/5 00:00:00", 2024, 3, 5);
    expect_date("20240305 00:00:00", 2024, 3, 5);
    expect_date("2024年3月5日 00:00:00", 2024, 3, 5);
    expect_date("  2024-03-05\t", 2024, 3, 5);
    expect_date("1900-01-01", 1900, 1, 1);
    expect_date("2099-12-31", 2099, 12, 31);

    /* only the given length is read */
    struct xy_date d;
    assert_int_equal(xy_date_parse("2024-03-05junk", 10, &d), 0);
    assert_int_equal(d.d, 5);
}

static void test_date_rejections(void **state)
{
    (void)state;
    expect_no_date("2023-02-30");
    expect_no_date("2023-02-29");
    expect_no_date("2023-04-31");
    expect_no_date("2023-13-01");
    expect_no_date("2023-00-10");
    expect_no_date("2023-01-00");
    expect_no_date("2023-01-32");
    expect_no_date("1899-12-31");
    expect_no_date("2100-01-01");
    expect_no_date("2024-1/5");
    expect_no_date("2024/1-5");
    expect_no_date("2024年1-5");
    expect_no_date("2024年1月5");
    expect_no_date("20240230");
    expect_no_date("2024030");
    expect_no_date("202403051");
    expect_no_date("2024-03-05x");
    expect_no_date("2024-03-05 12:00:00");
    expect_no_date("2024-03-05 00:00:01");
    expect_no_date("2024-03-005");
    expect_no_date("2024-003-05");
    expect_no_date("24-03-05");
    expect_no_date("2024.03.05");
    expect_no_date("2024-03-");
    expect_no_date("2024");
    expect_no_date("");
    expect_no_date("   ");
    expect_no_date(" 00:00:00");
    expect_no_date("x2024-03-05");
    expect_no_date("-2024-03-05");
}

static void test_date_leap(void **state)
{
    (void)state;
    expect_date("2024-02-29", 2024, 2, 29);
    expect_date("2000-02-29", 2000, 2, 29);
    expect_date("1904-02-29", 1904, 2, 29);
    expect_no_date("1900-02-29"); /* divisible by 100, not by 400 */
    expect_no_date("2023-02-29");
    expect_no_date("2100-02-28"); /* out of range */
    assert_true(xy_date_valid(2000, 2, 29));
    assert_true(xy_date_valid(2024, 2, 29));
    assert_false(xy_date_valid(2100, 2, 28));
    assert_false(xy_date_valid(1900, 2, 29));
    assert_false(xy_date_valid(2024, 0, 1));
    assert_false(xy_date_valid(2024, 13, 1));
    assert_true(xy_date_valid(2099, 12, 31));
    assert_false(xy_date_valid(1899, 12, 31));
}

static void test_date_days(void **state)
{
    (void)state;
    struct xy_date epoch = {1970, 1, 1}, y2k = {2000, 1, 1}, mar2000 = {2000, 3, 1},
                   d1900 = {1900, 1, 1};
    assert_int_equal(xy_date_to_days(epoch), 0);
    assert_int_equal(xy_date_to_days(y2k), 10957);
    assert_int_equal(xy_date_to_days(mar2000), 10957 + 31 + 29);
    assert_int_equal(xy_date_to_days(d1900), -25567);
    struct xy_date e = xy_date_from_days(0);
    assert_int_equal(e.y, 1970);
    assert_int_equal(e.m, 1);
    assert_int_equal(e.d, 1);

    /* Every day of the supported range: from_days inverts to_days, consecutive numbers are
     * consecutive real dates. */
    struct xy_date first = {1900, 1, 1}, last = {2099, 12, 31};
    int32_t a = xy_date_to_days(first), b = xy_date_to_days(last);
    assert_int_equal(b - a + 1, 73049); /* 200 years, 49 leap days (2000 leap, 1900 not) */
    struct xy_date prev = xy_date_from_days(a - 1);
    assert_int_equal(prev.y, 1899);
    assert_int_equal(prev.m, 12);
    assert_int_equal(prev.d, 31);
    for (int32_t z = a; z <= b; z++) {
        struct xy_date d = xy_date_from_days(z);
        if (!xy_date_valid(d.y, d.m, d.d))
            fail_msg("day %d gave %d-%d-%d", (int)z, d.y, d.m, d.d);
        if (xy_date_to_days(d) != z)
            fail_msg("round trip of day %d failed", (int)z);
        /* the next day follows prev */
        int next_ok = (d.y == prev.y && d.m == prev.m && d.d == prev.d + 1) ||
                      (d.y == prev.y && d.m == prev.m + 1 && d.d == 1) ||
                      (d.y == prev.y + 1 && d.m == 1 && d.d == 1 && prev.m == 12 && prev.d == 31);
        if (!next_ok)
            fail_msg("%d-%d-%d does not follow %d-%d-%d", d.y, d.m, d.d, prev.y, prev.m, prev.d);
        assert_int_equal(xy_date_cmp(prev, d), -1);
        assert_int_equal(xy_date_cmp(d, prev), 1);
        assert_int_equal(xy_date_cmp(d, d), 0);
        prev = d;
    }
}

static void expect_add(int y, int m, int d, int months, int ey, int em, int ed)
{
    struct xy_date in = {y, m, d};
    struct xy_date r = xy_date_add_months(in, months);
    if (r.y != ey || r.m != em || r.d != ed)
        fail_msg("%d-%d-%d + %d months = %d-%d-%d, expected %d-%d-%d", y, m, d, months, r.y, r.m,
                 r.d, ey, em, ed);
}

static void test_date_add_months(void **state)
{
    (void)state;
    expect_add(2020, 1, 31, 1, 2020, 2, 29);
    expect_add(2021, 1, 31, 1, 2021, 2, 28);
    expect_add(2019, 7, 1, 36, 2022, 7, 1);
    expect_add(2019, 12, 15, 1, 2020, 1, 15);
    expect_add(2020, 2, 29, 12, 2021, 2, 28);
    expect_add(2024, 2, 29, 48, 2028, 2, 29);
    expect_add(2024, 3, 31, 1, 2024, 4, 30);
    expect_add(2024, 3, 5, 0, 2024, 3, 5);
    expect_add(2024, 3, 31, -1, 2024, 2, 29);
    expect_add(2024, 1, 15, -1, 2023, 12, 15);
    expect_add(2023, 5, 1, 120, 2033, 5, 1);
}

static void test_date_format(void **state)
{
    char out[11];
    struct xy_date d = {2024, 3, 5}, e = {1900, 12, 31};
    (void)state;
    xy_date_format(d, out);
    assert_string_equal(out, "2024-03-05");
    xy_date_format(e, out);
    assert_string_equal(out, "1900-12-31");
    /* format then parse is the identity */
    struct xy_date back;
    assert_int_equal(xy_date_parse(out, strlen(out), &back), 0);
    assert_int_equal(xy_date_cmp(back, e), 0);
}

/* ---- xy_money ----------------------------------------------------------------------------- */

static enum xy_money_err money(const char *s, int64_t *fen)
{
    return xy_money_parse_wan(s, strlen(s), fen);
}

static void expect_fen(const char *s, int64_t want)
{
    int64_t fen = -12345;
    enum xy_money_err e = money(s, &fen);
    if (e != XY_MONEY_OK)
        fail_msg("\"%s\": error %d", s, (int)e);
    if (fen != want)
        fail_msg("\"%s\" = %lld fen, expected %lld", s, (long long)fen, (long long)want);
}

static void expect_money_err(const char *s, enum xy_money_err want)
{
    int64_t fen = -12345;
    enum xy_money_err e = money(s, &fen);
    if (e != want)
        fail_msg("\"%s\": error %d, expected %d", s, (int)e, (int)want);
    assert_int_equal(fen, -12345); /* untouched on error */
}

static void test_money_parse(void **state)
{
    (void)state;
    expect_fen("0.2", 200000);
    expect_fen("12", 12000000);
    expect_fen("3.500000", 3500000);
    expect_fen("3.5", 3500000);
    expect_fen("0.000001", 1);
    expect_fen("0.0000010", 1);
    expect_fen("0.00000100000", 1);
    expect_fen("0", 0);
    expect_fen("0.0", 0);
    expect_fen(".5", 500000);
    expect_fen("1.", 1000000);
    expect_fen("+1", 1000000);
    expect_fen("  0.2  ", 200000);
    expect_fen("000012", 12000000);
    expect_fen("999999999999.999999", INT64_C(999999999999999999));
    expect_fen("100000000000", INT64_C(100000000000000000));
    expect_fen("0000000000000000001", 1000000); /* leading zeros are not significant digits */
}

static void test_money_errors(void **state)
{
    (void)state;
    expect_money_err("0.0000001", XY_MONEY_PRECISION);
    expect_money_err("0.0000015", XY_MONEY_PRECISION);
    expect_money_err("1.0000000001", XY_MONEY_PRECISION);
    expect_money_err("-1", XY_MONEY_NEGATIVE);
    expect_money_err("-0.2", XY_MONEY_NEGATIVE);
    expect_money_err("abc", XY_MONEY_SYNTAX);
    expect_money_err("", XY_MONEY_SYNTAX);
    expect_money_err("   ", XY_MONEY_SYNTAX);
    expect_money_err("1.2.3", XY_MONEY_SYNTAX);
    expect_money_err(".", XY_MONEY_SYNTAX);
    expect_money_err("+", XY_MONEY_SYNTAX);
    expect_money_err("1,000", XY_MONEY_SYNTAX);
    expect_money_err("1e3", XY_MONEY_SYNTAX);
    expect_money_err("0.2万", XY_MONEY_SYNTAX);
    expect_money_err("1 2", XY_MONEY_SYNTAX);
    expect_money_err("1000000000000", XY_MONEY_RANGE); /* 13 integer digits */
    expect_money_err("9999999999999.5", XY_MONEY_RANGE);
    expect_money_err("99999999999999999999999", XY_MONEY_RANGE);
}

static void test_money_format(void **state)
{
    char out[32];
    (void)state;
    xy_money_format_wan(200000, out);
    assert_string_equal(out, "0.2");
    xy_money_format_wan(12000000, out);
    assert_string_equal(out, "12");
    xy_money_format_wan(1, out);
    assert_string_equal(out, "0.000001");
    xy_money_format_wan(0, out);
    assert_string_equal(out, "0");
    xy_money_format_wan(3500000, out);
    assert_string_equal(out, "3.5");
    xy_money_format_wan(INT64_C(999999999999999999), out);
    assert_string_equal(out, "999999999999.999999");

    /* format then parse gives the same fen */
    static const int64_t samples[] = {0,
                                      1,
                                      9,
                                      10,
                                      99,
                                      100000,
                                      200000,
                                      999999,
                                      1000000,
                                      1000001,
                                      12345678,
                                      120000000,
                                      INT64_C(100000000000000000),
                                      INT64_C(999999999999999999)};
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        int64_t back = -1;
        xy_money_format_wan(samples[i], out);
        assert_int_equal(money(out, &back), XY_MONEY_OK);
        assert_int_equal(back, samples[i]);
    }
    for (int64_t f = 0; f < 3000000; f += 7919) {
        int64_t back = -1;
        xy_money_format_wan(f, out);
        assert_int_equal(money(out, &back), XY_MONEY_OK);
        assert_int_equal(back, f);
    }
}

/* ---- xy_utf8 ------------------------------------------------------------------------------ */

static int valid(const char *s, size_t n)
{
    return xy_utf8_valid(s, n);
}
#define VALID(lit) valid(lit, sizeof(lit) - 1)

static void test_utf8_valid(void **state)
{
    (void)state;
    assert_true(VALID(""));
    assert_true(VALID("abc"));
    assert_true(VALID("中文"));
    assert_true(VALID("\xC2\x80"));         /* U+0080, smallest 2-byte */
    assert_true(VALID("\xDF\xBF"));         /* U+07FF */
    assert_true(VALID("\xE0\xA0\x80"));     /* U+0800, smallest 3-byte */
    assert_true(VALID("\xED\x9F\xBF"));     /* U+D7FF, just below the surrogates */
    assert_true(VALID("\xEE\x80\x80"));     /* U+E000, just above */
    assert_true(VALID("\xEF\xBF\xBF"));     /* U+FFFF */
    assert_true(VALID("\xF0\x90\x80\x80")); /* U+10000 */
    assert_true(VALID("\xF0\x9F\x98\x80")); /* U+1F600 */
    assert_true(VALID("\xF4\x8F\xBF\xBF")); /* U+10FFFF */
    assert_true(VALID("\xE3\x80\x80"));     /* U+3000 */
    assert_true(valid("a\0b", 3));          /* NUL is a code point */

    /* overlongs */
    assert_false(VALID("\xC0\x80"));
    assert_false(VALID("\xC0\xAF"));
    assert_false(VALID("\xC1\xBF"));
    assert_false(VALID("\xE0\x80\xAF"));
    assert_false(VALID("\xE0\x9F\xBF"));
    assert_false(VALID("\xF0\x80\x80\xAF"));
    assert_false(VALID("\xF0\x8F\xBF\xBF"));
    /* surrogates */
    assert_false(VALID("\xED\xA0\x80"));
    assert_false(VALID("\xED\xBF\xBF"));
    assert_false(VALID("\xED\xA0\xBD\xED\xB8\x80")); /* CESU-8 pair */
    /* truncated */
    assert_false(VALID("\xC3"));
    assert_false(VALID("\xE4\xB8"));
    assert_false(VALID("\xF0\x9F\x98"));
    assert_false(VALID("ab\xE4"));
    assert_false(VALID("\xE4\xB8"
                       "a"));
    assert_false(VALID("\xE4"
                       "ab"));
    /* beyond U+10FFFF */
    assert_false(VALID("\xF4\x90\x80\x80"));
    assert_false(VALID("\xF5\x80\x80\x80"));
    assert_false(VALID("\xF7\xBF\xBF\xBF"));
    assert_false(VALID("\xF8\x88\x80\x80\x80"));
    /* stray bytes */
    assert_false(VALID("\x80"));
    assert_false(VALID("a\xBF"));
    assert_false(VALID("\xFE"));
    assert_false(VALID("\xFF"));
    /* GBK bytes of 中文 are not UTF-8 */
    assert_false(VALID("\xD6\xD0\xCE\xC4"));
    /* only n bytes are looked at */
    assert_true(valid("ab\xFF", 2));
    assert_false(valid("中", 2));
}

static void test_utf8_count(void **state)
{
    (void)state;
    assert_int_equal(xy_utf8_count("", 0), 0);
    assert_int_equal(xy_utf8_count("abc", 3), 3);
    assert_int_equal(xy_utf8_count("中文abc", strlen("中文abc")), 5);
    assert_int_equal(xy_utf8_count("\xF0\x9F\x98\x80x", 5), 2);
    assert_int_equal(xy_utf8_count("\xC2\x80\xE3\x80\x80", 5), 2);

    /* put and next agree */
    static const uint32_t cps[] = {0x41,   0x7F,   0x80,    0x7FF,   0x800,
                                   0x4E2D, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF};
    for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        char buf[4];
        size_t n = xy_utf8_put(cps[i], buf);
        assert_true(xy_utf8_valid(buf, n));
        assert_int_equal(xy_utf8_count(buf, n), 1);
        const char *p = buf;
        assert_int_equal(xy_utf8_next(&p, buf + n), cps[i]);
        assert_ptr_equal(p, buf + n);
    }
    /* floor finds the start of a code point */
    const char *s = "a中b";
    assert_int_equal(xy_utf8_floor(s, 0), 0);
    assert_int_equal(xy_utf8_floor(s, 1), 1);
    assert_int_equal(xy_utf8_floor(s, 2), 1);
    assert_int_equal(xy_utf8_floor(s, 3), 1);
    assert_int_equal(xy_utf8_floor(s, 4), 4);
}

/* ---- xy_alloc / xy_error ------------------------------------------------------------------ */

static void test_alloc_basic(void **state)
{
    (void)state;
    char *s = xy_strdup("abc");
    assert_non_null(s);
    assert_string_equal(s, "abc");
    xy_free(s);
    s = xy_strndup("abcdef", 3);
    assert_non_null(s);
    assert_string_equal(s, "abc");
    xy_free(s);
    xy_free(NULL);
    void *p = xy_malloc(0);
    assert_non_null(p);
    xy_free(p);
    int *q = xy_calloc(4, sizeof *q);
    assert_non_null(q);
    assert_int_equal(q[0] | q[1] | q[2] | q[3], 0);
    q = xy_realloc(q, 100 * sizeof *q);
    assert_non_null(q);
    assert_int_equal(q[3], 0);
    xy_free(q);
}

static void test_alloc_faults(void **state)
{
    (void)state;
#ifndef XY_FAULTS
    skip(); /* fault injection needs -DXY_FAULTS=ON */
#else
    xy_alloc_fail_at(2);
    void *a = xy_malloc(10);
    assert_non_null(a);
    assert_null(xy_malloc(10));
    assert_null(xy_calloc(1, 10));
    assert_null(xy_strdup("x"));
    assert_int_equal(xy_alloc_count(), 4);
    xy_alloc_fail_at(0);
    void *b = xy_malloc(10);
    assert_non_null(b);
    xy_free(a);
    xy_free(b);

    /* A buffer whose growth fails is unchanged. */
    struct xy_buf buf;
    xy_buf_init(&buf, 1u << 20);
    assert_int_equal(xy_buf_addz(&buf, "keep"), XY_OK);
    xy_alloc_fail_at(1);
    char big[1000];
    memset(big, 'x', sizeof big);
    assert_int_equal(xy_buf_add(&buf, big, sizeof big), XY_ENOMEM);
    assert_int_equal(buf.len, 4);
    assert_string_equal(xy_buf_str(&buf), "keep");
    xy_alloc_fail_at(0);
    xy_buf_release(&buf);

    /* take of an empty buffer under a failing allocator: NULL */
    xy_buf_init(&buf, 10);
    xy_alloc_fail_at(1);
    assert_null(xy_buf_take(&buf));
    xy_alloc_fail_at(0);
    xy_buf_release(&buf);
#endif
}

static void test_error(void **state)
{
    struct xy_error e;
    (void)state;
    xy_error_clear(&e);
    assert_int_equal(e.rc, 0);
    assert_int_equal(e.row, 0);
    assert_string_equal(e.msg, "");
    assert_int_equal(xy_error_set(&e, XY_EINVAL, "row %d: %s", 3, "bad"), XY_EINVAL);
    assert_int_equal(e.rc, XY_EINVAL);
    assert_string_equal(e.msg, "row 3: bad");
    assert_int_equal(xy_error_set(NULL, XY_EIO, "x"), XY_EIO);
    char big[1000];
    memset(big, 'm', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    xy_error_set(&e, XY_ETOOBIG, "%s", big);
    assert_int_equal(strlen(e.msg), sizeof e.msg - 1);
    for (int rc = XY_OK; rc <= XY_EUNAVAIL; rc++) {
        assert_non_null(xy_strerror(rc));
        assert_string_not_equal(xy_strerror(rc), xy_strerror(9999));
    }
    assert_string_equal(xy_strerror(XY_ENOMEM), "内存不足 (out of memory)");
    assert_string_equal(xy_strerror(9999), "未知错误 (unknown error)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf_empty),       cmocka_unit_test(test_buf_growth),
        cmocka_unit_test(test_buf_max),         cmocka_unit_test(test_buf_printf),
        cmocka_unit_test(test_buf_take),        cmocka_unit_test(test_date_forms),
        cmocka_unit_test(test_date_rejections), cmocka_unit_test(test_date_leap),
        cmocka_unit_test(test_date_days),       cmocka_unit_test(test_date_add_months),
        cmocka_unit_test(test_date_format),     cmocka_unit_test(test_money_parse),
        cmocka_unit_test(test_money_errors),    cmocka_unit_test(test_money_format),
        cmocka_unit_test(test_utf8_valid),      cmocka_unit_test(test_utf8_count),
        cmocka_unit_test(test_alloc_basic),     cmocka_unit_test(test_alloc_faults),
        cmocka_unit_test(test_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
