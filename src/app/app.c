/* SPDX-License-Identifier: Apache-2.0 */
/* Application context: store + catalogue + keys. */
#include "app/app.h"
#include "app/app_int.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/calendar.h"
#include "app/jrp.h"
#include "app/recordrow.h"
#include "app/report_int.h"
#include "core/publicity.h"
#include "common/xy_alloc.h"

extern const unsigned char xy_default_catalog[];
extern const size_t xy_default_catalog_len;

const char *xy_app_default_catalog(size_t *len)
{
    *len = xy_default_catalog_len;
    return (const char *)xy_default_catalog;
}

const struct xy_clock *xy_app_clock(const struct xy_app *app)
{
    return &app->clock;
}

const struct xy_catalog *xy_app_catalog(const struct xy_app *app)
{
    return app->catalog;
}

void xy_app_list_filter(const struct xy_app *app, struct xy_list_filter *f)
{
    size_t n = 0;
    memset(f, 0, sizeof *f);
    /* The catalogue parser refuses more than XY_LIST_CLASSES_MAX list classes. */
    for (size_t i = 0; i < app->catalog->nclasses && n < XY_LIST_CLASSES_MAX; i++)
        if (app->catalog->classes[i].is_list)
            f->classes[n++] = app->catalog->classes[i].name;
    for (size_t i = 0; xy_status_in_force[i] && i < 2; i++)
        f->statuses[i] = xy_status_in_force[i];
}

int xy_app_ping(struct xy_app *app, struct xy_error *err)
{
    return app->store->ops->ping(app->store, err);
}

int xy_app_checkpoint(struct xy_app *app, int *log_pages, struct xy_error *err)
{
    const struct xy_store_caps *c = app->store->ops->caps;
    if (!c || !c->checkpoint)
        return XY_ENOTSUP;
    return c->checkpoint(app->store, log_pages, NULL, err);
}

int xy_app_autocheckpoint(struct xy_app *app, int pages)
{
    const struct xy_store_caps *c = app->store->ops->caps;
    if (!c || !c->autocheckpoint)
        return XY_ENOTSUP;
    c->autocheckpoint(app->store, pages);
    return XY_OK;
}

int xy_app_data_version(struct xy_app *app, int64_t *v)
{
    const struct xy_store_caps *c = app->store->ops->caps;
    if (!c || !c->data_version)
        return XY_ENOTSUP;
    return c->data_version(app->store, v, NULL);
}

static void *json_alloc(size_t n)
{
    return xy_malloc(n);
}

int xy_app_open(const char *db_path, const struct xy_clock *clock, struct xy_app **out, struct xy_error *err)
{
    char keypath[4200];
    xy_keys_path(db_path, keypath, sizeof keypath);
    return xy_app_open_keyed(db_path, keypath, clock, out, err);
}

int xy_app_open_keyed(const char *db_path, const char *keypath, const struct xy_clock *clock, struct xy_app **out,
                      struct xy_error *err)
{
    struct xy_app *app = xy_calloc(1, sizeof *app);
    char *body = NULL;
    int rc;
    *out = NULL;
    json_set_alloc_funcs(json_alloc, xy_free);
    if (!app)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    if (clock)
        app->clock = *clock;
    else
        xy_clock_real(&app->clock);
    snprintf(app->db_path, sizeof app->db_path, "%s", db_path);
    if (!xy_store_is_server(db_path) && access(db_path, F_OK) != 0) {
        rc = xy_error_set(err, XY_ENOTFOUND, "数据库 %s 不存在，请先运行 `xinyong init` (database %s does not exist: run `xinyong init`)",
                          db_path, db_path);
        goto fail;
    }
    if ((rc = xy_store_open(db_path, &app->store, err)))
        goto fail;
    /* A database never initialised has schema version 0: refuse rather than create tables here. */
    if ((rc = app->store->ops->catalog_get(app->store, &body, err))) {
        if (rc == XY_EDB || rc == XY_ENOTFOUND)
            rc = xy_error_set(err, XY_ENOTFOUND, "数据库 %s 尚未初始化，请先运行 `xinyong init` "
                                "(database %s is not initialised: run `xinyong init`)", db_path, db_path);
        goto fail;
    }
    int have = 0, want = 0;
    if ((rc = app->store->ops->schema(app->store, &have, &want, err)))
        goto fail;
    if (have != want) {
        rc = xy_error_set(err, XY_EDB, "数据库 %s 的结构版本为 %d，本程序需要 %d，请运行 `xinyong init` "
                          "(database %s has schema version %d, this program needs %d: run `xinyong init`)",
                          db_path, have, want, db_path, have, want);
        goto fail;
    }
    if ((rc = xy_catalog_parse(body, strlen(body), &app->catalog, err)))
        goto fail;
    if ((rc = xy_keys_load(keypath, 0, &app->keys, err)))
        goto fail;
    xy_free(body);
    *out = app;
    return XY_OK;
fail:
    xy_free(body);
    xy_app_close(app);
    return rc;
}

void xy_app_close(struct xy_app *app)
{
    if (!app)
        return;
    xy_jrp_cache_free(app->jrp_cache);
    xy_eval_cache_free(app->eval_cache);
    xy_report_key_free(app);
    xy_store_close(app->store);
    xy_catalog_free(app->catalog);
    xy_keys_wipe(&app->keys);
    xy_free(app);
}

/* Migration 11 keeps what list entries cite; entries stored before it get theirs here, read from
 * their fields as an import would, in one transaction. */
struct backfill {
    struct xy_store *st;
    const struct xy_class *k;
    struct xy_buf cites;
    int64_t last;
    int rc;
    struct xy_error *err;
};

static int backfill_one(void *ctx, const struct xy_record_row *r)
{
    struct backfill *b = ctx;
    char dept[19];
    b->last = r->id;
    xy_buf_reset(&b->cites);
    if (xy_rowparts_cites(b->k, r->fields, r->fields ? strlen(r->fields) : 0, &b->cites, dept))
        b->rc = xy_error_set(b->err, XY_ENOMEM, "out of memory");
    else if (b->cites.len)
        b->rc = b->st->ops->cites_put(b->st, r->id, r->subject_id, b->cites.data, b->cites.len, dept[0] ? dept : NULL,
                                      b->err);
    return b->rc;
}

static int backfill_cites(struct xy_store *st, const struct xy_catalog *cat, struct xy_error *err)
{
    struct backfill b = {.st = st, .err = err};
    int rc = st->ops->begin(st, err);
    xy_buf_init(&b.cites, XY_CITES_MAX);
    for (size_t i = 0; !rc && i < cat->nclasses; i++) {
        b.k = &cat->classes[i];
        if (xy_class_field_lookup(b.k, "cited_penalty", strlen("cited_penalty")) < 0)
            continue;
        for (int64_t before = -1; !rc && before != b.last;) {
            before = b.last;
            rc = st->ops->records_by_class(st, b.k->name, NULL, b.last, 1000, backfill_one, &b, err);
            if (!rc)
                rc = b.rc;
        }
        b.last = 0;
    }
    xy_buf_release(&b.cites);
    if (!rc)
        return st->ops->commit(st, err);
    st->ops->rollback(st);
    return rc;
}

int xy_app_upgrade(const char *db_path, const struct xy_clock *clock, int *from, int *to, struct xy_error *err)
{
    struct xy_store *st = NULL;
    struct xy_catalog *cat = NULL;
    struct xy_clock real;
    char *stored = NULL, now[32];
    int have = 0, want = 0, rc;
    json_set_alloc_funcs(json_alloc, xy_free);
    *from = *to = 0;
    if ((rc = xy_store_open(db_path, &st, err)) || (rc = st->ops->schema(st, &have, &want, err)))
        goto out;
    *from = *to = have;
    if (have > want) {
        rc = xy_error_set(err, XY_EINVAL, "其结构版本 %d 比本程序的（%d）新，请使用写入它的 xinyong 版本 "
                          "(its schema version %d is newer than this program's (%d): use the version of "
                          "xinyong that wrote it)", have, want, have, want);
        goto out;
    }
    if (have == 0 || st->ops->catalog_get(st, &stored, NULL) != XY_OK) {
        rc = xy_error_set(err, XY_ENOTFOUND, "它不是已初始化的 xinyong 数据库 (it is not an initialised xinyong database)");
        goto out;
    }
    if (have == want)
        goto out;
    /* As init upgrades, but under the database's own catalogue, which stays. */
    if ((rc = xy_catalog_parse(stored, strlen(stored), &cat, err)) || (rc = st->ops->migrate(st, from, to, err)) ||
        (rc = xy_calendar_seed(st, err)))
        goto out;
    if (*from < 11 && *to >= 11 && (rc = backfill_cites(st, cat, err)))
        goto out;
    xy_clock_real(&real);
    xy_clock_stamp(clock ? clock : &real, now);
    rc = xy_eval_seed(st, cat, now, err);
out:
    xy_free(stored);
    xy_catalog_free(cat);
    xy_store_close(st);
    return rc;
}

int xy_app_init(const char *db_path, const struct xy_clock *clock, const char *catalog_json, size_t catalog_len, int *schema_from,
                int *schema_to, int *catalog_loaded, struct xy_error *err)
{
    struct xy_store *st = NULL;
    struct xy_catalog *cat = NULL;
    struct xy_keys keys;
    struct xy_clock real;
    char *stored = NULL, *text = NULL;
    char keypath[4200], now[32];
    int rc;
    json_set_alloc_funcs(json_alloc, xy_free);
    xy_clock_real(&real);
    *catalog_loaded = 0;
    if (!catalog_json)
        catalog_json = xy_app_default_catalog(&catalog_len);
    /* Check the catalogue before touching the database: a bad one changes nothing. */
    if ((rc = xy_catalog_parse(catalog_json, catalog_len, &cat, err)))
        goto out;
    if (!(text = xy_strndup(catalog_json, catalog_len))) {
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        goto out;
    }
    xy_keys_path(db_path, keypath, sizeof keypath);
    if ((rc = xy_keys_load(keypath, 1, &keys, err)))
        goto out;
    xy_keys_wipe(&keys);
    /* The SM2 key that signs credit reports, beside the database key. */
    xy_report_key_path(db_path, keypath, sizeof keypath);
    if ((rc = xy_report_key_ensure(keypath, err)))
        goto out;
    if ((rc = xy_store_open(db_path, &st, err)))
        goto out;
    if ((rc = st->ops->migrate(st, schema_from, schema_to, err)))
        goto out;
    if ((rc = xy_calendar_seed(st, err)))
        goto out;
    if (*schema_from > 0 && *schema_from < 11 && *schema_to >= 11 && (rc = backfill_cites(st, cat, err)))
        goto out;
    xy_clock_stamp(clock ? clock : &real, now);
    if ((rc = xy_eval_seed(st, cat, now, err)))
        goto out;
    rc = st->ops->catalog_get(st, &stored, NULL);
    if (rc == XY_OK && strcmp(stored, text) == 0)
        goto out; /* the same catalogue is loaded already */
    xy_clock_stamp(clock ? clock : &real, now);
    if ((rc = st->ops->begin(st, err)) || (rc = st->ops->catalog_put(st, cat->version, text, now, err)) ||
        (rc = st->ops->commit(st, err))) {
        st->ops->rollback(st);
        goto out;
    }
    *catalog_loaded = 1;
out:
    xy_free(stored);
    xy_free(text);
    xy_catalog_free(cat);
    xy_store_close(st);
    return rc;
}
