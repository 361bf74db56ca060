/* SPDX-License-Identifier: Apache-2.0 */
/* Supervision (督办, the 2018 Wuhan work plan items 3, 4 and 19): the rules that raise a notice
 * candidate about a department, their thresholds as data (catalog/supervision.json, "rules"), and
 * the life cycle of a notice. Pure: the app gathers the facts (last batches, a month's figures, what
 * is overdue) and asks these rules; time and the calendar come in as arguments.
 * docs/internals/SUPERVISION.md. */
#ifndef XY_SUPERVISION_H
#define XY_SUPERVISION_H

#include <stddef.h>
#include <stdint.h>

#include "common/xy_date.h"
#include "common/xy_error.h"
#include "core/workday.h"

/* The rules' names, as candidates carry them. */
#define XY_SUP_SILENCE "silence"                   /* no batch for N working days */
#define XY_SUP_PUBLICITY "publicity_rate"          /* a class's publicity rate under a threshold in a month */
#define XY_SUP_TIMELINESS "timeliness"             /* a class's timeliness under a threshold in a month */
#define XY_SUP_OBJECTION "objection_overdue"       /* an objection past the department's time limit */
#define XY_SUP_REPAIR "repair_overdue"             /* a repair application past its time limit */
#define XY_SUP_FEEDBACK "feedback_overdue"         /* a check's feedback past its due day */

/* The rules' parameters. A rule whose parameter is 0 (or enabled 0) raises nothing. */
struct xy_sup_rules {
    char version[48];
    int silence_workdays;  /* a department with no batch in this many working days */
    double publicity_min;  /* a rate under this (a fraction, 0..1) raises */
    double timeliness_min;
    int objection, repair, feedback; /* raise overdue ones (1) or not (0) */
    int answer_workdays;   /* a notice's deadline, in working days from the day it is sent */
    int escalate_workdays; /* the second-level deadline, from the day a notice escalates */
};

/* Parses the "rules" member of catalog/supervision.json:
 *   {"version":"...","silence":{"workdays":10},"publicity_rate":{"below":0.95},
 *    "timeliness":{"below":0.9},"objection_overdue":{"enabled":true},"repair_overdue":{...},
 *    "feedback_overdue":{...},"notice":{"answer_workdays":10,"escalate_workdays":5}}
 * every member required; working days 0..250, thresholds 0..1. XY_EINVAL naming the member. */
int xy_sup_rules_parse(const char *text, size_t len, struct xy_sup_rules *out, struct xy_error *err);

/* Silence: a department whose last batch (or, having none, its registration) was on `since` is silent
 * on `today` when at least r->silence_workdays working days lie in (since, today]. OUT: *workdays
 * (those days). Returns 1 when silent, 0 when not (or the rule is off). */
int xy_sup_silent(const struct xy_sup_rules *r, const struct xy_calendar *cal, struct xy_date since,
                  struct xy_date today, int *workdays);

/* A rate num/den under min: 1 when den > 0 and num < min * den (exact in whole numbers: no rounding
 * decides), 0 otherwise (no denominator: nothing to judge). min <= 0 turns the rule off. */
int xy_sup_rate_low(double min, int64_t num, int64_t den);

/* The month whose figures the rate rules judge on `today`: the latest month whose report was due
 * (the 22nd of the month after) before today. OUT: *y, *m. */
void xy_sup_judged_month(struct xy_date today, int *y, int *m);

/* ---- a notice's life cycle ---------------------------------------------------------------------- */

enum xy_sup_state {
    XY_SUP_CANDIDATE = 0, /* raised by a rule; the office reviews it */
    XY_SUP_DISMISSED,     /* the office decided not to send it (with a reason) */
    XY_SUP_SENT,          /* sent to the department, with a deadline */
    XY_SUP_ANSWERED,      /* the department answered; the office judges the answer */
    XY_SUP_RETURNED,      /* the answer was not enough: the department answers again */
    XY_SUP_ACCEPTED,      /* rectified: done */
    XY_SUP_ESCALATED,     /* past its deadline unanswered: a second-level notice, flagged to the office */
    XY_SUP__COUNT
};
enum xy_sup_action {
    XY_SUPA_SEND = 0,
    XY_SUPA_DISMISS,
    XY_SUPA_ANSWER,
    XY_SUPA_ACCEPT,
    XY_SUPA_RETURN,
    XY_SUPA_ESCALATE,
    XY_SUPA__COUNT
};
const char *xy_sup_state_name(enum xy_sup_state s);
int xy_sup_state_parse(const char *name, enum xy_sup_state *out); /* 0 or -1 */
const char *xy_sup_state_zh(enum xy_sup_state s);
const char *xy_sup_action_name(enum xy_sup_action a);
/* The move: XY_ESTATE with a sentence when a is not allowed in s. */
int xy_sup_next(enum xy_sup_state s, enum xy_sup_action a, enum xy_sup_state *next, struct xy_error *err);
/* Is a notice in s waiting for the department (and so able to go overdue)? */
int xy_sup_awaits_department(enum xy_sup_state s);

/* A notice's number: "武信督〔YYYY〕N号" (out: 48 bytes); the prefix up to the year's bracket is
 * xy_sup_number_prefix's. */
void xy_sup_number(int year, int64_t n, char out[48]);
void xy_sup_number_prefix(int year, char out[48]);

/* A rule's name in Chinese and English ("数据报送中断 (silent department)"), "" when unknown. */
const char *xy_sup_rule_title(const char *rule);

#endif
