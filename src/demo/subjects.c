/* SPDX-License-Identifier: Apache-2.0 */
/* The demo generator's subjects: organisations, individual businesses and natural persons with
 * their names, USCCs, registration numbers and ID numbers. Codes come from the subject index
 * through keyed permutations, so they are unique without any lookup table. */
#include "demo/demo_int.h"

#include "core/orgcode.h"
#include "core/ric.h"
#include "core/uscc.h"

static int pick_district(struct gen *g, bool rural_only)
{
    unsigned total = 0;
    for (int i = 0; i < xy_demo_districts_count; i++)
        if (!rural_only || xy_demo_districts[i].rural)
            total += xy_demo_districts[i].weight;
    uint32_t u = rng_below(&g->r, total);
    for (int i = 0; i < xy_demo_districts_count; i++) {
        if (rural_only && !xy_demo_districts[i].rural)
            continue;
        if (u < xy_demo_districts[i].weight)
            return i;
        u -= xy_demo_districts[i].weight;
    }
    return 0;
}

static void cat_str(char *dst, size_t size, const char *s)
{
    size_t n = strlen(dst), m = strlen(s);
    if (n + m >= size)
        m = size - 1 - n;
    memcpy(dst + n, s, m);
    dst[n + m] = '\0';
}

static void person_name(struct gen *g, char *out, size_t size)
{
    /* The first surnames are the commonest: favour them. */
    uint32_t s =
        rng_below(&g->r, 4) ? rng_below(&g->r, 15) : rng_below(&g->r, xy_demo_surnames_count);
    out[0] = '\0';
    cat_str(out, size, xy_demo_surnames[s]);
    cat_str(out, size, xy_demo_given[rng_below(&g->r, xy_demo_given_count)]);
    if (rng_permille(&g->r, 720))
        cat_str(out, size, xy_demo_given[rng_below(&g->r, xy_demo_given_count)]);
}

static const char USCC_ALPHA[] = XY_USCC_ALPHABET;

/* The GB 11714 check (pos 17), then the mod-31 check (pos 18), both from the core. */
void xy_demo_make_uscc(char out[19], const char *prefix8, const char *body8)
{
    memcpy(out, prefix8, 8);
    memcpy(out + 8, body8, 8);
    out[16] = xy_orgcode_check_char(body8);
    out[17] = xy_uscc_check_char(out);
    out[18] = '\0';
}

/* A unique body per subject index: "MA" + 6 USCC-alphabet characters (the modern form), or for
 * some older enterprises 8 digits. */
static void make_body(struct gen *g, long index, bool digits, char body[9])
{
    if (digits && (uint64_t)index < g->p_body_num.n) {
        uint64_t v = perm_apply(&g->p_body_num, (uint64_t)index);
        body[0] = (char)('3' + v / 10000000 % 5);
        for (int i = 7; i >= 1; i--) {
            body[i] = (char)('0' + v % 10);
            v /= 10;
        }
    } else {
        uint64_t v = perm_apply(&g->p_body_ma, (uint64_t)index);
        body[0] = 'M';
        body[1] = 'A';
        for (int i = 7; i >= 2; i--) {
            body[i] = USCC_ALPHA[v % 31];
            v /= 31;
        }
    }
    body[8] = '\0';
}

/* ISO 7064 MOD 11,10 check digit of the 工商注册号 (registration number). */
static char mod11_10(const char *digits, int n)
{
    int p = 10;
    for (int i = 0; i < n; i++) {
        int s = (p + (digits[i] - '0')) % 10;
        if (s == 0)
            s = 10;
        p = (2 * s) % 11;
    }
    return (char)('0' + (11 - p) % 10);
}

/* A person's ID number, unique per index: district, birth date 1950-01-01..2004-12-31, sequence. */
static void make_idno(struct gen *g, long index, char out[19])
{
    static const int32_t span = 20089; /* days from 1950-01-01 to 2004-12-31 inclusive */
    uint64_t v = perm_apply(&g->p_person, (uint64_t)index);
    int dist = (int)(v % xy_demo_districts_count);
    v /= xy_demo_districts_count;
    int32_t day = ymd_days(1950, 1, 1) + (int32_t)(v % span);
    v /= span;
    struct xy_date b = xy_date_from_days(day);
    memcpy(out, xy_demo_districts[dist].code, 6);
    char tmp[16];
    snprintf(tmp, sizeof tmp, "%04d%02d%02d%03u", b.y, b.m, b.d, (unsigned)(v % 1000));
    memcpy(out + 6, tmp, 11);
    out[17] = xy_ric_check_char(out);
    out[18] = '\0';
}

/* A random (not unique) valid ID number, for legal representatives. */
static void random_idno(struct gen *g, char out[19])
{
    int dist = (int)rng_below(&g->r, xy_demo_districts_count);
    struct xy_date b = xy_date_from_days(rand_day(g, ymd_days(1955, 1, 1), ymd_days(2000, 12, 31)));
    char tmp[16];
    memcpy(out, xy_demo_districts[dist].code, 6);
    snprintf(tmp, sizeof tmp, "%04d%02d%02d%03u", b.y, b.m, b.d, (unsigned)rng_below(&g->r, 1000));
    memcpy(out + 6, tmp, 11);
    out[17] = xy_ric_check_char(out);
    out[18] = '\0';
}

/* The brand and industry of an organisation, unique per index up to the name space: a third of the
 * first indexes get two-token brands, the rest three tokens. OUT: brand, *industry. */
static void brand_for(struct gen *g, long index, char *brand, size_t size, int *industry)
{
    uint64_t i = (uint64_t)index, q;
    int ntok;
    if (i % 3 == 0 && i / 3 < g->m_name2) {
        q = perm_apply(&g->p_name2, i / 3);
        ntok = 2;
    } else {
        uint64_t used2 = (i + 2) / 3 < g->m_name2 ? (i + 2) / 3 : g->m_name2;
        q = perm_apply(&g->p_name3, i - used2);
        ntok = 3;
    }
    *industry = (int)(q % xy_demo_industries_count);
    q /= xy_demo_industries_count;
    brand[0] = '\0';
    for (int t = 0; t < ntok; t++) {
        cat_str(brand, size, xy_demo_tokens[q % xy_demo_tokens_count]);
        q /= xy_demo_tokens_count;
    }
}

/* force_kind, force_otype: -1 to draw. */
void xy_demo_make_subject(struct gen *g, long index, struct subject *s, int force_kind,
                          int force_otype)
{
    memset(s, 0, sizeof *s);
    s->index = index;
    uint32_t u = rng_below(&g->r, 1000);
    s->kind = force_kind >= 0 ? (enum kind)force_kind : u < 850 ? K_ORG : u < 930 ? K_IB : K_PERSON;
    {
        /* Older subjects are more common than new ones: the earlier of two days. */
        int32_t a = rand_day(g, g->d_first, g->d_today - 30),
                b = rand_day(g, g->d_first, g->d_today - 30);
        s->founded = a < b ? a : b;
    }
    char brand[32], prefix[9];
    int ind = 0;

    if (s->kind == K_PERSON) {
        make_idno(g, index, s->idno);
        person_name(g, s->name, sizeof s->name);
        memcpy(s->rep, s->name, strlen(s->name) + 1);
        s->district = (int)rng_below(&g->r, xy_demo_districts_count);
        return;
    }
    person_name(g, s->rep, sizeof s->rep);
    if (rng_permille(&g->r, 100))
        random_idno(g, s->rep_id);
    brand_for(g, index, brand, sizeof brand, &ind);

    if (s->kind == K_IB) {
        const struct district *d;
        s->otype = O_ENTERPRISE;
        s->district = pick_district(g, false);
        d = &xy_demo_districts[s->district];
        snprintf(s->name, sizeof s->name, "武汉市%s", d->name);
        if (rng_permille(&g->r, 500)) {
            cat_str(s->name, sizeof s->name, xy_demo_surnames[rng_below(&g->r, 20)]);
            cat_str(s->name, sizeof s->name, "记");
        } else {
            cat_str(s->name, sizeof s->name, brand);
        }
        cat_str(s->name, sizeof s->name,
                xy_demo_shop_kinds[(unsigned)ind % xy_demo_shop_kinds_count]);
        s->aff = B(D_SAMR) | B(D_TAX) | B(D_HEALTH) | B(D_FIRE) | B(D_CITY);
        if (rng_permille(&g->r, 120)) {
            /* An individual business registered before the USCC: the placeholder and its
             * 15-digit registration number (region, 6 for individual businesses, 7 digits, check).
             */
            s->placeholder = true;
            memcpy(s->code, XY_USCC_PLACEHOLDER, 19);
            uint64_t v = perm_apply(&g->p_regno, (uint64_t)index);
            snprintf(s->regno, sizeof s->regno, "%s6%07u", d->code, (unsigned)(v % 10000000));
            s->regno[14] = mod11_10(s->regno, 14);
            s->regno[15] = '\0';
        } else {
            char body[9];
            make_body(g, index, false, body);
            snprintf(prefix, sizeof prefix, "92%s", d->code);
            xy_demo_make_uscc(s->code, prefix, body);
        }
        return;
    }

    u = rng_below(&g->r, 1000);
    s->otype = force_otype >= 0 ? (enum otype)force_otype
               : u < 860        ? O_ENTERPRISE
               : u < 890        ? O_BRANCH
               : u < 930        ? O_COOP
               : u < 950        ? O_ASSOC
               : u < 980        ? O_NONPROFIT
                                : O_FOUNDATION;
    s->district = pick_district(g, s->otype == O_COOP);
    const struct district *d = &xy_demo_districts[s->district];
    const char *region = d->code;
    const char *cat = "91";
    bool digits = false;
    switch (s->otype) {
    case O_ENTERPRISE:
    case O_BRANCH: {
        const char *suffix = "有限公司";
        uint32_t f = rng_below(&g->r, 100);
        if (f < 7)
            suffix = "股份有限公司";
        else if (f < 12)
            suffix = "有限责任公司";
        u = rng_below(&g->r, 100);
        if (s->otype == O_BRANCH)
            snprintf(s->name, sizeof s->name, "湖北%s%s有限公司武汉%s分公司", brand,
                     xy_demo_industries[ind].name, d->shortname);
        else if (u < 12)
            snprintf(s->name, sizeof s->name, "武汉市%s%s%s%s", d->name, brand,
                     xy_demo_industries[ind].name, suffix);
        else if (u < 18)
            snprintf(s->name, sizeof s->name, "湖北%s%s%s", brand, xy_demo_industries[ind].name,
                     suffix);
        else
            snprintf(s->name, sizeof s->name, "武汉%s%s%s", brand, xy_demo_industries[ind].name,
                     suffix);
        s->aff = xy_demo_industries[ind].aff;
        digits = rng_permille(&g->r, 250);
        break;
    }
    case O_COOP:
        cat = "93";
        snprintf(s->name, sizeof s->name, "武汉市%s%s%s", d->name, brand,
                 xy_demo_coop_kinds[(unsigned)ind % xy_demo_coop_kinds_count]);
        s->aff = B(D_SAMR) | B(D_ENV);
        break;
    case O_ASSOC:
        cat = "51";
        region = "420100";
        snprintf(s->name, sizeof s->name, "武汉市%s%s", brand,
                 xy_demo_assoc_kinds[(unsigned)ind % xy_demo_assoc_kinds_count]);
        s->aff = B(D_TAX) | B(D_HR);
        break;
    case O_NONPROFIT:
        cat = "52";
        snprintf(s->name, sizeof s->name, "武汉市%s%s%s", d->name, brand,
                 xy_demo_nonprofit_kinds[(unsigned)ind % xy_demo_nonprofit_kinds_count]);
        s->aff = B(D_HEALTH) | B(D_FIRE) | B(D_HR);
        break;
    case O_FOUNDATION:
        cat = "53";
        region = "420100";
        snprintf(s->name, sizeof s->name, "武汉%s%s", brand,
                 xy_demo_foundation_kinds[(unsigned)ind % xy_demo_foundation_kinds_count]);
        s->aff = B(D_TAX);
        break;
    }
    /* Now and then the name of a recent organisation again, under another code. */
    if (s->otype == O_ENTERPRISE && g->nrecent > 0 && rng_permille(&g->r, 3)) {
        int k = (int)rng_below(&g->r, (uint32_t)(g->nrecent < 8 ? g->nrecent : 8));
        memcpy(s->name, g->recent[k], sizeof s->name);
    } else if (s->otype == O_ENTERPRISE) {
        memcpy(g->recent[g->nrecent % 8], s->name, sizeof s->name);
        g->nrecent++;
    }
    char body[9];
    make_body(g, index, digits, body);
    if (cat[0] == '5')
        body[1] = 'J'; /* civil-affairs codes read MJ...; never the digit form (digits is false) */
    snprintf(prefix, sizeof prefix, "%s%s", cat, region);
    xy_demo_make_uscc(s->code, prefix, body);
}
