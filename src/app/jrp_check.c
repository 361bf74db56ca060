/* SPDX-License-Identifier: Apache-2.0 */
/* Joint reward and punishment checks: what applies to a subject for a matter (its list entries, its
 * legal representative's and, for a person, those of the organisations it represents, against the
 * measures in force), prepared on any connection and logged by group commit (xy_jrp_check_log). */
#include "app/jrp.h"
#include "app/app_int.h"
#include "app/jrp_int.h"

#include <stdio.h>
#include <string.h>

#include "common/xy_alloc.h"
#include "common/xy_utf8.h"
#include "core/jrp.h"
#include "core/ric.h"
#include "core/uscc.h"


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
    const char *from = xy_jrp_str(f, "valid_from");
    /* An entry whose publicity window has ended (a defaulter's two years) is no basis for measures,
     * even before the day's expiry has marked it: dates are YYYY-MM-DD, text order is time order. */
    if (!xy_jrp_entry_active(from, r->valid_to, g->today) || (r->public_until && strcmp(r->public_until, g->today) < 0)) {
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
    snprintf(e->domain, sizeof e->domain, "%s", xy_jrp_str(f, "domain") ? xy_jrp_str(f, "domain") : "");
    e->json = json_pack("{s:s, s:I, s:s, s:s?, s:s?, s:s, s:s, s:s?, s:s?, s:s?, s:s?, s:s?}", "relation", g->relation,
                        "record", (json_int_t)r->id, "class", r->cls, "name", xy_jrp_str(f, "party_name"), "doc_no",
                        r->doc_no, "dept_uscc", r->dept_uscc, "dept_name", r->dept_name, "decision_date",
                        r->decision_date, "valid_from", from, "valid_to", r->valid_to, "reason",
                        xy_jrp_str(f, "reason"), "legal_basis", xy_jrp_str(f, "legal_basis"));
    if (e->json && xy_jrp_str(f, "domain"))
        json_object_set_new(e->json, "domain", json_string(xy_jrp_str(f, "domain")));
    json_decref(f);
    /* Texts stored before ID numbers in them were masked at import are masked here. */
    static const char *const texts[] = {"name", "reason", "legal_basis", "domain"};
    struct xy_date today;
    for (size_t i = 0; e->json && i < sizeof texts / sizeof *texts; i++)
        if (xy_date_parse(g->today, strlen(g->today), &today) == 0 && xy_app_mask_member(e->json, texts[i], today)) {
            json_decref(e->json);
            e->json = NULL;
        }
    if (!e->json)
        g->oom = 1;
    return g->oom;
}

/* The applicable measures that a subject's entries trigger, each with its evidence. */
static json_t *matched_measures(const struct xy_jrp_appl_set *s, const struct gather *g)
{
    json_t *out = json_array();
    for (size_t k = 0; out && k < s->n; k++) {
        const struct xy_jrp_applicable *a = &s->m[k];
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

/* The subject's stored grade for the answer (organisations only: a person's grade is not an approval
 * system's to see, app/eval.h), or null. */
static int on_grade(void *ctx, const struct xy_eval_result_row *r)
{
    json_t **out = ctx;
    *out = json_pack("{s:s, s:f, s:s, s:s}", "grade", r->grade, "score", (double)r->score / 100.0, "model_version",
                     r->model_version, "as_of", r->as_of);
    return 1;
}

static int check_one(struct xy_app *app, const struct xy_jrp_appl_set *ms, const char *dept, const char *matter,
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
    struct xy_list_filter lf;
    xy_app_list_filter(app, &lf);
    g.relation = "self";
    if (subject_id && (rc = st->ops->list_entries(st, subject_id, NULL, &lf, on_entry, &g, err)))
        goto fail;
    if (sj->legal_rep_id && *sj->legal_rep_id && !is_person) {
        json_t *rep = NULL;
        if ((rc = subject_by(app, NULL, rep_hash, &rep, &rep_id, err)))
            goto fail;
        json_decref(rep);
        g.relation = "legal_rep";
        if (rep_id && (rc = st->ops->list_entries(st, rep_id, NULL, &lf, on_entry, &g, err)))
            goto fail;
    }
    if (is_person) {
        g.relation = "represented_org";
        if ((rc = st->ops->list_entries(st, 0, hash, &lf, on_entry, &g, err)))
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
    json_t *grade = NULL;
    if (!rc && subject_id && !is_person && st->ops->eval_get(st, subject_id, on_grade, &grade, NULL) != XY_OK)
        grade = NULL; /* not graded (yet): the answer says null */
    *answer = json_pack("{s:o, s:s, s:s, s:s, s:o, s:o, s:o, s:s}", "subject", subject ? subject : json_null(), "matter",
                        matter, "dept", dept, "checked_at", now, "entries", entries, "measures", measures, "grade",
                        grade ? grade : json_null(), "feedback_due", due);
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
    char handler[19];
    int mrc = st->ops->matter_dept(st, matter, handler, err);
    if (mrc == XY_ENOTFOUND)
        return xy_error_set(err, XY_EINVAL,
                            "未知事项 %.64s，请查阅事项目录 (unknown matter %.64s; see the matter catalogue)", matter,
                            matter);
    if (mrc)
        return mrc;
    /* Who may check (docs/jrp-policy.md): an approval key tied to a department checks for that
     * department only, and a matter the catalogue gives to a department is checked by it alone. */
    if (by->role == XY_ROLE_APPROVAL && by->dept_uscc[0] && strcmp(res.normalized, by->dept_uscc) != 0)
        return xy_error_set(err, XY_EDENIED, "此密钥只能为部门 %s 核查 (this key checks for department %s only)",
                            by->dept_uscc, by->dept_uscc);
    if (handler[0] && strcmp(handler, res.normalized) != 0)
        return xy_error_set(err, XY_EDENIED,
                            "事项 %.64s 由部门 %s 办理，部门 %s 不能核查 (matter %.64s is handled by department %s; "
                            "department %s may not check it)",
                            matter, handler, res.normalized, matter, handler, res.normalized);
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
    xy_date_format(xy_clock_today(&app->clock), today);
    const struct xy_jrp_appl_set *ms = NULL;
    rc = xy_jrp_appl_get(app, p->dept, p->matter, today, &ms, err);
    if (!rc)
        snprintf(p->due, sizeof p->due, "%s", ms->feedback_due);
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

