/* SPDX-License-Identifier: Apache-2.0 */
/* An XLSX workbook (libxlsxwriter) written sheet by sheet and row by row, handed back as bytes. Text
 * cells are written as text, never as formulas, so a cell a department sent as "=HYPERLINK(...)"
 * stays inert in Excel; each sheet's header row is bold and frozen. libxlsxwriter writes to a file:
 * the workbook goes to a temporary file under $TMPDIR (or /tmp), read back and removed. */
#ifndef XY_XLSX_H
#define XY_XLSX_H

#include <stddef.h>

#include "common/xy_buf.h"
#include "common/xy_error.h"

struct xy_xlsx;

/* A new, empty workbook. XY_EIO when no temporary file can be made. */
int xy_xlsx_open(struct xy_xlsx **out, struct xy_error *err);

/* Starts a sheet (a name of at most 31 characters, unique in the workbook) with its header row:
 * ncols headings and column widths in characters (widths may be NULL). Rows follow. */
int xy_xlsx_sheet(struct xy_xlsx *x, const char *name, const char *const *head, const double *widths, size_t ncols);

/* A cell of the current row: text (NULL leaves it empty), or a number shown with an Excel number
 * format ("0.00", "0.0%", "#,##0"; NULL: general). */
int xy_xlsx_text(struct xy_xlsx *x, size_t col, const char *text);
int xy_xlsx_number(struct xy_xlsx *x, size_t col, double v, const char *num_format);

/* Ends the current row. */
int xy_xlsx_row_end(struct xy_xlsx *x);

/* Finishes the workbook and appends its bytes to out; frees x either way. */
int xy_xlsx_finish(struct xy_xlsx *x, struct xy_buf *out, struct xy_error *err);

/* Frees a workbook not finished (NULL is fine); its temporary file is removed. */
void xy_xlsx_free(struct xy_xlsx *x);

/* The media type of an XLSX workbook. */
#define XY_XLSX_MEDIA_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#endif
