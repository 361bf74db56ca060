/* SPDX-License-Identifier: Apache-2.0 */
/* One entry point for checking an identifier of a given or unknown kind: dispatches to the USCC,
 * resident ID number and organisation code checks and, for an unknown kind, infers it. */
#ifndef XY_IDCHECK_H
#define XY_IDCHECK_H

#include <stddef.h>

#include "core/ids.h"

/* Checks value (len bytes, as typed; normalised first, see xy_id_normalize()).
 * kind: the kind to check it as, or XY_ID_KIND_ANY to infer it:
 *   - the USCC placeholder is reported as a USCC (rule category, res->placeholder set);
 *   - valid as exactly one kind: that kind (XY_ID_INFER_UNIQUE);
 *   - valid as several (only 18-character values can be: USCC and RIC) or none: the kind its shape
 *     suggests, flagged XY_ID_INFER_AMBIGUOUS or XY_ID_INFER_GUESSED. Shapes: 18 characters, 17
 *     digits and a digit or X/x: ric, other 18: uscc; 15: ric; 9, or 10 including a '-':
 *     orgcode; any other length: ric when all digits (a final X/x allowed), else uscc.
 * today: for the RIC birthdate rule; must not be NULL.
 * OUT: *res (not NULL), including res->valid_kinds when inferred.
 * Returns res->rule. */
enum xy_id_rule xy_id_check(const char *value, size_t len, enum xy_id_kind kind,
                            const struct xy_id_date *today, struct xy_id_result *res);

#endif
