/* SPDX-License-Identifier: Apache-2.0 */
/* Group commit of the joint reward and punishment checks' logs: many checks prepared in parallel on
 * the readers share one write transaction for their log rows. */
#include "app/jrp.h"
#include "server/server_int.h"

/* The answer is computed on the thread's reader connection, in
 * parallel with other checks; then the check joins the queue and waits for the writer. Whoever gets
 * the writer first logs every queued check in one transaction; the others find theirs done. A check
 * is answered only once its log is committed, so no answer exists whose check (and access entry) a
 * crash could lose. */
int xy_group_commit(struct xy_http_req *rq, struct xy_jrp_pending *p, struct xy_jrp_pending *p2,
                    struct xy_error *err)
{
    struct xy_server *srv = rq->srv;
    pthread_mutex_lock(&srv->check_lock);
    p->next = srv->check_queue;
    srv->check_queue = p;
    if (p2) { /* the two halves of one batch: queued together, most often committed together */
        p2->next = srv->check_queue;
        srv->check_queue = p2;
    }
    pthread_mutex_unlock(&srv->check_lock);

    for (;;) {
        struct xy_app *app = xy_srv_writer_lock(rq);
        if (p->done && (!p2 || p2->done)) { /* logged by the writer before us */
            xy_srv_writer_unlock(rq);
            break;
        }
        struct xy_jrp_pending *batch[256], *rest;
        size_t n = 0;
        pthread_mutex_lock(&srv->check_lock);
        rest = srv->check_queue;
        while (rest && n < sizeof batch / sizeof *batch) {
            batch[n++] = rest;
            rest = rest->next;
        }
        srv->check_queue = rest; /* more than a batch: the next writer takes them */
        pthread_mutex_unlock(&srv->check_lock);
        struct xy_error e = {0};
        int rc = xy_jrp_check_log(app, batch, n, &e);
        for (size_t i = 0; i < n; i++) {
            batch[i]->rc = rc;
            batch[i]->err = e;
            batch[i]->done = 1;
        }
        xy_srv_writer_unlock(rq);
    }
    if (p->rc) {
        *err = p->err;
        return p->rc;
    }
    if (p2 && p2->rc) {
        *err = p2->err;
        return p2->rc;
    }
    return XY_OK;
}
