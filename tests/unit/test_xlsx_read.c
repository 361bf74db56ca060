/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of src/common/xy_xlsx_read.c and of the batch reader's XLSX path (src/app/batchfile.c):
 * a workbook written by xy_xlsx (libxlsxwriter) reads back cell for cell, awkward texts included;
 * tests/data/unit-features.xlsx (made by tests/fuzz's seed script, also the fuzz corpus's
 * seed-full.xlsx) has rich text with a phonetic guide, an inline string, a formula's cached string,
 * dates in a built-in and a custom Chinese format, a gap in the rows and columns, cells without
 * references and an escaped carriage return; a batch given byte by byte is recognised by its bytes;
 * damaged input is refused with a reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"

#include "app/batchfile.h"
#include "common/xy_alloc.h"
#include "common/xy_buf.h"
#include "common/xy_error.h"
#include "common/xy_xlsx.h"
#include "common/xy_xlsx_read.h"
#include "core/catalog.h"

#define MAXR 16
#define MAXC 8

struct got {
    long row[MAXR];
    size_t ncells[MAXR];
    char cell[MAXR][MAXC][64];
    size_t len[MAXR][MAXC];
    int n;
};

static int on_row(void *ctx, long row, size_t ncells, const char *const *cells, const size_t *lens)
{
    struct got *g = ctx;
    assert_true(g->n < MAXR);
    g->row[g->n] = row;
    g->ncells[g->n] = ncells;
    for (size_t i = 0; i < ncells && i < MAXC; i++) {
        assert_true(lens[i] < 64);
        memcpy(g->cell[g->n][i], cells[i], lens[i] + 1);
        g->len[g->n][i] = lens[i];
    }
    g->n++;
    return 0;
}

static void test_round_trip(void **state)
{
    (void)state;
    static const char *const head[] = {"A", "B", "C"};
    static const char *const vals[][3] = {
        {"中文 文本", "  leading and trailing  ", "=HYPERLINK(\"x\")"},
        {"line\r\nbreak", NULL, "quote \" and <tag> & amp"},
        {"tab\there", "0012", "1e5"},
    };
    struct xy_xlsx *x;
    struct xy_buf out;
    struct xy_error err = {0};
    xy_buf_init(&out, 1u << 24);
    assert_int_equal(xy_xlsx_open(&x, &err), XY_OK);
    assert_int_equal(xy_xlsx_sheet(x, "s", head, NULL, 3), XY_OK);
    for (size_t r = 0; r < 3; r++) {
        for (size_t c = 0; c < 3; c++)
            assert_int_equal(xy_xlsx_text(x, c, vals[r][c]), XY_OK);
        assert_int_equal(xy_xlsx_row_end(x), XY_OK);
    }
    assert_int_equal(xy_xlsx_finish(x, &out, &err), XY_OK);
    assert_true(xy_xlsx_looks_like(out.data, out.len));
    struct got g = {0};
    assert_int_equal(xy_xlsx_read(out.data, out.len, on_row, &g, &err), XY_OK);
    assert_int_equal(g.n, 4);
    assert_string_equal(g.cell[0][1], "B");
    for (size_t r = 0; r < 3; r++) {
        assert_int_equal(g.row[r + 1], (long)r + 2);
        assert_int_equal(g.ncells[r + 1], 3);
        for (size_t c = 0; c < 3; c++)
            assert_string_equal(g.cell[r + 1][c], vals[r][c] ? vals[r][c] : "");
    }
    xy_buf_release(&out);
}

static void test_features(void **state)
{
    (void)state;
    char path[4096];
    size_t len = 0;
    snprintf(path, sizeof path, "%s/unit-features.xlsx", getenv("XY_TEST_DATA"));
    char *data = read_all(path, &len);
    assert_non_null(data);
    struct got g = {0};
    struct xy_error err = {0};
    assert_int_equal(xy_xlsx_read(data, len, on_row, &g, &err), XY_OK);
    assert_int_equal(g.n, 3);
    assert_int_equal(g.row[0], 1);
    assert_int_equal(g.ncells[0], 4);
    assert_string_equal(g.cell[0][0], "CF_WSH");
    assert_string_equal(g.cell[0][1], "CF_JDRQ"); /* inline */
    assert_string_equal(g.cell[0][2], "");        /* a gap */
    assert_string_equal(g.cell[0][3], "x");       /* a formula's cached text, not the formula */
    assert_int_equal(g.row[1], 3);                /* row 2 absent */
    assert_string_equal(g.cell[1][0], "武汉 市 "); /* runs joined, the phonetic guide left out */
    assert_string_equal(g.cell[1][1], "2023-03-15");          /* numFmt 14 */
    assert_string_equal(g.cell[1][2], "2023-03-15 12:00:00"); /* a custom 年月日 format */
    assert_string_equal(g.cell[1][3], "1");                   /* a boolean as stored */
    assert_int_equal(g.row[2], 4);                            /* no r: the next row */
    assert_string_equal(g.cell[2][0], "a\rb");                /* _x000D_ */
    assert_string_equal(g.cell[2][1], "#N/A");
    /* Cut anywhere, it is refused with a reason and never read past its end. */
    for (size_t cut = 0; cut < len; cut += 97) {
        struct got h = {0};
        struct xy_error e = {0};
        int rc = xy_xlsx_read(data, cut, on_row, &h, &e);
        assert_int_not_equal(rc, XY_OK);
        assert_true(e.msg[0] != '\0');
    }
    free(data);
}

struct brow {
    int rows, field;
    char doc[64];
};

static int on_batch_row(void *ctx, long row, const struct xy_cell *cells, const struct xy_row_errors *pre)
{
    struct brow *b = ctx;
    (void)row;
    assert_null(pre);
    b->rows++;
    snprintf(b->doc, sizeof b->doc, "%.*s", (int)cells[b->field].n, cells[b->field].p ? cells[b->field].p : "");
    return 0;
}

static void test_batch_reader(void **state)
{
    (void)state;
    struct xy_catalog *cat = load_test_catalog();
    assert_non_null(cat);
    const struct xy_class *cls = xy_catalog_class(cat, "penalty");
    int doc = -1;
    for (size_t i = 0; i < cls->nfields; i++)
        if (strcmp(cls->fields[i].key, "doc_no") == 0)
            doc = (int)i;
    assert_true(doc >= 0);
    const char *head[128];
    assert_true(cls->nfields <= 128);
    for (size_t i = 0; i < cls->nfields; i++)
        head[i] = cls->fields[i].code; /* the header names every field, mandatory ones included */
    struct xy_xlsx *x;
    struct xy_buf out;
    struct xy_error err = {0};
    xy_buf_init(&out, 1u << 24);
    assert_int_equal(xy_xlsx_open(&x, &err), XY_OK);
    assert_int_equal(xy_xlsx_sheet(x, "s", head, NULL, cls->nfields), XY_OK);
    assert_int_equal(xy_xlsx_text(x, (size_t)doc, "武市监罚〔2026〕1号"), XY_OK);
    assert_int_equal(xy_xlsx_row_end(x), XY_OK);
    assert_int_equal(xy_xlsx_finish(x, &out, &err), XY_OK);
    /* Fed one byte at a time, as AUTO and even as CSV: the bytes say it is a workbook. */
    enum xy_batch_format fmts[] = {XY_BATCH_AUTO, XY_BATCH_CSV, XY_BATCH_XLSX};
    for (size_t f = 0; f < 3; f++) {
        struct brow b = {.field = doc};
        struct xy_batch_reader *r = xy_batch_reader_new(cls, fmts[f], on_batch_row, &b);
        for (size_t i = 0; i < out.len; i++)
            assert_int_equal(xy_batch_reader_feed(r, out.data + i, 1, &err), XY_OK);
        assert_int_equal(xy_batch_reader_finish(r, &err), XY_OK);
        assert_string_equal(xy_batch_reader_format(r), "xlsx");
        assert_int_equal(b.rows, 1);
        assert_string_equal(b.doc, "武市监罚〔2026〕1号");
        xy_batch_reader_free(r);
    }
    /* Said to be XLSX but not one; and a workbook too short to be one. */
    struct brow b = {.field = doc};
    struct xy_batch_reader *r = xy_batch_reader_new(cls, XY_BATCH_XLSX, on_batch_row, &b);
    assert_int_equal(xy_batch_reader_feed(r, "CF_WSH\n", 7, &err), XY_EINVAL);
    assert_non_null(strstr(err.msg, "not an XLSX workbook"));
    xy_batch_reader_free(r);
    r = xy_batch_reader_new(cls, XY_BATCH_AUTO, on_batch_row, &b);
    assert_int_equal(xy_batch_reader_feed(r, out.data, 100, &err), XY_OK);
    assert_int_equal(xy_batch_reader_finish(r, &err), XY_EINVAL);
    assert_non_null(strstr(err.msg, "truncated"));
    xy_batch_reader_free(r);
    xy_buf_release(&out);
    xy_catalog_free(cat);
}

/* Out of memory at every allocation in turn (expat's go through the wrapper too): refused as
 * XY_ENOMEM, never a crash or a leak, until enough memory reads the workbook whole. */
static void test_oom(void **state)
{
    (void)state;
#ifndef XY_FAULTS
    skip(); /* needs -DXY_FAULTS=ON */
#else
    char path[4096];
    size_t len;
    snprintf(path, sizeof path, "%s/unit-features.xlsx", getenv("XY_TEST_DATA"));
    char *data = read_all(path, &len);
    assert_non_null(data);
    long n;
    for (n = 1; n < 100000; n++) {
        struct got g = {0};
        struct xy_error err = {0};
        xy_alloc_fail_at(n);
        int rc = xy_xlsx_read(data, len, on_row, &g, &err);
        xy_alloc_fail_at(0);
        if (rc == XY_OK) {
            assert_int_equal(g.n, 3);
            break;
        }
        /* expat reports a failed allocation as its own error: the wrapper says what happened */
        assert_true(rc == XY_ENOMEM || (rc == XY_EINVAL && xy_alloc_failed()));
    }
    assert_true(n > 3);
    free(data);
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_features),
        cmocka_unit_test(test_batch_reader),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
