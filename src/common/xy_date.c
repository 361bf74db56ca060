/* SPDX-License-Identifier: Apache-2.0 */
/* Date parsing in the forms department exports use, and civil-day arithmetic. */
#include "common/xy_date.h"

#include <stdio.h>
#include <string.h>

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

int xy_date_valid(int y, int m, int d)
{
    return y >= 1900 && y <= 2099 && m >= 1 && m <= 12 && d >= 1 && d <= month_days(y, m);
}

/* Reads 1..maxd ASCII digits at *p; returns the count read. */
static int digits(const char **p, const char *end, int maxd, int *val)
{
    int n = 0, v = 0;
    while (*p < end && n < maxd && **p >= '0' && **p <= '9') {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    *val = v;
    return n;
}

static int eat(const char **p, const char *end, const char *lit)
{
    size_t n = strlen(lit);
    if ((size_t)(end - *p) >= n && memcmp(*p, lit, n) == 0) {
        *p += n;
        return 1;
    }
    return 0;
}

int xy_date_parse(const char *s, size_t n, struct xy_date *out)
{
    const char *p = s, *end = s + n;
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    /* Spreadsheet exports often append a midnight time; anything else is not a date. */
    if (end - p > 9 && memcmp(end - 9, " 00:00:00", 9) == 0)
        end -= 9;
    int y, m, d;
    if (digits(&p, end, 4, &y) != 4)
        return -1;
    if (p == end)
        return -1;
    if (*p >= '0' && *p <= '9') {
        if (digits(&p, end, 2, &m) != 2 || digits(&p, end, 2, &d) != 2)
            return -1;
    } else if (*p == '-' || *p == '/') {
        char sep = *p++;
        if (digits(&p, end, 2, &m) < 1 || p == end || *p++ != sep || digits(&p, end, 2, &d) < 1)
            return -1;
    } else if (eat(&p, end, "年")) {
        if (digits(&p, end, 2, &m) < 1 || !eat(&p, end, "月") || digits(&p, end, 2, &d) < 1 ||
            !eat(&p, end, "日"))
            return -1;
    } else {
        return -1;
    }
    if (p != end || !xy_date_valid(y, m, d))
        return -1;
    out->y = y;
    out->m = m;
    out->d = d;
    return 0;
}

/* Howard Hinnant's days_from_civil. */
int32_t xy_date_to_days(struct xy_date dt)
{
    int y = dt.y - (dt.m <= 2);
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (dt.m + (dt.m > 2 ? -3 : 9)) + 2) / 5 + dt.d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

struct xy_date xy_date_from_days(int32_t z)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int y = yoe + era * 400;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int d = doy - (153 * mp + 2) / 5 + 1;
    int m = mp < 10 ? mp + 3 : mp - 9;
    struct xy_date r = {y + (m <= 2), m, d};
    return r;
}

struct xy_date xy_date_add_months(struct xy_date d, int months)
{
    int total = d.y * 12 + (d.m - 1) + months;
    struct xy_date r = {total / 12, total % 12 + 1, d.d};
    int last = month_days(r.y, r.m);
    if (r.d > last)
        r.d = last;
    return r;
}

void xy_date_format(struct xy_date d, char *out)
{
    unsigned y = (unsigned)d.y % 10000u, m = (unsigned)d.m % 100u, dd = (unsigned)d.d % 100u;
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + dd / 10);
    out[9] = (char)('0' + dd % 10);
    out[10] = '\0';
}

int xy_date_cmp(struct xy_date a, struct xy_date b)
{
    int32_t x = xy_date_to_days(a), y = xy_date_to_days(b);
    return x < y ? -1 : x > y;
}
