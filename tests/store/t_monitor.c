/* SPDX-License-Identifier: Apache-2.0 */
/* Contract: monitoring departments and districts: a department's unit and collection catalogue,
 * declarations and entered figures replaced by key, a month's stored state, and the facts of a
 * month (records first submitted in it, list entries in force at its end). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "contract.h"

#define DEPT "11420100MB1234562H"

static int on_unit(void *ctx, const struct xy_unit_row *u)
{
    char *out = ctx;
    snprintf(out, 256, "%s|%s|%s|%s", u->uscc, u->region ? u->region : "-", u->level ? u->level : "-",
             u->plan ? u->plan : "-");
    return 0;
}

static void test_units(void **state)
{
    struct ct *t = *state;
    char got[256] = "";
    ct_begin(t);
    int64_t d = ct_dept(t, DEPT, "市监局");
    assert_int_equal(t->op->unit_set(t->st, d, "420102", "district_dept", &t->err), XY_OK);
    assert_int_equal(t->op->unit_set(t->st, d + 99, "420102", "district_dept", &t->err), XY_ENOTFOUND);
    assert_int_equal(t->op->plan_set(t->st, d, "{\"classes\":[]}", CT_NOW, &t->err), XY_OK);
    assert_int_equal(t->op->plan_set(t->st, d, "{\"classes\":[1]}", CT_NOW, &t->err), XY_OK); /* replaced */
    ct_commit(t);
    assert_int_equal(t->op->units(t->st, on_unit, got, &t->err), XY_OK);
    assert_string_equal(got, DEPT "|420102|district_dept|{\"classes\":[1]}");
}

static int on_decl(void *ctx, const char *dept, const char *body, const char *at)
{
    (void)at;
    snprintf(ctx, 128, "%s %s", dept, body);
    return 0;
}

static int on_entry(void *ctx, const struct xy_entry_row *e)
{
    int *n = ctx;
    (*n)++;
    assert_string_equal(e->body, "{\"v\":2}");
    assert_string_equal(e->dept_uscc, DEPT);
    return 0;
}

static int on_month(void *ctx, const struct xy_month_row *m)
{
    snprintf(ctx, 128, "%s %s %s %d", m->state, m->rules, m->figures, m->reopened);
    return 0;
}

static void test_declarations_entries_months(void **state)
{
    struct ct *t = *state;
    char got[128] = "";
    int n = 0;
    ct_begin(t);
    int64_t d = ct_dept(t, DEPT, "市监局");
    assert_int_equal(t->op->declaration_put(t->st, d, "2026-03", "{\"a\":1}", CT_NOW, 5, &t->err), XY_OK);
    assert_int_equal(t->op->declaration_put(t->st, d, "2026-03", "{\"a\":2}", CT_NOW, 5, &t->err), XY_OK);
    struct xy_entry_row e = {"2026-03", 11, d, NULL, "甲银行", "{\"v\":1}", CT_NOW, 5, "department"};
    assert_int_equal(t->op->entry_put(t->st, &e, &t->err), XY_OK);
    e.body = "{\"v\":2}";
    assert_int_equal(t->op->entry_put(t->st, &e, &t->err), XY_OK);
    struct xy_month_row m = {"2026-03", "closed", "r1", "{}", "{\"x\":1}", CT_NOW, 0, 0};
    assert_int_equal(t->op->month_get(t->st, "2026-03", on_month, got, &t->err), XY_ENOTFOUND);
    assert_int_equal(t->op->month_put(t->st, &m, &t->err), XY_OK);
    m.state = "open";
    m.reopened = 1;
    assert_int_equal(t->op->month_put(t->st, &m, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(t->op->declarations(t->st, "2026-03", 0, on_decl, got, &t->err), XY_OK);
    assert_string_equal(got, DEPT " {\"a\":2}");
    got[0] = '\0';
    assert_int_equal(t->op->declarations(t->st, "2026-04", 0, on_decl, got, &t->err), XY_OK);
    assert_string_equal(got, "");
    assert_int_equal(t->op->entries(t->st, "2026-03", on_entry, &n, &t->err), XY_OK);
    assert_int_equal(n, 1);
    assert_int_equal(t->op->month_get(t->st, "2026-03", on_month, got, &t->err), XY_OK);
    assert_string_equal(got, "open r1 {\"x\":1} 1");
}

struct facts {
    int64_t record, stock, other;
};

static int on_fact(void *ctx, const struct xy_mon_fact *f)
{
    struct facts *x = ctx;
    if (f->kind == XY_MF_RECORD && !strcmp(f->cls, "penalty")) {
        assert_string_equal(f->dept, DEPT);
        assert_string_equal(f->t1, "2026-01-10");
        x->record += f->n;
    } else if (f->kind == XY_MF_LIST_STOCK) {
        assert_string_equal(f->cls, "black_list");
        x->stock += f->n;
    } else if (f->kind != XY_MF_RECORD && f->kind != XY_MF_BATCH) {
        x->other += f->n;
    }
    return 0;
}

static void test_month_facts(void **state)
{
    struct ct *t = *state;
    ct_begin(t);
    int64_t d = ct_dept(t, DEPT, "市监局");
    int64_t s = ct_org(t, "91420684MA4927PJ7B", "某公司");
    int64_t b = ct_batch(t, d, "penalty");
    ct_record(t, &(struct ct_rec){.dept = d, .subject = s, .batch = b, .doc_no = "P1", .tag = 1});
    ct_record(t, &(struct ct_rec){.dept = d, .subject = s, .batch = b, .doc_no = "P2", .tag = 2});
    ct_record(t, &(struct ct_rec){.cls = "black_list", .dept = d, .subject = s, .batch = b, .doc_no = "B1", .tag = 3});
    ct_commit(t);
    static const char *const lists[] = {"red_list", "black_list", NULL}, *const force[] = {"published", NULL},
                             *const exits[] = {"record.expired", NULL};
    struct xy_mon_scan q = {"2026-02-28T16:00:00Z", "2026-03-31T16:00:00Z", "2026-03-31", lists, force, exits, 0};
    struct facts x = {0};
    assert_int_equal(t->op->mon_facts(t->st, &q, on_fact, &x, &t->err), XY_OK);
    assert_int_equal(x.record, 2);
    assert_int_equal(x.stock, 1);
    assert_int_equal(x.other, 0);
    /* the month before: nothing was submitted, nothing was in force at its end */
    struct xy_mon_scan feb = {"2026-01-31T16:00:00Z", "2026-02-28T16:00:00Z", "2026-02-28", lists, force, exits, 0};
    memset(&x, 0, sizeof x);
    assert_int_equal(t->op->mon_facts(t->st, &feb, on_fact, &x, &t->err), XY_OK);
    assert_int_equal(x.record + x.stock, 0);
}

const struct CMUnitTest ct_monitor_tests[] = {
    CT_CASE(test_units),
    CT_CASE(test_declarations_entries_months),
    CT_CASE(test_month_facts),
};
const size_t ct_monitor_count = CT_COUNT(ct_monitor_tests);
