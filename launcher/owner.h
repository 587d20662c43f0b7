/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The task's owner, and running code as the owner. */

#include <stddef.h>
#include <sys/types.h>

/* Debian's UID_MIN: accounts below it are system accounts and never own a task. */
#define OWNER_UID_MIN 1000

typedef struct Owner {
        char *name;
        char *home;
        uid_t uid;
        gid_t gid;
} Owner;

void owner_done(Owner *o);
/* Refuses unknown users, root, system accounts and nobody, with a reason. */
int owner_lookup(const char *name, Owner *ret, const char **ret_why);

/* Run fn(arg, fd) in a child that has dropped to the owner (no supplementary groups, no
 * capabilities); what it writes to fd comes back in *ret_out (at most max bytes). fn returns 0 or a
 * negative errno, which owner_run returns; what it wrote comes back in *ret_out then too. */
typedef int (*OwnerFunc)(void *arg, int fd);
int owner_run(const Owner *o, OwnerFunc fn, void *arg, size_t max, char **ret_out, size_t *ret_size);
