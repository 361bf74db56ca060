/* SPDX-License-Identifier: Apache-2.0 */
/* Grants, the authorised read, and the access history. */
#include "app/consent.h"
#include "app/app_int.h"
#include "core/publicity.h"

#include <stdio.h>
#include <string.h>

#include "app/audit.h"
#include "app/subject.h"
#include "common/xy_alloc.h"
#include "common/xy_utf8.h"
#include "core/uscc.h"

/* ---- grants ------------------------------------------------------------------------------------ */

struct entry_seen {
    int64_t id;
    int disabled;
    char name[256];
};

static int on_entry(void *ctx, const struct xy_querier_row *r)
{
    struct entry_seen *e = ctx;
    e->id = r->id;
    e->disabled = r->disabled_at != NULL;
    snprintf(e->name, sizeof e->name, "%s", r->name ? r->name : "");
    return 1;
}

int xy_grant_held_by(const struct xy_principal *by, int64_t querier_key, int64_t querier_id, int querier_disabled)
{
    if (by->role != XY_ROLE_QUERIER)
        return 0;
    if (querier_id) /* given to an organisation of the directory: any of its keys, while it is enabled */
        return !querier_disabled && by->querier_id == querier_id;
    return querier_key && querier_key == by->key_id; /* given to a bare key, before the directory */
}

int xy_consent_grant(struct xy_app *app, const struct xy_principal *by, const json_t *args, int64_t *id,
                     struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct xy_date today = xy_clock_today(&app->clock), until;
    char now[32], object[32];
    int rc;
    *id = 0;
    if (by->role != XY_ROLE_SUBJECT || !by->subject_id)
        return xy_error_set(err, XY_EDENIED, "只有信用主体本人可以授权查询其信息 (only a subject grants access to its own "
                            "data)");
    if (!json_is_object(args))
        return xy_error_set(err, XY_EINVAL, "授权须为 JSON 对象：querier、classes、purpose、until (a grant is a JSON "
                            "object: querier, classes, purpose, until)");
    const json_t *q = json_object_get(args, "querier"), *classes = json_object_get(args, "classes");
    const char *purpose = json_string_value(json_object_get(args, "purpose"));
    const char *until_s = json_string_value(json_object_get(args, "until"));
    const char *qcode = json_string_value(q);
    struct xy_id_result qres;
    if (!qcode || xy_uscc_check(qcode, strlen(qcode), &qres) != XY_ID_OK || qres.placeholder)
        return xy_error_set(err, XY_EINVAL, "querier 须为查询机构名录中机构的统一社会信用代码 (querier must be the "
                            "code of an organisation in the directory of queriers: GET /api/v1/queriers)");
    if (!json_is_array(classes) || json_array_size(classes) == 0 || json_array_size(classes) > 16)
        return xy_error_set(err, XY_EINVAL, "classes 须列出 1 至 16 个信息类别 (classes must be a list of 1 to 16 class "
                            "names)");
    size_t i;
    const json_t *c;
    json_array_foreach(classes, i, c) {
        const char *name = json_string_value(c);
        const struct xy_class *k = name ? xy_catalog_class(app->catalog, name) : NULL;
        if (!k)
            return xy_error_set(err, XY_EINVAL, "classes[%zu] 不是信息目录中的信息类别 (classes[%zu] is not a class of "
                                "the catalogue)", i, i);
        if (xy_publicity_class(k))
            return xy_error_set(err, XY_EINVAL, "“%s”（%s）是公开信息，无需授权 (%s is public: it needs no grant)",
                                k->name_zh ? k->name_zh : name, name, name);
        for (size_t j = 0; j < i; j++)
            if (strcmp(json_string_value(json_array_get(classes, j)), name) == 0)
                return xy_error_set(err, XY_EINVAL, "信息类别 %s 重复列出 (%s is named twice)", name, name);
    }
    size_t pn = purpose ? strlen(purpose) : 0;
    if (pn == 0 || pn > 500 || !xy_utf8_valid(purpose, pn))
        return xy_error_set(err, XY_EINVAL, "purpose 须为 1 至 500 字节的 UTF-8 文本，说明被授权方使用信息的用途 "
                            "(purpose must be 1 to 500 bytes of UTF-8: what the querier needs the data for)");
    if (!until_s || strlen(until_s) != 10 || xy_date_parse(until_s, 10, &until) != 0)
        return xy_error_set(err, XY_EINVAL, "until 须为日期，格式 YYYY-MM-DD (until must be a date, YYYY-MM-DD)");
    if (xy_date_cmp(until, today) < 0)
        return xy_error_set(err, XY_EINVAL, "授权截止日期 %s 已过 (until %s has passed already)", until_s, until_s);
    if (xy_date_to_days(until) - xy_date_to_days(today) > XY_GRANT_MAX_DAYS)
        return xy_error_set(err, XY_EINVAL, "授权期限最长 %d 天 (a grant lasts at most %d days)", XY_GRANT_MAX_DAYS,
                            XY_GRANT_MAX_DAYS);
    /* A grant goes to an organisation of the directory of queriers only: a bank or credit-service
     * agency (信用服务机构), the market body that sees non-public data through the subject's
     * authorisation (授权查询, scope 2 of the catalogue), picked by the subject from the public
     * directory by name. A department or an approval system reads under its legal role instead
     * (government sharing, joint reward and punishment checks), logged in the access history as such:
     * consent is not its basis, a department could press a subject for one, and a grant would widen
     * a department key past its own records. Grants are never made to key numbers, so a subject
     * learns nothing about keys; the directory itself is public. Grants given to bare keys before
     * the directory stay valid for those keys, and are listed to their subject, who may revoke them. */
    struct entry_seen qe = {0};
    rc = st->ops->querier_get(st, 0, qres.normalized, on_entry, &qe, err);
    if (rc && rc != XY_ENOTFOUND)
        return rc;
    if (rc == XY_ENOTFOUND || !qe.id || qe.disabled)
        return xy_error_set(err, XY_EINVAL, "被授权方 %s 不在查询机构名录中或已停用，请从名录中选择 (querier %s is not an "
                            "enabled organisation of the directory of queriers: pick one from GET /api/v1/queriers)",
                            qres.normalized, qres.normalized);
    char *cls_text = json_dumps(classes, JSON_COMPACT);
    if (!cls_text)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    char until_n[11];
    xy_date_format(until, until_n);
    xy_clock_stamp(&app->clock, now);
    struct xy_consent_row row = {.subject_id = by->subject_id, .querier_id = qe.id, .classes = cls_text,
                                 .purpose = purpose, .until = until_n, .created_at = now};
    if ((rc = st->ops->begin(st, err))) {
        xy_free(cls_text);
        return rc;
    }
    rc = st->ops->consent_add(st, &row, id, err);
    snprintf(object, sizeof object, "grant/%lld", (long long)*id);
    rc = xy_audit_commitj(app, by, "grant.create", object,
                          json_pack("{s:s, s:o, s:s}", "querier", qres.normalized, "classes",
                                    json_deep_copy(classes), "until", until_n),
                          rc, err);
    xy_free(cls_text);
    if (rc)
        *id = 0;
    return rc;
}

struct grants {
    json_t *items;
    char today[11];
    int oom;
};

static json_t *grant_json(const struct xy_consent_row *c, const char *today)
{
    json_error_t jerr;
    json_t *classes = json_loads(c->classes, 0, &jerr);
    int live = !c->revoked_at && strcmp(c->until, today) >= 0 && !c->querier_disabled_at;
    json_t *querier = c->querier_id ? json_pack("{s:s?, s:s?, s:s?}", "uscc", c->querier_uscc, "name", c->querier_name,
                                                "disabled_at", c->querier_disabled_at)
                                    : json_pack("{s:I, s:s?, s:s?}", "key", (json_int_t)c->querier_key, "name",
                                                c->querier_name, "role", c->querier_role);
    return json_pack("{s:I, s:o, s:o, s:s, s:s, s:s, s:s?, s:b}", "id", (json_int_t)c->id, "querier", querier,
                     "classes", classes ? classes : json_array(), "purpose", c->purpose, "until", c->until,
                     "created_at", c->created_at, "revoked_at", c->revoked_at, "live", live);
}

static int on_grant(void *ctx, const struct xy_consent_row *c)
{
    struct grants *g = ctx;
    json_t *j = grant_json(c, g->today);
    if (!j) {
        g->oom = 1;
        return 1;
    }
    json_array_append_new(g->items, j);
    return 0;
}

int xy_consent_list(struct xy_app *app, const struct xy_principal *by, json_t **items, struct xy_error *err)
{
    struct grants g = {.items = json_array()};
    int64_t subject = 0, querier = 0, org = 0;
    *items = NULL;
    if (by->role == XY_ROLE_SUBJECT && by->subject_id)
        subject = by->subject_id;
    else if (by->role == XY_ROLE_QUERIER)
        querier = by->key_id, org = by->querier_id;
    else
        return json_decref(g.items), xy_error_set(err, XY_EDENIED, "授权只向授权的信用主体和被授权方列出 (grants are "
                                                  "listed to their subject and querier)");
    if (!g.items)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    xy_date_format(xy_clock_today(&app->clock), g.today);
    int rc = app->store->ops->consents_list(app->store, subject, querier, org, on_grant, &g, err);
    if (!rc && g.oom)
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    if (rc) {
        json_decref(g.items);
        return rc;
    }
    *items = g.items;
    return 0;
}

struct one_grant {
    int found;
    int64_t subject_id, querier_key, querier_id;
    int live, querier_disabled;
    json_t *classes;
    char purpose[512];
    char today[11];
};

static int on_one_grant(void *ctx, const struct xy_consent_row *c)
{
    struct one_grant *g = ctx;
    json_error_t jerr;
    g->found = 1;
    g->subject_id = c->subject_id;
    g->querier_key = c->querier_key;
    g->querier_id = c->querier_id;
    g->querier_disabled = c->querier_disabled_at != NULL;
    g->live = !c->revoked_at && strcmp(c->until, g->today) >= 0;
    g->classes = json_loads(c->classes, 0, &jerr);
    snprintf(g->purpose, sizeof g->purpose, "%s", c->purpose);
    return 1;
}

int xy_consent_revoke(struct xy_app *app, const struct xy_principal *by, int64_t id, struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct one_grant g = {0};
    char now[32], object[32];
    int rc;
    if (by->role != XY_ROLE_SUBJECT || !by->subject_id)
        return xy_error_set(err, XY_EDENIED, "只有信用主体本人可以撤销其授权 (only the subject revokes its grants)");
    xy_date_format(xy_clock_today(&app->clock), g.today);
    rc = st->ops->consent_get(st, id, on_one_grant, &g, err);
    json_decref(g.classes);
    if (rc == XY_ENOTFOUND || (!rc && g.subject_id != by->subject_id))
        return xy_error_set(err, XY_ENOTFOUND, "您没有编号为 %lld 的授权 (you have no grant %lld)", (long long)id,
                            (long long)id);
    if (rc)
        return rc;
    xy_clock_stamp(&app->clock, now);
    snprintf(object, sizeof object, "grant/%lld", (long long)id);
    if ((rc = st->ops->begin(st, err)))
        return rc;
    rc = st->ops->consent_revoke(st, id, now, err);
    if (rc == XY_ENOTFOUND)
        xy_error_set(err, rc, "授权 %lld 已撤销 (grant %lld is revoked already)", (long long)id, (long long)id);
    return xy_audit_commit(app, by, "grant.revoke", object, NULL, rc, err);
}

/* ---- the authorised read ---------------------------------------------------------------------- */

int xy_access_log(struct xy_app *app, const struct xy_principal *by, int64_t subject_id, const char *purpose,
                  const char *object, struct xy_error *err)
{
    char now[32];
    xy_clock_stamp(&app->clock, now);
    return app->store->ops->access_add(app->store, subject_id, now, by->key_id, xy_role_name(by->role),
                                       by->dept_uscc[0] ? by->dept_uscc : NULL, purpose, object, 0, err);
}

int xy_consent_query(struct xy_app *app, const struct xy_principal *by, const char *code, int64_t grant_id,
                     json_t **out, struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct one_grant g = {0};
    int64_t sid = 0;
    char opaque[24], now[32], object[32];
    json_t *doc = NULL;
    int rc;
    *out = NULL;
    if (by->role != XY_ROLE_QUERIER)
        return xy_error_set(err, XY_EDENIED, "授权查询只能由查询机构进行 (authorised queries are made by queriers)");
    if ((rc = xy_subject_find(app, code, 0, &sid, opaque, err)))
        return rc;
    if (grant_id <= 0)
        return xy_error_set(err, XY_EDENIED, "非公开信息须经信用主体授权方可查询，请注明授权编号（grant=ID） (non-public "
                            "data is read only under the subject's grant: name it as grant=ID)");
    xy_date_format(xy_clock_today(&app->clock), g.today);
    xy_alloc_failed();
    rc = st->ops->consent_get(st, grant_id, on_one_grant, &g, err);
    if (rc && rc != XY_ENOTFOUND)
        goto out;
    if (g.found && !g.classes && xy_alloc_failed()) {
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        goto out;
    }
    /* One answer for every way a grant can fail, so that a querier learns nothing from trying. */
    if (rc == XY_ENOTFOUND || !g.found || !xy_grant_held_by(by, g.querier_key, g.querier_id, g.querier_disabled) ||
        g.subject_id != sid || !g.live || !g.classes) {
        rc = xy_error_set(err, XY_EDENIED, "授权 %lld 不允许此密钥查询该信用主体的信息（授权不存在、属于其他被授权方或信用主体、"
                          "已撤销或已到期） (grant %lld does not give this key access to this subject's data: unknown, "
                          "another querier's or subject's, revoked or ended)", (long long)grant_id,
                          (long long)grant_id);
        goto out;
    }
    /* The internal view, narrowed to the granted classes: sealed values stay masked. */
    json_t *records = json_object();
    size_t i;
    json_t *c;
    json_array_foreach(g.classes, i, c) {
        json_t *one = NULL;
        const char *cls = json_string_value(c);
        if (!cls || !records)
            continue;
        if ((rc = xy_subject_show(app, opaque, XY_VIEW_INTERNAL, cls, &one, err)))
            break;
        json_t *recs = json_object_get(json_object_get(one, "records"), cls);
        json_object_set_new(records, cls, recs ? json_incref(recs) : json_array());
        if (!doc) {
            doc = json_pack("{s:O}", "subject", json_object_get(one, "subject"));
        }
        json_decref(one);
    }
    if (rc) {
        json_decref(records);
        goto out;
    }
    if (!doc)
        doc = json_object();
    if (!doc || !records) {
        json_decref(records);
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        goto out;
    }
    json_object_set_new(doc, "records", records);
    json_object_set_new(doc, "grant", json_pack("{s:I, s:O, s:s}", "id", (json_int_t)grant_id, "classes", g.classes,
                                                "purpose", g.purpose));
    /* The read and its log entry commit together: no read that the subject cannot see. */
    xy_clock_stamp(&app->clock, now);
    snprintf(object, sizeof object, "grant/%lld", (long long)grant_id);
    if ((rc = st->ops->begin(st, err)))
        goto out;
    rc = st->ops->access_add(st, sid, now, by->key_id, xy_role_name(by->role), by->dept_uscc[0] ? by->dept_uscc : NULL,
                             g.purpose, object, grant_id, err);
    if ((rc = xy_audit_commitj(app, by, "record.read_consent", object, json_pack("{s:s}", "subject", opaque), rc,
                               err)))
        goto out;
    *out = doc;
    doc = NULL;
out:
    json_decref(doc);
    json_decref(g.classes);
    return rc;
}

/* ---- the subject's access history ------------------------------------------------------------- */

struct history {
    json_t *items;
    int64_t last;
    int oom;
};

static int on_access(void *ctx, const struct xy_access_row *a)
{
    struct history *h = ctx;
    json_t *j = json_pack("{s:I, s:s, s:{s:I, s:s?, s:s}, s:s?, s:s, s:s?, s:o?}", "id", (json_int_t)a->id, "at",
                          a->at, "by", "key", (json_int_t)a->key_id, "name", a->key_name, "role", a->role, "dept",
                          a->dept_uscc, "purpose", a->purpose, "object", a->object, "grant",
                          a->grant_id ? json_integer(a->grant_id) : NULL);
    if (!j) {
        h->oom = 1;
        return 1;
    }
    json_object_set_new(j, "basis", json_string(a->grant_id ? "grant" : "legal_role"));
    json_array_append_new(h->items, j);
    h->last = a->id;
    return 0;
}

int xy_access_history(struct xy_app *app, const struct xy_principal *by, int64_t before, int limit, json_t **items,
                      int64_t *last, struct xy_error *err)
{
    struct history h = {.items = json_array()};
    *items = NULL;
    *last = 0;
    if (by->role != XY_ROLE_SUBJECT || !by->subject_id) {
        json_decref(h.items);
        return xy_error_set(err, XY_EDENIED, "查询记录只向信用主体本人展示 (the access history is shown to its "
                            "subject)");
    }
    if (!h.items)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    int rc = app->store->ops->access_list(app->store, by->subject_id, before, limit, on_access, &h, err);
    if (!rc && h.oom)
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    if (rc) {
        json_decref(h.items);
        return rc;
    }
    *items = h.items;
    *last = h.last;
    return 0;
}
