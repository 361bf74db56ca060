/* SPDX-License-Identifier: Apache-2.0 */
/* The directory of queriers (querier.h). */
#include "app/querier.h"

#include <stdio.h>
#include <string.h>

#include "app/app_int.h"
#include "app/audit.h"
#include "common/xy_utf8.h"
#include "core/text.h"
#include "core/uscc.h"

#define NAME_MAX_CHARS 100
#define LICENCE_MAX_CHARS 64

static const char *const kinds[][2] = {{"bank", "银行业金融机构"}, {"credit_agency", "信用服务机构"}, {"other", "其他查询机构"}};

static const char *kind_zh(const char *kind)
{
    for (size_t i = 0; kind && i < sizeof kinds / sizeof *kinds; i++)
        if (strcmp(kinds[i][0], kind) == 0)
            return kinds[i][1];
    return NULL;
}

static int office(const struct xy_principal *by, struct xy_error *err)
{
    if (by->role == XY_ROLE_OFFICE || by->role == XY_ROLE_OPERATOR)
        return XY_OK;
    return xy_error_set(err, XY_EDENIED, "查询机构名录由信用管理部门维护 (the credit office keeps the directory of queriers)");
}

static int code_of(const char *uscc, char out[19], struct xy_error *err)
{
    struct xy_id_result res;
    if (!uscc || xy_uscc_check(uscc, strlen(uscc), &res) != XY_ID_OK || res.placeholder)
        return xy_error_set(err, XY_EINVAL, "uscc：“%.*s”不是有效的统一社会信用代码 (uscc: \"%.*s\" is not a valid unified "
                            "social credit code)", uscc ? xy_utf8_cut(uscc, 32) : 0, uscc ? uscc : "",
                            uscc ? xy_utf8_cut(uscc, 32) : 0, uscc ? uscc : "");
    memcpy(out, res.normalized, 19);
    return XY_OK;
}

/* A short text field: UTF-8, 1..max characters, none a control, bidirectional or invisible one. */
static int text_ok(const char *field, const char *v, size_t max, struct xy_error *err)
{
    size_t n = v ? strlen(v) : 0, pos;
    uint32_t cp;
    if (!n || !xy_utf8_valid(v, n) || xy_utf8_count(v, n) > max)
        return xy_error_set(err, XY_EINVAL, "%s 须为 1 至 %zu 个字 (%s must be 1 to %zu characters of UTF-8 text)", field,
                            max, field, max);
    if (xy_text_check(v, n, 0, &cp, &pos) != XY_TEXT_OK)
        return xy_error_set(err, XY_EINVAL, "%s 第 %zu 个字符 U+%04X 是控制字符、双向文本控制字符或不可见字符 (character %zu "
                            "of %s, U+%04X, is a control, bidirectional or invisible character)", field, pos,
                            (unsigned)cp, pos, field, (unsigned)cp);
    return XY_OK;
}

int xy_querier_add(struct xy_app *app, const struct xy_principal *by, const char *uscc, const char *name,
                   const char *kind, const char *licence, int64_t *id, struct xy_error *err)
{
    struct xy_store *st = app->store;
    char code[19], now[32], object[40];
    int rc;
    *id = 0;
    if ((rc = office(by, err)) || (rc = code_of(uscc, code, err)) || (rc = text_ok("name", name, NAME_MAX_CHARS, err)))
        return rc;
    if (!kind_zh(kind))
        return xy_error_set(err, XY_EINVAL, "kind 须为 bank（银行业金融机构）、credit_agency（信用服务机构）或 other "
                            "(kind must be bank, credit_agency or other)");
    if (licence && *licence && (rc = text_ok("licence", licence, LICENCE_MAX_CHARS, err)))
        return rc;
    xy_clock_stamp(&app->clock, now);
    struct xy_querier_row row = {.uscc = code, .name = name, .kind = kind,
                                 .licence = licence && *licence ? licence : NULL, .created_at = now};
    snprintf(object, sizeof object, "querier/%s", code);
    if ((rc = st->ops->begin(st, err)))
        return rc;
    rc = st->ops->querier_add(st, &row, id, err);
    return xy_audit_commitj(app, by, "querier.add", object,
                            json_pack("{s:s, s:s, s:s?}", "name", name, "kind", kind, "licence", row.licence), rc, err);
}

struct listing {
    json_t *items;
    int oom;
};

static int on_entry(void *ctx, const struct xy_querier_row *r)
{
    struct listing *l = ctx;
    json_t *j = json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:s, s:s?}", "uscc", r->uscc, "name", r->name, "kind", r->kind,
                          "kind_zh", kind_zh(r->kind), "licence", r->licence, "registered_at", r->created_at,
                          "disabled_at", r->disabled_at);
    if (!j || json_array_append_new(l->items, j)) {
        l->oom = 1;
        return 1;
    }
    return 0;
}

int xy_querier_list(struct xy_app *app, const struct xy_principal *by, const char *name, int all, int limit,
                    json_t **items, struct xy_error *err)
{
    *items = NULL;
    if (name && !*name)
        name = NULL;
    if (name && (strlen(name) > 200 || !xy_utf8_valid(name, strlen(name))))
        return xy_error_set(err, XY_EINVAL, "name 须为至多 200 字节的 UTF-8 文本 (name is at most 200 bytes of UTF-8)");
    if (limit <= 0 || limit > 1000)
        limit = 1000;
    struct listing l = {.items = json_array()};
    if (!l.items)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    all = all && office(by, NULL) == XY_OK;
    int rc = app->store->ops->queriers_list(app->store, name, all, limit, on_entry, &l, err);
    if (!rc && l.oom)
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    if (rc) {
        json_decref(l.items);
        return rc;
    }
    *items = l.items;
    return XY_OK;
}

static int on_id(void *ctx, const struct xy_querier_row *r)
{
    *(int64_t *)ctx = r->id;
    return 1;
}

int xy_querier_disable(struct xy_app *app, const struct xy_principal *by, const char *uscc, struct xy_error *err)
{
    struct xy_store *st = app->store;
    char code[19], now[32], object[40];
    int64_t id = 0;
    int rc;
    if ((rc = office(by, err)) || (rc = code_of(uscc, code, err)))
        return rc;
    xy_clock_stamp(&app->clock, now);
    snprintf(object, sizeof object, "querier/%s", code);
    if ((rc = st->ops->begin(st, err)))
        return rc;
    rc = st->ops->querier_get(st, 0, code, on_id, &id, err);
    if (!rc)
        rc = st->ops->querier_disable(st, id, now, err);
    if (rc == XY_ENOTFOUND)
        xy_error_set(err, rc, "查询机构名录中没有有效的 %s (no enabled querier %s in the directory)", code, code);
    return xy_audit_commit(app, by, "querier.disable", object, NULL, rc, err);
}
