/* SPDX-License-Identifier: Apache-2.0 */
/* The platform's one clock. Every "now" and "today" the platform uses comes from a struct xy_clock
 * that a front end sets up and passes in: the real time, or a fixed day for tests and replays. No
 * other file reads the wall clock (scripts/check-src enforces it). */
#ifndef XY_CLOCK_H
#define XY_CLOCK_H

#include <stdint.h>

#include "common/xy_date.h"
#include "common/xy_error.h"

enum xy_clock_kind {
    XY_CLOCK_REAL = 0, /* the system's time */
    XY_CLOCK_FIXED,    /* a given day */
    XY_CLOCK_FILE      /* the day written in a file, read at each call (a test moves a running server on) */
};

/* A fixed clock starts at 09:00 China Standard Time on its day and runs with the process, stopping
 * at 23:00, so that times still order events while the day never changes under a test. */
struct xy_clock {
    enum xy_clock_kind kind;
    struct xy_date day;   /* XY_CLOCK_FIXED; XY_CLOCK_FILE: the day the file held at start */
    int64_t started_ns;   /* monotonic time at xy_clock_init (fixed and file clocks) */
    char path[512];       /* XY_CLOCK_FILE */
};

/* Sets up c from spec: NULL or "" for the real clock, "YYYY-MM-DD" for that day, "@PATH" for the day
 * held in the file PATH (which must exist and hold a date now). Errors: XY_EINVAL naming the spec. */
int xy_clock_init(struct xy_clock *c, const char *spec, struct xy_error *err);

/* The real clock, for programs and tests that want no choice. */
void xy_clock_real(struct xy_clock *c);

/* Seconds since 1970-01-01T00:00:00Z. */
int64_t xy_clock_unix(const struct xy_clock *c);

/* Today in the platform's time zone, China Standard Time (UTC+8): decisions are dated in Beijing time. */
struct xy_date xy_clock_today(const struct xy_clock *c);

/* Now as an ISO 8601 UTC timestamp, "YYYY-MM-DDTHH:MM:SSZ". OUT: out (32 bytes). */
void xy_clock_stamp(const struct xy_clock *c, char out[32]);

/* Formats a time as xy_clock_stamp does. OUT: out (32 bytes). */
void xy_clock_format(int64_t unix_s, char out[32]);

#endif
