/* SPDX-License-Identifier: Apache-2.0 */
/* Private to the account files (account.c, session.c): an account as read, in caller storage. */
#ifndef XY_ACCOUNT_INT_H
#define XY_ACCOUNT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "app/account.h"
#include "app/keys.h"
#include "app/totp.h"

#define XY_PWHASH_SIZE 128 /* crypto_pwhash_STRBYTES */

struct xy_acct {
    int found;
    int64_t id, key_id;
    char name[XY_ACCOUNT_NAME_MAX + 1];
    char pw_hash[XY_PWHASH_SIZE];
    uint8_t totp_sealed[XY_TOTP_SECRET_BYTES + XY_SEAL_OVERHEAD];
    size_t totp_len;
    int totp_active;
    int64_t totp_step;
    int disabled, key_revoked;
    char disabled_at[32];
};

/* By id, or by name when name is not NULL. XY_ENOTFOUND when none. */
int xy_acct_get(struct xy_app *app, int64_t id, const char *name, struct xy_acct *out, struct xy_error *err);
/* Writes the password hash, TOTP fields and disabled_at ("" for none) of a. */
int xy_acct_put(struct xy_app *app, const struct xy_acct *a, struct xy_error *err);
void xy_acct_wipe(struct xy_acct *a);
/* Opens the sealed TOTP secret. Returns 0, or -1 when there is none or it does not open. */
int xy_acct_totp_open(struct xy_app *app, const struct xy_acct *a, uint8_t secret[XY_TOTP_SECRET_BYTES]);
/* Is pw an acceptable password: XY_PASSWORD_MIN to XY_PASSWORD_MAX bytes of UTF-8. XY_EINVAL. */
int xy_account_password_check(const char *pw, struct xy_error *err);
/* argon2id through crypto_pwhash_str. OUT: out. */
int xy_account_hash_password(const char *pw, char out[XY_PWHASH_SIZE], struct xy_error *err);

/* The throttle of failed attempts (docs/internals/ACCOUNTS.md, "Throttling"), for sign-ins and
 * activation codes alike: OUT *wait, the seconds kind:what must wait before its next attempt (0: it
 * may try now), the first `free` failures costing nothing (xy_signin_wait). */
int xy_throttle_wait(struct xy_app *app, const char *kind, const char *what, int64_t free, int64_t now,
                     int64_t *wait, struct xy_error *err);
/* Forgets the failures of kind:what (a success), inside the caller's write transaction. */
int xy_throttle_clear(struct xy_app *app, const char *kind, const char *what, int64_t now, struct xy_error *err);
/* Counts a failure of kind:what at now, inside the caller's write transaction. */
int xy_throttle_fail(struct xy_app *app, const char *kind, const char *what, int64_t now, struct xy_error *err);

#endif
