/* SPDX-License-Identifier: Apache-2.0 */
/* Tests of staff accounts (src/app/account.c, session.c) and the TOTP wrapper (src/app/totp.c):
 * RFC 6238's test vectors through the wrapper, password checks, the expiry rule and a session
 * ended by the clock module's day moving on, the CSRF token's binding, the throttling rule. */
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
#include "app/totp.h"
#include "common/xy_alloc.h"
#include "common/xy_clock.h"

#define DEPT "11230500001755309F"
#define PW "correct-horse-77"

/* ---- TOTP: RFC 6238 Appendix B ---- */

static void test_totp_rfc6238(void **state)
{
    (void)state;
    static const char s1[] = "12345678901234567890";
    static const char s256[] = "12345678901234567890123456789012";
    static const char s512[] = "1234567890123456789012345678901234567890123456789012345678901234";
    static const struct {
        int64_t t;
        const char *sha1, *sha256, *sha512;
    } v[] = {
        {59, "94287082", "46119246", "90693936"},
        {1111111109, "07081804", "68084774", "25091201"},
        {1111111111, "14050471", "67062674", "99943326"},
        {1234567890, "89005924", "91819424", "93441116"},
        {2000000000, "69279037", "90698825", "38618901"},
        {20000000000, "65353130", "77737706", "47863826"},
    };
    char out[9];
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        assert_int_equal(xy_totp_code((const uint8_t *)s1, 20, v[i].t, 8, XY_TOTP_SHA1, out), 0);
        assert_string_equal(out, v[i].sha1);
        assert_int_equal(xy_totp_code((const uint8_t *)s256, 32, v[i].t, 8, XY_TOTP_SHA256, out), 0);
        assert_string_equal(out, v[i].sha256);
        assert_int_equal(xy_totp_code((const uint8_t *)s512, 64, v[i].t, 8, XY_TOTP_SHA512, out), 0);
        assert_string_equal(out, v[i].sha512);
    }
    assert_int_equal(xy_totp_code((const uint8_t *)s1, 20, 59, 5, XY_TOTP_SHA1, out), -1);
}

static void test_totp_check(void **state)
{
    (void)state;
    static const uint8_t *k = (const uint8_t *)"12345678901234567890";
    char code[7];
    int64_t step = 0, t = 1111111109; /* step 37037036 */
    assert_int_equal(xy_totp_code(k, 20, t, 6, XY_TOTP_SHA1, code), 0);
    assert_string_equal(code, "081804"); /* the 8-digit vector's last six */
    assert_int_equal(xy_totp_check(k, 20, t, code, 0, &step), 0);
    assert_int_equal(step, t / 30);
    /* One step either side, not two. */
    assert_int_equal(xy_totp_check(k, 20, t + 30, code, 0, &step), 0);
    assert_int_equal(xy_totp_check(k, 20, t - 30, code, 0, &step), 0);
    assert_int_equal(xy_totp_check(k, 20, t + 61, code, 0, &step), -1);
    /* Used once: a step not later than the last accepted one is refused. */
    assert_int_equal(xy_totp_check(k, 20, t, code, t / 30, &step), -1);
    assert_int_equal(xy_totp_check(k, 20, t, "08180", 0, &step), -1);
    assert_int_equal(xy_totp_check(k, 20, t, "0818041", 0, &step), -1);
    assert_int_equal(xy_totp_check(k, 20, t, "08180x", 0, &step), -1);
    assert_int_equal(xy_totp_check(k, 20, t, NULL, 0, &step), -1);
}

static void test_totp_uri(void **state)
{
    (void)state;
    char uri[XY_TOTP_URI_SIZE];
    assert_int_equal(xy_totp_uri((const uint8_t *)"12345678901234567890", 20, "xinyong", "zhang.san", uri, sizeof uri),
                     0);
    assert_string_equal(uri, "otpauth://totp/xinyong:zhang.san?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                             "&issuer=xinyong&algorithm=SHA1&digits=6&period=30");
    assert_int_equal(xy_totp_uri((const uint8_t *)"1234", 4, "信用 平台", "a", uri, sizeof uri), 0);
    assert_non_null(strstr(uri, "otpauth://totp/%E4%BF%A1%E7%94%A8%20%E5%B9%B3%E5%8F%B0:a?secret=GEZDGNA&"));
    assert_int_equal(xy_totp_uri((const uint8_t *)"1234", 4, "xinyong", "a", uri, 20), -1);
}

/* ---- pure rules ---- */

static void test_session_state(void **state)
{
    (void)state;
    struct xy_session_cfg c;
    xy_session_cfg_init(&c);
    assert_int_equal(c.idle, 1800);
    assert_int_equal(c.absolute, 43200);
    assert_int_equal(xy_session_state(1000, 1000, 1000, &c), XY_SESSION_LIVE);
    assert_int_equal(xy_session_state(1000, 1000, 1000 + 1799, &c), XY_SESSION_LIVE);
    assert_int_equal(xy_session_state(1000, 1000, 1000 + 1800, &c), XY_SESSION_IDLE);
    /* Kept busy, it still ends at the absolute limit. */
    assert_int_equal(xy_session_state(1000, 1000 + 43000, 1000 + 43199, &c), XY_SESSION_LIVE);
    assert_int_equal(xy_session_state(1000, 1000 + 43100, 1000 + 43200, &c), XY_SESSION_ENDED);
}

static void test_signin_wait(void **state)
{
    (void)state;
    assert_int_equal(xy_signin_wait(0, 0, 5000, 3), 0);
    assert_int_equal(xy_signin_wait(3, 5000, 5000, 3), 0);
    assert_int_equal(xy_signin_wait(4, 5000, 5000, 3), 30);
    assert_int_equal(xy_signin_wait(4, 5000, 5010, 3), 20);
    assert_int_equal(xy_signin_wait(4, 5000, 5030, 3), 0);
    assert_int_equal(xy_signin_wait(5, 5000, 5000, 3), 60);
    assert_int_equal(xy_signin_wait(8, 5000, 5000, 3), 480);
    assert_int_equal(xy_signin_wait(9, 5000, 5000, 3), 900);
    assert_int_equal(xy_signin_wait(60, 5000, 5000, 3), 900);
    /* A day later, forgotten. */
    assert_int_equal(xy_signin_wait(60, 5000, 5000 + 86400, 3), 0);
}

static void test_name_check(void **state)
{
    (void)state;
    assert_int_equal(xy_account_name_check("zhang.san", NULL), XY_OK);
    assert_int_equal(xy_account_name_check("a1", NULL), XY_OK);
    assert_int_equal(xy_account_name_check("a", NULL), XY_EINVAL);
    assert_int_equal(xy_account_name_check("Zhang", NULL), XY_EINVAL);
    assert_int_equal(xy_account_name_check("-x", NULL), XY_EINVAL);
    assert_int_equal(xy_account_name_check("a\"b", NULL), XY_EINVAL);
    assert_int_equal(xy_account_name_check("张三", NULL), XY_EINVAL);
    assert_int_equal(xy_account_name_check(NULL, NULL), XY_EINVAL);
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
    snprintf(f->dir, sizeof f->dir, "%s", "/tmp/xy-account.XXXXXX");
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

/* A whole sign-in: check, then finish. Returns finish's code (XY_EBUSY from check). */
static int signin(struct fx *f, const char *name, const char *pw, const char *code, char *token, char *csrf,
                  struct xy_principal *who)
{
    struct xy_signin_req rq = {.name = name, .password = pw, .totp = code, .client = "192.0.2.1"};
    struct xy_signin chk;
    struct xy_session_cfg cfg;
    struct xy_error err = {0};
    int retry = 0;
    xy_session_cfg_init(&cfg);
    int rc = xy_signin_check(f->app, &rq, &chk, &retry, &err);
    if (rc)
        return rc;
    return xy_signin_finish(f->app, &rq, &chk, &cfg, token, csrf, who, &err);
}

static void test_password_verify(void **state)
{
    struct fx *f = *state;
    struct xy_error err = {0};
    struct xy_principal who;
    char token[XY_SESSION_TOKEN_SIZE], csrf[XY_CSRF_SIZE];
    int64_t id = 0;
    assert_int_equal(xy_account_add(f->app, &f->op, "li.si", XY_ROLE_AUDITOR, NULL, PW, &id, &err), XY_OK);
    assert_true(id > 0);
    assert_int_equal(xy_account_add(f->app, &f->op, "li.si", XY_ROLE_AUDITOR, NULL, PW, &id, &err), XY_EEXIST);
    assert_int_equal(xy_account_add(f->app, &f->op, "wang", XY_ROLE_APPROVAL, NULL, PW, &id, &err), XY_EINVAL);
    assert_int_equal(xy_account_add(f->app, &f->op, "wang", XY_ROLE_DEPARTMENT, NULL, PW, &id, &err), XY_EINVAL);
    assert_int_equal(xy_account_add(f->app, &f->op, "wang", XY_ROLE_DEPARTMENT, DEPT, PW, &id, &err), XY_ENOTFOUND);
    assert_int_equal(xy_account_add(f->app, &f->op, "wang", XY_ROLE_OFFICE, DEPT, PW, &id, &err), XY_EINVAL);
    assert_int_equal(xy_account_add(f->app, &f->op, "wang", XY_ROLE_OFFICE, NULL, "123456789", &id, &err), XY_EINVAL);

    assert_int_equal(signin(f, "li.si", "correct-horse-78", NULL, token, csrf, &who), XY_EDENIED);
    assert_int_equal(signin(f, "nobody", PW, NULL, token, csrf, &who), XY_EDENIED);
    assert_int_equal(signin(f, "li.si", PW, NULL, token, csrf, &who), XY_OK);
    assert_int_equal(strlen(token), 64);
    assert_int_equal(who.role, XY_ROLE_AUDITOR);
    assert_string_equal(who.name, "li.si");
    assert_true(who.account_id > 0);

    /* Reset by the office: the old password fails, the session it had is gone. */
    int touch = 0;
    struct xy_session_cfg cfg;
    xy_session_cfg_init(&cfg);
    assert_int_equal(xy_session_verify(f->app, token, &cfg, &who, &touch, &err), XY_OK);
    assert_int_equal(xy_account_reset_password(f->app, &f->op, "li.si", "another-pass-99", &err), XY_OK);
    assert_int_equal(xy_session_verify(f->app, token, &cfg, &who, &touch, &err), XY_ENOTFOUND);
    assert_int_equal(signin(f, "li.si", PW, NULL, token, csrf, &who), XY_EDENIED);
    assert_int_equal(signin(f, "li.si", "another-pass-99", NULL, token, csrf, &who), XY_OK);
    /* The own change checks the old one. */
    assert_int_equal(xy_account_change_password(f->app, &who, PW, "third-pass-123", &err), XY_EDENIED);
    assert_int_equal(xy_account_change_password(f->app, &who, "another-pass-99", "third-pass-123", &err), XY_OK);
    assert_int_equal(xy_account_change_password(f->app, &f->op, "x", "third-pass-123", &err), XY_EDENIED);
    /* Disabled: no sign-in. */
    assert_int_equal(xy_account_disable(f->app, &f->op, "li.si", &err), XY_OK);
    assert_int_equal(xy_account_disable(f->app, &f->op, "li.si", &err), XY_ESTATE);
    assert_int_equal(signin(f, "li.si", "third-pass-123", NULL, token, csrf, &who), XY_EDENIED);
    assert_int_equal(xy_account_disable(f->app, &f->op, "nobody", &err), XY_ENOTFOUND);
}

static void test_session_expiry_by_clock(void **state)
{
    struct fx *f = *state;
    struct xy_error err = {0};
    struct xy_principal who;
    struct xy_session_cfg cfg;
    char token[XY_SESSION_TOKEN_SIZE], csrf[XY_CSRF_SIZE];
    int64_t id = 0;
    int touch = 1;
    xy_session_cfg_init(&cfg);
    assert_int_equal(xy_account_add(f->app, &f->op, "zhao", XY_ROLE_OFFICE, NULL, PW, &id, &err), XY_OK);
    assert_int_equal(signin(f, "zhao", PW, NULL, token, csrf, &who), XY_OK);
    assert_int_equal(xy_session_verify(f->app, token, &cfg, &who, &touch, &err), XY_OK);
    assert_int_equal(touch, 0);
    assert_string_equal(who.name, "zhao");
    /* The clock's day moves on: a day later the session has ended (both limits are past). */
    set_day(f, "2026-11-29");
    assert_int_equal(xy_session_verify(f->app, token, &cfg, &who, &touch, &err), XY_ENOTFOUND);
    /* With a two-day absolute limit it is the idle one that ends it. */
    cfg.absolute = 2 * 86400;
    assert_int_equal(xy_session_verify(f->app, token, &cfg, &who, &touch, &err), XY_ENOTFOUND);
    /* And with both long, it lives on, and asks to be touched. */
    cfg.idle = 2 * 86400;
    assert_int_equal(xy_session_verify(f->app, token, &cfg, &who, &touch, &err), XY_OK);
    assert_int_equal(touch, 1);
    assert_int_equal(xy_session_touch(f->app, token, &err), XY_OK);
    assert_int_equal(xy_session_verify(f->app, token, &cfg, &who, &touch, &err), XY_OK);
    assert_int_equal(touch, 0);
    /* Signed out: gone. */
    assert_int_equal(xy_session_end(f->app, &who, token, &err), XY_OK);
    assert_int_equal(xy_session_verify(f->app, token, &cfg, &who, &touch, &err), XY_ENOTFOUND);
    assert_int_equal(xy_session_verify(f->app, "not-a-token", &cfg, &who, &touch, &err), XY_ENOTFOUND);
}

static void test_csrf_binding(void **state)
{
    struct fx *f = *state;
    struct xy_error err = {0};
    struct xy_principal who;
    char t1[XY_SESSION_TOKEN_SIZE], t2[XY_SESSION_TOKEN_SIZE], c1[XY_CSRF_SIZE], c2[XY_CSRF_SIZE], c[XY_CSRF_SIZE];
    int64_t id = 0;
    assert_int_equal(xy_account_add(f->app, &f->op, "qian", XY_ROLE_OFFICE, NULL, PW, &id, &err), XY_OK);
    assert_int_equal(signin(f, "qian", PW, NULL, t1, c1, &who), XY_OK);
    assert_int_equal(signin(f, "qian", PW, NULL, t2, c2, &who), XY_OK);
    assert_string_not_equal(c1, c2);
    xy_session_csrf(f->app, t1, c);
    assert_string_equal(c, c1);
    assert_int_equal(xy_session_csrf_ok(f->app, t1, c1), 1);
    assert_int_equal(xy_session_csrf_ok(f->app, t1, c2), 0); /* another session's */
    assert_int_equal(xy_session_csrf_ok(f->app, t1, NULL), 0);
    assert_int_equal(xy_session_csrf_ok(f->app, t1, ""), 0);
    c[31] = '\0';
    assert_int_equal(xy_session_csrf_ok(f->app, t1, c), 0);
}

static void test_throttle_through_app(void **state)
{
    struct fx *f = *state;
    struct xy_error err = {0};
    struct xy_principal who;
    char token[XY_SESSION_TOKEN_SIZE], csrf[XY_CSRF_SIZE];
    int64_t id = 0;
    assert_int_equal(xy_account_add(f->app, &f->op, "sun", XY_ROLE_OFFICE, NULL, PW, &id, &err), XY_OK);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(signin(f, "sun", "wrong-password", NULL, token, csrf, &who), XY_EDENIED);
        assert_int_equal(signin(f, "ghost", "wrong-password", NULL, token, csrf, &who), XY_EDENIED);
    }
    /* The fifth attempt waits, known name or not, right password or not. */
    assert_int_equal(signin(f, "sun", PW, NULL, token, csrf, &who), XY_EBUSY);
    assert_int_equal(signin(f, "ghost", PW, NULL, token, csrf, &who), XY_EBUSY);
    /* A day later the failures are forgotten. */
    set_day(f, "2026-11-29");
    assert_int_equal(signin(f, "sun", PW, NULL, token, csrf, &who), XY_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_totp_rfc6238),
        cmocka_unit_test(test_totp_check),
        cmocka_unit_test(test_totp_uri),
        cmocka_unit_test(test_session_state),
        cmocka_unit_test(test_signin_wait),
        cmocka_unit_test(test_name_check),
        cmocka_unit_test_setup_teardown(test_password_verify, setup, teardown),
        cmocka_unit_test_setup_teardown(test_session_expiry_by_clock, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csrf_binding, setup, teardown),
        cmocka_unit_test_setup_teardown(test_throttle_through_app, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
