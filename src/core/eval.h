/* SPDX-License-Identifier: Apache-2.0 */
/* Scoring one subject under an evaluation model (evalmodel.h): pure, exact and explained. Points are
 * whole hundredths and fading is integer arithmetic over days, so the same model, records and day
 * give the same score on every machine. The caller gives only records that count: current on the
 * evaluation day and in force (repaired, withdrawn and expired records, and those an upheld objection
 * took back, never reach here). */
#ifndef XY_EVAL_H
#define XY_EVAL_H

#include <stddef.h>
#include <stdint.h>

#include "common/xy_date.h"
#include "core/evalmodel.h"

/* One record as the model sees it. */
struct xy_eval_input {
    int64_t record_id;
    const char *cls;
    const char *decision_date, *valid_to, *public_until; /* YYYY-MM-DD or NULL */
    int64_t amount_fen;
    const char *keys[XY_EVAL_MAX_KEYS]; /* the value of the model's key k when it is of this class, else NULL */
};

/* A rule that fired: the explanation of its points. */
struct xy_eval_item {
    int64_t record_id;
    const struct xy_eval_dim *dim;
    const struct xy_eval_rule *rule;
    int64_t full;   /* the rule's points (hundredths) */
    int64_t points; /* after fading with age */
};

struct xy_eval_dim_total {
    int64_t raw;     /* the sum of its items */
    int64_t counted; /* within its cap */
};

struct xy_eval_result {
    int64_t score; /* hundredths, within the model's floor and ceiling */
    const struct xy_eval_grade *grade;
    struct xy_eval_item *items; /* owned; largest effect first */
    size_t nitems;
    struct xy_eval_dim_total *dims; /* owned; one per model dimension */
};

/* Scores in[0..n) on day as_of. OUT: *res (free with xy_eval_result_free). Errors: XY_ENOMEM. */
int xy_eval_score(const struct xy_eval_model *m, const struct xy_eval_input *in, size_t n, struct xy_date as_of,
                  struct xy_eval_result *res);
void xy_eval_result_free(struct xy_eval_result *res);

/* The rule of dimension d that a record fires (the first that matches), or NULL. */
const struct xy_eval_rule *xy_eval_match(const struct xy_eval_model *m, const struct xy_eval_dim *d,
                                         const struct xy_eval_input *in);

/* Points p (hundredths) faded for a record of dimension d on day as_of. */
int64_t xy_eval_fade(const struct xy_eval_model *m, const struct xy_eval_dim *d, const struct xy_eval_input *in,
                     int64_t p, struct xy_date as_of);

#endif
