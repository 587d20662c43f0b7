/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Logging of ccsbx-launch. Every line goes to the journal with CCSBX_* fields. A refusal must reach
 * the task's owner, who can only read journal entries sent under their own uid (journald splits by
 * uid): once the owner is known, root's messages are also sent under the owner's uid (see
 * journal-send.h), so they show up in the owner's "systemctl status" and "journalctl -u". */

#include <sys/types.h>

#include "cleanup.h"

typedef struct LaunchContext {
        const char *step;    /* prepare, run, cleanup */
        const char *profile;
        const char *instance;
        const char *task;  /* NULL until the instance name parsed */
        const char *owner; /* NULL until known */
        uid_t uid;
        gid_t gid;
} LaunchContext;

extern LaunchContext launch_ctx;

/* Logs and returns error (negative errno) so that "return log_error_errno(r, …)" works. */
int launch_log(int prio, int error, const char *fmt, ...) _printf_(3, 4);

/* journald reads the sender's unit from /proc when it gets to an entry: a step that exits right
 * after its last entry to the owner waits this long since, or the entry loses _SYSTEMD_UNIT= and
 * the owner's "systemctl status" misses it. */
#define LAUNCH_LOG_LINGER_MS 100
void launch_log_linger(void);

#define log_error_errno(error, ...) launch_log(LOG_ERR, (error) < 0 ? (error) : -(error), __VA_ARGS__)
#define log_error(...) launch_log(LOG_ERR, -EINVAL, __VA_ARGS__)
#define log_warning(...) launch_log(LOG_WARNING, 0, __VA_ARGS__)
#define log_info(...) launch_log(LOG_INFO, 0, __VA_ARGS__)
#define log_debug(...) launch_log(LOG_DEBUG, 0, __VA_ARGS__)
