/* SPDX-License-Identifier: Apache-2.0 */
/* Name-search benchmark: opens a database through the project's library (xy_app_open) and times
 * xy_subject_search for 2-, 3- and 4-character queries taken at random positions of random subject
 * names (fixed seed), plus a few realistic common ones. Beside it, in the same run and on a raw
 * SQLite connection to the same file: a point lookup by USCC and a naive LIKE '%q%' scan, so the
 * figures read as ratios on a noisy machine.
 * usage: bench_search DB [--per-length N] [--like N] [--seed S] */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/subject.h"

#define MAX_Q 64 /* bytes of one query */

struct query {
    char text[MAX_Q];
    int common; /* one of the realistic common queries */
};

static uint64_t rng_state = 42;

static uint64_t rng(void) /* xorshift64*: fixed seed, same queries every run */
{
    uint64_t x = rng_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng_state = x;
    return x * 0x2545F4914F6CDD1DULL;
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of a sorted array. */
static double pct(const double *v, size_t n, double p)
{
    if (n == 0)
        return 0;
    size_t i = (size_t)(p * (double)n + 0.999999);
    if (i == 0)
        i = 1;
    if (i > n)
        i = n;
    return v[i - 1];
}

struct stats {
    double p50, p90, p99, max;
};

static struct stats summarise(double *v, size_t n)
{
    struct stats s = {0, 0, 0, 0};
    if (n == 0)
        return s;
    qsort(v, n, sizeof *v, cmp_double);
    s.p50 = pct(v, n, 0.50);
    s.p90 = pct(v, n, 0.90);
    s.p99 = pct(v, n, 0.99);
    s.max = v[n - 1];
    return s;
}

/* Byte offsets of the code points of a UTF-8 string (at most max); returns the count. */
static int cp_offsets(const char *s, int *off, int max)
{
    int n = 0;
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (p[i] && n < max) {
        off[n++] = (int)i;
        unsigned c = p[i];
        i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    }
    off[n] = (int)i;
    return n;
}

static int cp_count(const char *s)
{
    int off[MAX_Q + 1];
    return cp_offsets(s, off, MAX_Q);
}

static void die(sqlite3 *db, const char *what)
{
    fprintf(stderr, "bench_search: %s: %s\n", what, sqlite3_errmsg(db));
    exit(2);
}

static sqlite3_stmt *prep(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
        die(db, sql);
    return q;
}

int main(int argc, char **argv)
{
    const char *db_path = NULL;
    long per_len = 1000, like_n = 100;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--per-length") == 0 && i + 1 < argc)
            per_len = strtol(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--like") == 0 && i + 1 < argc)
            like_n = strtol(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
            rng_state = strtoull(argv[++i], NULL, 10) | 1;
        else if (!db_path && argv[i][0] != '-')
            db_path = argv[i];
        else {
            fprintf(stderr, "usage: bench_search DB [--per-length N] [--like N] [--seed S]\n");
            return 2;
        }
    }
    if (!db_path || per_len < 1 || per_len > 100000 || like_n < 0) {
        fprintf(stderr, "usage: bench_search DB [--per-length N (1..100000)] [--like N] [--seed S]\n");
        return 2;
    }

    struct xy_app *app = NULL;
    struct xy_error err = {0};
    if (xy_app_open(db_path, NULL, &app, &err)) {
        fprintf(stderr, "bench_search: %s\n", err.msg);
        return 2;
    }
    /* The references: a raw connection to the same file, with the store's page cache size. */
    sqlite3 *ref;
    if (sqlite3_open_v2(db_path, &ref, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        die(ref, "open");
    sqlite3_exec(ref, "PRAGMA cache_size = -65536", NULL, NULL, NULL);

    sqlite3_stmt *q = prep(ref, "SELECT count(*), max(id) FROM subject");
    if (sqlite3_step(q) != SQLITE_ROW)
        die(ref, "count subjects");
    long nsubj = (long)sqlite3_column_int64(q, 0), maxid = (long)sqlite3_column_int64(q, 1);
    sqlite3_finalize(q);
    q = prep(ref, "SELECT count(*) FROM name_gram");
    long ngrams = sqlite3_step(q) == SQLITE_ROW ? (long)sqlite3_column_int64(q, 0) : -1;
    sqlite3_finalize(q);
    printf("subjects %ld  name_gram rows %ld\n", nsubj, ngrams);
    if (nsubj < 1) {
        fprintf(stderr, "bench_search: no subjects\n");
        return 2;
    }

    /* Queries: substrings at random positions of random names, 2, 3 and 4 characters. */
    static const char *const common[] = {"武汉", "科技", "公司", "商贸", "建设", "餐饮", "武汉市", "有限公",
                                         "副食店", "有限公司", "科技有限", "武汉市江"};
    enum { NLEN = 3 };
    size_t ncommon = sizeof common / sizeof *common;
    size_t cap = (size_t)per_len + ncommon;
    struct query *qs[NLEN];
    size_t nq[NLEN] = {0, 0, 0};
    for (int l = 0; l < NLEN; l++)
        if (!(qs[l] = calloc(cap, sizeof *qs[l])))
            return 2;
    sqlite3_stmt *by_id = prep(ref, "SELECT name FROM subject WHERE id >= ? ORDER BY id LIMIT 1");
    long attempts = 0, max_attempts = per_len * NLEN * 50;
    for (int l = 0; l < NLEN; l++) {
        int len = l + 2;
        while ((long)nq[l] < per_len && attempts++ < max_attempts) {
            sqlite3_bind_int64(by_id, 1, (sqlite3_int64)(1 + rng() % (uint64_t)maxid));
            if (sqlite3_step(by_id) != SQLITE_ROW) {
                sqlite3_reset(by_id);
                continue;
            }
            const char *name = (const char *)sqlite3_column_text(by_id, 0);
            int off[257];
            int n = cp_offsets(name, off, 256);
            if (n >= len) {
                int start = (int)(rng() % (uint64_t)(n - len + 1));
                int b = off[start], e = off[start + len];
                /* Spaces are folded away by the index and would make the LIKE reference disagree. */
                if (e - b < MAX_Q && !memchr(name + b, ' ', (size_t)(e - b))) {
                    memcpy(qs[l][nq[l]].text, name + b, (size_t)(e - b));
                    qs[l][nq[l]].text[e - b] = '\0';
                    nq[l]++;
                }
            }
            sqlite3_reset(by_id);
        }
    }
    for (size_t c = 0; c < ncommon; c++) {
        int l = cp_count(common[c]) - 2;
        if (l >= 0 && l < NLEN) {
            snprintf(qs[l][nq[l]].text, MAX_Q, "%s", common[c]);
            qs[l][nq[l]++].common = 1;
        }
    }
    sqlite3_finalize(by_id);

    /* The searches, through the library. */
    double *t = malloc(cap * sizeof *t);
    if (!t)
        return 2;
    struct stats ss[NLEN];
    printf("\nxy_subject_search (limit %d), milliseconds per query\n", XY_SEARCH_MAX);
    printf("%-4s %6s %8s %8s %8s %8s %8s %6s\n", "len", "n", "p50", "p90", "p99", "max", "hits/q", "empty");
    long total_bad = 0;
    for (int l = 0; l < NLEN; l++) {
        long empty = 0, hits = 0;
        double worst[3] = {0, 0, 0};
        const char *worst_q[3] = {"", "", ""};
        for (size_t i = 0; i < nq[l]; i++) {
            json_t *out = NULL;
            double a = now_ms();
            int rc = xy_subject_search(app, qs[l][i].text, XY_VIEW_INTERNAL, 0, XY_SEARCH_MAX, &out, &err);
            double b = now_ms();
            t[i] = b - a;
            if (rc) {
                fprintf(stderr, "bench_search: search %s: %s\n", qs[l][i].text, err.msg);
                total_bad++;
            }
            size_t h = out ? json_array_size(out) : 0;
            hits += (long)h;
            if (h == 0 && !qs[l][i].common) /* a substring of a stored name must be found */
                empty++;
            json_decref(out);
            for (int w = 0; w < 3; w++)
                if (t[i] > worst[w]) {
                    for (int k = 2; k > w; k--) {
                        worst[k] = worst[k - 1];
                        worst_q[k] = worst_q[k - 1];
                    }
                    worst[w] = t[i];
                    worst_q[w] = qs[l][i].text;
                    break;
                }
            if (qs[l][i].common)
                printf("  common %-12s %8.3f ms  %zu hits\n", qs[l][i].text, t[i], h);
        }
        total_bad += empty;
        ss[l] = summarise(t, nq[l]);
        printf("%-4d %6zu %8.3f %8.3f %8.3f %8.3f %8.1f %6ld\n", l + 2, nq[l], ss[l].p50, ss[l].p90, ss[l].p99,
               ss[l].max, nq[l] ? (double)hits / (double)nq[l] : 0, empty);
        printf("     slowest: %s %.2f ms, %s %.2f ms, %s %.2f ms\n", worst_q[0], worst[0], worst_q[1], worst[1],
               worst_q[2], worst[2]);
    }

    /* Reference 1: a point lookup by USCC on the raw connection. */
    sqlite3_stmt *pick = prep(ref, "SELECT uscc FROM subject WHERE id >= ? AND uscc IS NOT NULL ORDER BY id LIMIT 1");
    sqlite3_stmt *point = prep(ref, "SELECT name FROM subject WHERE uscc = ?");
    size_t npt = 0;
    for (long i = 0; i < per_len; i++) {
        sqlite3_bind_int64(pick, 1, (sqlite3_int64)(1 + rng() % (uint64_t)maxid));
        if (sqlite3_step(pick) != SQLITE_ROW) {
            sqlite3_reset(pick);
            continue;
        }
        char uscc[32];
        snprintf(uscc, sizeof uscc, "%s", (const char *)sqlite3_column_text(pick, 0));
        sqlite3_reset(pick);
        double a = now_ms();
        sqlite3_bind_text(point, 1, uscc, -1, SQLITE_STATIC);
        int found = 0;
        while (sqlite3_step(point) == SQLITE_ROW)
            found += sqlite3_column_bytes(point, 0) > 0;
        sqlite3_reset(point);
        double b = now_ms();
        if (found)
            t[npt++] = b - a;
    }
    sqlite3_finalize(pick);
    sqlite3_finalize(point);
    struct stats pt = summarise(t, npt);
    printf("\nreference: SELECT name FROM subject WHERE uscc = ? (raw SQLite), %zu lookups\n", npt);
    printf("     p50 %.4f ms  p90 %.4f ms  p99 %.4f ms  max %.4f ms\n", pt.p50, pt.p90, pt.p99, pt.max);

    /* Reference 2: naive LIKE on the first like_n queries of each length. */
    sqlite3_stmt *like = prep(ref, "SELECT id FROM subject WHERE name LIKE ? LIMIT 50");
    struct stats ls[NLEN];
    printf("\nreference: SELECT id FROM subject WHERE name LIKE '%%q%%' LIMIT 50 (raw SQLite), first %ld queries "
           "of each length\n",
           like_n);
    printf("%-4s %6s %8s %8s %8s %8s %6s\n", "len", "n", "p50", "p90", "p99", "max", "empty");
    for (int l = 0; l < NLEN; l++) {
        size_t n = (size_t)like_n < nq[l] ? (size_t)like_n : nq[l];
        long empty = 0;
        for (size_t i = 0; i < n; i++) {
            char pat[MAX_Q + 3];
            snprintf(pat, sizeof pat, "%%%s%%", qs[l][i].text);
            double a = now_ms();
            sqlite3_bind_text(like, 1, pat, -1, SQLITE_STATIC);
            int rows = 0;
            while (sqlite3_step(like) == SQLITE_ROW)
                rows++;
            sqlite3_reset(like);
            double b = now_ms();
            t[i] = b - a;
            empty += rows == 0;
        }
        ls[l] = summarise(t, n);
        printf("%-4d %6zu %8.3f %8.3f %8.3f %8.3f %6ld\n", l + 2, n, ls[l].p50, ls[l].p90, ls[l].p99, ls[l].max,
               empty);
    }
    sqlite3_finalize(like);

    printf("\nratios (search / reference)\n");
    printf("%-4s %14s %14s %14s %14s %10s\n", "len", "p50/point-p50", "p99/point-p99", "p50/LIKE-p50",
           "p99/LIKE-p99", "p99<10ms");
    for (int l = 0; l < NLEN; l++)
        printf("%-4d %14.1f %14.1f %14.3f %14.3f %10s\n", l + 2, pt.p50 > 0 ? ss[l].p50 / pt.p50 : 0,
               pt.p99 > 0 ? ss[l].p99 / pt.p99 : 0, ls[l].p50 > 0 ? ss[l].p50 / ls[l].p50 : 0,
               ls[l].p99 > 0 ? ss[l].p99 / ls[l].p99 : 0, ss[l].p99 < 10.0 ? "yes" : "NO");
    if (total_bad)
        printf("\nWARNING: %ld searches failed or found nothing for a substring of a stored name\n", total_bad);

    for (int l = 0; l < NLEN; l++)
        free(qs[l]);
    free(t);
    sqlite3_close(ref);
    xy_app_close(app);
    return 0;
}
