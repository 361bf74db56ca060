/* SPDX-License-Identifier: Apache-2.0 */
/* Kind dispatch and inference. An 18-character value can in principle pass both the USCC and the
 * RIC checks (an all-digit USCC whose digits also form a real birth date and MOD 11-2 check), so
 * inference checks every kind the length allows and reports which kinds passed. */
#include "core/idcheck.h"

#include <string.h>

#include "core/orgcode.h"
#include "core/ric.h"
#include "core/uscc.h"

static enum xy_id_rule check_as(const char *value, size_t len, enum xy_id_kind kind,
                                const struct xy_id_date *today, struct xy_id_result *res)
{
    switch (kind) {
    case XY_ID_KIND_RIC:
        return xy_ric_check(value, len, today, res);
    case XY_ID_KIND_ORGCODE:
        return xy_orgcode_check(value, len, res);
    case XY_ID_KIND_USCC:
    case XY_ID_KIND_ANY:
        break;
    }
    return xy_uscc_check(value, len, res);
}

/* At least one digit, then optionally a final X or x. */
static bool ric_shaped(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        bool last_x = i + 1 == n && (s[i] == 'X' || s[i] == 'x');
        if (!(s[i] >= '0' && s[i] <= '9') && !last_x)
            return false;
    }
    return n > 0 && s[0] >= '0' && s[0] <= '9';
}

/* The kind a normalised value's shape suggests. */
static enum xy_id_kind shape_kind(const char *s, size_t n)
{
    size_t chars = xy_id_char_count(s, n);

    if (chars == 15)
        return XY_ID_KIND_RIC;
    if (chars == 9 || (chars == 10 && memchr(s, '-', n) != NULL))
        return XY_ID_KIND_ORGCODE;
    return ric_shaped(s, n) ? XY_ID_KIND_RIC : XY_ID_KIND_USCC;
}

enum xy_id_rule xy_id_check(const char *value, size_t len, enum xy_id_kind kind,
                            const struct xy_id_date *today, struct xy_id_result *res)
{
    static const enum xy_id_kind kinds[] = {XY_ID_KIND_USCC, XY_ID_KIND_RIC, XY_ID_KIND_ORGCODE};
    char norm[XY_ID_NORM_SIZE];
    struct xy_id_result tried;
    enum xy_id_kind shape, first_valid = XY_ID_KIND_ANY;
    unsigned valid = 0;
    int nvalid = 0;
    size_t n;

    if (kind != XY_ID_KIND_ANY)
        return check_as(value, len, kind, today, res);

    if (xy_id_normalize(value, len, norm, sizeof norm, &n) != XY_ID_OK)
        n = 0;
    shape = shape_kind(norm, n);

    if (xy_uscc_is_placeholder(value, len)) {
        check_as(value, len, XY_ID_KIND_USCC, today, res);
        res->inference = XY_ID_INFER_UNIQUE;
        return res->rule;
    }
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if (check_as(value, len, kinds[i], today, &tried) == XY_ID_OK) {
            valid |= 1u << kinds[i];
            if (nvalid++ == 0)
                first_valid = kinds[i];
        }
    }

    check_as(value, len, nvalid == 1 ? first_valid : shape, today, res);
    res->valid_kinds = valid;
    if (nvalid == 1)
        res->inference = XY_ID_INFER_UNIQUE;
    else if (nvalid > 1)
        res->inference = XY_ID_INFER_AMBIGUOUS;
    else
        res->inference = XY_ID_INFER_GUESSED;
    return res->rule;
}
