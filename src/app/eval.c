/* SPDX-License-Identifier: Apache-2.0 */
/* Credit evaluation use cases (eval.h): the model cache, the scorer over the store's scan, the
 * visibility rule, one subject's grade, loading, running and previewing models. The views of stored
 * grades (listing, its CSV and XLSX, the distribution) are in eval_views.c. */
#include "app/eval.h"
#include "app/eval_int.h"

#include <stdio.h>
#include <string.h>

#include "app/app_int.h"
#include "app/audit.h"
#include "app/consent.h"
#include "common/xy_alloc.h"
#include "core/eval.h"
#include "core/publicity.h"

extern const unsigned char xy_default_eval_model[];
extern const size_t xy_default_eval_model_len;

const char *xy_eval_default_model(size_t *len)
{
    *len = xy_default_eval_model_len;
    return (const char *)xy_default_eval_model;
}

/* ---- the models, parsed once per context and again when the stored set changes ---------------- */


struct xy_eval_cache {
    struct model_ent *v; /* by applies_from, then version */
    size_t n;
    char *sig; /* the versions and days the set was parsed from */
    const struct xy_catalog *cat; /* the catalogue the rules point into: a new one means parsing again */
};

void xy_eval_cache_free(struct xy_eval_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++)
        xy_eval_model_free(c->v[i].m);
    xy_free(c->v);
    xy_free(c->sig);
    xy_free(c);
}

struct model_rows {
    struct xy_app *app;
    struct xy_buf sig;
    struct model_ent *v;
    size_t n;
    int rc;
    int parse; /* 0: only the signature */
    struct xy_error *err;
};

static int on_model(void *ctx, const char *version, const char *applies_from, const char *body,
                    const char *loaded_at, const char *loaded_by)
{
    struct model_rows *r = ctx;
    (void)loaded_by;
    if (xy_buf_printf(&r->sig, "%s@%s;", version, applies_from)) {
        r->rc = XY_ENOMEM;
        return 1;
    }
    if (!r->parse)
        return 0;
    struct model_ent *v = xy_realloc(r->v, (r->n + 1) * sizeof *v);
    if (!v) {
        r->rc = XY_ENOMEM;
        return 1;
    }
    r->v = v;
    struct model_ent *e = &v[r->n];
    memset(e, 0, sizeof *e);
    snprintf(e->version, sizeof e->version, "%s", version);
    snprintf(e->applies_from, sizeof e->applies_from, "%s", applies_from);
    snprintf(e->loaded_at, sizeof e->loaded_at, "%s", loaded_at ? loaded_at : "");
    /* A stored model was checked when it was loaded; one that no longer fits the catalogue (a class
     * removed since) is left out rather than stopping every evaluation. */
    if (xy_eval_model_parse(body, strlen(body), r->app->catalog, &e->m, NULL, NULL) == XY_ENOMEM) {
        r->rc = XY_ENOMEM;
        return 1;
    }
    r->n++;
    return 0;
}

/* Brings app->eval_cache up to the stored models. */
static int models_load(struct xy_app *app, struct xy_error *err)
{
    struct model_rows r = {.app = app, .err = err};
    int rc;
    xy_buf_init(&r.sig, 1u << 20);
    if ((rc = app->store->ops->eval_models(app->store, on_model, &r, err)) || (rc = r.rc))
        goto out;
    if (app->eval_cache && app->eval_cache->cat == app->catalog && app->eval_cache->sig &&
        strcmp(app->eval_cache->sig, xy_buf_str(&r.sig)) == 0)
        goto out; /* unchanged */
    xy_buf_reset(&r.sig);
    r.parse = 1;
    if ((rc = app->store->ops->eval_models(app->store, on_model, &r, err)) || (rc = r.rc))
        goto out;
    struct xy_eval_cache *c = xy_calloc(1, sizeof *c);
    if (!c || !(c->sig = xy_strdup(xy_buf_str(&r.sig)))) {
        xy_free(c);
        rc = XY_ENOMEM;
        goto out;
    }
    c->v = r.v;
    c->n = r.n;
    c->cat = app->catalog;
    r.v = NULL;
    r.n = 0;
    xy_eval_cache_free(app->eval_cache);
    app->eval_cache = c;
out:
    for (size_t i = 0; i < r.n; i++)
        xy_eval_model_free(r.v[i].m);
    xy_free(r.v);
    xy_buf_release(&r.sig);
    return rc;
}

/* The model in force on day (the latest applying from it or before), or the one named version. */
int xy_eval_model_for(struct xy_app *app, struct xy_date day, const char *version, const struct model_ent **out,
                     struct xy_error *err)
{
    char d[11];
    int rc;
    *out = NULL;
    if ((rc = models_load(app, err)))
        return rc;
    xy_date_format(day, d);
    for (size_t i = 0; app->eval_cache && i < app->eval_cache->n; i++) {
        const struct model_ent *e = &app->eval_cache->v[i];
        if (!e->m)
            continue;
        if (version ? strcmp(e->version, version) == 0 : strcmp(e->applies_from, d) <= 0)
            *out = e;
    }
    if (!*out)
        return version ? xy_error_set(err, XY_ENOTFOUND, "没有版本为 %.32s 的评价模型 (no evaluation model %.32s)",
                                      version, version)
                       : xy_error_set(err, XY_ENOTFOUND, "%s 没有适用的评价模型 (no evaluation model applies on %s)", d, d);
    return XY_OK;
}

/* ---- scoring subjects as the store hands them over --------------------------------------------- */

struct in_copy {
    struct xy_eval_input in;
    char dd[11], vt[11], pu[11];
    char keys[XY_EVAL_MAX_KEYS][64];
};

struct scorer {
    const struct xy_eval_model *m;
    struct xy_date day;
    int64_t cur;
    char kind[16];
    struct in_copy *in;
    struct xy_eval_input *flat;
    size_t n, cap;
    /* called with each subject's result (res NULL: the model does not grade its kind) */
    int (*emit)(void *ctx, int64_t subject, const char *kind, const struct xy_eval_result *res,
                const struct xy_eval_input *in, size_t n);
    void *ctx;
    int rc;
};

static void scan_of(const struct xy_eval_model *m, struct xy_eval_scan *q)
{
    memset(q, 0, sizeof *q);
    q->statuses = xy_status_in_force;
    for (size_t d = 0; d < m->ndims; d++)
        for (size_t r = 0; r < m->dims[d].nrules; r++) {
            const char *name = m->dims[d].rules[r].cls->name;
            size_t i;
            for (i = 0; i < q->nclasses && strcmp(q->classes[i], name) != 0; i++)
                ;
            if (i == q->nclasses && q->nclasses < XY_STORE_EVAL_CLASSES)
                q->classes[q->nclasses++] = name;
        }
    for (size_t k = 0; k < m->nkeys && k < XY_STORE_EVAL_KEYS; k++) {
        q->key_class[k] = m->keys[k].cls->name;
        q->key_field[k] = m->keys[k].field;
        q->nkeys++;
    }
}

static const char *copy_day(char *dst, const char *src)
{
    if (!src)
        return NULL;
    snprintf(dst, 11, "%s", src);
    return dst;
}

/* Scores the subject gathered so far and hands it on. */
static int flush(struct scorer *s)
{
    if (!s->cur)
        return 0;
    int graded = (strcmp(s->kind, "person") == 0 ? s->m->for_person : s->m->for_org);
    struct xy_eval_result res;
    int rc = XY_OK;
    for (size_t i = 0; i < s->n; i++) { /* pointers fixed now that the array has stopped moving */
        struct in_copy *c = &s->in[i];
        s->flat[i] = c->in;
        s->flat[i].decision_date = c->in.decision_date ? c->dd : NULL;
        s->flat[i].valid_to = c->in.valid_to ? c->vt : NULL;
        s->flat[i].public_until = c->in.public_until ? c->pu : NULL;
        for (size_t k = 0; k < XY_EVAL_MAX_KEYS; k++)
            s->flat[i].keys[k] = c->in.keys[k] ? c->keys[k] : NULL;
    }
    if (!graded)
        rc = s->emit(s->ctx, s->cur, s->kind, NULL, NULL, 0);
    else if (!(rc = xy_eval_score(s->m, s->flat, s->n, s->day, &res))) {
        rc = s->emit(s->ctx, s->cur, s->kind, &res, s->flat, s->n);
        xy_eval_result_free(&res);
    }
    s->cur = 0;
    s->n = 0;
    if (rc)
        s->rc = rc;
    return rc;
}

static int on_row(void *ctx, const struct xy_eval_row *r)
{
    struct scorer *s = ctx;
    if (r->subject_id != s->cur) {
        if (flush(s))
            return 1;
        s->cur = r->subject_id;
        snprintf(s->kind, sizeof s->kind, "%s", r->kind ? r->kind : "");
    }
    if (!r->record_id || !r->cls)
        return 0;
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 16;
        struct in_copy *in = xy_realloc(s->in, cap * sizeof *in);
        struct xy_eval_input *flat = in ? xy_realloc(s->flat, cap * sizeof *flat) : NULL;
        if (in)
            s->in = in;
        if (!flat) {
            s->rc = XY_ENOMEM;
            return 1;
        }
        s->flat = flat;
        s->cap = cap;
    }
    struct in_copy *c = &s->in[s->n++];
    memset(c, 0, sizeof *c);
    /* The class name borrowed from the catalogue, which outlives the scan. */
    const struct xy_class *k = NULL;
    for (size_t d = 0; d < s->m->ndims && !k; d++)
        for (size_t x = 0; x < s->m->dims[d].nrules && !k; x++)
            if (strcmp(s->m->dims[d].rules[x].cls->name, r->cls) == 0)
                k = s->m->dims[d].rules[x].cls;
    if (!k) {
        s->n--;
        return 0;
    }
    c->in.record_id = r->record_id;
    c->in.cls = k->name;
    c->in.decision_date = copy_day(c->dd, r->decision_date);
    c->in.valid_to = copy_day(c->vt, r->valid_to);
    c->in.public_until = copy_day(c->pu, r->public_until);
    c->in.amount_fen = r->amount_fen;
    for (size_t i = 0; i < XY_EVAL_MAX_KEYS && i < XY_STORE_EVAL_KEYS; i++)
        if (r->keys[i]) {
            snprintf(c->keys[i], sizeof c->keys[i], "%s", r->keys[i]);
            c->in.keys[i] = c->keys[i];
        }
    return 0;
}

static void scorer_free(struct scorer *s)
{
    xy_free(s->in);
    xy_free(s->flat);
}

/* Scans q and scores each subject it holds. */
static int score_scan(struct xy_app *app, const struct xy_eval_scan *q, struct scorer *s, struct xy_error *err)
{
    int rc = app->store->ops->eval_scan(app->store, q, on_row, s, err);
    if (!rc && !s->rc)
        flush(s);
    if (!rc && s->rc)
        rc = s->rc;
    return rc;
}

/* ---- the explanation -------------------------------------------------------------------------- */

json_t *xy_eval_hundredths(int64_t v)
{
    return json_real((double)v / 100.0);
}

static json_t *explain(const struct model_ent *e, const struct xy_eval_result *res, const char *as_of)
{
    const struct xy_eval_model *m = e->m;
    json_t *dims = json_array(), *items = json_array();
    for (size_t d = 0; d < m->ndims; d++) {
        const struct xy_eval_dim_total *t = &res->dims[d];
        json_array_append_new(dims, json_pack("{s:s, s:s, s:o, s:o, s:o, s:b}", "id", m->dims[d].id, "name_zh",
                                              m->dims[d].name_zh, "points", xy_eval_hundredths(t->counted), "raw",
                                              xy_eval_hundredths(t->raw), "cap", xy_eval_hundredths(m->dims[d].cap), "capped",
                                              t->raw != t->counted));
    }
    for (size_t i = 0; i < res->nitems; i++) {
        const struct xy_eval_item *it = &res->items[i];
        json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o}", "record_id",
                                               (json_int_t)it->record_id, "class", it->rule->cls->name, "dimension",
                                               it->dim->id, "rule", it->rule->id, "rule_zh", it->rule->name_zh,
                                               "full", xy_eval_hundredths(it->full), "points", xy_eval_hundredths(it->points)));
    }
    return json_pack("{s:o, s:s?, s:s?, s:s, s:s, s:s, s:o, s:o, s:o}", "score", xy_eval_hundredths(res->score), "grade",
                     res->grade ? res->grade->grade : NULL, "grade_zh", res->grade ? res->grade->name_zh : NULL,
                     "model_version", m->version, "model_applies_from", e->applies_from, "as_of", as_of, "base",
                     xy_eval_hundredths(m->base), "dimensions", dims, "items", items);
}

/* ---- one subject, now --------------------------------------------------------------------------- */

struct one {
    const struct model_ent *e;
    const char *as_of;
    json_t *doc;
    int graded;
};

static int one_emit(void *ctx, int64_t subject, const char *kind, const struct xy_eval_result *res,
                    const struct xy_eval_input *in, size_t n)
{
    struct one *o = ctx;
    (void)subject, (void)kind, (void)in, (void)n;
    if (!res)
        return 0;
    o->graded = 1;
    o->doc = explain(o->e, res, o->as_of);
    return o->doc ? 0 : XY_ENOMEM;
}

/* The day in Beijing of a time stamp "YYYY-MM-DDTHH:MM:SSZ" (UTC, as the platform writes them). */
static int stamp_day(const char *t, struct xy_date *day)
{
    struct xy_date d;
    if (!t || strlen(t) != 20 || t[10] != 'T' || t[19] != 'Z' || t[13] != ':' || t[16] != ':' ||
        xy_date_parse(t, 10, &d) || strspn(t + 11, "0123456789") != 2 || strspn(t + 14, "0123456789") != 2 ||
        strspn(t + 17, "0123456789") != 2)
        return -1;
    int hour = (t[11] - '0') * 10 + (t[12] - '0');
    if (hour > 23 || (t[14] - '0') > 5 || (t[17] - '0') > 5)
        return -1;
    *day = xy_date_from_days(xy_date_to_days(d) + (hour >= 16 ? 1 : 0)); /* UTC+8 */
    return 0;
}

/* The evaluation of subject_id as of `as_of` (NULL: now) under `version` (NULL: the model in force on
 * that day): only records stored by then count. */
static int eval_at(struct xy_app *app, int64_t subject_id, const char *as_of, const char *version, json_t **out,
                   struct xy_error *err)
{
    const struct model_ent *e;
    struct xy_date day = xy_clock_today(&app->clock);
    char now[32];
    int rc;
    *out = NULL;
    if (as_of && stamp_day(as_of, &day))
        return xy_error_set(err, XY_EINVAL, "评价时间须为 YYYY-MM-DDTHH:MM:SSZ (the as-of time is YYYY-MM-DDTHH:MM:SSZ)");
    if ((rc = xy_eval_model_for(app, day, version, &e, err)))
        return rc == XY_ENOTFOUND && !version ? XY_OK : rc;
    if (!as_of) {
        xy_clock_stamp(&app->clock, now);
        as_of = now;
    }
    struct one o = {.e = e, .as_of = as_of};
    struct scorer s = {.m = e->m, .day = day, .emit = one_emit, .ctx = &o};
    struct xy_eval_scan q;
    scan_of(e->m, &q);
    q.one = subject_id;
    q.stored_by = as_of == now ? NULL : as_of;
    rc = score_scan(app, &q, &s, err);
    scorer_free(&s);
    if (rc) {
        json_decref(o.doc);
        return rc;
    }
    *out = o.doc;
    return XY_OK;
}

int xy_eval_of(struct xy_app *app, int64_t subject_id, json_t **out, struct xy_error *err)
{
    return eval_at(app, subject_id, NULL, NULL, out, err);
}

int xy_eval_public_grades(struct xy_app *app)
{
    const struct model_ent *e;
    return xy_eval_model_for(app, xy_clock_today(&app->clock), NULL, &e, NULL) == XY_OK && e->m->public_grades;
}

/* Who may see a grade: the one place this is decided (eval.h). */
int xy_eval_may_see(const struct xy_principal *by, const char *kind, int64_t subject_id, int public_grades)
{
    int person = kind && strcmp(kind, "person") == 0;
    switch (by->role) {
    case XY_ROLE_OPERATOR:
    case XY_ROLE_OFFICE:
    case XY_ROLE_DEPARTMENT:
        return 1;
    case XY_ROLE_APPROVAL:
        return !person;
    case XY_ROLE_SUBJECT:
        return by->subject_id == subject_id;
    case XY_ROLE_PUBLIC:
        return public_grades && !person;
    default:
        return 0;
    }
}

int xy_eval_log_read(struct xy_app *app, const struct xy_principal *by, int64_t subject_id, const char *object,
                    struct xy_error *err)
{
    if (by->role == XY_ROLE_SUBJECT && by->subject_id == subject_id)
        return XY_OK; /* the subject's own look is not an access by others */
    if (by->role == XY_ROLE_PUBLIC)
        return XY_OK; /* a published grade is public information */
    return xy_access_log(app, by, subject_id, "查阅信用评价结果 reading the credit grade", object, err);
}

struct kind_of {
    char kind[16];
    char name[256];
    char uscc[19];
};

static int on_subject_kind(void *ctx, const struct xy_subject_row *s)
{
    struct kind_of *k = ctx;
    snprintf(k->kind, sizeof k->kind, "%s", s->kind ? s->kind : "");
    snprintf(k->name, sizeof k->name, "%s", s->name ? s->name : "");
    snprintf(k->uscc, sizeof k->uscc, "%s", s->uscc ? s->uscc : "");
    return 1;
}

int xy_eval_subject(struct xy_app *app, const struct xy_principal *by, const char *code, json_t **out,
                    struct xy_error *err)
{
    return xy_eval_subject_as_of(app, by, code, NULL, NULL, out, err);
}

int xy_eval_subject_as_of(struct xy_app *app, const struct xy_principal *by, const char *code, const char *as_of,
                          const char *version, json_t **out, struct xy_error *err)
{
    struct xy_store *st = app->store;
    const struct model_ent *e;
    struct kind_of k = {0};
    int64_t sid;
    char opaque[24], object[48];
    int rc;
    *out = NULL;
    if ((rc = xy_subject_find(app, code, 0, &sid, opaque, err)))
        return rc;
    if ((rc = st->ops->subject_get(st, NULL, NULL, opaque, on_subject_kind, &k, err)))
        return rc;
    if ((rc = xy_eval_model_for(app, xy_clock_today(&app->clock), NULL, &e, err)))
        return rc;
    if (!xy_eval_may_see(by, k.kind, sid, e->m->public_grades))
        return xy_error_set(err, XY_EDENIED, "无权查看该主体的信用评价结果 (you may not see this subject's grade)");
    json_t *ev = NULL;
    if ((rc = eval_at(app, sid, as_of, version, &ev, err)))
        return rc;
    if (!ev)
        return xy_error_set(err, XY_ENOTFOUND, "评价模型 %s 不评价此类主体 (model %s does not grade this kind of subject)",
                            e->version, e->version);
    snprintf(object, sizeof object, "eval/%s", opaque);
    if (by->role != XY_ROLE_PUBLIC && !(by->role == XY_ROLE_SUBJECT && by->subject_id == sid)) {
        if ((rc = st->ops->begin(st, err)) == XY_OK) {
            rc = xy_eval_log_read(app, by, sid, object, err);
            rc = rc ? (st->ops->rollback(st), rc) : st->ops->commit(st, err);
        }
        if (rc) {
            json_decref(ev);
            return rc;
        }
    }
    int person = strcmp(k.kind, "person") == 0;
    *out = json_pack("{s:{s:s, s:s, s:s, s:s?}, s:o}", "subject", "id", opaque, "kind", k.kind, "name", k.name,
                     "uscc", !person && k.uscc[0] ? k.uscc : NULL, "evaluation", ev);
    return *out ? XY_OK : XY_ENOMEM;
}

/* ---- loading models ----------------------------------------------------------------------------- */

int xy_eval_office_only(const struct xy_principal *by, struct xy_error *err)
{
    if (by->role == XY_ROLE_OFFICE || by->role == XY_ROLE_OPERATOR)
        return XY_OK;
    return xy_error_set(err, XY_EDENIED, "只有信用管理部门可以管理评价模型 (only the credit office manages evaluation "
                        "models)");
}

int xy_eval_model_load(struct xy_app *app, const struct xy_principal *by, const char *json, size_t len,
                       const char *applies_from, char **faults, struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct xy_eval_model *m = NULL;
    struct xy_date d;
    char now[32], *body = NULL;
    int rc;
    if (faults)
        *faults = NULL;
    if ((rc = xy_eval_office_only(by, err)))
        return rc;
    if (!applies_from || strlen(applies_from) != 10 || xy_date_parse(applies_from, 10, &d))
        return xy_error_set(err, XY_EINVAL, "生效日期须为 YYYY-MM-DD (the day it applies from is YYYY-MM-DD)");
    if ((rc = xy_eval_model_parse(json, len, app->catalog, &m, faults, err)))
        return rc;
    /* Stored as given (the office's text), once parsed: what was checked is what is kept. */
    if (!(body = xy_malloc(len + 1))) {
        xy_eval_model_free(m);
        return XY_ENOMEM;
    }
    memcpy(body, json, len);
    body[len] = '\0';
    xy_clock_stamp(&app->clock, now);
    if (!(rc = st->ops->begin(st, err))) {
        rc = st->ops->eval_model_put(st, m->version, applies_from, body, now, by->name, err);
        if (rc == XY_EEXIST || (rc == XY_EDB && err && strstr(err->msg, "UNIQUE")))
            rc = xy_error_set(err, XY_EEXIST, "评价模型 %s 已载入 (model %s is loaded already)", m->version, m->version);
        rc = xy_audit_commitj(app, by, "eval.model_load", m->version,
                              json_pack("{s:s, s:s}", "applies_from", applies_from, "name_zh",
                                        m->name_zh ? m->name_zh : ""), rc, err);
    }
    xy_free(body);
    xy_eval_model_free(m);
    return rc;
}

int xy_eval_models_json(struct xy_app *app, json_t **out, struct xy_error *err)
{
    const struct model_ent *cur = NULL;
    int rc = xy_eval_model_for(app, xy_clock_today(&app->clock), NULL, &cur, err);
    if (rc && rc != XY_ENOTFOUND)
        return rc;
    json_t *a = json_array();
    for (size_t i = 0; app->eval_cache && i < app->eval_cache->n; i++) {
        const struct model_ent *e = &app->eval_cache->v[i];
        json_array_append_new(a, json_pack("{s:s, s:s?, s:s, s:s, s:b}", "model_version", e->version, "name_zh",
                                           e->m ? e->m->name_zh : NULL, "applies_from", e->applies_from, "loaded_at",
                                           e->loaded_at, "in_force", e == cur));
    }
    *out = a;
    return a ? XY_OK : XY_ENOMEM;
}

static int count_model(void *ctx, const char *version, const char *applies_from, const char *body,
                       const char *loaded_at, const char *loaded_by)
{
    (void)version, (void)applies_from, (void)body, (void)loaded_at, (void)loaded_by;
    ++*(int *)ctx;
    return 1;
}

int xy_eval_seed(struct xy_store *st, const struct xy_catalog *cat, const char *now, struct xy_error *err)
{
    struct xy_eval_model *m = NULL;
    size_t len;
    const char *json = xy_eval_default_model(&len);
    char *body;
    int n = 0, rc;
    if ((rc = st->ops->eval_models(st, count_model, &n, err)) || n)
        return rc;
    /* A catalogue without the classes the built-in model names gets no model: the office loads one. */
    if (xy_eval_model_parse(json, len, cat, &m, NULL, NULL))
        return XY_OK;
    if (!(body = xy_strndup(json, len))) {
        xy_eval_model_free(m);
        return XY_ENOMEM;
    }
    if (!(rc = st->ops->begin(st, err))) {
        rc = st->ops->eval_model_put(st, m->version, "2000-01-01", body, now, "xinyong init", err);
        rc = rc ? (st->ops->rollback(st), rc) : st->ops->commit(st, err);
    }
    xy_free(body);
    xy_eval_model_free(m);
    return rc;
}

/* ---- grading many subjects ---------------------------------------------------------------------- */

struct store_emit {
    struct xy_app *app;
    const struct model_ent *e;
    const char *as_of;
    int64_t graded;
    struct xy_error *err;
};

static int put_emit(void *ctx, int64_t subject, const char *kind, const struct xy_eval_result *res,
                    const struct xy_eval_input *in, size_t n)
{
    struct store_emit *p = ctx;
    (void)kind, (void)in, (void)n;
    if (!res)
        return 0;
    /* Stored compactly, [[record, "rule", hundredths], ...]: the model (by version) names the rules and
     * a subject's own view recomputes the full explanation. Rule ids are plain ASCII (evalmodel.c). */
    struct xy_buf b;
    xy_buf_init(&b, 16u << 20);
    int bad = xy_buf_addc(&b, '[');
    for (size_t i = 0; i < res->nitems && !bad; i++)
        bad = xy_buf_printf(&b, "%s[%lld,\"%s\",%lld]", i ? "," : "", (long long)res->items[i].record_id,
                            res->items[i].rule->id, (long long)res->items[i].points);
    if (bad || xy_buf_addc(&b, ']')) {
        xy_buf_release(&b);
        return XY_ENOMEM;
    }
    char *items = xy_buf_take(&b);
    if (!items)
        return XY_ENOMEM;
    struct xy_eval_result_row r = {.subject_id = subject, .model_version = p->e->version, .as_of = p->as_of,
                                   .grade = res->grade ? res->grade->grade : "?", .score = res->score, .items = items};
    int rc = p->app->store->ops->eval_put(p->app->store, &r, p->err);
    xy_free(items);
    if (!rc)
        p->graded++;
    return rc;
}

#define RUN_CHUNK 4000 /* subjects a transaction: the writer is let go between chunks */

int xy_eval_run(struct xy_app *app, const struct xy_principal *by, const char *version,
                void (*progress)(void *ctx, int64_t done, int64_t upto, int64_t last), void *ctx, int64_t *graded,
                struct xy_error *err)
{
    struct xy_store *st = app->store;
    const struct model_ent *e;
    int64_t max = 0;
    char now[32];
    int rc;
    *graded = 0;
    if ((rc = xy_eval_office_only(by, err)))
        return rc;
    if ((rc = xy_eval_model_for(app, xy_clock_today(&app->clock), version, &e, err)))
        return rc;
    if ((rc = st->ops->subject_max(st, &max, err)))
        return rc;
    xy_clock_stamp(&app->clock, now);
    struct store_emit p = {.app = app, .e = e, .as_of = now, .err = err};
    struct xy_eval_scan q;
    scan_of(e->m, &q);
    for (int64_t after = 0; after < max && !rc; after += RUN_CHUNK) {
        struct scorer s = {.m = e->m, .day = xy_clock_today(&app->clock), .emit = put_emit, .ctx = &p};
        q.after = after;
        q.upto = after + RUN_CHUNK;
        if ((rc = st->ops->begin(st, err)))
            break;
        rc = score_scan(app, &q, &s, err);
        scorer_free(&s);
        rc = rc ? (st->ops->rollback(st), rc) : st->ops->commit(st, err);
        if (!rc && progress)
            progress(ctx, p.graded, q.upto < max ? q.upto : max, max);
    }
    *graded = p.graded;
    if (rc)
        return rc;
    /* One entry for the run, not one per subject. */
    if ((rc = st->ops->begin(st, err)))
        return rc;
    return xy_audit_commitj(app, by, "eval.run", e->version,
                            json_pack("{s:I, s:s}", "graded", (json_int_t)p.graded, "as_of", now), XY_OK, err);
}

#define STALE_MAX 512

int xy_eval_refresh(struct xy_app *app, int max, int64_t *done, struct xy_error *err)
{
    struct xy_store *st = app->store;
    const struct model_ent *e;
    int64_t ids[STALE_MAX];
    size_t n = 0;
    char now[32];
    int rc;
    *done = 0;
    if (max <= 0 || max > STALE_MAX)
        max = STALE_MAX;
    if ((rc = xy_eval_model_for(app, xy_clock_today(&app->clock), NULL, &e, err)))
        return rc == XY_ENOTFOUND ? XY_OK : rc;
    xy_clock_stamp(&app->clock, now);
    /* Looked at before taking the write lock: most of the time nothing is stale. */
    if ((rc = st->ops->eval_stale(st, max, ids, &n, err)) || n == 0)
        return rc;
    if ((rc = st->ops->begin(st, err)))
        return rc;
    struct store_emit p = {.app = app, .e = e, .as_of = now, .err = err};
    struct xy_eval_scan q;
    scan_of(e->m, &q);
    for (size_t i = 0; i < n && !rc; i++) {
        struct scorer s = {.m = e->m, .day = xy_clock_today(&app->clock), .emit = put_emit, .ctx = &p};
        q.one = ids[i];
        rc = score_scan(app, &q, &s, err);
        scorer_free(&s);
    }
    rc = rc ? (st->ops->rollback(st), rc) : st->ops->commit(st, err);
    if (!rc)
        *done = (int64_t)n;
    return rc;
}

#define FADE_CHUNK 50000 /* subjects looked at a transaction */

int xy_eval_mark_faded(struct xy_app *app, pthread_mutex_t *lock, const atomic_int *stop, int64_t *marked,
                 struct xy_error *err)
{
    struct xy_store *st = app->store;
    const struct model_ent *e;
    int64_t max = 0, after = 0, n = 0;
    char before[32], version[sizeof e->version];
    int rc;
    *marked = 0;
    struct xy_date today = xy_clock_today(&app->clock);
    /* The model (read from the store into the app's cache) and the largest subject id are read
     * under the lock too: the connection is the writer's, shared with the threads that take the
     * lock, and a PostgreSQL connection must never be used by two threads at once. The model's
     * version is copied, as a catalogue loaded between chunks frees the cache. */
    if (lock)
        pthread_mutex_lock(lock);
    rc = xy_eval_model_for(app, today, NULL, &e, err);
    if (!rc) {
        memcpy(version, e->version, sizeof version);
        rc = st->ops->subject_max(st, &max, err);
    }
    if (lock)
        pthread_mutex_unlock(lock);
    if (rc)
        return rc == XY_ENOTFOUND ? XY_OK : rc;
    /* Today began at midnight in Beijing: 16:00 UTC the day before. */
    xy_date_format(xy_date_from_days(xy_date_to_days(today) - 1), before);
    memcpy(before + 10, "T16:00:00Z", 11);
    while (!rc && after < max && !(stop && atomic_load(stop))) {
        if (lock)
            pthread_mutex_lock(lock);
        if (!(rc = st->ops->begin(st, err))) {
            rc = st->ops->eval_mark_faded(st, before, version, after, after + FADE_CHUNK, &n, err);
            rc = rc ? (st->ops->rollback(st), rc) : st->ops->commit(st, err);
        }
        if (lock)
            pthread_mutex_unlock(lock);
        if (!rc)
            *marked += n;
        after += FADE_CHUNK;
    }
    return rc;
}

/* ---- previewing a model ------------------------------------------------------------------------- */

struct grade_of {
    int64_t subject;
    char grade[2];
    json_t *doc; /* kept only while samples are wanted */
};

struct collect {
    const struct model_ent *e;
    const char *as_of;
    struct grade_of *v;
    size_t n, cap;
    int keep_docs;
};

static int collect_emit(void *ctx, int64_t subject, const char *kind, const struct xy_eval_result *res,
                        const struct xy_eval_input *in, size_t n)
{
    struct collect *c = ctx;
    (void)kind, (void)in, (void)n;
    if (!res)
        return 0;
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 1024;
        struct grade_of *v = xy_realloc(c->v, cap * sizeof *v);
        if (!v)
            return XY_ENOMEM;
        c->v = v;
        c->cap = cap;
    }
    struct grade_of *g = &c->v[c->n++];
    g->subject = subject;
    g->grade[0] = res->grade ? res->grade->grade[0] : '?';
    g->grade[1] = '\0';
    g->doc = c->keep_docs ? explain(c->e, res, c->as_of) : NULL;
    return 0;
}

int xy_eval_preview(struct xy_app *app, const struct xy_principal *by, const char *json, size_t len, int samples,
                    char **faults, json_t **out, struct xy_error *err)
{
    struct xy_store *st = app->store;
    const struct model_ent *cur;
    struct xy_eval_model *next = NULL;
    int64_t max = 0;
    char now[32];
    int rc;
    *out = NULL;
    if ((rc = xy_eval_office_only(by, err)))
        return rc;
    if ((rc = xy_eval_model_parse(json, len, app->catalog, &next, faults, err)))
        return rc;
    if ((rc = xy_eval_model_for(app, xy_clock_today(&app->clock), NULL, &cur, err)) ||
        (rc = st->ops->subject_max(st, &max, err))) {
        xy_eval_model_free(next);
        return rc;
    }
    xy_clock_stamp(&app->clock, now);
    struct model_ent ne = {.m = next};
    snprintf(ne.version, sizeof ne.version, "%s", next->version);
    struct collect before = {.e = cur, .as_of = now}, after = {.e = &ne, .as_of = now};
    json_t *moves = json_object();
    int began = 0;
    rc = st->ops->read_begin(st, &began, err);
    for (int64_t a = 0; a < max && !rc; a += RUN_CHUNK) {
        struct xy_eval_scan q1, q2;
        struct scorer s1 = {.m = cur->m, .day = xy_clock_today(&app->clock), .emit = collect_emit, .ctx = &before};
        struct scorer s2 = {.m = next, .day = xy_clock_today(&app->clock), .emit = collect_emit, .ctx = &after};
        scan_of(cur->m, &q1);
        scan_of(next, &q2);
        q1.after = q2.after = a;
        q1.upto = q2.upto = a + RUN_CHUNK;
        before.n = after.n = 0;
        before.keep_docs = after.keep_docs = samples > 0;
        rc = score_scan(app, &q1, &s1, err);
        if (!rc)
            rc = score_scan(app, &q2, &s2, err);
        scorer_free(&s1);
        scorer_free(&s2);
        /* Both lists are in subject order: walk them together. */
        for (size_t i = 0, j = 0; !rc && i < before.n && j < after.n;) {
            struct grade_of *x = &before.v[i], *y = &after.v[j];
            if (x->subject != y->subject) {
                x->subject < y->subject ? i++ : j++;
                continue;
            }
            char key[8];
            snprintf(key, sizeof key, "%s>%s", x->grade, y->grade);
            json_t *mv = json_object_get(moves, key);
            if (!mv) {
                mv = json_pack("{s:s, s:s, s:I, s:[]}", "from", x->grade, "to", y->grade, "n", (json_int_t)0, "samples");
                json_object_set_new(moves, key, mv);
            }
            json_object_set_new(mv, "n", json_integer(json_integer_value(json_object_get(mv, "n")) + 1));
            json_t *sm = json_object_get(mv, "samples");
            if (strcmp(x->grade, y->grade) != 0 && (int)json_array_size(sm) < samples && x->doc && y->doc) {
                char opaque[24] = "";
                st->ops->subject_ref(st, x->subject, opaque, NULL);
                json_array_append_new(sm, json_pack("{s:s, s:O, s:O}", "subject", opaque, "before", x->doc, "after",
                                                    y->doc));
            }
            i++, j++;
        }
        for (size_t i = 0; i < before.n; i++)
            json_decref(before.v[i].doc);
        for (size_t i = 0; i < after.n; i++)
            json_decref(after.v[i].doc);
    }
    st->ops->read_end(st, began);
    xy_free(before.v);
    xy_free(after.v);
    int64_t total = 0;
    json_t *list = json_array(), *mv;
    const char *key;
    json_object_foreach(moves, key, mv) {
        total += json_integer_value(json_object_get(mv, "n"));
        json_array_append(list, mv);
    }
    json_decref(moves);
    if (!rc)
        *out = json_pack("{s:s, s:s, s:I, s:o}", "from", cur->version, "to", next->version, "subjects",
                         (json_int_t)total, "transitions", list);
    else
        json_decref(list);
    xy_eval_model_free(next);
    return rc ? rc : *out ? XY_OK : XY_ENOMEM;
}

