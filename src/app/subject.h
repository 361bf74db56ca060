/* SPDX-License-Identifier: Apache-2.0 */
/* Looking subjects up: search by name or code, and one subject with its records grouped by class,
 * as JSON documents that both the CLI and the HTTP API print. */
#ifndef XY_SUBJECT_H
#define XY_SUBJECT_H

#include <jansson.h>

#include "app/app.h"
#include "common/xy_buf.h"

#define XY_SEARCH_MAX 50

/* How much of a record a reader may see. */
enum xy_view {
    XY_VIEW_PUBLIC,   /* public classes, published records inside their window, no hidden fields */
    XY_VIEW_INTERNAL, /* every current record, sealed values masked (operators, the credit office) */
    XY_VIEW_REVEAL,   /* as internal, with sealed values (ID numbers) opened: audited reads only */
};


/* Search by any part of a name (two characters or more) or by a full or leading part of a code.
 * The public view leaves natural persons out (they are reached only through their public records).
 * OUT: *out, a JSON array of subjects, best first, from the offset-th on, at most limit
 * (<= XY_SEARCH_MAX). */
int xy_subject_search(struct xy_app *app, const char *q, enum xy_view view, int offset, int limit, json_t **out,
                      struct xy_error *err);


/* One subject and its current records: {"subject":{...},"records":{"CLASS":[...]}}, classes in
 * catalogue order. code is a USCC, the subject's opaque id, or (not in the public view: never an ID
 * number in a public URL) a person's ID number. cls limits the records to one class (NULL: all).
 * OUT: *out. XY_ENOTFOUND when there is no such subject, or, in the public view, a person with no public
 * record (an organisation's name and code are public registration data: it always has a page). Errors in
 * the public view never repeat the code given, which may be a person's ID number. */
int xy_subject_show(struct xy_app *app, const char *code, enum xy_view view, const char *cls, json_t **out,
                    struct xy_error *err);

/* The public view of xy_subject_show written as JSON text into out, without building a document:
 * the stored record texts are spliced in (the lookup route's hot path). Without cls, the subject's
 * stored answer when it is current (app/answer.h), else built as xy_subject_public_build does. With
 * cls, the answer is {"subject":...,"class":CLS,"items":[...]}. */
int xy_subject_public_text(struct xy_app *app, const char *code, const char *cls, struct xy_buf *out,
                           struct xy_error *err);


/* The public answer of xy_subject_public_text (cls NULL) built afresh from the records, never the
 * stored one (app/answer.h stores what this builds). OUT: out, through: the last day the answer holds
 * (the earliest end of a publicity window it shows, YYYY-MM-DD; "" when none ends). */
int xy_subject_public_build(struct xy_app *app, const char *code, struct xy_buf *out, char through[11],
                            struct xy_error *err);


/* The subject a code names (USCC, opaque subject id, and with allow_id_number a resident ID number):
 * OUT *id and, when not NULL, opaque (its public id). XY_ENOTFOUND, XY_EINVAL. Errors never repeat the
 * code. Codes from URLs pass allow_id_number 0: a full ID number never lands in an access log. */
int xy_subject_find(struct xy_app *app, const char *code, int allow_id_number, int64_t *id, char opaque[24],
                    struct xy_error *err);


/* The public id (opaque) of a subject known by its internal id (a subject key's). XY_ENOTFOUND. */
int xy_subject_ref(struct xy_app *app, int64_t subject_id, char opaque[24], struct xy_error *err);

#endif
