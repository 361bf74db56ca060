/* SPDX-License-Identifier: Apache-2.0 */
/* The credit evaluation model (公共信用综合评价模型) as data: a base score, dimensions whose rules
 * give points to records of catalogue classes, how the points fade with age, a cap per dimension and
 * the grade bands A-D (优/良/中/差). The office loads a model with the day from which it applies;
 * catalog/eval-model.json is the platform's first one. A model is checked against the catalogue
 * whole: every fault is named, and a model with any fault is refused. Parsed models are immutable. */
#ifndef XY_EVALMODEL_H
#define XY_EVALMODEL_H

#include <stddef.h>
#include <stdint.h>

#include "common/xy_error.h"
#include "core/catalog.h"

#define XY_EVAL_MAX_KEYS 8     /* distinct code fields the rules of one model may test */
#define XY_EVAL_MAX_CODES 16   /* codes one rule may list */
#define XY_EVAL_GRADES_MAX 8

/* How a rule's points fade with the record's age on the evaluation day. */
enum xy_eval_recency {
    XY_RECENCY_NONE,      /* full while the record counts */
    XY_RECENCY_PUBLICITY, /* full for full_months after the decision, then linearly to nothing at the
                             end of its publicity window (full throughout when it has none) */
    XY_RECENCY_IN_FORCE,  /* full until its valid-to date, nothing after */
};

struct xy_eval_rule {
    char *id;      /* penalty.revocation: names the rule in every explanation */
    char *name_zh; /* 吊销许可证件或执照 */
    const struct xy_class *cls;
    int key;                    /* index into the model's keys of the code field tested, or -1 */
    char *codes[XY_EVAL_MAX_CODES]; /* fires when the field holds any of these codes */
    size_t ncodes;
    int64_t min_fen; /* fires when the class's amount is at least this (-1: no amount test) */
    int64_t points;  /* in hundredths of a point: -2000 is -20 points */
};

struct xy_eval_dim {
    char *id;
    char *name_zh;
    int64_t cap; /* hundredths: the dimension's total stays within [-cap, cap] */
    enum xy_eval_recency recency;
    struct xy_eval_rule *rules; /* in order: a record counts once, by the first rule that fires */
    size_t nrules;
};

struct xy_eval_grade {
    char grade[2];  /* "A" */
    char *name_zh;  /* 优 */
    int64_t min;    /* hundredths, inclusive */
    int64_t max;    /* hundredths, exclusive, except for the top band, which includes the ceiling */
};

struct xy_eval_model {
    char *version;
    char *name_zh;
    int for_org, for_person; /* which subjects it grades ("applies_to") */
    int public_grades;       /* organisations' grades are public ("public_grades": true) */
    int64_t base, floor, ceiling; /* hundredths */
    int full_months;
    struct xy_eval_dim *dims;
    size_t ndims;
    struct xy_eval_grade grades[XY_EVAL_GRADES_MAX]; /* highest band first */
    size_t ngrades;
    /* The code fields the rules test, each (class, field key): what a store must give per record. */
    struct {
        const struct xy_class *cls;
        char *field; /* the field's key, e.g. penalty_categories */
    } keys[XY_EVAL_MAX_KEYS];
    size_t nkeys;
};

/* Parses and checks a model against cat (which must outlive the model). On any fault returns XY_EINVAL
 * naming the faults in err (as many as fit) and, when faults is not NULL, every fault in *faults, one
 * per line (caller frees with xy_free). OUT: *out, free with xy_eval_model_free(). */
int xy_eval_model_parse(const char *json, size_t len, const struct xy_catalog *cat, struct xy_eval_model **out,
                        char **faults, struct xy_error *err);
void xy_eval_model_free(struct xy_eval_model *m);

/* The band of a score (hundredths), or NULL when outside the model's range. */
const struct xy_eval_grade *xy_eval_grade_of(const struct xy_eval_model *m, int64_t score);

/* 1 when the model names class cls in any rule. */
int xy_eval_model_uses(const struct xy_eval_model *m, const char *cls);

#endif
