/* SPDX-License-Identifier: Apache-2.0 */
/* Contract: transactions. A commit makes every write of the transaction visible to other
 * connections, a rollback leaves none of them; a read snapshot (read_begin/read_end) sees one state
 * of the data however others commit meanwhile, and never ends a transaction it did not begin. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "common/xy_alloc.h"
#include "contract.h"

#define DEPT_A "11420100MB1234562H"
#define DEPT_B "11420100MB1514396X"
#define DEPT_C "11230500001755309F"
#define USCC_A "91420684MA4927PJ7B"
#define USCC_B "91440300708461136T"

static int has_dept(struct xy_store *st, const char *uscc)
{
    struct xy_error err = {0};
    int64_t id = 0;
    int rc = st->ops->dept_get(st, uscc, &id, NULL, 0, &err);
    assert_true(rc == XY_OK || rc == XY_ENOTFOUND);
    return rc == XY_OK;
}

static void add_dept(struct xy_store *st, const char *uscc)
{
    struct xy_error err = {0};
    int64_t id;
    assert_int_equal(st->ops->begin(st, &err), XY_OK);
    assert_int_equal(st->ops->dept_add(st, uscc, "测试部门", "2026-03-01T01:00:00Z", &id, &err), XY_OK);
    assert_int_equal(st->ops->commit(st, &err), XY_OK);
}

/* Inside a transaction its writes are seen by its own connection only; after the commit by all. */
static void test_commit_visible(void **state)
{
    struct ct *t = *state;
    struct xy_store *peer = ct_connect(t);
    ct_begin(t);
    ct_dept(t, DEPT_A, "甲局");
    ct_org(t, USCC_A, "甲公司");
    assert_true(has_dept(t->st, DEPT_A));
    assert_false(has_dept(peer, DEPT_A));
    ct_commit(t);
    assert_true(has_dept(peer, DEPT_A));
    assert_true(has_dept(t->st, DEPT_A));
    xy_store_close(peer);
}

static int count_subject(void *ctx, const struct xy_subject_row *s)
{
    (void)s;
    ++*(int *)ctx;
    return 0;
}

static int count_record(void *ctx, const struct xy_record_row *r)
{
    (void)r;
    ++*(int *)ctx;
    return 0;
}

static int count_batch(void *ctx, const struct xy_batch_row *b, const char *dept_uscc)
{
    (void)b;
    (void)dept_uscc;
    ++*(int *)ctx;
    return 0;
}

static int count_reject(void *ctx, const struct xy_reject_row *r)
{
    (void)r;
    ++*(int *)ctx;
    return 0;
}

static int count_key(void *ctx, const struct xy_key_row *k)
{
    (void)k;
    ++*(int *)ctx;
    return 0;
}

static int count_audit(void *ctx, const struct xy_audit_row *a)
{
    (void)a;
    ++*(int *)ctx;
    return 0;
}

static int count_measure(void *ctx, const struct xy_measure_row *m)
{
    (void)m;
    ++*(int *)ctx;
    return 0;
}

static int count_case(void *ctx, const struct xy_case_row *c)
{
    (void)c;
    ++*(int *)ctx;
    return 0;
}

static int count_day(void *ctx, const char *day, const char *kind, const char *zh, const char *en)
{
    (void)day;
    (void)kind;
    (void)zh;
    (void)en;
    ++*(int *)ctx;
    return 0;
}

static int count_claim(void *ctx, const struct xy_claim_row *c)
{
    (void)c;
    ++*(int *)ctx;
    return 0;
}

static int count_step(void *ctx, const struct xy_claim_step_row *s)
{
    (void)s;
    ++*(int *)ctx;
    return 0;
}

static int count_file(void *ctx, const struct xy_file_row *f)
{
    (void)f;
    ++*(int *)ctx;
    return 0;
}

static int count_consent(void *ctx, const struct xy_consent_row *c)
{
    (void)c;
    ++*(int *)ctx;
    return 0;
}

static int count_access(void *ctx, const struct xy_access_row *a)
{
    (void)a;
    ++*(int *)ctx;
    return 0;
}

static int count_change(void *ctx, const struct xy_change_row *c)
{
    (void)c;
    ++*(int *)ctx;
    return 0;
}

/* What one transaction wrote, of every kind. */
struct written {
    int64_t dept, subj, person, batch, rec, key, memo, check, claim, consent, kase;
};

static struct written write_all(struct ct *t)
{
    struct written w;
    uint8_t h[32], person_hash[32];
    memset(h, 0x21, sizeof h);
    memset(person_hash, 0x31, sizeof person_hash);
    assert_int_equal(t->op->catalog_put(t->st, "2026.1", "{}", "2026-03-01T01:00:00Z", &t->err), XY_OK);
    w.dept = ct_dept(t, DEPT_A, "甲局");
    w.subj = ct_org(t, USCC_A, "华为技术有限公司");
    w.person = ct_person(t, 0x31, "华为人");
    w.batch = ct_batch(t, w.dept, "black_list");
    assert_int_equal(t->op->reject_add(t->st, w.batch, 1, 2, "CF_WSH", "", "E_REQUIRED", "必填 (required)", &t->err),
                     XY_OK);
    w.rec = ct_record(t, &(struct ct_rec){.cls = "black_list", .dept = w.dept, .subject = w.subj, .batch = w.batch,
                                           .doc_no = "B1", .public_until = "2026-01-01"});
    w.key = ct_key(t, "approval", 0, 0, "某银行");
    struct xy_audit_row a = {.seq = 1, .at = CT_NOW, .role = "office", .action = "batch.submit", .object = "batch/1",
                             .prev = h, .hash = h};
    assert_int_equal(t->op->audit_insert(t->st, &a, &t->err), XY_OK);
    assert_int_equal(t->op->matter_put(t->st, "420100-CG-001", "政府采购", DEPT_A, &t->err), XY_OK);
    struct xy_memo_row m = {.doc_no = "M1", .version = 1, .title = "备忘录", .signers = "[]",
                            .target_class = "black_list", .body = "{}", .loaded_at = CT_NOW};
    assert_int_equal(t->op->memo_put(t->st, &m, &w.memo, &t->err), XY_OK);
    struct xy_measure_row x = {.memo_id = w.memo, .code = "X1", .kind = "punish", .action = "restrict",
                               .text = "限制", .legal_basis = "法", .depts = "[]", .matters = "[]"};
    assert_int_equal(t->op->measure_put(t->st, &x, &t->err), XY_OK);
    struct xy_check_row c = {.at = CT_NOW, .key_id = w.key, .dept_uscc = DEPT_A, .matter = "420100-CG-001",
                             .subject_id = w.subj, .hits = 1, .answer = "{}", .feedback_due = "2026-03-16"};
    assert_int_equal(t->op->check_add(t->st, &c, &w.check, &t->err), XY_OK);
    return w;
}

static int first_measure(void *ctx, const struct xy_measure_row *m)
{
    *(int64_t *)ctx = m->id;
    return 1;
}

static void write_rights(struct ct *t, struct written *w)
{
    int64_t measure = 0;
    assert_int_equal(t->op->measures_current(t->st, "black_list", first_measure, &measure, &t->err), XY_OK);
    assert_true(measure > 0);
    assert_int_equal(t->op->feedback_put(t->st, w->check, measure, 1, NULL, NULL, CT_NOW, &t->err), XY_OK);
    assert_int_equal(t->op->case_add(t->st, w->check, measure, "案例", "摘要", CT_NOW, 1, &w->kase, &t->err), XY_OK);
    assert_int_equal(t->op->access_add(t->st, w->subj, CT_NOW, w->key, "approval", DEPT_A, "核查", NULL, 0, &t->err),
                     XY_OK);
    assert_int_equal(t->op->calendar_put(t->st, "2026-10-01", "holiday", "国庆节", "National Day", &t->err), XY_OK);
    struct xy_claim_row c = {.kind = "objection", .record_id = w->rec, .subject_id = w->subj, .dept_id = w->dept,
                             .filed_role = "subject", .text = "有误", .state = "submitted", .due = "2026-03-04",
                             .filed_at = CT_NOW, .updated_at = CT_NOW};
    assert_int_equal(t->op->claim_add(t->st, &c, &w->claim, &t->err), XY_OK);
    struct xy_claim_step_row s = {.at = CT_NOW, .action = "file", .state = "submitted", .role = "subject"};
    assert_int_equal(t->op->claim_step_add(t->st, w->claim, &s, &t->err), XY_OK);
    uint8_t sha[32] = {0};
    struct xy_file_row f = {.seq = 1, .name = "a.pdf", .media_type = "application/pdf", .size = 4, .sha256 = sha,
                            .data = "%PDF"};
    assert_int_equal(t->op->file_add(t->st, w->claim, &f, &t->err), XY_OK);
    struct xy_consent_row g = {.subject_id = w->subj, .querier_key = w->key, .classes = "[]", .purpose = "贷款",
                               .until = "2026-12-31", .created_at = CT_NOW};
    assert_int_equal(t->op->consent_add(t->st, &g, &w->consent, &t->err), XY_OK);
    struct xy_change_row ch = {.at = CT_NOW, .kind = "record.withdrawn", .record_id = w->rec, .subject_id = w->subj};
    assert_int_equal(t->op->change_add(t->st, &ch, &t->err), XY_OK);
    long expired = 0;
    assert_int_equal(t->op->expire_due(t->st, CT_DAY, CT_NOW, 10, &expired, &t->err), XY_OK);
    assert_int_equal(expired, 1);
}

/* Every kind of row one transaction wrote is gone after its rollback, from this connection and
 * from another; then the connection works on as before. */
static void test_rollback_leaves_nothing(void **state)
{
    struct ct *t = *state;
    struct xy_store *peer = ct_connect(t);
    int64_t gen0 = -1, gen = -2;
    assert_int_equal(t->op->policy_gen(t->st, &gen0, &t->err), XY_OK);
    ct_begin(t);
    struct written w = write_all(t);
    write_rights(t, &w);
    assert_int_equal(t->op->rollback(t->st), XY_OK);

    struct xy_store *conns[] = {t->st, peer};
    for (size_t i = 0; i < 2; i++) {
        struct xy_store *st = conns[i];
        const struct xy_store_ops *op = st->ops;
        struct xy_error err = {0};
        uint8_t h[32], person_hash[32];
        memset(person_hash, 0x31, sizeof person_hash);
        char *body = NULL, ref[24];
        int64_t id = 0, seq = -1;
        int version = 0, n = 0;
        struct xy_batch_row bc;
        struct xy_check_row ck;
        memset(&ck, 0, sizeof ck);
        assert_int_equal(op->catalog_get(st, &body, &err), XY_ENOTFOUND);
        assert_false(has_dept(st, DEPT_A));
        assert_int_equal(op->dept_list(st, count_subject, &n, &err), XY_OK);
        assert_int_equal(op->subject_get(st, USCC_A, NULL, NULL, count_subject, &n, &err), XY_ENOTFOUND);
        assert_int_equal(op->subject_get(st, NULL, person_hash, NULL, count_subject, &n, &err), XY_ENOTFOUND);
        assert_int_equal(op->subject_ref(st, w.subj, ref, &err), XY_ENOTFOUND);
        assert_int_equal(op->search(st, "华为", 0, 10, 0, count_subject, &n, &err), XY_OK);
        assert_int_equal(op->search(st, USCC_A, 0, 10, 0, count_subject, &n, &err), XY_OK);
        assert_int_equal(ct_batch_get(op, st, w.batch, &bc, &err), XY_ENOTFOUND);
        assert_int_equal(op->batch_list(st, 0, 0, 10, count_batch, &n, &err), XY_OK);
        assert_int_equal(op->batch_rejects(st, w.batch, count_reject, &n, &err), XY_OK);
        assert_int_equal(op->record_get(st, w.rec, count_record, &n, &err), XY_ENOTFOUND);
        assert_int_equal(op->record_current(st, "black_list", w.dept, "B1", &id, &version, h, &err), XY_ENOTFOUND);
        assert_int_equal(op->records_by_class(st, "black_list", NULL, 0, 10, count_record, &n, &err), XY_OK);
        assert_int_equal(op->key_list(st, count_key, &n, &err), XY_OK);
        assert_int_equal(op->audit_last(st, &seq, h, &err), XY_OK);
        assert_int_equal(seq, 0);
        assert_int_equal(op->audit_scan(st, 0, 0, count_audit, &n, &err), XY_OK);
        assert_int_equal(op->matter_exists(st, "420100-CG-001"), 0);
        assert_int_equal(op->matters_list(st, count_subject, &n, &err), XY_OK);
        assert_int_equal(op->memo_current(st, "M1", &id, &version, &body, &err), XY_ENOTFOUND);
        assert_int_equal(op->measures_current(st, "black_list", count_measure, &n, &err), XY_OK);
        assert_int_equal(op->policy_gen(st, &gen, &err), XY_OK);
        assert_true(gen == gen0);
        assert_int_equal(op->check_get(st, w.check, &ck, &err), XY_ENOTFOUND);
        xy_free(ck.mem);
        assert_int_equal(op->cases_page(st, 0, 10, count_case, &n, &err), XY_OK);
        assert_int_equal(op->access_list(st, w.subj, 0, 10, count_access, &n, &err), XY_OK);
        assert_int_equal(op->calendar_scan(st, count_day, &n, &err), XY_OK);
        assert_int_equal(op->claim_get(st, w.claim, count_claim, &n, &err), XY_ENOTFOUND);
        assert_int_equal(op->claims_page(st, &(struct xy_claim_filter){.limit = 10}, count_claim, &n, &err), XY_OK);
        assert_int_equal(op->claim_steps(st, w.claim, count_step, &n, &err), XY_OK);
        assert_int_equal(op->files_list(st, w.claim, count_file, &n, &err), XY_OK);
        assert_int_equal(op->consent_get(st, w.consent, count_consent, &n, &err), XY_ENOTFOUND);
        assert_int_equal(op->consents_list(st, w.subj, 0, 0, count_consent, &n, &err), XY_OK);
        assert_int_equal(op->changes_page(st, 0, 10, count_change, &n, &err), XY_OK);
        assert_int_equal(n, 0); /* no callback was called by any of the above */
    }

    /* The next transaction commits other subjects: nothing of the rolled-back names comes with them
     * (a back end reusing the rolled-back ids must not index them under the old names). */
    ct_begin(t);
    ct_org(t, USCC_B, "腾讯科技有限公司");
    ct_person(t, 0x32, "马某");
    ct_commit(t);
    int n = 0;
    assert_int_equal(t->op->search(peer, "华为", 0, 10, 0, count_subject, &n, &t->err), XY_OK);
    assert_int_equal(n, 0);
    assert_int_equal(t->op->search(peer, "腾讯", 0, 10, 0, count_subject, &n, &t->err), XY_OK);
    assert_int_equal(n, 1);

    /* The same connection goes on: the same rows again, committed this time, each once. */
    ct_begin(t);
    struct written w2 = write_all(t);
    write_rights(t, &w2);
    ct_commit(t);
    n = 0;
    assert_int_equal(t->op->search(peer, "华为", 0, 10, 0, count_subject, &n, &t->err), XY_OK);
    assert_int_equal(n, 2);
    n = 0;
    assert_int_equal(peer->ops->changes_page(peer, 0, 10, count_change, &n, &t->err), XY_OK);
    assert_int_equal(n, 2); /* the one added and the expiry's */
    xy_store_close(peer);
}

/* Updates rolled back leave the values they replaced. */
static void test_rollback_restores_updates(void **state)
{
    struct ct *t = *state;
    ct_begin(t);
    struct written w = write_all(t);
    write_rights(t, &w);
    ct_commit(t);
    int64_t gen0 = -1, gen = -2;
    assert_int_equal(t->op->policy_gen(t->st, &gen0, &t->err), XY_OK);

    ct_begin(t);
    int64_t id = 0;
    assert_int_equal(t->op->dept_add(t->st, DEPT_A, "改名", "2026-03-01T01:00:00Z", &id, &t->err), XY_EEXIST);
    int differs = 0;
    struct xy_subject_key key = {.kind = "org", .uscc = USCC_A};
    assert_int_equal(t->op->subject_resolve(t->st, &key, "新名字公司", "2027-01-01", CT_NOW, &id, &differs, &t->err),
                     XY_OK);
    assert_int_equal(differs, 1);
    assert_int_equal(t->op->record_set_status(t->st, w.rec, "withdrawn", &t->err), XY_OK);
    assert_int_equal(t->op->record_mark(t->st, w.rec, w.claim, &t->err), XY_OK);
    assert_int_equal(t->op->key_revoke(t->st, w.key, CT_NOW, &t->err), XY_OK);
    assert_int_equal(t->op->consent_revoke(t->st, w.consent, CT_NOW, &t->err), XY_OK);
    struct xy_claim_row u = {.id = w.claim, .state = "closed", .updated_at = "2026-03-09T00:00:00Z"};
    assert_int_equal(t->op->claim_update(t->st, &u, &t->err), XY_OK);
    assert_int_equal(t->op->calendar_put(t->st, "2026-10-01", "workday", NULL, NULL, &t->err), XY_OK);
    assert_int_equal(t->op->matter_put(t->st, "420100-CG-001", "改名事项", DEPT_B, &t->err), XY_OK);
    struct xy_memo_row m = {.doc_no = "M1", .version = 2, .title = "备忘录二", .signers = "[]",
                            .target_class = "black_list", .body = "{\"v\":2}", .loaded_at = CT_NOW};
    int64_t memo2 = 0;
    assert_int_equal(t->op->memo_put(t->st, &m, &memo2, &t->err), XY_OK);
    struct xy_batch_row fin = {.id = w.batch, .rows = 9, .accepted = 9, .finished_at = CT_NOW, .encoding = "utf-8"};
    assert_int_equal(t->op->batch_finish(t->st, &fin, &t->err), XY_OK);
    assert_int_equal(t->op->rollback(t->st), XY_OK);

    char name[32];
    assert_int_equal(t->op->dept_get(t->st, DEPT_A, &id, name, sizeof name, &t->err), XY_OK);
    assert_string_equal(name, "甲局");
    int n = 0;
    assert_int_equal(t->op->search(t->st, "新名字", 0, 10, 0, count_subject, &n, &t->err), XY_OK);
    assert_int_equal(n, 0);
    assert_int_equal(t->op->search(t->st, "华为技术", 0, 10, 0, count_subject, &n, &t->err), XY_OK);
    assert_int_equal(n, 1);
    struct ct_row r = ct_get(t, w.rec);
    assert_string_equal(r.status, "expired");
    assert_int_equal(r.objection_id, 0);
    assert_int_equal(t->op->key_revoke(t->st, w.key, CT_NOW, &t->err), XY_OK);         /* was live */
    assert_int_equal(t->op->consent_revoke(t->st, w.consent, CT_NOW, &t->err), XY_OK); /* was live */
    int64_t open = 0;
    assert_int_equal(t->op->claim_open_on(t->st, "objection", w.rec, &open, &t->err), XY_OK);
    assert_int_equal(open, w.claim);
    int64_t memo_id = 0;
    int version = 0;
    char *body = NULL;
    assert_int_equal(t->op->memo_current(t->st, "M1", &memo_id, &version, &body, &t->err), XY_OK);
    assert_int_equal(memo_id, w.memo);
    assert_int_equal(version, 1);
    xy_free(body);
    assert_int_equal(t->op->policy_gen(t->st, &gen, &t->err), XY_OK);
    assert_true(gen == gen0);
    struct xy_batch_row bc;
    assert_int_equal(ct_batch_get(t->op, t->st, w.batch, &bc, &t->err), XY_OK);
    assert_int_equal(bc.rows, 0);
}

/* Moved from tests/unit/test_store.c. A snapshot: what another connection commits after the first
 * read is not seen until read_end. */
static void test_read_snapshot(void **state)
{
    struct ct *t = *state;
    struct xy_store *b = ct_connect(t);
    int began = -1;
    add_dept(b, DEPT_A);
    assert_int_equal(t->op->read_begin(t->st, &began, &t->err), XY_OK);
    assert_int_equal(began, 1);
    assert_true(has_dept(t->st, DEPT_A)); /* the first read fixes the snapshot */
    add_dept(b, DEPT_B);                  /* committed by another connection meanwhile */
    assert_false(has_dept(t->st, DEPT_B));
    assert_true(has_dept(b, DEPT_B));
    t->op->read_end(t->st, began);
    assert_true(has_dept(t->st, DEPT_B)); /* a new snapshot after the end */
    xy_store_close(b);
}

/* Moved from tests/unit/test_store.c. Inside the connection's own write transaction there is nothing
 * to begin (*began 0), and the end must not commit it. */
static void test_read_inside_write(void **state)
{
    struct ct *t = *state;
    struct xy_store *b = ct_connect(t);
    int64_t id;
    int began = -1;
    ct_begin(t);
    assert_int_equal(t->op->dept_add(t->st, DEPT_C, "测试部门", "2026-03-01T01:00:00Z", &id, &t->err), XY_OK);
    assert_int_equal(t->op->read_begin(t->st, &began, &t->err), XY_OK);
    assert_int_equal(began, 0);
    assert_true(has_dept(t->st, DEPT_C));
    t->op->read_end(t->st, began);
    assert_false(has_dept(b, DEPT_C)); /* still uncommitted */
    assert_int_equal(t->op->dept_add(t->st, DEPT_A, "测试部门", "2026-03-01T01:00:00Z", &id, &t->err), XY_OK); /* still writable */
    assert_int_equal(t->op->rollback(t->st), XY_OK);
    assert_false(has_dept(t->st, DEPT_C)); /* rolled back whole: the read did not commit half of it */
    assert_false(has_dept(t->st, DEPT_A));
    assert_false(has_dept(b, DEPT_C));
    xy_store_close(b);
}

/* A read snapshot inside another: the inner one has nothing to begin, and its end keeps the outer
 * snapshot. */
static void test_read_nesting(void **state)
{
    struct ct *t = *state;
    struct xy_store *b = ct_connect(t);
    int outer = -1, inner = -1;
    add_dept(b, DEPT_A);
    assert_int_equal(t->op->read_begin(t->st, &outer, &t->err), XY_OK);
    assert_int_equal(outer, 1);
    assert_true(has_dept(t->st, DEPT_A));
    assert_int_equal(t->op->read_begin(t->st, &inner, &t->err), XY_OK);
    assert_int_equal(inner, 0);
    add_dept(b, DEPT_B);
    t->op->read_end(t->st, inner);
    assert_false(has_dept(t->st, DEPT_B)); /* the outer snapshot holds */
    t->op->read_end(t->st, outer);
    assert_true(has_dept(t->st, DEPT_B));
    /* and a write transaction begins after it */
    ct_begin(t);
    ct_dept(t, DEPT_C, "丙");
    ct_commit(t);
    assert_true(has_dept(b, DEPT_C));
    xy_store_close(b);
}

/* The optional data_version (struct xy_store_caps), on which a reader's answer cache hangs, has
 * moved once another connection's commit has returned, whatever it wrote. */
static void test_data_version(void **state)
{
    struct ct *t = *state;
    const struct xy_store_caps *c = t->op->caps;
    if (!c || !c->data_version)
        skip();
    struct xy_store *peer = ct_connect(t);
    int64_t v0 = 0, v1 = 0, v2 = 0;
    assert_int_equal(c->data_version(t->st, &v0, &t->err), XY_OK);
    add_dept(peer, DEPT_A);
    assert_int_equal(c->data_version(t->st, &v1, &t->err), XY_OK);
    assert_true(v1 != v0);
    struct xy_error err = {0};
    assert_int_equal(peer->ops->begin(peer, &err), XY_OK);
    assert_int_equal(peer->ops->calendar_put(peer, "2026-10-01", "holiday", "国庆节", "National Day", &err), XY_OK);
    assert_int_equal(peer->ops->commit(peer, &err), XY_OK);
    assert_int_equal(c->data_version(t->st, &v2, &t->err), XY_OK);
    assert_true(v2 != v1);
    xy_store_close(peer);
}

/* The optional log position (struct xy_store_caps, read replicas): a commit on any connection moves
 * it past where it was, and it never goes back. */
static void test_log_position(void **state)
{
    struct ct *t = *state;
    const struct xy_store_caps *c = t->op->caps;
    if (!c || !c->log_position)
        skip();
    struct xy_store *b = ct_connect(t);
    uint64_t p0 = 0, p1 = 0, p2 = 0;
    assert_int_equal(c->log_position(t->st, &p0, &t->err), XY_OK);
    add_dept(b, DEPT_A); /* committed by another connection */
    assert_int_equal(c->log_position(t->st, &p1, &t->err), XY_OK);
    assert_true(p1 > p0);
    assert_int_equal(c->log_position(b, &p2, &t->err), XY_OK);
    assert_true(p2 >= p1);
    xy_store_close(b);
}

const struct CMUnitTest ct_txn_tests[] = {
    CT_CASE(test_commit_visible),    CT_CASE(test_rollback_leaves_nothing), CT_CASE(test_rollback_restores_updates),
    CT_CASE(test_read_snapshot),     CT_CASE(test_read_inside_write),      CT_CASE(test_read_nesting),
    CT_CASE(test_data_version),
    CT_CASE(test_log_position),
};
const size_t ct_txn_count = CT_COUNT(ct_txn_tests);
