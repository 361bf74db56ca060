/* SPDX-License-Identifier: Apache-2.0 */
/* The contract suite's fixture (a fresh store a case) and the helpers its cases share. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contract.h"

const struct ct_backend *ct_backend_now;

int ct_setup(void **state)
{
    struct ct *t = calloc(1, sizeof *t);
    if (!t)
        return -1;
    t->be = ct_backend_now;
    if (t->be->open(t->where, sizeof t->where, &t->st, &t->err) != XY_OK) {
        fprintf(stderr, "%s: cannot open a fresh store: %s\n", t->be->name, t->err.msg);
        free(t);
        return -1;
    }
    t->op = t->st->ops;
    xy_error_clear(&t->err);
    *state = t;
    return 0;
}

int ct_teardown(void **state)
{
    struct ct *t = *state;
    xy_store_close(t->st);
    t->be->drop(t->where);
    free(t);
    return 0;
}

struct xy_store *ct_connect(struct ct *t)
{
    struct xy_store *st = NULL;
    struct xy_error err = {0};
    if (t->be->connect(t->where, &st, &err) != XY_OK)
        fail_msg("%s: cannot connect again: %s", t->be->name, err.msg);
    return st;
}

void ct_begin(struct ct *t)
{
    assert_int_equal(t->op->begin(t->st, &t->err), XY_OK);
}

void ct_commit(struct ct *t)
{
    assert_int_equal(t->op->commit(t->st, &t->err), XY_OK);
}

void ct_cpy(char *dst, size_t size, const char *s)
{
    snprintf(dst, size, "%s", s ? s : CT_NULL);
}

int64_t ct_dept(struct ct *t, const char *uscc, const char *name)
{
    int64_t id = 0;
    assert_int_equal(t->op->dept_add(t->st, uscc, name, "2026-03-01T01:00:00Z", &id, &t->err), XY_OK);
    assert_true(id > 0);
    return id;
}

int64_t ct_org(struct ct *t, const char *uscc, const char *name)
{
    struct xy_subject_key key = {.kind = "org", .uscc = uscc};
    int64_t id = 0;
    int differs = -1;
    assert_int_equal(t->op->subject_resolve(t->st, &key, name, "2026-01-01", CT_NOW, &id, &differs, &t->err), XY_OK);
    assert_true(id > 0);
    return id;
}

int64_t ct_person(struct ct *t, uint8_t tag, const char *name)
{
    uint8_t hash[32], sealed[40];
    memset(hash, tag, sizeof hash);
    memset(sealed, tag, sizeof sealed);
    struct xy_subject_key key = {.kind = "person", .id_hash = hash, .id_sealed = sealed,
                                 .id_sealed_len = sizeof sealed, .id_masked = "3604**********0071"};
    int64_t id = 0;
    int differs = -1;
    assert_int_equal(t->op->subject_resolve(t->st, &key, name, "2026-01-01", CT_NOW, &id, &differs, &t->err), XY_OK);
    assert_true(id > 0);
    return id;
}

int64_t ct_batch(struct ct *t, int64_t dept, const char *cls)
{
    struct xy_batch_row b = {.dept_id = dept, .cls = cls, .source = "upload.csv", .format = "csv",
                             .encoding = "utf-8", .started_at = CT_NOW};
    int64_t id = 0;
    assert_int_equal(t->op->batch_add(t->st, &b, &id, &t->err), XY_OK);
    assert_true(id > 0);
    return id;
}

int64_t ct_key(struct ct *t, const char *role, int64_t dept, int64_t subject, const char *name)
{
    uint8_t hash[32];
    memset(hash, 0x5a, sizeof hash);
    struct xy_key_row k = {.role = role, .dept_id = dept, .subject_id = subject, .name = name, .hash = hash,
                           .created_at = CT_NOW};
    int64_t id = 0;
    assert_int_equal(t->op->key_add(t->st, &k, &id, &t->err), XY_OK);
    assert_true(id > 0);
    return id;
}

int64_t ct_record(struct ct *t, const struct ct_rec *r)
{
    uint8_t hash[16];
    memset(hash, r->tag, sizeof hash);
    struct xy_record_row row = {
        .cls = r->cls ? r->cls : "penalty",
        .dept_id = r->dept,
        .doc_no = r->doc_no,
        .version = r->version ? r->version : 1,
        .subject_id = r->subject,
        .batch_id = r->batch,
        .row_no = 1,
        .status = r->status ? r->status : "published",
        .decision_date = r->decision_date ? r->decision_date : "2026-01-10",
        .public_until = !r->public_until ? "2027-01-10" : strcmp(r->public_until, "-") ? r->public_until : NULL,
        .hash = hash,
        .rep_hash = r->rep_hash,
        .fields = "{}",
        .created_at = r->created_at ? r->created_at : CT_NOW,
    };
    int64_t id = 0;
    assert_int_equal(t->op->record_put(t->st, &row, &id, &t->err), XY_OK);
    assert_true(id > 0);
    return id;
}

int ct_on_record(void *ctx, const struct xy_record_row *r)
{
    struct ct_rows *rows = ctx;
    if (rows->n == CT_MAX)
        fail_msg("more than %d records", CT_MAX);
    struct ct_row *o = &rows->r[rows->n++];
    memset(o, 0, sizeof *o);
    o->id = r->id;
    o->dept_id = r->dept_id;
    o->subject_id = r->subject_id;
    o->batch_id = r->batch_id;
    o->amount_fen = r->amount_fen;
    o->objection_id = r->objection_id;
    o->version = r->version;
    o->is_current = r->is_current;
    o->row_no = r->row_no;
    o->flags = r->flags;
    ct_cpy(o->cls, sizeof o->cls, r->cls);
    ct_cpy(o->dept_uscc, sizeof o->dept_uscc, r->dept_uscc);
    ct_cpy(o->dept_name, sizeof o->dept_name, r->dept_name);
    ct_cpy(o->doc_no, sizeof o->doc_no, r->doc_no);
    ct_cpy(o->status, sizeof o->status, r->status);
    ct_cpy(o->decision_date, sizeof o->decision_date, r->decision_date);
    ct_cpy(o->valid_to, sizeof o->valid_to, r->valid_to);
    ct_cpy(o->min_until, sizeof o->min_until, r->min_until);
    ct_cpy(o->public_until, sizeof o->public_until, r->public_until);
    ct_cpy(o->severity, sizeof o->severity, r->severity);
    ct_cpy(o->sector, sizeof o->sector, r->sector);
    ct_cpy(o->fields, sizeof o->fields, r->fields);
    ct_cpy(o->created_at, sizeof o->created_at, r->created_at);
    ct_cpy(o->upper, sizeof o->upper, r->upper);
    if (r->hash) {
        memcpy(o->hash, r->hash, sizeof o->hash);
        o->has_hash = 1;
    }
    if (r->sealed && r->sealed_len <= sizeof o->sealed) {
        memcpy(o->sealed, r->sealed, r->sealed_len);
        o->sealed_len = r->sealed_len;
    }
    return rows->stop_at && rows->n >= rows->stop_at;
}

struct ct_row ct_get(struct ct *t, int64_t id)
{
    struct ct_rows *rows = calloc(1, sizeof *rows);
    assert_non_null(rows);
    assert_int_equal(t->op->record_get(t->st, id, ct_on_record, rows, &t->err), XY_OK);
    assert_int_equal(rows->n, 1);
    struct ct_row r = rows->r[0];
    free(rows);
    return r;
}

struct one_batch {
    struct xy_batch_row *out;
    char cls[64];
};

static int on_batch(void *ctx, const struct xy_batch_row *b, const char *dept_uscc)
{
    struct one_batch *o = ctx;
    (void)dept_uscc;
    *o->out = *b;
    ct_cpy(o->cls, sizeof o->cls, b->cls);
    o->out->cls = o->cls;
    o->out->source = o->out->format = o->out->encoding = o->out->started_at = o->out->finished_at = NULL;
    return 1;
}

int ct_batch_get(const struct xy_store_ops *op, struct xy_store *st, int64_t id, struct xy_batch_row *out,
                 struct xy_error *err)
{
    static _Thread_local struct one_batch o;
    o.out = out;
    return op->batch_get(st, id, on_batch, &o, err);
}

const struct xy_public_filter *ct_pub(const char *day)
{
    static _Thread_local struct xy_public_filter f;
    f.status = "published";
    ct_cpy(f.day, sizeof f.day, day);
    return &f;
}

const struct xy_list_filter *ct_lists(void)
{
    static const struct xy_list_filter f = {.classes = {"red_list", "black_list", "watch_list"},
                                            .statuses = {"published", "unpublished"}};
    return &f;
}
