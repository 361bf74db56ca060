/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of src/core/supervision.c and src/core/assessment.c, against hand-computed answers: a
 * department silent across the 2026 National Day holiday raises on the fifth working day after its
 * last batch (Monday 12 October), not before, and not on the day plain weekends would give; rates
 * judged exactly at their threshold; the month the rate rules judge around the 22nd; the notice's
 * moves; the rules file built into the program parses and a bad one is refused naming the member;
 * the assessment of a constructed quarter (two ratios, one indicator that does not apply, a
 * deduction), clamping, periods and bad models. */
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
#include "core/assessment.h"
#include "core/supervision.h"
#include "core/workday.h"

#define D(yy, mm, dd) ((struct xy_date){.y = (yy), .m = (mm), .d = (dd)})

/* The 2026 National Day schedule as the State Council gave it: 1-7 October off, Saturday 10
 * October worked. */
static void national_day(struct xy_calendar *c)
{
    struct xy_error err = {0};
    xy_calendar_init(c);
    for (int d = 1; d <= 7; d++)
        assert_int_equal(xy_calendar_set(c, D(2026, 10, d), XY_DAY_HOLIDAY, "国庆节", "National Day", &err), XY_OK);
    assert_int_equal(xy_calendar_set(c, D(2026, 10, 10), XY_DAY_WORKDAY, "国庆节", "National Day", &err), XY_OK);
}

static void test_silence_across_holiday(void **state)
{
    (void)state;
    struct xy_calendar cal, plain;
    struct xy_sup_rules r = {.silence_workdays = 5};
    int n = -1;
    national_day(&cal);
    xy_calendar_init(&plain);
    /* last batch Tuesday 29 September; working days after it: 30 Sep (1), 8 Oct (2), 9 Oct (3),
     * Saturday 10 Oct worked (4), Monday 12 Oct (5) */
    struct xy_date since = D(2026, 9, 29);
    assert_int_equal(xy_sup_silent(&r, &cal, since, D(2026, 10, 6), &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(xy_sup_silent(&r, &cal, since, D(2026, 10, 9), &n), 0);
    assert_int_equal(n, 3);
    assert_int_equal(xy_sup_silent(&r, &cal, since, D(2026, 10, 10), &n), 0);
    assert_int_equal(n, 4);
    assert_int_equal(xy_sup_silent(&r, &cal, since, D(2026, 10, 11), &n), 0); /* Sunday: still 4 */
    assert_int_equal(n, 4);
    assert_int_equal(xy_sup_silent(&r, &cal, since, D(2026, 10, 12), &n), 1);
    assert_int_equal(n, 5);
    /* without the holidays the fifth working day would be Tuesday 6 October */
    assert_int_equal(xy_sup_silent(&r, &plain, since, D(2026, 10, 5), &n), 0);
    assert_int_equal(xy_sup_silent(&r, &plain, since, D(2026, 10, 6), &n), 1);
    /* the rule off */
    r.silence_workdays = 0;
    assert_int_equal(xy_sup_silent(&r, &cal, since, D(2026, 12, 31), &n), 0);
    xy_calendar_free(&cal);
    xy_calendar_free(&plain);
}

static void test_rates(void **state)
{
    (void)state;
    assert_int_equal(xy_sup_rate_low(0.95, 95, 100), 0); /* exactly at the threshold */
    assert_int_equal(xy_sup_rate_low(0.95, 94, 100), 1);
    assert_int_equal(xy_sup_rate_low(0.95, 19, 20), 0);
    assert_int_equal(xy_sup_rate_low(0.95, 18, 19), 1); /* 0.947...: shown as 95 % at 2 places, still under */
    assert_int_equal(xy_sup_rate_low(0.9, 17, 19), 1);  /* 0.8947 */
    assert_int_equal(xy_sup_rate_low(0.95, 0, 0), 0);   /* nothing to judge */
    assert_int_equal(xy_sup_rate_low(0.95, 3, -2), 0);
    assert_int_equal(xy_sup_rate_low(0, 0, 100), 0);    /* the rule off */
    assert_int_equal(xy_sup_rate_low(1.0, 999999, 1000000), 1);
    assert_int_equal(xy_sup_rate_low(1.0, 1000000000000LL, 1000000000000LL), 0);
}

static void test_judged_month(void **state)
{
    (void)state;
    int y, m;
    xy_sup_judged_month(D(2026, 9, 22), &y, &m); /* August is due today, not yet overdue */
    assert_int_equal(y * 100 + m, 202607);
    xy_sup_judged_month(D(2026, 9, 23), &y, &m);
    assert_int_equal(y * 100 + m, 202608);
    xy_sup_judged_month(D(2027, 1, 5), &y, &m);
    assert_int_equal(y * 100 + m, 202611);
    xy_sup_judged_month(D(2027, 1, 23), &y, &m);
    assert_int_equal(y * 100 + m, 202612);
    xy_sup_judged_month(D(2027, 2, 1), &y, &m);
    assert_int_equal(y * 100 + m, 202612);
}

static void test_life_cycle(void **state)
{
    (void)state;
    struct xy_error err = {0};
    enum xy_sup_state s;
    assert_int_equal(xy_sup_next(XY_SUP_CANDIDATE, XY_SUPA_ANSWER, &s, &err), XY_ESTATE);
    assert_int_equal(xy_sup_next(XY_SUP_CANDIDATE, XY_SUPA_ESCALATE, &s, &err), XY_ESTATE);
    assert_int_equal(xy_sup_next(XY_SUP_CANDIDATE, XY_SUPA_DISMISS, &s, &err), XY_OK);
    assert_int_equal(s, XY_SUP_DISMISSED);
    assert_int_equal(xy_sup_next(XY_SUP_DISMISSED, XY_SUPA_SEND, &s, &err), XY_ESTATE);
    assert_int_equal(xy_sup_next(XY_SUP_CANDIDATE, XY_SUPA_SEND, &s, &err), XY_OK);
    assert_int_equal(s, XY_SUP_SENT);
    assert_int_equal(xy_sup_next(XY_SUP_SENT, XY_SUPA_ACCEPT, &s, &err), XY_ESTATE); /* nothing to accept */
    assert_int_equal(xy_sup_next(XY_SUP_SENT, XY_SUPA_ESCALATE, &s, &err), XY_OK);
    assert_int_equal(s, XY_SUP_ESCALATED);
    assert_int_equal(xy_sup_next(XY_SUP_ESCALATED, XY_SUPA_ESCALATE, &s, &err), XY_ESTATE); /* once */
    assert_int_equal(xy_sup_next(XY_SUP_ESCALATED, XY_SUPA_ANSWER, &s, &err), XY_OK);
    assert_int_equal(s, XY_SUP_ANSWERED);
    assert_int_equal(xy_sup_next(XY_SUP_ANSWERED, XY_SUPA_ESCALATE, &s, &err), XY_ESTATE); /* the office's turn */
    assert_int_equal(xy_sup_next(XY_SUP_ANSWERED, XY_SUPA_RETURN, &s, &err), XY_OK);
    assert_int_equal(s, XY_SUP_RETURNED);
    assert_int_equal(xy_sup_next(XY_SUP_RETURNED, XY_SUPA_ESCALATE, &s, &err), XY_OK);
    assert_int_equal(xy_sup_next(XY_SUP_RETURNED, XY_SUPA_ANSWER, &s, &err), XY_OK);
    assert_int_equal(xy_sup_next(XY_SUP_ANSWERED, XY_SUPA_ACCEPT, &s, &err), XY_OK);
    assert_int_equal(s, XY_SUP_ACCEPTED);
    assert_int_equal(xy_sup_next(XY_SUP_ACCEPTED, XY_SUPA_ANSWER, &s, &err), XY_ESTATE);
    for (int i = 0; i < XY_SUP__COUNT; i++) {
        enum xy_sup_state back;
        assert_int_equal(xy_sup_state_parse(xy_sup_state_name((enum xy_sup_state)i), &back), 0);
        assert_int_equal(back, i);
    }
    char num[48];
    xy_sup_number(2026, 12, num);
    assert_string_equal(num, "武信督〔2026〕12号");
}

/* The "rules" and "assessment" members of catalog/supervision.json, beside $XY_CATALOG. */
static json_t *rules_file(void)
{
    const char *cat = getenv("XY_CATALOG");
    char path[4096];
    if (!cat)
        fail_msg("XY_CATALOG is not set (run through ctest)");
    const char *slash = strrchr(cat, '/');
    snprintf(path, sizeof path, "%.*s/supervision.json", slash ? (int)(slash - cat) : 1, slash ? cat : ".");
    json_t *root = json_load_file(path, 0, NULL);
    assert_non_null(root);
    return root;
}

static void test_rules_parse(void **state)
{
    (void)state;
    struct xy_error err = {0};
    struct xy_sup_rules r;
    json_t *root = rules_file();
    char *text = json_dumps(json_object_get(root, "rules"), 0);
    assert_int_equal(xy_sup_rules_parse(text, strlen(text), &r, &err), XY_OK);
    assert_true(r.silence_workdays > 0 && r.answer_workdays > 0 && r.escalate_workdays > 0);
    assert_true(r.publicity_min > 0 && r.publicity_min <= 1);
    free(text);
    json_object_set_new(json_object_get(json_object_get(root, "rules"), "publicity_rate"), "below", json_real(1.5));
    text = json_dumps(json_object_get(root, "rules"), 0);
    assert_int_equal(xy_sup_rules_parse(text, strlen(text), &r, &err), XY_EINVAL);
    assert_non_null(strstr(err.msg, "publicity_rate.below"));
    free(text);
    const char *missing = "{\"version\":\"v\",\"silence\":{\"workdays\":3}}";
    assert_int_equal(xy_sup_rules_parse(missing, strlen(missing), &r, &err), XY_EINVAL);
    assert_non_null(strstr(err.msg, "publicity_rate.below"));
    /* the built-in model parses too */
    struct xy_assess_model m;
    assert_int_equal(xy_assess_model_parse(json_object_get(root, "assessment"), &m, &err), XY_OK);
    assert_true(m.n >= 1 && m.quarter && m.year);
    json_decref(root);
}

/* ---- assessment ----------------------------------------------------------------------------------- */

static const char *MODEL = "{\"version\":\"t1\",\"periods\":[\"quarter\"],\"indicators\":["
                           "{\"key\":\"pub\",\"name_zh\":\"公示率\",\"name_en\":\"publicity\",\"measure\":\"publicity_rate\","
                           "\"weight\":40,\"formula\":\"ratio\",\"zero\":0.8,\"full\":1.0},"
                           "{\"key\":\"tim\",\"name_zh\":\"及时率\",\"name_en\":\"timeliness\",\"measure\":\"timeliness\","
                           "\"weight\":30,\"formula\":\"ratio\",\"zero\":0.5,\"full\":1.0},"
                           "{\"key\":\"qua\",\"name_zh\":\"合格率\",\"name_en\":\"quality\",\"measure\":\"quality\","
                           "\"weight\":20,\"formula\":\"ratio\",\"zero\":0.9,\"full\":1.0},"
                           "{\"key\":\"not\",\"name_zh\":\"督办\",\"name_en\":\"notices\",\"measure\":\"notices\","
                           "\"weight\":10,\"formula\":\"deduct\",\"per\":3}]}";

static void model(struct xy_assess_model *m)
{
    struct xy_error err = {0};
    json_t *doc = json_loads(MODEL, 0, NULL);
    assert_int_equal(xy_assess_model_parse(doc, m, &err), XY_OK);
    json_decref(doc);
}

static double points_of(const json_t *b, const char *key, int *applies)
{
    size_t i;
    const json_t *x;
    json_array_foreach(b, i, x)
    {
        if (!strcmp(json_string_value(json_object_get(x, "key")), key)) {
            *applies = json_is_true(json_object_get(x, "applies"));
            return json_real_value(json_object_get(x, "points"));
        }
    }
    fail_msg("no indicator %s", key);
    return 0;
}

static void test_assessment_quarter(void **state)
{
    (void)state;
    struct xy_assess_model m;
    struct xy_error err = {0};
    json_t *b = NULL;
    double score;
    int applies;
    model(&m);
    /* a quarter's sums: 90 of 100 published, 45 of 50 on time, no rows sent, 2 notices */
    struct xy_assess_value v[XY_AM__COUNT] = {{0, 0}};
    v[XY_AM_PUBLICITY] = (struct xy_assess_value){90, 100};
    v[XY_AM_TIMELINESS] = (struct xy_assess_value){45, 50};
    v[XY_AM_NOTICES] = (struct xy_assess_value){2, 0};
    assert_int_equal(xy_assess_score(&m, v, &b, &score, &err), XY_OK);
    /* pub: 40 * (0.9 - 0.8) / 0.2 = 20; tim: 30 * (0.9 - 0.5) / 0.5 = 24; qua: does not apply;
     * not: 10 - 3 * 2 = 4. Score: 100 * 48 / 80 = 60. */
    assert_float_equal(points_of(b, "pub", &applies), 20, 1e-9);
    assert_true(applies);
    assert_float_equal(points_of(b, "tim", &applies), 24, 1e-9);
    assert_float_equal(points_of(b, "qua", &applies), 0, 1e-9);
    assert_false(applies);
    assert_float_equal(points_of(b, "not", &applies), 4, 1e-9);
    assert_float_equal(score, 60.0, 1e-9);
    json_decref(b);
    /* clamped: everything published and more than full, 4 notices (deduction floored at 0), quality
     * 85 % (under its zero) */
    v[XY_AM_PUBLICITY] = (struct xy_assess_value){100, 100};
    v[XY_AM_TIMELINESS] = (struct xy_assess_value){10, 50};
    v[XY_AM_QUALITY] = (struct xy_assess_value){85, 100};
    v[XY_AM_NOTICES] = (struct xy_assess_value){4, 0};
    assert_int_equal(xy_assess_score(&m, v, &b, &score, &err), XY_OK);
    /* 40 + 0 (0.2 under zero 0.5) + 0 + 0 = 40 of 100 */
    assert_float_equal(points_of(b, "pub", &applies), 40, 1e-9);
    assert_float_equal(points_of(b, "tim", &applies), 0, 1e-9);
    assert_float_equal(points_of(b, "not", &applies), 0, 1e-9);
    assert_float_equal(score, 40.0, 1e-9);
    json_decref(b);
    /* a score to two places: timeliness does not apply (nothing submitted); 40 + 10 (quality 0.95:
     * half of 20) + 10 = 60 of 70 applicable = 85.714... */
    struct xy_assess_value w[XY_AM__COUNT] = {{0, 0}};
    w[XY_AM_PUBLICITY] = (struct xy_assess_value){1, 1};
    w[XY_AM_QUALITY] = (struct xy_assess_value){95, 100};
    assert_int_equal(xy_assess_score(&m, w, &b, &score, &err), XY_OK);
    assert_float_equal(score, 85.71, 1e-9);
    json_decref(b);
}

static void test_periods_and_bad_models(void **state)
{
    (void)state;
    int y, mo, n;
    assert_int_equal(xy_assess_period_parse("2026Q3", &y, &mo, &n), 0);
    assert_int_equal(y * 10000 + mo * 100 + n, 20260703);
    assert_int_equal(xy_assess_period_parse("2027", &y, &mo, &n), 0);
    assert_int_equal(y * 10000 + mo * 100 + n, 20270112);
    const char *bad[] = {"2026Q5", "2026Q0", "2026q1", "26Q1", "2026-Q1", "1999", "", "2026Q"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(xy_assess_period_parse(bad[i], &y, &mo, &n), -1);
    struct {
        const char *from, *to, *says;
    } faults[] = {
        {"\"weight\":40", "\"weight\":30", "100"},
        {"\"measure\":\"notices\"", "\"measure\":\"complaints\"", "measure"},
        {"\"formula\":\"deduct\"", "\"formula\":\"ratio\"", "indicators[3]"},
        {"\"key\":\"tim\"", "\"key\":\"pub\"", "pub"},
        {"\"zero\":0.8", "\"zero\":1.0", "indicators[0]"},
        {"[\"quarter\"]", "[]", "periods"},
    };
    for (size_t i = 0; i < sizeof faults / sizeof *faults; i++) {
        struct xy_assess_model m;
        struct xy_error err = {0};
        char text[2048];
        const char *at = strstr(MODEL, faults[i].from);
        assert_non_null(at);
        snprintf(text, sizeof text, "%.*s%s%s", (int)(at - MODEL), MODEL, faults[i].to, at + strlen(faults[i].from));
        json_t *doc = json_loads(text, 0, NULL);
        assert_non_null(doc);
        assert_int_equal(xy_assess_model_parse(doc, &m, &err), XY_EINVAL);
        if (!strstr(err.msg, faults[i].says))
            fail_msg("fault %zu: \"%s\" does not name %s", i, err.msg, faults[i].says);
        json_decref(doc);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_silence_across_holiday), cmocka_unit_test(test_rates),
        cmocka_unit_test(test_judged_month),          cmocka_unit_test(test_life_cycle),
        cmocka_unit_test(test_rules_parse),           cmocka_unit_test(test_assessment_quarter),
        cmocka_unit_test(test_periods_and_bad_models),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
