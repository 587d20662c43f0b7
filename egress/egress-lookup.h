/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <netdb.h>

#include "host-name.h"

/* One getaddrinfo() in a thread of its own: glibc has no resolver that an event loop can wait on,
 * and one slow name must not hold up the task's other connections. The thread and the connection
 * each hold a reference; the connection may go away first (then the thread's answer is dropped). */
struct Lookup {
        int refs;
        int notify_fd; /* the thread writes a byte here when done, then closes it */
        char name[HOST_TEXT_MAX + 1];
        struct addrinfo *result;
        int error; /* getaddrinfo()'s EAI_*, 0 on success */
};

/* Starts the thread; *ret_fd becomes readable when the answer is in. */
int lookup_start(const char *name, struct Lookup **ret, int *ret_fd);
void lookup_unref(struct Lookup *l);
