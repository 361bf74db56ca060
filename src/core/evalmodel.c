/* SPDX-License-Identifier: Apache-2.0 */
/* Parsing and checking an evaluation model (evalmodel.h). Faults are collected, not returned at the
 * first: the office fixes a model in one round. */
#include "core/evalmodel.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/xy_alloc.h"
#include "common/xy_buf.h"

struct ctx {
    const struct xy_catalog *cat;
    struct xy_eval_model *m;
    struct xy_buf faults;
    int nfaults;
    int oom;
};

static void fault(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fault(struct ctx *c, const char *fmt, ...)
{
    char line[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    c->nfaults++;
    if (xy_buf_printf(&c->faults, "%s%s", c->faults.len ? "\n" : "", line))
        c->oom = 1;
}

static char *dup_or_oom(struct ctx *c, const char *s)
{
    char *d = xy_strdup(s ? s : "");
    if (!d)
        c->oom = 1;
    return d;
}

/* A number of points (or a score) in hundredths; *ok 0 when v is not a finite number in range. */
static int64_t hundredths(const json_t *v, int *ok)
{
    double d = json_number_value(v);
    *ok = json_is_number(v) && isfinite(d) && fabs(d) <= 1e9;
    return *ok ? (int64_t)llround(d * 100.0) : 0;
}

static int key_index(struct ctx *c, const struct xy_class *cls, const char *field)
{
    struct xy_eval_model *m = c->m;
    for (size_t i = 0; i < m->nkeys; i++)
        if (m->keys[i].cls == cls && strcmp(m->keys[i].field, field) == 0)
            return (int)i;
    if (m->nkeys == XY_EVAL_MAX_KEYS) {
        fault(c, "规则检验的代码字段超过 %d 个 (the rules test more than %d code fields)", XY_EVAL_MAX_KEYS,
              XY_EVAL_MAX_KEYS);
        return -1;
    }
    m->keys[m->nkeys].cls = cls;
    m->keys[m->nkeys].field = dup_or_oom(c, field);
    return (int)m->nkeys++;
}

static void parse_rule(struct ctx *c, const char *dim, size_t ri, json_t *jr, struct xy_eval_rule *r)
{
    const char *id = json_string_value(json_object_get(jr, "id"));
    const char *cls = json_string_value(json_object_get(jr, "class"));
    json_t *when = json_object_get(jr, "when");
    char where[256];
    int ok;
    snprintf(where, sizeof where, "维度 %s 规则 %zu%s%.60s (dimension %s, rule %zu)", dim, ri + 1, id ? " " : "",
             id ? id : "", dim, ri + 1);
    r->key = -1;
    r->min_fen = -1;
    r->id = dup_or_oom(c, id);
    r->name_zh = dup_or_oom(c, json_string_value(json_object_get(jr, "name_zh")));
    if (!id || !*id || strlen(id) > 60 || strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789_.-") != strlen(id))
        fault(c, "%s：id 须为 1 到 60 个小写字母、数字、点、下划线或连字符 (id is 1 to 60 of a-z, 0-9, '.', '_', '-')",
              where);
    r->points = hundredths(json_object_get(jr, "points"), &ok);
    if (!ok)
        fault(c, "%s：points 须为数值 (points must be a number)", where);
    if (!cls || !(r->cls = xy_catalog_class(c->cat, cls))) {
        fault(c, "%s：未知的信息类别“%.40s” (unknown class \"%.40s\")", where, cls ? cls : "", cls ? cls : "");
        return;
    }
    if (!when)
        return;
    if (!json_is_object(when)) {
        fault(c, "%s：when 须为对象 (when must be an object)", where);
        return;
    }
    const char *field = json_string_value(json_object_get(when, "field"));
    json_t *any = json_object_get(when, "any"), *minw = json_object_get(when, "min_wan");
    int fi = field ? xy_class_field_lookup(r->cls, field, strlen(field)) : -1;
    if (fi < 0) {
        fault(c, "%s：类别 %s 没有字段“%.40s” (class %s has no field \"%.40s\")", where, cls, field ? field : "", cls,
              field ? field : "");
        return;
    }
    const struct xy_field *f = &r->cls->fields[fi];
    if (any && minw)
        fault(c, "%s：any 与 min_wan 只能取其一 (any and min_wan exclude each other)", where);
    if (any) {
        if ((f->type != XY_FT_CODE && f->type != XY_FT_CODES) || !f->list) {
            fault(c, "%s：字段 %s 不是代码字段，不能用 any (field %s is not a code field: any does not apply)", where,
                  f->key, f->key);
            return;
        }
        if (!json_is_array(any) || json_array_size(any) == 0 || json_array_size(any) > XY_EVAL_MAX_CODES) {
            fault(c, "%s：any 须为 1 到 %d 个代码的数组 (any is an array of 1 to %d codes)", where,
                  XY_EVAL_MAX_CODES, XY_EVAL_MAX_CODES);
            return;
        }
        size_t i;
        json_t *v;
        json_array_foreach(any, i, v) {
            const char *code = json_string_value(v);
            const struct xy_code *k = code ? xy_code_lookup(f->list, code, strlen(code)) : NULL;
            if (!k || strcmp(k->code, code) != 0)
                fault(c, "%s：代码“%.20s”不在字段 %s 的代码表 %s 中 (code \"%.20s\" is not in %s's list %s)", where,
                      code ? code : "", f->key, f->list->name, code ? code : "", f->key, f->list->name);
            else
                r->codes[r->ncodes++] = dup_or_oom(c, code);
        }
        r->key = key_index(c, r->cls, f->key);
    } else if (minw) {
        int64_t h = hundredths(minw, &ok);
        if (f->type != XY_FT_MONEY_WAN)
            fault(c, "%s：字段 %s 不是金额字段，不能用 min_wan (field %s is not an amount: min_wan does not apply)",
                  where, f->key, f->key);
        else if (!ok || h < 0)
            fault(c, "%s：min_wan 须为非负数 (min_wan must be a number, at least 0)", where);
        else
            r->min_fen = h * 10000; /* hundredths of 万元 are hundreds of yuan: 10,000 fen */
    } else {
        fault(c, "%s：when 须有 any 或 min_wan (when needs any or min_wan)", where);
    }
}

static void parse_dim(struct ctx *c, size_t di, json_t *jd, struct xy_eval_dim *d)
{
    const char *id = json_string_value(json_object_get(jd, "id"));
    const char *rec = json_string_value(json_object_get(jd, "recency"));
    json_t *rules = json_object_get(jd, "rules");
    char name[64];
    int ok;
    snprintf(name, sizeof name, "%s", id && *id ? id : "?");
    d->id = dup_or_oom(c, id);
    d->name_zh = dup_or_oom(c, json_string_value(json_object_get(jd, "name_zh")));
    if (!id || !*id)
        fault(c, "第 %zu 个维度缺少 id (dimension %zu: id is missing)", di + 1, di + 1);
    d->cap = hundredths(json_object_get(jd, "cap"), &ok);
    if (!ok)
        fault(c, "维度 %s：cap 须为数值 (dimension %s: cap must be a number)", name, name);
    else if (d->cap < 0)
        fault(c, "维度 %s：cap 不能小于 0 (dimension %s: cap is below zero)", name, name);
    if (!rec || strcmp(rec, "none") == 0)
        d->recency = XY_RECENCY_NONE;
    else if (strcmp(rec, "publicity") == 0)
        d->recency = XY_RECENCY_PUBLICITY;
    else if (strcmp(rec, "in_force") == 0)
        d->recency = XY_RECENCY_IN_FORCE;
    else
        fault(c, "维度 %s：recency 须为 none、publicity 或 in_force (dimension %s: recency is none, publicity or "
                 "in_force)", name, name);
    if (!json_is_array(rules) || json_array_size(rules) == 0) {
        fault(c, "维度 %s：rules 须为非空数组 (dimension %s: rules must be a non-empty array)", name, name);
        return;
    }
    d->rules = xy_calloc(json_array_size(rules), sizeof *d->rules);
    if (!d->rules) {
        c->oom = 1;
        return;
    }
    size_t i;
    json_t *jr;
    json_array_foreach(rules, i, jr) {
        d->nrules++;
        parse_rule(c, name, i, jr, &d->rules[i]);
        for (size_t j = 0; j < i; j++)
            if (d->rules[i].id && d->rules[j].id && *d->rules[i].id && strcmp(d->rules[i].id, d->rules[j].id) == 0)
                fault(c, "维度 %s：规则 id %s 重复 (dimension %s: rule id %s appears twice)", name, d->rules[i].id, name,
                      d->rules[i].id);
    }
}

static void parse_grades(struct ctx *c, json_t *jg)
{
    struct xy_eval_model *m = c->m;
    size_t i;
    json_t *g;
    int ok1, ok2;
    if (!json_is_array(jg) || json_array_size(jg) == 0 || json_array_size(jg) > XY_EVAL_GRADES_MAX) {
        fault(c, "grades 须为 1 到 %d 个等级的数组 (grades is an array of 1 to %d bands)", XY_EVAL_GRADES_MAX,
              XY_EVAL_GRADES_MAX);
        return;
    }
    json_array_foreach(jg, i, g) {
        struct xy_eval_grade *b = &m->grades[m->ngrades++];
        const char *name = json_string_value(json_object_get(g, "grade"));
        if (!name || strlen(name) != 1 || name[0] < 'A' || name[0] > 'Z')
            fault(c, "第 %zu 个等级：grade 须为一个大写字母 (band %zu: grade is one capital letter)", i + 1, i + 1);
        else
            b->grade[0] = name[0];
        b->name_zh = dup_or_oom(c, json_string_value(json_object_get(g, "name_zh")));
        b->min = hundredths(json_object_get(g, "min"), &ok1);
        b->max = hundredths(json_object_get(g, "max"), &ok2);
        if (!ok1 || !ok2 || b->min >= b->max)
            fault(c, "等级 %s：min 和 max 须为数值且 min < max (band %s: min and max are numbers, min < max)",
                  b->grade, b->grade);
    }
    for (size_t a = 1; a < m->ngrades; a++) /* highest band first, whatever the order given */
        for (size_t b = a; b > 0 && m->grades[b].min > m->grades[b - 1].min; b--) {
            struct xy_eval_grade t = m->grades[b];
            m->grades[b] = m->grades[b - 1];
            m->grades[b - 1] = t;
        }
    /* Each band ends where the one above begins: no overlap, no gap. */
    for (size_t a = 0; a < m->ngrades; a++)
        for (size_t b = a + 1; b < m->ngrades; b++) {
            const struct xy_eval_grade *x = &m->grades[a], *y = &m->grades[b];
            if (x->min < y->max && y->min < x->max)
                fault(c, "等级 %s 与 %s 的分数段重叠 (%.2f-%.2f 与 %.2f-%.2f) (bands %s and %s overlap)", x->grade,
                      y->grade, x->min / 100.0, x->max / 100.0, y->min / 100.0, y->max / 100.0, x->grade, y->grade);
            if (x->grade[0] && x->grade[0] == y->grade[0])
                fault(c, "等级 %s 重复 (band %s appears twice)", x->grade, x->grade);
        }
    for (size_t a = 1; a < m->ngrades; a++)
        if (m->grades[a].max > m->grades[a - 1].min)
            return; /* overlapping: named above */
    for (size_t a = 1; a < m->ngrades; a++)
        if (m->grades[a].max < m->grades[a - 1].min)
            fault(c, "等级 %s 与 %s 之间有空档 (%.2f-%.2f) (a gap between bands %s and %s)", m->grades[a].grade,
                  m->grades[a - 1].grade, m->grades[a].max / 100.0, m->grades[a - 1].min / 100.0, m->grades[a].grade,
                  m->grades[a - 1].grade);
    if (m->grades[0].max != m->ceiling || m->grades[m->ngrades - 1].min != m->floor)
        fault(c, "等级须覆盖 floor 到 ceiling（%.2f-%.2f） (the bands must cover floor to ceiling)", m->floor / 100.0,
              m->ceiling / 100.0);
}

int xy_eval_model_parse(const char *json, size_t len, const struct xy_catalog *cat, struct xy_eval_model **out,
                        char **faults, struct xy_error *err)
{
    json_error_t jerr;
    struct ctx c = {.cat = cat};
    int ok;
    *out = NULL;
    if (faults)
        *faults = NULL;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root)
        return xy_error_set(err, XY_EINVAL, "评价模型第 %d 行：JSON 格式有误 (evaluation model: line %d: not JSON)",
                            jerr.line, jerr.line);
    struct xy_eval_model *m = c.m = xy_calloc(1, sizeof *m);
    if (!m) {
        json_decref(root);
        return XY_ENOMEM;
    }
    xy_buf_init(&c.faults, 64u << 10);
    const char *version = json_string_value(json_object_get(root, "model_version"));
    m->version = dup_or_oom(&c, version);
    m->name_zh = dup_or_oom(&c, json_string_value(json_object_get(root, "name_zh")));
    if (!version || !*version || strlen(version) > 32)
        fault(&c, "缺少 model_version（至多 32 个字符） (model_version is missing or longer than 32)");
    json_t *kinds = json_object_get(root, "applies_to"), *k;
    size_t i;
    json_array_foreach(kinds, i, k) {
        const char *s = json_string_value(k);
        if (s && strcmp(s, "org") == 0)
            m->for_org = 1;
        else if (s && strcmp(s, "person") == 0)
            m->for_person = 1;
        else
            fault(&c, "applies_to 只能含 org 和 person (applies_to holds org and person only)");
    }
    if (!m->for_org && !m->for_person)
        fault(&c, "applies_to 须含 org 或 person (applies_to names org, person or both)");
    m->public_grades = json_is_true(json_object_get(root, "public_grades"));
    m->base = hundredths(json_object_get(root, "base"), &ok);
    if (!ok)
        fault(&c, "base 须为数值 (base must be a number)");
    m->floor = hundredths(json_object_get(root, "floor"), &ok);
    int ok2;
    m->ceiling = hundredths(json_object_get(root, "ceiling"), &ok2);
    if (!ok || !ok2 || m->floor >= m->ceiling)
        fault(&c, "floor 和 ceiling 须为数值且 floor < ceiling (floor and ceiling are numbers, floor < ceiling)");
    else if (m->base < m->floor || m->base > m->ceiling)
        fault(&c, "base 须在 floor 与 ceiling 之间 (base must lie between floor and ceiling)");
    json_t *fm = json_object_get(root, "full_months");
    m->full_months = (int)json_integer_value(fm);
    if (!json_is_integer(fm) || m->full_months < 0 || m->full_months > 120)
        fault(&c, "full_months 须为 0 到 120 的整数 (full_months is a whole number from 0 to 120)");
    json_t *dims = json_object_get(root, "dimensions"), *jd;
    if (!json_is_array(dims) || json_array_size(dims) == 0)
        fault(&c, "dimensions 须为非空数组 (dimensions must be a non-empty array)");
    else if ((m->dims = xy_calloc(json_array_size(dims), sizeof *m->dims)) == NULL)
        c.oom = 1;
    else
        json_array_foreach(dims, i, jd) {
            m->ndims++;
            parse_dim(&c, i, jd, &m->dims[i]);
            for (size_t j = 0; j < i; j++)
                if (m->dims[i].id && m->dims[j].id && *m->dims[i].id && strcmp(m->dims[i].id, m->dims[j].id) == 0)
                    fault(&c, "维度 id %s 重复 (dimension id %s appears twice)", m->dims[i].id, m->dims[i].id);
        }
    parse_grades(&c, json_object_get(root, "grades"));
    json_decref(root);
    int rc = XY_OK;
    if (c.oom)
        rc = XY_ENOMEM;
    else if (c.nfaults)
        rc = xy_error_set(err, XY_EINVAL, "评价模型有 %d 处错误，未载入 (the model has %d faults and was not loaded):\n%s",
                          c.nfaults, c.nfaults, xy_buf_str(&c.faults));
    if (faults && c.nfaults && !c.oom && !(*faults = xy_buf_take(&c.faults)))
        rc = XY_ENOMEM;
    xy_buf_release(&c.faults);
    if (rc)
        xy_eval_model_free(m);
    else
        *out = m;
    return rc;
}

void xy_eval_model_free(struct xy_eval_model *m)
{
    if (!m)
        return;
    for (size_t d = 0; d < m->ndims; d++) {
        for (size_t r = 0; r < m->dims[d].nrules; r++) {
            struct xy_eval_rule *x = &m->dims[d].rules[r];
            xy_free(x->id);
            xy_free(x->name_zh);
            for (size_t i = 0; i < x->ncodes; i++)
                xy_free(x->codes[i]);
        }
        xy_free(m->dims[d].rules);
        xy_free(m->dims[d].id);
        xy_free(m->dims[d].name_zh);
    }
    for (size_t g = 0; g < m->ngrades; g++)
        xy_free(m->grades[g].name_zh);
    for (size_t k = 0; k < m->nkeys; k++)
        xy_free(m->keys[k].field);
    xy_free(m->dims);
    xy_free(m->version);
    xy_free(m->name_zh);
    xy_free(m);
}

const struct xy_eval_grade *xy_eval_grade_of(const struct xy_eval_model *m, int64_t score)
{
    for (size_t g = 0; g < m->ngrades; g++)
        if (score >= m->grades[g].min && (score < m->grades[g].max || (g == 0 && score == m->grades[g].max)))
            return &m->grades[g];
    return NULL;
}

int xy_eval_model_uses(const struct xy_eval_model *m, const char *cls)
{
    for (size_t d = 0; d < m->ndims; d++)
        for (size_t r = 0; r < m->dims[d].nrules; r++)
            if (m->dims[d].rules[r].cls && strcmp(m->dims[d].rules[r].cls->name, cls) == 0)
                return 1;
    return 0;
}
