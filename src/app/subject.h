/* SPDX-License-Identifier: Apache-2.0 */
/* Looking subjects up: search by name or code, and one subject with its records grouped by class,
 * as JSON documents that both the CLI and the HTTP API print. */
#ifndef XY_SUBJECT_H
#define XY_SUBJECT_H

#include <jansson.h>

#include "app/app.h"

#define XY_SEARCH_MAX 50

/* Search by any part of a name (two characters or more) or by a full or leading part of a code.
 * OUT: *out, a JSON array of subjects, best first, at most limit (<= XY_SEARCH_MAX). */
int xy_subject_search(struct xy_app *app, const char *q, int limit, json_t **out, struct xy_error *err);

/* One subject and its current records: {"subject":{...},"records":{"CLASS":[...]}}. code is a
 * USCC, a person's ID number, or the
 * opaque id. With reveal, sealed values (ID numbers) are opened and shown in full: operators only.
 * OUT: *out. XY_ENOTFOUND when there is no such subject. */
int xy_subject_show(struct xy_app *app, const char *code, int reveal, json_t **out, struct xy_error *err);

#endif
