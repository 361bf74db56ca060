/* SPDX-License-Identifier: Apache-2.0 */
/* Organisation code (组织机构代码), GB 11714-1997: 8 body characters (digits, A-Z) and a check
 * character, printed XXXXXXXX-X. It is also embedded in the USCC at positions 9-17. */
#ifndef XY_ORGCODE_H
#define XY_ORGCODE_H

#include <stddef.h>

#include "core/ids.h"

/* Computes the check character for the 8 body characters at body8 (digits and upper-case A-Z,
 * valued 0-35; weights 3,7,9,10,5,8,4,2; C = 11 - sum mod 11, 10 -> 'X', 11 -> '0').
 * Returns '0'-'9' or 'X', or 0 when a body character is outside 0-9, A-Z. */
char xy_orgcode_check_char(const char *body8);

/* Checks value (len bytes, as typed: it is normalised first, see xy_id_normalize()) as an
 * organisation code. Rules in order: length (9 characters, or 10 including a hyphen), charset
 * (body 0-9 and A-Z, the hyphen of a 10-character value 9th, check char digit or X/x), checksum.
 * OUT: *res (may be NULL): kind, first failing rule, and the normalised value, which for a value
 * passing the charset rule is the 9 characters without the hyphen, X upper-case.
 * Returns the first failing rule, or XY_ID_OK. */
enum xy_id_rule xy_orgcode_check(const char *value, size_t len, struct xy_id_result *res);

#endif
