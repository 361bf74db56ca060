/* SPDX-License-Identifier: Apache-2.0 */
/* xinyong article add|list|publish|withdraw|attach: the office's articles (政策法规, 信用动态, 典型案例)
 * and repair-training courses, written in Markdown files (app/articles.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/articles.h"
#include "cli/cli.h"
#include "cli/i18n.h"
#include "cli/util.h"
#include "common/xy_alloc.h"

static const char *const usage = N_(
    "usage: xinyong article add FILE.md --kind policy|news|case|course [--title T] [--summary S] [--date YYYY-MM-DD]\n"
    "                           [--quiz QUIZ.json] [--publish]\n"
    "       xinyong article list [--kind K] [--q TEXT] [--state draft|published|withdrawn] [--json]\n"
    "       xinyong article publish ID [--date YYYY-MM-DD]\n"
    "       xinyong article withdraw ID\n"
    "       xinyong article attach ID FILE.pdf|FILE.docx|FILE.xlsx");

static int fail(const struct xy_error *err)
{
    xy_cli_error("article", "%s", err->msg);
    return XY_EXIT_INVALID;
}

/* The title is --title, or else the file's first line when it is a level-one heading ("# ..."),
 * which then leaves the body (the page shows the title itself). */
static int cmd_add(struct xy_app *app, const struct xy_principal *op, int argc, char **argv)
{
    static const struct option opts[] = {{"kind", required_argument, NULL, 'k'},  {"title", required_argument, NULL, 't'},
                                         {"summary", required_argument, NULL, 's'}, {"date", required_argument, NULL, 'd'},
                                         {"quiz", required_argument, NULL, 'z'},  {"publish", no_argument, NULL, 'p'},
                                         {NULL, 0, NULL, 0}};
    const char *kind = NULL, *title = NULL, *summary = NULL, *date = NULL, *quiz_path = NULL;
    int c, publish = 0, rc = XY_EXIT_INVALID;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "k:t:s:d:z:p", opts, NULL)) != -1) {
        switch (c) {
        case 'k': kind = optarg; break;
        case 't': title = optarg; break;
        case 's': summary = optarg; break;
        case 'd': date = optarg; break;
        case 'z': quiz_path = optarg; break;
        case 'p': publish = 1; break;
        default: return xy_cli_error("article", "%s", _(usage)), XY_EXIT_USAGE;
        }
    }
    if (argc - optind != 1 || !kind)
        return xy_cli_error("article", "%s", _(usage)), XY_EXIT_USAGE;
    struct xy_error err = {0};
    char *md = NULL, *qtext = NULL, *heading = NULL;
    size_t len = 0, qlen = 0;
    json_t *in = NULL, *quiz = NULL;
    if (xy_cli_read_file(argv[optind], XY_ARTICLE_BODY_MAX + 1024, &md, &len, &err) ||
        (quiz_path && xy_cli_read_file(quiz_path, 1u << 20, &qtext, &qlen, &err))) {
        rc = fail(&err);
        goto out;
    }
    const char *body = md;
    if (!title && strncmp(md, "# ", 2) == 0) {
        size_t n = strcspn(md + 2, "\r\n");
        if (!(heading = xy_malloc(n + 1)))
            goto out;
        memcpy(heading, md + 2, n);
        heading[n] = 0;
        title = heading;
        body = md + 2 + n;
        body += strspn(body, "\r\n");
    }
    if (qtext) {
        json_error_t jerr;
        if (!(quiz = json_loadb(qtext, qlen, 0, &jerr))) {
            xy_cli_error("article", "%s:%d: %s", quiz_path, jerr.line, jerr.text);
            goto out;
        }
    }
    in = json_pack("{s:s, s:s?, s:s?, s:s, s:s?, s:O?}", "kind", kind, "title", title, "summary", summary, "body", body,
                   "publish_date", date, "quiz", quiz);
    int64_t id = 0;
    if (!in || xy_article_save(app, op, 0, in, &id, &err) ||
        (publish && xy_article_set_state(app, op, id, "publish", date, &err))) {
        rc = in ? fail(&err) : XY_EXIT_INVALID;
        goto out;
    }
    if (publish)
        printf(_("article %lld added and published: %s\n"), (long long)id, xy_cli_text(title));
    else
        printf(_("article %lld added (draft): %s\n"), (long long)id, xy_cli_text(title));
    rc = XY_EXIT_OK;
out:
    json_decref(in);
    json_decref(quiz);
    xy_free(md);
    xy_free(qtext);
    xy_free(heading);
    return rc;
}

static int cmd_list(struct xy_app *app, const struct xy_principal *op, int argc, char **argv)
{
    const char *kind = NULL, *q = NULL, *state = NULL;
    int as_json = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            as_json = 1;
        else if (strcmp(argv[i], "--kind") == 0 && i + 1 < argc)
            kind = argv[++i];
        else if (strcmp(argv[i], "--q") == 0 && i + 1 < argc)
            q = argv[++i];
        else if (strcmp(argv[i], "--state") == 0 && i + 1 < argc)
            state = argv[++i];
        else
            return xy_cli_error("article", "%s", _(usage)), XY_EXIT_USAGE;
    }
    json_t *items = NULL;
    char next[32];
    struct xy_error err = {0};
    if (xy_articles_list(app, op, kind, q, state, NULL, 100, &items, next, &err))
        return fail(&err);
    if (as_json) {
        xy_cli_print_json(items, 2);
    } else {
        size_t i;
        json_t *v;
        json_array_foreach(items, i, v) {
            const char *d = json_string_value(json_object_get(v, "publish_date"));
            printf("%lld  %-7s %-9s %s  %s\n", (long long)json_integer_value(json_object_get(v, "id")),
                   json_string_value(json_object_get(v, "kind")), json_string_value(json_object_get(v, "state")),
                   d ? d : "----------", xy_cli_text(json_string_value(json_object_get(v, "title"))));
        }
    }
    json_decref(items);
    return XY_EXIT_OK;
}

static int parse_id(const char *s, long long *id)
{
    char *end = NULL;
    *id = strtoll(s, &end, 10);
    return end && !*end && *id > 0 ? 0 : -1;
}

static int cmd_attach(struct xy_app *app, const struct xy_principal *op, long long id, const char *path)
{
    static const char *const types[][2] = {
        {".pdf", "application/pdf"},
        {".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
        {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}};
    const char *dot = strrchr(path, '.'), *type = NULL, *base = strrchr(path, '/');
    for (size_t i = 0; dot && i < sizeof types / sizeof *types; i++)
        if (strcasecmp(dot, types[i][0]) == 0)
            type = types[i][1];
    if (!type)
        return xy_cli_error("article", "%s: only .pdf, .docx and .xlsx files are attached", path), XY_EXIT_INVALID;
    char *data = NULL;
    size_t len = 0;
    struct xy_error err = {0};
    int seq = 0;
    if (xy_cli_read_file(path, XY_ARTICLE_FILE_MAX, &data, &len, &err))
        return fail(&err);
    struct xy_article_file_in f = {.name = base ? base + 1 : path, .media_type = type, .data = data, .len = len};
    int rc = xy_article_attach(app, op, id, &f, &seq, &err) ? fail(&err) : XY_EXIT_OK;
    if (!rc)
        printf(_("article %lld: attachment %d %s\n"), id, seq, xy_cli_text(f.name));
    xy_free(data);
    return rc;
}

int xy_cmd_article(int argc, char **argv)
{
    if (argc >= 2 && xy_cli_is_help(argv[1])) {
        printf("%s\n\n", _(usage));
        printf(_("Articles on the portal: policies and laws (policy, 政策法规), news (news, 信用动态), case\n"
               "studies (case, 典型案例) and repair-training courses (course, 信用修复培训; with --quiz, a\n"
               "JSON test: {\"pass_mark\": 60, \"questions\": [{\"q\", \"choices\", \"answer\"}]}). The text is\n"
               "Markdown; raw HTML in it is dropped when shown. A new article is a draft until published.\n"));
        return XY_EXIT_OK;
    }
    if (argc < 2)
        return xy_cli_error("article", "%s", _(usage)), XY_EXIT_USAGE;
    struct xy_app *app = xy_cli_open("article");
    if (!app)
        return XY_EXIT_USAGE;
    struct xy_principal op;
    xy_principal_operator(&op);
    struct xy_error err = {0};
    long long id = 0;
    int rc;
    if (strcmp(argv[1], "add") == 0) {
        rc = cmd_add(app, &op, argc - 1, argv + 1);
    } else if (strcmp(argv[1], "list") == 0) {
        rc = cmd_list(app, &op, argc - 1, argv + 1);
    } else if (strcmp(argv[1], "publish") == 0 && (argc == 3 || (argc == 5 && strcmp(argv[3], "--date") == 0)) &&
               parse_id(argv[2], &id) == 0) {
        rc = xy_article_set_state(app, &op, id, "publish", argc == 5 ? argv[4] : NULL, &err)
                 ? fail(&err)
                 : (printf(_("article %lld published\n"), id), XY_EXIT_OK);
    } else if (strcmp(argv[1], "withdraw") == 0 && argc == 3 && parse_id(argv[2], &id) == 0) {
        rc = xy_article_set_state(app, &op, id, "withdraw", NULL, &err) ? fail(&err)
                                                                        : (printf(_("article %lld withdrawn\n"), id), XY_EXIT_OK);
    } else if (strcmp(argv[1], "attach") == 0 && argc == 4 && parse_id(argv[2], &id) == 0) {
        rc = cmd_attach(app, &op, id, argv[3]);
    } else {
        xy_cli_error("article", "%s", _(usage));
        rc = XY_EXIT_USAGE;
    }
    xy_app_close(app);
    return rc;
}
