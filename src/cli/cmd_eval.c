/* SPDX-License-Identifier: Apache-2.0 */
/* xinyong eval: credit evaluation (公共信用综合评价). Loading and previewing models, grading everyone,
 * one subject's grade with its reasons, the distribution. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/eval.h"
#include "cli/cli.h"
#include "cli/i18n.h"
#include "cli/util.h"
#include "common/xy_alloc.h"

static void help(void)
{
    printf(_("usage: xinyong eval model load FILE --from YYYY-MM-DD\n"
           "       xinyong eval model list\n"
           "       xinyong eval preview FILE [--samples N]\n"
           "       xinyong eval run [--model VERSION]\n"
           "       xinyong eval show CODE [--json] [--as-of YYYY-MM-DDTHH:MM:SSZ] [--model VERSION]\n"
           "       xinyong eval list [--grade G] [--region 420106] [--limit N]\n"
           "       xinyong eval distribution\n\n"
           "Credit evaluation (公共信用综合评价): a model (catalog/eval-model.json is the first) gives\n"
           "points to the records that count (current, in force; never repaired, withdrawn or expired\n"
           "ones), fading with age, capped per dimension, and grades A-D (优/良/中/差).\n"
           "model load checks FILE whole against the catalogue (every fault is named; nothing is loaded\n"
           "on any) and applies it from the day given. preview shows how many subjects would move\n"
           "between which grades under FILE, with samples of each move. run grades every subject\n"
           "under the model in force today; grades are also kept current as records change.\n"
           "show prints one subject's grade and every reason (CODE: a USCC or a subject id); with\n"
           "--as-of, as it was then: only records stored by that time count (a stored grade's as_of\n"
           "replays it).\n"));
}

static void print_faults(const char *faults, const struct xy_error *err)
{
    if (faults) {
        fprintf(stderr, "xinyong eval: 评价模型未载入 (the model was not loaded):\n%s\n", faults);
    } else {
        xy_cli_error("eval", "%s", err->msg);
    }
}

static int model_load(const char *path, const char *from)
{
    char *data = NULL, *faults = NULL;
    size_t len = 0;
    struct xy_error err = {0};
    if (xy_cli_read_file(path, 1u << 20, &data, &len, &err)) {
        xy_cli_error("eval", "%s", err.msg);
        return XY_EXIT_USAGE;
    }
    struct xy_app *app = xy_cli_open("eval");
    if (!app) {
        xy_free(data);
        return XY_EXIT_USAGE;
    }
    struct xy_principal op;
    xy_principal_operator(&op);
    int rc = xy_eval_model_load(app, &op, data, len, from, &faults, &err);
    xy_app_close(app);
    xy_free(data);
    if (rc) {
        print_faults(faults, &err);
        xy_free(faults);
        return rc == XY_EINVAL || rc == XY_EEXIST ? XY_EXIT_INVALID : XY_EXIT_USAGE;
    }
    printf(_("eval: model from %s loaded, applies from %s\n"), path, from);
    return XY_EXIT_OK;
}

static int model_list(void)
{
    struct xy_app *app = xy_cli_open("eval");
    json_t *doc = NULL;
    struct xy_error err = {0};
    if (!app)
        return XY_EXIT_USAGE;
    int rc = xy_eval_models_json(app, &doc, &err);
    xy_app_close(app);
    if (rc) {
        xy_cli_error("eval", "%s", err.msg);
        return XY_EXIT_USAGE;
    }
    size_t i;
    json_t *m;
    json_array_foreach(doc, i, m)
        printf(_("%-12s from %s  %s%s\n"), json_string_value(json_object_get(m, "model_version")),
               json_string_value(json_object_get(m, "applies_from")),
               json_string_value(json_object_get(m, "name_zh")) ? json_string_value(json_object_get(m, "name_zh")) : "",
               json_is_true(json_object_get(m, "in_force")) ? _("  (in force)") : "");
    json_decref(doc);
    return XY_EXIT_OK;
}

static void on_progress(void *ctx, int64_t done, int64_t upto, int64_t last)
{
    (void)ctx;
    fputc('\r', stderr);
    fprintf(stderr, _("eval: %lld subjects graded, %3d%%"), (long long)done, last ? (int)(100 * upto / last) : 100);
    fflush(stderr);
}

static int run(const char *version)
{
    struct xy_app *app = xy_cli_open("eval");
    struct xy_error err = {0};
    struct xy_principal op;
    int64_t n = 0;
    if (!app)
        return XY_EXIT_USAGE;
    xy_principal_operator(&op);
    int tty = isatty(STDERR_FILENO);
    int rc = xy_eval_run(app, &op, version, tty ? on_progress : NULL, NULL, &n, &err);
    xy_app_close(app);
    if (tty)
        fputc('\n', stderr);
    if (rc) {
        xy_cli_error("eval", "%s", err.msg);
        return rc == XY_ENOTFOUND ? XY_EXIT_INVALID : XY_EXIT_USAGE;
    }
    printf(_("eval: %lld subjects graded\n"), (long long)n);
    return XY_EXIT_OK;
}

static int show(const char *code, int json, const char *as_of, const char *version)
{
    struct xy_app *app = xy_cli_open("eval");
    struct xy_error err = {0};
    struct xy_principal op;
    json_t *doc = NULL;
    if (!app)
        return XY_EXIT_USAGE;
    xy_principal_operator(&op);
    int rc = xy_eval_subject_as_of(app, &op, code, as_of, version, &doc, &err);
    xy_app_close(app);
    if (rc) {
        xy_cli_error("eval", "%s", err.msg);
        return rc == XY_ENOTFOUND || rc == XY_EINVAL ? XY_EXIT_INVALID : XY_EXIT_USAGE;
    }
    if (json) {
        char *s = json_dumps(doc, JSON_INDENT(1) | JSON_REAL_PRECISION(15));
        if (s)
            puts(s);
        xy_free(s);
        json_decref(doc);
        return XY_EXIT_OK;
    }
    json_t *s = json_object_get(doc, "subject"), *e = json_object_get(doc, "evaluation"), *v;
    size_t i;
    printf("%s  %s\n", json_string_value(json_object_get(s, "name")),
           json_string_value(json_object_get(s, "uscc")) ? json_string_value(json_object_get(s, "uscc")) : "");
    printf("等级 grade %s（%s）  得分 score %.2f  模型 model %s  截至 as of %s\n",
           json_string_value(json_object_get(e, "grade")), json_string_value(json_object_get(e, "grade_zh")),
           json_number_value(json_object_get(e, "score")), json_string_value(json_object_get(e, "model_version")),
           json_string_value(json_object_get(e, "as_of")));
    printf("基础分 base %.2f\n", json_number_value(json_object_get(e, "base")));
    json_array_foreach(json_object_get(e, "dimensions"), i, v)
        if (json_number_value(json_object_get(v, "raw")) != 0)
            printf("  %-10s %+8.2f%s\n", json_string_value(json_object_get(v, "name_zh")),
                   json_number_value(json_object_get(v, "points")),
                   json_is_true(json_object_get(v, "capped")) ? "  (封顶 capped)" : "");
    json_array_foreach(json_object_get(e, "items"), i, v)
        printf("    %+8.2f  %s (%s)  记录 record %lld\n", json_number_value(json_object_get(v, "points")),
               json_string_value(json_object_get(v, "rule_zh")), json_string_value(json_object_get(v, "rule")),
               (long long)json_integer_value(json_object_get(v, "record_id")));
    json_decref(doc);
    return XY_EXIT_OK;
}

static int preview(const char *path, int samples)
{
    char *data = NULL, *faults = NULL;
    size_t len = 0;
    struct xy_error err = {0};
    if (xy_cli_read_file(path, 1u << 20, &data, &len, &err)) {
        xy_cli_error("eval", "%s", err.msg);
        return XY_EXIT_USAGE;
    }
    struct xy_app *app = xy_cli_open("eval");
    if (!app) {
        xy_free(data);
        return XY_EXIT_USAGE;
    }
    struct xy_principal op;
    json_t *doc = NULL;
    xy_principal_operator(&op);
    int rc = xy_eval_preview(app, &op, data, len, samples, &faults, &doc, &err);
    xy_app_close(app);
    xy_free(data);
    if (rc) {
        print_faults(faults, &err);
        xy_free(faults);
        return rc == XY_EINVAL ? XY_EXIT_INVALID : XY_EXIT_USAGE;
    }
    if (samples > 0) {
        xy_cli_print_json(doc, 1);
    } else {
        size_t i;
        json_t *t;
        printf(_("%s -> %s: %lld subjects\n"), json_string_value(json_object_get(doc, "from")),
               json_string_value(json_object_get(doc, "to")),
               (long long)json_integer_value(json_object_get(doc, "subjects")));
        json_array_foreach(json_object_get(doc, "transitions"), i, t)
            printf("  %s -> %s  %lld\n", json_string_value(json_object_get(t, "from")),
                   json_string_value(json_object_get(t, "to")), (long long)json_integer_value(json_object_get(t, "n")));
    }
    json_decref(doc);
    return XY_EXIT_OK;
}

static int list(const char *grade, const char *region, int limit)
{
    struct xy_app *app = xy_cli_open("eval");
    struct xy_error err = {0};
    struct xy_principal op;
    json_t *items = NULL;
    int64_t last = 0;
    if (!app)
        return XY_EXIT_USAGE;
    xy_principal_operator(&op);
    int rc = xy_eval_list(app, &op, grade, region, 0, limit, &items, &last, &err);
    xy_app_close(app);
    if (rc) {
        xy_cli_error("eval", "%s", err.msg);
        return rc == XY_EINVAL ? XY_EXIT_INVALID : XY_EXIT_USAGE;
    }
    size_t i;
    json_t *v;
    json_array_foreach(items, i, v) {
        json_t *s = json_object_get(v, "subject");
        printf("%s  %6.2f  %-18s  %s\n", json_string_value(json_object_get(v, "grade")),
               json_number_value(json_object_get(v, "score")),
               json_string_value(json_object_get(s, "uscc")) ? json_string_value(json_object_get(s, "uscc")) : "-",
               json_string_value(json_object_get(s, "name")));
    }
    json_decref(items);
    return XY_EXIT_OK;
}

static int distribution(void)
{
    struct xy_app *app = xy_cli_open("eval");
    struct xy_error err = {0};
    struct xy_principal op;
    json_t *doc = NULL;
    if (!app)
        return XY_EXIT_USAGE;
    xy_principal_operator(&op);
    int rc = xy_eval_distribution(app, &op, &doc, &err);
    xy_app_close(app);
    if (rc) {
        xy_cli_error("eval", "%s", err.msg);
        return XY_EXIT_USAGE;
    }
    xy_cli_print_json(doc, 1);
    json_decref(doc);
    return XY_EXIT_OK;
}

/* A whole number from lo to hi, or -1. */
static long number(const char *s, long lo, long hi)
{
    char *end;
    long v = strtol(s, &end, 10);
    return end != s && !*end && v >= lo && v <= hi ? v : -1;
}

int xy_cmd_eval(int argc, char **argv)
{
    if (argc < 2 || xy_cli_is_help(argv[1])) {
        help();
        return argc < 2 ? XY_EXIT_USAGE : XY_EXIT_OK;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "model") == 0 && argc >= 3 && strcmp(argv[2], "list") == 0 && argc == 3)
        return model_list();
    if (strcmp(cmd, "model") == 0 && argc == 6 && strcmp(argv[2], "load") == 0 && strcmp(argv[4], "--from") == 0)
        return model_load(argv[3], argv[5]);
    if (strcmp(cmd, "run") == 0 && (argc == 2 || (argc == 4 && strcmp(argv[2], "--model") == 0)))
        return run(argc == 4 ? argv[3] : NULL);
    if (strcmp(cmd, "show") == 0 && argc >= 3) {
        const char *as_of = NULL, *version = NULL;
        int json = 0, i;
        for (i = 3; i < argc; i++) {
            if (strcmp(argv[i], "--json") == 0)
                json = 1;
            else if (strcmp(argv[i], "--as-of") == 0 && i + 1 < argc)
                as_of = argv[++i];
            else if (strcmp(argv[i], "--model") == 0 && i + 1 < argc)
                version = argv[++i];
            else
                break;
        }
        if (i == argc)
            return show(argv[2], json, as_of, version);
    }
    if (strcmp(cmd, "preview") == 0 && (argc == 3 || (argc == 5 && strcmp(argv[3], "--samples") == 0 &&
                                                       number(argv[4], 0, 20) >= 0)))
        return preview(argv[2], argc == 5 ? (int)number(argv[4], 0, 20) : 0);
    if (strcmp(cmd, "distribution") == 0 && argc == 2)
        return distribution();
    if (strcmp(cmd, "list") == 0) {
        const char *grade = NULL, *region = NULL;
        int limit = 50;
        for (int i = 2; i + 1 < argc; i += 2) {
            if (strcmp(argv[i], "--grade") == 0)
                grade = argv[i + 1];
            else if (strcmp(argv[i], "--region") == 0)
                region = argv[i + 1];
            else if (strcmp(argv[i], "--limit") == 0 && number(argv[i + 1], 1, 1000) > 0)
                limit = (int)number(argv[i + 1], 1, 1000);
            else
                break;
        }
        if (argc % 2 == 0)
            return list(grade, region, limit);
    }
    xy_cli_error("eval", "usage: see `xinyong eval --help`");
    return XY_EXIT_USAGE;
}
