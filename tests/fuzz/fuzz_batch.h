/* SPDX-License-Identifier: Apache-2.0 */
/* The harness the two batch targets share (fuzz_batch_csv.c, fuzz_batch_jsonl.c): the input is a
 * batch file behind a small header that says how to feed it to the push parser.
 *
 *   byte 0   bits 0-2: number of extra chunk boundaries k (0-7)
 *            bit 3:    pad: after the first line, insert spaces (which both formats ignore at the
 *                      start of a line: libcsv trims unquoted fields, JSON skips white space) so
 *                      that the 64 KiB encoding sniff ends `byte 1` bytes into the second line;
 *                      without it a small input is sniffed and decoded in one piece at finish.
 *                      (Spaces, not blank lines: 64 Ki blank JSON lines cost 30 ms an input.)
 *            bits 4-5: class: penalty, license, red_list, commitment
 *            bit 6:    let the reader detect the format (XY_BATCH_AUTO) instead of naming it
 *            bit 7:    the row callback stops the reader (returns 99) at row 3
 *   byte 1   pad offset (0-255)
 *   2k bytes chunk boundaries, little-endian 16-bit offsets into the stream (modulo its length);
 *            with pad, counted from the end of the padding (the start of the second line)
 *   rest     the file
 *
 * Every record is validated as the import does (xy_validate_row), and its cells are read byte by
 * byte, so a cell pointing outside live memory is an ASan report. XY_FUZZ_VERBOSE=1 in the
 * environment prints what each input came to (format, encoding, rows, error). */
#ifndef XY_FUZZ_BATCH_H
#define XY_FUZZ_BATCH_H

#include <string.h>

#include "app/app.h"
#include "app/batchfile.h"
#include "common/xy_error.h"
#include "core/catalog.h"
#include "core/validate.h"
#include "fuzz_check.h"

#define FB_HEADER 2
#define FB_SNIFF (64u * 1024u)
#define FB_STOP_RC 99

struct fb_ctx {
    const struct xy_class *cls;
    int stop_at_3;
    long calls;
    long valid; /* rows the validator accepted */
    long last_row;
};

static struct xy_catalog *fb_cat;

static const struct xy_class *fb_class(unsigned sel)
{
    static const char *const names[] = {"penalty", "license", "red_list", "commitment"};
    if (!fb_cat) {
        struct xy_error err = {0};
        size_t len;
        const char *json = xy_app_default_catalog(&len);
        if (xy_catalog_parse(json, len, &fb_cat, &err) != XY_OK) {
            fprintf(stderr, "fuzz_batch: the catalogue does not parse: %s\n", err.msg);
            abort();
        }
    }
    const struct xy_class *cls = xy_catalog_class(fb_cat, names[sel & 3]);
    FUZZ_CHECK(cls != NULL);
    return cls;
}

static int fb_row(void *vctx, long row, const struct xy_cell *cells, const struct xy_row_errors *pre)
{
    struct fb_ctx *c = vctx;
    struct xy_valrec rec;
    struct xy_row_errors errs;
    static const struct xy_date today = {2025, 6, 30};

    FUZZ_CHECK(row == c->last_row + 1);
    c->last_row = row;
    c->calls++;
    for (size_t f = 0; f < c->cls->nfields; f++)
        if (cells[f].p)
            fuzz_touch(cells[f].p, cells[f].n);
    if (pre) {
        FUZZ_CHECK(pre->n >= 1 && pre->n <= XY_ROW_MAX_ERRORS);
        for (int i = 0; i < pre->n; i++) {
            FUZZ_CHECK(pre->e[i].field >= -1 && pre->e[i].field < (int)c->cls->nfields);
            FUZZ_CHECK(memchr(pre->e[i].reason, '\0', sizeof pre->e[i].reason) != NULL);
        }
    }
    int rc = xy_validate_row(c->cls, cells, today, &rec, &errs);
    FUZZ_CHECK(rc == XY_OK || rc == XY_EINVAL);
    if (rc == XY_OK) {
        c->valid++;
        xy_valrec_release(&rec);
    }
    return c->stop_at_3 && row == 3 ? FB_STOP_RC : 0;
}

static int fb_rc_known(int rc)
{
    return rc == XY_OK || rc == XY_EINVAL || rc == XY_ETOOBIG || rc == FB_STOP_RC;
}

static int fb_cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

static void fb_run(const uint8_t *data, size_t size, enum xy_batch_format fmt)
{
    if (size < FB_HEADER)
        return;
    unsigned flags = data[0], delta = data[1], k = flags & 7;
    if (size < FB_HEADER + 2 * k)
        return;
    const uint8_t *cuts_in = data + FB_HEADER;
    const char *file = (const char *)data + FB_HEADER + 2 * k;
    size_t flen = size - FB_HEADER - 2 * k;

    /* The stream: the file, or with padding after its first line. */
    size_t head = flen, pad = 0;
    if (flags & 8) {
        const char *nl = memchr(file, '\n', flen);
        head = nl ? (size_t)(nl - file) + 1 : 0;
        if (head + delta < FB_SNIFF)
            pad = FB_SNIFF - head - delta;
    }
    size_t slen = flen + pad;
    char *stream = malloc(slen ? slen : 1);
    if (!stream)
        return;
    memcpy(stream, file, head);
    memset(stream + head, ' ', pad);
    memcpy(stream + head + pad, file + head, flen - head);

    size_t cuts[9];
    size_t ncuts = 0;
    for (unsigned i = 0; i < k; i++)
        cuts[ncuts++] = slen ? (head + pad + (size_t)(cuts_in[2 * i] | cuts_in[2 * i + 1] << 8)) % slen : 0;
    cuts[ncuts++] = slen;
    qsort(cuts, ncuts, sizeof *cuts, fb_cmp_size);

    struct fb_ctx ctx = {.cls = fb_class(flags >> 4), .stop_at_3 = (flags & 0x80) != 0};
    struct xy_batch_reader *r = xy_batch_reader_new(ctx.cls, (flags & 0x40) ? XY_BATCH_AUTO : fmt, fb_row, &ctx);
    struct xy_error err = {0};
    int rc = XY_OK;
    if (!r)
        goto out;
    size_t at = 0;
    for (size_t i = 0; i < ncuts && rc == XY_OK; i++) {
        /* Each chunk in a buffer of its own size, so that a read past it is caught. */
        size_t n = cuts[i] - at;
        char *chunk = malloc(n ? n : 1);
        if (!chunk)
            goto out;
        memcpy(chunk, stream + at, n);
        rc = xy_batch_reader_feed(r, chunk, n, &err);
        free(chunk);
        at = cuts[i];
    }
    if (rc == XY_OK)
        rc = xy_batch_reader_finish(r, &err);
    FUZZ_CHECK(fb_rc_known(rc));
    FUZZ_CHECK(memchr(err.msg, '\0', sizeof err.msg) != NULL);
    if (rc != XY_OK) {
        /* An error is sticky: more input or a finish gives the same code. */
        FUZZ_CHECK(xy_batch_reader_feed(r, "x\n", 2, &err) == rc);
        FUZZ_CHECK(xy_batch_reader_finish(r, &err) == rc);
    }
    if (rc == FB_STOP_RC)
        FUZZ_CHECK(ctx.calls == 3);
    FUZZ_CHECK(xy_batch_reader_rows(r) >= ctx.calls);
    if (getenv("XY_FUZZ_VERBOSE"))
        fprintf(stderr, "batch: %s %s class %s, %zu chunks, rc %d, %ld rows, %ld valid: %s\n",
                xy_batch_reader_format(r), xy_batch_reader_encoding(r), ctx.cls->name, ncuts, rc, ctx.calls,
                ctx.valid, rc ? err.msg : "");
    fuzz_touch(xy_batch_reader_encoding(r), strlen(xy_batch_reader_encoding(r)));
    fuzz_touch(xy_batch_reader_format(r), strlen(xy_batch_reader_format(r)));
out:
    xy_batch_reader_free(r);
    free(stream);
}

#endif
