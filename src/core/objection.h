/* SPDX-License-Identifier: Apache-2.0 */
/* The objection (异议) state machine, DOMAIN.md section 4.3: a subject challenges one record; the
 * credit office accepts it (the record is then marked "under objection" in every public view) or
 * rejects it with a reason, forwards it to the source department, which decides (correct, delete or
 * uphold) within its limit, once extendable; the office then closes it, applying the decision. Each
 * step has a limit in working days from the previous step. Pure: which moves exist, who makes them,
 * how long each may take. */
#ifndef XY_OBJECTION_H
#define XY_OBJECTION_H

#include "common/xy_error.h"

enum xy_obj_state {
    XY_OBJ_SUBMITTED = 0, /* filed, awaiting acceptance */
    XY_OBJ_ACCEPTED,      /* accepted: the record is marked; to be sent to the source */
    XY_OBJ_FORWARDED,     /* with the source department for a decision */
    XY_OBJ_DECIDED,       /* the department decided; the office is to apply it and tell the subject */
    XY_OBJ_CLOSED,        /* done */
    XY_OBJ_REJECTED,      /* refused at acceptance, with a reason */
    XY_OBJ__COUNT
};

enum xy_obj_action {
    XY_OBJ_ACCEPT = 0,
    XY_OBJ_REJECT,
    XY_OBJ_FORWARD,
    XY_OBJ_EXTEND, /* the department needs more time (complex case): once */
    XY_OBJ_DECIDE,
    XY_OBJ_CLOSE,
    XY_OBJ__ACTIONS
};

enum xy_obj_decision {
    XY_OBJ_NONE = 0,
    XY_OBJ_CORRECT, /* the record is wrong: a corrected version replaces it */
    XY_OBJ_DELETE,  /* the record should not exist: it is withdrawn */
    XY_OBJ_UPHOLD,  /* the record stands */
};

/* Who may make a move. */
enum xy_obj_actor {
    XY_OBJ_BY_OFFICE = 1,     /* the credit office (归集机构) */
    XY_OBJ_BY_SOURCE = 2,     /* the department that submitted the record */
};

/* Time limits in working days (DOMAIN §4.3 defaults: 1, 2, 5, +5, 2). */
struct xy_obj_limits {
    int accept;  /* from filing to acceptance or rejection */
    int forward; /* from acceptance to the department */
    int decide;  /* the department's decision */
    int extend;  /* added once on extension */
    int close;   /* from the decision to closing */
};

void xy_obj_limits_default(struct xy_obj_limits *l);

const char *xy_obj_state_name(enum xy_obj_state s);
int xy_obj_state_parse(const char *name, enum xy_obj_state *out); /* 0 or -1 */
const char *xy_obj_action_name(enum xy_obj_action a);
int xy_obj_action_parse(const char *name, enum xy_obj_action *out);
const char *xy_obj_decision_name(enum xy_obj_decision d); /* "" for none */
int xy_obj_decision_parse(const char *name, enum xy_obj_decision *out);

/* Is the objection still open (not closed or rejected)? Is the record marked while in this state? */
int xy_obj_open(enum xy_obj_state s);
int xy_obj_marks_record(enum xy_obj_state s);

/* The move: from state s by action a (extended: an extension was granted already). OUT: *next and
 * *limit, the working days the next step may take (0 when the objection is over).
 * XY_ESTATE with a sentence when the action is not allowed in s. */
int xy_obj_next(enum xy_obj_state s, enum xy_obj_action a, int extended, const struct xy_obj_limits *l,
                enum xy_obj_state *next, int *limit, struct xy_error *err);

/* Who makes the move. */
enum xy_obj_actor xy_obj_actor(enum xy_obj_action a);

#endif
