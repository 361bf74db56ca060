/* SPDX-License-Identifier: Apache-2.0 */
/* A credit repair's rules and moves (approve, refuse; the state machine is core/repair.c): when a
 * repair may be applied for, and what an approval does: the record leaves public view as repaired,
 * and so do the list entries of the same subject that cite the penalty's decision number. */
#include "app/claim.h"
#include "app/claim_int.h"
#include "app/audit.h"
#include "app/app_int.h"

#include <stdio.h>
#include <string.h>

#include "common/xy_alloc.h"
#include "core/repair.h"

int xy_claim_repair_allowed(struct xy_app *app, const struct xy_claim_rec *r, struct xy_date today,
                            struct xy_error *err)
{
    const struct xy_class *k = xy_catalog_class(app->catalog, r->cls);
    int is_list = strcmp(r->cls, "black_list") == 0 || strcmp(r->cls, "watch_list") == 0;
    struct xy_date from;
    if (!k || (!k->policy && !is_list)) {
        const char *cls_zh = k && k->name_zh ? k->name_zh : r->cls;
        return xy_error_set(err, XY_EINVAL, "只有失信信息（行政处罚、黑名单和重点关注名单）可以申请信用修复；记录 %lld "
                            "属于“%.*s” (only adverse records, penalties and black or watch list entries, are "
                            "repaired; record %lld is of class %.*s)", (long long)r->id, xy_claim_cut(cls_zh, 90),
                            cls_zh, (long long)r->id, xy_claim_cut(r->cls, 60), r->cls);
    }
    if (strcmp(r->status, "published") != 0)
        return xy_error_set(err, XY_ESTATE, "记录 %lld 的状态为“%s”，不在公示中，无需信用修复 (record %lld is %s, "
                            "not published: there is nothing to repair)", (long long)r->id,
                            xy_claim_status_zh(r->status), (long long)r->id, r->status);
    if (xy_repair_allowed_from(r->min_until, r->decision_date, is_list, &from) != 0)
        return xy_error_set(err, XY_EINVAL, "记录 %lld 没有决定日期，无法计算最短公示期 (record %lld has no "
                            "decision date to count its minimum period from)", (long long)r->id, (long long)r->id);
    if (xy_date_cmp(today, from) < 0) {
        char d[11];
        xy_date_format(from, d);
        return xy_error_set(err, XY_ESTATE, "信用修复自%s起方可申请 (repair may be applied for from %s, when the "
                            "minimum publicity period has passed)", d, d);
    }
    return 0;
}

/* ---- repair training ---------------------------------------------------------------------------- */

static int on_cert(void *ctx, const struct xy_training_row *t)
{
    json_t *j = json_pack("{s:s, s:s, s:I, s:s}", "number", t->cert_no, "course", t->course_title, "course_id",
                          (json_int_t)t->course_id, "date", t->at);
    if (j) {
        char day[11];
        snprintf(day, sizeof day, "%.10s", t->at);
        json_object_set_new(j, "date", json_string(day));
    }
    return j ? json_array_append_new(ctx, j) : 1;
}

int xy_claim_training(struct xy_app *app, int64_t subject_id, const char *cls, json_t **out, struct xy_error *err)
{
    const struct xy_class *k = cls ? xy_catalog_class(app->catalog, cls) : NULL;
    json_t *certs = json_array();
    *out = NULL;
    if (!certs)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    int rc = app->store->ops->training_certs(app->store, subject_id, NULL, on_cert, certs, err);
    if (rc) {
        json_decref(certs);
        return rc;
    }
    *out = json_pack("{s:b, s:b, s:o}", "required", k && k->repair_training, "completed", json_array_size(certs) > 0,
                     "certificates", certs);
    return *out ? 0 : xy_error_set(err, XY_ENOMEM, "out of memory");
}

int xy_claim_repair_training(struct xy_app *app, const struct xy_claim_rec *r, struct xy_error *err)
{
    json_t *t = NULL;
    int rc = xy_claim_training(app, r->subject_id, r->cls, &t, err);
    if (!rc && json_is_true(json_object_get(t, "required")) && !json_is_true(json_object_get(t, "completed")))
        rc = xy_error_set(err, XY_ESTATE, "此类信息的信用修复须先完成信用修复培训并取得合格证书：请在“我的信用”参加培训 "
                          "(a repair of this class needs a repair-training certificate first: take a course on My "
                          "credit)");
    json_decref(t);
    return rc;
}

/* ---- the list entries a repaired record caused ------------------------------------------------ */

struct lifted {
    json_t *ids; /* their record ids, in the order the store gave them */
    int oom;
};

static int on_citing(void *ctx, const struct xy_record_row *r)
{
    struct lifted *l = ctx;
    if (r->upper) /* a list published above ends only by the next file from its source */
        return 0;
    if (json_array_append_new(l->ids, json_integer(r->id)) != 0)
        return l->oom = 1;
    return 0;
}

/* ---- moves ------------------------------------------------------------------------------------ */

int xy_claim_act_repair(struct xy_app *app, const struct xy_principal *by, struct xy_claim_loaded *x,
                        const json_t *args, const char *now, const char *action_name, struct xy_error *err)
{
    struct xy_store *st = app->store;
    enum xy_rep_action a;
    enum xy_rep_state s, next;
    int rc;
    struct xy_claim_rec r = {0};
    if (xy_rep_action_parse(action_name, &a) != 0)
        return xy_error_set(err, XY_EINVAL, "%.*s 不是信用修复的办理操作，可用：approve、refuse (%.*s is not a repair "
                            "action: approve, refuse)", xy_claim_cut(action_name, 40), action_name,
                            xy_claim_cut(action_name, 40), action_name);
    if (xy_rep_state_parse(x->state, &s) != 0)
        return xy_error_set(err, XY_ECORRUPT, "repair application %lld has an unknown state", (long long)x->id);
    /* The unit that made the finding decides; the platform (归集机构) may too (DOMAIN §4.2). */
    if (!(by->role == XY_ROLE_OPERATOR || by->role == XY_ROLE_OFFICE ||
          (by->role == XY_ROLE_DEPARTMENT && by->dept_id == x->dept_id)))
        return xy_error_set(err, XY_EDENIED, "只有作出认定的部门或信用办可以决定信用修复申请 (only the department that "
                            "made the finding, or the credit office, decides a repair application)");
    if ((rc = xy_rep_next(s, a, &next, err)))
        return rc;
    const char *reason = xy_claim_arg(args, "reason");
    if ((rc = xy_claim_check_text("理由", "the reason", reason, a == XY_REP_REFUSE, err)))
        return rc;
    if ((rc = xy_claim_rec_load(app, x->record_id, &r, err)))
        return rc;
    struct lifted lifted = {.ids = json_array()};
    char *lifted_text = NULL;
    if (!lifted.ids) {
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        goto out;
    }
    if ((rc = st->ops->begin(st, err)))
        goto out;
    if (a == XY_REP_APPROVE && r.is_current && strcmp(r.status, "published") == 0) {
        /* 终止公示: off every public view at once; the record itself stays in the history. */
        if (!(rc = st->ops->record_set_status(st, x->record_id, "repaired", err)))
            rc = xy_claim_change(st, now, "record.repaired", x->record_id, x->subject_id, r.cls,
                                 json_pack("{s:I}", "repair", (json_int_t)x->id), err);
        /* A penalty repaired lifts the list entries that cite its decision number. */
        if (!rc && strcmp(r.cls, "penalty") == 0)
            rc = st->ops->entries_citing(st, x->subject_id, r.doc_no, r.dept_uscc, on_citing, &lifted, err);
        if (!rc && lifted.oom)
            rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        for (size_t i = 0; i < json_array_size(lifted.ids) && !rc; i++) {
            int64_t entry = json_integer_value(json_array_get(lifted.ids, i));
            if (!(rc = st->ops->record_set_status(st, entry, "repaired", err)))
                rc = xy_claim_change(st, now, "list.lifted", entry, x->subject_id, NULL,
                                     json_pack("{s:I, s:I}", "repair", (json_int_t)x->id, "because_of",
                                               (json_int_t)x->record_id),
                                     err);
        }
        if (!rc && json_array_size(lifted.ids) && !(lifted_text = xy_audit_detail_text(json_incref(lifted.ids), err)))
            rc = XY_ENOMEM;
    }
    struct xy_claim_row c = {.id = x->id, .state = xy_rep_state_name(next), .due = NULL, .reason = reason,
                             .fields = lifted_text, .updated_at = now};
    if (!rc)
        rc = st->ops->claim_update(st, &c, err);
    if (!rc)
        rc = xy_claim_step(st, x->id, now, action_name, c.state, by, reason, NULL, err);
    char object[48];
    snprintf(object, sizeof object, "repair/%lld", (long long)x->id);
    rc = xy_audit_commitj(app, by, "repair.act", object,
                         json_pack("{s:s, s:I}", "action", action_name, "lifted",
                                   (json_int_t)json_array_size(lifted.ids)),
                         rc, err);
out:
    xy_free(lifted_text);
    json_decref(lifted.ids);
    xy_claim_rec_free(&r);
    return rc;
}
