/* SPDX-License-Identifier: Apache-2.0 */
/* Contract: the code conversion register (an entity added, unchanged when sent again, updated with
 * the time its unified code was first given; matched to the subject whose code embeds its
 * organisation code), the configurable category's definition (the latest), batch arrivals by hour,
 * and credit report coverage over black-listed and poorly graded subjects. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "contract.h"

#define DEPT "11420100MB1234562H"
#define LATER "2026-03-05T08:00:00Z"

struct seen {
    int n;
    char line[4][160];
};

static int on_entity(void *ctx, const struct xy_conv_entity *e)
{
    struct seen *s = ctx;
    if (s->n < 4)
        snprintf(s->line[s->n], sizeof s->line[0], "%s|%s|%s|%s|%s|%s|%s|%s|%d", e->dept, e->authority,
                 e->orgcode ? e->orgcode : "-", e->regno ? e->regno : "-", e->uscc ? e->uscc : "-",
                 e->uscc_at ? e->uscc_at : "-", e->matched ? e->matched : "-", e->matched_at ? e->matched_at : "-",
                 e->matches);
    s->n++;
    return 0;
}

static void test_register(void **state)
{
    struct ct *t = *state;
    int outcome = -1;
    ct_begin(t);
    int64_t d = ct_dept(t, DEPT, "市监局");
    ct_org(t, "91420684MA4927PJ7B", "某公司"); /* embeds MA4927PJ7 */
    struct xy_conv_put a = {d, "O:MA4927PJ7:某公司", "9", "MA4927PJ7", NULL, "某公司", "2010-05-01", NULL};
    assert_int_equal(t->op->conv_put(t->st, &a, CT_NOW, &outcome, &t->err), XY_OK);
    assert_int_equal(outcome, 1);
    assert_int_equal(t->op->conv_put(t->st, &a, LATER, &outcome, &t->err), XY_OK);
    assert_int_equal(outcome, 0); /* sent again unchanged */
    struct xy_conv_put b = {d, "R:110108000000016", "5", NULL, "110108000000016", "某协会", NULL, NULL};
    assert_int_equal(t->op->conv_put(t->st, &b, CT_NOW, &outcome, &t->err), XY_OK);
    b.uscc = "51420100MJ0000000X";
    assert_int_equal(t->op->conv_put(t->st, &b, LATER, &outcome, &t->err), XY_OK);
    assert_int_equal(outcome, 2);
    assert_int_equal(t->op->conv_put(t->st, &b, "2026-03-09T08:00:00Z", &outcome, &t->err), XY_OK);
    assert_int_equal(outcome, 0);
    ct_commit(t);
    struct seen s = {0};
    assert_int_equal(t->op->conv_scan(t->st, 0, on_entity, &s, &t->err), XY_OK);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.line[0], DEPT "|9|MA4927PJ7|-|-|-|91420684MA4927PJ7B|" CT_NOW "|1");
    assert_string_equal(s.line[1], DEPT "|5|-|110108000000016|51420100MJ0000000X|" LATER "|-|-|0");
    memset(&s, 0, sizeof s);
    assert_int_equal(t->op->conv_scan(t->st, d + 1, on_entity, &s, &t->err), XY_OK);
    assert_int_equal(s.n, 0);
}

static int on_extra(void *ctx, const char *body, const char *at)
{
    snprintf(ctx, 128, "%s %s", body, at);
    return 0;
}

static void test_extra(void **state)
{
    struct ct *t = *state;
    char got[128] = "";
    assert_int_equal(t->op->extra_get(t->st, on_extra, got, &t->err), XY_ENOTFOUND);
    ct_begin(t);
    assert_int_equal(t->op->extra_put(t->st, "{\"a\":1}", CT_NOW, 1, &t->err), XY_OK);
    assert_int_equal(t->op->extra_put(t->st, "{\"a\":2}", LATER, 1, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(t->op->extra_get(t->st, on_extra, got, &t->err), XY_OK);
    assert_string_equal(got, "{\"a\":2} " LATER);
}

static int on_arrival(void *ctx, const char *dept, const char *cls, const char *hour, int64_t n)
{
    struct seen *s = ctx;
    if (s->n < 4)
        snprintf(s->line[s->n], sizeof s->line[0], "%s %s %s %lld", dept, cls, hour, (long long)n);
    s->n++;
    return 0;
}

static void test_arrivals(void **state)
{
    struct ct *t = *state;
    ct_begin(t);
    int64_t d = ct_dept(t, DEPT, "市监局");
    const char *finished[] = {"2026-03-10T02:10:00Z", "2026-03-10T02:50:00Z", "2026-03-11T17:00:00Z", NULL};
    long rows[] = {3, 1, 0};
    for (int i = 0; finished[i]; i++) {
        struct xy_batch_row b = {.dept_id = d, .cls = "penalty", .source = "x.csv", .format = "csv",
                                 .encoding = "utf-8", .started_at = CT_NOW};
        assert_int_equal(t->op->batch_add(t->st, &b, &b.id, &t->err), XY_OK);
        b.rows = rows[i];
        b.accepted = rows[i];
        b.finished_at = finished[i];
        assert_int_equal(t->op->batch_finish(t->st, &b, &t->err), XY_OK);
    }
    ct_commit(t);
    struct seen s = {0};
    assert_int_equal(t->op->arrivals(t->st, "2026-02-28T16:00:00Z", "2026-03-31T16:00:00Z", on_arrival, &s, &t->err),
                     XY_OK);
    /* two batches in one hour; the empty one does not count */
    assert_int_equal(s.n, 1);
    assert_string_equal(s.line[0], DEPT " penalty 2026-03-10T02 2");
}

static int on_cov(void *ctx, const char *region, int black, int poor, int reported)
{
    int *n = ctx; /* subjects, black, poor, reported */
    (void)region;
    n[0]++;
    n[1] += black;
    n[2] += poor;
    n[3] += reported;
    return 0;
}

static void test_coverage(void **state)
{
    struct ct *t = *state;
    static uint8_t h[32], sig[72];
    ct_begin(t);
    int64_t d = ct_dept(t, DEPT, "市监局");
    int64_t s1 = ct_org(t, "91420684MA4927PJ7B", "甲公司"), s2 = ct_org(t, "91110000600037341L", "乙公司"),
            s3 = ct_org(t, "9144030071526726XG", "丙公司"), s4 = ct_org(t, "92340602MA2PBMEM24", "丁个体户");
    int64_t b = ct_batch(t, d, "black_list");
    ct_record(t, &(struct ct_rec){.cls = "black_list", .dept = d, .subject = s1, .batch = b, .doc_no = "B1", .tag = 1});
    ct_record(t, &(struct ct_rec){.cls = "black_list", .dept = d, .subject = s3, .batch = b, .doc_no = "B3", .tag = 3});
    const char *grades[] = {"D", "D", "A"};
    int64_t graded[] = {s2, s3, s4};
    for (int i = 0; i < 3; i++) {
        struct xy_eval_result_row r = {.subject_id = graded[i], .model_version = "m1", .as_of = CT_NOW,
                                       .grade = grades[i], .score = 5000, .items = "[]"};
        assert_int_equal(t->op->eval_put(t->st, &r, &t->err), XY_OK);
    }
    /* s1 had a report in the 12 months, s4 (graded A) too: only s1 counts */
    int64_t rep[] = {s1, s4};
    for (int i = 0; i < 2; i++) {
        char number[32];
        snprintf(number, sizeof number, "420120260302%06d", i + 1);
        struct xy_report_row r = {.number = number, .day = "2026-03-02", .seq = i + 1, .subject_id = rep[i],
                                  .kind = "org", .edition = "public", .format = "json", .key_id = 0, .role = "public",
                                  .issued_at = CT_NOW, .json_sm3 = h, .signature = sig, .signature_len = sizeof sig};
        assert_int_equal(t->op->report_add(t->st, &r, &t->err), XY_OK);
    }
    ct_commit(t);
    static const char *const black[] = {"black_list", NULL}, *const force[] = {"published", NULL},
                             *const exits[] = {"record.expired", NULL};
    struct xy_cov_scan q = {"2026-03-31T16:00:00Z", "2026-03-31", "2025-03-31T16:00:00Z", "D", black, force, exits};
    int n[4] = {0};
    assert_int_equal(t->op->report_coverage(t->st, &q, on_cov, n, &t->err), XY_OK);
    /* s1 (black), s2 (D), s3 (black and D): 3 subjects, 2 black, 2 poor, 1 reported */
    assert_int_equal(n[0], 3);
    assert_int_equal(n[1], 2);
    assert_int_equal(n[2], 2);
    assert_int_equal(n[3], 1);
    /* a month ending before the reports were issued: none reported; the entries stored after it end */
    struct xy_cov_scan feb = {"2026-02-28T16:00:00Z", "2026-02-28", "2025-02-28T16:00:00Z", "D", black, force, exits};
    memset(n, 0, sizeof n);
    assert_int_equal(t->op->report_coverage(t->st, &feb, on_cov, n, &t->err), XY_OK);
    assert_int_equal(n[0], 2); /* the stored grades s2, s3 (a grade has no history) */
    assert_int_equal(n[1], 0);
    assert_int_equal(n[3], 0);
}

const struct CMUnitTest ct_conversion_tests[] = {
    CT_CASE(test_register),
    CT_CASE(test_extra),
    CT_CASE(test_arrivals),
    CT_CASE(test_coverage),
};
const size_t ct_conversion_count = CT_COUNT(ct_conversion_tests);
