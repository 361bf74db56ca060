/* SPDX-License-Identifier: Apache-2.0 */
/* PostgreSQL back end: articles, their attachments, and repair-training attempts (store.h, article_*,
 * training_*), as store_sqlite_article.c. The text search is a LIKE over the small article table (a
 * city publishes a few thousand articles at most), as in SQLite. */
#include <stdio.h>
#include <string.h>

#include "store/pg/store_pg_int.h"

enum {
    S_INSERT = 304,
    S_UPDATE,
    S_GET,
    S_PAGE,
    S_LOCK,
    S_FILE_ADD,
    S_FILE_ONE,
    S_FILE_LIST,
    S_TRAIN_ADD,
    S_TRAIN_CERTS,
    S_COVERAGE,
    S__END
};
_Static_assert(S__END <= XY_PG_STMTS, "store_pg_article.c statements use ids 304..319");

#define ART_COLS                                                                                   \
    "a.id, a.kind, a.title, a.summary, a.body, a.state, a.publish_date, a.quiz, a.key_id, "         \
    "a.created_at, a.updated_at, (SELECT count(*) FROM article_file f WHERE f.article_id = a.id)"

static const char *const stmt_sql[S__END] = {
    [S_INSERT] = "INSERT INTO article(kind, title, summary, body, state, publish_date, quiz, key_id, created_at, "
                 "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    [S_UPDATE] = "UPDATE article SET kind = $1, title = $2, summary = $3, body = $4, state = $5, publish_date = $6, "
                 "quiz = $7, key_id = $8, updated_at = $9 WHERE id = $10",
    [S_GET] = "SELECT " ART_COLS " FROM article a WHERE a.id = $1",
    /* Drafts have no publish date: COALESCE puts them after every dated article ('' sorts first
     * backwards); the cursor compares the same expression. */
    [S_PAGE] = "SELECT " ART_COLS " FROM article a WHERE ($1::text IS NULL OR a.kind = $1) "
               "AND ($2::text IS NULL OR a.state = $2) AND ($3::text IS NULL OR a.publish_date <= $3) "
               "AND ($4::text IS NULL OR a.title LIKE $4 ESCAPE '\\' OR a.summary LIKE $4 ESCAPE '\\' "
               "OR a.body LIKE $4 ESCAPE '\\') "
               "AND ($6::bigint = 0 OR COALESCE(a.publish_date, '') < $5 "
               "OR (COALESCE(a.publish_date, '') = $5 AND a.id < $6)) "
               "ORDER BY COALESCE(a.publish_date, '') DESC, a.id DESC LIMIT $7",
    /* An attachment is numbered max + 1: the article row is locked first, so that two writers take
     * turns (SQLite's single writer did that). */
    [S_LOCK] = "SELECT id FROM article WHERE id = $1 FOR UPDATE",
    [S_FILE_ADD] = "INSERT INTO article_file(article_id, seq, name, media_type, size, sha256, data) "
                   "SELECT $1, COALESCE(max(seq), 0) + 1, $2, $3, $4, $5, $6 FROM article_file WHERE article_id = $1 "
                   "RETURNING seq",
    [S_FILE_ONE] = "SELECT seq, name, media_type, size, sha256, data FROM article_file WHERE article_id = $1 "
                   "AND seq = $2",
    [S_FILE_LIST] = "SELECT seq, name, media_type, size, sha256 FROM article_file WHERE article_id = $1 ORDER BY seq",
    [S_TRAIN_ADD] = "INSERT INTO training_attempt(course_id, subject_id, at, score, total, passed, cert_no, key_id) "
                    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING id",
    [S_TRAIN_CERTS] = "SELECT t.id, t.course_id, t.subject_id, t.key_id, t.at, t.score, t.total, t.passed, t.cert_no, "
                      "a.title, s.name, s.opaque, s.kind FROM training_attempt t JOIN article a ON a.id = t.course_id "
                      "JOIN subject s ON s.id = t.subject_id WHERE t.passed = 1 "
                      "AND ($1::bigint = 0 OR t.subject_id = $1) AND ($2::text IS NULL OR t.cert_no = $2) "
                      "ORDER BY t.at DESC, t.id DESC LIMIT 1000",
    /* A sum of CASE, not count(*) FILTER: the spelling every PostgreSQL-derived engine has. */
    [S_COVERAGE] = "SELECT count(*), COALESCE(sum(CASE WHEN EXISTS (SELECT 1 FROM training_attempt t "
                   "WHERE t.subject_id = l.subject_id AND t.passed = 1) THEN 1 ELSE 0 END), 0) "
                   "FROM (SELECT DISTINCT subject_id FROM record WHERE is_current = 1 "
                   "AND class IN ($1, $2, $3, $4, $5, $6, $7, $8) AND status IN ($9, $10)) l",
};

static PGresult *run(struct xy_store *st, int id, const struct pg_args *a, struct xy_error *err, const char *what)
{
    return xy_pg_run(xy_pg_of(st), id, stmt_sql[id], a, err, what);
}

static int each_article(PGresult *res, xy_article_cb cb, void *ctx)
{
    int n = PQntuples(res);
    for (int i = 0; i < n; i++) {
        struct xy_article_row a = {
            .id = xy_pg_i64(res, i, 0),
            .kind = xy_pg_str(res, i, 1),
            .title = xy_pg_str(res, i, 2),
            .summary = xy_pg_str(res, i, 3),
            .body = xy_pg_str(res, i, 4),
            .state = xy_pg_str(res, i, 5),
            .publish_date = xy_pg_str(res, i, 6),
            .quiz = xy_pg_str(res, i, 7),
            .key_id = xy_pg_i64(res, i, 8),
            .created_at = xy_pg_str(res, i, 9),
            .updated_at = xy_pg_str(res, i, 10),
            .nfiles = (int)xy_pg_i64(res, i, 11),
        };
        if (cb(ctx, &a))
            break;
    }
    PQclear(res);
    return n;
}

int xy_pg_article_put(struct xy_store *st, const struct xy_article_row *a, int64_t *id, struct xy_error *err)
{
    struct pg_args p = {0};
    xy_pg_text(&p, a->kind);
    xy_pg_text(&p, a->title);
    xy_pg_text(&p, a->summary);
    xy_pg_text(&p, a->body);
    xy_pg_text(&p, a->state);
    xy_pg_text(&p, a->publish_date);
    xy_pg_text(&p, a->quiz);
    xy_pg_int(&p, a->key_id);
    if (!a->id)
        xy_pg_text(&p, a->created_at);
    xy_pg_text(&p, a->updated_at);
    if (a->id)
        xy_pg_int(&p, a->id);
    PGresult *res = run(st, a->id ? S_UPDATE : S_INSERT, &p, err, "store article");
    if (!res)
        return xy_pg_failed(err);
    int ok = a->id ? strcmp(PQcmdTuples(res), "0") != 0 : 1;
    if (ok && id)
        *id = a->id ? a->id : xy_pg_i64(res, 0, 0);
    PQclear(res);
    return ok ? XY_OK
              : xy_error_set(err, XY_ENOTFOUND, "没有编号为 %lld 的文章 (no article %lld)", (long long)a->id,
                             (long long)a->id);
}

int xy_pg_article_get(struct xy_store *st, int64_t id, xy_article_cb cb, void *ctx, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, id);
    PGresult *res = run(st, S_GET, &a, err, "read articles");
    if (!res)
        return xy_pg_failed(err);
    if (each_article(res, cb, ctx))
        return XY_OK;
    return xy_error_set(err, XY_ENOTFOUND, "没有编号为 %lld 的文章 (no article %lld)", (long long)id, (long long)id);
}

int xy_pg_articles_page(struct xy_store *st, const struct xy_article_filter *f, int limit, xy_article_cb cb,
                        void *ctx, struct xy_error *err)
{
    struct pg_args a = {0};
    char like[600];
    xy_pg_text(&a, f->kind);
    xy_pg_text(&a, f->state);
    xy_pg_text(&a, f->until);
    if (f->q) {
        /* The query is a plain substring: %, _ and the escape itself are escaped. */
        size_t o = 0;
        like[o++] = '%';
        for (const char *c = f->q; *c && o < sizeof like - 3; c++) {
            if (*c == '%' || *c == '_' || *c == '\\')
                like[o++] = '\\';
            like[o++] = *c;
        }
        like[o++] = '%';
        like[o] = 0;
    }
    xy_pg_text(&a, f->q ? like : NULL);
    xy_pg_text(&a, f->before_date ? f->before_date : "");
    xy_pg_int(&a, f->before_id);
    xy_pg_int(&a, limit);
    PGresult *res = run(st, S_PAGE, &a, err, "read articles");
    if (!res)
        return xy_pg_failed(err);
    each_article(res, cb, ctx);
    return XY_OK;
}

int xy_pg_article_file_add(struct xy_store *st, int64_t article_id, const struct xy_file_row *f, int *seq,
                           struct xy_error *err)
{
    struct pg_args a = {0};
    int rc;
    xy_pg_int(&a, article_id);
    if (xy_pg_in_tx(xy_pg_of(st)) && (rc = xy_pg_exec(xy_pg_of(st), S_LOCK, stmt_sql[S_LOCK], &a, err, "lock article")))
        return rc;
    xy_pg_text(&a, f->name);
    xy_pg_text(&a, f->media_type);
    xy_pg_int(&a, f->size);
    xy_pg_blob(&a, f->sha256, 32);
    xy_pg_blob(&a, f->data ? f->data : "", (size_t)f->size);
    PGresult *res = run(st, S_FILE_ADD, &a, err, "store article attachment");
    if (!res)
        return xy_pg_failed(err);
    *seq = (int)xy_pg_i64(res, 0, 0);
    PQclear(res);
    return XY_OK;
}

int xy_pg_article_files(struct xy_store *st, int64_t article_id, int seq, xy_file_cb cb, void *ctx,
                        struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, article_id);
    if (seq > 0)
        xy_pg_int(&a, seq);
    PGresult *res = run(st, seq > 0 ? S_FILE_ONE : S_FILE_LIST, &a, err, "read article attachments");
    if (!res)
        return xy_pg_failed(err);
    int n = PQntuples(res), with_data = PQnfields(res) > 5;
    for (int i = 0; i < n; i++) {
        size_t hl = 0, dl = 0;
        uint8_t *sha = xy_pg_bytes(res, i, 4, &hl), *data = with_data ? xy_pg_bytes(res, i, 5, &dl) : NULL;
        struct xy_file_row f = {.seq = (int)xy_pg_i64(res, i, 0), .name = xy_pg_str(res, i, 1),
                                .media_type = xy_pg_str(res, i, 2), .size = xy_pg_i64(res, i, 3),
                                .sha256 = sha, .data = data};
        int stop = cb(ctx, &f);
        PQfreemem(sha);
        PQfreemem(data);
        if (stop)
            break;
    }
    PQclear(res);
    if (seq > 0 && !n)
        return xy_error_set(err, XY_ENOTFOUND, "文章 %lld 没有第 %d 个附件 (article %lld has no attachment %d)",
                            (long long)article_id, seq, (long long)article_id, seq);
    return XY_OK;
}

int xy_pg_training_add(struct xy_store *st, const struct xy_training_row *t, int64_t *id, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, t->course_id);
    xy_pg_int(&a, t->subject_id);
    xy_pg_text(&a, t->at);
    xy_pg_int(&a, t->score);
    xy_pg_int(&a, t->total);
    xy_pg_int(&a, t->passed != 0);
    xy_pg_text(&a, t->cert_no);
    xy_pg_int(&a, t->key_id);
    PGresult *res = run(st, S_TRAIN_ADD, &a, err, "store training attempt");
    if (!res)
        return xy_pg_failed(err);
    int added = PQntuples(res) == 1;
    if (added)
        *id = xy_pg_i64(res, 0, 0);
    PQclear(res);
    return added ? XY_OK
                 : xy_error_set(err, XY_EEXIST, "certificate number %.40s is taken", t->cert_no ? t->cert_no : "");
}

int xy_pg_training_certs(struct xy_store *st, int64_t subject_id, const char *cert_no, xy_training_cb cb, void *ctx,
                         struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, subject_id > 0 ? subject_id : 0);
    xy_pg_text(&a, cert_no);
    PGresult *res = run(st, S_TRAIN_CERTS, &a, err, "read training certificates");
    if (!res)
        return xy_pg_failed(err);
    for (int i = 0; i < PQntuples(res); i++) {
        struct xy_training_row t = {
            .id = xy_pg_i64(res, i, 0),           .course_id = xy_pg_i64(res, i, 1),
            .subject_id = xy_pg_i64(res, i, 2),   .key_id = xy_pg_i64(res, i, 3),
            .at = xy_pg_str(res, i, 4),           .score = (int)xy_pg_i64(res, i, 5),
            .total = (int)xy_pg_i64(res, i, 6),   .passed = (int)xy_pg_i64(res, i, 7),
            .cert_no = xy_pg_str(res, i, 8),      .course_title = xy_pg_str(res, i, 9),
            .subject_name = xy_pg_str(res, i, 10), .subject_opaque = xy_pg_str(res, i, 11),
            .subject_kind = xy_pg_str(res, i, 12),
        };
        if (cb(ctx, &t))
            break;
    }
    PQclear(res);
    return XY_OK;
}

int xy_pg_training_coverage(struct xy_store *st, const struct xy_list_filter *lf, int64_t *listed, int64_t *trained,
                            struct xy_error *err)
{
    struct pg_args a = {0};
    int end = 0;
    for (int i = 0; i < XY_LIST_CLASSES_MAX; i++) {
        end = end || !lf->classes[i];
        xy_pg_text(&a, end ? NULL : lf->classes[i]);
    }
    end = 0;
    for (int i = 0; i < 2; i++) {
        end = end || !lf->statuses[i];
        xy_pg_text(&a, end ? NULL : lf->statuses[i]);
    }
    PGresult *res = run(st, S_COVERAGE, &a, err, "training coverage");
    if (!res)
        return xy_pg_failed(err);
    *listed = xy_pg_i64(res, 0, 0);
    *trained = xy_pg_i64(res, 0, 1);
    PQclear(res);
    return XY_OK;
}
