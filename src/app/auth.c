/* SPDX-License-Identifier: Apache-2.0 */
/* API keys: creation (the text is shown once and never stored), strict parsing and constant-time
 * checking of a presented key, revocation. Every change is audited in its own transaction. */
#include "app/auth.h"
#include "app/app_int.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/audit.h"
#include "app/subject.h"
#include "common/xy_utf8.h"
#include "core/ids.h"
#include "core/uscc.h"

#define SECRET_BYTES 32
#define HASH_BYTES 32
#define ID_MAX_DIGITS 18
#define NAME_MAX_BYTES 127 /* fits xy_principal.name with its NUL */

_Static_assert(sizeof "xy_" - 1 + ID_MAX_DIGITS + 1 + 2 * SECRET_BYTES < XY_KEY_TEXT_SIZE,
               "key text size");
_Static_assert(NAME_MAX_BYTES < sizeof((struct xy_principal *)0)->name, "principal name size");

static const char *const role_names[] = {
    [XY_ROLE_PUBLIC] = "public",     [XY_ROLE_DEPARTMENT] = "department",
    [XY_ROLE_APPROVAL] = "approval", [XY_ROLE_SUBJECT] = "subject",
    [XY_ROLE_OFFICE] = "office",     [XY_ROLE_AUDITOR] = "auditor",
    [XY_ROLE_OPERATOR] = "operator", [XY_ROLE_QUERIER] = "querier",
    [XY_ROLE_PLATFORM] = "platform",
};

const char *xy_role_name(enum xy_role r)
{
    if ((unsigned)r < sizeof role_names / sizeof *role_names && role_names[r])
        return role_names[r];
    return "unknown";
}

int xy_role_parse(const char *name, enum xy_role *out)
{
    /* Only the roles a key can carry: "public" and "operator" never come from a key. */
    static const enum xy_role key_roles[] = {XY_ROLE_DEPARTMENT, XY_ROLE_APPROVAL, XY_ROLE_SUBJECT,
                                             XY_ROLE_OFFICE, XY_ROLE_AUDITOR, XY_ROLE_QUERIER,
                                             XY_ROLE_PLATFORM};
    if (!name)
        return -1;
    for (size_t i = 0; i < sizeof key_roles / sizeof *key_roles; i++) {
        if (strcmp(name, role_names[key_roles[i]]) == 0) {
            *out = key_roles[i];
            return 0;
        }
    }
    return -1;
}

void xy_principal_operator(struct xy_principal *p)
{
    memset(p, 0, sizeof *p);
    p->key_id = 0;
    p->role = XY_ROLE_OPERATOR;
    snprintf(p->name, sizeof p->name, "%s", "operator");
}

static void secret_hash(const uint8_t secret[SECRET_BYTES], uint8_t out[HASH_BYTES])
{
    /* Unkeyed: the secret is 256 random bits, so the hash needs neither a key nor a slow function,
     * and checking a key does not depend on the platform key file. */
    crypto_generichash(out, HASH_BYTES, secret, SECRET_BYTES, NULL, 0);
}

/* A key name: optional, at most NAME_MAX_BYTES of UTF-8 without control characters (it is printed
 * one key a line). */
static int check_name(const char *name, struct xy_error *err)
{
    if (!name)
        return XY_OK;
    size_t n = strlen(name);
    if (n > NAME_MAX_BYTES || !xy_utf8_valid(name, n))
        return xy_error_set(err, XY_EINVAL, "密钥名称须为不超过 %d 字节的 UTF-8 文本 "
                            "(the key name must be UTF-8 text of at most %d bytes)",
                            NAME_MAX_BYTES, NAME_MAX_BYTES);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c < 0x20 || c == 0x7f)
            return xy_error_set(err, XY_EINVAL, "密钥名称不得含有控制字符 "
                                "(the key name must not contain control characters)");
    }
    return XY_OK;
}

/* The "key.create" detail, built with jansson into a caller buffer (no allocator question). */
static int create_detail(enum xy_role role, const char *uscc, const char *subject, const char *name, char *out,
                         size_t size, struct xy_error *err)
{
    json_t *o = json_object();
    int rc = XY_OK;
    if (!o)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    if (json_object_set_new(o, "role", json_string(xy_role_name(role))) ||
        (uscc && json_object_set_new(o, role == XY_ROLE_QUERIER ? "querier" : "dept", json_string(uscc))) ||
        (subject && json_object_set_new(o, "subject", json_string(subject))) ||
        (name && *name && json_object_set_new(o, "name", json_string(name)))) {
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        goto out;
    }
    size_t n = json_dumpb(o, out, size - 1, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (n == 0 || n >= size) {
        rc = xy_error_set(err, XY_ETOOBIG, "key audit detail too long");
        goto out;
    }
    out[n] = '\0';
out:
    json_decref(o);
    return rc;
}

struct querier_seen {
    int64_t id;
    int disabled;
};

static int on_querier(void *ctx, const struct xy_querier_row *r)
{
    struct querier_seen *q = ctx;
    q->id = r->id;
    q->disabled = r->disabled_at != NULL;
    return 1;
}

/* What a key of role may name, the one rule for keys and the accounts that own one: a department
 * key its department, an approval key perhaps its department, a querier key its organisation of the
 * directory, a subject key its subject and nothing else. OUT: *uscc (into res, or NULL). */
static int key_validate(enum xy_role role, const char *dept_uscc, int64_t subject_id, const char *name,
                        struct xy_id_result *res, const char **uscc, struct xy_error *err)
{
    *uscc = NULL;
    switch (role) {
    case XY_ROLE_DEPARTMENT:
        if (!dept_uscc)
            return xy_error_set(err, XY_EINVAL,
                                "部门密钥须给出部门的统一社会信用代码：--dept USCC "
                                "(a department key needs the department's code: --dept USCC)");
        if (xy_uscc_check(dept_uscc, strlen(dept_uscc), res) != XY_ID_OK || res->placeholder)
            return xy_error_set(err, XY_EINVAL, "%.*s 不是有效的统一社会信用代码 "
                                "(%.*s is not a valid unified social credit code)",
                                xy_utf8_cut(dept_uscc, 64), dept_uscc, xy_utf8_cut(dept_uscc, 64), dept_uscc);
        *uscc = res->normalized;
        break;
    case XY_ROLE_APPROVAL:
        /* An approval system may be tied to the department that runs it: its checks then name it. */
        if (dept_uscc) {
            if (xy_uscc_check(dept_uscc, strlen(dept_uscc), res) != XY_ID_OK || res->placeholder)
                return xy_error_set(err, XY_EINVAL, "%.*s 不是有效的统一社会信用代码 "
                                    "(%.*s is not a valid unified social credit code)",
                                    xy_utf8_cut(dept_uscc, 64), dept_uscc, xy_utf8_cut(dept_uscc, 64), dept_uscc);
            *uscc = res->normalized;
        }
        break;
    case XY_ROLE_QUERIER:
        /* A querier key belongs to an organisation of the directory, which subjects grant to. */
        if (!dept_uscc || xy_uscc_check(dept_uscc, strlen(dept_uscc), res) != XY_ID_OK || res->placeholder)
            return xy_error_set(err, XY_EINVAL, "查询机构密钥须给出查询机构名录中机构的统一社会信用代码：--querier USCC "
                                "(a querier key names its organisation in the directory of queriers by its "
                                "code: --querier USCC)");
        *uscc = res->normalized;
        break;
    case XY_ROLE_PLATFORM:
        /* The name is the lower platform's name: its batches say it, and its records keep it. */
        if (!name || !name[0] || strlen(name) > 64)
            return xy_error_set(err, XY_EINVAL, "下级平台密钥须以 --name 给出平台名称（至多 64 字节） (a platform key "
                                "needs the platform's name, --name, at most 64 bytes)");
        /* fall through */
    case XY_ROLE_OFFICE:
    case XY_ROLE_AUDITOR:
        if (dept_uscc)
            return xy_error_set(err, XY_EINVAL, "只有部门密钥和审批系统密钥才指定部门 "
                                "(only department and approval-system keys name a department)");
        break;
    case XY_ROLE_SUBJECT:
        if (!subject_id || dept_uscc)
            return xy_error_set(err, XY_EINVAL, "主体密钥须以统一社会信用代码、身份证号码或主体编号指定其主体，且不指定部门 "
                                "(a subject key names its subject by USCC, ID number or subject id "
                                "and no department)");
        break;
    default:
        return xy_error_set(err, XY_EINVAL, "密钥不能具有 %s 角色 (keys cannot carry the role %s)", xy_role_name(role),
                            xy_role_name(role));
    }
    return check_name(name, err);
}

/* The key row, inside the caller's write transaction: the department or querier looked up, the row
 * added. OUT: *kid. */
static int key_store(struct xy_app *app, enum xy_role role, const char *uscc, int64_t subject_id, const char *name,
                     const uint8_t hash[HASH_BYTES], const char *now, int64_t *kid, struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct xy_key_row row;
    int64_t dept_id = 0, querier_id = 0;
    int rc;
    if (uscc && role == XY_ROLE_QUERIER) {
        struct querier_seen q = {0};
        rc = st->ops->querier_get(st, 0, uscc, on_querier, &q, err);
        if (rc == XY_ENOTFOUND || (!rc && q.disabled)) {
            rc = xy_error_set(err, XY_ENOTFOUND, "查询机构名录中没有有效的 %s (no enabled querier %s in the directory)",
                              uscc, uscc);
        }
        if (rc)
            return rc;
        querier_id = q.id;
    } else if (uscc && (rc = st->ops->dept_get(st, uscc, &dept_id, NULL, 0, err))) {
        return rc;
    }
    /* The id is only known after the insert; the text embeds it, the row never holds the text. */
    memset(&row, 0, sizeof row);
    row.role = xy_role_name(role);
    row.dept_id = dept_id;
    row.subject_id = subject_id;
    row.querier_id = querier_id;
    row.name = name;
    row.hash = hash;
    row.created_at = now;
    if ((rc = st->ops->key_add(st, &row, kid, err)))
        return rc;
    if (*kid <= 0 || *kid > 999999999999999999LL)
        return xy_error_set(err, XY_ECORRUPT, "the store gave key id %lld, outside 1..10^18-1", (long long)*kid);
    return XY_OK;
}

int xy_auth_key_insert(struct xy_app *app, enum xy_role role, const char *dept_uscc, int64_t subject_id,
                       const char *name, const char *now, int64_t *kid, struct xy_error *err)
{
    struct xy_id_result res;
    const char *uscc = NULL;
    uint8_t hash[HASH_BYTES];
    int rc;
    *kid = 0;
    if (dept_uscc && !*dept_uscc)
        dept_uscc = NULL;
    if (role == XY_ROLE_SUBJECT && subject_id <= 0)
        return xy_error_set(err, XY_EINVAL, "主体账户须指明主体 (a subject's account names its subject)");
    if (role != XY_ROLE_SUBJECT)
        subject_id = 0;
    if ((rc = key_validate(role, dept_uscc, subject_id, name, &res, &uscc, err)))
        return rc;
    /* A hash of nothing anyone holds: the key can never be presented. */
    randombytes_buf(hash, sizeof hash);
    rc = key_store(app, role, uscc, subject_id, name, hash, now, kid, err);
    sodium_memzero(hash, sizeof hash);
    return rc;
}

static int key_create(struct xy_app *app, const struct xy_principal *by, enum xy_role role, const char *dept_uscc,
                      int64_t subject_id, const char *subject_ref, const char *name, char *key, int64_t *id,
                      struct xy_error *err)
{
    struct xy_store *st = app->store;
    uint8_t secret[SECRET_BYTES], hash[HASH_BYTES];
    char hex[2 * SECRET_BYTES + 1];
    char now[32], object[40], detail[1024];
    const char *uscc = NULL;
    struct xy_id_result res;
    int64_t kid = 0;
    int rc, in_tx = 0;

    key[0] = '\0';
    *id = 0;
    if (dept_uscc && !*dept_uscc)
        dept_uscc = NULL;
    if (name && !*name)
        name = NULL;
    if ((rc = key_validate(role, dept_uscc, subject_id, name, &res, &uscc, err)) ||
        (rc = create_detail(role, uscc, subject_ref, name, detail, sizeof detail, err)))
        return rc;

    randombytes_buf(secret, sizeof secret);
    secret_hash(secret, hash);
    xy_clock_stamp(&app->clock, now);

    if ((rc = st->ops->begin(st, err)))
        goto out;
    in_tx = 1;
    if ((rc = key_store(app, role, uscc, subject_id, name, hash, now, &kid, err)))
        goto out;
    snprintf(object, sizeof object, "key/%lld", (long long)kid);
    if ((rc = xy_audit_append(app, by, "key.create", object, detail, err)))
        goto out;
    if ((rc = st->ops->commit(st, err)))
        goto out;
    in_tx = 0;
    sodium_bin2hex(hex, sizeof hex, secret, sizeof secret);
    snprintf(key, XY_KEY_TEXT_SIZE, "xy_%lld_%s", (long long)kid, hex);
    *id = kid;
out:
    if (in_tx)
        st->ops->rollback(st);
    sodium_memzero(secret, sizeof secret);
    sodium_memzero(hex, sizeof hex);
    sodium_memzero(hash, sizeof hash);
    return rc;
}

int xy_auth_key_create(struct xy_app *app, const struct xy_principal *by, enum xy_role role,
                       const char *dept_uscc, const char *name, char *key, int64_t *id,
                       struct xy_error *err)
{
    key[0] = '\0';
    *id = 0;
    if (role == XY_ROLE_SUBJECT)
        return xy_error_set(err, XY_EINVAL, "主体密钥须为指定的主体创建：key create --role subject --subject CODE "
                            "(a subject key is created for a named subject: key create --role subject "
                            "--subject CODE)");
    return key_create(app, by, role, dept_uscc, 0, NULL, name, key, id, err);
}

int xy_auth_subject_key_create(struct xy_app *app, const struct xy_principal *by, const char *code,
                               const char *name, char *key, int64_t *id, struct xy_error *err)
{
    int64_t sid = 0;
    char opaque[24];
    int rc;
    key[0] = '\0';
    *id = 0;
    if ((rc = xy_subject_find(app, code, 1, &sid, opaque, err)))
        return rc;
    return key_create(app, by, XY_ROLE_SUBJECT, NULL, sid, opaque, name, key, id, err);
}

/* "xy_<id>_<64 lowercase hex>": id decimal, 1 to 18 digits, no leading zero; nothing before or
 * after. Only what xy_auth_key_create() issues is accepted. */
static int parse_key(const char *key, int64_t *id, uint8_t secret[SECRET_BYTES])
{
    if (!key || strncmp(key, "xy_", 3) != 0)
        return -1;
    const char *p = key + 3;
    int64_t v = 0;
    int digits = 0;
    if (*p < '1' || *p > '9')
        return -1;
    while (*p >= '0' && *p <= '9') {
        if (++digits > ID_MAX_DIGITS)
            return -1;
        v = v * 10 + (*p - '0');
        p++;
    }
    if (*p++ != '_')
        return -1;
    for (int i = 0; i < 2 * SECRET_BYTES; i++) {
        char c = p[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return -1;
    }
    if (p[2 * SECRET_BYTES] != '\0')
        return -1;
    size_t got = 0;
    if (sodium_hex2bin(secret, SECRET_BYTES, p, 2 * SECRET_BYTES, NULL, &got, NULL) != 0 ||
        got != SECRET_BYTES)
        return -1;
    *id = v;
    return 0;
}

struct found_key {
    int found;
    int revoked;
    uint8_t hash[HASH_BYTES];
    char role[32];
    int64_t dept_id;
    char dept_uscc[19];
    int64_t subject_id;
    int64_t querier_id;
    char name[128];
};

static int found_cb(void *ctx, const struct xy_key_row *k)
{
    struct found_key *f = ctx;
    f->found = k->hash != NULL;
    if (k->hash)
        memcpy(f->hash, k->hash, HASH_BYTES);
    f->revoked = k->revoked_at != NULL;
    snprintf(f->role, sizeof f->role, "%s", k->role ? k->role : "");
    f->dept_id = k->dept_id;
    snprintf(f->dept_uscc, sizeof f->dept_uscc, "%s", k->dept_uscc ? k->dept_uscc : "");
    f->subject_id = k->subject_id;
    f->querier_id = k->querier_id;
    if (k->name) {
        /* Cut on a character boundary: the name is checked at creation, but the row is data. */
        size_t n = strlen(k->name);
        if (n >= sizeof f->name)
            n = xy_utf8_floor(k->name, sizeof f->name - 1);
        memcpy(f->name, k->name, n);
        f->name[n] = '\0';
    }
    return 1;
}

static int fill_principal(const struct found_key *f, int64_t kid, struct xy_principal *who, struct xy_error *err)
{
    enum xy_role role;
    if (xy_role_parse(f->role, &role) != 0)
        return xy_error_set(err, XY_ECORRUPT, "key %lld has an unknown role in the store", (long long)kid);
    who->key_id = kid;
    who->role = role;
    who->dept_id = f->dept_id;
    snprintf(who->dept_uscc, sizeof who->dept_uscc, "%s", f->dept_uscc);
    who->subject_id = f->subject_id;
    who->querier_id = f->querier_id;
    snprintf(who->name, sizeof who->name, "%s", f->name);
    return XY_OK;
}

int xy_auth_verify(struct xy_app *app, const char *key, struct xy_principal *who,
                   struct xy_error *err)
{
    struct xy_store *st = app->store;
    uint8_t secret[SECRET_BYTES], hash[HASH_BYTES];
    struct found_key f;
    int64_t kid = 0;
    int rc;

    memset(who, 0, sizeof *who);
    memset(&f, 0, sizeof f);
    if (parse_key(key, &kid, secret) != 0) {
        sodium_memzero(secret, sizeof secret);
        return xy_error_set(err, XY_EINVAL, "API 密钥格式有误，应为 xy_<id>_<64 位十六进制数字> "
                            "(malformed API key, expected xy_<id>_<64 hex digits>)");
    }
    secret_hash(secret, hash);
    sodium_memzero(secret, sizeof secret);
    rc = st->ops->key_get(st, kid, found_cb, &f, err);
    if (rc && rc != XY_ENOTFOUND)
        goto out;
    /* One answer for unknown, wrong and revoked, so a caller learns nothing about which. */
    if (rc == XY_ENOTFOUND || !f.found || sodium_memcmp(hash, f.hash, HASH_BYTES) != 0 ||
        f.revoked) {
        rc = xy_error_set(err, XY_ENOTFOUND, "API 密钥未知或已吊销 (unknown or revoked API key)");
        goto out;
    }
    rc = fill_principal(&f, kid, who, err);
out:
    sodium_memzero(hash, sizeof hash);
    sodium_memzero(&f, sizeof f);
    return rc;
}

int xy_auth_principal(struct xy_app *app, int64_t key_id, struct xy_principal *who, struct xy_error *err)
{
    struct found_key f;
    int rc;
    memset(who, 0, sizeof *who);
    memset(&f, 0, sizeof f);
    rc = app->store->ops->key_get(app->store, key_id, found_cb, &f, err);
    if (rc == XY_ENOTFOUND || (!rc && f.revoked))
        rc = xy_error_set(err, XY_ENOTFOUND, "密钥未知或已吊销 (unknown or revoked key)");
    if (!rc)
        rc = fill_principal(&f, key_id, who, err);
    sodium_memzero(&f, sizeof f);
    return rc;
}

int xy_auth_key_revoke(struct xy_app *app, const struct xy_principal *by, int64_t id,
                       struct xy_error *err)
{
    struct xy_store *st = app->store;
    char now[32], object[40];
    int rc;
    if (id <= 0)
        return xy_error_set(err, XY_ENOTFOUND, "没有编号为 %lld 的密钥 (no key %lld)", (long long)id, (long long)id);
    xy_clock_stamp(&app->clock, now);
    snprintf(object, sizeof object, "key/%lld", (long long)id);
    if ((rc = st->ops->begin(st, err)))
        return rc;
    if ((rc = st->ops->key_revoke(st, id, now, err)) ||
        (rc = xy_audit_append(app, by, "key.revoke", object, NULL, err)) ||
        (rc = st->ops->commit(st, err))) {
        st->ops->rollback(st);
        return rc;
    }
    return XY_OK;
}
