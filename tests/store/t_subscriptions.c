/* SPDX-License-Identifier: Apache-2.0 */
/* Contract: subscriptions: a webhook's cursor in the change log (starting at its end), its
 * deliveries and failures, its ending; the subjects it follows under a grant; the live grant found
 * for a querier; the records of a batch that fall to it, with the grant's state. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "contract.h"

struct sub_got {
    int64_t id, key_id, seq, part, delivered, failures, subjects, backlog;
    size_t secret_len;
    uint8_t secret[64];
    char role[16], url[64], created[32], ended[32], reason[32], acked[32], error[32], error_at[32];
};

struct subs {
    int n;
    struct sub_got s[4];
};

static int on_sub(void *ctx, const struct xy_sub_row *r)
{
    struct subs *l = ctx;
    assert_true(l->n < 4);
    struct sub_got *o = &l->s[l->n++];
    o->id = r->id;
    o->key_id = r->key_id;
    o->seq = r->acked_seq;
    o->part = r->acked_part;
    o->delivered = r->delivered;
    o->failures = r->failures;
    o->subjects = r->subjects;
    o->backlog = r->backlog;
    o->secret_len = r->secret ? r->secret_len : 0;
    assert_true(o->secret_len <= sizeof o->secret);
    if (o->secret_len)
        memcpy(o->secret, r->secret, o->secret_len);
    ct_cpy(o->role, sizeof o->role, r->role);
    ct_cpy(o->url, sizeof o->url, r->url);
    ct_cpy(o->created, sizeof o->created, r->created_at);
    ct_cpy(o->ended, sizeof o->ended, r->ended_at);
    ct_cpy(o->reason, sizeof o->reason, r->ended_reason);
    ct_cpy(o->acked, sizeof o->acked, r->acked_at);
    ct_cpy(o->error, sizeof o->error, r->last_error);
    ct_cpy(o->error_at, sizeof o->error_at, r->last_error_at);
    return 0;
}

static void change(struct ct *t)
{
    struct xy_change_row c = {.at = CT_NOW, .kind = "record.withdrawn", .cls = "penalty"};
    assert_int_equal(t->op->change_add(t->st, &c, &t->err), XY_OK);
}

static int64_t sub(struct ct *t, int64_t key, const char *role, const uint8_t *secret, size_t len)
{
    struct xy_sub_row r = {.key_id = key, .role = role, .url = "https://bank.example.cn/hook", .secret = secret,
                           .secret_len = len, .created_at = CT_NOW};
    int64_t id = 0;
    assert_int_equal(t->op->sub_add(t->st, &r, &id, &t->err), XY_OK);
    assert_true(id > 0);
    return id;
}

/* The cursor starts at the end of the change log; an acknowledgement moves it, adds to the count
 * delivered and clears the failures; ended once; listed by id, key and whether in force. */
static void test_sub_cursor(void **state)
{
    struct ct *t = *state;
    uint8_t secret[56];
    memset(secret, 0x5c, sizeof secret);
    ct_begin(t);
    int64_t kq = ct_key(t, "querier", 0, 0, "柜台系统");
    int64_t dept = ct_dept(t, "11420100MB1234562H", "某局");
    int64_t kd = ct_key(t, "department", dept, 0, "某局");
    change(t);
    change(t);
    int64_t s1 = sub(t, kq, "querier", secret, sizeof secret);
    ct_commit(t);

    struct subs l = {0};
    assert_int_equal(t->op->sub_list(t->st, s1, 0, 0, on_sub, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.s[0].key_id, kq);
    assert_string_equal(l.s[0].role, "querier");
    assert_string_equal(l.s[0].url, "https://bank.example.cn/hook");
    assert_int_equal(l.s[0].secret_len, sizeof secret);
    assert_memory_equal(l.s[0].secret, secret, sizeof secret);
    assert_string_equal(l.s[0].created, CT_NOW);
    assert_int_equal(l.s[0].seq, 2); /* from its creation on */
    assert_int_equal(l.s[0].backlog, 0);
    assert_int_equal(l.s[0].subjects, 0);
    assert_string_equal(l.s[0].ended, CT_NULL);

    ct_begin(t);
    change(t);
    change(t);
    int64_t s2 = sub(t, kd, "department", secret, sizeof secret);
    ct_commit(t);
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->sub_list(t->st, 0, 0, 1, on_sub, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.s[0].id, s1); /* by id */
    assert_int_equal(l.s[0].backlog, 2);
    assert_int_equal(l.s[1].id, s2);
    assert_int_equal(l.s[1].seq, 4);
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->sub_list(t->st, 0, kd, 0, on_sub, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.s[0].id, s2);

    /* Inside a change delivered in parts, it still counts. */
    ct_begin(t);
    assert_int_equal(t->op->sub_ack(t->st, s1, 3, 40, 2, "2026-03-02T08:01:00Z", &t->err), XY_OK);
    ct_commit(t);
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->sub_list(t->st, s1, 0, 0, on_sub, &l, &t->err), XY_OK);
    assert_int_equal(l.s[0].seq, 3);
    assert_int_equal(l.s[0].part, 40);
    assert_int_equal(l.s[0].backlog, 2);
    assert_int_equal(l.s[0].delivered, 2);
    assert_string_equal(l.s[0].acked, "2026-03-02T08:01:00Z");

    ct_begin(t);
    assert_int_equal(t->op->sub_fail(t->st, s1, "HTTP 500", "2026-03-02T08:02:00Z", &t->err), XY_OK);
    assert_int_equal(t->op->sub_fail(t->st, s1, "timed out", "2026-03-02T08:03:00Z", &t->err), XY_OK);
    ct_commit(t);
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->sub_list(t->st, s1, 0, 0, on_sub, &l, &t->err), XY_OK);
    assert_int_equal(l.s[0].failures, 2);
    assert_string_equal(l.s[0].error, "timed out");
    assert_string_equal(l.s[0].error_at, "2026-03-02T08:03:00Z");
    assert_int_equal(l.s[0].delivered, 2);

    ct_begin(t);
    assert_int_equal(t->op->sub_ack(t->st, s1, 4, 0, 3, "2026-03-02T08:04:00Z", &t->err), XY_OK);
    ct_commit(t);
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->sub_list(t->st, s1, 0, 0, on_sub, &l, &t->err), XY_OK);
    assert_int_equal(l.s[0].failures, 0);
    assert_string_equal(l.s[0].error, CT_NULL);
    assert_int_equal(l.s[0].delivered, 5);
    assert_int_equal(l.s[0].backlog, 0);

    ct_begin(t);
    assert_int_equal(t->op->sub_end(t->st, s1, "2026-03-03T08:00:00Z", "grant_revoked", &t->err), XY_OK);
    assert_int_equal(t->op->sub_end(t->st, s1, "2026-03-04T08:00:00Z", "again", &t->err), XY_ENOTFOUND);
    assert_int_equal(t->op->sub_end(t->st, s1 + s2, "2026-03-04T08:00:00Z", "none", &t->err), XY_ENOTFOUND);
    ct_commit(t);
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->sub_list(t->st, 0, 0, 1, on_sub, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 1); /* those in force */
    assert_int_equal(l.s[0].id, s2);
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->sub_list(t->st, s1, 0, 0, on_sub, &l, &t->err), XY_OK);
    assert_string_equal(l.s[0].ended, "2026-03-03T08:00:00Z");
    assert_string_equal(l.s[0].reason, "grant_revoked");
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->sub_list(t->st, s1 + s2, 0, 0, on_sub, &l, &t->err), XY_ENOTFOUND);
    assert_int_equal(l.n, 0);
}

/* The live grant a querier's key (or its directory entry) holds on a subject: not revoked, not
 * ended, its entry not disabled; the one ending last. Whether a department holds a current record
 * of a subject. */
static void test_sub_grant_regulated(void **state)
{
    struct ct *t = *state;
    ct_begin(t);
    int64_t d1 = ct_dept(t, "11420100MB1234562H", "某局"), d2 = ct_dept(t, "11420100MB1514396X", "另一局");
    int64_t a = ct_org(t, "91420684MA4927PJ7B", "某公司"), p = ct_person(t, 7, "王五");
    int64_t kq = ct_key(t, "querier", 0, 0, "柜台系统"), kq2 = ct_key(t, "querier", 0, 0, "另一系统");
    int64_t b1 = ct_batch(t, d1, "penalty");
    ct_record(t, &(struct ct_rec){.dept = d1, .subject = a, .batch = b1, .doc_no = "a", .tag = 1});
    ct_record(t, &(struct ct_rec){.dept = d1, .subject = p, .batch = b1, .doc_no = "p", .tag = 2});
    ct_record(t, &(struct ct_rec){.dept = d1, .subject = p, .batch = b1, .doc_no = "p", .version = 2, .tag = 3});
    struct xy_querier_row bank = {.uscc = "91420100MA4K2X7C1N", .name = "某商业银行", .kind = "bank",
                                  .created_at = CT_NOW};
    int64_t qb = 0;
    assert_int_equal(t->op->querier_add(t->st, &bank, &qb, &t->err), XY_OK);
    struct xy_consent_row c = {.subject_id = a, .querier_key = kq, .classes = "[\"tax_arrears\"]",
                               .purpose = "贷款审批", .until = "2026-06-30", .created_at = CT_NOW};
    int64_t g1 = 0, g2 = 0, g3 = 0, g4 = 0;
    assert_int_equal(t->op->consent_add(t->st, &c, &g1, &t->err), XY_OK);
    c.until = "2026-12-31";
    assert_int_equal(t->op->consent_add(t->st, &c, &g2, &t->err), XY_OK);
    c.until = "2027-12-31";
    assert_int_equal(t->op->consent_add(t->st, &c, &g3, &t->err), XY_OK);
    assert_int_equal(t->op->consent_revoke(t->st, g3, CT_NOW, &t->err), XY_OK);
    struct xy_consent_row e = {.subject_id = p, .querier_id = qb, .classes = "[]", .purpose = "贷款审批",
                               .until = "2026-12-31", .created_at = CT_NOW};
    assert_int_equal(t->op->consent_add(t->st, &e, &g4, &t->err), XY_OK);
    ct_commit(t);

    int64_t g = -1;
    assert_int_equal(t->op->sub_grant(t->st, a, kq, 0, CT_DAY, &g, &t->err), XY_OK);
    assert_int_equal(g, g2); /* the revoked one left out; the one ending last */
    assert_int_equal(t->op->sub_grant(t->st, a, kq, 0, "2026-12-31", &g, &t->err), XY_OK);
    assert_int_equal(g, g2);
    assert_int_equal(t->op->sub_grant(t->st, a, kq, 0, "2027-01-01", &g, &t->err), XY_OK);
    assert_int_equal(g, 0); /* ended */
    assert_int_equal(t->op->sub_grant(t->st, a, kq2, 0, CT_DAY, &g, &t->err), XY_OK);
    assert_int_equal(g, 0); /* another key's */
    assert_int_equal(t->op->sub_grant(t->st, p, kq2, qb, CT_DAY, &g, &t->err), XY_OK);
    assert_int_equal(g, g4); /* any key of the entry */
    assert_int_equal(t->op->sub_grant(t->st, p, kq, 0, CT_DAY, &g, &t->err), XY_OK);
    assert_int_equal(g, 0);
    ct_begin(t);
    assert_int_equal(t->op->querier_disable(t->st, qb, CT_NOW, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(t->op->sub_grant(t->st, p, kq2, qb, CT_DAY, &g, &t->err), XY_OK);
    assert_int_equal(g, 0); /* the entry disabled */

    int yes = -1;
    assert_int_equal(t->op->sub_regulated(t->st, d1, a, &yes, &t->err), XY_OK);
    assert_int_equal(yes, 1);
    assert_int_equal(t->op->sub_regulated(t->st, d1, p, &yes, &t->err), XY_OK);
    assert_int_equal(yes, 1);
    assert_int_equal(t->op->sub_regulated(t->st, d2, a, &yes, &t->err), XY_OK);
    assert_int_equal(yes, 0);
}

struct hit_got {
    int64_t record_id, subject_id, consent_id, querier_key, querier_id, grant_subject;
    char classes[32], until[16], revoked[32], disabled[32], opaque[32], uscc[32];
};

struct hits {
    int n;
    struct hit_got h[8];
};

static int on_hit(void *ctx, const struct xy_sub_hit *h)
{
    struct hits *l = ctx;
    assert_true(l->n < 8);
    struct hit_got *o = &l->h[l->n++];
    o->record_id = h->r->id;
    o->subject_id = h->r->subject_id;
    o->consent_id = h->consent_id;
    o->querier_key = h->querier_key;
    o->querier_id = h->querier_id;
    o->grant_subject = h->grant_subject;
    ct_cpy(o->classes, sizeof o->classes, h->classes);
    ct_cpy(o->until, sizeof o->until, h->until);
    ct_cpy(o->revoked, sizeof o->revoked, h->revoked_at);
    ct_cpy(o->disabled, sizeof o->disabled, h->querier_disabled_at);
    ct_cpy(o->opaque, sizeof o->opaque, h->subject_opaque);
    ct_cpy(o->uscc, sizeof o->uscc, h->subject_uscc);
    return 0;
}

/* Follows: one a subject, under a grant or none (a department's); again under the same grant is
 * XY_EEXIST, under another it takes the new one. The records of a batch whose subjects are
 * followed, by id, after a record and up to one, at most a limit, each with its grant's state. */
static void test_sub_follows_and_hits(void **state)
{
    struct ct *t = *state;
    uint8_t secret[56];
    memset(secret, 0x5c, sizeof secret);
    ct_begin(t);
    int64_t d1 = ct_dept(t, "11420100MB1234562H", "某局");
    int64_t a = ct_org(t, "91420684MA4927PJ7B", "某公司"), b = ct_org(t, "91420100MA4L0GXX3U", "另一公司");
    int64_t p = ct_person(t, 7, "王五"), other = ct_org(t, "91420106MA4L00001X", "无关公司");
    int64_t kq = ct_key(t, "querier", 0, 0, "柜台系统");
    struct xy_consent_row c = {.subject_id = a, .querier_key = kq, .classes = "[\"tax_arrears\"]",
                               .purpose = "贷款审批", .until = "2026-06-30", .created_at = CT_NOW};
    int64_t g1 = 0, g2 = 0, gp = 0;
    assert_int_equal(t->op->consent_add(t->st, &c, &g1, &t->err), XY_OK);
    c.until = "2026-12-31";
    assert_int_equal(t->op->consent_add(t->st, &c, &g2, &t->err), XY_OK);
    c.subject_id = p;
    assert_int_equal(t->op->consent_add(t->st, &c, &gp, &t->err), XY_OK);
    assert_int_equal(t->op->consent_revoke(t->st, gp, "2026-03-05T08:00:00Z", &t->err), XY_OK);
    int64_t s = sub(t, kq, "querier", secret, sizeof secret);
    assert_int_equal(t->op->sub_follow_add(t->st, s, a, g1, CT_NOW, &t->err), XY_OK);
    assert_int_equal(t->op->sub_follow_add(t->st, s, a, g1, CT_NOW, &t->err), XY_EEXIST);
    assert_int_equal(t->op->sub_follow_add(t->st, s, a, g2, "2026-03-03T08:00:00Z", &t->err), XY_OK);
    assert_int_equal(t->op->sub_follow_add(t->st, s, b, 0, CT_NOW, &t->err), XY_OK);
    assert_int_equal(t->op->sub_follow_add(t->st, s, b, 0, CT_NOW, &t->err), XY_EEXIST);
    assert_int_equal(t->op->sub_follow_add(t->st, s, p, gp, CT_NOW, &t->err), XY_OK);
    int64_t b1 = ct_batch(t, d1, "penalty"), b2 = ct_batch(t, d1, "penalty");
    int64_t ra = ct_record(t, &(struct ct_rec){.dept = d1, .subject = a, .batch = b1, .doc_no = "a", .tag = 1});
    int64_t ro = ct_record(t, &(struct ct_rec){.dept = d1, .subject = other, .batch = b1, .doc_no = "o", .tag = 2});
    int64_t rb = ct_record(t, &(struct ct_rec){.dept = d1, .subject = b, .batch = b1, .doc_no = "b", .tag = 3});
    int64_t ra2 = ct_record(t, &(struct ct_rec){.dept = d1, .subject = a, .batch = b2, .doc_no = "a2", .tag = 4});
    int64_t rp = ct_record(t, &(struct ct_rec){.dept = d1, .subject = p, .batch = b1, .doc_no = "p", .tag = 5});
    ct_commit(t);

    struct subs sl = {0};
    assert_int_equal(t->op->sub_list(t->st, s, 0, 0, on_sub, &sl, &t->err), XY_OK);
    assert_int_equal(sl.s[0].subjects, 3);

    struct hits l = {0};
    assert_int_equal(t->op->sub_hits(t->st, s, b1, 0, rp, 10, on_hit, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 3); /* not the unfollowed subject's, not the other batch's */
    assert_int_equal(l.h[0].record_id, ra);
    assert_int_equal(l.h[0].subject_id, a);
    assert_int_equal(l.h[0].consent_id, g2); /* the follow took the newer grant */
    assert_string_equal(l.h[0].classes, "[\"tax_arrears\"]");
    assert_string_equal(l.h[0].until, "2026-12-31");
    assert_string_equal(l.h[0].revoked, CT_NULL);
    assert_string_equal(l.h[0].disabled, CT_NULL);
    assert_int_equal(l.h[0].querier_key, kq);
    assert_int_equal(l.h[0].querier_id, 0);
    assert_int_equal(l.h[0].grant_subject, a);
    assert_string_equal(l.h[0].uscc, "91420684MA4927PJ7B");
    assert_true(strlen(l.h[0].opaque) > 0 && strcmp(l.h[0].opaque, CT_NULL) != 0);
    assert_int_equal(l.h[1].record_id, rb);
    assert_int_equal(l.h[1].consent_id, 0); /* followed without a grant */
    assert_string_equal(l.h[1].classes, CT_NULL);
    assert_int_equal(l.h[1].querier_key, 0);
    assert_int_equal(l.h[1].grant_subject, 0);
    assert_int_equal(l.h[2].record_id, rp);
    assert_int_equal(l.h[2].consent_id, gp);
    assert_string_equal(l.h[2].revoked, "2026-03-05T08:00:00Z"); /* the grant's state now */
    assert_string_equal(l.h[2].uscc, CT_NULL);
    assert_true(ro > ra && ro < rb);

    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->sub_hits(t->st, s, b1, ra, rb, 10, on_hit, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 1); /* after and up to */
    assert_int_equal(l.h[0].record_id, rb);
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->sub_hits(t->st, s, b1, 0, rp, 1, on_hit, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 1); /* the limit */
    assert_int_equal(l.h[0].record_id, ra);
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->sub_hits(t->st, s, 0, ra2 - 1, ra2, 10, on_hit, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 1); /* no batch: the one record */
    assert_int_equal(l.h[0].record_id, ra2);
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->sub_hits(t->st, s, 0, ro - 1, ro, 10, on_hit, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 0);
}

const struct CMUnitTest ct_subscriptions_tests[] = {
    CT_CASE(test_sub_cursor),
    CT_CASE(test_sub_grant_regulated),
    CT_CASE(test_sub_follows_and_hits),
};
const size_t ct_subscriptions_count = CT_COUNT(ct_subscriptions_tests);
