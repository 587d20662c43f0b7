/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* ccsbx-egress PROFILE USER:TASK — the egress proxy of one task (ccsbx-egress(8)), started by
 * systemd through ccsbx-PROFILE-egress@USER:TASK.socket, whose one listening socket (fd 3) lives in
 * the sandbox's network namespace. As root: the profile (as the unit was generated from it), the
 * owner, the host's own addresses, the journal's socket; then the relay's identity (real uid
 * ccsbx-relay, effective uid the owner, no capability) for the rest of its life. */

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sys/ioctl.h>
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
        const char *why = NULL;
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
        /* As ccsbx-launch does: the rules must be those the units were made from. */
        r = profile_check_unit_hash(p, secure_getenv(CCSBX_PROFILE_HASH_ENV), &why);
        if (r == -ENOKEY || r == -ESTALE)
                return log_error("Profile %s (%s) %s; refusing.", p->name, p->path, why);
        if (r < 0)
                return log_error_errno(r, "Cannot hash profile %s: %m; refusing.", p->name);
        if (p->network_mode != NETWORK_PROXY)
                return log_error("Profile %s is not in network.mode = \"proxy\"; refusing.", p->name);
        return load_rules(e, p);
}

static int local_add(Egress *e, size_t *allocated, const struct sockaddr *sa, size_t len) {
        if (e->n_local == *allocated) {
                size_t n = *allocated ? *allocated * 2 : 16;
                struct sockaddr_storage *l = reallocarray(e->local, n, sizeof *l);
                if (!l)
                        return -ENOMEM;
                e->local = l;
                *allocated = n;
        }
        e->local[e->n_local] = (struct sockaddr_storage) {};
        memcpy(&e->local[e->n_local++], sa, len);
        return 0;
}

/* The addresses of this host, which a name must not lead to: IPv4 from SIOCGIFCONF, IPv6 from
 * /proc/net/if_inet6 (not getifaddrs(), which needs netlink sockets that the unit does not
 * allow). The host's network namespace: the proxy runs there. */
static int load_local_addresses(Egress *e) {
        _cleanup_close_ int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        _cleanup_fclose_ FILE *f = NULL;
        _cleanup_free_ struct ifreq *req = NULL;
        struct ifconf ifc = {};
        size_t allocated = 0;
        char hex[33];

        if (fd < 0)
                return log_error_errno(errno, "Cannot list this host's addresses: %m; refusing.");
        for (size_t n = 64;; n *= 2) {
                free(req);
                req = calloc(n, sizeof *req);
                if (!req)
                        return log_oom();
                ifc = (struct ifconf) { .ifc_len = (int) (n * sizeof *req), .ifc_req = req };
                if (ioctl(fd, SIOCGIFCONF, &ifc) < 0)
                        return log_error_errno(errno, "Cannot list this host's addresses: %m; refusing.");
                if ((size_t) ifc.ifc_len < n * sizeof *req)
                        break;
        }
        for (size_t i = 0; i < (size_t) ifc.ifc_len / sizeof *req; i++)
                if (req[i].ifr_addr.sa_family == AF_INET && local_add(e, &allocated, &req[i].ifr_addr, sizeof(struct sockaddr_in)) < 0)
                        return log_oom();

        f = fopen("/proc/net/if_inet6", "re");
        if (!f)
                return errno == ENOENT ? 0 : log_error_errno(errno, "Cannot read /proc/net/if_inet6: %m; refusing.");
        while (fscanf(f, "%32s %*s %*s %*s %*s %*s", hex) == 1) {
                struct sockaddr_in6 in6 = { .sin6_family = AF_INET6 };

                if (strlen(hex) != 32)
                        continue;
                for (size_t i = 0; i < 16; i++) {
                        unsigned v;
                        if (sscanf(hex + 2 * i, "%2x", &v) != 1)
                                break;
                        in6.sin6_addr.s6_addr[i] = (uint8_t) v;
                }
                if (local_add(e, &allocated, (struct sockaddr *) &in6, sizeof in6) < 0)
                        return log_oom();
        }
        return 0;
}

/* The task's summary file, in its layout (root's, made by prepare), opened while we are root. The
 * proxy starts at the agent's first connection, after prepare; without the layout there is no
 * summary, and nothing else changes. */
static void open_summary(Egress *e, const char *instance) {
        _cleanup_close_ int dir = -EBADF;
        _cleanup_free_ char *path = NULL;

        e->summary_fd = -EBADF;
        if (asprintf(&path, CCSBX_TASKS_DIR "/%s", instance) < 0)
                return;
        dir = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (dir >= 0)
                e->summary_fd = openat(dir, CCSBX_LAYOUT_EGRESS_SUMMARY, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
                                       0600);
        if (e->summary_fd < 0)
                log_warning_errno(errno, "Cannot write %s/" CCSBX_LAYOUT_EGRESS_SUMMARY " (%m): the task's status line "
                                  "will not count its connections.", path);
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
        if (load_profile(&e) < 0 || load_local_addresses(&e) < 0)
                return 1;
        open_summary(&e, argv[2]);
        if (become_relay(&e) < 0)
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
        (void) sd_notifyf(false, "READY=1\nSTATUS=Proxy for %s:%s, %zu host rules, %zu address ranges, %zu host addresses",
                          e.owner, e.task, e.n_hosts, e.n_ranges, e.n_local);
        r = sd_event_loop(e.event);
        egress_close_all(&e);
        return r < 0 ? 1 : 0;
}
