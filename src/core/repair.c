/* SPDX-License-Identifier: Apache-2.0 */
/* The repair state machine and the first day a repair may be asked for. */
#include "core/repair.h"

#include <string.h>

static const char *const STATES[XY_REP__COUNT] = {
    [XY_REP_SUBMITTED] = "submitted", [XY_REP_APPROVED] = "approved", [XY_REP_REFUSED] = "refused"};
static const char *const ACTIONS[XY_REP__ACTIONS] = {[XY_REP_APPROVE] = "approve", [XY_REP_REFUSE] = "refuse"};

const char *xy_rep_state_name(enum xy_rep_state s)
{
    return (unsigned)s < XY_REP__COUNT ? STATES[s] : "?";
}

int xy_rep_state_parse(const char *name, enum xy_rep_state *out)
{
    for (int i = 0; name && i < XY_REP__COUNT; i++)
        if (strcmp(STATES[i], name) == 0) {
            *out = (enum xy_rep_state)i;
            return 0;
        }
    return -1;
}

const char *xy_rep_action_name(enum xy_rep_action a)
{
    return (unsigned)a < XY_REP__ACTIONS ? ACTIONS[a] : "?";
}

int xy_rep_action_parse(const char *name, enum xy_rep_action *out)
{
    for (int i = 0; name && i < XY_REP__ACTIONS; i++)
        if (strcmp(ACTIONS[i], name) == 0) {
            *out = (enum xy_rep_action)i;
            return 0;
        }
    return -1;
}

int xy_rep_next(enum xy_rep_state s, enum xy_rep_action a, enum xy_rep_state *next, struct xy_error *err)
{
    if ((unsigned)a >= XY_REP__ACTIONS || (unsigned)s >= XY_REP__COUNT)
        return xy_error_set(err, XY_EINVAL, "unknown repair state or action");
    if (s != XY_REP_SUBMITTED)
        return xy_error_set(err, XY_ESTATE, "该信用修复申请已有决定：%s (the repair application is %s already)",
                            s == XY_REP_APPROVED ? "同意修复" : "不予修复", xy_rep_state_name(s));
    *next = a == XY_REP_APPROVE ? XY_REP_APPROVED : XY_REP_REFUSED;
    return 0;
}

int xy_repair_allowed_from(const char *min_until, const char *decision_date, int is_list, struct xy_date *out)
{
    struct xy_date d;
    if (min_until && xy_date_parse(min_until, strlen(min_until), &d) == 0) {
        *out = d;
        return 0;
    }
    if (is_list && decision_date && xy_date_parse(decision_date, strlen(decision_date), &d) == 0) {
        *out = xy_date_add_months(d, XY_REPAIR_LIST_MONTHS);
        return 0;
    }
    return -1;
}
