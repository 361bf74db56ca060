/* SPDX-License-Identifier: Apache-2.0 */
/* Joint reward and punishment policy: loading matters and memoranda broken into measures, the
 * measures in force that checks read (kept per connection until the policy changes), and the
 * matter and measure catalogues. */
#include "app/jrp.h"
#include "app/app_int.h"
#include "app/jrp_int.h"

#include <stdio.h>
#include <string.h>

#include "app/audit.h"
#include "app/calendar.h"
#include "common/xy_alloc.h"
#include "core/jrp.h"

static int known_matter(void *ctx, const char *code)
{
    struct xy_app *app = ctx;
    return app->store->ops->matter_exists(app->store, code);
}

const char *xy_jrp_str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s && *s ? s : NULL;
}

int xy_jrp_load(struct xy_app *app, const struct xy_principal *by, const char *text, size_t len, json_t **summary,
                struct xy_error *err)
{
    struct xy_store *st = app->store;
    json_error_t jerr;
    char now[32];
    long added = 0, updated = 0, unchanged = 0, measures = 0;
    int rc;
    *summary = NULL;
    json_t *policy = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!policy)
        return xy_error_set(err, XY_EINVAL, "政策文件第 %d 行不是有效的 JSON (policy file: line %d: %.200s)", jerr.line,
                            jerr.line, jerr.text);
    xy_clock_stamp(&app->clock, now);
    if ((rc = st->ops->begin(st, err)))
        goto out;
    /* Checked inside the transaction, so that matters known to the database count. */
    if ((rc = xy_jrp_policy_check(policy, known_matter, app, err)))
        goto done;
    size_t i, j;
    json_t *m, *x;
    json_array_foreach(json_object_get(policy, "matters"), i, m) {
        if ((rc = st->ops->matter_put(st, xy_jrp_str(m, "code"), xy_jrp_str(m, "name"), xy_jrp_str(m, "dept"), err)))
            goto done;
    }
    json_array_foreach(json_object_get(policy, "memoranda"), i, m) {
        char *body = json_dumps(m, JSON_COMPACT | JSON_SORT_KEYS), *old = NULL;
        /* No signers given: stored as an empty list. */
        char *signers = json_object_get(m, "signers") ? json_dumps(json_object_get(m, "signers"), JSON_COMPACT)
                                                       : xy_strdup("[]");
        int64_t memo_id = 0;
        int version = 0;
        if (!body || !signers) {
            xy_free(body);
            xy_free(signers);
            rc = xy_error_set(err, XY_ENOMEM, "out of memory");
            goto done;
        }
        rc = st->ops->memo_current(st, xy_jrp_str(m, "doc_no"), &memo_id, &version, &old, err);
        if (rc == XY_OK && strcmp(old, body) == 0) {
            unchanged++;
            xy_free(old);
            xy_free(body);
            xy_free(signers);
            continue;
        }
        xy_free(old);
        if (rc != XY_OK && rc != XY_ENOTFOUND) {
            xy_free(body);
            xy_free(signers);
            goto done;
        }
        if (version)
            updated++;
        else
            added++;
        const json_t *target = json_object_get(m, "target");
        struct xy_memo_row row = {.doc_no = xy_jrp_str(m, "doc_no"), .version = version + 1,
                                  .title = xy_jrp_str(m, "title"), .signed_on = xy_jrp_str(m, "signed_on"),
                                  .signers = signers, .target_class = xy_jrp_str(target, "class"),
                                  .target_domain = xy_jrp_str(target, "domain"), .body = body, .loaded_at = now};
        rc = st->ops->memo_put(st, &row, &memo_id, err);
        json_array_foreach(json_object_get(m, "measures"), j, x) {
            if (rc)
                break;
            json_t *empty = json_array();
            char *depts = json_dumps(json_object_get(x, "depts") ? json_object_get(x, "depts") : empty, JSON_COMPACT);
            char *matters =
                json_dumps(json_object_get(x, "matters") ? json_object_get(x, "matters") : empty, JSON_COMPACT);
            json_decref(empty);
            if (!depts || !matters) {
                rc = xy_error_set(err, XY_ENOMEM, "out of memory");
            } else {
                struct xy_measure_row mr = {.memo_id = memo_id, .code = xy_jrp_str(x, "code"),
                                            .kind = xy_jrp_str(x, "kind"), .action = xy_jrp_str(x, "action"),
                                            .text = xy_jrp_str(x, "text"), .legal_basis = xy_jrp_str(x, "legal_basis"),
                                            .depts = depts, .matters = matters,
                                            .valid_from = xy_jrp_str(x, "valid_from"),
                                            .valid_to = xy_jrp_str(x, "valid_to")};
                rc = st->ops->measure_put(st, &mr, err);
                measures++;
            }
            xy_free(depts);
            xy_free(matters);
        }
        xy_free(body);
        xy_free(signers);
        if (rc)
            goto done;
    }
    rc = xy_audit_commitj(app, by, "jrp.load", "jrp/policy",
                          json_pack("{s:I, s:I, s:I}", "added", (json_int_t)added, "updated", (json_int_t)updated,
                                    "unchanged", (json_int_t)unchanged),
                          XY_OK, err);
    if (!rc)
        *summary = json_pack("{s:I, s:{s:I, s:I, s:I}, s:I}", "matters",
                             (json_int_t)json_array_size(json_object_get(policy, "matters")), "memoranda", "added",
                             (json_int_t)added, "updated", (json_int_t)updated, "unchanged", (json_int_t)unchanged,
                             "measures", (json_int_t)measures);
    goto out;
done:
    st->ops->rollback(st);
out:
    json_decref(policy);
    return rc;
}


static void appl_free(struct xy_jrp_appl_set *s)
{
    for (size_t i = 0; i < s->n; i++) {
        struct xy_jrp_applicable *a = &s->m[i];
        xy_free(a->code);
        xy_free(a->doc_no);
        xy_free(a->title);
        xy_free(a->kind);
        xy_free(a->action);
        xy_free(a->text);
        xy_free(a->basis);
        xy_free(a->tclass);
        xy_free(a->tdomain);
    }
    xy_free(s->m);
    s->m = NULL;
    s->n = s->cap = 0;
}

static char *dup_or_null(const char *v, int *oom)
{
    char *d = v ? xy_strdup(v) : NULL;
    if (v && !d)
        *oom = 1;
    return d;
}

static int on_applicable(void *ctx, const struct xy_measure_row *m)
{
    struct xy_jrp_appl_set *s = ctx;
    json_error_t jerr;
    json_t *depts = json_loads(m->depts, 0, &jerr), *matters = json_loads(m->matters, 0, &jerr);
    int applies = depts && matters &&
                  xy_jrp_measure_applies(depts, matters, m->valid_from, m->valid_to, s->dept, s->matter, s->today);
    if ((!depts || !matters) && xy_alloc_failed())
        s->oom = 1;
    json_decref(depts);
    json_decref(matters);
    if (!applies || s->oom)
        return s->oom;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        struct xy_jrp_applicable *p = xy_realloc(s->m, cap * sizeof *p);
        if (!p)
            return s->oom = 1;
        s->m = p;
        s->cap = cap;
    }
    struct xy_jrp_applicable *a = &s->m[s->n++];
    memset(a, 0, sizeof *a);
    a->id = m->id;
    a->code = dup_or_null(m->code, &s->oom);
    a->doc_no = dup_or_null(m->memo_doc_no, &s->oom);
    a->title = dup_or_null(m->memo_title, &s->oom);
    a->kind = dup_or_null(m->kind, &s->oom);
    a->action = dup_or_null(m->action, &s->oom);
    a->text = dup_or_null(m->text, &s->oom);
    a->basis = dup_or_null(m->legal_basis, &s->oom);
    a->tclass = dup_or_null(m->target_class, &s->oom);
    a->tdomain = dup_or_null(m->target_domain, &s->oom);
    return s->oom;
}

static int appl_load(struct xy_app *app, struct xy_jrp_appl_set *s, struct xy_error *err)
{
    int rc = 0;
    xy_alloc_failed();
    for (size_t c = 0; xy_jrp_target_classes[c] && !rc; c++)
        rc = app->store->ops->measures_current(app->store, xy_jrp_target_classes[c], on_applicable, s, err);
    if (!rc && s->oom)
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    return rc;
}

/* The measures in force for a (department, matter, day), kept per connection while the policy count
 * (store policy_gen, moved by triggers on any memorandum or measure change) stays as it was: reading
 * and decoding them was a tenth of a check. A few keys, the least recently used one replaced. */
#define APPL_KEEP 8

/* Feedback on a check is due so many working days after it (the catalogue's time_limits.jrp.feedback)
 * over the office's calendar; a calendar change moves the policy count (migration 19), so a kept day
 * is counted again then. */
static int feedback_due(struct xy_app *app, const char *today, char out[11], struct xy_error *err)
{
    struct xy_date d;
    if (xy_date_parse(today, strlen(today), &d) != 0)
        return xy_error_set(err, XY_EINVAL, "日期 %1$.16s 无效 (bad day %1$.16s)", today);
    struct xy_calendar cal;
    xy_calendar_init(&cal);
    int rc = xy_calendar_load(app, &cal, err);
    if (!rc)
        xy_date_format(xy_calendar_add_workdays(&cal, d, app->catalog->jrp_feedback), out);
    xy_calendar_free(&cal);
    return rc;
}

struct appl_kept {
    char dept[19], matter[65], today[11];
    int feedback_days; /* the catalogue's, when the due day was counted */
    struct xy_jrp_appl_set set;
    unsigned long used; /* 0: empty */
};

struct xy_jrp_cache {
    int64_t gen;
    unsigned long clock;
    struct appl_kept k[APPL_KEEP];
};

void xy_jrp_cache_free(struct xy_jrp_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < APPL_KEEP; i++)
        appl_free(&c->k[i].set);
    xy_free(c);
}

int xy_jrp_appl_get(struct xy_app *app, const char *dept, const char *matter, const char *today,
                    const struct xy_jrp_appl_set **out, struct xy_error *err)
{
    struct xy_jrp_cache *c = app->jrp_cache;
    int64_t gen;
    int rc = app->store->ops->policy_gen(app->store, &gen, err);
    if (rc)
        return rc;
    if (!c && !(c = app->jrp_cache = xy_calloc(1, sizeof *c)))
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    if (c->gen != gen) { /* the policy changed: nothing kept holds */
        for (size_t i = 0; i < APPL_KEEP; i++) {
            appl_free(&c->k[i].set);
            c->k[i].used = 0;
        }
        c->gen = gen;
    }
    struct appl_kept *victim = &c->k[0];
    for (size_t i = 0; i < APPL_KEEP; i++) {
        struct appl_kept *k = &c->k[i];
        if (k->used && !strcmp(k->dept, dept) && !strcmp(k->matter, matter) && !strcmp(k->today, today) &&
            k->feedback_days == app->catalog->jrp_feedback) {
            k->used = ++c->clock;
            *out = &k->set;
            return XY_OK;
        }
        if (k->used < victim->used)
            victim = k;
    }
    appl_free(&victim->set);
    victim->used = 0;
    snprintf(victim->dept, sizeof victim->dept, "%s", dept);
    snprintf(victim->matter, sizeof victim->matter, "%s", matter);
    snprintf(victim->today, sizeof victim->today, "%s", today);
    victim->set = (struct xy_jrp_appl_set){.dept = victim->dept, .matter = victim->matter, .today = victim->today};
    victim->feedback_days = app->catalog->jrp_feedback;
    if ((rc = appl_load(app, &victim->set, err)) || (rc = feedback_due(app, today, victim->set.feedback_due, err))) {
        appl_free(&victim->set);
        return rc;
    }
    victim->used = ++c->clock;
    *out = &victim->set;
    return XY_OK;
}

static int on_matter(void *ctx, const struct xy_subject_row *m)
{
    json_t *o = json_pack("{s:s, s:s, s:s?}", "code", m->uscc, "name", m->name, "dept", m->regno);
    return !o || json_array_append_new(ctx, o);
}

int xy_jrp_matters(struct xy_app *app, json_t **out, struct xy_error *err)
{
    json_t *a = json_array();
    *out = NULL;
    if (!a)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    xy_alloc_failed();
    int rc = app->store->ops->matters_list(app->store, on_matter, a, err);
    if (!rc && xy_alloc_failed())
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    if (rc) {
        json_decref(a);
        return rc;
    }
    *out = a;
    return 0;
}

static int on_policy_measure(void *ctx, const struct xy_measure_row *m)
{
    json_error_t jerr;
    json_t *depts = json_loads(m->depts, 0, &jerr), *matters = json_loads(m->matters, 0, &jerr);
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:s?, s:s?, s:{s:s, s:s}, s:{s:s, s:s?}}", "id",
                          (json_int_t)m->id, "code", m->code, "kind", m->kind, "action", m->action, "text", m->text,
                          "legal_basis", m->legal_basis, "depts", depts ? depts : json_array(), "matters",
                          matters ? matters : json_array(), "valid_from", m->valid_from, "valid_to", m->valid_to,
                          "memo", "doc_no", m->memo_doc_no, "title", m->memo_title, "target", "class",
                          m->target_class, "domain", m->target_domain);
    return !o || json_array_append_new(ctx, o);
}

int xy_jrp_measures(struct xy_app *app, json_t **out, struct xy_error *err)
{
    json_t *a = json_array();
    int rc = 0;
    *out = NULL;
    if (!a)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    xy_alloc_failed();
    for (size_t i = 0; xy_jrp_target_classes[i] && !rc; i++)
        rc = app->store->ops->measures_current(app->store, xy_jrp_target_classes[i], on_policy_measure, a, err);
    if (!rc && xy_alloc_failed())
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    if (rc) {
        json_decref(a);
        return rc;
    }
    *out = a;
    return 0;
}
