/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of the work plan's further classes in the real catalogue ($XY_CATALOG): for each of
 * defaulter, gov_integrity, inspection, enforcement, confirmation, admin_reward and honour a good
 * row (its normalised record, ID numbers masked, its publicity window) and bad rows (the exact field
 * and reason code); the rectification rate of core/integrity.c against hand-computed figures; the
 * monthly figures' category 7 counting the new classes and never a class the public does not see. */
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

#include "common/xy_date.h"
#include "core/catalog.h"
#include "core/integrity.h"
#include "core/jrp.h"
#include "core/monitor.h"
#include "core/validate.h"
#include "core/workday.h"

static struct xy_catalog *g_cat;
static const struct xy_date TODAY = {2026, 6, 1};

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

struct kv {
    const char *code, *value;
};

/* Validates the row base with override (a value NULL removes the cell). OUT: *rec, *errs. */
static int run(const char *cls_name, const struct kv *base, const struct kv *override, struct xy_valrec *rec,
               struct xy_row_errors *errs)
{
    const struct xy_class *cls = xy_catalog_class(g_cat, cls_name);
    assert_non_null(cls);
    struct xy_cell cells[64];
    assert_true(cls->nfields <= 64);
    memset(cells, 0, sizeof cells);
    for (const struct kv *p = base; p->code; p++) {
        int i = xy_class_field_lookup(cls, p->code, strlen(p->code));
        assert_true(i >= 0);
        cells[i].p = p->value;
        cells[i].n = strlen(p->value);
    }
    for (const struct kv *p = override; p && p->code; p++) {
        int i = xy_class_field_lookup(cls, p->code, strlen(p->code));
        assert_true(i >= 0);
        cells[i].p = p->value;
        cells[i].n = p->value ? strlen(p->value) : 0;
    }
    return xy_validate_row(cls, cells, TODAY, rec, errs);
}

/* The row is rejected with reason `code` on field `field` (a code of the class). */
static void expect_reject(const char *cls_name, const struct kv *base, const struct kv *override, const char *field,
                          const char *code)
{
    struct xy_valrec rec;
    struct xy_row_errors errs;
    assert_int_equal(run(cls_name, base, override, &rec, &errs), XY_EINVAL);
    const struct xy_class *cls = xy_catalog_class(g_cat, cls_name);
    int fi = xy_class_field_lookup(cls, field, strlen(field));
    for (int i = 0; i < errs.n; i++)
        if (errs.e[i].field == fi && strcmp(errs.e[i].code, code) == 0)
            return;
    for (int i = 0; i < errs.n; i++)
        fprintf(stderr, "  got field %d %s: %s\n", errs.e[i].field, errs.e[i].code, errs.e[i].reason);
    fail_msg("%s: expected %s on %s", cls_name, code, field);
}

/* Accepts the row and returns its stored fields (caller json_decref). OUT: *rec_out when not NULL. */
static json_t *accept(const char *cls_name, const struct kv *base, const struct kv *override, struct xy_valrec *rec_out)
{
    struct xy_valrec rec;
    struct xy_row_errors errs;
    int rc = run(cls_name, base, override, &rec, &errs);
    for (int i = 0; i < errs.n; i++)
        fprintf(stderr, "  %s field %d %s: %s\n", cls_name, errs.e[i].field, errs.e[i].code, errs.e[i].reason);
    assert_int_equal(rc, XY_OK);
    json_t *f = json_loadb(rec.fields.data, rec.fields.len, 0, NULL);
    assert_non_null(f);
    if (rec_out)
        *rec_out = rec;
    else
        xy_valrec_release(&rec);
    return f;
}

static const char *str(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

/* ---- 失信被执行人 --------------------------------------------------------------------------- */

static const struct kv DEFAULTER_PERSON[] = {
    {"SX_XDR_MC", "张三"},
    {"SX_XDR_LB", "自然人"},
    {"SX_XDR_ZJLX", "01"},
    {"SX_XDR_ZJHM", "360426199101010071"},
    {"SX_JDSWH", "（2025）鄂01执123号之一"},
    {"SX_AH", "（2025）鄂01执123号"},
    {"SX_ZXFY", "武汉市中级人民法院"},
    {"SX_ZXFYDM", "11230500001755309F"},
    {"SX_ZXYJWH", "（2024）鄂01民初456号"},
    {"SX_ZCZXYJDW", "武汉市中级人民法院"},
    {"SX_LARQ", "2025-03-01"},
    {"SX_YW", "被告于判决生效之日起十日内向原告支付货款12万元"},
    {"SX_LXQK", "全部未履行"},
    {"SX_SXQX", "1;4"},
    {"SX_FBRQ", "2025-06-10"},
    {NULL, NULL},
};

static void test_defaulter(void **state)
{
    (void)state;
    struct xy_valrec rec;
    json_t *f = accept("defaulter", DEFAULTER_PERSON, NULL, &rec);
    /* a natural person: ID number masked in what may be shown, plain only in the sealed part */
    assert_int_equal(rec.kind, XY_SUBJ_PERSON);
    assert_string_equal(str(f, "party_id_no"), "3604**********0071");
    assert_null(strstr(rec.fields.data, "360426199101010071"));
    assert_non_null(strstr(rec.sealed.data, "360426199101010071"));
    assert_string_equal(str(f, "performance"), "1");
    assert_string_equal(str(f, "conduct"), "1;4");
    /* the publication runs two years from the publication date (法释〔2017〕7号 Art. 2) */
    char d[11];
    xy_date_format(rec.public_until, d);
    assert_string_equal(d, "2027-06-10");
    xy_valrec_release(&rec);
    json_decref(f);
    /* the court may end it earlier */
    f = accept("defaulter", DEFAULTER_PERSON, (struct kv[]){{"SX_PBRQ", "2026-01-31"}, {NULL, NULL}}, &rec);
    xy_date_format(rec.public_until, d);
    assert_string_equal(d, "2026-01-31");
    xy_valrec_release(&rec);
    json_decref(f);
    /* the court's decision list is a list class that joint punishment targets */
    assert_true(xy_catalog_class(g_cat, "defaulter")->is_list);
    assert_true(xy_jrp_targets("defaulter", NULL, "defaulter", NULL));
    assert_false(xy_jrp_targets("black_list", "失信被执行人", "defaulter", NULL));
    assert_non_null(xy_catalog_class(g_cat, "defaulter")->local_def);

    expect_reject("defaulter", DEFAULTER_PERSON, (struct kv[]){{"SX_XDR_ZJHM", "36042619910102009X"}, {NULL, NULL}},
                  "SX_XDR_ZJHM", "bad_id_no");
    /* a fully performed obligation is no entry: the court deletes it, so no such code */
    expect_reject("defaulter", DEFAULTER_PERSON, (struct kv[]){{"SX_LXQK", "全部履行"}, {NULL, NULL}}, "SX_LXQK",
                  "bad_code");
    expect_reject("defaulter", DEFAULTER_PERSON, (struct kv[]){{"SX_LXQK", "2"}, {NULL, NULL}}, "SX_WLXBF", "missing");
    expect_reject("defaulter", DEFAULTER_PERSON, (struct kv[]){{"SX_LARQ", "2025-07-01"}, {NULL, NULL}}, "SX_LARQ",
                  "date_order");
    expect_reject("defaulter", DEFAULTER_PERSON, (struct kv[]){{"SX_ZXFYDM", "91110000600037341L"}, {NULL, NULL}},
                  "SX_ZXFYDM", "uscc_prefix");
    expect_reject("defaulter", DEFAULTER_PERSON, (struct kv[]){{"SX_AH", NULL}, {NULL, NULL}}, "SX_AH", "missing");
}

/* ---- 政务诚信 ------------------------------------------------------------------------------- */

static const struct kv GOV_EVENT[] = {
    {"ZW_XDR_MC", "双鸭山市公安局"},
    {"ZW_XDR_LB", "02"},
    {"ZW_XDR_SHXYM", "11230500001755309F"},
    {"ZW_FRDB", "李四"},
    {"ZW_SJBH", "武发改政信〔2026〕1号"},
    {"ZW_SJLX", "01"},
    {"ZW_SJMS", "拖欠施工企业工程款"},
    {"ZW_RDYJ", "《国务院关于加强政务诚信建设的指导意见》"},
    {"ZW_SJJE", "380"},
    {"ZW_RDRQ", "2026-01-15"},
    {"ZW_RDBM", "武汉市发展和改革委员会"},
    {"ZW_RDBMDM", "91110000600037341L"},
    {"ZW_ZGZT", "已整改"},
    {"ZW_ZGRQ", "2026-03-01"},
    {"ZW_ZGQK", "已全额支付"},
    {NULL, NULL},
};

static void test_gov_integrity(void **state)
{
    (void)state;
    struct xy_valrec rec;
    json_t *f = accept("gov_integrity", GOV_EVENT, NULL, &rec);
    assert_string_equal(str(f, "rectification"), "1");
    assert_string_equal(str(f, "rectified_on"), "2026-03-01");
    assert_string_equal(rec.uscc, "11230500001755309F");
    char d[11];
    xy_date_format(rec.public_until, d);
    assert_string_equal(d, "2029-01-15");
    xy_valrec_release(&rec);
    json_decref(f);
    /* in progress: no completion date needed, the measures are */
    json_decref(accept("gov_integrity", GOV_EVENT,
                       (struct kv[]){{"ZW_ZGZT", "2"}, {"ZW_ZGRQ", NULL}, {NULL, NULL}}, NULL));
    /* a government body is registered by an establishment office: its code starts with 1 */
    expect_reject("gov_integrity", GOV_EVENT, (struct kv[]){{"ZW_XDR_SHXYM", "91110000600037341L"}, {NULL, NULL}},
                  "ZW_XDR_SHXYM", "uscc_prefix");
    /* a person is no government body: the code is mandatory */
    expect_reject("gov_integrity", GOV_EVENT,
                  (struct kv[]){{"ZW_XDR_LB", "01"}, {"ZW_XDR_SHXYM", NULL}, {"ZW_XDR_ZJLX", "01"},
                                {"ZW_XDR_ZJHM", "360426199101010071"}, {NULL, NULL}},
                  "ZW_XDR_SHXYM", "missing");
    expect_reject("gov_integrity", GOV_EVENT, (struct kv[]){{"ZW_ZGRQ", NULL}, {NULL, NULL}}, "ZW_ZGRQ", "missing");
    expect_reject("gov_integrity", GOV_EVENT, (struct kv[]){{"ZW_ZGRQ", "2026-01-14"}, {NULL, NULL}}, "ZW_ZGRQ",
                  "date_order");
    expect_reject("gov_integrity", GOV_EVENT, (struct kv[]){{"ZW_ZGRQ", "2026-06-02"}, {NULL, NULL}}, "ZW_ZGRQ",
                  "future_date");
    expect_reject("gov_integrity", GOV_EVENT, (struct kv[]){{"ZW_ZGZT", "4"}, {NULL, NULL}}, "ZW_ZGZT", "bad_code");
}

/* ---- 行政检查, 行政强制, 行政确认, 行政奖励, 表彰荣誉 ------------------------------------------- */

static const struct kv INSPECTION[] = {
    {"JC_XDR_MC", "武汉华鑫科技有限公司"}, {"JC_XDR_LB", "02"}, {"JC_XDR_SHXYM", "91420684MA4927PJ7B"},
    {"JC_FRDB", "张伟"}, {"JC_WSH", "武市监检〔2026〕7号"}, {"JC_LX", "双随机抽查"},
    {"JC_SX", "企业公示信息情况检查"}, {"JC_RQ", "2026/5/20"}, {"JC_JG", "01"},
    {"JC_JGMC", "武汉市市场监督管理局"}, {"JC_JGDM", "91110000600037341L"}, {NULL, NULL},
};

static void test_inspection(void **state)
{
    (void)state;
    struct xy_valrec rec;
    json_t *f = accept("inspection", INSPECTION, NULL, &rec);
    assert_string_equal(str(f, "decision_date"), "2026-05-20");
    assert_string_equal(str(f, "inspection_type"), "01");
    char d[11];
    xy_date_format(rec.public_until, d);
    assert_string_equal(d, "2029-05-20");
    xy_valrec_release(&rec);
    json_decref(f);
    expect_reject("inspection", INSPECTION, (struct kv[]){{"JC_JG", "07"}, {NULL, NULL}}, "JC_CLQK", "missing");
    expect_reject("inspection", INSPECTION, (struct kv[]){{"JC_RQ", "2026-06-02"}, {NULL, NULL}}, "JC_RQ",
                  "future_date");
}

static const struct kv ENFORCEMENT[] = {
    {"QZ_XDR_MC", "武汉华鑫科技有限公司"}, {"QZ_XDR_LB", "02"}, {"QZ_XDR_SHXYM", "91420684MA4927PJ7B"},
    {"QZ_FRDB", "张伟"}, {"QZ_FR_ZJLX", "01"}, {"QZ_FR_ZJHM", "110102199101010078"},
    {"QZ_WSH", "武环强〔2026〕3号"}, {"QZ_FS", "查封场所、设施或者财物"}, {"QZ_SY", "涉嫌违法排放污染物"},
    {"QZ_YJ", "《中华人民共和国环境保护法》第二十五条"}, {"QZ_NR", "查封违法排放污染物的设施"},
    {"QZ_JDRQ", "2026-05-01"}, {"QZ_QXZ", "2026-05-31"}, {"QZ_JG", "武汉市生态环境局"},
    {"QZ_JGDM", "91110000600037341L"}, {NULL, NULL},
};

static void test_enforcement(void **state)
{
    (void)state;
    struct xy_valrec rec;
    json_t *f = accept("enforcement", ENFORCEMENT, NULL, &rec);
    assert_string_equal(str(f, "method"), "12");
    /* the legal representative's ID number is not public at all, only sealed */
    assert_null(json_object_get(f, "legal_rep_id_no"));
    assert_non_null(strstr(rec.sealed.data, "110102199101010078"));
    assert_string_equal(rec.rep_key, "01:110102199101010078");
    xy_valrec_release(&rec);
    json_decref(f);
    expect_reject("enforcement", ENFORCEMENT, (struct kv[]){{"QZ_FS", "罚款"}, {NULL, NULL}}, "QZ_FS", "bad_code");
    expect_reject("enforcement", ENFORCEMENT, (struct kv[]){{"QZ_QXZ", "2026-04-30"}, {NULL, NULL}}, "QZ_QXZ",
                  "date_order");
    expect_reject("enforcement", ENFORCEMENT, (struct kv[]){{"QZ_JE", "-1"}, {NULL, NULL}}, "QZ_JE", "bad_amount");
}

static const struct kv CONFIRMATION[] = {
    {"QR_XDR_MC", "武汉华鑫科技有限公司"}, {"QR_XDR_LB", "02"}, {"QR_XDR_SHXYM", "91420684MA4927PJ7B"},
    {"QR_FRDB", "张伟"}, {"QR_WSH", "武文旅确〔2026〕2号"}, {"QR_SXMC", "A级旅游景区质量等级评定"},
    {"QR_LB", "01"}, {"QR_NR", "评定为3A级旅游景区"}, {"QR_JDRQ", "2026-02-01"}, {"QR_YXQZ", "2029-01-31"},
    {"QR_JG", "武汉市文化和旅游局"}, {"QR_JGDM", "91110000600037341L"}, {NULL, NULL},
};

static void test_confirmation(void **state)
{
    (void)state;
    struct xy_valrec rec;
    json_t *f = accept("confirmation", CONFIRMATION, NULL, &rec);
    char d[11];
    xy_date_format(rec.public_until, d);
    assert_string_equal(d, "2029-01-31"); /* public while valid */
    xy_valrec_release(&rec);
    json_decref(f);
    expect_reject("confirmation", CONFIRMATION, (struct kv[]){{"QR_SXMC", NULL}, {NULL, NULL}}, "QR_SXMC", "missing");
    expect_reject("confirmation", CONFIRMATION, (struct kv[]){{"QR_LB", "07"}, {NULL, NULL}}, "QR_LB", "bad_code");
}

static const struct kv REWARD[] = {
    {"JL_XDR_MC", "武汉华鑫科技有限公司"}, {"JL_XDR_LB", "02"}, {"JL_XDR_SHXYM", "91420684MA4927PJ7B"},
    {"JL_FRDB", "张伟"}, {"JL_WSH", "武应急奖〔2026〕1号"}, {"JL_MC", "2025年度安全生产工作先进单位"},
    {"JL_DJ", "市级"}, {"JL_XS", "通报表扬；发放奖金"}, {"JL_JE", "2"}, {"JL_SY", "年度安全生产工作成绩突出"},
    {"JL_JDRQ", "2026-03-01"}, {"JL_JG", "武汉市应急管理局"}, {"JL_JGDM", "91110000600037341L"}, {NULL, NULL},
};

static void test_reward(void **state)
{
    (void)state;
    json_t *f = accept("admin_reward", REWARD, NULL, NULL);
    assert_string_equal(str(f, "reward_form"), "1;3");
    assert_string_equal(str(f, "bonus_wan"), "2");
    json_decref(f);
    /* a cash bonus names its amount */
    expect_reject("admin_reward", REWARD, (struct kv[]){{"JL_JE", NULL}, {NULL, NULL}}, "JL_JE", "missing");
    json_decref(accept("admin_reward", REWARD, (struct kv[]){{"JL_XS", "1"}, {"JL_JE", NULL}, {NULL, NULL}}, NULL));
    expect_reject("admin_reward", REWARD, (struct kv[]){{"JL_DJ", "街道级"}, {NULL, NULL}}, "JL_DJ", "bad_code");
}

static const struct kv HONOUR_PERSON[] = {
    {"RY_XDR_MC", "王五"}, {"RY_XDR_LB", "01"}, {"RY_XDR_ZJLX", "01"}, {"RY_XDR_ZJHM", "44011320141005001X"},
    {"RY_WSH", "武人社表〔2026〕5号"}, {"RY_MC", "武汉市劳动模范"}, {"RY_DJ", "3"},
    {"RY_SYRQ", "2026-04-30"}, {"RY_YXQZ", "2026-05-31"}, {"RY_JG", "武汉市人力资源和社会保障局"},
    {"RY_JGDM", "91110000600037341L"}, {NULL, NULL},
};

static void test_honour(void **state)
{
    (void)state;
    struct xy_valrec rec;
    json_t *f = accept("honour", HONOUR_PERSON, NULL, &rec);
    assert_string_equal(str(f, "party_id_no"), "4401**********001X");
    char d[11];
    xy_date_format(rec.public_until, d);
    assert_string_equal(d, "2026-05-31");
    xy_valrec_release(&rec);
    json_decref(f);
    expect_reject("honour", HONOUR_PERSON, (struct kv[]){{"RY_XDR_ZJHM", NULL}, {NULL, NULL}}, "RY_XDR_ZJHM",
                  "missing");
    expect_reject("honour", HONOUR_PERSON, (struct kv[]){{"RY_YXQZ", "2026-04-29"}, {NULL, NULL}}, "RY_YXQZ",
                  "date_order");
}

/* ---- the rectification rate --------------------------------------------------------------- */

static void test_rectification_rate(void **state)
{
    (void)state;
    struct xy_integrity_tally t = {0};
    char out[16];
    assert_int_equal(xy_integrity_rate_bp(&t), -1);
    xy_integrity_rate_text(-1, out);
    assert_string_equal(out, "");
    /* 2 rectified of 3: 2/3 = 66.666…% → 66.67 */
    xy_integrity_add(&t, "1");
    xy_integrity_add(&t, "1");
    xy_integrity_add(&t, "2");
    assert_int_equal(xy_integrity_rate_bp(&t), 6667);
    xy_integrity_rate_text(6667, out);
    assert_string_equal(out, "66.67");
    /* 3 of 5 (+ one not rectified, one unknown): 60.00 */
    xy_integrity_add(&t, "3");
    xy_integrity_add(&t, NULL);
    xy_integrity_add(&t, "1");
    assert_int_equal(t.events, 6);
    assert_int_equal(t.rectified, 3);
    assert_int_equal(t.in_progress, 1);
    assert_int_equal(t.not_rectified, 2);
    assert_int_equal(xy_integrity_rate_bp(&t), 5000);
    /* 1 of 8 = 12.5% exactly; 1 of 6 = 16.666…% → 16.67; 5 of 6 = 83.333…% → 83.33 */
    struct xy_integrity_tally a = {8, 1, 0, 7}, b = {6, 1, 0, 5}, c = {6, 5, 1, 0}, all = {4, 4, 0, 0};
    assert_int_equal(xy_integrity_rate_bp(&a), 1250);
    assert_int_equal(xy_integrity_rate_bp(&b), 1667);
    assert_int_equal(xy_integrity_rate_bp(&c), 8333);
    assert_int_equal(xy_integrity_rate_bp(&all), XY_INTEGRITY_TARGET_BP);
    xy_integrity_rate_text(8333, out);
    assert_string_equal(out, "83.33");
    xy_integrity_rate_text(10000, out);
    assert_string_equal(out, "100.00");
}

/* ---- monthly figures, category 7 ---------------------------------------------------------- */

static int64_t cat_value(const struct xy_mon *m, int no, const char *sub)
{
    const struct xy_mon_tab *t = &m->cat[no - 1];
    int64_t v = 0;
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->rows[i].sub, sub) == 0)
            v += t->rows[i].v[0];
    return v;
}

static void test_monthly_category_7(void **state)
{
    (void)state;
    struct xy_calendar cal;
    struct xy_mon_params p;
    struct xy_mon m;
    struct xy_error err = {0};
    xy_calendar_init(&cal);
    xy_mon_params_default(&p, g_cat);
    xy_mon_init(&m, (struct xy_month){2026, 5}, &p, &cal);
    static const struct {
        const char *cls;
        int64_t n;
    } facts[] = {{"inspection", 4}, {"enforcement", 1}, {"confirmation", 2}, {"admin_reward", 3},
                 {"honour", 5},     {"gov_integrity", 2}, {"commitment", 6}, {"arrears", 9}, {"defaulter", 7}};
    for (size_t i = 0; i < sizeof facts / sizeof *facts; i++) {
        struct xy_mon_fact f = {XY_MF_RECORD, "11420100MB1514396X", facts[i].cls, NULL, "2026-05-06",
                                "2026-05-06T02", facts[i].n};
        assert_int_equal(xy_mon_add_fact(&m, &f, &err), XY_OK);
    }
    assert_int_equal(cat_value(&m, 7, "inspection"), 4);
    assert_int_equal(cat_value(&m, 7, "enforcement"), 1);
    assert_int_equal(cat_value(&m, 7, "confirmation"), 2);
    assert_int_equal(cat_value(&m, 7, "admin_reward"), 3);
    assert_int_equal(cat_value(&m, 7, "honour"), 5);
    assert_int_equal(cat_value(&m, 7, "gov_integrity"), 2);
    assert_int_equal(cat_value(&m, 7, "commitment"), 6);
    /* arrears are seen only under consent: not "published"; defaulters are a list (category 1) */
    assert_int_equal(cat_value(&m, 7, "arrears"), 0);
    assert_int_equal(cat_value(&m, 7, "defaulter"), 0);
    assert_int_equal(cat_value(&m, 1, "defaulter"), 7);
    xy_mon_release(&m);
    xy_calendar_free(&cal);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaulter),    cmocka_unit_test(test_gov_integrity),
        cmocka_unit_test(test_inspection),   cmocka_unit_test(test_enforcement),
        cmocka_unit_test(test_confirmation), cmocka_unit_test(test_reward),
        cmocka_unit_test(test_honour),       cmocka_unit_test(test_rectification_rate),
        cmocka_unit_test(test_monthly_category_7),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
