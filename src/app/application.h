/* SPDX-License-Identifier: Apache-2.0 */
/* Subject accounts (docs/internals/ACCOUNTS.md, "Subject accounts"): a company or a person applies
 * online with its code, name, contact and scanned papers; the office approves or refuses with a
 * reason; an approved applicant gets a one-time activation code (kept only as its hash, expiring)
 * with which it names its account and sets its password. The account is a staff account's kind
 * (app/account.h) whose key row carries the role subject and the subject: sessions, CSRF and the
 * throttling of sign-ins are the staff accounts' own. */
#ifndef XY_APPLICATION_H
#define XY_APPLICATION_H

#include <jansson.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"
#include "app/claim.h"
#include "common/xy_buf.h"

/* The largest application body the server reads: two files of XY_CLAIM_FILE_MAX bytes in base64
 * and the text around them. */
#define XY_APPLICATION_BODY_MAX (6u << 20)
#define XY_ACTIVATION_CODE_SIZE 48   /* "<id>-XXXX-XXXX-XXXX-XXXX" and the NUL */
#define XY_ACTIVATION_DAYS 14        /* an activation code expires this long after approval */
#define XY_ACTIVATION_FREE 3         /* wrong codes for one application before each try must wait */

struct xy_application_in {
    const char *kind;      /* "org" (company or other organisation) or "person" */
    const char *code;      /* org: its USCC; person: its resident ID number (never repeated back) */
    const char *name;      /* the organisation's or the person's name */
    const char *legal_rep; /* org: the legal representative (法定代表人) */
    const char *contact;   /* the person to reach */
    const char *phone;
    const char *email;     /* optional: where the activation code is mailed, when mail is configured */
    const struct xy_claim_file_in *licence; /* org: the business licence; person: the ID card, scanned */
    const struct xy_claim_file_in *letter;  /* the signed authorisation letter (授权书) */
};

/* Files an application (anyone may). The code is checked (a USCC with its check characters, a
 * resident ID number with its check digit); a person's number is kept as subjects' are (a keyed
 * hash, sealed, masked). Files as claims' evidence (xy_claim_files_check: PDF, PNG or JPEG by their
 * first bytes, bounded). Audited ("application.submit", with the client's address). Applications
 * filed from one address are counted by the sign-ins' throttle: past XY_APPLY_FREE in a day, the next
 * waits (XY_EBUSY with *retry_after, nothing checked). OUT: *id. Errors: XY_EINVAL (what, where,
 * why), XY_ETOOBIG; nothing is stored then. */
#define XY_APPLY_FREE 10
int xy_application_submit(struct xy_app *app, const struct xy_application_in *in, const char *client, int64_t *id,
                          int *retry_after, struct xy_error *err);

/* The applications in state (pending, approved, refused, activated; all when NULL or ""), newest
 * first: [{id, kind, code, name, legal_rep, contact, phone, email, state, reason, created_at,
 * decided_at, decided_by, activated_at, expires, files}]; a person's code masked. Caller owns *out. */
int xy_application_list(struct xy_app *app, const char *state, json_t **out, struct xy_error *err);
/* One application as in the list, with "files": [{seq, role, name, media_type, size, sha256}]. */
int xy_application_get(struct xy_app *app, int64_t id, json_t **out, struct xy_error *err);
/* File seq of application id, for the office; audited ("application.file_read"). OUT: data,
 * media_type (64 bytes), name (256 bytes). XY_ENOTFOUND. */
int xy_application_file_read(struct xy_app *app, const struct xy_principal *by, int64_t id, int seq,
                             struct xy_buf *data, char *media_type, char *name, struct xy_error *err);

/* The office refuses a pending application, with its reason (1 to 1000 bytes). Audited. XY_ESTATE
 * when it is not pending, XY_ENOTFOUND, XY_EINVAL. */
int xy_application_refuse(struct xy_app *app, const struct xy_principal *by, int64_t id, const char *reason,
                          struct xy_error *err);

/* The office approves a pending application: a new activation code, valid XY_ACTIVATION_DAYS days,
 * of which only a hash is kept. Audited (never the code). OUT: code (XY_ACTIVATION_CODE_SIZE), the
 * text to hand over; *expires (Unix seconds); email (256 bytes: the applicant's address, "" when
 * none). XY_ESTATE when it is not pending, XY_ENOTFOUND. */
int xy_application_approve(struct xy_app *app, const struct xy_principal *by, int64_t id, char *code,
                           int64_t *expires, char *email, struct xy_error *err);

/* Mails an activation code to email through sendmail (a path: "/usr/sbin/sendmail"), as `sendmail
 * -i -- email` with the message on its standard input. The code is never written anywhere else.
 * XY_EIO when sendmail cannot be run or fails. */
int xy_application_mail(const char *sendmail, const char *email, int64_t id, const char *code, int64_t expires,
                        struct xy_error *err);

/* Parses an activation code as typed: "<id>-XXXX-XXXX-XXXX-XXXX", hyphens and spaces anywhere after
 * the id, either case, and Crockford's readings of I, L (1) and O (0). OUT: *id, secret (its
 * XY_ACTIVATION_SECRET_CHARS characters of Crockford's base32, upper case). Returns 0, or -1 when
 * malformed (*id then 0). */
#define XY_ACTIVATION_SECRET_CHARS 16
int xy_activation_code_parse(const char *code, int64_t *id, char secret[XY_ACTIVATION_SECRET_CHARS]);

struct xy_activation_req {
    const char *code;     /* the activation code as given */
    const char *name;     /* the sign-in name chosen (xy_account_name_check) */
    const char *password; /* XY_PASSWORD_MIN to XY_PASSWORD_MAX bytes */
    const char *client;   /* the client's address */
};

/* Uses an activation code: throttled per application and per address as sign-ins are
 * (XY_EBUSY with *retry_after); a code that is unknown, used, expired or of an application not
 * approved is XY_EDENIED, one message for all, and counted. A right one makes the subject (when the
 * platform does not know it yet), its account with its key row of role subject, and spends the
 * code: it works once. Audited. XY_EINVAL (bad name or password: the code is not spent), XY_EEXIST
 * (the name is taken: the code is not spent). */
int xy_application_activate(struct xy_app *app, const struct xy_activation_req *rq, int *retry_after,
                            struct xy_error *err);

#endif
