/* SPDX-License-Identifier: Apache-2.0 */
/* The objection state machine as a table of moves. */
#include "core/objection.h"

#include <string.h>

static const char *const STATE_NAMES[XY_OBJ__COUNT] = {
    [XY_OBJ_SUBMITTED] = "submitted", [XY_OBJ_ACCEPTED] = "accepted", [XY_OBJ_FORWARDED] = "forwarded",
    [XY_OBJ_DECIDED] = "decided",     [XY_OBJ_CLOSED] = "closed",     [XY_OBJ_REJECTED] = "rejected",
};

static const char *const ACTION_NAMES[XY_OBJ__ACTIONS] = {
    [XY_OBJ_ACCEPT] = "accept", [XY_OBJ_REJECT] = "reject", [XY_OBJ_FORWARD] = "forward",
    [XY_OBJ_EXTEND] = "extend", [XY_OBJ_DECIDE] = "decide", [XY_OBJ_CLOSE] = "close",
};

/* The same in Chinese, as the portal and the console name them, for problems a person reads. */
static const char *const STATE_ZH[XY_OBJ__COUNT] = {
    [XY_OBJ_SUBMITTED] = "已提交", [XY_OBJ_ACCEPTED] = "已受理（异议中）", [XY_OBJ_FORWARDED] = "已转交",
    [XY_OBJ_DECIDED] = "已核实",   [XY_OBJ_CLOSED] = "已办结",           [XY_OBJ_REJECTED] = "不予受理",
};

static const char *const ACTION_ZH[XY_OBJ__ACTIONS] = {
    [XY_OBJ_ACCEPT] = "受理",           [XY_OBJ_REJECT] = "不予受理",     [XY_OBJ_FORWARD] = "转交部门核实",
    [XY_OBJ_EXTEND] = "延长核实时限", [XY_OBJ_DECIDE] = "作出核实决定", [XY_OBJ_CLOSE] = "办结",
};

static const char *const DECISION_NAMES[] = {
    [XY_OBJ_NONE] = "", [XY_OBJ_CORRECT] = "correct", [XY_OBJ_DELETE] = "delete", [XY_OBJ_UPHOLD] = "uphold",
};

/* The moves: from, action, to. */
static const struct {
    enum xy_obj_state from;
    enum xy_obj_action action;
    enum xy_obj_state to;
} MOVES[] = {
    {XY_OBJ_SUBMITTED, XY_OBJ_ACCEPT, XY_OBJ_ACCEPTED},   {XY_OBJ_SUBMITTED, XY_OBJ_REJECT, XY_OBJ_REJECTED},
    {XY_OBJ_ACCEPTED, XY_OBJ_FORWARD, XY_OBJ_FORWARDED},  {XY_OBJ_FORWARDED, XY_OBJ_EXTEND, XY_OBJ_FORWARDED},
    {XY_OBJ_FORWARDED, XY_OBJ_DECIDE, XY_OBJ_DECIDED},    {XY_OBJ_DECIDED, XY_OBJ_CLOSE, XY_OBJ_CLOSED},
};

void xy_obj_limits_default(struct xy_obj_limits *l)
{
    l->accept = 1;
    l->forward = 2;
    l->decide = 5;
    l->extend = 5;
    l->close = 2;
}

static int parse(const char *const *names, int n, const char *name, int *out)
{
    for (int i = 0; name && i < n; i++)
        if (names[i][0] && strcmp(names[i], name) == 0) {
            *out = i;
            return 0;
        }
    return -1;
}

const char *xy_obj_state_name(enum xy_obj_state s)
{
    return (unsigned)s < XY_OBJ__COUNT ? STATE_NAMES[s] : "?";
}

int xy_obj_state_parse(const char *name, enum xy_obj_state *out)
{
    int i;
    if (parse(STATE_NAMES, XY_OBJ__COUNT, name, &i))
        return -1;
    *out = (enum xy_obj_state)i;
    return 0;
}

const char *xy_obj_action_name(enum xy_obj_action a)
{
    return (unsigned)a < XY_OBJ__ACTIONS ? ACTION_NAMES[a] : "?";
}

int xy_obj_action_parse(const char *name, enum xy_obj_action *out)
{
    int i;
    if (parse(ACTION_NAMES, XY_OBJ__ACTIONS, name, &i))
        return -1;
    *out = (enum xy_obj_action)i;
    return 0;
}

const char *xy_obj_decision_name(enum xy_obj_decision d)
{
    return (unsigned)d <= XY_OBJ_UPHOLD ? DECISION_NAMES[d] : "";
}

int xy_obj_decision_parse(const char *name, enum xy_obj_decision *out)
{
    int i;
    if (parse(DECISION_NAMES, XY_OBJ_UPHOLD + 1, name, &i))
        return -1;
    *out = (enum xy_obj_decision)i;
    return 0;
}

int xy_obj_open(enum xy_obj_state s)
{
    return s != XY_OBJ_CLOSED && s != XY_OBJ_REJECTED;
}

int xy_obj_marks_record(enum xy_obj_state s)
{
    return s == XY_OBJ_ACCEPTED || s == XY_OBJ_FORWARDED || s == XY_OBJ_DECIDED;
}

enum xy_obj_actor xy_obj_actor(enum xy_obj_action a)
{
    return a == XY_OBJ_EXTEND || a == XY_OBJ_DECIDE ? XY_OBJ_BY_SOURCE : XY_OBJ_BY_OFFICE;
}

int xy_obj_next(enum xy_obj_state s, enum xy_obj_action a, int extended, const struct xy_obj_limits *l,
                enum xy_obj_state *next, int *limit, struct xy_error *err)
{
    if ((unsigned)s >= XY_OBJ__COUNT || (unsigned)a >= XY_OBJ__ACTIONS)
        return xy_error_set(err, XY_EINVAL, "unknown objection state or action");
    for (size_t i = 0; i < sizeof MOVES / sizeof *MOVES; i++) {
        if (MOVES[i].from != s || MOVES[i].action != a)
            continue;
        if (a == XY_OBJ_EXTEND && extended)
            return xy_error_set(err, XY_ESTATE, "核实时限已延长过一次，不能再次延长 (the decision's time limit was "
                                "extended once already)");
        *next = MOVES[i].to;
        switch (a) {
        case XY_OBJ_ACCEPT: *limit = l->forward; break;
        case XY_OBJ_FORWARD: *limit = l->decide; break;
        case XY_OBJ_EXTEND: *limit = l->extend; break; /* added to the running limit */
        case XY_OBJ_DECIDE: *limit = l->close; break;
        default: *limit = 0; break;
        }
        return 0;
    }
    return xy_error_set(err, XY_ESTATE, "异议当前为“%s”，不能执行“%s” (an objection that is %s cannot be given the "
                        "action %s)", STATE_ZH[s], ACTION_ZH[a], xy_obj_state_name(s), xy_obj_action_name(a));
}
