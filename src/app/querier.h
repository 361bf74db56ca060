/* SPDX-License-Identifier: Apache-2.0 */
/* The directory of queriers (查询机构名录): banks and credit service agencies (信用服务机构) the credit
 * office registers, by code, name, kind and licence. A querier's keys belong to its entry; a subject
 * grants access to an entry it picks by name (授权查询), never to a key number; a disabled entry's
 * keys read nothing more under its grants. The directory is public: who may ask for a subject's
 * consent is not a secret. */
#ifndef XY_APP_QUERIER_H
#define XY_APP_QUERIER_H

#include <jansson.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"

/* Registers an entry (the office and the operator). kind: bank, credit_agency or other; licence
 * (金融许可证号, 备案号; may be NULL) at most 64 characters. Errors: XY_EINVAL naming the field,
 * XY_EEXIST, XY_EDENIED. Audited. OUT: *id. */
int xy_querier_add(struct xy_app *app, const struct xy_principal *by, const char *uscc, const char *name,
                   const char *kind, const char *licence, int64_t *id, struct xy_error *err);

/* Entries whose name holds `name` (NULL: all; at most 200 bytes), by code, at most `limit`; disabled
 * ones too only for the office and the operator when `all`. OUT: *items [{"uscc","name","kind",
 * "kind_zh","licence","registered_at","disabled_at"}]. */
int xy_querier_list(struct xy_app *app, const struct xy_principal *by, const char *name, int all, int limit,
                    json_t **items, struct xy_error *err);

/* Disables an entry (the office and the operator): its keys stop reading under any grant given to
 * it. XY_ENOTFOUND when no enabled entry has the code. Audited. */
int xy_querier_disable(struct xy_app *app, const struct xy_principal *by, const char *uscc, struct xy_error *err);

#endif
