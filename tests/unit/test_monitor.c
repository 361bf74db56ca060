/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of src/core/monitor.c and monitor_figures.c: months in Beijing time; units; the
 * documents departments send, refused whole with every fault named; and a constructed month whose
 * figures were worked out by hand: timeliness across the National Day holiday and an adjusted working
 * Saturday, a stamp after 16:00Z counting as the next Beijing day, publicity rate with exemptions,
 * quality, list flows, repairs with their mean working days, joint reward and punishment, the
 * platform's products, an entered ratio, and the district and city sums (rates from sums). */
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
#include "core/monitor.h"

#define D(yy, mm, dd) ((struct xy_date){.y = (yy), .m = (mm), .d = (dd)})
#define A "11420100MB0000001X"
#define B "11420102MB0000002X"
#define CX "11420000MB0000003X"

static void test_months(void **state)
{
    (void)state;
    struct xy_month mo;
    char from[32], to[32], s[8];
    assert_int_equal(xy_month_parse("2026-10", &mo), 0);
    assert_int_equal(mo.y, 2026);
    assert_int_equal(mo.m, 10);
    assert_int_equal(xy_month_parse("2026-13", &mo), -1);
    assert_int_equal(xy_month_parse("2026-1", &mo), -1);
    assert_int_equal(xy_month_parse("20261-0", &mo), -1);
    assert_int_equal(xy_month_parse("1999-12", &mo), -1);
    xy_month_parse("2026-12", &mo);
    xy_month_bounds(mo, from, to);
    assert_string_equal(from, "2026-11-30T16:00:00Z");
    assert_string_equal(to, "2026-12-31T16:00:00Z");
    xy_month_format(xy_month_add(mo, 1), s);
    assert_string_equal(s, "2027-01");
    struct xy_date due = xy_month_due(mo), last = xy_month_last((struct xy_month){2028, 2});
    assert_int_equal(due.y, 2027);
    assert_int_equal(due.m, 1);
    assert_int_equal(due.d, 22);
    assert_int_equal(last.d, 29);
    struct xy_date d;
    assert_int_equal(xy_stamp_beijing_day("2026-12-31T15:59:59Z", &d), 0);
    assert_int_equal(d.d, 31);
    assert_int_equal(xy_stamp_beijing_day("2026-12-31T16:00:00Z", &d), 0);
    assert_int_equal(d.y, 2027);
    assert_int_equal(d.m, 1);
    assert_int_equal(d.d, 1);
    assert_int_equal(xy_stamp_beijing_day("2026-12-31", &d), -1);
}

static void test_units(void **state)
{
    (void)state;
    struct xy_error err = {0};
    assert_int_equal(xy_mon_unit_check("420100", "city_dept", &err), XY_OK);
    assert_int_equal(xy_mon_unit_check("420102", "district_gov", &err), XY_OK);
    assert_int_equal(xy_mon_unit_check("420117", "district_dept", &err), XY_OK);
    assert_int_equal(xy_mon_unit_check("420118", "district_dept", &err), XY_EINVAL); /* no such district */
    assert_int_equal(xy_mon_unit_check("110101", "district_dept", &err), XY_EINVAL); /* not this city */
    assert_int_equal(xy_mon_unit_check("420100", "district_gov", &err), XY_EINVAL);
    assert_int_equal(xy_mon_unit_check("420102", "city_dept", &err), XY_EINVAL);
    assert_int_equal(xy_mon_unit_check("420102", "province", &err), XY_EINVAL);
    assert_non_null(strstr(err.msg, "district_gov"));
}

static struct xy_catalog *catalog(void)
{
    const char *path = getenv("XY_CATALOG");
    size_t len = 0;
    char *text = path ? read_all(path, &len) : NULL;
    struct xy_catalog *cat = NULL;
    struct xy_error err = {0};
    assert_non_null(text);
    assert_int_equal(xy_catalog_parse(text, len, &cat, &err), XY_OK);
    free(text);
    return cat;
}

static void test_documents(void **state)
{
    (void)state;
    struct xy_catalog *cat = catalog();
    struct xy_error err = {0};
    json_t *out = NULL;
    char *faults = NULL;
    const char *good = "{\"classes\":[{\"class\":\"penalty\",\"decided\":5},{\"class\":\"license\",\"decided\":12,"
                       "\"exempt\":2}]}";
    assert_int_equal(xy_mon_declaration_parse(good, strlen(good), cat, &out, &faults, &err), XY_OK);
    char *dump = json_dumps(out, JSON_COMPACT);
    assert_string_equal(dump, "{\"classes\":[{\"class\":\"license\",\"decided\":12,\"exempt\":2},{\"class\":\"penalty\","
                              "\"decided\":5,\"exempt\":0}]}");
    free(dump);
    json_decref(out);
    out = NULL;
    /* four faults, all named; nothing comes out */
    const char *bad = "{\"classes\":[{\"class\":\"nosuch\",\"decided\":1},{\"class\":\"license\",\"decided\":-1},"
                      "{\"class\":\"penalty\",\"decided\":2,\"exempt\":3},{\"class\":\"commitment\",\"decided\":1,"
                      "\"x\":1}]}";
    assert_int_equal(xy_mon_declaration_parse(bad, strlen(bad), cat, &out, &faults, &err), XY_EINVAL);
    assert_null(out);
    assert_non_null(faults);
    assert_non_null(strstr(faults, "/classes/0/class"));
    assert_non_null(strstr(faults, "/classes/1/decided"));
    assert_non_null(strstr(faults, "/classes/2/exempt"));
    assert_non_null(strstr(faults, "/classes/3/x"));
    assert_non_null(strstr(err.msg, "4 处"));
    xy_free(faults);
    faults = NULL;

    const char *plan = "{\"classes\":[{\"class\":\"penalty\",\"frequency\":\"weekly\",\"exemption\":\"依据行政处罚法\"},"
                       "{\"class\":\"license\",\"frequency\":\"hourly\"}]}";
    assert_int_equal(xy_mon_plan_parse(plan, strlen(plan), cat, &out, &faults, &err), XY_EINVAL);
    assert_non_null(strstr(faults, "/classes/1/frequency"));
    assert_null(strstr(faults, "/classes/0"));
    xy_free(faults);
    faults = NULL;

    const char *entry = "{\"category\":11,\"item\":\"某银行\",\"values\":{\"npl\":10,\"loans\":1000}}";
    assert_int_equal(xy_mon_entry_parse(entry, strlen(entry), &out, &faults, &err), XY_OK);
    json_decref(out);
    out = NULL;
    const char *bad_entry = "{\"category\":6,\"item\":\"\",\"values\":{\"npl\":1.5}}";
    assert_int_equal(xy_mon_entry_parse(bad_entry, strlen(bad_entry), &out, &faults, &err), XY_EINVAL);
    assert_non_null(strstr(faults, "/category"));
    assert_non_null(strstr(faults, "/item"));
    xy_free(faults);
    faults = NULL;
    const char *practice = "{\"category\":4,\"item\":\"信易批\"}";
    assert_int_equal(xy_mon_entry_parse(practice, strlen(practice), &out, &faults, &err), XY_EINVAL);
    assert_non_null(strstr(faults, "/text"));
    xy_free(faults);
    xy_catalog_free(cat);
}

/* ---- a constructed month: 2026-10 -------------------------------------------------------------- */

static json_t *cat_of(json_t *all, int no)
{
    return json_array_get(all, (size_t)no - 1);
}

/* values of the row with (dept or region, key) in member `which` of category no */
static json_t *vals(json_t *all, int no, const char *which, const char *unit, const char *key)
{
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(cat_of(all, no), which), i, r)
    {
        const char *u = json_string_value(json_object_get(r, !strcmp(which, "rows") ? "dept" : "region"));
        if ((!unit || !strcmp(u, unit)) && !strcmp(json_string_value(json_object_get(r, "key")), key))
            return json_object_get(r, "values");
    }
    fail_msg("no row %s/%s in category %d %s", unit ? unit : "-", key, no, which);
    return NULL;
}

static int64_t I(json_t *v, const char *k)
{
    json_t *x = json_object_get(v, k);
    if (!json_is_integer(x))
        fail_msg("%s is not an integer", k);
    return json_integer_value(x);
}

static double R(json_t *v, const char *k)
{
    json_t *x = json_object_get(v, k);
    if (!json_is_real(x))
        fail_msg("%s is not a number", k);
    return json_real_value(x);
}

static void fact(struct xy_mon *m, enum xy_mon_fact_kind k, const char *dept, const char *cls, const char *key,
                 const char *t1, const char *t2, int64_t n)
{
    struct xy_mon_fact f = {k, dept, cls, key, t1, t2, n};
    struct xy_error err = {0};
    assert_int_equal(xy_mon_add_fact(m, &f, &err), XY_OK);
}

static void test_month_figures(void **state)
{
    (void)state;
    struct xy_calendar cal;
    struct xy_error err = {0};
    xy_calendar_init(&cal);
    /* National Day 2026 as the State Council set it: 1-7 October off, Saturday 10 October worked */
    for (int d = 1; d <= 7; d++)
        assert_int_equal(xy_calendar_set(&cal, D(2026, 10, d), XY_DAY_HOLIDAY, "国庆节", "National Day", &err), 0);
    assert_int_equal(xy_calendar_set(&cal, D(2026, 10, 10), XY_DAY_WORKDAY, "国庆节调休", "adjusted", &err), 0);
    struct xy_mon_params p;
    xy_mon_params_default(&p, NULL);
    p.list_classes[0] = "red_list";
    p.list_classes[1] = "black_list";
    struct xy_mon m;
    xy_mon_init(&m, (struct xy_month){2026, 10}, &p, &cal);

    /* Decided Tue 29 Sep: working days after it are 30 Sep (1), 8, 9, 10 (Sat, worked), 12, 13, 14
     * Oct (7): submitted on 14 Oct (Beijing) is on time, on 15 Oct is not. */
    fact(&m, XY_MF_RECORD, A, "license", NULL, "2026-09-29", "2026-10-13T17", 3); /* Beijing 14 Oct */
    fact(&m, XY_MF_RECORD, A, "license", NULL, "2026-09-29", "2026-10-14T16", 2); /* Beijing 15 Oct */
    fact(&m, XY_MF_RECORD, A, "license", NULL, NULL, "2026-10-14T02", 1);         /* no decision date */
    fact(&m, XY_MF_BATCH, A, "license", "rows", NULL, NULL, 10);
    fact(&m, XY_MF_BATCH, A, "license", "accepted", NULL, NULL, 8);
    fact(&m, XY_MF_RECORD, B, "penalty", NULL, "2026-10-09", "2026-10-09T02", 4);
    fact(&m, XY_MF_RECORD, B, "black_list", NULL, "2026-10-09", "2026-10-09T02", 2);
    fact(&m, XY_MF_LIST_STOCK, B, "black_list", NULL, NULL, NULL, 7);
    fact(&m, XY_MF_LIST_EXIT, B, "black_list", "record.repaired", NULL, NULL, 1);
    fact(&m, XY_MF_LIST_EXIT, B, "black_list", "record.expired", NULL, NULL, 2);
    fact(&m, XY_MF_RECORD, A, "commitment", NULL, "2026-10-09", "2026-10-09T02", 5);
    /* repairs of A's penalties: decided in October after filing on 30 Sep (4 working days: 8, 9, 10,
     * 12 Oct), filed and decided in October (1), refused on 1 Nov Beijing time (not October's) */
    fact(&m, XY_MF_REPAIR, A, "penalty", "approved", "2026-09-30T02:00:00Z", "2026-10-12T03:00:00Z", 1);
    fact(&m, XY_MF_REPAIR, A, "penalty", "approved", "2026-10-08T01:00:00Z", "2026-10-09T01:00:00Z", 1);
    fact(&m, XY_MF_REPAIR, A, "penalty", "refused", "2026-10-20T01:00:00Z", "2026-10-31T17:00:00Z", 1);
    fact(&m, XY_MF_REPAIR, B, "black_list", "submitted", "2026-09-30T16:30:00Z", NULL, 1); /* 1 Oct Beijing */
    fact(&m, XY_MF_REPAIR, B, "black_list", "submitted", "2026-09-30T15:30:00Z", NULL, 1); /* 30 Sep: not */
    fact(&m, XY_MF_CHECK, A, NULL, NULL, NULL, NULL, 5);
    fact(&m, XY_MF_CASE, A, NULL, "all", NULL, NULL, 2);
    fact(&m, XY_MF_CASE, A, NULL, "reward", NULL, NULL, 1);
    fact(&m, XY_MF_CASE, A, NULL, "punish", NULL, NULL, 1);
    fact(&m, XY_MF_FEEDBACK, CX, NULL, NULL, NULL, NULL, 3);
    fact(&m, XY_MF_EVER, A, NULL, NULL, NULL, NULL, 1);
    fact(&m, XY_MF_EVER, B, NULL, NULL, NULL, NULL, 1);
    fact(&m, XY_MF_EVER, CX, NULL, NULL, NULL, NULL, 1);
    fact(&m, XY_MF_REPORT, NULL, NULL, "public", NULL, NULL, 4);
    fact(&m, XY_MF_REPORT, NULL, NULL, "authorised", NULL, NULL, 1);

    json_t *decl_a = json_pack("{s:[{s:s, s:i, s:i}]}", "classes", "class", "license", "decided", 12, "exempt", 2);
    json_t *decl_b = json_pack("{s:[{s:s, s:i, s:i}, {s:s, s:i, s:i}]}", "classes", "class", "penalty", "decided", 5,
                               "exempt", 0, "class", "commitment", "decided", 9, "exempt", 0);
    assert_int_equal(xy_mon_add_declaration(&m, A, decl_a, &err), XY_OK);
    assert_int_equal(xy_mon_add_declaration(&m, B, decl_b, &err), XY_OK);
    json_t *e1 = json_pack("{s:i, s:s, s:{s:i, s:i}}", "category", 11, "item", "甲银行", "values", "npl", 10, "loans", 1000);
    json_t *e2 = json_pack("{s:i, s:s, s:{s:i, s:i}}", "category", 11, "item", "乙银行", "values", "npl", 30, "loans", 1000);
    json_t *e3 = json_pack("{s:i, s:s, s:{s:i}}", "category", 10, "item", "信用贷评分", "values", "volume", 40);
    assert_int_equal(xy_mon_add_entry(&m, A, e1, &err), XY_OK);
    assert_int_equal(xy_mon_add_entry(&m, B, e2, &err), XY_OK);
    assert_int_equal(xy_mon_add_entry(&m, B, e3, &err), XY_OK);
    assert_int_equal(xy_mon_expect(&m, 7, B, "commitment", &err), XY_OK);

    struct xy_mon_unit units[] = {{A, "市市场监管局", "420100", "city_dept"}, {B, "江岸区人民政府", "420102", "district_gov"}};
    json_t *all = NULL;
    assert_int_equal(xy_mon_json(&m, units, 2, &all, &err), XY_OK);

    /* 6: A's licences: declared 12, exempt 2, submitted 6, on time 3, rows 10 of which 8 accepted */
    json_t *v = vals(all, 6, "rows", A, "license");
    assert_int_equal(I(v, "declared"), 12);
    assert_int_equal(I(v, "exempt"), 2);
    assert_int_equal(I(v, "submitted"), 6);
    assert_int_equal(I(v, "timely"), 3);
    assert_float_equal(R(v, "publicity_rate"), 0.6, 1e-9);  /* 6 / (12 - 2) */
    assert_float_equal(R(v, "timeliness"), 0.5, 1e-9);      /* 3 / 6 */
    assert_float_equal(R(v, "quality"), 0.8, 1e-9);         /* 8 / 10 */
    v = vals(all, 6, "rows", B, "penalty");
    assert_float_equal(R(v, "publicity_rate"), 0.8, 1e-9);  /* 4 / 5 */
    assert_float_equal(R(v, "timeliness"), 1.0, 1e-9);
    assert_true(json_is_null(json_object_get(v, "quality"))); /* no batch: no rate, not 0 */
    /* the city: declared 17, exempt 2, submitted 10, on time 7: rate 10/15, timeliness 0.7 */
    json_t *city = json_object_get(cat_of(all, 6), "city");
    assert_int_equal(I(city, "submitted"), 10);
    assert_float_equal(R(city, "publicity_rate"), 0.6667, 1e-9);
    assert_float_equal(R(city, "timeliness"), 0.7, 1e-9);
    /* per district: the city's own departments (420100) and 江岸区 (420102) apart */
    assert_int_equal(I(vals(all, 6, "districts", "420102", "penalty"), "declared"), 5);
    assert_int_equal(I(vals(all, 6, "districts", "420100", "license"), "submitted"), 6);

    /* 1: B's black list: 2 new, 7 in force at the end, exits 2 by expiry and 1 by repair */
    v = vals(all, 1, "rows", B, "black_list");
    assert_int_equal(I(v, "new"), 2);
    assert_int_equal(I(v, "stock"), 7);
    assert_int_equal(I(v, "exit_expired"), 2);
    assert_int_equal(I(v, "exit_repaired"), 1);
    assert_int_equal(I(v, "exit_withdrawn"), 0);

    /* 7: A's commitments, and B's expected (catalogue) row at zero */
    assert_int_equal(I(vals(all, 7, "rows", A, "commitment"), "records"), 5);
    assert_int_equal(I(vals(all, 7, "rows", B, "commitment"), "records"), 0);

    /* 5: A's penalties: received 2 (8 and 20 Oct), completed 2, rejected 0 (1 Nov), mean (4 + 1) / 2 */
    v = vals(all, 5, "rows", A, "penalty");
    assert_int_equal(I(v, "received"), 2);
    assert_int_equal(I(v, "accepted"), 2);
    assert_int_equal(I(v, "completed"), 2);
    assert_int_equal(I(v, "rejected"), 0);
    assert_int_equal(I(v, "days_sum"), 5);
    assert_float_equal(R(v, "mean_days"), 2.5, 1e-9);
    v = vals(all, 5, "rows", B, "black_list");
    assert_int_equal(I(v, "received"), 1);
    assert_true(json_is_null(json_object_get(v, "mean_days")));

    /* 2 and 3 */
    v = vals(all, 2, "rows", A, "");
    assert_int_equal(I(v, "checks"), 5);
    assert_int_equal(I(v, "cases"), 2);
    assert_int_equal(I(v, "reward"), 1);
    city = json_object_get(cat_of(all, 3), "city");
    assert_int_equal(I(city, "taking_part"), 2); /* A (checks) and CX (feedback) */
    assert_int_equal(I(city, "cumulative"), 3);
    assert_int_equal(I(vals(all, 3, "districts", "", ""), "taking_part"), 1); /* CX: no unit */

    /* 10: the platform's reports (5) and checks (5), and B's product */
    assert_int_equal(I(vals(all, 10, "rows", "", "公共信用信息报告"), "volume"), 5);
    assert_int_equal(I(vals(all, 10, "rows", "", "联合奖惩核查"), "volume"), 5);
    city = json_object_get(cat_of(all, 10), "city");
    assert_int_equal(I(city, "products"), 3);
    assert_int_equal(I(city, "volume"), 50);

    /* 11: A 10/1000, the city 40/2000 */
    assert_float_equal(R(vals(all, 11, "rows", A, ""), "npl_ratio"), 0.01, 1e-9);
    assert_float_equal(R(json_object_get(cat_of(all, 11), "city"), "npl_ratio"), 0.02, 1e-9);

    /* 8 is built (test_conversion.c fills it); with no register it has no rows, and its targets */
    assert_int_equal(json_array_size(json_object_get(cat_of(all, 8), "rows")), 0);
    assert_true(json_is_true(json_object_get(cat_of(all, 8), "built")));
    assert_null(json_object_get(cat_of(all, 8), "note"));
    assert_float_equal(R(json_object_get(json_object_get(cat_of(all, 8), "targets"), "bad_code_rate"), "value"), 0.0001,
                       1e-12);
    /* 13, the configurable category, says it is not defined */
    assert_false(json_is_true(json_object_get(cat_of(all, 13), "built")));

    json_decref(all);
    json_decref(decl_a);
    json_decref(decl_b);
    json_decref(e1);
    json_decref(e2);
    json_decref(e3);
    xy_mon_release(&m);
    xy_calendar_free(&cal);
}

/* A catalogue's "entries" (the categories a unit enters by hand every month) and what a unit owes. */
static void test_owed(void **state)
{
    (void)state;
    struct xy_catalog *cat = catalog();
    struct xy_error err = {0};
    struct xy_mon_params p;
    struct xy_mon_owed o;
    json_t *plan = NULL;
    char *faults = NULL;
    xy_mon_params_default(&p, cat);
    const char *bad = "{\"classes\":[],\"entries\":[4,6,4,99,\"9\"]}";
    assert_int_equal(xy_mon_plan_parse(bad, strlen(bad), cat, &plan, &faults, &err), XY_EINVAL);
    assert_null(plan);
    assert_null(strstr(faults, "/entries/0"));
    assert_non_null(strstr(faults, "/entries/1")); /* computed */
    assert_non_null(strstr(faults, "/entries/2")); /* twice */
    assert_non_null(strstr(faults, "/entries/3"));
    assert_non_null(strstr(faults, "/entries/4")); /* not a number */
    xy_free(faults);
    faults = NULL;
    const char *good = "{\"classes\":[{\"class\":\"license\",\"frequency\":\"monthly\"}],\"entries\":[13,11,4]}";
    assert_int_equal(xy_mon_plan_parse(good, strlen(good), cat, &plan, &faults, &err), XY_OK);
    char *dump = json_dumps(json_object_get(plan, "entries"), JSON_COMPACT);
    assert_string_equal(dump, "[4,11,13]");
    free(dump);
    xy_mon_owed(plan, &p, 0, &o);
    assert_true(o.declares);
    assert_true(o.entries[4] && o.entries[11]);
    assert_false(o.entries[13]); /* the configurable category only while defined */
    assert_false(o.entries[9]);
    xy_mon_owed(plan, &p, 1, &o);
    assert_true(o.entries[13]);
    assert_false(xy_mon_owed_nothing(&o));
    json_decref(plan);
    plan = NULL;
    /* a catalogue of a list class alone owes no declaration; no catalogue owes nothing */
    const char *lists = "{\"classes\":[{\"class\":\"black_list\",\"frequency\":\"monthly\"}]}";
    assert_int_equal(xy_mon_plan_parse(lists, strlen(lists), cat, &plan, &faults, &err), XY_OK);
    assert_null(json_object_get(plan, "entries"));
    xy_mon_owed(plan, &p, 1, &o);
    assert_false(o.declares);
    assert_true(xy_mon_owed_nothing(&o));
    xy_mon_owed(NULL, &p, 1, &o);
    assert_true(xy_mon_owed_nothing(&o));
    json_decref(plan);
    xy_catalog_free(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_months),
        cmocka_unit_test(test_units),
        cmocka_unit_test(test_documents),
        cmocka_unit_test(test_month_figures),
        cmocka_unit_test(test_owed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
