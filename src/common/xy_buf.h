/* SPDX-License-Identifier: Apache-2.0 */
/* A growable byte buffer with a maximum (curl's dynbuf): growing past the maximum is an ordinary
 * error, never a crash. The content is always NUL-terminated. */
#ifndef XY_BUF_H
#define XY_BUF_H

#include <stddef.h>

struct xy_buf {
    char *data; /* NULL until the first append */
    size_t len;
    size_t cap;
    size_t max; /* the most bytes the buffer may hold, excluding the terminator */
};

void xy_buf_init(struct xy_buf *b, size_t max);
void xy_buf_release(struct xy_buf *b); /* frees the data; the buffer may be used again */
void xy_buf_reset(struct xy_buf *b);   /* empties, keeps the memory */

/* Each returns XY_OK, XY_ENOMEM or XY_ETOOBIG; on error the buffer is unchanged. */
int xy_buf_add(struct xy_buf *b, const void *p, size_t n);
int xy_buf_addz(struct xy_buf *b, const char *s);
int xy_buf_addc(struct xy_buf *b, char c);
int xy_buf_printf(struct xy_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Hands the data to the caller, who frees it with xy_free(); the buffer is left empty. Returns an
 * empty allocated string for an empty buffer, NULL on out of memory. */
char *xy_buf_take(struct xy_buf *b);

/* The content, "" when empty. Valid until the next change. */
const char *xy_buf_str(const struct xy_buf *b);

#endif
