/* SPDX-License-Identifier: Apache-2.0 */
/* Rejected rows as CSV for a clerk to fix and resend: UTF-8 with a BOM (so Excel reads it), one row per
 * problem: row number, field code, the field's Chinese name, the value given, the reason code and the
 * reason. One writer, for the file `xinyong import` leaves beside a batch and for the API's text/csv
 * answer. */
#ifndef XY_REJECTS_H
#define XY_REJECTS_H

#include "common/xy_buf.h"
#include "core/catalog.h"

/* Appends the BOM and the header line. XY_OK, XY_ENOMEM, XY_ETOOBIG. */
int xy_rejects_csv_header(struct xy_buf *out);

/* Appends one problem. k (may be NULL) names the field; field "" or NULL is the row as a whole. */
int xy_rejects_csv_row(struct xy_buf *out, const struct xy_class *k, long row, const char *field, const char *value,
                       const char *code, const char *reason);

#endif
