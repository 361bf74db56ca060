/* SPDX-License-Identifier: Apache-2.0 */
/* Contract: staff accounts, their sessions, and the count of failed sign-ins. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "contract.h"

#define DEPT_A "11420100MB1234562H"

struct accts {
    int n;
    struct {
        int64_t id, key_id, totp_step;
        char name[32], pw[64], role[16], dept[32], created[32], disabled[32], revoked[32];
        uint8_t totp[64];
        size_t totp_len;
        int totp_active;
    } a[4];
};

static int on_acct(void *ctx, const struct xy_account_row *r)
{
    struct accts *l = ctx;
    assert_true(l->n < 4);
    l->a[l->n].id = r->id;
    l->a[l->n].key_id = r->key_id;
    l->a[l->n].totp_step = r->totp_step;
    l->a[l->n].totp_active = r->totp_active;
    ct_cpy(l->a[l->n].name, sizeof l->a[0].name, r->name);
    ct_cpy(l->a[l->n].pw, sizeof l->a[0].pw, r->pw_hash);
    ct_cpy(l->a[l->n].role, sizeof l->a[0].role, r->role);
    ct_cpy(l->a[l->n].dept, sizeof l->a[0].dept, r->dept_uscc);
    ct_cpy(l->a[l->n].created, sizeof l->a[0].created, r->created_at);
    ct_cpy(l->a[l->n].disabled, sizeof l->a[0].disabled, r->disabled_at);
    ct_cpy(l->a[l->n].revoked, sizeof l->a[0].revoked, r->key_revoked_at);
    assert_true(r->totp_len <= sizeof l->a[0].totp);
    l->a[l->n].totp_len = r->totp_len;
    if (r->totp_len)
        memcpy(l->a[l->n].totp, r->totp_sealed, r->totp_len);
    l->n++;
    return 0;
}

/* Added with its key (whose role and department it reads), found by id and by name, listed by
 * name; a taken name is XY_EEXIST; put writes the password, TOTP fields and disabled_at. */
static void test_account_add_get_put(void **state)
{
    struct ct *t = *state;
    ct_begin(t);
    int64_t dept = ct_dept(t, DEPT_A, "甲局");
    int64_t kz = ct_key(t, "department", dept, 0, "zhang");
    int64_t kl = ct_key(t, "office", 0, 0, "li");
    struct xy_account_row z = {.name = "zhang", .key_id = kz, .pw_hash = "$argon2id$z", .created_at = "2026-03-02T08:00:00Z"};
    struct xy_account_row l = {.name = "li", .key_id = kl, .pw_hash = "$argon2id$l", .created_at = "2026-03-02T08:00:01Z"};
    int64_t iz = 0, il = 0, dup = 0;
    assert_int_equal(t->op->account_add(t->st, &z, &iz, &t->err), XY_OK);
    assert_int_equal(t->op->account_add(t->st, &l, &il, &t->err), XY_OK);
    assert_true(iz > 0 && il > 0 && iz != il);
    struct xy_account_row again = {.name = "zhang", .key_id = kl, .pw_hash = "x", .created_at = "2026-03-02T08:00:02Z"};
    assert_int_equal(t->op->account_add(t->st, &again, &dup, &t->err), XY_EEXIST);
    ct_commit(t);

    struct accts r = {0};
    assert_int_equal(t->op->account_get(t->st, 0, "zhang", on_acct, &r, &t->err), XY_OK);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.a[0].id, iz);
    assert_int_equal(r.a[0].key_id, kz);
    assert_string_equal(r.a[0].pw, "$argon2id$z");
    assert_string_equal(r.a[0].role, "department");
    assert_string_equal(r.a[0].dept, DEPT_A);
    assert_string_equal(r.a[0].disabled, CT_NULL);
    assert_string_equal(r.a[0].revoked, CT_NULL);
    assert_int_equal(r.a[0].totp_len, 0);
    memset(&r, 0, sizeof r);
    assert_int_equal(t->op->account_get(t->st, il, NULL, on_acct, &r, &t->err), XY_OK);
    assert_string_equal(r.a[0].name, "li");
    assert_string_equal(r.a[0].dept, CT_NULL);
    assert_int_equal(t->op->account_get(t->st, 0, "wang", on_acct, &r, &t->err), XY_ENOTFOUND);
    assert_int_equal(t->op->account_get(t->st, il + 100, NULL, on_acct, &r, &t->err), XY_ENOTFOUND);
    memset(&r, 0, sizeof r);
    assert_int_equal(t->op->account_list(t->st, on_acct, &r, &t->err), XY_OK);
    assert_int_equal(r.n, 2);
    assert_string_equal(r.a[0].name, "li"); /* by name */
    assert_string_equal(r.a[1].name, "zhang");

    uint8_t sealed[60];
    for (int i = 0; i < 60; i++)
        sealed[i] = (uint8_t)(i * 3);
    struct xy_account_row p = {.id = iz, .pw_hash = "$argon2id$new", .totp_sealed = sealed, .totp_len = 60,
                               .totp_active = 1, .totp_step = 12345, .disabled_at = "2026-03-03T00:00:00Z"};
    ct_begin(t);
    assert_int_equal(t->op->account_put(t->st, &p, &t->err), XY_OK);
    p.id = il + 100;
    assert_int_equal(t->op->account_put(t->st, &p, &t->err), XY_ENOTFOUND);
    assert_int_equal(t->op->key_revoke(t->st, kz, "2026-03-03T00:00:01Z", &t->err), XY_OK);
    ct_commit(t);
    memset(&r, 0, sizeof r);
    assert_int_equal(t->op->account_get(t->st, iz, NULL, on_acct, &r, &t->err), XY_OK);
    assert_string_equal(r.a[0].pw, "$argon2id$new");
    assert_int_equal(r.a[0].totp_len, 60);
    assert_memory_equal(r.a[0].totp, sealed, 60);
    assert_int_equal(r.a[0].totp_active, 1);
    assert_int_equal(r.a[0].totp_step, 12345);
    assert_string_equal(r.a[0].disabled, "2026-03-03T00:00:00Z");
    assert_string_equal(r.a[0].revoked, "2026-03-03T00:00:01Z");
    /* Cleared again. */
    struct xy_account_row c = {.id = iz, .pw_hash = "$argon2id$new"};
    ct_begin(t);
    assert_int_equal(t->op->account_put(t->st, &c, &t->err), XY_OK);
    ct_commit(t);
    memset(&r, 0, sizeof r);
    assert_int_equal(t->op->account_get(t->st, iz, NULL, on_acct, &r, &t->err), XY_OK);
    assert_int_equal(r.a[0].totp_len, 0);
    assert_string_equal(r.a[0].disabled, CT_NULL);
}

static int count_key(void *ctx, const struct xy_key_row *k)
{
    (void)k;
    (*(int *)ctx)++;
    return 0;
}

/* key_list leaves out the keys that accounts own; key_get still finds them. */
static void test_key_list_without_accounts(void **state)
{
    struct ct *t = *state;
    ct_begin(t);
    int64_t machine = ct_key(t, "office", 0, 0, "machine");
    int64_t owned = ct_key(t, "office", 0, 0, "person");
    struct xy_account_row a = {.name = "person", .key_id = owned, .pw_hash = "x", .created_at = "2026-03-02T08:00:00Z"};
    int64_t id = 0;
    assert_int_equal(t->op->account_add(t->st, &a, &id, &t->err), XY_OK);
    ct_commit(t);
    int n = 0;
    assert_int_equal(t->op->key_list(t->st, count_key, &n, &t->err), XY_OK);
    assert_int_equal(n, 1);
    n = 0;
    assert_int_equal(t->op->key_get(t->st, owned, count_key, &n, &t->err), XY_OK);
    assert_int_equal(n, 1);
    assert_true(machine > 0);
}

static void test_sessions(void **state)
{
    struct ct *t = *state;
    uint8_t h1[32], h2[32], h3[32];
    memset(h1, 1, 32);
    memset(h2, 2, 32);
    memset(h3, 3, 32);
    ct_begin(t);
    int64_t k1 = ct_key(t, "office", 0, 0, "a1"), k2 = ct_key(t, "office", 0, 0, "a2");
    struct xy_account_row a = {.name = "a1", .key_id = k1, .pw_hash = "x", .created_at = "2026-03-02T08:00:00Z"};
    struct xy_account_row b = {.name = "a2", .key_id = k2, .pw_hash = "x", .created_at = "2026-03-02T08:00:00Z"};
    int64_t ia = 0, ib = 0;
    assert_int_equal(t->op->account_add(t->st, &a, &ia, &t->err), XY_OK);
    assert_int_equal(t->op->account_add(t->st, &b, &ib, &t->err), XY_OK);
    struct xy_session_row s1 = {ia, 1000, 1000}, s2 = {ia, 2000, 2000}, s3 = {ib, 3000, 3000};
    assert_int_equal(t->op->session_add(t->st, h1, &s1, &t->err), XY_OK);
    assert_int_equal(t->op->session_add(t->st, h2, &s2, &t->err), XY_OK);
    assert_int_equal(t->op->session_add(t->st, h3, &s3, &t->err), XY_OK);
    ct_commit(t);
    struct xy_session_row got;
    assert_int_equal(t->op->session_get(t->st, h2, &got, &t->err), XY_OK);
    assert_int_equal(got.account_id, ia);
    assert_int_equal(got.created, 2000);
    assert_int_equal(got.seen, 2000);
    ct_begin(t);
    assert_int_equal(t->op->session_touch(t->st, h2, 2500, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(t->op->session_get(t->st, h2, &got, &t->err), XY_OK);
    assert_int_equal(got.created, 2000);
    assert_int_equal(got.seen, 2500);
    /* Dropped by hash, by age, by account; dropping nothing is fine. */
    ct_begin(t);
    assert_int_equal(t->op->session_drop(t->st, NULL, 0, 1500, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(t->op->session_get(t->st, h1, &got, &t->err), XY_ENOTFOUND);
    assert_int_equal(t->op->session_get(t->st, h2, &got, &t->err), XY_OK);
    ct_begin(t);
    assert_int_equal(t->op->session_drop(t->st, NULL, ib, 0, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(t->op->session_get(t->st, h3, &got, &t->err), XY_ENOTFOUND);
    assert_int_equal(t->op->session_get(t->st, h2, &got, &t->err), XY_OK);
    ct_begin(t);
    assert_int_equal(t->op->session_drop(t->st, h2, 0, 0, &t->err), XY_OK);
    assert_int_equal(t->op->session_drop(t->st, h2, 0, 0, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(t->op->session_get(t->st, h2, &got, &t->err), XY_ENOTFOUND);
}

static void test_throttle(void **state)
{
    struct ct *t = *state;
    int64_t f = -1, last = -1;
    assert_int_equal(t->op->throttle_get(t->st, "account:zhang", &f, &last, &t->err), XY_OK);
    assert_int_equal(f, 0);
    assert_int_equal(last, 0);
    ct_begin(t);
    assert_int_equal(t->op->throttle_put(t->st, "account:zhang", 1, 100, &t->err), XY_OK);
    assert_int_equal(t->op->throttle_put(t->st, "account:zhang", 2, 150, &t->err), XY_OK);
    assert_int_equal(t->op->throttle_put(t->st, "addr:192.0.2.1", 7, 160, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(t->op->throttle_get(t->st, "account:zhang", &f, &last, &t->err), XY_OK);
    assert_int_equal(f, 2);
    assert_int_equal(last, 150);
    assert_int_equal(t->op->throttle_get(t->st, "addr:192.0.2.1", &f, &last, &t->err), XY_OK);
    assert_int_equal(f, 7);
    ct_begin(t);
    assert_int_equal(t->op->throttle_put(t->st, "account:zhang", 0, 200, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(t->op->throttle_get(t->st, "account:zhang", &f, &last, &t->err), XY_OK);
    assert_int_equal(f, 0);
    assert_int_equal(t->op->throttle_get(t->st, "addr:192.0.2.1", &f, &last, &t->err), XY_OK);
    assert_int_equal(f, 7);
}

const struct CMUnitTest ct_accounts_tests[] = {
    CT_CASE(test_account_add_get_put),
    CT_CASE(test_key_list_without_accounts),
    CT_CASE(test_sessions),
    CT_CASE(test_throttle),
};
const size_t ct_accounts_count = CT_COUNT(ct_accounts_tests);
