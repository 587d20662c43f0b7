/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* One connection of the agent through the proxy, from accept() to its journal entry:
 *
 *   HEAD        read the request head (http-request.c), at most HTTP_HEAD_MAX bytes within
 *               EGRESS_HEAD_TIMEOUT_USEC; decide on the NAME and port, before anything is resolved
 *   RESOLVING   getaddrinfo() in a thread of its own (egress-lookup.c); keep only the addresses
 *               that are public and not the host's own, or that network.allow_addresses lists
 *   CONNECTING  to those, in the resolver's order
 *   HELLO       CONNECT to port 443 only: "200" sent, now the TLS ClientHello, whose server name
 *               must be the CONNECT name (no fronting: one allowed name cannot carry another)
 *   SPLICE      bytes move both ways with splice(2), through a pipe per direction, until both
 *               sides are done or nothing moves for EGRESS_IDLE_TIMEOUT_USEC
 *
 * A refusal before SPLICE is an HTTP status with a body that says which rule refused and why (in
 * HELLO, where "200" is already sent, a TLS access_denied alert); every connection ends in one
 * journal entry, in the owner's journal. Everything the agent sends is hostile input. */

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "egress-conn.h"
#include "egress-lookup.h"
#include "http-request.h"
#include "tls-hello.h"

static uint64_t now_usec(void) {
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t) ts.tv_sec * 1000000 + (uint64_t) ts.tv_nsec / 1000;
}

static void waiting_remove(Egress *e, Conn *c) {
        if (!c->waiting)
                return;
        if (c->wait_prev)
                c->wait_prev->wait_next = c->wait_next;
        else
                e->waiting_first = c->wait_next;
        if (c->wait_next)
                c->wait_next->wait_prev = c->wait_prev;
        else
                e->waiting_last = c->wait_prev;
        c->wait_prev = c->wait_next = NULL;
        c->waiting = false;
}

static void dir_close(Dir *d) {
        d->pipe[0] = safe_close(d->pipe[0]);
        d->pipe[1] = safe_close(d->pipe[1]);
}

void conn_close(Conn *c) {
        Egress *e = c->e;

        conn_journal(c);
        waiting_remove(e, c);
        if (c->prev)
                c->prev->next = c->next;
        else
                e->conns = c->next;
        if (c->next)
                c->next->prev = c->prev;
        sd_event_source_disable_unref(c->lookup_io);
        lookup_unref(c->lookup);
        sd_event_source_disable_unref(c->client_io);
        sd_event_source_disable_unref(c->upstream_io);
        sd_event_source_disable_unref(c->timer);
        safe_close(c->client);
        safe_close(c->upstream);
        dir_close(&c->up);
        dir_close(&c->down);
        http_request_done(&c->req);
        free(c->buf);
        free(c->reason);
        e->n_conns--;
        if (c->lookup_running) {
                e->n_lookups--;
                free(c);
                egress_lookup_next(e);
                return;
        }
        free(c);
}

/* Ends the connection: a refusal (status > 0: an HTTP answer; TLS_ALERT: an alert record) is sent
 * first, best effort; it is small and the socket's buffer empty, so one send() does it. */
void conn_end(Conn *c, const char *verdict, int status, const char *fmt, ...) {
        if (fmt && !c->reason) {
                va_list ap;
                va_start(ap, fmt);
                if (vasprintf(&c->reason, fmt, ap) < 0)
                        c->reason = NULL;
                va_end(ap);
        }
        if (verdict)
                c->verdict = verdict;
        if (status == TLS_ALERT) {
                /* alert record: fatal (2), access_denied (49) */
                static const unsigned char alert[] = { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x31 };
                (void) !send(c->client, alert, sizeof alert, MSG_DONTWAIT | MSG_NOSIGNAL);
        } else if (status > 0) {
                _cleanup_free_ char *body = NULL, *msg = NULL;
                int n;

                if (asprintf(&body, "ccsbx-egress: %s %s:%u %s: %s\n", c->req.method[0] ? c->req.method : "request",
                             c->req.host.text[0] ? c->req.host.text : "-", c->req.port, c->verdict,
                             c->reason ?: "-") >= 0 &&
                    (n = asprintf(&msg,
                                  "HTTP/1.1 %d %s\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: %zu\r\n"
                                  "Connection: close\r\n\r\n%s",
                                  status, http_status_text(status), strlen(body), body)) >= 0)
                        (void) !send(c->client, msg, (size_t) n, MSG_DONTWAIT | MSG_NOSIGNAL);
                /* What the client sent and we did not read (a head too big, a body) would make the
                 * close a reset, which may destroy the answer before the client reads it. */
                (void) shutdown(c->client, SHUT_WR);
                for (int i = 0; i < 16; i++) {
                        char scratch[4096];
                        if (recv(c->client, scratch, sizeof scratch, MSG_DONTWAIT) <= 0)
                                break;
                }
        }
        conn_close(c);
}

const char *http_status_text(int status) {
        switch (status) {
        case 400: return "Bad Request";
        case 403: return "Forbidden";
        case 405: return "Method Not Allowed";
        case 408: return "Request Timeout";
        case 414: return "URI Too Long";
        case 431: return "Request Header Fields Too Large";
        case 501: return "Not Implemented";
        case 502: return "Bad Gateway";
        case 503: return "Service Unavailable";
        case 504: return "Gateway Timeout";
        case 505: return "HTTP Version Not Supported";
        default: return "Error";
        }
}

static int on_timer(sd_event_source *s, uint64_t usec, void *userdata) {
        Conn *c = userdata;

        switch (c->state) {
        case CONN_HEAD:
                conn_end(c, "refused", 408, "no complete request head within %llu s",
                         EGRESS_HEAD_TIMEOUT_USEC / 1000000);
                break;
        case CONN_HELLO:
                conn_end(c, "refused", TLS_ALERT, "no TLS ClientHello within %llu s", EGRESS_HEAD_TIMEOUT_USEC / 1000000);
                break;
        case CONN_RESOLVING:
        case CONN_CONNECTING:
                conn_end(c, "failed", 504, "%s:%u did not answer within %llu s", c->req.host.text, c->req.port,
                         EGRESS_CONNECT_TIMEOUT_USEC / 1000000);
                break;
        case CONN_SPLICE:
                if (usec < c->last_activity + EGRESS_IDLE_TIMEOUT_USEC) {
                        (void) sd_event_source_set_time(s, c->last_activity + EGRESS_IDLE_TIMEOUT_USEC);
                        (void) sd_event_source_set_enabled(s, SD_EVENT_ONESHOT);
                        return 0;
                }
                if (!c->reason && asprintf(&c->reason, "idle for %llu s", EGRESS_IDLE_TIMEOUT_USEC / 1000000) < 0)
                        c->reason = NULL;
                conn_close(c);
                break;
        }
        return 0;
}

int conn_set_timer(Conn *c, uint64_t usec) {
        if (!c->timer)
                return sd_event_add_time(c->e->event, &c->timer, CLOCK_MONOTONIC, now_usec() + usec, 250000, on_timer, c);
        if (sd_event_source_set_time(c->timer, now_usec() + usec) < 0)
                return -EIO;
        return sd_event_source_set_enabled(c->timer, SD_EVENT_ONESHOT);
}

static int on_client(sd_event_source *s, int fd, uint32_t revents, void *userdata);
static int on_upstream(sd_event_source *s, int fd, uint32_t revents, void *userdata);

/* Bytes of the client that arrived after what was parsed: the start of the tunnel or the body,
 * kept in buf and sent upstream before splicing starts. */
static void buf_consume(Conn *c, size_t n) {
        memmove(c->buf, c->buf + n, c->n - n);
        c->n -= n;
}

static int read_some(Conn *c, size_t max) {
        ssize_t k;

        if (c->n >= max)
                return -E2BIG;
        if (!c->buf) {
                c->buf = malloc(max);
                if (!c->buf)
                        return -ENOMEM;
        }
        k = recv(c->client, c->buf + c->n, max - c->n, MSG_DONTWAIT);
        if (k < 0)
                return errno == EAGAIN || errno == EINTR ? 0 : -errno;
        if (k == 0)
                return -ECONNRESET;
        c->n += (size_t) k;
        return 1;
}

/* HEAD: the request, then the verdict on the name. */
static void conn_head(Conn *c) {
        Egress *e = c->e;
        const char *why = NULL;
        int r;

        r = read_some(c, HTTP_HEAD_MAX);
        if (r == 0)
                return;
        if (r < 0 && r != -E2BIG) {
                conn_end(c, "failed", 0, "client closed before a complete request head");
                return;
        }
        r = http_request_parse(c->buf, c->n, &c->req, &why);
        if (r == 0)
                return;
        if (r < 0) {
                conn_end(c, "refused", c->req.status ?: 400, "%s", why ?: "malformed request");
                return;
        }
        buf_consume(c, c->req.head_len);
        if (c->req.host.kind != HOST_NAME) {
                conn_address_literal(c);
                return;
        }
        r = host_rules_find(e->hosts, e->n_hosts, c->req.host.text, c->req.port);
        if (r < 0) {
                conn_end(c, "refused", 403, "%s:%u is not in network.allow_hosts of profile %s", c->req.host.text,
                         c->req.port, e->profile);
                return;
        }
        c->rule = e->hosts_text[r];
        c->state = CONN_RESOLVING;
        (void) sd_event_source_set_enabled(c->client_io, SD_EVENT_OFF);
        if (conn_set_timer(c, EGRESS_CONNECT_TIMEOUT_USEC) < 0) {
                conn_end(c, "failed", 503, "out of timers");
                return;
        }
        /* Wait for a resolver thread. */
        c->waiting = true;
        c->wait_prev = e->waiting_last;
        if (e->waiting_last)
                e->waiting_last->wait_next = c;
        else
                e->waiting_first = c;
        e->waiting_last = c;
        egress_lookup_next(e);
}

/* HELLO: the ClientHello's server name must be the CONNECT name. */
static void conn_hello(Conn *c) {
        Host sni;
        const char *why = NULL;
        int r;

        r = read_some(c, TLS_HELLO_MAX);
        if (r == 0)
                return;
        if (r < 0 && r != -E2BIG) {
                conn_end(c, "failed", 0, "client closed before its TLS ClientHello");
                return;
        }
        r = tls_client_hello_sni((const uint8_t *) c->buf, c->n, &sni, &why);
        if (r == 0)
                return;
        if (r < 0) {
                conn_end(c, "refused", TLS_ALERT, "port 443 needs a TLS ClientHello: %s", why ?: "malformed");
                return;
        }
        snprintf(c->sni, sizeof c->sni, "%s", sni.text);
        if (!sni.text[0]) {
                conn_end(c, "refused", TLS_ALERT, "the TLS ClientHello names no server (no SNI); it must name %s",
                         c->req.host.text);
                return;
        }
        if (strcmp(sni.text, c->req.host.text) != 0) {
                conn_end(c, "refused", TLS_ALERT, "the TLS ClientHello names %s, not the CONNECT name %s", sni.text,
                         c->req.host.text);
                return;
        }
        conn_splice_start(c);
}

static int on_client(sd_event_source *s, int fd, uint32_t revents, void *userdata) {
        Conn *c = userdata;

        switch (c->state) {
        case CONN_HEAD:
                conn_head(c);
                break;
        case CONN_HELLO:
                conn_hello(c);
                break;
        case CONN_SPLICE:
                conn_pump(c);
                break;
        default:
                /* Resolving or connecting: the client went away, or sent more than its head. Peek:
                 * end only on a close, leave the rest for later. */
                if (revents & (EPOLLHUP | EPOLLERR))
                        conn_end(c, "failed", 0, "client closed before the connection was made");
                else
                        (void) sd_event_source_set_enabled(s, SD_EVENT_OFF);
                break;
        }
        return 0;
}

static int on_upstream(sd_event_source *s, int fd, uint32_t revents, void *userdata) {
        Conn *c = userdata;

        if (c->state == CONN_CONNECTING)
                conn_connected(c);
        else if (c->state == CONN_SPLICE)
                conn_pump(c);
        return 0;
}

int conn_watch_upstream(Conn *c) {
        return sd_event_add_io(c->e->event, &c->upstream_io, c->upstream, EPOLLOUT, on_upstream, c);
}

static int set_nonblock(int fd) {
        int fl = fcntl(fd, F_GETFL);
        return fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0 ? -errno : 0;
}

/* The listening socket is readable: take every waiting connection. Past the limit, each extra one
 * gets a 503 and its journal entry. */
int egress_accept(Egress *e) {
        for (;;) {
                _cleanup_close_ int fd = accept4(e->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
                Conn *c;

                if (fd < 0)
                        return errno == EAGAIN || errno == EINTR || errno == ECONNABORTED ? 0 : -errno;
                c = calloc(1, sizeof *c);
                if (!c)
                        return -ENOMEM;
                *c = (Conn) { .e = e, .client = TAKE_FD(fd), .upstream = -EBADF, .state = CONN_HEAD,
                              .up.pipe = { -EBADF, -EBADF }, .down.pipe = { -EBADF, -EBADF }, .verdict = "failed",
                              .start = now_usec() };
                c->last_activity = c->start;
                c->next = e->conns;
                if (e->conns)
                        e->conns->prev = c;
                e->conns = c;
                e->n_conns++;
                e->total++;
                (void) set_nonblock(c->client);
                if (e->n_conns > CCSBX_EGRESS_CONNECTIONS_MAX) {
                        conn_end(c, "refused", 503, "more than %u connections at once", CCSBX_EGRESS_CONNECTIONS_MAX);
                        continue;
                }
                if (sd_event_add_io(e->event, &c->client_io, c->client, EPOLLIN, on_client, c) < 0 ||
                    conn_set_timer(c, EGRESS_HEAD_TIMEOUT_USEC) < 0) {
                        conn_end(c, "failed", 503, "out of event sources");
                        continue;
                }
        }
}

/* Stopping (the task ended): every connection still open gets its entry too. */
void egress_close_all(Egress *e) {
        while (e->conns) {
                Conn *c = e->conns;

                if (!c->reason && asprintf(&c->reason, "the proxy stopped (the task ended)") < 0)
                        c->reason = NULL;
                conn_close(c);
        }
}
