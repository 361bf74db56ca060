/* SPDX-License-Identifier: Apache-2.0 */
/* Contract: records (versions, reads by id, class, department and subject, status, the objection
 * mark) and expiry. The public-visibility filters are in t_public.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contract.h"

#define DEPT_A "11420100MB1234562H"
#define DEPT_B "11420100MB1514396X"
#define USCC_A "91420684MA4927PJ7B"
#define USCC_B "91440300708461136T"

/* A department, two subjects and a batch to hang records on. */
struct base {
    int64_t dept, dept2, subj, subj2, batch, batch2;
};

static struct base base(struct ct *t)
{
    struct base b;
    ct_begin(t);
    b.dept = ct_dept(t, DEPT_A, "武汉市市场监督管理局");
    b.dept2 = ct_dept(t, DEPT_B, "武汉市发展和改革委员会");
    b.subj = ct_org(t, USCC_A, "华为技术有限公司");
    b.subj2 = ct_org(t, USCC_B, "腾讯科技有限公司");
    b.batch = ct_batch(t, b.dept, "penalty");
    b.batch2 = ct_batch(t, b.dept2, "penalty");
    ct_commit(t);
    return b;
}

static struct ct_rows *rows_new(void)
{
    struct ct_rows *r = calloc(1, sizeof *r);
    assert_non_null(r);
    return r;
}

static void current(struct ct *t, const char *cls, int64_t dept, const char *doc_no, int64_t want_id, int want_version,
                    uint8_t want_tag)
{
    int64_t id = 0;
    int version = 0;
    uint8_t hash[16], want[16];
    memset(want, want_tag, sizeof want);
    assert_int_equal(t->op->record_current(t->st, cls, dept, doc_no, &id, &version, hash, &t->err), XY_OK);
    assert_int_equal(id, want_id);
    assert_int_equal(version, want_version);
    assert_memory_equal(hash, want, 16);
}

static void test_record_current_none(void **state)
{
    struct ct *t = *state;
    struct base b = base(t);
    const char *doc = "武市监罚〔2026〕1号";
    int64_t id = 0;
    int version = 0;
    uint8_t hash[16];
    assert_int_equal(t->op->record_current(t->st, "penalty", b.dept, doc, &id, &version, hash, &t->err),
                     XY_ENOTFOUND);
    assert_int_equal(t->op->record_current(t->st, "penalty", b.dept, NULL, NULL, NULL, NULL, &t->err), XY_ENOTFOUND);
    ct_begin(t);
    ct_record(t, &(struct ct_rec){.dept = b.dept, .subject = b.subj, .batch = b.batch, .doc_no = doc});
    ct_commit(t);
    /* The key is class, department and document number together. */
    assert_int_equal(t->op->record_current(t->st, "licence", b.dept, doc, &id, &version, hash, &t->err),
                     XY_ENOTFOUND);
    assert_int_equal(t->op->record_current(t->st, "penalty", b.dept2, doc, &id, &version, hash, &t->err),
                     XY_ENOTFOUND);
    assert_int_equal(t->op->record_current(t->st, "penalty", b.dept, "武市监罚〔2026〕2号", &id, &version, hash,
                                           &t->err),
                     XY_ENOTFOUND);
    /* Without a document number: whether the department holds any record of the class. */
    assert_int_equal(t->op->record_current(t->st, "penalty", b.dept, NULL, NULL, NULL, NULL, &t->err), XY_OK);
    assert_int_equal(t->op->record_current(t->st, "licence", b.dept, NULL, NULL, NULL, NULL, &t->err), XY_ENOTFOUND);
    assert_int_equal(t->op->record_current(t->st, "penalty", b.dept2, NULL, NULL, NULL, NULL, &t->err),
                     XY_ENOTFOUND);
}

/* Every column written comes back from record_get, with the department's code and name. */
static void test_record_roundtrip(void **state)
{
    struct ct *t = *state;
    struct base b = base(t);
    uint8_t hash[16], sealed[48], rep[32];
    memset(hash, 0xa5, sizeof hash);
    memset(sealed, 0x3c, sizeof sealed);
    memset(rep, 0x11, sizeof rep);
    struct xy_record_row r = {
        .cls = "penalty", .dept_id = b.dept, .doc_no = "武市监罚〔2026〕7号", .version = 1, .subject_id = b.subj,
        .batch_id = b.batch, .row_no = 42, .status = "unpublished", .decision_date = "2026-01-10",
        .valid_to = "2026-07-10", .min_until = "2026-04-10", .public_until = "2029-01-10", .severity = "serious",
        .sector = "C39", .amount_fen = 1234567890123, .flags = 5, .hash = hash, .rep_hash = rep,
        .fields = "{\"doc_no\":\"武市监罚〔2026〕7号\",\"amount\":\"12345678.90123\"}", .sealed = sealed,
        .sealed_len = sizeof sealed, .created_at = "2026-03-02T08:00:00Z",
    };
    int64_t id = 0;
    ct_begin(t);
    assert_int_equal(t->op->record_put(t->st, &r, &id, &t->err), XY_OK);
    ct_commit(t);
    current(t, "penalty", b.dept, "武市监罚〔2026〕7号", id, 1, 0xa5);
    struct ct_row o = ct_get(t, id);
    assert_int_equal(o.id, id);
    assert_string_equal(o.cls, "penalty");
    assert_int_equal(o.dept_id, b.dept);
    assert_string_equal(o.dept_uscc, DEPT_A);
    assert_string_equal(o.dept_name, "武汉市市场监督管理局");
    assert_string_equal(o.doc_no, "武市监罚〔2026〕7号");
    assert_int_equal(o.version, 1);
    assert_int_equal(o.is_current, 1);
    assert_int_equal(o.subject_id, b.subj);
    assert_int_equal(o.batch_id, b.batch);
    assert_int_equal(o.row_no, 42);
    assert_string_equal(o.status, "unpublished");
    assert_string_equal(o.decision_date, "2026-01-10");
    assert_string_equal(o.valid_to, "2026-07-10");
    assert_string_equal(o.min_until, "2026-04-10");
    assert_string_equal(o.public_until, "2029-01-10");
    assert_string_equal(o.severity, "serious");
    assert_string_equal(o.sector, "C39");
    assert_true(o.amount_fen == 1234567890123);
    assert_int_equal(o.flags, 5);
    assert_true(o.has_hash);
    assert_memory_equal(o.hash, hash, 16);
    assert_string_equal(o.fields, "{\"doc_no\":\"武市监罚〔2026〕7号\",\"amount\":\"12345678.90123\"}");
    assert_int_equal(o.sealed_len, sizeof sealed);
    assert_memory_equal(o.sealed, sealed, sizeof sealed);
    assert_string_equal(o.created_at, "2026-03-02T08:00:00Z");
    assert_int_equal(o.objection_id, 0);

    /* Optional columns left NULL come back NULL. */
    r.doc_no = "武市监罚〔2026〕8号";
    r.valid_to = r.min_until = r.public_until = r.severity = r.sector = NULL;
    r.decision_date = NULL;
    r.sealed = NULL;
    r.sealed_len = 0;
    r.rep_hash = NULL;
    ct_begin(t);
    assert_int_equal(t->op->record_put(t->st, &r, &id, &t->err), XY_OK);
    ct_commit(t);
    o = ct_get(t, id);
    assert_string_equal(o.decision_date, CT_NULL);
    assert_string_equal(o.valid_to, CT_NULL);
    assert_string_equal(o.min_until, CT_NULL);
    assert_string_equal(o.public_until, CT_NULL);
    assert_string_equal(o.severity, CT_NULL);
    assert_string_equal(o.sector, CT_NULL);
    assert_int_equal(o.sealed_len, 0);
}

static void test_record_get_unknown(void **state)
{
    struct ct *t = *state;
    struct ct_rows *r = rows_new();
    assert_int_equal(t->op->record_get(t->st, 12345, ct_on_record, r, &t->err), XY_ENOTFOUND);
    assert_int_equal(r->n, 0);
    free(r);
}

/* A new version becomes current, the one before stops being current and is kept; record_get reads
 * any version; record_versions gives them all, oldest first. */
static void test_record_versions(void **state)
{
    struct ct *t = *state;
    struct base b = base(t);
    const char *doc = "武市监罚〔2026〕3号";
    int64_t v[3];
    ct_begin(t);
    v[0] = ct_record(t, &(struct ct_rec){.dept = b.dept, .subject = b.subj, .batch = b.batch, .doc_no = doc,
                                          .tag = 1, .decision_date = "2026-01-01"});
    ct_commit(t);
    current(t, "penalty", b.dept, doc, v[0], 1, 1);
    ct_begin(t);
    v[1] = ct_record(t, &(struct ct_rec){.dept = b.dept, .subject = b.subj, .batch = b.batch, .doc_no = doc,
                                          .version = 2, .tag = 2, .decision_date = "2026-01-02"});
    ct_commit(t);
    current(t, "penalty", b.dept, doc, v[1], 2, 2);
    ct_begin(t);
    v[2] = ct_record(t, &(struct ct_rec){.dept = b.dept, .subject = b.subj, .batch = b.batch, .doc_no = doc,
                                          .version = 3, .tag = 3, .status = "unpublished",
                                          .decision_date = "2026-01-03"});
    ct_commit(t);
    current(t, "penalty", b.dept, doc, v[2], 3, 3);
    assert_true(v[0] != v[1] && v[1] != v[2] && v[0] != v[2]);

    struct ct_row o = ct_get(t, v[0]);
    assert_int_equal(o.version, 1);
    assert_int_equal(o.is_current, 0);
    assert_string_equal(o.decision_date, "2026-01-01");
    assert_string_equal(o.status, "published");
    uint8_t one[16];
    memset(one, 1, sizeof one);
    assert_memory_equal(o.hash, one, 16);
    o = ct_get(t, v[1]);
    assert_int_equal(o.version, 2);
    assert_int_equal(o.is_current, 0);
    o = ct_get(t, v[2]);
    assert_int_equal(o.version, 3);
    assert_int_equal(o.is_current, 1);
    assert_string_equal(o.status, "unpublished");

    struct ct_rows *r = rows_new();
    assert_int_equal(t->op->record_versions(t->st, "penalty", b.dept, doc, ct_on_record, r, &t->err), XY_OK);
    assert_int_equal(r->n, 3);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(r->r[i].id, v[i]);
        assert_int_equal(r->r[i].version, i + 1);
        assert_int_equal(r->r[i].is_current, i == 2);
    }
    memset(r, 0, sizeof *r);
    assert_int_equal(t->op->record_versions(t->st, "penalty", b.dept2, doc, ct_on_record, r, &t->err), XY_OK);
    assert_int_equal(r->n, 0);
    free(r);
}

/* Current records of a class by id, paged by after_id, at most limit; other classes, other versions
 * and (without public_on) nothing else is filtered. */
static void test_records_by_class_paging(void **state)
{
    struct ct *t = *state;
    struct base b = base(t);
    int64_t p[5], old;
    ct_begin(t);
    for (int i = 0; i < 5; i++) {
        char doc[32];
        snprintf(doc, sizeof doc, "P-%d", i);
        p[i] = ct_record(t, &(struct ct_rec){.dept = i % 2 ? b.dept2 : b.dept, .subject = i % 2 ? b.subj2 : b.subj,
                                              .batch = i % 2 ? b.batch2 : b.batch, .doc_no = doc,
                                              .status = i == 3 ? "withdrawn" : NULL});
        ct_record(t, &(struct ct_rec){.cls = "licence", .dept = b.dept, .subject = b.subj, .batch = b.batch,
                                       .doc_no = doc});
    }
    old = ct_record(t, &(struct ct_rec){.dept = b.dept, .subject = b.subj, .batch = b.batch, .doc_no = "P-old"});
    int64_t newer = ct_record(t, &(struct ct_rec){.dept = b.dept, .subject = b.subj, .batch = b.batch,
                                                   .doc_no = "P-old", .version = 2, .tag = 9});
    ct_commit(t);

    struct ct_rows *r = rows_new();
    assert_int_equal(t->op->records_by_class(t->st, "penalty", NULL, 0, 100, ct_on_record, r, &t->err), XY_OK);
    assert_int_equal(r->n, 6);
    for (int i = 0; i < 5; i++)
        assert_int_equal(r->r[i].id, p[i]);
    assert_int_equal(r->r[5].id, newer);
    for (int i = 0; i < r->n; i++) {
        assert_string_equal(r->r[i].cls, "penalty");
        assert_int_equal(r->r[i].is_current, 1);
        assert_true(r->r[i].id != old);
    }
    assert_string_equal(r->r[3].status, "withdrawn");
    assert_string_equal(r->r[1].dept_uscc, DEPT_B);

    int64_t after = 0;
    int seen = 0;
    for (int page = 0; page < 4; page++) {
        memset(r, 0, sizeof *r);
        assert_int_equal(t->op->records_by_class(t->st, "penalty", NULL, after, 2, ct_on_record, r, &t->err), XY_OK);
        assert_true(r->n <= 2);
        for (int i = 0; i < r->n; i++) {
            assert_true(r->r[i].id > after);
            seen++;
        }
        if (r->n)
            after = r->r[r->n - 1].id;
    }
    assert_int_equal(seen, 6);
    memset(r, 0, sizeof *r);
    assert_int_equal(t->op->records_by_class(t->st, "penalty", NULL, p[1], 2, ct_on_record, r, &t->err), XY_OK);
    assert_int_equal(r->n, 2);
    assert_int_equal(r->r[0].id, p[2]);
    assert_int_equal(r->r[1].id, p[3]);
    memset(r, 0, sizeof *r);
    assert_int_equal(t->op->records_by_class(t->st, "black_list", NULL, 0, 10, ct_on_record, r, &t->err), XY_OK);
    assert_int_equal(r->n, 0);
    free(r);
}

/* Current records a department submitted, of one class or all, by id, paged. */
static void test_records_by_dept(void **state)
{
    struct ct *t = *state;
    struct base b = base(t);
    int64_t mine[4];
    ct_begin(t);
    mine[0] = ct_record(t, &(struct ct_rec){.dept = b.dept, .subject = b.subj, .batch = b.batch, .doc_no = "A-1"});
    ct_record(t, &(struct ct_rec){.dept = b.dept2, .subject = b.subj, .batch = b.batch2, .doc_no = "B-1"});
    mine[1] = ct_record(t, &(struct ct_rec){.cls = "licence", .dept = b.dept, .subject = b.subj2, .batch = b.batch,
                                             .doc_no = "A-2"});
    int64_t old = ct_record(t, &(struct ct_rec){.dept = b.dept, .subject = b.subj, .batch = b.batch, .doc_no = "A-3"});
    mine[2] = ct_record(t, &(struct ct_rec){.dept = b.dept, .subject = b.subj, .batch = b.batch, .doc_no = "A-3",
                                             .version = 2, .tag = 2});
    mine[3] = ct_record(t, &(struct ct_rec){.dept = b.dept, .subject = b.subj2, .batch = b.batch, .doc_no = "A-4",
                                             .status = "expired"});
    ct_commit(t);

    struct ct_rows *r = rows_new();
    assert_int_equal(t->op->records_by_dept(t->st, b.dept, NULL, 0, 100, ct_on_record, r, &t->err), XY_OK);
    assert_int_equal(r->n, 4);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(r->r[i].id, mine[i]);
        assert_true(r->r[i].id != old);
    }
    memset(r, 0, sizeof *r);
    assert_int_equal(t->op->records_by_dept(t->st, b.dept, "penalty", 0, 100, ct_on_record, r, &t->err), XY_OK);
    assert_int_equal(r->n, 3);
    assert_int_equal(r->r[0].id, mine[0]);
    assert_int_equal(r->r[1].id, mine[2]);
    assert_int_equal(r->r[2].id, mine[3]);
    memset(r, 0, sizeof *r);
    assert_int_equal(t->op->records_by_dept(t->st, b.dept, NULL, mine[0], 2, ct_on_record, r, &t->err), XY_OK);
    assert_int_equal(r->n, 2);
    assert_int_equal(r->r[0].id, mine[1]);
    assert_int_equal(r->r[1].id, mine[2]);
    memset(r, 0, sizeof *r);
    assert_int_equal(t->op->records_by_dept(t->st, b.dept, "penalty", mine[2], 5, ct_on_record, r, &t->err), XY_OK);
    assert_int_equal(r->n, 1);
    assert_int_equal(r->r[0].id, mine[3]);
    memset(r, 0, sizeof *r);
    assert_int_equal(t->op->records_by_dept(t->st, b.dept2, "licence", 0, 5, ct_on_record, r, &t->err), XY_OK);
    assert_int_equal(r->n, 0);
    free(r);
}

/* A subject's current records by class, then decision date, newest first; undated ones after the
 * dated ones of their class. */
static void test_subject_records_order(void **state)
{
    struct ct *t = *state;
    struct base b = base(t);
    ct_begin(t);
    int64_t p_old = ct_record(t, &(struct ct_rec){.dept = b.dept, .subject = b.subj, .batch = b.batch,
                                                   .doc_no = "P-1", .decision_date = "2025-06-01"});
    int64_t l_mid = ct_record(t, &(struct ct_rec){.cls = "licence", .dept = b.dept, .subject = b.subj,
                                                   .batch = b.batch, .doc_no = "L-1", .decision_date = "2025-09-01"});
    int64_t p_new = ct_record(t, &(struct ct_rec){.dept = b.dept2, .subject = b.subj, .batch = b.batch2,
                                                   .doc_no = "P-2", .decision_date = "2026-02-01"});
    int64_t l_new = ct_record(t, &(struct ct_rec){.cls = "licence", .dept = b.dept, .subject = b.subj,
                                                   .batch = b.batch, .doc_no = "L-2", .decision_date = "2026-01-01"});
    ct_record(t, &(struct ct_rec){.dept = b.dept, .subject = b.subj2, .batch = b.batch, .doc_no = "P-3"});
    ct_record(t, &(struct ct_rec){.dept = b.dept, .subject = b.subj, .batch = b.batch, .doc_no = "P-4",
                                   .decision_date = "2026-03-01"});
    int64_t p4 = ct_record(t, &(struct ct_rec){.dept = b.dept, .subject = b.subj, .batch = b.batch,
                                                .doc_no = "P-4", .version = 2, .tag = 2,
                                                .decision_date = "2025-12-01"});
    struct xy_record_row undated = {.cls = "licence", .dept_id = b.dept, .doc_no = "L-0", .version = 1,
                                    .subject_id = b.subj, .batch_id = b.batch, .status = "published",
                                    .hash = (const uint8_t *)"0123456789abcdef", .fields = "{}",
                                    .created_at = CT_NOW};
    int64_t l_undated = 0;
    assert_int_equal(t->op->record_put(t->st, &undated, &l_undated, &t->err), XY_OK);
    ct_commit(t);

    struct ct_rows *r = rows_new();
    assert_int_equal(t->op->subject_records(t->st, b.subj, ct_on_record, r, &t->err), XY_OK);
    assert_int_equal(r->n, 6);
    assert_int_equal(r->r[0].id, l_new);
    assert_int_equal(r->r[1].id, l_mid);
    assert_int_equal(r->r[2].id, l_undated);
    assert_int_equal(r->r[3].id, p_new);
    assert_int_equal(r->r[4].id, p4);
    assert_int_equal(r->r[5].id, p_old);
    memset(r, 0, sizeof *r);
    assert_int_equal(t->op->subject_records(t->st, b.subj2 + 1000, ct_on_record, r, &t->err), XY_OK);
    assert_int_equal(r->n, 0);
    free(r);
}

/* record_set_status changes the current version; a version no longer current is refused
 * (XY_ESTATE) and keeps its status. */
static void test_set_status(void **state)
{
    struct ct *t = *state;
    struct base b = base(t);
    ct_begin(t);
    int64_t v1 = ct_record(t, &(struct ct_rec){.dept = b.dept, .subject = b.subj, .batch = b.batch, .doc_no = "S-1"});
    int64_t v2 = ct_record(t, &(struct ct_rec){.dept = b.dept, .subject = b.subj, .batch = b.batch, .doc_no = "S-1",
                                                .version = 2, .tag = 2});
    ct_commit(t);
    ct_begin(t);
    assert_int_equal(t->op->record_set_status(t->st, v2, "withdrawn", &t->err), XY_OK);
    ct_commit(t);
    assert_string_equal(ct_get(t, v2).status, "withdrawn");
    ct_begin(t);
    assert_int_equal(t->op->record_set_status(t->st, v2, "repaired", &t->err), XY_OK);
    assert_int_equal(t->op->record_set_status(t->st, v1, "withdrawn", &t->err), XY_ESTATE);
    ct_commit(t);
    assert_string_equal(ct_get(t, v2).status, "repaired");
    assert_string_equal(ct_get(t, v1).status, "published");
}

/* An objection's mark: record_mark puts it on a record, a new version inherits it, objection_unmark
 * lifts it from every version that carries it (and only that objection's), record_mark with 0 clears. */
static void test_mark_follows_versions(void **state)
{
    struct ct *t = *state;
    struct base b = base(t);
    ct_begin(t);
    int64_t v1 = ct_record(t, &(struct ct_rec){.dept = b.dept, .subject = b.subj, .batch = b.batch, .doc_no = "M-1"});
    int64_t other = ct_record(t, &(struct ct_rec){.dept = b.dept, .subject = b.subj, .batch = b.batch,
                                                   .doc_no = "M-2"});
    assert_int_equal(t->op->record_mark(t->st, v1, 7, &t->err), XY_OK);
    assert_int_equal(t->op->record_mark(t->st, other, 8, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(ct_get(t, v1).objection_id, 7);
    assert_int_equal(ct_get(t, other).objection_id, 8);

    ct_begin(t);
    int64_t v2 = ct_record(t, &(struct ct_rec){.dept = b.dept, .subject = b.subj, .batch = b.batch, .doc_no = "M-1",
                                                .version = 2, .tag = 2});
    int64_t v3 = ct_record(t, &(struct ct_rec){.dept = b.dept, .subject = b.subj, .batch = b.batch, .doc_no = "M-1",
                                                .version = 3, .tag = 3});
    ct_commit(t);
    assert_int_equal(ct_get(t, v2).objection_id, 7);
    assert_int_equal(ct_get(t, v3).objection_id, 7);
    assert_int_equal(ct_get(t, v1).objection_id, 7);

    ct_begin(t);
    assert_int_equal(t->op->objection_unmark(t->st, 7, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(ct_get(t, v1).objection_id, 0);
    assert_int_equal(ct_get(t, v2).objection_id, 0);
    assert_int_equal(ct_get(t, v3).objection_id, 0);
    assert_int_equal(ct_get(t, other).objection_id, 8);

    ct_begin(t); /* unmarked, a new version comes unmarked */
    int64_t v4 = ct_record(t, &(struct ct_rec){.dept = b.dept, .subject = b.subj, .batch = b.batch, .doc_no = "M-1",
                                                .version = 4, .tag = 4});
    assert_int_equal(t->op->record_mark(t->st, other, 0, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(ct_get(t, v4).objection_id, 0);
    assert_int_equal(ct_get(t, other).objection_id, 0);
}

struct changes {
    int n;
    int64_t seq[8], record[8], subject[8];
    char at[8][32], kind[8][32], cls[8][16], detail[8][96];
};

static int on_change(void *ctx, const struct xy_change_row *c)
{
    struct changes *l = ctx;
    assert_true(l->n < 8);
    l->seq[l->n] = c->seq;
    l->record[l->n] = c->record_id;
    l->subject[l->n] = c->subject_id;
    ct_cpy(l->at[l->n], sizeof l->at[0], c->at);
    ct_cpy(l->kind[l->n], sizeof l->kind[0], c->kind);
    ct_cpy(l->cls[l->n], sizeof l->cls[0], c->cls);
    ct_cpy(l->detail[l->n], sizeof l->detail[0], c->detail);
    l->n++;
    return 0;
}

/* expire_due marks, at most `limit` at a time and those that ended first first, the current
 * published records whose window ended before today, each with a change entry at `now`; a round
 * with fewer than `limit` leaves none. A window ending today, an open window, another status and a
 * version no longer current are left alone. */
static void test_expire_due_rounds(void **state)
{
    struct ct *t = *state;
    struct base b = base(t);
    ct_begin(t);
    int64_t e3 = ct_record(t, &(struct ct_rec){.dept = b.dept, .subject = b.subj, .batch = b.batch, .doc_no = "E-3",
                                                .public_until = "2026-02-20"});
    int64_t e1 = ct_record(t, &(struct ct_rec){.cls = "black_list", .dept = b.dept, .subject = b.subj2,
                                                .batch = b.batch, .doc_no = "E-1", .public_until = "2025-12-31"});
    int64_t e2 = ct_record(t, &(struct ct_rec){.dept = b.dept, .subject = b.subj, .batch = b.batch, .doc_no = "E-2",
                                                .public_until = "2026-03-01"});
    int64_t today = ct_record(t, &(struct ct_rec){.dept = b.dept, .subject = b.subj, .batch = b.batch,
                                                   .doc_no = "K-1", .public_until = CT_DAY});
    int64_t open = ct_record(t, &(struct ct_rec){.dept = b.dept, .subject = b.subj, .batch = b.batch,
                                                  .doc_no = "K-2", .public_until = "-"});
    int64_t unpub = ct_record(t, &(struct ct_rec){.dept = b.dept, .subject = b.subj, .batch = b.batch,
                                                   .doc_no = "K-3", .public_until = "2025-01-01",
                                                   .status = "unpublished"});
    int64_t old = ct_record(t, &(struct ct_rec){.dept = b.dept, .subject = b.subj, .batch = b.batch, .doc_no = "K-4",
                                                 .public_until = "2025-01-01"});
    int64_t cur = ct_record(t, &(struct ct_rec){.dept = b.dept, .subject = b.subj, .batch = b.batch, .doc_no = "K-4",
                                                 .version = 2, .tag = 2, .public_until = "2027-01-01"});
    ct_commit(t);

    long n = -1;
    ct_begin(t);
    assert_int_equal(t->op->expire_due(t->st, CT_DAY, CT_NOW, 2, &n, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(n, 2);
    assert_string_equal(ct_get(t, e1).status, "expired");
    assert_string_equal(ct_get(t, e3).status, "expired");
    assert_string_equal(ct_get(t, e2).status, "published");

    ct_begin(t);
    assert_int_equal(t->op->expire_due(t->st, CT_DAY, "2026-03-02T08:00:01Z", 2, &n, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(n, 1);
    assert_string_equal(ct_get(t, e2).status, "expired");
    ct_begin(t);
    assert_int_equal(t->op->expire_due(t->st, CT_DAY, CT_NOW, 2, &n, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(n, 0);

    assert_string_equal(ct_get(t, today).status, "published");
    assert_string_equal(ct_get(t, open).status, "published");
    assert_string_equal(ct_get(t, unpub).status, "unpublished");
    assert_string_equal(ct_get(t, old).status, "published");
    assert_string_equal(ct_get(t, cur).status, "published");

    struct changes c = {0};
    assert_int_equal(t->op->changes_page(t->st, 0, 10, on_change, &c, &t->err), XY_OK);
    assert_int_equal(c.n, 3);
    assert_int_equal(c.record[0], e1);
    assert_int_equal(c.subject[0], b.subj2);
    assert_string_equal(c.kind[0], "record.expired");
    assert_string_equal(c.cls[0], "black_list");
    assert_string_equal(c.at[0], CT_NOW);
    assert_int_equal(c.record[1], e3);
    assert_string_equal(c.cls[1], "penalty");
    assert_int_equal(c.record[2], e2);
    assert_string_equal(c.at[2], "2026-03-02T08:00:01Z");
    assert_true(c.seq[0] < c.seq[1] && c.seq[1] < c.seq[2]);
}

/* "Fewer than limit means none is left" holds for any limit, however large. */
static void test_expire_due_large_limit(void **state)
{
    struct ct *t = *state;
    struct base b = base(t);
    enum { DUE = 2100, LIMIT = 2500 };
    ct_begin(t);
    for (int i = 0; i < DUE; i++) {
        char doc[32];
        snprintf(doc, sizeof doc, "X-%d", i);
        ct_record(t, &(struct ct_rec){.dept = b.dept, .subject = b.subj, .batch = b.batch, .doc_no = doc,
                                       .public_until = "2026-01-01"});
    }
    ct_commit(t);
    long n = -1, total = 0;
    int rounds = 0;
    do {
        ct_begin(t);
        assert_int_equal(t->op->expire_due(t->st, CT_DAY, CT_NOW, LIMIT, &n, &t->err), XY_OK);
        ct_commit(t);
        assert_true(n >= 0 && n <= LIMIT);
        total += n;
        rounds++;
    } while (n == LIMIT && rounds < 10);
    if (total != DUE)
        fail_msg("expire_due with limit %d expired %ld of %d due records, then gave %ld (< limit) as if none "
                 "were left",
                 LIMIT, total, DUE, n);
    ct_begin(t);
    assert_int_equal(t->op->expire_due(t->st, CT_DAY, CT_NOW, LIMIT, &n, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(n, 0);
}

/* A record callback that asks to stop is not called again, whichever read calls it. */
static void test_record_callback_stops(void **state)
{
    struct ct *t = *state;
    struct base b = base(t);
    ct_begin(t);
    for (int i = 0; i < 3; i++) {
        char doc[16];
        snprintf(doc, sizeof doc, "C-%d", i);
        ct_record(t, &(struct ct_rec){.cls = "black_list", .dept = b.dept, .subject = b.subj, .batch = b.batch,
                                       .doc_no = doc});
        ct_record(t, &(struct ct_rec){.cls = "black_list", .dept = b.dept, .subject = b.subj, .batch = b.batch,
                                       .doc_no = "C-v", .version = i + 1, .tag = (uint8_t)i});
    }
    ct_commit(t);
    struct ct_rows *r = rows_new();
    r->stop_at = 1;
    assert_int_equal(t->op->records_by_class(t->st, "black_list", NULL, 0, 10, ct_on_record, r, &t->err), XY_OK);
    assert_int_equal(r->n, 1);
    r->n = 0;
    assert_int_equal(t->op->records_by_dept(t->st, b.dept, NULL, 0, 10, ct_on_record, r, &t->err), XY_OK);
    assert_int_equal(r->n, 1);
    r->n = 0;
    assert_int_equal(t->op->subject_records(t->st, b.subj, ct_on_record, r, &t->err), XY_OK);
    assert_int_equal(r->n, 1);
    r->n = 0;
    assert_int_equal(t->op->record_versions(t->st, "black_list", b.dept, "C-v", ct_on_record, r, &t->err), XY_OK);
    assert_int_equal(r->n, 1);
    r->n = 0;
    assert_int_equal(t->op->list_entries(t->st, b.subj, NULL, ct_lists(), ct_on_record, r, &t->err), XY_OK);
    assert_int_equal(r->n, 1);
    /* and the store is fine afterwards: a write transaction begins and commits */
    ct_begin(t);
    ct_record(t, &(struct ct_rec){.dept = b.dept, .subject = b.subj, .batch = b.batch, .doc_no = "C-after"});
    ct_commit(t);
    free(r);
}

const struct CMUnitTest ct_records_tests[] = {
    CT_CASE(test_record_current_none),   CT_CASE(test_record_roundtrip),      CT_CASE(test_record_get_unknown),
    CT_CASE(test_record_versions),       CT_CASE(test_records_by_class_paging), CT_CASE(test_records_by_dept),
    CT_CASE(test_subject_records_order), CT_CASE(test_set_status),            CT_CASE(test_mark_follows_versions),
    CT_CASE(test_record_callback_stops), CT_CASE(test_expire_due_rounds),     CT_CASE(test_expire_due_large_limit),
};
const size_t ct_records_count = CT_COUNT(ct_records_tests);
