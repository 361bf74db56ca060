/* SPDX-License-Identifier: Apache-2.0 */
/* Supervision use cases (supervision.h): the scan that raises candidates and escalates overdue
 * notices, and the notice's steps. The rules are core/supervision.h's; their parameters the
 * "rules" member of catalog/supervision.json. */
#include "app/supervision.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_int.h"
#include "app/audit.h"
#include "app/calendar.h"
#include "app/monitor.h"
#include "common/xy_utf8.h"
#include "core/monitor.h"
#include "core/objection.h"
#include "core/repair.h"
#include "core/supervision.h"
#include "report/report_pdf.h"

extern const unsigned char xy_default_supervision[];
extern const size_t xy_default_supervision_len;

#define ISSUER "武汉市社会信用体系建设领导小组办公室"

const char *xy_supervision_default(size_t *len)
{
    *len = xy_default_supervision_len;
    return (const char *)xy_default_supervision;
}

static int load_rules(struct xy_sup_rules *r, struct xy_error *err)
{
    size_t len;
    const char *text = xy_supervision_default(&len);
    json_t *root = json_loadb(text, len, 0, NULL);
    char *rules = root ? json_dumps(json_object_get(root, "rules"), JSON_COMPACT) : NULL;
    int rc = rules ? xy_sup_rules_parse(rules, strlen(rules), r, err)
                   : xy_error_set(err, XY_ECORRUPT, "the built-in supervision rules do not read");
    free(rules);
    json_decref(root);
    return rc;
}

static int office(const struct xy_principal *by, struct xy_error *err)
{
    return by->role == XY_ROLE_OFFICE || by->role == XY_ROLE_OPERATOR
               ? XY_OK
               : xy_error_set(err, XY_EDENIED, "只有信用办可以督办 (only the credit office supervises)");
}

static int sees_all(const struct xy_principal *by)
{
    return by->role == XY_ROLE_OFFICE || by->role == XY_ROLE_OPERATOR || by->role == XY_ROLE_AUDITOR;
}

/* ---- the scan --------------------------------------------------------------------------------- */

struct scan {
    struct xy_app *app;
    const struct xy_sup_rules *rules;
    const struct xy_calendar *cal;
    struct xy_date today;
    char now[32];
    json_t *depts;  /* uscc -> dept id */
    json_t *plans;  /* uscc -> true: a catalogue expecting something every month */
    json_t *raised; /* ids */
    struct xy_error *err;
    int rc;
};

static int raise1(struct scan *s, const char *rule, int64_t dept_id, const char *period, const char *subject,
                  json_t *facts)
{
    char *text = facts ? json_dumps(facts, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(facts);
    if (!text)
        return (s->rc = xy_error_set(s->err, XY_ENOMEM, "out of memory"));
    struct xy_sup_row n = {.rule = rule, .dept_id = dept_id, .period = period, .subject = subject, .facts = text,
                           .state = xy_sup_state_name(XY_SUP_CANDIDATE), .raised_at = s->now};
    int64_t id = 0;
    s->rc = s->app->store->ops->sup_raise(s->app->store, &n, &id, s->err);
    free(text);
    if (!s->rc && id)
        json_array_append_new(s->raised, json_integer(id));
    return s->rc;
}

/* Departments whose collection catalogue expects something every month: only they can be silent. */
static int plan_cb(void *ctx, const struct xy_unit_row *u)
{
    json_t *plan = u->plan ? json_loads(u->plan, 0, NULL) : NULL, *c;
    size_t i;
    json_array_foreach(json_object_get(plan, "classes"), i, c)
    {
        if (xy_mon_plan_monthly(json_string_value(json_object_get(c, "frequency")))) {
            json_object_set_new(ctx, u->uscc, json_true());
            break;
        }
    }
    json_decref(plan);
    return 0;
}

static int activity_cb(void *ctx, const struct xy_sup_activity *a)
{
    struct scan *s = ctx;
    json_object_set_new(s->depts, a->uscc, json_integer(a->dept_id));
    if (!json_object_get(s->plans, a->uscc))
        return 0;
    struct xy_date since;
    const char *from = a->last_batch ? a->last_batch : a->created_at;
    if (!from || xy_stamp_beijing_day(from, &since))
        return 0;
    int days;
    if (!xy_sup_silent(s->rules, s->cal, since, s->today, &days))
        return 0;
    char period[11];
    xy_date_format(since, period);
    return raise1(s, XY_SUP_SILENCE, a->dept_id, period, "",
                  json_pack("{s:s?, s:s, s:s, s:i, s:i}", "last_batch", a->last_batch, "registered_at", a->created_at,
                            "since", period, "workdays_silent", days, "threshold_workdays",
                            s->rules->silence_workdays));
}

static int overdue_cb(void *ctx, const struct xy_sup_overdue *o)
{
    struct scan *s = ctx;
    const char *rule = !strcmp(o->kind, "objection") ? XY_SUP_OBJECTION
                       : !strcmp(o->kind, "repair")  ? XY_SUP_REPAIR
                                                     : XY_SUP_FEEDBACK;
    int on = !strcmp(o->kind, "objection") ? s->rules->objection
             : !strcmp(o->kind, "repair")  ? s->rules->repair
                                           : s->rules->feedback;
    struct xy_date due;
    if (!on || xy_date_parse(o->due, strlen(o->due), &due))
        return 0;
    char subject[48];
    snprintf(subject, sizeof subject, "%s/%lld", !strcmp(o->kind, "feedback") ? "check" : "claim", (long long)o->id);
    return raise1(s, rule, o->dept_id, o->due, subject,
                  json_pack("{s:s, s:I, s:s, s:s, s:i}", "kind", o->kind, "id", (json_int_t)o->id, "due", o->due, "at",
                            o->at, "workdays_late", xy_calendar_workdays_between(s->cal, due, s->today)));
}

/* The rate rules over the judged month's double publicity rows (category 6), as the monthly report
 * computes them. */
static int rates(struct scan *s)
{
    struct xy_principal op;
    struct xy_error e2 = {0};
    json_t *doc = NULL, *row;
    char month[8];
    int y, m;
    size_t i;
    xy_sup_judged_month(s->today, &y, &m);
    xy_month_format((struct xy_month){y, m}, month);
    xy_principal_operator(&op);
    int rc = xy_month_json(s->app, &op, month, &doc, &e2);
    if (rc) { /* a month before the platform's time: nothing to judge */
        json_decref(doc);
        return rc == XY_EINVAL ? XY_OK : (s->rc = xy_error_set(s->err, rc, "%s", e2.msg));
    }
    json_array_foreach(json_object_get(json_array_get(json_object_get(doc, "categories"), 5), "rows"), i, row)
    {
        const char *dept = json_string_value(json_object_get(row, "dept"));
        const char *cls = json_string_value(json_object_get(row, "key"));
        json_t *v = json_object_get(row, "values");
        int64_t id = json_integer_value(json_object_get(s->depts, dept ? dept : ""));
        int64_t sub = json_integer_value(json_object_get(v, "submitted")),
                dec = json_integer_value(json_object_get(v, "declared")),
                ex = json_integer_value(json_object_get(v, "exempt")),
                tim = json_integer_value(json_object_get(v, "timely"));
        if (!id || !cls)
            continue;
        if (xy_sup_rate_low(s->rules->publicity_min, sub, dec - ex) &&
            raise1(s, XY_SUP_PUBLICITY, id, month, cls,
                   json_pack("{s:s, s:s, s:I, s:I, s:I, s:O, s:f}", "month", month, "class", cls, "submitted",
                             (json_int_t)sub, "declared", (json_int_t)dec, "exempt", (json_int_t)ex, "rate",
                             json_object_get(v, "publicity_rate"), "threshold", s->rules->publicity_min)))
            break;
        if (xy_sup_rate_low(s->rules->timeliness_min, tim, sub) &&
            raise1(s, XY_SUP_TIMELINESS, id, month, cls,
                   json_pack("{s:s, s:s, s:I, s:I, s:O, s:f}", "month", month, "class", cls, "submitted",
                             (json_int_t)sub, "timely", (json_int_t)tim, "rate", json_object_get(v, "timeliness"),
                             "threshold", s->rules->timeliness_min)))
            break;
    }
    json_decref(doc);
    return s->rc;
}

struct esc {
    struct xy_sup_row rows[64];
    char strs[64][4][48];
    int n;
};

static int esc_cb(void *ctx, const struct xy_sup_row *n)
{
    struct esc *e = ctx;
    if (e->n >= 64)
        return 1;
    struct xy_sup_row *r = &e->rows[e->n];
    *r = *n;
    /* the strings the update writes back, copied out of the statement */
    snprintf(e->strs[e->n][0], 48, "%s", n->state);
    snprintf(e->strs[e->n][1], 48, "%s", n->number ? n->number : "");
    snprintf(e->strs[e->n][2], 48, "%s", n->reviewed_at ? n->reviewed_at : "");
    snprintf(e->strs[e->n][3], 48, "%s", n->sent_at ? n->sent_at : "");
    r->state = e->strs[e->n][0];
    r->number = e->strs[e->n][1];
    r->reviewed_at = e->strs[e->n][2];
    r->sent_at = e->strs[e->n][3];
    r->reason = NULL; /* not kept across an escalation: a dismissal's reason only */
    e->n++;
    return 0;
}

/* Notices past their deadline unanswered become escalated, level 2, with a second deadline. In
 * rounds of 64, so that a long backlog needs no large buffer. */
static int escalate(struct scan *s, json_t *escalated)
{
    struct xy_store *st = s->app->store;
    static const char *const waiting[] = {"sent", "returned", NULL};
    char today[11], due[11];
    xy_date_format(s->today, today);
    xy_date_format(xy_calendar_add_workdays(s->cal, s->today, s->rules->escalate_workdays), due);
    int64_t after = 0;
    for (;;) {
        struct esc *e = calloc(1, sizeof *e);
        if (!e)
            return xy_error_set(s->err, XY_ENOMEM, "out of memory");
        struct xy_sup_filter f = {.states = waiting, .due_before = today, .after = after, .limit = 64};
        int rc = st->ops->sup_list(st, &f, esc_cb, e, s->err);
        for (int i = 0; !rc && i < e->n; i++) {
            struct xy_sup_row r = e->rows[i];
            enum xy_sup_state cur, next;
            if (xy_sup_state_parse(r.state, &cur) || xy_sup_next(cur, XY_SUPA_ESCALATE, &next, s->err))
                continue;
            r.state = xy_sup_state_name(next);
            r.level = 2;
            r.due = due;
            r.escalated_at = s->now;
            r.updated_at = s->now;
            r.reviewed_at = r.reviewed_at[0] ? r.reviewed_at : NULL;
            r.sent_at = r.sent_at[0] ? r.sent_at : NULL;
            r.number = r.number[0] ? r.number : NULL;
            if (!(rc = st->ops->sup_update(st, &r, xy_sup_state_name(cur), s->err)))
                json_array_append_new(escalated, json_integer(r.id));
            after = r.id;
        }
        int n = e->n;
        free(e);
        if (rc || n < 64)
            return rc;
    }
}

int xy_sup_scan(struct xy_app *app, const struct xy_principal *by, int *raised, int *escalated,
                struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct xy_sup_rules rules;
    struct xy_calendar cal;
    json_t *esc = json_array(), *plans = json_object();
    struct scan s = {app, &rules, &cal, xy_clock_today(&app->clock), "", json_object(), plans, json_array(), err, 0};
    int rc;
    if (raised)
        *raised = 0;
    if (escalated)
        *escalated = 0;
    xy_calendar_init(&cal);
    xy_clock_stamp(&app->clock, s.now);
    if (!s.depts || !s.raised || !esc || !plans) {
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        goto out;
    }
    if ((rc = office(by, err)) || (rc = load_rules(&rules, err)) || (rc = xy_calendar_load(app, &cal, err)))
        goto out;
    if ((rc = st->ops->begin(st, err)))
        goto out;
    rc = st->ops->units(st, plan_cb, plans, err);
    if (!rc)
        rc = st->ops->sup_activity(st, activity_cb, &s, err);
    if (!rc)
        rc = s.rc;
    if (!rc) {
        struct xy_sup_overdue_q q = {"", xy_obj_state_name(XY_OBJ_FORWARDED), xy_rep_state_name(XY_REP_SUBMITTED)};
        char today[11];
        xy_date_format(s.today, today);
        q.today = today;
        rc = st->ops->sup_overdue(st, &q, overdue_cb, &s, err);
        if (!rc)
            rc = s.rc;
    }
    if (!rc)
        rc = rates(&s);
    if (!rc)
        rc = escalate(&s, esc);
    if (!rc && json_array_size(s.raised) == 0 && json_array_size(esc) == 0) {
        st->ops->rollback(st); /* nothing new: no audit entry */
        goto out;
    }
    rc = xy_audit_commitj(app, by, "supervision.scan", "supervision",
                          json_pack("{s:s, s:O, s:O}", "rules", rules.version, "raised", s.raised, "escalated", esc), rc,
                          err);
    if (!rc && raised)
        *raised = (int)json_array_size(s.raised);
    if (!rc && escalated)
        *escalated = (int)json_array_size(esc);
out:
    xy_calendar_free(&cal);
    json_decref(s.depts);
    json_decref(s.raised);
    json_decref(esc);
    json_decref(plans);
    return rc;
}

/* ---- reading notices ---------------------------------------------------------------------------- */

static json_t *notice_json(const struct xy_sup_row *n, struct xy_date today, int full)
{
    enum xy_sup_state s = XY_SUP_CANDIDATE;
    struct xy_date due;
    xy_sup_state_parse(n->state, &s);
    int overdue = xy_sup_awaits_department(s) && n->due && !xy_date_parse(n->due, strlen(n->due), &due) &&
                  xy_date_cmp(due, today) < 0;
    json_t *facts = n->facts ? json_loads(n->facts, 0, NULL) : NULL;
    json_t *o = json_pack("{s:I, s:s?, s:s, s:s, s:{s:s, s:s}, s:s, s:s, s:o?, s:s, s:s, s:i, s:b, s:b, s:s, s:s?, "
                          "s:s?, s:s?, s:s?}",
                          "id", (json_int_t)n->id, "number", n->number, "rule", n->rule, "rule_title",
                          xy_sup_rule_title(n->rule), "dept", "uscc", n->dept_uscc, "name", n->dept_name, "period",
                          n->period, "subject", n->subject, "facts", facts, "state", n->state, "state_zh",
                          xy_sup_state_zh(s), "level", n->level, "escalated", n->level > 1, "overdue", overdue,
                          "raised_at", n->raised_at, "sent_at", n->sent_at, "due", n->due, "escalated_at",
                          n->escalated_at, "updated_at", n->updated_at);
    if (o && full)
        json_object_set_new(o, "reason", n->reason ? json_string(n->reason) : json_null());
    return o;
}

struct listing {
    json_t *items;
    struct xy_date today;
    int full;
    int64_t last;
};

static int list_cb(void *ctx, const struct xy_sup_row *n)
{
    struct listing *l = ctx;
    l->last = n->id;
    return json_array_append_new(l->items, notice_json(n, l->today, l->full)) ? 1 : 0;
}

/* What a department may see: its own notices once sent. */
static const char *const SENT_STATES[] = {"sent", "answered", "returned", "accepted", "escalated", NULL};

int xy_sup_list(struct xy_app *app, const struct xy_principal *by, const char *state, int64_t after, int limit,
                json_t **out, int64_t *last, struct xy_error *err)
{
    enum xy_sup_state s;
    const char *one[2] = {state, NULL};
    struct xy_sup_filter f = {.after = after, .limit = limit};
    struct listing l = {json_array(), xy_clock_today(&app->clock), sees_all(by), 0};
    if (state && xy_sup_state_parse(state, &s))
        return xy_error_set(err, XY_EINVAL, "未知状态 %s (unknown state; one of candidate, dismissed, sent, answered, "
                            "returned, accepted, escalated)", state);
    if (!sees_all(by)) {
        if (by->role != XY_ROLE_DEPARTMENT)
            return xy_error_set(err, XY_EDENIED, "无权查看督办通知 (not allowed to read notices)");
        f.dept_id = by->dept_id;
        if (state && (s == XY_SUP_CANDIDATE || s == XY_SUP_DISMISSED))
            one[0] = "none"; /* never the department's */
        f.states = state ? one : SENT_STATES;
    } else if (state) {
        f.states = one;
    }
    if (!l.items)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    int rc = app->store->ops->sup_list(app->store, &f, list_cb, &l, err);
    if (rc) {
        json_decref(l.items);
        return rc;
    }
    *out = l.items;
    if (last)
        *last = l.last;
    return XY_OK;
}

/* A notice as the caller may see it; the row's strings copied into *doc. */
struct got {
    json_t *doc;
    struct xy_date today;
    int full;
    int64_t dept_id;
    enum xy_sup_state state;
};

static int got_cb(void *ctx, const struct xy_sup_row *n)
{
    struct got *g = ctx;
    g->doc = notice_json(n, g->today, g->full);
    g->dept_id = n->dept_id;
    xy_sup_state_parse(n->state, &g->state);
    return 1;
}

static int load(struct xy_app *app, const struct xy_principal *by, int64_t id, struct got *g, struct xy_error *err)
{
    *g = (struct got){NULL, xy_clock_today(&app->clock), sees_all(by), 0, XY_SUP_CANDIDATE};
    if (!sees_all(by) && by->role != XY_ROLE_DEPARTMENT)
        return xy_error_set(err, XY_EDENIED, "无权查看督办通知 (not allowed to read notices)");
    int rc = app->store->ops->sup_get(app->store, id, got_cb, g, err);
    if (!rc && !g->doc)
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    /* another department's notice, or one not sent yet, does not exist for a department */
    if (!rc && !sees_all(by) &&
        (g->dept_id != by->dept_id || g->state == XY_SUP_CANDIDATE || g->state == XY_SUP_DISMISSED)) {
        json_decref(g->doc);
        g->doc = NULL;
        rc = xy_error_set(err, XY_ENOTFOUND, "没有此督办通知 (no such notice: %lld)", (long long)id);
    }
    return rc;
}

static int answer_cb(void *ctx, const struct xy_sup_answer_row *a)
{
    json_t *answers = ctx;
    return json_array_append_new(answers, json_pack("{s:i, s:s, s:s, s:s, s:s?, s:s?, s:s?, s:[]}", "seq", a->seq, "at",
                                                    a->at, "role", a->role, "text", a->text, "verdict", a->verdict,
                                                    "verdict_note", a->verdict_note, "verdict_at", a->verdict_at,
                                                    "files"))
               ? 1
               : 0;
}

static int file_cb(void *ctx, const struct xy_sup_file_row *f)
{
    json_t *a = json_array_get(ctx, (size_t)f->answer_seq - 1);
    char hex[65];
    sodium_bin2hex(hex, sizeof hex, f->sha256, 32);
    json_array_append_new(json_object_get(a, "files"), json_pack("{s:i, s:s, s:s, s:I, s:s}", "seq", f->seq, "name",
                                                                 f->name, "media_type", f->media_type, "size",
                                                                 (json_int_t)f->size, "sha256", hex));
    return 0;
}

int xy_sup_show(struct xy_app *app, const struct xy_principal *by, int64_t id, json_t **out, struct xy_error *err)
{
    struct got g = {0};
    json_t *answers = json_array();
    int rc = answers ? load(app, by, id, &g, err) : xy_error_set(err, XY_ENOMEM, "out of memory");
    if (!rc)
        rc = app->store->ops->sup_answers(app->store, id, answer_cb, file_cb, answers, err);
    if (rc) {
        json_decref(answers);
        json_decref(g.doc);
        return rc;
    }
    json_object_set_new(g.doc, "answers", answers);
    *out = g.doc;
    return XY_OK;
}

/* ---- the steps ----------------------------------------------------------------------------------- */

static int text_arg(const char *t, int required, const char *what_zh, const char *what, struct xy_error *err)
{
    size_t n = t ? strlen(t) : 0;
    if ((required && n == 0) || n > XY_SUP_TEXT_MAX || (n && !xy_utf8_valid(t, n)))
        return xy_error_set(err, XY_EINVAL, "%s须为 1 至 %d 字节的 UTF-8 文本 (%s must be UTF-8 text of 1 to %d bytes)",
                            what_zh, XY_SUP_TEXT_MAX, what, XY_SUP_TEXT_MAX);
    return XY_OK;
}

/* Reads a notice into a row the update writes back (its strings copied). */
struct row_copy {
    struct xy_sup_row r;
    char state[16], number[48], reviewed_at[32], sent_at[32], due[11], escalated_at[32], reason[XY_SUP_TEXT_MAX + 1];
    int found;
};

#define KEEP(dst, src) ((src) ? (snprintf((dst), sizeof(dst), "%s", (src)), (dst)) : NULL)

static int copy_cb(void *ctx, const struct xy_sup_row *n)
{
    struct row_copy *c = ctx;
    c->r = *n;
    c->r.state = KEEP(c->state, n->state);
    c->r.number = KEEP(c->number, n->number);
    c->r.reviewed_at = KEEP(c->reviewed_at, n->reviewed_at);
    c->r.sent_at = KEEP(c->sent_at, n->sent_at);
    c->r.due = KEEP(c->due, n->due);
    c->r.escalated_at = KEEP(c->escalated_at, n->escalated_at);
    c->r.reason = KEEP(c->reason, n->reason);
    c->r.rule = c->r.period = c->r.subject = c->r.facts = c->r.dept_uscc = c->r.dept_name = c->r.raised_at = NULL;
    c->found = 1;
    return 1;
}

/* Moves notice id by action a inside the caller's transaction. OUT: c (the row as written). */
static int step(struct xy_app *app, int64_t id, enum xy_sup_action a, struct row_copy *c, enum xy_sup_state *from,
                struct xy_error *err)
{
    enum xy_sup_state next;
    int rc = app->store->ops->sup_get(app->store, id, copy_cb, c, err);
    if (rc)
        return rc;
    if (xy_sup_state_parse(c->r.state, from))
        return xy_error_set(err, XY_ECORRUPT, "notice %lld has an unknown state", (long long)id);
    if ((rc = xy_sup_next(*from, a, &next, err)))
        return rc;
    c->r.state = xy_sup_state_name(next);
    return XY_OK;
}

int xy_sup_send(struct xy_app *app, const struct xy_principal *by, int64_t id, int workdays, struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct xy_sup_rules rules;
    struct xy_calendar cal;
    struct row_copy *c = calloc(1, sizeof *c);
    enum xy_sup_state from;
    char now[32], due[11], prefix[48], number[48], object[32];
    int64_t count = 0;
    int rc;
    if (!c)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    xy_calendar_init(&cal);
    if ((rc = office(by, err)) || (rc = load_rules(&rules, err)) || (rc = xy_calendar_load(app, &cal, err)))
        goto out;
    if (workdays < 0 || workdays > 250) {
        rc = xy_error_set(err, XY_EINVAL, "整改期限须为 1 至 250 个工作日 (the deadline must be 1 to 250 working days)");
        goto out;
    }
    struct xy_date today = xy_clock_today(&app->clock);
    xy_date_format(xy_calendar_add_workdays(&cal, today, workdays ? workdays : rules.answer_workdays), due);
    xy_clock_stamp(&app->clock, now);
    xy_sup_number_prefix(today.y, prefix);
    snprintf(object, sizeof object, "notice/%lld", (long long)id);
    if ((rc = st->ops->begin(st, err)))
        goto out;
    if (!(rc = step(app, id, XY_SUPA_SEND, c, &from, err)) &&
        !(rc = st->ops->sup_count_numbered(st, prefix, &count, err))) {
        xy_sup_number(today.y, count + 1, number);
        c->r.number = number;
        c->r.due = due;
        c->r.sent_at = now;
        c->r.reviewed_at = now;
        c->r.reviewed_by = by->key_id;
        c->r.updated_at = now;
        rc = st->ops->sup_update(st, &c->r, xy_sup_state_name(from), err);
    }
    rc = xy_audit_commitj(app, by, "supervision.send", object, json_pack("{s:s, s:s}", "number", number, "due", due),
                          rc, err);
out:
    xy_calendar_free(&cal);
    free(c);
    return rc;
}

int xy_sup_dismiss(struct xy_app *app, const struct xy_principal *by, int64_t id, const char *reason,
                   struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct row_copy *c = calloc(1, sizeof *c);
    enum xy_sup_state from;
    char now[32], object[32];
    int rc;
    if (!c)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    if ((rc = office(by, err)) || (rc = text_arg(reason, 1, "撤销理由", "the reason", err)))
        goto out;
    xy_clock_stamp(&app->clock, now);
    snprintf(object, sizeof object, "notice/%lld", (long long)id);
    if ((rc = st->ops->begin(st, err)))
        goto out;
    if (!(rc = step(app, id, XY_SUPA_DISMISS, c, &from, err))) {
        c->r.reason = reason;
        c->r.reviewed_at = now;
        c->r.reviewed_by = by->key_id;
        c->r.updated_at = now;
        rc = st->ops->sup_update(st, &c->r, xy_sup_state_name(from), err);
    }
    rc = xy_audit_commitj(app, by, "supervision.dismiss", object, json_pack("{s:s}", "reason", reason), rc, err);
out:
    free(c);
    return rc;
}

int xy_sup_answer(struct xy_app *app, const struct xy_principal *by, int64_t id, const char *text,
                  const struct xy_claim_file_in *files, size_t nfiles, struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct row_copy *c = calloc(1, sizeof *c);
    struct xy_sup_file_row rows[XY_CLAIM_FILES_MAX];
    uint8_t hashes[XY_CLAIM_FILES_MAX][32];
    enum xy_sup_state from;
    struct got g = {0};
    char now[32], object[32];
    int rc, seq = 0;
    if (!c)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    if (by->role != XY_ROLE_DEPARTMENT && by->role != XY_ROLE_OPERATOR) { /* the operator: on its behalf */
        rc = xy_error_set(err, XY_EDENIED, "只有收到通知的部门可以答复 (only the department notified answers)");
        goto out;
    }
    if ((rc = text_arg(text, 1, "整改情况", "the rectification", err)) ||
        (rc = xy_claim_files_check(files, nfiles, err)) || (rc = load(app, by, id, &g, err)))
        goto out;
    for (size_t i = 0; i < nfiles; i++) {
        crypto_hash_sha256(hashes[i], files[i].data, files[i].len);
        rows[i] = (struct xy_sup_file_row){id, 0, (int)i + 1, files[i].name, files[i].media_type,
                                           (int64_t)files[i].len, hashes[i], files[i].data};
    }
    xy_clock_stamp(&app->clock, now);
    snprintf(object, sizeof object, "notice/%lld", (long long)id);
    if ((rc = st->ops->begin(st, err)))
        goto out;
    if (!(rc = step(app, id, XY_SUPA_ANSWER, c, &from, err))) {
        c->r.updated_at = now;
        struct xy_sup_answer_row a = {id, 0, now, by->key_id, xy_role_name(by->role), text, NULL, NULL, NULL};
        if (!(rc = st->ops->sup_update(st, &c->r, xy_sup_state_name(from), err)))
            rc = st->ops->sup_answer_add(st, &a, rows, nfiles, &seq, err);
    }
    rc = xy_audit_commitj(app, by, "supervision.answer", object,
                          json_pack("{s:i, s:I}", "seq", seq, "files", (json_int_t)nfiles), rc, err);
out:
    json_decref(g.doc);
    free(c);
    return rc;
}

static int last_seq_cb(void *ctx, const struct xy_sup_answer_row *a)
{
    *(int *)ctx = a->seq;
    return 0;
}

int xy_sup_judge(struct xy_app *app, const struct xy_principal *by, int64_t id, int accept, const char *note,
                 struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct row_copy *c = calloc(1, sizeof *c);
    enum xy_sup_state from;
    char now[32], object[32];
    int rc, seq = 0;
    if (!c)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    if ((rc = office(by, err)) || (rc = text_arg(note, !accept, "退回理由", "the note", err)))
        goto out;
    xy_clock_stamp(&app->clock, now);
    snprintf(object, sizeof object, "notice/%lld", (long long)id);
    if ((rc = st->ops->begin(st, err)))
        goto out;
    if (!(rc = step(app, id, accept ? XY_SUPA_ACCEPT : XY_SUPA_RETURN, c, &from, err)) &&
        !(rc = st->ops->sup_answers(st, id, last_seq_cb, NULL, &seq, err))) {
        c->r.updated_at = now;
        if (!(rc = st->ops->sup_update(st, &c->r, xy_sup_state_name(from), err)))
            rc = st->ops->sup_verdict(st, id, seq, accept ? "accepted" : "returned", note && *note ? note : NULL, now,
                                      err);
    }
    rc = xy_audit_commitj(app, by, accept ? "supervision.accept" : "supervision.return", object,
                          json_pack("{s:i, s:s?}", "answer", seq, "note", note && *note ? note : NULL), rc, err);
out:
    free(c);
    return rc;
}

struct file_out {
    struct xy_buf *data;
    char *media_type, *name;
    int rc;
};

static int file_out_cb(void *ctx, const struct xy_sup_file_row *f)
{
    struct file_out *o = ctx;
    snprintf(o->media_type, 64, "%s", f->media_type);
    snprintf(o->name, 256, "%s", f->name);
    o->rc = xy_buf_add(o->data, f->data, (size_t)f->size);
    return 0;
}

int xy_sup_file_read(struct xy_app *app, const struct xy_principal *by, int64_t id, int answer_seq, int seq,
                     struct xy_buf *data, char *media_type, char *name, struct xy_error *err)
{
    struct got g;
    struct file_out o = {data, media_type, name, 0};
    int rc = load(app, by, id, &g, err);
    json_decref(g.doc);
    if (!rc)
        rc = app->store->ops->sup_file(app->store, id, answer_seq, seq, file_out_cb, &o, err);
    if (!rc && o.rc)
        rc = xy_error_set(err, o.rc, "文件超出内存上限 (the file does not fit in memory)");
    return rc;
}

/* ---- the letter ---------------------------------------------------------------------------------- */

/* The facts as label and value pairs, in the facts' own (sorted) order. */
static json_t *fact_pairs(const json_t *facts)
{
    static const struct {
        const char *key, *zh;
    } L[] = {{"month", "月份"},           {"class", "信息类别"},       {"declared", "产生数量"},
             {"exempt", "依法不公开数量"}, {"submitted", "报送数量"},    {"timely", "7个工作日内报送"},
             {"rate", "比率"},            {"threshold", "阈值"},       {"last_batch", "最近一次报送"},
             {"since", "起算日"},          {"workdays_silent", "未报送工作日"}, {"threshold_workdays", "阈值（工作日）"},
             {"kind", "事项"},            {"id", "编号"},             {"due", "办理期限"},
             {"at", "发起时间"},          {"workdays_late", "逾期工作日"}, {"registered_at", "登记时间"}};
    json_t *pairs = json_array();
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)facts, k, v)
    {
        const char *label = k;
        char text[128];
        _Static_assert(sizeof text >= 64, "xy_report_local_time writes 64 bytes");
        for (size_t i = 0; i < sizeof L / sizeof *L; i++)
            if (!strcmp(L[i].key, k))
                label = L[i].zh;
        size_t kl = strlen(k);
        if (json_is_string(v) && ((kl > 3 && !strcmp(k + kl - 3, "_at")) || !strcmp(k, "last_batch") || !strcmp(k, "at")))
            xy_report_local_time(json_string_value(v), text); /* stamps in Beijing time */
        else if (json_is_string(v))
            snprintf(text, sizeof text, "%s", json_string_value(v));
        else if (json_is_integer(v))
            snprintf(text, sizeof text, "%lld", (long long)json_integer_value(v));
        else if (json_is_real(v))
            snprintf(text, sizeof text, "%.2f%%", json_real_value(v) * 100);
        else
            snprintf(text, sizeof text, "—");
        json_array_append_new(pairs, json_pack("[s, s]", label, text));
    }
    return pairs;
}

int xy_sup_letter(struct xy_app *app, const struct xy_principal *by, int64_t id, struct xy_buf *pdf,
                  struct xy_error *err)
{
    struct got g;
    int rc = load(app, by, id, &g, err);
    if (rc)
        return rc;
    json_t *n = g.doc, *doc = NULL;
    if (g.state == XY_SUP_CANDIDATE || g.state == XY_SUP_DISMISSED) {
        json_decref(n);
        return xy_error_set(err, XY_ESTATE, "督办通知未发送，没有督办函 (the notice was not sent: there is no letter)");
    }
    const char *dept = json_string_value(json_object_get(json_object_get(n, "dept"), "name"));
    const char *number = json_string_value(json_object_get(n, "number"));
    char opening[512], ask[512], sent[64], stamp[32];
    xy_report_local_time(json_string_value(json_object_get(n, "sent_at")), sent);
    snprintf(opening, sizeof opening, "%s：", dept ? dept : "");
    /* the rule's title in Chinese only: "数据报送中断 (no batch ...)" up to its English part */
    const char *title = xy_sup_rule_title(json_string_value(json_object_get(n, "rule")));
    const char *en = strstr(title, " (");
    snprintf(ask, sizeof ask,
             "经市信用平台监测，贵单位存在“%.*s”情形，具体情况如下。请对照有关规定认真整改，并于 %s 前通过信用平台"
             "报送整改情况（附相关材料）。逾期未报送的，将升级督办并纳入年度信用工作考核。",
             en ? (int)(en - title) : (int)strlen(title), title, json_string_value(json_object_get(n, "due")));
    char level[64];
    snprintf(level, sizeof level, "%s", json_integer_value(json_object_get(n, "level")) > 1 ? "二级督办（已逾期升级）" : "一级督办");
    doc = json_pack("{s:s, s:s, s:s, s:[{s:s}, {s:s}, {s:s}, {s:o}, {s:s}, {s:[[s,s],[s,s],[s,s]]}, {s:s}, {s:s}]}",
                    "number", number, "title", "督办函", "issuer", ISSUER, "blocks", "title", "督 办 函", "p",
                    opening, "p", ask, "kv", fact_pairs(json_object_get(n, "facts")), "h", "整改要求", "kv", "通知编号",
                    number, "督办级别", level, "整改期限", json_string_value(json_object_get(n, "due")), "sign", ISSUER,
                    "sign", sent);
    json_decref(n);
    if (!doc)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    xy_clock_stamp(&app->clock, stamp);
    struct xy_report_pdf_opts opts = {NULL, stamp};
    rc = xy_doc_pdf(doc, &opts, pdf, NULL, err);
    json_decref(doc);
    if (!rc && by->role == XY_ROLE_DEPARTMENT) { /* the department has read its letter: on the record */
        char object[32];
        snprintf(object, sizeof object, "notice/%lld", (long long)id);
        if (!(rc = app->store->ops->begin(app->store, err)))
            rc = xy_audit_commit(app, by, "supervision.letter", object, NULL, XY_OK, err);
    }
    return rc;
}
