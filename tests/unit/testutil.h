/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers the unit tests share. */
#ifndef XY_TESTUTIL_H
#define XY_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"

/* Reads a whole file into a NUL-terminated buffer (free with free()). OUT: *len. NULL on failure. */
static inline char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0;
    if (!f)
        return NULL;
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : 65536;
            char *nb = realloc(buf, cap + 1);
            if (!nb) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}


/* The real catalogue ($XY_CATALOG, set by ctest), parsed; NULL with a message on stderr. */
static inline struct xy_catalog *load_test_catalog(void)
{
    const char *path = getenv("XY_CATALOG");
    size_t len = 0;
    struct xy_error err;
    struct xy_catalog *cat = NULL;
    if (!path) {
        fprintf(stderr, "XY_CATALOG is not set (run through ctest)\n");
        return NULL;
    }
    char *text = read_all(path, &len);
    if (!text) {
        fprintf(stderr, "cannot read %s\n", path);
        return NULL;
    }
    xy_error_clear(&err);
    int rc = xy_catalog_parse(text, len, &cat, &err);
    free(text);
    if (rc)
        fprintf(stderr, "catalogue: %s\n", err.msg);
    return rc ? NULL : cat;
}

/* A problem a person reads is "中文 (English)": a Chinese part, one space, then the English part in
 * ASCII brackets at the very end, with no bracket and nothing but ASCII inside it (the convention
 * web/js/format.js reasonText relies on to show one part). Include after cmocka.h (fail_msg). */
static inline void assert_bilingual(const char *msg)
{
    size_t n = strlen(msg);
    const char *open = strrchr(msg, '(');
    if (n == 0 || msg[n - 1] != ')' || !open || open == msg || open[-1] != ' ')
        fail_msg("not \"中文 (English)\": %s", msg);
    for (const char *p = open + 1; p < msg + n - 1; p++)
        if ((unsigned char)*p >= 0x80 || *p == ')')
            fail_msg("the English part is not plain ASCII without brackets: %s", msg);
    int han = 0;
    for (const char *p = msg; p < open; p++)
        han |= (unsigned char)*p >= 0x80;
    if (!han)
        fail_msg("no Chinese part: %s", msg);
}

#endif
