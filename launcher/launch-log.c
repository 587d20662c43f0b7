/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>
#include <grp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <syslog.h>
#include <systemd/sd-journal.h>
#include <unistd.h>

#include "launch-log.h"

LaunchContext launch_ctx = { .step = "?", .profile = "?", .instance = "?" };

static void send_entry(int prio, const char *msg) {
        (void) sd_journal_send("MESSAGE=%s", msg, "PRIORITY=%i", prio, "SYSLOG_IDENTIFIER=ccsbx-launch",
                               "CCSBX_STEP=%s", launch_ctx.step, "CCSBX_PROFILE=%s", launch_ctx.profile,
                               "CCSBX_INSTANCE=%s", launch_ctx.instance, "CCSBX_TASK=%s",
                               launch_ctx.task ?: "", "CCSBX_OWNER=%s", launch_ctx.owner ?: "", NULL);
}

int launch_log(int prio, int error, const char *fmt, ...) {
        char msg[2048];
        va_list ap;
        int saved = errno;

        if (prio == LOG_DEBUG && !secure_getenv("CCSBX_DEBUG"))
                return error;

        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);

        send_entry(prio, msg);

        /* As root, also tell the owner: from a child that becomes the owner, so the entry lands in
         * their journal. Only for what they need to act on (errors and the start/finish lines). */
        if (getuid() == 0 && launch_ctx.owner && launch_ctx.uid != 0 && prio <= LOG_INFO) {
                pid_t pid = fork();
                if (pid == 0) {
                        if (setgroups(0, NULL) < 0 || setresgid(launch_ctx.gid, launch_ctx.gid, launch_ctx.gid) < 0 ||
                            setresuid(launch_ctx.uid, launch_ctx.uid, launch_ctx.uid) < 0)
                                _exit(1);
                        send_entry(prio, msg);
                        /* journald reads the sender's unit from /proc when it processes the entry;
                         * a sender that is already gone loses _SYSTEMD_UNIT and the owner's
                         * "systemctl status" would not show the line. Stay a moment. */
                        usleep(100 * 1000);
                        _exit(0);
                }
                if (pid > 0)
                        (void) waitpid(pid, NULL, 0);
        }
        errno = saved;
        return error;
}
