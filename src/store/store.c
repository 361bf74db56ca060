/* SPDX-License-Identifier: Apache-2.0 */
/* Chooses the back end from the database address. */
#include "store/store.h"

#include <string.h>

int xy_store_open(const char *path, struct xy_store **out, struct xy_error *err)
{
    *out = NULL;
    if (strncmp(path, "postgres://", 11) == 0 || strncmp(path, "postgresql://", 13) == 0)
#ifdef XY_WITH_PG
        return xy_store_pg_open(path, out, err);
#else
        return xy_error_set(err, XY_EINVAL, "本程序未带 PostgreSQL 支持 (this build has no PostgreSQL back end: "
                                            "install libpq-dev and build again, or use a SQLite path)");
#endif
    return xy_store_sqlite_open(path, out, err);
}

void xy_store_close(struct xy_store *st)
{
    if (st)
        st->ops->close(st);
}
