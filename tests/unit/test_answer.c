/* SPDX-License-Identifier: Apache-2.0 */
/* Stored public answers (app/answer.h): after each kind of write (an import of new subjects, a
 * corrected row, an objection marked and decided, a department renamed) and as the clock moves past
 * the end of a publicity window, a stale stored answer is never served, and once rebuilt every
 * subject's stored answer is byte for byte the answer built afresh from its records. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/admin.h"
#include "app/answer.h"
#include "app/app_int.h"
#include "app/claim.h"
#include "app/import.h"
#include "app/lifecycle.h"
#include "app/subject.h"
#include "common/xy_alloc.h"
#include "common/xy_clock.h"

#define DEPT "11230500001755309F"
#define HEAD                                                                                       \
    "CF_XDR_MC,CF_XDR_LB,CF_XDR_SHXYM,CF_FRDB,CF_FR_ZJLX,CF_FR_ZJHM,CF_XDR_ZJLX,CF_XDR_ZJHM,CF_WSH,CF_WFXW,CF_SY," \
    "CF_YJ,CF_CFLB,CF_NR,CF_NR_FK,CF_JDRQ,CF_YXQ,CF_GSJZQ,CF_CFJG,CF_CFJGDM,CF_SJLY,CF_SJLYDM,CF_YZCD,CF_CXLX\n"
/* Penalty rows: of a company (by USCC) and of a person (by ID number). */
#define TAIL(doc, reason, kind, content, fine, date)                                               \
    "," doc ",虚假宣传," reason ",《广告法》第五十五条," kind "," content "," fine "," date "," date                 \
    ",,武汉市市场监督管理局," DEPT ",武汉市市场监督管理局," DEPT ",2,1\n"
#define ROW(name, uscc, doc, reason, kind, content, fine, date)                                    \
    name ",02," uscc ",孙五,,,," TAIL(doc, reason, kind, content, fine, date)
#define PROW(name, idno, doc, reason, kind, content, fine, date)                                   \
    name ",01,,,,,01," idno TAIL(doc, reason, kind, content, fine, date)

struct fx {
    char dir[64], db[128], day[128];
    struct xy_clock clock;
    struct xy_app *app;
    struct xy_principal op;
};

static void set_day(struct fx *f, const char *day)
{
    FILE *fp = fopen(f->day, "w");
    assert_non_null(fp);
    fprintf(fp, "%s\n", day);
    fclose(fp);
}

static int setup(void **state)
{
    struct fx *f = xy_calloc(1, sizeof *f);
    struct xy_error err = {0};
    int from, to, loaded, existed;
    char spec[140], norm[19];
    assert_non_null(f);
    unsetenv("XINYONG_KEY_FILE");
    snprintf(f->dir, sizeof f->dir, "%s", "/tmp/xy-answer.XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->db, sizeof f->db, "%s/x.db", f->dir);
    snprintf(f->day, sizeof f->day, "%s/day", f->dir);
    set_day(f, "2026-11-28");
    snprintf(spec, sizeof spec, "@%s", f->day);
    assert_int_equal(xy_clock_init(&f->clock, spec, &err), XY_OK);
    assert_int_equal(xy_app_init(f->db, NULL, NULL, 0, &from, &to, &loaded, &err), XY_OK);
    assert_int_equal(xy_app_open(f->db, &f->clock, &f->app, &err), XY_OK);
    xy_principal_operator(&f->op);
    assert_int_equal(xy_dept_register(f->app, &f->op, DEPT, "武汉市市场监督管理局", norm, &existed, &err), XY_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    char path[200];
    xy_app_close(f->app);
    static const char *const files[] = {"x.db", "x.db-wal", "x.db-shm", "x.db.key", "day"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        snprintf(path, sizeof path, "%s/%s", f->dir, files[i]);
        unlink(path);
    }
    rmdir(f->dir);
    xy_free(f);
    return 0;
}

static void import(struct fx *f, const char *csv)
{
    struct xy_import_opts o = {.by = &f->op, .cls = "penalty", .dept_uscc = DEPT, .format = XY_BATCH_CSV,
                               .source = "t.csv"};
    struct xy_import_result res;
    struct xy_error err = {0};
    assert_int_equal(xy_import_buffer(f->app, &o, csv, strlen(csv), &res, &err), XY_OK);
    for (size_t i = 0; i < res.nrejects; i++)
        fprintf(stderr, "row %ld %s: %s\n", res.rejects[i].row, res.rejects[i].field, res.rejects[i].reason);
    long rejected = res.rejected;
    xy_import_result_release(&res);
    assert_int_equal(rejected, 0);
}

static void refresh(struct fx *f)
{
    struct xy_error err = {0};
    int64_t n = 0;
    do
        assert_int_equal(xy_answer_refresh(f->app, XY_ANSWER_CHUNK, &n, &err), XY_OK);
    while (n > 0);
}

/* The answer served for code (stored or built) and, separately, the one built afresh. OUT: *stored
 * whether the store answered. */
static void answers(struct fx *f, const char *code, struct xy_buf *served, struct xy_buf *fresh, int *stored,
                    int *rc_served, int *rc_fresh)
{
    struct xy_error err = {0};
    char through[11];
    xy_buf_reset(served);
    xy_buf_reset(fresh);
    *rc_served = xy_answer_read(f->app, code, served, stored, &err);
    if (!*stored)
        *rc_served = xy_subject_public_text(f->app, code, NULL, served, &err);
    *rc_fresh = xy_subject_public_build(f->app, code, fresh, through, &err);
}

/* Every subject: its stored answer is current (the store answers) and is the one built afresh. */
static void check_all(struct fx *f)
{
    struct xy_store *st = f->app->store;
    struct xy_error err = {0};
    int64_t max = 0;
    struct xy_buf a, b;
    xy_buf_init(&a, 1u << 20);
    xy_buf_init(&b, 1u << 20);
    refresh(f);
    assert_int_equal(st->ops->subject_max(st, &max, &err), XY_OK);
    assert_true(max >= 3);
    for (int64_t id = 1; id <= max; id++) {
        char opaque[24];
        int stored, r1, r2;
        assert_int_equal(st->ops->subject_ref(st, id, opaque, &err), XY_OK);
        answers(f, opaque, &a, &b, &stored, &r1, &r2);
        assert_int_equal(stored, 1);
        assert_int_equal(r1, r2);
        assert_int_equal(a.len, b.len);
        assert_memory_equal(a.data ? a.data : "", b.data ? b.data : "", a.len);
    }
    xy_buf_release(&a);
    xy_buf_release(&b);
}

/* code's answer is not served from the store (it is stale) and the one served is built afresh. */
static void expect_not_stored(struct fx *f, const char *code)
{
    struct xy_buf a, b;
    int stored, r1, r2;
    xy_buf_init(&a, 1u << 20);
    xy_buf_init(&b, 1u << 20);
    answers(f, code, &a, &b, &stored, &r1, &r2);
    assert_int_equal(stored, 0);
    assert_int_equal(r1, r2);
    assert_string_equal(a.data ? a.data : "", b.data ? b.data : "");
    xy_buf_release(&a);
    xy_buf_release(&b);
}

static char *served(struct fx *f, const char *code)
{
    struct xy_buf a;
    struct xy_error err = {0};
    xy_buf_init(&a, 1u << 20);
    assert_int_equal(xy_subject_public_text(f->app, code, NULL, &a, &err), XY_OK);
    return xy_buf_take(&a);
}

/* The id of the first record in code's public answer. */
static int64_t first_record(struct fx *f, const char *code)
{
    char *s = served(f, code);
    const char *p = strstr(s, "\"_record\":{\"id\":");
    assert_non_null(p);
    int64_t id = strtoll(p + 16, NULL, 10);
    xy_free(s);
    return id;
}

static void test_answers_follow_every_change(void **state)
{
    struct fx *f = *state;
    struct xy_error err = {0};
    const char *a = "91110000600037341L", *b = "91420684MA4927PJ7B";
    import(f, HEAD ROW("北京信达科技有限公司", "91110000600037341L", "T罚〔2026〕1号", "发布虚假广告", "警告", "警告",
                       "", "2026-11-02")
               ROW("武汉华誉贸易有限公司", "91420684MA4927PJ7B", "T罚〔2026〕2号", "发布虚假广告", "罚款", "罚款3万元",
                   "3", "2026-10-01")
               PROW("吴芳", "420111197801010028", "T罚〔2026〕3号", "流动摊贩无证经营", "警告", "警告", "",
                   "2026-11-05"));
    /* The import marked every new subject stale: nothing is served from the store yet. */
    expect_not_stored(f, a);
    check_all(f);

    /* A corrected row (a new version of the record), and a new record of another subject. */
    import(f, HEAD ROW("北京信达科技有限公司", "91110000600037341L", "T罚〔2026〕1号", "发布虚假广告（更正）", "警告",
                       "警告", "", "2026-11-02"));
    expect_not_stored(f, a);
    char *before_b = served(f, b);
    import(f, HEAD ROW("武汉华誉贸易有限公司", "91420684MA4927PJ7B", "T罚〔2026〕4号", "无证经营", "警告", "警告", "",
                       "2026-11-20"));
    expect_not_stored(f, b);
    char *after_b = served(f, b);
    assert_string_not_equal(before_b, after_b); /* the stale answer was not served */
    xy_free(before_b);
    xy_free(after_b);
    check_all(f);

    /* An objection accepted: the record is marked "under objection" in the subject's answer. */
    int64_t rec = first_record(f, b), obj = 0;
    assert_int_equal(xy_objection_file(f->app, &f->op, rec, "金额有误", NULL, 0, &obj, &err), XY_OK);
    assert_int_equal(xy_claim_act(f->app, &f->op, obj, "accept", NULL, &err), XY_OK);
    expect_not_stored(f, b);
    char *marked = served(f, b);
    assert_non_null(strstr(marked, "\"under_objection\":true"));
    xy_free(marked);
    check_all(f);

    /* The department's name changes: every answer showing it. */
    int existed = 0;
    char norm[19];
    assert_int_equal(xy_dept_register(f->app, &f->op, DEPT, "武汉市市场监管局", norm, &existed, &err), XY_OK);
    expect_not_stored(f, a);
    expect_not_stored(f, b);
    check_all(f);

    /* The clock moves past the end of the first window among the public records: the answers that
     * show such a record are not served from the store any more (before the expiry job runs), the
     * record is gone from the answer served; after the expiry and the rebuild, all agree again. */
    char *old_a = served(f, a);
    set_day(f, "2027-12-01");
    expect_not_stored(f, a);
    char *new_a = served(f, a);
    assert_string_not_equal(old_a, new_a);
    assert_null(strstr(new_a, "T罚〔2026〕1号"));
    xy_free(old_a);
    xy_free(new_a);
    long n = 0;
    do
        assert_int_equal(xy_lifecycle_expire(f->app, &f->op, &n, &err), XY_OK);
    while (n == XY_EXPIRE_CHUNK);
    check_all(f);

    /* Answers made by another build are never served, and are rebuilt once marked. */
    struct xy_store *st = f->app->store;
    assert_int_equal(st->ops->begin(st, &err), XY_OK);
    assert_int_equal(st->ops->answer_put(st, 1, "xinyong 0.0.0", NULL, "{}", 2, &err), XY_OK);
    assert_int_equal(st->ops->commit(st, &err), XY_OK);
    char opaque[24];
    assert_int_equal(st->ops->subject_ref(st, 1, opaque, &err), XY_OK);
    expect_not_stored(f, opaque);
    int64_t old = 0;
    assert_int_equal(xy_answer_mark_old(f->app, &old, &err), XY_OK);
    assert_int_equal(old, 1);
    check_all(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_answers_follow_every_change, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
