/* SPDX-License-Identifier: Apache-2.0 */
/* xinyong serve: being written in this change. */
#include "cli/cli.h"

int xy_cmd_serve(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    xy_cli_error("serve", "not available in this build");
    return XY_EXIT_USAGE;
}
