/* SPDX-License-Identifier: Apache-2.0 */
/* The CSV cell writer (xy_csv.h). */
#include "common/xy_csv.h"

#include <string.h>

#include "common/xy_error.h"

bool xy_csv_formula_lead(const char *s, size_t n)
{
    if (!s || n == 0)
        return false;
    switch (s[0]) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
        return true;
    default:
        return false;
    }
}

int xy_csv_cell(struct xy_buf *out, const char *s, size_t n)
{
    size_t was = out->len;
    if (!s) {
        s = "";
        n = 0;
    }
    /* Quoted always: a comma, quote or line break inside can then never start a new cell, whose
     * first character would escape the check below. */
    int rc = xy_buf_addc(out, '"');
    if (!rc && xy_csv_formula_lead(s, n))
        rc = xy_buf_addc(out, '\'');
    const char *p = s, *end = s + n;
    while (!rc && p < end) {
        const char *q = memchr(p, '"', (size_t)(end - p));
        size_t span = q ? (size_t)(q - p) + 1 : (size_t)(end - p);
        rc = xy_buf_add(out, p, span);
        if (!rc && q)
            rc = xy_buf_addc(out, '"');
        p += span;
    }
    if (!rc)
        rc = xy_buf_addc(out, '"');
    if (rc) { /* a cell is written whole or not at all */
        out->len = was;
        if (out->data)
            out->data[was] = '\0';
    }
    return rc;
}

int xy_csv_cellz(struct xy_buf *out, const char *s)
{
    return xy_csv_cell(out, s, s ? strlen(s) : 0);
}
