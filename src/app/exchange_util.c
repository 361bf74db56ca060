/* SPDX-License-Identifier: Apache-2.0 */
/* What the exchange's files share (exchange_int.h): a record's sealed part opened, its full fields,
 * the form of names. */
#include "app/exchange_int.h"

#include <sodium.h>
#include <string.h>

#include "common/xy_alloc.h"

int xy_exchange_open_sealed(struct xy_app *app, const struct xy_record_row *r, char **plain, size_t *n,
                            struct xy_error *err)
{
    *plain = NULL;
    *n = 0;
    if (!r->sealed || r->sealed_len <= XY_SEAL_OVERHEAD)
        return XY_OK;
    size_t len = r->sealed_len - XY_SEAL_OVERHEAD;
    char *p = xy_malloc(len + 1);
    if (!p)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    if (xy_keys_open(&app->keys, r->sealed, r->sealed_len, p) != 0) {
        xy_free(p);
        return xy_error_set(err, XY_ECRYPTO, "记录 %lld 的加密部分无法打开 (the sealed part of record %lld does not open)",
                            (long long)r->id, (long long)r->id);
    }
    p[len] = '\0';
    *plain = p;
    *n = len;
    return XY_OK;
}

json_t *xy_exchange_full_fields(struct xy_app *app, const struct xy_record_row *r, struct xy_error *err)
{
    json_error_t jerr;
    char *plain = NULL;
    size_t n = 0;
    if (xy_exchange_open_sealed(app, r, &plain, &n, err))
        return NULL;
    json_t *all = json_loads(r->fields ? r->fields : "{}", 0, &jerr);
    json_t *sealed = plain ? json_loadb(plain, n, 0, &jerr) : NULL;
    if (plain) {
        sodium_memzero(plain, n);
        xy_free(plain);
    }
    if (!json_is_object(all) || (plain && !json_is_object(sealed)) || (sealed && json_object_update(all, sealed))) {
        json_decref(all);
        json_decref(sealed);
        xy_error_set(err, XY_ENOMEM, "out of memory");
        return NULL;
    }
    json_decref(sealed);
    return all;
}

int xy_exchange_name_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > 64)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
              c == '.' || c == ':'))
            return 0;
    }
    return 1;
}

const char *xy_exchange_change_status(const char *kind, const char *status)
{
    if (strcmp(kind, "record.withdrawn") == 0)
        return "withdrawn";
    if (strcmp(kind, "record.repaired") == 0 || strcmp(kind, "list.lifted") == 0)
        return "repaired";
    if (strcmp(kind, "record.expired") == 0)
        return "expired";
    return status;
}

int xy_exchange_dest_key(struct xy_app *app, const struct xy_dest_row *r, char *out, size_t size)
{
    out[0] = '\0';
    if (!r->key_sealed) { /* a row written before migration 30 */
        if (!r->key || strlen(r->key) >= size)
            return -1;
        memcpy(out, r->key, strlen(r->key) + 1);
        return 0;
    }
    if (r->key_sealed_len <= XY_SEAL_OVERHEAD || r->key_sealed_len - XY_SEAL_OVERHEAD >= size)
        return -1;
    if (xy_keys_open(&app->keys, r->key_sealed, r->key_sealed_len, out) != 0)
        return -1;
    out[r->key_sealed_len - XY_SEAL_OVERHEAD] = '\0';
    return 0;
}
