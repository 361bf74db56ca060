/* SPDX-License-Identifier: Apache-2.0 */
/* Error names and the detail record. */
#include "common/xy_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *xy_strerror(int rc)
{
    switch (rc) {
    case XY_OK: return "ok";
    case XY_ENOMEM: return "out of memory";
    case XY_EINVAL: return "invalid input";
    case XY_EIO: return "input/output error";
    case XY_ENOTFOUND: return "not found";
    case XY_EEXIST: return "already exists";
    case XY_ETOOBIG: return "limit exceeded";
    case XY_EDB: return "database error";
    case XY_ECRYPTO: return "key or sealed value error";
    case XY_ECORRUPT: return "stored data is corrupt";
    case XY_EBUSY: return "database is busy";
    case XY_ESTATE: return "not allowed in the present state";
    case XY_EDENIED: return "not permitted";
    case XY_ENOTSUP: return "not supported by this back end";
    }
    return "unknown error";
}

int xy_error_set(struct xy_error *e, int rc, const char *fmt, ...)
{
    if (e) {
        va_list ap;
        e->rc = rc;
        va_start(ap, fmt);
        vsnprintf(e->msg, sizeof e->msg, fmt, ap);
        va_end(ap);
    }
    return rc;
}

void xy_error_clear(struct xy_error *e)
{
    if (e)
        memset(e, 0, sizeof *e);
}
