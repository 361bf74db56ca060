/* SPDX-License-Identifier: Apache-2.0 */
/* Lists from above, in: a file of a list class published by an upper platform (a national
 * serious-dishonesty list, the courts' list) replaces whole what the last file of that source gave.
 * Every row is checked as an imported row and the file is refused whole when one is not valid (a
 * part of a list would end entries that are still in force). Entries are stored under their
 * identifying department (认定部门) with the source named in record.upper: the portal shows it, joint
 * reward and punishment checks find them as they find the city's own entries, and no city
 * department can correct, withdraw or repair them (claim.c refuses). An entry the new file does not
 * hold ends (withdrawn, with its change entry), so it stops showing and an upper platform fed by
 * this one hears of it; one that comes back is stored again as a new version. */
#include "app/exchange.h"
#include "app/exchange_int.h"

#include <stdio.h>
#include <string.h>

#include "app/audit.h"
#include "app/batchfile.h"
#include "app/recordrow.h"
#include "common/xy_alloc.h"
#include "common/xy_utf8.h"
#include "core/validate.h"

#define MAX_FILE (256u << 20)

struct lbatch {
    int64_t dept_id, id, first, last;
    long added, updated, unchanged;
};

struct lx {
    struct xy_app *app;
    struct xy_store *st;
    const struct xy_class *k;
    const char *source;
    char batch_source[96], now[32];
    struct xy_date today;
    json_t *seen; /* "dept_id|doc_no" of every entry of the file */
    struct lbatch *b;
    size_t nb, cap;
    int f_dept, f_dept_name;
    struct xy_lists_result *res;
    struct xy_error *err;
};

static int batch_of(struct lx *x, int64_t dept_id, struct lbatch **out)
{
    for (size_t i = 0; i < x->nb; i++)
        if (x->b[i].dept_id == dept_id) {
            *out = &x->b[i];
            return XY_OK;
        }
    if (x->nb == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 8;
        struct lbatch *n = xy_realloc(x->b, cap * sizeof *n);
        if (!n)
            return xy_error_set(x->err, XY_ENOMEM, "out of memory");
        x->b = n;
        x->cap = cap;
    }
    struct lbatch *b = &x->b[x->nb];
    memset(b, 0, sizeof *b);
    b->dept_id = dept_id;
    struct xy_batch_row row = {.dept_id = dept_id, .cls = x->k->name, .source = x->batch_source, .format = "upper",
                               .started_at = x->now};
    int rc = x->st->ops->batch_add(x->st, &row, &b->id, x->err);
    if (!rc) {
        x->nb++;
        *out = b;
    }
    return rc;
}

/* The identifying department of an entry: the city registers it on first sight, under its name. */
static int dept_of(struct lx *x, long rowno, const struct xy_cell *cells, int64_t *id)
{
    char uscc[19], name[604];
    const struct xy_cell *u = x->f_dept >= 0 ? &cells[x->f_dept] : NULL;
    const struct xy_cell *n = x->f_dept_name >= 0 ? &cells[x->f_dept_name] : NULL;
    if (!u || u->n != 18 || !n || n->n == 0 || n->n >= sizeof name)
        return xy_error_set(x->err, XY_EINVAL, "第 %ld 行：上级名单的条目须给出认定部门及其统一社会信用代码 (row %ld: an entry "
                            "of a list from above needs its identifying department and that department's code)",
                            rowno, rowno);
    memcpy(uscc, u->p, 18);
    uscc[18] = '\0';
    memcpy(name, n->p, n->n);
    name[n->n] = '\0';
    int rc = x->st->ops->dept_get(x->st, uscc, id, NULL, 0, NULL);
    if (rc != XY_ENOTFOUND)
        return rc ? xy_error_set(x->err, rc, "无法读取部门 %1$s (cannot read department %1$s)", uscc) : XY_OK;
    return x->st->ops->dept_add(x->st, uscc, name, x->now, id, x->err);
}

struct cur {
    const char *source;
    char upper[72];
    char status[16];
    int has_upper;
};

static int on_cur(void *ctx, const struct xy_record_row *r)
{
    struct cur *c = ctx;
    c->has_upper = r->upper != NULL;
    snprintf(c->upper, sizeof c->upper, "%s", r->upper ? r->upper : "");
    snprintf(c->status, sizeof c->status, "%s", r->status ? r->status : "");
    return 1;
}

static int on_row(void *ctx, long rowno, const struct xy_cell *cells, const struct xy_row_errors *pre)
{
    struct lx *x = ctx;
    struct xy_valrec v;
    struct xy_row_errors errs;
    struct xy_rowparts parts;
    int have_parts = 0, rc;
    if (pre && pre->n) {
        const char *fk = pre->e[0].field >= 0 ? x->k->fields[pre->e[0].field].code : "";
        return xy_error_set(x->err, XY_EINVAL, "第 %ld 行 %s：%.300s (row %ld, %s)", rowno, fk, pre->e[0].reason, rowno, fk);
    }
    rc = xy_validate_row(x->k, cells, x->today, &v, &errs);
    if (rc == XY_EINVAL) {
        const char *fk = errs.n && errs.e[0].field >= 0 ? x->k->fields[errs.e[0].field].code : "";
        return xy_error_set(x->err, XY_EINVAL, "第 %ld 行 %s 未通过校验，整个文件未导入：%.300s (row %ld, %s, is not valid: "
                            "nothing of the file was imported)", rowno, fk, errs.n ? errs.e[0].reason : "", rowno, fk);
    }
    if (rc)
        return xy_error_set(x->err, rc, "第 %1$ld 行无法检查 (row %1$ld cannot be checked)", rowno);
    x->res->rows++;
    int64_t dept_id = 0, cur_id = 0, subject_id = 0, rid = 0;
    int version = 0, differs = 0;
    uint8_t hash[16], cur_hash[16];
    char key[600];
    struct lbatch *b = NULL; /* set by batch_of; GCC at -O2 cannot see it */
    if ((rc = dept_of(x, rowno, cells, &dept_id)) || (rc = batch_of(x, dept_id, &b)))
        goto out;
    snprintf(key, sizeof key, "%lld|%s", (long long)dept_id, v.doc_no);
    if (json_object_get(x->seen, key)) {
        rc = xy_error_set(x->err, XY_EINVAL, "第 %ld 行：文书号 %.200s 在文件中重复 (row %ld: document number %.200s "
                          "comes twice in the file)", rowno, v.doc_no, rowno, v.doc_no);
        goto out;
    }
    if (json_object_set_new(x->seen, key, json_true())) {
        rc = xy_error_set(x->err, XY_ENOMEM, "out of memory");
        goto out;
    }
    xy_rowparts_hash(&x->app->keys, x->k->name, &v, hash);
    rc = x->st->ops->record_current(x->st, x->k->name, dept_id, v.doc_no, &cur_id, &version, cur_hash, x->err);
    if (rc == XY_OK) {
        struct cur c = {0};
        if ((rc = x->st->ops->record_get(x->st, cur_id, on_cur, &c, x->err)))
            goto out;
        if (!c.has_upper || strcmp(c.upper, x->source) != 0) {
            /* Another source's entry, or a city department's own record under the same key. */
            rc = xy_error_set(x->err, XY_EINVAL, "第 %ld 行：文书号 %.200s 的条目属于 %.64s，不属于本来源 (row %ld: the entry "
                              "%.200s belongs to %.64s, not to this source)", rowno, v.doc_no,
                              c.has_upper ? c.upper : "本市部门 (a city department)", rowno, v.doc_no,
                              c.has_upper ? c.upper : "a city department");
            goto out;
        }
        if (memcmp(hash, cur_hash, sizeof hash) == 0 && strcmp(c.status, "withdrawn") != 0) {
            b->unchanged++;
            x->res->unchanged++;
            goto out; /* resent: nothing to store */
        }
    } else if (rc != XY_ENOTFOUND) {
        goto out;
    }
    if ((rc = xy_rowparts_make(&x->app->keys, x->k, &v, hash, &parts, x->err)))
        goto out;
    have_parts = 1;
    if ((rc = xy_rowparts_subject(x->st, &x->app->keys, &v, parts.decision[0] ? parts.decision : NULL, x->now,
                                  &subject_id, &differs, x->err)))
        goto out;
    struct xy_record_row rec = {.cls = x->k->name, .dept_id = dept_id, .doc_no = v.doc_no, .version = version + 1,
                                .subject_id = subject_id, .batch_id = b->id, .row_no = rowno, .created_at = x->now,
                                .upper = x->source};
    xy_rowparts_fill(&v, &parts, 0, &rec);
    if ((rc = x->st->ops->record_put(x->st, &rec, &rid, x->err)))
        goto out;
    if (version) {
        b->updated++;
        x->res->updated++;
    } else {
        b->added++;
        x->res->added++;
    }
    if (!b->first || rid < b->first)
        b->first = rid;
    if (rid > b->last)
        b->last = rid;
out:
    if (have_parts)
        xy_rowparts_release(&parts);
    xy_valrec_release(&v);
    return rc;
}

/* The entries of the source the file no longer holds: withdrawn, each with its change entry. */
struct gone {
    struct lx *x;
    json_t *ids;
    int64_t last;
    long got;
    int oom;
};

static int on_held(void *ctx, const struct xy_record_row *r)
{
    struct gone *g = ctx;
    char key[600];
    g->got++;
    g->last = r->id;
    snprintf(key, sizeof key, "%lld|%s", (long long)r->dept_id, r->doc_no);
    if (!json_object_get(g->x->seen, key) &&
        json_array_append_new(g->ids, json_pack("[I, I]", (json_int_t)r->id, (json_int_t)r->subject_id)))
        g->oom = 1;
    return g->oom;
}

static int end_absent(struct lx *x)
{
    struct gone g = {.x = x, .ids = json_array()};
    struct xy_record_scan q = {.cls = x->k->name, .upper = x->source, .status = "published"};
    int rc = g.ids ? XY_OK : XY_ENOMEM;
    /* Read first, then changed: the scan never meets a row it changed. */
    while (!rc) {
        g.got = 0;
        rc = x->st->ops->records_scan(x->st, &q, g.last, 500, on_held, &g, x->err);
        if (!rc && g.oom)
            rc = XY_ENOMEM;
        if (rc || g.got < 500)
            break;
    }
    size_t i;
    json_t *v;
    json_array_foreach(g.ids, i, v) {
        if (rc)
            break;
        int64_t rid = json_integer_value(json_array_get(v, 0));
        if ((rc = x->st->ops->record_set_status(x->st, rid, "withdrawn", x->err)))
            break;
        char *detail = xy_audit_detail_text(json_pack("{s:s, s:s}", "source", x->source, "reason",
                                                      "absent from the source's next file"), x->err);
        struct xy_change_row ch = {.at = x->now, .kind = "record.withdrawn", .record_id = rid,
                                   .subject_id = json_integer_value(json_array_get(v, 1)), .cls = x->k->name,
                                   .detail = detail};
        rc = detail ? x->st->ops->change_add(x->st, &ch, x->err) : XY_ENOMEM;
        xy_free(detail);
        x->res->ended++;
    }
    json_decref(g.ids);
    return rc == XY_ENOMEM ? xy_error_set(x->err, XY_ENOMEM, "out of memory") : rc;
}

/* Closes the batch rows, each that stored something with its batch.committed change entry. */
static int finish(struct lx *x)
{
    int rc = XY_OK;
    for (size_t i = 0; i < x->nb && !rc; i++) {
        struct lbatch *b = &x->b[i];
        long acc = b->added + b->updated + b->unchanged;
        struct xy_batch_row row = {.id = b->id, .rows = acc, .accepted = acc, .added = b->added,
                                   .updated = b->updated, .unchanged = b->unchanged, .finished_at = x->now,
                                   .encoding = "UTF-8"};
        if ((rc = x->st->ops->batch_finish(x->st, &row, x->err)) || !(b->added || b->updated))
            continue;
        char *text = xy_audit_detail_text(
            json_pack("{s:I, s:I, s:I, s:I, s:I, s:s}", "batch", (json_int_t)b->id, "added", (json_int_t)b->added,
                      "updated", (json_int_t)b->updated, "first_record", (json_int_t)b->first, "last_record",
                      (json_int_t)b->last, "upper", x->source),
            x->err);
        struct xy_change_row ch = {.at = x->now, .kind = "batch.committed", .cls = x->k->name, .detail = text};
        rc = text ? x->st->ops->change_add(x->st, &ch, x->err) : XY_ENOMEM;
        xy_free(text);
    }
    return rc;
}

int xy_exchange_lists_import(struct xy_app *app, const struct xy_principal *by, const char *source, const char *cls,
                             const char *data, size_t len, struct xy_lists_result *res, struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct lx x = {.app = app, .st = st, .source = source, .res = res, .err = err};
    struct xy_batch_reader *rd = NULL;
    int rc, in_tx = 0;
    memset(res, 0, sizeof *res);
    if (by->role != XY_ROLE_OFFICE && by->role != XY_ROLE_OPERATOR)
        return xy_error_set(err, XY_EDENIED, "只有信用办可以导入上级名单 (only the credit office imports lists from above)");
    if (!xy_exchange_name_ok(source))
        return xy_error_set(err, XY_EINVAL, "来源名称须为 1 至 64 个字母、数字或 - _ . : (the source is 1 to 64 letters, "
                            "digits, '-', '_', '.' or ':', e.g. national:court)");
    x.k = cls ? xy_catalog_class(app->catalog, cls) : NULL;
    if (!x.k || !x.k->is_list)
        return xy_error_set(err, XY_EINVAL, "%.64s 不是名单类别 (%.64s is not a list class of the catalogue)",
                            cls ? cls : "", cls ? cls : "");
    if (len > MAX_FILE)
        return xy_error_set(err, XY_ETOOBIG, "名单文件至多 %u 字节 (a list file is at most %u bytes)", MAX_FILE, MAX_FILE);
    x.f_dept = x.f_dept_name = -1;
    for (size_t i = 0; i < x.k->nfields; i++) {
        if (strcmp(x.k->fields[i].key, "identifying_dept_uscc") == 0)
            x.f_dept = (int)i;
        else if (strcmp(x.k->fields[i].key, "identifying_dept") == 0)
            x.f_dept_name = (int)i;
    }
    snprintf(x.batch_source, sizeof x.batch_source, "upper:%s", source);
    xy_clock_stamp(&app->clock, x.now);
    x.today = xy_clock_today(&app->clock);
    if (!(x.seen = json_object()) || !(rd = xy_batch_reader_new(x.k, XY_BATCH_AUTO, on_row, &x))) {
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        goto out;
    }
    if ((rc = st->ops->begin(st, err)))
        goto out;
    in_tx = 1;
    if ((rc = xy_batch_reader_feed(rd, data, len, err)) || (rc = xy_batch_reader_finish(rd, err)))
        goto out;
    if (res->rows == 0) {
        /* An empty file would end every entry of the source: refused, as a truncated upload may be. */
        rc = xy_error_set(err, XY_EINVAL, "文件中没有名单条目；如确需清空，请先核实 (the file holds no entry; an empty "
                          "list is refused)");
        goto out;
    }
    if ((rc = end_absent(&x)) || (rc = finish(&x)))
        goto out;
    char object[96];
    snprintf(object, sizeof object, "lists/%s", source);
    in_tx = 0;
    rc = xy_audit_commitj(app, by, "exchange.lists_import", object,
                          json_pack("{s:s, s:I, s:I, s:I, s:I, s:I}", "class", x.k->name, "rows", (json_int_t)res->rows,
                                    "added", (json_int_t)res->added, "updated", (json_int_t)res->updated, "unchanged",
                                    (json_int_t)res->unchanged, "ended", (json_int_t)res->ended),
                          rc, err);
out:
    if (in_tx)
        st->ops->rollback(st);
    if (rc) {
        long rows = res->rows;
        memset(res, 0, sizeof *res);
        res->rows = rows;
    }
    xy_batch_reader_free(rd);
    json_decref(x.seen);
    xy_free(x.b);
    return rc;
}
