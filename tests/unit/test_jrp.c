/* SPDX-License-Identifier: Apache-2.0 */
/* Matching rules of joint reward and punishment (src/core/jrp.c): list type against the memorandum's
 * target, matter and department applicability, validity windows, and the policy check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/jrp.h"
#include "testutil.h"

static json_t *arr(const char *text)
{
    json_error_t e;
    json_t *a = json_loads(text, 0, &e);
    assert_non_null(a);
    return a;
}

static void test_entry_active(void **state)
{
    (void)state;
    assert_true(xy_jrp_entry_active("2025-01-01", "2027-01-01", "2026-11-28"));
    assert_true(xy_jrp_entry_active("2026-11-28", "2026-11-28", "2026-11-28")); /* both ends count */
    assert_false(xy_jrp_entry_active("2025-01-01", "2026-11-27", "2026-11-28")); /* expired yesterday */
    assert_false(xy_jrp_entry_active("2026-11-29", NULL, "2026-11-28"));         /* not yet */
    assert_true(xy_jrp_entry_active(NULL, NULL, "2026-11-28"));                  /* open ended */
}

static void test_targets(void **state)
{
    (void)state;
    assert_true(xy_jrp_targets("black_list", NULL, "black_list", "市场监管"));
    assert_true(xy_jrp_targets("black_list", "", "black_list", NULL));
    assert_true(xy_jrp_targets("black_list", "失信被执行人", "black_list", "失信被执行人"));
    assert_false(xy_jrp_targets("black_list", "失信被执行人", "black_list", "市场监管"));
    assert_false(xy_jrp_targets("black_list", "失信被执行人", "black_list", NULL));
    assert_false(xy_jrp_targets("red_list", NULL, "black_list", NULL)); /* list type must match */
    assert_false(xy_jrp_targets("black_list", NULL, "watch_list", NULL));
}

static void test_measure_applies(void **state)
{
    (void)state;
    json_t *none = arr("[]"), *depts = arr("[\"11420100MB1514396X\"]"), *matters = arr("[\"420100-CG-001\"]");
    const char *d = "11420100MB1514396X", *other = "11230500001755309F", *today = "2026-11-28";
    assert_true(xy_jrp_measure_applies(none, none, NULL, NULL, d, "X", today)); /* empty = all */
    assert_true(xy_jrp_measure_applies(depts, matters, NULL, NULL, d, "420100-CG-001", today));
    assert_false(xy_jrp_measure_applies(depts, matters, NULL, NULL, other, "420100-CG-001", today));
    assert_false(xy_jrp_measure_applies(depts, matters, NULL, NULL, d, "420100-SP-014", today));
    assert_true(xy_jrp_measure_applies(none, matters, NULL, NULL, other, "420100-CG-001", today));
    assert_false(xy_jrp_measure_applies(none, none, "2027-01-01", NULL, d, "X", today)); /* not in force yet */
    assert_false(xy_jrp_measure_applies(none, none, NULL, "2026-01-01", d, "X", today)); /* lapsed */
    json_decref(none);
    json_decref(depts);
    json_decref(matters);
}

static int check(const char *text, char *msg, size_t size)
{
    json_error_t e;
    struct xy_error err = {0};
    json_t *p = json_loads(text, 0, &e);
    assert_non_null(p);
    int rc = xy_jrp_policy_check(p, NULL, NULL, &err);
    json_decref(p);
    snprintf(msg, size, "%s", err.msg);
    return rc;
}

#define MEMO(target, measure)                                                                                  \
    "{\"matters\":[{\"code\":\"M1\",\"name\":\"n\"}],\"memoranda\":[{\"doc_no\":\"D1\",\"title\":\"t\","        \
    "\"target\":" target ",\"measures\":[" measure "]}]}"

static void test_policy_check(void **state)
{
    char msg[512];
    (void)state;
    assert_int_equal(check(MEMO("{\"class\":\"black_list\"}", "{\"code\":\"C1\",\"kind\":\"punish\",\"action\":\"block\","
                                                             "\"text\":\"x\",\"legal_basis\":\"法\",\"matters\":[\"M1\"]}"),
                           msg, sizeof msg),
                     XY_OK);
    /* No legal basis: refused, naming memorandum and measure. */
    assert_int_equal(check(MEMO("{\"class\":\"black_list\"}",
                                "{\"code\":\"C1\",\"kind\":\"punish\",\"action\":\"block\",\"text\":\"x\"}"),
                           msg, sizeof msg),
                     XY_EINVAL);
    assert_bilingual(msg); /* the document number in the Chinese part, the memorandum's place in the English */
    assert_non_null(strstr(msg, "备忘录 D1 的措施 C1 缺少法律依据"));
    assert_non_null(strstr(msg, "(memorandum 1, measure C1 has no legal basis"));
    assert_int_equal(check(MEMO("{\"class\":\"black_list\"}", "{\"code\":\"C1\",\"kind\":\"punish\",\"action\":\"block\","
                                                             "\"text\":\"x\",\"legal_basis\":\"\"}"),
                           msg, sizeof msg),
                     XY_EINVAL);
    /* A reward cannot target a black list, nor a punishment the red list. */
    assert_int_equal(check(MEMO("{\"class\":\"black_list\"}", "{\"code\":\"C1\",\"kind\":\"reward\",\"action\":\"priority\","
                                                             "\"text\":\"x\",\"legal_basis\":\"法\"}"),
                           msg, sizeof msg),
                     XY_EINVAL);
    assert_int_equal(check(MEMO("{\"class\":\"red_list\"}", "{\"code\":\"C1\",\"kind\":\"punish\",\"action\":\"block\","
                                                           "\"text\":\"x\",\"legal_basis\":\"法\"}"),
                           msg, sizeof msg),
                     XY_EINVAL);
    /* Unknown action, target class, matter, bad department code. */
    assert_int_equal(check(MEMO("{\"class\":\"black_list\"}", "{\"code\":\"C1\",\"kind\":\"punish\",\"action\":\"fine\","
                                                             "\"text\":\"x\",\"legal_basis\":\"法\"}"),
                           msg, sizeof msg),
                     XY_EINVAL);
    assert_int_equal(check(MEMO("{\"class\":\"penalty\"}", "{\"code\":\"C1\",\"kind\":\"punish\",\"action\":\"block\","
                                                          "\"text\":\"x\",\"legal_basis\":\"法\"}"),
                           msg, sizeof msg),
                     XY_EINVAL);
    assert_int_equal(check(MEMO("{\"class\":\"black_list\"}", "{\"code\":\"C1\",\"kind\":\"punish\",\"action\":\"block\","
                                                             "\"text\":\"x\",\"legal_basis\":\"法\",\"matters\":[\"M9\"]}"),
                           msg, sizeof msg),
                     XY_EINVAL);
    assert_non_null(strstr(msg, "unknown matter M9"));
    assert_int_equal(check(MEMO("{\"class\":\"black_list\"}", "{\"code\":\"C1\",\"kind\":\"punish\",\"action\":\"block\","
                                                             "\"text\":\"x\",\"legal_basis\":\"法\",\"depts\":[\"1142\"]}"),
                           msg, sizeof msg),
                     XY_EINVAL);
    /* No measures at all. */
    assert_int_equal(check("{\"memoranda\":[{\"doc_no\":\"D1\",\"title\":\"t\",\"target\":{\"class\":\"black_list\"},"
                           "\"measures\":[]}]}",
                           msg, sizeof msg),
                     XY_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_entry_active),
        cmocka_unit_test(test_targets),
        cmocka_unit_test(test_measure_applies),
        cmocka_unit_test(test_policy_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
