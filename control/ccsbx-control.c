/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* ccsbx-control — starts and stops sandbox units for their owners, always with job mode "replace".
 *
 * polkit never sees the job mode of a StartUnit or StopUnit (systemd 252 passes it the unit and
 * the verb only), so a user allowed to start her own unit directly could also pass mode "flush"
 * (which cancels every other queued job on the host) or "replace-irreversibly" (which a reboot's
 * job cannot replace). So users get no lifecycle verb on sandbox units through polkit, and ask
 * here instead: ccsbx-control.socket (/run/ccsbx-control, group ccsbx, Accept=yes) hands each
 * connection to an instance of this program, as root. One request a connection, one datagram:
 *
 *   start UNIT | stop UNIT
 *
 * UNIT must be a sandbox unit (ccsbx@USER:TASK.service, ccsbx-PROFILE@USER:TASK.service) whose USER
 * is the caller's own name (from the socket's peer credentials); root may name anyone's. Replies,
 * a datagram each: "queued JOB" once systemd has the job, then "done RESULT" (systemd's job result:
 * done, failed, canceled, timeout, dependency, skipped) when it ends; or "error MESSAGE". A client
 * that does not want to wait closes the connection after "queued". See ccsbx-control(8). */

#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <systemd/sd-bus.h>
#include <unistd.h>

#include "cleanup.h"
#include "instance.h"
#include "log.h"

/* A request: verb, space, unit name (at most 256 bytes: systemd's unit name limit). */
#define REQUEST_MAX 300

_printf_(1, 2) static void reply(const char *fmt, ...) {
        char buf[1024];
        va_list ap;
        int n;

        va_start(ap, fmt);
        n = vsnprintf(buf, sizeof buf, fmt, ap);
        va_end(ap);
        if (n < 0)
                return;
        (void) send(STDIN_FILENO, buf, (size_t) n < sizeof buf ? (size_t) n : sizeof buf - 1, MSG_NOSIGNAL);
}

/* Refuses and says why, to the caller and (the journal) to the admin. */
_printf_(2, 3) static int refuse(const char *who, const char *fmt, ...) {
        char buf[512];
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(buf, sizeof buf, fmt, ap);
        va_end(ap);
        reply("error %s", buf);
        log_warning("Refused a request of %s: %s", who, buf);
        return 1;
}

/* Whether PID runs in a sandbox (a unit in ccsbx.slice), as PID 1 knows it: a sandbox's processes
 * must not start or stop units, even where the socket is reachable for them (it is not: /run is
 * empty in a sandbox, and the agent has no supplementary groups). PID 1, not /proc: a host that
 * hides processes (hidepid=) hides them from us too. A PID that is gone fails closed. */
static bool in_sandbox(sd_bus *bus, pid_t pid) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *m = NULL;
        _cleanup_free_ char *slice = NULL;
        sd_bus_error error = SD_BUS_ERROR_NULL;
        const char *path = NULL;
        int r;

        r = sd_bus_call_method(bus, "org.freedesktop.systemd1", "/org/freedesktop/systemd1",
                               "org.freedesktop.systemd1.Manager", "GetUnitByPID", &error, &m, "u", (uint32_t) pid);
        sd_bus_error_free(&error);
        if (r < 0 || sd_bus_message_read(m, "o", &path) < 0 || !path)
                return true;
        r = sd_bus_get_property_string(bus, "org.freedesktop.systemd1", path, "org.freedesktop.systemd1.Service",
                                       "Slice", &error, &slice);
        sd_bus_error_free(&error);
        if (r == -ENXIO || r == -EBADR || (r < 0 && r != -ENOMEM)) {
                /* Not a service (a session scope, say): scopes have a slice too. */
                r = sd_bus_get_property_string(bus, "org.freedesktop.systemd1", path, "org.freedesktop.systemd1.Scope",
                                               "Slice", &error, &slice);
                sd_bus_error_free(&error);
        }
        if (r < 0 || !slice)
                return true;
        return strcmp(slice, CCSBX_SLICE) == 0;
}

typedef struct Wait {
        const char *job;
        char *result;
} Wait;

static int on_job_removed(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        Wait *w = userdata;
        const char *path = NULL, *unit = NULL, *result = NULL;
        uint32_t id;

        (void) error;
        if (sd_bus_message_read(m, "uoss", &id, &path, &unit, &result) < 0 || !path || !result)
                return 0;
        if (strcmp(path, w->job) == 0 && !w->result)
                w->result = strdup(result);
        return 0;
}

int main(int argc, char *argv[]) {
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *m = NULL;
        _cleanup_(sd_bus_slot_unrefp) sd_bus_slot *slot = NULL;
        _cleanup_free_ char *profile = NULL, *user = NULL, *task = NULL;
        sd_bus_error error = SD_BUS_ERROR_NULL;
        char req[REQUEST_MAX + 1], who[64], *unit;
        struct ucred cred;
        socklen_t len = sizeof cred;
        struct passwd *pw;
        const char *verb, *job = NULL;
        Wait w = {};
        ssize_t n;
        int r;

        if (argc > 1) {
                printf("%s: serves ccsbx-control.socket (StandardInput=socket); see ccsbx-control(8).\n",
                       program_invocation_short_name);
                return strcmp(argv[1], "--help") == 0 ? 0 : 2;
        }
        if (getsockopt(STDIN_FILENO, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0) {
                log_error_errno(errno, "Not started by ccsbx-control.socket (no peer on standard input): %m");
                return 1;
        }
        pw = getpwuid(cred.uid);
        snprintf(who, sizeof who, "%s (uid %u)", pw ? pw->pw_name : "?", (unsigned) cred.uid);
        if (!pw)
                return refuse(who, "uid %u has no user name", (unsigned) cred.uid);

        n = recv(STDIN_FILENO, req, REQUEST_MAX, 0);
        if (n <= 0)
                return refuse(who, "no request");
        req[n] = '\0';
        if (req[n - 1] == '\n')
                req[n - 1] = '\0';
        unit = strchr(req, ' ');
        if (!unit)
                return refuse(who, "expected \"start UNIT\" or \"stop UNIT\"");
        *unit++ = '\0';
        verb = req;
        if (strcmp(verb, "start") != 0 && strcmp(verb, "stop") != 0)
                return refuse(who, "unknown verb \"%.20s\" (start or stop)", verb);
        if (instance_unit_name_parse(unit, &profile, &user, &task) < 0)
                return refuse(who, "\"%.*s\" is not a ccsbx sandbox unit (ccsbx@USER:TASK.service or "
                                   "ccsbx-PROFILE@USER:TASK.service)", 256, unit);
        if (cred.uid != 0 && strcmp(user, pw->pw_name) != 0)
                return refuse(who, "%s is not a unit of %s: users start and stop their own sandboxes only", unit,
                              pw->pw_name);
        r = sd_bus_open_system(&bus);
        if (r < 0)
                return refuse(who, "cannot connect to the system bus: %s", strerror(-r));
        if (in_sandbox(bus, cred.pid))
                return refuse(who, "a process inside a sandbox may not start or stop sandboxes");
        /* Before the job exists, so that its end cannot be missed. */
        r = sd_bus_match_signal(bus, &slot, "org.freedesktop.systemd1", "/org/freedesktop/systemd1",
                                "org.freedesktop.systemd1.Manager", "JobRemoved", on_job_removed, &w);
        if (r >= 0)
                r = sd_bus_call_method(bus, "org.freedesktop.systemd1", "/org/freedesktop/systemd1",
                                       "org.freedesktop.systemd1.Manager", "Subscribe", &error, NULL, "");
        if (r < 0) {
                refuse(who, "cannot follow jobs: %s", error.message ?: strerror(-r));
                sd_bus_error_free(&error);
                return 1;
        }
        /* The only job mode a user's request ever gets. */
        r = sd_bus_call_method(bus, "org.freedesktop.systemd1", "/org/freedesktop/systemd1",
                               "org.freedesktop.systemd1.Manager", strcmp(verb, "start") == 0 ? "StartUnit" : "StopUnit",
                               &error, &m, "ss", unit, "replace");
        if (r < 0) {
                refuse(who, "%s %s: %s", verb, unit, error.message ?: strerror(-r));
                sd_bus_error_free(&error);
                return 1;
        }
        r = sd_bus_message_read(m, "o", &job);
        if (r < 0 || !job)
                return refuse(who, "%s %s: no job from systemd", verb, unit);
        w.job = job;
        log_info("%s: %s %s (job %s).", who, verb, unit, job);
        reply("queued %s", job);

        /* Until the job ends or the caller goes away (a client that does not wait closes). */
        while (!w.result) {
                char c;

                r = sd_bus_process(bus, NULL);
                if (r < 0)
                        return refuse(who, "lost the system bus: %s", strerror(-r));
                if (r > 0)
                        continue;
                if (recv(STDIN_FILENO, &c, 1, MSG_DONTWAIT | MSG_PEEK) == 0)
                        return 0;
                r = sd_bus_wait(bus, 1000000);
                if (r < 0)
                        return refuse(who, "lost the system bus: %s", strerror(-r));
        }
        log_info("%s: %s %s: %s.", who, verb, unit, w.result);
        reply("done %s", w.result);
        free(w.result);
        return 0;
}
