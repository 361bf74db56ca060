/* SPDX-License-Identifier: Apache-2.0 */
/* The collection use case (归集): a department's batch of one class goes in, each row is checked
 * against the catalogue, and the accepted rows commit together in one transaction, once: a resend
 * adds nothing, a changed row becomes a new version. Shared by `xinyong import` and the HTTP API. */
#ifndef XY_IMPORT_H
#define XY_IMPORT_H

#include <stdint.h>
#include <stdio.h>

#include "app/app.h"
#include "app/batchfile.h"

struct xy_reject {
    long row;
    char field[64]; /* field code, "" for the row as a whole */
    char *value;    /* as given (ID numbers masked), owned */
    char code[24];
    char *reason; /* owned */
};

struct xy_import_result {
    int64_t batch_id;
    long rows;
    long accepted;  /* added + updated + unchanged */
    long rejected;  /* rows with at least one problem */
    long added;     /* new records */
    long updated;   /* new versions of records whose content changed */
    long unchanged; /* resent rows identical to the stored version */
    long flagged;   /* accepted rows with a name that disagrees with the subject's known name */
    struct xy_reject *rejects; /* one per problem, in row order */
    size_t nrejects;
    char encoding[24];
    char format[8];
};

/* Progress: bytes consumed so far and rows read. */
typedef void (*xy_import_progress_fn)(void *ctx, uint64_t bytes, long rows);

struct xy_principal;

struct xy_import_opts {
    const struct xy_principal *by; /* who submits, for the audit log; NULL = the local operator */
    const char *cls;
    const char *dept_uscc;
    enum xy_batch_format format;
    const char *source; /* file name, for the batch log */
    xy_import_progress_fn progress;
    void *progress_ctx;
};

/* Imports from an open stream. On XY_OK the accepted rows and the batch log are committed (rejects
 * may still be many: see result). On any error nothing is committed; err says why.
 * OUT: *res; release with xy_import_result_release(). */
int xy_import_stream(struct xy_app *app, const struct xy_import_opts *opts, FILE *in, struct xy_import_result *res,
                     struct xy_error *err);

/* The same for a body held in memory (the HTTP API). */
int xy_import_buffer(struct xy_app *app, const struct xy_import_opts *opts, const char *data, size_t len,
                     struct xy_import_result *res, struct xy_error *err);

void xy_import_result_release(struct xy_import_result *res);

/* Writes the rejects as CSV (UTF-8 with BOM, so Excel opens it): row, field, name, value, reason. */
int xy_import_write_rejects(const struct xy_app *app, const char *cls, const struct xy_import_result *res, FILE *out);

#endif
