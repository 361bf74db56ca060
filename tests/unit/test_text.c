/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of src/core/text.c: the characters a field may not hold, and name keys (NFKC). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "common/xy_buf.h"
#include "common/xy_error.h"
#include "core/text.h"

static void test_classes(void **state)
{
    (void)state;
    static const uint32_t control[] = {0x00, 0x07, 0x08, 0x09, 0x0A, 0x0D, 0x1B, 0x1F, 0x7F, 0x80, 0x85, 0x9B, 0x9F,
                                       0x2028, 0x2029};
    static const uint32_t bidi[] = {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069,
                                    0x200E, 0x200F, 0x061C};
    static const uint32_t invisible[] = {0x200B, 0x200C, 0x200D, 0x2060, 0x2061, 0x2064, 0xFEFF};
    static const uint32_t fine[] = {' ', 'A', '~', 0xA0, 0xB7, 0x3000, 0x4E2D, 0xFF08, 0xFF21, 0x2065,
                                    0x2070, 0x2027, 0x202F, 0x200A, 0x1F600, 0xE0100};
    for (size_t i = 0; i < sizeof control / sizeof *control; i++)
        assert_int_equal(xy_text_class(control[i]), XY_TEXT_CONTROL);
    for (size_t i = 0; i < sizeof bidi / sizeof *bidi; i++)
        assert_int_equal(xy_text_class(bidi[i]), XY_TEXT_BIDI);
    for (size_t i = 0; i < sizeof invisible / sizeof *invisible; i++)
        assert_int_equal(xy_text_class(invisible[i]), XY_TEXT_INVISIBLE);
    for (size_t i = 0; i < sizeof fine / sizeof *fine; i++)
        assert_int_equal(xy_text_class(fine[i]), XY_TEXT_OK);
    assert_string_equal(xy_text_class_code(XY_TEXT_CONTROL), "control_char");
    assert_string_equal(xy_text_class_code(XY_TEXT_BIDI), "bidi_char");
    assert_string_equal(xy_text_class_code(XY_TEXT_INVISIBLE), "invisible_char");
    assert_string_equal(xy_text_class_code(XY_TEXT_OK), "");
}

static void test_check(void **state)
{
    (void)state;
    uint32_t cp = 0;
    size_t pos = 0;
    static const char esc[] = "武汉\x1b[31m公司";
    assert_int_equal(xy_text_check(esc, strlen(esc), 0, &cp, &pos), XY_TEXT_CONTROL);
    assert_int_equal(cp, 0x1B);
    assert_int_equal(pos, 3); /* code points, not bytes */
    static const char rlo[] = "公司\xE2\x80\xAE" "abc"; /* U+202E */
    assert_int_equal(xy_text_check(rlo, strlen(rlo), 1, &cp, &pos), XY_TEXT_BIDI);
    assert_int_equal(cp, 0x202E);
    assert_int_equal(pos, 3);
    static const char bom[] = "\xEF\xBB\xBF" "公司"; /* U+FEFF */
    assert_int_equal(xy_text_check(bom, strlen(bom), 0, &cp, &pos), XY_TEXT_INVISIBLE);
    assert_int_equal(pos, 1);
    static const char c1[] = "a\xC2\x9B" "b"; /* U+009B, a terminal's CSI */
    assert_int_equal(xy_text_check(c1, strlen(c1), 1, &cp, &pos), XY_TEXT_CONTROL);
    assert_int_equal(cp, 0x9B);
    /* Tabs and line breaks: in long text only. */
    static const char lines[] = "第一行\r\n第二行\t完";
    assert_int_equal(xy_text_check(lines, strlen(lines), 1, &cp, &pos), XY_TEXT_OK);
    assert_int_equal(xy_text_check(lines, strlen(lines), 0, &cp, &pos), XY_TEXT_CONTROL);
    assert_int_equal(cp, '\r');
    assert_int_equal(pos, 4);
    /* Long text still refuses every other control character. */
    assert_int_equal(xy_text_check("a\x7f", 2, 1, &cp, &pos), XY_TEXT_CONTROL);
    assert_int_equal(xy_text_check("a\x08", 2, 1, &cp, &pos), XY_TEXT_CONTROL);
    assert_int_equal(xy_text_check("", 0, 0, &cp, &pos), XY_TEXT_OK);
}

static void test_escape(void **state)
{
    (void)state;
    struct xy_buf b;
    static const char in[] = "武汉\x1b[31m\xE2\x80\xAE公司\t\r\n\xC2\x9B\xEF\xBB\xBF\x7f末";
    xy_buf_init(&b, 1024);
    assert_int_equal(xy_text_escape(in, strlen(in), &b), XY_OK);
    assert_string_equal(xy_buf_str(&b), "武汉\\u001B[31m\\u202E公司\t\r\n\\u009B\\uFEFF\\u007F末");
    xy_buf_reset(&b);
    assert_int_equal(xy_text_escape("普通文字", strlen("普通文字"), &b), XY_OK);
    assert_string_equal(xy_buf_str(&b), "普通文字");
    xy_buf_release(&b);
    xy_buf_init(&b, 4);
    assert_int_equal(xy_text_escape("a\x1b", 2, &b), XY_ETOOBIG);
    xy_buf_release(&b);
}

/* The key of s as UTF-32 equals want (NUL-terminated code points). */
static void expect_key(const char *s, const uint32_t *want)
{
    uint32_t k[XY_NAME_KEY_MAX];
    size_t n = 0, wn = 0;
    while (want[wn])
        wn++;
    assert_int_equal(xy_name_key(s, strlen(s), k, XY_NAME_KEY_MAX, &n), 0);
    assert_int_equal(n, wn);
    assert_memory_equal(k, want, wn * sizeof *k);
}

static void test_name_key(void **state)
{
    (void)state;
    /* Full-width letters and digits, case and spaces. */
    expect_key("ＡＢＣ Trading １号", (const uint32_t[]){'a', 'b', 'c', 't', 'r', 'a', 'd', 'i', 'n', 'g', '1',
                                                       0x53F7, 0});
    /* Full-width parentheses become ASCII ones. */
    expect_key("武汉（金山）", (const uint32_t[]){0x6B66, 0x6C49, '(', 0x91D1, 0x5C71, ')', 0});
    /* Kangxi radicals ⾦ U+2FA6 and ⼭ U+2F2D (what PDF text extraction often gives) and the
     * compatibility ideograph U+F90A are the ordinary 金 and 山. */
    expect_key("⾦⼭", (const uint32_t[]){0x91D1, 0x5C71, 0});
    expect_key("\xEF\xA4\x8A", (const uint32_t[]){0x91D1, 0});
    /* Invisible and bidirectional characters, ideographic and no-break spaces are dropped. */
    expect_key("华\xE2\x80\x8B为\xE2\x80\xAE\xE3\x80\x80公\xC2\xA0司", (const uint32_t[]){0x534E, 0x4E3A, 0x516C,
                                                                                      0x53F8, 0});
    /* Invalid UTF-8 still has a key (lenient decoding, full-width ASCII folded). */
    uint32_t k[8];
    size_t n = 0;
    assert_int_equal(xy_name_key("\xEF\xBC\xA1\xff", 4, k, 8, &n), 0);
    assert_true(n >= 1);
    assert_int_equal(k[0], 'a');
    /* The key is cut at max code points. */
    assert_int_equal(xy_name_key("abcdef", 6, k, 3, &n), 0);
    assert_int_equal(n, 3);
}

static void test_name_same(void **state)
{
    (void)state;
    assert_int_equal(xy_name_same("武汉（金山）科技有限公司", "武汉(金山)科技有限公司"), 1);
    assert_int_equal(xy_name_same("ABC Trading", "ａｂｃ　ｔｒａｄｉｎｇ"), 1);
    assert_int_equal(xy_name_same("武汉⾦⼭科技", "武汉金山科技"), 1);
    assert_int_equal(xy_name_same("武汉金山科技", "武汉金水科技"), 0);
    assert_int_equal(xy_name_same("华为", "华为技术"), 0);
    assert_int_equal(xy_name_same("", ""), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classes),
        cmocka_unit_test(test_check),
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_name_key),
        cmocka_unit_test(test_name_same),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
