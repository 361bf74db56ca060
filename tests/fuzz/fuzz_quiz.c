/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target: a training course's test and a subject's answers (core/training.c), as the office
 * and a subject send them. The input is JSON {"quiz": ..., "answers": ...}. Beyond "no crash": a quiz
 * refused says why; an accepted one's public view names no answer; a score is never more than the
 * questions, and a pass is exactly right * 100 >= pass_mark * total. */
#include <string.h>

#include "core/training.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_error_t jerr;
    json_t *in = json_loadb((const char *)data, size, 0, &jerr);
    if (!in)
        return 0;
    const json_t *quiz = json_object_get(in, "quiz"), *answers = json_object_get(in, "answers");
    struct xy_error err = {0};
    int rc = xy_quiz_check(quiz, &err);
    if (rc) {
        FUZZ_CHECK(rc == XY_EINVAL && err.msg[0]);
    } else {
        json_t *pub = xy_quiz_public(quiz);
        if (pub) {
            const json_t *qs = json_object_get(pub, "questions");
            for (size_t i = 0; i < json_array_size(qs); i++)
                FUZZ_CHECK(json_object_get(json_array_get(qs, i), "answer") == NULL);
            json_decref(pub);
        }
        int right = -1, total = -1, passed = -1;
        rc = xy_quiz_score(quiz, answers, &right, &total, &passed, &err);
        if (rc) {
            FUZZ_CHECK(rc == XY_EINVAL && err.msg[0] && passed == 0);
        } else {
            FUZZ_CHECK(total == (int)json_array_size(json_object_get(quiz, "questions")));
            FUZZ_CHECK(right >= 0 && right <= total);
            FUZZ_CHECK(passed == ((json_int_t)right * 100 >= json_integer_value(json_object_get(quiz, "pass_mark")) * total));
        }
    }
    json_decref(in);
    return 0;
}
