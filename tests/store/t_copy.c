/* SPDX-License-Identifier: Apache-2.0 */
/* Contract: the whole-database copy (copy_* in store.h, `xinyong migrate`): tables and columns by
 * the back end's catalogue, rows loaded and read back byte for byte in key order, triggers off for a
 * load, the progress kept across transactions, ids going on past the copied ones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "contract.h"

#define DEPT_A "11420100MB1234562H"

struct edges {
    int tables, record_refs_subject, has_bookkeeping;
};

static int on_table(void *ctx, const char *table, const char *parent)
{
    struct edges *e = ctx;
    if (!parent)
        e->tables++;
    if (strcmp(table, "record") == 0 && parent && strcmp(parent, "subject") == 0)
        e->record_refs_subject = 1;
    if (strcmp(table, "xy_schema") == 0 || strcmp(table, XY_STORE_COPY_TABLE) == 0 || strcmp(table, "audit_head") == 0)
        e->has_bookkeeping = 1;
    return 0;
}

struct cols {
    char names[16][32];
    int keys[16];
    int n;
};

static int on_column(void *ctx, const char *column, int key)
{
    struct cols *c = ctx;
    if (c->n < 16) {
        snprintf(c->names[c->n], sizeof c->names[c->n], "%s", column);
        c->keys[c->n++] = key;
    }
    return 0;
}

/* The schema's tables with their references, the bookkeeping left out; a table's columns with the
 * primary key's positions; unknown and malformed names refused. */
static void test_copy_catalogue(void **state)
{
    struct ct *t = *state;
    struct edges e = {0};
    assert_int_equal(t->op->copy_tables(t->st, on_table, &e, &t->err), XY_OK);
    assert_true(e.tables > 40);
    assert_true(e.record_refs_subject);
    assert_false(e.has_bookkeeping);

    struct cols c = {0};
    assert_int_equal(t->op->copy_columns(t->st, "subject_name", on_column, &c, &t->err), XY_OK);
    assert_int_equal(c.n, 4);
    assert_string_equal(c.names[0], "subject_id");
    assert_int_equal(c.keys[0], 1);
    assert_string_equal(c.names[1], "name");
    assert_int_equal(c.keys[1], 2);
    assert_int_equal(c.keys[2], 0);

    struct cols none = {0};
    assert_int_equal(t->op->copy_columns(t->st, "no_such_table", on_column, &none, &t->err), XY_ENOTFOUND);
    assert_int_equal(t->op->copy_columns(t->st, "dept\"; DROP TABLE dept; --", on_column, &none, &t->err), XY_EINVAL);
    assert_int_equal(t->op->copy_columns(t->st, "xy_schema", on_column, &none, &t->err), XY_ENOTFOUND);
    assert_int_equal(none.n, 0);
}

static const char *const audit_cols[] = {"seq", "at", "key_id", "role", "action", "object", "detail", "prev", "hash"};
#define NAUDIT 9

/* Rows read back, flattened: type, integer and bytes of each value. */
struct got {
    int n;
    int type[8][NAUDIT];
    int64_t i[8][NAUDIT];
    char bytes[8][NAUDIT][64];
    size_t len[8][NAUDIT];
};

static int on_row(void *ctx, const struct xy_value *v, int n)
{
    struct got *g = ctx;
    assert_int_equal(n, NAUDIT);
    if (g->n >= 8)
        return 1;
    for (int k = 0; k < n; k++) {
        g->type[g->n][k] = v[k].type;
        g->i[g->n][k] = v[k].i;
        if (v[k].type == XY_VALUE_TEXT || v[k].type == XY_VALUE_BLOB) {
            assert_true(v[k].len <= 64);
            if (v[k].len)
                memcpy(g->bytes[g->n][k], v[k].p, v[k].len);
            g->len[g->n][k] = v[k].len;
        }
    }
    g->n++;
    return 0;
}

static void audit_row(struct xy_value v[NAUDIT], int64_t seq, const char *detail, const uint8_t *blob, size_t blen)
{
    static const char at[] = CT_NOW;
    memset(v, 0, NAUDIT * sizeof *v);
    v[0] = (struct xy_value){.type = XY_VALUE_INT, .i = seq};
    v[1] = (struct xy_value){.type = XY_VALUE_TEXT, .p = at, .len = strlen(at)};
    v[2] = (struct xy_value){.type = XY_VALUE_INT, .i = -7};
    v[3] = (struct xy_value){.type = XY_VALUE_TEXT, .p = "office", .len = 6};
    v[4] = (struct xy_value){.type = XY_VALUE_TEXT, .p = "key.create", .len = 10};
    v[5] = (struct xy_value){.type = XY_VALUE_TEXT, .p = "", .len = 0};
    v[6] = detail ? (struct xy_value){.type = XY_VALUE_TEXT, .p = detail, .len = strlen(detail)}
                  : (struct xy_value){.type = XY_VALUE_NULL};
    v[7] = (struct xy_value){.type = XY_VALUE_BLOB, .p = blob, .len = blen};
    v[8] = (struct xy_value){.type = XY_VALUE_BLOB, .p = "", .len = 0};
}

/* Rows loaded in any order come back in key order with every value as it went in: text with tabs,
 * newlines, backslashes and Chinese, NULL, blobs holding NUL and backslash bytes, empty text and
 * blobs, negative integers. A second load empties the table first; a rolled-back load leaves it as
 * it was. */
static void test_copy_load_scan(void **state)
{
    struct ct *t = *state;
    static const char tricky[] = "a\tb\nc\\d\re 武汉 \\N";
    static const uint8_t blob[] = {0, 0x5c, 'x', 0xff, '\n', 0};
    struct xy_value v[NAUDIT];
    ct_begin(t);
    assert_int_equal(t->op->copy_load_begin(t->st, "audit", audit_cols, NAUDIT, &t->err), XY_OK);
    audit_row(v, 3, tricky, blob, sizeof blob);
    assert_int_equal(t->op->copy_load_row(t->st, v, NAUDIT, &t->err), XY_OK);
    audit_row(v, 1, NULL, blob, 1);
    assert_int_equal(t->op->copy_load_row(t->st, v, NAUDIT, &t->err), XY_OK);
    audit_row(v, 2, "", blob + 1, 1);
    assert_int_equal(t->op->copy_load_row(t->st, v, NAUDIT, &t->err), XY_OK);
    assert_int_equal(t->op->copy_load_end(t->st, &t->err), XY_OK);
    ct_commit(t);

    int64_t n = 0;
    assert_int_equal(t->op->copy_count(t->st, "audit", &n, &t->err), XY_OK);
    assert_int_equal(n, 3);
    struct got g = {0};
    static const char *const by_seq[] = {"seq"};
    assert_int_equal(t->op->copy_scan(t->st, "audit", audit_cols, NAUDIT, by_seq, 1, on_row, &g, &t->err), XY_OK);
    assert_int_equal(g.n, 3);
    for (int r = 0; r < 3; r++) {
        assert_int_equal(g.type[r][0], XY_VALUE_INT);
        assert_int_equal(g.i[r][0], r + 1);
        assert_int_equal(g.type[r][2], XY_VALUE_INT);
        assert_int_equal(g.i[r][2], -7);
        assert_int_equal(g.type[r][5], XY_VALUE_TEXT);
        assert_int_equal(g.len[r][5], 0);
        assert_int_equal(g.type[r][8], XY_VALUE_BLOB);
        assert_int_equal(g.len[r][8], 0);
    }
    assert_int_equal(g.type[0][6], XY_VALUE_NULL);
    assert_int_equal(g.type[1][6], XY_VALUE_TEXT);
    assert_int_equal(g.len[1][6], 0);
    assert_int_equal(g.type[2][6], XY_VALUE_TEXT);
    assert_int_equal(g.len[2][6], strlen(tricky));
    assert_memory_equal(g.bytes[2][6], tricky, strlen(tricky));
    assert_int_equal(g.type[2][7], XY_VALUE_BLOB);
    assert_int_equal(g.len[2][7], sizeof blob);
    assert_memory_equal(g.bytes[2][7], blob, sizeof blob);
    assert_int_equal(g.len[0][7], 1);
    assert_int_equal(g.bytes[0][7][0], 0);

    /* A load rolled back leaves the rows before it. */
    ct_begin(t);
    assert_int_equal(t->op->copy_load_begin(t->st, "audit", audit_cols, NAUDIT, &t->err), XY_OK);
    assert_int_equal(t->op->copy_load_end(t->st, &t->err), XY_OK);
    assert_int_equal(t->op->rollback(t->st), XY_OK);
    assert_int_equal(t->op->copy_count(t->st, "audit", &n, &t->err), XY_OK);
    assert_int_equal(n, 3);
    /* A second load replaces them. */
    ct_begin(t);
    assert_int_equal(t->op->copy_load_begin(t->st, "audit", audit_cols, NAUDIT, &t->err), XY_OK);
    audit_row(v, 9, "x", blob, 2);
    assert_int_equal(t->op->copy_load_row(t->st, v, NAUDIT, &t->err), XY_OK);
    assert_int_equal(t->op->copy_load_end(t->st, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(t->op->copy_count(t->st, "audit", &n, &t->err), XY_OK);
    assert_int_equal(n, 1);
}

static int on_n(void *ctx, const struct xy_value *v, int n)
{
    assert_int_equal(n, 1);
    assert_int_equal(v[0].type, XY_VALUE_INT);
    *(int64_t *)ctx = v[0].i;
    return 0;
}

static int64_t policy_n(struct ct *t)
{
    static const char *const col[] = {"n"};
    int64_t n = -1;
    assert_int_equal(t->op->copy_scan(t->st, "policy_gen", col, 1, NULL, 0, on_n, &n, &t->err), XY_OK);
    return n;
}

/* The triggers are off during a load (the policy count, which calendar days move, stays) and on
 * again after it; copy_finish moves the ids past the copied ones. */
static void test_copy_triggers_and_ids(void **state)
{
    struct ct *t = *state;
    static const char *const cal[] = {"day", "kind"};
    int64_t before = policy_n(t);
    ct_begin(t);
    assert_int_equal(t->op->copy_load_begin(t->st, "calendar_day", cal, 2, &t->err), XY_OK);
    struct xy_value v[2] = {{.type = XY_VALUE_TEXT, .p = "2026-10-01", .len = 10},
                            {.type = XY_VALUE_TEXT, .p = "holiday", .len = 7}};
    assert_int_equal(t->op->copy_load_row(t->st, v, 2, &t->err), XY_OK);
    assert_int_equal(t->op->copy_load_end(t->st, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(policy_n(t), before);
    ct_begin(t);
    assert_int_equal(t->op->calendar_put(t->st, "2026-10-02", "holiday", NULL, NULL, &t->err), XY_OK);
    ct_commit(t);
    assert_true(policy_n(t) > before);

    static const char *const dept[] = {"id", "uscc", "name", "created_at"};
    ct_begin(t);
    assert_int_equal(t->op->copy_load_begin(t->st, "dept", dept, 4, &t->err), XY_OK);
    struct xy_value d[4] = {{.type = XY_VALUE_INT, .i = 41},
                            {.type = XY_VALUE_TEXT, .p = DEPT_A, .len = strlen(DEPT_A)},
                            {.type = XY_VALUE_TEXT, .p = "武汉市市场监督管理局", .len = strlen("武汉市市场监督管理局")},
                            {.type = XY_VALUE_TEXT, .p = CT_NOW, .len = strlen(CT_NOW)}};
    assert_int_equal(t->op->copy_load_row(t->st, d, 4, &t->err), XY_OK);
    assert_int_equal(t->op->copy_load_end(t->st, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(t->op->copy_finish(t->st, &t->err), XY_OK);
    ct_begin(t);
    int64_t id = ct_dept(t, "11420100MB1514396X", "武汉市财政局");
    ct_commit(t);
    assert_int_equal(id, 42);
}

static int on_name(void *ctx, const char *name)
{
    struct cols *c = ctx;
    if (c->n < 16)
        snprintf(c->names[c->n++], 32, "%s", name);
    return 0;
}

/* The progress: none before a copy; begun; a table recorded only when its transaction commits; gone
 * after copy_finish. */
static void test_copy_progress(void **state)
{
    struct ct *t = *state;
    struct cols c = {0};
    int started = -1;
    assert_int_equal(t->op->copy_progress(t->st, &started, on_name, &c, &t->err), XY_OK);
    assert_int_equal(started, 0);
    ct_begin(t);
    assert_int_equal(t->op->copy_mark(t->st, NULL, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(t->op->copy_progress(t->st, &started, on_name, &c, &t->err), XY_OK);
    assert_int_equal(started, 1);
    assert_int_equal(c.n, 0);
    ct_begin(t);
    assert_int_equal(t->op->copy_mark(t->st, "dept", &t->err), XY_OK);
    assert_int_equal(t->op->rollback(t->st), XY_OK);
    ct_begin(t);
    assert_int_equal(t->op->copy_mark(t->st, "subject", &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(t->op->copy_progress(t->st, &started, on_name, &c, &t->err), XY_OK);
    assert_int_equal(c.n, 1);
    assert_string_equal(c.names[0], "subject");
    /* The progress table is no table of the copy. */
    struct edges e = {0};
    assert_int_equal(t->op->copy_tables(t->st, on_table, &e, &t->err), XY_OK);
    assert_false(e.has_bookkeeping);
    assert_int_equal(t->op->copy_finish(t->st, &t->err), XY_OK);
    assert_int_equal(t->op->copy_progress(t->st, &started, on_name, &c, &t->err), XY_OK);
    assert_int_equal(started, 0);
}

const struct CMUnitTest ct_copy_tests[] = {
    CT_CASE(test_copy_catalogue),
    CT_CASE(test_copy_load_scan),
    CT_CASE(test_copy_triggers_and_ids),
    CT_CASE(test_copy_progress),
};
const size_t ct_copy_count = CT_COUNT(ct_copy_tests);
