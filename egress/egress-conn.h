/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <netdb.h>
#include <stdarg.h>

#include "egress.h"
#include "http-request.h"
#include "paths.h"

typedef enum ConnState {
        CONN_HEAD,
        CONN_RESOLVING,
        CONN_CONNECTING,
        CONN_HELLO,
        CONN_SPLICE,
} ConnState;

/* One direction of the tunnel: from a socket into the pipe, from the pipe into the other socket. */
typedef struct Dir {
        int pipe[2];
        size_t pending; /* bytes in the pipe */
        bool eof;       /* the source said it is done */
        bool shut;      /* and we passed that on with shutdown(SHUT_WR) */
        uint64_t bytes;
} Dir;

typedef struct Lookup Lookup;

struct Conn {
        Egress *e;
        Conn *prev, *next; /* in e->conns */
        ConnState state;
        int client, upstream;
        sd_event_source *client_io, *upstream_io, *timer, *lookup_io;
        uint64_t start, last_activity;

        /* The head and then the ClientHello as they arrive; what is left of it after parsing goes
         * upstream first (out: how much of it has). */
        char *buf;
        size_t n, out;
        HttpRequest req;

        /* Waiting for a resolver thread, then its answer and the addresses still to try. */
        bool waiting;
        Conn *wait_prev, *wait_next;
        Lookup *lookup;
        bool lookup_running; /* its thread holds one of EGRESS_LOOKUPS_MAX */
        struct addrinfo *next_ai;
        int connect_error;

        Dir up, down; /* client → upstream, upstream → client */

        /* For the journal entry. */
        const char *verdict; /* "allowed"; "refused" (a rule or a limit said no); "failed" (no verdict
                              * was needed or it did not work: the client went away, the upstream
                              * did not answer) */
        const char *rule;    /* the profile's entry that allowed it */
        char *reason;
        char sni[HOST_TEXT_MAX + 1];
        char address[INET6_ADDRSTRLEN + 8];
};

/* conn_end()'s status for an answer in TLS: the "200" was sent already. */
#define TLS_ALERT (-1)

/* egress-conn.c */
/* Ends the connection as it stands: its journal entry, and everything freed. */
void conn_close(Conn *c);
void conn_end(Conn *c, const char *verdict, int status, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
int conn_set_timer(Conn *c, uint64_t usec);
int conn_watch_upstream(Conn *c);
const char *http_status_text(int status);

/* egress-upstream.c */
void conn_address_literal(Conn *c);
void conn_lookup_done(Conn *c);
void conn_connected(Conn *c);
void conn_splice_start(Conn *c);
void conn_pump(Conn *c);

/* egress-journal.c */
void conn_journal(Conn *c);
