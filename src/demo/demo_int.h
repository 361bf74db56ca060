/* SPDX-License-Identifier: Apache-2.0 */
/* The demo generator's private header, included only by src/demo/: the types its files share
 * (departments, districts, record templates, subjects, the row under construction, the generator's
 * state), the tables of tables.c and templates.c, and the functions that cross its files. */
#ifndef XY_DEMO_INT_H
#define XY_DEMO_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "common/xy_date.h"
#include "common/xy_error.h"
#include "demo/demo.h"
#include "demo/rng.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---------------------------------------------------------------------------------------------
 * Reference data (tables.c): departments, districts, names, the classes' CSV columns. */

enum dept_id {
    D_SAMR,
    D_ENV,
    D_TAX,
    D_CITY,
    D_SAFE,
    D_TRANS,
    D_BUILD,
    D_HEALTH,
    D_FIRE,
    D_HR,
    D_CULT,
    D_DEV,
    D_COURT, /* the intermediate people's court: judgment defaulters (classes.c) */
    NDEPT
};

#define B(d) (1u << (d))

struct dept {
    const char *name;
    const char *abbr; /* prefix of document numbers */
    const char *pen;  /* the penalty document word after abbr */
    int width;        /* zero-padded width of the number, 0 = none */
    const char *body; /* the 8-character organisation-code body of its USCC */
};
/* Document words after the abbreviation for the other classes. */
extern const char *const xy_demo_class_doc_word[XY_DEMO_NCLASSES];
extern const struct dept xy_demo_depts[NDEPT];

struct district {
    const char *code;
    const char *name;
    const char *shortname; /* without 区, for branch names */
    const char *roads[3];
    unsigned weight;
    bool rural;
};
extern const struct district xy_demo_districts[];
extern const int xy_demo_districts_count;

/* Brand tokens, none a prefix of another. */
extern const char *const xy_demo_tokens[];
extern const uint64_t xy_demo_tokens_count;

struct industry {
    const char *name;
    unsigned aff; /* departments that license and inspect it most */
};
extern const struct industry xy_demo_industries[];
extern const uint64_t xy_demo_industries_count;

/* Kinds of organisation and shop, the last word of their names; surnames, the commonest first;
 * given-name characters. */
extern const char *const xy_demo_coop_kinds[];
extern const size_t xy_demo_coop_kinds_count;
extern const char *const xy_demo_assoc_kinds[];
extern const size_t xy_demo_assoc_kinds_count;
extern const char *const xy_demo_nonprofit_kinds[];
extern const size_t xy_demo_nonprofit_kinds_count;
extern const char *const xy_demo_foundation_kinds[];
extern const size_t xy_demo_foundation_kinds_count;
extern const char *const xy_demo_shop_kinds[];
extern const size_t xy_demo_shop_kinds_count;
extern const char *const xy_demo_surnames[];
extern const size_t xy_demo_surnames_count;
extern const char *const xy_demo_given[];
extern const size_t xy_demo_given_count;

/* Column indexes, in the catalogue's order. */
enum {
    L_XKWS = 13,
    L_WSH,
    L_XKLB,
    L_XKZS,
    L_XKBH,
    L_NR,
    L_JDRQ,
    L_YXQZ,
    L_YXQZI,
    L_XKJG,
    L_XKJGDM,
    L_ZT,
    L_LYDW,
    L_LYDWDM,
    L_SXBM,
    L_BZ
};
enum {
    P_MC = 0,
    P_LB,
    P_SHXYM,
    P_WSH = 13,
    P_WFXW,
    P_SY,
    P_YJ,
    P_CFLB,
    P_NR,
    P_FK,
    P_WFFF,
    P_ZKDX,
    P_JDRQ,
    P_YXQ,
    P_GSJZQ,
    P_CFJG,
    P_CFJGDM,
    P_SJLY,
    P_SJLYDM,
    P_YZCD,
    P_HY,
    P_CXLX,
    P_BZ
};
enum { M_LEI = 8, M_WSH, M_LRSY, M_RDYJ, M_CFWSH, M_LY, M_RDBM, M_RDBMDM, M_RDRQ, M_LRRQ, M_YXQZ, M_BZ };
enum { C_WSH = 8, C_LX, C_SXBM, C_SXMC, C_NR, C_QSRQ, C_SLBM, C_SLBMDM, C_YXQZ, C_LYZT, C_BZ };
enum { Q_BH = 8, Q_XM, Q_JE, Q_QSRQ, Q_RDRQ, Q_RDBM, Q_RDBMDM, Q_BZ };

struct class_shape {
    const char *const *hdr;
    int ncols;
    /* party columns; -1 when the class has none */
    int mc, lb, shxym, gszc, zzjg, swdj, frdb, fr_zjlx, fr_zjhm, zjlx, zjhm;
};

extern const struct class_shape xy_demo_shapes[XY_DEMO_NCLASSES];
extern const char *const xy_demo_class_names[XY_DEMO_NCLASSES];
/* The penalty categories' texts, by code (1 .. 13). */
extern const char *const xy_demo_pen_cat_text[];

/* ---------------------------------------------------------------------------------------------
 * Record templates (templates.c). */

/* Who a template applies to. */
enum { W_ORG = 1, W_IB = 2, W_PERSON = 4 };

struct lic_tpl {
    int dept;
    unsigned who, weight;
    const char *doc;     /* XK_XKWS */
    const char *cat;     /* XK_XKLB code */
    const char *cert;    /* XK_XKZS, "" when none */
    const char *certno;  /* XK_XKBH pattern (see expand() in records.c), "" when none */
    const char *content; /* XK_NR */
    int years;           /* validity; 0 = long-term (2099-12-31) */
    const char *matter;  /* XK_SXBM */
};
/* xy_demo_lics[0] is the business licence (营业执照), dated the day the subject was founded. */
extern const struct lic_tpl xy_demo_lics[];
extern const size_t xy_demo_lics_count;

struct pen_tpl {
    int dept;
    unsigned who, weight;
    const char *wfxw;            /* CF_WFXW */
    const char *found;           /* the facts, after "发现当事人" */
    const char *rule;            /* the provision broken */
    const char *basis;           /* CF_YJ */
    const char *cats;            /* category codes, ';'-separated */
    uint32_t fine_min, fine_max; /* yuan */
    uint32_t gain_min, gain_max; /* yuan confiscated (04/05) */
    const char *sector;          /* "" or a sector code */
    const char *zk;              /* the licence suspended or revoked (06/08) */
    unsigned simple;             /* per mille decided by the simple procedure */
};
extern const struct pen_tpl xy_demo_pens[];
extern const size_t xy_demo_pens_count;

struct list_tpl {
    int cls, dept;
    unsigned who, weight;
    const char *reason, *basis, *domain;
    int years;
};
extern const struct list_tpl xy_demo_lists[];
extern const size_t xy_demo_lists_count;

struct cn_tpl {
    const char *type; /* CN_LX code */
    int dept;
    unsigned who, weight;
    const char *matter_code, *matter_name, *lead;
};
extern const struct cn_tpl xy_demo_cns[];
extern const size_t xy_demo_cns_count;
/* The text every commitment continues with, after its lead. */
extern const char xy_demo_cn_body[];
/* The commitment that goes with an application for credit repair (失信修复型). */
extern const struct cn_tpl xy_demo_repair_cn;

enum { A_ENT = 1, A_SOC = 2, A_IB = 4 }; /* enterprises and branches; other organisations; IBs */

struct arr_tpl {
    int dept;
    unsigned who, weight;
    const char *item;        /* QJ_XM */
    uint32_t org_lo, org_hi; /* the amount owed by an organisation, in yuan */
    uint32_t ib_lo, ib_hi;   /* by an individual business; 0 when A_IB is not in who */
    int max_months;          /* the arrears start 1 .. this many months before the decision */
    int since_day;           /* on this day of the month: 1 for a contribution month, 16 for the
                                day after a tax filing deadline (the 15th) */
    const char *period;      /* the remark's lead for the period owed */
};
extern const struct arr_tpl xy_demo_arrs[];
extern const size_t xy_demo_arrs_count;

/* ---------------------------------------------------------------------------------------------
 * One row under construction: fields are slices of a fixed arena. Everything written here is our
 * own bounded text, so the arena never fills; if it did, the field is cut (never overrun). */

#define ROW_TXT 16384
#define MAX_COLS 40

struct row {
    int ncols;
    int cur;
    size_t pos;
    uint32_t off[MAX_COLS], len[MAX_COLS];
    char txt[ROW_TXT];
};

static inline void row_reset(struct row *r, int ncols)
{
    r->ncols = ncols;
    r->pos = 0;
    r->cur = -1;
    memset(r->len, 0, sizeof r->len);
}

static inline void fb(struct row *r, int col)
{
    r->cur = col;
    r->off[col] = (uint32_t)r->pos;
}

static inline void fe(struct row *r)
{
    r->len[r->cur] = (uint32_t)(r->pos - r->off[r->cur]);
}

static inline void apn(struct row *r, const char *s, size_t n)
{
    if (n > ROW_TXT - r->pos)
        n = ROW_TXT - r->pos;
    memcpy(r->txt + r->pos, s, n);
    r->pos += n;
}

static inline void ap(struct row *r, const char *s)
{
    apn(r, s, strlen(s));
}

static inline void apu(struct row *r, uint64_t v, int width)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n < width && n < (int)sizeof tmp)
        tmp[n++] = '0';
    char out[24];
    for (int i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    apn(r, out, (size_t)n);
}

static inline void fs(struct row *r, int col, const char *s)
{
    fb(r, col);
    ap(r, s);
    fe(r);
}

#define LINE_SIZE (2 * ROW_TXT + 3 * MAX_COLS + 2)

/* ---------------------------------------------------------------------------------------------
 * Subjects. */

enum kind { K_ORG, K_IB, K_PERSON };
enum otype { O_ENTERPRISE, O_BRANCH, O_COOP, O_ASSOC, O_NONPROFIT, O_FOUNDATION };

struct subject {
    long index;
    enum kind kind;
    enum otype otype;
    int district;
    unsigned aff;
    bool placeholder;
    char code[19];  /* USCC, the placeholder, or "" for a person */
    char regno[16]; /* 工商注册号, with the placeholder */
    char idno[19];  /* a person's ID number */
    char name[256];
    char rep[16];    /* legal representative, operator, or the person's own name */
    char rep_id[19]; /* the legal representative's ID number, "" when not given */
    int32_t founded; /* registration day: no record of the subject is older */
};

#define DATE_FIRST_Y 2019
#define NYEARS 81 /* 2019 .. 2099 */

struct out_file {
    FILE *f;
    char *buf;
    long rows;
};

struct gen {
    const struct xy_demo_opts *o;
    struct xy_error *err;
    int rc;
    struct rng r;
    struct rng ra; /* the arrears' own stream: r must not see a single draw more or less */
    struct rng rx; /* the further classes' own stream (classes.c), for the same reason */
    int32_t d_first, d_today;
    int style; /* date style of the current row: 0 ISO, 1 Y/M/D, 2 Y年M月D日 */
    char dept_code[NDEPT][19];
    struct perm p_name2, p_name3, p_body_ma, p_body_num, p_person, p_regno;
    uint64_t m_name2, m_name3;
    uint32_t seq[NDEPT][XY_DEMO_NCLASSES][NYEARS];
    struct out_file files[NDEPT][XY_DEMO_NCLASSES];
    struct out_file single; /* the penalty-only mode's file */
    char recent[8][256];    /* the last organisation names, to repeat one now and then */
    int nrecent;
    long rows[XY_DEMO_NCLASSES];
    struct row row;
    char line[LINE_SIZE];
    char path[4096];
    /* the last penalty built: its document number and decision day */
    char last_wsh[128];
    int32_t last_day;
    /* organisations noted for the code conversion register (conversion.c) */
    char conv_code[4][19];
    char conv_name[4][256];
    int nconv;
};

static inline int32_t ymd_days(int y, int m, int d)
{
    struct xy_date t = {y, m, d};
    return xy_date_to_days(t);
}

static inline int32_t rand_day(struct gen *g, int32_t lo, int32_t hi)
{
    if (hi < lo)
        hi = lo;
    return lo + (int32_t)rng_below(&g->r, (uint32_t)(hi - lo + 1));
}

static inline int32_t add_months_days(int32_t days, int months)
{
    return xy_date_to_days(xy_date_add_months(xy_date_from_days(days), months));
}

static inline int32_t today_or_before(const struct gen *g, int32_t day)
{
    return day > g->d_today ? g->d_today : day;
}

/* ---------------------------------------------------------------------------------------------
 * The CSV writer (csv.c). The functions that take g record their first error in g->rc (and
 * g->err) and return it; once g->rc is set, later errors are not recorded over it. */

/* Formats r as one CSV line (RFC 4180: fields with , " CR or LF quoted, quotes doubled, CRLF)
 * into line. Returns its length. line must hold LINE_SIZE bytes. */
size_t xy_demo_row_format(const struct row *r, char *line);
/* Records XY_EIO naming `what` and errno. */
int xy_demo_io_fail(struct gen *g, const char *what);
/* Creates the directory path (one level); an existing one is fine. */
int xy_demo_make_dir(struct gen *g, const char *path);
/* Sets g->path to OUT_DIR/rel; XY_EINVAL when too long. */
int xy_demo_set_path(struct gen *g, const char *rel);
/* Creates the CSV file path for class cls and writes its header row. */
int xy_demo_open_csv(struct gen *g, struct out_file *of, const char *path, int cls);
/* Closes of (a closed one is fine) and frees its buffer; a failed write or close is XY_EIO
 * naming `what`. */
int xy_demo_close_csv(struct gen *g, struct out_file *of, const char *what);
/* The file of department dept and class cls, created with its directory at first use; NULL after
 * an error. */
struct out_file *xy_demo_dept_file(struct gen *g, int dept, int cls);
/* Appends g->row to of (nothing when of is NULL) and counts it. */
void xy_demo_write_row(struct gen *g, struct out_file *of, int cls);
/* Writes the file OUT_DIR/rel with data in one go. */
int xy_demo_write_whole(struct gen *g, const char *rel, const char *data, size_t n);
/* The code conversion register (conversion.c): notes an organisation of the market regulation
 * authority (at most four), then writes conversion.csv and conversion.tsv (DEPT, PATH). */
void xy_demo_conv_note(struct gen *g, const struct subject *s);
int xy_demo_write_conversion(struct gen *g);

/* ---------------------------------------------------------------------------------------------
 * Subjects (subjects.c). */

/* Builds an 18-character USCC from its first 8 characters and an 8-character body. */
void xy_demo_make_uscc(char out[19], const char *prefix8, const char *body8);
/* Draws subject number index into *s. force_kind, force_otype: -1 to draw. */
void xy_demo_make_subject(struct gen *g, long index, struct subject *s, int force_kind,
                          int force_otype);

/* ---------------------------------------------------------------------------------------------
 * Fields every record has, and licences, list entries and commitments (records.c); penalties
 * (penalty.c). Each build_ function fills g->row with one record of subject s. */

/* Draws the date style of the row about to be built. */
void xy_demo_pick_style(struct gen *g);
/* Appends day in a style: 0 ISO (2024-03-05), 1 2024/3/5, 2 2024年3月5日. */
void xy_demo_put_date_style(struct row *r, int32_t days, int style);
/* Sets column col to day in the row's date style. */
void xy_demo_put_date(struct gen *g, int col, int32_t days);
/* Appends the next document number of department dept for class cls in day's year. */
void xy_demo_doc_no(struct gen *g, int dept, int cls, int32_t day);
/* Sets the party columns of class cls: name, category, codes, legal representative. */
void xy_demo_put_party(struct gen *g, int cls, const struct subject *s);
/* Sets a department's name and code columns. */
void xy_demo_put_dept(struct gen *g, int name_col, int code_col, int dept);
/* Appends an amount in fen as 万元. */
void xy_demo_put_wan(struct row *r, int64_t fen);

const struct lic_tpl *xy_demo_pick_lic(struct gen *g, const struct subject *s);
/* dept < 0: any department. Returns NULL when no template of dept applies to s. */
const struct pen_tpl *xy_demo_pick_pen(struct gen *g, const struct subject *s, int dept);
/* Returns NULL when no template of class cls applies to s. */
const struct list_tpl *xy_demo_pick_list(struct gen *g, const struct subject *s, int cls);
const struct cn_tpl *xy_demo_pick_cn(struct gen *g, const struct subject *s);

void xy_demo_build_license(struct gen *g, const struct subject *s, const struct lic_tpl *t);
/* pen_wsh: the document number of the penalty the entry follows from, or NULL. */
void xy_demo_build_list(struct gen *g, const struct subject *s, const struct list_tpl *t,
                        int32_t day, const char *pen_wsh);
/* day: the day it was signed, or 0 to draw one. */
void xy_demo_build_commitment(struct gen *g, const struct subject *s, const struct cn_tpl *t,
                              int dept, int32_t day);
/* Builds one penalty. severity: '1'-'3', or 0 to draw one. day: the decision day, or 0 to draw
 * one. Leaves the document number in g->last_wsh and the day in g->last_day. */
void xy_demo_build_penalty(struct gen *g, const struct subject *s, const struct pen_tpl *t,
                           char severity, int32_t day);

/* ---------------------------------------------------------------------------------------------
 * Arrears (arrears.c), the broken files (broken.c). */

/* Writes the arrears record of s, if it owes one, drawing from g->ra only. */
void xy_demo_emit_arrears(struct gen *g, const struct subject *s);
/* Writes the further classes' records of s (defaulters, inspections, enforcement, confirmations,
 * rewards, honours), drawing from g->rx only. demo: the demo subject, which gets an inspection, an
 * enforcement and a confirmation whatever the draws, and no defaulter entry. */
void xy_demo_emit_classes(struct gen *g, const struct subject *s, bool demo);
/* Writes the government integrity events (政务诚信) of the demo's departments, as government bodies. */
void xy_demo_emit_gov_integrity(struct gen *g);
/* Writes broken/penalty-broken.csv, broken/penalty-gbk.csv and broken/README.txt. */
int xy_demo_write_broken(struct gen *g, struct xy_demo_summary *sum);

#endif
