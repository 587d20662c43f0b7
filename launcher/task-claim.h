/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "instance.h"
#include "launch.h"

/* One task of one owner runs under one profile at a time: ccsbx@alice:t and ccsbx-strict@alice:t
 * would share the layout /run/ccsbx/tasks/alice:t, the agent home and the disk quota. */

/* In the layout: the name of the unit whose prepare made it. */
#define TASK_LAYOUT_UNIT_FILE "unit"

/* Another unit of the same instance (another profile's) that has processes: 1 and its name in
 * *ret_unit, 0 if there is none, or a negative errno. */
int task_claim_other_running(const LaunchArgs *a, char **ret_unit);

/* The unit named in the layout DIR_FD (TASK_LAYOUT_UNIT_FILE): 0 and the name, -ENOENT if it
 * names none, or a negative errno. */
int task_layout_unit(int dir_fd, char **ret_unit);
