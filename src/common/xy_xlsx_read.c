/* SPDX-License-Identifier: Apache-2.0 */
/* Reading the first worksheet of an XLSX workbook (xy_xlsx_read.h): libzip opens the archive from
 * memory, expat parses the parts as they are inflated. The parts read: xl/workbook.xml (the first
 * sheet, the 1904 date system), its relationships (where the sheet, the shared strings and the
 * styles are), the styles (which cells are dates), the shared strings (kept, they are looked up by
 * index) and the sheet (streamed: never held whole). */
#include "common/xy_xlsx_read.h"

#include <expat.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "common/xy_alloc.h"
#include "common/xy_buf.h"

#define MAX_RELS 256
#define MAX_XFS 65536
#define MAX_NUMFMTS 1024
#define MAX_STRINGS ((size_t)16 << 20)
#define MAX_ROW_TEXT ((size_t)4 << 20)
#define PATH_MAX_LEN 512

struct rel {
    char id[64], type[64], target[PATH_MAX_LEN];
};

enum part { P_RELS, P_WORKBOOK, P_STYLES, P_STRINGS, P_SHEET };

struct rd {
    zip_t *z;
    struct xy_error *err;
    int rc;
    XML_Parser p;
    enum part part;
    const char *part_name;
    /* relationships of the workbook */
    struct rel rels[MAX_RELS];
    size_t nrels;
    /* workbook */
    char sheet_rid[64];
    int have_sheet, date1904;
    /* styles */
    int in_cellxfs, in_numfmts;
    struct {
        long id;
        int date;
    } numfmts[MAX_NUMFMTS];
    size_t nnumfmts;
    unsigned char *xf_date;
    size_t nxfs, capxfs;
    /* shared strings: texts back to back, each NUL-ended, by offset */
    struct xy_buf strings;
    size_t *str_off;
    size_t nstr, capstr;
    int in_si, in_t, rph_depth;
    /* the sheet */
    xy_xlsx_row_fn fn;
    void *ctx;
    long row, last_row;
    long col, next_col;
    char ctype[16];
    long cstyle;
    int in_cell, in_v, in_is;
    struct xy_buf text; /* the current <t> or <v> */
    struct xy_buf rowtext;
    size_t *coff, *clen;
    const char **cptr;
    size_t ncells;
    int row_open;
};

static int fail(struct rd *d, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(struct rd *d, int rc, const char *fmt, ...)
{
    if (d->rc)
        return d->rc;
    d->rc = rc;
    if (d->err) {
        va_list ap;
        d->err->rc = rc;
        va_start(ap, fmt);
        vsnprintf(d->err->msg, sizeof d->err->msg, fmt, ap);
        va_end(ap);
    }
    if (d->p)
        XML_StopParser(d->p, XML_FALSE);
    return rc;
}

static int oom(struct rd *d)
{
    return fail(d, XY_ENOMEM, "读取工作簿时内存不足 (out of memory reading the workbook)");
}

int xy_xlsx_looks_like(const char *data, size_t len)
{
    return len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0;
}

/* The local part of an expat name "URI local" (the parser separates with a space). */
static const char *local(const char *name)
{
    const char *sp = strrchr(name, ' ');
    return sp ? sp + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(atts[i], name) == 0)
            return atts[i + 1];
    return NULL;
}

/* ---- relationships, workbook, styles ---- */

static void rels_start(struct rd *d, const char *el, const char **atts)
{
    if (strcmp(el, "Relationship") != 0)
        return;
    const char *id = attr(atts, "Id"), *type = attr(atts, "Type"), *target = attr(atts, "Target");
    const char *mode = attr(atts, "TargetMode");
    if (!id || !type || !target || (mode && strcmp(mode, "External") == 0))
        return;
    if (d->nrels == MAX_RELS) {
        fail(d, XY_ETOOBIG, "XLSX 工作簿的关系超过 %d 个 (the workbook has more than %d relationships)", MAX_RELS,
             MAX_RELS);
        return;
    }
    struct rel *r = &d->rels[d->nrels++];
    const char *slash = strrchr(type, '/');
    snprintf(r->id, sizeof r->id, "%s", id);
    snprintf(r->type, sizeof r->type, "%s", slash ? slash + 1 : type);
    snprintf(r->target, sizeof r->target, "%s", target);
}

static void workbook_start(struct rd *d, const char *el, const char **atts)
{
    if (strcmp(el, "workbookPr") == 0) {
        const char *v = attr(atts, "date1904");
        d->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
    } else if (strcmp(el, "sheet") == 0 && !d->have_sheet) {
        /* r:id: the attribute named "id" in the relationships namespace (transitional or strict). */
        for (size_t i = 0; atts[i]; i += 2) {
            const char *sp = strrchr(atts[i], ' ');
            if (sp && strcmp(sp + 1, "id") == 0 && strstr(atts[i], "relationships")) {
                snprintf(d->sheet_rid, sizeof d->sheet_rid, "%s", atts[i + 1]);
                d->have_sheet = 1;
            }
        }
    }
}

/* Whether a number format shows a date: a year or day code outside quoted text, escapes and
 * [colour]/[locale] brackets. */
static int format_is_date(const char *code)
{
    for (const char *p = code; *p; p++) {
        if (*p == '"') {
            p = strchr(p + 1, '"');
            if (!p)
                return 0;
        } else if (*p == '[') {
            p = strchr(p + 1, ']');
            if (!p)
                return 0;
        } else if (*p == '\\' || *p == '_' || *p == '*') {
            if (!*++p)
                return 0;
        } else if (strchr("yYdD", *p)) {
            return 1;
        }
    }
    return 0;
}

/* The built-in formats that show dates (ECMA-376 §18.8.30 and the East Asian ones, 27-36, 50-58). */
static int builtin_date(long id)
{
    return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

static void styles_start(struct rd *d, const char *el, const char **atts)
{
    if (strcmp(el, "numFmts") == 0) {
        d->in_numfmts = 1; /* (a dxf's numFmt, elsewhere, is not a cell's) */
    } else if (strcmp(el, "numFmt") == 0 && d->in_numfmts) {
        const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
        if (id && code && d->nnumfmts < MAX_NUMFMTS) {
            d->numfmts[d->nnumfmts].id = strtol(id, NULL, 10);
            d->numfmts[d->nnumfmts++].date = format_is_date(code);
        }
    } else if (strcmp(el, "cellXfs") == 0) {
        d->in_cellxfs = 1;
    } else if (strcmp(el, "xf") == 0 && d->in_cellxfs) {
        if (d->nxfs == MAX_XFS) {
            fail(d, XY_ETOOBIG, "XLSX 工作簿的单元格样式超过 %d 个 (the workbook has more than %d cell styles)", MAX_XFS,
                 MAX_XFS);
            return;
        }
        if (d->nxfs == d->capxfs) {
            size_t cap = d->capxfs ? d->capxfs * 2 : 64;
            unsigned char *n = xy_realloc(d->xf_date, cap);
            if (!n) {
                oom(d);
                return;
            }
            d->xf_date = n;
            d->capxfs = cap;
        }
        const char *v = attr(atts, "numFmtId");
        long id = v ? strtol(v, NULL, 10) : 0;
        int date = builtin_date(id);
        for (size_t i = 0; i < d->nnumfmts; i++)
            if (d->numfmts[i].id == id)
                date = d->numfmts[i].date;
        d->xf_date[d->nxfs++] = (unsigned char)date;
    }
}

static void styles_end(struct rd *d, const char *el)
{
    if (strcmp(el, "cellXfs") == 0)
        d->in_cellxfs = 0;
    else if (strcmp(el, "numFmts") == 0)
        d->in_numfmts = 0;
}

/* ---- shared strings ---- */

static void strings_start(struct rd *d, const char *el)
{
    if (strcmp(el, "si") == 0) {
        d->in_si = 1;
        xy_buf_reset(&d->text);
    } else if (strcmp(el, "rPh") == 0) {
        d->rph_depth++; /* phonetic guides are not part of the text */
    } else if (strcmp(el, "t") == 0 && d->in_si && !d->rph_depth) {
        d->in_t = 1;
    }
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* OOXML writes characters XML cannot hold (a carriage return, other controls) as _xHHHH_ in text:
 * turned back in place (the result is never longer). */
static void unescape_x(struct xy_buf *b)
{
    char *s = b->data;
    size_t o = 0;
    for (size_t i = 0; i < b->len;) {
        if (i + 7 <= b->len && s[i] == '_' && s[i + 1] == 'x' && s[i + 6] == '_' && hexval(s[i + 2]) >= 0 &&
            hexval(s[i + 3]) >= 0 && hexval(s[i + 4]) >= 0 && hexval(s[i + 5]) >= 0) {
            unsigned v = (unsigned)(hexval(s[i + 2]) << 12 | hexval(s[i + 3]) << 8 | hexval(s[i + 4]) << 4 |
                                    hexval(s[i + 5]));
            if (v < 0x80) { /* the escapes written are of controls and of '_' itself */
                s[o++] = (char)v;
                i += 7;
                continue;
            }
        }
        s[o++] = s[i++];
    }
    if (s) {
        b->len = o;
        s[o] = '\0';
    }
}

static void strings_end(struct rd *d, const char *el)
{
    if (strcmp(el, "t") == 0) {
        d->in_t = 0;
    } else if (strcmp(el, "rPh") == 0) {
        d->rph_depth--;
    } else if (strcmp(el, "si") == 0 && d->in_si) {
        d->in_si = 0;
        unescape_x(&d->text);
        if (d->nstr == MAX_STRINGS) {
            fail(d, XY_ETOOBIG, "XLSX 工作簿的共享字符串超过 %zu 个 (the workbook has more than %zu shared strings)",
                 MAX_STRINGS, MAX_STRINGS);
            return;
        }
        if (d->nstr == d->capstr) {
            size_t cap = d->capstr ? d->capstr * 2 : 1024;
            size_t *n = xy_realloc(d->str_off, cap * sizeof *n);
            if (!n) {
                oom(d);
                return;
            }
            d->str_off = n;
            d->capstr = cap;
        }
        d->str_off[d->nstr] = d->strings.len;
        int rc = xy_buf_add(&d->strings, d->text.data ? d->text.data : "", d->text.len);
        if (!rc)
            rc = xy_buf_addc(&d->strings, '\0');
        if (rc) {
            if (rc == XY_ENOMEM)
                oom(d);
            else
                fail(d, XY_ETOOBIG, "XLSX 工作簿的共享字符串超过 %zu 字节 (the shared strings exceed %zu bytes)",
                     XY_XLSX_MAX_STRINGS, XY_XLSX_MAX_STRINGS);
            return;
        }
        d->nstr++;
    }
}

/* ---- the sheet ---- */

/* "BC12" -> column 54 (0-based 53); -1 when not a cell reference. */
static long ref_col(const char *r)
{
    long c = 0;
    int n = 0;
    for (; *r >= 'A' && *r <= 'Z'; r++, n++) {
        if (n == 3)
            return -1;
        c = c * 26 + (*r - 'A' + 1);
    }
    return n == 0 ? -1 : c - 1;
}

static void civil(long z, int *y, int *m, int *dd)
{
    /* Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm). */
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *dd = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* A serial day number in a date-formatted cell as YYYY-MM-DD (and the time when there is one);
 * 0 when the text is not such a number. */
static int serial_date(const char *v, int date1904, char *out, size_t size)
{
    char *end;
    double x = strtod(v, &end);
    if (end == v || *end || !isfinite(x) || x < 1 || x >= 2958466)
        return 0;
    long day = (long)floor(x);
    long secs = lround((x - (double)day) * 86400.0);
    if (secs == 86400) {
        day++;
        secs = 0;
    }
    /* 1900 system: serial 1 is 1900-01-01 and Excel counts a 29 February 1900 (serial 60) that
     * never was; from 61 on, serial 0 is 1899-12-30 (-25569 days from 1970). */
    long days;
    if (date1904)
        days = day - 24107;
    else if (day >= 61)
        days = day - 25569;
    else if (day == 60)
        return 0;
    else
        days = day - 25568;
    int y, m, dd;
    civil(days, &y, &m, &dd);
    if (secs)
        snprintf(out, size, "%04d-%02d-%02d %02ld:%02ld:%02ld", y, m, dd, secs / 3600, secs / 60 % 60, secs % 60);
    else
        snprintf(out, size, "%04d-%02d-%02d", y, m, dd);
    return 1;
}

static void sheet_start(struct rd *d, const char *el, const char **atts)
{
    if (strcmp(el, "row") == 0) {
        const char *r = attr(atts, "r");
        long n = r ? strtol(r, NULL, 10) : d->last_row + 1;
        if (n <= d->last_row || n > 1048576) {
            fail(d, XY_EINVAL, "XLSX 工作表的第 %ld 行次序有误 (row %ld of the worksheet is out of order)", n, n);
            return;
        }
        d->row = n;
        d->row_open = 1;
        d->ncells = 0;
        d->next_col = 0;
        xy_buf_reset(&d->rowtext);
    } else if (strcmp(el, "c") == 0 && d->row_open) {
        const char *r = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
        long c = r ? ref_col(r) : d->next_col;
        if (c < 0 || c < d->next_col) {
            fail(d, XY_EINVAL, "XLSX 工作表第 %ld 行的单元格 %.16s 位置有误 (cell %.16s of row %ld is misplaced)", d->row,
                 r ? r : "?", r ? r : "?", d->row);
            return;
        }
        if (c >= XY_XLSX_MAX_COLS) {
            fail(d, XY_ETOOBIG, "XLSX 工作表第 %ld 行超过 %d 列 (row %ld has more than %d columns)", d->row,
                 XY_XLSX_MAX_COLS, d->row, XY_XLSX_MAX_COLS);
            return;
        }
        d->col = c;
        d->next_col = c + 1;
        snprintf(d->ctype, sizeof d->ctype, "%s", t ? t : "n");
        d->cstyle = s ? strtol(s, NULL, 10) : 0;
        d->in_cell = 1;
        xy_buf_reset(&d->text);
    } else if (d->in_cell && strcmp(el, "v") == 0) {
        d->in_v = 1;
    } else if (d->in_cell && strcmp(el, "is") == 0) {
        d->in_is = 1;
    } else if (d->in_is && strcmp(el, "rPh") == 0) {
        d->rph_depth++;
    } else if (d->in_is && strcmp(el, "t") == 0 && !d->rph_depth) {
        d->in_t = 1;
    }
}

static int cell_store(struct rd *d, const char *v, size_t n)
{
    if (!n)
        return XY_OK; /* an empty cell is the same as none */
    if ((size_t)d->col >= d->ncells) {
        size_t need = (size_t)d->col + 1;
        if (need > XY_XLSX_MAX_COLS)
            return fail(d, XY_ETOOBIG, "too many columns");
        for (size_t i = d->ncells; i < need; i++)
            d->coff[i] = d->clen[i] = 0;
        d->ncells = need;
    }
    d->coff[d->col] = d->rowtext.len;
    d->clen[d->col] = n;
    int rc = xy_buf_add(&d->rowtext, v, n);
    if (!rc)
        rc = xy_buf_addc(&d->rowtext, '\0');
    if (rc == XY_ENOMEM)
        return oom(d);
    if (rc)
        return fail(d, XY_ETOOBIG, "XLSX 工作表第 %ld 行超过 %zu 字节 (row %ld is longer than %zu bytes)", d->row,
                    MAX_ROW_TEXT, d->row, MAX_ROW_TEXT);
    return XY_OK;
}

static void cell_end(struct rd *d)
{
    const char *v = d->text.data ? d->text.data : "";
    size_t n = d->text.len;
    char date[128]; /* the widest the format can print, so that -Wformat-truncation holds in release builds */
    if (strcmp(d->ctype, "inlineStr") == 0) {
        unescape_x(&d->text);
        v = d->text.data ? d->text.data : "";
        n = d->text.len;
    } else if (strcmp(d->ctype, "s") == 0) {
        char *end;
        unsigned long long i = strtoull(v, &end, 10);
        if (end == v || *end || i >= d->nstr) {
            fail(d, XY_EINVAL,
                 "XLSX 工作表第 %ld 行的单元格引用了不存在的共享字符串 %.20s (a cell of row %ld names shared string %.20s, "
                 "which the workbook does not have)",
                 d->row, v, d->row, v);
            return;
        }
        v = d->strings.data + d->str_off[i];
        n = strlen(v);
    } else if (strcmp(d->ctype, "n") == 0 && d->cstyle > 0 && (size_t)d->cstyle < d->nxfs &&
               d->xf_date[d->cstyle] && serial_date(v, d->date1904, date, sizeof date)) {
        v = date;
        n = strlen(date);
    }
    cell_store(d, v, n);
}

static void sheet_end(struct rd *d, const char *el)
{
    if (strcmp(el, "t") == 0) {
        d->in_t = 0;
    } else if (strcmp(el, "v") == 0) {
        d->in_v = 0;
    } else if (strcmp(el, "rPh") == 0 && d->rph_depth) {
        d->rph_depth--;
    } else if (strcmp(el, "is") == 0) {
        d->in_is = 0;
    } else if (strcmp(el, "c") == 0 && d->in_cell) {
        d->in_cell = 0;
        cell_end(d);
    } else if (strcmp(el, "row") == 0 && d->row_open) {
        d->row_open = 0;
        d->last_row = d->row;
        if (!d->ncells)
            return;
        for (size_t i = 0; i < d->ncells; i++)
            d->cptr[i] = d->clen[i] ? d->rowtext.data + d->coff[i] : "";
        int rc = d->fn(d->ctx, d->row, d->ncells, d->cptr, d->clen);
        if (rc) {
            d->rc = rc; /* the callback's code, its message already in err */
            XML_StopParser(d->p, XML_FALSE);
        }
    }
}

/* ---- expat callbacks ---- */

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct rd *d = ud;
    const char *el = local(name);
    if (d->rc)
        return;
    switch (d->part) {
    case P_RELS: rels_start(d, el, atts); break;
    case P_WORKBOOK: workbook_start(d, el, atts); break;
    case P_STYLES: styles_start(d, el, atts); break;
    case P_STRINGS: strings_start(d, el); break;
    case P_SHEET: sheet_start(d, el, atts); break;
    }
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    struct rd *d = ud;
    const char *el = local(name);
    if (d->rc)
        return;
    if (d->part == P_STYLES)
        styles_end(d, el);
    else if (d->part == P_STRINGS)
        strings_end(d, el);
    else if (d->part == P_SHEET)
        sheet_end(d, el);
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
    struct rd *d = ud;
    int want = d->part == P_STRINGS ? d->in_t : d->part == P_SHEET && (d->in_v || d->in_t);
    if (d->rc || !want)
        return;
    int rc = xy_buf_add(&d->text, s, (size_t)len);
    if (rc == XY_ENOMEM)
        oom(d);
    else if (rc)
        fail(d, XY_ETOOBIG, "XLSX 工作簿 %s 中有超过 %zu 字节的单元格 (a cell of %s is longer than %zu bytes)",
             d->part_name, XY_XLSX_MAX_CELL, d->part_name, XY_XLSX_MAX_CELL);
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
                               int has_internal)
{
    struct rd *d = ud;
    (void)name, (void)sysid, (void)pubid, (void)has_internal;
    /* Office never writes one; refused so that no entity is ever declared, let alone expanded. */
    fail(d, XY_EINVAL, "XLSX 工作簿的 %s 含有 DOCTYPE 声明，不予读取 (%s of the workbook has a DOCTYPE declaration: refused)",
         d->part_name, d->part_name);
}

/* Parses the archive's entry `name` as part `part`. XY_ENOTFOUND (err untouched) when it is absent
 * and not required. */
static int parse_part(struct rd *d, const char *name, enum part part, size_t max, int required)
{
    zip_int64_t idx = zip_name_locate(d->z, name, 0);
    if (idx < 0) {
        if (!required)
            return XY_ENOTFOUND;
        return fail(d, XY_EINVAL, "不是 XLSX 工作簿：缺少 %.200s (not an XLSX workbook: it has no %.200s)", name, name);
    }
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(d->z, (zip_uint64_t)idx, 0, &st) != 0)
        return fail(d, XY_EINVAL, "XLSX 工作簿已损坏：无法读取 %.200s (the workbook is damaged: %.200s cannot be read)", name,
                    name);
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
        return fail(d, XY_EINVAL, "XLSX 工作簿已加密，请去掉密码后重新提交 (the workbook is encrypted: remove the password "
                    "and resend)");
    if ((st.valid & ZIP_STAT_SIZE) && st.size > max)
        return fail(d, XY_ETOOBIG,
                    "XLSX 工作簿的 %.200s 解压后为 %llu 字节，超过上限 %zu 字节 (%.200s of the workbook is %llu bytes "
                    "uncompressed, over the limit of %zu)",
                    name, (unsigned long long)st.size, max, name, (unsigned long long)st.size, max);
    zip_file_t *f = zip_fopen_index(d->z, (zip_uint64_t)idx, 0);
    if (!f)
        return fail(d, XY_EINVAL, "XLSX 工作簿已损坏：无法解压 %.200s (the workbook is damaged: %.200s cannot be "
                    "inflated): %s", name, name, zip_strerror(d->z));
    static const XML_Memory_Handling_Suite mm = {xy_malloc, xy_realloc, xy_free};
    d->p = XML_ParserCreate_MM(NULL, &mm, " ");
    if (!d->p) {
        zip_fclose(f);
        return oom(d);
    }
    d->part = part;
    d->part_name = name;
    XML_SetUserData(d->p, d);
    XML_SetElementHandler(d->p, on_start, on_end);
    XML_SetCharacterDataHandler(d->p, on_text);
    XML_SetStartDoctypeDeclHandler(d->p, on_doctype);
    char buf[65536];
    size_t total = 0;
    zip_int64_t n;
    int done = 0;
    while (!d->rc && (n = zip_fread(f, buf, sizeof buf)) >= 0) {
        total += (size_t)n;
        /* Counted as it comes out: an entry may declare less than it holds. */
        if (total > max) {
            fail(d, XY_ETOOBIG, "XLSX 工作簿的 %.200s 解压后超过上限 %zu 字节 (%.200s of the workbook is over the limit of "
                 "%zu bytes uncompressed)", name, max, name, max);
            break;
        }
        done = n == 0;
        if (XML_Parse(d->p, buf, (int)n, done) == XML_STATUS_ERROR) {
            if (!d->rc)
                fail(d, XY_EINVAL, "XLSX 工作簿的 %.200s 不是有效的 XML（第 %lu 行：%s） (%.200s of the workbook is not "
                     "well-formed XML, line %lu: %s)", name, (unsigned long)XML_GetCurrentLineNumber(d->p),
                     XML_ErrorString(XML_GetErrorCode(d->p)), name, (unsigned long)XML_GetCurrentLineNumber(d->p),
                     XML_ErrorString(XML_GetErrorCode(d->p)));
            break;
        }
        if (done)
            break;
    }
    if (!d->rc && !done)
        fail(d, XY_EINVAL, "XLSX 工作簿已损坏：%.200s 无法完整解压 (the workbook is damaged: %.200s does not inflate "
             "whole): %s", name, name, zip_file_strerror(f));
    XML_ParserFree(d->p);
    d->p = NULL;
    zip_fclose(f);
    return d->rc;
}

/* A relationship's target as a path in the archive: relative to xl/, or absolute from the root. */
static int resolve(const char *target, char *out, size_t size)
{
    char tmp[PATH_MAX_LEN * 2];
    if (target[0] == '/')
        snprintf(tmp, sizeof tmp, "%s", target + 1);
    else
        snprintf(tmp, sizeof tmp, "xl/%s", target);
    /* Drop "./" and fold "dir/../". */
    char *segs[64];
    size_t n = 0;
    for (char *save, *s = strtok_r(tmp, "/", &save); s; s = strtok_r(NULL, "/", &save)) {
        if (strcmp(s, ".") == 0)
            continue;
        if (strcmp(s, "..") == 0) {
            if (!n)
                return -1;
            n--;
            continue;
        }
        if (n == 64)
            return -1;
        segs[n++] = s;
    }
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        int w = snprintf(out + len, size - len, "%s%s", i ? "/" : "", segs[i]);
        if (w < 0 || (size_t)w >= size - len)
            return -1;
        len += (size_t)w;
    }
    return n ? 0 : -1;
}

static const struct rel *rel_by(const struct rd *d, const char *id, const char *type)
{
    for (size_t i = 0; i < d->nrels; i++)
        if ((id && strcmp(d->rels[i].id, id) == 0) || (type && strcmp(d->rels[i].type, type) == 0))
            return &d->rels[i];
    return NULL;
}

static int read_all(struct rd *d, const char *data, size_t len)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    if (!src) {
        zip_error_fini(&ze);
        return oom(d);
    }
    d->z = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    if (!d->z) {
        zip_source_free(src);
        int rc = fail(d, XY_EINVAL, "XLSX 工作簿已损坏或被截断，无法作为 ZIP 打开 (the workbook is damaged or truncated: "
                      "it does not open as a ZIP archive): %s", zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return rc;
    }
    zip_error_fini(&ze);
    zip_int64_t entries = zip_get_num_entries(d->z, 0);
    if (entries > XY_XLSX_MAX_ENTRIES)
        return fail(d, XY_ETOOBIG, "XLSX 工作簿含 %lld 个文件，超过 %d 个 (the workbook holds %lld files, more than %d)",
                    (long long)entries, XY_XLSX_MAX_ENTRIES, (long long)entries, XY_XLSX_MAX_ENTRIES);
    int rc;
    if ((rc = parse_part(d, "xl/workbook.xml", P_WORKBOOK, XY_XLSX_MAX_PART, 1)) ||
        (rc = parse_part(d, "xl/_rels/workbook.xml.rels", P_RELS, XY_XLSX_MAX_PART, 1)))
        return rc;
    const struct rel *sheet = d->have_sheet ? rel_by(d, d->sheet_rid, NULL) : NULL;
    char path[PATH_MAX_LEN];
    if (!sheet || strcmp(sheet->type, "worksheet") != 0 || resolve(sheet->target, path, sizeof path))
        return fail(d, XY_EINVAL, "XLSX 工作簿中没有工作表 (the workbook has no worksheet)");
    char sub[PATH_MAX_LEN];
    const struct rel *r = rel_by(d, NULL, "styles");
    if (r && !resolve(r->target, sub, sizeof sub) &&
        (rc = parse_part(d, sub, P_STYLES, XY_XLSX_MAX_PART, 0)) && rc != XY_ENOTFOUND)
        return rc;
    r = rel_by(d, NULL, "sharedStrings");
    if (r && !resolve(r->target, sub, sizeof sub) &&
        (rc = parse_part(d, sub, P_STRINGS, XY_XLSX_MAX_STRINGS, 0)) && rc != XY_ENOTFOUND)
        return rc;
    d->coff = xy_calloc(XY_XLSX_MAX_COLS, sizeof *d->coff);
    d->clen = xy_calloc(XY_XLSX_MAX_COLS, sizeof *d->clen);
    d->cptr = xy_calloc(XY_XLSX_MAX_COLS, sizeof *d->cptr);
    if (!d->coff || !d->clen || !d->cptr)
        return oom(d);
    d->in_t = d->rph_depth = 0;
    if ((rc = parse_part(d, path, P_SHEET, XY_XLSX_MAX_SHEET, 0)) == XY_ENOTFOUND)
        return fail(d, XY_EINVAL, "XLSX 工作簿缺少工作表 %.200s (the workbook lacks its worksheet %.200s)", path, path);
    return rc;
}

int xy_xlsx_read(const char *data, size_t len, xy_xlsx_row_fn fn, void *ctx, struct xy_error *err)
{
    struct rd *d = xy_calloc(1, sizeof *d);
    if (!d)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    d->err = err;
    d->fn = fn;
    d->ctx = ctx;
    xy_buf_init(&d->strings, XY_XLSX_MAX_STRINGS);
    xy_buf_init(&d->text, XY_XLSX_MAX_CELL);
    xy_buf_init(&d->rowtext, MAX_ROW_TEXT);
    int rc = read_all(d, data, len);
    if (d->z)
        zip_discard(d->z);
    xy_buf_release(&d->strings);
    xy_buf_release(&d->text);
    xy_buf_release(&d->rowtext);
    xy_free(d->str_off);
    xy_free(d->xf_date);
    xy_free(d->coff);
    xy_free(d->clen);
    xy_free(d->cptr);
    xy_free(d);
    return rc;
}
