/* SPDX-License-Identifier: Apache-2.0 */
/* Key file handling and the libsodium primitives behind sealing and blind indexes. */
#include "app/keys.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/store.h"

_Static_assert(XY_SEAL_OVERHEAD == crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES, "seal overhead");

int xy_keys_path(const char *db_path, char *out, size_t size, struct xy_error *err)
{
    const char *env = getenv("XINYONG_KEY_FILE");
    if (env && *env) {
        snprintf(out, size, "%s", env);
        return XY_OK;
    }
    *out = '\0';
    /* The key stays on the application host, never in the database (docs/internals/POSTGRES.md). */
    if (xy_store_is_server(db_path))
        return xy_error_set(err, XY_EINVAL,
                            "数据库为 PostgreSQL 服务器时必须用 XINYONG_KEY_FILE 指定密钥文件的路径（密钥文件留在应用主机上，"
                            "不放入数据库） (XINYONG_KEY_FILE must name the key file when the database is a PostgreSQL "
                            "server: the key file stays on the application host, never in the database)");
    snprintf(out, size, "%s.key", db_path);
    return XY_OK;
}

static int derive(const uint8_t master[32], struct xy_keys *out)
{
    /* Independent subkeys, so a leak of one use never weakens another. */
    if (crypto_kdf_derive_from_key(out->seal, sizeof out->seal, 1, "xy-seal ", master) ||
        crypto_kdf_derive_from_key(out->blind, sizeof out->blind, 2, "xy-blind", master))
        return -1;
    return 0;
}

static int create_key(const char *path, struct xy_error *err)
{
    uint8_t master[32];
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
    randombytes_buf(master, sizeof master);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0)
        return xy_error_set(err, XY_EIO, "无法创建密钥文件 %1$s (cannot create key file %1$s): %2$s", tmp, strerror(errno));
    ssize_t w = write(fd, master, sizeof master);
    sodium_memzero(master, sizeof master);
    if (w != (ssize_t)sizeof master || fsync(fd) != 0) {
        close(fd);
        unlink(tmp);
        return xy_error_set(err, XY_EIO, "无法写入密钥文件 %1$s (cannot write key file %1$s)", tmp);
    }
    close(fd);
    /* link() fails when another process created the key first: theirs is kept. */
    if (link(tmp, path) != 0 && errno != EEXIST) {
        int e = errno;
        unlink(tmp);
        return xy_error_set(err, XY_EIO, "无法创建密钥文件 %1$s (cannot create key file %1$s): %2$s", path, strerror(e));
    }
    unlink(tmp);
    return XY_OK;
}

int xy_keys_load(const char *path, int create, struct xy_keys *out, struct xy_error *err)
{
    if (sodium_init() < 0)
        return xy_error_set(err, XY_ECRYPTO, "libsodium 无法初始化 (libsodium could not be initialised)");
    struct stat sb;
    if (stat(path, &sb) != 0) {
        if (errno != ENOENT || !create)
            return xy_error_set(err, XY_ECRYPTO,
                                "key file %s: %s (run `xinyong init`, or set XINYONG_KEY_FILE)", path,
                                strerror(errno));
        int rc = create_key(path, err);
        if (rc)
            return rc;
        if (stat(path, &sb) != 0)
            return xy_error_set(err, XY_EIO, "密钥文件 %1$s (key file %1$s): %2$s", path, strerror(errno));
    }
    if (sb.st_mode & (S_IRWXG | S_IRWXO))
        return xy_error_set(err, XY_ECRYPTO, "密钥文件 %1$s 可被他人读取（权限 %2$o），请执行 chmod 600 (key file %1$s is readable by others (mode %2$o); chmod 600 it)", path,
                            (unsigned)(sb.st_mode & 0777));
    uint8_t master[32];
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return xy_error_set(err, XY_EIO, "无法读取密钥文件 %1$s (cannot read key file %1$s): %2$s", path, strerror(errno));
    ssize_t n = read(fd, master, sizeof master);
    char extra;
    ssize_t more = read(fd, &extra, 1);
    close(fd);
    if (n != (ssize_t)sizeof master || more != 0) {
        sodium_memzero(master, sizeof master);
        return xy_error_set(err, XY_ECRYPTO, "密钥文件 %1$s 不是 32 字节的密钥 (key file %1$s is not a 32-byte key)", path);
    }
    int bad = derive(master, out);
    sodium_memzero(master, sizeof master);
    if (bad)
        return xy_error_set(err, XY_ECRYPTO, "密钥派生失败 (key derivation failed)");
    return XY_OK;
}

void xy_keys_seal(const struct xy_keys *k, const void *in, size_t n, uint8_t *out)
{
    randombytes_buf(out, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES, in, n, out, k->seal);
}

int xy_keys_open(const struct xy_keys *k, const uint8_t *in, size_t n, void *out)
{
    if (n < XY_SEAL_OVERHEAD)
        return -1;
    return crypto_secretbox_open_easy(out, in + crypto_secretbox_NONCEBYTES, n - crypto_secretbox_NONCEBYTES, in,
                                      k->seal) == 0
               ? 0
               : -1;
}

void xy_keys_hash(const struct xy_keys *k, const void *data, size_t n, uint8_t *out, size_t outlen)
{
    crypto_generichash(out, outlen, data, n, k->blind, sizeof k->blind);
}

void xy_keys_hash2(const struct xy_keys *k, const void *a, size_t an, const void *b, size_t bn, const void *c,
                   size_t cn, uint8_t *out, size_t outlen)
{
    crypto_generichash_state st;
    crypto_generichash_init(&st, k->blind, sizeof k->blind, outlen);
    crypto_generichash_update(&st, a, an);
    crypto_generichash_update(&st, b, bn);
    crypto_generichash_update(&st, c, cn);
    crypto_generichash_final(&st, out, outlen);
}

void xy_keys_wipe(struct xy_keys *k)
{
    sodium_memzero(k, sizeof *k);
}
