/* SPDX-License-Identifier: Apache-2.0 */
/* Contract: what an evaluation model reads (eval_scan), now and as of a past time: the version of
 * each record current then, in the status it had then, whatever was corrected, repaired, withdrawn
 * or expired since. */
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

static const char *const in_force[] = {"published", "unpublished", NULL};

struct seen {
    int64_t ids[16];
    size_t n;
    int subjects; /* rows of another subject */
};

static int on_row(void *ctx, const struct xy_eval_row *r)
{
    struct seen *s = ctx;
    if (r->record_id && s->n < 16)
        s->ids[s->n++] = r->record_id;
    return 0;
}

static void scan(struct ct *t, int64_t subject, const char *stored_by, struct seen *out)
{
    struct xy_eval_scan q = {.one = subject, .nclasses = 1, .statuses = in_force, .stored_by = stored_by};
    q.classes[0] = "penalty";
    memset(out, 0, sizeof *out);
    assert_int_equal(t->op->eval_scan(t->st, &q, on_row, out, &t->err), XY_OK);
}

static int has(const struct seen *s, int64_t id)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->ids[i] == id)
            return 1;
    return 0;
}

static void out_of_force(struct ct *t, int64_t record, int64_t subject, const char *status, const char *at)
{
    char kind[32];
    snprintf(kind, sizeof kind, "record.%s", status);
    assert_int_equal(t->op->record_set_status(t->st, record, status, &t->err), XY_OK);
    struct xy_change_row c = {.at = at, .kind = kind, .record_id = record, .subject_id = subject, .cls = "penalty"};
    assert_int_equal(t->op->change_add(t->st, &c, &t->err), XY_OK);
}

/* Stored on 1 March: a penalty corrected on the 5th (version 2), one repaired on the 4th, one withdrawn
 * on the 2nd; another arrives on the 6th. As of the 3rd, the first version and the repaired one count;
 * now, the second version and the late one. */
static void test_eval_scan_as_of(void **state)
{
    struct ct *t = *state;
    ct_begin(t);
    int64_t dept = ct_dept(t, DEPT, "武汉市市场监督管理局");
    int64_t a = ct_org(t, USCC_A, "华为技术有限公司"), b = ct_org(t, USCC_B, "腾讯科技有限公司");
    int64_t batch = ct_batch(t, dept, "penalty");
    const char *d1 = "2026-03-01T02:00:00Z";
    int64_t v1 = ct_record(t, &(struct ct_rec){.dept = dept, .subject = a, .batch = batch, .doc_no = "罚〔2026〕1号",
                                                .tag = 1, .created_at = d1});
    int64_t rep = ct_record(t, &(struct ct_rec){.dept = dept, .subject = a, .batch = batch, .doc_no = "罚〔2026〕2号",
                                                 .tag = 2, .created_at = d1});
    int64_t wd = ct_record(t, &(struct ct_rec){.dept = dept, .subject = a, .batch = batch, .doc_no = "罚〔2026〕3号",
                                                .tag = 3, .created_at = d1});
    int64_t other = ct_record(t, &(struct ct_rec){.dept = dept, .subject = b, .batch = batch,
                                                   .doc_no = "罚〔2026〕9号", .tag = 9, .created_at = d1});
    out_of_force(t, wd, a, "withdrawn", "2026-03-02T02:00:00Z");
    out_of_force(t, rep, a, "repaired", "2026-03-04T02:00:00Z");
    int64_t v2 = ct_record(t, &(struct ct_rec){.dept = dept, .subject = a, .batch = batch, .doc_no = "罚〔2026〕1号",
                                                .version = 2, .tag = 4, .created_at = "2026-03-05T02:00:00Z"});
    int64_t late = ct_record(t, &(struct ct_rec){.dept = dept, .subject = a, .batch = batch,
                                                  .doc_no = "罚〔2026〕4号", .tag = 5, .created_at = "2026-03-06T02:00:00Z"});
    ct_commit(t);

    struct seen s;
    scan(t, a, "2026-03-03T00:00:00Z", &s);
    assert_int_equal(s.n, 2);
    assert_true(has(&s, v1) && has(&s, rep));

    scan(t, a, NULL, &s); /* now */
    assert_int_equal(s.n, 2);
    assert_true(has(&s, v2) && has(&s, late));

    scan(t, a, "2026-03-05T02:00:00Z", &s); /* stored at that second: counts; the repair is past */
    assert_int_equal(s.n, 1);
    assert_true(has(&s, v2));

    scan(t, a, "2026-02-28T00:00:00Z", &s); /* before anything was stored */
    assert_int_equal(s.n, 0);

    scan(t, b, "2026-03-03T00:00:00Z", &s);
    assert_int_equal(s.n, 1);
    assert_true(has(&s, other));
}

static void put(struct ct *t, int64_t subject, const char *as_of, const char *model, const char *items)
{
    struct xy_eval_result_row r = {.subject_id = subject, .model_version = model, .as_of = as_of, .grade = "B",
                                   .score = 8000, .items = items};
    assert_int_equal(t->op->eval_put(t->st, &r, &t->err), XY_OK);
}

/* A new day: grades stamped before it with reasons, or under another model, are marked stale; a
 * grade with no reasons under the same model, or stamped since, stays; the id range bounds it. */
static void test_eval_mark_faded(void **state)
{
    struct ct *t = *state;
    ct_begin(t);
    int64_t s[5];
    for (int i = 0; i < 5; i++) {
        char uscc[19], name[32];
        snprintf(name, sizeof name, "公司%d", i);
        snprintf(uscc, sizeof uscc, "%s", i % 2 ? USCC_B : USCC_A);
        s[i] = i < 2 ? ct_org(t, uscc, name) : ct_person(t, (uint8_t)(i + 1), name);
    }
    const char *old = "2026-03-01T02:00:00Z", *since = "2026-03-02T01:00:00Z";
    put(t, s[0], old, "v1", "[]");
    put(t, s[1], old, "v1", "[[7,\"penalty.fine\",-500]]");
    put(t, s[2], old, "v0", "[]");
    put(t, s[3], since, "v1", "[[8,\"penalty.fine\",-500]]");
    put(t, s[4], old, "v0", "[]");
    ct_commit(t);
    int64_t n = -1, ids[8];
    size_t got = 0;
    ct_begin(t);
    assert_int_equal(t->op->eval_mark_faded(t->st, "2026-03-01T16:00:00Z", "v1", 0, s[3], &n, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(n, 2);
    assert_int_equal(t->op->eval_stale(t->st, 8, ids, &got, &t->err), XY_OK);
    assert_int_equal(got, 2);
    assert_int_equal(ids[0], s[1]);
    assert_int_equal(ids[1], s[2]);
}

const struct CMUnitTest ct_eval_tests[] = {
    CT_CASE(test_eval_scan_as_of),
    CT_CASE(test_eval_mark_faded),
};
const size_t ct_eval_count = CT_COUNT(ct_eval_tests);
