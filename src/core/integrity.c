/* SPDX-License-Identifier: Apache-2.0 */
/* The rectification rate of government dishonesty events (integrity.h). */
#include "core/integrity.h"

#include <stdio.h>
#include <string.h>

void xy_integrity_add(struct xy_integrity_tally *t, const char *status)
{
    t->events++;
    if (status && strcmp(status, "1") == 0)
        t->rectified++;
    else if (status && strcmp(status, "2") == 0)
        t->in_progress++;
    else
        t->not_rectified++;
}

int xy_integrity_rate_bp(const struct xy_integrity_tally *t)
{
    if (t->events <= 0)
        return -1;
    /* Integers only: (2·r·10000 + n) ÷ 2n is r/n·10000 rounded half up. */
    return (int)((2 * t->rectified * 10000 + t->events) / (2 * t->events));
}

void xy_integrity_rate_text(int bp, char out[16])
{
    if (bp < 0)
        out[0] = '\0';
    else
        snprintf(out, 16, "%d.%02d", bp / 100, bp % 100);
}
