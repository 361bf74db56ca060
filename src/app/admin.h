/* SPDX-License-Identifier: Apache-2.0 */
/* The credit office's and the auditor's operations that both front ends offer: registering
 * departments, loading a catalogue, listing keys and departments, reading the audit log, and the
 * office's full (audited) view of one record. */
#ifndef XY_ADMIN_H
#define XY_ADMIN_H

#include <jansson.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"

/* Registers a department by its unified social credit code, or renames a registered one, with a
 * "dept.add" or "dept.rename" audit entry in the same transaction. code is checked (check digit, no
 * placeholder) and name must be 1 to 200 characters of UTF-8. OUT: normalized (the code as stored),
 * *existed (1 when it was registered already). Errors: XY_EINVAL (bad code or name; nothing
 * written), store errors. */
int xy_dept_register(struct xy_app *app, const struct xy_principal *by, const char *code, const char *name,
                     char normalized[19], int *existed, struct xy_error *err);

/* Departments by code: OUT *out, a JSON array of {"uscc","name"}; caller owns it. */
int xy_dept_list(struct xy_app *app, json_t **out, struct xy_error *err);

/* A registered department's name. OUT: name (size bytes, cut at a character boundary). XY_ENOTFOUND. */
int xy_dept_name(struct xy_app *app, const char *uscc, char *name, size_t size, struct xy_error *err);

/* Loads a new catalogue (JSON text): checked whole first (a bad one changes nothing), stored as a new
 * version with a "catalog.load" audit entry, and taken by this context at once. Other contexts take
 * it when they next open or reload. OUT: version (the loaded catalogue's, copied, 64 bytes). */
int xy_catalog_load(struct xy_app *app, const struct xy_principal *by, const char *text, size_t len,
                    char version[64], struct xy_error *err);

/* The catalogue as the public sees it: only classes whose scope is public, each with its fields.
 * OUT: *out {"catalog_version", "classes":[...]}; caller owns it. */
int xy_catalog_public_json(struct xy_app *app, json_t **out, struct xy_error *err);

/* API keys, without their secrets: OUT *out, a JSON array of {"id","role","dept","name","created_at",
 * "revoked_at"}, by id. */
int xy_keys_list(struct xy_app *app, json_t **out, struct xy_error *err);

/* Audit entries with seq > after, in order, at most limit (1 .. 100000): OUT *out, a JSON array of
 * {"seq","at","key","role","action","object","detail","prev","hash"} (hashes in hex). */
int xy_audit_page(struct xy_app *app, int64_t after, int limit, json_t **out, struct xy_error *err);

/* The office's full view of any record version, personal ID numbers opened: the read is logged in the
 * subject's access history and the audit log in one transaction (none of it when the read fails).
 * OUT: *out; caller owns it. XY_ENOTFOUND, XY_ECRYPTO (the key file does not open the record). */
int xy_record_full(struct xy_app *app, const struct xy_principal *by, int64_t id, json_t **out,
                   struct xy_error *err);

#endif
