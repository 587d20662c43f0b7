/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Opening a path that someone we do not trust could have shaped (the agent's workspace and home,
 * the owner's files), from a directory we opened ourselves: openat2() with the path resolved
 * beneath that directory, through no symbolic link and no /proc magic link. Kernel 5.6 or newer;
 * on an older one it fails with -ENOSYS, never falls back to a plain open. */

#include <fcntl.h>

/* Returns an fd (O_CLOEXEC always added), or a negative errno: -ELOOP for a symbolic or magic
 * link anywhere on the path, -EXDEV for a path that leaves DIR_FD (an absolute path, "..").
 * MODE is used with O_CREAT or O_TMPFILE only. */
int open_beneath(int dir_fd, const char *path, int flags, mode_t mode);

/* Why open_beneath failed, for a message: "a symbolic link (not followed)", "outside …", … */
const char *open_beneath_strerror(int err);
