/* SPDX-License-Identifier: Apache-2.0 */
/* Assessment (考核, the 2018 Wuhan work plan item 17): a scoring model as data (the "assessment"
 * member of catalog/supervision.json), the periods it scores (a quarter, a year), and a unit's score
 * with its breakdown. Pure: the app measures each unit over the period (sums of the monthly figures,
 * notices) and asks for the points. docs/internals/SUPERVISION.md. */
#ifndef XY_ASSESSMENT_H
#define XY_ASSESSMENT_H

#include <jansson.h>
#include <stdint.h>

#include "common/xy_error.h"

#define XY_ASSESS_MAX_IND 16

/* What an indicator can measure: a ratio of two sums over the period, or a count. */
enum xy_assess_measure {
    XY_AM_PUBLICITY = 0, /* double publicity submitted / (declared - exempt) */
    XY_AM_TIMELINESS,    /* submitted within 7 working days / submitted */
    XY_AM_QUALITY,       /* rows accepted / rows sent */
    XY_AM_NOTICES,       /* supervision notices sent to the unit in the period */
    XY_AM_ESCALATED,     /* of those, escalated for missing their deadline */
    XY_AM__COUNT
};
const char *xy_assess_measure_name(enum xy_assess_measure m);
int xy_assess_measure_is_ratio(enum xy_assess_measure m);

enum xy_assess_formula {
    XY_AF_RATIO = 0, /* points = weight * clamp((value - zero) / (full - zero), 0, 1) */
    XY_AF_DEDUCT,    /* points = max(0, weight - per * value) */
};

struct xy_assess_ind {
    char key[32], name_zh[64], name_en[96];
    enum xy_assess_measure measure;
    enum xy_assess_formula formula;
    double weight, zero, full, per;
};
struct xy_assess_model {
    char version[48];
    int quarter, year; /* the periods it scores */
    struct xy_assess_ind ind[XY_ASSESS_MAX_IND];
    int n;
};

/* Parses a model:
 *   {"version":"...","periods":["quarter","year"],"indicators":[{"key","name_zh","name_en",
 *    "measure":"publicity_rate"|"timeliness"|"quality"|"notices"|"notices_escalated",
 *    "weight":W (0 < W <= 100),"formula":"ratio","zero":Z,"full":F (0 <= Z < F <= 1)
 *    | "formula":"deduct","per":P (> 0)}...]}
 * 1..16 indicators, keys unique, weights summing to 100. XY_EINVAL naming the fault. */
int xy_assess_model_parse(const json_t *doc, struct xy_assess_model *out, struct xy_error *err);

/* A period: "2026Q1".."2026Q4" or "2026". OUT: first month (year, month) and the number of months
 * (3 or 12). 0, or -1 when it does not parse (years 2000..2098). */
int xy_assess_period_parse(const char *s, int *year, int *month, int *nmonths);

/* A unit's measure over the period: for a ratio the two sums (den 0: no data), for a count num. */
struct xy_assess_value {
    int64_t num, den;
};

/* The points of one indicator. *applies 0 when a ratio has no denominator: the indicator does not
 * apply to this unit and its weight is left out of the score. */
double xy_assess_points(const struct xy_assess_ind *ind, const struct xy_assess_value *v, int *applies,
                        double *value);

/* A unit's score: its breakdown [{"key","name_zh","measure","value","points","weight","applies"}...]
 * and score = 100 * sum(points) / sum(weights that apply), to 2 places; null when none applies.
 * values[m] for each measure. OUT: *breakdown (caller owns), *score (-1 when null). */
int xy_assess_score(const struct xy_assess_model *m, const struct xy_assess_value values[XY_AM__COUNT],
                    json_t **breakdown, double *score, struct xy_error *err);

#endif
