/* SPDX-License-Identifier: Apache-2.0 */
/* API keys and who is asking. A key is "xy_<id>_<secret>": the id finds the row, the 256-bit secret
 * is checked against its stored hash (BLAKE2b-256; a random 256-bit secret needs no slow hash),
 * compared in constant time. The key is shown once, when created. */
#ifndef XY_AUTH_H
#define XY_AUTH_H

#include <stdint.h>

#include "app/app.h"

enum xy_role {
    XY_ROLE_PUBLIC = 0, /* no key */
    XY_ROLE_DEPARTMENT, /* a data-providing department: its own data only */
    XY_ROLE_APPROVAL,   /* an approval system (joint reward and punishment checks) */
    XY_ROLE_SUBJECT,    /* a company or person, for its own file */
    XY_ROLE_OFFICE,     /* the credit office: administration, any record */
    XY_ROLE_AUDITOR,    /* reads and verifies the audit log */
    XY_ROLE_OPERATOR,   /* the local operator at the CLI (never a key) */
    XY_ROLE_QUERIER,    /* a bank or credit-service agency (信用服务机构): non-public data only with a
                         * subject's live grant (授权查询) */
    XY_ROLE_PLATFORM,   /* a lower platform (a city's xinyong under a province's): pushes its changes
                         * to /api/v1/exchange/inbound; the key's name is the platform's name */
};

/* Who is asking. key_id 0 with XY_ROLE_OPERATOR is the local operator. */
struct xy_principal {
    int64_t key_id;
    enum xy_role role;
    int64_t dept_id;    /* department keys */
    char dept_uscc[19]; /* department keys, else "" */
    int64_t subject_id; /* subject keys */
    int64_t querier_id; /* querier keys: their organisation in the directory of queriers (0: none) */
    char name[128];     /* the key's name; for an account, the account's name */
    int64_t account_id; /* a staff account signed in with a session (app/account.h), else 0 */
};

#define XY_KEY_TEXT_SIZE 96 /* room for "xy_<id>_<64 hex>" and the NUL */

/* "department", ... ("public", "operator" for the two without keys). */
const char *xy_role_name(enum xy_role r);
/* Parses a key role name (department, approval, subject, office, auditor, querier, platform). Returns 0 or -1. */
int xy_role_parse(const char *name, enum xy_role *out);

/* The local operator, for CLI actions. */
void xy_principal_operator(struct xy_principal *p);

/* Creates a key. A department key needs dept_uscc (a registered department), a querier key the code
 * of an enabled entry of the directory of queriers in the same argument; an approval key may name a
 * department; other roles name none. Appends a "key.create" audit entry in the same transaction. OUT: key (the text to give
 * the holder, XY_KEY_TEXT_SIZE bytes), *id. Errors: XY_EINVAL (bad role or department), XY_ENOTFOUND
 * (unknown department), store errors. */
int xy_auth_key_create(struct xy_app *app, const struct xy_principal *by, enum xy_role role,
                       const char *dept_uscc, const char *name, char *key, int64_t *id, struct xy_error *err);

/* Creates a subject key (the subject's own access: its file, objections, repairs, grants and access
 * history), after the office has checked the holder's identity. code names the subject (USCC, ID
 * number or subject id); errors never repeat it. Audited. */
int xy_auth_subject_key_create(struct xy_app *app, const struct xy_principal *by, const char *code,
                               const char *name, char *key, int64_t *id, struct xy_error *err);

/* Checks a bearer key. OUT: *who. Errors: XY_EINVAL (malformed), XY_ENOTFOUND (no such key, wrong
 * secret or revoked: the caller cannot tell which, on purpose). Reads only. */
int xy_auth_verify(struct xy_app *app, const char *key, struct xy_principal *who, struct xy_error *err);

/* Revokes a key, with a "key.revoke" audit entry. XY_ENOTFOUND when unknown or revoked already. */
int xy_auth_key_revoke(struct xy_app *app, const struct xy_principal *by, int64_t id, struct xy_error *err);

#endif
