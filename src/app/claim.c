/* SPDX-License-Identifier: Apache-2.0 */
/* What objections and repair applications share: filing a claim with its evidence files, reading and
 * listing claims, and the write path of every move (its step, change-feed entry and audit entry in one
 * transaction, so that a crash leaves either all of a move or none of it). The moves themselves are
 * in claim_objection.c and claim_repair.c. */
#include "app/claim.h"
#include "app/claim_int.h"
#include "app/app_int.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/audit.h"
#include "app/calendar.h"
#include "common/xy_alloc.h"
#include "common/xy_utf8.h"
#include "core/objection.h"
#include "core/repair.h"

/* ---- bilingual problems ---------------------------------------------------------------------- */

/* What a subject or a clerk may read is said "中文 (English)": the Chinese sentence, then the English
 * one in ASCII brackets at the very end, with no brackets or Chinese inside (web/js/format.js
 * reasonText shows the part in the reader's language). Values a person typed are cut on a character
 * boundary, so that a message fits struct xy_error.msg whole. */

int xy_claim_cut(const char *s, size_t max)
{
    size_t n = strlen(s);
    return (int)(n > max ? xy_utf8_floor(s, max) : n);
}

const char *xy_claim_status_zh(const char *status)
{
    static const char *const names[][2] = {{"published", "已公示"},  {"unpublished", "未公示"}, {"expired", "已到期"},
                                           {"withdrawn", "已撤回"}, {"repaired", "已修复"}};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(names[i][0], status) == 0)
            return names[i][1];
    return status;
}

/* ---- owned copies of rows the store lends for a callback ---------------------------------- */

static int dup_into(char **dst, const char *s, int *oom)
{
    if (!s)
        return 0;
    if (!(*dst = xy_strdup(s)))
        *oom = 1;
    return 0;
}

static int on_rec(void *ctx, const struct xy_record_row *r)
{
    struct xy_claim_rec *x = ctx;
    x->found = 1;
    x->id = r->id;
    x->dept_id = r->dept_id;
    x->subject_id = r->subject_id;
    x->batch_id = r->batch_id;
    x->objection_id = r->objection_id;
    x->version = r->version;
    x->is_current = r->is_current;
    x->flags = r->flags;
    dup_into(&x->cls, r->cls, &x->oom);
    dup_into(&x->doc_no, r->doc_no, &x->oom);
    dup_into(&x->status, r->status, &x->oom);
    dup_into(&x->decision_date, r->decision_date, &x->oom);
    dup_into(&x->min_until, r->min_until, &x->oom);
    dup_into(&x->fields, r->fields, &x->oom);
    dup_into(&x->dept_uscc, r->dept_uscc, &x->oom);
    if (r->upper)
        dup_into(&x->upper, r->upper, &x->oom);
    if (r->sealed && r->sealed_len) {
        if ((x->sealed = xy_malloc(r->sealed_len))) {
            memcpy(x->sealed, r->sealed, r->sealed_len);
            x->sealed_len = r->sealed_len;
        } else {
            x->oom = 1;
        }
    }
    return 1;
}

void xy_claim_rec_free(struct xy_claim_rec *x)
{
    xy_free(x->cls);
    xy_free(x->doc_no);
    xy_free(x->status);
    xy_free(x->decision_date);
    xy_free(x->min_until);
    xy_free(x->fields);
    xy_free(x->dept_uscc);
    xy_free(x->upper);
    xy_free(x->sealed);
    memset(x, 0, sizeof *x);
}

int xy_claim_rec_load(struct xy_app *app, int64_t id, struct xy_claim_rec *x, struct xy_error *err)
{
    memset(x, 0, sizeof *x);
    int rc = app->store->ops->record_get(app->store, id, on_rec, x, err);
    if (!rc && x->oom)
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    if (rc == XY_ENOTFOUND || (!rc && !x->found))
        rc = xy_error_set(err, XY_ENOTFOUND, "没有记录 %lld (no record %lld)", (long long)id, (long long)id);
    if (rc)
        xy_claim_rec_free(x);
    return rc;
}

static json_t *claim_json(const struct xy_claim_row *c)
{
    return json_pack("{s:I, s:s, s:s, s:s?, s:I, s:{s:s, s:s?}, s:s?, s:{s:s?, s:s?}, s:s?, s:s?, s:b, s:s?, "
                     "s:s?, s:s?, s:s, s:s, s:s}",
                     "id", (json_int_t)c->id, "kind", c->kind, "state", c->state, "due", c->due, "record",
                     (json_int_t)c->record_id, "subject", "id", c->subject_opaque, "name", c->subject_name,
                     "class", c->record_class, "dept", "uscc", c->dept_uscc, "name", c->dept_name, "doc_no",
                     c->record_doc_no, "decision", c->decision, "extended", c->extended, "reason", c->reason,
                     "text", c->text, "signer", c->signer, "filed_role", c->filed_role, "filed_at", c->filed_at,
                     "updated_at", c->updated_at);
}

static int on_claim(void *ctx, const struct xy_claim_row *c)
{
    struct xy_claim_loaded *x = ctx;
    x->found = 1;
    x->id = c->id;
    x->record_id = c->record_id;
    x->subject_id = c->subject_id;
    x->dept_id = c->dept_id;
    x->filed_by = c->filed_by;
    x->result_record = c->result_record;
    x->extended = c->extended;
    snprintf(x->kind, sizeof x->kind, "%s", c->kind);
    snprintf(x->state, sizeof x->state, "%s", c->state);
    snprintf(x->due, sizeof x->due, "%s", c->due ? c->due : "");
    snprintf(x->decision, sizeof x->decision, "%s", c->decision ? c->decision : "");
    dup_into(&x->reason, c->reason, &x->oom);
    dup_into(&x->fields, c->fields, &x->oom);
    if (!(x->json = claim_json(c)))
        x->oom = 1;
    else if (c->result_record)
        json_object_set_new(x->json, "result_record", json_integer(c->result_record));
    return 1;
}

static void claim_free(struct xy_claim_loaded *x)
{
    json_decref(x->json);
    xy_free(x->reason);
    xy_free(x->fields);
    memset(x, 0, sizeof *x);
}

/* Who may see a claim: its subject, the source department, the office and the operator. */
static int may_see(const struct xy_principal *by, int64_t subject_id, int64_t dept_id)
{
    switch (by->role) {
    case XY_ROLE_OFFICE:
    case XY_ROLE_OPERATOR: return 1;
    case XY_ROLE_SUBJECT: return by->subject_id && by->subject_id == subject_id;
    case XY_ROLE_DEPARTMENT: return by->dept_id && by->dept_id == dept_id;
    default: return 0;
    }
}

static int claim_load(struct xy_app *app, const struct xy_principal *by, int64_t id, struct xy_claim_loaded *x,
                      struct xy_error *err)
{
    memset(x, 0, sizeof *x);
    int rc = app->store->ops->claim_get(app->store, id, on_claim, x, err);
    if (!rc && x->oom)
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    /* To anyone who may not see it, a claim does not exist: its id says nothing about a subject. */
    if (!rc && !may_see(by, x->subject_id, x->dept_id))
        rc = xy_error_set(err, XY_ENOTFOUND, "没有编号为 %lld 的异议或信用修复申请 (no objection or repair application %lld)",
                          (long long)id, (long long)id);
    if (rc)
        claim_free(x);
    return rc;
}

/* ---- checks on what comes in --------------------------------------------------------------- */

/* zh and en name the text in each language ("异议理由", "the grounds"). */
int xy_claim_check_text(const char *zh, const char *en, const char *s, int required, struct xy_error *err)
{
    if (!s || !*s)
        return required ? xy_error_set(err, XY_EINVAL, "请填写%s (%s is required)", zh, en) : 0;
    size_t n = strlen(s);
    if (n > XY_CLAIM_TEXT_MAX)
        return xy_error_set(err, XY_EINVAL, "%s长 %zu 字节，超过上限 %d 字节 (%s is %zu bytes, more than %d)", zh, n,
                            XY_CLAIM_TEXT_MAX, en, n, XY_CLAIM_TEXT_MAX);
    if (!xy_utf8_valid(s, n))
        return xy_error_set(err, XY_EINVAL, "%s含有无效的 UTF-8 字节 (%s is not valid UTF-8)", zh, en);
    return 0;
}

static const struct {
    const char *type;
    const char *magic;
    size_t len;
} MEDIA[] = {
    {"application/pdf", "%PDF-", 5},
    {"image/png", "\x89PNG\r\n\x1a\n", 8},
    {"image/jpeg", "\xFF\xD8\xFF", 3},
};

int xy_claim_files_check(const struct xy_claim_file_in *f, size_t n, struct xy_error *err)
{
    if (n > XY_CLAIM_FILES_MAX)
        return xy_error_set(err, XY_EINVAL, "附件 %zu 个，最多可附 %d 个 (%zu files: at most %d may be attached)", n,
                            XY_CLAIM_FILES_MAX, n, XY_CLAIM_FILES_MAX);
    for (size_t i = 0; i < n; i++) {
        const char *name = f[i].name ? f[i].name : "";
        size_t nl = strlen(name);
        if (nl == 0 || nl > 200 || !xy_utf8_valid(name, nl) || strpbrk(name, "/\\\"") ||
            strspn(name, ".") == nl)
            return xy_error_set(err, XY_EINVAL, "第 %zu 个文件：文件名须为 1 至 200 字节，不含 / \\ 或 \" "
                                "(file %zu: a name of 1 to 200 bytes without / \\ or \" is needed)", i + 1, i + 1);
        for (size_t k = 0; k < nl; k++)
            if ((unsigned char)name[k] < 0x20 || name[k] == 0x7f)
                return xy_error_set(err, XY_EINVAL, "第 %zu 个文件的文件名含有控制字符 (file %zu: control characters "
                                    "in its name)", i + 1, i + 1);
        if (f[i].len == 0)
            return xy_error_set(err, XY_EINVAL, "第 %zu 个文件（%s）是空文件 (file %zu is empty)", i + 1, name, i + 1);
        if (f[i].len > XY_CLAIM_FILE_MAX)
            return xy_error_set(err, XY_ETOOBIG, "第 %zu 个文件（%s）大小为 %zu 字节，超过上限 %u 字节 (file %zu is %zu "
                                "bytes, more than %u)", i + 1, name, f[i].len, XY_CLAIM_FILE_MAX, i + 1, f[i].len,
                                XY_CLAIM_FILE_MAX);
        size_t m = 0;
        while (m < sizeof MEDIA / sizeof *MEDIA && (!f[i].media_type || strcmp(MEDIA[m].type, f[i].media_type)))
            m++;
        if (m == sizeof MEDIA / sizeof *MEDIA)
            return xy_error_set(err, XY_EINVAL, "第 %zu 个文件（%s）：只接受 PDF、PNG 和 JPEG 文件"
                                "（application/pdf、image/png、image/jpeg） (file %zu: only application/pdf, "
                                "image/png and image/jpeg are accepted)", i + 1, name, i + 1);
        if (f[i].len < MEDIA[m].len || memcmp(f[i].data, MEDIA[m].magic, MEDIA[m].len) != 0)
            return xy_error_set(err, XY_EINVAL, "第 %zu 个文件（%s）不是 %s 文件：文件开头的字节不符 (file %zu is not a %s "
                                "file: its first bytes do not match)", i + 1, name, MEDIA[m].type, i + 1,
                                MEDIA[m].type);
    }
    return 0;
}

/* ---- dates ------------------------------------------------------------------------------------ */

int xy_claim_due_after(struct xy_app *app, struct xy_date from, int n, char out[11], struct xy_error *err)
{
    struct xy_calendar cal;
    xy_calendar_init(&cal);
    int rc = xy_calendar_load(app, &cal, err);
    if (!rc)
        xy_date_format(xy_calendar_add_workdays(&cal, from, n), out);
    xy_calendar_free(&cal);
    return rc;
}

/* ---- the write path shared by every move ---------------------------------------------------- */

int xy_claim_step(struct xy_store *st, int64_t id, const char *now, const char *action, const char *state,
                  const struct xy_principal *by, const char *note, const char *due, struct xy_error *err)
{
    struct xy_claim_step_row s = {.at = now, .action = action, .state = state, .key_id = by->key_id,
                                  .role = xy_role_name(by->role), .note = note, .due = due && *due ? due : NULL};
    return st->ops->claim_step_add(st, id, &s, err);
}

int xy_claim_change(struct xy_store *st, const char *now, const char *kind, int64_t record_id, int64_t subject_id,
                    const char *cls, json_t *detail, struct xy_error *err)
{
    char *text = xy_audit_detail_text(detail, err);
    int rc = text ? XY_OK : XY_ENOMEM;
    if (!rc) {
        struct xy_change_row c = {.at = now, .kind = kind, .record_id = record_id, .subject_id = subject_id,
                                  .cls = cls, .detail = text};
        rc = st->ops->change_add(st, &c, err);
    }
    xy_free(text);
    return rc;
}

const char *xy_claim_arg(const json_t *args, const char *key)
{
    return json_string_value(json_object_get(args, key));
}

static int file(struct xy_app *app, const struct xy_principal *by, const char *kind, int64_t record_id,
                const char *text, const char *signer, const struct xy_claim_file_in *files, size_t nfiles,
                int64_t *id, struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct xy_date today = xy_clock_today(&app->clock);
    int is_obj = strcmp(kind, "objection") == 0;
    struct xy_claim_rec r;
    char now[32], due[11], object[48];
    int64_t open = 0;
    int rc;

    if (by->role != XY_ROLE_SUBJECT && by->role != XY_ROLE_OFFICE && by->role != XY_ROLE_OPERATOR)
        return xy_error_set(err, XY_EDENIED, "只有信用主体本人，或代其办理的信用办，可以提出%s (only the subject, or "
                            "the credit office on its behalf, files %s)", is_obj ? "异议" : "信用修复申请",
                            is_obj ? "an objection" : "a repair application");
    if ((rc = xy_claim_check_text(is_obj ? "异议理由" : "信用修复承诺", is_obj ? "the grounds" : "the repair commitment",
                                  text, 1, err)) ||
        (!is_obj && (rc = xy_claim_check_text("承诺人", "the signer", signer, 1, err))) ||
        (rc = xy_claim_files_check(files, nfiles, err)))
        return rc;
    if (!is_obj && strlen(signer) > 200)
        return xy_error_set(err, XY_EINVAL, "承诺人姓名超过 200 字节 (the signer's name is longer than 200 bytes)");
    if ((rc = xy_claim_rec_load(app, record_id, &r, err)))
        return rc;
    /* A subject sees only its own records: someone else's is "not found", not "forbidden". */
    if (by->role == XY_ROLE_SUBJECT && r.subject_id != by->subject_id) {
        rc = xy_error_set(err, XY_ENOTFOUND, "您的信用档案中没有记录 %lld (no record %lld in your file)",
                          (long long)record_id, (long long)record_id);
        goto out;
    }
    /* An entry of a list published above is the publishing platform's: no city department may
     * correct, withdraw or repair it, so the claim goes to that platform. */
    if (r.upper) {
        rc = xy_error_set(err, XY_EDENIED, "记录 %lld 为上级平台发布的名单条目（来源 %.64s），异议和信用修复须向发布平台提出 "
                          "(record %lld is an entry of a list published above, source %.64s: objections and repairs go to "
                          "the publishing platform)", (long long)record_id, r.upper, (long long)record_id, r.upper);
        goto out;
    }
    if (!r.is_current) {
        rc = xy_error_set(err, XY_ESTATE, "记录 %lld 已被新版本取代，请针对新版本提出 (record %lld has been replaced "
                          "by a newer version: file against that one)", (long long)record_id, (long long)record_id);
        goto out;
    }
    if (is_obj && strcmp(r.status, "published") != 0 && strcmp(r.status, "unpublished") != 0) {
        rc = xy_error_set(err, XY_ESTATE, "记录 %lld 的状态为“%s”，已没有可提出异议的内容 (record %lld is %s: there "
                          "is nothing left to object to)", (long long)record_id, xy_claim_status_zh(r.status),
                          (long long)record_id, r.status);
        goto out;
    }
    if (!is_obj && ((rc = xy_claim_repair_allowed(app, &r, today, err)) || (rc = xy_claim_repair_training(app, &r, err))))
        goto out;
    if ((rc = xy_claim_due_after(app, today, is_obj ? app->catalog->objection.accept : app->catalog->repair_decide,
                                 due, err)))
        goto out;
    xy_clock_stamp(&app->clock, now);
    if ((rc = st->ops->begin(st, err)))
        goto out;
    if ((rc = st->ops->claim_open_on(st, kind, record_id, &open, err)))
        goto tx;
    if (open) {
        rc = xy_error_set(err, XY_EEXIST, "记录 %lld 已有办理中的%s（编号 %lld） (%s %lld on record %lld is still "
                          "open)", (long long)record_id, is_obj ? "异议" : "信用修复申请", (long long)open,
                          is_obj ? "objection" : "repair application", (long long)open, (long long)record_id);
        goto tx;
    }
    struct xy_claim_row c = {.kind = kind, .record_id = record_id, .subject_id = r.subject_id, .dept_id = r.dept_id,
                             .filed_by = by->key_id, .filed_role = xy_role_name(by->role), .text = text,
                             .signer = is_obj ? NULL : signer, .state = "submitted", .due = due,
                             .filed_at = now, .updated_at = now};
    if ((rc = st->ops->claim_add(st, &c, id, err)))
        goto tx;
    for (size_t i = 0; i < nfiles && !rc; i++) {
        uint8_t h[crypto_hash_sha256_BYTES];
        crypto_hash_sha256(h, files[i].data, files[i].len);
        struct xy_file_row f = {.seq = (int)i + 1, .name = files[i].name, .media_type = files[i].media_type,
                                .size = (int64_t)files[i].len, .sha256 = h, .data = files[i].data};
        rc = st->ops->file_add(st, *id, &f, err);
    }
    if (!rc)
        rc = xy_claim_step(st, *id, now, "file", "submitted", by, NULL, due, err);
tx:
    snprintf(object, sizeof object, "%s/%lld", kind, (long long)(rc ? 0 : *id));
    rc = xy_audit_commitj(app, by, is_obj ? "objection.file" : "repair.file", object,
                         json_pack("{s:I, s:I}", "record", (json_int_t)record_id, "files", (json_int_t)nfiles), rc,
                         err);
out:
    xy_claim_rec_free(&r);
    return rc;
}

int xy_objection_file(struct xy_app *app, const struct xy_principal *by, int64_t record_id, const char *grounds,
                      const struct xy_claim_file_in *files, size_t nfiles, int64_t *id, struct xy_error *err)
{
    return file(app, by, "objection", record_id, grounds, NULL, files, nfiles, id, err);
}

int xy_repair_file(struct xy_app *app, const struct xy_principal *by, int64_t record_id, const char *commitment,
                   const char *signer, const struct xy_claim_file_in *files, size_t nfiles, int64_t *id,
                   struct xy_error *err)
{
    return file(app, by, "repair", record_id, commitment, signer, files, nfiles, id, err);
}

int xy_claim_act(struct xy_app *app, const struct xy_principal *by, int64_t id, const char *action,
                 const json_t *args, struct xy_error *err)
{
    struct xy_claim_loaded x;
    char now[32];
    int rc;
    if (args && !json_is_object(args))
        return xy_error_set(err, XY_EINVAL, "办理操作的参数须为 JSON 对象 (the action's arguments must be a JSON "
                            "object)");
    if ((rc = claim_load(app, by, id, &x, err)))
        return rc;
    xy_clock_stamp(&app->clock, now);
    if (strcmp(x.kind, "objection") == 0)
        rc = xy_claim_act_objection(app, by, &x, args, now, xy_clock_today(&app->clock), action ? action : "", err);
    else
        rc = xy_claim_act_repair(app, by, &x, args, now, action ? action : "", err);
    claim_free(&x);
    return rc;
}

/* ---- reads ------------------------------------------------------------------------------------ */

static int on_step(void *ctx, const struct xy_claim_step_row *s)
{
    json_t *j = json_pack("{s:i, s:s, s:s, s:s, s:s, s:s?, s:s?}", "seq", s->seq, "at", s->at, "action", s->action,
                          "state", s->state, "role", s->role, "note", s->note, "due", s->due);
    return j ? json_array_append_new(ctx, j) : 1;
}

static int on_file(void *ctx, const struct xy_file_row *f)
{
    char hex[65];
    sodium_bin2hex(hex, sizeof hex, f->sha256, 32);
    json_t *j = json_pack("{s:i, s:s, s:s, s:I, s:s}", "seq", f->seq, "name", f->name, "media_type", f->media_type,
                          "size", (json_int_t)f->size, "sha256", hex);
    return j ? json_array_append_new(ctx, j) : 1;
}

int xy_claim_show(struct xy_app *app, const struct xy_principal *by, int64_t id, json_t **out, struct xy_error *err)
{
    struct xy_claim_loaded x;
    int rc;
    *out = NULL;
    if ((rc = claim_load(app, by, id, &x, err)))
        return rc;
    json_t *steps = json_array(), *files = json_array();
    if (!steps || !files)
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    if (!rc)
        rc = app->store->ops->claim_steps(app->store, id, on_step, steps, err);
    if (!rc)
        rc = app->store->ops->files_list(app->store, id, on_file, files, err);
    if (!rc && x.fields) {
        json_error_t jerr;
        xy_alloc_failed();
        json_t *f = json_loads(x.fields, 0, &jerr);
        if (f)
            json_object_set_new(x.json, strcmp(x.kind, "repair") == 0 ? "lifted" : "fields", f);
        else if (xy_alloc_failed())
            rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    }
    if (!rc && strcmp(x.kind, "repair") == 0) {
        /* Whoever decides a repair sees whether its subject completed the training. */
        json_t *t = NULL;
        if (!(rc = xy_claim_training(app, x.subject_id, json_string_value(json_object_get(x.json, "class")), &t, err)))
            json_object_set_new(x.json, "training", t);
    }
    if (!rc && x.due[0]) {
        struct xy_date due, today = xy_clock_today(&app->clock);
        if (xy_date_parse(x.due, 10, &due) == 0)
            json_object_set_new(x.json, "overdue", json_boolean(xy_date_cmp(today, due) > 0));
    }
    if (!rc) {
        json_object_set_new(x.json, "steps", steps);
        json_object_set_new(x.json, "files", files);
        *out = json_incref(x.json);
    } else {
        json_decref(steps);
        json_decref(files);
    }
    claim_free(&x);
    return rc;
}

struct page {
    json_t *items;
    int64_t last;
    char today[11];
    int oom;
};

static int on_page(void *ctx, const struct xy_claim_row *c)
{
    struct page *p = ctx;
    json_t *j = claim_json(c);
    if (!j) {
        p->oom = 1;
        return 1;
    }
    json_object_set_new(j, "overdue", json_boolean(c->due && strcmp(c->due, p->today) < 0));
    json_object_del(j, "text"); /* lists stay short: the grounds are in the claim itself */
    json_array_append_new(p->items, j);
    p->last = c->id;
    return 0;
}

int xy_claims_list(struct xy_app *app, const struct xy_principal *by, const char *kind, const char *state,
                   int overdue, int64_t after, int limit, json_t **items, int64_t *last, struct xy_error *err)
{
    struct page p = {.items = json_array()};
    struct xy_claim_filter f = {.kind = kind, .state = state, .after = after, .limit = limit};
    xy_date_format(xy_clock_today(&app->clock), p.today);
    *items = NULL;
    *last = 0;
    if (kind && strcmp(kind, "objection") != 0 && strcmp(kind, "repair") != 0)
        return json_decref(p.items), xy_error_set(err, XY_EINVAL, "kind 须为 objection（异议）或 repair（信用修复） "
                                                  "(kind must be objection or repair)");
    enum xy_obj_state os;
    enum xy_rep_state rs;
    if (state && xy_obj_state_parse(state, &os) != 0 && xy_rep_state_parse(state, &rs) != 0)
        return json_decref(p.items), xy_error_set(err, XY_EINVAL, "state 须为以下之一：submitted、accepted、"
                                                  "forwarded、decided、closed、rejected、approved、refused (state "
                                                  "must be one of submitted, accepted, forwarded, decided, closed, "
                                                  "rejected, approved, refused)");
    switch (by->role) {
    case XY_ROLE_SUBJECT: f.subject_id = by->subject_id ? by->subject_id : -1; break;
    case XY_ROLE_DEPARTMENT: f.dept_id = by->dept_id ? by->dept_id : -1; break;
    case XY_ROLE_OFFICE:
    case XY_ROLE_OPERATOR: break;
    default:
        json_decref(p.items);
        return xy_error_set(err, XY_EDENIED, "此角色不能查看异议和信用修复申请 (claims are not listed to this role)");
    }
    if (overdue)
        f.due_before = p.today;
    if (!p.items)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    int rc = app->store->ops->claims_page(app->store, &f, on_page, &p, err);
    if (!rc && p.oom)
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    if (rc) {
        json_decref(p.items);
        return rc;
    }
    *items = p.items;
    *last = p.last;
    return 0;
}

struct file_out {
    struct xy_buf *data;
    char *media_type, *name;
    int rc;
};

static int on_file_data(void *ctx, const struct xy_file_row *f)
{
    struct file_out *o = ctx;
    snprintf(o->media_type, 64, "%s", f->media_type);
    snprintf(o->name, 256, "%s", f->name);
    o->rc = xy_buf_add(o->data, f->data, (size_t)f->size);
    return 1;
}

int xy_claim_file_read(struct xy_app *app, const struct xy_principal *by, int64_t id, int seq, struct xy_buf *data,
                       char *media_type, char *name, struct xy_error *err)
{
    struct xy_claim_loaded x;
    int rc;
    if ((rc = claim_load(app, by, id, &x, err)))
        return rc;
    claim_free(&x);
    struct file_out o = {data, media_type, name, 0};
    rc = app->store->ops->file_get(app->store, id, seq, on_file_data, &o, err);
    if (!rc && o.rc)
        rc = xy_error_set(err, o.rc, "文件无法读入内存 (the file cannot be read into memory)");
    return rc;
}
