/* SPDX-License-Identifier: Apache-2.0 */
/* Writing CSV that people open in a spreadsheet, one cell at a time: RFC 4180 quoting, and text that
 * a spreadsheet would take for a formula made inert (CSV or formula injection, CWE-1236). Every CSV
 * the platform writes from data it was sent goes through xy_csv_cell(). */
#ifndef XY_CSV_H
#define XY_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "common/xy_buf.h"

/* Whether a cell holding s[0..n) begins with a character Excel, WPS or LibreOffice read as the start
 * of a formula: '=', '+', '-', '@', tab or carriage return (OWASP's list). n 0 is false. */
bool xy_csv_formula_lead(const char *s, size_t n);

/* Appends s[0..n) as one cell, without a separator: always in double quotes, each '"' doubled, and,
 * when xy_csv_formula_lead() holds, an apostrophe before the text, so that the spreadsheet shows
 * `'=HYPERLINK(...)` as text rather than running it (OWASP's rule). A negative number becomes
 * `'-5` too: such a cell is text from outside, and any exception for "plain numbers" would be a
 * second parser to get exactly right. The value itself is never changed anywhere else (JSON answers
 * carry it as sent). s may be NULL when n is 0. Returns XY_OK, XY_ENOMEM or XY_ETOOBIG; on error
 * the buffer is unchanged. */
int xy_csv_cell(struct xy_buf *out, const char *s, size_t n);

/* xy_csv_cell() of a NUL-terminated string; NULL is an empty cell. */
int xy_csv_cellz(struct xy_buf *out, const char *s);

#endif
