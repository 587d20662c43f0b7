/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Instance names of ccsbx units: "USER:TASK", as in ccsbx@alice:fix-tests.service.
 *
 * The launcher parses the raw instance (%i), the very string polkit saw in the unit name, so
 * there is no unescaping here: any '\' (systemd's escape character) is refused outright, which
 * makes the escaped and unescaped forms of every accepted name the same string.
 *
 * USER: [A-Za-z_][A-Za-z0-9_.-]{0,31}   (':' can never appear in it, so the split is unambiguous)
 * TASK: [A-Za-z0-9][A-Za-z0-9_.-]{0,63}, never containing ".."                                    */

#include <stdbool.h>

#define TASK_NAME_MAX 64

bool task_name_is_valid(const char *s);

/* On success both outputs are set to newly allocated strings. On failure returns -EINVAL and, if
 * ret_why is non-NULL, a static explanation suitable for the user. */
int instance_parse(const char *instance, char **ret_user, char **ret_task, const char **ret_why);

/* Unit name for a profile and instance: ccsbx@I.service for "default", else ccsbx-P@I.service. */
int instance_unit_name(const char *profile, const char *user, const char *task, char **ret);

/* The inverse: profile, user and task of a unit name instance_unit_name() would make, or -EINVAL
 * for any other name (pam_ccsbx counts an owner's running units with it). Outputs may be NULL. */
int instance_unit_name_parse(const char *unit, char **ret_profile, char **ret_user, char **ret_task);

/* The slice every sandbox unit runs in (Slice= of the generated units), and its cgroup. */
#define CCSBX_SLICE "ccsbx.slice"
#define CCSBX_SLICE_CGROUP "/sys/fs/cgroup/" CCSBX_SLICE

/* Whether the unit UNIT, a directory in the cgroup of ccsbx.slice (SLICE_FD), has processes:
 * "populated 1" in its cgroup.events. A unit with no cgroup there has none. (pam_ccsbx counts
 * running tasks with it, prepare looks for the same task under another profile.) */
bool instance_unit_populated(int slice_fd, const char *unit);
