/* SPDX-License-Identifier: Apache-2.0 */
/* Small helpers the subcommands share: reading a whole file, opening the application context,
 * printing JSON. */
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

/* Prints a JSON value on stdout followed by a newline; indent 0 = one line. */
void xy_cli_print_json(const json_t *v, int indent);

#endif
