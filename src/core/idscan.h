/* SPDX-License-Identifier: Apache-2.0 */
/* Personal ID numbers (公民身份号码, GB 11643) wherever they are written: found in free text, masked
 * as ID fields are masked. The one rule for "is there an ID number in this text"; the import masks
 * and seals what it finds, the answers mask what older records still hold, the rejects mask what a
 * rejected row holds. Pure: today comes in as an argument. docs/privacy-ids.md.
 *
 * What counts as a number (each checked with xy_ric_check(): a province-level address code, a real
 * birth date from 1900-01-01 to today and, for 18 digits, the MOD 11-2 check character):
 *   - 18 digits, or 17 digits and X/x; 15 digits (the legacy form);
 *   - digits ASCII or full-width (U+FF10-FF19), X also full-width (Ｘ, ｘ);
 *   - written as one run of digits that is not part of a longer run, or split into groups by single
 *     separators (ASCII space, U+3000, no-break space, '-' or '－'), the groups together 15 or 18
 *     digits: "4201 0319 8812 0305 12", "420103-19881203-0512". X may only end the last group.
 * Where groups allow both, an 18-digit number is preferred to a 15-digit one. */
#ifndef XY_IDSCAN_H
#define XY_IDSCAN_H

#include <stddef.h>

#include "common/xy_buf.h"
#include "core/ids.h"

/* Which forms a scan looks for. */
enum xy_idscan_forms {
    XY_IDSCAN_ALL = 0,    /* 18 and 15 digits */
    XY_IDSCAN_ONLY_18 = 1, /* 18 only: for fields whose own values look like the legacy form
                              (15-digit business registration numbers) */
};

struct xy_idscan_hit {
    size_t off, len; /* the bytes of the text the number spans, separators included */
    char number[19]; /* as written, in ASCII, separators dropped, X upper case: 18 or 15 characters */
    char masked[19]; /* number masked as ID fields are (xy_ric_mask): 4201**********0512 */
};

/* Called for each number found, in text order; non-zero stops the scan. */
typedef int (*xy_idscan_fn)(void *ctx, const struct xy_idscan_hit *hit);

/* Scans text[0..len) (UTF-8; invalid bytes are simply not digits). fn may be NULL (count only).
 * Returns the number of numbers found (up to and including the one fn stopped at). */
size_t xy_idscan(const char *text, size_t len, enum xy_idscan_forms forms, const struct xy_id_date *today,
                 xy_idscan_fn fn, void *ctx);

/* Appends text[0..len) to out with each number found replaced by its masked form. OUT: *found
 * (may be NULL), the count. Returns XY_OK, XY_ENOMEM or XY_ETOOBIG (out's maximum); on error out
 * may hold part of the text. */
int xy_idscan_mask(const char *text, size_t len, enum xy_idscan_forms forms, const struct xy_id_date *today,
                   struct xy_buf *out, size_t *found);

/* 1 when a whole cell (as typed: trimmed and full-width folded first) is an ID number or, at 18
 * characters, has the shape of one (a province-level address code, 17 digits then a digit or X)
 * without being a valid unified social credit code: a mistyped number is still personal data.
 * What a rejected row shows masked whole. */
int xy_idscan_cell(const char *value, size_t len, const struct xy_id_date *today);

#endif
