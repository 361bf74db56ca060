/* SPDX-License-Identifier: Apache-2.0 */
/* Matching rules of joint reward and punishment, and the check of a policy file. */
#include "core/jrp.h"

#include <string.h>

#include "common/xy_utf8.h"
#include "core/ids.h"
#include "core/uscc.h"

static const char *const actions[] = {"block",      "restrict",        "stricter_review", "reference",
                                      "fast_track", "fewer_materials", "priority"};

/* The list classes a memorandum may target: the three lists of 1798号 and the courts' list of judgment
 * defaulters (失信被执行人, 发改财金〔2016〕141号 and 中办发〔2016〕64号 punish it). NULL-terminated. */
const char *const xy_jrp_target_classes[] = {"red_list", "black_list", "watch_list", "defaulter", NULL};

static int target_class(const char *cls)
{
    for (size_t i = 0; cls && xy_jrp_target_classes[i]; i++)
        if (strcmp(cls, xy_jrp_target_classes[i]) == 0)
            return 1;
    return 0;
}

const char *const *xy_jrp_actions(size_t *n)
{
    *n = sizeof actions / sizeof *actions;
    return actions;
}

static const char *str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s && *s ? s : NULL;
}

static int in_array(const json_t *arr, const char *v)
{
    size_t i;
    json_t *e;
    json_array_foreach(arr, i, e) {
        const char *s = json_string_value(e);
        if (s && strcmp(s, v) == 0)
            return 1;
    }
    return 0;
}

static int strings(const json_t *arr)
{
    size_t i;
    json_t *e;
    if (!json_is_array(arr))
        return 0;
    json_array_foreach(arr, i, e)
        if (!json_is_string(e) || json_string_length(e) == 0 || json_string_length(e) > 64)
            return 0;
    return 1;
}

/* Arguments for "%.*s": at most n bytes of s, never ending inside a UTF-8 character (a memorandum's
 * document number is Chinese; a cut character would make the problem's JSON invalid). */
#define CUT(s, n) (int)xy_utf8_floor((s), strnlen((s), (n))), (s)

int xy_jrp_policy_check(const json_t *policy, int (*known_matter)(void *ctx, const char *code), void *ctx,
                        struct xy_error *err)
{
    const json_t *matters = json_object_get(policy, "matters"), *memos = json_object_get(policy, "memoranda");
    size_t i, j;
    json_t *m, *ms;
    if (!json_is_object(policy))
        return xy_error_set(err, XY_EINVAL, "政策文件须为含 matters 和 memoranda 的 JSON 对象 "
                                            "(the policy must be a JSON object with matters and memoranda)");
    if (matters && !json_is_array(matters))
        return xy_error_set(err, XY_EINVAL, "matters 须为数组 (matters must be an array)");
    json_array_foreach(matters, i, m) {
        const char *code = str(m, "code"), *name = str(m, "name"), *dept = str(m, "dept");
        if (!code || strlen(code) > 64 || !name)
            return xy_error_set(err, XY_EINVAL,
                                "第 %zu 个事项须有编码（不超过 64 个字符）和名称 "
                                "(matter %zu needs a code of at most 64 characters and a name)",
                                i + 1, i + 1);
        if (dept) {
            struct xy_id_result res;
            if (xy_uscc_check(dept, strlen(dept), &res) != XY_ID_OK)
                return xy_error_set(err, XY_EINVAL, "事项 %.*s：部门代码 %.*s 不是有效的统一社会信用代码 "
                                    "(matter %.*s: dept %.*s is not a valid USCC)",
                                    CUT(code, 64), CUT(dept, 64), CUT(code, 64), CUT(dept, 64));
        }
    }
    if (!json_is_array(memos) || json_array_size(memos) == 0)
        return xy_error_set(err, XY_EINVAL, "memoranda 须为非空数组 (memoranda must be a non-empty array)");
    json_array_foreach(memos, i, m) {
        const char *doc = str(m, "doc_no"), *title = str(m, "title");
        const json_t *target = json_object_get(m, "target");
        const char *cls = str(target, "class");
        if (!doc || !title)
            return xy_error_set(err, XY_EINVAL, "第 %zu 份备忘录须有文号 doc_no 和标题 title "
                                "(memorandum %zu needs doc_no and title)",
                                i + 1, i + 1);
        if (!target_class(cls))
            return xy_error_set(err, XY_EINVAL,
                                "备忘录 %.*s：target.class 须为 red_list、black_list、watch_list 或 defaulter "
                                "(memorandum %zu: target.class must be red_list, black_list, watch_list or defaulter)",
                                CUT(doc, 96), i + 1);
        if (json_object_get(m, "signers") && !strings(json_object_get(m, "signers")))
            return xy_error_set(err, XY_EINVAL, "备忘录 %.*s：signers 须为签署单位名称的数组 "
                                "(memorandum %zu: signers must be an array of names)",
                                CUT(doc, 96), i + 1);
        ms = json_object_get(m, "measures");
        if (!json_is_array(ms) || json_array_size(ms) == 0)
            return xy_error_set(err, XY_EINVAL, "备忘录 %.*s 没有任何措施 (memorandum %zu has no measures)",
                                CUT(doc, 96), i + 1);
        json_t *x;
        json_array_foreach(ms, j, x) {
            const char *code = str(x, "code"), *kind = str(x, "kind"), *action = str(x, "action");
            const char *text = str(x, "text"), *basis = str(x, "legal_basis");
            const json_t *depts = json_object_get(x, "depts"), *mt = json_object_get(x, "matters");
            if (!code || !text)
                return xy_error_set(err, XY_EINVAL,
                                    "备忘录 %.*s 的第 %zu 项措施须有编码和向窗口人员显示的文字 "
                                    "(memorandum %zu, measure %zu needs a code and the text shown to the clerk)",
                                    CUT(doc, 96), j + 1, i + 1, j + 1);
            if (!basis)
                return xy_error_set(err, XY_EINVAL,
                                    "备忘录 %.*s 的措施 %.*s 缺少法律依据：每项措施都须写明所依据的法律、法规或"
                                    "中央政策文件（国办发〔2020〕49号） (memorandum %zu, measure %.*s has no legal "
                                    "basis: a measure must cite the law, regulation or central policy it rests on, "
                                    "as State Council General Office document 2020 No. 49 requires)",
                                    CUT(doc, 96), CUT(code, 64), i + 1, CUT(code, 64));
            if (!kind || (strcmp(kind, "reward") && strcmp(kind, "punish")))
                return xy_error_set(err, XY_EINVAL, "备忘录 %.*s 的措施 %.*s：kind 须为 reward 或 punish "
                                    "(memorandum %zu, measure %.*s: kind must be reward or punish)",
                                    CUT(doc, 96), CUT(code, 64), i + 1, CUT(code, 64));
            int ok = 0;
            for (size_t a = 0; action && a < sizeof actions / sizeof *actions; a++)
                ok |= strcmp(action, actions[a]) == 0;
            if (!ok)
                return xy_error_set(err, XY_EINVAL,
                                    "备忘录 %.*s 的措施 %.*s：action 须为 block、restrict、stricter_review、"
                                    "reference、fast_track、fewer_materials 或 priority 之一 (memorandum %zu, "
                                    "measure %.*s: action must be one of block, restrict, stricter_review, "
                                    "reference, fast_track, fewer_materials, priority)",
                                    CUT(doc, 96), CUT(code, 64), i + 1, CUT(code, 64));
            if ((strcmp(kind, "punish") == 0) != (strcmp(cls, "red_list") != 0))
                return xy_error_set(err, XY_EINVAL,
                                    "备忘录 %.*s 的措施 %.*s：%s 措施不能针对 %s (memorandum %zu, measure %.*s: "
                                    "a %s measure cannot target the %s)",
                                    CUT(doc, 96), CUT(code, 64), kind, cls, i + 1, CUT(code, 64), kind, cls);
            if ((depts && !strings(depts)) || (mt && !strings(mt)))
                return xy_error_set(err, XY_EINVAL,
                                    "备忘录 %.*s 的措施 %.*s：depts 和 matters 须为编码数组 (memorandum %zu, "
                                    "measure %.*s: depts and matters are arrays of codes)",
                                    CUT(doc, 96), CUT(code, 64), i + 1, CUT(code, 64));
            size_t k;
            json_t *d;
            json_array_foreach(depts, k, d) {
                struct xy_id_result res;
                if (xy_uscc_check(json_string_value(d), json_string_length(d), &res) != XY_ID_OK)
                    return xy_error_set(err, XY_EINVAL,
                                        "备忘录 %.*s 的措施 %.*s：部门代码 %.*s 不是有效的统一社会信用代码 "
                                        "(memorandum %zu, measure %.*s: dept %.*s is not a valid USCC)",
                                        CUT(doc, 96), CUT(code, 64), CUT(json_string_value(d), 64), i + 1,
                                        CUT(code, 64), CUT(json_string_value(d), 64));
            }
            json_array_foreach(mt, k, d) {
                const char *mc = json_string_value(d);
                int found = 0;
                size_t q;
                json_t *mm;
                json_array_foreach(matters, q, mm)
                    found |= str(mm, "code") && strcmp(str(mm, "code"), mc) == 0;
                if (!found && !(known_matter && known_matter(ctx, mc)))
                    return xy_error_set(err, XY_EINVAL,
                                        "备忘录 %.*s 的措施 %.*s：未知事项 %.*s (memorandum %zu, measure %.*s: "
                                        "unknown matter %.*s)",
                                        CUT(doc, 96), CUT(code, 64), CUT(mc, 64), i + 1, CUT(code, 64), CUT(mc, 64));
            }
        }
    }
    return XY_OK;
}

int xy_jrp_entry_active(const char *valid_from, const char *valid_to, const char *today)
{
    return (!valid_from || strcmp(valid_from, today) <= 0) && (!valid_to || strcmp(today, valid_to) <= 0);
}

int xy_jrp_targets(const char *target_class, const char *target_domain, const char *entry_class,
                   const char *entry_domain)
{
    if (strcmp(target_class, entry_class) != 0)
        return 0;
    return !target_domain || !*target_domain || (entry_domain && strcmp(target_domain, entry_domain) == 0);
}

int xy_jrp_measure_applies(const json_t *depts, const json_t *matters, const char *valid_from,
                           const char *valid_to, const char *dept, const char *matter, const char *today)
{
    if (!xy_jrp_entry_active(valid_from, valid_to, today))
        return 0;
    if (json_array_size(depts) && !in_array(depts, dept))
        return 0;
    return json_array_size(matters) == 0 || in_array(matters, matter);
}
