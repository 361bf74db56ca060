/* SPDX-License-Identifier: Apache-2.0 */
/* The demo's code conversion register (统一社会信用代码转换): the market regulation authority's list
 * of entities with old codes. The first organisation is found among the subjects by the organisation
 * code inside its USCC; three more come with their USCC; three have none yet (unconverted); one shares
 * an organisation code with another entity (a duplicate) and one has a wrong check character, so that
 * the demo shows a category 8 below its targets. */
#include <stdio.h>
#include <string.h>

#include "common/xy_buf.h"
#include "core/orgcode.h"
#include "demo/demo_int.h"

void xy_demo_conv_note(struct gen *g, const struct subject *s)
{
    if (g->nconv >= 4 || s->kind != K_ORG || s->code[0] != '9')
        return;
    snprintf(g->conv_code[g->nconv], sizeof g->conv_code[0], "%s", s->code);
    snprintf(g->conv_name[g->nconv], sizeof g->conv_name[0], "%s", s->name);
    g->nconv++;
}

/* A made-up organisation code: body 8 characters from n, its check character right or one off. */
static void made_up(char out[10], long n, int wrong)
{
    snprintf(out, 10, "7%07ld", n % 10000000);
    char c = xy_orgcode_check_char(out);
    if (wrong)
        c = c == '0' ? '1' : c == 'X' ? '0' : c == '9' ? 'X' : (char)(c + 1);
    out[8] = c;
    out[9] = '\0';
}

int xy_demo_write_conversion(struct gen *g)
{
    static const char *const names[] = {"武汉市江岸区演示商贸部", "武汉市洪山区演示加工厂", "武汉市汉阳区演示维修店",
                                        "武汉市武昌区演示重码公司", "武汉市青山区演示错码商店"};
    struct xy_buf b;
    char code[10], line[32];
    int rc = XY_OK;
    if (!g->nconv)
        return XY_OK;
    xy_buf_init(&b, 1u << 16);
    rc = xy_buf_printf(&b, "authority,old_code,reg_no,name,registered_on,uscc\n");
    for (int i = 0; i < g->nconv && !rc; i++) /* the first matched by the platform, the others given */
        rc = xy_buf_printf(&b, "9,%.9s,,%s,2015-03-1%d,%s\n", g->conv_code[i] + 8, g->conv_name[i], i,
                           i ? g->conv_code[i] : "");
    for (int i = 0; i < 3 && !rc; i++) {
        made_up(code, 4201001 + i * 7919L, 0);
        rc = xy_buf_printf(&b, "9,%s,,%s,2012-06-0%d,\n", code, names[i], i + 1);
    }
    if (!rc) /* a duplicate: the second organisation's code under another entity */
        rc = xy_buf_printf(&b, "9,%.9s,,%s,2013-01-05,\n", g->conv_code[g->nconv > 1 ? 1 : 0] + 8, names[3]);
    if (!rc) {
        made_up(code, 4209901, 1);
        rc = xy_buf_printf(&b, "9,%s,,%s,2011-11-11,\n", code, names[4]);
    }
    if (!rc) {
        xy_demo_write_whole(g, "conversion.csv", b.data, b.len);
        snprintf(line, sizeof line, "%.18s\t", g->dept_code[D_SAMR]);
        xy_buf_reset(&b);
        rc = xy_buf_printf(&b, "%sconversion.csv\n", line);
        if (!rc)
            xy_demo_write_whole(g, "conversion.tsv", b.data, b.len);
    }
    if (rc)
        g->rc = xy_error_set(g->err, rc, "out of memory");
    xy_buf_release(&b);
    return g->rc;
}
