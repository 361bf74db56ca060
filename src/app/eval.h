/* SPDX-License-Identifier: Apache-2.0 */
/* Credit evaluation (公共信用综合评价): the office loads models (core/evalmodel.h) with the day each
 * applies from; a subject's grade is computed from its records that count (current, in force: never
 * repaired, withdrawn or expired ones) under the model in force on the day, and explains itself: every
 * rule that fired, on which record, for how many points. Grades are stored for listing and counting,
 * kept current by triggers that mark a subject stale when its records change (xy_eval_refresh) and by
 * `xinyong eval run`; a single subject's grade is always computed afresh.
 *
 * Who sees a grade is decided in one place (eval.c, may_see): by default grades are government
 * information (分级分类监管): the office and departments see any; approval systems see organisations';
 * the subject sees its own with every reason; the public sees none unless the model publishes
 * organisations' grades ("public_grades": true). Every read by anyone but the subject goes into the
 * subject's access history. */
#ifndef XY_APP_EVAL_H
#define XY_APP_EVAL_H

#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"
#include "common/xy_buf.h"

/* The built-in model (catalog/eval-model.json at build time). */
const char *xy_eval_default_model(size_t *len);

/* Checks a model whole against the catalogue and stores it, applying from `applies_from` (YYYY-MM-DD).
 * The office and the operator only. Errors: XY_EINVAL naming the faults (all of them in *faults when
 * not NULL; caller frees with xy_free), XY_EEXIST (that version is loaded already), XY_EDENIED.
 * Audited. */
int xy_eval_model_load(struct xy_app *app, const struct xy_principal *by, const char *json, size_t len,
                       const char *applies_from, char **faults, struct xy_error *err);

/* The loaded models, oldest first: [{"model_version", "name_zh", "applies_from", "loaded_at", "in_force"}]. */
int xy_eval_models_json(struct xy_app *app, json_t **out, struct xy_error *err);

/* A subject's grade now, with its reasons: {"subject":{...},"evaluation":{...}}. code is a USCC or a
 * subject id. XY_EDENIED when `by` may not see it; XY_ENOTFOUND when no model grades the subject's kind
 * today. Reads by anyone but the subject are written to its access history (a write transaction). */
int xy_eval_subject(struct xy_app *app, const struct xy_principal *by, const char *code, json_t **out,
                    struct xy_error *err);

/* The same as of a past time (YYYY-MM-DDTHH:MM:SSZ, as grades are stamped), under the model named
 * `version` or the one in force on that day (each NULL: now, in force): only records stored by then
 * count, in the version current then and the status they had then (a later correction, repair,
 * withdrawal or expiry does not reach back), on that day's fading: a grade replays exactly after later
 * data arrive. */
int xy_eval_subject_as_of(struct xy_app *app, const struct xy_principal *by, const char *code, const char *as_of,
                          const char *version, json_t **out, struct xy_error *err);

/* The evaluation of subject_id now, as reports and checks show it: {"score","grade","grade_zh",
 * "model_version","as_of","base","dimensions":[...],"items":[...]}, or *out NULL when no model grades
 * it. No access rule and no log: the caller (a report, a check) has done both. */
int xy_eval_of(struct xy_app *app, int64_t subject_id, json_t **out, struct xy_error *err);

/* Grades every subject (or the subjects stale since their last grade, with stale_only) under the model
 * in force (or `version`), as of the context's clock, in chunks of one transaction each; progress (may
 * be NULL) is called after each chunk with the subjects done and the highest id. OUT: *graded. */
int xy_eval_run(struct xy_app *app, const struct xy_principal *by, const char *version,
                void (*progress)(void *ctx, int64_t done, int64_t upto, int64_t last), void *ctx, int64_t *graded,
                struct xy_error *err);

/* Once a day: marks stale every stored grade that the passing of time may have moved (stamped
 * before today began, Beijing time, and with reasons, whose points fade with age, or under another
 * model than today's), in chunks of one transaction each with `lock` (may be NULL) held for a chunk
 * only; xy_eval_refresh then regrades them. Stops early when *stop is set. OUT: *marked. */
int xy_eval_mark_faded(struct xy_app *app, pthread_mutex_t *lock, const atomic_int *stop, int64_t *marked,
                 struct xy_error *err);

/* Re-grades up to max subjects marked stale. OUT: *done (0 when none was stale or no model is loaded). */
int xy_eval_refresh(struct xy_app *app, int max, int64_t *done, struct xy_error *err);

/* What a new model would change: every subject graded under both the model in force and `json`
 * (not stored), as of today. OUT: *out {"from":V,"to":V,"subjects":N,"transitions":[{"from":"B","to":"C",
 * "n":12,"samples":[{"subject":..,"before":{..},"after":{..}}]}]}, at most `samples` samples a move.
 * Errors as for xy_eval_model_load (the new model is checked whole). The office and the operator only. */
int xy_eval_preview(struct xy_app *app, const struct xy_principal *by, const char *json, size_t len, int samples,
                    char **faults, json_t **out, struct xy_error *err);

/* Stored grades for a department or the office, filtered by grade and region (each may be NULL), in
 * subject order after `after`. Each listed subject's access history records the read. OUT: *items
 * [{"subject":{"id","name","uscc","kind"},"grade","grade_zh","score","model_version","as_of"}], *last (the cursor of the next page, 0 when this is the last). */
int xy_eval_list(struct xy_app *app, const struct xy_principal *by, const char *grade, const char *region,
                 int64_t after, int limit, json_t **items, int64_t *last, struct xy_error *err);

/* A page of xy_eval_list as CSV (a spreadsheet opens it: UTF-8 with a byte-order mark, a bilingual
 * header, every cell through xy_csv_cell), appended to out. */
int xy_eval_list_csv(const json_t *items, struct xy_buf *out);

/* The same page as an XLSX workbook (one sheet, bilingual bold header frozen, scores as numbers with
 * two decimals), appended to out. */
int xy_eval_list_xlsx(const json_t *items, struct xy_buf *out, struct xy_error *err);

/* The office's view: graded subjects by grade, by grade and district, by grade and kind of
 * registration (the USCC's authority and category: the platform's proxy for industry). */
int xy_eval_distribution(struct xy_app *app, const struct xy_principal *by, json_t **out, struct xy_error *err);

#endif
