/* SPDX-License-Identifier: Apache-2.0 */
/* Checking a report file (report.h, xy_report_verify): poppler reads the PDF as any viewer would (its
 * document information, the text and the links of each page), OpenSSL checks the signature, and the
 * register, when asked, says whether this exact file was issued under that number. */
#include "app/report.h"
#include "app/app_int.h"
#include "app/report_int.h"

#include <poppler.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "common/xy_alloc.h"

struct verdict {
    json_t *checks;
    int valid;
};

static void check(struct verdict *v, const char *name, int ok, const char *detail)
{
    json_array_append_new(v->checks, json_pack("{s:s, s:b, s:s}", "check", name, "ok", ok, "detail", detail));
    if (!ok)
        v->valid = 0;
}

/* The signed package of a PDF (its Keywords entry) or of a JSON edition, as canonical text, number and
 * signature. Returns 0, or -1 with why in why. */
struct package {
    char number[XY_REPORT_NUMBER_SIZE];
    char *canonical; /* owned */
    uint8_t sig[256];
    size_t siglen;
};

static int read_package_json(const json_t *p, struct package *pk, char *why, size_t size)
{
    const char *number = json_string_value(json_object_get(p, "number"));
    const char *canonical = json_string_value(json_object_get(p, "canonical"));
    const char *sig = json_string_value(json_object_get(p, "signature"));
    if (!number || !canonical || !sig || strlen(number) >= sizeof pk->number) {
        snprintf(why, size, "签名数据不完整 (the signed package is incomplete)");
        return -1;
    }
    snprintf(pk->number, sizeof pk->number, "%s", number);
    if (sodium_base642bin(pk->sig, sizeof pk->sig, sig, strlen(sig), NULL, &pk->siglen, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0) {
        snprintf(why, size, "签名不是 base64 编码 (the signature is not base64)");
        return -1;
    }
    if (!(pk->canonical = xy_strdup(canonical))) {
        snprintf(why, size, "out of memory");
        return -1;
    }
    return 0;
}

static int package_from_keywords(const char *kw, struct package *pk, char *why, size_t size)
{
    size_t plen = strlen(XY_REPORT_EMBED_PREFIX);
    if (!kw || strncmp(kw, XY_REPORT_EMBED_PREFIX, plen) != 0) {
        snprintf(why, size, "文件中没有平台的签名数据：不是本平台出具的报告 (the file carries no signed package of the "
                 "platform: not a report it issued)");
        return -1;
    }
    const char *b64 = kw + plen;
    size_t n = strlen(b64), got = 0;
    char *text = xy_malloc(n / 4 * 3 + 4);
    if (!text) {
        snprintf(why, size, "out of memory");
        return -1;
    }
    if (sodium_base642bin((unsigned char *)text, n / 4 * 3 + 3, b64, n, NULL, &got, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0) {
        xy_free(text);
        snprintf(why, size, "签名数据已损坏 (the signed package is damaged)");
        return -1;
    }
    text[got] = '\0';
    json_error_t jerr;
    json_t *p = json_loads(text, 0, &jerr);
    xy_free(text);
    if (!p) {
        snprintf(why, size, "签名数据已损坏 (the signed package is damaged)");
        return -1;
    }
    int rc = read_package_json(p, pk, why, size);
    json_decref(p);
    return rc;
}

/* A JSON edition: {"report":{...},"signature":{"value":...}}; its canonical text is made again. */
static int package_from_json_edition(const void *data, size_t n, struct package *pk, char *why, size_t size)
{
    json_error_t jerr;
    json_t *doc = json_loadb(data, n, 0, &jerr);
    const json_t *report = json_object_get(doc, "report");
    const char *sig = json_string_value(json_object_get(json_object_get(doc, "signature"), "value"));
    const char *number = json_string_value(json_object_get(report, "number"));
    int rc = -1;
    if (!json_is_object(report) || !sig || !number || strlen(number) >= sizeof pk->number)
        snprintf(why, size, "不是本平台出具的 JSON 报告 (not a JSON report of the platform)");
    else if (sodium_base642bin(pk->sig, sizeof pk->sig, sig, strlen(sig), NULL, &pk->siglen, NULL,
                               sodium_base64_VARIANT_ORIGINAL) != 0)
        snprintf(why, size, "签名不是 base64 编码 (the signature is not base64)");
    else if (!(pk->canonical = json_dumps(report, JSON_SORT_KEYS | JSON_COMPACT)))
        snprintf(why, size, "out of memory");
    else {
        snprintf(pk->number, sizeof pk->number, "%s", number);
        rc = 0;
    }
    json_decref(doc);
    return rc;
}

/* Does every page say the number, the first the subject's code and name, and does every QR link go
 * to the verification page the signed content names? */
static void check_pages(struct verdict *v, PopplerDocument *pdf, const json_t *content)
{
    const char *number = json_string_value(json_object_get(content, "number"));
    const json_t *subject = json_object_get(content, "subject");
    const char *code = json_string_value(json_object_get(subject, "code"));
    const char *name = json_string_value(json_object_get(subject, "name"));
    const char *url = json_string_value(json_object_get(content, "verify_url"));
    int pages = poppler_document_get_n_pages(pdf), numbers_ok = pages > 0, first_ok = 0, links_ok = pages > 0;
    char want[64], detail[600];
    snprintf(want, sizeof want, "报告编号：%s", number ? number : "");
    for (int i = 0; i < pages; i++) {
        PopplerPage *page = poppler_document_get_page(pdf, i);
        char *text = page ? poppler_page_get_text(page) : NULL;
        if (!text || !strstr(text, want))
            numbers_ok = 0;
        if (i == 0 && text && code && name && strstr(text, code) && strstr(text, name))
            first_ok = 1;
        g_free(text);
        int links = 0, good = 0;
        GList *map = page ? poppler_page_get_link_mapping(page) : NULL;
        for (GList *l = map; l; l = l->next) {
            PopplerLinkMapping *m = l->data;
            if (m->action && m->action->type == POPPLER_ACTION_URI) {
                links++;
                good += url && m->action->uri.uri && strcmp(m->action->uri.uri, url) == 0;
            }
        }
        poppler_page_free_link_mapping(map);
        if (!links || links != good)
            links_ok = 0;
        if (page)
            g_object_unref(page);
    }
    snprintf(detail, sizeof detail, "%d 页均印有“%s” (every one of %d pages shows the number)", pages, want, pages);
    check(v, "pages_number", numbers_ok,
          numbers_ok ? detail : "页面所印报告编号与签名内容不符 (the pages do not show the signed report number)");
    check(v, "pages_subject", first_ok,
          first_ok ? "首页所印主体名称和代码与签名内容一致 (the first page shows the signed subject)"
                   : "首页所印主体名称或代码与签名内容不符 (the first page does not show the signed subject)");
    check(v, "qr_links", links_ok,
          links_ok ? "每页二维码均指向本编号的核验页面 (every page's QR code links to this number's verification page)"
                   : "二维码链接与报告编号不符 (a QR code does not link to this report's verification page)");
}

struct reg {
    int found;
    int has_pdf;
    uint8_t pdf_sha[32];
    uint8_t json_sm3[32];
};

static int on_reg(void *ctx, const struct xy_report_row *r)
{
    struct reg *g = ctx;
    g->found = 1;
    g->has_pdf = r->pdf_sha256 != NULL;
    if (r->pdf_sha256)
        memcpy(g->pdf_sha, r->pdf_sha256, 32);
    memcpy(g->json_sm3, r->json_sm3, 32);
    return 1;
}

int xy_report_verify(struct xy_app *app, const void *data, size_t n, const char *pub_pem, size_t pem_len,
                     const char *expect_number, int online, json_t **out, struct xy_error *err)
{
    struct verdict v = {.checks = json_array(), .valid = 1};
    struct package pk = {0};
    EVP_PKEY *pub = NULL;
    PopplerDocument *pdf = NULL;
    json_t *content = NULL;
    char why[512], detail[600];
    int rc = XY_OK, is_pdf = n >= 5 && memcmp(data, "%PDF-", 5) == 0;
    *out = NULL;
    if (!v.checks)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    /* The key: given, or this platform's. */
    if (pub_pem)
        rc = xy_report_key_from_pem(pub_pem, pem_len, &pub, err);
    else if (!app)
        rc = xy_error_set(err, XY_EINVAL, "须给出公钥 (a public key is needed)");
    else {
        char *pem = NULL;
        size_t len = 0;
        rc = xy_report_public_key(app, &pem, &len, err);
        if (!rc)
            rc = xy_report_key_from_pem(pem, len, &pub, err);
        xy_free(pem);
    }
    if (rc)
        goto out;
    /* The signed package. */
    int got;
    if (is_pdf) {
        GError *gerr = NULL;
        GBytes *bytes = g_bytes_new(data, n);
        pdf = poppler_document_new_from_bytes(bytes, NULL, &gerr);
        g_bytes_unref(bytes);
        if (!pdf) {
            snprintf(why, sizeof why, "文件不是可读的 PDF (the file is not a readable PDF: %s)",
                     gerr ? gerr->message : "?");
            g_clear_error(&gerr);
            got = -1;
        } else {
            char *kw = poppler_document_get_keywords(pdf);
            got = package_from_keywords(kw, &pk, why, sizeof why);
            g_free(kw);
        }
    } else {
        got = package_from_json_edition(data, n, &pk, why, sizeof why);
    }
    check(v.checks ? &v : &v, "package", got == 0, got == 0 ? "文件载有平台的签名数据 (the file carries the signed package)"
                                                           : why);
    if (got != 0)
        goto done;
    int sig_ok = xy_report_sig_ok(pub, pk.canonical, strlen(pk.canonical), pk.sig, pk.siglen);
    check(&v, "signature", sig_ok,
          sig_ok ? "SM2 签名有效 (the SM2 signature over SM3 is valid)"
                 : "SM2 签名无效：签名内容被改动或不是本平台签发 (the SM2 signature does not verify: the content was "
                   "changed, or another key signed it)");
    json_error_t jerr;
    content = json_loads(pk.canonical, 0, &jerr);
    const char *cnum = json_string_value(json_object_get(content, "number"));
    int num_ok = content && cnum && strcmp(cnum, pk.number) == 0;
    check(&v, "number", num_ok, num_ok ? "签名内容中的报告编号一致 (the signed content names this number)"
                                       : "签名内容中的报告编号不一致 (the signed content names another number)");
    if (expect_number) {
        int same = strcmp(expect_number, pk.number) == 0;
        snprintf(detail, sizeof detail,
                 same ? "文件即报告 %s (the file is report %s)"
                      : "文件是报告 %2$s，不是 %1$s：二维码或编号与文件不符 (the file is report %2$s, not %1$s: the QR "
                        "code or number does not belong to it)",
                 expect_number, pk.number);
        check(&v, "expected_number", same, detail);
    }
    if (pdf && content)
        check_pages(&v, pdf, content);
    if (online && app) {
        struct reg g = {0};
        const char *num = expect_number ? expect_number : pk.number;
        int r = app->store->ops->report_get(app->store, num, on_reg, &g, NULL);
        if (r && r != XY_ENOTFOUND) {
            rc = xy_error_set(err, r, "无法读取报告登记簿 (the register could not be read)");
            goto out;
        }
        snprintf(detail, sizeof detail,
                 g.found ? "编号 %s 已登记 (number %s is registered)"
                         : "编号 %s 从未出具 (no report numbered %s was ever issued)",
                 num, num);
        check(&v, "registered", g.found, detail);
        if (g.found) {
            uint8_t h[32];
            if (is_pdf) {
                xy_report_sha256(data, n, h);
                int same = g.has_pdf && sodium_memcmp(h, g.pdf_sha, 32) == 0;
                check(&v, "file_hash", same,
                      same ? "文件的 SHA-256 与登记一致 (the file's SHA-256 is the one on record)"
                           : "文件的 SHA-256 与登记不符：文件被改动，或是另一份报告 (the file's SHA-256 is not the one on "
                             "record: the file was changed, or it is another report)");
            }
            xy_report_sm3(pk.canonical, strlen(pk.canonical), h);
            int same = sodium_memcmp(h, g.json_sm3, 32) == 0;
            check(&v, "content_hash", same,
                  same ? "签名内容的 SM3 与登记一致 (the signed content's SM3 is the one on record)"
                       : "签名内容的 SM3 与登记不符 (the signed content's SM3 is not the one on record)");
        }
    }
done:
    *out = json_pack("{s:b, s:s?, s:O?, s:o}", "valid", v.valid, "number", pk.number[0] ? pk.number : NULL, "subject",
                     json_object_get(content, "subject"), "checks", v.checks);
    v.checks = NULL;
    if (!*out)
        rc = xy_error_set(err, XY_ENOMEM, "out of memory");
out:
    json_decref(v.checks);
    json_decref(content);
    xy_free(pk.canonical);
    EVP_PKEY_free(pub);
    if (pdf)
        g_object_unref(pdf);
    return rc;
}
