/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target: the working-day calendar file (xy_calendar_parse), as `xinyong calendar import` and
 * PUT /api/v1/admin/calendar take it from outside. Beyond "no crash": a refused file leaves the
 * calendar exactly as it was (all or nothing) with a message; an accepted one leaves the days sorted
 * and unique, every adjusted working day on a weekend, and the arithmetic consistent: the n-th
 * working day after a day is a working day, n working days after it. */
#include <string.h>

#include "common/xy_alloc.h"
#include "core/workday.h"
#include "fuzz_check.h"

static int weekend(struct xy_date d)
{
    int w = (int)(((xy_date_to_days(d) % 7) + 7 + 4) % 7); /* 1970-01-01 was a Thursday */
    return w == 0 || w == 6;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct xy_calendar cal;
    struct xy_error err = {0};
    xy_calendar_init(&cal);
    /* Two days there before the file: they must survive a refused file unchanged. */
    FUZZ_CHECK(xy_calendar_set(&cal, (struct xy_date){2026, 10, 1}, XY_DAY_HOLIDAY, "国庆节", "National Day", &err) == 0);
    FUZZ_CHECK(xy_calendar_set(&cal, (struct xy_date){2026, 10, 10}, XY_DAY_WORKDAY, "国庆节", "National Day", &err) == 0);
    struct xy_day_exception before[2];
    memcpy(before, cal.days, sizeof before);

    int rc = xy_calendar_parse(&cal, (const char *)data, size, &err);
    if (rc) {
        FUZZ_CHECK(rc == XY_EINVAL || rc == XY_ENOMEM);
        FUZZ_CHECK(err.msg[0] != '\0');
        FUZZ_CHECK(cal.n == 2 && memcmp(cal.days, before, sizeof before) == 0);
    } else {
        for (size_t i = 0; i < cal.n; i++) {
            FUZZ_CHECK(xy_date_valid(cal.days[i].day.y, cal.days[i].day.m, cal.days[i].day.d));
            FUZZ_CHECK(i == 0 || xy_date_cmp(cal.days[i - 1].day, cal.days[i].day) < 0);
            FUZZ_CHECK(cal.days[i].kind == XY_DAY_HOLIDAY || weekend(cal.days[i].day));
            FUZZ_CHECK(memchr(cal.days[i].name_zh, '\0', sizeof cal.days[i].name_zh) != NULL);
            FUZZ_CHECK(memchr(cal.days[i].name_en, '\0', sizeof cal.days[i].name_en) != NULL);
        }
        /* From each stored day, a short limit lands on a working day that many working days on. */
        for (size_t i = 0; i < cal.n && i < 64; i++) {
            struct xy_date from = cal.days[i].day;
            if (from.y >= 2098)
                continue;
            for (int k = 1; k <= 3; k++) {
                struct xy_date to = xy_calendar_add_workdays(&cal, from, k);
                FUZZ_CHECK(xy_calendar_is_workday(&cal, to));
                FUZZ_CHECK(xy_calendar_workdays_between(&cal, from, to) == k);
            }
        }
    }
    xy_calendar_free(&cal);
    return 0;
}
