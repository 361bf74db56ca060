/* SPDX-License-Identifier: Apache-2.0 */
/* Browsing double publicity (双公示): a public class's records across all subjects, newest first by
 * decision date, narrowed by department, district and dates, paged with an opaque cursor. What is
 * public is the publicity rule's (core/publicity.h); this module only applies it. */
#ifndef XY_BROWSE_H
#define XY_BROWSE_H

#include <jansson.h>

#include "app/app.h"

#define XY_BROWSE_MAX 100 /* records a page holds at most */
#define XY_BROWSE_CURSOR 32 /* bytes of a cursor, NUL included */

/* A browse request as the caller received it: text, each NULL when not given. */
struct xy_browse_query {
    const char *cls;    /* required: a class whose scope is public (penalty, license, ...) */
    const char *dept;   /* the deciding department's 18-character code */
    const char *region; /* 6-digit division code: positions 3-8 of the subject's code */
    const char *from;   /* decision dates YYYY-MM-DD, inclusive */
    const char *to;
    const char *cursor; /* a `next` an earlier page gave */
    int limit;          /* 1..XY_BROWSE_MAX */
};

/* One page. Every parameter is checked first: XY_EINVAL with a detail naming the parameter and what
 * it must be (nothing read). OUT: *items, a JSON array of public records (xy_record_json's public
 * view, ID numbers masked) whose "_record" adds "subject", the subject's public id; next (the
 * cursor of the following page, "" when this is the last). Caller owns *items. */
int xy_records_browse(struct xy_app *app, const struct xy_browse_query *q, json_t **items,
                      char next[XY_BROWSE_CURSOR], struct xy_error *err);

#endif
