/* SPDX-License-Identifier: Apache-2.0 */
/* Inside src/app only: what the exchange's files share (reconciliation, national files, lists from
 * above). */
#ifndef XY_EXCHANGE_INT_H
#define XY_EXCHANGE_INT_H

#include <jansson.h>

#include "app/app_int.h"
#include "app/exchange.h"

/* The record's sealed part opened: OUT *plain (caller frees with xy_free() after wiping it with
 * sodium_memzero), *n its length; NULL and 0 when the record has none. XY_ECRYPTO when it does not
 * open under this platform's key, XY_ENOMEM. */
int xy_exchange_open_sealed(struct xy_app *app, const struct xy_record_row *r, char **plain, size_t *n,
                            struct xy_error *err);

/* The record's fields with the sealed ones opened (ID numbers in clear), as JSON: the office's full
 * view of what was sent. Caller owns it. NULL with err set when the sealed part does not open or out
 * of memory. */
json_t *xy_exchange_full_fields(struct xy_app *app, const struct xy_record_row *r, struct xy_error *err);

/* A name of a destination, source or list source: 1 to 64 letters, digits, '-', '_', '.' or ':'. */
int xy_exchange_name_ok(const char *s);

/* The status a record has as of change `kind` (a withdrawal, a repair, an expiry), whatever it has
 * now: what the pushed batch and a subscription's notification say. */
const char *xy_exchange_change_status(const char *kind, const char *status);

/* A destination's bearer key, opened (or as kept in clear before migration 30). OUT: out (size
 * bytes). Returns 0, or -1 when it does not open or fit. */
int xy_exchange_dest_key(struct xy_app *app, const struct xy_dest_row *r, char *out, size_t size);

/* Signed batches (exchange_sign.c). Sizes: a sealed Ed25519 secret key, a public key and a
 * signature in base64 with their NUL, a nonce in hex. */
#define XY_EXCHANGE_SK_SEALED (64 + XY_SEAL_OVERHEAD)
#define XY_EXCHANGE_SIG_LEN 89
#define XY_EXCHANGE_NONCE_LEN 32

/* The string a batch's signature covers. OUT: out (size bytes). Returns 0, or -1 when it does not fit. */
int xy_exchange_canon(const char *source, int64_t ts, const char *nonce, const int64_t first[2],
                      const int64_t last[2], const char *body, size_t len, char *out, size_t size);

/* A new key pair. OUT: sealed (the secret key sealed with the platform's key), pub (base64). */
int xy_exchange_keypair(struct xy_app *app, uint8_t sealed[XY_EXCHANGE_SK_SEALED], char pub[XY_EXCHANGE_PUB_LEN]);

/* Signs canon with the sealed secret key. OUT: sig (base64). -1 when the key does not open. */
int xy_exchange_sign(struct xy_app *app, const uint8_t *sealed, size_t sealed_len, const char *canon,
                     char sig[XY_EXCHANGE_SIG_LEN]);

/* 0 when sig (base64) is pub's (base64) signature of canon, else -1. */
int xy_exchange_verify(const char *pub, const char *canon, const char *sig);

/* 1 when b64 is an Ed25519 public key in base64. */
int xy_exchange_pub_ok(const char *b64);

/* A random nonce in hex. OUT: out. */
void xy_exchange_nonce(char out[XY_EXCHANGE_NONCE_LEN + 1]);

#endif
