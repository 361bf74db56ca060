/* SPDX-License-Identifier: Apache-2.0 */
/* PostgreSQL back end: subjects' applications for accounts and their files (migration 27), as
 * store_sqlite_application.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg/store_pg_int.h"

enum {
    S_ADD = 448,
    S_GET,
    S_LIST,
    S_PUT,
    S_FILE_ADD,
    S_FILES,
    S_FILE_ONE,
    S__END
};
_Static_assert(S__END <= 464, "store_pg_application.c statements use ids 448..463");

#define APP_COLS                                                                                        \
    "a.id, a.kind, a.uscc, a.id_hash, a.id_sealed, a.id_masked, a.name, a.legal_rep, a.contact, a.phone, " \
    "a.email, a.state, a.reason, a.created_at, a.decided_at, a.decided_by, a.code_hash, a.code_expires, "  \
    "a.activated_at, a.account_id, "                                                                    \
    "(SELECT count(*) FROM subject_application_file f WHERE f.application_id = a.id) "                  \
    "FROM subject_application a "

static const char *const stmt_sql[S__END] = {
    [S_ADD] = "INSERT INTO subject_application (kind, uscc, id_hash, id_sealed, id_masked, name, legal_rep, "
              "contact, phone, email, state, created_at) "
              "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending', $11) RETURNING id",
    [S_GET] = "SELECT " APP_COLS "WHERE a.id = $1",
    [S_LIST] = "SELECT " APP_COLS "WHERE $1::text IS NULL OR a.state = $1 ORDER BY a.id DESC LIMIT $2",
    [S_PUT] = "UPDATE subject_application SET state = $2, reason = $3, decided_at = $4, decided_by = $5, "
              "code_hash = $6, code_expires = $7, activated_at = $8, account_id = $9 WHERE id = $1",
    /* A file number taken already is XY_EEXIST without failing the caller's transaction. */
    [S_FILE_ADD] = "INSERT INTO subject_application_file (application_id, seq, role, name, media_type, size, "
                   "sha256, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
    [S_FILES] = "SELECT seq, name, media_type, size, sha256, NULL, role FROM subject_application_file "
                "WHERE application_id = $1 ORDER BY seq",
    [S_FILE_ONE] = "SELECT seq, name, media_type, size, sha256, data, role FROM subject_application_file "
                   "WHERE application_id = $1 AND seq = $2",
};

static PGresult *run(struct xy_store *st, int id, const struct pg_args *a, struct xy_error *err, const char *what)
{
    return xy_pg_run(xy_pg_of(st), id, stmt_sql[id], a, err, what);
}

/* The rows a write touched, or -1 with err set. */
static long touched(struct xy_store *st, int id, const struct pg_args *a, struct xy_error *err, const char *what)
{
    PGresult *res = run(st, id, a, err, what);
    if (!res)
        return -1;
    long n = strtol(PQcmdTuples(res), NULL, 10);
    PQclear(res);
    return n;
}

/* Hands the rows to cb; returns how many there were. A hash of another length reads as none, as
 * SQLite's does. */
static int each(PGresult *res, xy_application_cb cb, void *ctx)
{
    int n = PQntuples(res);
    for (int i = 0; i < n; i++) {
        size_t hlen, slen, clen;
        uint8_t *id_hash = xy_pg_bytes(res, i, 3, &hlen), *sealed = xy_pg_bytes(res, i, 4, &slen),
                *code = xy_pg_bytes(res, i, 16, &clen);
        struct xy_application_row a = {
            .id = xy_pg_i64(res, i, 0),
            .kind = xy_pg_str(res, i, 1),
            .uscc = xy_pg_str(res, i, 2),
            .id_hash = hlen == 32 ? id_hash : NULL,
            .id_sealed = slen ? sealed : NULL,
            .id_sealed_len = slen,
            .id_masked = xy_pg_str(res, i, 5),
            .name = xy_pg_str(res, i, 6),
            .legal_rep = xy_pg_str(res, i, 7),
            .contact = xy_pg_str(res, i, 8),
            .phone = xy_pg_str(res, i, 9),
            .email = xy_pg_str(res, i, 10),
            .state = xy_pg_str(res, i, 11),
            .reason = xy_pg_str(res, i, 12),
            .created_at = xy_pg_str(res, i, 13),
            .decided_at = xy_pg_str(res, i, 14),
            .decided_by = xy_pg_str(res, i, 15),
            .code_hash = clen == 32 ? code : NULL,
            .code_expires = xy_pg_i64(res, i, 17),
            .activated_at = xy_pg_str(res, i, 18),
            .account_id = xy_pg_i64(res, i, 19),
            .nfiles = (int)xy_pg_i64(res, i, 20),
        };
        int stop = cb(ctx, &a);
        PQfreemem(id_hash);
        PQfreemem(sealed);
        PQfreemem(code);
        if (stop)
            break;
    }
    PQclear(res);
    return n;
}

int xy_pg_application_add(struct xy_store *st, const struct xy_application_row *a, int64_t *id,
                          struct xy_error *err)
{
    struct pg_args p = {0};
    xy_pg_text(&p, a->kind);
    xy_pg_text(&p, a->uscc);
    xy_pg_blob(&p, a->id_hash, 32);
    xy_pg_blob(&p, a->id_sealed, a->id_sealed_len);
    xy_pg_text(&p, a->id_masked);
    xy_pg_text(&p, a->name);
    xy_pg_text(&p, a->legal_rep);
    xy_pg_text(&p, a->contact);
    xy_pg_text(&p, a->phone);
    xy_pg_text(&p, a->email);
    xy_pg_text(&p, a->created_at);
    PGresult *res = run(st, S_ADD, &p, err, "store application");
    if (!res)
        return xy_pg_failed(err);
    *id = xy_pg_i64(res, 0, 0);
    PQclear(res);
    return XY_OK;
}

int xy_pg_application_get(struct xy_store *st, int64_t id, xy_application_cb cb, void *ctx, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, id);
    PGresult *res = run(st, S_GET, &a, err, "read applications");
    if (!res)
        return xy_pg_failed(err);
    return each(res, cb, ctx) ? XY_OK : XY_ENOTFOUND;
}

int xy_pg_application_list(struct xy_store *st, const char *state, int limit, xy_application_cb cb, void *ctx,
                           struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, state);
    xy_pg_int(&a, limit);
    PGresult *res = run(st, S_LIST, &a, err, "read applications");
    if (!res)
        return xy_pg_failed(err);
    each(res, cb, ctx);
    return XY_OK;
}

int xy_pg_application_put(struct xy_store *st, const struct xy_application_row *a, struct xy_error *err)
{
    struct pg_args p = {0};
    xy_pg_int(&p, a->id);
    xy_pg_text(&p, a->state);
    xy_pg_text(&p, a->reason);
    xy_pg_text(&p, a->decided_at);
    xy_pg_text(&p, a->decided_by);
    xy_pg_blob(&p, a->code_hash, 32);
    xy_pg_int(&p, a->code_expires);
    xy_pg_text(&p, a->activated_at);
    if (a->account_id > 0)
        xy_pg_int(&p, a->account_id);
    else
        xy_pg_text(&p, NULL);
    long n = touched(st, S_PUT, &p, err, "update application");
    if (n < 0)
        return xy_pg_failed(err);
    return n ? XY_OK : xy_error_set(err, XY_ENOTFOUND, "no application %lld", (long long)a->id);
}

int xy_pg_application_file_add(struct xy_store *st, int64_t application_id, const struct xy_file_row *f,
                               struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, application_id);
    xy_pg_int(&a, f->seq);
    xy_pg_text(&a, f->role);
    xy_pg_text(&a, f->name);
    xy_pg_text(&a, f->media_type);
    xy_pg_int(&a, f->size);
    xy_pg_blob(&a, f->sha256, 32);
    /* An empty file is stored empty, not as none (data is NOT NULL). */
    xy_pg_blob(&a, f->data ? f->data : "", (size_t)f->size);
    long n = touched(st, S_FILE_ADD, &a, err, "store application file");
    if (n < 0)
        return xy_pg_failed(err);
    return n ? XY_OK : xy_error_set(err, XY_EEXIST, "store application file: exists already");
}

int xy_pg_application_files(struct xy_store *st, int64_t application_id, int seq, xy_file_cb cb, void *ctx,
                            struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, application_id);
    if (seq > 0)
        xy_pg_int(&a, seq);
    PGresult *res = run(st, seq > 0 ? S_FILE_ONE : S_FILES, &a, err, "read application files");
    if (!res)
        return xy_pg_failed(err);
    int n = PQntuples(res);
    for (int i = 0; i < n; i++) {
        size_t hlen, dlen;
        uint8_t *sha = xy_pg_bytes(res, i, 4, &hlen), *data = xy_pg_bytes(res, i, 5, &dlen);
        struct xy_file_row f = {.seq = (int)xy_pg_i64(res, i, 0), .name = xy_pg_str(res, i, 1),
                                .media_type = xy_pg_str(res, i, 2), .size = xy_pg_i64(res, i, 3),
                                .sha256 = sha, .data = data, .role = xy_pg_str(res, i, 6)};
        int stop = cb(ctx, &f);
        PQfreemem(sha);
        PQfreemem(data);
        if (stop)
            break;
    }
    PQclear(res);
    return seq > 0 && !n ? XY_ENOTFOUND : XY_OK;
}
