/* SPDX-License-Identifier: Apache-2.0 */
/* Error names and the detail record. */
#include "common/xy_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *xy_strerror(int rc)
{
    switch (rc) {
    case XY_OK: return "成功 (ok)";
    case XY_ENOMEM: return "内存不足 (out of memory)";
    case XY_EINVAL: return "输入无效 (invalid input)";
    case XY_EIO: return "输入输出错误 (input/output error)";
    case XY_ENOTFOUND: return "未找到 (not found)";
    case XY_EEXIST: return "已存在 (already exists)";
    case XY_ETOOBIG: return "超出上限 (limit exceeded)";
    case XY_EDB: return "数据库错误 (database error)";
    case XY_ECRYPTO: return "密钥或加密数据错误 (key or sealed value error)";
    case XY_ECORRUPT: return "存储的数据已损坏 (stored data is corrupt)";
    case XY_EBUSY: return "数据库忙 (database is busy)";
    case XY_ESTATE: return "当前状态下不允许 (not allowed in the present state)";
    case XY_EDENIED: return "无权操作 (not permitted)";
    case XY_ENOTSUP: return "此后端不支持 (not supported by this back end)";
    case XY_EUNAVAIL: return "数据库暂不可用，请稍后重试 (the database is unavailable for now: try again shortly)";
    }
    return "未知错误 (unknown error)";
}

int xy_error_set(struct xy_error *e, int rc, const char *fmt, ...)
{
    if (e) {
        va_list ap;
        e->rc = rc;
        va_start(ap, fmt);
        vsnprintf(e->msg, sizeof e->msg, fmt, ap);
        va_end(ap);
    }
    return rc;
}

void xy_error_clear(struct xy_error *e)
{
    if (e)
        memset(e, 0, sizeof *e);
}
