/* SPDX-License-Identifier: Apache-2.0 */
/* The demo generator's reference data: Wuhan's departments and districts, the words company and
 * person names are made of, and the columns of each class's CSV files in the catalogue's order. */
#include "demo/demo_int.h"

const char *const xy_demo_class_doc_word[XY_DEMO_NCLASSES] = {
    "许", NULL, "激", "惩", "关注", "承诺", "欠", "执", "政信", "检", "强", "确", "奖", "表"};

const struct dept xy_demo_depts[NDEPT] = {
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
    {"武汉市中级人民法院", "（武中法）", "罚", 0, "01071598"},
};

const struct district xy_demo_districts[] = {
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
const int xy_demo_districts_count = (int)ARRAY_LEN(xy_demo_districts);

/* Brand tokens. No token is a prefix of another (光谷 is, but 光 alone is not a token), so
 * distinct token sequences spell distinct brands. */
const char *const xy_demo_tokens[] = {
    "华", "鑫", "恒", "泰", "盛", "达", "科", "创", "楚", "江", "汉", "光谷", "宏",
    "瑞", "博", "信", "和", "兴", "隆", "安", "东", "方", "金", "诚", "正",   "天",
    "润", "德", "丰", "远", "嘉", "联", "森", "源", "通", "荣", "凯", "锦",   "辰",
    "宇", "航", "晟", "昌", "茂", "新", "中", "启", "明", "汇", "星",
};
const uint64_t xy_demo_tokens_count = (uint64_t)ARRAY_LEN(xy_demo_tokens);

const struct industry xy_demo_industries[] = {
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
const uint64_t xy_demo_industries_count = (uint64_t)ARRAY_LEN(xy_demo_industries);

const char *const xy_demo_coop_kinds[] = {
    "蔬菜种植专业合作社", "水产养殖专业合作社", "农机专业合作社",     "生猪养殖专业合作社",
    "茶叶专业合作社",     "水果种植专业合作社", "苗木花卉专业合作社", "粮食种植专业合作社",
};
const size_t xy_demo_coop_kinds_count = ARRAY_LEN(xy_demo_coop_kinds);
const char *const xy_demo_assoc_kinds[] = {
    "文化交流协会", "公益服务协会", "志愿者协会",   "健身协会",
    "书画协会",     "摄影协会",     "企业家联合会",
};
const size_t xy_demo_assoc_kinds_count = ARRAY_LEN(xy_demo_assoc_kinds);
const char *const xy_demo_nonprofit_kinds[] = {
    "培训学校", "职业技能培训学校", "养老服务中心", "社区服务中心",
    "康复中心", "艺术培训中心",     "幼儿园",
};
const size_t xy_demo_nonprofit_kinds_count = ARRAY_LEN(xy_demo_nonprofit_kinds);
const char *const xy_demo_foundation_kinds[] = {"慈善基金会", "教育基金会", "公益基金会"};
const size_t xy_demo_foundation_kinds_count = ARRAY_LEN(xy_demo_foundation_kinds);
const char *const xy_demo_shop_kinds[] = {
    "热干面馆",   "豆皮馆", "鸭脖店", "便利店", "五金店",     "服装店",
    "水果店",     "副食店", "理发店", "小吃店", "汽车修理部", "烟酒店",
    "家电维修部", "早餐店", "奶茶店", "餐馆",   "网吧",       "棋牌室",
};
const size_t xy_demo_shop_kinds_count = ARRAY_LEN(xy_demo_shop_kinds);

const char *const xy_demo_surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄",   "赵", "吴", "周", "徐", "孙", "马",
    "朱", "胡", "郭", "何", "高", "林", "罗",   "郑", "梁", "谢", "宋", "唐", "许",
    "韩", "冯", "邓", "曹", "彭", "曾", "肖",   "田", "董", "袁", "潘", "余", "蒋",
    "蔡", "熊", "程", "万", "汪", "雷", "欧阳", "夏", "付", "邹", "喻",
};
const size_t xy_demo_surnames_count = ARRAY_LEN(xy_demo_surnames);
const char *const xy_demo_given[] = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀", "霞", "平", "刚", "桂", "英", "华", "玉", "兰", "文", "辉", "鹏", "飞", "斌", "宇",
    "浩", "凯", "俊", "帆", "晨", "欣", "怡", "婷", "雪", "琳", "颖", "思", "雨", "子", "梓", "涵",
    "轩", "博", "宏", "志", "建", "国", "春", "红", "海", "波", "丹", "萍", "健", "亮", "新", "林",
    "峰", "云", "莉", "燕", "慧", "嘉", "佳", "晶", "倩", "阳", "武", "汉", "楚", "江", "荣", "昊",
};
const size_t xy_demo_given_count = ARRAY_LEN(xy_demo_given);

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
    "MD_LRSY",    "MD_RDYJ",     "MD_CFWSH",     "MD_LY",   "MD_RDBM", "MD_RDBMDM",
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

static const char *const HDR_DEFAULTER[] = {
    "SX_XDR_MC", "SX_XDR_LB", "SX_XDR_SHXYM", "SX_FRDB", "SX_FR_ZJLX", "SX_FR_ZJHM", "SX_XDR_ZJLX",
    "SX_XDR_ZJHM", "SX_JDSWH", "SX_AH", "SX_ZXFY", "SX_ZXFYDM", "SX_SF", "SX_ZXYJWH", "SX_ZCZXYJDW",
    "SX_LARQ", "SX_YW", "SX_LXQK", "SX_YLXBF", "SX_WLXBF", "SX_SXQX", "SX_FBRQ", "SX_PBRQ", "BZ",
};
static const char *const HDR_GOV_INTEGRITY[] = {
    "ZW_XDR_MC", "ZW_XDR_LB", "ZW_XDR_SHXYM", "ZW_FRDB", "ZW_FR_ZJLX", "ZW_FR_ZJHM", "ZW_XDR_ZJLX",
    "ZW_XDR_ZJHM", "ZW_SJBH", "ZW_SJLX", "ZW_SJMS", "ZW_RDYJ", "ZW_SJJE", "ZW_RDRQ", "ZW_RDBM",
    "ZW_RDBMDM", "ZW_ZGZT", "ZW_ZGRQ", "ZW_ZGQK", "BZ",
};
static const char *const HDR_INSPECTION[] = {
    "JC_XDR_MC", "JC_XDR_LB", "JC_XDR_SHXYM", "JC_FRDB", "JC_FR_ZJLX", "JC_FR_ZJHM", "JC_XDR_ZJLX",
    "JC_XDR_ZJHM", "JC_WSH", "JC_LX", "JC_SX", "JC_RQ", "JC_JG", "JC_CLQK", "JC_JGMC", "JC_JGDM",
    "BZ",
};
static const char *const HDR_ENFORCEMENT[] = {
    "QZ_XDR_MC", "QZ_XDR_LB", "QZ_XDR_SHXYM", "QZ_FRDB", "QZ_FR_ZJLX", "QZ_FR_ZJHM", "QZ_XDR_ZJLX",
    "QZ_XDR_ZJHM", "QZ_WSH", "QZ_FS", "QZ_SY", "QZ_YJ", "QZ_NR", "QZ_JE", "QZ_JDRQ", "QZ_QXZ",
    "QZ_JG", "QZ_JGDM", "BZ",
};
static const char *const HDR_CONFIRMATION[] = {
    "QR_XDR_MC", "QR_XDR_LB", "QR_XDR_SHXYM", "QR_FRDB", "QR_FR_ZJLX", "QR_FR_ZJHM", "QR_XDR_ZJLX",
    "QR_XDR_ZJHM", "QR_WSH", "QR_SXMC", "QR_LB", "QR_NR", "QR_JDRQ", "QR_YXQZ", "QR_JG", "QR_JGDM",
    "BZ",
};
static const char *const HDR_REWARD[] = {
    "JL_XDR_MC", "JL_XDR_LB", "JL_XDR_SHXYM", "JL_FRDB", "JL_FR_ZJLX", "JL_FR_ZJHM", "JL_XDR_ZJLX",
    "JL_XDR_ZJHM", "JL_WSH", "JL_MC", "JL_DJ", "JL_XS", "JL_JE", "JL_SY", "JL_YJ", "JL_JDRQ",
    "JL_YXQZ", "JL_JG", "JL_JGDM", "BZ",
};
static const char *const HDR_HONOUR[] = {
    "RY_XDR_MC", "RY_XDR_LB", "RY_XDR_SHXYM", "RY_FRDB", "RY_FR_ZJLX", "RY_FR_ZJHM", "RY_XDR_ZJLX",
    "RY_XDR_ZJHM", "RY_WSH", "RY_MC", "RY_DJ", "RY_SY", "RY_SYRQ", "RY_YXQZ", "RY_JG", "RY_JGDM",
    "BZ",
};

const struct class_shape xy_demo_shapes[XY_DEMO_NCLASSES] = {
    {HDR_LICENSE, (int)ARRAY_LEN(HDR_LICENSE), 0, 1, 2, 3, 4, 5, 8, 9, 10, 11, 12},
    {HDR_PENALTY, (int)ARRAY_LEN(HDR_PENALTY), 0, 1, 2, 3, 4, 5, 8, 9, 10, 11, 12},
    {HDR_LIST, (int)ARRAY_LEN(HDR_LIST), 0, 1, 2, -1, -1, -1, 3, 4, 5, 6, 7},
    {HDR_LIST, (int)ARRAY_LEN(HDR_LIST), 0, 1, 2, -1, -1, -1, 3, 4, 5, 6, 7},
    {HDR_LIST, (int)ARRAY_LEN(HDR_LIST), 0, 1, 2, -1, -1, -1, 3, 4, 5, 6, 7},
    {HDR_COMMITMENT, (int)ARRAY_LEN(HDR_COMMITMENT), 0, 1, 2, -1, -1, -1, 3, 4, 5, 6, 7},
    {HDR_ARREARS, (int)ARRAY_LEN(HDR_ARREARS), 0, 1, 2, -1, -1, -1, 3, 4, 5, 6, 7},
    {HDR_DEFAULTER, (int)ARRAY_LEN(HDR_DEFAULTER), 0, 1, 2, -1, -1, -1, 3, 4, 5, 6, 7},
    {HDR_GOV_INTEGRITY, (int)ARRAY_LEN(HDR_GOV_INTEGRITY), 0, 1, 2, -1, -1, -1, 3, 4, 5, 6, 7},
    {HDR_INSPECTION, (int)ARRAY_LEN(HDR_INSPECTION), 0, 1, 2, -1, -1, -1, 3, 4, 5, 6, 7},
    {HDR_ENFORCEMENT, (int)ARRAY_LEN(HDR_ENFORCEMENT), 0, 1, 2, -1, -1, -1, 3, 4, 5, 6, 7},
    {HDR_CONFIRMATION, (int)ARRAY_LEN(HDR_CONFIRMATION), 0, 1, 2, -1, -1, -1, 3, 4, 5, 6, 7},
    {HDR_REWARD, (int)ARRAY_LEN(HDR_REWARD), 0, 1, 2, -1, -1, -1, 3, 4, 5, 6, 7},
    {HDR_HONOUR, (int)ARRAY_LEN(HDR_HONOUR), 0, 1, 2, -1, -1, -1, 3, 4, 5, 6, 7},
};

const char *const xy_demo_class_names[XY_DEMO_NCLASSES] = {
    "license", "penalty", "red_list", "black_list", "watch_list", "commitment", "arrears",
    "defaulter", "gov_integrity", "inspection", "enforcement", "confirmation", "admin_reward", "honour",
};

const char *const xy_demo_pen_cat_text[] = {
    [1] = "警告",          [2] = "通报批评",     [3] = "罚款",
    [4] = "没收违法所得",  [5] = "没收非法财物", [6] = "暂扣许可证件",
    [7] = "降低资质等级",  [8] = "吊销许可证件", [9] = "限制开展生产经营活动",
    [10] = "责令停产停业", [11] = "责令关闭",    [12] = "限制从业",
    [13] = "行政拘留",
};
