/* SPDX-License-Identifier: Apache-2.0 */
/* The SQLite back end: the register of credit reports (store.h, report_*). Reports are issued a few
 * at a time, not in hot loops: each call prepares its statement and finalizes it, so this file keeps
 * no slots in the connection's statement arrays. */
#include <stdio.h>
#include <string.h>

#include "store/sqlite/store_sqlite_int.h"

int xy_sqlite_report_next_seq(struct xy_store *st, const char *day, int *seq, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s, "INSERT INTO report_seq(day, last) VALUES (?1, 1) "
                                "ON CONFLICT(day) DO UPDATE SET last = last + 1 RETURNING last", err);
    if (!q)
        return xy_sqlite_failed(err);
    xy_sqlite_bind_text(q, 1, day);
    int r = sqlite3_step(q), rc = XY_OK;
    if (r == SQLITE_ROW) {
        *seq = sqlite3_column_int(q, 0);
        r = sqlite3_step(q); /* finishes the statement: the row is written when it is done */
    }
    if (r != SQLITE_DONE)
        rc = xy_sqlite_err(s, err, "next report number");
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_report_add(struct xy_store *st, const struct xy_report_row *r, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s,
                              "INSERT INTO report (number, day, seq, subject_id, kind, edition, format, purpose, "
                              "key_id, role, dept_uscc, requester, grant_id, issued_at, pages, json_sm3, pdf_sha256, "
                              "pdf_size, signature) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
                              "?14, ?15, ?16, ?17, ?18, ?19)",
                              err);
    if (!q)
        return xy_sqlite_failed(err);
    xy_sqlite_bind_text(q, 1, r->number);
    xy_sqlite_bind_text(q, 2, r->day);
    sqlite3_bind_int(q, 3, r->seq);
    sqlite3_bind_int64(q, 4, r->subject_id);
    xy_sqlite_bind_text(q, 5, r->kind);
    xy_sqlite_bind_text(q, 6, r->edition);
    xy_sqlite_bind_text(q, 7, r->format);
    xy_sqlite_bind_text(q, 8, r->purpose);
    sqlite3_bind_int64(q, 9, r->key_id);
    xy_sqlite_bind_text(q, 10, r->role);
    xy_sqlite_bind_text(q, 11, r->dept_uscc);
    xy_sqlite_bind_text(q, 12, r->requester);
    if (r->grant_id)
        sqlite3_bind_int64(q, 13, r->grant_id);
    xy_sqlite_bind_text(q, 14, r->issued_at);
    sqlite3_bind_int(q, 15, r->pages);
    sqlite3_bind_blob(q, 16, r->json_sm3, 32, SQLITE_STATIC);
    if (r->pdf_sha256) {
        sqlite3_bind_blob(q, 17, r->pdf_sha256, 32, SQLITE_STATIC);
        sqlite3_bind_int64(q, 18, r->pdf_size);
    }
    sqlite3_bind_blob(q, 19, r->signature, (int)r->signature_len, SQLITE_STATIC);
    int step = sqlite3_step(q), rc = XY_OK;
    if (step == SQLITE_CONSTRAINT)
        rc = xy_error_set(err, XY_EEXIST, "报告编号 %1$s 已被占用 (report number %1$s is taken)", r->number);
    else if (step != SQLITE_DONE)
        rc = xy_sqlite_err(s, err, "add report");
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_report_get(struct xy_store *st, const char *number, xy_report_cb cb, void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    sqlite3_stmt *q = xy_sqlite_prepare_once(s,
                              "SELECT r.number, r.day, r.seq, r.subject_id, r.kind, r.edition, r.format, r.purpose, "
                              "r.key_id, r.role, r.dept_uscc, r.requester, r.grant_id, r.issued_at, r.pages, "
                              "r.json_sm3, r.pdf_sha256, r.pdf_size, r.signature, s.name, s.uscc, s.opaque, "
                              "s.id_masked FROM report r JOIN subject s ON s.id = r.subject_id WHERE r.number = ?1",
                              err);
    if (!q)
        return xy_sqlite_failed(err);
    xy_sqlite_bind_text(q, 1, number);
    int step = sqlite3_step(q), rc = XY_OK;
    if (step == SQLITE_ROW) {
        struct xy_report_row r = {
            .number = xy_sqlite_text(q, 0),
            .day = xy_sqlite_text(q, 1),
            .seq = sqlite3_column_int(q, 2),
            .subject_id = sqlite3_column_int64(q, 3),
            .kind = xy_sqlite_text(q, 4),
            .edition = xy_sqlite_text(q, 5),
            .format = xy_sqlite_text(q, 6),
            .purpose = xy_sqlite_text(q, 7),
            .key_id = sqlite3_column_int64(q, 8),
            .role = xy_sqlite_text(q, 9),
            .dept_uscc = xy_sqlite_text(q, 10),
            .requester = xy_sqlite_text(q, 11),
            .grant_id = sqlite3_column_int64(q, 12),
            .issued_at = xy_sqlite_text(q, 13),
            .pages = sqlite3_column_int(q, 14),
            .json_sm3 = sqlite3_column_bytes(q, 15) == 32 ? sqlite3_column_blob(q, 15) : NULL,
            .pdf_sha256 = sqlite3_column_bytes(q, 16) == 32 ? sqlite3_column_blob(q, 16) : NULL,
            .pdf_size = sqlite3_column_int64(q, 17),
            .signature = sqlite3_column_blob(q, 18),
            .signature_len = (size_t)sqlite3_column_bytes(q, 18),
            .subject_name = xy_sqlite_text(q, 19),
            .subject_uscc = xy_sqlite_text(q, 20),
            .subject_opaque = xy_sqlite_text(q, 21),
            .subject_id_masked = xy_sqlite_text(q, 22),
        };
        if (!r.json_sm3)
            rc = xy_error_set(err, XY_ECORRUPT, "report %s: its stored hash is damaged", number);
        else
            cb(ctx, &r);
    } else if (step == SQLITE_DONE) {
        rc = xy_error_set(err, XY_ENOTFOUND, "没有编号为 %.40s 的报告 (no report numbered %.40s)", number, number);
    } else {
        rc = xy_sqlite_err(s, err, "read report");
    }
    sqlite3_finalize(q);
    return rc;
}

int xy_sqlite_report_stats(struct xy_store *st, const char *from, const char *to, xy_stat_cb cb, void *ctx,
                           struct xy_error *err)
{
    struct sqlite_store *s = xy_sqlite_of(st);
    /* One scan of the days' reports, grouped by each dimension in turn. */
    static const char *const dims[][2] = {
        {"total", "NULL"}, {"kind", "kind"}, {"edition", "edition"}, {"format", "format"},
        {"purpose", "coalesce(purpose, '')"}, {"dept", "coalesce(dept_uscc, '')"},
    };
    for (size_t d = 0; d < sizeof dims / sizeof *dims; d++) {
        char sql[256];
        snprintf(sql, sizeof sql, "SELECT %s, count(*) FROM report WHERE day BETWEEN ?1 AND ?2 GROUP BY 1 ORDER BY 2 "
                 "DESC, 1", dims[d][1]);
        sqlite3_stmt *q = xy_sqlite_prepare_once(s, sql, err);
        if (!q)
            return xy_sqlite_failed(err);
        xy_sqlite_bind_text(q, 1, from);
        xy_sqlite_bind_text(q, 2, to);
        int step = SQLITE_DONE, stop = 0;
        while (!stop && (step = sqlite3_step(q)) == SQLITE_ROW)
            stop = cb(ctx, dims[d][0], xy_sqlite_text(q, 0), sqlite3_column_int64(q, 1));
        if (!stop && step != SQLITE_DONE) {
            int rc = xy_sqlite_err(s, err, "report figures");
            sqlite3_finalize(q);
            return rc;
        }
        sqlite3_finalize(q);
        if (stop)
            break;
    }
    return XY_OK;
}
