/* SPDX-License-Identifier: Apache-2.0 */
/* xinyong audit: being written in this change. */
#include "cli/cli.h"

int xy_cmd_audit(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    xy_cli_error("audit", "not available in this build");
    return XY_EXIT_USAGE;
}
