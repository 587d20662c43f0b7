/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* ccsbx-egress PROFILE USER:TASK — the egress proxy of one task (ccsbx-egress(8)), started by
 * systemd through ccsbx-PROFILE-egress@USER:TASK.socket, whose one listening socket (fd 3) lives in
 * the sandbox's network namespace. As root: the profile (as the unit was generated from it), the
 * owner, the host's own addresses, the journal's socket; then the relay's identity (real uid
 * ccsbx-relay, effective uid the owner, no capability) for the rest of its life. */

#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-daemon.h>
#include <systemd/sd-event.h>

#include "cleanup.h"
#include "egress.h"
#include "instance.h"
#include "journal-send.h"
#include "log.h"
#include "parse-util.h"
#include "paths.h"
#include "profile.h"
#include "relay-identity.h"
#include "strv.h"

/* To stderr, which systemd puts in the journal with the unit's name; the admins read it. */
int log_internal(int prio, int error, const char *fmt, ...) {
        char msg[1024];
        va_list ap;
        bool wanted;

        va_start(ap, fmt);
        wanted = log_format(msg, sizeof msg, prio, error, fmt, ap);
        va_end(ap);
        if (wanted)
                fprintf(stderr, "<%d>%s\n", prio, msg);
        return error;
}

static int load_rules(Egress *e, const Profile *p) {
        const char *why = NULL;

        e->n_hosts = strv_length(p->network_allow_hosts);
        e->n_ranges = strv_length(p->network_allow_addresses);
        e->hosts = calloc(e->n_hosts + 1, sizeof *e->hosts);
        e->ranges = calloc(e->n_ranges + 1, sizeof *e->ranges);
        e->hosts_text = strv_copy(p->network_allow_hosts);
        e->ranges_text = strv_copy(p->network_allow_addresses);
        if (!e->hosts || !e->ranges || (e->n_hosts && !e->hosts_text) || (e->n_ranges && !e->ranges_text))
                return log_oom();
        /* The profile loader checked every entry; a failure here is a bug, and fails closed. */
        for (size_t i = 0; i < e->n_hosts; i++)
                if (host_rule_parse(e->hosts_text[i], &e->hosts[i], &why) < 0)
                        return log_error("network.allow_hosts \"%s\": %s; refusing.", e->hosts_text[i], why);
        for (size_t i = 0; i < e->n_ranges; i++)
                if (address_range_parse(e->ranges_text[i], &e->ranges[i], &why) < 0)
                        return log_error("network.allow_addresses \"%s\": %s; refusing.", e->ranges_text[i], why);
        return 0;
}

static int load_profile(Egress *e) {
        _cleanup_profile_free_ Profile *p = NULL;
        ConfDiags diags = {};
        const char *want = secure_getenv(CCSBX_PROFILE_HASH_ENV);
        char have[PROFILE_HASH_LEN + 1];
        int r;

        r = profile_load(profile_root(), e->profile, &p, &diags);
        if (r != 0) {
                for (size_t i = 0; i < diags.n; i++) {
                        _cleanup_free_ char *m = conf_diag_format(diags.items + i);
                        log_error("%s", m ?: "out of memory");
                }
                conf_diags_clear(&diags);
                return log_error("Cannot load profile %s; refusing.", e->profile);
        }
        conf_diags_clear(&diags);
        r = profile_hash(p, have);
        if (r < 0)
                return log_error_errno(r, "Cannot hash profile %s: %m; refusing.", p->name);
        if (!want || strcmp(want, have) != 0)
                return log_error("Profile %s (%s) changed since the last daemon-reload; run \"systemctl "
                                 "daemon-reload\"; refusing.", p->name, p->path);
        if (p->network_mode != NETWORK_PROXY)
                return log_error("Profile %s is not in network.mode = \"proxy\"; refusing.", p->name);
        return load_rules(e, p);
}

/* The addresses of this host, which a name must not lead to: getifaddrs() sees every interface of
 * the host's network namespace. */
static int load_local_addresses(Egress *e) {
        struct ifaddrs *ifa = NULL;
        size_t n = 0;

        if (getifaddrs(&ifa) < 0)
                return log_error_errno(errno, "Cannot list this host's addresses: %m; refusing.");
        for (struct ifaddrs *i = ifa; i; i = i->ifa_next)
                n++;
        e->local = calloc(n + 1, sizeof *e->local);
        if (!e->local) {
                freeifaddrs(ifa);
                return log_oom();
        }
        for (struct ifaddrs *i = ifa; i; i = i->ifa_next)
                if (i->ifa_addr && (i->ifa_addr->sa_family == AF_INET || i->ifa_addr->sa_family == AF_INET6))
                        memcpy(&e->local[e->n_local++], i->ifa_addr,
                               i->ifa_addr->sa_family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6));
        freeifaddrs(ifa);
        return 0;
}

/* The owner, and the relay's identity to become. */
static int become_relay(Egress *e) {
        struct passwd *pw, *rp;
        uid_t relay_uid;
        gid_t relay_gid;
        int r;

        errno = 0;
        rp = getpwnam(CCSBX_RELAY_USER);
        if (!rp || rp->pw_uid == 0 || rp->pw_gid == 0)
                return log_error("The system user " CCSBX_RELAY_USER " %s; refusing.", rp ? "is root" : "does not exist");
        relay_uid = rp->pw_uid;
        relay_gid = rp->pw_gid;
        pw = getpwnam(e->owner);
        if (!pw || pw->pw_uid == 0 || pw->pw_uid == relay_uid)
                return log_error("Owner \"%s\": %s; refusing.", e->owner, pw ? "not a user who may own a task" : "no such user");
        e->uid = pw->pw_uid;
        e->gid = pw->pw_gid;
        r = journal_connect();
        if (r < 0)
                return log_error_errno(r, "Cannot connect to the journal at " JOURNAL_SOCKET ": %m; refusing, the "
                                       "task's connections would go unrecorded.");
        r = relay_identity_become(e->uid, e->gid, relay_uid, relay_gid);
        if (r < 0)
                return log_error_errno(r, "Cannot drop privileges: %m; refusing.");
        return 0;
}

static int on_listen(sd_event_source *s, int fd, uint32_t revents, void *userdata) {
        Egress *e = userdata;
        int r = egress_accept(e);

        if (r < 0)
                log_warning_errno(r, "accept: %m");
        return 0;
}

static int on_status(sd_event_source *s, uint64_t usec, void *userdata) {
        Egress *e = userdata;

        (void) sd_notifyf(false, "STATUS=%" PRIu64 " connections, %" PRIu64 " refused, %u open", e->total, e->refused,
                          e->n_conns);
        (void) sd_event_source_set_time_relative(s, 5 * 1000000);
        (void) sd_event_source_set_enabled(s, SD_EVENT_ON);
        return 0;
}

int main(int argc, char *argv[]) {
        _cleanup_free_ char *owner = NULL, *task = NULL;
        Egress e = { .listen_fd = SD_LISTEN_FDS_START };
        const char *why = NULL;
        int r;

        if (argc != 3) {
                fprintf(stderr, "Usage: %s PROFILE USER:TASK\n\nThe egress proxy of ccsbx-PROFILE-egress@.service; "
                        "not meant to be run by hand. See ccsbx-egress(8).\n", program_invocation_short_name);
                return argc == 2 && strcmp(argv[1], "--help") == 0 ? 0 : 2;
        }
        e.profile = argv[1];
        if (!profile_name_is_valid(e.profile)) {
                log_error("\"%s\" is not a valid profile name; refusing.", e.profile);
                return 1;
        }
        if (instance_parse(argv[2], &owner, &task, &why) < 0) {
                log_error("Instance \"%s\": %s; refusing.", argv[2], why);
                return 1;
        }
        e.owner = owner;
        e.task = task;
        if (sd_listen_fds(true) != 1 || sd_is_socket(e.listen_fd, AF_INET, SOCK_STREAM, 1) <= 0) {
                log_error("Expected one listening TCP socket from systemd (ccsbx-PROFILE-egress@.socket); refusing.");
                return 1;
        }
        /* accept() in a loop until EAGAIN: systemd passes the socket blocking. */
        if (fcntl(e.listen_fd, F_SETFL, fcntl(e.listen_fd, F_GETFL) | O_NONBLOCK) < 0) {
                log_error_errno(errno, "Cannot make the listening socket non-blocking: %m");
                return 1;
        }
        signal(SIGPIPE, SIG_IGN);
        if (load_profile(&e) < 0 || load_local_addresses(&e) < 0 || become_relay(&e) < 0)
                return 1;

        r = sd_event_default(&e.event);
        if (r >= 0)
                r = sd_event_add_io(e.event, NULL, e.listen_fd, EPOLLIN, on_listen, &e);
        if (r >= 0)
                r = sd_event_add_time_relative(e.event, NULL, CLOCK_MONOTONIC, 5 * 1000000, 1000000, on_status, &e);
        if (r >= 0)
                r = sd_event_set_signal_exit(e.event, true);
        if (r < 0) {
                log_error_errno(r, "Cannot set up the event loop: %m");
                return 1;
        }
        (void) sd_notifyf(false, "READY=1\nSTATUS=Proxy for %s:%s, %zu host rules, %zu address ranges", e.owner, e.task,
                          e.n_hosts, e.n_ranges);
        r = sd_event_loop(e.event);
        egress_close_all(&e);
        return r < 0 ? 1 : 0;
}
