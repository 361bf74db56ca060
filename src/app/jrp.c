/* SPDX-License-Identifier: Apache-2.0 */
/* Joint reward and punishment: policy loading, checks, feedback, figures. */
#include "app/jrp.h"
#include "app/app_int.h"

#include <stdio.h>
#include <string.h>

#include "app/audit.h"
#include "common/xy_alloc.h"
#include "common/xy_utf8.h"
#include "core/jrp.h"
#include "core/ric.h"
#include "core/uscc.h"

#define FEEDBACK_DAYS 5 /* feedback is due five days after the check */

static int known_matter(void *ctx, const char *code)
{
    struct xy_app *app = ctx;
    return app->store->ops->matter_exists(app->store, code);
}

static const char *str(const json_t *o, const char *key)
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
        if ((rc = st->ops->matter_put(st, str(m, "code"), str(m, "name"), str(m, "dept"), err)))
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
        rc = st->ops->memo_current(st, str(m, "doc_no"), &memo_id, &version, &old, err);
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
        struct xy_memo_row row = {.doc_no = str(m, "doc_no"), .version = version + 1, .title = str(m, "title"),
                                  .signed_on = str(m, "signed_on"), .signers = signers,
                                  .target_class = str(target, "class"), .target_domain = str(target, "domain"),
                                  .body = body, .loaded_at = now};
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
                struct xy_measure_row mr = {.memo_id = memo_id, .code = str(x, "code"), .kind = str(x, "kind"),
                                            .action = str(x, "action"), .text = str(x, "text"),
                                            .legal_basis = str(x, "legal_basis"), .depts = depts, .matters = matters,
                                            .valid_from = str(x, "valid_from"), .valid_to = str(x, "valid_to")};
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

/* ---- checks ---- */

struct entry {
    int64_t record;
    char cls[16];
    char relation[20];
    json_t *json; /* the entry as answered */
    char domain[68];
};

struct gather {
    struct xy_app *app;
    const char *relation;
    const char *today;
    struct entry *entries;
    size_t n, cap;
    int oom;
};

static int on_entry(void *ctx, const struct xy_record_row *r)
{
    struct gather *g = ctx;
    json_error_t jerr;
    for (size_t i = 0; i < g->n; i++)
        if (g->entries[i].record == r->id)
            return 0; /* named twice (the subject is its own representative's organisation) */
    json_t *f = json_loads(r->fields, 0, &jerr);
    if (!f)
        return 0;
    const char *from = str(f, "valid_from");
    if (!xy_jrp_entry_active(from, r->valid_to, g->today)) {
        json_decref(f);
        return 0;
    }
    if (g->n == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 8;
        struct entry *e = xy_realloc(g->entries, cap * sizeof *e);
        if (!e) {
            json_decref(f);
            g->oom = 1;
            return 1;
        }
        g->entries = e;
        g->cap = cap;
    }
    struct entry *e = &g->entries[g->n++];
    memset(e, 0, sizeof *e);
    e->record = r->id;
    snprintf(e->cls, sizeof e->cls, "%s", r->cls);
    snprintf(e->relation, sizeof e->relation, "%s", g->relation);
    snprintf(e->domain, sizeof e->domain, "%s", str(f, "domain") ? str(f, "domain") : "");
    e->json = json_pack("{s:s, s:I, s:s, s:s?, s:s?, s:s, s:s, s:s?, s:s?, s:s?, s:s?, s:s?}", "relation", g->relation,
                        "record", (json_int_t)r->id, "class", r->cls, "name", str(f, "party_name"), "doc_no",
                        r->doc_no, "dept_uscc", r->dept_uscc, "dept_name", r->dept_name, "decision_date",
                        r->decision_date, "valid_from", from, "valid_to", r->valid_to, "reason", str(f, "reason"),
                        "legal_basis", str(f, "legal_basis"));
    if (e->json && str(f, "domain"))
        json_object_set_new(e->json, "domain", json_string(str(f, "domain")));
    json_decref(f);
    if (!e->json)
        g->oom = 1;
    return g->oom;
}

/* The measures that apply to this matter, handled by this department, today: read and parsed once
 * per check (a batch of 1,000 subjects reads them once, not once per listed subject). */
struct applicable {
    int64_t id;
    char *code, *doc_no, *title, *kind, *action, *text, *basis, *tclass, *tdomain;
};

struct appl_set {
    struct applicable *m;
    size_t n, cap;
    const char *dept, *matter, *today;
    int oom;
};

static void appl_free(struct appl_set *s)
{
    for (size_t i = 0; i < s->n; i++) {
        struct applicable *a = &s->m[i];
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
    struct appl_set *s = ctx;
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
        struct applicable *p = xy_realloc(s->m, cap * sizeof *p);
        if (!p)
            return s->oom = 1;
        s->m = p;
        s->cap = cap;
    }
    struct applicable *a = &s->m[s->n++];
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

static int appl_load(struct xy_app *app, struct appl_set *s, struct xy_error *err)
{
    static const char *const classes[] = {"red_list", "black_list", "watch_list"};
    int rc = 0;
    xy_alloc_failed();
    for (size_t c = 0; c < 3 && !rc; c++)
        rc = app->store->ops->measures_current(app->store, classes[c], on_applicable, s, err);
    if (!rc && s->oom)
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    return rc;
}

/* The measures in force for a (department, matter, day), kept per connection while the policy count
 * (store policy_gen, moved by triggers on any memorandum or measure change) stays as it was: reading
 * and decoding them was a tenth of a check. A few keys, the least recently used one replaced. */
#define APPL_KEEP 8

struct appl_kept {
    char dept[19], matter[65], today[11];
    struct appl_set set;
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

/* The applicable measures, read in the caller's snapshot. OUT: *out, owned by app's cache and valid
 * until the next call on app. */
static int appl_get(struct xy_app *app, const char *dept, const char *matter, const char *today,
                    const struct appl_set **out, struct xy_error *err)
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
        if (k->used && !strcmp(k->dept, dept) && !strcmp(k->matter, matter) && !strcmp(k->today, today)) {
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
    victim->set = (struct appl_set){.dept = victim->dept, .matter = victim->matter, .today = victim->today};
    if ((rc = appl_load(app, &victim->set, err))) {
        appl_free(&victim->set);
        return rc;
    }
    victim->used = ++c->clock;
    *out = &victim->set;
    return XY_OK;
}

/* The applicable measures that a subject's entries trigger, each with its evidence. */
static json_t *matched_measures(const struct appl_set *s, const struct gather *g)
{
    json_t *out = json_array();
    for (size_t k = 0; out && k < s->n; k++) {
        const struct applicable *a = &s->m[k];
        json_t *evidence = json_array();
        if (!evidence) {
            json_decref(out);
            return NULL;
        }
        for (size_t i = 0; i < g->n; i++) {
            const struct entry *e = &g->entries[i];
            if (xy_jrp_targets(a->tclass, a->tdomain, e->cls, e->domain))
                json_array_append_new(evidence, json_integer(e->record));
        }
        if (!json_array_size(evidence)) {
            json_decref(evidence);
            continue;
        }
        json_t *o = json_pack("{s:I, s:s, s:{s:s, s:s}, s:s, s:s, s:s, s:s, s:o}", "measure", (json_int_t)a->id,
                              "code", a->code, "memo", "doc_no", a->doc_no, "title", a->title, "kind", a->kind,
                              "action", a->action, "text", a->text, "legal_basis", a->basis, "evidence", evidence);
        if (!o || json_array_append_new(out, o)) {
            json_decref(out);
            return NULL;
        }
    }
    return out;
}

static int subject_by(struct xy_app *app, const char *uscc, const uint8_t *hash, json_t **subject, int64_t *id,
                      struct xy_error *err);

struct subj {
    json_t *json;
    int64_t id;
};

static int on_subject(void *ctx, const struct xy_subject_row *s)
{
    struct subj *o = ctx;
    o->id = s->id;
    o->json = json_pack("{s:s, s:s, s:s?, s:s?}", "kind", s->kind, "name", s->name, "uscc", s->uscc, "id_no",
                        s->id_masked);
    return 1;
}

static int subject_by(struct xy_app *app, const char *uscc, const uint8_t *hash, json_t **subject, int64_t *id,
                      struct xy_error *err)
{
    struct subj o = {0};
    int rc = app->store->ops->subject_get(app->store, uscc, hash, NULL, on_subject, &o, err);
    *subject = o.json;
    *id = o.id;
    if (rc == XY_ENOTFOUND) {
        xy_error_clear(err);
        return XY_OK;
    }
    return rc;
}

/* Parses a person's ID number into its blind-index hash. Returns 0, or -1 when not a valid number. */
static int person_hash(struct xy_app *app, const char *code, uint8_t hash[32])
{
    struct xy_date d = xy_clock_today(&app->clock);
    struct xy_id_date today = {d.y, d.m, d.d};
    struct xy_id_result res;
    char key[80];
    if (xy_ric_check(code, strlen(code), &today, &res) != XY_ID_OK)
        return -1;
    snprintf(key, sizeof key, "01:%s", res.upgraded[0] ? res.upgraded : res.normalized);
    xy_keys_hash(&app->keys, key, strlen(key), hash, 32);
    return 0;
}

static int check_one(struct xy_app *app, const struct appl_set *ms, const char *dept, const char *matter,
                     const struct xy_jrp_subject *sj, const char *now, const char *today, const char *due,
                     json_t **answer, struct xy_jrp_logrow *out, struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct gather g = {.app = app, .today = today};
    json_t *subject = NULL;
    int64_t subject_id = 0, rep_id = 0;
    uint8_t hash[32], rep_hash[32];
    int is_person = 0, rc;
    struct xy_id_result res;
    *answer = NULL;
    if (!sj->code || !*sj->code)
        return xy_error_set(err, XY_EINVAL,
                            "核查对象缺少代码（统一社会信用代码或身份证号码） "
                            "(a subject needs its code: a USCC or an ID number)");
    if (xy_uscc_check(sj->code, strlen(sj->code), &res) == XY_ID_OK && !res.placeholder) {
        rc = subject_by(app, res.normalized, NULL, &subject, &subject_id, err);
    } else if (person_hash(app, sj->code, hash) == 0) {
        is_person = 1;
        rc = subject_by(app, NULL, hash, &subject, &subject_id, err);
    } else {
        return xy_error_set(err, XY_EINVAL,
                            "核查对象代码既不是有效的统一社会信用代码，也不是有效的身份证号码 "
                            "(the subject code is neither a valid USCC nor a valid ID number)");
    }
    if (rc)
        return rc;
    if (sj->legal_rep_id && *sj->legal_rep_id && person_hash(app, sj->legal_rep_id, rep_hash) != 0) {
        json_decref(subject);
        return xy_error_set(err, XY_EINVAL,
                            "法定代表人身份证号码无效 (legal_rep_id is not a valid resident ID number)");
    }
    /* The subject's own entries, its legal representative's, and for a person the organisations
     * whose entries name the person as legal representative. */
    g.relation = "self";
    if (subject_id && (rc = st->ops->list_entries(st, subject_id, NULL, on_entry, &g, err)))
        goto fail;
    if (sj->legal_rep_id && *sj->legal_rep_id && !is_person) {
        json_t *rep = NULL;
        if ((rc = subject_by(app, NULL, rep_hash, &rep, &rep_id, err)))
            goto fail;
        json_decref(rep);
        g.relation = "legal_rep";
        if (rep_id && (rc = st->ops->list_entries(st, rep_id, NULL, on_entry, &g, err)))
            goto fail;
    }
    if (is_person) {
        g.relation = "represented_org";
        if ((rc = st->ops->list_entries(st, 0, hash, on_entry, &g, err)))
            goto fail;
    }
    if (g.oom) {
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        goto fail;
    }
    json_t *measures = matched_measures(ms, &g);
    if (!measures)
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    json_t *entries = json_array();
    for (size_t i = 0; i < g.n; i++) {
        json_array_append_new(entries, g.entries[i].json);
        g.entries[i].json = NULL;
    }
    *answer = json_pack("{s:o, s:s, s:s, s:s, s:o, s:o, s:s}", "subject", subject ? subject : json_null(), "matter",
                        matter, "dept", dept, "checked_at", now, "entries", entries, "measures", measures,
                        "feedback_due", due);
    subject = NULL;
    if (rc || !*answer)
        goto fail;
    /* Logged later, with other checks, in one transaction (xy_jrp_check_log). */
    out->subject_id = subject_id;
    out->rep_id = rep_id;
    out->hits = (int)json_array_size(json_object_get(*answer, "measures"));
    if (!(out->text = json_dumps(*answer, JSON_COMPACT))) {
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        goto fail;
    }
    xy_free(g.entries);
    return XY_OK;
fail:
    for (size_t i = 0; i < g.n; i++)
        json_decref(g.entries[i].json);
    xy_free(g.entries);
    json_decref(subject);
    json_decref(*answer);
    *answer = NULL;
    return rc ? rc : XY_ENOMEM;
}

int xy_jrp_check_prepare(struct xy_app *app, const struct xy_principal *by, const char *dept, const char *matter,
                         const struct xy_jrp_subject *subjects, size_t n, struct xy_jrp_pending **out,
                         struct xy_error *err)
{
    return xy_jrp_check_prepare_part(app, by, dept, matter, subjects, n, 0, n > 1, out, err);
}

static int prepare_part(struct xy_app *app, const struct xy_principal *by, const char *dept, const char *matter,
                        const struct xy_jrp_subject *subjects, size_t n, size_t base, int batch,
                        struct xy_jrp_pending **out, struct xy_error *err);

int xy_jrp_check_prepare_part(struct xy_app *app, const struct xy_principal *by, const char *dept, const char *matter,
                              const struct xy_jrp_subject *subjects, size_t n, size_t base, int batch,
                              struct xy_jrp_pending **out, struct xy_error *err)
{
    struct xy_store *st = app->store;
    int began = 0;
    *out = NULL;
    if (n == 0 || n > XY_JRP_BATCH_MAX)
        return xy_error_set(err, XY_EINVAL, "一次核查须含 1 至 %d 个对象 (a check names 1 to %d subjects)", XY_JRP_BATCH_MAX,
                            XY_JRP_BATCH_MAX);
    /* All of a check's reads (about ten statements a subject) in one snapshot: one lock of the
     * database instead of one a statement. */
    int rc = st->ops->read_begin(st, &began, err);
    if (!rc)
        rc = prepare_part(app, by, dept, matter, subjects, n, base, batch, out, err);
    st->ops->read_end(st, began);
    return rc;
}

/* A batch's problem names the subject's place in the whole batch, in both parts of a bilingual
 * message ("中文 (English)"), or before a message that has one language. */
static void name_place(struct xy_error *err, size_t place)
{
    char msg[sizeof err->msg];
    snprintf(msg, sizeof msg, "%s", err->msg);
    size_t len = strlen(msg);
    char *open = len && msg[len - 1] == ')' ? strrchr(msg, '(') : NULL;
    /* Cut at character boundaries, and the English part keeps its closing bracket. */
    if (open && open > msg && open[-1] == ' ' && !strchr(open + 1, '(')) {
        open[-1] = '\0';
        msg[len - 1] = '\0';
        xy_error_set(err, err->rc, "第 %zu 个对象：%.*s (subject %zu: %.*s)", place,
                     (int)xy_utf8_floor(msg, strnlen(msg, 240)), msg, place,
                     (int)xy_utf8_floor(open + 1, strnlen(open + 1, 200)), open + 1);
    } else {
        xy_error_set(err, err->rc, "subject %zu: %.*s", place, (int)xy_utf8_floor(msg, strnlen(msg, 480)), msg);
    }
}

static int prepare_part(struct xy_app *app, const struct xy_principal *by, const char *dept, const char *matter,
                        const struct xy_jrp_subject *subjects, size_t n, size_t base, int batch,
                        struct xy_jrp_pending **out, struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct xy_id_result res;
    char today[11];
    int rc = 0;
    if (!dept || xy_uscc_check(dept, strlen(dept), &res) != XY_ID_OK)
        return xy_error_set(err, XY_EINVAL,
                            "dept 须为调用部门的统一社会信用代码 "
                            "(dept must be the calling department's unified social credit code)");
    if (!matter || !*matter || strlen(matter) > 64)
        return xy_error_set(err, XY_EINVAL,
                            "matter 须为行政事项编码 (matter must be an administrative matter code)");
    if (!st->ops->matter_exists(st, matter))
        return xy_error_set(err, XY_EINVAL,
                            "未知事项 %.64s，请查阅事项目录 (unknown matter %.64s; see the matter catalogue)", matter,
                            matter);
    /* The calling department must be one the platform knows: the check log and the figures name it. */
    int64_t dept_id;
    int drc = st->ops->dept_get(st, res.normalized, &dept_id, NULL, 0, err);
    if (drc == XY_ENOTFOUND)
        return xy_error_set(err, XY_EINVAL, "部门 %s 未在平台登记 (dept %s is not a registered department; register it with "
                            "xinyong dept add)",
                            res.normalized, res.normalized);
    if (drc)
        return drc;
    struct xy_jrp_pending *p = xy_calloc(1, sizeof *p);
    if (!p || !(p->rows = xy_calloc(n, sizeof *p->rows)) || !(p->answers = json_array())) {
        xy_jrp_pending_free(p);
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    }
    p->by = *by;
    snprintf(p->dept, sizeof p->dept, "%.18s", res.normalized);
    snprintf(p->matter, sizeof p->matter, "%s", matter);
    xy_clock_stamp(&app->clock, p->now);
    struct xy_date d = xy_clock_today(&app->clock);
    xy_date_format(d, today);
    xy_date_format(xy_date_from_days(xy_date_to_days(d) + FEEDBACK_DAYS), p->due);
    const struct appl_set *ms = NULL;
    rc = appl_get(app, p->dept, p->matter, today, &ms, err);
    for (size_t i = 0; i < n && !rc; i++) {
        json_t *a = NULL;
        rc = check_one(app, ms, p->dept, matter, &subjects[i], p->now, today, p->due, &a, &p->rows[i], err);
        if (rc && batch && rc == XY_EINVAL)
            name_place(err, base + i + 1);
        if (!rc) {
            json_array_append_new(p->answers, a);
            p->n = i + 1;
        }
    }
    if (rc) {
        xy_jrp_pending_free(p);
        return rc;
    }
    *out = p;
    return XY_OK;
}

void xy_jrp_pending_free(struct xy_jrp_pending *p)
{
    if (!p)
        return;
    for (size_t i = 0; p->rows && i < p->n; i++)
        xy_free(p->rows[i].text);
    xy_free(p->rows);
    json_decref(p->answers);
    xy_free(p);
}

/* Stores one prepared check (each subject's answer and its access entries) in the open transaction. */
static int log_one(struct xy_store *st, struct xy_jrp_pending *p, struct xy_error *err)
{
    char object[32], purpose[160];
    int rc = 0;
    snprintf(purpose, sizeof purpose, "联合奖惩核查 joint reward/punishment check, matter %.64s", p->matter);
    for (size_t i = 0; i < p->n && !rc; i++) {
        struct xy_jrp_logrow *r = &p->rows[i];
        struct xy_check_row row = {.at = p->now, .key_id = p->by.key_id, .dept_uscc = p->dept, .matter = p->matter,
                                   .subject_id = r->subject_id, .hits = r->hits, .answer = r->text,
                                   .feedback_due = p->due};
        int64_t check_id = 0;
        rc = st->ops->check_add(st, &row, &check_id, err);
        snprintf(object, sizeof object, "check/%lld", (long long)check_id);
        /* Each check counts as an access to each subject it named (the subject sees it). */
        if (!rc && r->subject_id)
            rc = st->ops->access_add(st, r->subject_id, p->now, p->by.key_id, xy_role_name(p->by.role), p->dept,
                                     purpose, object, 0, err);
        if (!rc && r->rep_id)
            rc = st->ops->access_add(st, r->rep_id, p->now, p->by.key_id, xy_role_name(p->by.role), p->dept, purpose,
                                     object, 0, err);
        r->check_id = check_id;
    }
    return rc;
}

int xy_jrp_check_log(struct xy_app *app, struct xy_jrp_pending *const *ps, size_t np, struct xy_error *err)
{
    struct xy_store *st = app->store;
    int rc;
    /* A check is a read plus a log line: where the back end can, its commit does not wait for the
     * disk (SQLite: WAL with synchronous=NORMAL). A crash of the process loses nothing; a power cut
     * may lose the last checks made, which their callers already hold the answers to.
     * docs/internals/STORAGE.md. */
    const struct xy_store_caps *caps = st->ops->caps;
    if ((caps && caps->durable && (rc = caps->durable(st, 0, err))) || (rc = st->ops->begin(st, err)))
        return rc;
    for (size_t k = 0; k < np && !rc; k++)
        rc = log_one(st, ps[k], err);
    if (!rc)
        rc = st->ops->commit(st, err);
    if (rc)
        st->ops->rollback(st);
    /* The ids are known once committed: each answer names its check, for feedback. */
    for (size_t k = 0; k < np && !rc; k++)
        for (size_t i = 0; i < ps[k]->n; i++)
            json_object_set_new(json_array_get(ps[k]->answers, i), "check", json_integer(ps[k]->rows[i].check_id));
    return rc;
}

int xy_jrp_check(struct xy_app *app, const struct xy_principal *by, const char *dept, const char *matter,
                 const struct xy_jrp_subject *subjects, size_t n, json_t **answers, struct xy_error *err)
{
    struct xy_jrp_pending *p = NULL;
    *answers = NULL;
    int rc = xy_jrp_check_prepare(app, by, dept, matter, subjects, n, &p, err);
    if (!rc)
        rc = xy_jrp_check_log(app, &p, 1, err);
    if (!rc)
        *answers = json_incref(p->answers);
    xy_jrp_pending_free(p);
    return rc;
}

int xy_jrp_feedback(struct xy_app *app, const struct xy_principal *by, int64_t check_id, const json_t *items,
                    struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct xy_check_row c;
    json_error_t jerr;
    char now[32];
    int rc;
    if (!json_is_array(items) || json_array_size(items) == 0 || json_array_size(items) > 200)
        return xy_error_set(err, XY_EINVAL,
                            "items 须为含 1 至 200 条反馈的数组 (items must be an array of 1 to 200 feedback entries)");
    xy_clock_stamp(&app->clock, now);
    if ((rc = st->ops->begin(st, err)))
        return rc;
    if ((rc = st->ops->check_get(st, check_id, &c, err)))
        goto fail;
    /* A check is answered to one key: only that key (or the credit office) reports on it. */
    if (by->role != XY_ROLE_OFFICE && by->key_id != c.key_id) {
        xy_free(c.mem);
        rc = xy_error_set(err, XY_ENOTFOUND, "没有本密钥的核查 %lld (no check %lld of yours)", (long long)check_id,
                          (long long)check_id);
        goto fail;
    }
    xy_alloc_failed();
    json_t *answer = json_loads(c.answer, 0, &jerr);
    xy_free(c.mem);
    if (!answer) {
        rc = xy_alloc_failed() ? xy_error_set(err, XY_ENOMEM, "out of memory")
                               : xy_error_set(err, XY_EDB, "check %lld: its stored answer is not JSON (%s)",
                                              (long long)check_id, jerr.text);
        goto fail;
    }
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) {
        json_t *mid = json_object_get(it, "measure"), *applied = json_object_get(it, "applied");
        const char *key;
        json_t *v;
        json_object_foreach(it, key, v) {
            if (strcmp(key, "measure") && strcmp(key, "applied") && strcmp(key, "reason") && strcmp(key, "outcome")) {
                rc = xy_error_set(err, XY_EINVAL, "第 %zu 条：未知字段 %.*s (item %zu: unknown field \"%.*s\")", i + 1,
                                  (int)xy_utf8_floor(key, strnlen(key, 32)), key, i + 1,
                                  (int)xy_utf8_floor(key, strnlen(key, 32)), key);
                break;
            }
        }
        if (rc)
            break;
        if (!json_is_integer(mid) || !json_is_boolean(applied) ||
            (json_object_get(it, "reason") && !json_is_string(json_object_get(it, "reason"))) ||
            (json_object_get(it, "outcome") && !json_is_string(json_object_get(it, "outcome")))) {
            rc = xy_error_set(err, XY_EINVAL,
                              "第 %zu 条须有 measure（数字）、applied（true 或 false），reason 和 outcome（文字）可选 "
                              "(item %zu needs measure: a number, applied: true or false, and optional reason and "
                              "outcome: text)",
                              i + 1, i + 1);
            break;
        }
        int found = 0;
        size_t k;
        json_t *m;
        json_array_foreach(json_object_get(answer, "measures"), k, m)
            found |= json_integer_value(json_object_get(m, "measure")) == json_integer_value(mid);
        if (!found) {
            rc = xy_error_set(err, XY_EINVAL,
                              "第 %zu 条：措施 %lld 不在核查 %lld 的答复中 (item %zu: measure %lld was not in the answer "
                              "to check %lld)",
                              i + 1, (long long)json_integer_value(mid), (long long)check_id, i + 1,
                              (long long)json_integer_value(mid), (long long)check_id);
            break;
        }
        const char *reason = str(it, "reason");
        if (!json_is_true(applied) && !reason) {
            rc = xy_error_set(err, XY_EINVAL,
                              "第 %zu 条：未执行的措施须说明理由 (item %zu: a measure not applied needs the reason why)",
                              i + 1, i + 1);
            break;
        }
        if ((rc = st->ops->feedback_put(st, check_id, json_integer_value(mid), json_is_true(applied), reason,
                                        str(it, "outcome"), now, err)))
            break;
    }
    json_decref(answer);
    if (rc)
        goto fail;
    char object[32];
    snprintf(object, sizeof object, "check/%lld", (long long)check_id);
    return xy_audit_commit(app, by, "check.feedback", object, NULL, XY_OK, err);
fail:
    st->ops->rollback(st);
    return rc;
}

struct stats {
    json_t *o;
};

static int on_stat(void *ctx, const char *metric, const char *key, int64_t value)
{
    struct stats *s = ctx;
    json_t *m = json_object_get(s->o, metric);
    if (!m) {
        m = json_object();
        json_object_set_new(s->o, metric, m);
    }
    json_object_set_new(m, key ? key : "", json_integer(value));
    return 0;
}

int xy_jrp_stats(struct xy_app *app, const char *month, json_t **out, struct xy_error *err)
{
    struct xy_date d;
    char from[16], to[16], now[32], ym[16];
    *out = NULL;
    snprintf(ym, sizeof ym, "%.7s-01", month ? month : "");
    if (!month || strlen(month) != 7 || xy_date_parse(ym, strlen(ym), &d))
        return xy_error_set(err, XY_EINVAL, "month 须为 YYYY-MM 格式 (month must be YYYY-MM)");
    xy_date_format(d, from);
    xy_date_format(xy_date_add_months(d, 1), to);
    /* Feedback is overdue once its due day has passed: compared with today, a day (not a time). */
    xy_date_format(xy_clock_today(&app->clock), now);
    struct stats s = {json_pack("{s:s, s:{}, s:{}}", "month", month, "applied_by_dept", "applied_by_memo")};
    if (!s.o)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    int rc = app->store->ops->jrp_stats(app->store, from, to, now, on_stat, &s, err);
    if (rc) {
        json_decref(s.o);
        return rc;
    }
    *out = s.o;
    return XY_OK;
}

int xy_jrp_case_publish(struct xy_app *app, const struct xy_principal *by, int64_t check_id, int64_t measure_id,
                        const char *title, const char *summary, int64_t *id, struct xy_error *err)
{
    struct xy_store *st = app->store;
    char now[32], object[32];
    int rc;
    if (!title || !*title || strlen(title) > 600 || !summary || !*summary || strlen(summary) > 12000)
        return xy_error_set(err, XY_EINVAL, "案例须有标题（不超过 200 字）和摘要 "
                                            "(a case needs a title of up to 200 characters and a summary)");
    xy_clock_stamp(&app->clock, now);
    if ((rc = st->ops->begin(st, err)))
        return rc;
    rc = st->ops->case_add(st, check_id, measure_id, title, summary, now, by->key_id, id, err);
    snprintf(object, sizeof object, "case/%lld", (long long)*id);
    return xy_audit_commit(app, by, "case.publish", object, NULL, rc, err);
}

struct cases {
    json_t *items;
    int64_t last;
};

static int on_case(void *ctx, const struct xy_case_row *c)
{
    struct cases *k = ctx;
    int person = c->subject_kind && strcmp(c->subject_kind, "person") == 0;
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:{s:s, s:s}, s:s, s:s, s:s?, s:s?}", "id",
                          (json_int_t)c->id, "title", c->title, "summary", c->summary, "published_at",
                          c->published_at, "kind", c->kind, "action", c->action, "measure", c->measure_text,
                          "legal_basis", c->legal_basis, "memo", "doc_no", c->memo_doc_no, "title", c->memo_title,
                          "dept_uscc", c->dept_uscc, "matter", c->matter, "applied_at", c->applied_at, "outcome",
                          c->outcome);
    /* An organisation is named; a person never is, in a public case. */
    if (o && c->subject_name && !person) {
        json_object_set_new(o, "subject_name", json_string(c->subject_name));
        if (c->subject_uscc)
            json_object_set_new(o, "subject_uscc", json_string(c->subject_uscc));
    }
    k->last = c->id;
    if (o)
        json_array_append_new(k->items, o);
    return 0;
}

int xy_jrp_cases(struct xy_app *app, int64_t after, int limit, json_t **items, int64_t *last, struct xy_error *err)
{
    struct cases k = {json_array(), after};
    int rc = app->store->ops->cases_page(app->store, after, limit, on_case, &k, err);
    if (rc) {
        json_decref(k.items);
        return rc;
    }
    *items = k.items;
    *last = k.last;
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
    static const char *const classes[] = {"red_list", "black_list", "watch_list"};
    json_t *a = json_array();
    int rc = 0;
    *out = NULL;
    if (!a)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    xy_alloc_failed();
    for (size_t i = 0; i < 3 && !rc; i++)
        rc = app->store->ops->measures_current(app->store, classes[i], on_policy_measure, a, err);
    if (!rc && xy_alloc_failed())
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    if (rc) {
        json_decref(a);
        return rc;
    }
    *out = a;
    return 0;
}
