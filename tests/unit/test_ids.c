/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of the identifier checks: src/core/{ids,region,orgcode,uscc,ric,idcheck}.c. The
 * expected values are the worked examples of DOMAIN §1.5, §2.2 and §2.3, plus codes built here
 * with hand-checked check characters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/idcheck.h"
#include "core/ids.h"
#include "core/orgcode.h"
#include "core/region.h"
#include "core/ric.h"
#include "core/uscc.h"

/* A fixed "today" for the birthdate rule. */
static const struct xy_id_date today = {2024, 6, 1};

static enum xy_id_rule uscc_rule(const char *s)
{
    return xy_uscc_check(s, strlen(s), NULL);
}

static enum xy_id_rule ric_rule(const char *s)
{
    return xy_ric_check(s, strlen(s), &today, NULL);
}

static enum xy_id_rule org_rule(const char *s)
{
    return xy_orgcode_check(s, strlen(s), NULL);
}

/* ---- USCC ---------------------------------------------------------------------------------- */

/* DOMAIN §1.5 table: code, outer check, inner check. */
static const struct {
    const char *code;
    char outer;
    char inner;
} uscc_examples[] = {
    {"91110000600037341L", 'L', '1'}, {"91420684MA4927PJ7B", 'B', '7'},
    {"121200004013590816", '6', '1'}, {"9144030071526726XG", 'G', 'X'},
    {"92340602MA2PBMEM24", '4', '2'}, {"11230500001755309F", 'F', '9'},
};

static void test_uscc_worked_examples(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof uscc_examples / sizeof uscc_examples[0]; i++) {
        const char *c = uscc_examples[i].code;
        struct xy_id_result res;

        assert_int_equal(xy_uscc_check_char(c), uscc_examples[i].outer);
        assert_int_equal(xy_orgcode_check_char(c + 8), uscc_examples[i].inner);
        assert_int_equal(xy_uscc_check(c, 18, &res), XY_ID_OK);
        assert_int_equal(res.rule, XY_ID_OK);
        assert_int_equal(res.kind, XY_ID_KIND_USCC);
        assert_false(res.placeholder);
        assert_string_equal(res.normalized, c);
    }
}

static void test_uscc_more_valid(void **state)
{
    static const char *codes[] = {
        "91310115MA1K3BTP2B", "91340600MA2PBM9HXD", "91620105L015101280",
        "913101127033980359", "92340621MA2UK3PJXE", "91230500MA1B3N1N2M",
    };
    (void)state;
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        assert_int_equal(uscc_rule(codes[i]), XY_ID_OK);
        assert_int_equal(xy_orgcode_check_char(codes[i] + 8), codes[i][16]);
        assert_int_equal(xy_uscc_check_char(codes[i]), codes[i][17]);
    }
}

static void test_uscc_letter_authorities(void **state)
{
    struct xy_uscc_parts p;
    (void)state;
    /* Built on the body MA4927PJ-7 with outer checks computed by hand-checked arithmetic. */
    assert_int_equal(xy_uscc_check_char("A1420100MA4927PJ7"), 'T');
    assert_int_equal(uscc_rule("A1420100MA4927PJ7T"), XY_ID_OK);
    assert_int_equal(uscc_rule("N2420100MA4927PJ7B"), XY_ID_OK);
    assert_int_equal(uscc_rule("N3420100MA4927PJ78"), XY_ID_OK);
    assert_int_equal(uscc_rule("Y1420100MA4927PJ76"), XY_ID_OK);
    /* python-stdnum rejects A1110000600037341L for its letter; here A is known and it fails
     * only its check character, whose correct value is K. */
    assert_int_equal(uscc_rule("A1110000600037341L"), XY_ID_RULE_CHECKSUM);
    assert_int_equal(uscc_rule("A1110000600037341K"), XY_ID_OK);

    assert_int_equal(xy_uscc_decompose("A1420100MA4927PJ7T", &p), 0);
    assert_int_equal(p.authority, 'A');
    assert_string_equal(p.authority_name, "中央军委改革和编制办公室");
    assert_string_equal(p.category_name, "军队事业单位");
}

static void test_uscc_rules(void **state)
{
    (void)state;
    /* length */
    assert_int_equal(uscc_rule("91110000600037341"), XY_ID_RULE_LENGTH);
    assert_int_equal(uscc_rule("91110000600037341LL"), XY_ID_RULE_LENGTH);
    assert_int_equal(uscc_rule(""), XY_ID_RULE_LENGTH);
    /* charset: I, O, Z, S, V are outside the alphabet */
    assert_int_equal(uscc_rule("91420684MI4927PJ7B"), XY_ID_RULE_CHARSET);
    assert_int_equal(uscc_rule("91420684MO4927PJ7B"), XY_ID_RULE_CHARSET);
    assert_int_equal(uscc_rule("91420684MZ4927PJ7B"), XY_ID_RULE_CHARSET);
    assert_int_equal(uscc_rule("91420684MS4927PJ7B"), XY_ID_RULE_CHARSET);
    assert_int_equal(uscc_rule("91420684MA4927PJ7V"), XY_ID_RULE_CHARSET);
    /* charset: letters in pos 2-8, a letter other than A/N/Y in pos 1 */
    assert_int_equal(uscc_rule("9A110000600037341L"), XY_ID_RULE_CHARSET);
    assert_int_equal(uscc_rule("911A0000600037341L"), XY_ID_RULE_CHARSET);
    assert_int_equal(uscc_rule("B1110000600037341L"), XY_ID_RULE_CHARSET);
    assert_int_equal(uscc_rule("91110000600037341-"), XY_ID_RULE_CHARSET);
    /* category: unknown authority; category not allowed for the authority */
    assert_int_equal(uscc_rule("01420100600037341B"), XY_ID_RULE_CATEGORY);
    assert_int_equal(uscc_rule("94420100600037341Q"), XY_ID_RULE_CATEGORY);
    assert_int_equal(uscc_rule("99110000600037341L"), XY_ID_RULE_CATEGORY);
    assert_int_equal(uscc_rule("Y24201006000373419"), XY_ID_RULE_CATEGORY);
    assert_int_equal(uscc_rule("17110000600037341L"), XY_ID_RULE_CATEGORY);
    /* region: 99 unknown; 10 only as 100000 (correct checks in all three) */
    assert_int_equal(uscc_rule("91990000600037341B"), XY_ID_RULE_REGION);
    assert_int_equal(uscc_rule("91101000600037341W"), XY_ID_RULE_REGION);
    assert_int_equal(uscc_rule("11100000600037341Q"), XY_ID_OK);
    /* checksum: flipped outer check; wrong inner check with the outer one recomputed */
    assert_int_equal(uscc_rule("91110000600037341M"), XY_ID_RULE_CHECKSUM);
    assert_int_equal(uscc_rule("91420684MA4927PJ7C"), XY_ID_RULE_CHECKSUM);
    assert_int_equal(xy_uscc_check_char("91110000600037342"), 'P');
    assert_int_equal(uscc_rule("91110000600037342P"), XY_ID_RULE_CHECKSUM);
    /* the first failing rule wins: bad region and bad check -> region */
    assert_int_equal(uscc_rule("91990000600037341L"), XY_ID_RULE_REGION);
}

static void test_uscc_placeholder(void **state)
{
    struct xy_id_result res;
    (void)state;
    assert_int_equal(xy_uscc_check_char("00000000000000000"), '0');
    assert_int_equal(xy_uscc_check(XY_USCC_PLACEHOLDER, 18, &res), XY_ID_RULE_CATEGORY);
    assert_true(res.placeholder);
    assert_true(xy_uscc_is_placeholder("00000000000000000X", 18));
    assert_true(xy_uscc_is_placeholder(" 00000000000000000x ", 20));
    assert_false(xy_uscc_is_placeholder("000000000000000000", 18));
    assert_false(xy_uscc_is_placeholder("91110000600037341L", 18));
    assert_int_equal(xy_uscc_check("000000000000000000", 18, &res), XY_ID_RULE_CATEGORY);
    assert_false(res.placeholder);
}

static void test_uscc_decompose(void **state)
{
    struct xy_uscc_parts p;
    (void)state;
    assert_int_equal(xy_uscc_decompose("91420684MA4927PJ7B", &p), 0);
    assert_int_equal(p.authority, '9');
    assert_string_equal(p.authority_name, "工商");
    assert_int_equal(p.category, '1');
    assert_string_equal(p.category_name, "企业");
    assert_string_equal(p.category_name_en, "enterprise");
    assert_string_equal(p.region, "420684");
    assert_non_null(p.province);
    assert_string_equal(p.province->name, "湖北省");
    assert_string_equal(p.orgcode, "MA4927PJ7");
    assert_int_equal(p.check, 'B');

    assert_int_equal(xy_uscc_decompose("11230500001755309F", &p), 0);
    assert_string_equal(p.authority_name, "机构编制");
    assert_string_equal(p.category_name, "机关");
    assert_string_equal(p.province->name, "黑龙江省");

    assert_int_equal(xy_uscc_decompose("94420100600037341Q", &p), -1);
    assert_null(p.category_name);
}

static void test_uscc_check_char_rejects(void **state)
{
    (void)state;
    assert_int_equal(xy_uscc_check_char("9111000060003734I"), 0);
    assert_int_equal(xy_uscc_char_value('Y'), 30);
    assert_int_equal(xy_uscc_char_value('M'), 21);
    assert_int_equal(xy_uscc_char_value('I'), -1);
    assert_int_equal(xy_uscc_char_value('\0'), -1);
}

/* ---- organisation code --------------------------------------------------------------------- */

static void test_orgcode(void **state)
{
    struct xy_id_result res;
    (void)state;
    /* its own value table: M = 22, P = 25, J = 19 (DOMAIN §1.4) */
    assert_int_equal(xy_orgcode_check_char("MA4927PJ"), '7');
    assert_int_equal(xy_orgcode_check_char("60003734"), '1');
    assert_int_equal(xy_orgcode_check_char("71526726"), 'X');
    assert_int_equal(xy_orgcode_check_char("MA2PBMEM"), '2');
    assert_int_equal(xy_orgcode_check_char("6000373a"), 0);

    assert_int_equal(xy_orgcode_check("60003734-1", 10, &res), XY_ID_OK);
    assert_string_equal(res.normalized, "600037341");
    assert_int_equal(res.kind, XY_ID_KIND_ORGCODE);
    assert_int_equal(org_rule("600037341"), XY_ID_OK);
    assert_int_equal(org_rule("MA4927PJ-7"), XY_ID_OK);
    assert_int_equal(xy_orgcode_check("71526726-x", 10, &res), XY_ID_OK);
    assert_string_equal(res.normalized, "71526726X");
    assert_int_equal(org_rule("60003734－1"), XY_ID_OK); /* full-width hyphen */
    /* the full Latin alphabet is allowed in the body, unlike in the USCC */
    assert_int_equal(xy_orgcode_check_char("ABCDEFGI"), '3');
    assert_int_equal(org_rule("ABCDEFGI-3"), XY_ID_OK);

    assert_int_equal(org_rule("60003734"), XY_ID_RULE_LENGTH);
    assert_int_equal(org_rule("60003734--1"), XY_ID_RULE_LENGTH);
    assert_int_equal(org_rule("6000373441"), XY_ID_RULE_LENGTH);
    assert_int_equal(org_rule("6000373-41"), XY_ID_RULE_CHARSET);
    assert_int_equal(org_rule("60003734-"), XY_ID_RULE_CHARSET);
    assert_int_equal(org_rule("ma4927pj7"), XY_ID_RULE_CHARSET);
    assert_int_equal(org_rule("60003734A"), XY_ID_RULE_CHARSET);
    assert_int_equal(org_rule("60003734-2"), XY_ID_RULE_CHECKSUM);
    assert_int_equal(org_rule("71526726-0"), XY_ID_RULE_CHECKSUM);
}

/* ---- resident ID number -------------------------------------------------------------------- */

static void test_ric_worked_examples(void **state)
{
    static const char *valid[] = {
        "360426199101010071", "44011320141005001X", "412723199010050012",
        "110102199101010078", "34052419800101001X",
    };
    struct xy_id_result res;
    (void)state;
    for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
        assert_int_equal(xy_ric_check_char(valid[i]), valid[i][17]);
        assert_int_equal(xy_ric_check(valid[i], 18, &today, &res), XY_ID_OK);
        assert_string_equal(res.normalized, valid[i]);
        assert_string_equal(res.upgraded, "");
    }
    /* S1's negatives: wrong check (expects 3), month 13 */
    assert_int_equal(xy_ric_check_char("36042619910102009"), '3');
    assert_int_equal(ric_rule("36042619910102009X"), XY_ID_RULE_CHECKSUM);
    assert_int_equal(ric_rule("360426199101020093"), XY_ID_OK);
    assert_int_equal(ric_rule("360426199113010079"), XY_ID_RULE_BIRTHDATE);
}

static void test_ric_rules(void **state)
{
    (void)state;
    /* length */
    assert_int_equal(ric_rule("36042619910101007"), XY_ID_RULE_LENGTH);
    assert_int_equal(ric_rule("3604261991010100711"), XY_ID_RULE_LENGTH);
    assert_int_equal(ric_rule("3604261991010"), XY_ID_RULE_LENGTH);
    /* charset */
    assert_int_equal(ric_rule("36042619910101007A"), XY_ID_RULE_CHARSET);
    assert_int_equal(ric_rule("3604261991010100X1"), XY_ID_RULE_CHARSET);
    assert_int_equal(ric_rule("37080294022100X"), XY_ID_RULE_CHARSET);
    /* region: 10 is not a province for people; 99 unknown; 71/81/82 allowed */
    assert_int_equal(ric_rule("100000199001010011"), XY_ID_RULE_REGION);
    assert_int_equal(ric_rule("990000199001010011"), XY_ID_RULE_REGION);
    assert_int_equal(ric_rule("710000199001010015"), XY_ID_OK);
    assert_int_equal(ric_rule("810000199001010019"), XY_ID_OK);
    assert_int_equal(ric_rule("820000199001010010"), XY_ID_OK);
    /* birthdate: Feb 30; leap years; before 1900; after today; today itself */
    assert_int_equal(ric_rule("110102199102300018"), XY_ID_RULE_BIRTHDATE);
    assert_int_equal(ric_rule("110102200002290014"), XY_ID_OK);
    assert_int_equal(ric_rule("110102190002290014"), XY_ID_RULE_BIRTHDATE);
    assert_int_equal(ric_rule("110102199902290014"), XY_ID_RULE_BIRTHDATE);
    assert_int_equal(ric_rule("110102189912310014"), XY_ID_RULE_BIRTHDATE);
    assert_int_equal(ric_rule("110102190001010010"), XY_ID_OK);
    assert_int_equal(ric_rule("110102202406010014"), XY_ID_OK);
    assert_int_equal(ric_rule("11010220240602001X"), XY_ID_RULE_BIRTHDATE);
    assert_int_equal(ric_rule("110102199100010011"), XY_ID_RULE_BIRTHDATE);
    /* checksum: flipped check char */
    assert_int_equal(ric_rule("360426199101010072"), XY_ID_RULE_CHECKSUM);
    assert_int_equal(ric_rule("440113201410050010"), XY_ID_RULE_CHECKSUM);
    assert_int_equal(xy_ric_check_char("3604261991010100A"), 0);
}

static void test_ric_legacy_upgrade(void **state)
{
    static const char *pairs[][2] = {
        {"370802940221002", "370802199402210029"},
        {"370986890623212", "370986198906232123"},
        {"370725881105149", "37072519881105149X"},
    };
    struct xy_id_result res;
    char out[19];
    (void)state;
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        assert_int_equal(xy_ric_upgrade(pairs[i][0], out), 0);
        assert_string_equal(out, pairs[i][1]);
        assert_int_equal(xy_ric_check(pairs[i][0], 15, &today, &res), XY_ID_OK);
        assert_string_equal(res.normalized, pairs[i][0]);
        assert_string_equal(res.upgraded, pairs[i][1]);
        assert_int_equal(ric_rule(pairs[i][1]), XY_ID_OK);
    }
    assert_int_equal(xy_ric_upgrade("37080294022100A", out), -1);
    assert_string_equal(out, "");
    /* 15-digit rules: Feb 29 1994 is not real; 99 is no province */
    assert_int_equal(xy_ric_check("370802940229002", 15, &today, &res), XY_ID_RULE_BIRTHDATE);
    assert_string_equal(res.upgraded, "");
    assert_int_equal(ric_rule("990802940221002"), XY_ID_RULE_REGION);
}

static void test_ric_decode(void **state)
{
    struct xy_ric_parts p;
    (void)state;
    assert_int_equal(xy_ric_decode("360426199101010071", 18, &p), 0);
    assert_string_equal(p.region, "360426");
    assert_string_equal(p.province->name, "江西省");
    assert_int_equal(p.birth.year, 1991);
    assert_int_equal(p.birth.month, 1);
    assert_int_equal(p.birth.day, 1);
    assert_int_equal(p.sex, XY_RIC_MALE);

    assert_int_equal(xy_ric_decode("110102199101010027", 18, &p), 0);
    assert_int_equal(p.sex, XY_RIC_FEMALE);
    assert_string_equal(p.province->name, "北京市");

    assert_int_equal(xy_ric_decode("370986890623212", 15, &p), 0);
    assert_int_equal(p.birth.year, 1989);
    assert_int_equal(p.birth.month, 6);
    assert_int_equal(p.birth.day, 23);
    assert_int_equal(p.sex, XY_RIC_FEMALE);

    assert_int_equal(xy_ric_decode("36042619910101", 14, &p), -1);
}

static void test_ric_mask(void **state)
{
    char out[32], tiny[18];
    (void)state;
    assert_int_equal(xy_ric_mask("360426199101010071", 18, out, sizeof out), 0);
    assert_string_equal(out, "3604**********0071");
    assert_int_equal(xy_ric_mask("370802940221002", 15, out, sizeof out), 0);
    assert_string_equal(out, "3708*******1002");
    assert_int_equal(xy_ric_mask("12345678", 8, out, sizeof out), 0);
    assert_string_equal(out, "********");
    assert_int_equal(xy_ric_mask("", 0, out, sizeof out), 0);
    assert_string_equal(out, "");
    /* an 18-character value needs 19 bytes */
    assert_int_equal(xy_ric_mask("360426199101010071", 18, tiny, sizeof tiny), -1);
    assert_string_equal(tiny, "");
    /* characters, not bytes: the kept ends may be multi-byte */
    assert_int_equal(xy_ric_mask("中23456789", 11, out, sizeof out), 0);
    assert_string_equal(out, "中234*6789");
}

/* ---- normalisation ------------------------------------------------------------------------- */

static void test_normalize(void **state)
{
    char out[XY_ID_NORM_SIZE];
    struct xy_id_result res;
    size_t n;
    /* "９１１１００００６０００３７３４１Ｌ" */
    static const char fullwidth[] =
        "\xEF\xBC\x99\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x90\xEF\xBC\x90\xEF\xBC\x90"
        "\xEF\xBC\x90\xEF\xBC\x96\xEF\xBC\x90\xEF\xBC\x90\xEF\xBC\x90\xEF\xBC\x93\xEF\xBC\x97"
        "\xEF\xBC\x93\xEF\xBC\x94\xEF\xBC\x91\xEF\xBC\xAC";
    char longbuf[100];
    (void)state;

    assert_int_equal(xy_id_normalize(fullwidth, strlen(fullwidth), out, sizeof out, &n), XY_ID_OK);
    assert_string_equal(out, "91110000600037341L");
    assert_int_equal(n, 18);
    assert_int_equal(uscc_rule(fullwidth), XY_ID_OK);

    /* trimming: spaces, tabs, U+3000 on both ends */
    assert_int_equal(xy_uscc_check(" \t\u300091110000600037341L\u3000\t ", 26, &res), XY_ID_OK);
    assert_string_equal(res.normalized, "91110000600037341L");
    assert_int_equal(xy_id_normalize("  \t ", 4, out, sizeof out, &n), XY_ID_OK);
    assert_string_equal(out, "");
    assert_int_equal(n, 0);
    /* full-width lower-case folds to ASCII lower case */
    assert_int_equal(xy_id_normalize("\xEF\xBD\x81\xEF\xBD\x9A", 6, out, sizeof out, &n), XY_ID_OK);
    assert_string_equal(out, "az");

    /* lower-case x only where a check X may stand */
    assert_int_equal(xy_ric_check("44011320141005001x", 18, &today, &res), XY_ID_OK);
    assert_string_equal(res.normalized, "44011320141005001X");
    assert_int_equal(ric_rule("44011320141005001\xEF\xBD\x98"), XY_ID_OK); /* full-width x */
    assert_int_equal(xy_uscc_check("9144030071526726xG", 18, &res), XY_ID_OK);
    assert_string_equal(res.normalized, "9144030071526726XG");
    assert_int_equal(uscc_rule("92340621MA2UK3PJXe"), XY_ID_RULE_CHARSET);
    assert_int_equal(uscc_rule("91420684ma4927pj7b"), XY_ID_RULE_CHARSET);
    assert_int_equal(uscc_rule("91420684MA4927PJ7b"), XY_ID_RULE_CHARSET);

    /* nothing else repaired: an internal space in place of a character is a charset failure;
     * an inserted one makes the value too long, and length is checked first */
    assert_int_equal(uscc_rule("9111000060003734 L"), XY_ID_RULE_CHARSET);
    assert_int_equal(ric_rule("360426 99101010071"), XY_ID_RULE_CHARSET);
    assert_int_equal(uscc_rule("91110000 600037341L"), XY_ID_RULE_LENGTH);
    assert_int_equal(ric_rule("3604261991010100一1"), XY_ID_RULE_CHARSET);

    /* over-long input */
    memset(longbuf, '9', sizeof longbuf);
    assert_int_equal(xy_id_normalize(longbuf, sizeof longbuf, out, sizeof out, &n),
                     XY_ID_RULE_LENGTH);
    assert_string_equal(out, "");
    assert_int_equal(xy_uscc_check(longbuf, sizeof longbuf, &res), XY_ID_RULE_LENGTH);
    assert_int_equal(xy_id_normalize("12345", 5, out, 5, &n), XY_ID_RULE_LENGTH);
    assert_int_equal(xy_id_normalize("1234", 4, out, 5, &n), XY_ID_OK);
    assert_string_equal(out, "1234");
}

/* ---- inference ----------------------------------------------------------------------------- */

static void check_any(const char *v, struct xy_id_result *res)
{
    xy_id_check(v, strlen(v), XY_ID_KIND_ANY, &today, res);
}

static void test_infer(void **state)
{
    struct xy_id_result res;
    (void)state;

    check_any("91110000600037341L", &res);
    assert_int_equal(res.kind, XY_ID_KIND_USCC);
    assert_int_equal(res.rule, XY_ID_OK);
    assert_int_equal(res.inference, XY_ID_INFER_UNIQUE);
    assert_int_equal(res.valid_kinds, 1u << XY_ID_KIND_USCC);

    /* all digits, shaped like a RIC, but valid only as a USCC (its "birth date" 0000-40-13) */
    check_any("121200004013590816", &res);
    assert_int_equal(res.kind, XY_ID_KIND_USCC);
    assert_int_equal(res.inference, XY_ID_INFER_UNIQUE);

    check_any("360426199101010071", &res);
    assert_int_equal(res.kind, XY_ID_KIND_RIC);
    assert_int_equal(res.inference, XY_ID_INFER_UNIQUE);

    check_any("370802940221002", &res);
    assert_int_equal(res.kind, XY_ID_KIND_RIC);
    assert_int_equal(res.rule, XY_ID_OK);
    assert_string_equal(res.upgraded, "370802199402210029");

    check_any("60003734-1", &res);
    assert_int_equal(res.kind, XY_ID_KIND_ORGCODE);
    assert_int_equal(res.rule, XY_ID_OK);
    assert_int_equal(res.inference, XY_ID_INFER_UNIQUE);

    /* valid as both: USCC 1/1, region 420119, org 80010102-9; RIC Beijing, born 1980-01-01 */
    check_any("114201198001010298", &res);
    assert_int_equal(res.kind, XY_ID_KIND_RIC);
    assert_int_equal(res.rule, XY_ID_OK);
    assert_int_equal(res.inference, XY_ID_INFER_AMBIGUOUS);
    assert_int_equal(res.valid_kinds, (1u << XY_ID_KIND_USCC) | (1u << XY_ID_KIND_RIC));
    assert_int_equal(uscc_rule("114201198001010298"), XY_ID_OK);
    assert_int_equal(ric_rule("114201198001010298"), XY_ID_OK);

    /* valid as neither: the shape decides */
    check_any("91110000600037341A", &res);
    assert_int_equal(res.kind, XY_ID_KIND_USCC);
    assert_int_equal(res.rule, XY_ID_RULE_CHECKSUM);
    assert_int_equal(res.inference, XY_ID_INFER_GUESSED);
    assert_int_equal(res.valid_kinds, 0);

    check_any("36042619910102009X", &res);
    assert_int_equal(res.kind, XY_ID_KIND_RIC);
    assert_int_equal(res.rule, XY_ID_RULE_CHECKSUM);
    assert_int_equal(res.inference, XY_ID_INFER_GUESSED);

    check_any("60003734-2", &res);
    assert_int_equal(res.kind, XY_ID_KIND_ORGCODE);
    assert_int_equal(res.rule, XY_ID_RULE_CHECKSUM);
    assert_int_equal(res.inference, XY_ID_INFER_GUESSED);

    check_any("6000373-41", &res);
    assert_int_equal(res.kind, XY_ID_KIND_ORGCODE);
    assert_int_equal(res.rule, XY_ID_RULE_CHARSET);

    check_any("12345", &res);
    assert_int_equal(res.kind, XY_ID_KIND_RIC);
    assert_int_equal(res.rule, XY_ID_RULE_LENGTH);
    check_any("hello", &res);
    assert_int_equal(res.kind, XY_ID_KIND_USCC);
    assert_int_equal(res.rule, XY_ID_RULE_LENGTH);

    /* the placeholder is recognised, though shaped like a RIC */
    check_any("00000000000000000X", &res);
    assert_int_equal(res.kind, XY_ID_KIND_USCC);
    assert_int_equal(res.rule, XY_ID_RULE_CATEGORY);
    assert_true(res.placeholder);

    /* a forced kind is not inferred */
    xy_id_check("91110000600037341L", 18, XY_ID_KIND_RIC, &today, &res);
    assert_int_equal(res.kind, XY_ID_KIND_RIC);
    assert_int_equal(res.rule, XY_ID_RULE_CHARSET);
    assert_int_equal(res.inference, XY_ID_INFER_FORCED);
    xy_id_check("114201198001010298", 18, XY_ID_KIND_USCC, &today, &res);
    assert_int_equal(res.kind, XY_ID_KIND_USCC);
    assert_int_equal(res.inference, XY_ID_INFER_FORCED);
}

/* ---- names and regions --------------------------------------------------------------------- */

static void test_names(void **state)
{
    enum xy_id_kind k = XY_ID_KIND_ANY;
    (void)state;
    assert_string_equal(xy_id_kind_name(XY_ID_KIND_USCC), "uscc");
    assert_string_equal(xy_id_kind_name(XY_ID_KIND_RIC), "ric");
    assert_string_equal(xy_id_kind_name(XY_ID_KIND_ORGCODE), "orgcode");
    assert_int_equal(xy_id_kind_parsez("ric", &k), 0);
    assert_int_equal(k, XY_ID_KIND_RIC);
    assert_int_equal(xy_id_kind_parsez("orgcode", &k), 0);
    assert_int_equal(k, XY_ID_KIND_ORGCODE);
    assert_int_equal(xy_id_kind_parsez("any", &k), -1);
    assert_int_equal(xy_id_kind_parsez("USCC", &k), -1);
    assert_int_equal(k, XY_ID_KIND_ORGCODE);

    assert_string_equal(xy_id_rule_name(XY_ID_OK), "ok");
    assert_string_equal(xy_id_rule_name(XY_ID_RULE_LENGTH), "length");
    assert_string_equal(xy_id_rule_name(XY_ID_RULE_CHARSET), "charset");
    assert_string_equal(xy_id_rule_name(XY_ID_RULE_CATEGORY), "category");
    assert_string_equal(xy_id_rule_name(XY_ID_RULE_REGION), "region");
    assert_string_equal(xy_id_rule_name(XY_ID_RULE_BIRTHDATE), "birthdate");
    assert_string_equal(xy_id_rule_name(XY_ID_RULE_CHECKSUM), "checksum");
    /* rules are declared in check order */
    assert_true(XY_ID_RULE_LENGTH < XY_ID_RULE_CHARSET);
    assert_true(XY_ID_RULE_CHARSET < XY_ID_RULE_CATEGORY);
    assert_true(XY_ID_RULE_CATEGORY < XY_ID_RULE_REGION);
    assert_true(XY_ID_RULE_REGION < XY_ID_RULE_BIRTHDATE);
    assert_true(XY_ID_RULE_BIRTHDATE < XY_ID_RULE_CHECKSUM);
}

static void test_region(void **state)
{
    static const char *known[] = {"110000", "150000", "210000", "230000", "310000", "370000",
                                  "410000", "460000", "500000", "540000", "610000", "650000",
                                  "710000", "810000", "820000", "420100"};
    static const char *unknown[] = {"160000", "200000", "240000", "380000", "470000",
                                    "550000", "660000", "720000", "830000", "990000",
                                    "000000", "101000", "1A0000"};
    const struct xy_province *p;
    (void)state;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        assert_non_null(xy_region_province(known[i]));
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
        assert_null(xy_region_province(unknown[i]));
    p = xy_region_province("100000");
    assert_non_null(p);
    assert_true(p->national);
    p = xy_region_province("420102");
    assert_string_equal(p->name, "湖北省");
    assert_string_equal(p->name_en, "Hubei");
    assert_false(p->national);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uscc_worked_examples),
        cmocka_unit_test(test_uscc_more_valid),
        cmocka_unit_test(test_uscc_letter_authorities),
        cmocka_unit_test(test_uscc_rules),
        cmocka_unit_test(test_uscc_placeholder),
        cmocka_unit_test(test_uscc_decompose),
        cmocka_unit_test(test_uscc_check_char_rejects),
        cmocka_unit_test(test_orgcode),
        cmocka_unit_test(test_ric_worked_examples),
        cmocka_unit_test(test_ric_rules),
        cmocka_unit_test(test_ric_legacy_upgrade),
        cmocka_unit_test(test_ric_decode),
        cmocka_unit_test(test_ric_mask),
        cmocka_unit_test(test_normalize),
        cmocka_unit_test(test_infer),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_region),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
