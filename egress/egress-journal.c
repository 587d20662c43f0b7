/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* One journal entry per connection, in the owner's journal (sent with her uid: see
 * relay-identity.h): the task's owner and the admins read it, no other user. */

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "egress-conn.h"
#include "journal-send.h"
#include "strv.h"

typedef struct Entry {
        char text[18][512];
        struct iovec iov[18];
        size_t n;
} Entry;

_printf_(2, 3) static void field(Entry *j, const char *fmt, ...) {
        va_list ap;

        if (j->n >= ELEMENTSOF(j->iov))
                return;
        va_start(ap, fmt);
        (void) vsnprintf(j->text[j->n], sizeof j->text[0], fmt, ap);
        va_end(ap);
        j->iov[j->n] = (struct iovec) { j->text[j->n], strlen(j->text[j->n]) };
        j->n++;
}

void conn_journal(Conn *c) {
        Egress *e = c->e;
        Entry j = {};
        struct timespec ts;
        uint64_t now;
        bool allowed = strcmp(c->verdict, "allowed") == 0;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        now = (uint64_t) ts.tv_sec * 1000000 + (uint64_t) ts.tv_nsec / 1000;
        egress_summary_update(e, c->req.host.text, strcmp(c->verdict, "refused") == 0);

        field(&j, "MESSAGE=%s %s:%u %s%s%s: %" PRIu64 " bytes up, %" PRIu64 " down, %" PRIu64 " ms",
              c->req.method[0] ? c->req.method : "(no request)", c->req.host.text[0] ? c->req.host.text : "-",
              c->req.port, c->verdict, c->reason ? ", " : "", c->reason ?: "", c->up.bytes, c->down.bytes,
              (now - c->start) / 1000);
        field(&j, "PRIORITY=%d", allowed ? LOG_INFO : strcmp(c->verdict, "refused") == 0 ? LOG_WARNING : LOG_NOTICE);
        field(&j, "MESSAGE_ID=" CCSBX_EGRESS_MESSAGE_ID);
        field(&j, "SYSLOG_IDENTIFIER=ccsbx-egress");
        field(&j, "CCSBX_OWNER=%s", e->owner);
        field(&j, "CCSBX_TASK=%s", e->task);
        field(&j, "CCSBX_EGRESS_VERDICT=%s", c->verdict);
        field(&j, "CCSBX_EGRESS_BYTES_UP=%" PRIu64, c->up.bytes);
        field(&j, "CCSBX_EGRESS_BYTES_DOWN=%" PRIu64, c->down.bytes);
        field(&j, "CCSBX_EGRESS_DURATION_MS=%" PRIu64, (now - c->start) / 1000);
        if (c->req.method[0])
                field(&j, "CCSBX_EGRESS_METHOD=%s", c->req.method);
        if (c->req.host.text[0]) {
                field(&j, "CCSBX_EGRESS_HOST=%s", c->req.host.text);
                field(&j, "CCSBX_EGRESS_PORT=%u", c->req.port);
        }
        if (c->sni[0])
                field(&j, "CCSBX_EGRESS_SNI=%s", c->sni);
        if (c->address[0])
                field(&j, "CCSBX_EGRESS_ADDRESS=%s", c->address);
        if (c->rule)
                field(&j, "CCSBX_EGRESS_RULE=%s", c->rule);
        if (c->reason)
                field(&j, "CCSBX_EGRESS_REASON=%s", c->reason);
        (void) journal_sendv_as(j.iov, j.n, e->uid, e->gid);
}

/* The counts as one line, rewritten in place after every connection: run reads it when the task
 * ends. Best effort: a count that cannot be written only leaves the status line without it. */
void egress_summary_update(Egress *e, const char *host, bool refused) {
        char line[CCSBX_EGRESS_SUMMARY_MAX];
        size_t hosts;
        int n;

        if (refused)
                e->refused++;
        if (host && host[0] && !strv_contains(e->hosts_seen, host) && strv_length(e->hosts_seen) < EGRESS_HOSTS_COUNTED)
                (void) strv_extend(&e->hosts_seen, host);
        if (e->summary_fd < 0)
                return;
        hosts = strv_length(e->hosts_seen);
        n = snprintf(line, sizeof line, "%" PRIu64 " connection%s to %zu%s host%s, %" PRIu64 " refused\n", e->total,
                     e->total == 1 ? "" : "s", hosts, hosts >= EGRESS_HOSTS_COUNTED ? "+" : "", hosts == 1 ? "" : "s",
                     e->refused);
        if (n > 0 && (size_t) n < sizeof line && pwrite(e->summary_fd, line, (size_t) n, 0) == n)
                (void) !ftruncate(e->summary_fd, n);
}
