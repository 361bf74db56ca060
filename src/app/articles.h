/* SPDX-License-Identifier: Apache-2.0 */
/* Articles the office publishes on the portal: 政策法规 (policy), 信用动态 (news), 典型案例 (case), and
 * repair-training courses (course, app/training.h), written in Markdown and shown rendered with raw
 * HTML refused (common/xy_markdown.h). An article is a draft, published (from its publish date), or
 * withdrawn; the public sees only published ones whose date has come. Every write is audited. Shared
 * by the API and the CLI. */
#ifndef XY_APP_ARTICLES_H
#define XY_APP_ARTICLES_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"
#include "common/xy_buf.h"

#define XY_ARTICLE_BODY_MAX (256u << 10) /* bytes of Markdown */
#define XY_ARTICLE_TITLE_MAX 300         /* bytes */
#define XY_ARTICLE_SUMMARY_MAX 2000      /* bytes */
#define XY_ARTICLE_FILES_MAX 10          /* attachments of one article */
#define XY_ARTICLE_FILE_MAX (10u << 20)  /* bytes of one attachment */
#define XY_ARTICLE_QUERY_MAX 60          /* bytes of a search */

/* An attachment as received: PDF, DOCX or XLSX, its type checked against its first bytes. */
struct xy_article_file_in {
    const char *name;
    const char *media_type;
    const void *data;
    size_t len;
};

/* Creates (id 0; OUT: *out_id) or replaces (id > 0) an article from `in`: kind (policy, news, case,
 * course), title, body (Markdown), summary?, publish_date? ("YYYY-MM-DD"), quiz? (courses only, and
 * required for them: core/training.h). A new article is a draft; a replaced one keeps its state.
 * The office or the local operator only. */
int xy_article_save(struct xy_app *app, const struct xy_principal *by, int64_t id, const json_t *in,
                    int64_t *out_id, struct xy_error *err);

/* publish (from `date`, or the publish date it has, or today), withdraw, or draft. The office only. */
int xy_article_set_state(struct xy_app *app, const struct xy_principal *by, int64_t id, const char *action,
                         const char *date, struct xy_error *err);

/* One article: its metadata, its Markdown rendered to HTML ("html"), its attachments and, for a
 * course, its test without answers. The public sees only published articles whose date has come
 * (XY_ENOTFOUND otherwise); the office sees all, with the Markdown ("body") too. */
int xy_article_show(struct xy_app *app, const struct xy_principal *by, int64_t id, json_t **out,
                    struct xy_error *err);

/* Articles newest first, of a kind (NULL: all), whose title, summary or text holds q (NULL: any);
 * to the public only published ones whose date has come, to the office all (state narrows them).
 * cursor: NULL or the next_cursor of the previous page. OUT: *items, next[32] ("" on the last page). */
int xy_articles_list(struct xy_app *app, const struct xy_principal *by, const char *kind, const char *q,
                     const char *state, const char *cursor, int limit, json_t **items, char next[32],
                     struct xy_error *err);

/* Attaches a file to an article (the office). OUT: *seq. */
int xy_article_attach(struct xy_app *app, const struct xy_principal *by, int64_t id,
                      const struct xy_article_file_in *f, int *seq, struct xy_error *err);

/* An attachment's bytes, to whoever may see the article. OUT: data (appended), media_type[80],
 * name[256]. */
int xy_article_file_read(struct xy_app *app, const struct xy_principal *by, int64_t id, int seq,
                         struct xy_buf *data, char *media_type, char *name, struct xy_error *err);

#endif
