/* SPDX-License-Identifier: Apache-2.0 */
/* Browsing a public class newest first (records_browse): the double publicity pages (双公示) across
 * all subjects. A page walks the partial index record_browse (class, decision_date, id) backwards, or
 * record_dept_browse when one department is asked for, from the cursor on: no sort and no count, so
 * a page costs about its own rows whatever the table holds (migration 18). */
#include <string.h>

#include "common/xy_buf.h"
#include "core/publicity.h"
#include "store/sqlite/store_sqlite_int.h"

int xy_sqlite_records_browse(struct xy_store *st, const char *cls, const struct xy_public_filter *pub,
                             const struct xy_browse_filter *f, int limit, xy_record_cb cb, void *ctx,
                             struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    /* Put together from fixed pieces, one per filter given; every value is bound. Prepared per call:
     * people page through these, not machines at high rates. */
    struct xy_buf sql;
    const char *binds[10];
    int nb = 0, rc;
    sqlite3_stmt *q = NULL;
    xy_buf_init(&sql, 4096);
    xy_buf_addz(&sql, "SELECT " REC_COLS ", s.opaque FROM record r JOIN dept d ON d.id = r.dept_id "
                      "JOIN subject s ON s.id = r.subject_id "
                      "WHERE r.class = ? AND r.is_current = 1 AND r.decision_date IS NOT NULL AND r.status = ? "
                      "AND (r.public_until IS NULL OR r.public_until >= ?)");
    binds[nb++] = cls;
    binds[nb++] = pub->status;
    binds[nb++] = pub->day;
    if (f->dept_uscc) {
        /* By id, so that the department's own index serves the page. */
        xy_buf_addz(&sql, " AND r.dept_id = (SELECT id FROM dept WHERE uscc = ?)");
        binds[nb++] = f->dept_uscc;
    }
    if (f->region) {
        xy_buf_addz(&sql, " AND substr(s.uscc, 3, 6) = ?");
        binds[nb++] = f->region;
    }
    if (f->from) {
        xy_buf_addz(&sql, " AND r.decision_date >= ?");
        binds[nb++] = f->from;
    }
    if (f->to) {
        xy_buf_addz(&sql, " AND r.decision_date <= ?");
        binds[nb++] = f->to;
    }
    if (f->before_date) {
        /* A row value: SQLite walks the index from the cursor, as PostgreSQL does. */
        xy_buf_addz(&sql, " AND (r.decision_date, r.id) < (?, ?)");
        binds[nb++] = f->before_date;
    }
    rc = xy_buf_addz(&sql, " ORDER BY r.decision_date DESC, r.id DESC LIMIT ?");
    if (rc) {
        xy_buf_release(&sql);
        return xy_error_set(err, rc, "out of memory");
    }
    if (sqlite3_prepare_v2(s->db, sql.data, (int)sql.len, &q, NULL) != SQLITE_OK) {
        xy_buf_release(&sql);
        return xy_sqlite_err(s, err, "prepare");
    }
    xy_buf_release(&sql);
    int i = 1;
    for (int b = 0; b < nb; b++)
        xy_sqlite_bind_text(q, i++, binds[b]);
    if (f->before_date)
        sqlite3_bind_int64(q, i++, f->before_id);
    sqlite3_bind_int(q, i, limit > 0 ? limit : -1);
    rc = xy_sqlite_each_record(s, q, cb, ctx, err);
    sqlite3_finalize(q);
    return rc;
}
