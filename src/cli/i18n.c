/* SPDX-License-Identifier: Apache-2.0 */
/* Locale and message catalogue set-up for the CLI (see i18n.h and docs/i18n.md). */
#include "cli/i18n.h"

#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef XY_LOCALEDIR
#define XY_LOCALEDIR "/usr/local/share/locale"
#endif

/* The locale name the environment gives the messages category, in POSIX precedence. */
static const char *env_messages_locale(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return v;
    }
    return NULL;
}

/* Where the compiled catalogues are: $XINYONG_LOCALEDIR; else locale/ beside the binary when it
 * holds ours (the build tree, so an uninstalled build speaks Chinese without installing; an
 * installed binary's bin/ has no locale/); else the install path compiled in. */
static const char *locale_dir(char *buf, size_t size)
{
    const char *env = getenv("XINYONG_LOCALEDIR");
    if (env && *env)
        return env;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            int w = snprintf(buf, size, "%s/locale", exe);
            char mo[PATH_MAX + 64];
            snprintf(mo, sizeof mo, "%s/zh_CN/LC_MESSAGES/" XY_TEXTDOMAIN ".mo", buf);
            if (w > 0 && (size_t)w < size && access(mo, R_OK) == 0)
                return buf;
        }
    }
    return XY_LOCALEDIR;
}

void xy_cli_i18n_init(void)
{
    /* Only the character set and the messages follow the environment. Numbers, dates and sort order
     * (LC_NUMERIC, LC_TIME, LC_COLLATE) stay "C", so machine-readable output never changes with the
     * locale. */
    int ok = setlocale(LC_CTYPE, "") != NULL;
    ok = setlocale(LC_MESSAGES, "") != NULL && ok;
    if (!ok) {
        /* The locale the environment names was never generated (a minimal Debian has only C, C.UTF-8
         * and POSIX until the admin runs locale-gen): glibc then leaves the messages in "C", and
         * gettext never translates in "C", nor reads $LANGUAGE there (dcigettext.c,
         * guess_category_value: "Ignore LANGUAGE ... if the locale is set to "C""). C.UTF-8 is built
         * into glibc (2.35 and later), is not "C" to that test, and gives the UTF-8 character set; the
         * language then comes from $LANGUAGE, which gettext reads before the locale's own name. So the
         * name the user asked for (zh_CN.UTF-8 -> zh_CN) goes into LANGUAGE unless the user set one. */
        const char *name = env_messages_locale();
        setlocale(LC_CTYPE, "C.UTF-8");
        setlocale(LC_MESSAGES, "C.UTF-8");
        const char *language = getenv("LANGUAGE");
        if (name && strcmp(name, "C") != 0 && strcmp(name, "POSIX") != 0 && !(language && *language))
            setenv("LANGUAGE", name, 1);
    }
    char buf[PATH_MAX];
    bindtextdomain(XY_TEXTDOMAIN, locale_dir(buf, sizeof buf));
    /* The catalogue is UTF-8 and so is every other text the program prints (names, help text). */
    bind_textdomain_codeset(XY_TEXTDOMAIN, "UTF-8");
    textdomain(XY_TEXTDOMAIN);
}
