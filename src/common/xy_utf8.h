/* SPDX-License-Identifier: Apache-2.0 */
/* UTF-8 helpers: validation, code point counting and decoding. */
#ifndef XY_UTF8_H
#define XY_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Returns 1 when p[0..n) is well-formed UTF-8 (no overlongs, no surrogates, at most U+10FFFF). */
int xy_utf8_valid(const char *p, size_t n);

/* Number of code points in valid UTF-8. */
size_t xy_utf8_count(const char *p, size_t n);

/* Decodes one code point at *p (valid UTF-8 assumed, n > 0); advances *p. */
uint32_t xy_utf8_next(const char **p, const char *end);

/* Encodes cp into out (at least 4 bytes); returns the byte count. */
size_t xy_utf8_put(uint32_t cp, char *out);

/* Byte offset of the start of the code point that begins at or before `off`. */
size_t xy_utf8_floor(const char *p, size_t off);

/* The length of s's first max bytes at most, never ending inside a UTF-8 character: the precision
 * for "%.*s" when quoting text from outside in a message. */
int xy_utf8_cut(const char *s, size_t max);

#endif
