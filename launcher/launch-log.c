/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "journal-send.h"
#include "launch-log.h"
#include "strv.h"

LaunchContext launch_ctx = { .step = "?", .profile = "?", .instance = "?" };

/* When an entry last went to the owner's journal (CLOCK_MONOTONIC, ms), for launch_log_linger(). */
static long long owner_sent_ms = -1;
/* Entries for the owner held back by prepare ("PRIORITY MESSAGE"), see launch_log_hold_owner(). */
static bool hold_owner = false;
static char **held = NULL;

static long long now_ms(void) {
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void send_entry(int prio, const char *msg, uid_t uid, gid_t gid) {
        char *f[8] = {};
        struct iovec iov[8];
        size_t n = 0;

        if (asprintf(&f[n++], "MESSAGE=%s", msg) < 0 || asprintf(&f[n++], "PRIORITY=%i", prio) < 0 ||
            asprintf(&f[n++], "SYSLOG_IDENTIFIER=ccsbx-launch") < 0 ||
            asprintf(&f[n++], "CCSBX_STEP=%s", launch_ctx.step) < 0 ||
            asprintf(&f[n++], "CCSBX_PROFILE=%s", launch_ctx.profile) < 0 ||
            asprintf(&f[n++], "CCSBX_INSTANCE=%s", launch_ctx.instance) < 0 ||
            asprintf(&f[n++], "CCSBX_TASK=%s", launch_ctx.task ?: "") < 0 ||
            asprintf(&f[n++], "CCSBX_OWNER=%s", launch_ctx.owner ?: "") < 0) {
                f[--n] = NULL; /* asprintf() left it undefined */
                goto out;
        }
        for (size_t i = 0; i < n; i++)
                iov[i] = (struct iovec) { .iov_base = f[i], .iov_len = strlen(f[i]) };
        (void) journal_sendv_as(iov, n, uid, gid);
out:
        for (size_t i = 0; i < n; i++)
                free(f[i]);
}

/* ccsbx-launch's log_internal() (log.h): every entry to the journal, with CCSBX_* fields. */
int log_internal(int prio, int error, const char *fmt, ...) {
        char msg[2048];
        va_list ap;
        int saved = errno;
        bool wanted;

        va_start(ap, fmt);
        wanted = log_format(msg, sizeof msg, prio, error, fmt, ap);
        va_end(ap);
        if (!wanted)
                return error;

        /* As whom we act: root in prepare, cleanup and run's parent (the system journal, for the
         * admins); the owner in the relay (ruid ccsbx-relay, euid the owner). */
        send_entry(prio, msg, geteuid(), getegid());

        /* As root, also tell the owner: the same entry under the owner's uid (CAP_SETUID lets root
         * name it), so it lands in their journal. Only for what they need to act on (errors and the
         * start/finish lines). */
        if (geteuid() == 0 && launch_ctx.owner && launch_ctx.uid != 0 && prio <= LOG_INFO) {
                char *entry;

                /* Held back if prepare asked to, and there is memory for it; else sent now. */
                if (!hold_owner || asprintf(&entry, "%d %s", prio, msg) < 0 || strv_consume(&held, entry) < 0) {
                        send_entry(prio, msg, launch_ctx.uid, launch_ctx.gid);
                        owner_sent_ms = now_ms();
                }
        }
        errno = saved;
        return error;
}

void launch_log_linger(void) {
        long long left;

        if (owner_sent_ms < 0)
                return;
        left = owner_sent_ms + LAUNCH_LOG_LINGER_MS - now_ms();
        if (left > 0)
                (void) usleep((useconds_t) left * 1000);
}

void launch_log_hold_owner(bool hold) {
        hold_owner = hold;
}

char * const *launch_log_held_owner(void) {
        return held;
}

void launch_log_flush_owner(void) {
        hold_owner = false;
        STRV_FOREACH(e, held)
                launch_log_send_held(*e);
        held = strv_free(held);
}

void launch_log_send_held(const char *entry) {
        const char *saved = launch_ctx.step;
        char *end;
        long prio = strtol(entry, &end, 10);

        /* What prepare held back: a priority it logged at (never debug), a space, the message. */
        if (end == entry || *end != ' ' || prio < LOG_EMERG || prio > LOG_INFO || !launch_ctx.owner ||
            launch_ctx.uid == 0)
                return;
        launch_ctx.step = "prepare";
        send_entry((int) prio, end + 1, launch_ctx.uid, launch_ctx.gid);
        launch_ctx.step = saved;
        owner_sent_ms = now_ms();
}

void launch_mark(const char *what) {
        struct timespec ts;

        if (!secure_getenv("CCSBX_DEBUG"))
                return;
        clock_gettime(CLOCK_REALTIME, &ts);
        log_debug("Timing: %s at %lld", what, (long long) ts.tv_sec * 1000000 + ts.tv_nsec / 1000);
}
