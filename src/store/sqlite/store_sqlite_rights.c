/* SPDX-License-Identifier: Apache-2.0 */
/* SQLite back end: rights of the subject. The working-day calendar, claims (objections and repair
 * applications) with their steps and files, record status and marks, consent grants, the access
 * history and the change feed. */
#include <stdio.h>
#include <string.h>

#include "store/sqlite/store_sqlite_int.h"

enum {
    R_CAL_PUT = 64,
    R_CAL_SCAN,
    R_CLAIM_ADD,
    R_CLAIM_GET,
    R_CLAIM_UPDATE,
    R_CLAIMS,
    R_CLAIM_OPEN,
    R_STEP_ADD,
    R_STEPS,
    R_FILE_ADD,
    R_FILES,
    R_FILE_GET,
    R_REC_STATUS,
    R_REC_MARK,
    R_CITING,
    R_EXPIRE_LOG,
    R_EXPIRE,
    R_EXPIRE_SET,
    R_CHANGE_ADD,
    R_CHANGES,
    R_CONSENT_ADD,
    R_CONSENT_GET,
    R_CONSENTS,
    R_CONSENT_REVOKE,
    R_ACCESS_LIST,
    R_SUBJECT_REF,
    R_UNMARK,
    R_CITE_ADD,
    R__END
};

_Static_assert(R__END <= XY_SQLITE_AUX_STMTS, "rights statements use aux[64..127]");

#define CLAIM_COLS                                                                                          \
    "c.id, c.kind, c.record_id, c.subject_id, c.dept_id, d.uscc, d.name, r.class, r.doc_no, s.name, "      \
    "s.opaque, c.filed_by, c.filed_role, c.text, c.signer, c.state, c.extended, c.due, c.decision, "       \
    "c.reason, c.fields, coalesce(c.result_record, 0), c.filed_at, c.updated_at "                         \
    "FROM claim c JOIN dept d ON d.id = c.dept_id JOIN record r ON r.id = c.record_id "                   \
    "JOIN subject s ON s.id = c.subject_id "
#define CONSENT_COLS                                                                                        \
    "g.id, g.subject_id, coalesce(g.querier_key, 0), coalesce(o.name, k.name), k.role, g.classes, "        \
    "g.purpose, g.until, g.created_at, g.revoked_at, coalesce(g.querier_id, 0), o.uscc, o.disabled_at "    \
    "FROM consent g LEFT JOIN api_key k ON k.id = g.querier_key LEFT JOIN querier o ON o.id = g.querier_id "

static const char *const sql[R__END] = {
    [R_CAL_PUT] = "INSERT INTO calendar_day(day, kind, name_zh, name_en) VALUES (?, ?, ?, ?) "
                  "ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name_zh = excluded.name_zh, "
                  "name_en = excluded.name_en",
    [R_CAL_SCAN] = "SELECT day, kind, name_zh, name_en FROM calendar_day ORDER BY day",
    [R_CLAIM_ADD] = "INSERT INTO claim(kind, record_id, subject_id, dept_id, filed_by, filed_role, text, signer, "
                    "state, extended, due, filed_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
    [R_CLAIM_GET] = "SELECT " CLAIM_COLS "WHERE c.id = ?",
    [R_CLAIM_UPDATE] = "UPDATE claim SET state = ?, extended = ?, due = ?, decision = ?, reason = ?, fields = ?, "
                       "result_record = nullif(?, 0), updated_at = ? WHERE id = ?",
    [R_CLAIMS] = "SELECT " CLAIM_COLS "WHERE (?1 IS NULL OR c.kind = ?1) AND (?2 = 0 OR c.subject_id = ?2) "
                 "AND (?3 = 0 OR c.dept_id = ?3) AND (?4 IS NULL OR c.state = ?4) "
                 "AND (?5 IS NULL OR (c.due IS NOT NULL AND c.due < ?5)) AND c.id > ?6 ORDER BY c.id LIMIT ?7",
    [R_CLAIM_OPEN] = "SELECT id FROM claim WHERE record_id = ? AND kind = ? AND due IS NOT NULL LIMIT 1",
    [R_STEP_ADD] = "INSERT INTO claim_step(claim_id, seq, at, action, state, key_id, role, note, due) "
                   "VALUES (?1, (SELECT coalesce(max(seq), 0) + 1 FROM claim_step WHERE claim_id = ?1), "
                   "?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [R_STEPS] = "SELECT seq, at, action, state, key_id, role, note, due FROM claim_step WHERE claim_id = ? "
                "ORDER BY seq",
    [R_FILE_ADD] = "INSERT INTO claim_file(claim_id, seq, name, media_type, size, sha256, data) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)",
    [R_FILES] = "SELECT seq, name, media_type, size, sha256 FROM claim_file WHERE claim_id = ? ORDER BY seq",
    [R_FILE_GET] = "SELECT seq, name, media_type, size, sha256, data FROM claim_file WHERE claim_id = ? AND seq = ?",
    [R_REC_STATUS] = "UPDATE record SET status = ? WHERE id = ? AND is_current = 1",
    [R_REC_MARK] = "UPDATE record SET objection_id = nullif(?, 0) WHERE id = ?",
    /* Exact numbers, by the index on (subject, number): a number that is a prefix of another, or
     * that appears in some other field, cites nothing (migration 11). */
    [R_CITING] = "SELECT " REC_COLS " FROM record_cite c JOIN record r ON r.id = c.record_id "
                 "JOIN dept d ON d.id = r.dept_id "
                 "WHERE c.subject_id = ? AND c.doc_no = ? AND (c.dept_uscc IS NULL OR c.dept_uscc = ?) "
                 "AND r.is_current = 1 AND r.status = 'published' ORDER BY r.id",
    [R_CITE_ADD] = "INSERT OR IGNORE INTO record_cite(record_id, subject_id, doc_no, dept_uscc) VALUES (?, ?, ?, ?)",
    [R_EXPIRE_LOG] = "SELECT id FROM record INDEXED BY record_due WHERE is_current = 1 AND status = 'published' "
                     "AND public_until IS NOT NULL AND public_until < ? ORDER BY public_until, id LIMIT ?",
    [R_EXPIRE] = "INSERT INTO change(at, kind, record_id, subject_id, class, detail) "
                 "SELECT ?1, 'record.expired', id, subject_id, class, json_object('public_until', public_until) "
                 "FROM record WHERE id = ?2",
    [R_EXPIRE_SET] = "UPDATE record SET status = 'expired' WHERE id = ?",
    [R_CHANGE_ADD] = "INSERT INTO change(at, kind, record_id, subject_id, class, detail) "
                     "VALUES (?, ?, nullif(?, 0), nullif(?, 0), ?, ?)",
    [R_CHANGES] = "SELECT c.seq, c.at, c.kind, coalesce(c.record_id, 0), coalesce(c.subject_id, 0), c.class, "
                  "c.detail, s.uscc, s.opaque FROM change c LEFT JOIN subject s ON s.id = c.subject_id "
                  "WHERE c.seq > ? ORDER BY c.seq LIMIT ?",
    [R_CONSENT_ADD] = "INSERT INTO consent(subject_id, querier_key, querier_id, classes, purpose, until, created_at) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?)",
    [R_CONSENT_GET] = "SELECT " CONSENT_COLS "WHERE g.id = ?",
    [R_CONSENTS] = "SELECT " CONSENT_COLS "WHERE (?1 = 0 OR g.subject_id = ?1) "
                   "AND (?2 = 0 OR g.querier_key = ?2 OR (?3 > 0 AND g.querier_id = ?3)) "
                   "ORDER BY g.id DESC LIMIT 1000",
    [R_CONSENT_REVOKE] = "UPDATE consent SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
    [R_ACCESS_LIST] = "SELECT a.id, a.at, a.key_id, k.name, a.role, a.dept_uscc, a.purpose, a.object, "
                      "coalesce(a.grant_id, 0) FROM subject_access a LEFT JOIN api_key k ON k.id = a.key_id "
                      "WHERE a.subject_id = ?1 AND (?2 = 0 OR a.id < ?2) ORDER BY a.id DESC LIMIT ?3",
    [R_SUBJECT_REF] = "SELECT opaque FROM subject WHERE id = ?",
    [R_UNMARK] = "UPDATE record SET objection_id = NULL WHERE objection_id = ?",
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

/* Steps q to its end, handing each row to each(); resets q. */
static int each_row(struct sqlite_store *s, sqlite3_stmt *q, int (*each)(sqlite3_stmt *q, void *cb, void *ctx),
                    void *cb, void *ctx, struct xy_error *err, const char *what)
{
    int r;
    while ((r = sqlite3_step(q)) == SQLITE_ROW)
        if (each(q, cb, ctx))
            break;
    sqlite3_reset(q);
    return r == SQLITE_ROW || r == SQLITE_DONE ? XY_OK : xy_sqlite_err(s, err, what);
}

int xy_sqlite_calendar_put(struct xy_store *st, const char *day, const char *kind, const char *name_zh,
                           const char *name_en, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), R_CAL_PUT, err);
    if (!q)
        return FAIL_RC(err);
    xy_sqlite_bind_text(q, 1, day);
    xy_sqlite_bind_text(q, 2, kind);
    xy_sqlite_bind_text(q, 3, name_zh);
    xy_sqlite_bind_text(q, 4, name_en);
    return xy_sqlite_run(S(st), q, err, "store a calendar day");
}

static int day_row(sqlite3_stmt *q, void *cb, void *ctx)
{
    return ((xy_day_cb)cb)(ctx, col(q, 0), col(q, 1), col(q, 2), col(q, 3));
}

int xy_sqlite_calendar_scan(struct xy_store *st, xy_day_cb cb, void *ctx, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), R_CAL_SCAN, err);
    if (!q)
        return FAIL_RC(err);
    return each_row(S(st), q, day_row, (void *)cb, ctx, err, "read the calendar");
}

int xy_sqlite_claim_add(struct xy_store *st, const struct xy_claim_row *c, int64_t *id, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), R_CLAIM_ADD, err);
    if (!q)
        return FAIL_RC(err);
    xy_sqlite_bind_text(q, 1, c->kind);
    sqlite3_bind_int64(q, 2, c->record_id);
    sqlite3_bind_int64(q, 3, c->subject_id);
    sqlite3_bind_int64(q, 4, c->dept_id);
    sqlite3_bind_int64(q, 5, c->filed_by);
    xy_sqlite_bind_text(q, 6, c->filed_role);
    xy_sqlite_bind_text(q, 7, c->text);
    xy_sqlite_bind_text(q, 8, c->signer);
    xy_sqlite_bind_text(q, 9, c->state);
    xy_sqlite_bind_text(q, 10, c->due);
    xy_sqlite_bind_text(q, 11, c->filed_at);
    xy_sqlite_bind_text(q, 12, c->updated_at);
    int rc = xy_sqlite_run(S(st), q, err, "store a claim");
    if (!rc)
        *id = sqlite3_last_insert_rowid(S(st)->db);
    return rc;
}

static int claim_row(sqlite3_stmt *q, void *cb, void *ctx)
{
    struct xy_claim_row c = {
        .id = sqlite3_column_int64(q, 0),
        .kind = col(q, 1),
        .record_id = sqlite3_column_int64(q, 2),
        .subject_id = sqlite3_column_int64(q, 3),
        .dept_id = sqlite3_column_int64(q, 4),
        .dept_uscc = col(q, 5),
        .dept_name = col(q, 6),
        .record_class = col(q, 7),
        .record_doc_no = col(q, 8),
        .subject_name = col(q, 9),
        .subject_opaque = col(q, 10),
        .filed_by = sqlite3_column_int64(q, 11),
        .filed_role = col(q, 12),
        .text = col(q, 13),
        .signer = col(q, 14),
        .state = col(q, 15),
        .extended = sqlite3_column_int(q, 16),
        .due = col(q, 17),
        .decision = col(q, 18),
        .reason = col(q, 19),
        .fields = col(q, 20),
        .result_record = sqlite3_column_int64(q, 21),
        .filed_at = col(q, 22),
        .updated_at = col(q, 23),
    };
    return ((xy_claim_cb)cb)(ctx, &c);
}

struct found {
    xy_claim_cb cb;
    void *ctx;
    int n;
};

static int claim_found(void *ctx, const struct xy_claim_row *c)
{
    struct found *f = ctx;
    f->n++;
    return f->cb(f->ctx, c);
}

int xy_sqlite_claim_get(struct xy_store *st, int64_t id, xy_claim_cb cb, void *ctx, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), R_CLAIM_GET, err);
    if (!q)
        return FAIL_RC(err);
    sqlite3_bind_int64(q, 1, id);
    struct found f = {cb, ctx, 0};
    int rc = each_row(S(st), q, claim_row, (void *)claim_found, &f, err, "read a claim");
    if (!rc && !f.n)
        rc = xy_error_set(err, XY_ENOTFOUND, "没有编号为 %lld 的异议或信用修复申请 (no objection or repair application %lld)",
                          (long long)id, (long long)id);
    return rc;
}

int xy_sqlite_claim_update(struct xy_store *st, const struct xy_claim_row *c, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), R_CLAIM_UPDATE, err);
    if (!q)
        return FAIL_RC(err);
    xy_sqlite_bind_text(q, 1, c->state);
    sqlite3_bind_int(q, 2, c->extended);
    xy_sqlite_bind_text(q, 3, c->due);
    xy_sqlite_bind_text(q, 4, c->decision);
    xy_sqlite_bind_text(q, 5, c->reason);
    xy_sqlite_bind_text(q, 6, c->fields);
    sqlite3_bind_int64(q, 7, c->result_record);
    xy_sqlite_bind_text(q, 8, c->updated_at);
    sqlite3_bind_int64(q, 9, c->id);
    return xy_sqlite_run(S(st), q, err, "update a claim");
}

int xy_sqlite_claims_page(struct xy_store *st, const struct xy_claim_filter *f, xy_claim_cb cb, void *ctx,
                          struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), R_CLAIMS, err);
    if (!q)
        return FAIL_RC(err);
    xy_sqlite_bind_text(q, 1, f->kind);
    sqlite3_bind_int64(q, 2, f->subject_id);
    sqlite3_bind_int64(q, 3, f->dept_id);
    xy_sqlite_bind_text(q, 4, f->state);
    xy_sqlite_bind_text(q, 5, f->due_before);
    sqlite3_bind_int64(q, 6, f->after);
    sqlite3_bind_int(q, 7, f->limit > 0 ? f->limit : 100);
    return each_row(S(st), q, claim_row, (void *)cb, ctx, err, "list claims");
}

int xy_sqlite_claim_open_on(struct xy_store *st, const char *kind, int64_t record_id, int64_t *id,
                            struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), R_CLAIM_OPEN, err);
    if (!q)
        return FAIL_RC(err);
    sqlite3_bind_int64(q, 1, record_id);
    xy_sqlite_bind_text(q, 2, kind);
    int r = sqlite3_step(q);
    *id = r == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    sqlite3_reset(q);
    return r == SQLITE_ROW || r == SQLITE_DONE ? XY_OK : xy_sqlite_err(S(st), err, "find an open claim");
}

int xy_sqlite_claim_step_add(struct xy_store *st, int64_t claim_id, const struct xy_claim_step_row *s,
                             struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), R_STEP_ADD, err);
    if (!q)
        return FAIL_RC(err);
    sqlite3_bind_int64(q, 1, claim_id);
    xy_sqlite_bind_text(q, 2, s->at);
    xy_sqlite_bind_text(q, 3, s->action);
    xy_sqlite_bind_text(q, 4, s->state);
    sqlite3_bind_int64(q, 5, s->key_id);
    xy_sqlite_bind_text(q, 6, s->role);
    xy_sqlite_bind_text(q, 7, s->note);
    xy_sqlite_bind_text(q, 8, s->due);
    return xy_sqlite_run(S(st), q, err, "store a claim step");
}

static int step_row(sqlite3_stmt *q, void *cb, void *ctx)
{
    struct xy_claim_step_row s = {
        .seq = sqlite3_column_int(q, 0), .at = col(q, 1),   .action = col(q, 2),
        .state = col(q, 3),              .key_id = sqlite3_column_int64(q, 4),
        .role = col(q, 5),               .note = col(q, 6), .due = col(q, 7),
    };
    return ((xy_step_cb)cb)(ctx, &s);
}

int xy_sqlite_claim_steps(struct xy_store *st, int64_t claim_id, xy_step_cb cb, void *ctx, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), R_STEPS, err);
    if (!q)
        return FAIL_RC(err);
    sqlite3_bind_int64(q, 1, claim_id);
    return each_row(S(st), q, step_row, (void *)cb, ctx, err, "read claim steps");
}

int xy_sqlite_file_add(struct xy_store *st, int64_t claim_id, const struct xy_file_row *f, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), R_FILE_ADD, err);
    if (!q)
        return FAIL_RC(err);
    sqlite3_bind_int64(q, 1, claim_id);
    sqlite3_bind_int(q, 2, f->seq);
    xy_sqlite_bind_text(q, 3, f->name);
    xy_sqlite_bind_text(q, 4, f->media_type);
    sqlite3_bind_int64(q, 5, f->size);
    sqlite3_bind_blob(q, 6, f->sha256, 32, SQLITE_STATIC);
    sqlite3_bind_blob64(q, 7, f->data, (sqlite3_uint64)f->size, SQLITE_STATIC);
    return xy_sqlite_run(S(st), q, err, "store a file");
}

static int file_row(sqlite3_stmt *q, void *cb, void *ctx)
{
    struct xy_file_row f = {
        .seq = sqlite3_column_int(q, 0),
        .name = col(q, 1),
        .media_type = col(q, 2),
        .size = sqlite3_column_int64(q, 3),
        .sha256 = sqlite3_column_blob(q, 4),
        .data = sqlite3_column_count(q) > 5 ? sqlite3_column_blob(q, 5) : NULL,
    };
    return ((xy_file_cb)cb)(ctx, &f);
}

int xy_sqlite_files_list(struct xy_store *st, int64_t claim_id, xy_file_cb cb, void *ctx, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), R_FILES, err);
    if (!q)
        return FAIL_RC(err);
    sqlite3_bind_int64(q, 1, claim_id);
    return each_row(S(st), q, file_row, (void *)cb, ctx, err, "list files");
}

struct file_found {
    xy_file_cb cb;
    void *ctx;
    int n;
};

static int file_found(void *ctx, const struct xy_file_row *f)
{
    struct file_found *ff = ctx;
    ff->n++;
    return ff->cb(ff->ctx, f);
}

int xy_sqlite_file_get(struct xy_store *st, int64_t claim_id, int seq, xy_file_cb cb, void *ctx,
                       struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), R_FILE_GET, err);
    if (!q)
        return FAIL_RC(err);
    sqlite3_bind_int64(q, 1, claim_id);
    sqlite3_bind_int(q, 2, seq);
    struct file_found ff = {cb, ctx, 0};
    int rc = each_row(S(st), q, file_row, (void *)file_found, &ff, err, "read a file");
    if (!rc && !ff.n)
        rc = xy_error_set(err, XY_ENOTFOUND, "申请 %lld 没有第 %d 个文件 (no file %d on claim %lld)", (long long)claim_id, seq,
                          seq, (long long)claim_id);
    return rc;
}

int xy_sqlite_record_set_status(struct xy_store *st, int64_t record_id, const char *status, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), R_REC_STATUS, err);
    if (!q)
        return FAIL_RC(err);
    xy_sqlite_bind_text(q, 1, status);
    sqlite3_bind_int64(q, 2, record_id);
    int rc = xy_sqlite_run(S(st), q, err, "set a record's status");
    if (!rc && sqlite3_changes(S(st)->db) == 0)
        rc = xy_error_set(err, XY_ESTATE, "记录 %lld 不是现行版本 (record %lld is not a current version)", (long long)record_id,
                          (long long)record_id);
    return rc;
}

int xy_sqlite_record_mark(struct xy_store *st, int64_t record_id, int64_t objection_id, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), R_REC_MARK, err);
    if (!q)
        return FAIL_RC(err);
    sqlite3_bind_int64(q, 1, objection_id);
    sqlite3_bind_int64(q, 2, record_id);
    return xy_sqlite_run(S(st), q, err, "mark a record");
}

int xy_sqlite_entries_citing(struct xy_store *st, int64_t subject_id, const char *doc_no, const char *dept_uscc,
                             xy_record_cb cb, void *ctx, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), R_CITING, err);
    if (!q)
        return FAIL_RC(err);
    sqlite3_bind_int64(q, 1, subject_id);
    xy_sqlite_bind_text(q, 2, doc_no);
    xy_sqlite_bind_text(q, 3, dept_uscc);
    return xy_sqlite_each_record(S(st), q, cb, ctx, err);
}

int xy_sqlite_cites_put(struct xy_store *st, int64_t record_id, int64_t subject_id, const char *cites,
                        size_t cites_len, const char *cites_dept, struct xy_error *err)
{
    for (size_t at = 0; cites && at < cites_len; at += strlen(cites + at) + 1) {
        sqlite3_stmt *q = prep(S(st), R_CITE_ADD, err);
        int rc;
        if (!q)
            return FAIL_RC(err);
        sqlite3_bind_int64(q, 1, record_id);
        sqlite3_bind_int64(q, 2, subject_id);
        xy_sqlite_bind_text(q, 3, cites + at);
        xy_sqlite_bind_text(q, 4, cites_dept);
        if ((rc = xy_sqlite_run(S(st), q, err, "store a cited decision number")))
            return rc;
    }
    return XY_OK;
}

/* One chunk of at most `limit` (<= EXPIRE_CHUNK) due records. */
#define EXPIRE_CHUNK 2048
static int expire_chunk(struct xy_store *st, const char *today, const char *now, int limit, long *n,
                        struct xy_error *err)
{
    int64_t ids[EXPIRE_CHUNK];
    size_t k = 0;
    int rc = 0, r;
    *n = 0;
    /* The ids first (record_due: those marked below leave it, so the next round starts after them). */
    sqlite3_stmt *q = prep(S(st), R_EXPIRE_LOG, err);
    if (!q)
        return FAIL_RC(err);
    xy_sqlite_bind_text(q, 1, today);
    sqlite3_bind_int(q, 2, limit);
    while ((r = sqlite3_step(q)) == SQLITE_ROW && k < EXPIRE_CHUNK)
        ids[k++] = sqlite3_column_int64(q, 0);
    sqlite3_reset(q);
    if (r != SQLITE_DONE && r != SQLITE_ROW)
        return xy_sqlite_err(S(st), err, "find expired records");
    sqlite3_stmt *log = prep(S(st), R_EXPIRE, err), *set = log ? prep(S(st), R_EXPIRE_SET, err) : NULL;
    if (!set)
        return FAIL_RC(err);
    for (size_t i = 0; i < k && !rc; i++) {
        xy_sqlite_bind_text(log, 1, now);
        sqlite3_bind_int64(log, 2, ids[i]);
        if (!(rc = xy_sqlite_run(S(st), log, err, "log an expiry"))) {
            sqlite3_bind_int64(set, 1, ids[i]);
            rc = xy_sqlite_run(S(st), set, err, "expire a record");
        }
    }
    if (!rc)
        *n = (long)k;
    return rc;
}

int xy_sqlite_expire_due(struct xy_store *st, const char *today, const char *now, int limit, long *n,
                         struct xy_error *err)
{
    int rc = XY_OK;
    *n = 0;
    /* In chunks, so that "fewer than limit" keeps meaning "none left" whatever the limit. */
    while (!rc && *n < limit) {
        long got = 0;
        int want = limit - *n > EXPIRE_CHUNK ? EXPIRE_CHUNK : (int)(limit - *n);
        if (!(rc = expire_chunk(st, today, now, want, &got, err)))
            *n += got;
        if (got < want)
            break;
    }
    return rc;
}

int xy_sqlite_change_add(struct xy_store *st, const struct xy_change_row *c, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), R_CHANGE_ADD, err);
    if (!q)
        return FAIL_RC(err);
    xy_sqlite_bind_text(q, 1, c->at);
    xy_sqlite_bind_text(q, 2, c->kind);
    sqlite3_bind_int64(q, 3, c->record_id);
    sqlite3_bind_int64(q, 4, c->subject_id);
    xy_sqlite_bind_text(q, 5, c->cls);
    xy_sqlite_bind_text(q, 6, c->detail);
    return xy_sqlite_run(S(st), q, err, "store a change");
}

static int change_row(sqlite3_stmt *q, void *cb, void *ctx)
{
    struct xy_change_row c = {
        .seq = sqlite3_column_int64(q, 0),        .at = col(q, 1), .kind = col(q, 2),
        .record_id = sqlite3_column_int64(q, 3),  .subject_id = sqlite3_column_int64(q, 4),
        .cls = col(q, 5),                         .detail = col(q, 6),
        .subject_uscc = col(q, 7),                .subject_opaque = col(q, 8),
    };
    return ((xy_change_cb)cb)(ctx, &c);
}

int xy_sqlite_changes_page(struct xy_store *st, int64_t after, int limit, xy_change_cb cb, void *ctx,
                           struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), R_CHANGES, err);
    if (!q)
        return FAIL_RC(err);
    sqlite3_bind_int64(q, 1, after);
    sqlite3_bind_int(q, 2, limit);
    return each_row(S(st), q, change_row, (void *)cb, ctx, err, "read the change feed");
}

int xy_sqlite_consent_add(struct xy_store *st, const struct xy_consent_row *c, int64_t *id, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), R_CONSENT_ADD, err);
    if (!q)
        return FAIL_RC(err);
    sqlite3_bind_int64(q, 1, c->subject_id);
    if (c->querier_key)
        sqlite3_bind_int64(q, 2, c->querier_key);
    if (c->querier_id)
        sqlite3_bind_int64(q, 3, c->querier_id);
    xy_sqlite_bind_text(q, 4, c->classes);
    xy_sqlite_bind_text(q, 5, c->purpose);
    xy_sqlite_bind_text(q, 6, c->until);
    xy_sqlite_bind_text(q, 7, c->created_at);
    int rc = xy_sqlite_run(S(st), q, err, "store a grant");
    if (!rc)
        *id = sqlite3_last_insert_rowid(S(st)->db);
    return rc;
}

static int consent_row(sqlite3_stmt *q, void *cb, void *ctx)
{
    struct xy_consent_row c = {
        .id = sqlite3_column_int64(q, 0),
        .subject_id = sqlite3_column_int64(q, 1),
        .querier_key = sqlite3_column_int64(q, 2),
        .querier_name = col(q, 3),
        .querier_role = col(q, 4),
        .classes = col(q, 5),
        .purpose = col(q, 6),
        .until = col(q, 7),
        .created_at = col(q, 8),
        .revoked_at = col(q, 9),
        .querier_id = sqlite3_column_int64(q, 10),
        .querier_uscc = col(q, 11),
        .querier_disabled_at = col(q, 12),
    };
    return ((xy_consent_cb)cb)(ctx, &c);
}

struct consent_found {
    xy_consent_cb cb;
    void *ctx;
    int n;
};

static int consent_found(void *ctx, const struct xy_consent_row *c)
{
    struct consent_found *f = ctx;
    f->n++;
    return f->cb(f->ctx, c);
}

int xy_sqlite_consent_get(struct xy_store *st, int64_t id, xy_consent_cb cb, void *ctx, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), R_CONSENT_GET, err);
    if (!q)
        return FAIL_RC(err);
    sqlite3_bind_int64(q, 1, id);
    struct consent_found f = {cb, ctx, 0};
    int rc = each_row(S(st), q, consent_row, (void *)consent_found, &f, err, "read a grant");
    if (!rc && !f.n)
        rc = xy_error_set(err, XY_ENOTFOUND, "没有编号为 %lld 的授权 (no grant %lld)", (long long)id, (long long)id);
    return rc;
}

int xy_sqlite_consents_list(struct xy_store *st, int64_t subject_id, int64_t querier_key, int64_t querier_id,
                            xy_consent_cb cb, void *ctx, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), R_CONSENTS, err);
    if (!q)
        return FAIL_RC(err);
    sqlite3_bind_int64(q, 1, subject_id);
    sqlite3_bind_int64(q, 2, querier_key);
    sqlite3_bind_int64(q, 3, querier_id);
    return each_row(S(st), q, consent_row, (void *)cb, ctx, err, "list grants");
}

int xy_sqlite_consent_revoke(struct xy_store *st, int64_t id, const char *at, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), R_CONSENT_REVOKE, err);
    if (!q)
        return FAIL_RC(err);
    xy_sqlite_bind_text(q, 1, at);
    sqlite3_bind_int64(q, 2, id);
    int rc = xy_sqlite_run(S(st), q, err, "revoke a grant");
    if (!rc && sqlite3_changes(S(st)->db) == 0)
        rc = xy_error_set(err, XY_ENOTFOUND, "没有编号为 %lld 的有效授权 (no live grant %lld)", (long long)id, (long long)id);
    return rc;
}

static int access_row(sqlite3_stmt *q, void *cb, void *ctx)
{
    struct xy_access_row a = {
        .id = sqlite3_column_int64(q, 0),
        .at = col(q, 1),
        .key_id = sqlite3_column_int64(q, 2),
        .key_name = col(q, 3),
        .role = col(q, 4),
        .dept_uscc = col(q, 5),
        .purpose = col(q, 6),
        .object = col(q, 7),
        .grant_id = sqlite3_column_int64(q, 8),
    };
    return ((xy_access_cb)cb)(ctx, &a);
}

int xy_sqlite_access_list(struct xy_store *st, int64_t subject_id, int64_t before, int limit, xy_access_cb cb,
                          void *ctx, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), R_ACCESS_LIST, err);
    if (!q)
        return FAIL_RC(err);
    sqlite3_bind_int64(q, 1, subject_id);
    sqlite3_bind_int64(q, 2, before);
    sqlite3_bind_int(q, 3, limit);
    return each_row(S(st), q, access_row, (void *)cb, ctx, err, "read the access history");
}

int xy_sqlite_subject_ref(struct xy_store *st, int64_t subject_id, char opaque[24], struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), R_SUBJECT_REF, err);
    if (!q)
        return FAIL_RC(err);
    sqlite3_bind_int64(q, 1, subject_id);
    int r = sqlite3_step(q);
    int rc = XY_OK;
    if (r == SQLITE_ROW)
        snprintf(opaque, 24, "%s", col(q, 0) ? col(q, 0) : "");
    else if (r == SQLITE_DONE)
        rc = xy_error_set(err, XY_ENOTFOUND, "没有编号为 %lld 的信用主体 (no subject %lld)", (long long)subject_id,
                          (long long)subject_id);
    else
        rc = xy_sqlite_err(S(st), err, "read a subject");
    sqlite3_reset(q);
    return rc;
}

int xy_sqlite_objection_unmark(struct xy_store *st, int64_t objection_id, struct xy_error *err)
{
    sqlite3_stmt *q = prep(S(st), R_UNMARK, err);
    if (!q)
        return FAIL_RC(err);
    sqlite3_bind_int64(q, 1, objection_id);
    return xy_sqlite_run(S(st), q, err, "lift an objection's mark");
}
