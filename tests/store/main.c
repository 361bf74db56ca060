/* SPDX-License-Identifier: Apache-2.0 */
/* Runs the store contract suite: every group of cases against the back end named on the command
 * line (ctest runs one process a back end), or against every back end compiled in. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contract.h"

static const struct {
    const char *name;
    const struct CMUnitTest *tests;
    const size_t *count;
} groups[] = {
    {"basics", ct_basics_tests, &ct_basics_count},
    {"subjects", ct_subjects_tests, &ct_subjects_count},
    {"records", ct_records_tests, &ct_records_count},
    {"public", ct_public_tests, &ct_public_count},
    {"keys_audit", ct_keys_audit_tests, &ct_keys_audit_count},
    {"jrp", ct_jrp_tests, &ct_jrp_count},
    {"rights", ct_rights_tests, &ct_rights_count},
    {"txn", ct_txn_tests, &ct_txn_count},
    {"reports", ct_reports_tests, &ct_reports_count},
    {"eval", ct_eval_tests, &ct_eval_count},
    {"monitor", ct_monitor_tests, &ct_monitor_count},
    {"backup", ct_backup_tests, &ct_backup_count},
    {"exchange", ct_exchange_tests, &ct_exchange_count},
    {"supervision", ct_supervision_tests, &ct_supervision_count},
    {"accounts", ct_accounts_tests, &ct_accounts_count},
    {"articles", ct_articles_tests, &ct_articles_count},
    {"conversion", ct_conversion_tests, &ct_conversion_count},
    {"dashboard", ct_dashboard_tests, &ct_dashboard_count},
    {"subscriptions", ct_subscriptions_tests, &ct_subscriptions_count},
    {"copy", ct_copy_tests, &ct_copy_count},
    {"answers", ct_answers_tests, &ct_answers_count},
};

static int run_backend(const struct ct_backend *be)
{
    int failed = 0;
    ct_backend_now = be;
    for (size_t g = 0; g < sizeof groups / sizeof *groups; g++) {
        char name[64];
        snprintf(name, sizeof name, "store/%s/%s", be->name, groups[g].name);
        printf("%s\n", name);
        fflush(stdout);
        failed += _cmocka_run_group_tests(name, groups[g].tests, *groups[g].count, NULL, NULL);
    }
    return failed;
}

int main(int argc, char **argv)
{
    int failed = 0, ran = 0;
    for (size_t i = 0; i < ct_nbackends; i++) {
        if (argc > 1 && strcmp(argv[1], ct_backends[i].name) != 0)
            continue;
        const char *needs = ct_backends[i].needs;
        if (argc == 1 && needs && !getenv(needs)) {
            printf("store contract: %s not run: %s is not set (run it by name, through its cluster script)\n",
                   ct_backends[i].name, needs);
            continue;
        }
        failed += run_backend(&ct_backends[i]);
        ran++;
    }
    if (!ran) {
        fprintf(stderr, "store contract: no back end named %s in this build\n", argc > 1 ? argv[1] : "(any)");
        return 2;
    }
    return failed ? 1 : 0;
}
