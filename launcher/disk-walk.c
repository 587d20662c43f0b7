/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/fs.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "disk-walk.h"

/* 1 if it changed FD, 0 if there was nothing to change. */
static int tag_fd(const DiskWalk *w, int fd, bool dir) {
        struct fsxattr fa;
        uint32_t want, projid = w->projid;

        if (ioctl(fd, FS_IOC_FSGETXATTR, &fa) < 0)
                return negative_errno();
        if (w->untag) {
                if (fa.fsx_projid != w->projid)
                        return 0;
                projid = 0;
                want = fa.fsx_xflags & ~FS_XFLAG_PROJINHERIT;
        } else
                want = fa.fsx_xflags | (dir ? FS_XFLAG_PROJINHERIT : 0);
        if (fa.fsx_projid == projid && fa.fsx_xflags == want)
                return 0;
        fa.fsx_projid = projid;
        fa.fsx_xflags = want;
        return ioctl(fd, FS_IOC_FSSETXATTR, &fa) < 0 ? negative_errno() : 1;
}

/* Say which path failed, and why, on the pipe to prepare. */
static int tag_fail(DiskWalk *w, int r, const char *why) {
        dprintf(w->out, "%s: %s", w->path, why ?: strerror(-r));
        return r;
}

/* Cleanup's walk has a deadline; checked every 1024 inodes. */
static bool out_of_time(DiskWalk *w) {
        struct timespec now;

        if (!w->untag || !w->until.tv_sec || ++w->visited % 1024 != 0)
                return false;
        clock_gettime(CLOCK_MONOTONIC, &now);
        return now.tv_sec > w->until.tv_sec;
}

/* What the walk does with an inode it found (its stat in ST): 1 to tag it, 0 to pass it by, or
 * a negative errno (reported) to stop. */
static int tag_decide(DiskWalk *w, const struct stat *st) {
        if (!S_ISDIR(st->st_mode) && !S_ISREG(st->st_mode))
                return 0; /* links, fifos, sockets: no data to speak of */
        if (w->untag && (st->st_dev != w->dev || (st->st_uid != getuid() && (st->st_mode & 0022))))
                return 0; /* never put into the project either */
        if (out_of_time(w))
                return tag_fail(w, -ETIME, "the walk ran out of time");
        if (st->st_dev != w->dev)
                return tag_fail(w, -EXDEV, "another filesystem is mounted here, which the quota would not bound");
        if (st->st_uid != getuid() && (st->st_mode & 0022))
                /* Not hers, so not hers to put in the project; what the agent writes into it would
                 * count nowhere. */
                return tag_fail(w, -EPERM, S_ISDIR(st->st_mode) ? "a directory of another user that others may write to"
                                                                 : "a file of another user that others may write to");
        return 1;
}

static int tag_dir(DiskWalk *w, int dfd, size_t len, unsigned depth);

/* One entry NAME of the directory DFD, whose path is w->path up to LEN. 0 to go on, or a negative
 * errno (reported) to stop. */
static int tag_entry(DiskWalk *w, int dfd, const char *name, size_t len, unsigned depth) {
        _cleanup_close_ int fd = -EBADF;
        size_t n = strlen(name);
        struct stat st;
        int r;

        if (len + 1 + n >= sizeof w->path)
                return tag_fail(w, -ENAMETOOLONG, "a path below it is too long");
        w->path[len] = '/';
        memcpy(w->path + len + 1, name, n + 1);
        if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
                return errno == ENOENT ? 0 : tag_fail(w, negative_errno(), NULL);
        r = tag_decide(w, &st);
        if (r <= 0)
                return r;
        fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | (S_ISDIR(st.st_mode) ? O_DIRECTORY : 0));
        if (fd < 0 && errno == EACCES && S_ISREG(st.st_mode))
                fd = openat(dfd, name, O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
        if (fd < 0) {
                if (errno == ENOENT)
                        return 0;
                if (errno == EACCES && st.st_uid != getuid())
                        return 0; /* another user's, and closed to her: she cannot write there either */
                return tag_fail(w, negative_errno(), NULL);
        }
        if (st.st_uid == getuid()) {
                r = tag_fd(w, fd, S_ISDIR(st.st_mode));
                if (r < 0)
                        return tag_fail(w, r, NULL);
                if (r > 0 || !w->untag)
                        w->tagged++;
        }
        if (!S_ISDIR(st.st_mode))
                return 0;
        if (depth >= DISK_TAG_DEPTH_MAX)
                return tag_fail(w, -ELOOP, "directories are nested too deep (more than 256 levels)");
        return tag_dir(w, fd, len + 1 + n, depth + 1);
}

static int tag_dir(DiskWalk *w, int dfd, size_t len, unsigned depth) {
        struct dirent *de;
        DIR *d;
        int r = 0, fd;

        fd = dup(dfd);
        if (fd < 0)
                return tag_fail(w, negative_errno(), NULL);
        d = fdopendir(fd);
        if (!d) {
                r = negative_errno();
                close(fd);
                return tag_fail(w, r, NULL);
        }
        while (r >= 0 && (errno = 0, de = readdir(d)))
                if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
                        r = tag_entry(w, dfd, de->d_name, len, depth);
        if (r >= 0 && errno != 0) {
                w->path[len] = '\0';
                r = tag_fail(w, negative_errno(), NULL);
        }
        closedir(d);
        return r;
}

int disk_walk(void *arg, int out) {
        DiskWalk *w = arg;

        w->out = out;
        for (size_t i = 0; i < w->n_trees; i++) {
                _cleanup_close_ int fd = -EBADF;
                struct stat st;
                int r;

                snprintf(w->path, sizeof w->path, "%s", w->trees[i].path);
                fd = open(w->trees[i].path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (fd < 0)
                        return tag_fail(w, negative_errno(), NULL);
                if (fstat(fd, &st) < 0)
                        return tag_fail(w, negative_errno(), NULL);
                if (st.st_dev != w->trees[i].dev || st.st_ino != w->trees[i].ino)
                        return tag_fail(w, -ESTALE, "it changed while the task was prepared");
                w->dev = st.st_dev;
                r = tag_fd(w, fd, true);
                if (r < 0)
                        return tag_fail(w, r, NULL);
                if (r > 0 || !w->untag)
                        w->tagged++;
                r = tag_dir(w, fd, strlen(w->path), 1);
                if (r < 0)
                        return r;
        }
        dprintf(out, "%" PRIu64, w->tagged);
        return 0;
}
