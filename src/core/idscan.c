/* SPDX-License-Identifier: Apache-2.0 */
/* The ID number scanner (idscan.h). The text is read as "groups": maximal runs of digits, the last
 * possibly ending in an X. Groups joined by exactly one separator form a chain; from each group a
 * candidate takes the groups that follow until it has 15 or 18 digits. No allocation: a candidate
 * spans at most 18 groups, each parsed again from its offset, so a scan is linear in the text. */
#include "core/idscan.h"

#include <string.h>

#include "common/xy_error.h"
#include "core/ric.h"
#include "core/uscc.h"

/* The ASCII digit at t[i] (ASCII, or full-width EF BC 90-99), its width in *w; -1 when none. */
static int digit_at(const unsigned char *t, size_t i, size_t len, size_t *w)
{
    if (t[i] >= '0' && t[i] <= '9') {
        *w = 1;
        return t[i];
    }
    if (i + 3 <= len && t[i] == 0xEF && t[i + 1] == 0xBC && t[i + 2] >= 0x90 && t[i + 2] <= 0x99) {
        *w = 3;
        return '0' + (t[i + 2] - 0x90);
    }
    return -1;
}

/* Width of an X at t[i]: X, x, Ｘ (EF BC B8), ｘ (EF BD 98); 0 when none. */
static size_t x_at(const unsigned char *t, size_t i, size_t len)
{
    if (t[i] == 'X' || t[i] == 'x')
        return 1;
    if (i + 3 <= len && t[i] == 0xEF &&
        ((t[i + 1] == 0xBC && t[i + 2] == 0xB8) || (t[i + 1] == 0xBD && t[i + 2] == 0x98)))
        return 3;
    return 0;
}

/* Width of a separator at t[i]: space, '-', U+3000 (E3 80 80), U+00A0 (C2 A0), '－' (EF BC 8D). */
static size_t sep_at(const unsigned char *t, size_t i, size_t len)
{
    if (t[i] == ' ' || t[i] == '-')
        return 1;
    if (i + 2 <= len && t[i] == 0xC2 && t[i + 1] == 0xA0)
        return 2;
    if (i + 3 <= len && ((t[i] == 0xE3 && t[i + 1] == 0x80 && t[i + 2] == 0x80) ||
                         (t[i] == 0xEF && t[i + 1] == 0xBC && t[i + 2] == 0x8D)))
        return 3;
    return 0;
}

/* A digit ends just before t[i] (ASCII or full-width). */
static int digit_before(const unsigned char *t, size_t i)
{
    if (i >= 1 && t[i - 1] >= '0' && t[i - 1] <= '9')
        return 1;
    return i >= 3 && t[i - 3] == 0xEF && t[i - 2] == 0xBC && t[i - 1] >= 0x90 && t[i - 1] <= 0x99;
}

struct group {
    size_t start, end; /* bytes, the X included */
    size_t ndigits;    /* may exceed 18: then only the first 18 are in digits */
    char digits[18];
    int has_x;
    size_t next; /* start of the next group of the chain, or 0 when the chain ends here */
};

/* Reads the group starting at t[i] (a digit not preceded by one). */
static void read_group(const unsigned char *t, size_t i, size_t len, struct group *g)
{
    size_t w;
    int d;
    memset(g, 0, sizeof *g);
    g->start = i;
    while (i < len && (d = digit_at(t, i, len, &w)) >= 0) {
        if (g->ndigits < sizeof g->digits)
            g->digits[g->ndigits] = (char)d;
        g->ndigits++;
        i += w;
    }
    if (i < len && (w = x_at(t, i, len)) > 0) {
        g->has_x = 1;
        g->end = i + w;
        return; /* an X ends a chain */
    }
    g->end = i;
    if (i < len && (w = sep_at(t, i, len)) > 0 && i + w < len && digit_at(t, i + w, len, &(size_t){0}) >= 0)
        g->next = i + w;
}

/* The number formed from the groups starting at `start`, or 0 when none. OUT: *hit. */
static int candidate(const unsigned char *t, size_t start, size_t len, enum xy_idscan_forms forms,
                     const struct xy_id_date *today, struct xy_idscan_hit *hit)
{
    char num[19];
    size_t count = 0, end15 = 0;
    int have15 = 0;
    struct group g;
    struct xy_id_result res;
    size_t at = start;
    for (;;) {
        read_group(t, at, len, &g);
        if (count + g.ndigits > 18)
            break;
        memcpy(num + count, g.digits, g.ndigits);
        count += g.ndigits;
        if (g.has_x) {
            if (count == 17) {
                num[17] = 'X';
                num[18] = '\0';
                if (xy_ric_check(num, 18, today, &res) == XY_ID_OK) {
                    hit->len = g.end - start;
                    memcpy(hit->number, num, 19);
                    goto found;
                }
            }
            break;
        }
        if (count == 18) {
            num[18] = '\0';
            if (xy_ric_check(num, 18, today, &res) == XY_ID_OK) {
                hit->len = g.end - start;
                memcpy(hit->number, num, 19);
                goto found;
            }
            break;
        }
        if (count == 15 && forms == XY_IDSCAN_ALL) {
            num[15] = '\0';
            if (xy_ric_check(num, 15, today, &res) == XY_ID_OK) {
                have15 = 1;
                end15 = g.end;
                memcpy(hit->number, num, 16);
            }
        }
        if (!g.next)
            break;
        at = g.next;
    }
    if (!have15)
        return 0;
    hit->len = end15 - start;
found:
    hit->off = start;
    if (xy_ric_mask(hit->number, strlen(hit->number), hit->masked, sizeof hit->masked))
        hit->masked[0] = '\0';
    return 1;
}

size_t xy_idscan(const char *text, size_t len, enum xy_idscan_forms forms, const struct xy_id_date *today,
                 xy_idscan_fn fn, void *ctx)
{
    const unsigned char *t = (const unsigned char *)text;
    size_t found = 0, w;
    for (size_t i = 0; i < len;) {
        /* Most bytes can start no digit (neither an ASCII digit nor the lead byte of a full-width
         * one): passed over here without a call. Every public answer's text goes through this loop,
         * and it was a tenth of a lookup that missed the answer cache. */
        while (i < len && (unsigned)(t[i] - '0') > 9u && t[i] != 0xEF)
            i++;
        if (i >= len)
            break;
        if (digit_at(t, i, len, &w) < 0 || digit_before(t, i)) {
            i++;
            continue;
        }
        struct xy_idscan_hit hit;
        if (candidate(t, i, len, forms, today, &hit)) {
            found++;
            if (fn && fn(ctx, &hit))
                break;
            i = hit.off + hit.len;
        } else {
            i += w;
        }
    }
    return found;
}

struct masking {
    const char *text;
    struct xy_buf *out;
    size_t done; /* bytes of text copied or replaced */
    int rc;
};

static int on_hit(void *ctx, const struct xy_idscan_hit *hit)
{
    struct masking *m = ctx;
    m->rc = xy_buf_add(m->out, m->text + m->done, hit->off - m->done);
    if (!m->rc)
        m->rc = xy_buf_addz(m->out, hit->masked);
    m->done = hit->off + hit->len;
    return m->rc;
}

int xy_idscan_mask(const char *text, size_t len, enum xy_idscan_forms forms, const struct xy_id_date *today,
                   struct xy_buf *out, size_t *found)
{
    struct masking m = {.text = text, .out = out};
    size_t n = xy_idscan(text, len, forms, today, on_hit, &m);
    if (found)
        *found = n;
    if (!m.rc)
        m.rc = xy_buf_add(out, text + m.done, len - m.done);
    if (!m.rc && !out->data)
        m.rc = xy_buf_addz(out, ""); /* an empty text is still a string */
    return m.rc;
}

int xy_idscan_cell(const char *value, size_t len, const struct xy_id_date *today)
{
    char s[XY_ID_NORM_SIZE];
    size_t n = 0, digits = 0;
    struct xy_id_result res;
    if (xy_id_normalize(value, len, s, sizeof s, &n) != XY_ID_OK)
        return 0;
    if (xy_ric_check(s, n, today, &res) == XY_ID_OK)
        return 1;
    /* A mistyped number still starts with a province: the placeholder 00000000000000000X does not. */
    const struct xy_province *prov = n == 18 ? xy_region_province(s) : NULL;
    if (!prov || prov->national)
        return 0;
    while (digits < 17 && s[digits] >= '0' && s[digits] <= '9')
        digits++;
    if (digits < 17 || !((s[17] >= '0' && s[17] <= '9') || s[17] == 'X' || s[17] == 'x'))
        return 0;
    return xy_uscc_check(s, n, NULL) != XY_ID_OK;
}
