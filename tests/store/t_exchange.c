/* SPDX-License-Identifier: Apache-2.0 */
/* Contract: exchange with upper platforms: a destination's cursor and backlog in the change log, its
 * failures, its sealed keys; a source's position, public key and replayed nonces, and the
 * acknowledgements kept by batch; a batch's records by id range. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "common/xy_alloc.h"
#include "contract.h"

struct dest_got {
    int n;
    char name[32], source[32], classes[64], error[64];
    int enabled;
    int64_t seq, part, failures, backlog;
    int has_oldest;
};

static int on_dest(void *ctx, const struct xy_dest_row *d)
{
    struct dest_got *g = ctx;
    g->n++;
    ct_cpy(g->name, sizeof g->name, d->name);
    ct_cpy(g->source, sizeof g->source, d->source);
    ct_cpy(g->classes, sizeof g->classes, d->classes);
    ct_cpy(g->error, sizeof g->error, d->last_error);
    g->enabled = d->enabled;
    g->seq = d->acked_seq;
    g->part = d->acked_part;
    g->failures = d->failures;
    g->backlog = d->backlog;
    g->has_oldest = d->oldest_at != NULL;
    return 0;
}

static void change(struct ct *t, const char *kind)
{
    struct xy_change_row c = {.at = CT_NOW, .kind = kind, .cls = "penalty"};
    assert_int_equal(t->op->change_add(t->st, &c, &t->err), XY_OK);
}

static void test_dest_cursor_backlog(void **state)
{
    struct ct *t = *state;
    struct xy_dest_row d = {.name = "hubei", .url = "http://127.0.0.1:1/api/v1/exchange/inbound", .source = "wuhan",
                            .key = "xy_1_00", .classes = "[]", .enabled = 1, .created_at = CT_NOW};
    int64_t id = 0;
    ct_begin(t);
    assert_int_equal(t->op->dest_add(t->st, &d, &id, &t->err), XY_OK);
    assert_int_equal(t->op->dest_add(t->st, &d, NULL, &t->err), XY_EEXIST);
    change(t, "batch.committed");
    change(t, "record.expired");
    change(t, "record.withdrawn");
    ct_commit(t);
    struct dest_got g = {0};
    assert_int_equal(t->op->dest_list(t->st, "hubei", on_dest, &g, &t->err), XY_OK);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.source, "wuhan");
    assert_int_equal(g.backlog, 3);
    assert_true(g.has_oldest);
    assert_int_equal(t->op->dest_list(t->st, "nosuch", on_dest, &g, &t->err), XY_ENOTFOUND);

    /* Inside the first change (delivered in parts), it still counts; past it, it does not. */
    ct_begin(t);
    assert_int_equal(t->op->dest_ack(t->st, id, 1, 40, CT_NOW, &t->err), XY_OK);
    ct_commit(t);
    memset(&g, 0, sizeof g);
    assert_int_equal(t->op->dest_list(t->st, NULL, on_dest, &g, &t->err), XY_OK);
    assert_int_equal(g.seq, 1);
    assert_int_equal(g.part, 40);
    assert_int_equal(g.backlog, 3);

    ct_begin(t);
    assert_int_equal(t->op->dest_fail(t->st, id, "HTTP 503", CT_NOW, &t->err), XY_OK);
    assert_int_equal(t->op->dest_fail(t->st, id, "refused", CT_NOW, &t->err), XY_OK);
    ct_commit(t);
    memset(&g, 0, sizeof g);
    assert_int_equal(t->op->dest_list(t->st, NULL, on_dest, &g, &t->err), XY_OK);
    assert_int_equal(g.failures, 2);
    assert_string_equal(g.error, "refused");

    /* An acknowledgement clears the failures and moves the cursor. */
    ct_begin(t);
    assert_int_equal(t->op->dest_ack(t->st, id, 2, 0, CT_NOW, &t->err), XY_OK);
    assert_int_equal(t->op->dest_enable(t->st, "hubei", 0, &t->err), XY_OK);
    assert_int_equal(t->op->dest_enable(t->st, "nosuch", 0, &t->err), XY_ENOTFOUND);
    ct_commit(t);
    memset(&g, 0, sizeof g);
    assert_int_equal(t->op->dest_list(t->st, NULL, on_dest, &g, &t->err), XY_OK);
    assert_int_equal(g.failures, 0);
    assert_string_equal(g.error, CT_NULL);
    assert_int_equal(g.backlog, 1);
    assert_int_equal(g.enabled, 0);
}

static void test_source_and_acks(void **state)
{
    struct ct *t = *state;
    int64_t id = 0, id2 = 0, seq = -1, part = -1;
    const int64_t first[2] = {1, 0}, last[2] = {9, 33};
    char *ack = NULL;
    ct_begin(t);
    assert_int_equal(t->op->source_get(t->st, "wuhan", &id, &seq, &part, &t->err), XY_OK);
    assert_true(id > 0);
    assert_int_equal(seq, 0);
    assert_int_equal(part, 0);
    assert_int_equal(t->op->inbound_find(t->st, id, first, last, &ack, &t->err), XY_ENOTFOUND);
    assert_int_equal(t->op->inbound_add(t->st, id, first, last, CT_NOW, "{\"a\":1}", &t->err), XY_OK);
    assert_int_equal(t->op->inbound_add(t->st, id, first, last, CT_NOW, "{\"a\":2}", &t->err), XY_EEXIST);
    assert_int_equal(t->op->source_advance(t->st, id, 9, 33, CT_NOW, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(t->op->inbound_find(t->st, id, first, last, &ack, &t->err), XY_OK);
    assert_string_equal(ack, "{\"a\":1}");
    xy_free(ack);
    ct_begin(t);
    assert_int_equal(t->op->source_get(t->st, "wuhan", &id2, &seq, &part, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(id2, id);
    assert_int_equal(seq, 9);
    assert_int_equal(part, 33);
}

static void test_batch_records_by_range(void **state)
{
    struct ct *t = *state;
    ct_begin(t);
    int64_t dept = ct_dept(t, "11420100MB1234562H", "某局");
    int64_t org = ct_org(t, "91420684MA4927PJ7B", "某公司");
    int64_t b1 = ct_batch(t, dept, "penalty"), b2 = ct_batch(t, dept, "penalty");
    int64_t r1 = ct_record(t, &(struct ct_rec){.dept = dept, .subject = org, .batch = b1, .doc_no = "a", .tag = 1});
    int64_t r2 = ct_record(t, &(struct ct_rec){.dept = dept, .subject = org, .batch = b2, .doc_no = "b", .tag = 2});
    int64_t r3 = ct_record(t, &(struct ct_rec){.dept = dept, .subject = org, .batch = b1, .doc_no = "c", .tag = 3});
    int64_t src = 0, seq = 0, part = 0;
    assert_int_equal(t->op->source_get(t->st, "wuhan", &src, &seq, &part, &t->err), XY_OK);
    assert_int_equal(t->op->record_source_add(t->st, r1, src, 77, &t->err), XY_OK);
    ct_commit(t);
    struct ct_rows rows = {0};
    assert_int_equal(t->op->batch_records(t->st, b1, 0, r3, 10, ct_on_record, &rows, &t->err), XY_OK);
    assert_int_equal(rows.n, 2);
    assert_int_equal(rows.r[0].id, r1);
    assert_int_equal(rows.r[1].id, r3);
    memset(&rows, 0, sizeof rows);
    assert_int_equal(t->op->batch_records(t->st, b1, r1, r3, 10, ct_on_record, &rows, &t->err), XY_OK);
    assert_int_equal(rows.n, 1);
    assert_int_equal(rows.r[0].id, r3);
    memset(&rows, 0, sizeof rows);
    assert_int_equal(t->op->batch_records(t->st, b1, 0, r2, 1, ct_on_record, &rows, &t->err), XY_OK);
    assert_int_equal(rows.n, 1); /* the limit */
    assert_int_equal(rows.r[0].id, r1);
}

static void test_records_scan(void **state)
{
    struct ct *t = *state;
    ct_begin(t);
    int64_t d1 = ct_dept(t, "11420100MB1234562H", "某局"), d2 = ct_dept(t, "11420100MB1514396X", "另一局");
    int64_t org = ct_org(t, "91420684MA4927PJ7B", "某公司");
    int64_t b1 = ct_batch(t, d1, "penalty"), b2 = ct_batch(t, d2, "penalty");
    ct_record(t, &(struct ct_rec){.dept = d1, .subject = org, .batch = b1, .doc_no = "a", .tag = 1,
                                  .decision_date = "2026-01-05"});
    int64_t r2 = ct_record(t, &(struct ct_rec){.dept = d2, .subject = org, .batch = b2, .doc_no = "b", .tag = 2,
                                               .decision_date = "2026-01-10", .status = "withdrawn"});
    int64_t r3 = ct_record(t, &(struct ct_rec){.dept = d1, .subject = org, .batch = b1, .doc_no = "c", .tag = 3,
                                               .decision_date = "2026-01-20"});
    /* a newer version of "a": the old one is no longer current */
    int64_t r4 = ct_record(t, &(struct ct_rec){.dept = d1, .subject = org, .batch = b1, .doc_no = "a", .tag = 4,
                                               .version = 2, .decision_date = "2026-01-05"});
    ct_record(t, &(struct ct_rec){.cls = "license", .dept = d1, .subject = org, .batch = b1, .doc_no = "x", .tag = 5});
    struct xy_record_row up = {.cls = "black_list", .dept_id = d1, .doc_no = "n1", .version = 1, .subject_id = org,
                               .batch_id = b1, .status = "published", .hash = (const uint8_t *)"0123456789abcdef",
                               .fields = "{}", .created_at = CT_NOW, .upper = "national:court"};
    int64_t r6 = 0;
    assert_int_equal(t->op->record_put(t->st, &up, &r6, &t->err), XY_OK);
    int64_t src = 0, seq = 0, part = 0;
    assert_int_equal(t->op->source_get(t->st, "wuhan", &src, &seq, &part, &t->err), XY_OK);
    assert_int_equal(t->op->record_source_add(t->st, r3, src, 9, &t->err), XY_OK);
    ct_commit(t);

    struct ct_rows rows = {0};
    struct xy_record_scan q = {.cls = "penalty"};
    assert_int_equal(t->op->records_scan(t->st, &q, 0, 10, ct_on_record, &rows, &t->err), XY_OK);
    assert_int_equal(rows.n, 3); /* current versions only, by id */
    assert_int_equal(rows.r[0].id, r2);
    assert_int_equal(rows.r[1].id, r3);
    assert_int_equal(rows.r[2].id, r4);
    memset(&rows, 0, sizeof rows);
    assert_int_equal(t->op->records_scan(t->st, &q, r2, 1, ct_on_record, &rows, &t->err), XY_OK);
    assert_int_equal(rows.n, 1); /* after and limit */
    assert_int_equal(rows.r[0].id, r3);

    struct xy_record_scan dated = {.cls = "penalty", .from = "2026-01-06", .to = "2026-01-10"};
    memset(&rows, 0, sizeof rows);
    assert_int_equal(t->op->records_scan(t->st, &dated, 0, 10, ct_on_record, &rows, &t->err), XY_OK);
    assert_int_equal(rows.n, 1);
    assert_int_equal(rows.r[0].id, r2);

    struct xy_record_scan dept = {.cls = "penalty", .dept_uscc = "11420100MB1234562H", .status = "published"};
    memset(&rows, 0, sizeof rows);
    assert_int_equal(t->op->records_scan(t->st, &dept, 0, 10, ct_on_record, &rows, &t->err), XY_OK);
    assert_int_equal(rows.n, 2);
    assert_int_equal(rows.r[0].id, r3);
    assert_int_equal(rows.r[1].id, r4);

    struct xy_record_scan from_src = {.cls = "penalty", .source = "wuhan"};
    memset(&rows, 0, sizeof rows);
    assert_int_equal(t->op->records_scan(t->st, &from_src, 0, 10, ct_on_record, &rows, &t->err), XY_OK);
    assert_int_equal(rows.n, 1);
    assert_int_equal(rows.r[0].id, r3);
    from_src.source = "nosuch";
    memset(&rows, 0, sizeof rows);
    assert_int_equal(t->op->records_scan(t->st, &from_src, 0, 10, ct_on_record, &rows, &t->err), XY_OK);
    assert_int_equal(rows.n, 0);

    /* The list source above is kept and read back, and narrows the scan. */
    struct xy_record_scan upper = {.cls = "black_list", .upper = "national:court"};
    memset(&rows, 0, sizeof rows);
    assert_int_equal(t->op->records_scan(t->st, &upper, 0, 10, ct_on_record, &rows, &t->err), XY_OK);
    assert_int_equal(rows.n, 1);
    assert_int_equal(rows.r[0].id, r6);
    assert_string_equal(rows.r[0].upper, "national:court");
    upper.upper = "national:other";
    memset(&rows, 0, sizeof rows);
    assert_int_equal(t->op->records_scan(t->st, &upper, 0, 10, ct_on_record, &rows, &t->err), XY_OK);
    assert_int_equal(rows.n, 0);
    assert_string_equal(ct_get(t, r4).upper, CT_NULL);
}

struct sealed_got {
    int n;
    char key[32], pub[64];
    size_t key_len, sign_len;
    uint8_t key_sealed[64], sign_sealed[96];
};

static int on_sealed(void *ctx, const struct xy_dest_row *d)
{
    struct sealed_got *g = ctx;
    g->n++;
    ct_cpy(g->key, sizeof g->key, d->key);
    ct_cpy(g->pub, sizeof g->pub, d->sign_pub);
    g->key_len = d->key_sealed ? d->key_sealed_len : 0;
    g->sign_len = d->sign_sealed ? d->sign_sealed_len : 0;
    assert_true(g->key_len <= sizeof g->key_sealed && g->sign_len <= sizeof g->sign_sealed);
    if (g->key_len)
        memcpy(g->key_sealed, d->key_sealed, g->key_len);
    if (g->sign_len)
        memcpy(g->sign_sealed, d->sign_sealed, g->sign_len);
    return 0;
}

/* A destination's keys are kept sealed (the clear key column empty, whatever is passed) with the
 * signing public key; sealed again, the new ones replace them. */
static void test_dest_sealed_keys(void **state)
{
    struct ct *t = *state;
    uint8_t key[48], sign[88], key2[50], sign2[88];
    memset(key, 0x11, sizeof key);
    memset(sign, 0x22, sizeof sign);
    memset(key2, 0x33, sizeof key2);
    memset(sign2, 0x44, sizeof sign2);
    struct xy_dest_row d = {.name = "hubei", .url = "http://127.0.0.1:1/api/v1/exchange/inbound", .source = "wuhan",
                            .key = "xy_1_00", .key_sealed = key, .key_sealed_len = sizeof key, .sign_sealed = sign,
                            .sign_sealed_len = sizeof sign, .sign_pub = "cHViMQ==", .classes = "[]", .enabled = 1,
                            .created_at = CT_NOW};
    struct xy_dest_row bare = {.name = "national", .url = "http://127.0.0.1:1/in", .source = "wuhan",
                               .classes = "[]", .enabled = 1, .created_at = CT_NOW};
    int64_t id = 0, id2 = 0;
    ct_begin(t);
    assert_int_equal(t->op->dest_add(t->st, &d, &id, &t->err), XY_OK);
    assert_int_equal(t->op->dest_add(t->st, &bare, &id2, &t->err), XY_OK);
    ct_commit(t);
    struct sealed_got g = {0};
    assert_int_equal(t->op->dest_list(t->st, "hubei", on_sealed, &g, &t->err), XY_OK);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.key, "");
    assert_string_equal(g.pub, "cHViMQ==");
    assert_int_equal(g.key_len, sizeof key);
    assert_memory_equal(g.key_sealed, key, sizeof key);
    assert_int_equal(g.sign_len, sizeof sign);
    assert_memory_equal(g.sign_sealed, sign, sizeof sign);
    memset(&g, 0, sizeof g);
    assert_int_equal(t->op->dest_list(t->st, "national", on_sealed, &g, &t->err), XY_OK);
    assert_int_equal(g.key_len, 0); /* none given, none read */
    assert_int_equal(g.sign_len, 0);
    assert_string_equal(g.pub, CT_NULL);

    struct xy_dest_row re = {.id = id2, .key_sealed = key2, .key_sealed_len = sizeof key2, .sign_sealed = sign2,
                             .sign_sealed_len = sizeof sign2, .sign_pub = "cHViMg=="};
    ct_begin(t);
    assert_int_equal(t->op->dest_seal(t->st, &re, &t->err), XY_OK);
    ct_commit(t);
    memset(&g, 0, sizeof g);
    assert_int_equal(t->op->dest_list(t->st, "national", on_sealed, &g, &t->err), XY_OK);
    assert_string_equal(g.key, "");
    assert_string_equal(g.pub, "cHViMg==");
    assert_int_equal(g.key_len, sizeof key2);
    assert_memory_equal(g.key_sealed, key2, sizeof key2);
    assert_memory_equal(g.sign_sealed, sign2, sizeof sign2);
    memset(&g, 0, sizeof g);
    assert_int_equal(t->op->dest_list(t->st, "hubei", on_sealed, &g, &t->err), XY_OK);
    assert_string_equal(g.pub, "cHViMQ=="); /* the other one untouched */
}

/* A lower platform's public key registers the platform if new (the same one source_get finds) and
 * is replaced when set again; a nonce noted twice is a replay (XY_EEXIST, the transaction going
 * on), per source, and forgotten once older than the bound given. */
static void test_source_keys_and_nonces(void **state)
{
    struct ct *t = *state;
    char pub[65] = "";
    int64_t id = 0, other = 0, seq = 0, part = 0;
    assert_int_equal(t->op->source_verify_key(t->st, "wuhan", pub, &t->err), XY_ENOTFOUND);
    ct_begin(t);
    assert_int_equal(t->op->source_key_set(t->st, "wuhan", "MCowBQYDK2VwAyEAa2V5MQ==", &t->err), XY_OK);
    assert_int_equal(t->op->source_get(t->st, "wuhan", &id, &seq, &part, &t->err), XY_OK);
    assert_int_equal(t->op->source_get(t->st, "xiaogan", &other, &seq, &part, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(t->op->source_verify_key(t->st, "wuhan", pub, &t->err), XY_OK);
    assert_string_equal(pub, "MCowBQYDK2VwAyEAa2V5MQ==");
    assert_int_equal(t->op->source_verify_key(t->st, "xiaogan", pub, &t->err), XY_ENOTFOUND);
    ct_begin(t);
    assert_int_equal(t->op->source_key_set(t->st, "wuhan", "MCowBQYDK2VwAyEAa2V5Mg==", &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(t->op->source_verify_key(t->st, "wuhan", pub, &t->err), XY_OK);
    assert_string_equal(pub, "MCowBQYDK2VwAyEAa2V5Mg==");
    int64_t again = 0;
    ct_begin(t);
    assert_int_equal(t->op->source_get(t->st, "wuhan", &again, &seq, &part, &t->err), XY_OK);
    ct_commit(t);
    assert_int_equal(again, id);

    ct_begin(t);
    assert_int_equal(t->op->nonce_add(t->st, id, "n1", 1000, 900, &t->err), XY_OK);
    assert_int_equal(t->op->nonce_add(t->st, id, "n1", 1010, 900, &t->err), XY_EEXIST);
    assert_int_equal(t->op->nonce_add(t->st, id, "n2", 1020, 900, &t->err), XY_OK);
    assert_int_equal(t->op->nonce_add(t->st, other, "n1", 1030, 900, &t->err), XY_OK);
    ct_commit(t);
    ct_begin(t);
    assert_int_equal(t->op->nonce_add(t->st, id, "n2", 1100, 1000, &t->err), XY_EEXIST); /* 1020 kept */
    assert_int_equal(t->op->nonce_add(t->st, id, "n1", 1200, 1015, &t->err), XY_OK);     /* 1000 forgotten */
    ct_commit(t);
}

const struct CMUnitTest ct_exchange_tests[] = {
    CT_CASE(test_dest_cursor_backlog),
    CT_CASE(test_source_and_acks),
    CT_CASE(test_batch_records_by_range),
    CT_CASE(test_records_scan),
    CT_CASE(test_dest_sealed_keys),
    CT_CASE(test_source_keys_and_nonces),
};
const size_t ct_exchange_count = CT_COUNT(ct_exchange_tests);
