/* SPDX-License-Identifier: Apache-2.0 */
/* What the evaluation use cases (eval.c) share with the views of stored grades (eval_views.c). */
#ifndef XY_APP_EVAL_INT_H
#define XY_APP_EVAL_INT_H

#include <jansson.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"
#include "common/xy_date.h"
#include "core/evalmodel.h"

/* A loaded model, parsed. */
struct model_ent {
    char version[40];
    char applies_from[11];
    char loaded_at[32];
    struct xy_eval_model *m;
};

/* The model named `version`, or (NULL) the one in force on `day`. XY_ENOTFOUND when none. */
int xy_eval_model_for(struct xy_app *app, struct xy_date day, const char *version, const struct model_ent **out,
                      struct xy_error *err);

/* A score in hundredths as a JSON number with two decimals. */
json_t *xy_eval_hundredths(int64_t v);

/* Who may see a grade: the one place this is decided (eval.h). */
int xy_eval_may_see(const struct xy_principal *by, const char *kind, int64_t subject_id, int public_grades);

/* Writes a read of subject_id's grade by `by` to its access history (not the subject's own, not a
 * published grade's), inside the caller's write transaction. */
int xy_eval_log_read(struct xy_app *app, const struct xy_principal *by, int64_t subject_id, const char *object,
                     struct xy_error *err);

/* XY_OK for the office and the operator, else XY_EDENIED with the reason. */
int xy_eval_office_only(const struct xy_principal *by, struct xy_error *err);

#endif
