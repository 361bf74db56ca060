/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target: xy_xlsx_read() (common/xy_xlsx_read.c) on the input as a workbook's bytes: libzip
 * and expat under our bounds and state. Beyond "no crash": rows come in increasing order, cells
 * within the column bound with the lengths given (every byte read, so ASan sees one out of bounds),
 * each NUL-terminated; a refusal says why (a non-empty message) and has an error code; a callback's
 * code comes back unchanged. */
#include <string.h>

#include "common/xy_xlsx_read.h"
#include "fuzz_check.h"

struct ctx {
    long last_row, rows;
    int stop;
};

static int on_row(void *vctx, long row, size_t ncells, const char *const *cells, const size_t *lens)
{
    struct ctx *c = vctx;
    FUZZ_CHECK(row > c->last_row);
    FUZZ_CHECK(ncells > 0 && ncells <= XY_XLSX_MAX_COLS);
    c->last_row = row;
    for (size_t i = 0; i < ncells; i++) {
        FUZZ_CHECK(cells[i] != NULL);
        fuzz_touch(cells[i], lens[i] + 1);
        FUZZ_CHECK(cells[i][lens[i]] == '\0');
    }
    return c->stop && ++c->rows == 2 ? 99 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    for (int stop = 0; stop <= 1; stop++) {
        struct ctx c = {.stop = stop};
        struct xy_error err = {0};
        int rc = xy_xlsx_read((const char *)data, size, on_row, &c, &err);
        if (rc == 99) {
            FUZZ_CHECK(stop && c.rows == 2);
        } else if (rc) {
            FUZZ_CHECK(err.rc == rc && err.msg[0] != '\0');
        }
    }
    return 0;
}
