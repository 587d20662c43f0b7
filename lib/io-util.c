/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "cleanup.h"
#include "io-util.h"

int loop_write(int fd, const void *buf, size_t size) {
        const char *p = buf;

        while (size > 0) {
                ssize_t k = write(fd, p, size);
                if (k < 0) {
                        if (errno == EINTR)
                                continue;
                        return negative_errno();
                }
                if (k == 0)
                        return -EIO;
                p += k;
                size -= (size_t) k;
        }
        return 0;
}

int read_full_fd(int fd, size_t size_hint, size_t max, char **ret, size_t *ret_size) {
        _cleanup_free_ char *buf = NULL;
        size_t n = 0;

        if (size_hint > max)
                return -EFBIG;
        buf = malloc(size_hint + 1);
        if (!buf)
                return -ENOMEM;
        while (n < size_hint) {
                ssize_t k = read(fd, buf + n, size_hint - n);
                if (k < 0) {
                        if (errno == EINTR)
                                continue;
                        return negative_errno();
                }
                if (k == 0)
                        break;
                n += (size_t) k;
        }
        buf[n] = '\0';
        *ret = TAKE_PTR(buf);
        *ret_size = n;
        return 0;
}

int copy_fd(int from, int to) {
        char buf[65536];
        ssize_t k;

        for (;;) {
                k = read(from, buf, sizeof buf);
                if (k < 0 && errno == EINTR)
                        continue;
                if (k <= 0)
                        break;
                int r = loop_write(to, buf, (size_t) k);
                if (r < 0)
                        return r;
        }
        return k < 0 ? negative_errno() : 0;
}
