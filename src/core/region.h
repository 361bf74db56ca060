/* SPDX-License-Identifier: Apache-2.0 */
/* Province-level divisions of GB/T 2260, the first two digits of a division (address) code, as
 * used by the USCC region (pos 3-8) and the resident ID number address code (pos 1-6). */
#ifndef XY_REGION_H
#define XY_REGION_H

#include <stdbool.h>
#include <stddef.h>

/* One province-level division. Strings are static. */
struct xy_province {
    char code[3];        /* two digits, e.g. "42" */
    const char *name;    /* Chinese name, e.g. "湖北省" */
    const char *name_en; /* English name, e.g. "Hubei" */
    bool national;       /* the national-level entry "10" (only for the code 100000) */
};

/* Looks up the province-level division of a 6-digit division code by its first two digits:
 * 11-15, 21-23, 31-37, 41-46, 50-54, 61-65, 71, 81, 82; and the national entry for exactly
 * "100000". code6 must hold 6 readable bytes. Returns the entry, or NULL when unknown (including
 * any other code starting with 10, or non-digits). */
const struct xy_province *xy_region_province(const char *code6);

/* One county-level division of the city this platform serves (武汉市, DOMAIN §1.1), or the city
 * itself. Strings are static. */
struct xy_district {
    char code[7];        /* six digits, e.g. "420102" */
    const char *name;    /* "江岸区" */
    const char *name_en; /* "Jiang'an District" */
};

/* The city's own division (420100) or one of its 13 districts, by exact 6-digit code; NULL for any
 * other text. Departments report by these (the monthly indicators of DOMAIN §7). */
const struct xy_district *xy_region_district(const char *code);

/* The districts in code order, the city first: OUT *n. */
const struct xy_district *xy_region_districts(size_t *n);

#endif
