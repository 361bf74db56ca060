/* SPDX-License-Identifier: Apache-2.0 */
/* Stored public answers (answer.h). */
#include "app/answer.h"
#include "app/app_int.h"

#include <string.h>

#include "app/subject.h"
#include "core/uscc.h"

/* The build that made an answer: a new release may build answers differently, so it serves only
 * its own (and the daily upkeep rebuilds the others). */
#define MADE_BY "xinyong " XY_VERSION

struct reading {
    struct xy_buf *out;
    size_t start; /* out's length before: the answer is added after what it holds */
    int none;     /* stored: the subject has no public page */
    int rc;
};

static int copy_body(void *ctx, const char *body, size_t len)
{
    struct reading *r = ctx;
    if (!body)
        r->none = 1;
    else
        r->rc = xy_buf_add(r->out, body, len);
    return 0;
}

int xy_answer_read(struct xy_app *app, const char *code, struct xy_buf *out, int *found, struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct xy_id_result res;
    char day[11];
    size_t n = strlen(code);
    *found = 0;
    const char *uscc = NULL, *opaque = NULL;
    if (n <= 64 && xy_uscc_check(code, n, &res) == XY_ID_OK)
        uscc = res.normalized;
    else if (code[0] == 'p' && n == 17)
        opaque = code;
    else
        return XY_OK; /* not a code of a public lookup: the builder says why */
    xy_date_format(xy_clock_today(&app->clock), day);
    struct reading r = {.out = out, .start = out->len};
    int rc = st->ops->answer_get(st, uscc, opaque, MADE_BY, day, copy_body, &r, NULL);
    if (rc || r.rc) { /* none stored, or it could not be read: the answer is built as before */
        out->len = r.start;
        if (out->data)
            out->data[out->len] = '\0';
        return XY_OK;
    }
    *found = 1;
    return r.none ? xy_error_set(err, XY_ENOTFOUND, "没有此主体 (no such subject)") : XY_OK;
}

int xy_answer_refresh(struct xy_app *app, int max, int64_t *done, struct xy_error *err)
{
    struct xy_store *st = app->store;
    int64_t ids[XY_ANSWER_CHUNK];
    size_t n = 0;
    int rc;
    *done = 0;
    if (max <= 0 || max > XY_ANSWER_CHUNK)
        max = XY_ANSWER_CHUNK;
    /* Looked at before taking the write lock: most of the time nothing is stale. */
    if ((rc = st->ops->answer_stale(st, max, ids, &n, err)) || n == 0)
        return rc;
    if ((rc = st->ops->begin(st, err)))
        return rc;
    struct xy_buf b;
    xy_buf_init(&b, 64u << 20);
    for (size_t i = 0; i < n && !rc; i++) {
        char opaque[24], through[11] = "";
        struct xy_error e = {0};
        /* The mark goes first: a write committed while this one reads marks the subject again. */
        if ((rc = st->ops->answer_unstale(st, ids[i], err)))
            break;
        int r = st->ops->subject_ref(st, ids[i], opaque, &e);
        if (r == XY_ENOTFOUND) {
            rc = st->ops->answer_drop(st, ids[i], err);
            continue;
        }
        if (!r) {
            xy_buf_reset(&b);
            r = xy_subject_public_build(app, opaque, &b, through, &e);
        }
        if (r == XY_OK || r == XY_ENOTFOUND)
            rc = st->ops->answer_put(st, ids[i], MADE_BY, through[0] ? through : NULL, r ? NULL : b.data,
                                     r ? 0 : b.len, err);
        else
            rc = xy_error_set(err, r, "%s", e.msg);
    }
    xy_buf_release(&b);
    rc = rc ? (st->ops->rollback(st), rc) : st->ops->commit(st, err);
    if (!rc)
        *done = (int64_t)n;
    return rc;
}

int xy_answer_mark_old(struct xy_app *app, int64_t *n, struct xy_error *err)
{
    struct xy_store *st = app->store;
    char day[11];
    int rc;
    *n = 0;
    xy_date_format(xy_clock_today(&app->clock), day);
    if ((rc = st->ops->begin(st, err)))
        return rc;
    rc = st->ops->answer_mark_old(st, MADE_BY, day, n, err);
    return rc ? (st->ops->rollback(st), rc) : st->ops->commit(st, err);
}
