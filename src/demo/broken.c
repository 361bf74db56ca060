/* SPDX-License-Identifier: Apache-2.0 */
/* The demo generator's files for showing rejections: penalty rows of which every other one carries
 * one mistake, the same kind of rows encoded in GB18030, and a README naming each mistake in
 * Chinese and English. They are not in the manifest. */
#include "demo/demo_int.h"

#include <errno.h>
#include <iconv.h>

#include "common/xy_alloc.h"
#include "common/xy_buf.h"
#include "core/ids.h"
#include "core/uscc.h"

static const char USCC_ALPHA[] = XY_USCC_ALPHABET;

enum mistake {
    BAD_NONE,
    BAD_USCC_CHECK,
    BAD_NO_WSH,
    BAD_DATE,
    BAD_FINE_DECIMALS,
    BAD_FINE_MISSING,
    BAD_CATEGORY,
    BAD_ID_CHECK,
    BAD_VALID_TO,
    BAD_DUP_WSH,
    BAD_LONG_NAME,
    NBAD
};

static const struct {
    const char *field, *zh, *en;
} MISTAKES[NBAD] = {
    [BAD_USCC_CHECK] = {"CF_XDR_SHXYM", "统一社会信用代码校验位错误", "wrong USCC check character"},
    [BAD_NO_WSH] = {"CF_WSH", "缺少行政处罚决定书文号（必填）",
                    "decision document number missing (mandatory)"},
    [BAD_DATE] = {"CF_JDRQ", "处罚决定日期不存在：2023-02-30",
                  "decision date does not exist: 2023-02-30"},
    [BAD_FINE_DECIMALS] = {"CF_NR_FK", "罚款金额（万元）有7位小数，精度超过1分",
                           "fine in 10,000 yuan has 7 decimals, finer than a fen"},
    [BAD_FINE_MISSING] = {"CF_NR_FK", "处罚类别含罚款但未填罚款金额",
                          "categories include a fine (罚款) but no amount is given"},
    [BAD_CATEGORY] = {"CF_XDR_LB", "行政相对人类别代码不在代码表中",
                      "counterparty category code not in the code list"},
    [BAD_ID_CHECK] = {"CF_XDR_ZJHM", "自然人身份证号码校验位错误",
                      "natural person's ID number has a wrong check digit"},
    [BAD_VALID_TO] = {"CF_YXQ", "处罚有效期早于处罚决定日期",
                      "end of the penalty's effect is before the decision date"},
    [BAD_DUP_WSH] = {"CF_WSH", "决定书文号与本文件第1条记录重复",
                     "document number duplicates record 1 of this file"},
    [BAD_LONG_NAME] = {"CF_XDR_MC", "行政相对人名称超过200个字符",
                       "counterparty name longer than 200 characters"},
};

#define BROKEN_ROWS 20

static void put_field(struct gen *g, int col, const char *s)
{
    fs(&g->row, col, s);
}

static int add_line(struct gen *g, struct xy_buf *b)
{
    size_t n = xy_demo_row_format(&g->row, g->line);
    int rc = xy_buf_add(b, g->line, n);
    if (rc != XY_OK && g->rc == XY_OK)
        g->rc = xy_error_set(g->err, rc, "out of memory building the broken files");
    return rc;
}

static int add_header(struct gen *g, struct xy_buf *b, int cls)
{
    const struct class_shape *sh = &xy_demo_shapes[cls];
    int rc = XY_OK;
    for (int i = 0; i < sh->ncols && rc == XY_OK; i++) {
        if (i)
            rc = xy_buf_addc(b, ',');
        if (rc == XY_OK)
            rc = xy_buf_addz(b, sh->hdr[i]);
    }
    if (rc == XY_OK)
        rc = xy_buf_addz(b, "\r\n");
    if (rc != XY_OK && g->rc == XY_OK)
        g->rc = xy_error_set(g->err, rc, "out of memory building the broken files");
    return rc;
}

/* A template of the first department that fines. */
static const struct pen_tpl *fining_tpl(struct gen *g, const struct subject *s)
{
    for (int tries = 0; tries < 50; tries++) {
        const struct pen_tpl *t = xy_demo_pick_pen(g, s, D_SAMR);
        if (t && strstr(t->cats, "03"))
            return t;
    }
    return &xy_demo_pens[0];
}

int xy_demo_write_broken(struct gen *g, struct xy_demo_summary *sum)
{
    struct xy_buf csv, readme;
    int rc = XY_OK;
    char first_wsh[128] = "";
    xy_buf_init(&csv, 1u << 22);
    xy_buf_init(&readme, 1u << 20);
    rng_seed(&g->r, g->o->seed ^ 0xB40CE9F11E5ull);

    if (xy_demo_set_path(g, "broken") || xy_demo_make_dir(g, g->path)) {
        rc = g->rc;
        goto out;
    }
    if ((rc = add_header(g, &csv, XY_DEMO_PENALTY)) != XY_OK)
        goto out;
    rc = xy_buf_addz(
        &readme,
        "penalty-broken.csv —— "
        "武汉市市场监督管理局的行政处罚样例，共20条记录，其中偶数号记录各有一处错误。\n"
        "penalty-broken.csv: 20 penalty records of 武汉市市场监督管理局 (market regulation); each "
        "even-numbered record carries one mistake.\n"
        "记录号从1开始，不含表头（第N条记录位于文件第N+1行）。\n"
        "Records are numbered from 1, not counting the header (record N is on line N+1).\n\n");
    for (int i = 1; i <= BROKEN_ROWS && rc == XY_OK; i++) {
        enum mistake m = (i % 2 == 0) ? (enum mistake)(i / 2) : BAD_NONE;
        struct subject s;
        int kind = m == BAD_ID_CHECK                                                  ? K_PERSON
                   : (m == BAD_USCC_CHECK || m == BAD_LONG_NAME || m == BAD_CATEGORY) ? K_ORG
                                                                                      : -1;
        xy_demo_make_subject(g, g->o->subjects + 1000 + i, &s, kind,
                             (m == BAD_USCC_CHECK || m == BAD_LONG_NAME) ? O_ENTERPRISE : -1);
        const struct pen_tpl *t = (m == BAD_FINE_DECIMALS || m == BAD_FINE_MISSING)
                                      ? fining_tpl(g, &s)
                                      : xy_demo_pick_pen(g, &s, D_SAMR);
        xy_demo_build_penalty(g, &s, t, '2', 0);
        g->row.len[P_CXLX] = 0; /* keep these rows ordinary procedure */
        fs(&g->row, P_CXLX, "1");
        if (i == 1)
            snprintf(first_wsh, sizeof first_wsh, "%s", g->last_wsh);
        char val[1024] = "";
        switch (m) {
        case BAD_USCC_CHECK: {
            char code[19];
            memcpy(code, s.code, sizeof code);
            int v = xy_uscc_char_value(code[17]);
            code[17] = USCC_ALPHA[(v + 1 + (int)rng_below(&g->r, 29)) % 31];
            put_field(g, P_SHXYM, code);
            snprintf(val, sizeof val, "%s（正确应为 / should be %s）", code, s.code);
            break;
        }
        case BAD_NO_WSH:
            g->row.len[P_WSH] = 0;
            snprintf(val, sizeof val, "（空 / empty）");
            break;
        case BAD_DATE:
            put_field(g, P_JDRQ, "2023-02-30");
            snprintf(val, sizeof val, "2023-02-30");
            break;
        case BAD_FINE_DECIMALS:
            put_field(g, P_FK, "0.1234567");
            snprintf(val, sizeof val, "0.1234567");
            break;
        case BAD_FINE_MISSING:
            g->row.len[P_FK] = 0;
            snprintf(val, sizeof val, "（空 / empty）");
            break;
        case BAD_CATEGORY:
            put_field(g, P_LB, "05");
            snprintf(val, sizeof val, "05");
            break;
        case BAD_ID_CHECK: {
            char id[19];
            memcpy(id, s.idno, sizeof id);
            id[17] = id[17] == '0'   ? '1'
                     : id[17] == 'X' ? '3'
                                     : (char)('0' + (id[17] - '0' + 1) % 10);
            put_field(g, xy_demo_shapes[XY_DEMO_PENALTY].zjhm, id);
            snprintf(val, sizeof val, "%s（正确应为 / should be %s）", id, s.idno);
            break;
        }
        case BAD_VALID_TO: {
            fb(&g->row, P_YXQ);
            xy_demo_put_date_style(&g->row, g->last_day - 30, 0);
            fe(&g->row);
            snprintf(val, sizeof val, "%.*s", (int)g->row.len[P_YXQ],
                     g->row.txt + g->row.off[P_YXQ]);
            break;
        }
        case BAD_DUP_WSH:
            put_field(g, P_WSH, first_wsh);
            snprintf(val, sizeof val, "%s", first_wsh);
            break;
        case BAD_LONG_NAME: {
            char name[1024];
            snprintf(
                name, sizeof name,
                "%s（经营范围：食品销售、餐饮服务、日用百货销售、五金产品零售、电子产品销售、"
                "家用电器销售、服装服饰零售、文具用品零售、体育用品及器材零售、化妆品零售、"
                "个人卫生用品销售、办公用品销售、农副产品销售、水产品零售、鲜肉零售、蔬菜水果零售、"
                "食用农产品零售、互联网销售（除销售需要许可的商品）、信息咨询服务（不含许可类信息咨"
                "询服务）、"
                "技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广）",
                s.name);
            put_field(g, P_MC, name);
            snprintf(val, sizeof val, "%zu 个字符 / characters",
                     xy_id_char_count(name, strlen(name)));
            break;
        }
        default:
            break;
        }
        if ((rc = add_line(g, &csv)) != XY_OK)
            goto out;
        sum->broken_rows++;
        if (m != BAD_NONE) {
            sum->broken_bad++;
            rc = xy_buf_printf(&readme,
                               "第%d条记录（文件第%d行） 字段 %s：%s。值：%s\n"
                               "Record %d (line %d), field %s: %s. Value: %s\n\n",
                               i, i + 1, MISTAKES[m].field, MISTAKES[m].zh, val, i, i + 1,
                               MISTAKES[m].field, MISTAKES[m].en, val);
        }
    }
    if (rc != XY_OK)
        goto out;
    if ((rc = xy_demo_write_whole(g, "broken/penalty-broken.csv", csv.data, csv.len)) != XY_OK)
        goto out;

    /* A few good rows in GB18030, as some department systems still export them. */
    xy_buf_reset(&csv);
    if ((rc = add_header(g, &csv, XY_DEMO_PENALTY)) != XY_OK)
        goto out;
    for (int i = 0; i < 5; i++) {
        struct subject s;
        xy_demo_make_subject(g, g->o->subjects + 2000 + i, &s, -1, -1);
        xy_demo_build_penalty(g, &s, xy_demo_pick_pen(g, &s, D_SAMR), 0, 0);
        if ((rc = add_line(g, &csv)) != XY_OK)
            goto out;
        sum->gbk_rows++;
    }
    {
        iconv_t cd = iconv_open("GB18030", "UTF-8");
        if (cd == (iconv_t)-1) {
            rc = g->rc = xy_error_set(g->err, XY_EIO, "iconv cannot convert UTF-8 to GB18030: %s",
                                      strerror(errno));
            goto out;
        }
        size_t cap = csv.len * 2 + 16;
        char *outbuf = xy_malloc(cap);
        if (!outbuf) {
            iconv_close(cd);
            rc = g->rc = xy_error_set(g->err, XY_ENOMEM, "out of memory converting to GB18030");
            goto out;
        }
        char *in = csv.data, *o = outbuf;
        size_t inleft = csv.len, outleft = cap;
        size_t res = iconv(cd, &in, &inleft, &o, &outleft);
        iconv_close(cd);
        if (res == (size_t)-1) {
            xy_free(outbuf);
            rc = g->rc =
                xy_error_set(g->err, XY_EIO, "iconv to GB18030 failed: %s", strerror(errno));
            goto out;
        }
        rc = xy_demo_write_whole(g, "broken/penalty-gbk.csv", outbuf, cap - outleft);
        xy_free(outbuf);
        if (rc != XY_OK)
            goto out;
    }
    rc = xy_buf_printf(
        &readme,
        "penalty-gbk.csv —— %ld条正确的行政处罚记录（武汉市市场监督管理局），以GB18030编码保存，"
        "用于演示导入时的编码识别或转换。\n"
        "penalty-gbk.csv: %ld valid penalty records of the same department, encoded in "
        "GB18030, to demonstrate importing a non-UTF-8 file.\n\n"
        "这些文件不在 manifest.tsv 中，make-demo 不会导入。\n"
        "These files are not listed in manifest.tsv; make-demo does not import them.\n",
        sum->gbk_rows, sum->gbk_rows);
    if (rc == XY_OK)
        rc = xy_demo_write_whole(g, "broken/README.txt", readme.data, readme.len);
out:
    if (rc != XY_OK && g->rc == XY_OK)
        g->rc = xy_error_set(g->err, rc, "cannot build the broken files");
    xy_buf_release(&csv);
    xy_buf_release(&readme);
    return g->rc;
}
