/* SPDX-License-Identifier: Apache-2.0 */
/* Stored public answers (issue 21): each subject's public lookup answer (what xy_subject_public_text
 * gives without a class) kept ready in the database, so that a lookup is one read of a stored text
 * instead of three queries and the building of a document. The subject module builds every answer
 * (xy_subject_public_build): what is public is decided there and by the publicity rule, never here.
 * The database's triggers mark a subject stale in the transaction of any write to what its answer is
 * built from; a stale answer, one made by another build, or one past the last day of a publicity
 * window it shows is never served (the lookup builds the answer as before), and xy_answer_refresh
 * rebuilds them (the daily upkeep, the server's watchdog). */
#ifndef XY_APP_ANSWER_H
#define XY_APP_ANSWER_H

#include <stdint.h>

#include "app/app.h"
#include "common/xy_buf.h"

#define XY_ANSWER_CHUNK 256 /* answers rebuilt in one transaction: the writer is never held long */

/* The stored answer for a public lookup by code (a USCC or a subject's public id). *found 0: none
 * current (the caller builds it; out untouched). *found 1: out holds the answer (XY_OK), or the
 * subject has no public page (XY_ENOTFOUND, err says so as a built answer would). */
int xy_answer_read(struct xy_app *app, const char *code, struct xy_buf *out, int *found, struct xy_error *err);

/* Rebuilds up to max (<= XY_ANSWER_CHUNK) stale answers in one transaction. OUT: *done; fewer than
 * max means none is left. */
int xy_answer_refresh(struct xy_app *app, int max, int64_t *done, struct xy_error *err);

/* Marks stale the answers made by another build or past their last day (run once a day, and after
 * an upgrade, before refreshing). OUT: *n. */
int xy_answer_mark_old(struct xy_app *app, int64_t *n, struct xy_error *err);

#endif
