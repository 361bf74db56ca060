/* SPDX-License-Identifier: Apache-2.0 */
/* The one allocation wrapper. Every allocation of the platform goes through it, so that a test build
 * (XY_FAULTS) can make the Nth allocation fail, as curl's torture mode does. */
#ifndef XY_ALLOC_H
#define XY_ALLOC_H

#include <stddef.h>

void *xy_malloc(size_t n);
void *xy_calloc(size_t count, size_t size);
void *xy_realloc(void *p, size_t n);
void xy_free(void *p); /* accepts NULL */

/* Caller owns the result; free with xy_free(). NULL on out of memory. */
char *xy_strdup(const char *s);
char *xy_strndup(const char *s, size_t n);

/* Whether an allocation failed on this thread since the last call (and clears it). Libraries that
 * allocate through this wrapper (jansson) report an allocation failure as something else, a syntax
 * error for instance: this tells the caller what really happened. */
int xy_alloc_failed(void);

/* Fault injection (XY_FAULTS builds only; elsewhere a no-op): the allocation numbered `nth`
 * (1-based, counted from this call) and every one after it fails. 0 turns it off. */
void xy_alloc_fail_at(long nth);
/* Allocations counted since the last xy_alloc_fail_at(). */
long xy_alloc_count(void);

#endif
