/* SPDX-License-Identifier: Apache-2.0 */
/* Inside the claim module only: what claim.c (filing, reading, the write path every move shares),
 * claim_objection.c (an objection's moves and effects) and claim_repair.c (a repair's moves and
 * effects) share. Nothing outside these three files includes it. */
#ifndef XY_APP_CLAIM_INT_H
#define XY_APP_CLAIM_INT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"
#include "common/xy_date.h"
#include "store/store.h"

/* A record a claim is against: an owned copy of the row the store lends for a callback. */
struct xy_claim_rec {
    int64_t id, dept_id, subject_id, batch_id, objection_id;
    int version, is_current;
    unsigned flags;
    char *cls, *doc_no, *status, *decision_date, *min_until, *fields, *dept_uscc;
    char *upper; /* the list source above an entry came from (record.upper), else NULL */
    uint8_t *sealed;
    size_t sealed_len;
    int found, oom;
};

/* A claim as loaded for a move: the columns a move reads, and the claim as shown. */
struct xy_claim_loaded {
    int64_t id, record_id, subject_id, dept_id, filed_by, result_record;
    int extended, found, oom;
    json_t *json; /* as shown */
    char kind[16], state[16], due[11], decision[16];
    char *reason, *fields;
};

/* ---- claim.c ---------------------------------------------------------------------------------- */

/* The length of s cut to at most max bytes on a character boundary, for "%.*s", so that a value a
 * person typed fits struct xy_error.msg whole. */
int xy_claim_cut(const char *s, size_t max);

/* A record's status as the portal names it (zh.json me.status.*); the status itself when unknown. */
const char *xy_claim_status_zh(const char *status);

/* Loads record id into *x. XY_ENOTFOUND (bilingual) when there is none, XY_ENOMEM. On success the
 * caller releases *x with xy_claim_rec_free(); on failure *x holds nothing. */
int xy_claim_rec_load(struct xy_app *app, int64_t id, struct xy_claim_rec *x, struct xy_error *err);

/* Frees what *x owns and zeroes it; a zeroed *x is fine. */
void xy_claim_rec_free(struct xy_claim_rec *x);

/* Checks a text a person gave: required (XY_EINVAL when missing), at most XY_CLAIM_TEXT_MAX bytes,
 * valid UTF-8. zh and en name the text in each language ("异议理由", "the grounds"). */
int xy_claim_check_text(const char *zh, const char *en, const char *s, int required, struct xy_error *err);

/* The day n working days after `from` on the office's calendar. OUT: out ("YYYY-MM-DD"). */
int xy_claim_due_after(struct xy_app *app, struct xy_date from, int n, char out[11], struct xy_error *err);

/* The string args[key], or NULL when absent or not a string. Valid while args is. */
const char *xy_claim_arg(const json_t *args, const char *key);

/* Logs a step of claim id by `by`. due: the limit of the step, "" or NULL for none. Inside the
 * move's transaction. */
int xy_claim_step(struct xy_store *st, int64_t id, const char *now, const char *action, const char *state,
                  const struct xy_principal *by, const char *note, const char *due, struct xy_error *err);

/* Adds a change-feed entry whose detail is `detail` as compact JSON. Takes ownership of `detail`;
 * NULL (a json_pack that ran out of memory) is XY_ENOMEM. Inside the move's transaction. */
int xy_claim_change(struct xy_store *st, const char *now, const char *kind, int64_t record_id, int64_t subject_id,
                    const char *cls, json_t *detail, struct xy_error *err);

/* ---- claim_objection.c ------------------------------------------------------------------------ */

/* Makes an objection move (accept, reject, forward, extend, decide, close) with its effects.
 * `today` is the day `now` falls on. */
int xy_claim_act_objection(struct xy_app *app, const struct xy_principal *by, struct xy_claim_loaded *x,
                           const json_t *args, const char *now, struct xy_date today, const char *action_name,
                           struct xy_error *err);

/* ---- claim_repair.c --------------------------------------------------------------------------- */

/* May a repair be applied for against r on `today`: an adverse record, published, whose minimum
 * publicity period has passed? XY_EINVAL or XY_ESTATE (bilingual) when not. */
int xy_claim_repair_allowed(struct xy_app *app, const struct xy_claim_rec *r, struct xy_date today,
                            struct xy_error *err);

/* The subject's repair training as a repair application shows it: {required (the catalogue's
 * "repair_training" of class cls), completed, certificates: [{number, course, course_id, date}]}.
 * OUT: *out, the caller's. */
int xy_claim_training(struct xy_app *app, int64_t subject_id, const char *cls, json_t **out, struct xy_error *err);

/* XY_ESTATE (bilingual) when r's class needs a repair-training certificate and its subject has none. */
int xy_claim_repair_training(struct xy_app *app, const struct xy_claim_rec *r, struct xy_error *err);

/* Makes a repair move (approve, refuse) with its effects. */
int xy_claim_act_repair(struct xy_app *app, const struct xy_principal *by, struct xy_claim_loaded *x,
                        const json_t *args, const char *now, const char *action_name, struct xy_error *err);

#endif
