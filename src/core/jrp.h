/* SPDX-License-Identifier: Apache-2.0 */
/* Joint reward and punishment (联合奖惩) as rules: memoranda broken into measures (条目化), and which
 * measures apply to a list entry for an administrative matter handled by a department on a day. Pure:
 * no I/O, today comes in as an argument. DOMAIN.md section 5. */
#ifndef XY_JRP_H
#define XY_JRP_H

#include <jansson.h>
#include <stddef.h>

#include "common/xy_error.h"

/* The list classes a memorandum may target, NULL-terminated: red_list, black_list, watch_list,
 * defaulter. Only red_list takes reward measures. */
extern const char *const xy_jrp_target_classes[];

/* What a measure does to the applicant (DOMAIN §5.2). */
const char *const *xy_jrp_actions(size_t *n);

/* Checks a policy file before anything is stored: {"matters":[{code,name,dept?}], "memoranda":[{doc_no,
 * title, signed_on?, signers:[..], target:{class, domain?}, measures:[{code, kind: reward|punish,
 * action, text, legal_basis, depts:[USCC..]?, matters:[code..]?, valid_from?, valid_to?}]}]}.
 * Every measure must cite its legal basis (国办发〔2020〕49号: no measure without one), its matters must
 * be in the file's or known matter list (known_matter may be NULL: then only the file's count), the
 * target class must be a list class. Errors name the memorandum and measure. */
int xy_jrp_policy_check(const json_t *policy, int (*known_matter)(void *ctx, const char *code), void *ctx,
                        struct xy_error *err);

/* Is a list entry in force on today (YYYY-MM-DD)? valid_from / valid_to may be NULL (open). */
int xy_jrp_entry_active(const char *valid_from, const char *valid_to, const char *today);

/* Does a memorandum aimed at (target_class, target_domain) cover an entry of entry_class in
 * entry_domain? A memorandum without a domain covers the whole list. */
int xy_jrp_targets(const char *target_class, const char *target_domain, const char *entry_class,
                   const char *entry_domain);

/* Does a measure apply to this matter, handled by this department, on today? depts and matters are
 * JSON arrays of strings; an empty array means "all". */
int xy_jrp_measure_applies(const json_t *depts, const json_t *matters, const char *valid_from,
                           const char *valid_to, const char *dept, const char *matter, const char *today);

#endif
