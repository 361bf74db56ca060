/* SPDX-License-Identifier: Apache-2.0 */
/* Assessment (考核, item 17): the scores of departments and districts for a quarter or a year under
 * the model of catalog/supervision.json ("assessment", core/assessment.h), each with its breakdown,
 * ranked; as JSON, an XLSX workbook and a PDF. The office, the operator and the auditor read it. */
#ifndef XY_APP_ASSESSMENT_H
#define XY_APP_ASSESSMENT_H

#include <jansson.h>

#include "app/app.h"
#include "app/auth.h"
#include "common/xy_buf.h"

/* The period "YYYYQn" or "YYYY" (begun by today) as JSON:
 *   {"period","kind","months":[...],"model":{"version","indicators":[...]},
 *    "departments":[{"rank","uscc","name","region","region_name","level","score","breakdown":[...]}],
 *    "districts":[{"rank","region","region_name","score","breakdown":[...]}]}
 * Departments are the registered reporting units (with a district); a district sums its units'
 * measures and is scored on the sums. Ranked by score, highest first (equal scores share a rank;
 * null scores last, unranked). XY_EINVAL for a bad period, XY_EDENIED for others than the office,
 * the operator and the auditor. */
int xy_assess_json(struct xy_app *app, const struct xy_principal *by, const char *period, json_t **out,
                   struct xy_error *err);

/* The assessment (xy_assess_json's document) as an XLSX workbook: departments, districts, and every
 * indicator of every unit. Appended to out. */
int xy_assess_xlsx(const json_t *doc, struct xy_buf *out, struct xy_error *err);

/* The assessment as a PDF (the ranked tables with each indicator's points). */
int xy_assess_pdf(struct xy_app *app, const json_t *doc, struct xy_buf *out, struct xy_error *err);

#endif
