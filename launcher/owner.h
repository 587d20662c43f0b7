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
/* The same, and a descriptor the child opened and checked comes back in *ret_fd (-EBADF if none):
 * root then acts on what the owner's process opened, not on a path the owner could change since.
 * The child attaches it to len > 0 bytes of its output with owner_send_fd(). */
int owner_run_fd(const Owner *o, OwnerFunc fn, void *arg, size_t max, char **ret_out, size_t *ret_size, int *ret_fd);
int owner_send_fd(int out, const void *data, size_t len, int fd);
/* The same, but the child first joins PID 1's mount namespace (prepare and cleanup run in one of
 * their own, whose mounts vanish with them) and runs root_fn(arg, fd) there as root, then drops to
 * the owner for fn(arg, fd). A failing root_fn ends the child with its error. */
int owner_run_host(const Owner *o, OwnerFunc root_fn, OwnerFunc fn, void *arg, size_t max, char **ret_out,
                   size_t *ret_size);
