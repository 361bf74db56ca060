/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target: one row of a registration authority's list (xy_conv_row_check), as the register import
 * reads it from outside: the input's bytes are split at commas into the six cells (authority,
 * old_code, reg_no, name, registered_on, uscc). Beyond "no crash": a refused row names its field and
 * why; a stored one has codes of their exact shapes, and its flags say what the check characters say. */
#include <stdlib.h>
#include <string.h>

#include "common/xy_alloc.h"
#include "core/conversion.h"
#include "core/orgcode.h"
#include "core/uscc.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *buf = xy_malloc(size + 1);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    const char *cells[6] = {NULL};
    char *p = buf;
    for (int i = 0; i < 6 && p; i++) {
        cells[i] = p;
        p = strchr(p, ',');
        if (p)
            *p++ = '\0';
    }
    struct xy_conv_input in = {cells[0], cells[1], cells[2], cells[3], cells[4], cells[5]};
    struct xy_conv_row row;
    struct xy_error err = {0};
    const char *field = NULL;
    int rc = xy_conv_row_check(&in, &row, &field, &err);
    if (rc) {
        FUZZ_CHECK(rc == XY_EINVAL);
        FUZZ_CHECK(field && *field && err.msg[0]);
    } else {
        FUZZ_CHECK(xy_conv_authority(row.authority) != NULL);
        FUZZ_CHECK(row.orgcode[0] || row.regno[0]);
        FUZZ_CHECK(!row.orgcode[0] || strlen(row.orgcode) == 9);
        FUZZ_CHECK(!row.orgcode[0] || row.orgcode_bad == (xy_orgcode_check_char(row.orgcode) != row.orgcode[8]));
        FUZZ_CHECK(!row.regno[0] || (strlen(row.regno) == 15 && strspn(row.regno, "0123456789") == 15));
        FUZZ_CHECK(!row.regno[0] || row.regno_bad == (xy_regno_check_char(row.regno) != row.regno[14]));
        FUZZ_CHECK(!row.uscc[0] || strlen(row.uscc) == 18);
        FUZZ_CHECK(!row.uscc[0] || row.uscc_bad == (xy_uscc_check_char(row.uscc) != row.uscc[17] ||
                                                   xy_orgcode_check_char(row.uscc + 8) != row.uscc[16]));
        FUZZ_CHECK(row.name && *row.name);
    }
    xy_free(buf);
    return 0;
}
