/* SPDX-License-Identifier: Apache-2.0 */
/* Inbound exchange: a lower platform's batch of changes applied in one transaction with its
 * acknowledgement. Records are checked as an import checks a row (the catalogue is the same on both
 * sides), stored as this platform's own versions with their source named (record_source), and
 * the statuses the lower platform changed (withdrawn, repaired, expired, lifted, under objection)
 * follow, so that this platform stops showing what the lower one no longer shows. Every change
 * applied here enters this platform's own change log, so that a platform above it follows too. */
#include "app/exchange.h"
#include "app/exchange_int.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit.h"
#include "app/recordrow.h"
#include "common/xy_alloc.h"
#include "common/xy_utf8.h"
#include "core/validate.h"

/* A batch row of this platform for the records of one department and class that a received batch
 * brings, so that every stored record names the batch that brought it, as an import's do. */
struct inbatch {
    int64_t dept_id, id;
    const char *cls;
    long added, updated, unchanged;
    int64_t first_record, last_record;
};

struct in {
    struct xy_app *app;
    struct xy_store *st;
    const char *source;
    int64_t source_id;
    char now[32];
    struct xy_date today;
    struct inbatch *batches;
    size_t nbatches, cap;
    long applied, unchanged, skipped;
    struct xy_error *err;
    char dept_uscc[19]; /* the department found last: a batch's records mostly share one */
    int64_t dept_id;
};

/* Positions in the lower platform's change log: (seq, part), part 0 being the whole change and
 * otherwise the last record delivered of a batch.committed change sent in parts. */
static int pos_cmp(const int64_t a[2], const int64_t b[2])
{
    if (a[0] != b[0])
        return a[0] < b[0] ? -1 : 1;
    if (a[1] == b[1])
        return 0;
    if (a[1] == 0) /* the whole change comes after any of its parts */
        return 1;
    if (b[1] == 0)
        return -1;
    return a[1] < b[1] ? -1 : 1;
}

static int pos_get(const json_t *o, const char *name, int64_t out[2])
{
    const json_t *p = json_object_get(o, name);
    const json_t *s = json_object_get(p, "seq"), *q = json_object_get(p, "part");
    if (!json_is_integer(s) || !json_is_integer(q) || json_integer_value(s) < 0 || json_integer_value(q) < 0)
        return -1;
    out[0] = json_integer_value(s);
    out[1] = json_integer_value(q);
    return 0;
}

static const char *str(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static int bad_to(struct xy_error *err, size_t i, const char *what)
{
    return xy_error_set(err, XY_EINVAL, "第 %zu 项变更：%s (change %zu: %s)", i + 1, what, i + 1, what);
}

static int bad(struct in *x, size_t i, const char *what)
{
    return bad_to(x->err, i, what);
}

/* The department a change names: registered here on first sight, with its name. */
static int dept_of(struct in *x, size_t i, const json_t *c, int64_t *id)
{
    const json_t *d = json_object_get(c, "dept");
    const char *uscc = str(d, "uscc"), *name = str(d, "name");
    size_t n = uscc ? strlen(uscc) : 0;
    if (n == 0 || n > 18)
        return bad(x, i, "dept.uscc 缺失或过长 (dept.uscc is missing or too long)");
    for (size_t k = 0; k < n; k++)
        if (!((uscc[k] >= '0' && uscc[k] <= '9') || (uscc[k] >= 'A' && uscc[k] <= 'Z')))
            return bad(x, i, "dept.uscc 须为大写字母和数字 (dept.uscc must be capital letters and digits)");
    if (x->dept_id && strcmp(uscc, x->dept_uscc) == 0) {
        *id = x->dept_id;
        return XY_OK;
    }
    int rc = x->st->ops->dept_get(x->st, uscc, id, NULL, 0, NULL);
    if (rc != XY_ENOTFOUND && rc)
        return xy_error_set(x->err, rc, "无法读取部门 %1$s (cannot read department %1$s)", uscc);
    if (rc == XY_ENOTFOUND) {
        if (!name || !*name || strlen(name) > 600 || !xy_utf8_valid(name, strlen(name)))
            return bad(x, i, "新部门须给出 dept.name (a new department needs dept.name)");
        if ((rc = x->st->ops->dept_add(x->st, uscc, name, x->now, id, x->err)))
            return rc;
    }
    memcpy(x->dept_uscc, uscc, n + 1);
    x->dept_id = *id;
    return XY_OK;
}

static int batch_of(struct in *x, int64_t dept_id, const char *cls, struct inbatch **out)
{
    for (size_t k = 0; k < x->nbatches; k++) {
        if (x->batches[k].dept_id == dept_id && strcmp(x->batches[k].cls, cls) == 0) {
            *out = &x->batches[k];
            return XY_OK;
        }
    }
    if (x->nbatches == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 8;
        struct inbatch *n = xy_realloc(x->batches, cap * sizeof *n);
        if (!n)
            return xy_error_set(x->err, XY_ENOMEM, "out of memory");
        x->batches = n;
        x->cap = cap;
    }
    char source[96];
    snprintf(source, sizeof source, "exchange:%s", x->source);
    struct inbatch *b = &x->batches[x->nbatches];
    memset(b, 0, sizeof *b);
    b->dept_id = dept_id;
    b->cls = cls; /* the catalogue's name: lives as long as the app */
    struct xy_batch_row row = {.dept_id = dept_id, .cls = cls, .source = source, .format = "exchange",
                               .started_at = x->now};
    int rc = x->st->ops->batch_add(x->st, &row, &b->id, x->err);
    if (!rc) {
        x->nbatches++;
        *out = b;
    }
    return rc;
}

/* A status the lower platform set on a record, set here too (published records only move). */
static int set_status(struct in *x, int64_t rid, const char *status)
{
    if (!status || strcmp(status, "published") == 0 || strcmp(status, "unpublished") == 0)
        return XY_OK;
    return x->st->ops->record_set_status(x->st, rid, status, x->err);
}

/* Marks of objections on the lower platform: kept under an id no objection of this platform has
 * (negative, from the source and the lower platform's objection id), so that lifting one lifts
 * only it. */
static int64_t mark_id(struct in *x, int64_t objection)
{
    return -(x->source_id * ((int64_t)1 << 32) + objection);
}

static int is_content(const char *kind)
{
    return kind && (strcmp(kind, "record.stored") == 0 || strcmp(kind, "record.corrected") == 0);
}

/* A field of the class by its English key, exactly. The sender writes a record's fields in the
 * catalogue's order, so the field after the last one found is tried first. */
static int field_of(const struct xy_class *k, const char *key, size_t *hint)
{
    if (*hint < k->nfields && strcmp(k->fields[*hint].key, key) == 0)
        return (int)(*hint)++;
    for (size_t f = 0; f < k->nfields; f++)
        if (strcmp(k->fields[f].key, key) == 0) {
            *hint = f + 1;
            return (int)f;
        }
    return -1;
}

/* A content change made ready to store: checked as an imported row is, hashed and sealed. This
 * touches no database, so it runs on a thread of its own while the writer stores the changes
 * before it (as an import's reading side does). */
struct prep {
    int have_v, have_parts;
    struct xy_valrec v;
    struct xy_rowparts parts;
};

static void prep_release(struct prep *p)
{
    if (p->have_parts)
        xy_rowparts_release(&p->parts);
    if (p->have_v)
        xy_valrec_release(&p->v);
    p->have_v = p->have_parts = 0;
}

/* Changes the preparing side may run ahead of the writer (each holds a checked record). */
/* A writer that waits is woken when PREP_WAKE changes are ready (or the batch's last), not for each
 * one: on a busy machine each wake-up waits for a time slice. */
enum { PREP_AHEAD = 512, PREP_THREADED_MIN = 64, PREP_WAKE = 32 };

struct preps {
    struct in *x;
    const json_t *changes;
    json_t *doc; /* the batch: freed by the preparing thread while the writer commits */
    size_t n;
    struct prep *p;
    /* Changes [0, ready) are prepared; the writer is done with [0, taken). After a failure the
     * preparing side stops: failed is set, and fail_at, fail_rc and ferr say which and why. */
    atomic_size_t ready, taken, want; /* want: the writer waits for [0, want) */
    atomic_int failed, abort, writer_waits, prep_waits;
    size_t fail_at;
    int fail_rc;
    struct xy_error ferr;
    int threaded, started;
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv_ready, cv_room;
};

/* Change i prepared into p, or nothing when the writer refuses it before it needs the record (not
 * an object, another kind, a class or fields it refuses itself): those checks stay the writer's,
 * in their order. */
static int prepare_one(struct in *x, size_t i, const json_t *c, struct prep *p, struct xy_error *err)
{
    const struct xy_class *k = xy_catalog_class(x->app->catalog, str(c, "class") ? str(c, "class") : "");
    const json_t *fields = json_object_get(c, "fields");
    struct xy_row_errors errs;
    size_t hint = 0;
    int rc;
    if (!json_is_object(c) || !is_content(str(c, "kind")) || !k || !json_is_object(fields))
        return XY_OK;
    struct xy_cell *cells = xy_calloc(k->nfields ? k->nfields : 1, sizeof *cells);
    if (!cells)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    const char *key;
    const json_t *val;
    json_object_foreach((json_t *)fields, key, val) {
        int f = field_of(k, key, &hint);
        if (f < 0 || !json_is_string(val)) {
            rc = bad_to(err, i, "fields 的成员须为本类别的字段（字符串） (fields' members must be fields of the class, as "
                                "strings)");
            goto out;
        }
        cells[f].p = json_string_value(val);
        cells[f].n = json_string_length(val);
    }
    rc = xy_validate_row(k, cells, x->today, &p->v, &errs);
    if (rc == XY_EINVAL) {
        const char *fk = errs.n && errs.e[0].field >= 0 ? k->fields[errs.e[0].field].key : "";
        rc = xy_error_set(err, XY_EINVAL, "第 %zu 项变更的记录未通过校验 (the record of change %zu is not valid): "
                          "%.40s %.300s", i + 1, i + 1, fk, errs.n ? errs.e[0].reason : "");
        goto out;
    }
    if (rc) {
        rc = xy_error_set(err, rc, "第 %1$zu 条变更的记录无法检查 (the record of change %1$zu cannot be checked)", i + 1);
        goto out;
    }
    p->have_v = 1;
    const char *doc_no = str(c, "doc_no");
    if (!doc_no || strcmp(doc_no, p->v.doc_no) != 0) {
        rc = bad_to(err, i, "doc_no 与记录的文书号不符 (doc_no is not the record's document number)");
        goto out;
    }
    if ((rc = xy_rowparts_make(&x->app->keys, k, &p->v, NULL, &p->parts, err)))
        goto out;
    p->have_parts = 1;
out:
    if (rc)
        prep_release(p);
    xy_free(cells);
    return rc;
}

/* Wakes the other side when it said it waits (it says so under the lock before it looks again). */
static void prep_wake(struct preps *ps, atomic_int *waits, pthread_cond_t *cv)
{
    if (atomic_load(waits)) {
        pthread_mutex_lock(&ps->mu);
        pthread_cond_signal(cv);
        pthread_mutex_unlock(&ps->mu);
    }
}

static void *prep_main(void *arg)
{
    struct preps *ps = arg;
    for (size_t i = 0; i < ps->n && !atomic_load(&ps->abort); i++) {
        /* The writer may be past i (changes of other kinds need nothing prepared): no subtraction. */
        if (i >= atomic_load(&ps->taken) + PREP_AHEAD) {
            pthread_mutex_lock(&ps->mu);
            atomic_store(&ps->prep_waits, 1);
            while (i >= atomic_load(&ps->taken) + PREP_AHEAD / 2 && !atomic_load(&ps->abort))
                pthread_cond_wait(&ps->cv_room, &ps->mu);
            atomic_store(&ps->prep_waits, 0);
            pthread_mutex_unlock(&ps->mu);
            if (atomic_load(&ps->abort))
                break;
        }
        int rc = prepare_one(ps->x, i, json_array_get(ps->changes, i), &ps->p[i], &ps->ferr);
        if (rc) {
            pthread_mutex_lock(&ps->mu);
            ps->fail_at = i;
            ps->fail_rc = rc;
            atomic_store(&ps->failed, 1);
            pthread_cond_signal(&ps->cv_ready);
            pthread_mutex_unlock(&ps->mu);
            break;
        }
        atomic_store(&ps->ready, i + 1);
        if (i + 1 >= atomic_load(&ps->want))
            prep_wake(ps, &ps->writer_waits, &ps->cv_ready);
    }
    /* Once the writer is done with the batch (preps_finish), what is left of it is freed here while
     * the writer commits: freeing a batch's parsed JSON was a tenth of the receiver's time. */
    pthread_mutex_lock(&ps->mu);
    atomic_store(&ps->prep_waits, 1);
    while (!atomic_load(&ps->abort))
        pthread_cond_wait(&ps->cv_room, &ps->mu);
    atomic_store(&ps->prep_waits, 0);
    pthread_mutex_unlock(&ps->mu);
    for (size_t i = 0; i < ps->n; i++)
        prep_release(&ps->p[i]);
    json_decref(ps->doc);
    return NULL;
}

/* Starts the preparing side: on a thread of its own when the batch is large enough to gain. */
static void preps_start(struct preps *ps, struct in *x, json_t *doc, const json_t *changes, struct prep *p)
{
    memset(ps, 0, sizeof *ps);
    ps->x = x;
    ps->changes = changes;
    ps->n = json_array_size(changes);
    ps->p = p;
    xy_error_clear(&ps->ferr);
    if (ps->n < PREP_THREADED_MIN)
        return;
    pthread_mutex_init(&ps->mu, NULL);
    pthread_cond_init(&ps->cv_ready, NULL);
    pthread_cond_init(&ps->cv_room, NULL);
    ps->started = 1;
    ps->doc = doc;
    ps->threaded = pthread_create(&ps->th, NULL, prep_main, ps) == 0;
    if (!ps->threaded)
        ps->doc = NULL;
}

/* The prepared change i for the writer (prepared here when there is no thread); the preparing
 * side's failure at i is reported as the writer's own. */
static int prep_take(struct preps *ps, size_t i, struct prep **out)
{
    struct in *x = ps->x;
    if (!ps->threaded) {
        int rc = prepare_one(x, i, json_array_get(ps->changes, i), &ps->p[i], x->err);
        *out = &ps->p[i];
        return rc;
    }
    if (atomic_load(&ps->ready) <= i) {
        atomic_store(&ps->want, i + PREP_WAKE < ps->n ? i + PREP_WAKE : ps->n);
        pthread_mutex_lock(&ps->mu);
        atomic_store(&ps->writer_waits, 1);
        while (atomic_load(&ps->ready) <= i && !atomic_load(&ps->failed))
            pthread_cond_wait(&ps->cv_ready, &ps->mu);
        atomic_store(&ps->writer_waits, 0);
        pthread_mutex_unlock(&ps->mu);
    }
    if (atomic_load(&ps->ready) <= i) { /* failed at i (the writer never passes a failed change) */
        if (x->err)
            *x->err = ps->ferr;
        return ps->fail_rc ? ps->fail_rc : XY_EINVAL;
    }
    *out = &ps->p[i];
    return XY_OK;
}

/* The writer is done with changes [0, n): room for the preparing side to go on. */
static void prep_done(struct preps *ps, size_t n)
{
    if (!ps->threaded)
        return;
    atomic_store(&ps->taken, n);
    /* Woken once there is room for half the lead again (what it waits for), not for each change. */
    if (atomic_load(&ps->ready) < n + PREP_AHEAD / 2)
        prep_wake(ps, &ps->prep_waits, &ps->cv_room);
}

/* The writer is done with the batch: the preparing side stops, and frees what is left of it. */
static void preps_finish(struct preps *ps)
{
    if (!ps->started)
        return;
    atomic_store(&ps->abort, 1);
    pthread_mutex_lock(&ps->mu);
    pthread_cond_signal(&ps->cv_room);
    pthread_mutex_unlock(&ps->mu);
}

static void preps_stop(struct preps *ps)
{
    preps_finish(ps);
    if (ps->started) {
        if (ps->threaded)
            pthread_join(ps->th, NULL);
        pthread_cond_destroy(&ps->cv_room);
        pthread_cond_destroy(&ps->cv_ready);
        pthread_mutex_destroy(&ps->mu);
    }
    for (size_t i = 0; ps->p && i < ps->n; i++)
        prep_release(&ps->p[i]);
}

/* A record's content: checked as an imported row is (prepare_one), stored as a new version unless
 * the current one has the same content. */
static int apply_content(struct in *x, struct preps *ps, size_t i, const json_t *c)
{
    const struct xy_class *k = xy_catalog_class(x->app->catalog, str(c, "class") ? str(c, "class") : "");
    struct prep *p = NULL;
    int rc;
    int64_t dept_id = 0;
    if (!k)
        return bad(x, i, "class 不在本平台的信息目录中 (class is not in this platform's catalogue)");
    if (!json_is_object(json_object_get(c, "fields")))
        return bad(x, i, "fields 须为对象 (fields must be an object)");
    if ((rc = dept_of(x, i, c, &dept_id)))
        return rc;
    if ((rc = prep_take(ps, i, &p)))
        return rc;
    struct xy_valrec *v = &p->v;
    struct inbatch *b = NULL; /* set by batch_of; GCC at -O2 cannot see it */
    if ((rc = batch_of(x, dept_id, k->name, &b)))
        goto out;
    uint8_t cur_hash[16];
    int64_t cur_id = 0;
    int version = 0;
    rc = x->st->ops->record_current(x->st, k->name, dept_id, v->doc_no, &cur_id, &version, cur_hash, x->err);
    if (rc == XY_OK && memcmp(p->parts.hash, cur_hash, sizeof cur_hash) == 0) {
        /* Sent before (a batch cut short by a crash on either side, or a resend): only its status. */
        b->unchanged++;
        x->unchanged++;
        rc = set_status(x, cur_id, str(c, "status"));
        goto out;
    }
    if (rc != XY_OK && rc != XY_ENOTFOUND)
        goto out;
    int64_t subject_id = 0, rid = 0;
    int differs = 0;
    if ((rc = xy_rowparts_subject(x->st, &x->app->keys, v, p->parts.decision[0] ? p->parts.decision : NULL, x->now,
                                  &subject_id, &differs, x->err)))
        goto out;
    struct xy_record_row rec = {.cls = k->name, .dept_id = dept_id, .doc_no = v->doc_no, .version = version + 1,
                                .subject_id = subject_id, .batch_id = b->id, .row_no = 0, .created_at = x->now};
    xy_rowparts_fill(v, &p->parts, differs ? XY_RF_NAME_MISMATCH : 0, &rec);
    if ((rc = x->st->ops->record_put(x->st, &rec, &rid, x->err)))
        goto out;
    const json_t *src = json_object_get(c, "record");
    if ((rc = x->st->ops->record_source_add(x->st, rid, x->source_id, json_integer_value(src), x->err)))
        goto out;
    if ((rc = set_status(x, rid, str(c, "status"))))
        goto out;
    /* A correction closes its objection: the mark the new version inherited is lifted. */
    const json_t *obj = json_object_get(c, "objection");
    if (json_is_integer(obj) && (rc = x->st->ops->objection_unmark(x->st, mark_id(x, json_integer_value(obj)), x->err)))
        goto out;
    if (version)
        b->updated++;
    else
        b->added++;
    if (!b->first_record || rid < b->first_record)
        b->first_record = rid;
    if (rid > b->last_record)
        b->last_record = rid;
    x->applied++;
out:
    prep_release(p);
    return rc;
}

static int on_subject(void *ctx, const struct xy_record_row *r)
{
    *(int64_t *)ctx = r->subject_id;
    return 1;
}

/* A status change or a mark on a record this platform holds: the record found by its key. One it
 * never received (a class it does not take, a record older than the exchange) is skipped. */
static int apply_state(struct in *x, size_t i, const json_t *c, const char *kind)
{
    const struct xy_class *k = xy_catalog_class(x->app->catalog, str(c, "class") ? str(c, "class") : "");
    const char *doc_no = str(c, "doc_no"), *uscc = str(json_object_get(c, "dept"), "uscc");
    int64_t dept_id = 0, rid = 0, subject_id = 0;
    int version = 0, rc;
    uint8_t h[16];
    if (!k || !doc_no || !uscc)
        return bad(x, i, "须给出 class、dept.uscc 和 doc_no (class, dept.uscc and doc_no are needed)");
    rc = x->st->ops->dept_get(x->st, uscc, &dept_id, NULL, 0, NULL);
    if (rc == XY_OK)
        rc = x->st->ops->record_current(x->st, k->name, dept_id, doc_no, &rid, &version, h, x->err);
    if (rc == XY_ENOTFOUND) {
        x->skipped++;
        return XY_OK;
    }
    if (rc)
        return rc;
    const json_t *obj = json_object_get(c, "objection");
    if (strcmp(kind, "record.objection") == 0) {
        if (!json_is_integer(obj))
            return bad(x, i, "record.objection 须给出 objection (record.objection needs objection)");
        rc = x->st->ops->record_mark(x->st, rid, mark_id(x, json_integer_value(obj)), x->err);
    } else {
        if (json_is_integer(obj)) /* closing an objection lifted its mark there */
            rc = x->st->ops->objection_unmark(x->st, mark_id(x, json_integer_value(obj)), x->err);
        if (!rc && strcmp(kind, "record.objection_closed") != 0) {
            const char *status = str(c, "status");
            if (!status || (strcmp(status, "withdrawn") && strcmp(status, "repaired") && strcmp(status, "expired")))
                return bad(x, i, "status 须为 withdrawn、repaired 或 expired (status must be withdrawn, repaired or "
                                 "expired)");
            rc = x->st->ops->record_set_status(x->st, rid, status, x->err);
        }
    }
    if (!rc)
        rc = x->st->ops->record_get(x->st, rid, on_subject, &subject_id, x->err);
    if (!rc) {
        char *detail = xy_audit_detail_text(json_pack("{s:s}", "source", x->source), x->err);
        struct xy_change_row ch = {.at = x->now, .kind = kind, .record_id = rid, .subject_id = subject_id,
                                   .cls = k->name, .detail = detail};
        rc = detail ? x->st->ops->change_add(x->st, &ch, x->err) : XY_ENOMEM;
        xy_free(detail);
    }
    if (!rc)
        x->applied++;
    return rc;
}

/* Closes the batches rows opened for the received records, each with its change entry. */
static int finish_batches(struct in *x)
{
    int rc = XY_OK;
    for (size_t k = 0; k < x->nbatches && !rc; k++) {
        struct inbatch *b = &x->batches[k];
        long acc = b->added + b->updated + b->unchanged;
        struct xy_batch_row row = {.id = b->id, .rows = acc, .accepted = acc, .added = b->added,
                                   .updated = b->updated, .unchanged = b->unchanged, .finished_at = x->now,
                                   .encoding = "UTF-8"};
        if ((rc = x->st->ops->batch_finish(x->st, &row, x->err)) || !(b->added || b->updated))
            continue;
        char *text = xy_audit_detail_text(
            json_pack("{s:I, s:I, s:I, s:I, s:I, s:s}", "batch", (json_int_t)b->id, "added", (json_int_t)b->added,
                      "updated", (json_int_t)b->updated, "first_record", (json_int_t)b->first_record, "last_record",
                      (json_int_t)b->last_record, "source", x->source),
            x->err);
        struct xy_change_row ch = {.at = x->now, .kind = "batch.committed", .cls = b->cls, .detail = text};
        rc = text ? x->st->ops->change_add(x->st, &ch, x->err) : XY_ENOMEM;
        xy_free(text);
    }
    return rc;
}

/* The batch's signature: present, fresh (within XY_EXCHANGE_SIG_WINDOW of this platform's real
 * clock: freshness is about wall time between two machines, not the business day a test may fix),
 * and made with the key registered for the source. OUT: *ts, the batch's timestamp; *now. */
static int check_sig(struct xy_app *app, const char *source, const struct xy_exchange_sig *sig, const char *body,
                     size_t len, const int64_t first[2], const int64_t last[2], int64_t *ts, int64_t *now,
                     struct xy_error *err)
{
    char pub[65], canon[512];
    const char *t = sig ? sig->timestamp : NULL, *nonce = sig ? sig->nonce : NULL;
    size_t tn = t ? strlen(t) : 0, nn = nonce ? strlen(nonce) : 0;
    int ok = tn > 0 && tn <= 12 && nn == XY_EXCHANGE_NONCE_LEN && sig->signature;
    for (size_t i = 0; ok && i < tn; i++)
        ok = t[i] >= '0' && t[i] <= '9';
    for (size_t i = 0; ok && i < nn; i++)
        ok = (nonce[i] >= '0' && nonce[i] <= '9') || (nonce[i] >= 'a' && nonce[i] <= 'f');
    if (!ok)
        return xy_error_set(err, XY_EDENIED, "交换批次须签名：X-Xinyong-Timestamp（秒）、X-Xinyong-Nonce（32 位十六进制）和 "
                            "X-Xinyong-Signature (a batch must be signed: X-Xinyong-Timestamp in seconds, "
                            "X-Xinyong-Nonce in 32 hex digits and X-Xinyong-Signature)");
    int rc = app->store->ops->source_verify_key(app->store, source, pub, err);
    if (rc == XY_ENOTFOUND)
        return xy_error_set(err, XY_EDENIED, "未登记下级平台 %s 的公钥 (no public key is registered for lower platform "
                            "%s): xinyong exchange source-key", source, source);
    if (rc)
        return rc;
    struct xy_clock real;
    xy_clock_real(&real);
    *now = xy_clock_unix(&real);
    *ts = strtoll(t, NULL, 10);
    if (*ts < *now - XY_EXCHANGE_SIG_WINDOW || *ts > *now + XY_EXCHANGE_SIG_WINDOW)
        return xy_error_set(err, XY_EDENIED, "批次的时间戳与本平台时钟相差超过 %d 秒 (the batch's timestamp is more than %d "
                            "seconds off this platform's clock)", XY_EXCHANGE_SIG_WINDOW, XY_EXCHANGE_SIG_WINDOW);
    if (xy_exchange_canon(source, *ts, nonce, first, last, body, len, canon, sizeof canon) ||
        xy_exchange_verify(pub, canon, sig->signature) != 0)
        return xy_error_set(err, XY_EDENIED, "批次的签名无效：不是以登记的公钥对本批次所作的签名 (the batch's signature is "
                            "not valid: not made over this batch with the registered key)");
    return XY_OK;
}

static int apply_each(struct in *x, struct preps *ps, const json_t *changes, const int64_t first[2],
                      const int64_t last[2])
{
    size_t i;
    const json_t *c;
    int64_t prev[2] = {first[0], first[1]};
    json_array_foreach(changes, i, c) {
        int64_t at[2];
        const char *kind = str(c, "kind");
        if (!json_is_object(c) || pos_get(c, "pos", at) || !kind)
            return bad(x, i, "须为含 pos {seq, part} 和 kind 的对象 (must be an object with pos {seq, part} and kind)");
        /* In order, inside the batch's range: a reordered batch is refused whole. */
        if ((i > 0 && pos_cmp(at, prev) <= 0) || pos_cmp(at, first) < 0 || pos_cmp(at, last) > 0)
            return bad(x, i, "pos 须在 first 与 last 之间且逐项递增 (pos must lie between first and last and increase)");
        prev[0] = at[0];
        prev[1] = at[1];
        int rc;
        if (is_content(kind))
            rc = apply_content(x, ps, i, c);
        else if (strcmp(kind, "record.withdrawn") == 0 || strcmp(kind, "record.repaired") == 0 ||
                 strcmp(kind, "record.expired") == 0 || strcmp(kind, "list.lifted") == 0 ||
                 strcmp(kind, "record.objection") == 0 || strcmp(kind, "record.objection_closed") == 0)
            rc = apply_state(x, i, c, kind);
        else
            rc = bad(x, i, "未知的变更类型 kind (unknown kind of change)");
        if (rc)
            return rc;
        prep_done(ps, i + 1);
    }
    return XY_OK;
}

int xy_exchange_inbound(struct xy_app *app, const struct xy_principal *by, const struct xy_exchange_sig *sig,
                        const char *body, size_t len, char **ack, int64_t expected[2], struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct in x = {.app = app, .st = st, .err = err};
    json_error_t jerr;
    json_t *doc = NULL;
    int64_t after[2], first[2], last[2], have[2], ts = 0, now = 0;
    int rc, in_tx = 0, have_ps = 0;
    struct preps ps;
    struct prep *p = NULL;
    *ack = NULL;
    expected[0] = expected[1] = 0;
    if (by->role != XY_ROLE_PLATFORM)
        return xy_error_set(err, XY_EDENIED, "只有下级平台的密钥可以报送交换批次 (only a lower platform's key sends "
                            "exchange batches)");
    if (len > XY_EXCHANGE_MAX_BODY)
        return xy_error_set(err, XY_ETOOBIG, "交换批次至多 %u 字节 (an exchange batch is at most %u bytes)",
                            XY_EXCHANGE_MAX_BODY, XY_EXCHANGE_MAX_BODY);
    xy_alloc_failed();
    if (!(doc = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr)))
        return xy_alloc_failed() ? xy_error_set(err, XY_ENOMEM, "out of memory")
                                 : xy_error_set(err, XY_EINVAL, "交换批次不是有效的 JSON：第 %d 行 (the batch is not valid "
                                                "JSON, line %d): %.200s", jerr.line, jerr.line, jerr.text);
    const json_t *changes = json_object_get(doc, "changes");
    x.source = str(doc, "source");
    if (!json_is_object(doc) || !x.source || pos_get(doc, "after", after) || pos_get(doc, "first", first) ||
        pos_get(doc, "last", last) || !json_is_array(changes)) {
        rc = xy_error_set(err, XY_EINVAL, "交换批次须含 source、after、first、last（各为 {seq, part}）和 changes 数组 "
                          "(a batch needs source, after, first and last, each {seq, part}, and a changes array)");
        goto out;
    }
    if (strcmp(x.source, by->name) != 0) {
        rc = xy_error_set(err, XY_EDENIED, "批次的 source 须为本密钥登记的平台名称 (the batch's source must be the "
                          "platform's name this key was registered with)");
        goto out;
    }
    x.source = by->name; /* the same, and it outlives the parsed batch (freed before the commit) */
    if (json_array_size(changes) > XY_EXCHANGE_MAX_CHANGES) {
        rc = xy_error_set(err, XY_ETOOBIG, "一个交换批次至多 %d 项变更 (a batch carries at most %d changes)",
                          XY_EXCHANGE_MAX_CHANGES, XY_EXCHANGE_MAX_CHANGES);
        goto out;
    }
    if (pos_cmp(after, first) >= 0 || pos_cmp(first, last) > 0) {
        rc = xy_error_set(err, XY_EINVAL, "批次须满足 after < first <= last (a batch needs after < first <= last)");
        goto out;
    }
    if ((rc = check_sig(app, x.source, sig, body, len, first, last, &ts, &now, err)))
        goto out;
    xy_clock_stamp(&app->clock, x.now);
    x.today = xy_clock_today(&app->clock);
    if ((rc = st->ops->begin(st, err)))
        goto out;
    in_tx = 1;
    if ((rc = st->ops->source_get(st, x.source, &x.source_id, &have[0], &have[1], err)))
        goto out;
    /* A nonce seen in the window is a replay of a request (a captured one sent again): refused. The
     * sender signs every attempt afresh, so its own resends are never refused here. Nonces older
     * than twice the window are forgotten: a batch that old is refused by its timestamp. */
    rc = st->ops->nonce_add(st, x.source_id, sig->nonce, ts, now - 2 * XY_EXCHANGE_SIG_WINDOW, err);
    if (rc == XY_EEXIST) {
        rc = xy_error_set(err, XY_EEXIST, "批次被重放：此签名（nonce）已用过 (a replayed batch: this signature's nonce "
                          "was used before)");
        goto out;
    }
    if (rc)
        goto out;
    /* A batch applied already: the same acknowledgement, nothing applied twice (its nonce noted). */
    rc = st->ops->inbound_find(st, x.source_id, first, last, ack, err);
    if (rc != XY_ENOTFOUND) {
        if (!rc) {
            in_tx = 0;
            if ((rc = st->ops->commit(st, err)))
                st->ops->rollback(st);
        }
        if (err && !rc)
            memset(err, 0, sizeof *err);
        goto out;
    }
    if (err)
        memset(err, 0, sizeof *err);
    if (after[0] != have[0] || after[1] != have[1]) {
        expected[0] = have[0];
        expected[1] = have[1];
        rc = xy_error_set(err, XY_ESTATE, "批次未接续已确认的位置：本平台已应用到 %lld.%lld，批次接续 %lld.%lld（缺失或乱序） "
                          "(the batch does not continue from the position applied: %lld.%lld here, the batch "
                          "follows %lld.%lld: a gap or a reorder)", (long long)have[0], (long long)have[1],
                          (long long)after[0], (long long)after[1], (long long)have[0], (long long)have[1],
                          (long long)after[0], (long long)after[1]);
        goto out;
    }
    /* Every change in order, the records checked and sealed ahead on the preparing side, which
     * then frees the batch while this side commits. */
    if (!(p = xy_calloc(json_array_size(changes) ? json_array_size(changes) : 1, sizeof *p))) {
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        goto out;
    }
    preps_start(&ps, &x, doc, changes, p);
    have_ps = 1;
    rc = apply_each(&x, &ps, changes, first, last);
    preps_finish(&ps);
    if (ps.doc)
        doc = NULL; /* the preparing side's now */
    if (rc || (rc = finish_batches(&x)))
        goto out;
    char key[160];
    snprintf(key, sizeof key, "%s:%lld.%lld-%lld.%lld", x.source, (long long)first[0], (long long)first[1],
             (long long)last[0], (long long)last[1]);
    *ack = xy_audit_detail_text(json_pack("{s:s, s:s, s:{s:I, s:I}, s:I, s:I, s:I}", "source", x.source, "key", key,
                                          "acked", "seq", (json_int_t)last[0], "part", (json_int_t)last[1], "applied",
                                          (json_int_t)x.applied, "unchanged", (json_int_t)x.unchanged, "skipped",
                                          (json_int_t)x.skipped),
                                err);
    if (!*ack) {
        rc = XY_ENOMEM;
        goto out;
    }
    if ((rc = st->ops->source_advance(st, x.source_id, last[0], last[1], x.now, err)) ||
        (rc = st->ops->inbound_add(st, x.source_id, first, last, x.now, *ack, err)))
        goto out;
    char object[96];
    snprintf(object, sizeof object, "source/%s", x.source);
    in_tx = 0;
    rc = xy_audit_commitj(app, by, "exchange.inbound", object,
                          json_pack("{s:s, s:I, s:I, s:I}", "key", key, "applied", (json_int_t)x.applied, "unchanged",
                                    (json_int_t)x.unchanged, "skipped", (json_int_t)x.skipped),
                          rc, err);
out:
    if (in_tx)
        st->ops->rollback(st);
    if (rc && *ack) {
        xy_free(*ack);
        *ack = NULL;
    }
    if (have_ps)
        preps_stop(&ps);
    xy_free(p);
    xy_free(x.batches);
    json_decref(doc);
    return rc;
}
