/* SPDX-License-Identifier: Apache-2.0 */
/* xinyong monitor conversion: the code conversion register (统一社会信用代码转换, category 8 of the
 * monthly report): import a registration authority's list, show the register's figures, list what is
 * not converted; and xinyong monitor extra: the report's configurable category. */
#include <stdio.h>
#include <string.h>

#include "app/conversion.h"
#include "common/xy_alloc.h"
#include "common/xy_buf.h"
#include "cli/cli.h"
#include "cli/i18n.h"
#include "cli/util.h"

static const char *const usage_text = N_("usage: xinyong monitor conversion import FILE --authority DEPT\n"
                                         "       xinyong monitor conversion show [--authority 9|5|1|8|other] [--dept DEPT]\n"
                                         "       xinyong monitor conversion unconverted [--authority 9|5|1|8|other] [--dept DEPT]\n"
                                         "       xinyong monitor extra define FILE | show\n");

static int fail(const struct xy_error *err)
{
    xy_cli_error("monitor", "%s", err->msg);
    return err->rc == XY_EINVAL || err->rc == XY_ESTATE || err->rc == XY_ENOTFOUND ? XY_EXIT_INVALID : XY_EXIT_USAGE;
}

static int usage(void)
{
    xy_cli_error("monitor", "%s", _(usage_text));
    return XY_EXIT_USAGE;
}

/* --authority X and --dept X from argv[from..argc). 0, or -1 for anything else. */
static int options(int argc, char **argv, int from, const char **authority, const char **dept)
{
    for (int i = from; i < argc; i += 2) {
        if (i + 1 >= argc)
            return -1;
        if (!strcmp(argv[i], "--authority"))
            *authority = argv[i + 1];
        else if (!strcmp(argv[i], "--dept"))
            *dept = argv[i + 1];
        else
            return -1;
    }
    return 0;
}

static int import(struct xy_app *app, const struct xy_principal *op, const char *file, const char *dept)
{
    struct xy_error err = {0};
    char *text = NULL;
    size_t len = 0;
    json_t *doc = NULL;
    if (xy_cli_read_file(file, XY_CONV_MAX_BYTES, &text, &len, &err))
        return fail(&err);
    int rc = xy_conv_import(app, op, dept, text, len, &doc, &err);
    xy_free(text);
    if (rc)
        return fail(&err);
    printf(_("list of %s: %lld rows, %lld accepted (%lld added, %lld updated, %lld unchanged), %lld rejected\n"),
           xy_cli_text(dept), (long long)json_integer_value(json_object_get(doc, "rows")),
           (long long)json_integer_value(json_object_get(doc, "accepted")),
           (long long)json_integer_value(json_object_get(doc, "added")),
           (long long)json_integer_value(json_object_get(doc, "updated")),
           (long long)json_integer_value(json_object_get(doc, "unchanged")),
           (long long)json_integer_value(json_object_get(doc, "rejected")));
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(doc, "rejects"), i, r)
    {
        printf(_("  row %lld, %s: %s\n"), (long long)json_integer_value(json_object_get(r, "row")),
               xy_cli_text(json_string_value(json_object_get(r, "field"))),
               xy_cli_text(json_string_value(json_object_get(r, "reason"))));
    }
    int bad = json_integer_value(json_object_get(doc, "rejected")) > 0;
    json_decref(doc);
    return bad ? XY_EXIT_INVALID : XY_EXIT_OK;
}

static int conversion(struct xy_app *app, const struct xy_principal *op, int argc, char **argv)
{
    struct xy_error err = {0};
    const char *authority = NULL, *dept = NULL;
    const char *sub = argv[2];
    if (!strcmp(sub, "import")) {
        if (argc != 6 || strcmp(argv[4], "--authority"))
            return usage();
        return import(app, op, argv[3], argv[5]);
    }
    if (options(argc, argv, 3, &authority, &dept))
        return usage();
    if (!strcmp(sub, "show")) {
        json_t *doc = NULL;
        if (xy_conv_summary(app, op, dept, authority, &doc, &err))
            return fail(&err);
        xy_cli_print_json(doc, 0);
        json_decref(doc);
        return XY_EXIT_OK;
    }
    if (!strcmp(sub, "unconverted")) {
        struct xy_buf b;
        int rc = XY_EXIT_OK;
        xy_buf_init(&b, (size_t)512 << 20);
        if (xy_conv_unconverted_csv(app, op, dept, authority, &b, &err))
            rc = fail(&err);
        else
            fwrite(xy_buf_str(&b), 1, b.len, stdout);
        xy_buf_release(&b);
        return rc;
    }
    return usage();
}

static int extra(struct xy_app *app, const struct xy_principal *op, int argc, char **argv)
{
    struct xy_error err = {0};
    json_t *doc = NULL;
    if (argc == 4 && !strcmp(argv[2], "define")) {
        char *text = NULL;
        size_t len = 0;
        if (xy_cli_read_file(argv[3], 1 << 16, &text, &len, &err))
            return fail(&err);
        int rc = xy_extra_define(app, op, text, len, &err);
        xy_free(text);
        if (rc)
            return fail(&err);
    } else if (argc != 3 || strcmp(argv[2], "show")) {
        return usage();
    }
    if (xy_extra_get(app, &doc, &err))
        return fail(&err);
    xy_cli_print_json(doc, 0);
    json_decref(doc);
    return XY_EXIT_OK;
}

/* argv[1] is "conversion" or "extra". */
int xy_cmd_monitor_conversion(int argc, char **argv)
{
    if (argc < 3 || xy_cli_is_help(argv[2])) {
        fputs(_(usage_text), stdout);
        fputs(_("\nThe code conversion register: import reads a registration authority's list (CSV UTF-8,\n"
                     "header authority,old_code,reg_no,name,registered_on,uscc) for its department; rows that\n"
                     "cannot be stored are listed and the rest stored. show prints the register's figures as of\n"
                     "now (category 8); unconverted writes CSV of the entities not converted or whose code is\n"
                     "duplicate or wrong. extra define sets the monthly report's configurable category 13\n"
                     "({\"name_zh\":\"...\",\"name_en\":\"...\",\"unit\":\"...\",\"entered_by\":\"departments\"}).\n"), stdout);
        return argc < 3 ? XY_EXIT_USAGE : XY_EXIT_OK;
    }
    struct xy_app *app = xy_cli_open("monitor");
    if (!app)
        return XY_EXIT_USAGE;
    struct xy_principal op;
    xy_principal_operator(&op);
    int rc = !strcmp(argv[1], "extra") ? extra(app, &op, argc, argv) : conversion(app, &op, argc, argv);
    xy_app_close(app);
    return rc;
}
