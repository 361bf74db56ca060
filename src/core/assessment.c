/* SPDX-License-Identifier: Apache-2.0 */
/* The assessment model and its scores (assessment.h). */
#include "core/assessment.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const MEASURES[XY_AM__COUNT] = {"publicity_rate", "timeliness", "quality", "notices",
                                                   "notices_escalated"};

const char *xy_assess_measure_name(enum xy_assess_measure m)
{
    return (unsigned)m < XY_AM__COUNT ? MEASURES[m] : "";
}

int xy_assess_measure_is_ratio(enum xy_assess_measure m)
{
    return m == XY_AM_PUBLICITY || m == XY_AM_TIMELINESS || m == XY_AM_QUALITY;
}

static int str_member(const json_t *o, const char *key, char *out, size_t size, int i, struct xy_error *err)
{
    const char *s = json_string_value(json_object_get(o, key));
    if (!s || !*s || strlen(s) >= size)
        return xy_error_set(err, XY_EINVAL, "考核模型 indicators[%d].%s 须为 1 至 %zu 字节的文本 (indicators[%d].%s must "
                            "be text of 1 to %zu bytes)", i, key, size - 1, i, key, size - 1);
    snprintf(out, size, "%s", s);
    return XY_OK;
}

static int num_member(const json_t *o, const char *key, double *out, int i, struct xy_error *err)
{
    const json_t *v = json_object_get(o, key);
    if (!json_is_number(v))
        return xy_error_set(err, XY_EINVAL, "考核模型 indicators[%d].%s 须为数 (indicators[%d].%s must be a number)", i,
                            key, i, key);
    *out = json_number_value(v);
    return XY_OK;
}

static int indicator(const json_t *o, int i, struct xy_assess_ind *ind, struct xy_error *err)
{
    char measure[32], formula[16];
    int rc;
    memset(ind, 0, sizeof *ind);
    if ((rc = str_member(o, "key", ind->key, sizeof ind->key, i, err)) ||
        (rc = str_member(o, "name_zh", ind->name_zh, sizeof ind->name_zh, i, err)) ||
        (rc = str_member(o, "name_en", ind->name_en, sizeof ind->name_en, i, err)) ||
        (rc = str_member(o, "measure", measure, sizeof measure, i, err)) ||
        (rc = str_member(o, "formula", formula, sizeof formula, i, err)) ||
        (rc = num_member(o, "weight", &ind->weight, i, err)))
        return rc;
    int m = 0;
    while (m < XY_AM__COUNT && strcmp(MEASURES[m], measure))
        m++;
    if (m == XY_AM__COUNT)
        return xy_error_set(err, XY_EINVAL, "考核模型 indicators[%d].measure 未知：%s (unknown measure; one of "
                            "publicity_rate, timeliness, quality, notices, notices_escalated)", i, measure);
    ind->measure = (enum xy_assess_measure)m;
    if (ind->weight <= 0 || ind->weight > 100)
        return xy_error_set(err, XY_EINVAL, "考核模型 indicators[%d].weight 须大于 0、不超过 100 (indicators[%d].weight "
                            "must be above 0 and at most 100)", i, i);
    if (!strcmp(formula, "ratio")) {
        ind->formula = XY_AF_RATIO;
        if ((rc = num_member(o, "zero", &ind->zero, i, err)) || (rc = num_member(o, "full", &ind->full, i, err)))
            return rc;
        if (!xy_assess_measure_is_ratio(ind->measure) || ind->zero < 0 || ind->zero >= ind->full || ind->full > 1)
            return xy_error_set(err, XY_EINVAL, "考核模型 indicators[%d]：ratio 须用于比率，0 <= zero < full <= 1 "
                                "(indicators[%d]: a ratio formula needs a rate measure and 0 <= zero < full <= 1)",
                                i, i);
    } else if (!strcmp(formula, "deduct")) {
        ind->formula = XY_AF_DEDUCT;
        if ((rc = num_member(o, "per", &ind->per, i, err)))
            return rc;
        if (xy_assess_measure_is_ratio(ind->measure) || ind->per <= 0)
            return xy_error_set(err, XY_EINVAL, "考核模型 indicators[%d]：deduct 须用于计数，per 大于 0 (indicators[%d]: "
                                "a deduct formula needs a count measure and per above 0)", i, i);
    } else {
        return xy_error_set(err, XY_EINVAL, "考核模型 indicators[%d].formula 须为 ratio 或 deduct (indicators[%d]."
                            "formula must be ratio or deduct)", i, i);
    }
    return XY_OK;
}

int xy_assess_model_parse(const json_t *doc, struct xy_assess_model *out, struct xy_error *err)
{
    struct xy_assess_model m;
    const json_t *inds = json_object_get(doc, "indicators"), *p;
    const char *v = json_string_value(json_object_get(doc, "version"));
    size_t i;
    double sum = 0;
    int rc;
    memset(&m, 0, sizeof m);
    if (!v || !*v || strlen(v) >= sizeof m.version)
        return xy_error_set(err, XY_EINVAL, "考核模型须有版本 (the assessment model needs a version of 1 to 47 bytes)");
    snprintf(m.version, sizeof m.version, "%s", v);
    json_array_foreach(json_object_get(doc, "periods"), i, p)
    {
        const char *s = json_string_value(p);
        if (s && !strcmp(s, "quarter"))
            m.quarter = 1;
        else if (s && !strcmp(s, "year"))
            m.year = 1;
        else
            return xy_error_set(err, XY_EINVAL, "考核模型 periods[%zu] 须为 quarter 或 year (periods[%zu] must be "
                                "quarter or year)", i, i);
    }
    if (!m.quarter && !m.year)
        return xy_error_set(err, XY_EINVAL, "考核模型须列出考核周期 (the model must list its periods: quarter, year)");
    if (!json_is_array(inds) || json_array_size(inds) == 0 || json_array_size(inds) > XY_ASSESS_MAX_IND)
        return xy_error_set(err, XY_EINVAL, "考核模型须有 1 至 %d 个指标 (the model needs 1 to %d indicators)",
                            XY_ASSESS_MAX_IND, XY_ASSESS_MAX_IND);
    for (m.n = 0; m.n < (int)json_array_size(inds); m.n++) {
        if ((rc = indicator(json_array_get(inds, (size_t)m.n), m.n, &m.ind[m.n], err)))
            return rc;
        for (int k = 0; k < m.n; k++)
            if (!strcmp(m.ind[k].key, m.ind[m.n].key))
                return xy_error_set(err, XY_EINVAL, "考核模型指标 %s 重复 (indicator %s appears twice)", m.ind[k].key,
                                    m.ind[k].key);
        sum += m.ind[m.n].weight;
    }
    if (fabs(sum - 100) > 1e-9)
        return xy_error_set(err, XY_EINVAL, "考核模型权重之和为 %g，须为 100 (the weights sum to %g, not 100)", sum, sum);
    *out = m;
    return XY_OK;
}

int xy_assess_period_parse(const char *s, int *year, int *month, int *nmonths)
{
    int y = 0, q = 0;
    size_t n = s ? strlen(s) : 0;
    if (n != 4 && n != 6)
        return -1;
    for (int i = 0; i < 4; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        y = y * 10 + (s[i] - '0');
    }
    if (y < 2000 || y > 2098)
        return -1;
    if (n == 6) {
        if (s[4] != 'Q' || s[5] < '1' || s[5] > '4')
            return -1;
        q = s[5] - '0';
    }
    *year = y;
    *month = q ? (q - 1) * 3 + 1 : 1;
    *nmonths = q ? 3 : 12;
    return 0;
}

double xy_assess_points(const struct xy_assess_ind *ind, const struct xy_assess_value *v, int *applies,
                        double *value)
{
    if (ind->formula == XY_AF_RATIO) {
        *applies = v->den > 0;
        if (!*applies) {
            *value = 0;
            return 0;
        }
        *value = (double)v->num / (double)v->den;
        double share = (*value - ind->zero) / (ind->full - ind->zero);
        share = share < 0 ? 0 : share > 1 ? 1 : share;
        return ind->weight * share;
    }
    *applies = 1;
    *value = (double)v->num;
    double p = ind->weight - ind->per * (double)v->num;
    return p < 0 ? 0 : p;
}

static double round2(double x)
{
    return round(x * 100) / 100;
}

int xy_assess_score(const struct xy_assess_model *m, const struct xy_assess_value values[XY_AM__COUNT],
                    json_t **breakdown, double *score, struct xy_error *err)
{
    json_t *b = json_array();
    double points = 0, weights = 0;
    for (int i = 0; b && i < m->n; i++) {
        const struct xy_assess_ind *ind = &m->ind[i];
        int applies;
        double value, p = xy_assess_points(ind, &values[ind->measure], &applies, &value);
        if (applies) {
            points += p;
            weights += ind->weight;
        }
        json_t *val = !applies                                     ? json_null()
                      : xy_assess_measure_is_ratio(ind->measure) ? json_real(round(value * 10000) / 10000)
                                                                   : json_integer((json_int_t)value);
        if (json_array_append_new(b, json_pack("{s:s, s:s, s:s, s:s, s:o, s:f, s:f, s:b}", "key", ind->key, "name_zh",
                                               ind->name_zh, "name_en", ind->name_en, "measure",
                                               xy_assess_measure_name(ind->measure), "value", val, "points",
                                               round2(p), "weight", ind->weight, "applies", applies))) {
            json_decref(b);
            b = NULL;
        }
    }
    if (!b)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    *breakdown = b;
    *score = weights > 0 ? round2(100 * points / weights) : -1;
    return XY_OK;
}
