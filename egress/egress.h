/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* ccsbx-egress: the egress proxy of one task in network.mode = "proxy" (ccsbx-egress(8)). Its
 * listening socket lives in the sandbox's network namespace, the process in the host's; every
 * connection the agent makes to the outside comes through here. */

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <systemd/sd-event.h>

#include "egress-rules.h"

/* Limits of one task's proxy. */
#define EGRESS_HEAD_TIMEOUT_USEC (10ULL * 1000000)  /* request head, ClientHello: slow senders */
#define EGRESS_CONNECT_TIMEOUT_USEC (30ULL * 1000000)
#define EGRESS_IDLE_TIMEOUT_USEC (300ULL * 1000000) /* no byte either way */
#define EGRESS_LOOKUPS_MAX 32                       /* resolver threads at once; the rest wait */
#define EGRESS_HOSTS_COUNTED 1024

typedef struct Conn Conn;

typedef struct Egress {
        sd_event *event;
        const char *profile, *owner, *task;
        uid_t uid;
        gid_t gid;
        int listen_fd;

        /* The profile's lists, parsed once; the text of each rule for the journal. */
        HostRule *hosts;
        char **hosts_text;
        size_t n_hosts;
        AddressRange *ranges;
        char **ranges_text;
        size_t n_ranges;

        /* The host's own addresses (getifaddrs() at start): never reachable through a name. */
        struct sockaddr_storage *local;
        size_t n_local;

        Conn *conns;           /* every open connection, for their journal entries at exit */
        unsigned n_conns, n_lookups;
        Conn *waiting_first, *waiting_last; /* for a resolver thread */

        /* Totals for systemd's status line and the task's (CCSBX_LAYOUT_EGRESS_SUMMARY, written
         * through summary_fd, opened as root in the task's layout before the drop). */
        uint64_t total, refused;
        char **hosts_seen; /* distinct hosts asked for, at most EGRESS_HOSTS_COUNTED */
        int summary_fd;
} Egress;

/* egress-conn.c */
int egress_accept(Egress *e);
void egress_close_all(Egress *e);
/* egress-journal.c */
void egress_summary_update(Egress *e, const char *host, bool refused);
void egress_lookup_next(Egress *e);
