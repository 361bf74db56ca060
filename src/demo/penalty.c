/* SPDX-License-Identifier: Apache-2.0 */
/* The demo generator's administrative penalties (行政处罚): the categories, the facts and legal
 * basis in the words decisions use, fines rounded as decisions write them, and the dates that
 * follow from the severity. */
#include "demo/demo_int.h"

/* Amounts in yuan rounded as decisions write them: two or three significant digits. */
static uint64_t round_yuan(struct gen *g, uint32_t lo, uint32_t hi)
{
    uint64_t v = lo + rng_below(&g->r, hi - lo + 1);
    uint64_t mag = 1;
    int sig = rng_permille(&g->r, 700) ? 2 : 3;
    for (uint64_t t = v; t >= 10; t /= 10)
        mag *= 10;
    for (int i = 1; i < sig && mag > 1; i++)
        mag /= 10;
    v = (v + mag / 2) / mag * mag;
    return v ? v : mag;
}

static void put_yuan(struct row *r, int64_t fen, bool grouped)
{
    int64_t y = fen / 100, c = fen % 100;
    if (grouped) {
        char tmp[32];
        int n = snprintf(tmp, sizeof tmp, "%lld", (long long)y);
        for (int i = 0; i < n; i++) {
            if (i && (n - i) % 3 == 0)
                ap(r, ",");
            apn(r, tmp + i, 1);
        }
        ap(r, ".");
        apu(r, (uint64_t)c, 2);
    } else {
        apu(r, (uint64_t)y, 0);
        if (c) {
            ap(r, ".");
            apu(r, (uint64_t)c, 2);
        }
    }
    ap(r, "元");
}

static void put_cn_date(struct row *r, int32_t day)
{
    xy_demo_put_date_style(r, day, 2);
}

void xy_demo_build_penalty(struct gen *g, const struct subject *s, const struct pen_tpl *t,
                           char severity, int32_t day)
{
    struct row *r = &g->row;
    row_reset(r, xy_demo_shapes[XY_DEMO_PENALTY].ncols);
    xy_demo_pick_style(g);
    xy_demo_put_party(g, XY_DEMO_PENALTY, s);
    if (!day)
        day = rand_day(g, s->founded, g->d_today);
    g->last_day = day;

    /* The categories: the template's, or under the simple procedure a warning or a small fine. */
    int cats[8], ncats = 0;
    bool simple = severity == 0 && t->simple && rng_permille(&g->r, t->simple);
    if (!simple && severity == 0 && strstr(t->cats, "03") && !strstr(t->cats, "04") &&
        rng_permille(&g->r, 25))
        simple = true;
    if (simple) {
        if (strstr(t->cats, "01") && rng_permille(&g->r, 400))
            cats[ncats++] = 1;
        else
            cats[ncats++] = 3;
    } else {
        for (const char *p = t->cats; *p && ncats < 8; p += (p[2] == ';') ? 3 : 2)
            cats[ncats++] = (p[0] - '0') * 10 + (p[1] - '0');
    }
    bool has[16] = {false};
    for (int i = 0; i < ncats; i++)
        has[cats[i]] = true;

    int64_t fine = 0, gain = 0;
    if (has[3]) {
        uint32_t hi = t->fine_max;
        if (simple)
            hi = s->kind == K_PERSON ? 200 : 3000;
        uint32_t lo = t->fine_min < hi ? t->fine_min : hi / 2;
        fine = (int64_t)round_yuan(g, lo, hi) * 100;
    }
    if (has[4] || has[5])
        gain = (int64_t)rng_range(&g->r, (int)t->gain_min, (int)t->gain_max) * 100 +
               rng_range(&g->r, 0, 99);

    fb(r, P_WSH);
    xy_demo_doc_no(g, t->dept, XY_DEMO_PENALTY, day);
    fe(r);
    memcpy(g->last_wsh, r->txt + r->off[P_WSH], r->len[P_WSH]);
    g->last_wsh[r->len[P_WSH]] = '\0';
    fs(r, P_WFXW, t->wfxw);

    /* The facts. */
    {
        const struct district *d = &xy_demo_districts[s->district];
        int32_t seen = day - rng_range(&g->r, 10, 90);
        fb(r, P_SY);
        put_cn_date(r, seen > g->d_first - 60 ? seen : day);
        if (s->kind == K_PERSON) {
            ap(r, "，执法人员在武汉市");
            ap(r, d->name);
            ap(r, d->roads[rng_below(&g->r, 3)]);
            ap(r, "巡查时发现，当事人");
        } else {
            ap(r, "，执法人员依法对当事人位于武汉市");
            ap(r, d->name);
            ap(r, d->roads[rng_below(&g->r, 3)]);
            apu(r, (uint64_t)rng_range(&g->r, 1, 999), 0);
            ap(r, "号的经营场所进行检查，发现当事人");
        }
        ap(r, t->found);
        ap(r, "。上述行为违反了");
        ap(r, t->rule);
        ap(r, "的规定。");
        fe(r);
    }
    fb(r, P_YJ);
    ap(r, t->basis);
    if (!simple && rng_permille(&g->r, 150))
        ap(r, "；《湖北省行政处罚裁量权基准》");
    fe(r);

    /* Categories: codes or texts, mostly ';'-joined. */
    {
        bool text = rng_permille(&g->r, 350);
        const char *sep = text && rng_permille(&g->r, 200) ? "、" : ";";
        fb(r, P_CFLB);
        for (int i = 0; i < ncats; i++) {
            if (i)
                ap(r, sep);
            if (text) {
                ap(r, xy_demo_pen_cat_text[cats[i]]);
            } else {
                apu(r, (uint64_t)cats[i], 2);
            }
        }
        fe(r);
    }

    /* The content, and the amounts that go with the categories. */
    char zkno[64] = "";
    if (has[6] || has[8]) {
        if (strcmp(t->zk, "食品经营许可证") == 0)
            snprintf(zkno, sizeof zkno, "JY1%s%07u", xy_demo_districts[s->district].code,
                     (unsigned)rng_below(&g->r, 10000000));
        else
            snprintf(zkno, sizeof zkno, "PDY%05u%s11A%04u", (unsigned)rng_below(&g->r, 100000),
                     xy_demo_districts[s->district].code, (unsigned)rng_below(&g->r, 10000));
    }
    fb(r, P_NR);
    for (int i = 0; i < ncats; i++) {
        if (i)
            ap(r, "；");
        switch (cats[i]) {
        case 1:
            ap(r, "给予警告");
            break;
        case 3:
            ap(r, "罚款人民币");
            put_yuan(r, fine, rng_permille(&g->r, 80));
            break;
        case 4:
            ap(r, "没收违法所得");
            put_yuan(r, has[5] ? gain * 2 / 3 : gain, false);
            break;
        case 5:
            ap(r, "没收非法财物（涉案物品一批）");
            break;
        case 6:
            ap(r, "暂扣");
            ap(r, t->zk);
            ap(r, "六个月");
            break;
        case 7:
            ap(r, "降低资质等级");
            break;
        case 8:
            ap(r, "吊销");
            ap(r, t->zk);
            break;
        case 10:
            ap(r, "责令停产停业整顿");
            break;
        default:
            ap(r, xy_demo_pen_cat_text[cats[i]]);
            break;
        }
    }
    fe(r);
    if (has[3]) {
        fb(r, P_FK);
        xy_demo_put_wan(r, fine);
        fe(r);
    }
    if (has[4] || has[5]) {
        fb(r, P_WFFF);
        xy_demo_put_wan(r, gain);
        fe(r);
    }
    if (has[6] || has[8]) {
        fb(r, P_ZKDX);
        ap(r, t->zk);
        ap(r, "（");
        ap(r, zkno);
        ap(r, "）");
        fe(r);
    }

    /* Severity, and the dates that follow from it. */
    if (!severity) {
        uint32_t u = rng_below(&g->r, 100);
        severity = simple || u < 12 ? '1' : u < 92 ? '2' : '3';
    }
    xy_demo_put_date(g, P_JDRQ, day);
    {
        int months = severity == '1' ? 3 : severity == '2' ? 12 : 36;
        if (has[6])
            months = 6;
        xy_demo_put_date(g, P_YXQ, add_months_days(day, months) - 1);
    }
    xy_demo_put_dept(g, P_CFJG, P_CFJGDM, t->dept);
    xy_demo_put_dept(g, P_SJLY, P_SJLYDM, t->dept);
    {
        static const char *const sev_text[] = {"轻微", "一般", "严重"};
        uint32_t u = rng_below(&g->r, 100);
        if (severity != '2' || u < 60) {
            char c[2] = {severity, '\0'};
            fs(r, P_YZCD, u % 5 == 0 ? sev_text[severity - '1'] : c);
        }
    }
    if (t->sector[0]) {
        static const char *const sec_text[] = {"一般领域", "特种设备", "安全生产", "消防"};
        fs(r, P_HY, rng_permille(&g->r, 300) ? sec_text[t->sector[1] - '0'] : t->sector);
    } else if (rng_permille(&g->r, 250)) {
        fs(r, P_HY, "00");
    }
    if (simple)
        fs(r, P_CXLX, rng_permille(&g->r, 200) ? "简易程序" : "2");
    else if (rng_permille(&g->r, 500))
        fs(r, P_CXLX, rng_permille(&g->r, 100) ? "普通程序" : "1");
    uint32_t u = rng_below(&g->r, 1000);
    if (u < 40)
        fs(r, P_BZ, "当事人已缴纳罚款");
    else if (u < 55)
        fs(r, P_BZ, "依据\"双随机、一公开\"抽查结果作出");
    else if (u < 65)
        fs(r, P_BZ, "涉案物品已依法处置,详见决定书原件");
}
