/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Scope-based cleanup, in the style of systemd's _cleanup_ helpers, written for ccsbx.
 * Every destructor here accepts the "empty" value (NULL, -EBADF) so that a variable can be
 * declared with its cleanup attribute and initialised before anything can fail. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define _cleanup_(f) __attribute__((cleanup(f)))
#define _unused_ __attribute__((unused))
#define _printf_(a, b) __attribute__((format(printf, a, b)))
#define _warn_unused_result_ __attribute__((warn_unused_result))

#define ELEMENTSOF(x) (sizeof(x) / sizeof((x)[0]))

/* Hand the value over to someone else and leave the empty value behind, so the cleanup
 * handler of the original variable does nothing. */
#define TAKE_GENERIC(var, type, empty)                                                                     \
        ({                                                                                                 \
                type *_pvar_ = &(var);                                                                     \
                type _var_ = *_pvar_;                                                                      \
                *_pvar_ = (empty);                                                                         \
                _var_;                                                                                     \
        })
#define TAKE_PTR(p) TAKE_GENERIC(p, __typeof__(p), NULL)
#define TAKE_FD(fd) TAKE_GENERIC(fd, int, -EBADF)

static inline void freep(void *p) {
        free(*(void **) p);
}
#define _cleanup_free_ _cleanup_(freep)

static inline int safe_close(int fd) {
        if (fd >= 0) {
                int saved = errno;
                (void) close(fd);
                errno = saved;
        }
        return -EBADF;
}
static inline void closep(int *fd) {
        *fd = safe_close(*fd);
}
#define _cleanup_close_ _cleanup_(closep)

static inline void fclosep(FILE **f) {
        if (*f)
                (void) fclose(*f);
        *f = NULL;
}
#define _cleanup_fclose_ _cleanup_(fclosep)

/* Declare a cleanup function "NAMEp" for a pointer type whose destructor is NAME(). */
#define DEFINE_TRIVIAL_CLEANUP_FUNC(type, func)                                                            \
        static inline void func##p(type *p) {                                                              \
                if (*p)                                                                                    \
                        func(*p);                                                                          \
        }

static inline int negative_errno(void) {
        /* errno is supposed to be set whenever this is called, but never return 0 by accident. */
        return errno > 0 ? -errno : -EIO;
}
