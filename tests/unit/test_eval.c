/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of src/core/evalmodel.c and src/core/eval.c, the credit evaluation model and scoring:
 * the shipped model checks against the real catalogue; exact points for constructed records (first
 * matching rule, amount bands, several codes); fading by days worked out here by hand; caps; grade
 * bands at their edges; in-force lists; a model with many faults refused naming each; the same inputs
 * giving the same result. */
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
#include "common/xy_date.h"
#include "core/eval.h"
#include "core/evalmodel.h"

#define D(yy, mm, dd) ((struct xy_date){.y = (yy), .m = (mm), .d = (dd)})

static struct xy_catalog *cat;

static const char *model_text =
    "{\"model_version\": \"t1\", \"applies_to\": [\"org\"], \"base\": 80, \"floor\": 0, \"ceiling\": 100,"
    " \"full_months\": 12, \"dimensions\": ["
    "  {\"id\": \"penalty\", \"name_zh\": \"行政处罚\", \"cap\": 25, \"recency\": \"publicity\", \"rules\": ["
    "    {\"id\": \"p.revoke\", \"class\": \"penalty\", \"when\": {\"field\": \"penalty_categories\", \"any\": [\"08\"]}, \"points\": -20},"
    "    {\"id\": \"p.big\", \"class\": \"penalty\", \"when\": {\"field\": \"fine_wan\", \"min_wan\": 10}, \"points\": -8},"
    "    {\"id\": \"p.fine\", \"class\": \"penalty\", \"when\": {\"field\": \"penalty_categories\", \"any\": [\"03\"]}, \"points\": -3},"
    "    {\"id\": \"p.other\", \"class\": \"penalty\", \"points\": -2}]},"
    "  {\"id\": \"black\", \"cap\": 60, \"recency\": \"in_force\", \"rules\": ["
    "    {\"id\": \"b.entry\", \"class\": \"black_list\", \"points\": -40}]},"
    "  {\"id\": \"red\", \"cap\": 5, \"recency\": \"none\", \"rules\": ["
    "    {\"id\": \"r.entry\", \"class\": \"red_list\", \"points\": 8.5}]}],"
    " \"grades\": [{\"grade\": \"B\", \"min\": 75, \"max\": 90}, {\"grade\": \"A\", \"min\": 90, \"max\": 100},"
    "   {\"grade\": \"C\", \"min\": 60, \"max\": 75}, {\"grade\": \"D\", \"min\": 0, \"max\": 60}]}";

static struct xy_eval_model *parse(const char *text)
{
    struct xy_eval_model *m = NULL;
    struct xy_error err = {0};
    int rc = xy_eval_model_parse(text, strlen(text), cat, &m, NULL, &err);
    if (rc)
        fail_msg("model refused: %s", err.msg);
    return m;
}

/* A penalty input; keys[0] is penalty_categories (the only code field the test model tests). */
static struct xy_eval_input penalty(int64_t id, const char *cats, int64_t fen, const char *decided,
                                    const char *until)
{
    struct xy_eval_input in = {.record_id = id, .cls = "penalty", .decision_date = decided, .public_until = until,
                               .amount_fen = fen};
    in.keys[0] = cats;
    return in;
}

static int64_t score_of(const struct xy_eval_model *m, const struct xy_eval_input *in, size_t n, struct xy_date day,
                        const char **grade)
{
    struct xy_eval_result res;
    assert_int_equal(xy_eval_score(m, in, n, day, &res), XY_OK);
    int64_t s = res.score;
    if (grade)
        *grade = res.grade ? res.grade->grade : "?";
    xy_eval_result_free(&res);
    return s;
}

static void test_shipped_model(void **state)
{
    (void)state;
    char path[4096];
    size_t len = 0;
    snprintf(path, sizeof path, "%s", getenv("XY_CATALOG"));
    char *slash = strrchr(path, '/');
    assert_non_null(slash);
    snprintf(slash + 1, sizeof path - (size_t)(slash + 1 - path), "eval-model.json");
    char *text = read_all(path, &len);
    assert_non_null(text);
    struct xy_eval_model *m = NULL;
    struct xy_error err = {0};
    assert_int_equal(xy_eval_model_parse(text, len, cat, &m, NULL, &err), XY_OK);
    assert_int_equal(m->ngrades, 4);
    assert_string_equal(m->grades[0].grade, "A"); /* highest first */
    assert_true(m->for_org && m->for_person);
    /* A black-list entry alone takes a subject from the base to 差 (D). */
    struct xy_eval_input in = {.record_id = 1, .cls = "black_list"};
    const char *g;
    assert_int_equal(score_of(m, &in, 1, D(2026, 11, 28), &g), 4000);
    assert_string_equal(g, "D");
    xy_eval_model_free(m);
    free(text);
}

static void test_first_rule_and_bands(void **state)
{
    (void)state;
    struct xy_eval_model *m = parse(model_text);
    struct xy_date day = D(2025, 6, 1); /* within 12 months of every decision below: no fading */
    /* A fine under 10万: p.fine (-3). 12万 (12,000,000 fen... 120,000 yuan): p.big (-8) comes first. */
    struct xy_eval_input a = penalty(1, "03", 5000000, "2025-01-10", "2028-01-10");
    assert_int_equal(score_of(m, &a, 1, day, NULL), 8000 - 300);
    struct xy_eval_input b = penalty(2, "03", 12000000, "2025-01-10", "2028-01-10");
    assert_int_equal(score_of(m, &b, 1, day, NULL), 8000 - 800);
    /* Warning and revocation together: the first rule that fires (revocation) counts, once. */
    struct xy_eval_input c = penalty(3, "01;08", 0, "2025-01-10", "2028-01-10");
    assert_int_equal(score_of(m, &c, 1, day, NULL), 8000 - 2000);
    /* No code the rules name: the catch-all rule. */
    struct xy_eval_input d = penalty(4, "99", 0, "2025-01-10", "2028-01-10");
    assert_int_equal(score_of(m, &d, 1, day, NULL), 8000 - 200);
    /* A code that only contains another as a prefix does not match it: "080" is not "08". */
    struct xy_eval_input e = penalty(5, "080", 0, "2025-01-10", "2028-01-10");
    assert_int_equal(score_of(m, &e, 1, day, NULL), 8000 - 200);
    xy_eval_model_free(m);
}

static void test_fading_by_days(void **state)
{
    (void)state;
    struct xy_eval_model *m = parse(model_text);
    struct xy_eval_input in = penalty(1, "03", 0, "2025-01-01", "2028-01-01");
    /* Full until 12 months after the decision (2026-01-01), inclusive. */
    assert_int_equal(score_of(m, &in, 1, D(2026, 1, 1), NULL), 8000 - 300);
    /* Then linear to nothing at the end of publicity: 2026-01-01 to 2028-01-01 is 730 days; on
     * 2026-07-02, 548 remain (183 to 2027-01-01, 365 more). -300 x 548 / 730 = -225.2, so -225. */
    assert_int_equal(score_of(m, &in, 1, D(2026, 7, 2), NULL), 8000 - 225);
    /* Half way (365 days left): -150 exactly. */
    assert_int_equal(score_of(m, &in, 1, D(2027, 1, 1), NULL), 8000 - 150);
    /* One day left: -300 / 730 = -0.41, rounds to 0 hundredths: no longer a reason. */
    struct xy_eval_result res;
    assert_int_equal(xy_eval_score(m, &in, 1, D(2027, 12, 31), &res), XY_OK);
    assert_int_equal(res.score, 8000);
    assert_int_equal(res.nitems, 0);
    xy_eval_result_free(&res);
    /* A record without a publicity end does not fade. */
    struct xy_eval_input open = penalty(2, "03", 0, "2020-01-01", NULL);
    assert_int_equal(score_of(m, &open, 1, D(2026, 7, 2), NULL), 8000 - 300);
    xy_eval_model_free(m);
}

static void test_caps_and_lists(void **state)
{
    (void)state;
    struct xy_eval_model *m = parse(model_text);
    struct xy_date day = D(2025, 6, 1);
    struct xy_eval_input in[4] = {
        penalty(1, "08", 0, "2025-01-01", "2028-01-01"),
        penalty(2, "08", 0, "2025-01-01", "2028-01-01"),
        penalty(3, "08", 0, "2025-01-01", "2028-01-01"),
        {.record_id = 4, .cls = "red_list"},
    };
    /* Three revocations: -60 raw, the penalty dimension capped at -25; the red list +8.5 capped at +5. */
    struct xy_eval_result res;
    assert_int_equal(xy_eval_score(m, in, 4, day, &res), XY_OK);
    assert_int_equal(res.dims[0].raw, -6000);
    assert_int_equal(res.dims[0].counted, -2500);
    assert_int_equal(res.dims[2].raw, 850);
    assert_int_equal(res.dims[2].counted, 500);
    assert_int_equal(res.score, 8000 - 2500 + 500);
    assert_string_equal(res.grade->grade, "C");
    assert_int_equal(res.nitems, 4);
    assert_int_equal(res.items[0].points, -2000); /* largest effect first, then by record */
    assert_int_equal(res.items[0].record_id, 1);
    assert_int_equal(res.items[3].record_id, 4);
    xy_eval_result_free(&res);
    /* A black-list entry counts while in force, not after its valid-to day. */
    struct xy_eval_input black = {.record_id = 9, .cls = "black_list", .valid_to = "2025-06-01"};
    assert_int_equal(score_of(m, &black, 1, D(2025, 6, 1), NULL), 4000);
    assert_int_equal(score_of(m, &black, 1, D(2025, 6, 2), NULL), 8000);
    xy_eval_model_free(m);
}

static void test_grade_edges(void **state)
{
    (void)state;
    struct xy_eval_model *m = parse(model_text);
    assert_string_equal(xy_eval_grade_of(m, 10000)->grade, "A"); /* the ceiling belongs to the top band */
    assert_string_equal(xy_eval_grade_of(m, 9000)->grade, "A");
    assert_string_equal(xy_eval_grade_of(m, 8999)->grade, "B");
    assert_string_equal(xy_eval_grade_of(m, 7500)->grade, "B");
    assert_string_equal(xy_eval_grade_of(m, 7499)->grade, "C");
    assert_string_equal(xy_eval_grade_of(m, 0)->grade, "D");
    assert_null(xy_eval_grade_of(m, 10001));
    xy_eval_model_free(m);
}

static void test_refused_whole(void **state)
{
    (void)state;
    const char *bad =
        "{\"model_version\": \"bad\", \"applies_to\": [\"org\"], \"base\": 80, \"floor\": 0, \"ceiling\": 100,"
        " \"full_months\": 12, \"dimensions\": ["
        "  {\"id\": \"a\", \"cap\": -1, \"recency\": \"none\", \"rules\": ["
        "    {\"id\": \"a.1\", \"class\": \"no_such_class\", \"points\": -1},"
        "    {\"id\": \"a.2\", \"class\": \"penalty\", \"when\": {\"field\": \"no_such_field\", \"any\": [\"01\"]}, \"points\": -1},"
        "    {\"id\": \"a.3\", \"class\": \"penalty\", \"when\": {\"field\": \"penalty_categories\", \"any\": [\"77\"]}, \"points\": -1}]}],"
        " \"grades\": [{\"grade\": \"A\", \"min\": 80, \"max\": 100}, {\"grade\": \"B\", \"min\": 70, \"max\": 85},"
        "   {\"grade\": \"D\", \"min\": 0, \"max\": 70}]}";
    struct xy_eval_model *m = NULL;
    struct xy_error err = {0};
    char *faults = NULL;
    assert_int_equal(xy_eval_model_parse(bad, strlen(bad), cat, &m, &faults, &err), XY_EINVAL);
    assert_null(m);
    assert_non_null(faults);
    assert_non_null(strstr(faults, "cap is below zero"));
    assert_non_null(strstr(faults, "unknown class \"no_such_class\""));
    assert_non_null(strstr(faults, "has no field \"no_such_field\""));
    assert_non_null(strstr(faults, "code \"77\" is not in"));
    assert_non_null(strstr(faults, "bands A and B overlap"));
    assert_non_null(strstr(err.msg, "5 faults"));
    /* Each line is "中文 (English)". */
    char *save = NULL;
    for (char *line = strtok_r(faults, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
        assert_bilingual(line);
    xy_free(faults);
    /* A gap between bands is a fault too. */
    const char *gap = "{\"model_version\": \"g\", \"applies_to\": [\"org\"], \"base\": 80, \"floor\": 0, \"ceiling\": 100,"
                      " \"full_months\": 12, \"dimensions\": [{\"id\": \"b\", \"cap\": 10, \"rules\": ["
                      " {\"id\": \"b.1\", \"class\": \"black_list\", \"points\": -1}]}],"
                      " \"grades\": [{\"grade\": \"A\", \"min\": 80, \"max\": 100}, {\"grade\": \"D\", \"min\": 0, \"max\": 70}]}";
    assert_int_equal(xy_eval_model_parse(gap, strlen(gap), cat, &m, &faults, &err), XY_EINVAL);
    assert_non_null(strstr(faults, "a gap between bands D and A"));
    xy_free(faults);
}

static void test_reproducible(void **state)
{
    (void)state;
    struct xy_eval_model *m = parse(model_text);
    struct xy_eval_input in[3] = {
        penalty(7, "03", 0, "2025-03-01", "2027-03-01"),
        penalty(3, "08", 0, "2025-02-01", "2028-02-01"),
        {.record_id = 5, .cls = "red_list"},
    };
    struct xy_eval_result a, b;
    assert_int_equal(xy_eval_score(m, in, 3, D(2026, 8, 15), &a), XY_OK);
    assert_int_equal(xy_eval_score(m, in, 3, D(2026, 8, 15), &b), XY_OK);
    assert_int_equal(a.score, b.score);
    assert_int_equal(a.nitems, b.nitems);
    for (size_t i = 0; i < a.nitems; i++) {
        assert_int_equal(a.items[i].record_id, b.items[i].record_id);
        assert_int_equal(a.items[i].points, b.items[i].points);
    }
    xy_eval_result_free(&a);
    xy_eval_result_free(&b);
    xy_eval_model_free(m);
}

static int setup(void **state)
{
    (void)state;
    cat = load_test_catalog();
    return cat ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    xy_catalog_free(cat);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_model),    cmocka_unit_test(test_first_rule_and_bands),
        cmocka_unit_test(test_fading_by_days),   cmocka_unit_test(test_caps_and_lists),
        cmocka_unit_test(test_grade_edges),      cmocka_unit_test(test_refused_whole),
        cmocka_unit_test(test_reproducible),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
