/* SPDX-License-Identifier: Apache-2.0 */
/* Reading an XLSX workbook held in memory: the first worksheet, row by row, each cell as text (shared
 * and inline strings as written, numbers as stored, cells in a date format as YYYY-MM-DD). The ZIP
 * container is read by libzip and the XML parts by expat: nothing here parses either by hand. A file
 * from outside is bounded everywhere: entries, the uncompressed bytes of every part (counted as they
 * come out, whatever the archive declares), shared strings, columns and cell sizes; a DOCTYPE is
 * refused (no entity expansion). A workbook beyond a bound, damaged or not a workbook is refused with
 * a bilingual message saying which part and why. */
#ifndef XY_XLSX_READ_H
#define XY_XLSX_READ_H

#include <stddef.h>

#include "common/xy_error.h"

#define XY_XLSX_MAX_ENTRIES 10000             /* files in the archive */
#define XY_XLSX_MAX_SHEET ((size_t)1 << 30)   /* the worksheet's XML, uncompressed */
#define XY_XLSX_MAX_STRINGS ((size_t)256 << 20) /* the shared strings' XML, uncompressed */
#define XY_XLSX_MAX_PART ((size_t)16 << 20)   /* any other part read (workbook, relationships, styles) */
#define XY_XLSX_MAX_COLS 4096
#define XY_XLSX_MAX_CELL ((size_t)1 << 20)    /* one cell's text */

/* One row of the sheet: its 1-based number in the sheet, and cells[0..ncells) (an empty cell is "",
 * length 0). Rows with no cell are not reported. The cells are valid only during the call; a non-zero
 * return stops reading with that code. */
typedef int (*xy_xlsx_row_fn)(void *ctx, long sheet_row, size_t ncells, const char *const *cells, const size_t *lens);

/* Whether data starts as a ZIP archive does (a local file header): how an XLSX body is recognised. */
int xy_xlsx_looks_like(const char *data, size_t len);

/* Reads the workbook's first worksheet. XY_EINVAL (damaged, not a workbook, encrypted, a DOCTYPE),
 * XY_ETOOBIG (a bound above), XY_ENOMEM, or the callback's code; err says what and where. */
int xy_xlsx_read(const char *data, size_t len, xy_xlsx_row_fn fn, void *ctx, struct xy_error *err);

#endif
