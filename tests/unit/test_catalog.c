/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of src/core/catalog.c: the real catalogue (catalog/catalog.json, path in $XY_CATALOG)
 * parses and answers lookups; publicity windows follow DOMAIN §4.1; malformed catalogues are
 * rejected with a message naming where they are wrong. */
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
#include "common/xy_error.h"
#include "core/catalog.h"

/* ---- fixtures ----------------------------------------------------------------------------- */

static int setup_catalog(void **state)
{
    *state = load_test_catalog();
    return *state ? 0 : -1;
}

static int teardown_catalog(void **state)
{
    xy_catalog_free(*state);
    return 0;
}

static const struct xy_class *cls_of(void **state, const char *name)
{
    const struct xy_class *c = xy_catalog_class(*state, name);
    if (!c)
        fail_msg("class %s missing", name);
    return c;
}

static int field_of(const struct xy_class *c, const char *code)
{
    int i = xy_class_field_lookup(c, code, strlen(code));
    if (i < 0)
        fail_msg("%s: no field %s", c->name, code);
    return i;
}

static const struct xy_code_list *list_of(const struct xy_catalog *cat, const char *name)
{
    for (size_t i = 0; i < cat->nlists; i++)
        if (strcmp(cat->lists[i].name, name) == 0)
            return &cat->lists[i];
    fail_msg("no code list %s", name);
    return NULL;
}

/* ---- the real catalogue ------------------------------------------------------------------- */

static void test_real_classes(void **state)
{
    const struct xy_catalog *cat = *state;
    static const char *const names[] = {"license",    "penalty",    "red_list",
                                        "black_list", "watch_list", "commitment"};
    assert_string_equal(cat->version, "2026.4");
    assert_int_equal(cat->nclasses, 14);
    /* The list classes are the catalogue's to say ("list": true), not the store's: the three of 1798号
     * and the courts' judgment defaulters. */
    for (size_t i = 0; i < cat->nclasses; i++)
        assert_int_equal(cat->classes[i].is_list, strstr(cat->classes[i].name, "_list") != NULL ||
                                                      strcmp(cat->classes[i].name, "defaulter") == 0);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const struct xy_class *c = cls_of(state, names[i]);
        assert_string_equal(c->name, names[i]);
        assert_true(c->nfields > 10);
        /* every class has the three roles the validator cannot do without */
        static const enum xy_field_role need[] = {XY_ROLE_DOC_NO, XY_ROLE_PARTY_NAME,
                                            XY_ROLE_PARTY_CATEGORY, XY_ROLE_PARTY_USCC,
                                            XY_ROLE_DECISION_DATE};
        for (size_t r = 0; r < sizeof need / sizeof need[0]; r++) {
            int fi = c->role_field[need[r]];
            assert_true(fi >= 0 && (size_t)fi < c->nfields);
            assert_int_equal(c->fields[fi].role, need[r]);
        }
        /* roles point at the field that carries them, and only there */
        for (size_t f = 0; f < c->nfields; f++)
            if (c->fields[f].role != XY_ROLE_NONE)
                assert_int_equal(c->role_field[c->fields[f].role], (int)f);
    }
    assert_null(xy_catalog_class(cat, "nope"));
    assert_null(xy_catalog_class(cat, "Penalty")); /* class names are exact */
}

static void test_real_license(void **state)
{
    const struct xy_class *c = cls_of(state, "license");
    assert_string_equal(c->name_zh, "行政许可");
    assert_string_equal(c->resource_id, "DIR-20180903-101102-122");
    assert_int_equal(c->scope, XY_SCOPE_PUBLIC);
    assert_null(c->policy);
    const struct xy_field *f = &c->fields[field_of(c, "XK_XDR_MC")];
    assert_string_equal(f->name_zh, "行政相对人名称");
    assert_string_equal(f->key, "party_name");
    assert_int_equal(f->type, XY_FT_STRING);
    assert_int_equal(f->max_len, 200);
    assert_int_equal(f->req, XY_REQ_MANDATORY);
    f = &c->fields[field_of(c, "XK_XKLB")];
    assert_int_equal(f->type, XY_FT_CODE);
    assert_non_null(f->list);
    assert_string_equal(f->list->name, "license_category");
    f = &c->fields[field_of(c, "XK_XDR_SHXYM")];
    assert_int_equal(f->type, XY_FT_USCC);
    assert_int_equal(f->req, XY_REQ_UNLESS);
    assert_int_equal(f->cond.field, field_of(c, "XK_XDR_LB"));
    assert_int_equal(f->cond.op, XY_COND_IN);
    assert_int_equal(f->cond.nvalues, 1);
    assert_string_equal(f->cond.values[0], "01");
    assert_true(f->allow_placeholder);
    f = &c->fields[field_of(c, "XK_XDR_GSZC")];
    assert_int_equal(f->req, XY_REQ_IF);
    assert_int_equal(f->cond.op, XY_COND_PLACEHOLDER);
    assert_int_equal(f->cond.field, field_of(c, "XK_XDR_SHXYM"));
    assert_int_equal(c->role_field[XY_ROLE_VALID_FROM], field_of(c, "XK_YXQZ"));
    assert_int_equal(c->role_field[XY_ROLE_VALID_TO], field_of(c, "XK_YXQZI"));
    assert_int_equal(c->fields[field_of(c, "XK_JDRQ")].type, XY_FT_DATE);
}

static void test_real_penalty(void **state)
{
    const struct xy_class *c = cls_of(state, "penalty");
    assert_string_equal(c->resource_id, "DIR-20180902-164730-458");
    assert_non_null(c->policy);
    assert_string_equal(c->policy->name, "penalty");
    assert_int_equal(c->policy->nversions, 4);
    for (size_t i = 1; i < c->policy->nversions; i++)
        assert_int_equal(
            xy_date_cmp(c->policy->versions[i - 1].effective, c->policy->versions[i].effective),
            -1);

    const struct xy_field *fk = &c->fields[field_of(c, "CF_NR_FK")];
    assert_int_equal(fk->type, XY_FT_MONEY_WAN);
    assert_int_equal(fk->req, XY_REQ_IF);
    assert_int_equal(fk->cond.op, XY_COND_CONTAINS);
    assert_int_equal(fk->cond.field, field_of(c, "CF_CFLB"));
    assert_int_equal(fk->cond.nvalues, 1);
    assert_string_equal(fk->cond.values[0], "03");
    assert_int_equal(c->fields[field_of(c, "CF_CFLB")].type, XY_FT_CODES);
    assert_string_equal(c->fields[field_of(c, "CF_CFLB")].list->name, "penalty_category");

    const struct xy_field *idno = &c->fields[field_of(c, "CF_XDR_ZJHM")];
    assert_int_equal(idno->type, XY_FT_ID_NO);
    assert_true(idno->sealed);
    assert_int_equal(idno->id_type_field, field_of(c, "CF_XDR_ZJLX"));
    assert_int_equal(idno->role, XY_ROLE_PARTY_ID_NO);
    assert_false(c->fields[field_of(c, "CF_XDR_MC")].sealed);

    const struct xy_field *sev = &c->fields[field_of(c, "CF_YZCD")];
    assert_true(sev->ext);
    assert_string_equal(sev->defval, "2");
    assert_int_equal(sev->role, XY_ROLE_SEVERITY);
    assert_int_equal(c->role_field[XY_ROLE_SECTOR], field_of(c, "CF_HY"));
    assert_int_equal(c->role_field[XY_ROLE_PROCEDURE], field_of(c, "CF_CXLX"));
    assert_int_equal(c->role_field[XY_ROLE_PUBLICITY_END], field_of(c, "CF_GSJZQ"));
    assert_int_equal(c->role_field[XY_ROLE_VALID_FROM], -1);
    assert_null(c->fields[field_of(c, "CF_HY")].defval);
    assert_false(c->fields[field_of(c, "CF_WSH")].ext);
}

static void test_real_lists_and_others(void **state)
{
    const struct xy_catalog *cat = *state;
    const struct xy_class *c = cls_of(state, "commitment");
    const struct xy_field *f = &c->fields[field_of(c, "CN_LYZT")];
    assert_string_equal(f->defval, "1");
    assert_string_equal(f->list->name, "fulfilment");
    assert_int_equal(c->fields[field_of(c, "CN_SXMC")].req, XY_REQ_IF);
    assert_string_equal(cls_of(state, "red_list")->name_en, "Red list");
    assert_string_equal(cls_of(state, "black_list")->name_zh, "失信联合惩戒对象名单（黑名单）");
    assert_non_null(cls_of(state, "watch_list"));
    /* A black-list exit needs repair training; a penalty's repair does not. */
    assert_true(cls_of(state, "black_list")->repair_training);
    assert_false(cls_of(state, "penalty")->repair_training);
    assert_int_equal(list_of(cat, "party_category")->ncodes, 4);
    assert_int_equal(list_of(cat, "penalty_category")->ncodes, 16);
    assert_int_equal(list_of(cat, "id_type")->ncodes, 5);
    assert_string_equal(xy_ftype_name(XY_FT_MONEY_WAN), "money_wan");
    assert_string_equal(xy_scope_name(XY_SCOPE_CONSENT), "consent");
}

static void test_field_lookup(void **state)
{
    const struct xy_class *c = cls_of(state, "penalty");
    int wsh = field_of(c, "CF_WSH");
    assert_string_equal(c->fields[wsh].code, "CF_WSH");
    assert_int_equal(xy_class_field_lookup(c, "cf_wsh", 6), wsh);
    assert_int_equal(xy_class_field_lookup(c, "Cf_Wsh", 6), wsh);
    assert_int_equal(xy_class_field_lookup(c, "行政处罚决定书文号", strlen("行政处罚决定书文号")),
                     wsh);
    assert_int_equal(xy_class_field_lookup(c, "doc_no", 6), wsh);
    assert_int_equal(xy_class_field_lookup(c, "DOC_NO", 6), wsh);
    /* the length is honoured: a prefix or a longer name is not a match */
    assert_int_equal(xy_class_field_lookup(c, "CF_WS", 5), -1);
    assert_int_equal(xy_class_field_lookup(c, "CF_WSHX", 7), -1);
    assert_int_equal(xy_class_field_lookup(c, "CF_WSHX", 6), wsh);
    assert_int_equal(xy_class_field_lookup(c, "", 0), -1);
    assert_int_equal(xy_class_field_lookup(c, "XK_WSH", 6), -1); /* another class's code */
    int fk = field_of(c, "CF_NR_FK");
    assert_int_equal(xy_class_field_lookup(c, "罚款金额（万元）", strlen("罚款金额（万元）")), fk);
    assert_int_equal(xy_class_field_lookup(c, "fine_wan", 8), fk);
    int uscc = field_of(c, "CF_XDR_SHXYM");
    const char *zh = "行政相对人代码_1（统一社会信用代码）";
    assert_int_equal(xy_class_field_lookup(c, zh, strlen(zh)), uscc);
    assert_int_equal(xy_class_field_lookup(c, "party_uscc", 10), uscc);
    int bz = field_of(c, "BZ");
    assert_int_equal(xy_class_field_lookup(c, "备注", strlen("备注")), bz);
    assert_int_equal(xy_class_field_lookup(c, "remarks", 7), bz);
    assert_int_equal(bz, (int)c->nfields - 1);

    const struct xy_class *l = cls_of(state, "license");
    int xwsh = field_of(l, "XK_WSH");
    assert_int_equal(xy_class_field_lookup(l, "doc_no", 6), xwsh);
    assert_int_equal(xy_class_field_lookup(l, "行政许可决定文书号", strlen("行政许可决定文书号")),
                     xwsh);
    assert_int_equal(xy_class_field_lookup(l, "CF_WSH", 6), -1);
}

static void test_code_lookup(void **state)
{
    const struct xy_catalog *cat = *state;
    const struct xy_code_list *pc = list_of(cat, "party_category");
    const struct xy_code *c;
#define LOOK(list, s) xy_code_lookup(list, s, strlen(s))
    c = LOOK(pc, "02");
    assert_non_null(c);
    assert_string_equal(c->code, "02");
    assert_string_equal(c->text, "法人");
    assert_ptr_equal(LOOK(pc, "法人"), c);
    assert_ptr_equal(LOOK(pc, "法人及非法人组织"), c);
    assert_ptr_equal(LOOK(pc, "法人组织"), c);
    c = LOOK(pc, "自然人");
    assert_non_null(c);
    assert_string_equal(c->code, "01");
    c = LOOK(pc, "其他组织");
    assert_non_null(c);
    assert_string_equal(c->code, "03");
    assert_string_equal(LOOK(pc, "个体工商户")->code, "04");
    assert_null(LOOK(pc, "2"));
    assert_null(LOOK(pc, "05"));
    assert_null(LOOK(pc, "法"));
    assert_null(LOOK(pc, ""));
    assert_ptr_equal(xy_code_lookup(pc, "02x", 2), LOOK(pc, "02"));

    const struct xy_code_list *pen = list_of(cat, "penalty_category");
    assert_string_equal(LOOK(pen, "罚款")->code, "03");
    assert_string_equal(LOOK(pen, "警告")->code, "01");
    assert_string_equal(LOOK(pen, "99")->text, "其他");
    const struct xy_code_list *idt = list_of(cat, "id_type");
    assert_string_equal(LOOK(idt, "居民身份证")->code, "01");
    assert_string_equal(LOOK(idt, "护照")->code, "02");
    /* a field's list is the catalogue's list */
    const struct xy_class *p = cls_of(state, "penalty");
    assert_ptr_equal(p->fields[field_of(p, "CF_XDR_LB")].list, pc);
#undef LOOK
}

/* ---- publicity windows -------------------------------------------------------------------- */

static void expect_window(void **state, const char *decided, const char *sev, const char *sec,
                          const char *want_min, const char *want_max, const char *want_basis)
{
    const struct xy_class *c = cls_of(state, "penalty");
    struct xy_date d, mn = {0, 0, 0}, mx = {0, 0, 0};
    const char *basis = NULL;
    char a[11], b[11];
    assert_int_equal(xy_date_parse(decided, strlen(decided), &d), 0);
    if (xy_policy_window(c->policy, d, sev, sec, &mn, &mx, &basis) != 0)
        fail_msg("%s severity %s sector %s: no rule", decided, sev, sec ? sec : "(null)");
    xy_date_format(mn, a);
    xy_date_format(mx, b);
    if (strcmp(a, want_min) != 0 || strcmp(b, want_max) != 0)
        fail_msg("%s severity %s sector %s: window %s..%s, expected %s..%s", decided, sev,
                 sec ? sec : "(null)", a, b, want_min, want_max);
    assert_non_null(basis);
    assert_string_equal(basis, want_basis);
}

static void test_policy_windows(void **state)
{
    static const char r2017[] = "发改办财金〔2017〕1171号", r2019[] = "发改办财金〔2019〕527号",
                      r2023[] = "国家发展改革委令2023年第58号",
                      r2026[] = "国家发展改革委令2025年第36号";
    /* 2017 rule: general 1 year, no minimum */
    expect_window(state, "2018-06-01", "2", "00", "2018-06-01", "2019-06-01", r2017);
    expect_window(state, "2018-06-01", "3", "00", "2018-06-01", "2021-06-01", r2017);
    /* before the earliest version: the earliest applies */
    expect_window(state, "2016-01-01", "2", "00", "2016-01-01", "2017-01-01", r2017);
    /* 2019 rule: general 3 months..1 year, serious 6 months..3 years */
    expect_window(state, "2020-01-10", "2", "00", "2020-04-10", "2021-01-10", r2019);
    expect_window(state, "2020-01-10", "3", "00", "2020-07-10", "2023-01-10", r2019);
    /* effective dates are inclusive */
    expect_window(state, "2019-06-30", "3", "00", "2019-06-30", "2022-06-30", r2017);
    expect_window(state, "2019-07-01", "3", "00", "2020-01-01", "2022-07-01", r2019);
    /* 2023 rule: 3 months..3 years; special equipment, work safety, fire: at least 1 year */
    expect_window(state, "2024-03-05", "2", "00", "2024-06-05", "2027-03-05", r2023);
    expect_window(state, "2024-03-05", "1", "00", "2024-06-05", "2027-03-05", r2023);
    expect_window(state, "2024-03-05", "2", NULL, "2024-06-05", "2027-03-05", r2023);
    expect_window(state, "2024-03-05", "2", "01", "2025-03-05", "2027-03-05", r2023);
    expect_window(state, "2024-03-05", "3", "02", "2025-03-05", "2027-03-05", r2023);
    expect_window(state, "2024-03-05", "2", "03", "2025-03-05", "2027-03-05", r2023);
    expect_window(state, "2023-05-01", "2", "00", "2023-08-01", "2026-05-01", r2023);
    expect_window(state, "2023-04-30", "2", "00", "2023-07-30", "2024-04-30", r2019);
    expect_window(state, "2026-03-31", "1", "00", "2026-06-30", "2029-03-31", r2023);
    /* 2026 rule: minor unpublished, general 3 months..1 year, serious 1..3 years */
    expect_window(state, "2026-05-01", "3", "00", "2027-05-01", "2029-05-01", r2026);
    expect_window(state, "2026-05-01", "2", "00", "2026-08-01", "2027-05-01", r2026);
    expect_window(state, "2026-05-01", "1", "00", "2026-05-01", "2026-05-01", r2026);
    expect_window(state, "2026-04-01", "1", "01", "2026-04-01", "2026-04-01", r2026);
    /* month-end clamping through the window */
    expect_window(state, "2020-11-30", "2", "00", "2021-02-28", "2021-11-30", r2019);

    /* no rule for an unknown severity in a version that names severities */
    const struct xy_class *c = cls_of(state, "penalty");
    struct xy_date d = {2026, 5, 1}, mn, mx;
    assert_int_equal(xy_policy_window(c->policy, d, "9", "00", &mn, &mx, NULL), -1);
    /* basis may be NULL */
    struct xy_date d2 = {2024, 3, 5};
    assert_int_equal(xy_policy_window(c->policy, d2, "2", "00", &mn, &mx, NULL), 0);
    assert_int_equal(mx.y, 2027);
}

/* ---- malformed catalogues ----------------------------------------------------------------- */

#define LISTS                                                                                      \
    "\"code_lists\":{\"cat\":[{\"code\":\"01\",\"text\":\"自然人\"},{\"code\":\"02\",\"text\":" \
    "\"法人\"}]}"
#define F_MC                                                                                         \
    "{\"code\":\"T_MC\",\"name_zh\":\"名称\",\"key\":\"name\",\"type\":\"string\",\"max_len\":10," \
    "\"required\":\"M\",\"role\":\"party_name\"}"
#define F_LB                                                                                       \
    "{\"code\":\"T_LB\",\"name_zh\":\"类别\",\"key\":\"category\",\"type\":\"code\",\"code_"     \
    "list\":\"cat\","                                                                              \
    "\"required\":\"M\",\"role\":\"party_category\"}"
#define F_WSH                                                                                      \
    "{\"code\":\"T_WSH\",\"name_zh\":\"文号\",\"key\":\"doc_no\",\"type\":\"string\","           \
    "\"required\":{\"if\":{\"field\":\"T_LB\",\"in\":[\"02\"]}},\"role\":\"doc_no\"}"
#define CLASS(name, fields)                                                                        \
    "{\"class\":\"" name "\",\"name_zh\":\"测试\",\"name_en\":\"Test\",\"fields\":[" fields "]}"
#define CATALOG(lists, classes) "{\"catalog_version\":\"t1\"," lists ",\"classes\":[" classes "]}"

static int parse_text(const char *json, struct xy_catalog **cat, struct xy_error *err)
{
    xy_error_clear(err);
    *cat = (struct xy_catalog *)(uintptr_t)1; /* must be overwritten */
    return xy_catalog_parse(json, strlen(json), cat, err);
}

static void expect_reject(const char *json, const char *const *needles)
{
    struct xy_catalog *cat;
    struct xy_error err;
    int rc = parse_text(json, &cat, &err);
    if (rc != XY_EINVAL)
        fail_msg("expected XY_EINVAL, got %d (%s)", rc, err.msg);
    assert_null(cat);
    assert_int_equal(err.rc, XY_EINVAL);
    for (size_t i = 0; needles[i]; i++)
        if (!strstr(err.msg, needles[i]))
            fail_msg("message \"%s\" does not mention \"%s\"", err.msg, needles[i]);
    assert_bilingual(err.msg);
}

#define LIST_CLASS(name)                                                                           \
    "{\"class\":\"" name "\",\"list\":true,\"name_zh\":\"测试\",\"name_en\":\"Test\",\"fields\":[" F_MC "," F_LB  \
    "," F_WSH "]}"

/* Whether a repair needs a repair-training certificate: the class's "repair_training"; when the
 * class does not say, the black list only. */
static void test_repair_training(void **state)
{
    struct xy_catalog *cat;
    struct xy_error err;
    (void)state;
    assert_int_equal(parse_text(CATALOG(LISTS, CLASS("black_list", F_MC "," F_LB "," F_WSH) ","
                                                   CLASS("watch_list", F_MC "," F_LB "," F_WSH) ","
                                                   CLASS("penalty", F_MC "," F_LB "," F_WSH)),
                                &cat, &err),
                     XY_OK);
    assert_true(xy_catalog_class(cat, "black_list")->repair_training);
    assert_false(xy_catalog_class(cat, "watch_list")->repair_training);
    assert_false(xy_catalog_class(cat, "penalty")->repair_training);
    xy_catalog_free(cat);
    assert_int_equal(parse_text(CATALOG(LISTS, "{\"class\":\"black_list\",\"repair_training\":false,\"name_zh\":\"测试\","
                                               "\"name_en\":\"Test\",\"fields\":[" F_MC "," F_LB "," F_WSH "]},"
                                               "{\"class\":\"watch_list\",\"repair_training\":true,\"name_zh\":\"测试\","
                                               "\"name_en\":\"Test\",\"fields\":[" F_MC "," F_LB "," F_WSH "]}"),
                                &cat, &err),
                     XY_OK);
    assert_false(xy_catalog_class(cat, "black_list")->repair_training);
    assert_true(xy_catalog_class(cat, "watch_list")->repair_training);
    xy_catalog_free(cat);
}

/* Which classes are lists: those the catalogue marks; in a catalogue that marks none (written before
 * the key existed), the three standard lists; at most XY_LIST_CLASSES_MAX. */
static void test_list_classes(void **state)
{
    struct xy_catalog *cat;
    struct xy_error err;
    (void)state;
    assert_int_equal(parse_text(CATALOG(LISTS, CLASS("black_list", F_MC "," F_LB "," F_WSH) ","
                                                   CLASS("demo", F_MC "," F_LB "," F_WSH)),
                                &cat, &err),
                     XY_OK);
    assert_true(xy_catalog_class(cat, "black_list")->is_list);
    assert_false(xy_catalog_class(cat, "demo")->is_list);
    xy_catalog_free(cat);
    assert_int_equal(parse_text(CATALOG(LISTS, LIST_CLASS("demo") "," CLASS("black_list", F_MC "," F_LB "," F_WSH)),
                                &cat, &err),
                     XY_OK);
    assert_true(xy_catalog_class(cat, "demo")->is_list);
    assert_false(xy_catalog_class(cat, "black_list")->is_list); /* marked ones only, once any is */
    xy_catalog_free(cat);
    assert_int_equal(parse_text(CATALOG(LISTS, LIST_CLASS("l1") "," LIST_CLASS("l2") "," LIST_CLASS("l3") ","
                                                   LIST_CLASS("l4") "," LIST_CLASS("l5") "," LIST_CLASS("l6") ","
                                                   LIST_CLASS("l7") "," LIST_CLASS("l8") "," LIST_CLASS("l9")),
                                &cat, &err),
                     XY_EINVAL);
    assert_null(cat);
    assert_non_null(strstr(err.msg, "at most 8 list classes"));
}

static void test_minimal_ok(void **state)
{
    struct xy_catalog *cat;
    struct xy_error err;
    (void)state;
    int rc = parse_text(CATALOG(LISTS, CLASS("demo", F_MC "," F_LB "," F_WSH)), &cat, &err);
    if (rc)
        fail_msg("minimal catalogue rejected: %s", err.msg);
    assert_non_null(cat);
    const struct xy_class *c = xy_catalog_class(cat, "demo");
    assert_non_null(c);
    assert_int_equal(c->nfields, 3);
    assert_int_equal(c->role_field[XY_ROLE_DOC_NO], 2);
    assert_int_equal(c->fields[2].cond.field, 1);
    assert_int_equal(c->fields[2].req, XY_REQ_IF);
    assert_null(c->policy);
    xy_catalog_free(cat);
    xy_catalog_free(NULL);

    /* a condition may name a field defined later in the class */
    rc = parse_text(CATALOG(LISTS, CLASS("demo", F_MC "," F_WSH "," F_LB)), &cat, &err);
    if (rc)
        fail_msg("forward condition rejected: %s", err.msg);
    assert_int_equal(xy_catalog_class(cat, "demo")->fields[1].cond.field, 2);
    xy_catalog_free(cat);
}

static void test_reject_unknown_type(void **state)
{
    static const char *const want[] = {"demo.T_X", "money", NULL};
    (void)state;
    expect_reject(
        CATALOG(LISTS, CLASS("demo", F_MC "," F_LB "," F_WSH ",{\"code\":\"T_X\",\"name_zh\":\"X\","
                                          "\"key\":\"x\",\"type\":\"money\","
                                          "\"required\":\"O\"}")),
        want);
}

static void test_reject_unknown_list(void **state)
{
    static const char *const want[] = {"demo.T_X", "nolist", NULL};
    (void)state;
    expect_reject(
        CATALOG(LISTS, CLASS("demo", F_MC "," F_LB "," F_WSH ",{\"code\":\"T_X\",\"name_zh\":\"X\","
                                          "\"key\":\"x\",\"type\":\"code\","
                                          "\"code_list\":\"nolist\","
                                          "\"required\":\"O\"}")),
        want);
    /* a code field without any list */
    static const char *const want2[] = {"demo.T_X", NULL};
    expect_reject(
        CATALOG(LISTS, CLASS("demo", F_MC "," F_LB "," F_WSH ",{\"code\":\"T_X\",\"name_zh\":\"X\","
                                          "\"key\":\"x\",\"type\":\"codes\","
                                          "\"required\":\"O\"}")),
        want2);
}

static void test_reject_cond_unknown_field(void **state)
{
    static const char *const want[] = {"demo.T_X", "T_NOPE", NULL};
    (void)state;
    expect_reject(
        CATALOG(LISTS,
                CLASS("demo",
                      F_MC "," F_LB "," F_WSH
                           ",{\"code\":\"T_X\",\"name_zh\":\"X\",\"key\":\"x\",\"type\":\"string\","
                           "\"required\":{\"if\":{\"field\":\"T_NOPE\",\"in\":[\"01\"]}}}")),
        want);
    /* a condition with no operator */
    static const char *const want2[] = {"demo.T_X", NULL};
    expect_reject(
        CATALOG(LISTS,
                CLASS("demo",
                      F_MC "," F_LB "," F_WSH
                           ",{\"code\":\"T_X\",\"name_zh\":\"X\",\"key\":\"x\",\"type\":\"string\","
                           "\"required\":{\"if\":{\"field\":\"T_LB\"}}}")),
        want2);
    /* required missing entirely */
    expect_reject(
        CATALOG(LISTS, CLASS("demo", F_MC "," F_LB "," F_WSH
                                          ",{\"code\":\"T_X\",\"name_zh\":\"X\",\"key\":\"x\","
                                          "\"type\":\"string\"}")),
        want2);
    /* required neither M nor O */
    expect_reject(
        CATALOG(LISTS, CLASS("demo", F_MC "," F_LB "," F_WSH
                                          ",{\"code\":\"T_X\",\"name_zh\":\"X\",\"key\":\"x\","
                                          "\"type\":\"string\",\"required\":\"C\"}")),
        want2);
}

static void test_reject_duplicate_field(void **state)
{
    static const char *const want[] = {"demo", "T_MC", "twice", NULL};
    (void)state;
    expect_reject(CATALOG(LISTS, CLASS("demo", F_MC
                                       "," F_LB "," F_WSH
                                       ",{\"code\":\"T_MC\",\"name_zh\":\"别名\",\"key\":\"name2\","
                                       "\"type\":\"string\",\"required\":\"O\"}")),
                  want);
}

static void test_reject_duplicate_class(void **state)
{
    static const char *const want[] = {"class demo", "twice", NULL};
    (void)state;
    expect_reject(
        CATALOG(LISTS,
                CLASS("other", F_MC "," F_LB "," F_WSH) "," CLASS(
                    "demo", F_MC "," F_LB "," F_WSH) "," CLASS("demo", F_MC "," F_LB "," F_WSH)),
        want);
}

static void test_reject_missing_roles(void **state)
{
    static const char *const want[] = {"demo", "doc_no", NULL};
    (void)state;
    expect_reject(CATALOG(LISTS, CLASS("demo", F_MC "," F_LB)), want);
    static const char *const want2[] = {"demo", "party_name", NULL};
    expect_reject(CATALOG(LISTS, CLASS("demo", F_LB "," F_WSH)), want2);
    /* a role given twice */
    static const char *const want3[] = {"demo", "party_name", "twice", NULL};
    expect_reject(
        CATALOG(LISTS,
                CLASS("demo",
                      F_MC "," F_LB "," F_WSH ",{\"code\":\"T_X\",\"name_zh\":\"X\",\"key\":\"x\","
                           "\"type\":\"string\",\"required\":\"O\",\"role\":\"party_name\"}")),
        want3);
    /* an unknown role */
    static const char *const want4[] = {"demo.T_X", "boss", NULL};
    expect_reject(
        CATALOG(LISTS,
                CLASS("demo",
                      F_MC "," F_LB "," F_WSH ",{\"code\":\"T_X\",\"name_zh\":\"X\",\"key\":\"x\","
                           "\"type\":\"string\",\"required\":\"O\",\"role\":\"boss\"}")),
        want4);
}

static void test_reject_invalid_json(void **state)
{
    static const char *const want[] = {"line 3", NULL};
    (void)state;
    expect_reject("{\n \"catalog_version\": \"t1\",\n \"code_lists\": {,\n}\n", want);
    static const char *const want2[] = {"line 1", NULL};
    expect_reject("", want2);
    /* duplicate keys are refused too */
    static const char *const want3[] = {"line", NULL};
    expect_reject("{\"catalog_version\":\"a\",\"catalog_version\":\"b\"}", want3);
}

static void test_reject_other(void **state)
{
    (void)state;
    static const char *const none[] = {NULL};
    /* no version */
    expect_reject("{" LISTS ",\"classes\":[" CLASS("demo", F_MC "," F_LB "," F_WSH) "]}", none);
    /* no classes */
    expect_reject(CATALOG(LISTS, ""), none);
    /* id_no without its type field, and with an unknown one */
    static const char *const want[] = {"demo.T_ID", NULL};
    expect_reject(
        CATALOG(LISTS, CLASS("demo", F_MC "," F_LB "," F_WSH
                                          ",{\"code\":\"T_ID\",\"name_zh\":\"号码\",\"key\":\"id\","
                                          "\"type\":\"id_no\",\"required\":\"O\"}")),
        want);
    static const char *const want2[] = {"demo.T_ID", "T_NONE", NULL};
    expect_reject(
        CATALOG(LISTS, CLASS("demo", F_MC "," F_LB "," F_WSH
                                          ",{\"code\":\"T_ID\",\"name_zh\":\"号码\",\"key\":\"id\","
                                          "\"type\":\"id_no\",\"required\":\"O\","
                                          "\"id_type_field\":\"T_NONE\"}")),
        want2);
    /* a class naming an unknown policy */
    static const char *const want3[] = {"demo", "nopolicy", NULL};
    expect_reject(CATALOG(LISTS, "{\"class\":\"demo\",\"name_zh\":\"测试\",\"name_en\":\"Test\","
                                 "\"publicity_policy\":\"nopolicy\",\"fields\":[" F_MC "," F_LB
                                 "," F_WSH "]}"),
                  want3);
    /* a policy rule with max < min */
    static const char *const want4[] = {"p1", NULL};
    expect_reject(
        "{\"catalog_version\":\"t1\"," LISTS ",\"publicity_policies\":{\"p1\":[{\"effective\":"
        "\"2020-01-01\",\"rules\":[{\"severity\":\"*\",\"sector\":\"*\",\"min_months\":12,"
        "\"max_months\":3}]}]},\"classes\":[" CLASS("demo", F_MC "," F_LB "," F_WSH) "]}",
        want4);
    /* a policy version with a bad date */
    expect_reject("{\"catalog_version\":\"t1\"," LISTS
                  ",\"publicity_policies\":{\"p1\":[{\"effective\":"
                  "\"2020-02-30\",\"rules\":[{\"severity\":\"*\",\"sector\":\"*\",\"min_months\":0,"
                  "\"max_months\":3}]}]},\"classes\":[" CLASS("demo", F_MC "," F_LB "," F_WSH) "]}",
                  want4);
    /* a code list entry without text */
    static const char *const want5[] = {"cat", NULL};
    expect_reject("{\"catalog_version\":\"t1\",\"code_lists\":{\"cat\":[{\"code\":\"01\"}]},"
                  "\"classes\":[" CLASS("demo", F_MC "," F_LB "," F_WSH) "]}",
                  want5);
    /* unknown scope */
    static const char *const want6[] = {"demo", "secret", NULL};
    expect_reject(CATALOG(LISTS, "{\"class\":\"demo\",\"name_zh\":\"测试\",\"name_en\":\"Test\","
                                 "\"scope\":\"secret\",\"fields\":[" F_MC "," F_LB "," F_WSH "]}"),
                  want6);
}

/* Policies in a small catalogue: versions out of order are sorted; the first matching rule wins. */
static void test_policy_custom(void **state)
{
    struct xy_catalog *cat;
    struct xy_error err;
    (void)state;
    const char *json =
        "{\"catalog_version\":\"t1\"," LISTS ",\"publicity_policies\":{\"p\":["
        "{\"effective\":\"2022-01-01\",\"basis\":\"B\",\"rules\":["
        "{\"severity\":\"*\",\"sector\":\"01\",\"min_months\":1,\"max_months\":2},"
        "{\"severity\":\"*\",\"sector\":\"*\",\"min_months\":5,\"max_months\":6}]},"
        "{\"effective\":\"2020-01-01\",\"basis\":\"A\",\"rules\":["
        "{\"severity\":\"*\",\"sector\":\"*\",\"min_months\":0,\"max_months\":12}]}]},"
        "\"classes\":[{\"class\":\"demo\",\"name_zh\":\"测试\",\"name_en\":\"Test\",\"publicity_"
        "policy\":\"p\","
        "\"fields\":[" F_MC "," F_LB "," F_WSH "]}]}";
    int rc = parse_text(json, &cat, &err);
    if (rc)
        fail_msg("rejected: %s", err.msg);
    const struct xy_class *c = xy_catalog_class(cat, "demo");
    assert_non_null(c->policy);
    assert_string_equal(c->policy->versions[0].basis, "A");
    struct xy_date d = {2022, 6, 15}, mn, mx, old = {2021, 6, 15};
    const char *basis;
    assert_int_equal(xy_policy_window(c->policy, d, "2", "01", &mn, &mx, &basis), 0);
    assert_string_equal(basis, "B");
    assert_int_equal(mn.m, 7);
    assert_int_equal(mx.m, 8);
    assert_int_equal(xy_policy_window(c->policy, d, "2", "00", &mn, &mx, &basis), 0);
    assert_int_equal(mn.m, 11);
    assert_int_equal(mx.m, 12);
    assert_int_equal(xy_policy_window(c->policy, old, "2", "01", &mn, &mx, &basis), 0);
    assert_string_equal(basis, "A");
    assert_int_equal(mx.y, 2022);
    xy_catalog_free(cat);
}

/* Every allocation failure while parsing the real catalogue gives XY_ENOMEM and leaks nothing
 * (ASan reports leaks at exit). */
static void test_parse_oom(void **state)
{
    (void)state;
#ifndef XY_FAULTS
    skip(); /* needs -DXY_FAULTS=ON */
#else
    size_t len = 0;
    char *text = read_all(getenv("XY_CATALOG"), &len);
    assert_non_null(text);
    long n, misreported = 0;
    for (n = 1; n < 100000; n++) {
        struct xy_catalog *cat = NULL;
        struct xy_error err;
        xy_alloc_fail_at(n);
        int rc = xy_catalog_parse(text, len, &cat, &err);
        xy_alloc_fail_at(0);
        if (rc == XY_OK) {
            xy_catalog_free(cat);
            break;
        }
        assert_null(cat);
        if (rc != XY_ENOMEM && !misreported) {
            fprintf(stderr, "  allocation %ld failing gave rc %d: %s\n", n, rc, err.msg);
            misreported = n;
        }
    }
    assert_true(n > 100);
    free(text);
    if (misreported) {
        fail_msg("out of memory while parsing the catalogue must be reported as XY_ENOMEM");
    }
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_real_classes, setup_catalog, teardown_catalog),
        cmocka_unit_test_setup_teardown(test_real_license, setup_catalog, teardown_catalog),
        cmocka_unit_test_setup_teardown(test_real_penalty, setup_catalog, teardown_catalog),
        cmocka_unit_test_setup_teardown(test_real_lists_and_others, setup_catalog,
                                        teardown_catalog),
        cmocka_unit_test_setup_teardown(test_field_lookup, setup_catalog, teardown_catalog),
        cmocka_unit_test_setup_teardown(test_code_lookup, setup_catalog, teardown_catalog),
        cmocka_unit_test_setup_teardown(test_policy_windows, setup_catalog, teardown_catalog),
        cmocka_unit_test(test_minimal_ok),
        cmocka_unit_test(test_list_classes),
        cmocka_unit_test(test_repair_training),
        cmocka_unit_test(test_reject_unknown_type),
        cmocka_unit_test(test_reject_unknown_list),
        cmocka_unit_test(test_reject_cond_unknown_field),
        cmocka_unit_test(test_reject_duplicate_field),
        cmocka_unit_test(test_reject_duplicate_class),
        cmocka_unit_test(test_reject_missing_roles),
        cmocka_unit_test(test_reject_invalid_json),
        cmocka_unit_test(test_reject_other),
        cmocka_unit_test(test_policy_custom),
        cmocka_unit_test(test_parse_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
