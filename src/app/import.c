/* SPDX-License-Identifier: Apache-2.0 */
/* Batch import: reader -> validator -> store, in one write transaction per batch. */
#include "app/recordrow.h"
#include "app/app_int.h"
#include "app/rejects.h"
#include "app/import.h"

#include "app/audit.h"
#include "app/auth.h"

#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "common/xy_alloc.h"
#include "common/xy_buf.h"
#include "common/xy_utf8.h"
#include "core/idscan.h"
#include "core/ric.h"
#include "core/text.h"

/* One row as the reading side leaves it for the writing side: validated, hashed and sealed, or its
 * rejects written out. */
struct item {
    long row;
    uint64_t bytes; /* of the input read when the row was */
    int valid;      /* v and parts hold the row */
    struct xy_valrec v;
    struct xy_rowparts parts;
    int rejected;
    size_t nrej;
    struct xy_reject rej[XY_ROW_MAX_ERRORS + 1];
};

/* Large inputs are read, parsed and checked on a thread of their own while this one writes: a
 * bounded ring of prepared rows between them (ROWQ rows, a few MB). */
enum { ROWQ = 512, THREADED_MIN = 1 << 20 };
/* A side that sleeps is woken when there is work for a while, not for each row: the reader when half
 * the ring is free, the writer when ROWQ_WAKE rows wait (or the input ended). */
enum { ROWQ_WAKE = 64 };

struct run {
    struct xy_app *app;
    const struct xy_class *cls;
    int64_t dept_id;
    int64_t batch_id;
    struct xy_date today;
    char today_s[11];
    char now[32];
    struct xy_import_result *res;
    struct xy_error *err;
    uint64_t *seen; /* open-addressing set of keyed hashes of the batch's document numbers */
    size_t seen_cap, seen_n;
    long reject_seq;
    size_t rejects_cap;
    xy_import_progress_fn progress;
    void *progress_ctx;
    uint64_t bytes;
    int64_t first_record, last_record; /* ids of the versions this batch stored (0 when none) */
    int fresh; /* the department held no record of the class when the batch began */
    struct xy_error *rerr; /* the reading side's errors: err itself when one thread does both */
    struct xy_batch_reader *rd;
    FILE *in;
    const char *data;
    size_t len;
    struct item *q; /* the ring (threaded) or one item (not) */
    /* Rows taken by the writer (head) and put by the reader (tail). Each side sleeps only when the
     * ring is empty or full, and is woken only when it said it sleeps: no lock a row. */
    atomic_size_t head, tail;
    atomic_int reader_waits, writer_waits, reader_done, abort;
    int threaded, reader_rc;
    pthread_mutex_t mu;
    pthread_cond_t not_full, not_empty;
};

void xy_import_result_release(struct xy_import_result *res)
{
    for (size_t i = 0; i < res->nrejects; i++) {
        xy_free(res->rejects[i].value);
        xy_free(res->rejects[i].reason);
    }
    xy_free(res->rejects);
    memset(res, 0, sizeof *res);
}

/* What a rejected value and its reason show: ID numbers masked (core/idscan.h), so that neither the
 * rejects the department reads (JSON, CSV) nor the ones stored with the batch hold one in clear. A
 * cell that is an ID number, or has the shape of one where a code was expected, is masked whole; in
 * other text the numbers are. Long values are cut to 200 bytes, on a character boundary, after
 * masking: a number is never cut into a part the scan would miss. Control, bidirectional and
 * invisible characters (the row may be rejected for them) are written as \uXXXX (core/text.h): the
 * value names them, and carries none into a file or a terminal. OUT: value, reason (initialised by
 * the caller). */
static int reject_texts(struct run *r, const struct xy_field *f, const struct xy_cell *cell, const char *reason,
                        struct xy_buf *value, struct xy_buf *why)
{
    struct xy_id_date td = {r->today.y, r->today.m, r->today.d};
    int rc = XY_OK;
    if (f && cell->p) {
        char masked[96];
        if (f->sealed || xy_idscan_cell(cell->p, cell->n, &td)) { /* a rejected ID number is still personal data */
            if (xy_ric_mask(cell->p, cell->n > 64 ? 64 : cell->n, masked, sizeof masked))
                masked[0] = '\0';
            rc = xy_buf_addz(value, masked);
        } else {
            size_t n = cell->n > 328 ? xy_utf8_floor(cell->p, 328) : cell->n;
            rc = xy_idscan_mask(cell->p, n, XY_IDSCAN_ALL, &td, value, NULL);
        }
        if (!rc && value->len > 200) {
            value->len = xy_utf8_floor(value->data, 200);
            value->data[value->len] = '\0';
        }
        if (!rc && value->len && xy_utf8_valid(value->data, value->len)) {
            struct xy_buf esc;
            xy_buf_init(&esc, value->max * 6);
            rc = xy_text_escape(value->data, value->len, &esc);
            if (!rc) {
                xy_buf_release(value);
                *value = esc;
            } else {
                xy_buf_release(&esc);
            }
        }
    }
    if (!rc)
        rc = xy_idscan_mask(reason, strlen(reason), XY_IDSCAN_ALL, &td, why, NULL);
    return rc;
}

/* The reject entry of a row's field (or of the whole row, field -1), its texts masked. */
static int make_reject(struct run *r, struct item *it, int field, const struct xy_cell *cells, const char *code,
                       const char *reason)
{
    const struct xy_field *f = field >= 0 ? &r->cls->fields[field] : NULL;
    struct xy_buf value, why;
    xy_buf_init(&value, 4096);
    xy_buf_init(&why, 4096);
    it->rejected = 1;
    if (reject_texts(r, f, f ? &cells[field] : NULL, reason, &value, &why)) {
        xy_buf_release(&value);
        xy_buf_release(&why);
        return xy_error_set(r->rerr, XY_ENOMEM, "out of memory");
    }
    struct xy_reject *j = &it->rej[it->nrej];
    memset(j, 0, sizeof *j);
    j->row = it->row;
    snprintf(j->field, sizeof j->field, "%s", f ? f->code : "");
    snprintf(j->code, sizeof j->code, "%s", code);
    j->value = xy_strdup(xy_buf_str(&value));
    j->reason = xy_strdup(xy_buf_str(&why));
    xy_buf_release(&value);
    xy_buf_release(&why);
    if (!j->value || !j->reason) {
        xy_free(j->value);
        xy_free(j->reason);
        j->value = j->reason = NULL;
        return xy_error_set(r->rerr, XY_ENOMEM, "out of memory");
    }
    it->nrej++;
    return XY_OK;
}

/* Moves a rejected row's entries into the result and the store, numbered in the order of the rows. */
static int keep_rejects(struct run *r, struct item *it)
{
    struct xy_import_result *res = r->res;
    r->res->rejected++;
    for (size_t i = 0; i < it->nrej; i++) {
        if (res->nrejects == r->rejects_cap) {
            size_t cap = r->rejects_cap ? r->rejects_cap * 2 : 64;
            struct xy_reject *n = xy_realloc(res->rejects, cap * sizeof *n);
            if (!n)
                return xy_error_set(r->err, XY_ENOMEM, "out of memory");
            res->rejects = n;
            r->rejects_cap = cap;
        }
        struct xy_reject *j = &res->rejects[res->nrejects++];
        *j = it->rej[i];
        it->rej[i].value = it->rej[i].reason = NULL;
        int rc = r->app->store->ops->reject_add(r->app->store, r->batch_id, ++r->reject_seq, j->row, j->field,
                                                j->value, j->code, j->reason, r->err);
        if (rc)
            return rc;
    }
    return XY_OK;
}

static int reject_all(struct run *r, struct item *it, const struct xy_cell *cells, const struct xy_row_errors *errs)
{
    for (int i = 0; i < errs->n; i++) {
        int rc = make_reject(r, it, errs->e[i].field, cells, errs->e[i].code, errs->e[i].reason);
        if (rc)
            return rc;
    }
    if (errs->truncated)
        return make_reject(r, it, -1, cells, "more", "该行还有更多错误 (the row has more problems)");
    return XY_OK;
}

static void item_release(struct item *it)
{
    if (it->valid) {
        xy_valrec_release(&it->v);
        xy_rowparts_release(&it->parts);
    }
    for (size_t i = 0; i < it->nrej; i++) {
        xy_free(it->rej[i].value);
        xy_free(it->rej[i].reason);
    }
    it->valid = 0;
    it->nrej = 0;
}

/* Adds h to the set; returns 1 when it was there already, -1 on out of memory. */
static int seen_add(struct run *r, uint64_t h)
{
    if (h == 0)
        h = 1; /* 0 marks an empty slot */
    if (r->seen_n * 2 >= r->seen_cap) {
        size_t cap = r->seen_cap ? r->seen_cap * 2 : 1024;
        uint64_t *n = xy_calloc(cap, sizeof *n);
        if (!n)
            return -1;
        for (size_t i = 0; i < r->seen_cap; i++) {
            if (!r->seen[i])
                continue;
            size_t j = r->seen[i] & (cap - 1);
            while (n[j])
                j = (j + 1) & (cap - 1);
            n[j] = r->seen[i];
        }
        xy_free(r->seen);
        r->seen = n;
        r->seen_cap = cap;
    }
    size_t j = h & (r->seen_cap - 1);
    while (r->seen[j]) {
        if (r->seen[j] == h)
            return 1;
        j = (j + 1) & (r->seen_cap - 1);
    }
    r->seen[j] = h;
    r->seen_n++;
    return 0;
}

/* The reading side: a row checked, and either made ready to store (content hash, sealed part, the
 * numbers it cites) or its rejects written out. Touches no database. */
static int prepare(struct run *r, struct item *it, const struct xy_cell *cells, const struct xy_row_errors *pre)
{
    struct xy_row_errors errs;
    const struct xy_keys *keys = &r->app->keys;
    if (pre)
        return reject_all(r, it, cells, pre);
    int rc = xy_validate_row(r->cls, cells, r->today, &it->v, &errs);
    if (rc == XY_ENOMEM)
        return xy_error_set(r->rerr, XY_ENOMEM, "out of memory at record %ld", it->row);
    if (rc == XY_ETOOBIG)
        return make_reject(r, it, -1, cells, "too_long", "该行过大 (the record is too large)");
    if (rc)
        return reject_all(r, it, cells, &errs);

    uint8_t dh[8];
    xy_keys_hash(keys, it->v.doc_no, strlen(it->v.doc_no), dh, sizeof dh);
    uint64_t h64;
    memcpy(&h64, dh, sizeof h64);
    int dup = seen_add(r, h64);
    if (dup < 0)
        rc = xy_error_set(r->rerr, XY_ENOMEM, "out of memory");
    else if (dup)
        rc = make_reject(r, it, r->cls->role_field[XY_ROLE_DOC_NO], cells, "duplicate",
                         "本批次中已有相同文书号的记录，第二条不予接收 (the batch has this document number "
                         "already)");
    else if ((rc = xy_rowparts_make(keys, r->cls, &it->v, NULL, &it->parts, r->rerr)) == XY_OK)
        it->valid = 1;
    if (!it->valid)
        xy_valrec_release(&it->v);
    return rc;
}

static int on_upper(void *ctx, const struct xy_record_row *rec)
{
    snprintf(ctx, 72, "%s", rec->upper ? rec->upper : "");
    return 1;
}

/* The writing side: a prepared row stored as a new record, a new version, or recognised as held. */
static int store_row(struct run *r, struct item *it)
{
    struct xy_store *st = r->app->store;
    const struct xy_keys *keys = &r->app->keys;
    struct xy_valrec *v = &it->v;
    struct xy_rowparts *parts = &it->parts;
    int64_t cur_id;
    int version = 0;
    uint8_t cur_hash[16];
    /* A class the department never sent has no current version to find: the batch itself cannot hold
     * one either, its repeated document numbers being refused as they are read. */
    int rc = r->fresh ? XY_ENOTFOUND
                      : st->ops->record_current(st, r->cls->name, r->dept_id, v->doc_no, &cur_id, &version,
                                                cur_hash, r->err);
    if (rc == XY_OK && memcmp(cur_hash, parts->hash, sizeof cur_hash) == 0) {
        r->res->unchanged++;
        r->res->accepted++;
        return XY_OK;
    }
    if (rc != XY_OK && rc != XY_ENOTFOUND)
        return rc;
    if (rc == XY_OK) {
        /* An entry of a list published above (app/exchange_lists.c) changes only with its source's
         * next file, never by a department's batch under the same key (docs/internals/EXCHANGE.md). */
        char upper[72] = "";
        if ((rc = st->ops->record_get(st, cur_id, on_upper, upper, r->err)))
            return rc;
        if (upper[0])
            return xy_error_set(r->err, XY_EDENIED,
                                "第 %ld 行：%.100s 是上级平台 %s 发布的名单条目，本市部门不能更改，只由其下一份名单替换 "
                                "(row %ld: %.100s is an entry of the list %s publishes above: a city department "
                                "cannot change it; only that source's next file does)",
                                it->row, v->doc_no, upper, it->row, v->doc_no, upper);
    }

    int64_t subject_id;
    int differs = 0;
    if ((rc = xy_rowparts_subject(st, keys, v, parts->decision[0] ? parts->decision : NULL, r->now, &subject_id,
                                  &differs, r->err)))
        return rc;
    if (differs)
        r->res->flagged++;
    struct xy_record_row rec = {
        .cls = r->cls->name,
        .dept_id = r->dept_id,
        .doc_no = v->doc_no,
        .version = version + 1,
        .subject_id = subject_id,
        .batch_id = r->batch_id,
        .row_no = it->row,
        .created_at = r->now,
    };
    xy_rowparts_fill(v, parts, differs ? XY_RF_NAME_MISMATCH : 0, &rec);
    int64_t rid = 0;
    if ((rc = st->ops->record_put(st, &rec, &rid, r->err)))
        return rc;
    if (!r->first_record || rid < r->first_record)
        r->first_record = rid;
    if (rid > r->last_record)
        r->last_record = rid;
    if (version)
        r->res->updated++;
    else
        r->res->added++;
    r->res->accepted++;
    return XY_OK;
}

static int apply(struct run *r, struct item *it)
{
    r->res->rows = it->row;
    if (r->progress && (it->row & 4095) == 0)
        r->progress(r->progress_ctx, it->bytes, it->row);
    return it->rejected ? keep_rejects(r, it) : store_row(r, it);
}

/* The batch reader's callback, on the reading side. Threaded, it waits for room in the ring and
 * stops when the writing side has failed (XY_EBUSY, never seen: the writer's error is the one kept). */
/* Wakes the other side when it said it sleeps (it says so, under the lock, before it looks again)
 * and `enough` is what it waits for. */
static void wake(struct run *r, atomic_int *waits, int enough, pthread_cond_t *cv)
{
    if (enough && atomic_load(waits)) {
        pthread_mutex_lock(&r->mu);
        pthread_cond_signal(cv);
        pthread_mutex_unlock(&r->mu);
    }
}

static int on_row(void *ctx, long row, const struct xy_cell *cells, const struct xy_row_errors *pre)
{
    struct run *r = ctx;
    struct item *it = r->q;
    if (r->threaded) {
        size_t tail = atomic_load(&r->tail);
        if (tail - atomic_load(&r->head) == ROWQ) {
            pthread_mutex_lock(&r->mu);
            atomic_store(&r->reader_waits, 1);
            while (tail - atomic_load(&r->head) > ROWQ / 2 && !atomic_load(&r->abort))
                pthread_cond_wait(&r->not_full, &r->mu);
            atomic_store(&r->reader_waits, 0);
            pthread_mutex_unlock(&r->mu);
        }
        if (atomic_load(&r->abort))
            return XY_EBUSY;
        it = &r->q[tail % ROWQ];
    }
    it->row = row;
    it->bytes = r->bytes;
    it->valid = it->rejected = 0;
    it->nrej = 0;
    int rc = prepare(r, it, cells, pre);
    if (rc) {
        item_release(it);
        return rc;
    }
    if (!r->threaded) {
        rc = apply(r, it);
        item_release(it);
        return rc;
    }
    size_t n = atomic_fetch_add(&r->tail, 1) + 1 - atomic_load(&r->head);
    wake(r, &r->writer_waits, n >= ROWQ_WAKE, &r->not_empty);
    return XY_OK;
}

/* All of the input through the batch reader, on the reading side. */
static int read_all(struct run *r)
{
    int rc = XY_OK;
    if (r->in) {
        enum { CHUNK = 256 * 1024 };
        char *chunk = xy_malloc(CHUNK);
        if (!chunk)
            return xy_error_set(r->rerr, XY_ENOMEM, "out of memory");
        size_t n;
        while ((n = fread(chunk, 1, CHUNK, r->in)) > 0) {
            r->bytes += n;
            if ((rc = xy_batch_reader_feed(r->rd, chunk, n, r->rerr)))
                break;
        }
        if (!rc && ferror(r->in))
            rc = xy_error_set(r->rerr, XY_EIO, "读取出错 (read error): %s", strerror(errno));
        xy_free(chunk);
    } else {
        r->bytes = r->len;
        rc = xy_batch_reader_feed(r->rd, r->data, r->len, r->rerr);
    }
    if (!rc)
        rc = xy_batch_reader_finish(r->rd, r->rerr);
    return rc;
}

static void *reader_main(void *arg)
{
    struct run *r = arg;
    r->reader_rc = read_all(r);
    pthread_mutex_lock(&r->mu);
    atomic_store(&r->reader_done, 1);
    pthread_cond_signal(&r->not_empty);
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

/* The writing side of a threaded import: stores the prepared rows in order until the reading side
 * is done; after a failure it only frees what is left, and tells the reader to stop. */
static int write_all(struct run *r)
{
    int rc = XY_OK;
    for (;;) {
        size_t head = atomic_load(&r->head);
        if (head == atomic_load(&r->tail)) {
            pthread_mutex_lock(&r->mu);
            atomic_store(&r->writer_waits, 1);
            while (atomic_load(&r->tail) - head < ROWQ_WAKE && !atomic_load(&r->reader_done))
                pthread_cond_wait(&r->not_empty, &r->mu);
            atomic_store(&r->writer_waits, 0);
            pthread_mutex_unlock(&r->mu);
            if (head == atomic_load(&r->tail))
                break; /* the reader is done and every row taken */
        }
        struct item *it = &r->q[head % ROWQ];
        if (!rc && (rc = apply(r, it)))
            atomic_store(&r->abort, 1);
        item_release(it);
        size_t n = atomic_load(&r->tail) - (atomic_fetch_add(&r->head, 1) + 1);
        wake(r, &r->reader_waits, n <= ROWQ / 2, &r->not_full);
    }
    return rc;
}

/* Reads the whole input and stores its rows: on two threads when the input is large, on this one
 * otherwise. The reading side's failure is reported when the writing side has none. */
static int load(struct run *r, struct xy_error *err)
{
    struct xy_error rerr;
    xy_error_clear(&rerr);
    r->threaded = r->in || r->len >= THREADED_MIN;
    r->rerr = r->threaded ? &rerr : err;
    if (!(r->q = xy_calloc(r->threaded ? ROWQ : 1, sizeof *r->q)))
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    if (!r->threaded)
        return read_all(r);
    pthread_t th;
    pthread_mutex_init(&r->mu, NULL);
    pthread_cond_init(&r->not_full, NULL);
    pthread_cond_init(&r->not_empty, NULL);
    int rc;
    if (pthread_create(&th, NULL, reader_main, r) != 0) {
        rc = xy_error_set(err, XY_ENOMEM, "cannot start the reading thread");
    } else {
        rc = write_all(r);
        pthread_join(th, NULL);
        if (!rc && r->reader_rc) {
            rc = r->reader_rc;
            if (err)
                *err = rerr;
        }
    }
    pthread_cond_destroy(&r->not_empty);
    pthread_cond_destroy(&r->not_full);
    pthread_mutex_destroy(&r->mu);
    return rc;
}

/* Reads from either a stream or a buffer. */
static int run_import(struct xy_app *app, const struct xy_import_opts *opts, FILE *in, const char *data, size_t len,
                      struct xy_import_result *res, struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct run r;
    struct xy_batch_reader *rd = NULL;
    int rc, in_tx = 0;
    memset(res, 0, sizeof *res);
    memset(&r, 0, sizeof r);
    r.app = app;
    r.res = res;
    r.err = err;
    r.today = xy_clock_today(&app->clock);
    xy_date_format(r.today, r.today_s);
    xy_clock_stamp(&app->clock, r.now);
    r.progress = opts->progress;
    r.progress_ctx = opts->progress_ctx;
    if (!(r.cls = xy_catalog_class(app->catalog, opts->cls))) {
        struct xy_buf names;
        xy_buf_init(&names, 4096);
        for (size_t i = 0; i < app->catalog->nclasses; i++)
            xy_buf_printf(&names, "%s%s", i ? ", " : "", app->catalog->classes[i].name);
        int cut = (int)xy_utf8_floor(opts->cls, strnlen(opts->cls, 64));
        rc = xy_error_set(err, XY_EINVAL, "未知的信息类别 %.*s（信息目录含：%s） (unknown class %.*s; the catalogue has: %s)",
                          cut, opts->cls, xy_buf_str(&names), cut, opts->cls, xy_buf_str(&names));
        xy_buf_release(&names);
        return rc;
    }
    if ((rc = st->ops->dept_get(st, opts->dept_uscc, &r.dept_id, NULL, 0, err)))
        return rc;
    if (!(rd = xy_batch_reader_new(r.cls, opts->format, on_row, &r)))
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    r.rd = rd;
    r.in = in;
    r.data = data;
    r.len = len;
    if ((rc = st->ops->begin(st, err)))
        goto out;
    in_tx = 1;
    struct xy_batch_row b = {
        .dept_id = r.dept_id, .cls = r.cls->name, .source = opts->source, .format = NULL, .started_at = r.now};
    if ((rc = st->ops->batch_add(st, &b, &r.batch_id, err)))
        goto out;
    res->batch_id = r.batch_id;
    /* Every subject the batch inserts, renames or gives a record has a record of the batch: their
     * stored answers are marked stale once, before batch_finish, rather than by a trigger a row. */
    if ((rc = st->ops->answer_defer(st, err)))
        goto out;
    rc = st->ops->record_current(st, r.cls->name, r.dept_id, NULL, NULL, NULL, NULL, err);
    if (rc != XY_OK && rc != XY_ENOTFOUND)
        goto out;
    r.fresh = rc == XY_ENOTFOUND;
    if ((rc = load(&r, err)))
        goto out;
    snprintf(res->encoding, sizeof res->encoding, "%s", xy_batch_reader_encoding(rd));
    snprintf(res->format, sizeof res->format, "%s", xy_batch_reader_format(rd));
    res->rows = xy_batch_reader_rows(rd);
    char done[32];
    xy_clock_stamp(&app->clock, done);
    b.id = r.batch_id;
    b.rows = res->rows;
    b.accepted = res->accepted;
    b.rejected = res->rejected;
    b.added = res->added;
    b.updated = res->updated;
    b.unchanged = res->unchanged;
    b.finished_at = done;
    b.encoding = res->encoding;
    if ((rc = st->ops->answer_mark_batch(st, r.batch_id, r.first_record, r.last_record, err)))
        goto out;
    if ((rc = st->ops->batch_finish(st, &b, err)))
        goto out;
    {
        struct xy_principal op;
        char object[32];
        if (!opts->by)
            xy_principal_operator(&op);
        snprintf(object, sizeof object, "batch/%lld", (long long)r.batch_id);
        json_t *detail = json_pack("{s:s, s:s, s:I, s:I}", "class", r.cls->name, "dept", opts->dept_uscc, "accepted",
                                   (json_int_t)res->accepted, "rejected", (json_int_t)res->rejected);
        if ((rc = xy_audit_appendj(app, opts->by ? opts->by : &op, "batch.submit", object, detail, err)))
            goto out;
        /* Upper platforms learn of new and changed records batch by batch: the feed names the batch,
         * whose records they then read, rather than one entry per record on the ingest path. The
         * range of record ids lets the exchange read them by primary key (app/exchange_push.c). */
        if (res->added || res->updated) {
            char *text = xy_audit_detail_text(json_pack("{s:I, s:I, s:I, s:I, s:I}", "batch", (json_int_t)r.batch_id,
                                                        "added", (json_int_t)res->added, "updated",
                                                        (json_int_t)res->updated, "first_record",
                                                        (json_int_t)r.first_record, "last_record",
                                                        (json_int_t)r.last_record),
                                              err);
            struct xy_change_row ch = {.at = done, .kind = "batch.committed", .cls = r.cls->name, .detail = text};
            rc = text ? st->ops->change_add(st, &ch, err) : XY_ENOMEM;
            xy_free(text);
            if (rc)
                goto out;
        }
    }
    if ((rc = st->ops->commit(st, err)))
        goto out;
    in_tx = 0;
    if (r.progress)
        r.progress(r.progress_ctx, r.bytes, res->rows);
out:
    if (in_tx)
        st->ops->rollback(st);
    if (rc) {
        xy_import_result_release(res);
        if (err && err->rc == XY_OK)
            xy_error_set(err, rc, "%s", xy_strerror(rc));
    }
    xy_free(r.q);
    xy_free(r.seen);
    xy_batch_reader_free(rd);
    return rc;
}

int xy_import_stream(struct xy_app *app, const struct xy_import_opts *opts, FILE *in, struct xy_import_result *res,
                     struct xy_error *err)
{
    return run_import(app, opts, in, NULL, 0, res, err);
}

int xy_import_buffer(struct xy_app *app, const struct xy_import_opts *opts, const char *data, size_t len,
                     struct xy_import_result *res, struct xy_error *err)
{
    return run_import(app, opts, NULL, data, len, res, err);
}

int xy_import_write_rejects(const struct xy_app *app, const char *cls, const struct xy_import_result *res, FILE *out)
{
    const struct xy_class *c = xy_catalog_class(app->catalog, cls);
    struct xy_buf b;
    int rc;
    xy_buf_init(&b, SIZE_MAX / 2);
    rc = xy_rejects_csv_header(&b);
    for (size_t i = 0; !rc && i < res->nrejects; i++) {
        const struct xy_reject *j = &res->rejects[i];
        rc = xy_rejects_csv_row(&b, c, j->row, j->field, j->value, j->code, j->reason);
    }
    if (!rc && (fwrite(b.data, 1, b.len, out) != b.len || ferror(out)))
        rc = XY_EIO;
    xy_buf_release(&b);
    return rc;
}
