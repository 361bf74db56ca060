/* SPDX-License-Identifier: Apache-2.0 */
/* Private to the SQLite back end: the connection struct and the helpers its files share. The back
 * end is several files, one per area (the connection, transactions, catalogue, departments and
 * batches; subjects; the name search; records; keys and audit; joint reward and punishment; the
 * subject's rights), as SQLite splits btree.c from btreeInt.h. */
#ifndef XY_STORE_SQLITE_INT_H
#define XY_STORE_SQLITE_INT_H

#include <sqlite3.h>

#include "store/store.h"

/* Prepared statements, kept for the connection's life: each file owns a range of slots.
 *   stmt[0..31]  store_sqlite.c          aux[0..31]   store_sqlite_auth.c
 *   stmt[32..47] store_sqlite_subject.c  aux[32..63]  store_sqlite_jrp.c
 *   stmt[48..63] store_sqlite_search.c   aux[64..127] store_sqlite_rights.c
 *   stmt[64..95] store_sqlite_record.c   aux[128..159] store_sqlite_eval.c
 *                                        aux[160..167] store_sqlite_subscription.c
 *                                        aux[168..175] store_sqlite_answer.c */
#define XY_SQLITE_MAIN_STMTS 96
#define XY_SQLITE_AUX_STMTS 178

/* A name-index entry waiting to be written (see xy_sqlite_grams_flush in store_sqlite_search.c). */
struct xy_gram_tuple {
    char gram[8];
    uint8_t glen;
    uint16_t pos, len;
    int64_t subject;
};

struct sqlite_store {
    struct xy_store base;
    sqlite3 *db;
    struct xy_gram_tuple *pending; /* name-index entries of subjects created in this transaction */
    size_t npending, cap_pending;
    sqlite3_stmt *stmt[XY_SQLITE_MAIN_STMTS]; /* statements of the files of the main areas, each its own range */
    sqlite3_stmt *aux[XY_SQLITE_AUX_STMTS];   /* statements of the other files, each its own range */
    int sync_full;  /* the connection's synchronous setting: 1 FULL, 0 NORMAL */
    int next_light; /* the next transaction begun commits with synchronous NORMAL (durable(0)) */
    sqlite3_stmt *load;  /* copy_load_begin's insert, until copy_load_end */
    char *load_triggers; /* the loaded table's triggers (their SQL, ';'-separated), put back at the end */
    int load_rc;         /* the load's first error */
    int answer_defer; /* a batch import marks its subjects' answers stale at its end (answer_defer) */
};

/* Fills err from the connection's last error and returns the matching XY_E* code. */
int xy_sqlite_err(struct sqlite_store *s, struct xy_error *err, const char *what);

/* The statement in *slot, prepared on first use (kept for the connection's life), reset and with
 * its bindings cleared. NULL on failure, err set. */
sqlite3_stmt *xy_sqlite_stmt(struct sqlite_store *s, sqlite3_stmt **slot, const char *sql, struct xy_error *err);

/* Binds v, or NULL when v is NULL. The text must outlive the statement's next step. */
void xy_sqlite_bind_text(sqlite3_stmt *q, int i, const char *v);

/* Steps a statement that returns no rows, then resets it. */
int xy_sqlite_run(struct sqlite_store *s, sqlite3_stmt *q, struct xy_error *err, const char *what);

/* For the files whose statements run a few at a time (reports, queriers, monitoring, exchange): each
 * call prepares its statement and finalizes it, keeping no slot in the connection's arrays. */
static inline struct sqlite_store *xy_sqlite_of(struct xy_store *st)
{
    return (struct sqlite_store *)st;
}

/* A statement prepared for one use (the caller finalizes it). NULL on failure, err set. */
sqlite3_stmt *xy_sqlite_prepare_once(struct sqlite_store *s, const char *sql, struct xy_error *err);

/* An IN (...) set of names bound as ?first, ?first+1, ...: xy_sqlite_set_sql writes the placeholders of
 * a NULL-terminated set, at most XY_SQLITE_SET_MAX (an empty set is "NULL", which matches nothing), and
 * gives their number in *n; xy_sqlite_set_bind binds the first n names. */
#define XY_SQLITE_SET_MAX 8
void xy_sqlite_set_sql(char *out, size_t size, int first, const char *const *set, int *n);
void xy_sqlite_set_bind(sqlite3_stmt *q, int first, const char *const *set, int n);

/* The code of a failure err recorded (XY_EDB when it recorded none). */
static inline int xy_sqlite_failed(const struct xy_error *err)
{
    return err && err->rc ? err->rc : XY_EDB;
}

/* A text column, NULL when the value is NULL. Valid until the statement steps again or is reset. */
static inline const char *xy_sqlite_text(sqlite3_stmt *q, int i)
{
    return (const char *)sqlite3_column_text(q, i);
}

/* Backups (store_sqlite_backup.c), offered as struct xy_store_caps. */
int xy_sqlite_backup(struct xy_store *st, const char *path, struct xy_error *err);
int xy_sqlite_integrity(struct xy_store *st, struct xy_error *err);
int xy_sqlite_standalone(struct xy_store *st, struct xy_error *err);

#define SUBJ_COLS "id, kind, name, uscc, regno, opaque, id_masked, id_sealed, created_at, updated_at"

#define REC_COLS                                                                                   \
    "r.id, r.class, r.dept_id, d.uscc, d.name, r.doc_no, r.version, r.subject_id, r.batch_id, "    \
    "r.row_no, r.status, r.decision_date, r.valid_to, r.min_until, r.public_until, r.severity, "   \
    "r.sector, r.amount_fen, r.flags, r.content_hash, r.fields, r.sealed, r.created_at, r.is_current, "    \
    "r.objection_id, r.upper"

/* Steps q (a SELECT of REC_COLS) and calls cb for each record; resets q. */
int xy_sqlite_each_record(struct sqlite_store *s, sqlite3_stmt *q, xy_record_cb cb, void *ctx, struct xy_error *err);

/* Subjects (store_sqlite_subject.c). */
int xy_sqlite_subject_resolve(struct xy_store *st, const struct xy_subject_key *key, const char *name,
                              const char *as_of, const char *now, int64_t *id, int *name_differs,
                              struct xy_error *err);
int xy_sqlite_subject_get(struct xy_store *st, const char *uscc, const uint8_t *id_hash, const char *opaque,
                          xy_subject_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_subject_names(struct xy_store *st, int64_t subject_id, xy_subject_cb cb, void *ctx,
                            struct xy_error *err);
/* Fills o from the current row of a SELECT of SUBJ_COLS; its texts are valid until q steps or resets. */
void xy_sqlite_read_subject(sqlite3_stmt *q, struct xy_subject_row *o);
/* The statement that reads one subject (SUBJ_COLS) by id, ready to bind: ?1 the id. NULL on failure,
 * err set. */
sqlite3_stmt *xy_sqlite_subject_by_id(struct sqlite_store *s, struct xy_error *err);

/* The name search and its index (store_sqlite_search.c). A subject's name-index entries are queued
 * (s->pending) and written in key order by xy_sqlite_grams_flush, which commit runs before COMMIT;
 * a deletion is written at once. */
int xy_sqlite_search(struct xy_store *st, const char *text, int offset, int limit, int no_persons, xy_subject_cb cb,
                     void *ctx, struct xy_error *err);
int xy_sqlite_grams_add(struct sqlite_store *s, int64_t subject, const char *name, struct xy_error *err);
int xy_sqlite_grams_del(struct sqlite_store *s, int64_t subject, const char *name, struct xy_error *err);
int xy_sqlite_grams_flush(struct sqlite_store *s, struct xy_error *err);

/* Records (store_sqlite_record.c). */
int xy_sqlite_record_current(struct xy_store *st, const char *cls, int64_t dept_id, const char *doc_no, int64_t *id,
                             int *version, uint8_t hash[16], struct xy_error *err);
int xy_sqlite_record_put(struct xy_store *st, const struct xy_record_row *r, int64_t *id, struct xy_error *err);
int xy_sqlite_subject_records(struct xy_store *st, int64_t subject_id, xy_record_cb cb, void *ctx,
                              struct xy_error *err);
int xy_sqlite_record_versions(struct xy_store *st, const char *cls, int64_t dept_id, const char *doc_no,
                              xy_record_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_record_get(struct xy_store *st, int64_t id, xy_record_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_records_by_class(struct xy_store *st, const char *cls, const struct xy_public_filter *pub,
                               int64_t after_id, int limit, xy_record_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_records_filtered(struct xy_store *st, const char *cls, const struct xy_public_filter *pub,
                               const char *dept_uscc, const char *region, const char *from, const char *to,
                               int64_t after_id, int limit, xy_record_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_records_by_dept(struct xy_store *st, int64_t dept_id, const char *cls, int64_t after_id, int limit,
                              xy_record_cb cb, void *ctx, struct xy_error *err);
/* store_sqlite_browse.c */
int xy_sqlite_records_browse(struct xy_store *st, const char *cls, const struct xy_public_filter *pub,
                             const struct xy_browse_filter *f, int limit, xy_record_cb cb, void *ctx,
                             struct xy_error *err);
/* store_sqlite_article.c */
int xy_sqlite_article_put(struct xy_store *st, const struct xy_article_row *a, int64_t *id, struct xy_error *err);
int xy_sqlite_article_get(struct xy_store *st, int64_t id, xy_article_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_articles_page(struct xy_store *st, const struct xy_article_filter *f, int limit, xy_article_cb cb,
                            void *ctx, struct xy_error *err);
int xy_sqlite_article_file_add(struct xy_store *st, int64_t article_id, const struct xy_file_row *f, int *seq,
                               struct xy_error *err);
int xy_sqlite_article_files(struct xy_store *st, int64_t article_id, int seq, xy_file_cb cb, void *ctx,
                            struct xy_error *err);
int xy_sqlite_training_add(struct xy_store *st, const struct xy_training_row *t, int64_t *id, struct xy_error *err);
int xy_sqlite_training_certs(struct xy_store *st, int64_t subject_id, const char *cert_no, xy_training_cb cb,
                             void *ctx, struct xy_error *err);
int xy_sqlite_training_coverage(struct xy_store *st, const struct xy_list_filter *lf, int64_t *listed,
                                int64_t *trained, struct xy_error *err);

/* Evaluation (store_sqlite_eval.c). Statement slots aux[128..159]. */
int xy_sqlite_eval_model_put(struct xy_store *st, const char *version, const char *applies_from, const char *body,
                             const char *at, const char *by, struct xy_error *err);
int xy_sqlite_eval_models(struct xy_store *st, xy_eval_model_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_eval_scan(struct xy_store *st, const struct xy_eval_scan *s, xy_eval_row_cb cb, void *ctx,
                        struct xy_error *err);
int xy_sqlite_subject_max(struct xy_store *st, int64_t *max, struct xy_error *err);
int xy_sqlite_eval_put(struct xy_store *st, const struct xy_eval_result_row *e, struct xy_error *err);
int xy_sqlite_eval_get(struct xy_store *st, int64_t subject_id, xy_eval_result_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_eval_list(struct xy_store *st, const char *grade, const char *region, const char *kind, int64_t after,
                        int limit, xy_eval_result_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_eval_counts(struct xy_store *st, xy_eval_count_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_eval_stale(struct xy_store *st, int limit, int64_t *ids, size_t *n, struct xy_error *err);
/* Stored public answers (store_sqlite_answer.c). Statement slots aux[168..175]. */
int xy_sqlite_answer_get(struct xy_store *st, const char *uscc, const char *opaque, const char *made_by,
                         const char *day, xy_answer_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_answer_unstale(struct xy_store *st, int64_t subject_id, struct xy_error *err);
int xy_sqlite_answer_put(struct xy_store *st, int64_t subject_id, const char *made_by, const char *valid_through,
                         const char *body, size_t len, struct xy_error *err);
int xy_sqlite_answer_drop(struct xy_store *st, int64_t subject_id, struct xy_error *err);
int xy_sqlite_answer_stale(struct xy_store *st, int limit, int64_t *ids, size_t *n, struct xy_error *err);
int xy_sqlite_answer_defer(struct xy_store *st, struct xy_error *err);
/* Marks the subject's stored answer stale, unless a batch import defers its marks: called after every
 * insert into subject, subject_name and record (the updates and deletes are marked by triggers). */
int xy_sqlite_answer_mark(struct sqlite_store *s, int64_t subject_id, struct xy_error *err);
int xy_sqlite_answer_mark_batch(struct xy_store *st, int64_t batch_id, int64_t first, int64_t last,
                                    struct xy_error *err);
int xy_sqlite_answer_mark_old(struct xy_store *st, const char *made_by, const char *day, int64_t *n,
                              struct xy_error *err);
int xy_sqlite_eval_mark_faded(struct xy_store *st, const char *before, const char *model_version, int64_t after,
                              int64_t upto, int64_t *n, struct xy_error *err);

/* Keys and audit (store_sqlite_auth.c). Statement slots aux[0..31]. */
int xy_sqlite_key_add(struct xy_store *st, const struct xy_key_row *k, int64_t *id, struct xy_error *err);
int xy_sqlite_key_get(struct xy_store *st, int64_t id, xy_key_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_key_list(struct xy_store *st, xy_key_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_key_revoke(struct xy_store *st, int64_t id, const char *at, struct xy_error *err);
int xy_sqlite_audit_last(struct xy_store *st, int64_t *seq, uint8_t hash[32], struct xy_error *err);
int xy_sqlite_audit_insert(struct xy_store *st, const struct xy_audit_row *a, struct xy_error *err);
int xy_sqlite_audit_scan(struct xy_store *st, int64_t after, int limit, xy_audit_cb cb, void *ctx,
                         struct xy_error *err);

/* Joint reward and punishment (store_sqlite_jrp.c). Statement slots aux[32..63]. */
int xy_sqlite_matter_put(struct xy_store *st, const char *code, const char *name, const char *dept_uscc,
                         struct xy_error *err);
int xy_sqlite_matter_exists(struct xy_store *st, const char *code);
int xy_sqlite_matter_dept(struct xy_store *st, const char *code, char dept[19], struct xy_error *err);
int xy_sqlite_policy_gen(struct xy_store *st, int64_t *gen, struct xy_error *err);
int xy_sqlite_matters_list(struct xy_store *st, xy_subject_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_memo_current(struct xy_store *st, const char *doc_no, int64_t *id, int *version, char **body,
                           struct xy_error *err);
int xy_sqlite_memo_put(struct xy_store *st, const struct xy_memo_row *m, int64_t *id, struct xy_error *err);
int xy_sqlite_measure_put(struct xy_store *st, const struct xy_measure_row *m, struct xy_error *err);
int xy_sqlite_measures_current(struct xy_store *st, const char *target_class, xy_measure_cb cb, void *ctx,
                               struct xy_error *err);
int xy_sqlite_list_entries(struct xy_store *st, int64_t subject_id, const uint8_t *rep_hash,
                           const struct xy_list_filter *f, xy_record_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_check_add(struct xy_store *st, const struct xy_check_row *c, int64_t *id, struct xy_error *err);
int xy_sqlite_check_get(struct xy_store *st, int64_t id, struct xy_check_row *out, struct xy_error *err);
int xy_sqlite_feedback_put(struct xy_store *st, int64_t check_id, int64_t measure_id, int applied, const char *reason,
                           const char *outcome, const char *at, struct xy_error *err);
int xy_sqlite_access_add(struct xy_store *st, int64_t subject_id, const char *at, int64_t key_id, const char *role,
                         const char *dept_uscc, const char *purpose, const char *object, int64_t grant_id,
                         struct xy_error *err);
int xy_sqlite_case_add(struct xy_store *st, int64_t check_id, int64_t measure_id, const char *title,
                       const char *summary, const char *at, int64_t by, int64_t *id, struct xy_error *err);
int xy_sqlite_cases_page(struct xy_store *st, int64_t after, int limit, xy_case_cb cb, void *ctx,
                         struct xy_error *err);
int xy_sqlite_jrp_stats(struct xy_store *st, const char *from, const char *to, const char *now, xy_stat_cb cb,
                        void *ctx, struct xy_error *err);

/* store_sqlite_rights.c */
int xy_sqlite_calendar_put(struct xy_store *st, const char *day, const char *kind, const char *name_zh,
                           const char *name_en, struct xy_error *err);
int xy_sqlite_calendar_scan(struct xy_store *st, xy_day_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_claim_add(struct xy_store *st, const struct xy_claim_row *c, int64_t *id, struct xy_error *err);
int xy_sqlite_claim_get(struct xy_store *st, int64_t id, xy_claim_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_claim_update(struct xy_store *st, const struct xy_claim_row *c, struct xy_error *err);
int xy_sqlite_claims_page(struct xy_store *st, const struct xy_claim_filter *f, xy_claim_cb cb, void *ctx,
                          struct xy_error *err);
int xy_sqlite_claim_open_on(struct xy_store *st, const char *kind, int64_t record_id, int64_t *id,
                            struct xy_error *err);
int xy_sqlite_claim_step_add(struct xy_store *st, int64_t claim_id, const struct xy_claim_step_row *s,
                             struct xy_error *err);
int xy_sqlite_claim_steps(struct xy_store *st, int64_t claim_id, xy_step_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_file_add(struct xy_store *st, int64_t claim_id, const struct xy_file_row *f, struct xy_error *err);
int xy_sqlite_files_list(struct xy_store *st, int64_t claim_id, xy_file_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_file_get(struct xy_store *st, int64_t claim_id, int seq, xy_file_cb cb, void *ctx,
                       struct xy_error *err);
int xy_sqlite_record_set_status(struct xy_store *st, int64_t record_id, const char *status, struct xy_error *err);
int xy_sqlite_record_mark(struct xy_store *st, int64_t record_id, int64_t objection_id, struct xy_error *err);
int xy_sqlite_cites_put(struct xy_store *st, int64_t record_id, int64_t subject_id, const char *cites,
                        size_t cites_len, const char *cites_dept, struct xy_error *err);
int xy_sqlite_entries_citing(struct xy_store *st, int64_t subject_id, const char *doc_no, const char *dept_uscc,
                             xy_record_cb cb,
                             void *ctx, struct xy_error *err);
int xy_sqlite_expire_due(struct xy_store *st, const char *today, const char *now, int limit, long *n,
                         struct xy_error *err);
int xy_sqlite_change_add(struct xy_store *st, const struct xy_change_row *c, struct xy_error *err);
int xy_sqlite_changes_page(struct xy_store *st, int64_t after, int limit, xy_change_cb cb, void *ctx,
                           struct xy_error *err);
int xy_sqlite_consent_add(struct xy_store *st, const struct xy_consent_row *c, int64_t *id, struct xy_error *err);
int xy_sqlite_consent_get(struct xy_store *st, int64_t id, xy_consent_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_consents_list(struct xy_store *st, int64_t subject_id, int64_t querier_key, int64_t querier_id,
                            xy_consent_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_querier_add(struct xy_store *st, const struct xy_querier_row *q, int64_t *id, struct xy_error *err);
int xy_sqlite_querier_get(struct xy_store *st, int64_t id, const char *uscc, xy_querier_cb cb, void *ctx,
                          struct xy_error *err);
int xy_sqlite_queriers_list(struct xy_store *st, const char *name, int all, int limit, xy_querier_cb cb, void *ctx,
                            struct xy_error *err);
int xy_sqlite_querier_disable(struct xy_store *st, int64_t id, const char *at, struct xy_error *err);
int xy_sqlite_consent_revoke(struct xy_store *st, int64_t id, const char *at, struct xy_error *err);
int xy_sqlite_access_list(struct xy_store *st, int64_t subject_id, int64_t before, int limit, xy_access_cb cb,
                          void *ctx, struct xy_error *err);
int xy_sqlite_subject_ref(struct xy_store *st, int64_t subject_id, char opaque[24], struct xy_error *err);
int xy_sqlite_objection_unmark(struct xy_store *st, int64_t objection_id, struct xy_error *err);

/* store_sqlite_report.c: the register of credit reports. */
int xy_sqlite_report_next_seq(struct xy_store *st, const char *day, int *seq, struct xy_error *err);
int xy_sqlite_report_add(struct xy_store *st, const struct xy_report_row *r, struct xy_error *err);
int xy_sqlite_report_get(struct xy_store *st, const char *number, xy_report_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_report_stats(struct xy_store *st, const char *from, const char *to, xy_stat_cb cb, void *ctx,
                           struct xy_error *err);

/* store_sqlite_monitor.c: monitoring departments and districts. */
int xy_sqlite_unit_set(struct xy_store *st, int64_t dept_id, const char *region, const char *level,
                       struct xy_error *err);
int xy_sqlite_plan_set(struct xy_store *st, int64_t dept_id, const char *body, const char *at, struct xy_error *err);
int xy_sqlite_units(struct xy_store *st, xy_unit_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_declaration_put(struct xy_store *st, int64_t dept_id, const char *month, const char *body,
                              const char *at, int64_t key_id, struct xy_error *err);
int xy_sqlite_declarations(struct xy_store *st, const char *month, int64_t dept_id, xy_decl_cb cb, void *ctx,
                           struct xy_error *err);
int xy_sqlite_entry_put(struct xy_store *st, const struct xy_entry_row *e, struct xy_error *err);
int xy_sqlite_entries(struct xy_store *st, const char *month, xy_entry_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_month_get(struct xy_store *st, const char *month, xy_month_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_month_put(struct xy_store *st, const struct xy_month_row *m, struct xy_error *err);
int xy_sqlite_mon_facts(struct xy_store *st, const struct xy_mon_scan *q, xy_mon_fact_cb cb, void *ctx,
                        struct xy_error *err);
/* store_sqlite_dashboard.c: the dashboards' aggregates. */
int xy_sqlite_mon_day_facts(struct xy_store *st, const struct xy_mon_scan *q, int stock, xy_mon_fact_cb cb, void *ctx,
                            struct xy_error *err);
int xy_sqlite_mon_agg_clear(struct xy_store *st, const char *from_day, const char *to_day, const char *from_month,
                            const char *to_month, struct xy_error *err);
int xy_sqlite_mon_agg_add(struct xy_store *st, const struct xy_mon_agg_row *rows, size_t n, struct xy_error *err);
int xy_sqlite_mon_cutoff_put(struct xy_store *st, const char *day, const char *cutoff, struct xy_error *err);
int xy_sqlite_mon_agg_rollup(struct xy_store *st, const char *from_month, const char *to_month, const char *day,
                             const char *at, struct xy_error *err);
int xy_sqlite_mon_refresh_get(struct xy_store *st, char *day, char *at, struct xy_error *err);
int xy_sqlite_mon_mark_get(struct xy_store *st, int64_t *record_id, char *rules, struct xy_error *err);
int xy_sqlite_mon_mark_set(struct xy_store *st, const char *rules, struct xy_error *err);
int xy_sqlite_mon_records_after(struct xy_store *st, int64_t record_id, const char *from, const char *to, char *stamp,
                                struct xy_error *err);
int xy_sqlite_mon_day_records(struct xy_store *st, const char *from_day, const char *to_day, xy_mon_fact_cb cb,
                              void *ctx, struct xy_error *err);
int xy_sqlite_mon_agg_read(struct xy_store *st, const char *from_month, const char *to_month, const char *dept,
                           xy_mon_agg_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_mon_drill(struct xy_store *st, const struct xy_mon_drill *q, xy_mon_drill_cb cb, void *ctx,
                        struct xy_error *err);
/* store_sqlite_exchange.c: destinations, sources and batches received. */
/* Subscriptions (store_sqlite_subscription.c). */
int xy_sqlite_sub_add(struct xy_store *st, const struct xy_sub_row *r, int64_t *id, struct xy_error *err);
int xy_sqlite_sub_list(struct xy_store *st, int64_t id, int64_t key_id, int active, xy_sub_cb cb, void *ctx,
                       struct xy_error *err);
int xy_sqlite_sub_follow_add(struct xy_store *st, int64_t sub_id, int64_t subject_id, int64_t consent_id,
                             const char *at, struct xy_error *err);
int xy_sqlite_sub_regulated(struct xy_store *st, int64_t dept_id, int64_t subject_id, int *yes, struct xy_error *err);
int xy_sqlite_sub_grant(struct xy_store *st, int64_t subject_id, int64_t querier_key, int64_t querier_id,
                        const char *today, int64_t *consent_id, struct xy_error *err);
int xy_sqlite_sub_hits(struct xy_store *st, int64_t sub_id, int64_t batch_id, int64_t after, int64_t upto, int limit,
                       xy_sub_hit_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_sub_ack(struct xy_store *st, int64_t id, int64_t seq, int64_t part, int64_t delivered, const char *at,
                      struct xy_error *err);
int xy_sqlite_sub_fail(struct xy_store *st, int64_t id, const char *error, const char *at, struct xy_error *err);
int xy_sqlite_sub_end(struct xy_store *st, int64_t id, const char *at, const char *reason, struct xy_error *err);

int xy_sqlite_dest_add(struct xy_store *st, const struct xy_dest_row *d, int64_t *id, struct xy_error *err);
int xy_sqlite_dest_list(struct xy_store *st, const char *name, xy_dest_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_dest_enable(struct xy_store *st, const char *name, int enabled, struct xy_error *err);
int xy_sqlite_dest_ack(struct xy_store *st, int64_t id, int64_t seq, int64_t part, const char *at,
                       struct xy_error *err);
int xy_sqlite_dest_fail(struct xy_store *st, int64_t id, const char *error, const char *at, struct xy_error *err);
int xy_sqlite_dest_seal(struct xy_store *st, const struct xy_dest_row *d, struct xy_error *err);
int xy_sqlite_source_key_set(struct xy_store *st, const char *name, const char *pub, struct xy_error *err);
int xy_sqlite_source_verify_key(struct xy_store *st, const char *name, char out[65], struct xy_error *err);
int xy_sqlite_nonce_add(struct xy_store *st, int64_t source_id, const char *nonce, int64_t at, int64_t forget,
                        struct xy_error *err);
int xy_sqlite_source_get(struct xy_store *st, const char *name, int64_t *id, int64_t *seq, int64_t *part,
                         struct xy_error *err);
int xy_sqlite_source_advance(struct xy_store *st, int64_t id, int64_t seq, int64_t part, const char *at,
                             struct xy_error *err);
int xy_sqlite_inbound_find(struct xy_store *st, int64_t source_id, const int64_t first[2], const int64_t last[2],
                           char **ack, struct xy_error *err);
int xy_sqlite_inbound_add(struct xy_store *st, int64_t source_id, const int64_t first[2], const int64_t last[2],
                          const char *at, const char *ack, struct xy_error *err);
int xy_sqlite_record_source_add(struct xy_store *st, int64_t record_id, int64_t source_id, int64_t src_record,
                                struct xy_error *err);
int xy_sqlite_batch_records(struct xy_store *st, int64_t batch_id, int64_t after, int64_t upto, int limit,
                            xy_record_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_records_scan(struct xy_store *st, const struct xy_record_scan *q, int64_t after, int limit,
                           xy_record_cb cb, void *ctx, struct xy_error *err);

/* store_sqlite_supervision.c */
int xy_sqlite_sup_activity(struct xy_store *st, xy_sup_activity_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_sup_overdue(struct xy_store *st, const struct xy_sup_overdue_q *q, xy_sup_overdue_cb cb, void *ctx,
                          struct xy_error *err);
int xy_sqlite_sup_raise(struct xy_store *st, const struct xy_sup_row *n, int64_t *id, struct xy_error *err);
int xy_sqlite_sup_get(struct xy_store *st, int64_t id, xy_sup_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_sup_list(struct xy_store *st, const struct xy_sup_filter *f, xy_sup_cb cb, void *ctx,
                       struct xy_error *err);
int xy_sqlite_sup_update(struct xy_store *st, const struct xy_sup_row *n, const char *from, struct xy_error *err);
int xy_sqlite_sup_count_numbered(struct xy_store *st, const char *prefix, int64_t *n, struct xy_error *err);
int xy_sqlite_sup_answer_add(struct xy_store *st, const struct xy_sup_answer_row *a,
                             const struct xy_sup_file_row *files, size_t nfiles, int *seq, struct xy_error *err);
int xy_sqlite_sup_verdict(struct xy_store *st, int64_t notice_id, int seq, const char *verdict, const char *note,
                          const char *at, struct xy_error *err);
int xy_sqlite_sup_answers(struct xy_store *st, int64_t notice_id, xy_sup_answer_cb acb, xy_sup_file_cb fcb, void *ctx,
                          struct xy_error *err);
int xy_sqlite_sup_file(struct xy_store *st, int64_t notice_id, int answer_seq, int seq, xy_sup_file_cb cb, void *ctx,
                       struct xy_error *err);
/* store_sqlite_application.c: subjects' applications for accounts. */
int xy_sqlite_application_add(struct xy_store *st, const struct xy_application_row *a, int64_t *id,
                              struct xy_error *err);
int xy_sqlite_application_get(struct xy_store *st, int64_t id, xy_application_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_application_list(struct xy_store *st, const char *state, int limit, xy_application_cb cb, void *ctx,
                               struct xy_error *err);
int xy_sqlite_application_put(struct xy_store *st, const struct xy_application_row *a, struct xy_error *err);
int xy_sqlite_application_file_add(struct xy_store *st, int64_t application_id, const struct xy_file_row *f,
                                   struct xy_error *err);
int xy_sqlite_application_files(struct xy_store *st, int64_t application_id, int seq, xy_file_cb cb, void *ctx,
                                struct xy_error *err);

/* store_sqlite_account.c: staff accounts, sessions, failed sign-ins. */
int xy_sqlite_account_add(struct xy_store *st, const struct xy_account_row *a, int64_t *id, struct xy_error *err);
int xy_sqlite_account_get(struct xy_store *st, int64_t id, const char *name, xy_account_cb cb, void *ctx,
                          struct xy_error *err);
int xy_sqlite_account_list(struct xy_store *st, xy_account_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_account_put(struct xy_store *st, const struct xy_account_row *a, struct xy_error *err);
int xy_sqlite_session_add(struct xy_store *st, const uint8_t hash[32], const struct xy_session_row *r,
                          struct xy_error *err);
int xy_sqlite_session_get(struct xy_store *st, const uint8_t hash[32], struct xy_session_row *out,
                          struct xy_error *err);
int xy_sqlite_session_touch(struct xy_store *st, const uint8_t hash[32], int64_t seen, struct xy_error *err);
int xy_sqlite_session_drop(struct xy_store *st, const uint8_t *hash, int64_t account_id, int64_t created_before,
                           struct xy_error *err);
int xy_sqlite_throttle_get(struct xy_store *st, const char *key, int64_t *failures, int64_t *last,
                           struct xy_error *err);
int xy_sqlite_throttle_put(struct xy_store *st, const char *key, int64_t failures, int64_t last,
                           struct xy_error *err);
int xy_sqlite_conv_put(struct xy_store *st, const struct xy_conv_put *p, const char *now, int *outcome,
                       struct xy_error *err);
int xy_sqlite_conv_scan(struct xy_store *st, int64_t dept_id, xy_conv_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_extra_put(struct xy_store *st, const char *body, const char *at, int64_t key_id, struct xy_error *err);
int xy_sqlite_extra_get(struct xy_store *st, xy_extra_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_arrivals(struct xy_store *st, const char *from, const char *to, xy_arrival_cb cb, void *ctx,
                       struct xy_error *err);
int xy_sqlite_report_coverage(struct xy_store *st, const struct xy_cov_scan *q, xy_cov_cb cb, void *ctx,
                              struct xy_error *err);

/* store_sqlite_copy.c: whole-database copy. */
int xy_sqlite_copy_tables(struct xy_store *st, xy_copy_table_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_copy_columns(struct xy_store *st, const char *table, xy_copy_column_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_copy_count(struct xy_store *st, const char *table, int64_t *n, struct xy_error *err);
int xy_sqlite_copy_scan(struct xy_store *st, const char *table, const char *const *cols, int ncols,
                     const char *const *order, int norder, xy_copy_row_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_copy_load_begin(struct xy_store *st, const char *table, const char *const *cols, int ncols,
                           struct xy_error *err);
int xy_sqlite_copy_load_row(struct xy_store *st, const struct xy_value *cells, int ncols, struct xy_error *err);
int xy_sqlite_copy_load_end(struct xy_store *st, struct xy_error *err);
int xy_sqlite_copy_mark(struct xy_store *st, const char *table, struct xy_error *err);
int xy_sqlite_copy_progress(struct xy_store *st, int *started, xy_copy_name_cb cb, void *ctx, struct xy_error *err);
int xy_sqlite_copy_finish(struct xy_store *st, struct xy_error *err);

#endif
