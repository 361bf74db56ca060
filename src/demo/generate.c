/* SPDX-License-Identifier: Apache-2.0 */
/* The demo generator's driver (see demo.h): what each subject gets, in which order the records are
 * drawn, and the departments and manifest files. Everything derives from one xoshiro256** stream
 * seeded from the seed, and from the subject index, so the output is byte-identical for the same
 * options. */
#include "demo/demo_int.h"

#include "common/xy_alloc.h"
#include "common/xy_buf.h"

const char *xy_demo_class_name(int cls)
{
    return cls >= 0 && cls < XY_DEMO_NCLASSES ? xy_demo_class_names[cls] : NULL;
}

void xy_demo_opts_init(struct xy_demo_opts *o)
{
    memset(o, 0, sizeof *o);
    o->subjects = 1000;
    o->seed = 42;
    o->today.y = 2026;
    o->today.m = 11;
    o->today.d = 28;
}

/* ---------------------------------------------------------------------------------------------
 * The main data set. */

struct subject_plan {
    int nlic, npen;
    bool black, red, watch, commit;
};

static void plan_for(struct gen *g, const struct subject *s, struct subject_plan *p)
{
    static const unsigned lic_org[] = {150, 250, 250, 180, 100, 70}; /* 0..5, per mille */
    memset(p, 0, sizeof *p);
    uint32_t u = rng_below(&g->r, 1000);
    if (s->kind == K_PERSON) {
        p->nlic = u < 450 ? 0 : 1;
    } else if (s->kind == K_IB) {
        p->nlic = u < 100 ? 0 : u < 500 ? 1 : u < 850 ? 2 : 3;
    } else {
        for (p->nlic = 0; p->nlic < 5 && u >= lic_org[p->nlic]; p->nlic++)
            u -= lic_org[p->nlic];
    }
    u = rng_below(&g->r, 1000);
    p->npen = u < 600 ? 0 : u < 850 ? 1 : u < 950 ? 2 : 3;
    p->black = rng_permille(&g->r, 20);
    p->red = !p->black && p->npen == 0 && s->kind != K_PERSON && rng_permille(&g->r, 55);
    p->watch = !p->black && p->npen > 0 && rng_permille(&g->r, 25);
    p->commit = rng_permille(&g->r, s->kind == K_PERSON ? 120 : 260);
    if (s->placeholder) {
        /* Lists and commitments have no registration-number field to identify such a subject. */
        p->black = p->red = p->watch = p->commit = false;
    }
}

static void emit_subject(struct gen *g, const struct subject *s, const struct subject_plan *p,
                         struct xy_demo_summary *sum, bool demo)
{
    int nlists = 0, npen = 0, nlic = 0;
    int black_dept = -1;
    int32_t black_day = 0;

    if (p->black) {
        const struct list_tpl *lt =
            demo ? &xy_demo_lists[7] : xy_demo_pick_list(g, s, XY_DEMO_BLACK_LIST);
        if (lt) {
            const struct pen_tpl *pt = xy_demo_pick_pen(g, s, lt->dept);
            if (!pt)
                pt = xy_demo_pick_pen(g, s, -1);
            int32_t pday = rand_day(g, s->founded, g->d_today - 30);
            xy_demo_build_penalty(g, s, pt, '3', pday);
            xy_demo_write_row(g, xy_demo_dept_file(g, pt->dept, XY_DEMO_PENALTY), XY_DEMO_PENALTY);
            npen++;
            char wsh[128];
            memcpy(wsh, g->last_wsh, sizeof wsh);
            black_day = today_or_before(g, pday + rng_range(&g->r, 20, 200));
            xy_demo_build_list(g, s, lt, black_day, wsh);
            xy_demo_write_row(g, xy_demo_dept_file(g, lt->dept, XY_DEMO_BLACK_LIST),
                              XY_DEMO_BLACK_LIST);
            black_dept = lt->dept;
            nlists++;
        }
    }
    for (int i = 0; i < p->npen; i++) {
        const struct pen_tpl *pt = xy_demo_pick_pen(g, s, -1);
        xy_demo_build_penalty(g, s, pt, 0, 0);
        xy_demo_write_row(g, xy_demo_dept_file(g, pt->dept, XY_DEMO_PENALTY), XY_DEMO_PENALTY);
        npen++;
    }
    const struct lic_tpl *used[8];
    for (int i = 0; i < p->nlic && i < 8; i++) {
        const struct lic_tpl *lt = (demo && i == 0) ? &xy_demo_lics[0] : xy_demo_pick_lic(g, s);
        /* One licence of a kind per subject: draw again a few times on a repeat. */
        for (int tries = 0; tries < 8; tries++) {
            bool seen = false;
            for (int k = 0; k < i; k++)
                seen = seen || used[k] == lt;
            if (!seen)
                break;
            lt = xy_demo_pick_lic(g, s);
        }
        used[i] = lt;
        xy_demo_build_license(g, s, lt);
        xy_demo_write_row(g, xy_demo_dept_file(g, lt->dept, XY_DEMO_LICENSE), XY_DEMO_LICENSE);
        nlic++;
    }
    for (int cls = XY_DEMO_RED_LIST; cls <= XY_DEMO_WATCH_LIST; cls += 2) {
        if ((cls == XY_DEMO_RED_LIST && !p->red) || (cls == XY_DEMO_WATCH_LIST && !p->watch))
            continue;
        const struct list_tpl *lt = xy_demo_pick_list(g, s, cls);
        if (!lt)
            continue;
        xy_demo_build_list(g, s, lt, rand_day(g, s->founded, g->d_today), NULL);
        xy_demo_write_row(g, xy_demo_dept_file(g, lt->dept, cls), cls);
        nlists++;
    }
    if (p->commit) {
        if (black_dept >= 0 && (demo || rng_permille(&g->r, 500))) {
            int32_t day = today_or_before(g, black_day + rng_range(&g->r, 30, 365));
            xy_demo_build_commitment(g, s, &xy_demo_repair_cn, black_dept, day);
            xy_demo_write_row(g, xy_demo_dept_file(g, black_dept, XY_DEMO_COMMITMENT),
                              XY_DEMO_COMMITMENT);
        } else {
            const struct cn_tpl *ct = xy_demo_pick_cn(g, s);
            xy_demo_build_commitment(g, s, ct, ct->dept, 0);
            xy_demo_write_row(g, xy_demo_dept_file(g, ct->dept, XY_DEMO_COMMITMENT),
                              XY_DEMO_COMMITMENT);
        }
    }
    if (demo && sum) {
        memcpy(sum->demo_code, s->code, sizeof sum->demo_code);
        snprintf(sum->demo_name, sizeof sum->demo_name, "%s", s->name);
        sum->demo_licences = nlic;
        sum->demo_penalties = npen;
        sum->demo_lists = nlists;
    }
}

/* ---------------------------------------------------------------------------------------------
 * Driver. */

static int write_departments(struct gen *g, struct xy_demo_summary *sum)
{
    struct xy_buf b;
    int rc = XY_OK;
    xy_buf_init(&b, 1u << 16);
    for (int d = 0; d < NDEPT && rc == XY_OK; d++)
        rc = xy_buf_printf(&b, "%s\t%s\n", g->dept_code[d], xy_demo_depts[d].name);
    if (rc != XY_OK)
        g->rc = xy_error_set(g->err, rc, "out of memory");
    else
        xy_demo_write_whole(g, "departments.tsv", b.data, b.len);
    xy_buf_release(&b);
    sum->departments = NDEPT;
    return g->rc;
}

static int write_manifest(struct gen *g, struct xy_demo_summary *sum)
{
    struct xy_buf b;
    int rc = XY_OK;
    xy_buf_init(&b, 1u << 20);
    for (int cls = 0; cls < XY_DEMO_NCLASSES && rc == XY_OK; cls++) {
        for (int d = 0; d < NDEPT && rc == XY_OK; d++) {
            if (!g->files[d][cls].rows)
                continue;
            rc = xy_buf_printf(&b, "%s\t%s\t%s/%s.csv\n", xy_demo_class_names[cls], g->dept_code[d],
                               g->dept_code[d], xy_demo_class_names[cls]);
            sum->files++;
        }
    }
    if (g->single.rows && rc == XY_OK) {
        rc = xy_buf_printf(&b, "penalty\t%s\tpenalty.csv\n", g->dept_code[0]);
        sum->files++;
    }
    if (rc != XY_OK)
        g->rc = xy_error_set(g->err, rc, "out of memory");
    else
        xy_demo_write_whole(g, "manifest.tsv", b.data, b.len);
    xy_buf_release(&b);
    return g->rc;
}

static int check_opts(const struct xy_demo_opts *o, struct xy_error *err)
{
    if (!o->out_dir || !o->out_dir[0])
        return xy_error_set(err, XY_EINVAL, "no output directory given");
    if (!xy_date_valid(o->today.y, o->today.m, o->today.d) || o->today.y < DATE_FIRST_Y)
        return xy_error_set(err, XY_EINVAL,
                            "today must be a real date from 2019-01-01 to 2099-12-31");
    if (o->only_penalty_rows > 0) {
        if (o->only_penalty_rows > XY_DEMO_MAX_SUBJECTS)
            return xy_error_set(err, XY_EINVAL, "at most %ld rows", XY_DEMO_MAX_SUBJECTS);
    } else if (o->subjects < 1 || o->subjects > XY_DEMO_MAX_SUBJECTS) {
        return xy_error_set(err, XY_EINVAL, "subjects must be from 1 to %ld", XY_DEMO_MAX_SUBJECTS);
    }
    return XY_OK;
}

static void gen_init(struct gen *g, const struct xy_demo_opts *o, struct xy_error *err)
{
    g->o = o;
    g->err = err;
    g->rc = XY_OK;
    rng_seed(&g->r, o->seed);
    rng_seed(&g->ra, o->seed ^ 0xA44EA55C0FFEE5ull);
    rng_seed(&g->rx, o->seed ^ 0xC1A55E5D0C0FFEEull);
    g->d_first = ymd_days(DATE_FIRST_Y, 1, 1);
    g->d_today = xy_date_to_days(o->today);
    for (int d = 0; d < NDEPT; d++)
        xy_demo_make_uscc(g->dept_code[d], "11420100", xy_demo_depts[d].body);
    g->m_name2 = xy_demo_tokens_count * xy_demo_tokens_count * xy_demo_industries_count;
    g->m_name3 = xy_demo_tokens_count * xy_demo_tokens_count * xy_demo_tokens_count *
                 xy_demo_industries_count;
    perm_init(&g->p_name2, g->m_name2, o->seed, 1);
    perm_init(&g->p_name3, g->m_name3, o->seed, 2);
    perm_init(&g->p_body_ma, 887503681ull /* 31^6 */, o->seed, 3);
    perm_init(&g->p_body_num, 50000000ull, o->seed, 4);
    perm_init(&g->p_person, (uint64_t)xy_demo_districts_count * 20089ull * 1000ull, o->seed, 5);
    perm_init(&g->p_regno, 10000000ull, o->seed, 6);
}

int xy_demo_generate(const struct xy_demo_opts *opts, struct xy_demo_summary *out,
                     struct xy_error *err)
{
    struct xy_demo_summary local;
    struct xy_demo_summary *sum = out ? out : &local;
    struct gen *g = NULL;
    int rc;

    memset(sum, 0, sizeof *sum);
    xy_error_clear(err);
    if ((rc = check_opts(opts, err)) != XY_OK)
        return rc;
    g = xy_calloc(1, sizeof *g);
    if (!g)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    gen_init(g, opts, err);
    if (xy_demo_make_dir(g, opts->out_dir) || write_departments(g, sum))
        goto out;

    if (opts->only_penalty_rows > 0) {
        if (xy_demo_set_path(g, "penalty.csv") ||
            xy_demo_open_csv(g, &g->single, g->path, XY_DEMO_PENALTY))
            goto out;
        for (long i = 0; i < opts->only_penalty_rows && g->rc == XY_OK; i++) {
            struct subject s;
            xy_demo_make_subject(g, i, &s, -1, -1);
            xy_demo_build_penalty(g, &s, xy_demo_pick_pen(g, &s, D_SAMR), 0, 0);
            xy_demo_write_row(g, &g->single, XY_DEMO_PENALTY);
            sum->subjects++;
            sum->organisations += s.kind == K_ORG;
            sum->individual_businesses += s.kind == K_IB;
            sum->persons += s.kind == K_PERSON;
        }
        xy_demo_close_csv(g, &g->single, "penalty.csv");
    } else {
        for (long i = 0; i < opts->subjects && g->rc == XY_OK; i++) {
            struct subject s;
            struct subject_plan plan;
            bool demo = i == 0;
            xy_demo_make_subject(g, i, &s, demo ? K_ORG : -1, demo ? O_ENTERPRISE : -1);
            if (demo) {
                memset(&plan, 0, sizeof plan);
                plan.nlic = 3;
                plan.npen = 1;
                plan.black = true;
                plan.commit = true;
            } else {
                plan_for(g, &s, &plan);
            }
            emit_subject(g, &s, &plan, sum, demo);
            xy_demo_conv_note(g, &s);
            xy_demo_emit_arrears(g, &s);
            xy_demo_emit_classes(g, &s, demo);
            sum->subjects++;
            sum->organisations += s.kind == K_ORG;
            sum->individual_businesses += s.kind == K_IB;
            sum->persons += s.kind == K_PERSON;
        }
        if (g->rc == XY_OK)
            xy_demo_emit_gov_integrity(g);
        for (int d = 0; d < NDEPT; d++)
            for (int cls = 0; cls < XY_DEMO_NCLASSES; cls++)
                xy_demo_close_csv(g, &g->files[d][cls], xy_demo_class_names[cls]);
        if (g->rc == XY_OK)
            xy_demo_write_broken(g, sum);
        if (g->rc == XY_OK)
            xy_demo_write_conversion(g);
    }
    if (g->rc == XY_OK)
        write_manifest(g, sum);
out:
    for (int d = 0; d < NDEPT; d++)
        for (int cls = 0; cls < XY_DEMO_NCLASSES; cls++)
            xy_demo_close_csv(g, &g->files[d][cls], xy_demo_class_names[cls]);
    xy_demo_close_csv(g, &g->single, "penalty.csv");
    for (int cls = 0; cls < XY_DEMO_NCLASSES; cls++)
        sum->rows[cls] = g->rows[cls];
    rc = g->rc;
    xy_free(g);
    return rc;
}
