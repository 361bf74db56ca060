/* SPDX-License-Identifier: Apache-2.0 */
/* The platform's SM2 key and the report's signatures and hashes, all through OpenSSL 3 and libsodium
 * (report_int.h): no cryptography of our own. */
#include "app/report_int.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/pem.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/keys.h"
#include "common/xy_alloc.h"

void xy_report_key_path(const char *db_path, char *out, size_t size)
{
    const char *env = getenv("XINYONG_KEY_FILE");
    if (env && *env)
        snprintf(out, size, "%s.sm2.pem", env);
    else
        snprintf(out, size, "%s.sm2.pem", db_path);
}

int xy_report_key_ensure(const char *path, struct xy_error *err)
{
    struct stat sb;
    if (stat(path, &sb) == 0)
        return XY_OK;
    if (errno != ENOENT)
        return xy_error_set(err, XY_EIO, "报告签名密钥 %1$s (report key %1$s): %2$s", path, strerror(errno));
    EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "SM2");
    if (!k)
        return xy_error_set(err, XY_ECRYPTO, "无法生成 SM2 报告签名密钥（OpenSSL 不支持 SM2？） (the SM2 report key could not be made (OpenSSL without SM2?))");
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) {
        EVP_PKEY_free(k);
        return xy_error_set(err, XY_EIO, "无法创建报告签名密钥 %1$s (cannot create report key %1$s): %2$s", tmp, strerror(errno));
    }
    FILE *f = fdopen(fd, "w");
    int ok = f && PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL) == 1;
    EVP_PKEY_free(k);
    ok = ok && fflush(f) == 0 && fsync(fd) == 0;
    if (f)
        fclose(f);
    else
        close(fd);
    if (!ok) {
        unlink(tmp);
        return xy_error_set(err, XY_EIO, "无法写入报告签名密钥 %1$s (cannot write report key %1$s)", tmp);
    }
    /* link() fails when another process made the key first: theirs is kept. */
    if (link(tmp, path) != 0 && errno != EEXIST) {
        int e = errno;
        unlink(tmp);
        return xy_error_set(err, XY_EIO, "无法创建报告签名密钥 %1$s (cannot create report key %1$s): %2$s", path, strerror(e));
    }
    unlink(tmp);
    return XY_OK;
}

static int is_sm2(EVP_PKEY *k)
{
    return k && EVP_PKEY_is_a(k, "SM2");
}

int xy_report_key_load(const char *path, EVP_PKEY **out, struct xy_error *err)
{
    struct stat sb;
    *out = NULL;
    if (stat(path, &sb) != 0)
        return xy_error_set(err, XY_ECRYPTO, "报告签名密钥 %s 不存在，请运行 `xinyong init` (report key %s: %s; run "
                            "`xinyong init`)", path, path, strerror(errno));
    if (sb.st_mode & (S_IRWXG | S_IRWXO))
        return xy_error_set(err, XY_ECRYPTO, "报告签名密钥 %1$s 可被他人读取（权限 %2$o），请执行 chmod 600 (report key %1$s is readable by others (mode %2$o); chmod 600 it)", path,
                            (unsigned)(sb.st_mode & 0777));
    FILE *f = fopen(path, "r");
    if (!f)
        return xy_error_set(err, XY_EIO, "无法读取报告签名密钥 %1$s (cannot read report key %1$s): %2$s", path, strerror(errno));
    EVP_PKEY *k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
    fclose(f);
    if (!is_sm2(k)) {
        EVP_PKEY_free(k);
        return xy_error_set(err, XY_ECRYPTO, "报告签名密钥 %1$s 不是 SM2 私钥 (report key %1$s is not an SM2 private key)", path);
    }
    *out = k;
    return XY_OK;
}

int xy_report_key_public_pem(EVP_PKEY *k, char **pem, size_t *len, struct xy_error *err)
{
    BIO *b = BIO_new(BIO_s_mem());
    char *data = NULL;
    *pem = NULL;
    if (!b || PEM_write_bio_PUBKEY(b, k) != 1) {
        BIO_free(b);
        return xy_error_set(err, XY_ECRYPTO, "无法写出报告签名密钥的公钥 (the report key's public half could not be written)");
    }
    long n = BIO_get_mem_data(b, &data);
    char *copy = n > 0 ? xy_strndup(data, (size_t)n) : NULL;
    BIO_free(b);
    if (!copy)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    *pem = copy;
    if (len)
        *len = (size_t)n;
    return XY_OK;
}

int xy_report_key_from_pem(const char *pem, size_t len, EVP_PKEY **out, struct xy_error *err)
{
    *out = NULL;
    BIO *b = len <= 1u << 20 ? BIO_new_mem_buf(pem, (int)len) : NULL;
    EVP_PKEY *k = b ? PEM_read_bio_PUBKEY(b, NULL, NULL, NULL) : NULL;
    BIO_free(b);
    if (!is_sm2(k)) {
        EVP_PKEY_free(k);
        return xy_error_set(err, XY_ECRYPTO, "公钥不是 PEM 格式的 SM2 公钥 (the public key is not an SM2 public key "
                            "in PEM)");
    }
    *out = k;
    return XY_OK;
}

/* A digest context for SM2 over SM3 with the distinguishing ID set. */
static EVP_MD_CTX *sm2_ctx(EVP_PKEY *k, int sign)
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new(k, NULL);
    if (!md || !pc || EVP_PKEY_CTX_set1_id(pc, XY_REPORT_SM2_ID, strlen(XY_REPORT_SM2_ID)) != 1) {
        EVP_MD_CTX_free(md);
        EVP_PKEY_CTX_free(pc);
        return NULL;
    }
    EVP_MD_CTX_set_pkey_ctx(md, pc); /* md does not take ownership: freed after md */
    int ok = sign ? EVP_DigestSignInit(md, NULL, EVP_sm3(), NULL, k) : EVP_DigestVerifyInit(md, NULL, EVP_sm3(), NULL, k);
    if (ok != 1) {
        EVP_MD_CTX_free(md);
        EVP_PKEY_CTX_free(pc);
        return NULL;
    }
    return md;
}

static void sm2_ctx_free(EVP_MD_CTX *md)
{
    if (!md)
        return;
    EVP_PKEY_CTX *pc = EVP_MD_CTX_get_pkey_ctx(md);
    EVP_MD_CTX_free(md);
    EVP_PKEY_CTX_free(pc);
}

int xy_report_sign(EVP_PKEY *k, const void *msg, size_t n, uint8_t **sig, size_t *siglen, struct xy_error *err)
{
    EVP_MD_CTX *md = sm2_ctx(k, 1);
    size_t len = 0;
    uint8_t *out = NULL;
    *sig = NULL;
    *siglen = 0;
    if (!md || EVP_DigestSign(md, NULL, &len, msg, n) != 1 || !(out = xy_malloc(len)))
        goto fail;
    sm2_ctx_free(md);
    /* EVP_DigestSign may be called once per initialisation: sign on a fresh context. */
    md = sm2_ctx(k, 1);
    if (!md || EVP_DigestSign(md, out, &len, msg, n) != 1)
        goto fail;
    sm2_ctx_free(md);
    *sig = out;
    *siglen = len;
    return XY_OK;
fail:
    sm2_ctx_free(md);
    xy_free(out);
    return xy_error_set(err, XY_ECRYPTO, "SM2 签名失败 (the SM2 signature failed)");
}

int xy_report_sig_ok(EVP_PKEY *k, const void *msg, size_t n, const uint8_t *sig, size_t siglen)
{
    EVP_MD_CTX *md = sm2_ctx(k, 0);
    int ok = md && EVP_DigestVerify(md, sig, siglen, msg, n) == 1;
    sm2_ctx_free(md);
    return ok;
}

void xy_report_sm3(const void *data, size_t n, uint8_t out[32])
{
    unsigned int len = 32;
    if (EVP_Digest(data, n, out, &len, EVP_sm3(), NULL) != 1)
        memset(out, 0, 32);
}

void xy_report_sha256(const void *data, size_t n, uint8_t out[32])
{
    crypto_hash_sha256(out, data, n);
}

void xy_report_hex(const uint8_t *in, size_t n, char *out)
{
    sodium_bin2hex(out, 2 * n + 1, in, n);
}
