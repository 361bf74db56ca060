/* SPDX-License-Identifier: Apache-2.0 */
/* The plain-SQLite reference of the ingest benchmark: reads a CSV file with libcsv and inserts every
 * row with one prepared INSERT into a rowid table whose columns are the header's, all TEXT, with no
 * other index, in one transaction; journal_mode=WAL and synchronous=FULL as the platform runs, and
 * the same page cache size. No checks of any kind. Prints "rows N seconds S".
 * usage: bench_plain_sqlite DB CSV */
#include <csv.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_COLS 256

struct state {
    sqlite3 *db;
    sqlite3_stmt *ins;
    char *hdr[MAX_COLS];
    int ncols;   /* header columns */
    int col;     /* field index in the current row */
    long row;    /* rows read, header included */
    long rows;   /* rows inserted */
    int failed;
};

static void die(sqlite3 *db, const char *what)
{
    fprintf(stderr, "bench_plain_sqlite: %s: %s\n", what, db ? sqlite3_errmsg(db) : "error");
    exit(2);
}

static void exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "bench_plain_sqlite: %s: %s\n", sql, msg ? msg : "?");
        exit(2);
    }
}

static void on_field(void *data, size_t len, void *ctx)
{
    struct state *s = ctx;
    if (s->row == 0) {
        if (s->ncols == MAX_COLS) {
            fprintf(stderr, "bench_plain_sqlite: more than %d columns\n", MAX_COLS);
            exit(2);
        }
        const char *p = data;
        if (s->ncols == 0 && len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) { /* UTF-8 BOM */
            p += 3;
            len -= 3;
        }
        char *h = malloc(len + 1);
        if (!h)
            exit(2);
        memcpy(h, p, len);
        h[len] = '\0';
        s->hdr[s->ncols++] = h;
        return;
    }
    if (s->col < s->ncols)
        sqlite3_bind_text(s->ins, s->col + 1, data, (int)len, SQLITE_TRANSIENT);
    s->col++;
}

static void prepare_table(struct state *s)
{
    size_t cap = 64 + (size_t)s->ncols * 80;
    char *create = malloc(cap), *insert = malloc(cap);
    if (!create || !insert)
        exit(2);
    size_t c = (size_t)snprintf(create, cap, "CREATE TABLE t (");
    size_t i = (size_t)snprintf(insert, cap, "INSERT INTO t VALUES (");
    for (int k = 0; k < s->ncols; k++) {
        c += (size_t)snprintf(create + c, cap - c, "%s\"%.60s\" TEXT", k ? ", " : "", s->hdr[k]);
        i += (size_t)snprintf(insert + i, cap - i, "%s?", k ? ", " : "");
    }
    snprintf(create + c, cap - c, ")");
    snprintf(insert + i, cap - i, ")");
    exec(s->db, create);
    if (sqlite3_prepare_v2(s->db, insert, -1, &s->ins, NULL) != SQLITE_OK)
        die(s->db, "prepare");
    free(create);
    free(insert);
}

static void on_row(int term, void *ctx)
{
    struct state *s = ctx;
    (void)term;
    if (s->row++ == 0) {
        prepare_table(s);
        s->col = 0;
        return;
    }
    for (int k = s->col; k < s->ncols; k++) /* short rows: the missing cells are NULL */
        sqlite3_bind_null(s->ins, k + 1);
    if (sqlite3_step(s->ins) != SQLITE_DONE)
        die(s->db, "insert");
    sqlite3_reset(s->ins);
    sqlite3_clear_bindings(s->ins);
    s->rows++;
    s->col = 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: bench_plain_sqlite DB CSV\n");
        return 2;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct state s = {0};
    if (sqlite3_open(argv[1], &s.db) != SQLITE_OK)
        die(s.db, "open");
    exec(s.db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = -65536;"
               "PRAGMA temp_store = MEMORY;");
    FILE *in = fopen(argv[2], "rb");
    if (!in) {
        perror(argv[2]);
        return 2;
    }
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return 2;
    csv_set_blk_size(&p, 1 << 16);
    exec(s.db, "BEGIN IMMEDIATE");
    enum { CHUNK = 256 * 1024 };
    char *buf = malloc(CHUNK);
    if (!buf)
        return 2;
    size_t n;
    while ((n = fread(buf, 1, CHUNK, in)) > 0) {
        if (csv_parse(&p, buf, n, on_field, on_row, &s) != n) {
            fprintf(stderr, "bench_plain_sqlite: CSV error at row %ld: %s\n", s.row,
                    csv_strerror(csv_error(&p)));
            return 2;
        }
    }
    if (csv_fini(&p, on_field, on_row, &s) != 0) {
        fprintf(stderr, "bench_plain_sqlite: CSV error at the end: %s\n", csv_strerror(csv_error(&p)));
        return 2;
    }
    sqlite3_finalize(s.ins);
    exec(s.db, "COMMIT");
    if (sqlite3_close(s.db) != SQLITE_OK) /* the last connection checkpoints the WAL, as ours does */
        die(s.db, "close");
    clock_gettime(CLOCK_MONOTONIC, &t1);
    csv_free(&p);
    fclose(in);
    free(buf);
    for (int k = 0; k < s.ncols; k++)
        free(s.hdr[k]);
    printf("rows %ld seconds %.3f\n", s.rows,
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    return 0;
}
