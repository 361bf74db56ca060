/* SPDX-License-Identifier: Apache-2.0 */
/* xinyong account add|list|disable|reset-password|reset-totp: staff accounts, managed by the local
 * operator. A password is read from the terminal without echo, or as the first line of standard
 * input; never from the command line, where other users and the shell's history would see it. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "app/account.h"
#include "cli/cli.h"
#include "cli/i18n.h"
#include "cli/util.h"

static const char *const usage = N_("usage: xinyong account add NAME --role department|office|auditor [--dept USCC]\n"
                            "       xinyong account list [--json]\n"
                            "       xinyong account disable NAME\n"
                            "       xinyong account reset-password NAME\n"
                            "       xinyong account reset-totp NAME");

static void help(void)
{
    printf("%s\n\n", _(usage));
    printf(_("Staff accounts sign in to the console with a name, a password and, once they have enrolled\n"
           "one, a TOTP code. An account has a role and a department exactly as an API key has (what\n"
           "it may do is the same), and the audit log names the person. NAME is 2 to 64 of a-z 0-9 . _ -.\n"
           "add and reset-password read the password (at least %d bytes) from the terminal without\n"
           "echo, or as the first line of standard input: never from the command line.\n"
           "disable ends the account's sessions for good; reset-password ends them too; reset-totp\n"
           "removes the second factor so the person can enrol a new one. Each change is audited.\n"),
           XY_PASSWORD_MIN);
}

/* One line of at most XY_PASSWORD_MAX bytes, without its line end. OUT: out. Returns 0, or -1. */
static int read_password(const char *prompt, char *out, size_t size)
{
    struct termios old, quiet;
    int tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
    if (tty) {
        fprintf(stderr, "%s", prompt);
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    int ok = fgets(out, (int)size, stdin) != NULL;
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        fputc('\n', stderr);
    }
    if (!ok)
        return -1;
    size_t n = strlen(out);
    if (n && out[n - 1] == '\n')
        out[--n] = '\0';
    else if (n == size - 1)
        return -1; /* longer than any password allowed */
    if (n && out[n - 1] == '\r')
        out[--n] = '\0';
    return 0;
}

static int new_password(char *pw, size_t size)
{
    char again[XY_PASSWORD_MAX + 2];
    if (read_password("新密码 (new password): ", pw, size) != 0) {
        xy_cli_error("account", "no password given: type it, or give it as the first line of standard input");
        return -1;
    }
    if (isatty(STDIN_FILENO)) {
        int same = read_password("再输一次 (again): ", again, sizeof again) == 0 && strcmp(pw, again) == 0;
        sodium_memzero(again, sizeof again);
        if (!same) {
            xy_cli_error("account", "the two passwords differ");
            return -1;
        }
    }
    return 0;
}

static int cmd_add(int argc, char **argv)
{
    static const struct option opts[] = {{"role", required_argument, NULL, 'r'},
                                         {"dept", required_argument, NULL, 'd'},
                                         {NULL, 0, NULL, 0}};
    const char *role_name = NULL, *dept = NULL;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "r:d:", opts, NULL)) != -1) {
        if (c == 'r')
            role_name = optarg;
        else if (c == 'd')
            dept = optarg;
        else {
            xy_cli_error("account", "%s", _(usage));
            return XY_EXIT_USAGE;
        }
    }
    if (optind != argc - 1 || !role_name) {
        xy_cli_error("account", "account add NAME --role ROLE [--dept USCC]");
        return XY_EXIT_USAGE;
    }
    const char *name = argv[optind];
    enum xy_role role;
    if (xy_role_parse(role_name, &role) != 0) {
        xy_cli_error("account", "unknown role %s (department, office, auditor)", role_name);
        return XY_EXIT_INVALID;
    }
    char pw[XY_PASSWORD_MAX + 2];
    if (new_password(pw, sizeof pw) != 0)
        return XY_EXIT_USAGE;
    struct xy_app *app = xy_cli_open("account");
    if (!app) {
        sodium_memzero(pw, sizeof pw);
        return XY_EXIT_USAGE;
    }
    struct xy_principal op;
    struct xy_error err = {0};
    int64_t id = 0;
    xy_principal_operator(&op);
    int rc = xy_account_add(app, &op, name, role, dept, pw, &id, &err);
    sodium_memzero(pw, sizeof pw);
    xy_app_close(app);
    if (rc) {
        xy_cli_error("account", "%s", err.msg);
        return XY_EXIT_INVALID;
    }
    if (dept)
        printf(_("created %s account %s for department %s\n"), xy_role_name(role), name, dept);
    else
        printf(_("created %s account %s\n"), xy_role_name(role), name);
    return XY_EXIT_OK;
}

static const char *text_or(const json_t *o, const char *key, const char *none)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : none;
}

static int cmd_list(int argc, char **argv)
{
    int json = argc == 2 && strcmp(argv[1], "--json") == 0;
    if (argc > 2 || (argc == 2 && !json)) {
        xy_cli_error("account", "account list [--json]");
        return XY_EXIT_USAGE;
    }
    struct xy_app *app = xy_cli_open("account");
    if (!app)
        return XY_EXIT_USAGE;
    json_t *items = NULL;
    struct xy_error err = {0};
    int rc = xy_account_list(app, &items, &err);
    xy_app_close(app);
    if (rc) {
        xy_cli_error("account", "%s", err.msg);
        return XY_EXIT_INVALID;
    }
    if (json) {
        xy_cli_print_json(items, 0);
    } else {
        /* One message, so that a translation keeps the columns lined up. */
        fputs(_("NAME                     ROLE       DEPT               TOTP CREATED              DISABLED\n"), stdout);
        for (size_t k = 0; k < json_array_size(items); k++) {
            const json_t *o = json_array_get(items, k);
            const char *totp = json_is_true(json_object_get(o, "totp")) ? _("yes") : _("no");
            printf("%-24s %-10s %-18s %s%*s %-20s %s\n", xy_cli_text(text_or(o, "name", "")),
                   xy_cli_text(text_or(o, "role", "")), xy_cli_text(text_or(o, "dept", "-")), totp,
                   xy_cli_pad(totp, 4), "", xy_cli_text(text_or(o, "created_at", "-")),
                   xy_cli_text(text_or(o, "disabled_at", "-")));
        }
    }
    json_decref(items);
    return XY_EXIT_OK;
}

enum what { DISABLE, RESET_PASSWORD, RESET_TOTP };

static int cmd_change(int argc, char **argv, enum what what)
{
    if (argc != 2) {
        xy_cli_error("account", "account %s NAME", argv[0]);
        return XY_EXIT_USAGE;
    }
    char pw[XY_PASSWORD_MAX + 2] = "";
    if (what == RESET_PASSWORD && new_password(pw, sizeof pw) != 0)
        return XY_EXIT_USAGE;
    struct xy_app *app = xy_cli_open("account");
    if (!app) {
        sodium_memzero(pw, sizeof pw);
        return XY_EXIT_USAGE;
    }
    struct xy_principal op;
    struct xy_error err = {0};
    xy_principal_operator(&op);
    int rc = what == DISABLE          ? xy_account_disable(app, &op, argv[1], &err)
             : what == RESET_PASSWORD ? xy_account_reset_password(app, &op, argv[1], pw, &err)
                                      : xy_account_reset_totp(app, &op, argv[1], &err);
    sodium_memzero(pw, sizeof pw);
    xy_app_close(app);
    if (rc) {
        xy_cli_error("account", "%s", err.msg);
        return XY_EXIT_INVALID;
    }
    if (what == DISABLE)
        printf(_("account %s: disabled\n"), argv[1]);
    else if (what == RESET_PASSWORD)
        printf(_("account %s: password reset\n"), argv[1]);
    else
        printf(_("account %s: TOTP removed\n"), argv[1]);
    return XY_EXIT_OK;
}

int xy_cmd_account(int argc, char **argv)
{
    if (argc >= 2 && xy_cli_is_help(argv[argc - 1])) {
        help();
        return XY_EXIT_OK;
    }
    if (argc < 2) {
        xy_cli_error("account", "usage: xinyong account add|list|disable|reset-password|reset-totp ... (try --help)");
        return XY_EXIT_USAGE;
    }
    if (strcmp(argv[1], "add") == 0)
        return cmd_add(argc - 1, argv + 1);
    if (strcmp(argv[1], "list") == 0)
        return cmd_list(argc - 1, argv + 1);
    if (strcmp(argv[1], "disable") == 0)
        return cmd_change(argc - 1, argv + 1, DISABLE);
    if (strcmp(argv[1], "reset-password") == 0)
        return cmd_change(argc - 1, argv + 1, RESET_PASSWORD);
    if (strcmp(argv[1], "reset-totp") == 0)
        return cmd_change(argc - 1, argv + 1, RESET_TOTP);
    xy_cli_error("account", "unknown command %s (add, list, disable, reset-password, reset-totp)", argv[1]);
    return XY_EXIT_USAGE;
}
