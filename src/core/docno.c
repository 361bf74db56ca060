/* SPDX-License-Identifier: Apache-2.0 */
/* Decision numbers in free text (docno.h). */
#include "core/docno.h"

#include <string.h>

#define PREFIX_MAX 12 /* characters of an agency's abbreviation */

/* Length of the bracket at p (UTF-8) opening (open = 1) or closing a year, else 0. */
static size_t bracket(const char *p, const char *end, int open)
{
    static const char *const opens[] = {"\xE3\x80\x94", "\xE3\x80\x90", "["};  /* 〔 【 [ */
    static const char *const closes[] = {"\xE3\x80\x95", "\xE3\x80\x91", "]"}; /* 〕 】 ] */
    const char *const *set = open ? opens : closes;
    for (size_t i = 0; i < 3; i++) {
        size_t n = strlen(set[i]);
        if ((size_t)(end - p) >= n && memcmp(p, set[i], n) == 0)
            return n;
    }
    return 0;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Where the character ending just before p starts, or NULL when it is not part of a prefix (ASCII
 * other than letters, or CJK punctuation U+3000..U+303F and full-width forms U+FF00..U+FF0F,
 * U+FF1A..U+FF20). */
static const char *prefix_char_before(const char *text, const char *p)
{
    const char *q = p;
    if (q == text)
        return NULL;
    q--;
    while (q > text && ((unsigned char)*q & 0xC0) == 0x80)
        q--;
    unsigned char c = (unsigned char)*q;
    if (c < 0x80)
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ? q : NULL;
    if (p - q == 3 && c == 0xE3 && (unsigned char)q[1] == 0x80) /* U+3000..U+303F */
        return NULL;
    if (p - q == 3 && c == 0xEF && ((unsigned char)q[1] == 0xBC || (unsigned char)q[1] == 0xBD)) {
        unsigned cp = ((unsigned)(c & 0x0F) << 12) | ((unsigned)(q[1] & 0x3F) << 6) | (unsigned)(q[2] & 0x3F);
        if (cp <= 0xFF0F || (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) || cp >= 0xFF5B)
            return NULL; /* full-width punctuation: ，（）：；［］ and the like */
    }
    return q;
}

int xy_docno_scan(const char *text, size_t len, int (*fn)(void *ctx, const char *p, size_t n), void *ctx)
{
    const char *end = text + len;
    for (const char *p = text; p < end; p++) {
        size_t ob = bracket(p, end, 1);
        if (!ob)
            continue;
        const char *q = p + ob;
        if (end - q < 4 || !is_digit(q[0]) || !is_digit(q[1]) || !is_digit(q[2]) || !is_digit(q[3]))
            continue;
        q += 4;
        size_t cb = bracket(q, end, 0);
        if (!cb)
            continue;
        q += cb;
        if (q == end || !is_digit(*q))
            continue;
        while (q < end && is_digit(*q))
            q++;
        if (end - q < 3 || memcmp(q, "\xE5\x8F\xB7", 3) != 0) /* 号 */
            continue;
        const char *stop = q + 3;
        /* Every start of the prefix, the longest first; a number with no prefix is not cited alone. */
        const char *starts[PREFIX_MAX];
        size_t ns = 0;
        for (const char *s = prefix_char_before(text, p); s && ns < PREFIX_MAX; s = prefix_char_before(text, s))
            starts[ns++] = s;
        for (size_t i = ns; i-- > 0;) {
            int rc = fn(ctx, starts[i], (size_t)(stop - starts[i]));
            if (rc)
                return rc;
        }
        p = stop - 1;
    }
    return 0;
}
