/* SPDX-License-Identifier: Apache-2.0 */
/* The dashboards' rules (monitor_dash.h): daily counts from facts, and figures from summed counts.
 * A rate is computed from sums, never averaged, with the monthly report's rounding, so a dashboard's
 * month equals the report's month. */
#include "core/monitor_dash.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int in(const char *const *set, const char *s)
{
    for (int i = 0; s && set[i]; i++)
        if (!strcmp(set[i], s))
            return 1;
    return 0;
}

static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
    const unsigned char *b = data;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211u;
    return h;
}

static uint64_t fnv_set(uint64_t h, const char *const *set)
{
    for (int i = 0; set[i]; i++)
        h = fnv(h, set[i], strlen(set[i]) + 1);
    return fnv(h, "|", 1);
}

void xy_dash_rules(const struct xy_mon_params *p, const struct xy_calendar *cal, char out[64])
{
    uint64_t h = 1469598103934665603u;
    h = fnv_set(h, p->dp_classes);
    h = fnv_set(h, p->list_classes);
    h = fnv_set(h, p->unpublished);
    for (size_t i = 0; cal && i < cal->n; i++) {
        int v[4] = {cal->days[i].day.y, cal->days[i].day.m, cal->days[i].day.d, (int)cal->days[i].kind};
        h = fnv(h, v, sizeof v);
    }
    snprintf(out, 64, "%s/%d/%016llx", XY_MON_RULES, XY_MON_TIMELY_WORKDAYS, (unsigned long long)h);
}

struct xy_date xy_dash_cutoff(const struct xy_calendar *cal, struct xy_date day)
{
    /* walk back while (d - 1, day] still holds at most the limit's working days */
    int32_t d = xy_date_to_days(day);
    int n = 0;
    for (int i = 0; i < 60; i++) {
        int add = xy_calendar_is_workday(cal, xy_date_from_days(d));
        if (n + add > XY_MON_TIMELY_WORKDAYS)
            break;
        n += add;
        d--;
    }
    return xy_date_from_days(d);
}

static int within(const char *stamp, struct xy_date first, struct xy_date last, struct xy_date *day, char out[11])
{
    if (!stamp || xy_stamp_beijing_day(stamp, day) || xy_date_cmp(*day, first) < 0 || xy_date_cmp(*day, last) > 0)
        return 0;
    xy_date_format(*day, out);
    return 1;
}

int xy_dash_fact(const struct xy_mon_params *p, const struct xy_calendar *cal, struct xy_date first,
                 struct xy_date last, const struct xy_mon_fact *f, xy_dash_emit emit, void *ctx, struct xy_error *err)
{
    struct xy_date day, d1, d2;
    char s1[11], s2[11];
    const char *dept = f->dept ? f->dept : "", *cls = f->cls ? f->cls : "";
    if (f->kind != XY_MF_REPAIR && f->kind != XY_MF_LIST_STOCK &&
        (!f->t2 || xy_date_parse(f->t2, strlen(f->t2), &day)))
        return xy_error_set(err, XY_EINVAL, "a fact without its day");
    switch (f->kind) {
    case XY_MF_RECORD:
        if (emit(ctx, f->t2, dept, cls, "records", f->n))
            return XY_EINVAL;
        if (in(p->dp_classes, cls) && xy_mon_on_time(cal, f->t1, day) && emit(ctx, f->t2, dept, cls, "timely", f->n))
            return XY_EINVAL;
        return XY_OK;
    case XY_MF_BATCH:
        return f->key && emit(ctx, f->t2, dept, cls, f->key, f->n) ? XY_EINVAL : XY_OK;
    case XY_MF_LIST_EXIT: {
        char m[64];
        snprintf(m, sizeof m, "exit:%s", f->key ? f->key : "");
        return emit(ctx, f->t2, dept, cls, m, f->n) ? XY_EINVAL : XY_OK;
    }
    case XY_MF_CHECK:
        return emit(ctx, f->t2, dept, "", "checks", f->n) ? XY_EINVAL : XY_OK;
    case XY_MF_CASE: {
        const char *m = f->key && !strcmp(f->key, "reward") ? "reward"
                        : f->key && !strcmp(f->key, "punish") ? "punish"
                                                              : "cases";
        return emit(ctx, f->t2, dept, "", m, f->n) ? XY_EINVAL : XY_OK;
    }
    case XY_MF_FEEDBACK:
        return emit(ctx, f->t2, dept, "", "feedback", f->n) ? XY_EINVAL : XY_OK;
    case XY_MF_REPORT:
        return emit(ctx, f->t2, "", f->key ? f->key : "", "reports", f->n) ? XY_EINVAL : XY_OK;
    case XY_MF_REPAIR: {
        /* as the monthly report: filed counts as received and accepted; approved or refused on the
         * day it reached that state; working days from filing to approval */
        int filed = within(f->t1, first, last, &d1, s1), decided = within(f->t2, first, last, &d2, s2);
        if (filed && emit(ctx, s1, dept, cls, "repair_filed", 1))
            return XY_EINVAL;
        if (decided && f->key && !strcmp(f->key, "approved")) {
            struct xy_date from;
            if (emit(ctx, s2, dept, cls, "repair_approved", 1))
                return XY_EINVAL;
            if (!xy_stamp_beijing_day(f->t1, &from) &&
                (emit(ctx, s2, dept, cls, "repair_days", xy_calendar_workdays_between(cal, from, d2)) ||
                 emit(ctx, s2, dept, cls, "repair_days_n", 1)))
                return XY_EINVAL;
        } else if (decided && f->key && !strcmp(f->key, "refused") && emit(ctx, s2, dept, cls, "repair_refused", 1)) {
            return XY_EINVAL;
        }
        return XY_OK;
    }
    case XY_MF_LIST_STOCK:
    case XY_MF_EVER:
    case XY_MF_RECORDS:
        break;
    }
    return xy_error_set(err, XY_EINVAL, "not a daily fact (%d)", (int)f->kind);
}

void xy_dash_add(const struct xy_mon_params *p, struct xy_dash_sums *s, const char *cls, const char *metric,
                 int64_t n)
{
    int dp = in(p->dp_classes, cls), list = in(p->list_classes, cls);
    static const struct {
        const char *metric;
        int slot;
    } plain[] = {
        {"stock", XY_DS_STOCK},
        {"checks", XY_DS_CHECKS},
        {"cases", XY_DS_CASES},
        {"feedback", XY_DS_FEEDBACK},
        {"repair_filed", XY_DS_REPAIR_FILED},
        {"repair_approved", XY_DS_REPAIR_DONE},
        {"repair_refused", XY_DS_REPAIR_REFUSED},
        {"repair_days", XY_DS_REPAIR_DAYS},
        {"repair_days_n", XY_DS_REPAIR_DAYS_N},
        {"reports", XY_DS_REPORTS},
        {"depts", XY_DS_DEPTS}, /* the city's sums: departments taking part */
    };
    static const struct {
        const char *metric;
        int slot;
    } publicity[] = {
        {"timely", XY_DS_TIMELY}, {"declared", XY_DS_DECLARED}, {"exempt", XY_DS_EXEMPT},
        {"rows", XY_DS_ROWS},     {"accepted", XY_DS_ACCEPTED}, {"rejected", XY_DS_REJECTED},
    };
    if (!strcmp(metric, "records")) {
        s->v[dp ? XY_DS_SUBMITTED : list ? XY_DS_LIST_NEW : XY_DS_OTHER] += n;
        return;
    }
    if (!strncmp(metric, "exit:", 5)) {
        s->v[XY_DS_EXITS] += n;
        return;
    }
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
        if (!strcmp(metric, plain[i].metric)) {
            s->v[plain[i].slot] += n;
            return;
        }
    /* declarations and batch quality are double publicity figures, as in the monthly report */
    for (size_t i = 0; dp && i < sizeof publicity / sizeof publicity[0]; i++)
        if (!strcmp(metric, publicity[i].metric)) {
            s->v[publicity[i].slot] += n;
            return;
        }
}

enum kind { COUNT, RATE, MEAN };
static const struct figure {
    const char *key;
    int category;
    const char *zh, *en, *unit;
    enum kind kind;
    int slot, den, den_minus; /* COUNT: slot; RATE and MEAN: slot / (den - den_minus) */
} figures[] = {
    {"list_new", 1, "名单新增", "list entries, new", "条", COUNT, XY_DS_LIST_NEW, -1, -1},
    {"list_stock", 1, "名单月末存量", "list entries at month end", "条", COUNT, XY_DS_STOCK, -1, -1},
    {"list_exits", 1, "名单退出", "list exits", "条", COUNT, XY_DS_EXITS, -1, -1},
    {"checks", 2, "联合奖惩核查次数", "joint reward and punishment checks", "次", COUNT, XY_DS_CHECKS, -1, -1},
    {"cases", 2, "有反馈的奖惩案例", "cases with feedback", "件", COUNT, XY_DS_CASES, -1, -1},
    {"depts_taking_part", 3, "参与部门", "departments taking part", "个", COUNT, XY_DS_DEPTS, -1, -1},
    {"repair_received", 5, "信用修复申请", "repair applications", "件", COUNT, XY_DS_REPAIR_FILED, -1, -1},
    {"repair_completed", 5, "完成修复", "repairs completed", "件", COUNT, XY_DS_REPAIR_DONE, -1, -1},
    {"repair_rejected", 5, "不予修复", "repairs refused", "件", COUNT, XY_DS_REPAIR_REFUSED, -1, -1},
    {"repair_mean_days", 5, "平均办理工作日", "mean working days to repair", "工作日", MEAN, XY_DS_REPAIR_DAYS,
     XY_DS_REPAIR_DAYS_N, -1},
    {"submitted", 6, "双公示报送数量", "double publicity submitted", "条", COUNT, XY_DS_SUBMITTED, -1, -1},
    {"declared", 6, "产生数量", "decisions declared", "条", COUNT, XY_DS_DECLARED, -1, -1},
    {"exempt", 6, "依法不公开数量", "legally exempt", "条", COUNT, XY_DS_EXEMPT, -1, -1},
    {"timely", 6, "7个工作日内报送", "submitted within 7 working days", "条", COUNT, XY_DS_TIMELY, -1, -1},
    {"late", 6, "逾期报送", "submitted late", "条", COUNT, -1, -1, -1},
    {"rows_sent", 6, "报送行数", "rows sent", "行", COUNT, XY_DS_ROWS, -1, -1},
    {"rows_accepted", 6, "合格行数", "rows accepted", "行", COUNT, XY_DS_ACCEPTED, -1, -1},
    {"rows_rejected", 6, "不合格行数", "rows rejected", "行", COUNT, XY_DS_REJECTED, -1, -1},
    {"publicity_rate", 6, "公示率", "publicity rate", "%", RATE, XY_DS_SUBMITTED, XY_DS_DECLARED, XY_DS_EXEMPT},
    {"timeliness", 6, "及时率", "timeliness", "%", RATE, XY_DS_TIMELY, XY_DS_SUBMITTED, -1},
    {"quality", 6, "合格率", "quality", "%", RATE, XY_DS_ACCEPTED, XY_DS_ROWS, -1},
    {"other_records", 7, "其他公示信息量", "other classes published", "条", COUNT, XY_DS_OTHER, -1, -1},
    {"reports", 10, "信用报告", "credit reports issued", "份", COUNT, XY_DS_REPORTS, -1, -1},
};
#define NFIG (sizeof figures / sizeof figures[0])

/* OUT: *v; 0 when the figure is undefined (a rate over nothing). */
static int value(const struct figure *f, const struct xy_dash_sums *s, double *v)
{
    if (f->kind == COUNT) {
        *v = f->slot >= 0 ? (double)s->v[f->slot] : (double)(s->v[XY_DS_SUBMITTED] - s->v[XY_DS_TIMELY]);
        return 1;
    }
    int64_t den = s->v[f->den] - (f->den_minus >= 0 ? s->v[f->den_minus] : 0);
    if (den <= 0)
        return 0;
    double scale = f->kind == RATE ? 10000.0 : 100.0;
    *v = round((double)s->v[f->slot] / (double)den * scale) / scale;
    return 1;
}

json_t *xy_dash_values(const struct xy_dash_sums *s)
{
    json_t *o = json_object();
    for (size_t i = 0; o && i < NFIG; i++) {
        double v;
        int ok = value(&figures[i], s, &v);
        json_object_set_new(o, figures[i].key,
                            !ok ? json_null() : figures[i].kind == COUNT ? json_integer((json_int_t)v) : json_real(v));
    }
    return o;
}

json_t *xy_dash_columns(void)
{
    static const char *const kinds[] = {"count", "rate", "mean"};
    json_t *a = json_array();
    for (size_t i = 0; a && i < NFIG; i++)
        json_array_append_new(a, json_pack("{s:s, s:i, s:s, s:s, s:s, s:s}", "key", figures[i].key, "category",
                                           figures[i].category, "name_zh", figures[i].zh, "name_en", figures[i].en,
                                           "unit", figures[i].unit, "kind", kinds[figures[i].kind]));
    return a;
}

double xy_dash_value_of(const struct xy_dash_sums *s, const char *key)
{
    for (size_t i = 0; key && i < NFIG; i++)
        if (!strcmp(figures[i].key, key)) {
            double v;
            return value(&figures[i], s, &v) ? v : -1;
        }
    return -2;
}
