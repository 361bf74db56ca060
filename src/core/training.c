/* SPDX-License-Identifier: Apache-2.0 */
/* A repair-training course's test: checking the office's quiz and scoring a subject's answers. */
#include "core/training.h"

#include <string.h>

static int text_ok(const json_t *v)
{
    const char *s = json_string_value(v);
    size_t n = s ? strlen(s) : 0;
    return n > 0 && n <= XY_QUIZ_TEXT_MAX;
}

int xy_quiz_check(const json_t *quiz, struct xy_error *err)
{
    if (!json_is_object(quiz))
        return xy_error_set(err, XY_EINVAL, "测验须为 JSON 对象 (the quiz must be a JSON object)");
    const char *k;
    const json_t *v;
    json_object_foreach((json_t *)quiz, k, v)
        if (strcmp(k, "pass_mark") != 0 && strcmp(k, "questions") != 0)
            return xy_error_set(err, XY_EINVAL, "测验中有未知字段 %.40s (unknown quiz member %.40s)", k, k);
    const json_t *pm = json_object_get(quiz, "pass_mark"), *qs = json_object_get(quiz, "questions");
    if (!json_is_integer(pm) || json_integer_value(pm) < 1 || json_integer_value(pm) > 100)
        return xy_error_set(err, XY_EINVAL, "pass_mark（合格线）须为 1 至 100 的整数 (pass_mark must be a whole "
                            "number from 1 to 100, the percentage of right answers to pass)");
    size_t n = json_array_size(qs);
    if (!json_is_array(qs) || n == 0 || n > XY_QUIZ_QUESTIONS_MAX)
        return xy_error_set(err, XY_EINVAL, "questions（试题）须为 1 至 %d 道题的数组 (questions must be an array of 1 "
                            "to %d questions)", XY_QUIZ_QUESTIONS_MAX, XY_QUIZ_QUESTIONS_MAX);
    for (size_t i = 0; i < n; i++) {
        const json_t *q = json_array_get(qs, i), *ch = json_object_get(q, "choices"),
                     *ans = json_object_get(q, "answer");
        if (!json_is_object(q) || json_object_size(q) != 3 || !text_ok(json_object_get(q, "q")))
            return xy_error_set(err, XY_EINVAL, "第 %zu 题须有 q（题目，1 至 %d 字节）、choices 和 answer，别无其他 "
                                "(question %zu needs q of 1 to %d bytes, choices and answer, and nothing else)",
                                i + 1, XY_QUIZ_TEXT_MAX, i + 1, XY_QUIZ_TEXT_MAX);
        size_t nc = json_array_size(ch);
        if (!json_is_array(ch) || nc < 2 || nc > XY_QUIZ_CHOICES_MAX)
            return xy_error_set(err, XY_EINVAL, "第 %zu 题须有 2 至 %d 个选项 (question %zu needs 2 to %d choices)", i + 1,
                                XY_QUIZ_CHOICES_MAX, i + 1, XY_QUIZ_CHOICES_MAX);
        for (size_t c = 0; c < nc; c++)
            if (!text_ok(json_array_get(ch, c)))
                return xy_error_set(err, XY_EINVAL, "第 %zu 题第 %zu 个选项须为 1 至 %d 字节的文本 (question %zu, choice "
                                    "%zu: text of 1 to %d bytes)", i + 1, c + 1, XY_QUIZ_TEXT_MAX, i + 1, c + 1,
                                    XY_QUIZ_TEXT_MAX);
        if (!json_is_integer(ans) || json_integer_value(ans) < 0 || (size_t)json_integer_value(ans) >= nc)
            return xy_error_set(err, XY_EINVAL, "第 %zu 题的 answer 须为正确选项的序号，0 至 %zu (question %zu: answer "
                                "must be the index of the right choice, 0 to %zu)", i + 1, nc - 1, i + 1, nc - 1);
    }
    return 0;
}

json_t *xy_quiz_public(const json_t *quiz)
{
    const json_t *qs = json_object_get(quiz, "questions");
    json_t *out = json_array();
    for (size_t i = 0; out && i < json_array_size(qs); i++) {
        const json_t *q = json_array_get(qs, i);
        json_t *p = json_pack("{s:O, s:O}", "q", json_object_get(q, "q"), "choices", json_object_get(q, "choices"));
        if (!p || json_array_append_new(out, p) != 0) {
            json_decref(out);
            return NULL;
        }
    }
    return out ? json_pack("{s:O, s:o}", "pass_mark", json_object_get(quiz, "pass_mark"), "questions", out) : NULL;
}

int xy_quiz_score(const json_t *quiz, const json_t *answers, int *right, int *total, int *passed,
                  struct xy_error *err)
{
    const json_t *qs = json_object_get(quiz, "questions");
    size_t n = json_array_size(qs);
    *right = *total = *passed = 0;
    if (!json_is_array(answers) || json_array_size(answers) != n)
        return xy_error_set(err, XY_EINVAL, "须按顺序回答全部 %zu 道题 (answers must be an array of %zu choices, one "
                            "per question)", n, n);
    int ok = 0;
    for (size_t i = 0; i < n; i++) {
        const json_t *q = json_array_get(qs, i), *a = json_array_get(answers, i);
        size_t nc = json_array_size(json_object_get(q, "choices"));
        if (!json_is_integer(a) || json_integer_value(a) < 0 || (size_t)json_integer_value(a) >= nc)
            return xy_error_set(err, XY_EINVAL, "第 %zu 题的回答须为选项序号 0 至 %zu (answer %zu must be a choice "
                                "index from 0 to %zu)", i + 1, nc - 1, i + 1, nc - 1);
        ok += json_integer_value(a) == json_integer_value(json_object_get(q, "answer"));
    }
    *right = ok;
    *total = (int)n;
    *passed = (json_int_t)ok * 100 >= json_integer_value(json_object_get(quiz, "pass_mark")) * (json_int_t)n;
    return 0;
}
