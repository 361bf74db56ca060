/* SPDX-License-Identifier: Apache-2.0 */
/* Disclosure (披露): the public's reads of records, by id, by class (the red, black and watch list
 * boards, commitments) and as counts. What is public is decided by the publicity rule
 * (core/publicity.h); this module only applies it. */
#ifndef XY_DISCLOSURE_H
#define XY_DISCLOSURE_H

#include <jansson.h>
#include <stdint.h>

#include "app/app.h"

/* One record in the public view. XY_ENOTFOUND when there is none or it is not public (the same
 * answer, on purpose). OUT: *out; caller owns it. */
int xy_record_public(struct xy_app *app, int64_t id, json_t **out, struct xy_error *err);

/* Narrowing of a public class page; each NULL when not wanted. */
struct xy_public_query {
    const char *dept;   /* the deciding department's 18-character code */
    const char *region; /* 6-digit division code of the subject's code (positions 3-8) */
    const char *from;   /* decision dates, YYYY-MM-DD, inclusive */
    const char *to;
};

/* Public records of class cls (which must be a public class: XY_EINVAL otherwise) with id > after, by
 * id, at most limit. OUT: *out (JSON array), *n (records read), *last (the last id read: the cursor of
 * the next page). XY_EINVAL for a bad filter. */
int xy_records_public_page(struct xy_app *app, const char *cls, const struct xy_public_query *q, int64_t after,
                           int limit, json_t **out, int *n, int64_t *last, struct xy_error *err);

/* What the public sees today, counted: OUT *out {"as_of", "records":{CLASS:N}, "subjects":{KIND:N}},
 * public classes only, natural persons not counted (they are reached only through their records). */
int xy_public_counts(struct xy_app *app, json_t **out, struct xy_error *err);

#endif
