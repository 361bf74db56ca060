/* SPDX-License-Identifier: Apache-2.0 */
/* The route table: every route of API v1, who may call it, the query parameters it takes and
 * whether it reads a body. docs/api/openapi.yaml describes the same table; a test compares them. */
#include "server/server_int.h"

#define PUBLIC XY_ANYONE
#define DEPT R(XY_ROLE_DEPARTMENT)
#define OFFICE R(XY_ROLE_OFFICE)
#define AUDITOR R(XY_ROLE_AUDITOR)
#define APPROVAL R(XY_ROLE_APPROVAL)
#define SUBJECT R(XY_ROLE_SUBJECT)
#define QUERIER R(XY_ROLE_QUERIER)

const struct xy_route xy_routes[] = {
    {"GET", "/healthz", PUBLIC, "", 0, xy_h_health, "/healthz"},
    {"GET", "/metrics", PUBLIC, "", 0, xy_h_metrics, "/metrics"},
    {"GET", "/api/v1/catalog", PUBLIC, "", 0, xy_h_catalog, "/api/v1/catalog"},
    {"GET", "/api/v1/subjects", PUBLIC, "q cursor limit", 0, xy_h_search, "/api/v1/subjects"},
    {"GET", "/api/v1/subjects/{id}", PUBLIC, "", 0, xy_h_subject, "/api/v1/subjects/{id}"},
    {"GET", "/api/v1/subjects/{id}/records", PUBLIC, "class", 0, xy_h_subject_records,
     "/api/v1/subjects/{id}/records"},
    {"GET", "/api/v1/subjects/{id}/report", PUBLIC, "", 0, xy_h_subject_report, "/api/v1/subjects/{id}/report"},
    {"GET", "/api/v1/records/{id}", PUBLIC, "", 0, xy_h_record, "/api/v1/records/{id}"},
    {"GET", "/api/v1/lists/{type}", PUBLIC, "cursor limit dept region from to", 0, xy_h_list, "/api/v1/lists/{type}"},
    {"GET", "/api/v1/commitments", PUBLIC, "cursor limit dept region from to", 0, xy_h_commitments, "/api/v1/commitments"},
    {"GET", "/api/v1/stats", PUBLIC, "", 0, xy_h_stats, "/api/v1/stats"},
    {"GET", "/api/v1/me", DEPT | APPROVAL | SUBJECT | OFFICE | AUDITOR | QUERIER, "", 0, xy_h_me, "/api/v1/me"},
    {"GET", "/api/v1/idcheck", PUBLIC, "value kind", 0, xy_h_idcheck, "/api/v1/idcheck"},
    {"GET", "/api/v1/batches", DEPT | OFFICE, "cursor limit", 0, xy_h_batches_list, "/api/v1/batches"},
    {"POST", "/api/v1/batches", DEPT, "class format", 2, xy_h_batch_submit, "/api/v1/batches"},
    {"GET", "/api/v1/batches/{id}", DEPT | OFFICE, "", 0, xy_h_batch_get, "/api/v1/batches/{id}"},
    {"GET", "/api/v1/batches/{id}/rejects", DEPT | OFFICE, "", 0, xy_h_batch_rejects,
     "/api/v1/batches/{id}/rejects"},
    {"GET", "/api/v1/dept/records", DEPT, "class cursor limit", 0, xy_h_dept_records, "/api/v1/dept/records"},
    {"GET", "/api/v1/admin/keys", OFFICE, "", 0, xy_h_keys_list, "/api/v1/admin/keys"},
    {"POST", "/api/v1/admin/keys", OFFICE, "", 1, xy_h_key_create, "/api/v1/admin/keys"},
    {"DELETE", "/api/v1/admin/keys/{id}", OFFICE, "", 0, xy_h_key_revoke, "/api/v1/admin/keys/{id}"},
    {"GET", "/api/v1/queriers", PUBLIC, "q all", 0, xy_h_queriers_list, "/api/v1/queriers"},
    {"POST", "/api/v1/admin/queriers", OFFICE, "", 1, xy_h_querier_add, "/api/v1/admin/queriers"},
    {"POST", "/api/v1/admin/queriers/{code}/disable", OFFICE, "", 0, xy_h_querier_disable,
     "/api/v1/admin/queriers/{code}/disable"},
    {"GET", "/api/v1/admin/depts", OFFICE, "", 0, xy_h_depts_list, "/api/v1/admin/depts"},
    {"POST", "/api/v1/admin/depts", OFFICE, "", 1, xy_h_dept_add, "/api/v1/admin/depts"},
    {"PUT", "/api/v1/admin/catalog", OFFICE, "", 2, xy_h_catalog_put, "/api/v1/admin/catalog"},
    {"GET", "/api/v1/admin/records/{id}", OFFICE, "", 0, xy_h_admin_record, "/api/v1/admin/records/{id}"},
    {"POST", "/api/v1/checks", APPROVAL | OFFICE, "", 1, xy_h_check, "/api/v1/checks"},
    {"POST", "/api/v1/checks/batch", APPROVAL | OFFICE, "", 1, xy_h_check_batch, "/api/v1/checks/batch"},
    {"POST", "/api/v1/checks/{id}/feedback", APPROVAL | OFFICE, "", 1, xy_h_check_feedback,
     "/api/v1/checks/{id}/feedback"},
    {"PUT", "/api/v1/admin/jrp", OFFICE, "", 2, xy_h_jrp_put, "/api/v1/admin/jrp"},
    {"GET", "/api/v1/admin/jrp/stats", OFFICE, "month", 0, xy_h_jrp_stats, "/api/v1/admin/jrp/stats"},
    {"POST", "/api/v1/admin/cases", OFFICE, "", 1, xy_h_case_publish, "/api/v1/admin/cases"},
    {"GET", "/api/v1/matters", PUBLIC, "", 0, xy_h_matters, "/api/v1/matters"},
    {"GET", "/api/v1/measures", PUBLIC, "", 0, xy_h_measures, "/api/v1/measures"},
    {"GET", "/api/v1/cases", PUBLIC, "cursor limit", 0, xy_h_cases, "/api/v1/cases"},
    {"POST", "/api/v1/objections", SUBJECT | OFFICE, "", 2, xy_h_objection_file, "/api/v1/objections"},
    {"POST", "/api/v1/repairs", SUBJECT | OFFICE, "", 2, xy_h_repair_file, "/api/v1/repairs"},
    {"GET", "/api/v1/claims", SUBJECT | DEPT | OFFICE, "kind state overdue cursor limit", 0, xy_h_claims_list,
     "/api/v1/claims"},
    {"GET", "/api/v1/claims/{id}", SUBJECT | DEPT | OFFICE, "", 0, xy_h_claim_get, "/api/v1/claims/{id}"},
    {"POST", "/api/v1/claims/{id}/actions", DEPT | OFFICE, "", 1, xy_h_claim_act, "/api/v1/claims/{id}/actions"},
    {"GET", "/api/v1/claims/{id}/files/{seq}", SUBJECT | DEPT | OFFICE, "", 0, xy_h_claim_file,
     "/api/v1/claims/{id}/files/{seq}"},
    {"GET", "/api/v1/grants", SUBJECT | QUERIER, "", 0, xy_h_grants_list, "/api/v1/grants"},
    {"POST", "/api/v1/grants", SUBJECT, "", 1, xy_h_grant_create, "/api/v1/grants"},
    {"DELETE", "/api/v1/grants/{id}", SUBJECT, "", 0, xy_h_grant_revoke, "/api/v1/grants/{id}"},
    {"GET", "/api/v1/subjects/{id}/authorised", QUERIER, "grant", 0, xy_h_authorised,
     "/api/v1/subjects/{id}/authorised"},
    {"GET", "/api/v1/me/records", SUBJECT, "", 0, xy_h_my_records, "/api/v1/me/records"},
    {"GET", "/api/v1/me/access", SUBJECT, "cursor limit", 0, xy_h_my_access, "/api/v1/me/access"},
    {"GET", "/api/v1/changes", OFFICE, "cursor limit", 0, xy_h_changes, "/api/v1/changes"},
    {"GET", "/api/v1/calendar", PUBLIC, "year", 0, xy_h_calendar, "/api/v1/calendar"},
    {"PUT", "/api/v1/admin/calendar", OFFICE, "", 1, xy_h_calendar_put, "/api/v1/admin/calendar"},
    {"POST", "/api/v1/admin/maintain", OFFICE, "", 0, xy_h_maintain, "/api/v1/admin/maintain"},
    {"GET", "/api/v1/subjects/{id}/eval", PUBLIC, "as_of model", 0, xy_h_subject_eval, "/api/v1/subjects/{id}/eval"},
    {"GET", "/api/v1/eval", DEPT | OFFICE, "grade region cursor limit", 0, xy_h_eval_list, "/api/v1/eval"},
    {"GET", "/api/v1/eval/distribution", OFFICE, "", 0, xy_h_eval_distribution, "/api/v1/eval/distribution"},
    {"GET", "/api/v1/admin/eval/models", OFFICE, "", 0, xy_h_eval_models, "/api/v1/admin/eval/models"},
    {"POST", "/api/v1/admin/eval/models", OFFICE, "from", 1, xy_h_eval_model_load, "/api/v1/admin/eval/models"},
    {"POST", "/api/v1/admin/eval/preview", OFFICE, "samples", 1, xy_h_eval_preview, "/api/v1/admin/eval/preview"},
    {"POST", "/api/v1/reports", SUBJECT | QUERIER | DEPT | APPROVAL | OFFICE, "", 1, xy_h_report_issue,
     "/api/v1/reports"},
    {"GET", "/api/v1/reports/public-key", PUBLIC, "", 0, xy_h_report_public_key, "/api/v1/reports/public-key"},
    {"GET", "/api/v1/reports/stats", OFFICE, "month", 0, xy_h_report_stats, "/api/v1/reports/stats"},
    {"GET", "/api/v1/reports/{number}", PUBLIC, "", 0, xy_h_report_get, "/api/v1/reports/{number}"},
    {"POST", "/api/v1/reports/{number}/verify", PUBLIC, "", 1, xy_h_report_verify, "/api/v1/reports/{number}/verify"},
    {"GET", "/api/v1/audit", AUDITOR, "cursor limit", 0, xy_h_audit_list, "/api/v1/audit"},
    {"GET", "/api/v1/audit/verify", AUDITOR, "", 0, xy_h_audit_verify, "/api/v1/audit/verify"},
};

const size_t xy_nroutes = sizeof xy_routes / sizeof *xy_routes;
_Static_assert(sizeof xy_routes / sizeof *xy_routes <= XY_MAX_ROUTES, "more routes than XY_MAX_ROUTES");
