/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Which unit an instance's state belongs to (see task-claim.h). systemd runs one unit of a name
 * at a time, but ccsbx@alice:t and ccsbx-strict@alice:t are two names for one task: prepare
 * refuses the second while the first has processes, and cleanup (which systemd runs even for a
 * unit refused in prepare or by PAM) removes only the layout its own unit's prepare made. */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "instance.h"
#include "task-claim.h"

int task_claim_other_running(const LaunchArgs *a, char **ret_unit) {
        _cleanup_free_ char *self = NULL;
        struct dirent *de;
        DIR *d;
        int fd, r;

        r = instance_unit_name(a->profile, a->user, a->task, &self);
        if (r < 0)
                return r;
        fd = open(CCSBX_SLICE_CGROUP, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0 || !(d = fdopendir(fd))) {
                r = -errno;
                (void) safe_close(fd);
                return r;
        }
        while ((errno = 0, de = readdir(d))) {
                _cleanup_free_ char *user = NULL, *task = NULL;

                if (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN)
                        continue;
                if (strcmp(de->d_name, self) == 0)
                        continue;
                r = instance_unit_name_parse(de->d_name, NULL, &user, &task);
                if (r == -ENOMEM)
                        break;
                if (r < 0 || strcmp(user, a->user) != 0 || strcmp(task, a->task) != 0)
                        continue;
                if (!instance_unit_populated(dirfd(d), de->d_name))
                        continue;
                *ret_unit = strdup(de->d_name);
                r = *ret_unit ? 1 : -ENOMEM;
                closedir(d);
                return r;
        }
        r = errno > 0 ? -errno : r == -ENOMEM ? r : 0;
        closedir(d);
        return r;
}

int task_layout_unit(int dir_fd, char **ret_unit) {
        _cleanup_close_ int fd = openat(dir_fd, TASK_LAYOUT_UNIT_FILE, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
        char buf[256];
        struct stat st;
        ssize_t k;

        if (fd < 0)
                return -errno;
        if (fstat(fd, &st) < 0)
                return -errno;
        if (!S_ISREG(st.st_mode) || st.st_uid != 0)
                return -EBADFD;
        k = read(fd, buf, sizeof buf - 1);
        if (k < 0)
                return -errno;
        buf[k] = '\0';
        buf[strcspn(buf, "\n")] = '\0';
        if (!buf[0])
                return -ENOENT;
        *ret_unit = strdup(buf);
        return *ret_unit ? 0 : -ENOMEM;
}
