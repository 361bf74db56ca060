/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers the unit tests share. */
#ifndef XY_TESTUTIL_H
#define XY_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>

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

#endif
