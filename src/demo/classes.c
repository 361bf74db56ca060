/* SPDX-License-Identifier: Apache-2.0 */
/* The demo generator's further classes of the work plan: judgment defaulters from the court
 * (失信被执行人), government integrity events (政务诚信), inspections (行政检查), administrative
 * enforcement (行政强制), confirmations (行政确认), rewards (行政奖励) and honours (表彰荣誉). Drawn
 * from g->rx only (swapped in for g->r), so that the other classes' files stay byte-identical. */
#include "demo/demo_int.h"

/* Column indexes after the eight party columns, in the catalogue's order. */
enum { SX_JDSWH = 8, SX_AH, SX_ZXFY, SX_ZXFYDM, SX_SF, SX_ZXYJWH, SX_ZCZXYJDW, SX_LARQ, SX_YW, SX_LXQK,
       SX_YLXBF, SX_WLXBF, SX_SXQX, SX_FBRQ, SX_PBRQ, SX_BZ };
enum { ZW_SJBH = 8, ZW_SJLX, ZW_SJMS, ZW_RDYJ, ZW_SJJE, ZW_RDRQ, ZW_RDBM, ZW_RDBMDM, ZW_ZGZT, ZW_ZGRQ, ZW_ZGQK };
enum { JC_WSH = 8, JC_LX, JC_SX, JC_RQ, JC_JG, JC_CLQK, JC_JGMC, JC_JGDM };
enum { QZ_WSH = 8, QZ_FS, QZ_SY, QZ_YJ, QZ_NR, QZ_JE, QZ_JDRQ, QZ_QXZ, QZ_JG, QZ_JGDM };
enum { QR_WSH = 8, QR_SXMC, QR_LB, QR_NR, QR_JDRQ, QR_YXQZ, QR_JG, QR_JGDM };
enum { JL_WSH = 8, JL_MC, JL_DJ, JL_XS, JL_JE, JL_SY, JL_YJ, JL_JDRQ, JL_YXQZ, JL_JG, JL_JGDM };
enum { RY_WSH = 8, RY_MC, RY_DJ, RY_SY, RY_SYRQ, RY_YXQZ, RY_JG, RY_JGDM };

struct insp_tpl {
    int dept;
    const char *type, *matter;
};
static const struct insp_tpl insps[] = {
    {D_SAMR, "01", "企业公示信息情况检查"},     {D_SAMR, "01", "食品经营者落实食品安全主体责任情况检查"},
    {D_FIRE, "02", "消防安全重点单位消防安全检查"}, {D_SAFE, "03", "有限空间作业安全专项检查"},
    {D_ENV, "01", "排污许可证执行情况检查"},     {D_HR, "04", "用人单位劳动保障守法情况核查"},
};

struct enf_tpl {
    int dept;
    const char *method, *reason, *basis, *content;
    int days; /* the measure's term; 0 = none */
};
static const struct enf_tpl enfs[] = {
    {D_SAMR, "13", "涉嫌生产、销售不符合食品安全标准的食品", "《中华人民共和国食品安全法》第一百一十条",
     "扣押涉嫌不符合食品安全标准的预包装食品一批", 30},
    {D_ENV, "12", "涉嫌违法排放污染物，造成或者可能造成严重污染", "《中华人民共和国环境保护法》第二十五条",
     "查封违法排放污染物的设施、设备", 30},
    {D_TAX, "21", "逾期不缴纳税款", "《中华人民共和国税收征收管理法》第三十二条", "自滞纳税款之日起按日加收万分之五滞纳金", 0},
};

struct conf_tpl {
    int dept;
    const char *kind, *matter, *content;
    int years; /* 0: no end */
};
static const struct conf_tpl confs[] = {
    {D_BUILD, "02", "房屋建筑和市政基础设施工程竣工验收备案", "工程竣工验收备案材料齐全，予以备案", 0},
    {D_TAX, "01", "非营利组织免税资格认定", "符合非营利组织免税资格条件，予以确认", 5},
    {D_CULT, "01", "A级旅游景区质量等级评定", "评定为3A级旅游景区", 3},
    {D_HR, "01", "劳务派遣单位年度经营情况确认", "年度经营情况报告已核验", 1},
};

struct award_tpl {
    int dept;
    const char *name, *level, *form, *reason;
    int years;
    bool persons;
};
static const struct award_tpl rewards[] = {
    {D_SAFE, "安全生产工作先进单位", "3", "1;3", "年度安全生产工作成绩突出", 0, false},
    {D_ENV, "生态环境保护先进企业", "3", "1;2", "在污染防治攻坚战中表现突出", 0, false},
    {D_HR, "促进就业工作先进单位", "3", "1;2", "吸纳就业和稳岗工作成效显著", 0, false},
};
static const struct award_tpl honours[] = {
    {D_SAMR, "武汉市守合同重信用企业", "3", "", "连续两年守合同重信用", 2, false},
    {D_DEV, "武汉市诚信示范企业", "3", "", "信用管理制度健全、信用记录良好", 3, false},
    {D_HR, "武汉市劳动模范", "3", "", "在本职岗位上作出突出贡献", 0, true},
};

/* A document number of the court: （2025）鄂01执123号 (case), its decision （2025）鄂01执123号之一. */
static uint32_t court_no(struct gen *g, int cls, int32_t day)
{
    struct xy_date d = xy_date_from_days(day);
    int yi = d.y - DATE_FIRST_Y;
    yi = yi < 0 ? 0 : yi >= NYEARS ? NYEARS - 1 : yi;
    return ++g->seq[D_COURT][cls][yi];
}

static void case_no(struct row *r, int32_t day, uint32_t n)
{
    ap(r, "（");
    apu(r, (uint64_t)xy_date_from_days(day).y, 4);
    ap(r, "）鄂01执");
    apu(r, n, 0);
    ap(r, "号");
}

static int32_t day_after(struct gen *g, const struct subject *s, int back_days)
{
    int32_t lo = g->d_today - back_days;
    if (lo < s->founded + 30)
        lo = s->founded + 30;
    return rand_day(g, lo, g->d_today);
}

static void build_defaulter(struct gen *g, const struct subject *s)
{
    struct row *r = &g->row;
    row_reset(r, xy_demo_shapes[XY_DEMO_DEFAULTER].ncols);
    xy_demo_pick_style(g);
    xy_demo_put_party(g, XY_DEMO_DEFAULTER, s);
    int32_t pub = day_after(g, s, 600);
    int32_t filed = pub - rng_range(&g->r, 90, 400);
    if (filed < s->founded)
        filed = s->founded;
    uint32_t n = court_no(g, XY_DEMO_DEFAULTER, filed);
    fb(r, SX_JDSWH);
    case_no(r, filed, n);
    ap(r, "之一");
    fe(r);
    fb(r, SX_AH);
    case_no(r, filed, n);
    fe(r);
    xy_demo_put_dept(g, SX_ZXFY, SX_ZXFYDM, D_COURT);
    fs(r, SX_SF, "湖北");
    fb(r, SX_ZXYJWH);
    ap(r, "（");
    apu(r, (uint64_t)xy_date_from_days(filed).y - 1, 4);
    ap(r, "）鄂01民初");
    apu(r, rng_range(&g->r, 100, 9999), 0);
    ap(r, "号");
    fe(r);
    fs(r, SX_ZCZXYJDW, "武汉市中级人民法院");
    xy_demo_put_date(g, SX_LARQ, filed);
    uint32_t wan = (uint32_t)rng_range(&g->r, 5, 900);
    fb(r, SX_YW);
    ap(r, "被告于判决生效之日起十日内向原告支付货款");
    apu(r, wan, 0);
    ap(r, "万元及逾期付款利息");
    fe(r);
    bool part = rng_permille(&g->r, 300);
    fs(r, SX_LXQK, part ? "2" : "1");
    if (part) {
        fs(r, SX_YLXBF, "已支付部分货款");
        fs(r, SX_WLXBF, "尚欠货款及利息");
    }
    fs(r, SX_SXQX, rng_permille(&g->r, 800) ? "1" : "1;4");
    xy_demo_put_date(g, SX_FBRQ, pub);
}

static void build_inspection(struct gen *g, const struct subject *s, const struct insp_tpl *t, bool clean)
{
    struct row *r = &g->row;
    row_reset(r, xy_demo_shapes[XY_DEMO_INSPECTION].ncols);
    xy_demo_pick_style(g);
    xy_demo_put_party(g, XY_DEMO_INSPECTION, s);
    int32_t day = day_after(g, s, 700);
    fb(r, JC_WSH);
    xy_demo_doc_no(g, t->dept, XY_DEMO_INSPECTION, day);
    fe(r);
    fs(r, JC_LX, t->type);
    fs(r, JC_SX, t->matter);
    xy_demo_put_date(g, JC_RQ, day);
    uint32_t u = rng_below(&g->r, 1000);
    const char *res = clean || u < 750 ? "01" : u < 900 ? "07" : u < 960 ? "08" : "02";
    fs(r, JC_JG, res);
    if (!strcmp(res, "07"))
        fs(r, JC_CLQK, "已当场责令改正，复查合格");
    else if (!strcmp(res, "08"))
        fs(r, JC_CLQK, "已移交执法机构依法处理");
    xy_demo_put_dept(g, JC_JGMC, JC_JGDM, t->dept);
}

static void build_enforcement(struct gen *g, const struct subject *s, const struct enf_tpl *t)
{
    struct row *r = &g->row;
    row_reset(r, xy_demo_shapes[XY_DEMO_ENFORCEMENT].ncols);
    xy_demo_pick_style(g);
    xy_demo_put_party(g, XY_DEMO_ENFORCEMENT, s);
    int32_t day = day_after(g, s, 900);
    fb(r, QZ_WSH);
    xy_demo_doc_no(g, t->dept, XY_DEMO_ENFORCEMENT, day);
    fe(r);
    fs(r, QZ_FS, t->method);
    fs(r, QZ_SY, t->reason);
    fs(r, QZ_YJ, t->basis);
    fs(r, QZ_NR, t->content);
    if (!strcmp(t->method, "21")) {
        fb(r, QZ_JE);
        xy_demo_put_wan(r, (int64_t)rng_range(&g->r, 1000, 500000));
        fe(r);
    }
    xy_demo_put_date(g, QZ_JDRQ, day);
    if (t->days)
        xy_demo_put_date(g, QZ_QXZ, day + t->days);
    xy_demo_put_dept(g, QZ_JG, QZ_JGDM, t->dept);
}

static void build_confirmation(struct gen *g, const struct subject *s, const struct conf_tpl *t)
{
    struct row *r = &g->row;
    row_reset(r, xy_demo_shapes[XY_DEMO_CONFIRMATION].ncols);
    xy_demo_pick_style(g);
    xy_demo_put_party(g, XY_DEMO_CONFIRMATION, s);
    int32_t day = day_after(g, s, 1200);
    fb(r, QR_WSH);
    xy_demo_doc_no(g, t->dept, XY_DEMO_CONFIRMATION, day);
    fe(r);
    fs(r, QR_SXMC, t->matter);
    fs(r, QR_LB, t->kind);
    fs(r, QR_NR, t->content);
    xy_demo_put_date(g, QR_JDRQ, day);
    if (t->years)
        xy_demo_put_date(g, QR_YXQZ, add_months_days(day, 12 * t->years) - 1);
    xy_demo_put_dept(g, QR_JG, QR_JGDM, t->dept);
}

static void build_award(struct gen *g, const struct subject *s, const struct award_tpl *t, bool honour)
{
    struct row *r = &g->row;
    int cls = honour ? XY_DEMO_HONOUR : XY_DEMO_REWARD;
    row_reset(r, xy_demo_shapes[cls].ncols);
    xy_demo_pick_style(g);
    xy_demo_put_party(g, cls, s);
    int32_t day = day_after(g, s, 1000);
    struct xy_date d = xy_date_from_days(day);
    fb(r, honour ? RY_WSH : JL_WSH);
    xy_demo_doc_no(g, t->dept, cls, day);
    fe(r);
    fb(r, honour ? RY_MC : JL_MC);
    apu(r, (uint64_t)d.y - 1, 4);
    ap(r, "年度");
    ap(r, t->name);
    fe(r);
    fs(r, honour ? RY_DJ : JL_DJ, t->level);
    if (!honour) {
        fs(r, JL_XS, t->form);
        if (strstr(t->form, "3")) {
            fb(r, JL_JE);
            xy_demo_put_wan(r, (int64_t)rng_range(&g->r, 10, 50) * 100000);
            fe(r);
        }
    }
    fs(r, honour ? RY_SY : JL_SY, t->reason);
    xy_demo_put_date(g, honour ? RY_SYRQ : JL_JDRQ, day);
    if (t->years)
        xy_demo_put_date(g, honour ? RY_YXQZ : JL_YXQZ, add_months_days(day, 12 * t->years) - 1);
    xy_demo_put_dept(g, honour ? RY_JG : JL_JG, honour ? RY_JGDM : JL_JGDM, t->dept);
}

static void emit(struct gen *g, int dept, int cls)
{
    xy_demo_write_row(g, xy_demo_dept_file(g, dept, cls), cls);
}

void xy_demo_emit_classes(struct gen *g, const struct subject *s, bool demo)
{
    if (s->placeholder)
        return; /* these classes have no registration-number field to identify such a subject */
    struct rng main_stream = g->r;
    g->r = g->rx;
    bool org = s->kind != K_PERSON;
    if (!demo && rng_permille(&g->r, 15)) { /* not the demo company: its story is its black-list entry */
        build_defaulter(g, s);
        emit(g, D_COURT, XY_DEMO_DEFAULTER);
    }
    if (org && (demo || rng_permille(&g->r, 80))) {
        const struct insp_tpl *t = &insps[demo ? 0 : rng_below(&g->r, ARRAY_LEN(insps))];
        build_inspection(g, s, t, demo);
        emit(g, t->dept, XY_DEMO_INSPECTION);
    }
    if (org && (demo || rng_permille(&g->r, 12))) {
        const struct enf_tpl *t = &enfs[demo ? 0 : rng_below(&g->r, ARRAY_LEN(enfs))];
        build_enforcement(g, s, t);
        emit(g, t->dept, XY_DEMO_ENFORCEMENT);
    }
    if (org && s->kind == K_ORG && (demo || rng_permille(&g->r, 30))) {
        const struct conf_tpl *t = &confs[demo ? 0 : rng_below(&g->r, ARRAY_LEN(confs))];
        build_confirmation(g, s, t);
        emit(g, t->dept, XY_DEMO_CONFIRMATION);
    }
    if (!demo && s->kind == K_ORG && rng_permille(&g->r, 25)) {
        const struct award_tpl *t = &rewards[rng_below(&g->r, ARRAY_LEN(rewards))];
        build_award(g, s, t, false);
        emit(g, t->dept, XY_DEMO_REWARD);
    }
    if (!demo && rng_permille(&g->r, org ? 25 : 5)) {
        const struct award_tpl *t = &honours[org ? rng_below(&g->r, 2) : 2];
        build_award(g, s, t, true);
        emit(g, t->dept, XY_DEMO_HONOUR);
    }
    g->rx = g->r;
    g->r = main_stream;
}

/* Events of government bodies (the demo's departments themselves), identified by the development
 * and reform commission, which leads the city's credit work: unpaid contracts and broken promises,
 * most rectified, some in progress, a few not. */
void xy_demo_emit_gov_integrity(struct gen *g)
{
    static const struct {
        int body;
        const char *type, *facts;
        uint32_t wan; /* 0: no amount */
        char status;  /* '1' rectified, '2' in progress, '3' not */
    } ev[] = {
        {D_BUILD, "01", "拖欠施工企业工程款，经人民法院判决后逾期未支付", 380, '1'},
        {D_CITY, "01", "拖欠环卫作业服务采购合同款项", 126, '1'},
        {D_TRANS, "02", "未按招商引资协议约定兑现道路配套建设承诺", 0, '2'},
        {D_CULT, "03", "未按期兑现文旅企业纾困补贴政策承诺", 45, '1'},
        {D_HEALTH, "01", "拖欠医疗设备采购合同尾款", 88, '3'},
    };
    struct rng main_stream = g->r;
    g->r = g->rx;
    for (size_t i = 0; i < ARRAY_LEN(ev); i++) {
        struct row *r = &g->row;
        int b = ev[i].body;
        row_reset(r, xy_demo_shapes[XY_DEMO_GOV_INTEGRITY].ncols);
        xy_demo_pick_style(g);
        fs(r, 0, xy_demo_depts[b].name);
        fs(r, 1, "02");
        fs(r, 2, g->dept_code[b]);
        fs(r, 3, "局长");
        int32_t day = rand_day(g, g->d_today - 700, g->d_today - 90);
        fb(r, ZW_SJBH);
        xy_demo_doc_no(g, D_DEV, XY_DEMO_GOV_INTEGRITY, day);
        fe(r);
        fs(r, ZW_SJLX, ev[i].type);
        fs(r, ZW_SJMS, ev[i].facts);
        fs(r, ZW_RDYJ, "《国务院关于加强政务诚信建设的指导意见》（国发〔2016〕76号）");
        if (ev[i].wan) {
            fb(r, ZW_SJJE);
            apu(r, ev[i].wan, 0);
            fe(r);
        }
        xy_demo_put_date(g, ZW_RDRQ, day);
        xy_demo_put_dept(g, ZW_RDBM, ZW_RDBMDM, D_DEV);
        char st[2] = {ev[i].status, '\0'};
        fs(r, ZW_ZGZT, st);
        if (ev[i].status == '1')
            xy_demo_put_date(g, ZW_ZGRQ, day + rng_range(&g->r, 20, 80));
        if (ev[i].status != '3')
            fs(r, ZW_ZGQK, ev[i].status == '1' ? "已全额支付并向对方致歉，建立防范拖欠长效机制" : "已制定整改方案，分期履行");
        emit(g, D_DEV, XY_DEMO_GOV_INTEGRITY);
    }
    g->rx = g->r;
    g->r = main_stream;
}
