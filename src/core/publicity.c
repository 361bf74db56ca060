/* SPDX-License-Identifier: Apache-2.0 */
/* The publicity rule (publicity.h). */
#include "core/publicity.h"

#include <string.h>

const char *const xy_status_in_force[] = {XY_STATUS_PUBLISHED, "unpublished", NULL};

void xy_publicity_filter(struct xy_date day, struct xy_public_filter *f)
{
    f->status = XY_STATUS_PUBLISHED;
    xy_date_format(day, f->day);
}

int xy_publicity_class(const struct xy_class *k)
{
    return k && k->scope == XY_SCOPE_PUBLIC;
}

int xy_publicity_visible(const struct xy_class *k, int is_current, const char *status, const char *public_until,
                         struct xy_date day)
{
    return xy_publicity_class(k) && xy_publicity_in_effect(is_current, status, public_until, day);
}

int xy_publicity_in_effect(int is_current, const char *status, const char *public_until, struct xy_date day)
{
    struct xy_public_filter f;
    if (!is_current || !status)
        return 0;
    xy_publicity_filter(day, &f);
    /* Dates are YYYY-MM-DD: their text order is their order in time. */
    return strcmp(status, f.status) == 0 && (!public_until || strcmp(public_until, f.day) >= 0);
}
