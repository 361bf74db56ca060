/* SPDX-License-Identifier: Apache-2.0 */
/* The code conversion register (统一社会信用代码转换, the 2018 Wuhan work plan item 5; DOMAIN §1, §7
 * category 8): the registration authorities' lists of entities with old codes (组织机构代码, 注册号),
 * one row checked at a time, and the register judged as of an instant: which entities have a unified
 * code (given in the list, or found among the subjects the platform holds), which codes are duplicate
 * or wrong (重错码), and the counts per authority that category 8 shows. Pure: no I/O. */
#ifndef XY_CONVERSION_H
#define XY_CONVERSION_H

#include <stddef.h>
#include <stdint.h>

#include "common/xy_error.h"

/* Targets (DOMAIN §7 and the demonstration-city hard indicators 1 and 2, S24). */
#define XY_CONV_TARGET_CONVERSION 1.0     /* stock conversion 100 % */
#define XY_CONV_TARGET_BAD_RATE 0.0001    /* duplicate or wrong codes under 1 in 10,000 */
#define XY_CONV_NAME_MAX 200              /* characters of an entity's name */

/* The authorities category 8 counts apart: 9 market regulation (工商/市场监管), 5 civil affairs (民政),
 * 1 establishment offices (机构编制), 8 trade unions (工会), and the others (the GB 32100 position-1
 * codes 2-4, 6, 7, A, N, Y). */
/* The key of an authority as typed in a list ("9", "市场监管", "工商", "民政", ... or any GB 32100
 * position-1 code): "9", "5", "1", "8" or "other". NULL when it names none. */
const char *xy_conv_authority(const char *typed);
/* "市场监管（工商）" ... for a key of xy_conv_authority(); NULL for another. */
const char *xy_conv_authority_zh(const char *key);

/* The check digit of a 15-digit registration number (工商注册号), ISO 7064 MOD 11,10 over the first
 * 14 digits [unconfirmed in DOMAIN §1.6 item 7; a number failing it is counted wrong, not refused].
 * Returns '0'-'9', or 0 when a character is not a digit. */
char xy_regno_check_char(const char *first14);

/* One row of a list as typed. */
struct xy_conv_input {
    const char *authority, *orgcode, *regno, *name, *registered, *uscc; /* NULL or "" when empty */
};
/* A row checked and normalised. */
struct xy_conv_row {
    char authority[8];  /* xy_conv_authority's key */
    char orgcode[10];   /* 9 characters without the hyphen, or "" */
    char regno[16];     /* 15 digits, or "" */
    char registered[11]; /* YYYY-MM-DD, or "" */
    char uscc[19];      /* as given, normalised, or "" */
    const char *name;   /* borrowed from the input */
    /* faults the row keeps (it is stored, and counted as a wrong code): */
    int orgcode_bad;    /* the organisation code fails its check character */
    int regno_bad;      /* the registration number fails its check digit */
    int uscc_bad;       /* the given USCC fails a check character (outer or inner) */
    int uscc_disagrees; /* the given USCC's characters 9-17 are not the organisation code */
};
/* Checks one row. A row that cannot be stored (no authority, neither old code, a code of the wrong
 * shape, no name, a bad date, the USCC placeholder) gives XY_EINVAL with err naming the field (first
 * word of the message: the field's English name) and why; a check character that does not match
 * does not refuse the row, it is flagged (that is what the duplicate and wrong code rate counts). */
int xy_conv_row_check(const struct xy_conv_input *in, struct xy_conv_row *out, const char **field,
                      struct xy_error *err);

/* One entity of the register as the store gives it, with what the platform holds about it. Stamps
 * are UTC "YYYY-MM-DDTHH:MM:SSZ"; an entity stored after the instant judged does not exist then. */
struct xy_conv_entity {
    int64_t id;
    const char *dept;       /* the department (registration authority) whose list holds it */
    const char *authority;  /* "9", "5", "1", "8", "other" */
    const char *orgcode, *regno, *uscc; /* as stored ("" or NULL when none) */
    const char *name, *registered;
    const char *first_at;   /* first stored */
    const char *uscc_at;    /* when the list first gave a USCC, or NULL */
    const char *matched;    /* the USCC of a subject the platform holds with this organisation code
                               (characters 9-17) or registration number, or NULL */
    const char *matched_at; /* when that subject was stored */
    int matches;            /* subjects found (2 or more: the old code sits in two unified codes) */
};

/* Why an entity's code counts as duplicate or wrong (bits). */
enum {
    XY_CONV_BAD_ORGCODE = 1,      /* organisation code fails its check character */
    XY_CONV_BAD_REGNO = 2,        /* registration number fails its check digit */
    XY_CONV_BAD_USCC = 4,         /* the given USCC fails a check character */
    XY_CONV_BAD_DISAGREES = 8,    /* the given USCC's embedded organisation code is not the register's */
    XY_CONV_DUP_ORGCODE = 16,     /* another entity has the same organisation code */
    XY_CONV_DUP_USCC = 32,        /* another entity has the same unified code */
    XY_CONV_DUP_SUBJECTS = 64,    /* the organisation code sits in two subjects' unified codes */
};
/* Writes the reasons of bits as "中文 (English)" phrases joined by "; ". */
void xy_conv_reasons(unsigned bits, char *out, size_t size);

/* An entity judged. */
struct xy_conv_status {
    int exists;          /* stored before the instant */
    int converted;       /* has a unified code by then */
    int converted_in;    /* ... that it got within [from, to) */
    const char *code;    /* the unified code it has (given and valid, else the matched one), or NULL */
    unsigned bad;        /* XY_CONV_* bits, 0 when its code is sound */
};

/* Judges the register e[0..n) as of `to` (entities stored at or after it do not exist; a code given
 * or matched at or after it does not count), with [from, to) the month whose new codes are counted.
 * OUT: st[0..n). XY_ENOMEM. */
int xy_conv_judge(const struct xy_conv_entity *e, size_t n, const char *from, const char *to,
                  struct xy_conv_status *st, struct xy_error *err);

/* Category 8's columns, in order (core/monitor_figures.c's c8 has the same keys). */
enum { XY_CONV_OLD, XY_CONV_CONVERTED, XY_CONV_RATE, XY_CONV_NEW, XY_CONV_CODES, XY_CONV_BAD, XY_CONV_BAD_RATE };

#endif
