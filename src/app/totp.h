/* SPDX-License-Identifier: Apache-2.0 */
/* Time-based one-time passwords (RFC 6238) over liboath: codes of 30-second steps from Unix time 0,
 * the check of a code a staff member types, and the otpauth:// URI an authenticator app enrols. The
 * time is always passed in (the clock module's). */
#ifndef XY_TOTP_H
#define XY_TOTP_H

#include <stddef.h>
#include <stdint.h>

#define XY_TOTP_STEP 30
#define XY_TOTP_DIGITS 6
#define XY_TOTP_SECRET_BYTES 20 /* 160 bits, as RFC 4226 recommends */

enum xy_totp_alg { XY_TOTP_SHA1 = 0, XY_TOTP_SHA256, XY_TOTP_SHA512 };

/* The code of the step holding unix_s, digits 6 to 8. OUT: out (digits + 1 bytes). Returns 0, or -1
 * when liboath refuses (bad digits). */
int xy_totp_code(const uint8_t *secret, size_t n, int64_t unix_s, int digits, enum xy_totp_alg alg, char *out);

/* Checks a 6-digit SHA-1 code against the steps around unix_s (one before to one after, for clocks
 * a little apart), accepting only a step later than after_step (a code is good once). Compared in
 * constant time. OUT: *step, the step it matched. Returns 0, or -1 when it matches none. */
int xy_totp_check(const uint8_t *secret, size_t n, int64_t unix_s, const char *code, int64_t after_step,
                  int64_t *step);

/* The otpauth:// URI of a secret: otpauth://totp/ISSUER:ACCOUNT?secret=BASE32&issuer=ISSUER&
 * algorithm=SHA1&digits=6&period=30. issuer and account are percent-encoded. OUT: out (size bytes).
 * Returns 0, or -1 when it does not fit or out of memory. */
int xy_totp_uri(const uint8_t *secret, size_t n, const char *issuer, const char *account, char *out, size_t size);

#endif
