/* SPDX-License-Identifier: Apache-2.0 */
/* SQLite back end: credit subjects, found or created by their code as records arrive (a new name
 * becomes a rename or a past name), read by code, blind index or opaque reference, and their name
 * history. */
#include <stdio.h>
#include <string.h>

#include "common/xy_alloc.h"
#include "core/text.h"
#include "store/sqlite/store_sqlite_int.h"

enum {
    S_SUBJ_BY_USCC = 32,
    S_SUBJ_BY_REGNO,
    S_SUBJ_BY_HASH,
    S_SUBJ_BY_OPAQUE,
    S_SUBJ_BY_ID,
    S_SUBJ_INSERT,
    S_SUBJ_RENAME,
    S_NAME_SEEN,
    S_SUBJ_NAMES,
    S__END
};

_Static_assert(S__END <= 48, "subject statements use stmt[32..47]");

static const char *const stmt_sql[S__END] = {
    [S_SUBJ_BY_USCC] = "SELECT id, name, name_as_of FROM subject WHERE uscc = ?",
    [S_SUBJ_BY_REGNO] = "SELECT id, name, name_as_of FROM subject WHERE regno = ?",
    [S_SUBJ_BY_HASH] = "SELECT id, name, name_as_of FROM subject WHERE id_hash = ?",
    [S_SUBJ_BY_OPAQUE] = "SELECT " SUBJ_COLS " FROM subject WHERE opaque = ?",
    [S_SUBJ_BY_ID] = "SELECT " SUBJ_COLS " FROM subject WHERE id = ?",
    [S_SUBJ_INSERT] = "INSERT INTO subject(kind, uscc, regno, id_hash, id_sealed, id_masked, opaque, name, "
                      "name_as_of, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [S_SUBJ_RENAME] = "UPDATE subject SET name = ?, name_as_of = ?, updated_at = ? WHERE id = ?",
    [S_NAME_SEEN] = "INSERT INTO subject_name(subject_id, name, first_seen, last_seen) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (subject_id, name) DO UPDATE SET "
                    "first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)",
    [S_SUBJ_NAMES] = "SELECT name, first_seen, last_seen FROM subject_name WHERE subject_id = ? ORDER BY first_seen, name",
};

static sqlite3_stmt *stmt(struct sqlite_store *s, int id, struct xy_error *err)
{
    return xy_sqlite_stmt(s, &s->stmt[id], stmt_sql[id], err);
}

static int name_seen(struct sqlite_store *s, int64_t id, const char *name, const char *as_of, struct xy_error *err)
{
    sqlite3_stmt *q = stmt(s, S_NAME_SEEN, err);
    if (!q)
        return err ? err->rc : XY_EDB;
    sqlite3_bind_int64(q, 1, id);
    xy_sqlite_bind_text(q, 2, name);
    xy_sqlite_bind_text(q, 3, as_of);
    xy_sqlite_bind_text(q, 4, as_of);
    int rc = xy_sqlite_run(s, q, err, "name history");
    return rc ? rc : xy_sqlite_answer_mark(s, id, err);
}

int xy_sqlite_subject_resolve(struct xy_store *st, const struct xy_subject_key *key, const char *name,
                              const char *as_of, const char *now, int64_t *id, int *name_differs,
                              struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q;
    int rc;
    *name_differs = 0;
    if (key->uscc) {
        q = stmt(s, S_SUBJ_BY_USCC, err);
        if (q)
            xy_sqlite_bind_text(q, 1, key->uscc);
    } else if (key->regno) {
        q = stmt(s, S_SUBJ_BY_REGNO, err);
        if (q)
            xy_sqlite_bind_text(q, 1, key->regno);
    } else {
        q = stmt(s, S_SUBJ_BY_HASH, err);
        if (q)
            sqlite3_bind_blob(q, 1, key->id_hash, 32, SQLITE_STATIC);
    }
    if (!q)
        return err ? err->rc : XY_EDB;
    int r = sqlite3_step(q);
    if (r == SQLITE_ROW) {
        *id = sqlite3_column_int64(q, 0);
        const char *known = xy_sqlite_text(q, 1);
        const char *known_as_of = xy_sqlite_text(q, 2);
        /* Names are compared by their matching key (core/text.h, NFKC): 武汉（金山） and 武汉(金山), or
         * a name in full-width letters, are the same name, and the one first stored is kept. */
        int same = xy_name_same(known, name);
        if (same != 0) {
            sqlite3_reset(q);
            return same > 0 ? XY_OK : xy_error_set(err, XY_ENOMEM, "out of memory");
        }
        *name_differs = 1;
        /* A newer record under another name is taken as a rename; an older one as a past name. */
        int newer = !known_as_of || !as_of || strcmp(as_of, known_as_of) >= 0;
        char *old = xy_strdup(known);
        char *old_as_of = known_as_of ? xy_strdup(known_as_of) : NULL;
        sqlite3_reset(q);
        if (!old || (known_as_of && !old_as_of)) {
            xy_free(old);
            xy_free(old_as_of);
            return xy_error_set(err, XY_ENOMEM, "out of memory");
        }
        if (newer) {
            rc = xy_sqlite_grams_flush(s, err); /* the old name's entries may still be queued */
            if (!rc)
                rc = name_seen(s, *id, old, old_as_of, err);
            if (!rc)
                rc = xy_sqlite_grams_del(s, *id, old, err);
            if (!rc)
                rc = xy_sqlite_grams_add(s, *id, name, err);
            if (!rc && (q = stmt(s, S_SUBJ_RENAME, err))) {
                xy_sqlite_bind_text(q, 1, name);
                xy_sqlite_bind_text(q, 2, as_of);
                xy_sqlite_bind_text(q, 3, now);
                sqlite3_bind_int64(q, 4, *id);
                rc = xy_sqlite_run(s, q, err, "rename subject");
            } else if (!rc) {
                rc = err ? err->rc : XY_EDB;
            }
        } else {
            rc = name_seen(s, *id, name, as_of, err);
        }
        xy_free(old);
        xy_free(old_as_of);
        return rc;
    }
    if (r != SQLITE_DONE)
        return xy_sqlite_err(s, err, "find subject");
    sqlite3_reset(q);
    uint8_t rnd[8];
    char opaque[20];
    sqlite3_randomness(sizeof rnd, rnd);
    snprintf(opaque, sizeof opaque, "p%02x%02x%02x%02x%02x%02x%02x%02x", rnd[0], rnd[1], rnd[2], rnd[3], rnd[4],
             rnd[5], rnd[6], rnd[7]);
    if (!(q = stmt(s, S_SUBJ_INSERT, err)))
        return err ? err->rc : XY_EDB;
    xy_sqlite_bind_text(q, 1, key->kind);
    xy_sqlite_bind_text(q, 2, key->uscc);
    xy_sqlite_bind_text(q, 3, key->regno);
    if (key->id_hash)
        sqlite3_bind_blob(q, 4, key->id_hash, 32, SQLITE_STATIC);
    if (key->id_sealed)
        sqlite3_bind_blob(q, 5, key->id_sealed, (int)key->id_sealed_len, SQLITE_STATIC);
    xy_sqlite_bind_text(q, 6, key->id_masked);
    xy_sqlite_bind_text(q, 7, opaque);
    xy_sqlite_bind_text(q, 8, name);
    xy_sqlite_bind_text(q, 9, as_of);
    xy_sqlite_bind_text(q, 10, now);
    xy_sqlite_bind_text(q, 11, now);
    if ((rc = xy_sqlite_run(s, q, err, "add subject")))
        return rc;
    *id = sqlite3_last_insert_rowid(s->db);
    if ((rc = xy_sqlite_answer_mark(s, *id, err)))
        return rc;
    return xy_sqlite_grams_add(s, *id, name, err);
}

void xy_sqlite_read_subject(sqlite3_stmt *q, struct xy_subject_row *o)
{
    memset(o, 0, sizeof *o);
    o->id = sqlite3_column_int64(q, 0);
    o->kind = xy_sqlite_text(q, 1);
    o->name = xy_sqlite_text(q, 2);
    o->uscc = xy_sqlite_text(q, 3);
    o->regno = xy_sqlite_text(q, 4);
    o->opaque = xy_sqlite_text(q, 5);
    o->id_masked = xy_sqlite_text(q, 6);
    o->id_sealed = sqlite3_column_blob(q, 7);
    o->id_sealed_len = (size_t)sqlite3_column_bytes(q, 7);
    o->created_at = xy_sqlite_text(q, 8);
    o->updated_at = xy_sqlite_text(q, 9);
}

sqlite3_stmt *xy_sqlite_subject_by_id(struct sqlite_store *s, struct xy_error *err)
{
    return stmt(s, S_SUBJ_BY_ID, err);
}

int xy_sqlite_subject_get(struct xy_store *st, const char *uscc, const uint8_t *id_hash, const char *opaque,
                          xy_subject_cb cb, void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q;
    int64_t id = 0;
    if (opaque) {
        if (!(q = stmt(s, S_SUBJ_BY_OPAQUE, err)))
            return err ? err->rc : XY_EDB;
        xy_sqlite_bind_text(q, 1, opaque);
    } else {
        q = stmt(s, uscc ? S_SUBJ_BY_USCC : S_SUBJ_BY_HASH, err);
        if (!q)
            return err ? err->rc : XY_EDB;
        if (uscc)
            xy_sqlite_bind_text(q, 1, uscc);
        else
            sqlite3_bind_blob(q, 1, id_hash, 32, SQLITE_STATIC);
        int r = sqlite3_step(q);
        if (r == SQLITE_ROW)
            id = sqlite3_column_int64(q, 0);
        sqlite3_reset(q);
        if (r != SQLITE_ROW && r != SQLITE_DONE)
            return xy_sqlite_err(s, err, "find subject");
        if (!id)
            return xy_error_set(err, XY_ENOTFOUND, "没有此信用主体 (no such subject)");
        if (!(q = stmt(s, S_SUBJ_BY_ID, err)))
            return err ? err->rc : XY_EDB;
        sqlite3_bind_int64(q, 1, id);
    }
    int r = sqlite3_step(q);
    if (r == SQLITE_ROW) {
        struct xy_subject_row row;
        xy_sqlite_read_subject(q, &row);
        cb(ctx, &row);
    }
    sqlite3_reset(q);
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        return xy_sqlite_err(s, err, "read subjects");
    if (r == SQLITE_DONE)
        return xy_error_set(err, XY_ENOTFOUND, "没有此信用主体 (no such subject)");
    return XY_OK;
}

int xy_sqlite_subject_names(struct xy_store *st, int64_t subject_id, xy_subject_cb cb, void *ctx,
                            struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    sqlite3_stmt *q = stmt(s, S_SUBJ_NAMES, err);
    if (!q)
        return err ? err->rc : XY_EDB;
    sqlite3_bind_int64(q, 1, subject_id);
    int r;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        struct xy_subject_row row;
        memset(&row, 0, sizeof row);
        row.id = subject_id;
        row.name = xy_sqlite_text(q, 0);
        row.created_at = xy_sqlite_text(q, 1);
        row.updated_at = xy_sqlite_text(q, 2);
        if (cb(ctx, &row))
            break;
    }
    sqlite3_reset(q);
    return r == SQLITE_ROW || r == SQLITE_DONE ? XY_OK : xy_sqlite_err(s, err, "read names");
}
