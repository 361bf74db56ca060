/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of src/core/training.c: a quiz is checked whole (each fault named), the public view
 * carries no answer, and scoring counts right answers against the pass mark exactly at its edge. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/training.h"

static const char QUIZ[] =
    "{\"pass_mark\": 60, \"questions\": ["
    "{\"q\": \"一\", \"choices\": [\"a\", \"b\"], \"answer\": 1},"
    "{\"q\": \"二\", \"choices\": [\"a\", \"b\", \"c\"], \"answer\": 2},"
    "{\"q\": \"三\", \"choices\": [\"a\", \"b\"], \"answer\": 0},"
    "{\"q\": \"四\", \"choices\": [\"a\", \"b\"], \"answer\": 0},"
    "{\"q\": \"五\", \"choices\": [\"a\", \"b\"], \"answer\": 1}]}";

static json_t *load(const char *text)
{
    json_error_t e;
    json_t *j = json_loads(text, 0, &e);
    assert_non_null(j);
    return j;
}

static void expect_bad(const char *text, const char *says)
{
    struct xy_error err = {0};
    json_t *q = load(text);
    assert_int_equal(xy_quiz_check(q, &err), XY_EINVAL);
    if (!strstr(err.msg, says))
        fail_msg("expected [%s] in [%s]", says, err.msg);
    json_decref(q);
}

static void test_check(void **state)
{
    (void)state;
    struct xy_error err = {0};
    json_t *q = load(QUIZ);
    assert_int_equal(xy_quiz_check(q, &err), 0);
    json_decref(q);
    expect_bad("[]", "JSON object");
    expect_bad("{\"pass_mark\": 0, \"questions\": [{\"q\":\"x\",\"choices\":[\"a\",\"b\"],\"answer\":0}]}", "pass_mark");
    expect_bad("{\"pass_mark\": 101, \"questions\": [{\"q\":\"x\",\"choices\":[\"a\",\"b\"],\"answer\":0}]}", "pass_mark");
    expect_bad("{\"pass_mark\": 60, \"questions\": []}", "questions");
    expect_bad("{\"pass_mark\": 60, \"questions\": [{\"q\":\"x\",\"choices\":[\"a\"],\"answer\":0}]}", "question 1 needs 2");
    expect_bad("{\"pass_mark\": 60, \"questions\": [{\"q\":\"x\",\"choices\":[\"a\",\"b\"],\"answer\":0},"
               "{\"q\":\"y\",\"choices\":[\"a\",\"b\"],\"answer\":2}]}", "question 2: answer");
    expect_bad("{\"pass_mark\": 60, \"questions\": [{\"q\":\"x\",\"choices\":[\"a\",\"\"],\"answer\":0}]}",
               "question 1, choice 2");
    expect_bad("{\"pass_mark\": 60, \"questions\": [{\"q\":\"\",\"choices\":[\"a\",\"b\"],\"answer\":0}]}", "question 1");
    expect_bad("{\"pass_mark\": 60, \"questions\": [{\"q\":\"x\",\"choices\":[\"a\",\"b\"],\"answer\":0,\"hint\":1}]}",
               "nothing else");
    expect_bad("{\"pass_mark\": 60, \"extra\": 1, \"questions\": []}", "extra");
}

static void test_public_view(void **state)
{
    (void)state;
    json_t *q = load(QUIZ), *p = xy_quiz_public(q);
    assert_non_null(p);
    char *text = json_dumps(p, JSON_COMPACT);
    assert_null(strstr(text, "answer"));
    assert_int_equal(json_array_size(json_object_get(p, "questions")), 5);
    assert_int_equal(json_integer_value(json_object_get(p, "pass_mark")), 60);
    assert_int_equal(json_array_size(json_object_get(json_array_get(json_object_get(p, "questions"), 1), "choices")), 3);
    free(text);
    json_decref(p);
    json_decref(q);
}

static void expect_score(const json_t *q, const char *answers, int right, int passed)
{
    struct xy_error err = {0};
    int r = -1, t = -1, p = -1;
    json_t *a = load(answers);
    assert_int_equal(xy_quiz_score(q, a, &r, &t, &p, &err), 0);
    assert_int_equal(r, right);
    assert_int_equal(t, 5);
    assert_int_equal(p, passed);
    json_decref(a);
}

static void test_score(void **state)
{
    (void)state;
    json_t *q = load(QUIZ);
    expect_score(q, "[1, 2, 0, 0, 1]", 5, 1);
    expect_score(q, "[0, 0, 1, 1, 0]", 0, 0);
    /* 3 of 5 is exactly 60 %: a pass; 2 of 5 is 40 %: not. */
    expect_score(q, "[1, 2, 0, 1, 0]", 3, 1);
    expect_score(q, "[1, 2, 1, 1, 0]", 2, 0);
    struct xy_error err = {0};
    int r, t, p;
    static const char *const bad[] = {"[1, 2, 0, 0]", "[1, 2, 0, 0, 1, 1]", "[1, 3, 0, 0, 1]", "[1, -1, 0, 0, 1]",
                                      "[1, \"2\", 0, 0, 1]", "{}", "[1, 2.0, 0, 0, 1]"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        json_t *a = load(bad[i]);
        assert_int_equal(xy_quiz_score(q, a, &r, &t, &p, &err), XY_EINVAL);
        assert_int_equal(p, 0);
        json_decref(a);
    }
    json_decref(q);
    /* A pass mark of 100 needs every answer right. */
    json_t *all = load("{\"pass_mark\": 100, \"questions\": [{\"q\":\"x\",\"choices\":[\"a\",\"b\"],\"answer\":1},"
                       "{\"q\":\"y\",\"choices\":[\"a\",\"b\"],\"answer\":1},{\"q\":\"z\",\"choices\":[\"a\",\"b\"],"
                       "\"answer\":1}]}");
    json_t *a = load("[1, 1, 0]");
    assert_int_equal(xy_quiz_score(all, a, &r, &t, &p, &err), 0);
    assert_int_equal(r, 2);
    assert_int_equal(p, 0);
    json_decref(a);
    json_decref(all);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check),
        cmocka_unit_test(test_public_view),
        cmocka_unit_test(test_score),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
