/* SPDX-License-Identifier: Apache-2.0 */
/* A validated record as a storable row. */
#include "app/recordrow.h"

#include <jansson.h>
#include <string.h>

#include "common/xy_alloc.h"
#include "core/docno.h"

void xy_rowparts_hash(const struct xy_keys *keys, const char *cls, const struct xy_valrec *v, uint8_t hash[16])
{
    xy_keys_hash2(keys, cls, strlen(cls) + 1, v->fields.data, v->fields.len, xy_buf_str(&v->sealed),
                  v->sealed.len, hash, 16);
}

static void date_text(struct xy_date d, char out[11])
{
    out[0] = '\0';
    if (d.y)
        xy_date_format(d, out);
}


static int add_cite(void *ctx, const char *s, size_t n)
{
    struct xy_buf *b = ctx;
    /* A number cited twice (in the reason and the basis) is kept once. */
    for (size_t at = 0; at < b->len; at += strlen(b->data + at) + 1)
        if (strlen(b->data + at) == n && memcmp(b->data + at, s, n) == 0)
            return 0;
    if (b->len + n + 1 > b->max)
        return 0; /* more than an entry can cite: the rest are not kept */
    return xy_buf_add(b, s, n) || xy_buf_addc(b, '\0') ? -1 : 0;
}

int xy_rowparts_cites(const struct xy_class *k, const char *fields, size_t len, struct xy_buf *cites,
                      char dept[19])
{
    static const char *const texts[] = {"cited_penalty", "reason", "legal_basis"};
    json_error_t jerr;
    json_t *o;
    int rc = 0;
    dept[0] = '\0';
    if (!k || xy_class_field_lookup(k, "cited_penalty", strlen("cited_penalty")) < 0 || !len)
        return 0;
    if (!(o = json_loadb(fields, len, 0, &jerr)))
        return -1;
    /* Named in cited_penalty: each number as written (several separated by ; ； or 、), the texts not
     * searched. Otherwise found in the reason and the basis. */
    const char *named = json_string_value(json_object_get(o, texts[0]));
    const char *start = named;
    for (const char *p = named; p && !rc; p++) {
        size_t sep = *p == ';' || *p == '\0'                 ? 1
                     : strncmp(p, "\xEF\xBC\x9B", 3) == 0 ? 3 /* ； */
                     : strncmp(p, "\xE3\x80\x81", 3) == 0 ? 3 /* 、 */
                                                             : 0;
        if (!sep)
            continue;
        const char *a = start, *b = p;
        while (a < b && *a == ' ')
            a++;
        while (b > a && b[-1] == ' ')
            b--;
        if (b > a)
            rc = add_cite(cites, a, (size_t)(b - a));
        if (!*p)
            break;
        p += sep - 1;
        start = p + 1;
    }
    for (size_t i = 1; i < sizeof texts / sizeof *texts && !rc && !cites->len; i++) {
        const char *t = json_string_value(json_object_get(o, texts[i]));
        if (t)
            rc = xy_docno_scan(t, strlen(t), add_cite, cites);
    }
    const char *d = json_string_value(json_object_get(o, "identifying_dept_uscc"));
    if (d && strlen(d) == 18)
        memcpy(dept, d, 19);
    json_decref(o);
    return rc;
}

int xy_rowparts_make(const struct xy_keys *keys, const struct xy_class *k, const struct xy_valrec *v,
                     const uint8_t *hash, struct xy_rowparts *p, struct xy_error *err)
{
    memset(p, 0, sizeof *p);
    xy_buf_init(&p->cites, XY_CITES_MAX);
    if (hash)
        memcpy(p->hash, hash, sizeof p->hash);
    else
        xy_rowparts_hash(keys, k->name, v, p->hash);
    date_text(v->decision, p->decision);
    date_text(v->valid_to, p->valid_to);
    date_text(v->min_until, p->min_until);
    date_text(v->public_until, p->public_until);
    if (v->rep_key[0]) /* to find the list entries of a person's organisations, and the other way round */
        xy_keys_hash(keys, v->rep_key, strlen(v->rep_key), p->rep_hash, sizeof p->rep_hash);
    if (v->sealed.len) {
        p->sealed_len = v->sealed.len + XY_SEAL_OVERHEAD;
        if (!(p->sealed = xy_malloc(p->sealed_len)))
            return xy_error_set(err, XY_ENOMEM, "out of memory");
        xy_keys_seal(keys, v->sealed.data, v->sealed.len, p->sealed);
    }
    if (xy_rowparts_cites(k, v->fields.data, v->fields.len, &p->cites, p->cites_dept)) {
        xy_rowparts_release(p);
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    }
    return XY_OK;
}

void xy_rowparts_release(struct xy_rowparts *p)
{
    xy_free(p->sealed);
    p->sealed = NULL;
    p->sealed_len = 0;
    xy_buf_release(&p->cites);
}

void xy_rowparts_fill(const struct xy_valrec *v, const struct xy_rowparts *p, unsigned extra_flags,
                      struct xy_record_row *row)
{
    unsigned flags = v->flags | extra_flags;
    row->status = (flags & XY_RF_UNPUBLISHED) ? "unpublished" : "published";
    row->decision_date = p->decision[0] ? p->decision : NULL;
    row->valid_to = p->valid_to[0] ? p->valid_to : NULL;
    row->min_until = p->min_until[0] ? p->min_until : NULL;
    row->public_until = p->public_until[0] ? p->public_until : NULL;
    row->severity = v->severity[0] ? v->severity : NULL;
    row->sector = v->sector[0] ? v->sector : NULL;
    row->amount_fen = v->amount_fen;
    row->flags = flags;
    row->hash = p->hash;
    row->fields = v->fields.data;
    row->sealed = p->sealed;
    row->sealed_len = p->sealed_len;
    row->rep_hash = v->rep_key[0] ? p->rep_hash : NULL;
    row->cites = p->cites.len ? p->cites.data : NULL;
    row->cites_len = p->cites.len;
    row->cites_dept = p->cites_dept[0] ? p->cites_dept : NULL;
}

static const char *kind_name(enum xy_subject_kind k)
{
    switch (k) {
    case XY_SUBJ_ORG: return "org";
    case XY_SUBJ_INDIVIDUAL_BIZ: return "individual_business";
    case XY_SUBJ_PERSON: return "person";
    }
    return "org";
}

int xy_rowparts_person_id(const struct xy_keys *keys, const char *id_key, uint8_t hash[32], uint8_t **sealed,
                          size_t *sealed_len, struct xy_error *err)
{
    const char *num = strchr(id_key, ':');
    num = num ? num + 1 : id_key;
    size_t n = strlen(num) + XY_SEAL_OVERHEAD;
    *sealed = NULL;
    *sealed_len = 0;
    xy_keys_hash(keys, id_key, strlen(id_key), hash, 32);
    if (!(*sealed = xy_malloc(n)))
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    xy_keys_seal(keys, num, strlen(num), *sealed);
    *sealed_len = n;
    return XY_OK;
}

int xy_rowparts_subject(struct xy_store *st, const struct xy_keys *keys, const struct xy_valrec *v, const char *as_of,
                        const char *now, int64_t *id, int *differs, struct xy_error *err)
{
    struct xy_subject_key key = {.kind = kind_name(v->kind)};
    uint8_t id_hash[32];
    uint8_t *id_sealed = NULL;
    if (v->uscc[0]) {
        key.uscc = v->uscc;
    } else if (v->regno[0]) {
        key.regno = v->regno;
    } else {
        size_t n = 0;
        int rc = xy_rowparts_person_id(keys, v->id_key, id_hash, &id_sealed, &n, err);
        if (rc)
            return rc;
        key.id_hash = id_hash;
        key.id_sealed = id_sealed;
        key.id_sealed_len = n;
        key.id_masked = v->id_masked;
    }
    int rc = st->ops->subject_resolve(st, &key, v->name, as_of, now, id, differs, err);
    xy_free(id_sealed);
    return rc;
}
