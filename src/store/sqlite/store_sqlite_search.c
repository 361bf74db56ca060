/* SPDX-License-Identifier: Apache-2.0 */
/* SQLite back end: the name search. Codes are found by prefix; names through our own bigram index
 * (name_gram, with gram_count for choosing the rarest bigram of a query), kept up to date as subjects
 * are created and renamed. docs/internals/SEARCH.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xy_alloc.h"
#include "common/xy_utf8.h"
#include "core/text.h"
#include "store/sqlite/store_sqlite_int.h"

enum stmt_id {
    S_GRAM_ADD = 48,
    S_GRAM_DEL,
    S_GRAM_COUNT,
    S_GRAM_COUNT_ADD,
    S_GRAM_PROBE,
    S_GRAM_SCAN,
    S_SUBJ_BY_USCC_PREFIX,
    S_SUBJ_BY_ORGCODE,
    S__END
};

_Static_assert(S__END <= 64, "search statements use stmt[48..63]");

static const char *const stmt_sql[S__END] = {
    [S_GRAM_ADD] = "INSERT OR IGNORE INTO name_gram(gram, pos, len, subject_id) VALUES (?, ?, ?, ?)",
    [S_GRAM_DEL] = "DELETE FROM name_gram WHERE gram = ? AND pos = ? AND len = ? AND subject_id = ?",
    [S_GRAM_COUNT] = "SELECT n FROM gram_count WHERE gram = ?",
    [S_GRAM_COUNT_ADD] = "INSERT INTO gram_count(gram, n) VALUES (?, ?) ON CONFLICT (gram) DO UPDATE SET n = n + excluded.n",
    [S_GRAM_PROBE] = "SELECT 1 FROM name_gram WHERE gram = ? AND pos = ? AND len = ? AND subject_id = ?",
    [S_GRAM_SCAN] = "SELECT subject_id, pos, len FROM name_gram WHERE gram = ? ORDER BY pos, len, subject_id",
    [S_SUBJ_BY_USCC_PREFIX] = "SELECT " SUBJ_COLS " FROM subject WHERE uscc >= ? AND uscc < ? ORDER BY uscc LIMIT ?",
    [S_SUBJ_BY_ORGCODE] = "SELECT " SUBJ_COLS " FROM subject WHERE substr(uscc, 9, 9) = ? LIMIT ?",
};

static sqlite3_stmt *stmt(struct sqlite_store *s, int id, struct xy_error *err)
{
    return xy_sqlite_stmt(s, &s->stmt[id], stmt_sql[id], err);
}

#define MAX_NAME_CPS XY_NAME_KEY_MAX

/* Folds a name for the gram index: its matching key (core/text.h: NFKC, ASCII lower case, spaces
 * and invisible characters dropped), the same for names indexed and for queries. OUT: cps (code
 * points), *n. Returns XY_OK or XY_ENOMEM. */
static int fold_name(const char *name, uint32_t *cps, size_t max, size_t *n, struct xy_error *err)
{
    if (xy_name_key(name, strlen(name), cps, max, n))
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    return XY_OK;
}

static int cmp_gram(const struct xy_gram_tuple *x, const struct xy_gram_tuple *y)
{
    int c = memcmp(x->gram, y->gram, x->glen < y->glen ? x->glen : y->glen);
    return c ? c : (x->glen > y->glen) - (x->glen < y->glen);
}

static int gram_count_add(struct sqlite_store *s, const char *g, size_t gl, long delta, struct xy_error *err)
{
    sqlite3_stmt *q = stmt(s, S_GRAM_COUNT_ADD, err);
    if (!q)
        return err && err->rc ? err->rc : XY_EDB;
    sqlite3_bind_text(q, 1, g, (int)gl, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 2, delta);
    return xy_sqlite_run(s, q, err, "name index counts");
}

static int cmp_tuple(const void *a, const void *b)
{
    const struct xy_gram_tuple *x = a, *y = b;
    /* The order of the name_gram primary key: text by bytes (BINARY), then pos, len, subject. */
    int c = memcmp(x->gram, y->gram, x->glen < y->glen ? x->glen : y->glen);
    if (c)
        return c;
    if (x->glen != y->glen)
        return x->glen < y->glen ? -1 : 1;
    if (x->pos != y->pos)
        return x->pos < y->pos ? -1 : 1;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return (x->subject > y->subject) - (x->subject < y->subject);
}

/* Writes the queued name-index entries in key order. A batch creates subjects in no particular name
 * order; inserting their bigrams sorted turns random b-tree inserts into a near-sequential walk
 * (it was 40% of an import of new subjects). Runs inside the transaction, before COMMIT. */
int xy_sqlite_grams_flush(struct sqlite_store *s, struct xy_error *err)
{
    int rc = XY_OK;
    long run_len = 0;
    if (!s->npending)
        return XY_OK;
    qsort(s->pending, s->npending, sizeof *s->pending, cmp_tuple);
    for (size_t i = 0; i < s->npending && !rc; i++) {
        const struct xy_gram_tuple *t = &s->pending[i];
        sqlite3_stmt *q = stmt(s, S_GRAM_ADD, err);
        if (!q) {
            rc = err && err->rc ? err->rc : XY_EDB;
            break;
        }
        sqlite3_bind_text(q, 1, t->gram, t->glen, SQLITE_STATIC);
        sqlite3_bind_int64(q, 2, t->pos);
        sqlite3_bind_int64(q, 3, t->len);
        sqlite3_bind_int64(q, 4, t->subject);
        rc = xy_sqlite_run(s, q, err, "name index");
        /* One count update per distinct bigram of the batch (the entries are sorted by bigram). */
        int last = i + 1 == s->npending || cmp_gram(t, &s->pending[i + 1]) != 0;
        run_len++;
        if (!rc && last) {
            rc = gram_count_add(s, t->gram, t->glen, run_len, err);
            run_len = 0;
        }
    }
    s->npending = 0;
    return rc;
}

/* Entries (48 MiB) before an early flush. The sort at the flush (glibc's qsort, a merge sort) takes
 * as much again: with 4M entries a 1,000,000-row import peaked at 528 MB, over the 512 MB it may use. */
#define GRAMS_QUEUE_MAX (2u << 20)

/* Adds (S_GRAM_ADD, queued) or deletes (S_GRAM_DEL, at once) the name-index entries of a name. */
static int grams(struct sqlite_store *s, int64_t subject, const char *name, enum stmt_id op, struct xy_error *err)
{
    uint32_t cps[MAX_NAME_CPS];
    size_t n;
    int frc = fold_name(name, cps, MAX_NAME_CPS, &n, err);
    if (frc)
        return frc;
    for (size_t i = 0; i + 1 < n; i++) {
        char g[9];
        size_t gl = xy_utf8_put(cps[i], g);
        gl += xy_utf8_put(cps[i + 1], g + gl);
        if (op == S_GRAM_ADD) {
            if (s->npending == s->cap_pending) {
                if (s->cap_pending >= GRAMS_QUEUE_MAX) {
                    int rc = xy_sqlite_grams_flush(s, err);
                    if (rc)
                        return rc;
                } else {
                    size_t cap = s->cap_pending ? s->cap_pending * 2 : 4096;
                    struct xy_gram_tuple *p = xy_realloc(s->pending, cap * sizeof *p);
                    if (!p)
                        return xy_error_set(err, XY_ENOMEM, "out of memory");
                    s->pending = p;
                    s->cap_pending = cap;
                }
            }
            struct xy_gram_tuple *t = &s->pending[s->npending++];
            memcpy(t->gram, g, gl);
            t->glen = (uint8_t)gl;
            t->pos = (uint16_t)i;
            t->len = (uint16_t)n;
            t->subject = subject;
            continue;
        }
        sqlite3_stmt *q = stmt(s, op, err);
        if (!q)
            return err ? err->rc : XY_EDB;
        sqlite3_bind_text(q, 1, g, (int)gl, SQLITE_TRANSIENT);
        sqlite3_bind_int64(q, 2, (sqlite3_int64)i);
        sqlite3_bind_int64(q, 3, (sqlite3_int64)n);
        sqlite3_bind_int64(q, 4, subject);
        int rc = xy_sqlite_run(s, q, err, "name index");
        if (!rc && sqlite3_changes(s->db) > 0)
            rc = gram_count_add(s, g, gl, -1, err);
        if (rc)
            return rc;
    }
    return XY_OK;
}

int xy_sqlite_grams_add(struct sqlite_store *s, int64_t subject, const char *name, struct xy_error *err)
{
    return grams(s, subject, name, S_GRAM_ADD, err);
}

int xy_sqlite_grams_del(struct sqlite_store *s, int64_t subject, const char *name, struct xy_error *err)
{
    return grams(s, subject, name, S_GRAM_DEL, err);
}

/* Paging and filtering over the subjects a search finds, in rank order. */
struct hits {
    xy_subject_cb cb;
    void *ctx;
    int skip;   /* hits still to pass over (the offset) */
    int count;  /* hits handed to cb */
    int limit;
    int no_persons;
    int stop;
};

/* Offers one subject; returns 1 when the search should stop. */
static int offer(struct hits *h, const struct xy_subject_row *row)
{
    if (h->no_persons && strcmp(row->kind, "person") == 0)
        return 0;
    if (h->skip > 0) {
        h->skip--;
        return 0;
    }
    h->count++;
    if (h->cb(h->ctx, row))
        h->stop = 1;
    return h->stop || h->count >= h->limit;
}

/* Steps q and offers each subject row. */
static int each_subject(struct sqlite_store *s, sqlite3_stmt *q, struct hits *h, struct xy_error *err)
{
    int r;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        struct xy_subject_row row;
        xy_sqlite_read_subject(q, &row);
        if (offer(h, &row))
            break;
    }
    sqlite3_reset(q);
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        return xy_sqlite_err(s, err, "read subjects");
    return XY_OK;
}

/* ASCII letters and digits only: a code or part of one. */
static int looks_like_code(const char *q, size_t n)
{
    if (n < 2)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = q[i];
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')))
            return 0;
    }
    return 1;
}

#define XY_SEARCH_SEEN 1100 /* distinct subjects remembered: the deepest page (offset 1000 + 50) and more */
#define SEARCH_MAX_SCAN 100000 /* postings verified per query at most: bounds a pathological query */

int xy_sqlite_search(struct xy_store *st, const char *text, int offset, int limit, int no_persons, xy_subject_cb cb,
                     void *ctx, struct xy_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)st;
    struct hits h = {.cb = cb, .ctx = ctx, .skip = offset, .limit = limit, .no_persons = no_persons};
    int rc;
    sqlite3_stmt *q;
    uint32_t cps[MAX_NAME_CPS];
    size_t n, tn = strlen(text);
    if (limit <= 0)
        return XY_OK;
    /* Codes: a full or leading part of a USCC, or an embedded organisation code. */
    if (looks_like_code(text, tn)) {
        if (tn == 9 && (q = stmt(s, S_SUBJ_BY_ORGCODE, err))) {
            xy_sqlite_bind_text(q, 1, text);
            sqlite3_bind_int(q, 2, offset + limit);
            if ((rc = each_subject(s, q, &h, err)))
                return rc;
        }
        if (h.count < limit && !h.stop && (q = stmt(s, S_SUBJ_BY_USCC_PREFIX, err))) {
            char hi[64];
            snprintf(hi, sizeof hi, "%s\x7f", text);
            xy_sqlite_bind_text(q, 1, text);
            xy_sqlite_bind_text(q, 2, hi);
            sqlite3_bind_int(q, 3, offset + limit);
            if ((rc = each_subject(s, q, &h, err)))
                return rc;
        }
        if (h.count || h.skip < offset)
            return XY_OK;
    }
    if ((rc = fold_name(text, cps, MAX_NAME_CPS, &n, err)))
        return rc;
    if (n < 2)
        return xy_error_set(err, XY_EINVAL, "检索须输入至少两个字符 (search needs at least two characters)");
    /* Walk the rarest bigram of the query in rank order; at each place, check the query's other
     * bigrams at their offsets with primary-key probes (index only). Consecutive bigrams overlap by
     * a character, so all of them in place is the whole query in place: no name is read to verify. */
    size_t nb = n - 1, best = 0;
    char gs[MAX_NAME_CPS][9];
    size_t gls[MAX_NAME_CPS];
    int64_t best_count = -1;
    for (size_t i = 0; i < nb; i++) {
        gls[i] = xy_utf8_put(cps[i], gs[i]);
        gls[i] += xy_utf8_put(cps[i + 1], gs[i] + gls[i]);
        if (nb == 1)
            break; /* one bigram: nothing to choose */
        if (!(q = stmt(s, S_GRAM_COUNT, err)))
            return err ? err->rc : XY_EDB;
        sqlite3_bind_text(q, 1, gs[i], (int)gls[i], SQLITE_STATIC);
        int sr = sqlite3_step(q);
        int64_t c = sr == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
        sqlite3_reset(q);
        if (sr != SQLITE_ROW && sr != SQLITE_DONE)
            return xy_sqlite_err(s, err, "search");
        if (c == 0)
            return XY_OK; /* a bigram no name has: nothing matches */
        if (best_count < 0 || c < best_count) {
            best_count = c;
            best = i;
        }
    }
    if (!(q = stmt(s, S_GRAM_SCAN, err)))
        return err ? err->rc : XY_EDB;
    sqlite3_bind_text(q, 1, gs[best], (int)gls[best], SQLITE_STATIC);
    int64_t seen[XY_SEARCH_SEEN];
    int nseen = 0, r;
    long scanned = 0;
    while (!h.stop && (r = sqlite3_step(q)) == SQLITE_ROW && scanned++ < SEARCH_MAX_SCAN) {
        int64_t sid = sqlite3_column_int64(q, 0);
        long start = (long)sqlite3_column_int64(q, 1) - (long)best;
        int64_t len = sqlite3_column_int64(q, 2);
        if (start < 0 || start + (long)n > len)
            continue;
        int ok = 1;
        for (size_t j = 0; j < nb && ok; j++) {
            if (j == best)
                continue;
            sqlite3_stmt *p = stmt(s, S_GRAM_PROBE, err);
            if (!p) {
                sqlite3_reset(q);
                return err ? err->rc : XY_EDB;
            }
            sqlite3_bind_text(p, 1, gs[j], (int)gls[j], SQLITE_STATIC);
            sqlite3_bind_int64(p, 2, start + (long)j);
            sqlite3_bind_int64(p, 3, len);
            sqlite3_bind_int64(p, 4, sid);
            int pr = sqlite3_step(p);
            ok = pr == SQLITE_ROW;
            sqlite3_reset(p);
            if (pr != SQLITE_ROW && pr != SQLITE_DONE) {
                sqlite3_reset(q);
                return xy_sqlite_err(s, err, "search");
            }
        }
        if (!ok)
            continue;
        int dup = 0;
        for (int i = 0; i < nseen; i++)
            dup |= seen[i] == sid;
        if (dup)
            continue;
        if (nseen < (int)(sizeof seen / sizeof *seen))
            seen[nseen++] = sid;
        /* Fetch the whole row with a second statement: the scan keeps its place. */
        sqlite3_stmt *one = xy_sqlite_subject_by_id(s, err);
        if (!one) {
            sqlite3_reset(q);
            return err ? err->rc : XY_EDB;
        }
        sqlite3_bind_int64(one, 1, sid);
        int done = 0, or = sqlite3_step(one);
        if (or == SQLITE_ROW) {
            struct xy_subject_row row;
            xy_sqlite_read_subject(one, &row);
            row.rank = (double)start;
            done = offer(&h, &row);
        }
        sqlite3_reset(one);
        if (or != SQLITE_ROW && or != SQLITE_DONE) {
            sqlite3_reset(q);
            return xy_sqlite_err(s, err, "search");
        }
        if (done)
            break;
    }
    if (!h.stop && r != SQLITE_ROW && r != SQLITE_DONE) {
        sqlite3_reset(q);
        return xy_sqlite_err(s, err, "search");
    }
    sqlite3_reset(q);
    return XY_OK;
}
