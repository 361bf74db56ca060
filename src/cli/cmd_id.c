/* SPDX-License-Identifier: Apache-2.0 */
/* `xinyong id check`: checks unified social credit codes, resident ID numbers and organisation
 * codes given on the command line, one result line (tab-separated, or JSON) per value. */
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/i18n.h"
#include "cli/util.h"
#include "common/xy_alloc.h"
#include "common/xy_date.h"
#include "core/idcheck.h"
#include "core/ric.h"
#include "core/uscc.h"

static const char *const usage = N_(
    "usage: xinyong id check [--kind uscc|ric|orgcode] [--json] [--] VALUE...\n"
    "\n"
    "Checks identifiers: unified social credit codes (uscc, GB 32100), resident ID numbers\n"
    "(ric, GB 11643; the legacy 15-digit form is upgraded) and organisation codes (orgcode,\n"
    "GB 11714). Surrounding blanks are trimmed and full-width characters folded first.\n"
    "\n"
    "Without --kind the kind is inferred; a value valid as two kinds, or as none, is reported\n"
    "as the kind its shape suggests, with a note.\n"
    "\n"
    "Output, one line per value, tab-separated:\n"
    "  VALUE  valid|invalid  KIND  [RULE]  [UPGRADED]  [note=...]\n"
    "RULE (first failing): length, charset, category, region, birthdate, checksum.\n"
    "UPGRADED: the 18-digit form of a valid 15-digit ric. Notes: placeholder (the USCC\n"
    "placeholder 00000000000000000X), ambiguous:valid-as-uscc-and-ric, guessed.\n"
    "Control characters in VALUE are printed escaped (\\t, \\n, \\r, \\xHH, and \\uHHHH for C1,\n"
    "bidirectional and invisible characters; \\\\ for \\).\n"
    "\n"
    "  --kind KIND  check every value as KIND\n"
    "  --json       one JSON object per line instead, with the decomposition of valid values\n"
    "\n"
    "Exit status: 0 all valid, 1 some invalid, 2 usage error.\n");

static void today_local(struct xy_id_date *today)
{
    /* The platform's day (China Standard Time): a birth date after it is not a real one yet. */
    struct xy_date d = xy_clock_today(xy_cli_clock());
    today->year = d.y;
    today->month = d.m;
    today->day = d.d;
}

/* The note for a result, or NULL. buf holds the ambiguous note. */
static const char *note_for(const struct xy_id_result *res, char *buf, size_t bufsize)
{
    static const enum xy_id_kind kinds[] = {XY_ID_KIND_USCC, XY_ID_KIND_RIC, XY_ID_KIND_ORGCODE};
    size_t n;

    if (res->placeholder)
        return "placeholder";
    if (res->inference == XY_ID_INFER_GUESSED)
        return "guessed";
    if (res->inference != XY_ID_INFER_AMBIGUOUS)
        return NULL;
    n = (size_t)snprintf(buf, bufsize, "ambiguous:valid-as");
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0] && n < bufsize; i++) {
        if ((res->valid_kinds & (1u << kinds[i])) == 0)
            continue;
        bool first = n == strlen("ambiguous:valid-as");
        n += (size_t)snprintf(buf + n, bufsize - n, "%s%s", first ? "-" : "-and-",
                              xy_id_kind_name(kinds[i]));
    }
    return buf;
}

static void print_text(const char *value, const struct xy_id_result *res, const char *note)
{
    fputs(xy_cli_text(value), stdout); /* escaped: one value stays one field of one line */
    printf("\t%s\t%s", res->rule == XY_ID_OK ? "valid" : "invalid", xy_id_kind_name(res->kind));
    if (res->rule != XY_ID_OK)
        printf("\t%s", xy_id_rule_name(res->rule));
    if (res->upgraded[0] != '\0')
        printf("\t%s", res->upgraded);
    if (note != NULL)
        printf("\tnote=%s", note);
    putchar('\n');
}

/* Length of the valid UTF-8 sequence at s[0..len), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t len)
{
    size_t w;
    unsigned char lo = 0x80, hi = 0xBF;

    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        w = 2;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF)
        w = 3;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4)
        w = 4;
    else
        return 0;
    if (s[0] == 0xE0)
        lo = 0xA0;
    else if (s[0] == 0xED)
        hi = 0x9F;
    else if (s[0] == 0xF0)
        lo = 0x90;
    else if (s[0] == 0xF4)
        hi = 0x8F;
    if (w > len || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < w; i++) {
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    }
    return w;
}

/* A JSON string of s, invalid UTF-8 bytes replaced by U+FFFD (jansson rejects them). Returns
 * NULL when out of memory. Caller owns the result; release with json_decref(). */
static json_t *json_text(const char *s)
{
    size_t len = strlen(s), n = 0;
    char *buf = NULL;
    json_t *j = NULL;

    if (len > (SIZE_MAX - 1) / 3)
        goto out;
    buf = xy_malloc(len * 3 + 1);
    if (buf == NULL)
        goto out;
    for (size_t i = 0; i < len;) {
        size_t w = utf8_seq((const unsigned char *)s + i, len - i);
        if (w == 0) {
            memcpy(buf + n, "\xEF\xBF\xBD", 3);
            n += 3;
            i++;
        } else {
            memcpy(buf + n, s + i, w);
            n += w;
            i += w;
        }
    }
    j = json_stringn(buf, n);
out:
    xy_free(buf);
    return j;
}

static json_t *json_province(const struct xy_province *p)
{
    if (p == NULL)
        return json_null();
    return json_pack("{s:s, s:s, s:s}", "code", p->code, "name", p->name, "name_en", p->name_en);
}

/* Adds the decomposition of a valid value to obj. Returns 0, or -1 when out of memory. */
static int add_parts(json_t *obj, const struct xy_id_result *res)
{
    char date[16];

    if (res->kind == XY_ID_KIND_USCC) {
        struct xy_uscc_parts u;
        char code[2] = {0, 0}, cat[2] = {0, 0};

        xy_uscc_decompose(res->normalized, &u);
        code[0] = u.authority;
        cat[0] = u.category;
        if (json_object_set_new(obj, "authority",
                                json_pack("{s:s, s:s?, s:s?}", "code", code, "name",
                                          u.authority_name, "name_en", u.authority_name_en)) ||
            json_object_set_new(obj, "category",
                                json_pack("{s:s, s:s?, s:s?}", "code", cat, "name", u.category_name,
                                          "name_en", u.category_name_en)) ||
            json_object_set_new(obj, "region", json_string(u.region)) ||
            json_object_set_new(obj, "province", json_province(u.province)) ||
            json_object_set_new(obj, "orgcode", json_string(u.orgcode)))
            return -1;
    } else if (res->kind == XY_ID_KIND_RIC) {
        struct xy_ric_parts r;

        if (xy_ric_decode(res->normalized, res->normalized_len, &r) != 0)
            return 0;
        xy_date_format((struct xy_date){r.birth.year, r.birth.month, r.birth.day}, date);
        if (json_object_set_new(obj, "region", json_string(r.region)) ||
            json_object_set_new(obj, "province", json_province(r.province)) ||
            json_object_set_new(obj, "birth_date", json_string(date)) ||
            json_object_set_new(obj, "sex", json_string(r.sex == XY_RIC_MALE ? "male" : "female")))
            return -1;
    }
    return 0;
}

/* Prints one JSON line. Returns 0, or -1 when out of memory. */
static int print_json(const char *value, const struct xy_id_result *res, const char *note)
{
    bool valid = res->rule == XY_ID_OK;
    json_t *obj;
    int rc = -1;

    obj = json_pack("{s:o, s:o, s:b, s:s, s:s?, s:s?, s:s?}", "value", json_text(value),
                    "normalized", json_text(res->normalized), "valid", valid, "kind",
                    xy_id_kind_name(res->kind), "rule", valid ? NULL : xy_id_rule_name(res->rule),
                    "upgraded", res->upgraded[0] != '\0' ? res->upgraded : NULL, "note", note);
    if (obj == NULL)
        goto out;
    if (valid && add_parts(obj, res) != 0)
        goto out;
    xy_cli_print_json(obj, 0);
    rc = 0;
out:
    json_decref(obj);
    return rc;
}

static int cmd_check(int argc, char **argv)
{
    enum xy_id_kind kind = XY_ID_KIND_ANY;
    bool json = false, options_done = false;
    int nvalues = 0, rc = XY_EXIT_OK;
    struct xy_id_date today;

    /* Options may come before or between values; "--" ends them. */
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *kind_name = NULL;

        if (options_done || a[0] != '-') {
            nvalues++;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            options_done = true;
        } else if (xy_cli_is_help(a)) {
            fputs(_(usage), stdout);
            return XY_EXIT_OK;
        } else if (strcmp(a, "--json") == 0) {
            json = true;
        } else if (strcmp(a, "--kind") == 0) {
            if (i + 1 >= argc) {
                xy_cli_error("id check", "--kind needs a value: uscc, ric or orgcode");
                return XY_EXIT_USAGE;
            }
            kind_name = argv[++i];
        } else if (strncmp(a, "--kind=", 7) == 0) {
            kind_name = a + 7;
        } else {
            xy_cli_error("id check", "unknown option '%s' (see `xinyong id check --help`)", a);
            return XY_EXIT_USAGE;
        }
        if (kind_name != NULL && xy_id_kind_parsez(kind_name, &kind) != 0) {
            xy_cli_error("id check", "unknown kind '%s': use uscc, ric or orgcode", kind_name);
            return XY_EXIT_USAGE;
        }
    }
    if (nvalues == 0) {
        xy_cli_error("id check", "no values given (see `xinyong id check --help`)");
        return XY_EXIT_USAGE;
    }

    today_local(&today);
    /* Options were validated above; walk argv again for the values. */
    options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        struct xy_id_result res;
        char notebuf[64];
        const char *note;

        if (!options_done && a[0] == '-') {
            if (strcmp(a, "--") == 0)
                options_done = true;
            else if (strcmp(a, "--kind") == 0 && i + 1 < argc)
                i++;
            continue;
        }
        xy_id_check(a, strlen(a), kind, &today, &res);
        if (res.rule != XY_ID_OK)
            rc = XY_EXIT_INVALID;
        note = note_for(&res, notebuf, sizeof notebuf);
        if (!json) {
            print_text(a, &res, note);
        } else if (print_json(a, &res, note) != 0) {
            xy_cli_error("id check", "out of memory");
            return XY_EXIT_USAGE;
        }
    }
    if (fflush(stdout) != 0) {
        xy_cli_error("id check", "cannot write the output");
        return XY_EXIT_USAGE;
    }
    return rc;
}

int xy_cmd_id(int argc, char **argv)
{
    if (argc < 2) {
        xy_cli_error("id", "missing subcommand: check (see `xinyong id --help`)");
        return XY_EXIT_USAGE;
    }
    if (xy_cli_is_help(argv[1])) {
        fputs(_(usage), stdout);
        return XY_EXIT_OK;
    }
    if (strcmp(argv[1], "check") == 0)
        return cmd_check(argc - 1, argv + 1);
    xy_cli_error("id", "unknown subcommand '%s' (see `xinyong id --help`)", argv[1]);
    return XY_EXIT_USAGE;
}
