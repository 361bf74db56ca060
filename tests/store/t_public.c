/* SPDX-License-Identifier: Apache-2.0 */
/* Contract: what the public sees on a day (records_by_class and records_filtered with public_on,
 * public_counts). Kept apart from the other record cases: the publicity rule is today built into
 * the store (published, current, public_until on or after the day) and may become parameters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "contract.h"

#define DEPT_A "11420100MB1234562H"
#define DEPT_B "11420100MB1514396X"
#define USCC_A "91420684MA4927PJ7B" /* region 420684 */
#define USCC_B "91440300708461136T" /* region 440300 */

/* The records of the day CT_DAY (2026-03-02): which are public and which not, and why. */
struct board {
    int64_t r1, r2, r3, r4, r5, r6, r7v1, r7v2, r8, lic;
};

static struct board board(struct ct *t)
{
    struct board x;
    ct_begin(t);
    int64_t a = ct_dept(t, DEPT_A, "甲局"), b = ct_dept(t, DEPT_B, "乙局");
    int64_t sa = ct_org(t, USCC_A, "甲公司"), sb = ct_org(t, USCC_B, "乙公司"), sp = ct_person(t, 5, "张三");
    int64_t ba = ct_batch(t, a, "penalty"), bb = ct_batch(t, b, "penalty");
    /* public: in its window */
    x.r1 = ct_record(t, &(struct ct_rec){.dept = a, .subject = sa, .batch = ba, .doc_no = "R1",
                                          .decision_date = "2026-01-10", .public_until = "2027-01-10"});
    /* public: no end to its window */
    x.r2 = ct_record(t, &(struct ct_rec){.dept = b, .subject = sb, .batch = bb, .doc_no = "R2",
                                          .decision_date = "2025-06-01", .public_until = "-"});
    /* public: its window ends today */
    x.r3 = ct_record(t, &(struct ct_rec){.dept = a, .subject = sa, .batch = ba, .doc_no = "R3",
                                          .decision_date = "2026-03-01", .public_until = CT_DAY});
    /* not public: its window ended yesterday */
    x.r4 = ct_record(t, &(struct ct_rec){.dept = a, .subject = sb, .batch = ba, .doc_no = "R4",
                                          .decision_date = "2026-01-20", .public_until = "2026-03-01"});
    /* not public: not published, or no longer */
    x.r5 = ct_record(t, &(struct ct_rec){.dept = a, .subject = sa, .batch = ba, .doc_no = "R5",
                                          .status = "unpublished"});
    x.r6 = ct_record(t, &(struct ct_rec){.dept = a, .subject = sa, .batch = ba, .doc_no = "R6",
                                          .status = "withdrawn"});
    /* a corrected record: only its current version */
    x.r7v1 = ct_record(t, &(struct ct_rec){.dept = b, .subject = sa, .batch = bb, .doc_no = "R7",
                                            .decision_date = "2025-11-01"});
    x.r7v2 = ct_record(t, &(struct ct_rec){.dept = b, .subject = sa, .batch = bb, .doc_no = "R7", .version = 2,
                                            .tag = 2, .decision_date = "2025-11-01"});
    /* public: a person's record (no code, so no region) */
    x.r8 = ct_record(t, &(struct ct_rec){.dept = b, .subject = sp, .batch = bb, .doc_no = "R8",
                                          .decision_date = "2026-02-15"});
    /* another class */
    x.lic = ct_record(t, &(struct ct_rec){.cls = "licence", .dept = a, .subject = sa, .batch = ba, .doc_no = "L1"});
    ct_commit(t);
    return x;
}

static void expect(const struct ct_rows *r, const int64_t *ids, int n)
{
    assert_int_equal(r->n, n);
    for (int i = 0; i < n; i++)
        assert_int_equal(r->r[i].id, ids[i]);
}

static void by_class(struct ct *t, const char *cls, int64_t after, int limit, struct ct_rows *r)
{
    memset(r, 0, sizeof *r);
    assert_int_equal(t->op->records_by_class(t->st, cls, ct_pub(CT_DAY), after, limit, ct_on_record, r, &t->err), XY_OK);
}

static void filtered(struct ct *t, const char *dept, const char *region, const char *from, const char *to,
                     int64_t after, int limit, struct ct_rows *r)
{
    memset(r, 0, sizeof *r);
    assert_int_equal(t->op->records_filtered(t->st, "penalty", ct_pub(CT_DAY), dept, region, from, to, after, limit,
                                             ct_on_record, r, &t->err),
                     XY_OK);
}

static void test_by_class_public_on(void **state)
{
    struct ct *t = *state;
    struct board x = board(t);
    struct ct_rows *r = calloc(1, sizeof *r);
    assert_non_null(r);
    by_class(t, "penalty", 0, 100, r);
    expect(r, (int64_t[]){x.r1, x.r2, x.r3, x.r7v2, x.r8}, 5);
    by_class(t, "penalty", 0, 2, r);
    expect(r, (int64_t[]){x.r1, x.r2}, 2);
    by_class(t, "penalty", x.r2, 2, r);
    expect(r, (int64_t[]){x.r3, x.r7v2}, 2);
    by_class(t, "penalty", x.r7v2, 2, r);
    expect(r, (int64_t[]){x.r8}, 1);
    by_class(t, "licence", 0, 100, r);
    expect(r, (int64_t[]){x.lic}, 1);
    /* The day decides: on the last day of R4's window it is public, after R3's it is not. */
    memset(r, 0, sizeof *r);
    assert_int_equal(t->op->records_by_class(t->st, "penalty", ct_pub("2026-03-01"), 0, 100, ct_on_record, r, &t->err), XY_OK);
    expect(r, (int64_t[]){x.r1, x.r2, x.r3, x.r4, x.r7v2, x.r8}, 6);
    memset(r, 0, sizeof *r);
    assert_int_equal(t->op->records_by_class(t->st, "penalty", ct_pub("2026-03-03"), 0, 100, ct_on_record, r, &t->err), XY_OK);
    expect(r, (int64_t[]){x.r1, x.r2, x.r7v2, x.r8}, 4);
    /* Without public_on: every current record of the class. */
    memset(r, 0, sizeof *r);
    assert_int_equal(t->op->records_by_class(t->st, "penalty", NULL, 0, 100, ct_on_record, r, &t->err), XY_OK);
    expect(r, (int64_t[]){x.r1, x.r2, x.r3, x.r4, x.r5, x.r6, x.r7v2, x.r8}, 8);
    free(r);
}

static void test_filtered_each_filter(void **state)
{
    struct ct *t = *state;
    struct board x = board(t);
    struct ct_rows *r = calloc(1, sizeof *r);
    assert_non_null(r);
    filtered(t, NULL, NULL, NULL, NULL, 0, 100, r);
    expect(r, (int64_t[]){x.r1, x.r2, x.r3, x.r7v2, x.r8}, 5);
    filtered(t, DEPT_A, NULL, NULL, NULL, 0, 100, r);
    expect(r, (int64_t[]){x.r1, x.r3}, 2);
    filtered(t, DEPT_B, NULL, NULL, NULL, 0, 100, r);
    expect(r, (int64_t[]){x.r2, x.r7v2, x.r8}, 3);
    filtered(t, "91000000000000000X", NULL, NULL, NULL, 0, 100, r);
    expect(r, NULL, 0);
    filtered(t, NULL, "420684", NULL, NULL, 0, 100, r);
    expect(r, (int64_t[]){x.r1, x.r3, x.r7v2}, 3);
    filtered(t, NULL, "440300", NULL, NULL, 0, 100, r);
    expect(r, (int64_t[]){x.r2}, 1);
    filtered(t, NULL, NULL, "2026-01-10", "2026-02-15", 0, 100, r); /* both ends inclusive */
    expect(r, (int64_t[]){x.r1, x.r8}, 2);
    filtered(t, NULL, NULL, "2026-01-10", NULL, 0, 100, r);
    expect(r, (int64_t[]){x.r1, x.r3, x.r8}, 3);
    filtered(t, NULL, NULL, NULL, "2025-12-31", 0, 100, r);
    expect(r, (int64_t[]){x.r2, x.r7v2}, 2);
    filtered(t, DEPT_B, "420684", NULL, NULL, 0, 100, r); /* filters combine */
    expect(r, (int64_t[]){x.r7v2}, 1);
    filtered(t, DEPT_A, "420684", "2026-03-01", "2026-03-01", 0, 100, r);
    expect(r, (int64_t[]){x.r3}, 1);
    filtered(t, NULL, NULL, NULL, NULL, 0, 2, r); /* paging */
    expect(r, (int64_t[]){x.r1, x.r2}, 2);
    filtered(t, NULL, NULL, NULL, NULL, x.r2, 2, r);
    expect(r, (int64_t[]){x.r3, x.r7v2}, 2);
    filtered(t, DEPT_B, NULL, NULL, NULL, x.r2, 1, r);
    expect(r, (int64_t[]){x.r7v2}, 1);
    filtered(t, NULL, NULL, NULL, NULL, x.r8, 2, r);
    expect(r, NULL, 0);
    free(r);
}

struct counts {
    int n;
    char metric[8][16], key[8][32];
    int64_t value[8];
};

static int on_count(void *ctx, const char *metric, const char *key, int64_t value)
{
    struct counts *c = ctx;
    assert_true(c->n < 8);
    ct_cpy(c->metric[c->n], sizeof c->metric[0], metric);
    ct_cpy(c->key[c->n], sizeof c->key[0], key);
    c->value[c->n] = value;
    c->n++;
    return 0;
}

static int64_t count_of(const struct counts *c, const char *metric, const char *key)
{
    int64_t v = -1;
    for (int i = 0; i < c->n; i++)
        if (strcmp(c->metric[i], metric) == 0 && strcmp(c->key[i], key) == 0) {
            assert_int_equal(v, -1); /* once each */
            v = c->value[i];
        }
    return v;
}

/* Current published records inside their window by class, and subjects by kind. */
static void test_public_counts(void **state)
{
    struct ct *t = *state;
    struct counts c = {0};
    assert_int_equal(t->op->public_counts(t->st, ct_pub(CT_DAY), on_count, &c, &t->err), XY_OK);
    assert_int_equal(c.n, 0);
    board(t);
    assert_int_equal(t->op->public_counts(t->st, ct_pub(CT_DAY), on_count, &c, &t->err), XY_OK);
    assert_int_equal(c.n, 4);
    assert_int_equal(count_of(&c, "records", "penalty"), 5);
    assert_int_equal(count_of(&c, "records", "licence"), 1);
    assert_int_equal(count_of(&c, "subjects", "org"), 2);
    assert_int_equal(count_of(&c, "subjects", "person"), 1);
    memset(&c, 0, sizeof c);
    assert_int_equal(t->op->public_counts(t->st, ct_pub("2026-03-01"), on_count, &c, &t->err), XY_OK);
    assert_int_equal(count_of(&c, "records", "penalty"), 6);
}

/* records_browse: ids in the order given, and every row carries its subject's public id. */
struct browsed {
    int n;
    int64_t id[16];
    int all_refs;
};

static int on_browsed(void *ctx, const struct xy_record_row *r)
{
    struct browsed *b = ctx;
    assert_true(b->n < 16);
    b->id[b->n++] = r->id;
    b->all_refs &= r->subject_opaque != NULL && r->subject_opaque[0] != '\0';
    return 0;
}

static void browse(struct ct *t, const char *day, const struct xy_browse_filter *f, int limit, const int64_t *ids,
                   int n)
{
    struct browsed b = {.all_refs = 1};
    assert_int_equal(t->op->records_browse(t->st, "penalty", ct_pub(day), f, limit, on_browsed, &b, &t->err), XY_OK);
    assert_int_equal(b.n, n);
    for (int i = 0; i < n; i++)
        assert_int_equal(b.id[i], ids[i]);
    assert_true(b.all_refs);
}

/* Newest first by decision date, then id; each filter; the cursor (date, id) strictly before. */
static void test_browse(void **state)
{
    struct ct *t = *state;
    struct board x = board(t);
    ct_begin(t);
    int64_t b = 0, sb = ct_org(t, USCC_B, "乙公司");
    char name[32];
    assert_int_equal(t->op->dept_get(t->st, DEPT_B, &b, name, sizeof name, &t->err), XY_OK);
    int64_t bb = ct_batch(t, b, "penalty");
    /* the same day as r1, a higher id: before it */
    int64_t r9 = ct_record(t, &(struct ct_rec){.dept = b, .subject = sb, .batch = bb, .doc_no = "R9",
                                                .decision_date = "2026-01-10"});
    ct_commit(t);
    browse(t, CT_DAY, &(struct xy_browse_filter){0}, 100, (int64_t[]){x.r3, x.r8, r9, x.r1, x.r7v2, x.r2}, 6);
    /* the day decides: R4 on the last day of its window, not R3 after its own */
    browse(t, "2026-03-01", &(struct xy_browse_filter){0}, 100,
           (int64_t[]){x.r3, x.r8, x.r4, r9, x.r1, x.r7v2, x.r2}, 7);
    browse(t, "2026-03-03", &(struct xy_browse_filter){0}, 100, (int64_t[]){x.r8, r9, x.r1, x.r7v2, x.r2}, 5);
    /* paging: the cursor is the last row's (date, id) */
    browse(t, CT_DAY, &(struct xy_browse_filter){0}, 2, (int64_t[]){x.r3, x.r8}, 2);
    browse(t, CT_DAY, &(struct xy_browse_filter){.before_date = "2026-02-15", .before_id = x.r8}, 2,
           (int64_t[]){r9, x.r1}, 2);
    browse(t, CT_DAY, &(struct xy_browse_filter){.before_date = "2026-01-10", .before_id = r9}, 2,
           (int64_t[]){x.r1, x.r7v2}, 2);
    browse(t, CT_DAY, &(struct xy_browse_filter){.before_date = "2025-06-01", .before_id = x.r2}, 2, NULL, 0);
    /* filters */
    browse(t, CT_DAY, &(struct xy_browse_filter){.dept_uscc = DEPT_A}, 100, (int64_t[]){x.r3, x.r1}, 2);
    browse(t, CT_DAY, &(struct xy_browse_filter){.dept_uscc = DEPT_B, .before_date = "2026-02-15", .before_id = x.r8},
           100, (int64_t[]){r9, x.r7v2, x.r2}, 3);
    browse(t, CT_DAY, &(struct xy_browse_filter){.dept_uscc = "91000000000000000X"}, 100, NULL, 0);
    browse(t, CT_DAY, &(struct xy_browse_filter){.region = "420684"}, 100, (int64_t[]){x.r3, x.r1, x.r7v2}, 3);
    browse(t, CT_DAY, &(struct xy_browse_filter){.from = "2026-01-10", .to = "2026-02-15"}, 100,
           (int64_t[]){x.r8, r9, x.r1}, 3);
    browse(t, CT_DAY, &(struct xy_browse_filter){.to = "2025-12-31"}, 100, (int64_t[]){x.r7v2, x.r2}, 2);
    browse(t, CT_DAY, &(struct xy_browse_filter){.dept_uscc = DEPT_B, .region = "440300", .from = "2026-01-01"}, 100,
           (int64_t[]){r9}, 1);
}

const struct CMUnitTest ct_public_tests[] = {
    CT_CASE(test_by_class_public_on),
    CT_CASE(test_browse),
    CT_CASE(test_filtered_each_filter),
    CT_CASE(test_public_counts),
};
const size_t ct_public_count = CT_COUNT(ct_public_tests);
