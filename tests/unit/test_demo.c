/* SPDX-License-Identifier: Apache-2.0 */
/* Tests of the demo data generator (src/demo/): determinism, and that every file it writes
 * is what the catalogue asks for. The rows are checked by an independent validator written here
 * from the catalogue (libcsv to read, the core checks for codes), not by the importer. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <csv.h>
#include <ftw.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "demo/demo.h"
#include "common/xy_alloc.h"
#include "common/xy_buf.h"
#include "common/xy_date.h"
#include "common/xy_money.h"
#include "common/xy_utf8.h"
#include "core/catalog.h"
#include "core/orgcode.h"
#include "core/ric.h"
#include "core/uscc.h"

#define SUBJECTS 200
#define SEED 7

/* ------------------------------------------------------------------------------------------- */
/* Files and directories. */

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct xy_buf b;
    xy_buf_init(&b, (size_t)1 << 30);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        assert_int_equal(xy_buf_add(&b, chunk, n), XY_OK);
    fclose(f);
    *len = b.len;
    return xy_buf_take(&b);
}

static char *path_join(const char *a, const char *b)
{
    struct xy_buf p;
    xy_buf_init(&p, 8192);
    assert_int_equal(xy_buf_printf(&p, "%s/%s", a, b), XY_OK);
    return xy_buf_take(&p);
}

static int rm_cb(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void rm_tree(const char *dir)
{
    nftw(dir, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
}

/* The files under a root, as sorted relative paths (nftw has no user pointer: a static list). */
static char **g_list;
static size_t g_nlist, g_list_root_len;

static int list_cb(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (flag == FTW_F) {
        g_list = xy_realloc(g_list, (g_nlist + 1) * sizeof *g_list);
        assert_non_null(g_list);
        g_list[g_nlist++] = xy_strdup(path + g_list_root_len + 1);
    }
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static size_t list_files(const char *root, char ***out)
{
    g_list = NULL;
    g_nlist = 0;
    g_list_root_len = strlen(root);
    assert_int_equal(nftw(root, list_cb, 16, FTW_PHYS), 0);
    qsort(g_list, g_nlist, sizeof *g_list, cmp_str);
    *out = g_list;
    return g_nlist;
}

static void free_list(char **l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        xy_free(l[i]);
    xy_free(l);
}

static char *make_tmp(void)
{
    char tmpl[] = "/tmp/xy-demo-test-XXXXXX";
    assert_non_null(mkdtemp(tmpl));
    return xy_strdup(tmpl);
}

/* Generates into a new directory below a fresh temp dir; returns the data directory. */
static char *generate(uint64_t seed, long subjects, long only_rows, struct xy_demo_summary *sum,
                      char **tmp_out)
{
    struct xy_demo_opts o;
    struct xy_error err;
    char *tmp = make_tmp();
    char *dir = path_join(tmp, "data"); /* not created yet: the generator makes it */
    xy_demo_opts_init(&o);
    o.out_dir = dir;
    o.seed = seed;
    o.subjects = subjects;
    o.only_penalty_rows = only_rows;
    int rc = xy_demo_generate(&o, sum, &err);
    if (rc != XY_OK)
        fail_msg("xy_demo_generate: %s", err.msg);
    *tmp_out = tmp;
    return dir;
}

/* ------------------------------------------------------------------------------------------- */
/* The catalogue. */

static struct xy_catalog *g_cat;

static void load_catalog(void)
{
    const char *path = getenv("XY_CATALOG");
    char *fallback = NULL;
    if (!path) {
        fallback = path_join(XY_SOURCE_DIR, "catalog/catalog.json");
        path = fallback;
    }
    size_t len;
    char *json = read_all(path, &len);
    assert_non_null(json);
    struct xy_error err;
    if (xy_catalog_parse(json, len, &g_cat, &err) != XY_OK)
        fail_msg("catalogue: %s", err.msg);
    xy_free(json);
    xy_free(fallback);
}

/* ------------------------------------------------------------------------------------------- */
/* A CSV file parsed with libcsv (strict) into rows of NUL-terminated fields. */

struct csv_doc {
    char ***rows; /* rows[r][c] */
    size_t *ncols;
    size_t nrows, cap;
    char **cur;
    size_t ncur;
};

static void csv_field_cb(void *s, size_t len, void *data)
{
    struct csv_doc *d = data;
    d->cur = xy_realloc(d->cur, (d->ncur + 1) * sizeof *d->cur);
    assert_non_null(d->cur);
    d->cur[d->ncur++] = xy_strndup(s ? s : "", s ? len : 0);
}

static void csv_row_cb(int c, void *data)
{
    struct csv_doc *d = data;
    (void)c;
    if (d->nrows == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 64;
        d->rows = xy_realloc(d->rows, d->cap * sizeof *d->rows);
        d->ncols = xy_realloc(d->ncols, d->cap * sizeof *d->ncols);
        assert_true(d->rows && d->ncols);
    }
    d->rows[d->nrows] = d->cur;
    d->ncols[d->nrows] = d->ncur;
    d->nrows++;
    d->cur = NULL;
    d->ncur = 0;
}

static void csv_doc_parse(const char *data, size_t len, struct csv_doc *d)
{
    struct csv_parser p;
    memset(d, 0, sizeof *d);
    assert_int_equal(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL), 0);
    size_t n = csv_parse(&p, data, len, csv_field_cb, csv_row_cb, d);
    if (n != len)
        fail_msg("CSV syntax error: %s", csv_strerror(csv_error(&p)));
    assert_int_equal(csv_fini(&p, csv_field_cb, csv_row_cb, d), 0);
    csv_free(&p);
}

static void csv_doc_load(const char *path, struct csv_doc *d)
{
    size_t len;
    char *data = read_all(path, &len);
    if (!data)
        fail_msg("cannot read %s", path);
    assert_true(xy_utf8_valid(data, len));
    csv_doc_parse(data, len, d);
    xy_free(data);
}

static void csv_doc_free(struct csv_doc *d)
{
    for (size_t r = 0; r < d->nrows; r++) {
        for (size_t c = 0; c < d->ncols[r]; c++)
            xy_free(d->rows[r][c]);
        xy_free(d->rows[r]);
    }
    xy_free(d->rows);
    xy_free(d->ncols);
}

/* ------------------------------------------------------------------------------------------- */
/* A validator written from the catalogue: returns the number of problems in one data row. */

static const struct xy_id_date TODAY = {2026, 11, 28};

struct vctx {
    const struct xy_class *cls;
    char **docs; /* document numbers seen in this file */
    size_t ndocs;
    long uscc_checked, ric_checked, fines_checked;
};

/* Splits a multi-code value on ; ； 、 , and resolves each entry. Returns 0 when all resolve.
 * OUT: found[code-index] for codes "01".."99" seen. */
static int split_codes(const struct xy_code_list *list, const char *v, int found[100])
{
    const char *p = v;
    memset(found, 0, 100 * sizeof *found);
    while (*p) {
        const char *e = p;
        size_t seplen = 0;
        while (*e) {
            if (*e == ';' || *e == ',') {
                seplen = 1;
                break;
            }
            if (strncmp(e, "；", 3) == 0 || strncmp(e, "、", 3) == 0) {
                seplen = 3;
                break;
            }
            e++;
        }
        const struct xy_code *c = xy_code_lookup(list, p, (size_t)(e - p));
        if (!c)
            return -1;
        int k = (int)strtol(c->code, NULL, 10);
        if (k >= 0 && k < 100)
            found[k] = 1;
        p = *e ? e + seplen : e;
    }
    return 0;
}

static const char *code_of(const struct xy_field *f, const char *v)
{
    const struct xy_code *c = f->list ? xy_code_lookup(f->list, v, strlen(v)) : NULL;
    return c ? c->code : NULL;
}

static int required(const struct xy_class *cls, char **row, int fi)
{
    const struct xy_field *f = &cls->fields[fi];
    if (f->req == XY_REQ_MANDATORY)
        return 1;
    if (f->req == XY_REQ_OPTIONAL)
        return 0;
    const struct xy_field *of = &cls->fields[f->cond.field];
    const char *ov = row[f->cond.field];
    int holds = 0;
    switch (f->cond.op) {
    case XY_COND_PRESENT:
        holds = ov[0] != '\0';
        break;
    case XY_COND_PLACEHOLDER:
        holds = xy_uscc_is_placeholder(ov, strlen(ov));
        break;
    case XY_COND_IN: {
        const char *c = code_of(of, ov);
        for (size_t i = 0; c && i < f->cond.nvalues; i++)
            holds |= strcmp(c, f->cond.values[i]) == 0;
        break;
    }
    case XY_COND_CONTAINS: {
        int found[100];
        if (ov[0] && split_codes(of->list, ov, found) == 0)
            for (size_t i = 0; i < f->cond.nvalues; i++)
                holds |= found[strtol(f->cond.values[i], NULL, 10)];
        break;
    }
    }
    return f->req == XY_REQ_IF ? holds : !holds;
}

static int check_row(struct vctx *v, char **row, size_t ncols)
{
    const struct xy_class *cls = v->cls;
    int bad = 0;
    if (ncols != cls->nfields)
        return 1;
    for (size_t i = 0; i < cls->nfields; i++) {
        const struct xy_field *f = &cls->fields[i];
        const char *s = row[i];
        size_t n = strlen(s);
        if (n == 0) {
            bad += required(cls, row, (int)i);
            continue;
        }
        if (f->max_len && xy_utf8_count(s, n) > (size_t)f->max_len)
            bad++;
        struct xy_date d;
        int64_t fen;
        int found[100];
        switch (f->type) {
        case XY_FT_STRING:
            break;
        case XY_FT_DATE:
            bad += xy_date_parse(s, n, &d) != 0;
            break;
        case XY_FT_MONEY_WAN:
            bad += xy_money_parse_wan(s, n, &fen) != XY_MONEY_OK || fen <= 0;
            break;
        case XY_FT_CODE:
            bad += xy_code_lookup(f->list, s, n) == NULL;
            break;
        case XY_FT_CODES:
            bad += split_codes(f->list, s, found) != 0;
            break;
        case XY_FT_USCC:
            if (xy_uscc_is_placeholder(s, n)) {
                bad += !f->allow_placeholder;
            } else {
                bad += xy_uscc_check(s, n, NULL) != XY_ID_OK;
                v->uscc_checked++;
            }
            break;
        case XY_FT_ORGCODE:
            bad += xy_orgcode_check(s, n, NULL) != XY_ID_OK;
            break;
        case XY_FT_ID_NO: {
            const char *t = f->id_type_field >= 0
                                ? code_of(&cls->fields[f->id_type_field], row[f->id_type_field])
                                : NULL;
            if (t && strcmp(t, "01") == 0) {
                bad += xy_ric_check(s, n, &TODAY, NULL) != XY_ID_OK;
                v->ric_checked++;
            }
            break;
        }
        }
    }
    /* The placeholder needs its registration number: 15 digits with a MOD 11,10 check. */
    int pu = cls->role_field[XY_ROLE_PARTY_USCC], pr = cls->role_field[XY_ROLE_PARTY_REGNO];
    if (pu >= 0 && pr >= 0 && xy_uscc_is_placeholder(row[pu], strlen(row[pu]))) {
        const char *r = row[pr];
        bad += strlen(r) != 15 || strspn(r, "0123456789") != 15;
    }
    /* Dates: decisions from 2019 up to today, nothing ending before it starts. */
    struct xy_date dd, vf, vt;
    struct xy_date first = {2019, 1, 1}, today = {TODAY.year, TODAY.month, TODAY.day};
    int fd = cls->role_field[XY_ROLE_DECISION_DATE], ff = cls->role_field[XY_ROLE_VALID_FROM],
        ft = cls->role_field[XY_ROLE_VALID_TO];
    int has_d = fd >= 0 && xy_date_parse(row[fd], strlen(row[fd]), &dd) == 0;
    int has_f = ff >= 0 && xy_date_parse(row[ff], strlen(row[ff]), &vf) == 0;
    int has_t = ft >= 0 && xy_date_parse(row[ft], strlen(row[ft]), &vt) == 0;
    if (has_d)
        bad += xy_date_cmp(dd, today) > 0 || xy_date_cmp(dd, first) < 0;
    if (has_d && has_t)
        bad += xy_date_cmp(vt, dd) < 0;
    if (has_f && has_t)
        bad += xy_date_cmp(vt, vf) < 0;
    /* Document numbers are unique per file (per department and class). */
    int fw = cls->role_field[XY_ROLE_DOC_NO];
    if (fw >= 0 && row[fw][0]) {
        for (size_t k = 0; k < v->ndocs; k++)
            if (strcmp(v->docs[k], row[fw]) == 0) {
                bad++;
                break;
            }
        v->docs = xy_realloc(v->docs, (v->ndocs + 1) * sizeof *v->docs);
        v->docs[v->ndocs++] = xy_strdup(row[fw]);
    }
    return bad;
}

static void vctx_release(struct vctx *v)
{
    for (size_t k = 0; k < v->ndocs; k++)
        xy_free(v->docs[k]);
    xy_free(v->docs);
    v->docs = NULL;
    v->ndocs = 0;
}

static void assert_header(const struct xy_class *cls, const struct csv_doc *d)
{
    assert_true(d->nrows >= 1);
    assert_int_equal(d->ncols[0], cls->nfields);
    for (size_t i = 0; i < cls->nfields; i++)
        assert_string_equal(d->rows[0][i], cls->fields[i].code);
}

/* ------------------------------------------------------------------------------------------- */
/* Shared fixture: one data set generated once. */

struct fixture {
    char *tmp, *dir;
    struct xy_demo_summary sum;
};

static int setup(void **state)
{
    struct fixture *fx = xy_calloc(1, sizeof *fx);
    load_catalog();
    fx->dir = generate(SEED, SUBJECTS, 0, &fx->sum, &fx->tmp);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    rm_tree(fx->tmp);
    xy_free(fx->tmp);
    xy_free(fx->dir);
    xy_free(fx);
    xy_catalog_free(g_cat);
    return 0;
}

struct manifest_line {
    char cls[32], dept[32], path[256];
};

static size_t read_manifest(const char *dir, struct manifest_line **out)
{
    char *p = path_join(dir, "manifest.tsv");
    size_t len;
    char *data = read_all(p, &len);
    assert_non_null(data);
    struct manifest_line *lines = NULL;
    size_t n = 0;
    char *save = NULL;
    for (char *l = strtok_r(data, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        lines = xy_realloc(lines, (n + 1) * sizeof *lines);
        struct manifest_line *m = &lines[n++];
        char *t1 = strchr(l, '\t');
        assert_non_null(t1);
        char *t2 = strchr(t1 + 1, '\t');
        assert_non_null(t2);
        assert_null(strchr(t2 + 1, '\t'));
        snprintf(m->cls, sizeof m->cls, "%.*s", (int)(t1 - l), l);
        snprintf(m->dept, sizeof m->dept, "%.*s", (int)(t2 - t1 - 1), t1 + 1);
        snprintf(m->path, sizeof m->path, "%s", t2 + 1);
    }
    xy_free(data);
    xy_free(p);
    *out = lines;
    return n;
}

/* ------------------------------------------------------------------------------------------- */

static void test_same_seed_identical(void **state)
{
    struct fixture *fx = *state;
    struct xy_demo_summary sum;
    char *tmp;
    char *dir = generate(SEED, SUBJECTS, 0, &sum, &tmp);
    char **a, **b;
    size_t na = list_files(fx->dir, &a), nb = list_files(dir, &b);
    assert_int_equal(na, nb);
    assert_true(na > 12); /* departments, manifest, the broken files and many CSV files */
    for (size_t i = 0; i < na; i++) {
        assert_string_equal(a[i], b[i]);
        char *pa = path_join(fx->dir, a[i]), *pb = path_join(dir, b[i]);
        size_t la, lb;
        char *da = read_all(pa, &la), *db = read_all(pb, &lb);
        assert_non_null(da);
        assert_non_null(db);
        assert_int_equal(la, lb);
        assert_memory_equal(da, db, la);
        xy_free(da);
        xy_free(db);
        xy_free(pa);
        xy_free(pb);
    }
    assert_memory_equal(&sum.rows, &fx->sum.rows, sizeof sum.rows);
    assert_string_equal(sum.demo_code, fx->sum.demo_code);
    free_list(a, na);
    free_list(b, nb);
    rm_tree(tmp);
    xy_free(tmp);
    xy_free(dir);
}

static void test_other_seed_differs(void **state)
{
    struct fixture *fx = *state;
    struct xy_demo_summary sum;
    char *tmp;
    char *dir = generate(SEED + 1, SUBJECTS, 0, &sum, &tmp);
    /* Departments are fixed; the data is not. */
    char *pa = path_join(fx->dir, "departments.tsv"), *pb = path_join(dir, "departments.tsv");
    size_t la, lb;
    char *da = read_all(pa, &la), *db = read_all(pb, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(da, db, la);
    xy_free(da);
    xy_free(db);
    xy_free(pa);
    xy_free(pb);
    /* The first department's licence file exists in both and differs. */
    char *lic = NULL;
    struct manifest_line *m;
    size_t n = read_manifest(fx->dir, &m);
    for (size_t i = 0; i < n && !lic; i++)
        if (strcmp(m[i].cls, "license") == 0)
            lic = xy_strdup(m[i].path);
    xy_free(m);
    assert_non_null(lic);
    pa = path_join(fx->dir, lic);
    pb = path_join(dir, lic);
    da = read_all(pa, &la);
    db = read_all(pb, &lb);
    assert_non_null(da);
    assert_non_null(db);
    assert_true(la != lb || memcmp(da, db, la) != 0);
    assert_string_not_equal(sum.demo_code, fx->sum.demo_code);
    xy_free(da);
    xy_free(db);
    xy_free(pa);
    xy_free(pb);
    xy_free(lic);
    rm_tree(tmp);
    xy_free(tmp);
    xy_free(dir);
}

static void test_departments(void **state)
{
    struct fixture *fx = *state;
    char *p = path_join(fx->dir, "departments.tsv");
    size_t len;
    char *data = read_all(p, &len);
    assert_non_null(data);
    int n = 0;
    char *save = NULL;
    assert_true(strstr(data, "武汉市市场监督管理局") < strstr(data, "武汉市生态环境局"));
    for (char *l = strtok_r(data, "\n", &save); l; l = strtok_r(NULL, "\n", &save), n++) {
        char *tab = strchr(l, '\t');
        assert_non_null(tab);
        assert_int_equal(tab - l, 18);
        assert_int_equal(xy_uscc_check(l, 18, NULL), XY_ID_OK);
        assert_memory_equal(l, "11420100", 8); /* 机关, Wuhan */
        assert_true(strlen(tab + 1) > 6);
    }
    assert_int_equal(n, 13); /* twelve bureaus and the court of the judgment defaulters */
    assert_int_equal(fx->sum.departments, 13);
    xy_free(data);
    xy_free(p);
}

static int class_rank(const char *c)
{
    return strcmp(c, "license") == 0 || strcmp(c, "penalty") == 0 ? 0 : 1;
}

/* Every manifest file exists, has the catalogue header, and every row passes the validator. */
static void test_manifest_files_valid(void **state)
{
    struct fixture *fx = *state;
    struct manifest_line *m;
    size_t n = read_manifest(fx->dir, &m);
    long rows[XY_DEMO_NCLASSES] = {0}, uscc = 0, ric = 0;
    int last_rank = 0;
    assert_int_equal((long)n, fx->sum.files);
    for (size_t i = 0; i < n; i++) {
        const struct xy_class *cls = xy_catalog_class(g_cat, m[i].cls);
        assert_non_null(cls);
        assert_null(strstr(m[i].path, "broken"));
        assert_true(class_rank(m[i].cls) >= last_rank); /* records before lists and commitments */
        last_rank = class_rank(m[i].cls);
        assert_int_equal(strncmp(m[i].path, m[i].dept, 18), 0);
        char *p = path_join(fx->dir, m[i].path);
        struct csv_doc d;
        csv_doc_load(p, &d);
        assert_header(cls, &d);
        assert_true(d.nrows > 1);
        struct vctx v = {.cls = cls};
        /* Every record names the file's department as authority and source. */
        int dept_cols = 0;
        for (size_t r = 1; r < d.nrows; r++) {
            int bad = check_row(&v, d.rows[r], d.ncols[r]);
            if (bad)
                fail_msg("%s record %zu: %d problems", m[i].path, r, bad);
            for (size_t c = 0; c < cls->nfields; c++)
                if (cls->fields[c].type == XY_FT_USCC &&
                    c != (size_t)cls->role_field[XY_ROLE_PARTY_USCC]) {
                    assert_string_equal(d.rows[r][c], m[i].dept);
                    dept_cols++;
                }
        }
        assert_true(dept_cols > 0);
        for (int c = 0; c < XY_DEMO_NCLASSES; c++)
            if (strcmp(m[i].cls, xy_demo_class_name(c)) == 0)
                rows[c] += (long)d.nrows - 1;
        uscc += v.uscc_checked;
        ric += v.ric_checked;
        vctx_release(&v);
        csv_doc_free(&d);
        xy_free(p);
    }
    for (int c = 0; c < XY_DEMO_NCLASSES; c++) {
        assert_int_equal(rows[c], fx->sum.rows[c]);
        /* The watch list (~1 % of subjects) may be empty in a small set. */
        assert_true(rows[c] > 0 || c == XY_DEMO_WATCH_LIST);
    }
    /* Proportions of the brief: ~2 licences, ~0.6 penalties per subject. */
    assert_true(rows[XY_DEMO_LICENSE] > SUBJECTS * 3 / 2 &&
                rows[XY_DEMO_LICENSE] < SUBJECTS * 5 / 2);
    assert_true(rows[XY_DEMO_PENALTY] > SUBJECTS * 4 / 10 &&
                rows[XY_DEMO_PENALTY] < SUBJECTS * 8 / 10);
    assert_true(uscc > SUBJECTS);
    assert_true(ric > 5);
    xy_free(m);
}

/* Penalties: a fine whenever 罚款 (03) is among the categories, confiscation amounts and licence
 * names with theirs; and both forms of code-list values and date forms occur. */
static void test_penalty_amounts(void **state)
{
    struct fixture *fx = *state;
    struct manifest_line *m;
    size_t n = read_manifest(fx->dir, &m);
    const struct xy_class *cls = xy_catalog_class(g_cat, "penalty");
    int cflb = xy_class_field_lookup(cls, "CF_CFLB", 7),
        fk = xy_class_field_lookup(cls, "CF_NR_FK", 8),
        wfff = xy_class_field_lookup(cls, "CF_NR_WFFF", 10),
        zkdx = xy_class_field_lookup(cls, "CF_NR_ZKDX", 10),
        jdrq = xy_class_field_lookup(cls, "CF_JDRQ", 7),
        cxlx = xy_class_field_lookup(cls, "CF_CXLX", 7);
    long fines = 0, text_cats = 0, code_cats = 0, slash = 0, cn = 0, simple = 0, total = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(m[i].cls, "penalty") != 0)
            continue;
        char *p = path_join(fx->dir, m[i].path);
        struct csv_doc d;
        csv_doc_load(p, &d);
        for (size_t r = 1; r < d.nrows; r++) {
            char **row = d.rows[r];
            int found[100];
            total++;
            assert_int_equal(split_codes(cls->fields[cflb].list, row[cflb], found), 0);
            if (found[3]) {
                int64_t fen;
                assert_true(row[fk][0] != '\0');
                assert_int_equal(xy_money_parse_wan(row[fk], strlen(row[fk]), &fen), XY_MONEY_OK);
                assert_true(fen >= 100); /* at least one yuan */
                fines++;
            } else {
                assert_string_equal(row[fk], "");
            }
            assert_int_equal(found[4] || found[5], row[wfff][0] != '\0');
            assert_int_equal(found[6] || found[8], row[zkdx][0] != '\0');
            if (row[cflb][0] >= '0' && row[cflb][0] <= '9')
                code_cats++;
            else
                text_cats++;
            slash += strchr(row[jdrq], '/') != NULL;
            cn += strstr(row[jdrq], "年") != NULL;
            simple += strcmp(row[cxlx], "2") == 0 || strcmp(row[cxlx], "简易程序") == 0;
        }
        csv_doc_free(&d);
        xy_free(p);
    }
    assert_true(fines > total / 2);
    assert_true(text_cats > 0 && code_cats > text_cats);
    assert_true(slash > 0 && cn > 0);
    assert_true(simple > 0 && simple < total / 5);
    xy_free(m);
}

/* A code is always the same subject under the same name, and names are mostly unique. */
static int cmp_pair(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_subjects_consistent(void **state)
{
    struct fixture *fx = *state;
    struct manifest_line *m;
    size_t n = read_manifest(fx->dir, &m);
    char **pairs = NULL;
    size_t np = 0;
    long persons = 0, placeholders = 0, coops = 0, social = 0, ib = 0;
    for (size_t i = 0; i < n; i++) {
        const struct xy_class *cls = xy_catalog_class(g_cat, m[i].cls);
        int fu = cls->role_field[XY_ROLE_PARTY_USCC], fn = cls->role_field[XY_ROLE_PARTY_NAME],
            fi = cls->role_field[XY_ROLE_PARTY_ID_NO];
        char *p = path_join(fx->dir, m[i].path);
        struct csv_doc d;
        csv_doc_load(p, &d);
        for (size_t r = 1; r < d.nrows; r++) {
            char **row = d.rows[r];
            const char *code = row[fu][0] ? row[fu] : row[fi];
            assert_true(code[0] != '\0');
            if (xy_uscc_is_placeholder(code, strlen(code))) {
                placeholders++;
                continue;
            }
            persons += row[fu][0] == '\0';
            coops += strncmp(code, "93", 2) == 0;
            social += code[0] == '5';
            ib += strncmp(code, "92", 2) == 0;
            struct xy_buf b;
            xy_buf_init(&b, 1024);
            assert_int_equal(xy_buf_printf(&b, "%s\t%s", code, row[fn]), XY_OK);
            pairs = xy_realloc(pairs, (np + 1) * sizeof *pairs);
            pairs[np++] = xy_buf_take(&b);
        }
        csv_doc_free(&d);
        xy_free(p);
    }
    qsort(pairs, np, sizeof *pairs, cmp_pair);
    size_t codes = 0, same_name_other_code = 0;
    for (size_t i = 0; i < np; i++) {
        if (i && strncmp(pairs[i], pairs[i - 1], 18) == 0) {
            assert_string_equal(pairs[i], pairs[i - 1]); /* same code, same name */
            continue;
        }
        codes++;
    }
    /* Names shared by different codes: rare. */
    char **names = xy_calloc(codes ? codes : 1, sizeof *names);
    size_t nn = 0;
    for (size_t i = 0; i < np; i++)
        if (!i || strncmp(pairs[i], pairs[i - 1], 18) != 0)
            names[nn++] = strchr(pairs[i], '\t') + 1;
    qsort(names, nn, sizeof *names, cmp_pair);
    for (size_t i = 1; i < nn; i++)
        same_name_other_code += strcmp(names[i], names[i - 1]) == 0;
    assert_true(codes > SUBJECTS / 2);
    assert_true(same_name_other_code * 50 < codes);
    assert_true(persons > 0 && ib > 0 && coops + social > 0);
    (void)placeholders;
    xy_free(names);
    for (size_t i = 0; i < np; i++)
        xy_free(pairs[i]);
    xy_free(pairs);
    xy_free(m);
}

/* The demo subject is an organisation with licences, a penalty and a list entry. */
static void test_demo_subject(void **state)
{
    struct fixture *fx = *state;
    const char *code = fx->sum.demo_code;
    assert_int_equal(strlen(code), 18);
    assert_int_equal(xy_uscc_check(code, 18, NULL), XY_ID_OK);
    assert_memory_equal(code, "91", 2);
    struct manifest_line *m;
    size_t n = read_manifest(fx->dir, &m);
    long seen[XY_DEMO_NCLASSES] = {0};
    for (size_t i = 0; i < n; i++) {
        const struct xy_class *cls = xy_catalog_class(g_cat, m[i].cls);
        int fu = cls->role_field[XY_ROLE_PARTY_USCC];
        char *p = path_join(fx->dir, m[i].path);
        struct csv_doc d;
        csv_doc_load(p, &d);
        for (size_t r = 1; r < d.nrows; r++)
            if (strcmp(d.rows[r][fu], code) == 0)
                for (int c = 0; c < XY_DEMO_NCLASSES; c++)
                    seen[c] += strcmp(m[i].cls, xy_demo_class_name(c)) == 0;
        csv_doc_free(&d);
        xy_free(p);
    }
    assert_int_equal(seen[XY_DEMO_LICENSE], fx->sum.demo_licences);
    assert_int_equal(seen[XY_DEMO_PENALTY], fx->sum.demo_penalties);
    assert_true(seen[XY_DEMO_LICENSE] >= 1 && seen[XY_DEMO_PENALTY] >= 1);
    assert_true(seen[XY_DEMO_RED_LIST] + seen[XY_DEMO_BLACK_LIST] + seen[XY_DEMO_WATCH_LIST] >= 1);
    xy_free(m);
}

/* The broken file: the validator finds a problem in exactly the even-numbered records, which the
 * README lists; the GB18030 file converts back to rows that pass. */
static void test_broken_files(void **state)
{
    struct fixture *fx = *state;
    const struct xy_class *cls = xy_catalog_class(g_cat, "penalty");
    char *p = path_join(fx->dir, "broken/penalty-broken.csv");
    struct csv_doc d;
    csv_doc_load(p, &d);
    assert_header(cls, &d);
    assert_int_equal(d.nrows - 1, 20);
    assert_int_equal(fx->sum.broken_rows, 20);
    assert_int_equal(fx->sum.broken_bad, 10);
    struct vctx v = {.cls = cls};
    for (size_t r = 1; r < d.nrows; r++) {
        int bad = check_row(&v, d.rows[r], d.ncols[r]);
        if ((r % 2 == 0) != (bad > 0))
            fail_msg("record %zu: %d problems", r, bad);
        /* Authority: the first department. */
        assert_string_equal(d.rows[r][xy_class_field_lookup(cls, "CF_CFJG", 7)],
                            "武汉市市场监督管理局");
    }
    vctx_release(&v);
    csv_doc_free(&d);
    xy_free(p);

    p = path_join(fx->dir, "broken/README.txt");
    size_t len;
    char *readme = read_all(p, &len);
    assert_non_null(readme);
    for (int r = 2; r <= 20; r += 2) {
        char needle[64];
        snprintf(needle, sizeof needle, "Record %d (line %d)", r, r + 1);
        assert_non_null(strstr(readme, needle));
        snprintf(needle, sizeof needle, "第%d条记录", r);
        assert_non_null(strstr(readme, needle));
    }
    assert_null(strstr(readme, "Record 3 (line 4)"));
    xy_free(readme);
    xy_free(p);

    p = path_join(fx->dir, "broken/penalty-gbk.csv");
    char *gbk = read_all(p, &len);
    assert_non_null(gbk);
    assert_false(xy_utf8_valid(gbk, len));
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    assert_true(cd != (iconv_t)-1);
    size_t cap = len * 2 + 16, inleft = len, outleft = cap;
    char *utf8 = xy_malloc(cap), *in = gbk, *out = utf8;
    assert_true(iconv(cd, &in, &inleft, &out, &outleft) != (size_t)-1);
    iconv_close(cd);
    assert_true(xy_utf8_valid(utf8, cap - outleft));
    csv_doc_parse(utf8, cap - outleft, &d);
    assert_header(cls, &d);
    assert_int_equal((long)d.nrows - 1, fx->sum.gbk_rows);
    assert_true(fx->sum.gbk_rows >= 3);
    struct vctx v2 = {.cls = cls};
    for (size_t r = 1; r < d.nrows; r++)
        assert_int_equal(check_row(&v2, d.rows[r], d.ncols[r]), 0);
    vctx_release(&v2);
    csv_doc_free(&d);
    xy_free(utf8);
    xy_free(gbk);
    xy_free(p);
}

/* The benchmark mode: exactly M rows in DIR/penalty.csv, all valid, one manifest line. */
static void test_only_penalty(void **state)
{
    (void)state;
    struct xy_demo_summary sum;
    char *tmp;
    char *dir = generate(3, 0, 137, &sum, &tmp);
    const struct xy_class *cls = xy_catalog_class(g_cat, "penalty");
    char *p = path_join(dir, "penalty.csv");
    struct csv_doc d;
    csv_doc_load(p, &d);
    assert_header(cls, &d);
    assert_int_equal(d.nrows - 1, 137);
    assert_int_equal(sum.rows[XY_DEMO_PENALTY], 137);
    struct vctx v = {.cls = cls};
    for (size_t r = 1; r < d.nrows; r++)
        assert_int_equal(check_row(&v, d.rows[r], d.ncols[r]), 0);
    vctx_release(&v);
    csv_doc_free(&d);
    struct manifest_line *m;
    assert_int_equal(read_manifest(dir, &m), 1);
    assert_string_equal(m[0].cls, "penalty");
    assert_string_equal(m[0].path, "penalty.csv");
    assert_int_equal(xy_uscc_check(m[0].dept, 18, NULL), XY_ID_OK);
    xy_free(m);
    xy_free(p);
    rm_tree(tmp);
    xy_free(tmp);
    xy_free(dir);
}

/* Arrears (欠缴信息): one record for a few per cent of organisations and some individual
 * businesses, from the tax bureau (taxes) or the human resources and social security bureau
 * (social insurance contributions), listed last in the manifest. */
static const char *const TAX_ITEMS[] = {
    "增值税",         "企业所得税", "城镇土地使用税",        "房产税",
    "城市维护建设税", "印花税",     "个人所得税（经营所得）"};
static const char *const HR_ITEMS[] = {"城镇职工基本养老保险费", "失业保险费", "工伤保险费"};

static int in_list(const char *v, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v, list[i]) == 0)
            return 1;
    return 0;
}

/* The amount rule: 万元 as the generator writes it (canonical: no leading or trailing zeros, at
 * most six decimals, i.e. to the fen), from 0.01 (100 yuan) to 200 万元. OUT: *fen. */
static int arrears_amount_ok(const char *s, int64_t *fen)
{
    if (xy_money_parse_wan(s, strlen(s), fen) != XY_MONEY_OK)
        return 0;
    char canon[32];
    xy_money_format_wan(*fen, canon);
    const char *dot = strchr(s, '.');
    return strcmp(canon, s) == 0 && (!dot || strlen(dot + 1) <= 6) && *fen >= 10000 &&
           *fen <= 200 * 1000000LL;
}

/* Checks every arrears row of the data set in dir; returns how many there are. OUT: *ib rows of
 * individual businesses, *fen_exact rows not a whole number of yuan, *since rows with a start. */
static long check_arrears_set(const char *dir, const struct xy_demo_summary *sum, long *ib,
                              long *fen_exact, long *since)
{
    const struct xy_class *cls = xy_catalog_class(g_cat, "arrears");
    assert_non_null(cls);
    int lb = xy_class_field_lookup(cls, "QJ_XDR_LB", 9),
        shxym = xy_class_field_lookup(cls, "QJ_XDR_SHXYM", 12),
        bh = xy_class_field_lookup(cls, "QJ_BH", 5), xm = xy_class_field_lookup(cls, "QJ_XM", 5),
        je = xy_class_field_lookup(cls, "QJ_JE", 5),
        qsrq = xy_class_field_lookup(cls, "QJ_QSRQ", 7),
        rdrq = xy_class_field_lookup(cls, "QJ_RDRQ", 7),
        rdbm = xy_class_field_lookup(cls, "QJ_RDBM", 7);
    assert_true(lb >= 0 && shxym >= 0 && bh >= 0 && xm >= 0 && je >= 0 && qsrq >= 0 && rdrq >= 0 &&
                rdbm >= 0);
    struct manifest_line *m;
    size_t n = read_manifest(dir, &m);
    long files = 0, rows = 0;
    int seen_arrears = 0;
    *ib = *fen_exact = *since = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(m[i].cls, "arrears") != 0) {
            /* arrears come after the first six classes; only the further classes follow them */
            int k = 0;
            while (k < XY_DEMO_NCLASSES && strcmp(xy_demo_class_name(k), m[i].cls) != 0)
                k++;
            assert_false(seen_arrears && k < XY_DEMO_ARREARS);
            continue;
        }
        seen_arrears = 1;
        files++;
        char *p = path_join(dir, m[i].path);
        struct csv_doc d;
        csv_doc_load(p, &d);
        assert_header(cls, &d);
        struct vctx v = {.cls = cls};
        for (size_t r = 1; r < d.nrows; r++) {
            char **row = d.rows[r];
            rows++;
            assert_int_equal(check_row(&v, row, d.ncols[r]), 0);
            /* Organisations and individual businesses with a code; no persons, no placeholder. */
            const char *cat = code_of(&cls->fields[lb], row[lb]);
            assert_non_null(cat);
            assert_true(strcmp(cat, "02") == 0 || strcmp(cat, "03") == 0 || strcmp(cat, "04") == 0);
            *ib += strcmp(cat, "04") == 0;
            assert_int_equal(xy_uscc_check(row[shxym], strlen(row[shxym]), NULL), XY_ID_OK);
            /* The department and what it would hold; its document numbers. */
            int tax = strcmp(row[rdbm], "国家税务总局武汉市税务局") == 0;
            int hr = strcmp(row[rdbm], "武汉市人力资源和社会保障局") == 0;
            assert_true(tax || hr);
            if (tax)
                assert_true(in_list(row[xm], TAX_ITEMS, sizeof TAX_ITEMS / sizeof *TAX_ITEMS));
            else
                assert_true(in_list(row[xm], HR_ITEMS, sizeof HR_ITEMS / sizeof *HR_ITEMS));
            const char *word = tax ? "武税欠〔" : "武人社欠〔";
            assert_int_equal(strncmp(row[bh], word, strlen(word)), 0);
            /* The amount. */
            int64_t fen;
            if (!arrears_amount_ok(row[je], &fen))
                fail_msg("%s record %zu: amount “%s”", m[i].path, r, row[je]);
            *fen_exact += fen % 10000 != 0;
            /* The decision in the span, its year that of the document number; the start before
             * it. */
            struct xy_date dd, sd, first = {2019, 1, 1},
                                   today = {TODAY.year, TODAY.month, TODAY.day};
            assert_int_equal(xy_date_parse(row[rdrq], strlen(row[rdrq]), &dd), 0);
            assert_true(xy_date_cmp(dd, first) >= 0 && xy_date_cmp(dd, today) <= 0);
            char year[8];
            snprintf(year, sizeof year, "%04d", dd.y);
            assert_int_equal(strncmp(row[bh] + strlen(word), year, 4), 0);
            if (row[qsrq][0]) {
                assert_int_equal(xy_date_parse(row[qsrq], strlen(row[qsrq]), &sd), 0);
                assert_true(xy_date_cmp(sd, dd) < 0 && xy_date_cmp(sd, first) >= 0);
                (*since)++;
            }
        }
        vctx_release(&v);
        csv_doc_free(&d);
        xy_free(p);
    }
    assert_true(files >= 1 && files <= 2); /* the tax bureau, the social security bureau */
    assert_int_equal(rows, sum->rows[XY_DEMO_ARREARS]);
    xy_free(m);
    return rows;
}

static void test_arrears_rows(void **state)
{
    struct fixture *fx = *state;
    long ib, fen_exact, since;
    /* The small shared set has a few. */
    long rows = check_arrears_set(fx->dir, &fx->sum, &ib, &fen_exact, &since);
    assert_true(rows >= 1 && rows < SUBJECTS / 10);
    /* A larger one: a few per cent of the subjects, one each, some individual businesses. */
    struct xy_demo_summary sum;
    char *tmp;
    char *dir = generate(SEED, 1500, 0, &sum, &tmp);
    rows = check_arrears_set(dir, &sum, &ib, &fen_exact, &since);
    assert_true(rows >= 1500 / 100 && rows <= 1500 * 6 / 100);
    assert_true(ib >= 1 && ib < rows / 2);
    assert_true(fen_exact * 10 > rows * 8); /* sums to the fen, rarely round */
    assert_true(since * 10 > rows * 7);     /* the start date is mostly given */
    rm_tree(tmp);
    xy_free(tmp);
    xy_free(dir);
}

/* The arrears files are deterministic too: the same seed gives byte-identical files, another
 * seed other ones. */
static void test_arrears_deterministic(void **state)
{
    struct fixture *fx = *state;
    struct xy_demo_summary sum, sum2;
    char *tmp, *tmp2;
    char *dir = generate(SEED, SUBJECTS, 0, &sum, &tmp);
    char *dir2 = generate(SEED + 1, SUBJECTS, 0, &sum2, &tmp2);
    struct manifest_line *m, *m2;
    size_t n = read_manifest(fx->dir, &m), n2 = read_manifest(dir, &m2);
    assert_int_equal(n, n2);
    long files = 0, differ = 0;
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(m[i].cls, m2[i].cls);
        assert_string_equal(m[i].path, m2[i].path);
        if (strcmp(m[i].cls, "arrears") != 0)
            continue;
        files++;
        char *pa = path_join(fx->dir, m[i].path), *pb = path_join(dir, m[i].path),
             *pc = path_join(dir2, m[i].path);
        size_t la, lb, lc;
        char *da = read_all(pa, &la), *db = read_all(pb, &lb), *dc = read_all(pc, &lc);
        assert_non_null(da);
        assert_non_null(db);
        assert_int_equal(la, lb);
        assert_memory_equal(da, db, la);
        differ += !dc || la != lc || memcmp(da, dc, la) != 0;
        xy_free(da);
        xy_free(db);
        xy_free(dc);
        xy_free(pa);
        xy_free(pb);
        xy_free(pc);
    }
    assert_true(files >= 1);
    assert_true(differ >= 1);
    assert_int_equal(sum.rows[XY_DEMO_ARREARS], fx->sum.rows[XY_DEMO_ARREARS]);
    xy_free(m);
    xy_free(m2);
    rm_tree(tmp);
    rm_tree(tmp2);
    xy_free(tmp);
    xy_free(tmp2);
    xy_free(dir);
    xy_free(dir2);
}

static void test_bad_options(void **state)
{
    (void)state;
    struct xy_demo_opts o;
    struct xy_error err;
    xy_demo_opts_init(&o);
    assert_int_equal(xy_demo_generate(&o, NULL, &err), XY_EINVAL); /* no directory */
    o.out_dir = "/nonexistent-dir-for-xy-demo/x";
    o.subjects = 0;
    assert_int_equal(xy_demo_generate(&o, NULL, &err), XY_EINVAL);
    o.subjects = 10;
    o.today.y = 2018;
    assert_int_equal(xy_demo_generate(&o, NULL, &err), XY_EINVAL);
    o.today.y = 2026;
    o.today.m = 2;
    o.today.d = 30;
    assert_int_equal(xy_demo_generate(&o, NULL, &err), XY_EINVAL);
    o.today.d = 28;
    assert_int_equal(xy_demo_generate(&o, NULL, &err), XY_EIO); /* parent missing */
    assert_non_null(strstr(err.msg, "nonexistent-dir-for-xy-demo"));
}

/* An earlier today: no decision after it (the validator checks against 2026-11-28, so check the
 * bound directly on one file). */
static void test_today_bounds_dates(void **state)
{
    (void)state;
    struct xy_demo_opts o;
    struct xy_demo_summary sum;
    struct xy_error err;
    char *tmp = make_tmp();
    xy_demo_opts_init(&o);
    o.out_dir = tmp;
    o.subjects = 100;
    o.today.y = 2020;
    o.today.m = 3;
    o.today.d = 1;
    assert_int_equal(xy_demo_generate(&o, &sum, &err), XY_OK);
    struct manifest_line *m;
    size_t n = read_manifest(tmp, &m);
    struct xy_date limit = {2020, 3, 1};
    long checked = 0;
    for (size_t i = 0; i < n; i++) {
        const struct xy_class *cls = xy_catalog_class(g_cat, m[i].cls);
        int fd = cls->role_field[XY_ROLE_DECISION_DATE];
        char *p = path_join(tmp, m[i].path);
        struct csv_doc d;
        csv_doc_load(p, &d);
        for (size_t r = 1; r < d.nrows; r++) {
            struct xy_date dt;
            assert_int_equal(xy_date_parse(d.rows[r][fd], strlen(d.rows[r][fd]), &dt), 0);
            assert_true(xy_date_cmp(dt, limit) <= 0);
            checked++;
        }
        csv_doc_free(&d);
        xy_free(p);
    }
    assert_true(checked > 100);
    xy_free(m);
    rm_tree(tmp);
    xy_free(tmp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_seed_identical),   cmocka_unit_test(test_other_seed_differs),
        cmocka_unit_test(test_departments),           cmocka_unit_test(test_manifest_files_valid),
        cmocka_unit_test(test_penalty_amounts),       cmocka_unit_test(test_subjects_consistent),
        cmocka_unit_test(test_demo_subject),          cmocka_unit_test(test_broken_files),
        cmocka_unit_test(test_only_penalty),          cmocka_unit_test(test_bad_options),
        cmocka_unit_test(test_today_bounds_dates),    cmocka_unit_test(test_arrears_rows),
        cmocka_unit_test(test_arrears_deterministic),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
