/* SPDX-License-Identifier: Apache-2.0 */
/* Staff accounts and their sessions (docs/internals/ACCOUNTS.md). An account is a person of the
 * office, a department or the auditors: a sign-in name, a password kept as an argon2id hash
 * (crypto_pwhash_str), an optional TOTP second factor whose secret is sealed with the platform key,
 * and a key row of its own that carries its role and department exactly as an API key does, so that
 * what a role may do is decided once, and the audit log and the access history name the person.
 * Signing in gives a session: a random token kept only as its hash, with an idle and an absolute
 * expiry, and a CSRF token derived from it. */
#ifndef XY_ACCOUNT_H
#define XY_ACCOUNT_H

#include <jansson.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"

#define XY_ACCOUNT_NAME_MAX 64
#define XY_PASSWORD_MIN 10  /* bytes */
#define XY_PASSWORD_MAX 256 /* bytes: bounded before the slow hash */
#define XY_SESSION_TOKEN_SIZE 65 /* 64 hex digits and the NUL */
#define XY_CSRF_SIZE 33          /* 32 hex digits and the NUL */
#define XY_TOTP_URI_SIZE 512

/* ---- management (the office, and the CLI's operator) ---- */

/* Is name a valid sign-in name: 2 to 64 of a-z 0-9 . _ -, starting with a letter or digit (so it
 * needs no escaping in any log). Returns XY_OK or XY_EINVAL. */
int xy_account_name_check(const char *name, struct xy_error *err);

/* Creates an account of role (department, office or auditor) with its department (department:
 * required; others: none), by the rule keys follow. The password is checked (XY_PASSWORD_MIN to
 * XY_PASSWORD_MAX bytes of UTF-8) and hashed. Audited ("account.create"). OUT: *id. Errors:
 * XY_EINVAL, XY_ENOTFOUND (no such department), XY_EEXIST (the name is taken). */
int xy_account_add(struct xy_app *app, const struct xy_principal *by, const char *name, enum xy_role role,
                   const char *dept_uscc, const char *password, int64_t *id, struct xy_error *err);

/* The accounts, by name: [{id, name, role, dept, totp, disabled_at, created_at, key}]. Caller owns
 * *out. Never a hash or a secret. */
int xy_account_list(struct xy_app *app, json_t **out, struct xy_error *err);

/* Disables an account and ends its sessions; sets a new password (ends its sessions); removes its
 * TOTP factor. Each audited. XY_ENOTFOUND when there is no such account. */
int xy_account_disable(struct xy_app *app, const struct xy_principal *by, const char *name, struct xy_error *err);
int xy_account_reset_password(struct xy_app *app, const struct xy_principal *by, const char *name,
                              const char *password, struct xy_error *err);
int xy_account_reset_totp(struct xy_app *app, const struct xy_principal *by, const char *name,
                          struct xy_error *err);

/* ---- the signed-in person ---- */

/* Changes the caller's own password after checking the old one; ends every session of the
 * account (the caller signs in again). XY_EDENIED when old is wrong or by is not an account. */
int xy_account_change_password(struct xy_app *app, const struct xy_principal *by, const char *old_password,
                               const char *new_password, struct xy_error *err);

/* Starts TOTP enrolment: a new secret, sealed and kept pending until confirmed (it does not yet
 * guard sign-in). OUT: uri (XY_TOTP_URI_SIZE bytes), the otpauth:// URI to show as text or a QR
 * code. XY_ESTATE when a confirmed factor exists (the office resets it first). */
int xy_account_totp_begin(struct xy_app *app, const struct xy_principal *by, char *uri, struct xy_error *err);
/* Confirms the pending secret with a code from the app; from then on sign-in needs a code.
 * XY_EDENIED when the code does not match, XY_ESTATE when nothing is pending. */
int xy_account_totp_confirm(struct xy_app *app, const struct xy_principal *by, const char *code,
                            struct xy_error *err);

/* ---- sessions ---- */

struct xy_session_cfg {
    int64_t idle;     /* seconds without a request before a session ends, default 1800 */
    int64_t absolute; /* seconds after sign-in when it ends whatever happens, default 43200 */
};
void xy_session_cfg_init(struct xy_session_cfg *c);

enum xy_session_state { XY_SESSION_LIVE = 0, XY_SESSION_IDLE, XY_SESSION_ENDED };
/* The expiry rule: a session created at created and last seen at seen, at now (Unix seconds). */
enum xy_session_state xy_session_state(int64_t created, int64_t seen, int64_t now, const struct xy_session_cfg *c);

/* The throttling rule: seconds to wait before the next sign-in attempt of a name or an address
 * that has failed failures times, the last at last (0: may try now). The first `free` failures cost
 * nothing; then 30 s, doubling with each failure up to 15 minutes. Failures 24 h old are forgotten. */
int64_t xy_signin_wait(int64_t failures, int64_t last, int64_t now, int64_t free);
#define XY_SIGNIN_FREE_ACCOUNT 3
#define XY_SIGNIN_FREE_ADDR 10

struct xy_signin_req {
    const char *name;
    const char *password;
    const char *totp;   /* NULL or "" when not given */
    const char *client; /* the client's address as the server sees it (trusted proxy applied) */
};

/* What the slow half of a sign-in found, for the writing half. */
struct xy_signin {
    int ok;              /* password (and code, when required) right, account enabled */
    int64_t account_id;
    int64_t key_id;
    int64_t totp_step;   /* the step of the code accepted, 0 when none */
    char name[XY_ACCOUNT_NAME_MAX + 1];
};

/* The first half of a sign-in, reading only (the server runs it on a reader, outside the writer's
 * lock, since the password hash is slow on purpose): the throttle of the name and of the address,
 * then the account, password and code. Unknown names cost the same hash as known ones. Returns
 * XY_OK with out->ok set either way, or XY_EBUSY with *retry_after seconds when the name or the
 * address must wait (nothing checked). */
int xy_signin_check(struct xy_app *app, const struct xy_signin_req *rq, struct xy_signin *out, int *retry_after,
                    struct xy_error *err);

/* The second half, on the writer: a failure is counted for the name and the address and audited
 * ("session.refused"), and answered XY_EDENIED with one message whatever was wrong; a success
 * clears the name's count, stores a new session, drops sessions past their absolute expiry and is
 * audited ("session.create") in the person's name. OUT: token (XY_SESSION_TOKEN_SIZE), csrf
 * (XY_CSRF_SIZE), *who. */
int xy_signin_finish(struct xy_app *app, const struct xy_signin_req *rq, const struct xy_signin *chk,
                     const struct xy_session_cfg *cfg, char *token, char *csrf, struct xy_principal *who,
                     struct xy_error *err);

/* The person of a session token, reading only. OUT: *who (account_id set), *touch (1 when the
 * session's last-seen time is more than a minute old and should be written, xy_session_touch).
 * XY_ENOTFOUND for an unknown, ended, expired or disabled one, whichever. */
int xy_session_verify(struct xy_app *app, const char *token, const struct xy_session_cfg *cfg,
                      struct xy_principal *who, int *touch, struct xy_error *err);
int xy_session_touch(struct xy_app *app, const char *token, struct xy_error *err);

/* Ends a session (sign-out), audited. Ending an unknown one is not an error. */
int xy_session_end(struct xy_app *app, const struct xy_principal *by, const char *token, struct xy_error *err);

/* The CSRF token of a session token (keyed BLAKE2b of it: bound to this session and nothing else).
 * OUT: out (XY_CSRF_SIZE). */
void xy_session_csrf(struct xy_app *app, const char *token, char *out);
/* 1 when given is the CSRF token of token (constant time), else 0. */
int xy_session_csrf_ok(struct xy_app *app, const char *token, const char *given);

#endif
