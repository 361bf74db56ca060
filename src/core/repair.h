/* SPDX-License-Identifier: Apache-2.0 */
/* Credit repair (信用修复), DOMAIN.md section 4.2: once the minimum publicity period of an adverse
 * record has passed, its subject applies, with proofs of correction and a signed repair commitment
 * (信用修复承诺); the source department approves or refuses with reasons within a limit in working
 * days. Approval ends publication at once (终止公示), keeps the record in the internal history and
 * lifts the list entries it caused. Pure. */
#ifndef XY_REPAIR_H
#define XY_REPAIR_H

#include "common/xy_date.h"
#include "common/xy_error.h"

enum xy_rep_state {
    XY_REP_SUBMITTED = 0,
    XY_REP_APPROVED,
    XY_REP_REFUSED,
    XY_REP__COUNT
};

enum xy_rep_action {
    XY_REP_APPROVE = 0,
    XY_REP_REFUSE,
    XY_REP__ACTIONS
};

/* A list entry without a publicity policy can be repaired this long after its decision. [default] */
#define XY_REPAIR_LIST_MONTHS 12

const char *xy_rep_state_name(enum xy_rep_state s);
int xy_rep_state_parse(const char *name, enum xy_rep_state *out);
const char *xy_rep_action_name(enum xy_rep_action a);
int xy_rep_action_parse(const char *name, enum xy_rep_action *out);

/* The move. XY_ESTATE when it is decided already. */
int xy_rep_next(enum xy_rep_state s, enum xy_rep_action a, enum xy_rep_state *next, struct xy_error *err);

/* The day from which a record may be repaired: its minimum publicity end (min_until, when the class has a
 * policy) or, for a list entry, its decision date plus XY_REPAIR_LIST_MONTHS. -1 when neither is known. */
int xy_repair_allowed_from(const char *min_until, const char *decision_date, int is_list, struct xy_date *out);

#endif
