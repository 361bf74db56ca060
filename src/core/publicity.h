/* SPDX-License-Identifier: Apache-2.0 */
/* The publicity rule (公示), decided here and nowhere else: what of the platform's records the public
 * sees on a given day. A record is public when its class's disclosure scope is public (the catalogue
 * says), it is the current version, its status is the one that publishes, and its publicity window
 * (public_until, computed at import from the catalogue's policy) has not ended that day. An accepted
 * objection does not hide a record: every view shows it marked "under objection" (异议中). Pure: the
 * day is passed in. */
#ifndef XY_PUBLICITY_H
#define XY_PUBLICITY_H

#include <stdint.h>

#include "common/xy_date.h"
#include "core/catalog.h"

/* The status of a record in public view; the others are unpublished, expired, withdrawn, repaired. */
#define XY_STATUS_PUBLISHED "published"

/* The statuses in which a list entry is in force (joint reward and punishment applies it): published,
 * or kept out of public view (unpublished) while still in force. Expired, withdrawn and repaired
 * entries are not. NULL-terminated. */
extern const char *const xy_status_in_force[];

/* What a store filters by to give only public records: the caller asks for public classes only
 * (xy_publicity_class), the store keeps current records whose status is `status` and whose
 * public_until is absent or on or after `day`. */
struct xy_public_filter {
    const char *status;
    char day[11]; /* YYYY-MM-DD */
};

/* The filter for `day`. */
void xy_publicity_filter(struct xy_date day, struct xy_public_filter *f);

/* 1 when records of class k can be public at all (its scope is public), else 0 (k may be NULL). */
int xy_publicity_class(const struct xy_class *k);

/* 1 when a record, whatever its class's scope, is in effect on `day`: the current version, published,
 * inside its publicity window. What a reader who may see the class (an authorised report) is shown;
 * expired, repaired, withdrawn and unpublished records are not. */
int xy_publicity_in_effect(int is_current, const char *status, const char *public_until, struct xy_date day);

/* 1 when a record of class k, current or not, with this status and window is public on `day`: its
 * class is public and the record is in effect. */
int xy_publicity_visible(const struct xy_class *k, int is_current, const char *status, const char *public_until,
                         struct xy_date day);

#endif
