/* SPDX-License-Identifier: Apache-2.0 */
/* SQLite back end: subjects' applications for accounts and their files (migration 27). */
#include <string.h>

#include "store/sqlite/store_sqlite_int.h"

#define APP_COLS                                                                                        \
    "a.id, a.kind, a.uscc, a.id_hash, a.id_sealed, a.id_masked, a.name, a.legal_rep, a.contact, a.phone, " \
    "a.email, a.state, a.reason, a.created_at, a.decided_at, a.decided_by, a.code_hash, a.code_expires, "  \
    "a.activated_at, a.account_id, "                                                                    \
    "(SELECT count(*) FROM subject_application_file f WHERE f.application_id = a.id) "                  \
    "FROM subject_application a "

static void bind_blob(sqlite3_stmt *q, int i, const void *p, size_t n)
{
    if (p)
        sqlite3_bind_blob64(q, i, p, (sqlite3_uint64)n, SQLITE_STATIC);
    else
        sqlite3_bind_null(q, i);
}

static int each(struct sqlite_store *s, sqlite3_stmt *q, xy_application_cb cb, void *ctx, int *n,
                struct xy_error *err)
{
    int r;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        struct xy_application_row a = {
            .id = sqlite3_column_int64(q, 0),
            .kind = xy_sqlite_text(q, 1),
            .uscc = xy_sqlite_text(q, 2),
            .id_hash = sqlite3_column_bytes(q, 3) == 32 ? sqlite3_column_blob(q, 3) : NULL,
            .id_sealed = sqlite3_column_blob(q, 4),
            .id_sealed_len = (size_t)sqlite3_column_bytes(q, 4),
            .id_masked = xy_sqlite_text(q, 5),
            .name = xy_sqlite_text(q, 6),
            .legal_rep = xy_sqlite_text(q, 7),
            .contact = xy_sqlite_text(q, 8),
            .phone = xy_sqlite_text(q, 9),
            .email = xy_sqlite_text(q, 10),
            .state = xy_sqlite_text(q, 11),
            .reason = xy_sqlite_text(q, 12),
            .created_at = xy_sqlite_text(q, 13),
            .decided_at = xy_sqlite_text(q, 14),
            .decided_by = xy_sqlite_text(q, 15),
            .code_hash = sqlite3_column_bytes(q, 16) == 32 ? sqlite3_column_blob(q, 16) : NULL,
            .code_expires = sqlite3_column_int64(q, 17),
            .activated_at = xy_sqlite_text(q, 18),
            .account_id = sqlite3_column_int64(q, 19),
            .nfiles = sqlite3_column_int(q, 20),
        };
        if (!a.id_sealed)
            a.id_sealed_len = 0;
        if (n)
            (*n)++;
        if (cb(ctx, &a)) {
            r = SQLITE_DONE;
            break;
        }
    }
    int rc = r == SQLITE_DONE ? XY_OK : xy_sqlite_err(s, err, "read applications");
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_application_add(struct xy_store *st, const struct xy_application_row *a, int64_t *id,
                              struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(
        s, "INSERT INTO subject_application (kind, uscc, id_hash, id_sealed, id_masked, name, legal_rep, contact, "
           "phone, email, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)",
        err);
    if (!q)
        return xy_sqlite_failed(err);
    xy_sqlite_bind_text(q, 1, a->kind);
    xy_sqlite_bind_text(q, 2, a->uscc);
    bind_blob(q, 3, a->id_hash, 32);
    bind_blob(q, 4, a->id_sealed, a->id_sealed_len);
    xy_sqlite_bind_text(q, 5, a->id_masked);
    xy_sqlite_bind_text(q, 6, a->name);
    xy_sqlite_bind_text(q, 7, a->legal_rep);
    xy_sqlite_bind_text(q, 8, a->contact);
    xy_sqlite_bind_text(q, 9, a->phone);
    xy_sqlite_bind_text(q, 10, a->email);
    xy_sqlite_bind_text(q, 11, a->created_at);
    int rc = sqlite3_step(q) == SQLITE_DONE ? XY_OK : xy_sqlite_err(s, err, "store application");
    sqlite3_finalize(q);
    if (!rc)
        *id = sqlite3_last_insert_rowid(s->db);
    return rc;
}

int xy_sqlite_application_get(struct xy_store *st, int64_t id, xy_application_cb cb, void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s, "SELECT " APP_COLS "WHERE a.id = ?", err);
    int n = 0;
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, id);
    int rc = each(s, q, cb, ctx, &n, err);
    if (!rc && !n)
        rc = XY_ENOTFOUND;
    return rc;
}

int xy_sqlite_application_list(struct xy_store *st, const char *state, int limit, xy_application_cb cb, void *ctx,
                               struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(
        s, "SELECT " APP_COLS "WHERE ?1 IS NULL OR a.state = ?1 ORDER BY a.id DESC LIMIT ?2", err);
    if (!q)
        return xy_sqlite_failed(err);
    xy_sqlite_bind_text(q, 1, state);
    sqlite3_bind_int(q, 2, limit);
    return each(s, q, cb, ctx, NULL, err);
}

int xy_sqlite_application_put(struct xy_store *st, const struct xy_application_row *a, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(
        s, "UPDATE subject_application SET state = ?2, reason = ?3, decided_at = ?4, decided_by = ?5, code_hash = ?6, "
           "code_expires = ?7, activated_at = ?8, account_id = ?9 WHERE id = ?1",
        err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, a->id);
    xy_sqlite_bind_text(q, 2, a->state);
    xy_sqlite_bind_text(q, 3, a->reason);
    xy_sqlite_bind_text(q, 4, a->decided_at);
    xy_sqlite_bind_text(q, 5, a->decided_by);
    bind_blob(q, 6, a->code_hash, 32);
    sqlite3_bind_int64(q, 7, a->code_expires);
    xy_sqlite_bind_text(q, 8, a->activated_at);
    if (a->account_id > 0)
        sqlite3_bind_int64(q, 9, a->account_id);
    else
        sqlite3_bind_null(q, 9);
    int rc = sqlite3_step(q) == SQLITE_DONE ? XY_OK : xy_sqlite_err(s, err, "update application");
    sqlite3_finalize(q);
    if (!rc && sqlite3_changes(s->db) == 0)
        rc = xy_error_set(err, XY_ENOTFOUND, "no application %lld", (long long)a->id);
    return rc;
}

int xy_sqlite_application_file_add(struct xy_store *st, int64_t application_id, const struct xy_file_row *f,
                                   struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(
        s, "INSERT INTO subject_application_file (application_id, seq, role, name, media_type, size, sha256, data) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, application_id);
    sqlite3_bind_int(q, 2, f->seq);
    xy_sqlite_bind_text(q, 3, f->role);
    xy_sqlite_bind_text(q, 4, f->name);
    xy_sqlite_bind_text(q, 5, f->media_type);
    sqlite3_bind_int64(q, 6, f->size);
    sqlite3_bind_blob(q, 7, f->sha256, 32, SQLITE_STATIC);
    sqlite3_bind_blob64(q, 8, f->data, (sqlite3_uint64)f->size, SQLITE_STATIC);
    int rc = sqlite3_step(q) == SQLITE_DONE ? XY_OK : xy_sqlite_err(s, err, "store application file");
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_application_files(struct xy_store *st, int64_t application_id, int seq, xy_file_cb cb, void *ctx,
                                struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(
        s, seq > 0 ? "SELECT seq, name, media_type, size, sha256, data, role FROM subject_application_file "
                     "WHERE application_id = ?1 AND seq = ?2"
                   : "SELECT seq, name, media_type, size, sha256, NULL, role FROM subject_application_file "
                     "WHERE application_id = ?1 ORDER BY seq",
        err);
    if (!q)
        return xy_sqlite_failed(err);
    sqlite3_bind_int64(q, 1, application_id);
    if (seq > 0)
        sqlite3_bind_int(q, 2, seq);
    int r, n = 0;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        n++;
        struct xy_file_row f = {.seq = sqlite3_column_int(q, 0), .name = xy_sqlite_text(q, 1),
                                .media_type = xy_sqlite_text(q, 2), .size = sqlite3_column_int64(q, 3),
                                .sha256 = sqlite3_column_blob(q, 4), .data = sqlite3_column_blob(q, 5),
                                .role = xy_sqlite_text(q, 6)};
        if (cb(ctx, &f)) {
            r = SQLITE_DONE;
            break;
        }
    }
    int rc = r == SQLITE_DONE ? XY_OK : xy_sqlite_err(s, err, "read application files");
    sqlite3_finalize(q);
    if (!rc && seq > 0 && !n)
        rc = XY_ENOTFOUND;
    return rc;
}
