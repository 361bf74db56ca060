/* SPDX-License-Identifier: Apache-2.0 */
/* Exchange with upper platforms (docs/internals/EXCHANGE.md). Outbound: the office configures
 * destinations; a sender pushes each one's changes from the change log, after its cursor, in order,
 * in batches with an idempotency key, and moves the cursor only on acknowledgement. Inbound: a
 * platform above a platform takes those batches (a lower platform's key, role "platform") and stores
 * the records with their source. */
#ifndef XY_EXCHANGE_H
#define XY_EXCHANGE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"
#include "common/xy_buf.h"

#define XY_EXCHANGE_MAX_CHANGES 5000     /* changes one inbound batch may carry */
#define XY_EXCHANGE_MAX_BODY (16u << 20) /* bytes of one inbound batch */
/* The sender fills a batch to the receiver's limit of changes: each batch is one transaction there,
 * whose commit writes every index page the batch touched, so fewer, larger batches cost the
 * receiver less a record (bench/RESULTS.md). The bytes stay well under the receiver's limit. */
#define XY_EXCHANGE_SEND_ITEMS XY_EXCHANGE_MAX_CHANGES /* changes the sender puts in one batch */
#define XY_EXCHANGE_SEND_BYTES (12u << 20) /* about the most bytes the sender puts in one batch */
#define XY_EXCHANGE_PUB_LEN 45 /* an Ed25519 public key in base64, with its NUL */
#define XY_EXCHANGE_SIG_WINDOW 300 /* seconds a signed batch's timestamp may be off the receiver's clock */

/* A batch's signature, from its headers (X-Xinyong-Timestamp, X-Xinyong-Nonce,
 * X-Xinyong-Signature); any may be NULL (absent). */
struct xy_exchange_sig {
    const char *timestamp; /* unix seconds, decimal */
    const char *nonce;     /* 32 hex digits, never used twice by a source */
    const char *signature; /* Ed25519 over the canonical string, base64 */
};

/* Adds a destination: name (letters, digits, '-', '_', '.', at most 64), url (http:// or https://,
 * the receiver's /api/v1/exchange/inbound), source (the name this platform goes by there: the name
 * of the platform key the receiver made, same form as name), key (the bearer key the receiver
 * gave), classes (JSON
 * array text of catalogue class names; NULL or "[]" for every class). Its cursor starts at the
 * beginning of the change log. The key is stored sealed with the platform's key, and a new Ed25519
 * key pair signs the destination's batches (its secret sealed too). OUT: pub, the public key the
 * destination registers (`xinyong exchange source-key` there). Audited. XY_EINVAL, XY_EEXIST (the
 * name is taken). */
int xy_exchange_dest_add(struct xy_app *app, const struct xy_principal *by, const char *name, const char *url,
                         const char *source, const char *key, const char *classes, char pub[XY_EXCHANGE_PUB_LEN],
                         struct xy_error *err);

/* Enables or disables a destination (a disabled one keeps its cursor). Audited. XY_ENOTFOUND. */
int xy_exchange_dest_enable(struct xy_app *app, const struct xy_principal *by, const char *name, int enabled,
                            struct xy_error *err);

/* The destinations with their state: cursor, backlog, lag in seconds (age of the oldest change not
 * acknowledged), failures and last error; never the key. OUT: *out, a JSON array (caller owns). */
int xy_exchange_dest_list(struct xy_app *app, json_t **out, struct xy_error *err);

/* The same as Prometheus text lines appended to out (xinyong_exchange_*). */
int xy_exchange_metrics(struct xy_app *app, struct xy_buf *out, struct xy_error *err);

/* Registers (or replaces) the Ed25519 public key (base64) that verifies lower platform name's
 * batches: the one its `exchange dest add` printed. Office or operator; audited. XY_EINVAL,
 * XY_EDENIED. */
int xy_exchange_source_key(struct xy_app *app, const struct xy_principal *by, const char *name, const char *pub,
                           struct xy_error *err);

/* One lower platform's batch (a JSON body of len bytes, docs/internals/EXCHANGE.md), received with
 * a platform key (by->name is the platform's name, which the batch must give as its source) and
 * signed (sig) with the key pair whose public key was registered for it. Applied
 * in one transaction with its acknowledgement, or not at all. OUT: *ack (caller frees with
 * xy_free()), the acknowledgement's JSON text; a batch applied already gets the same text again and
 * changes nothing. Errors change nothing: XY_EINVAL (bad batch: what, where, why), XY_ETOOBIG (too
 * many changes), XY_EDENIED (not a platform key, another platform's name, no public key registered,
 * a signature missing, stale or not valid), XY_EEXIST (a nonce seen before: a replay), XY_ESTATE (the batch
 * does not continue from the position applied last: a gap or a reorder; *expected then holds that
 * position, seq and part). */
int xy_exchange_inbound(struct xy_app *app, const struct xy_principal *by, const struct xy_exchange_sig *sig,
                        const char *body, size_t len, char **ack, int64_t expected[2], struct xy_error *err);

/* Reconciliation (the receiving side): what this platform holds from the lower platform whose key
 * `by` is (role platform), current records per class and decision day: {source, from, to, items:
 * [{class, day, count, hash}]}, days in order ("-" for records without a decision date). hash is the
 * sum modulo 2^256 of each record's SHA-256 over its key (class, department code, document number),
 * status and a digest of its fields (sealed ones opened), as 64 hex digits of a little-endian
 * number: the same records give the same value in any order. from and to (YYYY-MM-DD, each NULL
 * for open) bound the decision days. OUT: *out (caller owns). XY_EDENIED, XY_EINVAL. */
int xy_exchange_summary(struct xy_app *app, const struct xy_principal *by, const char *from, const char *to,
                        json_t **out, struct xy_error *err);

/* Reconciles with destination dest: this platform's summary of the classes the destination takes
 * (every class when it takes all) beside the one the destination gives (its
 * /api/v1/exchange/inbound/summary). OUT: *out {dest, from, to, agree, days_differing, classes:
 * [{class, local, remote, days_differing, agree}], differ: [{class, day, local, remote}]} with local
 * and remote {count, hash} (null when that side has no record that day). XY_ENOTFOUND (no such
 * destination), XY_EIO (no summary from it), XY_EINVAL (dates). */
int xy_exchange_reconcile(struct xy_app *app, const char *dest, const char *from, const char *to, json_t **out,
                          struct xy_error *err);

/* A national file (docs/internals/EXCHANGE.md): double publicity records in the national layout. */
struct xy_export_opts {
    const char *cls;       /* "license" or "penalty" */
    const char *from, *to; /* decision days, YYYY-MM-DD, each NULL for open */
    const char *dept_uscc; /* one submitting department, or NULL */
    int xlsx;              /* XLSX, else CSV (UTF-8 with a BOM) */
    int zh_headers;        /* headers by Chinese name (v1 style), else by field code (XK_WSH, CF_WSH) */
    int ext;               /* the platform's extension columns too (CF_YZCD, CF_HY, CF_CXLX) */
};

/* The current records of o->cls the public sees today (the publicity rule), narrowed by o, one row
 * each with the layout's columns in the catalogue's order, the sealed ones opened (ID numbers in
 * full): the office's full view. Every subject whose ID numbers the file holds gets an entry in its
 * access history, and the export an audit entry (exchange.export), in one transaction. OUT: the
 * file's bytes appended to out, *n the records written. XY_EINVAL (class, dates, department). */
int xy_exchange_export(struct xy_app *app, const struct xy_principal *by, const struct xy_export_opts *o,
                       struct xy_buf *out, long *n, struct xy_error *err);

/* The same written to path, created new with mode 0600 (XY_EEXIST when it exists); nothing is left
 * at path on error. */
int xy_exchange_export_file(struct xy_app *app, const struct xy_principal *by, const struct xy_export_opts *o,
                            const char *path, long *n, struct xy_error *err);

/* Lists from above (docs/internals/EXCHANGE.md): what a file did. */
struct xy_lists_result {
    long rows, added, updated, unchanged;
    long ended; /* entries of the source the file no longer holds, withdrawn */
};

/* Imports a file (CSV or JSON Lines, as a department's batch) of list class cls (a catalogue class
 * with "list": true) published by source above (letters, digits, '-', '_', '.', ':'; e.g.
 * national:court), replacing whole what the source's last file gave: entries are stored under their
 * identifying department (MD_RDBMDM, registered on first sight) with the source named
 * (record.upper), and the source's entries the file does not hold are withdrawn with a change entry
 * each. One transaction with its audit entry (exchange.lists_import); a resend changes nothing. Only
 * the office (or the local operator). Errors change nothing: XY_EINVAL (a row not valid, named by
 * row and field; an entry of another source or of a city department under the same key; a
 * duplicate; an empty file), XY_EDENIED, XY_ETOOBIG. OUT: *res. */
int xy_exchange_lists_import(struct xy_app *app, const struct xy_principal *by, const char *source, const char *cls,
                             const char *data, size_t len, struct xy_lists_result *res, struct xy_error *err);

/* What one push did. */
struct xy_push_result {
    long batches;  /* acknowledged */
    long changes;  /* changes and parts of changes delivered */
    int idle;      /* nothing is left to send */
    int64_t seq, part; /* the cursor after */
};

/* Pushes a destination's changes after its cursor, batch after batch, until none is left or
 * max_batches were acknowledged (0: no limit); the cursor moves with each acknowledgement. A
 * failure (no answer, or an answer that is not an acknowledgement) is counted on the destination
 * with its text and returned: XY_EIO. XY_ENOTFOUND for no such destination. */
int xy_exchange_push(struct xy_app *app, const char *dest, long max_batches, struct xy_push_result *res,
                     struct xy_error *err);

/* The sender that `serve` runs: a thread per enabled destination (started as destinations are
 * added), each pushing as changes arrive and, after a failure, retrying with exponential backoff
 * and jitter, so that one failing destination never holds back another. db_path and clock are
 * copied. NULL when out of memory or a thread cannot start. */
struct xy_exchange_sender;
struct xy_exchange_sender *xy_exchange_sender_start(const char *db_path, const struct xy_clock *clock);
/* Stops the threads (a push in flight finishes or times out) and frees; accepts NULL. */
void xy_exchange_sender_stop(struct xy_exchange_sender *s);

#endif
