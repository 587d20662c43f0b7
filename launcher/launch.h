/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "owner.h"
#include "profile.h"

#define CCSBX_TASKS_DIR "/run/ccsbx/tasks"
#define CCSBX_HOMES_DIR "/var/lib/ccsbx/home"
/* Where the unit's BindPaths= put the workspace and the agent home inside the sandbox. */
#define CCSBX_WORKSPACE "/workspace"
#define CCSBX_AGENT_HOME "/home/agent"
/* The relay's real and saved uid (sysusers.d/ccsbx.conf): not the owner's, so that the agent
 * cannot signal or trace it; it owns nothing and runs nothing else. */
#define CCSBX_RELAY_USER "ccsbx-relay"

typedef struct LaunchArgs {
        const char *profile;
        const char *instance; /* raw %i: USER:TASK */
        char *user;
        char *task;
} LaunchArgs;

int launch_prepare(const LaunchArgs *a, const Profile *p, const Owner *o);
int launch_cleanup(const LaunchArgs *a);
int launch_run(const LaunchArgs *a);
/* Unmounts PATH (and everything below it, lazily) in PID 1's mount namespace, where prepare mounts
 * the layout's file systems: prepare and cleanup run in namespaces of their own. */
int launch_host_umount(const char *path);
