/* SPDX-License-Identifier: Apache-2.0 */
/* Contract: stored public answers (answer_*): a subject is marked stale by the store itself in the
 * transaction of a write to what its answer is built from (here: its creation, a record's status, its
 * department's name); a stale answer, one made by another build or one past its last day is not
 * given; the marks are listed lowest first and cleared one by one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "contract.h"

#define DEPT "11420100MB1234562H"
#define USCC_A "91420684MA4927PJ7B"
#define USCC_B "91440300708461136T"

struct got {
    int calls, none;
    char body[64];
};

static int on_answer(void *ctx, const char *body, size_t len)
{
    struct got *g = ctx;
    g->calls++;
    g->none = body == NULL;
    if (body)
        snprintf(g->body, sizeof g->body, "%.*s", (int)len, body);
    return 0;
}

static int get(struct ct *t, const char *uscc, const char *opaque, const char *made_by, const char *day,
               struct got *g)
{
    memset(g, 0, sizeof *g);
    return t->op->answer_get(t->st, uscc, opaque, made_by, day, on_answer, g, &t->err);
}

static size_t stale(struct ct *t, int64_t *ids)
{
    size_t n = 0;
    assert_int_equal(t->op->answer_stale(t->st, 8, ids, &n, &t->err), XY_OK);
    return n;
}

static void put(struct ct *t, int64_t subject, const char *made_by, const char *through, const char *body)
{
    ct_begin(t);
    assert_int_equal(t->op->answer_unstale(t->st, subject, &t->err), XY_OK);
    assert_int_equal(t->op->answer_put(t->st, subject, made_by, through, body, body ? strlen(body) : 0, &t->err),
                     XY_OK);
    ct_commit(t);
}

static void test_answers(void **state)
{
    struct ct *t = *state;
    struct got g;
    int64_t ids[8];
    ct_begin(t);
    int64_t dept = ct_dept(t, DEPT, "武汉市市场监督管理局");
    int64_t a = ct_org(t, USCC_A, "甲公司"), b = ct_org(t, USCC_B, "乙公司");
    int64_t batch = ct_batch(t, dept, "penalty");
    int64_t rec = ct_record(t, &(struct ct_rec){.dept = dept, .subject = a, .batch = batch, .doc_no = "罚1",
                                                .public_until = "2027-01-10"});
    ct_commit(t);
    char opaque_a[24];
    assert_int_equal(t->op->subject_ref(t->st, a, opaque_a, &t->err), XY_OK);

    /* New subjects are stale, and nothing is stored yet. */
    assert_int_equal(stale(t, ids), 2);
    assert_int_equal(ids[0], a);
    assert_int_equal(ids[1], b);
    assert_int_equal(get(t, USCC_A, NULL, "v1", CT_DAY, &g), XY_ENOTFOUND);
    assert_int_equal(g.calls, 0);

    /* Stored: given by code and by public id, through its last day; "no public page" as NULL. */
    put(t, a, "v1", "2027-01-10", "{\"a\":1}");
    put(t, b, "v1", NULL, NULL);
    assert_int_equal(stale(t, ids), 0);
    assert_int_equal(get(t, USCC_A, NULL, "v1", CT_DAY, &g), XY_OK);
    assert_int_equal(g.calls, 1);
    assert_string_equal(g.body, "{\"a\":1}");
    assert_int_equal(get(t, NULL, opaque_a, "v1", "2027-01-10", &g), XY_OK);
    assert_string_equal(g.body, "{\"a\":1}");
    assert_int_equal(get(t, USCC_B, NULL, "v1", "2099-01-01", &g), XY_OK);
    assert_int_equal(g.none, 1);
    /* Not past its last day, not made by another build. */
    assert_int_equal(get(t, USCC_A, NULL, "v1", "2027-01-11", &g), XY_ENOTFOUND);
    assert_int_equal(get(t, USCC_A, NULL, "v2", CT_DAY, &g), XY_ENOTFOUND);
    assert_int_equal(g.calls, 0);

    /* A record's status changes: its subject is stale at once, the other is not. */
    ct_begin(t);
    assert_int_equal(t->op->record_set_status(t->st, rec, "withdrawn", &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(get(t, USCC_A, NULL, "v1", CT_DAY, &g), XY_ENOTFOUND);
    assert_int_equal(get(t, USCC_B, NULL, "v1", CT_DAY, &g), XY_OK);
    assert_int_equal(stale(t, ids), 1);
    assert_int_equal(ids[0], a);

    /* A write rolled back marks nothing. */
    put(t, a, "v1", NULL, "{\"a\":2}");
    ct_begin(t);
    assert_int_equal(t->op->record_set_status(t->st, rec, "published", &t->err), XY_OK);
    assert_int_equal(t->op->rollback(t->st), XY_OK);
    assert_int_equal(stale(t, ids), 0);
    assert_int_equal(get(t, USCC_A, NULL, "v1", CT_DAY, &g), XY_OK);
    assert_string_equal(g.body, "{\"a\":2}");

    /* The department's name changes: the subjects with its records. */
    int64_t again = 0;
    ct_begin(t);
    assert_int_equal(t->op->dept_add(t->st, DEPT, "武汉市市场监管局", CT_NOW, &again, &t->err), XY_EEXIST);
    ct_commit(t);
    assert_int_equal(stale(t, ids), 1);
    assert_int_equal(ids[0], a);

    /* Answers past their last day, and those made by another build, are marked; a dropped answer
     * is gone. */
    put(t, a, "v1", "2026-12-31", "{\"a\":3}");
    int64_t n = 0;
    ct_begin(t);
    assert_int_equal(t->op->answer_mark_old(t->st, "v1", "2027-01-01", &n, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(n, 1);
    assert_int_equal(stale(t, ids), 1);
    assert_int_equal(ids[0], a);
    ct_begin(t);
    assert_int_equal(t->op->answer_mark_old(t->st, "v2", CT_DAY, &n, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(n, 1); /* b; a was marked already */
    assert_int_equal(stale(t, ids), 2);
    ct_begin(t);
    assert_int_equal(t->op->answer_unstale(t->st, a, &t->err), XY_OK);
    assert_int_equal(t->op->answer_drop(t->st, a, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(get(t, USCC_A, NULL, "v1", CT_DAY, &g), XY_ENOTFOUND);
}

/* A batch import's marks: while deferred, inserts of subjects, names and records mark nothing (updates
 * still do); answer_mark_batch marks every subject with a record of the batch, new or corrected, and
 * none other, and ends the deferral, as a rollback does. */
static void test_answers_batch(void **state)
{
    struct ct *t = *state;
    int64_t ids[8];
    ct_begin(t);
    int64_t dept = ct_dept(t, DEPT, "武汉市市场监督管理局");
    int64_t a = ct_org(t, USCC_A, "甲公司"), b = ct_org(t, USCC_B, "乙公司");
    int64_t c = ct_org(t, "91110000600037341L", "丙公司");
    int64_t b0 = ct_batch(t, dept, "penalty");
    ct_record(t, &(struct ct_rec){.dept = dept, .subject = a, .batch = b0, .doc_no = "罚1"});
    ct_record(t, &(struct ct_rec){.dept = dept, .subject = b, .batch = b0, .doc_no = "罚2"});
    ct_commit(t);
    put(t, a, "v1", NULL, "{}");
    put(t, b, "v1", NULL, "{}");
    put(t, c, "v1", NULL, "{}");
    assert_int_equal(stale(t, ids), 0);

    ct_begin(t);
    assert_int_equal(t->op->answer_defer(t->st, &t->err), XY_OK);
    int64_t b1 = ct_batch(t, dept, "penalty");
    int64_t d = ct_org(t, "91440300MA5DC1234X", "丁公司");
    int64_t first = ct_record(t, &(struct ct_rec){.dept = dept, .subject = d, .batch = b1, .doc_no = "罚3"});
    /* A corrected row: a new version, the old one no longer current (an update, marked at once). */
    int64_t last = ct_record(t, &(struct ct_rec){.dept = dept, .subject = a, .batch = b1, .doc_no = "罚1",
                                                 .version = 2, .tag = 2});
    assert_int_equal(stale(t, ids), 1);
    assert_int_equal(ids[0], a);
    assert_int_equal(t->op->answer_mark_batch(t->st, b1, first, last, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(stale(t, ids), 2);
    assert_int_equal(ids[0], a);
    assert_int_equal(ids[1], d);

    /* The deferral ended: an insert marks its subject again. */
    ct_begin(t);
    ct_record(t, &(struct ct_rec){.dept = dept, .subject = c, .batch = b1, .doc_no = "罚4"});
    ct_commit(t);
    assert_int_equal(stale(t, ids), 3);
    assert_int_equal(ids[1], c);

    /* A rollback ends it too. */
    ct_begin(t);
    assert_int_equal(t->op->answer_defer(t->st, &t->err), XY_OK);
    assert_int_equal(t->op->rollback(t->st), XY_OK);
    ct_begin(t);
    ct_record(t, &(struct ct_rec){.dept = dept, .subject = b, .batch = b1, .doc_no = "罚5"});
    ct_commit(t);
    assert_int_equal(stale(t, ids), 4);
    assert_int_equal(ids[1], b);
}

const struct CMUnitTest ct_answers_tests[] = {
    CT_CASE(test_answers),
    CT_CASE(test_answers_batch),
};
const size_t ct_answers_count = CT_COUNT(ct_answers_tests);
