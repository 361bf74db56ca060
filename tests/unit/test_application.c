/* SPDX-License-Identifier: Apache-2.0 */
/* Tests of subjects' applications for accounts (src/app/application.c, activation.c): the code as
 * typed, a filing refused for its code or its papers storing nothing, a person's number kept
 * masked and sealed, approval's code working once and only before the clock module's day passes its
 * expiry, a refused application that never activates, and the account signing in as a subject. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/account.h"
#include "app/app.h"
#include "app/application.h"
#include "common/xy_alloc.h"
#include "common/xy_clock.h"

#define ORG "91420684MA4927PJ7B"
#define RIC "360426199101010071"
#define PW "company-Pass-2718"

static void test_code_parse(void **state)
{
    (void)state;
    int64_t id = -1;
    char s[XY_ACTIVATION_SECRET_CHARS];
    assert_int_equal(xy_activation_code_parse("12-ABCD-EFGH-JKMN-PQRS", &id, s), 0);
    assert_int_equal(id, 12);
    assert_memory_equal(s, "ABCDEFGHJKMNPQRS", sizeof s);
    /* Either case, spaces, and Crockford's readings of I, L and O. */
    assert_int_equal(xy_activation_code_parse(" 7-il0o 1234-5678-9xyz", &id, s), 0);
    assert_int_equal(id, 7);
    assert_memory_equal(s, "1100123456789XYZ", 16);
    static const char *const bad[] = {"", "12", "12-", "ABCD-EFGH-JKMN-PQRS", "0-ABCD-EFGH-JKMN-PQRS",
                                      "12-ABCD-EFGH-JKMN-PQR", "12-ABCD-EFGH-JKMN-PQRST", "12-ABCD-EFGH-JKMN-PQRU",
                                      "12_ABCD-EFGH-JKMN-PQRS", "99999999999999999999-ABCD-EFGH-JKMN-PQRS"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        id = -1;
        assert_int_equal(xy_activation_code_parse(bad[i], &id, s), -1);
        assert_int_equal(id, 0);
    }
    assert_int_equal(xy_activation_code_parse(NULL, &id, s), -1);
}

/* ---- against a database, with a clock read from a file ---- */

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
    int from, to, loaded;
    char spec[140];
    assert_non_null(f);
    unsetenv("XINYONG_KEY_FILE");
    snprintf(f->dir, sizeof f->dir, "%s", "/tmp/xy-application.XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->db, sizeof f->db, "%s/x.db", f->dir);
    snprintf(f->day, sizeof f->day, "%s/day", f->dir);
    set_day(f, "2026-11-28");
    snprintf(spec, sizeof spec, "@%s", f->day);
    assert_int_equal(xy_clock_init(&f->clock, spec, &err), XY_OK);
    assert_int_equal(xy_app_init(f->db, NULL, NULL, 0, &from, &to, &loaded, &err), XY_OK);
    assert_int_equal(xy_app_open(f->db, &f->clock, &f->app, &err), XY_OK);
    xy_principal_operator(&f->op);
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

static const uint8_t PDF[] = "%PDF-1.4\n%%EOF\n";
static const uint8_t PNG[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

static int submit(struct fx *f, const char *kind, const char *code, const struct xy_claim_file_in *licence,
                  int64_t *id, struct xy_error *err)
{
    struct xy_claim_file_in letter = {.name = "letter.png", .media_type = "image/png", .data = PNG, .len = sizeof PNG - 1};
    struct xy_application_in in = {.kind = kind, .code = code, .name = "武汉合众科技有限公司", .legal_rep = "张三",
                                    .contact = "李四", .phone = "027-88881234", .email = "ops@example.com",
                                    .licence = licence, .letter = &letter};
    int retry = 0;
    return xy_application_submit(f->app, &in, "192.0.2.1", id, &retry, err);
}

static int count(struct fx *f, const char *state)
{
    json_t *items = NULL;
    struct xy_error err = {0};
    assert_int_equal(xy_application_list(f->app, state, &items, &err), XY_OK);
    int n = (int)json_array_size(items);
    json_decref(items);
    return n;
}

static int activate(struct fx *f, const char *code, const char *name, struct xy_error *err)
{
    struct xy_activation_req rq = {.code = code, .name = name, .password = PW, .client = "192.0.2.9"};
    int retry = 0;
    return xy_application_activate(f->app, &rq, &retry, err);
}

static void test_filing_refused_stores_nothing(void **state)
{
    struct fx *f = *state;
    struct xy_error err = {0};
    struct xy_claim_file_in pdf = {.name = "licence.pdf", .media_type = "application/pdf", .data = PDF, .len = sizeof PDF - 1};
    struct xy_claim_file_in fake = {.name = "licence.pdf", .media_type = "application/pdf", .data = PNG, .len = sizeof PNG - 1};
    int64_t id = 0;
    assert_int_equal(submit(f, "org", "91420684MA4927PJ7C", &pdf, &id, &err), XY_EINVAL);
    assert_non_null(strstr(err.msg, "check character does not match"));
    assert_int_equal(submit(f, "org", ORG, &fake, &id, &err), XY_EINVAL);
    assert_non_null(strstr(err.msg, "first bytes do not match"));
    assert_int_equal(submit(f, "org", ORG, NULL, &id, &err), XY_EINVAL);
    assert_int_equal(submit(f, "person", "360426199101010072", &pdf, &id, &err), XY_EINVAL);
    assert_null(strstr(err.msg, "360426199101010072"));
    assert_int_equal(submit(f, "robot", ORG, &pdf, &id, &err), XY_EINVAL);
    assert_int_equal(id, 0);
    assert_int_equal(count(f, NULL), 0);
}

static void test_person_masked(void **state)
{
    struct fx *f = *state;
    struct xy_error err = {0};
    struct xy_claim_file_in pdf = {.name = "id.pdf", .media_type = "application/pdf", .data = PDF, .len = sizeof PDF - 1};
    int64_t id = 0;
    json_t *o = NULL;
    assert_int_equal(submit(f, "person", RIC, &pdf, &id, &err), XY_OK);
    assert_int_equal(xy_application_get(f->app, id, &o, &err), XY_OK);
    char *text = json_dumps(o, 0);
    assert_non_null(text);
    assert_null(strstr(text, RIC));
    assert_non_null(strstr(text, "3604**********0071"));
    free(text);
    json_decref(o);
}

static void test_code_once_and_expiry(void **state)
{
    struct fx *f = *state;
    struct xy_error err = {0};
    struct xy_claim_file_in pdf = {.name = "licence.pdf", .media_type = "application/pdf", .data = PDF, .len = sizeof PDF - 1};
    char code[XY_ACTIVATION_CODE_SIZE], code2[XY_ACTIVATION_CODE_SIZE], email[256], wrong[XY_ACTIVATION_CODE_SIZE];
    int64_t a1 = 0, a2 = 0, a3 = 0, expires = 0;
    assert_int_equal(submit(f, "org", ORG, &pdf, &a1, &err), XY_OK);
    assert_int_equal(submit(f, "org", ORG, &pdf, &a2, &err), XY_OK);
    assert_int_equal(submit(f, "org", ORG, &pdf, &a3, &err), XY_OK);
    assert_int_equal(count(f, "pending"), 3);

    /* Before approval no code opens it; after, the code of one application opens no other. */
    assert_int_equal(xy_application_approve(f->app, &f->op, a1, code, &expires, email, &err), XY_OK);
    assert_string_equal(email, "ops@example.com");
    assert_int_equal(xy_application_approve(f->app, &f->op, a1, code2, &expires, email, &err), XY_ESTATE);
    snprintf(wrong, sizeof wrong, "%lld%s", (long long)a2, strchr(code, '-'));
    assert_int_equal(activate(f, wrong, "hezhong", &err), XY_EDENIED);
    /* A bad password leaves the code unspent. */
    struct xy_activation_req shortpw = {.code = code, .name = "hezhong", .password = "short", .client = "192.0.2.9"};
    int retry = 0;
    assert_int_equal(xy_application_activate(f->app, &shortpw, &retry, &err), XY_EINVAL);
    assert_int_equal(activate(f, code, "hezhong", &err), XY_OK);
    assert_int_equal(activate(f, code, "hezhong2", &err), XY_EDENIED);
    assert_int_equal(count(f, "activated"), 1);

    /* The account signs in as the subject. */
    struct xy_signin_req rq = {.name = "hezhong", .password = PW, .client = "192.0.2.9"};
    struct xy_signin chk;
    struct xy_session_cfg cfg;
    struct xy_principal who;
    char token[XY_SESSION_TOKEN_SIZE], csrf[XY_CSRF_SIZE];
    xy_session_cfg_init(&cfg);
    assert_int_equal(xy_signin_check(f->app, &rq, &chk, &retry, &err), XY_OK);
    assert_int_equal(xy_signin_finish(f->app, &rq, &chk, &cfg, token, csrf, &who, &err), XY_OK);
    assert_int_equal(who.role, XY_ROLE_SUBJECT);
    assert_true(who.subject_id > 0);

    /* A refused application never activates. */
    assert_int_equal(xy_application_refuse(f->app, &f->op, a2, "", &err), XY_EINVAL);
    assert_int_equal(xy_application_refuse(f->app, &f->op, a2, "不清晰", &err), XY_OK);
    assert_int_equal(xy_application_approve(f->app, &f->op, a2, code2, &expires, email, &err), XY_ESTATE);

    /* A code is good for 14 days by the clock module: on the 15th it is refused. */
    assert_int_equal(xy_application_approve(f->app, &f->op, a3, code2, &expires, email, &err), XY_OK);
    set_day(f, "2026-12-13");
    assert_int_equal(activate(f, code2, "late", &err), XY_EDENIED);
    assert_int_equal(count(f, "approved"), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_code_parse),
        cmocka_unit_test_setup_teardown(test_filing_refused_stores_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_person_masked, setup, teardown),
        cmocka_unit_test_setup_teardown(test_code_once_and_expiry, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
