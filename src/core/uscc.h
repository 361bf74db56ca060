/* SPDX-License-Identifier: Apache-2.0 */
/* Unified social credit code (统一社会信用代码, USCC), GB 32100-2015: authority (pos 1),
 * category (pos 2), division code (pos 3-8), GB 11714 organisation code (pos 9-17), mod-31 check
 * character (pos 18). DOMAIN §1. */
#ifndef XY_USCC_H
#define XY_USCC_H

#include <stdbool.h>
#include <stddef.h>

#include "core/ids.h"
#include "core/region.h"

/* The USCC alphabet, in value order (no I, O, S, V, Z). */
#define XY_USCC_ALPHABET "0123456789ABCDEFGHJKLMNPQRTUWXY"

/* The placeholder used for individual businesses without a USCC. Never a valid code. */
#define XY_USCC_PLACEHOLDER "00000000000000000X"

/* A USCC taken apart. Name strings are static. */
struct xy_uscc_parts {
    char authority;                /* pos 1: '1'-'9', 'A', 'N', 'Y' */
    const char *authority_name;    /* e.g. "工商" */
    const char *authority_name_en; /* e.g. "industry and commerce (SAMR)" */
    char category;                 /* pos 2 */
    const char *category_name;     /* e.g. "企业" */
    const char *category_name_en;  /* e.g. "enterprise" */
    char region[7];                /* pos 3-8, e.g. "420100" */
    const struct xy_province *province;
    char orgcode[10]; /* pos 9-17: the embedded organisation code, no hyphen */
    char check;       /* pos 18 */
};

/* Value of c in the USCC alphabet (0-30), or -1. */
int xy_uscc_char_value(char c);

/* Computes the check character (pos 18) for the 17 characters at first17 (weights 3^(i-1) mod
 * 31; C = (31 - sum mod 31) mod 31 mapped through the alphabet). Returns it, or 0 when a
 * character is outside the alphabet. The inner organisation-code check is xy_orgcode_check_char()
 * on first17 + 8. */
char xy_uscc_check_char(const char *first17);

/* Returns true when value (len bytes, normalised first) is the placeholder 00000000000000000X
 * (a lower-case x accepted). */
bool xy_uscc_is_placeholder(const char *value, size_t len);

/* Checks value (len bytes, as typed: normalised first, see xy_id_normalize()) as a USCC. Rules in
 * order: length (18); charset (pos 1 a digit or A/N/Y, pos 2-8 digits, pos 9-18 in the alphabet;
 * x accepted as X at pos 17-18); category (the placeholder fails here with res->placeholder set;
 * else pos 1 a known authority and pos 2 allowed for it); region (pos 3-8, see
 * xy_region_province()); checksum (the inner organisation-code check, then the outer mod-31 one).
 * OUT: *res (may be NULL). Returns the first failing rule, or XY_ID_OK. */
enum xy_id_rule xy_uscc_check(const char *value, size_t len, struct xy_id_result *res);

/* Takes apart code18, a code that passed xy_uscc_check() (its normalised form).
 * OUT: *parts. Returns 0, or -1 when the authority, category or region is unknown (parts then
 * holds what could be decoded; unknown names are NULL). */
int xy_uscc_decompose(const char *code18, struct xy_uscc_parts *parts);

#endif
