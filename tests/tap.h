/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* A tiny TAP producer: plan at the end ("1..N" after the tests, which TAP allows), one line per
 * check, diagnostics as "# " comments, exit status 1 if anything failed. */

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned tap_n = 0, tap_failed = 0;

__attribute__((format(printf, 2, 3))) static inline bool tap_ok(bool cond, const char *fmt, ...) {
        va_list ap;

        tap_n++;
        if (!cond)
                tap_failed++;
        printf("%s %u - ", cond ? "ok" : "not ok", tap_n);
        va_start(ap, fmt);
        vprintf(fmt, ap);
        va_end(ap);
        putchar('\n');
        fflush(stdout);
        return cond;
}

__attribute__((format(printf, 1, 2))) static inline void tap_diag(const char *fmt, ...) {
        va_list ap;

        fputs("# ", stdout);
        va_start(ap, fmt);
        vprintf(fmt, ap);
        va_end(ap);
        putchar('\n');
}

static inline int tap_done(void) {
        printf("1..%u\n", tap_n);
        if (tap_n == 0) {
                /* A test binary that checked nothing is a broken test, not a pass. */
                printf("# no checks ran\n");
                return 1;
        }
        return tap_failed > 0 ? 1 : 0;
}

#define tap_is_int(got, want, ...)                                                                         \
        ({                                                                                                 \
                long long _g = (long long) (got), _w = (long long) (want);                                 \
                bool _r = tap_ok(_g == _w, __VA_ARGS__);                                                   \
                if (!_r)                                                                                   \
                        tap_diag("  got %lld, expected %lld", _g, _w);                                     \
                _r;                                                                                        \
        })

#define tap_is_str(got, want, ...)                                                                         \
        ({                                                                                                 \
                const char *_g = (got), *_w = (want);                                                      \
                bool _r = tap_ok(_g && _w ? strcmp(_g, _w) == 0 : _g == _w, __VA_ARGS__);                  \
                if (!_r)                                                                                   \
                        tap_diag("  got \"%s\", expected \"%s\"", _g ?: "(null)", _w ?: "(null)");         \
                _r;                                                                                        \
        })
