/* SPDX-License-Identifier: Apache-2.0 */
/* An objection's moves (accept, reject, forward, extend, decide, close; the state machine is
 * core/objection.c) and their effects on the record: the "under objection" mark, a correction stored
 * as the record's next version, a withdrawal, and an entry in the change feed for each. */
#include "app/claim.h"
#include "app/claim_int.h"
#include "app/audit.h"
#include "app/app_int.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/recordrow.h"
#include "common/xy_alloc.h"
#include "core/objection.h"
#include "core/validate.h"

/* An objection's action as the console names it (zh.json claims.act.*). */
static const char *obj_action_zh(enum xy_obj_action a)
{
    static const char *const names[XY_OBJ__ACTIONS] = {
        [XY_OBJ_ACCEPT] = "受理",           [XY_OBJ_REJECT] = "不予受理",     [XY_OBJ_FORWARD] = "转交部门核实",
        [XY_OBJ_EXTEND] = "延长核实时限", [XY_OBJ_DECIDE] = "作出核实决定", [XY_OBJ_CLOSE] = "办结",
    };
    return (unsigned)a < XY_OBJ__ACTIONS && names[a] ? names[a] : "?";
}

/* ---- corrections ------------------------------------------------------------------------------ */

/* Fields a correction may not change: who the record is about and its number. */
static int identity_field(const struct xy_class *k, size_t i)
{
    static const enum xy_field_role fixed[] = {XY_ROLE_PARTY_CATEGORY, XY_ROLE_PARTY_USCC, XY_ROLE_PARTY_REGNO,
                                               XY_ROLE_PARTY_ID_TYPE,  XY_ROLE_PARTY_ID_NO, XY_ROLE_DOC_NO};
    for (size_t j = 0; j < sizeof fixed / sizeof *fixed; j++)
        if (k->role_field[fixed[j]] == (int)i)
            return 1;
    return 0;
}

/* The record with the corrections laid over its stored fields, validated as an incoming row would
 * be. OUT: *v (release with xy_valrec_release). */
static int corrected(struct xy_app *app, const struct xy_claim_rec *r, const json_t *fix, struct xy_valrec *v,
                     struct xy_error *err)
{
    const struct xy_class *k = xy_catalog_class(app->catalog, r->cls);
    json_error_t jerr;
    json_t *all = NULL, *sealed = NULL;
    struct xy_cell *cells = NULL;
    int rc = 0;
    if (!k)
        return xy_error_set(err, XY_EINVAL, "信息类别 %.60s 已不在信息目录中 (class %.60s is no longer in the "
                            "catalogue)", r->cls, r->cls);
    if (!json_is_object(fix) || json_object_size(fix) == 0)
        return xy_error_set(err, XY_EINVAL, "更正须提供 \"fields\"：按英文键名列出更正后的字段 (a correction needs "
                            "\"fields\": the corrected fields by English key)");
    const char *key;
    const json_t *val;
    json_object_foreach((json_t *)fix, key, val) {
        int i = xy_class_field_lookup(k, key, strlen(key));
        const char *cls_zh = k->name_zh ? k->name_zh : r->cls;
        if (i < 0 || strcmp(k->fields[i].key, key) != 0)
            return xy_error_set(err, XY_EINVAL, "%.*s 不是“%.*s”类信息的字段 (%.*s is not a field of class %.60s)",
                                xy_claim_cut(key, 64), key, xy_claim_cut(cls_zh, 90), cls_zh, xy_claim_cut(key, 64),
                                key, r->cls);
        if (identity_field(k, (size_t)i))
            return xy_error_set(err, XY_EINVAL, "更正不能修改 %.64s（记录所涉主体或文书号）：请由部门撤回该记录后重新报送 "
                                "(a correction cannot change %.64s, who the record is about or its number: the "
                                "department withdraws the record and submits a new one)", key, key);
        if (!json_is_string(val) && !json_is_null(val))
            return xy_error_set(err, XY_EINVAL, "更正后的 %.64s 须为字符串（以 null 清空） (the corrected %.64s must be a "
                                "string, or null to clear it)", key, key);
    }
    xy_alloc_failed();
    if (!(all = json_loads(r->fields, 0, &jerr)))
        return xy_alloc_failed() ? xy_error_set(err, XY_ENOMEM, "out of memory")
                                 : xy_error_set(err, XY_ECORRUPT, "record %lld: stored fields do not parse",
                                                (long long)r->id);
    if (r->sealed && r->sealed_len > XY_SEAL_OVERHEAD) {
        size_t n = r->sealed_len - XY_SEAL_OVERHEAD;
        char *plain = xy_malloc(n + 1);
        if (plain && xy_keys_open(&app->keys, r->sealed, r->sealed_len, plain) == 0) {
            plain[n] = '\0';
            sealed = json_loads(plain, 0, &jerr);
            sodium_memzero(plain, n);
        }
        xy_free(plain);
        if (!sealed) {
            rc = xy_alloc_failed() ? xy_error_set(err, XY_ENOMEM, "out of memory")
                                   : xy_error_set(err, XY_ECRYPTO, "记录 %1$lld 的加密内容无法解密 (record %1$lld: sealed values do not open)",
                                                  (long long)r->id);
            goto out;
        }
        json_object_update(all, sealed);
    }
    json_object_foreach((json_t *)fix, key, val) {
        if (json_is_null(val))
            json_object_del(all, key);
        else
            json_object_set(all, key, (json_t *)val);
    }
    if (!(cells = xy_calloc(k->nfields, sizeof *cells))) {
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < k->nfields; i++) {
        const char *s = json_string_value(json_object_get(all, k->fields[i].key));
        if (s) {
            cells[i].p = s;
            cells[i].n = strlen(s);
        }
    }
    struct xy_row_errors errs;
    rc = xy_validate_row(k, cells, xy_clock_today(&app->clock), v, &errs);
    if (rc == XY_EINVAL && errs.n) {
        int f = errs.e[0].field;
        /* The validator's reason is bilingual too: each part goes into the part of its language. */
        const char *why = errs.e[0].reason, *en = why;
        int zn = (int)strlen(why), en_n = zn;
        const char *open = zn > 0 && why[zn - 1] == ')' ? strrchr(why, '(') : NULL;
        if (open && open > why && open[-1] == ' ' && !strchr(open + 1, '(')) {
            zn = (int)(open - why - 1);
            en = open + 1;
            en_n = (int)strlen(en) - 1;
        }
        /* Bounded so that the whole fits in err->msg: 36 + 40 + 3 + 190 + 37 + 40 + 2 + 150 + 1 bytes. */
        char zh[192], en_part[152];
        snprintf(zh, sizeof zh, "%.*s", zn, why);
        snprintf(en_part, sizeof en_part, "%.*s", en_n, en);
        const char *fk = f >= 0 ? k->fields[f].key : "";
        xy_error_set(err, XY_EINVAL, "更正后的记录未通过校验：%.40s%s%.*s (the corrected record is not valid: %.40s%s%.*s)",
                     fk, f >= 0 ? "：" : "", xy_claim_cut(zh, 190), zh, fk, f >= 0 ? ": " : "", xy_claim_cut(en_part, 150), en_part);
    } else if (rc) {
        xy_error_set(err, rc, "更正后的记录无法检查 (the corrected record cannot be checked)");
    }
out:
    xy_free(cells);
    if (sealed) {
        json_decref(sealed);
    }
    json_decref(all);
    return rc;
}

/* Stores the corrected record as the next version of r. OUT: *new_id. */
static int store_correction(struct xy_app *app, const struct xy_claim_rec *r, struct xy_valrec *v, const char *now,
                            int64_t *new_id, struct xy_error *err)
{
    struct xy_rowparts parts;
    int rc = xy_rowparts_make(&app->keys, xy_catalog_class(app->catalog, r->cls), v, NULL, &parts, err);
    if (rc)
        return rc;
    struct xy_record_row row = {
        .cls = r->cls,
        .dept_id = r->dept_id,
        .doc_no = r->doc_no,
        .version = r->version + 1,
        .subject_id = r->subject_id,
        .batch_id = r->batch_id, /* the batch that brought the record; row 0: not from a file */
        .row_no = 0,
        .created_at = now,
    };
    xy_rowparts_fill(v, &parts, 0, &row);
    rc = app->store->ops->record_put(app->store, &row, new_id, err);
    xy_rowparts_release(&parts);
    return rc;
}

/* ---- moves ------------------------------------------------------------------------------------ */

/* The change feed's detail of what an objection did to its record. */
static json_t *change_detail(const struct xy_claim_loaded *x)
{
    return json_pack("{s:I}", "objection", (json_int_t)x->id);
}

int xy_claim_act_objection(struct xy_app *app, const struct xy_principal *by, struct xy_claim_loaded *x,
                           const json_t *args, const char *now, struct xy_date today, const char *action_name,
                           struct xy_error *err)
{
    struct xy_store *st = app->store;
    const struct xy_obj_limits *lim = &app->catalog->objection;
    enum xy_obj_action a;
    enum xy_obj_state s, next;
    int limit = 0, rc;
    char due[11] = "";
    struct xy_claim_rec r = {0};
    json_t *fix = NULL;
    struct xy_valrec v;
    int have_v = 0;

    if (xy_obj_action_parse(action_name, &a) != 0)
        return xy_error_set(err, XY_EINVAL, "%.*s 不是异议的办理操作，可用：accept、reject、forward、extend、decide、close "
                            "(%.*s is not an objection action: accept, reject, forward, extend, decide, close)",
                            xy_claim_cut(action_name, 40), action_name, xy_claim_cut(action_name, 40),
                            action_name);
    if (xy_obj_state_parse(x->state, &s) != 0)
        return xy_error_set(err, XY_ECORRUPT, "objection %lld has an unknown state", (long long)x->id);
    int source = by->role == XY_ROLE_OPERATOR || (by->role == XY_ROLE_DEPARTMENT && by->dept_id == x->dept_id);
    int office = by->role == XY_ROLE_OPERATOR || by->role == XY_ROLE_OFFICE;
    if (xy_obj_actor(a) == XY_OBJ_BY_SOURCE ? !source : !office)
        return xy_error_set(err, XY_EDENIED, "只有%s可以对异议执行“%s” (only %s may %s an objection)",
                            xy_obj_actor(a) == XY_OBJ_BY_SOURCE ? "报送该记录的部门" : "信用办", obj_action_zh(a),
                            xy_obj_actor(a) == XY_OBJ_BY_SOURCE ? "the department that submitted the record"
                                                                : "the credit office",
                            action_name);
    if ((rc = xy_obj_next(s, a, x->extended, lim, &next, &limit, err)))
        return rc;
    const char *reason = xy_claim_arg(args, "reason");
    enum xy_obj_decision d = XY_OBJ_NONE;
    if (a == XY_OBJ_REJECT || a == XY_OBJ_DECIDE || a == XY_OBJ_EXTEND) {
        if ((rc = xy_claim_check_text("理由", "the reason", reason, 1, err)))
            return rc;
    } else if ((rc = xy_claim_check_text("备注", "the note", reason, 0, err))) {
        return rc;
    }
    if ((rc = xy_claim_rec_load(app, x->record_id, &r, err)))
        return rc;
    if (a == XY_OBJ_DECIDE) {
        if (xy_obj_decision_parse(xy_claim_arg(args, "decision"), &d) != 0 || d == XY_OBJ_NONE) {
            rc = xy_error_set(err, XY_EINVAL, "核实决定须为 correct（更正）、delete（删除）或 uphold（维持） (decision "
                              "must be correct, delete or uphold)");
            goto out;
        }
        if (d == XY_OBJ_CORRECT) {
            /* Checked now, so that the department hears of a bad correction, not the office at closing. */
            if ((rc = corrected(app, &r, json_object_get(args, "fields"), &v, err)))
                goto out;
            xy_valrec_release(&v);
            fix = json_object_get(args, "fields");
        } else if (json_object_get(args, "fields")) {
            rc = xy_error_set(err, XY_EINVAL, "只有核实决定为 correct（更正）时才可提供 fields (fields are given only "
                              "with the decision correct)");
            goto out;
        }
    }
    if (a == XY_OBJ_CLOSE && strcmp(x->decision, "correct") == 0) {
        json_error_t jerr;
        xy_alloc_failed();
        json_t *f = x->fields ? json_loads(x->fields, 0, &jerr) : NULL;
        rc = !f && xy_alloc_failed() ? xy_error_set(err, XY_ENOMEM, "out of memory") : corrected(app, &r, f, &v, err);
        json_decref(f);
        if (rc)
            goto out;
        have_v = 1;
    }
    /* The limit of the next step; an extension adds to the running one. */
    if (a == XY_OBJ_EXTEND) {
        struct xy_date cur;
        if (xy_date_parse(x->due, strlen(x->due), &cur) != 0)
            cur = today;
        rc = xy_claim_due_after(app, cur, limit, due, err);
    } else if (xy_obj_open(next)) {
        rc = xy_claim_due_after(app, today, limit, due, err);
    }
    if (rc)
        goto out;

    if ((rc = st->ops->begin(st, err)))
        goto out;
    struct xy_claim_row c = {.id = x->id, .state = xy_obj_state_name(next),
                             .extended = x->extended || a == XY_OBJ_EXTEND, .due = due[0] ? due : NULL,
                             .decision = x->decision[0] ? x->decision : NULL,
                             .reason = x->reason, .fields = x->fields, .result_record = x->result_record,
                             .updated_at = now};
    char *fix_text = NULL;
    if (a == XY_OBJ_REJECT || a == XY_OBJ_DECIDE)
        c.reason = reason;
    if (a == XY_OBJ_DECIDE) {
        c.decision = xy_obj_decision_name(d);
        if (fix && !(fix_text = json_dumps(fix, JSON_COMPACT | JSON_SORT_KEYS)))
            rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        c.fields = fix_text;
    }
    if (!rc && a == XY_OBJ_ACCEPT) {
        /* From now on every public view shows the record as under objection (异议中). */
        if (!(rc = st->ops->record_mark(st, x->record_id, x->id, err)))
            rc = xy_claim_change(st, now, "record.objection", x->record_id, x->subject_id, r.cls, change_detail(x),
                                 err);
    }
    if (!rc && a == XY_OBJ_CLOSE) {
        if (!(rc = st->ops->objection_unmark(st, x->id, err))) {
            if (strcmp(x->decision, "correct") == 0 && r.is_current) {
                int64_t nid = 0;
                if (!(rc = store_correction(app, &r, &v, now, &nid, err))) {
                    c.result_record = nid;
                    rc = xy_claim_change(st, now, "record.corrected", nid, x->subject_id, r.cls,
                                         json_pack("{s:I, s:I}", "objection", (json_int_t)x->id, "replaces",
                                                   (json_int_t)x->record_id),
                                         err);
                }
            } else if (strcmp(x->decision, "delete") == 0 && r.is_current) {
                if (!(rc = st->ops->record_set_status(st, x->record_id, "withdrawn", err)))
                    rc = xy_claim_change(st, now, "record.withdrawn", x->record_id, x->subject_id, r.cls,
                                         change_detail(x), err);
            } else {
                rc = xy_claim_change(st, now, "record.objection_closed", x->record_id, x->subject_id, r.cls,
                                     change_detail(x), err);
            }
        }
    }
    if (!rc)
        rc = st->ops->claim_update(st, &c, err);
    if (!rc)
    {
        char note[XY_CLAIM_TEXT_MAX + 32];
        if (a == XY_OBJ_DECIDE) /* the decision and its reason, as the department gave them */
            snprintf(note, sizeof note, "%s: %s", c.decision, reason);
        rc = xy_claim_step(st, x->id, now, action_name, c.state, by, a == XY_OBJ_DECIDE ? note : reason, due, err);
    }
    char object[48];
    snprintf(object, sizeof object, "objection/%lld", (long long)x->id);
    rc = xy_audit_commitj(app, by, "objection.act", object,
                         json_pack("{s:s, s:s}", "action", action_name, "state", c.state), rc, err);
    xy_free(fix_text);
out:
    if (have_v)
        xy_valrec_release(&v);
    xy_claim_rec_free(&r);
    return rc;
}
