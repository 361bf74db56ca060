/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target: the inbound exchange batch (xy_exchange_inbound, src/app/exchange_in.c) on a real
 * database made once in a temporary directory. The input is the batch's body; the harness signs it
 * as the lower platform "xiaogan" would (its own copy of the canonical string, docs/internals/
 * EXCHANGE.md), so that the fuzzer reaches the parser and the records' checks behind the signature.
 * Checked: an accepted batch's acknowledgement is JSON that acknowledges the batch's last position;
 * a refusal has a message; a batch refused as out of sequence names the position that the accepted
 * ones left (so a refused batch moved nothing); and the same signed request sent twice is refused
 * the second time (a replay), whatever the first answer was. */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/auth.h"
#include "app/exchange.h"
#include "common/xy_alloc.h"
#include "common/xy_clock.h"
#include "fuzz_check.h"

static struct xy_app *app;
static uint8_t sk[crypto_sign_SECRETKEYBYTES];
static int64_t held[2]; /* the position the accepted batches left */

static void cleanup(void)
{
    xy_app_close(app);
}

static int setup(void)
{
    static char dir[] = "/tmp/xy-fuzz-exchange-XXXXXX";
    char db[96], pub[64];
    uint8_t pk[crypto_sign_PUBLICKEYBYTES];
    struct xy_error err = {0};
    int from, to, loaded;
    size_t len;
    struct xy_principal op;
    if (sodium_init() < 0 || !mkdtemp(dir))
        return -1;
    snprintf(db, sizeof db, "%s/x.db", dir);
    const char *cat = xy_app_default_catalog(&len);
    if (xy_app_init(db, NULL, cat, len, &from, &to, &loaded, &err) || xy_app_open(db, NULL, &app, &err)) {
        fprintf(stderr, "fuzz_exchange_inbound: %s\n", err.msg);
        return -1;
    }
    crypto_sign_keypair(pk, sk);
    sodium_bin2base64(pub, sizeof pub, pk, sizeof pk, sodium_base64_VARIANT_ORIGINAL);
    xy_principal_operator(&op);
    if (xy_exchange_source_key(app, &op, "xiaogan", pub, &err)) {
        fprintf(stderr, "fuzz_exchange_inbound: %s\n", err.msg);
        return -1;
    }
    atexit(cleanup);
    return 0;
}

static void pos(const json_t *doc, const char *name, long long out[2])
{
    const json_t *p = json_object_get(doc, name);
    out[0] = json_integer_value(json_object_get(p, "seq"));
    out[1] = json_integer_value(json_object_get(p, "part"));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    if (!ready)
        ready = setup() == 0 ? 1 : -1;
    FUZZ_CHECK(ready == 1);
    json_error_t jerr;
    json_t *doc = json_loadb((const char *)data, size, 0, &jerr);
    long long first[2] = {0, 0}, last[2] = {0, 0};
    pos(doc, "first", first);
    pos(doc, "last", last);
    json_decref(doc);

    uint8_t h[crypto_hash_sha256_BYTES], s[crypto_sign_BYTES], r[16];
    char hex[65], nonce[33], ts[24], sig[100], canon[512];
    struct xy_clock real;
    xy_clock_real(&real);
    crypto_hash_sha256(h, data, size);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    randombytes_buf(r, sizeof r);
    sodium_bin2hex(nonce, sizeof nonce, r, sizeof r);
    snprintf(ts, sizeof ts, "%lld", (long long)xy_clock_unix(&real));
    snprintf(canon, sizeof canon, "xinyong-exchange-v1\nxiaogan\n%s\n%s\n%lld.%lld-%lld.%lld\n%s", ts, nonce, first[0],
             first[1], last[0], last[1], hex);
    crypto_sign_detached(s, NULL, (const unsigned char *)canon, strlen(canon), sk);
    sodium_bin2base64(sig, sizeof sig, s, sizeof s, sodium_base64_VARIANT_ORIGINAL);

    struct xy_principal by = {.key_id = 1, .role = XY_ROLE_PLATFORM};
    snprintf(by.name, sizeof by.name, "xiaogan");
    struct xy_exchange_sig sg = {.timestamp = ts, .nonce = nonce, .signature = sig};
    struct xy_error err = {0};
    char *ack = NULL;
    int64_t expected[2];
    int rc = xy_exchange_inbound(app, &by, &sg, (const char *)data, size, &ack, expected, &err);
    if (rc == XY_OK) {
        json_t *a = json_loads(ack, 0, &jerr);
        long long got[2];
        FUZZ_CHECK(json_is_object(a));
        pos(a, "acked", got);
        FUZZ_CHECK(got[0] == last[0] && got[1] == last[1]);
        json_decref(a);
        if (got[0] > held[0] || (got[0] == held[0] && got[1] != held[1])) {
            held[0] = got[0];
            held[1] = got[1];
        }
    } else {
        FUZZ_CHECK(ack == NULL && err.msg[0] != '\0');
        if (rc == XY_ESTATE)
            FUZZ_CHECK(expected[0] == held[0] && expected[1] == held[1]);
    }
    xy_free(ack);
    /* The same request again, signature and all: a replay, refused. */
    ack = NULL;
    memset(&err, 0, sizeof err);
    rc = xy_exchange_inbound(app, &by, &sg, (const char *)data, size, &ack, expected, &err);
    FUZZ_CHECK(rc != XY_OK && ack == NULL);
    return 0;
}
