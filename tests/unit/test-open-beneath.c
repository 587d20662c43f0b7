/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* open_beneath(): what the agent could plant in its workspace must not take a trusted process
 * anywhere else. A scratch tree with a file, links to it from inside and outside, a link to /proc's
 * magic links, and paths that climb out. */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "open-beneath.h"
#include "tap.h"

static int dir_fd = -EBADF;

static void opens(const char *path, const char *want) {
        char buf[64] = "";
        _cleanup_close_ int fd = open_beneath(dir_fd, path, O_RDONLY, 0);

        if (fd >= 0 && read(fd, buf, sizeof buf - 1) < 0)
                buf[0] = '\0';
        if (!tap_ok(fd >= 0 && strcmp(buf, want) == 0, "opens %s", path))
                tap_diag("  fd=%d (%s), read \"%s\"", fd, fd < 0 ? strerror(-fd) : "ok", buf);
}

static void refuses(const char *path, int want, const char *why) {
        _cleanup_close_ int fd = open_beneath(dir_fd, path, O_RDONLY, 0);

        if (!tap_ok(fd == -want, "refuses %s (%s): %s", path, why, fd < 0 ? open_beneath_strerror(fd) : "opened"))
                tap_diag("  got %d, expected -%s", fd, strerrorname_np(want) ?: "?");
}

static void put(const char *path, const char *text) {
        _cleanup_close_ int fd = openat(dir_fd, path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

        if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t) strlen(text)) {
                printf("Bail out! cannot write %s: %m\n", path);
                exit(1);
        }
}

int main(void) {
        char top[] = "/tmp/test-open-beneath.XXXXXX", inner[PATH_MAX], secret[PATH_MAX];
        _cleanup_close_ int probe = -EBADF;

        if (!mkdtemp(top)) {
                printf("Bail out! mkdtemp: %m\n");
                return 1;
        }
        snprintf(inner, sizeof inner, "%s/ws", top);
        snprintf(secret, sizeof secret, "%s/secret", top);
        if (mkdir(inner, 0755) < 0 || (dir_fd = open(inner, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
                printf("Bail out! %s: %m\n", inner);
                return 1;
        }
        probe = open_beneath(dir_fd, ".", O_RDONLY | O_DIRECTORY, 0);
        if (probe == -ENOSYS) {
                /* Required where it matters: the VM's kernel (6.1) has openat2. */
                printf("1..0 # SKIP the kernel has no openat2()\n");
                return 0;
        }
        {
                _cleanup_close_ int s = open(secret, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
                if (s < 0 || write(s, "secret", 6) != 6) {
                        printf("Bail out! %s: %m\n", secret);
                        return 1;
                }
        }
        put("prompt.txt", "the prompt");
        if (mkdirat(dir_fd, "sub", 0755) < 0)
                return printf("Bail out! mkdir sub: %m\n"), 1;
        put("sub/deep.txt", "deep");
        if (symlinkat("prompt.txt", dir_fd, "inner-link") < 0 || symlinkat(secret, dir_fd, "abs-link") < 0 ||
            symlinkat("../secret", dir_fd, "up-link") < 0 || symlinkat("/proc/self/root/etc/hostname", dir_fd, "proc-link") < 0 ||
            symlinkat("sub", dir_fd, "dir-link") < 0)
                return printf("Bail out! symlink: %m\n"), 1;

        opens("prompt.txt", "the prompt");
        opens("sub/deep.txt", "deep");
        opens("./sub/../prompt.txt", "the prompt");
        refuses("inner-link", ELOOP, "a link, even to a file beneath");
        refuses("dir-link/deep.txt", ELOOP, "a link to a directory on the way");
        refuses("abs-link", ELOOP, "a link to an absolute path outside");
        refuses("up-link", ELOOP, "a link up and out");
        refuses("proc-link", ELOOP, "a link into /proc");
        refuses("../secret", EXDEV, "climbing out");
        refuses("sub/../../secret", EXDEV, "climbing out through a subdirectory");
        refuses(secret, EXDEV, "an absolute path");
        refuses("missing.txt", ENOENT, "nothing there");
        {
                _cleanup_close_ int fd = open_beneath(dir_fd, "", O_RDONLY, 0);
                tap_ok(fd == -EINVAL, "refuses an empty path (%d)", fd);
        }
        {
                /* O_CLOEXEC always: a trusted process must not leak the fd into what it starts. */
                _cleanup_close_ int fd = open_beneath(dir_fd, "prompt.txt", O_RDONLY, 0);
                tap_ok(fd >= 0 && (fcntl(fd, F_GETFD) & FD_CLOEXEC), "the fd is close-on-exec");
        }

        (void) unlinkat(dir_fd, "sub/deep.txt", 0);
        (void) unlinkat(dir_fd, "sub", AT_REMOVEDIR);
        for (const char *const *n = (const char *const[]) { "prompt.txt", "inner-link", "abs-link", "up-link",
                                                             "proc-link", "dir-link", NULL };
             *n; n++)
                (void) unlinkat(dir_fd, *n, 0);
        dir_fd = safe_close(dir_fd);
        (void) unlink(secret);
        (void) rmdir(inner);
        (void) rmdir(top);
        return tap_done();
}
