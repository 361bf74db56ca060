/* SPDX-License-Identifier: Apache-2.0 */
/* What the fuzz targets share: FUZZ_CHECK(), an invariant that aborts (and so is a crash to
 * libFuzzer and to the replay) with the failing condition; and touch(), which reads every byte of
 * a span so that AddressSanitizer sees an out-of-bounds one. */
#ifndef XY_FUZZ_CHECK_H
#define XY_FUZZ_CHECK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define FUZZ_CHECK(cond)                                                                          \
    do {                                                                                          \
        if (!(cond)) {                                                                            \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond);          \
            abort();                                                                              \
        }                                                                                         \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline unsigned fuzz_touch(const void *p, size_t n)
{
    const volatile unsigned char *b = p;
    unsigned sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += b[i];
    return sum;
}

#endif
