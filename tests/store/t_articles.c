/* SPDX-License-Identifier: Apache-2.0 */
/* Contract: articles, their attachments and repair-training attempts: an article stored and
 * replaced whole, paging newest first with drafts last and the cursor, filters by kind, state, day
 * and a substring (two Chinese characters, and % or _ as plain characters), attachments numbered in
 * turn and read back byte for byte, certificates by subject and by number, and the coverage count
 * over list entries in force. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "contract.h"

static int64_t put(struct ct *t, int64_t id, const char *kind, const char *title, const char *body, const char *state,
                   const char *date)
{
    struct xy_article_row a = {.id = id, .kind = kind, .title = title, .body = body, .state = state,
                               .publish_date = date, .key_id = 1, .created_at = CT_NOW, .updated_at = CT_NOW};
    int64_t got = 0;
    assert_int_equal(t->op->article_put(t->st, &a, &got, &t->err), XY_OK);
    return got;
}

struct seen {
    int n;
    int64_t ids[16];
    char title[64], state[16], date[16], quiz[64];
    int nfiles;
};

static int on_article(void *ctx, const struct xy_article_row *a)
{
    struct seen *s = ctx;
    if (s->n < 16)
        s->ids[s->n] = a->id;
    s->n++;
    ct_cpy(s->title, sizeof s->title, a->title);
    ct_cpy(s->state, sizeof s->state, a->state);
    ct_cpy(s->date, sizeof s->date, a->publish_date);
    ct_cpy(s->quiz, sizeof s->quiz, a->quiz);
    s->nfiles = a->nfiles;
    return 0;
}

static struct seen page(struct ct *t, const struct xy_article_filter *f, int limit)
{
    struct seen s = {0};
    assert_int_equal(t->op->articles_page(t->st, f, limit, on_article, &s, &t->err), XY_OK);
    return s;
}

static void test_articles(void **state)
{
    struct ct *t = *state;
    ct_begin(t);
    int64_t a = put(t, 0, "policy", "信用修复办法", "正文 100% 完成", "published", "2026-03-01");
    int64_t b = put(t, 0, "news", "合众公司新闻", "动态", "published", "2026-03-02");
    int64_t c = put(t, 0, "news", "草稿", "未发布 a_b", "draft", NULL);
    int64_t d = put(t, 0, "case", "同日案例", "案例", "published", "2026-03-02");
    int64_t e = put(t, 0, "course", "培训课程", "材料", "published", "2026-03-05");
    ct_commit(t);
    assert_true(a > 0 && b > a && c > b && d > c && e > d);

    struct xy_article_filter all = {0};
    struct seen s = page(t, &all, 10);
    assert_int_equal(s.n, 5);
    /* newest first by date, then id; the draft, without a date, last */
    int64_t want[] = {e, d, b, a, c};
    for (int i = 0; i < 5; i++)
        assert_int_equal(s.ids[i], want[i]);
    /* the cursor: after (2026-03-02, d) comes b, then a */
    struct xy_article_filter after = {.before_date = "2026-03-02", .before_id = d};
    s = page(t, &after, 2);
    assert_int_equal(s.n, 2);
    assert_int_equal(s.ids[0], b);
    assert_int_equal(s.ids[1], a);
    /* after the last dated one: the draft */
    struct xy_article_filter tail = {.before_date = "2026-03-01", .before_id = a};
    s = page(t, &tail, 10);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.ids[0], c);

    struct xy_article_filter pub = {.state = "published", .until = "2026-03-02"};
    s = page(t, &pub, 10);
    assert_int_equal(s.n, 3); /* the course's day has not come, the draft is not published */
    struct xy_article_filter news = {.kind = "news"};
    assert_int_equal(page(t, &news, 10).n, 2);
    struct xy_article_filter q = {.q = "合众"};
    s = page(t, &q, 10);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.ids[0], b);
    struct xy_article_filter qbody = {.q = "修复"};
    assert_int_equal(page(t, &qbody, 10).n, 1);
    struct xy_article_filter pct = {.q = "%"};
    s = page(t, &pct, 10);
    assert_int_equal(s.n, 1); /* only the text that holds a % */
    assert_int_equal(s.ids[0], a);
    struct xy_article_filter under = {.q = "_"};
    s = page(t, &under, 10);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.ids[0], c);

    /* replaced whole, created_at kept; an unknown id is not found */
    ct_begin(t);
    struct xy_article_row r = {.id = c, .kind = "news", .title = "改后", .body = "x", .state = "withdrawn",
                               .publish_date = "2026-03-03", .quiz = NULL, .key_id = 2, .updated_at = "2026-03-04T00:00:00Z"};
    assert_int_equal(t->op->article_put(t->st, &r, NULL, &t->err), XY_OK);
    r.id = 9999;
    assert_int_equal(t->op->article_put(t->st, &r, NULL, &t->err), XY_ENOTFOUND);
    ct_commit(t);
    memset(&s, 0, sizeof s);
    assert_int_equal(t->op->article_get(t->st, c, on_article, &s, &t->err), XY_OK);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.title, "改后");
    assert_string_equal(s.state, "withdrawn");
    assert_string_equal(s.date, "2026-03-03");
    assert_string_equal(s.quiz, CT_NULL);
    assert_int_equal(t->op->article_get(t->st, 9999, on_article, &s, &t->err), XY_ENOTFOUND);
}

struct file_seen {
    int n, seq[4];
    char name[64], type[64];
    int64_t size;
    uint8_t data[16];
    int has_data;
};

static int on_file(void *ctx, const struct xy_file_row *f)
{
    struct file_seen *s = ctx;
    if (s->n < 4)
        s->seq[s->n] = f->seq;
    s->n++;
    ct_cpy(s->name, sizeof s->name, f->name);
    ct_cpy(s->type, sizeof s->type, f->media_type);
    s->size = f->size;
    s->has_data = f->data != NULL;
    if (f->data && f->size <= 16)
        memcpy(s->data, f->data, (size_t)f->size);
    return 0;
}

static void test_attachments(void **state)
{
    struct ct *t = *state;
    static const uint8_t one[] = "%PDF-1 a", two[] = "PK\x03\x04 b";
    uint8_t h[32] = {1};
    ct_begin(t);
    int64_t a = put(t, 0, "policy", "办法", "正文", "published", "2026-03-01");
    int64_t b = put(t, 0, "policy", "另一篇", "正文", "published", "2026-03-01");
    int seq = 0;
    struct xy_file_row f = {.name = "全文.pdf", .media_type = "application/pdf", .size = 8, .sha256 = h, .data = one};
    assert_int_equal(t->op->article_file_add(t->st, a, &f, &seq, &t->err), XY_OK);
    assert_int_equal(seq, 1);
    f = (struct xy_file_row){.name = "表.xlsx", .media_type = "x", .size = 6, .sha256 = h, .data = two};
    assert_int_equal(t->op->article_file_add(t->st, a, &f, &seq, &t->err), XY_OK);
    assert_int_equal(seq, 2);
    assert_int_equal(t->op->article_file_add(t->st, b, &f, &seq, &t->err), XY_OK);
    assert_int_equal(seq, 1); /* numbered per article */
    ct_commit(t);
    struct file_seen s = {0};
    assert_int_equal(t->op->article_files(t->st, a, 0, on_file, &s, &t->err), XY_OK);
    assert_int_equal(s.n, 2);
    assert_int_equal(s.seq[0], 1);
    assert_int_equal(s.seq[1], 2);
    assert_false(s.has_data); /* a listing carries no bytes */
    memset(&s, 0, sizeof s);
    assert_int_equal(t->op->article_files(t->st, a, 1, on_file, &s, &t->err), XY_OK);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.name, "全文.pdf");
    assert_int_equal(s.size, 8);
    assert_memory_equal(s.data, one, 8);
    assert_int_equal(t->op->article_files(t->st, a, 3, on_file, &s, &t->err), XY_ENOTFOUND);
    struct seen art = {0};
    assert_int_equal(t->op->article_get(t->st, a, on_article, &art, &t->err), XY_OK);
    assert_int_equal(art.nfiles, 2);
}

struct cert_seen {
    int n;
    char no[32], course[64], name[64], kind[16];
    int score, total;
};

static int on_cert(void *ctx, const struct xy_training_row *r)
{
    struct cert_seen *s = ctx;
    if (s->n++ == 0) {
        ct_cpy(s->no, sizeof s->no, r->cert_no);
        ct_cpy(s->course, sizeof s->course, r->course_title);
        ct_cpy(s->name, sizeof s->name, r->subject_name);
        ct_cpy(s->kind, sizeof s->kind, r->subject_kind);
        s->score = r->score;
        s->total = r->total;
    }
    return 0;
}

static void test_training(void **state)
{
    struct ct *t = *state;
    ct_begin(t);
    int64_t dept = ct_dept(t, "11420100MB1234562H", "某局");
    int64_t o1 = ct_org(t, "91420684MA4927PJ7B", "甲公司");
    int64_t o2 = ct_org(t, "91110000600037341L", "乙公司");
    int64_t o3 = ct_org(t, "91420100MA4K2X7C6G", "丙公司");
    int64_t batch = ct_batch(t, dept, "black_list");
    ct_record(t, &(struct ct_rec){.cls = "black_list", .dept = dept, .subject = o1, .batch = batch, .doc_no = "黑1", .tag = 1});
    ct_record(t, &(struct ct_rec){.cls = "black_list", .dept = dept, .subject = o2, .batch = batch, .doc_no = "黑2", .tag = 2});
    ct_record(t, &(struct ct_rec){.cls = "black_list", .dept = dept, .subject = o2, .batch = batch, .doc_no = "黑3", .tag = 3});
    /* a repaired entry is not in force; a penalty is not a list */
    ct_record(t, &(struct ct_rec){.cls = "black_list", .dept = dept, .subject = o3, .batch = batch, .doc_no = "黑4",
                                  .status = "repaired", .tag = 4});
    ct_record(t, &(struct ct_rec){.cls = "penalty", .dept = dept, .subject = o3, .batch = batch, .doc_no = "罚1", .tag = 5});
    int64_t course = put(t, 0, "course", "修复培训", "材料", "published", "2026-03-01");
    int64_t id = 0;
    struct xy_training_row fail = {.course_id = course, .subject_id = o1, .key_id = 5, .at = CT_NOW, .score = 1,
                                   .total = 3, .passed = 0};
    assert_int_equal(t->op->training_add(t->st, &fail, &id, &t->err), XY_OK);
    assert_true(id > 0);
    struct xy_training_row pass = fail;
    pass.score = 3;
    pass.passed = 1;
    pass.cert_no = "XF20260302-0A0B0C0D";
    assert_int_equal(t->op->training_add(t->st, &pass, &id, &t->err), XY_OK);
    pass.subject_id = o3;
    assert_int_equal(t->op->training_add(t->st, &pass, &id, &t->err), XY_EEXIST); /* a number taken */
    pass.cert_no = "XF20260302-0A0B0C0E";
    assert_int_equal(t->op->training_add(t->st, &pass, &id, &t->err), XY_OK);
    ct_commit(t);

    struct cert_seen s = {0};
    assert_int_equal(t->op->training_certs(t->st, o1, NULL, on_cert, &s, &t->err), XY_OK);
    assert_int_equal(s.n, 1); /* the failed attempt is no certificate */
    assert_string_equal(s.no, "XF20260302-0A0B0C0D");
    assert_string_equal(s.course, "修复培训");
    assert_string_equal(s.name, "甲公司");
    assert_int_equal(s.score, 3);
    memset(&s, 0, sizeof s);
    assert_int_equal(t->op->training_certs(t->st, 0, "XF20260302-0A0B0C0E", on_cert, &s, &t->err), XY_OK);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.name, "丙公司");
    memset(&s, 0, sizeof s);
    assert_int_equal(t->op->training_certs(t->st, o2, NULL, on_cert, &s, &t->err), XY_OK);
    assert_int_equal(s.n, 0);
    assert_int_equal(t->op->training_certs(t->st, 0, "XF-none", on_cert, &s, &t->err), XY_OK);
    assert_int_equal(s.n, 0);

    /* listed: o1 and o2 (o2 counted once for two entries); o3's entry is repaired. trained: o1. */
    int64_t listed = -1, trained = -1;
    assert_int_equal(t->op->training_coverage(t->st, ct_lists(), &listed, &trained, &t->err), XY_OK);
    assert_int_equal(listed, 2);
    assert_int_equal(trained, 1);
}

const struct CMUnitTest ct_articles_tests[] = {
    CT_CASE(test_articles),
    CT_CASE(test_attachments),
    CT_CASE(test_training),
};
const size_t ct_articles_count = CT_COUNT(ct_articles_tests);
