/* SPDX-License-Identifier: Apache-2.0 */
/* PostgreSQL back end: rights of the subject: objections and repair applications (claims) with their
 * steps and files, consents (授权), the directory of queriers they are given to, and the access
 * history, as store_sqlite_rights.c and store_sqlite_querier.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg/store_pg_int.h"

enum {
    S_CLAIM_ADD = 256,
    S_CLAIM_GET,
    S_CLAIM_UPDATE,
    S_CLAIMS,
    S_CLAIM_OPEN,
    S_CLAIM_LOCK,
    S_STEP_ADD,
    S_STEPS,
    S_FILE_ADD,
    S_FILES,
    S_FILE_GET,
    S_CONSENT_ADD,
    S_CONSENT_GET,
    S_CONSENTS,
    S_CONSENT_REVOKE,
    S_ACCESS_LIST,
    S_QUERIER_ADD,
    S_QUERIER_GET,
    S_QUERIERS,
    S_QUERIER_DISABLE,
    S__END
};
_Static_assert(S__END <= 288, "store_pg_rights.c statements use ids 256..287");

#define CLAIM_COLS                                                                                 \
    "c.id, c.kind, c.record_id, c.subject_id, c.dept_id, d.uscc, d.name, r.class, r.doc_no, s.name, " \
    "s.opaque, c.filed_by, c.filed_role, c.text, c.signer, c.state, c.extended, c.due, c.decision, "  \
    "c.reason, c.fields, COALESCE(c.result_record, 0), c.filed_at, c.updated_at "                    \
    "FROM claim c JOIN dept d ON d.id = c.dept_id JOIN record r ON r.id = c.record_id "              \
    "JOIN subject s ON s.id = c.subject_id "
#define CONSENT_COLS                                                                               \
    "g.id, g.subject_id, COALESCE(g.querier_key, 0), COALESCE(o.name, k.name), k.role, g.classes, "   \
    "g.purpose, g.until, g.created_at, g.revoked_at, COALESCE(g.querier_id, 0), o.uscc, o.disabled_at " \
    "FROM consent g LEFT JOIN api_key k ON k.id = g.querier_key LEFT JOIN querier o ON o.id = g.querier_id "

#define QUERIER_COLS "SELECT id, uscc, name, kind, licence, created_at, disabled_at FROM querier "

static const char *const stmt_sql[S__END] = {
    [S_CLAIM_ADD] = "INSERT INTO claim(kind, record_id, subject_id, dept_id, filed_by, filed_role, text, signer, "
                    "state, extended, due, filed_at, updated_at) "
                    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, $11, $12) RETURNING id",
    [S_CLAIM_GET] = "SELECT " CLAIM_COLS "WHERE c.id = $1",
    [S_CLAIM_UPDATE] = "UPDATE claim SET state = $1, extended = $2, due = $3, decision = $4, reason = $5, "
                       "fields = $6, result_record = NULLIF($7::bigint, 0), updated_at = $8 WHERE id = $9",
    [S_CLAIMS] = "SELECT " CLAIM_COLS "WHERE ($1::text IS NULL OR c.kind = $1) "
                 "AND ($2::bigint = 0 OR c.subject_id = $2) AND ($3::bigint = 0 OR c.dept_id = $3) "
                 "AND ($4::text IS NULL OR c.state = $4) AND ($5::text IS NULL OR (c.due IS NOT NULL AND c.due < $5)) "
                 "AND c.id > $6 ORDER BY c.id LIMIT $7",
    [S_CLAIM_OPEN] = "SELECT id FROM claim WHERE record_id = $1 AND kind = $2 AND due IS NOT NULL ORDER BY id LIMIT 1",
    /* A claim's steps are numbered max + 1: the claim row is locked first, so that two writers adding
     * a step to the same claim take turns (SQLite's single writer did that). */
    [S_CLAIM_LOCK] = "SELECT id FROM claim WHERE id = $1 FOR UPDATE",
    [S_STEP_ADD] = "INSERT INTO claim_step(claim_id, seq, at, action, state, key_id, role, note, due) "
                   "VALUES ($1, (SELECT COALESCE(max(seq), 0) + 1 FROM claim_step WHERE claim_id = $1), "
                   "$2, $3, $4, $5, $6, $7, $8)",
    [S_STEPS] = "SELECT seq, at, action, state, key_id, role, note, due FROM claim_step WHERE claim_id = $1 "
                "ORDER BY seq",
    [S_FILE_ADD] = "INSERT INTO claim_file(claim_id, seq, name, media_type, size, sha256, data) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7)",
    [S_FILES] = "SELECT seq, name, media_type, size, sha256 FROM claim_file WHERE claim_id = $1 ORDER BY seq",
    [S_FILE_GET] = "SELECT seq, name, media_type, size, sha256, data FROM claim_file WHERE claim_id = $1 AND seq = $2",
    [S_CONSENT_ADD] = "INSERT INTO consent(subject_id, querier_key, querier_id, classes, purpose, until, created_at) "
                      "VALUES ($1, NULLIF($2::bigint, 0), NULLIF($3::bigint, 0), $4, $5, $6, $7) RETURNING id",
    [S_CONSENT_GET] = "SELECT " CONSENT_COLS "WHERE g.id = $1",
    [S_CONSENTS] = "SELECT " CONSENT_COLS "WHERE ($1::bigint = 0 OR g.subject_id = $1) "
                   "AND ($2::bigint = 0 OR g.querier_key = $2 OR ($3::bigint > 0 AND g.querier_id = $3)) "
                   "ORDER BY g.id DESC LIMIT 1000",
    [S_CONSENT_REVOKE] = "UPDATE consent SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
    [S_ACCESS_LIST] = "SELECT a.id, a.at, a.key_id, k.name, a.role, a.dept_uscc, a.purpose, a.object, "
                      "COALESCE(a.grant_id, 0) FROM subject_access a LEFT JOIN api_key k ON k.id = a.key_id "
                      "WHERE a.subject_id = $1 AND ($2::bigint = 0 OR a.id < $2) ORDER BY a.id DESC LIMIT $3",
    [S_QUERIER_ADD] = "INSERT INTO querier(uscc, name, kind, licence, created_at) VALUES ($1, $2, $3, $4, $5) "
                      "ON CONFLICT (uscc) DO NOTHING RETURNING id",
    [S_QUERIER_GET] = QUERIER_COLS "WHERE id = $1 OR uscc = $2",
    /* strpos, not LIKE: a name's % and _ are characters like any other. */
    [S_QUERIERS] = QUERIER_COLS "WHERE ($1::text IS NULL OR strpos(name, $1) > 0) "
                   "AND ($2::int = 1 OR disabled_at IS NULL) ORDER BY uscc LIMIT $3",
    [S_QUERIER_DISABLE] = "UPDATE querier SET disabled_at = $2 WHERE id = $1 AND disabled_at IS NULL",
};

static PGresult *run(struct xy_store *st, int id, const struct pg_args *a, struct xy_error *err, const char *what)
{
    return xy_pg_run(xy_pg_of(st), id, stmt_sql[id], a, err, what);
}

static int exec(struct xy_store *st, int id, const struct pg_args *a, struct xy_error *err, const char *what)
{
    return xy_pg_exec(xy_pg_of(st), id, stmt_sql[id], a, err, what);
}

static int64_t returned_id(PGresult *res)
{
    int64_t id = xy_pg_i64(res, 0, 0);
    PQclear(res);
    return id;
}

int xy_pg_claim_add(struct xy_store *st, const struct xy_claim_row *c, int64_t *id, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, c->kind);
    xy_pg_int(&a, c->record_id);
    xy_pg_int(&a, c->subject_id);
    xy_pg_int(&a, c->dept_id);
    xy_pg_int(&a, c->filed_by);
    xy_pg_text(&a, c->filed_role);
    xy_pg_text(&a, c->text);
    xy_pg_text(&a, c->signer);
    xy_pg_text(&a, c->state);
    xy_pg_text(&a, c->due);
    xy_pg_text(&a, c->filed_at);
    xy_pg_text(&a, c->updated_at);
    PGresult *res = run(st, S_CLAIM_ADD, &a, err, "store a claim");
    if (!res)
        return xy_pg_failed(err);
    *id = returned_id(res);
    return XY_OK;
}

/* Hands the claims of res to cb; returns how many there were. */
static int each_claim(PGresult *res, xy_claim_cb cb, void *ctx)
{
    int n = PQntuples(res);
    for (int i = 0; i < n; i++) {
        struct xy_claim_row c = {
            .id = xy_pg_i64(res, i, 0),
            .kind = xy_pg_str(res, i, 1),
            .record_id = xy_pg_i64(res, i, 2),
            .subject_id = xy_pg_i64(res, i, 3),
            .dept_id = xy_pg_i64(res, i, 4),
            .dept_uscc = xy_pg_str(res, i, 5),
            .dept_name = xy_pg_str(res, i, 6),
            .record_class = xy_pg_str(res, i, 7),
            .record_doc_no = xy_pg_str(res, i, 8),
            .subject_name = xy_pg_str(res, i, 9),
            .subject_opaque = xy_pg_str(res, i, 10),
            .filed_by = xy_pg_i64(res, i, 11),
            .filed_role = xy_pg_str(res, i, 12),
            .text = xy_pg_str(res, i, 13),
            .signer = xy_pg_str(res, i, 14),
            .state = xy_pg_str(res, i, 15),
            .extended = (int)xy_pg_i64(res, i, 16),
            .due = xy_pg_str(res, i, 17),
            .decision = xy_pg_str(res, i, 18),
            .reason = xy_pg_str(res, i, 19),
            .fields = xy_pg_str(res, i, 20),
            .result_record = xy_pg_i64(res, i, 21),
            .filed_at = xy_pg_str(res, i, 22),
            .updated_at = xy_pg_str(res, i, 23),
        };
        if (cb(ctx, &c))
            break;
    }
    PQclear(res);
    return n;
}

int xy_pg_claim_get(struct xy_store *st, int64_t id, xy_claim_cb cb, void *ctx, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, id);
    PGresult *res = run(st, S_CLAIM_GET, &a, err, "read a claim");
    if (!res)
        return xy_pg_failed(err);
    if (each_claim(res, cb, ctx))
        return XY_OK;
    return xy_error_set(err, XY_ENOTFOUND, "没有编号为 %lld 的异议或信用修复申请 (no objection or repair application %lld)",
                        (long long)id, (long long)id);
}

int xy_pg_claim_update(struct xy_store *st, const struct xy_claim_row *c, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, c->state);
    xy_pg_int(&a, c->extended);
    xy_pg_text(&a, c->due);
    xy_pg_text(&a, c->decision);
    xy_pg_text(&a, c->reason);
    xy_pg_text(&a, c->fields);
    xy_pg_int(&a, c->result_record);
    xy_pg_text(&a, c->updated_at);
    xy_pg_int(&a, c->id);
    return exec(st, S_CLAIM_UPDATE, &a, err, "update a claim");
}

int xy_pg_claims_page(struct xy_store *st, const struct xy_claim_filter *f, xy_claim_cb cb, void *ctx,
                      struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, f->kind);
    xy_pg_int(&a, f->subject_id);
    xy_pg_int(&a, f->dept_id);
    xy_pg_text(&a, f->state);
    xy_pg_text(&a, f->due_before);
    xy_pg_int(&a, f->after);
    xy_pg_int(&a, f->limit > 0 ? f->limit : 100);
    PGresult *res = run(st, S_CLAIMS, &a, err, "list claims");
    if (!res)
        return xy_pg_failed(err);
    each_claim(res, cb, ctx);
    return XY_OK;
}

int xy_pg_claim_open_on(struct xy_store *st, const char *kind, int64_t record_id, int64_t *id, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, record_id);
    xy_pg_text(&a, kind);
    PGresult *res = run(st, S_CLAIM_OPEN, &a, err, "find an open claim");
    if (!res)
        return xy_pg_failed(err);
    *id = PQntuples(res) ? xy_pg_i64(res, 0, 0) : 0;
    PQclear(res);
    return XY_OK;
}

int xy_pg_claim_step_add(struct xy_store *st, int64_t claim_id, const struct xy_claim_step_row *s,
                         struct xy_error *err)
{
    struct pg_args a = {0};
    int rc;
    xy_pg_int(&a, claim_id);
    if (xy_pg_in_tx(xy_pg_of(st)) && (rc = exec(st, S_CLAIM_LOCK, &a, err, "lock a claim")))
        return rc;
    xy_pg_text(&a, s->at);
    xy_pg_text(&a, s->action);
    xy_pg_text(&a, s->state);
    xy_pg_int(&a, s->key_id);
    xy_pg_text(&a, s->role);
    xy_pg_text(&a, s->note);
    xy_pg_text(&a, s->due);
    return exec(st, S_STEP_ADD, &a, err, "store a claim step");
}

int xy_pg_claim_steps(struct xy_store *st, int64_t claim_id, xy_step_cb cb, void *ctx, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, claim_id);
    PGresult *res = run(st, S_STEPS, &a, err, "read claim steps");
    if (!res)
        return xy_pg_failed(err);
    for (int i = 0; i < PQntuples(res); i++) {
        struct xy_claim_step_row s = {
            .seq = (int)xy_pg_i64(res, i, 0), .at = xy_pg_str(res, i, 1),   .action = xy_pg_str(res, i, 2),
            .state = xy_pg_str(res, i, 3),    .key_id = xy_pg_i64(res, i, 4), .role = xy_pg_str(res, i, 5),
            .note = xy_pg_str(res, i, 6),     .due = xy_pg_str(res, i, 7),
        };
        if (cb(ctx, &s))
            break;
    }
    PQclear(res);
    return XY_OK;
}

int xy_pg_file_add(struct xy_store *st, int64_t claim_id, const struct xy_file_row *f, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, claim_id);
    xy_pg_int(&a, f->seq);
    xy_pg_text(&a, f->name);
    xy_pg_text(&a, f->media_type);
    xy_pg_int(&a, f->size);
    xy_pg_blob(&a, f->sha256, 32);
    xy_pg_blob(&a, f->data ? f->data : "", (size_t)f->size); /* an empty file is zero bytes, not NULL */
    return exec(st, S_FILE_ADD, &a, err, "store a file");
}

/* Hands the files of res to cb (with data when the result has it); returns how many there were. */
static int each_file(PGresult *res, xy_file_cb cb, void *ctx)
{
    int n = PQntuples(res), with_data = PQnfields(res) > 5;
    for (int i = 0; i < n; i++) {
        size_t hl = 0, dl = 0;
        uint8_t *sha = xy_pg_bytes(res, i, 4, &hl), *data = with_data ? xy_pg_bytes(res, i, 5, &dl) : NULL;
        struct xy_file_row f = {
            .seq = (int)xy_pg_i64(res, i, 0),
            .name = xy_pg_str(res, i, 1),
            .media_type = xy_pg_str(res, i, 2),
            .size = xy_pg_i64(res, i, 3),
            .sha256 = sha,
            .data = data,
        };
        int stop = cb(ctx, &f);
        PQfreemem(sha);
        PQfreemem(data);
        if (stop)
            break;
    }
    PQclear(res);
    return n;
}

int xy_pg_files_list(struct xy_store *st, int64_t claim_id, xy_file_cb cb, void *ctx, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, claim_id);
    PGresult *res = run(st, S_FILES, &a, err, "list files");
    if (!res)
        return xy_pg_failed(err);
    each_file(res, cb, ctx);
    return XY_OK;
}

int xy_pg_file_get(struct xy_store *st, int64_t claim_id, int seq, xy_file_cb cb, void *ctx, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, claim_id);
    xy_pg_int(&a, seq);
    PGresult *res = run(st, S_FILE_GET, &a, err, "read a file");
    if (!res)
        return xy_pg_failed(err);
    if (each_file(res, cb, ctx))
        return XY_OK;
    return xy_error_set(err, XY_ENOTFOUND, "申请 %lld 没有第 %d 个文件 (no file %d on claim %lld)", (long long)claim_id,
                        seq, seq, (long long)claim_id);
}

int xy_pg_consent_add(struct xy_store *st, const struct xy_consent_row *c, int64_t *id, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, c->subject_id);
    xy_pg_int(&a, c->querier_key);
    xy_pg_int(&a, c->querier_id);
    xy_pg_text(&a, c->classes);
    xy_pg_text(&a, c->purpose);
    xy_pg_text(&a, c->until);
    xy_pg_text(&a, c->created_at);
    PGresult *res = run(st, S_CONSENT_ADD, &a, err, "store a grant");
    if (!res)
        return xy_pg_failed(err);
    *id = returned_id(res);
    return XY_OK;
}

static int each_consent(PGresult *res, xy_consent_cb cb, void *ctx)
{
    int n = PQntuples(res);
    for (int i = 0; i < n; i++) {
        struct xy_consent_row c = {
            .id = xy_pg_i64(res, i, 0),
            .subject_id = xy_pg_i64(res, i, 1),
            .querier_key = xy_pg_i64(res, i, 2),
            .querier_name = xy_pg_str(res, i, 3),
            .querier_role = xy_pg_str(res, i, 4),
            .classes = xy_pg_str(res, i, 5),
            .purpose = xy_pg_str(res, i, 6),
            .until = xy_pg_str(res, i, 7),
            .created_at = xy_pg_str(res, i, 8),
            .revoked_at = xy_pg_str(res, i, 9),
            .querier_id = xy_pg_i64(res, i, 10),
            .querier_uscc = xy_pg_str(res, i, 11),
            .querier_disabled_at = xy_pg_str(res, i, 12),
        };
        if (cb(ctx, &c))
            break;
    }
    PQclear(res);
    return n;
}

int xy_pg_consent_get(struct xy_store *st, int64_t id, xy_consent_cb cb, void *ctx, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, id);
    PGresult *res = run(st, S_CONSENT_GET, &a, err, "read a grant");
    if (!res)
        return xy_pg_failed(err);
    if (each_consent(res, cb, ctx))
        return XY_OK;
    return xy_error_set(err, XY_ENOTFOUND, "没有编号为 %lld 的授权 (no grant %lld)", (long long)id, (long long)id);
}

int xy_pg_consents_list(struct xy_store *st, int64_t subject_id, int64_t querier_key, int64_t querier_id,
                        xy_consent_cb cb, void *ctx, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, subject_id);
    xy_pg_int(&a, querier_key);
    xy_pg_int(&a, querier_id);
    PGresult *res = run(st, S_CONSENTS, &a, err, "list grants");
    if (!res)
        return xy_pg_failed(err);
    each_consent(res, cb, ctx);
    return XY_OK;
}

int xy_pg_consent_revoke(struct xy_store *st, int64_t id, const char *at, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, at);
    xy_pg_int(&a, id);
    PGresult *res = run(st, S_CONSENT_REVOKE, &a, err, "revoke a grant");
    if (!res)
        return xy_pg_failed(err);
    int changed = strcmp(PQcmdTuples(res), "0") != 0;
    PQclear(res);
    return changed ? XY_OK
                   : xy_error_set(err, XY_ENOTFOUND, "没有编号为 %lld 的有效授权 (no live grant %lld)", (long long)id,
                                  (long long)id);
}

int xy_pg_access_list(struct xy_store *st, int64_t subject_id, int64_t before, int limit, xy_access_cb cb, void *ctx,
                      struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, subject_id);
    xy_pg_int(&a, before);
    xy_pg_int(&a, limit);
    PGresult *res = run(st, S_ACCESS_LIST, &a, err, "read the access history");
    if (!res)
        return xy_pg_failed(err);
    for (int i = 0; i < PQntuples(res); i++) {
        struct xy_access_row r = {
            .id = xy_pg_i64(res, i, 0),
            .at = xy_pg_str(res, i, 1),
            .key_id = xy_pg_i64(res, i, 2),
            .key_name = xy_pg_str(res, i, 3),
            .role = xy_pg_str(res, i, 4),
            .dept_uscc = xy_pg_str(res, i, 5),
            .purpose = xy_pg_str(res, i, 6),
            .object = xy_pg_str(res, i, 7),
            .grant_id = xy_pg_i64(res, i, 8),
        };
        if (cb(ctx, &r))
            break;
    }
    PQclear(res);
    return XY_OK;
}

int xy_pg_querier_add(struct xy_store *st, const struct xy_querier_row *q, int64_t *id, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, q->uscc);
    xy_pg_text(&a, q->name);
    xy_pg_text(&a, q->kind);
    xy_pg_text(&a, q->licence);
    xy_pg_text(&a, q->created_at);
    PGresult *res = run(st, S_QUERIER_ADD, &a, err, "register a querier");
    if (!res)
        return xy_pg_failed(err);
    if (PQntuples(res) == 1) {
        *id = returned_id(res);
        return XY_OK;
    }
    PQclear(res);
    return xy_error_set(err, XY_EEXIST, "查询机构 %s 已登记 (querier %s is registered already)", q->uscc, q->uscc);
}

static int each_querier(PGresult *res, xy_querier_cb cb, void *ctx)
{
    int n = PQntuples(res);
    for (int i = 0; i < n; i++) {
        struct xy_querier_row e = {
            .id = xy_pg_i64(res, i, 0),        .uscc = xy_pg_str(res, i, 1),       .name = xy_pg_str(res, i, 2),
            .kind = xy_pg_str(res, i, 3),      .licence = xy_pg_str(res, i, 4),    .created_at = xy_pg_str(res, i, 5),
            .disabled_at = xy_pg_str(res, i, 6),
        };
        if (cb(ctx, &e))
            break;
    }
    PQclear(res);
    return n;
}

int xy_pg_querier_get(struct xy_store *st, int64_t id, const char *uscc, xy_querier_cb cb, void *ctx,
                      struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, id > 0 ? id : -1);
    xy_pg_text(&a, id > 0 ? NULL : uscc);
    PGresult *res = run(st, S_QUERIER_GET, &a, err, "read the directory of queriers");
    if (!res)
        return xy_pg_failed(err);
    return each_querier(res, cb, ctx) ? XY_OK : xy_error_set(err, XY_ENOTFOUND, "no such querier");
}

int xy_pg_queriers_list(struct xy_store *st, const char *name, int all, int limit, xy_querier_cb cb, void *ctx,
                        struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, name);
    xy_pg_int(&a, all != 0);
    if (limit > 0)
        xy_pg_int(&a, limit);
    else
        xy_pg_text(&a, NULL);
    PGresult *res = run(st, S_QUERIERS, &a, err, "read the directory of queriers");
    if (!res)
        return xy_pg_failed(err);
    each_querier(res, cb, ctx);
    return XY_OK;
}

int xy_pg_querier_disable(struct xy_store *st, int64_t id, const char *at, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, id);
    xy_pg_text(&a, at);
    PGresult *res = run(st, S_QUERIER_DISABLE, &a, err, "disable a querier");
    if (!res)
        return xy_pg_failed(err);
    int changed = strcmp(PQcmdTuples(res), "0") != 0;
    PQclear(res);
    return changed ? XY_OK : xy_error_set(err, XY_ENOTFOUND, "no such enabled querier");
}
