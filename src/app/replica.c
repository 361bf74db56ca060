/* SPDX-License-Identifier: Apache-2.0 */
/* The app's part of read replicas (docs/deploy/postgres-ha.md): which addresses name a database
 * server, and the log position by which the server routes a writer's reads (server/replica.c). */
#include "app/app.h"
#include "app/app_int.h"

int xy_app_is_server(const char *db_path)
{
    return xy_store_is_server(db_path);
}

int xy_app_log_position(struct xy_app *app, uint64_t *pos, struct xy_error *err)
{
    const struct xy_store_caps *c = app->store->ops->caps;
    *pos = 0;
    if (!c || !c->log_position)
        return XY_ENOTSUP;
    return c->log_position(app->store, pos, err);
}
