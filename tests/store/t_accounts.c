/* SPDX-License-Identifier: Apache-2.0 */
/* Contract: staff accounts, their sessions, and the count of failed sign-ins; subjects' applications
 * for accounts and their files. */
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

struct app_got {
    int64_t id, account_id, code_expires;
    int nfiles, has_id_hash, has_code;
    size_t sealed_len;
    char kind[8], uscc[32], masked[32], name[64], legal_rep[32], contact[32], phone[32], email[32], state[16],
        reason[32], created[32], decided[32], by[32], activated[32];
    uint8_t id_hash[32], code[32], sealed[64];
};

struct apps {
    int n;
    struct app_got a[4];
};

static int on_app(void *ctx, const struct xy_application_row *r)
{
    struct apps *l = ctx;
    assert_true(l->n < 4);
    struct app_got *o = &l->a[l->n++];
    o->id = r->id;
    o->account_id = r->account_id;
    o->code_expires = r->code_expires;
    o->nfiles = r->nfiles;
    o->has_id_hash = r->id_hash != NULL;
    if (r->id_hash)
        memcpy(o->id_hash, r->id_hash, 32);
    o->has_code = r->code_hash != NULL;
    if (r->code_hash)
        memcpy(o->code, r->code_hash, 32);
    o->sealed_len = r->id_sealed ? r->id_sealed_len : 0;
    assert_true(o->sealed_len <= sizeof o->sealed);
    if (o->sealed_len)
        memcpy(o->sealed, r->id_sealed, o->sealed_len);
    ct_cpy(o->kind, sizeof o->kind, r->kind);
    ct_cpy(o->uscc, sizeof o->uscc, r->uscc);
    ct_cpy(o->masked, sizeof o->masked, r->id_masked);
    ct_cpy(o->name, sizeof o->name, r->name);
    ct_cpy(o->legal_rep, sizeof o->legal_rep, r->legal_rep);
    ct_cpy(o->contact, sizeof o->contact, r->contact);
    ct_cpy(o->phone, sizeof o->phone, r->phone);
    ct_cpy(o->email, sizeof o->email, r->email);
    ct_cpy(o->state, sizeof o->state, r->state);
    ct_cpy(o->reason, sizeof o->reason, r->reason);
    ct_cpy(o->created, sizeof o->created, r->created_at);
    ct_cpy(o->decided, sizeof o->decided, r->decided_at);
    ct_cpy(o->by, sizeof o->by, r->decided_by);
    ct_cpy(o->activated, sizeof o->activated, r->activated_at);
    return 0;
}

/* Subjects' applications for accounts: a company's and a person's (the ID number as the subjects'
 * are: hash, sealed bytes, masked), pending when added; listed newest first, by state, up to a
 * limit; decided (the activation code's hash and expiry kept), then activated with the account. */
static void test_applications(void **state)
{
    struct ct *t = *state;
    uint8_t hash[32], sealed[40], code[32];
    memset(hash, 0x31, sizeof hash);
    memset(sealed, 0x32, sizeof sealed);
    memset(code, 0x33, sizeof code);
    struct xy_application_row org = {.kind = "org", .uscc = "91420684MA4927PJ7B", .name = "某公司",
                                     .legal_rep = "张三", .contact = "李四", .phone = "13800000000",
                                     .email = "a@example.cn", .created_at = CT_NOW};
    struct xy_application_row person = {.kind = "person", .id_hash = hash, .id_sealed = sealed,
                                        .id_sealed_len = sizeof sealed, .id_masked = "3604**********0071",
                                        .name = "王五", .contact = "王五", .phone = "13900000000",
                                        .created_at = "2026-03-02T09:00:00Z"};
    int64_t io = 0, ip = 0;
    ct_begin(t);
    assert_int_equal(t->op->application_add(t->st, &org, &io, &t->err), XY_OK);
    assert_int_equal(t->op->application_add(t->st, &person, &ip, &t->err), XY_OK);
    ct_commit(t);
    assert_true(io > 0 && ip > 0 && io != ip);

    struct apps l = {0};
    assert_int_equal(t->op->application_get(t->st, io, on_app, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.a[0].kind, "org");
    assert_string_equal(l.a[0].uscc, "91420684MA4927PJ7B");
    assert_string_equal(l.a[0].name, "某公司");
    assert_string_equal(l.a[0].legal_rep, "张三");
    assert_string_equal(l.a[0].email, "a@example.cn");
    assert_string_equal(l.a[0].state, "pending");
    assert_string_equal(l.a[0].created, CT_NOW);
    assert_string_equal(l.a[0].decided, CT_NULL);
    assert_false(l.a[0].has_id_hash);
    assert_false(l.a[0].has_code);
    assert_int_equal(l.a[0].sealed_len, 0);
    assert_int_equal(l.a[0].account_id, 0);
    assert_int_equal(l.a[0].nfiles, 0);
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->application_get(t->st, ip, on_app, &l, &t->err), XY_OK);
    assert_true(l.a[0].has_id_hash);
    assert_memory_equal(l.a[0].id_hash, hash, 32);
    assert_int_equal(l.a[0].sealed_len, sizeof sealed);
    assert_memory_equal(l.a[0].sealed, sealed, sizeof sealed);
    assert_string_equal(l.a[0].masked, "3604**********0071");
    assert_string_equal(l.a[0].uscc, CT_NULL);
    assert_string_equal(l.a[0].email, CT_NULL);
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->application_get(t->st, ip + io, on_app, &l, &t->err), XY_ENOTFOUND);
    assert_int_equal(l.n, 0);

    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->application_list(t->st, NULL, 10, on_app, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.a[0].id, ip); /* newest first */
    assert_int_equal(l.a[1].id, io);
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->application_list(t->st, "pending", 1, on_app, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.a[0].id, ip);

    /* The office approves the company (a code to activate with) and refuses the person. */
    struct xy_application_row ok = {.id = io, .state = "approved", .decided_at = "2026-03-03T08:00:00Z",
                                    .decided_by = "zhang", .code_hash = code, .code_expires = 1772611200};
    struct xy_application_row no = {.id = ip, .state = "refused", .reason = "材料不全",
                                    .decided_at = "2026-03-03T09:00:00Z", .decided_by = "zhang"};
    struct xy_application_row none = {.id = io + ip, .state = "refused"};
    ct_begin(t);
    assert_int_equal(t->op->application_put(t->st, &ok, &t->err), XY_OK);
    assert_int_equal(t->op->application_put(t->st, &no, &t->err), XY_OK);
    assert_int_equal(t->op->application_put(t->st, &none, &t->err), XY_ENOTFOUND);
    ct_commit(t);
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->application_list(t->st, "approved", 10, on_app, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.a[0].id, io);
    assert_true(l.a[0].has_code);
    assert_memory_equal(l.a[0].code, code, 32);
    assert_int_equal(l.a[0].code_expires, 1772611200);
    assert_string_equal(l.a[0].by, "zhang");
    assert_string_equal(l.a[0].uscc, "91420684MA4927PJ7B"); /* what was applied for is kept */
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->application_list(t->st, "refused", 10, on_app, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.a[0].reason, "材料不全");
    assert_false(l.a[0].has_code);

    /* Activation: the code is spent (its hash cleared) and the account named. */
    ct_begin(t);
    int64_t subj = ct_org(t, "91420684MA4927PJ7B", "某公司");
    int64_t key = ct_key(t, "subject", 0, subj, "某公司");
    struct xy_account_row acct = {.name = "91420684MA4927PJ7B", .key_id = key, .pw_hash = "$argon2id$x",
                                  .created_at = CT_NOW};
    int64_t account = 0;
    assert_int_equal(t->op->account_add(t->st, &acct, &account, &t->err), XY_OK);
    ok.state = "activated";
    ok.code_hash = NULL;
    ok.code_expires = 0;
    ok.activated_at = "2026-03-04T08:00:00Z";
    ok.account_id = account;
    assert_int_equal(t->op->application_put(t->st, &ok, &t->err), XY_OK);
    ct_commit(t);
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->application_get(t->st, io, on_app, &l, &t->err), XY_OK);
    assert_string_equal(l.a[0].state, "activated");
    assert_false(l.a[0].has_code);
    assert_int_equal(l.a[0].account_id, account);
    assert_string_equal(l.a[0].activated, "2026-03-04T08:00:00Z");
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->application_list(t->st, "pending", 10, on_app, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 0);
}

struct app_file_got {
    int seq, has_data;
    int64_t size;
    char name[32], type[32], role[16];
    uint8_t sha[32], data[16];
};

struct app_files {
    int n;
    struct app_file_got f[4];
};

static int on_app_file(void *ctx, const struct xy_file_row *r)
{
    struct app_files *l = ctx;
    assert_true(l->n < 4);
    struct app_file_got *o = &l->f[l->n++];
    o->seq = r->seq;
    o->size = r->size;
    ct_cpy(o->name, sizeof o->name, r->name);
    ct_cpy(o->type, sizeof o->type, r->media_type);
    ct_cpy(o->role, sizeof o->role, r->role);
    memcpy(o->sha, r->sha256, 32);
    o->has_data = r->data != NULL;
    if (r->data && r->size <= (int64_t)sizeof o->data)
        memcpy(o->data, r->data, (size_t)r->size);
    return 0;
}

/* An application's files: listed by number without their bytes, one read whole by number, counted
 * in the application; a number taken already is refused and the rest of the transaction kept. */
static void test_application_files(void **state)
{
    struct ct *t = *state;
    struct xy_application_row org = {.kind = "org", .uscc = "91420684MA4927PJ7B", .name = "某公司",
                                     .contact = "李四", .phone = "13800000000", .created_at = CT_NOW};
    uint8_t sha1[32], sha2[32];
    memset(sha1, 0xa1, sizeof sha1);
    memset(sha2, 0xa2, sizeof sha2);
    struct xy_file_row licence = {.seq = 1, .name = "执照.pdf", .media_type = "application/pdf", .size = 5,
                                  .sha256 = sha1, .data = "%PDF-", .role = "licence"};
    struct xy_file_row letter = {.seq = 2, .name = "letter.png", .media_type = "image/png", .size = 4,
                                 .sha256 = sha2, .data = "\x89PNG", .role = "authorisation"};
    int64_t id = 0, other = 0;
    ct_begin(t);
    assert_int_equal(t->op->application_add(t->st, &org, &id, &t->err), XY_OK);
    assert_int_equal(t->op->application_add(t->st, &org, &other, &t->err), XY_OK);
    assert_int_equal(t->op->application_file_add(t->st, id, &letter, &t->err), XY_OK);
    assert_int_equal(t->op->application_file_add(t->st, id, &licence, &t->err), XY_OK);
    assert_int_not_equal(t->op->application_file_add(t->st, id, &licence, &t->err), XY_OK);
    assert_int_equal(t->op->application_file_add(t->st, other, &licence, &t->err), XY_OK);
    ct_commit(t);

    struct app_files l = {0};
    assert_int_equal(t->op->application_files(t->st, id, 0, on_app_file, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.f[0].seq, 1); /* by number */
    assert_string_equal(l.f[0].name, "执照.pdf");
    assert_string_equal(l.f[0].role, "licence");
    assert_string_equal(l.f[0].type, "application/pdf");
    assert_int_equal(l.f[0].size, 5);
    assert_memory_equal(l.f[0].sha, sha1, 32);
    assert_false(l.f[0].has_data);
    assert_int_equal(l.f[1].seq, 2);
    assert_string_equal(l.f[1].role, "authorisation");

    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->application_files(t->st, id, 2, on_app_file, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 1);
    assert_true(l.f[0].has_data);
    assert_memory_equal(l.f[0].data, "\x89PNG", 4);
    assert_memory_equal(l.f[0].sha, sha2, 32);
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->application_files(t->st, id, 3, on_app_file, &l, &t->err), XY_ENOTFOUND);
    assert_int_equal(l.n, 0);

    struct apps a = {0};
    assert_int_equal(t->op->application_get(t->st, id, on_app, &a, &t->err), XY_OK);
    assert_int_equal(a.a[0].nfiles, 2);
    memset(&a, 0, sizeof a);
    assert_int_equal(t->op->application_get(t->st, other, on_app, &a, &t->err), XY_OK);
    assert_int_equal(a.a[0].nfiles, 1);
}

const struct CMUnitTest ct_accounts_tests[] = {
    CT_CASE(test_account_add_get_put),
    CT_CASE(test_key_list_without_accounts),
    CT_CASE(test_sessions),
    CT_CASE(test_throttle),
    CT_CASE(test_applications),
    CT_CASE(test_application_files),
};
const size_t ct_accounts_count = CT_COUNT(ct_accounts_tests);
