/* SPDX-License-Identifier: Apache-2.0 */
/* Tests of API keys (src/app/auth.c) and the audit chain (src/app/audit.c) against a real SQLite
 * database in a scratch directory. Tampering goes through a second sqlite3 connection, as an
 * intruder with write access to the file would. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/app_int.h"
#include "app/audit.h"
#include "app/auth.h"
#include "common/xy_alloc.h"

#define DEPT "11230500001755309F"
#define DEPT2 "91420684MA4927PJ7B" /* valid, never registered */

struct fx {
    char dir[64];
    char db[128];
    struct xy_app *app;
    struct xy_principal op;
};

static int setup(void **state)
{
    struct fx *f = xy_calloc(1, sizeof *f);
    struct xy_error err = {0};
    int from, to, loaded;
    int64_t id;
    assert_non_null(f);
    unsetenv("XINYONG_KEY_FILE");
    snprintf(f->dir, sizeof f->dir, "%s", "/tmp/xy-auth.XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->db, sizeof f->db, "%s/x.db", f->dir);
    assert_int_equal(xy_app_init(f->db, NULL, NULL, 0, &from, &to, &loaded, &err), XY_OK);
    assert_int_equal(xy_app_open(f->db, NULL, &f->app, &err), XY_OK);
    struct xy_store *st = f->app->store;
    assert_int_equal(st->ops->begin(st, &err), XY_OK);
    assert_int_equal(st->ops->dept_add(st, DEPT, "武汉市市场监督管理局", "2026-11-28T01:00:00Z", &id, &err), XY_OK);
    assert_int_equal(st->ops->commit(st, &err), XY_OK);
    xy_principal_operator(&f->op);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    char path[200];
    xy_app_close(f->app);
    static const char *const files[] = {"x.db", "x.db-wal", "x.db-shm", "x.db.key"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        snprintf(path, sizeof path, "%s/%s", f->dir, files[i]);
        unlink(path);
    }
    rmdir(f->dir);
    xy_free(f);
    return 0;
}

static int64_t make_key(struct fx *f, enum xy_role role, const char *dept, const char *name,
                        char key[XY_KEY_TEXT_SIZE])
{
    struct xy_error err = {0};
    int64_t id = 0;
    int rc = xy_auth_key_create(f->app, &f->op, role, dept, name, key, &id, &err);
    if (rc)
        fail_msg("key create: %s", err.msg);
    assert_true(id > 0);
    return id;
}

/* Runs one statement on a second connection; returns the rows changed. */
static int tamper(struct fx *f, const char *sql)
{
    sqlite3 *db = NULL;
    char *msg = NULL;
    assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg);
    int n = sqlite3_changes(db);
    sqlite3_close(db);
    return n;
}

static int64_t count(struct fx *f, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(db);
    return v;
}

/* The first column of the first row as text. OUT: out (size bytes). */
static void text_of(struct fx *f, const char *sql, char *out, size_t size)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    const unsigned char *t = sqlite3_column_text(q, 0);
    snprintf(out, size, "%s", t ? (const char *)t : "");
    sqlite3_finalize(q);
    sqlite3_close(db);
}

static void expect_chain(struct fx *f, int64_t want_entries, int64_t want_bad)
{
    struct xy_error err = {0};
    int64_t entries = -1, bad = -1;
    assert_int_equal(xy_audit_verify(f->app, &entries, &bad, &err), XY_OK);
    assert_int_equal(bad, want_bad);
    if (want_entries >= 0)
        assert_int_equal(entries, want_entries);
}

/* ------------------------------------------------------------------------------------------- */
/* Roles. */

static void test_roles(void **state)
{
    (void)state;
    static const char *const names[] = {"department", "approval", "subject", "office", "auditor", "querier"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        enum xy_role r = XY_ROLE_PUBLIC;
        assert_int_equal(xy_role_parse(names[i], &r), 0);
        assert_string_equal(xy_role_name(r), names[i]);
    }
    static const char *const bad[] = {"public",      "operator", "",        "Department",
                                      "department ", "dept",     "office\n"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        enum xy_role r = XY_ROLE_PUBLIC;
        assert_int_equal(xy_role_parse(bad[i], &r), -1);
    }
    assert_int_equal(xy_role_parse(NULL, &(enum xy_role){0}), -1);
    assert_string_equal(xy_role_name(XY_ROLE_PUBLIC), "public");
    assert_string_equal(xy_role_name(XY_ROLE_OPERATOR), "operator");
    struct xy_principal p;
    memset(&p, 0x5a, sizeof p);
    xy_principal_operator(&p);
    assert_int_equal(p.key_id, 0);
    assert_int_equal(p.role, XY_ROLE_OPERATOR);
    assert_string_equal(p.dept_uscc, "");
}

/* ------------------------------------------------------------------------------------------- */
/* Creating and checking keys. */

static void test_create_and_verify(void **state)
{
    struct fx *f = *state;
    char key[XY_KEY_TEXT_SIZE], key2[XY_KEY_TEXT_SIZE];
    struct xy_principal who;
    struct xy_error err = {0};

    int64_t id = make_key(f, XY_ROLE_DEPARTMENT, DEPT, "市场监管局数据接口", key);
    char prefix[32];
    snprintf(prefix, sizeof prefix, "xy_%lld_", (long long)id);
    assert_int_equal(strncmp(key, prefix, strlen(prefix)), 0);
    assert_int_equal(strlen(key), strlen(prefix) + 64);
    for (const char *p = key + strlen(prefix); *p; p++)
        assert_non_null(strchr("0123456789abcdef", *p));

    assert_int_equal(xy_auth_verify(f->app, key, &who, &err), XY_OK);
    assert_int_equal(who.key_id, id);
    assert_int_equal(who.role, XY_ROLE_DEPARTMENT);
    assert_string_equal(who.dept_uscc, DEPT);
    assert_true(who.dept_id > 0);
    assert_string_equal(who.name, "市场监管局数据接口");

    /* Other roles carry no department; two keys never share a secret. */
    int64_t id2 = make_key(f, XY_ROLE_AUDITOR, NULL, NULL, key2);
    assert_true(id2 > id);
    assert_string_not_equal(key + strlen(prefix), strchr(key2 + 3, '_') + 1);
    assert_int_equal(xy_auth_verify(f->app, key2, &who, &err), XY_OK);
    assert_int_equal(who.role, XY_ROLE_AUDITOR);
    assert_int_equal(who.key_id, id2);
    assert_string_equal(who.dept_uscc, "");
    assert_int_equal(who.dept_id, 0);

    /* Only the unkeyed BLAKE2b-256 of the secret bytes is stored, never the secret or the text. */
    uint8_t secret[32], h[32];
    char want[65], got[200], q[300];
    assert_int_equal(
        sodium_hex2bin(secret, sizeof secret, key + strlen(prefix), 64, NULL, NULL, NULL), 0);
    crypto_generichash(h, sizeof h, secret, sizeof secret, NULL, 0);
    sodium_bin2hex(want, sizeof want, h, sizeof h);
    snprintf(q, sizeof q, "SELECT lower(hex(hash)) FROM api_key WHERE id = %lld", (long long)id);
    text_of(f, q, got, sizeof got);
    assert_string_equal(got, want);
    snprintf(q, sizeof q,
             "SELECT count(*) FROM api_key WHERE instr(lower(hex(hash)), '%s') OR "
             "instr(coalesce(name, ''), '%s')",
             key + strlen(prefix), key + strlen(prefix));
    assert_int_equal(count(f, q), 0);
    assert_int_equal(count(f, "SELECT count(*) FROM api_key WHERE length(hash) = 32"), 2);
}

static void test_malformed_keys(void **state)
{
    struct fx *f = *state;
    char key[XY_KEY_TEXT_SIZE];
    struct xy_principal who;
    struct xy_error err = {0};
    int64_t id = make_key(f, XY_ROLE_OFFICE, NULL, NULL, key);
    const char *hex = strchr(key + 3, '_') + 1;
    char upper[65];
    for (int i = 0; i < 64; i++)
        upper[i] = (char)(hex[i] >= 'a' && hex[i] <= 'f' ? hex[i] - 'a' + 'A' : hex[i]);
    upper[64] = '\0';
    /* Make sure the upper-case variant really differs (the secret has a letter somewhere). */
    int has_letter = strcmp(upper, hex) != 0;

    char bad[40][200];
    int n = 0;
#define BAD(...) snprintf(bad[n++], sizeof bad[0], __VA_ARGS__)
    BAD("%s", "");
    BAD("%s", "xy_");
    BAD("xy_%lld", (long long)id);
    BAD("xy_%lld_", (long long)id);
    BAD("xy__%s", hex);                     /* no id */
    BAD("xy_0_%s", hex);                    /* id 0 */
    BAD("xy_0%lld_%s", (long long)id, hex); /* leading zero */
    BAD("xy_+%lld_%s", (long long)id, hex); /* sign */
    BAD("xy_-%lld_%s", (long long)id, hex);
    BAD("xy_ %lld_%s", (long long)id, hex);
    BAD("xy_1234567890123456789_%s", hex);     /* 19 digits */
    BAD("xy_99999999999999999999999_%s", hex); /* would overflow */
    BAD("xy_%lld_%.63s", (long long)id, hex);  /* 63 hex */
    BAD("xy_%lld_%s0", (long long)id, hex);    /* 65 hex */
    BAD("xy_%lld_%.63sg", (long long)id, hex); /* not hex */
    BAD("xy_%lld_%.63s ", (long long)id, hex);
    BAD("xy_%lld_%s\n", (long long)id, hex); /* trailing newline */
    BAD(" %s", key);                         /* leading space */
    BAD("%s ", key);
    BAD("XY_%lld_%s", (long long)id, hex); /* prefix case */
    BAD("xy-%lld_%s", (long long)id, hex);
    BAD("xy_%lld-%s", (long long)id, hex);
    BAD("xy_%lld__%s", (long long)id, hex);
    BAD("yx_%lld_%s", (long long)id, hex);
    BAD("Bearer %s", key);
    BAD("%s", hex); /* the secret alone */
    BAD("xy_%lld_%s_%s", (long long)id, hex, hex);
    BAD("xy_0x%llx_%s", (long long)id, hex);
    if (has_letter)
        BAD("xy_%lld_%s", (long long)id, upper); /* upper-case hex is not what was issued */
#undef BAD
    for (int i = 0; i < n; i++) {
        err.rc = 0;
        memset(&who, 0x5a, sizeof who);
        int rc = xy_auth_verify(f->app, bad[i], &who, &err);
        if (rc != XY_EINVAL)
            fail_msg("key [%s] gave %d, expected XY_EINVAL", bad[i], rc);
        assert_int_equal(err.rc, XY_EINVAL);
        assert_int_equal(who.key_id, 0); /* nothing left over in the principal */
        assert_int_equal(who.role, XY_ROLE_PUBLIC);
    }
    assert_int_equal(xy_auth_verify(f->app, NULL, &who, &err), XY_EINVAL);
    /* A NUL cuts the key short: what follows it is never read as part of the key. */
    char cut[XY_KEY_TEXT_SIZE];
    memcpy(cut, key, sizeof cut);
    cut[strlen(key) - 1] = '\0';
    assert_int_equal(xy_auth_verify(f->app, cut, &who, &err), XY_EINVAL);
    /* The real key still works. */
    assert_int_equal(xy_auth_verify(f->app, key, &who, &err), XY_OK);
}

static void test_refused_keys(void **state)
{
    struct fx *f = *state;
    char key[XY_KEY_TEXT_SIZE], good[XY_KEY_TEXT_SIZE], other[XY_KEY_TEXT_SIZE];
    struct xy_principal who;
    struct xy_error err = {0};
    int64_t id = make_key(f, XY_ROLE_APPROVAL, NULL, "审批系统", good);
    int64_t id2 = make_key(f, XY_ROLE_OFFICE, NULL, NULL, other);
    size_t hex_at = strlen(good) - 64;

    /* One changed hex digit of the secret. */
    memcpy(key, good, sizeof key);
    key[hex_at + 10] = key[hex_at + 10] == '0' ? '1' : '0';
    assert_int_equal(xy_auth_verify(f->app, key, &who, &err), XY_ENOTFOUND);
    assert_int_equal(who.key_id, 0);
    /* Another key's secret under this id, and this secret under an unknown id. */
    snprintf(key, sizeof key, "xy_%lld_%s", (long long)id, other + strlen(other) - 64);
    assert_int_equal(xy_auth_verify(f->app, key, &who, &err), XY_ENOTFOUND);
    snprintf(key, sizeof key, "xy_%lld_%s", (long long)(id2 + 1000), good + hex_at);
    assert_int_equal(xy_auth_verify(f->app, key, &who, &err), XY_ENOTFOUND);
    snprintf(key, sizeof key, "xy_999999999999999999_%s", good + hex_at);
    assert_int_equal(xy_auth_verify(f->app, key, &who, &err), XY_ENOTFOUND);
    char msg_unknown[sizeof err.msg];
    snprintf(msg_unknown, sizeof msg_unknown, "%s", err.msg);

    /* Revoked: refused with the same answer; revoking again is "not found". */
    assert_int_equal(xy_auth_verify(f->app, good, &who, &err), XY_OK);
    assert_int_equal(xy_auth_key_revoke(f->app, &f->op, id, &err), XY_OK);
    assert_int_equal(xy_auth_verify(f->app, good, &who, &err), XY_ENOTFOUND);
    assert_string_equal(err.msg, msg_unknown);
    assert_int_equal(xy_auth_key_revoke(f->app, &f->op, id, &err), XY_ENOTFOUND);
    assert_int_equal(xy_auth_key_revoke(f->app, &f->op, id2 + 1000, &err), XY_ENOTFOUND);
    assert_int_equal(xy_auth_key_revoke(f->app, &f->op, 0, &err), XY_ENOTFOUND);
    assert_int_equal(xy_auth_key_revoke(f->app, &f->op, -1, &err), XY_ENOTFOUND);
    /* The other key is untouched. */
    assert_int_equal(xy_auth_verify(f->app, other, &who, &err), XY_OK);
    /* Only the successful revocation is in the log. */
    assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE action = 'key.revoke'"), 1);
}

static void test_create_refused(void **state)
{
    struct fx *f = *state;
    char key[XY_KEY_TEXT_SIZE];
    struct xy_error err = {0};
    int64_t id = 77;
    char long_name[200];
    memset(long_name, 'a', 128);
    long_name[128] = '\0';
    static const struct {
        enum xy_role role;
        const char *dept, *name;
        int rc;
    } cases[] = {
        {XY_ROLE_DEPARTMENT, NULL, NULL, XY_EINVAL},
        {XY_ROLE_DEPARTMENT, "", NULL, XY_EINVAL},
        {XY_ROLE_DEPARTMENT, "11230500001755309G", NULL, XY_EINVAL}, /* bad check character */
        {XY_ROLE_DEPARTMENT, "00000000000000000X", NULL, XY_EINVAL}, /* placeholder */
        {XY_ROLE_DEPARTMENT, DEPT2, NULL, XY_ENOTFOUND},             /* valid, not registered */
        {XY_ROLE_OFFICE, DEPT, NULL, XY_EINVAL},
        {XY_ROLE_APPROVAL, "11230500001755309G", NULL, XY_EINVAL}, /* an approval system's department: valid */
        {XY_ROLE_APPROVAL, DEPT2, NULL, XY_ENOTFOUND},              /* and registered */
        {XY_ROLE_SUBJECT, NULL, NULL, XY_EINVAL},
        {XY_ROLE_PUBLIC, NULL, NULL, XY_EINVAL},
        {XY_ROLE_OPERATOR, NULL, NULL, XY_EINVAL},
        {(enum xy_role)42, NULL, NULL, XY_EINVAL},
        {XY_ROLE_OFFICE, NULL, "line\nbreak", XY_EINVAL},
        {XY_ROLE_OFFICE, NULL, "\xff\xfe", XY_EINVAL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        memset(key, 'k', sizeof key);
        int rc = xy_auth_key_create(f->app, &f->op, cases[i].role, cases[i].dept, cases[i].name,
                                    key, &id, &err);
        if (rc != cases[i].rc)
            fail_msg("case %zu gave %d (%s), expected %d", i, rc, err.msg, cases[i].rc);
        assert_int_equal(id, 0);
        assert_int_equal(key[0], '\0');
    }
    assert_int_equal(
        xy_auth_key_create(f->app, &f->op, XY_ROLE_OFFICE, NULL, long_name, key, &id, &err),
        XY_EINVAL);
    assert_int_equal(
        xy_auth_key_create(f->app, &f->op, XY_ROLE_SUBJECT, NULL, NULL, key, &id, &err), XY_EINVAL);
    assert_non_null(strstr(err.msg, "named subject"));
    /* Nothing was written by any of them: no key, no audit entry (the unknown department reached
     * the transaction and was rolled back). */
    assert_int_equal(count(f, "SELECT count(*) FROM api_key"), 0);
    assert_int_equal(count(f, "SELECT count(*) FROM audit"), 0);
    /* The longest name that fits works, and comes back whole. */
    long_name[127] = '\0';
    struct xy_principal who;
    make_key(f, XY_ROLE_OFFICE, NULL, long_name, key);
    assert_int_equal(xy_auth_verify(f->app, key, &who, &err), XY_OK);
    assert_string_equal(who.name, long_name);
}

/* ------------------------------------------------------------------------------------------- */
/* The audit chain. */

/* Three keys and a revocation: entries 1-3 key.create, 4 key.revoke (detail NULL). */
static void four_entries(struct fx *f)
{
    char key[XY_KEY_TEXT_SIZE];
    struct xy_error err = {0};
    make_key(f, XY_ROLE_DEPARTMENT, DEPT, "a", key);
    int64_t id = make_key(f, XY_ROLE_OFFICE, NULL, "b", key);
    make_key(f, XY_ROLE_AUDITOR, NULL, NULL, key);
    assert_int_equal(xy_auth_key_revoke(f->app, &f->op, id, &err), XY_OK);
}

static void test_audit_entries(void **state)
{
    struct fx *f = *state;
    expect_chain(f, 0, 0); /* empty is whole */
    four_entries(f);
    expect_chain(f, 4, 0);
    assert_int_equal(
        count(f, "SELECT count(*) FROM audit WHERE seq BETWEEN 1 AND 3 AND action = 'key.create' "
                 "AND key_id = 0 AND role = 'operator'"),
        3);
    assert_int_equal(
        count(f, "SELECT count(*) FROM audit WHERE seq = 1 AND object = 'key/1' AND detail = "
                 "'{\"role\":\"department\",\"dept\":\"" DEPT "\",\"name\":\"a\"}'"),
        1);
    assert_int_equal(
        count(f, "SELECT count(*) FROM audit WHERE seq = 3 AND detail = '{\"role\":\"auditor\"}'"),
        1);
    assert_int_equal(
        count(f, "SELECT count(*) FROM audit WHERE seq = 4 AND action = 'key.revoke' AND object = "
                 "'key/2' AND detail IS NULL"),
        1);
    /* Links: entry 1 starts from zeros, each later one names the hash before it. */
    assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE seq = 1 AND prev = zeroblob(32)"),
                     1);
    assert_int_equal(
        count(
            f,
            "SELECT count(*) FROM audit a JOIN audit b ON b.seq = a.seq + 1 WHERE b.prev = a.hash"),
        3);

    /* An entry appended by a key holder carries its id and role. */
    struct xy_principal who;
    struct xy_error err = {0};
    char key[XY_KEY_TEXT_SIZE];
    make_key(f, XY_ROLE_DEPARTMENT, DEPT, NULL, key);
    assert_int_equal(xy_auth_verify(f->app, key, &who, &err), XY_OK);
    struct xy_store *st = f->app->store;
    assert_int_equal(st->ops->begin(st, &err), XY_OK);
    assert_int_equal(xy_audit_append(f->app, &who, "batch.submit", "batch/9", NULL, &err), XY_OK);
    assert_int_equal(st->ops->commit(st, &err), XY_OK);
    expect_chain(f, 6, 0);
    assert_int_equal(count(f, "SELECT key_id FROM audit WHERE seq = 6"), who.key_id);
    assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE seq = 6 AND role = 'department'"),
                     1);

    /* An entry rolled back with its change leaves no trace, and the chain goes on from 6. */
    assert_int_equal(st->ops->begin(st, &err), XY_OK);
    assert_int_equal(xy_audit_append(f->app, &f->op, "batch.submit", "batch/10", NULL, &err),
                     XY_OK);
    st->ops->rollback(st);
    expect_chain(f, 6, 0);
    assert_int_equal(st->ops->begin(st, &err), XY_OK);
    assert_int_equal(xy_audit_append(f->app, &f->op, "", "batch/10", NULL, &err), XY_EINVAL);
    assert_int_equal(xy_audit_append(f->app, &f->op, "x", NULL, NULL, &err), XY_EINVAL);
    assert_int_equal(xy_audit_append(f->app, NULL, "x", "y", NULL, &err), XY_EINVAL);
    st->ops->rollback(st);
    expect_chain(f, 6, 0);
}

static void test_audit_tamper(void **state)
{
    struct fx *f = *state;
    /* Each change is made, checked and undone, so each case starts from a whole chain. */
    static const struct {
        const char *change, *undo;
        int64_t bad;
    } cases[] = {
        {"UPDATE audit SET action = 'key.creatf' WHERE seq = 2",
         "UPDATE audit SET action = 'key.create' WHERE seq = 2", 2},
        {"UPDATE audit SET detail = '{\"role\":\"officf\",\"name\":\"b\"}' WHERE seq = 2",
         "UPDATE audit SET detail = '{\"role\":\"office\",\"name\":\"b\"}' WHERE seq = 2", 2},
        {"UPDATE audit SET at = '2001-01-01T00:00:00Z' WHERE seq = 1", NULL, 1},
        {"UPDATE audit SET key_id = 5 WHERE seq = 3", "UPDATE audit SET key_id = 0 WHERE seq = 3",
         3},
        {"UPDATE audit SET role = 'office' WHERE seq = 4",
         "UPDATE audit SET role = 'operator' WHERE seq = 4", 4},
        {"UPDATE audit SET object = 'key/3' WHERE seq = 4",
         "UPDATE audit SET object = 'key/2' WHERE seq = 4", 4},
        /* NULL and "" are different details. */
        {"UPDATE audit SET detail = '' WHERE seq = 4",
         "UPDATE audit SET detail = NULL WHERE seq = 4", 4},
        /* Moving bytes from one field to the next keeps their concatenation: still caught. */
        {"UPDATE audit SET action = 'key.creat', object = 'ekey/1' WHERE seq = 1",
         "UPDATE audit SET action = 'key.create', object = 'key/1' WHERE seq = 1", 1},
        /* A forged hash breaks the entry; its successor's link breaks too, but the first is named.
         */
        {"UPDATE audit SET hash = zeroblob(32) WHERE seq = 3", NULL, 3},
        {"UPDATE audit SET prev = zeroblob(32) WHERE seq = 2", NULL, 2},
        {"UPDATE audit SET hash = x'00' WHERE seq = 2", NULL, 2},
    };
    four_entries(f);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char save[200];
        /* Hash and prev columns are restored from a copy; text columns by the undo statement. */
        assert_int_equal(
            tamper(
                f,
                "DROP TABLE IF EXISTS audit_copy; CREATE TABLE audit_copy AS SELECT * FROM audit"),
            0);
        assert_int_equal(tamper(f, cases[i].change), 1);
        expect_chain(f, -1, cases[i].bad);
        if (cases[i].undo)
            assert_int_equal(tamper(f, cases[i].undo), 1);
        snprintf(
            save, sizeof save, "%s",
            "DELETE FROM audit; INSERT INTO audit SELECT * FROM audit_copy; DROP TABLE audit_copy");
        tamper(f, save);
        expect_chain(f, 4, 0);
    }
}

static void test_audit_gaps(void **state)
{
    struct fx *f = *state;
    four_entries(f);
    /* A removed middle entry: the one after the gap is named. */
    assert_int_equal(tamper(f, "DELETE FROM audit WHERE seq = 2"), 1);
    expect_chain(f, -1, 3);
    assert_int_equal(tamper(f, "DELETE FROM audit WHERE seq = 1"), 1);
    expect_chain(f, -1, 3);
    /* Renumbered to close the gap: the numbers fit, the links and hashes do not. */
    assert_int_equal(tamper(f, "UPDATE audit SET seq = seq - 2"), 2);
    expect_chain(f, -1, 1);
    /* An entry moved below 1 is seen, not skipped; the chain is broken at its start. */
    assert_int_equal(tamper(f, "UPDATE audit SET seq = -7 WHERE seq = 1"), 1);
    expect_chain(f, -1, 1);
}

/* An entry 0 exists only after tampering; verify must see it, not start above it. It cannot be
 * named (0 means whole), so the chain is reported broken at 1. */
static void test_audit_below_one(void **state)
{
    struct fx *f = *state;
    four_entries(f);
    assert_int_equal(
        tamper(f,
               "INSERT INTO audit SELECT 0, at, key_id, role, action, object, detail, prev, hash "
               "FROM audit WHERE seq = 1"),
        1);
    expect_chain(f, 1, 1);
}

static void test_audit_pages(void **state)
{
    struct fx *f = *state;
    struct xy_error err = {0};
    struct xy_store *st = f->app->store;
    char object[32];
    /* More than two pages of the verifier's scan, one transaction. */
    assert_int_equal(st->ops->begin(st, &err), XY_OK);
    for (int i = 1; i <= 2500; i++) {
        snprintf(object, sizeof object, "record/%d", i);
        assert_int_equal(
            xy_audit_append(f->app, &f->op, "record.read_private", object, "{\"n\":1}", &err),
            XY_OK);
    }
    assert_int_equal(st->ops->commit(st, &err), XY_OK);
    expect_chain(f, 2500, 0);
    /* Breaks on each side of a page boundary are found. */
    assert_int_equal(tamper(f, "UPDATE audit SET detail = '{\"n\":2}' WHERE seq = 1001"), 1);
    expect_chain(f, 1001, 1001);
    assert_int_equal(tamper(f, "UPDATE audit SET detail = '{\"n\":1}' WHERE seq = 1001"), 1);
    expect_chain(f, 2500, 0);
    assert_int_equal(tamper(f, "DELETE FROM audit WHERE seq = 2000"), 1);
    expect_chain(f, 2000, 2001);
    /* The tail is the chain's blind spot: removing the last entries leaves a whole, shorter chain.
     */
    assert_int_equal(tamper(f, "DELETE FROM audit WHERE seq >= 1999"), 501);
    expect_chain(f, 1998, 0);
}

/* Details given as JSON (xy_audit_appendj, xy_audit_commitj) are stored as their compact dump, keys
 * in pack order, UTF-8 as it is, however long; a detail that could not be built or dumped is an
 * error and nothing is written. */
static void test_audit_json_detail(void **state)
{
    struct fx *f = *state;
    struct xy_error err = {0};
    struct xy_store *st = f->app->store;
    char text[1024], want[1024];
    json_t *d = json_pack("{s:I, s:s}", "expired", (json_int_t)3, "day", "2026-11-28");
    assert_int_equal(st->ops->begin(st, &err), XY_OK);
    assert_int_equal(xy_audit_commitj(f->app, &f->op, "records.expire", "records", d, XY_OK, &err),
                     XY_OK);
    text_of(f, "SELECT detail FROM audit WHERE seq = 1", text, sizeof text);
    assert_string_equal(text, "{\"expired\":3,\"day\":\"2026-11-28\"}");

    /* A list longer than any fixed buffer the text was once formatted into stays whole. */
    json_t *classes = json_array();
    size_t n = (size_t)snprintf(want, sizeof want, "%s", "{\"querier\":7,\"classes\":[");
    for (int i = 0; i < 16; i++) {
        json_array_append_new(classes, json_string("administrative_penalty"));
        n += (size_t)snprintf(want + n, sizeof want - n, "%s\"%s\"", i ? "," : "",
                              "administrative_penalty");
    }
    snprintf(want + n, sizeof want - n, "%s", "],\"name\":\"市场监管局\"}");
    d = json_pack("{s:I, s:o, s:s}", "querier", (json_int_t)7, "classes", classes, "name",
                  "市场监管局");
    assert_int_equal(st->ops->begin(st, &err), XY_OK);
    assert_int_equal(xy_audit_appendj(f->app, &f->op, "grant.create", "grant/1", d, &err), XY_OK);
    assert_int_equal(st->ops->commit(st, &err), XY_OK);
    text_of(f, "SELECT detail FROM audit WHERE seq = 2", text, sizeof text);
    assert_string_equal(text, want);
    assert_int_equal(count(f, "SELECT json_valid(detail) FROM audit WHERE seq = 2"), 1);

    /* A failed json_pack (NULL) is out of memory: rolled back, nothing written. */
    assert_int_equal(st->ops->begin(st, &err), XY_OK);
    assert_int_equal(xy_audit_commitj(f->app, &f->op, "x.y", "z", NULL, XY_OK, &err), XY_ENOMEM);
    assert_int_equal(st->ops->begin(st, &err), XY_OK);
    assert_int_equal(xy_audit_appendj(f->app, &f->op, "x.y", "z", NULL, &err), XY_ENOMEM);
    st->ops->rollback(st);
    /* A failed change: rolled back, the detail freed. */
    d = json_pack("{s:i}", "n", 1);
    assert_int_equal(st->ops->begin(st, &err), XY_OK);
    assert_int_equal(xy_audit_commitj(f->app, &f->op, "x.y", "z", d, XY_EINVAL, &err), XY_EINVAL);
    expect_chain(f, 2, 0);
#ifdef XY_FAULTS
    /* Out of memory while dumping: an error, not a cut detail. */
    d = json_pack("{s:s}", "subject", "p0123456789abcdef");
    assert_non_null(d);
    assert_int_equal(st->ops->begin(st, &err), XY_OK);
    xy_alloc_fail_at(1);
    int rc = xy_audit_commitj(f->app, &f->op, "record.read_consent", "grant/1", d, XY_OK, &err);
    xy_alloc_fail_at(0);
    assert_int_equal(rc, XY_ENOMEM);
    expect_chain(f, 2, 0);
#endif
}

/* Another platform key makes every hash different: without the key file, a forger cannot
 * recompute the chain after a change. */
static void test_audit_needs_key(void **state)
{
    struct fx *f = *state;
    four_entries(f);
    expect_chain(f, 4, 0);
    f->app->keys.blind[0] ^= 1;
    expect_chain(f, 1, 1);
    f->app->keys.blind[0] ^= 1;
    expect_chain(f, 4, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roles),
        cmocka_unit_test_setup_teardown(test_create_and_verify, setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refused_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_create_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_entries, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_tamper, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_gaps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_below_one, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_pages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_needs_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_json_detail, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
