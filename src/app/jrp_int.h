/* SPDX-License-Identifier: Apache-2.0 */
/* Private to the joint reward and punishment use cases (jrp_policy.c, jrp_check.c, jrp_cases.c): the
 * measures in force as a check reads them, and the helpers the three files share. */
#ifndef XY_APP_JRP_INT_H
#define XY_APP_JRP_INT_H

#include <jansson.h>
#include <stdint.h>

#include "app/app.h"

/* The measures that apply to this matter, handled by this department, today: read and parsed once
 * per check (a batch of 1,000 subjects reads them once, not once per listed subject). */
struct xy_jrp_applicable {
    int64_t id;
    char *code, *doc_no, *title, *kind, *action, *text, *basis, *tclass, *tdomain;
};

struct xy_jrp_appl_set {
    struct xy_jrp_applicable *m;
    size_t n, cap;
    const char *dept, *matter, *today;
    int oom;
    char feedback_due[11]; /* today + the catalogue's feedback limit in working days (time_limits.jrp) */
};

/* The applicable measures for (dept, matter, today), with the day feedback on a check made today is
 * due, read in the caller's snapshot, or kept from an
 * earlier check on this connection while the policy has not changed (jrp_policy.c). OUT: *out, owned
 * by app's cache and valid until the next call on app. */
int xy_jrp_appl_get(struct xy_app *app, const char *dept, const char *matter, const char *today,
                    const struct xy_jrp_appl_set **out, struct xy_error *err);

/* The member key of o when it is a non-empty string, else NULL. Borrowed from o. */
const char *xy_jrp_str(const json_t *o, const char *key);

#endif
