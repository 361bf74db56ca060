/* SPDX-License-Identifier: Apache-2.0 */
/* The credit report's layout (report_pdf.h): a small flow engine over cairo and pango (one file on
 * purpose, about 1,100 lines: the two passes must take the same decisions from the same code, and the
 * short documents of xy_doc_pdf, a supervision letter or a score sheet, are laid out by the same
 * engine; moving the engine behind an internal header is the way to split it). The document
 * goes through the flow twice: the first pass lays the text out and measures, to count the pages for
 * "第 X 页 共 Y 页"; the second draws the same layouts, kept from the first, taking the same decisions
 * from the same measurements (hinting is off, so pango's metrics do not depend on the surface). */
#include "report/report_pdf.h"

#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xy_alloc.h"
#include "common/xy_date.h"

/* A4 in points, margins of 20 mm; the header band above the text, the footer band below it. */
#define PAGE_W 595.276
#define PAGE_H 841.890
#define MARGIN_X 56.7
#define TEXT_TOP 78.0
#define TEXT_BOTTOM (PAGE_H - 84.0)
#define TEXT_W (PAGE_W - 2 * MARGIN_X)
#define QR_SIZE 54.0
#define CELL_PAD 3.5
#define MAX_COLS 12

struct lines {
    PangoLayout *layout;
    int n;
    double *top, *bottom, *base; /* per line, in layout coordinates (points) */
    double x;                    /* the cell's text origin */
    int next;                    /* first line not drawn yet */
};

struct ctx {
    cairo_surface_t *surf;
    cairo_t *cr;
    PangoContext *pctx;
    PangoFontDescription *body, *bold, *small, *small_bold, *head1, *head2, *title, *subtitle;
    int draw;  /* the second pass */
    int page;  /* pages begun */
    int total; /* pages, known on the second pass */
    double y;
    const json_t *doc;
    QRcode *qr;
    const char *number;
    int fail; /* XY_ENOMEM once anything failed */
    /* The flow's layouts, made on the first pass in the order the flow asks for them and handed out
     * again on the second, which asks for the same ones in the same order: laid out once. */
    PangoLayout **cache;
    size_t ncache, capcache, next;
    int uncached; /* the header and footer: drawn on the second pass only */
    const json_t *blocks; /* xy_doc_pdf: a short document of blocks instead of a report */
};

static const char *jstr(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

/* ---- text ------------------------------------------------------------------------------------ */

static PangoLayout *cached_layout(struct ctx *c, const char *text, const PangoFontDescription *font, double width,
                                  PangoAlignment align)
{
    if (!c->draw || c->uncached || c->next >= c->ncache)
        return NULL;
    PangoLayout *l = c->cache[c->next];
    const PangoFontDescription *f = pango_layout_get_font_description(l);
    /* The same request as on the first pass, or the flow went another way: then lay it out anew. */
    if (pango_layout_get_width(l) != (width > 0 ? (int)(width * PANGO_SCALE) : -1) ||
        pango_layout_get_alignment(l) != align || !f || !pango_font_description_equal(f, font) ||
        strcmp(pango_layout_get_text(l), text ? text : "") != 0)
        return NULL;
    c->cache[c->next++] = NULL; /* the caller owns it now */
    return l;
}

static void cache_keep(struct ctx *c, PangoLayout *l)
{
    if (c->draw || c->uncached)
        return;
    if (c->ncache == c->capcache) {
        size_t cap = c->capcache ? c->capcache * 2 : 256;
        PangoLayout **n = xy_realloc(c->cache, cap * sizeof *n);
        if (!n)
            return; /* not kept: the second pass lays it out again */
        c->cache = n;
        c->capcache = cap;
    }
    c->cache[c->ncache++] = g_object_ref(l);
}

static void cache_free(struct ctx *c)
{
    for (size_t i = 0; i < c->ncache; i++)
        if (c->cache[i])
            g_object_unref(c->cache[i]);
    xy_free(c->cache);
    c->cache = NULL;
    c->ncache = c->capcache = c->next = 0;
}

static PangoLayout *make_layout(struct ctx *c, const char *text, const PangoFontDescription *font, double width,
                                PangoAlignment align)
{
    PangoLayout *l = cached_layout(c, text, font, width, align);
    if (l)
        return l;
    l = pango_layout_new(c->pctx);
    if (!l) {
        c->fail = 1;
        return NULL;
    }
    pango_layout_set_font_description(l, font);
    if (width > 0) {
        pango_layout_set_width(l, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR); /* long codes and numbers break too */
    }
    pango_layout_set_alignment(l, align);
    pango_layout_set_text(l, text ? text : "", -1);
    cache_keep(c, l);
    return l;
}

static double layout_height(PangoLayout *l)
{
    int w, h;
    pango_layout_get_size(l, &w, &h);
    return (double)h / PANGO_SCALE;
}

static void draw_layout(struct ctx *c, PangoLayout *l, double x, double y)
{
    if (!c->draw || !l)
        return;
    cairo_move_to(c->cr, x, y);
    pango_cairo_show_layout(c->cr, l);
}

/* A layout measured line by line, so that it can be drawn in pieces across pages. */
static int lines_init(struct ctx *c, struct lines *ln, const char *text, const PangoFontDescription *font, double width,
                      double x)
{
    memset(ln, 0, sizeof *ln);
    ln->x = x;
    if (!(ln->layout = make_layout(c, text, font, width, PANGO_ALIGN_LEFT)))
        return -1;
    ln->n = pango_layout_get_line_count(ln->layout);
    ln->top = xy_malloc(sizeof(double) * 3 * (size_t)(ln->n ? ln->n : 1));
    if (!ln->top) {
        c->fail = 1;
        g_object_unref(ln->layout);
        ln->layout = NULL;
        return -1;
    }
    ln->bottom = ln->top + ln->n;
    ln->base = ln->bottom + ln->n;
    PangoLayoutIter *it = pango_layout_get_iter(ln->layout);
    int i = 0;
    do {
        PangoRectangle logical;
        pango_layout_iter_get_line_extents(it, NULL, &logical);
        ln->top[i] = (double)logical.y / PANGO_SCALE;
        ln->bottom[i] = (double)(logical.y + logical.height) / PANGO_SCALE;
        ln->base[i] = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
        i++;
    } while (i < ln->n && pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    return 0;
}

static void lines_release(struct lines *ln)
{
    if (ln->layout)
        g_object_unref(ln->layout);
    xy_free(ln->top);
    memset(ln, 0, sizeof *ln);
}

/* Height of what is left to draw. */
static double lines_left(const struct lines *ln)
{
    return ln->next < ln->n ? ln->bottom[ln->n - 1] - ln->top[ln->next] : 0;
}

/* Draws the lines that fit in `room` points from y; returns the height used. */
static double lines_draw(struct ctx *c, struct lines *ln, double y, double room, int all)
{
    if (ln->next >= ln->n)
        return 0;
    double origin = ln->top[ln->next];
    int i = ln->next;
    while (i < ln->n && (all || ln->bottom[i] - origin <= room + 0.01)) {
        if (c->draw) {
            PangoLayoutLine *line = pango_layout_get_line_readonly(ln->layout, i);
            PangoRectangle logical;
            pango_layout_line_get_extents(line, NULL, &logical);
            double lx = 0;
            int lw = pango_layout_get_width(ln->layout);
            if (lw > 0 && pango_layout_get_alignment(ln->layout) == PANGO_ALIGN_CENTER)
                lx = ((double)lw / PANGO_SCALE - (double)logical.width / PANGO_SCALE) / 2;
            cairo_move_to(c->cr, ln->x + lx, y + ln->base[i] - origin);
            pango_cairo_show_layout_line(c->cr, line);
        }
        i++;
    }
    double used = i > ln->next ? ln->bottom[i - 1] - origin : 0;
    ln->next = i;
    return used;
}

/* ---- pages ----------------------------------------------------------------------------------- */

static void draw_qr(struct ctx *c, double x, double y, double size)
{
    if (!c->draw || !c->qr)
        return;
    int w = c->qr->width;
    double m = size / (w + 2); /* a quiet zone of one module on each side */
    cairo_save(c->cr);
    cairo_set_source_rgb(c->cr, 1, 1, 1);
    cairo_rectangle(c->cr, x, y, size, size);
    cairo_fill(c->cr);
    cairo_set_source_rgb(c->cr, 0, 0, 0);
    for (int r = 0; r < w; r++)
        for (int col = 0; col < w; col++)
            if (c->qr->data[r * w + col] & 1)
                cairo_rectangle(c->cr, x + (col + 1) * m, y + (r + 1) * m, m, m);
    cairo_fill(c->cr);
    cairo_restore(c->cr);
}

/* The QR code as a link to the verification page, so that a click on it works as a scan. */
static void draw_qr_link(struct ctx *c, double x, double y, double size)
{
    const char *url = jstr(c->doc, "verify_url");
    if (!c->draw)
        return;
    if (*url && !strchr(url, '\'') && !strchr(url, '\\')) {
        char attrs[1024];
        snprintf(attrs, sizeof attrs, "uri='%s'", url);
        cairo_tag_begin(c->cr, CAIRO_TAG_LINK, attrs);
        draw_qr(c, x, y, size);
        cairo_tag_end(c->cr, CAIRO_TAG_LINK);
    } else {
        draw_qr(c, x, y, size);
    }
}

static void doc_header_footer(struct ctx *c);

static void header_footer(struct ctx *c)
{
    char text[256];
    if (!c->draw)
        return;
    c->uncached = 1;
    cairo_t *cr = c->cr;
    cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
    if (c->blocks) {
        doc_header_footer(c);
        return;
    }
    snprintf(text, sizeof text, "%s（%s）", jstr(c->doc, "title"), jstr(c->doc, "edition_zh"));
    PangoLayout *l = make_layout(c, text, c->small_bold, TEXT_W / 2, PANGO_ALIGN_LEFT);
    draw_layout(c, l, MARGIN_X, 40);
    if (l)
        g_object_unref(l);
    snprintf(text, sizeof text, "报告编号：%s", c->number);
    l = make_layout(c, text, c->small, TEXT_W / 2, PANGO_ALIGN_RIGHT);
    draw_layout(c, l, MARGIN_X + TEXT_W / 2, 40);
    if (l)
        g_object_unref(l);
    cairo_set_line_width(cr, 0.8);
    cairo_move_to(cr, MARGIN_X, 58);
    cairo_line_to(cr, PAGE_W - MARGIN_X, 58);
    cairo_stroke(cr);
    /* Footer: a rule, the issuer, the page, the QR code to the verification page. */
    double fy = TEXT_BOTTOM + 14;
    cairo_set_line_width(cr, 0.5);
    cairo_move_to(cr, MARGIN_X, fy);
    cairo_line_to(cr, PAGE_W - MARGIN_X - QR_SIZE - 8, fy);
    cairo_stroke(cr);
    snprintf(text, sizeof text, "%s · 扫描右侧二维码或访问核验页面验证本报告真伪", jstr(c->doc, "issuer"));
    l = make_layout(c, text, c->small, TEXT_W - QR_SIZE - 10, PANGO_ALIGN_LEFT);
    draw_layout(c, l, MARGIN_X, fy + 5);
    if (l)
        g_object_unref(l);
    snprintf(text, sizeof text, "第 %d 页 共 %d 页", c->page, c->total);
    l = make_layout(c, text, c->small, TEXT_W - QR_SIZE - 10, PANGO_ALIGN_CENTER);
    draw_layout(c, l, MARGIN_X, fy + 24);
    if (l)
        g_object_unref(l);
    draw_qr_link(c, PAGE_W - MARGIN_X - QR_SIZE, TEXT_BOTTOM + 10, QR_SIZE);
    cairo_set_source_rgb(cr, 0, 0, 0);
    c->uncached = 0;
}

static void new_page(struct ctx *c)
{
    if (c->page > 0 && c->draw)
        cairo_show_page(c->cr);
    c->page++;
    c->y = TEXT_TOP;
    header_footer(c);
}

/* Moves to a new page unless h points fit. */
static void need(struct ctx *c, double h)
{
    if (c->y + h > TEXT_BOTTOM)
        new_page(c);
}

/* A paragraph that may run across pages, line by line. */
static void paragraph(struct ctx *c, const char *text, const PangoFontDescription *font, double indent,
                      double after)
{
    struct lines ln;
    if (lines_init(c, &ln, text, font, TEXT_W - indent, MARGIN_X + indent))
        return;
    while (ln.next < ln.n) {
        double room = TEXT_BOTTOM - c->y;
        if (ln.bottom[ln.next] - ln.top[ln.next] > room) {
            new_page(c);
            continue;
        }
        c->y += lines_draw(c, &ln, c->y, room, 0);
    }
    c->y += after;
    lines_release(&ln);
}

/* A heading kept on one page with the first `keep` points of what follows it. */
static void heading_keep(struct ctx *c, const char *text, const PangoFontDescription *font, double before, double after,
                         double keep)
{
    PangoLayout *l = make_layout(c, text, font, TEXT_W, PANGO_ALIGN_LEFT);
    if (!l)
        return;
    double h = layout_height(l);
    if (c->y > TEXT_TOP)
        c->y += before;
    need(c, h + after + keep);
    draw_layout(c, l, MARGIN_X, c->y);
    c->y += h + after;
    g_object_unref(l);
}

static void heading(struct ctx *c, const char *text, const PangoFontDescription *font, double before, double after)
{
    heading_keep(c, text, font, before, after, 40);
}

/* ---- tables ---------------------------------------------------------------------------------- */

struct table {
    int ncols;
    double x[MAX_COLS + 1]; /* column edges */
    const char *titles[MAX_COLS];
    int has_header;
    double header_h;
};

static void rule_cells(struct ctx *c, const struct table *t, double y, double h, int shade)
{
    if (!c->draw)
        return;
    cairo_t *cr = c->cr;
    if (shade) {
        cairo_set_source_rgb(cr, 0.91, 0.93, 0.96);
        cairo_rectangle(cr, t->x[0], y, t->x[t->ncols] - t->x[0], h);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
    }
    cairo_set_line_width(cr, 0.5);
    cairo_rectangle(cr, t->x[0], y, t->x[t->ncols] - t->x[0], h);
    for (int i = 1; i < t->ncols; i++) {
        cairo_move_to(cr, t->x[i], y);
        cairo_line_to(cr, t->x[i], y + h);
    }
    cairo_stroke(cr);
}

static void table_header(struct ctx *c, struct table *t)
{
    struct lines cells[MAX_COLS];
    double h = 0;
    if (!t->has_header)
        return;
    for (int i = 0; i < t->ncols; i++) {
        lines_init(c, &cells[i], t->titles[i], c->small_bold, t->x[i + 1] - t->x[i] - 2 * CELL_PAD,
                   t->x[i] + CELL_PAD);
        if (cells[i].layout && lines_left(&cells[i]) > h)
            h = lines_left(&cells[i]);
    }
    h += 2 * CELL_PAD;
    t->header_h = h;
    rule_cells(c, t, c->y, h, 1);
    for (int i = 0; i < t->ncols; i++) {
        if (cells[i].layout)
            lines_draw(c, &cells[i], c->y + CELL_PAD, h, 1);
        lines_release(&cells[i]);
    }
    c->y += h;
}

/* The height a row takes whole (cells padded). */
static double row_height(struct ctx *c, const struct table *t, const char *const *texts,
                         const PangoFontDescription *const *fonts)
{
    double h = 0;
    for (int i = 0; i < t->ncols; i++) {
        PangoLayout *l = make_layout(c, texts[i], fonts[i], t->x[i + 1] - t->x[i] - 2 * CELL_PAD, PANGO_ALIGN_LEFT);
        if (l && layout_height(l) > h)
            h = layout_height(l);
        if (l)
            g_object_unref(l);
    }
    return h + 2 * CELL_PAD;
}

static void table_measure_header(struct ctx *c, struct table *t)
{
    if (t->has_header) {
        const PangoFontDescription *fonts[MAX_COLS];
        for (int i = 0; i < t->ncols; i++)
            fonts[i] = c->small_bold;
        t->header_h = row_height(c, t, t->titles, fonts);
    }
}

/* Starts a table whose first row is first_h tall: its header row never stands alone at a page's
 * foot (a first row too tall for any page starts where at least a part of it fits). */
static void table_begin(struct ctx *c, struct table *t, double first_h)
{
    double cap = TEXT_BOTTOM - TEXT_TOP - t->header_h;
    need(c, t->header_h + (first_h < cap ? first_h : 60));
    table_header(c, t);
}

/* One row; cells are split by whole lines across pages when the row is taller than the room left. */
static void table_row(struct ctx *c, struct table *t, const char *const *texts, const PangoFontDescription *const *fonts)
{
    struct lines cells[MAX_COLS];
    int ok = 1;
    for (int i = 0; i < t->ncols; i++)
        if (lines_init(c, &cells[i], texts[i], fonts[i], t->x[i + 1] - t->x[i] - 2 * CELL_PAD, t->x[i] + CELL_PAD))
            ok = 0;
    double capacity = TEXT_BOTTOM - TEXT_TOP - t->header_h - 2 * CELL_PAD; /* a fresh page's room */
    while (ok) {
        double left = 0, first = 0;
        for (int i = 0; i < t->ncols; i++) {
            if (lines_left(&cells[i]) > left)
                left = lines_left(&cells[i]);
            if (cells[i].next < cells[i].n) {
                double fl = cells[i].bottom[cells[i].next] - cells[i].top[cells[i].next];
                if (fl > first)
                    first = fl;
            }
        }
        double room = TEXT_BOTTOM - c->y - 2 * CELL_PAD;
        if (left <= room + 0.01) { /* the rest fits here */
            double h = left + 2 * CELL_PAD;
            rule_cells(c, t, c->y, h, 0);
            for (int i = 0; i < t->ncols; i++)
                lines_draw(c, &cells[i], c->y + CELL_PAD, left, 1);
            c->y += h;
            break;
        }
        /* Too tall for the room left: a row that a fresh page holds moves there whole; a taller one
         * (or the rest of one) is split here when at least a line fits. */
        if ((left <= capacity && c->y > TEXT_TOP + t->header_h + 0.5) || first > room) {
            new_page(c);
            table_header(c, t);
            continue;
        }
        double used = 0;
        double y0 = c->y;
        for (int i = 0; i < t->ncols; i++) {
            double u = lines_draw(c, &cells[i], y0 + CELL_PAD, room, 0);
            if (u > used)
                used = u;
        }
        (void)used;
        rule_cells(c, t, y0, TEXT_BOTTOM - y0, 0); /* the piece runs to the page's foot */
        new_page(c);
        table_header(c, t);
    }
    for (int i = 0; i < t->ncols; i++)
        lines_release(&cells[i]);
}

static void table_setup(struct table *t, int ncols, const double *widths, const char *const *titles)
{
    double sum = 0, x = MARGIN_X;
    memset(t, 0, sizeof *t);
    t->ncols = ncols > MAX_COLS ? MAX_COLS : ncols;
    for (int i = 0; i < t->ncols; i++)
        sum += widths[i] > 0 ? widths[i] : 1;
    for (int i = 0; i < t->ncols; i++) {
        t->x[i] = x;
        x += TEXT_W * (widths[i] > 0 ? widths[i] : 1) / sum;
        t->titles[i] = titles ? titles[i] : NULL;
    }
    t->x[t->ncols] = MARGIN_X + TEXT_W;
    t->has_header = titles != NULL;
    t->header_h = 0;
}

/* A two-column table of label and value, without a header row. */
static void kv_table(struct ctx *c, const json_t *pairs, double label_share)
{
    struct table t;
    double widths[2] = {label_share, 1 - label_share};
    const PangoFontDescription *fonts[2] = {c->small_bold, c->small};
    size_t i;
    const json_t *p;
    table_setup(&t, 2, widths, NULL);
    need(c, 30);
    json_array_foreach(pairs, i, p) {
        const char *texts[2] = {json_string_value(json_array_get(p, 0)), json_string_value(json_array_get(p, 1))};
        if (!texts[0])
            continue;
        table_row(c, &t, texts, fonts);
    }
    c->y += 8;
}

static void none(struct ctx *c)
{
    paragraph(c, "暂无", c->body, 24, 6);
}

/* ---- the report's parts ---------------------------------------------------------------------- */

void xy_report_local_time(const char *iso, char out[64])
{
    int y, mo, d, h, mi, s;
    if (!iso || sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2dZ", &y, &mo, &d, &h, &mi, &s) != 6 || !xy_date_valid(y, mo, d)) {
        snprintf(out, 64, "%s", iso ? iso : "");
        return;
    }
    struct xy_date day = {y, mo, d};
    h += 8; /* China Standard Time, no daylight saving */
    if (h >= 24) {
        h -= 24;
        day = xy_date_from_days(xy_date_to_days(day) + 1);
    }
    snprintf(out, 64, "%04d年%02d月%02d日 %02d:%02d:%02d", day.y, day.m, day.d, h, mi, s);
}

static void cover(struct ctx *c)
{
    const json_t *doc = c->doc, *subject = json_object_get(doc, "subject");
    char when[64], line[512];
    new_page(c);
    c->y += 60;
    PangoLayout *l = make_layout(c, jstr(doc, "title"), c->title, TEXT_W, PANGO_ALIGN_CENTER);
    if (l) {
        draw_layout(c, l, MARGIN_X, c->y);
        c->y += layout_height(l) + 10;
        g_object_unref(l);
    }
    snprintf(line, sizeof line, "（%s · %s）", jstr(doc, "kind_zh"), jstr(doc, "edition_zh"));
    l = make_layout(c, line, c->subtitle, TEXT_W, PANGO_ALIGN_CENTER);
    if (l) {
        draw_layout(c, l, MARGIN_X, c->y);
        c->y += layout_height(l) + 50;
        g_object_unref(l);
    }
    json_t *rows = json_array();
    if (!rows) {
        c->fail = 1;
        return;
    }
    json_array_append_new(rows, json_pack("[s,s]", "报告编号", jstr(doc, "number")));
    json_array_append_new(rows, json_pack("[s,s]", "主体名称", jstr(subject, "name")));
    json_array_append_new(rows, json_pack("[s,s]", jstr(subject, "code_label"), jstr(subject, "code")));
    json_array_append_new(rows, json_pack("[s,s]", "主体类型", jstr(subject, "kind_zh")));
    xy_report_local_time(jstr(doc, "issued_at"), when);
    json_array_append_new(rows, json_pack("[s,s]", "出具时间", when));
    json_array_append_new(rows, json_pack("[s,s]", "数据截止日期", jstr(doc, "data_as_of")));
    json_array_append_new(rows, json_pack("[s,s]", "出具机构", jstr(doc, "issuer")));
    const json_t *req = json_object_get(doc, "requester");
    if (json_is_object(req)) {
        const char *dept = jstr(req, "dept");
        snprintf(line, sizeof line, "%s（%s）%s%s", jstr(req, "name"), jstr(req, "role_zh"), *dept ? " " : "", dept);
        json_array_append_new(rows, json_pack("[s,s]", "查询人", line));
    }
    if (json_is_string(json_object_get(doc, "purpose")))
        json_array_append_new(rows, json_pack("[s,s]", "查询用途", jstr(doc, "purpose")));
    kv_table(c, rows, 0.28);
    json_decref(rows);
    c->y += 24;
    need(c, 150);
    double q = 110;
    draw_qr_link(c, MARGIN_X + (TEXT_W - q) / 2, c->y, q);
    c->y += q + 8;
    snprintf(line, sizeof line, "扫描二维码或访问 %s 核验本报告", jstr(doc, "verify_url"));
    l = make_layout(c, line, c->small, TEXT_W, PANGO_ALIGN_CENTER);
    if (l) {
        draw_layout(c, l, MARGIN_X, c->y);
        c->y += layout_height(l);
        g_object_unref(l);
    }
}

static void notes(struct ctx *c)
{
    size_t i;
    const json_t *n;
    char text[4096];
    new_page(c);
    heading(c, "报告说明", c->head1, 0, 12);
    json_array_foreach(json_object_get(c->doc, "notes"), i, n) {
        snprintf(text, sizeof text, "%zu. %s", i + 1, json_string_value(n) ? json_string_value(n) : "");
        paragraph(c, text, c->body, 0, 7);
    }
}

static void overview(struct ctx *c)
{
    size_t i;
    const json_t *s;
    heading(c, "概述", c->head1, 22, 12);
    heading(c, "（一）基础信息", c->head2, 0, 8);
    kv_table(c, json_object_get(c->doc, "basic"), 0.28);
    heading(c, "（二）公共信用信息概要", c->head2, 10, 8);
    static const double widths[] = {0.16, 0.64, 0.2};
    static const char *const titles[] = {"报告部分", "信息类别", "条数"};
    const PangoFontDescription *fonts[] = {c->small, c->small, c->small};
    struct table t;
    table_setup(&t, 3, widths, titles);
    table_measure_header(c, &t);
    table_begin(c, &t, 24);
    static const char *const cn[] = {"", "一", "二", "三", "四", "五", "六", "七"};
    json_array_foreach(json_object_get(c->doc, "summary"), i, s) {
        char part[32], count[32];
        json_int_t no = json_integer_value(json_object_get(s, "section"));
        snprintf(part, sizeof part, "%s", no >= 1 && no <= 7 ? cn[no] : "");
        snprintf(count, sizeof count, "%lld", (long long)json_integer_value(json_object_get(s, "count")));
        const char *texts[] = {part, jstr(s, "name_zh"), count};
        table_row(c, &t, texts, fonts);
    }
    c->y += 8;
}

static void class_table(struct ctx *c, const json_t *cls, int sub)
{
    static const char *const cn[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
    const json_t *items = json_object_get(cls, "items"), *cols = json_object_get(cls, "columns");
    char title[256];
    snprintf(title, sizeof title, "（%s）%s（%zu 条）", sub < 10 ? cn[sub] : "", jstr(cls, "name_zh"),
             json_array_size(items));
    if (json_array_size(items) == 0) {
        heading(c, title, c->head2, 6, 6);
        none(c);
        return;
    }
    double widths[MAX_COLS];
    const char *titles[MAX_COLS];
    const PangoFontDescription *fonts[MAX_COLS];
    size_t n = json_array_size(cols), i;
    const json_t *col, *item;
    if (n == 0 || n > MAX_COLS)
        return;
    json_array_foreach(cols, i, col) {
        widths[i] = json_number_value(json_object_get(col, "width"));
        titles[i] = jstr(col, "title");
        fonts[i] = c->small;
    }
    struct table t;
    table_setup(&t, (int)n, widths, titles);
    table_measure_header(c, &t);
    json_array_foreach(items, i, item) {
        const char *texts[MAX_COLS];
        const json_t *cells = json_object_get(item, "cells");
        for (size_t k = 0; k < n; k++)
            texts[k] = json_string_value(json_array_get(cells, k)) ? json_string_value(json_array_get(cells, k)) : "";
        if (i == 0) {
            /* The heading, the header row and the first row (or the part of it a page holds) together. */
            double first = row_height(c, &t, texts, fonts), cap = TEXT_BOTTOM - TEXT_TOP - t.header_h;
            heading_keep(c, title, c->head2, 6, 6, t.header_h + (first < cap ? first : 60));
            table_begin(c, &t, first);
        }
        table_row(c, &t, texts, fonts);
    }
    c->y += 6;
}

size_t xy_report_eval_reasons(const json_t *ev, size_t *idx, size_t max)
{
    const json_t *items = json_object_get(ev, "items");
    size_t n = 0, total = json_array_size(items);
    /* Selection of the largest |points|, stable: a later item displaces an earlier one only when
     * strictly larger. */
    for (size_t i = 0; i < total; i++) {
        double p = fabs(json_number_value(json_object_get(json_array_get(items, i), "points")));
        size_t pos = n;
        while (pos > 0 && fabs(json_number_value(json_object_get(json_array_get(items, idx[pos - 1]), "points"))) < p)
            pos--;
        if (pos >= max)
            continue;
        size_t end = n < max ? n : max - 1;
        memmove(idx + pos + 1, idx + pos, (end - pos) * sizeof *idx);
        idx[pos] = i;
        if (n < max)
            n++;
    }
    return n;
}

static const char *class_name_zh(const json_t *doc, const char *cls)
{
    size_t i, j;
    const json_t *s, *k;
    json_array_foreach(json_object_get(doc, "sections"), i, s)
        json_array_foreach(json_object_get(s, "classes"), j, k)
            if (strcmp(jstr(k, "class"), cls) == 0)
                return jstr(k, "name_zh");
    return cls;
}

static void evaluation(struct ctx *c, const json_t *ev)
{
    char score[64], grade[128], when[64];
    if (!json_is_object(ev)) {
        none(c);
        return;
    }
    snprintf(score, sizeof score, "%.1f", json_number_value(json_object_get(ev, "score")));
    snprintf(grade, sizeof grade, "%s（%s）", jstr(ev, "grade"), jstr(ev, "grade_zh"));
    xy_report_local_time(jstr(ev, "as_of"), when);
    json_t *rows = json_pack("[[s,s],[s,s],[s,s],[s,s]]", "评价等级", grade, "评价得分", score, "评价模型版本",
                             jstr(ev, "model_version"), "评价时间", when);
    if (!rows) {
        c->fail = 1;
        return;
    }
    kv_table(c, rows, 0.28);
    json_decref(rows);
    size_t idx[XY_REPORT_EVAL_REASONS];
    size_t n = xy_report_eval_reasons(ev, idx, XY_REPORT_EVAL_REASONS);
    paragraph(c, "主要评价因素（按对得分影响从大到小，至多 10 项）：", c->body, 0, 6);
    if (n == 0) {
        none(c);
        return;
    }
    static const double widths[] = {0.08, 0.46, 0.18, 0.14, 0.14};
    static const char *const titles[] = {"序号", "评价因素", "信息类别", "记录编号", "分值"};
    const PangoFontDescription *fonts[] = {c->small, c->small, c->small, c->small, c->small};
    struct table t;
    table_setup(&t, 5, widths, titles);
    table_measure_header(c, &t);
    table_begin(c, &t, 24);
    for (size_t i = 0; i < n; i++) {
        const json_t *it = json_array_get(json_object_get(ev, "items"), idx[i]);
        char no[24], rec[32], pts[32];
        snprintf(no, sizeof no, "%zu", i + 1);
        snprintf(rec, sizeof rec, "%lld", (long long)json_integer_value(json_object_get(it, "record_id")));
        snprintf(pts, sizeof pts, "%+.1f", json_number_value(json_object_get(it, "points")));
        const char *rule = jstr(it, "rule_zh");
        const char *texts[] = {no, *rule ? rule : jstr(it, "rule"), class_name_zh(c->doc, jstr(it, "class")), rec,
                               pts};
        table_row(c, &t, texts, fonts);
    }
    c->y += 6;
}

static void body(struct ctx *c)
{
    static const char *const cn[] = {"", "一", "二", "三", "四", "五", "六", "七"};
    const json_t *sections = json_object_get(c->doc, "sections");
    char title[128];
    heading(c, "信用信息详情", c->head1, 22, 8);
    for (int no = 1; no <= 7; no++) {
        const json_t *sec = NULL, *s;
        size_t i;
        json_array_foreach(sections, i, s)
            if (json_integer_value(json_object_get(s, "no")) == no)
                sec = s;
        static const char *const titles[] = {"", "基础信息", "行政管理信息", "严重失信主体名单信息", "守信激励信息",
                                             "信用承诺及履约情况", "信用评价结果", "其他信息"};
        snprintf(title, sizeof title, "%s、%s", cn[no], sec && *jstr(sec, "title") ? jstr(sec, "title") : titles[no]);
        heading(c, title, c->head1, 14, 8);
        if (no == 1) {
            kv_table(c, json_object_get(c->doc, "basic"), 0.28);
            continue;
        }
        if (no == 6) {
            evaluation(c, json_object_get(c->doc, "evaluation"));
            continue;
        }
        const json_t *classes = json_object_get(sec, "classes");
        if (json_array_size(classes) == 0) {
            none(c);
            continue;
        }
        const json_t *k;
        json_array_foreach(classes, i, k)
            class_table(c, k, (int)i);
    }
    c->y += 16;
    need(c, 30);
    PangoLayout *l = make_layout(c, "—— 报告结束 ——", c->body, TEXT_W, PANGO_ALIGN_CENTER);
    if (l) {
        draw_layout(c, l, MARGIN_X, c->y);
        g_object_unref(l);
    }
}

/* ---- the two passes ---------------------------------------------------------------------------- */

/* ---- short documents (xy_doc_pdf): a letter, a score sheet -------------------------------------- */

static void doc_header_footer(struct ctx *c)
{
    char text[256];
    snprintf(text, sizeof text, "%s", jstr(c->doc, "title"));
    PangoLayout *l = make_layout(c, text, c->small_bold, TEXT_W / 2, PANGO_ALIGN_LEFT);
    draw_layout(c, l, MARGIN_X, 40);
    if (l)
        g_object_unref(l);
    snprintf(text, sizeof text, "编号：%s", c->number);
    l = make_layout(c, text, c->small, TEXT_W / 2, PANGO_ALIGN_RIGHT);
    draw_layout(c, l, MARGIN_X + TEXT_W / 2, 40);
    if (l)
        g_object_unref(l);
    cairo_set_line_width(c->cr, 0.8);
    cairo_move_to(c->cr, MARGIN_X, 58);
    cairo_line_to(c->cr, PAGE_W - MARGIN_X, 58);
    cairo_stroke(c->cr);
    snprintf(text, sizeof text, "%s · 第 %d 页 共 %d 页", jstr(c->doc, "issuer"), c->page, c->total);
    l = make_layout(c, text, c->small, TEXT_W, PANGO_ALIGN_CENTER);
    draw_layout(c, l, MARGIN_X, TEXT_BOTTOM + 24);
    if (l)
        g_object_unref(l);
    cairo_set_source_rgb(c->cr, 0, 0, 0);
    c->uncached = 0;
}

/* A line set apart: the title centred, a signature right-aligned. */
static void doc_line(struct ctx *c, const char *text, const PangoFontDescription *font, PangoAlignment align,
                     double after)
{
    PangoLayout *l = make_layout(c, text, font, TEXT_W, align);
    if (!l)
        return;
    need(c, layout_height(l));
    draw_layout(c, l, MARGIN_X, c->y);
    c->y += layout_height(l) + after;
    g_object_unref(l);
}

static void doc_table(struct ctx *c, const json_t *t)
{
    const json_t *cols = json_object_get(t, "columns"), *row;
    double widths[MAX_COLS];
    const char *titles[MAX_COLS], *texts[MAX_COLS];
    const PangoFontDescription *fonts[MAX_COLS];
    int n = (int)json_array_size(cols);
    size_t i;
    struct table tb;
    if (n <= 0)
        return;
    n = n > MAX_COLS ? MAX_COLS : n;
    for (int k = 0; k < n; k++) {
        const json_t *col = json_array_get(cols, (size_t)k);
        widths[k] = json_number_value(json_object_get(col, "width"));
        titles[k] = jstr(col, "title");
        fonts[k] = c->small;
    }
    table_setup(&tb, n, widths, titles);
    table_measure_header(c, &tb);
    table_begin(c, &tb, 20);
    json_array_foreach(json_object_get(t, "rows"), i, row) {
        for (int k = 0; k < n; k++) {
            const char *v = json_string_value(json_array_get(row, (size_t)k));
            texts[k] = v ? v : "";
        }
        table_row(c, &tb, texts, fonts);
    }
    c->y += 8;
}

static void doc_blocks(struct ctx *c)
{
    size_t i;
    const json_t *b;
    new_page(c);
    json_array_foreach(c->blocks, i, b) {
        const char *s;
        if ((s = json_string_value(json_object_get(b, "title"))))
            doc_line(c, s, c->head1, PANGO_ALIGN_CENTER, 18);
        else if ((s = json_string_value(json_object_get(b, "h"))))
            heading(c, s, c->head2, 10, 6);
        else if ((s = json_string_value(json_object_get(b, "p"))))
            paragraph(c, s, c->body, 0, 8);
        else if ((s = json_string_value(json_object_get(b, "sign"))))
            doc_line(c, s, c->body, PANGO_ALIGN_RIGHT, 4);
        else if (json_is_array(json_object_get(b, "kv")))
            kv_table(c, json_object_get(b, "kv"), 0.3);
        else if (json_is_object(json_object_get(b, "table")))
            doc_table(c, json_object_get(b, "table"));
    }
}

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int length)
{
    return closure && xy_buf_add(closure, data, length) != XY_OK ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static cairo_status_t to_nothing(void *closure, const unsigned char *data, unsigned int length)
{
    (void)closure;
    (void)data;
    (void)length;
    return CAIRO_STATUS_SUCCESS;
}

static PangoFontDescription *font(const char *family, double size, PangoWeight weight)
{
    PangoFontDescription *f = pango_font_description_new();
    pango_font_description_set_family(f, family);
    pango_font_description_set_absolute_size(f, size * PANGO_SCALE);
    pango_font_description_set_weight(f, weight);
    return f;
}

static void fonts_free(struct ctx *c)
{
    PangoFontDescription **all[] = {&c->body, &c->bold, &c->small, &c->small_bold, &c->head1, &c->head2, &c->title,
                                    &c->subtitle};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        if (*all[i]) {
            pango_font_description_free(*all[i]);
            *all[i] = NULL;
        }
}

/* "2026-11-28T01:02:03Z" as a PDF date in UTC. */
static void pdf_date(const char *iso, char out[32])
{
    int y, mo, d, h, mi, s;
    if (iso && sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2dZ", &y, &mo, &d, &h, &mi, &s) == 6)
        snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02dZ", y % 10000, mo % 100, d % 100, h % 100, mi % 100,
                 s % 100);
    else
        snprintf(out, 32, "1970-01-01T00:00:00Z");
}

static int run_pass(struct ctx *c, int draw, const struct xy_report_pdf_opts *o, struct xy_buf *out)
{
    c->draw = draw;
    c->page = 0;
    c->fail = 0;
    c->surf = cairo_pdf_surface_create_for_stream(draw ? to_buf : to_nothing, draw ? out : NULL, PAGE_W, PAGE_H);
    if (cairo_surface_status(c->surf) != CAIRO_STATUS_SUCCESS)
        return XY_ENOMEM;
    if (draw) {
        char when[32];
        pdf_date(o && o->created_at ? o->created_at : NULL, when);
        cairo_pdf_surface_set_metadata(c->surf, CAIRO_PDF_METADATA_TITLE, jstr(c->doc, "title"));
        cairo_pdf_surface_set_metadata(c->surf, CAIRO_PDF_METADATA_AUTHOR, jstr(c->doc, "issuer"));
        cairo_pdf_surface_set_metadata(c->surf, CAIRO_PDF_METADATA_SUBJECT, c->number);
        cairo_pdf_surface_set_metadata(c->surf, CAIRO_PDF_METADATA_CREATOR, "xinyong");
        cairo_pdf_surface_set_metadata(c->surf, CAIRO_PDF_METADATA_CREATE_DATE, when);
        cairo_pdf_surface_set_metadata(c->surf, CAIRO_PDF_METADATA_MOD_DATE, when);
        if (o && o->keywords)
            cairo_pdf_surface_set_metadata(c->surf, CAIRO_PDF_METADATA_KEYWORDS, o->keywords);
    }
    c->cr = cairo_create(c->surf);
    if (!c->pctx) {
        /* One context for both passes: the second draws the first's layouts (hinting off, so that
         * nothing in them depends on the surface). */
        c->pctx = pango_cairo_create_context(c->cr);
        cairo_font_options_t *fo = cairo_font_options_create();
        cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
        cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
        pango_cairo_context_set_font_options(c->pctx, fo);
        cairo_font_options_destroy(fo);
        pango_context_set_language(c->pctx, pango_language_from_string("zh-cn"));
    }
    c->next = 0;
    if (c->blocks) {
        doc_blocks(c);
    } else {
        cover(c);
        notes(c);
        overview(c);
        body(c);
    }
    if (draw)
        cairo_show_page(c->cr);
    cairo_destroy(c->cr);
    c->cr = NULL;
    cairo_surface_finish(c->surf);
    cairo_status_t st = cairo_surface_status(c->surf);
    cairo_surface_destroy(c->surf);
    c->surf = NULL;
    if (c->fail)
        return XY_ENOMEM;
    if (st == CAIRO_STATUS_WRITE_ERROR)
        return out->len + 1 >= out->max ? XY_ETOOBIG : XY_ENOMEM;
    return st == CAIRO_STATUS_SUCCESS ? XY_OK : XY_EIO;
}

int xy_report_pdf(const json_t *doc, const struct xy_report_pdf_opts *opts, struct xy_buf *out, int *pages,
                  struct xy_error *err)
{
    struct ctx c = {.doc = doc};
    int rc;
    if (pages)
        *pages = 0;
    if (!json_is_object(doc) || !json_is_string(json_object_get(doc, "number")) ||
        !json_is_object(json_object_get(doc, "subject")))
        return xy_error_set(err, XY_EINVAL, "报告文档缺少编号或主体 (the report document lacks its number or subject)");
    c.number = jstr(doc, "number");
    const char *url = jstr(doc, "verify_url");
    if (*url && !(c.qr = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1)))
        return xy_error_set(err, XY_ENOMEM, "the verification QR code could not be made");
    c.body = font(XY_REPORT_FONT_BODY, 10.5, PANGO_WEIGHT_NORMAL);
    c.bold = font(XY_REPORT_FONT_BODY, 10.5, PANGO_WEIGHT_BOLD);
    c.small = font(XY_REPORT_FONT_BODY, 9, PANGO_WEIGHT_NORMAL);
    c.small_bold = font(XY_REPORT_FONT_HEAD, 9, PANGO_WEIGHT_BOLD);
    c.head1 = font(XY_REPORT_FONT_HEAD, 15, PANGO_WEIGHT_BOLD);
    c.head2 = font(XY_REPORT_FONT_HEAD, 11.5, PANGO_WEIGHT_BOLD);
    c.title = font(XY_REPORT_FONT_HEAD, 30, PANGO_WEIGHT_BOLD);
    c.subtitle = font(XY_REPORT_FONT_BODY, 15, PANGO_WEIGHT_NORMAL);
    /* First pass: count the pages. Second: draw, knowing the count. */
    rc = run_pass(&c, 0, opts, out);
    if (!rc) {
        c.total = c.page;
        rc = run_pass(&c, 1, opts, out);
    }
    if (!rc && c.page != c.total)
        rc = XY_EIO; /* both passes take the same decisions: a difference is a bug */
    fonts_free(&c);
    cache_free(&c);
    if (c.pctx)
        g_object_unref(c.pctx);
    QRcode_free(c.qr);
    if (rc)
        return xy_error_set(err, rc, "报告 PDF 生成失败 (the report PDF could not be made: %s)", xy_strerror(rc));
    if (pages)
        *pages = c.total;
    return XY_OK;
}

int xy_doc_pdf(const json_t *doc, const struct xy_report_pdf_opts *opts, struct xy_buf *out, int *pages,
               struct xy_error *err)
{
    struct ctx c = {.doc = doc};
    int rc;
    if (pages)
        *pages = 0;
    if (!json_is_object(doc) || !json_is_string(json_object_get(doc, "number")) ||
        !json_is_array(json_object_get(doc, "blocks")))
        return xy_error_set(err, XY_EINVAL, "文档缺少编号或内容 (the document lacks its number or blocks)");
    c.number = jstr(doc, "number");
    c.blocks = json_object_get(doc, "blocks");
    c.body = font(XY_REPORT_FONT_BODY, 12, PANGO_WEIGHT_NORMAL);
    c.bold = font(XY_REPORT_FONT_BODY, 12, PANGO_WEIGHT_BOLD);
    c.small = font(XY_REPORT_FONT_BODY, 9.5, PANGO_WEIGHT_NORMAL);
    c.small_bold = font(XY_REPORT_FONT_HEAD, 9.5, PANGO_WEIGHT_BOLD);
    c.head1 = font(XY_REPORT_FONT_HEAD, 22, PANGO_WEIGHT_BOLD);
    c.head2 = font(XY_REPORT_FONT_HEAD, 12.5, PANGO_WEIGHT_BOLD);
    rc = run_pass(&c, 0, opts, out);
    if (!rc) {
        c.total = c.page;
        rc = run_pass(&c, 1, opts, out);
    }
    if (!rc && c.page != c.total)
        rc = XY_EIO;
    fonts_free(&c);
    cache_free(&c);
    if (c.pctx)
        g_object_unref(c.pctx);
    if (rc)
        return xy_error_set(err, rc, "PDF 生成失败 (the PDF could not be made: %s)", xy_strerror(rc));
    if (pages)
        *pages = c.total;
    return XY_OK;
}
