/* SPDX-License-Identifier: Apache-2.0 */
/* Contract: the dashboards' aggregates (migration 25): the facts of a span by Beijing day, counts
 * added to days and months and summed into months with the departments' districts and the city's
 * sums, the day a refresh reached, and the late records behind a rate found through a day's cutoff,
 * a page at a time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
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

const struct CMUnitTest ct_dashboard_tests[] = {
    CT_CASE(test_days_and_months),
    CT_CASE(test_drill_late),
};
const size_t ct_dashboard_count = CT_COUNT(ct_dashboard_tests);
