/* SPDX-License-Identifier: Apache-2.0 */
/* The credit report's layout (公共信用信息报告): turns a report document, JSON of the shape below, into
 * an A4 PDF with cairo and pango (Noto Serif CJK SC for the body), a header and a footer on every page
 * (report number, 第 X 页 共 Y 页, the verification QR code), tables that break across pages with their
 * header row repeated and rows split by whole lines, nothing cut off. It knows nothing of the
 * database: the app (app/report.c) builds the document, this module only sets it. Pure apart from
 * the fonts it loads.
 *
 * The document (members the layout reads; others are ignored):
 *   number, title, kind_zh, edition ("public"|"authorised"), edition_zh, issued_at (ISO 8601 UTC),
 *   data_as_of (YYYY-MM-DD), issuer, standard, verify_url, purpose (string|null),
 *   requester ({"name","role_zh","dept"}|null),
 *   subject {"name","kind_zh","code_label","code"},
 *   notes [string...]  (报告说明),
 *   basic [[label, value]...]  (the subject's basic information: the overview and section 1),
 *   summary [{"section","name_zh","count"}...],
 *   sections [{"no","title","classes":[{"class","name_zh","columns":[{"title","width"}...],
 *              "items":[{"cells":[string...]}...]}...]}...]   (sections 2-5 and 7; 1 and 6 are built
 *              from basic and evaluation)
 *   evaluation: null, or {"score","grade","grade_zh","model_version","as_of",
 *              "items":[{"record_id","class","rule","rule_zh","points"}...]}
 */
#ifndef XY_REPORT_PDF_H
#define XY_REPORT_PDF_H

#include <jansson.h>

#include "common/xy_buf.h"
#include "common/xy_error.h"

/* The family of the body text and of the headings: fonts-noto-cjk. */
#define XY_REPORT_FONT_BODY "Noto Serif CJK SC"
#define XY_REPORT_FONT_HEAD "Noto Sans CJK SC"

/* Section 6 shows at most this many reasons: the evaluation's items with the largest |points|. */
#define XY_REPORT_EVAL_REASONS 10

struct xy_report_pdf_opts {
    /* Text for the PDF's Keywords entry of its document information (the signed package the app
     * embeds so that `xinyong report verify` finds it), or NULL. */
    const char *keywords;
    /* ISO 8601 UTC time for the PDF's creation date: cairo would otherwise read the wall clock. */
    const char *created_at;
};

/* Renders doc into out (appended). OUT: *pages (may be NULL). Errors: XY_EINVAL when doc lacks a
 * member the layout needs, XY_ENOMEM, XY_ETOOBIG (out's maximum), XY_EIO when cairo fails. */
int xy_report_pdf(const json_t *doc, const struct xy_report_pdf_opts *opts, struct xy_buf *out, int *pages,
                  struct xy_error *err);

/* The evaluation's main reasons as section 6 lists them: the indices of at most `max` items with the
 * largest |points| (ties: the earlier item first). OUT: idx. Returns how many. */
size_t xy_report_eval_reasons(const json_t *evaluation, size_t *idx, size_t max);

/* "2026-11-28T01:02:03Z" as Beijing time, "2026年11月28日 09:02:03" (out: 64 bytes); the text as it is
 * when it does not parse. */
void xy_report_local_time(const char *iso_utc, char out[64]);

/* A short document through the same flow and fonts (a supervision letter, a score sheet), A4, a
 * header with its title and number and a footer with the issuer and the page on every page:
 *   {"number","title","issuer","blocks":[{"title":text} | {"h":text} | {"p":text} | {"sign":text}
 *    | {"kv":[[label,value]...]} | {"table":{"columns":[{"title","width"}...],"rows":[[text...]...]}}]}
 * Errors as xy_report_pdf. */
int xy_doc_pdf(const json_t *doc, const struct xy_report_pdf_opts *opts, struct xy_buf *out, int *pages,
               struct xy_error *err);

#endif
