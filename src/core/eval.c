/* SPDX-License-Identifier: Apache-2.0 */
/* Scoring one subject (eval.h). */
#include "core/eval.h"

#include <stdlib.h>
#include <string.h>

#include "common/xy_alloc.h"

/* 1 when the stored codes value (codes separated by ';', as the import stores them) holds code. */
static int has_code(const char *value, const char *code)
{
    size_t cl = strlen(code);
    for (const char *p = value; p && *p;) {
        size_t n = strcspn(p, ";,");
        if (n == cl && memcmp(p, code, cl) == 0)
            return 1;
        p += n;
        if (*p)
            p++;
    }
    return 0;
}

const struct xy_eval_rule *xy_eval_match(const struct xy_eval_model *m, const struct xy_eval_dim *d,
                                         const struct xy_eval_input *in)
{
    (void)m;
    for (size_t r = 0; r < d->nrules; r++) {
        const struct xy_eval_rule *x = &d->rules[r];
        if (strcmp(x->cls->name, in->cls) != 0)
            continue;
        if (x->key >= 0) {
            const char *v = in->keys[x->key];
            size_t i;
            for (i = 0; v && i < x->ncodes && !has_code(v, x->codes[i]); i++)
                ;
            if (!v || i == x->ncodes)
                continue;
        }
        if (x->min_fen >= 0 && in->amount_fen < x->min_fen)
            continue;
        return x;
    }
    return NULL;
}

static int day_of(const char *s, int32_t *days)
{
    struct xy_date d;
    if (!s || strlen(s) != 10 || xy_date_parse(s, 10, &d))
        return -1;
    *days = xy_date_to_days(d);
    return 0;
}

/* p * num / den rounded half away from zero, in integers. */
static int64_t scale(int64_t p, int64_t num, int64_t den)
{
    int64_t x = p * num, q = x / den, r = x % den;
    if (2 * llabs(r) >= den)
        q += x < 0 ? -1 : 1;
    return q;
}

int64_t xy_eval_fade(const struct xy_eval_model *m, const struct xy_eval_dim *d, const struct xy_eval_input *in,
                     int64_t p, struct xy_date as_of)
{
    int32_t today = xy_date_to_days(as_of), decided, until, valid;
    struct xy_date dd;
    switch (d->recency) {
    case XY_RECENCY_NONE:
        return p;
    case XY_RECENCY_IN_FORCE:
        return day_of(in->valid_to, &valid) == 0 && valid < today ? 0 : p;
    case XY_RECENCY_PUBLICITY:
        if (day_of(in->decision_date, &decided))
            return p; /* no date to age it by */
        xy_date_parse(in->decision_date, 10, &dd);
        int32_t full_end = xy_date_to_days(xy_date_add_months(dd, m->full_months));
        if (today <= full_end || day_of(in->public_until, &until))
            return p;
        if (today >= until || until <= full_end)
            return 0;
        return scale(p, until - today, until - full_end);
    }
    return p;
}

static int by_effect(const void *a, const void *b)
{
    const struct xy_eval_item *x = a, *y = b;
    int64_t ax = llabs(x->points), ay = llabs(y->points);
    if (ax != ay)
        return ax > ay ? -1 : 1;
    return x->record_id < y->record_id ? -1 : x->record_id > y->record_id; /* a stable order to compare runs by */
}

int xy_eval_score(const struct xy_eval_model *m, const struct xy_eval_input *in, size_t n, struct xy_date as_of,
                  struct xy_eval_result *res)
{
    memset(res, 0, sizeof *res);
    res->dims = xy_calloc(m->ndims ? m->ndims : 1, sizeof *res->dims);
    res->items = n ? xy_calloc(n * m->ndims, sizeof *res->items) : NULL;
    if (!res->dims || (n && m->ndims && !res->items)) {
        xy_eval_result_free(res);
        return XY_ENOMEM;
    }
    int64_t total = m->base;
    for (size_t d = 0; d < m->ndims; d++) {
        const struct xy_eval_dim *dim = &m->dims[d];
        for (size_t i = 0; i < n; i++) {
            const struct xy_eval_rule *rule = xy_eval_match(m, dim, &in[i]);
            if (!rule)
                continue;
            int64_t p = xy_eval_fade(m, dim, &in[i], rule->points, as_of);
            if (p == 0)
                continue; /* faded out: no longer a reason */
            res->items[res->nitems++] =
                (struct xy_eval_item){.record_id = in[i].record_id, .dim = dim, .rule = rule, .full = rule->points, .points = p};
            res->dims[d].raw += p;
        }
        int64_t c = res->dims[d].raw;
        res->dims[d].counted = c > dim->cap ? dim->cap : c < -dim->cap ? -dim->cap : c;
        total += res->dims[d].counted;
    }
    res->score = total < m->floor ? m->floor : total > m->ceiling ? m->ceiling : total;
    res->grade = xy_eval_grade_of(m, res->score);
    if (res->nitems > 1)
        qsort(res->items, res->nitems, sizeof *res->items, by_effect);
    return XY_OK;
}

void xy_eval_result_free(struct xy_eval_result *res)
{
    xy_free(res->items);
    xy_free(res->dims);
    res->items = NULL;
    res->dims = NULL;
    res->nitems = 0;
}
