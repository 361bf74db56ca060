/* SPDX-License-Identifier: Apache-2.0 */
/* A validated record (core/validate.h) as the row the store keeps: its dates as text, its keyed
 * content hash, its sealed part and the keyed hash of its legal representative's ID. Shared by the
 * import and by corrections after an objection, so that a corrected version is stored exactly as an
 * imported one would be. */
#ifndef XY_APP_RECORDROW_H
#define XY_APP_RECORDROW_H

#include <stdint.h>

#include "app/keys.h"
#include "common/xy_buf.h"
#include "core/catalog.h"
#include "core/validate.h"
#include "store/store.h"

struct xy_rowparts {
    char decision[11], valid_to[11], min_until[11], public_until[11];
    uint8_t hash[16];     /* keyed: it covers ID numbers, which an unkeyed hash would let anyone guess */
    uint8_t rep_hash[32]; /* when the record names its legal representative's ID */
    uint8_t *sealed;      /* owned; NULL when the record has no sealed part */
    size_t sealed_len;
    struct xy_buf cites;  /* list entries: the decision numbers it may cite, each NUL-terminated */
    char cites_dept[19];  /* the department that decided them (认定部门代码), "" when not given */
};

/* The content hash only (enough to tell a resend from a change). */
void xy_rowparts_hash(const struct xy_keys *keys, const char *cls, const struct xy_valrec *v, uint8_t hash[16]);

/* Everything; hash, when not NULL, is the content hash computed already. XY_ENOMEM. Release with
 * xy_rowparts_release. */
int xy_rowparts_make(const struct xy_keys *keys, const struct xy_class *cls, const struct xy_valrec *v,
                     const uint8_t *hash, struct xy_rowparts *p, struct xy_error *err);
void xy_rowparts_release(struct xy_rowparts *p);

#define XY_CITES_MAX 4096 /* bytes of cited numbers one entry keeps */

/* The decision numbers a record of class k cites (core/docno.h), from its fields (JSON text): those in
 * its cited_penalty field, or else those its reason and basis texts name; only classes whose catalogue
 * entry has cited_penalty cite. Appended to cites (initialised by the caller), each NUL-terminated;
 * OUT: dept, the deciding department's code when the record gives one, else "". -1 on out of memory
 * or fields that are not JSON. */
int xy_rowparts_cites(const struct xy_class *k, const char *fields, size_t len, struct xy_buf *cites,
                      char dept[19]);

/* Fills the columns of row that come from the record (dates, status, severity, sector, amount, flags,
 * hash, fields, sealed part, representative); the caller sets the key, version, subject, batch, row
 * and time. extra_flags are or-ed in (XY_RF_NAME_MISMATCH). row borrows from v and p. */
void xy_rowparts_fill(const struct xy_valrec *v, const struct xy_rowparts *p, unsigned extra_flags,
                      struct xy_record_row *row);

/* A person's ID number as the platform keeps it, wherever it is kept (subjects, applications for
 * accounts): the keyed hash (blind index) of id_key ("<id type>:<normalised number>"), and the number
 * alone sealed with the platform key. OUT: hash (32 bytes), *sealed (caller owns; free with
 * xy_free()), *sealed_len. XY_ENOMEM. */
int xy_rowparts_person_id(const struct xy_keys *keys, const char *id_key, uint8_t hash[32], uint8_t **sealed,
                          size_t *sealed_len, struct xy_error *err);

/* Finds or creates the subject a validated record is about (store.h, subject_resolve): by its USCC,
 * its registration number, or for a person the keyed hash of its ID number, sealed on creation.
 * as_of: the record's decision date or NULL. OUT: *id, *differs (the name disagreed). */
int xy_rowparts_subject(struct xy_store *st, const struct xy_keys *keys, const struct xy_valrec *v, const char *as_of,
                        const char *now, int64_t *id, int *differs, struct xy_error *err);

#endif
