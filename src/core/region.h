/* SPDX-License-Identifier: Apache-2.0 */
/* Province-level divisions of GB/T 2260, the first two digits of a division (address) code, as
 * used by the USCC region (pos 3-8) and the resident ID number address code (pos 1-6). */
#ifndef XY_REGION_H
#define XY_REGION_H

#include <stdbool.h>

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

#endif
