/* SPDX-License-Identifier: Apache-2.0 */
/* The monthly report's figures (DOMAIN §7): the twelve categories and their columns, what each fact
 * the platform holds adds to them, and the sums per district and for the city. Counts are summed;
 * rates and means are computed from the sums, never averaged, so a district's rate is its own. */
#include "core/monitor.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xy_alloc.h"
#include "core/region.h"

#define C(k, zh, en, unit) {k, zh, en, unit, XY_COL_COUNT, -1, -1, -1, 0}
#define E(k, zh, en, unit) {k, zh, en, unit, XY_COL_COUNT, -1, -1, -1, 1}
#define H(k, zh, en, unit) {k, zh, en, unit, XY_COL_HIDDEN, -1, -1, -1, 0}
#define RATE(k, zh, en, n, d, dm) {k, zh, en, "%", XY_COL_RATE, n, d, dm, 0}
#define MEAN(k, zh, en, unit, n, d) {k, zh, en, unit, XY_COL_MEAN, n, d, -1, 0}

/* clang-format off */
enum { L_NEW, L_STOCK, L_EXPIRED, L_REPAIRED, L_WITHDRAWN, L_RULE };
static const struct xy_mon_col c1[] = {
    C("new", "新增", "new", "条"), C("stock", "月末存量", "stock at month end", "条"),
    C("exit_expired", "到期退出", "exits: expiry", "条"), C("exit_repaired", "修复退出", "exits: repair", "条"),
    C("exit_withdrawn", "纠错退出", "exits: error", "条"), C("exit_rule", "标准变更退出", "exits: rule change", "条"),
};
enum { J_CHECKS, J_CASES, J_REWARD, J_PUNISH };
static const struct xy_mon_col c2[] = {
    C("checks", "核查次数", "checks", "次"), C("cases", "有反馈的奖惩案例", "cases with feedback", "件"),
    C("reward", "其中激励", "of which reward", "件"), C("punish", "其中惩戒", "of which punishment", "件"),
};
enum { P_TAKING, P_CUMULATIVE, P_CHECKS, P_FEEDBACK };
static const struct xy_mon_col c3[] = {
    C("taking_part", "本月参与部门", "departments this month", "个"),
    C("cumulative", "累计参与部门", "departments so far", "个"),
    C("checks", "核查次数", "checks", "次"), C("feedback", "反馈条数", "feedback given", "条"),
};
static const struct xy_mon_col c4[] = {C("practices", "创新做法", "practices", "项")};
enum { R_RECEIVED, R_ACCEPTED, R_COMPLETED, R_REJECTED, R_DAYS, R_DAYS_N, R_MEAN };
static const struct xy_mon_col c5[] = {
    C("received", "收到申请", "received", "件"), C("accepted", "受理", "accepted", "件"),
    C("completed", "完成修复", "completed", "件"), C("rejected", "不予修复", "rejected", "件"),
    H("days_sum", "受理至完成工作日合计", "working days, acceptance to completion, summed", "工作日"),
    H("days_n", "计入平均的件数", "completions averaged", "件"),
    MEAN("mean_days", "平均办理工作日", "mean working days, acceptance to completion", "工作日", R_DAYS, R_DAYS_N),
};
enum { D_DECLARED, D_EXEMPT, D_SUBMITTED, D_TIMELY, D_SENT, D_ACCEPTED, D_RATE, D_TIMELINESS, D_QUALITY };
static const struct xy_mon_col c6[] = {
    C("declared", "产生数量", "decisions made", "条"), C("exempt", "依法不公开数量", "legally exempt", "条"),
    C("submitted", "报送数量", "submitted", "条"), C("timely", "7个工作日内报送", "submitted within 7 working days", "条"),
    C("rows_sent", "报送行数", "rows sent", "行"), C("rows_accepted", "合格行数", "rows accepted", "行"),
    RATE("publicity_rate", "公示率", "publicity rate", D_SUBMITTED, D_DECLARED, D_EXEMPT),
    RATE("timeliness", "及时率", "timeliness", D_TIMELY, D_SUBMITTED, -1),
    RATE("quality", "合格率", "quality", D_ACCEPTED, D_SENT, -1),
};
static const struct xy_mon_col c7[] = {C("records", "公示信息量", "records published", "条")};
/* per registration authority (core/conversion.h, XY_CONV_OLD ...): the register as of the month's end */
static const struct xy_mon_col c8[] = {
    C("old_codes", "存量旧代码主体", "entities with old codes", "户"), C("converted", "已转换", "converted", "户"),
    RATE("conversion_rate", "存量转换率", "stock conversion rate", 1, 0, -1),
    C("new_codes", "本月新赋码", "new codes this month", "个"), C("codes", "代码总数", "codes", "个"),
    C("bad_codes", "重错码", "duplicate or wrong codes", "个"),
    RATE("bad_code_rate", "重错码率", "duplicate or wrong code rate", 5, 4, -1),
};
static const struct xy_mon_col c9[] = {
    E("operating", "月末在营机构", "operating at month end", "家"), E("new", "本月新增", "new this month", "家"),
};
enum { K_PRODUCTS, K_VOLUME };
static const struct xy_mon_col c10[] = {
    C("products", "产品数", "products", "种"), E("volume", "本月使用量", "issued or used this month", "次"),
};
static const struct xy_mon_col c11[] = {
    E("npl", "不良贷款余额", "non-performing loans", "万元"), E("loans", "各项贷款余额", "all loans", "万元"),
    RATE("npl_ratio", "不良贷款率", "non-performing-loan ratio", 0, 1, -1),
};
static const struct xy_mon_col c12[] = {
    E("balance", "信易贷余额", "balance at month end", "万元"), E("granted", "本月发放笔数", "loans granted", "笔"),
    E("granted_amount", "本月发放金额", "amount granted", "万元"),
};
static const struct xy_mon_col c13[] = {E("value", "数值", "value", "")};
static const struct xy_mon_col c14[] = {
    C("expected", "应报期数", "periods due", "期"), C("arrived", "按期报送", "periods with data", "期"),
    C("late", "逾期未报", "periods late", "期"), RATE("on_time", "按期率", "on-time rate", 1, 0, -1),
};
static const struct xy_mon_col c15[] = {
    C("black", "黑名单主体", "black-listed subjects", "户"), C("poor", "评价为差的主体", "subjects graded 差", "户"),
    C("subjects", "应覆盖主体", "subjects to cover", "户"), C("reported", "近12个月出具信用报告", "with a credit report in 12 months", "户"),
    RATE("coverage", "信用报告覆盖率", "credit report coverage", 3, 2, -1),
};
#define N(a) (int)(sizeof a / sizeof a[0])
static const struct xy_mon_cat cats[XY_MON_NCATS] = {
    {1, "lists", "发布红黑名单", "red and black lists published", "名单", "list", 1, 1, c1, N(c1)},
    {2, "jrp_cases", "联合奖惩案例", "joint reward and punishment cases", NULL, NULL, 1, 1, c2, N(c2)},
    {3, "jrp_depts", "联合奖惩参与部门数量", "departments in joint reward and punishment", NULL, NULL, 1, 1, c3, N(c3)},
    {4, "practices", "联合奖惩创新做法", "innovative practices", NULL, NULL, 0, 1, c4, N(c4)},
    {5, "repair", "信用修复情况", "credit repair", "信息类别", "class", 1, 1, c5, N(c5)},
    {6, "double_publicity", "双公示数量及公示率", "double publicity", "信息类别", "class", 1, 1, c6, N(c6)},
    {7, "other_publicity", "创新公示项目及信息量", "other classes published", "信息类别", "class", 1, 1, c7, N(c7)},
    {8, "uscc_conversion", "统一社会信用代码转换率", "unified code conversion", "登记管理部门", "authority", 1, 1, c8, N(c8)},
    {9, "agencies", "信用服务机构数量", "credit-service agencies", NULL, NULL, 0, 1, c9, N(c9)},
    {10, "products", "信用产品数量", "credit products", "产品", "product", 2, 1, c10, N(c10)},
    {11, "npl", "不良贷款率", "non-performing-loan ratio", NULL, NULL, 0, 1, c11, N(c11)},
    {12, "credit_easy_loans", "信易贷余额", "credit-easy loans", NULL, NULL, 0, 1, c12, N(c12)},
    {13, "extra", "自定义类别", "configurable category", "项目", "item", 0, 1, c13, N(c13)},
    {14, "collection", "归集按期情况", "collection by frequency", "信息类别", "class", 1, 1, c14, N(c14)},
    {15, "report_coverage", "失信主体信用报告覆盖率", "credit reports of black-listed and 差 subjects", "区划", "region", 1, 1,
     c15, N(c15)},
};
/* The targets a category is shown against (DOMAIN §7; demonstration-city hard indicators 1, 2, 6). */
static const struct {
    int no;
    const char *key;
    double target;
    const char *cmp; /* "min": at least; "below": under */
} targets[] = {
    {8, "conversion_rate", 1.0, "min"}, {8, "bad_code_rate", 0.0001, "below"}, {15, "coverage", 0.8, "min"},
    {14, "on_time", 1.0, "min"},
};
/* clang-format on */

/* The platform's own products (category 10), under the platform's row (dept ""). */
#define PRODUCT_REPORT "公共信用信息报告"
#define PRODUCT_CHECK "联合奖惩核查"

const struct xy_mon_cat *xy_mon_category(int no)
{
    return no >= 1 && no <= XY_MON_NCATS ? &cats[no - 1] : NULL;
}

void xy_mon_params_default(struct xy_mon_params *p, const struct xy_catalog *cat)
{
    memset(p, 0, sizeof *p);
    p->dp_classes[0] = "license";
    p->dp_classes[1] = "penalty";
    p->exit_kinds[0] = "record.expired";
    p->exit_kinds[1] = "record.repaired";
    p->exit_kinds[2] = "record.withdrawn";
    size_t n = 0, u = 0;
    for (size_t i = 0; cat && i < cat->nclasses && n < XY_LIST_CLASSES_MAX; i++)
        if (cat->classes[i].is_list)
            p->list_classes[n++] = cat->classes[i].name;
    for (size_t i = 0; cat && i < cat->nclasses && u + 1 < sizeof p->unpublished / sizeof *p->unpublished; i++)
        if (cat->classes[i].scope != XY_SCOPE_PUBLIC)
            p->unpublished[u++] = cat->classes[i].name;
}

json_t *xy_mon_params_json(const struct xy_mon_params *p)
{
    json_t *dp = json_array(), *lists = json_array(), *exits = json_array();
    for (int i = 0; p->dp_classes[i]; i++)
        json_array_append_new(dp, json_string(p->dp_classes[i]));
    for (int i = 0; p->list_classes[i]; i++)
        json_array_append_new(lists, json_string(p->list_classes[i]));
    for (int i = 0; p->exit_kinds[i]; i++)
        json_array_append_new(exits, json_string(p->exit_kinds[i]));
    return json_pack("{s:s, s:i, s:i, s:s, s:o, s:o, s:o}", "rules", XY_MON_RULES, "timely_workdays",
                     XY_MON_TIMELY_WORKDAYS, "due_day", XY_MON_DUE_DAY, "time_zone", "+08:00", "double_publicity",
                     dp, "lists", lists, "list_exits", exits);
}

static int in(const char *const *set, const char *s)
{
    for (int i = 0; s && set[i]; i++)
        if (strcmp(set[i], s) == 0)
            return i + 1;
    return 0;
}

void xy_mon_init(struct xy_mon *m, struct xy_month mo, const struct xy_mon_params *p, const struct xy_calendar *cal)
{
    memset(m, 0, sizeof *m);
    m->month = mo;
    m->params = *p;
    m->cal = cal;
    m->first = xy_month_first(mo);
    m->last = xy_month_last(mo);
}

void xy_mon_release(struct xy_mon *m)
{
    for (int i = 0; i < XY_MON_NCATS; i++)
        xy_free(m->cat[i].rows);
    memset(m->cat, 0, sizeof m->cat);
}

/* The row (dept, sub) of category no, made when missing. NULL when out of memory. */
static struct xy_mon_row *row(struct xy_mon *m, int no, const char *dept, const char *sub)
{
    dept = dept ? dept : "";
    sub = sub ? sub : "";
    struct xy_mon_tab *t = &m->cat[no - 1];
    for (size_t i = 0; i < t->n; i++)
        if (strncmp(t->rows[i].dept, dept, sizeof t->rows[i].dept - 1) == 0 &&
            strncmp(t->rows[i].sub, sub, sizeof t->rows[i].sub - 1) == 0)
            return &t->rows[i];
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        struct xy_mon_row *nr = xy_realloc(t->rows, cap * sizeof *nr);
        if (!nr)
            return NULL;
        t->rows = nr;
        t->cap = cap;
    }
    struct xy_mon_row *r = &t->rows[t->n++];
    memset(r, 0, sizeof *r);
    snprintf(r->dept, sizeof r->dept, "%s", dept);
    snprintf(r->sub, sizeof r->sub, "%s", sub);
    return r;
}

#define ROW(no, dept, sub)                                                                          \
    do {                                                                                            \
        if (!(r = row(m, no, dept, sub)))                                                           \
            return xy_error_set(err, XY_ENOMEM, "out of memory");                                   \
    } while (0)

int xy_mon_expect(struct xy_mon *m, int no, const char *dept, const char *sub, struct xy_error *err)
{
    struct xy_mon_row *r;
    ROW(no, dept, sub);
    return XY_OK;
}

static int in_month(const struct xy_mon *m, const char *stamp, struct xy_date *day)
{
    return stamp && !xy_stamp_beijing_day(stamp, day) && xy_date_cmp(*day, m->first) >= 0 &&
           xy_date_cmp(*day, m->last) <= 0;
}

int xy_mon_on_time(const struct xy_calendar *cal, const char *decision, struct xy_date day)
{
    struct xy_date d;
    if (!decision || xy_date_parse(decision, strlen(decision), &d))
        return 0;
    return xy_calendar_workdays_at_most(cal, d, day, XY_MON_TIMELY_WORKDAYS);
}

static int timely(const struct xy_mon *m, const char *decision, const char *stamp)
{
    struct xy_date s;
    return stamp && !xy_stamp_beijing_day(stamp, &s) && xy_mon_on_time(m->cal, decision, s);
}

/* n records of a class first submitted in the month, of which on_time double publicity on time. */
static int add_records(struct xy_mon *m, const char *dept, const char *cls, int64_t n, int64_t on_time,
                       struct xy_error *err)
{
    const struct xy_mon_params *p = &m->params;
    struct xy_mon_row *r;
    if (in(p->dp_classes, cls)) {
        ROW(6, dept, cls);
        r->v[D_SUBMITTED] += n;
        r->v[D_TIMELY] += on_time;
    } else if (!n) {
        return XY_OK;
    } else if (in(p->list_classes, cls)) {
        ROW(1, dept, cls);
        r->v[L_NEW] += n;
    } else if (!in(p->unpublished, cls)) { /* 创新公示: every other class the public sees */
        ROW(7, dept, cls);
        r->v[0] += n;
    }
    return XY_OK;
}

int xy_mon_add_fact(struct xy_mon *m, const struct xy_mon_fact *f, struct xy_error *err)
{
    const struct xy_mon_params *p = &m->params;
    struct xy_mon_row *r;
    struct xy_date d1, d2;
    int k;
    switch (f->kind) {
    case XY_MF_RECORD:
        return add_records(m, f->dept, f->cls, f->n, timely(m, f->t1, f->t2) ? f->n : 0, err);
    case XY_MF_RECORDS:
        if (f->key && !strcmp(f->key, "timely"))
            return add_records(m, f->dept, f->cls, 0, f->n, err);
        return add_records(m, f->dept, f->cls, f->n, 0, err);
    case XY_MF_BATCH:
        if (!in(p->dp_classes, f->cls))
            return XY_OK; /* quality is a double publicity figure */
        ROW(6, f->dept, f->cls);
        if (f->key && strcmp(f->key, "rows") == 0)
            r->v[D_SENT] += f->n;
        else if (f->key && strcmp(f->key, "accepted") == 0)
            r->v[D_ACCEPTED] += f->n;
        return XY_OK;
    case XY_MF_LIST_STOCK:
        ROW(1, f->dept, f->cls);
        r->v[L_STOCK] += f->n;
        return XY_OK;
    case XY_MF_LIST_EXIT:
        if (!(k = in(p->exit_kinds, f->key)))
            return xy_error_set(err, XY_EINVAL, "unknown list exit %s", f->key ? f->key : "(none)");
        ROW(1, f->dept, f->cls);
        r->v[L_EXPIRED + k - 1] += f->n;
        return XY_OK;
    case XY_MF_CHECK:
        ROW(2, f->dept, NULL);
        r->v[J_CHECKS] += f->n;
        ROW(3, f->dept, NULL);
        r->v[P_CHECKS] += f->n;
        r->v[P_TAKING] = 1;
        ROW(10, "", PRODUCT_CHECK);
        r->v[K_PRODUCTS] = 1;
        r->v[K_VOLUME] += f->n;
        return XY_OK;
    case XY_MF_CASE:
        ROW(2, f->dept, NULL);
        if (f->key && !strcmp(f->key, "reward"))
            r->v[J_REWARD] += f->n;
        else if (f->key && !strcmp(f->key, "punish"))
            r->v[J_PUNISH] += f->n;
        else
            r->v[J_CASES] += f->n;
        return XY_OK;
    case XY_MF_FEEDBACK:
        ROW(3, f->dept, NULL);
        r->v[P_FEEDBACK] += f->n;
        r->v[P_TAKING] = 1;
        return XY_OK;
    case XY_MF_EVER:
        ROW(3, f->dept, NULL);
        r->v[P_CUMULATIVE] = f->n > 0;
        return XY_OK;
    case XY_MF_REPAIR: {
        int filed = in_month(m, f->t1, &d1), decided = in_month(m, f->t2, &d2);
        if (!filed && !decided)
            return XY_OK;
        ROW(5, f->dept, f->cls);
        /* Every application is registered (accepted) when it is filed: the platform has no separate
         * acceptance step, so received and accepted count the same applications [default]. */
        if (filed) {
            r->v[R_RECEIVED] += 1;
            r->v[R_ACCEPTED] += 1;
        }
        if (decided && f->key && !strcmp(f->key, "approved")) {
            struct xy_date from;
            r->v[R_COMPLETED] += 1;
            if (!xy_stamp_beijing_day(f->t1, &from)) {
                r->v[R_DAYS] += xy_calendar_workdays_between(m->cal, from, d2);
                r->v[R_DAYS_N] += 1;
            }
        } else if (decided && f->key && !strcmp(f->key, "refused")) {
            r->v[R_REJECTED] += 1;
        }
        return XY_OK;
    }
    case XY_MF_REPORT:
        ROW(10, "", PRODUCT_REPORT);
        r->v[K_PRODUCTS] = 1;
        r->v[K_VOLUME] += f->n;
        return XY_OK;
    }
    return xy_error_set(err, XY_EINVAL, "unknown fact %d", (int)f->kind);
}

int xy_mon_addk(struct xy_mon *m, int no, const char *dept, const char *sub, const char *key, int64_t n,
                struct xy_error *err)
{
    const struct xy_mon_cat *c = xy_mon_category(no);
    struct xy_mon_row *r;
    for (int i = 0; c && i < c->ncols; i++)
        if (!strcmp(c->cols[i].key, key)) {
            ROW(no, dept, sub);
            r->v[i] += n;
            return XY_OK;
        }
    return xy_error_set(err, XY_EINVAL, "no column %s in category %d", key, no);
}

int xy_mon_add_declaration(struct xy_mon *m, const char *dept, const json_t *decl, struct xy_error *err)
{
    size_t i;
    json_t *it;
    struct xy_mon_row *r;
    json_array_foreach(json_object_get(decl, "classes"), i, it)
    {
        const char *cls = json_string_value(json_object_get(it, "class"));
        if (!in(m->params.dp_classes, cls))
            continue; /* declared figures are the publicity rate's denominator: double publicity only */
        ROW(6, dept, cls);
        r->v[D_DECLARED] += json_integer_value(json_object_get(it, "decided"));
        r->v[D_EXEMPT] += json_integer_value(json_object_get(it, "exempt"));
    }
    return XY_OK;
}

int xy_mon_add_entry(struct xy_mon *m, const char *dept, const json_t *entry, struct xy_error *err)
{
    const struct xy_mon_cat *c = xy_mon_category((int)json_integer_value(json_object_get(entry, "category")));
    struct xy_mon_row *r;
    if (!c || c->computed == 1)
        return xy_error_set(err, XY_EINVAL, "not an entered category");
    ROW(c->no, dept, c->no == 10 || c->no == XY_MON_EXTRA ? json_string_value(json_object_get(entry, "item")) : NULL);
    if (c->no == 4)
        r->v[0] += 1;
    if (c->no == 10)
        r->v[K_PRODUCTS] = 1;
    json_t *vals = json_object_get(entry, "values");
    for (int i = 0; i < c->ncols; i++)
        if (c->cols[i].entered)
            r->v[i] += json_integer_value(json_object_get(vals, c->cols[i].key));
    return XY_OK;
}

/* ---- output ----------------------------------------------------------------------------------- */

static json_t *values_json(const struct xy_mon_cat *c, const int64_t *v)
{
    json_t *o = json_object();
    for (int i = 0; o && i < c->ncols; i++) {
        const struct xy_mon_col *col = &c->cols[i];
        json_t *x;
        if (col->kind == XY_COL_RATE || col->kind == XY_COL_MEAN) {
            int64_t den = v[col->den] - (col->den_minus >= 0 ? v[col->den_minus] : 0);
            double q = den > 0 ? (double)v[col->num] / (double)den : 0;
            /* a fraction to 4 places (0.9833 = 98.33 %), a mean to 2 */
            double scale = col->kind == XY_COL_RATE ? 10000.0 : 100.0;
            x = den > 0 ? json_real(round(q * scale) / scale) : json_null();
        } else {
            x = json_integer(v[i]);
        }
        json_object_set_new(o, col->key, x);
    }
    return o;
}

static const struct xy_mon_unit *unit_of(const struct xy_mon_unit *u, size_t n, const char *dept)
{
    for (size_t i = 0; dept[0] && i < n; i++)
        if (u[i].dept && strcmp(u[i].dept, dept) == 0)
            return &u[i];
    return NULL;
}

struct agg {
    char region[7];
    char sub[48];
    int64_t v[XY_MON_MAXCOLS];
};

static int agg_add(struct agg **a, size_t *n, const char *region, const char *sub, const int64_t *v, int ncols)
{
    size_t i;
    for (i = 0; i < *n; i++)
        if (!strcmp((*a)[i].region, region) && !strcmp((*a)[i].sub, sub))
            break;
    if (i == *n) {
        struct agg *na = xy_realloc(*a, (*n + 1) * sizeof *na);
        if (!na)
            return -1;
        *a = na;
        memset(&na[i], 0, sizeof na[i]);
        snprintf(na[i].region, sizeof na[i].region, "%s", region);
        snprintf(na[i].sub, sizeof na[i].sub, "%s", sub);
        (*n)++;
    }
    for (int k = 0; k < ncols; k++)
        (*a)[i].v[k] += v[k];
    return 0;
}

static int agg_cmp(const void *x, const void *y)
{
    const struct agg *a = x, *b = y;
    int c = strcmp(a->region, b->region);
    return c ? c : strcmp(a->sub, b->sub);
}

struct sorted_row {
    const struct xy_mon_row *r;
    const char *region;
};

static int row_cmp(const void *x, const void *y)
{
    const struct sorted_row *a = x, *b = y;
    int c = strcmp(a->region, b->region);
    if (!c)
        c = strcmp(a->r->dept, b->r->dept);
    return c ? c : strcmp(a->r->sub, b->r->sub);
}

static json_t *category_json(const struct xy_mon *m, int no, const struct xy_mon_unit *units, size_t nunits)
{
    const struct xy_mon_cat *c = &cats[no - 1];
    size_t n = m->cat[no - 1].n, nd = 0, nt = 0;
    struct sorted_row *sr = n ? xy_calloc(n, sizeof *sr) : NULL;
    struct agg *dist = NULL, *tot = NULL;
    json_t *cols = json_array(), *rows = json_array(), *districts = json_array(), *total = json_array(), *doc = NULL;
    int64_t all[XY_MON_MAXCOLS] = {0};
    if ((n && !sr) || !cols || !rows || !districts || !total)
        goto out;
    for (int i = 0; i < c->ncols; i++) {
        const struct xy_mon_col *col = &c->cols[i];
        static const char *const kinds[] = {"count", "rate", "mean", "hidden"};
        json_array_append_new(cols, json_pack("{s:s, s:s, s:s, s:s, s:s, s:b}", "key", col->key, "name_zh", col->zh,
                                              "name_en", col->en, "unit", col->unit, "kind", kinds[col->kind],
                                              "entered", col->entered));
    }
    for (size_t i = 0; i < n; i++) {
        const struct xy_mon_unit *u = unit_of(units, nunits, m->cat[no - 1].rows[i].dept);
        sr[i].r = &m->cat[no - 1].rows[i];
        sr[i].region = u && u->region ? u->region : "";
    }
    if (n)
        qsort(sr, n, sizeof *sr, row_cmp);
    for (size_t i = 0; i < n; i++) {
        const struct xy_mon_row *r = sr[i].r;
        const struct xy_mon_unit *u = unit_of(units, nunits, r->dept);
        json_array_append_new(rows, json_pack("{s:s, s:s?, s:s, s:s?, s:s, s:o}", "dept", r->dept, "dept_name",
                                              u ? u->name : NULL, "region", sr[i].region, "level",
                                              u ? u->level : NULL, "key", r->sub, "values", values_json(c, r->v)));
        if (agg_add(&dist, &nd, sr[i].region, r->sub, r->v, c->ncols) ||
            agg_add(&tot, &nt, "", r->sub, r->v, c->ncols))
            goto out;
        for (int k = 0; k < c->ncols; k++)
            all[k] += r->v[k];
    }
    if (nd)
        qsort(dist, nd, sizeof *dist, agg_cmp);
    if (nt)
        qsort(tot, nt, sizeof *tot, agg_cmp);
    for (size_t i = 0; i < nd; i++) {
        const struct xy_district *d = xy_region_district(dist[i].region);
        json_array_append_new(districts, json_pack("{s:s, s:s, s:s, s:o}", "region", dist[i].region, "region_name",
                                                   d ? d->name : "未登记单位", "key", dist[i].sub, "values",
                                                   values_json(c, dist[i].v)));
    }
    for (size_t i = 0; i < nt; i++)
        json_array_append_new(total, json_pack("{s:s, s:o}", "key", tot[i].sub, "values", values_json(c, tot[i].v)));
    doc = json_pack("{s:i, s:s, s:s, s:s, s:s, s:b, s:o, s:O, s:O, s:O, s:O}", "no", c->no, "key", c->key,
                    "name_zh", c->zh, "name_en", c->en, "source",
                    c->computed == 1 ? "computed" : c->computed == 2 ? "computed and entered" : "entered", "built",
                    c->built, "row_key", c->sub_zh ? json_pack("{s:s, s:s}", "name_zh", c->sub_zh, "name_en", c->sub_en)
                                                  : json_null(),
                    "columns", cols, "rows", rows, "districts", districts, "total", total);
    if (doc)
        json_object_set_new(doc, "city", values_json(c, all));
    json_t *tg = json_object();
    for (size_t i = 0; doc && tg && i < sizeof targets / sizeof *targets; i++)
        if (targets[i].no == no)
            json_object_set_new(tg, targets[i].key, json_pack("{s:f, s:s}", "value", targets[i].target, "cmp",
                                                               targets[i].cmp));
    if (doc && json_object_size(tg))
        json_object_set(doc, "targets", tg);
    json_decref(tg);
    if (doc && no == XY_MON_EXTRA) {
        /* the office's definition, frozen with the month like its figures */
        const struct xy_mon_extra *x = &m->extra;
        if (x->defined) {
            json_object_set_new(doc, "name_zh", json_string(x->name_zh));
            json_object_set_new(doc, "name_en", json_string(x->name_en));
            json_object_set_new(doc, "entered_by", json_string(x->entered_by));
            json_object_set_new(json_array_get(json_object_get(doc, "columns"), 0), "unit", json_string(x->unit));
        } else {
            json_object_set_new(doc, "built", json_false());
            json_object_set_new(doc, "note", json_string("信用办尚未定义自定义类别 (the office has not defined the "
                                                         "configurable category)"));
        }
    }
out:
    json_decref(cols);
    json_decref(rows);
    json_decref(districts);
    json_decref(total);
    xy_free(sr);
    xy_free(dist);
    xy_free(tot);
    return doc;
}

int xy_mon_json(const struct xy_mon *m, const struct xy_mon_unit *units, size_t nunits, json_t **out,
                struct xy_error *err)
{
    json_t *arr = json_array();
    for (int no = 1; arr && no <= XY_MON_NCATS; no++) {
        json_t *c = category_json(m, no, units, nunits);
        if (!c || json_array_append_new(arr, c)) {
            json_decref(arr);
            arr = NULL;
        }
    }
    if (!arr)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    *out = arr;
    return XY_OK;
}
