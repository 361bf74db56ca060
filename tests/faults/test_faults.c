/* SPDX-License-Identifier: Apache-2.0 */
/* Fault injection (XY_FAULTS builds, run under ASan, UBSan and LeakSanitizer), as curl's torture
 * mode and SQLite's OOM and I/O-error tests do it: the import use case and the main read paths are
 * run failing each allocation in turn (the project's allocations and, through SQLITE_CONFIG_MALLOC,
 * SQLite's own), and the import failing each write and each sync of the database files in turn.
 * Every time: no crash, a clean error code with a message, nothing half-written (the database holds
 * the whole batch or none of it, and passes its integrity check), the connection still usable, and
 * no leak (LeakSanitizer at exit). XY_FAULTS_STRIDE=K tries only every Kth allocation (quicker). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/app_int.h"
#include "app/auth.h"
#include "app/claim.h"
#include "app/import.h"
#include "app/subject.h"
#include "common/xy_alloc.h"
#include "store/sqlite/vfs_fault.h"

/* The platform day every scenario runs on. */
static struct xy_clock tclock;

#define DEPT "11230500001755309F"

/* The batch: tests/data/penalty-good.csv and one bad row (a USCC whose check character is wrong). */
static const char bad_row[] =
    "武汉好运商贸有限公司,法人及非法人组织,91420684MA4927PJ7C,,赵一,,,坏罚〔2024〕1号,违规,事实,依据,警告,警告,,"
    "2024-03-05,2024-03-20,武汉市市场监督管理局,11230500001755309F,武汉市市场监督管理局,11230500001755309F,,\n";

static char dir[64];
static char db[128];      /* the database each try runs against */
static char empty_db[128]; /* initialised, the department registered, no batch */
static char full_db[128];  /* the same with the batch imported */
static char *batch;
static size_t batch_len;
static struct xy_import_result ref; /* what the import says without faults */
static long stride = 1;

/* ---- SQLite's allocations through xy_malloc, so that they fail in turn too ---- */

#define HDR 16 /* keeps SQLite's 8-byte alignment, and records the size that xSize answers */

static void *sq_malloc(int n)
{
    unsigned char *p = xy_malloc((size_t)n + HDR);
    if (!p)
        return NULL;
    memcpy(p, &n, sizeof n);
    return p + HDR;
}

static void sq_free(void *p)
{
    if (p)
        xy_free((unsigned char *)p - HDR);
}

static void *sq_realloc(void *p, int n)
{
    unsigned char *q = xy_realloc((unsigned char *)p - HDR, (size_t)n + HDR);
    if (!q)
        return NULL;
    memcpy(q, &n, sizeof n);
    return q + HDR;
}

static int sq_size(void *p)
{
    int n = 0;
    if (p)
        memcpy(&n, (unsigned char *)p - HDR, sizeof n);
    return n;
}

static int sq_roundup(int n)
{
    return (n + 7) & ~7;
}

static int sq_init(void *ctx)
{
    (void)ctx;
    return SQLITE_OK;
}

static void sq_shutdown(void *ctx)
{
    (void)ctx;
}

static const sqlite3_mem_methods sq_mem = {sq_malloc, sq_free, sq_realloc, sq_size, sq_roundup,
                                           sq_init, sq_shutdown, NULL};

/* ---- problems: each kind is counted and shown once with its first example, and the sweep goes
 * on, so that one run lists them all; a test with any fails at its end ---- */

#define MAX_KINDS 64

static struct kind {
    char key[160];  /* the message with its numbers blanked */
    char first[400];
    long count;
} kinds[MAX_KINDS];
static int nkinds, problems;

static void problem(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void problem(const char *fmt, ...)
{
    char msg[400], key[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t k = 0;
    for (const char *p = msg; *p && k + 1 < sizeof key; p++) {
        if (*p >= '0' && *p <= '9') {
            if (k == 0 || key[k - 1] != '#')
                key[k++] = '#';
        } else {
            key[k++] = *p;
        }
    }
    key[k] = '\0';
    problems++;
    for (int i = 0; i < nkinds; i++)
        if (strcmp(kinds[i].key, key) == 0) {
            kinds[i].count++;
            return;
        }
    if (nkinds == MAX_KINDS)
        return;
    snprintf(kinds[nkinds].key, sizeof kinds[nkinds].key, "%s", key);
    snprintf(kinds[nkinds].first, sizeof kinds[nkinds].first, "%s", msg);
    kinds[nkinds++].count = 1;
}

static void end_test(const char *what)
{
    int n = problems;
    for (int i = 0; i < nkinds; i++)
        printf("PROBLEM (%ld times), first: %s\n", kinds[i].count, kinds[i].first);
    problems = nkinds = 0;
    if (n)
        fail_msg("%s: %d problems of the kinds listed above", what, n);
}

/* ---- helpers ---- */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = xy_malloc((size_t)n + sizeof bad_row);
    if (p && fread(p, 1, (size_t)n, f) != (size_t)n) {
        xy_free(p);
        p = NULL;
    }
    fclose(f);
    if (p)
        *len = (size_t)n;
    return p;
}

static void copy_file(const char *from, const char *to)
{
    size_t n = 0;
    char *p = slurp(from, &n);
    assert_non_null(p);
    FILE *f = fopen(to, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(p, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
    xy_free(p);
}

static void remove_db(const char *path)
{
    char p[160];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

/* A fresh copy of a template as the database of the next try. */
static void fresh(const char *template)
{
    remove_db(db);
    copy_file(template, db);
}

/* What a database holds, read through a connection of its own (the default VFS, no faults). */
struct state {
    int sound;     /* integrity_check said ok */
    long long batches, partial, orphans, records, rejects, audits;
};

static void read_state(struct state *st)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *q = NULL;
    memset(st, 0, sizeof *st);
    assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &q, NULL), SQLITE_OK);
    st->sound = sqlite3_step(q) == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(q, 0), "ok") == 0;
    sqlite3_finalize(q);
    static const char sql[] =
        "SELECT (SELECT count(*) FROM batch),"
        " (SELECT count(*) FROM batch b WHERE b.finished_at IS NULL OR b.added + b.updated !="
        "   (SELECT count(*) FROM record r WHERE r.batch_id = b.id)),"
        " (SELECT count(*) FROM record r WHERE NOT EXISTS (SELECT 1 FROM batch b WHERE b.id = r.batch_id)),"
        " (SELECT count(*) FROM record WHERE is_current = 1),"
        " (SELECT count(*) FROM batch_reject),"
        " (SELECT count(*) FROM audit WHERE action = 'batch.submit')";
    if (sqlite3_prepare_v2(h, sql, -1, &q, NULL) != SQLITE_OK)
        fail_msg("%s", sqlite3_errmsg(h));
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    st->batches = sqlite3_column_int64(q, 0);
    st->partial = sqlite3_column_int64(q, 1);
    st->orphans = sqlite3_column_int64(q, 2);
    st->records = sqlite3_column_int64(q, 3);
    st->rejects = sqlite3_column_int64(q, 4);
    st->audits = sqlite3_column_int64(q, 5);
    sqlite3_finalize(q);
    sqlite3_close(h);
}

/* The database is sound and holds the batch wholly (returns 1) or not at all (0); else a problem
 * (-1). The templates hold no batch. */
static int batch_state(const char *what, long n)
{
    struct state st;
    read_state(&st);
    if (!st.sound) {
        problem("%s %ld: the integrity check fails", what, n);
        return -1;
    }
    if (st.partial || st.orphans) {
        problem("%s %ld: %lld partial batches, %lld orphan records", what, n, st.partial, st.orphans);
        return -1;
    }
    if (st.batches == 0 && st.records == 0 && st.rejects == 0 && st.audits == 0)
        return 0;
    if (st.batches == 1 && st.records == ref.added && st.rejects == (long long)ref.nrejects && st.audits == 1)
        return 1;
    problem("%s %ld: half a batch: %lld batches, %lld records, %lld rejects, %lld audit entries", what, n,
            st.batches, st.records, st.rejects, st.audits);
    return -1;
}

static int import(struct xy_app *app, struct xy_import_result *res, struct xy_error *err)
{
    struct xy_import_opts o = {.cls = "penalty", .dept_uscc = DEPT, .format = XY_BATCH_CSV, .source = "faults"};
    memset(err, 0, sizeof *err);
    return xy_import_buffer(app, &o, batch, batch_len, res, err);
}

static void expect_ref(const char *what, long n, const struct xy_import_result *res)
{
    if (res->rows != ref.rows || res->accepted != ref.accepted || res->rejected != ref.rejected ||
        res->added + res->unchanged != ref.added || res->nrejects != ref.nrejects)
        problem("%s %ld: the import succeeded with other counts (rows %ld accepted %ld rejected %ld added %ld "
                 "unchanged %ld rejects %zu; without faults: %ld %ld %ld %ld 0 %zu)",
                 what, n, res->rows, res->accepted, res->rejected, res->added, res->unchanged, res->nrejects,
                 ref.rows, ref.accepted, ref.rejected, ref.added, ref.nrejects);
}

/* A failed call said why, with one of the codes that mean "could not", never "your input is bad". */
static void expect_clean_error(const char *what, long n, int rc, const struct xy_error *err, int allowed_mask)
{
    if (!((1 << rc) & allowed_mask))
        problem("%s %ld: error code %d (%s): %s", what, n, rc, xy_strerror(rc), err->msg);
    if (!err->msg[0])
        problem("%s %ld: error %s without a message", what, n, xy_strerror(rc));
}

#define ALLOC_ERRS ((1 << XY_ENOMEM) | (1 << XY_EDB))
#define IO_ERRS ((1 << XY_EIO) | (1 << XY_EDB))

static int group_setup(void **state)
{
    struct xy_app *app = NULL;
    struct xy_error err = {0};
    int from, to, loaded;
    int64_t id;
    char key[128], path[256];
    (void)state;
    const char *data = getenv("XY_TEST_DATA");
    const char *s = getenv("XY_FAULTS_STRIDE");
    if (s && strtol(s, NULL, 10) > 0)
        stride = strtol(s, NULL, 10);
    snprintf(dir, sizeof dir, "%s", "/tmp/xy-faults.XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(key, sizeof key, "%s/x.key", dir);
    setenv("XINYONG_KEY_FILE", key, 1);
    assert_int_equal(xy_clock_init(&tclock, "2026-11-28", NULL), XY_OK);
    snprintf(db, sizeof db, "%s/x.db", dir);
    snprintf(empty_db, sizeof empty_db, "%s/empty.db", dir);
    snprintf(full_db, sizeof full_db, "%s/full.db", dir);
    snprintf(path, sizeof path, "%s/penalty-good.csv", data ? data : "tests/data");
    assert_non_null(batch = slurp(path, &batch_len));
    memcpy(batch + batch_len, bad_row, sizeof bad_row - 1);
    batch_len += sizeof bad_row - 1;

    assert_int_equal(xy_app_init(empty_db, &tclock, NULL, 0, &from, &to, &loaded, &err), XY_OK);
    assert_int_equal(xy_app_open(empty_db, &tclock, &app, &err), XY_OK);
    struct xy_store *st = app->store;
    assert_int_equal(st->ops->begin(st, &err), XY_OK);
    assert_int_equal(st->ops->dept_add(st, DEPT, "武汉市市场监督管理局", "2026-11-28T01:00:00Z", &id, &err), XY_OK);
    assert_int_equal(st->ops->commit(st, &err), XY_OK);
    xy_app_close(app); /* the last connection: the WAL is checkpointed into the file and removed */

    copy_file(empty_db, full_db);
    snprintf(db, sizeof db, "%s", full_db);
    assert_int_equal(xy_app_open(db, &tclock, &app, &err), XY_OK);
    if (import(app, &ref, &err))
        fail_msg("import without faults: %s", err.msg);
    xy_app_close(app);
    assert_true(ref.rows == 6 && ref.accepted == 5 && ref.rejected == 1 && ref.added == 5);
    assert_int_equal(batch_state("reference", 0), 1);
    snprintf(db, sizeof db, "%s/x.db", dir);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    char path[256];
    remove_db(db);
    remove_db(empty_db);
    remove_db(full_db);
    snprintf(path, sizeof path, "%s/x.key", dir);
    unlink(path);
    rmdir(dir);
    xy_import_result_release(&ref);
    xy_free(batch);
    return 0;
}

/* ---- import, failing each allocation in turn ---- */

/* The connection can start a write transaction: the failed import left none open. */
static int usable(struct xy_app *app, struct xy_error *err)
{
    struct xy_store *st = app->store;
    int rc = st->ops->begin(st, err);
    if (rc == XY_OK)
        st->ops->rollback(st);
    return rc;
}

static void test_import_alloc(void **state)
{
    (void)state;
    long n, tries = 0, failed = 0;
    fresh(empty_db);
    for (n = 1;; n += stride) {
        struct xy_app *app = NULL;
        struct xy_import_result res;
        struct xy_error err;
        assert_int_equal(xy_app_open(db, &tclock, &app, &err), XY_OK);
        xy_alloc_fail_at(n);
        int rc = import(app, &res, &err);
        int hit = xy_alloc_count() >= n;
        xy_alloc_fail_at(0);
        tries++;
        /* Read while the connection is still open: what a reader sees right after the failure. */
        int present = batch_state("import, allocation", n);
        if (rc == XY_OK) {
            expect_ref("import, allocation", n, &res);
            xy_import_result_release(&res);
            if (present == 0)
                problem("import, allocation %ld: reported committed, the batch is not there", n);
        } else {
            failed++;
            expect_clean_error("import, allocation", n, rc, &err, ALLOC_ERRS);
            if (present == 1)
                problem("import, allocation %ld: failed (%s), yet the batch is there", n, err.msg);
            /* Memory is back: the same connection (the server's one writer) must go on working. */
            if (usable(app, &err))
                problem("import, allocation %ld: the connection is unusable afterwards: %s", n, err.msg);
        }
        xy_app_close(app);
        if (rc == XY_OK || present != 0)
            fresh(empty_db);
        if (rc == XY_OK && !hit)
            break;
    }
    printf("import: %ld allocations; %ld tries, %ld failed\n", n - 1, tries, failed);
    end_test("import under allocation failure");
}

/* ---- opening the application, failing each allocation in turn (every 4th by default: most are the
 * catalogue's JSON) ---- */

static void test_open_alloc(void **state)
{
    (void)state;
    long n, step = stride > 1 ? stride : 4;
    fresh(full_db);
    for (n = 1;; n += step) {
        struct xy_app *app = NULL;
        struct xy_error err = {0};
        xy_alloc_fail_at(n);
        int rc = xy_app_open(db, &tclock, &app, &err);
        int hit = xy_alloc_count() >= n;
        xy_alloc_fail_at(0);
        if (rc) {
            if (app)
                problem("open, allocation %ld: an application with error %d", n, rc);
            expect_clean_error("open, allocation", n, rc, &err, ALLOC_ERRS | (1 << XY_EIO));
        }
        xy_app_close(app);
        if (rc == XY_OK && !hit)
            break;
    }
    printf("open: %ld allocations\n", n - 1);
    end_test("open under allocation failure");
}

/* ---- import, failing each write or sync in turn ---- */

static void io_sweep(const char *what, int sync, int persist)
{
    long n, failed_calls = 0;
    for (n = 1;; n++) {
        struct xy_app *app = NULL;
        struct xy_import_result res;
        struct xy_error err;
        fresh(empty_db);
        assert_int_equal(xy_app_open(db, &tclock, &app, &err), XY_OK);
        if (sync)
            xy_vfs_fault_fail_sync_at(n, persist);
        else
            xy_vfs_fault_fail_write_at(n, persist);
        int rc = import(app, &res, &err);
        long failed = xy_vfs_fault_failed();
        xy_vfs_fault_fail_write_at(0, 0);
        xy_vfs_fault_fail_sync_at(0, 0);
        if (rc == XY_OK) {
            expect_ref(what, n, &res);
            xy_import_result_release(&res);
        } else {
            failed_calls++;
            expect_clean_error(what, n, rc, &err, IO_ERRS);
        }
        int retried = -1;
        if (rc) {
            /* The disk works again: the same connection takes the batch (or finds it all there). */
            retried = import(app, &res, &err);
            if (retried)
                problem("%s %ld: the connection is unusable after the error: %s", what, n, err.msg);
            else
                xy_import_result_release(&res);
        }
        xy_app_close(app);
        int present = batch_state(what, n);
        if (rc == XY_OK && present != 1)
            problem("%s %ld: reported committed, not there", what, n);
        if (retried == XY_OK && present != 1)
            problem("%s %ld: the retry was reported committed, not there", what, n);
        if (rc == XY_OK && failed == 0)
            break;
    }
    printf("%s: %ld calls; %ld imports failed\n", what, n - 1, failed_calls);
    end_test(what);
}

static void test_io_import_write_persistent(void **state)
{
    (void)state;
    io_sweep("import, write (from the Nth on)", 0, 1);
}

static void test_io_import_write_transient(void **state)
{
    (void)state;
    io_sweep("import, write (the Nth only)", 0, 0);
}

static void test_io_import_sync_persistent(void **state)
{
    (void)state;
    io_sweep("import, sync (from the Nth on)", 1, 1);
}

static void test_io_import_sync_transient(void **state)
{
    (void)state;
    io_sweep("import, sync (the Nth only)", 1, 0);
}

/* The checkpoint when the last connection closes, failing each write or sync in turn: the batch,
 * committed to the WAL, is there afterwards all the same. */
static void test_io_checkpoint(void **state)
{
    (void)state;
    for (int sync = 0; sync <= 1; sync++) {
        for (long n = 1;; n++) {
            struct xy_app *app = NULL;
            struct xy_import_result res;
            struct xy_error err;
            fresh(empty_db);
            assert_int_equal(xy_app_open(db, &tclock, &app, &err), XY_OK);
            if (import(app, &res, &err))
                fail_msg("import: %s", err.msg);
            xy_import_result_release(&res);
            if (sync)
                xy_vfs_fault_fail_sync_at(n, 1);
            else
                xy_vfs_fault_fail_write_at(n, 1);
            xy_app_close(app);
            long failed = xy_vfs_fault_failed();
            xy_vfs_fault_fail_write_at(0, 0);
            xy_vfs_fault_fail_sync_at(0, 0);
            if (batch_state(sync ? "checkpoint, sync" : "checkpoint, write", n) != 1)
                problem("checkpoint %s %ld: a committed batch is gone", sync ? "sync" : "write", n);
            if (failed == 0)
                break;
        }
    }
    end_test("checkpoint under I/O failure");
}

/* ---- the read paths, failing each allocation in turn ---- */

struct read_case {
    const char *name;
    int show; /* 0: search, 1: show */
    const char *arg;
    enum xy_view view;
    const char *cls;
};

static const struct read_case reads[] = {
    {"search name, public", 0, "华鑫科技", XY_VIEW_PUBLIC, NULL},
    {"search name, internal", 0, "有限公司", XY_VIEW_INTERNAL, NULL},
    {"search code prefix, reveal", 0, "914206", XY_VIEW_REVEAL, NULL},
    {"show org, public, one class", 1, "91420684MA4927PJ7B", XY_VIEW_PUBLIC, "penalty"},
    {"show org, internal", 1, "91420684MA4927PJ7B", XY_VIEW_INTERNAL, NULL},
    {"show person, reveal", 1, "360426199101010071", XY_VIEW_REVEAL, NULL},
};

static int read_call(struct xy_app *app, const struct read_case *c, json_t **out, struct xy_error *err)
{
    memset(err, 0, sizeof *err);
    *out = NULL;
    if (c->show)
        return xy_subject_show(app, c->arg, c->view, c->cls, out, err);
    return xy_subject_search(app, c->arg, c->view, 0, 20, out, err);
}

static void test_reads_alloc(void **state)
{
    (void)state;
    fresh(full_db);
    for (size_t i = 0; i < sizeof reads / sizeof *reads; i++) {
        const struct read_case *c = &reads[i];
        struct xy_app *app = NULL;
        struct xy_error err;
        json_t *out;
        assert_int_equal(xy_app_open(db, &tclock, &app, &err), XY_OK);
        if (read_call(app, c, &out, &err))
            fail_msg("%s without faults: %s", c->name, err.msg);
        char *want = json_dumps(out, JSON_COMPACT | JSON_SORT_KEYS);
        assert_non_null(want);
        if (strlen(want) < 20)
            fail_msg("%s: an empty answer: %s", c->name, want);
        json_decref(out);
        xy_app_close(app);
        long n;
        for (n = 1;; n += stride) {
            /* A new connection each time, so that preparing its statements fails in turn too. */
            assert_int_equal(xy_app_open(db, &tclock, &app, &err), XY_OK);
            xy_alloc_fail_at(n);
            int rc = read_call(app, c, &out, &err);
            int hit = xy_alloc_count() >= n;
            xy_alloc_fail_at(0);
            if (rc == XY_OK) {
                /* Success despite a failed allocation must still be the whole answer: a record left
                 * out of a subject's page for want of memory would misinform. */
                char *got = json_dumps(out, JSON_COMPACT | JSON_SORT_KEYS);
                assert_non_null(got);
                if (strcmp(got, want) != 0)
                    problem("%s, allocation %ld: succeeded with another answer: %s (without faults: %s)", c->name, n,
                            got, want);
                xy_free(got);
                json_decref(out);
            } else {
                if (out)
                    problem("%s, allocation %ld: an answer with error %d", c->name, n, rc);
                expect_clean_error(c->name, n, rc, &err, ALLOC_ERRS);
            }
            xy_app_close(app);
            if (rc == XY_OK && !hit)
                break;
        }
        printf("%s: %ld allocations\n", c->name, n - 1);
        xy_free(want);
    }
    end_test("reads under allocation failure");
}

/* ---- an objection's whole life, failing each allocation in turn ---- */

/* What a move may change, read through a connection of its own: each move changes all of it or none. */
static char *claims_state(void)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *q = NULL;
    char *out = NULL;
    assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    static const char sql[] =
        "SELECT (SELECT count(*) FROM claim) || '|' || (SELECT coalesce(group_concat(state || ',' ||"
        " coalesce(due, '') || ',' || coalesce(decision, '') || ',' || coalesce(result_record, 0)), '') FROM claim)"
        " || '|' || (SELECT count(*) FROM claim_step) || '|' || (SELECT count(*) FROM claim_file)"
        " || '|' || (SELECT count(*) FROM record) || '|' || (SELECT count(*) FROM record WHERE is_current = 1)"
        " || '|' || (SELECT coalesce(sum(objection_id), 0) FROM record) || '|' || (SELECT count(*) FROM change)"
        " || '|' || (SELECT count(*) FROM audit)";
    if (sqlite3_prepare_v2(h, sql, -1, &q, NULL) != SQLITE_OK)
        fail_msg("%s", sqlite3_errmsg(h));
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    out = strdup((const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    sqlite3_close(h);
    assert_non_null(out);
    return out;
}

static long long first_penalty(void)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *q = NULL;
    assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(h, "SELECT min(id) FROM record WHERE class = 'penalty' AND status = "
                                           "'published'", -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    long long id = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(h);
    return id;
}

/* Step i of the life: file (with an evidence file), accept, forward, decide (a correction), close. */
static int claim_step(struct xy_app *app, int i, long long rec, struct xy_error *err)
{
    static const char pdf[] = "%PDF-1.4\n% evidence\n";
    struct xy_principal op;
    xy_principal_operator(&op);
    memset(err, 0, sizeof *err);
    if (i == 0) {
        struct xy_claim_file_in f = {"凭证.pdf", "application/pdf", pdf, sizeof pdf - 1};
        int64_t id;
        return xy_objection_file(app, &op, rec, "罚款金额有误", &f, 1, &id, err);
    }
    static const char *const acts[] = {NULL, "{\"action\":\"accept\"}", "{\"action\":\"forward\"}",
                                       "{\"action\":\"decide\",\"decision\":\"correct\",\"reason\":\"录入有误\","
                                       "\"fields\":{\"content\":\"罚款1000元并警告\"}}",
                                       "{\"action\":\"close\"}"};
    json_error_t jerr;
    json_t *args = json_loads(acts[i], 0, &jerr);
    if (!args) /* the test's own allocation failed: as the server would answer it */
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    int rc = xy_claim_act(app, &op, 1, json_string_value(json_object_get(args, "action")), args, err);
    json_decref(args);
    return rc;
}

static void test_claims_alloc(void **state)
{
    (void)state;
    long n, tries = 0, failed = 0;
    fresh(full_db);
    long long rec = first_penalty();
    assert_true(rec > 0);
    /* The reference: the whole life without faults, and the state after each step. */
    char *want[6];
    {
        struct xy_app *app = NULL;
        struct xy_error err;
        assert_int_equal(xy_app_open(db, &tclock, &app, &err), XY_OK);
        want[0] = claims_state();
        for (int i = 0; i < 5; i++) {
            if (claim_step(app, i, rec, &err))
                fail_msg("objection step %d without faults: %s", i, err.msg);
            want[i + 1] = claims_state();
        }
        xy_app_close(app);
        if (strncmp(want[5], "1|closed,,correct,", 18) != 0)
            fail_msg("the reference life ended as %s", want[5]);
    }
    for (n = 1;; n += stride) {
        struct xy_app *app = NULL;
        struct xy_error err;
        fresh(full_db);
        assert_int_equal(xy_app_open(db, &tclock, &app, &err), XY_OK);
        xy_alloc_fail_at(n);
        int rc = 0, i;
        for (i = 0; i < 5 && !rc; i++)
            rc = claim_step(app, i, rec, &err);
        int hit = xy_alloc_count() >= n;
        xy_alloc_fail_at(0);
        tries++;
        char *got = claims_state();
        if (rc) {
            failed++;
            /* Step i - 1 failed: the database is as the step before left it, nothing of the failed one. */
            expect_clean_error("objection, allocation", n, rc, &err, ALLOC_ERRS);
            if (strcmp(got, want[i - 1]) != 0)
                problem("objection step %d, allocation %ld: failed (%s) but changed the database: %s, expected %s",
                        i - 1, n, err.msg, got, want[i - 1]);
            if (usable(app, &err))
                problem("objection step %d, allocation %ld: the connection is unusable afterwards: %s", i - 1, n,
                        err.msg);
        } else if (strcmp(got, want[5]) != 0) {
            problem("objection, allocation %ld: succeeded with another end: %s, expected %s", n, got, want[5]);
        }
        free(got);
        xy_app_close(app);
        if (rc == XY_OK && !hit)
            break;
    }
    for (int i = 0; i < 6; i++)
        free(want[i]);
    printf("objection life: %ld allocations; %ld tries, %ld failed\n", n - 1, tries, failed);
    end_test("objection life under allocation failure");
}

int main(void)
{
    /* Before SQLite starts: its allocations go through xy_malloc, and so fail in turn with ours. */
    if (sqlite3_config(SQLITE_CONFIG_MALLOC, &sq_mem) != SQLITE_OK) {
        fprintf(stderr, "test_faults: sqlite3_config(SQLITE_CONFIG_MALLOC) refused\n");
        return 1;
    }
    /* XY_FAULTS_ONLY=test_name runs one test (when debugging one sweep). */
    const char *only = getenv("XY_FAULTS_ONLY");
    if (only && *only)
        cmocka_set_test_filter(only);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_alloc),
        cmocka_unit_test(test_import_alloc),
        cmocka_unit_test(test_io_import_write_persistent),
        cmocka_unit_test(test_io_import_write_transient),
        cmocka_unit_test(test_io_import_sync_persistent),
        cmocka_unit_test(test_io_import_sync_transient),
        cmocka_unit_test(test_io_checkpoint),
        cmocka_unit_test(test_reads_alloc),
        cmocka_unit_test(test_claims_alloc),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
