/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* limits.disk: a project quota on the task's workspace and agent home.
 *
 * prepare gives the task a project ID of its own (written to TASKDIR/projid), has the owner put
 * every inode below both directories into that project (directories with the inherit flag, so
 * what the agent creates joins it too), and, as root, sets the project's hard limits on each
 * filesystem to what it uses now plus the allowance. cleanup lifts the limits again and has the
 * owner take the files out of the project (within DISK_UNTAG_SECONDS). A filesystem that does not enforce project quotas
 * refuses the task. The agent cannot take its files out of the project: its seccomp filter denies
 * the ioctls that change project IDs and inode flags. */

#include <sys/types.h>

#include "disk-walk.h"
#include "owner.h"
#include "profile.h"

/* Project IDs ccsbx hands out, at random: 0x63000000 ("c") and 2^24 above it, away from the
 * small numbers admins pick in /etc/projid. */
#define DISK_PROJID_BASE 0x63000000u
#define DISK_PROJID_COUNT 0x1000000u

/* How long cleanup's walk may take to take the task's files out of its project again. */
#define DISK_UNTAG_SECONDS 10

/* The workspace and the agent home. */
#define DISK_TREES_MAX 2

/* tasks_fd: CCSBX_TASKS_DIR; task_fd: CCSBX_TASKS_DIR/INSTANCE, already laid out with the
 * workspace and home links. Logs why on failure. Does nothing for limits.disk = infinity. */
int disk_quota_prepare(const Profile *p, const Owner *o, const char *instance, int tasks_fd, int task_fd,
                       const DiskTree trees[], size_t n_trees);
/* Lifts what disk_quota_prepare set, through the task directory's links, unless another running
 * task in the same workspace shares the project; a task directory without a projid file had
 * none. Logs and returns the first error, but tries every filesystem. */
int disk_quota_lift(int tasks_fd, int task_fd, const char *instance);
