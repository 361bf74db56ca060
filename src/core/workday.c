/* SPDX-License-Identifier: Apache-2.0 */
/* Working-day arithmetic over a sorted list of exceptions: binary search per day. Limits are a few
 * working days long, so walking day by day is cheap and plainly right. */
#include "core/workday.h"

#include <csv.h>
#include <stdio.h>
#include <string.h>

#include "common/xy_alloc.h"
#include "common/xy_utf8.h"

void xy_calendar_init(struct xy_calendar *c)
{
    memset(c, 0, sizeof *c);
}

void xy_calendar_free(struct xy_calendar *c)
{
    if (!c)
        return;
    xy_free(c->days);
    memset(c, 0, sizeof *c);
}

/* Index of day, or -(insertion point) - 1. */
static long find(const struct xy_calendar *c, struct xy_date day)
{
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int k = xy_date_cmp(c->days[mid].day, day);
        if (k == 0)
            return (long)mid;
        if (k < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -(long)lo - 1;
}

int xy_calendar_set(struct xy_calendar *c, struct xy_date day, enum xy_day_kind kind, const char *name_zh,
                    const char *name_en, struct xy_error *err)
{
    long at = find(c, day);
    struct xy_day_exception *e;
    if (at >= 0) {
        e = &c->days[at];
    } else {
        size_t pos = (size_t)(-at - 1);
        if (c->n == c->cap) {
            size_t cap = c->cap ? c->cap * 2 : 64;
            struct xy_day_exception *p = xy_realloc(c->days, cap * sizeof *p);
            if (!p)
                return xy_error_set(err, XY_ENOMEM, "out of memory");
            c->days = p;
            c->cap = cap;
        }
        memmove(&c->days[pos + 1], &c->days[pos], (c->n - pos) * sizeof *c->days);
        c->n++;
        e = &c->days[pos];
    }
    memset(e, 0, sizeof *e);
    e->day = day;
    e->kind = kind;
    snprintf(e->name_zh, sizeof e->name_zh, "%s", name_zh ? name_zh : "");
    snprintf(e->name_en, sizeof e->name_en, "%s", name_en ? name_en : "");
    return 0;
}

/* 0 Sunday .. 6 Saturday; 1970-01-01 was a Thursday. */
static int weekday(struct xy_date d)
{
    int32_t n = xy_date_to_days(d);
    int w = (int)((n % 7 + 7 + 4) % 7);
    return w;
}

int xy_calendar_is_workday(const struct xy_calendar *c, struct xy_date day)
{
    long at = find(c, day);
    if (at >= 0)
        return c->days[at].kind == XY_DAY_WORKDAY;
    int w = weekday(day);
    return w != 0 && w != 6;
}

struct xy_date xy_calendar_add_workdays(const struct xy_calendar *c, struct xy_date from, int n)
{
    int32_t d = xy_date_to_days(from);
    struct xy_date cur = from;
    /* 2099-12-31 bounds the walk: no limit is that long. */
    while (n > 0 && cur.y < 2099) {
        cur = xy_date_from_days(++d);
        if (xy_calendar_is_workday(c, cur))
            n--;
    }
    return cur;
}

int xy_calendar_workdays_between(const struct xy_calendar *c, struct xy_date from, struct xy_date to)
{
    int32_t a = xy_date_to_days(from), b = xy_date_to_days(to);
    int n = 0;
    for (int32_t d = a + 1; d <= b; d++)
        n += xy_calendar_is_workday(c, xy_date_from_days(d));
    return n;
}

int xy_calendar_workdays_at_most(const struct xy_calendar *c, struct xy_date from, struct xy_date to, int limit)
{
    int32_t a = xy_date_to_days(from);
    int n = 0;
    for (int32_t d = xy_date_to_days(to); d > a; d--)
        if ((n += xy_calendar_is_workday(c, xy_date_from_days(d))) > limit)
            return 0;
    return 1;
}

int xy_calendar_span(const struct xy_calendar *c, struct xy_date *first, struct xy_date *last)
{
    if (!c->n)
        return 0;
    *first = c->days[0].day;
    *last = c->days[c->n - 1].day;
    return 1;
}

/* --- the CSV file ---------------------------------------------------------------------------- */

#define CAL_COLS 4

struct parse_ctx {
    struct xy_calendar *cal;
    struct xy_calendar seen; /* rows of this file, to find a date given twice */
    struct xy_error *err;
    long line;
    int col;
    char cols[CAL_COLS][128];
    size_t lens[CAL_COLS];
    int failed;
};

static void on_field(void *s, size_t n, void *data)
{
    struct parse_ctx *p = data;
    if (p->col < CAL_COLS) {
        size_t k = n < sizeof p->cols[0] - 1 ? n : sizeof p->cols[0] - 1;
        if (k) /* libcsv hands an empty field over as NULL */
            memcpy(p->cols[p->col], s, k);
        p->cols[p->col][k] = '\0';
        p->lens[p->col] = n;
    }
    p->col++;
}

/* A cell quoted in a problem: at most 40 bytes, cut on a character boundary ("%.*s"). */
static int cell(const char *s)
{
    size_t n = strlen(s);
    return (int)(n > 40 ? xy_utf8_floor(s, 40) : n);
}

/* Problems a clerk reads say "中文 (English)": the Chinese sentence, then the English one in ASCII
 * brackets at the end (web/js/format.js reasonText shows the part in the reader's language). */
static void on_row(int c, void *data)
{
    (void)c;
    struct parse_ctx *p = data;
    int ncol = p->col;
    p->col = 0;
    p->line++;
    if (p->failed)
        return;
    if (p->line == 1) {
        if (ncol < 2 || strcmp(p->cols[0], "date") != 0 || strcmp(p->cols[1], "kind") != 0) {
            xy_error_set(p->err, XY_EINVAL, "日历第 1 行：表头须为 date,kind,name_zh,name_en (calendar line 1: the "
                                            "header must be date,kind,name_zh,name_en)");
            p->failed = 1;
        }
        return;
    }
    if (ncol < 2 || ncol > CAL_COLS) {
        xy_error_set(p->err, XY_EINVAL, "日历第 %ld 行：有 %d 列，应为 date,kind[,name_zh,name_en] (calendar line %ld: "
                                        "%d fields, expected date,kind[,name_zh,name_en])",
                     p->line, ncol, p->line, ncol);
        p->failed = 1;
        return;
    }
    for (int i = ncol; i < CAL_COLS; i++)
        p->cols[i][0] = '\0';
    struct xy_date d;
    if (p->lens[0] != 10 || p->cols[0][4] != '-' || p->cols[0][7] != '-' || xy_date_parse(p->cols[0], 10, &d) != 0) {
        xy_error_set(p->err, XY_EINVAL, "日历第 %ld 行：%.*s 不是日期，格式应为 YYYY-MM-DD (calendar line %ld: %.*s is "
                                        "not a date, YYYY-MM-DD)",
                     p->line, cell(p->cols[0]), p->cols[0], p->line, cell(p->cols[0]), p->cols[0]);
        p->failed = 1;
        return;
    }
    enum xy_day_kind kind;
    if (strcmp(p->cols[1], "holiday") == 0) {
        kind = XY_DAY_HOLIDAY;
    } else if (strcmp(p->cols[1], "workday") == 0) {
        kind = XY_DAY_WORKDAY;
        int w = weekday(d);
        if (w != 0 && w != 6) {
            xy_error_set(p->err, XY_EINVAL,
                         "日历第 %ld 行：%s 是周一至周五，只有周六或周日可以调为工作日 (calendar line %ld: %s is a "
                         "weekday; only a Saturday or Sunday can be an adjusted working day)",
                         p->line, p->cols[0], p->line, p->cols[0]);
            p->failed = 1;
            return;
        }
    } else {
        xy_error_set(p->err, XY_EINVAL, "日历第 %ld 行：kind 须为 holiday（节假日）或 workday（调休工作日），不能是 %.*s "
                                        "(calendar line %ld: kind must be holiday or workday, not %.*s)",
                     p->line, cell(p->cols[1]), p->cols[1], p->line, cell(p->cols[1]), p->cols[1]);
        p->failed = 1;
        return;
    }
    for (int i = 2; i < CAL_COLS; i++)
        if (p->lens[i] >= sizeof p->cols[0] - 64) {
            xy_error_set(p->err, XY_EINVAL, "日历第 %ld 行：名称超过 63 字节 (calendar line %ld: name longer than 63 "
                                            "bytes)", p->line, p->line);
            p->failed = 1;
            return;
        }
    if (find(&p->seen, d) >= 0) {
        xy_error_set(p->err, XY_EINVAL, "日历第 %ld 行：%s 重复出现 (calendar line %ld: %s is given twice)", p->line,
                     p->cols[0], p->line, p->cols[0]);
        p->failed = 1;
        return;
    }
    if (xy_calendar_set(&p->seen, d, kind, NULL, NULL, p->err) ||
        xy_calendar_set(p->cal, d, kind, p->cols[2], p->cols[3], p->err))
        p->failed = 1;
}

int xy_calendar_parse(struct xy_calendar *c, const char *text, size_t len, struct xy_error *err)
{
    struct csv_parser csv;
    if (csv_init(&csv, CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    struct xy_calendar out;
    xy_calendar_init(&out);
    struct parse_ctx p = {.cal = &out, .err = err};
    xy_calendar_init(&p.seen);
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    int rc = 0;
    if (csv_parse(&csv, text, len, on_field, on_row, &p) != len || csv_fini(&csv, on_field, on_row, &p) != 0) {
        int e = csv_error(&csv);
        if (!p.failed && e == CSV_ENOMEM)
            rc = xy_error_set(err, XY_ENOMEM, "日历第 %1$ld 行 (calendar line %1$ld): %2$s", p.line + 1, csv_strerror(e));
        else if (!p.failed)
            rc = xy_error_set(err, XY_EINVAL, "日历第 %ld 行：%s (calendar line %ld: %s)", p.line + 1,
                              e == CSV_ETOOBIG ? "数据过大" : "CSV 格式有误", p.line + 1, csv_strerror(e));
    }
    csv_free(&csv);
    xy_calendar_free(&p.seen);
    if (!rc && p.failed)
        rc = err->rc ? err->rc : XY_EINVAL;
    if (!rc && p.line < 1)
        rc = xy_error_set(err, XY_EINVAL, "日历文件为空 (calendar: the file is empty)");
    if (rc) {
        xy_calendar_free(&out);
        return rc;
    }
    /* Room for every day first, so that the merge below cannot fail half way. */
    if (c->cap < c->n + out.n) {
        struct xy_day_exception *grown = xy_realloc(c->days, (c->n + out.n) * sizeof *grown);
        if (!grown) {
            xy_calendar_free(&out);
            return xy_error_set(err, XY_ENOMEM, "out of memory");
        }
        c->days = grown;
        c->cap = c->n + out.n;
    }
    for (size_t i = 0; i < out.n && !rc; i++)
        rc = xy_calendar_set(c, out.days[i].day, out.days[i].kind, out.days[i].name_zh, out.days[i].name_en, err);
    xy_calendar_free(&out);
    return rc;
}
