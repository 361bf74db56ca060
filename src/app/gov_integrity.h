/* SPDX-License-Identifier: Apache-2.0 */
/* Government integrity (政务诚信) for the credit office: the dishonesty events of government bodies
 * (class gov_integrity) with their rectification, and the rectification rate the demonstration-city
 * review scores (hard indicator 3, target 100 %; DOMAIN §7). */
#ifndef XY_GOV_INTEGRITY_H
#define XY_GOV_INTEGRITY_H

#include <jansson.h>

#include "app/app.h"

#define XY_GOV_INTEGRITY_CLASS "gov_integrity"
#define XY_GOV_INTEGRITY_OPEN_MAX 200 /* unrectified events listed at most */

/* The summary over the current events whose decision (认定日期) lies in [from, to] (each NULL: open),
 * every status but withdrawn (an objection upheld: the event was recorded in error), whether or not
 * still public. OUT: *out {"as_of", "from", "to", "target_percent", "events", "rectified",
 * "in_progress", "not_rectified", "rate_percent" (text, two decimals; null without events), "met",
 * "bodies": [{"uscc", "name", counts..., "rate_percent"}], "open": [{"record", "doc_no", "uscc",
 * "name", "decision_date", "rectification", "event_type", "dept_name"}]}. Errors: XY_EINVAL for a
 * bad date (nothing read). Caller owns *out. */
int xy_gov_integrity_summary(struct xy_app *app, const char *from, const char *to, json_t **out,
                             struct xy_error *err);

#endif
