/* SPDX-License-Identifier: Apache-2.0 */
/* Chooses the back end from the database address. */
#include "store/store.h"

#include <string.h>

int xy_store_open(const char *path, struct xy_store **out, struct xy_error *err)
{
    *out = NULL;
    if (strncmp(path, "postgres://", 11) == 0 || strncmp(path, "postgresql://", 13) == 0)
        return xy_error_set(err, XY_EINVAL, "本版本未编入 PostgreSQL 后端，请使用 SQLite 数据库路径 (the PostgreSQL back end is not built in this version; use a SQLite path)");
    return xy_store_sqlite_open(path, out, err);
}

void xy_store_close(struct xy_store *st)
{
    if (st)
        st->ops->close(st);
}
