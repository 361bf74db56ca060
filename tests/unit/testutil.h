/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers the unit tests share. */
#ifndef XY_TESTUTIL_H
#define XY_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>

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

#endif
