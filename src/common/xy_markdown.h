/* SPDX-License-Identifier: Apache-2.0 */
/* Markdown to HTML for the articles the office writes (cmark, CommonMark), safe for the portal to
 * insert as it is: raw HTML in the source is dropped (cmark's safe mode, the default since 0.29:
 * blocks and inline tags become an HTML comment) and links or images whose URL is javascript:,
 * vbscript:, file: or data: (other than an image) lose their URL. */
#ifndef XY_MARKDOWN_H
#define XY_MARKDOWN_H

#include <stddef.h>

/* Renders md[0..len) (UTF-8). Caller owns the result; free with xy_free(). NULL when out of memory. */
char *xy_markdown_html(const char *md, size_t len);

#endif
