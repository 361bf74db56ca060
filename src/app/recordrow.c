/* SPDX-License-Identifier: Apache-2.0 */
/* A validated record as a storable row. */
#include "app/recordrow.h"

#include <string.h>

#include "common/xy_alloc.h"

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

int xy_rowparts_make(const struct xy_keys *keys, const char *cls, const struct xy_valrec *v, const uint8_t *hash,
                     struct xy_rowparts *p, struct xy_error *err)
{
    memset(p, 0, sizeof *p);
    if (hash)
        memcpy(p->hash, hash, sizeof p->hash);
    else
        xy_rowparts_hash(keys, cls, v, p->hash);
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
    return XY_OK;
}

void xy_rowparts_release(struct xy_rowparts *p)
{
    xy_free(p->sealed);
    p->sealed = NULL;
    p->sealed_len = 0;
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
}
