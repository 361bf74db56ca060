/* SPDX-License-Identifier: Apache-2.0 */
/* Sanitizer builds: the leak checker's suppressions for memory that the font libraries behind the
 * report's PDF (fontconfig, and cairo's font caches over it) keep for the process's life and never
 * free. Only those libraries' own allocations are named, so a leak of ours is still reported. */
const char *__lsan_default_suppressions(void);

const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n"
           "leak:libcairo.so\n"
           "leak:libpangoft2-1.0.so\n"
           "leak:libpango-1.0.so\n"
           "leak:libglib-2.0.so\n"
           "leak:libgobject-2.0.so\n"
           "leak:libpoppler.so\n"
           "leak:libpoppler-glib.so\n";
}
