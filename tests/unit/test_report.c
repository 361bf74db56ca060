/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of the credit report's layout (src/report/report_pdf.c) and signature (src/app/
 * report_key.c): documents made here are rendered to PDF and read back with poppler, so that what a
 * reader sees is what is asserted: section 6 with an evaluation (grade, score, model version, the
 * main reasons by |points|, at most 10) and without one (暂无); a cell longer than a page runs on
 * over pages with nothing lost and the table's header row on each; page X of Y on every page; the
 * metadata the verifier reads. SM2 over SM3: a signature verifies, a changed byte or another key
 * does not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <poppler.h>

#include "app/report_int.h"
#include "common/xy_alloc.h"
#include "common/xy_buf.h"
#include "report/report_pdf.h"

const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\nleak:libcairo.so\nleak:libglib-2.0.so\nleak:libpoppler.so\n";
}

/* A small report document of the shape report_pdf.h describes. */
static json_t *doc_base(void)
{
    json_t *d = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:n, s:n, s:{s:s, s:s, s:s, s:s},"
        " s:[s,s], s:[[s,s],[s,s]], s:[{s:i, s:s, s:i}], s:[], s:n}",
        "number", "420120261128000042", "title", "公共信用信息报告", "kind_zh", "法人和非法人组织", "edition", "public",
        "edition_zh", "公开版", "issued_at", "2026-11-28T16:30:00Z", "data_as_of", "2026-11-29", "issuer", "信用武汉",
        "standard", "公共信用信息报告标准（2021年版）", "verify_url",
        "http://127.0.0.1:8080/verify.html?number=420120261128000042", "purpose", "requester", "subject", "name",
        "武汉测试科技有限公司", "kind_zh", "法人和非法人组织", "code_label", "统一社会信用代码", "code",
        "91420684MA4927PJ7B", "notes", "第一条说明", "第二条说明", "basic", "主体名称", "武汉测试科技有限公司",
        "统一社会信用代码", "91420684MA4927PJ7B", "summary", "section", 2, "name_zh", "行政处罚", "count", 1, "sections",
        "evaluation");
    assert_non_null(d);
    return d;
}

/* The 12 reasons: points chosen so that the order by |points| is known and two fall off. */
static const struct {
    const char *rule_zh;
    double points;
} REASONS[] = {
    {"因素甲罚款一万元以上", -6.5}, {"因素乙红名单", 3.0},       {"因素丙黑名单", -20.0}, {"因素丁承诺履约", 1.5},
    {"因素戊许可", 0.5},            {"因素己警告", -1.0},        {"因素庚吊销", -12.0},   {"因素辛荣誉", 4.0},
    {"因素壬重点关注", -8.0},       {"因素癸没收", -2.5},        {"因素子最小", 0.2},     {"因素丑次小", -0.3},
};

static json_t *evaluation(void)
{
    json_t *items = json_array();
    for (size_t i = 0; i < sizeof REASONS / sizeof *REASONS; i++)
        json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s, s:f}", "record_id", (json_int_t)(100 + i), "class",
                                               "penalty", "rule", "penalty.rule", "rule_zh", REASONS[i].rule_zh,
                                               "points", REASONS[i].points));
    return json_pack("{s:f, s:s, s:s, s:s, s:s, s:o}", "score", 87.5, "grade", "B", "grade_zh", "良", "model_version",
                     "2026.1", "as_of", "2026-11-28T09:00:00Z", "items", items);
}

/* Renders doc; OUT the PDF's pages' text (caller frees each with g_free, the array with free). */
static char **render(const json_t *doc, int *npages, struct xy_buf *pdf)
{
    struct xy_error err = {0};
    struct xy_report_pdf_opts o = {.keywords = "xinyong-report-v1:dGVzdA==", .created_at = "2026-11-28T01:00:00Z"};
    xy_buf_init(pdf, 64u << 20);
    int rc = xy_report_pdf(doc, &o, pdf, npages, &err);
    if (rc)
        fail_msg("render: %s", err.msg);
    GBytes *bytes = g_bytes_new(pdf->data, pdf->len);
    PopplerDocument *p = poppler_document_new_from_bytes(bytes, NULL, NULL);
    g_bytes_unref(bytes);
    assert_non_null(p);
    assert_int_equal(poppler_document_get_n_pages(p), *npages);
    char **pages = calloc((size_t)*npages + 1, sizeof *pages);
    for (int i = 0; i < *npages; i++) {
        PopplerPage *pg = poppler_document_get_page(p, i);
        pages[i] = poppler_page_get_text(pg);
        g_object_unref(pg);
    }
    char *kw = poppler_document_get_keywords(p);
    assert_string_equal(kw, "xinyong-report-v1:dGVzdA==");
    g_free(kw);
    g_object_unref(p);
    return pages;
}

/* All pages' text, white space removed. */
static char *joined(char **pages, int n)
{
    size_t total = 1;
    for (int i = 0; i < n; i++)
        total += strlen(pages[i]);
    char *all = malloc(total), *w = all;
    for (int i = 0; i < n; i++)
        for (const char *r = pages[i]; *r; r++)
            if (*r != ' ' && *r != '\n' && *r != '\t')
                *w++ = *r;
    *w = '\0';
    return all;
}

static void free_pages(char **pages, int n)
{
    for (int i = 0; i < n; i++)
        g_free(pages[i]);
    free(pages);
}

/* The text between two markers (each must be present once the first is). */
static char *between(const char *all, const char *from, const char *to)
{
    const char *a = strstr(all, from);
    assert_non_null(a);
    const char *b = strstr(a, to);
    assert_non_null(b);
    return strndup(a, (size_t)(b - a));
}

static void test_section6_evaluation(void **state)
{
    (void)state;
    json_t *doc = doc_base();
    json_object_set_new(doc, "evaluation", evaluation());
    int n = 0;
    struct xy_buf pdf;
    char **pages = render(doc, &n, &pdf);
    char *all = joined(pages, n);
    char *s6 = between(all, "六、信用评价结果", "七、其他信息");
    assert_non_null(strstr(s6, "B（良）"));
    assert_non_null(strstr(s6, "87.5"));
    assert_non_null(strstr(s6, "2026.1"));
    assert_non_null(strstr(s6, "2026年11月28日17:00:00")); /* as_of in Beijing time */
    assert_null(strstr(s6, "暂无"));
    /* The ten largest |points| in order: 丙 -20, 庚 -12, 壬 -8, 甲 -6.5, 辛 4, 乙 3, 癸 -2.5, 丁 1.5, 己 -1, 戊 0.5. */
    static const char *const order[] = {"因素丙黑名单", "因素庚吊销", "因素壬重点关注", "因素甲罚款一万元以上", "因素辛荣誉",
                                        "因素乙红名单", "因素癸没收", "因素丁承诺履约", "因素己警告", "因素戊许可"};
    const char *at = s6;
    for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
        const char *p = strstr(at, order[i]);
        if (!p)
            fail_msg("reason %zu (%s) missing or out of order in section 6", i + 1, order[i]);
        at = p;
    }
    assert_non_null(strstr(s6, "-20.0"));
    assert_non_null(strstr(s6, "+4.0"));
    assert_null(strstr(s6, "因素子最小")); /* the 11th and 12th are not shown */
    assert_null(strstr(s6, "因素丑次小"));
    /* Every page: the number in the header and page X of Y in the footer. */
    for (int i = 0; i < n; i++) {
        char want[64];
        snprintf(want, sizeof want, "第 %d 页 共 %d 页", i + 1, n);
        char *flat = joined(&pages[i], 1);
        char want_flat[64];
        snprintf(want_flat, sizeof want_flat, "第%d页共%d页", i + 1, n);
        if (!strstr(flat, want_flat))
            fail_msg("page %d lacks \"%s\"", i + 1, want);
        assert_non_null(strstr(flat, "报告编号：420120261128000042"));
        free(flat);
    }
    /* Cover: issue time in Beijing, crossing midnight. */
    assert_non_null(strstr(all, "2026年11月29日00:30:00"));
    free(s6);
    free(all);
    free_pages(pages, n);
    xy_buf_release(&pdf);
    json_decref(doc);
}

static void test_section6_none(void **state)
{
    (void)state;
    json_t *doc = doc_base();
    int n = 0;
    struct xy_buf pdf;
    char **pages = render(doc, &n, &pdf);
    char *all = joined(pages, n);
    char *s6 = between(all, "六、信用评价结果", "七、其他信息");
    assert_non_null(strstr(s6, "暂无"));
    assert_null(strstr(s6, "评价等级"));
    /* Sections without classes read 暂无 too; all seven headings are there. */
    static const char *const heads[] = {"一、基础信息", "二、行政管理信息", "三、严重失信主体名单信息", "四、守信激励信息",
                                        "五、信用承诺及履约情况", "六、信用评价结果", "七、其他信息", "报告说明", "概述"};
    for (size_t i = 0; i < sizeof heads / sizeof *heads; i++)
        assert_non_null(strstr(all, heads[i]));
    free(s6);
    free(all);
    free_pages(pages, n);
    xy_buf_release(&pdf);
    json_decref(doc);
}

/* One record whose content is several pages long: it runs on, with the header row on every page it
 * reaches, and every one of its words is there. (Its other cells are empty, so that the text read
 * back holds the long cell's lines in order, with nothing of another column between them.) */
static void test_long_cell_breaks(void **state)
{
    (void)state;
    json_t *doc = doc_base();
    struct xy_buf text;
    xy_buf_init(&text, 1u << 20);
    for (int i = 0; i < 900; i++)
        xy_buf_printf(&text, "第%03d段违法事实，", i);
    xy_buf_addz(&text, "全文结束标记");
    json_t *cls = json_pack("{s:s, s:s, s:[{s:s,s:f},{s:s,s:f},{s:s,s:f}], s:[{s:[s,s,s]},{s:[s,s,s]}]}", "class",
                            "penalty", "name_zh", "行政处罚", "columns", "title", "序号", "width", 0.1, "title",
                            "决定文书号", "width", 0.3, "title", "主要内容栏", "width", 0.6, "items", "cells", "",
                            "", xy_buf_str(&text), "cells", "2", "测罚〔2026〕2号", "短");
    json_array_append_new(json_object_get(doc, "sections"), json_pack("{s:i, s:s, s:[o]}", "no", 2, "title",
                                                                      "行政管理信息", "classes", cls));
    xy_buf_release(&text);
    int n = 0;
    struct xy_buf pdf;
    char **pages = render(doc, &n, &pdf);
    /* The pages' text without what every page repeats (header, footer, the table's header row), so
     * that a line broken over a page break reads whole again. */
    struct xy_buf body;
    xy_buf_init(&body, 64u << 20);
    for (int i = 0; i < n; i++) {
        char *flat = joined(&pages[i], 1), pageno[64];
        snprintf(pageno, sizeof pageno, "第%d页共%d页", i + 1, n);
        const char *repeated[] = {"公共信用信息报告（公开版）", "报告编号：420120261128000042", pageno,
                                  "信用武汉·扫描右侧二维码或访问核验页面验证本报告真伪", "序号", "决定文书号", "主要内容栏"};
        for (size_t r = 0; r < sizeof repeated / sizeof *repeated; r++) {
            char *at;
            size_t len = strlen(repeated[r]);
            while ((at = strstr(flat, repeated[r])))
                memmove(at, at + len, strlen(at + len) + 1);
        }
        xy_buf_addz(&body, flat);
        free(flat);
    }
    char *all = strdup(xy_buf_str(&body));
    xy_buf_release(&body);
    for (int i = 0; i < 900; i++) {
        char want[32];
        snprintf(want, sizeof want, "第%03d段违法事实", i);
        if (!strstr(all, want)) {
            FILE *f = fopen("/tmp/xy-long-fail.pdf", "wb");
            if (f) {
                fwrite(pdf.data, 1, pdf.len, f);
                fclose(f);
            }
            fail_msg("\"%s\" was cut off (the PDF: /tmp/xy-long-fail.pdf)", want);
        }
    }
    assert_non_null(strstr(all, "全文结束标记"));
    assert_non_null(strstr(all, "测罚〔2026〕2号"));
    int with_rows = 0, with_header = 0;
    for (int i = 0; i < n; i++) {
        char *flat = joined(&pages[i], 1);
        if (strstr(flat, "段违法事实")) {
            with_rows++;
            with_header += strstr(flat, "主要内容栏") != NULL;
        }
        free(flat);
    }
    assert_true(with_rows >= 2);             /* the cell ran over a page break */
    assert_int_equal(with_header, with_rows); /* and the header row came again on each page */
    free(all);
    free_pages(pages, n);
    xy_buf_release(&pdf);
    json_decref(doc);
}

static void test_reasons_order(void **state)
{
    (void)state;
    size_t idx[10];
    json_t *ev = evaluation();
    size_t n = xy_report_eval_reasons(ev, idx, 10);
    assert_int_equal(n, 10);
    assert_int_equal(idx[0], 2); /* 丙 -20 */
    assert_int_equal(idx[9], 4); /* 戊 0.5 */
    n = xy_report_eval_reasons(ev, idx, 3);
    assert_int_equal(n, 3);
    assert_int_equal(idx[0], 2);
    assert_int_equal(idx[1], 6);
    assert_int_equal(idx[2], 8);
    json_decref(ev);
    /* Ties keep the earlier item first; fewer items than the maximum give them all. */
    ev = json_pack("{s:[{s:f},{s:f},{s:f}]}", "items", "points", 2.0, "points", -2.0, "points", 1.0);
    n = xy_report_eval_reasons(ev, idx, 10);
    assert_int_equal(n, 3);
    assert_int_equal(idx[0], 0);
    assert_int_equal(idx[1], 1);
    assert_int_equal(idx[2], 2);
    json_decref(ev);
    ev = json_pack("{s:[]}", "items");
    assert_int_equal(xy_report_eval_reasons(ev, idx, 10), 0);
    json_decref(ev);
}

static void test_sm2(void **state)
{
    (void)state;
    char dir[] = "/tmp/xy-report-test.XXXXXX", path[128], path2[128];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/db.sm2.pem", dir);
    snprintf(path2, sizeof path2, "%s/other.sm2.pem", dir);
    struct xy_error err = {0};
    assert_int_equal(xy_report_key_ensure(path, &err), XY_OK);
    assert_int_equal(xy_report_key_ensure(path2, &err), XY_OK);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    EVP_PKEY *k = NULL, *other = NULL, *pub = NULL;
    assert_int_equal(xy_report_key_load(path, &k, &err), XY_OK);
    assert_int_equal(xy_report_key_load(path2, &other, &err), XY_OK);
    static const char msg[] = "{\"number\":\"420120261128000001\",\"subject\":\"武汉\"}";
    uint8_t *sig = NULL;
    size_t siglen = 0;
    assert_int_equal(xy_report_sign(k, msg, strlen(msg), &sig, &siglen, &err), XY_OK);
    char *pem = NULL;
    size_t pemlen = 0;
    assert_int_equal(xy_report_key_public_pem(k, &pem, &pemlen, &err), XY_OK);
    assert_int_equal(xy_report_key_from_pem(pem, pemlen, &pub, &err), XY_OK);
    assert_true(xy_report_sig_ok(pub, msg, strlen(msg), sig, siglen));
    char changed[sizeof msg];
    memcpy(changed, msg, sizeof msg);
    changed[20] ^= 1;
    assert_false(xy_report_sig_ok(pub, changed, strlen(changed), sig, siglen));
    assert_false(xy_report_sig_ok(other, msg, strlen(msg), sig, siglen));
    sig[siglen - 1] ^= 1;
    assert_false(xy_report_sig_ok(pub, msg, strlen(msg), sig, siglen));
    EVP_PKEY *none = NULL;
    assert_int_equal(xy_report_key_from_pem("not a key", 9, &none, &err), XY_ECRYPTO);
    assert_null(none);
    /* A key file readable by others is refused. */
    chmod(path, 0644);
    EVP_PKEY *bad = NULL;
    assert_int_equal(xy_report_key_load(path, &bad, &err), XY_ECRYPTO);
    /* SM3 of "abc" (GB/T 32905 example). */
    uint8_t h[32];
    char hex[65];
    xy_report_sm3("abc", 3, h);
    xy_report_hex(h, 32, hex);
    assert_string_equal(hex, "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
    xy_free(sig);
    xy_free(pem);
    EVP_PKEY_free(k);
    EVP_PKEY_free(other);
    EVP_PKEY_free(pub);
    unlink(path);
    unlink(path2);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reasons_order),     cmocka_unit_test(test_section6_evaluation),
        cmocka_unit_test(test_section6_none),     cmocka_unit_test(test_long_cell_breaks),
        cmocka_unit_test(test_sm2),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
