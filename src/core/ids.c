/* SPDX-License-Identifier: Apache-2.0 */
/* Names, normalisation and date helpers shared by the identifier checks. */
#include "core/ids.h"

#include <string.h>

const char *xy_id_kind_name(enum xy_id_kind kind)
{
    switch (kind) {
    case XY_ID_KIND_ANY:
        return "any";
    case XY_ID_KIND_USCC:
        return "uscc";
    case XY_ID_KIND_RIC:
        return "ric";
    case XY_ID_KIND_ORGCODE:
        return "orgcode";
    }
    return "?";
}

int xy_id_kind_parsez(const char *name, enum xy_id_kind *kind)
{
    static const enum xy_id_kind kinds[] = {XY_ID_KIND_USCC, XY_ID_KIND_RIC, XY_ID_KIND_ORGCODE};

    if (name == NULL)
        return -1;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if (strcmp(name, xy_id_kind_name(kinds[i])) == 0) {
            *kind = kinds[i];
            return 0;
        }
    }
    return -1;
}

const char *xy_id_rule_name(enum xy_id_rule rule)
{
    switch (rule) {
    case XY_ID_OK:
        return "ok";
    case XY_ID_RULE_LENGTH:
        return "length";
    case XY_ID_RULE_CHARSET:
        return "charset";
    case XY_ID_RULE_CATEGORY:
        return "category";
    case XY_ID_RULE_REGION:
        return "region";
    case XY_ID_RULE_BIRTHDATE:
        return "birthdate";
    case XY_ID_RULE_CHECKSUM:
        return "checksum";
    }
    return "?";
}

/* Width in bytes of a blank at s[i] (ASCII space, tab, or U+3000 = E3 80 80), or 0. */
static size_t blank_at(const unsigned char *s, size_t i, size_t len)
{
    if (s[i] == ' ' || s[i] == '\t')
        return 1;
    if (i + 3 <= len && s[i] == 0xE3 && s[i + 1] == 0x80 && s[i + 2] == 0x80)
        return 3;
    return 0;
}

/* Width of a blank ending just before s[end], or 0. */
static size_t blank_before(const unsigned char *s, size_t start, size_t end)
{
    if (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t'))
        return 1;
    if (end >= start + 3 && s[end - 3] == 0xE3 && s[end - 2] == 0x80 && s[end - 1] == 0x80)
        return 3;
    return 0;
}

/* The ASCII character a full-width form at s[i] (EF BC xx / EF BD xx) folds to, or 0. */
static char fold_fullwidth(const unsigned char *s, size_t i, size_t end)
{
    if (i + 3 > end || s[i] != 0xEF)
        return 0;
    unsigned char b1 = s[i + 1], b2 = s[i + 2];
    if (b1 == 0xBC) {
        if (b2 >= 0x90 && b2 <= 0x99) /* U+FF10-FF19 */
            return (char)('0' + (b2 - 0x90));
        if (b2 >= 0xA1 && b2 <= 0xBA) /* U+FF21-FF3A */
            return (char)('A' + (b2 - 0xA1));
        if (b2 == 0x8D) /* U+FF0D */
            return '-';
    } else if (b1 == 0xBD) {
        if (b2 >= 0x81 && b2 <= 0x9A) /* U+FF41-FF5A */
            return (char)('a' + (b2 - 0x81));
    }
    return 0;
}

enum xy_id_rule xy_id_normalize(const char *in, size_t len, char *out, size_t outsize,
                                size_t *out_len)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t start = 0, end = len, n = 0;

    if (out_len != NULL)
        *out_len = 0;
    if (outsize == 0)
        return XY_ID_RULE_LENGTH;
    out[0] = '\0';
    if (in == NULL)
        return XY_ID_OK;

    while (start < end) {
        size_t w = blank_at(s, start, end);
        if (w == 0)
            break;
        start += w;
    }
    while (end > start) {
        size_t w = blank_before(s, start, end);
        if (w == 0)
            break;
        end -= w;
    }

    for (size_t i = start; i < end;) {
        char c = fold_fullwidth(s, i, end);
        if (c != 0) {
            i += 3;
        } else {
            c = (char)s[i];
            i++;
        }
        if (n + 1 >= outsize) {
            out[0] = '\0';
            return XY_ID_RULE_LENGTH;
        }
        out[n++] = c;
    }
    out[n] = '\0';
    if (out_len != NULL)
        *out_len = n;
    return XY_ID_OK;
}

size_t xy_id_char_count(const char *s, size_t len)
{
    size_t n = 0;

    for (size_t i = 0; i < len; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    }
    return n;
}

void xy_id_result_init(struct xy_id_result *res, enum xy_id_kind kind)
{
    memset(res, 0, sizeof *res);
    res->kind = kind;
    res->rule = XY_ID_OK;
    res->inference = XY_ID_INFER_FORCED;
}
