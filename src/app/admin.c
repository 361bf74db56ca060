/* SPDX-License-Identifier: Apache-2.0 */
/* The credit office's and the auditor's operations, once for both front ends (admin.h). */
#include "app/admin.h"
#include "app/app_int.h"

#include <stdio.h>
#include <string.h>

#include "app/audit.h"
#include "app/consent.h"
#include "common/xy_alloc.h"
#include "common/xy_utf8.h"
#include "core/ids.h"
#include "core/publicity.h"
#include "core/text.h"
#include "core/uscc.h"

#define DEPT_NAME_MAX 200 /* characters */

int xy_dept_register(struct xy_app *app, const struct xy_principal *by, const char *code, const char *name,
                     char normalized[19], int *existed, struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct xy_id_result res;
    char object[80], now[32];
    int64_t id = 0;
    size_t nlen = name ? strlen(name) : 0;
    int rc;
    *existed = 0;
    if (!code || xy_uscc_check(code, strlen(code), &res) != XY_ID_OK || res.placeholder)
        return xy_error_set(err, XY_EINVAL, "“%.*s”不是有效的统一社会信用代码 (\"%.*s\" is not a valid unified social credit code)",
                            code ? xy_utf8_cut(code, 32) : 0, code ? code : "", code ? xy_utf8_cut(code, 32) : 0,
                            code ? code : "");
    if (!nlen || !xy_utf8_valid(name, nlen) || xy_utf8_count(name, nlen) > DEPT_NAME_MAX)
        return xy_error_set(err, XY_EINVAL, "部门名称须为 1 至 %d 个字 (the name must be 1 to %d characters of UTF-8 text)",
                            DEPT_NAME_MAX, DEPT_NAME_MAX);
    uint32_t cp;
    size_t pos;
    if (xy_text_check(name, nlen, 0, &cp, &pos) != XY_TEXT_OK) /* a name, as the import's (core/text.h) */
        return xy_error_set(err, XY_EINVAL, "部门名称第 %zu 个字符 U+%04X 是控制字符、双向文本控制字符或不可见字符 "
                            "(character %zu of the name, U+%04X, is a control, bidirectional or invisible character)",
                            pos, (unsigned)cp, pos, (unsigned)cp);
    memcpy(normalized, res.normalized, 19);
    snprintf(object, sizeof object, "dept/%s", res.normalized);
    xy_clock_stamp(&app->clock, now);
    if ((rc = st->ops->begin(st, err)))
        return rc;
    rc = st->ops->dept_add(st, res.normalized, name, now, &id, err);
    if (rc == XY_EEXIST) {
        *existed = 1;
        rc = XY_OK;
    }
    return xy_audit_commit(app, by, *existed ? "dept.rename" : "dept.add", object, NULL, rc, err);
}

static int dept_json(void *ctx, const struct xy_subject_row *d)
{
    return json_array_append_new(ctx, json_pack("{s:s, s:s}", "uscc", d->uscc, "name", d->name)) ? 1 : 0;
}

int xy_dept_list(struct xy_app *app, json_t **out, struct xy_error *err)
{
    json_t *items = json_array();
    int rc = items ? app->store->ops->dept_list(app->store, dept_json, items, err)
                   : xy_error_set(err, XY_ENOMEM, "out of memory");
    if (rc) {
        json_decref(items);
        items = NULL;
    }
    *out = items;
    return rc;
}

int xy_dept_name(struct xy_app *app, const char *uscc, char *name, size_t size, struct xy_error *err)
{
    int64_t id;
    return app->store->ops->dept_get(app->store, uscc, &id, name, size, err);
}

int xy_catalog_load(struct xy_app *app, const struct xy_principal *by, const char *text, size_t len,
                    char version[64], struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct xy_catalog *cat = NULL;
    char *copy = NULL;
    char object[96], now[32];
    int rc;
    if (len && memchr(text, '\0', len))
        return xy_error_set(err, XY_EINVAL, "信息目录含有 NUL 字节 (the catalogue holds a NUL byte)");
    if ((rc = xy_catalog_parse(text ? text : "", len, &cat, err)))
        return rc;
    if (!(copy = xy_strndup(text, len))) {
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        goto out;
    }
    snprintf(object, sizeof object, "catalog/%.64s", cat->version);
    xy_clock_stamp(&app->clock, now);
    if (!(rc = st->ops->begin(st, err))) {
        rc = st->ops->catalog_put(st, cat->version, copy, now, err);
        rc = xy_audit_commit(app, by, "catalog.load", object, NULL, rc, err);
    }
    if (!rc) { /* this context takes the new catalogue at once */
        snprintf(version, 64, "%s", cat->version);
        /* The parsed evaluation models point into the old catalogue: parsed again on next use. */
        xy_eval_cache_free(app->eval_cache);
        app->eval_cache = NULL;
        xy_catalog_free(app->catalog);
        app->catalog = cat;
        cat = NULL;
    }
out:
    xy_free(copy);
    xy_catalog_free(cat);
    return rc;
}

static json_t *field_json(const struct xy_class *k, const struct xy_field *f)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:i, s:s, s:b}", "code", f->code, "name_zh", f->name_zh, "key", f->key,
                          "type", xy_ftype_name(f->type), "max_len", f->max_len, "required",
                          f->req == XY_REQ_MANDATORY ? "M" : f->req == XY_REQ_OPTIONAL ? "O" : "C", "public",
                          !f->hidden);
    if (o && f->cond.field >= 0)
        json_object_set_new(o, "condition_field", json_string(k->fields[f->cond.field].code));
    if (o && f->list) {
        json_t *codes = json_array();
        for (size_t i = 0; i < f->list->ncodes; i++)
            json_array_append_new(codes, json_pack("{s:s, s:s}", "code", f->list->codes[i].code, "text",
                                                   f->list->codes[i].text));
        json_object_set_new(o, "codes", codes);
    }
    return o;
}

int xy_catalog_public_json(struct xy_app *app, json_t **out, struct xy_error *err)
{
    const struct xy_catalog *cat = app->catalog;
    json_t *classes = json_array();
    for (size_t i = 0; classes && i < cat->nclasses; i++) {
        const struct xy_class *k = &cat->classes[i];
        if (!xy_publicity_class(k))
            continue; /* the published catalogue lists what the public may see */
        json_t *fields = json_array();
        for (size_t j = 0; fields && j < k->nfields; j++)
            json_array_append_new(fields, field_json(k, &k->fields[j]));
        /* "definition": "local" when the platform defined the class (no national field standard found). */
        json_array_append_new(classes, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s?, s:o*}", "class", k->name, "name_zh",
                                                 k->name_zh, "name_en", k->name_en, "scope", xy_scope_name(k->scope),
                                                 "definition", k->local_def ? "local" : "standard", "local_basis",
                                                 k->local_def, "fields", fields));
    }
    *out = classes ? json_pack("{s:s, s:o}", "catalog_version", cat->version, "classes", classes) : NULL;
    return *out ? XY_OK : xy_error_set(err, XY_ENOMEM, "out of memory");
}

static int key_json(void *ctx, const struct xy_key_row *k)
{
    return json_array_append_new(ctx, json_pack("{s:I, s:s, s:s?, s:s?, s:s, s:s?}", "id", (json_int_t)k->id, "role",
                                                k->role, "dept", k->dept_uscc, "name", k->name, "created_at",
                                                k->created_at, "revoked_at", k->revoked_at))
               ? 1
               : 0;
}

int xy_keys_list(struct xy_app *app, json_t **out, struct xy_error *err)
{
    json_t *items = json_array();
    int rc = items ? app->store->ops->key_list(app->store, key_json, items, err)
                   : xy_error_set(err, XY_ENOMEM, "out of memory");
    if (rc) {
        json_decref(items);
        items = NULL;
    }
    *out = items;
    return rc;
}

static void hex32(const uint8_t *b, char out[65])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        out[2 * i] = digits[b[i] >> 4];
        out[2 * i + 1] = digits[b[i] & 15];
    }
    out[64] = '\0';
}

static int audit_json(void *ctx, const struct xy_audit_row *a)
{
    char prev[65], hash[65];
    hex32(a->prev, prev);
    hex32(a->hash, hash);
    /* "name": the key's name, for an account the person's: who did it, beside the key's number. */
    return json_array_append_new(ctx, json_pack("{s:I, s:s, s:I, s:s?, s:s, s:s, s:s, s:s?, s:s, s:s}", "seq",
                                                (json_int_t)a->seq, "at", a->at, "key", (json_int_t)a->key_id, "name",
                                                a->key_name, "role", a->role, "action", a->action, "object",
                                                a->object, "detail", a->detail, "prev", prev, "hash", hash))
               ? 1
               : 0;
}

int xy_audit_page(struct xy_app *app, int64_t after, int limit, json_t **out, struct xy_error *err)
{
    json_t *items;
    int rc;
    *out = NULL;
    if (limit < 1 || limit > 100000)
        return xy_error_set(err, XY_EINVAL, "limit 须在 1 至 100000 之间 (limit must be 1 to 100000)");
    if (!(items = json_array()))
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    if ((rc = app->store->ops->audit_scan(app->store, after, limit, audit_json, items, err))) {
        json_decref(items);
        return rc;
    }
    *out = items;
    return XY_OK;
}

struct full {
    struct xy_app *app;
    json_t *rec;
    int found;
    int64_t subject_id;
};

static int on_full(void *ctx, const struct xy_record_row *r)
{
    struct full *f = ctx;
    f->found = 1;
    f->subject_id = r->subject_id;
    f->rec = xy_record_json(f->app, r, XY_VIEW_REVEAL, xy_clock_today(&f->app->clock));
    return 1;
}

int xy_record_full(struct xy_app *app, const struct xy_principal *by, int64_t id, json_t **out,
                   struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct full f = {.app = app};
    char object[32];
    int rc;
    *out = NULL;
    snprintf(object, sizeof object, "record/%lld", (long long)id);
    if ((rc = st->ops->begin(st, err)))
        return rc;
    rc = st->ops->record_get(st, id, on_full, &f, err);
    if (!rc && !f.rec)
        rc = xy_error_set(err, XY_ECRYPTO, "记录 %1$lld 无法解密（密钥文件不对？） (record %1$lld cannot be opened (wrong key file?))", (long long)id);
    /* A full read (ID numbers opened) is shown to the subject in its access history. */
    if (!rc)
        rc = xy_access_log(app, by, f.subject_id, "信用管理部门依职权查阅 credit office review", object, err);
    rc = xy_audit_commit(app, by, "record.read_private", object, NULL, rc, err);
    if (rc) {
        json_decref(f.rec);
        return rc;
    }
    *out = f.rec;
    return XY_OK;
}
