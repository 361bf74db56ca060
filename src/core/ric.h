/* SPDX-License-Identifier: Apache-2.0 */
/* Resident identity number (公民身份号码, RIC), GB 11643-1999: address code (pos 1-6), birth
 * date YYYYMMDD (7-14), sequence (15-17, the 17th odd for men), ISO 7064 MOD 11-2 check (18).
 * The legacy 15-digit form (YYMMDD, no check) is accepted and upgraded. DOMAIN §2. */
#ifndef XY_RIC_H
#define XY_RIC_H

#include <stddef.h>

#include "core/ids.h"
#include "core/region.h"

enum xy_ric_sex {
    XY_RIC_FEMALE = 0,
    XY_RIC_MALE = 1,
};

/* A resident ID number taken apart. */
struct xy_ric_parts {
    char region[7]; /* the address code, e.g. "360426" */
    const struct xy_province *province;
    struct xy_id_date birth;
    enum xy_ric_sex sex;
};

/* Computes the check character for the 17 digits at digits17 (weights 2^(18-i) mod 11; r = sum
 * mod 11; check = (12 - r) mod 11, 10 written 'X'). Returns '0'-'9' or 'X', or 0 when one of the
 * 17 characters is not a digit. */
char xy_ric_check_char(const char *digits17);

/* Checks value (len bytes, as typed: normalised first, see xy_id_normalize()) as a resident ID
 * number. Rules in order: length (18, or 15 for the legacy form); charset (18: 17 digits then a
 * digit or X/x; 15: digits); region (first two digits a province-level code, not 10); birthdate
 * (a real date from 1900-01-01 to *today inclusive; the legacy form's year is 19YY); checksum
 * (18 only). today must not be NULL.
 * OUT: *res (may be NULL); for a valid 15-digit number res->upgraded holds the 18-digit form.
 * Returns the first failing rule, or XY_ID_OK. */
enum xy_id_rule xy_ric_check(const char *value, size_t len, const struct xy_id_date *today,
                             struct xy_id_result *res);

/* Upgrades a legacy number: inserts "19" after the 6th digit and appends the check character.
 * digits15: 15 bytes. OUT: out (NUL-terminated). Returns 0, or -1 when digits15 has a non-digit
 * (out then holds ""). Neither the region nor the date is checked: use xy_ric_check() for that. */
int xy_ric_upgrade(const char *digits15, char out[19]);

/* Decodes the address code, birth date and sex of a number that passed xy_ric_check() (its
 * normalised 18- or 15-digit form, len bytes). OUT: *parts. Returns 0, or -1 when len is neither
 * 18 nor 15 or a decoded field is not digits. The province is NULL for an unknown code. */
int xy_ric_decode(const char *ric, size_t len, struct xy_ric_parts *parts);

/* Masks a number for display: the first 4 and last 4 characters kept, every other character
 * '*' (360426199101010071 -> 3604**********0071). A value of 8 characters or fewer is masked
 * whole. value: len bytes (characters are UTF-8 code points). OUT: out (outsize bytes,
 * NUL-terminated). Returns 0, or -1 when out is too small (out then holds "" if outsize > 0). */
int xy_ric_mask(const char *value, size_t len, char *out, size_t outsize);

#endif
