/* SPDX-License-Identifier: Apache-2.0 */
/* Catalogue parsing and lookups. The JSON is checked as strictly as a batch row: an unknown type,
 * role, code list or condition field is an error naming where it is, so a bad catalogue never
 * half-loads. */
#include "core/catalog.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/xy_alloc.h"

/* Names from the uploaded catalogue in messages "中文 (English)": the Chinese part shows a name of up to
 * 48 bytes; the English part only a plain ASCII code of up to 48 bytes (no brackets), else "?", so that a
 * message keeps its English end within struct xy_error.msg. */
static const char *zh_id(const char *s)
{
    return !s ? "?" : strlen(s) <= 48 ? s : "（名称过长）";
}

static const char *en_id(const char *s)
{
    if (!s || !*s || strlen(s) > 48)
        return "?";
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7F || *p == '(' || *p == ')')
            return "?";
    return s;
}

/* jansson's message may quote the file's text: bytes outside ASCII and brackets become '?', in place. */
static const char *ascii_text(char *s)
{
    for (char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7F || *p == '(' || *p == ')')
            *p = '?';
    return s;
}

static const char *const role_names[XY_ROLE__COUNT] = {
    [XY_ROLE_NONE] = "",
    [XY_ROLE_PARTY_NAME] = "party_name",
    [XY_ROLE_PARTY_CATEGORY] = "party_category",
    [XY_ROLE_PARTY_USCC] = "party_uscc",
    [XY_ROLE_PARTY_REGNO] = "party_regno",
    [XY_ROLE_PARTY_ORGCODE] = "party_orgcode",
    [XY_ROLE_PARTY_ID_TYPE] = "party_id_type",
    [XY_ROLE_PARTY_ID_NO] = "party_id_no",
    [XY_ROLE_LEGAL_REP] = "legal_rep",
    [XY_ROLE_LEGAL_REP_ID_TYPE] = "legal_rep_id_type",
    [XY_ROLE_LEGAL_REP_ID_NO] = "legal_rep_id_no",
    [XY_ROLE_DOC_NO] = "doc_no",
    [XY_ROLE_DECISION_DATE] = "decision_date",
    [XY_ROLE_VALID_FROM] = "valid_from",
    [XY_ROLE_VALID_TO] = "valid_to",
    [XY_ROLE_PUBLICITY_END] = "publicity_end",
    [XY_ROLE_SEVERITY] = "severity",
    [XY_ROLE_SECTOR] = "sector",
    [XY_ROLE_PROCEDURE] = "procedure",
};

static const char *const ftype_names[] = {
    [XY_FT_STRING] = "string", [XY_FT_DATE] = "date",   [XY_FT_MONEY_WAN] = "money_wan",
    [XY_FT_CODE] = "code",     [XY_FT_CODES] = "codes", [XY_FT_USCC] = "uscc",
    [XY_FT_ORGCODE] = "orgcode", [XY_FT_ID_NO] = "id_no",
};

const char *xy_ftype_name(enum xy_ftype t)
{
    return (size_t)t < sizeof ftype_names / sizeof *ftype_names ? ftype_names[t] : "?";
}

const char *xy_scope_name(enum xy_scope s)
{
    switch (s) {
    case XY_SCOPE_PUBLIC: return "public";
    case XY_SCOPE_GOVERNMENT: return "government";
    case XY_SCOPE_CONSENT: return "consent";
    }
    return "?";
}

/* A missing key and a failed copy both leave NULL; xy_alloc_failed() tells them apart at the end. */
static char *dup_str(json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? xy_strdup(s) : NULL;
}

static void free_strv(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        xy_free(v[i]);
    xy_free(v);
}

/* Copies a JSON array of strings. Returns 0, or -1 (bad type or out of memory). */
static int strv(json_t *arr, char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!json_is_array(arr))
        return -1;
    size_t cnt = json_array_size(arr);
    char **v = xy_calloc(cnt ? cnt : 1, sizeof *v);
    if (!v)
        return -1;
    for (size_t i = 0; i < cnt; i++) {
        const char *s = json_string_value(json_array_get(arr, i));
        if (s)
            v[i] = xy_strdup(s);
        if (!v[i]) {
            free_strv(v, i);
            return -1;
        }
    }
    *out = v;
    *n = cnt;
    return 0;
}

void xy_catalog_free(struct xy_catalog *cat)
{
    if (!cat)
        return;
    for (size_t i = 0; i < cat->nlists; i++) {
        struct xy_code_list *l = &cat->lists[i];
        for (size_t j = 0; j < l->ncodes; j++) {
            xy_free(l->codes[j].code);
            xy_free(l->codes[j].text);
            free_strv(l->codes[j].aliases, l->codes[j].naliases);
        }
        xy_free(l->codes);
        xy_free(l->name);
    }
    xy_free(cat->lists);
    for (size_t i = 0; i < cat->npolicies; i++) {
        struct xy_policy *p = &cat->policies[i];
        for (size_t j = 0; j < p->nversions; j++) {
            struct xy_policy_version *v = &p->versions[j];
            for (size_t k = 0; k < v->nrules; k++) {
                xy_free(v->rules[k].severity);
                xy_free(v->rules[k].sector);
            }
            xy_free(v->rules);
            xy_free(v->basis);
        }
        xy_free(p->versions);
        xy_free(p->name);
    }
    xy_free(cat->policies);
    for (size_t i = 0; i < cat->nclasses; i++) {
        struct xy_class *c = &cat->classes[i];
        for (size_t j = 0; j < c->nfields; j++) {
            struct xy_field *f = &c->fields[j];
            xy_free(f->code);
            xy_free(f->name_zh);
            xy_free(f->key);
            xy_free(f->defval);
            free_strv(f->cond.values, f->cond.nvalues);
            free_strv(f->prefixes, f->nprefixes);
        }
        xy_free(c->fields);
        xy_free(c->name);
        xy_free(c->name_zh);
        xy_free(c->name_en);
        xy_free(c->resource_id);
        xy_free(c->local_def);
    }
    xy_free(cat->classes);
    xy_free(cat->version);
    xy_free(cat);
}

static int parse_lists(struct xy_catalog *cat, json_t *lists, struct xy_error *err)
{
    if (!json_is_object(lists))
        return xy_error_set(err, XY_EINVAL, "信息目录：code_lists 须为对象 "
                            "(catalogue: code_lists must be an object)");
    cat->lists = xy_calloc(json_object_size(lists), sizeof *cat->lists);
    if (!cat->lists)
        return XY_ENOMEM;
    const char *name;
    json_t *arr;
    json_object_foreach(lists, name, arr) {
        struct xy_code_list *l = &cat->lists[cat->nlists++];
        if (!(l->name = xy_strdup(name)))
            return XY_ENOMEM;
        if (!json_is_array(arr))
            return xy_error_set(err, XY_EINVAL, "信息目录：代码表 %s 须为数组 "
                                "(catalogue: code list %s must be an array)",
                                zh_id(name), en_id(name));
        l->codes = xy_calloc(json_array_size(arr), sizeof *l->codes);
        if (!l->codes)
            return XY_ENOMEM;
        size_t i;
        json_t *e;
        json_array_foreach(arr, i, e) {
            struct xy_code *c = &l->codes[l->ncodes++];
            c->code = dup_str(e, "code");
            c->text = dup_str(e, "text");
            if (!c->code || !c->text)
                return xy_error_set(err, XY_EINVAL, "信息目录：代码表 %s 第 %zu 项须有 code 和 text "
                                    "(catalogue: code list %s entry %zu needs code and text)",
                                    zh_id(name), i + 1, en_id(name), i + 1);
            json_t *al = json_object_get(e, "aliases");
            if (al && strv(al, &c->aliases, &c->naliases))
                return xy_error_set(err, XY_EINVAL, "信息目录：代码表 %s 的代码 %s：aliases 有误 "
                                    "(catalogue: code list %s entry %s: bad aliases)",
                                    zh_id(name), zh_id(c->code), en_id(name), en_id(c->code));
        }
    }
    return XY_OK;
}

static int cmp_version(const void *a, const void *b)
{
    const struct xy_policy_version *x = a, *y = b;
    return xy_date_cmp(x->effective, y->effective);
}

static int parse_policies(struct xy_catalog *cat, json_t *pols, struct xy_error *err)
{
    if (!pols)
        return XY_OK;
    if (!json_is_object(pols))
        return xy_error_set(err, XY_EINVAL, "信息目录：publicity_policies 须为对象 "
                            "(catalogue: publicity_policies must be an object)");
    cat->policies = xy_calloc(json_object_size(pols), sizeof *cat->policies);
    if (!cat->policies)
        return XY_ENOMEM;
    const char *name;
    json_t *arr;
    json_object_foreach(pols, name, arr) {
        struct xy_policy *p = &cat->policies[cat->npolicies++];
        if (!(p->name = xy_strdup(name)))
            return XY_ENOMEM;
        if (!json_is_array(arr) || json_array_size(arr) == 0)
            return xy_error_set(err, XY_EINVAL, "信息目录：公示期限政策 %s 须至少有一个版本 "
                                "(catalogue: policy %s needs at least one version)",
                                zh_id(name), en_id(name));
        p->versions = xy_calloc(json_array_size(arr), sizeof *p->versions);
        if (!p->versions)
            return XY_ENOMEM;
        size_t i;
        json_t *v;
        json_array_foreach(arr, i, v) {
            struct xy_policy_version *pv = &p->versions[p->nversions++];
            const char *eff = json_string_value(json_object_get(v, "effective"));
            if (!eff || xy_date_parse(eff, strlen(eff), &pv->effective))
                return xy_error_set(err, XY_EINVAL, "信息目录：公示期限政策 %s 第 %zu 个版本：生效日期有误 "
                                    "(catalogue: policy %s version %zu: bad effective date)",
                                    zh_id(name), i + 1, en_id(name), i + 1);
            pv->basis = dup_str(v, "basis");
            json_t *rules = json_object_get(v, "rules");
            if (!json_is_array(rules) || json_array_size(rules) == 0)
                return xy_error_set(err, XY_EINVAL, "信息目录：公示期限政策 %s 的 %s 版须有规则 "
                                    "(catalogue: policy %s version %s needs rules)",
                                    zh_id(name), eff, en_id(name), eff);
            pv->rules = xy_calloc(json_array_size(rules), sizeof *pv->rules);
            if (!pv->rules)
                return XY_ENOMEM;
            size_t j;
            json_t *r;
            json_array_foreach(rules, j, r) {
                struct xy_policy_rule *pr = &pv->rules[pv->nrules++];
                pr->severity = dup_str(r, "severity");
                pr->sector = dup_str(r, "sector");
                json_t *mn = json_object_get(r, "min_months"), *mx = json_object_get(r, "max_months");
                if (!pr->severity || !pr->sector || !json_is_integer(mn) || !json_is_integer(mx) ||
                    json_integer_value(mn) < 0 || json_integer_value(mx) < json_integer_value(mn) ||
                    json_integer_value(mx) > 1200)
                    return xy_error_set(err, XY_EINVAL, "信息目录：公示期限政策 %s 的 %s 版第 %zu 条规则格式有误 "
                                        "(catalogue: policy %s version %s rule %zu is malformed)",
                                        zh_id(name), eff, j + 1, en_id(name), eff, j + 1);
                pr->min_months = (int)json_integer_value(mn);
                pr->max_months = (int)json_integer_value(mx);
            }
        }
        qsort(p->versions, p->nversions, sizeof *p->versions, cmp_version);
    }
    return XY_OK;
}

static const struct xy_code_list *find_list(const struct xy_catalog *cat, const char *name)
{
    for (size_t i = 0; i < cat->nlists; i++)
        if (strcmp(cat->lists[i].name, name) == 0)
            return &cat->lists[i];
    return NULL;
}

static int find_field_code(const struct xy_class *c, const char *code)
{
    for (size_t i = 0; i < c->nfields; i++)
        if (strcmp(c->fields[i].code, code) == 0)
            return (int)i;
    return -1;
}

static int parse_required(struct xy_class *c, struct xy_field *f, json_t *req, json_t *fields,
                          struct xy_error *err)
{
    if (json_is_string(req)) {
        const char *s = json_string_value(req);
        if (strcmp(s, "M") == 0)
            f->req = XY_REQ_MANDATORY;
        else if (strcmp(s, "O") == 0)
            f->req = XY_REQ_OPTIONAL;
        else
            return xy_error_set(err, XY_EINVAL, "信息目录：%s.%s：required 须为 M、O 或条件 "
                                "(catalogue: %s.%s: required must be M, O or a condition)",
                                zh_id(c->name), zh_id(f->code), en_id(c->name), en_id(f->code));
        return XY_OK;
    }
    json_t *cond = json_object_get(req, "if");
    f->req = XY_REQ_IF;
    if (!cond) {
        cond = json_object_get(req, "unless");
        f->req = XY_REQ_UNLESS;
    }
    const char *other = json_string_value(json_object_get(cond, "field"));
    if (!other)
        return xy_error_set(err, XY_EINVAL, "信息目录：%s.%s：条件须以 if 或 unless 指明字段 "
                            "(catalogue: %s.%s: a condition needs if/unless with a field)",
                            zh_id(c->name), zh_id(f->code), en_id(c->name), en_id(f->code));
    /* The condition may name a field defined later in the class. */
    size_t idx;
    json_t *fj;
    f->cond.field = -1;
    json_array_foreach(fields, idx, fj) {
        const char *code = json_string_value(json_object_get(fj, "code"));
        if (code && strcmp(code, other) == 0)
            f->cond.field = (int)idx;
    }
    if (f->cond.field < 0)
        return xy_error_set(err, XY_EINVAL, "信息目录：%s.%s：条件中的字段 %s 不存在 "
                            "(catalogue: %s.%s: condition names unknown field %s)",
                            zh_id(c->name), zh_id(f->code), zh_id(other), en_id(c->name), en_id(f->code),
                            en_id(other));
    json_t *v;
    if ((v = json_object_get(cond, "in"))) {
        f->cond.op = XY_COND_IN;
    } else if ((v = json_object_get(cond, "contains"))) {
        f->cond.op = XY_COND_CONTAINS;
    } else if (json_is_true(json_object_get(cond, "placeholder"))) {
        f->cond.op = XY_COND_PLACEHOLDER;
    } else if (json_is_true(json_object_get(cond, "present"))) {
        f->cond.op = XY_COND_PRESENT;
    } else {
        return xy_error_set(err, XY_EINVAL, "信息目录：%s.%s：未知的条件 (catalogue: %s.%s: unknown condition)",
                            zh_id(c->name), zh_id(f->code), en_id(c->name), en_id(f->code));
    }
    if (v && strv(v, &f->cond.values, &f->cond.nvalues))
        return xy_error_set(err, XY_EINVAL, "信息目录：%s.%s：条件的取值须为字符串 "
                            "(catalogue: %s.%s: condition values must be strings)",
                            zh_id(c->name), zh_id(f->code), en_id(c->name), en_id(f->code));
    return XY_OK;
}

static int parse_field(const struct xy_catalog *cat, struct xy_class *c, size_t idx, json_t *fj,
                       json_t *fields, struct xy_error *err)
{
    struct xy_field *f = &c->fields[idx];
    f->id_type_field = -1;
    f->cond.field = -1;
    f->code = dup_str(fj, "code");
    f->name_zh = dup_str(fj, "name_zh");
    f->key = dup_str(fj, "key");
    const char *type = json_string_value(json_object_get(fj, "type"));
    if (!f->code || !f->name_zh || !f->key || !type)
        return xy_error_set(err, XY_EINVAL, "信息目录：%s 第 %zu 个字段须有 code、name_zh、key 和 type "
                            "(catalogue: %s field %zu needs code, name_zh, key and type)",
                            zh_id(c->name), idx + 1, en_id(c->name), idx + 1);
    size_t t;
    for (t = 0; t < sizeof ftype_names / sizeof *ftype_names; t++)
        if (strcmp(type, ftype_names[t]) == 0)
            break;
    if (t == sizeof ftype_names / sizeof *ftype_names)
        return xy_error_set(err, XY_EINVAL, "信息目录：%s.%s：未知的类型 %s (catalogue: %s.%s: unknown type %s)",
                            zh_id(c->name), zh_id(f->code), zh_id(type), en_id(c->name), en_id(f->code), en_id(type));
    f->type = (enum xy_ftype)t;
    json_t *ml = json_object_get(fj, "max_len");
    f->max_len = json_is_integer(ml) ? (int)json_integer_value(ml) : 0;
    int rc = parse_required(c, f, json_object_get(fj, "required"), fields, err);
    if (rc)
        return rc;
    if (f->type == XY_FT_CODE || f->type == XY_FT_CODES) {
        const char *ln = json_string_value(json_object_get(fj, "code_list"));
        if (!ln || !(f->list = find_list(cat, ln)))
            return xy_error_set(err, XY_EINVAL, "信息目录：%s.%s：代码表 %s 不存在 "
                                "(catalogue: %s.%s: unknown code list %s)",
                                zh_id(c->name), zh_id(f->code), ln ? zh_id(ln) : "（未指定）", en_id(c->name),
                                en_id(f->code), ln ? en_id(ln) : "none");
    }
    const char *idt = json_string_value(json_object_get(fj, "id_type_field"));
    if (f->type == XY_FT_ID_NO && !idt)
        return xy_error_set(err, XY_EINVAL, "信息目录：%s.%s：证件号码字段须有 id_type_field "
                            "(catalogue: %s.%s: an id_no field needs id_type_field)",
                            zh_id(c->name), zh_id(f->code), en_id(c->name), en_id(f->code));
    f->sealed = strcmp(json_string_value(json_object_get(fj, "scope")) ?: "", "sealed") == 0;
    f->allow_placeholder = json_is_true(json_object_get(fj, "allow_placeholder"));
    f->ext = json_is_true(json_object_get(fj, "ext"));
    f->defval = dup_str(fj, "default");
    f->hidden = json_is_false(json_object_get(fj, "public"));
    json_t *pre = json_object_get(fj, "uscc_prefix");
    if (pre && (f->type != XY_FT_USCC || strv(pre, &f->prefixes, &f->nprefixes) || f->nprefixes == 0))
        return xy_error_set(err, XY_EINVAL, "信息目录：%s.%s：uscc_prefix 须为统一社会信用代码字段的非空字符串数组 "
                            "(catalogue: %s.%s: uscc_prefix must be a non-empty array of strings on a uscc field)",
                            zh_id(c->name), zh_id(f->code), en_id(c->name), en_id(f->code));
    static const struct {
        const char *key;
        unsigned bit;
    } date_rules[] = {{"not_before_decision", XY_DR_NOT_BEFORE_DECISION},
                      {"not_after_decision", XY_DR_NOT_AFTER_DECISION},
                      {"not_future", XY_DR_NOT_FUTURE}};
    for (size_t k = 0; k < sizeof date_rules / sizeof *date_rules; k++) {
        if (!json_is_true(json_object_get(fj, date_rules[k].key)))
            continue;
        if (f->type != XY_FT_DATE)
            return xy_error_set(err, XY_EINVAL, "信息目录：%s.%s：%s 只用于日期字段 (catalogue: %s.%s: %s is for date fields)",
                                zh_id(c->name), zh_id(f->code), date_rules[k].key, en_id(c->name), en_id(f->code),
                                date_rules[k].key);
        f->date_rules |= date_rules[k].bit;
    }
    const char *role = json_string_value(json_object_get(fj, "role"));
    if (role) {
        size_t r;
        for (r = 1; r < XY_ROLE__COUNT; r++)
            if (strcmp(role, role_names[r]) == 0)
                break;
        if (r == XY_ROLE__COUNT)
            return xy_error_set(err, XY_EINVAL, "信息目录：%s.%s：未知的角色 %s (catalogue: %s.%s: unknown role %s)",
                                zh_id(c->name), zh_id(f->code), zh_id(role), en_id(c->name), en_id(f->code),
                                en_id(role));
        if (c->role_field[r] >= 0)
            return xy_error_set(err, XY_EINVAL, "信息目录：%s：角色 %s 重复出现 (catalogue: %s: role %s given twice)",
                                zh_id(c->name), zh_id(role), en_id(c->name), en_id(role));
        f->role = (enum xy_field_role)r;
        c->role_field[r] = (int)idx;
    }
    return XY_OK;
}

static int parse_class(struct xy_catalog *cat, struct xy_class *c, json_t *cj, struct xy_error *err)
{
    for (int r = 0; r < XY_ROLE__COUNT; r++)
        c->role_field[r] = -1;
    c->name = dup_str(cj, "class");
    c->name_zh = dup_str(cj, "name_zh");
    c->name_en = dup_str(cj, "name_en");
    c->resource_id = dup_str(cj, "resource_id");
    c->local_def = dup_str(cj, "local_definition");
    if (!c->name || !c->name_zh || !c->name_en)
        return xy_error_set(err, XY_EINVAL, "信息目录：信息类别须有 class、name_zh 和 name_en "
                            "(catalogue: a class needs class, name_zh and name_en)");
    const char *scope = json_string_value(json_object_get(cj, "scope"));
    if (!scope || strcmp(scope, "public") == 0)
        c->scope = XY_SCOPE_PUBLIC;
    else if (strcmp(scope, "government") == 0)
        c->scope = XY_SCOPE_GOVERNMENT;
    else if (strcmp(scope, "consent") == 0)
        c->scope = XY_SCOPE_CONSENT;
    else
        return xy_error_set(err, XY_EINVAL, "信息目录：%s：未知的公开范围 %s (catalogue: %s: unknown scope %s)",
                            zh_id(c->name), zh_id(scope), en_id(c->name), en_id(scope));
    const char *pol = json_string_value(json_object_get(cj, "publicity_policy"));
    if (pol) {
        for (size_t i = 0; i < cat->npolicies; i++)
            if (strcmp(cat->policies[i].name, pol) == 0)
                c->policy = &cat->policies[i];
        if (!c->policy)
            return xy_error_set(err, XY_EINVAL, "信息目录：%s：公示期限政策 %s 不存在 "
                                "(catalogue: %s: unknown publicity policy %s)",
                                zh_id(c->name), zh_id(pol), en_id(c->name), en_id(pol));
    }
    c->ends_with_validity = json_is_true(json_object_get(cj, "publicity_ends_with_validity"));
    c->is_list = json_is_true(json_object_get(cj, "list"));
    const json_t *rt = json_object_get(cj, "repair_training");
    c->repair_training = rt ? json_is_true(rt) : strcmp(c->name, "black_list") == 0;
    json_t *fields = json_object_get(cj, "fields");
    if (!json_is_array(fields) || json_array_size(fields) == 0)
        return xy_error_set(err, XY_EINVAL, "信息目录：%s 须有字段 (catalogue: %s needs fields)", zh_id(c->name),
                            en_id(c->name));
    c->fields = xy_calloc(json_array_size(fields), sizeof *c->fields);
    if (!c->fields)
        return XY_ENOMEM;
    size_t i;
    json_t *fj;
    json_array_foreach(fields, i, fj) {
        c->nfields = i + 1;
        int rc = parse_field(cat, c, i, fj, fields, err);
        if (rc)
            return rc;
        if (find_field_code(c, c->fields[i].code) != (int)i)
            return xy_error_set(err, XY_EINVAL, "信息目录：%s：字段 %s 重复出现 (catalogue: %s: field %s given twice)",
                                zh_id(c->name), zh_id(c->fields[i].code), en_id(c->name), en_id(c->fields[i].code));
    }
    /* Second pass: references to fields by code. */
    json_array_foreach(fields, i, fj) {
        const char *idt = json_string_value(json_object_get(fj, "id_type_field"));
        if (idt && (c->fields[i].id_type_field = find_field_code(c, idt)) < 0)
            return xy_error_set(err, XY_EINVAL, "信息目录：%s.%s：id_type_field 所指字段 %s 不存在 "
                                "(catalogue: %s.%s: unknown id_type_field %s)",
                                zh_id(c->name), zh_id(c->fields[i].code), zh_id(idt), en_id(c->name),
                                en_id(c->fields[i].code), en_id(idt));
    }
    if (c->role_field[XY_ROLE_DOC_NO] < 0 || c->role_field[XY_ROLE_PARTY_NAME] < 0 ||
        c->role_field[XY_ROLE_PARTY_CATEGORY] < 0)
        return xy_error_set(err, XY_EINVAL,
                            "信息目录：%s 须有角色为 doc_no、party_name 和 party_category 的字段 "
                            "(catalogue: %s needs fields with the roles doc_no, party_name and party_category)",
                            zh_id(c->name), en_id(c->name));
    return XY_OK;
}

/* "time_limits": {"objection": {"accept": 1, ...}, "repair": {"decide": 5}, "jrp": {"feedback": 5}};
 * each 0 to 60 working days. */
static int limit_value(const json_t *o, const char *what, const char *key, int *out, struct xy_error *err)
{
    const json_t *v = json_object_get(o, key);
    if (!v)
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 60)
        return xy_error_set(err, XY_EINVAL, "信息目录：time_limits.%s.%s 须为 0 至 60 个工作日 "
                            "(catalogue: time_limits.%s.%s must be 0 to 60 working days)",
                            what, key, what, key);
    *out = (int)json_integer_value(v);
    return 0;
}

static int parse_limits(struct xy_catalog *cat, const json_t *tl, struct xy_error *err)
{
    xy_obj_limits_default(&cat->objection);
    cat->repair_decide = 5;
    cat->jrp_feedback = 5;
    if (!tl)
        return 0;
    const json_t *o = json_object_get(tl, "objection"), *r = json_object_get(tl, "repair"),
                 *j = json_object_get(tl, "jrp");
    if (!json_is_object(tl) || (o && !json_is_object(o)) || (r && !json_is_object(r)) || (j && !json_is_object(j)))
        return xy_error_set(err, XY_EINVAL, "信息目录：time_limits 须为含异议、信用修复和联合奖惩反馈时限的对象 "
                            "(catalogue: time_limits must be an object of objection, repair and jrp limits)");
    int rc = 0;
    if (o && ((rc = limit_value(o, "objection", "accept", &cat->objection.accept, err)) ||
              (rc = limit_value(o, "objection", "forward", &cat->objection.forward, err)) ||
              (rc = limit_value(o, "objection", "decide", &cat->objection.decide, err)) ||
              (rc = limit_value(o, "objection", "extend", &cat->objection.extend, err)) ||
              (rc = limit_value(o, "objection", "close", &cat->objection.close, err))))
        return rc;
    if (r && (rc = limit_value(r, "repair", "decide", &cat->repair_decide, err)))
        return rc;
    if (j && (rc = limit_value(j, "jrp", "feedback", &cat->jrp_feedback, err)))
        return rc;
    return 0;
}

int xy_catalog_parse(const char *text, size_t len, struct xy_catalog **out, struct xy_error *err)
{
    json_error_t jerr;
    struct xy_catalog *cat = NULL;
    int rc = XY_OK;
    xy_alloc_failed(); /* forget failures from before */
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root && (json_error_code(&jerr) == json_error_out_of_memory || xy_alloc_failed())) {
        rc = XY_ENOMEM;
        goto out;
    }
    if (!root) {
        rc = xy_error_set(err, XY_EINVAL, "信息目录第 %d 行：JSON 格式有误 (catalogue: line %d: %s)", jerr.line,
                          jerr.line, ascii_text(jerr.text));
        goto out;
    }
    cat = xy_calloc(1, sizeof *cat);
    if (!cat) {
        rc = XY_ENOMEM;
        goto out;
    }
    cat->version = dup_str(root, "catalog_version");
    if (!cat->version) {
        rc = xy_error_set(err, XY_EINVAL, "信息目录缺少 catalog_version (catalogue: catalog_version is missing)");
        goto out;
    }
    if ((rc = parse_lists(cat, json_object_get(root, "code_lists"), err)))
        goto out;
    if ((rc = parse_policies(cat, json_object_get(root, "publicity_policies"), err)))
        goto out;
    if ((rc = parse_limits(cat, json_object_get(root, "time_limits"), err)))
        goto out;
    json_t *classes = json_object_get(root, "classes");
    if (!json_is_array(classes) || json_array_size(classes) == 0) {
        rc = xy_error_set(err, XY_EINVAL, "信息目录缺少 classes (catalogue: classes is missing)");
        goto out;
    }
    cat->classes = xy_calloc(json_array_size(classes), sizeof *cat->classes);
    if (!cat->classes) {
        rc = XY_ENOMEM;
        goto out;
    }
    size_t i;
    json_t *cj;
    json_array_foreach(classes, i, cj) {
        cat->nclasses = i + 1;
        if ((rc = parse_class(cat, &cat->classes[i], cj, err)))
            goto out;
        for (size_t j = 0; j < i; j++)
            if (strcmp(cat->classes[j].name, cat->classes[i].name) == 0) {
                rc = xy_error_set(err, XY_EINVAL, "信息目录：信息类别 %s 重复出现 (catalogue: class %s given twice)",
                                  zh_id(cat->classes[i].name), en_id(cat->classes[i].name));
                goto out;
            }
    }
    size_t nlists = 0;
    for (size_t k = 0; k < cat->nclasses; k++)
        nlists += cat->classes[k].is_list != 0;
    if (nlists == 0) {
        /* A catalogue written before classes said "list": the three lists of the 1798 standard, so that
         * a database upgraded with its own older catalogue keeps its checks finding entries. */
        static const char *const standard[] = {"red_list", "black_list", "watch_list"};
        for (size_t k = 0; k < cat->nclasses; k++)
            for (size_t j = 0; j < sizeof standard / sizeof *standard; j++)
                if (strcmp(cat->classes[k].name, standard[j]) == 0)
                    cat->classes[k].is_list = 1;
    }
    if (nlists > XY_LIST_CLASSES_MAX) {
        rc = xy_error_set(err, XY_EINVAL, "信息目录：名单类别至多 %d 个 (catalogue: at most %d list classes)",
                          XY_LIST_CLASSES_MAX, XY_LIST_CLASSES_MAX);
        goto out;
    }
out:
    json_decref(root);
    if (rc && xy_alloc_failed())
        rc = XY_ENOMEM;
    if (rc) {
        if (rc == XY_ENOMEM)
            xy_error_set(err, rc, "out of memory while loading the catalogue");
        xy_catalog_free(cat);
        cat = NULL;
    }
    *out = cat;
    return rc;
}

const struct xy_class *xy_catalog_class(const struct xy_catalog *cat, const char *name)
{
    for (size_t i = 0; i < cat->nclasses; i++)
        if (strcmp(cat->classes[i].name, name) == 0)
            return &cat->classes[i];
    return NULL;
}

static int eq_n(const char *z, const char *s, size_t n, int nocase)
{
    if (strlen(z) != n)
        return 0;
    return nocase ? strncasecmp(z, s, n) == 0 : memcmp(z, s, n) == 0;
}

int xy_class_field_lookup(const struct xy_class *cls, const char *name, size_t len)
{
    for (size_t i = 0; i < cls->nfields; i++) {
        const struct xy_field *f = &cls->fields[i];
        if (eq_n(f->code, name, len, 1) || eq_n(f->key, name, len, 1) || eq_n(f->name_zh, name, len, 0))
            return (int)i;
    }
    return -1;
}

const struct xy_code *xy_code_lookup(const struct xy_code_list *list, const char *s, size_t len)
{
    for (size_t i = 0; i < list->ncodes; i++) {
        const struct xy_code *c = &list->codes[i];
        if (eq_n(c->code, s, len, 0) || eq_n(c->text, s, len, 0))
            return c;
        for (size_t j = 0; j < c->naliases; j++)
            if (eq_n(c->aliases[j], s, len, 0))
                return c;
    }
    return NULL;
}

static int matches(const char *pattern, const char *value)
{
    return strcmp(pattern, "*") == 0 || (value && strcmp(pattern, value) == 0);
}

int xy_policy_window(const struct xy_policy *pol, struct xy_date decision, const char *severity,
                     const char *sector, struct xy_date *min_until, struct xy_date *max_until,
                     const char **basis)
{
    const struct xy_policy_version *v = &pol->versions[0];
    for (size_t i = 0; i < pol->nversions; i++)
        if (xy_date_cmp(pol->versions[i].effective, decision) <= 0)
            v = &pol->versions[i];
    for (size_t i = 0; i < v->nrules; i++) {
        const struct xy_policy_rule *r = &v->rules[i];
        if (matches(r->severity, severity) && matches(r->sector, sector)) {
            *min_until = xy_date_add_months(decision, r->min_months);
            *max_until = xy_date_add_months(decision, r->max_months);
            if (basis)
                *basis = v->basis;
            return 0;
        }
    }
    return -1;
}
