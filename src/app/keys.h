/* SPDX-License-Identifier: Apache-2.0 */
/* The platform's secret key and what is derived from it: sealing of personal ID numbers at rest
 * (XSalsa20-Poly1305 secretbox), the blind index that finds a person without storing the number
 * (keyed BLAKE2b), and keyed content hashes. The key lives outside the database, in a file of mode
 * 0600 next to it (DB.key) or where XINYONG_KEY_FILE says. */
#ifndef XY_KEYS_H
#define XY_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "common/xy_error.h"

#define XY_SEAL_OVERHEAD 40 /* nonce (24) + MAC (16) */

struct xy_keys {
    uint8_t seal[32];  /* secretbox key */
    uint8_t blind[32]; /* keyed-hash key for blind indexes and content hashes */
};

/* The key file for a database: $XINYONG_KEY_FILE, else "<db>.key" for a SQLite path. A database
 * server's address has no file beside it: XY_EINVAL unless XINYONG_KEY_FILE is set. OUT: out (size
 * bytes). */
int xy_keys_path(const char *db_path, char *out, size_t size, struct xy_error *err);

/* Loads the key file. With create, a missing file is made (mode 0600, 32 random bytes, written
 * atomically). Errors: XY_ECRYPTO (missing, wrong size, readable by others), XY_EIO. */
int xy_keys_load(const char *path, int create, struct xy_keys *out, struct xy_error *err);

/* Seals n bytes. OUT: out (n + XY_SEAL_OVERHEAD bytes). */
void xy_keys_seal(const struct xy_keys *k, const void *in, size_t n, uint8_t *out);

/* Opens a sealed value. OUT: out (n - XY_SEAL_OVERHEAD bytes). Returns 0, or -1 when it is not
 * authentic (wrong key or tampered). */
int xy_keys_open(const struct xy_keys *k, const uint8_t *in, size_t n, void *out);

/* Keyed BLAKE2b of data into out (outlen 16..64). */
void xy_keys_hash(const struct xy_keys *k, const void *data, size_t n, uint8_t *out, size_t outlen);

/* Keyed BLAKE2b of three pieces one after the other (no copy into one buffer). */
void xy_keys_hash2(const struct xy_keys *k, const void *a, size_t an, const void *b, size_t bn, const void *c,
                   size_t cn, uint8_t *out, size_t outlen);

/* Wipes the keys. */
void xy_keys_wipe(struct xy_keys *k);

#endif
