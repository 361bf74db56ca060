/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of src/core/conversion.c and monitor_late.c: a list row checked (shapes refused, check
 * characters flagged, not refused); a hand-built register judged in two months (a wrong organisation
 * check character, a registration number failing its check digit, two entities sharing an
 * organisation code and so a unified code, a USCC disagreeing with its organisation code, an entity
 * stored after the month, a code given after it), with category 8's rates worked out by hand; and
 * lateness by frequency across the National Day holiday, daily, weekly and every 7 working days. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"

#include "common/xy_alloc.h"
#include "core/conversion.h"
#include "core/monitor.h"

#define A "11420100MB0000001X"
#define B "11420102MB0000002X"
#define D(yy, mm, dd) ((struct xy_date){.y = (yy), .m = (mm), .d = (dd)})

static int check(const char *auth, const char *org, const char *regno, const char *name, const char *date,
                 const char *uscc, struct xy_conv_row *row, const char **field)
{
    struct xy_conv_input in = {auth, org, regno, name, date, uscc};
    struct xy_error err = {0};
    *field = "";
    return xy_conv_row_check(&in, row, field, &err);
}

static void test_rows(void **state)
{
    (void)state;
    struct xy_conv_row r;
    const char *f;
    /* 110108000000016, the check digit by ISO 7064 MOD 11,10: p runs 2,6,1,4,8,1,2,4,8,5,10,9,7,5 over the
     * first 14 digits, check (11 - 5) mod 10 = 6; fourteen zeros end at p = 6, check 5 */
    assert_int_equal(xy_regno_check_char("11010800000001"), '6');
    assert_int_equal(xy_regno_check_char("00000000000000"), '5');
    assert_int_equal(check("工商", "60003734-1", "110108000000016", "某公司", "2001-02-03", "91110000600037341L", &r, &f),
                     XY_OK);
    assert_string_equal(r.authority, "9");
    assert_string_equal(r.orgcode, "600037341");
    assert_false(r.orgcode_bad || r.regno_bad || r.uscc_bad || r.uscc_disagrees);
    assert_string_equal(check("民政", "40135908-2", NULL, "某协会", NULL, NULL, &r, &f) ? "refused" : r.authority, "5");
    assert_true(r.orgcode_bad); /* 40135908's check character is 1 */
    assert_int_equal(check("9", NULL, "110108000000017", "某店", NULL, NULL, &r, &f), XY_OK);
    assert_true(r.regno_bad);
    assert_int_equal(check("1", "71526726X", NULL, "某单位", NULL, "91110000600037341L", &r, &f), XY_OK);
    assert_true(r.uscc_disagrees);
    assert_false(r.uscc_bad);
    assert_int_equal(check("1", "60003734-1", NULL, "某单位", NULL, "91110000600037342L", &r, &f), XY_OK);
    assert_true(r.uscc_bad); /* the inner check character 2 is not 1 */
    /* refused: the field named */
    assert_int_equal(check("X", "600037341", NULL, "某", NULL, NULL, &r, &f), XY_EINVAL);
    assert_string_equal(f, "authority");
    assert_int_equal(check("9", NULL, NULL, "某", NULL, NULL, &r, &f), XY_EINVAL);
    assert_string_equal(f, "old_code");
    assert_int_equal(check("9", "6000373", NULL, "某", NULL, NULL, &r, &f), XY_EINVAL);
    assert_string_equal(f, "old_code");
    assert_int_equal(check("9", NULL, "11010800000001", "某", NULL, NULL, &r, &f), XY_EINVAL);
    assert_string_equal(f, "reg_no");
    assert_int_equal(check("9", "600037341", NULL, "", NULL, NULL, &r, &f), XY_EINVAL);
    assert_string_equal(f, "name");
    assert_int_equal(check("9", "600037341", NULL, "某", "2026-13-01", NULL, &r, &f), XY_EINVAL);
    assert_string_equal(f, "registered_on");
    assert_int_equal(check("9", "600037341", NULL, "某", NULL, "00000000000000000X", &r, &f), XY_EINVAL);
    assert_string_equal(f, "uscc");
}

/* October 2026 in UTC: [2026-09-30T16:00Z, 2026-10-31T16:00Z) */
#define OCT_FROM "2026-09-30T16:00:00Z"
#define OCT_TO "2026-10-31T16:00:00Z"
#define NOV_TO "2026-11-30T16:00:00Z"
#define BEFORE "2026-08-01T00:00:00Z"

static const struct xy_conv_entity reg[] = {
    /* E1: sound and converted before October */
    {1, A, "9", "600037341", "110108000000016", "91110000600037341L", "甲", NULL, BEFORE, "2026-09-01T00:00:00Z", NULL,
     NULL, 0},
    /* E2 and E6: one organisation code for two entities, both matched in October to one subject */
    {2, A, "9", "MA4927PJ7", NULL, NULL, "乙", NULL, BEFORE, NULL, "91420684MA4927PJ7B", "2026-10-10T00:00:00Z", 1},
    /* E3: a wrong check character (40135908's is 1) */
    {3, B, "5", "401359082", NULL, NULL, "丙", NULL, BEFORE, NULL, NULL, NULL, 0},
    /* E4: a sound unified code that embeds another organisation code */
    {4, B, "1", "71526726X", NULL, "121200004013590816", "丁", NULL, BEFORE, "2026-09-15T00:00:00Z", NULL, NULL, 0},
    /* E5: a registration number failing its check digit, not converted */
    {5, A, "9", NULL, "110108000000017", NULL, "戊", NULL, BEFORE, NULL, NULL, NULL, 0},
    {6, A, "9", "MA4927PJ7", NULL, NULL, "己", NULL, BEFORE, NULL, "91420684MA4927PJ7B", "2026-10-10T00:00:00Z", 1},
    /* E7: stored in November */
    {7, A, "other", "001755309", NULL, NULL, "庚", NULL, "2026-11-02T00:00:00Z", NULL, NULL, NULL, 0},
    /* E8: its code given in November */
    {8, B, "5", "MA2PBMEM2", NULL, "92340602MA2PBMEM24", "辛", NULL, BEFORE, "2026-11-01T00:00:00Z", NULL, NULL, 0},
};
#define NREG (sizeof reg / sizeof *reg)

static json_t *cat8(const struct xy_conv_status *st)
{
    struct xy_mon m;
    struct xy_mon_params p;
    struct xy_error err = {0};
    json_t *all = NULL;
    xy_mon_params_default(&p, NULL);
    xy_mon_init(&m, (struct xy_month){2026, 10}, &p, NULL);
    for (size_t i = 0; i < NREG; i++) {
        if (!st[i].exists)
            continue;
        assert_int_equal(xy_mon_addk(&m, 8, reg[i].dept, reg[i].authority, "old_codes", 1, &err), XY_OK);
        assert_int_equal(xy_mon_addk(&m, 8, reg[i].dept, reg[i].authority, "converted", st[i].converted, &err), XY_OK);
        assert_int_equal(xy_mon_addk(&m, 8, reg[i].dept, reg[i].authority, "new_codes", st[i].converted_in, &err),
                         XY_OK);
        assert_int_equal(xy_mon_addk(&m, 8, reg[i].dept, reg[i].authority, "codes", 1, &err), XY_OK);
        assert_int_equal(xy_mon_addk(&m, 8, reg[i].dept, reg[i].authority, "bad_codes", st[i].bad != 0, &err), XY_OK);
    }
    assert_int_equal(xy_mon_addk(&m, 8, A, "9", "nosuch", 1, &err), XY_EINVAL);
    assert_int_equal(xy_mon_json(&m, NULL, 0, &all, &err), XY_OK);
    json_t *c = json_incref(json_array_get(all, 7));
    json_decref(all);
    xy_mon_release(&m);
    return c;
}

static json_t *row8(json_t *c, const char *dept, const char *auth)
{
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(c, "rows"), i, r)
    {
        if (!strcmp(json_string_value(json_object_get(r, "dept")), dept) &&
            !strcmp(json_string_value(json_object_get(r, "key")), auth))
            return json_object_get(r, "values");
    }
    fail_msg("no row %s/%s", dept, auth);
    return NULL;
}

#define IV(v, k) json_integer_value(json_object_get(v, k))
#define RV(v, k) json_real_value(json_object_get(v, k))

static void test_register(void **state)
{
    (void)state;
    struct xy_conv_status st[NREG];
    struct xy_error err = {0};
    assert_int_equal(xy_conv_judge(reg, NREG, OCT_FROM, OCT_TO, st, &err), XY_OK);
    assert_true(st[0].exists && st[0].converted && !st[0].converted_in && !st[0].bad);
    assert_string_equal(st[0].code, "91110000600037341L");
    assert_true(st[1].converted && st[1].converted_in);
    assert_int_equal(st[1].bad, XY_CONV_DUP_ORGCODE | XY_CONV_DUP_USCC);
    assert_int_equal(st[5].bad, XY_CONV_DUP_ORGCODE | XY_CONV_DUP_USCC);
    assert_int_equal(st[2].bad, XY_CONV_BAD_ORGCODE);
    assert_false(st[2].converted);
    assert_int_equal(st[3].bad, XY_CONV_BAD_DISAGREES);
    assert_true(st[3].converted);
    assert_int_equal(st[4].bad, XY_CONV_BAD_REGNO);
    assert_false(st[4].converted);
    assert_false(st[6].exists);
    assert_true(st[7].exists && !st[7].converted && !st[7].bad);
    char why[512];
    xy_conv_reasons(st[1].bad, why, sizeof why);
    assert_non_null(strstr(why, "organisation code shared"));
    assert_non_null(strstr(why, "unified code shared"));

    /* October: 7 entities (E7 not yet), converted E1 E2 E4 E6 (4/7 = 0.5714), new E2 E6, duplicate or
     * wrong E2 E3 E4 E5 E6 (5/7 = 0.7143) */
    json_t *c = cat8(st);
    json_t *city = json_object_get(c, "city");
    assert_int_equal(IV(city, "old_codes"), 7);
    assert_int_equal(IV(city, "converted"), 4);
    assert_int_equal(IV(city, "new_codes"), 2);
    assert_int_equal(IV(city, "bad_codes"), 5);
    assert_float_equal(RV(city, "conversion_rate"), 0.5714, 1e-9);
    assert_float_equal(RV(city, "bad_code_rate"), 0.7143, 1e-9);
    /* A, market regulation: E1 E2 E5 E6, 3 converted, 3 bad: 0.75 and 0.75 */
    json_t *a9 = row8(c, A, "9");
    assert_int_equal(IV(a9, "old_codes"), 4);
    assert_float_equal(RV(a9, "conversion_rate"), 0.75, 1e-9);
    assert_float_equal(RV(a9, "bad_code_rate"), 0.75, 1e-9);
    /* B, civil affairs: E3 E8, none converted, one bad */
    json_t *b5 = row8(c, B, "5");
    assert_float_equal(RV(b5, "conversion_rate"), 0.0, 1e-9);
    assert_float_equal(RV(b5, "bad_code_rate"), 0.5, 1e-9);
    assert_float_equal(RV(row8(c, B, "1"), "conversion_rate"), 1.0, 1e-9);
    json_t *tg = json_object_get(c, "targets");
    assert_float_equal(RV(json_object_get(tg, "conversion_rate"), "value"), 1.0, 1e-12);
    json_decref(c);

    /* November: E7 exists, E8 converted (its code given in November, so new in November) */
    assert_int_equal(xy_conv_judge(reg, NREG, OCT_TO, NOV_TO, st, &err), XY_OK);
    int exists = 0, converted = 0, fresh = 0, bad = 0;
    for (size_t i = 0; i < NREG; i++) {
        exists += st[i].exists;
        converted += st[i].converted;
        fresh += st[i].converted_in;
        bad += st[i].bad != 0;
    }
    assert_int_equal(exists, 8);
    assert_int_equal(converted, 5);
    assert_int_equal(fresh, 1);
    assert_int_equal(bad, 5);

    /* an organisation code found in two subjects' unified codes */
    struct xy_conv_entity two = {9, A, "9", "600037341", NULL, NULL, "壬", NULL, BEFORE, NULL, "91110000600037341L",
                                 BEFORE, 2};
    assert_int_equal(xy_conv_judge(&two, 1, OCT_FROM, OCT_TO, st, &err), XY_OK);
    assert_int_equal(st[0].bad, XY_CONV_DUP_SUBJECTS);
}

/* The test calendar: the National Day holiday 2026 on its weekdays (1, 2, 5, 6, 7 October; 1 October
 * is a Thursday) and Saturday 10 October worked instead. */
static void national_day(struct xy_calendar *cal)
{
    struct xy_error err = {0};
    xy_calendar_init(cal);
    for (int d = 1; d <= 7; d++)
        if (d != 3 && d != 4)
            assert_int_equal(xy_calendar_set(cal, D(2026, 10, d), XY_DAY_HOLIDAY, "国庆节", "National Day", &err), XY_OK);
    assert_int_equal(xy_calendar_set(cal, D(2026, 10, 10), XY_DAY_WORKDAY, "调休", "adjusted", &err), XY_OK);
}

static void test_lateness(void **state)
{
    (void)state;
    struct xy_calendar cal;
    struct xy_late_count c;
    national_day(&cal);
    /* arrivals on Saturday 3 October (a holiday), Friday 9 and Monday 12 */
    const struct xy_date arr[] = {D(2026, 10, 3), D(2026, 10, 9), D(2026, 10, 12)};
    struct xy_date first = D(2026, 10, 1), last = D(2026, 10, 31);

    /* daily: 22 weekdays - 5 holidays + Saturday 10 = 18 working days; arrived 8 (from the 3rd: the
     * period after Wednesday 30 September runs to Thursday 8 October), 9 and 12 */
    xy_late_count(&cal, XY_LATE_DAILY, first, last, last, arr, 3, &c);
    assert_int_equal(c.expected, 18);
    assert_int_equal(c.arrived, 3);
    assert_int_equal(c.late, 15);
    /* up to the 12th: 8, 9, 10, 12 due; the 10th late */
    xy_late_count(&cal, XY_LATE_DAILY, first, last, D(2026, 10, 12), arr, 3, &c);
    assert_int_equal(c.expected, 4);
    assert_int_equal(c.late, 1);

    /* weekly: the week of 28 September ends Wednesday 30 (September's); October's weeks end on
     * Saturday 10 (1-10, the 3rd and 9th), Friday 16 (11-16, the 12th), 23 and 30 (nothing) */
    assert_false(xy_late_is_end(&cal, XY_LATE_WEEKLY, D(2026, 10, 9)));
    assert_true(xy_late_is_end(&cal, XY_LATE_WEEKLY, D(2026, 10, 10)));
    assert_true(xy_late_is_end(&cal, XY_LATE_WEEKLY, D(2026, 9, 30)));
    xy_late_count(&cal, XY_LATE_WEEKLY, first, last, last, arr, 3, &c);
    assert_int_equal(c.expected, 4);
    assert_int_equal(c.arrived, 2);
    assert_int_equal(c.late, 2);

    /* every 7 working days: Tuesday 22 September is the year's 189th working day (1-2 January, 37
     * full weeks from 5 January to 18 September, 21-22 September: 2 + 185 + 2), so periods end on the
     * 196th, Thursday 8 October (23, 24, 25, 28, 29, 30 September and 8 October: the holiday between),
     * the 203rd, Friday 16, and the 210th, Tuesday 27 */
    assert_true(xy_late_is_end(&cal, XY_LATE_WORKDAYS7, D(2026, 9, 22)));
    assert_true(xy_late_is_end(&cal, XY_LATE_WORKDAYS7, D(2026, 10, 8)));
    assert_true(xy_late_is_end(&cal, XY_LATE_WORKDAYS7, D(2026, 10, 16)));
    assert_true(xy_late_is_end(&cal, XY_LATE_WORKDAYS7, D(2026, 10, 27)));
    assert_false(xy_late_is_end(&cal, XY_LATE_WORKDAYS7, D(2026, 10, 30)));
    xy_late_count(&cal, XY_LATE_WORKDAYS7, first, last, last, arr, 3, &c);
    assert_int_equal(c.expected, 3);
    assert_int_equal(c.arrived, 2);
    assert_int_equal(c.late, 1);
    /* an arrival on 24 September covers the period ending 8 October: a period crosses months */
    const struct xy_date sep[] = {D(2026, 9, 24)};
    xy_late_count(&cal, XY_LATE_WORKDAYS7, first, last, last, sep, 1, &c);
    assert_int_equal(c.arrived, 1);

    /* monthly: one period, ending Friday 30 October */
    xy_late_count(&cal, XY_LATE_MONTHLY, first, last, last, arr, 3, &c);
    assert_int_equal(c.expected, 1);
    assert_int_equal(c.arrived, 1);
    /* which period a class gets: double publicity at most 7 working days */
    assert_int_equal(xy_late_period_of("monthly", 1), XY_LATE_WORKDAYS7);
    assert_int_equal(xy_late_period_of("weekly", 1), XY_LATE_WEEKLY);
    assert_int_equal(xy_late_period_of("monthly", 0), XY_LATE_MONTHLY);
    assert_int_equal(xy_late_period_of("quarterly", 0), XY_LATE_QUARTERLY);
    xy_late_count(&cal, XY_LATE_QUARTERLY, first, last, last, arr, 3, &c);
    assert_int_equal(c.expected, 0); /* October ends no quarter */

    /* into the month's figures: category 14, the on-time rate from the sums */
    struct xy_mon m;
    struct xy_mon_params p;
    struct xy_error err = {0};
    json_t *all = NULL;
    xy_mon_params_default(&p, NULL);
    xy_mon_init(&m, (struct xy_month){2026, 10}, &p, &cal);
    assert_int_equal(xy_mon_add_lateness(&m, A, "penalty", "monthly", last, arr, 3, &err), XY_OK);
    assert_int_equal(xy_mon_add_lateness(&m, A, "license", "weekly", last, arr, 3, &err), XY_OK);
    assert_int_equal(xy_mon_json(&m, NULL, 0, &all, &err), XY_OK);
    json_t *city = json_object_get(json_array_get(all, XY_MON_LATENESS - 1), "city");
    assert_int_equal(IV(city, "expected"), 7); /* 3 + 4 */
    assert_int_equal(IV(city, "late"), 3);
    assert_float_equal(RV(city, "on_time"), 0.5714, 1e-9);
    json_decref(all);
    xy_mon_release(&m);
    xy_calendar_free(&cal);
}

static void test_extra(void **state)
{
    (void)state;
    struct xy_mon_extra x;
    struct xy_error err = {0};
    const char *ok = "{\"name_zh\":\"信用承诺书数量\",\"name_en\":\"credit commitments\",\"unit\":\"份\","
                     "\"entered_by\":\"departments\"}";
    assert_int_equal(xy_mon_extra_parse(ok, strlen(ok), &x, &err), XY_OK);
    assert_true(x.defined);
    assert_string_equal(x.unit, "份");
    const char *bad = "{\"name_zh\":\"\",\"name_en\":\"x\",\"unit\":\"份\",\"entered_by\":\"anyone\",\"z\":1}";
    assert_int_equal(xy_mon_extra_parse(bad, strlen(bad), &x, &err), XY_EINVAL);
    assert_false(x.defined);
    assert_non_null(strstr(err.msg, "/name_zh"));
    assert_non_null(strstr(err.msg, "/entered_by"));
    assert_non_null(strstr(err.msg, "/z"));
    /* an entry of category 13 parses like the other entered categories */
    json_t *e = NULL;
    char *faults = NULL;
    const char *entry = "{\"category\":13,\"item\":\"承诺书\",\"values\":{\"value\":42}}";
    assert_int_equal(xy_mon_entry_parse(entry, strlen(entry), &e, &faults, &err), XY_OK);
    struct xy_mon m;
    struct xy_mon_params p;
    json_t *all = NULL;
    xy_mon_params_default(&p, NULL);
    xy_mon_init(&m, (struct xy_month){2026, 10}, &p, NULL);
    m.extra = x;
    assert_int_equal(xy_mon_extra_parse(ok, strlen(ok), &m.extra, &err), XY_OK);
    assert_int_equal(xy_mon_add_entry(&m, A, e, &err), XY_OK);
    assert_int_equal(xy_mon_json(&m, NULL, 0, &all, &err), XY_OK);
    json_t *c = json_array_get(all, XY_MON_EXTRA - 1);
    assert_string_equal(json_string_value(json_object_get(c, "name_zh")), "信用承诺书数量");
    assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(c, "columns"), 0), "unit")),
                        "份");
    assert_int_equal(IV(json_object_get(c, "city"), "value"), 42);
    json_decref(all);
    json_decref(e);
    xy_mon_release(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_register),
        cmocka_unit_test(test_lateness),
        cmocka_unit_test(test_extra),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
