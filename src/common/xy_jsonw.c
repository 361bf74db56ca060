/* SPDX-License-Identifier: Apache-2.0 */
/* JSON string escaping per RFC 8259 section 7. */
#include "common/xy_jsonw.h"

#include <string.h>

#include "common/xy_error.h"

int xy_jsonw_str(struct xy_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    int rc = xy_buf_addc(b, '"');
    size_t run = 0; /* bytes copied as they are, flushed in one go */
    for (size_t i = 0; i < n && !rc; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        rc = xy_buf_add(b, s + run, i - run);
        run = i + 1;
        char esc[6] = {'\\', 0, 0, 0, 0, 0};
        size_t len = 2;
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        default:
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            len = 6;
        }
        if (!rc)
            rc = xy_buf_add(b, esc, len);
    }
    if (!rc)
        rc = xy_buf_add(b, s + run, n - run);
    if (!rc)
        rc = xy_buf_addc(b, '"');
    return rc;
}

int xy_jsonw_member(struct xy_buf *b, const char *key, const char *value, size_t n)
{
    int rc = xy_buf_addc(b, b->len ? ',' : '{');
    if (!rc)
        rc = xy_jsonw_str(b, key, strlen(key));
    if (!rc)
        rc = xy_buf_addc(b, ':');
    if (!rc)
        rc = xy_jsonw_str(b, value, n);
    return rc;
}

int xy_jsonw_end(struct xy_buf *b)
{
    return b->len ? xy_buf_addc(b, '}') : xy_buf_addz(b, "{}");
}
