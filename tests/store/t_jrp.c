/* SPDX-License-Identifier: Apache-2.0 */
/* Contract: joint reward and punishment (matters, memoranda and measures, list entries, checks,
 * feedback, cases, figures). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "common/xy_alloc.h"
#include "contract.h"

#define DEPT_A "11420100MB1234562H"
#define DEPT_B "11420100MB1514396X"
#define USCC_A "91420684MA4927PJ7B"
#define USCC_B "91440300708461136T"
#define MEMO "发改财金〔2016〕1580号"

struct matters {
    int n;
    char code[8][32], name[8][64], dept[8][32];
};

static int on_matter(void *ctx, const struct xy_subject_row *s)
{
    struct matters *m = ctx;
    assert_true(m->n < 8);
    ct_cpy(m->code[m->n], sizeof m->code[0], s->uscc);
    ct_cpy(m->name[m->n], sizeof m->name[0], s->name);
    ct_cpy(m->dept[m->n], sizeof m->dept[0], s->regno);
    m->n++;
    return 0;
}

/* The department that handles a matter: "" when the matter names none, and a new put replaces it. */
static void test_matter_dept(void **state)
{
    struct ct *t = *state;
    char dept[19] = "x";
    assert_int_equal(t->op->matter_dept(t->st, "420100-ZZ-999", dept, &t->err), XY_ENOTFOUND);
    ct_begin(t);
    assert_int_equal(t->op->matter_put(t->st, "420100-AA-002", "招标投标", DEPT_B, &t->err), XY_OK);
    assert_int_equal(t->op->matter_put(t->st, "420100-BB-003", "评先评优", NULL, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(t->op->matter_dept(t->st, "420100-AA-002", dept, &t->err), XY_OK);
    assert_string_equal(dept, DEPT_B);
    assert_int_equal(t->op->matter_dept(t->st, "420100-BB-003", dept, &t->err), XY_OK);
    assert_string_equal(dept, "");
    ct_begin(t);
    assert_int_equal(t->op->matter_put(t->st, "420100-BB-003", "评先评优", DEPT_A, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(t->op->matter_dept(t->st, "420100-BB-003", dept, &t->err), XY_OK);
    assert_string_equal(dept, DEPT_A);
}

/* Matters by code; putting a code again replaces its name and department. */
static void test_matters(void **state)
{
    struct ct *t = *state;
    struct matters m = {0};
    assert_int_equal(t->op->matter_exists(t->st, "420100-CG-001"), 0);
    ct_begin(t);
    assert_int_equal(t->op->matter_put(t->st, "420100-CG-001", "政府采购", DEPT_A, &t->err), XY_OK);
    assert_int_equal(t->op->matter_put(t->st, "420100-AA-002", "招标投标", DEPT_B, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(t->op->matter_exists(t->st, "420100-CG-001"), 1);
    assert_int_equal(t->op->matter_exists(t->st, "420100-AA-002"), 1);
    assert_int_equal(t->op->matter_exists(t->st, "420100-ZZ-999"), 0);
    assert_int_equal(t->op->matters_list(t->st, on_matter, &m, &t->err), XY_OK);
    assert_int_equal(m.n, 2);
    assert_string_equal(m.code[0], "420100-AA-002");
    assert_string_equal(m.name[0], "招标投标");
    assert_string_equal(m.dept[0], DEPT_B);
    assert_string_equal(m.code[1], "420100-CG-001");
    ct_begin(t);
    assert_int_equal(t->op->matter_put(t->st, "420100-CG-001", "政府采购活动", DEPT_B, &t->err), XY_OK);
    ct_commit(t);
    memset(&m, 0, sizeof m);
    assert_int_equal(t->op->matters_list(t->st, on_matter, &m, &t->err), XY_OK);
    assert_int_equal(m.n, 2);
    assert_string_equal(m.name[1], "政府采购活动");
    assert_string_equal(m.dept[1], DEPT_B);
}

static int64_t memo(struct ct *t, const char *doc_no, int version, const char *target, const char *body)
{
    struct xy_memo_row m = {.doc_no = doc_no, .version = version, .title = "关于对失信主体实施联合惩戒的合作备忘录",
                            .signed_on = "2016-06-01", .signers = "[\"发改委\",\"人民银行\"]",
                            .target_class = target, .target_domain = "tax", .body = body,
                            .loaded_at = CT_NOW};
    int64_t id = 0;
    assert_int_equal(t->op->memo_put(t->st, &m, &id, &t->err), XY_OK);
    assert_true(id > 0);
    return id;
}

static void measure(struct ct *t, int64_t memo_id, const char *code, const char *kind)
{
    struct xy_measure_row x = {.memo_id = memo_id, .code = code, .kind = kind, .action = "restrict",
                               .text = "限制参与政府采购", .legal_basis = "《政府采购法》第二十二条",
                               .depts = "[\"" DEPT_A "\"]", .matters = "[\"420100-CG-001\"]",
                               .valid_from = "2016-06-01", .valid_to = NULL};
    assert_int_equal(t->op->measure_put(t->st, &x, &t->err), XY_OK);
}

static void memo_is(struct ct *t, const char *doc_no, int64_t want_id, int want_version, const char *want_body)
{
    int64_t id = 0;
    int version = 0;
    char *body = NULL;
    assert_int_equal(t->op->memo_current(t->st, doc_no, &id, &version, &body, &t->err), XY_OK);
    assert_int_equal(id, want_id);
    assert_int_equal(version, want_version);
    assert_string_equal(body, want_body);
    xy_free(body);
}

/* A new version of a memorandum becomes current; the policy count moves with every memorandum or
 * measure stored and stays put otherwise. */
static void test_memo_versions(void **state)
{
    struct ct *t = *state;
    int64_t id = 0, g0 = -1, g1 = -1, g2 = -1, g3 = -1, g4 = -1;
    int version = 0;
    char *body = (char *)"untouched";
    assert_int_equal(t->op->memo_current(t->st, MEMO, &id, &version, &body, &t->err), XY_ENOTFOUND);
    assert_null(body);
    assert_int_equal(t->op->policy_gen(t->st, &g0, &t->err), XY_OK);
    ct_begin(t);
    int64_t v1 = memo(t, MEMO, 1, "black_list", "{\"v\":1}");
    ct_commit(t);
    memo_is(t, MEMO, v1, 1, "{\"v\":1}");
    assert_int_equal(t->op->policy_gen(t->st, &g1, &t->err), XY_OK);
    assert_true(g1 != g0);
    ct_begin(t);
    measure(t, v1, "M1", "punish");
    ct_commit(t);
    assert_int_equal(t->op->policy_gen(t->st, &g2, &t->err), XY_OK);
    assert_true(g2 != g1);
    ct_begin(t);
    int64_t v2 = memo(t, MEMO, 2, "black_list", "{\"v\":2}");
    int64_t other = memo(t, "发改财金〔2017〕1001号", 1, "red_list", "{\"other\":1}");
    ct_commit(t);
    assert_true(v2 != v1);
    memo_is(t, MEMO, v2, 2, "{\"v\":2}");
    memo_is(t, "发改财金〔2017〕1001号", other, 1, "{\"other\":1}");
    assert_int_equal(t->op->policy_gen(t->st, &g3, &t->err), XY_OK);
    assert_true(g3 != g2);
    ct_begin(t);
    assert_int_equal(t->op->matter_put(t->st, "420100-CG-001", "政府采购", DEPT_A, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(t->op->policy_gen(t->st, &g4, &t->err), XY_OK);
    assert_true(g4 == g3);
    /* A calendar day, new or changed, moves it too: feedback on checks is due in working days. */
    int64_t g5 = -1, g6 = -1;
    ct_begin(t);
    assert_int_equal(t->op->calendar_put(t->st, "2031-01-02", "holiday", "测试", "Test", &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(t->op->policy_gen(t->st, &g5, &t->err), XY_OK);
    assert_true(g5 != g4);
    ct_begin(t);
    assert_int_equal(t->op->calendar_put(t->st, "2031-01-02", "holiday", "测试二", "Test 2", &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(t->op->policy_gen(t->st, &g6, &t->err), XY_OK);
    assert_true(g6 != g5);
}

struct measures {
    int n;
    struct {
        int64_t id, memo_id;
        char memo_doc_no[48], memo_title[96], target_class[16], target_domain[16], code[8], kind[8], action[16],
            text[48], legal_basis[64], depts[48], matters[48], valid_from[16], valid_to[16];
    } m[8];
};

static int on_measure(void *ctx, const struct xy_measure_row *m)
{
    struct measures *l = ctx;
    assert_true(l->n < 8);
    l->m[l->n].id = m->id;
    l->m[l->n].memo_id = m->memo_id;
#define CP(f) ct_cpy(l->m[l->n].f, sizeof l->m[0].f, m->f)
    CP(memo_doc_no);
    CP(memo_title);
    CP(target_class);
    CP(target_domain);
    CP(code);
    CP(kind);
    CP(action);
    CP(text);
    CP(legal_basis);
    CP(depts);
    CP(matters);
    CP(valid_from);
    CP(valid_to);
#undef CP
    l->n++;
    return 0;
}

/* The measures of the current memoranda aimed at a list class, in the order they were stored, with
 * their memorandum's number, title and target; a superseded memorandum's measures are gone. */
static void test_measures_current(void **state)
{
    struct ct *t = *state;
    struct measures l = {0};
    ct_begin(t);
    int64_t v1 = memo(t, MEMO, 1, "black_list", "{}");
    measure(t, v1, "M1", "punish");
    measure(t, v1, "M2", "punish");
    int64_t red = memo(t, "发改财金〔2017〕1001号", 1, "red_list", "{}");
    measure(t, red, "R1", "reward");
    ct_commit(t);
    assert_int_equal(t->op->measures_current(t->st, "black_list", on_measure, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.m[0].code, "M1");
    assert_string_equal(l.m[1].code, "M2");
    assert_true(l.m[0].id < l.m[1].id);
    assert_int_equal(l.m[0].memo_id, v1);
    assert_string_equal(l.m[0].memo_doc_no, MEMO);
    assert_string_equal(l.m[0].memo_title, "关于对失信主体实施联合惩戒的合作备忘录");
    assert_string_equal(l.m[0].target_class, "black_list");
    assert_string_equal(l.m[0].target_domain, "tax");
    assert_string_equal(l.m[0].kind, "punish");
    assert_string_equal(l.m[0].action, "restrict");
    assert_string_equal(l.m[0].text, "限制参与政府采购");
    assert_string_equal(l.m[0].legal_basis, "《政府采购法》第二十二条");
    assert_string_equal(l.m[0].depts, "[\"" DEPT_A "\"]");
    assert_string_equal(l.m[0].matters, "[\"420100-CG-001\"]");
    assert_string_equal(l.m[0].valid_from, "2016-06-01");
    assert_string_equal(l.m[0].valid_to, CT_NULL);

    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->measures_current(t->st, "red_list", on_measure, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.m[0].code, "R1");
    assert_string_equal(l.m[0].kind, "reward");

    ct_begin(t);
    int64_t v2 = memo(t, MEMO, 2, "black_list", "{}");
    measure(t, v2, "M3", "punish");
    ct_commit(t);
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->measures_current(t->st, "black_list", on_measure, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.m[0].code, "M3");
    assert_int_equal(l.m[0].memo_id, v2);
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->measures_current(t->st, "watch_list", on_measure, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 0);
}

/* Current list entries (red, black, watch) of a subject or naming a legal representative, by id,
 * leaving out other classes, superseded versions and entries that have exited (repaired, revoked,
 * exited, withdrawn, expired). */
static void test_list_entries(void **state)
{
    struct ct *t = *state;
    uint8_t rep[32], rep2[32];
    memset(rep, 0x42, sizeof rep);
    memset(rep2, 0x43, sizeof rep2);
    ct_begin(t);
    int64_t d = ct_dept(t, DEPT_A, "甲局");
    int64_t sa = ct_org(t, USCC_A, "甲公司"), sb = ct_org(t, USCC_B, "乙公司");
    int64_t b = ct_batch(t, d, "black_list");
#define REC(...) ct_record(t, &(struct ct_rec){.dept = d, .batch = b, __VA_ARGS__})
    int64_t black = REC(.cls = "black_list", .subject = sa, .doc_no = "B1", .rep_hash = rep);
    int64_t red = REC(.cls = "red_list", .subject = sa, .doc_no = "R1");
    int64_t watch = REC(.cls = "watch_list", .subject = sa, .doc_no = "W1", .status = "unpublished");
    REC(.cls = "penalty", .subject = sa, .doc_no = "P1", .rep_hash = rep);
    REC(.cls = "black_list", .subject = sa, .doc_no = "B2", .status = "repaired", .rep_hash = rep);
    REC(.cls = "black_list", .subject = sa, .doc_no = "B3", .status = "revoked");
    REC(.cls = "black_list", .subject = sa, .doc_no = "B4", .status = "exited");
    REC(.cls = "red_list", .subject = sa, .doc_no = "R2", .status = "withdrawn");
    REC(.cls = "watch_list", .subject = sa, .doc_no = "W2", .status = "expired");
    REC(.cls = "black_list", .subject = sa, .doc_no = "B5", .rep_hash = rep2);
    int64_t b5 = REC(.cls = "black_list", .subject = sa, .doc_no = "B5", .version = 2, .tag = 2);
    int64_t other = REC(.cls = "black_list", .subject = sb, .doc_no = "B6", .rep_hash = rep);
#undef REC
    ct_commit(t);

    struct ct_rows *r = calloc(1, sizeof *r);
    assert_non_null(r);
    assert_int_equal(t->op->list_entries(t->st, sa, NULL, ct_lists(), ct_on_record, r, &t->err), XY_OK);
    assert_int_equal(r->n, 4);
    assert_int_equal(r->r[0].id, black);
    assert_int_equal(r->r[1].id, red);
    assert_int_equal(r->r[2].id, watch);
    assert_int_equal(r->r[3].id, b5);
    assert_string_equal(r->r[0].dept_uscc, DEPT_A);

    memset(r, 0, sizeof *r);
    assert_int_equal(t->op->list_entries(t->st, 0, rep, ct_lists(), ct_on_record, r, &t->err), XY_OK);
    assert_int_equal(r->n, 2);
    assert_int_equal(r->r[0].id, black);
    assert_int_equal(r->r[1].id, other);
    assert_int_equal(r->r[1].subject_id, sb);

    memset(r, 0, sizeof *r); /* B5's first version named rep2; its current one names nobody */
    assert_int_equal(t->op->list_entries(t->st, 0, rep2, ct_lists(), ct_on_record, r, &t->err), XY_OK);
    assert_int_equal(r->n, 0);
    free(r);
}

static int64_t check(struct ct *t, const char *at, const char *dept, int64_t subject, int hits, const char *due)
{
    struct xy_check_row c = {.at = at, .key_id = 3, .dept_uscc = dept, .matter = "420100-CG-001",
                             .subject_id = subject, .hits = hits, .answer = "{\"entries\":[]}",
                             .feedback_due = due};
    int64_t id = 0;
    assert_int_equal(t->op->check_add(t->st, &c, &id, &t->err), XY_OK);
    assert_true(id > 0);
    return id;
}

/* check_get copies the check out; its strings live in out.mem, which stays valid across later
 * calls on the store until the caller frees it. */
static void test_check_add_get(void **state)
{
    struct ct *t = *state;
    struct xy_check_row a, b;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    ct_begin(t);
    int64_t s = ct_org(t, USCC_A, "甲公司");
    struct xy_check_row c = {.at = "2026-03-02T08:00:00.123Z", .key_id = 17, .dept_uscc = DEPT_A,
                             .matter = "420100-CG-001", .subject_id = s, .hits = 2,
                             .answer = "{\"entries\":[1,2],\"说明\":\"命中\"}", .feedback_due = "2026-03-16"};
    int64_t id1 = 0;
    assert_int_equal(t->op->check_add(t->st, &c, &id1, &t->err), XY_OK);
    int64_t id2 = check(t, "2026-03-02T08:00:01Z", DEPT_B, 0, 0, "2026-03-17");
    ct_commit(t);
    assert_true(id1 != id2);

    assert_int_equal(t->op->check_get(t->st, id1, &a, &t->err), XY_OK);
    assert_non_null(a.mem);
    assert_int_equal(t->op->check_get(t->st, id2, &b, &t->err), XY_OK);
    ct_begin(t); /* other work on the store meanwhile */
    check(t, "2026-03-02T08:00:02Z", DEPT_A, s, 1, "2026-03-18");
    ct_commit(t);
    assert_int_equal(a.id, id1);
    assert_string_equal(a.at, "2026-03-02T08:00:00.123Z");
    assert_int_equal(a.key_id, 17);
    assert_string_equal(a.dept_uscc, DEPT_A);
    assert_string_equal(a.matter, "420100-CG-001");
    assert_int_equal(a.subject_id, s);
    assert_int_equal(a.hits, 2);
    assert_string_equal(a.answer, "{\"entries\":[1,2],\"说明\":\"命中\"}");
    assert_string_equal(a.feedback_due, "2026-03-16");
    assert_int_equal(b.id, id2);
    assert_int_equal(b.subject_id, 0); /* unknown to the platform */
    assert_int_equal(b.hits, 0);
    assert_string_equal(b.dept_uscc, DEPT_B);
    assert_true(a.mem != b.mem);
    xy_free(a.mem);
    xy_free(b.mem);

    struct xy_check_row none;
    memset(&none, 0, sizeof none);
    assert_int_equal(t->op->check_get(t->st, id2 + 100, &none, &t->err), XY_ENOTFOUND);
    xy_free(none.mem);
}

/* A jrp world: a subject on a black list, a memorandum with two measures, a check of it. */
struct world {
    int64_t subj, memo, m1, m2, check;
};

static struct world world(struct ct *t)
{
    struct world w;
    struct measures l = {0};
    ct_begin(t);
    w.subj = ct_org(t, USCC_A, "甲公司");
    w.memo = memo(t, MEMO, 1, "black_list", "{}");
    measure(t, w.memo, "M1", "punish");
    measure(t, w.memo, "M2", "punish");
    w.check = check(t, "2026-03-02T08:00:00Z", DEPT_A, w.subj, 2, "2026-03-16");
    ct_commit(t);
    assert_int_equal(t->op->measures_current(t->st, "black_list", on_measure, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 2);
    w.m1 = l.m[0].id;
    w.m2 = l.m[1].id;
    return w;
}

static void test_feedback_once(void **state)
{
    struct ct *t = *state;
    struct world w = world(t);
    ct_begin(t);
    assert_int_equal(t->op->feedback_put(t->st, w.check, w.m1, 1, NULL, "已限制", "2026-03-05T08:00:00Z", &t->err),
                     XY_OK);
    assert_int_equal(t->op->feedback_put(t->st, w.check, w.m2, 0, "不适用", NULL, "2026-03-05T08:00:00Z", &t->err),
                     XY_OK);
    ct_commit(t);
    ct_begin(t);
    assert_int_equal(t->op->feedback_put(t->st, w.check, w.m1, 0, "改变主意", NULL, "2026-03-06T08:00:00Z", &t->err),
                     XY_EEXIST);
    ct_commit(t);
    /* The first feedback stands: the measure is still applied, so a case can be published. */
    int64_t id = 0;
    ct_begin(t);
    assert_int_equal(t->op->case_add(t->st, w.check, w.m1, "案例", "摘要", CT_NOW, 3, &id, &t->err), XY_OK);
    ct_commit(t);
}

struct cases {
    int n;
    struct {
        int64_t id;
        char title[64], summary[32], published[32], kind[8], action[16], text[48], basis[64], memo_doc[48],
            memo_title[96], dept[32], matter[32], subj_kind[16], subj_name[32], subj_uscc[32], applied_at[32],
            outcome[64];
    } c[8];
};

static int on_case(void *ctx, const struct xy_case_row *c)
{
    struct cases *l = ctx;
    assert_true(l->n < 8);
    l->c[l->n].id = c->id;
#define CP(f, g) ct_cpy(l->c[l->n].f, sizeof l->c[0].f, c->g)
    CP(title, title);
    CP(summary, summary);
    CP(published, published_at);
    CP(kind, kind);
    CP(action, action);
    CP(text, measure_text);
    CP(basis, legal_basis);
    CP(memo_doc, memo_doc_no);
    CP(memo_title, memo_title);
    CP(dept, dept_uscc);
    CP(matter, matter);
    CP(subj_kind, subject_kind);
    CP(subj_name, subject_name);
    CP(subj_uscc, subject_uscc);
    CP(applied_at, applied_at);
    CP(outcome, outcome);
#undef CP
    l->n++;
    return 0;
}

/* Only a measure applied on a check (per its feedback) becomes a case: XY_EINVAL without feedback or
 * with feedback that it was not applied, XY_EEXIST when published already; nothing is published by
 * a refusal. */
static void test_case_add(void **state)
{
    struct ct *t = *state;
    struct world w = world(t);
    struct cases l = {0};
    int64_t id = 0;
    ct_begin(t);
    assert_int_equal(t->op->case_add(t->st, w.check, w.m1, "案例", "摘要", CT_NOW, 3, &id, &t->err), XY_EINVAL);
    assert_int_equal(t->op->feedback_put(t->st, w.check, w.m2, 0, "不适用", NULL, "2026-03-05T08:00:00Z", &t->err),
                     XY_OK);
    assert_int_equal(t->op->case_add(t->st, w.check, w.m2, "案例", "摘要", CT_NOW, 3, &id, &t->err), XY_EINVAL);
    ct_commit(t);
    assert_int_equal(t->op->cases_page(t->st, 0, 10, on_case, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 0);

    ct_begin(t);
    assert_int_equal(t->op->feedback_put(t->st, w.check, w.m1, 1, NULL, "已限制其参与采购", "2026-03-05T09:00:00Z",
                                         &t->err),
                     XY_OK);
    assert_int_equal(t->op->case_add(t->st, w.check, w.m1, "某公司被限制参与政府采购", "摘要",
                                     "2026-03-06T08:00:00Z", 3, &id, &t->err),
                     XY_OK);
    ct_commit(t);
    assert_true(id > 0);
    int64_t again = 0;
    ct_begin(t);
    assert_int_equal(t->op->case_add(t->st, w.check, w.m1, "再一次", "摘要", CT_NOW, 3, &again, &t->err), XY_EEXIST);
    ct_commit(t);

    assert_int_equal(t->op->cases_page(t->st, 0, 10, on_case, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.c[0].id, id);
    assert_string_equal(l.c[0].title, "某公司被限制参与政府采购");
    assert_string_equal(l.c[0].summary, "摘要");
    assert_string_equal(l.c[0].published, "2026-03-06T08:00:00Z");
    assert_string_equal(l.c[0].kind, "punish");
    assert_string_equal(l.c[0].action, "restrict");
    assert_string_equal(l.c[0].text, "限制参与政府采购");
    assert_string_equal(l.c[0].basis, "《政府采购法》第二十二条");
    assert_string_equal(l.c[0].memo_doc, MEMO);
    assert_string_equal(l.c[0].memo_title, "关于对失信主体实施联合惩戒的合作备忘录");
    assert_string_equal(l.c[0].dept, DEPT_A);
    assert_string_equal(l.c[0].matter, "420100-CG-001");
    assert_string_equal(l.c[0].subj_kind, "org");
    assert_string_equal(l.c[0].subj_name, "甲公司");
    assert_string_equal(l.c[0].subj_uscc, USCC_A);
    assert_string_equal(l.c[0].applied_at, "2026-03-05T09:00:00Z");
    assert_string_equal(l.c[0].outcome, "已限制其参与采购");
}

/* Published cases with id > after, oldest first, at most limit. */
static void test_cases_page(void **state)
{
    struct ct *t = *state;
    struct world w = world(t);
    int64_t ids[4];
    ct_begin(t);
    for (int i = 0; i < 4; i++) {
        int64_t c = i < 2 ? w.check : check(t, "2026-03-03T08:00:00Z", DEPT_A, 0, 1, "2026-03-17");
        int64_t m = i % 2 ? w.m2 : w.m1;
        assert_int_equal(t->op->feedback_put(t->st, c, m, 1, NULL, NULL, "2026-03-05T08:00:00Z", &t->err), XY_OK);
        assert_int_equal(t->op->case_add(t->st, c, m, "案例", "摘要", CT_NOW, 3, &ids[i], &t->err), XY_OK);
    }
    ct_commit(t);
    struct cases l = {0};
    assert_int_equal(t->op->cases_page(t->st, 0, 10, on_case, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 4);
    for (int i = 0; i < 4; i++)
        assert_int_equal(l.c[i].id, ids[i]);
    assert_string_equal(l.c[2].subj_name, CT_NULL); /* a check of a subject unknown to the platform */
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->cases_page(t->st, ids[0], 2, on_case, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.c[0].id, ids[1]);
    assert_int_equal(l.c[1].id, ids[2]);
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->cases_page(t->st, ids[3], 2, on_case, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 0);
}

struct stats {
    int n;
    char metric[24][24], key[24][32];
    int64_t value[24];
};

static int on_stat(void *ctx, const char *metric, const char *key, int64_t value)
{
    struct stats *s = ctx;
    assert_true(s->n < 24);
    ct_cpy(s->metric[s->n], sizeof s->metric[0], metric);
    ct_cpy(s->key[s->n], sizeof s->key[0], key);
    s->value[s->n] = value;
    s->n++;
    return 0;
}

static int64_t stat(const struct stats *s, const char *metric, const char *key)
{
    int64_t v = -1;
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->metric[i], metric) == 0 && strcmp(s->key[i], key) == 0) {
            assert_int_equal(v, -1); /* once each */
            v = s->value[i];
        }
    return v;
}

static int rows_of(const struct stats *s, const char *metric)
{
    int n = 0;
    for (int i = 0; i < s->n; i++)
        n += strcmp(s->metric[i], metric) == 0;
    return n;
}

/* The month's figures: checks made in [from, to) and those with hits; checks answered and measures
 * applied; applications by department and by memorandum; departments taking part (checking in the
 * range, or giving feedback in it); checks with hits whose feedback is overdue on `now`. */
static void test_jrp_stats(void **state)
{
    struct ct *t = *state;
    struct stats s = {0};
    assert_int_equal(t->op->jrp_stats(t->st, "2026-03-01", "2026-04-01", "2026-03-20", on_stat, &s, &t->err), XY_OK);
    assert_int_equal(stat(&s, "checks", "total"), 0);
    assert_int_equal(stat(&s, "checks", "with_hits"), 0);
    assert_int_equal(stat(&s, "feedback", "checks_answered"), 0);
    assert_int_equal(stat(&s, "feedback", "measures_applied"), 0);
    assert_int_equal(stat(&s, "departments", "taking_part"), 0);
    assert_int_equal(stat(&s, "overdue_feedback", "checks"), 0);
    assert_int_equal(rows_of(&s, "applied_by_dept"), 0);
    assert_int_equal(rows_of(&s, "applied_by_memo"), 0);

    struct world w = world(t); /* its check: 2026-03-02, DEPT_A, 2 hits, due 2026-03-16 */
    ct_begin(t);
    int64_t c2 = check(t, "2026-03-03T08:00:00Z", DEPT_B, 0, 1, "2026-03-10"); /* overdue */
    check(t, "2026-03-04T08:00:00Z", DEPT_B, 0, 0, "2026-03-10");              /* no hits: nothing due */
    check(t, "2026-03-15T08:00:00Z", DEPT_A, 0, 1, "2026-03-25");              /* not due yet */
    int64_t c5 = check(t, "2026-02-27T08:00:00Z", "11000000000000000Z", 0, 1, "2026-03-01"); /* February */
    check(t, "2026-04-01T00:00:00Z", "12000000000000000Z", 0, 1, "2026-04-10"); /* April */
    assert_int_equal(t->op->feedback_put(t->st, w.check, w.m1, 1, NULL, NULL, "2026-03-05T08:00:00Z", &t->err), XY_OK);
    assert_int_equal(t->op->feedback_put(t->st, w.check, w.m2, 0, "不适用", NULL, "2026-03-05T08:00:00Z", &t->err),
                     XY_OK);
    assert_int_equal(t->op->feedback_put(t->st, c5, w.m1, 1, NULL, NULL, "2026-03-01T08:00:00Z", &t->err), XY_OK);
    ct_commit(t);
    (void)c2;

    memset(&s, 0, sizeof s);
    assert_int_equal(t->op->jrp_stats(t->st, "2026-03-01", "2026-04-01", "2026-03-20", on_stat, &s, &t->err), XY_OK);
    assert_int_equal(stat(&s, "checks", "total"), 4);
    assert_int_equal(stat(&s, "checks", "with_hits"), 3);
    assert_int_equal(stat(&s, "feedback", "checks_answered"), 1);
    assert_int_equal(stat(&s, "feedback", "measures_applied"), 1);
    assert_int_equal(rows_of(&s, "applied_by_dept"), 1);
    assert_int_equal(stat(&s, "applied_by_dept", DEPT_A), 1);
    assert_int_equal(rows_of(&s, "applied_by_memo"), 1);
    assert_int_equal(stat(&s, "applied_by_memo", MEMO), 1);
    assert_int_equal(stat(&s, "departments", "taking_part"), 3); /* A and B checked; February's gave feedback */
    assert_int_equal(stat(&s, "overdue_feedback", "checks"), 1);

    memset(&s, 0, sizeof s); /* February: its check, answered */
    assert_int_equal(t->op->jrp_stats(t->st, "2026-02-01", "2026-03-01", "2026-03-20", on_stat, &s, &t->err), XY_OK);
    assert_int_equal(stat(&s, "checks", "total"), 1);
    assert_int_equal(stat(&s, "feedback", "measures_applied"), 1);
    assert_int_equal(stat(&s, "applied_by_dept", "11000000000000000Z"), 1);
    assert_int_equal(stat(&s, "overdue_feedback", "checks"), 0);
}

const struct CMUnitTest ct_jrp_tests[] = {
    CT_CASE(test_matters), CT_CASE(test_matter_dept),       CT_CASE(test_memo_versions), CT_CASE(test_measures_current),
    CT_CASE(test_list_entries),  CT_CASE(test_check_add_get), CT_CASE(test_feedback_once),
    CT_CASE(test_case_add),      CT_CASE(test_cases_page),    CT_CASE(test_jrp_stats),
};
const size_t ct_jrp_count = CT_COUNT(ct_jrp_tests);
