/* SPDX-License-Identifier: Apache-2.0 */
/* Monitoring departments and districts (DOMAIN §7): reporting units and their collection catalogues
 * (the office), monthly declarations and entered figures (departments), the month's figures, closing
 * and reopening a month (the office), and the month as JSON, CSV or an XLSX workbook. Who sees what
 * is decided here: the office and the auditor the whole month, a department its own rows. */
#ifndef XY_APP_MONITOR_H
#define XY_APP_MONITOR_H

#include <jansson.h>
#include <stddef.h>

#include "app/app.h"
#include "app/auth.h"
#include "common/xy_buf.h"

/* Checks a reporting unit before anything is written (region: the city 420100 or one of its
 * districts; level: city_dept, district_gov, district_dept; they must agree). XY_EINVAL. */
int xy_unit_check(const char *region, const char *level, struct xy_error *err);

/* Sets a registered department's district and level, audited ("dept.unit"). XY_EINVAL, XY_ENOTFOUND. */
int xy_unit_set(struct xy_app *app, const struct xy_principal *by, const char *uscc, const char *region,
                const char *level, struct xy_error *err);

/* Sets a department's collection catalogue (core/monitor.h xy_mon_plan_parse), audited
 * ("dept.plan"). On XY_EINVAL *faults (when not NULL) lists every fault, a line each; the caller
 * frees it with xy_free. Nothing is written then. */
int xy_plan_set(struct xy_app *app, const struct xy_principal *by, const char *uscc, const char *text, size_t len,
                char **faults, struct xy_error *err);

/* Departments as reporting units: OUT *out, a JSON array of {"uscc","name","region","region_name",
 * "level","plan"}; caller owns it. */
int xy_units_list(struct xy_app *app, json_t **out, struct xy_error *err);

/* A month's declaration of a department (a department key declares for itself; the office or the
 * local operator names dept_uscc). month "YYYY-MM", not after the present month. Audited
 * ("monitor.declare"); a closed month refuses it (XY_ESTATE). Faults as xy_plan_set. */
int xy_declaration_put(struct xy_app *app, const struct xy_principal *by, const char *dept_uscc, const char *month,
                       const char *text, size_t len, char **faults, struct xy_error *err);
/* OUT *out {"dept","month","declared_at","classes":[...]}. XY_ENOTFOUND when none. */
int xy_declaration_get(struct xy_app *app, const struct xy_principal *by, const char *dept_uscc, const char *month,
                       json_t **out, struct xy_error *err);

/* An entered figure (categories 4, 9, 10, 11, 12, 13) of a department for a month, with who and when,
 * audited ("monitor.entry"). A closed month refuses it (XY_ESTATE). Faults as xy_plan_set. */
int xy_entry_put(struct xy_app *app, const struct xy_principal *by, const char *dept_uscc, const char *month,
                 const char *text, size_t len, char **faults, struct xy_error *err);

/* The month as JSON: state (open or closed, the due day, days left, who has not declared), units,
 * entered items, and the twelve categories (core/monitor.h xy_mon_json). A closed month gives its
 * frozen figures; an open one is computed now. A department key sees only its own rows (no
 * district or city sums, no other department). XY_EINVAL for a bad month. */
int xy_month_json(struct xy_app *app, const struct xy_principal *by, const char *month, json_t **out,
                  struct xy_error *err);

/* Closes a month (the office): computes, freezes the figures with the rules' version and
 * parameters, audited ("monitor.close"). XY_ESTATE when it is closed already or not over yet. */
int xy_month_close(struct xy_app *app, const struct xy_principal *by, const char *month, struct xy_error *err);

/* Reopens a closed month (the office), with a reason (1..500 characters), audited
 * ("monitor.reopen"): its figures are computed afresh from then on, until it is closed again.
 * XY_ESTATE when it is not closed. */
int xy_month_reopen(struct xy_app *app, const struct xy_principal *by, const char *month, const char *reason,
                    struct xy_error *err);

/* The month (xy_month_json's document) as CSV, one line per row: category, level of the row
 * (department, district, city), unit, row key, then each column; every cell through xy_csv. */
int xy_month_csv(const json_t *doc, struct xy_buf *out, struct xy_error *err);

/* The month as an XLSX workbook written to path: a sheet per category with Chinese headers and
 * units, department rows, district rows and the city total, rates as percentages, header rows
 * frozen; and a first sheet saying the month, its state and rules. */
int xy_month_xlsx(const json_t *doc, const char *path, struct xy_error *err);
/* The same workbook appended to out (monitor_xlsx_bytes.c: through a temporary file under $TMPDIR,
 * removed). XY_EIO, XY_ENOMEM, XY_ETOOBIG (over 64 MiB). */
int xy_month_xlsx_bytes(const json_t *doc, struct xy_buf *out, struct xy_error *err);

#endif
