/* SPDX-License-Identifier: Apache-2.0 */
/* The vocabulary shared by the identifier checks (USCC, resident ID number, organisation code): the
 * kinds, the rules in check order, the result of one check, and input normalisation. Pure
 * functions: no I/O, no allocation, no global state. See docs/DOMAIN.md sections 1 and 2. */
#ifndef XY_IDS_H
#define XY_IDS_H

#include <stdbool.h>
#include <stddef.h>

/* The kinds of identifier. XY_ID_KIND_ANY asks xy_id_check() to infer the kind. */
enum xy_id_kind {
    XY_ID_KIND_ANY = 0,
    XY_ID_KIND_USCC,    /* 统一社会信用代码, GB 32100-2015, 18 chars */
    XY_ID_KIND_RIC,     /* 公民身份号码, GB 11643-1999, 18 chars (or legacy 15 digits) */
    XY_ID_KIND_ORGCODE, /* 组织机构代码, GB 11714-1997, 9 chars (XXXXXXXX-X accepted) */
};

/* The rules, in the order they are checked. A check reports the first rule that fails. */
enum xy_id_rule {
    XY_ID_OK = 0,
    XY_ID_RULE_LENGTH,   /* wrong number of characters (or longer than XY_ID_NORM_SIZE - 1 bytes) */
    XY_ID_RULE_CHARSET,  /* a character not allowed at its position */
    XY_ID_RULE_CATEGORY, /* USCC: unknown authority, category not allowed for it, or placeholder */
    XY_ID_RULE_REGION,   /* first two digits of the division code not a province-level code */
    XY_ID_RULE_BIRTHDATE, /* RIC: not a real date, before 1900-01-01, or after today */
    XY_ID_RULE_CHECKSUM,  /* a check character does not match */
};

/* How xy_id_check() arrived at the kind it reports. */
enum xy_id_inference {
    XY_ID_INFER_FORCED = 0, /* the caller named the kind */
    XY_ID_INFER_UNIQUE,     /* valid as exactly one kind, or recognised as the USCC placeholder */
    XY_ID_INFER_AMBIGUOUS,  /* valid as more than one kind; the kind its shape suggests is reported
                             */
    XY_ID_INFER_GUESSED,    /* valid as no kind; the kind its shape suggests is reported */
};

/* A calendar date (proleptic Gregorian), as the RIC checks take and return it. Positional
 * initialisation from a struct xy_date works: {d.y, d.m, d.d}. */
struct xy_id_date {
    int year;
    int month; /* 1-12 */
    int day;   /* 1-31 */
};

/* Size of the buffers normalised values are written into. */
#define XY_ID_NORM_SIZE 64

/* The outcome of checking one value as one kind. */
struct xy_id_result {
    enum xy_id_kind kind;           /* the kind checked (never XY_ID_KIND_ANY after a check) */
    enum xy_id_rule rule;           /* XY_ID_OK when valid, else the first failing rule */
    enum xy_id_inference inference; /* XY_ID_INFER_FORCED unless the kind was inferred */
    unsigned valid_kinds; /* when inferred: bit (1u << kind) for each kind it is valid as */
    bool placeholder;     /* USCC: the value is the placeholder 00000000000000000X */
    char normalized[XY_ID_NORM_SIZE]; /* NUL-terminated normalised value ("" when over-long);
                                         an organisation code without its hyphen */
    size_t normalized_len;            /* bytes in normalized */
    char upgraded[19]; /* RIC: the 18-digit form of a valid 15-digit number, else "" */
};

/* Returns "uscc", "ric", "orgcode" ("any" for XY_ID_KIND_ANY, "?" for anything else). */
const char *xy_id_kind_name(enum xy_id_kind kind);

/* Parses a kind name as returned by xy_id_kind_name() (not "any"). OUT: *kind. Returns 0, or -1
 * for an unknown name (leaving *kind unchanged). */
int xy_id_kind_parsez(const char *name, enum xy_id_kind *kind);

/* Returns "ok", "length", "charset", "category", "region", "birthdate", "checksum" ("?" for
 * anything else). */
const char *xy_id_rule_name(enum xy_id_rule rule);

/* Normalises a value as typed by a person: trims ASCII spaces and tabs and U+3000 (ideographic
 * space) from both ends, and folds full-width digits, letters (U+FF10-FF19, U+FF21-FF3A,
 * U+FF41-FF5A) and the full-width hyphen (U+FF0D) to ASCII. Nothing else is changed: case is kept
 * (the per-kind checks accept a lower-case x only where a check character X may stand) and internal
 * spaces stay, to be rejected by the charset rule.
 * in: len bytes, need not be NUL-terminated. OUT: out (outsize bytes, NUL-terminated), *out_len
 * (may be NULL) bytes written before the NUL.
 * Returns XY_ID_OK, or XY_ID_RULE_LENGTH when the result does not fit in out; out then holds "". */
enum xy_id_rule xy_id_normalize(const char *in, size_t len, char *out, size_t outsize,
                                size_t *out_len);

/* Number of characters in s[0..len): bytes that are not UTF-8 continuation bytes (10xxxxxx). */
size_t xy_id_char_count(const char *s, size_t len);

/* Starts a result for one check of the given kind: rule XY_ID_OK, forced, empty strings. For the
 * per-kind checks; callers need not call it. */
void xy_id_result_init(struct xy_id_result *res, enum xy_id_kind kind);

#endif
