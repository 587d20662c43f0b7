/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* The agent's Landlock domain (launcher/agent-landlock.c): a process in it loses the ptrace access
 * rights to processes outside it, which /proc/PID/environ, /mem, /root and /cwd need, and keeps them
 * to its own children; its own file access is not restricted. Each check runs in a child that enters
 * the domain, against a sibling outside it that stands for the owner's login shell. */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agent-landlock.h"
#include "tap.h"

enum { CHECKS = 7 };

/* As root, capabilities would grant what the domain denies (CAP_PERFMON reads any environ): run
 * as nobody, dumpable (a uid change clears that, and would deny same-uid access by itself). */
static int become_nobody(void) {
        if (getuid() != 0)
                return 0;
        if (setresgid(65534, 65534, 65534) < 0 || setresuid(65534, 65534, 65534) < 0 ||
            prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) < 0)
                return errno;
        return 0;
}

/* 0 if PATH can be opened and read, else the errno of whichever failed (the kernel checks
 * /proc/PID/environ at open or at read, depending on its version). */
static int read_errno(const char *path) {
        char buf[64];
        int fd = open(path, O_RDONLY | O_CLOEXEC), r = 0;

        if (fd < 0)
                return errno;
        if (read(fd, buf, sizeof buf) < 0)
                r = errno;
        close(fd);
        return r;
}

/* In the child: enter the domain, then try each access; one errno (0: allowed) per check. */
static void probe(pid_t outside, int fd) {
        int res[CHECKS];
        char path[64], buf[64];

        res[0] = become_nobody() ?: (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ? errno : 0);
        res[1] = -agent_landlock_install();

        snprintf(path, sizeof path, "/proc/%d/environ", (int) outside);
        res[2] = read_errno(path);
        snprintf(path, sizeof path, "/proc/%d/root", (int) outside);
        res[3] = readlink(path, buf, sizeof buf) < 0 ? errno : 0;
        snprintf(path, sizeof path, "/proc/%d/mem", (int) outside);
        int e = open(path, O_RDWR | O_CLOEXEC);
        res[4] = e < 0 ? errno : 0;
        if (e >= 0)
                close(e);

        /* Its own child, inside the domain, stays reachable. */
        pid_t kid = fork();
        if (kid == 0) {
                pause();
                _exit(0);
        }
        snprintf(path, sizeof path, "/proc/%d/environ", (int) kid);
        res[5] = read_errno(path);
        kill(kid, SIGKILL);
        waitpid(kid, NULL, 0);

        /* Files are not restricted: create and remove one. */
        char tmp[] = "/tmp/test-agent-landlock-XXXXXX"; /* /tmp: writable by nobody too */
        e = mkstemp(tmp);
        res[6] = e < 0 ? errno : (unlink(tmp) < 0 ? errno : 0);
        if (e >= 0)
                close(e);

        (void) !write(fd, res, sizeof res);
        _exit(0);
}

int main(void) {
        int abi = agent_landlock_abi();

        if (abi < 0) {
                /* A kernel without Landlock (not built in, or not in lsm=): what can be checked here
                 * is that installing the domain fails, so the relay refuses to start the agent (fail
                 * closed). The domain's own checks run in the VM, whose kernel has Landlock
                 * (scenario 52-landlock runs this program there). */
                tap_diag("no Landlock in this kernel (%s)", strerror(-abi));
                int r = agent_landlock_install();
                tap_ok(r < 0, "agent_landlock_install() fails without Landlock (got %d: %s)", r,
                       r < 0 ? strerror(-r) : "no error");
                return tap_done();
        }
        tap_diag("Landlock ABI %d", abi);

        pid_t outside = fork();
        if (outside == 0) {
                if (become_nobody() != 0)
                        _exit(1);
                pause();
                _exit(0);
        }
        int p[2];
        if (outside < 0 || pipe(p) < 0) {
                tap_ok(false, "fork/pipe");
                return tap_done();
        }
        pid_t child = fork();
        if (child == 0) {
                close(p[0]);
                probe(outside, p[1]);
        }
        close(p[1]);
        int res[CHECKS];
        ssize_t n = read(p[0], res, sizeof res);
        waitpid(child, NULL, 0);
        kill(outside, SIGKILL);
        waitpid(outside, NULL, 0);
        if (!tap_ok(n == (ssize_t) sizeof res, "the probe reported"))
                return tap_done();

        tap_is_int(res[0], 0, "as nobody (if root), no_new_privs set");
        tap_is_int(res[1], 0, "agent_landlock_install() puts the process in a domain");
        tap_is_int(res[2], EACCES, "/proc/PID/environ of a process outside the domain: EACCES");
        tap_is_int(res[3], EACCES, "/proc/PID/root of a process outside the domain: EACCES");
        tap_is_int(res[4], EACCES, "/proc/PID/mem of a process outside the domain: EACCES");
        tap_is_int(res[5], 0, "/proc/PID/environ of its own child: allowed");
        tap_is_int(res[6], 0, "files: a file in /tmp made and removed");
        return tap_done();
}
