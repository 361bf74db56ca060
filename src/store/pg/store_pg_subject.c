/* SPDX-License-Identifier: Apache-2.0 */
/* PostgreSQL back end: credit subjects (found or created by their code as records arrive, a new name
 * a rename or a past name, as store_sqlite_subject.c) and the name search over the same bigram index
 * (name_gram, gram_count): pg_trgm indexes trigrams and cannot serve a two-character Chinese query. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "common/xy_alloc.h"
#include "common/xy_buf.h"
#include "common/xy_utf8.h"
#include "core/text.h"
#include "store/pg/store_pg_int.h"

enum {
    S_BY_USCC = 64,
    S_BY_REGNO,
    S_BY_HASH,
    S_INSERT,
    S_RENAME,
    S_NAME_SEEN,
    S_NAMES,
    S_GET_OPAQUE,
    S_GET_USCC,
    S_GET_HASH,
    S_REF,
    S_MAX,
    S_GRAM_DEL,
    S_GRAM_COUNT_ADD,
    S_BY_ORGCODE,
    S_BY_USCC_PREFIX,
    S__END
};
_Static_assert(S__END <= 96, "store_pg_subject.c statements use ids 64..95");

static const char *const stmt_sql[S__END] = {
    [S_BY_USCC] = "SELECT id, name, name_as_of FROM subject WHERE uscc = $1",
    [S_BY_REGNO] = "SELECT id, name, name_as_of FROM subject WHERE regno = $1",
    [S_BY_HASH] = "SELECT id, name, name_as_of FROM subject WHERE id_hash = $1",
    /* Two writers creating the same subject at once: the second's insert does nothing and it reads
     * the first's row (subject_resolve looks again), instead of failing its transaction. */
    [S_INSERT] = "INSERT INTO subject(kind, uscc, regno, id_hash, id_sealed, id_masked, opaque, name, name_as_of, "
                 "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) "
                 "ON CONFLICT DO NOTHING RETURNING id",
    [S_RENAME] = "UPDATE subject SET name = $1, name_as_of = $2, updated_at = $3 WHERE id = $4",
    [S_NAME_SEEN] = "INSERT INTO subject_name(subject_id, name, first_seen, last_seen) VALUES ($1, $2, $3, $3) "
                    "ON CONFLICT (subject_id, name) DO UPDATE SET "
                    "first_seen = CASE WHEN subject_name.first_seen IS NULL OR excluded.first_seen IS NULL "
                    "THEN COALESCE(subject_name.first_seen, excluded.first_seen) "
                    "ELSE LEAST(subject_name.first_seen, excluded.first_seen) END, "
                    "last_seen = GREATEST(subject_name.last_seen, excluded.last_seen)",
    [S_NAMES] = "SELECT name, first_seen, last_seen FROM subject_name WHERE subject_id = $1 "
                "ORDER BY first_seen NULLS FIRST, name COLLATE \"C\"",
    [S_GET_OPAQUE] = "SELECT " XY_PG_SUBJ_COLS " FROM subject WHERE opaque = $1",
    [S_GET_USCC] = "SELECT " XY_PG_SUBJ_COLS " FROM subject WHERE uscc = $1",
    [S_GET_HASH] = "SELECT " XY_PG_SUBJ_COLS " FROM subject WHERE id_hash = $1",
    [S_REF] = "SELECT opaque FROM subject WHERE id = $1",
    [S_MAX] = "SELECT COALESCE(max(id), 0) FROM subject",
    [S_GRAM_DEL] = "DELETE FROM name_gram WHERE gram = $1 AND pos = $2 AND len = $3 AND subject_id = $4",
    [S_GRAM_COUNT_ADD] = "INSERT INTO gram_count(gram, n) VALUES ($1, $2) "
                         "ON CONFLICT (gram) DO UPDATE SET n = gram_count.n + excluded.n",
    [S_BY_ORGCODE] = "SELECT " XY_PG_SUBJ_COLS " FROM subject WHERE substr(uscc, 9, 9) = $1 ORDER BY id LIMIT $2",
    [S_BY_USCC_PREFIX] = "SELECT " XY_PG_SUBJ_COLS " FROM subject WHERE uscc >= $1 AND uscc < $2 "
                         "ORDER BY uscc COLLATE \"C\" LIMIT $3",
};

static PGresult *run(struct pg_store *s, int id, const struct pg_args *a, struct xy_error *err, const char *what)
{
    return xy_pg_run(s, id, stmt_sql[id], a, err, what);
}

int xy_pg_subject_row(const PGresult *res, int i, double rank, xy_subject_cb cb, void *ctx)
{
    struct xy_subject_row o;
    memset(&o, 0, sizeof o);
    o.id = xy_pg_i64(res, i, 0);
    o.kind = xy_pg_str(res, i, 1);
    o.name = xy_pg_str(res, i, 2);
    o.uscc = xy_pg_str(res, i, 3);
    o.regno = xy_pg_str(res, i, 4);
    o.opaque = xy_pg_str(res, i, 5);
    o.id_masked = xy_pg_str(res, i, 6);
    uint8_t *sealed = xy_pg_bytes(res, i, 7, &o.id_sealed_len);
    o.id_sealed = sealed;
    o.created_at = xy_pg_str(res, i, 8);
    o.updated_at = xy_pg_str(res, i, 9);
    o.rank = rank;
    int stop = cb(ctx, &o);
    PQfreemem(sealed);
    return stop;
}

/* The folded code points of a name (core/text.h), the same for names indexed and for queries. */
static int fold(const char *name, uint32_t *cps, size_t *n, struct xy_error *err)
{
    if (xy_name_key(name, strlen(name), cps, XY_NAME_KEY_MAX, n))
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    return XY_OK;
}

/* A name's bigrams, each NUL-terminated in g[i] (at most XY_NAME_KEY_MAX - 1). OUT: *nb, *len. */
static int bigrams(const char *name, char (*g)[9], size_t *nb, size_t *len, struct xy_error *err)
{
    uint32_t cps[XY_NAME_KEY_MAX];
    size_t n;
    int rc = fold(name, cps, &n, err);
    if (rc)
        return rc;
    *len = n;
    *nb = n > 1 ? n - 1 : 0;
    for (size_t i = 0; i < *nb; i++) {
        size_t gl = xy_utf8_put(cps[i], g[i]);
        gl += xy_utf8_put(cps[i + 1], g[i] + gl);
        g[i][gl] = '\0';
    }
    return XY_OK;
}

/* Adds the index entries of a name and the counts of its bigrams in one statement, not one round
 * trip a bigram. */
static int grams_add(struct pg_store *s, int64_t subject, const char *name, struct xy_error *err)
{
    char g[XY_NAME_KEY_MAX][9];
    size_t nb, len;
    int rc = bigrams(name, g, &nb, &len, err);
    if (rc || !nb)
        return rc;
    const char *vals[XY_NAME_KEY_MAX + 2];
    char lens[24], subj[24];
    snprintf(lens, sizeof lens, "%zu", len);
    snprintf(subj, sizeof subj, "%lld", (long long)subject);
    vals[0] = lens;
    vals[1] = subj;
    /* The postings and their counts in one statement (a data-modifying WITH): one round trip per
     * new name, not two; the import is bound by round trips (bench/RESULTS.md, "PostgreSQL back end"). */
    struct xy_buf sql;
    xy_buf_init(&sql, 64 << 10);
    xy_buf_addz(&sql, "WITH posting AS (INSERT INTO name_gram(gram, pos, len, subject_id) VALUES ");
    for (size_t i = 0; i < nb; i++) {
        vals[i + 2] = g[i];
        xy_buf_printf(&sql, "%s($%zu, %zu, $1::bigint, $2::bigint)", i ? ", " : "", i + 3, i);
    }
    xy_buf_addz(&sql, " ON CONFLICT DO NOTHING) INSERT INTO gram_count(gram, n) SELECT g, count(*) FROM (VALUES ");
    for (size_t i = 0; i < nb; i++)
        xy_buf_printf(&sql, "%s($%zu::text)", i ? ", " : "", i + 3);
    rc = xy_buf_addz(&sql, ") v(g) GROUP BY g ON CONFLICT (gram) DO UPDATE SET n = gram_count.n + excluded.n");
    if (!rc) {
        PGresult *res = PQexecParams(s->c, xy_buf_str(&sql), (int)nb + 2, NULL, vals, NULL, NULL, 0);
        if (PQresultStatus(res) != PGRES_COMMAND_OK)
            rc = xy_error_set(err, XY_EDB, "database: name index: %s", PQresultErrorMessage(res));
        PQclear(res);
    }
    xy_buf_release(&sql);
    return rc == XY_ENOMEM ? xy_error_set(err, rc, "out of memory") : rc;
}

static int grams_del(struct pg_store *s, int64_t subject, const char *name, struct xy_error *err)
{
    char g[XY_NAME_KEY_MAX][9];
    size_t nb, len;
    int rc = bigrams(name, g, &nb, &len, err);
    for (size_t i = 0; !rc && i < nb; i++) {
        struct pg_args a = {0};
        xy_pg_text(&a, g[i]);
        xy_pg_int(&a, (int64_t)i);
        xy_pg_int(&a, (int64_t)len);
        xy_pg_int(&a, subject);
        PGresult *res = run(s, S_GRAM_DEL, &a, err, "name index");
        if (!res)
            return xy_pg_failed(err);
        int gone = strcmp(PQcmdTuples(res), "0") != 0;
        PQclear(res);
        if (gone) {
            struct pg_args c = {0};
            xy_pg_text(&c, g[i]);
            xy_pg_int(&c, -1);
            rc = xy_pg_exec(s, S_GRAM_COUNT_ADD, stmt_sql[S_GRAM_COUNT_ADD], &c, err, "name index counts");
        }
    }
    return rc;
}

static int name_seen(struct pg_store *s, int64_t id, const char *name, const char *as_of, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, id);
    xy_pg_text(&a, name);
    xy_pg_text(&a, as_of);
    return xy_pg_exec(s, S_NAME_SEEN, stmt_sql[S_NAME_SEEN], &a, err, "name history");
}

static PGresult *find(struct pg_store *s, const struct xy_subject_key *key, struct xy_error *err)
{
    struct pg_args a = {0};
    if (key->uscc)
        xy_pg_text(&a, key->uscc);
    else if (key->regno)
        xy_pg_text(&a, key->regno);
    else
        xy_pg_blob(&a, key->id_hash, 32);
    return run(s, key->uscc ? S_BY_USCC : key->regno ? S_BY_REGNO : S_BY_HASH, &a, err, "find subject");
}

static int known(struct pg_store *s, PGresult *res, const char *name, const char *as_of, const char *now, int64_t *id,
                 int *name_differs, struct xy_error *err)
{
    *id = xy_pg_i64(res, 0, 0);
    const char *old = xy_pg_str(res, 0, 1), *old_as_of = xy_pg_str(res, 0, 2);
    /* Names are compared by their matching key (NFKC): the one first stored is kept. */
    int same = xy_name_same(old, name);
    if (same != 0)
        return same > 0 ? XY_OK : xy_error_set(err, XY_ENOMEM, "out of memory");
    *name_differs = 1;
    /* A newer record under another name is taken as a rename; an older one as a past name. */
    int newer = !old_as_of || !as_of || strcmp(as_of, old_as_of) >= 0;
    if (!newer)
        return name_seen(s, *id, name, as_of, err);
    int rc = name_seen(s, *id, old, old_as_of, err);
    if (!rc)
        rc = grams_del(s, *id, old, err);
    if (!rc)
        rc = grams_add(s, *id, name, err);
    if (!rc) {
        struct pg_args a = {0};
        xy_pg_text(&a, name);
        xy_pg_text(&a, as_of);
        xy_pg_text(&a, now);
        xy_pg_int(&a, *id);
        rc = xy_pg_exec(s, S_RENAME, stmt_sql[S_RENAME], &a, err, "rename subject");
    }
    return rc;
}

int xy_pg_subject_resolve(struct xy_store *st, const struct xy_subject_key *key, const char *name, const char *as_of,
                          const char *now, int64_t *id, int *name_differs, struct xy_error *err)
{
    struct pg_store *s = xy_pg_of(st);
    *name_differs = 0;
    for (int attempt = 0; attempt < 2; attempt++) {
        PGresult *res = find(s, key, err);
        if (!res)
            return xy_pg_failed(err);
        if (PQntuples(res)) {
            int rc = known(s, res, name, as_of, now, id, name_differs, err);
            PQclear(res);
            return rc;
        }
        PQclear(res);
        uint8_t rnd[8];
        char opaque[20];
        if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd)
            return xy_error_set(err, XY_EIO, "no random bytes for a subject's public id");
        snprintf(opaque, sizeof opaque, "p%02x%02x%02x%02x%02x%02x%02x%02x", rnd[0], rnd[1], rnd[2], rnd[3], rnd[4],
                 rnd[5], rnd[6], rnd[7]);
        struct pg_args a = {0};
        xy_pg_text(&a, key->kind);
        xy_pg_text(&a, key->uscc);
        xy_pg_text(&a, key->regno);
        xy_pg_blob(&a, key->id_hash, key->id_hash ? 32 : 0);
        xy_pg_blob(&a, key->id_sealed, key->id_sealed_len);
        xy_pg_text(&a, key->id_masked);
        xy_pg_text(&a, opaque);
        xy_pg_text(&a, name);
        xy_pg_text(&a, as_of);
        xy_pg_text(&a, now);
        if (!(res = run(s, S_INSERT, &a, err, "add subject")))
            return xy_pg_failed(err);
        int added = PQntuples(res) == 1;
        if (added)
            *id = xy_pg_i64(res, 0, 0);
        PQclear(res);
        if (added)
            return grams_add(s, *id, name, err);
        /* Another writer created it since we looked: read it again. */
    }
    return xy_error_set(err, XY_EBUSY, "database: add subject: created and gone again meanwhile");
}

static int get_one(struct pg_store *s, int id, const struct pg_args *a, xy_subject_cb cb, void *ctx,
                   struct xy_error *err)
{
    PGresult *res = run(s, id, a, err, "read subjects");
    if (!res)
        return xy_pg_failed(err);
    int n = PQntuples(res);
    if (n)
        xy_pg_subject_row(res, 0, 0, cb, ctx);
    PQclear(res);
    return n ? XY_OK : xy_error_set(err, XY_ENOTFOUND, "没有此信用主体 (no such subject)");
}

int xy_pg_subject_get(struct xy_store *st, const char *uscc, const uint8_t *id_hash, const char *opaque,
                      xy_subject_cb cb, void *ctx, struct xy_error *err)
{
    struct pg_args a = {0};
    if (opaque)
        xy_pg_text(&a, opaque);
    else if (uscc)
        xy_pg_text(&a, uscc);
    else
        xy_pg_blob(&a, id_hash, 32);
    return get_one(xy_pg_of(st), opaque ? S_GET_OPAQUE : uscc ? S_GET_USCC : S_GET_HASH, &a, cb, ctx, err);
}

int xy_pg_subject_names(struct xy_store *st, int64_t subject_id, xy_subject_cb cb, void *ctx, struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, subject_id);
    PGresult *res = run(xy_pg_of(st), S_NAMES, &a, err, "read names");
    if (!res)
        return xy_pg_failed(err);
    for (int i = 0; i < PQntuples(res); i++) {
        struct xy_subject_row row;
        memset(&row, 0, sizeof row);
        row.id = subject_id;
        row.name = xy_pg_str(res, i, 0);
        row.created_at = xy_pg_str(res, i, 1);
        row.updated_at = xy_pg_str(res, i, 2);
        if (cb(ctx, &row))
            break;
    }
    PQclear(res);
    return XY_OK;
}

int xy_pg_subject_ref(struct xy_store *st, int64_t subject_id, char opaque[24], struct xy_error *err)
{
    struct pg_args a = {0};
    xy_pg_int(&a, subject_id);
    PGresult *res = run(xy_pg_of(st), S_REF, &a, err, "read subject");
    if (!res)
        return xy_pg_failed(err);
    int n = PQntuples(res);
    if (n)
        snprintf(opaque, 24, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    return n ? XY_OK
             : xy_error_set(err, XY_ENOTFOUND, "没有编号为 %lld 的信用主体 (no subject %lld)", (long long)subject_id,
                            (long long)subject_id);
}

int xy_pg_subject_max(struct xy_store *st, int64_t *max, struct xy_error *err)
{
    PGresult *res = run(xy_pg_of(st), S_MAX, NULL, err, "read the highest subject id");
    if (!res)
        return xy_pg_failed(err);
    *max = xy_pg_i64(res, 0, 0);
    PQclear(res);
    return XY_OK;
}

/* Paging over the subjects a search finds, in rank order (as store_sqlite_search.c). */
struct hits {
    xy_subject_cb cb;
    void *ctx;
    int skip, count, limit, no_persons, stop;
};

static int offer(struct hits *h, const PGresult *res, int i, double rank)
{
    if (h->no_persons && strcmp(PQgetvalue(res, i, 1), "person") == 0)
        return 0;
    if (h->skip > 0) {
        h->skip--;
        return 0;
    }
    h->count++;
    if (xy_pg_subject_row(res, i, rank, h->cb, h->ctx))
        h->stop = 1;
    return h->stop || h->count >= h->limit;
}

static int offer_all(struct pg_store *s, int id, const struct pg_args *a, struct hits *h, struct xy_error *err)
{
    PGresult *res = run(s, id, a, err, "search");
    if (!res)
        return xy_pg_failed(err);
    for (int i = 0; i < PQntuples(res); i++)
        if (offer(h, res, i, 0))
            break;
    PQclear(res);
    return XY_OK;
}

static int looks_like_code(const char *q, size_t n)
{
    if (n < 2)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((q[i] >= '0' && q[i] <= '9') || (q[i] >= 'A' && q[i] <= 'Z')))
            return 0;
    return 1;
}

int xy_pg_search(struct xy_store *st, const char *text, int offset, int limit, int no_persons, xy_subject_cb cb,
                 void *ctx, struct xy_error *err)
{
    struct pg_store *s = xy_pg_of(st);
    struct hits h = {.cb = cb, .ctx = ctx, .skip = offset, .limit = limit, .no_persons = no_persons};
    size_t tn = strlen(text);
    int rc;
    if (limit <= 0)
        return XY_OK;
    /* Codes: a full or leading part of a USCC, or an embedded organisation code. */
    if (looks_like_code(text, tn)) {
        if (tn == 9) {
            struct pg_args a = {0};
            xy_pg_text(&a, text);
            xy_pg_int(&a, offset + limit);
            if ((rc = offer_all(s, S_BY_ORGCODE, &a, &h, err)))
                return rc;
        }
        if (h.count < limit && !h.stop) {
            char hi[64];
            snprintf(hi, sizeof hi, "%s\x7f", text);
            struct pg_args a = {0};
            xy_pg_text(&a, text);
            xy_pg_text(&a, hi);
            xy_pg_int(&a, offset + limit);
            if ((rc = offer_all(s, S_BY_USCC_PREFIX, &a, &h, err)))
                return rc;
        }
        if (h.count || h.skip < offset)
            return XY_OK;
    }
    char g[XY_NAME_KEY_MAX][9];
    size_t nb, n;
    if ((rc = bigrams(text, g, &nb, &n, err)))
        return rc;
    if (n < 2)
        return xy_error_set(err, XY_EINVAL, "检索须输入至少两个字符 (search needs at least two characters)");
    /* As SQLite's walk (store_sqlite_search.c): the rarest bigram of the query (by gram_count) drives,
     * read in the order of name_gram's primary key (gram, pos, len, subject_id), which is the rank
     * order (place, name length, id); each other bigram is probed at its offset in the same name; the
     * first place a subject matches ranks it. The walk goes in chunks from the last key read and
     * stops when the page is full or after SEARCH_MAX_SCAN postings, so a common bigram costs a page,
     * not the whole of its postings sorted. Only the number of bigrams shapes the text. */
    size_t best = 0;
    if (nb > 1) {
        struct xy_buf cq;
        xy_buf_init(&cq, 64 << 10);
        const char *gv[XY_NAME_KEY_MAX];
        xy_buf_addz(&cq, "SELECT q.k, COALESCE(c.n, 0) FROM (VALUES ");
        for (size_t i = 0; i < nb; i++) {
            gv[i] = g[i];
            xy_buf_printf(&cq, "%s($%zu::text, %zu)", i ? ", " : "", i + 1, i);
        }
        rc = xy_buf_addz(&cq, ") q(gram, k) LEFT JOIN gram_count c ON c.gram = q.gram ORDER BY q.k");
        PGresult *res = rc ? NULL : PQexecParams(s->c, xy_buf_str(&cq), (int)nb, NULL, gv, NULL, NULL, 0);
        xy_buf_release(&cq);
        if (!res)
            return xy_error_set(err, XY_ENOMEM, "out of memory");
        if (PQresultStatus(res) != PGRES_TUPLES_OK) {
            rc = xy_error_set(err, XY_EDB, "database: search: %s", PQresultErrorMessage(res));
            PQclear(res);
            return rc;
        }
        int64_t best_count = -1;
        for (int i = 0; i < PQntuples(res) && (size_t)i < nb; i++) {
            int64_t c = xy_pg_i64(res, i, 1);
            if (c == 0)
                best_count = 0; /* a bigram no name has: nothing matches */
            if (best_count != 0 && (best_count < 0 || c < best_count)) {
                best_count = c;
                best = (size_t)xy_pg_i64(res, i, 0);
            }
        }
        PQclear(res);
        if (best_count == 0)
            return XY_OK;
    }
    /* $1 the driving bigram, $2 its offset, $3 the query's length, $4..$6 the last key read (pos, len,
     * subject_id), $7 the chunk; $8.. the other bigrams, each with its offset. A posting out of place
     * comes back with no subject (ok false), so the caller counts what it scanned and keeps its place. */
    struct xy_buf sql;
    xy_buf_init(&sql, 256 << 10);
    xy_buf_addz(&sql, "WITH q(gram, k) AS (VALUES (NULL::text, 0::bigint)");
    const char *vals[XY_NAME_KEY_MAX + 8];
    char koff[24], qlen[24], lpos[24], llen[24], lsid[24], chunk[24];
    size_t nv = 7;
    for (size_t i = 0; i < nb; i++) {
        if (i == best)
            continue;
        vals[nv] = g[i];
        xy_buf_printf(&sql, ", ($%zu::text, %zu)", nv + 1, i);
        nv++;
    }
    xy_buf_addz(&sql,
                "), w AS (SELECT d.subject_id, d.pos, d.len FROM name_gram d WHERE d.gram = $1 "
                "AND (d.pos, d.len, d.subject_id) > ($4::bigint, $5::bigint, $6::bigint) "
                "ORDER BY d.pos, d.len, d.subject_id LIMIT $7::bigint), "
                "v AS (SELECT w.*, w.pos - $2::bigint AS start, w.pos >= $2::bigint AND w.len >= w.pos - $2::bigint + $3::bigint "
                "AND NOT EXISTS (SELECT 1 FROM q WHERE q.gram IS NOT NULL AND NOT EXISTS (SELECT 1 FROM name_gram p "
                "WHERE p.gram = q.gram AND p.pos = w.pos - $2::bigint + q.k AND p.len = w.len "
                "AND p.subject_id = w.subject_id)) AS ok FROM w) "
                "SELECT s.id, s.kind, s.name, s.uscc, s.regno, s.opaque, s.id_masked, s.id_sealed, s.created_at, "
                "s.updated_at, v.start, v.pos, v.len, v.subject_id, v.ok FROM v LEFT JOIN subject s "
                "ON v.ok AND s.id = v.subject_id ORDER BY v.pos, v.len, v.subject_id");
    if (sql.len == 0 || xy_buf_addz(&sql, "")) {
        xy_buf_release(&sql);
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    }
    vals[0] = g[best];
    snprintf(koff, sizeof koff, "%zu", best);
    snprintf(qlen, sizeof qlen, "%zu", n);
    int step = offset + limit + 64 > 2048 ? 2048 : offset + limit + 64;
    vals[1] = koff;
    vals[2] = qlen;
    vals[3] = lpos;
    vals[4] = llen;
    vals[5] = lsid;
    vals[6] = chunk;
    snprintf(lpos, sizeof lpos, "-1");
    snprintf(llen, sizeof llen, "-1");
    snprintf(lsid, sizeof lsid, "-1");
    int64_t seen[1100]; /* as SQLite's XY_SEARCH_SEEN: the deepest page and more */
    int nseen = 0;
    long scanned = 0;
    rc = XY_OK;
    while (!rc && !h.stop && h.count < limit && scanned < 100000) {
        snprintf(chunk, sizeof chunk, "%d", step);
        step = step < 8192 ? step * 4 : 8192; /* postings out of place: larger chunks, fewer round trips */
        PGresult *res = PQexecParams(s->c, xy_buf_str(&sql), (int)nv, NULL, vals, NULL, NULL, 0);
        if (PQresultStatus(res) != PGRES_TUPLES_OK) {
            rc = xy_error_set(err, XY_EDB, "database: search: %s", PQresultErrorMessage(res));
            PQclear(res);
            break;
        }
        int rows = PQntuples(res), done = 0;
        for (int i = 0; i < rows && !done && scanned++ < 100000; i++) {
            snprintf(lpos, sizeof lpos, "%s", PQgetvalue(res, i, 11));
            snprintf(llen, sizeof llen, "%s", PQgetvalue(res, i, 12));
            snprintf(lsid, sizeof lsid, "%s", PQgetvalue(res, i, 13));
            if (strcmp(PQgetvalue(res, i, 14), "t") != 0 || PQgetisnull(res, i, 0))
                continue;
            int64_t sid = xy_pg_i64(res, i, 13);
            int dup = 0;
            for (int j = 0; j < nseen && !dup; j++)
                dup = seen[j] == sid;
            if (dup)
                continue;
            if (nseen < (int)(sizeof seen / sizeof *seen))
                seen[nseen++] = sid;
            done = offer(&h, res, i, (double)xy_pg_i64(res, i, 10));
        }
        PQclear(res);
        if (done || rows == 0)
            break;
    }
    xy_buf_release(&sql);
    return rc;
}
