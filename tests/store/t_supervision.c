/* SPDX-License-Identifier: Apache-2.0 */
/* Contract: supervision notices: a candidate raised once per (rule, department, period, subject);
 * the list's filters (department, states, due before, sent between, cursor, limit); an update only
 * from the state the caller read (XY_ESTATE otherwise, XY_ENOTFOUND for no notice); numbers counted
 * by prefix; answers numbered per notice with their files, a verdict given once; department activity
 * (the last finished batch); what is overdue on a day (objections and repairs in the states given,
 * checks without feedback). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "contract.h"

#define DEPT_A "11420100MB1234562H"
#define DEPT_B "11230500001755309F"

static int64_t raise(struct ct *t, const char *rule, int64_t dept, const char *period, const char *subject)
{
    struct xy_sup_row n = {.rule = rule, .dept_id = dept, .period = period, .subject = subject,
                           .facts = "{\"x\":1}", .state = "candidate", .raised_at = CT_NOW};
    int64_t id = -1;
    assert_int_equal(t->op->sup_raise(t->st, &n, &id, &t->err), XY_OK);
    return id;
}

struct seen {
    int n;
    int64_t ids[16];
    char first[256];
};

static int on_notice(void *ctx, const struct xy_sup_row *n)
{
    struct seen *s = ctx;
    if (s->n == 0)
        snprintf(s->first, sizeof s->first, "%s|%s|%s|%s|%s|%s|%d|%s|%s", n->rule, n->dept_uscc, n->dept_name,
                 n->period, n->subject, n->state, n->level, n->number ? n->number : "-", n->due ? n->due : "-");
    if (s->n < 16)
        s->ids[s->n] = n->id;
    s->n++;
    return 0;
}

static struct seen list(struct ct *t, const struct xy_sup_filter *f)
{
    struct seen s;
    memset(&s, 0, sizeof s);
    assert_int_equal(t->op->sup_list(t->st, f, on_notice, &s, &t->err), XY_OK);
    return s;
}

static void test_raise_once_and_list(void **state)
{
    struct ct *t = *state;
    ct_begin(t);
    int64_t a = ct_dept(t, DEPT_A, "市监局"), b = ct_dept(t, DEPT_B, "税务局");
    int64_t n1 = raise(t, "silence", a, "2026-03-02", "");
    assert_true(n1 > 0);
    assert_int_equal(raise(t, "silence", a, "2026-03-02", ""), 0); /* the same again: nothing */
    int64_t n2 = raise(t, "silence", a, "2026-03-20", "");         /* a new silent spell */
    int64_t n3 = raise(t, "publicity_rate", b, "2026-02", "penalty");
    int64_t n4 = raise(t, "publicity_rate", b, "2026-02", "license");
    assert_true(n2 > n1 && n3 > n2 && n4 > n3);
    ct_commit(t);
    struct seen s;
    memset(&s, 0, sizeof s);
    assert_int_equal(t->op->sup_get(t->st, n3, on_notice, &s, &t->err), XY_OK);
    assert_string_equal(s.first, "publicity_rate|" DEPT_B "|税务局|2026-02|penalty|candidate|1|-|-");
    assert_int_equal(t->op->sup_get(t->st, n4 + 100, on_notice, &s, &t->err), XY_ENOTFOUND);

    assert_int_equal(list(t, &(struct xy_sup_filter){0}).n, 4);
    s = list(t, &(struct xy_sup_filter){.dept_id = b});
    assert_int_equal(s.n, 2);
    assert_int_equal(s.ids[0], n3);
    s = list(t, &(struct xy_sup_filter){.after = n1, .limit = 2});
    assert_int_equal(s.n, 2);
    assert_int_equal(s.ids[0], n2);
    assert_int_equal(s.ids[1], n3);
    static const char *const sent[] = {"sent", "returned", NULL}, *const cand[] = {"candidate", NULL};
    assert_int_equal(list(t, &(struct xy_sup_filter){.states = sent}).n, 0);
    assert_int_equal(list(t, &(struct xy_sup_filter){.states = cand}).n, 4);
}

static void test_update_from_state(void **state)
{
    struct ct *t = *state;
    ct_begin(t);
    int64_t a = ct_dept(t, DEPT_A, "市监局");
    int64_t n1 = raise(t, "silence", a, "2026-03-02", ""), n2 = raise(t, "silence", a, "2026-03-20", "");
    struct xy_sup_row r = {.id = n1, .state = "sent", .level = 1, .number = "武信督〔2026〕1号",
                           .reviewed_at = CT_NOW, .reviewed_by = 4, .sent_at = "2026-03-02T08:00:00Z",
                           .due = "2026-03-16", .updated_at = CT_NOW};
    assert_int_equal(t->op->sup_update(t->st, &r, "candidate", &t->err), XY_OK);
    assert_int_equal(t->op->sup_update(t->st, &r, "candidate", &t->err), XY_ESTATE); /* it moved on */
    r.id = n2 + 50;
    assert_int_equal(t->op->sup_update(t->st, &r, "candidate", &t->err), XY_ENOTFOUND);
    r.id = n2;
    r.number = "武信督〔2026〕2号";
    r.sent_at = "2026-04-01T08:00:00Z";
    r.due = "2026-04-15";
    assert_int_equal(t->op->sup_update(t->st, &r, "candidate", &t->err), XY_OK);
    ct_commit(t);
    int64_t count = -1;
    assert_int_equal(t->op->sup_count_numbered(t->st, "武信督〔2026〕", &count, &t->err), XY_OK);
    assert_int_equal(count, 2);
    assert_int_equal(t->op->sup_count_numbered(t->st, "武信督〔2027〕", &count, &t->err), XY_OK);
    assert_int_equal(count, 0);
    struct seen s = list(t, &(struct xy_sup_filter){.due_before = "2026-03-17"});
    assert_int_equal(s.n, 1);
    assert_string_equal(s.first, "silence|" DEPT_A "|市监局|2026-03-02||sent|1|武信督〔2026〕1号|2026-03-16");
    assert_int_equal(list(t, &(struct xy_sup_filter){.due_before = "2026-03-16"}).n, 0); /* before, not on */
    s = list(t, &(struct xy_sup_filter){.sent_from = "2026-03-31T16:00:00Z", .sent_to = "2026-04-30T16:00:00Z"});
    assert_int_equal(s.n, 1);
    assert_int_equal(s.ids[0], n2);
}

struct answers {
    char text[512];
    int files;
    char file[64];
};

static int on_answer(void *ctx, const struct xy_sup_answer_row *a)
{
    struct answers *x = ctx;
    size_t used = strlen(x->text);
    snprintf(x->text + used, sizeof x->text - used, "%d:%s:%s;", a->seq, a->text, a->verdict ? a->verdict : "-");
    return 0;
}

static int on_file(void *ctx, const struct xy_sup_file_row *f)
{
    struct answers *x = ctx;
    x->files++;
    if (f->data)
        snprintf(x->file, sizeof x->file, "%s|%s|%.*s", f->name, f->media_type, (int)f->size, (const char *)f->data);
    else
        snprintf(x->file, sizeof x->file, "%d.%d %s %lld %02x", f->answer_seq, f->seq, f->name, (long long)f->size,
                 f->sha256[0]);
    return 0;
}

static void test_answers_and_files(void **state)
{
    struct ct *t = *state;
    uint8_t hash[32];
    memset(hash, 0xab, sizeof hash);
    ct_begin(t);
    int64_t a = ct_dept(t, DEPT_A, "市监局");
    int64_t n = raise(t, "silence", a, "2026-03-02", "");
    struct xy_sup_answer_row r = {n, 0, CT_NOW, 7, "department", "已整改", NULL, NULL, NULL};
    struct xy_sup_file_row f = {n, 0, 0, "整改.pdf", "application/pdf", 9, hash, "%PDF-1.4x"};
    int seq = 0;
    assert_int_equal(t->op->sup_answer_add(t->st, &r, NULL, 0, &seq, &t->err), XY_OK);
    assert_int_equal(seq, 1);
    assert_int_equal(t->op->sup_verdict(t->st, n, 1, "returned", "材料不全", CT_NOW, &t->err), XY_OK);
    assert_int_equal(t->op->sup_verdict(t->st, n, 1, "accepted", NULL, CT_NOW, &t->err), XY_ESTATE); /* once */
    r.text = "补充材料";
    assert_int_equal(t->op->sup_answer_add(t->st, &r, &f, 1, &seq, &t->err), XY_OK);
    assert_int_equal(seq, 2);
    assert_int_equal(t->op->sup_verdict(t->st, n, 3, "accepted", NULL, CT_NOW, &t->err), XY_ESTATE); /* none */
    ct_commit(t);
    struct answers x;
    memset(&x, 0, sizeof x);
    assert_int_equal(t->op->sup_answers(t->st, n, on_answer, on_file, &x, &t->err), XY_OK);
    assert_string_equal(x.text, "1:已整改:returned;2:补充材料:-;");
    assert_int_equal(x.files, 1);
    assert_string_equal(x.file, "2.1 整改.pdf 9 ab");
    memset(&x, 0, sizeof x);
    assert_int_equal(t->op->sup_file(t->st, n, 2, 1, on_file, &x, &t->err), XY_OK);
    assert_string_equal(x.file, "整改.pdf|application/pdf|%PDF-1.4x");
    assert_int_equal(t->op->sup_file(t->st, n, 1, 1, on_file, &x, &t->err), XY_ENOTFOUND);
}

static int on_activity(void *ctx, const struct xy_sup_activity *a)
{
    size_t used = strlen(ctx);
    snprintf((char *)ctx + used, 256 - used, "%s=%s;", a->uscc, a->last_batch ? a->last_batch : "-");
    return 0;
}

static int on_overdue(void *ctx, const struct xy_sup_overdue *o)
{
    size_t used = strlen(ctx);
    snprintf((char *)ctx + used, 256 - used, "%s:%s:%s;", o->kind, o->dept_uscc, o->due);
    return 0;
}

static void test_activity_and_overdue(void **state)
{
    struct ct *t = *state;
    char got[256] = "";
    ct_begin(t);
    int64_t a = ct_dept(t, DEPT_A, "市监局");
    ct_dept(t, DEPT_B, "税务局");
    int64_t s = ct_org(t, "91420684MA4927PJ7B", "某公司");
    int64_t b1 = ct_batch(t, a, "penalty"), b2 = ct_batch(t, a, "penalty");
    struct xy_batch_row br = {.id = b1, .dept_id = a, .cls = "penalty", .finished_at = "2026-03-03T02:00:00Z"};
    assert_int_equal(t->op->batch_finish(t->st, &br, &t->err), XY_OK);
    br.id = b2;
    br.finished_at = "2026-03-05T02:00:00Z";
    assert_int_equal(t->op->batch_finish(t->st, &br, &t->err), XY_OK);
    int64_t rec = ct_record(t, &(struct ct_rec){.dept = a, .subject = s, .batch = b1, .doc_no = "P1", .tag = 1});
    struct xy_claim_row c = {.kind = "objection", .record_id = rec, .subject_id = s, .dept_id = a, .filed_by = 5,
                             .filed_role = "subject", .text = "有误", .state = "forwarded", .due = "2026-03-09",
                             .filed_at = CT_NOW, .updated_at = CT_NOW};
    int64_t id = 0;
    assert_int_equal(t->op->claim_add(t->st, &c, &id, &t->err), XY_OK);
    c.state = "accepted"; /* the office's step: not the department's */
    c.due = "2026-03-04";
    assert_int_equal(t->op->claim_add(t->st, &c, &id, &t->err), XY_OK);
    c.kind = "repair";
    c.state = "submitted";
    c.due = "2026-03-20"; /* not yet due */
    c.signer = "张三";
    assert_int_equal(t->op->claim_add(t->st, &c, &id, &t->err), XY_OK);
    struct xy_check_row k = {.at = CT_NOW, .key_id = 3, .dept_uscc = DEPT_B, .matter = "420100-CG-001",
                             .subject_id = s, .hits = 1, .answer = "{}", .feedback_due = "2026-03-06"};
    assert_int_equal(t->op->check_add(t->st, &k, &id, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(t->op->sup_activity(t->st, on_activity, got, &t->err), XY_OK);
    assert_string_equal(got, DEPT_B "=-;" DEPT_A "=2026-03-05T02:00:00Z;");
    got[0] = '\0';
    struct xy_sup_overdue_q q = {"2026-03-10", "forwarded", "submitted"};
    assert_int_equal(t->op->sup_overdue(t->st, &q, on_overdue, got, &t->err), XY_OK);
    assert_non_null(strstr(got, "objection:" DEPT_A ":2026-03-09;"));
    assert_non_null(strstr(got, "feedback:" DEPT_B ":2026-03-06;"));
    assert_null(strstr(got, "2026-03-04")); /* in a state not asked for */
    assert_null(strstr(got, "repair"));
    got[0] = '\0';
    q.today = "2026-03-06"; /* due on the day itself: not overdue */
    assert_int_equal(t->op->sup_overdue(t->st, &q, on_overdue, got, &t->err), XY_OK);
    assert_string_equal(got, "");
}

const struct CMUnitTest ct_supervision_tests[] = {
    CT_CASE(test_raise_once_and_list),
    CT_CASE(test_update_from_state),
    CT_CASE(test_answers_and_files),
    CT_CASE(test_activity_and_overdue),
};
const size_t ct_supervision_count = CT_COUNT(ct_supervision_tests);
