/* SPDX-License-Identifier: Apache-2.0 */
/* UTF-8 validation and decoding (RFC 3629). */
#include "common/xy_utf8.h"

#include <string.h>

int xy_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        unsigned c = *p;
        if (c < 0x80) {
            p++;
            continue;
        }
        size_t need;
        uint32_t cp, min;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1, cp = c & 0x1F, min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2, cp = c & 0x0F, min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3, cp = c & 0x07, min = 0x10000;
        } else {
            return 0;
        }
        if ((size_t)(end - p) <= need)
            return 0;
        for (size_t i = 1; i <= need; i++) {
            if ((p[i] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        p += need + 1;
    }
    return 1;
}

size_t xy_utf8_count(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            count++;
    return count;
}

uint32_t xy_utf8_next(const char **ps, const char *end)
{
    const unsigned char *p = (const unsigned char *)*ps;
    uint32_t c = *p++;
    int more = 0;
    if (c >= 0xF0)
        c &= 0x07, more = 3;
    else if (c >= 0xE0)
        c &= 0x0F, more = 2;
    else if (c >= 0xC0)
        c &= 0x1F, more = 1;
    while (more-- > 0 && (const char *)p < end)
        c = (c << 6) | (*p++ & 0x3F);
    *ps = (const char *)p;
    return c;
}

size_t xy_utf8_put(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t xy_utf8_floor(const char *p, size_t off)
{
    while (off > 0 && ((unsigned char)p[off] & 0xC0) == 0x80)
        off--;
    return off;
}

int xy_utf8_cut(const char *s, size_t max)
{
    return (int)xy_utf8_floor(s, strnlen(s, max));
}
