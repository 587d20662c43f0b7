/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "open-beneath.h"

int open_beneath(int dir_fd, const char *path, int flags, mode_t mode) {
        struct open_how how = {
                .flags = (unsigned long long) (unsigned) (flags | O_CLOEXEC),
                .mode = (flags & (O_CREAT | __O_TMPFILE)) ? mode : 0,
                .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_SYMLINKS,
        };
        long fd;

        if (dir_fd < 0 || !path || !path[0])
                return -EINVAL;
        do
                fd = syscall(SYS_openat2, dir_fd, path, &how, sizeof how);
        while (fd < 0 && errno == EAGAIN); /* a rename elsewhere raced the lookup: try again */
        return fd < 0 ? -errno : (int) fd;
}

const char *open_beneath_strerror(int err) {
        switch (err < 0 ? -err : err) {
        case ELOOP:
                return "it is or passes through a symbolic link, which is not followed";
        case EXDEV:
                return "it leads out of its directory";
        case ENOSYS:
                return "the kernel has no openat2() (Linux 5.6 or newer is needed)";
        default:
                return strerror(err < 0 ? -err : err);
        }
}
