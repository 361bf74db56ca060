/* SPDX-License-Identifier: Apache-2.0 */
/* The activation code of an approved application: made at approval (only its hash kept), mailed
 * through sendmail when the operator configured one, and used once to make the subject's account:
 * an account of app/account.h whose key row carries the role subject, so that signing in, sessions,
 * CSRF and throttling are the staff accounts' own (session.c). */
#include "app/application.h"
#include "app/account.h"
#include "app/account_int.h"
#include "app/app_int.h"

#include <errno.h>
#include <signal.h>
#include <sodium.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app/audit.h"
#include "app/recordrow.h"
#include "app/subject.h"
#include "core/ric.h"

#define SECRET_CHARS XY_ACTIVATION_SECRET_CHARS /* 80 bits in Crockford's base32 */
static const char ALPHABET[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

extern char **environ;

/* The hash kept of a code: BLAKE2b-256 of "<id>:<secret>" (80 random bits need no slow hash, and
 * tries are throttled). */
static void code_hash(int64_t id, const char secret[SECRET_CHARS], uint8_t out[32])
{
    char buf[48];
    int n = snprintf(buf, sizeof buf, "%lld:%.*s", (long long)id, SECRET_CHARS, secret);
    crypto_generichash(out, 32, (const unsigned char *)buf, (size_t)n, NULL, 0);
    sodium_memzero(buf, sizeof buf);
}

int xy_activation_code_parse(const char *code, int64_t *id, char secret[SECRET_CHARS])
{
    const char *p = code;
    int64_t v = 0;
    int k = 0;
    *id = 0;
    if (!p)
        return -1;
    while (*p == ' ')
        p++;
    while (*p >= '0' && *p <= '9' && v < (INT64_C(1) << 40))
        v = v * 10 + (*p++ - '0');
    if (v <= 0 || *p != '-')
        return -1;
    for (; *p; p++) {
        char c = *p;
        if (c == '-' || c == ' ')
            continue;
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if (c == 'I' || c == 'L')
            c = '1';
        if (c == 'O')
            c = '0';
        if (!strchr(ALPHABET, c) || c == '\0' || k == SECRET_CHARS)
            return -1;
        secret[k++] = c;
    }
    if (k != SECRET_CHARS)
        return -1;
    *id = v;
    return 0;
}

/* What approval and activation read of an application, in caller storage. */
struct appl {
    int found;
    int64_t id;
    char kind[8], state[16], uscc[19], name[608], email[256], masked[80], decided_at[32], decided_by[128];
    uint8_t sealed[64];
    size_t sealed_len;
    uint8_t hash[32];
    int has_hash;
    int64_t expires;
};

static int on_appl(void *ctx, const struct xy_application_row *a)
{
    struct appl *x = ctx;
    x->found = 1;
    x->id = a->id;
    snprintf(x->kind, sizeof x->kind, "%s", a->kind);
    snprintf(x->state, sizeof x->state, "%s", a->state);
    snprintf(x->uscc, sizeof x->uscc, "%s", a->uscc ? a->uscc : "");
    snprintf(x->name, sizeof x->name, "%s", a->name);
    snprintf(x->email, sizeof x->email, "%s", a->email ? a->email : "");
    snprintf(x->masked, sizeof x->masked, "%s", a->id_masked ? a->id_masked : "");
    snprintf(x->decided_at, sizeof x->decided_at, "%s", a->decided_at ? a->decided_at : "");
    snprintf(x->decided_by, sizeof x->decided_by, "%s", a->decided_by ? a->decided_by : "");
    if (a->id_sealed && a->id_sealed_len <= sizeof x->sealed) {
        memcpy(x->sealed, a->id_sealed, a->id_sealed_len);
        x->sealed_len = a->id_sealed_len;
    }
    if (a->code_hash) {
        memcpy(x->hash, a->code_hash, 32);
        x->has_hash = 1;
    }
    x->expires = a->code_expires;
    return 1;
}

int xy_application_approve(struct xy_app *app, const struct xy_principal *by, int64_t id, char *code,
                           int64_t *expires, char *email, struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct appl a;
    uint8_t raw[10], hash[32];
    char secret[SECRET_CHARS], now[32], object[48];
    int rc;
    memset(&a, 0, sizeof a);
    code[0] = email[0] = '\0';
    *expires = 0;
    /* 80 random bits, five to a character. */
    randombytes_buf(raw, sizeof raw);
    for (int i = 0; i < SECRET_CHARS; i++) {
        int bit = i * 5, byte = bit / 8, shift = bit % 8;
        unsigned v = ((unsigned)raw[byte] << 8 | (byte + 1 < (int)sizeof raw ? raw[byte + 1] : 0u)) >> (11 - shift);
        secret[i] = ALPHABET[v & 31];
    }
    code_hash(id, secret, hash);
    xy_clock_stamp(&app->clock, now);
    int64_t until = xy_clock_unix(&app->clock) + (int64_t)XY_ACTIVATION_DAYS * 86400;
    snprintf(object, sizeof object, "application/%lld", (long long)id);
    if ((rc = st->ops->begin(st, err)))
        goto out;
    rc = st->ops->application_get(st, id, on_appl, &a, err);
    if (rc == XY_ENOTFOUND)
        rc = xy_error_set(err, XY_ENOTFOUND, "没有第 %lld 号申请 (no application %lld)", (long long)id, (long long)id);
    else if (!rc && strcmp(a.state, "pending"))
        rc = xy_error_set(err, XY_ESTATE, "第 %lld 号申请已处理（%s），不能再批准 (application %lld is %s already)",
                          (long long)id, a.state, (long long)id, a.state);
    if (!rc) {
        struct xy_application_row row = {.id = id, .state = "approved", .decided_at = now, .decided_by = by->name,
                                         .code_hash = hash, .code_expires = until};
        rc = st->ops->application_put(st, &row, err);
    }
    /* The code itself is written nowhere: not in the audit log, not in the database. */
    rc = xy_audit_commitj(app, by, "application.approve", object, json_pack("{s:I}", "expires", (json_int_t)until),
                          rc, err);
    if (!rc) {
        snprintf(code, XY_ACTIVATION_CODE_SIZE, "%lld-%.4s-%.4s-%.4s-%.4s", (long long)id, secret, secret + 4,
                 secret + 8, secret + 12);
        snprintf(email, 256, "%s", a.email);
        *expires = until;
    }
out:
    sodium_memzero(raw, sizeof raw);
    sodium_memzero(secret, sizeof secret);
    return rc;
}

/* ---- mail ---- */

static int write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int xy_application_mail(const char *sendmail, const char *email, int64_t id, const char *code, int64_t expires,
                        struct xy_error *err)
{
    char msg[2048], until[32], subject[128];
    int fds[2] = {-1, -1}, status = 0;
    pid_t pid;
    static const char subj[] = "信用武汉：主体账户激活码";
    xy_clock_format(expires, until);
    /* The header's words in RFC 2047 base64; the address was checked when the application was filed
     * (no spaces, brackets or line ends), so it cannot add a header or an option. */
    char b64[96];
    sodium_bin2base64(b64, sizeof b64, (const unsigned char *)subj, sizeof subj - 1, sodium_base64_VARIANT_ORIGINAL);
    snprintf(subject, sizeof subject, "=?UTF-8?B?%s?=", b64);
    int n = snprintf(msg, sizeof msg,
                     "To: %s\nSubject: %s\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
                     "Content-Transfer-Encoding: 8bit\n\n"
                     "您的主体账户申请（第 %lld 号）已获批准。\n"
                     "激活码：%s\n有效期至：%s\n"
                     "请在“信用武汉”网站的“账户激活”页面（/activate.html）输入激活码，设置登录名和密码。激活码只能使用一次。\n\n"
                     "Your application for an account (no. %lld) was approved.\n"
                     "Activation code: %s\nValid until: %s\n"
                     "Enter it on the activation page (/activate.html) to choose your sign-in name and password. "
                     "It works once.\n",
                     email, subject, (long long)id, code, until, (long long)id, code, until);
    if (n < 0 || (size_t)n >= sizeof msg)
        return xy_error_set(err, XY_EINVAL, "the message does not fit");
    if (!email || !*email || email[0] == '-')
        return xy_error_set(err, XY_EINVAL, "申请未留电子邮箱 (the application gives no email address)");
    if (pipe(fds) != 0)
        return xy_error_set(err, XY_EIO, "sendmail: cannot make a pipe: %s", strerror(errno));
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[0], STDIN_FILENO);
    posix_spawn_file_actions_addclose(&fa, fds[1]);
    char *argv[] = {(char *)sendmail, "-i", "--", (char *)email, NULL};
    int e = posix_spawn(&pid, sendmail, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[0]);
    if (e != 0) {
        close(fds[1]);
        sodium_memzero(msg, sizeof msg);
        return xy_error_set(err, XY_EIO, "sendmail %s cannot be run: %s", sendmail, strerror(e));
    }
    /* A sendmail that exits early must not kill the server with SIGPIPE. */
    struct sigaction ign = {.sa_handler = SIG_IGN}, old;
    sigemptyset(&ign.sa_mask);
    sigaction(SIGPIPE, &ign, &old);
    int wrote = write_all(fds[1], msg, (size_t)n);
    close(fds[1]);
    sigaction(SIGPIPE, &old, NULL);
    sodium_memzero(msg, sizeof msg);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (wrote != 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return xy_error_set(err, XY_EIO, "sendmail %s failed (exit status %d)", sendmail,
                            WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return XY_OK;
}

/* ---- activation ---- */

/* The subject of the application: the one the platform knows (its name unchanged), else a new one
 * made as records make them (xy_rowparts_subject: a person's number hashed and sealed). */
static int subject_of(struct xy_app *app, const struct appl *a, const char *now, int64_t *sid, char opaque[24],
                      struct xy_error *err)
{
    struct xy_valrec v;
    char num[32] = "";
    int rc, differs = 0;
    memset(&v, 0, sizeof v);
    if (a->kind[0] == 'p') {
        if (a->sealed_len <= XY_SEAL_OVERHEAD || a->sealed_len - XY_SEAL_OVERHEAD >= sizeof num ||
            xy_keys_open(&app->keys, a->sealed, a->sealed_len, num) != 0)
            return xy_error_set(err, XY_ECRYPTO, "the sealed ID number of application %lld does not open",
                                (long long)a->id);
        num[a->sealed_len - XY_SEAL_OVERHEAD] = '\0';
    }
    rc = xy_subject_find(app, a->kind[0] == 'p' ? num : a->uscc, 1, sid, opaque, err);
    if (rc == XY_ENOTFOUND) {
        xy_error_clear(err);
        v.kind = a->kind[0] == 'p' ? XY_SUBJ_PERSON : strncmp(a->uscc, "92", 2) == 0 ? XY_SUBJ_INDIVIDUAL_BIZ : XY_SUBJ_ORG;
        if (a->kind[0] == 'p') {
            snprintf(v.id_key, sizeof v.id_key, "01:%s", num);
            snprintf(v.id_masked, sizeof v.id_masked, "%s", a->masked);
        } else {
            snprintf(v.uscc, sizeof v.uscc, "%s", a->uscc);
        }
        snprintf(v.name, sizeof v.name, "%s", a->name);
        rc = xy_rowparts_subject(app->store, &app->keys, &v, NULL, now, sid, &differs, err);
        if (!rc)
            rc = xy_subject_ref(app, *sid, opaque, err);
    }
    sodium_memzero(num, sizeof num);
    sodium_memzero(v.id_key, sizeof v.id_key);
    return rc;
}

int xy_application_activate(struct xy_app *app, const struct xy_activation_req *rq, int *retry_after,
                            struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct xy_principal anon = {.role = XY_ROLE_PUBLIC}, who;
    struct appl a;
    uint8_t given[32];
    char secret[SECRET_CHARS], idtext[24], object[48], now[32], pw_hash[XY_PWHASH_SIZE], opaque[24] = "";
    const char *client = rq->client ? rq->client : "";
    int64_t id = 0, wait = 0, w = 0, tnow = xy_clock_unix(&app->clock), sid = 0, kid = 0, account = 0;
    int rc;
    memset(&a, 0, sizeof a);
    memset(pw_hash, 0, sizeof pw_hash);
    *retry_after = 0;
    if ((rc = xy_account_name_check(rq->name, err)) || (rc = xy_account_password_check(rq->password, err)))
        return rc;
    int parsed = xy_activation_code_parse(rq->code, &id, secret) == 0;
    snprintf(idtext, sizeof idtext, "%lld", (long long)id);
    if ((parsed && (rc = xy_throttle_wait(app, "activation", idtext, XY_ACTIVATION_FREE, tnow, &wait, err))) ||
        (rc = xy_throttle_wait(app, "addr", client, XY_SIGNIN_FREE_ADDR, tnow, &w, err)))
        return rc;
    if (w > wait)
        wait = w;
    if (wait > 0) {
        *retry_after = (int)wait;
        return xy_error_set(err, XY_EBUSY, "激活码错误次数过多，请 %lld 秒后再试 (too many wrong activation codes; "
                            "try again in %lld s)", (long long)wait, (long long)wait);
    }
    if (parsed)
        code_hash(id, secret, given);
    xy_clock_stamp(&app->clock, now);
    snprintf(object, sizeof object, "application/%s", parsed ? idtext : "(malformed)");
    if ((rc = st->ops->begin(st, err)))
        goto out;
    if (parsed) {
        rc = st->ops->application_get(st, id, on_appl, &a, err);
        if (rc == XY_ENOTFOUND) {
            xy_error_clear(err);
            rc = XY_OK;
        }
    }
    /* Compared in constant time; unknown, used, expired, refused or wrong all look the same. */
    int ok = !rc && parsed && a.found && !strcmp(a.state, "approved") && a.has_hash && tnow < a.expires &&
             sodium_memcmp(a.hash, given, 32) == 0;
    if (!rc && !ok) {
        if (parsed)
            rc = xy_throttle_fail(app, "activation", idtext, tnow, err);
        if (!rc)
            rc = xy_throttle_fail(app, "addr", client, tnow, err);
        rc = xy_audit_commitj(app, &anon, "application.activate_refused", object, json_pack("{s:s}", "client", client),
                              rc, err);
        if (!rc)
            rc = xy_error_set(err, XY_EDENIED, "激活码无效、已使用或已过期 (the activation code is not valid, has been "
                              "used or has expired)");
        goto out;
    }
    if (!rc)
        rc = xy_account_hash_password(rq->password, pw_hash, err);
    if (!rc)
        rc = subject_of(app, &a, now, &sid, opaque, err);
    if (!rc)
        rc = xy_auth_key_insert(app, XY_ROLE_SUBJECT, NULL, sid, rq->name, now, &kid, err);
    if (!rc) {
        struct xy_account_row row = {.name = rq->name, .key_id = kid, .pw_hash = pw_hash, .created_at = now};
        rc = st->ops->account_add(st, &row, &account, err);
        if (rc == XY_EEXIST)
            rc = xy_error_set(err, XY_EEXIST, "账户名 %s 已被使用 (the account name %s is taken)", rq->name, rq->name);
    }
    if (!rc) {
        /* Spent: the hash is gone, so the code never works again. */
        struct xy_application_row row = {.id = id, .state = "activated", .decided_at = a.decided_at,
                                         .decided_by = a.decided_by, .activated_at = now, .account_id = account};
        rc = st->ops->application_put(st, &row, err);
    }
    if (!rc)
        rc = xy_throttle_clear(app, "activation", idtext, tnow, err);
    if (!rc && !(rc = xy_auth_principal(app, kid, &who, err)))
        who.account_id = account;
    if (rc) {
        st->ops->rollback(st);
        goto out;
    }
    rc = xy_audit_commitj(app, &who, "application.activate", object,
                          json_pack("{s:s, s:s, s:s}", "account", rq->name, "subject", opaque, "client", client), rc,
                          err);
out:
    sodium_memzero(secret, sizeof secret);
    sodium_memzero(pw_hash, sizeof pw_hash);
    sodium_memzero(&a, sizeof a);
    return rc;
}
