/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "egress-conn.h"
#include "egress-lookup.h"

void lookup_unref(Lookup *l) {
        if (!l || __atomic_sub_fetch(&l->refs, 1, __ATOMIC_ACQ_REL) > 0)
                return;
        if (l->result)
                freeaddrinfo(l->result);
        safe_close(l->notify_fd);
        free(l);
}

static void *lookup_thread(void *arg) {
        Lookup *l = arg;
        const struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_protocol = IPPROTO_TCP };

        l->error = getaddrinfo(l->name, NULL, &hints, &l->result);
        /* The write end: if the connection has gone, the read end is closed and this fails with
         * EPIPE (SIGPIPE is ignored in this process). */
        (void) !write(l->notify_fd, "", 1);
        l->notify_fd = safe_close(l->notify_fd);
        lookup_unref(l);
        return NULL;
}

int lookup_start(const char *name, Lookup **ret, int *ret_fd) {
        _cleanup_free_ Lookup *l = calloc(1, sizeof *l);
        pthread_attr_t attr;
        pthread_t t;
        int p[2], r;

        if (!l)
                return -ENOMEM;
        if (pipe2(p, O_CLOEXEC | O_NONBLOCK) < 0)
                return -errno;
        snprintf(l->name, sizeof l->name, "%s", name);
        l->notify_fd = p[1];
        l->refs = 2;
        if (pthread_attr_init(&attr) != 0) {
                close(p[0]);
                close(p[1]);
                return -ENOMEM;
        }
        (void) pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        (void) pthread_attr_setstacksize(&attr, 256 * 1024);
        r = pthread_create(&t, &attr, lookup_thread, l);
        pthread_attr_destroy(&attr);
        if (r != 0) {
                close(p[0]);
                close(p[1]);
                return -r;
        }
        *ret = TAKE_PTR(l);
        *ret_fd = p[0];
        return 0;
}

static int on_lookup(sd_event_source *s, int fd, uint32_t revents, void *userdata) {
        Conn *c = userdata;

        Egress *e = c->e;

        c->lookup_io = sd_event_source_disable_unref(c->lookup_io);
        c->lookup_running = false;
        e->n_lookups--;
        conn_lookup_done(c);
        egress_lookup_next(e);
        return 0;
}

/* Hand waiting connections to resolver threads, as many as may run at once. */
void egress_lookup_next(Egress *e) {
        while (e->waiting_first && e->n_lookups < EGRESS_LOOKUPS_MAX) {
                Conn *c = e->waiting_first;
                int fd = -EBADF, r;

                e->waiting_first = c->wait_next;
                if (e->waiting_first)
                        e->waiting_first->wait_prev = NULL;
                else
                        e->waiting_last = NULL;
                c->wait_next = c->wait_prev = NULL;
                c->waiting = false;

                r = lookup_start(c->req.host.text, &c->lookup, &fd);
                if (r >= 0) {
                        e->n_lookups++;
                        c->lookup_running = true;
                        r = sd_event_add_io(e->event, &c->lookup_io, fd, EPOLLIN, on_lookup, c);
                        if (r >= 0)
                                (void) sd_event_source_set_io_fd_own(c->lookup_io, true);
                        else
                                safe_close(fd);
                }
                if (r < 0)
                        conn_end(c, "failed", 503, "cannot start a name lookup: %s", strerror(-r));
        }
}
