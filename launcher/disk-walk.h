/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The owner's walk for limits.disk (see disk-quota.h): every directory and regular file of hers
 * below the task's workspace and agent home into the task's project (directories with the inherit
 * flag), or, at cleanup, out of it again. Runs as the owner, in a child of prepare or cleanup
 * (owner_run()); nothing here needs root. Apart from disk-quota.c so that tests and bench/ can
 * run it on a tree of their own. */

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#define DISK_WALK_PATH_MAX 4096

/* Directories deeper than this below the workspace refuse the task: the walk keeps one open
 * descriptor per level. */
#define DISK_TAG_DEPTH_MAX 256

typedef struct DiskTree {
        const char *path; /* as the owner resolved it, for messages and for the owner's walk */
        dev_t dev;        /* what prepare checked it is */
        ino_t ino;
        int fd;           /* the directory as prepare holds it (opened by the owner's process or
                           * made by prepare), for quotactl_fd(): root opens no path of the owner's */
} DiskTree;

typedef struct DiskWalk {
        const DiskTree *trees;
        size_t n_trees;
        uint32_t projid;
        bool untag;            /* cleanup: take what is in projid out of it, nothing else */
        struct timespec until; /* cleanup: when to give up, CLOCK_MONOTONIC (tv_sec 0: never) */
        /* the walk's own state */
        dev_t dev;
        uint64_t tagged;
        uint64_t visited;
        char path[DISK_WALK_PATH_MAX];
        int out;
} DiskWalk;

/* An OwnerFunc (owner.h) with a DiskWalk as ARG: walks every tree, each opened by its path and
 * checked against its dev and ino. Writes to OUT how many inodes it put into (or, untagging, took
 * out of) the project, or on failure "PATH: why" and returns a negative errno. Refuses (and stops
 * at) another filesystem below a tree, a directory or file of another user that others may write
 * to, and nesting past DISK_TAG_DEPTH_MAX; links, fifos, sockets and devices are left alone. */
int disk_walk(void *arg, int out);
