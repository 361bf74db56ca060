/* SPDX-License-Identifier: Apache-2.0 */
/* Subjects' applications for accounts: filing one (codes checked, a person's ID number sealed as
 * subjects' are, papers checked as claims' evidence), the office's list, view and refusal. Approval,
 * the activation code and its use are in activation.c. */
#include "app/application.h"
#include "app/account_int.h"
#include "app/app_int.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/audit.h"
#include "app/keys.h"
#include "app/recordrow.h"
#include "common/xy_alloc.h"
#include "common/xy_utf8.h"
#include "core/ric.h"
#include "core/uscc.h"
#include "core/validate.h"

#define LIST_MAX 500

/* A text field of the form: required or not, at most max bytes of UTF-8 without control characters. */
static int text_field(const char *v, const char *zh, const char *en, size_t max, int required, struct xy_error *err)
{
    size_t n = v ? strlen(v) : 0;
    if (!n) {
        if (required)
            return xy_error_set(err, XY_EINVAL, "须填写%s (%s is required)", zh, en);
        return XY_OK;
    }
    if (n > max || !xy_utf8_valid(v, n))
        return xy_error_set(err, XY_EINVAL, "%s须为至多 %zu 字节的 UTF-8 文本 (%s: at most %zu bytes of UTF-8 text)", zh,
                            max, en, max);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
            return xy_error_set(err, XY_EINVAL, "%s含有控制字符 (%s holds control characters)", zh, en);
    return XY_OK;
}

/* An address sendmail can take as one argument and a header can hold: no spaces, quotes, angle
 * brackets or line ends, one @, a domain of letters, digits, dots and hyphens. */
static int email_ok(const char *e)
{
    size_t n = strlen(e);
    const char *at = strchr(e, '@');
    if (n < 3 || n > 254 || !at || at == e || strchr(at + 1, '@') || e[0] == '-')
        return 0;
    for (const char *p = e; p < at; p++)
        if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f || strchr("<>()[]\\,;:\"", *p))
            return 0;
    const char *d = at + 1;
    size_t dn = strlen(d);
    return dn >= 3 && strchr(d, '.') && d[0] != '.' && d[0] != '-' && d[dn - 1] != '.' &&
           strspn(d, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") == dn;
}

static int contact_check(const struct xy_application_in *in, struct xy_error *err)
{
    int rc;
    if ((rc = text_field(in->name, in->kind[0] == 'o' ? "名称" : "姓名", "name", 200, 1, err)) ||
        (in->kind[0] == 'o' && (rc = text_field(in->legal_rep, "法定代表人", "legal_rep", 100, 1, err))) ||
        (rc = text_field(in->contact, "联系人", "contact", 100, 1, err)) ||
        (rc = text_field(in->phone, "联系电话", "phone", 32, 1, err)))
        return rc;
    size_t pn = strlen(in->phone);
    if (pn < 5 || strspn(in->phone, "0123456789+-() ") != pn)
        return xy_error_set(err, XY_EINVAL, "联系电话须为 5 至 32 个数字，可含 + - ( ) 和空格 (phone: 5 to 32 digits, "
                            "with + - ( ) and spaces allowed)");
    if (in->email && *in->email && !email_ok(in->email))
        return xy_error_set(err, XY_EINVAL, "电子邮箱地址无效 (email: not a valid address)");
    return XY_OK;
}

static int files_check(const struct xy_application_in *in, struct xy_error *err)
{
    int org = in->kind[0] == 'o';
    if (!in->licence)
        return xy_error_set(err, XY_EINVAL, org ? "须上传营业执照扫描件 (licence: a scan of the business licence is "
                                                  "required)"
                                                : "须上传身份证扫描件 (licence: a scan of the ID card is required)");
    if (!in->letter)
        return xy_error_set(err, XY_EINVAL, "须上传授权书 (letter: the signed authorisation letter is required)");
    struct xy_claim_file_in f[2] = {*in->licence, *in->letter};
    return xy_claim_files_check(f, 2, err);
}

int xy_application_submit(struct xy_app *app, const struct xy_application_in *in, const char *client, int64_t *id,
                          int *retry_after, struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct xy_application_row row = {0};
    struct xy_id_result res;
    char now[32], object[48], masked[80] = "";
    uint8_t id_hash[32], *sealed = NULL;
    int64_t tnow = xy_clock_unix(&app->clock), wait = 0;
    int rc;
    *id = 0;
    *retry_after = 0;
    client = client ? client : "";
    /* Filing is public and stores megabytes: one address files a few a day, then waits. */
    if ((rc = xy_throttle_wait(app, "apply", client, XY_APPLY_FREE, tnow, &wait, err)))
        return rc;
    if (wait > 0) {
        *retry_after = (int)wait;
        return xy_error_set(err, XY_EBUSY, "此地址提交的申请过多，请 %lld 秒后再试 (too many applications from this "
                            "address; try again in %lld s)", (long long)wait, (long long)wait);
    }
    if (!in->kind || (strcmp(in->kind, "org") && strcmp(in->kind, "person")))
        return xy_error_set(err, XY_EINVAL, "kind 须为 org（单位）或 person（个人） (kind must be org or person)");
    size_t n = in->code ? strlen(in->code) : 0;
    if (!n)
        return xy_error_set(err, XY_EINVAL, in->kind[0] == 'o' ? "须填写统一社会信用代码 (code: the unified social "
                                                                 "credit code is required)"
                                                               : "须填写身份证号码 (code: the ID number is required)");
    if (in->kind[0] == 'o') {
        enum xy_id_rule r = xy_uscc_check(in->code, n, &res);
        if (r != XY_ID_OK || res.placeholder)
            return xy_error_set(err, XY_EINVAL, "统一社会信用代码无效：%s (code: not a valid unified social credit code)",
                                xy_id_rule_reason(r == XY_ID_OK ? XY_ID_RULE_CATEGORY : r));
        row.uscc = res.normalized;
    } else {
        struct xy_date today = xy_clock_today(&app->clock);
        struct xy_id_date td = {today.y, today.m, today.d};
        enum xy_id_rule r = n > 32 ? XY_ID_RULE_LENGTH : xy_ric_check(in->code, n, &td, &res);
        /* Never repeated back: the reason alone says what is wrong. */
        if (r != XY_ID_OK)
            return xy_error_set(err, XY_EINVAL, "身份证号码无效：%s (code: not a valid resident ID number)",
                                xy_id_rule_reason(r));
        const char *num = res.upgraded[0] ? res.upgraded : res.normalized;
        char key[80];
        size_t sealed_len = 0;
        /* Kept as subjects' ID numbers are (xy_rowparts_person_id): blind hash, sealed, masked. */
        snprintf(key, sizeof key, "01:%s", num);
        rc = xy_rowparts_person_id(&app->keys, key, id_hash, &sealed, &sealed_len, err);
        sodium_memzero(key, sizeof key);
        if (rc)
            return rc;
        if (xy_ric_mask(num, strlen(num), masked, sizeof masked))
            masked[0] = '\0';
        row.id_hash = id_hash;
        row.id_sealed = sealed;
        row.id_sealed_len = sealed_len;
        row.id_masked = masked;
    }
    if ((rc = contact_check(in, err)) || (rc = files_check(in, err)))
        goto out;
    xy_clock_stamp(&app->clock, now);
    row.kind = in->kind;
    row.name = in->name;
    row.legal_rep = in->kind[0] == 'o' ? in->legal_rep : NULL;
    row.contact = in->contact;
    row.phone = in->phone;
    row.email = in->email && *in->email ? in->email : NULL;
    row.created_at = now;
    if ((rc = st->ops->begin(st, err)))
        goto out;
    rc = st->ops->application_add(st, &row, id, err);
    const struct xy_claim_file_in *files[2] = {in->licence, in->letter};
    const char *roles[2] = {in->kind[0] == 'o' ? "licence" : "id_scan", "authorisation"};
    for (int i = 0; i < 2 && !rc; i++) {
        uint8_t h[crypto_hash_sha256_BYTES];
        crypto_hash_sha256(h, files[i]->data, files[i]->len);
        struct xy_file_row f = {.seq = i + 1, .name = files[i]->name, .media_type = files[i]->media_type,
                                .size = (int64_t)files[i]->len, .sha256 = h, .data = files[i]->data,
                                .role = roles[i]};
        rc = st->ops->application_file_add(st, *id, &f, err);
    }
    if (!rc)
        rc = xy_throttle_fail(app, "apply", client, tnow, err);
    struct xy_principal anon = {.role = XY_ROLE_PUBLIC};
    snprintf(object, sizeof object, "application/%lld", (long long)*id);
    rc = xy_audit_commitj(app, &anon, "application.submit", object,
                          json_pack("{s:s, s:s, s:s, s:s}", "kind", in->kind, "code", row.uscc ? row.uscc : masked,
                                    "name", in->name, "client", client),
                          rc, err);
out:
    if (sealed)
        sodium_memzero(sealed, row.id_sealed_len);
    xy_free(sealed);
    if (rc)
        *id = 0;
    return rc;
}

/* ---- the office's view ---- */

struct list_ctx {
    json_t *items;
    int oom;
};

static json_t *app_json(const struct xy_application_row *a)
{
    char expires[32] = "";
    if (a->code_hash && a->code_expires > 0)
        xy_clock_format(a->code_expires, expires);
    return json_pack("{s:I, s:s, s:s?, s:s, s:s?, s:s, s:s, s:s?, s:s, s:s?, s:s, s:s?, s:s?, s:s?, s:s?, s:i}", "id",
                     (json_int_t)a->id, "kind", a->kind, "code", a->uscc ? a->uscc : a->id_masked, "name", a->name,
                     "legal_rep", a->legal_rep, "contact", a->contact, "phone", a->phone, "email", a->email, "state",
                     a->state, "reason", a->reason, "created_at", a->created_at, "decided_at", a->decided_at,
                     "decided_by", a->decided_by, "activated_at", a->activated_at, "expires",
                     expires[0] ? expires : NULL, "files", a->nfiles);
}

static int on_row(void *ctx, const struct xy_application_row *a)
{
    struct list_ctx *l = ctx;
    json_t *j = app_json(a);
    if (!j || json_array_append_new(l->items, j)) {
        l->oom = 1;
        return 1;
    }
    return 0;
}

static int state_ok(const char *s)
{
    return !s || !*s || !strcmp(s, "pending") || !strcmp(s, "approved") || !strcmp(s, "refused") ||
           !strcmp(s, "activated");
}

int xy_application_list(struct xy_app *app, const char *state, json_t **out, struct xy_error *err)
{
    struct list_ctx l = {NULL, 0};
    *out = NULL;
    if (!state_ok(state))
        return xy_error_set(err, XY_EINVAL, "state 须为 pending、approved、refused 或 activated (state must be "
                            "pending, approved, refused or activated)");
    if (!(l.items = json_array()))
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    int rc = app->store->ops->application_list(app->store, state && *state ? state : NULL, LIST_MAX, on_row, &l, err);
    if (!rc && l.oom)
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    if (rc) {
        json_decref(l.items);
        return rc;
    }
    *out = l.items;
    return XY_OK;
}

static int on_file(void *ctx, const struct xy_file_row *f)
{
    struct list_ctx *l = ctx;
    char hex[65];
    sodium_bin2hex(hex, sizeof hex, f->sha256, 32);
    json_t *j = json_pack("{s:i, s:s?, s:s, s:s, s:I, s:s}", "seq", f->seq, "role", f->role, "name", f->name,
                          "media_type", f->media_type, "size", (json_int_t)f->size, "sha256", hex);
    if (!j || json_array_append_new(l->items, j)) {
        l->oom = 1;
        return 1;
    }
    return 0;
}

static int on_one(void *ctx, const struct xy_application_row *a)
{
    json_t **o = ctx;
    *o = app_json(a);
    return 1;
}

int xy_application_get(struct xy_app *app, int64_t id, json_t **out, struct xy_error *err)
{
    struct xy_store *st = app->store;
    json_t *o = NULL;
    struct list_ctx files = {json_array(), 0};
    *out = NULL;
    int rc = st->ops->application_get(st, id, on_one, &o, err);
    if (rc == XY_ENOTFOUND)
        rc = xy_error_set(err, XY_ENOTFOUND, "没有第 %lld 号申请 (no application %lld)", (long long)id, (long long)id);
    if (!rc && (!o || !files.items))
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    if (!rc)
        rc = st->ops->application_files(st, id, 0, on_file, &files, err);
    if (!rc && (files.oom || json_object_set(o, "files", files.items)))
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    json_decref(files.items);
    if (rc) {
        json_decref(o);
        return rc;
    }
    *out = o;
    return XY_OK;
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

int xy_application_file_read(struct xy_app *app, const struct xy_principal *by, int64_t id, int seq,
                             struct xy_buf *data, char *media_type, char *name, struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct file_out o = {data, media_type, name, 0};
    char object[64];
    int rc;
    if ((rc = st->ops->begin(st, err)))
        return rc;
    rc = st->ops->application_files(st, id, seq, on_file_data, &o, err);
    if (rc == XY_ENOTFOUND)
        rc = xy_error_set(err, XY_ENOTFOUND, "第 %lld 号申请没有第 %d 个文件 (application %lld has no file %d)",
                          (long long)id, seq, (long long)id, seq);
    if (!rc && o.rc)
        rc = xy_error_set(err, o.rc, "the file cannot be read into memory");
    /* The papers hold personal data: who read them is written down. */
    snprintf(object, sizeof object, "application/%lld/files/%d", (long long)id, seq);
    return xy_audit_commit(app, by, "application.file_read", object, NULL, rc, err);
}

/* ---- the office's decisions ---- */

struct one {
    int found;
    int64_t id;
    char state[16];
};

static int on_state(void *ctx, const struct xy_application_row *a)
{
    struct one *o = ctx;
    o->found = 1;
    o->id = a->id;
    snprintf(o->state, sizeof o->state, "%s", a->state);
    return 1;
}

int xy_application_refuse(struct xy_app *app, const struct xy_principal *by, int64_t id, const char *reason,
                          struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct one o = {0};
    char now[32], object[48];
    int rc;
    if ((rc = text_field(reason, "不予批准的理由", "reason", 1000, 1, err)))
        return rc;
    xy_clock_stamp(&app->clock, now);
    snprintf(object, sizeof object, "application/%lld", (long long)id);
    if ((rc = st->ops->begin(st, err)))
        return rc;
    rc = st->ops->application_get(st, id, on_state, &o, err);
    if (rc == XY_ENOTFOUND)
        rc = xy_error_set(err, XY_ENOTFOUND, "没有第 %lld 号申请 (no application %lld)", (long long)id, (long long)id);
    else if (!rc && strcmp(o.state, "pending"))
        rc = xy_error_set(err, XY_ESTATE, "第 %lld 号申请已处理（%s），不能再不予批准 (application %lld is %s already)",
                          (long long)id, o.state, (long long)id, o.state);
    if (!rc) {
        struct xy_application_row row = {.id = id, .state = "refused", .reason = reason, .decided_at = now,
                                         .decided_by = by->name};
        rc = st->ops->application_put(st, &row, err);
    }
    return xy_audit_commitj(app, by, "application.refuse", object, json_pack("{s:s}", "reason", reason), rc, err);
}
