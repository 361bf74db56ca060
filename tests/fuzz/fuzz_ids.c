/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target: identifier parsing. The whole input is a value as typed; it is checked as every
 * kind (USCC, resident ID number, organisation code, and inferred), and the results are held to
 * what idcheck.h promises: inference agrees with the forced checks, a valid value stays valid
 * (with the same normal form) when its normal form is checked again, a legacy number's upgrade is
 * itself valid, and no output string runs past its buffer. The input is also scanned as free text
 * (core/idscan.h): every number found lies inside the text, after the one before, is a valid
 * number of 15 or 18 characters with its mask beside it, and the masked text is never longer. */
#include <string.h>

#include "common/xy_buf.h"
#include "common/xy_error.h"
#include "core/idcheck.h"
#include "core/idscan.h"
#include "core/ric.h"
#include "fuzz_check.h"

static void check_strings(const struct xy_id_result *res)
{
    FUZZ_CHECK(memchr(res->normalized, '\0', sizeof res->normalized) != NULL);
    /* A NUL in the input stays in the normal form (and fails the charset rule). */
    FUZZ_CHECK(res->normalized_len < sizeof res->normalized && res->normalized[res->normalized_len] == '\0');
    if (res->rule == XY_ID_OK)
        FUZZ_CHECK(strlen(res->normalized) == res->normalized_len);
    FUZZ_CHECK(memchr(res->upgraded, '\0', sizeof res->upgraded) != NULL);
    FUZZ_CHECK(res->rule <= XY_ID_RULE_CHECKSUM);
}

struct scan {
    size_t size, end, n;
    const struct xy_id_date *today;
};

static int on_hit(void *ctx, const struct xy_idscan_hit *h)
{
    struct scan *s = ctx;
    struct xy_id_result res;
    size_t len = strlen(h->number);
    FUZZ_CHECK(h->off >= s->end && h->len > 0 && h->off + h->len <= s->size);
    FUZZ_CHECK(len == 18 || len == 15);
    FUZZ_CHECK(h->len >= len);
    FUZZ_CHECK(xy_ric_check(h->number, len, s->today, &res) == XY_ID_OK);
    FUZZ_CHECK(strlen(h->masked) == len && memcmp(h->masked + len - 4, h->number + len - 4, 4) == 0);
    s->end = h->off + h->len;
    s->n++;
    return 0;
}

static void check_scan(const char *v, size_t size, const struct xy_id_date *today)
{
    for (int forms = XY_IDSCAN_ALL; forms <= XY_IDSCAN_ONLY_18; forms++) {
        struct scan s = {.size = size, .today = today};
        struct xy_buf out;
        size_t found = 0;
        FUZZ_CHECK(xy_idscan(v, size, forms, today, on_hit, &s) == s.n);
        xy_buf_init(&out, size + 1);
        FUZZ_CHECK(xy_idscan_mask(v, size, forms, today, &out, &found) == XY_OK);
        FUZZ_CHECK(found == s.n && out.len <= size && (found || (out.len == size && !memcmp(out.data, v, size))));
        xy_buf_release(&out);
    }
    xy_idscan_cell(v, size, today);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const enum xy_id_kind kinds[] = {XY_ID_KIND_USCC, XY_ID_KIND_RIC, XY_ID_KIND_ORGCODE};
    const struct xy_id_date today = {2025, 6, 30};
    const char *v = (const char *)data;
    struct xy_id_result res, again, any;
    unsigned valid = 0;

    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
        enum xy_id_rule rule = xy_id_check(v, size, kinds[i], &today, &res);
        FUZZ_CHECK(rule == res.rule);
        FUZZ_CHECK(res.kind == kinds[i]);
        FUZZ_CHECK(res.inference == XY_ID_INFER_FORCED);
        check_strings(&res);
        if (rule != XY_ID_OK)
            continue;
        valid |= 1u << kinds[i];
        /* Normalising is idempotent as far as validity goes. */
        FUZZ_CHECK(xy_id_check(res.normalized, res.normalized_len, kinds[i], &today, &again) == XY_ID_OK);
        FUZZ_CHECK(strcmp(again.normalized, res.normalized) == 0);
        if (kinds[i] == XY_ID_KIND_RIC) {
            struct xy_ric_parts parts;
            char masked[80];
            FUZZ_CHECK(xy_ric_decode(res.normalized, res.normalized_len, &parts) == 0);
            FUZZ_CHECK(xy_ric_mask(res.normalized, res.normalized_len, masked, sizeof masked) == 0);
            FUZZ_CHECK(strlen(masked) == res.normalized_len);
            if (res.upgraded[0]) {
                FUZZ_CHECK(strlen(res.upgraded) == 18);
                FUZZ_CHECK(xy_id_check(res.upgraded, 18, XY_ID_KIND_RIC, &today, &again) == XY_ID_OK);
            }
        }
    }

    check_scan(v, size, &today);
    xy_id_check(v, size, XY_ID_KIND_ANY, &today, &any);
    check_strings(&any);
    FUZZ_CHECK(any.kind == XY_ID_KIND_USCC || any.kind == XY_ID_KIND_RIC || any.kind == XY_ID_KIND_ORGCODE);
    if (any.placeholder) {
        FUZZ_CHECK(any.kind == XY_ID_KIND_USCC && any.rule == XY_ID_RULE_CATEGORY);
    } else {
        FUZZ_CHECK(any.valid_kinds == valid);
        FUZZ_CHECK((any.rule == XY_ID_OK) == (valid != 0));
        if (any.rule == XY_ID_OK)
            FUZZ_CHECK(valid & (1u << any.kind));
    }

    /* Normalisation into buffers of every small size: never past the end, "" when it does not fit. */
    for (size_t outsize = 1; outsize <= 20; outsize += 19) {
        char *out = malloc(outsize);
        size_t n = 0;
        if (!out)
            return 0;
        if (xy_id_normalize(v, size, out, outsize, &n) == XY_ID_OK)
            FUZZ_CHECK(n < outsize && out[n] == '\0' && strlen(out) <= n);
        else
            FUZZ_CHECK(out[0] == '\0');
        free(out);
    }
    return 0;
}
