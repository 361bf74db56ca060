/* SPDX-License-Identifier: Apache-2.0 */
/* RFC 6238 through liboath: liboath computes each code; the comparison and the window are ours, so
 * that a typed code is compared in constant time and a code is accepted once. */
#include "app/totp.h"

#include <liboath/oath.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int init_rc = -1;

static void init(void)
{
    init_rc = oath_init() == OATH_OK ? 0 : -1;
}

int xy_totp_code(const uint8_t *secret, size_t n, int64_t unix_s, int digits, enum xy_totp_alg alg, char *out)
{
    static const int flags[] = {[XY_TOTP_SHA1] = 0, [XY_TOTP_SHA256] = OATH_TOTP_HMAC_SHA256,
                                [XY_TOTP_SHA512] = OATH_TOTP_HMAC_SHA512};
    out[0] = '\0';
    pthread_once(&once, init);
    if (init_rc || digits < 6 || digits > 8 || (unsigned)alg > XY_TOTP_SHA512 || unix_s < 0)
        return -1;
    return oath_totp_generate2((const char *)secret, n, (time_t)unix_s, XY_TOTP_STEP, 0, (unsigned)digits,
                               flags[alg], out) == OATH_OK
               ? 0
               : -1;
}

int xy_totp_check(const uint8_t *secret, size_t n, int64_t unix_s, const char *code, int64_t after_step,
                  int64_t *step)
{
    char want[XY_TOTP_DIGITS + 1];
    int found = -1;
    *step = 0;
    if (!code || strlen(code) != XY_TOTP_DIGITS || strspn(code, "0123456789") != XY_TOTP_DIGITS)
        return -1;
    /* Every step of the window is computed and compared, whichever matches, so the time taken does
     * not say which step a code belonged to. */
    for (int64_t d = -1; d <= 1; d++) {
        int64_t t = unix_s + d * XY_TOTP_STEP;
        int64_t s = t / XY_TOTP_STEP;
        if (t < 0 || xy_totp_code(secret, n, t, XY_TOTP_DIGITS, XY_TOTP_SHA1, want) != 0)
            continue;
        if (sodium_memcmp(want, code, XY_TOTP_DIGITS) == 0 && s > after_step && found < 0) {
            *step = s;
            found = 0;
        }
    }
    sodium_memzero(want, sizeof want);
    return found;
}

/* Unreserved characters (RFC 3986) as they are, every other byte as %XX. */
static int pct(const char *s, char *out, size_t size, size_t *len)
{
    static const char hex[] = "0123456789ABCDEF";
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        int plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '.' || c == '_' || c == '~';
        if (*len + (plain ? 1 : 3) >= size)
            return -1;
        if (plain) {
            out[(*len)++] = (char)c;
        } else {
            out[(*len)++] = '%';
            out[(*len)++] = hex[c >> 4];
            out[(*len)++] = hex[c & 15];
        }
    }
    out[*len] = '\0';
    return 0;
}

static int put(const char *s, char *out, size_t size, size_t *len)
{
    size_t n = strlen(s);
    if (*len + n >= size)
        return -1;
    memcpy(out + *len, s, n + 1);
    *len += n;
    return 0;
}

int xy_totp_uri(const uint8_t *secret, size_t n, const char *issuer, const char *account, char *out, size_t size)
{
    char *b32 = NULL;
    size_t b32len = 0, len = 0;
    int rc = -1;
    if (!size)
        return -1;
    out[0] = '\0';
    pthread_once(&once, init);
    if (init_rc || oath_base32_encode((const char *)secret, n, &b32, &b32len) != OATH_OK)
        return -1;
    /* Authenticator apps want the secret without its '=' padding. */
    while (b32len && b32[b32len - 1] == '=')
        b32[--b32len] = '\0';
    if (!put("otpauth://totp/", out, size, &len) && !pct(issuer, out, size, &len) && !put(":", out, size, &len) &&
        !pct(account, out, size, &len) && !put("?secret=", out, size, &len) && !put(b32, out, size, &len) &&
        !put("&issuer=", out, size, &len) && !pct(issuer, out, size, &len) &&
        !put("&algorithm=SHA1&digits=6&period=30", out, size, &len))
        rc = 0;
    sodium_memzero(b32, b32len);
    free(b32);
    if (rc)
        out[0] = '\0';
    return rc;
}
