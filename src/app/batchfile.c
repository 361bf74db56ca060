/* SPDX-License-Identifier: Apache-2.0 */
/* Batch reader: encoding detection, GB18030 to UTF-8 conversion (iconv), CSV (libcsv) and JSON Lines
 * (jansson). The first 64 KiB decide the encoding: a BOM, or valid UTF-8, means UTF-8; anything else
 * is read as GB18030, the superset of GBK that Chinese office software writes. */
#include "app/batchfile.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xy_alloc.h"
#include "common/xy_buf.h"
#include "common/xy_utf8.h"
#include "common/xy_xlsx_read.h"

#define SNIFF_SIZE (64u * 1024u)

enum enc { ENC_UNDECIDED, ENC_UTF8, ENC_UTF8_BOM, ENC_GB18030 };

struct xy_batch_reader {
    const struct xy_class *cls;
    enum xy_batch_format fmt;
    xy_batch_row_fn fn;
    void *ctx;
    enum enc enc;
    struct xy_buf sniff;
    iconv_t cd;
    char pending[8]; /* an incomplete GB18030 sequence at the end of the last chunk */
    size_t npending;
    uint64_t offset; /* input bytes decoded so far */
    int stop_rc;     /* set by a callback or a structural error */
    int flushed;     /* an ASCII prefix was passed on before the encoding was known */
    struct xy_error *err;
    long rows;
    long physical_line;
    /* CSV */
    struct csv_parser csv;
    int csv_ready;
    struct xy_buf fieldbuf; /* the current row's fields, back to back */
    size_t *foff, *flen;
    size_t nfield, capfield;
    int header_done;
    int *colmap; /* column -> class field index, -1 for an ignored column */
    size_t ncols;
    /* XLSX: the first bytes say whether the input is a ZIP; a workbook is kept whole */
    char magic[4];
    size_t nmagic;
    int magic_done;
    struct xy_buf whole;
    /* JSON Lines */
    struct xy_buf line;
    struct xy_cell *cells;
    char **jvals; /* JSON values converted to text, by field */
};

/* Export metadata columns that carry no record data (DOMAIN §3.4). */
static const char *const ignored_columns[] = {"ID", "RESOURCE_ID", "CHECK_FLAG", "CREATE_DATE",
                                              "CREATE_DEPT_NAME", "PERSON_ID", "序号"};

enum xy_batch_format xy_batch_format_from_name(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (!dot)
        return XY_BATCH_AUTO;
    if (strcasecmp(dot, ".csv") == 0 || strcasecmp(dot, ".txt") == 0)
        return XY_BATCH_CSV;
    if (strcasecmp(dot, ".jsonl") == 0 || strcasecmp(dot, ".ndjson") == 0 || strcasecmp(dot, ".json") == 0)
        return XY_BATCH_JSONL;
    if (strcasecmp(dot, ".xlsx") == 0)
        return XY_BATCH_XLSX;
    return XY_BATCH_AUTO;
}

/* libcsv grows its field buffer through this: refusing past the record limit bounds its memory. The
 * flag tells that refusal from a real out-of-memory, which libcsv reports alike. */
static _Thread_local int csv_over_limit;

static void *csv_realloc(void *p, size_t n)
{
    if (n > XY_BATCH_MAX_LINE + 4096) {
        csv_over_limit = 1;
        return NULL;
    }
    return xy_realloc(p, n);
}

struct xy_batch_reader *xy_batch_reader_new(const struct xy_class *cls, enum xy_batch_format fmt,
                                            xy_batch_row_fn fn, void *ctx)
{
    struct xy_batch_reader *r = xy_calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->cls = cls;
    r->fmt = fmt;
    r->fn = fn;
    r->ctx = ctx;
    r->cd = (iconv_t)-1;
    xy_buf_init(&r->sniff, SNIFF_SIZE + 16);
    xy_buf_init(&r->fieldbuf, XY_BATCH_MAX_LINE);
    xy_buf_init(&r->line, XY_BATCH_MAX_LINE);
    xy_buf_init(&r->whole, XY_BATCH_MAX_XLSX);
    r->cells = xy_calloc(cls->nfields, sizeof *r->cells);
    r->jvals = xy_calloc(cls->nfields, sizeof *r->jvals);
    if (!r->cells || !r->jvals) {
        xy_batch_reader_free(r);
        return NULL;
    }
    return r;
}

static void clear_jvals(struct xy_batch_reader *r)
{
    for (size_t i = 0; i < r->cls->nfields; i++) {
        xy_free(r->jvals[i]);
        r->jvals[i] = NULL;
    }
}

void xy_batch_reader_free(struct xy_batch_reader *r)
{
    if (!r)
        return;
    if (r->cd != (iconv_t)-1)
        iconv_close(r->cd);
    if (r->csv_ready)
        csv_free(&r->csv);
    xy_buf_release(&r->sniff);
    xy_buf_release(&r->fieldbuf);
    xy_buf_release(&r->line);
    xy_buf_release(&r->whole);
    xy_free(r->foff);
    xy_free(r->flen);
    xy_free(r->colmap);
    if (r->jvals)
        clear_jvals(r);
    xy_free(r->jvals);
    xy_free(r->cells);
    xy_free(r);
}

const char *xy_batch_reader_encoding(const struct xy_batch_reader *r)
{
    switch (r->enc) {
    case ENC_UTF8: return "UTF-8";
    case ENC_UTF8_BOM: return "UTF-8 (BOM)";
    case ENC_GB18030: return "GB18030";
    case ENC_UNDECIDED: break;
    }
    return "unknown";
}

const char *xy_batch_reader_format(const struct xy_batch_reader *r)
{
    return r->fmt == XY_BATCH_JSONL ? "jsonl" : r->fmt == XY_BATCH_XLSX ? "xlsx" : "csv";
}

long xy_batch_reader_rows(const struct xy_batch_reader *r)
{
    return r->rows;
}

static int fail(struct xy_batch_reader *r, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(struct xy_batch_reader *r, int rc, const char *fmt, ...)
{
    if (r->err) {
        va_list ap;
        r->err->rc = rc;
        va_start(ap, fmt);
        vsnprintf(r->err->msg, sizeof r->err->msg, fmt, ap);
        va_end(ap);
    }
    r->stop_rc = rc;
    return rc;
}

/* ---- CSV ---- */

/* At most 60 bytes of a header cell, not cutting a UTF-8 character. */
static size_t head60(const char *h, size_t n)
{
    return n > 60 ? xy_utf8_floor(h, 60) : n;
}

static void trim_span(const char **p, size_t *n)
{
    while (*n && (**p == ' ' || **p == '\t')) {
        (*p)++;
        (*n)--;
    }
    while (*n && ((*p)[*n - 1] == ' ' || (*p)[*n - 1] == '\t' || (*p)[*n - 1] == '\r'))
        (*n)--;
}

static int csv_header(struct xy_batch_reader *r)
{
    const struct xy_class *cls = r->cls;
    r->ncols = r->nfield;
    r->colmap = xy_calloc(r->ncols ? r->ncols : 1, sizeof *r->colmap);
    if (!r->colmap)
        return fail(r, XY_ENOMEM, "out of memory");
    char *seen = xy_calloc(cls->nfields, 1);
    if (!seen)
        return fail(r, XY_ENOMEM, "out of memory");
    int rc = XY_OK;
    for (size_t c = 0; c < r->ncols && !rc; c++) {
        const char *h = r->fieldbuf.data + r->foff[c];
        size_t n = r->flen[c];
        trim_span(&h, &n);
        r->colmap[c] = -1;
        if (n == 0)
            continue; /* an unnamed column (Excel leaves them) must stay empty: checked per row */
        int f = xy_class_field_lookup(cls, h, n);
        if (f < 0) {
            int ignore = 0;
            for (size_t i = 0; i < sizeof ignored_columns / sizeof *ignored_columns; i++)
                ignore |= strlen(ignored_columns[i]) == n && memcmp(ignored_columns[i], h, n) == 0;
            if (!ignore)
                rc = fail(r, XY_EINVAL,
                          "表头第 %zu 列“%.*s”不是信息类别 %s 的字段：请使用字段代码、中文名称或英文键名"
                          "（见 xinyong catalog show %s） (header column %zu is not a field of class %s: use the "
                          "field code, Chinese name or English key, see `xinyong catalog show %s`)",
                          c + 1, (int)head60(h, n), h, cls->name, cls->name, c + 1, cls->name, cls->name);
            r->colmap[c] = -2;
            continue;
        }
        if (seen[f])
            rc = fail(r, XY_EINVAL, "表头第 %zu 列“%.*s”与前面的列重复了字段 %s (header column %zu repeats field %s)",
                      c + 1, (int)head60(h, n), h, cls->fields[f].code, c + 1, cls->fields[f].code);
        seen[f] = 1;
        r->colmap[c] = f;
    }
    for (size_t f = 0; f < cls->nfields && !rc; f++)
        if (!seen[f] && cls->fields[f].req == XY_REQ_MANDATORY && !cls->fields[f].defval)
            rc = fail(r, XY_EINVAL, "表头缺少必填字段 %s（%s）的列 (the header has no column for mandatory field %s)",
                      cls->fields[f].code, cls->fields[f].name_zh, cls->fields[f].code);
    xy_free(seen);
    r->header_done = 1;
    return rc;
}

static void csv_row(struct xy_batch_reader *r)
{
    struct xy_row_errors pre;
    int has_pre = 0;
    int any = 0;
    for (size_t c = 0; c < r->nfield; c++)
        any |= r->flen[c] != 0;
    if (!any)
        return; /* a blank line */
    r->rows++;
    memset(r->cells, 0, r->cls->nfields * sizeof *r->cells);
    memset(&pre, 0, sizeof pre);
    for (size_t c = 0; c < r->nfield; c++) {
        const char *v = r->fieldbuf.data + r->foff[c];
        if (c >= r->ncols || r->colmap[c] == -1) {
            if (r->flen[c] && pre.n < XY_ROW_MAX_ERRORS) {
                pre.e[pre.n].field = -1;
                snprintf(pre.e[pre.n].code, sizeof pre.e[pre.n].code, "extra_field");
                snprintf(pre.e[pre.n].reason, sizeof pre.e[pre.n].reason,
                         "第%zu列没有表头，却有内容（共%zu列，表头%zu列） (column %zu has a value but no header)",
                         c + 1, r->nfield, r->ncols, c + 1);
                pre.n++;
                has_pre = 1;
            }
            continue;
        }
        if (r->colmap[c] < 0)
            continue;
        r->cells[r->colmap[c]].p = v;
        r->cells[r->colmap[c]].n = r->flen[c];
    }
    int rc = r->fn(r->ctx, r->rows, r->cells, has_pre ? &pre : NULL);
    if (rc)
        r->stop_rc = rc;
}

static void cb_field(void *s, size_t len, void *data)
{
    struct xy_batch_reader *r = data;
    if (r->stop_rc)
        return;
    if (r->nfield == r->capfield) {
        size_t cap = r->capfield ? r->capfield * 2 : 64;
        if (cap > 4096) {
            fail(r, XY_ETOOBIG, "第 %ld 条记录超过 4096 列 (record %ld has more than 4096 columns)", r->rows + 1,
                 r->rows + 1);
            return;
        }
        size_t *o = xy_realloc(r->foff, cap * sizeof *o);
        if (o)
            r->foff = o;
        size_t *l = o ? xy_realloc(r->flen, cap * sizeof *l) : NULL;
        if (!o || !l) {
            fail(r, XY_ENOMEM, "out of memory");
            return;
        }
        r->flen = l;
        r->capfield = cap;
    }
    r->foff[r->nfield] = r->fieldbuf.len;
    r->flen[r->nfield] = len;
    int rc = xy_buf_add(&r->fieldbuf, s ? s : "", len);
    if (rc == XY_OK)
        rc = xy_buf_addc(&r->fieldbuf, '\0');
    if (rc) {
        fail(r, rc, "第 %ld 条记录超过 %u 字节 (record %ld is longer than %u bytes)", r->rows + 1, XY_BATCH_MAX_LINE,
             r->rows + 1, XY_BATCH_MAX_LINE);
        return;
    }
    r->nfield++;
}

static void cb_row(int c, void *data)
{
    struct xy_batch_reader *r = data;
    (void)c;
    if (!r->stop_rc) {
        if (!r->header_done) {
            /* A UTF-8 BOM left by a converter in front of the first header. */
            if (r->nfield && r->flen[0] >= 3 && memcmp(r->fieldbuf.data, "\xEF\xBB\xBF", 3) == 0) {
                r->foff[0] += 3;
                r->flen[0] -= 3;
            }
            csv_header(r);
        } else {
            csv_row(r);
        }
    }
    r->nfield = 0;
    xy_buf_reset(&r->fieldbuf);
}

static int csv_feed(struct xy_batch_reader *r, const char *p, size_t n)
{
    if (!r->csv_ready) {
        if (csv_init(&r->csv, CSV_APPEND_NULL) != 0)
            return fail(r, XY_ENOMEM, "out of memory");
        csv_set_realloc_func(&r->csv, csv_realloc);
        csv_set_free_func(&r->csv, xy_free);
        csv_set_blk_size(&r->csv, 4096);
        r->csv_ready = 1;
    }
    csv_over_limit = 0;
    size_t done = csv_parse(&r->csv, p, n, cb_field, cb_row, r);
    if (r->stop_rc)
        return r->stop_rc;
    if (done != n) {
        int e = csv_error(&r->csv);
        if (e == CSV_ENOMEM && !csv_over_limit)
            return fail(r, XY_ENOMEM, "out of memory reading record %ld", r->rows + 1);
        if (e == CSV_ENOMEM || e == CSV_ETOOBIG)
            return fail(r, XY_ETOOBIG,
                        "第 %ld 条记录有超过 %u 字节的字段（可能有未闭合的引号） (record %ld has a field longer "
                        "than %u bytes: an unclosed quote?)",
                        r->rows + 1, XY_BATCH_MAX_LINE, r->rows + 1, XY_BATCH_MAX_LINE);
        return fail(r, XY_EINVAL, "第 %ld 条记录：CSV 格式有误 (record %ld: %s)", r->rows + 1, r->rows + 1,
                    csv_strerror(e));
    }
    return XY_OK;
}

/* ---- JSON Lines ---- */

/* The shortest decimal text that reads back as the same double, without an exponent: 0.35 stays
 * "0.35" and 1e-07 becomes "0.0000001", so the validator judges the number as it was written rather
 * than a rounded copy. */
static void real_text(double d, char *out, size_t size)
{
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(out, size, "%.*g", prec, d);
        if (strtod(out, NULL) == d)
            break;
    }
    if (!strchr(out, 'e') && !strchr(out, 'E'))
        return;
    snprintf(out, size, "%.20f", d);
    size_t l = strlen(out);
    while (l > 1 && out[l - 1] == '0')
        out[--l] = '\0';
    if (l && out[l - 1] == '.')
        out[--l] = '\0';
}

static int json_line(struct xy_batch_reader *r, const char *p, size_t n)
{
    struct xy_row_errors pre;
    json_error_t jerr;
    int rc = XY_OK;
    while (n && (p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    size_t lead = 0;
    while (lead < n && (p[lead] == ' ' || p[lead] == '\t'))
        lead++;
    if (lead == n)
        return XY_OK;
    r->rows++;
    memset(&pre, 0, sizeof pre);
    memset(r->cells, 0, r->cls->nfields * sizeof *r->cells);
    json_t *obj = json_loadb(p, n, JSON_REJECT_DUPLICATES, &jerr);
    if (!obj || !json_is_object(obj)) {
        pre.e[0].field = -1;
        snprintf(pre.e[0].code, sizeof pre.e[0].code, "bad_json");
        if (obj)
            snprintf(pre.e[0].reason, sizeof pre.e[0].reason, "该行不是JSON对象 (the line is not a JSON object)");
        else
            snprintf(pre.e[0].reason, sizeof pre.e[0].reason, "JSON语法错误：第%d列 %s (JSON syntax error)",
                     jerr.column, jerr.text);
        pre.n = 1;
        json_decref(obj);
        return r->fn(r->ctx, r->rows, r->cells, &pre);
    }
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        int f = xy_class_field_lookup(r->cls, key, strlen(key));
        const char *reason = NULL, *code = "bad_type";
        if (f < 0) {
            code = "unknown_field";
            int ignore = 0;
            for (size_t i = 0; i < sizeof ignored_columns / sizeof *ignored_columns; i++)
                ignore |= strcmp(ignored_columns[i], key) == 0;
            if (!ignore)
                reason = "不是本类信息的字段 (not a field of this class)";
        } else if (r->cells[f].p) {
            code = "duplicate_field";
            reason = "与另一个键指向同一字段 (names a field another key already gave)";
        } else if (json_is_string(v)) {
            r->cells[f].p = json_string_value(v);
            r->cells[f].n = json_string_length(v);
        } else if (json_is_integer(v) || json_is_real(v)) {
            char num[64];
            if (json_is_integer(v)) {
                snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
            } else {
                real_text(json_real_value(v), num, sizeof num);
            }
            xy_free(r->jvals[f]);
            if (!(r->jvals[f] = xy_strdup(num))) {
                rc = fail(r, XY_ENOMEM, "out of memory");
                break;
            }
            r->cells[f].p = r->jvals[f];
            r->cells[f].n = strlen(num);
        } else if (!json_is_null(v)) {
            reason = "值必须是字符串或数字 (must be a string or a number)";
        }
        if (reason && pre.n < XY_ROW_MAX_ERRORS) {
            pre.e[pre.n].field = f;
            snprintf(pre.e[pre.n].code, sizeof pre.e[pre.n].code, "%s", code);
            snprintf(pre.e[pre.n].reason, sizeof pre.e[pre.n].reason, "“%.64s”%s", key, reason);
            pre.n++;
        }
    }
    if (!rc)
        rc = r->fn(r->ctx, r->rows, r->cells, pre.n ? &pre : NULL);
    json_decref(obj);
    clear_jvals(r);
    return rc;
}

static int jsonl_feed(struct xy_batch_reader *r, const char *p, size_t n)
{
    while (n) {
        const char *nl = memchr(p, '\n', n);
        size_t take = nl ? (size_t)(nl - p) : n;
        if (xy_buf_add(&r->line, p, take))
            return fail(r, XY_ETOOBIG, "第 %ld 行超过 %u 字节 (line %ld is longer than %u bytes)", r->rows + 1,
                        XY_BATCH_MAX_LINE, r->rows + 1, XY_BATCH_MAX_LINE);
        if (!nl)
            break;
        int rc = json_line(r, r->line.data ? r->line.data : "", r->line.len);
        xy_buf_reset(&r->line);
        if (rc)
            return r->stop_rc = rc;
        p = nl + 1;
        n -= take + 1;
    }
    return XY_OK;
}

/* ---- decoding ---- */

static int parse_utf8(struct xy_batch_reader *r, const char *p, size_t n)
{
    return r->fmt == XY_BATCH_JSONL ? jsonl_feed(r, p, n) : csv_feed(r, p, n);
}

static int decode(struct xy_batch_reader *r, const char *p, size_t n)
{
    if (r->enc != ENC_GB18030) {
        r->offset += n;
        return parse_utf8(r, p, n);
    }
    char out[16384];
    char in[16384 + 8];
    while (n || r->npending) {
        /* Prepend the incomplete sequence left from the previous chunk. */
        size_t take = n > sizeof in - r->npending ? sizeof in - r->npending : n;
        memcpy(in, r->pending, r->npending);
        memcpy(in + r->npending, p, take);
        size_t inlen = r->npending + take;
        p += take;
        n -= take;
        r->npending = 0;
        char *ip = in, *op = out;
        size_t ileft = inlen, oleft = sizeof out;
        while (ileft) {
            size_t k = iconv(r->cd, &ip, &ileft, &op, &oleft);
            if (k != (size_t)-1)
                break;
            if (errno == E2BIG) {
                int rc = parse_utf8(r, out, (size_t)(op - out));
                if (rc)
                    return rc;
                op = out;
                oleft = sizeof out;
                continue;
            }
            if (errno == EINVAL) { /* incomplete: keep for the next chunk */
                if (ileft > sizeof r->pending)
                    return fail(r, XY_EINVAL, "第 %llu 字节：无效的 GB18030 编码 (byte %llu: invalid GB18030 sequence)",
                                (unsigned long long)(r->offset + (uint64_t)(ip - in)),
                                (unsigned long long)(r->offset + (uint64_t)(ip - in)));
                memcpy(r->pending, ip, ileft);
                r->npending = ileft;
                ileft = 0;
                break;
            }
            return fail(r, XY_EINVAL,
                        "第 %llu 字节：文件既不是 UTF-8 也不是 GB18030/GBK 编码，请另存为 UTF-8 后重新提交 (byte %llu: "
                        "the file is neither UTF-8 nor GB18030/GBK: save it as UTF-8 and resend)",
                        (unsigned long long)(r->offset + (uint64_t)(ip - in)),
                        (unsigned long long)(r->offset + (uint64_t)(ip - in)));
        }
        r->offset += (uint64_t)(inlen - r->npending);
        int rc = parse_utf8(r, out, (size_t)(op - out));
        if (rc)
            return rc;
        if (!n)
            break;
    }
    return XY_OK;
}

/* Valid UTF-8 but for a sequence cut at the end of the sample. */
static int utf8_prefix_valid(const char *p, size_t n)
{
    size_t cut = n;
    for (size_t back = 1; back <= 3 && back <= n; back++) {
        unsigned char c = (unsigned char)p[n - back];
        if ((c & 0xC0) == 0xC0) { /* a lead byte: is its sequence complete? */
            size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            if (back < need)
                cut = n - back;
            break;
        }
        if ((c & 0x80) == 0)
            break;
    }
    return xy_utf8_valid(p, cut);
}

static void pick_format(struct xy_batch_reader *r, const char *p, size_t n, size_t skip)
{
    if (r->fmt != XY_BATCH_AUTO)
        return;
    size_t i = skip;
    while (i < n && (p[i] == ' ' || p[i] == '\r' || p[i] == '\n' || p[i] == '\t'))
        i++;
    r->fmt = i < n && p[i] == '{' ? XY_BATCH_JSONL : XY_BATCH_CSV;
}

static int decide(struct xy_batch_reader *r)
{
    const char *p = xy_buf_str(&r->sniff);
    size_t n = r->sniff.len, skip = 0;
    if (!r->flushed && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
        r->enc = ENC_UTF8_BOM;
        skip = 3;
    } else if (utf8_prefix_valid(p, n)) {
        r->enc = ENC_UTF8;
    } else {
        r->enc = ENC_GB18030;
        r->cd = iconv_open("UTF-8", "GB18030");
        if (r->cd == (iconv_t)-1)
            return fail(r, XY_EIO, "this system cannot convert GB18030 (iconv): %s", strerror(errno));
    }
    pick_format(r, p, n, skip);
    r->offset += skip;
    int rc = decode(r, p + skip, n - skip);
    xy_buf_release(&r->sniff);
    return rc;
}

/* The encoding is judged on the text around the first byte that is not ASCII: an ASCII prefix of any
 * length (field-code headers, numbers) reads the same in both encodings and is passed on as it comes,
 * so a GBK file whose first Chinese character comes late is still recognised. */
#define SNIFF_AFTER 64 /* bytes wanted after the first non-ASCII one before judging */

static int feed_text(struct xy_batch_reader *r, const char *data, size_t len)
{
    while (r->enc == ENC_UNDECIDED && len) {
        size_t room = SNIFF_SIZE - r->sniff.len;
        size_t take = len < room ? len : room;
        if (xy_buf_add(&r->sniff, data, take))
            return fail(r, XY_ENOMEM, "out of memory");
        data += take;
        len -= take;
        const char *p = xy_buf_str(&r->sniff);
        size_t n = r->sniff.len, hi = 0;
        while (hi < n && !((unsigned char)p[hi] & 0x80))
            hi++;
        int bom = !r->flushed && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0;
        if (bom || (hi < n && (n - hi >= SNIFF_AFTER || n == SNIFF_SIZE))) {
            int rc = decide(r);
            if (rc)
                return rc;
            break;
        }
        if (n < SNIFF_SIZE)
            continue; /* len is 0 here: wait for more input */
        /* A full window of ASCII: pass it on and keep looking. */
        pick_format(r, p, n, 0);
        r->flushed = 1;
        r->offset += n;
        int rc = parse_utf8(r, p, n);
        xy_buf_reset(&r->sniff);
        if (rc)
            return rc;
    }
    if (r->enc == ENC_UNDECIDED)
        return XY_OK;
    return len ? decode(r, data, len) : XY_OK;
}

/* ---- XLSX ---- */

static int keep_xlsx(struct xy_batch_reader *r, const char *data, size_t len)
{
    int rc = xy_buf_add(&r->whole, data, len);
    if (rc == XY_ETOOBIG)
        return fail(r, rc, "XLSX 工作簿超过 %zu 字节，请拆分后分批提交 (the workbook is larger than %zu bytes: split it "
                    "into several batches)", XY_BATCH_MAX_XLSX, XY_BATCH_MAX_XLSX);
    return rc ? fail(r, rc, "out of memory") : XY_OK;
}

/* A row of the sheet goes where a CSV record's fields go: the same header and row rules. */
static int xlsx_row(void *ctx, long sheet_row, size_t ncells, const char *const *cells, const size_t *lens)
{
    struct xy_batch_reader *r = ctx;
    (void)sheet_row;
    r->nfield = 0;
    xy_buf_reset(&r->fieldbuf);
    for (size_t c = 0; c < ncells && !r->stop_rc; c++)
        cb_field((void *)cells[c], lens[c], r);
    cb_row(0, r);
    return r->stop_rc;
}

/* Decides from the first four bytes whether the input is a workbook, then passes them on. */
static int sniff_magic(struct xy_batch_reader *r)
{
    r->magic_done = 1;
    if (r->nmagic == 4 && xy_xlsx_looks_like(r->magic, 4) && r->fmt != XY_BATCH_JSONL) {
        r->fmt = XY_BATCH_XLSX;
        r->enc = ENC_UTF8;
        return keep_xlsx(r, r->magic, r->nmagic);
    }
    if (r->fmt == XY_BATCH_XLSX)
        return fail(r, XY_EINVAL, "文件不是 XLSX 工作簿（不以 ZIP 文件头开始） (the file is not an XLSX workbook: it does not "
                    "start as a ZIP archive)");
    return r->nmagic ? feed_text(r, r->magic, r->nmagic) : XY_OK;
}

int xy_batch_reader_feed(struct xy_batch_reader *r, const char *data, size_t len, struct xy_error *err)
{
    r->err = err;
    if (r->stop_rc)
        return r->stop_rc;
    if (!r->magic_done) {
        size_t take = len < 4 - r->nmagic ? len : 4 - r->nmagic;
        memcpy(r->magic + r->nmagic, data, take);
        r->nmagic += take;
        data += take;
        len -= take;
        if (r->nmagic < 4)
            return XY_OK;
        int rc = sniff_magic(r);
        if (rc)
            return rc;
    }
    if (r->fmt == XY_BATCH_XLSX)
        return len ? keep_xlsx(r, data, len) : XY_OK;
    return feed_text(r, data, len);
}

int xy_batch_reader_finish(struct xy_batch_reader *r, struct xy_error *err)
{
    int rc;
    r->err = err;
    if (r->stop_rc)
        return r->stop_rc;
    if (!r->magic_done && (rc = sniff_magic(r)))
        return rc;
    if (r->fmt == XY_BATCH_XLSX) {
        struct xy_error xerr = {0};
        rc = xy_xlsx_read(r->whole.data ? r->whole.data : "", r->whole.len, xlsx_row, r, &xerr);
        xy_buf_release(&r->whole);
        if (rc && r->stop_rc)
            return r->stop_rc; /* a row's own error, said already */
        if (rc)
            return fail(r, rc, "%s", xerr.msg);
        if (!r->header_done)
            return fail(r, XY_EINVAL, "工作簿的第一张工作表为空：须以表头行开始 (the workbook's first sheet is empty: a "
                        "batch starts with a header row)");
        return XY_OK;
    }
    if (r->enc == ENC_UNDECIDED && (rc = decide(r)))
        return rc;
    if (r->npending)
        return fail(r, XY_EINVAL, "文件在一个 GB18030 字符的中间结束 (the file ends inside a GB18030 character)");
    if (r->fmt == XY_BATCH_JSONL) {
        if (r->line.len && (rc = json_line(r, r->line.data, r->line.len)))
            return r->stop_rc = rc;
        xy_buf_reset(&r->line);
    } else if (r->csv_ready) {
        csv_fini(&r->csv, cb_field, cb_row, r);
        if (r->stop_rc)
            return r->stop_rc;
    }
    if (r->fmt == XY_BATCH_CSV && !r->header_done)
        return fail(r, XY_EINVAL,
                    "文件为空：CSV 批次须以表头行开始 (the file is empty: a CSV batch starts with a header row)");
    return XY_OK;
}
