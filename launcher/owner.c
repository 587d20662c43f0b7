/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
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

int owner_run(const Owner *o, OwnerFunc fn, void *arg, size_t max, char **ret_out, size_t *ret_size) {
        _cleanup_free_ char *buf = NULL;
        int p[2], status;
        size_t n = 0;
        pid_t pid;

        buf = malloc(max + 1);
        if (!buf)
                return -ENOMEM;
        if (pipe2(p, O_CLOEXEC) < 0)
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
                (void) prctl(PR_SET_PDEATHSIG, SIGKILL);
                /* No supplementary groups: the owner's files are read with the owner's uid and
                 * primary group only, never with more than they have. */
                if (setgroups(0, NULL) < 0 || setresgid(o->gid, o->gid, o->gid) < 0 ||
                    setresuid(o->uid, o->uid, o->uid) < 0 || getuid() != o->uid || geteuid() != o->uid)
                        _exit(EPERM);
                r = fn(arg, p[1]);
                _exit(r < 0 ? -r : 0);
        }

        close(p[1]);
        for (;;) {
                ssize_t k = read(p[0], buf + n, max + 1 - n);
                if (k < 0 && errno == EINTR)
                        continue;
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
        return 0;
}
