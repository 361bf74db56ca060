/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of src/core/validate.c against the real catalogue ($XY_CATALOG): rows of the penalty
 * and licence classes built from {field code, value} lists, checked for the normalised record they
 * give or the field and reason code of each problem. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"
#include <jansson.h>

#include "common/xy_alloc.h"
#include "common/xy_date.h"
#include "common/xy_error.h"
#include "core/catalog.h"
#include "core/validate.h"

static struct xy_catalog *g_cat;

static const struct xy_date TODAY = {2026, 6, 1};

/* ---- fixtures ----------------------------------------------------------------------------- */

static int group_setup(void **state)
{
    (void)state;
    g_cat = load_test_catalog();
    return g_cat ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    xy_catalog_free(g_cat);
    return 0;
}

/* A cell value by field code. value NULL in an override removes the cell (column absent). */
struct kv {
    const char *code;
    const char *value;
};
#define END                                                                                        \
    {                                                                                              \
        NULL, NULL                                                                                 \
    }

static const struct kv PENALTY_ORG[] = {
    {"CF_XDR_MC", "武汉华鑫科技有限公司"},
    {"CF_XDR_LB", "法人及非法人组织"},
    {"CF_XDR_SHXYM", "91110000600037341L"},
    {"CF_FRDB", "张伟"},
    {"CF_WSH", "武市监罚〔2024〕101号"},
    {"CF_WFXW", "无照经营"},
    {"CF_SY", "当事人未取得营业执照从事经营活动"},
    {"CF_YJ", "《无证无照经营查处办法》第十三条"},
    {"CF_CFLB", "罚款"},
    {"CF_NR", "罚款2000元"},
    {"CF_NR_FK", "0.2"},
    {"CF_JDRQ", "2024-03-05"},
    {"CF_YXQ", "2024/3/20"},
    {"CF_CFJG", "武汉市市场监督管理局"},
    {"CF_CFJGDM", "11230500001755309F"},
    {"CF_SJLY", "武汉市市场监督管理局"},
    {"CF_SJLYDM", "11230500001755309F"},
    END,
};

/* The same row about a natural person. */
static const struct kv PERSON[] = {
    {"CF_XDR_MC", "李明"},
    {"CF_XDR_LB", "01"},
    {"CF_XDR_SHXYM", NULL},
    {"CF_FRDB", NULL},
    {"CF_XDR_ZJLX", "01"},
    {"CF_XDR_ZJHM", "360426199101010071"},
    END,
};

static const struct kv LICENSE_ORG[] = {
    {"XK_XDR_MC", "武汉华鑫科技有限公司"},
    {"XK_XDR_LB", "法人"},
    {"XK_XDR_SHXYM", "91420684MA4927PJ7B"},
    {"XK_FRDB", "张伟"},
    {"XK_XKWS", "食品经营许可决定书"},
    {"XK_WSH", "JY14201000012345"},
    {"XK_XKLB", "普通"},
    {"XK_NR", "预包装食品销售"},
    {"XK_JDRQ", "2024年3月5日"},
    {"XK_YXQZ", "20240305"},
    {"XK_YXQZI", "2029-03-04 00:00:00"},
    {"XK_XKJG", "武汉市市场监督管理局"},
    {"XK_XKJGDM", "11230500001755309F"},
    {"XK_ZT", "1"},
    {"XK_LYDW", "武汉市市场监督管理局"},
    {"XK_LYDWDM", "11230500001755309F"},
    END,
};

static const struct xy_class *cls_named(const char *name)
{
    const struct xy_class *c = xy_catalog_class(g_cat, name);
    if (!c)
        fail_msg("class %s missing", name);
    return c;
}

static int fidx(const struct xy_class *c, const char *code)
{
    int i = xy_class_field_lookup(c, code, strlen(code));
    if (i < 0)
        fail_msg("%s: no field %s", c->name, code);
    return i;
}

/* Validates base with the overrides applied (up to three lists, each END-terminated, later ones
 * win). */
static int validate3(const char *cls_name, const struct kv *base, const struct kv *o1,
                     const struct kv *o2, struct xy_date today, struct xy_valrec *rec,
                     struct xy_row_errors *errs)
{
    const struct xy_class *c = cls_named(cls_name);
    struct xy_cell *cells = calloc(c->nfields, sizeof *cells);
    assert_non_null(cells);
    const struct kv *lists[] = {base, o1, o2};
    for (size_t l = 0; l < 3; l++) {
        for (const struct kv *kv = lists[l]; kv && kv->code; kv++) {
            int i = fidx(c, kv->code);
            cells[i].p = kv->value;
            cells[i].n = kv->value ? strlen(kv->value) : 0;
        }
    }
    int rc = xy_validate_row(c, cells, today, rec, errs);
    free(cells);
    if (rc == XY_OK) {
        assert_int_equal(errs->n, 0);
    } else {
        assert_null(rec->fields.data); /* nothing left to release on failure */
        assert_null(rec->sealed.data);
    }
    return rc;
}

static int validate(const char *cls_name, const struct kv *base, const struct kv *over,
                    struct xy_valrec *rec, struct xy_row_errors *errs)
{
    return validate3(cls_name, base, over, NULL, TODAY, rec, errs);
}

static void dump_errors(const struct xy_row_errors *errs)
{
    for (int i = 0; i < errs->n; i++)
        fprintf(stderr, "  error: field %d code %s: %s\n", errs->e[i].field, errs->e[i].code,
                errs->e[i].reason);
}

/* Passes, or fails the test with the errors printed. */
static void expect_ok(const char *cls_name, const struct kv *base, const struct kv *o1,
                      const struct kv *o2, struct xy_date today, struct xy_valrec *rec)
{
    struct xy_row_errors errs;
    int rc = validate3(cls_name, base, o1, o2, today, rec, &errs);
    if (rc != XY_OK) {
        dump_errors(&errs);
        fail_msg("row rejected (rc %d)", rc);
    }
}

static int has_err(const char *cls_name, const struct xy_row_errors *errs, const char *field,
                   const char *code)
{
    int fi = field ? fidx(cls_named(cls_name), field) : -1;
    for (int i = 0; i < errs->n; i++)
        if (errs->e[i].field == fi && strcmp(errs->e[i].code, code) == 0)
            return 1;
    return 0;
}

/* The row is rejected, with exactly one error: `code` on `field`. */
static void expect_only(const char *cls_name, const struct kv *base, const struct kv *over,
                        const char *field, const char *code)
{
    struct xy_valrec rec;
    struct xy_row_errors errs;
    int rc = validate(cls_name, base, over, &rec, &errs);
    if (rc != XY_EINVAL || errs.n != 1 || !has_err(cls_name, &errs, field, code)) {
        dump_errors(&errs);
        fail_msg("expected only %s on %s, got rc %d with %d errors", code, field ? field : "(row)",
                 rc, errs.n);
    }
    assert_true(errs.e[0].reason[0] != '\0');
    assert_false(errs.truncated);
}

/* The value of `key` in a JSON object held in buf (copied to static storage), or NULL. Fails the
 * test when buf is not a JSON object of strings. */
static const char *jstr(const struct xy_buf *buf, const char *key)
{
    static char out[8192];
    json_error_t jerr;
    json_t *obj = json_loadb(buf->data ? buf->data : "", buf->len, JSON_REJECT_DUPLICATES, &jerr);
    if (!obj || !json_is_object(obj))
        fail_msg("not a JSON object (%s): %.*s", jerr.text, (int)buf->len,
                 buf->data ? buf->data : "");
    const char *k;
    json_t *v;
    json_object_foreach(obj, k, v)
    {
        if (!json_is_string(v))
            fail_msg("member %s is not a string", k);
    }
    v = json_object_get(obj, key);
    const char *r = NULL;
    if (v) {
        snprintf(out, sizeof out, "%s", json_string_value(v));
        r = out;
    }
    json_decref(obj);
    return r;
}

static const char *fstr(const struct xy_valrec *rec, const char *key)
{
    return jstr(&rec->fields, key);
}

static void assert_date(struct xy_date d, const char *want)
{
    char buf[11];
    xy_date_format(d, buf);
    assert_string_equal(buf, want);
}

/* ---- accepted rows ------------------------------------------------------------------------ */

static void test_org_penalty_ok(void **state)
{
    struct xy_valrec rec;
    (void)state;
    expect_ok("penalty", PENALTY_ORG, NULL, NULL, TODAY, &rec);
    assert_int_equal(rec.kind, XY_SUBJ_ORG);
    assert_string_equal(rec.uscc, "91110000600037341L");
    assert_string_equal(rec.regno, "");
    assert_string_equal(rec.id_key, "");
    assert_string_equal(rec.name, "武汉华鑫科技有限公司");
    assert_string_equal(rec.doc_no, "武市监罚〔2024〕101号");
    assert_date(rec.decision, "2024-03-05");
    assert_date(rec.valid_to, "2024-03-20");
    assert_int_equal(rec.amount_fen, 200000);
    assert_string_equal(rec.severity, "2"); /* the catalogue's default */
    assert_string_equal(rec.sector, "");
    /* 2023 rule, general sector: 3 months .. 3 years */
    assert_date(rec.min_until, "2024-06-05");
    assert_date(rec.public_until, "2027-03-05");
    assert_int_equal(rec.flags, 0);
    assert_int_equal(rec.sealed.len, 0); /* no sealed field filled */
    /* normalised values by English key */
    assert_string_equal(fstr(&rec, "party_category"), "02");
    assert_string_equal(fstr(&rec, "penalty_categories"), "03");
    assert_string_equal(fstr(&rec, "fine_wan"), "0.2");
    assert_string_equal(fstr(&rec, "decision_date"), "2024-03-05");
    assert_string_equal(fstr(&rec, "valid_to"), "2024-03-20");
    assert_string_equal(fstr(&rec, "party_uscc"), "91110000600037341L");
    assert_string_equal(fstr(&rec, "severity"), "2");
    assert_string_equal(fstr(&rec, "procedure"), "1");
    assert_null(fstr(&rec, "sector"));          /* empty, no default */
    assert_null(fstr(&rec, "confiscated_wan")); /* empty */
    assert_null(fstr(&rec, "CF_WSH"));          /* keys, not codes */
    xy_valrec_release(&rec);
    assert_null(rec.fields.data);
    xy_valrec_release(NULL);
}

static void test_amount_sum(void **state)
{
    struct xy_valrec rec;
    static const struct kv over[] = {{"CF_CFLB", "罚款;没收违法所得"}, {"CF_NR_WFFF", "1.5"}, END};
    (void)state;
    expect_ok("penalty", PENALTY_ORG, over, NULL, TODAY, &rec);
    assert_int_equal(rec.amount_fen, 200000 + 1500000); /* fine plus confiscation */
    assert_string_equal(fstr(&rec, "confiscated_wan"), "1.5");
    xy_valrec_release(&rec);

    static const struct kv big[] = {{"CF_NR_FK", "999999999999.999999"}, END};
    expect_ok("penalty", PENALTY_ORG, big, NULL, TODAY, &rec);
    assert_int_equal(rec.amount_fen, INT64_C(999999999999999999));
    xy_valrec_release(&rec);
}

static void test_license_ok(void **state)
{
    struct xy_valrec rec;
    (void)state;
    expect_ok("license", LICENSE_ORG, NULL, NULL, TODAY, &rec);
    assert_int_equal(rec.kind, XY_SUBJ_ORG);
    assert_string_equal(rec.uscc, "91420684MA4927PJ7B");
    assert_string_equal(rec.doc_no, "JY14201000012345");
    assert_date(rec.decision, "2024-03-05");
    assert_date(rec.valid_to, "2029-03-04");
    assert_int_equal(rec.public_until.y, 0); /* no publicity policy: public while valid */
    assert_int_equal(rec.min_until.y, 0);
    assert_int_equal(rec.amount_fen, 0);
    assert_string_equal(fstr(&rec, "license_category"), "01");
    assert_string_equal(fstr(&rec, "valid_from"), "2024-03-05");
    assert_string_equal(fstr(&rec, "valid_to"), "2029-03-04");
    assert_string_equal(fstr(&rec, "status"), "1");
    xy_valrec_release(&rec);
}

static void test_license_errors(void **state)
{
    (void)state;
    static const struct kv order[] = {{"XK_YXQZ", "2029-03-05"}, END};
    expect_only("license", LICENSE_ORG, order, "XK_YXQZI", "date_order");
    static const struct kv cat[] = {{"XK_XKLB", "许可"}, END};
    expect_only("license", LICENSE_ORG, cat, "XK_XKLB", "bad_code");
    static const struct kv status[] = {{"XK_ZT", "3"}, END};
    expect_only("license", LICENSE_ORG, status, "XK_ZT", "bad_code");
    static const struct kv miss[] = {{"XK_XKWS", NULL}, END};
    expect_only("license", LICENSE_ORG, miss, "XK_XKWS", "missing");
    static const struct kv rep[] = {{"XK_FRDB", ""}, END};
    expect_only("license", LICENSE_ORG, rep, "XK_FRDB", "missing"); /* required for 02/03 */
    static const struct kv toolong[] = {
        {"XK_WSH", "12345678901234567890123456789012345678901234567890123456789012345"}, END};
    expect_only("license", LICENSE_ORG, toolong, "XK_WSH", "too_long"); /* 65 > 64 */
}

static void test_person_ok(void **state)
{
    struct xy_valrec rec;
    (void)state;
    expect_ok("penalty", PENALTY_ORG, PERSON, NULL, TODAY, &rec);
    assert_int_equal(rec.kind, XY_SUBJ_PERSON);
    assert_string_equal(rec.uscc, "");
    assert_string_equal(rec.name, "李明");
    assert_string_equal(rec.id_key, "01:360426199101010071");
    assert_string_equal(rec.id_masked, "3604**********0071");
    assert_string_equal(fstr(&rec, "party_id_no"), "3604**********0071");
    assert_string_equal(fstr(&rec, "party_id_type"), "01");
    assert_string_equal(fstr(&rec, "party_category"), "01");
    assert_string_equal(jstr(&rec.sealed, "party_id_no"), "360426199101010071");
    /* the plain number appears nowhere in the public fields */
    assert_non_null(rec.fields.data);
    assert_null(strstr(rec.fields.data, "360426199101010071"));
    assert_null(strstr(rec.fields.data, "19910101"));
    xy_valrec_release(&rec);
    assert_null(rec.sealed.data);

    /* the category as text */
    static const struct kv text[] = {{"CF_XDR_LB", "自然人"}, {"CF_XDR_ZJLX", "居民身份证"}, END};
    expect_ok("penalty", PENALTY_ORG, PERSON, text, TODAY, &rec);
    assert_int_equal(rec.kind, XY_SUBJ_PERSON);
    assert_string_equal(rec.id_key, "01:360426199101010071");
    xy_valrec_release(&rec);
}

static void test_person_15_digit(void **state)
{
    struct xy_valrec rec;
    static const struct kv id15[] = {{"CF_XDR_ZJHM", "370802940221002"}, END};
    (void)state;
    expect_ok("penalty", PENALTY_ORG, PERSON, id15, TODAY, &rec);
    assert_string_equal(rec.id_key, "01:370802199402210029");
    assert_string_equal(jstr(&rec.sealed, "party_id_no"), "370802199402210029");
    assert_string_equal(fstr(&rec, "party_id_no"), "3708**********0029");
    xy_valrec_release(&rec);
}

static void test_individual_biz_placeholder(void **state)
{
    struct xy_valrec rec;
    struct xy_row_errors errs;
    static const struct kv ph[] = {
        {"CF_XDR_LB", "个体工商户"}, {"CF_XDR_SHXYM", "00000000000000000X"}, END};
    static const struct kv regno[] = {{"CF_XDR_GSZC", "420100600123456"}, END};
    (void)state;
    expect_only("penalty", PENALTY_ORG, ph, "CF_XDR_GSZC", "missing");
    expect_ok("penalty", PENALTY_ORG, ph, regno, TODAY, &rec);
    assert_int_equal(rec.kind, XY_SUBJ_INDIVIDUAL_BIZ);
    assert_string_equal(rec.uscc, "");
    assert_string_equal(rec.regno, "420100600123456");
    assert_string_equal(fstr(&rec, "party_regno"), "420100600123456");
    xy_valrec_release(&rec);

    /* lower-case x is the same placeholder */
    static const struct kv phx[] = {
        {"CF_XDR_LB", "04"}, {"CF_XDR_SHXYM", "00000000000000000x"}, END};
    expect_ok("penalty", PENALTY_ORG, phx, regno, TODAY, &rec);
    assert_string_equal(rec.regno, "420100600123456");
    xy_valrec_release(&rec);

    /* the placeholder is for individual businesses only */
    static const struct kv org[] = {{"CF_XDR_SHXYM", "00000000000000000X"}, END};
    assert_int_equal(validate3("penalty", PENALTY_ORG, org, regno, TODAY, &rec, &errs), XY_EINVAL);
    if (!has_err("penalty", &errs, "CF_XDR_SHXYM", "placeholder")) {
        dump_errors(&errs);
        fail_msg("placeholder with 法人 not reported on CF_XDR_SHXYM");
    }
    assert_int_equal(validate("penalty", PENALTY_ORG, org, &rec, &errs), XY_EINVAL);
    assert_true(has_err("penalty", &errs, "CF_XDR_SHXYM", "placeholder"));

    /* an individual business with a real 92 code needs no registration number */
    static const struct kv biz[] = {
        {"CF_XDR_LB", "04"}, {"CF_XDR_SHXYM", "92340602MA2PBMEM24"}, END};
    expect_ok("penalty", PENALTY_ORG, biz, NULL, TODAY, &rec);
    assert_int_equal(rec.kind, XY_SUBJ_INDIVIDUAL_BIZ);
    assert_string_equal(rec.uscc, "92340602MA2PBMEM24");
    xy_valrec_release(&rec);
}

static void test_codes_joined(void **state)
{
    struct xy_valrec rec;
    (void)state;
    static const struct kv a[] = {{"CF_CFLB", "罚款；警告"}, END};
    expect_ok("penalty", PENALTY_ORG, a, NULL, TODAY, &rec);
    assert_string_equal(fstr(&rec, "penalty_categories"), "03;01");
    xy_valrec_release(&rec);
    static const struct kv b[] = {{"CF_CFLB", "罚款、警告, 罚款，03"}, END};
    expect_ok("penalty", PENALTY_ORG, b, NULL, TODAY, &rec);
    assert_string_equal(fstr(&rec, "penalty_categories"), "03;01"); /* duplicates dropped */
    xy_valrec_release(&rec);
    static const struct kv c[] = {{"CF_CFLB", "03;01;"}, END};
    expect_ok("penalty", PENALTY_ORG, c, NULL, TODAY, &rec);
    assert_string_equal(fstr(&rec, "penalty_categories"), "03;01");
    xy_valrec_release(&rec);
    /* warning only: no fine needed, amount 0 */
    static const struct kv d[] = {{"CF_CFLB", "警告"}, {"CF_NR_FK", NULL}, END};
    expect_ok("penalty", PENALTY_ORG, d, NULL, TODAY, &rec);
    assert_int_equal(rec.amount_fen, 0);
    xy_valrec_release(&rec);
    /* one bad part spoils the field */
    static const struct kv e[] = {{"CF_CFLB", "罚款;坐牢"}, END};
    expect_only("penalty", PENALTY_ORG, e, "CF_CFLB", "bad_code");
    /* only separators: empty */
    static const struct kv f[] = {{"CF_CFLB", "；；"}, END};
    struct xy_row_errors errs;
    assert_int_equal(validate("penalty", PENALTY_ORG, f, &rec, &errs), XY_EINVAL);
    assert_true(has_err("penalty", &errs, "CF_CFLB", "missing"));
}

static void test_simple_procedure(void **state)
{
    struct xy_valrec rec;
    (void)state;
    static const struct kv simple[] = {{"CF_CXLX", "2"}, END};
    expect_ok("penalty", PENALTY_ORG, simple, NULL, TODAY, &rec);
    assert_true(rec.flags & XY_RF_UNPUBLISHED);
    assert_string_equal(fstr(&rec, "procedure"), "2");
    xy_valrec_release(&rec);
    static const struct kv text[] = {{"CF_CXLX", "简易程序"}, END};
    expect_ok("penalty", PENALTY_ORG, text, NULL, TODAY, &rec);
    assert_true(rec.flags & XY_RF_UNPUBLISHED);
    xy_valrec_release(&rec);
    static const struct kv normal[] = {{"CF_CXLX", "普通程序"}, END};
    expect_ok("penalty", PENALTY_ORG, normal, NULL, TODAY, &rec);
    assert_false(rec.flags & XY_RF_UNPUBLISHED);
    xy_valrec_release(&rec);
}

static void test_policy_in_record(void **state)
{
    struct xy_valrec rec;
    (void)state;
    /* 2017 rule */
    static const struct kv y2018[] = {{"CF_JDRQ", "2018-06-01"}, {"CF_YXQ", "2018-06-01"}, END};
    expect_ok("penalty", PENALTY_ORG, y2018, NULL, TODAY, &rec);
    assert_date(rec.min_until, "2018-06-01");
    assert_date(rec.public_until, "2019-06-01");
    xy_valrec_release(&rec);
    /* 2019 rule */
    static const struct kv y2020[] = {{"CF_JDRQ", "2020-01-10"}, {"CF_YXQ", "2020-02-01"}, END};
    expect_ok("penalty", PENALTY_ORG, y2020, NULL, TODAY, &rec);
    assert_date(rec.min_until, "2020-04-10");
    assert_date(rec.public_until, "2021-01-10");
    xy_valrec_release(&rec);
    /* special equipment in 2024: at least a year */
    static const struct kv sector[] = {{"CF_HY", "特种设备"}, END};
    expect_ok("penalty", PENALTY_ORG, sector, NULL, TODAY, &rec);
    assert_string_equal(rec.sector, "01");
    assert_date(rec.min_until, "2025-03-05");
    assert_date(rec.public_until, "2027-03-05");
    xy_valrec_release(&rec);
    /* 2026 rule, serious */
    static const struct kv y2026[] = {
        {"CF_JDRQ", "2026-05-01"}, {"CF_YXQ", "2026-05-01"}, {"CF_YZCD", "严重"}, END};
    expect_ok("penalty", PENALTY_ORG, y2026, NULL, TODAY, &rec);
    assert_string_equal(rec.severity, "3");
    assert_date(rec.min_until, "2027-05-01");
    assert_date(rec.public_until, "2029-05-01");
    assert_false(rec.flags & XY_RF_UNPUBLISHED);
    xy_valrec_release(&rec);
    /* 2026 rule, minor: not published at all */
    static const struct kv minor[] = {{"CF_YZCD", "1"}, END};
    expect_ok("penalty", PENALTY_ORG, y2026, minor, TODAY, &rec);
    assert_date(rec.public_until, "2026-05-01");
    assert_true(rec.flags & XY_RF_UNPUBLISHED);
    xy_valrec_release(&rec);
}

static void test_publicity_end(void **state)
{
    struct xy_valrec rec;
    (void)state;
    /* an earlier end shortens the window */
    static const struct kv shorter[] = {{"CF_GSJZQ", "2025-03-05"}, END};
    expect_ok("penalty", PENALTY_ORG, shorter, NULL, TODAY, &rec);
    assert_date(rec.public_until, "2025-03-05");
    assert_string_equal(fstr(&rec, "publicity_end"), "2025-03-05");
    xy_valrec_release(&rec);
    /* a later one does not lengthen it past the policy maximum */
    static const struct kv longer[] = {{"CF_GSJZQ", "2030-01-01"}, END};
    expect_ok("penalty", PENALTY_ORG, longer, NULL, TODAY, &rec);
    assert_date(rec.public_until, "2027-03-05");
    xy_valrec_release(&rec);
    /* before the decision: an error */
    static const struct kv before[] = {{"CF_GSJZQ", "2024-03-04"}, END};
    expect_only("penalty", PENALTY_ORG, before, "CF_GSJZQ", "date_order");
}

static void test_trim(void **state)
{
    struct xy_valrec rec;
    (void)state;
    static const struct kv spaced[] = {
        {"CF_XDR_MC", "\xE3\x80\x80 武汉华鑫科技有限公司\t\xE3\x80\x80"},
        {"CF_XDR_SHXYM", "  91110000600037341L\xE3\x80\x80"},
        {"CF_WSH", " 武市监罚〔2024〕101号 "},
        {"CF_NR_FK", " 0.2\xE3\x80\x80"},
        {"CF_JDRQ", "\xE3\x80\x80"
                    "2024-03-05 "},
        {"CF_XDR_LB", "\xE3\x80\x80法人\xE3\x80\x80"},
        END,
    };
    expect_ok("penalty", PENALTY_ORG, spaced, NULL, TODAY, &rec);
    assert_string_equal(rec.name, "武汉华鑫科技有限公司");
    assert_string_equal(fstr(&rec, "party_name"), "武汉华鑫科技有限公司");
    assert_string_equal(rec.uscc, "91110000600037341L");
    assert_string_equal(rec.doc_no, "武市监罚〔2024〕101号");
    assert_int_equal(rec.amount_fen, 200000);
    assert_date(rec.decision, "2024-03-05");
    xy_valrec_release(&rec);
    /* a value of spaces only is empty */
    static const struct kv blank[] = {{"CF_WSH", " \xE3\x80\x80 "}, END};
    expect_only("penalty", PENALTY_ORG, blank, "CF_WSH", "missing");
}

/* The fields text is JSON whatever the values hold: quotes, backslashes, control characters. */
static void test_fields_json_escaping(void **state)
{
    struct xy_valrec rec;
    (void)state;
    static const struct kv odd[] = {
        {"CF_SY", "他说\"不\"\\C:\\tmp\r\n第二行\t结束"}, /* long text: tabs and line breaks allowed */
        {"BZ", "</script>\r\n"},
        END,
    };
    expect_ok("penalty", PENALTY_ORG, odd, NULL, TODAY, &rec);
    assert_string_equal(fstr(&rec, "facts"), "他说\"不\"\\C:\\tmp\r\n第二行\t结束");
    assert_string_equal(fstr(&rec, "remarks"), "</script>"); /* trailing CR LF trimmed */
    /* members in catalogue order: the same row always gives the same text */
    const char *a = strstr(rec.fields.data, "\"party_name\""),
               *b = strstr(rec.fields.data, "\"doc_no\""),
               *c = strstr(rec.fields.data, "\"remarks\"");
    assert_true(a && b && c && a < b && b < c);
    assert_int_equal(rec.fields.data[0], '{');
    assert_int_equal(rec.fields.data[rec.fields.len - 1], '}');
    xy_valrec_release(&rec);
}

/* ---- rejected rows ------------------------------------------------------------------------ */

static void test_missing(void **state)
{
    (void)state;
    static const struct kv absent[] = {{"CF_WSH", NULL}, END};
    expect_only("penalty", PENALTY_ORG, absent, "CF_WSH", "missing");
    static const struct kv empty[] = {{"CF_SY", ""}, END};
    expect_only("penalty", PENALTY_ORG, empty, "CF_SY", "missing");
    static const struct kv uscc[] = {{"CF_XDR_SHXYM", NULL}, END};
    expect_only("penalty", PENALTY_ORG, uscc, "CF_XDR_SHXYM", "missing"); /* unless 自然人 */
    static const struct kv rep[] = {{"CF_FRDB", NULL}, END};
    expect_only("penalty", PENALTY_ORG, rep, "CF_FRDB", "missing"); /* if 法人/非法人组织 */
    static const struct kv fine[] = {{"CF_NR_FK", NULL}, END};
    expect_only("penalty", PENALTY_ORG, fine, "CF_NR_FK", "missing"); /* categories contain 罚款 */
    static const struct kv conf[] = {{"CF_CFLB", "罚款;没收非法财物"}, END};
    expect_only("penalty", PENALTY_ORG, conf, "CF_NR_WFFF", "missing");
    static const struct kv zk[] = {{"CF_CFLB", "罚款;吊销许可证件"}, END};
    expect_only("penalty", PENALTY_ORG, zk, "CF_NR_ZKDX", "missing");
    static const struct kv lrtype[] = {{"CF_FR_ZJHM", "360426199101010071"}, END};
    expect_only("penalty", PENALTY_ORG, lrtype, "CF_FR_ZJLX",
                "missing"); /* if its number is present */
}

static void test_name_length(void **state)
{
    struct xy_valrec rec;
    char name[201 * 3 + 1];
    (void)state;
    for (int i = 0; i < 201; i++)
        memcpy(name + i * 3, "中", 3);
    name[200 * 3] = '\0';
    const struct kv n200[] = {{"CF_XDR_MC", name}, END};
    expect_ok("penalty", PENALTY_ORG, n200, NULL, TODAY, &rec);
    assert_int_equal(strlen(rec.name), 600);
    xy_valrec_release(&rec);
    memcpy(name + 200 * 3, "中", 3); /* the 201st character back */
    name[201 * 3] = '\0';
    const struct kv n201[] = {{"CF_XDR_MC", name}, END};
    expect_only("penalty", PENALTY_ORG, n201, "CF_XDR_MC", "too_long");
    /* 600 ASCII bytes are 600 characters: too long too */
    char ascii[601];
    memset(ascii, 'a', 600);
    ascii[600] = '\0';
    const struct kv a600[] = {{"CF_XDR_MC", ascii}, END};
    expect_only("penalty", PENALTY_ORG, a600, "CF_XDR_MC", "too_long");
}

static void test_bad_values(void **state)
{
    (void)state;
    static const struct kv date[] = {{"CF_JDRQ", "2024-02-30"}, END};
    expect_only("penalty", PENALTY_ORG, date, "CF_JDRQ", "bad_date");
    static const struct kv date2[] = {{"CF_YXQ", "2024.03.20"}, END};
    expect_only("penalty", PENALTY_ORG, date2, "CF_YXQ", "bad_date");
    static const struct kv uscc[] = {{"CF_XDR_SHXYM", "91110000600037341A"}, END};
    expect_only("penalty", PENALTY_ORG, uscc, "CF_XDR_SHXYM", "bad_uscc");
    static const struct kv uscc2[] = {{"CF_CFJGDM", "1123050000175530"}, END};
    expect_only("penalty", PENALTY_ORG, uscc2, "CF_CFJGDM", "bad_uscc");
    static const struct kv code[] = {{"CF_XDR_LB", "外星人"}, END};
    expect_only("penalty", PENALTY_ORG, code, "CF_XDR_LB", "bad_code");
    static const struct kv code2[] = {{"CF_XDR_LB", "2"}, END};
    expect_only("penalty", PENALTY_ORG, code2, "CF_XDR_LB", "bad_code");
    static const struct kv amount[] = {{"CF_NR_FK", "0.0000001"}, END};
    expect_only("penalty", PENALTY_ORG, amount, "CF_NR_FK", "bad_amount");
    static const struct kv amount2[] = {{"CF_NR_FK", "-0.2"}, END};
    expect_only("penalty", PENALTY_ORG, amount2, "CF_NR_FK", "bad_amount");
    static const struct kv amount3[] = {{"CF_NR_FK", "2000元"}, END};
    expect_only("penalty", PENALTY_ORG, amount3, "CF_NR_FK", "bad_amount");
    static const struct kv org[] = {{"CF_XDR_ZZJG", "60003734-2"}, END};
    expect_only("penalty", PENALTY_ORG, org, "CF_XDR_ZZJG", "bad_orgcode");
    static const struct kv sev[] = {{"CF_YZCD", "4"}, END};
    expect_only("penalty", PENALTY_ORG, sev, "CF_YZCD", "bad_code");
}

static void test_dates(void **state)
{
    struct xy_valrec rec;
    struct xy_row_errors errs;
    (void)state;
    static const struct kv order[] = {{"CF_YXQ", "2024-03-01"}, END};
    expect_only("penalty", PENALTY_ORG, order, "CF_YXQ", "date_order");
    /* the decision day itself is fine as the end of the effect */
    static const struct kv same[] = {{"CF_YXQ", "2024-03-05"}, END};
    expect_ok("penalty", PENALTY_ORG, same, NULL, TODAY, &rec);
    xy_valrec_release(&rec);
    /* decided tomorrow */
    struct xy_date before = {2024, 3, 4}, on = {2024, 3, 5};
    assert_int_equal(validate3("penalty", PENALTY_ORG, NULL, NULL, before, &rec, &errs), XY_EINVAL);
    assert_int_equal(errs.n, 1);
    assert_true(has_err("penalty", &errs, "CF_JDRQ", "future_date"));
    /* decided today */
    expect_ok("penalty", PENALTY_ORG, NULL, NULL, on, &rec);
    xy_valrec_release(&rec);
}

static void test_person_errors(void **state)
{
    (void)state;
    static const struct kv noid[] = {{"CF_XDR_ZJHM", NULL}, END};
    struct xy_valrec rec;
    struct xy_row_errors errs;
    assert_int_equal(validate3("penalty", PENALTY_ORG, PERSON, noid, TODAY, &rec, &errs),
                     XY_EINVAL);
    assert_int_equal(errs.n, 1);
    assert_true(has_err("penalty", &errs, "CF_XDR_ZJHM", "missing"));

    static const struct kv notype[] = {{"CF_XDR_ZJLX", NULL}, END};
    assert_int_equal(validate3("penalty", PENALTY_ORG, PERSON, notype, TODAY, &rec, &errs),
                     XY_EINVAL);
    assert_true(has_err("penalty", &errs, "CF_XDR_ZJLX", "missing"));

    static const struct kv badcheck[] = {{"CF_XDR_ZJHM", "360426199101010072"}, END};
    assert_int_equal(validate3("penalty", PENALTY_ORG, PERSON, badcheck, TODAY, &rec, &errs),
                     XY_EINVAL);
    assert_int_equal(errs.n, 1);
    assert_true(has_err("penalty", &errs, "CF_XDR_ZJHM", "bad_id_no"));
    /* the reason shows the number masked, never in full */
    assert_null(strstr(errs.e[0].reason, "360426199101010072"));

    /* born after "today" */
    static const struct kv future[] = {{"CF_XDR_ZJHM", "360426199101010071"},
                                       {"CF_JDRQ", "1990-01-01"},
                                       {"CF_YXQ", "1990-01-01"},
                                       END};
    struct xy_date t1990 = {1990, 6, 1};
    assert_int_equal(validate3("penalty", PENALTY_ORG, PERSON, future, t1990, &rec, &errs),
                     XY_EINVAL);
    assert_true(has_err("penalty", &errs, "CF_XDR_ZJHM", "bad_id_no"));

    /* a natural person has no USCC */
    static const struct kv uscc[] = {{"CF_XDR_SHXYM", "91110000600037341L"}, END};
    assert_int_equal(validate3("penalty", PENALTY_ORG, PERSON, uscc, TODAY, &rec, &errs),
                     XY_EINVAL);
    assert_true(has_err("penalty", &errs, "CF_XDR_SHXYM", "category_mismatch"));

    /* a passport number is checked as a passport, not as a resident ID */
    static const struct kv passport[] = {
        {"CF_XDR_ZJLX", "护照"}, {"CF_XDR_ZJHM", "e12345678"}, END};
    expect_ok("penalty", PENALTY_ORG, PERSON, passport, TODAY, &rec);
    assert_string_equal(rec.id_key, "02:E12345678");
    xy_valrec_release(&rec);
    static const struct kv passport_bad[] = {
        {"CF_XDR_ZJLX", "02"}, {"CF_XDR_ZJHM", "E1234#678"}, END};
    assert_int_equal(validate3("penalty", PENALTY_ORG, PERSON, passport_bad, TODAY, &rec, &errs),
                     XY_EINVAL);
    assert_true(has_err("penalty", &errs, "CF_XDR_ZJHM", "bad_id_no"));
}

static void test_category_mismatch(void **state)
{
    struct xy_valrec rec;
    (void)state;
    static const struct kv biz_code[] = {
        {"CF_XDR_LB", "法人"}, {"CF_XDR_SHXYM", "92340602MA2PBMEM24"}, END};
    expect_only("penalty", PENALTY_ORG, biz_code, "CF_XDR_LB", "category_mismatch");
    static const struct kv org_code[] = {{"CF_XDR_LB", "个体工商户"}, END};
    expect_only("penalty", PENALTY_ORG, org_code, "CF_XDR_LB", "category_mismatch");
    /* an organisation coded by another authority is accepted, flagged for a look */
    static const struct kv gov[] = {
        {"CF_XDR_LB", "03"}, {"CF_XDR_SHXYM", "121200004013590816"}, END};
    expect_ok("penalty", PENALTY_ORG, gov, NULL, TODAY, &rec);
    assert_true(rec.flags & XY_RF_CODE_PREFIX);
    assert_int_equal(rec.kind, XY_SUBJ_ORG);
    xy_valrec_release(&rec);
}

static void test_bad_encoding(void **state)
{
    (void)state;
    static const struct kv s[] = {{"CF_SY", "当事人\xFF未取得"}, END};
    expect_only("penalty", PENALTY_ORG, s, "CF_SY", "bad_encoding");
    static const struct kv overlong[] = {{"CF_XDR_MC", "\xC0\xAF公司"}, END};
    expect_only("penalty", PENALTY_ORG, overlong, "CF_XDR_MC", "bad_encoding");
    /* GBK bytes of 中文 in a code field */
    static const struct kv gbk[] = {{"CF_XDR_LB", "\xB7\xA8\xC8\xCB"}, END};
    expect_only("penalty", PENALTY_ORG, gbk, "CF_XDR_LB", "bad_encoding");
    static const struct kv date[] = {{"CF_JDRQ", "2024\xE5\xB9-03-05"}, END};
    expect_only("penalty", PENALTY_ORG, date, "CF_JDRQ", "bad_encoding");
}

static void test_bad_encoding_id_no(void **state)
{
    struct xy_valrec rec;
    struct xy_row_errors errs;
    (void)state;
    /* An ID number with invalid UTF-8 is reported once, as bad_encoding. */
    static const struct kv idno[] = {{"CF_XDR_ZJHM", "36042619910101007\xFF"}, END};
    assert_int_equal(validate3("penalty", PENALTY_ORG, PERSON, idno, TODAY, &rec, &errs),
                     XY_EINVAL);
    assert_true(has_err("penalty", &errs, "CF_XDR_ZJHM", "bad_encoding"));
    if (errs.n != 1) {
        dump_errors(&errs);
        fail_msg("an ID number that is not UTF-8 must be reported once, as bad_encoding");
    }
}

static void test_many_errors(void **state)
{
    struct xy_valrec rec;
    struct xy_row_errors errs;
    (void)state;
    static const struct kv bad[] = {
        {"CF_WSH", NULL},          {"CF_JDRQ", "2024-13-01"}, {"CF_CFJGDM", "11230500001755309A"},
        {"CF_NR_FK", "0.0000001"}, {"CF_XDR_MC", "\xFF"},     END,
    };
    assert_int_equal(validate("penalty", PENALTY_ORG, bad, &rec, &errs), XY_EINVAL);
    if (errs.n != 5)
        dump_errors(&errs);
    assert_int_equal(errs.n, 5);
    assert_true(has_err("penalty", &errs, "CF_WSH", "missing"));
    assert_true(has_err("penalty", &errs, "CF_JDRQ", "bad_date"));
    assert_true(has_err("penalty", &errs, "CF_CFJGDM", "bad_uscc"));
    assert_true(has_err("penalty", &errs, "CF_NR_FK", "bad_amount"));
    assert_true(has_err("penalty", &errs, "CF_XDR_MC", "bad_encoding"));
    assert_false(errs.truncated);
}

static void test_empty_row(void **state)
{
    struct xy_valrec rec;
    struct xy_row_errors errs;
    static const char *const mandatory[] = {
        "CF_XDR_MC", "CF_XDR_LB", "CF_WSH", "CF_WFXW", "CF_SY",     "CF_YJ",   "CF_CFLB",
        "CF_NR",     "CF_JDRQ",   "CF_YXQ", "CF_CFJG", "CF_CFJGDM", "CF_SJLY", "CF_SJLYDM"};
    static const struct kv none[] = {END};
    (void)state;
    assert_int_equal(validate("penalty", none, NULL, &rec, &errs), XY_EINVAL);
    if (errs.n != 14)
        dump_errors(&errs);
    assert_int_equal(errs.n, 14);
    for (size_t i = 0; i < sizeof mandatory / sizeof mandatory[0]; i++)
        if (!has_err("penalty", &errs, mandatory[i], "missing"))
            fail_msg("%s not reported missing", mandatory[i]);
    /* a missing category does not also make the USCC or the ID number required */
    assert_false(has_err("penalty", &errs, "CF_XDR_SHXYM", "missing"));
    assert_false(has_err("penalty", &errs, "CF_XDR_ZJHM", "missing"));

    /* more problems than fit: the first 16 are kept, the rest counted as truncated */
    char remarks[600];
    memset(remarks, 'r', 599);
    remarks[599] = '\0';
    const struct kv extra[] = {
        {"CF_XDR_ZZJG", "12345678-0"},
        {"CF_XDR_SWDJ", "123456789012345678901"},
        {"CF_XDR_SYDW", "123456789012345678901234567890123456789012345678901"},
        {"CF_XDR_SHZZ", "123456789012345678901234567890123456789012345678901"},
        {"BZ", remarks},
        END,
    };
    assert_int_equal(validate("penalty", none, extra, &rec, &errs), XY_EINVAL);
    assert_int_equal(errs.n, XY_ROW_MAX_ERRORS);
    assert_true(errs.truncated);
}

/* ---- clean text and ID numbers in text ----------------------------------------------------- */

/* The only error is `code` on `field`, and its reason names the character. */
static void expect_refused(const struct kv *over, const char *field, const char *code, const char *names)
{
    struct xy_valrec rec;
    struct xy_row_errors errs;
    expect_only("penalty", PENALTY_ORG, over, field, code);
    assert_int_equal(validate("penalty", PENALTY_ORG, over, &rec, &errs), XY_EINVAL);
    if (!strstr(errs.e[0].reason, names))
        fail_msg("reason \"%s\" does not name %s", errs.e[0].reason, names);
}

static void test_control_chars(void **state)
{
    (void)state;
    /* ESC (a terminal escape sequence), BEL, BS, DEL in a name; C1 CSI (U+009B) in the authority. */
    expect_refused((const struct kv[]){{"CF_XDR_MC", "武汉\x1b[2J华鑫科技有限公司"}, END}, "CF_XDR_MC", "control_char",
                   "U+001B");
    expect_refused((const struct kv[]){{"CF_XDR_MC", "武汉华鑫\x07科技有限公司"}, END}, "CF_XDR_MC", "control_char",
                   "U+0007");
    expect_refused((const struct kv[]){{"CF_XDR_MC", "武汉华鑫科技有限公司\x08\x08\x08\x08"}, END}, "CF_XDR_MC",
                   "control_char", "U+0008");
    expect_refused((const struct kv[]){{"CF_XDR_MC", "武汉\x7f华鑫科技有限公司"}, END}, "CF_XDR_MC", "control_char",
                   "U+007F");
    expect_refused((const struct kv[]){{"CF_CFJG", "武汉市\xC2\x9B" "31m市场监督管理局"}, END}, "CF_CFJG", "control_char",
                   "U+009B");
    /* A NUL byte too. */
    static const char nul[] = "武汉\0华鑫";
    struct xy_valrec rec;
    struct xy_row_errors errs;
    const struct xy_class *c = cls_named("penalty");
    struct xy_cell *cells = calloc(c->nfields, sizeof *cells);
    assert_non_null(cells);
    for (const struct kv *kv = PENALTY_ORG; kv->code; kv++) {
        int i = fidx(c, kv->code);
        cells[i].p = kv->value;
        cells[i].n = kv->value ? strlen(kv->value) : 0;
    }
    cells[fidx(c, "CF_XDR_MC")].p = nul;
    cells[fidx(c, "CF_XDR_MC")].n = sizeof nul - 1;
    assert_int_equal(xy_validate_row(c, cells, TODAY, &rec, &errs), XY_EINVAL);
    free(cells);
    assert_true(has_err("penalty", &errs, "CF_XDR_MC", "control_char"));
    /* In a code or an identifier the character is named, not the code list. */
    expect_refused((const struct kv[]){{"CF_XDR_LB", "02\x1b"}, END}, "CF_XDR_LB", "control_char", "U+001B");
    /* Tabs and line breaks: inside a name refused, in long text (facts, remarks) kept. */
    expect_refused((const struct kv[]){{"CF_XDR_MC", "武汉华鑫\t科技有限公司"}, END}, "CF_XDR_MC", "control_char",
                   "制表符");
    expect_refused((const struct kv[]){{"CF_FRDB", "张\n伟"}, END}, "CF_FRDB", "control_char", "line break");
    static const struct kv lines[] = {{"CF_SY", "第一段\r\n第二段\t完"}, {"BZ", "备注一\n备注二"}, END};
    expect_ok("penalty", PENALTY_ORG, lines, NULL, TODAY, &rec);
    assert_string_equal(fstr(&rec, "facts"), "第一段\r\n第二段\t完");
    xy_valrec_release(&rec);
    /* Long text refuses every other control character. */
    expect_refused((const struct kv[]){{"CF_SY", "事实\x1b]0;title\x07"}, END}, "CF_SY", "control_char", "U+001B");
}

static void test_bidi_and_invisible(void **state)
{
    (void)state;
    /* U+202E RIGHT-TO-LEFT OVERRIDE, U+2066-2069 isolates, U+200E mark: bidi_char. */
    expect_refused((const struct kv[]){{"CF_XDR_MC", "武汉\xE2\x80\xAE司公限有技科"}, END}, "CF_XDR_MC", "bidi_char",
                   "U+202E");
    expect_refused((const struct kv[]){{"CF_XDR_MC", "\xE2\x81\xA6武汉华鑫科技有限公司\xE2\x81\xA9"}, END}, "CF_XDR_MC",
                   "bidi_char", "U+2066");
    expect_refused((const struct kv[]){{"CF_FRDB", "张\xE2\x80\x8E伟"}, END}, "CF_FRDB", "bidi_char", "U+200E");
    expect_refused((const struct kv[]){{"CF_SY", "事实\xE2\x80\xAE文本"}, END}, "CF_SY", "bidi_char", "U+202E");
    /* Zero-width space, joiner, BOM inside a value: invisible_char. */
    expect_refused((const struct kv[]){{"CF_XDR_MC", "武汉华\xE2\x80\x8B鑫科技有限公司"}, END}, "CF_XDR_MC",
                   "invisible_char", "U+200B");
    expect_refused((const struct kv[]){{"CF_XDR_MC", "武汉华鑫\xE2\x80\x8D科技有限公司"}, END}, "CF_XDR_MC",
                   "invisible_char", "U+200D");
    expect_refused((const struct kv[]){{"CF_XDR_MC", "\xEF\xBB\xBF武汉华鑫科技有限公司"}, END}, "CF_XDR_MC",
                   "invisible_char", "U+FEFF");
    expect_refused((const struct kv[]){{"CF_WSH", "武市监罚\xE2\x81\xA0〔2024〕101号"}, END}, "CF_WSH",
                   "invisible_char", "U+2060");
    /* Ordinary Chinese punctuation and full-width forms are fine. */
    struct xy_valrec rec;
    static const struct kv fine[] = {{"CF_XDR_MC", "武汉（华鑫）·科技有限公司"}, END};
    expect_ok("penalty", PENALTY_ORG, fine, NULL, TODAY, &rec);
    assert_string_equal(rec.name, "武汉（华鑫）·科技有限公司");
    xy_valrec_release(&rec);
}

/* The record's sealed part (plain JSON), member key. */
static const char *sstr(const struct xy_valrec *rec, const char *key)
{
    return jstr(&rec->sealed, key);
}

static void test_id_in_text(void **state)
{
    (void)state;
    struct xy_valrec rec;
    /* Finding: the facts name the legal representative with his ID number. */
    static const struct kv facts[] = {
        {"CF_SY", "经查，法定代表人王某（公民身份号码420103198812030512）未取得营业执照从事经营活动"}, END};
    expect_ok("penalty", PENALTY_ORG, facts, NULL, TODAY, &rec);
    assert_string_equal(fstr(&rec, "facts"), "经查，法定代表人王某（公民身份号码4201**********0512）未取得营业执照从事经营活动");
    assert_string_equal(sstr(&rec, "facts"), "经查，法定代表人王某（公民身份号码420103198812030512）未取得营业执照从事经营活动");
    assert_null(strstr(rec.fields.data, "420103198812030512"));
    assert_true(rec.flags & XY_RF_ID_IN_TEXT);
    xy_valrec_release(&rec);
    /* The legal representative field holding a number. */
    static const struct kv rep[] = {{"CF_FRDB", "420103198812030512"}, END};
    expect_ok("penalty", PENALTY_ORG, rep, NULL, TODAY, &rec);
    assert_string_equal(fstr(&rec, "legal_rep"), "4201**********0512");
    assert_string_equal(sstr(&rec, "legal_rep"), "420103198812030512");
    xy_valrec_release(&rec);
    /* Several fields, full width, a legacy number, split groups. */
    static const struct kv many[] = {
        {"CF_NR", "责令王某（３７０８０２９４０２２１００２）改正"},
        {"BZ", "身份证 4201 0319 8812 0305 12"},
        END};
    expect_ok("penalty", PENALTY_ORG, many, NULL, TODAY, &rec);
    assert_string_equal(fstr(&rec, "content"), "责令王某（3708*******1002）改正");
    assert_string_equal(fstr(&rec, "remarks"), "身份证 4201**********0512");
    assert_string_equal(sstr(&rec, "remarks"), "身份证 4201 0319 8812 0305 12");
    xy_valrec_release(&rec);
    /* No number, no sealed part, no flag: an invalid check character is no number. */
    static const struct kv none[] = {{"CF_SY", "订单号420103198812030513，罚款2000元"}, END};
    expect_ok("penalty", PENALTY_ORG, none, NULL, TODAY, &rec);
    assert_string_equal(fstr(&rec, "facts"), "订单号420103198812030513，罚款2000元");
    assert_int_equal(rec.sealed.len, 0);
    assert_false(rec.flags & XY_RF_ID_IN_TEXT);
    xy_valrec_release(&rec);
}

static void test_id_in_key_fields(void **state)
{
    (void)state;
    struct xy_valrec rec;
    struct xy_row_errors errs;
    /* A name or a document number is published as it is and keys the subject or the record: refused,
     * the reason naming the number masked. */
    static const struct kv name[] = {{"CF_XDR_MC", "王某420103198812030512"}, END};
    expect_only("penalty", PENALTY_ORG, name, "CF_XDR_MC", "id_no_misplaced");
    assert_int_equal(validate("penalty", PENALTY_ORG, name, &rec, &errs), XY_EINVAL);
    assert_non_null(strstr(errs.e[0].reason, "4201**********0512"));
    assert_null(strstr(errs.e[0].reason, "420103198812030512"));
    expect_only("penalty", PENALTY_ORG, (const struct kv[]){{"CF_WSH", "罚〔2024〕370802940221002号"}, END}, "CF_WSH",
                "id_no_misplaced");
    /* A registration number: 18-digit numbers refused; 15 digits are its own shape (an individual
     * business's 420100600123456 reads as a legacy number born 1960-01-23) and pass. */
    static const struct kv ph[] = {{"CF_XDR_LB", "04"}, {"CF_XDR_SHXYM", "00000000000000000X"}, END};
    expect_ok("penalty", PENALTY_ORG, ph, (const struct kv[]){{"CF_XDR_GSZC", "420100600123456"}, END}, TODAY, &rec);
    assert_string_equal(fstr(&rec, "party_regno"), "420100600123456");
    xy_valrec_release(&rec);
    assert_int_equal(validate3("penalty", PENALTY_ORG, ph, (const struct kv[]){{"CF_XDR_GSZC", "420103198812030512"}, END},
                               TODAY, &rec, &errs),
                     XY_EINVAL);
    assert_true(has_err("penalty", &errs, "CF_XDR_GSZC", "id_no_misplaced"));
    /* The reason is whole (the longest field name fits): both languages, the number masked. */
    for (int i = 0; i < errs.n; i++) {
        if (strcmp(errs.e[i].code, "id_no_misplaced") != 0)
            continue;
        size_t n = strlen(errs.e[i].reason);
        assert_true(n > 0 && errs.e[i].reason[n - 1] == ')');
        assert_non_null(strstr(errs.e[i].reason, "“行政相对人代码_2（工商注册号）”中含有身份证号码4201**********0512"));
        assert_non_null(strstr(errs.e[i].reason, "(holds ID number 4201**********0512;"));
    }
    /* An ID number in the USCC column: rejected, the reason shows it masked. */
    assert_int_equal(validate("penalty", PENALTY_ORG, (const struct kv[]){{"CF_XDR_SHXYM", "420103198812030512"}, END},
                              &rec, &errs),
                     XY_EINVAL);
    assert_true(has_err("penalty", &errs, "CF_XDR_SHXYM", "bad_uscc"));
    assert_non_null(strstr(errs.e[0].reason, "4201**********0512"));
    assert_null(strstr(errs.e[0].reason, "420103198812030512"));
    /* Mistyped (wrong check character) it is masked all the same; a mistyped USCC is quoted. */
    assert_int_equal(validate("penalty", PENALTY_ORG, (const struct kv[]){{"CF_XDR_SHXYM", "420103198812030513"}, END},
                              &rec, &errs),
                     XY_EINVAL);
    assert_null(strstr(errs.e[0].reason, "420103198812030513"));
    assert_int_equal(validate("penalty", PENALTY_ORG, (const struct kv[]){{"CF_XDR_SHXYM", "91420684MA4927PJ7C"}, END},
                              &rec, &errs),
                     XY_EINVAL);
    assert_non_null(strstr(errs.e[0].reason, "91420684MA4927PJ7C"));
    /* In a date column, in full width (54 bytes: quoted whole, so found and masked). */
    assert_int_equal(validate("penalty", PENALTY_ORG,
                              (const struct kv[]){{"CF_JDRQ", "４２０１０３１９８８１２０３０５１２"}, END}, &rec, &errs),
                     XY_EINVAL);
    assert_true(has_err("penalty", &errs, "CF_JDRQ", "bad_date"));
    assert_non_null(strstr(errs.e[0].reason, "４２０１**********０５１２"));
}

static void test_validate_oom(void **state)
{
    (void)state;
#ifndef XY_FAULTS
    skip(); /* needs -DXY_FAULTS=ON */
#else
    long n;
    for (n = 1; n < 10000; n++) {
        struct xy_valrec rec;
        struct xy_row_errors errs;
        xy_alloc_fail_at(n);
        int rc = validate3("penalty", PENALTY_ORG, PERSON, NULL, TODAY, &rec, &errs);
        xy_alloc_fail_at(0);
        if (rc == XY_OK) {
            xy_valrec_release(&rec);
            break;
        }
        assert_int_equal(rc, XY_ENOMEM);
    }
    assert_true(n > 5);
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_org_penalty_ok),
        cmocka_unit_test(test_amount_sum),
        cmocka_unit_test(test_license_ok),
        cmocka_unit_test(test_license_errors),
        cmocka_unit_test(test_person_ok),
        cmocka_unit_test(test_person_15_digit),
        cmocka_unit_test(test_individual_biz_placeholder),
        cmocka_unit_test(test_codes_joined),
        cmocka_unit_test(test_simple_procedure),
        cmocka_unit_test(test_policy_in_record),
        cmocka_unit_test(test_publicity_end),
        cmocka_unit_test(test_trim),
        cmocka_unit_test(test_fields_json_escaping),
        cmocka_unit_test(test_missing),
        cmocka_unit_test(test_name_length),
        cmocka_unit_test(test_bad_values),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_person_errors),
        cmocka_unit_test(test_category_mismatch),
        cmocka_unit_test(test_bad_encoding),
        cmocka_unit_test(test_bad_encoding_id_no),
        cmocka_unit_test(test_many_errors),
        cmocka_unit_test(test_empty_row),
        cmocka_unit_test(test_control_chars),
        cmocka_unit_test(test_bidi_and_invisible),
        cmocka_unit_test(test_id_in_text),
        cmocka_unit_test(test_id_in_key_fields),
        cmocka_unit_test(test_validate_oom),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
