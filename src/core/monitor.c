/* SPDX-License-Identifier: Apache-2.0 */
/* Monitoring: reporting units, months in Beijing time, and the documents departments send (their
 * collection catalogue, declarations and entered figures), each checked whole: every fault is named,
 * and any fault refuses the document. The figures are in monitor_figures.c. */
#include "core/monitor.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xy_alloc.h"
#include "common/xy_buf.h"
#include "common/xy_utf8.h"
#include "core/region.h"

static const char *const level_names[] = {NULL, "city_dept", "district_gov", "district_dept"};
static const char *const level_zh[] = {NULL, "市直部门", "区人民政府", "区直部门"};

const char *xy_mon_level_name(enum xy_mon_level l)
{
    return l >= XY_LEVEL_CITY_DEPT && l <= XY_LEVEL_DISTRICT_DEPT ? level_names[l] : NULL;
}

const char *xy_mon_level_zh(enum xy_mon_level l)
{
    return l >= XY_LEVEL_CITY_DEPT && l <= XY_LEVEL_DISTRICT_DEPT ? level_zh[l] : NULL;
}

int xy_mon_level_parse(const char *s, enum xy_mon_level *out)
{
    for (int l = XY_LEVEL_CITY_DEPT; s && l <= XY_LEVEL_DISTRICT_DEPT; l++)
        if (strcmp(s, level_names[l]) == 0) {
            *out = (enum xy_mon_level)l;
            return 0;
        }
    return -1;
}

int xy_mon_unit_check(const char *region, const char *level, struct xy_error *err)
{
    enum xy_mon_level l;
    const struct xy_district *d = xy_region_district(region);
    if (!d)
        return xy_error_set(err, XY_EINVAL, "区划代码“%.*s”不是本市或其所辖区的代码 (region \"%.*s\" is not the city's "
                            "division code 420100 nor one of its districts')", region ? xy_utf8_cut(region, 16) : 0,
                            region ? region : "", region ? xy_utf8_cut(region, 16) : 0, region ? region : "");
    if (xy_mon_level_parse(level, &l))
        return xy_error_set(err, XY_EINVAL, "层级须为 city_dept（市直部门）、district_gov（区人民政府）或 district_dept（区直部门） "
                            "(level must be city_dept, district_gov or district_dept)");
    int city = strcmp(d->code, "420100") == 0;
    if (city != (l == XY_LEVEL_CITY_DEPT))
        return xy_error_set(err, XY_EINVAL, "%s须属于%s，%s不是 (a %s belongs to %s; %s is not)", level_zh[l],
                            city ? "某个区" : "市本级（420100）", d->name, level_names[l],
                            city ? "a district" : "the city (420100)", d->code);
    return XY_OK;
}

/* ---- months --------------------------------------------------------------------------------- */

int xy_month_parse(const char *s, struct xy_month *out)
{
    if (!s || strlen(s) != 7 || s[4] != '-')
        return -1;
    for (int i = 0; i < 7; i++)
        if (i != 4 && (s[i] < '0' || s[i] > '9'))
            return -1;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    if (y < 2000 || y > 2098 || m < 1 || m > 12)
        return -1;
    out->y = y;
    out->m = m;
    return 0;
}

void xy_month_format(struct xy_month mo, char out[8])
{
    snprintf(out, 8, "%04u-%02u", (unsigned)mo.y % 10000u, (unsigned)mo.m % 100u);
}

struct xy_month xy_month_of(struct xy_date d)
{
    return (struct xy_month){d.y, d.m};
}

struct xy_month xy_month_add(struct xy_month mo, int n)
{
    int k = mo.y * 12 + (mo.m - 1) + n;
    return (struct xy_month){k / 12, k % 12 + 1};
}

int xy_month_cmp(struct xy_month a, struct xy_month b)
{
    int x = a.y * 12 + a.m, y = b.y * 12 + b.m;
    return x < y ? -1 : x > y;
}

struct xy_date xy_month_first(struct xy_month mo)
{
    return (struct xy_date){mo.y, mo.m, 1};
}

struct xy_date xy_month_last(struct xy_month mo)
{
    return xy_date_from_days(xy_date_to_days(xy_month_first(xy_month_add(mo, 1))) - 1);
}

struct xy_date xy_month_due(struct xy_month mo)
{
    struct xy_month next = xy_month_add(mo, 1);
    return (struct xy_date){next.y, next.m, XY_MON_DUE_DAY};
}

void xy_month_bounds(struct xy_month mo, char from[32], char to[32])
{
    char a[16], b[16];
    /* 00:00 in Beijing is 16:00 UTC the day before */
    xy_date_format(xy_date_from_days(xy_date_to_days(xy_month_first(mo)) - 1), a);
    xy_date_format(xy_date_from_days(xy_date_to_days(xy_month_first(xy_month_add(mo, 1))) - 1), b);
    snprintf(from, 32, "%.10sT16:00:00Z", a);
    snprintf(to, 32, "%.10sT16:00:00Z", b);
}

int xy_stamp_beijing_day(const char *stamp, struct xy_date *out)
{
    struct xy_date d;
    if (!stamp || strlen(stamp) < 13 || stamp[10] != 'T' || stamp[11] < '0' || stamp[11] > '2' || stamp[12] < '0' ||
        stamp[12] > '9' || xy_date_parse(stamp, 10, &d))
        return -1;
    int hour = (stamp[11] - '0') * 10 + (stamp[12] - '0');
    if (hour > 23)
        return -1;
    *out = hour >= 16 ? xy_date_from_days(xy_date_to_days(d) + 1) : d;
    return 0;
}

/* ---- documents departments send --------------------------------------------------------------- */

struct faults {
    struct xy_buf b;
    int n;
};

__attribute__((format(printf, 2, 3))) static void fault(struct faults *f, const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    line[xy_utf8_cut(line, sizeof line - 1)] = '\0';
    if (f->n < 100) { /* a hostile document cannot make the answer grow without end */
        xy_buf_addz(&f->b, line);
        xy_buf_addc(&f->b, '\n');
    }
    f->n++;
}

/* Ends a parse: XY_EINVAL with the faults handed over when there were any. */
static int finish(struct faults *f, json_t **doc, json_t **out, char **faults, const char *what_zh,
                  const char *what_en, struct xy_error *err)
{
    if (f->n) {
        json_decref(*doc);
        *doc = NULL;
        if (faults)
            *faults = xy_buf_take(&f->b);
        xy_buf_release(&f->b);
        return xy_error_set(err, XY_EINVAL, "%s有 %d 处错误，未保存 (the %s has %d fault%s; nothing was stored)", what_zh,
                            f->n, what_en, f->n, f->n == 1 ? "" : "s");
    }
    xy_buf_release(&f->b);
    *out = *doc;
    return XY_OK;
}

/* The body as a JSON object of the given members only. NULL with a fault. */
static json_t *load_object(const char *text, size_t len, const char *known, struct faults *f)
{
    json_error_t je;
    json_t *doc = json_loadb(text ? text : "", len, JSON_REJECT_DUPLICATES, &je);
    if (!doc || !json_is_object(doc)) {
        if (doc)
            fault(f, "/: 须为 JSON 对象 (must be a JSON object)");
        else
            fault(f, "第 %d 行第 %d 列: JSON 无法解析：%s (line %d, column %d: not JSON)", je.line, je.column, je.text,
                  je.line, je.column);
        json_decref(doc);
        return NULL;
    }
    const char *k;
    json_t *v;
    json_object_foreach(doc, k, v)
    {
        char word[80];
        snprintf(word, sizeof word, " %.64s ", k);
        char list[256];
        snprintf(list, sizeof list, " %s ", known);
        if (!strstr(list, word))
            fault(f, "/%.*s: 未知成员 (unknown member)", xy_utf8_cut(k, 64), k);
    }
    return doc;
}

/* A whole number 0 .. XY_MON_VALUE_MAX, else a fault naming where. */
static int count_ok(const json_t *v, const char *where, const char *name, struct faults *f)
{
    if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > XY_MON_VALUE_MAX) {
        fault(f, "%s/%s: 须为 0 至 %lld 的整数 (must be a whole number from 0 to %lld)", where, name,
              (long long)XY_MON_VALUE_MAX, (long long)XY_MON_VALUE_MAX);
        return 0;
    }
    return 1;
}

static int text_ok(const json_t *v, size_t max_chars)
{
    const char *s = json_string_value(v);
    size_t n = s ? json_string_length(v) : 0;
    return s && n && xy_utf8_valid(s, n) && !memchr(s, '\0', n) && xy_utf8_count(s, n) <= max_chars;
}

static int by_class(const void *a, const void *b)
{
    const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    return strcmp(json_string_value(json_object_get(x, "class")), json_string_value(json_object_get(y, "class")));
}

/* The "classes" array of a document, each item an object with a known class, once; check is called
 * for each item to check its other members. Returns the sorted array (new reference) or NULL. */
static json_t *classes_array(json_t *doc, const struct xy_catalog *cat, const char *known,
                             void (*check)(json_t *item, const char *where, struct faults *f), struct faults *f)
{
    json_t *arr = json_object_get(doc, "classes");
    if (!json_is_array(arr)) {
        fault(f, "/classes: 须为数组 (must be an array)");
        return NULL;
    }
    if (json_array_size(arr) > 64) {
        fault(f, "/classes: 至多 64 项 (at most 64 items)");
        return NULL;
    }
    json_t *out = json_array();
    size_t i;
    json_t *it;
    json_array_foreach(arr, i, it)
    {
        char where[48];
        snprintf(where, sizeof where, "/classes/%zu", i);
        if (!json_is_object(it)) {
            fault(f, "%s: 须为对象 (must be an object)", where);
            continue;
        }
        const char *k;
        json_t *v;
        json_object_foreach(it, k, v)
        {
            char word[80], list[128];
            snprintf(word, sizeof word, " %.64s ", k);
            snprintf(list, sizeof list, " class %s ", known);
            if (!strstr(list, word))
                fault(f, "%s/%.*s: 未知成员 (unknown member)", where, xy_utf8_cut(k, 64), k);
        }
        const char *cls = json_string_value(json_object_get(it, "class"));
        if (!cls || !xy_catalog_class(cat, cls)) {
            fault(f, "%s/class: “%.*s”不是信息目录中的类别 (not a class of the catalogue)", where,
                  cls ? xy_utf8_cut(cls, 40) : 0, cls ? cls : "");
            continue;
        }
        size_t j;
        json_t *seen;
        int dup = 0;
        json_array_foreach(out, j, seen) dup |= strcmp(json_string_value(json_object_get(seen, "class")), cls) == 0;
        if (dup) {
            fault(f, "%s/class: %s 重复 (given twice)", where, cls);
            continue;
        }
        check(it, where, f);
        json_array_append(out, it);
    }
    /* a stable order, so that the same content is stored as the same text */
    size_t n = json_array_size(out);
    json_t **items = n ? xy_malloc(n * sizeof *items) : NULL;
    json_t *sorted = json_array();
    if (n && items) {
        for (size_t k = 0; k < n; k++)
            items[k] = json_array_get(out, k);
        qsort(items, n, sizeof *items, by_class);
        for (size_t k = 0; k < n; k++)
            json_array_append(sorted, items[k]);
    }
    xy_free(items);
    json_decref(out);
    return sorted;
}

static const char *const frequencies[] = {"daily", "weekly", "monthly", "quarterly", "yearly", NULL};

int xy_mon_plan_monthly(const char *frequency)
{
    return frequency && (!strcmp(frequency, "daily") || !strcmp(frequency, "weekly") || !strcmp(frequency, "monthly"));
}

static void plan_item(json_t *it, const char *where, struct faults *f)
{
    const char *fr = json_string_value(json_object_get(it, "frequency"));
    int ok = 0;
    for (int i = 0; fr && frequencies[i]; i++)
        ok |= strcmp(fr, frequencies[i]) == 0;
    if (!ok)
        fault(f, "%s/frequency: 须为 daily、weekly、monthly、quarterly 或 yearly (must be daily, weekly, monthly, "
              "quarterly or yearly)", where);
    json_t *ex = json_object_get(it, "exemption");
    if (ex && !json_is_null(ex) && !text_ok(ex, 500))
        fault(f, "%s/exemption: 须为 1 至 500 字的文字 (must be text of 1 to 500 characters)", where);
}

/* The plan's "entries": the categories entered by hand (4, 9-13) the unit reports every month,
 * each once, kept in ascending order. Absent: none. Returns a new array, or NULL after a fault. */
static json_t *plan_entries(const json_t *arr, struct faults *f)
{
    int seen[XY_MON_NCATS + 1] = {0}, bad = 0;
    if (!arr)
        return json_array();
    if (!json_is_array(arr)) {
        fault(f, "/entries: 须为类别编号的数组 (must be an array of category numbers)");
        return NULL;
    }
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        const struct xy_mon_cat *c = json_is_integer(v) ? xy_mon_category((int)json_integer_value(v)) : NULL;
        if (!c || c->computed == 1) {
            fault(f, "/entries/%zu: 须为填报的类别 4、9、10、11、12 或 13 (must be a category entered by hand: 4, 9, "
                  "10, 11, 12 or 13)", i);
            bad = 1;
        } else if (seen[c->no]++) {
            fault(f, "/entries/%zu: 类别 %d 重复 (category %d given twice)", i, c->no, c->no);
            bad = 1;
        }
    }
    json_t *out = bad ? NULL : json_array();
    for (int no = 1; out && no <= XY_MON_NCATS; no++)
        if (seen[no])
            json_array_append_new(out, json_integer(no));
    return out;
}

int xy_mon_plan_parse(const char *text, size_t len, const struct xy_catalog *cat, json_t **out, char **faults,
                      struct xy_error *err)
{
    struct faults f = {.n = 0};
    xy_buf_init(&f.b, 64 << 10);
    if (faults)
        *faults = NULL;
    json_t *doc = load_object(text, len, "classes entries", &f), *res = NULL;
    json_t *classes = doc ? classes_array(doc, cat, "frequency exemption", plan_item, &f) : NULL;
    json_t *entries = doc ? plan_entries(json_object_get(doc, "entries"), &f) : NULL;
    if (classes && entries)
        res = json_array_size(entries) ? json_pack("{s:o, s:O}", "classes", classes, "entries", entries)
                                       : json_pack("{s:o}", "classes", classes);
    else
        json_decref(classes);
    json_decref(entries);
    json_decref(doc);
    return finish(&f, &res, out, faults, "归集目录", "collection catalogue", err);
}

static void decl_item(json_t *it, const char *where, struct faults *f)
{
    json_t *d = json_object_get(it, "decided"), *e = json_object_get(it, "exempt");
    int okd = count_ok(d, where, "decided", f);
    int oke = e ? count_ok(e, where, "exempt", f) : 1;
    if (okd && oke && e && json_integer_value(e) > json_integer_value(d))
        fault(f, "%s/exempt: 依法不公开数量 %lld 大于产生数量 %lld (more exempt than decided)", where,
              (long long)json_integer_value(e), (long long)json_integer_value(d));
    if (!e)
        json_object_set_new(it, "exempt", json_integer(0));
}

int xy_mon_declaration_parse(const char *text, size_t len, const struct xy_catalog *cat, json_t **out,
                             char **faults, struct xy_error *err)
{
    struct faults f = {.n = 0};
    xy_buf_init(&f.b, 64 << 10);
    if (faults)
        *faults = NULL;
    json_t *doc = load_object(text, len, "classes", &f), *res = NULL;
    json_t *classes = doc ? classes_array(doc, cat, "decided exempt", decl_item, &f) : NULL;
    if (classes)
        res = json_pack("{s:o}", "classes", classes);
    json_decref(doc);
    return finish(&f, &res, out, faults, "申报", "declaration", err);
}

int xy_mon_entry_parse(const char *text, size_t len, json_t **out, char **faults, struct xy_error *err)
{
    struct faults f = {.n = 0};
    xy_buf_init(&f.b, 64 << 10);
    if (faults)
        *faults = NULL;
    json_t *doc = load_object(text, len, "category item text values", &f), *res = NULL;
    const struct xy_mon_cat *c = NULL;
    if (doc) {
        json_t *cj = json_object_get(doc, "category");
        c = json_is_integer(cj) ? xy_mon_category((int)json_integer_value(cj)) : NULL;
        if (!c || c->computed == 1)
            fault(&f, "/category: 须为填报的类别 4、9、10、11、12 或 13 (must be a category entered by hand: 4, 9, 10, "
                  "11, 12 or 13)");
        if (!text_ok(json_object_get(doc, "item"), 100))
            fault(&f, "/item: 须为 1 至 100 字的名称 (must be a name of 1 to 100 characters)");
        json_t *t = json_object_get(doc, "text");
        if (t && !json_is_null(t) && !text_ok(t, 5000))
            fault(&f, "/text: 须为 1 至 5000 字的文字 (must be text of 1 to 5,000 characters)");
        if (c && c->no == 4 && !text_ok(t, 5000))
            fault(&f, "/text: 创新做法须有说明 (a practice needs its text)");
        json_t *vals = json_object_get(doc, "values"), *norm = json_object();
        if (vals && !json_is_object(vals))
            fault(&f, "/values: 须为对象 (must be an object)");
        const char *k;
        json_t *v;
        if (json_is_object(vals) && c)
            json_object_foreach(vals, k, v)
            {
                int known = 0;
                for (int i = 0; i < c->ncols; i++)
                    known |= c->cols[i].entered && strcmp(c->cols[i].key, k) == 0;
                if (!known)
                    fault(&f, "/values/%.*s: 类别 %d 不填报此项 (category %d takes no such value)", xy_utf8_cut(k, 40), k,
                          c->no, c->no);
                else if (count_ok(v, "/values", k, &f))
                    json_object_set(norm, k, v);
            }
        if (!f.n)
            res = json_pack("{s:i, s:O, s:O?, s:o}", "category", c->no, "item", json_object_get(doc, "item"), "text",
                            json_is_null(t) ? NULL : t, "values", norm);
        else
            json_decref(norm);
    }
    json_decref(doc);
    return finish(&f, &res, out, faults, "填报", "entry", err);
}

int xy_mon_extra_parse(const char *text, size_t len, struct xy_mon_extra *out, struct xy_error *err)
{
    struct faults f = {.n = 0};
    xy_buf_init(&f.b, 4 << 10);
    json_t *doc = load_object(text, len, "name_zh name_en unit entered_by", &f);
    memset(out, 0, sizeof *out);
    if (doc) {
        json_t *zh = json_object_get(doc, "name_zh"), *en = json_object_get(doc, "name_en"),
               *unit = json_object_get(doc, "unit");
        const char *by = json_string_value(json_object_get(doc, "entered_by"));
        if (!text_ok(zh, 40))
            fault(&f, "/name_zh: 须为 1 至 40 字 (1 to 40 characters)");
        if (!text_ok(en, 40))
            fault(&f, "/name_en: 须为 1 至 40 字 (1 to 40 characters)");
        if (!text_ok(unit, 8))
            fault(&f, "/unit: 须为 1 至 8 字 (1 to 8 characters)");
        if (!by || (strcmp(by, "departments") && strcmp(by, "office")))
            fault(&f, "/entered_by: 须为 departments（各部门）或 office（信用办） (must be departments or office)");
        if (!f.n) {
            out->defined = 1;
            snprintf(out->name_zh, sizeof out->name_zh, "%s", json_string_value(zh));
            snprintf(out->name_en, sizeof out->name_en, "%s", json_string_value(en));
            snprintf(out->unit, sizeof out->unit, "%s", json_string_value(unit));
            snprintf(out->entered_by, sizeof out->entered_by, "%s", by);
        }
    }
    json_decref(doc);
    int rc = f.n ? xy_error_set(err, XY_EINVAL, "自定义类别的定义有误 (the category's definition is wrong): %s",
                                f.b.len ? xy_buf_str(&f.b) : "")
                 : XY_OK;
    xy_buf_release(&f.b);
    return rc;
}
