/* SPDX-License-Identifier: Apache-2.0 */
/* The rejected-rows CSV writer (rejects.h). */
#include "app/rejects.h"

#include <string.h>

#include "common/xy_csv.h"
#include "common/xy_error.h"

int xy_rejects_csv_header(struct xy_buf *out)
{
    return xy_buf_addz(out, "\xEF\xBB\xBF"
                            "行号(row),字段代码(field),字段名称(name),值(value),原因代码(code),原因(reason)\r\n");
}

/* Every cell through xy_csv_cell(): quoted, and a value such as `=HYPERLINK(...)` that a department
 * sent is shown as text when the clerk opens the file, never run. The row number is the platform's
 * own (1 and up), written bare. */
static int cell(struct xy_buf *out, const char *s, int last)
{
    int rc = xy_csv_cellz(out, s);
    if (!rc)
        rc = xy_buf_addz(out, last ? "\r\n" : ",");
    return rc;
}

int xy_rejects_csv_row(struct xy_buf *out, const struct xy_class *k, long row, const char *field, const char *value,
                       const char *code, const char *reason)
{
    size_t was = out->len;
    int f = k && field && *field ? xy_class_field_lookup(k, field, strlen(field)) : -1;
    int rc = xy_buf_printf(out, "%ld,", row);
    if (!rc)
        rc = cell(out, field, 0);
    if (!rc)
        rc = cell(out, f >= 0 ? k->fields[f].name_zh : "", 0);
    if (!rc)
        rc = cell(out, value, 0);
    if (!rc)
        rc = cell(out, code, 0);
    if (!rc)
        rc = cell(out, reason, 1);
    if (rc) { /* a row is written whole or not at all */
        out->len = was;
        if (out->data)
            out->data[was] = '\0';
    }
    return rc;
}
