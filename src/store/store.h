/* SPDX-License-Identifier: Apache-2.0 */
/* The storage interface: what the use cases in src/app need from a database, as a struct of
 * function pointers (one back end per file: store/sqlite, later store/pg). Only back-end files see
 * sqlite3.h or libpq-fe.h. Strings returned through callbacks are borrowed for the call only. One file
 * on purpose, however long: the whole contract a back end must keep, each operation with its rules. */
#ifndef XY_STORE_H
#define XY_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "common/xy_error.h"
#include "core/catalog.h"
#include "core/monitor.h"
#include "core/conversion.h"
#include "core/publicity.h"

struct xy_store;

/* A subject as the import resolves it: exactly one key is set. */
struct xy_subject_key {
    const char *kind;        /* "org", "individual_business", "person" */
    const char *uscc;        /* organisations and coded individual businesses */
    const char *regno;       /* individual businesses with the placeholder code */
    const uint8_t *id_hash;  /* persons: keyed hash of "<type>:<number>", 32 bytes */
    const uint8_t *id_sealed; /* persons: the sealed number, stored on creation */
    size_t id_sealed_len;
    const char *id_masked;
};

struct xy_subject_row {
    int64_t id;
    const char *kind;
    const char *name;
    const char *uscc;  /* NULL when none */
    const char *regno;
    const char *opaque;
    const char *id_masked;
    const uint8_t *id_sealed;
    size_t id_sealed_len;
    const char *created_at;
    const char *updated_at;
    double rank; /* search only: lower is better */
};

struct xy_record_row {
    int64_t id;
    const char *cls;
    int64_t dept_id;
    const char *dept_uscc; /* reads only */
    const char *dept_name; /* reads only */
    const char *doc_no;
    int version;
    int is_current; /* reads only: 1 for the current version */
    int64_t subject_id;
    int64_t batch_id;
    long row_no;
    const char *status;
    const char *decision_date; /* YYYY-MM-DD or NULL */
    const char *valid_to;
    const char *min_until;
    const char *public_until;
    const char *severity;
    const char *sector;
    int64_t amount_fen;
    unsigned flags;
    const uint8_t *hash; /* 16 bytes */
    const uint8_t *rep_hash; /* 32 bytes: keyed hash of the legal representative's ID, or NULL */
    const char *fields;  /* JSON object text */
    const uint8_t *sealed;
    size_t sealed_len;
    const char *created_at;
    int64_t objection_id; /* reads only: the accepted objection marking it (异议中), else 0 */
    /* writes only: the decision numbers a list entry cites, each NUL-terminated (cites_len bytes in
     * all; NULL when none), and the department that decided them (NULL: not said) */
    const char *cites;
    size_t cites_len;
    const char *cites_dept;
    const char *subject_opaque; /* reads only, records_browse: the subject's public id (opaque) */
    const char *upper; /* the list source above this version came from (a national list), NULL: the city's */
};

/* What records_browse narrows by; each NULL when not wanted. */
struct xy_browse_filter {
    const char *dept_uscc; /* the deciding department's code */
    const char *region;    /* 6 digits: positions 3-8 of the subject's USCC */
    const char *from;      /* decision dates, YYYY-MM-DD, inclusive */
    const char *to;
    const char *before_date; /* the cursor: records strictly before (before_date, before_id) */
    int64_t before_id;
};

struct xy_batch_row {
    int64_t id;
    int64_t dept_id;
    const char *cls;
    const char *source;
    const char *format;
    const char *encoding;
    long rows, accepted, rejected, added, updated, unchanged;
    const char *started_at;
    const char *finished_at;
};

/* An API key: only the hash of its secret is stored. */
struct xy_key_row {
    int64_t id;
    const char *role;      /* "department", "approval", "subject", "office", "auditor" */
    int64_t dept_id;       /* department keys, else 0 */
    const char *dept_uscc; /* reads only */
    int64_t subject_id;    /* subject keys, else 0 */
    int64_t querier_id;    /* querier keys registered to a directory entry, else 0 */
    const char *name;
    const uint8_t *hash;   /* 32 bytes */
    const char *created_at;
    const char *revoked_at; /* NULL while valid */
};

/* A staff account (accounts.c in the app). It owns one key row (key_id) that carries its role,
 * department and name; the key's secret is never issued. */
struct xy_account_row {
    int64_t id;
    const char *name;          /* the sign-in name, unique */
    int64_t key_id;
    const char *pw_hash;       /* crypto_pwhash_str's text (argon2id, its parameters and salt) */
    const uint8_t *totp_sealed; /* the TOTP secret sealed with the platform key, or NULL */
    size_t totp_len;
    int totp_active;           /* 1 once confirmed with a code; a pending secret has 0 */
    int64_t totp_step;         /* the last 30-second step a code was accepted for (no replay) */
    const char *created_at;
    const char *disabled_at;   /* NULL while enabled */
    /* reads only, from the key row: */
    const char *role;
    const char *dept_uscc;
    const char *key_revoked_at;
};

/* A signed-in session, found by the hash of its token; times in Unix seconds. */
struct xy_session_row {
    int64_t account_id;
    int64_t created;
    int64_t seen;
};

typedef int (*xy_account_cb)(void *ctx, const struct xy_account_row *a);

/* One entry of the hash-chained audit log. */
struct xy_audit_row {
    int64_t seq;          /* 1, 2, ... */
    const char *at;       /* ISO 8601 UTC */
    int64_t key_id;       /* 0 for the local operator (CLI) */
    const char *role;
    const char *action;   /* "batch.submit", "key.create", "record.read_private", ... */
    const char *object;   /* "batch/12", "key/3", "subject/p0123..." */
    const char *detail;   /* short JSON text or NULL */
    const uint8_t *prev;  /* 32 bytes: the previous entry's hash (zeros for the first) */
    const uint8_t *hash;  /* 32 bytes */
    const char *key_name; /* audit_scan only: the name of key key_id (an account's name), or NULL */
};

struct xy_reject_row {
    long seq;
    long row;
    const char *field;
    const char *value;
    const char *code;
    const char *reason;
};

/* Joint reward and punishment rows. */
struct xy_memo_row {
    int64_t id;
    const char *doc_no;
    int version;
    const char *title;
    const char *signed_on;
    const char *signers; /* JSON array text */
    const char *target_class;
    const char *target_domain;
    const char *body; /* the memorandum as loaded (JSON text) */
    const char *loaded_at;
};

struct xy_measure_row {
    int64_t id;
    int64_t memo_id;
    const char *memo_doc_no; /* reads only */
    const char *memo_title;  /* reads only */
    const char *target_class;  /* reads only */
    const char *target_domain; /* reads only */
    const char *code;
    const char *kind;
    const char *action;
    const char *text;
    const char *legal_basis;
    const char *depts;   /* JSON array text */
    const char *matters; /* JSON array text */
    const char *valid_from;
    const char *valid_to;
};

struct xy_check_row {
    int64_t id;
    const char *at;
    int64_t key_id;
    const char *dept_uscc;
    const char *matter;
    int64_t subject_id; /* 0 when the subject is unknown to the platform */
    int hits;
    const char *answer; /* JSON text */
    const char *feedback_due;
    char *mem; /* check_get: holds the strings above; the caller frees it (xy_free) */
};

struct xy_case_row {
    int64_t id;
    const char *title;
    const char *summary;
    const char *published_at;
    const char *kind;   /* reward or punish */
    const char *action;
    const char *measure_text;
    const char *legal_basis;
    const char *memo_doc_no;
    const char *memo_title;
    const char *dept_uscc;     /* the department that applied it */
    const char *matter;
    const char *subject_kind;
    const char *subject_name;
    const char *subject_uscc;
    const char *applied_at;
    const char *outcome;
};

/* An objection (异议) or a repair application (信用修复): a subject's claim against one record. */
struct xy_claim_row {
    int64_t id;
    const char *kind; /* "objection" or "repair" */
    int64_t record_id;
    int64_t subject_id;
    int64_t dept_id;             /* the source department, which decides */
    const char *dept_uscc;       /* reads only */
    const char *dept_name;       /* reads only */
    const char *record_class;    /* reads only */
    const char *record_doc_no;   /* reads only */
    const char *subject_name;    /* reads only */
    const char *subject_opaque;  /* reads only */
    int64_t filed_by;            /* key id; 0 for the local operator */
    const char *filed_role;
    const char *text;            /* the grounds, or the text of the repair commitment */
    const char *signer;          /* repair: who signed the commitment */
    const char *state;
    int extended;
    const char *due;             /* the present step's time limit (YYYY-MM-DD), NULL once over */
    const char *decision;        /* objection: correct, delete or uphold */
    const char *reason;
    const char *fields;          /* objection: the corrected fields (JSON object text) */
    int64_t result_record;       /* the version the correction created */
    const char *filed_at;
    const char *updated_at;
};

/* Which claims to list: each filter 0 / NULL when not wanted; due_before lists the open ones whose
 * time limit ended before that day (overdue). Pages go by id after `after`, oldest first. */
struct xy_claim_filter {
    const char *kind;
    int64_t subject_id;
    int64_t dept_id;
    const char *state;
    const char *due_before;
    int64_t after;
    int limit;
};

struct xy_claim_step_row {
    int seq;
    const char *at;
    const char *action;
    const char *state;
    int64_t key_id;
    const char *role;
    const char *note;
    const char *due;
};

struct xy_file_row {
    int seq;
    const char *name;
    const char *media_type;
    int64_t size;
    const uint8_t *sha256; /* 32 bytes */
    const void *data;      /* file_get only */
    const char *role;      /* application files only: "licence", "authorisation", "id_scan" */
};

/* A subject's application for an account (app/application.h). */
struct xy_application_row {
    int64_t id;
    const char *kind;      /* "org" or "person" */
    const char *uscc;      /* org */
    const uint8_t *id_hash; /* person: the blind index of "01:<number>", 32 bytes */
    const uint8_t *id_sealed; /* person: the number sealed with the platform key */
    size_t id_sealed_len;
    const char *id_masked; /* person */
    const char *name, *legal_rep, *contact, *phone, *email;
    const char *state;     /* pending, approved, refused, activated */
    const char *reason;    /* refused: why */
    const char *created_at, *decided_at, *decided_by, *activated_at;
    const uint8_t *code_hash; /* approved: BLAKE2b-256 of the activation code's secret, else NULL */
    int64_t code_expires;  /* Unix seconds */
    int64_t account_id;
    int nfiles;            /* reads only */
};
typedef int (*xy_application_cb)(void *ctx, const struct xy_application_row *a);

/* A subject's consent (授权) that a querier's key reads named non-public classes for a purpose. */
struct xy_consent_row {
    int64_t id;
    int64_t subject_id;
    int64_t querier_key;      /* a grant to a bare key (before the directory), else 0 */
    int64_t querier_id;       /* a grant to a directory entry (struct xy_querier_row), else 0 */
    const char *querier_name; /* reads only: the entry's name, or the key's */
    const char *querier_role; /* reads only: the key's role, NULL for an entry */
    const char *querier_uscc; /* reads only: the entry's code */
    const char *querier_disabled_at; /* reads only: when the entry was disabled, else NULL */
    const char *classes;      /* JSON array text */
    const char *purpose;
    const char *until;        /* last day, YYYY-MM-DD */
    const char *created_at;
    const char *revoked_at;
};

/* One read of a subject's non-public data, for its access history. */
struct xy_access_row {
    int64_t id;
    const char *at;
    int64_t key_id;
    const char *key_name; /* reads only */
    const char *role;
    const char *dept_uscc;
    const char *purpose;
    const char *object;
    int64_t grant_id;
};

/* One entry of the change feed for upper platforms. */
struct xy_change_row {
    int64_t seq;
    const char *at;
    const char *kind;   /* record.expired, record.withdrawn, record.corrected, record.repaired, ... */
    int64_t record_id;
    int64_t subject_id;
    const char *subject_uscc;   /* reads only: NULL for persons and when none */
    const char *subject_opaque; /* reads only */
    const char *cls;
    const char *detail; /* JSON text or NULL */
};

/* One credit report in the register (公共信用信息报告). */
struct xy_report_row {
    const char *number;   /* 4201 + YYYYMMDD + six-digit sequence */
    const char *day;      /* YYYY-MM-DD, Beijing time */
    int seq;
    int64_t subject_id;
    const char *kind;     /* "org" or "person" */
    const char *edition;  /* "public" or "authorised" */
    const char *format;   /* "pdf" or "json" */
    const char *purpose;  /* 用途, NULL when none given */
    int64_t key_id;       /* the requester's key; 0 the public or the local operator */
    const char *role;
    const char *dept_uscc;
    const char *requester; /* the name printed on the report, NULL for public editions */
    int64_t grant_id;
    const char *issued_at;
    int pages;
    const uint8_t *json_sm3;   /* 32 bytes */
    const uint8_t *pdf_sha256; /* 32 bytes, NULL for a JSON issue */
    int64_t pdf_size;
    const uint8_t *signature;
    size_t signature_len;
    /* reads only: the subject as the register shows it */
    const char *subject_name;
    const char *subject_uscc;
    const char *subject_opaque;
    const char *subject_id_masked;
};
typedef int (*xy_report_cb)(void *ctx, const struct xy_report_row *r);

/* Exchange with upper platforms (store_sqlite_exchange.c): a destination this platform pushes to,
 * with its cursor in the change log (acked_seq, acked_part: see migration 20). */
struct xy_dest_row {
    int64_t id;
    const char *name;
    const char *url;
    const char *source;  /* the name this platform goes by at the destination (its key's name there) */
    const char *key;     /* reads only: a bearer key kept in clear before migration 30, else "" */
    const uint8_t *key_sealed; /* the bearer key the destination gave this platform, sealed */
    size_t key_sealed_len;
    const uint8_t *sign_sealed; /* the Ed25519 secret key that signs its batches, sealed */
    size_t sign_sealed_len;
    const char *sign_pub;       /* the public key, base64 (NULL before migration 30's first use) */
    const char *classes; /* JSON array of class names; [] for every class */
    int enabled;
    const char *created_at;
    int64_t acked_seq, acked_part;
    const char *acked_at;
    int64_t failures; /* attempts failed since the last acknowledgement */
    const char *last_error, *last_error_at;
    int64_t backlog;       /* reads only: changes not yet acknowledged (a partly sent one counts) */
    const char *oldest_at; /* reads only: when the oldest of them was written, NULL when none */
};
typedef int (*xy_dest_cb)(void *ctx, const struct xy_dest_row *d);

/* Subscriptions (store_sqlite_subscription.c, docs/internals/SUBSCRIPTIONS.md): a querier's or a
 * department's webhook following named subjects, with its cursor in the change log like a
 * destination's (acked_seq, acked_part). */
struct xy_sub_row {
    int64_t id;
    int64_t key_id;          /* the subscriber's key */
    const char *role;        /* querier or department */
    const char *url;
    const uint8_t *secret;   /* the HMAC key, sealed (XY_SEAL_OVERHEAD + 32 bytes) */
    size_t secret_len;
    const char *created_at;
    const char *ended_at, *ended_reason;
    int64_t acked_seq, acked_part;
    const char *acked_at;
    int64_t delivered;       /* notifications acknowledged */
    int64_t failures;
    const char *last_error, *last_error_at;
    int64_t subjects;        /* reads only: subjects followed */
    int64_t backlog;         /* reads only: changes after the cursor */
};
typedef int (*xy_sub_cb)(void *ctx, const struct xy_sub_row *s);

/* A record a subscription follows (its subject is followed), with the grant it follows it under
 * (consent_id 0: a department's follow) and that grant's state now. */
struct xy_sub_hit {
    const struct xy_record_row *r;
    int64_t consent_id;
    const char *classes, *until, *revoked_at, *querier_disabled_at; /* the grant's, NULL without one */
    int64_t querier_key, querier_id, grant_subject;
    const char *subject_opaque, *subject_uscc;
    const char *subject_masked; /* a person's ID number as masked on the subject, else NULL */
};
typedef int (*xy_sub_hit_cb)(void *ctx, const struct xy_sub_hit *h);

/* Which records are list entries in force: the catalogue's list classes and the statuses that keep an
 * entry in force (core/publicity.h), each list NULL-terminated. */
struct xy_list_filter {
    const char *classes[XY_LIST_CLASSES_MAX + 1];
    const char *statuses[3];
};

typedef int (*xy_claim_cb)(void *ctx, const struct xy_claim_row *c);
typedef int (*xy_step_cb)(void *ctx, const struct xy_claim_step_row *s);
typedef int (*xy_file_cb)(void *ctx, const struct xy_file_row *f);
typedef int (*xy_consent_cb)(void *ctx, const struct xy_consent_row *c);

/* An entry of the directory of queriers (查询机构名录): a bank or credit service agency (信用服务机构)
 * registered by the office. */
struct xy_querier_row {
    int64_t id;
    const char *uscc, *name;
    const char *kind; /* bank, credit_agency, other */
    const char *licence;
    const char *created_at, *disabled_at;
};
typedef int (*xy_querier_cb)(void *ctx, const struct xy_querier_row *q);
typedef int (*xy_access_cb)(void *ctx, const struct xy_access_row *a);
typedef int (*xy_change_cb)(void *ctx, const struct xy_change_row *c);

/* Credit evaluation (公共信用综合评价). What a model reads: the subjects with after < id <= upto, each
 * with the records of the given classes that are current and in force, left-joined (a subject with
 * none comes once, record_id 0), in subject order; the values of up to XY_STORE_EVAL_KEYS code fields
 * each named by (class, field key) in the record's fields. With `one` and stored_by (a time stamp), the
 * subject as it stood then: each of its records in the version current then (the highest stored at
 * or before stored_by), counted when its status then was one of `statuses`: the status it has now,
 * unless a change entry (change_add) of kind record.withdrawn, record.repaired or record.expired for
 * that record is dated after stored_by, in which case it was still in force. (A record whose newer
 * version moved to another subject is not seen in the replay of its old one.) Without `one`,
 * stored_by is ignored. */
#define XY_STORE_EVAL_CLASSES 8
#define XY_STORE_EVAL_KEYS 8
#define XY_STORE_EVAL_STATUSES 4
struct xy_eval_scan {
    int64_t after, upto;
    int64_t one; /* when not 0: this subject only (after and upto are ignored) */
    const char *classes[XY_STORE_EVAL_CLASSES];
    size_t nclasses;
    const char *const *statuses; /* NULL-terminated, at most XY_STORE_EVAL_STATUSES */
    const char *key_class[XY_STORE_EVAL_KEYS], *key_field[XY_STORE_EVAL_KEYS];
    size_t nkeys;
    const char *stored_by;
};
struct xy_eval_row {
    int64_t subject_id;
    const char *kind;
    int64_t record_id; /* 0: the subject has no record the scan reads */
    const char *cls, *decision_date, *valid_to, *public_until;
    int64_t amount_fen;
    const char *keys[XY_STORE_EVAL_KEYS];
};
/* A subject's stored grade. region and category come from its USCC (division code, positions 3-8;
 * registering authority and category, positions 1-2); NULL for persons. */
struct xy_eval_result_row {
    int64_t subject_id;
    const char *kind, *region, *category; /* reads only */
    const char *model_version, *as_of, *grade;
    int64_t score; /* hundredths */
    const char *items; /* the explanation, JSON */
    const char *name, *uscc, *opaque; /* reads only */
};
typedef int (*xy_eval_row_cb)(void *ctx, const struct xy_eval_row *r);
typedef int (*xy_eval_result_cb)(void *ctx, const struct xy_eval_result_row *r);
typedef int (*xy_eval_model_cb)(void *ctx, const char *version, const char *applies_from, const char *body,
                                const char *loaded_at, const char *loaded_by);
typedef int (*xy_eval_count_cb)(void *ctx, const char *grade, const char *region, const char *category,
                                const char *kind, int64_t n);
typedef int (*xy_day_cb)(void *ctx, const char *day, const char *kind, const char *name_zh, const char *name_en);

/* Monitoring (store_sqlite_monitor.c). A department as a reporting unit: region and level NULL
 * until the office sets them, plan its collection catalogue (JSON text) or NULL. */
struct xy_unit_row {
    int64_t id;
    const char *uscc, *name, *region, *level, *plan;
};
/* A month the office closed or reopened: figures (JSON text) and the rules and parameters that made
 * them; state "closed" or "open" (reopened, figures kept from the last close until the next). */
struct xy_month_row {
    const char *month; /* YYYY-MM */
    const char *state;
    const char *rules, *params, *figures;
    const char *closed_at;
    int64_t closed_by;
    int reopened; /* times reopened */
};
/* A figure a department entered (category 4, 9-12), by item. */
struct xy_entry_row {
    const char *month;
    int category;
    int64_t dept_id;
    const char *dept_uscc; /* reads only */
    const char *item, *body, *entered_at;
    int64_t key_id;
    const char *role;
};
/* What one month's facts are read by: the UTC bounds [from, to), the month's last day (Beijing),
 * the list classes, the statuses that keep an entry in force and the change kinds that end one,
 * each NULL-terminated (at most 8). */
struct xy_mon_scan {
    const char *from, *to, *last_day;
    const char *const *list_classes;
    const char *const *in_force;
    const char *const *exit_kinds;
    int no_records; /* mon_facts: leave out XY_MF_RECORD (the caller takes them from the aggregates) */
};
typedef int (*xy_unit_cb)(void *ctx, const struct xy_unit_row *u);
typedef int (*xy_month_cb)(void *ctx, const struct xy_month_row *m);
typedef int (*xy_entry_cb)(void *ctx, const struct xy_entry_row *e);
typedef int (*xy_decl_cb)(void *ctx, const char *dept_uscc, const char *body, const char *declared_at);
typedef int (*xy_mon_fact_cb)(void *ctx, const struct xy_mon_fact *f);
/* The code conversion register (store_sqlite_conversion.c): one entity of a department's list, keyed
 * within it by ident (the registration number, else the organisation code with the name). */
struct xy_conv_put {
    int64_t dept_id;
    const char *ident, *authority, *orgcode, *regno, *name, *registered, *uscc; /* NULL when none */
};
typedef int (*xy_conv_cb)(void *ctx, const struct xy_conv_entity *e);
typedef int (*xy_extra_cb)(void *ctx, const char *body, const char *set_at);
typedef int (*xy_arrival_cb)(void *ctx, const char *dept_uscc, const char *cls, const char *hour, int64_t n);
/* Who a month's credit report coverage is over: subjects with a black-list entry in force at the
 * month's end (to, last_day, black_classes, in_force, exit_kinds as struct xy_mon_scan) or a stored
 * grade poor_grade; reported: a report issued in [from12, to). */
struct xy_cov_scan {
    const char *to, *last_day, *from12, *poor_grade;
    const char *const *black_classes;
    const char *const *in_force;
    const char *const *exit_kinds;
};
typedef int (*xy_cov_cb)(void *ctx, const char *region, int black, int poor, int reported);

/* Supervision (store_sqlite_supervision.c, docs/internals/SUPERVISION.md). A department's activity:
 * when it was registered and when its last batch finished (NULL when none). */
struct xy_sup_activity {
    int64_t dept_id;
    const char *uscc, *name, *created_at, *last_batch;
};
/* What is overdue on a day: objections in obj_state and repairs in rep_state whose due day is before
 * today, and checks whose feedback is due before today and has none. The states are the caller's. */
struct xy_sup_overdue_q {
    const char *today, *obj_state, *rep_state;
};
struct xy_sup_overdue {
    const char *kind; /* "objection", "repair", "feedback" */
    int64_t id, dept_id;
    const char *dept_uscc, *due, *at; /* at: filed or asked (UTC stamp) */
};
/* A notice (督办). Strings NULL when not set. */
struct xy_sup_row {
    int64_t id;
    const char *rule;
    int64_t dept_id;
    const char *dept_uscc, *dept_name; /* reads only */
    const char *period, *subject, *facts, *state;
    int level;
    const char *number, *raised_at, *reviewed_at;
    int64_t reviewed_by;
    const char *reason, *sent_at, *due, *escalated_at, *updated_at;
};
/* Which notices sup_list gives: of one department (dept_id > 0) or all, in one of states (NULL-
 * terminated, at most 6; NULL: any), due before due_before, sent in [sent_from, sent_to), with
 * id > after; by id, at most limit (0: all). Members left 0/NULL do not narrow. */
struct xy_sup_filter {
    int64_t dept_id;
    const char *const *states;
    const char *due_before, *sent_from, *sent_to;
    int64_t after;
    int limit;
};
struct xy_sup_answer_row {
    int64_t notice_id;
    int seq;
    const char *at;
    int64_t key_id;
    const char *role, *text, *verdict, *verdict_note, *verdict_at;
};
struct xy_sup_file_row {
    int64_t notice_id;
    int answer_seq, seq;
    const char *name, *media_type;
    int64_t size;
    const uint8_t *sha256; /* 32 bytes */
    const void *data;      /* reads: NULL unless the one file was asked for */
};
typedef int (*xy_sup_activity_cb)(void *ctx, const struct xy_sup_activity *a);
typedef int (*xy_sup_overdue_cb)(void *ctx, const struct xy_sup_overdue *o);
typedef int (*xy_sup_cb)(void *ctx, const struct xy_sup_row *n);
typedef int (*xy_sup_answer_cb)(void *ctx, const struct xy_sup_answer_row *a);
typedef int (*xy_sup_file_cb)(void *ctx, const struct xy_sup_file_row *f);
/* Dashboards' aggregates (migration 25): one count of a metric for a Beijing day "YYYY-MM-DD"
 * (mon_day) or a month "YYYY-MM" (mon_month), of a department (code, "" for the platform) and a
 * class ("" when none). region: the department's district, filled on reads of months. */
struct xy_mon_agg_row {
    const char *period, *dept, *region, *cls, *metric;
    int64_t n;
};
typedef int (*xy_mon_agg_cb)(void *ctx, const struct xy_mon_agg_row *r);
/* A page behind a dashboard rate: a department's late records of one class first stored in
 * [from, to) (late against mon_cutoff), or its rejected rows of one class in batches finished
 * then. Keyset: late after (after_at, after_a) = (stored at, record id); rejected after
 * (after_a, after_b) = (batch, sequence); after_at NULL and zeros start at the beginning. */
struct xy_mon_drill {
    int rejected;
    int64_t dept_id;
    const char *cls, *from, *to, *after_at;
    int64_t after_a, after_b;
    int limit;
};
struct xy_mon_drill_row {
    int64_t a, b;                               /* record id and 0, or batch id and sequence */
    const char *cls, *at;                       /* stored at, or the batch's end */
    const char *doc_no, *decision_date, *subject; /* late: number, decision day, subject's public id */
    int64_t row_no;
    const char *field, *value, *code, *reason;  /* rejected */
};
typedef int (*xy_mon_drill_cb)(void *ctx, const struct xy_mon_drill_row *r);

typedef int (*xy_case_cb)(void *ctx, const struct xy_case_row *c);
typedef int (*xy_measure_cb)(void *ctx, const struct xy_measure_row *m);
typedef int (*xy_stat_cb)(void *ctx, const char *metric, const char *key, int64_t value);
typedef int (*xy_reject_cb)(void *ctx, const struct xy_reject_row *r);
typedef int (*xy_key_cb)(void *ctx, const struct xy_key_row *k);
typedef int (*xy_audit_cb)(void *ctx, const struct xy_audit_row *a);
struct xy_batch_row;
typedef int (*xy_batch_cb)(void *ctx, const struct xy_batch_row *b, const char *dept_uscc);
typedef int (*xy_subject_cb)(void *ctx, const struct xy_subject_row *s);
typedef int (*xy_record_cb)(void *ctx, const struct xy_record_row *r);

/* What records_scan narrows to; every filter NULL when not wanted. Decision dates are YYYY-MM-DD,
 * inclusive (a record with none is left out when from or to is given). */
struct xy_record_scan {
    const char *cls;       /* required */
    const char *from, *to; /* decision dates */
    const char *dept_uscc; /* the department that submitted it */
    const char *source;    /* the lower platform the current version came from (record_source) */
    const char *status;
    const char *upper;     /* the list source above the current version came from (record.upper) */
};

/* Controls that a back end may offer beyond the contract, each of which may be NULL (and the whole
 * struct may be absent): the app and the server work without them, only slower or with less
 * caching. They tune one connection and change no data. */
struct xy_store_caps {
    /* Copies committed pages from the log into the database where no reader needs them any more,
     * without waiting for or blocking anyone (SQLite: a PASSIVE WAL checkpoint); wal_pages and copied
     * (either may be NULL) say how far it got. */
    int (*checkpoint)(struct xy_store *st, int *wal_pages, int *copied, struct xy_error *err);
    /* The log size in pages at which a commit on this connection checkpoints before it returns
     * (SQLite's default: 1,000; 0 never). */
    void (*autocheckpoint)(struct xy_store *st, int pages);
    /* Durability of the next transaction begun on this connection (later ones are full again):
     * 1 (default) syncs its commit, so it survives power loss; 0 survives a crash of the process but
     * may be lost on power loss, for logs whose loss is tolerable (checks). Without this capability
     * every transaction is fully durable. */
    int (*durable)(struct xy_store *st, int full, struct xy_error *err);
    /* A number that changes whenever another connection commits to the database (this process's
     * writer or another program): a reader's caches are valid while it stays the same. Without it,
     * answers are not cached across requests. */
    int (*data_version)(struct xy_store *st, int64_t *v, struct xy_error *err);
    /* Backups (app/backup.h). Writes a copy of the whole database as of one committed moment to the
     * new file `path` while other connections go on reading and writing (SQLite: the online backup
     * API from a read snapshot); the copy is synced, readable by its owner only, and one file (no log
     * beside it). XY_EEXIST when path exists; on any error nothing is left at path. */
    int (*backup)(struct xy_store *st, const char *path, struct xy_error *err);
    /* Checks the stored structure (SQLite: PRAGMA integrity_check): XY_ECORRUPT naming the first
     * problem when damaged. */
    int (*integrity)(struct xy_store *st, struct xy_error *err);
    /* Folds the log into the database file and leaves none beside it, so that the file alone is the
     * whole database (the next open goes back to the log). XY_EBUSY while another connection has it. */
    int (*standalone)(struct xy_store *st, struct xy_error *err);
    /* Read replicas (docs/deploy/postgres-ha.md): how far the database server this connection reads
     * from has come in its write-ahead log, as a byte position that only grows. On a primary, the end
     * of the log inserted (after a commit on any connection: at or past that commit); on a streaming
     * replica, the end of the log replayed. A replica whose position is at or past a primary's shows
     * everything committed there before. */
    int (*log_position)(struct xy_store *st, uint64_t *pos, struct xy_error *err);
};

/* An article (政策法规 policy, 信用动态 news, 典型案例 case) or a repair-training course (kind "course",
 * with its quiz as JSON). body is Markdown; nfiles is filled on reads. */
struct xy_article_row {
    int64_t id;
    const char *kind, *title, *summary, *body, *state, *publish_date, *quiz;
    int64_t key_id;
    const char *created_at, *updated_at;
    int nfiles;
};
/* What articles_page narrows by: kind and state exactly, published on or before `until`, q a
 * substring of title, summary or body (each NULL when not wanted); newest first by publish date then
 * id (drafts, without a date, last), after the cursor (before_date, before_id) when before_id > 0. */
struct xy_article_filter {
    const char *kind, *state, *until, *q;
    const char *before_date;
    int64_t before_id;
};
typedef int (*xy_article_cb)(void *ctx, const struct xy_article_row *a);
/* A training attempt: a subject's answers to a course's quiz as scored; a pass has a certificate. */
struct xy_training_row {
    int64_t id, course_id, subject_id, key_id;
    const char *at;
    int score, total, passed;
    const char *cert_no;
    const char *course_title, *subject_name, *subject_opaque, *subject_kind; /* reads only */
};
typedef int (*xy_training_cb)(void *ctx, const struct xy_training_row *t);

/* Whole-database copy (app/migrate.h, `xinyong migrate`): the schema's tables read and written
 * generically, by the names the back end's own catalogue gives. One value of a row: */
enum xy_value_type { XY_VALUE_NULL, XY_VALUE_INT, XY_VALUE_REAL, XY_VALUE_TEXT, XY_VALUE_BLOB };
struct xy_value {
    enum xy_value_type type;
    int64_t i;       /* XY_VALUE_INT */
    double r;        /* XY_VALUE_REAL */
    const void *p;   /* XY_VALUE_TEXT, XY_VALUE_BLOB: the bytes (text not NUL-terminated) */
    size_t len;
};
/* A table of the copy: `parent` NULL once per table, then once per table it references. */
typedef int (*xy_copy_table_cb)(void *ctx, const char *table, const char *parent);
/* A column: key is its position in the primary key (1, 2, ...), 0 when not part of it. */
typedef int (*xy_copy_column_cb)(void *ctx, const char *column, int key);
typedef int (*xy_copy_row_cb)(void *ctx, const struct xy_value *cells, int n);
typedef int (*xy_copy_name_cb)(void *ctx, const char *name);
/* A stored public answer: body NULL when the subject has no public page. */
typedef int (*xy_answer_cb)(void *ctx, const char *body, size_t len);

/* The contract every back end meets (tests/store runs the same cases against each):
 * - Every operation returns XY_OK or an error code with err (when not NULL) filled; on error nothing
 *   the operation wrote is left behind: either the caller's transaction is rolled back by the caller,
 *   or, outside a transaction, the statement had no effect.
 * - Writes happen inside begin/commit; rollback undoes all of them. Reads outside a transaction see
 *   committed data; read_begin/read_end give a run of reads one snapshot.
 * - Callbacks (xy_*_cb) get rows whose strings and blobs are borrowed for the call only. A callback
 *   returns 0 to go on and non-zero to stop early; stopping early is not an error (the operation
 *   returns XY_OK).
 * - Row structs passed in are borrowed for the call; the back end copies what it keeps. Results
 *   handed out through OUT pointers (char **body, check_get's mem) are the caller's, freed with
 *   xy_free().
 * - Times and days are passed in by the caller (the app's clock); a back end never reads the clock.
 * - The audit log's order is its seq: audit_last inside a write transaction holds the chain's head
 *   until that transaction ends, so that concurrent writers append one after another and never two
 *   entries with the same seq (SQLite: its single writer lock; a back end with concurrent writers
 *   locks the head row). audit_insert of a seq that exists fails with XY_EEXIST. */
struct xy_store_ops {
    const char *name;
    const struct xy_store_caps *caps; /* optional controls; NULL when the back end offers none */
    void (*close)(struct xy_store *st);
    /* Creates the schema or upgrades it to the newest migration; idempotent. */
    int (*migrate)(struct xy_store *st, int *from, int *to, struct xy_error *err);
    int (*begin)(struct xy_store *st, struct xy_error *err); /* a write transaction */
    int (*commit)(struct xy_store *st, struct xy_error *err);
    int (*rollback)(struct xy_store *st);
    /* One snapshot for a run of reads: every read between these sees the same data and the
     * connection locks the database once instead of once a statement. *began is 0 when a transaction
     * was already open (nothing to end); read_end takes it back. */
    int (*read_begin)(struct xy_store *st, int *began, struct xy_error *err);
    void (*read_end)(struct xy_store *st, int began);
    int (*catalog_put)(struct xy_store *st, const char *version, const char *body, const char *now,
                       struct xy_error *err);
    /* OUT: *body, caller frees with xy_free(). XY_ENOTFOUND when none loaded. */
    int (*catalog_get)(struct xy_store *st, char **body, struct xy_error *err);

    /* Registers a department at `now`. XY_EEXIST when the code is registered already (the name is then
     * updated; *id is the existing department's). */
    int (*dept_add)(struct xy_store *st, const char *uscc, const char *name, const char *now, int64_t *id,
                    struct xy_error *err);
    /* OUT: *id, name (copied into name[size]). XY_ENOTFOUND when unknown. */
    int (*dept_get)(struct xy_store *st, const char *uscc, int64_t *id, char *name, size_t size,
                    struct xy_error *err);

    int (*batch_add)(struct xy_store *st, const struct xy_batch_row *b, int64_t *id, struct xy_error *err);
    int (*batch_finish)(struct xy_store *st, const struct xy_batch_row *b, struct xy_error *err);
    int (*reject_add)(struct xy_store *st, int64_t batch, long seq, long row, const char *field,
                      const char *value, const char *code, const char *reason, struct xy_error *err);

    /* Finds or creates the subject. `name` is the name the record gives, `as_of` its decision date:
     * a new name on a record at least as recent as the last one becomes current, the old one kept in
     * the name history. OUT: *id, *name_differs (the name disagreed with the known one). */
    int (*subject_resolve)(struct xy_store *st, const struct xy_subject_key *key, const char *name,
                           const char *as_of, const char *now, int64_t *id, int *name_differs,
                           struct xy_error *err);

    /* The current version of (class, dept, doc_no). OUT: *id, *version, hash[16].
     * XY_ENOTFOUND when there is none. With doc_no NULL: whether the department holds any record of
     * the class (XY_OK, OUT unset) or none (XY_ENOTFOUND), so that an import of a class the department
     * never sent skips the lookup per row. */
    int (*record_current)(struct xy_store *st, const char *cls, int64_t dept_id, const char *doc_no,
                          int64_t *id, int *version, uint8_t hash[16], struct xy_error *err);
    /* Stores a new version; the previous current one (rec->version - 1) stops being current. */
    int (*record_put)(struct xy_store *st, const struct xy_record_row *rec, int64_t *id, struct xy_error *err);

    /* Name or code search, best first, at most `limit`, skipping the first `offset` hits; with
     * no_persons, natural persons are left out. */
    int (*search)(struct xy_store *st, const char *q, int offset, int limit, int no_persons, xy_subject_cb cb,
                  void *ctx, struct xy_error *err);
    /* Exactly one of uscc / id_hash / opaque set. XY_ENOTFOUND when unknown. */
    int (*subject_get)(struct xy_store *st, const char *uscc, const uint8_t *id_hash, const char *opaque,
                       xy_subject_cb cb, void *ctx, struct xy_error *err);
    /* Earlier names of a subject, oldest first (the callback gets name in s->name). */
    int (*subject_names)(struct xy_store *st, int64_t subject_id, xy_subject_cb cb, void *ctx,
                         struct xy_error *err);
    /* Current records of a subject, by class then decision date (newest first). */
    int (*subject_records)(struct xy_store *st, int64_t subject_id, xy_record_cb cb, void *ctx,
                           struct xy_error *err);
    /* All versions of a record key, oldest first. */
    int (*record_versions)(struct xy_store *st, const char *cls, int64_t dept_id, const char *doc_no,
                           xy_record_cb cb, void *ctx, struct xy_error *err);
    /* One batch (the callback's dept_uscc is NULL). XY_ENOTFOUND. */
    int (*batch_get)(struct xy_store *st, int64_t id, xy_batch_cb cb, void *ctx, struct xy_error *err);
    /* The rejects of a batch in order (the callback gets them as a struct xy_reject_row). */
    int (*batch_rejects)(struct xy_store *st, int64_t batch_id, xy_reject_cb cb, void *ctx, struct xy_error *err);

    /* Departments by code (the callback gets uscc in s->uscc, name in s->name). */
    int (*dept_list)(struct xy_store *st, xy_subject_cb cb, void *ctx, struct xy_error *err);
    /* Batches with id < before (0: from the newest), newest first, of one department (dept_id > 0) or
     * all; at most limit. The callback gets the class, source, format and times filled in. */
    int (*batch_list)(struct xy_store *st, int64_t dept_id, int64_t before, int limit, xy_batch_cb cb, void *ctx,
                      struct xy_error *err);

    /* One record, any version. XY_ENOTFOUND when there is none. */
    int (*record_get)(struct xy_store *st, int64_t id, xy_record_cb cb, void *ctx, struct xy_error *err);
    /* Current records of a class with id > after_id, by id, at most limit. With pub (the publicity
     * rule's filter, core/publicity.h), only those whose status is pub->status and whose public_until
     * is absent or on or after pub->day; NULL: all. */
    int (*records_by_class)(struct xy_store *st, const char *cls, const struct xy_public_filter *pub,
                            int64_t after_id, int limit, xy_record_cb cb, void *ctx, struct xy_error *err);
    /* As records_by_class with pub (required), narrowed by the deciding department's code, the region
     * of the subject's code (6 digits, positions 3-8 of its USCC) and decision dates from/to
     * (inclusive); each filter NULL when not wanted. */
    int (*records_filtered)(struct xy_store *st, const char *cls, const struct xy_public_filter *pub,
                            const char *dept_uscc, const char *region, const char *from, const char *to,
                            int64_t after_id, int limit, xy_record_cb cb, void *ctx, struct xy_error *err);
    /* Current records a department submitted (of one class, or all when cls is NULL), by id. */
    int (*records_by_dept)(struct xy_store *st, int64_t dept_id, const char *cls, int64_t after_id, int limit,
                           xy_record_cb cb, void *ctx, struct xy_error *err);
    /* The schema version of the database and the newest this program knows. */
    int (*schema)(struct xy_store *st, int *have, int *want, struct xy_error *err);
    /* Current records that pass pub's status and window, counted by class (the callback gets metric
     * "records" and the class; every class, whatever its scope: the caller keeps the public ones), and
     * subjects by kind (metric "subjects"). */
    int (*public_counts)(struct xy_store *st, const struct xy_public_filter *pub, xy_stat_cb cb, void *ctx,
                         struct xy_error *err);
    /* Reachability: a trivial query. */
    int (*ping)(struct xy_store *st, struct xy_error *err);

    /* API keys. key_get: XY_ENOTFOUND when unknown (revoked keys are returned, with revoked_at).
     * key_list: every key but those that staff accounts own (account_list lists those). */
    int (*key_add)(struct xy_store *st, const struct xy_key_row *k, int64_t *id, struct xy_error *err);
    int (*key_get)(struct xy_store *st, int64_t id, xy_key_cb cb, void *ctx, struct xy_error *err);
    int (*key_list)(struct xy_store *st, xy_key_cb cb, void *ctx, struct xy_error *err);
    /* XY_ENOTFOUND when there is no such key or it is revoked already. */
    int (*key_revoke)(struct xy_store *st, int64_t id, const char *at, struct xy_error *err);

    /* Joint reward and punishment (store_sqlite_jrp.c). */
    int (*matter_put)(struct xy_store *st, const char *code, const char *name, const char *dept_uscc,
                      struct xy_error *err);
    int (*matter_exists)(struct xy_store *st, const char *code); /* 1 or 0 */
    /* The department that handles a matter. OUT: dept ("" when the matter names none). XY_ENOTFOUND
     * when there is no such matter. */
    int (*matter_dept)(struct xy_store *st, const char *code, char dept[19], struct xy_error *err);
    /* A number that changes whenever a memorandum, a measure or a calendar day does (so what
     * measures_current gives, and the working days a check's feedback is due in). */
    int (*policy_gen)(struct xy_store *st, int64_t *gen, struct xy_error *err);
    /* The matter catalogue by code (the callback gets code in s->uscc, name in s->name, the
     * department's code in s->regno). */
    int (*matters_list)(struct xy_store *st, xy_subject_cb cb, void *ctx, struct xy_error *err);
    /* The current version of a memorandum: OUT *id, *version, *body (caller frees). XY_ENOTFOUND. */
    int (*memo_current)(struct xy_store *st, const char *doc_no, int64_t *id, int *version, char **body,
                        struct xy_error *err);
    /* Stores a memorandum version (the previous one stops being current) and returns its id. */
    int (*memo_put)(struct xy_store *st, const struct xy_memo_row *m, int64_t *id, struct xy_error *err);
    int (*measure_put)(struct xy_store *st, const struct xy_measure_row *m, struct xy_error *err);
    /* Measures of the current memoranda aimed at a list class. */
    int (*measures_current)(struct xy_store *st, const char *target_class, xy_measure_cb cb, void *ctx,
                            struct xy_error *err);
    /* Current list entries of a subject (subject_id > 0) or naming a legal representative (rep_hash,
     * 32 bytes): records of one of f's classes in one of f's statuses, by id. */
    int (*list_entries)(struct xy_store *st, int64_t subject_id, const uint8_t *rep_hash,
                        const struct xy_list_filter *f, xy_record_cb cb, void *ctx, struct xy_error *err);
    int (*check_add)(struct xy_store *st, const struct xy_check_row *c, int64_t *id, struct xy_error *err);
    /* OUT: fields copied into out, its strings in out->mem, which the caller frees. XY_ENOTFOUND. */
    int (*check_get)(struct xy_store *st, int64_t id, struct xy_check_row *out, struct xy_error *err);
    /* XY_EEXIST when feedback for (check, measure) was given already. */
    int (*feedback_put)(struct xy_store *st, int64_t check_id, int64_t measure_id, int applied, const char *reason,
                        const char *outcome, const char *at, struct xy_error *err);
    /* One read of a subject's non-public data: by whom, under which grant (0: a legal role), why. */
    int (*access_add)(struct xy_store *st, int64_t subject_id, const char *at, int64_t key_id, const char *role,
                      const char *dept_uscc, const char *purpose, const char *object, int64_t grant_id,
                      struct xy_error *err);
    /* Publishes a case: only a measure applied on a check (per its feedback) can be one. XY_EINVAL
     * when there is no such applied measure, XY_EEXIST when published already. */
    int (*case_add)(struct xy_store *st, int64_t check_id, int64_t measure_id, const char *title, const char *summary,
                    const char *at, int64_t by, int64_t *id, struct xy_error *err);
    /* Published cases with id > after, newest last, at most limit. */
    int (*cases_page)(struct xy_store *st, int64_t after, int limit, xy_case_cb cb, void *ctx, struct xy_error *err);
    /* Figures of checks made in [from, to) (ISO dates): metric/key/value rows. */
    int (*jrp_stats)(struct xy_store *st, const char *from, const char *to, const char *now, xy_stat_cb cb,
                     void *ctx, struct xy_error *err);

    /* Rights of the subject (store_sqlite_rights.c). */
    int (*calendar_put)(struct xy_store *st, const char *day, const char *kind, const char *name_zh,
                        const char *name_en, struct xy_error *err);
    int (*calendar_scan)(struct xy_store *st, xy_day_cb cb, void *ctx, struct xy_error *err);
    int (*claim_add)(struct xy_store *st, const struct xy_claim_row *c, int64_t *id, struct xy_error *err);
    /* XY_ENOTFOUND when there is no such claim. */
    int (*claim_get)(struct xy_store *st, int64_t id, xy_claim_cb cb, void *ctx, struct xy_error *err);
    /* Writes state, extended, due, decision, reason, fields, result_record and updated_at. */
    int (*claim_update)(struct xy_store *st, const struct xy_claim_row *c, struct xy_error *err);
    int (*claims_page)(struct xy_store *st, const struct xy_claim_filter *f, xy_claim_cb cb, void *ctx,
                       struct xy_error *err);
    /* The id of an open claim (one with a running time limit) of this kind on the record, else 0. */
    int (*claim_open_on)(struct xy_store *st, const char *kind, int64_t record_id, int64_t *id,
                         struct xy_error *err);
    int (*claim_step_add)(struct xy_store *st, int64_t claim_id, const struct xy_claim_step_row *s,
                          struct xy_error *err);
    int (*claim_steps)(struct xy_store *st, int64_t claim_id, xy_step_cb cb, void *ctx, struct xy_error *err);
    int (*file_add)(struct xy_store *st, int64_t claim_id, const struct xy_file_row *f, struct xy_error *err);
    /* Files of a claim without their data (files_list), or one with it (file_get; XY_ENOTFOUND). */
    int (*files_list)(struct xy_store *st, int64_t claim_id, xy_file_cb cb, void *ctx, struct xy_error *err);
    int (*file_get)(struct xy_store *st, int64_t claim_id, int seq, xy_file_cb cb, void *ctx, struct xy_error *err);
    /* The current record's status ("published", "withdrawn", "repaired", "expired"); the mark of an
     * accepted objection on a record (new versions of the record inherit it). */
    int (*record_set_status)(struct xy_store *st, int64_t record_id, const char *status, struct xy_error *err);
    int (*record_mark)(struct xy_store *st, int64_t record_id, int64_t objection_id, struct xy_error *err);
    /* Lifts an objection's mark from every version that carries it (it follows new versions). */
    int (*objection_unmark)(struct xy_store *st, int64_t objection_id, struct xy_error *err);
    /* Current list entries of a subject, still published, that cite exactly the decision number doc_no
     * (record_put's cites) of a penalty decided by dept_uscc (entries that do not say which
     * department decided it match any). */
    int (*entries_citing)(struct xy_store *st, int64_t subject_id, const char *doc_no, const char *dept_uscc,
                          xy_record_cb cb, void *ctx, struct xy_error *err);
    /* Adds what a stored record cites (a migration's backfill; record_put writes them for new ones). */
    int (*cites_put)(struct xy_store *st, int64_t record_id, int64_t subject_id, const char *cites, size_t cites_len,
                     const char *cites_dept, struct xy_error *err);
    /* Marks at most `limit` of the current published records whose publicity ended before `today`
     * (those that ended first) as expired and writes one change entry each, at `now`. OUT: *n; fewer
     * than `limit` means none is left. */
    int (*expire_due)(struct xy_store *st, const char *today, const char *now, int limit, long *n,
                      struct xy_error *err);
    int (*change_add)(struct xy_store *st, const struct xy_change_row *c, struct xy_error *err);
    int (*changes_page)(struct xy_store *st, int64_t after, int limit, xy_change_cb cb, void *ctx,
                        struct xy_error *err);
    int (*consent_add)(struct xy_store *st, const struct xy_consent_row *c, int64_t *id, struct xy_error *err);
    int (*consent_get)(struct xy_store *st, int64_t id, xy_consent_cb cb, void *ctx, struct xy_error *err);
    /* A subject's grants (subject_id > 0), or those a querier key holds (querier_key > 0: given to
     * that key, or to the directory entry querier_id when it is > 0), newest first. */
    int (*consents_list)(struct xy_store *st, int64_t subject_id, int64_t querier_key, int64_t querier_id,
                         xy_consent_cb cb, void *ctx, struct xy_error *err);
    /* The directory of queriers. querier_add: XY_EEXIST when the code is registered already.
     * querier_get: by id (> 0) or code; XY_ENOTFOUND. queriers_list: by code, those whose name holds
     * `name` (NULL: all), disabled ones only with `all`, at most limit. querier_disable: XY_ENOTFOUND
     * when there is no such enabled entry. */
    int (*querier_add)(struct xy_store *st, const struct xy_querier_row *q, int64_t *id, struct xy_error *err);
    int (*querier_get)(struct xy_store *st, int64_t id, const char *uscc, xy_querier_cb cb, void *ctx,
                       struct xy_error *err);
    int (*queriers_list)(struct xy_store *st, const char *name, int all, int limit, xy_querier_cb cb, void *ctx,
                         struct xy_error *err);
    int (*querier_disable)(struct xy_store *st, int64_t id, const char *at, struct xy_error *err);
    /* XY_ENOTFOUND when there is no live grant of that id. */
    int (*consent_revoke)(struct xy_store *st, int64_t id, const char *at, struct xy_error *err);
    /* The public id (opaque) of a subject. XY_ENOTFOUND. */
    int (*subject_ref)(struct xy_store *st, int64_t subject_id, char opaque[24], struct xy_error *err);
    /* A subject's access history, newest first, entries with id < before (0: from the newest). */
    int (*access_list)(struct xy_store *st, int64_t subject_id, int64_t before, int limit, xy_access_cb cb,
                       void *ctx, struct xy_error *err);

    /* Evaluation models: put fails with XY_EEXIST when the version is stored already; models lists
     * them by applies_from, then version. */
    int (*eval_model_put)(struct xy_store *st, const char *version, const char *applies_from, const char *body,
                          const char *at, const char *by, struct xy_error *err);
    int (*eval_models)(struct xy_store *st, xy_eval_model_cb cb, void *ctx, struct xy_error *err);
    /* What a model reads (struct xy_eval_scan). */
    int (*eval_scan)(struct xy_store *st, const struct xy_eval_scan *q, xy_eval_row_cb cb, void *ctx,
                     struct xy_error *err);
    /* The highest subject id (0 when none). */
    int (*subject_max)(struct xy_store *st, int64_t *max, struct xy_error *err);
    /* Stores a subject's grade, replacing the one before, and clears its stale mark. */
    int (*eval_put)(struct xy_store *st, const struct xy_eval_result_row *r, struct xy_error *err);
    /* XY_ENOTFOUND when the subject has no stored grade. */
    int (*eval_get)(struct xy_store *st, int64_t subject_id, xy_eval_result_cb cb, void *ctx, struct xy_error *err);
    /* Stored grades filtered by grade, region and kind (each NULL: any), subject id > after, in id order. */
    int (*eval_list)(struct xy_store *st, const char *grade, const char *region, const char *kind, int64_t after,
                     int limit, xy_eval_result_cb cb, void *ctx, struct xy_error *err);
    /* The number of graded subjects per grade, region, category and kind. */
    int (*eval_counts)(struct xy_store *st, xy_eval_count_cb cb, void *ctx, struct xy_error *err);
    /* Subjects whose records changed since they were graded (a record stored, a status changed),
     * lowest id first, at most limit. OUT: ids[0..*n). */
    int (*eval_stale)(struct xy_store *st, int limit, int64_t *ids, size_t *n, struct xy_error *err);
    /* Marks stale the stored grades of subjects after < id <= upto that time may have moved: stamped
     * before `before` and either with reasons (whose points fade with age) or under another model
     * than `model_version`. A grade with no reasons under the same model stays. OUT: *n marked. */
    int (*eval_mark_faded)(struct xy_store *st, const char *before, const char *model_version, int64_t after,
                           int64_t upto, int64_t *n, struct xy_error *err);
    /* Stored public answers (app/answer.h; the triggers of migration 31 mark a subject stale in the
     * transaction of every write to what its answer is built from). answer_get: the stored answer
     * of the subject with this USCC or public id (exactly one set), when it was made by `made_by`,
     * the subject is not marked stale, and it holds on `day` (its valid_through absent or on or after
     * day); cb gets the body (NULL: no public page) and its length. XY_ENOTFOUND when there is no
     * such answer (the caller builds one). */
    int (*answer_get)(struct xy_store *st, const char *uscc, const char *opaque, const char *made_by,
                      const char *day, xy_answer_cb cb, void *ctx, struct xy_error *err);
    /* In a write transaction, before the answer is built (so that a write committed meanwhile marks
     * it again): clears the subject's stale mark. */
    int (*answer_unstale)(struct xy_store *st, int64_t subject_id, struct xy_error *err);
    /* Stores the subject's answer (body NULL: no public page), replacing the one before. */
    int (*answer_put)(struct xy_store *st, int64_t subject_id, const char *made_by, const char *valid_through,
                      const char *body, size_t len, struct xy_error *err);
    /* Removes the answer of a subject that no longer exists. */
    int (*answer_drop)(struct xy_store *st, int64_t subject_id, struct xy_error *err);
    /* Subjects marked stale, lowest id first, at most limit. OUT: ids[0..*n). */
    int (*answer_stale)(struct xy_store *st, int limit, int64_t *ids, size_t *n, struct xy_error *err);
    /* Marks stale every subject whose stored answer was made by another build than made_by or holds
     * no longer on `day` (valid_through before day). OUT: *n marked. */
    int (*answer_mark_old)(struct xy_store *st, const char *made_by, const char *day, int64_t *n,
                           struct xy_error *err);
    /* A batch import's marks, set-based: answer_defer, in the batch's write transaction, stops the
     * marks of inserts into subject, subject_name and record row by row (SQLite: the insert operations'
     * own marks; PostgreSQL: the insert triggers) until answer_mark_batch,
     * in the same transaction, marks stale every subject with a record of the batch (every subject the
     * import inserts, renames or gives a record; the batch's records have ids first..last, read by
     * the primary key: record has no index of its batch) and ends the deferral. Updates and deletes are
     * marked by their triggers as always; a rollback ends the deferral with the rest, and a commit
     * with marks still deferred is refused. */
    int (*answer_defer)(struct xy_store *st, struct xy_error *err);
    int (*answer_mark_batch)(struct xy_store *st, int64_t batch_id, int64_t first, int64_t last,
                             struct xy_error *err);
    /* The register of credit reports (store_sqlite_report.c). report_next_seq: the next sequence of a
     * day, reserved when the transaction it is taken in commits (or at once outside one): a sequence
     * once handed out is never handed out again, whether or not a report is added with it. */
    int (*report_next_seq)(struct xy_store *st, const char *day, int *seq, struct xy_error *err);
    /* XY_EEXIST when the number is taken. */
    int (*report_add)(struct xy_store *st, const struct xy_report_row *r, struct xy_error *err);
    /* XY_ENOTFOUND when no report has this number. */
    int (*report_get)(struct xy_store *st, const char *number, xy_report_cb cb, void *ctx, struct xy_error *err);
    /* Reports issued on the days from..to (inclusive, YYYY-MM-DD), counted: metric "kind", "edition",
     * "format", "purpose", "dept" (the requesting department's code, "" when none) and "total"
     * (key NULL), each with its key and count. */
    int (*report_stats)(struct xy_store *st, const char *from, const char *to, xy_stat_cb cb, void *ctx,
                        struct xy_error *err);

    /* Monitoring (store_sqlite_monitor.c). unit_set and plan_set: XY_ENOTFOUND when there is no such
     * department. units: every department by code. */
    int (*unit_set)(struct xy_store *st, int64_t dept_id, const char *region, const char *level, struct xy_error *err);
    int (*plan_set)(struct xy_store *st, int64_t dept_id, const char *body, const char *at, struct xy_error *err);
    int (*units)(struct xy_store *st, xy_unit_cb cb, void *ctx, struct xy_error *err);
    /* A department's declaration of a month, replacing the one before. */
    int (*declaration_put)(struct xy_store *st, int64_t dept_id, const char *month, const char *body, const char *at,
                           int64_t key_id, struct xy_error *err);
    /* The declarations of a month, of one department (dept_id > 0) or all, by department code. */
    int (*declarations)(struct xy_store *st, const char *month, int64_t dept_id, xy_decl_cb cb, void *ctx,
                        struct xy_error *err);
    /* An entered figure, replacing the one of the same (month, category, department, item). */
    int (*entry_put)(struct xy_store *st, const struct xy_entry_row *e, struct xy_error *err);
    /* The entered figures of a month, by category, department code and item. */
    int (*entries)(struct xy_store *st, const char *month, xy_entry_cb cb, void *ctx, struct xy_error *err);
    /* A month's stored state. XY_ENOTFOUND when it was never closed. */
    int (*month_get)(struct xy_store *st, const char *month, xy_month_cb cb, void *ctx, struct xy_error *err);
    /* Writes a month's row whole (insert or replace). */
    int (*month_put)(struct xy_store *st, const struct xy_month_row *m, struct xy_error *err);
    /* The facts of one month (core/monitor.h, enum xy_mon_fact_kind), in no set order. */
    int (*mon_facts)(struct xy_store *st, const struct xy_mon_scan *q, xy_mon_fact_cb cb, void *ctx,
                     struct xy_error *err);
    /* Dashboards (store_sqlite_dashboard.c). mon_day_facts: the facts of [q->from, q->to) by Beijing
     * day: every kind but XY_MF_EVER and XY_MF_LIST_STOCK with t2 the day (XY_MF_RECORD: t1 the
     * decision date; XY_MF_BATCH keys "rows", "accepted" and "rejected"; XY_MF_REPAIR as mon_facts);
     * with stock set, only the list stock at q->to (XY_MF_LIST_STOCK, as mon_facts). */
    int (*mon_day_facts)(struct xy_store *st, const struct xy_mon_scan *q, int stock, xy_mon_fact_cb cb, void *ctx,
                         struct xy_error *err);
    /* Inside a write transaction: mon_agg_clear removes the days from_day..to_day (counts and
     * cutoffs) and the months from_month..to_month; mon_agg_add adds n to a day's or a month's count
     * (by the length of each row's period), n rows in one statement; mon_cutoff_put sets a day's first timely decision day;
     * mon_agg_rollup sums the days of the months from_month..to_month into them, takes every
     * month's declared figures ("declared", "exempt") afresh, and records the day reached. */
    int (*mon_agg_clear)(struct xy_store *st, const char *from_day, const char *to_day, const char *from_month,
                         const char *to_month, struct xy_error *err);
    int (*mon_agg_add)(struct xy_store *st, const struct xy_mon_agg_row *rows, size_t n, struct xy_error *err);
    int (*mon_cutoff_put)(struct xy_store *st, const char *day, const char *cutoff, struct xy_error *err);
    int (*mon_agg_rollup)(struct xy_store *st, const char *from_month, const char *to_month, const char *day,
                          const char *at, struct xy_error *err);
    /* The day the last refresh reached and when it ran (day[11], at[32]); XY_ENOTFOUND when never. */
    int (*mon_refresh_get)(struct xy_store *st, char *day, char *at, struct xy_error *err);
    /* The refresh's mark (migration 28): the largest record id it had counted and the fingerprint
     * of the rules and calendar it counted by (rules[64]); XY_ENOTFOUND when never refreshed.
     * mon_mark_set, inside the refresh's transaction after mon_agg_rollup, records them. */
    int (*mon_mark_get)(struct xy_store *st, int64_t *record_id, char *rules, struct xy_error *err);
    int (*mon_mark_set)(struct xy_store *st, const char *rules, struct xy_error *err);
    /* The earliest stamp (stamp[32], "" when none) of a first version with an id above record_id
     * stored within [from, to): what a refresh has not counted yet. */
    int (*mon_records_after)(struct xy_store *st, int64_t record_id, const char *from, const char *to, char *stamp,
                             struct xy_error *err);
    /* The daily counts "records" and "timely" summed over the days from_day..to_day per department
     * and class, as XY_MF_RECORDS facts (key the metric). */
    int (*mon_day_records)(struct xy_store *st, const char *from_day, const char *to_day, xy_mon_fact_cb cb,
                           void *ctx, struct xy_error *err);
    /* The months from_month..to_month of one department (dept a code), of all (NULL), with regions,
     * or the city's sums (dept "*": dept and region "", the departments taking part as "depts"). */
    int (*mon_agg_read)(struct xy_store *st, const char *from_month, const char *to_month, const char *dept,
                        xy_mon_agg_cb cb, void *ctx, struct xy_error *err);
    /* Up to q->limit rows behind a rate (struct xy_mon_drill), in keyset order. */
    int (*mon_drill)(struct xy_store *st, const struct xy_mon_drill *q, xy_mon_drill_cb cb, void *ctx,
                     struct xy_error *err);
    /* Exchange (store_sqlite_exchange.c). dest_add: XY_EEXIST when the name is taken. dest_list:
     * one destination by name (XY_ENOTFOUND) or all (name NULL), by id, with backlog and oldest_at.
     * dest_enable: XY_ENOTFOUND. dest_ack moves the cursor and clears the failures; dest_fail counts
     * one and keeps the error's text. */
    int (*dest_add)(struct xy_store *st, const struct xy_dest_row *d, int64_t *id, struct xy_error *err);
    int (*dest_list)(struct xy_store *st, const char *name, xy_dest_cb cb, void *ctx, struct xy_error *err);
    int (*dest_enable)(struct xy_store *st, const char *name, int enabled, struct xy_error *err);
    int (*dest_ack)(struct xy_store *st, int64_t id, int64_t seq, int64_t part, const char *at, struct xy_error *err);
    int (*dest_fail)(struct xy_store *st, int64_t id, const char *error, const char *at, struct xy_error *err);
    /* Replaces a destination's sealed keys (a row written before migration 30: its clear key
     * emptied). */
    int (*dest_seal)(struct xy_store *st, const struct xy_dest_row *d, struct xy_error *err);
    /* A lower platform's Ed25519 public key (base64), registering the platform if new;
     * source_verify_key reads it: OUT out (65 bytes), XY_ENOTFOUND when none is registered. */
    int (*source_key_set)(struct xy_store *st, const char *name, const char *pub, struct xy_error *err);
    int (*source_verify_key)(struct xy_store *st, const char *name, char out[65], struct xy_error *err);
    /* Notes a signed batch's nonce for a source, first forgetting those noted before `forget`
     * (unix seconds). XY_EEXIST when the nonce was noted already (a replay). */
    int (*nonce_add)(struct xy_store *st, int64_t source_id, const char *nonce, int64_t at, int64_t forget,
                     struct xy_error *err);
    /* A lower platform this one receives from, created on first use. OUT: *id and the position it has
     * applied (*seq, *part). */
    int (*source_get)(struct xy_store *st, const char *name, int64_t *id, int64_t *seq, int64_t *part,
                      struct xy_error *err);
    int (*source_advance)(struct xy_store *st, int64_t id, int64_t seq, int64_t part, const char *at,
                          struct xy_error *err);
    /* The acknowledgement given to a batch of a source, by its first and last positions. OUT: *ack
     * (caller frees with xy_free()). XY_ENOTFOUND when no such batch was applied. */
    int (*inbound_find)(struct xy_store *st, int64_t source_id, const int64_t first[2], const int64_t last[2],
                        char **ack, struct xy_error *err);
    int (*inbound_add)(struct xy_store *st, int64_t source_id, const int64_t first[2], const int64_t last[2],
                       const char *at, const char *ack, struct xy_error *err);
    /* Names the lower platform a stored record version came from, and its id there. */
    int (*record_source_add)(struct xy_store *st, int64_t record_id, int64_t source_id, int64_t src_record,
                             struct xy_error *err);
    /* Records (any version) a batch stored, with after < id <= upto, by id, at most limit. */
    int (*batch_records)(struct xy_store *st, int64_t batch_id, int64_t after, int64_t upto, int limit,
                         xy_record_cb cb, void *ctx, struct xy_error *err);
    /* Current records of q->cls with id > after, by id, at most limit, narrowed by each filter of q
     * that is not NULL (struct xy_record_scan): reconciling with a platform above, national files. */
    int (*records_scan)(struct xy_store *st, const struct xy_record_scan *q, int64_t after, int limit,
                        xy_record_cb cb, void *ctx, struct xy_error *err);

    /* The audit log. audit_last: seq 0 and a zero hash when empty. audit_scan: entries with
     * seq > after, in order, at most limit (0 = all). */
    int (*audit_last)(struct xy_store *st, int64_t *seq, uint8_t hash[32], struct xy_error *err);
    int (*audit_insert)(struct xy_store *st, const struct xy_audit_row *a, struct xy_error *err);
    int (*audit_scan)(struct xy_store *st, int64_t after, int limit, xy_audit_cb cb, void *ctx,
                      struct xy_error *err);

    /* Browsing a public class (store_sqlite_browse.c): current records of cls that pass pub (required),
     * with a decision date, narrowed by f, newest first: by decision date, then id, both descending;
     * with f->before_date, only those before (before_date, before_id) in that order. At most limit.
     * The callback's row carries subject_opaque. */
    int (*records_browse)(struct xy_store *st, const char *cls, const struct xy_public_filter *pub,
                          const struct xy_browse_filter *f, int limit, xy_record_cb cb, void *ctx,
                          struct xy_error *err);

    /* Supervision (store_sqlite_supervision.c). sup_activity: every department by code.
     * sup_overdue: in no set order. sup_raise inserts a candidate unless one of the same (rule,
     * dept_id, period, subject) exists: OUT *id (0 when it existed). sup_get: XY_ENOTFOUND.
     * sup_update writes state, level, number, reviewed_at, reviewed_by, reason, sent_at, due,
     * escalated_at and updated_at of notice n->id if its state is still `from` (XY_ESTATE otherwise,
     * XY_ENOTFOUND when there is no such notice). sup_count_numbered: notices whose number starts
     * with prefix. sup_answer_add stores an answer with its files (seq = the notice's answers + 1,
     * OUT *seq). sup_verdict sets the verdict of answer seq once (XY_ESTATE when it has one).
     * sup_answers: by seq, with their files (data NULL). sup_file: one file's bytes, XY_ENOTFOUND. */
    int (*sup_activity)(struct xy_store *st, xy_sup_activity_cb cb, void *ctx, struct xy_error *err);
    int (*sup_overdue)(struct xy_store *st, const struct xy_sup_overdue_q *q, xy_sup_overdue_cb cb, void *ctx,
                       struct xy_error *err);
    int (*sup_raise)(struct xy_store *st, const struct xy_sup_row *n, int64_t *id, struct xy_error *err);
    int (*sup_get)(struct xy_store *st, int64_t id, xy_sup_cb cb, void *ctx, struct xy_error *err);
    int (*sup_list)(struct xy_store *st, const struct xy_sup_filter *f, xy_sup_cb cb, void *ctx, struct xy_error *err);
    int (*sup_update)(struct xy_store *st, const struct xy_sup_row *n, const char *from, struct xy_error *err);
    int (*sup_count_numbered)(struct xy_store *st, const char *prefix, int64_t *n, struct xy_error *err);
    int (*sup_answer_add)(struct xy_store *st, const struct xy_sup_answer_row *a, const struct xy_sup_file_row *files,
                          size_t nfiles, int *seq, struct xy_error *err);
    int (*sup_verdict)(struct xy_store *st, int64_t notice_id, int seq, const char *verdict, const char *note,
                       const char *at, struct xy_error *err);
    int (*sup_answers)(struct xy_store *st, int64_t notice_id, xy_sup_answer_cb acb, xy_sup_file_cb fcb, void *ctx,
                       struct xy_error *err);
    int (*sup_file)(struct xy_store *st, int64_t notice_id, int answer_seq, int seq, xy_sup_file_cb cb, void *ctx,
                    struct xy_error *err);
    /* Staff accounts and sessions (store_sqlite_account.c).
     * account_add: name, key_id, pw_hash, created_at (totp fields empty). XY_EEXIST when the name is
     * taken. account_get: by id, or by name when name is not NULL; XY_ENOTFOUND when none.
     * account_list: all, by name. account_put: writes pw_hash, the TOTP fields and disabled_at of
     * account a->id from a (XY_ENOTFOUND when none). */
    int (*account_add)(struct xy_store *st, const struct xy_account_row *a, int64_t *id, struct xy_error *err);
    int (*account_get)(struct xy_store *st, int64_t id, const char *name, xy_account_cb cb, void *ctx,
                       struct xy_error *err);
    int (*account_list)(struct xy_store *st, xy_account_cb cb, void *ctx, struct xy_error *err);
    int (*account_put)(struct xy_store *st, const struct xy_account_row *a, struct xy_error *err);
    /* session_add: a new session (hash: 32 bytes, unique). session_get: XY_ENOTFOUND when none.
     * session_touch: sets seen. session_drop: deletes the session of hash (when not NULL), every
     * session of account_id (when > 0), and every session created before created_before (when > 0);
     * dropping nothing is not an error. */
    int (*session_add)(struct xy_store *st, const uint8_t hash[32], const struct xy_session_row *s,
                       struct xy_error *err);
    int (*session_get)(struct xy_store *st, const uint8_t hash[32], struct xy_session_row *out,
                       struct xy_error *err);
    int (*session_touch)(struct xy_store *st, const uint8_t hash[32], int64_t seen, struct xy_error *err);
    int (*session_drop)(struct xy_store *st, const uint8_t *hash, int64_t account_id, int64_t created_before,
                        struct xy_error *err);
    /* Failed sign-ins by key ("account:NAME", "addr:ADDRESS"): throttle_get gives 0 and 0 when none;
     * throttle_put stores failures and last (failures 0 removes the row). */
    int (*throttle_get)(struct xy_store *st, const char *key, int64_t *failures, int64_t *last,
                        struct xy_error *err);
    int (*throttle_put)(struct xy_store *st, const char *key, int64_t failures, int64_t last, struct xy_error *err);
    /* Subjects' applications for accounts (store_sqlite_application.c). application_add: a new one
     * (OUT: *id). application_get: XY_ENOTFOUND when none. application_list: newest first, those in
     * state (all when NULL), at most limit. application_put: writes state, reason, decided_at,
     * decided_by, code_hash, code_expires, activated_at and account_id of a->id (XY_ENOTFOUND when
     * none). application_file_add: file seq of application_id. application_files: its files by seq
     * without data, or the one numbered seq with data when seq > 0 (XY_ENOTFOUND when none). */
    int (*application_add)(struct xy_store *st, const struct xy_application_row *a, int64_t *id,
                           struct xy_error *err);
    int (*application_get)(struct xy_store *st, int64_t id, xy_application_cb cb, void *ctx, struct xy_error *err);
    int (*application_list)(struct xy_store *st, const char *state, int limit, xy_application_cb cb, void *ctx,
                            struct xy_error *err);
    int (*application_put)(struct xy_store *st, const struct xy_application_row *a, struct xy_error *err);
    int (*application_file_add)(struct xy_store *st, int64_t application_id, const struct xy_file_row *f,
                                struct xy_error *err);
    int (*application_files)(struct xy_store *st, int64_t application_id, int seq, xy_file_cb cb, void *ctx,
                             struct xy_error *err);
    /* Articles and repair training (store_sqlite_article.c). article_put inserts when a->id is 0
     * (OUT: *id) and otherwise replaces every column but created_at of article a->id (XY_ENOTFOUND when
     * none). article_get: one article, with nfiles. articles_page: at most limit, as struct
     * xy_article_filter says. */
    int (*article_put)(struct xy_store *st, const struct xy_article_row *a, int64_t *id, struct xy_error *err);
    int (*article_get)(struct xy_store *st, int64_t id, xy_article_cb cb, void *ctx, struct xy_error *err);
    int (*articles_page)(struct xy_store *st, const struct xy_article_filter *f, int limit, xy_article_cb cb,
                         void *ctx, struct xy_error *err);
    /* An attachment of an article: f->seq is the next free number (OUT: *seq). article_files: its
     * attachments by seq without data, or the one numbered seq with data when seq > 0 (XY_ENOTFOUND when
     * there is none). */
    int (*article_file_add)(struct xy_store *st, int64_t article_id, const struct xy_file_row *f, int *seq,
                            struct xy_error *err);
    int (*article_files)(struct xy_store *st, int64_t article_id, int seq, xy_file_cb cb, void *ctx,
                         struct xy_error *err);
    /* A training attempt (OUT: *id); a cert_no taken already is XY_EEXIST. training_certs: the passed
     * attempts of subject_id (> 0), or the one with cert_no (non-NULL), newest first, with the course's
     * title and the subject's name and public id. */
    int (*training_add)(struct xy_store *st, const struct xy_training_row *t, int64_t *id, struct xy_error *err);
    int (*training_certs)(struct xy_store *st, int64_t subject_id, const char *cert_no, xy_training_cb cb,
                          void *ctx, struct xy_error *err);
    /* Repair-training coverage: *listed, the subjects with a current record of a class in lf->classes
     * whose status is in lf->statuses; *trained, those of them with a passed attempt. */
    int (*training_coverage)(struct xy_store *st, const struct xy_list_filter *lf, int64_t *listed,
                             int64_t *trained, struct xy_error *err);
    /* The code conversion register and the monitoring facts beside it (store_sqlite_conversion.c).
     * conv_put: adds or updates the entity (dept_id, ident); OUT *outcome 1 added, 2 updated, 0
     * unchanged (same content). uscc_at is set to now when a USCC is first given or changes. */
    int (*conv_put)(struct xy_store *st, const struct xy_conv_put *p, const char *now, int *outcome,
                    struct xy_error *err);
    /* The entities of one department (dept_id > 0) or all, by department code and id, each with the
     * subject the platform holds whose USCC embeds its organisation code (characters 9-17; the
     * smallest such code, and how many there are) or, failing that, whose registration number is its. */
    int (*conv_scan)(struct xy_store *st, int64_t dept_id, xy_conv_cb cb, void *ctx, struct xy_error *err);
    /* The configurable category's definition: extra_put adds one; extra_get gives the latest
     * (XY_ENOTFOUND when none). */
    int (*extra_put)(struct xy_store *st, const char *body, const char *at, int64_t key_id, struct xy_error *err);
    int (*extra_get)(struct xy_store *st, xy_extra_cb cb, void *ctx, struct xy_error *err);
    /* Batches with at least one row finished in [from, to), counted per department, class and UTC
     * hour ("YYYY-MM-DDTHH"). */
    int (*arrivals)(struct xy_store *st, const char *from, const char *to, xy_arrival_cb cb, void *ctx,
                    struct xy_error *err);
    /* One call per subject of struct xy_cov_scan: its region (its grade's region, else its USCC's
     * characters 3-8, else ""), whether black-listed, graded poor, and reported. */
    int (*report_coverage)(struct xy_store *st, const struct xy_cov_scan *q, xy_cov_cb cb, void *ctx,
                           struct xy_error *err);
    /* Subscriptions (store_sqlite_subscription.c). sub_add: the cursor starts at the change log's
     * end (a subscription follows from its creation). sub_list: one (id) or all (0), of one key
     * (key_id, 0: any), only those not ended when active, by id. sub_follow_add: a follow of the
     * subject under another grant takes the new one; XY_EEXIST when followed already under this
     * one. sub_regulated: whether dept_id has a current record of the subject. sub_grant: the live grant (revoked_at NULL, until >= today) of the subject given to
     * querier_key or querier_id with the latest end, 0 when none. sub_hits: the records of batch
     * batch_id with after < id <= upto whose subject the subscription follows, by id, at most limit
     * (batch_id 0: the one record upto). sub_ack moves the cursor, adds delivered and clears the
     * failures; sub_fail counts one; sub_end ends it (XY_ENOTFOUND when ended or none). */
    int (*sub_add)(struct xy_store *st, const struct xy_sub_row *s, int64_t *id, struct xy_error *err);
    int (*sub_list)(struct xy_store *st, int64_t id, int64_t key_id, int active, xy_sub_cb cb, void *ctx,
                    struct xy_error *err);
    int (*sub_follow_add)(struct xy_store *st, int64_t sub_id, int64_t subject_id, int64_t consent_id,
                          const char *at, struct xy_error *err);
    int (*sub_regulated)(struct xy_store *st, int64_t dept_id, int64_t subject_id, int *yes, struct xy_error *err);
    int (*sub_grant)(struct xy_store *st, int64_t subject_id, int64_t querier_key, int64_t querier_id,
                     const char *today, int64_t *consent_id, struct xy_error *err);
    int (*sub_hits)(struct xy_store *st, int64_t sub_id, int64_t batch_id, int64_t after, int64_t upto, int limit,
                    xy_sub_hit_cb cb, void *ctx, struct xy_error *err);
    int (*sub_ack)(struct xy_store *st, int64_t id, int64_t seq, int64_t part, int64_t delivered, const char *at,
                   struct xy_error *err);
    int (*sub_fail)(struct xy_store *st, int64_t id, const char *error, const char *at, struct xy_error *err);
    int (*sub_end)(struct xy_store *st, int64_t id, const char *at, const char *reason, struct xy_error *err);

    /* Whole-database copy (app/migrate.c). Table and column names are the back end's own (from
     * copy_tables and copy_columns); any other name is XY_EINVAL (names are written into the SQL, so
     * only [a-z0-9_] names of existing tables are accepted). */
    /* The schema's tables, each with the tables its foreign keys reference; the back end's own
     * bookkeeping (the schema version, the copy's progress, SQLite's internal tables, PostgreSQL's
     * audit head row) is left out. */
    int (*copy_tables)(struct xy_store *st, xy_copy_table_cb cb, void *ctx, struct xy_error *err);
    /* A table's columns in the table's order. XY_ENOTFOUND when there is no such table. */
    int (*copy_columns)(struct xy_store *st, const char *table, xy_copy_column_cb cb, void *ctx, struct xy_error *err);
    int (*copy_count)(struct xy_store *st, const char *table, int64_t *n, struct xy_error *err);
    /* The rows of a table, the columns cols[0..ncols) of each, ordered by order[0..norder) (ascending,
     * NULL first; text and blobs by their bytes), streamed without holding the table in memory. Integers are
     * XY_VALUE_INT, floating point XY_VALUE_REAL, text XY_VALUE_TEXT, blobs/bytea XY_VALUE_BLOB. */
    int (*copy_scan)(struct xy_store *st, const char *table, const char *const *cols, int ncols,
                     const char *const *order, int norder, xy_copy_row_cb cb, void *ctx, struct xy_error *err);
    /* Loading a table inside the caller's write transaction: copy_load_begin empties the table and
     * stops its triggers (the rows are stored as given: a count or a mark the triggers keep is copied
     * with its own table), copy_load_row adds one row of ncols cells in the order of cols (bulk:
     * PostgreSQL through COPY), copy_load_end ends the load (its error is the rows' first) and
     * restores the triggers. One load at a time per connection. */
    int (*copy_load_begin)(struct xy_store *st, const char *table, const char *const *cols, int ncols,
                           struct xy_error *err);
    int (*copy_load_row)(struct xy_store *st, const struct xy_value *cells, int ncols, struct xy_error *err);
    int (*copy_load_end)(struct xy_store *st, struct xy_error *err);
    /* The copy's progress, kept in the target so that an interrupted copy resumes: copy_mark records
     * a table as copied (in the caller's transaction; table NULL records only that a copy has begun).
     * copy_progress gives the tables recorded; *started is 0 when no copy has begun. */
    int (*copy_mark)(struct xy_store *st, const char *table, struct xy_error *err);
    int (*copy_progress)(struct xy_store *st, int *started, xy_copy_name_cb cb, void *ctx, struct xy_error *err);
    /* Ends a copy: every id sequence is set past the largest id copied (the next row created gets a
     * new id), and the progress is removed. */
    int (*copy_finish)(struct xy_store *st, struct xy_error *err);
};

struct xy_store {
    const struct xy_store_ops *ops;
};

/* Whether a database address names a database server ("postgresql://..." or "postgres://...")
 * rather than a SQLite file path. */
int xy_store_is_server(const char *address);
/* Opens the database at path (SQLite), or at "postgresql://..." (PostgreSQL).
 * OUT: *out. Caller owns it; close with xy_store_close(). */
int xy_store_open(const char *path, struct xy_store **out, struct xy_error *err);
/* Whether the address names a database server ("postgresql://" or "postgres://") rather than a
 * SQLite file: the app checks for a file only for a path. */
int xy_store_is_server(const char *path);
void xy_store_close(struct xy_store *st); /* accepts NULL */

/* The SQLite back end. */
int xy_store_sqlite_open(const char *path, struct xy_store **out, struct xy_error *err);
/* The PostgreSQL back end (built when libpq is found: XY_WITH_PG), by a libpq connection string,
 * "postgresql://user@host/db" (docs/internals/POSTGRES.md). Operations not yet ported are NULL. */
int xy_store_pg_open(const char *conninfo, struct xy_store **out, struct xy_error *err);
/* How many operations of ops are NULL (a back end not yet complete); *total (when not NULL) gets
 * how many there are. */
size_t xy_store_ops_missing(const struct xy_store_ops *ops, size_t *total);
/* Whether name may be written into SQL as a table or column name by the copy operations: 1 to 63
 * characters of [a-z0-9_], starting with a letter or '_' (every name of the schema is). */
int xy_store_copy_name_ok(const char *name);
/* The copy's progress table, which each back end keeps in the target and leaves out of copy_tables. */
#define XY_STORE_COPY_TABLE "xy_copy"

#endif
