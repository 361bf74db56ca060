/* SPDX-License-Identifier: Apache-2.0 */
/* Growable buffer with a maximum. */
#include "common/xy_buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/xy_alloc.h"
#include "common/xy_error.h"

void xy_buf_init(struct xy_buf *b, size_t max)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max;
}

void xy_buf_release(struct xy_buf *b)
{
    xy_free(b->data);
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

void xy_buf_reset(struct xy_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

static int reserve(struct xy_buf *b, size_t extra)
{
    if (extra > b->max || b->len > b->max - extra)
        return XY_ETOOBIG;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return XY_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > ((size_t)-1) / 2 ? need : cap * 2;
    if (cap > b->max + 1)
        cap = b->max + 1;
    char *p = xy_realloc(b->data, cap);
    if (!p)
        return XY_ENOMEM;
    b->data = p;
    b->cap = cap;
    return XY_OK;
}

int xy_buf_add(struct xy_buf *b, const void *p, size_t n)
{
    int rc = reserve(b, n);
    if (rc)
        return rc;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return XY_OK;
}

int xy_buf_addz(struct xy_buf *b, const char *s)
{
    return xy_buf_add(b, s, strlen(s));
}

int xy_buf_addc(struct xy_buf *b, char c)
{
    return xy_buf_add(b, &c, 1);
}

int xy_buf_printf(struct xy_buf *b, const char *fmt, ...)
{
    va_list ap;
    char small[256];
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return XY_EINVAL;
    if ((size_t)n < sizeof small)
        return xy_buf_add(b, small, (size_t)n);
    int rc = reserve(b, (size_t)n);
    if (rc)
        return rc;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return XY_OK;
}

char *xy_buf_take(struct xy_buf *b)
{
    char *p = b->data;
    if (!p)
        p = xy_strdup("");
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    return p;
}

const char *xy_buf_str(const struct xy_buf *b)
{
    return b->data ? b->data : "";
}
