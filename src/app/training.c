/* SPDX-License-Identifier: Apache-2.0 */
/* Repair training: taking a course's test, certificates and the office's coverage figure. The
 * certificate number is random ("XF" + day + 8 hex digits), not a sequence, so that the public
 * verification route cannot be walked to list who trained. */
#include "app/training.h"
#include "app/app_int.h"
#include "app/audit.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "common/xy_alloc.h"
#include "common/xy_date.h"
#include "core/publicity.h"
#include "core/training.h"

struct course {
    const char *today;
    int found, oom, ok;
    char title[320];
    char *quiz;
};

static int on_course(void *ctx, const struct xy_article_row *a)
{
    struct course *c = ctx;
    c->found = 1;
    c->ok = strcmp(a->kind, "course") == 0 && strcmp(a->state, "published") == 0 && a->quiz && a->publish_date &&
            strcmp(a->publish_date, c->today) <= 0;
    snprintf(c->title, sizeof c->title, "%s", a->title);
    if (c->ok && !(c->quiz = xy_strdup(a->quiz)))
        c->oom = 1;
    return 1;
}

int xy_training_take(struct xy_app *app, const struct xy_principal *by, int64_t course_id, const json_t *answers,
                     json_t **result, struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct course c = {0};
    json_t *quiz = NULL, *doc = NULL;
    char now[32], today[11], cert[XY_CERT_NO_MAX], object[48];
    int rc, right, total, passed;
    *result = NULL;
    if (by->role != XY_ROLE_SUBJECT || by->subject_id <= 0)
        return xy_error_set(err, XY_EDENIED, "请以信用主体身份登录后参加培训 (sign in as the subject to take a course)");
    xy_date_format(xy_clock_today(&app->clock), today);
    c.today = today;
    rc = st->ops->article_get(st, course_id, on_course, &c, err);
    if (!rc && c.oom)
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    if (rc == XY_ENOTFOUND || (!rc && !c.ok))
        rc = xy_error_set(err, XY_ENOTFOUND, "没有编号为 %lld 的已发布培训课程 (no published course %lld)",
                          (long long)course_id, (long long)course_id);
    if (rc)
        goto out;
    json_error_t jerr;
    if (!(quiz = json_loads(c.quiz, 0, &jerr))) {
        rc = xy_error_set(err, XY_ECORRUPT, "course %lld: its stored quiz cannot be read", (long long)course_id);
        goto out;
    }
    if ((rc = xy_quiz_score(quiz, answers, &right, &total, &passed, err)))
        goto out;
    cert[0] = 0;
    if (passed) {
        uint8_t rnd[4];
        randombytes_buf(rnd, sizeof rnd);
        snprintf(cert, sizeof cert, "XF%.4s%.2s%.2s-%02X%02X%02X%02X", today, today + 5, today + 8, rnd[0], rnd[1],
                 rnd[2], rnd[3]);
    }
    xy_clock_stamp(&app->clock, now);
    struct xy_training_row t = {.course_id = course_id, .subject_id = by->subject_id, .key_id = by->key_id,
                                .at = now, .score = right, .total = total, .passed = passed,
                                .cert_no = passed ? cert : NULL};
    int64_t id = 0;
    if (!(rc = st->ops->begin(st, err)))
        rc = st->ops->training_add(st, &t, &id, err);
    snprintf(object, sizeof object, "training/%lld", (long long)id);
    rc = xy_audit_commitj(app, by, "training.take", object,
                         json_pack("{s:I, s:i, s:i, s:b, s:s?}", "course", (json_int_t)course_id, "right", right,
                                   "total", total, "passed", passed, "certificate", passed ? cert : NULL),
                         rc, err);
    if (rc)
        goto out;
    doc = json_pack("{s:I, s:s, s:i, s:i, s:O, s:b}", "course", (json_int_t)course_id, "title", c.title, "right",
                    right, "total", total, "pass_mark", json_object_get(quiz, "pass_mark"), "passed", passed);
    if (doc && passed)
        json_object_set_new(doc, "certificate", json_pack("{s:s, s:s, s:s}", "number", cert, "course", c.title,
                                                          "date", today));
    if (!doc)
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    *result = doc;
out:
    json_decref(quiz);
    xy_free(c.quiz);
    return rc;
}

/* ---- certificates ------------------------------------------------------------------------------ */

struct certs {
    json_t *items;
    int public_view, oom;
};

static int on_cert(void *ctx, const struct xy_training_row *t)
{
    struct certs *c = ctx;
    char day[11];
    snprintf(day, sizeof day, "%.10s", t->at);
    json_t *j;
    if (c->public_view) {
        /* A person is named by the first character only, as the public never reads a person's file. */
        char name[64];
        int person = t->subject_kind && strcmp(t->subject_kind, "person") == 0;
        if (person) {
            unsigned char b = (unsigned char)t->subject_name[0];
            size_t n = strlen(t->subject_name), first = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
            first = first > n ? n : first;
            snprintf(name, sizeof name, "%.*s**", (int)first, t->subject_name);
        }
        j = json_pack("{s:s, s:s, s:s, s:s}", "number", t->cert_no, "subject", person ? name : t->subject_name,
                      "course", t->course_title, "date", day);
    } else {
        j = json_pack("{s:s, s:s, s:I, s:s, s:i, s:i}", "number", t->cert_no, "course", t->course_title, "course_id",
                      (json_int_t)t->course_id, "date", day, "right", t->score, "total", t->total);
    }
    if (!j || json_array_append_new(c->items, j) != 0)
        return c->oom = 1;
    return 0;
}

int xy_training_certificate(struct xy_app *app, const char *number, json_t **out, struct xy_error *err)
{
    struct certs c = {.items = json_array(), .public_view = 1};
    int rc = 0;
    *out = NULL;
    size_t n = number ? strlen(number) : 0;
    if (n == 0 || n >= XY_CERT_NO_MAX || strspn(number, "XF0123456789ABCDEF-") != n)
        rc = xy_error_set(err, XY_ENOTFOUND, "没有此编号的培训合格证书 (no certificate with this number)");
    if (!rc && !c.items)
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    if (!rc)
        rc = app->store->ops->training_certs(app->store, 0, number, on_cert, &c, err);
    if (!rc && c.oom)
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    if (!rc && json_array_size(c.items) == 0)
        rc = xy_error_set(err, XY_ENOTFOUND, "没有编号为 %s 的培训合格证书 (no certificate numbered %s)", number, number);
    if (!rc)
        *out = json_incref(json_array_get(c.items, 0));
    json_decref(c.items);
    return rc;
}

int xy_training_of_subject(struct xy_app *app, const struct xy_principal *by, int64_t subject_id, json_t **out,
                           struct xy_error *err)
{
    struct certs c = {.items = json_array()};
    *out = NULL;
    if (subject_id == 0 && by->role == XY_ROLE_SUBJECT)
        subject_id = by->subject_id;
    int may = by->role == XY_ROLE_OFFICE || by->role == XY_ROLE_OPERATOR || by->role == XY_ROLE_DEPARTMENT ||
              (by->role == XY_ROLE_SUBJECT && by->subject_id == subject_id);
    if (!may || subject_id <= 0) {
        json_decref(c.items);
        return xy_error_set(err, XY_EDENIED, "只能查看本主体的培训记录 (only a subject's own training is shown to it)");
    }
    if (!c.items)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    int rc = app->store->ops->training_certs(app->store, subject_id, NULL, on_cert, &c, err);
    if (!rc && c.oom)
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    if (rc)
        json_decref(c.items);
    else
        *out = c.items;
    return rc;
}

int xy_training_coverage(struct xy_app *app, const struct xy_principal *by, json_t **out, struct xy_error *err)
{
    struct xy_list_filter lf;
    int64_t listed = 0, trained = 0;
    size_t n = 0;
    *out = NULL;
    if (by->role != XY_ROLE_OFFICE && by->role != XY_ROLE_OPERATOR)
        return xy_error_set(err, XY_EDENIED, "只有信用办可以查看培训覆盖率 (only the credit office sees training coverage)");
    /* Adverse lists only: a red-list entry needs no repair. The same two classes repair treats as
     * lists (app/claim_repair.c). */
    memset(&lf, 0, sizeof lf);
    static const char *const adverse[] = {"black_list", "watch_list"};
    for (size_t i = 0; i < 2; i++)
        if (xy_catalog_class(app->catalog, adverse[i]))
            lf.classes[n++] = adverse[i];
    for (size_t i = 0; xy_status_in_force[i] && i < 2; i++)
        lf.statuses[i] = xy_status_in_force[i];
    json_t *classes = json_array();
    for (size_t i = 0; classes && i < n; i++)
        json_array_append_new(classes, json_string(lf.classes[i]));
    int rc = n ? app->store->ops->training_coverage(app->store, &lf, &listed, &trained, err) : 0;
    if (rc) {
        json_decref(classes);
        return rc;
    }
    /* Percent with two decimals, from integers: 10000 * trained / listed, rounded half up. */
    int64_t bp = listed ? (trained * 10000 * 2 + listed) / (2 * listed) : 0;
    char rate[48];
    snprintf(rate, sizeof rate, "%lld.%02lld", (long long)(bp / 100), (long long)(bp % 100));
    *out = json_pack("{s:I, s:I, s:s, s:i, s:b, s:o}", "listed", (json_int_t)listed, "trained", (json_int_t)trained,
                     "rate", rate, "target", 50, "met", listed > 0 && trained * 2 >= listed, "classes",
                     classes ? classes : json_array());
    return *out ? 0 : xy_error_set(err, XY_ENOMEM, "out of memory");
}
