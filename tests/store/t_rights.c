/* SPDX-License-Identifier: Apache-2.0 */
/* Contract: rights of the subject (the working-day calendar, claims with their steps and files,
 * consent grants, the access history, the change feed). */
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
#define USCC_A "91420684MA4927PJ7B"
#define USCC_B "91440300708461136T"

struct days {
    int n;
    char day[8][16], kind[8][16], zh[8][32], en[8][32];
};

static int on_day(void *ctx, const char *day, const char *kind, const char *name_zh, const char *name_en)
{
    struct days *d = ctx;
    assert_true(d->n < 8);
    ct_cpy(d->day[d->n], sizeof d->day[0], day);
    ct_cpy(d->kind[d->n], sizeof d->kind[0], kind);
    ct_cpy(d->zh[d->n], sizeof d->zh[0], name_zh);
    ct_cpy(d->en[d->n], sizeof d->en[0], name_en);
    d->n++;
    return 0;
}

/* Days by date; putting a day again replaces it. */
static void test_calendar(void **state)
{
    struct ct *t = *state;
    struct days d = {0};
    assert_int_equal(t->op->calendar_scan(t->st, on_day, &d, &t->err), XY_OK);
    assert_int_equal(d.n, 0);
    ct_begin(t);
    assert_int_equal(t->op->calendar_put(t->st, "2026-10-01", "holiday", "国庆节", "National Day", &t->err), XY_OK);
    assert_int_equal(t->op->calendar_put(t->st, "2026-01-01", "holiday", "元旦", "New Year's Day", &t->err), XY_OK);
    assert_int_equal(t->op->calendar_put(t->st, "2026-02-14", "workday", NULL, NULL, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(t->op->calendar_scan(t->st, on_day, &d, &t->err), XY_OK);
    assert_int_equal(d.n, 3);
    assert_string_equal(d.day[0], "2026-01-01");
    assert_string_equal(d.kind[0], "holiday");
    assert_string_equal(d.zh[0], "元旦");
    assert_string_equal(d.en[0], "New Year's Day");
    assert_string_equal(d.day[1], "2026-02-14");
    assert_string_equal(d.kind[1], "workday");
    assert_string_equal(d.zh[1], CT_NULL);
    assert_string_equal(d.day[2], "2026-10-01");
    ct_begin(t);
    assert_int_equal(t->op->calendar_put(t->st, "2026-02-14", "holiday", "春节", "Spring Festival", &t->err), XY_OK);
    ct_commit(t);
    memset(&d, 0, sizeof d);
    assert_int_equal(t->op->calendar_scan(t->st, on_day, &d, &t->err), XY_OK);
    assert_int_equal(d.n, 3);
    assert_string_equal(d.kind[1], "holiday");
    assert_string_equal(d.zh[1], "春节");
    assert_string_equal(d.en[1], "Spring Festival");
}

/* Two departments, two subjects, records of each. */
struct base {
    int64_t dept, dept2, subj, subj2, rec, rec2, rec3;
};

static struct base base(struct ct *t)
{
    struct base b;
    ct_begin(t);
    b.dept = ct_dept(t, DEPT_A, "甲局");
    b.dept2 = ct_dept(t, DEPT_B, "乙局");
    b.subj = ct_org(t, USCC_A, "甲公司");
    b.subj2 = ct_org(t, USCC_B, "乙公司");
    int64_t batch = ct_batch(t, b.dept, "penalty"), batch2 = ct_batch(t, b.dept2, "penalty");
    b.rec = ct_record(t, &(struct ct_rec){.dept = b.dept, .subject = b.subj, .batch = batch, .doc_no = "甲罚1号"});
    b.rec2 = ct_record(t, &(struct ct_rec){.dept = b.dept2, .subject = b.subj, .batch = batch2, .doc_no = "乙罚1号"});
    b.rec3 = ct_record(t, &(struct ct_rec){.dept = b.dept, .subject = b.subj2, .batch = batch, .doc_no = "甲罚2号"});
    ct_commit(t);
    return b;
}

struct claims {
    int n, stop_at;
    struct {
        int64_t id, record_id, subject_id, dept_id, filed_by, result_record;
        int extended;
        char kind[16], dept_uscc[32], dept_name[32], record_class[16], record_doc_no[32], subject_name[32],
            subject_opaque[32], filed_role[16], text[64], signer[32], state[16], due[16], decision[16], reason[64],
            fields[64], filed_at[32], updated_at[32];
    } c[16];
};

static int on_claim(void *ctx, const struct xy_claim_row *c)
{
    struct claims *l = ctx;
    assert_true(l->n < 16);
    l->c[l->n].id = c->id;
    l->c[l->n].record_id = c->record_id;
    l->c[l->n].subject_id = c->subject_id;
    l->c[l->n].dept_id = c->dept_id;
    l->c[l->n].filed_by = c->filed_by;
    l->c[l->n].result_record = c->result_record;
    l->c[l->n].extended = c->extended;
#define CP(f) ct_cpy(l->c[l->n].f, sizeof l->c[0].f, c->f)
    CP(kind);
    CP(dept_uscc);
    CP(dept_name);
    CP(record_class);
    CP(record_doc_no);
    CP(subject_name);
    CP(subject_opaque);
    CP(filed_role);
    CP(text);
    CP(signer);
    CP(state);
    CP(due);
    CP(decision);
    CP(reason);
    CP(fields);
    CP(filed_at);
    CP(updated_at);
#undef CP
    l->n++;
    return l->stop_at && l->n >= l->stop_at;
}

static int64_t claim(struct ct *t, const char *kind, int64_t record, int64_t subject, int64_t dept, const char *state,
                     const char *due)
{
    struct xy_claim_row c = {.kind = kind, .record_id = record, .subject_id = subject, .dept_id = dept,
                             .filed_by = 5, .filed_role = "subject", .text = "决定书认定的事实有误",
                             .signer = strcmp(kind, "repair") == 0 ? "张三" : NULL, .state = state, .due = due,
                             .filed_at = CT_NOW, .updated_at = CT_NOW};
    int64_t id = 0;
    assert_int_equal(t->op->claim_add(t->st, &c, &id, &t->err), XY_OK);
    assert_true(id > 0);
    return id;
}

static struct claims *claims_new(void)
{
    struct claims *l = calloc(1, sizeof *l);
    assert_non_null(l);
    return l;
}

/* claim_add stores a claim as filed; claim_get gives it back with the department, record and
 * subject it concerns. */
static void test_claim_add_get(void **state)
{
    struct ct *t = *state;
    struct base b = base(t);
    char ref[24];
    ct_begin(t);
    int64_t id = claim(t, "repair", b.rec, b.subj, b.dept, "submitted", "2026-03-16");
    ct_commit(t);
    assert_int_equal(t->op->subject_ref(t->st, b.subj, ref, &t->err), XY_OK);
    struct claims *l = claims_new();
    assert_int_equal(t->op->claim_get(t->st, id, on_claim, l, &t->err), XY_OK);
    assert_int_equal(l->n, 1);
    assert_int_equal(l->c[0].id, id);
    assert_string_equal(l->c[0].kind, "repair");
    assert_int_equal(l->c[0].record_id, b.rec);
    assert_int_equal(l->c[0].subject_id, b.subj);
    assert_int_equal(l->c[0].dept_id, b.dept);
    assert_string_equal(l->c[0].dept_uscc, DEPT_A);
    assert_string_equal(l->c[0].dept_name, "甲局");
    assert_string_equal(l->c[0].record_class, "penalty");
    assert_string_equal(l->c[0].record_doc_no, "甲罚1号");
    assert_string_equal(l->c[0].subject_name, "甲公司");
    assert_string_equal(l->c[0].subject_opaque, ref);
    assert_int_equal(l->c[0].filed_by, 5);
    assert_string_equal(l->c[0].filed_role, "subject");
    assert_string_equal(l->c[0].text, "决定书认定的事实有误");
    assert_string_equal(l->c[0].signer, "张三");
    assert_string_equal(l->c[0].state, "submitted");
    assert_int_equal(l->c[0].extended, 0);
    assert_string_equal(l->c[0].due, "2026-03-16");
    assert_string_equal(l->c[0].decision, CT_NULL);
    assert_string_equal(l->c[0].reason, CT_NULL);
    assert_string_equal(l->c[0].fields, CT_NULL);
    assert_int_equal(l->c[0].result_record, 0);
    assert_string_equal(l->c[0].filed_at, CT_NOW);
    assert_string_equal(l->c[0].updated_at, CT_NOW);
    memset(l, 0, sizeof *l);
    assert_int_equal(t->op->claim_get(t->st, id + 100, on_claim, l, &t->err), XY_ENOTFOUND);
    assert_int_equal(l->n, 0);
    free(l);
}

/* claim_update writes the state, extension, time limit, decision, reason, fields, result record and
 * update time, and nothing else. */
static void test_claim_update(void **state)
{
    struct ct *t = *state;
    struct base b = base(t);
    ct_begin(t);
    int64_t id = claim(t, "objection", b.rec, b.subj, b.dept, "submitted", "2026-03-04");
    int64_t other = claim(t, "objection", b.rec3, b.subj2, b.dept, "submitted", "2026-03-04");
    ct_commit(t);
    struct xy_claim_row u = {.id = id, .kind = "repair", .record_id = b.rec2, .subject_id = b.subj2,
                             .dept_id = b.dept2, .text = "changed", .filed_at = "2030-01-01T00:00:00Z",
                             .state = "decided", .extended = 1, .due = NULL, .decision = "correct",
                             .reason = "经核实更正", .fields = "{\"amount\":\"1.00\"}", .result_record = b.rec3,
                             .updated_at = "2026-03-10T08:00:00Z"};
    ct_begin(t);
    assert_int_equal(t->op->claim_update(t->st, &u, &t->err), XY_OK);
    ct_commit(t);
    struct claims *l = claims_new();
    assert_int_equal(t->op->claim_get(t->st, id, on_claim, l, &t->err), XY_OK);
    assert_string_equal(l->c[0].state, "decided");
    assert_int_equal(l->c[0].extended, 1);
    assert_string_equal(l->c[0].due, CT_NULL);
    assert_string_equal(l->c[0].decision, "correct");
    assert_string_equal(l->c[0].reason, "经核实更正");
    assert_string_equal(l->c[0].fields, "{\"amount\":\"1.00\"}");
    assert_int_equal(l->c[0].result_record, b.rec3);
    assert_string_equal(l->c[0].updated_at, "2026-03-10T08:00:00Z");
    /* not written */
    assert_string_equal(l->c[0].kind, "objection");
    assert_int_equal(l->c[0].record_id, b.rec);
    assert_int_equal(l->c[0].subject_id, b.subj);
    assert_int_equal(l->c[0].dept_id, b.dept);
    assert_string_equal(l->c[0].text, "决定书认定的事实有误");
    assert_string_equal(l->c[0].filed_at, CT_NOW);
    /* another claim untouched */
    memset(l, 0, sizeof *l);
    assert_int_equal(t->op->claim_get(t->st, other, on_claim, l, &t->err), XY_OK);
    assert_string_equal(l->c[0].state, "submitted");
    assert_string_equal(l->c[0].due, "2026-03-04");
    /* result_record 0 reads back as 0 */
    u.result_record = 0;
    ct_begin(t);
    assert_int_equal(t->op->claim_update(t->st, &u, &t->err), XY_OK);
    ct_commit(t);
    memset(l, 0, sizeof *l);
    assert_int_equal(t->op->claim_get(t->st, id, on_claim, l, &t->err), XY_OK);
    assert_int_equal(l->c[0].result_record, 0);
    free(l);
}

static void page(struct ct *t, struct xy_claim_filter f, struct claims *l)
{
    memset(l, 0, sizeof *l);
    assert_int_equal(t->op->claims_page(t->st, &f, on_claim, l, &t->err), XY_OK);
}

static void ids_are(const struct claims *l, const int64_t *ids, int n)
{
    assert_int_equal(l->n, n);
    for (int i = 0; i < n; i++)
        assert_int_equal(l->c[i].id, ids[i]);
}

/* Claims by id after `after`, oldest first, at most limit, narrowed by kind, subject, department,
 * state and overdue day (open claims whose limit ended before it), each alone or together. */
static void test_claims_page_filters(void **state)
{
    struct ct *t = *state;
    struct base b = base(t);
    ct_begin(t);
    int64_t c1 = claim(t, "objection", b.rec, b.subj, b.dept, "submitted", "2026-03-04");
    int64_t c2 = claim(t, "repair", b.rec, b.subj, b.dept, "submitted", "2026-03-20");
    int64_t c3 = claim(t, "objection", b.rec2, b.subj, b.dept2, "accepted", "2026-03-09");
    int64_t c4 = claim(t, "objection", b.rec3, b.subj2, b.dept, "closed", NULL);
    int64_t c5 = claim(t, "repair", b.rec3, b.subj2, b.dept, "approved", NULL);
    ct_commit(t);
    struct claims *l = claims_new();
    page(t, (struct xy_claim_filter){.limit = 50}, l);
    ids_are(l, (int64_t[]){c1, c2, c3, c4, c5}, 5);
    page(t, (struct xy_claim_filter){.kind = "objection", .limit = 50}, l);
    ids_are(l, (int64_t[]){c1, c3, c4}, 3);
    page(t, (struct xy_claim_filter){.kind = "repair", .limit = 50}, l);
    ids_are(l, (int64_t[]){c2, c5}, 2);
    page(t, (struct xy_claim_filter){.subject_id = b.subj2, .limit = 50}, l);
    ids_are(l, (int64_t[]){c4, c5}, 2);
    page(t, (struct xy_claim_filter){.dept_id = b.dept2, .limit = 50}, l);
    ids_are(l, (int64_t[]){c3}, 1);
    page(t, (struct xy_claim_filter){.state = "submitted", .limit = 50}, l);
    ids_are(l, (int64_t[]){c1, c2}, 2);
    page(t, (struct xy_claim_filter){.due_before = "2026-03-10", .limit = 50}, l);
    ids_are(l, (int64_t[]){c1, c3}, 2);
    page(t, (struct xy_claim_filter){.due_before = "2026-03-09", .limit = 50}, l); /* before, not on */
    ids_are(l, (int64_t[]){c1}, 1);
    page(t, (struct xy_claim_filter){.kind = "objection", .dept_id = b.dept, .limit = 50}, l);
    ids_are(l, (int64_t[]){c1, c4}, 2);
    page(t, (struct xy_claim_filter){.kind = "repair", .subject_id = b.subj, .state = "submitted",
                                     .due_before = "2026-03-21", .limit = 50},
         l);
    ids_are(l, (int64_t[]){c2}, 1);
    page(t, (struct xy_claim_filter){.kind = "repair", .subject_id = b.subj2, .state = "submitted", .limit = 50}, l);
    ids_are(l, NULL, 0);
    /* paging */
    page(t, (struct xy_claim_filter){.limit = 2}, l);
    ids_are(l, (int64_t[]){c1, c2}, 2);
    page(t, (struct xy_claim_filter){.after = c2, .limit = 2}, l);
    ids_are(l, (int64_t[]){c3, c4}, 2);
    page(t, (struct xy_claim_filter){.after = c4, .limit = 2}, l);
    ids_are(l, (int64_t[]){c5}, 1);
    page(t, (struct xy_claim_filter){.kind = "objection", .after = c1, .limit = 1}, l);
    ids_are(l, (int64_t[]){c3}, 1);
    page(t, (struct xy_claim_filter){.after = c5, .limit = 2}, l);
    ids_are(l, NULL, 0);
    free(l);
}

/* The open claim of a kind on a record is the one with a running time limit. */
static void test_claim_open_on(void **state)
{
    struct ct *t = *state;
    struct base b = base(t);
    int64_t id = -1;
    assert_int_equal(t->op->claim_open_on(t->st, "objection", b.rec, &id, &t->err), XY_OK);
    assert_int_equal(id, 0);
    ct_begin(t);
    int64_t c = claim(t, "objection", b.rec, b.subj, b.dept, "submitted", "2026-03-04");
    claim(t, "objection", b.rec2, b.subj, b.dept2, "closed", NULL);
    ct_commit(t);
    assert_int_equal(t->op->claim_open_on(t->st, "objection", b.rec, &id, &t->err), XY_OK);
    assert_int_equal(id, c);
    assert_int_equal(t->op->claim_open_on(t->st, "repair", b.rec, &id, &t->err), XY_OK);
    assert_int_equal(id, 0);
    assert_int_equal(t->op->claim_open_on(t->st, "objection", b.rec2, &id, &t->err), XY_OK);
    assert_int_equal(id, 0);
    struct xy_claim_row u = {.id = c, .state = "closed", .updated_at = CT_NOW};
    ct_begin(t);
    assert_int_equal(t->op->claim_update(t->st, &u, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(t->op->claim_open_on(t->st, "objection", b.rec, &id, &t->err), XY_OK);
    assert_int_equal(id, 0);
}

struct steps {
    int n;
    struct {
        int seq;
        int64_t key_id;
        char at[32], action[16], state[16], role[16], note[32], due[16];
    } s[8];
};

static int on_step(void *ctx, const struct xy_claim_step_row *s)
{
    struct steps *l = ctx;
    assert_true(l->n < 8);
    l->s[l->n].seq = s->seq;
    l->s[l->n].key_id = s->key_id;
    ct_cpy(l->s[l->n].at, sizeof l->s[0].at, s->at);
    ct_cpy(l->s[l->n].action, sizeof l->s[0].action, s->action);
    ct_cpy(l->s[l->n].state, sizeof l->s[0].state, s->state);
    ct_cpy(l->s[l->n].role, sizeof l->s[0].role, s->role);
    ct_cpy(l->s[l->n].note, sizeof l->s[0].note, s->note);
    ct_cpy(l->s[l->n].due, sizeof l->s[0].due, s->due);
    l->n++;
    return 0;
}

static void step(struct ct *t, int64_t claim_id, const char *at, const char *action, const char *state,
                 const char *due)
{
    struct xy_claim_step_row s = {.at = at, .action = action, .state = state, .key_id = 9, .role = "office",
                                  .note = "已受理", .due = due};
    assert_int_equal(t->op->claim_step_add(t->st, claim_id, &s, &t->err), XY_OK);
}

/* A claim's steps in the order taken, numbered 1, 2, ... per claim. */
static void test_claim_steps(void **state)
{
    struct ct *t = *state;
    struct base b = base(t);
    struct steps l = {0};
    ct_begin(t);
    int64_t c = claim(t, "objection", b.rec, b.subj, b.dept, "submitted", "2026-03-04");
    int64_t d = claim(t, "repair", b.rec, b.subj, b.dept, "submitted", "2026-03-04");
    step(t, c, "2026-03-02T08:00:00Z", "file", "submitted", "2026-03-04");
    step(t, d, "2026-03-02T08:30:00Z", "file", "submitted", "2026-03-04");
    step(t, c, "2026-03-03T08:00:00Z", "accept", "accepted", "2026-03-10");
    ct_commit(t);
    ct_begin(t);
    step(t, c, "2026-03-04T08:00:00Z", "forward", "forwarded", NULL);
    ct_commit(t);
    assert_int_equal(t->op->claim_steps(t->st, c, on_step, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 3);
    for (int i = 0; i < 3; i++)
        assert_int_equal(l.s[i].seq, i + 1);
    assert_string_equal(l.s[0].action, "file");
    assert_string_equal(l.s[1].action, "accept");
    assert_string_equal(l.s[1].state, "accepted");
    assert_string_equal(l.s[1].at, "2026-03-03T08:00:00Z");
    assert_string_equal(l.s[1].due, "2026-03-10");
    assert_int_equal(l.s[1].key_id, 9);
    assert_string_equal(l.s[1].role, "office");
    assert_string_equal(l.s[1].note, "已受理");
    assert_string_equal(l.s[2].action, "forward");
    assert_string_equal(l.s[2].due, CT_NULL);
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->claim_steps(t->st, d, on_step, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.s[0].seq, 1);
}

struct files {
    int n;
    struct {
        int seq;
        int64_t size;
        char name[32], type[32];
        uint8_t sha[32];
        int has_data;
        uint8_t data[64];
    } f[8];
};

static int on_file(void *ctx, const struct xy_file_row *f)
{
    struct files *l = ctx;
    assert_true(l->n < 8);
    l->f[l->n].seq = f->seq;
    l->f[l->n].size = f->size;
    ct_cpy(l->f[l->n].name, sizeof l->f[0].name, f->name);
    ct_cpy(l->f[l->n].type, sizeof l->f[0].type, f->media_type);
    memcpy(l->f[l->n].sha, f->sha256, 32);
    l->f[l->n].has_data = f->data != NULL;
    if (f->data && f->size <= 64)
        memcpy(l->f[l->n].data, f->data, (size_t)f->size);
    l->n++;
    return 0;
}

/* Files of a claim by number: the list without their data, one with it. */
static void test_files(void **state)
{
    struct ct *t = *state;
    struct base b = base(t);
    uint8_t sha1[32], sha2[32], pdf[40], png[24];
    memset(sha1, 1, sizeof sha1);
    memset(sha2, 2, sizeof sha2);
    for (size_t i = 0; i < sizeof pdf; i++)
        pdf[i] = (uint8_t)i; /* with a NUL inside */
    memcpy(pdf, "%PDF", 4);
    memset(png, 0x89, sizeof png);
    ct_begin(t);
    int64_t c = claim(t, "objection", b.rec, b.subj, b.dept, "submitted", "2026-03-04");
    int64_t other = claim(t, "repair", b.rec, b.subj, b.dept, "submitted", "2026-03-04");
    struct xy_file_row f2 = {.seq = 2, .name = "照片.png", .media_type = "image/png", .size = sizeof png,
                             .sha256 = sha2, .data = png};
    struct xy_file_row f1 = {.seq = 1, .name = "证明.pdf", .media_type = "application/pdf", .size = sizeof pdf,
                             .sha256 = sha1, .data = pdf};
    assert_int_equal(t->op->file_add(t->st, c, &f2, &t->err), XY_OK);
    assert_int_equal(t->op->file_add(t->st, c, &f1, &t->err), XY_OK);
    ct_commit(t);

    struct files l = {0};
    assert_int_equal(t->op->files_list(t->st, c, on_file, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.f[0].seq, 1);
    assert_string_equal(l.f[0].name, "证明.pdf");
    assert_string_equal(l.f[0].type, "application/pdf");
    assert_int_equal(l.f[0].size, sizeof pdf);
    assert_memory_equal(l.f[0].sha, sha1, 32);
    assert_false(l.f[0].has_data);
    assert_int_equal(l.f[1].seq, 2);
    assert_false(l.f[1].has_data);

    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->file_get(t->st, c, 1, on_file, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 1);
    assert_true(l.f[0].has_data);
    assert_int_equal(l.f[0].size, sizeof pdf);
    assert_memory_equal(l.f[0].data, pdf, sizeof pdf);
    assert_string_equal(l.f[0].name, "证明.pdf");
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->file_get(t->st, c, 2, on_file, &l, &t->err), XY_OK);
    assert_memory_equal(l.f[0].data, png, sizeof png);

    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->file_get(t->st, c, 3, on_file, &l, &t->err), XY_ENOTFOUND);
    assert_int_equal(t->op->file_get(t->st, other, 1, on_file, &l, &t->err), XY_ENOTFOUND);
    assert_int_equal(l.n, 0);
    assert_int_equal(t->op->files_list(t->st, other, on_file, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 0);
}

struct grants {
    int n;
    struct {
        int64_t id, subject_id, querier_key;
        char qname[32], qrole[16], classes[48], purpose[32], until[16], created[32], revoked[32];
    } g[8];
};

static int on_grant(void *ctx, const struct xy_consent_row *c)
{
    struct grants *l = ctx;
    assert_true(l->n < 8);
    l->g[l->n].id = c->id;
    l->g[l->n].subject_id = c->subject_id;
    l->g[l->n].querier_key = c->querier_key;
    ct_cpy(l->g[l->n].qname, sizeof l->g[0].qname, c->querier_name);
    ct_cpy(l->g[l->n].qrole, sizeof l->g[0].qrole, c->querier_role);
    ct_cpy(l->g[l->n].classes, sizeof l->g[0].classes, c->classes);
    ct_cpy(l->g[l->n].purpose, sizeof l->g[0].purpose, c->purpose);
    ct_cpy(l->g[l->n].until, sizeof l->g[0].until, c->until);
    ct_cpy(l->g[l->n].created, sizeof l->g[0].created, c->created_at);
    ct_cpy(l->g[l->n].revoked, sizeof l->g[0].revoked, c->revoked_at);
    l->n++;
    return 0;
}

static int64_t grant(struct ct *t, int64_t subject, int64_t querier, const char *purpose)
{
    struct xy_consent_row c = {.subject_id = subject, .querier_key = querier, .classes = "[\"tax_arrears\"]",
                               .purpose = purpose, .until = "2026-12-31", .created_at = CT_NOW};
    int64_t id = 0;
    assert_int_equal(t->op->consent_add(t->st, &c, &id, &t->err), XY_OK);
    assert_true(id > 0);
    return id;
}

/* Grants: get one with its querier's name and role; a subject's or a querier's, newest first;
 * revoking a live one once, XY_ENOTFOUND after (and the first revocation stands). */
static void test_consents(void **state)
{
    struct ct *t = *state;
    struct base b = base(t);
    struct grants l = {0};
    ct_begin(t);
    int64_t bank = ct_key(t, "approval", 0, 0, "某银行武汉分行");
    int64_t agency = ct_key(t, "approval", 0, 0, "某征信机构");
    int64_t g1 = grant(t, b.subj, bank, "贷款审批");
    int64_t g2 = grant(t, b.subj, agency, "信用评级");
    int64_t g3 = grant(t, b.subj2, bank, "贷款审批");
    ct_commit(t);

    assert_int_equal(t->op->consent_get(t->st, g1, on_grant, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.g[0].id, g1);
    assert_int_equal(l.g[0].subject_id, b.subj);
    assert_int_equal(l.g[0].querier_key, bank);
    assert_string_equal(l.g[0].qname, "某银行武汉分行");
    assert_string_equal(l.g[0].qrole, "approval");
    assert_string_equal(l.g[0].classes, "[\"tax_arrears\"]");
    assert_string_equal(l.g[0].purpose, "贷款审批");
    assert_string_equal(l.g[0].until, "2026-12-31");
    assert_string_equal(l.g[0].created, CT_NOW);
    assert_string_equal(l.g[0].revoked, CT_NULL);
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->consent_get(t->st, g3 + 100, on_grant, &l, &t->err), XY_ENOTFOUND);
    assert_int_equal(l.n, 0);

    assert_int_equal(t->op->consents_list(t->st, b.subj, 0, 0, on_grant, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.g[0].id, g2);
    assert_int_equal(l.g[1].id, g1);
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->consents_list(t->st, 0, bank, 0, on_grant, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.g[0].id, g3);
    assert_int_equal(l.g[1].id, g1);

    ct_begin(t);
    assert_int_equal(t->op->consent_revoke(t->st, g1, "2026-03-05T08:00:00Z", &t->err), XY_OK);
    ct_commit(t);
    ct_begin(t);
    assert_int_equal(t->op->consent_revoke(t->st, g1, "2026-03-06T08:00:00Z", &t->err), XY_ENOTFOUND);
    assert_int_equal(t->op->consent_revoke(t->st, g3 + 100, "2026-03-06T08:00:00Z", &t->err), XY_ENOTFOUND);
    ct_commit(t);
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->consent_get(t->st, g1, on_grant, &l, &t->err), XY_OK);
    assert_string_equal(l.g[0].revoked, "2026-03-05T08:00:00Z");
    memset(&l, 0, sizeof l); /* revoked grants stay in the lists */
    assert_int_equal(t->op->consents_list(t->st, b.subj, 0, 0, on_grant, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.g[1].revoked, "2026-03-05T08:00:00Z");
    assert_string_equal(l.g[0].revoked, CT_NULL);
}

struct entries {
    int n;
    int64_t id[8];
    char uscc[8][20], name[8][64], kind[8][16], disabled[8][32];
};

static int on_entry(void *ctx, const struct xy_querier_row *r)
{
    struct entries *e = ctx;
    assert_true(e->n < 8);
    e->id[e->n] = r->id;
    ct_cpy(e->uscc[e->n], sizeof e->uscc[0], r->uscc);
    ct_cpy(e->name[e->n], sizeof e->name[0], r->name);
    ct_cpy(e->kind[e->n], sizeof e->kind[0], r->kind);
    ct_cpy(e->disabled[e->n], sizeof e->disabled[0], r->disabled_at);
    e->n++;
    return 0;
}

/* The directory of queriers: a code registered once; found by id and by code; listed by code,
 * filtered by part of the name (a % is a character, not a wildcard), disabled ones only when all
 * are asked for; disabled once. A grant to an entry is listed to any key of it, with the entry's
 * name, code and disabling. */
static void test_queriers(void **state)
{
    struct ct *t = *state;
    struct base b = base(t);
    struct entries e = {0};
    int64_t bank = 0, agency = 0, dup = 0;
    ct_begin(t);
    struct xy_querier_row r1 = {.uscc = "91420100MA4K2X7C1N", .name = "某商业银行武汉分行", .kind = "bank",
                                .licence = "B0001H342010001", .created_at = CT_NOW};
    struct xy_querier_row r2 = {.uscc = "91420106MA4L00001X", .name = "某征信%服务有限公司", .kind = "credit_agency",
                                .created_at = CT_NOW};
    assert_int_equal(t->op->querier_add(t->st, &r1, &bank, &t->err), XY_OK);
    assert_int_equal(t->op->querier_add(t->st, &r2, &agency, &t->err), XY_OK);
    assert_int_equal(t->op->querier_add(t->st, &r1, &dup, &t->err), XY_EEXIST);
    ct_commit(t);
    assert_true(bank > 0 && agency > 0 && bank != agency);

    assert_int_equal(t->op->querier_get(t->st, agency, NULL, on_entry, &e, &t->err), XY_OK);
    assert_int_equal(e.n, 1);
    assert_string_equal(e.name[0], "某征信%服务有限公司");
    memset(&e, 0, sizeof e);
    assert_int_equal(t->op->querier_get(t->st, 0, "91420100MA4K2X7C1N", on_entry, &e, &t->err), XY_OK);
    assert_int_equal(e.id[0], bank);
    assert_string_equal(e.kind[0], "bank");
    memset(&e, 0, sizeof e);
    assert_int_equal(t->op->querier_get(t->st, 0, "91420100MA4K2X7C2N", on_entry, &e, &t->err), XY_ENOTFOUND);

    memset(&e, 0, sizeof e);
    assert_int_equal(t->op->queriers_list(t->st, "%", 0, 10, on_entry, &e, &t->err), XY_OK);
    assert_int_equal(e.n, 1);
    assert_int_equal(e.id[0], agency);
    memset(&e, 0, sizeof e);
    assert_int_equal(t->op->queriers_list(t->st, NULL, 0, 1, on_entry, &e, &t->err), XY_OK);
    assert_int_equal(e.n, 1);
    assert_string_equal(e.uscc[0], "91420100MA4K2X7C1N"); /* by code */

    ct_begin(t);
    int64_t k1 = ct_key(t, "querier", 0, 0, "柜台系统");
    struct xy_consent_row c = {.subject_id = b.subj, .querier_id = bank, .classes = "[\"tax_arrears\"]",
                               .purpose = "贷款审批", .until = "2026-12-31", .created_at = CT_NOW};
    int64_t g = 0;
    assert_int_equal(t->op->consent_add(t->st, &c, &g, &t->err), XY_OK);
    assert_int_equal(t->op->querier_disable(t->st, bank, "2026-03-04T08:00:00Z", &t->err), XY_OK);
    assert_int_equal(t->op->querier_disable(t->st, bank, "2026-03-05T08:00:00Z", &t->err), XY_ENOTFOUND);
    ct_commit(t);
    memset(&e, 0, sizeof e);
    assert_int_equal(t->op->queriers_list(t->st, NULL, 0, 10, on_entry, &e, &t->err), XY_OK);
    assert_int_equal(e.n, 1); /* the disabled bank is left out */
    memset(&e, 0, sizeof e);
    assert_int_equal(t->op->queriers_list(t->st, NULL, 1, 10, on_entry, &e, &t->err), XY_OK);
    assert_int_equal(e.n, 2);
    assert_string_equal(e.disabled[0], "2026-03-04T08:00:00Z");

    struct grants l = {0};
    assert_int_equal(t->op->consents_list(t->st, 0, k1, bank, on_grant, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.g[0].id, g);
    assert_int_equal(l.g[0].querier_key, 0);
    assert_string_equal(l.g[0].qname, "某商业银行武汉分行");
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->consents_list(t->st, 0, k1, agency, on_grant, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 0); /* another organisation's key */
}

struct accesses {
    int n;
    struct {
        int64_t id, key_id, grant_id;
        char at[32], key_name[32], role[16], dept[32], purpose[32], object[32];
    } a[8];
};

static int on_access(void *ctx, const struct xy_access_row *a)
{
    struct accesses *l = ctx;
    assert_true(l->n < 8);
    l->a[l->n].id = a->id;
    l->a[l->n].key_id = a->key_id;
    l->a[l->n].grant_id = a->grant_id;
    ct_cpy(l->a[l->n].at, sizeof l->a[0].at, a->at);
    ct_cpy(l->a[l->n].key_name, sizeof l->a[0].key_name, a->key_name);
    ct_cpy(l->a[l->n].role, sizeof l->a[0].role, a->role);
    ct_cpy(l->a[l->n].dept, sizeof l->a[0].dept, a->dept_uscc);
    ct_cpy(l->a[l->n].purpose, sizeof l->a[0].purpose, a->purpose);
    ct_cpy(l->a[l->n].object, sizeof l->a[0].object, a->object);
    l->n++;
    return 0;
}

/* A subject's access history, newest first, paged by `before`, with the reader's key name. */
static void test_access(void **state)
{
    struct ct *t = *state;
    struct base b = base(t);
    struct accesses l = {0};
    ct_begin(t);
    int64_t bank = ct_key(t, "approval", 0, 0, "某银行武汉分行");
    int64_t g = grant(t, b.subj, bank, "贷款审批");
    assert_int_equal(t->op->access_add(t->st, b.subj, "2026-03-02T08:00:00Z", bank, "approval", NULL, "贷款审批",
                                       "subject/p1", g, &t->err),
                     XY_OK);
    assert_int_equal(t->op->access_add(t->st, b.subj2, "2026-03-02T08:30:00Z", bank, "approval", NULL, "贷款审批",
                                       "subject/p2", 0, &t->err),
                     XY_OK);
    assert_int_equal(t->op->access_add(t->st, b.subj, "2026-03-02T09:00:00Z", 0, "office", DEPT_A, "异议核查",
                                       NULL, 0, &t->err),
                     XY_OK);
    assert_int_equal(t->op->access_add(t->st, b.subj, "2026-03-02T10:00:00Z", bank, "approval", DEPT_B, "联合奖惩核查",
                                       "check/4", 0, &t->err),
                     XY_OK);
    ct_commit(t);
    assert_int_equal(t->op->access_list(t->st, b.subj, 0, 10, on_access, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 3);
    assert_true(l.a[0].id > l.a[1].id && l.a[1].id > l.a[2].id);
    assert_string_equal(l.a[0].at, "2026-03-02T10:00:00Z");
    assert_string_equal(l.a[0].dept, DEPT_B);
    assert_string_equal(l.a[0].object, "check/4");
    assert_int_equal(l.a[0].grant_id, 0);
    assert_string_equal(l.a[1].at, "2026-03-02T09:00:00Z");
    assert_int_equal(l.a[1].key_id, 0);
    assert_string_equal(l.a[1].key_name, CT_NULL); /* the local operator: no key */
    assert_string_equal(l.a[1].role, "office");
    assert_string_equal(l.a[1].object, CT_NULL);
    assert_string_equal(l.a[2].at, "2026-03-02T08:00:00Z");
    assert_int_equal(l.a[2].key_id, bank);
    assert_string_equal(l.a[2].key_name, "某银行武汉分行");
    assert_string_equal(l.a[2].purpose, "贷款审批");
    assert_string_equal(l.a[2].object, "subject/p1");
    assert_int_equal(l.a[2].grant_id, g);
    assert_string_equal(l.a[2].dept, CT_NULL);

    int64_t newest = l.a[0].id, middle = l.a[1].id, oldest = l.a[2].id;
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->access_list(t->st, b.subj, 0, 2, on_access, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.a[0].id, newest);
    assert_int_equal(l.a[1].id, middle);
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->access_list(t->st, b.subj, middle, 2, on_access, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.a[0].id, oldest);
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->access_list(t->st, b.subj, oldest, 2, on_access, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 0);
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->access_list(t->st, b.subj2, 0, 10, on_access, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.a[0].object, "subject/p2");
}

struct changes {
    int n;
    struct {
        int64_t seq, record_id, subject_id;
        char at[32], kind[32], uscc[32], opaque[32], cls[16], detail[64];
    } c[8];
};

static int on_change(void *ctx, const struct xy_change_row *c)
{
    struct changes *l = ctx;
    assert_true(l->n < 8);
    l->c[l->n].seq = c->seq;
    l->c[l->n].record_id = c->record_id;
    l->c[l->n].subject_id = c->subject_id;
    ct_cpy(l->c[l->n].at, sizeof l->c[0].at, c->at);
    ct_cpy(l->c[l->n].kind, sizeof l->c[0].kind, c->kind);
    ct_cpy(l->c[l->n].uscc, sizeof l->c[0].uscc, c->subject_uscc);
    ct_cpy(l->c[l->n].opaque, sizeof l->c[0].opaque, c->subject_opaque);
    ct_cpy(l->c[l->n].cls, sizeof l->c[0].cls, c->cls);
    ct_cpy(l->c[l->n].detail, sizeof l->c[0].detail, c->detail);
    l->n++;
    return 0;
}

/* The change feed: entries numbered in the order written, paged by `after`, with the subject's
 * code (none for a person) and public reference. */
static void test_changes(void **state)
{
    struct ct *t = *state;
    struct base b = base(t);
    char ref[24], pref[24];
    ct_begin(t);
    int64_t person = ct_person(t, 6, "王五");
    struct xy_change_row c1 = {.at = "2026-03-02T08:00:00Z", .kind = "record.withdrawn", .record_id = b.rec,
                               .subject_id = b.subj, .cls = "penalty", .detail = "{\"objection\":3}"};
    struct xy_change_row c2 = {.at = "2026-03-02T08:00:01Z", .kind = "record.corrected", .record_id = b.rec3,
                               .subject_id = person, .cls = "penalty"};
    struct xy_change_row c3 = {.at = "2026-03-02T08:00:02Z", .kind = "catalog.changed"};
    assert_int_equal(t->op->change_add(t->st, &c1, &t->err), XY_OK);
    assert_int_equal(t->op->change_add(t->st, &c2, &t->err), XY_OK);
    assert_int_equal(t->op->change_add(t->st, &c3, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(t->op->subject_ref(t->st, b.subj, ref, &t->err), XY_OK);
    assert_int_equal(t->op->subject_ref(t->st, person, pref, &t->err), XY_OK);

    struct changes l = {0};
    assert_int_equal(t->op->changes_page(t->st, 0, 10, on_change, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 3);
    assert_true(l.c[0].seq > 0 && l.c[0].seq < l.c[1].seq && l.c[1].seq < l.c[2].seq);
    assert_string_equal(l.c[0].at, "2026-03-02T08:00:00Z");
    assert_string_equal(l.c[0].kind, "record.withdrawn");
    assert_int_equal(l.c[0].record_id, b.rec);
    assert_int_equal(l.c[0].subject_id, b.subj);
    assert_string_equal(l.c[0].uscc, USCC_A);
    assert_string_equal(l.c[0].opaque, ref);
    assert_string_equal(l.c[0].cls, "penalty");
    assert_string_equal(l.c[0].detail, "{\"objection\":3}");
    assert_string_equal(l.c[1].uscc, CT_NULL);
    assert_string_equal(l.c[1].opaque, pref);
    assert_string_equal(l.c[1].detail, CT_NULL);
    assert_int_equal(l.c[2].record_id, 0);
    assert_int_equal(l.c[2].subject_id, 0);
    assert_string_equal(l.c[2].opaque, CT_NULL);
    assert_string_equal(l.c[2].cls, CT_NULL);

    int64_t s1 = l.c[0].seq, s2 = l.c[1].seq, s3 = l.c[2].seq;
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->changes_page(t->st, s1, 1, on_change, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.c[0].seq, s2);
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->changes_page(t->st, s2, 5, on_change, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.c[0].seq, s3);
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->changes_page(t->st, s3, 5, on_change, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 0);
}

const struct CMUnitTest ct_rights_tests[] = {
    CT_CASE(test_calendar),   CT_CASE(test_claim_add_get), CT_CASE(test_claim_update),
    CT_CASE(test_claims_page_filters), CT_CASE(test_claim_open_on), CT_CASE(test_claim_steps),
    CT_CASE(test_files),      CT_CASE(test_consents),
    CT_CASE(test_queriers),      CT_CASE(test_access),
    CT_CASE(test_changes),
};
const size_t ct_rights_count = CT_COUNT(ct_rights_tests);
