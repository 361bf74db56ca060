/* SPDX-License-Identifier: Apache-2.0 */
/* SQLite back end: credit evaluation. Models, the scan of subjects and their records that a model
 * reads, stored grades and the subjects marked stale by the triggers of migration 12. */
#include <stdio.h>
#include <string.h>

#include "store/sqlite/store_sqlite_int.h"

enum {
    E_MODEL_PUT = 128,
    E_MODELS,
    E_SCAN_RANGE,
    E_SCAN_ONE,
    E_SCAN_ASOF,
    E_SUBJECT_MAX,
    E_PUT,
    E_UNSTALE,
    E_GET,
    E_LIST,
    E_COUNTS,
    E_STALE,
    E_FADED,
    E__END
};

_Static_assert(E__END <= XY_SQLITE_AUX_STMTS, "evaluation statements use aux[128..159]");

/* ?1-?8 the classes, ?9 stored_by, ?10-?13 the statuses, ?20-?27 and ?30-?37 the keys' classes and
 * JSON paths. The record side is joined by the partial index on (subject_id, class) of current
 * records: a subject's records are one range of it. */
#define KEY(n) "CASE WHEN r.class = ?2" #n " THEN json_extract(r.fields, ?3" #n ") END"
#define SCAN_COLS                                                                                        \
    "SELECT s.id, s.kind, coalesce(r.id, 0), r.class, r.decision_date, r.valid_to, r.public_until, "       \
    "coalesce(r.amount_fen, 0), " KEY(0) ", " KEY(1) ", " KEY(2) ", " KEY(3) ", " KEY(4) ", " KEY(5) ", "  \
    KEY(6) ", " KEY(7) " FROM subject s "
#define SCAN_HEAD                                                                                        \
    SCAN_COLS "LEFT JOIN record r ON r.subject_id = s.id AND r.is_current = 1 "                            \
    "AND r.class IN (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) AND r.status IN (?10, ?11, ?12, ?13) "                \
    "AND (?9 IS NULL OR r.created_at <= ?9) "
/* As of ?9: each of the subject's records in the version that was current then (the highest stored
 * by then), counted when its status was in force then: it is now, or a withdrawal, repair or expiry
 * dated after ?9 took it out of force (the change log, migration 14). */
#define SCAN_ASOF                                                                                        \
    SCAN_COLS "LEFT JOIN record c ON c.subject_id = s.id AND c.is_current = 1 "                            \
    "AND c.class IN (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "                                                     \
    "LEFT JOIN record r ON r.class = c.class AND r.dept_id = c.dept_id AND r.doc_no = c.doc_no "           \
    "AND r.subject_id = s.id AND r.version = (SELECT max(v.version) FROM record v WHERE v.class = c.class " \
    "AND v.dept_id = c.dept_id AND v.doc_no = c.doc_no AND v.created_at <= ?9) "                          \
    "AND (r.status IN (?10, ?11, ?12, ?13) OR EXISTS (SELECT 1 FROM change h INDEXED BY change_status "   \
    "WHERE h.record_id = r.id AND h.at > ?9 "                                                              \
    "AND h.kind IN ('record.withdrawn', 'record.repaired', 'record.expired'))) "
#define RESULT_COLS                                                                                     \
    "e.subject_id, e.kind, e.region, e.category, e.model_version, e.as_of, e.grade, e.score, e.items, "   \
    "s.name, s.uscc, s.opaque FROM eval_result e JOIN subject s ON s.id = e.subject_id "

static const char *const sql[E__END] = {
    [E_MODEL_PUT] = "INSERT INTO eval_model(version, applies_from, body, loaded_at, loaded_by) VALUES (?, ?, ?, ?, ?)",
    [E_MODELS] = "SELECT version, applies_from, body, loaded_at, loaded_by FROM eval_model "
                 "ORDER BY applies_from, version",
    [E_SCAN_RANGE] = SCAN_HEAD "WHERE s.id > ?40 AND s.id <= ?41 ORDER BY s.id",
    [E_SCAN_ONE] = SCAN_HEAD "WHERE s.id = ?40",
    [E_SCAN_ASOF] = SCAN_ASOF "WHERE s.id = ?40",
    [E_SUBJECT_MAX] = "SELECT coalesce(max(id), 0) FROM subject",
    [E_PUT] = "INSERT OR REPLACE INTO eval_result(subject_id, kind, region, category, model_version, as_of, score, "
              "grade, items) SELECT id, kind, CASE WHEN uscc IS NOT NULL THEN substr(uscc, 3, 6) END, "
              "CASE WHEN uscc IS NOT NULL THEN substr(uscc, 1, 2) END, ?2, ?3, ?4, ?5, ?6 FROM subject WHERE id = ?1",
    [E_UNSTALE] = "DELETE FROM eval_stale WHERE subject_id = ?",
    [E_GET] = "SELECT " RESULT_COLS "WHERE e.subject_id = ?",
    [E_LIST] = "SELECT " RESULT_COLS "WHERE (?1 IS NULL OR e.grade = ?1) AND (?2 IS NULL OR e.region = ?2) "
               "AND (?3 IS NULL OR e.kind = ?3) AND e.subject_id > ?4 ORDER BY e.subject_id LIMIT ?5",
    [E_COUNTS] = "SELECT grade, region, category, kind, count(*) FROM eval_result "
                 "GROUP BY grade, region, category, kind ORDER BY grade, region, category, kind",
    [E_STALE] = "SELECT subject_id FROM eval_stale ORDER BY subject_id LIMIT ?",
    [E_FADED] = "INSERT OR IGNORE INTO eval_stale SELECT subject_id FROM eval_result WHERE subject_id > ?3 "
                "AND subject_id <= ?4 AND as_of < ?1 AND (items <> '[]' OR model_version <> ?2)",
};

#define S(st) ((struct sqlite_store *)(st))
#define FAIL_RC(err) ((err) && (err)->rc ? (err)->rc : XY_EDB)

static sqlite3_stmt *prep(struct sqlite_store *s, int id, struct xy_error *err)
{
    return xy_sqlite_stmt(s, &s->aux[id], sql[id], err);
}

static const char *col(sqlite3_stmt *q, int i)
{
    return (const char *)sqlite3_column_text(q, i);
}

int xy_sqlite_eval_model_put(struct xy_store *st, const char *version, const char *applies_from, const char *body,
                             const char *at, const char *by, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), E_MODEL_PUT, err);
    if (!q)
        return FAIL_RC(err);
    xy_sqlite_bind_text(q, 1, version);
    xy_sqlite_bind_text(q, 2, applies_from);
    xy_sqlite_bind_text(q, 3, body);
    xy_sqlite_bind_text(q, 4, at);
    xy_sqlite_bind_text(q, 5, by);
    return xy_sqlite_run(S(st), q, err, "store an evaluation model");
}

int xy_sqlite_eval_models(struct xy_store *st, xy_eval_model_cb cb, void *ctx, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), E_MODELS, err);
    int r;
    if (!q)
        return FAIL_RC(err);
    while ((r = sqlite3_step(q)) == SQLITE_ROW)
        if (cb(ctx, col(q, 0), col(q, 1), col(q, 2), col(q, 3), col(q, 4)))
            break;
    sqlite3_reset(q);
    return r == SQLITE_ROW || r == SQLITE_DONE ? XY_OK : xy_sqlite_err(S(st), err, "read evaluation models");
}

int xy_sqlite_eval_scan(struct xy_store *st, const struct xy_eval_scan *s, xy_eval_row_cb cb, void *ctx,
                        struct xy_error *err)
{
    if (s->nclasses > XY_STORE_EVAL_CLASSES || s->nkeys > XY_STORE_EVAL_KEYS)
        return xy_error_set(err, XY_EINVAL, "evaluation scan: too many classes or keys");
    sqlite3_stmt *q = prep(S(st), !s->one ? E_SCAN_RANGE : s->stored_by ? E_SCAN_ASOF : E_SCAN_ONE, err);
    int r;
    if (!q)
        return FAIL_RC(err);
    for (size_t i = 0; i < s->nclasses; i++)
        xy_sqlite_bind_text(q, 1 + (int)i, s->classes[i]);
    xy_sqlite_bind_text(q, 9, s->one ? s->stored_by : NULL);
    for (size_t i = 0; s->statuses && s->statuses[i] && i < XY_STORE_EVAL_STATUSES; i++)
        xy_sqlite_bind_text(q, 10 + (int)i, s->statuses[i]);
    for (size_t i = 0; i < s->nkeys; i++) {
        char path[80];
        snprintf(path, sizeof path, "$.\"%s\"", s->key_field[i]);
        xy_sqlite_bind_text(q, 20 + (int)i, s->key_class[i]);
        sqlite3_bind_text(q, 30 + (int)i, path, -1, SQLITE_TRANSIENT);
    }
    if (s->one) {
        sqlite3_bind_int64(q, 40, s->one);
    } else {
        sqlite3_bind_int64(q, 40, s->after);
        sqlite3_bind_int64(q, 41, s->upto);
    }
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        struct xy_eval_row e = {
            .subject_id = sqlite3_column_int64(q, 0), .kind = col(q, 1), .record_id = sqlite3_column_int64(q, 2),
            .cls = col(q, 3), .decision_date = col(q, 4), .valid_to = col(q, 5), .public_until = col(q, 6),
            .amount_fen = sqlite3_column_int64(q, 7),
        };
        for (size_t i = 0; i < XY_STORE_EVAL_KEYS; i++)
            e.keys[i] = col(q, 8 + (int)i);
        if (cb(ctx, &e))
            break;
    }
    sqlite3_reset(q);
    return r == SQLITE_ROW || r == SQLITE_DONE ? XY_OK : xy_sqlite_err(S(st), err, "read subjects to evaluate");
}

int xy_sqlite_subject_max(struct xy_store *st, int64_t *max, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), E_SUBJECT_MAX, err);
    if (!q)
        return FAIL_RC(err);
    int r = sqlite3_step(q);
    *max = r == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    sqlite3_reset(q);
    return r == SQLITE_ROW ? XY_OK : xy_sqlite_err(S(st), err, "read the highest subject id");
}

int xy_sqlite_eval_put(struct xy_store *st, const struct xy_eval_result_row *e, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), E_PUT, err);
    int rc;
    if (!q)
        return FAIL_RC(err);
    sqlite3_bind_int64(q, 1, e->subject_id);
    xy_sqlite_bind_text(q, 2, e->model_version);
    xy_sqlite_bind_text(q, 3, e->as_of);
    sqlite3_bind_int64(q, 4, e->score);
    xy_sqlite_bind_text(q, 5, e->grade);
    xy_sqlite_bind_text(q, 6, e->items);
    if ((rc = xy_sqlite_run(S(st), q, err, "store a grade")))
        return rc;
    if (!(q = prep(S(st), E_UNSTALE, err)))
        return FAIL_RC(err);
    sqlite3_bind_int64(q, 1, e->subject_id);
    return xy_sqlite_run(S(st), q, err, "clear a stale mark");
}

static int each_result(struct sqlite_store *s, sqlite3_stmt *q, xy_eval_result_cb cb, void *ctx, int *found,
                       struct xy_error *err)
{
    int r;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        struct xy_eval_result_row e = {
            .subject_id = sqlite3_column_int64(q, 0), .kind = col(q, 1), .region = col(q, 2), .category = col(q, 3),
            .model_version = col(q, 4), .as_of = col(q, 5), .grade = col(q, 6), .score = sqlite3_column_int64(q, 7),
            .items = col(q, 8), .name = col(q, 9), .uscc = col(q, 10), .opaque = col(q, 11),
        };
        if (found)
            *found = 1;
        if (cb(ctx, &e))
            break;
    }
    sqlite3_reset(q);
    return r == SQLITE_ROW || r == SQLITE_DONE ? XY_OK : xy_sqlite_err(s, err, "read grades");
}

int xy_sqlite_eval_get(struct xy_store *st, int64_t subject_id, xy_eval_result_cb cb, void *ctx, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), E_GET, err);
    int found = 0, rc;
    if (!q)
        return FAIL_RC(err);
    sqlite3_bind_int64(q, 1, subject_id);
    if ((rc = each_result(S(st), q, cb, ctx, &found, err)))
        return rc;
    return found ? XY_OK : xy_error_set(err, XY_ENOTFOUND, "主体 %1$lld 没有已存的评价等级 (no grade stored for subject %1$lld)", (long long)subject_id);
}

int xy_sqlite_eval_list(struct xy_store *st, const char *grade, const char *region, const char *kind, int64_t after,
                        int limit, xy_eval_result_cb cb, void *ctx, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), E_LIST, err);
    if (!q)
        return FAIL_RC(err);
    xy_sqlite_bind_text(q, 1, grade);
    xy_sqlite_bind_text(q, 2, region);
    xy_sqlite_bind_text(q, 3, kind);
    sqlite3_bind_int64(q, 4, after);
    sqlite3_bind_int(q, 5, limit);
    return each_result(S(st), q, cb, ctx, NULL, err);
}

int xy_sqlite_eval_counts(struct xy_store *st, xy_eval_count_cb cb, void *ctx, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), E_COUNTS, err);
    int r;
    if (!q)
        return FAIL_RC(err);
    while ((r = sqlite3_step(q)) == SQLITE_ROW)
        if (cb(ctx, col(q, 0), col(q, 1), col(q, 2), col(q, 3), sqlite3_column_int64(q, 4)))
            break;
    sqlite3_reset(q);
    return r == SQLITE_ROW || r == SQLITE_DONE ? XY_OK : xy_sqlite_err(S(st), err, "count grades");
}

int xy_sqlite_eval_stale(struct xy_store *st, int limit, int64_t *ids, size_t *n, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), E_STALE, err);
    int r;
    *n = 0;
    if (!q)
        return FAIL_RC(err);
    sqlite3_bind_int(q, 1, limit);
    while ((r = sqlite3_step(q)) == SQLITE_ROW && *n < (size_t)limit)
        ids[(*n)++] = sqlite3_column_int64(q, 0);
    sqlite3_reset(q);
    return r == SQLITE_ROW || r == SQLITE_DONE ? XY_OK : xy_sqlite_err(S(st), err, "read stale grades");
}

int xy_sqlite_eval_mark_faded(struct xy_store *st, const char *before, const char *model_version, int64_t after,
                              int64_t upto, int64_t *n, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), E_FADED, err);
    int rc;
    *n = 0;
    if (!q)
        return FAIL_RC(err);
    xy_sqlite_bind_text(q, 1, before);
    xy_sqlite_bind_text(q, 2, model_version);
    sqlite3_bind_int64(q, 3, after);
    sqlite3_bind_int64(q, 4, upto);
    if ((rc = xy_sqlite_run(S(st), q, err, "mark faded grades")))
        return rc;
    *n = sqlite3_changes64(S(st)->db);
    return XY_OK;
}
