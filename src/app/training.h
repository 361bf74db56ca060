/* SPDX-License-Identifier: Apache-2.0 */
/* Repair training (信用修复培训): a subject takes a course the office published (an article of kind
 * "course", app/articles.h) online: it reads the materials and answers the test, which is scored on
 * the server (core/training.h). A pass gives a certificate whose number anyone can verify; a repair
 * of a record whose class says "repair_training" (the catalogue; by default the black list) needs
 * one, and every repair application shows the subject's certificates to whoever decides it. The
 * office sees the coverage the demonstration-city review counts (DOMAIN §7, at least 50 %). */
#ifndef XY_APP_TRAINING_H
#define XY_APP_TRAINING_H

#include <jansson.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"

#define XY_CERT_NO_MAX 32

/* A subject (its own key) answers the test of a published course. Every attempt is kept and
 * audited. OUT: *result {course, right, total, pass_mark, passed, certificate?: {number, course,
 * date}}. XY_ENOTFOUND when there is no such published course. */
int xy_training_take(struct xy_app *app, const struct xy_principal *by, int64_t course_id, const json_t *answers,
                     json_t **result, struct xy_error *err);

/* A certificate by number, to anyone: only its number, the subject's name (a person's masked to its
 * first character), the course and the day. XY_ENOTFOUND otherwise. */
int xy_training_certificate(struct xy_app *app, const char *number, json_t **out, struct xy_error *err);

/* The certificates of subject_id, newest first, as an array of {number, course, course_id, date}. To
 * the subject itself (subject_id 0: the caller's), the office, and a department or the office
 * deciding its repairs (app/claim.c). */
int xy_training_of_subject(struct xy_app *app, const struct xy_principal *by, int64_t subject_id, json_t **out,
                           struct xy_error *err);

/* Coverage, to the office: {listed, trained, rate (percent, two decimals), target: 50, classes}:
 * subjects with an entry in force on an adverse list (black and watch lists) and those of them with a
 * certificate. */
int xy_training_coverage(struct xy_app *app, const struct xy_principal *by, json_t **out, struct xy_error *err);

#endif
