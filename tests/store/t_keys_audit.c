/* SPDX-License-Identifier: Apache-2.0 */
/* Contract: API keys and the hash-chained audit log. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "contract.h"

#define DEPT_A "11420100MB1234562H"
#define USCC_A "91420684MA4927PJ7B"

struct keys {
    int n, stop_at;
    struct {
        int64_t id, dept_id, subject_id;
        char role[16], dept_uscc[32], name[64], created[32], revoked[32];
        uint8_t hash[32];
        int has_hash;
    } k[8];
};

static int on_key(void *ctx, const struct xy_key_row *k)
{
    struct keys *l = ctx;
    assert_true(l->n < 8);
    l->k[l->n].id = k->id;
    l->k[l->n].dept_id = k->dept_id;
    l->k[l->n].subject_id = k->subject_id;
    ct_cpy(l->k[l->n].role, sizeof l->k[0].role, k->role);
    ct_cpy(l->k[l->n].dept_uscc, sizeof l->k[0].dept_uscc, k->dept_uscc);
    ct_cpy(l->k[l->n].name, sizeof l->k[0].name, k->name);
    ct_cpy(l->k[l->n].created, sizeof l->k[0].created, k->created_at);
    ct_cpy(l->k[l->n].revoked, sizeof l->k[0].revoked, k->revoked_at);
    l->k[l->n].has_hash = k->hash != NULL;
    if (k->hash)
        memcpy(l->k[l->n].hash, k->hash, 32);
    l->n++;
    return l->stop_at && l->n >= l->stop_at;
}

static void test_key_add_get(void **state)
{
    struct ct *t = *state;
    uint8_t hash[32];
    for (int i = 0; i < 32; i++)
        hash[i] = (uint8_t)(i * 7);
    ct_begin(t);
    int64_t dept = ct_dept(t, DEPT_A, "甲局");
    int64_t subj = ct_org(t, USCC_A, "甲公司");
    struct xy_key_row k = {.role = "department", .dept_id = dept, .name = "甲局导入", .hash = hash,
                           .created_at = "2026-03-02T08:00:00Z"};
    int64_t kd = 0;
    assert_int_equal(t->op->key_add(t->st, &k, &kd, &t->err), XY_OK);
    int64_t ks = ct_key(t, "subject", 0, subj, "甲公司自查");
    int64_t ko = ct_key(t, "office", 0, 0, NULL);
    ct_commit(t);
    assert_true(kd > 0 && ks > 0 && ko > 0 && kd != ks && ks != ko);

    struct keys l = {0};
    assert_int_equal(t->op->key_get(t->st, kd, on_key, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.k[0].id, kd);
    assert_string_equal(l.k[0].role, "department");
    assert_int_equal(l.k[0].dept_id, dept);
    assert_string_equal(l.k[0].dept_uscc, DEPT_A);
    assert_int_equal(l.k[0].subject_id, 0);
    assert_string_equal(l.k[0].name, "甲局导入");
    assert_true(l.k[0].has_hash);
    assert_memory_equal(l.k[0].hash, hash, 32);
    assert_string_equal(l.k[0].created, "2026-03-02T08:00:00Z");
    assert_string_equal(l.k[0].revoked, CT_NULL);

    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->key_get(t->st, ks, on_key, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.k[0].role, "subject");
    assert_int_equal(l.k[0].subject_id, subj);
    assert_int_equal(l.k[0].dept_id, 0);
    assert_string_equal(l.k[0].dept_uscc, CT_NULL);

    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->key_get(t->st, ko, on_key, &l, &t->err), XY_OK);
    assert_string_equal(l.k[0].name, CT_NULL);

    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->key_get(t->st, ko + 100, on_key, &l, &t->err), XY_ENOTFOUND);
    assert_int_equal(l.n, 0);
}

/* Every key, revoked ones too, oldest first. */
static void test_key_list(void **state)
{
    struct ct *t = *state;
    struct keys l = {0};
    assert_int_equal(t->op->key_list(t->st, on_key, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 0);
    ct_begin(t);
    int64_t k1 = ct_key(t, "office", 0, 0, "一");
    int64_t k2 = ct_key(t, "auditor", 0, 0, "二");
    int64_t k3 = ct_key(t, "approval", 0, 0, "三");
    assert_int_equal(t->op->key_revoke(t->st, k2, "2026-03-02T09:00:00Z", &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(t->op->key_list(t->st, on_key, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 3);
    assert_int_equal(l.k[0].id, k1);
    assert_int_equal(l.k[1].id, k2);
    assert_int_equal(l.k[2].id, k3);
    assert_string_equal(l.k[1].revoked, "2026-03-02T09:00:00Z");
    assert_string_equal(l.k[2].role, "approval");
    memset(&l, 0, sizeof l);
    l.stop_at = 2;
    assert_int_equal(t->op->key_list(t->st, on_key, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 2);
}

/* A revoked key is still returned, with the time of its revocation; revoking it again, or a key
 * that does not exist, is XY_ENOTFOUND and changes nothing. */
static void test_key_revoke(void **state)
{
    struct ct *t = *state;
    struct keys l = {0};
    ct_begin(t);
    int64_t k = ct_key(t, "office", 0, 0, "一");
    int64_t other = ct_key(t, "office", 0, 0, "二");
    ct_commit(t);
    ct_begin(t);
    assert_int_equal(t->op->key_revoke(t->st, k, "2026-03-02T09:00:00Z", &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(t->op->key_get(t->st, k, on_key, &l, &t->err), XY_OK);
    assert_string_equal(l.k[0].revoked, "2026-03-02T09:00:00Z");
    ct_begin(t);
    assert_int_equal(t->op->key_revoke(t->st, k, "2026-03-02T10:00:00Z", &t->err), XY_ENOTFOUND);
    assert_int_equal(t->op->key_revoke(t->st, other + 100, "2026-03-02T10:00:00Z", &t->err), XY_ENOTFOUND);
    ct_commit(t);
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->key_get(t->st, k, on_key, &l, &t->err), XY_OK);
    assert_string_equal(l.k[0].revoked, "2026-03-02T09:00:00Z");
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->key_get(t->st, other, on_key, &l, &t->err), XY_OK);
    assert_string_equal(l.k[0].revoked, CT_NULL);
}

static void fill(uint8_t *h, uint8_t v)
{
    memset(h, v, 32);
}

static void test_audit_last_empty(void **state)
{
    struct ct *t = *state;
    int64_t seq = -1;
    uint8_t hash[32], zero[32] = {0};
    fill(hash, 0xee);
    assert_int_equal(t->op->audit_last(t->st, &seq, hash, &t->err), XY_OK);
    assert_int_equal(seq, 0);
    assert_memory_equal(hash, zero, 32);
}

struct audits {
    int n, stop_at;
    struct {
        int64_t seq, key_id;
        char at[32], role[16], action[32], object[32], detail[64];
        uint8_t prev[32], hash[32];
    } a[8];
};

static int on_audit(void *ctx, const struct xy_audit_row *a)
{
    struct audits *l = ctx;
    assert_true(l->n < 8);
    l->a[l->n].seq = a->seq;
    l->a[l->n].key_id = a->key_id;
    ct_cpy(l->a[l->n].at, sizeof l->a[0].at, a->at);
    ct_cpy(l->a[l->n].role, sizeof l->a[0].role, a->role);
    ct_cpy(l->a[l->n].action, sizeof l->a[0].action, a->action);
    ct_cpy(l->a[l->n].object, sizeof l->a[0].object, a->object);
    ct_cpy(l->a[l->n].detail, sizeof l->a[0].detail, a->detail);
    memcpy(l->a[l->n].prev, a->prev, 32);
    memcpy(l->a[l->n].hash, a->hash, 32);
    l->n++;
    return l->stop_at && l->n >= l->stop_at;
}

static void append(struct ct *t, int64_t seq, const char *action, const char *detail)
{
    uint8_t prev[32], hash[32];
    fill(prev, (uint8_t)(seq - 1));
    fill(hash, (uint8_t)seq);
    struct xy_audit_row a = {.seq = seq, .at = "2026-03-02T08:00:00Z", .key_id = seq * 10, .role = "office",
                             .action = action, .object = "key/3", .detail = detail, .prev = prev, .hash = hash};
    assert_int_equal(t->op->audit_insert(t->st, &a, &t->err), XY_OK);
}

/* audit_last follows the inserts; audit_scan gives the entries after a sequence number in order,
 * at most limit (0: all), each as written. */
static void test_audit_insert_scan(void **state)
{
    struct ct *t = *state;
    int64_t seq = 0;
    uint8_t hash[32], want[32];
    ct_begin(t);
    append(t, 1, "key.create", "{\"role\":\"office\"}");
    append(t, 2, "batch.submit", NULL);
    append(t, 3, "record.read_private", "{}");
    append(t, 4, "key.revoke", NULL);
    append(t, 5, "audit.verify", NULL);
    ct_commit(t);
    assert_int_equal(t->op->audit_last(t->st, &seq, hash, &t->err), XY_OK);
    assert_int_equal(seq, 5);
    fill(want, 5);
    assert_memory_equal(hash, want, 32);

    struct audits l = {0};
    assert_int_equal(t->op->audit_scan(t->st, 0, 0, on_audit, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 5);
    for (int i = 0; i < 5; i++)
        assert_int_equal(l.a[i].seq, i + 1);
    assert_int_equal(l.a[0].key_id, 10);
    assert_string_equal(l.a[0].at, "2026-03-02T08:00:00Z");
    assert_string_equal(l.a[0].role, "office");
    assert_string_equal(l.a[0].action, "key.create");
    assert_string_equal(l.a[0].object, "key/3");
    assert_string_equal(l.a[0].detail, "{\"role\":\"office\"}");
    assert_string_equal(l.a[1].detail, CT_NULL);
    fill(want, 2);
    assert_memory_equal(l.a[2].prev, want, 32);
    fill(want, 3);
    assert_memory_equal(l.a[2].hash, want, 32);

    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->audit_scan(t->st, 1, 2, on_audit, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.a[0].seq, 2);
    assert_int_equal(l.a[1].seq, 3);
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->audit_scan(t->st, 3, 2, on_audit, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.a[1].seq, 5);
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->audit_scan(t->st, 5, 0, on_audit, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 0);
    memset(&l, 0, sizeof l);
    l.stop_at = 1;
    assert_int_equal(t->op->audit_scan(t->st, 0, 0, on_audit, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 1);
}

/* Two entries cannot share a sequence number (two writers racing for the chain's next place): the
 * second insert fails and the first stays. */
static void test_audit_seq_unique(void **state)
{
    struct ct *t = *state;
    uint8_t prev[32], hash[32];
    fill(prev, 0);
    fill(hash, 0x77);
    ct_begin(t);
    append(t, 1, "key.create", NULL);
    ct_commit(t);
    struct xy_audit_row dup = {.seq = 1, .at = "2026-03-02T08:00:01Z", .key_id = 2, .role = "office",
                               .action = "key.revoke", .object = "key/4", .prev = prev, .hash = hash};
    ct_begin(t);
    assert_int_not_equal(t->op->audit_insert(t->st, &dup, &t->err), XY_OK);
    assert_int_equal(t->op->rollback(t->st), XY_OK);
    struct audits l = {0};
    assert_int_equal(t->op->audit_scan(t->st, 0, 0, on_audit, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.a[0].action, "key.create");
}

const struct CMUnitTest ct_keys_audit_tests[] = {
    CT_CASE(test_key_add_get),      CT_CASE(test_key_list),          CT_CASE(test_key_revoke),
    CT_CASE(test_audit_last_empty), CT_CASE(test_audit_insert_scan), CT_CASE(test_audit_seq_unique),
};
const size_t ct_keys_audit_count = CT_COUNT(ct_keys_audit_tests);
