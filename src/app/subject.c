/* SPDX-License-Identifier: Apache-2.0 */
/* Subject search and display. */
#include "app/subject.h"
#include "app/answer.h"
#include "app/app_int.h"
#include "core/publicity.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "common/xy_alloc.h"
#include "common/xy_jsonw.h"
#include "common/xy_utf8.h"
#include "core/idscan.h"
#include "core/ids.h"
#include "core/repair.h"
#include "core/ric.h"
#include "core/uscc.h"
#include "core/validate.h"

int xy_app_mask_member(json_t *o, const char *key, struct xy_date today)
{
    struct xy_id_date td = {today.y, today.m, today.d};
    json_t *v = json_object_get(o, key);
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    if (!s || !xy_idscan(s, n, XY_IDSCAN_ALL, &td, NULL, NULL))
        return 0;
    struct xy_buf b;
    xy_buf_init(&b, n + 1);
    int rc = xy_idscan_mask(s, n, XY_IDSCAN_ALL, &td, &b, NULL);
    if (!rc && json_object_set_new(o, key, json_stringn(b.data, b.len)))
        rc = XY_ENOMEM;
    xy_buf_release(&b);
    return rc ? -1 : 0;
}

int xy_app_mask_ids(json_t *o, const struct xy_class *k, struct xy_date today)
{
    if (k) {
        for (size_t i = 0; i < k->nfields; i++)
            if (k->fields[i].type == XY_FT_STRING && xy_app_mask_member(o, k->fields[i].key, today))
                return -1;
        return 0;
    }
    const char *key;
    json_t *v, *tmp;
    json_object_foreach_safe(o, tmp, key, v)
        if (xy_app_mask_member(o, key, today))
            return -1;
    return 0;
}

/* A name as answers show it: ID numbers masked (names with one are refused at import; older ones
 * may hold one). OUT: b. */
static const char *shown_name(const char *name, struct xy_date today, struct xy_buf *b)
{
    struct xy_id_date td = {today.y, today.m, today.d};
    size_t n = strlen(name);
    if (!xy_idscan(name, n, XY_IDSCAN_ALL, &td, NULL, NULL))
        return name;
    return xy_idscan_mask(name, n, XY_IDSCAN_ALL, &td, b, NULL) ? NULL : b->data;
}

static json_t *subject_json(const struct xy_subject_row *s, struct xy_date today)
{
    struct xy_buf nb;
    xy_buf_init(&nb, 4096);
    const char *name = shown_name(s->name, today, &nb);
    /* json_pack fails whole (NULL) when any piece cannot be made: never half a subject. */
    json_t *o = name ? json_pack("{s:s, s:s, s:s, s:o}", "id", s->opaque, "kind", s->kind, "name", name, "uscc",
                                 s->uscc ? json_string(s->uscc) : json_null())
                     : NULL;
    xy_buf_release(&nb);
    if (o && ((s->regno && json_object_set_new(o, "regno", json_string(s->regno))) ||
              (s->id_masked && json_object_set_new(o, "id_no", json_string(s->id_masked))))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

struct search_ctx {
    struct xy_date today;
    json_t *arr;
    int64_t ids[XY_SEARCH_MAX];
    int oom;
};

static int on_hit(void *ctx, const struct xy_subject_row *s)
{
    struct search_ctx *c = ctx;
    json_t *o = subject_json(s, c->today);
    size_t i = json_array_size(c->arr);
    if (!o || i >= XY_SEARCH_MAX || json_array_append_new(c->arr, o)) {
        json_decref(o);
        c->oom = 1;
        return 1;
    }
    c->ids[i] = s->id;
    return 0;
}

/* Which lists a hit is on, as the view may see them: the status a result line shows. */
struct lists_ctx {
    struct xy_app *app;
    enum xy_view view;
    struct xy_date today;
    json_t *lists;
};

static int on_list_entry(void *ctx, const struct xy_record_row *r)
{
    struct lists_ctx *l = ctx;
    if (l->view == XY_VIEW_PUBLIC && !xy_record_is_public(l->app, r, l->today))
        return 0;
    size_t i;
    json_t *v;
    json_array_foreach(l->lists, i, v)
        if (strcmp(json_string_value(v), r->cls) == 0)
            return 0;
    json_array_append_new(l->lists, json_string(r->cls));
    return 0;
}

int xy_subject_search(struct xy_app *app, const char *q, enum xy_view view, int offset, int limit, json_t **out,
                      struct xy_error *err)
{
    char norm[256];
    size_t n = strlen(q);
    *out = NULL;
    if (n > 200)
        return xy_error_set(err, XY_EINVAL, "查询文字超过 200 字节 (the search text is longer than 200 bytes)");
    /* Codes are typed in all widths and cases: fold them as the identifier rules do. */
    if (xy_id_normalize(q, n, norm, sizeof norm, NULL) != XY_ID_OK)
        return xy_error_set(err, XY_EINVAL, "查询文字过长 (the search text is too long)");
    int ascii_code = norm[0] != '\0';
    for (char *p = norm; *p; p++) {
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 32);
        if (!((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || *p == '-'))
            ascii_code = 0;
    }
    if (ascii_code) { /* drop the hyphen of XXXXXXXX-X organisation codes */
        char *w = norm;
        for (char *p = norm; *p; p++)
            if (*p != '-')
                *w++ = *p;
        *w = '\0';
    }
    if (limit <= 0 || limit > XY_SEARCH_MAX)
        limit = XY_SEARCH_MAX;
    if (offset < 0 || offset > 1000)
        return xy_error_set(err, XY_EINVAL, "查询最多翻阅前 1,000 条结果 (a search pages through its first 1,000 results "
                                              "at most)");
    struct search_ctx c = {.arr = json_array(), .today = xy_clock_today(&app->clock)};
    if (!c.arr)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    int rc = app->store->ops->search(app->store, ascii_code ? norm : q, offset, limit, view == XY_VIEW_PUBLIC, on_hit,
                                     &c, err);
    if (!rc && c.oom)
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    struct lists_ctx l = {.app = app, .view = view, .today = xy_clock_today(&app->clock)};
    struct xy_list_filter lf;
    xy_app_list_filter(app, &lf);
    xy_alloc_failed();
    for (size_t i = 0; !rc && i < json_array_size(c.arr); i++) {
        if (!(l.lists = json_array())) {
            rc = xy_error_set(err, XY_ENOMEM, "out of memory");
            break;
        }
        rc = app->store->ops->list_entries(app->store, c.ids[i], NULL, &lf, on_list_entry, &l, err);
        json_object_set_new(json_array_get(c.arr, i), "lists", l.lists);
    }
    if (!rc && xy_alloc_failed())
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    if (rc) {
        json_decref(c.arr);
        return rc;
    }
    *out = c.arr;
    return XY_OK;
}

struct show_ctx {
    struct xy_app *app;
    enum xy_view view;
    const char *cls;
    struct xy_date today;
    long shown;
    struct xy_buf *texts; /* text mode: one buffer of record texts per catalogue class */
    json_t *subject;
    json_t *records;
    json_t *names;
    int64_t subject_id;
    const char *current_name;
    char through[11]; /* the earliest last day of a window among the public records shown ("" none) */
    int rc;
    struct xy_error *err;
};

static int on_subject(void *ctx, const struct xy_subject_row *s)
{
    struct show_ctx *c = ctx;
    c->subject = subject_json(s, c->today);
    c->subject_id = s->id;
    if (!c->subject) {
        c->rc = xy_error_set(c->err, XY_ENOMEM, "out of memory");
        return 1;
    }
    json_object_set_new(c->subject, "created_at", json_string(s->created_at));
    json_object_set_new(c->subject, "updated_at", json_string(s->updated_at));
    if (s->uscc) {
        struct xy_uscc_parts parts;
        if (xy_uscc_decompose(s->uscc, &parts) == 0) {
            json_t *d = json_pack("{s:s%, s:s, s:s%, s:s, s:s, s:s}", "authority", &parts.authority, (size_t)1,
                                  "authority_name", parts.authority_name, "category", &parts.category, (size_t)1,
                                  "category_name", parts.category_name, "region", parts.region, "orgcode",
                                  parts.orgcode);
            if (d)
                json_object_set_new(c->subject, "code_parts", d);
        }
    }
    if (c->view == XY_VIEW_REVEAL && s->id_sealed && s->id_sealed_len > XY_SEAL_OVERHEAD) {
        size_t n = s->id_sealed_len - XY_SEAL_OVERHEAD;
        char *plain = xy_malloc(n + 1);
        if (!plain) {
            c->rc = xy_error_set(c->err, XY_ENOMEM, "out of memory");
            return 1;
        }
        if (xy_keys_open(&c->app->keys, s->id_sealed, s->id_sealed_len, plain) == 0) {
            plain[n] = '\0';
            json_object_set_new(c->subject, "id_no", json_string(plain));
        } else {
            c->rc = xy_error_set(c->err, XY_ECRYPTO, "加密的身份证号无法解密：密钥文件不对？ (the sealed ID number does not open: wrong key file?)");
        }
        xy_free(plain);
    }
    return 1;
}

static int on_name(void *ctx, const struct xy_subject_row *s)
{
    struct show_ctx *c = ctx;
    if (strcmp(s->name, json_string_value(json_object_get(c->subject, "name"))) == 0)
        return 0;
    struct xy_buf nb;
    xy_buf_init(&nb, 4096);
    const char *name = shown_name(s->name, c->today, &nb);
    json_t *o = name ? json_pack("{s:s, s:s?, s:s?}", "name", name, "first_seen", s->created_at, "last_seen",
                                 s->updated_at)
                     : NULL;
    xy_buf_release(&nb);
    if (o)
        json_array_append_new(c->names, o);
    return 0;
}

int xy_record_is_public(const struct xy_app *app, const struct xy_record_row *r, struct xy_date today)
{
    return xy_publicity_visible(xy_catalog_class(app->catalog, r->cls), r->is_current, r->status, r->public_until,
                                today);
}

json_t *xy_record_json(struct xy_app *app, const struct xy_record_row *r, enum xy_view view, struct xy_date today)
{
    json_error_t jerr;
    const struct xy_class *k = xy_catalog_class(app->catalog, r->cls);
    if (view == XY_VIEW_PUBLIC && !xy_record_is_public(app, r, today))
        return NULL;
    json_t *rec = json_loads(r->fields, 0, &jerr);
    if (!rec)
        return NULL;
    /* Records imported before ID numbers in text were masked and sealed: masked here. A reveal
     * shows the sealed originals of newer ones below. */
    if (view != XY_VIEW_REVEAL && xy_app_mask_ids(rec, k, today)) {
        json_decref(rec);
        return NULL;
    }
    if (view == XY_VIEW_PUBLIC && k) {
        for (size_t i = 0; i < k->nfields; i++)
            if (k->fields[i].hidden)
                json_object_del(rec, k->fields[i].key);
    }
    if (view == XY_VIEW_REVEAL && r->sealed && r->sealed_len > XY_SEAL_OVERHEAD) {
        size_t n = r->sealed_len - XY_SEAL_OVERHEAD;
        char *plain = xy_malloc(n + 1);
        json_t *sealed = NULL;
        if (plain && xy_keys_open(&app->keys, r->sealed, r->sealed_len, plain) == 0) {
            plain[n] = '\0';
            sealed = json_loads(plain, 0, &jerr);
            sodium_memzero(plain, n);
        }
        xy_free(plain);
        if (!sealed) { /* a sealed value that does not open: never fall back to showing less silently */
            json_decref(rec);
            return NULL;
        }
        json_object_update(rec, sealed);
        json_decref(sealed);
    }
    json_t *meta = json_pack("{s:I, s:s, s:s, s:s, s:s?, s:s?}", "id", (json_int_t)r->id, "class", r->cls,
                             "dept_uscc", r->dept_uscc, "dept_name", r->dept_name, "public_until", r->public_until,
                             "valid_to", r->valid_to);
    if (meta && r->upper) /* an entry of a list published above (national, courts): its source, shown */
        json_object_set_new(meta, "source", json_string(r->upper));
    if (meta && r->objection_id) /* 异议中: the record stands, challenged, while the source checks it */
        json_object_set_new(meta, "under_objection", json_true());
    if (meta && view != XY_VIEW_PUBLIC) {
        json_t *flags = json_array();
        if (r->flags & XY_RF_NAME_MISMATCH)
            json_array_append_new(flags, json_string("name_mismatch"));
        if (r->flags & XY_RF_CODE_PREFIX)
            json_array_append_new(flags, json_string("code_prefix"));
        if (r->flags & XY_RF_UNPUBLISHED)
            json_array_append_new(flags, json_string("unpublished"));
        if (r->flags & XY_RF_ID_IN_TEXT)
            json_array_append_new(flags, json_string("id_in_text"));
        json_object_set_new(meta, "version", json_integer(r->version));
        json_object_set_new(meta, "status", json_string(r->status));
        /* The day the repair rule gives (core/repair.h): the minimum period's end, or for a list
         * entry its decision date plus the list's period; null for records that are not repaired. */
        struct xy_date rf;
        int is_list = strcmp(r->cls, "black_list") == 0 || strcmp(r->cls, "watch_list") == 0;
        char rfs[11];
        if ((is_list || (k && k->policy)) && xy_repair_allowed_from(r->min_until, r->decision_date, is_list, &rf) == 0) {
            xy_date_format(rf, rfs);
            json_object_set_new(meta, "repair_from", json_string(rfs));
        } else {
            json_object_set_new(meta, "repair_from", json_null());
        }
        json_object_set_new(meta, "batch", json_integer(r->batch_id));
        json_object_set_new(meta, "amount_fen", json_integer(r->amount_fen));
        json_object_set_new(meta, "flags", flags);
    }
    if (!meta) {
        json_decref(rec);
        return NULL;
    }
    json_object_set_new(rec, "_record", meta);
    return rec;
}

static int dump_to_buf(const char *buffer, size_t size, void *data)
{
    return xy_buf_add(data, buffer, size) == XY_OK ? 0 : -1;
}

/* A public record as text: the stored fields text with "_record" spliced in before its last brace,
 * no parse and no document built. Records whose stored text still holds a field the public may not
 * see (written before such fields were kept out of it), or an ID number (written before they were
 * masked; or an escaped character, which the scan of the text cannot see through), go through
 * xy_record_json instead. */
static int record_text(struct xy_app *app, const struct xy_record_row *r, struct xy_date today, struct xy_buf *b)
{
    const struct xy_class *k = xy_catalog_class(app->catalog, r->cls);
    struct xy_id_date td = {today.y, today.m, today.d};
    size_t n = strlen(r->fields);
    int slow = !k || n < 2 || r->fields[n - 1] != '}' || strstr(r->fields, "\\u") ||
               xy_idscan(r->fields, n, XY_IDSCAN_ALL, &td, NULL, NULL);
    for (size_t i = 0; k && !slow && i < k->nfields; i++) {
        char pat[80];
        if (!k->fields[i].hidden)
            continue;
        snprintf(pat, sizeof pat, "\"%s\":", k->fields[i].key);
        slow = strstr(r->fields, pat) != NULL;
    }
    if (slow) {
        json_t *j = xy_record_json(app, r, XY_VIEW_PUBLIC, today);
        int rc = j && json_dump_callback(j, dump_to_buf, b, JSON_COMPACT) == 0 ? XY_OK : XY_ECORRUPT;
        json_decref(j);
        return rc;
    }
    int rc = xy_buf_add(b, r->fields, n - 1);
    if (!rc)
        rc = xy_buf_printf(b, "%s\"_record\":{\"id\":%lld", n > 2 ? "," : "", (long long)r->id);
    /* b already holds the record's text, so each member goes in after a comma: no scratch buffer. */
    if (!rc)
        rc = xy_jsonw_member(b, "class", r->cls, strlen(r->cls));
    if (!rc)
        rc = xy_jsonw_member(b, "dept_uscc", r->dept_uscc, strlen(r->dept_uscc));
    if (!rc)
        rc = xy_jsonw_member(b, "dept_name", r->dept_name, strlen(r->dept_name));
    if (!rc && r->public_until)
        rc = xy_jsonw_member(b, "public_until", r->public_until, strlen(r->public_until));
    if (!rc && r->valid_to)
        rc = xy_jsonw_member(b, "valid_to", r->valid_to, strlen(r->valid_to));
    if (!rc && r->objection_id)
        rc = xy_buf_addz(b, ",\"under_objection\":true");
    if (!rc)
        rc = xy_buf_addz(b, "}}");
    return rc;
}

static int on_record(void *ctx, const struct xy_record_row *r)
{
    struct show_ctx *c = ctx;
    if (c->cls && strcmp(c->cls, r->cls) != 0)
        return 0;
    if (c->view == XY_VIEW_PUBLIC && !xy_record_is_public(c->app, r, c->today))
        return 0;
    /* A public record is shown through the last day of its window: the answer holds until then. */
    if (c->view == XY_VIEW_PUBLIC && r->public_until && (!c->through[0] || strcmp(r->public_until, c->through) < 0))
        snprintf(c->through, sizeof c->through, "%s", r->public_until);
    if (c->texts) {
        const struct xy_catalog *cat = c->app->catalog;
        size_t i = 0;
        while (i < cat->nclasses && strcmp(cat->classes[i].name, r->cls) != 0)
            i++;
        if (i == cat->nclasses)
            return 0;
        struct xy_buf *b = &c->texts[i];
        int rc = xy_buf_addc(b, b->len ? ',' : '[');
        if (!rc)
            rc = record_text(c->app, r, c->today, b);
        if (rc) {
            c->rc = xy_error_set(c->err, rc, "记录 %1$lld 无法显示 (record %1$lld cannot be shown)", (long long)r->id);
            return 1;
        }
        c->shown++;
        return 0;
    }
    xy_alloc_failed();
    json_t *rec = xy_record_json(c->app, r, c->view, c->today);
    if (!rec && xy_alloc_failed()) {
        c->rc = xy_error_set(c->err, XY_ENOMEM, "out of memory showing record %lld", (long long)r->id);
        return 1;
    }
    if (!rec) {
        c->rc = xy_error_set(c->err, c->view == XY_VIEW_REVEAL ? XY_ECRYPTO : XY_ECORRUPT,
                             "record %lld cannot be shown: stored fields do not parse or sealed values do not "
                             "open (wrong key file?)",
                             (long long)r->id);
        return 1;
    }
    json_t *list = json_object_get(c->records, r->cls);
    if (!list) {
        list = json_array();
        json_object_set_new(c->records, r->cls, list);
    }
    json_array_append_new(list, rec);
    c->shown++;
    return 0;
}

static int show(struct xy_app *app, const char *code, enum xy_view view, const char *cls, json_t **out,
                struct xy_buf *text, char through[11], struct xy_error *err)
{
    struct show_ctx c = {.app = app, .view = view, .cls = cls, .err = err, .today = xy_clock_today(&app->clock)};
    struct xy_buf texts[16];
    if (text) {
        if (app->catalog->nclasses > sizeof texts / sizeof *texts)
            return xy_error_set(err, XY_EINVAL, "too many classes in the catalogue for the text view");
        for (size_t i = 0; i < app->catalog->nclasses; i++)
            xy_buf_init(&texts[i], 64u << 20);
        c.texts = texts;
    }
    struct xy_store *st = app->store;
    struct xy_id_result res;
    struct xy_date today = xy_clock_today(&app->clock);
    struct xy_id_date td = {today.y, today.m, today.d};
    int rc;
    *out = NULL;
    size_t n = strlen(code);
    if (n > 64)
        return xy_error_set(err, XY_EINVAL, "“%.*s…”作为代码过长 (%.*s... is too long for a code)",
                            (int)xy_utf8_floor(code, 20), code, (int)xy_utf8_floor(code, 20), code);
    if (xy_uscc_check(code, n, &res) == XY_ID_OK) {
        rc = st->ops->subject_get(st, res.normalized, NULL, NULL, on_subject, &c, err);
    } else if (view != XY_VIEW_PUBLIC && xy_ric_check(code, n, &td, &res) == XY_ID_OK) {
        char key[80];
        uint8_t h[32];
        snprintf(key, sizeof key, "01:%s", res.upgraded[0] ? res.upgraded : res.normalized);
        xy_keys_hash(&app->keys, key, strlen(key), h, sizeof h);
        rc = st->ops->subject_get(st, NULL, h, NULL, on_subject, &c, err);
    } else if (code[0] == 'p' && n == 17) {
        rc = st->ops->subject_get(st, NULL, NULL, code, on_subject, &c, err);
    } else {
        return xy_error_set(err, XY_EINVAL,
                            view == XY_VIEW_PUBLIC
                                ? "%.0s%.0s此代码既不是统一社会信用代码，也不是主体编号 "
                                  "(this is neither a unified social credit code nor a subject id)"
                                : "%s 不是有效的统一社会信用代码、身份证号码或主体编号（可用 `xinyong id check` 核对） "
                                  "(%s is not a valid USCC, ID number or subject id; check it with `xinyong id check`)",
                            code, code);
    }
    if (rc == XY_OK && c.rc)
        rc = c.rc;
    if (rc) {
        json_decref(c.subject);
        if (rc == XY_ENOTFOUND)
            xy_error_set(err, rc,
                         view == XY_VIEW_PUBLIC ? "%.0s%.0s没有此主体 (no such subject)"
                                                : "没有代码为 %s 的主体 (no subject with code %s)",
                         code, code);
        return rc;
    }
    c.records = json_object();
    c.names = json_array();
    if (!c.records || !c.names) {
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        goto fail;
    }
    if ((rc = st->ops->subject_names(st, c.subject_id, on_name, &c, err)))
        goto fail;
    json_object_set(c.subject, "former_names", c.names);
    /* Classes in catalogue order (licences before penalties, as the standard lists them). */
    for (size_t i = 0; i < app->catalog->nclasses; i++)
        json_object_set_new(c.records, app->catalog->classes[i].name, json_array());
    if ((rc = st->ops->subject_records(st, c.subject_id, on_record, &c, err)) || (rc = c.rc))
        goto fail;
    for (size_t i = 0; i < app->catalog->nclasses; i++) {
        const char *name = app->catalog->classes[i].name;
        if (json_array_size(json_object_get(c.records, name)) == 0)
            json_object_del(c.records, name);
    }
    /* A person is public only through public records: with none, there is no public page. */
    if (view == XY_VIEW_PUBLIC && c.shown == 0 &&
        strcmp(json_string_value(json_object_get(c.subject, "kind")), "person") == 0) {
        rc = xy_error_set(err, XY_ENOTFOUND, "没有此主体 (no such subject)");
        goto fail;
    }
    if (text) {
        /* {"subject":...,"records":{"CLASS":[...],...}} or, for one class, {"subject":...,"class":...,"items":[...]} */
        rc = xy_buf_addz(text, "{\"subject\":");
        if (!rc && json_dump_callback(c.subject, dump_to_buf, text, JSON_COMPACT))
            rc = XY_ENOMEM;
        if (!rc && cls) {
            rc = xy_buf_addz(text, ",\"class\":");
            if (!rc)
                rc = xy_jsonw_str(text, cls, strlen(cls));
            if (!rc)
                rc = xy_buf_addz(text, ",\"items\":");
        } else if (!rc) {
            rc = xy_buf_addz(text, ",\"records\":{");
        }
        int first = 1;
        for (size_t i = 0; !rc && i < app->catalog->nclasses; i++) {
            const char *name = app->catalog->classes[i].name;
            if (cls && strcmp(name, cls) != 0)
                continue;
            if (!cls && !texts[i].len)
                continue;
            if (!cls) {
                rc = xy_buf_addz(text, first ? "" : ",");
                if (!rc)
                    rc = xy_jsonw_str(text, name, strlen(name));
                if (!rc)
                    rc = xy_buf_addc(text, ':');
                first = 0;
            }
            if (!rc)
                rc = texts[i].len ? xy_buf_add(text, texts[i].data, texts[i].len) : xy_buf_addc(text, '[');
            if (!rc)
                rc = xy_buf_addc(text, ']');
        }
        if (!rc)
            rc = xy_buf_addz(text, cls ? "}" : "}}");
        if (rc) {
            rc = xy_error_set(err, rc, "无法生成应答 (the answer could not be built)");
            goto fail;
        }
        json_decref(c.subject);
        json_decref(c.records);
        json_decref(c.names);
        for (size_t i = 0; i < app->catalog->nclasses; i++)
            xy_buf_release(&texts[i]);
        if (through)
            memcpy(through, c.through, sizeof c.through);
        return XY_OK;
    }
    *out = json_pack("{s:o, s:o}", "subject", c.subject, "records", c.records);
    json_decref(c.names);
    return *out ? XY_OK : xy_error_set(err, XY_ENOMEM, "out of memory");
fail:
    json_decref(c.subject);
    json_decref(c.records);
    json_decref(c.names);
    if (text)
        for (size_t i = 0; i < app->catalog->nclasses; i++)
            xy_buf_release(&texts[i]);
    return rc;
}

/* show() in one read snapshot: the subject, its names and its records as of one commit, and one
 * read lock taken for the three reads instead of one each (a lookup that misses the answer cache
 * took three, each a round of the WAL index's locks shared by every reader thread). */
static int show_snapshot(struct xy_app *app, const char *code, enum xy_view view, const char *cls, json_t **out,
                         struct xy_buf *text, char through[11], struct xy_error *err)
{
    struct xy_store *st = app->store;
    int began = 0;
    int rc = st->ops->read_begin(st, &began, err);
    if (rc)
        return rc;
    rc = show(app, code, view, cls, out, text, through, err);
    st->ops->read_end(st, began);
    return rc;
}

int xy_subject_show(struct xy_app *app, const char *code, enum xy_view view, const char *cls, json_t **out,
                    struct xy_error *err)
{
    return show_snapshot(app, code, view, cls, out, NULL, NULL, err);
}

int xy_subject_public_text(struct xy_app *app, const char *code, const char *cls, struct xy_buf *out,
                           struct xy_error *err)
{
    json_t *unused = NULL;
    if (!cls) { /* the whole answer: the stored one when it is current (app/answer.h) */
        int found = 0;
        int rc = xy_answer_read(app, code, out, &found, err);
        if (found || rc)
            return rc;
    }
    return show_snapshot(app, code, XY_VIEW_PUBLIC, cls, &unused, out, NULL, err);
}

int xy_subject_public_build(struct xy_app *app, const char *code, struct xy_buf *out, char through[11],
                            struct xy_error *err)
{
    json_t *unused = NULL;
    return show_snapshot(app, code, XY_VIEW_PUBLIC, NULL, &unused, out, through, err);
}

struct found_subject {
    int64_t id;
    char opaque[24];
    char name[256];
};

static int on_found(void *ctx, const struct xy_subject_row *s)
{
    struct found_subject *f = ctx;
    f->id = s->id;
    snprintf(f->opaque, sizeof f->opaque, "%s", s->opaque);
    snprintf(f->name, sizeof f->name, "%s", s->name);
    return 1;
}

int xy_subject_find(struct xy_app *app, const char *code, int allow_id_number, int64_t *id, char opaque[24],
                    struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct xy_id_result res;
    struct xy_date today = xy_clock_today(&app->clock);
    struct xy_id_date td = {today.y, today.m, today.d};
    struct found_subject f = {0};
    size_t n = code ? strlen(code) : 0;
    int rc;
    if (n == 0 || n > 64)
        return xy_error_set(err, XY_EINVAL, "主体须以统一社会信用代码、身份证号码或主体编号指明 "
                                                 "(a subject is named by its USCC, ID number or subject id)");
    if (xy_uscc_check(code, n, &res) == XY_ID_OK) {
        rc = st->ops->subject_get(st, res.normalized, NULL, NULL, on_found, &f, err);
    } else if (xy_ric_check(code, n, &td, &res) == XY_ID_OK) {
        if (!allow_id_number)
            return xy_error_set(err, XY_EINVAL, "此处须以主体编号指明个人，不得使用身份证号码 "
                                                     "(a person is named here by its subject id, never by ID number)");
        char key[80];
        uint8_t h[32];
        snprintf(key, sizeof key, "01:%s", res.upgraded[0] ? res.upgraded : res.normalized);
        xy_keys_hash(&app->keys, key, strlen(key), h, sizeof h);
        rc = st->ops->subject_get(st, NULL, h, NULL, on_found, &f, err);
    } else if (code[0] == 'p' && n == 17) {
        rc = st->ops->subject_get(st, NULL, NULL, code, on_found, &f, err);
    } else {
        return xy_error_set(err, XY_EINVAL, allow_id_number ? "这不是有效的统一社会信用代码、身份证号码或主体编号 "
                                                              "(this is not a valid USCC, ID number or subject id)"
                                                            : "这不是有效的统一社会信用代码或主体编号 "
                                                              "(this is not a valid USCC or subject id)");
    }
    if (rc == XY_ENOTFOUND)
        return xy_error_set(err, rc, "没有此主体 (no such subject)");
    if (rc)
        return rc;
    *id = f.id;
    if (opaque)
        memcpy(opaque, f.opaque, sizeof f.opaque);
    return 0;
}

int xy_subject_ref(struct xy_app *app, int64_t subject_id, char opaque[24], struct xy_error *err)
{
    return app->store->ops->subject_ref(app->store, subject_id, opaque, err);
}
