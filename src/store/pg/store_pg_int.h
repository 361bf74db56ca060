/* SPDX-License-Identifier: Apache-2.0 */
/* Private to the PostgreSQL back end (docs/internals/POSTGRES.md): the connection struct and the
 * helpers its files share, as store_sqlite_int.h is for SQLite. Only this back end sees libpq-fe.h. */
#ifndef XY_STORE_PG_INT_H
#define XY_STORE_PG_INT_H

#include <libpq-fe.h>
#include <stdint.h>

#include "store/store.h"

/* Statements are prepared on a connection's first use of each and kept (PQprepare, named "x<id>");
 * each file owns a range of ids:
 *   0..63 store_pg.c   64..95 store_pg_subject.c   96..127 store_pg_record.c   128..159 store_pg_auth.c
 *   160..191 store_pg_change.c   192..223 store_pg_account.c   224..255 store_pg_jrp.c
 *   256..287 store_pg_rights.c   288..303 store_pg_report.c   304..319 store_pg_article.c
 *   320..351 store_pg_exchange.c   352..383 store_pg_supervision.c   384..399 store_pg_conversion.c
 *   400..415 store_pg_eval.c   416..424 store_pg_monitor.c   425..431 store_pg_dashboard.c
 *   448..463 store_pg_application.c   464..479 store_pg_subscription.c
 *   480..495 store_pg_answer.c */
#define XY_PG_STMTS 496

struct pg_store {
    struct xy_store base;
    PGconn *c;
    uint8_t prepared[XY_PG_STMTS]; /* 1 once statement id is prepared on this connection */
    char *snap;      /* data_version: the server's snapshot last seen (xy_free) */
    int64_t version; /* data_version: how many times it was seen to change */
    /* copy_load_begin .. copy_load_end (store_pg_copy.c): the COPY's rows not yet sent */
    char *load;
    size_t load_len, load_cap;
    int loading, load_rc;
    int load_triggers; /* the table has triggers, switched off for the load */
    /* the statements that put back what the load set aside (its indexes, its foreign keys), each
     * NUL-terminated, in the order they run */
    char *load_after;
    size_t load_after_len;
    char load_table[64];
    /* A lost connection is opened again before the next statement outside a transaction (a
     * switchover, a restart: docs/deploy/postgres-ha.md), never inside one: what the transaction
     * wrote is gone with the old connection, so its later statements must fail, not autocommit. */
    int in_tx;    /* a transaction was begun by begin/read_begin and not yet ended */
    int reconnect; /* the server refused writes (a replica, or a primary being demoted): connect anew */
};

static inline struct pg_store *xy_pg_of(struct xy_store *st)
{
    return (struct pg_store *)st;
}

/* The parameters of one statement, all bound (never spliced into the SQL): text, integers as
 * text, bytea in binary format. A NULL pointer binds SQL NULL. */
#define XY_PG_ARGS 64
struct pg_args {
    int n;
    const char *v[XY_PG_ARGS];
    int len[XY_PG_ARGS];
    int fmt[XY_PG_ARGS];
    char num[XY_PG_ARGS][24];
};
void xy_pg_text(struct pg_args *a, const char *s);
void xy_pg_int(struct pg_args *a, int64_t v);
void xy_pg_blob(struct pg_args *a, const void *p, size_t n);

/* Runs statement id (prepared on first use; id < 0: a one-off statement, still with bound
 * parameters) and gives its result (the caller PQclear()s it), or NULL with err set: SQLSTATE
 * 23505 (unique) is XY_EEXIST, serialization failures and lock timeouts XY_EBUSY, a lost
 * connection XY_EIO, the rest XY_EDB. */
PGresult *xy_pg_run(struct pg_store *s, int id, const char *sql, const struct pg_args *a, struct xy_error *err,
                    const char *what);
/* As xy_pg_run for a statement whose rows are not wanted. */
int xy_pg_exec(struct pg_store *s, int id, const char *sql, const struct pg_args *a, struct xy_error *err,
               const char *what);

/* Reading a text-format result: NULL for SQL NULL. */
static inline const char *xy_pg_str(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}
int64_t xy_pg_i64(const PGresult *r, int row, int col);
/* A bytea column decoded into a buffer the caller frees with PQfreemem (NULL for SQL NULL). */
uint8_t *xy_pg_bytes(const PGresult *r, int row, int col, size_t *len);

/* The code of a failure err recorded (XY_EDB when it recorded none). */
static inline int xy_pg_failed(const struct xy_error *err)
{
    return err && err->rc ? err->rc : XY_EDB;
}

/* Whether a transaction is open on the connection. */
int xy_pg_in_tx(struct pg_store *s);

/* The columns of a record read (REC_COLS of the SQLite back end, same order), and the loop that
 * hands the rows of such a result to cb. */
#define XY_PG_REC_COLS                                                                             \
    "r.id, r.class, r.dept_id, d.uscc, d.name, r.doc_no, r.version, r.subject_id, r.batch_id, "    \
    "r.row_no, r.status, r.decision_date, r.valid_to, r.min_until, r.public_until, r.severity, "   \
    "r.sector, r.amount_fen, r.flags, r.content_hash, r.fields, r.sealed, r.created_at, r.is_current, " \
    "r.objection_id, r.upper"
int xy_pg_each_record(PGresult *res, xy_record_cb cb, void *ctx, struct xy_error *err);

#define XY_PG_SUBJ_COLS "id, kind, name, uscc, regno, opaque, id_masked, id_sealed, created_at, updated_at"
/* Calls cb with row i of a SELECT of XY_PG_SUBJ_COLS (rank set); returns cb's answer. */
int xy_pg_subject_row(const PGresult *res, int i, double rank, xy_subject_cb cb, void *ctx);

/* Subjects and the name search (store_pg_subject.c). */
int xy_pg_subject_resolve(struct xy_store *st, const struct xy_subject_key *key, const char *name, const char *as_of,
                          const char *now, int64_t *id, int *name_differs, struct xy_error *err);
int xy_pg_subject_get(struct xy_store *st, const char *uscc, const uint8_t *id_hash, const char *opaque,
                      xy_subject_cb cb, void *ctx, struct xy_error *err);
int xy_pg_subject_names(struct xy_store *st, int64_t subject_id, xy_subject_cb cb, void *ctx, struct xy_error *err);
int xy_pg_subject_ref(struct xy_store *st, int64_t subject_id, char opaque[24], struct xy_error *err);
int xy_pg_subject_max(struct xy_store *st, int64_t *max, struct xy_error *err);
int xy_pg_search(struct xy_store *st, const char *q, int offset, int limit, int no_persons, xy_subject_cb cb,
                 void *ctx, struct xy_error *err);

/* Records (store_pg_record.c). */
int xy_pg_record_current(struct xy_store *st, const char *cls, int64_t dept_id, const char *doc_no, int64_t *id,
                         int *version, uint8_t hash[16], struct xy_error *err);
int xy_pg_record_put(struct xy_store *st, const struct xy_record_row *r, int64_t *id, struct xy_error *err);
int xy_pg_cites_put(struct xy_store *st, int64_t record_id, int64_t subject_id, const char *cites, size_t cites_len,
                    const char *cites_dept, struct xy_error *err);
int xy_pg_subject_records(struct xy_store *st, int64_t subject_id, xy_record_cb cb, void *ctx, struct xy_error *err);
int xy_pg_record_versions(struct xy_store *st, const char *cls, int64_t dept_id, const char *doc_no, xy_record_cb cb,
                          void *ctx, struct xy_error *err);
int xy_pg_record_get(struct xy_store *st, int64_t id, xy_record_cb cb, void *ctx, struct xy_error *err);
int xy_pg_records_by_class(struct xy_store *st, const char *cls, const struct xy_public_filter *pub, int64_t after_id,
                           int limit, xy_record_cb cb, void *ctx, struct xy_error *err);
int xy_pg_records_filtered(struct xy_store *st, const char *cls, const struct xy_public_filter *pub,
                           const char *dept_uscc, const char *region, const char *from, const char *to,
                           int64_t after_id, int limit, xy_record_cb cb, void *ctx, struct xy_error *err);
int xy_pg_records_by_dept(struct xy_store *st, int64_t dept_id, const char *cls, int64_t after_id, int limit,
                          xy_record_cb cb, void *ctx, struct xy_error *err);
int xy_pg_records_browse(struct xy_store *st, const char *cls, const struct xy_public_filter *pub,
                         const struct xy_browse_filter *f, int limit, xy_record_cb cb, void *ctx,
                         struct xy_error *err);
int xy_pg_list_entries(struct xy_store *st, int64_t subject_id, const uint8_t *rep_hash,
                       const struct xy_list_filter *f, xy_record_cb cb, void *ctx, struct xy_error *err);

/* Statuses, marks, expiry and the change feed (store_pg_change.c). */
int xy_pg_record_set_status(struct xy_store *st, int64_t record_id, const char *status, struct xy_error *err);
int xy_pg_record_mark(struct xy_store *st, int64_t record_id, int64_t objection_id, struct xy_error *err);
int xy_pg_objection_unmark(struct xy_store *st, int64_t objection_id, struct xy_error *err);
int xy_pg_entries_citing(struct xy_store *st, int64_t subject_id, const char *doc_no, const char *dept_uscc,
                         xy_record_cb cb, void *ctx, struct xy_error *err);
int xy_pg_expire_due(struct xy_store *st, const char *today, const char *now, int limit, long *n,
                     struct xy_error *err);
int xy_pg_change_add(struct xy_store *st, const struct xy_change_row *c, struct xy_error *err);
int xy_pg_changes_page(struct xy_store *st, int64_t after, int limit, xy_change_cb cb, void *ctx,
                       struct xy_error *err);

/* Staff accounts, sessions and sign-in throttling (store_pg_account.c). */
int xy_pg_account_add(struct xy_store *st, const struct xy_account_row *a, int64_t *id, struct xy_error *err);
int xy_pg_account_get(struct xy_store *st, int64_t id, const char *name, xy_account_cb cb, void *ctx,
                      struct xy_error *err);
int xy_pg_account_list(struct xy_store *st, xy_account_cb cb, void *ctx, struct xy_error *err);
int xy_pg_account_put(struct xy_store *st, const struct xy_account_row *a, struct xy_error *err);
int xy_pg_session_add(struct xy_store *st, const uint8_t hash[32], const struct xy_session_row *r,
                      struct xy_error *err);
int xy_pg_session_get(struct xy_store *st, const uint8_t hash[32], struct xy_session_row *out, struct xy_error *err);
int xy_pg_session_touch(struct xy_store *st, const uint8_t hash[32], int64_t seen, struct xy_error *err);
int xy_pg_session_drop(struct xy_store *st, const uint8_t *hash, int64_t account_id, int64_t created_before,
                       struct xy_error *err);
int xy_pg_throttle_get(struct xy_store *st, const char *key, int64_t *failures, int64_t *last, struct xy_error *err);
int xy_pg_throttle_put(struct xy_store *st, const char *key, int64_t failures, int64_t last, struct xy_error *err);

/* Subjects' applications for accounts and their files (store_pg_application.c). */
int xy_pg_application_add(struct xy_store *st, const struct xy_application_row *a, int64_t *id,
                          struct xy_error *err);
int xy_pg_application_get(struct xy_store *st, int64_t id, xy_application_cb cb, void *ctx, struct xy_error *err);
int xy_pg_application_list(struct xy_store *st, const char *state, int limit, xy_application_cb cb, void *ctx,
                           struct xy_error *err);
int xy_pg_application_put(struct xy_store *st, const struct xy_application_row *a, struct xy_error *err);
int xy_pg_application_file_add(struct xy_store *st, int64_t application_id, const struct xy_file_row *f,
                               struct xy_error *err);
int xy_pg_application_files(struct xy_store *st, int64_t application_id, int seq, xy_file_cb cb, void *ctx,
                            struct xy_error *err);

/* Subscriptions, the subjects they follow and the records that fall to them
 * (store_pg_subscription.c). */
int xy_pg_sub_add(struct xy_store *st, const struct xy_sub_row *r, int64_t *id, struct xy_error *err);
int xy_pg_sub_list(struct xy_store *st, int64_t id, int64_t key_id, int active, xy_sub_cb cb, void *ctx,
                   struct xy_error *err);
int xy_pg_sub_follow_add(struct xy_store *st, int64_t sub_id, int64_t subject_id, int64_t consent_id,
                         const char *at, struct xy_error *err);
int xy_pg_sub_regulated(struct xy_store *st, int64_t dept_id, int64_t subject_id, int *yes, struct xy_error *err);
int xy_pg_sub_grant(struct xy_store *st, int64_t subject_id, int64_t querier_key, int64_t querier_id,
                    const char *today, int64_t *consent_id, struct xy_error *err);
int xy_pg_sub_hits(struct xy_store *st, int64_t sub_id, int64_t batch_id, int64_t after, int64_t upto, int limit,
                   xy_sub_hit_cb cb, void *ctx, struct xy_error *err);
int xy_pg_sub_ack(struct xy_store *st, int64_t id, int64_t seq, int64_t part, int64_t delivered, const char *at,
                  struct xy_error *err);
int xy_pg_sub_fail(struct xy_store *st, int64_t id, const char *error, const char *at, struct xy_error *err);
int xy_pg_sub_end(struct xy_store *st, int64_t id, const char *at, const char *reason, struct xy_error *err);

/* Joint reward and punishment, the calendar and the access history (store_pg_jrp.c). */
int xy_pg_matter_put(struct xy_store *st, const char *code, const char *name, const char *dept_uscc,
                     struct xy_error *err);
int xy_pg_matter_exists(struct xy_store *st, const char *code);
int xy_pg_matter_dept(struct xy_store *st, const char *code, char dept[19], struct xy_error *err);
int xy_pg_matters_list(struct xy_store *st, xy_subject_cb cb, void *ctx, struct xy_error *err);
int xy_pg_policy_gen(struct xy_store *st, int64_t *gen, struct xy_error *err);
int xy_pg_memo_current(struct xy_store *st, const char *doc_no, int64_t *id, int *version, char **body,
                       struct xy_error *err);
int xy_pg_memo_put(struct xy_store *st, const struct xy_memo_row *m, int64_t *id, struct xy_error *err);
int xy_pg_measure_put(struct xy_store *st, const struct xy_measure_row *m, struct xy_error *err);
int xy_pg_measures_current(struct xy_store *st, const char *target_class, xy_measure_cb cb, void *ctx,
                           struct xy_error *err);
int xy_pg_check_add(struct xy_store *st, const struct xy_check_row *c, int64_t *id, struct xy_error *err);
int xy_pg_check_get(struct xy_store *st, int64_t id, struct xy_check_row *out, struct xy_error *err);
int xy_pg_feedback_put(struct xy_store *st, int64_t check_id, int64_t measure_id, int applied, const char *reason,
                       const char *outcome, const char *at, struct xy_error *err);
int xy_pg_access_add(struct xy_store *st, int64_t subject_id, const char *at, int64_t key_id, const char *role,
                     const char *dept_uscc, const char *purpose, const char *object, int64_t grant_id,
                     struct xy_error *err);
int xy_pg_jrp_stats(struct xy_store *st, const char *from, const char *to, const char *now, xy_stat_cb cb, void *ctx,
                    struct xy_error *err);
int xy_pg_case_add(struct xy_store *st, int64_t check_id, int64_t measure_id, const char *title, const char *summary,
                   const char *at, int64_t by, int64_t *id, struct xy_error *err);
int xy_pg_cases_page(struct xy_store *st, int64_t after, int limit, xy_case_cb cb, void *ctx, struct xy_error *err);
int xy_pg_calendar_put(struct xy_store *st, const char *day, const char *kind, const char *name_zh,
                       const char *name_en, struct xy_error *err);
int xy_pg_calendar_scan(struct xy_store *st, xy_day_cb cb, void *ctx, struct xy_error *err);

/* Claims, their steps and files, consents and the access history (store_pg_rights.c). */
int xy_pg_claim_add(struct xy_store *st, const struct xy_claim_row *c, int64_t *id, struct xy_error *err);
int xy_pg_claim_get(struct xy_store *st, int64_t id, xy_claim_cb cb, void *ctx, struct xy_error *err);
int xy_pg_claim_update(struct xy_store *st, const struct xy_claim_row *c, struct xy_error *err);
int xy_pg_claims_page(struct xy_store *st, const struct xy_claim_filter *f, xy_claim_cb cb, void *ctx,
                      struct xy_error *err);
int xy_pg_claim_open_on(struct xy_store *st, const char *kind, int64_t record_id, int64_t *id, struct xy_error *err);
int xy_pg_claim_step_add(struct xy_store *st, int64_t claim_id, const struct xy_claim_step_row *s,
                         struct xy_error *err);
int xy_pg_claim_steps(struct xy_store *st, int64_t claim_id, xy_step_cb cb, void *ctx, struct xy_error *err);
int xy_pg_file_add(struct xy_store *st, int64_t claim_id, const struct xy_file_row *f, struct xy_error *err);
int xy_pg_files_list(struct xy_store *st, int64_t claim_id, xy_file_cb cb, void *ctx, struct xy_error *err);
int xy_pg_file_get(struct xy_store *st, int64_t claim_id, int seq, xy_file_cb cb, void *ctx, struct xy_error *err);
int xy_pg_consent_add(struct xy_store *st, const struct xy_consent_row *c, int64_t *id, struct xy_error *err);
int xy_pg_consent_get(struct xy_store *st, int64_t id, xy_consent_cb cb, void *ctx, struct xy_error *err);
int xy_pg_consents_list(struct xy_store *st, int64_t subject_id, int64_t querier_key, int64_t querier_id,
                        xy_consent_cb cb, void *ctx, struct xy_error *err);
int xy_pg_consent_revoke(struct xy_store *st, int64_t id, const char *at, struct xy_error *err);
int xy_pg_access_list(struct xy_store *st, int64_t subject_id, int64_t before, int limit, xy_access_cb cb, void *ctx,
                      struct xy_error *err);
int xy_pg_querier_add(struct xy_store *st, const struct xy_querier_row *q, int64_t *id, struct xy_error *err);
int xy_pg_querier_get(struct xy_store *st, int64_t id, const char *uscc, xy_querier_cb cb, void *ctx,
                      struct xy_error *err);
int xy_pg_queriers_list(struct xy_store *st, const char *name, int all, int limit, xy_querier_cb cb, void *ctx,
                        struct xy_error *err);
int xy_pg_querier_disable(struct xy_store *st, int64_t id, const char *at, struct xy_error *err);

/* The register of credit reports (store_pg_report.c). */
int xy_pg_report_next_seq(struct xy_store *st, const char *day, int *seq, struct xy_error *err);
int xy_pg_report_add(struct xy_store *st, const struct xy_report_row *r, struct xy_error *err);
int xy_pg_report_get(struct xy_store *st, const char *number, xy_report_cb cb, void *ctx, struct xy_error *err);
int xy_pg_report_stats(struct xy_store *st, const char *from, const char *to, xy_stat_cb cb, void *ctx,
                       struct xy_error *err);

/* Articles, attachments and repair training (store_pg_article.c). */
int xy_pg_article_put(struct xy_store *st, const struct xy_article_row *a, int64_t *id, struct xy_error *err);
int xy_pg_article_get(struct xy_store *st, int64_t id, xy_article_cb cb, void *ctx, struct xy_error *err);
int xy_pg_articles_page(struct xy_store *st, const struct xy_article_filter *f, int limit, xy_article_cb cb,
                        void *ctx, struct xy_error *err);
int xy_pg_article_file_add(struct xy_store *st, int64_t article_id, const struct xy_file_row *f, int *seq,
                           struct xy_error *err);
int xy_pg_article_files(struct xy_store *st, int64_t article_id, int seq, xy_file_cb cb, void *ctx,
                        struct xy_error *err);
int xy_pg_training_add(struct xy_store *st, const struct xy_training_row *t, int64_t *id, struct xy_error *err);
int xy_pg_training_certs(struct xy_store *st, int64_t subject_id, const char *cert_no, xy_training_cb cb, void *ctx,
                         struct xy_error *err);
int xy_pg_training_coverage(struct xy_store *st, const struct xy_list_filter *lf, int64_t *listed, int64_t *trained,
                            struct xy_error *err);

/* Exchange with upper platforms (store_pg_exchange.c). */
int xy_pg_dest_add(struct xy_store *st, const struct xy_dest_row *d, int64_t *id, struct xy_error *err);
int xy_pg_dest_list(struct xy_store *st, const char *name, xy_dest_cb cb, void *ctx, struct xy_error *err);
int xy_pg_dest_enable(struct xy_store *st, const char *name, int enabled, struct xy_error *err);
int xy_pg_dest_ack(struct xy_store *st, int64_t id, int64_t seq, int64_t part, const char *at, struct xy_error *err);
int xy_pg_dest_fail(struct xy_store *st, int64_t id, const char *error, const char *at, struct xy_error *err);
int xy_pg_source_get(struct xy_store *st, const char *name, int64_t *id, int64_t *seq, int64_t *part,
                     struct xy_error *err);
int xy_pg_source_advance(struct xy_store *st, int64_t id, int64_t seq, int64_t part, const char *at,
                         struct xy_error *err);
int xy_pg_inbound_find(struct xy_store *st, int64_t source_id, const int64_t first[2], const int64_t last[2],
                       char **ack, struct xy_error *err);
int xy_pg_inbound_add(struct xy_store *st, int64_t source_id, const int64_t first[2], const int64_t last[2],
                      const char *at, const char *ack, struct xy_error *err);
int xy_pg_dest_seal(struct xy_store *st, const struct xy_dest_row *d, struct xy_error *err);
int xy_pg_source_key_set(struct xy_store *st, const char *name, const char *pub, struct xy_error *err);
int xy_pg_source_verify_key(struct xy_store *st, const char *name, char out[65], struct xy_error *err);
int xy_pg_nonce_add(struct xy_store *st, int64_t source_id, const char *nonce, int64_t at, int64_t forget,
                    struct xy_error *err);
int xy_pg_record_source_add(struct xy_store *st, int64_t record_id, int64_t source_id, int64_t src_record,
                            struct xy_error *err);
int xy_pg_batch_records(struct xy_store *st, int64_t batch_id, int64_t after, int64_t upto, int limit, xy_record_cb cb,
                        void *ctx, struct xy_error *err);
int xy_pg_records_scan(struct xy_store *st, const struct xy_record_scan *f, int64_t after, int limit, xy_record_cb cb,
                       void *ctx, struct xy_error *err);

/* Supervision notices (store_pg_supervision.c). */
int xy_pg_sup_activity(struct xy_store *st, xy_sup_activity_cb cb, void *ctx, struct xy_error *err);
int xy_pg_sup_overdue(struct xy_store *st, const struct xy_sup_overdue_q *q, xy_sup_overdue_cb cb, void *ctx,
                      struct xy_error *err);
int xy_pg_sup_raise(struct xy_store *st, const struct xy_sup_row *n, int64_t *id, struct xy_error *err);
int xy_pg_sup_get(struct xy_store *st, int64_t id, xy_sup_cb cb, void *ctx, struct xy_error *err);
int xy_pg_sup_list(struct xy_store *st, const struct xy_sup_filter *f, xy_sup_cb cb, void *ctx, struct xy_error *err);
int xy_pg_sup_update(struct xy_store *st, const struct xy_sup_row *n, const char *from, struct xy_error *err);
int xy_pg_sup_count_numbered(struct xy_store *st, const char *prefix, int64_t *n, struct xy_error *err);
int xy_pg_sup_answer_add(struct xy_store *st, const struct xy_sup_answer_row *an, const struct xy_sup_file_row *files,
                         size_t nfiles, int *seq, struct xy_error *err);
int xy_pg_sup_verdict(struct xy_store *st, int64_t notice_id, int seq, const char *verdict, const char *note,
                      const char *at, struct xy_error *err);
int xy_pg_sup_answers(struct xy_store *st, int64_t notice_id, xy_sup_answer_cb acb, xy_sup_file_cb fcb, void *ctx,
                      struct xy_error *err);
int xy_pg_sup_file(struct xy_store *st, int64_t notice_id, int answer_seq, int seq, xy_sup_file_cb cb, void *ctx,
                   struct xy_error *err);

/* The code conversion register and the facts beside it (store_pg_conversion.c). */
int xy_pg_conv_put(struct xy_store *st, const struct xy_conv_put *p, const char *now, int *outcome,
                   struct xy_error *err);
int xy_pg_conv_scan(struct xy_store *st, int64_t dept_id, xy_conv_cb cb, void *ctx, struct xy_error *err);
int xy_pg_extra_put(struct xy_store *st, const char *body, const char *at, int64_t key_id, struct xy_error *err);
int xy_pg_extra_get(struct xy_store *st, xy_extra_cb cb, void *ctx, struct xy_error *err);
int xy_pg_arrivals(struct xy_store *st, const char *from, const char *to, xy_arrival_cb cb, void *ctx,
                   struct xy_error *err);
int xy_pg_report_coverage(struct xy_store *st, const struct xy_cov_scan *x, xy_cov_cb cb, void *ctx,
                          struct xy_error *err);

/* Credit evaluation (store_pg_eval.c). */
int xy_pg_eval_model_put(struct xy_store *st, const char *version, const char *applies_from, const char *body,
                         const char *at, const char *by, struct xy_error *err);
int xy_pg_eval_models(struct xy_store *st, xy_eval_model_cb cb, void *ctx, struct xy_error *err);
int xy_pg_eval_scan(struct xy_store *st, const struct xy_eval_scan *s, xy_eval_row_cb cb, void *ctx,
                    struct xy_error *err);
int xy_pg_eval_put(struct xy_store *st, const struct xy_eval_result_row *e, struct xy_error *err);
int xy_pg_eval_get(struct xy_store *st, int64_t subject_id, xy_eval_result_cb cb, void *ctx, struct xy_error *err);
int xy_pg_eval_list(struct xy_store *st, const char *grade, const char *region, const char *kind, int64_t after,
                    int limit, xy_eval_result_cb cb, void *ctx, struct xy_error *err);
int xy_pg_eval_counts(struct xy_store *st, xy_eval_count_cb cb, void *ctx, struct xy_error *err);
int xy_pg_eval_stale(struct xy_store *st, int limit, int64_t *ids, size_t *n, struct xy_error *err);
/* Stored public answers (store_pg_answer.c). */
int xy_pg_answer_get(struct xy_store *st, const char *uscc, const char *opaque, const char *made_by,
                     const char *day, xy_answer_cb cb, void *ctx, struct xy_error *err);
int xy_pg_answer_unstale(struct xy_store *st, int64_t subject_id, struct xy_error *err);
int xy_pg_answer_put(struct xy_store *st, int64_t subject_id, const char *made_by, const char *valid_through,
                     const char *body, size_t len, struct xy_error *err);
int xy_pg_answer_drop(struct xy_store *st, int64_t subject_id, struct xy_error *err);
int xy_pg_answer_stale(struct xy_store *st, int limit, int64_t *ids, size_t *n, struct xy_error *err);
int xy_pg_answer_defer(struct xy_store *st, struct xy_error *err);
int xy_pg_answer_mark_batch(struct xy_store *st, int64_t batch_id, int64_t first, int64_t last,
                                struct xy_error *err);
int xy_pg_answer_mark_old(struct xy_store *st, const char *made_by, const char *day, int64_t *n,
                          struct xy_error *err);
int xy_pg_eval_mark_faded(struct xy_store *st, const char *before, const char *model_version, int64_t after,
                          int64_t upto, int64_t *n, struct xy_error *err);

/* Monitoring departments and districts (store_pg_monitor.c). */
int xy_pg_unit_set(struct xy_store *st, int64_t dept_id, const char *region, const char *level, struct xy_error *err);
int xy_pg_plan_set(struct xy_store *st, int64_t dept_id, const char *body, const char *at, struct xy_error *err);
int xy_pg_units(struct xy_store *st, xy_unit_cb cb, void *ctx, struct xy_error *err);
int xy_pg_declaration_put(struct xy_store *st, int64_t dept_id, const char *month, const char *body, const char *at,
                          int64_t key_id, struct xy_error *err);
int xy_pg_declarations(struct xy_store *st, const char *month, int64_t dept_id, xy_decl_cb cb, void *ctx,
                       struct xy_error *err);
int xy_pg_entry_put(struct xy_store *st, const struct xy_entry_row *e, struct xy_error *err);
int xy_pg_entries(struct xy_store *st, const char *month, xy_entry_cb cb, void *ctx, struct xy_error *err);
int xy_pg_month_get(struct xy_store *st, const char *month, xy_month_cb cb, void *ctx, struct xy_error *err);
int xy_pg_month_put(struct xy_store *st, const struct xy_month_row *m, struct xy_error *err);
int xy_pg_mon_facts(struct xy_store *st, const struct xy_mon_scan *q, xy_mon_fact_cb cb, void *ctx,
                    struct xy_error *err);
/* Runs one fact query and hands its rows to cb as facts of kind (columns: dept, class, key, t1, t2,
 * n). The template names its values as @F from, @T to, @L the last day, @C the list classes, @S the
 * statuses in force, @X the change kinds that end an entry; each becomes a bound parameter (a set,
 * 8 of them, NULL past its end, which matches nothing), numbered in the order they first appear:
 * PostgreSQL infers a parameter's type from its use, so a statement binds only what it names. */
int xy_pg_mon_query(struct xy_store *st, const struct xy_mon_scan *q, enum xy_mon_fact_kind kind, const char *tmpl,
                    xy_mon_fact_cb cb, void *ctx, struct xy_error *err, const char *what);
/* The fact queries both the month's and the days' facts run: the list stock at @T, and the repairs. */
extern const char xy_pg_mon_stock_sql[];
extern const char xy_pg_mon_repair_sql[];

/* The dashboards' aggregates (store_pg_dashboard.c). */
int xy_pg_mon_day_facts(struct xy_store *st, const struct xy_mon_scan *q, int stock, xy_mon_fact_cb cb, void *ctx,
                        struct xy_error *err);
int xy_pg_mon_agg_clear(struct xy_store *st, const char *from_day, const char *to_day, const char *from_month,
                        const char *to_month, struct xy_error *err);
int xy_pg_mon_agg_add(struct xy_store *st, const struct xy_mon_agg_row *rows, size_t n, struct xy_error *err);
int xy_pg_mon_cutoff_put(struct xy_store *st, const char *day, const char *cutoff, struct xy_error *err);
int xy_pg_mon_agg_rollup(struct xy_store *st, const char *from_month, const char *to_month, const char *day,
                         const char *at, struct xy_error *err);
int xy_pg_mon_refresh_get(struct xy_store *st, char *day, char *at, struct xy_error *err);
int xy_pg_mon_mark_get(struct xy_store *st, int64_t *record_id, char *rules, struct xy_error *err);
int xy_pg_mon_mark_set(struct xy_store *st, const char *rules, struct xy_error *err);
int xy_pg_mon_records_after(struct xy_store *st, int64_t record_id, const char *from, const char *to, char *stamp,
                            struct xy_error *err);
int xy_pg_mon_day_records(struct xy_store *st, const char *from_day, const char *to_day, xy_mon_fact_cb cb, void *ctx,
                          struct xy_error *err);
int xy_pg_mon_agg_read(struct xy_store *st, const char *from_month, const char *to_month, const char *dept,
                       xy_mon_agg_cb cb, void *ctx, struct xy_error *err);
int xy_pg_mon_drill(struct xy_store *st, const struct xy_mon_drill *q, xy_mon_drill_cb cb, void *ctx,
                    struct xy_error *err);

/* Keys and the audit chain (store_pg_auth.c). */
int xy_pg_key_add(struct xy_store *st, const struct xy_key_row *k, int64_t *id, struct xy_error *err);
int xy_pg_key_get(struct xy_store *st, int64_t id, xy_key_cb cb, void *ctx, struct xy_error *err);
int xy_pg_key_list(struct xy_store *st, xy_key_cb cb, void *ctx, struct xy_error *err);
int xy_pg_key_revoke(struct xy_store *st, int64_t id, const char *at, struct xy_error *err);
int xy_pg_audit_last(struct xy_store *st, int64_t *seq, uint8_t hash[32], struct xy_error *err);
int xy_pg_audit_insert(struct xy_store *st, const struct xy_audit_row *a, struct xy_error *err);
int xy_pg_audit_scan(struct xy_store *st, int64_t after, int limit, xy_audit_cb cb, void *ctx, struct xy_error *err);

/* As a failed xy_pg_run: fills err from res (or the connection) and PQclear()s res. */
int xy_pg_fail(struct pg_store *s, PGresult *res, struct xy_error *err, const char *what);

/* store_pg_copy.c: whole-database copy. */
int xy_pg_copy_tables(struct xy_store *st, xy_copy_table_cb cb, void *ctx, struct xy_error *err);
int xy_pg_copy_columns(struct xy_store *st, const char *table, xy_copy_column_cb cb, void *ctx, struct xy_error *err);
int xy_pg_copy_count(struct xy_store *st, const char *table, int64_t *n, struct xy_error *err);
int xy_pg_copy_scan(struct xy_store *st, const char *table, const char *const *cols, int ncols,
                     const char *const *order, int norder, xy_copy_row_cb cb, void *ctx, struct xy_error *err);
int xy_pg_copy_load_begin(struct xy_store *st, const char *table, const char *const *cols, int ncols,
                           struct xy_error *err);
int xy_pg_copy_load_row(struct xy_store *st, const struct xy_value *cells, int ncols, struct xy_error *err);
int xy_pg_copy_load_end(struct xy_store *st, struct xy_error *err);
int xy_pg_copy_mark(struct xy_store *st, const char *table, struct xy_error *err);
int xy_pg_copy_progress(struct xy_store *st, int *started, xy_copy_name_cb cb, void *ctx, struct xy_error *err);
int xy_pg_copy_finish(struct xy_store *st, struct xy_error *err);
#endif
