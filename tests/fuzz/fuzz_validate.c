/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target: the record validator, against the real catalogue (catalog/catalog.json, as built
 * into the library). Input: one byte choosing the class (its value modulo the number of classes),
 * then the row's cells in catalogue field order, separated by 0x1F (unit separator); a cell that is
 * exactly 0x7F is absent (p == NULL); missing trailing cells are absent, extra ones are dropped.
 * Each cell gets its own heap buffer of exactly its length, unterminated, so reading past n is an
 * ASan report. Checked: a row is either accepted with a record whose JSON parses, or rejected with
 * 1..16 errors; every error string is terminated. */
#include <jansson.h>
#include <string.h>

#include "app/app.h"
#include "common/xy_error.h"
#include "core/catalog.h"
#include "core/validate.h"
#include "fuzz_check.h"

static struct xy_catalog *cat;

static void load_catalog(void)
{
    struct xy_error err = {0};
    size_t len;
    const char *json = xy_app_default_catalog(&len);
    if (xy_catalog_parse(json, len, &cat, &err) != XY_OK) {
        fprintf(stderr, "fuzz_validate: the catalogue does not parse: %s\n", err.msg);
        abort();
    }
}

static void check_json(const struct xy_buf *b)
{
    json_error_t jerr;
    json_t *o = json_loadb(b->data, b->len, 0, &jerr);
    if (!o)
        fprintf(stderr, "record JSON does not parse: %s: %.*s\n", jerr.text, (int)b->len, b->data);
    FUZZ_CHECK(o && json_is_object(o));
    json_decref(o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct xy_cell cells[128];
    char *owned[128] = {0};
    const struct xy_date today = {2025, 6, 30};
    struct xy_valrec rec;
    struct xy_row_errors errs;

    if (!cat)
        load_catalog();
    if (size < 1)
        return 0;
    const struct xy_class *cls = &cat->classes[data[0] % cat->nclasses];
    FUZZ_CHECK(cls->nfields <= 128);
    memset(cells, 0, sizeof cells);
    const uint8_t *p = data + 1, *end = data + size;
    for (size_t f = 0; f < cls->nfields && p <= end; f++) {
        const uint8_t *sep = memchr(p, 0x1F, (size_t)(end - p));
        size_t n = sep ? (size_t)(sep - p) : (size_t)(end - p);
        if (!(n == 1 && p[0] == 0x7F)) {
            owned[f] = malloc(n ? n : 1);
            if (!owned[f])
                goto out;
            memcpy(owned[f], p, n);
            cells[f].p = owned[f];
            cells[f].n = n;
        }
        if (!sep)
            break;
        p = sep + 1;
    }

    int rc = xy_validate_row(cls, cells, today, &rec, &errs);
    FUZZ_CHECK(rc == XY_OK || rc == XY_EINVAL || rc == XY_ENOMEM);
    FUZZ_CHECK(errs.n >= 0 && errs.n <= XY_ROW_MAX_ERRORS);
    for (int i = 0; i < errs.n; i++) {
        FUZZ_CHECK(errs.e[i].field >= -1 && errs.e[i].field < (int)cls->nfields);
        FUZZ_CHECK(memchr(errs.e[i].code, '\0', sizeof errs.e[i].code) != NULL);
        FUZZ_CHECK(memchr(errs.e[i].reason, '\0', sizeof errs.e[i].reason) != NULL);
        fuzz_touch(errs.e[i].reason, strlen(errs.e[i].reason));
    }
    if (rc == XY_EINVAL)
        FUZZ_CHECK(errs.n > 0);
    if (rc == XY_OK) {
        FUZZ_CHECK(errs.n == 0);
        check_json(&rec.fields);
        if (rec.sealed.len)
            check_json(&rec.sealed);
        FUZZ_CHECK(rec.kind >= XY_SUBJ_ORG && rec.kind <= XY_SUBJ_PERSON);
        FUZZ_CHECK(memchr(rec.uscc, '\0', sizeof rec.uscc) && memchr(rec.name, '\0', sizeof rec.name));
        FUZZ_CHECK(memchr(rec.id_key, '\0', sizeof rec.id_key) && memchr(rec.doc_no, '\0', sizeof rec.doc_no));
        FUZZ_CHECK(memchr(rec.id_masked, '\0', sizeof rec.id_masked) && memchr(rec.regno, '\0', sizeof rec.regno));
        FUZZ_CHECK(rec.amount_fen >= 0);
        xy_valrec_release(&rec);
    }
out:
    for (size_t f = 0; f < 128; f++)
        free(owned[f]);
    return 0;
}
