/* SPDX-License-Identifier: Apache-2.0 */
/* Joint reward and punishment after the check: the caller's feedback on each measure, reward and
 * punishment cases (奖惩案例) published and paged, and the credit office's monthly figures. */
#include "app/jrp.h"
#include "app/app_int.h"
#include "app/jrp_int.h"

#include <stdio.h>
#include <string.h>

#include "app/audit.h"
#include "common/xy_alloc.h"
#include "common/xy_utf8.h"

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
        const char *reason = xy_jrp_str(it, "reason");
        if (!json_is_true(applied) && !reason) {
            rc = xy_error_set(err, XY_EINVAL,
                              "第 %zu 条：未执行的措施须说明理由 (item %zu: a measure not applied needs the reason why)",
                              i + 1, i + 1);
            break;
        }
        if ((rc = st->ops->feedback_put(st, check_id, json_integer_value(mid), json_is_true(applied), reason,
                                        xy_jrp_str(it, "outcome"), now, err)))
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

