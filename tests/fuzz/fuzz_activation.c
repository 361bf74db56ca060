/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target: an activation code as an applicant types it (xy_activation_code_parse, the public
 * POST /api/v1/activation). Beyond "no crash": a code refused gives no id; an accepted one gives a
 * positive id and a secret of Crockford's base32 in upper case, and written out again in the form the
 * office hands over it parses to the same id and secret. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/application.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    int64_t id = -1, again_id = -1;
    char secret[XY_ACTIVATION_SECRET_CHARS], again[XY_ACTIVATION_SECRET_CHARS], out[XY_ACTIVATION_CODE_SIZE];
    if (xy_activation_code_parse(text, &id, secret) != 0) {
        FUZZ_CHECK(id == 0);
    } else {
        FUZZ_CHECK(id > 0);
        for (int i = 0; i < XY_ACTIVATION_SECRET_CHARS; i++)
            FUZZ_CHECK(secret[i] && strchr("0123456789ABCDEFGHJKMNPQRSTVWXYZ", secret[i]));
        int n = snprintf(out, sizeof out, "%lld-%.4s-%.4s-%.4s-%.4s", (long long)id, secret, secret + 4, secret + 8,
                         secret + 12);
        FUZZ_CHECK(n > 0 && (size_t)n < sizeof out);
        FUZZ_CHECK(xy_activation_code_parse(out, &again_id, again) == 0);
        FUZZ_CHECK(again_id == id && memcmp(again, secret, sizeof secret) == 0);
    }
    free(text);
    return 0;
}
