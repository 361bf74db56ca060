/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target: JSON Lines batches (any encoding the reader detects), fed to the push parser in
 * chunks cut where the input says. Input layout: fuzz_batch.h. */
#include "fuzz_batch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fb_run(data, size, XY_BATCH_JSONL);
    return 0;
}
