/* SPDX-License-Identifier: Apache-2.0 */
/* The parts every demo record shares (party, department, document number, dates in varied styles)
 * and the builders of licences, list entries and commitments, with the choice of a template that
 * fits the subject and its industry. */
#include "demo/demo_int.h"

#include <stdlib.h>

#include "common/xy_money.h"

void xy_demo_put_date_style(struct row *r, int32_t days, int style)
{
    struct xy_date d = xy_date_from_days(days);
    if (style == 1) {
        apu(r, (uint64_t)d.y, 4);
        ap(r, "/");
        apu(r, (uint64_t)d.m, 0);
        ap(r, "/");
        apu(r, (uint64_t)d.d, 0);
    } else if (style == 2) {
        apu(r, (uint64_t)d.y, 4);
        ap(r, "年");
        apu(r, (uint64_t)d.m, 0);
        ap(r, "月");
        apu(r, (uint64_t)d.d, 0);
        ap(r, "日");
    } else {
        apu(r, (uint64_t)d.y, 4);
        ap(r, "-");
        apu(r, (uint64_t)d.m, 2);
        ap(r, "-");
        apu(r, (uint64_t)d.d, 2);
    }
}

void xy_demo_put_date(struct gen *g, int col, int32_t days)
{
    fb(&g->row, col);
    xy_demo_put_date_style(&g->row, days, g->style);
    fe(&g->row);
}

void xy_demo_pick_style(struct gen *g)
{
    uint32_t u = rng_below(&g->r, 100);
    g->style = u < 84 ? 0 : u < 95 ? 1 : 2;
}

void xy_demo_doc_no(struct gen *g, int dept, int cls, int32_t day)
{
    struct xy_date d = xy_date_from_days(day);
    int yi = d.y - DATE_FIRST_Y;
    if (yi < 0)
        yi = 0;
    if (yi >= NYEARS)
        yi = NYEARS - 1;
    uint32_t n = ++g->seq[dept][cls][yi];
    struct row *r = &g->row;
    ap(r, xy_demo_depts[dept].abbr);
    ap(r, cls == XY_DEMO_PENALTY ? xy_demo_depts[dept].pen : xy_demo_class_doc_word[cls]);
    ap(r, "〔");
    apu(r, (uint64_t)d.y, 4);
    ap(r, "〕");
    apu(r, n, xy_demo_depts[dept].width);
    ap(r, "号");
}

void xy_demo_put_party(struct gen *g, int cls, const struct subject *s)
{
    const struct class_shape *sh = &xy_demo_shapes[cls];
    struct row *r = &g->row;
    bool text = rng_permille(&g->r, 300);

    fs(r, sh->mc, s->name);
    if (s->kind == K_PERSON) {
        fs(r, sh->lb, text ? "自然人" : "01");
        fs(r, sh->zjlx, rng_permille(&g->r, 250) ? "身份证" : "01");
        fs(r, sh->zjhm, s->idno);
        return;
    }
    if (s->kind == K_IB)
        fs(r, sh->lb, text ? "个体工商户" : "04");
    else if (s->otype == O_BRANCH)
        fs(r, sh->lb, text ? "非法人组织" : "03");
    else
        fs(r, sh->lb, text ? (rng_permille(&g->r, 700) ? "法人及非法人组织" : "法人") : "02");
    fs(r, sh->shxym, s->code);
    if (s->placeholder && sh->gszc >= 0)
        fs(r, sh->gszc, s->regno);
    if (!s->placeholder && sh->zzjg >= 0 && rng_permille(&g->r, 200)) {
        fb(r, sh->zzjg);
        apn(r, s->code + 8, 8);
        if (rng_permille(&g->r, 500))
            ap(r, "-");
        apn(r, s->code + 16, 1);
        fe(r);
    }
    if (!s->placeholder && sh->swdj >= 0 && rng_permille(&g->r, 50))
        fs(r, sh->swdj, s->code);
    fs(r, sh->frdb, s->rep);
    if (s->rep_id[0]) {
        fs(r, sh->fr_zjlx, "01");
        fs(r, sh->fr_zjhm, s->rep_id);
    }
}

void xy_demo_put_dept(struct gen *g, int name_col, int code_col, int dept)
{
    fs(&g->row, name_col, xy_demo_depts[dept].name);
    fs(&g->row, code_col, g->dept_code[dept]);
}

void xy_demo_put_wan(struct row *r, int64_t fen)
{
    char tmp[32];
    xy_money_format_wan(fen, tmp);
    ap(r, tmp);
}

static unsigned who_of(const struct subject *s)
{
    return s->kind == K_PERSON ? W_PERSON : s->kind == K_IB ? W_IB : W_ORG;
}

/* Departments that deal with every kind of business. */
#define GENERAL_DEPTS (B(D_SAMR) | B(D_TAX) | B(D_CITY) | B(D_FIRE) | B(D_HR))

/* How much more likely a department's records are for s: its industry's departments are
 * favoured; an organisation gets nothing from a specialised department outside its industry (no
 * travel-agency fine for a pharmacy), unless the department is forced. */
static unsigned aff_factor(const struct subject *s, int dept, bool forced)
{
    if (s->aff & B(dept))
        return 4;
    if (forced || s->kind != K_ORG || (GENERAL_DEPTS & B(dept)))
        return 1;
    return 0;
}

const struct lic_tpl *xy_demo_pick_lic(struct gen *g, const struct subject *s)
{
    unsigned who = who_of(s), total = 0;
    for (size_t i = 0; i < xy_demo_lics_count; i++)
        if (xy_demo_lics[i].who & who)
            total += xy_demo_lics[i].weight * aff_factor(s, xy_demo_lics[i].dept, false);
    uint32_t u = rng_below(&g->r, total);
    for (size_t i = 0; i < xy_demo_lics_count; i++) {
        if (!(xy_demo_lics[i].who & who))
            continue;
        unsigned w = xy_demo_lics[i].weight * aff_factor(s, xy_demo_lics[i].dept, false);
        if (u < w)
            return &xy_demo_lics[i];
        u -= w;
    }
    return &xy_demo_lics[0];
}

const struct pen_tpl *xy_demo_pick_pen(struct gen *g, const struct subject *s, int dept)
{
    unsigned who = who_of(s), total = 0;
    for (size_t i = 0; i < xy_demo_pens_count; i++)
        if ((xy_demo_pens[i].who & who) && (dept < 0 || xy_demo_pens[i].dept == dept))
            total += xy_demo_pens[i].weight * aff_factor(s, xy_demo_pens[i].dept, dept >= 0);
    if (total == 0)
        return NULL;
    uint32_t u = rng_below(&g->r, total);
    for (size_t i = 0; i < xy_demo_pens_count; i++) {
        if (!(xy_demo_pens[i].who & who) || (dept >= 0 && xy_demo_pens[i].dept != dept))
            continue;
        unsigned w = xy_demo_pens[i].weight * aff_factor(s, xy_demo_pens[i].dept, dept >= 0);
        if (u < w)
            return &xy_demo_pens[i];
        u -= w;
    }
    return NULL;
}

const struct list_tpl *xy_demo_pick_list(struct gen *g, const struct subject *s, int cls)
{
    unsigned who = who_of(s), total = 0;
    for (size_t i = 0; i < xy_demo_lists_count; i++)
        if (xy_demo_lists[i].cls == cls && (xy_demo_lists[i].who & who))
            total += xy_demo_lists[i].weight * aff_factor(s, xy_demo_lists[i].dept, false);
    if (total == 0)
        return NULL;
    uint32_t u = rng_below(&g->r, total);
    for (size_t i = 0; i < xy_demo_lists_count; i++) {
        if (xy_demo_lists[i].cls != cls || !(xy_demo_lists[i].who & who))
            continue;
        unsigned w = xy_demo_lists[i].weight * aff_factor(s, xy_demo_lists[i].dept, false);
        if (u < w)
            return &xy_demo_lists[i];
        u -= w;
    }
    return NULL;
}

const struct cn_tpl *xy_demo_pick_cn(struct gen *g, const struct subject *s)
{
    unsigned who = who_of(s), total = 0;
    for (size_t i = 0; i < xy_demo_cns_count; i++)
        if (xy_demo_cns[i].who & who)
            total += xy_demo_cns[i].weight;
    uint32_t u = rng_below(&g->r, total);
    for (size_t i = 0; i < xy_demo_cns_count; i++) {
        if (!(xy_demo_cns[i].who & who))
            continue;
        if (u < xy_demo_cns[i].weight)
            return &xy_demo_cns[i];
        u -= xy_demo_cns[i].weight;
    }
    return &xy_demo_cns[4];
}

/* Expands a certificate-number pattern: {U} the subject's code (its registration number under the
 * placeholder), {I} its ID number, {R} its district code, {Y} the year, {y} the year's last two
 * digits, {M} the month, {Dn} n random digits (n from 1 to 9, or 15 as {D15}). */
static void expand(struct gen *g, const char *pat, const struct subject *s, int32_t day)
{
    struct row *r = &g->row;
    struct xy_date d = xy_date_from_days(day);
    const char *p = pat;
    while (*p) {
        if (*p != '{') {
            const char *q = strchr(p, '{');
            size_t n = q ? (size_t)(q - p) : strlen(p);
            apn(r, p, n);
            p += n;
            continue;
        }
        const char *end = strchr(p, '}');
        if (!end)
            break;
        char tag = p[1];
        if (tag == 'U')
            ap(r, s->placeholder ? s->regno : s->code);
        else if (tag == 'I')
            ap(r, s->idno);
        else if (tag == 'R')
            ap(r, xy_demo_districts[s->district].code);
        else if (tag == 'Y')
            apu(r, (uint64_t)d.y, 4);
        else if (tag == 'y')
            apu(r, (uint64_t)(d.y % 100), 2);
        else if (tag == 'M')
            apu(r, (uint64_t)d.m, 2);
        else if (tag == 'D') {
            int n = (int)strtol(p + 2, NULL, 10);
            for (int i = 0; i < n; i++) {
                char c = (char)('0' + rng_below(&g->r, 10));
                apn(r, &c, 1);
            }
        }
        p = end + 1;
    }
}

void xy_demo_build_license(struct gen *g, const struct subject *s, const struct lic_tpl *t)
{
    struct row *r = &g->row;
    row_reset(r, xy_demo_shapes[XY_DEMO_LICENSE].ncols);
    xy_demo_pick_style(g);
    xy_demo_put_party(g, XY_DEMO_LICENSE, s);
    int32_t day = t == &xy_demo_lics[0] ? s->founded : rand_day(g, s->founded, g->d_today);
    fs(r, L_XKWS, t->doc);
    fb(r, L_WSH);
    xy_demo_doc_no(g, t->dept, XY_DEMO_LICENSE, day);
    fe(r);
    {
        int c = t->cat[1] - '0';
        static const char *const text[] = {"", "普通", "特许", "认可", "核准", "登记", "其他"};
        fs(r, L_XKLB, rng_permille(&g->r, 250) ? text[c] : t->cat);
    }
    if (t->cert[0])
        fs(r, L_XKZS, t->cert);
    if (t->certno[0]) {
        fb(r, L_XKBH);
        expand(g, t->certno, s, day);
        fe(r);
    }
    fs(r, L_NR, t->content);
    xy_demo_put_date(g, L_JDRQ, day);
    int32_t from = rng_permille(&g->r, 700) ? day : day + rng_range(&g->r, 1, 5);
    int32_t to = t->years ? add_months_days(from, 12 * t->years) - 1 : ymd_days(2099, 12, 31);
    xy_demo_put_date(g, L_YXQZ, from);
    xy_demo_put_date(g, L_YXQZI, to);
    xy_demo_put_dept(g, L_XKJG, L_XKJGDM, t->dept);
    bool valid = to >= g->d_today;
    bool text = rng_permille(&g->r, 200);
    fs(r, L_ZT, valid ? (text ? "有效" : "1") : (text ? "无效" : "2"));
    xy_demo_put_dept(g, L_LYDW, L_LYDWDM, t->dept);
    if (rng_permille(&g->r, 600))
        fs(r, L_SXBM, t->matter);
    if (rng_permille(&g->r, 40))
        fs(r, L_BZ, "新办");
    else if (rng_permille(&g->r, 30))
        fs(r, L_BZ, "延续,换证");
}

void xy_demo_build_list(struct gen *g, const struct subject *s, const struct list_tpl *t,
                        int32_t day, const char *pen_wsh)
{
    struct row *r = &g->row;
    row_reset(r, xy_demo_shapes[t->cls].ncols);
    xy_demo_pick_style(g);
    xy_demo_put_party(g, t->cls, s);
    fb(r, M_WSH);
    xy_demo_doc_no(g, t->dept, t->cls, day);
    fe(r);
    fb(r, M_LRSY);
    ap(r, t->reason);
    if (pen_wsh && pen_wsh[0]) {
        ap(r, "。相关行政处罚决定书文号：");
        ap(r, pen_wsh);
    }
    fe(r);
    fs(r, M_RDYJ, t->basis);
    if (rng_permille(&g->r, 850))
        fs(r, M_LY, t->domain);
    xy_demo_put_dept(g, M_RDBM, M_RDBMDM, t->dept);
    xy_demo_put_date(g, M_RDRQ, day);
    int32_t listed = today_or_before(g, day + rng_range(&g->r, 0, 10));
    xy_demo_put_date(g, M_LRRQ, listed);
    xy_demo_put_date(g, M_YXQZ, add_months_days(listed, 12 * t->years) - 1);
    if (rng_permille(&g->r, 50))
        fs(r, M_BZ, "信息来源：部门报送");
}

void xy_demo_build_commitment(struct gen *g, const struct subject *s, const struct cn_tpl *t,
                              int dept, int32_t day)
{
    struct row *r = &g->row;
    row_reset(r, xy_demo_shapes[XY_DEMO_COMMITMENT].ncols);
    xy_demo_pick_style(g);
    xy_demo_put_party(g, XY_DEMO_COMMITMENT, s);
    if (!day)
        day = rand_day(g, s->founded, g->d_today);
    fb(r, C_WSH);
    xy_demo_doc_no(g, dept, XY_DEMO_COMMITMENT, day);
    fe(r);
    static const char *const type_text[] = {"",           "主动承诺型", "行业自律型",
                                            "审批替代型", "容缺受理型", "失信修复型"};
    fs(r, C_LX, rng_permille(&g->r, 250) ? type_text[t->type[1] - '0'] : t->type);
    if (t->matter_code[0])
        fs(r, C_SXBM, t->matter_code);
    if (t->matter_name[0] && (t->type[1] == '3' || t->type[1] == '4' || rng_permille(&g->r, 500)))
        fs(r, C_SXMC, t->matter_name);
    fb(r, C_NR);
    ap(r, t->lead);
    ap(r, xy_demo_cn_body);
    fe(r);
    xy_demo_put_date(g, C_QSRQ, day);
    xy_demo_put_dept(g, C_SLBM, C_SLBMDM, dept);
    int32_t until = 0;
    if (t->type[1] == '4')
        until = day + 30;
    else if (t->type[1] == '3' || t->type[1] == '5' || rng_permille(&g->r, 400))
        until = add_months_days(day, 12) - 1;
    if (until)
        xy_demo_put_date(g, C_YXQZ, until);
    uint32_t u = rng_below(&g->r, 100);
    if (until && until < g->d_today)
        fs(r, C_LYZT, u < 6 ? "3" : u < 20 ? "已履约" : "2");
    else if (u < 50)
        fs(r, C_LYZT, u < 10 ? "履约中" : "1");
}
