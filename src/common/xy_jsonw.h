/* SPDX-License-Identifier: Apache-2.0 */
/* A minimal JSON writer for the one hot path that emits a flat object of strings per record (the
 * import writes millions). Documents of any other shape are built with jansson. */
#ifndef XY_JSONW_H
#define XY_JSONW_H

#include <stddef.h>

#include "common/xy_buf.h"

/* Appends s[0..n) as a JSON string literal, quotes included. s must be valid UTF-8 (checked by the
 * caller); control characters are escaped. Returns XY_OK, XY_ENOMEM or XY_ETOOBIG. */
int xy_jsonw_str(struct xy_buf *b, const char *s, size_t n);

/* Appends `"key":"value"` to an object under construction: the opening brace when the buffer is empty
 * (the first member), a comma otherwise. Close with xy_jsonw_end(). */
int xy_jsonw_member(struct xy_buf *b, const char *key, const char *value, size_t n);

/* Closes the object ("{}" when it has no members). */
int xy_jsonw_end(struct xy_buf *b);

#endif
