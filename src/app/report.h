/* SPDX-License-Identifier: Apache-2.0 */
/* Credit reports (公共信用信息报告, DOMAIN.md section 6): issuing one, the register that proves it, and
 * checking a report file. Two kinds (organisations, persons) and two editions: public (public
 * information only, anyone, organisations only) and authorised (what the catalogue holds on the
 * subject and the requester may read: the subject itself, a querier under the subject's grant, or
 * the credit office at its counter for a walk-in applicant, always with a purpose, 用途).
 *
 * Authenticity. Each report has a unique number, 4201 + YYYYMMDD (Beijing) + a six-digit sequence of
 * the day, allocated in the issuing transaction. Its content (the JSON document report_pdf.h
 * describes) is made canonical as jansson's JSON_SORT_KEYS | JSON_COMPACT dump (UTF-8, not escaped)
 * and signed by the platform's SM2 key over SM3 with the ID "1234567812345678". The register keeps
 * the number, subject, kind, edition, format, purpose, requester, the SM3 of the canonical text, the
 * SHA-256 of the PDF as delivered and the signature. A PDF carries its signed package in the Keywords
 * entry of its document information: "xinyong-report-v1:" + base64 of
 *   {"v":1, "number":N, "alg":"SM2-SM3", "sm2_id":ID, "canonical":TEXT, "signature":BASE64(DER)}
 * (docs/internals/REPORTS.md says why there). The JSON edition is {"report":CONTENT,
 * "signature":{"alg","sm2_id","value"}}: canonicalise "report" the same way to check it. */
#ifndef XY_APP_REPORT_H
#define XY_APP_REPORT_H

#include <jansson.h>
#include <pthread.h>
#include <stdint.h>

#include "app/app.h"
#include "app/auth.h"
#include "common/xy_buf.h"

enum xy_report_edition { XY_REPORT_PUBLIC = 0, XY_REPORT_AUTHORISED };
enum xy_report_format { XY_REPORT_PDF = 0, XY_REPORT_JSON };

#define XY_REPORT_NUMBER_SIZE 24 /* "4201" + 8 + 6 digits and the NUL, with room */
#define XY_REPORT_PURPOSE_MAX 200 /* bytes of UTF-8 */
#define XY_REPORT_MAX_BYTES (48u << 20) /* a report's PDF or JSON at most */

struct xy_report_request {
    const char *subject; /* USCC or subject id; an ID number only with allow_id_number */
    enum xy_report_edition edition;
    enum xy_report_format format;
    const char *purpose;   /* 用途: required for the authorised edition */
    int64_t grant_id;      /* a querier's grant (授权) of the subject, for the authorised edition */
    const char *applicant; /* the office or local operator: the walk-in applicant's name (authorised) */
    int allow_id_number;   /* the CLI's operator may name a person by ID number (never from a URL) */
};

/* Issues a report: checks who may have which edition, reads the subject's records through the
 * publicity rule (public edition) or the records in effect of the classes the requester may read
 * (authorised: expired, repaired, withdrawn records left out either way) and reserves the number in
 * one write transaction, signs and renders it outside any, and registers it in another with its
 * audit entry and, for authorised editions and any person's report, an entry in the subject's access
 * history. `lock` (may be NULL) is held around each transaction and released while the report is
 * signed and drawn: the server's writer lock. OUT: out (the PDF or the JSON text appended), number,
 * *pages (0 for JSON; may be NULL).
 * Errors: XY_EINVAL (bad request), XY_ENOTFOUND (no such subject), XY_EDENIED (a person's report to
 * the public; not the requester's subject; no live grant: one answer for every way a grant fails),
 * XY_ECRYPTO (no report key: run init), store errors. */
int xy_report_issue(struct xy_app *app, pthread_mutex_t *lock, const struct xy_principal *by,
                    const struct xy_report_request *req,
                    struct xy_buf *out, char number[XY_REPORT_NUMBER_SIZE], int *pages, struct xy_error *err);

/* What anyone may learn of a number: {"number","issued_at","kind","kind_zh","edition","edition_zh",
 * "format","pages","subject":{"name","code"} (masked)}. XY_ENOTFOUND, XY_EINVAL (not a number). */
int xy_report_lookup(struct xy_app *app, const char *number, json_t **out, struct xy_error *err);

/* Compares a file's SHA-256 (64 hex digits) with the register's for that number: OUT *out, the lookup's
 * answer plus "match" (true/false) and "reason". XY_ENOTFOUND, XY_EINVAL. */
int xy_report_check_hash(struct xy_app *app, const char *number, const char *sha256_hex, json_t **out,
                         struct xy_error *err);

/* The platform's report public key as PEM. Caller frees *pem with xy_free(). */
int xy_report_public_key(struct xy_app *app, char **pem, size_t *len, struct xy_error *err);

/* Reports issued in a month ("YYYY-MM", Beijing days), the monthly indicator 信用产品数量:
 * {"month","indicator","total","by_kind","by_edition","by_format","by_purpose","by_dept"}. Only the
 * credit office and the local operator. */
int xy_report_stats(struct xy_app *app, const struct xy_principal *by, const char *month, json_t **out,
                    struct xy_error *err);

/* Checks a report file (a PDF, or a JSON edition) offline: the signed package it carries, the
 * signature with the public key (pub_pem; NULL: this platform's, which needs app), that the signed
 * content says what the pages say (the number on every page, the subject's code and name on the
 * first) and that every page's QR code links to the verification page of that number. With app and
 * online, also the register: the number exists, the file's SHA-256 is the one recorded (a changed
 * byte anywhere), the signed content is the one recorded. expect_number (or NULL): the number the
 * verifier was given (read off the QR code, or typed); a file that is another report fails.
 * OUT: *out {"valid":bool, "number", "subject":{...}, "checks":[{"check","ok","detail"}...]}.
 * Returns XY_OK whether or not the file is valid; errors only when it could not be checked. */
int xy_report_verify(struct xy_app *app, const void *data, size_t n, const char *pub_pem, size_t pem_len,
                     const char *expect_number, int online, json_t **out, struct xy_error *err);

#endif
