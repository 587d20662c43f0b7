/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "owner.h"
#include "paths.h"
#include "profile.h"

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
