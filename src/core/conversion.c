/* SPDX-License-Identifier: Apache-2.0 */
/* The code conversion register (conversion.h): a list row checked, and the register judged as of an
 * instant. A code whose check character does not match is stored and counted, never refused: the
 * duplicate and wrong code rate (重错码率) exists to show such codes. */
#include "core/conversion.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xy_alloc.h"
#include "common/xy_date.h"
#include "common/xy_utf8.h"
#include "core/orgcode.h"
#include "core/uscc.h"

static const struct {
    const char *typed, *key;
} authorities[] = {
    {"9", "9"},       {"市场监管", "9"}, {"市场监督管理", "9"}, {"工商", "9"}, {"5", "5"}, {"民政", "5"},
    {"1", "1"},       {"机构编制", "1"}, {"编办", "1"},         {"8", "8"},    {"工会", "8"}, {"other", "other"},
    {"其他", "other"}, {"2", "other"},   {"3", "other"},        {"4", "other"}, {"6", "other"}, {"7", "other"},
    {"A", "other"},   {"N", "other"},   {"Y", "other"},
};

const char *xy_conv_authority(const char *typed)
{
    for (size_t i = 0; typed && i < sizeof authorities / sizeof *authorities; i++)
        if (!strcmp(typed, authorities[i].typed))
            return authorities[i].key;
    return NULL;
}

const char *xy_conv_authority_zh(const char *key)
{
    static const char *const k[] = {"9", "5", "1", "8", "other"};
    static const char *const zh[] = {"市场监管（工商）", "民政", "机构编制", "工会", "其他"};
    for (int i = 0; key && i < 5; i++)
        if (!strcmp(key, k[i]))
            return zh[i];
    return NULL;
}

char xy_regno_check_char(const char *first14)
{
    int p = 10;
    for (int i = 0; i < 14; i++) {
        if (first14[i] < '0' || first14[i] > '9')
            return 0;
        int s = (p + (first14[i] - '0')) % 10;
        p = ((s ? s : 10) * 2) % 11;
    }
    return (char)('0' + (11 - p) % 10);
}

static int empty(const char *s)
{
    return !s || !*s;
}

/* The USCC's own check characters: the inner organisation code and the outer mod 31. */
static int uscc_sound(const char *u)
{
    return strlen(u) == 18 && xy_orgcode_check_char(u + 8) == u[16] && xy_uscc_check_char(u) == u[17];
}

int xy_conv_row_check(const struct xy_conv_input *in, struct xy_conv_row *out, const char **field,
                      struct xy_error *err)
{
    struct xy_id_result r;
    memset(out, 0, sizeof *out);
    const char *a = xy_conv_authority(in->authority);
    if (!a) {
        *field = "authority";
        return xy_error_set(err, XY_EINVAL, "authority: 登记管理部门须为 9（市场监管）、5（民政）、1（机构编制）、8（工会）或其他 "
                            "GB 32100 代码 (must be 9, 5, 1, 8 or another GB 32100 authority code)");
    }
    snprintf(out->authority, sizeof out->authority, "%s", a);
    if (empty(in->orgcode) && empty(in->regno)) {
        *field = "old_code";
        return xy_error_set(err, XY_EINVAL, "old_code: 组织机构代码和注册号至少填一项 (an organisation code or a registration "
                            "number is needed)");
    }
    if (!empty(in->orgcode)) {
        enum xy_id_rule rule = xy_orgcode_check(in->orgcode, strlen(in->orgcode), &r);
        if (rule != XY_ID_OK && rule != XY_ID_RULE_CHECKSUM) {
            *field = "old_code";
            return xy_error_set(err, XY_EINVAL, "old_code: 组织机构代码须为 8 位本体加 1 位校验码 (an organisation code is 8 "
                                "characters 0-9 A-Z and a check character: %s)", xy_id_rule_name(rule));
        }
        snprintf(out->orgcode, sizeof out->orgcode, "%.9s", r.normalized);
        out->orgcode_bad = rule == XY_ID_RULE_CHECKSUM;
    }
    if (!empty(in->regno)) {
        size_t n = strlen(in->regno);
        int digits = n == 15;
        for (size_t i = 0; digits && i < n; i++)
            digits = in->regno[i] >= '0' && in->regno[i] <= '9';
        if (!digits) {
            *field = "reg_no";
            return xy_error_set(err, XY_EINVAL, "reg_no: 注册号须为 15 位数字 (a registration number is 15 digits)");
        }
        memcpy(out->regno, in->regno, 15);
        out->regno_bad = xy_regno_check_char(in->regno) != in->regno[14];
    }
    size_t nl = in->name ? strlen(in->name) : 0;
    if (!nl || !xy_utf8_valid(in->name, nl) || xy_utf8_count(in->name, nl) > XY_CONV_NAME_MAX) {
        *field = "name";
        return xy_error_set(err, XY_EINVAL, "name: 名称须为 1 至 %d 字 (a name of 1 to %d characters is needed)",
                            XY_CONV_NAME_MAX, XY_CONV_NAME_MAX);
    }
    for (size_t i = 0; i < nl; i++)
        if ((unsigned char)in->name[i] < 0x20) {
            *field = "name";
            return xy_error_set(err, XY_EINVAL, "name: 名称含控制字符 (the name holds a control character)");
        }
    out->name = in->name;
    if (!empty(in->registered)) {
        struct xy_date d;
        if (xy_date_parse(in->registered, strlen(in->registered), &d)) {
            *field = "registered_on";
            return xy_error_set(err, XY_EINVAL, "registered_on: 登记日期须为 YYYY-MM-DD (the date must be YYYY-MM-DD)");
        }
        xy_date_format(d, out->registered);
    }
    if (!empty(in->uscc)) {
        enum xy_id_rule rule = xy_uscc_check(in->uscc, strlen(in->uscc), &r);
        /* the shape must hold; a check character that does not is the fault counted */
        if (r.placeholder || (rule != XY_ID_OK && rule != XY_ID_RULE_CHECKSUM && rule != XY_ID_RULE_REGION)) {
            *field = "uscc";
            return xy_error_set(err, XY_EINVAL, "uscc: 统一社会信用代码格式不对 (not a unified social credit code: %s)",
                                r.placeholder ? "placeholder" : xy_id_rule_name(rule));
        }
        snprintf(out->uscc, sizeof out->uscc, "%.18s", r.normalized);
        out->uscc_bad = !uscc_sound(out->uscc);
        out->uscc_disagrees = out->orgcode[0] && memcmp(out->uscc + 8, out->orgcode, 9) != 0;
    }
    return XY_OK;
}

void xy_conv_reasons(unsigned bits, char *out, size_t size)
{
    static const char *const why[] = {
        "组织机构代码校验码错误 (organisation code check character wrong)",
        "注册号校验位错误 (registration number check digit wrong)",
        "统一社会信用代码校验码错误 (unified code check character wrong)",
        "统一社会信用代码内含的组织机构代码与登记不符 (the unified code's organisation code disagrees with the register)",
        "组织机构代码重复 (organisation code shared with another entity)",
        "统一社会信用代码重复 (unified code shared with another entity)",
        "组织机构代码对应多个统一社会信用代码 (the organisation code sits in two unified codes)",
    };
    size_t len = 0;
    out[0] = '\0';
    for (int i = 0; i < 7 && len < size; i++)
        if (bits & (1u << i))
            len += (size_t)snprintf(out + len, size - len, "%s%s", len ? "; " : "", why[i]);
}

struct key {
    const char *k;
    size_t i;
};

static int key_cmp(const void *a, const void *b)
{
    const struct key *x = a, *y = b;
    int c = strcmp(x->k, y->k);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* Sets bit on every entity whose key is shared with another. keys[0..m). */
static void mark_shared(struct key *keys, size_t m, struct xy_conv_status *st, unsigned bit)
{
    if (m < 2)
        return;
    qsort(keys, m, sizeof *keys, key_cmp);
    for (size_t i = 0; i < m;) {
        size_t j = i + 1;
        while (j < m && !strcmp(keys[j].k, keys[i].k))
            j++;
        if (j - i > 1)
            for (size_t k = i; k < j; k++)
                st[keys[k].i].bad |= bit;
        i = j;
    }
}

static int before(const char *stamp, const char *to)
{
    return stamp && *stamp && strcmp(stamp, to) < 0;
}

int xy_conv_judge(const struct xy_conv_entity *e, size_t n, const char *from, const char *to,
                  struct xy_conv_status *st, struct xy_error *err)
{
    struct key *org = n ? xy_calloc(n, sizeof *org) : NULL, *code = n ? xy_calloc(n, sizeof *code) : NULL;
    size_t no = 0, nc = 0;
    if (n && (!org || !code)) {
        xy_free(org);
        xy_free(code);
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        const struct xy_conv_entity *x = &e[i];
        struct xy_conv_status *s = &st[i];
        memset(s, 0, sizeof *s);
        if (!(s->exists = before(x->first_at, to)))
            continue;
        const char *oc = empty(x->orgcode) ? NULL : x->orgcode;
        if (oc && xy_orgcode_check_char(oc) != oc[8])
            s->bad |= XY_CONV_BAD_ORGCODE;
        if (!empty(x->regno) && (strlen(x->regno) != 15 || xy_regno_check_char(x->regno) != x->regno[14]))
            s->bad |= XY_CONV_BAD_REGNO;
        const char *when = NULL;
        if (!empty(x->uscc) && before(x->uscc_at, to)) {
            if (!uscc_sound(x->uscc))
                s->bad |= XY_CONV_BAD_USCC;
            else {
                s->code = x->uscc;
                when = x->uscc_at;
            }
            if (oc && memcmp(x->uscc + 8, oc, 9) != 0)
                s->bad |= XY_CONV_BAD_DISAGREES;
        }
        if (!s->code && !empty(x->matched) && before(x->matched_at, to)) {
            s->code = x->matched;
            when = x->matched_at;
        }
        if (x->matches > 1 && before(x->matched_at, to))
            s->bad |= XY_CONV_DUP_SUBJECTS;
        s->converted = s->code != NULL;
        s->converted_in = s->converted && strcmp(when, from) >= 0;
        if (oc)
            org[no++] = (struct key){oc, i};
        if (s->code)
            code[nc++] = (struct key){s->code, i};
    }
    mark_shared(org, no, st, XY_CONV_DUP_ORGCODE);
    mark_shared(code, nc, st, XY_CONV_DUP_USCC);
    xy_free(org);
    xy_free(code);
    return XY_OK;
}
