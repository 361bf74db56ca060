/* SPDX-License-Identifier: Apache-2.0 */
/* Objections and repair applications: filing, moving on, showing. Every write runs in one
 * transaction with its audit entry, its step and its change-feed entry, so that a crash leaves
 * either all of a move or none of it. */
#include "app/claim.h"
#include "app/app_int.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/audit.h"
#include "app/calendar.h"
#include "app/recordrow.h"
#include "app/subject.h"
#include "common/xy_alloc.h"
#include "common/xy_utf8.h"
#include "core/objection.h"
#include "core/repair.h"
#include "core/validate.h"

/* ---- bilingual problems ---------------------------------------------------------------------- */

/* What a subject or a clerk may read is said "中文 (English)": the Chinese sentence, then the English
 * one in ASCII brackets at the very end, with no brackets or Chinese inside (web/js/format.js
 * reasonText shows the part in the reader's language). Values a person typed are cut on a character
 * boundary, so that a message fits struct xy_error.msg whole. */

/* The length of s cut to at most max bytes, for "%.*s". */
static int cut(const char *s, size_t max)
{
    size_t n = strlen(s);
    return (int)(n > max ? xy_utf8_floor(s, max) : n);
}

/* A record's status as the portal names it (zh.json me.status.*). */
static const char *status_zh(const char *status)
{
    static const char *const names[][2] = {{"published", "已公示"},  {"unpublished", "未公示"}, {"expired", "已到期"},
                                           {"withdrawn", "已撤回"}, {"repaired", "已修复"}};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(names[i][0], status) == 0)
            return names[i][1];
    return status;
}

/* An objection's action as the console names it (zh.json claims.act.*). */
static const char *obj_action_zh(enum xy_obj_action a)
{
    static const char *const names[XY_OBJ__ACTIONS] = {
        [XY_OBJ_ACCEPT] = "受理",           [XY_OBJ_REJECT] = "不予受理",     [XY_OBJ_FORWARD] = "转交部门核实",
        [XY_OBJ_EXTEND] = "延长核实时限", [XY_OBJ_DECIDE] = "作出核实决定", [XY_OBJ_CLOSE] = "办结",
    };
    return (unsigned)a < XY_OBJ__ACTIONS && names[a] ? names[a] : "?";
}

/* ---- owned copies of rows the store lends for a callback ---------------------------------- */

struct rec {
    int64_t id, dept_id, subject_id, batch_id, objection_id;
    int version, is_current;
    unsigned flags;
    char *cls, *doc_no, *status, *decision_date, *min_until, *fields, *dept_uscc;
    uint8_t *sealed;
    size_t sealed_len;
    int found, oom;
};

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
    struct rec *x = ctx;
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

static void rec_free(struct rec *x)
{
    xy_free(x->cls);
    xy_free(x->doc_no);
    xy_free(x->status);
    xy_free(x->decision_date);
    xy_free(x->min_until);
    xy_free(x->fields);
    xy_free(x->dept_uscc);
    xy_free(x->sealed);
    memset(x, 0, sizeof *x);
}

static int rec_load(struct xy_app *app, int64_t id, struct rec *x, struct xy_error *err)
{
    memset(x, 0, sizeof *x);
    int rc = app->store->ops->record_get(app->store, id, on_rec, x, err);
    if (!rc && x->oom)
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    if (rc == XY_ENOTFOUND || (!rc && !x->found))
        rc = xy_error_set(err, XY_ENOTFOUND, "没有记录 %lld (no record %lld)", (long long)id, (long long)id);
    if (rc)
        rec_free(x);
    return rc;
}

struct claim {
    int64_t id, record_id, subject_id, dept_id, filed_by, result_record;
    int extended, found, oom;
    json_t *json; /* as shown */
    char kind[16], state[16], due[11], decision[16];
    char *reason, *fields;
};

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
    struct claim *x = ctx;
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

static void claim_free(struct claim *x)
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

static int claim_load(struct xy_app *app, const struct xy_principal *by, int64_t id, struct claim *x,
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
static int check_text(const char *zh, const char *en, const char *s, int required, struct xy_error *err)
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

static int check_files(const struct xy_claim_file_in *f, size_t n, struct xy_error *err)
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

/* The day n working days after `from`, formatted. */
static int due_after(struct xy_app *app, struct xy_date from, int n, char out[11], struct xy_error *err)
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

static int step(struct xy_store *st, int64_t id, const char *now, const char *action, const char *state,
                const struct xy_principal *by, const char *note, const char *due, struct xy_error *err)
{
    struct xy_claim_step_row s = {.at = now, .action = action, .state = state, .key_id = by->key_id,
                                  .role = xy_role_name(by->role), .note = note, .due = due && *due ? due : NULL};
    return st->ops->claim_step_add(st, id, &s, err);
}

static int change(struct xy_store *st, const char *now, const char *kind, int64_t record_id, int64_t subject_id,
                  const char *cls, const char *detail, struct xy_error *err)
{
    struct xy_change_row c = {.at = now, .kind = kind, .record_id = record_id, .subject_id = subject_id,
                              .cls = cls, .detail = detail};
    return st->ops->change_add(st, &c, err);
}

static int file(struct xy_app *app, const struct xy_principal *by, const char *kind, int64_t record_id,
                const char *text, const char *signer, const struct xy_claim_file_in *files, size_t nfiles,
                int64_t *id, struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct xy_date today = xy_clock_today(&app->clock);
    int is_obj = strcmp(kind, "objection") == 0;
    struct rec r;
    char now[32], due[11], object[48], detail[128];
    int64_t open = 0;
    int rc;

    if (by->role != XY_ROLE_SUBJECT && by->role != XY_ROLE_OFFICE && by->role != XY_ROLE_OPERATOR)
        return xy_error_set(err, XY_EDENIED, "只有信用主体本人，或代其办理的信用办，可以提出%s (only the subject, or "
                            "the credit office on its behalf, files %s)", is_obj ? "异议" : "信用修复申请",
                            is_obj ? "an objection" : "a repair application");
    if ((rc = check_text(is_obj ? "异议理由" : "信用修复承诺", is_obj ? "the grounds" : "the repair commitment", text, 1,
                         err)) ||
        (!is_obj && (rc = check_text("承诺人", "the signer", signer, 1, err))) ||
        (rc = check_files(files, nfiles, err)))
        return rc;
    if (!is_obj && strlen(signer) > 200)
        return xy_error_set(err, XY_EINVAL, "承诺人姓名超过 200 字节 (the signer's name is longer than 200 bytes)");
    if ((rc = rec_load(app, record_id, &r, err)))
        return rc;
    /* A subject sees only its own records: someone else's is "not found", not "forbidden". */
    if (by->role == XY_ROLE_SUBJECT && r.subject_id != by->subject_id) {
        rc = xy_error_set(err, XY_ENOTFOUND, "您的信用档案中没有记录 %lld (no record %lld in your file)",
                          (long long)record_id, (long long)record_id);
        goto out;
    }
    if (!r.is_current) {
        rc = xy_error_set(err, XY_ESTATE, "记录 %lld 已被新版本取代，请针对新版本提出 (record %lld has been replaced "
                          "by a newer version: file against that one)", (long long)record_id, (long long)record_id);
        goto out;
    }
    if (is_obj && strcmp(r.status, "published") != 0 && strcmp(r.status, "unpublished") != 0) {
        rc = xy_error_set(err, XY_ESTATE, "记录 %lld 的状态为“%s”，已没有可提出异议的内容 (record %lld is %s: there "
                          "is nothing left to object to)", (long long)record_id, status_zh(r.status),
                          (long long)record_id, r.status);
        goto out;
    }
    if (!is_obj) {
        const struct xy_class *k = xy_catalog_class(app->catalog, r.cls);
        int is_list = strcmp(r.cls, "black_list") == 0 || strcmp(r.cls, "watch_list") == 0;
        struct xy_date from;
        if (!k || (!k->policy && !is_list)) {
            const char *cls_zh = k && k->name_zh ? k->name_zh : r.cls;
            rc = xy_error_set(err, XY_EINVAL, "只有失信信息（行政处罚、黑名单和重点关注名单）可以申请信用修复；记录 %lld "
                              "属于“%.*s” (only adverse records, penalties and black or watch list entries, are "
                              "repaired; record %lld is of class %.*s)", (long long)record_id, cut(cls_zh, 90),
                              cls_zh, (long long)record_id, cut(r.cls, 60), r.cls);
            goto out;
        }
        if (strcmp(r.status, "published") != 0) {
            rc = xy_error_set(err, XY_ESTATE, "记录 %lld 的状态为“%s”，不在公示中，无需信用修复 (record %lld is %s, "
                              "not published: there is nothing to repair)", (long long)record_id,
                              status_zh(r.status), (long long)record_id, r.status);
            goto out;
        }
        if (xy_repair_allowed_from(r.min_until, r.decision_date, is_list, &from) != 0) {
            rc = xy_error_set(err, XY_EINVAL, "记录 %lld 没有决定日期，无法计算最短公示期 (record %lld has no "
                              "decision date to count its minimum period from)", (long long)record_id,
                              (long long)record_id);
            goto out;
        }
        if (xy_date_cmp(today, from) < 0) {
            char d[11];
            xy_date_format(from, d);
            rc = xy_error_set(err, XY_ESTATE, "信用修复自%s起方可申请 (repair may be applied for from %s, when the "
                              "minimum publicity period has passed)", d, d);
            goto out;
        }
    }
    if ((rc = due_after(app, today, is_obj ? app->catalog->objection.accept : app->catalog->repair_decide, due,
                        err)))
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
        rc = step(st, *id, now, "file", "submitted", by, NULL, due, err);
tx:
    snprintf(object, sizeof object, "%s/%lld", kind, (long long)(rc ? 0 : *id));
    snprintf(detail, sizeof detail, "{\"record\":%lld,\"files\":%zu}", (long long)record_id, nfiles);
    rc = xy_audit_commit(app, by, is_obj ? "objection.file" : "repair.file", object, detail, rc, err);
out:
    rec_free(&r);
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

/* ---- corrections ------------------------------------------------------------------------------ */

/* Fields a correction may not change: who the record is about and its number. */
static int identity_field(const struct xy_class *k, size_t i)
{
    static const enum xy_field_role fixed[] = {XY_ROLE_PARTY_CATEGORY, XY_ROLE_PARTY_USCC, XY_ROLE_PARTY_REGNO,
                                               XY_ROLE_PARTY_ID_TYPE,  XY_ROLE_PARTY_ID_NO, XY_ROLE_DOC_NO};
    for (size_t j = 0; j < sizeof fixed / sizeof *fixed; j++)
        if (k->role_field[fixed[j]] == (int)i)
            return 1;
    return 0;
}

/* The record with the corrections laid over its stored fields, validated as an incoming row would
 * be. OUT: *v (release with xy_valrec_release). */
static int corrected(struct xy_app *app, const struct rec *r, const json_t *fix, struct xy_valrec *v,
                     struct xy_error *err)
{
    const struct xy_class *k = xy_catalog_class(app->catalog, r->cls);
    json_error_t jerr;
    json_t *all = NULL, *sealed = NULL;
    struct xy_cell *cells = NULL;
    int rc = 0;
    if (!k)
        return xy_error_set(err, XY_EINVAL, "信息类别 %.60s 已不在信息目录中 (class %.60s is no longer in the "
                            "catalogue)", r->cls, r->cls);
    if (!json_is_object(fix) || json_object_size(fix) == 0)
        return xy_error_set(err, XY_EINVAL, "更正须提供 \"fields\"：按英文键名列出更正后的字段 (a correction needs "
                            "\"fields\": the corrected fields by English key)");
    const char *key;
    const json_t *val;
    json_object_foreach((json_t *)fix, key, val) {
        int i = xy_class_field_lookup(k, key, strlen(key));
        const char *cls_zh = k->name_zh ? k->name_zh : r->cls;
        if (i < 0 || strcmp(k->fields[i].key, key) != 0)
            return xy_error_set(err, XY_EINVAL, "%.*s 不是“%.*s”类信息的字段 (%.*s is not a field of class %.60s)",
                                cut(key, 64), key, cut(cls_zh, 90), cls_zh, cut(key, 64), key, r->cls);
        if (identity_field(k, (size_t)i))
            return xy_error_set(err, XY_EINVAL, "更正不能修改 %.64s（记录所涉主体或文书号）：请由部门撤回该记录后重新报送 "
                                "(a correction cannot change %.64s, who the record is about or its number: the "
                                "department withdraws the record and submits a new one)", key, key);
        if (!json_is_string(val) && !json_is_null(val))
            return xy_error_set(err, XY_EINVAL, "更正后的 %.64s 须为字符串（以 null 清空） (the corrected %.64s must be a "
                                "string, or null to clear it)", key, key);
    }
    xy_alloc_failed();
    if (!(all = json_loads(r->fields, 0, &jerr)))
        return xy_alloc_failed() ? xy_error_set(err, XY_ENOMEM, "out of memory")
                                 : xy_error_set(err, XY_ECORRUPT, "record %lld: stored fields do not parse",
                                                (long long)r->id);
    if (r->sealed && r->sealed_len > XY_SEAL_OVERHEAD) {
        size_t n = r->sealed_len - XY_SEAL_OVERHEAD;
        char *plain = xy_malloc(n + 1);
        if (plain && xy_keys_open(&app->keys, r->sealed, r->sealed_len, plain) == 0) {
            plain[n] = '\0';
            sealed = json_loads(plain, 0, &jerr);
            sodium_memzero(plain, n);
        }
        xy_free(plain);
        if (!sealed) {
            rc = xy_alloc_failed() ? xy_error_set(err, XY_ENOMEM, "out of memory")
                                   : xy_error_set(err, XY_ECRYPTO, "record %lld: sealed values do not open",
                                                  (long long)r->id);
            goto out;
        }
        json_object_update(all, sealed);
    }
    json_object_foreach((json_t *)fix, key, val) {
        if (json_is_null(val))
            json_object_del(all, key);
        else
            json_object_set(all, key, (json_t *)val);
    }
    if (!(cells = xy_calloc(k->nfields, sizeof *cells))) {
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < k->nfields; i++) {
        const char *s = json_string_value(json_object_get(all, k->fields[i].key));
        if (s) {
            cells[i].p = s;
            cells[i].n = strlen(s);
        }
    }
    struct xy_row_errors errs;
    rc = xy_validate_row(k, cells, xy_clock_today(&app->clock), v, &errs);
    if (rc == XY_EINVAL && errs.n) {
        int f = errs.e[0].field;
        /* The validator's reason is bilingual too: each part goes into the part of its language. */
        const char *why = errs.e[0].reason, *en = why;
        int zn = (int)strlen(why), en_n = zn;
        const char *open = zn > 0 && why[zn - 1] == ')' ? strrchr(why, '(') : NULL;
        if (open && open > why && open[-1] == ' ' && !strchr(open + 1, '(')) {
            zn = (int)(open - why - 1);
            en = open + 1;
            en_n = (int)strlen(en) - 1;
        }
        /* Bounded so that the whole fits in err->msg: 36 + 40 + 3 + 190 + 37 + 40 + 2 + 150 + 1 bytes. */
        char zh[192], en_part[152];
        snprintf(zh, sizeof zh, "%.*s", zn, why);
        snprintf(en_part, sizeof en_part, "%.*s", en_n, en);
        const char *fk = f >= 0 ? k->fields[f].key : "";
        xy_error_set(err, XY_EINVAL, "更正后的记录未通过校验：%.40s%s%.*s (the corrected record is not valid: %.40s%s%.*s)",
                     fk, f >= 0 ? "：" : "", cut(zh, 190), zh, fk, f >= 0 ? ": " : "", cut(en_part, 150), en_part);
    } else if (rc) {
        xy_error_set(err, rc, "the corrected record cannot be checked");
    }
out:
    xy_free(cells);
    if (sealed) {
        json_decref(sealed);
    }
    json_decref(all);
    return rc;
}

/* Stores the corrected record as the next version of r. OUT: *new_id. */
static int store_correction(struct xy_app *app, const struct rec *r, struct xy_valrec *v, const char *now,
                            int64_t *new_id, struct xy_error *err)
{
    struct xy_rowparts parts;
    int rc = xy_rowparts_make(&app->keys, xy_catalog_class(app->catalog, r->cls), v, NULL, &parts, err);
    if (rc)
        return rc;
    struct xy_record_row row = {
        .cls = r->cls,
        .dept_id = r->dept_id,
        .doc_no = r->doc_no,
        .version = r->version + 1,
        .subject_id = r->subject_id,
        .batch_id = r->batch_id, /* the batch that brought the record; row 0: not from a file */
        .row_no = 0,
        .created_at = now,
    };
    xy_rowparts_fill(v, &parts, 0, &row);
    rc = app->store->ops->record_put(app->store, &row, new_id, err);
    xy_rowparts_release(&parts);
    return rc;
}

/* ---- repairs: the list entries a repaired record caused ------------------------------------- */

struct lifted {
    int64_t *ids;
    size_t n, cap;
    int oom;
};

static int on_citing(void *ctx, const struct xy_record_row *r)
{
    struct lifted *l = ctx;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        int64_t *p = xy_realloc(l->ids, cap * sizeof *p);
        if (!p)
            return l->oom = 1;
        l->ids = p;
        l->cap = cap;
    }
    l->ids[l->n++] = r->id;
    return 0;
}

/* ---- moves ------------------------------------------------------------------------------------ */

static const char *arg(const json_t *args, const char *key)
{
    return json_string_value(json_object_get(args, key));
}

static int act_objection(struct xy_app *app, const struct xy_principal *by, struct claim *x, const json_t *args,
                         const char *now, struct xy_date today, const char *action_name, struct xy_error *err)
{
    struct xy_store *st = app->store;
    const struct xy_obj_limits *lim = &app->catalog->objection;
    enum xy_obj_action a;
    enum xy_obj_state s, next;
    int limit = 0, rc;
    char due[11] = "", detail[160];
    struct rec r = {0};
    json_t *fix = NULL;
    struct xy_valrec v;
    int have_v = 0;

    if (xy_obj_action_parse(action_name, &a) != 0)
        return xy_error_set(err, XY_EINVAL, "%.*s 不是异议的办理操作，可用：accept、reject、forward、extend、decide、close "
                            "(%.*s is not an objection action: accept, reject, forward, extend, decide, close)",
                            cut(action_name, 40), action_name, cut(action_name, 40), action_name);
    if (xy_obj_state_parse(x->state, &s) != 0)
        return xy_error_set(err, XY_ECORRUPT, "objection %lld has an unknown state", (long long)x->id);
    int source = by->role == XY_ROLE_OPERATOR || (by->role == XY_ROLE_DEPARTMENT && by->dept_id == x->dept_id);
    int office = by->role == XY_ROLE_OPERATOR || by->role == XY_ROLE_OFFICE;
    if (xy_obj_actor(a) == XY_OBJ_BY_SOURCE ? !source : !office)
        return xy_error_set(err, XY_EDENIED, "只有%s可以对异议执行“%s” (only %s may %s an objection)",
                            xy_obj_actor(a) == XY_OBJ_BY_SOURCE ? "报送该记录的部门" : "信用办", obj_action_zh(a),
                            xy_obj_actor(a) == XY_OBJ_BY_SOURCE ? "the department that submitted the record"
                                                                : "the credit office",
                            action_name);
    if ((rc = xy_obj_next(s, a, x->extended, lim, &next, &limit, err)))
        return rc;
    const char *reason = arg(args, "reason");
    enum xy_obj_decision d = XY_OBJ_NONE;
    if (a == XY_OBJ_REJECT || a == XY_OBJ_DECIDE || a == XY_OBJ_EXTEND) {
        if ((rc = check_text("理由", "the reason", reason, 1, err)))
            return rc;
    } else if ((rc = check_text("备注", "the note", reason, 0, err))) {
        return rc;
    }
    if ((rc = rec_load(app, x->record_id, &r, err)))
        return rc;
    if (a == XY_OBJ_DECIDE) {
        if (xy_obj_decision_parse(arg(args, "decision"), &d) != 0 || d == XY_OBJ_NONE) {
            rc = xy_error_set(err, XY_EINVAL, "核实决定须为 correct（更正）、delete（删除）或 uphold（维持） (decision "
                              "must be correct, delete or uphold)");
            goto out;
        }
        if (d == XY_OBJ_CORRECT) {
            /* Checked now, so that the department hears of a bad correction, not the office at closing. */
            if ((rc = corrected(app, &r, json_object_get(args, "fields"), &v, err)))
                goto out;
            xy_valrec_release(&v);
            fix = json_object_get(args, "fields");
        } else if (json_object_get(args, "fields")) {
            rc = xy_error_set(err, XY_EINVAL, "只有核实决定为 correct（更正）时才可提供 fields (fields are given only "
                              "with the decision correct)");
            goto out;
        }
    }
    if (a == XY_OBJ_CLOSE && strcmp(x->decision, "correct") == 0) {
        json_error_t jerr;
        xy_alloc_failed();
        json_t *f = x->fields ? json_loads(x->fields, 0, &jerr) : NULL;
        rc = !f && xy_alloc_failed() ? xy_error_set(err, XY_ENOMEM, "out of memory") : corrected(app, &r, f, &v, err);
        json_decref(f);
        if (rc)
            goto out;
        have_v = 1;
    }
    /* The limit of the next step; an extension adds to the running one. */
    if (a == XY_OBJ_EXTEND) {
        struct xy_date cur;
        if (xy_date_parse(x->due, strlen(x->due), &cur) != 0)
            cur = today;
        rc = due_after(app, cur, limit, due, err);
    } else if (xy_obj_open(next)) {
        rc = due_after(app, today, limit, due, err);
    }
    if (rc)
        goto out;

    if ((rc = st->ops->begin(st, err)))
        goto out;
    struct xy_claim_row c = {.id = x->id, .state = xy_obj_state_name(next), .extended = x->extended || a == XY_OBJ_EXTEND,
                             .due = due[0] ? due : NULL, .decision = x->decision[0] ? x->decision : NULL,
                             .reason = x->reason, .fields = x->fields, .result_record = x->result_record,
                             .updated_at = now};
    char *fix_text = NULL;
    if (a == XY_OBJ_REJECT || a == XY_OBJ_DECIDE)
        c.reason = reason;
    if (a == XY_OBJ_DECIDE) {
        c.decision = xy_obj_decision_name(d);
        if (fix && !(fix_text = json_dumps(fix, JSON_COMPACT | JSON_SORT_KEYS)))
            rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        c.fields = fix_text;
    }
    char cdetail[96];
    snprintf(cdetail, sizeof cdetail, "{\"objection\":%lld}", (long long)x->id);
    if (!rc && a == XY_OBJ_ACCEPT) {
        /* From now on every public view shows the record as under objection (异议中). */
        if (!(rc = st->ops->record_mark(st, x->record_id, x->id, err)))
            rc = change(st, now, "record.objection", x->record_id, x->subject_id, r.cls, cdetail, err);
    }
    if (!rc && a == XY_OBJ_CLOSE) {
        if (!(rc = st->ops->objection_unmark(st, x->id, err))) {
            if (strcmp(x->decision, "correct") == 0 && r.is_current) {
                int64_t nid = 0;
                if (!(rc = store_correction(app, &r, &v, now, &nid, err))) {
                    c.result_record = nid;
                    snprintf(cdetail, sizeof cdetail, "{\"objection\":%lld,\"replaces\":%lld}", (long long)x->id,
                             (long long)x->record_id);
                    rc = change(st, now, "record.corrected", nid, x->subject_id, r.cls, cdetail, err);
                }
            } else if (strcmp(x->decision, "delete") == 0 && r.is_current) {
                if (!(rc = st->ops->record_set_status(st, x->record_id, "withdrawn", err)))
                    rc = change(st, now, "record.withdrawn", x->record_id, x->subject_id, r.cls, cdetail, err);
            } else {
                rc = change(st, now, "record.objection_closed", x->record_id, x->subject_id, r.cls, cdetail, err);
            }
        }
    }
    if (!rc)
        rc = st->ops->claim_update(st, &c, err);
    if (!rc)
    {
        char note[XY_CLAIM_TEXT_MAX + 32];
        if (a == XY_OBJ_DECIDE) /* the decision and its reason, as the department gave them */
            snprintf(note, sizeof note, "%s: %s", c.decision, reason);
        rc = step(st, x->id, now, action_name, c.state, by, a == XY_OBJ_DECIDE ? note : reason, due, err);
    }
    snprintf(detail, sizeof detail, "{\"action\":\"%s\",\"state\":\"%s\"}", action_name, c.state);
    char object[48];
    snprintf(object, sizeof object, "objection/%lld", (long long)x->id);
    rc = xy_audit_commit(app, by, "objection.act", object, detail, rc, err);
    xy_free(fix_text);
out:
    if (have_v)
        xy_valrec_release(&v);
    rec_free(&r);
    return rc;
}

static int act_repair(struct xy_app *app, const struct xy_principal *by, struct claim *x, const json_t *args,
                      const char *now, const char *action_name, struct xy_error *err)
{
    struct xy_store *st = app->store;
    enum xy_rep_action a;
    enum xy_rep_state s, next;
    int rc;
    struct rec r = {0};
    if (xy_rep_action_parse(action_name, &a) != 0)
        return xy_error_set(err, XY_EINVAL, "%.*s 不是信用修复的办理操作，可用：approve、refuse (%.*s is not a repair "
                            "action: approve, refuse)", cut(action_name, 40), action_name, cut(action_name, 40),
                            action_name);
    if (xy_rep_state_parse(x->state, &s) != 0)
        return xy_error_set(err, XY_ECORRUPT, "repair application %lld has an unknown state", (long long)x->id);
    /* The unit that made the finding decides; the platform (归集机构) may too (DOMAIN §4.2). */
    if (!(by->role == XY_ROLE_OPERATOR || by->role == XY_ROLE_OFFICE ||
          (by->role == XY_ROLE_DEPARTMENT && by->dept_id == x->dept_id)))
        return xy_error_set(err, XY_EDENIED, "只有作出认定的部门或信用办可以决定信用修复申请 (only the department that "
                            "made the finding, or the credit office, decides a repair application)");
    if ((rc = xy_rep_next(s, a, &next, err)))
        return rc;
    const char *reason = arg(args, "reason");
    if ((rc = check_text("理由", "the reason", reason, a == XY_REP_REFUSE, err)))
        return rc;
    if ((rc = rec_load(app, x->record_id, &r, err)))
        return rc;
    struct lifted lifted = {.n = 0};
    char *lifted_text = NULL;
    if ((rc = st->ops->begin(st, err)))
        goto out;
    char cdetail[96];
    snprintf(cdetail, sizeof cdetail, "{\"repair\":%lld}", (long long)x->id);
    if (a == XY_REP_APPROVE && r.is_current && strcmp(r.status, "published") == 0) {
        /* 终止公示: off every public view at once; the record itself stays in the history. */
        if (!(rc = st->ops->record_set_status(st, x->record_id, "repaired", err)))
            rc = change(st, now, "record.repaired", x->record_id, x->subject_id, r.cls, cdetail, err);
        /* A penalty repaired lifts the list entries that cite its decision number. */
        if (!rc && strcmp(r.cls, "penalty") == 0)
            rc = st->ops->entries_citing(st, x->subject_id, r.doc_no, r.dept_uscc, on_citing, &lifted, err);
        if (!rc && lifted.oom)
            rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        struct xy_buf lb;
        xy_buf_init(&lb, 4096);
        for (size_t i = 0; i < lifted.n && !rc; i++) {
            char d2[128];
            snprintf(d2, sizeof d2, "{\"repair\":%lld,\"because_of\":%lld}", (long long)x->id,
                     (long long)x->record_id);
            if (!(rc = st->ops->record_set_status(st, lifted.ids[i], "repaired", err)))
                rc = change(st, now, "list.lifted", lifted.ids[i], x->subject_id, NULL, d2, err);
            if (!rc)
                rc = xy_buf_printf(&lb, "%s%lld", i ? "," : "[", (long long)lifted.ids[i]);
        }
        if (!rc && lifted.n && !(rc = xy_buf_addc(&lb, ']')))
            lifted_text = xy_strdup(xy_buf_str(&lb));
        xy_buf_release(&lb);
    }
    struct xy_claim_row c = {.id = x->id, .state = xy_rep_state_name(next), .due = NULL, .reason = reason,
                             .fields = lifted_text, .updated_at = now};
    if (!rc)
        rc = st->ops->claim_update(st, &c, err);
    if (!rc)
        rc = step(st, x->id, now, action_name, c.state, by, reason, NULL, err);
    char object[48], detail[96];
    snprintf(object, sizeof object, "repair/%lld", (long long)x->id);
    snprintf(detail, sizeof detail, "{\"action\":\"%s\",\"lifted\":%zu}", action_name, lifted.n);
    rc = xy_audit_commit(app, by, "repair.act", object, detail, rc, err);
out:
    xy_free(lifted_text);
    xy_free(lifted.ids);
    rec_free(&r);
    return rc;
}

int xy_claim_act(struct xy_app *app, const struct xy_principal *by, int64_t id, const char *action,
                 const json_t *args, struct xy_error *err)
{
    struct claim x;
    char now[32];
    int rc;
    if (args && !json_is_object(args))
        return xy_error_set(err, XY_EINVAL, "办理操作的参数须为 JSON 对象 (the action's arguments must be a JSON "
                            "object)");
    if ((rc = claim_load(app, by, id, &x, err)))
        return rc;
    xy_clock_stamp(&app->clock, now);
    if (strcmp(x.kind, "objection") == 0)
        rc = act_objection(app, by, &x, args, now, xy_clock_today(&app->clock), action ? action : "", err);
    else
        rc = act_repair(app, by, &x, args, now, action ? action : "", err);
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
    struct claim x;
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
    struct claim x;
    int rc;
    if ((rc = claim_load(app, by, id, &x, err)))
        return rc;
    claim_free(&x);
    struct file_out o = {data, media_type, name, 0};
    rc = app->store->ops->file_get(app->store, id, seq, on_file_data, &o, err);
    if (!rc && o.rc)
        rc = xy_error_set(err, o.rc, "the file cannot be read into memory");
    return rc;
}
