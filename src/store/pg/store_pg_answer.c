/* SPDX-License-Identifier: Apache-2.0 */
/* PostgreSQL back end: stored public answers (app/answer.h; migration 31, as store_sqlite_answer.c).
 * Writers run concurrently here: the app clears a subject's stale mark before it reads what the
 * answer is built from, so a write that commits meanwhile marks it again (its insert of the mark
 * waits for the row this transaction deleted), and the answer stored is not served. */
#include <stdlib.h>
#include <string.h>

#include "store/pg/store_pg_int.h"

enum { S_GET_USCC = 480, S_GET_OPAQUE, S_UNSTALE, S_PUT, S_DROP, S_STALE, S_MARK_OLD, S_DEFER, S_MARK_BATCH, S__END };
_Static_assert(S__END <= XY_PG_STMTS, "store_pg_answer.c statements use ids 480..495");

#define GET_TAIL                                                                                   \
    " AND a.made_by = $2 AND (a.valid_through IS NULL OR a.valid_through >= $3) "                  \
    "AND NOT EXISTS (SELECT 1 FROM answer_stale t WHERE t.subject_id = s.id)"

static const char *const stmt_sql[S__END] = {
    [S_GET_USCC] = "SELECT a.body FROM subject s JOIN subject_answer a ON a.subject_id = s.id WHERE s.uscc = $1" GET_TAIL,
    [S_GET_OPAQUE] = "SELECT a.body FROM subject s JOIN subject_answer a ON a.subject_id = s.id "
                     "WHERE s.opaque = $1" GET_TAIL,
    [S_UNSTALE] = "DELETE FROM answer_stale WHERE subject_id = $1",
    [S_PUT] = "INSERT INTO subject_answer(subject_id, made_by, valid_through, body) VALUES ($1, $2, $3, $4) "
              "ON CONFLICT (subject_id) DO UPDATE SET made_by = excluded.made_by, "
              "valid_through = excluded.valid_through, body = excluded.body",
    [S_DROP] = "DELETE FROM subject_answer WHERE subject_id = $1",
    [S_STALE] = "SELECT subject_id FROM answer_stale ORDER BY subject_id LIMIT $1",
    [S_MARK_OLD] = "INSERT INTO answer_stale SELECT subject_id FROM subject_answer "
                   "WHERE made_by <> $1 OR valid_through < $2 ON CONFLICT DO NOTHING",
    /* A setting local to the transaction: it ends with it, committed or rolled back. */
    [S_DEFER] = "SELECT set_config('xy.answer_defer', 'on', true)",
    [S_MARK_BATCH] = "WITH m AS (INSERT INTO answer_stale SELECT DISTINCT subject_id FROM record "
                     "WHERE id BETWEEN $2 AND $3 AND batch_id = $1 "
                     "ORDER BY subject_id ON CONFLICT DO NOTHING) SELECT set_config('xy.answer_defer', 'off', true)",
};

static PGresult *run(struct xy_store *st, int id, const struct pg_args *a, struct xy_error *err, const char *what)
{
    return xy_pg_run(xy_pg_of(st), id, stmt_sql[id], a, err, what);
}

int xy_pg_answer_get(struct xy_store *st, const char *uscc, const char *opaque, const char *made_by,
                     const char *day, xy_answer_cb cb, void *ctx, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, uscc ? uscc : opaque);
    xy_pg_text(&a, made_by);
    xy_pg_text(&a, day);
    PGresult *res = run(st, uscc ? S_GET_USCC : S_GET_OPAQUE, &a, err, "read a stored answer");
    if (!res)
        return xy_pg_failed(err);
    if (PQntuples(res) == 0) {
        PQclear(res);
        return xy_error_set(err, XY_ENOTFOUND, "没有存储的应答 (no stored answer)");
    }
    size_t len = 0;
    uint8_t *body = xy_pg_bytes(res, 0, 0, &len);
    int null = PQgetisnull(res, 0, 0);
    PQclear(res);
    if (!null && !body)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    cb(ctx, (const char *)body, len);
    PQfreemem(body);
    return XY_OK;
}

static int by_id(struct xy_store *st, int id, int64_t subject_id, struct xy_error *err, const char *what)
{
    struct pg_args a = {0};
    xy_pg_int(&a, subject_id);
    return xy_pg_exec(xy_pg_of(st), id, stmt_sql[id], &a, err, what);
}

int xy_pg_answer_unstale(struct xy_store *st, int64_t subject_id, struct xy_error *err)
{
    return by_id(st, S_UNSTALE, subject_id, err, "clear an answer's stale mark");
}

int xy_pg_answer_drop(struct xy_store *st, int64_t subject_id, struct xy_error *err)
{
    return by_id(st, S_DROP, subject_id, err, "drop a stored answer");
}

int xy_pg_answer_put(struct xy_store *st, int64_t subject_id, const char *made_by, const char *valid_through,
                     const char *body, size_t len, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, subject_id);
    xy_pg_text(&a, made_by);
    xy_pg_text(&a, valid_through);
    if (body)
        xy_pg_blob(&a, body, len);
    else
        xy_pg_text(&a, NULL);
    return xy_pg_exec(xy_pg_of(st), S_PUT, stmt_sql[S_PUT], &a, err, "store an answer");
}

int xy_pg_answer_stale(struct xy_store *st, int limit, int64_t *ids, size_t *n, struct xy_error *err)
{
    struct pg_args a = {0};
    *n = 0;
    xy_pg_int(&a, limit > 0 ? limit : 0);
    PGresult *res = run(st, S_STALE, &a, err, "read stale answers");
    if (!res)
        return xy_pg_failed(err);
    for (int i = 0; i < PQntuples(res) && *n < (size_t)limit; i++)
        ids[(*n)++] = xy_pg_i64(res, i, 0);
    PQclear(res);
    return XY_OK;
}

int xy_pg_answer_mark_old(struct xy_store *st, const char *made_by, const char *day, int64_t *n,
                          struct xy_error *err)
{
    struct pg_args a = {0};
    *n = 0;
    xy_pg_text(&a, made_by);
    xy_pg_text(&a, day);
    PGresult *res = run(st, S_MARK_OLD, &a, err, "mark old answers");
    if (!res)
        return xy_pg_failed(err);
    *n = strtoll(PQcmdTuples(res), NULL, 10);
    PQclear(res);
    return XY_OK;
}

int xy_pg_answer_defer(struct xy_store *st, struct xy_error *err)
{
    struct pg_args a = {0};
    PGresult *res = run(st, S_DEFER, &a, err, "defer answer marks");
    if (!res)
        return xy_pg_failed(err);
    PQclear(res);
    return XY_OK;
}

int xy_pg_answer_mark_batch(struct xy_store *st, int64_t batch_id, int64_t first, int64_t last,
                            struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, batch_id);
    xy_pg_int(&a, first);
    xy_pg_int(&a, last);
    PGresult *res = run(st, S_MARK_BATCH, &a, err, "mark a batch's answers stale");
    if (!res)
        return xy_pg_failed(err);
    PQclear(res);
    return XY_OK;
}
