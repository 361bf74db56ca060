/* SPDX-License-Identifier: Apache-2.0 */
/* The CLI's human text through GNU gettext (glibc's libintl): mark a message with _() where it is
 * printed, N_() where it sits in a table and is translated later with _(); docs/i18n.md says how to
 * add and translate one. Only human text is translated: --json, CSV and TSV output, and exit codes
 * never change with the language. */
#ifndef XY_CLI_I18N_H
#define XY_CLI_I18N_H

#include <libintl.h>

#define XY_TEXTDOMAIN "xinyong"

/* gettext() carries format_arg(1), so printf(_("%ld rows"), n) is still checked by -Wformat. */
#define _(s) gettext(s)
#define N_(s) (s)

/* Sets the locale's character set and message language from the environment and binds the text
 * domain (docs/i18n.md: where the catalogue is looked for, and the fallback when the locale the
 * environment names was never generated). Called once by main before anything is printed. */
void xy_cli_i18n_init(void);

#endif
