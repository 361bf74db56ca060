/* SPDX-License-Identifier: Apache-2.0 */
/* Contract: the schema, the catalogue, departments, batches and their rejects. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "common/xy_alloc.h"
#include "contract.h"

#define DEPT_A "11420100MB1234562H"
#define DEPT_B "11420100MB1514396X"
#define DEPT_C "11230500001755309F"

/* A fresh store is at the newest schema; migrating again changes nothing and says so. */
static void test_migrate_idempotent(void **state)
{
    struct ct *t = *state;
    int have = -1, want = -2, from = -1, to = -1;
    assert_int_equal(t->op->schema(t->st, &have, &want, &t->err), XY_OK);
    assert_true(want > 0);
    assert_int_equal(have, want);
    assert_int_equal(t->op->migrate(t->st, &from, &to, &t->err), XY_OK);
    assert_int_equal(from, want);
    assert_int_equal(to, want);
    assert_int_equal(t->op->schema(t->st, &have, &want, &t->err), XY_OK);
    assert_int_equal(have, want);
    assert_int_equal(t->op->ping(t->st, &t->err), XY_OK);
    assert_string_equal(t->op->name, t->be->name);
}

static void test_catalog_none(void **state)
{
    struct ct *t = *state;
    char *body = (char *)"not touched";
    assert_int_equal(t->op->catalog_get(t->st, &body, &t->err), XY_ENOTFOUND);
    assert_null(body);
}

/* catalog_get gives the catalogue stored last (catalogues are versioned rows, never replaced). */
static void test_catalog_latest(void **state)
{
    struct ct *t = *state;
    char *body = NULL;
    ct_begin(t);
    assert_int_equal(t->op->catalog_put(t->st, "2026.1", "{\"version\":\"2026.1\",\"名\":\"一\"}", "2026-03-01T01:00:00Z", &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(t->op->catalog_get(t->st, &body, &t->err), XY_OK);
    assert_string_equal(body, "{\"version\":\"2026.1\",\"名\":\"一\"}");
    xy_free(body);
    ct_begin(t);
    assert_int_equal(t->op->catalog_put(t->st, "2026.2", "{\"version\":\"2026.2\"}", "2026-03-01T01:00:00Z", &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(t->op->catalog_get(t->st, &body, &t->err), XY_OK);
    assert_string_equal(body, "{\"version\":\"2026.2\"}");
    xy_free(body);
}

static void test_dept_add_get(void **state)
{
    struct ct *t = *state;
    char name[64] = "";
    int64_t id = 0;
    ct_begin(t);
    int64_t a = ct_dept(t, DEPT_A, "武汉市市场监督管理局");
    int64_t b = ct_dept(t, DEPT_B, "武汉市发展和改革委员会");
    ct_commit(t);
    assert_true(a != b);
    assert_int_equal(t->op->dept_get(t->st, DEPT_A, &id, name, sizeof name, &t->err), XY_OK);
    assert_int_equal(id, a);
    assert_string_equal(name, "武汉市市场监督管理局");
    assert_int_equal(t->op->dept_get(t->st, DEPT_B, &id, name, sizeof name, &t->err), XY_OK);
    assert_int_equal(id, b);
    assert_string_equal(name, "武汉市发展和改革委员会");
    id = 0;
    assert_int_equal(t->op->dept_get(t->st, DEPT_A, &id, NULL, 0, &t->err), XY_OK); /* the id alone */
    assert_int_equal(id, a);
}

static void test_dept_unknown(void **state)
{
    struct ct *t = *state;
    char name[64] = "untouched";
    int64_t id = 77;
    assert_int_equal(t->op->dept_get(t->st, DEPT_A, &id, name, sizeof name, &t->err), XY_ENOTFOUND);
    assert_int_equal(t->err.rc, XY_ENOTFOUND);
}

/* Adding a registered code again: XY_EEXIST, the id of the one registered, and the name updated. */
static void test_dept_exists_renames(void **state)
{
    struct ct *t = *state;
    char name[64] = "";
    int64_t id = 0, again = 0;
    ct_begin(t);
    id = ct_dept(t, DEPT_A, "旧名称");
    assert_int_equal(t->op->dept_add(t->st, DEPT_A, "新名称", "2026-03-01T01:00:00Z", &again, &t->err), XY_EEXIST);
    ct_commit(t);
    assert_int_equal(again, id);
    assert_int_equal(t->op->dept_get(t->st, DEPT_A, &again, name, sizeof name, &t->err), XY_OK);
    assert_int_equal(again, id);
    assert_string_equal(name, "新名称");
}

struct depts {
    int n;
    char uscc[8][32], name[8][64];
};

static int on_dept(void *ctx, const struct xy_subject_row *s)
{
    struct depts *d = ctx;
    assert_true(d->n < 8);
    ct_cpy(d->uscc[d->n], sizeof d->uscc[0], s->uscc);
    ct_cpy(d->name[d->n], sizeof d->name[0], s->name);
    d->n++;
    return 0;
}

/* Departments by code, whatever the order they were added in. */
static void test_dept_list_order(void **state)
{
    struct ct *t = *state;
    struct depts d = {0};
    assert_int_equal(t->op->dept_list(t->st, on_dept, &d, &t->err), XY_OK);
    assert_int_equal(d.n, 0);
    ct_begin(t);
    ct_dept(t, DEPT_B, "乙");
    ct_dept(t, DEPT_A, "甲");
    ct_dept(t, DEPT_C, "丙");
    ct_commit(t);
    assert_int_equal(t->op->dept_list(t->st, on_dept, &d, &t->err), XY_OK);
    assert_int_equal(d.n, 3);
    assert_string_equal(d.uscc[0], DEPT_C);
    assert_string_equal(d.name[0], "丙");
    assert_string_equal(d.uscc[1], DEPT_A);
    assert_string_equal(d.name[1], "甲");
    assert_string_equal(d.uscc[2], DEPT_B);
    assert_string_equal(d.name[2], "乙");
}

/* batch_get gives the id, the department and the counts batch_finish wrote. */
static void test_batch_add_finish_get(void **state)
{
    struct ct *t = *state;
    struct xy_batch_row got;
    ct_begin(t);
    int64_t dept = ct_dept(t, DEPT_A, "甲");
    int64_t id = ct_batch(t, dept, "penalty");
    ct_commit(t);
    memset(&got, 0xff, sizeof got);
    assert_int_equal(ct_batch_get(t->op, t->st, id, &got, &t->err), XY_OK);
    assert_int_equal(got.id, id);
    assert_int_equal(got.dept_id, dept);
    assert_int_equal(got.rows, 0);
    assert_int_equal(got.accepted, 0);
    assert_int_equal(got.rejected, 0);
    assert_int_equal(got.added + got.updated + got.unchanged, 0);
    struct xy_batch_row fin = {.id = id, .rows = 10, .accepted = 7, .rejected = 3, .added = 4, .updated = 2,
                               .unchanged = 1, .finished_at = "2026-03-02T08:00:05Z", .encoding = "gb18030"};
    ct_begin(t);
    assert_int_equal(t->op->batch_finish(t->st, &fin, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(ct_batch_get(t->op, t->st, id, &got, &t->err), XY_OK);
    assert_int_equal(got.id, id);
    assert_int_equal(got.dept_id, dept);
    assert_int_equal(got.rows, 10);
    assert_int_equal(got.accepted, 7);
    assert_int_equal(got.rejected, 3);
    assert_int_equal(got.added, 4);
    assert_int_equal(got.updated, 2);
    assert_int_equal(got.unchanged, 1);
    assert_int_equal(ct_batch_get(t->op, t->st, id + 1000, &got, &t->err), XY_ENOTFOUND);
}

struct batches {
    int n, stop_at;
    int64_t id[16], dept[16];
    long accepted[16];
    char uscc[16][32], cls[16][16], source[16][32], format[16][8], encoding[16][16], started[16][32],
        finished[16][32];
};

static int on_batch(void *ctx, const struct xy_batch_row *b, const char *dept_uscc)
{
    struct batches *l = ctx;
    assert_true(l->n < 16);
    l->id[l->n] = b->id;
    l->dept[l->n] = b->dept_id;
    l->accepted[l->n] = b->accepted;
    ct_cpy(l->uscc[l->n], sizeof l->uscc[0], dept_uscc);
    ct_cpy(l->cls[l->n], sizeof l->cls[0], b->cls);
    ct_cpy(l->source[l->n], sizeof l->source[0], b->source);
    ct_cpy(l->format[l->n], sizeof l->format[0], b->format);
    ct_cpy(l->encoding[l->n], sizeof l->encoding[0], b->encoding);
    ct_cpy(l->started[l->n], sizeof l->started[0], b->started_at);
    ct_cpy(l->finished[l->n], sizeof l->finished[0], b->finished_at);
    l->n++;
    return l->stop_at && l->n >= l->stop_at;
}

/* Newest first, pages by `before`, one department or all, with the class, source, format and
 * times filled in. */
static void test_batch_list_paging(void **state)
{
    struct ct *t = *state;
    int64_t ids[5];
    ct_begin(t);
    int64_t a = ct_dept(t, DEPT_A, "甲"), b = ct_dept(t, DEPT_B, "乙");
    for (int i = 0; i < 5; i++)
        ids[i] = ct_batch(t, i % 2 ? b : a, i == 4 ? "licence" : "penalty");
    struct xy_batch_row fin = {.id = ids[0], .rows = 2, .accepted = 2, .finished_at = "2026-03-02T08:01:00Z",
                               .encoding = "utf-8"};
    assert_int_equal(t->op->batch_finish(t->st, &fin, &t->err), XY_OK);
    ct_commit(t);
    for (int i = 1; i < 5; i++)
        assert_true(ids[i] > ids[i - 1]);

    struct batches l = {0};
    assert_int_equal(t->op->batch_list(t->st, 0, 0, 10, on_batch, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 5);
    for (int i = 0; i < 5; i++)
        assert_int_equal(l.id[i], ids[4 - i]);
    assert_string_equal(l.uscc[0], DEPT_A);
    assert_int_equal(l.dept[0], a);
    assert_string_equal(l.cls[0], "licence");
    assert_string_equal(l.source[0], "upload.csv");
    assert_string_equal(l.format[0], "csv");
    assert_string_equal(l.encoding[0], "utf-8");
    assert_string_equal(l.started[0], CT_NOW);
    assert_string_equal(l.finished[0], CT_NULL); /* not finished */
    assert_string_equal(l.finished[4], "2026-03-02T08:01:00Z");
    assert_int_equal(l.accepted[4], 2);
    assert_string_equal(l.uscc[1], DEPT_B);

    /* Pages of two: each starts below the last id of the one before. */
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->batch_list(t->st, 0, 0, 2, on_batch, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.id[0], ids[4]);
    assert_int_equal(l.id[1], ids[3]);
    int64_t before = l.id[1];
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->batch_list(t->st, 0, before, 2, on_batch, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.id[0], ids[2]);
    assert_int_equal(l.id[1], ids[1]);
    before = l.id[1];
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->batch_list(t->st, 0, before, 2, on_batch, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.id[0], ids[0]);
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->batch_list(t->st, 0, ids[0], 2, on_batch, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 0);

    /* One department. */
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->batch_list(t->st, b, 0, 10, on_batch, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.id[0], ids[3]);
    assert_int_equal(l.id[1], ids[1]);
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->batch_list(t->st, a, ids[4], 1, on_batch, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.id[0], ids[2]);

    /* A callback that asks to stop is not called again. */
    memset(&l, 0, sizeof l);
    l.stop_at = 1;
    assert_int_equal(t->op->batch_list(t->st, 0, 0, 10, on_batch, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 1);
}

struct rejects {
    int n;
    long seq[8], row[8];
    char field[8][16], value[8][32], code[8][16], reason[8][64];
};

static int on_reject(void *ctx, const struct xy_reject_row *r)
{
    struct rejects *j = ctx;
    assert_true(j->n < 8);
    j->seq[j->n] = r->seq;
    j->row[j->n] = r->row;
    ct_cpy(j->field[j->n], sizeof j->field[0], r->field);
    ct_cpy(j->value[j->n], sizeof j->value[0], r->value);
    ct_cpy(j->code[j->n], sizeof j->code[0], r->code);
    ct_cpy(j->reason[j->n], sizeof j->reason[0], r->reason);
    j->n++;
    return 0;
}

/* A batch's rejects in order (by their sequence number), and only that batch's. */
static void test_batch_rejects_order(void **state)
{
    struct ct *t = *state;
    struct rejects j = {0};
    ct_begin(t);
    int64_t dept = ct_dept(t, DEPT_A, "甲");
    int64_t b1 = ct_batch(t, dept, "penalty"), b2 = ct_batch(t, dept, "penalty");
    assert_int_equal(t->op->reject_add(t->st, b1, 2, 9, NULL, NULL, "E_ROW", "行不完整 (short row)", &t->err), XY_OK);
    assert_int_equal(t->op->reject_add(t->st, b1, 1, 4, "CF_WSH", "", "E_REQUIRED", "必填 (required)", &t->err),
                     XY_OK);
    assert_int_equal(t->op->reject_add(t->st, b2, 1, 3, "CF_JDRQ", "2026-13-01", "E_DATE", "日期 (date)", &t->err),
                     XY_OK);
    ct_commit(t);
    assert_int_equal(t->op->batch_rejects(t->st, b1, on_reject, &j, &t->err), XY_OK);
    assert_int_equal(j.n, 2);
    assert_int_equal(j.seq[0], 1);
    assert_int_equal(j.row[0], 4);
    assert_string_equal(j.field[0], "CF_WSH");
    assert_string_equal(j.value[0], "");
    assert_string_equal(j.code[0], "E_REQUIRED");
    assert_string_equal(j.reason[0], "必填 (required)");
    assert_int_equal(j.seq[1], 2);
    assert_int_equal(j.row[1], 9);
    assert_string_equal(j.field[1], CT_NULL);
    assert_string_equal(j.value[1], CT_NULL);
    memset(&j, 0, sizeof j);
    assert_int_equal(t->op->batch_rejects(t->st, b2, on_reject, &j, &t->err), XY_OK);
    assert_int_equal(j.n, 1);
    assert_string_equal(j.value[0], "2026-13-01");
}

const struct CMUnitTest ct_basics_tests[] = {
    CT_CASE(test_migrate_idempotent), CT_CASE(test_catalog_none),       CT_CASE(test_catalog_latest),
    CT_CASE(test_dept_add_get),       CT_CASE(test_dept_unknown),       CT_CASE(test_dept_exists_renames),
    CT_CASE(test_dept_list_order),    CT_CASE(test_batch_add_finish_get), CT_CASE(test_batch_list_paging),
    CT_CASE(test_batch_rejects_order),
};
const size_t ct_basics_count = CT_COUNT(ct_basics_tests);
