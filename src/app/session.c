/* SPDX-License-Identifier: Apache-2.0 */
/* Sessions of staff accounts: sign-in in two halves (the slow password check on a reader, the
 * writes on the writer), throttling of failed sign-ins per name and per address, the expiry rule,
 * the CSRF token bound to a session, sign-out. Tokens are 256 random bits, kept only as their hash. */
#include "app/account.h"
#include "app/account_int.h"
#include "app/app_int.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/audit.h"
#include "app/totp.h"

#define TOKEN_BYTES 32
#define TOUCH_EVERY 60      /* seconds: last-seen is written at most this often */
#define FORGET_AFTER 86400  /* failures a day old are forgotten */
#define FIRST_WAIT 30
#define MAX_WAIT 900

void xy_session_cfg_init(struct xy_session_cfg *c)
{
    c->idle = 1800;
    c->absolute = 43200;
}

enum xy_session_state xy_session_state(int64_t created, int64_t seen, int64_t now, const struct xy_session_cfg *c)
{
    if (now - created >= c->absolute)
        return XY_SESSION_ENDED;
    if (now - seen >= c->idle)
        return XY_SESSION_IDLE;
    return XY_SESSION_LIVE;
}

int64_t xy_signin_wait(int64_t failures, int64_t last, int64_t now, int64_t free)
{
    if (failures <= free || now - last >= FORGET_AFTER)
        return 0;
    /* A growing delay rather than a lock-out: nobody can lock a colleague out by typing their name
     * wrong, while guessing is held to a few attempts an hour. */
    int64_t over = failures - free - 1, wait = FIRST_WAIT;
    while (over-- > 0 && wait < MAX_WAIT)
        wait *= 2;
    if (wait > MAX_WAIT)
        wait = MAX_WAIT;
    return last + wait > now ? last + wait - now : 0;
}

/* ---- tokens ---- */

static int token_hash(const char *token, uint8_t hash[32])
{
    uint8_t raw[TOKEN_BYTES];
    size_t got = 0;
    if (!token || strlen(token) != 2 * TOKEN_BYTES || strspn(token, "0123456789abcdef") != 2 * TOKEN_BYTES ||
        sodium_hex2bin(raw, sizeof raw, token, 2 * TOKEN_BYTES, NULL, &got, NULL) != 0 || got != TOKEN_BYTES)
        return -1;
    /* Unkeyed, as API keys: 256 random bits need neither a key nor a slow hash. */
    crypto_generichash(hash, 32, raw, sizeof raw, NULL, 0);
    sodium_memzero(raw, sizeof raw);
    return 0;
}

void xy_session_csrf(struct xy_app *app, const char *token, char *out)
{
    static const char tag[] = "xinyong csrf v1"; /* hashed with its NUL: the blind key has other uses */
    uint8_t h[16];
    crypto_generichash_state st;
    crypto_generichash_init(&st, app->keys.blind, sizeof app->keys.blind, sizeof h);
    crypto_generichash_update(&st, (const unsigned char *)tag, sizeof tag);
    crypto_generichash_update(&st, (const unsigned char *)token, strlen(token));
    crypto_generichash_final(&st, h, sizeof h);
    sodium_bin2hex(out, XY_CSRF_SIZE, h, sizeof h);
}

int xy_session_csrf_ok(struct xy_app *app, const char *token, const char *given)
{
    char want[XY_CSRF_SIZE];
    if (!token || !given || strlen(given) != XY_CSRF_SIZE - 1)
        return 0;
    xy_session_csrf(app, token, want);
    int ok = sodium_memcmp(want, given, XY_CSRF_SIZE - 1) == 0;
    sodium_memzero(want, sizeof want);
    return ok;
}

/* ---- sign-in ---- */

static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char dummy_hash[XY_PWHASH_SIZE];

static void dummy_init(void)
{
    /* A hash of a password nobody knows, verified for unknown names, so that the time a sign-in
     * takes does not say whether the name exists. */
    char pw[33];
    uint8_t r[16];
    randombytes_buf(r, sizeof r);
    sodium_bin2hex(pw, sizeof pw, r, sizeof r);
    if (xy_account_hash_password(pw, dummy_hash, NULL) != XY_OK)
        dummy_hash[0] = '\0';
}

static void throttle_key(char *out, size_t size, const char *kind, const char *what)
{
    snprintf(out, size, "%s:%.64s", kind, what);
}

int xy_throttle_wait(struct xy_app *app, const char *kind, const char *what, int64_t free, int64_t now,
                     int64_t *wait, struct xy_error *err)
{
    char key[96];
    int64_t failures, last;
    *wait = 0;
    throttle_key(key, sizeof key, kind, what);
    int rc = app->store->ops->throttle_get(app->store, key, &failures, &last, err);
    if (!rc)
        *wait = xy_signin_wait(failures, last, now, free);
    return rc;
}

int xy_throttle_clear(struct xy_app *app, const char *kind, const char *what, int64_t now, struct xy_error *err)
{
    char key[96];
    throttle_key(key, sizeof key, kind, what);
    return app->store->ops->throttle_put(app->store, key, 0, now, err);
}

int xy_throttle_fail(struct xy_app *app, const char *kind, const char *what, int64_t now, struct xy_error *err)
{
    struct xy_store *st = app->store;
    char key[96];
    int64_t failures, last;
    throttle_key(key, sizeof key, kind, what);
    int rc = st->ops->throttle_get(st, key, &failures, &last, err);
    if (rc)
        return rc;
    if (now - last >= FORGET_AFTER)
        failures = 0;
    return st->ops->throttle_put(st, key, failures + 1, now, err);
}

int xy_signin_check(struct xy_app *app, const struct xy_signin_req *rq, struct xy_signin *out, int *retry_after,
                    struct xy_error *err)
{
    struct xy_acct a;
    int64_t now = xy_clock_unix(&app->clock), wait = 0, w;
    int name_ok = xy_account_name_check(rq->name, NULL) == XY_OK;
    int rc;

    memset(out, 0, sizeof *out);
    memset(&a, 0, sizeof a);
    *retry_after = 0;
    if (name_ok && (rc = xy_throttle_wait(app, "account", rq->name, XY_SIGNIN_FREE_ACCOUNT, now, &wait, err)))
        return rc;
    if ((rc = xy_throttle_wait(app, "addr", rq->client ? rq->client : "", XY_SIGNIN_FREE_ADDR, now, &w, err)))
        return rc;
    if (w > wait)
        wait = w;
    if (wait > 0) {
        *retry_after = (int)wait;
        return xy_error_set(err, XY_EBUSY, "登录失败次数过多，请 %lld 秒后再试 (too many failed sign-ins; try again in "
                            "%lld s)", (long long)wait, (long long)wait);
    }
    if (name_ok) {
        rc = xy_acct_get(app, 0, rq->name, &a, err);
        if (rc && rc != XY_ENOTFOUND)
            return rc;
        xy_error_clear(err);
    }
    pthread_once(&dummy_once, dummy_init);
    const char *pw = rq->password ? rq->password : "";
    size_t pwlen = strnlen(pw, XY_PASSWORD_MAX + 1);
    const char *against = a.found ? a.pw_hash : dummy_hash;
    int pw_ok = pwlen <= XY_PASSWORD_MAX && against[0] && crypto_pwhash_str_verify(against, pw, pwlen) == 0;
    int ok = a.found && pw_ok && !a.disabled && !a.key_revoked;
    if (ok && a.totp_active) {
        uint8_t secret[XY_TOTP_SECRET_BYTES];
        if (xy_acct_totp_open(app, &a, secret) != 0 ||
            xy_totp_check(secret, sizeof secret, now, rq->totp, a.totp_step, &out->totp_step) != 0)
            ok = 0;
        sodium_memzero(secret, sizeof secret);
    }
    out->ok = ok;
    if (a.found) {
        out->account_id = a.id;
        out->key_id = a.key_id;
        snprintf(out->name, sizeof out->name, "%s", a.name);
    }
    xy_acct_wipe(&a);
    return XY_OK;
}

static int refuse(struct xy_app *app, const struct xy_signin_req *rq, const struct xy_signin *chk, int64_t now,
                  struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct xy_principal anon = {.role = XY_ROLE_PUBLIC};
    char object[96];
    int rc;
    if ((rc = st->ops->begin(st, err)))
        return rc;
    if (xy_account_name_check(rq->name, NULL) == XY_OK)
        rc = xy_throttle_fail(app, "account", rq->name, now, err);
    if (!rc)
        rc = xy_throttle_fail(app, "addr", rq->client ? rq->client : "", now, err);
    /* Only the name of an account that exists is written: what was typed may be anything, even a
     * password typed into the wrong field. */
    snprintf(object, sizeof object, "account/%s", chk->name[0] ? chk->name : "(unknown)");
    rc = xy_audit_commitj(app, &anon, "session.refused", object,
                          json_pack("{s:s}", "client", rq->client ? rq->client : ""), rc, err);
    if (rc)
        return rc;
    return xy_error_set(err, XY_EDENIED, "账户名、密码或动态验证码有误 (wrong account name, password or code)");
}

int xy_signin_finish(struct xy_app *app, const struct xy_signin_req *rq, const struct xy_signin *chk,
                     const struct xy_session_cfg *cfg, char *token, char *csrf, struct xy_principal *who,
                     struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct xy_acct a;
    uint8_t raw[TOKEN_BYTES], hash[32];
    char object[96];
    int64_t now = xy_clock_unix(&app->clock);
    int rc;

    token[0] = csrf[0] = '\0';
    memset(who, 0, sizeof *who);
    memset(&a, 0, sizeof a);
    if (!chk->ok)
        return refuse(app, rq, chk, now, err);
    if ((rc = st->ops->begin(st, err)))
        return rc;
    /* Read again under the writer: disabled meanwhile, or the same code used by a sign-in that
     * finished first, is a failure. */
    if ((rc = xy_acct_get(app, chk->account_id, NULL, &a, err))) {
        st->ops->rollback(st);
        return rc;
    }
    if (a.disabled || (a.totp_active && chk->totp_step <= a.totp_step)) {
        st->ops->rollback(st);
        xy_acct_wipe(&a);
        return refuse(app, rq, chk, now, err);
    }
    if (a.totp_active) {
        a.totp_step = chk->totp_step;
        rc = xy_acct_put(app, &a, err);
    }
    if (!rc)
        rc = xy_throttle_clear(app, "account", a.name, now, err);
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(token, XY_SESSION_TOKEN_SIZE, raw, sizeof raw);
    token_hash(token, hash);
    struct xy_session_row srow = {.account_id = a.id, .created = now, .seen = now};
    if (!rc)
        rc = st->ops->session_add(st, hash, &srow, err);
    if (!rc)
        rc = st->ops->session_drop(st, NULL, 0, now - cfg->absolute, err);
    if (!rc && !(rc = xy_auth_principal(app, a.key_id, who, err)))
        who->account_id = a.id;
    snprintf(object, sizeof object, "account/%s", a.name);
    rc = xy_audit_commitj(app, who, "session.create", object,
                          json_pack("{s:s}", "client", rq->client ? rq->client : ""), rc, err);
    if (rc) {
        sodium_memzero(token, XY_SESSION_TOKEN_SIZE);
        token[0] = '\0';
        memset(who, 0, sizeof *who);
    } else {
        xy_session_csrf(app, token, csrf);
    }
    sodium_memzero(raw, sizeof raw);
    xy_acct_wipe(&a);
    return rc;
}

int xy_session_verify(struct xy_app *app, const char *token, const struct xy_session_cfg *cfg,
                      struct xy_principal *who, int *touch, struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct xy_session_row s;
    struct xy_acct a;
    uint8_t hash[32];
    int64_t now = xy_clock_unix(&app->clock);
    int rc;
    memset(who, 0, sizeof *who);
    *touch = 0;
    if (token_hash(token, hash) != 0)
        return xy_error_set(err, XY_ENOTFOUND, "会话无效或已过期 (the session is unknown or has ended)");
    rc = st->ops->session_get(st, hash, &s, err);
    if (rc && rc != XY_ENOTFOUND)
        return rc;
    if (rc == XY_ENOTFOUND || xy_session_state(s.created, s.seen, now, cfg) != XY_SESSION_LIVE)
        return xy_error_set(err, XY_ENOTFOUND, "会话无效或已过期 (the session is unknown or has ended)");
    rc = xy_acct_get(app, s.account_id, NULL, &a, err);
    if (!rc && (a.disabled || a.key_revoked))
        rc = XY_ENOTFOUND;
    if (!rc)
        rc = xy_auth_principal(app, a.key_id, who, err);
    xy_acct_wipe(&a);
    if (rc == XY_ENOTFOUND)
        return xy_error_set(err, XY_ENOTFOUND, "会话无效或已过期 (the session is unknown or has ended)");
    if (rc)
        return rc;
    who->account_id = s.account_id;
    *touch = now - s.seen >= TOUCH_EVERY;
    return XY_OK;
}

int xy_session_touch(struct xy_app *app, const char *token, struct xy_error *err)
{
    uint8_t hash[32];
    if (token_hash(token, hash) != 0)
        return XY_OK;
    return app->store->ops->session_touch(app->store, hash, xy_clock_unix(&app->clock), err);
}

int xy_session_end(struct xy_app *app, const struct xy_principal *by, const char *token, struct xy_error *err)
{
    struct xy_store *st = app->store;
    uint8_t hash[32];
    char object[96];
    int rc;
    if (token_hash(token, hash) != 0)
        return XY_OK;
    snprintf(object, sizeof object, "account/%.64s", by->name[0] ? by->name : "?");
    if ((rc = st->ops->begin(st, err)))
        return rc;
    rc = st->ops->session_drop(st, hash, 0, 0, err);
    return xy_audit_commit(app, by, "session.end", object, NULL, rc, err);
}
