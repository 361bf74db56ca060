/* SPDX-License-Identifier: Apache-2.0 */
/* Staff accounts: creation with the key row that carries the role, the office's disabling and
 * resets, the person's own password change and TOTP enrolment. Sessions are in session.c. */
#include "app/account.h"
#include "app/account_int.h"
#include "app/app_int.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/audit.h"
#include "app/totp.h"
#include "common/xy_utf8.h"

int xy_account_name_check(const char *name, struct xy_error *err)
{
    size_t n = name ? strlen(name) : 0;
    int ok = n >= 2 && n <= XY_ACCOUNT_NAME_MAX && strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789._-") == n &&
             name[0] != '.' && name[0] != '_' && name[0] != '-';
    if (!ok)
        return xy_error_set(err, XY_EINVAL, "账户名须为 2 至 64 个小写字母、数字或 . _ -，以字母或数字开头 (an account "
                            "name is 2 to 64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit)");
    return XY_OK;
}

int xy_account_password_check(const char *pw, struct xy_error *err)
{
    size_t n = pw ? strlen(pw) : 0;
    if (n < XY_PASSWORD_MIN || n > XY_PASSWORD_MAX || !xy_utf8_valid(pw, n))
        return xy_error_set(err, XY_EINVAL, "密码须为 %d 至 %d 字节的 UTF-8 文本 (a password is %d to %d bytes of UTF-8 "
                            "text)", XY_PASSWORD_MIN, XY_PASSWORD_MAX, XY_PASSWORD_MIN, XY_PASSWORD_MAX);
    return XY_OK;
}

int xy_account_hash_password(const char *pw, char out[XY_PWHASH_SIZE], struct xy_error *err)
{
    /* argon2id, libsodium's "interactive" limits: 2 passes over 64 MiB (docs/internals/ACCOUNTS.md). */
    if (crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return xy_error_set(err, XY_ENOMEM, "out of memory hashing a password");
    return XY_OK;
}

static int on_account(void *ctx, const struct xy_account_row *a)
{
    struct xy_acct *x = ctx;
    memset(x, 0, sizeof *x);
    x->found = 1;
    x->id = a->id;
    x->key_id = a->key_id;
    snprintf(x->name, sizeof x->name, "%s", a->name ? a->name : "");
    snprintf(x->pw_hash, sizeof x->pw_hash, "%s", a->pw_hash ? a->pw_hash : "");
    if (a->totp_sealed && a->totp_len <= sizeof x->totp_sealed) {
        memcpy(x->totp_sealed, a->totp_sealed, a->totp_len);
        x->totp_len = a->totp_len;
    }
    x->totp_active = a->totp_active;
    x->totp_step = a->totp_step;
    x->disabled = a->disabled_at != NULL;
    snprintf(x->disabled_at, sizeof x->disabled_at, "%s", a->disabled_at ? a->disabled_at : "");
    x->key_revoked = a->key_revoked_at != NULL;
    return 1;
}

int xy_acct_get(struct xy_app *app, int64_t id, const char *name, struct xy_acct *out, struct xy_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = app->store->ops->account_get(app->store, id, name, on_account, out, err);
    if (rc == XY_ENOTFOUND)
        return xy_error_set(err, XY_ENOTFOUND, "没有账户 %s (no account %s)", name ? name : "", name ? name : "");
    return rc;
}

int xy_acct_put(struct xy_app *app, const struct xy_acct *a, struct xy_error *err)
{
    struct xy_account_row r = {.id = a->id,
                               .pw_hash = a->pw_hash,
                               .totp_sealed = a->totp_len ? a->totp_sealed : NULL,
                               .totp_len = a->totp_len,
                               .totp_active = a->totp_active,
                               .totp_step = a->totp_step,
                               .disabled_at = a->disabled_at[0] ? a->disabled_at : NULL};
    return app->store->ops->account_put(app->store, &r, err);
}

void xy_acct_wipe(struct xy_acct *a)
{
    sodium_memzero(a, sizeof *a);
}

int xy_account_add(struct xy_app *app, const struct xy_principal *by, const char *name, enum xy_role role,
                   const char *dept_uscc, const char *password, int64_t *id, struct xy_error *err)
{
    struct xy_store *st = app->store;
    char hash[XY_PWHASH_SIZE], now[32], object[96];
    int64_t kid = 0;
    int rc;
    *id = 0;
    if ((rc = xy_account_name_check(name, err)))
        return rc;
    /* Accounts are for people: machines keep their keys, subjects and queriers their own ways in. */
    if (role != XY_ROLE_DEPARTMENT && role != XY_ROLE_OFFICE && role != XY_ROLE_AUDITOR)
        return xy_error_set(err, XY_EINVAL, "工作人员账户的角色须为 department、office 或 auditor (a staff account's "
                            "role is department, office or auditor)");
    if ((rc = xy_account_password_check(password, err)) || (rc = xy_account_hash_password(password, hash, err)))
        return rc;
    xy_clock_stamp(&app->clock, now);
    snprintf(object, sizeof object, "account/%s", name);
    if ((rc = st->ops->begin(st, err)))
        goto out;
    struct xy_account_row row = {.name = name, .pw_hash = hash, .created_at = now};
    if (!(rc = xy_auth_key_insert(app, role, dept_uscc, 0, name, now, &kid, err))) {
        row.key_id = kid;
        rc = st->ops->account_add(st, &row, id, err);
        if (rc == XY_EEXIST)
            rc = xy_error_set(err, XY_EEXIST, "账户名 %s 已被使用 (the account name %s is taken)", name, name);
    }
    rc = xy_audit_commitj(app, by, "account.create", object,
                          json_pack("{s:s, s:s?, s:I}", "role", xy_role_name(role), "dept",
                                    dept_uscc && *dept_uscc ? dept_uscc : NULL, "key", (json_int_t)kid),
                          rc, err);
out:
    sodium_memzero(hash, sizeof hash);
    if (rc)
        *id = 0;
    return rc;
}

struct list_ctx {
    json_t *items;
    int oom;
};

static int on_list(void *ctx, const struct xy_account_row *a)
{
    struct list_ctx *l = ctx;
    json_t *j = json_pack("{s:I, s:s, s:s?, s:s?, s:b, s:s?, s:s?, s:I}", "id", (json_int_t)a->id, "name", a->name,
                          "role", a->role, "dept", a->dept_uscc, "totp", a->totp_active, "disabled_at",
                          a->disabled_at, "created_at", a->created_at, "key", (json_int_t)a->key_id);
    if (!j || json_array_append_new(l->items, j)) {
        l->oom = 1;
        return 1;
    }
    return 0;
}

int xy_account_list(struct xy_app *app, json_t **out, struct xy_error *err)
{
    struct list_ctx l = {json_array(), 0};
    *out = NULL;
    if (!l.items)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    int rc = app->store->ops->account_list(app->store, on_list, &l, err);
    if (!rc && l.oom)
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    if (rc) {
        json_decref(l.items);
        return rc;
    }
    *out = l.items;
    return XY_OK;
}

enum change { CH_DISABLE, CH_PASSWORD, CH_TOTP };

/* One change by the office to a named account, in one transaction with its audit entry. */
static int change(struct xy_app *app, const struct xy_principal *by, const char *name, enum change what,
                  const char *password, struct xy_error *err)
{
    static const char *const actions[] = {"account.disable", "account.reset_password", "account.reset_totp"};
    struct xy_store *st = app->store;
    struct xy_acct a;
    char hash[XY_PWHASH_SIZE], now[32], object[96];
    int rc;
    memset(&a, 0, sizeof a);
    memset(hash, 0, sizeof hash);
    if ((rc = xy_account_name_check(name, err)))
        return rc;
    if (what == CH_PASSWORD && ((rc = xy_account_password_check(password, err)) || (rc = xy_account_hash_password(password, hash, err))))
        return rc;
    xy_clock_stamp(&app->clock, now);
    snprintf(object, sizeof object, "account/%s", name);
    if ((rc = st->ops->begin(st, err)))
        goto out;
    if (!(rc = xy_acct_get(app, 0, name, &a, err))) {
        if (what == CH_DISABLE && a.disabled)
            rc = xy_error_set(err, XY_ESTATE, "账户 %s 已停用 (account %s is disabled already)", name, name);
        if (what == CH_PASSWORD)
            snprintf(a.pw_hash, sizeof a.pw_hash, "%s", hash);
        if (what == CH_TOTP) {
            a.totp_len = 0;
            a.totp_active = 0;
        }
        if (what == CH_DISABLE)
            snprintf(a.disabled_at, sizeof a.disabled_at, "%s", now);
        if (!rc)
            rc = xy_acct_put(app, &a, err);
        /* A new password or a disabled account ends whatever sessions were open. */
        if (!rc && what != CH_TOTP)
            rc = st->ops->session_drop(st, NULL, a.id, 0, err);
    }
    rc = xy_audit_commit(app, by, actions[what], object, NULL, rc, err);
out:
    xy_acct_wipe(&a);
    sodium_memzero(hash, sizeof hash);
    return rc;
}

int xy_account_disable(struct xy_app *app, const struct xy_principal *by, const char *name, struct xy_error *err)
{
    return change(app, by, name, CH_DISABLE, NULL, err);
}

int xy_account_reset_password(struct xy_app *app, const struct xy_principal *by, const char *name,
                              const char *password, struct xy_error *err)
{
    return change(app, by, name, CH_PASSWORD, password, err);
}

int xy_account_reset_totp(struct xy_app *app, const struct xy_principal *by, const char *name, struct xy_error *err)
{
    return change(app, by, name, CH_TOTP, NULL, err);
}

static int own_account(const struct xy_principal *by, struct xy_error *err)
{
    if (!by || by->account_id <= 0)
        return xy_error_set(err, XY_EDENIED, "只有以账户登录的人员才能这样做 (only a person signed in with an account "
                            "can do this)");
    return XY_OK;
}

int xy_account_change_password(struct xy_app *app, const struct xy_principal *by, const char *old_password,
                               const char *new_password, struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct xy_acct a;
    char hash[XY_PWHASH_SIZE], object[96];
    int rc;
    memset(&a, 0, sizeof a);
    if ((rc = own_account(by, err)) || (rc = xy_account_password_check(new_password, err)))
        return rc;
    if (!old_password || strlen(old_password) > XY_PASSWORD_MAX)
        return xy_error_set(err, XY_EDENIED, "原密码有误 (the old password is wrong)");
    if ((rc = xy_account_hash_password(new_password, hash, err)))
        return rc;
    if ((rc = st->ops->begin(st, err)))
        goto out;
    if (!(rc = xy_acct_get(app, by->account_id, NULL, &a, err))) {
        if (crypto_pwhash_str_verify(a.pw_hash, old_password, strlen(old_password)) != 0)
            rc = xy_error_set(err, XY_EDENIED, "原密码有误 (the old password is wrong)");
        else {
            snprintf(a.pw_hash, sizeof a.pw_hash, "%s", hash);
            if (!(rc = xy_acct_put(app, &a, err)))
                rc = st->ops->session_drop(st, NULL, a.id, 0, err);
        }
    }
    snprintf(object, sizeof object, "account/%s", a.name[0] ? a.name : "?");
    rc = xy_audit_commit(app, by, "account.change_password", object, NULL, rc, err);
out:
    xy_acct_wipe(&a);
    sodium_memzero(hash, sizeof hash);
    return rc;
}

int xy_account_totp_begin(struct xy_app *app, const struct xy_principal *by, char *uri, struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct xy_acct a;
    uint8_t secret[XY_TOTP_SECRET_BYTES];
    char object[96];
    int rc;
    uri[0] = '\0';
    memset(&a, 0, sizeof a);
    if ((rc = own_account(by, err)))
        return rc;
    randombytes_buf(secret, sizeof secret);
    if ((rc = st->ops->begin(st, err)))
        goto out;
    if (!(rc = xy_acct_get(app, by->account_id, NULL, &a, err))) {
        if (a.totp_active)
            rc = xy_error_set(err, XY_ESTATE, "已启用动态验证码；须由信用办先重置 (a second factor is in use; the office "
                              "resets it first)");
        else if (xy_totp_uri(secret, sizeof secret, "xinyong", a.name, uri, XY_TOTP_URI_SIZE) != 0)
            rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        else {
            /* Sealed like ID numbers: the database alone never gives the secret away. */
            xy_keys_seal(&app->keys, secret, sizeof secret, a.totp_sealed);
            a.totp_len = sizeof secret + XY_SEAL_OVERHEAD;
            a.totp_active = 0;
            rc = xy_acct_put(app, &a, err);
        }
    }
    snprintf(object, sizeof object, "account/%s", a.name[0] ? a.name : "?");
    rc = xy_audit_commit(app, by, "account.totp_begin", object, NULL, rc, err);
out:
    if (rc)
        uri[0] = '\0';
    xy_acct_wipe(&a);
    sodium_memzero(secret, sizeof secret);
    return rc;
}

int xy_acct_totp_open(struct xy_app *app, const struct xy_acct *a, uint8_t secret[XY_TOTP_SECRET_BYTES])
{
    if (a->totp_len != XY_TOTP_SECRET_BYTES + XY_SEAL_OVERHEAD)
        return -1;
    return xy_keys_open(&app->keys, a->totp_sealed, a->totp_len, secret);
}

int xy_account_totp_confirm(struct xy_app *app, const struct xy_principal *by, const char *code,
                            struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct xy_acct a;
    uint8_t secret[XY_TOTP_SECRET_BYTES];
    char object[96];
    int64_t step = 0;
    int rc;
    memset(&a, 0, sizeof a);
    if ((rc = own_account(by, err)))
        return rc;
    if ((rc = st->ops->begin(st, err)))
        goto out;
    if (!(rc = xy_acct_get(app, by->account_id, NULL, &a, err))) {
        if (a.totp_active || !a.totp_len)
            rc = xy_error_set(err, XY_ESTATE, "没有待确认的动态验证码 (no second factor waits for confirmation)");
        else if (xy_acct_totp_open(app, &a, secret) != 0)
            rc = xy_error_set(err, XY_ECRYPTO, "账户 %1$s 加密的动态验证码密钥无法解密 (the sealed TOTP secret of account %1$s does not open)", a.name);
        else if (xy_totp_check(secret, sizeof secret, xy_clock_unix(&app->clock), code, a.totp_step, &step) != 0)
            rc = xy_error_set(err, XY_EDENIED, "动态验证码不正确 (the code does not match)");
        else {
            a.totp_active = 1;
            a.totp_step = step;
            rc = xy_acct_put(app, &a, err);
        }
    }
    snprintf(object, sizeof object, "account/%s", a.name[0] ? a.name : "?");
    rc = xy_audit_commit(app, by, "account.totp_confirm", object, NULL, rc, err);
out:
    xy_acct_wipe(&a);
    sodium_memzero(secret, sizeof secret);
    return rc;
}
