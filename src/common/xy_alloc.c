/* SPDX-License-Identifier: Apache-2.0 */
/* Allocation wrapper with optional fault injection. */
#include "common/xy_alloc.h"

#include <stdlib.h>
#include <string.h>

#ifdef XY_FAULTS
static long fail_at;
static long counter;
static int should_fail(void)
{
    counter++;
    return fail_at > 0 && counter >= fail_at;
}
#else
#define should_fail() 0
#endif

static _Thread_local int failed;

int xy_alloc_failed(void)
{
    int f = failed;
    failed = 0;
    return f;
}

static void *noted(void *p)
{
    if (!p)
        failed = 1;
    return p;
}

void xy_alloc_fail_at(long nth)
{
#ifdef XY_FAULTS
    fail_at = nth;
    counter = 0;
#else
    (void)nth;
#endif
}

long xy_alloc_count(void)
{
#ifdef XY_FAULTS
    return counter;
#else
    return 0;
#endif
}

void *xy_malloc(size_t n)
{
    if (should_fail())
        return noted(NULL);
    return noted(malloc(n ? n : 1));
}

void *xy_calloc(size_t count, size_t size)
{
    if (should_fail())
        return noted(NULL);
    return noted(calloc(count ? count : 1, size ? size : 1));
}

void *xy_realloc(void *p, size_t n)
{
    if (should_fail())
        return noted(NULL);
    return noted(realloc(p, n ? n : 1));
}

void xy_free(void *p)
{
    free(p);
}

char *xy_strndup(const char *s, size_t n)
{
    char *r = xy_malloc(n + 1);
    if (!r)
        return NULL;
    memcpy(r, s, n);
    r[n] = '\0';
    return r;
}

char *xy_strdup(const char *s)
{
    return xy_strndup(s, strlen(s));
}
