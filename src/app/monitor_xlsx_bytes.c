/* SPDX-License-Identifier: Apache-2.0 */
/* The month's workbook as bytes, for the HTTP answer: the CLI's own writer (xy_month_xlsx, which
 * writes a file, as libxlsxwriter does) into a temporary file under $TMPDIR, read back and removed,
 * so both give the same workbook. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/monitor.h"

#define XLSX_MAX ((size_t)64 << 20)

int xy_month_xlsx_bytes(const json_t *doc, struct xy_buf *out, struct xy_error *err)
{
    const char *dir = getenv("TMPDIR");
    char path[512], chunk[65536];
    snprintf(path, sizeof path, "%s/xinyong-month-XXXXXX.xlsx", dir && *dir ? dir : "/tmp");
    int fd = mkstemps(path, 5);
    if (fd < 0)
        return xy_error_set(err, XY_EIO, "无法创建临时文件 (cannot make a temporary file: %s)", strerror(errno));
    close(fd);
    int rc = xy_month_xlsx(doc, path, err);
    FILE *f = rc ? NULL : fopen(path, "rb");
    if (!rc && !f)
        rc = xy_error_set(err, XY_EIO, "无法读回工作簿 (cannot read the workbook back): %s", strerror(errno));
    size_t n, total = 0;
    while (!rc && (n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        total += n;
        if (total > XLSX_MAX)
            rc = xy_error_set(err, XY_ETOOBIG, "工作簿超过 %1$zu MiB (the workbook is over %1$zu MiB)", XLSX_MAX >> 20);
        else if (xy_buf_add(out, chunk, n))
            rc = xy_error_set(err, XY_ENOMEM, "out of memory");
    }
    if (f)
        fclose(f);
    unlink(path);
    return rc;
}
