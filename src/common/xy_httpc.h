/* SPDX-License-Identifier: Apache-2.0 */
/* A small HTTP client on libcurl, for what the platform sends to others (changes pushed to an upper
 * platform). Only this module includes curl.h; the app calls it, the server never does. */
#ifndef XY_HTTPC_H
#define XY_HTTPC_H

#include <stddef.h>

#include "common/xy_buf.h"
#include "common/xy_error.h"

/* POSTs body (len bytes of JSON) to url with "Authorization: Bearer <bearer>", waiting at most
 * connect_s seconds for the connection and total_s for the whole exchange. OUT: *status (the HTTP
 * status answered), resp (initialised by the caller, whose maximum bounds the answer kept: a longer
 * one is an error). Returns XY_OK when an answer came, whatever its status; XY_EIO when none did
 * (refused, timed out, cut off), err saying why in curl's words; XY_ETOOBIG when the answer is over
 * resp's maximum. Thread-safe; each call uses its own handle. */
int xy_httpc_post_json(const char *url, const char *bearer, const char *body, size_t len, long connect_s,
                       long total_s, long *status, struct xy_buf *resp, struct xy_error *err);

/* The same with more header lines ("Name: value", a NULL-terminated array); bearer NULL: no
 * Authorization header (a signed webhook, its signature in those lines). */
int xy_httpc_post_json_h(const char *url, const char *bearer, const char *const *headers, const char *body, size_t len,
                         long connect_s, long total_s, long *status, struct xy_buf *resp, struct xy_error *err);

/* GETs url with "Authorization: Bearer <bearer>"; the rest as xy_httpc_post_json. */
int xy_httpc_get(const char *url, const char *bearer, long connect_s, long total_s, long *status, struct xy_buf *resp,
                 struct xy_error *err);

#endif
