/* SPDX-License-Identifier: Apache-2.0 */
/* Chooses the back end from the database address. */
#include "store/store.h"

#include <stddef.h>
#include <string.h>

/* Operations after `close` are function pointers, one after another. */
typedef void (*xy_any_fn)(void);
_Static_assert((sizeof(struct xy_store_ops) - offsetof(struct xy_store_ops, close)) % sizeof(xy_any_fn) == 0,
               "struct xy_store_ops holds only function pointers after caps");

size_t xy_store_ops_missing(const struct xy_store_ops *ops, size_t *total)
{
    size_t missing = 0, n = 0;
    for (size_t off = offsetof(struct xy_store_ops, close); off < sizeof *ops; off += sizeof(xy_any_fn), n++) {
        xy_any_fn f;
        memcpy(&f, (const char *)ops + off, sizeof f);
        missing += f == NULL;
    }
    if (total)
        *total = n;
    return missing;
}

int xy_store_is_server(const char *address)
{
    return strncmp(address, "postgres://", 11) == 0 || strncmp(address, "postgresql://", 13) == 0;
}

int xy_store_open(const char *path, struct xy_store **out, struct xy_error *err)
{
    *out = NULL;
    if (xy_store_is_server(path)) {
#ifdef XY_WITH_PG
        /* The app calls any operation; a back end still leaving some NULL is refused here rather
         * than crash on the first one it lacks (the contract suite opens it directly). */
        int rc = xy_store_pg_open(path, out, err);
        size_t total = 0, missing = rc ? 0 : xy_store_ops_missing((*out)->ops, &total);
        if (missing) {
            xy_store_close(*out);
            *out = NULL;
            return xy_error_set(err, XY_ENOTSUP,
                                "PostgreSQL 后端尚未完成：%zu 项操作中 %zu 项尚未实现 (the PostgreSQL back end is not "
                                "complete yet: %zu of its %zu operations are still missing; "
                                "docs/internals/POSTGRES.md)",
                                total, missing, missing, total);
        }
        return rc;
#else
        return xy_error_set(err, XY_EINVAL, "本程序未带 PostgreSQL 支持 (this build has no PostgreSQL back end: "
                                            "install libpq-dev and build again, or use a SQLite path)");
#endif
    }
    return xy_store_sqlite_open(path, out, err);
}

void xy_store_close(struct xy_store *st)
{
    if (st)
        st->ops->close(st);
}

int xy_store_copy_name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > 63 || (name[0] >= '0' && name[0] <= '9'))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') || name[i] == '_'))
            return 0;
    return 1;
}
