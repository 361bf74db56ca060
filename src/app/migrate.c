/* SPDX-License-Identifier: Apache-2.0 */
/* xy_app_migrate (migrate.h): a SQLite database copied into PostgreSQL through the store's generic
 * copy operations, table by table in the order of their foreign keys, then compared. The comparison's
 * hash is computed here, over the rows each back end streams in key order, so that it depends on
 * neither database's functions: per row, each value as a type tag and its bytes (integers and
 * floating point as 8 bytes big-endian, text and blobs with their length first), BLAKE2b-256
 * (libsodium's generichash) over them all. */
#include "app/migrate.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/xy_alloc.h"
#include "store/store.h"

/* A table as both databases have it. */
struct table {
    char name[64];
    char **cols;   /* in the source's order */
    int ncols;
    const char **order; /* the source's primary key, in key order; all columns when it has none */
    int norder;
    int in_target; /* the target has it too */
    int done;      /* copied by an earlier run */
    int64_t rows;  /* in the source */
    int hashed;    /* copied by this run: the source's hash was taken as it was read */
    int64_t hashed_rows;
    char hash[65];
};

struct plan {
    struct table *t;
    int n, cap;
    char (*edge)[2][64]; /* table, the table it references */
    int nedge, capedge;
    int rc;
};

static void plan_free(struct plan *p)
{
    for (int i = 0; i < p->n; i++) {
        for (int c = 0; c < p->t[i].ncols; c++)
            xy_free(p->t[i].cols[c]);
        xy_free(p->t[i].cols);
        xy_free(p->t[i].order);
    }
    xy_free(p->t);
    xy_free(p->edge);
}

static struct table *find(struct plan *p, const char *name)
{
    for (int i = 0; i < p->n; i++)
        if (strcmp(p->t[i].name, name) == 0)
            return &p->t[i];
    return NULL;
}

/* The source's tables and their references. */
static int on_table(void *ctx, const char *table, const char *parent)
{
    struct plan *p = ctx;
    if (strlen(table) >= 64 || (parent && strlen(parent) >= 64)) {
        p->rc = XY_EINVAL;
        return 1;
    }
    if (!parent) {
        if (p->n == p->cap) {
            int cap = p->cap ? p->cap * 2 : 64;
            struct table *m = xy_realloc(p->t, (size_t)cap * sizeof *m);
            if (!m) {
                p->rc = XY_ENOMEM;
                return 1;
            }
            p->t = m;
            p->cap = cap;
        }
        memset(&p->t[p->n], 0, sizeof p->t[p->n]);
        snprintf(p->t[p->n++].name, 64, "%s", table);
        return 0;
    }
    if (p->nedge == p->capedge) {
        int cap = p->capedge ? p->capedge * 2 : 64;
        char(*m)[2][64] = xy_realloc(p->edge, (size_t)cap * sizeof *m);
        if (!m) {
            p->rc = XY_ENOMEM;
            return 1;
        }
        p->edge = m;
        p->capedge = cap;
    }
    snprintf(p->edge[p->nedge][0], 64, "%s", table);
    snprintf(p->edge[p->nedge][1], 64, "%s", parent);
    p->nedge++;
    return 0;
}

/* The target's tables: each must be one of the source's; its references join the source's. */
struct target_tables {
    struct plan *p;
    char missing[64]; /* a target table the source lacks */
};

static int on_target_table(void *ctx, const char *table, const char *parent)
{
    struct target_tables *t = ctx;
    struct table *mine = find(t->p, table);
    if (!mine) {
        snprintf(t->missing, sizeof t->missing, "%s", table);
        return 1;
    }
    if (!parent) {
        mine->in_target = 1;
        return 0;
    }
    return on_table(t->p, table, parent);
}

/* Puts p->t in an order where every table comes after those it references (Kahn's, keeping the
 * source's order among tables free to go). A cycle is XY_EINVAL. */
static int order_tables(struct plan *p, struct xy_error *err)
{
    struct table *sorted = xy_calloc((size_t)(p->n ? p->n : 1), sizeof *sorted);
    uint8_t *placed = xy_calloc((size_t)(p->n ? p->n : 1), 1);
    if (!sorted || !placed) {
        xy_free(sorted);
        xy_free(placed);
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    }
    int n = 0;
    while (n < p->n) {
        int progressed = 0;
        for (int i = 0; i < p->n; i++) {
            if (placed[i])
                continue;
            int ready = 1;
            for (int e = 0; e < p->nedge && ready; e++) {
                if (strcmp(p->edge[e][0], p->t[i].name) != 0)
                    continue;
                struct table *parent = find(p, p->edge[e][1]);
                if (parent && !placed[parent - p->t])
                    ready = 0;
            }
            if (ready) {
                placed[i] = 1;
                sorted[n++] = p->t[i];
                progressed = 1;
            }
        }
        if (!progressed) {
            xy_free(sorted);
            xy_free(placed);
            return xy_error_set(err, XY_EINVAL, "表的外键成环，无法排定复制顺序 (the tables' foreign keys form a cycle: no "
                                                "order to copy them in)");
        }
    }
    /* placed[] indexed the old array; the new one holds the same structs, moved. */
    memcpy(p->t, sorted, (size_t)p->n * sizeof *sorted);
    xy_free(sorted);
    xy_free(placed);
    return XY_OK;
}

/* A table's columns from the source. */
struct columns {
    struct table *t;
    int keys[256];
    int rc;
};

static int on_column(void *ctx, const char *column, int key)
{
    struct columns *c = ctx;
    struct table *t = c->t;
    if (t->ncols >= 256) {
        c->rc = XY_ETOOBIG;
        return 1;
    }
    char **m = xy_realloc(t->cols, (size_t)(t->ncols + 1) * sizeof *m);
    if (!m || !(m[t->ncols] = xy_strdup(column))) {
        if (m)
            t->cols = m;
        c->rc = XY_ENOMEM;
        return 1;
    }
    t->cols = m;
    c->keys[t->ncols++] = key;
    return 0;
}

/* The target's columns, checked against the source's: the same names (the order may differ). */
struct target_columns {
    const struct table *t;
    int n;
    char missing[64]; /* a target column the source lacks */
};

static int on_target_column(void *ctx, const char *column, int key)
{
    struct target_columns *c = ctx;
    (void)key;
    for (int i = 0; i < c->t->ncols; i++)
        if (strcmp(c->t->cols[i], column) == 0) {
            c->n++;
            return 0;
        }
    snprintf(c->missing, sizeof c->missing, "%s", column);
    return 1;
}

static int load_columns(struct xy_store *src, struct xy_store *dst, struct table *t, struct xy_error *err)
{
    struct columns c = {.t = t};
    int rc = src->ops->copy_columns(src, t->name, on_column, &c, err);
    if (!rc && c.rc)
        rc = xy_error_set(err, c.rc, "表 %s 的列过多或内存不足 (table %s: too many columns or out of memory)", t->name,
                          t->name);
    if (rc)
        return rc;
    struct target_columns tc = {.t = t};
    if ((rc = dst->ops->copy_columns(dst, t->name, on_target_column, &tc, err)))
        return rc;
    if (tc.missing[0] || tc.n != t->ncols)
        return xy_error_set(err, XY_EINVAL,
                            "目标库表 %s 的列与源库不同（%s）：两库的结构不一致 (table %s has other columns in the target "
                            "(%s) than in the source: the two schemas differ)",
                            t->name, tc.missing[0] ? tc.missing : "缺列", t->name,
                            tc.missing[0] ? tc.missing : "a column is missing");
    int nkey = 0;
    for (int i = 0; i < t->ncols; i++)
        nkey += c.keys[i] > 0;
    t->norder = nkey ? nkey : t->ncols;
    if (!(t->order = xy_calloc((size_t)(t->norder ? t->norder : 1), sizeof *t->order)))
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    for (int i = 0; i < t->ncols; i++) {
        if (!nkey)
            t->order[i] = t->cols[i];
        else if (c.keys[i] > 0 && c.keys[i] <= nkey)
            t->order[c.keys[i] - 1] = t->cols[i];
    }
    for (int i = 0; i < t->norder; i++)
        if (!t->order[i])
            return xy_error_set(err, XY_EDB, "table %s: its primary key's columns are not numbered 1..%d", t->name, nkey);
    return XY_OK;
}

static int on_done(void *ctx, const char *name)
{
    struct table *t = find(ctx, name);
    if (t)
        t->done = 1;
    return 0;
}

/* The rows of a table hashed. */
struct hasher {
    crypto_generichash_state h;
    int64_t rows;
};

static void put_u64(crypto_generichash_state *h, uint64_t v)
{
    uint8_t b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (uint8_t)(v >> (56 - 8 * i));
    crypto_generichash_update(h, b, sizeof b);
}

static void hash_cells(crypto_generichash_state *h, const struct xy_value *cells, int n)
{
    for (int i = 0; i < n; i++) {
        const struct xy_value *c = &cells[i];
        uint8_t tag = (uint8_t)("NIRTB"[c->type]);
        crypto_generichash_update(h, &tag, 1);
        if (c->type == XY_VALUE_INT) {
            put_u64(h, (uint64_t)c->i);
        } else if (c->type == XY_VALUE_REAL) {
            uint64_t u;
            memcpy(&u, &c->r, sizeof u);
            put_u64(h, u);
        } else if (c->type == XY_VALUE_TEXT || c->type == XY_VALUE_BLOB) {
            put_u64(h, (uint64_t)c->len);
            if (c->len)
                crypto_generichash_update(h, c->p, c->len);
        }
    }
}

static int on_hash_row(void *ctx, const struct xy_value *cells, int n)
{
    struct hasher *hs = ctx;
    hash_cells(&hs->h, cells, n);
    hs->rows++;
    return 0;
}

static int table_hash(struct xy_store *st, const struct table *t, int64_t *rows, char hex[65], struct xy_error *err)
{
    struct hasher hs = {0};
    uint8_t out[32];
    crypto_generichash_init(&hs.h, NULL, 0, sizeof out);
    int rc = st->ops->copy_scan(st, t->name, (const char *const *)t->cols, t->ncols, t->order, t->norder, on_hash_row,
                                &hs, err);
    if (rc)
        return rc;
    crypto_generichash_final(&hs.h, out, sizeof out);
    sodium_bin2hex(hex, 65, out, sizeof out);
    *rows = hs.rows;
    return XY_OK;
}

/* A table's rows streamed from the source into the target's load. */
struct feed {
    crypto_generichash_state h; /* the source's rows hashed as they go by */
    struct xy_store *dst;
    const struct xy_migrate_events *ev;
    const struct table *t;
    int64_t n, done, total;
    int rc;
    struct xy_error *err;
};

static int on_copy_row(void *ctx, const struct xy_value *cells, int n)
{
    struct feed *f = ctx;
    if ((f->rc = f->dst->ops->copy_load_row(f->dst, cells, n, f->err)))
        return 1;
    hash_cells(&f->h, cells, n);
    f->n++;
    f->done++;
    if (f->ev && f->ev->progress && f->n % 5000 == 0)
        f->ev->progress(f->ev->ctx, f->t->name, f->n, f->t->rows, f->done, f->total);
    return 0;
}

static int copy_table(struct xy_store *src, struct xy_store *dst, struct table *t, const struct xy_migrate_events *ev,
                      int64_t *done, int64_t total, struct xy_error *err)
{
    struct feed f = {.dst = dst, .ev = ev, .t = t, .done = *done, .total = total, .err = err};
    int rc;
    crypto_generichash_init(&f.h, NULL, 0, 32);
    if ((rc = dst->ops->begin(dst, err)))
        return rc;
    if (!(rc = dst->ops->copy_load_begin(dst, t->name, (const char *const *)t->cols, t->ncols, err))) {
        rc = src->ops->copy_scan(src, t->name, (const char *const *)t->cols, t->ncols, t->order, t->norder, on_copy_row,
                                 &f, err);
        if (!rc)
            rc = f.rc;
        /* Ended also after a failure, so that the connection leaves the load. */
        struct xy_error end_err = {0};
        int end = dst->ops->copy_load_end(dst, rc ? &end_err : err);
        if (!rc)
            rc = end;
    }
    if (!rc)
        rc = dst->ops->copy_mark(dst, t->name, err);
    if (!rc)
        rc = dst->ops->commit(dst, err);
    if (rc) {
        dst->ops->rollback(dst);
        return rc;
    }
    *done = f.done;
    uint8_t out[32];
    crypto_generichash_final(&f.h, out, sizeof out);
    sodium_bin2hex(t->hash, sizeof t->hash, out, sizeof out);
    t->hashed_rows = f.n;
    t->hashed = 1;
    if (ev && ev->progress)
        ev->progress(ev->ctx, t->name, f.n, t->rows, f.done, total);
    return XY_OK;
}

/* Empties the tables not yet copied, children first (a table emptied before one referencing it would
 * break the reference), in one transaction. */
static int clear_rest(struct xy_store *dst, struct plan *p, struct xy_error *err)
{
    int rc = dst->ops->begin(dst, err);
    for (int i = p->n - 1; i >= 0 && !rc; i--) {
        if (p->t[i].done)
            continue;
        if (!(rc = dst->ops->copy_load_begin(dst, p->t[i].name, (const char *const *)p->t[i].cols, p->t[i].ncols, err)))
            rc = dst->ops->copy_load_end(dst, err);
    }
    if (!rc)
        rc = dst->ops->copy_mark(dst, NULL, err);
    if (!rc)
        rc = dst->ops->commit(dst, err);
    if (rc)
        dst->ops->rollback(dst);
    return rc;
}

/* Tables whose rows only a platform in use has: a target holding any is another database. */
static const char *const in_use[] = {"dept", "subject", "record", "batch", "api_key", "audit"};

static int target_unused(struct xy_store *dst, const char *to, struct xy_error *err)
{
    for (size_t i = 0; i < sizeof in_use / sizeof *in_use; i++) {
        int64_t n = 0;
        int rc = dst->ops->copy_count(dst, in_use[i], &n, err);
        if (rc)
            return rc;
        if (n > 0)
            return xy_error_set(err, XY_EEXIST,
                                "目标数据库 %s 已有数据（表 %s 有 %lld 行），不是空库，也不是未完成的迁移：未做任何改动 "
                                "(the target database %s holds data already (table %s has %lld rows): it is neither empty "
                                "nor an interrupted migration; nothing was changed)",
                                to, in_use[i], (long long)n, to, in_use[i], (long long)n);
    }
    return XY_OK;
}

int xy_app_migrate(const char *from, const char *to, const struct xy_migrate_events *ev, struct xy_migrate_info *info,
                   struct xy_error *err)
{
    struct xy_store *src = NULL, *dst = NULL;
    struct plan p = {0};
    int rc, began = 0;
    memset(info, 0, sizeof *info);
    if (xy_store_is_server(from) || access(from, R_OK) != 0)
        return xy_error_set(err, XY_ENOTFOUND,
                            "源数据库 %s 不是可读的 SQLite 文件 (the source %s is not a readable SQLite database file)", from,
                            from);
    if (!xy_store_is_server(to))
        return xy_error_set(err, XY_EINVAL,
                            "目标须为 PostgreSQL 地址 postgresql://... (the target must be a PostgreSQL address, "
                            "postgresql://..., not %s)", to);
    if (sodium_init() < 0)
        return xy_error_set(err, XY_ECRYPTO, "libsodium failed to start");
    if ((rc = xy_store_open(from, &src, err)))
        goto out;
    int have = 0, want = 0;
    if ((rc = src->ops->schema(src, &have, &want, err)))
        goto out;
    if (have != want) {
        rc = xy_error_set(err, XY_EINVAL,
                          "源数据库 %s 的结构版本为 %d，本程序为 %d：请先用与之相符的 xinyong 版本（或 `xinyong init --db %s` "
                          "升级）再迁移 (the source %s has schema version %d, this program's is %d: upgrade it with "
                          "`xinyong init --db %s`, or use the xinyong that wrote it, then migrate)",
                          from, have, want, from, from, have, want, from);
        goto out;
    }
    info->schema = have;
    if ((rc = xy_store_open(to, &dst, err))) {
        char why[sizeof err->msg];
        snprintf(why, sizeof why, "%s", err->msg);
        rc = xy_error_set(err, rc, "无法打开目标数据库 (cannot open the target database): %s", why);
        goto out;
    }
    int thave = 0, twant = 0;
    if ((rc = dst->ops->schema(dst, &thave, &twant, err)))
        goto out;
    if (thave == 0) {
        /* An empty database: nothing of another platform may be in it. */
        struct plan other = {0};
        struct target_tables tt = {.p = &other};
        rc = dst->ops->copy_tables(dst, on_target_table, &tt, err);
        plan_free(&other);
        if (rc)
            goto out;
        if (tt.missing[0]) {
            rc = xy_error_set(err, XY_EEXIST,
                              "目标数据库 %s 不是空库（已有表 %s），也未经 `xinyong init`：未做任何改动 (the target %s is not "
                              "empty (it has a table %s) nor initialised by `xinyong init`: nothing was changed)",
                              to, tt.missing, to, tt.missing);
            goto out;
        }
    }
    if (thave != have && thave != 0) {
        rc = xy_error_set(err, XY_EINVAL,
                          "目标数据库的结构版本为 %d，源数据库为 %d：两者须相同 (the target has schema version %d, the "
                          "source %d: they must be the same)",
                          thave, have, thave, have);
        goto out;
    }
    if (twant != have) {
        rc = xy_error_set(err, XY_EINVAL,
                          "本程序的 PostgreSQL 结构版本为 %d，源数据库为 %d：此版本尚不能迁移它 (this program's PostgreSQL "
                          "schema is at version %d, the source at %d: this version cannot migrate it)",
                          twant, have, twant, have);
        goto out;
    }
    if (thave == 0) {
        int f = 0, t = 0;
        if ((rc = dst->ops->migrate(dst, &f, &t, err)))
            goto out;
    }

    /* The tables: the same in both, copied parents first. */
    if ((rc = src->ops->copy_tables(src, on_table, &p, err)))
        goto out;
    struct target_tables tt = {.p = &p};
    if (!p.rc && (rc = dst->ops->copy_tables(dst, on_target_table, &tt, err)))
        goto out;
    if (p.rc) {
        rc = xy_error_set(err, p.rc, "表名过长或内存不足 (a table name is too long, or out of memory)");
        goto out;
    }
    for (int i = 0; i < p.n && !tt.missing[0]; i++)
        if (!p.t[i].in_target)
            snprintf(tt.missing, sizeof tt.missing, "%s", p.t[i].name);
    if (tt.missing[0]) {
        rc = xy_error_set(err, XY_EINVAL,
                          "表 %s 只在源库或目标库之一中：两库的结构不一致 (table %s is in only one of the source and the "
                          "target: the two schemas differ)",
                          tt.missing, tt.missing);
        goto out;
    }
    if ((rc = order_tables(&p, err)))
        goto out;
    for (int i = 0; i < p.n; i++)
        if ((rc = load_columns(src, dst, &p.t[i], err)))
            goto out;
    info->tables = p.n;

    /* Where an earlier run got to; a target without a copy under way must hold no data. */
    int started = 0;
    if ((rc = dst->ops->copy_progress(dst, &started, on_done, &p, err)))
        goto out;
    if (!started && (rc = target_unused(dst, to, err)))
        goto out;

    /* One snapshot of the source for the copy and the comparison. */
    if ((rc = src->ops->read_begin(src, &began, err)))
        goto out;
    int64_t total = 0, done = 0;
    for (int i = 0; i < p.n; i++) {
        if ((rc = src->ops->copy_count(src, p.t[i].name, &p.t[i].rows, err)))
            goto out;
        info->resumed += p.t[i].done;
        if (!p.t[i].done)
            total += p.t[i].rows;
    }
    if (ev && ev->start)
        ev->start(ev->ctx, p.n, total, info->resumed);
    if ((rc = clear_rest(dst, &p, err)))
        goto out;
    for (int i = 0; i < p.n; i++) {
        if (!p.t[i].done && (rc = copy_table(src, dst, &p.t[i], ev, &done, total, err)))
            goto out;
        if (ev && ev->table)
            ev->table(ev->ctx, p.t[i].name, p.t[i].rows, p.t[i].done);
    }
    info->rows = done;

    /* The comparison: count and hash of each table on both sides (the source's of a table copied by
     * this run as it was read for the copy, in the same snapshot). */
    for (int i = 0; i < p.n; i++) {
        struct xy_migrate_table m = {.name = p.t[i].name};
        if (p.t[i].hashed) {
            m.from_rows = p.t[i].hashed_rows;
            memcpy(m.from_hash, p.t[i].hash, sizeof m.from_hash);
        } else if ((rc = table_hash(src, &p.t[i], &m.from_rows, m.from_hash, err))) {
            goto out;
        }
        if ((rc = table_hash(dst, &p.t[i], &m.to_rows, m.to_hash, err)))
            goto out;
        m.same = m.from_rows == m.to_rows && strcmp(m.from_hash, m.to_hash) == 0;
        info->differ += !m.same;
        if (ev && ev->compared)
            ev->compared(ev->ctx, &m);
    }
    if (info->differ) {
        rc = xy_error_set(err, XY_ECORRUPT,
                          "迁移后有 %d 个表与源库不一致 (%d tables differ from the source after the copy)", info->differ,
                          info->differ);
        goto out;
    }
    /* Ids go on past the copied ones; the progress is no longer needed. */
    rc = dst->ops->copy_finish(dst, err);
out:
    if (src && began)
        src->ops->read_end(src, began);
    plan_free(&p);
    xy_store_close(src);
    xy_store_close(dst);
    return rc;
}
