/* SPDX-License-Identifier: Apache-2.0 */
/* xinyong key: being written in this change. */
#include "cli/cli.h"

int xy_cmd_key(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    xy_cli_error("key", "not available in this build");
    return XY_EXIT_USAGE;
}
