/* SPDX-License-Identifier: Apache-2.0 */
/* Calendar dates as departments write them, and day arithmetic (proleptic Gregorian). */
#ifndef XY_DATE_H
#define XY_DATE_H

#include <stddef.h>
#include <stdint.h>

struct xy_date {
    int y, m, d;
};

/* Returns 1 when y-m-d is a real date between 1900-01-01 and 2099-12-31. */
int xy_date_valid(int y, int m, int d);

/* Parses YYYY-MM-DD, YYYY/M/D, YYYYMMDD and YYYY年M月D日 (one- or two-digit month and day in the
 * separated forms; surrounding spaces allowed), and a trailing " 00:00:00" time that exports add.
 * Returns 0 and fills out, or -1 when the text is not a date in these forms or the date is not real. */
int xy_date_parse(const char *s, size_t n, struct xy_date *out);

/* Days since 1970-01-01 (negative before). */
int32_t xy_date_to_days(struct xy_date d);
struct xy_date xy_date_from_days(int32_t days);

/* Adds months, clamping the day to the month's end (2020-01-31 + 1 month = 2020-02-29). */
struct xy_date xy_date_add_months(struct xy_date d, int months);

/* Writes "YYYY-MM-DD" into out (at least 11 bytes). */
void xy_date_format(struct xy_date d, char *out);

/* -1, 0 or 1 as a is before, equal to or after b. */
int xy_date_cmp(struct xy_date a, struct xy_date b);

#endif
