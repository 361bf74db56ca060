/* SPDX-License-Identifier: Apache-2.0 */
/* Joint reward and punishment use cases: loading memoranda as measures, the check an approval system
 * makes ("what applies to this subject for this matter?"), its feedback, and the credit office's
 * figures. Shared by the CLI (`xinyong jrp`) and the API (/api/v1/checks, /api/v1/admin/jrp). */
#ifndef XY_APP_JRP_H
#define XY_APP_JRP_H

#include <jansson.h>

#include "app/app.h"
#include "app/auth.h"

#define XY_JRP_BATCH_MAX 1000 /* subjects in one batch check */

/* Loads a policy file (see xy_jrp_policy_check in core/jrp.h): matters are added or renamed; a
 * memorandum whose content changed becomes a new version (the old one stays, no longer current);
 * an unchanged one is left alone. All or nothing, audited. OUT: *summary {"matters":N,"memoranda":
 * {"added":A,"updated":U,"unchanged":C},"measures":M}. */
int xy_jrp_load(struct xy_app *app, const struct xy_principal *by, const char *text, size_t len, json_t **summary,
                struct xy_error *err);

/* One subject to check: a USCC or a resident ID number, and optionally the ID number of the
 * organisation's legal representative. */
struct xy_jrp_subject {
    const char *code;
    const char *legal_rep_id;
};

/* Checks subjects for a matter handled by a department: every active list entry of each subject, of its
 * legal representative, and (for a person) of the organisations the person represents; and the
 * measures that apply, each with its legal basis and evidence. Each check is stored (its id comes back
 * in the answer, for feedback) and counts as an access in the subject's access history; all in one
 * transaction. OUT: *answers, a JSON array with one answer per subject. */
struct xy_jrp_cache;

/* Frees what checks on one connection keep between calls (struct xy_app's jrp_cache); accepts NULL. */
void xy_jrp_cache_free(struct xy_jrp_cache *c);

int xy_jrp_check(struct xy_app *app, const struct xy_principal *by, const char *dept, const char *matter,
                 const struct xy_jrp_subject *subjects, size_t n, json_t **answers, struct xy_error *err);

/* The same in two steps, so that the reading can run on any connection and many checks share one
 * transaction for their logs (the server's group commit): prepare computes the answers (reads only);
 * log stores the checks and access entries of several prepared checks in one transaction on the
 * writer and puts each check's id into its answer. */
struct xy_jrp_logrow {
    int64_t subject_id, rep_id, check_id;
    int hits;
    char *text; /* the answer as stored */
};

struct xy_jrp_pending {
    struct xy_principal by;
    char dept[19];
    char matter[65];
    char now[32];
    char due[11];
    json_t *answers; /* one per subject; "check" set by xy_jrp_check_log */
    struct xy_jrp_logrow *rows;
    size_t n;
    struct xy_jrp_pending *next; /* for the caller's queue */
    int done, rc;                /* for the caller's queue */
    struct xy_error err;         /* for the caller's queue */
};

int xy_jrp_check_prepare(struct xy_app *app, const struct xy_principal *by, const char *dept, const char *matter,
                         const struct xy_jrp_subject *subjects, size_t n, struct xy_jrp_pending **out,
                         struct xy_error *err);
/* The same for part of a batch whose first subject is number base + 1 (for error messages). */
int xy_jrp_check_prepare_part(struct xy_app *app, const struct xy_principal *by, const char *dept, const char *matter,
                              const struct xy_jrp_subject *subjects, size_t n, size_t base, int batch,
                              struct xy_jrp_pending **out, struct xy_error *err);
int xy_jrp_check_log(struct xy_app *app, struct xy_jrp_pending *const *ps, size_t np, struct xy_error *err);
void xy_jrp_pending_free(struct xy_jrp_pending *p);

/* Records what the caller's system did with each measure of a check: items is a JSON array of
 * {"measure":ID,"applied":true|false,"reason":"...","outcome":"..."}; each measure must belong to the
 * check's answer; a department may give feedback only on its own checks. XY_EEXIST when given twice. */
int xy_jrp_feedback(struct xy_app *app, const struct xy_principal *by, int64_t check_id, const json_t *items,
                    struct xy_error *err);

/* Publishes a reward or punishment case (奖惩案例) after the office's review: a measure that was
 * applied on a check. Audited. OUT: *id. */
int xy_jrp_case_publish(struct xy_app *app, const struct xy_principal *by, int64_t check_id, int64_t measure_id,
                        const char *title, const char *summary, int64_t *id, struct xy_error *err);

/* Published cases as the public sees them (a person is never named). OUT: *items, *last. */
int xy_jrp_cases(struct xy_app *app, int64_t after, int limit, json_t **items, int64_t *last, struct xy_error *err);

/* The matter catalogue: [{"code","name","dept"}], by code. */
int xy_jrp_matters(struct xy_app *app, json_t **out, struct xy_error *err);

/* The measures in force (of the current memoranda), by list class they target:
 * [{"id","code","kind","action","text","legal_basis","depts":[..],"matters":[..],"valid_from","valid_to",
 *   "memo":{"doc_no","title"},"target":{"class","domain"}}]. Public: memoranda are published documents. */
int xy_jrp_measures(struct xy_app *app, json_t **out, struct xy_error *err);

/* The office's figures for a month (YYYY-MM): checks, hits, feedback rate, measures applied by
 * department and by memorandum, departments taking part, overdue feedback. */
int xy_jrp_stats(struct xy_app *app, const char *month, json_t **out, struct xy_error *err);

#endif
