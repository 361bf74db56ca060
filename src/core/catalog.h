/* SPDX-License-Identifier: Apache-2.0 */
/* The information catalogue (信息目录): record classes, their fields, code lists, disclosure scopes
 * and publicity policies, loaded from JSON (catalog/catalog.json). Classes are data: a new class is a
 * catalogue entry, not code. A parsed catalogue is immutable and may be shared between threads. */
#ifndef XY_CATALOG_H
#define XY_CATALOG_H

#include <stddef.h>

#include "common/xy_date.h"
#include "common/xy_error.h"
#include "core/objection.h"

enum xy_ftype {
    XY_FT_STRING,    /* text, at most max_len code points */
    XY_FT_DATE,      /* a calendar date, stored YYYY-MM-DD */
    XY_FT_MONEY_WAN, /* an amount in 万元, stored exactly as fen */
    XY_FT_CODE,      /* one entry of a code list: its code or its text */
    XY_FT_CODES,     /* several entries of a code list, separated by ; ； 、 or , */
    XY_FT_USCC,      /* a unified social credit code */
    XY_FT_ORGCODE,   /* an organisation code (GB 11714) */
    XY_FT_ID_NO,     /* a person's ID number, checked by the kind its ID-type field names */
};

enum xy_req {
    XY_REQ_OPTIONAL,
    XY_REQ_MANDATORY,
    XY_REQ_IF,     /* mandatory when cond holds */
    XY_REQ_UNLESS, /* mandatory unless cond holds */
};

enum xy_cond_op {
    XY_COND_IN,          /* the other field's code is one of values */
    XY_COND_CONTAINS,    /* the other (multi-code) field contains one of values */
    XY_COND_PLACEHOLDER, /* the other field is the USCC placeholder */
    XY_COND_PRESENT,     /* the other field is not empty */
};

struct xy_cond {
    int field; /* index of the other field in its class */
    enum xy_cond_op op;
    char **values;
    size_t nvalues;
};

/* The meaning a field has to the platform beyond its own value. */
enum xy_field_role {
    XY_ROLE_NONE = 0,
    XY_ROLE_PARTY_NAME,
    XY_ROLE_PARTY_CATEGORY,
    XY_ROLE_PARTY_USCC,
    XY_ROLE_PARTY_REGNO,
    XY_ROLE_PARTY_ORGCODE,
    XY_ROLE_PARTY_ID_TYPE,
    XY_ROLE_PARTY_ID_NO,
    XY_ROLE_LEGAL_REP,
    XY_ROLE_LEGAL_REP_ID_TYPE,
    XY_ROLE_LEGAL_REP_ID_NO,
    XY_ROLE_DOC_NO,
    XY_ROLE_DECISION_DATE,
    XY_ROLE_VALID_FROM,
    XY_ROLE_VALID_TO,
    XY_ROLE_PUBLICITY_END,
    XY_ROLE_SEVERITY,
    XY_ROLE_SECTOR,
    XY_ROLE_PROCEDURE,
    XY_ROLE__COUNT
};

struct xy_code {
    char *code;
    char *text;
    char **aliases;
    size_t naliases;
};

struct xy_code_list {
    char *name;
    struct xy_code *codes;
    size_t ncodes;
};

struct xy_field {
    char *code;    /* CF_WSH */
    char *name_zh; /* 行政处罚决定书文号 */
    char *key;     /* doc_no */
    enum xy_ftype type;
    int max_len; /* code points; 0 = no limit beyond the row limit */
    enum xy_req req;
    struct xy_cond cond;
    const struct xy_code_list *list; /* XY_FT_CODE(S) */
    int id_type_field;               /* XY_FT_ID_NO: index of the ID-type field, else -1 */
    int sealed;            /* personal data: encrypted at rest, shown masked */
    int allow_placeholder; /* XY_FT_USCC: the placeholder 00000000000000000X is accepted */
    int ext;               /* a platform extension, not in the national standard */
    char *defval;          /* code used when the field is empty, or NULL */
    int hidden;            /* never in public views, even masked ("public": false) */
    enum xy_field_role role;
    char **prefixes;  /* XY_FT_USCC: the code must start with one of these ("uscc_prefix"), or NULL */
    size_t nprefixes;
    unsigned date_rules; /* XY_FT_DATE: XY_DR_* checked against the row's decision date and today */
};

/* Date rules of a field beyond its own value (catalogue keys in brackets). */
enum {
    XY_DR_NOT_BEFORE_DECISION = 1 << 0, /* on or after the decision date ("not_before_decision") */
    XY_DR_NOT_AFTER_DECISION = 1 << 1,  /* on or before the decision date ("not_after_decision") */
    XY_DR_NOT_FUTURE = 1 << 2,          /* not after today ("not_future") */
};

enum xy_scope {
    XY_SCOPE_PUBLIC = 0,     /* 公示 */
    XY_SCOPE_GOVERNMENT = 1, /* 仅政务共享 */
    XY_SCOPE_CONSENT = 2,    /* 授权查询 */
};

struct xy_policy_rule {
    char *severity; /* a severity code or "*" */
    char *sector;   /* a sector code or "*" */
    int min_months;
    int max_months;
};

struct xy_policy_version {
    struct xy_date effective;
    char *basis;
    struct xy_policy_rule *rules;
    size_t nrules;
};

struct xy_policy {
    char *name;
    struct xy_policy_version *versions; /* sorted by effective date */
    size_t nversions;
};

struct xy_class {
    char *name; /* penalty */
    char *name_zh;
    char *name_en;
    char *resource_id;
    enum xy_scope scope;
    struct xy_field *fields;
    size_t nfields;
    int role_field[XY_ROLE__COUNT]; /* index of the field with each role, or -1 */
    const struct xy_policy *policy; /* NULL when records stay public while valid */
    int ends_with_validity;         /* no policy: public view ends with the record's valid-to date */
    int is_list;                    /* a list class (red, black, watch): its entries are what joint
                                       reward and punishment checks find ("list": true) */
    int repair_training;            /* a repair of one of its records needs a repair-training certificate
                                       ("repair_training": true; when the class does not say, true for
                                       black_list only: DOMAIN §4.2 asks serious information for one) */
    char *local_def; /* "local_definition": no national field standard was found, the platform defined
                        the class; the text says after what. NULL for a class of a national standard */
};

#define XY_LIST_CLASSES_MAX 8 /* list classes one catalogue may have */

struct xy_catalog {
    char *version;
    struct xy_code_list *lists;
    size_t nlists;
    struct xy_policy *policies;
    size_t npolicies;
    struct xy_class *classes;
    size_t nclasses;
    /* Time limits in working days ("time_limits"; DOMAIN §4.3 defaults when absent). */
    struct xy_obj_limits objection;
    int repair_decide; /* the source department's decision on a repair application */
    int jrp_feedback;  /* an approval system's feedback on a check (time_limits.jrp.feedback, default 5) */
};

/* Parses a catalogue from JSON text. OUT: *out. Errors: XY_EINVAL with a message naming the class
 * and field at fault, XY_ENOMEM. Caller owns the result; free with xy_catalog_free(). */
int xy_catalog_parse(const char *json, size_t len, struct xy_catalog **out, struct xy_error *err);
void xy_catalog_free(struct xy_catalog *cat);

/* Borrowed from cat; NULL when absent. */
const struct xy_class *xy_catalog_class(const struct xy_catalog *cat, const char *name);

/* Index of the field whose code, Chinese name or English key is name[0..len) (ASCII case ignored
 * for codes and keys), or -1. */
int xy_class_field_lookup(const struct xy_class *cls, const char *name, size_t len);

/* The entry whose code, text or alias is s[0..len), or NULL. */
const struct xy_code *xy_code_lookup(const struct xy_code_list *list, const char *s, size_t len);

/* The publicity window of a record decided on `decision` with the given severity and sector codes:
 * the policy version in force on the decision date (the earliest one for older decisions), its first
 * matching rule. OUT: *min_until (repair allowed from), *max_until (taken down at), *basis (borrowed).
 * Returns 0, or -1 when no rule matches. */
int xy_policy_window(const struct xy_policy *pol, struct xy_date decision, const char *severity,
                     const char *sector, struct xy_date *min_until, struct xy_date *max_until,
                     const char **basis);

const char *xy_ftype_name(enum xy_ftype t);
const char *xy_scope_name(enum xy_scope s);

#endif
