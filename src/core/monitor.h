/* SPDX-License-Identifier: Apache-2.0 */
/* Monitoring departments and districts (DOMAIN §7, the 2018 Wuhan work plan item 18): the reporting
 * units, a department's collection catalogue, its monthly declarations, the figures the office
 * enters, and the rules that turn what the platform holds into the 12 categories of a month. Every
 * formula of the monthly report is in this module (monitor.c: units, months and what departments
 * send; monitor_figures.c: the figures); the app gathers facts from the store and calls it. Pure. */
#ifndef XY_MONITOR_H
#define XY_MONITOR_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "common/xy_date.h"
#include "common/xy_error.h"
#include "core/catalog.h"
#include "core/workday.h"

/* The version of the rules below: stored with every closed month, so that its figures say what made
 * them. Change it with any change of a formula or parameter. */
#define XY_MON_RULES "monitor-2026.2"
#define XY_MON_TIMELY_WORKDAYS 7 /* double publicity within 7 working days (DOMAIN §7, S11) */
#define XY_MON_DUE_DAY 22        /* month M is due on the 22nd of M+1 (item 18) */
#define XY_MON_NCATS 15 /* the twelve of item 18, the configurable 13th, and two the office watches: */
#define XY_MON_EXTRA 13    /* the configurable category (DOMAIN §7: the 12th of item 18 is unnamed) */
#define XY_MON_LATENESS 14 /* collection by each class's frequency (item 4) */
#define XY_MON_COVERAGE 15 /* credit reports of black-listed and 差 subjects (hard indicator 6, S24) */
#define XY_MON_MAXCOLS 10
#define XY_MON_VALUE_MAX 1000000000000LL /* any one figure a department sends: at most 10^12 */

/* ---- reporting units ----------------------------------------------------------------------- */

enum xy_mon_level {
    XY_LEVEL_CITY_DEPT = 1,  /* 市直部门 */
    XY_LEVEL_DISTRICT_GOV,   /* 区人民政府: the district as a reporting unit */
    XY_LEVEL_DISTRICT_DEPT,  /* 区直部门 */
};
const char *xy_mon_level_name(enum xy_mon_level l); /* "city_dept", ... ; NULL for others */
const char *xy_mon_level_zh(enum xy_mon_level l);
int xy_mon_level_parse(const char *s, enum xy_mon_level *out); /* 0 or -1 */

/* Checks a unit: region one of the city's divisions (core/region.h), level known, and they agree:
 * a city department sits in the city (420100), a district government or department in a district.
 * XY_EINVAL naming what is wrong. */
int xy_mon_unit_check(const char *region, const char *level, struct xy_error *err);

/* ---- months, in Beijing time (UTC+8) ------------------------------------------------------- */

struct xy_month {
    int y, m;
};
/* "YYYY-MM", 2000-01 .. 2098-12. Returns 0 or -1. */
int xy_month_parse(const char *s, struct xy_month *out);
void xy_month_format(struct xy_month mo, char out[8]);
struct xy_month xy_month_of(struct xy_date d);
struct xy_month xy_month_add(struct xy_month mo, int n);
int xy_month_cmp(struct xy_month a, struct xy_month b);
struct xy_date xy_month_first(struct xy_month mo);
struct xy_date xy_month_last(struct xy_month mo);
/* The day the month's report is due: the 22nd of the next month. */
struct xy_date xy_month_due(struct xy_month mo);
/* The month's bounds as UTC stamps ("YYYY-MM-DDTHH:MM:SSZ", what the platform stores): from
 * 00:00 Beijing time on its first day (16:00Z the day before) up to the same instant of the next. */
void xy_month_bounds(struct xy_month mo, char from[32], char to[32]);
/* The Beijing day of a stored UTC stamp ("YYYY-MM-DDTHH..." at least 13 characters). 0 or -1. */
int xy_stamp_beijing_day(const char *stamp, struct xy_date *out);

/* ---- what departments send ----------------------------------------------------------------- */

/* Faults: each a line "where: what (English)" appended to *faults (caller frees with xy_free). A
 * parse that finds any returns XY_EINVAL with err naming the count. */

/* A department's collection catalogue (归集目录, item 4), as the office sets it:
 *   {"classes":[{"class":"penalty","frequency":"weekly","exemption":"依据……"}, ...]}
 * each class of the catalogue at most once; frequency daily, weekly, monthly, quarterly or yearly;
 * exemption optional text (the legal basis under which some decisions are not published), at most
 * 500 characters; optional "entries":[4, 11], the categories entered by hand (4, 9-13) the unit
 * reports every month (the countdown to the 22nd lists those missing). OUT: *out, the normalised
 * document (caller owns). */
int xy_mon_plan_parse(const char *text, size_t len, const struct xy_catalog *cat, json_t **out, char **faults,
                      struct xy_error *err);
/* 1 when a class of this frequency must arrive every month (daily, weekly, monthly). */
int xy_mon_plan_monthly(const char *frequency);

/* A month's declaration (产生数量 and 依法不公开数量 per class):
 *   {"classes":[{"class":"license","decided":120,"exempt":3}, ...]}
 * classes of the catalogue, each once; whole numbers 0 .. XY_MON_VALUE_MAX; exempt <= decided.
 * OUT: *out normalised {"classes":[...]} sorted by class. */
int xy_mon_declaration_parse(const char *text, size_t len, const struct xy_catalog *cat, json_t **out,
                             char **faults, struct xy_error *err);

/* A figure a department enters for a category filled by hand (4, 9, 10, 11, 12):
 *   {"category":11,"item":"某银行","text":"...","values":{"npl":12,"loans":3400}}
 * item 1..100 characters names the entry within (month, category, department); entering it again
 * replaces it. values only the category's entered columns (xy_mon_entry_columns), whole numbers
 * 0 .. XY_MON_VALUE_MAX; category 4 needs a text (the practice), at most 5,000 characters.
 * OUT: *out normalised. */
int xy_mon_entry_parse(const char *text, size_t len, json_t **out, char **faults, struct xy_error *err);

/* ---- the figures --------------------------------------------------------------------------- */

enum xy_mon_colkind {
    XY_COL_COUNT = 0, /* a whole number, summed over units */
    XY_COL_RATE,      /* num / (den - den_minus), a fraction, recomputed from sums; null when <= 0 */
    XY_COL_MEAN,      /* num / den, in the column's unit */
    XY_COL_HIDDEN,    /* a count kept to compute a mean, not shown */
};
struct xy_mon_col {
    const char *key, *zh, *en, *unit; /* unit: "件", "条", "个", "万元", "%" , "工作日" */
    enum xy_mon_colkind kind;
    int num, den, den_minus; /* column indexes for RATE and MEAN; den_minus -1 when none */
    int entered;             /* a value a department enters (categories filled by hand) */
};
struct xy_mon_cat {
    int no;
    const char *key, *zh, *en;
    const char *sub_zh, *sub_en; /* what the row key means ("信息类别", ...); NULL: one row a unit */
    int computed;                /* 1 computed by the platform, 0 entered, 2 both (10) */
    int built;                   /* 0: not built yet */
    const struct xy_mon_col *cols;
    int ncols;
};
/* The categories, no 1..XY_MON_NCATS. */
const struct xy_mon_cat *xy_mon_category(int no);

/* One fact the store read for month M (app/monitor.c asks; store.h's monitor_facts gives). */
enum xy_mon_fact_kind {
    XY_MF_RECORD = 1, /* n records first submitted: dept, cls, t1 decision date, t2 stamp (hour) */
    XY_MF_BATCH,      /* batches finished in M: dept, cls, key "rows" or "accepted", n */
    XY_MF_LIST_STOCK, /* list entries in force at the month's end: dept, cls, n */
    XY_MF_LIST_EXIT,  /* list entries leaving in M: dept, cls, key the change kind, n */
    XY_MF_CHECK,      /* checks in M: dept (the asking department), n */
    XY_MF_CASE,       /* checks in M with a measure applied per feedback: dept, key "reward"/"punish"/"all" */
    XY_MF_FEEDBACK,   /* feedback given in M: dept, n */
    XY_MF_EVER,       /* departments with a check or feedback up to M's end: dept, n */
    XY_MF_REPAIR,     /* one repair claim: dept (source), cls, key state, t1 filed, t2 decided (or NULL) */
    XY_MF_REPORT,     /* credit reports issued in M: key edition, n */
    XY_MF_RECORDS,    /* XY_MF_RECORD already judged (the dashboards' daily counts summed over M): dept,
                       * cls, key "records" (first submitted) or "timely" (double publicity on time), n */
};
struct xy_mon_fact {
    enum xy_mon_fact_kind kind;
    const char *dept, *cls, *key, *t1, *t2;
    int64_t n;
};

/* Parameters of a month's rules, stored with a closed month. */
struct xy_mon_params {
    const char *dp_classes[4];   /* double publicity classes (行政许可, 行政处罚), NULL-terminated */
    const char *list_classes[XY_LIST_CLASSES_MAX + 1]; /* the catalogue's lists */
    const char *exit_kinds[4];   /* change kinds that end a list entry: expiry, repair, withdrawal */
    const char *unpublished[9];  /* classes the public never sees (arrears): not counted as published (7) */
};
/* The rules' defaults with the catalogue's list classes. */
void xy_mon_params_default(struct xy_mon_params *p, const struct xy_catalog *cat);

/* What a unit owes a month (monitor_owed.c), from its catalogue (plan, xy_mon_plan_parse's form,
 * may be NULL): declares when it names a double publicity class of p; entries[no] for each category
 * its "entries" list (the configurable one only when extra_defined). */
struct xy_mon_owed {
    int declares;
    int entries[XY_MON_NCATS + 1];
};
void xy_mon_owed(const json_t *plan, const struct xy_mon_params *p, int extra_defined, struct xy_mon_owed *out);
int xy_mon_owed_nothing(const struct xy_mon_owed *o);

struct xy_mon_row {
    char dept[19]; /* "" for the platform itself or a department not registered as a unit */
    char sub[48];
    int64_t v[XY_MON_MAXCOLS];
};
struct xy_mon_tab {
    struct xy_mon_row *rows;
    size_t n, cap;
};
/* The configurable category (XY_MON_EXTRA) as the office defined it: names, unit, who enters it
 * ("departments": any department; "office": the office only). defined 0: not defined, no figures. */
struct xy_mon_extra {
    int defined;
    char name_zh[128], name_en[128], unit[32], entered_by[16];
};
/* Parses a definition {"name_zh":"...","name_en":"...","unit":"...","entered_by":"departments"|"office"}
 * (names 1..40 characters, unit 1..8). OUT: *out. XY_EINVAL naming the member. */
int xy_mon_extra_parse(const char *text, size_t len, struct xy_mon_extra *out, struct xy_error *err);

struct xy_mon {
    struct xy_month month;
    struct xy_mon_extra extra;
    struct xy_mon_params params;
    const struct xy_calendar *cal;
    struct xy_date first, last;
    struct xy_mon_tab cat[XY_MON_NCATS];
};

void xy_mon_init(struct xy_mon *m, struct xy_month mo, const struct xy_mon_params *p, const struct xy_calendar *cal);
void xy_mon_release(struct xy_mon *m);
/* The rule of double publicity on time (category 6 and the dashboards): stored on day (Beijing)
 * within XY_MON_TIMELY_WORKDAYS working days after the decision date, i.e. at most that many working
 * days in (decision, day]. A record without a readable decision date is not on time. */
int xy_mon_on_time(const struct xy_calendar *cal, const char *decision, struct xy_date day);
/* Adds what one fact means to the month. XY_ENOMEM; XY_EINVAL for a fact it cannot read. */
int xy_mon_add_fact(struct xy_mon *m, const struct xy_mon_fact *f, struct xy_error *err);
/* Adds a department's declaration (xy_mon_declaration_parse's form). */
int xy_mon_add_declaration(struct xy_mon *m, const char *dept, const json_t *decl, struct xy_error *err);
/* Adds an entered figure (xy_mon_entry_parse's form). */
int xy_mon_add_entry(struct xy_mon *m, const char *dept, const json_t *entry, struct xy_error *err);
/* Makes sure a row (dept, sub) exists in category no, all zero: what a department's catalogue
 * expects shows even when nothing arrived. */
int xy_mon_expect(struct xy_mon *m, int no, const char *dept, const char *sub, struct xy_error *err);

/* Adds n to column `key` of the row (dept, sub) of category no (made when missing). XY_EINVAL for
 * an unknown category or column. */
int xy_mon_addk(struct xy_mon *m, int no, const char *dept, const char *sub, const char *key, int64_t n,
                struct xy_error *err);

/* ---- lateness by frequency (monitor_late.c) ------------------------------------------------------ */

/* The period a class must arrive within: from its catalogue frequency, and for double publicity
 * classes at most 7 working days (DOMAIN §3: published within 7 working days) [default]. */
enum xy_late_period {
    XY_LATE_DAILY = 1, /* every working day; a weekend arrival counts for the next working day */
    XY_LATE_WEEKLY,    /* every week, ending on its last working day */
    XY_LATE_WORKDAYS7, /* every 7 working days, counted from the year's first working day */
    XY_LATE_MONTHLY,   /* every month, ending on its last working day */
    XY_LATE_QUARTERLY,
    XY_LATE_YEARLY,
};
enum xy_late_period xy_late_period_of(const char *frequency, int double_publicity);
const char *xy_late_period_name(enum xy_late_period p);
/* Is day the last working day of a period p? */
int xy_late_is_end(const struct xy_calendar *cal, enum xy_late_period p, struct xy_date day);
struct xy_late_count {
    int expected, arrived, late;
};
/* The periods p that end on a working day in [first, last] and no later than asof: each runs from
 * the day after the previous period's end up to its own end, and arrived when one of the days
 * arrivals[0..n) (sorted, Beijing days) falls in it; late when none does. OUT: *out. */
void xy_late_count(const struct xy_calendar *cal, enum xy_late_period p, struct xy_date first, struct xy_date last,
                   struct xy_date asof, const struct xy_date *arrivals, size_t n, struct xy_late_count *out);
/* Adds a department's class to category XY_MON_LATENESS as xy_late_count counts it over the month,
 * up to asof. */
int xy_mon_add_lateness(struct xy_mon *m, const char *dept, const char *cls, const char *frequency,
                        struct xy_date asof, const struct xy_date *arrivals, size_t n, struct xy_error *err);

/* A unit as the figures group them. */
struct xy_mon_unit {
    const char *dept, *name, *region, *level;
};
/* The month as JSON: per category its columns, the rows per department (with unit names and
 * regions from units[0..nunits), rows of departments not among them go under region ""), per
 * district and the city total (per row key and all keys), rates and means computed from the sums.
 * OUT: *out; caller owns it. */
int xy_mon_json(const struct xy_mon *m, const struct xy_mon_unit *units, size_t nunits, json_t **out,
                struct xy_error *err);
/* The parameters as stored with a closed month. */
json_t *xy_mon_params_json(const struct xy_mon_params *p);

#endif
