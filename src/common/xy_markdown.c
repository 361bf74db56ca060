/* SPDX-License-Identifier: Apache-2.0 */
/* Markdown rendering through cmark, with raw HTML refused. cmark allocates with its own allocator;
 * the result is copied into one of ours so that every free in the platform goes through xy_free. */
#include "common/xy_markdown.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

#include "common/xy_alloc.h"

char *xy_markdown_html(const char *md, size_t len)
{
    /* CMARK_OPT_SAFE is the default behaviour of this cmark; it is named so that no later change of
     * default lets raw HTML through, and CMARK_OPT_UNSAFE is never set. */
    char *html = cmark_markdown_to_html(md ? md : "", md ? len : 0, CMARK_OPT_SAFE | CMARK_OPT_VALIDATE_UTF8);
    if (!html)
        return NULL;
    char *out = xy_strdup(html);
    free(html);
    return out;
}
