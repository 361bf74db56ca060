/* SPDX-License-Identifier: Apache-2.0 */
/* Read-your-writes with a read replica (`serve --db-read`, docs/deploy/postgres-ha.md). Public
 * reads go to the streaming replica. A principal that wrote (a department submitting a batch, a
 * staff member deciding something) is remembered with the primary's log position after its write;
 * its reads go to the primary until the replica has replayed past that mark, so that it never reads
 * an answer older than its own write. The marks are a fixed table of slots by principal: two that
 * share a slot keep the later mark, which only sends one of them to the primary a little longer. */
#include <stdint.h>

#include "server/server_int.h"

/* Departments by department (any of its keys or staff wrote), others by key. */
static unsigned slot_of(const struct xy_principal *who)
{
    uint64_t id = who->role == XY_ROLE_DEPARTMENT && who->dept_id > 0 ? (uint64_t)who->dept_id * 2 + 1
                                                                       : (uint64_t)who->key_id * 2;
    return (unsigned)((id * UINT64_C(0x9E3779B97F4A7C15)) >> (64 - XY_REPLICA_SLOTS_BITS));
}

static void raise_to(_Atomic uint64_t *v, uint64_t to)
{
    uint64_t was = atomic_load(v);
    while (was < to && !atomic_compare_exchange_weak(v, &was, to))
        ;
}

void xy_replica_note_write(struct xy_server *srv, const struct xy_principal *who)
{
    uint64_t pos = 0;
    if (!srv->opts.db_read || who->role == XY_ROLE_PUBLIC || (who->key_id <= 0 && who->dept_id <= 0))
        return;
    /* The writer is held by the caller: its position is at or past the commit just made. When the
     * primary cannot say (it went away), nothing was committed since its last answer. */
    if (xy_app_log_position(srv->writer, &pos, NULL) == XY_OK && pos)
        raise_to(&srv->marks[slot_of(who)], pos);
}

int xy_replica_fresh(struct xy_server *srv, struct xy_app *replica, const struct xy_principal *who)
{
    if (who->role == XY_ROLE_PUBLIC)
        return 1;
    uint64_t mark = atomic_load(&srv->marks[slot_of(who)]), pos = 0;
    if (!mark || mark <= atomic_load(&srv->replica_seen))
        return 1;
    if (xy_app_log_position(replica, &pos, NULL) != XY_OK)
        return 0;
    raise_to(&srv->replica_seen, pos);
    return pos >= mark;
}
