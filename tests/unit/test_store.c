/* SPDX-License-Identifier: Apache-2.0 */
/* What is SQLite's own in the store, against a real database in a scratch directory with several
 * connections: a passive checkpoint copies what no reader still needs and no more; a light
 * transaction (durable 0, the checks' log) is the only one that commits without syncing. And which
 * addresses name a database server rather than a SQLite file. What every back end must do, read
 * snapshots included, is the contract suite's (tests/store). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "app/app.h"
#include "app/app_int.h"
#include "app/backup.h"
#include "common/xy_alloc.h"
#include "store/sqlite/store_sqlite_int.h"

#define DEPT1 "11230500001755309F"
#define DEPT2 "91420684MA4927PJ7B"

struct fx {
    char dir[64];
    char db[128];
    struct xy_app *a, *b, *c; /* three connections to one database */
};

static int setup(void **state)
{
    struct fx *f = xy_calloc(1, sizeof *f);
    struct xy_error err = {0};
    int from, to, loaded;
    assert_non_null(f);
    unsetenv("XINYONG_KEY_FILE");
    snprintf(f->dir, sizeof f->dir, "%s", "/tmp/xy-store.XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->db, sizeof f->db, "%s/x.db", f->dir);
    assert_int_equal(xy_app_init(f->db, NULL, NULL, 0, &from, &to, &loaded, &err), XY_OK);
    assert_int_equal(xy_app_open(f->db, NULL, &f->a, &err), XY_OK);
    assert_int_equal(xy_app_open(f->db, NULL, &f->b, &err), XY_OK);
    assert_int_equal(xy_app_open(f->db, NULL, &f->c, &err), XY_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    char cmd[200];
    xy_app_close(f->a);
    xy_app_close(f->b);
    xy_app_close(f->c);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    assert_int_equal(system(cmd), 0);
    xy_free(f);
    return 0;
}

static int has_dept(struct xy_app *app, const char *uscc)
{
    struct xy_error err = {0};
    int64_t id = 0;
    int rc = app->store->ops->dept_get(app->store, uscc, &id, NULL, 0, &err);
    assert_true(rc == XY_OK || rc == XY_ENOTFOUND);
    return rc == XY_OK;
}

static void add_dept(struct xy_app *app, const char *uscc)
{
    struct xy_store *st = app->store;
    struct xy_error err = {0};
    int64_t id;
    assert_int_equal(st->ops->begin(st, &err), XY_OK);
    assert_int_equal(st->ops->dept_add(st, uscc, "测试部门", "2026-11-28T01:00:00Z", &id, &err), XY_OK);
    assert_int_equal(st->ops->commit(st, &err), XY_OK);
}

static void test_checkpoint_passive(void **state)
{
    struct fx *f = *state;
    struct xy_store *ck = f->a->store, *rd = f->c->store;
    struct xy_error err = {0};
    int wal = -1, copied = -1, began = 0;
    f->b->store->ops->caps->autocheckpoint(f->b->store, 0); /* only the explicit checkpoints below */
    add_dept(f->b, DEPT1);
    assert_int_equal(ck->ops->caps->checkpoint(ck, &wal, &copied, &err), XY_OK);
    assert_true(wal > 0);
    assert_int_equal(copied, wal); /* no reader: everything copied */
    /* A reader holding an older snapshot keeps the pages committed after it out of the database. */
    assert_int_equal(rd->ops->read_begin(rd, &began, &err), XY_OK);
    assert_true(has_dept(f->c, DEPT1));
    add_dept(f->b, DEPT2);
    assert_int_equal(ck->ops->caps->checkpoint(ck, &wal, &copied, &err), XY_OK);
    assert_true(copied < wal);
    assert_false(has_dept(f->c, DEPT2)); /* and the reader's view is untouched */
    rd->ops->read_end(rd, began);
    assert_int_equal(ck->ops->caps->checkpoint(ck, &wal, &copied, &err), XY_OK);
    assert_int_equal(copied, wal);
    assert_true(has_dept(f->c, DEPT2));
}

static int synchronous(struct xy_store *st)
{
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_prepare_v2(((struct sqlite_store *)st)->db, "PRAGMA synchronous", -1, &q, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    int v = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    return v;
}

static void test_durable_next_only(void **state)
{
    struct fx *f = *state;
    struct xy_store *st = f->a->store;
    struct xy_error err = {0};
    int64_t id;
    assert_int_equal(synchronous(st), 2); /* FULL */
    assert_int_equal(st->ops->caps->durable(st, 0, &err), XY_OK);
    assert_int_equal(st->ops->begin(st, &err), XY_OK);
    assert_int_equal(synchronous(st), 1); /* NORMAL for this one */
    assert_int_equal(st->ops->dept_add(st, DEPT1, "测试部门", "2026-11-28T01:00:00Z", &id, &err), XY_OK);
    assert_int_equal(st->ops->commit(st, &err), XY_OK);
    assert_true(has_dept(f->b, DEPT1));
    assert_int_equal(st->ops->begin(st, &err), XY_OK); /* the next transaction is full again */
    assert_int_equal(synchronous(st), 2);
    assert_int_equal(st->ops->dept_add(st, DEPT2, "测试部门", "2026-11-28T01:00:00Z", &id, &err), XY_OK);
    assert_int_equal(st->ops->commit(st, &err), XY_OK);
    /* Two light ones in a row, then a rolled-back light one: still full after. */
    for (int i = 0; i < 3; i++) {
        assert_int_equal(st->ops->caps->durable(st, 0, &err), XY_OK);
        assert_int_equal(st->ops->begin(st, &err), XY_OK);
        assert_int_equal(synchronous(st), 1);
        if (i < 2)
            assert_int_equal(st->ops->commit(st, &err), XY_OK);
        else
            assert_int_equal(st->ops->rollback(st), XY_OK);
    }
    assert_int_equal(st->ops->begin(st, &err), XY_OK);
    assert_int_equal(synchronous(st), 2);
    assert_int_equal(st->ops->rollback(st), XY_OK);
}

/* A database server's address is told from a SQLite path, and the app opens it as one: it is not
 * looked for as a file (which would say it does not exist and to run init) nor held by a file lock. */
static void test_server_address(void **state)
{
    (void)state;
    assert_true(xy_store_is_server("postgresql://u@h/db"));
    assert_true(xy_store_is_server("postgres:///db?host=/tmp"));
    assert_false(xy_store_is_server("postgresql.db"));
    assert_false(xy_store_is_server("/var/lib/xinyong/xinyong.db"));
    /* no server there: the store's own failure to connect (or a build without PostgreSQL's) */
    const char *addr = "postgresql:///none?host=/nonexistent-xy-socket-dir&port=1&connect_timeout=2";
    struct xy_app *app = NULL;
    struct xy_error err = {0};
    int rc = xy_app_open(addr, NULL, &app, &err);
    assert_null(app);
    assert_true(rc == XY_EIO || rc == XY_EINVAL);
    assert_null(strstr(err.msg, "xinyong init"));
    int fd = 5;
    assert_int_equal(xy_app_hold(addr, &fd, &err), XY_OK);
    assert_int_equal(fd, -1);
    xy_app_release(fd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_checkpoint_passive, setup, teardown),
        cmocka_unit_test_setup_teardown(test_durable_next_only, setup, teardown),
        cmocka_unit_test(test_server_address),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
