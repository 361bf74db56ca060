/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of the ID number scanner, src/core/idscan.c: which numbers in free text are found (check
 * character, birth date, address code, digit-run boundaries, full-width digits, split forms) and how
 * they are masked. Numbers whose check character the test needs are completed with
 * xy_ric_check_char(), itself tested on DOMAIN §2.2's worked examples in test_ids.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "common/xy_buf.h"
#include "common/xy_error.h"
#include "core/idscan.h"
#include "core/ric.h"

static const struct xy_id_date today = {2026, 11, 28};

/* The 18-digit number for 17 digits, with its check character. */
static const char *complete(const char *digits17)
{
    static char out[4][19];
    static int slot;
    char *o = out[slot++ % 4];
    memcpy(o, digits17, 17);
    o[17] = xy_ric_check_char(digits17);
    o[18] = '\0';
    return o;
}

/* The number with its check character made wrong. */
static const char *wrong_check(const char *digits17)
{
    static char o[19];
    memcpy(o, complete(digits17), 19);
    o[17] = o[17] == '0' ? '1' : o[17] == 'X' ? '0' : (char)(o[17] == '9' ? '0' : o[17] + 1);
    return o;
}

/* text with its ID numbers masked (static storage). */
static const char *masked(const char *text, enum xy_idscan_forms forms, size_t *found)
{
    static char out[1024];
    struct xy_buf b;
    xy_buf_init(&b, sizeof out - 1);
    assert_int_equal(xy_idscan_mask(text, strlen(text), forms, &today, &b, found), XY_OK);
    snprintf(out, sizeof out, "%s", xy_buf_str(&b));
    xy_buf_release(&b);
    return out;
}

static size_t count(const char *text)
{
    return xy_idscan(text, strlen(text), XY_IDSCAN_ALL, &today, NULL, NULL);
}

struct hits {
    struct xy_idscan_hit h[8];
    int n;
    int stop_after;
};

static int collect(void *ctx, const struct xy_idscan_hit *hit)
{
    struct hits *c = ctx;
    if (c->n < 8)
        c->h[c->n] = *hit;
    c->n++;
    return c->stop_after && c->n >= c->stop_after;
}

static void test_check_character(void **state)
{
    (void)state;
    char text[128];
    /* DOMAIN §2.2 worked examples: valid as they stand. */
    assert_int_equal(count("当事人360426199101010071"), 1);
    assert_int_equal(count("当事人44011320141005001X"), 1);
    /* The same 17 digits with another check character: not a number. */
    snprintf(text, sizeof text, "号码%s。", wrong_check("42010319881203051"));
    assert_int_equal(count(text), 0);
    snprintf(text, sizeof text, "号码%s。", complete("42010319881203051"));
    assert_int_equal(count(text), 1);
    /* S1's negative example: check character 9 where 3 is due. */
    assert_int_equal(count("36042619910102009X"), 0);
    /* X may stand only where the check is 10, in either case and in full width. */
    assert_int_equal(count("44011320141005001x"), 1);
    assert_int_equal(count("44011320141005001\xEF\xBC\xB8"), 1); /* Ｘ */
    assert_int_equal(count("36042619910101007X"), 0);
}

static void test_birth_date_and_region(void **state)
{
    (void)state;
    char text[64];
    /* Month 13, day 32, 30 February: no such birth date. */
    snprintf(text, sizeof text, "%s", complete("36042619911301007"));
    assert_int_equal(count(text), 0);
    snprintf(text, sizeof text, "%s", complete("36042619910132007"));
    assert_int_equal(count(text), 0);
    snprintf(text, sizeof text, "%s", complete("36042619910230007"));
    assert_int_equal(count(text), 0);
    /* Born after today (2026-11-28), or before 1900: not plausible. */
    snprintf(text, sizeof text, "%s", complete("42010320261129051"));
    assert_int_equal(count(text), 0);
    snprintf(text, sizeof text, "%s", complete("42010320261128051"));
    assert_int_equal(count(text), 1);
    snprintf(text, sizeof text, "%s", complete("42010318991231051"));
    assert_int_equal(count(text), 0);
    /* An address code that is no province (00, 99) or the national 10. */
    snprintf(text, sizeof text, "%s", complete("00010319881203051"));
    assert_int_equal(count(text), 0);
    snprintf(text, sizeof text, "%s", complete("99010319881203051"));
    assert_int_equal(count(text), 0);
}

static void test_legacy_15(void **state)
{
    (void)state;
    /* DOMAIN §2.3: 370802940221002 is 1994-02-21. */
    size_t n;
    assert_string_equal(masked("旧证370802940221002，", XY_IDSCAN_ALL, &n), "旧证3708*******1002，");
    assert_int_equal(n, 1);
    /* Month 13, day 00, 29 February of a year not leap (1993): no date, no number. */
    assert_int_equal(count("370802941321002"), 0);
    assert_int_equal(count("370802940200002"), 0);
    assert_int_equal(count("370802930229002"), 0);
    assert_int_equal(count("370802960229002"), 1); /* 1996 was a leap year */
    /* Only 18 digits: the 15-digit form is left alone. */
    assert_string_equal(masked("旧证370802940221002", XY_IDSCAN_ONLY_18, &n), "旧证370802940221002");
    assert_int_equal(n, 0);
    assert_string_equal(masked("360426199101010071", XY_IDSCAN_ONLY_18, &n), "3604**********0071");
}

static void test_longer_runs(void **state)
{
    (void)state;
    /* A valid number inside a longer run of digits is part of something else (an account, an
     * order number): left alone, before or after, ASCII or full width. */
    assert_int_equal(count("账号1360426199101010071"), 0);
    assert_int_equal(count("账号3604261991010100712"), 0);
    assert_int_equal(count("\xEF\xBC\x91" "360426199101010071"), 0); /* １ then the number */
    assert_int_equal(count("360426199101010071" "\xEF\xBC\x91"), 0);
    assert_int_equal(count("3704261991010100710370802940221002"), 0);
    /* 16 and 17 digits: no number. A 15-digit run inside 16 digits neither. */
    assert_int_equal(count("3708029402210021"), 0);
    assert_int_equal(count("37080294022100212"), 0);
    /* Letters and punctuation bound a run; so does a decimal point. */
    assert_int_equal(count("ID:360426199101010071;"), 1);
    assert_int_equal(count("sfz360426199101010071abc"), 1);
}

static void test_full_width(void **state)
{
    (void)state;
    /* ３６０４２６１９９１０１０１００７１: 18 full-width digits, 54 bytes. */
    static const char fw[] = "号码\xEF\xBC\x93\xEF\xBC\x96\xEF\xBC\x90\xEF\xBC\x94\xEF\xBC\x92\xEF\xBC\x96"
                             "\xEF\xBC\x91\xEF\xBC\x99\xEF\xBC\x99\xEF\xBC\x91\xEF\xBC\x90\xEF\xBC\x91"
                             "\xEF\xBC\x90\xEF\xBC\x91\xEF\xBC\x90\xEF\xBC\x90\xEF\xBC\x97\xEF\xBC\x91。";
    struct hits c = {0};
    assert_int_equal(xy_idscan(fw, strlen(fw), XY_IDSCAN_ALL, &today, collect, &c), 1);
    assert_int_equal(c.h[0].off, strlen("号码"));
    assert_int_equal(c.h[0].len, 54);
    assert_string_equal(c.h[0].number, "360426199101010071");
    assert_string_equal(c.h[0].masked, "3604**********0071");
    size_t n;
    assert_string_equal(masked(fw, XY_IDSCAN_ALL, &n), "号码3604**********0071。");
    /* Mixed widths are one run. */
    assert_int_equal(count("3604261991010100\xEF\xBC\x97\xEF\xBC\x91"), 1);
}

static void test_split(void **state)
{
    (void)state;
    size_t n;
    /* Groups joined by single spaces, U+3000, no-break spaces or hyphens. */
    assert_string_equal(masked("身份证 3604 2619 9101 0100 71 号", XY_IDSCAN_ALL, &n), "身份证 3604**********0071 号");
    assert_string_equal(masked("360426-19910101-0071", XY_IDSCAN_ALL, &n), "3604**********0071");
    assert_string_equal(masked("360426\xE3\x80\x80" "19910101\xE3\x80\x80" "0071", XY_IDSCAN_ALL, &n),
                        "3604**********0071");
    assert_string_equal(masked("360426\xC2\xA0" "199101010071", XY_IDSCAN_ALL, &n), "3604**********0071");
    assert_string_equal(masked("4401 1320 1410 0500 1X", XY_IDSCAN_ALL, &n), "4401**********001X");
    assert_string_equal(masked("3708 0294 0221 002", XY_IDSCAN_ALL, &n), "3708*******1002");
    /* Two separators, a comma or a line break between groups: not one number. */
    assert_int_equal(count("3604 2619  9101 0100 71"), 0);
    assert_int_equal(count("360426,199101010071"), 0);
    assert_int_equal(count("360426\n199101010071"), 0);
    /* An X ends the number: nothing is joined after it. */
    assert_int_equal(count("44011320 14100500 1X 5"), 1);
    assert_int_equal(count("4401132014100500X 1"), 0);
    /* The groups may follow other numbers: 2024 12 then the number. */
    assert_string_equal(masked("2024 12 3604 2619 9101 0100 71", XY_IDSCAN_ALL, &n), "2024 12 3604**********0071");
    /* 15 digits in groups, more groups after that make no 18-digit number: the 15 are one. */
    assert_string_equal(masked("370802 940221 002 999", XY_IDSCAN_ALL, &n), "3708*******1002 999");
    /* Dates and amounts never add up to a number. */
    assert_int_equal(count("2019-10-10 至 2020-10-10，罚款 2000 元"), 0);
}

static void test_mask_text(void **state)
{
    (void)state;
    size_t n = 0;
    const char *in = "经查，法定代表人王某（公民身份号码360426199101010071）与李某（44011320141005001X）共同经营。";
    assert_string_equal(masked(in, XY_IDSCAN_ALL, &n),
                        "经查，法定代表人王某（公民身份号码3604**********0071）与李某（4401**********001X）共同经营。");
    assert_int_equal(n, 2);
    assert_string_equal(masked("无号码的文字", XY_IDSCAN_ALL, &n), "无号码的文字");
    assert_int_equal(n, 0);
    assert_string_equal(masked("", XY_IDSCAN_ALL, &n), "");
    /* The buffer's maximum is an error, not a crash. */
    struct xy_buf b;
    xy_buf_init(&b, 8);
    assert_int_equal(xy_idscan_mask(in, strlen(in), XY_IDSCAN_ALL, &today, &b, &n), XY_ETOOBIG);
    xy_buf_release(&b);
    /* A callback's non-zero stops the scan. */
    struct hits c = {.stop_after = 1};
    assert_int_equal(xy_idscan(in, strlen(in), XY_IDSCAN_ALL, &today, collect, &c), 1);
    assert_int_equal(c.n, 1);
    assert_string_equal(c.h[0].number, "360426199101010071");
    /* Bytes that are not UTF-8 are not digits. */
    assert_int_equal(count("\xff\xfe" "360426199101010071" "\xc3"), 1);
}

static void test_cell(void **state)
{
    (void)state;
    const char *s;
    /* A number, as typed (blanks, full width): masked whole in a rejected row. */
    assert_true(xy_idscan_cell(" 360426199101010071 ", 20, &today));
    assert_true(xy_idscan_cell("370802940221002", 15, &today));
    /* A mistyped number (wrong check character) in a code column is still one. */
    s = wrong_check("42010319881203051");
    assert_true(xy_idscan_cell(s, 18, &today));
    /* Unified social credit codes are not: all-digit, letters, the placeholder. */
    assert_false(xy_idscan_cell("121200004013590816", 18, &today));
    assert_false(xy_idscan_cell("91420684MA4927PJ7B", 18, &today));
    assert_false(xy_idscan_cell("00000000000000000X", 18, &today));
    /* Nor text, nor other lengths. */
    assert_false(xy_idscan_cell("武汉市市场监督管理局", strlen("武汉市市场监督管理局"), &today));
    assert_false(xy_idscan_cell("4201031988120305", 16, &today));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_character), cmocka_unit_test(test_birth_date_and_region),
        cmocka_unit_test(test_legacy_15),       cmocka_unit_test(test_longer_runs),
        cmocka_unit_test(test_full_width),      cmocka_unit_test(test_split),
        cmocka_unit_test(test_mask_text),       cmocka_unit_test(test_cell),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
