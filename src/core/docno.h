/* SPDX-License-Identifier: Apache-2.0 */
/* Decision numbers (文号) cited in a list entry: which penalty put the subject on a list. A list
 * entry names the penalty in the catalogue's cited_penalty field (a platform extension), or, in the
 * 1798 fields, only in the text of its reason (列入事由) or basis (认定依据), as "因武市监罚〔2025〕12号
 * 行政处罚列入". This module finds the numbers in that text, so that a repaired penalty lifts exactly
 * the entries that cite its number, never one citing 〔2025〕123号 because it contains 〔2025〕12号. */
#ifndef XY_DOCNO_H
#define XY_DOCNO_H

#include <stddef.h>

/* Calls fn(ctx, p, n) for every decision number the text may cite: each "PREFIX〔YEAR〕N号" (also
 * with [ ] or 【 】 brackets), once for each way its prefix can start (the agency's abbreviation runs
 * back to the last space, punctuation or digit, at most 12 characters, and the text does not say
 * where it begins: "因武市监罚" yields 因武市监罚…, 武市监罚…, 市监罚…, 监罚…, 罚…). A number always
 * ends at its 号. fn returns non-zero to stop; the scan returns that value, else 0. */
int xy_docno_scan(const char *text, size_t len, int (*fn)(void *ctx, const char *p, size_t n), void *ctx);

#endif
