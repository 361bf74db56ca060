/* SPDX-License-Identifier: Apache-2.0 */
/* The store contract suite: what every back end of src/store/store.h must do, asserted through the
 * vtable alone (st->ops->...), so that the same cases run against each back end in backends.c. A
 * case gets a fresh, migrated, empty store of the back end under test; it never reads the back end's
 * tables, files or headers. Include after cmocka.h. */
#ifndef XY_STORE_CONTRACT_H
#define XY_STORE_CONTRACT_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* One back end under test. */
struct ct_backend {
    const char *name;
    /* A fresh, migrated, empty database and a connection to it. OUT: *st, where[size] (what
     * connect and drop need to find the database again). */
    int (*open)(char *where, size_t size, struct xy_store **st, struct xy_error *err);
    /* Another connection to the database open made (the snapshot cases need two). */
    int (*connect)(const char *where, struct xy_store **st, struct xy_error *err);
    /* Removes the database; its connections are closed already. */
    void (*drop)(const char *where);
    /* The environment variable that names the server to test against, NULL when none is needed. A
     * run of every back end (no name given: valgrind/unit) leaves out those whose variable is unset;
     * a run naming the back end fails without it. */
    const char *needs;
};

/* The back ends compiled in (backends.c), and the one the cases run against now (main.c). */
extern const struct ct_backend ct_backends[];
extern const size_t ct_nbackends;
extern const struct ct_backend *ct_backend_now;

/* A case's state: the store, its operations and an error record. */
struct ct {
    const struct ct_backend *be;
    char where[512];
    struct xy_store *st;
    const struct xy_store_ops *op;
    struct xy_error err;
};

/* cmocka setup and teardown of every case: a fresh store from ct_backend_now, dropped after. */
int ct_setup(void **state);
int ct_teardown(void **state);

#define CT_CASE(f) cmocka_unit_test_setup_teardown(f, ct_setup, ct_teardown)

/* A second connection to the case's database; close it with xy_store_close(). */
struct xy_store *ct_connect(struct ct *t);

/* Write transactions, asserted to begin and commit. */
void ct_begin(struct ct *t);
void ct_commit(struct ct *t);

/* Fixed times the cases write: no case reads the clock. */
#define CT_NOW "2026-03-02T08:00:00Z"
#define CT_DAY "2026-03-02"

/* Data the cases build on; each asserts that the store took it. Call inside a transaction. */
int64_t ct_dept(struct ct *t, const char *uscc, const char *name);
int64_t ct_org(struct ct *t, const char *uscc, const char *name);
/* A natural person: id_hash is 32 bytes of `tag`, the sealed number 40 bytes of `tag`. */
int64_t ct_person(struct ct *t, uint8_t tag, const char *name);
int64_t ct_batch(struct ct *t, int64_t dept, const char *cls);
int64_t ct_key(struct ct *t, const char *role, int64_t dept, int64_t subject, const char *name);

/* A record to store; what is left 0/NULL gets a default (class penalty, version 1, published,
 * decided on 2026-01-10, public until 2027-01-10, content hash of `tag`). */
struct ct_rec {
    const char *cls;
    int64_t dept, subject, batch;
    const char *doc_no;
    int version;
    const char *status;
    const char *decision_date;
    const char *public_until; /* "-" for none (NULL) */
    uint8_t tag;
    const uint8_t *rep_hash;
    const char *created_at; /* NULL: CT_NOW */
};
int64_t ct_record(struct ct *t, const struct ct_rec *r);

/* The store's copy of a record, copied out of the callback ("(null)" for a NULL string). */
#define CT_NULL "(null)"
struct ct_row {
    int64_t id, dept_id, subject_id, batch_id, amount_fen, objection_id;
    int version, is_current;
    long row_no;
    unsigned flags;
    char cls[32], dept_uscc[32], dept_name[64], doc_no[64], status[16], decision_date[16], valid_to[16],
        min_until[16], public_until[16], severity[16], sector[16], fields[128], created_at[32], upper[32];
    uint8_t hash[16];
    int has_hash;
    uint8_t sealed[64];
    size_t sealed_len;
};

/* Rows a record callback collected, in the order given; the callback asks to stop once `stop_at`
 * rows are in (0: never). */
#define CT_MAX 48
struct ct_rows {
    int n, stop_at;
    struct ct_row r[CT_MAX];
};
int ct_on_record(void *ctx, const struct xy_record_row *r);

/* batch_get into out: the counts, ids and class (the class copied; other strings NULL). */
int ct_batch_get(const struct xy_store_ops *op, struct xy_store *st, int64_t id, struct xy_batch_row *out,
                 struct xy_error *err);

/* The list classes red_list, black_list and watch_list, in force when published or unpublished. */
const struct xy_list_filter *ct_lists(void);

/* The publicity filter for day (status published), in storage that lives until the next call. */
const struct xy_public_filter *ct_pub(const char *day);

/* One record by id through record_get (asserted found). */
struct ct_row ct_get(struct ct *t, int64_t id);

/* Copies s into dst[size], CT_NULL when NULL. */
void ct_cpy(char *dst, size_t size, const char *s);

/* The groups of cases, one file each. */
#define CT_GROUP(name)                                                                             \
    extern const struct CMUnitTest ct_##name##_tests[];                                            \
    extern const size_t ct_##name##_count
CT_GROUP(basics);
CT_GROUP(subjects);
CT_GROUP(records);
CT_GROUP(public);
CT_GROUP(keys_audit);
CT_GROUP(jrp);
CT_GROUP(rights);
CT_GROUP(txn);
CT_GROUP(reports);
CT_GROUP(eval);
CT_GROUP(monitor);
CT_GROUP(backup);
CT_GROUP(exchange);
CT_GROUP(supervision);
CT_GROUP(accounts);
CT_GROUP(articles);
CT_GROUP(conversion);
CT_GROUP(dashboard);
CT_GROUP(subscriptions);
CT_GROUP(copy);
CT_GROUP(answers);

#define CT_COUNT(tests) (sizeof(tests) / sizeof((tests)[0]))

#endif
