/* SPDX-License-Identifier: Apache-2.0 */
/* The code conversion register (统一社会信用代码转换, the 2018 Wuhan work plan item 5; category 8 of
 * the monthly report) and the monthly report's configurable category: importing a registration
 * authority's list, the register's figures as of now, and the entities a department still has to
 * convert. Who sees what is decided here: the office and the auditor everything, a department its
 * own list. */
#ifndef XY_APP_CONVERSION_H
#define XY_APP_CONVERSION_H

#include <jansson.h>
#include <stddef.h>

#include "app/app.h"
#include "app/auth.h"
#include "common/xy_buf.h"

#define XY_CONV_MAX_BYTES (64u << 20) /* one list: 64 MiB */
#define XY_CONV_MAX_ROWS 1000000L     /* one list: a million entities */
#define XY_CONV_MAX_REJECTS 1000      /* rejects listed in the answer (all are counted) */

/* Imports a list (UTF-8 CSV with a header naming its columns: authority, old_code, reg_no, name,
 * registered_on, uscc, or 登记管理部门, 组织机构代码, 注册号, 名称, 登记日期, 统一社会信用代码; the last
 * two optional) of the registration authority dept_uscc, a registered department; the office and the
 * operator import. Rows that cannot be stored are rejected one by one (row, field, reason) and the
 * others stored in one transaction, audited ("conversion.import"); a row sent again unchanged is
 * unchanged. A file that cannot be read at all (not UTF-8, no header, unknown column, over the
 * limits) changes nothing: XY_EINVAL or XY_ETOOBIG. OUT: *out {"dept","rows","accepted","rejected",
 * "added","updated","unchanged","rejects":[{"row","field","reason"}]}; caller owns it. */
int xy_conv_import(struct xy_app *app, const struct xy_principal *by, const char *dept_uscc, const char *text,
                   size_t len, json_t **out, struct xy_error *err);

/* The register's figures as of now (category 8's document: rows per department and authority,
 * districts, city, targets), narrowed to one department (dept_uscc, or a department key's own) and
 * one authority ("9", "5", "1", "8", "other"; NULL for all). OUT: *out; caller owns it. */
int xy_conv_summary(struct xy_app *app, const struct xy_principal *by, const char *dept_uscc, const char *authority,
                    json_t **out, struct xy_error *err);

/* The entities not yet converted, or whose code is duplicate or wrong, as CSV (UTF-8, a header,
 * every cell through xy_csv): department, authority, organisation code, registration number, name,
 * registered date, USCC given, state, reasons. Same narrowing as xy_conv_summary. */
int xy_conv_unconverted_csv(struct xy_app *app, const struct xy_principal *by, const char *dept_uscc,
                            const char *authority, struct xy_buf *out, struct xy_error *err);

/* Defines the monthly report's configurable category (the office; core/monitor.h
 * xy_mon_extra_parse's form), audited ("monitor.extra"); months not closed show it at once, closed
 * ones keep the definition they were frozen with. */
int xy_extra_define(struct xy_app *app, const struct xy_principal *by, const char *text, size_t len,
                    struct xy_error *err);
/* The definition in force, OUT *out (caller owns), or XY_ENOTFOUND. */
int xy_extra_get(struct xy_app *app, json_t **out, struct xy_error *err);

#endif
