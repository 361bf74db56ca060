/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of src/core/workday.c, the working-day calendar: plain weekends; xy_calendar_set keeps
 * the exceptions sorted and replaces a day given again; the real calendar (catalog/calendar-cn.csv,
 * next to $XY_CATALOG) parses and agrees day by day with an independent reading of the file (own
 * weekday formula, own CSV scan); working-day arithmetic across the 2026 New Year, Spring Festival
 * and National Day against hand-counted dates of the State Council schedules; whole-year counts;
 * the parser's errors, all or nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"

#include "common/xy_date.h"
#include "common/xy_error.h"
#include "core/workday.h"

#define D(yy, mm, dd) ((struct xy_date){.y = (yy), .m = (mm), .d = (dd)})

/* ---- an independent calendar, not the library's --------------------------------------------- */

static int own_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int own_month_days(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && own_leap(y) ? 29 : days[m - 1];
}

/* Sakamoto's method: 0 Sunday .. 6 Saturday. */
static int own_weekday(struct xy_date d)
{
    static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    int y = d.m < 3 ? d.y - 1 : d.y;
    return (y + y / 4 - y / 100 + y / 400 + t[d.m - 1] + d.d) % 7;
}

static struct xy_date own_next(struct xy_date d)
{
    if (++d.d > own_month_days(d.y, d.m)) {
        d.d = 1;
        if (++d.m > 12) {
            d.m = 1;
            d.y++;
        }
    }
    return d;
}

static int same(struct xy_date a, struct xy_date b)
{
    return a.y == b.y && a.m == b.m && a.d == b.d;
}

static void check_date(struct xy_date got, int y, int m, int d, const char *what)
{
    if (got.y != y || got.m != m || got.d != d)
        fail_msg("%s: got %04d-%02d-%02d, expected %04d-%02d-%02d", what, got.y, got.m, got.d, y, m, d);
}

/* ---- the real calendar file ------------------------------------------------------------------ */

/* catalog/calendar-cn.csv: the directory of $XY_CATALOG (catalog/catalog.json). */
static char *read_real_calendar(size_t *len)
{
    const char *cat = getenv("XY_CATALOG");
    if (!cat)
        fail_msg("XY_CATALOG is not set (run through ctest)");
    const char *slash = strrchr(cat, '/');
    size_t dir = slash ? (size_t)(slash - cat) + 1 : 0;
    char path[4096];
    snprintf(path, sizeof path, "%.*scalendar-cn.csv", (int)dir, cat);
    char *text = read_all(path, len);
    if (!text)
        fail_msg("cannot read %s", path);
    return text;
}

struct own_row {
    struct xy_date day;
    int workday; /* 1 workday, 0 holiday */
};

/* The data rows of the file, read by a plain line scan: "YYYY-MM-DD,kind,...". */
static size_t own_rows(const char *text, struct own_row *rows, size_t cap)
{
    size_t n = 0;
    int line = 0;
    for (const char *p = text; *p;) {
        const char *eol = strchr(p, '\n');
        size_t l = eol ? (size_t)(eol - p) : strlen(p);
        if (line++ > 0 && l > 0) {
            int y, m, d;
            char kind[16];
            assert_true(n < cap);
            assert_int_equal(sscanf(p, "%4d-%2d-%2d,%15[^,]", &y, &m, &d, kind), 4);
            rows[n].day = D(y, m, d);
            if (strcmp(kind, "workday") == 0)
                rows[n].workday = 1;
            else if (strcmp(kind, "holiday") == 0)
                rows[n].workday = 0;
            else
                fail_msg("unexpected kind %s in the calendar file", kind);
            n++;
        }
        p += l + (eol ? 1 : 0);
    }
    return n;
}

/* Every day from 2018-01-01 to 2027-12-31 with whether it is a working day, by the rows and the
 * own weekday formula. */
#define ORACLE_MAX 3700
struct oracle {
    struct xy_date day[ORACLE_MAX];
    char work[ORACLE_MAX];
    int n;
};

static struct oracle *build_oracle(void)
{
    size_t len = 0;
    char *text = read_real_calendar(&len);
    static struct own_row rows[600];
    size_t nrows = own_rows(text, rows, sizeof rows / sizeof *rows);
    free(text);
    struct oracle *o = calloc(1, sizeof *o);
    assert_non_null(o);
    for (struct xy_date d = D(2018, 1, 1); d.y < 2028; d = own_next(d)) {
        int w = own_weekday(d);
        int work = w != 0 && w != 6;
        for (size_t i = 0; i < nrows; i++)
            if (same(rows[i].day, d))
                work = rows[i].workday;
        assert_true(o->n < ORACLE_MAX);
        o->day[o->n] = d;
        o->work[o->n] = (char)work;
        o->n++;
    }
    return o;
}

static int oracle_index(const struct oracle *o, struct xy_date d)
{
    for (int i = 0; i < o->n; i++)
        if (same(o->day[i], d))
            return i;
    fail_msg("%04d-%02d-%02d outside the oracle", d.y, d.m, d.d);
    return -1;
}

static void load_real(struct xy_calendar *c)
{
    size_t len = 0;
    struct xy_error err;
    char *text = read_real_calendar(&len);
    xy_calendar_init(c);
    xy_error_clear(&err);
    int rc = xy_calendar_parse(c, text, len, &err);
    free(text);
    if (rc)
        fail_msg("calendar-cn.csv: %s", err.msg);
}

/* ---- tests ----------------------------------------------------------------------------------- */

/* The test's own weekday formula against known facts, so that the oracle below can be trusted. */
static void test_own_weekday(void **state)
{
    (void)state;
    assert_int_equal(own_weekday(D(2000, 1, 1)), 6);  /* Saturday */
    assert_int_equal(own_weekday(D(2024, 2, 29)), 4); /* Thursday */
    assert_int_equal(own_weekday(D(2025, 1, 1)), 3);  /* Wednesday */
    assert_int_equal(own_weekday(D(2026, 1, 4)), 0);  /* Sunday */
    assert_int_equal(own_weekday(D(2026, 10, 1)), 4); /* Thursday */
    assert_int_equal(own_weekday(D(1970, 1, 1)), 4);  /* Thursday */
    check_date(own_next(D(2024, 2, 28)), 2024, 2, 29, "own_next leap");
    check_date(own_next(D(2025, 12, 31)), 2026, 1, 1, "own_next year end");
}

/* No exceptions: Monday to Friday work, weekends do not; n = 0 gives from, even on a weekend. */
static void test_plain_weekends(void **state)
{
    struct xy_calendar c;
    (void)state;
    xy_calendar_init(&c);
    assert_true(xy_calendar_is_workday(&c, D(2024, 3, 1)));  /* Friday */
    assert_false(xy_calendar_is_workday(&c, D(2024, 3, 2))); /* Saturday */
    assert_false(xy_calendar_is_workday(&c, D(2024, 3, 3))); /* Sunday */
    assert_true(xy_calendar_is_workday(&c, D(2024, 3, 4)));  /* Monday */
    check_date(xy_calendar_add_workdays(&c, D(2024, 3, 1), 1), 2024, 3, 4, "Fri + 1");
    check_date(xy_calendar_add_workdays(&c, D(2024, 3, 1), 5), 2024, 3, 8, "Fri + 5");
    check_date(xy_calendar_add_workdays(&c, D(2024, 3, 1), 6), 2024, 3, 11, "Fri + 6");
    check_date(xy_calendar_add_workdays(&c, D(2024, 3, 2), 1), 2024, 3, 4, "Sat + 1");
    check_date(xy_calendar_add_workdays(&c, D(2024, 3, 3), 1), 2024, 3, 4, "Sun + 1");
    check_date(xy_calendar_add_workdays(&c, D(2024, 3, 4), 1), 2024, 3, 5, "Mon + 1");
    check_date(xy_calendar_add_workdays(&c, D(2024, 2, 28), 2), 2024, 3, 1, "over 29 February");
    check_date(xy_calendar_add_workdays(&c, D(2024, 3, 2), 0), 2024, 3, 2, "Sat + 0");
    check_date(xy_calendar_add_workdays(&c, D(2024, 3, 4), 0), 2024, 3, 4, "Mon + 0");
    check_date(xy_calendar_add_workdays(&c, D(2024, 12, 27), 2), 2024, 12, 31, "Fri + 2 over the year end");
    assert_int_equal(xy_calendar_workdays_between(&c, D(2024, 3, 1), D(2024, 3, 8)), 5);
    assert_int_equal(xy_calendar_workdays_between(&c, D(2024, 3, 2), D(2024, 3, 3)), 0);
    assert_int_equal(xy_calendar_workdays_between(&c, D(2024, 3, 1), D(2024, 3, 4)), 1);
    assert_int_equal(xy_calendar_workdays_between(&c, D(2024, 3, 4), D(2024, 3, 4)), 0); /* to == from */
    assert_int_equal(xy_calendar_workdays_between(&c, D(2024, 3, 8), D(2024, 3, 1)), 0); /* to < from */
    /* 2024 without holidays: 366 days from a Monday, 52 weeks and Mon, Tue: 262 weekdays. */
    assert_int_equal(xy_calendar_workdays_between(&c, D(2023, 12, 31), D(2024, 12, 31)), 262);
    struct xy_date a, b;
    assert_int_equal(xy_calendar_span(&c, &a, &b), 0);
    xy_calendar_free(&c);
}

/* xy_calendar_set: kept in date order whatever the order of insertion; a day set again is replaced
 * in place; NULL names are empty; names are cut to 63 bytes. */
static void test_set(void **state)
{
    struct xy_calendar c;
    struct xy_error err;
    (void)state;
    xy_calendar_init(&c);
    xy_error_clear(&err);
    assert_int_equal(xy_calendar_set(&c, D(2026, 10, 3), XY_DAY_HOLIDAY, "c", "C", &err), 0);
    assert_int_equal(xy_calendar_set(&c, D(2026, 1, 1), XY_DAY_HOLIDAY, "a", "A", &err), 0);
    assert_int_equal(xy_calendar_set(&c, D(2027, 1, 1), XY_DAY_HOLIDAY, "e", "E", &err), 0);
    assert_int_equal(xy_calendar_set(&c, D(2026, 9, 20), XY_DAY_WORKDAY, "b", "B", &err), 0);
    assert_int_equal(xy_calendar_set(&c, D(2026, 10, 10), XY_DAY_WORKDAY, NULL, NULL, &err), 0);
    assert_int_equal(c.n, 5);
    static const struct xy_date order[] = {{2026, 1, 1}, {2026, 9, 20}, {2026, 10, 3}, {2026, 10, 10}, {2027, 1, 1}};
    for (size_t i = 0; i < 5; i++)
        check_date(c.days[i].day, order[i].y, order[i].m, order[i].d, "order");
    assert_string_equal(c.days[3].name_zh, "");
    assert_string_equal(c.days[3].name_en, "");
    assert_true(xy_calendar_is_workday(&c, D(2026, 9, 20)));  /* a Sunday made a working day */
    assert_false(xy_calendar_is_workday(&c, D(2026, 1, 1)));  /* a Thursday made a holiday */
    assert_true(xy_calendar_is_workday(&c, D(2026, 1, 2)));   /* untouched Friday */

    /* Replace 2026-10-03 (a Saturday): same count, same place, new kind and names. */
    assert_int_equal(xy_calendar_set(&c, D(2026, 10, 3), XY_DAY_WORKDAY, "x", NULL, &err), 0);
    assert_int_equal(c.n, 5);
    for (size_t i = 0; i < 5; i++)
        check_date(c.days[i].day, order[i].y, order[i].m, order[i].d, "order after replace");
    assert_int_equal(c.days[2].kind, XY_DAY_WORKDAY);
    assert_string_equal(c.days[2].name_zh, "x");
    assert_string_equal(c.days[2].name_en, "");
    assert_true(xy_calendar_is_workday(&c, D(2026, 10, 3)));
    assert_string_equal(c.days[0].name_zh, "a"); /* neighbours untouched */
    assert_string_equal(c.days[4].name_en, "E");

    char longname[100];
    memset(longname, 'n', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    assert_int_equal(xy_calendar_set(&c, D(2026, 5, 1), XY_DAY_HOLIDAY, longname, "L", &err), 0);
    assert_int_equal(strlen(c.days[1].name_zh), 63);
    check_date(c.days[1].day, 2026, 5, 1, "inserted in the middle");

    struct xy_date first, last;
    assert_int_equal(xy_calendar_span(&c, &first, &last), 1);
    check_date(first, 2026, 1, 1, "span first");
    check_date(last, 2027, 1, 1, "span last");

    /* Enough days to grow the array past its first allocation, inserted backwards. */
    static struct xy_date many[200];
    many[0] = D(2030, 1, 1);
    for (int i = 1; i < 200; i++)
        many[i] = own_next(many[i - 1]);
    for (int i = 199; i >= 0; i--)
        assert_int_equal(xy_calendar_set(&c, many[i], XY_DAY_HOLIDAY, "h", "H", &err), 0);
    assert_int_equal(c.n, 206);
    for (size_t i = 1; i < c.n; i++)
        assert_true(xy_date_cmp(c.days[i - 1].day, c.days[i].day) < 0);
    for (int i = 0; i < 200; i++)
        assert_true(same(c.days[6 + i].day, many[i]));
    assert_int_equal(xy_calendar_span(&c, &first, &last), 1);
    /* 2030-01-01 + 199 days: 2030 is not a leap year; day 200 of the year is 19 July. */
    check_date(last, 2030, 7, 19, "span last after growth");
    xy_calendar_free(&c);
}

/* The real file parses, every row is in the calendar with its kind, and first and last days. */
static void test_real_file(void **state)
{
    struct xy_calendar c;
    size_t len = 0;
    (void)state;
    char *text = read_real_calendar(&len);
    static struct own_row rows[600];
    size_t nrows = own_rows(text, rows, sizeof rows / sizeof *rows);
    free(text);
    assert_true(nrows > 250); /* 2019 to 2026, about 35 rows a year */
    load_real(&c);
    assert_int_equal(c.n, nrows);
    for (size_t i = 0; i < nrows; i++) {
        if (xy_calendar_is_workday(&c, rows[i].day) != rows[i].workday)
            fail_msg("row %zu %04d-%02d-%02d: kind not applied", i + 2, rows[i].day.y, rows[i].day.m,
                     rows[i].day.d);
        if (rows[i].workday) /* the file only moves weekend days to work */
            assert_true(own_weekday(rows[i].day) == 0 || own_weekday(rows[i].day) == 6);
    }
    struct xy_date first, last;
    assert_int_equal(xy_calendar_span(&c, &first, &last), 1);
    check_date(first, 2018, 12, 29, "first day of the file");
    check_date(last, 2026, 10, 10, "last day of the file");
    /* The names are kept. 2026-10-01 is the first day of National Day. */
    int found = 0;
    for (size_t i = 0; i < c.n; i++)
        if (same(c.days[i].day, D(2026, 10, 1))) {
            assert_string_equal(c.days[i].name_zh, "国庆节");
            assert_string_equal(c.days[i].name_en, "National Day");
            assert_int_equal(c.days[i].kind, XY_DAY_HOLIDAY);
            found = 1;
        }
    assert_true(found);
    xy_calendar_free(&c);
}

/* Day by day from 2018 to 2027, the library's answer is the independent one. */
static void test_real_every_day(void **state)
{
    struct xy_calendar c;
    (void)state;
    struct oracle *o = build_oracle();
    load_real(&c);
    for (int i = 0; i < o->n; i++)
        if (xy_calendar_is_workday(&c, o->day[i]) != o->work[i])
            fail_msg("%04d-%02d-%02d: is_workday %d, expected %d", o->day[i].y, o->day[i].m, o->day[i].d,
                     xy_calendar_is_workday(&c, o->day[i]), o->work[i]);
    free(o);
    xy_calendar_free(&c);
}

/* 2026 New Year (国办发明电〔2025〕7号): 1-3 January (Thu-Sat) off, Sunday 4 January worked. */
static void test_new_year_2026(void **state)
{
    struct xy_calendar c;
    (void)state;
    load_real(&c);
    assert_false(xy_calendar_is_workday(&c, D(2026, 1, 1)));
    assert_false(xy_calendar_is_workday(&c, D(2026, 1, 2)));
    assert_false(xy_calendar_is_workday(&c, D(2026, 1, 3)));
    assert_true(xy_calendar_is_workday(&c, D(2026, 1, 4))); /* a Sunday */
    assert_true(xy_calendar_is_workday(&c, D(2025, 12, 31)));
    check_date(xy_calendar_add_workdays(&c, D(2025, 12, 31), 0), 2025, 12, 31, "n = 0");
    check_date(xy_calendar_add_workdays(&c, D(2025, 12, 31), 1), 2026, 1, 4, "31 Dec + 1: the adjusted Sunday");
    check_date(xy_calendar_add_workdays(&c, D(2025, 12, 31), 2), 2026, 1, 5, "31 Dec + 2");
    check_date(xy_calendar_add_workdays(&c, D(2025, 12, 30), 1), 2025, 12, 31, "30 Dec + 1");
    check_date(xy_calendar_add_workdays(&c, D(2025, 12, 30), 2), 2026, 1, 4, "30 Dec + 2");
    check_date(xy_calendar_add_workdays(&c, D(2026, 1, 1), 0), 2026, 1, 1, "a holiday + 0 is itself");
    check_date(xy_calendar_add_workdays(&c, D(2026, 1, 1), 1), 2026, 1, 4, "from a holiday");
    /* Fri 26 Dec + 5: 29, 30, 31 Dec, 4, 5 Jan. */
    check_date(xy_calendar_add_workdays(&c, D(2025, 12, 26), 5), 2026, 1, 5, "26 Dec + 5");
    assert_int_equal(xy_calendar_workdays_between(&c, D(2025, 12, 31), D(2026, 1, 5)), 2);
    assert_int_equal(xy_calendar_workdays_between(&c, D(2025, 12, 31), D(2026, 1, 3)), 0);
    /* 2025 New Year: only 1 January (Wed) off; Tue 31 Dec 2024 + 1 = Thu 2 Jan. */
    check_date(xy_calendar_add_workdays(&c, D(2024, 12, 31), 1), 2025, 1, 2, "2024-12-31 + 1");
    xy_calendar_free(&c);
}

/* 2026 Spring Festival: 15-23 February off, Saturdays 14 and 28 February worked. */
static void test_spring_festival_2026(void **state)
{
    struct xy_calendar c;
    (void)state;
    load_real(&c);
    assert_true(xy_calendar_is_workday(&c, D(2026, 2, 14)));  /* Saturday, worked */
    assert_false(xy_calendar_is_workday(&c, D(2026, 2, 16))); /* Monday, off */
    assert_false(xy_calendar_is_workday(&c, D(2026, 2, 23))); /* Monday, off */
    assert_true(xy_calendar_is_workday(&c, D(2026, 2, 24)));
    assert_true(xy_calendar_is_workday(&c, D(2026, 2, 28)));  /* Saturday, worked */
    assert_false(xy_calendar_is_workday(&c, D(2026, 3, 1)));  /* ordinary Sunday */
    check_date(xy_calendar_add_workdays(&c, D(2026, 2, 13), 1), 2026, 2, 14, "Fri 13 Feb + 1");
    check_date(xy_calendar_add_workdays(&c, D(2026, 2, 13), 2), 2026, 2, 24, "Fri 13 Feb + 2");
    check_date(xy_calendar_add_workdays(&c, D(2026, 2, 14), 1), 2026, 2, 24, "Sat 14 Feb + 1");
    check_date(xy_calendar_add_workdays(&c, D(2026, 2, 24), 4), 2026, 2, 28, "Tue 24 Feb + 4");
    check_date(xy_calendar_add_workdays(&c, D(2026, 2, 24), 5), 2026, 3, 2, "Tue 24 Feb + 5");
    /* Thu 12 Feb + 5: 13, 14, 24, 25, 26 Feb. */
    check_date(xy_calendar_add_workdays(&c, D(2026, 2, 12), 5), 2026, 2, 26, "Thu 12 Feb + 5");
    assert_int_equal(xy_calendar_workdays_between(&c, D(2026, 2, 13), D(2026, 2, 24)), 2);
    /* February 2026: 20 weekdays, 6 of them off (16-20, 23), 2 Saturdays worked: 16. */
    assert_int_equal(xy_calendar_workdays_between(&c, D(2026, 1, 31), D(2026, 2, 28)), 16);
    xy_calendar_free(&c);
}

/* 2026 Mid-Autumn (25-27 Sep) and National Day (1-7 Oct), Sunday 20 Sep and Saturday 10 Oct worked. */
static void test_national_day_2026(void **state)
{
    struct xy_calendar c;
    (void)state;
    load_real(&c);
    for (int d = 1; d <= 7; d++)
        assert_false(xy_calendar_is_workday(&c, D(2026, 10, d)));
    assert_true(xy_calendar_is_workday(&c, D(2026, 9, 20)));  /* Sunday, worked */
    assert_false(xy_calendar_is_workday(&c, D(2026, 9, 25))); /* Friday, Mid-Autumn */
    assert_true(xy_calendar_is_workday(&c, D(2026, 10, 10))); /* Saturday, worked */
    assert_false(xy_calendar_is_workday(&c, D(2026, 10, 11)));
    check_date(xy_calendar_add_workdays(&c, D(2026, 9, 18), 1), 2026, 9, 20, "Fri 18 Sep + 1");
    check_date(xy_calendar_add_workdays(&c, D(2026, 9, 18), 2), 2026, 9, 21, "Fri 18 Sep + 2");
    check_date(xy_calendar_add_workdays(&c, D(2026, 9, 24), 1), 2026, 9, 28, "Thu 24 Sep + 1");
    check_date(xy_calendar_add_workdays(&c, D(2026, 9, 30), 1), 2026, 10, 8, "Wed 30 Sep + 1");
    check_date(xy_calendar_add_workdays(&c, D(2026, 9, 30), 2), 2026, 10, 9, "Wed 30 Sep + 2");
    check_date(xy_calendar_add_workdays(&c, D(2026, 9, 30), 3), 2026, 10, 10, "Wed 30 Sep + 3");
    check_date(xy_calendar_add_workdays(&c, D(2026, 9, 30), 4), 2026, 10, 12, "Wed 30 Sep + 4");
    check_date(xy_calendar_add_workdays(&c, D(2026, 9, 29), 5), 2026, 10, 12, "Tue 29 Sep + 5");
    check_date(xy_calendar_add_workdays(&c, D(2026, 10, 3), 1), 2026, 10, 8, "from inside the week");
    assert_int_equal(xy_calendar_workdays_between(&c, D(2026, 9, 30), D(2026, 10, 10)), 3);
    /* (19 Sep, 11 Oct]: 20, 21-24, 28-30 Sep, 8, 9, 10 Oct. */
    assert_int_equal(xy_calendar_workdays_between(&c, D(2026, 9, 19), D(2026, 10, 11)), 11);
    /* 2025: 1-8 Oct off, Sunday 28 Sep and Saturday 11 Oct worked. */
    check_date(xy_calendar_add_workdays(&c, D(2025, 9, 30), 1), 2025, 10, 9, "2025-09-30 + 1");
    check_date(xy_calendar_add_workdays(&c, D(2025, 9, 26), 1), 2025, 9, 28, "2025-09-26 + 1");
    check_date(xy_calendar_add_workdays(&c, D(2025, 10, 10), 1), 2025, 10, 11, "2025-10-10 + 1");
    xy_calendar_free(&c);
}

/* Whole years. By hand: 2025 starts on a Wednesday, 365 days: 261 weekdays; weekday holidays
 * 1 Jan, 28-31 Jan, 3-4 Feb, 4 Apr, 1-2 May, 5 May, 2 Jun, 1-3 Oct, 6-8 Oct = 18; worked weekend days
 * 26 Jan, 8 Feb, 27 Apr, 28 Sep, 11 Oct = 5; 261 - 18 + 5 = 248. 2026 starts on a Thursday: 261
 * weekdays; weekday holidays 1-2 Jan, 16-20 and 23 Feb, 6 Apr, 1, 4, 5 May, 19 Jun, 25 Sep, 1-2 and
 * 5-7 Oct = 19; worked 4 Jan, 14 and 28 Feb, 9 May, 20 Sep, 10 Oct = 6; 248. The same by the
 * independent day-by-day count. */
static void test_whole_years(void **state)
{
    struct xy_calendar c;
    (void)state;
    struct oracle *o = build_oracle();
    load_real(&c);
    static const struct {
        int year, expected;
    } years[] = {{2025, 248}, {2026, 248}};
    for (size_t k = 0; k < sizeof years / sizeof *years; k++) {
        int own = 0, weekdays = 0;
        for (int i = 0; i < o->n; i++)
            if (o->day[i].y == years[k].year) {
                own += o->work[i];
                weekdays += own_weekday(o->day[i]) != 0 && own_weekday(o->day[i]) != 6;
            }
        assert_int_equal(weekdays, 261);
        assert_int_equal(own, years[k].expected);
        assert_int_equal(xy_calendar_workdays_between(&c, D(years[k].year - 1, 12, 31), D(years[k].year, 12, 31)),
                         years[k].expected);
    }
    /* Every year of the file against the independent count. */
    for (int y = 2019; y <= 2027; y++) {
        int own = 0;
        for (int i = 0; i < o->n; i++)
            own += o->day[i].y == y && o->work[i];
        assert_int_equal(xy_calendar_workdays_between(&c, D(y - 1, 12, 31), D(y, 12, 31)), own);
    }
    assert_int_equal(xy_calendar_workdays_between(&c, D(2025, 12, 31), D(2025, 1, 1)), 0);
    free(o);
    xy_calendar_free(&c);
}

/* add_workdays from every day of 2025 and 2026, n = 0 to 12, against a walk over the oracle. */
static void test_add_every_day(void **state)
{
    struct xy_calendar c;
    (void)state;
    struct oracle *o = build_oracle();
    load_real(&c);
    int start = oracle_index(o, D(2025, 1, 1)), end = oracle_index(o, D(2027, 1, 1));
    for (int i = start; i < end; i++)
        for (int n = 0; n <= 12; n++) {
            int j = i, left = n;
            while (left > 0)
                left -= o->work[++j];
            struct xy_date got = xy_calendar_add_workdays(&c, o->day[i], n);
            if (!same(got, o->day[j]))
                fail_msg("%04d-%02d-%02d + %d: got %04d-%02d-%02d, expected %04d-%02d-%02d", o->day[i].y,
                         o->day[i].m, o->day[i].d, n, got.y, got.m, got.d, o->day[j].y, o->day[j].m, o->day[j].d);
            assert_int_equal(xy_calendar_workdays_between(&c, o->day[i], o->day[j]), n);
        }
    free(o);
    xy_calendar_free(&c);
}

/* Small files that parse: names optional, a BOM, CRLF line ends, header only, quoted fields, an
 * empty quoted name; parsing into a calendar that has days adds to it and replaces a day the file gives. */
static void test_parse_ok(void **state)
{
    struct xy_calendar c;
    struct xy_error err;
    (void)state;
    xy_calendar_init(&c);
    xy_error_clear(&err);
    const char *t1 = "\xEF\xBB\xBF"
                     "date,kind,name_zh,name_en\r\n"
                     "2026-10-10,workday\r\n"
                     "2026-10-01,holiday,国庆节,National Day\r\n"
                     "2026-10-02,holiday,\"\",\"Day, second\"\r\n";
    assert_int_equal(xy_calendar_parse(&c, t1, strlen(t1), &err), 0);
    assert_int_equal(c.n, 3);
    check_date(c.days[0].day, 2026, 10, 1, "sorted 0");
    check_date(c.days[1].day, 2026, 10, 2, "sorted 1");
    check_date(c.days[2].day, 2026, 10, 10, "sorted 2");
    assert_string_equal(c.days[0].name_zh, "国庆节");
    assert_string_equal(c.days[0].name_en, "National Day");
    assert_string_equal(c.days[1].name_zh, "");
    assert_string_equal(c.days[1].name_en, "Day, second");
    assert_string_equal(c.days[2].name_zh, "");
    assert_string_equal(c.days[2].name_en, "");
    assert_int_equal(c.days[2].kind, XY_DAY_WORKDAY);
    assert_true(xy_calendar_is_workday(&c, D(2026, 10, 10)));
    assert_false(xy_calendar_is_workday(&c, D(2026, 10, 2)));

    /* A second file: adds 2027-01-01, replaces 2026-10-02, keeps the rest. No trailing newline. */
    const char *t2 = "date,kind,name_zh,name_en\n2027-01-01,holiday,元旦,New Year's Day\n"
                     "2026-10-02,holiday,国庆节,National Day";
    assert_int_equal(xy_calendar_parse(&c, t2, strlen(t2), &err), 0);
    assert_int_equal(c.n, 4);
    assert_string_equal(c.days[1].name_zh, "国庆节");
    assert_string_equal(c.days[1].name_en, "National Day");
    check_date(c.days[3].day, 2027, 1, 1, "added");
    assert_string_equal(c.days[3].name_en, "New Year's Day");

    /* Header only: nothing to add, no error. */
    const char *t3 = "date,kind,name_zh,name_en\n";
    assert_int_equal(xy_calendar_parse(&c, t3, strlen(t3), &err), 0);
    assert_int_equal(c.n, 4);

    /* Names of exactly 63 bytes fit. */
    char buf[256], name[64];
    memset(name, 'x', 63);
    name[63] = '\0';
    snprintf(buf, sizeof buf, "date,kind,name_zh,name_en\n2026-06-19,holiday,%s,%s\n", name, name);
    assert_int_equal(xy_calendar_parse(&c, buf, strlen(buf), &err), 0);
    assert_int_equal(c.n, 5);
    check_date(c.days[0].day, 2026, 6, 19, "the first day now");
    assert_string_equal(c.days[0].name_zh, name);
    assert_string_equal(c.days[0].name_en, name);
    xy_calendar_free(&c);
}

/* An unquoted empty name ("2026-10-02,holiday,,Day") is read as ""; an empty date or kind is an
 * error. libcsv hands an empty unquoted field over as NULL (CSV_EMPTY_IS_NULL): under UBSan this
 * test stops at once if that NULL reaches memcpy. */
static void test_parse_empty_field(void **state)
{
    struct xy_calendar c;
    struct xy_error err;
    (void)state;
    xy_calendar_init(&c);
    xy_error_clear(&err);
    const char *t = "date,kind,name_zh,name_en\n2026-10-02,holiday,,National Day\n2026-10-10,workday,国庆节,\n";
    assert_int_equal(xy_calendar_parse(&c, t, strlen(t), &err), 0);
    assert_int_equal(c.n, 2);
    assert_string_equal(c.days[0].name_zh, "");
    assert_string_equal(c.days[0].name_en, "National Day");
    assert_string_equal(c.days[1].name_zh, "国庆节");
    assert_string_equal(c.days[1].name_en, "");
    static const char *const bad[] = {"date,kind,name_zh,name_en\n,holiday,a,b\n",
                                      "date,kind,name_zh,name_en\n2026-10-03,,a,b\n"};
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(xy_calendar_parse(&c, bad[i], strlen(bad[i]), &err), XY_EINVAL);
        assert_non_null(strstr(err.msg, "line 2"));
        assert_int_equal(c.n, 2);
    }
    xy_calendar_free(&c);
}

/* Files that do not parse: XY_EINVAL with the line and reason, and the calendar passed in is
 * exactly as before, even when good rows come first. */
static void test_parse_errors(void **state)
{
    char name64[65];
    char longrow[256];
    (void)state;
    memset(name64, 'y', 64);
    name64[64] = '\0';
    snprintf(longrow, sizeof longrow, "date,kind,name_zh,name_en\n2026-10-01,holiday,%s,x\n", name64);
    const struct {
        const char *text, *msg;
    } cases[] = {
        {"", "empty"},
        {"\xEF\xBB\xBF", "empty"},
        {"day,kind,name_zh,name_en\n2026-10-01,holiday,a,b\n", "line 1"},
        {"2026-10-01,holiday,a,b\n2026-10-02,holiday,a,b\n", "line 1"}, /* no header */
        {"date\n", "line 1"},
        /* 2026-10-09 is a Friday: it cannot be an adjusted working day. */
        {"date,kind,name_zh,name_en\n2026-10-01,holiday,a,b\n2026-10-09,workday,a,b\n", "line 3"},
        {"date,kind,name_zh,name_en\n2026-10-01,holiday,a,b\n2026-10-09,workday,a,b\n", "weekday"},
        {"date,kind,name_zh,name_en\n2026-10-01,holiday,a,b\n2026-10-02,holiday,a,b\n2026-10-01,holiday,a,b\n",
         "twice"},
        {"date,kind,name_zh,name_en\n2026-10-01,holiday,a,b\n2026-10-02,holiday,a,b\n2026-10-01,holiday,a,b\n",
         "line 4"},
        {"date,kind,name_zh,name_en\n2026-10-03,holiday,a,b\n2026-10-03,workday,a,b\n", "twice"},
        {"date,kind,name_zh,name_en\n2026-10-03,rest,a,b\n", "holiday or workday"},
        {"date,kind,name_zh,name_en\n2026-10-03,Holiday,a,b\n", "line 2"},
        {"date,kind,name_zh,name_en\n2026-02-30,holiday,a,b\n", "not a date"},
        {"date,kind,name_zh,name_en\n2026-13-01,holiday,a,b\n", "not a date"},
        {"date,kind,name_zh,name_en\n26-10-01,holiday,a,b\n", "not a date"},
        {"date,kind,name_zh,name_en\n2026-10-011,holiday,a,b\n", "not a date"},
        {"date,kind,name_zh,name_en\nsoon,holiday,a,b\n", "not a date"},
        {"date,kind,name_zh,name_en\n2026-10-01\n", "line 2"},
        {"date,kind,name_zh,name_en\n2026-10-01,holiday,a,b,extra\n", "line 2"},
        {longrow, "63"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct xy_calendar c;
        struct xy_error err;
        xy_calendar_init(&c);
        xy_error_clear(&err);
        /* A calendar with two days already, one of them a day the bad files give. */
        assert_int_equal(xy_calendar_set(&c, D(2026, 10, 1), XY_DAY_HOLIDAY, "old", "OLD", &err), 0);
        assert_int_equal(xy_calendar_set(&c, D(2030, 1, 5), XY_DAY_WORKDAY, "keep", "KEEP", &err), 0);
        int rc = xy_calendar_parse(&c, cases[i].text, strlen(cases[i].text), &err);
        if (rc != XY_EINVAL)
            fail_msg("case %zu: rc %d (%s), expected XY_EINVAL", i, rc, err.msg);
        if (!strstr(err.msg, cases[i].msg))
            fail_msg("case %zu: message \"%s\" does not say \"%s\"", i, err.msg, cases[i].msg);
        assert_bilingual(err.msg);
        assert_int_equal(c.n, 2);
        check_date(c.days[0].day, 2026, 10, 1, "unchanged 0");
        assert_int_equal(c.days[0].kind, XY_DAY_HOLIDAY);
        assert_string_equal(c.days[0].name_zh, "old");
        assert_string_equal(c.days[0].name_en, "OLD");
        check_date(c.days[1].day, 2030, 1, 5, "unchanged 1");
        assert_int_equal(c.days[1].kind, XY_DAY_WORKDAY);
        assert_string_equal(c.days[1].name_zh, "keep");
        /* Good rows before the bad one are not added: Friday 2026-10-02 and Saturday 2026-10-03 as usual. */
        assert_true(xy_calendar_is_workday(&c, D(2026, 10, 2)));
        assert_false(xy_calendar_is_workday(&c, D(2026, 10, 3)));
        xy_calendar_free(&c);
    }

    /* The whole real file with one bad row appended: nothing of it reaches the calendar. */
    size_t len = 0;
    char *text = read_real_calendar(&len);
    char *bad = malloc(len + 64);
    assert_non_null(bad);
    memcpy(bad, text, len);
    if (len && bad[len - 1] != '\n')
        bad[len++] = '\n';
    static const char tail[] = "2026-12-25,festival,圣诞,Christmas\n";
    memcpy(bad + len, tail, sizeof tail);
    struct xy_calendar c;
    struct xy_error err;
    xy_calendar_init(&c);
    xy_error_clear(&err);
    assert_int_equal(xy_calendar_parse(&c, bad, strlen(bad), &err), XY_EINVAL);
    assert_int_equal(c.n, 0);
    assert_true(xy_calendar_is_workday(&c, D(2026, 10, 1))); /* a Thursday, no exceptions */
    free(bad);
    free(text);
    xy_calendar_free(&c);
}

/* xy_calendar_workdays_at_most (counted back from the later day, stopped past the limit) gives the
 * same answer as comparing xy_calendar_workdays_between with the limit, for every pair of days of a
 * year with the real calendar's holidays and adjusted working days, the day itself and days before
 * it included, and for a calendar with a 60-day closure, where seven working days span more than
 * 40 calendar days (the dashboards once assumed they never do). */
static void check_at_most_agrees(const struct xy_calendar *c, struct xy_date from0, int ndays)
{
    int32_t a0 = xy_date_to_days(from0);
    for (int32_t a = a0; a < a0 + ndays; a++)
        for (int32_t b = a - 3; b < a + 75; b++) {
            struct xy_date from = xy_date_from_days(a), to = xy_date_from_days(b);
            int between = xy_calendar_workdays_between(c, from, to);
            for (int k = 0; k < 4; k++) {
                int limit = (int[]){0, 1, 7, 8}[k], want = between <= limit;
                if (xy_calendar_workdays_at_most(c, from, to, limit) != want)
                    fail_msg("%04d-%02d-%02d .. %04d-%02d-%02d, limit %d: expected %d", from.y, from.m, from.d, to.y,
                             to.m, to.d, limit, want);
            }
        }
}

static void test_workdays_at_most(void **state)
{
    (void)state;
    struct xy_calendar c;
    struct xy_error err;
    load_real(&c);
    check_at_most_agrees(&c, D(2025, 12, 1), 400);
    /* a hand-counted case across National Day 2026 (1-7 October off, Saturday 10 October worked):
     * decided on 29 September, stored on 12 October: 30 Sep, 8, 9, 10 and 12 Oct, 5 working days */
    assert_int_equal(xy_calendar_workdays_between(&c, D(2026, 9, 29), D(2026, 10, 12)), 5);
    assert_true(xy_calendar_workdays_at_most(&c, D(2026, 9, 29), D(2026, 10, 12), 5));
    assert_false(xy_calendar_workdays_at_most(&c, D(2026, 9, 29), D(2026, 10, 12), 4));
    xy_calendar_free(&c);
    xy_calendar_init(&c);
    xy_error_clear(&err);
    for (int32_t d = xy_date_to_days(D(2026, 3, 1)); d < xy_date_to_days(D(2026, 3, 1)) + 60; d++)
        assert_int_equal(xy_calendar_set(&c, xy_date_from_days(d), XY_DAY_HOLIDAY, "闭", "closed", &err), 0);
    check_at_most_agrees(&c, D(2026, 1, 15), 120);
    /* decided 27 February (a Friday), stored 1 May (a Friday): 30 April and 1 May only */
    assert_true(xy_calendar_workdays_at_most(&c, D(2026, 2, 27), D(2026, 5, 1), 7));
    xy_calendar_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_own_weekday),
        cmocka_unit_test(test_plain_weekends),
        cmocka_unit_test(test_set),
        cmocka_unit_test(test_real_file),
        cmocka_unit_test(test_real_every_day),
        cmocka_unit_test(test_new_year_2026),
        cmocka_unit_test(test_spring_festival_2026),
        cmocka_unit_test(test_national_day_2026),
        cmocka_unit_test(test_whole_years),
        cmocka_unit_test(test_add_every_day),
        cmocka_unit_test(test_workdays_at_most),
        cmocka_unit_test(test_parse_ok),
        cmocka_unit_test(test_parse_empty_field),
        cmocka_unit_test(test_parse_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
