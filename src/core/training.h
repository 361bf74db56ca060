/* SPDX-License-Identifier: Apache-2.0 */
/* Repair training (信用修复培训), DOMAIN.md sections 4.2 and 7: a course's short test and its scoring,
 * pure. A quiz is JSON:
 *   {"pass_mark": 60, "questions": [{"q": "...", "choices": ["...", "..."], "answer": 0}, ...]}
 * pass_mark is a percentage (1 to 100) of right answers; answer is the index of the right choice.
 * The answers never leave the server: the public view drops them, and a subject's answers are scored
 * here. */
#ifndef XY_TRAINING_H
#define XY_TRAINING_H

#include <jansson.h>

#include "common/xy_error.h"

#define XY_QUIZ_QUESTIONS_MAX 50
#define XY_QUIZ_CHOICES_MAX 8
#define XY_QUIZ_TEXT_MAX 1000 /* bytes of a question or a choice */

/* Checks a quiz whole: XY_EINVAL naming the first fault (which question, which field) otherwise. */
int xy_quiz_check(const json_t *quiz, struct xy_error *err);

/* The quiz as a subject sees it: questions and choices, no answers. NULL when out of memory. The
 * quiz must have passed xy_quiz_check. Caller owns the result. */
json_t *xy_quiz_public(const json_t *quiz);

/* Scores answers (an array of choice indexes, one per question, in order) against a checked quiz.
 * OUT: *right, *total, *passed (right * 100 >= pass_mark * total). XY_EINVAL when answers is not an
 * array of as many whole numbers, each an index of its question's choices. */
int xy_quiz_score(const json_t *quiz, const json_t *answers, int *right, int *total, int *passed,
                  struct xy_error *err);

#endif
