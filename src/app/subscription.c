/* SPDX-License-Identifier: Apache-2.0 */
/* Subscriptions: creating one (its secret shown once), following subjects from a list of codes,
 * listing and ending. Delivery is subscription_push.c. */
#include "app/subscription.h"
#include "app/app_int.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/audit.h"
#include "app/consent.h"
#include "app/subject.h"
#include "common/xy_alloc.h"
#include "common/xy_utf8.h"
#include "core/ids.h"
#include "core/ric.h"
#include "core/uscc.h"

static int staff(const struct xy_principal *by)
{
    return by->role == XY_ROLE_OFFICE || by->role == XY_ROLE_OPERATOR;
}

/* A URL a webhook may be: http or https, printable ASCII, bounded (as a destination's). */
static int url_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 10 || n > 1024 || (strncmp(s, "http://", 7) != 0 && strncmp(s, "https://", 8) != 0))
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] >= 0x7f)
            return 0;
    return 1;
}

int xy_sub_create(struct xy_app *app, const struct xy_principal *by, int64_t for_key, const char *url, int64_t *id,
                  char secret[XY_SUB_SECRET_TEXT], struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct xy_principal owner;
    unsigned char key[32];
    uint8_t sealed[32 + XY_SEAL_OVERHEAD];
    char now[32], object[48];
    int rc;
    *id = 0;
    secret[0] = '\0';
    if (staff(by) && for_key > 0) {
        if ((rc = xy_auth_principal(app, for_key, &owner, err)))
            return xy_error_set(err, XY_EINVAL, "密钥 %lld 不存在或已吊销 (key %lld is unknown or revoked)",
                                (long long)for_key, (long long)for_key);
    } else {
        owner = *by;
    }
    if (owner.role != XY_ROLE_QUERIER && owner.role != XY_ROLE_DEPARTMENT)
        return xy_error_set(err, staff(by) ? XY_EINVAL : XY_EDENIED,
                            "只有查询机构（凭授权）和数据提供部门（对其监管的主体）可以订阅 (only a querier, under "
                            "grants, or a department, for the subjects it regulates, subscribes)");
    if (!url_ok(url))
        return xy_error_set(err, XY_EINVAL, "url 须为 http:// 或 https:// 开头、不含空白的 URL（至多 1024 字节） (url "
                            "must start with http:// or https://, hold no blanks and be at most 1024 bytes)");
    randombytes_buf(key, sizeof key);
    xy_keys_seal(&app->keys, key, sizeof key, sealed);
    xy_clock_stamp(&app->clock, now);
    struct xy_sub_row row = {.key_id = owner.key_id, .role = xy_role_name(owner.role), .url = url,
                             .secret = sealed, .secret_len = sizeof sealed, .created_at = now};
    if ((rc = st->ops->begin(st, err)))
        goto out;
    rc = st->ops->sub_add(st, &row, id, err);
    snprintf(object, sizeof object, "subscription/%lld", (long long)*id);
    rc = xy_audit_commitj(app, by, "subscription.create", object,
                          json_pack("{s:s, s:I, s:s}", "url", url, "key", (json_int_t)owner.key_id, "role",
                                    row.role),
                          rc, err);
    if (rc) {
        *id = 0;
        goto out;
    }
    memcpy(secret, "whsec_", 6);
    sodium_bin2hex(secret + 6, 65, key, sizeof key);
out:
    sodium_memzero(key, sizeof key);
    return rc;
}

struct one {
    int found, ended;
    int64_t key_id;
};

static int on_one(void *ctx, const struct xy_sub_row *s)
{
    struct one *o = ctx;
    o->found = 1;
    o->ended = s->ended_at != NULL;
    o->key_id = s->key_id;
    return 1;
}

/* The subscription id, in force and the caller's (or any, for staff). OUT: *owner its subscriber. */
static int owned(struct xy_app *app, const struct xy_principal *by, int64_t id, struct xy_principal *owner,
                 struct xy_error *err)
{
    struct one o = {0};
    int rc = id > 0 ? app->store->ops->sub_list(app->store, id, 0, 1, on_one, &o, err) : XY_ENOTFOUND;
    if (rc && rc != XY_ENOTFOUND)
        return rc;
    if (rc || !o.found || (!staff(by) && o.key_id != by->key_id) || xy_auth_principal(app, o.key_id, owner, err))
        return xy_error_set(err, XY_ENOTFOUND, "没有编号为 %lld 的有效订阅 (no subscription %lld in force of yours)",
                            (long long)id, (long long)id);
    return XY_OK;
}

/* Whether a line has the shape of a resident ID number: 15 digits, or 17 digits and a digit or X. */
static int ric_like(const char *s, size_t n)
{
    size_t d = 0;
    while (d < n && s[d] >= '0' && s[d] <= '9')
        d++;
    return (n == 15 && d == 15) || (n == 18 && (d == 18 || (d == 17 && (s[17] == 'X' || s[17] == 'x'))));
}

/* Whether a line may be a person's ID number, valid or with a wrong check character (a typo in one
 * digit): then it is never echoed in clear. A code whose region or birth date is not one is a
 * mistyped company code, echoed as it came. */
static int ric_private(const char *s, size_t n, const struct xy_id_date *today)
{
    if (!ric_like(s, n))
        return 0;
    enum xy_id_rule r = xy_ric_check(s, n, today, NULL);
    return r == XY_ID_OK || r == XY_ID_RULE_CHECKSUM;
}

/* Adds a bad line to res (the first XY_SUB_MAX_BAD kept). */
static void bad_line(struct xy_sub_follow_result *res, long line, const char *code, size_t n, const char *reason,
                     const struct xy_id_date *today)
{
    res->bad_lines++;
    if (!res->bad || json_array_size(res->bad) >= XY_SUB_MAX_BAD)
        return;
    char shown[64];
    size_t cut = xy_utf8_valid(code, n) ? xy_utf8_floor(code, n < 40 ? n : 40) : 0;
    memcpy(shown, code, cut);
    shown[cut] = '\0';
    if (ric_private(code, n, today))
        xy_ric_mask(code, n, shown, sizeof shown);
    json_array_append_new(res->bad, json_pack("{s:i, s:s, s:s}", "line", (int)line, "code", shown, "reason", reason));
}

static const char *rule_reason(enum xy_id_rule r)
{
    switch (r) {
    case XY_ID_RULE_LENGTH:
        return "长度不是 18 位 (not 18 characters)";
    case XY_ID_RULE_CHARSET:
        return "含不允许的字符 (a character not allowed)";
    case XY_ID_RULE_CHECKSUM:
        return "校验码错误 (the check character does not match)";
    case XY_ID_RULE_REGION:
        return "身份证号码的行政区划代码无效 (the ID number's region code is not a province's)";
    case XY_ID_RULE_BIRTHDATE:
        return "身份证号码的出生日期无效 (the ID number's birth date is not a real date)";
    default:
        return "不是有效的统一社会信用代码或身份证号码 (not a valid unified social credit code or resident ID "
               "number)";
    }
}

int xy_sub_follow(struct xy_app *app, const struct xy_principal *by, int64_t id, const char *text, size_t len,
                  struct xy_sub_follow_result *res, struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct xy_principal owner;
    char today[11], now[32], object[48];
    int rc;
    memset(res, 0, sizeof *res);
    if (len > XY_SUB_MAX_BODY)
        return xy_error_set(err, XY_ETOOBIG, "代码清单超过 %u 字节 (the list of codes is over %u bytes)",
                            XY_SUB_MAX_BODY, XY_SUB_MAX_BODY);
    if ((rc = owned(app, by, id, &owner, err)))
        return rc;
    res->bad = json_array();
    res->persons = json_array();
    if (!res->bad || !res->persons) {
        json_decref(res->bad);
        json_decref(res->persons);
        res->bad = res->persons = NULL;
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    }
    struct xy_date d = xy_clock_today(&app->clock);
    struct xy_id_date td = {d.y, d.m, d.d};
    xy_date_format(d, today);
    xy_clock_stamp(&app->clock, now);
    snprintf(object, sizeof object, "subscription/%lld", (long long)id);
    if ((rc = st->ops->begin(st, err)))
        return rc;
    long codes = 0, line = 0;
    for (size_t p = 0; p < len && !rc;) {
        const char *s = text + p, *nl = memchr(s, '\n', len - p);
        size_t n = nl ? (size_t)(nl - s) : len - p;
        p += n + 1;
        line++;
        while (n && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
        while (n && (*s == ' ' || *s == '\t'))
            s++, n--;
        if (line == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) /* a BOM from a spreadsheet */
            s += 3, n -= 3;
        if (!n)
            continue;
        if (++codes > XY_SUB_MAX_SUBJECTS) {
            rc = xy_error_set(err, XY_ETOOBIG, "一次至多订阅 %d 个主体 (at most %d subjects a request)",
                              XY_SUB_MAX_SUBJECTS, XY_SUB_MAX_SUBJECTS);
            break;
        }
        struct xy_id_result ir;
        enum xy_id_rule rule = n < 64 ? xy_uscc_check(s, n, &ir) : XY_ID_RULE_LENGTH;
        int person = 0;
        if (rule != XY_ID_OK && ric_like(s, n)) { /* not a company's code: a person's ID number? */
            enum xy_id_rule pr = xy_ric_check(s, n, &td, &ir);
            if (pr == XY_ID_OK || pr == XY_ID_RULE_CHECKSUM)
                rule = pr; /* else a mistyped company code: its own rule says why */
            person = pr == XY_ID_OK;
        }
        if (rule != XY_ID_OK || ir.placeholder) {
            bad_line(res, line, s, n, rule_reason(rule), &td);
            continue;
        }
        int64_t sid = 0, grant = 0;
        char opaque[24] = "";
        struct xy_error ferr = {0};
        /* A person by the keyed hash of the number (xy_subject_find), never by the number itself. */
        int frc = xy_subject_find(app, person && ir.upgraded[0] ? ir.upgraded : ir.normalized, person, &sid, opaque,
                                  &ferr);
        if (!person && (frc == XY_ENOTFOUND || frc == XY_EINVAL)) {
            bad_line(res, line, s, n, "平台没有这个主体 (the platform holds no such subject)", &td);
            continue;
        }
        if (frc && frc != XY_ENOTFOUND && frc != XY_EINVAL) {
            rc = xy_error_set(err, frc, "%s", ferr.msg);
            break;
        }
        if (owner.role == XY_ROLE_DEPARTMENT) {
            int yes = 0;
            if (!frc && (rc = st->ops->sub_regulated(st, owner.dept_id, sid, &yes, err)))
                break;
            if (!yes) {
                bad_line(res, line, s, n, "本部门没有该主体的记录，不属于本部门监管的主体 (not a subject this "
                         "department regulates: it has no record of it)", &td);
                continue;
            }
        } else {
            if (!frc && (rc = st->ops->sub_grant(st, sid, owner.key_id, owner.querier_id, today, &grant, err)))
                break;
            if (!grant) {
                bad_line(res, line, s, n, "该主体未给予有效授权 (the subject gave no grant in force)", &td);
                continue;
            }
        }
        if (person && res->persons && !res->bad_lines) {
            char masked[24];
            xy_ric_mask(s, n, masked, sizeof masked);
            if (json_array_append_new(res->persons, json_pack("{s:i, s:s, s:s}", "line", (int)line, "subject", opaque,
                                                              "id_masked", masked))) {
                rc = xy_error_set(err, XY_ENOMEM, "out of memory");
                break;
            }
        }
        if (res->bad_lines)
            continue; /* the list is refused: only the other bad lines are still looked for */
        frc = st->ops->sub_follow_add(st, id, sid, grant, now, err);
        if (frc == XY_EEXIST) {
            res->already++;
            continue;
        }
        /* The subject sees who follows it in its access history (我的信用), with the grant. */
        if ((rc = frc) || (rc = st->ops->access_add(st, sid, now, owner.key_id, xy_role_name(owner.role),
                                                    owner.dept_uscc[0] ? owner.dept_uscc : NULL,
                                                    "订阅变动通知 (follows its changes)", object, grant, err)))
            break;
        res->added++;
    }
    res->lines = line;
    if (!rc && res->bad_lines)
        rc = xy_error_set(err, XY_EINVAL, "代码清单有 %ld 行有误，未订阅任何主体（见 bad） (%ld lines of the list are "
                          "refused and nothing was followed: see bad)", res->bad_lines, res->bad_lines);
    if (!rc && codes == 0)
        rc = xy_error_set(err, XY_EINVAL, "代码清单为空 (the list of codes is empty)");
    return xy_audit_commitj(app, by, "subscription.follow", object,
                            json_pack("{s:I, s:I}", "added", (json_int_t)res->added, "already",
                                      (json_int_t)res->already),
                            rc, err);
}

struct listing {
    json_t *items;
    int oom;
};

static int on_sub(void *ctx, const struct xy_sub_row *s)
{
    struct listing *l = ctx;
    json_t *j = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s?, s:s?, s:{s:I, s:I, s:s?}, s:I, s:I, s:I, s:I, s:s?, "
                          "s:s?}",
                          "id", (json_int_t)s->id, "key", (json_int_t)s->key_id, "role", s->role, "url", s->url,
                          "created_at", s->created_at, "ended_at", s->ended_at, "ended_reason", s->ended_reason,
                          "acked", "seq", (json_int_t)s->acked_seq, "part", (json_int_t)s->acked_part, "at",
                          s->acked_at, "subjects", (json_int_t)s->subjects, "delivered", (json_int_t)s->delivered,
                          "backlog", (json_int_t)s->backlog, "failures", (json_int_t)s->failures, "last_error",
                          s->last_error, "last_error_at", s->last_error_at);
    if (!j || json_array_append_new(l->items, j)) {
        l->oom = 1;
        return 1;
    }
    return 0;
}

int xy_sub_list(struct xy_app *app, const struct xy_principal *by, json_t **items, struct xy_error *err)
{
    struct listing l = {.items = json_array()};
    *items = NULL;
    if (!staff(by) && by->role != XY_ROLE_QUERIER && by->role != XY_ROLE_DEPARTMENT) {
        json_decref(l.items);
        return xy_error_set(err, XY_EDENIED, "订阅只向其订阅者列出 (subscriptions are listed to their subscriber)");
    }
    if (!l.items)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    int rc = app->store->ops->sub_list(app->store, 0, staff(by) ? 0 : by->key_id, 0, on_sub, &l, err);
    if (!rc && l.oom)
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    if (rc)
        json_decref(l.items);
    else
        *items = l.items;
    return rc;
}

int xy_sub_end(struct xy_app *app, const struct xy_principal *by, int64_t id, struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct xy_principal owner;
    char now[32], object[48];
    int rc;
    if ((rc = owned(app, by, id, &owner, err)))
        return rc;
    xy_clock_stamp(&app->clock, now);
    snprintf(object, sizeof object, "subscription/%lld", (long long)id);
    if ((rc = st->ops->begin(st, err)))
        return rc;
    rc = st->ops->sub_end(st, id, now, "ended", err);
    return xy_audit_commit(app, by, "subscription.end", object, NULL, rc, err);
}

static int on_metric(void *ctx, const struct xy_sub_row *s)
{
    struct xy_buf *b = ctx;
    /* By id only: the URL and the subscriber are the subscriber's business, not the public's. */
    xy_buf_printf(b, "xinyong_subscription_backlog{subscription=\"%lld\"} %lld\n", (long long)s->id,
                  (long long)s->backlog);
    xy_buf_printf(b, "xinyong_subscription_failures{subscription=\"%lld\"} %lld\n", (long long)s->id,
                  (long long)s->failures);
    xy_buf_printf(b, "xinyong_subscription_delivered{subscription=\"%lld\"} %lld\n", (long long)s->id,
                  (long long)s->delivered);
    xy_buf_printf(b, "xinyong_subscription_subjects{subscription=\"%lld\"} %lld\n", (long long)s->id,
                  (long long)s->subjects);
    return 0;
}

int xy_sub_metrics(struct xy_app *app, struct xy_buf *out, struct xy_error *err)
{
    xy_buf_addz(out, "# HELP xinyong_subscription_backlog Changes a subscription's sender has not yet looked at.\n"
                     "# TYPE xinyong_subscription_backlog gauge\n"
                     "# HELP xinyong_subscription_failures Deliveries failed since a subscription's last acknowledgement.\n"
                     "# TYPE xinyong_subscription_failures gauge\n"
                     "# HELP xinyong_subscription_delivered Notifications a subscription's webhook acknowledged.\n"
                     "# TYPE xinyong_subscription_delivered counter\n"
                     "# HELP xinyong_subscription_subjects Subjects a subscription follows.\n"
                     "# TYPE xinyong_subscription_subjects gauge\n");
    if (!app->store->ops->sub_list)
        return xy_error_set(err, XY_ENOTSUP, "this store keeps no subscriptions");
    return app->store->ops->sub_list(app->store, 0, 0, 1, on_metric, out, err);
}

struct active {
    int64_t *ids;
    int max, n;
};

static int on_active(void *ctx, const struct xy_sub_row *s)
{
    struct active *a = ctx;
    if (a->n >= a->max)
        return 1;
    a->ids[a->n++] = s->id;
    return 0;
}

int xy_sub_active(struct xy_app *app, int64_t *ids, int max, int *n, struct xy_error *err)
{
    struct active a = {.ids = ids, .max = max};
    int rc = app->store->ops->sub_list(app->store, 0, 0, 1, on_active, &a, err);
    *n = a.n;
    return rc;
}
