/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Logging of ccsbx-launch. Every line goes to the journal with CCSBX_* fields. A refusal must reach
 * the task's owner, who can only read journal entries sent under their own uid (journald splits by
 * uid): once the owner is known, root's messages are also sent under the owner's uid (see
 * journal-send.h), so they show up in the owner's "systemctl status" and "journalctl -u". */

#include <stdbool.h>
#include <sys/types.h>

#include "cleanup.h"
#include "log.h"

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


/* journald reads the sender's unit from /proc when it gets to an entry: a step that exits right
 * after its last entry to the owner waits this long since, or the entry loses _SYSTEMD_UNIT= and
 * the owner's "systemctl status" misses it. */
#define LAUNCH_LOG_LINGER_MS 100
void launch_log_linger(void);

/* prepare, on its way to success, holds back what it would send to the owner, so that it need not
 * linger: the entries go into the task's settings ("owner_log", as "PRIORITY MESSAGE"), and run
 * sends them from the unit's main process, which lives as long as the task. On failure prepare
 * sends them itself (launch_log_flush_owner) and lingers. */
void launch_log_hold_owner(bool hold);
char * const *launch_log_held_owner(void);
void launch_log_flush_owner(void);
/* run: one held entry ("PRIORITY MESSAGE") to the owner only, as prepare's. */
void launch_log_send_held(const char *entry);

/* With CCSBX_DEBUG set: a debug entry "Timing: WHAT at USEC" (CLOCK_REALTIME, µs), the start's
 * milestones, which bench/start-latency.sh turns into where the time goes. Nothing without it. */
void launch_mark(const char *what);


