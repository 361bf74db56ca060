/* SPDX-License-Identifier: Apache-2.0 */
/* Matching rules of joint reward and punishment, and the check of a policy file. */
#include "core/jrp.h"

#include <string.h>

#include "core/ids.h"
#include "core/uscc.h"

static const char *const actions[] = {"block",      "restrict",        "stricter_review", "reference",
                                      "fast_track", "fewer_materials", "priority"};

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

int xy_jrp_policy_check(const json_t *policy, int (*known_matter)(void *ctx, const char *code), void *ctx,
                        struct xy_error *err)
{
    const json_t *matters = json_object_get(policy, "matters"), *memos = json_object_get(policy, "memoranda");
    size_t i, j;
    json_t *m, *ms;
    if (!json_is_object(policy))
        return xy_error_set(err, XY_EINVAL, "the policy must be a JSON object with matters and memoranda");
    if (matters && !json_is_array(matters))
        return xy_error_set(err, XY_EINVAL, "matters must be an array");
    json_array_foreach(matters, i, m) {
        const char *code = str(m, "code"), *name = str(m, "name"), *dept = str(m, "dept");
        if (!code || strlen(code) > 64 || !name)
            return xy_error_set(err, XY_EINVAL, "matter %zu needs a code (at most 64 characters) and a name", i + 1);
        if (dept) {
            struct xy_id_result res;
            if (xy_uscc_check(dept, strlen(dept), &res) != XY_ID_OK)
                return xy_error_set(err, XY_EINVAL, "matter %s: dept %s is not a valid USCC", code, dept);
        }
    }
    if (!json_is_array(memos) || json_array_size(memos) == 0)
        return xy_error_set(err, XY_EINVAL, "memoranda must be a non-empty array");
    json_array_foreach(memos, i, m) {
        const char *doc = str(m, "doc_no"), *title = str(m, "title");
        const json_t *target = json_object_get(m, "target");
        const char *cls = str(target, "class");
        if (!doc || !title)
            return xy_error_set(err, XY_EINVAL, "memorandum %zu needs doc_no and title", i + 1);
        if (!cls || (strcmp(cls, "red_list") && strcmp(cls, "black_list") && strcmp(cls, "watch_list")))
            return xy_error_set(err, XY_EINVAL, "memorandum %s: target.class must be red_list, black_list or watch_list",
                                doc);
        if (json_object_get(m, "signers") && !strings(json_object_get(m, "signers")))
            return xy_error_set(err, XY_EINVAL, "memorandum %s: signers must be an array of names", doc);
        ms = json_object_get(m, "measures");
        if (!json_is_array(ms) || json_array_size(ms) == 0)
            return xy_error_set(err, XY_EINVAL, "memorandum %s has no measures", doc);
        json_t *x;
        json_array_foreach(ms, j, x) {
            const char *code = str(x, "code"), *kind = str(x, "kind"), *action = str(x, "action");
            const char *text = str(x, "text"), *basis = str(x, "legal_basis");
            const json_t *depts = json_object_get(x, "depts"), *mt = json_object_get(x, "matters");
            if (!code || !text)
                return xy_error_set(err, XY_EINVAL, "memorandum %s measure %zu needs a code and the text shown to the clerk",
                                    doc, j + 1);
            if (!basis)
                return xy_error_set(err, XY_EINVAL,
                                    "memorandum %s measure %s has no legal basis: a measure must cite the law, "
                                    "regulation or central policy it rests on (国办发〔2020〕49号)",
                                    doc, code);
            if (!kind || (strcmp(kind, "reward") && strcmp(kind, "punish")))
                return xy_error_set(err, XY_EINVAL, "memorandum %s measure %s: kind must be reward or punish", doc, code);
            int ok = 0;
            for (size_t a = 0; action && a < sizeof actions / sizeof *actions; a++)
                ok |= strcmp(action, actions[a]) == 0;
            if (!ok)
                return xy_error_set(err, XY_EINVAL,
                                    "memorandum %s measure %s: action must be one of block, restrict, "
                                    "stricter_review, reference, fast_track, fewer_materials, priority",
                                    doc, code);
            if ((strcmp(kind, "punish") == 0) != (strcmp(cls, "red_list") != 0))
                return xy_error_set(err, XY_EINVAL, "memorandum %s measure %s: a %s measure cannot target the %s", doc,
                                    code, kind, cls);
            if ((depts && !strings(depts)) || (mt && !strings(mt)))
                return xy_error_set(err, XY_EINVAL, "memorandum %s measure %s: depts and matters are arrays of codes",
                                    doc, code);
            size_t k;
            json_t *d;
            json_array_foreach(depts, k, d) {
                struct xy_id_result res;
                if (xy_uscc_check(json_string_value(d), json_string_length(d), &res) != XY_ID_OK)
                    return xy_error_set(err, XY_EINVAL, "memorandum %s measure %s: dept %s is not a valid USCC", doc,
                                        code, json_string_value(d));
            }
            json_array_foreach(mt, k, d) {
                const char *mc = json_string_value(d);
                int found = 0;
                size_t q;
                json_t *mm;
                json_array_foreach(matters, q, mm)
                    found |= str(mm, "code") && strcmp(str(mm, "code"), mc) == 0;
                if (!found && !(known_matter && known_matter(ctx, mc)))
                    return xy_error_set(err, XY_EINVAL, "memorandum %s measure %s: unknown matter %s", doc, code, mc);
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
