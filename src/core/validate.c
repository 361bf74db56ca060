/* SPDX-License-Identifier: Apache-2.0 */
/* Row validation against the catalogue. Every field is checked and every problem reported, so a
 * clerk fixes a row once; a field that is itself bad does not also trigger the rules that depend on
 * it (a bad category does not add "ID number missing"). */
#include "core/validate.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/xy_alloc.h"
#include "common/xy_jsonw.h"
#include "common/xy_money.h"
#include "common/xy_utf8.h"
#include "core/idscan.h"
#include "core/ids.h"
#include "core/orgcode.h"
#include "core/ric.h"
#include "core/text.h"
#include "core/uscc.h"

#define MAX_FIELDS 128

struct fstate {
    const char *p; /* trimmed value */
    size_t n;
    int bad;                    /* failed its own check */
    const struct xy_code *code; /* XY_FT_CODE */
    char *norm;                 /* normalised text, owned; NULL when empty */
    char *masked;               /* XY_FT_STRING holding ID numbers: norm with them masked, owned */
    struct xy_date date;
    int64_t fen;
};

static void add_err(struct xy_row_errors *errs, int field, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void add_err(struct xy_row_errors *errs, int field, const char *code, const char *fmt, ...)
{
    if (errs->n == XY_ROW_MAX_ERRORS) {
        errs->truncated = 1;
        return;
    }
    va_list ap;
    errs->e[errs->n].field = field;
    snprintf(errs->e[errs->n].code, sizeof errs->e[errs->n].code, "%s", code);
    va_start(ap, fmt);
    vsnprintf(errs->e[errs->n].reason, sizeof errs->e[errs->n].reason, fmt, ap);
    va_end(ap);
    errs->n++;
}

/* Trims ASCII white space and U+3000 (ideographic space, E3 80 80) from both ends. */
static void trim(const char **pp, size_t *pn)
{
    const char *p = *pp, *e = p + *pn;
    for (;;) {
        if (p < e && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
            p++;
        else if (e - p >= 3 && memcmp(p, "\xE3\x80\x80", 3) == 0)
            p += 3;
        else
            break;
    }
    for (;;) {
        if (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
            e--;
        else if (e - p >= 3 && memcmp(e - 3, "\xE3\x80\x80", 3) == 0)
            e -= 3;
        else
            break;
    }
    *pp = p;
    *pn = (size_t)(e - p);
}

/* A value as a reason quotes it: at most 64 bytes, cut on a character boundary (an 18-digit number
 * in full-width digits is 54 bytes, so one is never cut into an unrecognisable part), and masked
 * whole when it is, or looks like, an ID number (a person's number typed into a code column). */
struct quoted {
    char s[72];
};

static struct quoted quote(const char *p, size_t n, struct xy_date today)
{
    struct quoted q;
    struct xy_id_date td = {today.y, today.m, today.d};
    if (xy_idscan_cell(p, n, &td)) {
        if (xy_ric_mask(p, n > 64 ? 64 : n, q.s, sizeof q.s))
            q.s[0] = '\0';
        return q;
    }
    size_t cut = n;
    if (cut > 64) {
        cut = 64;
        while (cut > 0 && ((unsigned char)p[cut] & 0xC0) == 0x80)
            cut--;
    }
    memcpy(q.s, p, cut);
    q.s[cut] = '\0';
    return q;
}

const char *xy_id_rule_reason(enum xy_id_rule r)
{
    switch (r) {
    case XY_ID_RULE_LENGTH: return "长度不对 (wrong length)";
    case XY_ID_RULE_CHARSET: return "含有不允许的字符 (character not allowed)";
    case XY_ID_RULE_CATEGORY: return "登记管理部门或机构类别代码无效 (unknown authority or category)";
    case XY_ID_RULE_REGION: return "行政区划码无效 (bad region code)";
    case XY_ID_RULE_BIRTHDATE: return "出生日期无效 (birth date not real or in the future)";
    case XY_ID_RULE_CHECKSUM: return "校验码错误 (check character does not match)";
    case XY_ID_OK: break;
    }
    return "无效 (invalid)";
}

/* Is `code` one of the ;-joined codes in s? */
static int has_code(const char *joined, const char *code)
{
    size_t n = strlen(code);
    for (const char *p = joined; p && *p;) {
        const char *sep = strchr(p, ';');
        size_t len = sep ? (size_t)(sep - p) : strlen(p);
        if (len == n && memcmp(p, code, n) == 0)
            return 1;
        p = sep ? sep + 1 : NULL;
    }
    return 0;
}

/* Splits a multi-code value on ; ； 、 , ， and looks each part up. */
static int check_codes(const struct xy_field *f, struct fstate *st, int idx, struct xy_date today,
                       struct xy_row_errors *errs)
{
    static const char *const seps[] = {";", "；", "、", ",", "，"};
    char out[512];
    size_t olen = 0;
    const char *p = st->p, *end = st->p + st->n;
    out[0] = '\0';
    while (p <= end) {
        const char *q = p, *cut = end;
        size_t seplen = 0;
        for (; q < end; q++) {
            for (size_t s = 0; s < sizeof seps / sizeof *seps; s++) {
                size_t l = strlen(seps[s]);
                if ((size_t)(end - q) >= l && memcmp(q, seps[s], l) == 0) {
                    cut = q;
                    seplen = l;
                    break;
                }
            }
            if (seplen)
                break;
        }
        const char *part = p;
        size_t plen = (size_t)(cut - p);
        trim(&part, &plen);
        if (plen) {
            const struct xy_code *c = xy_code_lookup(f->list, part, plen);
            if (!c) {
                add_err(errs, idx, "bad_code", "“%s”不在代码表%s中 (not in code list %s)",
                        quote(part, plen, today).s, f->list->name, f->list->name);
                return -1;
            }
            if (!has_code(out, c->code)) {
                int w = snprintf(out + olen, sizeof out - olen, "%s%s", olen ? ";" : "", c->code);
                if (w < 0 || (size_t)w >= sizeof out - olen) {
                    add_err(errs, idx, "too_long", "代码过多 (too many codes)");
                    return -1;
                }
                olen += (size_t)w;
            }
        }
        if (!seplen)
            break;
        p = cut + seplen;
    }
    if (olen == 0) {
        add_err(errs, idx, "missing", "必填项为空 (mandatory field is empty)");
        return -1;
    }
    st->norm = xy_strdup(out);
    return st->norm ? 0 : -2;
}

/* Long free text (facts, content, remarks) may hold tabs and line breaks; names, codes and other
 * short fields may not. */
static int long_text(const struct xy_field *f)
{
    return f->type == XY_FT_STRING && (f->max_len <= 0 || f->max_len > XY_TEXT_SHORT_MAX);
}

/* Refuses control, bidirectional and invisible characters (core/text.h): they are stored and
 * published as they are, and reorder, hide or forge what a reader or a terminal shows. */
static int check_clean(const struct xy_field *f, const struct fstate *st, int idx, struct xy_row_errors *errs)
{
    uint32_t cp = 0;
    size_t pos = 0;
    enum xy_text_class k = xy_text_check(st->p, st->n, long_text(f), &cp, &pos);
    const char *code = xy_text_class_code(k);
    unsigned u = (unsigned)cp;
    switch (k) {
    case XY_TEXT_OK:
        return 0;
    case XY_TEXT_CONTROL:
        if (cp == '\t' || cp == '\n' || cp == '\r')
            add_err(errs, idx, code,
                    "含有%s（第%zu个字符）：换行符和制表符只能用于长文本字段 (contains a %s at character %zu: line "
                    "breaks and tabs are allowed in long-text fields only)",
                    cp == '\t' ? "制表符" : "换行符", pos, cp == '\t' ? "tab" : "line break", pos);
        else
            add_err(errs, idx, code, "含有控制字符U+%04X（第%zu个字符），请删除 (contains control character U+%04X at "
                    "character %zu; remove it)", u, pos, u, pos);
        break;
    case XY_TEXT_BIDI:
        add_err(errs, idx, code,
                "含有双向文本控制字符U+%04X（第%zu个字符），它会改变文字的显示顺序，请删除 (contains bidirectional "
                "control U+%04X at character %zu, which reorders the text as displayed; remove it)",
                u, pos, u, pos);
        break;
    case XY_TEXT_INVISIBLE:
        add_err(errs, idx, code, "含有不可见字符U+%04X（第%zu个字符），请删除 (contains invisible character U+%04X "
                "at character %zu; remove it)", u, pos, u, pos);
        break;
    }
    return -1;
}

/* Whether a USCC starts with one of the field's prefixes ("uscc_prefix"). */
static int has_prefix(const struct xy_field *f, const char *code)
{
    for (size_t i = 0; i < f->nprefixes; i++)
        if (strncmp(code, f->prefixes[i], strlen(f->prefixes[i])) == 0)
            return 1;
    return 0;
}

/* Checks one non-empty field on its own. Returns 0, -1 (reported), -2 (out of memory). */
static int check_field(const struct xy_field *f, struct fstate *st, int idx, struct xy_date today,
                       struct xy_row_errors *errs)
{
    char buf[64];
    if (!xy_utf8_valid(st->p, st->n)) {
        add_err(errs, idx, "bad_encoding", "含有无效的UTF-8字节 (invalid UTF-8)");
        return -1;
    }
    if (check_clean(f, st, idx, errs))
        return -1;
    switch (f->type) {
    case XY_FT_STRING:
        if (f->max_len > 0 && xy_utf8_count(st->p, st->n) > (size_t)f->max_len) {
            add_err(errs, idx, "too_long", "超过最大长度%d个字符（实际%zu个） (longer than %d characters)",
                    f->max_len, xy_utf8_count(st->p, st->n), f->max_len);
            return -1;
        }
        break;
    case XY_FT_DATE:
        if (xy_date_parse(st->p, st->n, &st->date)) {
            add_err(errs, idx, "bad_date",
                    "“%s”不是有效日期，应为YYYY-MM-DD、YYYY/M/D、YYYYMMDD或YYYY年M月D日 (not a real date "
                    "in a known form)",
                    quote(st->p, st->n, today).s);
            return -1;
        }
        xy_date_format(st->date, buf);
        st->norm = xy_strdup(buf);
        return st->norm ? 0 : -2;
    case XY_FT_MONEY_WAN: {
        enum xy_money_err me = xy_money_parse_wan(st->p, st->n, &st->fen);
        static const char *const why[] = {
            "", "不是数字 (not a number)", "不能为负数 (negative)",
            "最多保留六位小数，即精确到分 (finer than a fen: at most 6 decimals in 万元)",
            "超出decimal(18,6)范围 (too large)"};
        if (me) {
            add_err(errs, idx, "bad_amount", "金额（万元）“%s”%s", quote(st->p, st->n, today).s,
                    why[me]);
            return -1;
        }
        char m[32];
        xy_money_format_wan(st->fen, m);
        st->norm = xy_strdup(m);
        return st->norm ? 0 : -2;
    }
    case XY_FT_CODE:
        st->code = xy_code_lookup(f->list, st->p, st->n);
        if (!st->code) {
            add_err(errs, idx, "bad_code", "“%s”不在代码表%s中 (not in code list %s)",
                    quote(st->p, st->n, today).s, f->list->name, f->list->name);
            return -1;
        }
        st->norm = xy_strdup(st->code->code);
        return st->norm ? 0 : -2;
    case XY_FT_CODES:
        return check_codes(f, st, idx, today, errs);
    case XY_FT_USCC: {
        struct xy_id_result res;
        enum xy_id_rule r = xy_uscc_check(st->p, st->n, &res);
        if (r == XY_ID_OK && f->nprefixes && !has_prefix(f, res.normalized)) {
            add_err(errs, idx, "uscc_prefix", "统一社会信用代码%s不以%s开头：%s (the code must start with %s)",
                    res.normalized, f->prefixes[0], f->prefixes[0][0] == '1' ?
                    "此项须为机关、事业单位等机构编制部门登记的单位" : "登记管理部门或机构类别不符", f->prefixes[0]);
            return -1;
        }
        if (r == XY_ID_OK || (res.placeholder && f->allow_placeholder)) {
            st->norm = xy_strdup(res.normalized);
            return st->norm ? 0 : -2;
        }
        if (res.placeholder)
            add_err(errs, idx, "placeholder",
                    "00000000000000000X是无代码个体工商户的占位符，不能用在此处 (the placeholder is not a code)");
        else
            add_err(errs, idx, "bad_uscc", "统一社会信用代码“%s”%s", quote(st->p, st->n, today).s,
                    xy_id_rule_reason(r));
        return -1;
    }
    case XY_FT_ORGCODE: {
        struct xy_id_result res;
        enum xy_id_rule r = xy_orgcode_check(st->p, st->n, &res);
        if (r != XY_ID_OK) {
            add_err(errs, idx, "bad_orgcode", "组织机构代码“%s”%s", quote(st->p, st->n, today).s,
                    xy_id_rule_reason(r));
            return -1;
        }
        st->norm = xy_strdup(res.normalized);
        return st->norm ? 0 : -2;
    }
    case XY_FT_ID_NO:
        (void)today; /* checked with its ID type once every field is known */
        return 0;
    }
    st->norm = xy_strndup(st->p, st->n);
    return st->norm ? 0 : -2;
}

static int cond_holds(const struct xy_field *f, const struct fstate *st, const struct xy_class *cls)
{
    const struct fstate *o = &st[f->cond.field];
    switch (f->cond.op) {
    case XY_COND_PRESENT:
        return o->n > 0;
    case XY_COND_PLACEHOLDER:
        return o->norm && cls->fields[f->cond.field].type == XY_FT_USCC &&
               xy_uscc_is_placeholder(o->norm, strlen(o->norm));
    case XY_COND_IN:
    case XY_COND_CONTAINS:
        if (!o->norm)
            return 0;
        for (size_t i = 0; i < f->cond.nvalues; i++)
            if (has_code(o->norm, f->cond.values[i]))
                return 1;
        return 0;
    }
    return 0;
}

/* Is the field's condition decidable (its field valid)? */
static int cond_known(const struct xy_field *f, const struct fstate *st)
{
    return f->cond.field < 0 || !st[f->cond.field].bad;
}

static const char *val(const struct xy_class *cls, const struct fstate *st, enum xy_field_role role)
{
    int i = cls->role_field[role];
    return i >= 0 && st[i].norm && !st[i].bad ? st[i].norm : NULL;
}

/* Checks an ID number against its type. OUT: norm (normalised, upgraded to 18 digits). */
static int check_id_no(const struct xy_class *cls, struct fstate *st, int idx, struct xy_date today,
                       struct xy_row_errors *errs)
{
    const struct xy_field *f = &cls->fields[idx];
    const struct fstate *t = &st[f->id_type_field];
    if (t->bad)
        return -1;
    const char *type = t->norm ? t->norm : "01";
    if (strcmp(type, "01") == 0) {
        struct xy_id_date td = {today.y, today.m, today.d};
        struct xy_id_result res;
        enum xy_id_rule r = xy_ric_check(st[idx].p, st[idx].n, &td, &res);
        if (r != XY_ID_OK) {
            char masked[80];
            if (xy_ric_mask(st[idx].p, st[idx].n > 40 ? 40 : st[idx].n, masked, sizeof masked))
                masked[0] = '\0';
            add_err(errs, idx, "bad_id_no", "身份证号码“%s”%s", masked, xy_id_rule_reason(r));
            return -1;
        }
        st[idx].norm = xy_strdup(res.upgraded[0] ? res.upgraded : res.normalized);
    } else {
        /* Passports and permits: letters, digits and hyphens, folded as the identifier rules fold. */
        char out[XY_ID_NORM_SIZE];
        size_t olen = 0;
        if (xy_id_normalize(st[idx].p, st[idx].n, out, sizeof out, &olen) != XY_ID_OK || olen < 5) {
            add_err(errs, idx, "bad_id_no", "证件号码长度不对 (wrong length)");
            return -1;
        }
        for (size_t i = 0; i < olen; i++) {
            char c = out[i];
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-')) {
                add_err(errs, idx, "bad_id_no", "证件号码含有不允许的字符 (character not allowed)");
                return -1;
            }
            if (c >= 'a' && c <= 'z')
                out[i] = (char)(c - 'a' + 'A');
        }
        st[idx].norm = xy_strdup(out);
    }
    return st[idx].norm ? 0 : -2;
}

/* ID numbers written into a text field (core/idscan.h). Where the value is published as it is or
 * identifies the record (the party's name, which becomes the subject's name; the document number;
 * the registration number) the row is refused; elsewhere the number is masked in the stored text
 * and the whole text kept in the sealed part, as ID fields are. A registration number is scanned
 * for 18-digit numbers only: 15-digit registration numbers of individual businesses have the
 * legacy ID number's shape. Returns 0, -1 (reported), -2 (out of memory). */
static int first_hit(void *ctx, const struct xy_idscan_hit *hit)
{
    memcpy(ctx, hit->masked, sizeof hit->masked);
    return 1;
}

static int scan_ids(const struct xy_class *cls, struct fstate *st, int idx, struct xy_date today,
                    struct xy_row_errors *errs)
{
    const struct xy_field *f = &cls->fields[idx];
    struct xy_id_date td = {today.y, today.m, today.d};
    int key = f->role == XY_ROLE_PARTY_NAME || f->role == XY_ROLE_DOC_NO || f->role == XY_ROLE_PARTY_REGNO;
    enum xy_idscan_forms forms = f->role == XY_ROLE_PARTY_REGNO ? XY_IDSCAN_ONLY_18 : XY_IDSCAN_ALL;
    char masked[19] = "";
    if (!xy_idscan(st[idx].norm, strlen(st[idx].norm), forms, &td, first_hit, masked))
        return 0;
    if (key) { /* the number named masked, the reason short enough for any field's name */
        add_err(errs, idx, "id_no_misplaced",
                "“%s”中含有身份证号码%s，此栏公开或用作标识，身份证号码只能填在证件号码栏 (holds ID number %s; this "
                "field is public or a key: ID numbers go in the ID number field)",
                f->name_zh, masked, masked);
        return -1;
    }
    struct xy_buf out;
    xy_buf_init(&out, 8u << 20);
    if (xy_idscan_mask(st[idx].norm, strlen(st[idx].norm), forms, &td, &out, NULL)) {
        xy_buf_release(&out);
        return -2;
    }
    st[idx].masked = xy_buf_take(&out);
    xy_buf_release(&out);
    return st[idx].masked ? 0 : -2;
}

void xy_valrec_release(struct xy_valrec *rec)
{
    if (!rec)
        return;
    xy_buf_release(&rec->fields);
    if (rec->sealed.data) /* plain ID numbers: leave nothing behind in freed memory */
        memset(rec->sealed.data, 0, rec->sealed.cap);
    xy_buf_release(&rec->sealed);
}

/* The USCC's authority and category against the counterparty category (DOMAIN §3.6). Returns -1 when
 * they contradict each other, 1 when merely unusual, 0 when fine. */
static int category_vs_code(const char *category, const char *uscc)
{
    int biz = uscc[0] == '9' && uscc[1] == '2';
    if (strcmp(category, "04") == 0)
        return biz ? 0 : -1;
    if (strcmp(category, "02") == 0 || strcmp(category, "03") == 0)
        return biz ? -1 : (uscc[0] == '9' && uscc[1] == '1') ? 0 : 1;
    return 0;
}

static int fill_record(const struct xy_class *cls, struct fstate *st, struct xy_date today,
                       struct xy_valrec *rec, struct xy_row_errors *errs)
{
    const char *cat = val(cls, st, XY_ROLE_PARTY_CATEGORY);
    const char *uscc = val(cls, st, XY_ROLE_PARTY_USCC);
    const char *regno = val(cls, st, XY_ROLE_PARTY_REGNO);
    const char *idno = val(cls, st, XY_ROLE_PARTY_ID_NO);
    const char *idtype = val(cls, st, XY_ROLE_PARTY_ID_TYPE);
    const char *name = val(cls, st, XY_ROLE_PARTY_NAME);
    const char *rep_no = val(cls, st, XY_ROLE_LEGAL_REP_ID_NO), *rep_type = val(cls, st, XY_ROLE_LEGAL_REP_ID_TYPE);
    if (rep_no)
        snprintf(rec->rep_key, sizeof rec->rep_key, "%s:%s", rep_type ? rep_type : "01", rep_no);
    const char *doc = val(cls, st, XY_ROLE_DOC_NO);
    int cat_i = cls->role_field[XY_ROLE_PARTY_CATEGORY];
    if (!cat || !name || !doc)
        return -1; /* already reported */
    snprintf(rec->name, sizeof rec->name, "%s", name);
    snprintf(rec->doc_no, sizeof rec->doc_no, "%s", doc);
    if (strcmp(cat, "01") == 0) {
        rec->kind = XY_SUBJ_PERSON;
        if (!idno)
            return -1; /* reported as missing or invalid */
        if (uscc && !xy_uscc_is_placeholder(uscc, strlen(uscc))) {
            add_err(errs, cls->role_field[XY_ROLE_PARTY_USCC], "category_mismatch",
                    "类别为自然人，却填写了统一社会信用代码 (a natural person has no USCC; check the category)");
            return -1;
        }
        snprintf(rec->id_key, sizeof rec->id_key, "%s:%s", idtype ? idtype : "01", idno);
        if (xy_ric_mask(idno, strlen(idno), rec->id_masked, sizeof rec->id_masked))
            rec->id_masked[0] = '\0';
    } else {
        rec->kind = strcmp(cat, "04") == 0 ? XY_SUBJ_INDIVIDUAL_BIZ : XY_SUBJ_ORG;
        if (!uscc)
            return -1; /* reported as missing or invalid */
        if (xy_uscc_is_placeholder(uscc, strlen(uscc))) {
            if (!regno)
                return -1; /* reported as missing */
            snprintf(rec->regno, sizeof rec->regno, "%s", regno);
        } else {
            int m = category_vs_code(cat, uscc);
            if (m < 0) {
                add_err(errs, cat_i, "category_mismatch",
                        "行政相对人类别“%s”与统一社会信用代码%s的机构类别不符 (category contradicts the code's "
                        "authority/category: 92 is an individual business)",
                        st[cat_i].code ? st[cat_i].code->text : cat, uscc);
                return -1;
            }
            if (m > 0)
                rec->flags |= XY_RF_CODE_PREFIX;
            snprintf(rec->uscc, sizeof rec->uscc, "%s", uscc);
        }
    }
    /* Dates: decision not in the future; valid from <= valid to; decision <= valid to. */
    int di = cls->role_field[XY_ROLE_DECISION_DATE], fi = cls->role_field[XY_ROLE_VALID_FROM],
        ti = cls->role_field[XY_ROLE_VALID_TO], pi = cls->role_field[XY_ROLE_PUBLICITY_END];
    int ok = 0;
    if (di >= 0 && st[di].norm && !st[di].bad) {
        rec->decision = st[di].date;
        if (xy_date_cmp(st[di].date, today) > 0) {
            add_err(errs, di, "future_date", "决定日期%s晚于今天 (decision date is in the future)", st[di].norm);
            ok = -1;
        }
    }
    if (ti >= 0 && st[ti].norm && !st[ti].bad) {
        rec->valid_to = st[ti].date;
        if (fi >= 0 && st[fi].norm && !st[fi].bad && xy_date_cmp(st[fi].date, st[ti].date) > 0) {
            add_err(errs, ti, "date_order", "有效期至%s早于有效期自%s (valid to is before valid from)",
                    st[ti].norm, st[fi].norm);
            ok = -1;
        } else if (di >= 0 && st[di].norm && !st[di].bad && xy_date_cmp(st[di].date, st[ti].date) > 0) {
            add_err(errs, ti, "date_order", "%s早于决定日期%s (ends before the decision date)", st[ti].norm,
                    st[di].norm);
            ok = -1;
        }
    }
    /* Dates the catalogue ties to the decision date and today ("not_before_decision", ...). */
    for (size_t i = 0; i < cls->nfields && i < MAX_FIELDS; i++) {
        unsigned dr = cls->fields[i].date_rules;
        if (!dr || !st[i].norm || st[i].bad)
            continue;
        int have_d = di >= 0 && st[di].norm && !st[di].bad;
        if ((dr & XY_DR_NOT_FUTURE) && xy_date_cmp(st[i].date, today) > 0) {
            add_err(errs, (int)i, "future_date", "“%s”%s晚于今天 (date is in the future)", cls->fields[i].name_zh,
                    st[i].norm);
            ok = -1;
        } else if (have_d && (dr & XY_DR_NOT_BEFORE_DECISION) && xy_date_cmp(st[i].date, st[di].date) < 0) {
            add_err(errs, (int)i, "date_order", "“%s”%s早于%s%s (before the decision date)", cls->fields[i].name_zh,
                    st[i].norm, cls->fields[di].name_zh, st[di].norm);
            ok = -1;
        } else if (have_d && (dr & XY_DR_NOT_AFTER_DECISION) && xy_date_cmp(st[i].date, st[di].date) > 0) {
            add_err(errs, (int)i, "date_order", "“%s”%s晚于%s%s (after the decision date)", cls->fields[i].name_zh,
                    st[i].norm, cls->fields[di].name_zh, st[di].norm);
            ok = -1;
        }
    }
    const char *sev = val(cls, st, XY_ROLE_SEVERITY), *sec = val(cls, st, XY_ROLE_SECTOR),
               *proc = val(cls, st, XY_ROLE_PROCEDURE);
    snprintf(rec->severity, sizeof rec->severity, "%s", sev ? sev : "");
    snprintf(rec->sector, sizeof rec->sector, "%s", sec ? sec : "");
    if (proc && strcmp(proc, "2") == 0)
        rec->flags |= XY_RF_UNPUBLISHED; /* simple procedure: kept, not published (DOMAIN §3.1) */
    if (!cls->policy && cls->ends_with_validity && rec->valid_to.y)
        rec->public_until = rec->valid_to; /* a list entry or commitment is shown while it is in force */
    if (cls->policy && rec->decision.y) {
        struct xy_date mn, mx;
        if (xy_policy_window(cls->policy, rec->decision, sev ? sev : "2", sec ? sec : "00", &mn, &mx, NULL) ==
            0) {
            rec->min_until = mn;
            rec->public_until = mx;
            if (xy_date_cmp(mx, rec->decision) <= 0)
                rec->flags |= XY_RF_UNPUBLISHED;
        }
        if (pi >= 0 && st[pi].norm && !st[pi].bad) {
            if (xy_date_cmp(st[pi].date, rec->decision) < 0) {
                add_err(errs, pi, "date_order", "公示截止期%s早于决定日期 (publicity ends before the decision)",
                        st[pi].norm);
                ok = -1;
            } else if (!rec->public_until.y || xy_date_cmp(st[pi].date, rec->public_until) < 0) {
                rec->public_until = st[pi].date; /* the record's own end is honoured when shorter */
            }
        }
    }
    return ok;
}

int xy_validate_row(const struct xy_class *cls, const struct xy_cell *cells, struct xy_date today,
                    struct xy_valrec *rec, struct xy_row_errors *errs)
{
    struct fstate st[MAX_FIELDS];
    int rc = XY_OK;
    size_t nf = cls->nfields < MAX_FIELDS ? cls->nfields : MAX_FIELDS;
    memset(rec, 0, sizeof *rec);
    xy_buf_init(&rec->fields, 8u << 20); /* a 1 MiB row, every byte escaped */
    xy_buf_init(&rec->sealed, 8u << 20); /* free text with ID numbers in it is sealed whole */
    memset(errs, 0, sizeof *errs);
    memset(st, 0, sizeof st);
    for (size_t i = 0; i < nf; i++) {
        const struct xy_field *f = &cls->fields[i];
        st[i].p = cells[i].p ? cells[i].p : "";
        st[i].n = cells[i].p ? cells[i].n : 0;
        trim(&st[i].p, &st[i].n);
        if (st[i].n == 0 && f->defval) {
            st[i].p = f->defval;
            st[i].n = strlen(f->defval);
        }
        if (st[i].n == 0)
            continue;
        int r = check_field(f, &st[i], (int)i, today, errs);
        if (r == -2) {
            rc = XY_ENOMEM;
            goto out;
        }
        st[i].bad = r < 0;
    }
    for (size_t i = 0; i < nf; i++) {
        const struct xy_field *f = &cls->fields[i];
        if (f->type == XY_FT_ID_NO && st[i].n && !st[i].bad) {
            int r = check_id_no(cls, st, (int)i, today, errs);
            if (r == -2) {
                rc = XY_ENOMEM;
                goto out;
            }
            st[i].bad = r < 0;
        }
    }
    for (size_t i = 0; i < nf; i++) {
        if (cls->fields[i].type != XY_FT_STRING || !st[i].norm || st[i].bad)
            continue;
        int r = scan_ids(cls, st, (int)i, today, errs);
        if (r == -2) {
            rc = XY_ENOMEM;
            goto out;
        }
        st[i].bad = r < 0;
    }
    /* The placeholder stands only for an uncoded individual business: say so, rather than asking
     * for the registration number it would otherwise require. */
    int ui = cls->role_field[XY_ROLE_PARTY_USCC], ci = cls->role_field[XY_ROLE_PARTY_CATEGORY];
    if (ui >= 0 && ci >= 0 && st[ui].norm && !st[ui].bad && st[ci].norm && !st[ci].bad &&
        xy_uscc_is_placeholder(st[ui].norm, strlen(st[ui].norm)) && strcmp(st[ci].norm, "04") != 0) {
        add_err(errs, ui, "placeholder",
                "占位符00000000000000000X仅用于无代码的个体工商户 (the placeholder is only for individual "
                "businesses without a code)");
        st[ui].bad = 1;
    }
    for (size_t i = 0; i < nf; i++) {
        const struct xy_field *f = &cls->fields[i];
        if (st[i].n || st[i].bad)
            continue;
        int need = f->req == XY_REQ_MANDATORY ||
                   (f->req == XY_REQ_IF && cond_known(f, st) && cond_holds(f, st, cls)) ||
                   (f->req == XY_REQ_UNLESS && cond_known(f, st) && !cond_holds(f, st, cls));
        if (!need)
            continue;
        if (f->req == XY_REQ_MANDATORY)
            add_err(errs, (int)i, "missing", "必填项“%s”为空 (mandatory field is empty)", f->name_zh);
        else
            add_err(errs, (int)i, "missing", "根据“%s”（%s）的取值，“%s”必须填写 (required by the value of %s)",
                    cls->fields[f->cond.field].name_zh, cls->fields[f->cond.field].code, f->name_zh,
                    cls->fields[f->cond.field].code);
        st[i].bad = 1;
    }
    if (errs->n == 0 && fill_record(cls, st, today, rec, errs) < 0 && errs->n == 0)
        add_err(errs, -1, "incomplete", "无法确定行政相对人 (cannot tell who the record is about)");
    if (errs->n) {
        rc = XY_EINVAL;
        goto out;
    }
    /* Fields in catalogue order, so that the same row always gives the same text. */
    for (size_t i = 0; i < nf && rc == XY_OK; i++) {
        const struct xy_field *f = &cls->fields[i];
        if (!st[i].norm)
            continue;
        if (f->type == XY_FT_MONEY_WAN)
            rec->amount_fen += st[i].fen;
        const char *shown = st[i].norm;
        char masked[80];
        /* Sealed and non-public fields, and text with ID numbers in it, live (plain) only in the
         * sealed part; the stored fields hold what may be shown: a sealed value or the ID numbers
         * in a text masked, a non-public one not at all. */
        if (f->sealed || f->hidden || st[i].masked)
            rc = xy_jsonw_member(&rec->sealed, f->key, st[i].norm, strlen(st[i].norm));
        if (st[i].masked) {
            shown = st[i].masked;
            rec->flags |= XY_RF_ID_IN_TEXT;
        } else if (f->sealed) {
            if (xy_ric_mask(st[i].norm, strlen(st[i].norm), masked, sizeof masked))
                masked[0] = '\0';
            shown = masked;
        }
        if (rc == XY_OK && !f->hidden)
            rc = xy_jsonw_member(&rec->fields, f->key, shown, strlen(shown));
    }
    if (rc == XY_OK)
        rc = xy_jsonw_end(&rec->fields);
    if (rc == XY_OK && rec->sealed.len)
        rc = xy_jsonw_end(&rec->sealed);
out:
    for (size_t i = 0; i < nf; i++) {
        xy_free(st[i].norm);
        xy_free(st[i].masked);
    }
    if (rc)
        xy_valrec_release(rec);
    return rc;
}
