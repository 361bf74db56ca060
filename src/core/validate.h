/* SPDX-License-Identifier: Apache-2.0 */
/* The record validator: one input row of a class, field by field against the catalogue, into a
 * normalised record ready to store, or the list of what is wrong with it (field and a reason a clerk
 * can act on). Pure: today's date comes in as an argument. */
#ifndef XY_VALIDATE_H
#define XY_VALIDATE_H

#include <stddef.h>
#include <stdint.h>

#include "common/xy_buf.h"
#include "common/xy_date.h"
#include "core/catalog.h"
#include "core/ids.h"

/* One raw cell of the input row, by class field index; p == NULL when the column is absent. */
struct xy_cell {
    const char *p;
    size_t n;
};

#define XY_ROW_MAX_ERRORS 16

struct xy_row_errors {
    int n;
    int truncated; /* more errors than fit */
    struct {
        int field;        /* class field index, -1 for the row as a whole */
        char code[24];    /* stable reason code: missing, too_long, bad_date, ... */
        char reason[320]; /* Chinese first, then English */
    } e[XY_ROW_MAX_ERRORS];
};

enum xy_subject_kind {
    XY_SUBJ_ORG = 1,          /* 法人 or 非法人组织, keyed by USCC */
    XY_SUBJ_INDIVIDUAL_BIZ,   /* 个体工商户, keyed by USCC or, with the placeholder, registration no. */
    XY_SUBJ_PERSON,           /* 自然人, keyed by ID type and number */
};

/* Record flags (a bit set): accepted, but worth a look. */
enum {
    XY_RF_NAME_MISMATCH = 1 << 0,  /* set by the store: the name differs from the subject's known one */
    XY_RF_CODE_PREFIX = 1 << 1,    /* the USCC's authority/category is unusual for the category */
    XY_RF_UNPUBLISHED = 1 << 2,    /* not for public view (simple procedure, or a zero period) */
    XY_RF_ID_IN_TEXT = 1 << 3,     /* a text field held ID numbers: stored masked, the text sealed */
};

struct xy_valrec {
    struct xy_buf fields; /* JSON object: English key -> value; sealed fields and ID numbers in text
                             masked (core/idscan.h), non-public fields left out */
    struct xy_buf sealed; /* JSON object of the sealed and non-public fields and of the texts that held
                             ID numbers, plain; empty when none */
    enum xy_subject_kind kind;
    char uscc[19];     /* "" when none (persons; individual businesses with the placeholder) */
    char regno[64];    /* 工商注册号 when the USCC is the placeholder */
    char id_key[80];   /* persons: "<id type>:<normalised number>" (plain; the caller blinds it) */
    char id_masked[80];
    char rep_key[80];  /* the legal representative's "<id type>:<number>" when given, else "" */
    char name[608];    /* the party name, at most 200 code points */
    char doc_no[520];
    struct xy_date decision;  /* zero when the class has none */
    struct xy_date valid_to;  /* zero when none */
    struct xy_date min_until; /* policy classes: repair allowed from */
    struct xy_date public_until; /* last day of public view; zero when not limited */
    char severity[8];
    char sector[8];
    int64_t amount_fen; /* fine plus confiscation, in fen */
    unsigned flags;
};

/* Why an identifier failed rule r, in words for people: "校验码错误 (check character does not match)". */
const char *xy_id_rule_reason(enum xy_id_rule r);

/* Validates one row. cells has cls->nfields entries. OUT: *rec on success (release with
 * xy_valrec_release()), *errs always (n = 0 on success). Returns XY_OK, XY_EINVAL when the row is
 * rejected (errs says why), XY_ENOMEM. */
int xy_validate_row(const struct xy_class *cls, const struct xy_cell *cells, struct xy_date today,
                    struct xy_valrec *rec, struct xy_row_errors *errs);

void xy_valrec_release(struct xy_valrec *rec);

#endif
