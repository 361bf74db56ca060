/* SPDX-License-Identifier: Apache-2.0 */
/* PostgreSQL back end: credit evaluation. Models, the scan of subjects and their records that a model
 * reads, stored grades and the subjects marked stale (by the trigger of migration 1, as SQLite's
 * migration 12), as store_sqlite_eval.c. A record's code fields are read from its JSON text with
 * ->> (the json type of PostgreSQL 9.2; no jsonb index is needed for a scan). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg/store_pg_int.h"

enum {
    S_MODEL_PUT = 400,
    S_MODELS,
    S_SCAN_RANGE,
    S_SCAN_ONE,
    S_SCAN_ASOF,
    S_PUT,
    S_UNSTALE,
    S_GET,
    S_LIST,
    S_COUNTS,
    S_STALE,
    S_FADED,
    S__END
};
_Static_assert(S__END <= 416, "store_pg_eval.c statements use ids 400..415");

/* $1-$8 the classes, $9 stored_by, $10-$13 the statuses, $14-$21 the keys' classes, $22-$29 their
 * field names, $30 (and $31) the subject or the range. */
#define KEY(c, f) "CASE WHEN r.class = $" #c " THEN (r.fields::json) ->> $" #f " END"
#define SCAN_COLS                                                                                  \
    "SELECT s.id, s.kind, COALESCE(r.id, 0), r.class, r.decision_date, r.valid_to, r.public_until, "  \
    "COALESCE(r.amount_fen, 0), " KEY(14, 22) ", " KEY(15, 23) ", " KEY(16, 24) ", " KEY(17, 25) ", "  \
    KEY(18, 26) ", " KEY(19, 27) ", " KEY(20, 28) ", " KEY(21, 29) " FROM subject s "
#define SCAN_HEAD                                                                                  \
    SCAN_COLS "LEFT JOIN record r ON r.subject_id = s.id AND r.is_current = 1 "                      \
    "AND r.class IN ($1, $2, $3, $4, $5, $6, $7, $8) AND r.status IN ($10, $11, $12, $13) "          \
    "AND ($9::text IS NULL OR r.created_at <= $9) "
/* As of $9: each of the subject's records in the version that was current then (the highest stored
 * by then), counted when its status was in force then: it is now, or a withdrawal, repair or expiry
 * dated after $9 took it out of force (the change log). */
#define SCAN_ASOF                                                                                  \
    SCAN_COLS "LEFT JOIN record c ON c.subject_id = s.id AND c.is_current = 1 "                      \
    "AND c.class IN ($1, $2, $3, $4, $5, $6, $7, $8) "                                               \
    "LEFT JOIN record r ON r.class = c.class AND r.dept_id = c.dept_id AND r.doc_no = c.doc_no "     \
    "AND r.subject_id = s.id AND r.version = (SELECT max(v.version) FROM record v WHERE v.class = c.class " \
    "AND v.dept_id = c.dept_id AND v.doc_no = c.doc_no AND v.created_at <= $9::text) "               \
    "AND (r.status IN ($10, $11, $12, $13) OR EXISTS (SELECT 1 FROM change h "                       \
    "WHERE h.record_id = r.id AND h.at > $9 "                                                        \
    "AND h.kind IN ('record.withdrawn', 'record.repaired', 'record.expired'))) "
#define RESULT_COLS                                                                                \
    "e.subject_id, e.kind, e.region, e.category, e.model_version, e.as_of, e.grade, e.score, e.items, " \
    "s.name, s.uscc, s.opaque FROM eval_result e JOIN subject s ON s.id = e.subject_id "

static const char *const stmt_sql[S__END] = {
    [S_MODEL_PUT] = "INSERT INTO eval_model(version, applies_from, body, loaded_at, loaded_by) "
                    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
    [S_MODELS] = "SELECT version, applies_from, body, loaded_at, loaded_by FROM eval_model "
                 "ORDER BY applies_from, version",
    /* A subject's records in the order of the index on (subject_id, class), as SQLite walks it. */
    [S_SCAN_RANGE] = SCAN_HEAD "WHERE s.id > $30 AND s.id <= $31 ORDER BY s.id, r.class, r.id",
    [S_SCAN_ONE] = SCAN_HEAD "WHERE s.id = $30 ORDER BY r.class, r.id",
    [S_SCAN_ASOF] = SCAN_ASOF "WHERE s.id = $30 ORDER BY c.class, c.id",
    [S_PUT] = "INSERT INTO eval_result(subject_id, kind, region, category, model_version, as_of, score, grade, items) "
              "SELECT id, kind, CASE WHEN uscc IS NOT NULL THEN substr(uscc, 3, 6) END, "
              "CASE WHEN uscc IS NOT NULL THEN substr(uscc, 1, 2) END, $2, $3, $4, $5, $6 FROM subject WHERE id = $1 "
              "ON CONFLICT (subject_id) DO UPDATE SET kind = excluded.kind, region = excluded.region, "
              "category = excluded.category, model_version = excluded.model_version, as_of = excluded.as_of, "
              "score = excluded.score, grade = excluded.grade, items = excluded.items",
    [S_UNSTALE] = "DELETE FROM eval_stale WHERE subject_id = $1",
    [S_GET] = "SELECT " RESULT_COLS "WHERE e.subject_id = $1",
    [S_LIST] = "SELECT " RESULT_COLS "WHERE ($1::text IS NULL OR e.grade = $1) AND ($2::text IS NULL OR e.region = $2) "
               "AND ($3::text IS NULL OR e.kind = $3) AND e.subject_id > $4 ORDER BY e.subject_id LIMIT $5",
    [S_COUNTS] = "SELECT grade, region, category, kind, count(*) FROM eval_result "
                 "GROUP BY grade, region, category, kind ORDER BY grade, region, category, kind",
    [S_STALE] = "SELECT subject_id FROM eval_stale ORDER BY subject_id LIMIT $1",
    [S_FADED] = "INSERT INTO eval_stale SELECT subject_id FROM eval_result WHERE subject_id > $3 "
                "AND subject_id <= $4 AND as_of < $1 AND (items <> '[]' OR model_version <> $2) "
                "ON CONFLICT DO NOTHING",
};

static PGresult *run(struct xy_store *st, int id, const struct pg_args *a, struct xy_error *err, const char *what)
{
    return xy_pg_run(xy_pg_of(st), id, stmt_sql[id], a, err, what);
}

int xy_pg_eval_model_put(struct xy_store *st, const char *version, const char *applies_from, const char *body,
                         const char *at, const char *by, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, version);
    xy_pg_text(&a, applies_from);
    xy_pg_text(&a, body);
    xy_pg_text(&a, at);
    xy_pg_text(&a, by);
    PGresult *res = run(st, S_MODEL_PUT, &a, err, "store an evaluation model");
    if (!res)
        return xy_pg_failed(err);
    int added = strcmp(PQcmdTuples(res), "1") == 0;
    PQclear(res);
    return added ? XY_OK : xy_error_set(err, XY_EEXIST, "evaluation model %.40s is stored already", version);
}

int xy_pg_eval_models(struct xy_store *st, xy_eval_model_cb cb, void *ctx, struct xy_error *err)
{
    PGresult *res = run(st, S_MODELS, NULL, err, "read evaluation models");
    if (!res)
        return xy_pg_failed(err);
    for (int i = 0; i < PQntuples(res); i++)
        if (cb(ctx, xy_pg_str(res, i, 0), xy_pg_str(res, i, 1), xy_pg_str(res, i, 2), xy_pg_str(res, i, 3),
               xy_pg_str(res, i, 4)))
            break;
    PQclear(res);
    return XY_OK;
}

int xy_pg_eval_scan(struct xy_store *st, const struct xy_eval_scan *s, xy_eval_row_cb cb, void *ctx,
                    struct xy_error *err)
{
    if (s->nclasses > XY_STORE_EVAL_CLASSES || s->nkeys > XY_STORE_EVAL_KEYS)
        return xy_error_set(err, XY_EINVAL, "evaluation scan: too many classes or keys");
    struct pg_args a = {0};
    for (size_t i = 0; i < XY_STORE_EVAL_CLASSES; i++)
        xy_pg_text(&a, i < s->nclasses ? s->classes[i] : NULL);
    xy_pg_text(&a, s->one ? s->stored_by : NULL);
    int end = !s->statuses;
    for (size_t i = 0; i < XY_STORE_EVAL_STATUSES; i++) {
        end = end || !s->statuses[i];
        xy_pg_text(&a, end ? NULL : s->statuses[i]);
    }
    for (size_t i = 0; i < XY_STORE_EVAL_KEYS; i++)
        xy_pg_text(&a, i < s->nkeys ? s->key_class[i] : NULL);
    for (size_t i = 0; i < XY_STORE_EVAL_KEYS; i++)
        xy_pg_text(&a, i < s->nkeys ? s->key_field[i] : NULL);
    if (s->one) {
        xy_pg_int(&a, s->one);
    } else {
        xy_pg_int(&a, s->after);
        xy_pg_int(&a, s->upto);
    }
    PGresult *res = run(st, !s->one ? S_SCAN_RANGE : s->stored_by ? S_SCAN_ASOF : S_SCAN_ONE, &a, err,
                        "read subjects to evaluate");
    if (!res)
        return xy_pg_failed(err);
    for (int i = 0; i < PQntuples(res); i++) {
        struct xy_eval_row e = {
            .subject_id = xy_pg_i64(res, i, 0), .kind = xy_pg_str(res, i, 1), .record_id = xy_pg_i64(res, i, 2),
            .cls = xy_pg_str(res, i, 3),       .decision_date = xy_pg_str(res, i, 4),
            .valid_to = xy_pg_str(res, i, 5),  .public_until = xy_pg_str(res, i, 6),
            .amount_fen = xy_pg_i64(res, i, 7),
        };
        for (int k = 0; k < XY_STORE_EVAL_KEYS; k++)
            e.keys[k] = xy_pg_str(res, i, 8 + k);
        if (cb(ctx, &e))
            break;
    }
    PQclear(res);
    return XY_OK;
}

int xy_pg_eval_put(struct xy_store *st, const struct xy_eval_result_row *e, struct xy_error *err)
{
    struct pg_args a = {0}, u = {0};
    int rc;
    xy_pg_int(&a, e->subject_id);
    xy_pg_text(&a, e->model_version);
    xy_pg_text(&a, e->as_of);
    xy_pg_int(&a, e->score);
    xy_pg_text(&a, e->grade);
    xy_pg_text(&a, e->items);
    if ((rc = xy_pg_exec(xy_pg_of(st), S_PUT, stmt_sql[S_PUT], &a, err, "store a grade")))
        return rc;
    xy_pg_int(&u, e->subject_id);
    return xy_pg_exec(xy_pg_of(st), S_UNSTALE, stmt_sql[S_UNSTALE], &u, err, "clear a stale mark");
}

static int each_result(PGresult *res, xy_eval_result_cb cb, void *ctx)
{
    int n = PQntuples(res);
    for (int i = 0; i < n; i++) {
        struct xy_eval_result_row e = {
            .subject_id = xy_pg_i64(res, i, 0), .kind = xy_pg_str(res, i, 1),     .region = xy_pg_str(res, i, 2),
            .category = xy_pg_str(res, i, 3),   .model_version = xy_pg_str(res, i, 4),
            .as_of = xy_pg_str(res, i, 5),      .grade = xy_pg_str(res, i, 6),    .score = xy_pg_i64(res, i, 7),
            .items = xy_pg_str(res, i, 8),      .name = xy_pg_str(res, i, 9),     .uscc = xy_pg_str(res, i, 10),
            .opaque = xy_pg_str(res, i, 11),
        };
        if (cb(ctx, &e))
            break;
    }
    PQclear(res);
    return n;
}

int xy_pg_eval_get(struct xy_store *st, int64_t subject_id, xy_eval_result_cb cb, void *ctx, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, subject_id);
    PGresult *res = run(st, S_GET, &a, err, "read grades");
    if (!res)
        return xy_pg_failed(err);
    if (each_result(res, cb, ctx))
        return XY_OK;
    return xy_error_set(err, XY_ENOTFOUND, "no grade stored for subject %lld", (long long)subject_id);
}

int xy_pg_eval_list(struct xy_store *st, const char *grade, const char *region, const char *kind, int64_t after,
                    int limit, xy_eval_result_cb cb, void *ctx, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, grade);
    xy_pg_text(&a, region);
    xy_pg_text(&a, kind);
    xy_pg_int(&a, after);
    if (limit >= 0)
        xy_pg_int(&a, limit);
    else
        xy_pg_text(&a, NULL);
    PGresult *res = run(st, S_LIST, &a, err, "read grades");
    if (!res)
        return xy_pg_failed(err);
    each_result(res, cb, ctx);
    return XY_OK;
}

int xy_pg_eval_counts(struct xy_store *st, xy_eval_count_cb cb, void *ctx, struct xy_error *err)
{
    PGresult *res = run(st, S_COUNTS, NULL, err, "count grades");
    if (!res)
        return xy_pg_failed(err);
    for (int i = 0; i < PQntuples(res); i++)
        if (cb(ctx, xy_pg_str(res, i, 0), xy_pg_str(res, i, 1), xy_pg_str(res, i, 2), xy_pg_str(res, i, 3),
               xy_pg_i64(res, i, 4)))
            break;
    PQclear(res);
    return XY_OK;
}

int xy_pg_eval_stale(struct xy_store *st, int limit, int64_t *ids, size_t *n, struct xy_error *err)
{
    struct pg_args a = {0};
    *n = 0;
    xy_pg_int(&a, limit > 0 ? limit : 0);
    PGresult *res = run(st, S_STALE, &a, err, "read stale grades");
    if (!res)
        return xy_pg_failed(err);
    for (int i = 0; i < PQntuples(res) && *n < (size_t)limit; i++)
        ids[(*n)++] = xy_pg_i64(res, i, 0);
    PQclear(res);
    return XY_OK;
}

int xy_pg_eval_mark_faded(struct xy_store *st, const char *before, const char *model_version, int64_t after,
                          int64_t upto, int64_t *n, struct xy_error *err)
{
    struct pg_args a = {0};
    *n = 0;
    xy_pg_text(&a, before);
    xy_pg_text(&a, model_version);
    xy_pg_int(&a, after);
    xy_pg_int(&a, upto);
    PGresult *res = run(st, S_FADED, &a, err, "mark faded grades");
    if (!res)
        return xy_pg_failed(err);
    *n = strtoll(PQcmdTuples(res), NULL, 10);
    PQclear(res);
    return XY_OK;
}
