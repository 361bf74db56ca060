/* SPDX-License-Identifier: Apache-2.0 */
/* PostgreSQL back end: the register of credit reports (store.h, report_*), as store_sqlite_report.c.
 * A day's sequence is a row of report_seq incremented in place: the row stays locked until the
 * issuing transaction ends, so two issuers of the same day take turns and a number is never handed
 * out twice; a rolled-back transaction gives its number back, as in SQLite. */
#include <stdio.h>
#include <string.h>

#include "store/pg/store_pg_int.h"

enum {
    S_NEXT_SEQ = 288,
    S_ADD,
    S_GET,
    S_STAT0, /* one statement per dimension of report_stats, in the order of dims[] */
    S__END = S_STAT0 + 6
};
_Static_assert(S__END <= 304, "store_pg_report.c statements use ids 288..303");

static const char *const stmt_sql[S_STAT0] = {
    [S_NEXT_SEQ] = "INSERT INTO report_seq(day, last) VALUES ($1, 1) "
                   "ON CONFLICT (day) DO UPDATE SET last = report_seq.last + 1 RETURNING last",
    /* A number or a (day, seq) taken already is XY_EEXIST without failing the transaction. */
    [S_ADD] = "INSERT INTO report(number, day, seq, subject_id, kind, edition, format, purpose, key_id, role, "
              "dept_uscc, requester, grant_id, issued_at, pages, json_sm3, pdf_sha256, pdf_size, signature) "
              "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, NULLIF($13::bigint, 0), $14, $15, $16, $17, "
              "$18, $19) ON CONFLICT DO NOTHING",
    [S_GET] = "SELECT r.number, r.day, r.seq, r.subject_id, r.kind, r.edition, r.format, r.purpose, r.key_id, "
              "r.role, r.dept_uscc, r.requester, COALESCE(r.grant_id, 0), r.issued_at, r.pages, r.json_sm3, "
              "r.pdf_sha256, COALESCE(r.pdf_size, 0), r.signature, s.name, s.uscc, s.opaque, s.id_masked "
              "FROM report r JOIN subject s ON s.id = r.subject_id WHERE r.number = $1",
};

/* report_stats: each dimension's metric and its statement (one scan of the days' reports each). */
static const char *const dims[][2] = {
    {"total", "SELECT NULL::text, count(*) FROM report WHERE day BETWEEN $1 AND $2 GROUP BY 1 ORDER BY 2 DESC, 1"},
    {"kind", "SELECT kind, count(*) FROM report WHERE day BETWEEN $1 AND $2 GROUP BY 1 ORDER BY 2 DESC, 1"},
    {"edition", "SELECT edition, count(*) FROM report WHERE day BETWEEN $1 AND $2 GROUP BY 1 ORDER BY 2 DESC, 1"},
    {"format", "SELECT format, count(*) FROM report WHERE day BETWEEN $1 AND $2 GROUP BY 1 ORDER BY 2 DESC, 1"},
    {"purpose", "SELECT COALESCE(purpose, ''), count(*) FROM report WHERE day BETWEEN $1 AND $2 "
                "GROUP BY 1 ORDER BY 2 DESC, 1"},
    {"dept", "SELECT COALESCE(dept_uscc, ''), count(*) FROM report WHERE day BETWEEN $1 AND $2 "
             "GROUP BY 1 ORDER BY 2 DESC, 1"},
};
_Static_assert(sizeof dims / sizeof *dims == S__END - S_STAT0, "a statement id per dimension");

int xy_pg_report_next_seq(struct xy_store *st, const char *day, int *seq, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, day);
    PGresult *res = xy_pg_run(xy_pg_of(st), S_NEXT_SEQ, stmt_sql[S_NEXT_SEQ], &a, err, "next report number");
    if (!res)
        return xy_pg_failed(err);
    *seq = (int)xy_pg_i64(res, 0, 0);
    PQclear(res);
    return XY_OK;
}

int xy_pg_report_add(struct xy_store *st, const struct xy_report_row *r, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, r->number);
    xy_pg_text(&a, r->day);
    xy_pg_int(&a, r->seq);
    xy_pg_int(&a, r->subject_id);
    xy_pg_text(&a, r->kind);
    xy_pg_text(&a, r->edition);
    xy_pg_text(&a, r->format);
    xy_pg_text(&a, r->purpose);
    xy_pg_int(&a, r->key_id);
    xy_pg_text(&a, r->role);
    xy_pg_text(&a, r->dept_uscc);
    xy_pg_text(&a, r->requester);
    xy_pg_int(&a, r->grant_id);
    xy_pg_text(&a, r->issued_at);
    xy_pg_int(&a, r->pages);
    xy_pg_blob(&a, r->json_sm3, 32);
    xy_pg_blob(&a, r->pdf_sha256, r->pdf_sha256 ? 32 : 0);
    if (r->pdf_sha256)
        xy_pg_int(&a, r->pdf_size);
    else
        xy_pg_text(&a, NULL);
    xy_pg_blob(&a, r->signature, r->signature_len);
    PGresult *res = xy_pg_run(xy_pg_of(st), S_ADD, stmt_sql[S_ADD], &a, err, "add report");
    if (!res)
        return xy_pg_failed(err);
    int added = strcmp(PQcmdTuples(res), "1") == 0;
    PQclear(res);
    return added ? XY_OK : xy_error_set(err, XY_EEXIST, "report number %s is taken", r->number);
}

int xy_pg_report_get(struct xy_store *st, const char *number, xy_report_cb cb, void *ctx, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_text(&a, number);
    PGresult *res = xy_pg_run(xy_pg_of(st), S_GET, stmt_sql[S_GET], &a, err, "read report");
    if (!res)
        return xy_pg_failed(err);
    if (!PQntuples(res)) {
        PQclear(res);
        return xy_error_set(err, XY_ENOTFOUND, "没有编号为 %.40s 的报告 (no report numbered %.40s)", number, number);
    }
    size_t sl = 0, pl = 0, gl = 0;
    uint8_t *sm3 = xy_pg_bytes(res, 0, 15, &sl), *pdf = xy_pg_bytes(res, 0, 16, &pl), *sig = xy_pg_bytes(res, 0, 18, &gl);
    struct xy_report_row r = {
        .number = xy_pg_str(res, 0, 0),
        .day = xy_pg_str(res, 0, 1),
        .seq = (int)xy_pg_i64(res, 0, 2),
        .subject_id = xy_pg_i64(res, 0, 3),
        .kind = xy_pg_str(res, 0, 4),
        .edition = xy_pg_str(res, 0, 5),
        .format = xy_pg_str(res, 0, 6),
        .purpose = xy_pg_str(res, 0, 7),
        .key_id = xy_pg_i64(res, 0, 8),
        .role = xy_pg_str(res, 0, 9),
        .dept_uscc = xy_pg_str(res, 0, 10),
        .requester = xy_pg_str(res, 0, 11),
        .grant_id = xy_pg_i64(res, 0, 12),
        .issued_at = xy_pg_str(res, 0, 13),
        .pages = (int)xy_pg_i64(res, 0, 14),
        .json_sm3 = sl == 32 ? sm3 : NULL,
        .pdf_sha256 = pl == 32 ? pdf : NULL,
        .pdf_size = xy_pg_i64(res, 0, 17),
        .signature = sig,
        .signature_len = sig ? gl : 0,
        .subject_name = xy_pg_str(res, 0, 19),
        .subject_uscc = xy_pg_str(res, 0, 20),
        .subject_opaque = xy_pg_str(res, 0, 21),
        .subject_id_masked = xy_pg_str(res, 0, 22),
    };
    int rc = XY_OK;
    if (!r.json_sm3)
        rc = xy_error_set(err, XY_ECORRUPT, "report %s: its stored hash is damaged", number);
    else
        cb(ctx, &r);
    PQfreemem(sm3);
    PQfreemem(pdf);
    PQfreemem(sig);
    PQclear(res);
    return rc;
}

int xy_pg_report_stats(struct xy_store *st, const char *from, const char *to, xy_stat_cb cb, void *ctx,
                       struct xy_error *err)
{
    for (size_t d = 0; d < sizeof dims / sizeof *dims; d++) {
        struct pg_args a = {0};
        xy_pg_text(&a, from);
        xy_pg_text(&a, to);
        PGresult *res = xy_pg_run(xy_pg_of(st), S_STAT0 + (int)d, dims[d][1], &a, err, "report figures");
        if (!res)
            return xy_pg_failed(err);
        int stop = 0;
        for (int i = 0; i < PQntuples(res) && !stop; i++)
            stop = cb(ctx, dims[d][0], xy_pg_str(res, i, 0), xy_pg_i64(res, i, 1));
        PQclear(res);
        if (stop)
            break;
    }
    return XY_OK;
}
