/* SPDX-License-Identifier: Apache-2.0 */
/* The one place that reads the wall clock (see xy_clock.h). */
#include "common/xy_clock.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define CST_OFFSET (8 * 3600)
#define FIXED_START (9 * 3600) /* 09:00 in Beijing */
#define FIXED_SPAN (14 * 3600) /* ... running until 23:00 */

static int64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int read_day(const char *path, struct xy_date *d)
{
    char buf[40];
    FILE *f = fopen(path, "r");
    size_t n;
    if (!f)
        return -1;
    n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' '))
        n--;
    return n ? xy_date_parse(buf, n, d) : -1;
}

void xy_clock_real(struct xy_clock *c)
{
    memset(c, 0, sizeof *c);
    c->kind = XY_CLOCK_REAL;
}

int xy_clock_init(struct xy_clock *c, const char *spec, struct xy_error *err)
{
    xy_clock_real(c);
    if (!spec || !*spec)
        return XY_OK;
    c->started_ns = mono_ns();
    if (spec[0] == '@') {
        struct xy_date d;
        if (strlen(spec + 1) >= sizeof c->path)
            return xy_error_set(err, XY_EINVAL, "时钟文件名过长 (clock file name too long)");
        if (read_day(spec + 1, &d))
            return xy_error_set(err, XY_EINVAL, "时钟文件 %1$s 中不是日期（YYYY-MM-DD） (clock file %1$s does not hold a date (YYYY-MM-DD))", spec + 1);
        memcpy(c->path, spec + 1, strlen(spec + 1) + 1);
        c->day = d;
        c->kind = XY_CLOCK_FILE;
        return XY_OK;
    }
    if (xy_date_parse(spec, strlen(spec), &c->day))
        return xy_error_set(err, XY_EINVAL, "时钟日期“%1$.40s”不是日期（YYYY-MM-DD） (clock day '%1$.40s' is not a date (YYYY-MM-DD))", spec);
    c->kind = XY_CLOCK_FIXED;
    return XY_OK;
}

int64_t xy_clock_unix(const struct xy_clock *c)
{
    struct xy_date day;
    int64_t run;
    if (c->kind == XY_CLOCK_REAL)
        return (int64_t)time(NULL);
    day = c->day;
    /* A clock file that went missing or bad: the day it held at start. */
    if (c->kind == XY_CLOCK_FILE && read_day(c->path, &day))
        day = c->day;
    run = (mono_ns() - c->started_ns) / 1000000000;
    if (run > FIXED_SPAN)
        run = FIXED_SPAN;
    return (int64_t)xy_date_to_days(day) * 86400 + FIXED_START - CST_OFFSET + run;
}

struct xy_date xy_clock_today(const struct xy_clock *c)
{
    int64_t t = xy_clock_unix(c) + CST_OFFSET;
    int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    return xy_date_from_days((int32_t)days);
}

void xy_clock_format(int64_t unix_s, char out[32])
{
    time_t t = (time_t)unix_s;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void xy_clock_stamp(const struct xy_clock *c, char out[32])
{
    /* The server stamps every request: formatted once a second per thread. */
    static _Thread_local int64_t last = -1;
    static _Thread_local char text[32];
    int64_t t = xy_clock_unix(c);
    if (t != last) {
        xy_clock_format(t, text);
        last = t;
    }
    memcpy(out, text, 32);
}
