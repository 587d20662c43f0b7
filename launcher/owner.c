/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "owner.h"
#include "cleanup.h"

void owner_done(Owner *o) {
        free(o->name);
        free(o->home);
        *o = (Owner) {};
}

int owner_lookup(const char *name, Owner *ret, const char **ret_why) {
        struct passwd *pw;

        errno = 0;
        pw = getpwnam(name);
        if (!pw) {
                *ret_why = errno == 0 || errno == ENOENT ? "no such user" : "user lookup failed";
                return errno > 0 ? -errno : -ESRCH;
        }
        if (pw->pw_uid == 0 || pw->pw_uid < OWNER_UID_MIN || pw->pw_uid == 65534) {
                *ret_why = "root, system accounts and nobody never own a task";
                return -EPERM;
        }
        if (!pw->pw_dir || pw->pw_dir[0] != '/') {
                *ret_why = "the user has no absolute home directory";
                return -EINVAL;
        }
        ret->name = strdup(pw->pw_name);
        ret->home = strdup(pw->pw_dir);
        ret->uid = pw->pw_uid;
        ret->gid = pw->pw_gid;
        if (!ret->name || !ret->home) {
                owner_done(ret);
                return -ENOMEM;
        }
        return 0;
}

int owner_send_fd(int out, const void *data, size_t len, int fd) {
        union {
                struct cmsghdr h;
                char space[CMSG_SPACE(sizeof(int))];
        } control = {};
        struct iovec iov = { .iov_base = (void *) data, .iov_len = len };
        struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = &control, .msg_controllen = sizeof control };

        if (len == 0)
                return -EINVAL;
        control.h.cmsg_level = SOL_SOCKET;
        control.h.cmsg_type = SCM_RIGHTS;
        control.h.cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(&control.h), &fd, sizeof(int));
        return sendmsg(out, &mh, MSG_NOSIGNAL) == (ssize_t) len ? 0 : -EIO;
}

/* The child of owner_run*(): in PID 1's mount namespace first if ROOT_FN is given, which runs
 * there as root (mounts, with fds of the caller's namespace: open_tree() clones made before the
 * fork) and writes to the same output; then, as the owner, fn. */
static int run_child(const Owner *o, OwnerFunc root_fn, OwnerFunc fn, void *arg, int out) {
        int r;

        (void) prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (root_fn) {
                _cleanup_close_ int ns = open("/proc/1/ns/mnt", O_RDONLY | O_CLOEXEC);
                if (ns < 0 || setns(ns, CLONE_NEWNS) < 0)
                        return negative_errno();
                r = root_fn(arg, out);
                if (r < 0)
                        return r;
        }
        /* No supplementary groups: the owner's files are read with the owner's uid and primary
         * group only, never with more than they have. */
        if (setgroups(0, NULL) < 0 || setresgid(o->gid, o->gid, o->gid) < 0 || setresuid(o->uid, o->uid, o->uid) < 0 ||
            getuid() != o->uid || geteuid() != o->uid)
                return -EPERM;
        return fn(arg, out);
}

static int run_as_owner(const Owner *o, OwnerFunc root_fn, OwnerFunc fn, void *arg, size_t max, char **ret_out,
                        size_t *ret_size, int *ret_fd) {
        _cleanup_free_ char *buf = NULL;
        _cleanup_close_ int got_fd = -EBADF;
        int p[2], status;
        size_t n = 0;
        pid_t pid;

        buf = malloc(max + 1);
        if (!buf)
                return -ENOMEM;
        /* A socket, not a pipe: it carries the child's descriptor (SCM_RIGHTS). */
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, p) < 0)
                return negative_errno();

        pid = fork();
        if (pid < 0) {
                int r = negative_errno();
                close(p[0]);
                close(p[1]);
                return r;
        }
        if (pid == 0) {
                int r;

                close(p[0]);
                r = run_child(o, root_fn, fn, arg, p[1]);
                _exit(r < 0 ? (-r > 255 ? EIO : -r) : 0);
        }

        close(p[1]);
        for (;;) {
                union {
                        struct cmsghdr h;
                        char space[CMSG_SPACE(sizeof(int) * 4)];
                } control = {};
                struct iovec iov = { .iov_base = buf + n, .iov_len = max + 1 - n };
                struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = &control,
                                     .msg_controllen = sizeof control };
                ssize_t k = recvmsg(p[0], &mh, MSG_CMSG_CLOEXEC);

                if (k < 0 && errno == EINTR)
                        continue;
                /* Whatever descriptors came: the first one is kept if the caller wants one. */
                for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); k >= 0 && c; c = CMSG_NXTHDR(&mh, c)) {
                        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
                                continue;
                        size_t nfds = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
                        for (size_t i = 0; i < nfds; i++) {
                                int fd;
                                memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
                                if (ret_fd && got_fd < 0)
                                        got_fd = fd;
                                else
                                        close(fd);
                        }
                }
                if (k <= 0)
                        break;
                n += (size_t) k;
                if (n > max)
                        break;
        }
        close(p[0]);
        if (n > max)
                (void) kill(pid, SIGKILL);
        while (waitpid(pid, &status, 0) < 0)
                if (errno != EINTR)
                        return negative_errno();
        if (n > max)
                return -EFBIG;
        /* What the child wrote comes back on failure too: it may say what failed. */
        buf[n] = '\0';
        *ret_out = TAKE_PTR(buf);
        *ret_size = n;
        if (!WIFEXITED(status))
                return -ECHILD;
        if (WEXITSTATUS(status) != 0)
                return -WEXITSTATUS(status);
        if (ret_fd)
                *ret_fd = TAKE_FD(got_fd);
        return 0;
}

int owner_run(const Owner *o, OwnerFunc fn, void *arg, size_t max, char **ret_out, size_t *ret_size) {
        return run_as_owner(o, NULL, fn, arg, max, ret_out, ret_size, NULL);
}

int owner_run_fd(const Owner *o, OwnerFunc fn, void *arg, size_t max, char **ret_out, size_t *ret_size, int *ret_fd) {
        return run_as_owner(o, NULL, fn, arg, max, ret_out, ret_size, ret_fd);
}

int owner_run_host(const Owner *o, OwnerFunc root_fn, OwnerFunc fn, void *arg, size_t max, char **ret_out,
                   size_t *ret_size) {
        return run_as_owner(o, root_fn, fn, arg, max, ret_out, ret_size, NULL);
}
