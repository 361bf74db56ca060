/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target: an article's Markdown (xy_markdown_html), as the office sends it through
 * /api/v1/admin/articles and `xinyong article add`. Beyond "no crash": whatever the text, the HTML
 * holds no element but the ones CommonMark makes from text (so no raw tag such as script, iframe,
 * img with an event attribute, style or svg) and no link or image URL of a scheme that runs code. */
#include <string.h>
#include <strings.h>

#include "common/xy_alloc.h"
#include "common/xy_markdown.h"
#include "fuzz_check.h"

/* The tags cmark writes for Markdown (safe mode): anything else came from raw HTML. */
static int known_tag(const char *p, size_t n)
{
    static const char *const tags[] = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "em", "strong",
                                       "code", "pre", "blockquote", "hr", "br", "a", "img"};
    for (size_t i = 0; i < sizeof tags / sizeof *tags; i++)
        if (strlen(tags[i]) == n && strncasecmp(p, tags[i], n) == 0)
            return 1;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *html = xy_markdown_html((const char *)data, size);
    if (!html)
        return 0; /* out of memory */
    for (const char *p = html; (p = strchr(p, '<')) != NULL; p++) {
        if (p[1] == '!') /* <!-- raw HTML omitted --> */
            continue;
        const char *name = p + 1 + (p[1] == '/');
        size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
        FUZZ_CHECK(known_tag(name, n));
        const char *end = strchr(p, '>');
        FUZZ_CHECK(end != NULL);
        /* Its attributes: only href, src, alt, title and start, each quoted, and no URL that runs code. */
        const char *a = name + n;
        while (a < end) {
            a += strspn(a, " ");
            if (*a == '/' || a >= end)
                break;
            size_t an = strspn(a, "abcdefghijklmnopqrstuvwxyz");
            FUZZ_CHECK((an == 4 && strncmp(a, "href", 4) == 0) || (an == 3 && strncmp(a, "src", 3) == 0) ||
                       (an == 3 && strncmp(a, "alt", 3) == 0) || (an == 5 && strncmp(a, "title", 5) == 0) ||
                       (an == 5 && strncmp(a, "start", 5) == 0));
            FUZZ_CHECK(a[an] == '=' && a[an + 1] == '"');
            const char *v = a + an + 2, *close = strchr(v, '"');
            FUZZ_CHECK(close != NULL);
            if (an != 3 || strncmp(a, "alt", 3) != 0)
                FUZZ_CHECK(strncasecmp(v, "javascript:", 11) != 0 && strncasecmp(v, "vbscript:", 9) != 0 &&
                           strncasecmp(v, "file:", 5) != 0 && strncasecmp(v, "data:text", 9) != 0);
            a = close + 1;
            end = strchr(a, '>') ? strchr(a, '>') : end; /* a value may hold a > */
        }
        p = end;
    }
    xy_free(html);
    return 0;
}
