/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of src/app/batchfile.c: CSV and JSON Lines batches of the penalty class of the real
 * catalogue ($XY_CATALOG), in UTF-8, UTF-8 with BOM and GB18030, fed whole and in pieces down to
 * one byte at a time. Data files: tests/data/unit-penalty-{utf8,gbk}.csv ($XY_TEST_DATA); the GBK
 * one was made with `iconv -f UTF-8 -t GB18030`. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"
#include <errno.h>
#include <iconv.h>

#include "app/batchfile.h"
#include "common/xy_alloc.h"
#include "common/xy_buf.h"
#include "common/xy_error.h"
#include "common/xy_money.h"
#include "common/xy_utf8.h"
#include "core/catalog.h"

static struct xy_catalog *g_cat;
static const struct xy_class *g_pen;

/* ---- fixtures ----------------------------------------------------------------------------- */

static char *read_data(const char *name, size_t *len)
{
    const char *dir = getenv("XY_TEST_DATA");
    char path[4096];
    if (!dir)
        fail_msg("XY_TEST_DATA is not set (run through ctest)");
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *s = read_all(path, len);
    if (!s)
        fail_msg("cannot read %s", path);
    return s;
}

static int group_setup(void **state)
{
    (void)state;
    g_cat = load_test_catalog();
    g_pen = g_cat ? xy_catalog_class(g_cat, "penalty") : NULL;
    return g_pen ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    xy_catalog_free(g_cat);
    return 0;
}

/* ---- collecting rows ---------------------------------------------------------------------- */

#define MAXF 64

struct row {
    long num;
    char *cell[MAXF]; /* NULL when the cell is absent */
    size_t len[MAXF];
    int npre;
    int pre_field[XY_ROW_MAX_ERRORS];
    char pre_code[XY_ROW_MAX_ERRORS][24];
    char pre_reason0[320];
};

struct collect {
    struct row *rows;
    size_t n, cap;
    size_t stop_after; /* return stop_rc once this many rows arrived; 0 = never */
    int stop_rc;
    char enc[32];
    char fmt[16];
    long reader_rows;
};

static int on_row(void *ctx, long num, const struct xy_cell *cells, const struct xy_row_errors *pre)
{
    struct collect *col = ctx;
    if (col->n == col->cap) {
        size_t cap = col->cap ? col->cap * 2 : 16;
        struct row *nr = realloc(col->rows, cap * sizeof *nr);
        assert_non_null(nr);
        col->rows = nr;
        col->cap = cap;
    }
    struct row *r = &col->rows[col->n++];
    memset(r, 0, sizeof *r);
    r->num = num;
    for (size_t i = 0; i < g_pen->nfields; i++) {
        if (!cells[i].p)
            continue;
        r->cell[i] = malloc(cells[i].n + 1);
        assert_non_null(r->cell[i]);
        memcpy(r->cell[i], cells[i].p, cells[i].n);
        r->cell[i][cells[i].n] = '\0';
        r->len[i] = cells[i].n;
    }
    if (pre) {
        assert_true(pre->n > 0);
        r->npre = pre->n;
        for (int i = 0; i < pre->n; i++) {
            r->pre_field[i] = pre->e[i].field;
            snprintf(r->pre_code[i], sizeof r->pre_code[i], "%s", pre->e[i].code);
        }
        snprintf(r->pre_reason0, sizeof r->pre_reason0, "%s", pre->e[0].reason);
    }
    if (col->stop_after && col->n >= col->stop_after)
        return col->stop_rc;
    return 0;
}

static void collect_free(struct collect *col)
{
    for (size_t i = 0; i < col->n; i++)
        for (size_t f = 0; f < MAXF; f++)
            free(col->rows[i].cell[f]);
    free(col->rows);
    memset(col, 0, sizeof *col);
}

/* Feeds data in pieces of `chunk` bytes (0: all at once), then finishes. Returns the first error.
 */
static int run(enum xy_batch_format fmt, const char *data, size_t len, size_t chunk,
               struct collect *col, struct xy_error *err)
{
    int rc = XY_OK;
    assert_true(g_pen->nfields <= MAXF);
    struct xy_batch_reader *r = xy_batch_reader_new(g_pen, fmt, on_row, col);
    assert_non_null(r);
    xy_error_clear(err);
    if (chunk == 0)
        chunk = len ? len : 1;
    for (size_t off = 0; off < len && !rc; off += chunk)
        rc = xy_batch_reader_feed(r, data + off, len - off < chunk ? len - off : chunk, err);
    if (!rc)
        rc = xy_batch_reader_finish(r, err);
    snprintf(col->enc, sizeof col->enc, "%s", xy_batch_reader_encoding(r));
    snprintf(col->fmt, sizeof col->fmt, "%s", xy_batch_reader_format(r));
    col->reader_rows = xy_batch_reader_rows(r);
    xy_batch_reader_free(r);
    return rc;
}

/* Runs and requires success. */
static void run_ok(enum xy_batch_format fmt, const char *data, size_t len, size_t chunk,
                   struct collect *col)
{
    struct xy_error err;
    int rc = run(fmt, data, len, chunk, col, &err);
    if (rc)
        fail_msg("batch failed (rc %d, chunk %zu): %s", rc, chunk, err.msg);
}

static int fidx(const char *code)
{
    int i = xy_class_field_lookup(g_pen, code, strlen(code));
    if (i < 0)
        fail_msg("no field %s", code);
    return i;
}

/* The cell of field `code` in row i (0-based index into what arrived), or NULL when absent. */
static const char *cell(const struct collect *col, size_t i, const char *code)
{
    assert_true(i < col->n);
    return col->rows[i].cell[fidx(code)];
}

static void assert_same_rows(const struct collect *a, const struct collect *b, const char *what)
{
    if (a->n != b->n)
        fail_msg("%s: %zu rows vs %zu", what, a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        const struct row *x = &a->rows[i], *y = &b->rows[i];
        if (x->num != y->num)
            fail_msg("%s: row %zu numbered %ld vs %ld", what, i, x->num, y->num);
        for (size_t f = 0; f < g_pen->nfields; f++) {
            if (!x->cell[f] != !y->cell[f])
                fail_msg("%s: row %ld field %s present in one only", what, x->num,
                         g_pen->fields[f].code);
            if (x->cell[f] &&
                (x->len[f] != y->len[f] || memcmp(x->cell[f], y->cell[f], x->len[f]) != 0))
                fail_msg("%s: row %ld field %s: \"%s\" vs \"%s\"", what, x->num,
                         g_pen->fields[f].code, x->cell[f], y->cell[f]);
        }
        if (x->npre != y->npre)
            fail_msg("%s: row %ld: %d vs %d pre-errors", what, x->num, x->npre, y->npre);
        for (int e = 0; e < x->npre; e++)
            if (x->pre_field[e] != y->pre_field[e] || strcmp(x->pre_code[e], y->pre_code[e]) != 0)
                fail_msg("%s: row %ld pre-error %d differs", what, x->num, e);
    }
}

static int has_pre(const struct row *r, int field, const char *code)
{
    for (int i = 0; i < r->npre; i++)
        if (r->pre_field[i] == field && strcmp(r->pre_code[i], code) == 0)
            return 1;
    return 0;
}

/* Converts UTF-8 to GB18030 with iconv(3). Caller frees with free(). */
static char *to_gb18030(const char *in, size_t len, size_t *outlen)
{
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    assert_true(cd != (iconv_t)-1);
    size_t cap = len * 2 + 16;
    char *out = malloc(cap);
    assert_non_null(out);
    char *ip = (char *)(uintptr_t)in, *op = out;
    size_t il = len, ol = cap;
    size_t k = iconv(cd, &ip, &il, &op, &ol);
    if (k == (size_t)-1)
        fail_msg("iconv: %s", strerror(errno));
    iconv_close(cd);
    *outlen = (size_t)(op - out);
    return out;
}

/* ---- sample data -------------------------------------------------------------------------- */

#define HEADER_CODES                                                                               \
    "CF_XDR_MC,CF_XDR_LB,CF_XDR_SHXYM,CF_FRDB,CF_WSH,CF_WFXW,CF_SY,CF_YJ,CF_CFLB,CF_NR,CF_NR_FK,"  \
    "CF_JDRQ,"                                                                                     \
    "CF_YXQ,CF_CFJG,CF_CFJGDM,CF_SJLY,CF_SJLYDM"
#define ROW1                                                                                                                    \
    "武汉华鑫科技有限公司,法人及非法人组织,91420684MA4927PJ7B,张伟,武市监罚〔2024〕101号,"           \
    "无照经营,"                                                                                                             \
    "\"当事人未取得营业执照，从事经营活动\",《无证无照经营查处办法》第十三条,罚款；警告," \
    "罚款2000元并警告,0.2,"                                                                                               \
    "2024-03-05,2024/3/"                                                                                                        \
    "20,武汉市市场监督管理局,11230500001755309F,武汉市市场监督管理局,11230500001755309F"
#define ROW2                                                                                                             \
    "李明,自然人,,,武市监罚〔2024〕102号,违规经营,\"当事人违规销售\"\"过期\"\"食品\","        \
    "《食品安全法》第一百二十二条,警告,警告,,2024年5月1日,20240601,武汉市市场监督管理局," \
    "11230500001755309F,"                                                                                                \
    "武汉市市场监督管理局,11230500001755309F"

static const char SAMPLE[] = HEADER_CODES "\n" ROW1 "\n" ROW2 "\n";

/* The sample with its header spelled another way: 0 codes, 1 Chinese names, 2 English keys. */
static char *sample_with_header(int how, size_t *len)
{
    struct xy_buf b;
    xy_buf_init(&b, 1u << 20);
    const char *p = HEADER_CODES;
    for (int first = 1; *p; first = 0) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        int f = xy_class_field_lookup(g_pen, p, n);
        assert_true(f >= 0);
        const char *name = how == 0   ? g_pen->fields[f].code
                           : how == 1 ? g_pen->fields[f].name_zh
                                      : g_pen->fields[f].key;
        if (!first)
            assert_int_equal(xy_buf_addc(&b, ','), XY_OK);
        assert_int_equal(xy_buf_addz(&b, name), XY_OK);
        p += n;
        if (*p == ',')
            p++;
    }
    assert_int_equal(xy_buf_addz(&b, "\n" ROW1 "\n" ROW2 "\n"), XY_OK);
    *len = b.len;
    char *s = xy_buf_take(&b);
    assert_non_null(s);
    return s;
}

static void check_sample_rows(const struct collect *col)
{
    assert_int_equal(col->n, 2);
    assert_int_equal(col->reader_rows, 2);
    assert_int_equal(col->rows[0].num, 1);
    assert_int_equal(col->rows[1].num, 2);
    assert_string_equal(cell(col, 0, "CF_XDR_MC"), "武汉华鑫科技有限公司");
    assert_string_equal(cell(col, 0, "CF_XDR_LB"), "法人及非法人组织");
    assert_string_equal(cell(col, 0, "CF_SY"), "当事人未取得营业执照，从事经营活动");
    assert_string_equal(cell(col, 0, "CF_CFLB"), "罚款；警告");
    assert_string_equal(cell(col, 0, "CF_NR_FK"), "0.2");
    assert_string_equal(cell(col, 0, "CF_SJLYDM"), "11230500001755309F");
    assert_string_equal(cell(col, 1, "CF_XDR_MC"), "李明");
    assert_string_equal(cell(col, 1, "CF_XDR_SHXYM"), ""); /* a column with an empty value */
    assert_string_equal(cell(col, 1, "CF_SY"), "当事人违规销售\"过期\"食品");
    assert_string_equal(cell(col, 1, "CF_JDRQ"), "2024年5月1日");
    /* columns not in the header are absent */
    assert_null(cell(col, 0, "CF_XDR_ZJHM"));
    assert_null(cell(col, 0, "BZ"));
    assert_int_equal(col->rows[0].npre, 0);
    assert_int_equal(col->rows[1].npre, 0);
}

/* ---- CSV ---------------------------------------------------------------------------------- */

static void test_csv_headers(void **state)
{
    struct collect base = {0}, other = {0};
    (void)state;
    run_ok(XY_BATCH_CSV, SAMPLE, strlen(SAMPLE), 0, &base);
    check_sample_rows(&base);
    assert_string_equal(base.enc, "UTF-8");
    assert_string_equal(base.fmt, "csv");
    for (int how = 0; how < 3; how++) {
        size_t len;
        char *s = sample_with_header(how, &len);
        run_ok(XY_BATCH_CSV, s, len, 0, &other);
        assert_same_rows(&base, &other,
                         how == 0   ? "codes"
                         : how == 1 ? "Chinese names"
                                    : "English keys");
        collect_free(&other);
        xy_free(s);
    }
    /* codes and keys in other cases, with spaces around the header names */
    static const char mixed[] =
        "cf_xdr_mc , Cf_Xdr_Lb,party_uscc,LEGAL_REP,doc_no,CF_WFXW,CF_SY,CF_YJ,CF_CFLB,"
        "CF_NR,CF_NR_FK,CF_JDRQ,CF_YXQ,CF_CFJG,CF_CFJGDM,CF_SJLY,CF_SJLYDM\n" ROW1 "\n" ROW2 "\n";
    run_ok(XY_BATCH_AUTO, mixed, strlen(mixed), 0, &other);
    assert_string_equal(other.fmt, "csv");
    assert_same_rows(&base, &other, "mixed case");
    collect_free(&other);
    collect_free(&base);
}

static void test_csv_bom_and_files(void **state)
{
    struct collect base = {0}, other = {0};
    (void)state;
    run_ok(XY_BATCH_CSV, SAMPLE, strlen(SAMPLE), 0, &base);

    /* UTF-8 with BOM */
    size_t n = strlen(SAMPLE);
    char *bom = malloc(n + 3);
    assert_non_null(bom);
    memcpy(bom, "\xEF\xBB\xBF", 3);
    memcpy(bom + 3, SAMPLE, n);
    run_ok(XY_BATCH_CSV, bom, n + 3, 0, &other);
    assert_string_equal(other.enc, "UTF-8 (BOM)");
    assert_same_rows(&base, &other, "BOM");
    collect_free(&other);
    run_ok(XY_BATCH_CSV, bom, n + 3, 1, &other);
    assert_same_rows(&base, &other, "BOM, byte by byte");
    collect_free(&other);
    free(bom);

    /* the data files: UTF-8 and its GB18030 conversion by iconv(1) */
    size_t ulen, glen;
    char *u = read_data("unit-penalty-utf8.csv", &ulen);
    char *g = read_data("unit-penalty-gbk.csv", &glen);
    assert_true(glen < ulen); /* really converted: two bytes per Chinese character */
    run_ok(XY_BATCH_AUTO, u, ulen, 0, &other);
    assert_string_equal(other.enc, "UTF-8");
    check_sample_rows(&other);
    collect_free(&other);
    run_ok(XY_BATCH_AUTO, g, glen, 0, &other);
    assert_string_equal(other.enc, "GB18030");
    assert_string_equal(other.fmt, "csv");
    check_sample_rows(&other);
    collect_free(&other);
    run_ok(XY_BATCH_AUTO, g, glen, 1, &other);
    check_sample_rows(&other);
    collect_free(&other);
    free(u);
    free(g);
    collect_free(&base);
}

static void test_csv_gb18030_iconv(void **state)
{
    struct collect base = {0}, other = {0};
    (void)state;
    run_ok(XY_BATCH_CSV, SAMPLE, strlen(SAMPLE), 0, &base);
    size_t glen;
    char *g = to_gb18030(SAMPLE, strlen(SAMPLE), &glen);
    static const size_t chunks[] = {0, 1, 2, 3, 5, 64};
    for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
        run_ok(XY_BATCH_CSV, g, glen, chunks[i], &other);
        assert_string_equal(other.enc, "GB18030");
        assert_same_rows(&base, &other, "GB18030");
        collect_free(&other);
    }
    free(g);
    collect_free(&base);
}

/* Over 64 KiB, so that most of the input is decoded after the encoding is decided, with a
 * 4-byte GB18030 character (U+20000) and `pad` bytes shifting where the pieces are cut. */
static char *big_sample(size_t rows, int pad, size_t *len)
{
    struct xy_buf b;
    char line[1024];
    xy_buf_init(&b, 64u << 20);
    assert_int_equal(xy_buf_addz(&b, HEADER_CODES ",BZ\n"), XY_OK);
    for (size_t i = 0; i < rows; i++) {
        snprintf(
            line, sizeof line,
            "武汉𠀀科技有限公司第%zu分公司,法人,91420684MA4927PJ7B,张伟,武市监罚〔2024〕%zu号,"
            "无照经营,"
            "\"当事人未取得营业执照，\n从事经营活动\",《办法》第十三条,罚款,罚款2000元,0.2,2024-03-"
            "05,"
            "2024/3/"
            "20,武汉市市场监督管理局,11230500001755309F,武汉市市场监督管理局,11230500001755309F,"
            "%.*s备注\n",
            i, i, i == 0 ? pad : 0, "xxxxxxxx");
        assert_int_equal(xy_buf_addz(&b, line), XY_OK);
    }
    *len = b.len;
    char *s = xy_buf_take(&b);
    assert_non_null(s);
    return s;
}

static void test_feed_pieces(void **state)
{
    (void)state;
    static const size_t chunks[] = {1, 2, 3, 7, 4096, 65535, 65536, 65537};
    for (int pad = 0; pad < 4; pad++) {
        size_t ulen, glen;
        char *u = big_sample(600, pad, &ulen);
        char *g = to_gb18030(u, ulen, &glen);
        assert_true(glen > 65536 + 4096);
        struct collect whole = {0}, gwhole = {0}, piece = {0};
        run_ok(XY_BATCH_CSV, u, ulen, 0, &whole);
        assert_int_equal(whole.n, 600);
        assert_string_equal(cell(&whole, 599, "CF_XDR_MC"), "武汉𠀀科技有限公司第599分公司");
        assert_string_equal(cell(&whole, 599, "CF_SY"), "当事人未取得营业执照，\n从事经营活动");
        assert_int_equal(whole.rows[599].num, 600);
        run_ok(XY_BATCH_CSV, g, glen, 0, &gwhole);
        assert_string_equal(gwhole.enc, "GB18030");
        assert_same_rows(&whole, &gwhole, "GB18030 whole");
        for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
            /* byte by byte only for one padding: it is slow under ASan */
            if (chunks[c] == 1 && pad != 0)
                continue;
            run_ok(XY_BATCH_CSV, u, ulen, chunks[c], &piece);
            assert_string_equal(piece.enc, "UTF-8");
            assert_same_rows(&whole, &piece, "UTF-8 in pieces");
            collect_free(&piece);
            run_ok(XY_BATCH_CSV, g, glen, chunks[c], &piece);
            assert_string_equal(piece.enc, "GB18030");
            assert_same_rows(&whole, &piece, "GB18030 in pieces");
            collect_free(&piece);
        }
        collect_free(&whole);
        collect_free(&gwhole);
        free(g);
        xy_free(u);
    }
}

static void test_csv_quoting(void **state)
{
    struct collect col = {0};
    (void)state;
    static const char data[] = HEADER_CODES
        ",BZ\r\n"
        "\"甲,乙\",法人,91420684MA4927PJ7B,\"张\"\"伟\"\"\",W1,x,\"多\r\n行\n事实\",y,罚款,z,"
        "\"0.2\",2024-03-05,2024-03-20,a,11230500001755309F,b,11230500001755309F,\"\"\r\n"
        "丙,法人,,,W2,x,\"\",y,罚款,z,,2024-03-05,2024-03-20,a,11230500001755309F,b,"
        "11230500001755309F, 前后空格 \r\n";
    run_ok(XY_BATCH_CSV, data, strlen(data), 0, &col);
    assert_int_equal(col.n, 2);
    assert_string_equal(cell(&col, 0, "CF_XDR_MC"), "甲,乙");
    assert_string_equal(cell(&col, 0, "CF_FRDB"), "张\"伟\"");
    assert_string_equal(cell(&col, 0, "CF_SY"), "多\r\n行\n事实");
    assert_string_equal(cell(&col, 0, "CF_NR_FK"), "0.2");
    assert_string_equal(cell(&col, 0, "BZ"), "");
    assert_string_equal(cell(&col, 1, "CF_XDR_MC"), "丙");
    assert_string_equal(cell(&col, 1, "CF_SY"), "");
    assert_string_equal(cell(&col, 1, "CF_SJLYDM"), "11230500001755309F"); /* no \r left over */
    assert_non_null(strstr(cell(&col, 1, "BZ"), "前后空格"));
    assert_int_equal(col.rows[1].num, 2);
    struct collect bytes = {0};
    run_ok(XY_BATCH_CSV, data, strlen(data), 1, &bytes);
    assert_same_rows(&col, &bytes, "quoted, byte by byte");
    collect_free(&bytes);
    collect_free(&col);
}

static void test_csv_blank_lines(void **state)
{
    struct collect col = {0};
    (void)state;
    static const char data[] = HEADER_CODES "\n\n" ROW1 "\n\n\n,,,,\n" ROW2 "\n\n";
    run_ok(XY_BATCH_CSV, data, strlen(data), 0, &col);
    assert_int_equal(col.n, 2);
    assert_int_equal(col.reader_rows, 2);
    assert_int_equal(col.rows[0].num, 1);
    assert_int_equal(col.rows[1].num, 2);
    assert_string_equal(cell(&col, 1, "CF_XDR_MC"), "李明");
    collect_free(&col);

    /* no newline after the last row */
    static const char nonl[] = HEADER_CODES "\n" ROW1 "\n" ROW2;
    run_ok(XY_BATCH_CSV, nonl, strlen(nonl), 0, &col);
    assert_int_equal(col.n, 2);
    assert_string_equal(cell(&col, 1, "CF_SJLYDM"), "11230500001755309F");
    collect_free(&col);

    /* a header and nothing else: fine, no rows */
    static const char header_only[] = HEADER_CODES "\n";
    run_ok(XY_BATCH_CSV, header_only, strlen(header_only), 0, &col);
    assert_int_equal(col.n, 0);
    collect_free(&col);
}

static void test_csv_header_errors(void **state)
{
    struct collect col = {0};
    struct xy_error err;
    (void)state;
    static const char unknown[] = HEADER_CODES ",CF_NOPE\n" ROW1 ",x\n";
    assert_int_equal(run(XY_BATCH_CSV, unknown, strlen(unknown), 0, &col, &err), XY_EINVAL);
    assert_int_equal(err.rc, XY_EINVAL);
    assert_non_null(strstr(err.msg, "CF_NOPE"));
    assert_non_null(strstr(err.msg, "(header column 18 is not a field of class "));
    assert_bilingual(err.msg);
    assert_int_equal(col.n, 0);
    collect_free(&col);
    /* the same, byte by byte */
    assert_int_equal(run(XY_BATCH_CSV, unknown, strlen(unknown), 1, &col, &err), XY_EINVAL);
    assert_non_null(strstr(err.msg, "CF_NOPE"));
    assert_int_equal(col.n, 0);
    collect_free(&col);

    /* a mandatory column missing (CF_WSH removed) */
    static const char missing[] =
        "CF_XDR_MC,CF_XDR_LB,CF_XDR_SHXYM,CF_FRDB,CF_WFXW,CF_SY,CF_YJ,CF_CFLB,CF_NR,"
        "CF_NR_FK,CF_JDRQ,CF_YXQ,CF_CFJG,CF_CFJGDM,CF_SJLY,CF_SJLYDM\n"
        "a,法人,91420684MA4927PJ7B,b,c,d,e,罚款,f,0.2,2024-03-05,2024-03-06,g,"
        "11230500001755309F,h,11230500001755309F\n";
    assert_int_equal(run(XY_BATCH_CSV, missing, strlen(missing), 0, &col, &err), XY_EINVAL);
    assert_non_null(strstr(err.msg, "CF_WSH"));
    assert_bilingual(err.msg);
    assert_int_equal(col.n, 0);
    collect_free(&col);

    /* the same field twice (by code and by key) */
    static const char twice[] = HEADER_CODES ",doc_no\n" ROW1 ",x\n";
    assert_int_equal(run(XY_BATCH_CSV, twice, strlen(twice), 0, &col, &err), XY_EINVAL);
    assert_non_null(strstr(err.msg, "doc_no"));
    assert_bilingual(err.msg);
    collect_free(&col);

    /* an unknown column named by 100 Chinese characters: the Chinese part shows 20 of them, whole,
     * and the English part names the column by its number only */
    char longhead[sizeof HEADER_CODES + 310];
    int hn = snprintf(longhead, sizeof longhead, "%s,", HEADER_CODES);
    for (int i = 0; i < 100; i++)
        hn += snprintf(longhead + hn, sizeof longhead - (size_t)hn, "汉");
    snprintf(longhead + hn, sizeof longhead - (size_t)hn, "\n");
    assert_int_equal(run(XY_BATCH_CSV, longhead, strlen(longhead), 0, &col, &err), XY_EINVAL);
    assert_bilingual(err.msg);
    assert_true(xy_utf8_valid(err.msg, strlen(err.msg)));
    assert_non_null(strstr(err.msg, "“汉汉汉汉汉汉汉汉汉汉汉汉汉汉汉汉汉汉汉汉”"));
    collect_free(&col);

    /* an empty file */
    assert_int_equal(run(XY_BATCH_CSV, "", 0, 0, &col, &err), XY_EINVAL);
    assert_string_equal(err.msg, "文件为空：CSV 批次须以表头行开始 (the file is empty: a CSV batch starts with a header row)");
    collect_free(&col);
    assert_int_equal(run(XY_BATCH_AUTO, "\n\n", 2, 0, &col, &err), XY_EINVAL);
    collect_free(&col);
    /* a BOM and nothing else */
    assert_int_equal(run(XY_BATCH_CSV, "\xEF\xBB\xBF", 3, 0, &col, &err), XY_EINVAL);
    collect_free(&col);
}

static void test_csv_ignored_and_extra(void **state)
{
    struct collect base = {0}, col = {0};
    (void)state;
    run_ok(XY_BATCH_CSV, SAMPLE, strlen(SAMPLE), 0, &base);
    static const char meta[] =
        "ID,RESOURCE_ID," HEADER_CODES ",CHECK_FLAG\n"
        "0123456789abcdef0123456789abcdef,DIR-20180902-164730-458," ROW1 ",1\n"
        "fedcba9876543210fedcba9876543210,DIR-20180902-164730-458," ROW2 ",0\n";
    run_ok(XY_BATCH_CSV, meta, strlen(meta), 0, &col);
    assert_same_rows(&base, &col, "metadata columns");
    for (size_t f = 0; f < g_pen->nfields; f++)
        if (col.rows[0].cell[f])
            assert_null(strstr(col.rows[0].cell[f], "DIR-2018"));
    collect_free(&col);

    /* a value past the header: a pre-error on that row only */
    static const char extra[] = HEADER_CODES "\n" ROW1 ",多出来的\n" ROW2 "\n";
    run_ok(XY_BATCH_CSV, extra, strlen(extra), 0, &col);
    assert_int_equal(col.n, 2);
    assert_int_equal(col.rows[0].npre, 1);
    assert_true(has_pre(&col.rows[0], -1, "extra_field"));
    assert_non_null(strstr(col.rows[0].pre_reason0, "18"));
    assert_string_equal(cell(&col, 0, "CF_XDR_MC"),
                        "武汉华鑫科技有限公司"); /* cells still delivered */
    assert_int_equal(col.rows[1].npre, 0);
    collect_free(&col);

    /* an empty value past the header is no problem */
    static const char trailing[] = HEADER_CODES "\n" ROW1 ",\n" ROW2 ",,\n";
    run_ok(XY_BATCH_CSV, trailing, strlen(trailing), 0, &col);
    assert_int_equal(col.rows[0].npre, 0);
    assert_int_equal(col.rows[1].npre, 0);
    collect_free(&col);

    /* an unnamed header column must stay empty */
    static const char unnamed[] = HEADER_CODES ",\n" ROW1 ",值\n" ROW2 ",\n";
    run_ok(XY_BATCH_CSV, unnamed, strlen(unnamed), 0, &col);
    assert_true(has_pre(&col.rows[0], -1, "extra_field"));
    assert_int_equal(col.rows[1].npre, 0);
    collect_free(&col);

    /* a short row: the missing trailing cells are absent */
    static const char short_row[] = HEADER_CODES "\n李明,自然人\n";
    run_ok(XY_BATCH_CSV, short_row, strlen(short_row), 0, &col);
    assert_int_equal(col.n, 1);
    assert_string_equal(cell(&col, 0, "CF_XDR_LB"), "自然人");
    assert_null(cell(&col, 0, "CF_SJLYDM"));
    assert_int_equal(col.rows[0].npre, 0);
    collect_free(&col);
    collect_free(&base);
}

static void test_csv_limits(void **state)
{
    struct collect col = {0};
    struct xy_error err;
    (void)state;
    const size_t big = XY_BATCH_MAX_LINE + 100;        /* over the record limit */
    const size_t huge = XY_BATCH_MAX_LINE + 64 * 1024; /* over libcsv's field buffer limit too */
    const size_t hl = strlen(HEADER_CODES "\n");
    char *data = malloc(hl + huge + 8);
    assert_non_null(data);
    memcpy(data, HEADER_CODES "\n", hl);

    /* an unquoted field over the limit */
    memset(data + hl, 'a', big);
    memcpy(data + hl + big, ",b\n", 3);
    assert_int_equal(run(XY_BATCH_CSV, data, hl + big + 3, 0, &col, &err), XY_ETOOBIG);
    assert_int_equal(err.rc, XY_ETOOBIG);
    assert_int_equal(col.n, 0);
    collect_free(&col);
    assert_int_equal(run(XY_BATCH_CSV, data, hl + big + 3, 65536, &col, &err), XY_ETOOBIG);
    assert_int_equal(col.n, 0);
    collect_free(&col);

    /* a quote that never closes, fed in pieces */
    data[hl] = '"';
    memset(data + hl + 1, 'q', huge - 1);
    assert_int_equal(run(XY_BATCH_CSV, data, hl + huge, 100000, &col, &err), XY_ETOOBIG);
    assert_int_equal(col.n, 0);
    collect_free(&col);
    /* once failed, the reader keeps failing */
    struct xy_batch_reader *r = xy_batch_reader_new(g_pen, XY_BATCH_CSV, on_row, &col);
    assert_non_null(r);
    xy_error_clear(&err);
    assert_int_equal(xy_batch_reader_feed(r, data, hl + huge, &err), XY_ETOOBIG);
    assert_int_equal(xy_batch_reader_feed(r, "x\n", 2, &err), XY_ETOOBIG);
    assert_int_equal(xy_batch_reader_finish(r, &err), XY_ETOOBIG);
    xy_batch_reader_free(r);
    collect_free(&col);

    /* just under the limit is fine, and the field arrives whole */
    const size_t ok = 1000000;
    memset(data + hl, 'a', ok);
    memcpy(data + hl + ok, "\n", 1);
    run_ok(XY_BATCH_CSV, data, hl + ok + 1, 0, &col);
    assert_int_equal(col.n, 1);
    assert_int_equal(col.rows[0].len[fidx("CF_XDR_MC")], ok);
    collect_free(&col);
    free(data);
}

static void test_callback_stops(void **state)
{
    struct collect col = {0};
    struct xy_error err;
    (void)state;
    static const char data[] = HEADER_CODES "\n" ROW1 "\n" ROW2 "\n" ROW1 "\n";
    col.stop_after = 2;
    col.stop_rc = 1234;
    assert_int_equal(run(XY_BATCH_CSV, data, strlen(data), 0, &col, &err), 1234);
    assert_int_equal(col.n, 2);
    collect_free(&col);
    static const char jdata[] = "{\"CF_WSH\":\"1\"}\n{\"CF_WSH\":\"2\"}\n{\"CF_WSH\":\"3\"}\n";
    col.stop_after = 1;
    col.stop_rc = 99;
    assert_int_equal(run(XY_BATCH_JSONL, jdata, strlen(jdata), 0, &col, &err), 99);
    assert_int_equal(col.n, 1);
    collect_free(&col);
}

static void test_bad_encoding(void **state)
{
    struct collect col = {0};
    struct xy_error err;
    (void)state;
    /* neither UTF-8 nor GB18030 */
    static const char bad[] = HEADER_CODES "\n\xFF\xFF\xFF,x\n";
    assert_int_equal(run(XY_BATCH_CSV, bad, strlen(bad), 0, &col, &err), XY_EINVAL);
    assert_non_null(strstr(err.msg, "the file is neither UTF-8 nor GB18030/GBK: save it as UTF-8 and resend)"));
    assert_bilingual(err.msg);
    collect_free(&col);
    /* a GB18030 file cut inside a character */
    size_t glen;
    char *g = to_gb18030(SAMPLE, strlen(SAMPLE), &glen);
    g[glen - 1] = '\x81'; /* replace the final newline by a lead byte */
    assert_int_equal(run(XY_BATCH_CSV, g, glen, 0, &col, &err), XY_EINVAL);
    assert_non_null(strstr(err.msg, "GB18030"));
    assert_bilingual(err.msg);
    collect_free(&col);
    free(g);
}

/* ---- JSON Lines --------------------------------------------------------------------------- */

static void test_jsonl_keys(void **state)
{
    struct collect col = {0};
    (void)state;
    static const char data[] =
        "{\"CF_XDR_MC\":\"武汉华鑫科技有限公司\",\"行政相对人类别\":\"法人\",\"doc_no\":\"W1\","
        "\"fine_wan\":0.2,\"CF_NR_WFFF\":12,\"cf_jdrq\":\"2024-03-05\",\"BZ\":null,\"ID\":\"abc\"}"
        "\n"
        "\n"
        "  {\"party_name\":\"李明\",\"CF_NR_FK\":\"0.2\",\"CF_XDR_ZJHM\":360426199101010071}  \r\n"
        "{\"CF_NR_FK\":1.5e1,\"CF_NR_WFFF\":0.000001}";
    run_ok(XY_BATCH_AUTO, data, strlen(data), 0, &col);
    assert_string_equal(col.fmt, "jsonl");
    assert_int_equal(col.n, 3);
    assert_int_equal(col.reader_rows, 3);
    assert_int_equal(col.rows[0].num, 1);
    assert_int_equal(col.rows[1].num, 2); /* the blank line is not a record */
    assert_int_equal(col.rows[2].num, 3);
    assert_string_equal(cell(&col, 0, "CF_XDR_MC"), "武汉华鑫科技有限公司");
    assert_string_equal(cell(&col, 0, "CF_XDR_LB"), "法人");
    assert_string_equal(cell(&col, 0, "CF_WSH"), "W1");
    assert_string_equal(cell(&col, 0, "CF_NR_FK"), "0.2");
    assert_string_equal(cell(&col, 0, "CF_NR_WFFF"), "12");
    assert_string_equal(cell(&col, 0, "CF_JDRQ"), "2024-03-05");
    const char *bz = cell(&col, 0, "BZ");
    assert_true(bz == NULL || bz[0] == '\0'); /* null is empty */
    assert_null(cell(&col, 0, "CF_SY"));
    assert_int_equal(col.rows[0].npre, 0); /* ID is an ignored metadata key */
    assert_string_equal(cell(&col, 1, "CF_XDR_MC"), "李明");
    assert_string_equal(cell(&col, 1, "CF_XDR_ZJHM"), "360426199101010071");
    assert_null(cell(&col, 1, "CF_WSH"));
    assert_int_equal(col.rows[1].npre, 0);
    assert_string_equal(cell(&col, 2, "CF_NR_FK"), "15");
    assert_string_equal(cell(&col, 2, "CF_NR_WFFF"), "0.000001");

    struct collect bytes = {0};
    run_ok(XY_BATCH_JSONL, data, strlen(data), 1, &bytes);
    assert_same_rows(&col, &bytes, "JSON Lines byte by byte");
    collect_free(&bytes);
    collect_free(&col);

    /* the same records in GB18030 */
    size_t glen;
    char *g = to_gb18030(data, strlen(data), &glen);
    run_ok(XY_BATCH_JSONL, g, glen, 0, &bytes);
    assert_string_equal(bytes.enc, "GB18030");
    assert_int_equal(bytes.n, 3);
    assert_string_equal(cell(&bytes, 0, "CF_XDR_MC"), "武汉华鑫科技有限公司");
    collect_free(&bytes);
    free(g);
}

static void test_jsonl_pre_errors(void **state)
{
    struct collect col = {0};
    (void)state;
    static const char data[] =
        "{\"CF_WSH\":\"W1\"}\n"
        "[1,2]\n"
        "{\"CF_WSH\":\"W3\",}\n"
        "\"text\"\n"
        "{\"CF_WSH\":\"W5\",\"nope\":\"x\",\"CF_SY\":true,\"RESOURCE_ID\":\"DIR\"}\n"
        "{\"CF_WSH\":\"W6\",\"CF_WSH\":\"W6b\"}\n"
        "{\"CF_WSH\":\"W7\",\"CF_SY\":{\"a\":1}}\n";
    run_ok(XY_BATCH_JSONL, data, strlen(data), 0, &col);
    assert_int_equal(col.n, 7);
    for (size_t i = 0; i < 7; i++)
        assert_int_equal(col.rows[i].num, (long)i + 1);
    assert_int_equal(col.rows[0].npre, 0);
    assert_string_equal(cell(&col, 0, "CF_WSH"), "W1");
    /* not an object */
    assert_int_equal(col.rows[1].npre, 1);
    assert_true(has_pre(&col.rows[1], -1, "bad_json"));
    /* a syntax error */
    assert_int_equal(col.rows[2].npre, 1);
    assert_true(has_pre(&col.rows[2], -1, "bad_json"));
    assert_true(has_pre(&col.rows[3], -1, "bad_json"));
    /* an unknown key and a value of the wrong type; the metadata key is ignored */
    assert_int_equal(col.rows[4].npre, 2);
    assert_true(has_pre(&col.rows[4], -1, "unknown_field"));
    assert_true(has_pre(&col.rows[4], fidx("CF_SY"), "bad_type"));
    assert_string_equal(cell(&col, 4, "CF_WSH"), "W5");
    /* a duplicate key */
    assert_true(has_pre(&col.rows[5], -1, "bad_json"));
    assert_true(has_pre(&col.rows[6], fidx("CF_SY"), "bad_type"));
    collect_free(&col);

    /* an empty JSON Lines input is no rows, not an error */
    run_ok(XY_BATCH_JSONL, "", 0, 0, &col);
    assert_int_equal(col.n, 0);
    collect_free(&col);
}

static void test_jsonl_limit(void **state)
{
    struct collect col = {0};
    struct xy_error err;
    (void)state;
    const size_t big = XY_BATCH_MAX_LINE + 100;
    char *data = malloc(big + 32);
    assert_non_null(data);
    memcpy(data, "{\"CF_SY\":\"", 10);
    memset(data + 10, 'a', big);
    memcpy(data + 10 + big, "\"}\n", 3);
    assert_int_equal(run(XY_BATCH_JSONL, data, big + 13, 0, &col, &err), XY_ETOOBIG);
    assert_int_equal(err.rc, XY_ETOOBIG);
    assert_int_equal(col.n, 0);
    collect_free(&col);
    assert_int_equal(run(XY_BATCH_JSONL, data, big + 13, 4096, &col, &err), XY_ETOOBIG);
    collect_free(&col);
    free(data);
}

/* A JSON number with more decimals than a fen must not turn into a different, valid amount. */
static void test_jsonl_number_precision(void **state)
{
    struct collect col = {0};
    (void)state;
    static const char data[] = "{\"CF_NR_FK\":1.2345678}\n{\"CF_NR_FK\":0.0000001}\n";
    run_ok(XY_BATCH_JSONL, data, strlen(data), 0, &col);
    assert_int_equal(col.n, 2);
    int silently_changed = 0;
    for (size_t i = 0; i < 2; i++) {
        const char *v = cell(&col, i, "CF_NR_FK");
        int64_t fen;
        assert_non_null(v);
        if (xy_money_parse_wan(v, strlen(v), &fen) == XY_MONEY_OK) {
            fprintf(stderr, "  row %zu: the JSON number became \"%s\" (%lld fen), accepted\n",
                    i + 1, v, (long long)fen);
            silently_changed = 1;
        }
    }
    collect_free(&col);
    if (silently_changed) {
        fail_msg("a JSON number must reach the validator as written, not rounded");
    }
}

/* One field under two names in one JSON line: the CSV reader refuses a repeated column, so the
 * JSON Lines reader should not keep one of two conflicting values without a word. */
static void test_jsonl_same_field_twice(void **state)
{
    struct collect col = {0};
    (void)state;
    static const char data[] = "{\"CF_WSH\":\"W-1\",\"doc_no\":\"W-2\"}\n";
    run_ok(XY_BATCH_JSONL, data, strlen(data), 0, &col);
    assert_int_equal(col.n, 1);
    int reported = col.rows[0].npre > 0;
    if (!reported)
        fprintf(stderr, "  CF_WSH given as CF_WSH and doc_no: kept \"%s\", no pre-error\n",
                cell(&col, 0, "CF_WSH"));
    collect_free(&col);
    if (!reported) {
        fail_msg("one field under two JSON keys must be reported");
    }
}

/* A GB18030 file whose first Chinese character comes after 64 KiB of ASCII rows is still read as
 * GB18030: the encoding is judged where the first non-ASCII byte is, fed whole or in odd pieces. */
static void test_gbk_after_long_ascii(void **state)
{
    (void)state;
    char *buf = malloc(200000);
    assert_non_null(buf);
    size_t n = (size_t)snprintf(buf, 200000, "CF_XDR_MC,CF_WSH,CF_XDR_LB,CF_WFXW,CF_SY,CF_YJ,CF_CFLB,CF_NR,CF_JDRQ,"
                                             "CF_YXQ,CF_CFJG,CF_CFJGDM,CF_SJLY,CF_SJLYDM\n");
    int rows = 0;
    while (n < 70000) {
        n += (size_t)snprintf(buf + n, 200000 - n, "ABC Trading Co Ltd,DOC-%05d,,,,,,,,,,,,\n", rows);
        rows++;
    }
    /* 武汉 in GB18030 (GBK): CE E4 BA BA */
    n += (size_t)snprintf(buf + n, 200000 - n, "\xCE\xE4\xBA\xBA Co,DOC-LAST,,,,,,,,,,,,\n");
    static const size_t chunks[] = {0, 1, 4096, 65535, 65536, 70001};
    for (size_t c = 0; c < sizeof chunks / sizeof *chunks; c++) {
        struct collect col = {0};
        run_ok(XY_BATCH_CSV, buf, n, chunks[c], &col);
        assert_int_equal(col.n, (size_t)rows + 1);
        assert_string_equal(cell(&col, (size_t)rows, "CF_XDR_MC"), "\xE6\xAD\xA6\xE6\xB1\x89 Co");
        assert_string_equal(cell(&col, 0, "CF_WSH"), "DOC-00000");
        collect_free(&col);
    }
    free(buf);
}

static void test_format_from_name(void **state)
{
    (void)state;
    assert_int_equal(xy_batch_format_from_name("a.csv"), XY_BATCH_CSV);
    assert_int_equal(xy_batch_format_from_name("A.CSV"), XY_BATCH_CSV);
    assert_int_equal(xy_batch_format_from_name("a.txt"), XY_BATCH_CSV);
    assert_int_equal(xy_batch_format_from_name("x/y.jsonl"), XY_BATCH_JSONL);
    assert_int_equal(xy_batch_format_from_name("y.ndjson"), XY_BATCH_JSONL);
    assert_int_equal(xy_batch_format_from_name("y.json"), XY_BATCH_JSONL);
    assert_int_equal(xy_batch_format_from_name("y.xlsx"), XY_BATCH_XLSX);
    assert_int_equal(xy_batch_format_from_name("noext"), XY_BATCH_AUTO);
}

static void test_batch_oom(void **state)
{
    (void)state;
#ifndef XY_FAULTS
    skip(); /* needs -DXY_FAULTS=ON */
#else
    size_t glen;
    char *g = to_gb18030(SAMPLE, strlen(SAMPLE), &glen);
    long n;
    for (n = 1; n < 10000; n++) {
        struct collect col = {0};
        struct xy_error err;
        int rc;
        xy_alloc_fail_at(n);
        struct xy_batch_reader *r = xy_batch_reader_new(g_pen, XY_BATCH_CSV, on_row, &col);
        if (!r) {
            xy_alloc_fail_at(0);
            continue;
        }
        xy_error_clear(&err);
        rc = xy_batch_reader_feed(r, g, glen, &err);
        if (!rc)
            rc = xy_batch_reader_finish(r, &err);
        xy_alloc_fail_at(0);
        xy_batch_reader_free(r);
        collect_free(&col);
        if (rc == XY_OK)
            break;
        /* libcsv reports its own allocation failures as a too-long field */
        assert_true(rc == XY_ENOMEM || rc == XY_ETOOBIG);
    }
    assert_true(n > 3);
    free(g);
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_headers),
        cmocka_unit_test(test_csv_bom_and_files),
        cmocka_unit_test(test_csv_gb18030_iconv),
        cmocka_unit_test(test_feed_pieces),
        cmocka_unit_test(test_csv_quoting),
        cmocka_unit_test(test_csv_blank_lines),
        cmocka_unit_test(test_csv_header_errors),
        cmocka_unit_test(test_csv_ignored_and_extra),
        cmocka_unit_test(test_csv_limits),
        cmocka_unit_test(test_callback_stops),
        cmocka_unit_test(test_bad_encoding),
        cmocka_unit_test(test_jsonl_keys),
        cmocka_unit_test(test_jsonl_pre_errors),
        cmocka_unit_test(test_jsonl_limit),
        cmocka_unit_test(test_jsonl_number_precision),
        cmocka_unit_test(test_jsonl_same_field_twice),
        cmocka_unit_test(test_gbk_after_long_ascii),
        cmocka_unit_test(test_format_from_name),
        cmocka_unit_test(test_batch_oom),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
