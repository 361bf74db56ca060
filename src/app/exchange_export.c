/* SPDX-License-Identifier: Apache-2.0 */
/* National files out: double publicity records (licences, penalties) in the national layout (the
 * XK_ and CF_ fields of DOMAIN.md §3.3-3.4, in the catalogue's order) as CSV or XLSX, for upper
 * platforms that take file uploads. The file carries what the layout carries, non-public fields
 * included (a legal representative's ID number, a person's ID number in full), so it is the
 * office's full view: read in a write transaction that logs every subject whose ID numbers it holds
 * in that subject's access history and ends with an audit entry, and written by the CLI to a file
 * of mode 0600. The CSV is read back by `xinyong import` exactly (a round trip is lossless), so its
 * cells are RFC 4180 quoted and never prefixed against formulas: the XLSX is the file for people
 * (text cells stay text there). */
#include "app/exchange.h"
#include "app/exchange_int.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app/audit.h"
#include "common/xy_alloc.h"
#include "common/xy_date.h"
#include "common/xy_xlsx.h"

#define PAGE 500

struct exp {
    struct xy_app *app;
    const struct xy_principal *by;
    const struct xy_class *k;
    const struct xy_export_opts *o;
    int cols[128];
    size_t ncols;
    struct xy_buf *csv;
    struct xy_xlsx *xlsx;
    struct xy_date today;
    char now[32], object[64];
    long n, sealed;
    int64_t last;
    long got;
    int rc;
    struct xy_error *err;
};

static int cell_csv(struct xy_buf *b, const char *s)
{
    /* RFC 4180: quoted when it holds a quote, a comma or a line break; quotes doubled. */
    if (!s)
        return XY_OK;
    if (!strpbrk(s, "\",\r\n"))
        return xy_buf_addz(b, s);
    int rc = xy_buf_addc(b, '"');
    for (const char *p = s; *p && !rc; p++)
        rc = *p == '"' ? xy_buf_add(b, "\"\"", 2) : xy_buf_addc(b, *p);
    return rc ? rc : xy_buf_addc(b, '"');
}

static int row(struct exp *e, const char *const *cells)
{
    int rc = XY_OK;
    for (size_t c = 0; c < e->ncols && !rc; c++) {
        if (e->csv)
            rc = (c ? xy_buf_addc(e->csv, ',') : XY_OK) || cell_csv(e->csv, cells[c]) ? XY_ENOMEM : XY_OK;
        else
            rc = xy_xlsx_text(e->xlsx, c, cells[c]);
    }
    if (!rc)
        rc = e->csv ? (xy_buf_add(e->csv, "\r\n", 2) ? XY_ENOMEM : XY_OK) : xy_xlsx_row_end(e->xlsx);
    return rc ? xy_error_set(e->err, rc == XY_ENOMEM ? XY_ENOMEM : rc, "the file could not be written (out of memory)")
              : XY_OK;
}

static int on_record(void *ctx, const struct xy_record_row *r)
{
    struct exp *e = ctx;
    const char *cells[128];
    e->got++;
    e->last = r->id;
    /* What the public sees is what goes to a publicity platform: the one publicity rule. */
    if (!xy_record_is_public(e->app, r, e->today))
        return 0;
    json_t *f = xy_exchange_full_fields(e->app, r, e->err);
    if (!f) {
        e->rc = e->err && e->err->rc ? e->err->rc : XY_ENOMEM;
        return 1;
    }
    for (size_t c = 0; c < e->ncols; c++)
        cells[c] = json_string_value(json_object_get(f, e->k->fields[e->cols[c]].key));
    e->rc = row(e, cells);
    if (!e->rc && r->sealed && r->sealed_len > XY_SEAL_OVERHEAD) {
        /* ID numbers read in full: the subject's access history says by whom and why. */
        e->sealed++;
        e->rc = e->app->store->ops->access_add(e->app->store, r->subject_id, e->now, e->by->key_id,
                                               xy_role_name(e->by->role), e->by->dept_uscc[0] ? e->by->dept_uscc : NULL,
                                               "国家标准格式文件导出 (national file export)", e->object, 0, e->err);
    }
    if (f) {
        /* The opened ID numbers are wiped with the object's strings. */
        const char *key;
        json_t *v;
        json_object_foreach(f, key, v)
            if (json_is_string(v))
                sodium_memzero((char *)json_string_value(v), json_string_length(v));
        json_decref(f);
    }
    e->n++;
    return e->rc ? 1 : 0;
}

int xy_exchange_export(struct xy_app *app, const struct xy_principal *by, const struct xy_export_opts *o,
                       struct xy_buf *out, long *n, struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct exp e = {.app = app, .by = by, .o = o, .err = err};
    const char *head[128];
    struct xy_date d;
    int rc, in_tx = 0;
    *n = 0;
    if (!o->cls || (strcmp(o->cls, "license") != 0 && strcmp(o->cls, "penalty") != 0))
        return xy_error_set(err, XY_EINVAL, "国家标准格式文件只有 license（行政许可）和 penalty（行政处罚） (national files "
                            "are of class license or penalty)");
    if ((o->from && (strlen(o->from) != 10 || xy_date_parse(o->from, 10, &d))) ||
        (o->to && (strlen(o->to) != 10 || xy_date_parse(o->to, 10, &d))))
        return xy_error_set(err, XY_EINVAL, "from 和 to 须为 YYYY-MM-DD 日期 (from and to must be YYYY-MM-DD dates)");
    if (o->dept_uscc && (strlen(o->dept_uscc) != 18 || strspn(o->dept_uscc, "0123456789ABCDEFGHJKLMNPQRTUWXY") != 18))
        return xy_error_set(err, XY_EINVAL, "dept 须为 18 位统一社会信用代码 (dept must be an 18-character code)");
    if (!(e.k = xy_catalog_class(app->catalog, o->cls)))
        return xy_error_set(err, XY_EINVAL, "信息目录中没有类别 %1$s (the catalogue has no class %1$s)", o->cls);
    for (size_t i = 0; i < e.k->nfields && e.ncols < 128; i++)
        if (!e.k->fields[i].ext || o->ext) {
            e.cols[e.ncols] = (int)i;
            head[e.ncols++] = o->zh_headers ? e.k->fields[i].name_zh : e.k->fields[i].code;
        }
    e.today = xy_clock_today(&app->clock);
    xy_clock_stamp(&app->clock, e.now);
    snprintf(e.object, sizeof e.object, "export/%s", o->cls);
    if (o->xlsx) {
        if ((rc = xy_xlsx_open(&e.xlsx, err)))
            return rc;
        char sheet[32];
        snprintf(sheet, sizeof sheet, "%s", strcmp(o->cls, "license") == 0 ? "行政许可 XK" : "行政处罚 CF");
        if ((rc = xy_xlsx_sheet(e.xlsx, sheet, head, NULL, e.ncols))) {
            rc = xy_error_set(err, XY_ENOMEM, "无法新建工作簿 (the workbook could not be started)");
            goto out;
        }
    } else {
        e.csv = out;
        if (xy_buf_add(out, "\xEF\xBB\xBF", 3)) { /* a BOM: Excel then reads the file as UTF-8 */
            rc = xy_error_set(err, XY_ENOMEM, "out of memory");
            goto out;
        }
        if ((rc = row(&e, head)))
            goto out;
    }
    if ((rc = st->ops->begin(st, err)))
        goto out;
    in_tx = 1;
    struct xy_record_scan q = {.cls = o->cls, .from = o->from, .to = o->to, .dept_uscc = o->dept_uscc};
    do {
        e.got = 0;
        rc = st->ops->records_scan(st, &q, e.last, PAGE, on_record, &e, err);
        if (!rc)
            rc = e.rc;
    } while (!rc && e.got == PAGE);
    if (!rc && e.xlsx) {
        rc = xy_xlsx_finish(e.xlsx, out, err);
        e.xlsx = NULL;
    }
    in_tx = 0;
    rc = xy_audit_commitj(app, by, "exchange.export", e.object,
                          json_pack("{s:s, s:s?, s:s?, s:s?, s:s, s:b, s:I, s:I}", "class", o->cls, "from", o->from, "to",
                                    o->to, "dept", o->dept_uscc, "format", o->xlsx ? "xlsx" : "csv", "ext", o->ext,
                                    "records", (json_int_t)e.n, "with_id_numbers", (json_int_t)e.sealed),
                          rc, err);
    if (!rc)
        *n = e.n;
out:
    if (in_tx)
        st->ops->rollback(st);
    xy_xlsx_free(e.xlsx);
    if (rc) {
        sodium_memzero(out->data, out->len);
        xy_buf_reset(out);
    }
    return rc;
}

int xy_exchange_export_file(struct xy_app *app, const struct xy_principal *by, const struct xy_export_opts *o,
                            const char *path, long *n, struct xy_error *err)
{
    struct xy_buf b;
    xy_buf_init(&b, (size_t)1 << 34);
    /* Made first, owner-only and new: the file holds ID numbers in full and never replaces another. */
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        xy_buf_release(&b);
        return xy_error_set(err, errno == EEXIST ? XY_EEXIST : XY_EIO, "无法新建文件 %.200s (cannot create %.200s): %s",
                            path, path, strerror(errno));
    }
    int rc = xy_exchange_export(app, by, o, &b, n, err);
    size_t off = 0;
    while (!rc && off < b.len) {
        ssize_t w = write(fd, b.data + off, b.len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            rc = xy_error_set(err, XY_EIO, "无法写入 %1$.200s (cannot write %1$.200s): %2$s", path, strerror(errno));
        else
            off += (size_t)w;
    }
    if (!rc && fsync(fd) != 0)
        rc = xy_error_set(err, XY_EIO, "无法写入 %1$.200s (cannot write %1$.200s): %2$s", path, strerror(errno));
    if (close(fd) != 0 && !rc)
        rc = xy_error_set(err, XY_EIO, "无法写入 %1$.200s (cannot write %1$.200s): %2$s", path, strerror(errno));
    if (rc)
        unlink(path);
    if (b.data)
        sodium_memzero(b.data, b.len);
    xy_buf_release(&b);
    return rc;
}
