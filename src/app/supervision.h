/* SPDX-License-Identifier: Apache-2.0 */
/* Supervision (督办): rules raise notice candidates about departments (core/supervision.h); the office
 * sends them with a deadline in working days or dismisses them; the department reads them in its
 * inbox and answers with its rectification (text and files); the office accepts or returns the
 * answer; a notice past its deadline escalates. Every step is audited. Who sees what is decided
 * here: the office, the operator and the auditor every notice, a department its own sent ones.
 * docs/internals/SUPERVISION.md. */
#ifndef XY_APP_SUPERVISION_H
#define XY_APP_SUPERVISION_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"
#include "app/claim.h"
#include "common/xy_buf.h"

#define XY_SUP_TEXT_MAX 4000 /* bytes of an answer, a reason or a note */

/* The built-in rules file (catalog/supervision.json): {"rules":{...},"assessment":{...}}. */
const char *xy_supervision_default(size_t *len);

/* Runs the rules once for today (the office, the operator or the daily job): raises the candidates
 * not raised before and escalates the notices past their deadline, in one transaction with one audit
 * entry ("supervision.scan") when anything changed. OUT: *raised, *escalated (may be NULL). */
int xy_sup_scan(struct xy_app *app, const struct xy_principal *by, int *raised, int *escalated,
                struct xy_error *err);

/* Notices by id, state (NULL: any) from after (exclusive), at most limit. A department sees its own
 * that were sent. OUT: *out, a JSON array; *last, the last id. */
int xy_sup_list(struct xy_app *app, const struct xy_principal *by, const char *state, int64_t after, int limit,
                json_t **out, int64_t *last, struct xy_error *err);

/* One notice with its answers and their files. XY_ENOTFOUND for a notice the caller may not see. */
int xy_sup_show(struct xy_app *app, const struct xy_principal *by, int64_t id, json_t **out, struct xy_error *err);

/* The office sends a candidate: a number and a deadline of `workdays` working days from today (0: the
 * rules' default; at most 250). */
int xy_sup_send(struct xy_app *app, const struct xy_principal *by, int64_t id, int workdays, struct xy_error *err);

/* The office dismisses a candidate with a reason (1..XY_SUP_TEXT_MAX bytes). */
int xy_sup_dismiss(struct xy_app *app, const struct xy_principal *by, int64_t id, const char *reason,
                   struct xy_error *err);

/* The department answers its notice (sent, returned or escalated; the local operator on its behalf) with its rectification: text
 * 1..XY_SUP_TEXT_MAX bytes and at most XY_CLAIM_FILES_MAX files (PDF, PNG, JPEG; checked as claims'
 * evidence is). */
int xy_sup_answer(struct xy_app *app, const struct xy_principal *by, int64_t id, const char *text,
                  const struct xy_claim_file_in *files, size_t nfiles, struct xy_error *err);

/* The office accepts (accept 1) or returns (0) the last answer, with a note (required to return). */
int xy_sup_judge(struct xy_app *app, const struct xy_principal *by, int64_t id, int accept, const char *note,
                 struct xy_error *err);

/* The notice as a one-page PDF letter (督办函), appended to pdf. Sent notices only (XY_ESTATE for a
 * candidate). Reading it is audited for a department ("supervision.letter"). */
int xy_sup_letter(struct xy_app *app, const struct xy_principal *by, int64_t id, struct xy_buf *pdf,
                  struct xy_error *err);

/* One file of an answer. OUT: data appended, media_type[64], name[256]. */
int xy_sup_file_read(struct xy_app *app, const struct xy_principal *by, int64_t id, int answer_seq, int seq,
                     struct xy_buf *data, char *media_type, char *name, struct xy_error *err);

#endif
