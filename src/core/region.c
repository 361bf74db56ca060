/* SPDX-License-Identifier: Apache-2.0 */
/* The GB/T 2260 province-level table. Only the first two digits are checked: county codes change
 * over the years (DOMAIN §1.6 item 4, §2.4 item 2), so an unknown county only warrants a warning,
 * which is left to callers that keep a dated county table. */
#include "core/region.h"

#include <stddef.h>
#include <string.h>

/* clang-format off */
static const struct xy_province provinces[] = {
    {"10", "全国", "national level", true},
    {"11", "北京市", "Beijing", false},
    {"12", "天津市", "Tianjin", false},
    {"13", "河北省", "Hebei", false},
    {"14", "山西省", "Shanxi", false},
    {"15", "内蒙古自治区", "Inner Mongolia", false},
    {"21", "辽宁省", "Liaoning", false},
    {"22", "吉林省", "Jilin", false},
    {"23", "黑龙江省", "Heilongjiang", false},
    {"31", "上海市", "Shanghai", false},
    {"32", "江苏省", "Jiangsu", false},
    {"33", "浙江省", "Zhejiang", false},
    {"34", "安徽省", "Anhui", false},
    {"35", "福建省", "Fujian", false},
    {"36", "江西省", "Jiangxi", false},
    {"37", "山东省", "Shandong", false},
    {"41", "河南省", "Henan", false},
    {"42", "湖北省", "Hubei", false},
    {"43", "湖南省", "Hunan", false},
    {"44", "广东省", "Guangdong", false},
    {"45", "广西壮族自治区", "Guangxi", false},
    {"46", "海南省", "Hainan", false},
    {"50", "重庆市", "Chongqing", false},
    {"51", "四川省", "Sichuan", false},
    {"52", "贵州省", "Guizhou", false},
    {"53", "云南省", "Yunnan", false},
    {"54", "西藏自治区", "Tibet", false},
    {"61", "陕西省", "Shaanxi", false},
    {"62", "甘肃省", "Gansu", false},
    {"63", "青海省", "Qinghai", false},
    {"64", "宁夏回族自治区", "Ningxia", false},
    {"65", "新疆维吾尔自治区", "Xinjiang", false},
    {"71", "台湾省", "Taiwan", false},
    {"81", "香港特别行政区", "Hong Kong", false},
    {"82", "澳门特别行政区", "Macao", false},
};
/* clang-format on */

const struct xy_province *xy_region_province(const char *code6)
{
    for (size_t i = 0; i < sizeof provinces / sizeof provinces[0]; i++) {
        const struct xy_province *p = &provinces[i];
        if (code6[0] != p->code[0] || code6[1] != p->code[1])
            continue;
        if (p->national && memcmp(code6, "100000", 6) != 0)
            return NULL;
        return p;
    }
    return NULL;
}

/* Wuhan and its districts (GB/T 2260, as S1's loc.dat has them). A city's districts are data that
 * rarely change; another city swaps this table. */
static const struct xy_district districts[] = {
    {"420100", "武汉市", "Wuhan"},
    {"420102", "江岸区", "Jiang'an District"},
    {"420103", "江汉区", "Jianghan District"},
    {"420104", "硚口区", "Qiaokou District"},
    {"420105", "汉阳区", "Hanyang District"},
    {"420106", "武昌区", "Wuchang District"},
    {"420107", "青山区", "Qingshan District"},
    {"420111", "洪山区", "Hongshan District"},
    {"420112", "东西湖区", "Dongxihu District"},
    {"420113", "汉南区", "Hannan District"},
    {"420114", "蔡甸区", "Caidian District"},
    {"420115", "江夏区", "Jiangxia District"},
    {"420116", "黄陂区", "Huangpi District"},
    {"420117", "新洲区", "Xinzhou District"},
};

const struct xy_district *xy_region_district(const char *code)
{
    if (!code || strlen(code) != 6 || !xy_region_province(code))
        return NULL;
    for (size_t i = 0; i < sizeof districts / sizeof districts[0]; i++)
        if (memcmp(code, districts[i].code, 7) == 0)
            return &districts[i];
    return NULL;
}

const struct xy_district *xy_region_districts(size_t *n)
{
    *n = sizeof districts / sizeof districts[0];
    return districts;
}
