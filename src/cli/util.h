/* SPDX-License-Identifier: Apache-2.0 */
/* Small helpers the subcommands share: reading a whole file, opening the application context,
 * printing stored text and JSON safely on a terminal. */
#ifndef XY_CLI_UTIL_H
#define XY_CLI_UTIL_H

#include <jansson.h>
#include <stddef.h>

#include "app/app.h"
#include "common/xy_error.h"

/* Reads a whole file of at most max bytes. OUT: *data (NUL-terminated; free with xy_free()), *len. */
int xy_cli_read_file(const char *path, size_t max, char **data, size_t *len, struct xy_error *err);

/* Opens the database named by --db / XINYONG_DB, reporting failure as `xinyong CMD: ...`.
 * Returns NULL on failure. */
struct xy_app *xy_cli_open(const char *cmd);

/* Prints a JSON value on stdout followed by a newline; indent 0 = one line. Like every JSON the CLI
 * prints (xy_cli_dump_json()), the characters xy_cli_text() escapes are written as \uXXXX escapes: the
 * same JSON value, harmless on a terminal. */
void xy_cli_print_json(const json_t *v, int indent);

/* Writes a JSON value on stdout (jansson flags), no newline, escaped as xy_cli_print_json() does. */
void xy_cli_dump_json(const json_t *v, size_t flags);

/* s as it may be printed on a terminal: control characters (C0, DEL, C1), bidirectional and
 * invisible characters (core/text.h) and bytes that are not UTF-8 escaped (\t \n \r \xHH for
 * bytes, \uHHHH for the others; \\ for a backslash), so that stored text printed by any command can
 * neither move the cursor, recolour or retitle the terminal, reorder what is shown, nor forge a
 * line or a field. NULL gives "". The result is valid until the eighth next call (a ring of
 * buffers: several may stand in one printf). */
const char *xy_cli_text(const char *s);

/* How many spaces after s fill a column of width terminal cells: a translated word may hold
 * characters two cells wide (CJK), which printf's %-Ns counts as three bytes. 0 when s is wider. */
int xy_cli_pad(const char *s, int width);

#endif
