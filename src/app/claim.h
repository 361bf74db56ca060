/* SPDX-License-Identifier: Apache-2.0 */
/* A subject's claims against a record: objections (异议) and credit repair applications (信用修复),
 * from filing to decision, with their time limits in working days, their evidence files and each step
 * logged. Shared by the API and the CLI. The state machines are in core/objection.h and
 * core/repair.h; this file applies their effects: the "under objection" mark, corrections as new
 * record versions, withdrawals, repaired records leaving public view with the list entries they caused,
 * and an entry in the change feed for each. */
#ifndef XY_APP_CLAIM_H
#define XY_APP_CLAIM_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"
#include "common/xy_buf.h"

#define XY_CLAIM_FILES_MAX 5          /* evidence files on one claim */
#define XY_CLAIM_FILE_MAX (2u << 20)  /* bytes in one file */
#define XY_CLAIM_TEXT_MAX 4000        /* bytes of grounds, commitment or reasons */

/* An evidence file as received: PDF, PNG or JPEG, its type checked against its first bytes. */
struct xy_claim_file_in {
    const char *name;
    const char *media_type; /* application/pdf, image/png, image/jpeg */
    const void *data;
    size_t len;
};

/* Checks uploaded files (count, names, size, type against the first bytes), for claims' evidence
 * and supervision answers (app/supervision.h) alike. XY_EINVAL, XY_ETOOBIG. */
int xy_claim_files_check(const struct xy_claim_file_in *f, size_t n, struct xy_error *err);

/* Files an objection against a current record: by its subject (a subject key tied to it), or by the
 * credit office or the local operator on its behalf. One open objection per record (XY_EEXIST).
 * OUT: *id. */
int xy_objection_file(struct xy_app *app, const struct xy_principal *by, int64_t record_id, const char *grounds,
                      const struct xy_claim_file_in *files, size_t nfiles, int64_t *id, struct xy_error *err);

/* Applies for repair of a published penalty or list entry once its minimum period has passed
 * (XY_ESTATE naming the first allowed day otherwise), with the repair commitment's text and who
 * signed it, and proofs. OUT: *id. */
int xy_repair_file(struct xy_app *app, const struct xy_principal *by, int64_t record_id, const char *commitment,
                   const char *signer, const struct xy_claim_file_in *files, size_t nfiles, int64_t *id,
                   struct xy_error *err);

/* Moves a claim on. Objections: accept, reject {reason}, forward, close (the office); extend,
 * decide {decision: correct|delete|uphold, reason, fields (correct: the corrected fields by English
 * key)} (the source department). Repairs: approve {reason?}, refuse {reason} (the source department
 * or the office). XY_ESTATE when the move is not allowed now, XY_EDENIED when the caller may not
 * make it. */
int xy_claim_act(struct xy_app *app, const struct xy_principal *by, int64_t id, const char *action,
                 const json_t *args, struct xy_error *err);

/* One claim as JSON, with its steps and files (no file data): to its subject, the source department
 * and the office. XY_ENOTFOUND for anyone else. */
int xy_claim_show(struct xy_app *app, const struct xy_principal *by, int64_t id, json_t **out, struct xy_error *err);

/* Claims the caller may see (a subject its own, a department those on its records, the office all),
 * of a kind (NULL: both), in a state (NULL: any), only the overdue ones. Pages by id. OUT: *items,
 * *last (the last id, for the next page's cursor). */
int xy_claims_list(struct xy_app *app, const struct xy_principal *by, const char *kind, const char *state,
                   int overdue, int64_t after, int limit, json_t **items, int64_t *last, struct xy_error *err);

/* One evidence file's bytes, to those who may see the claim. OUT: data (appended), media_type[64],
 * name[256]. */
int xy_claim_file_read(struct xy_app *app, const struct xy_principal *by, int64_t id, int seq, struct xy_buf *data,
                       char *media_type, char *name, struct xy_error *err);

#endif
