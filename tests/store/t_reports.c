/* SPDX-License-Identifier: Apache-2.0 */
/* Contract: the register of credit reports: the day's sequence, a number taken once, a report read
 * back whole with its subject, the month's counts by each dimension. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "contract.h"

#define USCC_A "91420684MA4927PJ7B"

static uint8_t SM3[32], SHA[32], SIG[72];

static void add(struct ct *t, int64_t subject, const char *number, const char *day, int seq, const char *edition,
                const char *purpose, const char *dept, int pdf, int want)
{
    struct xy_report_row r = {.number = number, .day = day, .seq = seq, .subject_id = subject, .kind = "org",
                              .edition = edition, .format = pdf ? "pdf" : "json", .purpose = purpose, .key_id = 3,
                              .role = dept ? "querier" : "public", .dept_uscc = dept, .requester = purpose ? "某银行" : NULL,
                              .grant_id = purpose ? 9 : 0, .issued_at = CT_NOW, .pages = pdf ? 6 : 0,
                              .json_sm3 = SM3, .pdf_sha256 = pdf ? SHA : NULL, .pdf_size = pdf ? 1234 : 0,
                              .signature = SIG, .signature_len = sizeof SIG};
    assert_int_equal(t->op->report_add(t->st, &r, &t->err), want);
}

struct got {
    int n;
    char number[32], edition[16], format[16], purpose[64], requester[64], name[64], uscc[32], issued[32];
    int seq, pages, has_pdf;
    int64_t subject, grant, size;
    size_t siglen;
    uint8_t sm3[32], sig[72];
};

static int on_report(void *ctx, const struct xy_report_row *r)
{
    struct got *g = ctx;
    g->n++;
    ct_cpy(g->number, sizeof g->number, r->number);
    ct_cpy(g->edition, sizeof g->edition, r->edition);
    ct_cpy(g->format, sizeof g->format, r->format);
    ct_cpy(g->purpose, sizeof g->purpose, r->purpose);
    ct_cpy(g->requester, sizeof g->requester, r->requester);
    ct_cpy(g->name, sizeof g->name, r->subject_name);
    ct_cpy(g->uscc, sizeof g->uscc, r->subject_uscc);
    ct_cpy(g->issued, sizeof g->issued, r->issued_at);
    g->seq = r->seq;
    g->pages = r->pages;
    g->has_pdf = r->pdf_sha256 != NULL;
    g->subject = r->subject_id;
    g->grant = r->grant_id;
    g->size = r->pdf_size;
    g->siglen = r->signature_len;
    memcpy(g->sm3, r->json_sm3, 32);
    if (r->signature_len <= sizeof g->sig)
        memcpy(g->sig, r->signature, r->signature_len);
    return 0;
}

static void test_report_sequence_and_get(void **state)
{
    struct ct *t = *state;
    for (int i = 0; i < 32; i++) {
        SM3[i] = (uint8_t)i;
        SHA[i] = (uint8_t)(0xA0 + i);
    }
    memset(SIG, 0x5A, sizeof SIG);
    int seq = 0;
    ct_begin(t);
    int64_t s = ct_org(t, USCC_A, "甲公司");
    assert_int_equal(t->op->report_next_seq(t->st, CT_DAY, &seq, &t->err), XY_OK);
    assert_int_equal(seq, 1);
    add(t, s, "420120260302000001", CT_DAY, 1, "public", NULL, NULL, 1, XY_OK);
    assert_int_equal(t->op->report_next_seq(t->st, CT_DAY, &seq, &t->err), XY_OK);
    assert_int_equal(seq, 2); /* inside the same transaction */
    add(t, s, "420120260302000002", CT_DAY, 2, "authorised", "贷款审查", "11420100MB1234562H", 0, XY_OK);
    ct_commit(t);
    /* Another day starts at 1; a number or a (day, seq) taken once is refused. */
    assert_int_equal(t->op->report_next_seq(t->st, "2026-03-03", &seq, &t->err), XY_OK);
    assert_int_equal(seq, 1);
    /* Reserved though no report was added with it: never handed out again. A rolled-back
     * reservation is. */
    assert_int_equal(t->op->report_next_seq(t->st, "2026-03-03", &seq, &t->err), XY_OK);
    assert_int_equal(seq, 2);
    ct_begin(t);
    assert_int_equal(t->op->report_next_seq(t->st, "2026-03-03", &seq, &t->err), XY_OK);
    assert_int_equal(seq, 3);
    assert_int_equal(t->op->rollback(t->st), XY_OK);
    assert_int_equal(t->op->report_next_seq(t->st, "2026-03-03", &seq, &t->err), XY_OK);
    assert_int_equal(seq, 3);
    ct_begin(t);
    add(t, s, "420120260302000002", CT_DAY, 3, "public", NULL, NULL, 1, XY_EEXIST);
    assert_int_equal(t->op->rollback(t->st), XY_OK);
    ct_begin(t);
    add(t, s, "420120260302000009", CT_DAY, 2, "public", NULL, NULL, 1, XY_EEXIST);
    assert_int_equal(t->op->rollback(t->st), XY_OK);

    struct got g = {0};
    assert_int_equal(t->op->report_get(t->st, "420120260302000001", on_report, &g, &t->err), XY_OK);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.edition, "public");
    assert_string_equal(g.format, "pdf");
    assert_string_equal(g.purpose, CT_NULL);
    assert_string_equal(g.name, "甲公司");
    assert_string_equal(g.uscc, USCC_A);
    assert_string_equal(g.issued, CT_NOW);
    assert_int_equal(g.subject, s);
    assert_int_equal(g.seq, 1);
    assert_int_equal(g.pages, 6);
    assert_true(g.has_pdf);
    assert_int_equal(g.size, 1234);
    assert_memory_equal(g.sm3, SM3, 32);
    assert_int_equal(g.siglen, sizeof SIG);
    assert_memory_equal(g.sig, SIG, sizeof SIG);
    memset(&g, 0, sizeof g);
    assert_int_equal(t->op->report_get(t->st, "420120260302000002", on_report, &g, &t->err), XY_OK);
    assert_string_equal(g.purpose, "贷款审查");
    assert_string_equal(g.requester, "某银行");
    assert_int_equal(g.grant, 9);
    assert_false(g.has_pdf);
    assert_int_equal(t->op->report_get(t->st, "420120260302000003", on_report, &g, &t->err), XY_ENOTFOUND);
}

struct counts {
    int n;
    char metric[16][16], key[16][32];
    int64_t value[16];
};

static int on_count(void *ctx, const char *metric, const char *key, int64_t value)
{
    struct counts *c = ctx;
    assert_true(c->n < 16);
    ct_cpy(c->metric[c->n], sizeof c->metric[0], metric);
    ct_cpy(c->key[c->n], sizeof c->key[0], key);
    c->value[c->n++] = value;
    return 0;
}

static int64_t count_of(const struct counts *c, const char *metric, const char *key)
{
    for (int i = 0; i < c->n; i++)
        if (strcmp(c->metric[i], metric) == 0 && (!key || strcmp(c->key[i], key) == 0))
            return c->value[i];
    return -1;
}

static void test_report_stats(void **state)
{
    struct ct *t = *state;
    ct_begin(t);
    int64_t s = ct_org(t, USCC_A, "甲公司");
    add(t, s, "420120260302000001", "2026-03-02", 1, "public", NULL, NULL, 1, XY_OK);
    add(t, s, "420120260302000002", "2026-03-02", 2, "authorised", "贷款审查", "11420100MB1234562H", 1, XY_OK);
    add(t, s, "420120260331000001", "2026-03-31", 1, "authorised", "贷款审查", "11420100MB1234562H", 0, XY_OK);
    add(t, s, "420120260401000001", "2026-04-01", 1, "public", NULL, NULL, 1, XY_OK);
    ct_commit(t);
    struct counts c = {0};
    assert_int_equal(t->op->report_stats(t->st, "2026-03-01", "2026-03-31", on_count, &c, &t->err), XY_OK);
    assert_int_equal(count_of(&c, "total", NULL), 3);
    assert_int_equal(count_of(&c, "edition", "authorised"), 2);
    assert_int_equal(count_of(&c, "edition", "public"), 1);
    assert_int_equal(count_of(&c, "format", "json"), 1);
    assert_int_equal(count_of(&c, "kind", "org"), 3);
    assert_int_equal(count_of(&c, "purpose", "贷款审查"), 2);
    assert_int_equal(count_of(&c, "purpose", ""), 1);
    assert_int_equal(count_of(&c, "dept", "11420100MB1234562H"), 2);
    memset(&c, 0, sizeof c);
    assert_int_equal(t->op->report_stats(t->st, "2026-02-01", "2026-02-31", on_count, &c, &t->err), XY_OK);
    assert_int_equal(c.n, 0); /* a month without reports: nothing, not a zero row */
}

const struct CMUnitTest ct_reports_tests[] = {
    CT_CASE(test_report_sequence_and_get),
    CT_CASE(test_report_stats),
};
const size_t ct_reports_count = CT_COUNT(ct_reports_tests);
