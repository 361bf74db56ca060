/* SPDX-License-Identifier: Apache-2.0 */
/* Contract: subjects (resolve, the name history, get by each key, the public reference) and search. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contract.h"

#define USCC_A "91420684MA4927PJ7B"
#define USCC_B "91440300708461136T"
#define USCC_C "91420100177570439D"
#define REGNO "420106600123456"

struct subjects {
    int n, stop_at;
    struct {
        int64_t id;
        double rank;
        char kind[24], name[96], uscc[32], regno[32], opaque[32], id_masked[32], created[32], updated[32];
        uint8_t sealed[64];
        size_t sealed_len;
    } s[16];
};

static int on_subject(void *ctx, const struct xy_subject_row *s)
{
    struct subjects *l = ctx;
    assert_true(l->n < 16);
    l->s[l->n].id = s->id;
    l->s[l->n].rank = s->rank;
    ct_cpy(l->s[l->n].kind, sizeof l->s[0].kind, s->kind);
    ct_cpy(l->s[l->n].name, sizeof l->s[0].name, s->name);
    ct_cpy(l->s[l->n].uscc, sizeof l->s[0].uscc, s->uscc);
    ct_cpy(l->s[l->n].regno, sizeof l->s[0].regno, s->regno);
    ct_cpy(l->s[l->n].opaque, sizeof l->s[0].opaque, s->opaque);
    ct_cpy(l->s[l->n].id_masked, sizeof l->s[0].id_masked, s->id_masked);
    ct_cpy(l->s[l->n].created, sizeof l->s[0].created, s->created_at);
    ct_cpy(l->s[l->n].updated, sizeof l->s[0].updated, s->updated_at);
    l->s[l->n].sealed_len = 0;
    if (s->id_sealed && s->id_sealed_len <= sizeof l->s[0].sealed) {
        memcpy(l->s[l->n].sealed, s->id_sealed, s->id_sealed_len);
        l->s[l->n].sealed_len = s->id_sealed_len;
    }
    l->n++;
    return l->stop_at && l->n >= l->stop_at;
}

static int resolve(struct ct *t, const struct xy_subject_key *key, const char *name, const char *as_of,
                   const char *now, int64_t *id)
{
    int differs = -1;
    assert_int_equal(t->op->subject_resolve(t->st, key, name, as_of, now, id, &differs, &t->err), XY_OK);
    assert_true(*id > 0);
    assert_true(differs == 0 || differs == 1);
    return differs;
}

/* The first resolve creates the subject, the next ones find it, for each kind of key. */
static void test_resolve_creates_then_finds(void **state)
{
    struct ct *t = *state;
    uint8_t hash[32], sealed[40];
    memset(hash, 7, sizeof hash);
    memset(sealed, 8, sizeof sealed);
    struct xy_subject_key org = {.kind = "org", .uscc = USCC_A};
    struct xy_subject_key org2 = {.kind = "org", .uscc = USCC_B};
    struct xy_subject_key biz = {.kind = "individual_business", .regno = REGNO};
    struct xy_subject_key person = {.kind = "person", .id_hash = hash, .id_sealed = sealed,
                                    .id_sealed_len = sizeof sealed, .id_masked = "3604**********0071"};
    int64_t a = 0, a2 = 0, b = 0, c = 0, c2 = 0, p = 0, p2 = 0;
    ct_begin(t);
    assert_int_equal(resolve(t, &org, "华为技术有限公司", "2026-01-01", CT_NOW, &a), 0);
    assert_int_equal(resolve(t, &org, "华为技术有限公司", "2026-01-05", CT_NOW, &a2), 0);
    assert_int_equal(resolve(t, &org2, "腾讯科技有限公司", "2026-01-01", CT_NOW, &b), 0);
    assert_int_equal(resolve(t, &biz, "张三小吃店", "2026-01-01", CT_NOW, &c), 0);
    assert_int_equal(resolve(t, &person, "李四", "2026-01-01", CT_NOW, &p), 0);
    ct_commit(t);
    ct_begin(t); /* and in a later transaction */
    assert_int_equal(resolve(t, &biz, "张三小吃店", "2026-01-01", CT_NOW, &c2), 0);
    assert_int_equal(resolve(t, &person, "李四", "2026-01-01", CT_NOW, &p2), 0);
    ct_commit(t);
    assert_int_equal(a2, a);
    assert_int_equal(c2, c);
    assert_int_equal(p2, p);
    assert_true(a != b && a != c && a != p && b != c && b != p && c != p);
}

/* subject_get by code, by ID hash and by the public reference, each giving the whole row. */
static void test_subject_get_each_key(void **state)
{
    struct ct *t = *state;
    uint8_t hash[32], sealed[40];
    char ref[24] = "";
    memset(hash, 9, sizeof hash);
    memset(sealed, 9, sizeof sealed);
    ct_begin(t);
    int64_t org = ct_org(t, USCC_A, "华为技术有限公司");
    int64_t person = ct_person(t, 9, "李四");
    struct xy_subject_key biz = {.kind = "individual_business", .regno = REGNO};
    int64_t shop = 0;
    resolve(t, &biz, "张三小吃店", "2026-01-01", CT_NOW, &shop);
    ct_commit(t);

    struct subjects l = {0};
    assert_int_equal(t->op->subject_get(t->st, USCC_A, NULL, NULL, on_subject, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.s[0].id, org);
    assert_string_equal(l.s[0].kind, "org");
    assert_string_equal(l.s[0].name, "华为技术有限公司");
    assert_string_equal(l.s[0].uscc, USCC_A);
    assert_string_equal(l.s[0].regno, CT_NULL);
    assert_string_equal(l.s[0].created, CT_NOW);
    assert_string_equal(l.s[0].updated, CT_NOW);
    assert_true(strlen(l.s[0].opaque) > 0 && strcmp(l.s[0].opaque, CT_NULL) != 0);
    assert_int_equal(t->op->subject_ref(t->st, org, ref, &t->err), XY_OK);
    assert_string_equal(ref, l.s[0].opaque);

    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->subject_get(t->st, NULL, NULL, ref, on_subject, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.s[0].id, org);
    assert_string_equal(l.s[0].uscc, USCC_A);

    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->subject_get(t->st, NULL, hash, NULL, on_subject, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.s[0].id, person);
    assert_string_equal(l.s[0].kind, "person");
    assert_string_equal(l.s[0].name, "李四");
    assert_string_equal(l.s[0].uscc, CT_NULL);
    assert_string_equal(l.s[0].id_masked, "3604**********0071");
    assert_int_equal(l.s[0].sealed_len, sizeof sealed);
    assert_memory_equal(l.s[0].sealed, sealed, sizeof sealed);
    char pref[24] = "";
    assert_int_equal(t->op->subject_ref(t->st, person, pref, &t->err), XY_OK);
    assert_string_equal(pref, l.s[0].opaque);
    assert_string_not_equal(pref, ref);

    char sref[24] = "";
    assert_int_equal(t->op->subject_ref(t->st, shop, sref, &t->err), XY_OK);
    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->subject_get(t->st, NULL, NULL, sref, on_subject, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.s[0].id, shop);
    assert_string_equal(l.s[0].kind, "individual_business");
    assert_string_equal(l.s[0].regno, REGNO);
    assert_string_equal(l.s[0].uscc, CT_NULL);
}

static void test_subject_unknown(void **state)
{
    struct ct *t = *state;
    uint8_t hash[32];
    char ref[24];
    memset(hash, 1, sizeof hash);
    ct_begin(t);
    int64_t org = ct_org(t, USCC_A, "华为技术有限公司");
    ct_commit(t);
    struct subjects l = {0};
    assert_int_equal(t->op->subject_get(t->st, USCC_B, NULL, NULL, on_subject, &l, &t->err), XY_ENOTFOUND);
    assert_int_equal(t->op->subject_get(t->st, NULL, hash, NULL, on_subject, &l, &t->err), XY_ENOTFOUND);
    assert_int_equal(t->op->subject_get(t->st, NULL, NULL, "p0000000000000000", on_subject, &l, &t->err),
                     XY_ENOTFOUND);
    assert_int_equal(l.n, 0);
    assert_int_equal(t->op->subject_ref(t->st, org + 1000, ref, &t->err), XY_ENOTFOUND);
}

struct names {
    int n;
    char name[8][96], first[8][32], last[8][32];
};

static int on_name(void *ctx, const struct xy_subject_row *s)
{
    struct names *l = ctx;
    assert_true(l->n < 8);
    ct_cpy(l->name[l->n], sizeof l->name[0], s->name);
    ct_cpy(l->first[l->n], sizeof l->first[0], s->created_at);
    ct_cpy(l->last[l->n], sizeof l->last[0], s->updated_at);
    l->n++;
    return 0;
}

static void current_name(struct ct *t, const char *uscc, const char *want, const char *updated)
{
    struct subjects l = {0};
    assert_int_equal(t->op->subject_get(t->st, uscc, NULL, NULL, on_subject, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.s[0].name, want);
    if (updated)
        assert_string_equal(l.s[0].updated, updated);
}

/* A name on a record at least as recent as the last one becomes current, the old one goes to the
 * history; a name on an older record goes to the history only. Either way name_differs says so.
 * subject_names gives the earlier names (not the current one), oldest first. */
static void test_name_history(void **state)
{
    struct ct *t = *state;
    struct xy_subject_key key = {.kind = "org", .uscc = USCC_A};
    int64_t id = 0, same = 0;
    ct_begin(t);
    assert_int_equal(resolve(t, &key, "武汉甲公司", "2024-05-01", "2026-03-01T00:00:00Z", &id), 0);
    ct_commit(t);

    ct_begin(t); /* a newer record under a new name: a rename */
    assert_int_equal(resolve(t, &key, "武汉乙公司", "2025-02-01", "2026-03-02T00:00:00Z", &same), 1);
    ct_commit(t);
    assert_int_equal(same, id);
    current_name(t, USCC_A, "武汉乙公司", "2026-03-02T00:00:00Z");

    ct_begin(t); /* an older record under yet another name: history only */
    assert_int_equal(resolve(t, &key, "武汉丙公司", "2023-01-01", "2026-03-03T00:00:00Z", &same), 1);
    ct_commit(t);
    assert_int_equal(same, id);
    current_name(t, USCC_A, "武汉乙公司", "2026-03-02T00:00:00Z");

    ct_begin(t); /* a record of the same day as the last one: as recent, so a rename */
    assert_int_equal(resolve(t, &key, "武汉丁公司", "2025-02-01", "2026-03-04T00:00:00Z", &same), 1);
    ct_commit(t);
    current_name(t, USCC_A, "武汉丁公司", "2026-03-04T00:00:00Z");

    ct_begin(t); /* the current name again, from an old record: nothing differs */
    assert_int_equal(resolve(t, &key, "武汉丁公司", "2020-01-01", "2026-03-05T00:00:00Z", &same), 0);
    ct_commit(t);
    current_name(t, USCC_A, "武汉丁公司", "2026-03-04T00:00:00Z");

    struct names n = {0};
    assert_int_equal(t->op->subject_names(t->st, id, on_name, &n, &t->err), XY_OK);
    assert_int_equal(n.n, 3);
    assert_string_equal(n.name[0], "武汉丙公司");
    assert_string_equal(n.name[1], "武汉甲公司");
    assert_string_equal(n.name[2], "武汉乙公司");

    /* Another subject's history is its own. */
    memset(&n, 0, sizeof n);
    ct_begin(t);
    int64_t other = ct_org(t, USCC_B, "腾讯科技有限公司");
    ct_commit(t);
    assert_int_equal(t->op->subject_names(t->st, other, on_name, &n, &t->err), XY_OK);
    assert_int_equal(n.n, 0);
}

static void search(struct ct *t, const char *q, int offset, int limit, int no_persons, struct subjects *l)
{
    memset(l, 0, sizeof *l);
    assert_int_equal(t->op->search(t->st, q, offset, limit, no_persons, on_subject, l, &t->err), XY_OK);
}

/* Any part of a name, two characters or more: a match at the start of a name first, then shorter
 * names; offset and limit page over the hits; no_persons leaves natural persons out. */
static void test_search_names(void **state)
{
    struct ct *t = *state;
    struct subjects l;
    ct_begin(t);
    int64_t a = ct_org(t, USCC_A, "华为技术有限公司");
    int64_t b = ct_org(t, USCC_B, "深圳华为投资控股有限公司");
    int64_t c = ct_org(t, USCC_C, "华为");
    int64_t p = ct_person(t, 3, "华为人");
    ct_org(t, "91420100MA4K2XYZ1A", "武汉钢铁有限公司");
    ct_commit(t);

    search(t, "华为", 0, 10, 0, &l);
    assert_int_equal(l.n, 4);
    assert_int_equal(l.s[0].id, c);
    assert_int_equal(l.s[1].id, p);
    assert_int_equal(l.s[2].id, a);
    assert_int_equal(l.s[3].id, b);
    for (int i = 1; i < l.n; i++)
        assert_true(l.s[i].rank >= l.s[i - 1].rank);
    assert_true(l.s[3].rank > l.s[0].rank); /* a match further in ranks lower */
    assert_string_equal(l.s[2].name, "华为技术有限公司");
    assert_string_equal(l.s[2].uscc, USCC_A);

    search(t, "华为", 0, 10, 1, &l);
    assert_int_equal(l.n, 3);
    assert_int_equal(l.s[0].id, c);
    assert_int_equal(l.s[1].id, a);
    assert_int_equal(l.s[2].id, b);

    search(t, "华为", 1, 2, 0, &l);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.s[0].id, p);
    assert_int_equal(l.s[1].id, a);
    search(t, "华为", 1, 2, 1, &l); /* the offset counts hits left after no_persons */
    assert_int_equal(l.n, 2);
    assert_int_equal(l.s[0].id, a);
    assert_int_equal(l.s[1].id, b);
    search(t, "华为", 2, 10, 1, &l);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.s[0].id, b);
    search(t, "华为", 4, 10, 0, &l);
    assert_int_equal(l.n, 0);
    search(t, "华为", 0, 0, 0, &l);
    assert_int_equal(l.n, 0);

    search(t, "为技术", 0, 10, 0, &l); /* three characters: the whole query in place */
    assert_int_equal(l.n, 1);
    assert_int_equal(l.s[0].id, a);
    search(t, "华投", 0, 10, 0, &l); /* both bigrams' characters, not next to each other */
    assert_int_equal(l.n, 0);
    search(t, "汉钢", 0, 10, 0, &l);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.s[0].name, "武汉钢铁有限公司");
    search(t, "不存在", 0, 10, 0, &l);
    assert_int_equal(l.n, 0);

    l.stop_at = 1; /* a callback that asks to stop is not called again */
    l.n = 0;
    assert_int_equal(t->op->search(t->st, "华为", 0, 10, 0, on_subject, &l, &t->err), XY_OK);
    assert_int_equal(l.n, 1);

    memset(&l, 0, sizeof l);
    assert_int_equal(t->op->search(t->st, "华", 0, 10, 0, on_subject, &l, &t->err), XY_EINVAL);
    assert_int_equal(l.n, 0);
}

/* Names are folded: ASCII case, full-width ASCII and spaces do not matter. */
static void test_search_folding(void **state)
{
    struct ct *t = *state;
    struct subjects l;
    ct_begin(t);
    int64_t a = ct_org(t, USCC_A, "Huawei Technologies 武汉");
    ct_commit(t);
    search(t, "huawei", 0, 10, 0, &l);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.s[0].id, a);
    search(t, "ｈｕａｗｅｉ", 0, 10, 0, &l);
    assert_int_equal(l.n, 1);
    search(t, "weitech", 0, 10, 0, &l);
    assert_int_equal(l.n, 1);
    search(t, "gies武汉", 0, 10, 0, &l);
    assert_int_equal(l.n, 1);
}

/* Codes: a whole USCC, its leading part (by code), or the organisation code inside it. */
static void test_search_codes(void **state)
{
    struct ct *t = *state;
    struct subjects l;
    ct_begin(t);
    int64_t a = ct_org(t, USCC_A, "甲公司");
    int64_t b = ct_org(t, USCC_B, "乙公司");
    int64_t c = ct_org(t, USCC_C, "丙公司");
    ct_person(t, 4, "丁某");
    ct_commit(t);
    search(t, USCC_B, 0, 10, 0, &l);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.s[0].id, b);
    search(t, "9142", 0, 10, 0, &l);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.s[0].id, c); /* 91420100... before 91420684... */
    assert_int_equal(l.s[1].id, a);
    search(t, "9142", 1, 10, 0, &l);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.s[0].id, a);
    search(t, "9142", 0, 1, 0, &l);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.s[0].id, c);
    search(t, "MA4927PJ7", 0, 10, 0, &l); /* positions 9-17 of USCC_A */
    assert_int_equal(l.n, 1);
    assert_int_equal(l.s[0].id, a);
    search(t, "9143", 0, 10, 0, &l);
    assert_int_equal(l.n, 0);
}

/* After a rename the new name is found and the former one is not (it stays in the history). */
static void test_search_after_rename(void **state)
{
    struct ct *t = *state;
    struct xy_subject_key key = {.kind = "org", .uscc = USCC_A};
    struct subjects l;
    int64_t id = 0;
    ct_begin(t);
    resolve(t, &key, "长江星辰公司", "2024-01-01", CT_NOW, &id);
    ct_commit(t);
    search(t, "星辰", 0, 10, 0, &l);
    assert_int_equal(l.n, 1);
    ct_begin(t);
    assert_int_equal(resolve(t, &key, "黄河明月公司", "2025-01-01", CT_NOW, &id), 1);
    ct_commit(t);
    search(t, "星辰", 0, 10, 0, &l);
    assert_int_equal(l.n, 0);
    search(t, "明月", 0, 10, 0, &l);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.s[0].id, id);
    assert_string_equal(l.s[0].name, "黄河明月公司");
    search(t, "公司", 0, 10, 0, &l); /* the bigram both names had: one hit, not two */
    assert_int_equal(l.n, 1);
}

/* Everything a search answers, in order: ids and ranks. */
struct hits {
    size_t n, cap;
    int64_t *id;
    double *rank;
};

static int on_hit(void *ctx, const struct xy_subject_row *s)
{
    struct hits *h = ctx;
    if (h->n == h->cap) {
        h->cap = h->cap ? h->cap * 2 : 64;
        h->id = realloc(h->id, h->cap * sizeof *h->id);
        h->rank = realloc(h->rank, h->cap * sizeof *h->rank);
        assert_non_null(h->id);
        assert_non_null(h->rank);
    }
    h->id[h->n] = s->id;
    h->rank[h->n] = s->rank;
    h->n++;
    return 0;
}

#define BULK_SUBJECTS 160

/* The i-th name of the bulk case: 2 to 9 characters from a few, so that names share bigrams and
 * repeat them at several places; the 3 in `round` gives a subject its later name. */
static void bulk_name(int i, int round, char *out, size_t size)
{
    static const char *const pool[] = {"武", "汉", "市", "科", "技", "有", "限", "公", "司", "贸"};
    unsigned x = (unsigned)(i * 2654435761u + (unsigned)round * 40503u);
    int len = 2 + (int)(x % 8);
    size_t at = 0;
    out[0] = '\0';
    for (int k = 0; k < len; k++) {
        x = x * 1103515245u + 12345u;
        at += (size_t)snprintf(out + at, size - at, "%s", pool[(x >> 16) % 10]);
    }
}

/* Runs the bulk case's resolves on st: every subject created, every fifth renamed afterwards; with
 * per_row, each resolve in a transaction of its own, otherwise all in one (the renames then flush
 * the queued entries in the middle of it). */
static void bulk_build(struct xy_store *st, int per_row)
{
    struct xy_error err = {0};
    if (!per_row)
        assert_int_equal(st->ops->begin(st, &err), XY_OK);
    for (int round = 0; round < 2; round++) {
        for (int i = 0; i < BULK_SUBJECTS; i++) {
            if (round == 1 && i % 5)
                continue;
            char uscc[32], name[64];
            snprintf(uscc, sizeof uscc, "91420100MA%07dX", i);
            bulk_name(i, round ? 3 : 0, name, sizeof name);
            struct xy_subject_key key = {.kind = "org", .uscc = uscc};
            int64_t id = 0;
            int differs = 0;
            if (per_row)
                assert_int_equal(st->ops->begin(st, &err), XY_OK);
            assert_int_equal(st->ops->subject_resolve(st, &key, name, round ? "2026-02-01" : "2026-01-01", CT_NOW, &id,
                                                      &differs, &err),
                             XY_OK);
            if (per_row)
                assert_int_equal(st->ops->commit(st, &err), XY_OK);
        }
    }
    if (!per_row)
        assert_int_equal(st->ops->commit(st, &err), XY_OK);
}

/* The name index written in bulk (a whole batch's entries sorted and written at its commit) answers
 * every search exactly as the one written a subject at a time: each 2- to 4-character piece of every
 * name, present and former, finds the same subjects in the same order with the same ranks. */
static void test_search_bulk_same_as_per_row(void **state)
{
    struct ct *t = *state;
    struct xy_store *other = NULL;
    char where[512];
    assert_int_equal(t->be->open(where, sizeof where, &other, &t->err), XY_OK);
    bulk_build(t->st, 0);
    bulk_build(other, 1);
    long queries = 0;
    for (int i = 0; i < BULK_SUBJECTS; i++) {
        for (int round = 0; round < 2; round++) {
            if (round == 1 && i % 5)
                continue;
            int present = round == 1 || i % 5;
            char name[64];
            bulk_name(i, round ? 3 : 0, name, sizeof name);
            size_t n = strlen(name), step[16], nc = 0;
            for (size_t at = 0; at < n; at += (unsigned char)name[at] < 0x80 ? 1 : 3)
                step[nc++] = at;
            step[nc] = n;
            for (size_t a = 0; a < nc; a++) {
                for (size_t len = 2; len <= 4 && a + len <= nc; len++) {
                    char q[32];
                    snprintf(q, sizeof q, "%.*s", (int)(step[a + len] - step[a]), name + step[a]);
                    struct hits x = {0}, y = {0};
                    assert_int_equal(t->op->search(t->st, q, 0, 1000, 0, on_hit, &x, &t->err), XY_OK);
                    assert_int_equal(other->ops->search(other, q, 0, 1000, 0, on_hit, &y, &t->err), XY_OK);
                    assert_int_equal(x.n, y.n);
                    for (size_t k = 0; k < x.n; k++) {
                        assert_int_equal(x.id[k], y.id[k]);
                        assert_true(x.rank[k] == y.rank[k]);
                    }
                    if (present)
                        assert_true(x.n > 0);
                    queries++;
                    free(x.id), free(x.rank), free(y.id), free(y.rank);
                }
            }
        }
    }
    xy_store_close(other);
    t->be->drop(where);
    assert_true(queries > 1000);
}

const struct CMUnitTest ct_subjects_tests[] = {
    CT_CASE(test_resolve_creates_then_finds), CT_CASE(test_subject_get_each_key), CT_CASE(test_subject_unknown),
    CT_CASE(test_name_history),               CT_CASE(test_search_names),         CT_CASE(test_search_folding),
    CT_CASE(test_search_codes),               CT_CASE(test_search_after_rename),  CT_CASE(test_search_bulk_same_as_per_row),
};
const size_t ct_subjects_count = CT_COUNT(ct_subjects_tests);
