/* SPDX-License-Identifier: Apache-2.0 */
/* Inside src/app only: what the credit report's files share. The platform's SM2 key (a PEM file of
 * mode 0600 beside the database key), signatures of SM2 over SM3 (GM/T 0003, 0004) through OpenSSL 3
 * with the default distinguishing ID, and the hashes the register keeps. */
#ifndef XY_REPORT_INT_H
#define XY_REPORT_INT_H

#include <openssl/evp.h>
#include <stddef.h>
#include <stdint.h>

#include "common/xy_error.h"

/* The SM2 user ID both signer and verifier use (GM/T 0009's default, OpenSSL's EVP_PKEY_CTX_set1_id). */
#define XY_REPORT_SM2_ID "1234567812345678"
/* The prefix of the signed package in the PDF's Keywords entry (app/report.h explains the package). */
#define XY_REPORT_EMBED_PREFIX "xinyong-report-v1:"

/* The SM2 key file: "<key file>.sm2.pem" when XINYONG_KEY_FILE names the database key elsewhere, else
 * "<db>.sm2.pem": always beside the database key. OUT: out (size bytes). */
void xy_report_key_path(const char *db_path, char *out, size_t size);

/* Makes the key file when it is missing (mode 0600, written atomically; a key made meanwhile by
 * another process is kept). XY_EIO, XY_ECRYPTO. */
int xy_report_key_ensure(const char *path, struct xy_error *err);

/* Loads the private key. XY_ECRYPTO when missing, readable by others or not an SM2 key. OUT: *out,
 * free with EVP_PKEY_free. */
int xy_report_key_load(const char *path, EVP_PKEY **out, struct xy_error *err);

/* The public half as PEM (SubjectPublicKeyInfo). Caller frees *pem with xy_free(). */
int xy_report_key_public_pem(EVP_PKEY *k, char **pem, size_t *len, struct xy_error *err);

/* A public key from PEM text. XY_ECRYPTO when it is not an SM2 public key. */
int xy_report_key_from_pem(const char *pem, size_t len, EVP_PKEY **out, struct xy_error *err);

/* SM2 signature over SM3 of msg (DER). Caller frees *sig with xy_free(). */
int xy_report_sign(EVP_PKEY *k, const void *msg, size_t n, uint8_t **sig, size_t *siglen, struct xy_error *err);

/* 1 when sig is the key's SM2/SM3 signature of msg, else 0. */
int xy_report_sig_ok(EVP_PKEY *k, const void *msg, size_t n, const uint8_t *sig, size_t siglen);

/* SM3 and SHA-256 digests. */
void xy_report_sm3(const void *data, size_t n, uint8_t out[32]);
void xy_report_sha256(const void *data, size_t n, uint8_t out[32]);

/* Lower-case hex of n bytes into out (2n+1 bytes). */
void xy_report_hex(const uint8_t *in, size_t n, char *out);

#endif
