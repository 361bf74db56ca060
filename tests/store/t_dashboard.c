/* SPDX-License-Identifier: Apache-2.0 */
/* Contract: the dashboards' aggregates (migration 25): the facts of a span by Beijing day, counts
 * added to days and months and summed into months with the departments' districts and the city's
 * sums, the day a refresh reached, and the late records behind a rate found through a day's cutoff,
 * a page at a time; the Beijing day of a stamp at the edges of days, months, years and a leap day;
 * the refresh's mark (migration 28); the declared figures; the rejected rows behind a rate. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contract.h"

#define DEPT "11420100MB1234562H"

static const char *const lists[] = {"red_list", "black_list", NULL}, *const force[] = {"published", NULL},
                         *const exits[] = {"record.expired", NULL};

static int on_fact(void *ctx, const struct xy_mon_fact *f)
{
    int64_t *n = ctx;
    if (f->kind == XY_MF_RECORD && !strcmp(f->cls, "penalty")) {
        assert_string_equal(f->t1, "2026-01-10");
        assert_string_equal(f->t2, "2026-03-02"); /* 08:00Z is 16:00 in Beijing, the same day */
        n[0] += f->n;
    } else if (f->kind == XY_MF_RECORD) {
        assert_string_equal(f->t2, "2026-03-03"); /* 17:00Z is 01:00 the next day in Beijing */
        n[1] += f->n;
    } else if (f->kind == XY_MF_LIST_STOCK) {
        n[2] += f->n;
    }
    return 0;
}

static int on_agg(void *ctx, const struct xy_mon_agg_row *r)
{
    char *out = ctx;
    size_t len = strlen(out);
    snprintf(out + len, 512 - len, "%s|%s|%s|%s|%s|%lld;", r->period, r->dept, r->region, r->cls, r->metric,
             (long long)r->n);
    return 0;
}

static void test_days_and_months(void **state)
{
    struct ct *t = *state;
    char got[512] = "", day[11], at[32];
    ct_begin(t);
    int64_t d = ct_dept(t, DEPT, "市监局");
    assert_int_equal(t->op->unit_set(t->st, d, "420102", "district_dept", &t->err), XY_OK);
    int64_t s = ct_org(t, "91420684MA4927PJ7B", "某公司");
    int64_t b = ct_batch(t, d, "penalty");
    ct_record(t, &(struct ct_rec){.dept = d, .subject = s, .batch = b, .doc_no = "P1", .tag = 1});
    ct_record(t, &(struct ct_rec){.dept = d, .subject = s, .batch = b, .doc_no = "P2", .tag = 2});
    ct_record(t, &(struct ct_rec){.cls = "black_list", .dept = d, .subject = s, .batch = b, .doc_no = "B1", .tag = 3,
                                  .created_at = "2026-03-02T17:00:00Z"});
    ct_commit(t);
    struct xy_mon_scan q = {"2026-02-28T16:00:00Z", "2026-03-31T16:00:00Z", "2026-03-31", lists, force, exits, 0};
    int64_t n[3] = {0};
    assert_int_equal(t->op->mon_day_facts(t->st, &q, 0, on_fact, n, &t->err), XY_OK);
    assert_int_equal(n[0], 2);
    assert_int_equal(n[1], 1);
    assert_int_equal(n[2], 0); /* no stock among the daily facts */
    assert_int_equal(t->op->mon_day_facts(t->st, &q, 1, on_fact, n, &t->err), XY_OK);
    assert_int_equal(n[2], 1);

    assert_int_equal(t->op->mon_refresh_get(t->st, day, at, &t->err), XY_ENOTFOUND);
    ct_begin(t);
    assert_int_equal(t->op->mon_agg_clear(t->st, "2026-03-01", "2026-03-31", "2026-03", "2026-03", &t->err), XY_OK);
    const struct xy_mon_agg_row rows[] = {
        {"2026-03-02", DEPT, NULL, "penalty", "records", 2},
        {"2026-03-02", DEPT, NULL, "penalty", "records", 1}, /* added to the same day's count */
        {"2026-03-03", DEPT, NULL, "penalty", "records", 4},
        {"2026-03-03", DEPT, NULL, "", "checks", 1},
        {"2026-03", DEPT, NULL, "black_list", "stock", 7},
    };
    assert_int_equal(t->op->mon_agg_add(t->st, rows, sizeof rows / sizeof *rows, &t->err), XY_OK);
    assert_int_equal(t->op->mon_agg_rollup(t->st, "2026-03", "2026-03", "2026-03-03", CT_NOW, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(t->op->mon_agg_read(t->st, "2026-03", "2026-03", NULL, on_agg, got, &t->err), XY_OK);
    assert_string_equal(got, "2026-03|" DEPT "|420102||checks|1;2026-03|" DEPT "|420102|black_list|stock|7;"
                             "2026-03|" DEPT "|420102|penalty|records|7;");
    got[0] = '\0';
    assert_int_equal(t->op->mon_agg_read(t->st, "2026-03", "2026-03", "*", on_agg, got, &t->err), XY_OK);
    assert_string_equal(got, "2026-03||||checks|1;2026-03||||depts|1;2026-03|||black_list|stock|7;"
                             "2026-03|||penalty|records|7;");
    got[0] = '\0';
    assert_int_equal(t->op->mon_agg_read(t->st, "2026-04", "2026-04", NULL, on_agg, got, &t->err), XY_OK);
    assert_string_equal(got, "");
    assert_int_equal(t->op->mon_refresh_get(t->st, day, at, &t->err), XY_OK);
    assert_string_equal(day, "2026-03-03");
    /* cleared again: the month's counts are gone */
    ct_begin(t);
    assert_int_equal(t->op->mon_agg_clear(t->st, "2026-03-01", "2026-03-31", "2026-03", "2026-03", &t->err), XY_OK);
    ct_commit(t);
    got[0] = '\0';
    assert_int_equal(t->op->mon_agg_read(t->st, "2026-03", "2026-03", NULL, on_agg, got, &t->err), XY_OK);
    assert_string_equal(got, "");
}

static int on_drill(void *ctx, const struct xy_mon_drill_row *r)
{
    char *out = ctx;
    size_t len = strlen(out);
    snprintf(out + len, 256 - len, "%s;", r->doc_no);
    return 0;
}

static void test_drill_late(void **state)
{
    struct ct *t = *state;
    char got[256] = "";
    ct_begin(t);
    int64_t d = ct_dept(t, DEPT, "市监局");
    int64_t s = ct_org(t, "91420684MA4927PJ7B", "某公司");
    int64_t b = ct_batch(t, d, "penalty");
    ct_record(t, &(struct ct_rec){.dept = d, .subject = s, .batch = b, .doc_no = "P1", .tag = 1});
    ct_record(t, &(struct ct_rec){.dept = d, .subject = s, .batch = b, .doc_no = "P2", .tag = 2,
                                  .decision_date = "2026-02-27"});
    ct_record(t, &(struct ct_rec){.dept = d, .subject = s, .batch = b, .doc_no = "P3", .tag = 3});
    /* decided on or after 2026-02-20 is on time for a record stored on 2 March */
    assert_int_equal(t->op->mon_cutoff_put(t->st, "2026-03-02", "2026-02-20", &t->err), XY_OK);
    ct_commit(t);
    struct xy_mon_drill q = {0, d, "penalty", "2026-02-28T16:00:00Z", "2026-03-31T16:00:00Z", NULL, 0, 0, 1};
    assert_int_equal(t->op->mon_drill(t->st, &q, on_drill, got, &t->err), XY_OK);
    assert_string_equal(got, "P1;");
    /* the next page: after (stored at, id) of P1 */
    q.after_at = CT_NOW;
    q.after_a = 1;
    q.limit = 10;
    got[0] = '\0';
    assert_int_equal(t->op->mon_drill(t->st, &q, on_drill, got, &t->err), XY_OK);
    assert_string_equal(got, "P3;");
}

/* Facts as sorted lines "kind|dept|cls|key|t1|t2|n" (the facts come in no set order). */
struct lines {
    int n;
    char line[32][128];
};

static int on_line(void *ctx, const struct xy_mon_fact *f)
{
    struct lines *l = ctx;
    assert_true(l->n < 32);
    snprintf(l->line[l->n++], sizeof l->line[0], "%d|%s|%s|%s|%s|%s|%lld", (int)f->kind, f->dept ? f->dept : "",
             f->cls ? f->cls : "", f->key ? f->key : "", f->t1 ? f->t1 : "", f->t2 ? f->t2 : "", (long long)f->n);
    return 0;
}

static int by_text(const void *a, const void *b)
{
    return strcmp(a, b);
}

static void joined(struct lines *l, char *out, size_t size)
{
    qsort(l->line, (size_t)l->n, sizeof l->line[0], by_text);
    out[0] = '\0';
    for (int i = 0; i < l->n; i++) {
        size_t len = strlen(out);
        snprintf(out + len, size - len, "%s;", l->line[i]);
    }
}

/* A stamp's Beijing day is the UTC day until 16:00 and the next from then on, across a month's,
 * a year's and a leap day's end, with or without fractions of a second; the same day keys the
 * cutoff the late drill joins. */
static void test_beijing_days(void **state)
{
    struct ct *t = *state;
    static uint8_t h[32], sig[72];
    char got[2048], want[2048];
    ct_begin(t);
    int64_t d = ct_dept(t, DEPT, "市监局");
    int64_t s = ct_org(t, "91420684MA4927PJ7B", "某公司");
    int64_t b = ct_batch(t, d, "penalty");
    const char *stored[] = {"2026-12-31T15:59:59Z", "2026-12-31T16:00:00Z", "2028-02-28T16:30:00Z",
                            "2028-02-29T07:59:59.999Z", "2027-02-28T16:00:00Z", NULL};
    for (int i = 0; stored[i]; i++) {
        char no[16];
        snprintf(no, sizeof no, "D%d", i);
        ct_record(t, &(struct ct_rec){.dept = d, .subject = s, .batch = b, .doc_no = no, .tag = (uint8_t)(i + 1),
                                      .created_at = stored[i]});
    }
    struct xy_batch_row fin = {.id = b, .dept_id = d, .cls = "penalty", .rows = 5, .accepted = 3, .rejected = 2,
                               .added = 3, .started_at = CT_NOW, .finished_at = "2026-12-31T16:00:00Z"};
    assert_int_equal(t->op->batch_finish(t->st, &fin, &t->err), XY_OK);
    int64_t cid = 0;
    struct xy_check_row c = {.at = "2027-06-30T23:59:59Z", .key_id = 3, .dept_uscc = DEPT, .matter = "420100-CG-001",
                             .subject_id = s, .hits = 1, .answer = "{\"entries\":[]}", .feedback_due = "2027-07-14"};
    assert_int_equal(t->op->check_add(t->st, &c, &cid, &t->err), XY_OK);
    struct xy_report_row r = {.number = "420120270201000001", .day = "2027-02-01", .seq = 1, .subject_id = s,
                              .kind = "org", .edition = "public", .format = "json", .role = "public",
                              .issued_at = "2027-01-31T16:00:00Z", .json_sm3 = h, .signature = sig,
                              .signature_len = sizeof sig};
    assert_int_equal(t->op->report_add(t->st, &r, &t->err), XY_OK);
    /* on time from 2026-12-20 for what was stored on 1 January (Beijing) */
    assert_int_equal(t->op->mon_cutoff_put(t->st, "2027-01-01", "2026-12-20", &t->err), XY_OK);
    ct_commit(t);

    struct xy_mon_scan q = {"2026-01-01T00:00:00Z", "2029-01-01T00:00:00Z", "2028-12-31", lists, force, exits, 0};
    struct lines l = {0};
    assert_int_equal(t->op->mon_day_facts(t->st, &q, 0, on_line, &l, &t->err), XY_OK);
    joined(&l, got, sizeof got);
    snprintf(want, sizeof want,
             "10|||public||2027-02-01|1;1|%1$s|penalty||2026-01-10|2026-12-31|1;1|%1$s|penalty||2026-01-10|2027-01-01|1;"
             "1|%1$s|penalty||2026-01-10|2027-03-01|1;1|%1$s|penalty||2026-01-10|2028-02-29|2;"
             "2|%1$s|penalty|accepted||2027-01-01|3;2|%1$s|penalty|rejected||2027-01-01|2;"
             "2|%1$s|penalty|rows||2027-01-01|5;5|%1$s||||2027-07-01|1;",
             DEPT);
    assert_string_equal(got, want);

    char drilled[256] = "";
    struct xy_mon_drill dq = {0, d, "penalty", "2026-01-01T00:00:00Z", "2029-01-01T00:00:00Z", NULL, 0, 0, 10};
    assert_int_equal(t->op->mon_drill(t->st, &dq, on_drill, drilled, &t->err), XY_OK);
    assert_string_equal(drilled, "D1;");
}

/* The refresh's mark (migration 28): none before a refresh; mon_mark_set keeps the largest record
 * id and the rules; a rollup writes the refresh afresh, without its mark; mon_records_after finds the
 * earliest stamp of a first version stored after the mark, within a span; mon_day_records sums the
 * days' "records" and "timely". */
static void test_refresh_mark(void **state)
{
    struct ct *t = *state;
    char rules[64], stamp[32], got[1024];
    int64_t mark = -1;
    assert_int_equal(t->op->mon_mark_get(t->st, &mark, rules, &t->err), XY_ENOTFOUND);
    ct_begin(t);
    int64_t d = ct_dept(t, DEPT, "市监局");
    int64_t s = ct_org(t, "91420684MA4927PJ7B", "某公司");
    int64_t b = ct_batch(t, d, "penalty");
    ct_record(t, &(struct ct_rec){.dept = d, .subject = s, .batch = b, .doc_no = "P1", .tag = 1});
    int64_t last = ct_record(t, &(struct ct_rec){.dept = d, .subject = s, .batch = b, .doc_no = "P2", .tag = 2});
    const struct xy_mon_agg_row rows[] = {
        {"2026-03-01", DEPT, NULL, "penalty", "records", 3},
        {"2026-03-02", DEPT, NULL, "penalty", "records", 2},
        {"2026-03-02", DEPT, NULL, "penalty", "timely", 1},
        {"2026-03-02", DEPT, NULL, "", "checks", 1},
        {"2026-04-01", DEPT, NULL, "penalty", "records", 9},
    };
    assert_int_equal(t->op->mon_agg_add(t->st, rows, sizeof rows / sizeof *rows, &t->err), XY_OK);
    assert_int_equal(t->op->mon_agg_rollup(t->st, "2026-03", "2026-04", "2026-04-01", CT_NOW, &t->err), XY_OK);
    assert_int_equal(t->op->mon_mark_set(t->st, "rules-1", &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(t->op->mon_mark_get(t->st, &mark, rules, &t->err), XY_OK);
    assert_int_equal(mark, last);
    assert_string_equal(rules, "rules-1");
    assert_int_equal(t->op->mon_records_after(t->st, mark, "", "~", stamp, &t->err), XY_OK);
    assert_string_equal(stamp, "");

    struct lines l = {0};
    assert_int_equal(t->op->mon_day_records(t->st, "2026-03-01", "2026-03-31", on_line, &l, &t->err), XY_OK);
    joined(&l, got, sizeof got);
    assert_string_equal(got, "11|" DEPT "|penalty|records|||5;11|" DEPT "|penalty|timely|||1;");

    /* stored after the mark, one with a stamp before the others (the clock went back), one a
     * second version (not a first submission) */
    ct_begin(t);
    ct_record(t, &(struct ct_rec){.dept = d, .subject = s, .batch = b, .doc_no = "P3", .tag = 3,
                                  .created_at = "2026-03-05T01:00:00Z"});
    ct_record(t, &(struct ct_rec){.dept = d, .subject = s, .batch = b, .doc_no = "P4", .tag = 4,
                                  .created_at = "2026-02-27T01:00:00Z"});
    ct_record(t, &(struct ct_rec){.dept = d, .subject = s, .batch = b, .doc_no = "P1", .version = 2, .tag = 5,
                                  .created_at = "2026-01-01T01:00:00Z"});
    ct_commit(t);
    assert_int_equal(t->op->mon_records_after(t->st, mark, "", "~", stamp, &t->err), XY_OK);
    assert_string_equal(stamp, "2026-02-27T01:00:00Z");
    assert_int_equal(t->op->mon_records_after(t->st, mark, "2026-02-28T16:00:00Z", "2026-03-31T16:00:00Z", stamp,
                                              &t->err), XY_OK);
    assert_string_equal(stamp, "2026-03-05T01:00:00Z");
    assert_int_equal(t->op->mon_records_after(t->st, mark, "2026-03-31T16:00:00Z", "2026-04-30T16:00:00Z", stamp,
                                              &t->err), XY_OK);
    assert_string_equal(stamp, "");

    /* a rollup on its own leaves no mark: the next refresh counts everything again */
    ct_begin(t);
    assert_int_equal(t->op->mon_agg_rollup(t->st, "2026-04", "2026-04", "2026-04-02", CT_NOW, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(t->op->mon_mark_get(t->st, &mark, rules, &t->err), XY_OK);
    assert_int_equal(mark, 0);
    assert_string_equal(rules, "");
}

/* A rollup takes every month's declared figures afresh (exempt 0 when not given), with the
 * department's district, into the month's and the city's counts; the city counts the departments
 * with checks or feedback. */
static void test_declared_rollup(void **state)
{
    struct ct *t = *state;
    char got[1024] = "";
    ct_begin(t);
    int64_t d = ct_dept(t, DEPT, "市监局");
    assert_int_equal(t->op->unit_set(t->st, d, "420102", "district_dept", &t->err), XY_OK);
    assert_int_equal(t->op->declaration_put(t->st, d, "2026-02",
                                            "{\"classes\":[{\"class\":\"license\",\"decided\":4,\"exempt\":0},"
                                            "{\"class\":\"penalty\",\"decided\":12,\"exempt\":3}]}",
                                            CT_NOW, 1, &t->err),
                     XY_OK);
    const struct xy_mon_agg_row rows[] = {{"2026-02-10", DEPT, NULL, "", "feedback", 2}};
    assert_int_equal(t->op->mon_agg_add(t->st, rows, 1, &t->err), XY_OK);
    assert_int_equal(t->op->mon_agg_rollup(t->st, "2026-02", "2026-02", "2026-02-28", CT_NOW, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(t->op->mon_agg_read(t->st, "2026-02", "2026-02", DEPT, on_agg, got, &t->err), XY_OK);
    assert_string_equal(got, "2026-02|" DEPT "|420102||feedback|2;2026-02|" DEPT "|420102|license|declared|4;"
                             "2026-02|" DEPT "|420102|license|exempt|0;2026-02|" DEPT "|420102|penalty|declared|12;"
                             "2026-02|" DEPT "|420102|penalty|exempt|3;");
    got[0] = '\0';
    assert_int_equal(t->op->mon_agg_read(t->st, "2026-01", "2026-03", "*", on_agg, got, &t->err), XY_OK);
    assert_string_equal(got, "2026-02||||depts|1;2026-02||||feedback|2;2026-02|||license|declared|4;"
                             "2026-02|||license|exempt|0;2026-02|||penalty|declared|12;2026-02|||penalty|exempt|3;");
    /* declared again with less: taken afresh, not added */
    ct_begin(t);
    assert_int_equal(t->op->declaration_put(t->st, d, "2026-02",
                                            "{\"classes\":[{\"class\":\"penalty\",\"decided\":1,\"exempt\":0}]}",
                                            CT_NOW, 1, &t->err),
                     XY_OK);
    assert_int_equal(t->op->mon_agg_rollup(t->st, "2026-03", "2026-03", "2026-03-01", CT_NOW, &t->err), XY_OK);
    ct_commit(t);
    got[0] = '\0';
    assert_int_equal(t->op->mon_agg_read(t->st, "2026-02", "2026-02", NULL, on_agg, got, &t->err), XY_OK);
    assert_string_equal(got, "2026-02|" DEPT "|420102||feedback|2;2026-02|" DEPT "|420102|penalty|declared|1;"
                             "2026-02|" DEPT "|420102|penalty|exempt|0;");
}

static int on_rejected(void *ctx, const struct xy_mon_drill_row *r)
{
    char *out = ctx;
    size_t len = strlen(out);
    snprintf(out + len, 512 - len, "%lld.%lld %s %s %ld %s=%s %s %s;", (long long)r->a, (long long)r->b, r->cls,
             r->at, (long)r->row_no, r->field, r->value, r->code, r->reason);
    return 0;
}

/* The rejected rows behind a rate: a department's batches of the class finished in the span, by
 * (batch, sequence), a page at a time. */
static void test_drill_rejected(void **state)
{
    struct ct *t = *state;
    char got[512] = "", want[512];
    ct_begin(t);
    int64_t d = ct_dept(t, DEPT, "市监局");
    int64_t b1 = ct_batch(t, d, "penalty"), b2 = ct_batch(t, d, "penalty"), b3 = ct_batch(t, d, "license");
    const char *done[] = {"2026-03-02T08:00:00Z", "2026-03-03T08:00:00Z", "2026-03-03T09:00:00Z"};
    int64_t ids[] = {b1, b2, b3};
    for (int i = 0; i < 3; i++) {
        struct xy_batch_row fin = {.id = ids[i], .dept_id = d, .cls = i == 2 ? "license" : "penalty", .rows = 2,
                                   .accepted = 0, .rejected = 2, .started_at = CT_NOW, .finished_at = done[i]};
        assert_int_equal(t->op->batch_finish(t->st, &fin, &t->err), XY_OK);
        for (long k = 1; k <= 2; k++)
            assert_int_equal(t->op->reject_add(t->st, ids[i], k, k + 1, "doc_no", "x", "E_FORMAT", "坏", &t->err),
                             XY_OK);
    }
    ct_commit(t);
    struct xy_mon_drill q = {1, d, "penalty", "2026-02-28T16:00:00Z", "2026-03-31T16:00:00Z", NULL, 0, 0, 3};
    assert_int_equal(t->op->mon_drill(t->st, &q, on_rejected, got, &t->err), XY_OK);
    snprintf(want, sizeof want,
             "%1$lld.1 penalty 2026-03-02T08:00:00Z 2 doc_no=x E_FORMAT 坏;"
             "%1$lld.2 penalty 2026-03-02T08:00:00Z 3 doc_no=x E_FORMAT 坏;"
             "%2$lld.1 penalty 2026-03-03T08:00:00Z 2 doc_no=x E_FORMAT 坏;",
             (long long)b1, (long long)b2);
    assert_string_equal(got, want);
    q.after_a = b2;
    q.after_b = 1;
    got[0] = '\0';
    assert_int_equal(t->op->mon_drill(t->st, &q, on_rejected, got, &t->err), XY_OK);
    snprintf(want, sizeof want, "%lld.2 penalty 2026-03-03T08:00:00Z 3 doc_no=x E_FORMAT 坏;", (long long)b2);
    assert_string_equal(got, want);
}

const struct CMUnitTest ct_dashboard_tests[] = {
    CT_CASE(test_days_and_months),
    CT_CASE(test_drill_late),
    CT_CASE(test_beijing_days),
    CT_CASE(test_refresh_mark),
    CT_CASE(test_declared_rollup),
    CT_CASE(test_drill_rejected),
};
const size_t ct_dashboard_count = CT_COUNT(ct_dashboard_tests);
