/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target: CSV batches with encoding detection (UTF-8, UTF-8 with BOM, GB18030/GBK), fed to
 * the push parser in chunks cut where the input says. Input layout: fuzz_batch.h. */
#include "fuzz_batch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fb_run(data, size, XY_BATCH_CSV);
    return 0;
}
