/* SPDX-License-Identifier: Apache-2.0 */
/* Articles: the office's writes (each one transaction with its audit entry), the public's reads
 * through one visibility rule (visible() below), and attachments checked by their first bytes. */
#include "app/articles.h"
#include "app/app_int.h"
#include "app/audit.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xy_alloc.h"
#include "common/xy_date.h"
#include "common/xy_markdown.h"
#include "common/xy_utf8.h"
#include "core/training.h"

static const char *const KINDS[][2] = {
    {"policy", "政策法规"}, {"news", "信用动态"}, {"case", "典型案例"}, {"course", "信用修复培训课程"}};

static int kind_ok(const char *k)
{
    for (size_t i = 0; k && i < sizeof KINDS / sizeof *KINDS; i++)
        if (strcmp(KINDS[i][0], k) == 0)
            return 1;
    return 0;
}

static int is_office(const struct xy_principal *by)
{
    return by->role == XY_ROLE_OFFICE || by->role == XY_ROLE_OPERATOR;
}

/* ---- the one visibility rule ------------------------------------------------------------------- */

/* The public (and every role but the office) sees a published article whose date has come. */
static int visible(const struct xy_principal *by, const struct xy_article_row *a, const char *today)
{
    if (is_office(by))
        return 1;
    return strcmp(a->state, "published") == 0 && a->publish_date && strcmp(a->publish_date, today) <= 0;
}

/* ---- checks on what comes in ------------------------------------------------------------------- */

static int text_field(const json_t *in, const char *key, const char *zh, size_t max, int required, const char **out,
                      struct xy_error *err)
{
    const json_t *v = json_object_get(in, key);
    *out = NULL;
    if (!v || json_is_null(v)) {
        if (required)
            return xy_error_set(err, XY_EINVAL, "请填写%s（%s） (%s is required)", zh, key, key);
        return 0;
    }
    const char *s = json_string_value(v);
    size_t n = s ? strlen(s) : 0;
    if (!s || (required && n == 0))
        return xy_error_set(err, XY_EINVAL, "%s（%s）须为非空文本 (%s must be text)", zh, key, key);
    if (n > max)
        return xy_error_set(err, n > 4096 ? XY_ETOOBIG : XY_EINVAL, "%s（%s）长 %zu 字节，超过上限 %zu 字节 (%s is %zu bytes, "
                            "more than %zu)", zh, key, n, max, key, n, max);
    if (!xy_utf8_valid(s, n))
        return xy_error_set(err, XY_EINVAL, "%s（%s）含有无效的 UTF-8 字节 (%s is not valid UTF-8)", zh, key, key);
    *out = s;
    return 0;
}

static int date_ok(const char *s)
{
    struct xy_date d;
    return s && strlen(s) == 10 && xy_date_parse(s, 10, &d) == 0;
}

/* ---- reading one article into an owned JSON document ------------------------------------------ */

struct one {
    json_t *doc;
    int found, oom;
    char state[16], date[11], kind[16];
    char *quiz;
};

static int on_one(void *ctx, const struct xy_article_row *a)
{
    struct one *o = ctx;
    o->found = 1;
    snprintf(o->state, sizeof o->state, "%s", a->state);
    snprintf(o->date, sizeof o->date, "%s", a->publish_date ? a->publish_date : "");
    snprintf(o->kind, sizeof o->kind, "%s", a->kind);
    char *html = xy_markdown_html(a->body, strlen(a->body));
    o->doc = html ? json_pack("{s:I, s:s, s:s, s:s?, s:s, s:s, s:s?, s:s, s:s, s:s, s:i}", "id", (json_int_t)a->id,
                              "kind", a->kind, "title", a->title, "summary", a->summary, "body", a->body, "state",
                              a->state, "publish_date", a->publish_date, "created_at", a->created_at, "updated_at",
                              a->updated_at, "html", html, "files", a->nfiles)
                  : NULL;
    xy_free(html);
    if (!o->doc || (a->quiz && !(o->quiz = xy_strdup(a->quiz))))
        o->oom = 1;
    return 1;
}

static void one_free(struct one *o)
{
    json_decref(o->doc);
    xy_free(o->quiz);
    memset(o, 0, sizeof *o);
}

static int load(struct xy_app *app, const struct xy_principal *by, int64_t id, struct one *o, struct xy_error *err)
{
    char today[11];
    memset(o, 0, sizeof *o);
    xy_date_format(xy_clock_today(&app->clock), today);
    int rc = app->store->ops->article_get(app->store, id, on_one, o, err);
    if (!rc && o->oom)
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    if (!rc) {
        struct xy_article_row a = {.state = o->state, .publish_date = o->date[0] ? o->date : NULL};
        if (!visible(by, &a, today))
            rc = xy_error_set(err, XY_ENOTFOUND, "没有编号为 %lld 的文章 (no article %lld)", (long long)id, (long long)id);
    }
    if (rc)
        one_free(o);
    return rc;
}

/* ---- writes ------------------------------------------------------------------------------------ */

int xy_article_save(struct xy_app *app, const struct xy_principal *by, int64_t id, const json_t *in,
                    int64_t *out_id, struct xy_error *err)
{
    struct xy_store *st = app->store;
    const char *kind, *title, *summary, *body, *date;
    char now[32], object[48], *quiz_text = NULL;
    struct one old = {0};
    int rc;
    if (!is_office(by))
        return xy_error_set(err, XY_EDENIED, "只有信用办可以编辑文章 (only the credit office edits articles)");
    if (!json_is_object(in))
        return xy_error_set(err, XY_EINVAL, "文章须为 JSON 对象 (an article is a JSON object)");
    if ((rc = text_field(in, "kind", "栏目", 16, 1, &kind, err)) ||
        (rc = text_field(in, "title", "标题", XY_ARTICLE_TITLE_MAX, 1, &title, err)) ||
        (rc = text_field(in, "summary", "摘要", XY_ARTICLE_SUMMARY_MAX, 0, &summary, err)) ||
        (rc = text_field(in, "body", "正文", XY_ARTICLE_BODY_MAX, 1, &body, err)) ||
        (rc = text_field(in, "publish_date", "发布日期", 10, 0, &date, err)))
        return rc;
    if (!kind_ok(kind))
        return xy_error_set(err, XY_EINVAL, "栏目 %.16s 不存在，可用：policy（政策法规）、news（信用动态）、case（典型案例）、"
                            "course（信用修复培训课程） (kind %.16s is not one of policy, news, case, course)", kind, kind);
    if (date && !date_ok(date))
        return xy_error_set(err, XY_EINVAL, "发布日期须为 YYYY-MM-DD (publish_date must be YYYY-MM-DD)");
    const json_t *quiz = json_object_get(in, "quiz");
    if (strcmp(kind, "course") == 0) {
        if ((rc = xy_quiz_check(quiz, err)))
            return rc;
        if (!(quiz_text = json_dumps(quiz, JSON_COMPACT)))
            return xy_error_set(err, XY_ENOMEM, "out of memory");
    } else if (quiz && !json_is_null(quiz)) {
        return xy_error_set(err, XY_EINVAL, "只有培训课程（course）带测验 (only a course has a quiz)");
    }
    if (id > 0 && (rc = load(app, by, id, &old, err)))
        goto out;
    xy_clock_stamp(&app->clock, now);
    struct xy_article_row a = {.id = id > 0 ? id : 0, .kind = kind, .title = title, .summary = summary, .body = body,
                               .state = id > 0 ? old.state : "draft",
                               .publish_date = date ? date : (id > 0 && old.date[0] ? old.date : NULL),
                               .quiz = quiz_text, .key_id = by->key_id, .created_at = now, .updated_at = now};
    int64_t got = 0;
    if ((rc = st->ops->begin(st, err)))
        goto out;
    rc = st->ops->article_put(st, &a, &got, err);
    snprintf(object, sizeof object, "article/%lld", (long long)(rc ? id : got));
    rc = xy_audit_commitj(app, by, id > 0 ? "article.edit" : "article.add", object,
                         json_pack("{s:s, s:s}", "kind", kind, "title", title), rc, err);
    if (!rc && out_id)
        *out_id = got;
out:
    free(quiz_text);
    one_free(&old);
    return rc;
}

int xy_article_set_state(struct xy_app *app, const struct xy_principal *by, int64_t id, const char *action,
                         const char *date, struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct one o;
    char now[32], today[11], object[48];
    int rc;
    if (!is_office(by))
        return xy_error_set(err, XY_EDENIED, "只有信用办可以发布或撤下文章 (only the credit office publishes or withdraws "
                            "articles)");
    const char *state = !action ? NULL
                        : strcmp(action, "publish") == 0  ? "published"
                        : strcmp(action, "withdraw") == 0 ? "withdrawn"
                        : strcmp(action, "draft") == 0    ? "draft"
                                                          : NULL;
    if (!state)
        return xy_error_set(err, XY_EINVAL, "操作须为 publish（发布）、withdraw（撤下）或 draft（退回草稿） (the action is "
                            "publish, withdraw or draft)");
    if (date && !date_ok(date))
        return xy_error_set(err, XY_EINVAL, "发布日期须为 YYYY-MM-DD (the publish date must be YYYY-MM-DD)");
    if ((rc = load(app, by, id, &o, err)))
        return rc;
    xy_clock_stamp(&app->clock, now);
    xy_date_format(xy_clock_today(&app->clock), today);
    const char *pub = date ? date : o.date[0] ? o.date : today;
    struct xy_article_row a = {
        .id = id,
        .kind = o.kind,
        .title = json_string_value(json_object_get(o.doc, "title")),
        .summary = json_string_value(json_object_get(o.doc, "summary")),
        .body = json_string_value(json_object_get(o.doc, "body")),
        .state = state,
        .publish_date = strcmp(state, "published") == 0 ? pub : (o.date[0] ? o.date : NULL),
        .quiz = o.quiz,
        .key_id = by->key_id,
        .updated_at = now,
    };
    if (!(rc = st->ops->begin(st, err)))
        rc = st->ops->article_put(st, &a, NULL, err);
    snprintf(object, sizeof object, "article/%lld", (long long)id);
    rc = xy_audit_commitj(app, by, "article.state", object, json_pack("{s:s, s:s?}", "state", state, "publish_date",
                                                                     a.publish_date), rc, err);
    one_free(&o);
    return rc;
}

/* ---- reads ------------------------------------------------------------------------------------- */

static int on_file(void *ctx, const struct xy_file_row *f)
{
    char hex[65];
    sodium_bin2hex(hex, sizeof hex, f->sha256, 32);
    json_t *j = json_pack("{s:i, s:s, s:s, s:I, s:s}", "seq", f->seq, "name", f->name, "media_type", f->media_type,
                          "size", (json_int_t)f->size, "sha256", hex);
    return j ? json_array_append_new(ctx, j) : 1;
}

int xy_article_show(struct xy_app *app, const struct xy_principal *by, int64_t id, json_t **out,
                    struct xy_error *err)
{
    struct one o;
    int rc;
    *out = NULL;
    if ((rc = load(app, by, id, &o, err)))
        return rc;
    json_t *files = json_array();
    if (!files)
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    else
        rc = app->store->ops->article_files(app->store, id, 0, on_file, files, err);
    if (!rc && o.quiz) {
        json_error_t jerr;
        json_t *quiz = json_loads(o.quiz, 0, &jerr), *pub = quiz ? xy_quiz_public(quiz) : NULL;
        if (!pub)
            rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        else
            json_object_set_new(o.doc, "quiz", pub);
        /* The office, who wrote the answers, gets them back to edit; nobody else. */
        if (!rc && is_office(by))
            json_object_set(o.doc, "quiz_answers", quiz);
        json_decref(quiz);
    }
    if (!rc && !is_office(by))
        json_object_del(o.doc, "body");
    if (!rc) {
        json_object_set_new(o.doc, "files", files);
        *out = json_incref(o.doc);
    } else {
        json_decref(files);
    }
    one_free(&o);
    return rc;
}

struct page {
    json_t *items;
    const struct xy_principal *by;
    char today[11];
    char last_date[11];
    int64_t last_id;
    int n, oom;
};

static int on_page(void *ctx, const struct xy_article_row *a)
{
    struct page *p = ctx;
    json_t *j = json_pack("{s:I, s:s, s:s, s:s?, s:s?, s:i}", "id", (json_int_t)a->id, "kind", a->kind, "title",
                          a->title, "summary", a->summary, "publish_date", a->publish_date, "files", a->nfiles);
    if (!j || (is_office(p->by) && json_object_set_new(j, "state", json_string(a->state)) != 0) ||
        json_array_append_new(p->items, j) != 0) {
        p->oom = 1;
        return 1;
    }
    snprintf(p->last_date, sizeof p->last_date, "%s", a->publish_date ? a->publish_date : "");
    p->last_id = a->id;
    p->n++;
    return 0;
}

int xy_articles_list(struct xy_app *app, const struct xy_principal *by, const char *kind, const char *q,
                     const char *state, const char *cursor, int limit, json_t **items, char next[32],
                     struct xy_error *err)
{
    struct page p = {.by = by};
    struct xy_article_filter f = {.kind = kind && *kind ? kind : NULL};
    char cdate[11] = "";
    *items = NULL;
    next[0] = 0;
    if (f.kind && !kind_ok(f.kind))
        return xy_error_set(err, XY_EINVAL, "kind 须为 policy、news、case 或 course (kind is policy, news, case or "
                            "course)");
    if (q && *q) {
        size_t n = strlen(q);
        if (n > XY_ARTICLE_QUERY_MAX || !xy_utf8_valid(q, n))
            return xy_error_set(err, XY_EINVAL, "检索词须为不超过 %d 字节的 UTF-8 文本 (q must be UTF-8 text of at most %d "
                                "bytes)", XY_ARTICLE_QUERY_MAX, XY_ARTICLE_QUERY_MAX);
        f.q = q;
    }
    if (cursor && *cursor) {
        /* "DATE.ID" or ".ID" (drafts have no date), as this function wrote it. */
        const char *dot = strchr(cursor, '.');
        char *end = NULL;
        long long cid = dot ? strtoll(dot + 1, &end, 10) : 0;
        size_t dl = dot ? (size_t)(dot - cursor) : 0;
        if (!dot || !end || *end || cid <= 0 || (dl && (dl != 10 || !date_ok(memcpy(cdate, cursor, 10) ? cdate : ""))))
            return xy_error_set(err, XY_EINVAL, "cursor 无效：请使用上一页返回的 next_cursor (cursor is not one a page "
                                "gave: use next_cursor)");
        cdate[dl] = 0;
        f.before_date = cdate;
        f.before_id = cid;
    }
    xy_date_format(xy_clock_today(&app->clock), p.today);
    if (is_office(by)) {
        if (state && *state && strcmp(state, "draft") && strcmp(state, "published") && strcmp(state, "withdrawn"))
            return xy_error_set(err, XY_EINVAL, "state 须为 draft、published 或 withdrawn (state is draft, published "
                                "or withdrawn)");
        f.state = state && *state ? state : NULL;
    } else {
        f.state = "published";
        f.until = p.today;
    }
    if (!(p.items = json_array()))
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    int rc = app->store->ops->articles_page(app->store, &f, limit + 1, on_page, &p, err);
    if (!rc && p.oom)
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    if (rc) {
        json_decref(p.items);
        return rc;
    }
    if (p.n > limit) {
        json_array_remove(p.items, (size_t)limit);
        json_t *last = json_array_get(p.items, (size_t)limit - 1);
        snprintf(next, 32, "%s.%lld", json_string_value(json_object_get(last, "publish_date")) ?
                 json_string_value(json_object_get(last, "publish_date")) : "",
                 (long long)json_integer_value(json_object_get(last, "id")));
    }
    *items = p.items;
    return 0;
}

/* ---- attachments ------------------------------------------------------------------------------- */

static const struct {
    const char *type, *ext, *magic;
    size_t len;
} MEDIA[] = {
    {"application/pdf", ".pdf", "%PDF-", 5},
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "PK\x03\x04", 4},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "PK\x03\x04", 4},
};

int xy_article_attach(struct xy_app *app, const struct xy_principal *by, int64_t id,
                      const struct xy_article_file_in *f, int *seq, struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct one o;
    char object[48];
    int rc;
    if (!is_office(by))
        return xy_error_set(err, XY_EDENIED, "只有信用办可以上传附件 (only the credit office attaches files)");
    const char *name = f->name ? f->name : "";
    size_t nl = strlen(name);
    if (nl == 0 || nl > 200 || !xy_utf8_valid(name, nl) || strpbrk(name, "/\\\"") || name[0] == '.')
        return xy_error_set(err, XY_EINVAL, "附件名须为 1 至 200 字节，不以 . 开头，不含 / \\ 或 \" (an attachment's name is "
                            "1 to 200 bytes, not starting with a dot, without / \\ or \")");
    for (size_t k = 0; k < nl; k++)
        if ((unsigned char)name[k] < 0x20 || name[k] == 0x7f)
            return xy_error_set(err, XY_EINVAL, "附件名含有控制字符 (control characters in the attachment's name)");
    if (f->len == 0)
        return xy_error_set(err, XY_EINVAL, "附件是空文件 (the attachment is empty)");
    if (f->len > XY_ARTICLE_FILE_MAX)
        return xy_error_set(err, XY_ETOOBIG, "附件大小为 %zu 字节，超过上限 %u 字节 (the attachment is %zu bytes, more "
                            "than %u)", f->len, XY_ARTICLE_FILE_MAX, f->len, XY_ARTICLE_FILE_MAX);
    size_t m = 0;
    while (m < sizeof MEDIA / sizeof *MEDIA && (!f->media_type || strcmp(MEDIA[m].type, f->media_type)))
        m++;
    if (m == sizeof MEDIA / sizeof *MEDIA)
        return xy_error_set(err, XY_EINVAL, "只接受 PDF、DOCX 和 XLSX 附件 (only PDF, DOCX and XLSX attachments are "
                            "accepted)");
    size_t el = strlen(MEDIA[m].ext);
    if (nl <= el || strcasecmp(name + nl - el, MEDIA[m].ext) != 0 || f->len < MEDIA[m].len ||
        memcmp(f->data, MEDIA[m].magic, MEDIA[m].len) != 0)
        return xy_error_set(err, XY_EINVAL, "附件须为 %s 文件：文件名以 %s 结尾，开头的字节相符 (the attachment must be a "
                            "%s file: a name ending in %s and matching first bytes)", MEDIA[m].ext + 1, MEDIA[m].ext,
                            MEDIA[m].ext + 1, MEDIA[m].ext);
    if ((rc = load(app, by, id, &o, err)))
        return rc;
    int n = (int)json_integer_value(json_object_get(o.doc, "files"));
    one_free(&o);
    if (n >= XY_ARTICLE_FILES_MAX)
        return xy_error_set(err, XY_EINVAL, "每篇文章最多 %d 个附件 (at most %d attachments an article)",
                            XY_ARTICLE_FILES_MAX, XY_ARTICLE_FILES_MAX);
    uint8_t h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, f->data, f->len);
    struct xy_file_row row = {.name = name, .media_type = MEDIA[m].type, .size = (int64_t)f->len, .sha256 = h,
                              .data = f->data};
    if (!(rc = st->ops->begin(st, err)))
        rc = st->ops->article_file_add(st, id, &row, seq, err);
    snprintf(object, sizeof object, "article/%lld", (long long)id);
    return xy_audit_commitj(app, by, "article.attach", object,
                            json_pack("{s:s, s:I}", "name", name, "size", (json_int_t)f->len), rc, err);
}

struct file_out {
    struct xy_buf *data;
    char *media_type, *name;
    int rc;
};

static int on_file_data(void *ctx, const struct xy_file_row *f)
{
    struct file_out *o = ctx;
    snprintf(o->media_type, 80, "%s", f->media_type);
    snprintf(o->name, 256, "%s", f->name);
    o->rc = xy_buf_add(o->data, f->data, (size_t)f->size);
    return 1;
}

int xy_article_file_read(struct xy_app *app, const struct xy_principal *by, int64_t id, int seq,
                         struct xy_buf *data, char *media_type, char *name, struct xy_error *err)
{
    struct one o;
    int rc;
    if ((rc = load(app, by, id, &o, err)))
        return rc;
    one_free(&o);
    struct file_out fo = {data, media_type, name, 0};
    rc = app->store->ops->article_files(app->store, id, seq, on_file_data, &fo, err);
    if (!rc && fo.rc)
        rc = xy_error_set(err, fo.rc, "附件无法读入内存 (the attachment cannot be read into memory)");
    return rc;
}
