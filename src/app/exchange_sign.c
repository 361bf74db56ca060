/* SPDX-License-Identifier: Apache-2.0 */
/* Signed batches (docs/internals/EXCHANGE.md, "Keys and signatures"): each destination has an
 * Ed25519 key pair, its secret sealed with the platform's key as ID numbers are; the destination
 * registers the public key for the lower platform and verifies every batch's signature over a
 * canonical string: the scheme and source, a timestamp, a nonce, the batch's first and last
 * positions and the SHA-256 of the body. Ed25519 rather than HMAC so that the receiver holds no
 * secret that could forge a lower platform's batches. */
#include "app/exchange_int.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/audit.h"
#include "common/xy_alloc.h"

int xy_exchange_canon(const char *source, int64_t ts, const char *nonce, const int64_t first[2],
                      const int64_t last[2], const char *body, size_t len, char *out, size_t size)
{
    uint8_t h[crypto_hash_sha256_BYTES];
    char hex[2 * crypto_hash_sha256_BYTES + 1];
    crypto_hash_sha256(h, (const unsigned char *)body, len);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    int n = snprintf(out, size, "xinyong-exchange-v1\n%s\n%lld\n%s\n%lld.%lld-%lld.%lld\n%s", source, (long long)ts,
                     nonce, (long long)first[0], (long long)first[1], (long long)last[0], (long long)last[1], hex);
    return n > 0 && (size_t)n < size ? 0 : -1;
}

int xy_exchange_keypair(struct xy_app *app, uint8_t sealed[XY_EXCHANGE_SK_SEALED], char pub[XY_EXCHANGE_PUB_LEN])
{
    uint8_t pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    if (crypto_sign_keypair(pk, sk) != 0)
        return -1;
    xy_keys_seal(&app->keys, sk, sizeof sk, sealed);
    sodium_memzero(sk, sizeof sk);
    sodium_bin2base64(pub, XY_EXCHANGE_PUB_LEN, pk, sizeof pk, sodium_base64_VARIANT_ORIGINAL);
    return 0;
}

int xy_exchange_sign(struct xy_app *app, const uint8_t *sealed, size_t sealed_len, const char *canon,
                     char sig[XY_EXCHANGE_SIG_LEN])
{
    uint8_t sk[crypto_sign_SECRETKEYBYTES], s[crypto_sign_BYTES];
    if (!sealed || sealed_len != XY_EXCHANGE_SK_SEALED || xy_keys_open(&app->keys, sealed, sealed_len, sk) != 0)
        return -1;
    crypto_sign_detached(s, NULL, (const unsigned char *)canon, strlen(canon), sk);
    sodium_memzero(sk, sizeof sk);
    sodium_bin2base64(sig, XY_EXCHANGE_SIG_LEN, s, sizeof s, sodium_base64_VARIANT_ORIGINAL);
    return 0;
}

/* Decodes exactly n bytes of standard base64. */
static int unb64(const char *b64, uint8_t *out, size_t n)
{
    size_t got = 0;
    if (!b64 || strlen(b64) != sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL) - 1)
        return -1;
    if (sodium_base642bin(out, n, b64, strlen(b64), NULL, &got, NULL, sodium_base64_VARIANT_ORIGINAL) != 0)
        return -1;
    return got == n ? 0 : -1;
}

int xy_exchange_pub_ok(const char *b64)
{
    uint8_t pk[crypto_sign_PUBLICKEYBYTES];
    return unb64(b64, pk, sizeof pk) == 0;
}

int xy_exchange_verify(const char *pub, const char *canon, const char *sig)
{
    uint8_t pk[crypto_sign_PUBLICKEYBYTES], s[crypto_sign_BYTES];
    if (unb64(pub, pk, sizeof pk) || unb64(sig, s, sizeof s))
        return -1;
    return crypto_sign_verify_detached(s, (const unsigned char *)canon, strlen(canon), pk);
}

void xy_exchange_nonce(char out[XY_EXCHANGE_NONCE_LEN + 1])
{
    uint8_t r[XY_EXCHANGE_NONCE_LEN / 2];
    randombytes_buf(r, sizeof r);
    sodium_bin2hex(out, XY_EXCHANGE_NONCE_LEN + 1, r, sizeof r);
}

int xy_exchange_source_key(struct xy_app *app, const struct xy_principal *by, const char *name, const char *pub,
                           struct xy_error *err)
{
    struct xy_store *st = app->store;
    char object[96];
    int rc;
    if (by->role != XY_ROLE_OFFICE && by->role != XY_ROLE_OPERATOR)
        return xy_error_set(err, XY_EDENIED, "只有信用办可以登记下级平台的公钥 (only the office registers a lower "
                            "platform's public key)");
    if (!xy_exchange_name_ok(name))
        return xy_error_set(err, XY_EINVAL, "下级平台名称须为 1 至 64 个字母、数字或 - _ . : (a lower platform's name is 1 "
                            "to 64 letters, digits, '-', '_', '.' or ':')");
    if (!xy_exchange_pub_ok(pub))
        return xy_error_set(err, XY_EINVAL, "公钥须为 Ed25519 公钥的 base64 编码（44 个字符） (the public key must be an "
                            "Ed25519 public key in base64, 44 characters)");
    snprintf(object, sizeof object, "source/%s", name);
    if ((rc = st->ops->begin(st, err)))
        return rc;
    rc = st->ops->source_key_set(st, name, pub, err);
    return xy_audit_commitj(app, by, "exchange.source_key", object, json_pack("{s:s}", "public_key", pub), rc, err);
}
