/* SPDX-License-Identifier: Apache-2.0 */
/* Reading a department's batch (CSV or JSON Lines, UTF-8 with or without BOM, or GB18030/GBK,
 * detected; or an XLSX workbook, recognised by its bytes) as rows of one catalogue class. A push
 * parser: feed it bytes as they come (a file, an HTTP body), and it calls back once per record with
 * the cells in catalogue field order. Every buffer is bounded: a field or line over
 * XY_BATCH_MAX_LINE is an error, never a crash. A workbook is a ZIP whose directory is at its end:
 * it is kept (up to XY_BATCH_MAX_XLSX) and read when the input ends, its first row the header as in
 * a CSV batch. */
#ifndef XY_BATCHFILE_H
#define XY_BATCHFILE_H

#include <stddef.h>
#include <stdint.h>

#include "common/xy_error.h"
#include "core/catalog.h"
#include "core/validate.h"

#define XY_BATCH_MAX_LINE (1u << 20) /* one record: 1 MiB */

enum xy_batch_format {
    XY_BATCH_AUTO = 0, /* from the file name, else from the first byte ('{' is JSON Lines) */
    XY_BATCH_CSV,
    XY_BATCH_JSONL,
    XY_BATCH_XLSX, /* the first worksheet of a workbook; also taken for AUTO and CSV when the bytes are a ZIP */
};

#define XY_BATCH_MAX_XLSX ((size_t)256 << 20) /* an XLSX batch is read whole: at most 256 MiB */

/* Called once per record. row: 1-based record number, header excluded. pre: NULL, or problems found
 * before field validation (a JSON line that is not an object, extra CSV fields, unknown keys). The
 * cells are valid only during the call. A non-zero return stops reading with that code. */
typedef int (*xy_batch_row_fn)(void *ctx, long row, const struct xy_cell *cells, const struct xy_row_errors *pre);

struct xy_batch_reader;

/* Caller frees with xy_batch_reader_free(). NULL on out of memory. */
struct xy_batch_reader *xy_batch_reader_new(const struct xy_class *cls, enum xy_batch_format fmt,
                                            xy_batch_row_fn fn, void *ctx);
void xy_batch_reader_free(struct xy_batch_reader *r);

/* Feeds bytes. Errors that make the whole input unreadable (bad header, undecodable bytes, a record
 * over the limit) return XY_EINVAL or XY_ETOOBIG with err saying where; a callback's non-zero return
 * is passed through. */
int xy_batch_reader_feed(struct xy_batch_reader *r, const char *data, size_t len, struct xy_error *err);
/* Ends the input (flushes a last line without newline). */
int xy_batch_reader_finish(struct xy_batch_reader *r, struct xy_error *err);

/* What was detected: "UTF-8", "UTF-8 (BOM)", "GB18030"; "csv" / "jsonl" / "xlsx". Valid for the reader's life. */
const char *xy_batch_reader_encoding(const struct xy_batch_reader *r);
const char *xy_batch_reader_format(const struct xy_batch_reader *r);
long xy_batch_reader_rows(const struct xy_batch_reader *r);

/* The format a file name implies (.csv, .jsonl/.ndjson/.json, .xlsx), or XY_BATCH_AUTO. */
enum xy_batch_format xy_batch_format_from_name(const char *name);

#endif
