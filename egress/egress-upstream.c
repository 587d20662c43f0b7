/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* The upstream side of a connection: which addresses of an allowed name may be used, the connect,
 * the answer to the agent, and the splice(2) pump once the tunnel stands. */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "egress-conn.h"
#include "egress-lookup.h"

#define PIPE_CHUNK (64U * 1024U)

static void address_text(const struct sockaddr *sa, char *buf, size_t size) {
        const void *a = sa->sa_family == AF_INET ? (const void *) &((const struct sockaddr_in *) sa)->sin_addr
                                                 : (const void *) &((const struct sockaddr_in6 *) sa)->sin6_addr;
        if (!inet_ntop(sa->sa_family, a, buf, (socklen_t) size))
                snprintf(buf, size, "?");
}

static bool same_address(const struct sockaddr *a, const struct sockaddr_storage *b) {
        if (a->sa_family != b->ss_family)
                return false;
        if (a->sa_family == AF_INET)
                return memcmp(&((const struct sockaddr_in *) a)->sin_addr, &((const struct sockaddr_in *) b)->sin_addr, 4) == 0;
        return memcmp(&((const struct sockaddr_in6 *) a)->sin6_addr, &((const struct sockaddr_in6 *) b)->sin6_addr, 16) == 0;
}

/* NULL if the agent may reach sa, else why not ("loopback", "this host's own address"). An
 * address that network.allow_addresses lists is always allowed; otherwise only public addresses
 * that are not the host's own. */
static const char *address_refusal(const Egress *e, const struct sockaddr *sa, const char **ret_rule) {
        AddressClass k;

        for (size_t i = 0; i < e->n_ranges; i++)
                if (address_range_contains(&e->ranges[i], sa)) {
                        *ret_rule = e->ranges_text[i];
                        return NULL;
                }
        k = address_classify(sa);
        if (k != ADDRESS_PUBLIC)
                return address_class_to_string(k) ?: "not an Internet address";
        for (size_t i = 0; i < e->n_local; i++)
                if (same_address(sa, &e->local[i]))
                        return "this host's own address";
        return NULL;
}

static void conn_connect(Conn *c, const struct sockaddr *sa, socklen_t len) {
        union {
                struct sockaddr sa;
                struct sockaddr_in in;
                struct sockaddr_in6 in6;
        } to = {};

        memcpy(&to, sa, len < sizeof to ? len : sizeof to);
        if (sa->sa_family == AF_INET)
                to.in.sin_port = htons(c->req.port);
        else
                to.in6.sin6_port = htons(c->req.port);
        address_text(sa, c->address, sizeof c->address);

        c->upstream = socket(sa->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
        if (c->upstream < 0) {
                conn_end(c, "failed", 502, "cannot make a socket: %s", strerror(errno));
                return;
        }
        c->state = CONN_CONNECTING;
        if (connect(c->upstream, &to.sa, len) < 0 && errno != EINPROGRESS) {
                c->connect_error = errno;
                conn_connected(c);
                return;
        }
        if (conn_watch_upstream(c) < 0)
                conn_end(c, "failed", 503, "out of event sources");
}

/* The agent named an address: it must be listed, whatever its class. */
void conn_address_literal(Conn *c) {
        struct sockaddr_storage ss = {};
        socklen_t len;

        if (c->req.host.kind == HOST_IPV4) {
                struct sockaddr_in *in = (struct sockaddr_in *) &ss;
                in->sin_family = AF_INET;
                memcpy(&in->sin_addr, c->req.host.addr, 4);
                len = sizeof *in;
        } else {
                struct sockaddr_in6 *in6 = (struct sockaddr_in6 *) &ss;
                in6->sin6_family = AF_INET6;
                memcpy(&in6->sin6_addr, c->req.host.addr, 16);
                len = sizeof *in6;
        }
        for (size_t i = 0; i < c->e->n_ranges; i++)
                if (address_range_contains(&c->e->ranges[i], (struct sockaddr *) &ss)) {
                        c->rule = c->e->ranges_text[i];
                        (void) sd_event_source_set_enabled(c->client_io, SD_EVENT_OFF);
                        if (conn_set_timer(c, EGRESS_CONNECT_TIMEOUT_USEC) < 0) {
                                conn_end(c, "failed", 503, "out of timers");
                                return;
                        }
                        conn_connect(c, (struct sockaddr *) &ss, len);
                        return;
                }
        conn_end(c, "refused", 403, "the address %s is not in network.allow_addresses of profile %s (a name in "
                 "network.allow_hosts does not allow its addresses)", c->req.host.text, c->e->profile);
}

/* Try the next address of the answer that the agent may reach. */
static void conn_try_next(Conn *c) {
        const char *why = NULL, *rule = NULL;
        char text[INET6_ADDRSTRLEN];

        for (struct addrinfo *ai = c->next_ai; ai; ai = ai->ai_next)
                if ((ai->ai_family == AF_INET || ai->ai_family == AF_INET6) && !address_refusal(c->e, ai->ai_addr, &rule)) {
                        c->next_ai = ai->ai_next;
                        conn_connect(c, ai->ai_addr, ai->ai_addrlen);
                        return;
                }
        if (c->connect_error) {
                conn_end(c, "failed", 502, "cannot connect to %s:%u (%s): %s", c->req.host.text, c->req.port, c->address,
                         strerror(c->connect_error));
                return;
        }
        /* Nothing the agent may reach: say why of the first address. */
        for (struct addrinfo *ai = c->lookup->result; ai; ai = ai->ai_next)
                if ((ai->ai_family == AF_INET || ai->ai_family == AF_INET6) && (why = address_refusal(c->e, ai->ai_addr, &rule))) {
                        address_text(ai->ai_addr, text, sizeof text);
                        conn_end(c, "refused", 403, "%s resolves to %s (%s), which network.allow_addresses of profile %s "
                                 "does not list", c->req.host.text, text, why, c->e->profile);
                        return;
                }
        conn_end(c, "failed", 502, "%s has no address", c->req.host.text);
}

void conn_lookup_done(Conn *c) {
        if (c->lookup->error != 0) {
                conn_end(c, "failed", 502, "cannot resolve %s: %s", c->req.host.text, gai_strerror(c->lookup->error));
                return;
        }
        c->next_ai = c->lookup->result;
        conn_try_next(c);
}

void conn_connected(Conn *c) {
        static const char established[] = "HTTP/1.1 200 Connection established\r\n\r\n";
        socklen_t len = sizeof c->connect_error;

        if (!c->connect_error && getsockopt(c->upstream, SOL_SOCKET, SO_ERROR, &c->connect_error, &len) < 0)
                c->connect_error = errno;
        if (c->connect_error) {
                c->upstream_io = sd_event_source_disable_unref(c->upstream_io);
                c->upstream = safe_close(c->upstream);
                if (c->lookup)
                        conn_try_next(c);
                else
                        conn_end(c, "failed", 502, "cannot connect to %s:%u: %s", c->req.host.text, c->req.port,
                                 strerror(c->connect_error));
                return;
        }
        c->verdict = "allowed";
        if (!c->req.connect) {
                conn_splice_start(c);
                return;
        }
        if (send(c->client, established, sizeof established - 1, MSG_DONTWAIT | MSG_NOSIGNAL) !=
            (ssize_t) sizeof established - 1) {
                conn_end(c, NULL, 0, "client went away");
                return;
        }
        /* An address the profile lists by number has no name to compare a ClientHello with. */
        if (c->req.port != 443 || c->req.host.kind != HOST_NAME) {
                conn_splice_start(c);
                return;
        }
        /* Port 443: the server name in the ClientHello, before a byte goes upstream. The head's
         * leftover bytes are its start. */
        c->state = CONN_HELLO;
        (void) sd_event_source_set_enabled(c->upstream_io, SD_EVENT_OFF);
        if (conn_set_timer(c, EGRESS_HEAD_TIMEOUT_USEC) < 0 ||
            sd_event_source_set_enabled(c->client_io, SD_EVENT_ON) < 0) {
                conn_end(c, "failed", TLS_ALERT, "out of event sources");
                return;
        }
        /* A ClientHello that came with the CONNECT is complete already: epoll would not say so. */
        if (c->n > 0)
                (void) sd_event_source_set_io_events(c->client_io, EPOLLIN);
}

/* What the client sent with its head (the body's start, the ClientHello) goes upstream first,
 * before splice takes over; and for an absolute-form request, the rewritten head before that. */
void conn_splice_start(Conn *c) {
        if (!c->req.connect && c->req.upstream_head) {
                char *b = malloc(c->req.upstream_head_len + c->n);
                if (!b) {
                        conn_end(c, "failed", 503, "out of memory");
                        return;
                }
                memcpy(b, c->req.upstream_head, c->req.upstream_head_len);
                if (c->n)
                        memcpy(b + c->req.upstream_head_len, c->buf, c->n);
                free(c->buf);
                c->buf = b;
                c->n += c->req.upstream_head_len;
        }
        c->out = 0;
        if (pipe2(c->up.pipe, O_CLOEXEC | O_NONBLOCK) < 0 || pipe2(c->down.pipe, O_CLOEXEC | O_NONBLOCK) < 0) {
                conn_end(c, "failed", c->req.connect ? 0 : 503, "cannot make a pipe: %s", strerror(errno));
                return;
        }
        c->state = CONN_SPLICE;
        c->up.bytes = c->n; /* counted now, sent by conn_pump() */
        if (conn_set_timer(c, EGRESS_IDLE_TIMEOUT_USEC) < 0) {
                conn_end(c, "failed", c->req.connect ? 0 : 503, "out of timers");
                return;
        }
        (void) sd_event_source_set_enabled(c->client_io, SD_EVENT_ON);
        (void) sd_event_source_set_enabled(c->upstream_io, SD_EVENT_ON);
        conn_pump(c);
}

/* From src through d's pipe to dst, until one of them would block. Returns 1 if bytes moved, 0 if
 * not, a negative errno on a failure of either socket. */
static int dir_move(Dir *d, int src, int dst) {
        int moved = 0;

        for (;;) {
                ssize_t k;

                if (d->pending > 0) {
                        k = splice(d->pipe[0], NULL, dst, NULL, d->pending, SPLICE_F_NONBLOCK | SPLICE_F_MOVE);
                        if (k < 0)
                                return errno == EAGAIN ? moved : -errno;
                        d->pending -= (size_t) k;
                        d->bytes += (uint64_t) k;
                        moved = 1;
                        continue;
                }
                if (d->eof) {
                        if (!d->shut) {
                                (void) shutdown(dst, SHUT_WR);
                                d->shut = true;
                        }
                        return moved;
                }
                k = splice(src, NULL, d->pipe[1], NULL, PIPE_CHUNK, SPLICE_F_NONBLOCK | SPLICE_F_MOVE);
                if (k < 0)
                        return errno == EAGAIN ? moved : -errno;
                if (k == 0)
                        d->eof = true;
                d->pending += (size_t) k;
                moved = 1;
        }
}

/* What to wait for on a socket: input while its direction has not ended and its pipe is empty
 * (dir_move() stops reading only when the pipe is full), output while the other direction's pipe
 * holds bytes for it. */
static uint32_t events_for(const Dir *in, const Dir *out) {
        return (in->eof || in->pending > 0 ? 0 : EPOLLIN) | (out->pending > 0 ? EPOLLOUT : 0);
}

void conn_pump(Conn *c) {
        int r1, r2;

        /* First the bytes held in buf, with a plain send(). */
        while (c->out < c->n) {
                ssize_t k = send(c->upstream, c->buf + c->out, c->n - c->out, MSG_DONTWAIT | MSG_NOSIGNAL);
                if (k < 0) {
                        if (errno != EAGAIN) {
                                conn_end(c, NULL, 0, "upstream: %s", strerror(errno));
                                return;
                        }
                        break;
                }
                c->out += (size_t) k;
        }
        if (c->out < c->n) {
                /* Nothing else moves until they are out. */
                (void) sd_event_source_set_io_events(c->upstream_io, EPOLLOUT);
                (void) sd_event_source_set_io_events(c->client_io, 0);
                return;
        }

        r1 = dir_move(&c->up, c->client, c->upstream);
        r2 = dir_move(&c->down, c->upstream, c->client);
        if (r1 < 0 || r2 < 0) {
                /* A reset from either side ends both: nothing more can be delivered. */
                if (!c->reason &&
                    asprintf(&c->reason, "%s: %s", r1 < 0 ? "client" : "upstream", strerror(-(r1 < 0 ? r1 : r2))) < 0)
                        c->reason = NULL;
                conn_close(c);
                return;
        }
        if (r1 > 0 || r2 > 0) {
                struct timespec ts;
                clock_gettime(CLOCK_MONOTONIC, &ts);
                c->last_activity = (uint64_t) ts.tv_sec * 1000000 + (uint64_t) ts.tv_nsec / 1000;
        }
        if (c->up.shut && c->down.shut) {
                conn_close(c);
                return;
        }
        (void) sd_event_source_set_io_events(c->client_io, events_for(&c->up, &c->down));
        (void) sd_event_source_set_io_events(c->upstream_io, events_for(&c->down, &c->up));
}
