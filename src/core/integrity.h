/* SPDX-License-Identifier: Apache-2.0 */
/* Government integrity (政务诚信): the rectification rate of government dishonesty events, the
 * demonstration-city review's hard indicator 3 (target 100 %, DOMAIN §7). Pure arithmetic over the
 * rectification codes of the catalogue's "rectification" list: 1 已整改 (rectified), 2 整改中 (in
 * progress), 3 未整改 (not rectified). */
#ifndef XY_INTEGRITY_H
#define XY_INTEGRITY_H

#include <stdint.h>

#define XY_INTEGRITY_TARGET_BP 10000 /* 100.00 %, in basis points */

struct xy_integrity_tally {
    int64_t events;
    int64_t rectified;
    int64_t in_progress;
    int64_t not_rectified; /* 未整改, and any event whose status is missing or unknown */
};

/* Counts one event with rectification code `status` (NULL or unknown: not rectified). */
void xy_integrity_add(struct xy_integrity_tally *t, const char *status);

/* The rectification rate, rectified ÷ events, in basis points (hundredths of a per cent), rounded
 * half up; -1 when there are no events. */
int xy_integrity_rate_bp(const struct xy_integrity_tally *t);

/* bp as a percentage with two decimals ("66.67"); "" when bp < 0. out holds 16 bytes. */
void xy_integrity_rate_text(int bp, char out[16]);

#endif
