/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of src/common/xy_markdown.c: Markdown becomes HTML, and nothing the office (or anyone
 * who got its key) writes can put script on the portal: raw HTML blocks and inline tags, event
 * attributes, and javascript:, vbscript: and data: URLs in links and images, in any letter case or
 * with entities, never reach the output. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include "common/xy_alloc.h"
#include "common/xy_markdown.h"

static char *render(const char *md)
{
    char *html = xy_markdown_html(md, strlen(md));
    assert_non_null(html);
    return html;
}

/* The output holds no dangerous element or attribute, letter case aside, and no link or image whose
 * URL (href or src, after the spaces a browser skips) uses a scheme that runs or embeds code. Text
 * that merely reads "javascript:" is harmless and allowed. */
static void assert_harmless(const char *html)
{
    static const char *const bad[] = {"<script", "</script", "onerror", "onload", "onmouseover", "<iframe",
                                      "<img src=x", "<style"};
    static const char *const schemes[] = {"javascript:", "vbscript:", "data:text/html", "file:"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (strcasestr(html, bad[i]))
            fail_msg("found %s in: %s", bad[i], html);
    for (const char *p = html; (p = strpbrk(p, "hs")) != NULL; p++) {
        size_t skip = strncmp(p, "href=\"", 6) == 0 ? 6 : strncmp(p, "src=\"", 5) == 0 ? 5 : 0;
        if (!skip)
            continue;
        const char *v = p + skip;
        v += strspn(v, " \t\n\r");
        for (size_t i = 0; i < sizeof schemes / sizeof *schemes; i++)
            if (strncasecmp(v, schemes[i], strlen(schemes[i])) == 0)
                fail_msg("a %s URL in: %s", schemes[i], html);
    }
}

static void test_renders(void **state)
{
    (void)state;
    char *h = render("## 标题\n\n一段**加粗**文字，[信用中国](https://www.creditchina.gov.cn/)。\n\n- 一\n- 二\n");
    assert_non_null(strstr(h, "<h2>标题</h2>"));
    assert_non_null(strstr(h, "<strong>加粗</strong>"));
    assert_non_null(strstr(h, "<a href=\"https://www.creditchina.gov.cn/\">信用中国</a>"));
    assert_non_null(strstr(h, "<li>一</li>"));
    xy_free(h);
    /* Text that looks like markup in a paragraph is escaped, not dropped. */
    h = render("a < b && c > d\n");
    assert_non_null(strstr(h, "a &lt; b &amp;&amp; c &gt; d"));
    xy_free(h);
}

static void test_raw_html_refused(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "<script>alert(1)</script>\n",
        "text <script>alert(1)</script> more\n",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>\n",
        "<img src=x onerror=alert(1)>\n",
        "para <img src=x onerror=alert(1)> inline\n",
        "<iframe src=\"https://evil.example\"></iframe>\n",
        "<style>body{display:none}</style>\n",
        "<div onmouseover=\"alert(1)\">hover</div>\n",
        "<a href=\"javascript:alert(1)\">x</a>\n",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *h = render(cases[i]);
        assert_harmless(h);
        xy_free(h);
    }
    /* cmark says where it dropped something, so an editor can see it. */
    char *h = render("<script>alert(1)</script>\n");
    assert_non_null(strstr(h, "raw HTML omitted"));
    xy_free(h);
}

static void test_dangerous_urls_refused(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "[x](javascript:alert(1))\n",
        "[x](JavaScript:alert(1))\n",
        "[x](  javascript:alert(1) )\n",
        "[x](vbscript:msgbox(1))\n",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)\n",
        "![x](javascript:alert(1))\n",
        "<javascript:alert(1)>\n",
        "[x]\n\n[x]: javascript:alert(1)\n",
        "[x](&#106;avascript:alert(1))\n",
        "[x](java%73cript:alert(1))\n",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *h = render(cases[i]);
        assert_harmless(h);
        /* Only the URL goes: the link text stays. */
        if (cases[i][0] == '[')
            assert_non_null(strstr(h, ">x</a>"));
        xy_free(h);
    }
}

static void test_bad_utf8_and_empty(void **state)
{
    (void)state;
    char *h = xy_markdown_html("ok \xff\xfe end\n", 11);
    assert_non_null(h);
    assert_non_null(strstr(h, "ok "));
    xy_free(h);
    h = xy_markdown_html("", 0);
    assert_non_null(h);
    assert_string_equal(h, "");
    xy_free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_renders),
        cmocka_unit_test(test_raw_html_refused),
        cmocka_unit_test(test_dangerous_urls_refused),
        cmocka_unit_test(test_bad_utf8_and_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
