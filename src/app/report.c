/* SPDX-License-Identifier: Apache-2.0 */
/* Credit reports: who may have which edition, the report's content from the subject's records, the
 * number, signature and register, and the monthly figures (report.h). The layout is report/. */
#include "app/report.h"
#include "app/app_int.h"
#include "app/consent.h"
#include "app/eval.h"
#include "app/report_int.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit.h"
#include "common/xy_alloc.h"
#include "common/xy_utf8.h"
#include "core/publicity.h"
#include "core/ric.h"
#include "core/uscc.h"
#include "report/report_pdf.h"

#define ISSUER "信用武汉（武汉市公共信用信息平台）"
#define STANDARD "公共信用信息报告标准（2021年版）；DB15/T 1104—2024 公共信用信息报告格式规范"

/* The report's sections 2-5 by class (DOMAIN.md section 6); every other class of the catalogue the
 * reader may see goes to section 7, 其他信息. */
static const struct {
    const char *cls;
    int section;
} section_of[] = {
    {"license", 2}, {"penalty", 2}, {"black_list", 3}, {"watch_list", 3}, {"red_list", 4}, {"commitment", 5},
};

static const char *const section_title[] = {"", "基础信息", "行政管理信息", "严重失信主体名单信息", "守信激励信息",
                                            "信用承诺及履约情况", "信用评价结果", "其他信息"};

static int class_section(const char *cls)
{
    for (size_t i = 0; i < sizeof section_of / sizeof *section_of; i++)
        if (strcmp(section_of[i].cls, cls) == 0)
            return section_of[i].section;
    return 7;
}

static const char *kind_zh(const char *kind)
{
    return strcmp(kind, "person") == 0 ? "个人" : "法人和非法人组织";
}

/* Section 6: the subject's evaluation, or NULL when no evaluation model is loaded (the section then
 * reads 暂无). Its shape: {"score","grade","grade_zh","model_version","as_of","items":[{"record_id",
 * "class","rule","rule_zh","points"}]}. */
static json_t *report_evaluation(struct xy_app *app, int64_t subject_id, enum xy_report_edition edition)
{
    json_t *ev = NULL;
    /* A grade is government information (app/eval.h): the public edition shows it only when the model
     * in force publishes organisations' grades; the authorised edition goes to the subject or to a
     * querier holding its grant, and its issuance is in the subject's access history already. */
    if (edition != XY_REPORT_AUTHORISED && !xy_eval_public_grades(app))
        return NULL;
    if (xy_eval_of(app, subject_id, &ev, NULL) != XY_OK)
        return NULL; /* no model grades it: the section reads 暂无 */
    return ev;
}

/* ---- who may have which edition --------------------------------------------------------------- */

struct grant_seen {
    int found;
    int64_t subject_id, querier_key, querier_id;
    int querier_disabled;
    int live;
    char classes[1024];
    char purpose[512];
    char today[11];
};

static int on_grant(void *ctx, const struct xy_consent_row *c)
{
    struct grant_seen *g = ctx;
    g->found = 1;
    g->subject_id = c->subject_id;
    g->querier_key = c->querier_key;
    g->querier_id = c->querier_id;
    g->querier_disabled = c->querier_disabled_at != NULL;
    g->live = !c->revoked_at && strcmp(c->until, g->today) >= 0;
    snprintf(g->classes, sizeof g->classes, "%s", c->classes);
    snprintf(g->purpose, sizeof g->purpose, "%s", c->purpose);
    return 1;
}

/* What the report may hold: the classes beyond the public ones, and who is printed as requester. */
struct access {
    int all;         /* every class (the subject itself, the office at its counter) */
    json_t *granted; /* the grant's classes (a querier) */
    int64_t grant_id;
    char purpose[XY_REPORT_PURPOSE_MAX + 1];
    char requester[640];
    const char *role_zh;
    const char *dept;
};

static int may_read(const struct xy_app *app, const struct access *a, const char *cls, int authorised)
{
    if (xy_publicity_class(xy_catalog_class(app->catalog, cls)))
        return 1;
    if (!authorised)
        return 0;
    if (a->all)
        return 1;
    size_t i;
    json_t *v;
    json_array_foreach(a->granted, i, v)
        if (json_string_value(v) && strcmp(json_string_value(v), cls) == 0)
            return 1;
    return 0;
}

static int text_ok(const char *s, size_t max)
{
    size_t n = s ? strlen(s) : 0;
    return n > 0 && n <= max && xy_utf8_valid(s, n);
}

static int authorise(struct xy_app *app, const struct xy_principal *by, const struct xy_report_request *req,
                     int64_t sid, const char *subject_name, struct access *a, struct xy_error *err)
{
    memset(a, 0, sizeof *a);
    if (req->purpose && *req->purpose && !text_ok(req->purpose, XY_REPORT_PURPOSE_MAX))
        return xy_error_set(err, XY_EINVAL, "查询用途须为 1 至 %d 字节的 UTF-8 文本 (the purpose must be 1 to %d bytes "
                            "of UTF-8)", XY_REPORT_PURPOSE_MAX, XY_REPORT_PURPOSE_MAX);
    if (req->purpose)
        snprintf(a->purpose, sizeof a->purpose, "%s", req->purpose);
    if (req->edition == XY_REPORT_PUBLIC)
        return XY_OK;
    switch (by->role) {
    case XY_ROLE_SUBJECT:
        if (by->subject_id != sid)
            return xy_error_set(err, XY_EDENIED, "授权版信用报告只向信用主体本人或经其授权的查询人提供 (an authorised "
                                "report goes only to its subject or to a querier the subject has authorised)");
        a->all = 1;
        snprintf(a->requester, sizeof a->requester, "%.600s", subject_name);
        a->role_zh = "信用主体本人";
        break;
    case XY_ROLE_QUERIER:
    case XY_ROLE_DEPARTMENT:
    case XY_ROLE_APPROVAL: {
        struct grant_seen g = {0};
        xy_date_format(xy_clock_today(&app->clock), g.today);
        int rc = req->grant_id > 0 ? app->store->ops->consent_get(app->store, req->grant_id, on_grant, &g, err)
                                   : XY_ENOTFOUND;
        if (rc && rc != XY_ENOTFOUND)
            return rc;
        /* One answer for every way a grant can fail, as for the authorised read. */
        if (rc || !g.found || !xy_grant_held_by(by, g.querier_key, g.querier_id, g.querier_disabled) ||
            g.subject_id != sid || !g.live)
            return xy_error_set(err, XY_EDENIED, "授权版信用报告须凭信用主体对本查询人有效的授权出具（grant 不存在、属于其他"
                                "查询人或主体、已撤销或已到期） (an authorised report needs the subject's live grant to "
                                "this querier: the grant is unknown, another's, revoked or ended)");
        json_error_t jerr;
        a->granted = json_loads(g.classes, 0, &jerr);
        if (!a->granted)
            return xy_error_set(err, XY_ECORRUPT, "grant %lld: its classes do not parse", (long long)req->grant_id);
        a->grant_id = req->grant_id;
        if (!a->purpose[0])
            snprintf(a->purpose, sizeof a->purpose, "%.*s", XY_REPORT_PURPOSE_MAX,
                     g.purpose); /* the grant's own purpose */
        snprintf(a->requester, sizeof a->requester, "%s", by->name[0] ? by->name : xy_role_name(by->role));
        a->role_zh = by->role == XY_ROLE_QUERIER ? "经授权的查询机构" : by->role == XY_ROLE_DEPARTMENT ? "经授权的政府部门"
                                                                                                    : "经授权的审批系统";
        a->dept = by->dept_uscc[0] ? by->dept_uscc : NULL;
        break;
    }
    case XY_ROLE_OFFICE:
    case XY_ROLE_OPERATOR:
        if (!text_ok(req->applicant, 120))
            return xy_error_set(err, XY_EINVAL, "窗口出具授权版报告须填写申请人姓名（经核验身份的信用主体本人或其代理人） "
                                "(an authorised report at the counter needs the applicant's name: the subject or its "
                                "agent, identity checked)");
        a->all = 1;
        snprintf(a->requester, sizeof a->requester, "%s", req->applicant);
        a->role_zh = "窗口申请人";
        break;
    default:
        return xy_error_set(err, XY_EDENIED, "授权版信用报告只向信用主体本人或经其授权的查询人提供 (an authorised "
                            "report goes only to its subject or to a querier the subject has authorised)");
    }
    if (!a->purpose[0])
        return xy_error_set(err, XY_EINVAL, "授权版信用报告须说明查询用途 (an authorised report needs its purpose)");
    return XY_OK;
}

/* ---- content ---------------------------------------------------------------------------------- */

struct subject_info {
    int64_t id;
    char kind[24];
    char name[512];
    char uscc[24];
    char opaque[24];
    char id_masked[64];
    char regno[64];
};

static int on_subject(void *ctx, const struct xy_subject_row *s)
{
    struct subject_info *i = ctx;
    i->id = s->id;
    snprintf(i->kind, sizeof i->kind, "%s", s->kind);
    snprintf(i->name, sizeof i->name, "%s", s->name);
    snprintf(i->uscc, sizeof i->uscc, "%s", s->uscc ? s->uscc : "");
    snprintf(i->opaque, sizeof i->opaque, "%s", s->opaque);
    snprintf(i->id_masked, sizeof i->id_masked, "%s", s->id_masked ? s->id_masked : "");
    snprintf(i->regno, sizeof i->regno, "%s", s->regno ? s->regno : "");
    return 1;
}

static int on_former(void *ctx, const struct xy_subject_row *s)
{
    json_t *names = ctx;
    json_array_append_new(names, json_string(s->name));
    return 0;
}

static void pair(json_t *arr, const char *label, const char *value)
{
    if (value && *value)
        json_array_append_new(arr, json_pack("[s,s]", label, value));
}

static json_t *basic_info(struct xy_app *app, const struct subject_info *s)
{
    json_t *b = json_array(), *former = json_array();
    if (!b || !former) {
        json_decref(b);
        json_decref(former);
        return NULL;
    }
    int person = strcmp(s->kind, "person") == 0;
    pair(b, person ? "姓名" : "主体名称", s->name);
    if (person) {
        pair(b, "身份证件号码", s->id_masked);
    } else {
        pair(b, "统一社会信用代码", s->uscc);
        pair(b, "工商注册号", s->regno);
        struct xy_uscc_parts p;
        if (s->uscc[0] && xy_uscc_decompose(s->uscc, &p) == 0) {
            char v[160];
            snprintf(v, sizeof v, "%c %s", p.authority, p.authority_name);
            pair(b, "登记管理部门", v);
            snprintf(v, sizeof v, "%c %s", p.category, p.category_name);
            pair(b, "机构类别", v);
            pair(b, "登记管理机关行政区划码", p.region);
            pair(b, "组织机构代码", p.orgcode);
        }
    }
    pair(b, "主体类型", strcmp(s->kind, "individual_business") == 0 ? "个体工商户" : kind_zh(s->kind));
    pair(b, "平台主体编号", s->opaque);
    if (app->store->ops->subject_names(app->store, s->id, on_former, former, NULL) == XY_OK) {
        struct xy_buf t;
        size_t i;
        json_t *n;
        xy_buf_init(&t, 8192);
        json_array_foreach(former, i, n)
            if (strcmp(json_string_value(n), s->name) != 0)
                xy_buf_printf(&t, "%s%s", t.len ? "；" : "", json_string_value(n));
        pair(b, "曾用名", t.len ? xy_buf_str(&t) : NULL);
        xy_buf_release(&t);
    }
    json_decref(former);
    return b;
}

/* A field's value as a reader reads it: codes as their text, amounts in 万元. */
static void field_text(const struct xy_field *f, const json_t *v, struct xy_buf *b)
{
    const char *s = json_string_value(v);
    if (!s) {
        if (json_is_number(v))
            xy_buf_printf(b, "%g", json_number_value(v));
        return;
    }
    if (f->list) {
        const char *p = s;
        int first = 1;
        while (*p) {
            const char *e = strchr(p, ';');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            const struct xy_code *c = xy_code_lookup(f->list, p, n);
            xy_buf_printf(b, "%s%.*s", first ? "" : "、", (int)(c ? strlen(c->text) : n), c ? c->text : p);
            first = 0;
            p += n + (e ? 1 : 0);
        }
        return;
    }
    xy_buf_addz(b, s);
    if (f->type == XY_FT_MONEY_WAN && !strstr(f->name_zh, "万元"))
        xy_buf_addz(b, " 万元");
}

static int role_hidden_in_content(enum xy_field_role r)
{
    switch (r) {
    case XY_ROLE_PARTY_NAME:
    case XY_ROLE_PARTY_CATEGORY:
    case XY_ROLE_PARTY_USCC:
    case XY_ROLE_PARTY_REGNO:
    case XY_ROLE_PARTY_ORGCODE:
    case XY_ROLE_PARTY_ID_TYPE:
    case XY_ROLE_PARTY_ID_NO:
    case XY_ROLE_LEGAL_REP_ID_TYPE:
    case XY_ROLE_LEGAL_REP_ID_NO:
    case XY_ROLE_DOC_NO:
    case XY_ROLE_DECISION_DATE:
    case XY_ROLE_VALID_FROM:
    case XY_ROLE_VALID_TO:
    case XY_ROLE_PUBLICITY_END:
        return 1;
    default:
        return 0;
    }
}

static const char *field_value(const struct xy_class *k, const json_t *rec, enum xy_field_role role)
{
    int i = k->role_field[role];
    return i >= 0 ? json_string_value(json_object_get(rec, k->fields[i].key)) : NULL;
}

/* One row of a class table: 序号, 决定文书号, 主要内容, 提供单位, 日期. The record itself is what
 * xy_record_json gives the view (public: hidden fields gone, ID numbers masked). */
static json_t *record_item(const struct xy_class *k, const json_t *rec, size_t no)
{
    const json_t *meta = json_object_get(rec, "_record");
    struct xy_buf content, dates;
    char seq[24];
    const char *doc = field_value(k, rec, XY_ROLE_DOC_NO);
    const char *decided = field_value(k, rec, XY_ROLE_DECISION_DATE);
    const char *valid = field_value(k, rec, XY_ROLE_VALID_TO);
    const char *until = json_string_value(json_object_get(meta, "public_until"));
    int objected = json_is_true(json_object_get(meta, "under_objection"));
    xy_buf_init(&content, 1u << 20);
    xy_buf_init(&dates, 4096);
    for (size_t i = 0; i < k->nfields; i++) {
        const struct xy_field *f = &k->fields[i];
        const json_t *v = json_object_get(rec, f->key);
        if (!v || role_hidden_in_content(f->role) || f->type == XY_FT_USCC || f->type == XY_FT_ORGCODE ||
            strncmp(f->key, "party_", 6) == 0 || (json_is_string(v) && !*json_string_value(v)))
            continue;
        xy_buf_printf(&content, "%s%s：", content.len ? "\n" : "", f->name_zh);
        field_text(f, v, &content);
    }
    if (decided)
        xy_buf_printf(&dates, "决定：%s", decided);
    if (valid)
        xy_buf_printf(&dates, "%s有效期至：%s", dates.len ? "\n" : "", valid);
    if (until)
        xy_buf_printf(&dates, "%s公示截止：%s", dates.len ? "\n" : "", until);
    snprintf(seq, sizeof seq, "%zu", no);
    char docs[600];
    snprintf(docs, sizeof docs, "%s%s", doc ? doc : "", objected ? "\n（异议中）" : "");
    json_t *item = json_pack("{s:I, s:s?, s:b, s:[s,s,s,s,s]}", "id", json_integer_value(json_object_get(meta, "id")),
                             "doc_no", doc, "under_objection", objected, "cells", seq, docs, xy_buf_str(&content),
                             json_string_value(json_object_get(meta, "dept_name")) ? json_string_value(json_object_get(meta, "dept_name")) : "",
                             xy_buf_str(&dates));
    xy_buf_release(&content);
    xy_buf_release(&dates);
    return item;
}

struct gather {
    struct xy_app *app;
    const struct access *access;
    int authorised;
    struct xy_date today;
    json_t *by_class; /* class -> [record JSON] */
    int oom;
};

static int on_record(void *ctx, const struct xy_record_row *r)
{
    struct gather *g = ctx;
    const struct xy_class *k = xy_catalog_class(g->app->catalog, r->cls);
    if (!k || !may_read(g->app, g->access, r->cls, g->authorised))
        return 0;
    /* The one publicity rule: public edition, what the public sees; authorised, the records in effect
     * of the classes the requester may read (expired, repaired and withdrawn ones never). */
    if (g->authorised ? !xy_publicity_in_effect(r->is_current, r->status, r->public_until, g->today)
                      : !xy_record_is_public(g->app, r, g->today))
        return 0;
    json_t *rec = xy_record_json(g->app, r, g->authorised ? XY_VIEW_INTERNAL : XY_VIEW_PUBLIC, g->today);
    if (!rec) {
        g->oom = 1;
        return 1;
    }
    json_t *list = json_object_get(g->by_class, r->cls);
    if (!list) {
        list = json_array();
        json_object_set_new(g->by_class, r->cls, list);
    }
    json_array_append_new(list, rec);
    return 0;
}

static json_t *columns(void)
{
    return json_pack("[{s:s,s:f},{s:s,s:f},{s:s,s:f},{s:s,s:f},{s:s,s:f}]", "title", "序号", "width", 0.06, "title",
                     "决定文书号", "width", 0.17, "title", "主要内容", "width", 0.40, "title", "提供单位", "width", 0.14,
                     "title", "日期", "width", 0.23);
}

static json_t *notes(int authorised)
{
    return json_pack(
        "[s,s,s,s,s,s,s]",
        "本报告依据《公共信用信息报告标准（2021年版）》编制，版式参照 DB15/T 1104—2024《公共信用信息报告格式规范》，由"
        ISSUER "根据截至数据截止日期依法归集的公共信用信息出具。",
        authorised ? "本报告为授权版，包含信用主体本人或经其授权的查询人可以查阅的公共信用信息，仅限用于封面所载查询用途，"
                     "未经信用主体同意不得向第三方提供。"
                   : "本报告为公开版，仅包含依法公示的公共信用信息。个人身份证件号码等个人信息已隐去部分内容。",
        "已过公示期限、已完成信用修复或已撤销的信息不在本报告中展示；处于异议处理中的信息标注“异议中”。",
        "本报告各部分无相关信息的，显示“暂无”。",
        "本报告编号唯一，报告内容由平台以 SM2 数字签名（SM3 杂凑）签署。可扫描每页二维码或访问核验页面，上传本报告 PDF "
        "文件核验真伪；也可使用平台公布的公钥离线核验（xinyong report verify）。",
        "用于行政审批、评优评先等事项时，本报告自出具之日起 30 日内有效；信息以平台最新数据为准。",
        "免责声明：本报告所载信息由各信息提供单位依法归集并对其真实性、准确性负责；信用主体对信息有异议的，可向平台提出异议"
        "申请。本报告不构成对信用主体的担保或保证，使用者应自行判断并承担相应责任。");
}

static json_t *class_block(const struct xy_class *k, json_t *recs)
{
    json_t *items = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(recs, i, r)
        json_array_append_new(items, record_item(k, r, i + 1));
    return json_pack("{s:s, s:s, s:o, s:o}", "class", k->name, "name_zh", k->name_zh ? k->name_zh : k->name,
                     "columns", columns(), "items", items);
}

/* The content of a report, without number, URL and issue time (set when it is issued). */
static int build(struct xy_app *app, const struct subject_info *s, enum xy_report_edition edition,
                 const struct access *a, json_t **out, struct xy_error *err)
{
    int authorised = edition == XY_REPORT_AUTHORISED;
    struct gather g = {.app = app, .access = a, .authorised = authorised, .today = xy_clock_today(&app->clock),
                       .by_class = json_object()};
    char day[11];
    int rc;
    *out = NULL;
    if (!g.by_class)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    if ((rc = app->store->ops->subject_records(app->store, s->id, on_record, &g, err))) {
        json_decref(g.by_class);
        return rc;
    }
    if (g.oom) {
        json_decref(g.by_class);
        return xy_error_set(err, XY_ECORRUPT, "无法读取该主体的记录以生成报告 (a record of the subject could not be read for its report)");
    }
    json_t *sections = json_array(), *summary = json_array();
    json_t *evaluation = report_evaluation(app, s->id, edition);
    for (int no = 2; no <= 7; no++) {
        if (no == 6) {
            json_array_append_new(summary, json_pack("{s:i, s:s, s:s, s:i}", "section", 6, "class", "evaluation",
                                                     "name_zh", "信用评价结果", "count", evaluation ? 1 : 0));
            continue;
        }
        json_t *classes = json_array();
        for (size_t i = 0; i < app->catalog->nclasses; i++) {
            const struct xy_class *k = &app->catalog->classes[i];
            if (class_section(k->name) != no || !may_read(app, a, k->name, authorised))
                continue;
            json_t *recs = json_object_get(g.by_class, k->name);
            json_t *empty = recs ? NULL : json_array();
            json_array_append_new(classes, class_block(k, recs ? recs : empty));
            json_decref(empty);
            json_array_append_new(summary, json_pack("{s:i, s:s, s:s, s:I}", "section", no, "class", k->name,
                                                     "name_zh", k->name_zh ? k->name_zh : k->name, "count",
                                                     (json_int_t)json_array_size(recs)));
        }
        json_array_append_new(sections, json_pack("{s:i, s:s, s:o}", "no", no, "title", section_title[no], "classes",
                                                  classes));
    }
    json_decref(g.by_class);
    xy_date_format(xy_clock_today(&app->clock), day);
    int person = strcmp(s->kind, "person") == 0;
    json_t *subject = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "id", s->opaque, "kind", s->kind, "kind_zh",
                                kind_zh(s->kind), "name", s->name, "code_label",
                                person ? "身份证件号码" : s->uscc[0] ? "统一社会信用代码" : "工商注册号", "code",
                                person ? s->id_masked : s->uscc[0] ? s->uscc : s->regno);
    json_t *doc = json_pack("{s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "format_version",
                            1, "title", "公共信用信息报告", "kind", person ? "person" : "org", "kind_zh", kind_zh(s->kind),
                            "edition", authorised ? "authorised" : "public", "edition_zh",
                            authorised ? "授权版" : "公开版", "data_as_of", day, "issuer", ISSUER, "standard", STANDARD,
                            "subject", subject, "notes", notes(authorised), "basic", basic_info(app, s), "summary",
                            summary, "sections", sections, "evaluation", evaluation ? evaluation : json_null());
    if (!doc)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    if (authorised) {
        json_object_set_new(doc, "purpose", json_string(a->purpose));
        json_object_set_new(doc, "requester", json_pack("{s:s, s:s, s:s?}", "name", a->requester, "role_zh",
                                                        a->role_zh ? a->role_zh : "", "dept", a->dept));
    } else {
        json_object_set_new(doc, "purpose", a->purpose[0] ? json_string(a->purpose) : json_null());
        json_object_set_new(doc, "requester", json_null());
    }
    *out = doc;
    return XY_OK;
}

static int find_subject(struct xy_app *app, const char *code, int allow_id_number, struct subject_info *s,
                        struct xy_error *err)
{
    char opaque[24];
    int64_t sid;
    int rc = xy_subject_find(app, code, allow_id_number, &sid, opaque, err);
    if (rc)
        return rc;
    memset(s, 0, sizeof *s);
    rc = app->store->ops->subject_get(app->store, NULL, NULL, opaque, on_subject, s, err);
    return rc == XY_ENOTFOUND ? xy_error_set(err, rc, "没有此主体 (no such subject)") : rc;
}

/* ---- issuing ---------------------------------------------------------------------------------- */

static int report_key(struct xy_app *app, struct xy_error *err)
{
    char path[4200];
    if (app->report_key)
        return XY_OK;
    xy_report_key_path(app->db_path, path, sizeof path);
    return xy_report_key_load(path, &app->report_key, err);
}

void xy_report_key_free(struct xy_app *app)
{
    EVP_PKEY_free(app->report_key);
    app->report_key = NULL;
}

static const char *portal_url(void)
{
    const char *u = getenv("XINYONG_PORTAL_URL");
    return u && *u ? u : "http://127.0.0.1:8080";
}

static int dump_cb(const char *buffer, size_t size, void *data)
{
    return xy_buf_add(data, buffer, size) == XY_OK ? 0 : -1;
}

int xy_report_issue(struct xy_app *app, pthread_mutex_t *lock, const struct xy_principal *by,
                    const struct xy_report_request *req, struct xy_buf *out, char number[XY_REPORT_NUMBER_SIZE],
                    int *pages, struct xy_error *err)
{
    struct xy_store *st = app->store;
    struct subject_info s;
    struct access a = {0};
    json_t *doc = NULL, *package = NULL;
    char *canonical = NULL, *pkg_text = NULL, *b64 = NULL, *keywords = NULL;
    uint8_t *sig = NULL;
    size_t siglen = 0;
    int npages = 0, rc, in_tx = 0, locked = 0, seq = 0;
    char now[32], day[11], object[48];
    number[0] = '\0';
    if (pages)
        *pages = 0;
    /* Three steps, so that the writer is held only while the database is read or written, never
     * while the report is signed and drawn (tens of milliseconds a report): the content and its
     * number in one transaction (what the report says is the data of one moment, and its number is
     * reserved when that commits), the signature and the PDF outside any, the register's row with
     * its audit entry in another. A report that fails in between leaves a number never registered:
     * the register answers for it that no such report was issued. */
    if (lock)
        pthread_mutex_lock(lock);
    locked = 1;
    if ((rc = find_subject(app, req->subject, req->allow_id_number, &s, err)))
        goto out;
    if (req->edition == XY_REPORT_PUBLIC && strcmp(s.kind, "person") == 0) {
        rc = xy_error_set(err, XY_EDENIED, "个人公共信用信息报告不向公众提供：请信用主体本人或经其授权的查询人申请授权版 "
                          "(a person's report is not given to the public: the person, or a querier it authorises, "
                          "asks for the authorised edition)");
        goto out;
    }
    if ((rc = authorise(app, by, req, s.id, s.name, &a, err)))
        goto out;
    if ((rc = report_key(app, err)))
        goto out;
    if ((rc = st->ops->begin(st, err)))
        goto out;
    in_tx = 1;
    if ((rc = build(app, &s, req->edition, &a, &doc, err)))
        goto out;
    struct xy_date today = xy_clock_today(&app->clock);
    xy_date_format(today, day);
    xy_clock_stamp(&app->clock, now);
    if ((rc = st->ops->report_next_seq(st, day, &seq, err)))
        goto out;
    if (seq < 1 || seq > 999999) {
        rc = xy_error_set(err, XY_ETOOBIG, "今日报告编号已用尽 (the day's report numbers are used up)");
        goto out;
    }
    in_tx = 0;
    if ((rc = st->ops->commit(st, err)))
        goto out;
    if (lock)
        pthread_mutex_unlock(lock);
    locked = 0;
    snprintf(number, XY_REPORT_NUMBER_SIZE, "4201%04u%02u%02u%06u", (unsigned)today.y % 10000u, (unsigned)today.m % 100u,
             (unsigned)today.d % 100u, (unsigned)seq % 1000000u);
    char url[1200];
    snprintf(url, sizeof url, "%s/verify.html?number=%s", portal_url(), number);
    json_object_set_new(doc, "number", json_string(number));
    json_object_set_new(doc, "issued_at", json_string(now));
    json_object_set_new(doc, "verify_url", json_string(url));
    if (!(canonical = json_dumps(doc, JSON_SORT_KEYS | JSON_COMPACT))) {
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
        goto out;
    }
    size_t clen = strlen(canonical);
    if ((rc = xy_report_sign(app->report_key, canonical, clen, &sig, &siglen, err)))
        goto out;
    size_t b64len = sodium_base64_encoded_len(siglen, sodium_base64_VARIANT_ORIGINAL);
    char sig64[256];
    if (b64len > sizeof sig64) {
        rc = xy_error_set(err, XY_ECRYPTO, "unexpected signature size");
        goto out;
    }
    sodium_bin2base64(sig64, sizeof sig64, sig, siglen, sodium_base64_VARIANT_ORIGINAL);
    uint8_t json_sm3[32], pdf_sha[32];
    xy_report_sm3(canonical, clen, json_sm3);
    if (req->format == XY_REPORT_JSON) {
        package = json_pack("{s:O, s:{s:s, s:s, s:s}}", "report", doc, "signature", "alg", "SM2-SM3", "sm2_id",
                            XY_REPORT_SM2_ID, "value", sig64);
        if (!package || json_dump_callback(package, dump_cb, out, JSON_COMPACT) != 0) {
            rc = xy_error_set(err, XY_ENOMEM, "无法写出报告 (the report could not be written)");
            goto out;
        }
    } else {
        package = json_pack("{s:i, s:s, s:s, s:s, s:s, s:s}", "v", 1, "number", number, "alg", "SM2-SM3", "sm2_id",
                            XY_REPORT_SM2_ID, "canonical", canonical, "signature", sig64);
        pkg_text = package ? json_dumps(package, JSON_COMPACT) : NULL;
        size_t plen = pkg_text ? strlen(pkg_text) : 0;
        size_t blen = sodium_base64_encoded_len(plen, sodium_base64_VARIANT_ORIGINAL);
        b64 = pkg_text ? xy_malloc(blen) : NULL;
        keywords = b64 ? xy_malloc(blen + sizeof XY_REPORT_EMBED_PREFIX) : NULL;
        if (!keywords) {
            rc = xy_error_set(err, XY_ENOMEM, "out of memory");
            goto out;
        }
        sodium_bin2base64(b64, blen, (const unsigned char *)pkg_text, plen, sodium_base64_VARIANT_ORIGINAL);
        snprintf(keywords, blen + sizeof XY_REPORT_EMBED_PREFIX, "%s%s", XY_REPORT_EMBED_PREFIX, b64);
        struct xy_report_pdf_opts o = {.keywords = keywords, .created_at = now};
        size_t start = out->len;
        if ((rc = xy_report_pdf(doc, &o, out, &npages, err)))
            goto out;
        xy_report_sha256(out->data + start, out->len - start, pdf_sha);
    }
    if (lock)
        pthread_mutex_lock(lock);
    locked = 1;
    if ((rc = st->ops->begin(st, err)))
        goto out;
    in_tx = 1;
    const char *role = xy_role_name(by->role);
    struct xy_report_row row = {
        .number = number, .day = day, .seq = seq, .subject_id = s.id, .kind = strcmp(s.kind, "person") == 0 ? "person" : "org",
        .edition = req->edition == XY_REPORT_AUTHORISED ? "authorised" : "public",
        .format = req->format == XY_REPORT_JSON ? "json" : "pdf", .purpose = a.purpose[0] ? a.purpose : NULL,
        .key_id = by->key_id, .role = role, .dept_uscc = by->dept_uscc[0] ? by->dept_uscc : NULL,
        .requester = a.requester[0] ? a.requester : NULL, .grant_id = a.grant_id, .issued_at = now, .pages = npages,
        .json_sm3 = json_sm3, .pdf_sha256 = req->format == XY_REPORT_PDF ? pdf_sha : NULL,
        .pdf_size = (int64_t)out->len, .signature = sig, .signature_len = siglen,
    };
    if ((rc = st->ops->report_add(st, &row, err)))
        goto out;
    snprintf(object, sizeof object, "report/%s", number);
    /* Who read what of whom, for the subject to see: every authorised edition and any person's report. */
    if (req->edition == XY_REPORT_AUTHORISED || strcmp(s.kind, "person") == 0) {
        char purpose[XY_REPORT_PURPOSE_MAX + 64];
        snprintf(purpose, sizeof purpose, "信用报告：%s", a.purpose[0] ? a.purpose : "公开版");
        if ((rc = st->ops->access_add(st, s.id, now, by->key_id, role, by->dept_uscc[0] ? by->dept_uscc : NULL, purpose,
                                      object, a.grant_id, err)))
            goto out;
    }
    in_tx = 0;
    rc = xy_audit_commitj(app, by, "report.issue", object,
                          json_pack("{s:s, s:s, s:s, s:s, s:i, s:s?, s:s?}", "subject", s.opaque, "kind", row.kind,
                                    "edition", row.edition, "format", row.format, "pages", npages, "purpose", row.purpose,
                                    "requester", row.requester),
                          XY_OK, err);
out:
    if (in_tx)
        st->ops->rollback(st);
    if (locked && lock)
        pthread_mutex_unlock(lock);
    if (rc) {
        number[0] = '\0';
        npages = 0;
    }
    if (pages)
        *pages = npages;
    json_decref(a.granted);
    json_decref(doc);
    json_decref(package);
    xy_free(canonical);
    xy_free(pkg_text);
    xy_free(b64);
    xy_free(keywords);
    xy_free(sig);
    return rc;
}

/* ---- the register ----------------------------------------------------------------------------- */

/* "武汉**科技有限公司": the first two characters and the last four kept (a person: the first only). */
static void mask_name(const char *name, int person, char *out, size_t size)
{
    size_t n = strlen(name), chars = 0, pos[512];
    for (size_t i = 0; i < n && chars < 512; i++)
        if (((unsigned char)name[i] & 0xC0) != 0x80)
            pos[chars++] = i;
    size_t keep_head = person ? 1 : 2, keep_tail = person ? 0 : 4;
    if (chars <= keep_head + keep_tail) {
        keep_head = chars > 1 ? 1 : chars;
        keep_tail = 0;
    }
    struct xy_buf b;
    xy_buf_init(&b, size - 1);
    xy_buf_add(&b, name, keep_head < chars ? pos[keep_head] : n);
    for (size_t i = keep_head; i < chars - keep_tail; i++)
        xy_buf_addc(&b, '*');
    if (keep_tail)
        xy_buf_addz(&b, name + pos[chars - keep_tail]);
    snprintf(out, size, "%s", xy_buf_str(&b));
    xy_buf_release(&b);
}

static int number_ok(const char *number)
{
    return number && strlen(number) == 18 && strncmp(number, "4201", 4) == 0 &&
           strspn(number, "0123456789") == 18;
}

struct lookup {
    json_t *doc;
    uint8_t pdf_sha[32];
    int has_pdf;
    uint8_t json_sm3[32];
};

static int on_report(void *ctx, const struct xy_report_row *r)
{
    struct lookup *l = ctx;
    char name[600], code[64] = "";
    int person = strcmp(r->kind, "person") == 0;
    mask_name(r->subject_name, person, name, sizeof name);
    if (person)
        snprintf(code, sizeof code, "%s", r->subject_id_masked ? r->subject_id_masked : "");
    else if (r->subject_uscc)
        xy_ric_mask(r->subject_uscc, strlen(r->subject_uscc), code, sizeof code);
    l->doc = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:{s:s, s:s}}", "number", r->number, "issued_at",
                       r->issued_at, "kind", r->kind, "kind_zh", person ? "个人" : "法人和非法人组织", "edition",
                       r->edition, "edition_zh", strcmp(r->edition, "authorised") == 0 ? "授权版" : "公开版", "format",
                       r->format, "pages", r->pages, "subject", "name", name, "code", code);
    l->has_pdf = r->pdf_sha256 != NULL;
    if (r->pdf_sha256)
        memcpy(l->pdf_sha, r->pdf_sha256, 32);
    memcpy(l->json_sm3, r->json_sm3, 32);
    return 1;
}

static int lookup(struct xy_app *app, const char *number, struct lookup *l, struct xy_error *err)
{
    memset(l, 0, sizeof *l);
    if (!number_ok(number))
        return xy_error_set(err, XY_EINVAL, "报告编号为 18 位数字，以 4201 开头 (a report number is 18 digits starting "
                            "with 4201)");
    int rc = app->store->ops->report_get(app->store, number, on_report, l, err);
    if (rc == XY_ENOTFOUND)
        return xy_error_set(err, rc, "没有编号为 %s 的信用报告：此编号从未出具 (no report numbered %s was ever "
                            "issued)", number, number);
    if (!rc && !l->doc)
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    return rc;
}

int xy_report_lookup(struct xy_app *app, const char *number, json_t **out, struct xy_error *err)
{
    struct lookup l;
    int rc = lookup(app, number, &l, err);
    *out = rc ? NULL : l.doc;
    return rc;
}

int xy_report_check_hash(struct xy_app *app, const char *number, const char *sha256_hex, json_t **out,
                         struct xy_error *err)
{
    struct lookup l;
    uint8_t given[32];
    size_t got = 0;
    *out = NULL;
    if (!sha256_hex || strlen(sha256_hex) != 64 ||
        sodium_hex2bin(given, sizeof given, sha256_hex, 64, NULL, &got, NULL) != 0 || got != 32)
        return xy_error_set(err, XY_EINVAL, "sha256 须为 64 位十六进制数字 (sha256 must be 64 hex digits)");
    int rc = lookup(app, number, &l, err);
    if (rc)
        return rc;
    int match = l.has_pdf && sodium_memcmp(given, l.pdf_sha, 32) == 0;
    json_object_set_new(l.doc, "match", json_boolean(match));
    json_object_set_new(l.doc, "reason",
                        json_string(match ? "文件与登记的报告一致 (the file is the report as issued)"
                                    : !l.has_pdf ? "此编号的报告以 JSON 出具，没有登记 PDF 文件 (this report was issued as "
                                                   "JSON: no PDF is on record)"
                                                 : "文件与登记的报告不一致：文件被改动，或是另一份报告 (the file is not the "
                                                   "report as issued: it was changed, or it is another report)"));
    *out = l.doc;
    return XY_OK;
}

int xy_report_public_key(struct xy_app *app, char **pem, size_t *len, struct xy_error *err)
{
    int rc = report_key(app, err);
    return rc ? rc : xy_report_key_public_pem(app->report_key, pem, len, err);
}

struct stats {
    json_t *doc;
};

static int on_stat(void *ctx, const char *metric, const char *key, int64_t value)
{
    struct stats *s = ctx;
    if (strcmp(metric, "total") == 0) {
        json_object_set_new(s->doc, "total", json_integer(value));
        return 0;
    }
    char name[32];
    snprintf(name, sizeof name, "by_%s", metric);
    json_t *o = json_object_get(s->doc, name);
    if (o)
        json_object_set_new(o, key ? key : "", json_integer(value));
    return 0;
}

int xy_report_stats(struct xy_app *app, const struct xy_principal *by, const char *month, json_t **out,
                    struct xy_error *err)
{
    char from[16], to[16];
    int y, m;
    *out = NULL;
    if (by->role != XY_ROLE_OFFICE && by->role != XY_ROLE_OPERATOR)
        return xy_error_set(err, XY_EDENIED, "报告统计只向信用办提供 (report figures are for the credit office)");
    if (!month || strlen(month) != 7 || sscanf(month, "%4d-%2d", &y, &m) != 2 || !xy_date_valid(y, m, 1))
        return xy_error_set(err, XY_EINVAL, "month 须为 YYYY-MM (month must be YYYY-MM)");
    snprintf(from, sizeof from, "%04d-%02d-01", y % 10000, m % 100);
    snprintf(to, sizeof to, "%04d-%02d-31", y % 10000, m % 100); /* days compare as text */
    struct stats s = {json_pack("{s:s, s:s, s:i, s:{}, s:{}, s:{}, s:{}, s:{}}", "month", month, "indicator", "信用产品数量",
                                "total", 0, "by_kind", "by_edition", "by_format", "by_purpose", "by_dept")};
    if (!s.doc)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    int rc = app->store->ops->report_stats(app->store, from, to, on_stat, &s, err);
    if (rc) {
        json_decref(s.doc);
        return rc;
    }
    *out = s.doc;
    return XY_OK;
}
