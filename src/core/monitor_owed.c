/* SPDX-License-Identifier: Apache-2.0 */
/* What a reporting unit owes the monthly report (monitor.h): the declaration when its catalogue
 * names a double publicity class, and the categories entered by hand its catalogue lists. The
 * countdown to the 22nd (app/pending.c) lists who still owes something. */
#include "core/monitor.h"

#include <string.h>

void xy_mon_owed(const json_t *plan, const struct xy_mon_params *p, int extra_defined, struct xy_mon_owed *out)
{
    memset(out, 0, sizeof *out);
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(plan, "classes"), i, it)
    {
        const char *cls = json_string_value(json_object_get(it, "class"));
        for (int k = 0; cls && p->dp_classes[k]; k++)
            out->declares |= strcmp(p->dp_classes[k], cls) == 0;
    }
    json_array_foreach(json_object_get(plan, "entries"), i, it)
    {
        const struct xy_mon_cat *c = xy_mon_category((int)json_integer_value(it));
        /* the configurable category is owed only while the office has it defined */
        if (c && c->computed != 1 && (c->no != XY_MON_EXTRA || extra_defined))
            out->entries[c->no] = 1;
    }
}

int xy_mon_owed_nothing(const struct xy_mon_owed *o)
{
    int any = o->declares;
    for (int no = 1; no <= XY_MON_NCATS; no++)
        any |= o->entries[no];
    return !any;
}
