/* SPDX-License-Identifier: Apache-2.0 */
/* The demo data generator (see demo.h). Everything derives from one xoshiro256** stream seeded
 * from the seed, and from the subject index through keyed permutations, so that codes, ID numbers
 * and company names are unique without any lookup table and the output is byte-identical for the
 * same options. Arrears, added later, draw from a second stream of their own (a different seed
 * constant), so that the other classes came out unchanged. Rows are built in a fixed per-row arena
 * and written with our own RFC 4180 quoting: a million subjects is a few million rows, so nothing
 * here allocates per row. */
#include "app/demo.h"

#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "common/xy_alloc.h"
#include "common/xy_buf.h"
#include "common/xy_money.h"
#include "core/orgcode.h"
#include "core/ric.h"
#include "core/uscc.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---------------------------------------------------------------------------------------------
 * Random numbers: splitmix64 to seed, xoshiro256** to draw. Never rand(): the output must not
 * depend on the C library. */

struct rng {
    uint64_t s[4];
};

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static void rng_seed(struct rng *r, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(struct rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Uniform in [0, n), n > 0 (Lemire's multiply; the bias is below 2^-32, irrelevant here). */
static uint32_t rng_below(struct rng *r, uint32_t n)
{
    return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

static int rng_range(struct rng *r, int lo, int hi) /* inclusive */
{
    return lo + (int)rng_below(r, (uint32_t)(hi - lo + 1));
}

static bool rng_permille(struct rng *r, unsigned pm)
{
    return rng_below(r, 1000) < pm;
}

/* A keyed permutation of [0, n): a bijective mix on the smallest power-of-two domain holding n
 * (xor with key, multiply by an odd constant, xor-shift: each step is invertible), walked until
 * the value falls below n. Distinct indexes give distinct values without any table. */
struct perm {
    uint64_t n, mask, key[3];
    unsigned bits;
};

static void perm_init(struct perm *p, uint64_t n, uint64_t seed, uint64_t salt)
{
    uint64_t x = seed ^ (salt * 0xD6E8FEB86659FD93ull);
    p->n = n;
    p->bits = 1;
    while (p->bits < 63 && (1ull << p->bits) < n)
        p->bits++;
    p->mask = (1ull << p->bits) - 1;
    for (int i = 0; i < 3; i++)
        p->key[i] = splitmix64(&x) & p->mask;
}

static uint64_t perm_apply(const struct perm *p, uint64_t x)
{
    unsigned shift = p->bits / 2 + 1;
    x %= p->n;
    do {
        for (int i = 0; i < 3; i++) {
            x ^= p->key[i];
            x = (x * 0x9E3779B97F4A7C15ull) & p->mask;
            x ^= x >> shift;
        }
    } while (x >= p->n);
    return x;
}

/* ---------------------------------------------------------------------------------------------
 * Reference data: departments, districts, names, and the record templates. */

enum dept_id {
    D_SAMR,
    D_ENV,
    D_TAX,
    D_CITY,
    D_SAFE,
    D_TRANS,
    D_BUILD,
    D_HEALTH,
    D_FIRE,
    D_HR,
    D_CULT,
    D_DEV,
    NDEPT
};

#define B(d) (1u << (d))

struct dept {
    const char *name;
    const char *abbr; /* prefix of document numbers */
    const char *pen;  /* the penalty document word after abbr */
    int width;        /* zero-padded width of the number, 0 = none */
    const char *body; /* the 8-character organisation-code body of its USCC */
};

/* Document words after the abbreviation for the other classes. */
static const char *const CLASS_DOC_WORD[XY_DEMO_NCLASSES] = {"许",   NULL,   "激", "惩",
                                                             "关注", "承诺", "欠"};

static const struct dept DEPTS[NDEPT] = {
    {"武汉市市场监督管理局", "武市监", "罚", 0, "MB152034"},
    {"武汉市生态环境局", "武环", "罚字", 0, "MB1D2856"},
    {"国家税务总局武汉市税务局", "武税", "罚", 4, "01074163"},
    {"武汉市城市管理执法委员会", "武城管", "罚", 0, "MB1A0327"},
    {"武汉市应急管理局", "武应急", "罚", 3, "MB1C5692"},
    {"武汉市交通运输局", "武交", "罚", 3, "01075289"},
    {"武汉市住房和城乡建设局", "武建", "罚", 0, "01073734"},
    {"武汉市卫生健康委员会", "武卫", "医罚", 0, "MB1B9745"},
    {"武汉市消防救援支队", "武消", "行罚决字", 4, "MB1E4016"},
    {"武汉市人力资源和社会保障局", "武人社", "监罚", 0, "01076510"},
    {"武汉市文化和旅游局", "武文旅", "罚", 0, "MB1C0863"},
    {"武汉市发展和改革委员会", "武发改", "罚", 0, "01072047"},
};

struct district {
    const char *code;
    const char *name;
    const char *shortname; /* without 区, for branch names */
    const char *roads[3];
    unsigned weight;
    bool rural;
};

static const struct district DISTRICTS[] = {
    {"420102", "江岸区", "江岸", {"解放大道", "沿江大道", "黄浦大街"}, 10, false},
    {"420103", "江汉区", "江汉", {"建设大道", "新华路", "青年路"}, 10, false},
    {"420104", "硚口区", "硚口", {"汉正街", "长丰大道", "古田二路"}, 7, false},
    {"420105", "汉阳区", "汉阳", {"汉阳大道", "龙阳大道", "四新大道"}, 7, false},
    {"420106", "武昌区", "武昌", {"武珞路", "中北路", "友谊大道"}, 11, false},
    {"420107", "青山区", "青山", {"和平大道", "冶金大道", "建设一路"}, 5, false},
    {"420111", "洪山区", "洪山", {"珞喻路", "雄楚大道", "光谷大道"}, 14, false},
    {"420112", "东西湖区", "东西湖", {"金银湖路", "东吴大道", "临空港大道"}, 7, true},
    {"420113", "汉南区", "汉南", {"汉南大道", "纱帽正街", "兴城大道"}, 2, true},
    {"420114", "蔡甸区", "蔡甸", {"蔡甸大街", "知音湖大道", "成功大道"}, 5, true},
    {"420115", "江夏区", "江夏", {"文化大道", "纸坊大街", "庙山大道"}, 8, true},
    {"420116", "黄陂区", "黄陂", {"黄陂大道", "盘龙大道", "前川大道"}, 7, true},
    {"420117", "新洲区", "新洲", {"新洲大道", "邾城街", "齐安大道"}, 4, true},
};
#define NDISTRICT ((int)ARRAY_LEN(DISTRICTS))

/* Brand tokens. No token is a prefix of another (光谷 is, but 光 alone is not a token), so
 * distinct token sequences spell distinct brands. */
static const char *const TOKENS[] = {
    "华", "鑫", "恒", "泰", "盛", "达", "科", "创", "楚", "江", "汉", "光谷", "宏",
    "瑞", "博", "信", "和", "兴", "隆", "安", "东", "方", "金", "诚", "正",   "天",
    "润", "德", "丰", "远", "嘉", "联", "森", "源", "通", "荣", "凯", "锦",   "辰",
    "宇", "航", "晟", "昌", "茂", "新", "中", "启", "明", "汇", "星",
};
#define NTOKEN ((uint64_t)ARRAY_LEN(TOKENS))

struct industry {
    const char *name;
    unsigned aff; /* departments that license and inspect it most */
};

static const struct industry INDUSTRIES[] = {
    {"科技", B(D_SAMR) | B(D_TAX)},
    {"信息技术", B(D_TAX)},
    {"网络科技", B(D_TAX) | B(D_CULT)},
    {"商贸", B(D_SAMR) | B(D_TAX)},
    {"贸易", B(D_SAMR) | B(D_TAX)},
    {"建筑工程", B(D_BUILD) | B(D_SAFE) | B(D_HR)},
    {"建设工程", B(D_BUILD) | B(D_HR)},
    {"装饰工程", B(D_BUILD) | B(D_FIRE)},
    {"餐饮管理", B(D_SAMR) | B(D_HEALTH) | B(D_FIRE)},
    {"物流", B(D_TRANS) | B(D_SAFE)},
    {"供应链管理", B(D_TRANS) | B(D_TAX)},
    {"医药", B(D_SAMR) | B(D_HEALTH)},
    {"医疗器械", B(D_SAMR) | B(D_HEALTH)},
    {"环保科技", B(D_ENV)},
    {"文化传媒", B(D_CULT) | B(D_CITY)},
    {"广告", B(D_CITY) | B(D_SAMR)},
    {"机械设备", B(D_SAMR) | B(D_SAFE)},
    {"电子", B(D_SAMR) | B(D_ENV)},
    {"汽车服务", B(D_SAMR) | B(D_ENV) | B(D_TRANS)},
    {"房地产开发", B(D_BUILD) | B(D_DEV) | B(D_HR)},
    {"置业", B(D_BUILD) | B(D_DEV)},
    {"物业管理", B(D_FIRE) | B(D_HR) | B(D_BUILD)},
    {"酒店管理", B(D_HEALTH) | B(D_FIRE) | B(D_CULT)},
    {"教育咨询", B(D_SAMR) | B(D_CULT)},
    {"企业管理咨询", B(D_TAX)},
    {"人力资源", B(D_HR)},
    {"劳务", B(D_HR) | B(D_BUILD)},
    {"农业科技", B(D_SAMR) | B(D_ENV)},
    {"食品", B(D_SAMR) | B(D_HEALTH) | B(D_ENV)},
    {"生物科技", B(D_ENV) | B(D_SAFE)},
    {"新材料", B(D_ENV) | B(D_SAFE)},
    {"光电科技", B(D_ENV) | B(D_SAFE) | B(D_DEV)},
    {"运输", B(D_TRANS) | B(D_SAFE)},
    {"实业", B(D_SAMR) | B(D_TAX) | B(D_DEV)},
    {"化工", B(D_SAFE) | B(D_ENV)},
    {"电力工程", B(D_BUILD) | B(D_DEV) | B(D_SAFE)},
    {"旅游", B(D_CULT)},
    {"娱乐", B(D_CULT) | B(D_FIRE)},
};
#define NINDUSTRY ((uint64_t)ARRAY_LEN(INDUSTRIES))

static const char *const COOP_KINDS[] = {
    "蔬菜种植专业合作社", "水产养殖专业合作社", "农机专业合作社",     "生猪养殖专业合作社",
    "茶叶专业合作社",     "水果种植专业合作社", "苗木花卉专业合作社", "粮食种植专业合作社",
};
static const char *const ASSOC_KINDS[] = {
    "文化交流协会", "公益服务协会", "志愿者协会",   "健身协会",
    "书画协会",     "摄影协会",     "企业家联合会",
};
static const char *const NONPROFIT_KINDS[] = {
    "培训学校", "职业技能培训学校", "养老服务中心", "社区服务中心",
    "康复中心", "艺术培训中心",     "幼儿园",
};
static const char *const FOUNDATION_KINDS[] = {"慈善基金会", "教育基金会", "公益基金会"};
static const char *const SHOP_KINDS[] = {
    "热干面馆",   "豆皮馆", "鸭脖店", "便利店", "五金店",     "服装店",
    "水果店",     "副食店", "理发店", "小吃店", "汽车修理部", "烟酒店",
    "家电维修部", "早餐店", "奶茶店", "餐馆",   "网吧",       "棋牌室",
};

static const char *const SURNAMES[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄",   "赵", "吴", "周", "徐", "孙", "马",
    "朱", "胡", "郭", "何", "高", "林", "罗",   "郑", "梁", "谢", "宋", "唐", "许",
    "韩", "冯", "邓", "曹", "彭", "曾", "肖",   "田", "董", "袁", "潘", "余", "蒋",
    "蔡", "熊", "程", "万", "汪", "雷", "欧阳", "夏", "付", "邹", "喻",
};
static const char *const GIVEN[] = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀", "霞", "平", "刚", "桂", "英", "华", "玉", "兰", "文", "辉", "鹏", "飞", "斌", "宇",
    "浩", "凯", "俊", "帆", "晨", "欣", "怡", "婷", "雪", "琳", "颖", "思", "雨", "子", "梓", "涵",
    "轩", "博", "宏", "志", "建", "国", "春", "红", "海", "波", "丹", "萍", "健", "亮", "新", "林",
    "峰", "云", "莉", "燕", "慧", "嘉", "佳", "晶", "倩", "阳", "武", "汉", "楚", "江", "荣", "昊",
};

/* Who a template applies to. */
enum { W_ORG = 1, W_IB = 2, W_PERSON = 4 };

struct lic_tpl {
    int dept;
    unsigned who, weight;
    const char *doc;     /* XK_XKWS */
    const char *cat;     /* XK_XKLB code */
    const char *cert;    /* XK_XKZS, "" when none */
    const char *certno;  /* XK_XKBH pattern (see expand()), "" when none */
    const char *content; /* XK_NR */
    int years;           /* validity; 0 = long-term (2099-12-31) */
    const char *matter;  /* XK_SXBM */
};

static const struct lic_tpl LICS[] = {
    {D_SAMR, W_ORG | W_IB, 30, "准予设立登记通知书", "05", "营业执照", "{U}",
     "准予设立登记，核发营业执照", 0, "000114001000"},
    {D_SAMR, W_ORG | W_IB, 14, "食品经营许可决定书", "01", "食品经营许可证", "JY1{R}{D7}",
     "经营项目：预包装食品（含冷藏冷冻食品）销售,散装食品（不含冷藏冷冻食品）销售,热食类食品制售",
     5, "000114018000"},
    {D_SAMR, W_ORG, 5, "特种设备使用登记决定书", "05", "特种设备使用登记证", "梯11鄂A{D5}({y})",
     "电梯使用登记（曳引与强制驱动电梯）", 0, "000114023000"},
    {D_ENV, W_ORG, 8, "排污许可决定书", "01", "排污许可证", "{U}001V",
     "准予核发排污许可证，排放污染物种类：颗粒物、二氧化硫、氮氧化物、化学需氧量、氨氮", 5,
     "000115006000"},
    {D_ENV, W_ORG, 4, "建设项目环境影响报告表审批意见", "01", "", "",
     "同意该建设项目按照环境影响报告表所列性质、规模、地点和环境保护对策措施进行建设", 5,
     "000115004000"},
    {D_TAX, W_ORG | W_IB, 10, "准予税务行政许可决定书", "01", "", "",
     "准予增值税专用发票（增值税税控系统）最高开票限额为十万元", 0, "000110001000"},
    {D_CITY, W_ORG | W_IB, 5, "户外广告设置许可决定书", "01", "", "",
     "准予在指定位置设置户外广告牌一块，面积12平方米，设置期限一年", 1, "000118002000"},
    {D_CITY, W_ORG, 3, "城市建筑垃圾处置核准决定书", "04", "城市建筑垃圾处置核准证",
     "武城管渣核〔{Y}〕{D4}号", "准予处置建筑垃圾，运输线路及消纳场所以核准证为准", 1,
     "000118005000"},
    {D_SAFE, W_ORG, 4, "危险化学品经营许可决定书", "01", "危险化学品经营许可证",
     "鄂汉危化经字〔{Y}〕{D6}", "许可范围：汽油、柴油[闭杯闪点≤60℃]（不带储存设施经营）", 3,
     "000123004000"},
    {D_SAFE, W_ORG | W_IB, 2, "烟花爆竹经营（零售）许可决定书", "01", "烟花爆竹经营（零售）许可证",
     "鄂汉烟花零字〔{Y}〕{D4}号", "准予零售烟花爆竹（C级、D级产品）", 1, "000123008000"},
    {D_TRANS, W_ORG | W_IB, 6, "道路运输经营许可决定书", "01", "道路运输经营许可证",
     "鄂交运管许可汉字{R}{D6}号", "经营范围：道路普通货物运输,货物专用运输（集装箱）", 4,
     "000116001000"},
    {D_TRANS, W_PERSON, 10, "网络预约出租汽车驾驶员证核发决定书", "01", "网络预约出租汽车驾驶员证",
     "{I}", "准予核发网络预约出租汽车驾驶员证", 6, "000116015000"},
    {D_BUILD, W_ORG, 6, "建筑工程施工许可决定书", "01", "建筑工程施工许可证", "{R}{Y}{D8}",
     "准予施工：综合楼工程，建筑面积12650平方米，合同工期540天", 3, "000117012000"},
    {D_BUILD, W_ORG, 4, "建筑业企业资质许可决定书", "03", "建筑业企业资质证书", "D342{D6}",
     "资质类别及等级：建筑工程施工总承包叁级,市政公用工程施工总承包叁级", 5, "000117003000"},
    {D_BUILD, W_ORG, 2, "房地产开发企业资质核定决定书", "03", "房地产开发企业资质证书",
     "武房开{Y}{D4}", "核定房地产开发企业二级资质", 3, "000117009000"},
    {D_HEALTH, W_ORG, 4, "医疗机构执业许可决定书", "01", "医疗机构执业许可证",
     "PDY{D5}{R}{D2}A{D4}", "诊疗科目：内科,外科,口腔科,医学检验科", 5, "000120001000"},
    {D_HEALTH, W_ORG | W_IB, 6, "公共场所卫生许可决定书", "01", "公共场所卫生许可证",
     "鄂卫公证字〔{Y}〕第{R}{D6}号", "许可项目：公共场所（住宿、沐浴、美容美发）", 4,
     "000120012000"},
    {D_HEALTH, W_PERSON, 6, "医师执业注册决定书", "05", "医师执业证书", "{D15}",
     "执业类别：临床；执业范围：内科专业", 0, "000120006000"},
    {D_FIRE, W_ORG | W_IB, 6, "公众聚集场所投入使用、营业前消防安全检查意见书", "01",
     "公众聚集场所投入使用、营业前消防安全检查合格证", "武消安检字〔{Y}〕第{D4}号",
     "准予投入使用、营业，场所建筑面积860平方米", 0, "000125002000"},
    {D_HR, W_ORG, 4, "劳务派遣行政许可决定书", "01", "劳务派遣经营许可证", "{R}{Y}{D5}",
     "准予经营劳务派遣业务", 3, "000112009000"},
    {D_HR, W_ORG, 2, "人力资源服务许可决定书", "01", "人力资源服务许可证",
     "（鄂）人服证字〔{Y}〕第{R}{D4}号",
     "许可业务范围：为劳动者介绍用人单位,为用人单位推荐劳动者,组织开展现场招聘会", 0,
     "000112008000"},
    {D_CULT, W_ORG | W_IB, 3, "娱乐场所经营许可决定书", "01", "娱乐场所经营许可证", "{R}{Y}{D6}",
     "经营范围：歌舞娱乐场所（KTV）", 2, "000121003000"},
    {D_CULT, W_ORG, 2, "旅行社业务经营许可决定书", "01", "旅行社业务经营许可证", "L-HUB-{D5}",
     "经营范围：境内旅游业务,入境旅游业务", 0, "000121008000"},
    {D_DEV, W_ORG, 2, "企业投资项目核准批复", "04", "", "{y}{M}-420100-{D2}-01-{D6}",
     "核准建设年产5万吨新型环保建材生产线项目，总投资1.2亿元", 2, "000101002000"},
};

struct pen_tpl {
    int dept;
    unsigned who, weight;
    const char *wfxw;            /* CF_WFXW */
    const char *found;           /* the facts, after "发现当事人" */
    const char *rule;            /* the provision broken */
    const char *basis;           /* CF_YJ */
    const char *cats;            /* category codes, ';'-separated */
    uint32_t fine_min, fine_max; /* yuan */
    uint32_t gain_min, gain_max; /* yuan confiscated (04/05) */
    const char *sector;          /* "" or a sector code */
    const char *zk;              /* the licence suspended or revoked (06/08) */
    unsigned simple;             /* per mille decided by the simple procedure */
};

static const struct pen_tpl PENS[] = {
    {D_SAMR, W_ORG | W_IB, 10, "经营超过保质期的食品",
     "在其经营场所货架上摆放、销售超过保质期的预包装食品",
     "《中华人民共和国食品安全法》第三十四条第（十）项",
     "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项", "03;04;05", 50000, 100000, 100,
     3000, "", "", 0},
    {D_SAMR, W_ORG, 5, "虚假宣传",
     "在其微信公众号发布的商品推广信息中，对商品的功能作虚假的商业宣传，欺骗、误导消费者",
     "《中华人民共和国反不正当竞争法》第八条第一款",
     "《中华人民共和国反不正当竞争法》第二十条第一款", "03", 100000, 1000000, 0, 0, "", "", 0},
    {D_SAMR, W_ORG, 4, "使用未经定期检验的特种设备",
     "使用的1台曳引驱动乘客电梯超过检验有效期未申报定期检验，仍继续使用",
     "《中华人民共和国特种设备安全法》第四十条第三款",
     "《中华人民共和国特种设备安全法》第八十四条第（一）项", "03", 30000, 300000, 0, 0, "01", "",
     0},
    {D_SAMR, W_ORG | W_IB, 6, "不按规定明码标价", "销售的商品未按规定明码标价",
     "《明码标价和禁止价格欺诈规定》第五条", "《中华人民共和国价格法》第四十二条", "01;03", 500,
     5000, 0, 0, "", "", 150},
    {D_SAMR, W_PERSON, 4, "从事无照经营", "未依法取得营业执照，擅自从事食品零售经营活动",
     "《无证无照经营查处办法》第二条", "《无证无照经营查处办法》第十三条", "03;04", 1000, 10000,
     200, 2000, "", "", 100},
    {D_SAMR, W_ORG | W_IB, 3, "经营不符合食品安全标准的食品",
     "经营的一批次食品经抽样检验，菌落总数项目不符合食品安全国家标准",
     "《中华人民共和国食品安全法》第三十四条第（二）项",
     "《中华人民共和国食品安全法》第一百二十四条第一款第（一）项", "03;04;05;08", 50000, 150000,
     500, 5000, "", "食品经营许可证", 0},
    {D_ENV, W_ORG, 6, "超标排放大气污染物",
     "废气排放口颗粒物排放浓度超过《大气污染物综合排放标准》（GB 16297-1996）规定的排放限值",
     "《中华人民共和国大气污染防治法》第十八条",
     "《中华人民共和国大气污染防治法》第九十九条第（二）项", "03", 100000, 1000000, 0, 0, "", "",
     0},
    {D_ENV, W_ORG, 3, "未依法取得排污许可证排放污染物", "未依法取得排污许可证，擅自排放生产废水",
     "《排污许可管理条例》第二条", "《排污许可管理条例》第三十三条第（一）项", "03;10", 200000,
     1000000, 0, 0, "", "", 0},
    {D_ENV, W_ORG | W_IB, 3, "未按规定贮存危险废物",
     "将废机油等危险废物露天堆放，未按照规定设置危险废物识别标志",
     "《中华人民共和国固体废物污染环境防治法》第七十七条",
     "《中华人民共和国固体废物污染环境防治法》第一百一十二条第一款第（一）项", "03", 10000, 100000,
     0, 0, "", "", 0},
    {D_TAX, W_ORG | W_IB | W_PERSON, 12, "未按照规定期限办理纳税申报",
     "未按照规定期限办理增值税纳税申报和报送纳税资料", "《中华人民共和国税收征收管理法》第二十五条",
     "《中华人民共和国税收征收管理法》第六十二条", "03", 200, 2000, 0, 0, "", "", 600},
    {D_TAX, W_ORG, 3, "虚开增值税普通发票",
     "在没有真实业务交易的情况下，为他人虚开增值税普通发票12份，金额合计人民币368,520.00元",
     "《中华人民共和国发票管理办法》第二十一条", "《中华人民共和国发票管理办法》第三十五条",
     "03;04", 50000, 500000, 5000, 50000, "", "", 0},
    {D_TAX, W_ORG, 2, "偷税", "通过在账簿上多列支出的手段，少缴企业所得税",
     "《中华人民共和国税收征收管理法》第六十三条第一款",
     "《中华人民共和国税收征收管理法》第六十三条第一款", "03", 50000, 2000000, 0, 0, "", "", 0},
    {D_TAX, W_IB | W_PERSON, 3, "未按照规定开具发票", "销售商品未按照规定开具发票",
     "《中华人民共和国发票管理办法》第十八条", "《中华人民共和国发票管理办法》第三十三条", "03",
     100, 1000, 0, 0, "", "", 500},
    {D_CITY, W_ORG | W_IB, 6, "擅自设置户外广告", "未经批准擅自在建筑物外立面设置户外广告牌",
     "《武汉市户外广告设置管理办法》第十条", "《城市市容和环境卫生管理条例》第三十六条第（二）项",
     "03", 500, 5000, 0, 0, "", "", 100},
    {D_CITY, W_PERSON | W_IB, 8, "占道经营", "在城市道路上擅自摆摊设点、占道经营",
     "《武汉市市容环境卫生管理条例》第二十二条", "《武汉市市容环境卫生管理条例》第四十三条", "03",
     50, 200, 0, 0, "", "", 700},
    {D_CITY, W_ORG, 4, "运输建筑垃圾沿途撒漏", "运输建筑垃圾的车辆未密闭，造成沿途撒漏",
     "《城市建筑垃圾管理规定》第十四条", "《城市建筑垃圾管理规定》第二十三条", "03", 5000, 50000, 0,
     0, "", "", 0},
    {D_SAFE, W_ORG, 6, "未按照规定对从业人员进行安全生产教育和培训",
     "未按照规定对新入职的从业人员进行安全生产教育和培训，且无培训记录",
     "《中华人民共和国安全生产法》第二十八条第一款",
     "《中华人民共和国安全生产法》第九十七条第（三）项", "03", 10000, 100000, 0, 0, "02", "", 0},
    {D_SAFE, W_ORG, 2, "未取得危险化学品经营许可证从事经营",
     "未取得危险化学品经营许可证，擅自经营乙醇、甲醇等危险化学品",
     "《危险化学品安全管理条例》第三十三条第一款", "《危险化学品安全管理条例》第七十七条第三款",
     "03;04;05", 100000, 200000, 2000, 20000, "02", "", 0},
    {D_SAFE, W_PERSON, 2, "主要负责人未履行安全生产管理职责",
     "作为公司主要负责人，未组织制定并实施本单位安全生产教育和培训计划",
     "《中华人民共和国安全生产法》第二十一条", "《中华人民共和国安全生产法》第九十四条第一款", "03",
     20000, 50000, 0, 0, "02", "", 0},
    {D_TRANS, W_PERSON | W_IB, 8, "未取得道路运输经营许可擅自从事道路客运经营",
     "驾驶私家车通过网络平台揽客，未取得道路运输经营许可擅自从事道路旅客运输经营",
     "《中华人民共和国道路运输条例》第十条", "《中华人民共和国道路运输条例》第六十三条", "03;04",
     10000, 100000, 50, 800, "", "", 0},
    {D_TRANS, W_ORG, 4, "车辆超限运输", "所属货车超过公路限载标准行驶，车货总质量超限",
     "《公路安全保护条例》第三十三条", "《公路安全保护条例》第六十四条", "03", 500, 30000, 0, 0, "",
     "", 100},
    {D_TRANS, W_ORG, 2, "未按规定维护和检测运输车辆",
     "未按规定对营运车辆进行二级维护和综合性能检测", "《道路运输车辆技术管理规定》第十四条",
     "《道路运输车辆技术管理规定》第三十一条", "01;03", 1000, 5000, 0, 0, "", "", 100},
    {D_BUILD, W_ORG, 4, "未取得施工许可证擅自施工",
     "在未取得建筑工程施工许可证的情况下，擅自组织施工", "《中华人民共和国建筑法》第七条",
     "《建筑工程施工许可管理办法》第十二条", "03", 10000, 500000, 0, 0, "", "", 0},
    {D_BUILD, W_ORG, 2, "违法分包工程", "将其承包的部分工程违法分包给不具备相应资质条件的单位",
     "《建设工程质量管理条例》第二十五条第三款", "《建设工程质量管理条例》第六十二条第一款",
     "03;04;07", 50000, 300000, 10000, 100000, "", "", 0},
    {D_HEALTH, W_ORG, 3, "使用非卫生技术人员从事医疗卫生技术工作",
     "聘用未取得医师执业证书的人员从事诊疗活动", "《医疗机构管理条例》第二十七条",
     "《医疗机构管理条例》第四十七条", "03;06", 10000, 100000, 0, 0, "", "医疗机构执业许可证", 0},
    {D_HEALTH, W_ORG | W_IB, 4, "公共场所未取得卫生许可证擅自营业",
     "未依法取得公共场所卫生许可证擅自从事美容美发经营活动", "《公共场所卫生管理条例》第八条",
     "《公共场所卫生管理条例实施细则》第三十五条", "01;03", 500, 5000, 0, 0, "", "", 100},
    {D_HEALTH, W_PERSON, 3, "未取得医师执业证书非法行医",
     "未取得医师资格从事医师执业活动，擅自为他人诊疗", "《中华人民共和国医师法》第十三条",
     "《中华人民共和国医师法》第五十九条", "03;04;05", 20000, 100000, 500, 8000, "", "", 0},
    {D_FIRE, W_ORG | W_IB, 8, "消防设施、器材未保持完好有效",
     "场所内室内消火栓无水、部分灭火器压力不足，消防设施未保持完好有效",
     "《中华人民共和国消防法》第十六条第一款第（二）项",
     "《中华人民共和国消防法》第六十条第一款第（一）项", "03", 5000, 50000, 0, 0, "03", "", 0},
    {D_FIRE, W_ORG | W_IB, 6, "占用、堵塞、封闭疏散通道、安全出口",
     "在疏散通道堆放杂物，占用、堵塞疏散通道", "《中华人民共和国消防法》第二十八条",
     "《中华人民共和国消防法》第六十条第一款第（三）项", "03", 5000, 50000, 0, 0, "03", "", 0},
    {D_FIRE, W_PERSON, 2, "个人占用、堵塞疏散通道",
     "在住宅楼疏散通道内停放电动自行车并充电，占用、堵塞疏散通道",
     "《中华人民共和国消防法》第二十八条", "《中华人民共和国消防法》第六十条第二款", "01;03", 100,
     500, 0, 0, "03", "", 600},
    {D_FIRE, W_ORG, 2, "公众聚集场所未经消防安全检查擅自投入使用、营业",
     "未经消防救援机构许可，擅自投入使用、营业", "《中华人民共和国消防法》第十五条第二款",
     "《中华人民共和国消防法》第五十八条第一款第（四）项", "03;10", 30000, 300000, 0, 0, "03", "",
     0},
    {D_HR, W_ORG, 5, "未按规定办理社会保险登记", "自用工之日起三十日内未为职工办理社会保险登记",
     "《中华人民共和国社会保险法》第五十八条第一款", "《中华人民共和国社会保险法》第八十四条", "03",
     1000, 6000, 0, 0, "", "", 0},
    {D_HR, W_ORG | W_IB, 3, "违法延长劳动者工作时间",
     "安排劳动者超时加班，每月延长工作时间超过三十六小时", "《中华人民共和国劳动法》第四十一条",
     "《劳动保障监察条例》第二十五条", "01;03", 2000, 20000, 0, 0, "", "", 0},
    {D_HR, W_PERSON, 2, "未经许可擅自从事职业中介活动",
     "未经许可和登记，擅自以营利为目的从事职业中介活动", "《中华人民共和国就业促进法》第四十条",
     "《中华人民共和国就业促进法》第六十四条", "03;04", 10000, 50000, 1000, 10000, "", "", 0},
    {D_CULT, W_ORG, 3, "旅行社未与旅游者签订旅游合同", "组织旅游活动未与旅游者签订书面旅游合同",
     "《中华人民共和国旅游法》第五十七条", "《中华人民共和国旅游法》第一百条第（一）项", "03",
     30000, 300000, 0, 0, "", "", 0},
    {D_CULT, W_ORG | W_IB, 3, "互联网上网服务营业场所接纳未成年人",
     "经营的网吧接纳未成年人进入营业场所", "《互联网上网服务营业场所管理条例》第二十一条",
     "《互联网上网服务营业场所管理条例》第三十一条第（二）项", "01;03", 2000, 15000, 0, 0, "", "",
     0},
    {D_CULT, W_ORG | W_IB, 2, "娱乐场所超时营业", "在每日凌晨2时至上午8时期间营业",
     "《娱乐场所管理条例》第二十八条", "《娱乐场所管理条例》第四十八条第（一）项", "01;03", 5000,
     20000, 0, 0, "", "", 0},
    {D_DEV, W_ORG, 3, "固定资产投资项目未按规定进行节能审查", "建设项目未进行节能审查即开工建设",
     "《固定资产投资项目节能审查办法》第五条", "《固定资产投资项目节能审查办法》第二十七条",
     "01;03", 100000, 300000, 0, 0, "", "", 0},
    {D_DEV, W_ORG, 2, "招标人以不合理条件限制、排斥潜在投标人",
     "在招标文件中设定与招标项目具体特点和实际需要不相适应的资格条件，以不合理条件限制、排斥潜在投"
     "标人",
     "《中华人民共和国招标投标法》第十八条第二款", "《中华人民共和国招标投标法》第五十一条", "03",
     10000, 50000, 0, 0, "", "", 0},
};

struct list_tpl {
    int cls, dept;
    unsigned who, weight;
    const char *reason, *basis, *domain;
    int years;
};

static const struct list_tpl LISTS[] = {
    {XY_DEMO_RED_LIST, D_TAX, W_ORG | W_IB, 5, "上一年度纳税信用等级评价为A级",
     "《纳税信用管理办法（试行）》（国家税务总局公告2014年第40号）；《关于对纳税信用A级纳税人实施联"
     "合激励措施的合作备忘录》（发改财金〔2016〕1467号）",
     "税务", 1},
    {XY_DEMO_RED_LIST, D_SAMR, W_ORG, 3, "连续两年被认定为“守合同重信用”企业",
     "《湖北省“守合同重信用”企业公示管理办法》", "市场监管", 2},
    {XY_DEMO_RED_LIST, D_HR, W_ORG, 2, "被评为劳动保障守法诚信示范单位",
     "《武汉市劳动保障守法诚信等级评价办法》", "劳动保障", 3},
    {XY_DEMO_RED_LIST, D_BUILD, W_ORG, 2, "被评为年度诚信建筑企业",
     "《武汉市建筑市场信用管理办法》", "建筑市场", 2},
    {XY_DEMO_RED_LIST, D_CULT, W_ORG, 1, "被评为武汉市诚信旅游示范企业",
     "《武汉市旅游诚信体系建设实施方案》", "文化旅游", 2},
    {XY_DEMO_RED_LIST, D_DEV, W_ORG | W_IB, 1, "被评为武汉市诚信建设示范企业",
     "《武汉市守信联合激励实施办法》", "社会信用", 3},
    {XY_DEMO_BLACK_LIST, D_TAX, W_ORG | W_IB, 4,
     "经税务机关检查确认存在偷税行为，偷税数额在100万元以上且占各税种应纳税总额10%"
     "以上，属于重大税收违法失信案件",
     "《重大税收违法失信主体信息公布管理办法》（国家税务总局令第54号）第六条", "税务", 3},
    {XY_DEMO_BLACK_LIST, D_SAMR, W_ORG | W_IB, 4,
     "因违法行为受到较重行政处罚，列入严重违法失信名单",
     "《市场监督管理严重违法失信名单管理办法》（国家市场监督管理总局令第44号）第二条", "市场监管",
     3},
    {XY_DEMO_BLACK_LIST, D_HR, W_ORG | W_IB | W_PERSON, 4,
     "拖欠农民工工资，经责令限期支付仍拒不支付，数额达到认定拒不支付劳动报酬罪数额标准",
     "《拖欠农民工工资失信联合惩戒对象名单管理暂行办法》（人力资源社会保障部令第45号）第五条",
     "劳动保障", 3},
    {XY_DEMO_BLACK_LIST, D_SAFE, W_ORG, 2,
     "发生造成人员死亡的生产安全责任事故，列入安全生产严重失信主体名单",
     "《安全生产严重失信主体名单管理办法》（应急管理部令第11号）第五条", "安全生产", 3},
    {XY_DEMO_BLACK_LIST, D_ENV, W_ORG, 2,
     "因超标排放污染物受到行政处罚后拒不改正，列入环境违法失信名单",
     "《武汉市企业环境信用评价办法》", "生态环境", 2},
    {XY_DEMO_BLACK_LIST, D_BUILD, W_ORG, 2, "因违法分包受到行政处罚，列入建筑市场主体严重失信名单",
     "《建筑市场信用管理暂行办法》（建市〔2017〕241号）第十四条", "建筑市场", 1},
    {XY_DEMO_BLACK_LIST, D_TRANS, W_ORG | W_PERSON, 2,
     "多次非法营运被行政处罚，列入交通运输领域严重失信名单",
     "《交通运输部关于加强交通运输行业信用体系建设的若干意见》", "交通运输", 3},
    {XY_DEMO_BLACK_LIST, D_FIRE, W_ORG | W_IB, 1,
     "存在重大火灾隐患拒不整改，列入消防安全领域严重失信名单",
     "《关于对消防安全领域相关失信主体实施联合惩戒的合作备忘录》", "消防安全", 3},
    {XY_DEMO_WATCH_LIST, D_SAMR, W_ORG | W_IB, 4,
     "通过登记的住所或者经营场所无法联系，列入经营异常名录",
     "《企业经营异常名录管理暂行办法》第四条", "市场监管", 3},
    {XY_DEMO_WATCH_LIST, D_TAX, W_ORG | W_IB, 3, "纳税信用等级评价为D级",
     "《纳税信用管理办法（试行）》第三十二条", "税务", 2},
    {XY_DEMO_WATCH_LIST, D_HR, W_ORG | W_PERSON, 2,
     "拖欠劳动者工资，经责令限期支付后已支付，列入重点关注名单",
     "《保障农民工工资支付条例》第四十八条", "劳动保障", 1},
};

struct cn_tpl {
    const char *type; /* CN_LX code */
    int dept;
    unsigned who, weight;
    const char *matter_code, *matter_name, *lead;
};

static const struct cn_tpl CNS[] = {
    {"03", D_SAMR, W_ORG | W_IB, 6, "000114018000", "食品经营许可（仅销售预包装食品）",
     "就申请食品经营许可（仅销售预包装食品）事项，"},
    {"03", D_HEALTH, W_ORG | W_IB, 4, "000120012000", "公共场所卫生许可",
     "就申请公共场所卫生许可事项，"},
    {"04", D_SAMR, W_ORG, 3, "000114001000", "企业设立登记", "就企业设立登记容缺受理事项，"},
    {"04", D_BUILD, W_ORG, 2, "000117012000", "建筑工程施工许可",
     "就建筑工程施工许可容缺受理事项，"},
    {"01", D_TAX, W_ORG | W_IB | W_PERSON, 5, "", "依法纳税", "就依法诚信纳税，"},
    {"02", D_CULT, W_ORG, 2, "", "旅游行业自律", "作为旅游行业协会会员单位，"},
    {"03", D_TRANS, W_ORG | W_IB, 3, "000116001000", "道路货物运输经营许可",
     "就申请道路货物运输经营许可事项，"},
    {"01", D_HR, W_ORG, 2, "", "劳动保障守法经营", "就遵守劳动保障法律法规，"},
    {"03", D_FIRE, W_ORG | W_IB, 3, "000125002000", "公众聚集场所投入使用、营业前消防安全检查",
     "就公众聚集场所投入使用、营业前消防安全检查告知承诺事项，"},
    {"01", D_DEV, W_ORG, 1, "", "申报政府专项资金", "就申报政府专项资金，"},
};

static const char CN_BODY[] = "本单位（人）郑重承诺：所提交的材料真实、合法、有效；严格遵守国家法律"
                              "法规和行业规章，依法诚信经营；"
                              "自觉接受政府、行业组织、社会公众、新闻舆论的监督；如违背承诺，愿意承"
                              "担相应法律责任，并同意将违诺信息"
                              "记入信用记录，依法依规在“信用中国（湖北武汉）”网站公开。";

static const char *const HDR_LICENSE[] = {
    "XK_XDR_MC",   "XK_XDR_LB",   "XK_XDR_SHXYM", "XK_XDR_GSZC", "XK_XDR_ZZJG", "XK_XDR_SWDJ",
    "XK_XDR_SYDW", "XK_XDR_SHZZ", "XK_FRDB",      "XK_FR_ZJLX",  "XK_FR_ZJHM",  "XK_XDR_ZJLX",
    "XK_XDR_ZJHM", "XK_XKWS",     "XK_WSH",       "XK_XKLB",     "XK_XKZS",     "XK_XKBH",
    "XK_NR",       "XK_JDRQ",     "XK_YXQZ",      "XK_YXQZI",    "XK_XKJG",     "XK_XKJGDM",
    "XK_ZT",       "XK_LYDW",     "XK_LYDWDM",    "XK_SXBM",     "BZ",
};
static const char *const HDR_PENALTY[] = {
    "CF_XDR_MC",   "CF_XDR_LB",   "CF_XDR_SHXYM", "CF_XDR_GSZC", "CF_XDR_ZZJG", "CF_XDR_SWDJ",
    "CF_XDR_SYDW", "CF_XDR_SHZZ", "CF_FRDB",      "CF_FR_ZJLX",  "CF_FR_ZJHM",  "CF_XDR_ZJLX",
    "CF_XDR_ZJHM", "CF_WSH",      "CF_WFXW",      "CF_SY",       "CF_YJ",       "CF_CFLB",
    "CF_NR",       "CF_NR_FK",    "CF_NR_WFFF",   "CF_NR_ZKDX",  "CF_JDRQ",     "CF_YXQ",
    "CF_GSJZQ",    "CF_CFJG",     "CF_CFJGDM",    "CF_SJLY",     "CF_SJLYDM",   "CF_YZCD",
    "CF_HY",       "CF_CXLX",     "BZ",
};
static const char *const HDR_LIST[] = {
    "MD_XDR_MC",  "MD_XDR_LB",   "MD_XDR_SHXYM", "MD_FRDB", "MD_FR_ZJLX",
    "MD_FR_ZJHM", "MD_XDR_ZJLX", "MD_XDR_ZJHM",  "MD_LEI",  "MD_WSH",
    "MD_LRSY",    "MD_RDYJ",     "MD_LY",        "MD_RDBM", "MD_RDBMDM",
    "MD_RDRQ",    "MD_LRRQ",     "MD_YXQZ",      "BZ",
};
static const char *const HDR_COMMITMENT[] = {
    "CN_XDR_MC",  "CN_XDR_LB",   "CN_XDR_SHXYM", "CN_FRDB", "CN_FR_ZJLX",
    "CN_FR_ZJHM", "CN_XDR_ZJLX", "CN_XDR_ZJHM",  "CN_WSH",  "CN_LX",
    "CN_SXBM",    "CN_SXMC",     "CN_NR",        "CN_QSRQ", "CN_SLBM",
    "CN_SLBMDM",  "CN_YXQZ",     "CN_LYZT",      "BZ",
};
static const char *const HDR_ARREARS[] = {
    "QJ_XDR_MC",   "QJ_XDR_LB",   "QJ_XDR_SHXYM", "QJ_FRDB", "QJ_FR_ZJLX", "QJ_FR_ZJHM",
    "QJ_XDR_ZJLX", "QJ_XDR_ZJHM", "QJ_BH",        "QJ_XM",   "QJ_JE",      "QJ_QSRQ",
    "QJ_RDRQ",     "QJ_RDBM",     "QJ_RDBMDM",    "BZ",
};

/* Column indexes, in the catalogue's order. */
enum {
    L_XKWS = 13,
    L_WSH,
    L_XKLB,
    L_XKZS,
    L_XKBH,
    L_NR,
    L_JDRQ,
    L_YXQZ,
    L_YXQZI,
    L_XKJG,
    L_XKJGDM,
    L_ZT,
    L_LYDW,
    L_LYDWDM,
    L_SXBM,
    L_BZ
};
enum {
    P_MC = 0,
    P_LB,
    P_SHXYM,
    P_WSH = 13,
    P_WFXW,
    P_SY,
    P_YJ,
    P_CFLB,
    P_NR,
    P_FK,
    P_WFFF,
    P_ZKDX,
    P_JDRQ,
    P_YXQ,
    P_GSJZQ,
    P_CFJG,
    P_CFJGDM,
    P_SJLY,
    P_SJLYDM,
    P_YZCD,
    P_HY,
    P_CXLX,
    P_BZ
};
enum { M_LEI = 8, M_WSH, M_LRSY, M_RDYJ, M_LY, M_RDBM, M_RDBMDM, M_RDRQ, M_LRRQ, M_YXQZ, M_BZ };
enum { C_WSH = 8, C_LX, C_SXBM, C_SXMC, C_NR, C_QSRQ, C_SLBM, C_SLBMDM, C_YXQZ, C_LYZT, C_BZ };
enum { Q_BH = 8, Q_XM, Q_JE, Q_QSRQ, Q_RDRQ, Q_RDBM, Q_RDBMDM, Q_BZ };

struct class_shape {
    const char *const *hdr;
    int ncols;
    /* party columns; -1 when the class has none */
    int mc, lb, shxym, gszc, zzjg, swdj, frdb, fr_zjlx, fr_zjhm, zjlx, zjhm;
};

static const struct class_shape SHAPES[XY_DEMO_NCLASSES] = {
    {HDR_LICENSE, (int)ARRAY_LEN(HDR_LICENSE), 0, 1, 2, 3, 4, 5, 8, 9, 10, 11, 12},
    {HDR_PENALTY, (int)ARRAY_LEN(HDR_PENALTY), 0, 1, 2, 3, 4, 5, 8, 9, 10, 11, 12},
    {HDR_LIST, (int)ARRAY_LEN(HDR_LIST), 0, 1, 2, -1, -1, -1, 3, 4, 5, 6, 7},
    {HDR_LIST, (int)ARRAY_LEN(HDR_LIST), 0, 1, 2, -1, -1, -1, 3, 4, 5, 6, 7},
    {HDR_LIST, (int)ARRAY_LEN(HDR_LIST), 0, 1, 2, -1, -1, -1, 3, 4, 5, 6, 7},
    {HDR_COMMITMENT, (int)ARRAY_LEN(HDR_COMMITMENT), 0, 1, 2, -1, -1, -1, 3, 4, 5, 6, 7},
    {HDR_ARREARS, (int)ARRAY_LEN(HDR_ARREARS), 0, 1, 2, -1, -1, -1, 3, 4, 5, 6, 7},
};

static const char *const CLASS_NAMES[XY_DEMO_NCLASSES] = {
    "license", "penalty", "red_list", "black_list", "watch_list", "commitment", "arrears",
};

static const char *const PEN_CAT_TEXT[] = {
    [1] = "警告",          [2] = "通报批评",     [3] = "罚款",
    [4] = "没收违法所得",  [5] = "没收非法财物", [6] = "暂扣许可证件",
    [7] = "降低资质等级",  [8] = "吊销许可证件", [9] = "限制开展生产经营活动",
    [10] = "责令停产停业", [11] = "责令关闭",    [12] = "限制从业",
    [13] = "行政拘留",
};

const char *xy_demo_class_name(int cls)
{
    return cls >= 0 && cls < XY_DEMO_NCLASSES ? CLASS_NAMES[cls] : NULL;
}

void xy_demo_opts_init(struct xy_demo_opts *o)
{
    memset(o, 0, sizeof *o);
    o->subjects = 1000;
    o->seed = 42;
    o->today.y = 2026;
    o->today.m = 11;
    o->today.d = 28;
}

/* ---------------------------------------------------------------------------------------------
 * One row under construction: fields are slices of a fixed arena. Everything written here is our
 * own bounded text, so the arena never fills; if it did, the field is cut (never overrun). */

#define ROW_TXT 16384
#define MAX_COLS 40

struct row {
    int ncols;
    int cur;
    size_t pos;
    uint32_t off[MAX_COLS], len[MAX_COLS];
    char txt[ROW_TXT];
};

static void row_reset(struct row *r, int ncols)
{
    r->ncols = ncols;
    r->pos = 0;
    r->cur = -1;
    memset(r->len, 0, sizeof r->len);
}

static void fb(struct row *r, int col)
{
    r->cur = col;
    r->off[col] = (uint32_t)r->pos;
}

static void fe(struct row *r)
{
    r->len[r->cur] = (uint32_t)(r->pos - r->off[r->cur]);
}

static void apn(struct row *r, const char *s, size_t n)
{
    if (n > ROW_TXT - r->pos)
        n = ROW_TXT - r->pos;
    memcpy(r->txt + r->pos, s, n);
    r->pos += n;
}

static void ap(struct row *r, const char *s)
{
    apn(r, s, strlen(s));
}

static void apu(struct row *r, uint64_t v, int width)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n < width && n < (int)sizeof tmp)
        tmp[n++] = '0';
    char out[24];
    for (int i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    apn(r, out, (size_t)n);
}

static void fs(struct row *r, int col, const char *s)
{
    fb(r, col);
    ap(r, s);
    fe(r);
}

static bool needs_quote(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (c == ',' || c == '"' || c == '\r' || c == '\n')
            return true;
    }
    return false;
}

/* Formats r as one CSV line (RFC 4180: fields with , " CR or LF quoted, quotes doubled, CRLF)
 * into line. Returns its length. line must hold 2 * ROW_TXT + 3 * MAX_COLS + 2 bytes. */
static size_t row_format(const struct row *r, char *line)
{
    size_t n = 0;
    for (int i = 0; i < r->ncols; i++) {
        const char *p = r->txt + r->off[i];
        size_t len = r->len[i];
        if (i)
            line[n++] = ',';
        if (len && needs_quote(p, len)) {
            line[n++] = '"';
            for (size_t k = 0; k < len; k++) {
                if (p[k] == '"')
                    line[n++] = '"';
                line[n++] = p[k];
            }
            line[n++] = '"';
        } else if (len) {
            memcpy(line + n, p, len);
            n += len;
        }
    }
    line[n++] = '\r';
    line[n++] = '\n';
    return n;
}

#define LINE_SIZE (2 * ROW_TXT + 3 * MAX_COLS + 2)

/* ---------------------------------------------------------------------------------------------
 * Subjects. */

enum kind { K_ORG, K_IB, K_PERSON };
enum otype { O_ENTERPRISE, O_BRANCH, O_COOP, O_ASSOC, O_NONPROFIT, O_FOUNDATION };

struct subject {
    long index;
    enum kind kind;
    enum otype otype;
    int district;
    unsigned aff;
    bool placeholder;
    char code[19];  /* USCC, the placeholder, or "" for a person */
    char regno[16]; /* 工商注册号, with the placeholder */
    char idno[19];  /* a person's ID number */
    char name[256];
    char rep[16];    /* legal representative, operator, or the person's own name */
    char rep_id[19]; /* the legal representative's ID number, "" when not given */
    int32_t founded; /* registration day: no record of the subject is older */
};

#define DATE_FIRST_Y 2019
#define NYEARS 81 /* 2019 .. 2099 */

struct out_file {
    FILE *f;
    char *buf;
    long rows;
};

struct gen {
    const struct xy_demo_opts *o;
    struct xy_error *err;
    int rc;
    struct rng r;
    struct rng ra; /* the arrears' own stream: r must not see a single draw more or less */
    int32_t d_first, d_today;
    int style; /* date style of the current row: 0 ISO, 1 Y/M/D, 2 Y年M月D日 */
    char dept_code[NDEPT][19];
    struct perm p_name2, p_name3, p_body_ma, p_body_num, p_person, p_regno;
    uint64_t m_name2, m_name3;
    uint32_t seq[NDEPT][XY_DEMO_NCLASSES][NYEARS];
    struct out_file files[NDEPT][XY_DEMO_NCLASSES];
    struct out_file single; /* the penalty-only mode's file */
    char recent[8][256];    /* the last organisation names, to repeat one now and then */
    int nrecent;
    long rows[XY_DEMO_NCLASSES];
    struct row row;
    char line[LINE_SIZE];
    char path[4096];
    /* the last penalty built: its document number and decision day */
    char last_wsh[128];
    int32_t last_day;
};

static int32_t ymd_days(int y, int m, int d)
{
    struct xy_date t = {y, m, d};
    return xy_date_to_days(t);
}

static void put_date_style(struct row *r, int32_t days, int style)
{
    struct xy_date d = xy_date_from_days(days);
    if (style == 1) {
        apu(r, (uint64_t)d.y, 4);
        ap(r, "/");
        apu(r, (uint64_t)d.m, 0);
        ap(r, "/");
        apu(r, (uint64_t)d.d, 0);
    } else if (style == 2) {
        apu(r, (uint64_t)d.y, 4);
        ap(r, "年");
        apu(r, (uint64_t)d.m, 0);
        ap(r, "月");
        apu(r, (uint64_t)d.d, 0);
        ap(r, "日");
    } else {
        apu(r, (uint64_t)d.y, 4);
        ap(r, "-");
        apu(r, (uint64_t)d.m, 2);
        ap(r, "-");
        apu(r, (uint64_t)d.d, 2);
    }
}

static void fdate(struct gen *g, int col, int32_t days)
{
    fb(&g->row, col);
    put_date_style(&g->row, days, g->style);
    fe(&g->row);
}

static void pick_style(struct gen *g)
{
    uint32_t u = rng_below(&g->r, 100);
    g->style = u < 84 ? 0 : u < 95 ? 1 : 2;
}

static int32_t rand_day(struct gen *g, int32_t lo, int32_t hi)
{
    if (hi < lo)
        hi = lo;
    return lo + (int32_t)rng_below(&g->r, (uint32_t)(hi - lo + 1));
}

static int32_t add_months_days(int32_t days, int months)
{
    return xy_date_to_days(xy_date_add_months(xy_date_from_days(days), months));
}

static int pick_district(struct gen *g, bool rural_only)
{
    unsigned total = 0;
    for (int i = 0; i < NDISTRICT; i++)
        if (!rural_only || DISTRICTS[i].rural)
            total += DISTRICTS[i].weight;
    uint32_t u = rng_below(&g->r, total);
    for (int i = 0; i < NDISTRICT; i++) {
        if (rural_only && !DISTRICTS[i].rural)
            continue;
        if (u < DISTRICTS[i].weight)
            return i;
        u -= DISTRICTS[i].weight;
    }
    return 0;
}

static void cat_str(char *dst, size_t size, const char *s)
{
    size_t n = strlen(dst), m = strlen(s);
    if (n + m >= size)
        m = size - 1 - n;
    memcpy(dst + n, s, m);
    dst[n + m] = '\0';
}

static void person_name(struct gen *g, char *out, size_t size)
{
    /* The first surnames are the commonest: favour them. */
    uint32_t s = rng_below(&g->r, 4) ? rng_below(&g->r, 15) : rng_below(&g->r, ARRAY_LEN(SURNAMES));
    out[0] = '\0';
    cat_str(out, size, SURNAMES[s]);
    cat_str(out, size, GIVEN[rng_below(&g->r, ARRAY_LEN(GIVEN))]);
    if (rng_permille(&g->r, 720))
        cat_str(out, size, GIVEN[rng_below(&g->r, ARRAY_LEN(GIVEN))]);
}

static const char USCC_ALPHA[] = XY_USCC_ALPHABET;

/* Builds an 18-character USCC from its first 8 characters and an 8-character body: the GB 11714
 * check (pos 17), then the mod-31 check (pos 18), both from the core. */
static void make_uscc(char out[19], const char *prefix8, const char *body8)
{
    memcpy(out, prefix8, 8);
    memcpy(out + 8, body8, 8);
    out[16] = xy_orgcode_check_char(body8);
    out[17] = xy_uscc_check_char(out);
    out[18] = '\0';
}

/* A unique body per subject index: "MA" + 6 USCC-alphabet characters (the modern form), or for
 * some older enterprises 8 digits. */
static void make_body(struct gen *g, long index, bool digits, char body[9])
{
    if (digits && (uint64_t)index < g->p_body_num.n) {
        uint64_t v = perm_apply(&g->p_body_num, (uint64_t)index);
        body[0] = (char)('3' + v / 10000000 % 5);
        for (int i = 7; i >= 1; i--) {
            body[i] = (char)('0' + v % 10);
            v /= 10;
        }
    } else {
        uint64_t v = perm_apply(&g->p_body_ma, (uint64_t)index);
        body[0] = 'M';
        body[1] = 'A';
        for (int i = 7; i >= 2; i--) {
            body[i] = USCC_ALPHA[v % 31];
            v /= 31;
        }
    }
    body[8] = '\0';
}

/* ISO 7064 MOD 11,10 check digit of the 工商注册号 (registration number). */
static char mod11_10(const char *digits, int n)
{
    int p = 10;
    for (int i = 0; i < n; i++) {
        int s = (p + (digits[i] - '0')) % 10;
        if (s == 0)
            s = 10;
        p = (2 * s) % 11;
    }
    return (char)('0' + (11 - p) % 10);
}

/* A person's ID number, unique per index: district, birth date 1950-01-01..2004-12-31, sequence. */
static void make_idno(struct gen *g, long index, char out[19])
{
    static const int32_t span = 20089; /* days from 1950-01-01 to 2004-12-31 inclusive */
    uint64_t v = perm_apply(&g->p_person, (uint64_t)index);
    int dist = (int)(v % NDISTRICT);
    v /= NDISTRICT;
    int32_t day = ymd_days(1950, 1, 1) + (int32_t)(v % span);
    v /= span;
    struct xy_date b = xy_date_from_days(day);
    memcpy(out, DISTRICTS[dist].code, 6);
    char tmp[16];
    snprintf(tmp, sizeof tmp, "%04d%02d%02d%03u", b.y, b.m, b.d, (unsigned)(v % 1000));
    memcpy(out + 6, tmp, 11);
    out[17] = xy_ric_check_char(out);
    out[18] = '\0';
}

/* A random (not unique) valid ID number, for legal representatives. */
static void random_idno(struct gen *g, char out[19])
{
    int dist = (int)rng_below(&g->r, NDISTRICT);
    struct xy_date b = xy_date_from_days(rand_day(g, ymd_days(1955, 1, 1), ymd_days(2000, 12, 31)));
    char tmp[16];
    memcpy(out, DISTRICTS[dist].code, 6);
    snprintf(tmp, sizeof tmp, "%04d%02d%02d%03u", b.y, b.m, b.d, (unsigned)rng_below(&g->r, 1000));
    memcpy(out + 6, tmp, 11);
    out[17] = xy_ric_check_char(out);
    out[18] = '\0';
}

/* The brand and industry of an organisation, unique per index up to the name space: a third of the
 * first indexes get two-token brands, the rest three tokens. OUT: brand, *industry. */
static void brand_for(struct gen *g, long index, char *brand, size_t size, int *industry)
{
    uint64_t i = (uint64_t)index, q;
    int ntok;
    if (i % 3 == 0 && i / 3 < g->m_name2) {
        q = perm_apply(&g->p_name2, i / 3);
        ntok = 2;
    } else {
        uint64_t used2 = (i + 2) / 3 < g->m_name2 ? (i + 2) / 3 : g->m_name2;
        q = perm_apply(&g->p_name3, i - used2);
        ntok = 3;
    }
    *industry = (int)(q % NINDUSTRY);
    q /= NINDUSTRY;
    brand[0] = '\0';
    for (int t = 0; t < ntok; t++) {
        cat_str(brand, size, TOKENS[q % NTOKEN]);
        q /= NTOKEN;
    }
}

/* force_kind, force_otype: -1 to draw. */
static void make_subject(struct gen *g, long index, struct subject *s, int force_kind,
                         int force_otype)
{
    memset(s, 0, sizeof *s);
    s->index = index;
    uint32_t u = rng_below(&g->r, 1000);
    s->kind = force_kind >= 0 ? (enum kind)force_kind : u < 850 ? K_ORG : u < 930 ? K_IB : K_PERSON;
    {
        /* Older subjects are more common than new ones: the earlier of two days. */
        int32_t a = rand_day(g, g->d_first, g->d_today - 30),
                b = rand_day(g, g->d_first, g->d_today - 30);
        s->founded = a < b ? a : b;
    }
    char brand[32], prefix[9];
    int ind = 0;

    if (s->kind == K_PERSON) {
        make_idno(g, index, s->idno);
        person_name(g, s->name, sizeof s->name);
        memcpy(s->rep, s->name, strlen(s->name) + 1);
        s->district = (int)rng_below(&g->r, NDISTRICT);
        return;
    }
    person_name(g, s->rep, sizeof s->rep);
    if (rng_permille(&g->r, 100))
        random_idno(g, s->rep_id);
    brand_for(g, index, brand, sizeof brand, &ind);

    if (s->kind == K_IB) {
        const struct district *d;
        s->otype = O_ENTERPRISE;
        s->district = pick_district(g, false);
        d = &DISTRICTS[s->district];
        snprintf(s->name, sizeof s->name, "武汉市%s", d->name);
        if (rng_permille(&g->r, 500)) {
            cat_str(s->name, sizeof s->name, SURNAMES[rng_below(&g->r, 20)]);
            cat_str(s->name, sizeof s->name, "记");
        } else {
            cat_str(s->name, sizeof s->name, brand);
        }
        cat_str(s->name, sizeof s->name, SHOP_KINDS[(unsigned)ind % ARRAY_LEN(SHOP_KINDS)]);
        s->aff = B(D_SAMR) | B(D_TAX) | B(D_HEALTH) | B(D_FIRE) | B(D_CITY);
        if (rng_permille(&g->r, 120)) {
            /* An individual business registered before the USCC: the placeholder and its
             * 15-digit registration number (region, 6 for individual businesses, 7 digits, check).
             */
            s->placeholder = true;
            memcpy(s->code, XY_USCC_PLACEHOLDER, 19);
            uint64_t v = perm_apply(&g->p_regno, (uint64_t)index);
            snprintf(s->regno, sizeof s->regno, "%s6%07u", d->code, (unsigned)(v % 10000000));
            s->regno[14] = mod11_10(s->regno, 14);
            s->regno[15] = '\0';
        } else {
            char body[9];
            make_body(g, index, false, body);
            snprintf(prefix, sizeof prefix, "92%s", d->code);
            make_uscc(s->code, prefix, body);
        }
        return;
    }

    u = rng_below(&g->r, 1000);
    s->otype = force_otype >= 0 ? (enum otype)force_otype
               : u < 860        ? O_ENTERPRISE
               : u < 890        ? O_BRANCH
               : u < 930        ? O_COOP
               : u < 950        ? O_ASSOC
               : u < 980        ? O_NONPROFIT
                                : O_FOUNDATION;
    s->district = pick_district(g, s->otype == O_COOP);
    const struct district *d = &DISTRICTS[s->district];
    const char *region = d->code;
    const char *cat = "91";
    bool digits = false;
    switch (s->otype) {
    case O_ENTERPRISE:
    case O_BRANCH: {
        const char *suffix = "有限公司";
        uint32_t f = rng_below(&g->r, 100);
        if (f < 7)
            suffix = "股份有限公司";
        else if (f < 12)
            suffix = "有限责任公司";
        u = rng_below(&g->r, 100);
        if (s->otype == O_BRANCH)
            snprintf(s->name, sizeof s->name, "湖北%s%s有限公司武汉%s分公司", brand,
                     INDUSTRIES[ind].name, d->shortname);
        else if (u < 12)
            snprintf(s->name, sizeof s->name, "武汉市%s%s%s%s", d->name, brand,
                     INDUSTRIES[ind].name, suffix);
        else if (u < 18)
            snprintf(s->name, sizeof s->name, "湖北%s%s%s", brand, INDUSTRIES[ind].name, suffix);
        else
            snprintf(s->name, sizeof s->name, "武汉%s%s%s", brand, INDUSTRIES[ind].name, suffix);
        s->aff = INDUSTRIES[ind].aff;
        digits = rng_permille(&g->r, 250);
        break;
    }
    case O_COOP:
        cat = "93";
        snprintf(s->name, sizeof s->name, "武汉市%s%s%s", d->name, brand,
                 COOP_KINDS[(unsigned)ind % ARRAY_LEN(COOP_KINDS)]);
        s->aff = B(D_SAMR) | B(D_ENV);
        break;
    case O_ASSOC:
        cat = "51";
        region = "420100";
        snprintf(s->name, sizeof s->name, "武汉市%s%s", brand,
                 ASSOC_KINDS[(unsigned)ind % ARRAY_LEN(ASSOC_KINDS)]);
        s->aff = B(D_TAX) | B(D_HR);
        break;
    case O_NONPROFIT:
        cat = "52";
        snprintf(s->name, sizeof s->name, "武汉市%s%s%s", d->name, brand,
                 NONPROFIT_KINDS[(unsigned)ind % ARRAY_LEN(NONPROFIT_KINDS)]);
        s->aff = B(D_HEALTH) | B(D_FIRE) | B(D_HR);
        break;
    case O_FOUNDATION:
        cat = "53";
        region = "420100";
        snprintf(s->name, sizeof s->name, "武汉%s%s", brand,
                 FOUNDATION_KINDS[(unsigned)ind % ARRAY_LEN(FOUNDATION_KINDS)]);
        s->aff = B(D_TAX);
        break;
    }
    /* Now and then the name of a recent organisation again, under another code. */
    if (s->otype == O_ENTERPRISE && g->nrecent > 0 && rng_permille(&g->r, 3)) {
        int k = (int)rng_below(&g->r, (uint32_t)(g->nrecent < 8 ? g->nrecent : 8));
        memcpy(s->name, g->recent[k], sizeof s->name);
    } else if (s->otype == O_ENTERPRISE) {
        memcpy(g->recent[g->nrecent % 8], s->name, sizeof s->name);
        g->nrecent++;
    }
    char body[9];
    make_body(g, index, digits, body);
    if (cat[0] == '5')
        body[1] = 'J'; /* civil-affairs codes read MJ...; never the digit form (digits is false) */
    snprintf(prefix, sizeof prefix, "%s%s", cat, region);
    make_uscc(s->code, prefix, body);
}

/* ---------------------------------------------------------------------------------------------
 * Output files. */

static int io_fail(struct gen *g, const char *what)
{
    if (g->rc == XY_OK)
        g->rc = xy_error_set(g->err, XY_EIO, "cannot write %s: %s", what, strerror(errno));
    return g->rc;
}

static int make_dir(struct gen *g, const char *path)
{
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        return io_fail(g, path);
    return XY_OK;
}

static int set_path(struct gen *g, const char *rel)
{
    int n = snprintf(g->path, sizeof g->path, "%s/%s", g->o->out_dir, rel);
    if (n < 0 || (size_t)n >= sizeof g->path) {
        if (g->rc == XY_OK)
            g->rc =
                xy_error_set(g->err, XY_EINVAL, "output path too long: %s/%s", g->o->out_dir, rel);
        return g->rc;
    }
    return XY_OK;
}

#define FILE_BUF (256 * 1024)

static int open_csv(struct gen *g, struct out_file *of, const char *path, int cls)
{
    of->f = fopen(path, "wb");
    if (!of->f)
        return io_fail(g, path);
    of->buf = xy_malloc(FILE_BUF);
    if (of->buf)
        setvbuf(of->f, of->buf, _IOFBF, FILE_BUF);
    const struct class_shape *sh = &SHAPES[cls];
    for (int i = 0; i < sh->ncols; i++) {
        if (i)
            fputc(',', of->f);
        fputs(sh->hdr[i], of->f);
    }
    fputs("\r\n", of->f);
    return XY_OK;
}

static int close_csv(struct gen *g, struct out_file *of, const char *what)
{
    int rc = XY_OK;
    if (of->f) {
        int bad = ferror(of->f);
        if (fclose(of->f) != 0)
            bad = 1;
        if (bad)
            rc = io_fail(g, what);
        of->f = NULL;
    }
    xy_free(of->buf);
    of->buf = NULL;
    return rc;
}

static struct out_file *dept_file(struct gen *g, int dept, int cls)
{
    struct out_file *of = &g->files[dept][cls];
    if (of->f || g->rc != XY_OK)
        return of->f ? of : NULL;
    char rel[64];
    snprintf(rel, sizeof rel, "%s", g->dept_code[dept]);
    if (set_path(g, rel) || make_dir(g, g->path))
        return NULL;
    snprintf(rel, sizeof rel, "%s/%s.csv", g->dept_code[dept], CLASS_NAMES[cls]);
    if (set_path(g, rel) || open_csv(g, of, g->path, cls))
        return NULL;
    return of;
}

static void write_row(struct gen *g, struct out_file *of, int cls)
{
    if (!of)
        return;
    size_t n = row_format(&g->row, g->line);
    if (fwrite(g->line, 1, n, of->f) != n)
        io_fail(g, CLASS_NAMES[cls]);
    of->rows++;
    g->rows[cls]++;
}

/* ---------------------------------------------------------------------------------------------
 * Record builders: each fills g->row for one record of subject s. */

static void doc_no(struct gen *g, int dept, int cls, int32_t day)
{
    struct xy_date d = xy_date_from_days(day);
    int yi = d.y - DATE_FIRST_Y;
    if (yi < 0)
        yi = 0;
    if (yi >= NYEARS)
        yi = NYEARS - 1;
    uint32_t n = ++g->seq[dept][cls][yi];
    struct row *r = &g->row;
    ap(r, DEPTS[dept].abbr);
    ap(r, cls == XY_DEMO_PENALTY ? DEPTS[dept].pen : CLASS_DOC_WORD[cls]);
    ap(r, "〔");
    apu(r, (uint64_t)d.y, 4);
    ap(r, "〕");
    apu(r, n, DEPTS[dept].width);
    ap(r, "号");
}

static void put_party(struct gen *g, int cls, const struct subject *s)
{
    const struct class_shape *sh = &SHAPES[cls];
    struct row *r = &g->row;
    bool text = rng_permille(&g->r, 300);

    fs(r, sh->mc, s->name);
    if (s->kind == K_PERSON) {
        fs(r, sh->lb, text ? "自然人" : "01");
        fs(r, sh->zjlx, rng_permille(&g->r, 250) ? "身份证" : "01");
        fs(r, sh->zjhm, s->idno);
        return;
    }
    if (s->kind == K_IB)
        fs(r, sh->lb, text ? "个体工商户" : "04");
    else if (s->otype == O_BRANCH)
        fs(r, sh->lb, text ? "非法人组织" : "03");
    else
        fs(r, sh->lb, text ? (rng_permille(&g->r, 700) ? "法人及非法人组织" : "法人") : "02");
    fs(r, sh->shxym, s->code);
    if (s->placeholder && sh->gszc >= 0)
        fs(r, sh->gszc, s->regno);
    if (!s->placeholder && sh->zzjg >= 0 && rng_permille(&g->r, 200)) {
        fb(r, sh->zzjg);
        apn(r, s->code + 8, 8);
        if (rng_permille(&g->r, 500))
            ap(r, "-");
        apn(r, s->code + 16, 1);
        fe(r);
    }
    if (!s->placeholder && sh->swdj >= 0 && rng_permille(&g->r, 50))
        fs(r, sh->swdj, s->code);
    fs(r, sh->frdb, s->rep);
    if (s->rep_id[0]) {
        fs(r, sh->fr_zjlx, "01");
        fs(r, sh->fr_zjhm, s->rep_id);
    }
}

static void put_dept(struct gen *g, int name_col, int code_col, int dept)
{
    fs(&g->row, name_col, DEPTS[dept].name);
    fs(&g->row, code_col, g->dept_code[dept]);
}

static unsigned who_of(const struct subject *s)
{
    return s->kind == K_PERSON ? W_PERSON : s->kind == K_IB ? W_IB : W_ORG;
}

/* Expands a certificate-number pattern: {U} the subject's code (its registration number under the
 * placeholder), {I} its ID number, {R} its district code, {Y} the year, {y} the year's last two
 * digits, {M} the month, {Dn} n random digits (n from 1 to 9, or 15 as {D15}). */
static void expand(struct gen *g, const char *pat, const struct subject *s, int32_t day)
{
    struct row *r = &g->row;
    struct xy_date d = xy_date_from_days(day);
    const char *p = pat;
    while (*p) {
        if (*p != '{') {
            const char *q = strchr(p, '{');
            size_t n = q ? (size_t)(q - p) : strlen(p);
            apn(r, p, n);
            p += n;
            continue;
        }
        const char *end = strchr(p, '}');
        if (!end)
            break;
        char tag = p[1];
        if (tag == 'U')
            ap(r, s->placeholder ? s->regno : s->code);
        else if (tag == 'I')
            ap(r, s->idno);
        else if (tag == 'R')
            ap(r, DISTRICTS[s->district].code);
        else if (tag == 'Y')
            apu(r, (uint64_t)d.y, 4);
        else if (tag == 'y')
            apu(r, (uint64_t)(d.y % 100), 2);
        else if (tag == 'M')
            apu(r, (uint64_t)d.m, 2);
        else if (tag == 'D') {
            int n = (int)strtol(p + 2, NULL, 10);
            for (int i = 0; i < n; i++) {
                char c = (char)('0' + rng_below(&g->r, 10));
                apn(r, &c, 1);
            }
        }
        p = end + 1;
    }
}

/* Departments that deal with every kind of business. */
#define GENERAL_DEPTS (B(D_SAMR) | B(D_TAX) | B(D_CITY) | B(D_FIRE) | B(D_HR))

/* How much more likely a department's records are for s: its industry's departments are
 * favoured; an organisation gets nothing from a specialised department outside its industry (no
 * travel-agency fine for a pharmacy), unless the department is forced. */
static unsigned aff_factor(const struct subject *s, int dept, bool forced)
{
    if (s->aff & B(dept))
        return 4;
    if (forced || s->kind != K_ORG || (GENERAL_DEPTS & B(dept)))
        return 1;
    return 0;
}

static const struct lic_tpl *pick_lic(struct gen *g, const struct subject *s)
{
    unsigned who = who_of(s), total = 0;
    for (size_t i = 0; i < ARRAY_LEN(LICS); i++)
        if (LICS[i].who & who)
            total += LICS[i].weight * aff_factor(s, LICS[i].dept, false);
    uint32_t u = rng_below(&g->r, total);
    for (size_t i = 0; i < ARRAY_LEN(LICS); i++) {
        if (!(LICS[i].who & who))
            continue;
        unsigned w = LICS[i].weight * aff_factor(s, LICS[i].dept, false);
        if (u < w)
            return &LICS[i];
        u -= w;
    }
    return &LICS[0];
}

/* dept < 0: any department. Returns NULL when no template of dept applies to s. */
static const struct pen_tpl *pick_pen(struct gen *g, const struct subject *s, int dept)
{
    unsigned who = who_of(s), total = 0;
    for (size_t i = 0; i < ARRAY_LEN(PENS); i++)
        if ((PENS[i].who & who) && (dept < 0 || PENS[i].dept == dept))
            total += PENS[i].weight * aff_factor(s, PENS[i].dept, dept >= 0);
    if (total == 0)
        return NULL;
    uint32_t u = rng_below(&g->r, total);
    for (size_t i = 0; i < ARRAY_LEN(PENS); i++) {
        if (!(PENS[i].who & who) || (dept >= 0 && PENS[i].dept != dept))
            continue;
        unsigned w = PENS[i].weight * aff_factor(s, PENS[i].dept, dept >= 0);
        if (u < w)
            return &PENS[i];
        u -= w;
    }
    return NULL;
}

static const struct list_tpl *pick_list(struct gen *g, const struct subject *s, int cls)
{
    unsigned who = who_of(s), total = 0;
    for (size_t i = 0; i < ARRAY_LEN(LISTS); i++)
        if (LISTS[i].cls == cls && (LISTS[i].who & who))
            total += LISTS[i].weight * aff_factor(s, LISTS[i].dept, false);
    if (total == 0)
        return NULL;
    uint32_t u = rng_below(&g->r, total);
    for (size_t i = 0; i < ARRAY_LEN(LISTS); i++) {
        if (LISTS[i].cls != cls || !(LISTS[i].who & who))
            continue;
        unsigned w = LISTS[i].weight * aff_factor(s, LISTS[i].dept, false);
        if (u < w)
            return &LISTS[i];
        u -= w;
    }
    return NULL;
}

static const struct cn_tpl *pick_cn(struct gen *g, const struct subject *s)
{
    unsigned who = who_of(s), total = 0;
    for (size_t i = 0; i < ARRAY_LEN(CNS); i++)
        if (CNS[i].who & who)
            total += CNS[i].weight;
    uint32_t u = rng_below(&g->r, total);
    for (size_t i = 0; i < ARRAY_LEN(CNS); i++) {
        if (!(CNS[i].who & who))
            continue;
        if (u < CNS[i].weight)
            return &CNS[i];
        u -= CNS[i].weight;
    }
    return &CNS[4];
}

static int32_t today_or_before(const struct gen *g, int32_t day)
{
    return day > g->d_today ? g->d_today : day;
}

static void build_license(struct gen *g, const struct subject *s, const struct lic_tpl *t)
{
    struct row *r = &g->row;
    row_reset(r, SHAPES[XY_DEMO_LICENSE].ncols);
    pick_style(g);
    put_party(g, XY_DEMO_LICENSE, s);
    int32_t day = t == &LICS[0] ? s->founded : rand_day(g, s->founded, g->d_today);
    fs(r, L_XKWS, t->doc);
    fb(r, L_WSH);
    doc_no(g, t->dept, XY_DEMO_LICENSE, day);
    fe(r);
    {
        int c = t->cat[1] - '0';
        static const char *const text[] = {"", "普通", "特许", "认可", "核准", "登记", "其他"};
        fs(r, L_XKLB, rng_permille(&g->r, 250) ? text[c] : t->cat);
    }
    if (t->cert[0])
        fs(r, L_XKZS, t->cert);
    if (t->certno[0]) {
        fb(r, L_XKBH);
        expand(g, t->certno, s, day);
        fe(r);
    }
    fs(r, L_NR, t->content);
    fdate(g, L_JDRQ, day);
    int32_t from = rng_permille(&g->r, 700) ? day : day + rng_range(&g->r, 1, 5);
    int32_t to = t->years ? add_months_days(from, 12 * t->years) - 1 : ymd_days(2099, 12, 31);
    fdate(g, L_YXQZ, from);
    fdate(g, L_YXQZI, to);
    put_dept(g, L_XKJG, L_XKJGDM, t->dept);
    bool valid = to >= g->d_today;
    bool text = rng_permille(&g->r, 200);
    fs(r, L_ZT, valid ? (text ? "有效" : "1") : (text ? "无效" : "2"));
    put_dept(g, L_LYDW, L_LYDWDM, t->dept);
    if (rng_permille(&g->r, 600))
        fs(r, L_SXBM, t->matter);
    if (rng_permille(&g->r, 40))
        fs(r, L_BZ, "新办");
    else if (rng_permille(&g->r, 30))
        fs(r, L_BZ, "延续,换证");
}

/* Amounts in yuan rounded as decisions write them: two or three significant digits. */
static uint64_t round_yuan(struct gen *g, uint32_t lo, uint32_t hi)
{
    uint64_t v = lo + rng_below(&g->r, hi - lo + 1);
    uint64_t mag = 1;
    int sig = rng_permille(&g->r, 700) ? 2 : 3;
    for (uint64_t t = v; t >= 10; t /= 10)
        mag *= 10;
    for (int i = 1; i < sig && mag > 1; i++)
        mag /= 10;
    v = (v + mag / 2) / mag * mag;
    return v ? v : mag;
}

static void put_yuan(struct row *r, int64_t fen, bool grouped)
{
    int64_t y = fen / 100, c = fen % 100;
    if (grouped) {
        char tmp[32];
        int n = snprintf(tmp, sizeof tmp, "%lld", (long long)y);
        for (int i = 0; i < n; i++) {
            if (i && (n - i) % 3 == 0)
                ap(r, ",");
            apn(r, tmp + i, 1);
        }
        ap(r, ".");
        apu(r, (uint64_t)c, 2);
    } else {
        apu(r, (uint64_t)y, 0);
        if (c) {
            ap(r, ".");
            apu(r, (uint64_t)c, 2);
        }
    }
    ap(r, "元");
}

static void put_wan(struct row *r, int64_t fen)
{
    char tmp[32];
    xy_money_format_wan(fen, tmp);
    ap(r, tmp);
}

static void put_cn_date(struct row *r, int32_t day)
{
    put_date_style(r, day, 2);
}

/* Builds one penalty. severity: '1'-'3', or 0 to draw one. day: the decision day, or 0 to draw
 * one. Leaves the document number in g->last_wsh and the day in g->last_day. */
static void build_penalty(struct gen *g, const struct subject *s, const struct pen_tpl *t,
                          char severity, int32_t day)
{
    struct row *r = &g->row;
    row_reset(r, SHAPES[XY_DEMO_PENALTY].ncols);
    pick_style(g);
    put_party(g, XY_DEMO_PENALTY, s);
    if (!day)
        day = rand_day(g, s->founded, g->d_today);
    g->last_day = day;

    /* The categories: the template's, or under the simple procedure a warning or a small fine. */
    int cats[8], ncats = 0;
    bool simple = severity == 0 && t->simple && rng_permille(&g->r, t->simple);
    if (!simple && severity == 0 && strstr(t->cats, "03") && !strstr(t->cats, "04") &&
        rng_permille(&g->r, 25))
        simple = true;
    if (simple) {
        if (strstr(t->cats, "01") && rng_permille(&g->r, 400))
            cats[ncats++] = 1;
        else
            cats[ncats++] = 3;
    } else {
        for (const char *p = t->cats; *p && ncats < 8; p += (p[2] == ';') ? 3 : 2)
            cats[ncats++] = (p[0] - '0') * 10 + (p[1] - '0');
    }
    bool has[16] = {false};
    for (int i = 0; i < ncats; i++)
        has[cats[i]] = true;

    int64_t fine = 0, gain = 0;
    if (has[3]) {
        uint32_t hi = t->fine_max;
        if (simple)
            hi = s->kind == K_PERSON ? 200 : 3000;
        uint32_t lo = t->fine_min < hi ? t->fine_min : hi / 2;
        fine = (int64_t)round_yuan(g, lo, hi) * 100;
    }
    if (has[4] || has[5])
        gain = (int64_t)rng_range(&g->r, (int)t->gain_min, (int)t->gain_max) * 100 +
               rng_range(&g->r, 0, 99);

    fb(r, P_WSH);
    doc_no(g, t->dept, XY_DEMO_PENALTY, day);
    fe(r);
    memcpy(g->last_wsh, r->txt + r->off[P_WSH], r->len[P_WSH]);
    g->last_wsh[r->len[P_WSH]] = '\0';
    fs(r, P_WFXW, t->wfxw);

    /* The facts. */
    {
        const struct district *d = &DISTRICTS[s->district];
        int32_t seen = day - rng_range(&g->r, 10, 90);
        fb(r, P_SY);
        put_cn_date(r, seen > g->d_first - 60 ? seen : day);
        if (s->kind == K_PERSON) {
            ap(r, "，执法人员在武汉市");
            ap(r, d->name);
            ap(r, d->roads[rng_below(&g->r, 3)]);
            ap(r, "巡查时发现，当事人");
        } else {
            ap(r, "，执法人员依法对当事人位于武汉市");
            ap(r, d->name);
            ap(r, d->roads[rng_below(&g->r, 3)]);
            apu(r, (uint64_t)rng_range(&g->r, 1, 999), 0);
            ap(r, "号的经营场所进行检查，发现当事人");
        }
        ap(r, t->found);
        ap(r, "。上述行为违反了");
        ap(r, t->rule);
        ap(r, "的规定。");
        fe(r);
    }
    fb(r, P_YJ);
    ap(r, t->basis);
    if (!simple && rng_permille(&g->r, 150))
        ap(r, "；《湖北省行政处罚裁量权基准》");
    fe(r);

    /* Categories: codes or texts, mostly ';'-joined. */
    {
        bool text = rng_permille(&g->r, 350);
        const char *sep = text && rng_permille(&g->r, 200) ? "、" : ";";
        fb(r, P_CFLB);
        for (int i = 0; i < ncats; i++) {
            if (i)
                ap(r, sep);
            if (text) {
                ap(r, PEN_CAT_TEXT[cats[i]]);
            } else {
                apu(r, (uint64_t)cats[i], 2);
            }
        }
        fe(r);
    }

    /* The content, and the amounts that go with the categories. */
    char zkno[64] = "";
    if (has[6] || has[8]) {
        if (strcmp(t->zk, "食品经营许可证") == 0)
            snprintf(zkno, sizeof zkno, "JY1%s%07u", DISTRICTS[s->district].code,
                     (unsigned)rng_below(&g->r, 10000000));
        else
            snprintf(zkno, sizeof zkno, "PDY%05u%s11A%04u", (unsigned)rng_below(&g->r, 100000),
                     DISTRICTS[s->district].code, (unsigned)rng_below(&g->r, 10000));
    }
    fb(r, P_NR);
    for (int i = 0; i < ncats; i++) {
        if (i)
            ap(r, "；");
        switch (cats[i]) {
        case 1:
            ap(r, "给予警告");
            break;
        case 3:
            ap(r, "罚款人民币");
            put_yuan(r, fine, rng_permille(&g->r, 80));
            break;
        case 4:
            ap(r, "没收违法所得");
            put_yuan(r, has[5] ? gain * 2 / 3 : gain, false);
            break;
        case 5:
            ap(r, "没收非法财物（涉案物品一批）");
            break;
        case 6:
            ap(r, "暂扣");
            ap(r, t->zk);
            ap(r, "六个月");
            break;
        case 7:
            ap(r, "降低资质等级");
            break;
        case 8:
            ap(r, "吊销");
            ap(r, t->zk);
            break;
        case 10:
            ap(r, "责令停产停业整顿");
            break;
        default:
            ap(r, PEN_CAT_TEXT[cats[i]]);
            break;
        }
    }
    fe(r);
    if (has[3]) {
        fb(r, P_FK);
        put_wan(r, fine);
        fe(r);
    }
    if (has[4] || has[5]) {
        fb(r, P_WFFF);
        put_wan(r, gain);
        fe(r);
    }
    if (has[6] || has[8]) {
        fb(r, P_ZKDX);
        ap(r, t->zk);
        ap(r, "（");
        ap(r, zkno);
        ap(r, "）");
        fe(r);
    }

    /* Severity, and the dates that follow from it. */
    if (!severity) {
        uint32_t u = rng_below(&g->r, 100);
        severity = simple || u < 12 ? '1' : u < 92 ? '2' : '3';
    }
    fdate(g, P_JDRQ, day);
    {
        int months = severity == '1' ? 3 : severity == '2' ? 12 : 36;
        if (has[6])
            months = 6;
        fdate(g, P_YXQ, add_months_days(day, months) - 1);
    }
    put_dept(g, P_CFJG, P_CFJGDM, t->dept);
    put_dept(g, P_SJLY, P_SJLYDM, t->dept);
    {
        static const char *const sev_text[] = {"轻微", "一般", "严重"};
        uint32_t u = rng_below(&g->r, 100);
        if (severity != '2' || u < 60) {
            char c[2] = {severity, '\0'};
            fs(r, P_YZCD, u % 5 == 0 ? sev_text[severity - '1'] : c);
        }
    }
    if (t->sector[0]) {
        static const char *const sec_text[] = {"一般领域", "特种设备", "安全生产", "消防"};
        fs(r, P_HY, rng_permille(&g->r, 300) ? sec_text[t->sector[1] - '0'] : t->sector);
    } else if (rng_permille(&g->r, 250)) {
        fs(r, P_HY, "00");
    }
    if (simple)
        fs(r, P_CXLX, rng_permille(&g->r, 200) ? "简易程序" : "2");
    else if (rng_permille(&g->r, 500))
        fs(r, P_CXLX, rng_permille(&g->r, 100) ? "普通程序" : "1");
    uint32_t u = rng_below(&g->r, 1000);
    if (u < 40)
        fs(r, P_BZ, "当事人已缴纳罚款");
    else if (u < 55)
        fs(r, P_BZ, "依据\"双随机、一公开\"抽查结果作出");
    else if (u < 65)
        fs(r, P_BZ, "涉案物品已依法处置,详见决定书原件");
}

static void build_list(struct gen *g, const struct subject *s, const struct list_tpl *t,
                       int32_t day, const char *pen_wsh)
{
    struct row *r = &g->row;
    row_reset(r, SHAPES[t->cls].ncols);
    pick_style(g);
    put_party(g, t->cls, s);
    fb(r, M_WSH);
    doc_no(g, t->dept, t->cls, day);
    fe(r);
    fb(r, M_LRSY);
    ap(r, t->reason);
    if (pen_wsh && pen_wsh[0]) {
        ap(r, "。相关行政处罚决定书文号：");
        ap(r, pen_wsh);
    }
    fe(r);
    fs(r, M_RDYJ, t->basis);
    if (rng_permille(&g->r, 850))
        fs(r, M_LY, t->domain);
    put_dept(g, M_RDBM, M_RDBMDM, t->dept);
    fdate(g, M_RDRQ, day);
    int32_t listed = today_or_before(g, day + rng_range(&g->r, 0, 10));
    fdate(g, M_LRRQ, listed);
    fdate(g, M_YXQZ, add_months_days(listed, 12 * t->years) - 1);
    if (rng_permille(&g->r, 50))
        fs(r, M_BZ, "信息来源：部门报送");
}

static void build_commitment(struct gen *g, const struct subject *s, const struct cn_tpl *t,
                             int dept, int32_t day)
{
    struct row *r = &g->row;
    row_reset(r, SHAPES[XY_DEMO_COMMITMENT].ncols);
    pick_style(g);
    put_party(g, XY_DEMO_COMMITMENT, s);
    if (!day)
        day = rand_day(g, s->founded, g->d_today);
    fb(r, C_WSH);
    doc_no(g, dept, XY_DEMO_COMMITMENT, day);
    fe(r);
    static const char *const type_text[] = {"",           "主动承诺型", "行业自律型",
                                            "审批替代型", "容缺受理型", "失信修复型"};
    fs(r, C_LX, rng_permille(&g->r, 250) ? type_text[t->type[1] - '0'] : t->type);
    if (t->matter_code[0])
        fs(r, C_SXBM, t->matter_code);
    if (t->matter_name[0] && (t->type[1] == '3' || t->type[1] == '4' || rng_permille(&g->r, 500)))
        fs(r, C_SXMC, t->matter_name);
    fb(r, C_NR);
    ap(r, t->lead);
    ap(r, CN_BODY);
    fe(r);
    fdate(g, C_QSRQ, day);
    put_dept(g, C_SLBM, C_SLBMDM, dept);
    int32_t until = 0;
    if (t->type[1] == '4')
        until = day + 30;
    else if (t->type[1] == '3' || t->type[1] == '5' || rng_permille(&g->r, 400))
        until = add_months_days(day, 12) - 1;
    if (until)
        fdate(g, C_YXQZ, until);
    uint32_t u = rng_below(&g->r, 100);
    if (until && until < g->d_today)
        fs(r, C_LYZT, u < 6 ? "3" : u < 20 ? "已履约" : "2");
    else if (u < 50)
        fs(r, C_LYZT, u < 10 ? "履约中" : "1");
}

static const struct cn_tpl REPAIR_CN = {"05", D_SAMR,     W_ORG | W_IB | W_PERSON, 0,
                                        "",   "信用修复", "就申请信用修复事项，"};

/* ---------------------------------------------------------------------------------------------
 * The main data set. */

struct subject_plan {
    int nlic, npen;
    bool black, red, watch, commit;
};

static void plan_for(struct gen *g, const struct subject *s, struct subject_plan *p)
{
    static const unsigned lic_org[] = {150, 250, 250, 180, 100, 70}; /* 0..5, per mille */
    memset(p, 0, sizeof *p);
    uint32_t u = rng_below(&g->r, 1000);
    if (s->kind == K_PERSON) {
        p->nlic = u < 450 ? 0 : 1;
    } else if (s->kind == K_IB) {
        p->nlic = u < 100 ? 0 : u < 500 ? 1 : u < 850 ? 2 : 3;
    } else {
        for (p->nlic = 0; p->nlic < 5 && u >= lic_org[p->nlic]; p->nlic++)
            u -= lic_org[p->nlic];
    }
    u = rng_below(&g->r, 1000);
    p->npen = u < 600 ? 0 : u < 850 ? 1 : u < 950 ? 2 : 3;
    p->black = rng_permille(&g->r, 20);
    p->red = !p->black && p->npen == 0 && s->kind != K_PERSON && rng_permille(&g->r, 55);
    p->watch = !p->black && p->npen > 0 && rng_permille(&g->r, 25);
    p->commit = rng_permille(&g->r, s->kind == K_PERSON ? 120 : 260);
    if (s->placeholder) {
        /* Lists and commitments have no registration-number field to identify such a subject. */
        p->black = p->red = p->watch = p->commit = false;
    }
}

static void emit_subject(struct gen *g, const struct subject *s, const struct subject_plan *p,
                         struct xy_demo_summary *sum, bool demo)
{
    int nlists = 0, npen = 0, nlic = 0;
    int black_dept = -1;
    int32_t black_day = 0;

    if (p->black) {
        const struct list_tpl *lt = demo ? &LISTS[7] : pick_list(g, s, XY_DEMO_BLACK_LIST);
        if (lt) {
            const struct pen_tpl *pt = pick_pen(g, s, lt->dept);
            if (!pt)
                pt = pick_pen(g, s, -1);
            int32_t pday = rand_day(g, s->founded, g->d_today - 30);
            build_penalty(g, s, pt, '3', pday);
            write_row(g, dept_file(g, pt->dept, XY_DEMO_PENALTY), XY_DEMO_PENALTY);
            npen++;
            char wsh[128];
            memcpy(wsh, g->last_wsh, sizeof wsh);
            black_day = today_or_before(g, pday + rng_range(&g->r, 20, 200));
            build_list(g, s, lt, black_day, wsh);
            write_row(g, dept_file(g, lt->dept, XY_DEMO_BLACK_LIST), XY_DEMO_BLACK_LIST);
            black_dept = lt->dept;
            nlists++;
        }
    }
    for (int i = 0; i < p->npen; i++) {
        const struct pen_tpl *pt = pick_pen(g, s, -1);
        build_penalty(g, s, pt, 0, 0);
        write_row(g, dept_file(g, pt->dept, XY_DEMO_PENALTY), XY_DEMO_PENALTY);
        npen++;
    }
    const struct lic_tpl *used[8];
    for (int i = 0; i < p->nlic && i < 8; i++) {
        const struct lic_tpl *lt = (demo && i == 0) ? &LICS[0] : pick_lic(g, s);
        /* One licence of a kind per subject: draw again a few times on a repeat. */
        for (int tries = 0; tries < 8; tries++) {
            bool seen = false;
            for (int k = 0; k < i; k++)
                seen = seen || used[k] == lt;
            if (!seen)
                break;
            lt = pick_lic(g, s);
        }
        used[i] = lt;
        build_license(g, s, lt);
        write_row(g, dept_file(g, lt->dept, XY_DEMO_LICENSE), XY_DEMO_LICENSE);
        nlic++;
    }
    for (int cls = XY_DEMO_RED_LIST; cls <= XY_DEMO_WATCH_LIST; cls += 2) {
        if ((cls == XY_DEMO_RED_LIST && !p->red) || (cls == XY_DEMO_WATCH_LIST && !p->watch))
            continue;
        const struct list_tpl *lt = pick_list(g, s, cls);
        if (!lt)
            continue;
        build_list(g, s, lt, rand_day(g, s->founded, g->d_today), NULL);
        write_row(g, dept_file(g, lt->dept, cls), cls);
        nlists++;
    }
    if (p->commit) {
        if (black_dept >= 0 && (demo || rng_permille(&g->r, 500))) {
            int32_t day = today_or_before(g, black_day + rng_range(&g->r, 30, 365));
            build_commitment(g, s, &REPAIR_CN, black_dept, day);
            write_row(g, dept_file(g, black_dept, XY_DEMO_COMMITMENT), XY_DEMO_COMMITMENT);
        } else {
            const struct cn_tpl *ct = pick_cn(g, s);
            build_commitment(g, s, ct, ct->dept, 0);
            write_row(g, dept_file(g, ct->dept, XY_DEMO_COMMITMENT), XY_DEMO_COMMITMENT);
        }
    }
    if (demo && sum) {
        memcpy(sum->demo_code, s->code, sizeof sum->demo_code);
        snprintf(sum->demo_name, sizeof sum->demo_name, "%s", s->name);
        sum->demo_licences = nlic;
        sum->demo_penalties = npen;
        sum->demo_lists = nlists;
    }
}

/* ---------------------------------------------------------------------------------------------
 * Arrears (欠缴信息, consent scope): unpaid taxes identified by the tax bureau, unpaid social
 * insurance contributions identified by the human resources and social security bureau. The demo
 * has no housing provident fund centre and no water or power utility among its departments, so
 * 住房公积金 and utility charges (水费) do not occur: no department here would hold them.
 *
 * Everything below draws from g->ra only (emit_arrears swaps it in for g->r), never from the main
 * stream: the other classes' files stay byte-identical to those of a generator without arrears. */

enum { A_ENT = 1, A_SOC = 2, A_IB = 4 }; /* enterprises and branches; other organisations; IBs */

struct arr_tpl {
    int dept;
    unsigned who, weight;
    const char *item;        /* QJ_XM */
    uint32_t org_lo, org_hi; /* the amount owed by an organisation, in yuan */
    uint32_t ib_lo, ib_hi;   /* by an individual business; 0 when A_IB is not in who */
    int max_months;          /* the arrears start 1 .. this many months before the decision */
    int since_day;           /* on this day of the month: 1 for a contribution month, 16 for the
                                day after a tax filing deadline (the 15th) */
    const char *period;      /* the remark's lead for the period owed */
};

static const struct arr_tpl ARRS[] = {
    {D_TAX, A_ENT | A_IB, 10, "增值税", 3000, 800000, 500, 30000, 12, 16, "税款所属期"},
    {D_TAX, A_ENT, 5, "企业所得税", 5000, 1500000, 0, 0, 18, 16, "税款所属期"},
    {D_TAX, A_ENT | A_SOC, 3, "城镇土地使用税", 2000, 300000, 0, 0, 24, 16, "税款所属期"},
    {D_TAX, A_ENT | A_SOC, 3, "房产税", 3000, 400000, 0, 0, 24, 16, "税款所属期"},
    {D_TAX, A_ENT, 2, "城市维护建设税", 300, 50000, 0, 0, 12, 16, "税款所属期"},
    {D_TAX, A_ENT, 1, "印花税", 100, 20000, 0, 0, 12, 16, "税款所属期"},
    {D_TAX, A_IB, 6, "个人所得税（经营所得）", 0, 0, 300, 20000, 12, 16, "税款所属期"},
    {D_HR, A_ENT | A_SOC | A_IB, 8, "城镇职工基本养老保险费", 5000, 1200000, 2000, 60000, 18, 1,
     "费款所属期"},
    {D_HR, A_ENT | A_SOC | A_IB, 3, "失业保险费", 300, 60000, 100, 3000, 18, 1, "费款所属期"},
    {D_HR, A_ENT | A_SOC, 2, "工伤保险费", 200, 50000, 0, 0, 18, 1, "费款所属期"},
};

static unsigned arr_who(const struct subject *s)
{
    if (s->kind == K_IB)
        return A_IB;
    return s->otype == O_ENTERPRISE || s->otype == O_BRANCH ? A_ENT : A_SOC;
}

/* An amount owed, in fen: about log-uniform in [lo, hi] yuan (an octave lo·2^k at random, then
 * uniform within it), to the fen as arrears are: they are sums of assessed amounts, never round. */
static int64_t arrears_fen(struct gen *g, uint32_t lo, uint32_t hi)
{
    uint32_t octaves = 0;
    for (uint64_t v = lo; v * 2 <= hi; v *= 2)
        octaves++;
    uint64_t a = (uint64_t)lo << rng_below(&g->r, octaves + 1);
    uint64_t b = a * 2 < hi ? a * 2 : hi;
    uint64_t yuan = a + rng_below(&g->r, (uint32_t)(b - a + 1));
    return (int64_t)yuan * 100 + (int64_t)rng_below(&g->r, 100);
}

static void put_year_month(struct row *r, struct xy_date d)
{
    apu(r, (uint64_t)d.y, 4);
    ap(r, "年");
    apu(r, (uint64_t)d.m, 0);
    ap(r, "月");
}

static void build_arrears(struct gen *g, const struct subject *s, const struct arr_tpl *t)
{
    struct row *r = &g->row;
    row_reset(r, SHAPES[XY_DEMO_ARREARS].ncols);
    pick_style(g);
    put_party(g, XY_DEMO_ARREARS, s);

    /* The decision: at least three months after registration (young subjects make recent ones
     * the more common). */
    int32_t lo = s->founded + 90;
    if (lo < g->d_first)
        lo = g->d_first;
    if (lo > g->d_today)
        lo = g->d_today;
    int32_t day = rand_day(g, lo, g->d_today);
    /* The start: a contribution month or a filing deadline some months before, never before the
     * subject existed, always before the decision. */
    struct xy_date m =
        xy_date_add_months(xy_date_from_days(day), -rng_range(&g->r, 1, t->max_months));
    m.d = t->since_day;
    int32_t since = xy_date_to_days(m);
    if (since < s->founded)
        since = s->founded;
    if (since >= day)
        since = day - 1;

    fb(r, Q_BH);
    doc_no(g, t->dept, XY_DEMO_ARREARS, day);
    fe(r);
    fs(r, Q_XM, t->item);
    fb(r, Q_JE);
    put_wan(r, s->kind == K_IB ? arrears_fen(g, t->ib_lo, t->ib_hi)
                               : arrears_fen(g, t->org_lo, t->org_hi));
    fe(r);
    if (rng_permille(&g->r, 920))
        fdate(g, Q_QSRQ, since);
    fdate(g, Q_RDRQ, day);
    put_dept(g, Q_RDBM, Q_RDBMDM, t->dept);

    uint32_t u = rng_below(&g->r, 1000);
    if (u < 400) {
        /* The period owed: from the start's month (a tax's is the month before its deadline) to
         * the month before the decision. */
        struct xy_date from = xy_date_from_days(since), to = xy_date_from_days(day);
        if (t->since_day > 1)
            from = xy_date_add_months(from, -1);
        to = xy_date_add_months(to, -1);
        if (to.y * 12 + to.m < from.y * 12 + from.m)
            to = from;
        fb(r, Q_BZ);
        ap(r, t->period);
        ap(r, "：");
        put_year_month(r, from);
        ap(r, "至");
        put_year_month(r, to);
        fe(r);
    } else if (u < 600) {
        fs(r, Q_BZ,
           t->dept == D_TAX ? "已送达《税务事项通知书》，责令限期缴纳"
                            : "经责令限期缴纳或者补足，逾期仍未缴纳");
    } else if (u < 680) {
        fs(r, Q_BZ, "欠缴金额不含滞纳金");
    }
}

/* A few per cent of organisations (more in labour-intensive trades) and some individual
 * businesses owe one arrears record. Persons have none here, nor individual businesses under the
 * placeholder: the class has no registration-number field to identify them. */
static void emit_arrears(struct gen *g, const struct subject *s)
{
    if (s->kind == K_PERSON || s->placeholder)
        return;
    struct rng main_stream = g->r;
    g->r = g->ra;

    unsigned who = arr_who(s);
    bool labour = s->kind == K_ORG && (s->aff & (B(D_HR) | B(D_BUILD)));
    unsigned pm = who == A_IB ? 20 : who == A_SOC ? 15 : labour ? 50 : 30;
    if (rng_permille(&g->r, pm)) {
        int dept = rng_permille(&g->r, who == A_IB ? 250 : labour ? 650 : 400) ? D_HR : D_TAX;
        unsigned total = 0;
        for (size_t i = 0; i < ARRAY_LEN(ARRS); i++)
            if (ARRS[i].dept == dept && (ARRS[i].who & who))
                total += ARRS[i].weight;
        uint32_t u = rng_below(&g->r, total); /* every dept and kind has an item */
        const struct arr_tpl *t = &ARRS[0];
        for (size_t i = 0; i < ARRAY_LEN(ARRS); i++) {
            if (ARRS[i].dept != dept || !(ARRS[i].who & who))
                continue;
            if (u < ARRS[i].weight) {
                t = &ARRS[i];
                break;
            }
            u -= ARRS[i].weight;
        }
        build_arrears(g, s, t);
        write_row(g, dept_file(g, t->dept, XY_DEMO_ARREARS), XY_DEMO_ARREARS);
    }

    g->ra = g->r;
    g->r = main_stream;
}

/* ---------------------------------------------------------------------------------------------
 * The broken file, the GB18030 file and their README. */

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
    size_t n = row_format(&g->row, g->line);
    int rc = xy_buf_add(b, g->line, n);
    if (rc != XY_OK && g->rc == XY_OK)
        g->rc = xy_error_set(g->err, rc, "out of memory building the broken files");
    return rc;
}

static int add_header(struct gen *g, struct xy_buf *b, int cls)
{
    const struct class_shape *sh = &SHAPES[cls];
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

static int write_whole(struct gen *g, const char *rel, const char *data, size_t n)
{
    if (set_path(g, rel))
        return g->rc;
    FILE *f = fopen(g->path, "wb");
    if (!f)
        return io_fail(g, g->path);
    size_t w = fwrite(data, 1, n, f);
    int bad = w != n || ferror(f);
    if (fclose(f) != 0 || bad)
        return io_fail(g, g->path);
    return XY_OK;
}

/* A template of the first department that fines. */
static const struct pen_tpl *fining_tpl(struct gen *g, const struct subject *s)
{
    for (int tries = 0; tries < 50; tries++) {
        const struct pen_tpl *t = pick_pen(g, s, D_SAMR);
        if (t && strstr(t->cats, "03"))
            return t;
    }
    return &PENS[0];
}

static int write_broken(struct gen *g, struct xy_demo_summary *sum)
{
    struct xy_buf csv, readme;
    int rc = XY_OK;
    char first_wsh[128] = "";
    xy_buf_init(&csv, 1u << 22);
    xy_buf_init(&readme, 1u << 20);
    rng_seed(&g->r, g->o->seed ^ 0xB40CE9F11E5ull);

    if (set_path(g, "broken") || make_dir(g, g->path)) {
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
        make_subject(g, g->o->subjects + 1000 + i, &s, kind,
                     (m == BAD_USCC_CHECK || m == BAD_LONG_NAME) ? O_ENTERPRISE : -1);
        const struct pen_tpl *t = (m == BAD_FINE_DECIMALS || m == BAD_FINE_MISSING)
                                      ? fining_tpl(g, &s)
                                      : pick_pen(g, &s, D_SAMR);
        build_penalty(g, &s, t, '2', 0);
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
            put_field(g, SHAPES[XY_DEMO_PENALTY].zjhm, id);
            snprintf(val, sizeof val, "%s（正确应为 / should be %s）", id, s.idno);
            break;
        }
        case BAD_VALID_TO: {
            fb(&g->row, P_YXQ);
            put_date_style(&g->row, g->last_day - 30, 0);
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
    if ((rc = write_whole(g, "broken/penalty-broken.csv", csv.data, csv.len)) != XY_OK)
        goto out;

    /* A few good rows in GB18030, as some department systems still export them. */
    xy_buf_reset(&csv);
    if ((rc = add_header(g, &csv, XY_DEMO_PENALTY)) != XY_OK)
        goto out;
    for (int i = 0; i < 5; i++) {
        struct subject s;
        make_subject(g, g->o->subjects + 2000 + i, &s, -1, -1);
        build_penalty(g, &s, pick_pen(g, &s, D_SAMR), 0, 0);
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
        rc = write_whole(g, "broken/penalty-gbk.csv", outbuf, cap - outleft);
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
        rc = write_whole(g, "broken/README.txt", readme.data, readme.len);
out:
    if (rc != XY_OK && g->rc == XY_OK)
        g->rc = xy_error_set(g->err, rc, "cannot build the broken files");
    xy_buf_release(&csv);
    xy_buf_release(&readme);
    return g->rc;
}

/* ---------------------------------------------------------------------------------------------
 * Driver. */

static int write_departments(struct gen *g, struct xy_demo_summary *sum)
{
    struct xy_buf b;
    int rc = XY_OK;
    xy_buf_init(&b, 1u << 16);
    for (int d = 0; d < NDEPT && rc == XY_OK; d++)
        rc = xy_buf_printf(&b, "%s\t%s\n", g->dept_code[d], DEPTS[d].name);
    if (rc != XY_OK)
        g->rc = xy_error_set(g->err, rc, "out of memory");
    else
        write_whole(g, "departments.tsv", b.data, b.len);
    xy_buf_release(&b);
    sum->departments = NDEPT;
    return g->rc;
}

static int write_manifest(struct gen *g, struct xy_demo_summary *sum)
{
    struct xy_buf b;
    int rc = XY_OK;
    xy_buf_init(&b, 1u << 20);
    for (int cls = 0; cls < XY_DEMO_NCLASSES && rc == XY_OK; cls++) {
        for (int d = 0; d < NDEPT && rc == XY_OK; d++) {
            if (!g->files[d][cls].rows)
                continue;
            rc = xy_buf_printf(&b, "%s\t%s\t%s/%s.csv\n", CLASS_NAMES[cls], g->dept_code[d],
                               g->dept_code[d], CLASS_NAMES[cls]);
            sum->files++;
        }
    }
    if (g->single.rows && rc == XY_OK) {
        rc = xy_buf_printf(&b, "penalty\t%s\tpenalty.csv\n", g->dept_code[0]);
        sum->files++;
    }
    if (rc != XY_OK)
        g->rc = xy_error_set(g->err, rc, "out of memory");
    else
        write_whole(g, "manifest.tsv", b.data, b.len);
    xy_buf_release(&b);
    return g->rc;
}

static int check_opts(const struct xy_demo_opts *o, struct xy_error *err)
{
    if (!o->out_dir || !o->out_dir[0])
        return xy_error_set(err, XY_EINVAL, "no output directory given");
    if (!xy_date_valid(o->today.y, o->today.m, o->today.d) || o->today.y < DATE_FIRST_Y)
        return xy_error_set(err, XY_EINVAL,
                            "today must be a real date from 2019-01-01 to 2099-12-31");
    if (o->only_penalty_rows > 0) {
        if (o->only_penalty_rows > XY_DEMO_MAX_SUBJECTS)
            return xy_error_set(err, XY_EINVAL, "at most %ld rows", XY_DEMO_MAX_SUBJECTS);
    } else if (o->subjects < 1 || o->subjects > XY_DEMO_MAX_SUBJECTS) {
        return xy_error_set(err, XY_EINVAL, "subjects must be from 1 to %ld", XY_DEMO_MAX_SUBJECTS);
    }
    return XY_OK;
}

static void gen_init(struct gen *g, const struct xy_demo_opts *o, struct xy_error *err)
{
    g->o = o;
    g->err = err;
    g->rc = XY_OK;
    rng_seed(&g->r, o->seed);
    rng_seed(&g->ra, o->seed ^ 0xA44EA55C0FFEE5ull);
    g->d_first = ymd_days(DATE_FIRST_Y, 1, 1);
    g->d_today = xy_date_to_days(o->today);
    for (int d = 0; d < NDEPT; d++)
        make_uscc(g->dept_code[d], "11420100", DEPTS[d].body);
    g->m_name2 = NTOKEN * NTOKEN * NINDUSTRY;
    g->m_name3 = NTOKEN * NTOKEN * NTOKEN * NINDUSTRY;
    perm_init(&g->p_name2, g->m_name2, o->seed, 1);
    perm_init(&g->p_name3, g->m_name3, o->seed, 2);
    perm_init(&g->p_body_ma, 887503681ull /* 31^6 */, o->seed, 3);
    perm_init(&g->p_body_num, 50000000ull, o->seed, 4);
    perm_init(&g->p_person, (uint64_t)NDISTRICT * 20089ull * 1000ull, o->seed, 5);
    perm_init(&g->p_regno, 10000000ull, o->seed, 6);
}

int xy_demo_generate(const struct xy_demo_opts *opts, struct xy_demo_summary *out,
                     struct xy_error *err)
{
    struct xy_demo_summary local;
    struct xy_demo_summary *sum = out ? out : &local;
    struct gen *g = NULL;
    int rc;

    memset(sum, 0, sizeof *sum);
    xy_error_clear(err);
    if ((rc = check_opts(opts, err)) != XY_OK)
        return rc;
    g = xy_calloc(1, sizeof *g);
    if (!g)
        return xy_error_set(err, XY_ENOMEM, "out of memory");
    gen_init(g, opts, err);
    if (make_dir(g, opts->out_dir) || write_departments(g, sum))
        goto out;

    if (opts->only_penalty_rows > 0) {
        if (set_path(g, "penalty.csv") || open_csv(g, &g->single, g->path, XY_DEMO_PENALTY))
            goto out;
        for (long i = 0; i < opts->only_penalty_rows && g->rc == XY_OK; i++) {
            struct subject s;
            make_subject(g, i, &s, -1, -1);
            build_penalty(g, &s, pick_pen(g, &s, D_SAMR), 0, 0);
            write_row(g, &g->single, XY_DEMO_PENALTY);
            sum->subjects++;
            sum->organisations += s.kind == K_ORG;
            sum->individual_businesses += s.kind == K_IB;
            sum->persons += s.kind == K_PERSON;
        }
        close_csv(g, &g->single, "penalty.csv");
    } else {
        for (long i = 0; i < opts->subjects && g->rc == XY_OK; i++) {
            struct subject s;
            struct subject_plan plan;
            bool demo = i == 0;
            make_subject(g, i, &s, demo ? K_ORG : -1, demo ? O_ENTERPRISE : -1);
            if (demo) {
                memset(&plan, 0, sizeof plan);
                plan.nlic = 3;
                plan.npen = 1;
                plan.black = true;
                plan.commit = true;
            } else {
                plan_for(g, &s, &plan);
            }
            emit_subject(g, &s, &plan, sum, demo);
            emit_arrears(g, &s);
            sum->subjects++;
            sum->organisations += s.kind == K_ORG;
            sum->individual_businesses += s.kind == K_IB;
            sum->persons += s.kind == K_PERSON;
        }
        for (int d = 0; d < NDEPT; d++)
            for (int cls = 0; cls < XY_DEMO_NCLASSES; cls++)
                close_csv(g, &g->files[d][cls], CLASS_NAMES[cls]);
        if (g->rc == XY_OK)
            write_broken(g, sum);
    }
    if (g->rc == XY_OK)
        write_manifest(g, sum);
out:
    for (int d = 0; d < NDEPT; d++)
        for (int cls = 0; cls < XY_DEMO_NCLASSES; cls++)
            close_csv(g, &g->files[d][cls], CLASS_NAMES[cls]);
    close_csv(g, &g->single, "penalty.csv");
    for (int cls = 0; cls < XY_DEMO_NCLASSES; cls++)
        sum->rows[cls] = g->rows[cls];
    rc = g->rc;
    xy_free(g);
    return rc;
}
