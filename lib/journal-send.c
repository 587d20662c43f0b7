/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "cleanup.h"
#include "journal-send.h"

static int journal_fd = -EBADF;

int journal_connect(void) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX, .sun_path = JOURNAL_SOCKET };
        int fd, sndbuf = (int) (2 * JOURNAL_ENTRY_MAX);

        if (journal_fd >= 0)
                return 0;
        fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
                return negative_errno();
        (void) setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
        if (connect(fd, (struct sockaddr *) &sa, sizeof sa) < 0) {
                int r = negative_errno();
                close(fd);
                return r;
        }
        journal_fd = fd;
        return 0;
}

size_t journal_encode(const struct iovec *iov, size_t n, char *buf, size_t size) {
        size_t used = 0;

        for (size_t i = 0; i < n; i++) {
                const char *item = iov[i].iov_base, *eq = memchr(item, '=', iov[i].iov_len);
                size_t klen, vlen, need;
                const char *v;

                if (!eq || eq == item)
                        continue; /* not FIELD=VALUE: journald would drop the whole entry */
                klen = (size_t) (eq - item);
                v = eq + 1;
                vlen = iov[i].iov_len - klen - 1;
                if (vlen > JOURNAL_VALUE_MAX)
                        vlen = JOURNAL_VALUE_MAX;
                if (!memchr(v, '\n', vlen)) {
                        need = klen + 1 + vlen + 1;
                        if (used + need > size)
                                break;
                        memcpy(buf + used, item, klen + 1 + vlen);
                        buf[used + klen + 1 + vlen] = '\n';
                } else {
                        /* "FIELD\n", the value's length as 64-bit little endian, the value, "\n". */
                        uint64_t le = 0;
                        need = klen + 1 + 8 + vlen + 1;
                        if (used + need > size)
                                break;
                        memcpy(buf + used, item, klen);
                        buf[used + klen] = '\n';
                        for (int b = 0; b < 8; b++)
                                ((unsigned char *) &le)[b] = (unsigned char) ((uint64_t) vlen >> (8 * b));
                        memcpy(buf + used + klen + 1, &le, 8);
                        memcpy(buf + used + klen + 9, v, vlen);
                        buf[used + klen + 9 + vlen] = '\n';
                }
                used += need;
        }
        return used;
}

int journal_sendv_as(const struct iovec *iov, size_t n, uid_t uid, gid_t gid) {
        /* One buffer for the process's life, not an allocation per entry (the relay sends one per
         * line of the agent). Single-threaded, and never called from a signal handler. */
        static char buf[JOURNAL_ENTRY_MAX];
        union {
                struct cmsghdr h;
                char space[CMSG_SPACE(sizeof(struct ucred))];
        } control = {};
        struct ucred uc = { .pid = getpid(), .uid = uid, .gid = gid };
        struct iovec out;
        struct msghdr mh = { .msg_iov = &out, .msg_iovlen = 1, .msg_control = &control,
                             .msg_controllen = sizeof control };
        size_t len;
        int r;

        r = journal_connect();
        if (r < 0)
                return r;
        len = journal_encode(iov, n, buf, sizeof buf);
        if (len == 0)
                return -EINVAL;
        out = (struct iovec) { .iov_base = buf, .iov_len = len };
        control.h.cmsg_level = SOL_SOCKET;
        control.h.cmsg_type = SCM_CREDENTIALS;
        control.h.cmsg_len = CMSG_LEN(sizeof uc);
        memcpy(CMSG_DATA(&control.h), &uc, sizeof uc);
        for (;;) {
                if (sendmsg(journal_fd, &mh, MSG_NOSIGNAL) >= 0)
                        return 0;
                if (errno != EINTR)
                        return negative_errno();
        }
}
