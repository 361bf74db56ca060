/* SPDX-License-Identifier: Apache-2.0 */
/* The one error enum of the platform (0 = OK) and the optional detail record that carries
 * where and why: row, field and a sentence a clerk can act on. */
#ifndef XY_ERROR_H
#define XY_ERROR_H

enum xy_rc {
    XY_OK = 0,
    XY_ENOMEM,    /* out of memory */
    XY_EINVAL,    /* bad input: the detail says what, where and why */
    XY_EIO,       /* a file or device could not be read or written */
    XY_ENOTFOUND, /* no such object */
    XY_EEXIST,    /* the object exists already */
    XY_ETOOBIG,   /* a limit was exceeded */
    XY_EDB,       /* the store failed */
    XY_ECRYPTO,   /* a key is missing or a sealed value does not open */
    XY_ECORRUPT,  /* stored data is not what was written */
    XY_EBUSY,     /* the database is locked by another writer */
    XY_ESTATE,    /* not allowed in the object's present state (a decided objection decided again) */
    XY_EDENIED,   /* the caller may not do this to this object (another subject's file, no live grant) */
    XY_ENOTSUP,   /* the back end does not offer this optional capability */
    XY_EUNAVAIL,  /* the database server cannot take this now (gone, restarting, read-only during a
                   * switchover): nothing was changed; try again in a few seconds */
};

struct xy_error {
    int rc;
    long row;        /* 1-based record number, 0 when not about a row */
    char field[64];  /* field code, empty when not about a field */
    char msg[512];   /* one sentence, no trailing newline */
};

/* A short English name for rc ("out of memory", ...). Never NULL. */
const char *xy_strerror(int rc);

/* Fills e (when not NULL) and returns rc, so that `return xy_error_set(e, XY_EINVAL, ...)` reads
 * naturally. The message is truncated to fit. */
int xy_error_set(struct xy_error *e, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Clears e (when not NULL). */
void xy_error_clear(struct xy_error *e);

#endif
