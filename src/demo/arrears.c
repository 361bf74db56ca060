/* SPDX-License-Identifier: Apache-2.0 */
/* The demo generator's arrears (欠缴信息, consent scope): unpaid taxes and social insurance
 * contributions of a few per cent of organisations and some individual businesses, drawn from a
 * random stream of their own so that the other classes' files do not depend on them. */
#include "demo/demo_int.h"

/* Unpaid taxes are identified by the tax bureau, unpaid social insurance contributions by the
 * human resources and social security bureau. The demo has no housing provident fund centre and no
 * water or power utility among its departments, so 住房公积金 and utility charges (水费) do not
 * occur: no department here would hold them.
 *
 * Everything here draws from g->ra only (xy_demo_emit_arrears swaps it in for g->r), never from
 * the main stream: the other classes' files stay byte-identical to those of a generator without
 * arrears. */

static unsigned arr_who(const struct subject *s)
{
    if (s->kind == K_IB)
        return A_IB;
    return s->otype == O_ENTERPRISE || s->otype == O_BRANCH ? A_ENT : A_SOC;
}

/* An amount owed, in fen: about log-uniform in [lo, hi] yuan (an octave lo·2^k at random, then
 * uniform within it), to the fen as arrears are: they are sums of assessed amounts, never round. */
static int64_t arrears_fen(struct gen *g, uint32_t lo, uint32_t hi)
{
    uint32_t octaves = 0;
    for (uint64_t v = lo; v * 2 <= hi; v *= 2)
        octaves++;
    uint64_t a = (uint64_t)lo << rng_below(&g->r, octaves + 1);
    uint64_t b = a * 2 < hi ? a * 2 : hi;
    uint64_t yuan = a + rng_below(&g->r, (uint32_t)(b - a + 1));
    return (int64_t)yuan * 100 + (int64_t)rng_below(&g->r, 100);
}

static void put_year_month(struct row *r, struct xy_date d)
{
    apu(r, (uint64_t)d.y, 4);
    ap(r, "年");
    apu(r, (uint64_t)d.m, 0);
    ap(r, "月");
}

static void build_arrears(struct gen *g, const struct subject *s, const struct arr_tpl *t)
{
    struct row *r = &g->row;
    row_reset(r, xy_demo_shapes[XY_DEMO_ARREARS].ncols);
    xy_demo_pick_style(g);
    xy_demo_put_party(g, XY_DEMO_ARREARS, s);

    /* The decision: at least three months after registration (young subjects make recent ones
     * the more common). */
    int32_t lo = s->founded + 90;
    if (lo < g->d_first)
        lo = g->d_first;
    if (lo > g->d_today)
        lo = g->d_today;
    int32_t day = rand_day(g, lo, g->d_today);
    /* The start: a contribution month or a filing deadline some months before, never before the
     * subject existed, always before the decision. */
    struct xy_date m =
        xy_date_add_months(xy_date_from_days(day), -rng_range(&g->r, 1, t->max_months));
    m.d = t->since_day;
    int32_t since = xy_date_to_days(m);
    if (since < s->founded)
        since = s->founded;
    if (since >= day)
        since = day - 1;

    fb(r, Q_BH);
    xy_demo_doc_no(g, t->dept, XY_DEMO_ARREARS, day);
    fe(r);
    fs(r, Q_XM, t->item);
    fb(r, Q_JE);
    xy_demo_put_wan(r, s->kind == K_IB ? arrears_fen(g, t->ib_lo, t->ib_hi)
                                       : arrears_fen(g, t->org_lo, t->org_hi));
    fe(r);
    if (rng_permille(&g->r, 920))
        xy_demo_put_date(g, Q_QSRQ, since);
    xy_demo_put_date(g, Q_RDRQ, day);
    xy_demo_put_dept(g, Q_RDBM, Q_RDBMDM, t->dept);

    uint32_t u = rng_below(&g->r, 1000);
    if (u < 400) {
        /* The period owed: from the start's month (a tax's is the month before its deadline) to
         * the month before the decision. */
        struct xy_date from = xy_date_from_days(since), to = xy_date_from_days(day);
        if (t->since_day > 1)
            from = xy_date_add_months(from, -1);
        to = xy_date_add_months(to, -1);
        if (to.y * 12 + to.m < from.y * 12 + from.m)
            to = from;
        fb(r, Q_BZ);
        ap(r, t->period);
        ap(r, "：");
        put_year_month(r, from);
        ap(r, "至");
        put_year_month(r, to);
        fe(r);
    } else if (u < 600) {
        fs(r, Q_BZ,
           t->dept == D_TAX ? "已送达《税务事项通知书》，责令限期缴纳"
                            : "经责令限期缴纳或者补足，逾期仍未缴纳");
    } else if (u < 680) {
        fs(r, Q_BZ, "欠缴金额不含滞纳金");
    }
}

/* A few per cent of organisations (more in labour-intensive trades) and some individual
 * businesses owe one arrears record. Persons have none here, nor individual businesses under the
 * placeholder: the class has no registration-number field to identify them. */
void xy_demo_emit_arrears(struct gen *g, const struct subject *s)
{
    if (s->kind == K_PERSON || s->placeholder)
        return;
    struct rng main_stream = g->r;
    g->r = g->ra;

    unsigned who = arr_who(s);
    bool labour = s->kind == K_ORG && (s->aff & (B(D_HR) | B(D_BUILD)));
    unsigned pm = who == A_IB ? 20 : who == A_SOC ? 15 : labour ? 50 : 30;
    if (rng_permille(&g->r, pm)) {
        int dept = rng_permille(&g->r, who == A_IB ? 250 : labour ? 650 : 400) ? D_HR : D_TAX;
        unsigned total = 0;
        for (size_t i = 0; i < xy_demo_arrs_count; i++)
            if (xy_demo_arrs[i].dept == dept && (xy_demo_arrs[i].who & who))
                total += xy_demo_arrs[i].weight;
        uint32_t u = rng_below(&g->r, total); /* every dept and kind has an item */
        const struct arr_tpl *t = &xy_demo_arrs[0];
        for (size_t i = 0; i < xy_demo_arrs_count; i++) {
            if (xy_demo_arrs[i].dept != dept || !(xy_demo_arrs[i].who & who))
                continue;
            if (u < xy_demo_arrs[i].weight) {
                t = &xy_demo_arrs[i];
                break;
            }
            u -= xy_demo_arrs[i].weight;
        }
        build_arrears(g, s, t);
        xy_demo_write_row(g, xy_demo_dept_file(g, t->dept, XY_DEMO_ARREARS), XY_DEMO_ARREARS);
    }

    g->ra = g->r;
    g->r = main_stream;
}
