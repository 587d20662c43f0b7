/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* limits.disk: see disk-quota.h. The walk over the workspace runs as the owner (it is her tree and
 * her files: root never opens a path below it); root only reads and sets quotas, through a
 * descriptor of a directory prepare has already checked. */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/dqblk_xfs.h>
#include <linux/fs.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/quota.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "disk-quota.h"
#include "launch.h"
#include "launch-log.h"
#include "parse-util.h"
#include "settings.h"

#ifndef SYS_quotactl_fd
#define SYS_quotactl_fd 443
#endif

static int quotactl_fd(int fd, int cmd, uint32_t id, void *addr) {
        return syscall(SYS_quotactl_fd, fd, cmd, id, addr) < 0 ? negative_errno() : 0;
}

/* DIR/projid: "PROJID DEV:INO\n", the project and the workspace it was made for. */
static int read_projid(int dir_fd, const char *dir, uint32_t *ret, uint64_t *ret_dev, uint64_t *ret_ino) {
        char path[PATH_MAX], buf[64], *end;
        _cleanup_close_ int fd = -EBADF;
        unsigned long v;
        unsigned long long dev, ino;
        ssize_t k;

        snprintf(path, sizeof path, "%s/projid", dir);
        fd = openat(dir_fd, path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
                return negative_errno();
        k = read(fd, buf, sizeof buf - 1);
        if (k < 0)
                return negative_errno();
        buf[k] = '\0';
        errno = 0;
        v = strtoul(buf, &end, 10);
        if (errno != 0 || end == buf || v < DISK_PROJID_BASE || v >= DISK_PROJID_BASE + DISK_PROJID_COUNT ||
            sscanf(end, " %llu:%llu", &dev, &ino) != 2)
                return -EBADMSG;
        *ret = (uint32_t) v;
        if (ret_dev)
                *ret_dev = dev;
        if (ret_ino)
                *ret_ino = ino;
        return 0;
}

/* The IDs of running tasks' projects. */
typedef struct ProjIds {
        uint32_t *ids;
        size_t n;
} ProjIds;

static void projids_done(ProjIds *p) {
        free(p->ids);
}

static bool projid_used(const ProjIds *p, uint32_t id) {
        for (size_t i = 0; i < p->n; i++)
                if (p->ids[i] == id)
                        return true;
        return false;
}

/* The projects of the other tasks (not instance's): their IDs in used, and the one made for the
 * workspace dev:ino in *ret_same (0: none). The caller holds the lock on the tasks directory. */
static int scan_projids(int tasks_fd, const char *instance, ProjIds *used, uint64_t ws_dev, uint64_t ws_ino,
                        uint32_t *ret_same) {
        int fd = openat(tasks_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        struct dirent *de;
        DIR *d;

        *ret_same = 0;
        if (fd < 0)
                return negative_errno();
        d = fdopendir(fd);
        if (!d) {
                int r = negative_errno();
                close(fd);
                return r;
        }
        while ((de = readdir(d))) {
                uint64_t dev, ino;
                uint32_t id;
                if (de->d_name[0] == '.' || strcmp(de->d_name, instance) == 0 ||
                    read_projid(dirfd(d), de->d_name, &id, &dev, &ino) < 0)
                        continue;
                if (used->n % 64 == 0) {
                        uint32_t *n = realloc(used->ids, (used->n + 64) * sizeof *n);
                        if (!n) {
                                closedir(d);
                                return -ENOMEM;
                        }
                        used->ids = n;
                }
                used->ids[used->n++] = id;
                if (dev == ws_dev && ino == ws_ino)
                        *ret_same = id;
        }
        closedir(d);
        return 0;
}

/* Whether any inode on the filesystem of one of FDS is in project ID: an earlier task's files
 * that kept it (cleanup's walk may have stopped short), or someone else's. Such a project is not
 * one this task may take: what lands in it would count against the task. */
static bool projid_in_use(const int fds[], size_t n, uint32_t id) {
        for (size_t i = 0; i < n; i++) {
                struct if_dqblk q = {};
                if (quotactl_fd(fds[i], QCMD(Q_GETQUOTA, PRJQUOTA), id, &q) < 0)
                        continue; /* no entry at all: nothing uses it */
                if (q.dqb_curspace > 0 || q.dqb_curinodes > 0)
                        return true;
        }
        return false;
}

/* The project of a running task in the same workspace (two tasks in one workspace share one
 * project: each would otherwise take the other's files into its own), else a random one that no
 * other task holds and no file on the task's filesystems is in: another user cannot know it
 * before the task starts (any owner may put her own files into any project, and so charge them to
 * a task whose ID she knows). The caller holds the lock on the tasks directory, so two prepares
 * cannot pick the same. */
static int projid_allocate(int tasks_fd, const char *instance, dev_t ws_dev, ino_t ws_ino, const int fds[], size_t n_fds,
                           uint32_t *ret) {
        _cleanup_(projids_done) ProjIds used = {};
        uint32_t same;
        int r;

        r = scan_projids(tasks_fd, instance, &used, (uint64_t) ws_dev, (uint64_t) ws_ino, &same);
        if (r < 0)
                return r;
        if (same) {
                *ret = same;
                return 0;
        }
        for (unsigned attempt = 0; attempt < 64; attempt++) {
                uint32_t c;
                if (getrandom(&c, sizeof c, 0) != sizeof c)
                        return errno > 0 ? negative_errno() : -EIO;
                c = DISK_PROJID_BASE + c % DISK_PROJID_COUNT;
                if (!projid_used(&used, c) && !projid_in_use(fds, n_fds, c)) {
                        *ret = c;
                        return 0;
                }
        }
        return -ENOSPC;
}

/* Root's part, on one filesystem. */

static int check_enforced(int fd, const char *path, const char *profile) {
        struct fs_quota_statv sv = { .qs_version = FS_QSTATV_VERSION1 };
        int r = quotactl_fd(fd, QCMD(Q_XGETQSTATV, PRJQUOTA), 0, &sv);

        if (r >= 0 && (sv.qs_flags & FS_QUOTA_PDQ_ENFD))
                return 0;
        return log_error_errno(r < 0 ? r : -EOPNOTSUPP,
                               "limits.disk of profile %s needs project quotas, which the filesystem of %s %s. "
                               "Enable them (ext4: tune2fs -O quota,project -Q prjquota on the unmounted filesystem, "
                               "then mount it with prjquota; XFS: mount with prjquota), or set limits.disk = "
                               "\"infinity\" in the profile; refusing.",
                               profile, path, r < 0 ? "does not have" : "does not enforce");
}

static int set_limits(int fd, const char *path, uint32_t projid, const DiskLimit *lim) {
        struct if_dqblk q = {};
        struct statfs sf;
        uint64_t size, allow, iallow = 0;
        char how[64];
        int r;

        if (fstatfs(fd, &sf) < 0)
                return log_error_errno(negative_errno(), "Cannot read the size of the filesystem of %s: %m", path);
        size = (uint64_t) sf.f_blocks * (uint64_t) (sf.f_frsize ?: sf.f_bsize);
        allow = lim->percent ? size / 100 * lim->percent : lim->bytes;
        if (size > 0 && sf.f_files > 0)
                iallow = allow >= size ? (uint64_t) sf.f_files
                                       : (uint64_t) ((long double) allow * (long double) sf.f_files / (long double) size) + 1;

        r = quotactl_fd(fd, QCMD(Q_GETQUOTA, PRJQUOTA), projid, &q);
        if (r < 0)
                return log_error_errno(r, "Cannot read the usage of project %" PRIu32 " on the filesystem of %s: %s",
                                       projid, path, strerror(-r));
        uint64_t used = q.dqb_curspace, inodes = q.dqb_curinodes;
        q = (struct if_dqblk) {
                /* in 1 KiB blocks (QIF_DQBLKSIZE); a size beyond any disk saturates, never wraps */
                .dqb_bhardlimit = (allow > UINT64_MAX - used - 1023 ? UINT64_MAX : used + allow + 1023) / 1024,
                .dqb_ihardlimit = iallow ? inodes + iallow : 0,
                .dqb_valid = QIF_LIMITS,
        };
        r = quotactl_fd(fd, QCMD(Q_SETQUOTA, PRJQUOTA), projid, &q);
        if (r < 0)
                return log_error_errno(r, "Cannot set the disk quota of project %" PRIu32 " on the filesystem of %s: %s",
                                       projid, path, strerror(-r));
        if (lim->percent)
                snprintf(how, sizeof how, "%u%% of %" PRIu64 " MiB", lim->percent, size >> 20);
        else
                snprintf(how, sizeof how, "%" PRIu64 " MiB", lim->bytes >> 20);
        log_info("Disk quota on the filesystem of %s: project %" PRIu32 " uses %" PRIu64 " MiB and %" PRIu64
                 " files, and may grow by %" PRIu64 " MiB and %" PRIu64 " files (limits.disk: %s).",
                 path, projid, used >> 20, inodes, allow >> 20, iallow, how);
        return 0;
}

static int lift_limits(int fd, uint32_t projid) {
        struct if_dqblk q = { .dqb_valid = QIF_LIMITS };
        return quotactl_fd(fd, QCMD(Q_SETQUOTA, PRJQUOTA), projid, &q);
}

int disk_quota_prepare(const Profile *p, const Owner *o, const char *instance, int tasks_fd, int task_fd,
                       const DiskTree trees[], size_t n_trees) {
        _cleanup_free_ char *out = NULL;
        struct timespec t0, t1;
        uint32_t projid;
        char num[64];
        size_t size = 0;
        int r, fds[DISK_TREES_MAX];

        if (!p->disk.percent && p->disk.bytes == CCSBX_INFINITY)
                return 0;
        if (n_trees > DISK_TREES_MAX)
                return -EINVAL;
        for (size_t i = 0; i < DISK_TREES_MAX; i++)
                fds[i] = -EBADF;

        /* Before any limit: a filesystem that cannot enforce one stops the task here, untouched. Root
         * holds each tree by a descriptor checked against what prepare found, for quotactl_fd(). */
        for (size_t i = 0; i < n_trees; i++) {
                struct stat st;

                fds[i] = fcntl(trees[i].fd, F_DUPFD_CLOEXEC, 3);
                if (fds[i] < 0 || fstat(fds[i], &st) < 0 || st.st_dev != trees[i].dev || st.st_ino != trees[i].ino) {
                        r = log_error("%s changed while the task was prepared; refusing.", trees[i].path);
                        goto out;
                }
                r = check_enforced(fds[i], trees[i].path, p->name);
                if (r < 0)
                        goto out;
        }

        /* A project ID, recorded before anything uses it, so that cleanup finds it whatever fails. */
        if (flock(tasks_fd, LOCK_EX) < 0) {
                r = log_error_errno(negative_errno(), "Cannot lock " CCSBX_TASKS_DIR ": %m");
                goto out;
        }
        r = projid_allocate(tasks_fd, instance, trees[0].dev, trees[0].ino, fds, n_trees, &projid);
        if (r >= 0) {
                _cleanup_close_ int fd = openat(task_fd, "projid", O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
                snprintf(num, sizeof num, "%" PRIu32 " %llu:%llu\n", projid, (unsigned long long) trees[0].dev,
                         (unsigned long long) trees[0].ino);
                if (fd < 0 || write(fd, num, strlen(num)) != (ssize_t) strlen(num))
                        r = fd < 0 ? negative_errno() : -EIO;
        }
        (void) flock(tasks_fd, LOCK_UN);
        if (r < 0) {
                r = log_error_errno(r, "Cannot give the task a project ID for limits.disk: %s", strerror(-r));
                goto out;
        }

        DiskWalk w = { .trees = trees, .n_trees = n_trees, .projid = projid };
        clock_gettime(CLOCK_MONOTONIC, &t0);
        r = owner_run(o, disk_walk, &w, PATH_MAX + 256, &out, &size);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        if (r < 0) {
                /* What the walk wrote names the path (workspace or agent home) and the reason. */
                r = log_error_errno(r, "limits.disk: cannot put the task's files into its disk quota: %s; refusing.",
                                    out && out[0] ? out : strerror(-r));
                goto out;
        }

        for (size_t i = 0; i < n_trees; i++) {
                bool seen = false;

                for (size_t j = 0; j < i; j++)
                        seen = seen || trees[j].dev == trees[i].dev;
                if (seen)
                        continue; /* one project, one limit per filesystem */
                r = set_limits(fds[i], trees[i].path, projid, &p->disk);
                if (r < 0)
                        goto out;
        }
        log_info("limits.disk: %s files and directories put into project %" PRIu32 " in %ld ms.", out ?: "?", projid,
                 (long) ((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000));
        r = 0;
out:
        for (size_t i = 0; i < n_trees; i++)
                if (fds[i] >= 0)
                        close(fds[i]);
        return r;
}

/* "MAJOR:MINOR:INO" of the settings. */
static int parse_id(const char *s, dev_t *ret_dev, ino_t *ret_ino) {
        unsigned maj, min;
        unsigned long long ino;
        char extra;

        if (!s || sscanf(s, "%u:%u:%llu%c", &maj, &min, &ino, &extra) != 3)
                return -EBADMSG;
        *ret_dev = makedev(maj, min);
        *ret_ino = (ino_t) ino;
        return 0;
}

/* As the owner, after the limits are lifted: the task's workspace and agent home out of its
 * project again (what is in another project stays there), so that a later task that gets the
 * same ID does not find files of this one in it, nor directories that would add new files to it.
 * Within DISK_UNTAG_SECONDS: a tree too large for that keeps the rest, which projid_allocate()
 * then never hands out while it lasts. */
static void untag(int task_fd, const char *instance, uint32_t projid) {
        _cleanup_(settings_done) Settings s = {};
        _cleanup_free_ char *path = NULL, *home = NULL, *out = NULL;
        Owner o = {};
        DiskTree trees[DISK_TREES_MAX] = {};
        size_t size = 0;
        int r;

        (void) task_fd;
        if (asprintf(&path, CCSBX_TASKS_DIR "/%s/settings", instance) < 0 || settings_read(path, &s) < 0)
                return; /* prepare stopped before: nothing of the task ran, its walk ended or failed */
        o.uid = s.uid;
        o.gid = s.gid;
        if (o.uid < OWNER_UID_MIN || asprintf(&home, CCSBX_HOMES_DIR "/%s/%s", s.owner, s.task) < 0)
                return;
        trees[0].path = s.workdir;
        trees[1].path = home;
        if (parse_id(s.workspace_id, &trees[0].dev, &trees[0].ino) < 0 || parse_id(s.home_id, &trees[1].dev, &trees[1].ino) < 0)
                return;
        DiskWalk w = { .trees = trees, .n_trees = DISK_TREES_MAX, .projid = projid, .untag = true };
        clock_gettime(CLOCK_MONOTONIC, &w.until);
        w.until.tv_sec += DISK_UNTAG_SECONDS;
        r = owner_run(&o, disk_walk, &w, PATH_MAX + 256, &out, &size);
        if (r < 0)
                log_warning("limits.disk: some of the task's files stay in project %" PRIu32 ": %s.", projid,
                            out && out[0] ? out : strerror(-r));
        else
                log_info("limits.disk: %s files and directories taken out of project %" PRIu32 ".", out ?: "?", projid);
}

int disk_quota_lift(int tasks_fd, int task_fd, const char *instance) {
        static const char * const links[] = { CCSBX_LAYOUT_WORKSPACE, CCSBX_LAYOUT_HOME };
        _cleanup_(projids_done) ProjIds used = {};
        uint32_t projid, same;
        bool shared;
        int r, ret = 0;

        r = read_projid(task_fd, ".", &projid, NULL, NULL);
        if (r == -ENOENT)
                return 0;
        if (r < 0)
                return log_error_errno(r, "Cannot read " CCSBX_TASKS_DIR "/%s/projid: %s", instance, strerror(-r));
        /* Another task in the same workspace still runs: its limit stays (the agent home of this
         * one stays in the project, with limits as long as that task runs). If the others cannot
         * be read, the limit stays too: lifting it under a running task would be the open failure. */
        if (flock(tasks_fd, LOCK_EX) < 0)
                return log_error_errno(negative_errno(), "Cannot lock " CCSBX_TASKS_DIR ": %m");
        r = scan_projids(tasks_fd, instance, &used, 0, 0, &same);
        if (r < 0)
                ret = log_error_errno(r, "Cannot read " CCSBX_TASKS_DIR " to lift the disk quota of task %s: %s", instance,
                                      strerror(-r));
        shared = r < 0 || projid_used(&used, projid);
        for (size_t i = 0; !shared && i < ELEMENTSOF(links); i++) {
                /* Through the link prepare made: at worst the owner swapped a directory on her path,
                 * and the project's limit is lifted on a filesystem where nothing of it lives. */
                _cleanup_close_ int fd = openat(task_fd, links[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (fd < 0) {
                        if (errno != ENOENT)
                                ret = ret ?: log_error_errno(negative_errno(), "Cannot open %s of task %s to lift its disk quota: %m",
                                                             links[i], instance);
                        continue;
                }
                r = lift_limits(fd, projid);
                if (r < 0 && r != -ESRCH && r != -ENOSYS && r != -EOPNOTSUPP && r != -ENOTTY)
                        ret = ret ?: log_error_errno(r, "Cannot lift the disk quota of project %" PRIu32 " (%s of task %s): %s",
                                                     projid, links[i], instance, strerror(-r));
        }
        if (unlinkat(task_fd, "projid", 0) < 0 && errno != ENOENT)
                ret = ret ?: log_error_errno(negative_errno(), "Cannot remove " CCSBX_TASKS_DIR "/%s/projid: %m", instance);
        (void) flock(tasks_fd, LOCK_UN);
        /* Outside the lock (it may take seconds): a prepare meanwhile skips the ID while any file
         * is still in it (projid_in_use()). */
        if (!shared)
                untag(task_fd, instance, projid);
        return ret;
}
