/* SPDX-License-Identifier: Apache-2.0 */
/* GB 32100-2015 code check and decomposition. The authority/category table accepts the full list
 * of DOMAIN §1.2, including the later authorities A (military) and N (agriculture), which simpler
 * checkers that demand digits in pos 1-8 reject. */
#include "core/uscc.h"

#include <string.h>

#include "core/orgcode.h"

struct category {
    char code;
    const char *name;
    const char *name_en;
};

struct authority {
    char code;
    const char *name;
    const char *name_en;
    struct category categories[7]; /* ended by code 0 */
};

/* clang-format off */
#define OTHER {'9', "其他", "other"}

static const struct authority authorities[] = {
    {'1', "机构编制", "establishment offices",
     {{'1', "机关", "government organ"},
      {'2', "事业单位", "public institution"},
      {'3', "中央编办直管群众团体", "mass organisation under the central establishment office"},
      OTHER}},
    {'2', "外交", "foreign affairs",
     {{'1', "外国常住新闻机构", "resident foreign news organisation"}, OTHER}},
    {'3', "司法行政", "justice",
     {{'1', "律师执业机构", "law firm"},
      {'2', "公证处", "notary office"},
      {'3', "基层法律服务所", "grassroots legal service office"},
      {'4', "司法鉴定机构", "forensic appraisal institution"},
      {'5', "仲裁委员会", "arbitration commission"},
      OTHER}},
    {'4', "文化", "culture",
     {{'1', "外国在华文化中心", "foreign cultural centre in China"}, OTHER}},
    {'5', "民政", "civil affairs",
     {{'1', "社会团体", "social association"},
      {'2', "民办非企业单位", "private non-enterprise unit"},
      {'3', "基金会", "foundation"},
      OTHER}},
    {'6', "旅游", "tourism",
     {{'1', "外国旅游部门常驻代表机构", "foreign tourism office"},
      {'2', "港澳台旅游部门常驻内地代表机构", "Hong Kong, Macao or Taiwan tourism office"},
      OTHER}},
    {'7', "宗教", "religion",
     {{'1', "宗教活动场所", "place of worship"}, {'2', "宗教院校", "religious school"}, OTHER}},
    {'8', "工会", "trade unions", {{'1', "基层工会", "grassroots trade union"}, OTHER}},
    {'9', "工商", "industry and commerce (SAMR)",
     {{'1', "企业", "enterprise"},
      {'2', "个体工商户", "individual business"},
      {'3', "农民专业合作社", "farmers' co-operative"}}},
    {'A', "中央军委改革和编制办公室", "military establishment office",
     {{'1', "军队事业单位", "military public institution"}, OTHER}},
    {'N', "农业", "agriculture",
     {{'1', "组级集体经济组织", "group-level collective economic organisation"},
      {'2', "村级集体经济组织", "village-level collective economic organisation"},
      {'3', "乡镇级集体经济组织", "township-level collective economic organisation"},
      OTHER}},
    {'Y', "其他", "other", {{'1', "其他", "other"}}},
};

#undef OTHER
/* clang-format on */

static const struct authority *find_authority(char code)
{
    for (size_t i = 0; i < sizeof authorities / sizeof authorities[0]; i++) {
        if (authorities[i].code == code)
            return &authorities[i];
    }
    return NULL;
}

static const struct category *find_category(const struct authority *a, char code)
{
    for (const struct category *c = a->categories; c->code != 0; c++) {
        if (c->code == code)
            return c;
    }
    return NULL;
}

int xy_uscc_char_value(char c)
{
    const char *p;

    if (c == '\0')
        return -1;
    p = strchr(XY_USCC_ALPHABET, c);
    return p == NULL ? -1 : (int)(p - XY_USCC_ALPHABET);
}

char xy_uscc_check_char(const char *first17)
{
    int sum = 0, weight = 1;

    for (int i = 0; i < 17; i++) {
        int v = xy_uscc_char_value(first17[i]);
        if (v < 0)
            return 0;
        sum += v * weight;
        weight = weight * 3 % 31;
    }
    return XY_USCC_ALPHABET[(31 - sum % 31) % 31];
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The charset rule on 18 bytes; folds x to X at the two check positions. */
static bool charset_ok(char *s)
{
    for (int i = 16; i < 18; i++) {
        if (s[i] == 'x')
            s[i] = 'X';
    }
    if (!is_digit(s[0]) && s[0] != 'A' && s[0] != 'N' && s[0] != 'Y')
        return false;
    for (int i = 1; i < 8; i++) {
        if (!is_digit(s[i]))
            return false;
    }
    for (int i = 8; i < 18; i++) {
        if (xy_uscc_char_value(s[i]) < 0)
            return false;
    }
    return true;
}

enum xy_id_rule xy_uscc_check(const char *value, size_t len, struct xy_id_result *res)
{
    struct xy_id_result local;
    const struct authority *auth;
    size_t n;
    char *s;

    if (res == NULL)
        res = &local;
    xy_id_result_init(res, XY_ID_KIND_USCC);
    s = res->normalized;
    if (xy_id_normalize(value, len, s, sizeof res->normalized, &n) != XY_ID_OK)
        return res->rule = XY_ID_RULE_LENGTH;
    res->normalized_len = n;

    if (xy_id_char_count(s, n) != 18)
        return res->rule = XY_ID_RULE_LENGTH;
    if (n != 18 || !charset_ok(s))
        return res->rule = XY_ID_RULE_CHARSET;

    if (memcmp(s, XY_USCC_PLACEHOLDER, 18) == 0) {
        res->placeholder = true;
        return res->rule = XY_ID_RULE_CATEGORY;
    }
    auth = find_authority(s[0]);
    if (auth == NULL || find_category(auth, s[1]) == NULL)
        return res->rule = XY_ID_RULE_CATEGORY;

    if (xy_region_province(s + 2) == NULL)
        return res->rule = XY_ID_RULE_REGION;

    if (xy_orgcode_check_char(s + 8) != s[16] || xy_uscc_check_char(s) != s[17])
        return res->rule = XY_ID_RULE_CHECKSUM;
    return res->rule = XY_ID_OK;
}

bool xy_uscc_is_placeholder(const char *value, size_t len)
{
    struct xy_id_result res;

    xy_uscc_check(value, len, &res);
    return res.placeholder;
}

int xy_uscc_decompose(const char *code18, struct xy_uscc_parts *parts)
{
    const struct authority *auth;
    const struct category *cat = NULL;

    memset(parts, 0, sizeof *parts);
    parts->authority = code18[0];
    parts->category = code18[1];
    memcpy(parts->region, code18 + 2, 6);
    memcpy(parts->orgcode, code18 + 8, 9);
    parts->check = code18[17];

    auth = find_authority(code18[0]);
    if (auth != NULL) {
        parts->authority_name = auth->name;
        parts->authority_name_en = auth->name_en;
        cat = find_category(auth, code18[1]);
    }
    if (cat != NULL) {
        parts->category_name = cat->name;
        parts->category_name_en = cat->name_en;
    }
    parts->province = xy_region_province(code18 + 2);
    return auth != NULL && cat != NULL && parts->province != NULL ? 0 : -1;
}
