/* SPDX-License-Identifier: Apache-2.0 */
/* The SQLite back end: articles, their attachments, and repair-training attempts (store.h,
 * article_*, training_*). The office writes a few a day and the portal reads small pages, so each
 * call prepares its statement and finalizes it, keeping no slot in the connection's arrays. The
 * text search is a LIKE over the small article table: SQLite's FTS5 trigram cannot serve two-character
 * Chinese queries (docs/internals/SEARCH.md), and a city publishes a few thousand articles at most. */
#include <stdio.h>
#include <string.h>

#include "store/sqlite/store_sqlite_int.h"

#define ART_COLS "a.id, a.kind, a.title, a.summary, a.body, a.state, a.publish_date, a.quiz, a.key_id, " \
                 "a.created_at, a.updated_at, (SELECT count(*) FROM article_file f WHERE f.article_id = a.id)"

static int each_article(struct sqlite_store *s, sqlite3_stmt *q, xy_article_cb cb, void *ctx, int *n,
                        struct xy_error *err)
{
    int r;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        struct xy_article_row a = {
            .id = sqlite3_column_int64(q, 0),
            .kind = xy_sqlite_text(q, 1),
            .title = xy_sqlite_text(q, 2),
            .summary = xy_sqlite_text(q, 3),
            .body = xy_sqlite_text(q, 4),
            .state = xy_sqlite_text(q, 5),
            .publish_date = xy_sqlite_text(q, 6),
            .quiz = xy_sqlite_text(q, 7),
            .key_id = sqlite3_column_int64(q, 8),
            .created_at = xy_sqlite_text(q, 9),
            .updated_at = xy_sqlite_text(q, 10),
            .nfiles = sqlite3_column_int(q, 11),
        };
        if (n)
            (*n)++;
        if (cb(ctx, &a)) {
            r = SQLITE_DONE;
            break;
        }
    }
    int rc = r == SQLITE_DONE ? XY_OK : xy_sqlite_err(s, err, "read articles");
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_article_put(struct xy_store *st, const struct xy_article_row *a, int64_t *id, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(
        s, a->id ? "UPDATE article SET kind = ?2, title = ?3, summary = ?4, body = ?5, state = ?6, publish_date = ?7, "
                   "quiz = ?8, key_id = ?9, updated_at = ?11 WHERE id = ?1"
                 : "INSERT INTO article (kind, title, summary, body, state, publish_date, quiz, key_id, created_at, "
                   "updated_at) VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        err);
    if (!q)
        return xy_sqlite_failed(err);
    if (a->id)
        sqlite3_bind_int64(q, 1, a->id);
    xy_sqlite_bind_text(q, 2, a->kind);
    xy_sqlite_bind_text(q, 3, a->title);
    xy_sqlite_bind_text(q, 4, a->summary);
    xy_sqlite_bind_text(q, 5, a->body);
    xy_sqlite_bind_text(q, 6, a->state);
    xy_sqlite_bind_text(q, 7, a->publish_date);
    xy_sqlite_bind_text(q, 8, a->quiz);
    sqlite3_bind_int64(q, 9, a->key_id);
    if (!a->id)
        xy_sqlite_bind_text(q, 10, a->created_at);
    xy_sqlite_bind_text(q, 11, a->updated_at);
    int r = sqlite3_step(q), rc = XY_OK;
    if (r != SQLITE_DONE)
        rc = xy_sqlite_err(s, err, "store article");
    else if (a->id && sqlite3_changes(s->db) == 0)
        rc = xy_error_set(err, XY_ENOTFOUND, "没有编号为 %lld 的文章 (no article %lld)", (long long)a->id,
                          (long long)a->id);
    else if (id)
        *id = a->id ? a->id : sqlite3_last_insert_rowid(s->db);
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_article_get(struct xy_store *st, int64_t id, xy_article_cb cb, void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s, "SELECT " ART_COLS " FROM article a WHERE a.id = ?1", err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, id);
    int n = 0, rc = each_article(s, q, cb, ctx, &n, err);
    if (!rc && !n)
        rc = xy_error_set(err, XY_ENOTFOUND, "没有编号为 %lld 的文章 (no article %lld)", (long long)id, (long long)id);
    return rc;
}

int xy_sqlite_articles_page(struct xy_store *st, const struct xy_article_filter *f, int limit, xy_article_cb cb,
                            void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    /* Drafts have no publish date: coalesce puts them after every dated article, '' sorting first
     * backwards. The cursor compares the same expression. */
    sqlite3_stmt *q = xy_sqlite_prepare_once(
        s,
        "SELECT " ART_COLS " FROM article a WHERE (?1 IS NULL OR a.kind = ?1) AND (?2 IS NULL OR a.state = ?2) "
        "AND (?3 IS NULL OR a.publish_date <= ?3) "
        "AND (?4 IS NULL OR a.title LIKE ?4 ESCAPE '\\' OR a.summary LIKE ?4 ESCAPE '\\' OR a.body LIKE ?4 ESCAPE '\\') "
        "AND (?6 = 0 OR coalesce(a.publish_date, '') < ?5 OR (coalesce(a.publish_date, '') = ?5 AND a.id < ?6)) "
        "ORDER BY coalesce(a.publish_date, '') DESC, a.id DESC LIMIT ?7",
        err);
    if (!q)
        return xy_sqlite_failed(err);
    char like[600];
    xy_sqlite_bind_text(q, 1, f->kind);
    xy_sqlite_bind_text(q, 2, f->state);
    xy_sqlite_bind_text(q, 3, f->until);
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
        xy_sqlite_bind_text(q, 4, like);
    }
    xy_sqlite_bind_text(q, 5, f->before_date ? f->before_date : "");
    sqlite3_bind_int64(q, 6, f->before_id);
    sqlite3_bind_int(q, 7, limit);
    return each_article(s, q, cb, ctx, NULL, err);
}

int xy_sqlite_article_file_add(struct xy_store *st, int64_t article_id, const struct xy_file_row *f, int *seq,
                               struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(
        s, "INSERT INTO article_file (article_id, seq, name, media_type, size, sha256, data) SELECT ?1, "
           "coalesce(max(seq), 0) + 1, ?2, ?3, ?4, ?5, ?6 FROM article_file WHERE article_id = ?1 RETURNING seq",
        err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, article_id);
    xy_sqlite_bind_text(q, 2, f->name);
    xy_sqlite_bind_text(q, 3, f->media_type);
    sqlite3_bind_int64(q, 4, f->size);
    sqlite3_bind_blob(q, 5, f->sha256, 32, SQLITE_STATIC);
    sqlite3_bind_blob64(q, 6, f->data, (sqlite3_uint64)f->size, SQLITE_STATIC);
    int r = sqlite3_step(q), rc = XY_OK;
    if (r == SQLITE_ROW) {
        *seq = sqlite3_column_int(q, 0);
        r = sqlite3_step(q);
    }
    if (r != SQLITE_DONE)
        rc = xy_sqlite_err(s, err, "store article attachment");
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_article_files(struct xy_store *st, int64_t article_id, int seq, xy_file_cb cb, void *ctx,
                            struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(
        s, seq > 0 ? "SELECT seq, name, media_type, size, sha256, data FROM article_file WHERE article_id = ?1 AND seq = ?2"
                   : "SELECT seq, name, media_type, size, sha256, NULL FROM article_file WHERE article_id = ?1 ORDER BY seq",
        err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, article_id);
    if (seq > 0)
        sqlite3_bind_int(q, 2, seq);
    int r, n = 0;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        n++;
        struct xy_file_row f = {.seq = sqlite3_column_int(q, 0), .name = xy_sqlite_text(q, 1),
                                .media_type = xy_sqlite_text(q, 2), .size = sqlite3_column_int64(q, 3),
                                .sha256 = sqlite3_column_blob(q, 4), .data = sqlite3_column_blob(q, 5)};
        if (cb(ctx, &f)) {
            r = SQLITE_DONE;
            break;
        }
    }
    int rc = XY_OK;
    if (r != SQLITE_DONE)
        rc = xy_sqlite_err(s, err, "read article attachments");
    else if (seq > 0 && !n)
        rc = xy_error_set(err, XY_ENOTFOUND, "文章 %lld 没有第 %d 个附件 (article %lld has no attachment %d)",
                          (long long)article_id, seq, (long long)article_id, seq);
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_training_add(struct xy_store *st, const struct xy_training_row *t, int64_t *id, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(
        s, "INSERT INTO training_attempt (course_id, subject_id, at, score, total, passed, cert_no, key_id) "
           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, t->course_id);
    sqlite3_bind_int64(q, 2, t->subject_id);
    xy_sqlite_bind_text(q, 3, t->at);
    sqlite3_bind_int(q, 4, t->score);
    sqlite3_bind_int(q, 5, t->total);
    sqlite3_bind_int(q, 6, t->passed != 0);
    xy_sqlite_bind_text(q, 7, t->cert_no);
    sqlite3_bind_int64(q, 8, t->key_id);
    int r = sqlite3_step(q), rc = XY_OK;
    if (r == SQLITE_CONSTRAINT)
        rc = xy_error_set(err, XY_EEXIST, "证书编号 %1$.40s 已被占用 (certificate number %1$.40s is taken)", t->cert_no ? t->cert_no : "");
    else if (r != SQLITE_DONE)
        rc = xy_sqlite_err(s, err, "store training attempt");
    else
        *id = sqlite3_last_insert_rowid(s->db);
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_training_certs(struct xy_store *st, int64_t subject_id, const char *cert_no, xy_training_cb cb,
                             void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(
        s, "SELECT t.id, t.course_id, t.subject_id, t.key_id, t.at, t.score, t.total, t.passed, t.cert_no, a.title, "
           "s.name, s.opaque, s.kind FROM training_attempt t JOIN article a ON a.id = t.course_id JOIN subject s ON "
           "s.id = t.subject_id WHERE t.passed = 1 AND (?1 = 0 OR t.subject_id = ?1) AND (?2 IS NULL OR "
           "t.cert_no = ?2) ORDER BY t.at DESC, t.id DESC LIMIT 1000",
        err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, subject_id > 0 ? subject_id : 0);
    xy_sqlite_bind_text(q, 2, cert_no);
    int r;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        struct xy_training_row t = {
            .id = sqlite3_column_int64(q, 0), .course_id = sqlite3_column_int64(q, 1),
            .subject_id = sqlite3_column_int64(q, 2), .key_id = sqlite3_column_int64(q, 3),
            .at = xy_sqlite_text(q, 4), .score = sqlite3_column_int(q, 5), .total = sqlite3_column_int(q, 6),
            .passed = sqlite3_column_int(q, 7), .cert_no = xy_sqlite_text(q, 8),
            .course_title = xy_sqlite_text(q, 9), .subject_name = xy_sqlite_text(q, 10),
            .subject_opaque = xy_sqlite_text(q, 11), .subject_kind = xy_sqlite_text(q, 12)};
        if (cb(ctx, &t)) {
            r = SQLITE_DONE;
            break;
        }
    }
    int rc = r == SQLITE_DONE ? XY_OK : xy_sqlite_err(s, err, "read training certificates");
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_training_coverage(struct xy_store *st, const struct xy_list_filter *lf, int64_t *listed,
                                int64_t *trained, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(
        s, "WITH listed AS (SELECT DISTINCT subject_id FROM record WHERE is_current = 1 AND class IN (?1, ?2, ?3, ?4, "
           "?5, ?6, ?7, ?8) AND status IN (?10, ?11)) SELECT count(*), count(*) FILTER (WHERE EXISTS (SELECT 1 "
           "FROM training_attempt t WHERE t.subject_id = listed.subject_id AND t.passed = 1)) FROM listed",
        err);
    if (!q)
        return xy_sqlite_failed(err);
    int end = 0;
    for (int i = 0; i < XY_LIST_CLASSES_MAX; i++) {
        end = end || !lf->classes[i];
        xy_sqlite_bind_text(q, 1 + i, end ? NULL : lf->classes[i]);
    }
    end = 0;
    for (int i = 0; i < 2; i++) {
        end = end || !lf->statuses[i];
        xy_sqlite_bind_text(q, 10 + i, end ? NULL : lf->statuses[i]);
    }
    int r = sqlite3_step(q), rc = XY_OK;
    if (r == SQLITE_ROW) {
        *listed = sqlite3_column_int64(q, 0);
        *trained = sqlite3_column_int64(q, 1);
    } else {
        rc = xy_sqlite_err(s, err, "training coverage");
    }
    sqlite3_finalize(q);
    return rc;
}
