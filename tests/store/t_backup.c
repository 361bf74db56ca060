/* SPDX-License-Identifier: Apache-2.0 */
/* Contract: the optional backup capabilities (struct xy_store_caps: backup, integrity, standalone).
 * A back end that leaves them NULL skips these cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "contract.h"

#define DEPT_A "11420100MB1234562H"
#define DEPT_B "11420100MB1514396X"

static const struct xy_store_caps *caps_or_skip(struct ct *t)
{
    const struct xy_store_caps *c = t->op->caps;
    if (!c || !c->backup || !c->integrity || !c->standalone)
        skip();
    return c;
}

/* 1 when the store at st knows department uscc. */
static int has_dept(struct xy_store *st, const char *uscc)
{
    int64_t id = 0;
    char name[64];
    return st->ops->dept_get(st, uscc, &id, name, sizeof name, NULL) == XY_OK;
}

/* A backup holds what was committed when it was taken, not what another connection had begun and
 * not committed; the writer is not stopped by it and commits afterwards. The copy is a database of
 * its own (a connection to it reads it), readable by its owner only, never written over. */
static void test_backup_committed_moment(void **state)
{
    struct ct *t = *state;
    const struct xy_store_caps *c = caps_or_skip(t);
    char bak[600];
    snprintf(bak, sizeof bak, "%s.bak", t->where);
    ct_begin(t);
    ct_dept(t, DEPT_A, "武汉市市场监督管理局");
    ct_commit(t);

    struct xy_store *w = ct_connect(t);
    int64_t id = 0;
    assert_int_equal(w->ops->begin(w, &t->err), XY_OK);
    assert_int_equal(w->ops->dept_add(w, DEPT_B, "武汉市财政局", CT_NOW, &id, &t->err), XY_OK);
    assert_int_equal(c->backup(t->st, bak, &t->err), XY_OK);
    assert_int_equal(w->ops->commit(w, &t->err), XY_OK);
    xy_store_close(w);

    struct stat sb;
    assert_int_equal(stat(bak, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    struct xy_store *copy = NULL;
    assert_int_equal(t->be->connect(bak, &copy, &t->err), XY_OK);
    assert_true(has_dept(copy, DEPT_A));
    assert_false(has_dept(copy, DEPT_B));
    assert_int_equal(c->integrity(copy, &t->err), XY_OK);
    assert_int_equal(c->standalone(copy, &t->err), XY_OK);
    xy_store_close(copy);
    assert_true(has_dept(t->st, DEPT_B));

    /* A second backup to the same file is refused and leaves the first as it was. */
    assert_int_equal(c->backup(t->st, bak, &t->err), XY_EEXIST);
    assert_int_equal(t->be->connect(bak, &copy, &t->err), XY_OK);
    assert_false(has_dept(copy, DEPT_B));
    xy_store_close(copy);
    t->be->drop(bak); /* its files, then its directory, which is the case's: rmdir fails while in use */
}

/* The whole file alone: standalone folds the log in while this is the only connection, and says
 * busy while another is open. */
static void test_standalone_needs_sole_connection(void **state)
{
    struct ct *t = *state;
    const struct xy_store_caps *c = caps_or_skip(t);
    ct_begin(t);
    ct_dept(t, DEPT_A, "武汉市市场监督管理局");
    ct_commit(t);
    assert_int_equal(c->integrity(t->st, &t->err), XY_OK);
    struct xy_store *other = ct_connect(t);
    assert_true(has_dept(other, DEPT_A));
    assert_int_equal(c->standalone(t->st, &t->err), XY_EBUSY);
    xy_store_close(other);
    assert_int_equal(c->standalone(t->st, &t->err), XY_OK);
    assert_true(has_dept(t->st, DEPT_A));
}

const struct CMUnitTest ct_backup_tests[] = {
    CT_CASE(test_backup_committed_moment),
    CT_CASE(test_standalone_needs_sole_connection),
};
const size_t ct_backup_count = CT_COUNT(ct_backup_tests);
