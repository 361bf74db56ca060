/* SPDX-License-Identifier: Apache-2.0 */
/* Supervision rules and the notice's life cycle (supervision.h). */
#include "core/supervision.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* A member of an object: an integer in [lo, hi] or a fraction in [0, 1]. */
static int get_int(const json_t *root, const char *obj, const char *key, int lo, int hi, int *out,
                   struct xy_error *err)
{
    const json_t *v = json_object_get(json_object_get(root, obj), key);
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
        return xy_error_set(err, XY_EINVAL, "督办规则 %s.%s 须为 %d 至 %d 的整数 (supervision rule %s.%s must be a whole "
                            "number from %d to %d)", obj, key, lo, hi, obj, key, lo, hi);
    *out = (int)json_integer_value(v);
    return XY_OK;
}

static int get_frac(const json_t *root, const char *obj, const char *key, double *out, struct xy_error *err)
{
    const json_t *v = json_object_get(json_object_get(root, obj), key);
    if (!json_is_number(v) || json_number_value(v) < 0 || json_number_value(v) > 1)
        return xy_error_set(err, XY_EINVAL, "督办规则 %s.%s 须为 0 至 1 的数 (supervision rule %s.%s must be a number "
                            "from 0 to 1)", obj, key, obj, key);
    *out = json_number_value(v);
    return XY_OK;
}

static int get_bool(const json_t *root, const char *obj, int *out, struct xy_error *err)
{
    const json_t *v = json_object_get(json_object_get(root, obj), "enabled");
    if (!json_is_boolean(v))
        return xy_error_set(err, XY_EINVAL, "督办规则 %s.enabled 须为 true 或 false (supervision rule %s.enabled must be "
                            "true or false)", obj, obj);
    *out = json_is_true(v);
    return XY_OK;
}

int xy_sup_rules_parse(const char *text, size_t len, struct xy_sup_rules *out, struct xy_error *err)
{
    json_error_t je;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    struct xy_sup_rules r = {0};
    int rc;
    if (!json_is_object(root)) {
        json_decref(root);
        return xy_error_set(err, XY_EINVAL, "督办规则不是 JSON 对象 (the supervision rules are not a JSON object: %s)",
                            je.text);
    }
    const char *v = json_string_value(json_object_get(root, "version"));
    if (!v || !*v || strlen(v) >= sizeof r.version) {
        rc = xy_error_set(err, XY_EINVAL, "督办规则须有版本 (the supervision rules need a version of 1 to 47 bytes)");
        goto out;
    }
    snprintf(r.version, sizeof r.version, "%s", v);
    if ((rc = get_int(root, "silence", "workdays", 0, 250, &r.silence_workdays, err)) ||
        (rc = get_frac(root, "publicity_rate", "below", &r.publicity_min, err)) ||
        (rc = get_frac(root, "timeliness", "below", &r.timeliness_min, err)) ||
        (rc = get_bool(root, "objection_overdue", &r.objection, err)) ||
        (rc = get_bool(root, "repair_overdue", &r.repair, err)) ||
        (rc = get_bool(root, "feedback_overdue", &r.feedback, err)) ||
        (rc = get_int(root, "notice", "answer_workdays", 1, 250, &r.answer_workdays, err)) ||
        (rc = get_int(root, "notice", "escalate_workdays", 1, 250, &r.escalate_workdays, err)))
        goto out;
    *out = r;
out:
    json_decref(root);
    return rc;
}

int xy_sup_silent(const struct xy_sup_rules *r, const struct xy_calendar *cal, struct xy_date since,
                  struct xy_date today, int *workdays)
{
    int n = xy_calendar_workdays_between(cal, since, today);
    if (workdays)
        *workdays = n;
    return r->silence_workdays > 0 && n >= r->silence_workdays;
}

int xy_sup_rate_low(double min, int64_t num, int64_t den)
{
    if (min <= 0 || den <= 0)
        return 0;
    /* min as a fraction of 10^6: num/den < min  <=>  num * 10^6 < min6 * den, in whole numbers */
    int64_t min6 = (int64_t)llround(min * 1000000.0);
    return (long double)num * 1000000 < (long double)min6 * (long double)den; /* exact below 2^64 */
}

void xy_sup_judged_month(struct xy_date today, int *y, int *m)
{
    /* month M is due on the 22nd of M+1: before or on the 22nd of this month, M is two months back */
    int yy = today.y, mm = today.m - (today.d > 22 ? 1 : 2);
    while (mm < 1) {
        mm += 12;
        yy--;
    }
    *y = yy;
    *m = mm;
}

static const char *const STATES[XY_SUP__COUNT] = {"candidate", "dismissed", "sent",     "answered",
                                                  "returned",  "accepted",  "escalated"};
static const char *const STATES_ZH[XY_SUP__COUNT] = {"待审核", "已撤销", "已发送", "已答复", "已退回", "已办结", "已升级督办"};
static const char *const ACTIONS[XY_SUPA__COUNT] = {"send", "dismiss", "answer", "accept", "return", "escalate"};

const char *xy_sup_state_name(enum xy_sup_state s)
{
    return (unsigned)s < XY_SUP__COUNT ? STATES[s] : "";
}

const char *xy_sup_state_zh(enum xy_sup_state s)
{
    return (unsigned)s < XY_SUP__COUNT ? STATES_ZH[s] : "";
}

int xy_sup_state_parse(const char *name, enum xy_sup_state *out)
{
    for (int i = 0; name && i < XY_SUP__COUNT; i++)
        if (!strcmp(name, STATES[i])) {
            *out = (enum xy_sup_state)i;
            return 0;
        }
    return -1;
}

const char *xy_sup_action_name(enum xy_sup_action a)
{
    return (unsigned)a < XY_SUPA__COUNT ? ACTIONS[a] : "";
}

int xy_sup_awaits_department(enum xy_sup_state s)
{
    return s == XY_SUP_SENT || s == XY_SUP_RETURNED || s == XY_SUP_ESCALATED;
}

int xy_sup_next(enum xy_sup_state s, enum xy_sup_action a, enum xy_sup_state *next, struct xy_error *err)
{
    int ok = 0;
    switch (a) {
    case XY_SUPA_SEND:
        ok = s == XY_SUP_CANDIDATE;
        *next = XY_SUP_SENT;
        break;
    case XY_SUPA_DISMISS:
        ok = s == XY_SUP_CANDIDATE;
        *next = XY_SUP_DISMISSED;
        break;
    case XY_SUPA_ANSWER:
        ok = xy_sup_awaits_department(s);
        *next = XY_SUP_ANSWERED;
        break;
    case XY_SUPA_ACCEPT:
        ok = s == XY_SUP_ANSWERED;
        *next = XY_SUP_ACCEPTED;
        break;
    case XY_SUPA_RETURN:
        ok = s == XY_SUP_ANSWERED;
        *next = XY_SUP_RETURNED;
        break;
    case XY_SUPA_ESCALATE: /* once: an escalated notice stays flagged until answered */
        ok = s == XY_SUP_SENT || s == XY_SUP_RETURNED;
        *next = XY_SUP_ESCALATED;
        break;
    default:
        break;
    }
    if (!ok)
        return xy_error_set(err, XY_ESTATE, "督办通知处于“%s”状态，不能%s (a notice that is %s cannot be given action %s)",
                            xy_sup_state_zh(s), xy_sup_action_name(a), xy_sup_state_name(s), xy_sup_action_name(a));
    return XY_OK;
}

void xy_sup_number_prefix(int year, char out[48])
{
    snprintf(out, 48, "武信督〔%04d〕", year % 10000);
}

void xy_sup_number(int year, int64_t n, char out[48])
{
    snprintf(out, 48, "武信督〔%04d〕%lld号", year % 10000, (long long)n);
}

const char *xy_sup_rule_title(const char *rule)
{
    static const struct {
        const char *rule, *title;
    } T[] = {
        {XY_SUP_SILENCE, "数据报送中断 (no batch for too long)"},
        {XY_SUP_PUBLICITY, "双公示公示率偏低 (publicity rate under the threshold)"},
        {XY_SUP_TIMELINESS, "双公示报送不及时 (timeliness under the threshold)"},
        {XY_SUP_OBJECTION, "异议处理逾期 (objection past its time limit)"},
        {XY_SUP_REPAIR, "信用修复办理逾期 (repair past its time limit)"},
        {XY_SUP_FEEDBACK, "联合奖惩反馈逾期 (check feedback overdue)"},
    };
    for (size_t i = 0; rule && i < sizeof T / sizeof *T; i++)
        if (!strcmp(T[i].rule, rule))
            return T[i].title;
    return "";
}
